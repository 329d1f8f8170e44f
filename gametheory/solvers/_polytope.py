"""Vertex enumeration of best-response polytopes, with the full label set of each vertex.

A polytope here is ``{z in R^d : z >= 0, M z <= 1}`` for a positive ``k x d`` matrix
``M``. Its *labels* are its ``d + k`` inequalities: label ``v < d`` is ``z_v >= 0`` and
label ``d + j`` is ``(M z)_j <= 1``. A vertex's label set is the set of *all*
inequalities tight there -- more than ``d`` of them at a degenerate vertex, which is
what makes equilibrium enumeration correct on degenerate games.

Four kernels, all returning ``(masks, coordinates)`` with one bit per label:

- :func:`vertices_exact`: exact integer (Bareiss) pivoting over the graph of feasible
  bases, exploring every basis of a degenerate vertex (Avis and Fukuda 1992; the
  integer pivoting of von Stengel 2007, section 3.6).
- :func:`vertices_float`: the same search in floating point with tolerances.
- :func:`vertices_subsets`: for small polytopes, a vectorised solve of every
  ``d``-subset of the inequalities.
- :func:`vertices_qhull`: the convex hull of the polar polytope by Qhull (Barber,
  Dobkin and Huhdanpaa 1996, through :class:`scipy.spatial.ConvexHull`), the fastest
  for larger polytopes; the full label set is then read off each vertex with a
  tolerance, so degenerate vertices keep every label.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from functools import lru_cache
from math import lcm
from typing import Any

import numpy as np

__all__ = [
    "integer_polytope_matrix",
    "float_polytope_matrix",
    "vertices_exact",
    "vertices_float",
    "vertices_subsets",
    "vertices_subsets_many",
    "vertices_qhull",
    "popcount",
    "mask_array",
    "SUBSET_LIMIT",
]

#: Largest number of d-subsets for which :func:`vertices_subsets` is used.
SUBSET_LIMIT = 400
_EPS = 1e-9


def integer_polytope_matrix(payoffs: np.ndarray) -> np.ndarray:
    """A positive affine transform of a Fraction matrix, as an object array of Python ints >= 1."""
    flat = [Fraction(v) for v in payoffs.ravel()]
    low = min(flat)
    scale = lcm(*(v.denominator for v in flat)) if flat else 1
    out = np.empty(payoffs.shape, dtype=object)
    out.ravel()[:] = [int((v - low) * scale) + 1 for v in flat]
    return out


def float_polytope_matrix(payoffs: np.ndarray) -> np.ndarray:
    """A positive affine transform of a float matrix with entries in ``[1, 2]``."""
    # halved first: payoffs of +-1e308 differ by more than the largest float
    low = float(payoffs.min()) / 2
    span = float(payoffs.max()) / 2 - low
    if span <= 0:
        return np.ones(payoffs.shape)
    return (payoffs / 2 - low) / span + 1.0


def vertices_exact(
    M: np.ndarray, *, lexicographic: bool = True
) -> tuple[list[int], list[tuple[int, ...]]]:
    """Every vertex of ``{z >= 0, M z <= 1}`` for a positive integer matrix ``M`` (object array).

    Algorithm: depth-first search over feasible bases of the tableau ``[M | I | 1]``,
    starting from the non-degenerate basis of ``z = 0``; from each basis every
    non-basic variable is tried as entering variable. Pivoting is Bareiss integer
    pivoting, so arithmetic is exact.

    - ``lexicographic=True`` (default): ties in the minimum ratio test are broken by
      the lexicographic rule (compare the rows of ``B^{-1}``, the slack columns, divided
      by the pivot column), which amounts to perturbing the right-hand side to
      ``1 + (eps, eps^2, ...)``. The lexicographically feasible bases are the vertices
      of the perturbed polytope, a simple polytope whose graph is connected, and every
      vertex of the original polytope is the limit of some of them -- so every vertex
      is reached while a degenerate vertex is visited through a few of its bases, not
      all of them (the rule of ``lrs``: Avis 2000; Avis and Fukuda 1992).
    - ``lexicographic=False``: *every* row attaining the minimum ratio gives a
      neighbour, so every feasible basis is visited (the graph of all feasible bases is
      connected: a Bland's-rule simplex path leads from any of them to the unique basis
      of ``z = 0``). Exponentially slower on very degenerate polytopes; kept as a
      cross-check.

    Returns
    -------
    masks : list of int
        Full label set of each vertex (bit ``v`` set when label ``v`` is tight).
    coordinates : list of tuple of int
        Each vertex up to a positive factor (integer numerators over a common
        determinant), in the same order.
    """
    k, d = M.shape
    tableau = np.empty((k, d + k + 1), dtype=object)
    tableau[:, :d] = M
    tableau[:, d : d + k] = [[int(i == j) for j in range(k)] for i in range(k)]
    tableau[:, -1] = 1
    basis = list(range(d, d + k))
    start_key = sum(1 << v for v in basis)
    visited = {start_key}
    stack = [(basis, tableau, 1)]
    masks: dict[int, tuple[int, ...]] = {}
    all_vars = (1 << (d + k)) - 1
    while stack:
        basis, tab, det = stack.pop()
        rows = tab.tolist()
        rhs = [row[-1] for row in rows]
        key = sum(1 << v for v in basis)
        mask = all_vars & ~key
        for r, v in enumerate(basis):
            if rhs[r] == 0:
                mask |= 1 << v
        if mask not in masks:
            z = [0] * d
            for r, v in enumerate(basis):
                if v < d:
                    z[v] = rhs[r]
            masks[mask] = tuple(z)
        nonbasic = [e for e in range(d + k) if not key >> e & 1]
        near = _near_min_rows(rows, nonbasic, k)
        for e, candidates in zip(nonbasic, near, strict=True):
            # minimum ratio test rhs[r] / col[r] over col[r] > 0, exactly, by cross-multiplying
            # (over the rows a floating-point prefilter left, or all rows)
            best: list[int] = []
            num, den = 0, 0
            for r in candidates:
                c = rows[r][e]
                if c <= 0:
                    continue
                if not best:
                    best, num, den = [r], rhs[r], c
                    continue
                lhs, rhs_best = rhs[r] * den, num * c
                if lhs < rhs_best:
                    best, num, den = [r], rhs[r], c
                elif lhs == rhs_best:
                    best.append(r)
            if lexicographic and len(best) > 1:
                best = [_lex_min_row(rows, best, e, d, k)]
            for r in best:
                new_key = key ^ (1 << basis[r]) ^ (1 << e)
                if new_key in visited:
                    continue
                visited.add(new_key)
                col = tab[:, e]
                p = rows[r][e]
                new_tab = (tab * p - np.outer(col, tab[r])) // det
                new_tab[r] = tab[r]
                new_basis = list(basis)
                new_basis[r] = e
                stack.append((new_basis, new_tab, p))
    return list(masks), list(masks.values())


def _near_min_rows(rows: list[list[int]], nonbasic: list[int], k: int) -> list[Any]:
    """For each entering column, the rows whose ratio ``rhs / col`` (over ``col > 0``) is
    within a relative 1e-9 of the minimum in floating point: the exact minimum is among
    them. Falls back to every row when the integers are too large for floats."""
    all_rows = range(k)
    if k * len(nonbasic) < 50:  # small tableaux: the exact test is cheaper than a prefilter
        return [all_rows] * len(nonbasic)
    try:
        T = np.array(rows, dtype=float)
    except OverflowError:
        return [all_rows] * len(nonbasic)
    if not np.all(np.isfinite(T)) or np.abs(T).max() > 1e250:
        return [all_rows] * len(nonbasic)
    cols = T[:, nonbasic]
    positive = cols > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(positive, T[:, -1:] / np.where(positive, cols, 1.0), np.inf)
    mins = ratios.min(axis=0)
    near = positive & (ratios <= mins * (1.0 + 1e-9))
    return [np.flatnonzero(near[:, c]).tolist() for c in range(len(nonbasic))]


def _lex_min_row(rows: list[list[int]], ties: list[int], e: int, d: int, k: int) -> int:
    """The row among ``ties`` whose slack-column entries divided by its entry in column ``e``
    are lexicographically smallest (all ``rows[r][e] > 0``)."""
    for j in range(d, d + k):
        best = [ties[0]]
        for r in ties[1:]:
            q = best[0]
            lhs, rhs = rows[r][j] * rows[q][e], rows[q][j] * rows[r][e]
            if lhs < rhs:
                best = [r]
            elif lhs == rhs:
                best.append(r)
        ties = best
        if len(ties) == 1:
            break
    return ties[0]


def vertices_float(M: np.ndarray, *, eps: float = _EPS) -> tuple[np.ndarray, np.ndarray]:
    """Every vertex of ``{z >= 0, M z <= 1}`` by the basis search of :func:`vertices_exact`
    with ``lexicographic=False`` (every tied row is followed, so near-ties within ``eps``
    cannot hide a vertex), in floating point (``M`` should have entries of order 1).
    The fallback when Qhull fails; slow on very degenerate polytopes.

    Returns
    -------
    masks : ndarray of uint64 (or object when there are more than 63 labels)
    coordinates : ndarray, shape (n_vertices, d)
    """
    k, d = M.shape
    n_vars = d + k
    tableau = np.hstack([M.astype(float), np.eye(k), np.ones((k, 1))])
    basis = np.arange(d, d + k)
    start_key = sum(1 << int(v) for v in basis)
    visited = {start_key}
    stack = [(basis, tableau)]
    found: dict[int, np.ndarray] = {}
    bits = [1 << v for v in range(n_vars)]
    all_vars = (1 << n_vars) - 1
    while stack:
        basis, tab = stack.pop()
        rhs = tab[:, -1]
        key = 0
        for v in basis:
            key |= bits[v]
        mask = all_vars & ~key
        zero_rows = np.flatnonzero(rhs <= eps)
        for r in zero_rows:
            mask |= bits[basis[r]]
        if mask not in found:
            z = np.zeros(d)
            is_var = basis < d
            z[basis[is_var]] = rhs[is_var]
            found[mask] = z
        nonbasic = np.array([v for v in range(n_vars) if not key >> v & 1])
        cols = tab[:, nonbasic]
        positive = cols > eps
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios = np.where(positive, rhs[:, None] / np.where(positive, cols, 1.0), np.inf)
        mins = ratios.min(axis=0)
        ties = positive & (ratios <= mins + eps * (1.0 + np.abs(mins)))
        for r, c in zip(*np.nonzero(ties), strict=True):
            e = int(nonbasic[c])
            new_key = key ^ bits[basis[r]] ^ bits[e]
            if new_key in visited:
                continue
            visited.add(new_key)
            pivot_row = tab[r] / tab[r, e]
            new_tab = tab - np.outer(tab[:, e], pivot_row)
            new_tab[r] = pivot_row
            new_rhs = new_tab[:, -1]
            new_rhs[np.abs(new_rhs) <= eps] = 0.0
            new_basis = basis.copy()
            new_basis[r] = e
            stack.append((new_basis, new_tab))
    masks = list(found)
    coords = np.array(list(found.values())).reshape(len(masks), d)
    return mask_array(masks, n_vars), coords


@lru_cache(maxsize=64)
def _subsets(total: int, size: int) -> np.ndarray:
    return np.array(list(itertools.combinations(range(total), size)), dtype=np.intp).reshape(
        -1, size
    )


@lru_cache(maxsize=64)
def _powers(n: int) -> np.ndarray:
    return (np.uint64(1) << np.arange(n, dtype=np.uint64)).astype(np.uint64)


def vertices_subsets(M: np.ndarray, *, eps: float = _EPS) -> tuple[np.ndarray, np.ndarray]:
    """Every vertex of ``{z >= 0, M z <= 1}`` except ``z = 0``, by solving all ``d``-subsets
    of its inequalities at once (vectorised; for small polytopes,
    ``C(d + k, d) <= SUBSET_LIMIT``).

    Returns the same as :func:`vertices_float` (masks as uint64).
    """
    return vertices_subsets_many(M[None], eps=eps)[0]


def vertices_subsets_many(
    Ms: np.ndarray, *, eps: float = _EPS
) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`vertices_subsets` for a stack of same-shaped matrices ``Ms[i]`` in one pass."""
    count, k, d = Ms.shape
    n_vars = d + k
    G = np.empty((count, n_vars, d))
    G[:, :d] = _neg_eye(d)
    G[:, d:] = Ms
    subsets, rhs = _subset_system(d, k)
    GS = G[:, subsets]
    try:
        z = np.linalg.solve(GS, rhs)[..., 0]
        solved = None
    except np.linalg.LinAlgError:  # some subsets are singular (degenerate game)
        solved = np.abs(np.linalg.det(GS)) > 1e-12
        z = np.zeros(GS.shape[:-1])
        z[solved] = np.linalg.solve(
            GS[solved], np.broadcast_to(rhs, (*GS.shape[:2], d, 1))[solved]
        )[..., 0]
    slack = z @ G.transpose(0, 2, 1)
    slack[..., :d] *= -1.0
    slack[..., d:] = 1.0 - slack[..., d:]
    feasible = np.asarray((slack >= -eps).all(axis=-1))
    if solved is not None:
        feasible &= solved
    tight = np.abs(slack) <= eps
    z[tight[..., :d]] = 0.0  # coordinates agree with the labels
    masks = _pack(tight.reshape(-1, n_vars)).reshape(count, -1)
    out = []
    for i in range(count):
        keep = np.flatnonzero(feasible[i])
        kept = masks[i][keep]
        order = np.argsort(kept, kind="stable")
        ordered = kept[order]
        new = np.empty(len(ordered), dtype=bool)
        new[:1] = True
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
        coords = z[i][keep[order[new]]]
        np.clip(coords, 0.0, None, out=coords)
        out.append((ordered[new], coords))
    return out


@lru_cache(maxsize=64)
def _neg_eye(d: int) -> np.ndarray:
    out = -np.eye(d)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=64)
def _subset_system(d: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The d-subsets of the ``d + k`` inequalities except the one giving ``z = 0``, and the
    right-hand sides of their equation systems (shape ``(C, d, 1)``)."""
    subsets = _subsets(d + k, d)[1:]  # the first subset is z >= 0 alone: the origin
    h = np.concatenate([np.zeros(d), np.ones(k)])
    rhs = h[subsets][..., None]
    subsets.setflags(write=False)
    rhs.setflags(write=False)
    return subsets, rhs


def vertices_qhull(M: np.ndarray, *, eps: float = _EPS) -> tuple[np.ndarray, np.ndarray]:
    """Every vertex of ``{z >= 0, M z <= 1}`` from Qhull's convex hull of the polar (``d >= 2``).

    With an interior point ``c``, each inequality ``a_j z <= b_j`` becomes the polar point
    ``p_j = a_j / (b_j - a_j c)``; each facet ``n p + o = 0`` of their convex hull is a
    vertex ``z = c - n / o`` of the polytope (the construction of QuantEcon's
    ``vertex_enumeration``). Qhull may report a degenerate vertex once per
    (triangulated) facet; vertices are merged by their full label sets, recomputed
    from the coordinates, so no label of a degenerate vertex is lost.

    Returns the same as :func:`vertices_float`; raises ``scipy.spatial.QhullError``
    when Qhull fails (callers fall back to :func:`vertices_float`).
    """
    from scipy.spatial import ConvexHull

    k, d = M.shape
    n_vars = d + k
    A = np.empty((n_vars, d))
    A[:d] = _neg_eye(d)
    A[d:] = M
    b = np.zeros(n_vars)
    b[d:] = 1.0
    c = np.full(d, 0.5 / float(M.sum(axis=1).max()))
    points = A / (b - A @ c)[:, None]
    equations = ConvexHull(points).equations
    z = c - equations[:, :d] / equations[:, d:]
    slack = b - z @ np.ascontiguousarray(A.T)
    feasible = np.all(slack >= -1e3 * eps, axis=1)
    z, slack = z[feasible], slack[feasible]
    tight = np.abs(slack) <= 10 * eps
    z[tight[:, :d]] = 0.0  # coordinates agree with the labels
    masks, first = np.unique(_pack(tight), return_index=True)
    return masks, np.clip(z[first], 0.0, None)


def _pack(tight: np.ndarray) -> np.ndarray:
    """Bit masks (uint64, or object for more than 63 labels) of the rows of a bool matrix."""
    n = tight.shape[1]
    if n <= 63:
        packed: np.ndarray = tight.astype(np.uint64) @ _powers(n)
        return packed
    out = np.empty(len(tight), dtype=object)
    out[:] = [sum(1 << int(i) for i in np.flatnonzero(row)) for row in tight]
    return out


def popcount(masks: np.ndarray) -> np.ndarray:
    """Number of labels in each mask."""
    if masks.dtype == object:
        return np.array([int(v).bit_count() for v in masks], dtype=np.int64)
    if hasattr(np, "bitwise_count"):
        counts: np.ndarray = np.bitwise_count(masks).astype(np.int64)
        return counts
    counts = np.zeros(masks.shape, dtype=np.int64)  # pragma: no cover - numpy < 2
    v = masks.copy()
    while np.any(v):
        counts += (v & np.uint64(1)).astype(np.int64)
        v = v >> np.uint64(1)
    return counts


def mask_array(masks: list[int], n_labels: int) -> np.ndarray:
    if n_labels <= 63:
        return np.array(masks, dtype=np.uint64)
    out = np.empty(len(masks), dtype=object)
    out[:] = masks
    return out
