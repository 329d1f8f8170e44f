"""Choosing an extensive-form solver by name: :func:`solve_extensive` and :data:`EXTENSIVE_SOLVERS`.

==================  ===========================================================================
name                what it finds
==================  ===========================================================================
``spe``             subgame-perfect equilibria by backward induction (all pure SPE on
                    perfect-information trees)
``enumerate``       all extreme equilibria via the reduced normal form (small games)
``pure``            all pure equilibria via the reduced normal form
``lcp``             one equilibrium of a two-player game (sequence-form LCP, exact)
``zero-sum``        value and optimal strategies of a two-player constant-sum game (sequence LP)
``logit``           an approximate equilibrium at the end of the agent logit QRE branch (N players)
==================  ===========================================================================

``auto`` picks ``enumerate`` for a two-player game whose reduced normal form has at most
:data:`MAX_AUTO_PROFILES` profiles, ``lcp`` for larger two-player games, and ``pure``
for other numbers of players.

Examples
--------
>>> from gametheory.extensive.classics import entry_deterrence
>>> res = solve_extensive(entry_deterrence(), method="spe")
>>> res.method, [e.label() for e in res]
('spe', ['Entrant In / Incumbent Accommodate'])
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
from fractions import Fraction
from typing import Any

from ..errors import InvalidGameError, MethodNotApplicableError
from .enumerate import MAX_ENUMERATE_PROFILES
from .game import ExtensiveFormGame
from .profile import ExtensiveResult

#: The smallest positive normal float: below it a float keeps fewer significant digits.
_SMALLEST_NORMAL = 2.2250738585072014e-308

__all__ = ["solve_extensive", "EXTENSIVE_SOLVERS", "MAX_AUTO_PROFILES"]

#: name -> "module:function" of every extensive-form solver.
EXTENSIVE_SOLVERS: dict[str, str] = {
    "spe": "gametheory.extensive.spe:subgame_perfect",
    "enumerate": "gametheory.extensive.enumerate:enumerate_extensive",
    "pure": "gametheory.extensive.enumerate:enumerate_extensive",
    "lcp": "gametheory.extensive.sequence_solvers:sequence_lcp",
    "zero-sum": "gametheory.extensive.sequence_solvers:sequence_lp",
    "logit": "gametheory.extensive.agent_qre:agent_logit",
}

#: Largest reduced normal form (profiles) that ``auto`` enumerates.
MAX_AUTO_PROFILES = MAX_ENUMERATE_PROFILES


def _auto(game: ExtensiveFormGame) -> str:
    if game.num_players != 2:
        return "pure"
    from .convert import count_reduced_strategies

    size = math.prod(count_reduced_strategies(game, i) for i in range(2))
    if size <= MAX_AUTO_PROFILES or not game.has_perfect_recall:
        return "enumerate"
    return "lcp"


def solve_extensive(
    game: ExtensiveFormGame,
    /,
    *,
    method: str = "auto",
    exact: bool | None = None,
    tol: float | None = None,
    **options: Any,
) -> ExtensiveResult:
    """Solve a tree with the named method (see the module docstring).

    Parameters
    ----------
    game : ExtensiveFormGame
    method : str, default "auto"
    exact : bool, optional
        Rational arithmetic; by default each method's own default (exact for ``spe``,
        ``enumerate``, ``pure`` and ``lcp``, floating point for ``zero-sum``).
    tol : float, optional
        Regret tolerance relative to the payoff scale (default: the method's own, 1e-8
        for most, 1e-6 for ``logit``).
    **options
        Further keyword options of the chosen solver.

    Raises
    ------
    MethodNotApplicableError
        For an unknown method, an option it does not take, or a game it does not apply to.
    """
    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(
            f"solve_extensive needs an ExtensiveFormGame, got {type(game).__name__}"
        )
    if not isinstance(method, str):
        raise MethodNotApplicableError(f"method must be a name, got {method!r}")
    if method == "auto":
        method = _auto(game)
    if method not in EXTENSIVE_SOLVERS:
        raise MethodNotApplicableError(
            f"unknown method {method!r} for an extensive-form game; methods are auto, "
            f"{', '.join(EXTENSIVE_SOLVERS)}"
        )
    module_name, func_name = EXTENSIVE_SOLVERS[method].split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    params = inspect.signature(func).parameters
    kwargs = dict(options)
    if method == "pure":
        kwargs["pure"] = True
    unknown = [k for k in options if k not in params]
    if unknown:
        known = [p for p in params if p not in ("game", "exact", "tol", "pure")]
        raise MethodNotApplicableError(
            f"method {method!r} has no option {unknown[0]!r}; its options are {', '.join(known) or 'none'}"
        )
    if exact is not None:
        if "exact" not in params:
            if exact:
                raise MethodNotApplicableError(f"method {method!r} does not compute exactly")
        else:
            kwargs["exact"] = exact
    if tol is not None:
        kwargs["tol"] = tol
    result: ExtensiveResult = func(game, **kwargs)
    loss = None if result.exact else _float_loss(game)
    if loss is not None:
        note = (
            f"{method}: {loss} is below the float range (2.2e-308): float mode reads it "
            "as 0 or with fewer digits, so the answer may be wrong or incomplete; solve "
            "with exact=True (--exact) or a method that computes exactly"
        )
        result = dataclasses.replace(result, complete=False, warnings=(*result.warnings, note))
    return result


def _float_loss(game: ExtensiveFormGame) -> str | None:
    """The smallest non-zero terminal payoff below the float range, named, or None.

    >>> from fractions import Fraction
    >>> from gametheory.extensive import ExtensiveFormGame
    >>> tree = ExtensiveFormGame.from_dict({"players": ["A"], "tree": {"player": "A",
    ...     "moves": {"l": {"payoffs": [Fraction(1, 10**400)]}, "r": {"payoffs": [0]}}}})
    >>> _float_loss(tree)
    "A's payoff 1e-400 at terminal node 1"
    """
    from ..game import _sci

    worst: tuple[Fraction, str] | None = None
    for node in game.terminal_nodes:
        for player, value in zip(game.players, node.payoffs or (), strict=False):
            if value and abs(float(value)) < _SMALLEST_NORMAL:
                if worst is None or abs(value) < abs(worst[0]):
                    where = f"terminal node {node.index}" + (
                        f" ({node.outcome})" if node.outcome else ""
                    )
                    worst = (value, f"{player}'s payoff {_sci(value)} at {where}")
    return None if worst is None else worst[1]
