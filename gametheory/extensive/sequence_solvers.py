"""Two-player solvers on the sequence form: one equilibrium by LCP, zero-sum games by LP.

:func:`sequence_lcp` (Koller, Megiddo and von Stengel 1996) writes the equilibrium
conditions of realization plans ``x``, ``y`` as a linear complementarity problem in
*costs*: every payoff is shifted below zero and negated (``C = shift * P - A``,
``D = shift * P - B`` with ``P`` the chance weights), so that each player minimises a
positive cost; then

    C y - E' u >= 0  complementary to  x >= 0,
    D' x - F' v >= 0  complementary to  y >= 0,
    E x - e >= 0     complementary to  u >= 0,
    F y - f >= 0     complementary to  v >= 0,

and Lemke's algorithm (:func:`~gametheory.extensive.lemke.lemke`, covering vector of
ones, lexicographic degeneracy resolution) solves it in exact arithmetic. The plans,
normalised at each information set, become behaviour strategies, which are verified
on the tree: a profile that fails its regret check is dropped with a warning.

:func:`sequence_lp` solves a constant-sum game as the linear programme

    maximise v0  subject to  F' v - A' x <= 0,  E x = e,  x >= 0,

(and its counterpart for player 2) with ``scipy.optimize.linprog``; with
``exact=True`` it uses the exact LCP instead (every equilibrium of a constant-sum
game is a pair of optimal strategies) and reports the value as a fraction.

Both verify the profile on the tree (regret) before returning it.

Examples
--------
>>> from gametheory.extensive import ExtensiveFormGame, chance, decision, terminal
>>> g = ExtensiveFormGame.from_dict({"players": ["Even", "Odd"], "tree": {
...     "player": "Even", "moves": {
...         "H": {"player": "Odd", "infoset": "o", "moves": {
...             "H": {"payoffs": [1, -1]}, "T": {"payoffs": [-1, 1]}}},
...         "T": {"player": "Odd", "infoset": "o", "moves": {
...             "H": {"payoffs": [-1, 1]}, "T": {"payoffs": [1, -1]}}}}}})
>>> sequence_lcp(g)[0]["Odd"]
[{'H': 0.5, 'T': 0.5}]
>>> sequence_lp(g).value
{'Even': 0.0, 'Odd': 0.0}
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..errors import InvalidGameError, MethodNotApplicableError, SolverError
from ..result import DEFAULT_TOL
from ..solvers._common import check_tol
from .game import ExtensiveFormGame
from .lemke import lemke
from .profile import ExtensiveResult, collect_profiles
from .sequence_form import SequenceForm, sequence_form

__all__ = ["sequence_lcp", "sequence_lp", "sequence_lcp_plans"]


def _check(game: ExtensiveFormGame, method: str) -> None:
    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(f"{method} needs an ExtensiveFormGame, got {type(game).__name__}")
    if game.num_players != 2:
        raise MethodNotApplicableError(
            f"method {method!r} solves two-player games only, this game has {game.num_players} "
            "players; use 'enumerate' (reduced normal form) or 'logit'"
        )
    game.require_perfect_recall(method)


def sequence_lcp_plans(sf: SequenceForm) -> tuple[list[Fraction], list[Fraction]]:
    """Realization plans of one equilibrium, by Lemke's algorithm on the sequence-form LCP."""
    game = sf.game
    shift = max((v for z in game.terminal_nodes for v in z.payoffs), default=Fraction(0)) + 1
    n1, n2 = len(sf.sequences[0]), len(sf.sequences[1])
    m1, m2 = len(sf.E), len(sf.F)
    N = n1 + n2 + m1 + m2
    ox, oy, ou, ov = 0, n1, n1 + n2, n1 + n2 + m1
    M = [[Fraction(0)] * N for _ in range(N)]
    q = [Fraction(0)] * N
    for r in range(n1):
        for c in range(n2):
            if sf.C[r][c] or sf.A[r][c] or sf.B[r][c]:
                M[ox + r][oy + c] = shift * sf.C[r][c] - sf.A[r][c]  # player 1's cost
                M[oy + c][ox + r] = shift * sf.C[r][c] - sf.B[r][c]  # player 2's cost
    for k in range(m1):
        for j in range(n1):
            if sf.E[k][j]:
                M[ox + j][ou + k] = -sf.E[k][j]
                M[ou + k][ox + j] = sf.E[k][j]
    for k in range(m2):
        for j in range(n2):
            if sf.F[k][j]:
                M[oy + j][ov + k] = -sf.F[k][j]
                M[ov + k][oy + j] = sf.F[k][j]
    q[ou], q[ov] = Fraction(-1), Fraction(-1)
    z = lemke(M, q)
    return z[ox : ox + n1], z[oy : oy + n2]


def sequence_lcp(
    game: ExtensiveFormGame, /, *, exact: bool = True, tol: float = DEFAULT_TOL
) -> ExtensiveResult:
    """One Nash equilibrium of a two-player game with perfect recall (see the module docstring).

    Parameters
    ----------
    game : ExtensiveFormGame
    exact : bool, default True
        Report the profile as exact fractions (the pivoting is always exact).
    tol : float
        Regret tolerance in float mode (relative to the payoff scale).

    Returns
    -------
    ExtensiveResult
        One verified equilibrium (``complete`` is False: other equilibria may exist).
    """
    _check(game, "lcp")
    tol = check_tol(tol)
    sf = sequence_form(game)
    x, y = sequence_lcp_plans(sf)
    behavior = sf.to_behavior((x, y))
    if not exact:
        behavior = tuple(tuple(tuple(float(v) for v in vec) for vec in pl) for pl in behavior)
    eqs, warnings = collect_profiles(game, [behavior], tol=tol, exact=exact, method="lcp")
    return ExtensiveResult(
        game, "lcp", eqs, {"tol": tol}, exact=exact, complete=False, warnings=tuple(warnings)
    )


def sequence_lp(
    game: ExtensiveFormGame, /, *, exact: bool = False, tol: float = DEFAULT_TOL
) -> ExtensiveResult:
    """Value and optimal behaviour strategies of a two-player constant-sum game.

    Parameters
    ----------
    game : ExtensiveFormGame
    exact : bool, default False
        Solve exactly (by the sequence-form LCP) and give the value as a fraction.
    tol : float

    Returns
    -------
    ExtensiveResult
        One pair of optimal strategies; ``value`` holds each player's value.

    Raises
    ------
    MethodNotApplicableError
        If the game is not constant-sum, not two-player, or lacks perfect recall.
    """
    _check(game, "zero-sum")
    tol = check_tol(tol)
    if not game.is_zero_sum():
        raise MethodNotApplicableError(
            "method 'zero-sum' needs a constant-sum game (payoffs at every terminal node adding "
            "to the same total); use 'lcp' or 'enumerate'"
        )
    sf = sequence_form(game)
    if exact:
        x, y = sequence_lcp_plans(sf)
        behavior = sf.to_behavior((x, y))
    else:
        behavior = _lp_behavior(sf)
    eqs, warnings = collect_profiles(game, [behavior], tol=tol, exact=exact, method="zero-sum")
    value = None
    if eqs:
        if exact:
            from .evaluate import expected_payoffs

            v = expected_payoffs(game, eqs[0].probabilities)
            value = {p: v[i] for i, p in enumerate(game.players)}
        else:
            value = dict(eqs[0].payoffs)
        for eq in eqs:
            eq.properties["value"] = {p: float(v) for p, v in value.items()}
    return ExtensiveResult(
        game,
        "zero-sum",
        eqs,
        {"tol": tol},
        exact=exact,
        complete=False,
        warnings=tuple(warnings),
        value=value,
    )


def _lp_behavior(sf: SequenceForm) -> tuple:
    from scipy.optimize import linprog

    A = np.array([[float(v) for v in row] for row in sf.A])
    if A.size and np.abs(A).max() > 0:
        # HiGHS's tolerances are absolute: solve in units of the payoffs' own magnitude
        # (a power of two, exact), so a game times 1e-12 gets the same plans (issue 12)
        A = np.ldexp(A, -np.frexp(np.abs(A).max())[1])
    E = np.array(sf.E, dtype=float)
    F = np.array(sf.F, dtype=float)
    n1, n2 = A.shape
    m1, m2 = E.shape[0], F.shape[0]
    e = np.zeros(m1)
    e[0] = 1
    f = np.zeros(m2)
    f[0] = 1
    # player 1: variables (x, v); maximise f.v s.t. F'v - A'x <= 0, Ex = e, x >= 0
    c1 = np.concatenate([np.zeros(n1), -f])
    res1 = linprog(
        c1,
        A_ub=np.hstack([-A.T, F.T]),
        b_ub=np.zeros(n2),
        A_eq=np.hstack([E, np.zeros((m1, m2))]),
        b_eq=e,
        bounds=[(0, None)] * n1 + [(None, None)] * m2,
        method="highs",
    )
    # player 2: variables (y, u); minimise e.u s.t. A y - E'u <= 0, Fy = f, y >= 0
    c2 = np.concatenate([np.zeros(n2), e])
    res2 = linprog(
        c2,
        A_ub=np.hstack([A, -E.T]),
        b_ub=np.zeros(n1),
        A_eq=np.hstack([F, np.zeros((m2, m1))]),
        b_eq=f,
        bounds=[(0, None)] * n2 + [(None, None)] * m1,
        method="highs",
    )
    if res1.status != 0 or res2.status != 0:
        raise SolverError(f"zero-sum: the linear programme failed ({res1.message}; {res2.message})")
    x = np.clip(res1.x[:n1], 0, None)
    y = np.clip(res2.x[:n2], 0, None)
    return tuple(
        tuple(tuple(float(v) for v in vec) for vec in pl)
        for pl in sf.to_behavior((list(x), list(y)))
    )
