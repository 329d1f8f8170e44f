"""All extreme Nash equilibria of a two-player game, degenerate games included.

The equilibria of a bimatrix game form finitely many convex components; their
extreme points are the completely labelled vertex pairs of the two best-response
polytopes. This module lists all of them -- the set Gambit's ``enummixed`` and
``lrsnash`` report -- in float or exact rational arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import comb

import numpy as np

from ..budget import MAX_EXACT_VERTICES, MAX_FLOAT_VERTICES, check_budget, polytope_vertex_bound
from ..errors import InvalidGameError
from ..game import NormalFormGame
from ..result import DEFAULT_TOL, EquilibriumResult
from . import _polytope as poly
from ._common import ProfileKey, check_tol, collect, profile_key, require_two_players
from ._polytope import popcount

__all__ = ["enumerate_equilibria", "nash_subsets"]


def enumerate_equilibria(
    game: NormalFormGame,
    /,
    *,
    exact: bool = False,
    tol: float = DEFAULT_TOL,
    max_vertices: int | None = None,
) -> EquilibriumResult:
    """Find all extreme Nash equilibria of a two-player game (complete, degenerate or not).

    Algorithm (vertex enumeration of best-response polytopes: Nisan et al.,
    *Algorithmic Game Theory*, 2007, ch. 3.5; von Stengel, "Equilibrium computation
    for two-player games", 2007; Avis, Rosenberg, Savani and von Stengel, "Enumeration
    of Nash equilibria for two-player games", *Economic Theory* 42, 2010):

    1. Shift and scale the payoff matrices ``A`` (row player) and ``B`` (column
       player) so every entry is positive; equilibria do not change.
    2. Enumerate every vertex ``x`` of ``P = {x >= 0 : B^T x <= 1}`` and every vertex
       ``y`` of ``Q = {y >= 0 : A y <= 1}`` with its *full* label set: row strategy
       ``i`` labels ``x`` when ``x_i = 0`` and labels ``y`` when ``(A y)_i = 1``
       (``i`` is a best response); column labels likewise. At a degenerate vertex more
       inequalities are tight than the dimension; all of them are kept (exact mode
       pivots with the lexicographic rule of ``lrs``, see
       :func:`gametheory.solvers._polytope.vertices_exact`).
    3. Every completely labelled pair ``(x, y) != (0, 0)`` -- each strategy is either
       unused or a best response -- normalised to probabilities, is an extreme
       equilibrium, and every extreme equilibrium arises so.
    4. Each profile's payoffs and regret are computed from the game; pairs of vertices
       joined by shared equilibria form the equilibrium components (their index is
       ``properties["component"]``).

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    exact : bool, default False
        Enumerate in exact rational (integer-pivoting) arithmetic; every equilibrium
        then has ``exact_regret == 0``. Float mode finds the vertices with Qhull (the
        convex hull of the polar polytope, as QuantEcon does) or, for small games, a
        vectorised solve of every candidate vertex, then reads each vertex's full
        label set with a tolerance.
    tol : float, default 1e-8
        Largest regret accepted for a float profile,
        times each player's payoff spread (the same answer at any payoff scale).
    max_vertices : int, optional
        Refuse games whose best-response polytopes may have more vertices than this
        (McMullen's bound, :func:`gametheory.budget.polytope_vertex_bound`), before
        any work; default :data:`~gametheory.budget.MAX_FLOAT_VERTICES` (an 18x18
        game) or, exact, :data:`~gametheory.budget.MAX_EXACT_VERTICES` (12x12).

    Returns
    -------
    EquilibriumResult
        ``complete=True``: all extreme equilibria are listed (unless a candidate
        failed the regret check, which is reported as a warning).

    Notes
    -----
    The number of vertices grows exponentially with the game's size. On a 2-core
    machine random games take about 1 ms at 6x6, 6 ms at 10x10, 70 ms at 12x12 and
    3-7 s at 16x16 to 18x18 in float mode; exact mode is meant for games up to about
    12x12 (1-2 s). See ``benchmarks/README.md``.

    Examples
    --------
    Battle of the sexes has two pure equilibria and one mixed one:

    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> res = enumerate_equilibria(g, exact=True)
    >>> sorted(str(e.exact_vectors[0][0]) for e in res)
    ['0', '1', '2/3']

    A degenerate game: the row player is indifferent, so the equilibria form one
    connected component with four extreme points:

    >>> g = NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[1, 0], [0, 1]])
    >>> res = enumerate_equilibria(g)
    >>> [e.label() for e in res]  # doctest: +NORMALIZE_WHITESPACE
    ['Row 1 / Column 1', 'Row 2 / Column 2', 'Row [1 0.5, 2 0.5] / Column 1',
     'Row [1 0.5, 2 0.5] / Column 2']
    >>> {e.properties["component"] for e in res}
    {0}
    """
    require_two_players(game, "enumerate")
    tol = check_tol(tol)
    m, n = game.shape
    limit = (
        max_vertices
        if max_vertices is not None
        else (MAX_EXACT_VERTICES if exact else MAX_FLOAT_VERTICES)
    )
    if isinstance(limit, bool) or not isinstance(limit, (int, np.integer)) or limit < 1:
        raise InvalidGameError(f"max_vertices must be a positive integer, got {max_vertices!r}")
    check_budget(
        f"{'exact ' if exact else ''}enumeration of this {m}x{n} game",
        polytope_vertex_bound(m, n),
        int(limit),
        unit="polytope vertices (bound)",
        advice="use method 'lemke-howson' (one equilibrium), 'logit' or 'pure', "
        + ("float mode, " if exact else "")
        + "or raise the limit with max_vertices= (--max-vertices)",
    )
    xs: Sequence[tuple[int, ...]] | np.ndarray  # integer vertices (exact) or float rows
    ys: Sequence[tuple[int, ...]] | np.ndarray
    if exact:
        A = poly.integer_polytope_matrix(game.exact_payoffs[..., 0])
        B = poly.integer_polytope_matrix(game.exact_payoffs[..., 1])
        masks_p, xs = poly.vertices_exact(B.T)
        masks_q, ys = poly.vertices_exact(A)
        lp = poly.mask_array(masks_p, m + n)
        lq = poly.mask_array(masks_q, m + n)
    else:
        A = poly.float_polytope_matrix(game.payoffs[..., 0])
        B = poly.float_polytope_matrix(game.payoffs[..., 1])
        if m == n and comb(m + n, m) <= poly.SUBSET_LIMIT:  # both polytopes in one pass
            (lp, xs), (lq, ys) = poly.vertices_subsets_many(np.stack([B.T, A]))
        else:
            lp, xs = _float_vertices(B.T)
            lq, ys = _float_vertices(A)
    lq = _q_to_global(lq, m, n)
    if exact:
        nonzero_p = [i for i, x in enumerate(xs) if any(x)]
        nonzero_q = [j for j, y in enumerate(ys) if any(y)]
    else:  # the origin is the vertex where every nonnegativity label is tight
        row_labels = (1 << m) - 1
        col_labels = ((1 << n) - 1) << m
        nonzero_p = [i for i, v in enumerate(lp.tolist()) if v & row_labels != row_labels]
        nonzero_q = [j for j, v in enumerate(lq.tolist()) if v & col_labels != col_labels]
    pairs = _complete_pairs(lp[nonzero_p], lq[nonzero_q], m, n)
    pairs = [(nonzero_p[i], nonzero_q[j]) for i, j in pairs]
    component = _components(pairs)
    candidates = [(_normalise(xs[i], exact), _normalise(ys[j], exact)) for i, j in pairs]
    # a stable order: isolated equilibria first, then the extreme points of each
    # continuum together; within each, smaller supports first (pure equilibria lead),
    # then decreasing probabilities
    keys = [
        [sum(1 for v in cand for p in v if p != 0), *(-float(p) for v in cand for p in v)]
        for cand in candidates
    ]
    first: dict[int, list[float]] = {}
    size: dict[int, int] = {}
    for k, c in enumerate(component):
        first[c] = min(first.get(c, keys[k]), keys[k])
        size[c] = size.get(c, 0) + 1
    order = sorted(
        range(len(pairs)),
        key=lambda k: (size[component[k]] > 1, first[component[k]], keys[k]),
    )
    candidates = [candidates[k] for k in order]
    renumber: dict[int, int] = {}
    component = [renumber.setdefault(component[k], len(renumber)) for k in order]
    equilibria, warnings = collect(
        game,
        candidates,
        tol=tol,
        exact=exact,
        method="enumerate",
        properties=[{"component": c} for c in component],
        # exact vertex pairs are distinct profiles (a ray from 0 meets P's boundary once);
        # float ones are de-duplicated in case a tolerance split one vertex in two
        distinct=exact,
    )
    return EquilibriumResult(
        game=game,
        method="enumerate",
        equilibria=equilibria,
        options={"tol": tol, **({"max_vertices": int(limit)} if max_vertices is not None else {})},
        exact=exact,
        complete=not warnings,
        scope="all",
        warnings=tuple(warnings),
    )


def nash_subsets(result: EquilibriumResult) -> list[tuple[int, ...]]:
    """The maximal convex sets of equilibria ("maximal Nash subsets") of a two-player game.

    Every equilibrium component of a bimatrix game is a finite union of sets
    ``conv(X) x conv(Y)`` in which every combination of a row strategy from ``X`` and a
    column strategy from ``Y`` is an equilibrium. With the extreme equilibria listed,
    these are the maximal bicliques of the bipartite graph joining the row and column
    strategies that appear together in an extreme equilibrium (Avis, Rosenberg, Savani
    and von Stengel 2010, section 5; Gambit's and lrsnash's "cliques").

    Parameters
    ----------
    result : EquilibriumResult
        All extreme equilibria of a two-player game, as returned by
        :func:`enumerate_equilibria` (with an incomplete list, the sets found are
        convex sets of equilibria but may not be all of them).

    Returns
    -------
    list of tuple of int
        Each maximal set, as the indices into ``result`` of its extreme equilibria.

    Examples
    --------
    The row player is indifferent; the equilibria form one component made of three
    segments: ``[T, (1/2, 1/2)] x L``, ``(1/2, 1/2) x [L, R]`` and ``[(1/2, 1/2), B] x R``.

    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[1, 0], [0, 1]],
    ...     strategies=(("T", "B"), ("L", "R")))
    >>> res = enumerate_equilibria(g, exact=True)
    >>> [[res[i].label() for i in subset] for subset in nash_subsets(res)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [['Row T / Column L', 'Row [T 0.5, B 0.5] / Column L'],
     ['Row B / Column R', 'Row [T 0.5, B 0.5] / Column R'],
     ['Row [T 0.5, B 0.5] / Column L', 'Row [T 0.5, B 0.5] / Column R']]
    """
    require_two_players(result.game, "nash_subsets")
    x_ids: dict[ProfileKey, int] = {}
    y_ids: dict[ProfileKey, int] = {}
    index: dict[tuple[int, int], int] = {}
    for k, eq in enumerate(result):
        vx, vy = eq.exact_vectors if eq.exact_vectors is not None else eq.vectors
        x = x_ids.setdefault(profile_key([vx]), len(x_ids))
        y = y_ids.setdefault(profile_key([vy]), len(y_ids))
        index[(x, y)] = k
    neighbours: dict[int, frozenset[int]] = {}
    for x, y in index:
        neighbours[x] = neighbours.get(x, frozenset()) | {y}
    closed: set[frozenset[int]] = set()
    for x in sorted(neighbours):  # all intersections of neighbourhoods
        closed |= {c & neighbours[x] for c in closed} | {neighbours[x]}
    closed.discard(frozenset())
    subsets = []
    for ys in closed:
        xs = [x for x in neighbours if ys <= neighbours[x]]
        subsets.append(tuple(sorted(index[(x, y)] for x in xs for y in ys)))
    return sorted(subsets)


def _float_vertices(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of ``{z >= 0, M z <= 1}`` by the fastest float kernel for its size."""
    k, d = M.shape
    if comb(d + k, d) <= poly.SUBSET_LIMIT:
        return poly.vertices_subsets(M)
    if d < 2:  # Qhull needs two dimensions
        return poly.vertices_float(M)
    from scipy.spatial import QhullError

    try:
        return poly.vertices_qhull(M)
    except (QhullError, ValueError):
        return poly.vertices_float(M)


def _q_to_global(masks: np.ndarray, m: int, n: int) -> np.ndarray:
    """Map Q's labels (bits 0..n-1: ``y_j = 0``; n..n+m-1: row i tight) to the global order
    (bits 0..m-1: row strategies; m..m+n-1: column strategies)."""
    if masks.dtype == object:
        low = (1 << n) - 1
        out = np.empty(len(masks), dtype=object)
        out[:] = [((int(v) & low) << m) | (int(v) >> n) for v in masks]
        return out
    low_bits = np.uint64((1 << n) - 1)
    return ((masks & low_bits) << np.uint64(m)) | (masks >> np.uint64(n))


def _complete_pairs(lp: np.ndarray, lq: np.ndarray, m: int, n: int) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)`` with ``lp[i] | lq[j]`` equal to every one of the ``m + n`` labels
    (``m``, ``n``: the dimensions of P and Q, i.e. the label count of a simple vertex)."""
    n_labels = m + n
    if len(lp) == 0 or len(lq) == 0:
        return []
    if len(lp) * len(lq) <= 4096 and lp.dtype != object and lq.dtype != object:
        ii, jj = np.nonzero((lp[:, None] | lq[None, :]) == np.uint64((1 << n_labels) - 1))
        return list(zip(ii.tolist(), jj.tolist(), strict=True))
    if lp.dtype == object or lq.dtype == object:
        full_int = (1 << n_labels) - 1
        return [
            (i, j)
            for i, a in enumerate(lp)
            for j, b in enumerate(lq)
            if (int(a) | int(b)) == full_int
        ]
    full = np.uint64((1 << n_labels) - 1)
    out: list[tuple[int, int]] = []
    # a non-degenerate pair is completely labelled iff its label sets are complements:
    # match those by a sorted search, and test every pair with a degenerate member directly
    deg_p = popcount(lp) > m
    deg_q = popcount(lq) > n
    simple_p = np.flatnonzero(~deg_p)
    simple_q = np.flatnonzero(~deg_q)
    if len(simple_p) and len(simple_q):
        order = np.argsort(lq[simple_q])
        sorted_q = lq[simple_q][order]
        wanted = full & ~lp[simple_p]
        pos = np.minimum(np.searchsorted(sorted_q, wanted), len(sorted_q) - 1)
        hit = sorted_q[pos] == wanted
        out.extend(zip(simple_p[hit].tolist(), simple_q[order[pos[hit]]].tolist(), strict=True))
    dq = np.flatnonzero(deg_q)
    for rows, cols in ((np.flatnonzero(deg_p), np.arange(len(lq))), (np.flatnonzero(~deg_p), dq)):
        if len(rows) == 0 or len(cols) == 0:
            continue
        chunk = max(1, 2_000_000 // len(cols))
        for start in range(0, len(rows), chunk):
            r = rows[start : start + chunk]
            ii, jj = np.nonzero((lp[r][:, None] | lq[cols][None, :]) == full)
            out.extend(zip(r[ii].tolist(), cols[jj].tolist(), strict=True))
    return out


def _components(pairs: list[tuple[int, int]]) -> list[int]:
    """Component index of each pair: pairs sharing an x- or y-vertex are connected."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(a: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, j in pairs:
        ra, rb = find(("x", i)), find(("y", j))
        if ra != rb:
            parent[ra] = rb
    labels: dict[tuple[str, int], int] = {}
    out = []
    for i, _ in pairs:
        root = find(("x", i))
        out.append(labels.setdefault(root, len(labels)))
    return out


def _normalise(v: Sequence[int] | np.ndarray, exact: bool) -> list[Fraction] | np.ndarray:
    if exact:
        total = sum(v)
        return [Fraction(int(a), int(total)) for a in v]
    arr = np.asarray(v, dtype=float)
    return arr / float(arr.sum())
