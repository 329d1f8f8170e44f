"""All Nash equilibria of small N-player games, by support enumeration.

For every *support profile* (a non-empty set of used strategies per player) the
equilibria with exactly that support solve a square polynomial system: each player
is indifferent among their used strategies. With ``sigma_j = e_0 + B_j x_j`` (the
first used strategy takes the remaining probability) the system is *multi-affine*:
affine in each unknown separately, so its range over a box of ``x`` is attained at
the box's vertices, and is computed exactly from vertex values. That makes a
rigorous branch-and-bound root finder easy (the approach of Gambit's ``enumpoly``):

1. Remove strictly dominated pure strategies, iteratively (no equilibrium uses them).
2. For each support profile, smallest first, start with the box ``[0, 1]^d``
   (slightly enlarged so roots on its faces are interior).
3. Discard a box when some indifference equation has no zero on it, some unused
   strategy is strictly better than the used ones everywhere on it, or it lies
   outside the simplex; then try again with the equations preconditioned by the
   inverse Jacobian at the centre (linear combinations stay multi-affine, so their
   ranges are exact too).
4. Otherwise apply the Krawczyk test (Krawczyk 1969; Moore 1977): with ``c`` the
   centre, ``Y`` the inverse Jacobian at ``c`` and ``J(B)`` the interval Jacobian,
   ``K = c - Y f(c) + (I - Y J(B)) (B - c)``. ``K`` inside ``B`` proves a unique root
   in ``B`` (Newton's method from ``c`` finds it); ``K`` disjoint from ``B`` proves
   there is none; otherwise bisect the widest side.
5. Every root is turned into a profile and certified by its regret in the original game.

Boxes that stay undecided down to a tiny width signal a continuum of equilibria
(a degenerate game): a certified representative point is reported and the result
is marked incomplete, with a warning. Two-player games are passed to the exact
vertex enumeration (:func:`gametheory.solvers.enumeration.enumerate_equilibria`).

Examples
--------
>>> import numpy as np
>>> from gametheory import NormalFormGame
>>> def pay(p):   # volunteer's dilemma: 2 if anyone volunteers, volunteering costs 1
...     anyone = "V" in p.values()
...     return {k: 2 * anyone - (s == "V") for k, s in p.items()}
>>> g = NormalFormGame.from_payoff_function(pay, {n: ["V", "I"] for n in "ABC"})
>>> res = enumerate_mixed(g)
>>> len(res), res.complete     # 3 pure, 3 with one player out, 1 symmetric
(7, True)
>>> [round(e["A"]["I"], 6) for e in res if e.label().count("[") == 3]   # 1/sqrt(2)
[0.707107]
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._contract import contract
from ..errors import InvalidGameError, MethodNotApplicableError
from ..game import NormalFormGame
from ..result import DEFAULT_TOL, Equilibrium, EquilibriumResult, make_equilibrium
from ._common import player_tolerances, precision_warning, within_tolerance

__all__ = ["enumerate_mixed", "count_support_profiles", "surviving_strategies"]

_PAD = 1e-3  # enlargement of the unit box, so that face roots are interior
_MIN_WIDTH = 1e-7  # boxes this small that are still undecided mark a continuum
_EPS = 1e-12  # rounding margin in exclusion tests (payoffs scaled to [0, 1])


_ONE = np.ones((1, 1))
_PATTERNS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _patterns(m: int) -> tuple[np.ndarray, np.ndarray]:
    """0/1 patterns of the vertices of an m-box and of an (m-1)-box."""
    if m not in _PATTERNS:
        _PATTERNS[m] = (
            np.array(list(itertools.product((0.0, 1.0), repeat=m))),
            np.array(list(itertools.product((0.0, 1.0), repeat=m - 1))),
        )
    return _PATTERNS[m]


def count_support_profiles(shape: Sequence[int]) -> int:
    """Number of support profiles of a game of this shape: the product of ``2**n - 1``.

    Examples
    --------
    >>> count_support_profiles((2, 2, 2))
    27
    """
    return math.prod(2**n - 1 for n in shape)


def surviving_strategies(P: np.ndarray) -> list[np.ndarray]:
    """Indices of each player's strategies left by iterated strict dominance (pure dominators).

    ``P`` is a payoff array of shape ``(n_1, ..., n_N, N)``; no Nash equilibrium uses
    a strategy this removes.

    Examples
    --------
    >>> P = np.array([[[3, 3], [0, 5]], [[5, 0], [1, 1]]], dtype=float)  # prisoner's dilemma
    >>> [k.tolist() for k in surviving_strategies(P)]
    [[1], [1]]
    """
    N = P.ndim - 1
    keep = [np.arange(n) for n in P.shape[:-1]]
    changed = True
    while changed:
        changed = False
        sub = P[np.ix_(*keep)] if N > 1 else P[keep[0]]
        for i in range(N):
            A = np.moveaxis(sub[..., i], i, 0).reshape(len(keep[i]), -1)
            alive = [
                k
                for k in range(len(keep[i]))
                if not any(np.all(A[m] > A[k]) for m in range(len(keep[i])) if m != k)
            ]
            if len(alive) < len(keep[i]):
                keep[i] = keep[i][alive]
                changed = True
                break
    return keep


class _SupportSystem:
    """The indifference system of one support profile, with exact ranges over boxes."""

    def __init__(self, P: np.ndarray, support: Sequence[np.ndarray]) -> None:
        N = P.ndim - 1
        self.N = N
        self.sup = [np.asarray(s) for s in support]
        self.dims = [len(s) - 1 for s in self.sup]
        self.offsets = np.concatenate([[0], np.cumsum(self.dims)]).astype(int)
        self.d = int(self.offsets[-1])
        self.B = []
        for s in self.sup:
            m = len(s)
            B = np.zeros((m, m - 1))
            B[0, :] = -1.0
            B[1:, :] = np.eye(m - 1)
            self.B.append(B)
        # per player: difference rows (equations first, then inequalities) contracted
        # with the payoff tensor restricted to the others' supports
        self.C: list[np.ndarray] = []
        self.n_eq: list[int] = []
        for i in range(N):
            A = P[..., i]
            idx = [self.sup[j] if j != i else np.arange(P.shape[i]) for j in range(N)]
            A = A[np.ix_(*idx)]
            s0 = self.sup[i][0]
            rows = [k for k in self.sup[i][1:]] + [
                k for k in range(P.shape[i]) if k not in self.sup[i]
            ]
            L = np.zeros((len(rows), P.shape[i]))
            for r, k in enumerate(rows):
                L[r, k] = 1.0
                L[r, s0] -= 1.0
            Ci = np.tensordot(L, A, axes=([1], [i]))  # axes: row, others in order
            self.C.append(Ci)
            self.n_eq.append(self.dims[i])

    def _contract(self, i: int, mats: Sequence[np.ndarray], skip: int | None = None) -> np.ndarray:
        """Contract player i's rows with mats[j] (|S_j| x m_j) for every j != i (and != skip).

        Result axes: row, then (for j != i in order) m_j, except that for ``skip`` the
        strategy axis is kept as is.
        """
        others = [j for j in range(self.N) if j != i]
        return contract(self.C[i], [None if j == skip else mats[j] for j in others], lead=1)

    def sigma(self, x: np.ndarray) -> list[np.ndarray]:
        out = []
        for j in range(self.N):
            xj = x[self.offsets[j] : self.offsets[j + 1]]
            v = self.B[j] @ xj
            v[0] += 1.0
            out.append(v)
        return out

    def vertex_mats(self, lo: np.ndarray, hi: np.ndarray) -> list[np.ndarray]:
        """Each block's probability vectors at the vertices of the box (columns)."""
        mats = []
        for j in range(self.N):
            a, b = (
                lo[self.offsets[j] : self.offsets[j + 1]],
                hi[self.offsets[j] : self.offsets[j + 1]],
            )
            verts = (
                np.array(list(itertools.product(*zip(a, b, strict=True)))).T
                if len(a)
                else np.zeros((0, 1))
            )
            V = self.B[j] @ verts
            V[0] += 1.0
            mats.append(V)
        return mats

    def simplex_vertex_mats(self, lo: np.ndarray, hi: np.ndarray) -> list[np.ndarray] | None:
        """Like :meth:`vertex_mats` for the box cut down to the simplex (None if empty).

        The vertices of ``{x in box, x >= 0, sum x <= 1}``: box vertices inside the
        half-space, and the points where box edges cross ``sum x = 1``.
        """
        mats = []
        for j in range(self.N):
            m = self.dims[j]
            if m == 0:
                mats.append(_ONE)
                continue
            o = self.offsets[j]
            a = np.maximum(lo[o : o + m], 0.0)
            b = np.minimum(hi[o : o + m], 1.0)
            if np.any(a > b) or a.sum() > 1.0:
                return None
            if m == 1:
                pts = np.array([[a[0]], [b[0]]])
            else:
                bits, edge_bits = _patterns(m)
                box = a + bits * (b - a)
                pts = box[box.sum(axis=1) <= 1.0]
                if b.sum() > 1.0:
                    extra = []
                    for k in range(m):
                        rest = np.delete(np.arange(m), k)
                        others = a[rest] + edge_bits * (b[rest] - a[rest])
                        xk = 1.0 - others.sum(axis=1)
                        keep = (xk >= a[k]) & (xk <= b[k])
                        if np.any(keep):
                            e = np.empty((int(keep.sum()), m))
                            e[:, rest] = others[keep]
                            e[:, k] = xk[keep]
                            extra.append(e)
                    if extra:
                        pts = np.vstack([pts, *extra])
            V = self.B[j] @ pts.T
            V[0] += 1.0
            mats.append(V)
        return mats

    def values(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Equation values f(x) (length d) and inequality values g(x)."""
        sig = [v[:, None] for v in self.sigma(x)]
        f, g = [], []
        for i in range(self.N):
            r = self._contract(i, sig).reshape(-1)
            f.append(r[: self.n_eq[i]])
            g.append(r[self.n_eq[i] :])
        return np.concatenate(f), np.concatenate(g) if g else np.zeros(0)

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        sig = [v[:, None] for v in self.sigma(x)]
        J = np.zeros((self.d, self.d))
        for i in range(self.N):
            if self.n_eq[i] == 0:
                continue
            rows = slice(self.offsets[i], self.offsets[i + 1])
            for j in range(self.N):
                if j == i or self.dims[j] == 0:
                    continue
                T = self._contract(i, sig, skip=j)  # row, ..., S_j axis, ...
                T = T.reshape(T.shape[0], -1) if self.N == 2 else _squeeze_keep(T, j, i, self.N)
                J[rows, self.offsets[j] : self.offsets[j + 1]] = T[: self.n_eq[i]] @ self.B[j]
        return J

    def ranges(self, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, ...] | None:
        """Equation values on the vertex grid of the box within the simplex, and g's ranges.

        Returns ``(F, gl, gh)`` with ``F[k]`` the values of equation ``k`` at every
        vertex of the product of the players' (box within simplex) polytopes, so that
        the range of any linear combination of equations is the range of the same
        combination of rows of ``F``; ``None`` when the box misses the simplex.
        """
        mats = self.simplex_vertex_mats(lo, hi)
        if mats is None:
            return None
        grid = tuple(V.shape[1] for V in mats)
        F, gl, gh = [], [], []
        for i in range(self.N):
            T = self._contract(i, mats)
            n = self.n_eq[i]
            if n:
                Ti = np.expand_dims(T[:n], axis=1 + i)
                F.append(np.broadcast_to(Ti, (n, *grid)).reshape(n, -1))
            if T.shape[0] > n:
                G = T[n:].reshape(T.shape[0] - n, -1)
                gl.append(G.min(axis=1))
                gh.append(G.max(axis=1))
        F_all = np.vstack(F) if F else np.zeros((0, int(np.prod(grid))))
        if not gl:
            return F_all, np.zeros(0), np.zeros(0)
        return F_all, np.concatenate(gl), np.concatenate(gh)

    def jacobian_ranges(self, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mats = self.vertex_mats(lo, hi)
        Jl = np.zeros((self.d, self.d))
        Jh = np.zeros((self.d, self.d))
        for i in range(self.N):
            if self.n_eq[i] == 0:
                continue
            rows = slice(self.offsets[i], self.offsets[i + 1])
            for j in range(self.N):
                if j == i or self.dims[j] == 0:
                    continue
                T = self._contract(i, mats, skip=j)[: self.n_eq[i]]
                # move the S_j axis next to the row axis, flatten the vertex axes
                pos = 1 + [k for k in range(self.N) if k != i].index(j)
                T = np.moveaxis(T, pos, 1).reshape(T.shape[0], T.shape[pos], -1)
                D = np.einsum("rsv,sm->rmv", T, self.B[j])
                Jl[rows, self.offsets[j] : self.offsets[j + 1]] = D.min(axis=2)
                Jh[rows, self.offsets[j] : self.offsets[j + 1]] = D.max(axis=2)
        return Jl, Jh


def _squeeze_keep(T: np.ndarray, j: int, i: int, N: int) -> np.ndarray:
    """Point evaluation: drop the size-1 vertex axes, keep (row, S_j)."""
    pos = 1 + [k for k in range(N) if k != i].index(j)
    T = np.moveaxis(T, pos, 1)
    return T.reshape(T.shape[0], T.shape[1])


def _newton(system: _SupportSystem, x: np.ndarray, *, iters: int = 30) -> np.ndarray | None:
    for _ in range(iters):
        f, _ = system.values(x)
        if float(np.max(np.abs(f))) < 1e-15:
            return x
        step, *_ = np.linalg.lstsq(system.jacobian(x), -f, rcond=None)
        if not np.all(np.isfinite(step)):
            return None
        x = x + step
        if float(np.max(np.abs(step))) < 1e-16:
            return x
    f, _ = system.values(x)
    return x if float(np.max(np.abs(f))) < 1e-11 else None


def _solve_support(system: _SupportSystem, *, max_boxes: int) -> tuple[list[np.ndarray], bool]:
    """Roots of the support system in the (padded) unit box; second value: all resolved."""
    d = system.d
    stack = [(np.full(d, -_PAD), np.full(d, 1.0 + _PAD))]
    roots: list[np.ndarray] = []
    resolved = True
    boxes = 0
    tiny = 0
    while stack:
        lo, hi = stack.pop()
        boxes += 1
        if boxes > max_boxes:
            return roots, False
        rng = system.ranges(lo, hi)
        if rng is None:
            continue  # outside the simplex
        F, gl, _ = rng
        if np.any(F.min(axis=1) > _EPS) or np.any(F.max(axis=1) < -_EPS) or np.any(gl > _EPS):
            continue
        c = 0.5 * (lo + hi)
        r = 0.5 * (hi - lo) * 1.05 + 1e-12
        try:
            Y = np.linalg.inv(system.jacobian(c))
        except np.linalg.LinAlgError:
            Y = None
        if Y is not None and not np.all(np.isfinite(Y)):
            Y = None
        if Y is not None:
            # preconditioned exclusion: Y f is multi-affine too, so its exact range is
            # the range of Y F over the same vertices
            YF = Y @ F
            margin = 1e-9 * max(1.0, float(np.max(np.abs(YF))))
            if np.any(YF.min(axis=1) > margin) or np.any(YF.max(axis=1) < -margin):
                continue
        # Krawczyk on a slightly inflated box, so that roots on a face are interior
        if Y is not None and np.max(r) < 0.1:  # on big boxes the test almost never decides
            Jl, Jh = system.jacobian_ranges(c - r, c + r)
            fc, _ = system.values(c)
            Jm, Jr = 0.5 * (Jl + Jh), 0.5 * (Jh - Jl)
            M = np.abs(np.eye(d) - Y @ Jm) + np.abs(Y) @ Jr
            centre = c - Y @ fc
            rad = M @ r + 1e-13
            k_lo, k_hi = centre - rad, centre + rad
            if np.any(k_hi < c - r) or np.any(k_lo > c + r):
                continue  # no root in the box
            if np.all(k_lo > c - r) and np.all(k_hi < c + r):
                x = _newton(system, c)
                if x is not None and np.all(np.abs(x - c) <= r + 1e-9):
                    roots.append(x)
                    continue
        widths = hi - lo
        k = int(np.argmax(widths))
        if widths[k] < _MIN_WIDTH:
            # undecided at the smallest width: a continuum (or a singular root). Keep
            # one representative point; give up on the support after a few of them.
            if resolved:
                x = _newton(system, c)
                roots.append(x if x is not None else c)
            resolved = False
            tiny += 1
            if tiny >= 20:
                return roots, False
            continue
        mid = lo[k] + 0.4871 * widths[k]  # off-centre: rational roots avoid the cuts
        hi1 = hi.copy()
        hi1[k] = mid
        lo2 = lo.copy()
        lo2[k] = mid
        stack.append((lo, hi1))
        stack.append((lo2, hi))
    return roots, resolved


def _as_profile(
    game_shape: Sequence[int], keep: Sequence[np.ndarray], system: _SupportSystem, x: np.ndarray
) -> list[np.ndarray] | None:
    sig = system.sigma(x)
    out = []
    for j, n in enumerate(game_shape):
        if np.min(sig[j]) < -1e-9:
            return None
        v = np.zeros(n)
        v[keep[j][system.sup[j]]] = np.clip(sig[j], 0.0, None)
        out.append(v / v.sum())
    return out


def enumerate_mixed(
    game: NormalFormGame,
    /,
    *,
    tol: float = DEFAULT_TOL,
    max_supports: int = 4000,
    max_boxes: int = 5_000,
    max_time: float = 300.0,
) -> EquilibriumResult:
    """All Nash equilibria of a small N-player game, each certified by its regret.

    See the module docstring for the algorithm (support enumeration; multi-affine
    range bounds and the Krawczyk test to find every root of each support's
    indifference system; certification by regret).

    Parameters
    ----------
    game : NormalFormGame
    tol : float
        Largest regret accepted, times each player's payoff spread (the roots are
        polished by Newton's method and usually have relative regret near 1e-15).
    max_supports : int
        Refuse games with more support profiles than this (after removing dominated
        strategies), rather than run for hours.
    max_boxes : int
        Largest number of boxes examined for one support profile.
    max_time : float
        Time limit in seconds; when reached the result is marked incomplete.

    Returns
    -------
    EquilibriumResult
        ``complete`` is True when every support was resolved: every isolated
        equilibrium is then listed.

    Raises
    ------
    MethodNotApplicableError
        When the game is too large to enumerate (the message suggests ``logit``).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> import numpy as np
    >>> P = np.zeros((2, 2, 2, 3))
    >>> for a, b, c in np.ndindex(2, 2, 2):   # Jordan's cycle: unique equilibrium
    ...     P[a, b, c] = [a == b, b == c, c != a]
    >>> res = enumerate_mixed(NormalFormGame.from_payoff_array(P))
    >>> len(res), res[0].label()
    (1, 'Player 1 [1 0.5, 2 0.5] / Player 2 [1 0.5, 2 0.5] / Player 3 [1 0.5, 2 0.5]')
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"enumerate-mixed needs a NormalFormGame, got {type(game).__name__}")
    for name, value in (("tol", tol), ("max_time", max_time)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise InvalidGameError(
                f"enumerate-mixed option {name} must be a positive number, got {value!r}"
            )
    for name, value in (("max_supports", max_supports), ("max_boxes", max_boxes)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidGameError(
                f"enumerate-mixed option {name} must be a positive integer, got {value!r}"
            )
    options: dict[str, Any] = {
        "tol": tol,
        "max_supports": max_supports,
        "max_boxes": max_boxes,
        "max_time": max_time,
    }
    if game.num_players == 2:
        from .enumeration import enumerate_equilibria

        res = enumerate_equilibria(game, tol=tol)
        import dataclasses

        return dataclasses.replace(
            res, method="enumerate-mixed", options={**options, "two_player_method": "enumerate"}
        )
    lo_p, hi_p = float(game.payoffs.min()), float(game.payoffs.max())
    scale = hi_p - lo_p
    P = (game.payoffs - lo_p) / scale if scale > 0 else np.zeros_like(game.payoffs)
    keep = surviving_strategies(P) if scale > 0 else [np.arange(n) for n in game.shape]
    P = P[np.ix_(*keep)]
    reduced = P.shape[:-1]
    count = count_support_profiles(reduced)
    if count > max_supports:
        raise MethodNotApplicableError(
            f"enumerate-mixed would examine {count:,} support profiles for this "
            f"{'x'.join(map(str, game.shape))} game (limit max_supports={max_supports:,}); "
            "use method 'logit' to find one equilibrium"
        )
    deadline = time.monotonic() + max_time
    limits = player_tolerances(game, tol)
    warnings: list[str] = []
    note = precision_warning(game, tol=tol, method="enumerate-mixed", limits=limits)
    if note:
        warnings.append(note)
    found: list[Equilibrium] = []
    keys: set[tuple[tuple[float, ...], ...]] = set()
    unresolved = 0
    timed_out = False
    subsets = [
        sorted(
            (np.array(c) for r in range(1, n + 1) for c in itertools.combinations(range(n), r)),
            key=len,
        )
        for n in reduced
    ]
    profiles = sorted(itertools.product(*subsets), key=lambda s: sum(len(x) for x in s))
    for support in profiles:
        if time.monotonic() > deadline:
            timed_out = True
            break
        system = _SupportSystem(P, support)
        if system.d == 0:
            roots, ok = [np.zeros(0)], True
            _, g = system.values(np.zeros(0))
            if np.any(g > _EPS):
                continue
        else:
            roots, ok = _solve_support(system, max_boxes=max_boxes)
        if not ok:
            unresolved += 1
        for x in roots:
            vecs = _as_profile(game.shape, keep, system, x)
            if vecs is None:
                continue
            eq = make_equilibrium(game, vecs)
            if not within_tolerance(game, eq, limits):
                continue
            key = tuple(tuple(np.round(v, 7) + 0.0) for v in eq.vectors)
            if key in keys:
                continue
            keys.add(key)
            found.append(eq)
    if unresolved:
        warnings.append(
            f"the game is degenerate: {unresolved} support profile(s) have a continuum of "
            "solutions or could not be resolved; one certified point of each was reported "
            "where found, and the list may be incomplete"
        )
    if timed_out:
        warnings.append(
            f"enumerate-mixed stopped at max_time={max_time} s; the list may be incomplete"
        )
    found.sort(key=lambda e: (not e.is_pure, [-float(x) for v in e.vectors for x in v]))
    return EquilibriumResult(
        game=game,
        method="enumerate-mixed",
        equilibria=tuple(found),
        options=options,
        complete=not (unresolved or timed_out or note),
        scope="all",
        warnings=tuple(warnings),
    )
