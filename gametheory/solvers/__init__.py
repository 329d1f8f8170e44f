"""Equilibrium solvers: plain functions ``solver(game, /, *, options) -> EquilibriumResult``.

:func:`solve` picks a solver by its command-line name from :data:`SOLVERS`. Solver
modules are imported on first use, so ``import gametheory.solvers`` stays cheap
(no scipy or nashpy at import time).

========================  ==============================================================
name                      what it finds
========================  ==============================================================
``pure``                  all pure equilibria, any number of players
``enumerate``             all extreme equilibria of a two-player game (degenerate too)
``support``               nashpy's support enumeration (two players, non-degenerate)
``vertex``                nashpy's vertex enumeration (two players)
``lemke-howson``          one equilibrium by Lemke-Howson pivoting (two players)
``zero-sum``              value and optimal strategies of a two-player constant-sum game
``logit``                 logit quantal-response equilibrium path
``enumerate-mixed``       all mixed equilibria of small N-player games
========================  ==============================================================

Besides the solvers: :func:`nash_subsets` (the maximal convex sets of equilibria of a
two-player game, from its extreme equilibria), :func:`iterated_elimination` and
:func:`dominated_strategies` (strict dominance, pure and mixed).

Examples
--------
>>> from gametheory import NormalFormGame
>>> from gametheory.solvers import solve
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...     strategies=(("C", "D"), ("C", "D")))
>>> [e.label() for e in solve(pd)]
['Row D / Column D']
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
from collections.abc import Callable
from typing import Any

from ..errors import InvalidGameError, MethodNotApplicableError
from ..game import NormalFormGame
from ..result import DEFAULT_TOL, EquilibriumResult
from ..suggest import hint

__all__ = [
    "solve",
    "SOLVERS",
    "AUTO_MIXED_SECONDS",
    "estimate_mixed_seconds",
    "get_solver",
    "pure_equilibria",
    "enumerate_equilibria",
    "nash_subsets",
    "support_enumeration",
    "vertex_enumeration",
    "lemke_howson",
    "zero_sum",
    "iterated_elimination",
    "dominated_strategies",
]

#: CLI name -> "module:function" of every solver, imported lazily.
SOLVERS: dict[str, str] = {
    "pure": "gametheory.solvers.pure:pure_equilibria",
    "enumerate": "gametheory.solvers.enumeration:enumerate_equilibria",
    "support": "gametheory.solvers.nashpy_adapters:support_enumeration",
    "vertex": "gametheory.solvers.nashpy_adapters:vertex_enumeration",
    "lemke-howson": "gametheory.solvers.nashpy_adapters:lemke_howson",
    "zero-sum": "gametheory.solvers.zerosum:zero_sum",
    "logit": "gametheory.solvers.logit:logit_solve",
    "enumerate-mixed": "gametheory.solvers.nplayer_enum:enumerate_mixed",
}

#: Methods that only apply to two-player games.
TWO_PLAYER_METHODS = frozenset({"enumerate", "support", "vertex", "lemke-howson", "zero-sum"})

#: ``method="auto"`` on a game of three or more players enumerates mixed equilibria
#: when :func:`estimate_mixed_seconds` is at most this; otherwise it lists the pure ones.
AUTO_MIXED_SECONDS = 5.0
#: Time limit given to ``enumerate-mixed`` when ``auto`` runs it (a safety net: the
#: estimate is within a factor of about 3 on the games of benchmarks/bench_auto.py).
AUTO_MIXED_MAX_TIME = 30.0
#: Games with more pure profiles than this are not even estimated by ``auto``.
AUTO_MAX_PROFILES = 100_000

# public name -> "module:function", resolved on first attribute access (PEP 562)
_EXPORTS = {
    "pure_equilibria": SOLVERS["pure"],
    "enumerate_equilibria": SOLVERS["enumerate"],
    "nash_subsets": "gametheory.solvers.enumeration:nash_subsets",
    "support_enumeration": SOLVERS["support"],
    "vertex_enumeration": SOLVERS["vertex"],
    "lemke_howson": SOLVERS["lemke-howson"],
    "zero_sum": SOLVERS["zero-sum"],
    "iterated_elimination": "gametheory.solvers.dominance:iterated_elimination",
    "dominated_strategies": "gametheory.solvers.dominance:dominated_strategies",
}


def _resolve(target: str) -> Callable[..., Any]:
    module_name, func_name = target.split(":")
    func: Callable[..., Any] = getattr(importlib.import_module(module_name), func_name)
    return func


def get_solver(method: str) -> Callable[..., EquilibriumResult]:
    """The solver function registered under ``method`` in :data:`SOLVERS`.

    Raises
    ------
    MethodNotApplicableError
        For an unknown name.

    Examples
    --------
    >>> get_solver("pure").__name__
    'pure_equilibria'
    """
    if method not in SOLVERS:
        raise MethodNotApplicableError(
            f"unknown method {method!r}{hint(str(method), ['auto', *SOLVERS])}; "
            f"methods are {', '.join(SOLVERS)}"
        )
    return _resolve(SOLVERS[method])


def estimate_mixed_seconds(game: NormalFormGame, /) -> tuple[float, int]:
    """Estimated run time of ``enumerate-mixed`` on ``game``, before running it.

    Strictly dominated strategies are removed first (as the solver does); the estimate
    is the number of support profiles left times a cost per support that grows with
    the number of unknowns, calibrated on random games (benchmarks/bench_auto.py: a
    3x3x3 game takes 0.4-2 s against an estimate of 3.4 s, a 4x4x4 one 17-60 s
    against 46 s).

    Returns
    -------
    seconds : float
    supports : int
        The number of support profiles of the reduced game.

    Examples
    --------
    >>> import numpy as np
    >>> from gametheory import NormalFormGame
    >>> P = np.random.default_rng(0).normal(size=(2, 2, 2, 3))
    >>> seconds, supports = estimate_mixed_seconds(NormalFormGame.from_payoff_array(P))
    >>> supports <= 27 and seconds < 1
    True
    """
    from .nplayer_enum import count_support_profiles, surviving_strategies

    keep = surviving_strategies(game.payoffs)
    sizes = [len(k) for k in keep]
    supports = count_support_profiles(sizes)
    unknowns = sum(n - 1 for n in sizes)
    return supports * 0.0025 * (1 + unknowns / 2), supports


def _auto(game: NormalFormGame, *, exact: bool, tol: float) -> tuple[str, dict[str, Any], str]:
    """The method ``auto`` runs, its extra options, and a warning if it falls back to pure."""
    if game.num_players == 2:
        return "enumerate", {}, ""
    hint = "try --method enumerate-mixed or logit"
    if exact:
        return (
            "pure",
            {},
            (
                "pure equilibria only: mixed equilibria were not searched "
                f"(exact arithmetic asked for; enumerate-mixed is floating point); {hint}"
            ),
        )
    size = math.prod(game.shape)
    if size > AUTO_MAX_PROFILES:
        return (
            "pure",
            {},
            (
                "pure equilibria only: mixed equilibria were not searched "
                f"({size:,} pure profiles, above the auto budget of "
                f"{AUTO_MAX_PROFILES:,}); {hint}"
            ),
        )
    seconds, supports = estimate_mixed_seconds(game)
    if seconds > AUTO_MIXED_SECONDS:
        return (
            "pure",
            {},
            (
                "pure equilibria only: mixed equilibria were not searched "
                f"({supports:,} support profiles, estimated {seconds:.0f} s, above "
                f"the auto budget of {AUTO_MIXED_SECONDS:g} s); {hint}"
            ),
        )
    return "enumerate-mixed", {"max_time": AUTO_MIXED_MAX_TIME}, ""


def solve(
    game: NormalFormGame,
    /,
    *,
    method: str = "auto",
    exact: bool = False,
    tol: float = DEFAULT_TOL,
    select: str | None = None,
    **options: Any,
) -> EquilibriumResult:
    """Solve a game with the named method.

    Parameters
    ----------
    game : NormalFormGame
    method : str, default "auto"
        A key of :data:`SOLVERS`, or ``"auto"``: ``"enumerate"`` (every extreme
        equilibrium) for two players; for more players ``"enumerate-mixed"`` (every
        equilibrium) when its run time, estimated before running
        (:func:`estimate_mixed_seconds`), is at most :data:`AUTO_MIXED_SECONDS`, else
        ``"pure"`` with ``complete=False`` and a warning that mixed equilibria were
        not searched.
    exact : bool, default False
        Ask for exact rational arithmetic (only methods that support it).
    tol : float, default 1e-8
        Regret tolerance relative to each player's payoff spread, passed to methods
        that take one.
    select : str, optional
        A selection rule of :data:`gametheory.selection.SELECTION_RULES`; the result's
        ``selection`` then holds the equilibrium it picks (None without a rule).
    **options
        Further keyword options of the chosen solver.

    Returns
    -------
    EquilibriumResult
        ``complete`` only when every equilibrium of the game is listed; a result with
        no equilibrium is never complete (every finite game has one).

    Raises
    ------
    MethodNotApplicableError
        If the method does not exist, is not installed, does not apply to this game
        (the message names one that does), or does not take an option given.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> res = solve(g, method="enumerate", exact=True)
    >>> [str(p) for p in res[0].exact_vectors[0]]
    ['1/2', '1/2']
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"solve needs a NormalFormGame, got {type(game).__name__}")
    if not isinstance(method, str):
        raise MethodNotApplicableError(f"method must be a name, got {method!r}")
    if select is not None:
        from ..selection import check_rule

        check_rule(select)
    fallback = ""
    if method == "auto":
        method, auto_options, fallback = _auto(game, exact=exact, tol=tol)
        options = {**auto_options, **options}
    if method in TWO_PLAYER_METHODS and game.num_players != 2:
        raise MethodNotApplicableError(
            f"method {method!r} solves two-player games only, this game has "
            f"{game.num_players} players; use method 'pure' (all pure equilibria) "
            "or 'enumerate-mixed'"
        )
    func = get_solver(method)
    params = inspect.signature(func).parameters
    accepts_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    kwargs = dict(options)
    if "exact" in params or accepts_any:
        kwargs["exact"] = exact
    elif exact:
        raise MethodNotApplicableError(
            f"method {method!r} does not compute exactly; exact=True works with "
            "'enumerate', 'pure' and 'zero-sum'"
        )
    if "tol" in params or accepts_any:
        kwargs["tol"] = tol
    unknown = [k for k in options if k not in params and not accepts_any]
    if unknown:
        known = [
            p.name
            for p in params.values()
            if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name not in ("exact", "tol")
        ]
        raise MethodNotApplicableError(
            f"method {method!r} has no option {unknown[0]!r}; its options are "
            f"{', '.join(known) or 'none'}"
        )
    result = func(game, **kwargs)
    extra = [fallback] if fallback and not result.complete else []
    if not result.equilibria and result.complete:
        extra.append(
            "no equilibrium was found, yet every finite game has one (Nash 1951): "
            "the search missed it; try method 'logit'"
        )
        result = dataclasses.replace(result, complete=False)
    if extra:
        result = dataclasses.replace(result, warnings=(*result.warnings, *extra))
    if select is not None:
        from ..selection import select_equilibrium

        result = dataclasses.replace(result, selection=select_equilibrium(result, select))
    return result


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'gametheory.solvers' has no attribute {name!r}")
    value = _resolve(target)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
