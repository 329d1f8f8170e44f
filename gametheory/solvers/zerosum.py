"""Value and optimal (maximin) strategies of two-player constant-sum games by linear programming."""

from __future__ import annotations

import numpy as np

from ..errors import MethodNotApplicableError, SolverError
from ..game import NormalFormGame
from ..result import DEFAULT_TOL, EquilibriumResult
from ._common import check_tol, collect, regret_scale, require_two_players

__all__ = ["zero_sum"]


def zero_sum(
    game: NormalFormGame, /, *, exact: bool = False, tol: float = DEFAULT_TOL
) -> EquilibriumResult:
    """Solve a two-player constant-sum game: its value and a pair of optimal strategies.

    Algorithm (von Neumann's minimax theorem as a linear program; Nisan et al.,
    *Algorithmic Game Theory*, 2007, section 1.4; Maschler, Solan and Zamir, *Game
    Theory*, 2013, ch. 5):

    1. Check that ``A + B`` is constant (``c``); then the row player's payoff ``A``
       alone determines the game.
    2. Row player: maximise ``v`` subject to ``A^T x >= v 1``, ``1^T x = 1``,
       ``x >= 0`` (scipy's HiGHS ``linprog``).
    3. Column player: minimise ``w`` subject to ``A y <= w 1``, ``1^T y = 1``,
       ``y >= 0``. By the minimax theorem ``v = w``: the value of the game.
    4. ``(x, y)`` is an equilibrium; its regret is checked against the game.

    With ``exact=True`` the optimal strategies come instead from the exact extreme
    equilibria (:func:`~gametheory.solvers.enumerate_equilibria`; in a constant-sum game
    every equilibrium is a pair of optimal strategies), and the value is a Fraction.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game whose payoffs add to the same constant at every profile.
    exact : bool, default False
        Rational arithmetic (for small games).
    tol : float, default 1e-8
        Largest regret accepted for the LP solution,
        times each player's payoff spread (the same answer at any payoff scale).

    Returns
    -------
    EquilibriumResult
        One equilibrium with ``properties["value"]`` (the row player's value) and
        ``properties["constant_sum"]`` (``c``). Optimal strategies need not be unique,
        so the result is not marked complete.

    Raises
    ------
    MethodNotApplicableError
        If the game is not constant-sum (use method ``'enumerate'``).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> rps = NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    >>> res = zero_sum(rps)
    >>> round(res[0].properties["value"], 9) + 0.0
    0.0
    >>> [round(float(p), 6) for p in res[0].vectors[0]]
    [0.333333, 0.333333, 0.333333]
    >>> zero_sum(NormalFormGame.from_bimatrix([[3, -1], [-2, 1]]), exact=True)[0].properties
    {'value': Fraction(1, 7), 'constant_sum': Fraction(0, 1)}
    """
    require_two_players(game, "zero-sum")
    tol = check_tol(tol)
    A = np.array(game.payoffs[..., 0])
    total = game.payoffs.sum(axis=-1)
    scale = regret_scale(game)
    if float(np.ptp(total)) > 1e-9 * scale:
        raise MethodNotApplicableError(
            "method 'zero-sum' needs a constant-sum game (payoffs adding to the same total at "
            f"every profile; here the totals range from {total.min():g} to {total.max():g}); "
            "use method 'enumerate'"
        )
    if exact:
        return _exact_zero_sum(game, tol)
    constant = float(total.flat[0])
    # the linear programs run on A mapped onto [0, 1] (their solver's tolerances are
    # absolute); the value is mapped back and the profile verified on the game itself
    lo = float(A.min())
    span = float(A.max()) / 2 - lo / 2
    unit = (A / 2 - lo / 2) / span if span > 0 else np.zeros_like(A)
    x, v = _maximin(unit)
    y, w = _maximin(-unit.T)
    w = -w
    v, w = (v * span * 2 + lo, w * span * 2 + lo) if span > 0 else (lo, lo)
    equilibria, warns = collect(
        game,
        [(x, y)],
        tol=tol,
        exact=False,
        method="zero-sum",
        properties=[{"value": float(v), "constant_sum": constant}],
    )
    if abs(v - w) > max(tol, 1e-9) * scale:  # scale: the payoff spread
        warns.append(f"zero-sum: the two linear programs disagree on the value ({v:g} vs {w:g})")
    return EquilibriumResult(
        game=game,
        method="zero-sum",
        equilibria=equilibria,
        options={"tol": tol},
        exact=False,
        complete=False,
        warnings=tuple(warns),
        scope="one",
    )


def _exact_zero_sum(game: NormalFormGame, tol: float) -> EquilibriumResult:
    from .enumeration import enumerate_equilibria

    total = game.exact_payoffs.sum(axis=-1)
    if len(set(total.ravel().tolist())) > 1:
        raise MethodNotApplicableError(
            "method 'zero-sum' with exact=True needs payoffs adding to exactly the same total "
            "at every profile; use method 'enumerate'"
        )
    first = enumerate_equilibria(game, exact=True)[0]
    assert first.exact_vectors is not None  # an exact solve keeps the rational profile
    x, y = first.exact_vectors
    value = game.expected_payoffs(first.exact_vectors, exact=True)[0]
    equilibria, warns = collect(
        game,
        [(x, y)],
        tol=0.0,
        exact=True,
        method="zero-sum",
        properties=[{"value": value, "constant_sum": total.flat[0]}],
    )
    return EquilibriumResult(
        game=game,
        method="zero-sum",
        equilibria=equilibria,
        options={"tol": tol},
        exact=True,
        complete=False,
        warnings=tuple(warns),
        scope="one",
    )


def _maximin(A: np.ndarray) -> tuple[np.ndarray, float]:
    """Row player's maximin strategy and value for payoff matrix ``A`` (row maximises)."""
    from scipy.optimize import linprog

    m, n = A.shape
    # variables (x_1..x_m, v); minimise -v
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-A.T, np.ones((n, 1))])  # v - (A^T x)_j <= 0
    b_ub = np.zeros(n)
    a_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    bounds = [(0, None)] * m + [(None, None)]
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if res.status != 0:
        raise SolverError(f"zero-sum: the linear program failed: {res.message}")
    x = np.clip(res.x[:m], 0.0, None)
    return x / x.sum(), float(res.x[-1])
