"""Batched solvers: thousands of same-shaped games in one vectorised call.

Sensitivity analysis solves the same game again and again with different payoffs.
Solving each game with a one-game solver costs Python overhead per game; these
functions instead take a stack of games, one payoff array of shape
``(batch, n_1, ..., n_N, N)``, and solve them all with NumPy array operations.

* :func:`batch_pure_equilibria` -- all pure Nash equilibria of every game, any
  number of players (a boolean mask over the pure profiles).
* :func:`batch_bimatrix_equilibria` -- all Nash equilibria of every small
  two-player game (support enumeration over supports of equal size, with the
  linear systems solved for the whole batch at once).

Support enumeration finds every equilibrium only in *nondegenerate* games.
The batched solver checks nondegeneracy as it goes (a singular system, a
candidate with more pure best responses than its support size, a probability or
payoff gap within ``tol`` of zero, in units of the game's largest payoff
magnitude) and hands every game it cannot be sure about to the one-game
:func:`gametheory.solvers.enumerate_equilibria` (vertex or exact enumeration), so
the answer is always right; ``result.fallback`` says which games took that path.
Each game is judged on its own scale: ``c * G`` takes the same path as ``G``.

References
----------
.. [1] von Stengel, B. (2007). "Equilibrium computation for two-player games in
   strategic and extensive form". In *Algorithmic Game Theory*, ch. 3.
.. [2] Nisan, Roughgarden, Tardos, Vazirani (eds.) (2007), section 3.3
   (nondegenerate games and support enumeration).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import InvalidGameError

__all__ = [
    "best_response_mask",
    "batch_pure_equilibria",
    "batch_bimatrix_equilibria",
    "BatchEquilibria",
    "MAX_BATCH_STRATEGIES",
]

#: Largest number of strategies per player :func:`batch_bimatrix_equilibria` accepts
#: (support pairs grow combinatorially; beyond this use the one-game solvers).
MAX_BATCH_STRATEGIES = 6


def _as_batch(payoffs: Any, *, players: int | None = None) -> np.ndarray:
    arr = np.asarray(payoffs, dtype=float)
    if arr.ndim < 3:
        raise InvalidGameError(
            f"batched payoffs must have shape (batch, n_1, ..., n_N, N), got shape {arr.shape}"
        )
    n = arr.shape[-1]
    if arr.ndim - 2 != n:
        raise InvalidGameError(
            f"batched payoffs of shape {arr.shape} do not fit (batch, n_1, ..., n_N, N): "
            f"{arr.ndim - 2} strategy axes but {n} players on the last axis"
        )
    if players is not None and n != players:
        raise InvalidGameError(f"expected {players}-player games, got {n} players")
    if not np.all(np.isfinite(arr)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise InvalidGameError(f"payoffs must be finite numbers, found {arr[bad]} at index {bad}")
    return arr


def batch_pure_equilibria(payoffs: Any, /, *, tol: float = 0.0) -> np.ndarray:
    """Pure Nash equilibria of a stack of same-shaped N-player games.

    A profile is an equilibrium when every player's payoff there is within
    ``tol`` of the best payoff they could get by changing only their own strategy.

    Parameters
    ----------
    payoffs : array_like, shape (batch, n_1, ..., n_N, N)
        ``payoffs[b, s_1, ..., s_N, i]`` is player ``i``'s payoff in game ``b``.
    tol : float, default 0.0
        Slack allowed in the best-response condition.

    Returns
    -------
    ndarray of bool, shape (batch, n_1, ..., n_N)
        True at every pure equilibrium profile.

    Examples
    --------
    >>> import numpy as np
    >>> pd = np.array([[[3, 3], [0, 5]], [[5, 0], [1, 1]]])   # prisoner's dilemma
    >>> mask = batch_pure_equilibria(np.stack([pd, -pd]))
    >>> [np.argwhere(m).tolist() for m in mask]
    [[[1, 1]], [[0, 0]]]
    """
    arr = _as_batch(payoffs)
    n = arr.shape[-1]
    mask = np.ones(arr.shape[:-1], dtype=bool)
    for i in range(n):
        mask &= best_response_mask(arr[..., i], axis=1 + i, tol=tol)
    return mask


def best_response_mask(u: np.ndarray, *, axis: int, tol: Any = 0.0) -> np.ndarray:
    """Where ``u`` is within ``tol`` of its best along ``axis``: the best-response mask.

    ``u`` holds one player's payoffs with that player's own strategies on ``axis``
    (and possibly a leading batch axis); ``tol`` is a number or an array that
    broadcasts against ``u`` (one tolerance per game of a batch). With ``tol`` 0 the
    comparison is exact, so object arrays of :class:`~fractions.Fraction` stay exact.
    The one computation of pure best responses for :mod:`.pure`, :mod:`.batch` and
    the model evaluator.

    Examples
    --------
    >>> best_response_mask(np.array([[3, 0], [5, 1]]), axis=0).tolist()
    [[False, False], [True, True]]
    >>> best_response_mask(np.array([[3.0, 0.0], [3.05, 1.0]]), axis=0, tol=0.1).tolist()
    [[True, False], [True, True]]
    """
    best = u.max(axis=axis, keepdims=True)
    ok = u >= best - tol if np.any(tol) else u >= best
    return np.asarray(ok, dtype=bool)


# --------------------------------------------------------------------------- two players
@dataclass(frozen=True)
class BatchEquilibria:
    """All Nash equilibria of a batch of two-player games, stored flat.

    Equilibrium ``m`` belongs to game ``game[m]``; the equilibria of game ``b`` are
    rows ``offsets[b]:offsets[b + 1]`` (games in order).

    Attributes
    ----------
    game : ndarray of int, shape (M,)
    row : ndarray, shape (M, n_1)
        The row player's mixed strategy in each equilibrium.
    col : ndarray, shape (M, n_2)
    payoffs : ndarray, shape (M, 2)
    fallback : ndarray of bool, shape (batch,)
        Games the vectorised method could not be sure about (degenerate or nearly
        so), solved one at a time by the fallback solver.
    """

    game: np.ndarray
    row: np.ndarray
    col: np.ndarray
    payoffs: np.ndarray
    fallback: np.ndarray
    method: str = "batch_support_enumeration"
    options: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.fallback)

    @property
    def counts(self) -> np.ndarray:
        """Number of equilibria found in each game."""
        return np.bincount(self.game, minlength=len(self.fallback))

    @property
    def offsets(self) -> np.ndarray:
        """``offsets[b]:offsets[b + 1]`` are game ``b``'s equilibria."""
        return np.concatenate([[0], np.cumsum(self.counts)])

    def equilibria(self, b: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """The equilibria of game ``b`` as ``(row strategy, column strategy)`` pairs."""
        lo, hi = self.offsets[b], self.offsets[b + 1]
        return [(self.row[m], self.col[m]) for m in range(lo, hi)]

    def __repr__(self) -> str:
        return (
            f"<BatchEquilibria {len(self)} games, {len(self.game)} equilibria, "
            f"{int(self.fallback.sum())} solved by fallback>"
        )


def _solve_indifference(
    M: np.ndarray, tol: float, scale: np.ndarray
) -> tuple[list[np.ndarray], np.ndarray]:
    """Mixed strategy ``p`` over ``k`` strategies making the opponent indifferent.

    ``M`` has shape ``(k, k, nb)`` (opponent's strategies x own support x games):
    solves ``M p = v 1``, ``sum p = 1`` for every game. Returns the ``k`` probability
    vectors and a mask of singular systems (whose ``p`` is meaningless). ``scale``
    (shape ``(nb,)``) is each game's payoff scale: a system is singular when the
    quantity whose zero makes it so (a determinant of degree ``k - 1`` in ``M``) is
    within ``tol * scale ** (k - 1)`` of zero, the same test whatever the units of
    the payoffs. The caller normalises the payoffs (``scale`` below 1, no overflow).
    """
    k = M.shape[0]
    if k == 2:
        # a p1 + b p2 = c p1 + d p2 with p1 + p2 = 1
        (a, b), (c, d) = M[0], M[1]
        den = (a - c) + (d - b)
        tiny = tol * scale
        # den == 0 with d != b has no solution at all (no candidate, nothing to
        # flag); den == 0 == d - b makes every p a solution: a continuum
        singular = (np.abs(den) <= tiny) & (np.abs(d - b) <= tiny)
        none = (np.abs(den) <= tiny) & ~singular
        den = np.where(none, np.nan, den)
        p1 = (d - b) / np.where(singular, 1.0, den)  # NaN where there is no solution
        return [p1, 1.0 - p1], singular
    if k == 3:
        # p is orthogonal to the rows M0 - M1 and M0 - M2: their cross product, scaled
        d1 = M[0] - M[1]
        d2 = M[0] - M[2]
        c = [
            d1[1] * d2[2] - d1[2] * d2[1],
            d1[2] * d2[0] - d1[0] * d2[2],
            d1[0] * d2[1] - d1[1] * d2[0],
        ]
        total = c[0] + c[1] + c[2]
        tiny = tol * scale * scale
        singular = (np.abs(c[0]) <= tiny) & (np.abs(c[1]) <= tiny) & (np.abs(c[2]) <= tiny)
        # total == 0 with c != 0: no solution (no candidate); c == 0: a continuum
        den = np.where(singular, 1.0, np.where(np.abs(total) <= tiny, np.nan, total))
        return [c[0] / den, c[1] / den, c[2] / den], singular
    nb = M.shape[-1]
    S = np.zeros((nb, k + 1, k + 1))
    S[:, :k, :k] = np.moveaxis(M, -1, 0)
    S[:, :k, k] = -1.0
    S[:, k, :k] = 1.0
    det = np.linalg.det(S)  # of degree k - 1 in M (the border of ones is fixed)
    singular = np.abs(det) <= tol * scale ** (k - 1)
    S[singular] = np.eye(k + 1)
    rhs = np.zeros((nb, k + 1, 1))
    rhs[:, k] = 1.0
    sol = np.linalg.solve(S, rhs)[:, :k, 0]
    return list(sol.T), singular


def _count_near_max(values: list[np.ndarray], atol: np.ndarray) -> np.ndarray:
    top = values[0]
    for v in values[1:]:
        top = np.maximum(top, v)
    count = np.zeros(top.shape, dtype=np.int8)
    for v in values:
        count += top - v <= atol
    return count


def _normalise(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each game divided by the power of two just above its largest payoff magnitude.

    ``A``, ``B`` have shape ``(n1, n2, nb)``. Returns the two scaled arrays, each game's
    scale after scaling (its largest magnitude, in ``[1/2, 1)``, or 0 for a game of
    zeros) and the exponents ``e`` with ``original = scaled * 2**e``. Dividing by a
    power of two is exact (it changes no ordering and no tie), so the solver can judge
    every game in the same units, and its tolerances neither fall below the rounding
    of small payoffs nor overflow for large ones.
    """
    n1, n2, nb = A.shape
    top = np.maximum(np.abs(A).reshape(n1 * n2, nb).max(0), np.abs(B).reshape(n1 * n2, nb).max(0))
    scale, exponent = np.frexp(top)
    return np.ldexp(A, -exponent), np.ldexp(B, -exponent), scale, exponent


#: One candidate family of a chunk: (which games, row support weights, column support
#: weights, row payoff, column payoff), each array over the chunk's games.
_Candidate = tuple[np.ndarray, dict[int, np.ndarray], dict[int, np.ndarray], np.ndarray, np.ndarray]
_ChunkOut = tuple[
    list[np.ndarray], list[np.ndarray], list[np.ndarray], list[np.ndarray], np.ndarray
]


def _bimatrix_chunk(
    A: np.ndarray, B: np.ndarray, scale: np.ndarray, tol: float
) -> tuple[list[_Candidate], np.ndarray]:
    """Support enumeration for one chunk; ``A``, ``B`` have shape ``(n1, n2, nb)``.

    ``scale`` is each game's largest payoff magnitude, between 1/2 and 1 (the caller
    divides each game by a power of two, see :func:`_normalise`), or 0 for a game of
    zeros; every tolerance is ``tol`` times it.
    """
    n1, n2, nb = A.shape
    atol = tol * scale
    uncertain = np.zeros(nb, dtype=bool)
    cand: list[_Candidate] = []

    # k = 1: pure profiles; a pure strategy with two best replies proves degeneracy
    col_best = A.max(axis=0)  # (n2, nb): row player's best payoff against each column
    row_best = B.max(axis=1)  # (n1, nb)
    uncertain |= ((col_best[None] - A <= atol).sum(0) > 1).any(0)
    uncertain |= ((row_best[:, None] - B <= atol).sum(1) > 1).any(0)
    pure = (A == col_best[None]) & (B == row_best[:, None])
    for i in range(n1):
        for j in range(n2):
            one = np.ones(nb)
            cand.append((pure[i, j], {i: one}, {j: one}, A[i, j], B[i, j]))

    for k in range(2, min(n1, n2) + 1):
        for rs in itertools.combinations(range(n1), k):
            for cs in itertools.combinations(range(n2), k):
                block_a = A[np.ix_(rs, cs)]
                block_b = B[np.ix_(rs, cs)]
                ys, sing_y = _solve_indifference(block_a, tol, scale)
                xs, sing_x = _solve_indifference(block_b.transpose(1, 0, 2), tol, scale)
                x_ok = np.logical_and.reduce([x >= -atol for x in xs]) & ~sing_x
                y_ok = np.logical_and.reduce([y >= -atol for y in ys]) & ~sing_y
                col_pay = [sum(B[i, j] * x for i, x in zip(rs, xs, strict=True)) for j in range(n2)]
                row_pay = [sum(A[i, j] * y for j, y in zip(cs, ys, strict=True)) for i in range(n1)]
                n_best_c = _count_near_max(col_pay, atol)
                n_best_r = _count_near_max(row_pay, atol)
                # x must make every column of cs a best reply, y every row of rs
                u = col_pay[cs[0]]
                v = row_pay[rs[0]]
                best_c = np.logical_and.reduce([c <= u + atol for c in col_pay])
                best_r = np.logical_and.reduce([r <= v + atol for r in row_pay])
                ok = x_ok & y_ok & best_c & best_r
                x_nz = np.logical_or.reduce([np.abs(x) <= atol for x in xs])
                y_nz = np.logical_or.reduce([np.abs(y) <= atol for y in ys])
                uncertain |= (
                    sing_x
                    | sing_y
                    | (x_ok & (x_nz | (n_best_c > k)))
                    | (y_ok & (y_nz | (n_best_r > k)))
                )
                cand.append(
                    (ok, dict(zip(rs, xs, strict=True)), dict(zip(cs, ys, strict=True)), v, u)
                )
    return cand, uncertain


def _default_fallback(A: np.ndarray, B: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    from ..game import NormalFormGame
    from . import enumerate_equilibria  # one-game solver (gametheory.solvers)

    game = NormalFormGame.from_bimatrix(A, B)
    result = enumerate_equilibria(game)
    return [(np.asarray(e.vectors[0], float), np.asarray(e.vectors[1], float)) for e in result]


def batch_bimatrix_equilibria(
    payoffs: Any,
    /,
    *,
    tol: float = 1e-9,
    fallback: Callable[[np.ndarray, np.ndarray], Sequence[tuple[np.ndarray, np.ndarray]]]
    | None = None,
    chunk_size: int = 8192,
    workers: int | None = 1,
) -> BatchEquilibria:
    """All Nash equilibria of a stack of small two-player games.

    Algorithm (support enumeration, vectorised over games and support pairs):

    1. For each support size ``k`` and each pair of supports ``I`` (rows) and
       ``J`` (columns) with ``|I| = |J| = k``, solve for every game at once the
       indifference systems ``A[I, J] y = v 1``, ``sum y = 1`` and
       ``B[I, J]^T x = u 1``, ``sum x = 1`` (closed form for ``k <= 3``, stacked
       :func:`numpy.linalg.solve` otherwise).
    2. Keep ``(x, y)`` when both are nonnegative and no pure strategy outside the
       support does better (``A y <= v``, ``B^T x <= u``).
    3. Flag a game as *uncertain* when any system is singular, any candidate has a
       probability or a best-response gap within ``tol`` times the game's payoff
       scale of zero, or any candidate mixed strategy with support size ``k`` has
       more than ``k`` pure best responses. Those are exactly the signs of a degenerate game, in which
       equilibria may form continua or have supports of unequal size. Uncertain
       games are solved again one at a time by ``fallback``.

    Parameters
    ----------
    payoffs : array_like, shape (batch, n_1, n_2, 2)
    tol : float, default 1e-9
        Tolerance for ties, zero probabilities and singular systems, relative to each
        game's own largest payoff magnitude: a game and the same game times any
        positive factor (1e-300 to 1e300) get the same equilibria and the same
        ``fallback`` flag. A game of zeros is degenerate and goes to the fallback.
    fallback : callable ``(A, B) -> [(x, y), ...]``, optional
        One-game solver for uncertain games; default
        :func:`gametheory.solvers.enumerate_equilibria` (extreme equilibria).
    chunk_size : int, default 8192
        Games solved together (small enough for the working arrays to stay in cache).
    workers : int or None, default 1
        Threads over chunks (NumPy releases the GIL in array arithmetic); None uses
        every core. The result does not depend on it.

    Returns
    -------
    BatchEquilibria

    Examples
    --------
    >>> import numpy as np
    >>> mp = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])  # matching pennies
    >>> res = batch_bimatrix_equilibria(np.stack([mp, mp * 2]))
    >>> res.counts.tolist(), res.row[0].round(3).tolist()
    ([1, 1], [0.5, 0.5])
    """
    arr = _as_batch(payoffs, players=2)
    nb, n1, n2 = arr.shape[:3]
    if max(n1, n2) > MAX_BATCH_STRATEGIES:
        raise InvalidGameError(
            f"batched support enumeration handles up to {MAX_BATCH_STRATEGIES} strategies per "
            f"player, got a {n1}x{n2} game; use gametheory.solve on each game"
        )
    chunk_size = max(int(chunk_size), 1)
    starts = range(0, nb, chunk_size)

    def run(lo: int) -> _ChunkOut:
        hi = min(lo + chunk_size, nb)
        A = np.ascontiguousarray(np.moveaxis(arr[lo:hi, ..., 0], 0, -1))
        B = np.ascontiguousarray(np.moveaxis(arr[lo:hi, ..., 1], 0, -1))
        A, B, scale, exponent = _normalise(A, B)
        cand, unc = _bimatrix_chunk(A, B, scale, tol)
        games: list[np.ndarray] = []
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        pays: list[np.ndarray] = []
        for ok, xs, ys, v, u in cand:
            idx = np.flatnonzero(ok & ~unc)
            if idx.size == 0:
                continue
            x = np.zeros((idx.size, n1))
            y = np.zeros((idx.size, n2))
            for i, p in xs.items():
                x[:, i] = p[idx]
            for j, p in ys.items():
                y[:, j] = p[idx]
            games.append(idx + lo)
            rows.append(x)
            cols.append(y)
            pay = np.stack([v[idx], u[idx]], axis=-1)  # in the game's own units again:
            pays.append(np.ldexp(pay, exponent[idx, None]))
        return games, rows, cols, pays, unc

    if workers == 1 or len(starts) == 1:
        parts = [run(lo) for lo in starts]
    else:
        import os
        from concurrent.futures import ThreadPoolExecutor

        n_threads = (os.cpu_count() or 1) if workers is None else int(workers)
        with ThreadPoolExecutor(max_workers=max(n_threads, 1)) as pool:
            parts = list(pool.map(run, starts))
    # an empty batch has no chunks: nothing uncertain, no equilibria
    uncertain = np.concatenate([p[4] for p in parts]) if parts else np.zeros(0, dtype=bool)
    g_list = [g for p in parts for g in p[0]]
    r_list = [r for p in parts for r in p[1]]
    c_list = [c for p in parts for c in p[2]]
    p_list = [q for p in parts for q in p[3]]
    if uncertain.any():
        solver = fallback or _default_fallback
        for b in np.flatnonzero(uncertain):
            eqs = list(solver(arr[b, ..., 0], arr[b, ..., 1]))
            g_list.append(np.full(len(eqs), b, dtype=np.intp))
            r_list.append(np.array([e[0] for e in eqs], dtype=float).reshape(len(eqs), n1))
            c_list.append(np.array([e[1] for e in eqs], dtype=float).reshape(len(eqs), n2))
            xs, ys = r_list[-1], c_list[-1]
            p_list.append(
                np.stack(
                    [
                        np.einsum("mi,ij,mj->m", xs, arr[b, ..., 0], ys),
                        np.einsum("mi,ij,mj->m", xs, arr[b, ..., 1], ys),
                    ],
                    axis=-1,
                )
            )
    if g_list:
        g_idx = np.concatenate(g_list)
        order = np.argsort(g_idx, kind="stable")
        g_idx = g_idx[order]
        rows = np.concatenate(r_list)[order]
        cols = np.concatenate(c_list)[order]
        pay = np.concatenate(p_list)[order]
    else:
        g_idx = np.zeros(0, dtype=np.intp)
        rows = np.zeros((0, n1))
        cols = np.zeros((0, n2))
        pay = np.zeros((0, 2))
    return BatchEquilibria(
        game=g_idx, row=rows, col=cols, payoffs=pay, fallback=uncertain, options={"tol": tol}
    )
