"""Refinements and equilibrium selection: which equilibrium is plausible?

:func:`classify` takes any solver's :class:`~gametheory.result.EquilibriumResult` and
returns the same result with each equilibrium's ``properties`` filled in:

``strict``
    Every player loses by any deviation (a pure equilibrium with unique best replies).
``pareto_efficient``, ``pareto_dominated_by``
    Whether another *listed* equilibrium gives everyone at least as much and someone
    more (1-based positions of those that do).
``payoff_dominant``
    Harsanyi and Selten (1988): strictly better for every player than every other
    listed equilibrium.
``risk_dominant``
    Harsanyi and Selten (1988), for 2x2 games with two strict equilibria: the one
    with the larger product of the players' deviation losses (``None`` elsewhere,
    and for both when the products tie, as in chicken).
``ess``
    Evolutionarily stable strategy (Maynard Smith and Price 1973) for a symmetric
    equilibrium of a symmetric two-player game (``None`` when not applicable or not
    decided).
``replicator_stable``, ``replicator_max_real``
    Asymptotic stability under the (multi-population) replicator dynamics, from the
    eigenvalues of the Jacobian on the product of simplices: ``True`` when every real
    part is negative, ``False`` when one is positive, ``None`` when linearisation
    cannot decide. For symmetric games, ``replicator_stable_symmetric`` gives the
    same for the single-population dynamics.

The dominance comparisons are among the equilibria in the result; with an
incomplete result (a solver that finds one equilibrium) a warning says so.

Examples
--------
>>> from gametheory import NormalFormGame
>>> from gametheory.solvers import solve
>>> stag = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]],
...     strategies=(("Stag", "Hare"), ("Stag", "Hare")))
>>> res = classify(solve(stag, method="enumerate"))
>>> sorted((e.label(), e.properties["payoff_dominant"], e.properties["risk_dominant"])
...        for e in res if e.is_pure)
[('Row Hare / Column Hare', False, True), ('Row Stag / Column Stag', True, False)]
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from ._contract import PayoffKernel
from .game import NormalFormGame
from .result import Equilibrium, EquilibriumResult
from .solvers._common import regret_scale

__all__ = [
    "classify",
    "is_strict",
    "risk_dominance",
    "is_ess",
    "replicator_jacobian",
    "replicator_stability",
]

_TOL = 1e-9


def is_strict(eq: Equilibrium, *, tol: float = _TOL) -> bool:
    """Whether every unilateral deviation costs the deviator more than ``tol``.

    Only pure equilibria can be strict.

    Examples
    --------
    >>> from gametheory import NormalFormGame, make_equilibrium
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> is_strict(make_equilibrium(pd, [[0, 1], [0, 1]]))
    True
    """
    if not eq.is_pure:
        return False
    g = eq.game
    dev = g.deviation_payoffs(list(eq.vectors))
    for i in range(g.num_players):
        k = int(np.argmax(eq.vectors[i]))
        others = np.delete(dev[i], k)
        if others.size and np.max(others) > dev[i][k] - tol:
            return False
    return True


def risk_dominance(game: NormalFormGame, first: Equilibrium, second: Equilibrium) -> int:
    """Harsanyi-Selten risk dominance between two strict equilibria of a 2x2 game.

    Returns ``1`` if ``first`` risk-dominates, ``-1`` if ``second`` does, ``0`` on a tie.
    The equilibrium with the larger product of the two players' losses from deviating
    (the Nash product of deviation losses) risk-dominates.

    Examples
    --------
    >>> from gametheory import NormalFormGame, make_equilibrium
    >>> stag = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> risk_dominance(stag, make_equilibrium(stag, [[1, 0], [1, 0]]),
    ...                make_equilibrium(stag, [[0, 1], [0, 1]]))
    -1
    """
    if game.shape != (2, 2):
        raise ValueError(f"risk dominance is defined here for 2x2 games, got shape {game.shape}")
    A, B = game.payoffs[..., 0], game.payoffs[..., 1]

    def loss_product(eq: Equilibrium) -> float:
        i, j = int(np.argmax(eq.vectors[0])), int(np.argmax(eq.vectors[1]))
        return float((A[i, j] - A[1 - i, j]) * (B[i, j] - B[i, 1 - j]))

    a, b = loss_product(first), loss_product(second)
    # relative, no absolute floor: products of losses of 1e-12 are 1e-24, not ties
    return 0 if abs(a - b) <= _TOL * max(abs(a), abs(b)) else (1 if a > b else -1)


def _tangent_basis(n: int) -> np.ndarray:
    """Orthonormal basis (n x (n-1)) of {z : sum z = 0}."""
    if n == 1:
        return np.zeros((1, 0))
    M = np.eye(n)[:, :-1] - np.eye(n)[:, -1:]
    Q, _ = np.linalg.qr(M)
    return Q


def is_ess(game: NormalFormGame, x: Any, *, tol: float = _TOL) -> bool | None:
    """Whether mixed strategy ``x`` is evolutionarily stable in a symmetric game.

    ``x`` is an ESS when ``(x, x)`` is a Nash equilibrium and every alternative best
    reply ``y`` does worse against itself than ``x`` does: ``u(x, y) > u(y, y)``.
    With ``T`` the pure best replies to ``x`` and ``z = y - x`` this is ``z.A z < 0``
    on the cone of feasible ``z`` (Haigh 1975); it is decided exactly when ``A``'s
    quadratic form is negative definite (ESS) or not negative on the subspace of
    the support of ``x`` (not ESS); other cases return ``None``.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> hawk_dove = NormalFormGame.from_bimatrix([[-1, 2], [0, 1]], [[-1, 0], [2, 1]])
    >>> is_ess(hawk_dove, [0.5, 0.5]), is_ess(hawk_dove, [1, 0])
    (True, False)
    """
    if not game.is_symmetric():
        raise ValueError("evolutionary stability needs a symmetric two-player game")
    A = game.payoffs[..., 0]
    x = np.asarray(x, dtype=float)
    Ax = A @ x
    best = float(Ax.max())
    if best - x @ Ax > tol:
        return False  # (x, x) is not an equilibrium
    T = np.flatnonzero(Ax >= best - tol)
    S = np.flatnonzero(x > tol)
    Q = 0.5 * (A + A.T)

    def neg_def(idx: np.ndarray) -> bool | None:
        if len(idx) <= 1:
            return True
        Bz = _tangent_basis(len(idx))
        ev = np.linalg.eigvalsh(Bz.T @ Q[np.ix_(idx, idx)] @ Bz)
        return bool(np.max(ev) < -tol)

    if neg_def(T):
        return True
    if not neg_def(S):
        return False
    return None


def replicator_jacobian(game: NormalFormGame, vectors: Any) -> np.ndarray:
    """Jacobian of the multi-population replicator dynamics on the product of simplices.

    The vector field is ``dx_ik/dt = x_ik (u_ik(x_-i) - u_i(x))``; the Jacobian is
    expressed in an orthonormal basis of the tangent space (each player's
    probabilities sum to zero), so its eigenvalues are those of the flow on the
    simplices.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> np.round(np.linalg.eigvals(replicator_jacobian(pd, [[0, 1], [0, 1]])), 9).tolist()
    [-1.0, -1.0]
    """
    k = PayoffKernel(game.payoffs)
    vecs = [np.asarray(v, dtype=float) for v in vectors]
    u, D = k.pairs(vecs)
    J = np.zeros((k.M, k.M))
    for i in range(k.N):
        si = k.slice(i)
        xi, ui = vecs[i], u[i]
        ubar = float(xi @ ui)
        J[si, si] = np.diag(ui - ubar) - np.outer(xi, ui)
        for j in range(k.N):
            if j != i:
                Dij = D[i, j]
                J[si, k.slice(j)] = xi[:, None] * (Dij - xi @ Dij)
    blocks = [_tangent_basis(n) for n in game.shape]
    P = np.zeros((k.M, sum(b.shape[1] for b in blocks)))
    col = 0
    for i, b in enumerate(blocks):
        P[k.slice(i), col : col + b.shape[1]] = b
        col += b.shape[1]
    return P.T @ J @ P


def _stability(J: np.ndarray, tol: float) -> tuple[bool | None, float]:
    if J.size == 0:
        return True, float("-inf")
    ev = np.linalg.eigvals(J)
    top = float(np.max(ev.real))
    if top < -tol:
        return True, top
    if top > tol:
        return False, top
    return None, top


def replicator_stability(
    game: NormalFormGame, vectors: Any, *, tol: float = 1e-7
) -> tuple[bool | None, float]:
    """Asymptotic stability of a rest point under the multi-population replicator dynamics.

    Returns ``(stable, largest real part of the eigenvalues)`` with ``stable`` ``None``
    when the largest real part is within ``tol`` of zero (linearisation cannot decide).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> replicator_stability(pennies, [[0.5, 0.5], [0.5, 0.5]])[0] is None   # a centre
    True
    """
    return _stability(replicator_jacobian(game, vectors), tol)


def _symmetric_stability(
    game: NormalFormGame, x: np.ndarray, tol: float
) -> tuple[bool | None, float]:
    A = game.payoffs[..., 0]
    Ax = A @ x
    xAx = float(x @ Ax)
    J = np.diag(Ax - xAx) + np.outer(x, np.ones(len(x))) * (A - (A.T @ x)[None, :] - Ax[None, :])
    # d/dx_m of x_k ((Ax)_k - x.Ax) = delta_km ((Ax)_k - xAx) + x_k (A_km - (A^T x)_m - (Ax)_m)
    P = _tangent_basis(len(x))
    return _stability(P.T @ J @ P, tol)


def classify(result: EquilibriumResult, *, tol: float = _TOL) -> EquilibriumResult:
    """The same result with refinement properties on every equilibrium.

    Parameters
    ----------
    result : EquilibriumResult
    tol : float
        Payoff differences within ``tol`` times the payoff scale count as ties.

    Returns
    -------
    EquilibriumResult
        A new result (the input is not changed); see the module docstring for the
        properties.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> from gametheory.solvers import solve
    >>> hd = NormalFormGame.from_bimatrix([[-1, 2], [0, 1]], [[-1, 0], [2, 1]],
    ...     strategies=(("Hawk", "Dove"), ("Hawk", "Dove")))
    >>> sorted((e.label(), e.properties["ess"]) for e in classify(solve(hd)))
    [('Row Dove / Column Hawk', None), ('Row Hawk / Column Dove', None), ('Row [Hawk 0.5, Dove 0.5] / Column [Hawk 0.5, Dove 0.5]', True)]
    """
    game = result.game
    eqs = list(result.equilibria)
    pay = np.array([[e.payoffs[p] for p in game.players] for e in eqs]) if eqs else np.zeros((0, 0))
    # payoff differences within ``tol`` times the payoff scale are ties (relative, as the
    # solvers' regret check: the game times 1e-12 classifies the same)
    relative, tol = tol, tol * regret_scale(game)
    strict = [is_strict(e, tol=tol) for e in eqs]
    symmetric = game.is_symmetric()
    strict_idx = [k for k, s in enumerate(strict) if s]
    risk: dict[int, bool] = {}
    if game.shape == (2, 2) and len(strict_idx) == 2:
        a, b = strict_idx
        r = risk_dominance(game, eqs[a], eqs[b])
        if r != 0:  # on a tie neither risk-dominates: leave both undecided (None)
            risk = {a: r > 0, b: r < 0}
    out = []
    for k, e in enumerate(eqs):
        props: dict[str, Any] = dict(e.properties)
        props["strict"] = strict[k]
        dominated_by = [
            m + 1
            for m in range(len(eqs))
            if m != k and np.all(pay[m] >= pay[k] - tol) and np.any(pay[m] > pay[k] + tol)
        ]
        props["pareto_efficient"] = not dominated_by
        props["pareto_dominated_by"] = dominated_by
        props["payoff_dominant"] = len(eqs) > 1 and all(
            np.all(pay[k] > pay[m] + tol) for m in range(len(eqs)) if m != k
        )
        props["risk_dominant"] = risk.get(k)
        sym_eq = symmetric and np.allclose(e.vectors[0], e.vectors[1], atol=1e-9)
        props["ess"] = is_ess(game, e.vectors[0], tol=relative) if sym_eq else None
        stable, top = replicator_stability(game, e.vectors)
        props["replicator_stable"] = stable
        props["replicator_max_real"] = top
        if sym_eq:
            props["replicator_stable_symmetric"] = _symmetric_stability(
                game, np.asarray(e.vectors[0]), 1e-7
            )[0]
        out.append(dataclasses.replace(e, properties=props))
    warnings = result.warnings
    if not result.complete and len(eqs) > 0:
        note = (
            "refinements compare the listed equilibria only; the method does not "
            "guarantee that every equilibrium is listed"
        )
        if note not in warnings:
            warnings = (*warnings, note)
    return dataclasses.replace(result, equilibria=tuple(out), warnings=warnings)
