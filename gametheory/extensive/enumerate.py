"""All equilibria of small trees through the reduced normal form, as behaviour strategies.

The tree is turned into its reduced normal form
(:func:`~gametheory.extensive.convert.reduced_normal_form`), solved with the
normal-form solvers (``enumerate``: all extreme equilibria of a two-player game,
exact; ``enumerate-mixed`` for more players; ``pure`` for all pure equilibria), and
every mixed equilibrium is mapped back to behaviour strategies by Kuhn's theorem.
Mixed equilibria that are realization-equivalent give the same behaviour profile and
are listed once; each profile is verified on the tree.

Examples
--------
>>> from gametheory.extensive.classics import entry_deterrence
>>> [e.label() for e in enumerate_extensive(entry_deterrence(), pure=True)]
['Entrant Out / Incumbent Fight', 'Entrant In / Incumbent Accommodate']
"""

from __future__ import annotations

import math

from ..errors import InvalidGameError, MethodNotApplicableError
from ..result import DEFAULT_TOL
from ..solvers._common import check_tol
from .convert import reduced_normal_form
from .game import ExtensiveFormGame
from .profile import ExtensiveResult, collect_profiles

__all__ = ["enumerate_extensive", "MAX_ENUMERATE_PROFILES"]

#: Largest reduced normal form (pure profiles) enumerated for mixed equilibria; beyond it
#: enumeration is refused (vertex enumeration grows exponentially with the strategies).
MAX_ENUMERATE_PROFILES = 200


def enumerate_extensive(
    game: ExtensiveFormGame,
    /,
    *,
    exact: bool = True,
    tol: float = DEFAULT_TOL,
    pure: bool = False,
) -> ExtensiveResult:
    """Equilibria of a small tree via its reduced normal form, in behaviour strategies.

    Parameters
    ----------
    game : ExtensiveFormGame
    exact : bool, default True
        Rational arithmetic (two players, or ``pure=True``).
    tol : float
    pure : bool, default False
        Only the pure equilibria (any number of players).

    Returns
    -------
    ExtensiveResult
        Method ``"enumerate"`` (or ``"pure"``); ``complete`` as the normal-form solver says,
        and false for a game with imperfect recall (Kuhn's theorem does not apply, so
        behaviour-strategy equilibria may be missed; a warning says so).
    """
    from ..solvers import solve

    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(f"enumerate needs an ExtensiveFormGame, got {type(game).__name__}")
    tol = check_tol(tol)
    rnf = reduced_normal_form(game)
    size = math.prod(rnf.game.shape)
    if not pure and game.num_players > 1 and size > MAX_ENUMERATE_PROFILES:
        raise MethodNotApplicableError(
            f"method 'enumerate': the reduced normal form has "
            f"{' x '.join(map(str, rnf.game.shape))} strategies, more than the "
            f"{MAX_ENUMERATE_PROFILES} profiles enumeration handles; use 'lcp' (one equilibrium), "
            "'spe' or 'pure'"
        )
    if pure or game.num_players == 1:
        method, nf_method = "pure", "pure"
    elif game.num_players == 2:
        method, nf_method = "enumerate", "enumerate"
    else:
        method, nf_method = "enumerate", "enumerate-mixed"
    exact = exact and nf_method != "enumerate-mixed"
    kwargs = {"exact": exact} if nf_method != "enumerate-mixed" else {}
    res = solve(rnf.game, method=nf_method, tol=tol, **kwargs)
    candidates = []
    for eq in res.equilibria:
        vecs = eq.exact_vectors if exact else eq.vectors
        behavior = rnf.to_behavior([list(v) for v in vecs])
        if not exact:
            behavior = tuple(tuple(tuple(float(x) for x in v) for v in pl) for pl in behavior)
        candidates.append(behavior)
    eqs, warnings = collect_profiles(game, candidates, tol=tol, exact=exact, method=method)
    complete = bool(res.complete)
    if not game.has_perfect_recall:
        # Kuhn's theorem needs perfect recall: without it a behaviour-strategy equilibrium
        # need not be any mixed equilibrium of the normal form, so the list may miss some
        complete = False
        warnings = [
            *warnings,
            "the game has imperfect recall, so behaviour-strategy equilibria need not come "
            "from the normal form: the list may be incomplete",
        ]
    return ExtensiveResult(
        game,
        method,
        eqs,
        {"tol": tol, "normal_form_method": nf_method},
        exact=exact,
        complete=complete,
        warnings=tuple(res.warnings) + tuple(warnings),
    )
