"""Gap tests for ``solvers/_polytope.py`` found by mutation testing (issue 13).

Each test states a fact about the code: every vertex kernel against a brute-force
reference (each ``d``-subset of the inequalities solved in exact rational arithmetic,
the full label set read off each feasible point) on small random and degenerate
polytopes; the matrix transforms' exact values; the lexicographic tie-break against a
direct comparison of rational rows; the ratio prefilter against the exact minimum; the
mask helpers at the 63/64-label boundary. Run the mutation test with
``python benchmarks/mutation.py gametheory/solvers/_polytope.py``.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from gametheory.solvers import _polytope as poly


def _solve(G: list[list[Fraction]], h: list[Fraction]) -> list[Fraction] | None:
    """The solution of the square system ``G z = h`` (Gauss-Jordan, exact), or None if singular."""
    d = len(G)
    a = [row[:] + [rhs] for row, rhs in zip(G, h, strict=True)]
    for c in range(d):
        pivot = next((r for r in range(c, d) if a[r][c] != 0), None)
        if pivot is None:
            return None
        a[c], a[pivot] = a[pivot], a[c]
        for r in range(d):
            if r != c and a[r][c] != 0:
                f = a[r][c] / a[c][c]
                a[r] = [x - f * y for x, y in zip(a[r], a[c], strict=True)]
    return [a[r][d] / a[r][r] for r in range(d)]


def brute_force_vertices(M) -> dict[int, tuple[Fraction, ...]]:
    """Every vertex of ``{z >= 0, M z <= 1}`` with its full label set (bit ``v < d``:
    ``z_v = 0``; bit ``d + j``: row ``j`` tight), from every ``d``-subset of inequalities."""
    k, d = len(M), len(M[0])
    G = [[Fraction(-int(i == v)) for i in range(d)] for v in range(d)]
    G += [[Fraction(x) for x in row] for row in M]
    h = [Fraction(0)] * d + [Fraction(1)] * k
    out: dict[int, tuple[Fraction, ...]] = {}
    for rows in itertools.combinations(range(d + k), d):
        z = _solve([G[r] for r in rows], [h[r] for r in rows])
        if z is None:
            continue
        slack = [h[r] - sum(g * x for g, x in zip(G[r], z, strict=True)) for r in range(d + k)]
        if all(s >= 0 for s in slack):
            out[sum(1 << r for r in range(d + k) if slack[r] == 0)] = tuple(z)
    return out


def _random_matrix(rng, k, d, high):
    return rng.integers(1, high, (k, d))


# shapes (k rows, d columns); small entries make degenerate polytopes likely
SHAPES = [(1, 1), (1, 3), (3, 1), (2, 2), (2, 3), (3, 2), (3, 3), (4, 3), (3, 4)]


def _cases():
    for k, d in SHAPES:
        for seed in range(3):
            yield pytest.param(k, d, seed, 3 if seed else 9, id=f"{k}x{d}-{seed}")


def _int_object(M) -> np.ndarray:
    out = np.empty(M.shape, dtype=object)
    out[:] = [[int(x) for x in row] for row in M]
    return out


@pytest.mark.parametrize("k, d, seed, high", list(_cases()))
@pytest.mark.parametrize("lexicographic", [True, False])
def test_exact_vertices_are_the_brute_force_vertices(k, d, seed, high, lexicographic):
    M = _random_matrix(np.random.default_rng(seed * 31 + k * 7 + d), k, d, high)
    expected = brute_force_vertices(M.tolist())
    masks, coords = poly.vertices_exact(_int_object(M), lexicographic=lexicographic)
    assert len(masks) == len(set(masks))
    assert sorted(masks) == sorted(expected)
    for mask, z in zip(masks, coords, strict=True):
        assert all(type(x) is int for x in z)
        # integer numerators over one positive denominator: the same point up to scale
        vertex = expected[mask]
        if any(vertex):
            j = next(i for i, x in enumerate(vertex) if x)
            factor = Fraction(z[j]) / vertex[j]
            assert factor > 0
            assert [Fraction(x) for x in z] == [factor * x for x in vertex]
        else:
            assert not any(z)


@pytest.mark.parametrize(
    "kernel, k, d, seed, high",
    [
        pytest.param(kernel, *case.values, id=f"{kernel}-{case.id}")
        for kernel in ("vertices_float", "vertices_subsets", "vertices_qhull")
        for case in _cases()
        if kernel != "vertices_qhull" or case.values[1] >= 2  # Qhull needs two dimensions
    ],
)
def test_float_vertices_are_the_brute_force_vertices(kernel, k, d, seed, high):
    M = _random_matrix(np.random.default_rng(seed * 31 + k * 7 + d), k, d, high)
    expected = brute_force_vertices(M.tolist())
    origin = (1 << d) - 1
    if kernel == "vertices_subsets":  # it leaves out z = 0
        expected.pop(origin)
    masks, coords = getattr(poly, kernel)(M.astype(float))
    assert masks.dtype == np.uint64
    assert coords.shape == (len(masks), d)
    assert sorted(int(v) for v in masks) == sorted(expected)
    for mask, z in zip(masks.tolist(), coords, strict=True):
        assert np.allclose(z, [float(x) for x in expected[mask]], rtol=0, atol=1e-12)
        assert np.all(z >= 0)
        # a coordinate whose label is tight is exactly zero
        assert all(z[v] == 0.0 for v in range(d) if mask >> v & 1)


def test_subsets_many_is_one_subsets_call_per_matrix():
    rng = np.random.default_rng(5)
    Ms = rng.integers(1, 4, (3, 3, 3)).astype(float)
    many = poly.vertices_subsets_many(Ms)
    assert len(many) == 3
    for M, (masks, coords) in zip(Ms, many, strict=True):
        one_masks, one_coords = poly.vertices_subsets(M)
        assert masks.tolist() == one_masks.tolist()
        assert np.array_equal(coords, one_coords)


def test_subsets_of_a_polytope_with_every_subset_regular():
    # a generic matrix: no singular subset, the direct solve path
    M = np.array([[1.0, 2.0], [2.5, 1.0]])
    expected = brute_force_vertices([[1, 2], [Fraction(5, 2), 1]])
    expected.pop(0b11)
    masks, coords = poly.vertices_subsets(M)
    assert sorted(masks.tolist()) == sorted(expected)
    for mask, z in zip(masks.tolist(), coords, strict=True):
        assert np.allclose(z, [float(x) for x in expected[mask]])


def test_float_kernels_with_more_than_63_labels_give_wide_masks():
    # 60 x 5: 65 labels; the unit simplex scaled, every vertex simple
    M = np.ones((60, 5))
    masks, coords = poly.vertices_float(M)
    assert masks.dtype == object
    assert sorted(int(v) for v in masks) == sorted(
        [(1 << 5) - 1] + [(((1 << 5) - 1) ^ (1 << v)) | (((1 << 60) - 1) << 5) for v in range(5)]
    )
    masks, coords = poly.vertices_qhull(M)
    assert masks.dtype == object and len(masks) == 6
    assert sorted(map(int, masks)) == sorted(int(v) for v in poly.vertices_float(M)[0])


def test_integer_polytope_matrix_exact_values():
    payoffs = np.array([[Fraction(-1, 2), Fraction(1, 3)], [Fraction(2), Fraction(-1, 2)]])
    out = poly.integer_polytope_matrix(payoffs)
    # (v + 1/2) * 6 + 1: the smallest entry becomes 1, the denominators' lcm is 6
    assert out.tolist() == [[1, 6], [16, 1]]
    assert out.dtype == object and all(type(v) is int for v in out.ravel())
    assert poly.integer_polytope_matrix(np.array([[3, 3]], dtype=object)).tolist() == [[1, 1]]
    assert poly.integer_polytope_matrix(np.array([[2, 5]], dtype=object)).tolist() == [[1, 4]]


def test_float_polytope_matrix_values():
    out = poly.float_polytope_matrix(np.array([[-3.0, 1.0], [5.0, 1.0]]))
    assert out.tolist() == [[1.0, 1.5], [2.0, 1.5]]
    assert poly.float_polytope_matrix(np.full((2, 3), 7.0)).tolist() == [[1.0] * 3] * 2
    huge = poly.float_polytope_matrix(np.array([[-1e308, 1e308], [0.0, 1e308]]))
    assert huge.tolist() == [[1.0, 2.0], [1.5, 2.0]]


def _lex_reference(rows, ties, e, d, k):
    return min(ties, key=lambda r: [Fraction(rows[r][j], rows[r][e]) for j in range(d, d + k)])


@pytest.mark.parametrize("seed", range(20))
def test_lex_min_row_is_the_lexicographically_smallest_ratio_row(seed):
    rng = np.random.default_rng(seed)
    k, d = 5, 3
    rows = rng.integers(-3, 4, (k, d + k + 1)).tolist()
    e = int(rng.integers(d))
    for r in range(k):
        rows[r][e] = int(rng.integers(1, 4))  # a positive pivot column
    # ties in the first slack columns, so later columns decide
    for r in range(1, k):
        if rng.random() < 0.6:
            rows[r][d] = rows[0][d] * rows[r][e] // rows[0][e] if rows[0][e] else rows[r][d]
    ties = sorted(rng.choice(k, size=int(rng.integers(2, k + 1)), replace=False).tolist())
    ratios = {r: [Fraction(rows[r][j], rows[r][e]) for j in range(d, d + k)] for r in ties}
    if len({tuple(v) for v in ratios.values()}) < len(ties):
        pytest.skip("two rows equal in every ratio: no unique smallest row")
    assert poly._lex_min_row(rows, ties, e, d, k) == _lex_reference(rows, ties, e, d, k)


def test_lex_min_row_decides_on_a_later_column():
    # rows 0 and 1 tie on the first slack column (2/1 == 4/2) and differ on the second
    rows = [[1, 2, 5, 0], [2, 4, 1, 0], [1, 9, 0, 0]]
    assert poly._lex_min_row(rows, [0, 1], 0, 1, 2) == 1
    assert poly._lex_min_row(rows, [1, 0], 0, 1, 2) == 1
    assert poly._lex_min_row(rows, [0, 2], 0, 1, 2) == 0


def _exact_min_rows(rows, e):
    ratios = {r: Fraction(row[-1], row[e]) for r, row in enumerate(rows) if row[e] > 0}
    low = min(ratios.values())
    return {r for r, v in ratios.items() if v == low}


@pytest.mark.parametrize("seed", range(10))
def test_near_min_rows_keep_every_exact_minimum(seed):
    rng = np.random.default_rng(seed)
    k, width = 8, 12  # 8 rows x 10 entering columns: past the small-tableau shortcut
    rows = rng.integers(-2, 6, (k, width)).tolist()
    for r in range(k):
        rows[r][-1] = int(rng.integers(0, 4)) * 1_000_000_007  # ties in the ratios, large ints
    nonbasic = list(range(10))
    near = poly._near_min_rows(rows, nonbasic, k)
    assert len(near) == len(nonbasic)
    for e, cand in zip(nonbasic, near, strict=True):
        positive = {r for r in range(k) if rows[r][e] > 0}
        if positive:
            assert _exact_min_rows(rows, e) <= set(cand) <= positive
            # the prefilter is sharp: rows with a ratio 1% above the minimum are left out
            low = min(Fraction(rows[r][-1], rows[r][e]) for r in positive)
            far = {
                r for r in positive if Fraction(rows[r][-1], rows[r][e]) > low * Fraction(101, 100)
            }
            assert not far & set(cand)


def test_near_min_rows_fall_back_to_every_row():
    k, cols = 10, [0, 1, 2, 3, 4]  # 10 rows x 5 columns: just past the small-tableau shortcut
    every = [list(range(k))] * len(cols)

    def rows_with(first):  # column 0's ratio is smallest in the last row alone
        return [[first, 1, 1, 1, 1, 4]] * (k - 1) + [[2 * first, 1, 1, 1, 1, 4]]

    expected = [[k - 1]] + every[1:]
    assert [list(c) for c in poly._near_min_rows(rows_with(1), cols, k)] == expected
    assert [list(c) for c in poly._near_min_rows(rows_with(10**200), cols, k)] == expected
    # integers too large for a float, or floats too large to divide safely: every row
    assert [list(c) for c in poly._near_min_rows(rows_with(10**400), cols, k)] == every
    assert [list(c) for c in poly._near_min_rows(rows_with(10**251), cols, k)] == every
    # a small tableau (7 x 7 = 49 < 50): every row, without a prefilter
    small = [[1] * 7 + [4]] * 6 + [[2] + [1] * 6 + [4]]
    assert [list(c) for c in poly._near_min_rows(small, list(range(7)), 7)] == [list(range(7))] * 7


@pytest.mark.parametrize("n", [1, 5, 62, 63, 64, 70])
def test_masks_and_their_label_counts_at_the_64_bit_boundary(n):
    rng = np.random.default_rng(n)
    tight = rng.random((6, n)) < 0.5
    tight[0] = False
    tight[1] = True
    packed = poly._pack(tight)
    expected = [sum(1 << int(i) for i in np.flatnonzero(row)) for row in tight]
    assert [int(v) for v in packed] == expected
    assert (packed.dtype == object) == (n > 63)
    assert poly.popcount(packed).tolist() == tight.sum(axis=1).tolist()
    arr = poly.mask_array(expected, n)
    assert [int(v) for v in arr] == expected
    assert (arr.dtype == object) == (n > 63)
    assert poly.popcount(arr).dtype == np.int64


def test_popcount_of_full_64_bit_masks():
    masks = np.array([0, 1, 2**63, 2**64 - 1, 0b1011], dtype=np.uint64)
    assert poly.popcount(masks).tolist() == [0, 1, 1, 64, 3]
    wide = np.empty(2, dtype=object)
    wide[:] = [2**80 - 1, 2**100]
    assert poly.popcount(wide).tolist() == [80, 1]


@pytest.mark.parametrize("kernel", ["vertices_float", "vertices_subsets", "vertices_qhull"])
@pytest.mark.parametrize("seed", range(4))
def test_float_vertices_of_polytopes_with_entries_below_one(kernel, seed):
    # entries 1/4 .. 3/4: minimum ratios rhs / column above 1, vertices outside the unit box
    rng = np.random.default_rng(100 + seed)
    k, d = (3, 3) if seed % 2 else (4, 2)
    M = [[Fraction(int(x), 4) for x in row] for row in rng.integers(1, 4, (k, d))]
    expected = brute_force_vertices(M)
    if kernel == "vertices_subsets":
        expected.pop((1 << d) - 1)
    masks, coords = getattr(poly, kernel)(np.array(M, dtype=float))
    assert sorted(int(v) for v in masks) == sorted(expected)
    for mask, z in zip(masks.tolist(), coords, strict=True):
        assert np.allclose(z, [float(x) for x in expected[mask]], rtol=0, atol=1e-12)


def test_pivoting_kernel_reads_entries_up_to_eps_as_zero():
    # {z >= 0, eps z0 + z1 <= 1}: an entry at eps is no constraint on z0 (the kernel is for
    # entries of order 1), so the only vertices are z = 0 and (0, 1); at 2 eps the
    # constraint counts and (1 / (2 eps), 0) is a vertex
    eps = 1e-9
    masks, coords = poly.vertices_float(np.array([[eps, 1.0]]))
    assert sorted(masks.tolist()) == [0b011, 0b101]
    masks, coords = poly.vertices_float(np.array([[2 * eps, 1.0]]))
    assert sorted(masks.tolist()) == [0b011, 0b101, 0b110]
    assert coords[masks.tolist().index(0b110)].tolist() == [0.5 / eps, 0.0]


def test_subset_kernel_passes_its_tolerance_on():
    # a vertex 0.01 away from the second row's boundary: tight only with a tolerance of 0.05
    M = np.array([[1.0, 1.0], [1.0, 1.02]])
    loose_masks, _ = poly.vertices_subsets(M, eps=0.05)
    strict_masks, _ = poly.vertices_subsets(M)
    assert sorted(loose_masks.tolist()) != sorted(strict_masks.tolist())
    many_masks, _ = poly.vertices_subsets_many(M[None], eps=0.05)[0]
    assert loose_masks.tolist() == many_masks.tolist()


def test_subset_kernel_tolerance_boundaries():
    # rows z0 + z1 <= 1 and 2 z0 + 6 z1 <= 1 meet at (1.25, -0.25), exactly in binary: with
    # eps = 0.25 that point is feasible (a coordinate >= -eps), its z1 label is tight
    # (|z1| <= eps) and its coordinate is read as 0; so is (0, 1/6)'s
    M = np.array([[1.0, 1.0], [2.0, 6.0]])
    masks, coords = poly.vertices_subsets(M, eps=0.25)
    assert masks.tolist() == [0b1010, 0b1011, 0b1110]
    assert coords.tolist() == [[0.5, 0.0], [0.0, 0.0], [1.25, 0.0]]
    # with the default tolerance the point is outside the polytope
    assert poly.vertices_subsets(M)[0].tolist() == [0b1001, 0b1010]


def test_pivoting_kernel_zeroes_a_right_hand_side_within_eps():
    # {z >= 0, 2 z0 + 4 z1 <= 1}: the vertex (0, 1/4) is 1/4 from z = 0; with eps = 1/4 its
    # right-hand side is read as 0 (label z1 tight, coordinate 0), with the default it is not
    masks, coords = poly.vertices_float(np.array([[2.0, 4.0]]), eps=0.25)
    assert masks.tolist() == [0b011, 0b111, 0b110]
    assert coords.tolist() == [[0.0, 0.0], [0.0, 0.0], [0.5, 0.0]]
    masks, coords = poly.vertices_float(np.array([[2.0, 4.0]]))
    assert masks.tolist() == [0b011, 0b101, 0b110]
    assert coords.tolist() == [[0.0, 0.0], [0.0, 0.25], [0.5, 0.0]]


def test_popcount_without_numpy_bitwise_count(monkeypatch):
    # numpy < 2 (still supported) has no bitwise_count: the shift-and-add loop counts
    monkeypatch.delattr(np, "bitwise_count", raising=False)
    rng = np.random.default_rng(9)
    values = [0, 1, 2**63, 2**64 - 1, 0b1011] + [int(v) for v in rng.integers(0, 2**63, 20)]
    masks = np.array(values, dtype=np.uint64)
    counts = poly.popcount(masks)
    assert counts.tolist() == [v.bit_count() for v in values]
    assert counts.dtype == np.int64 and counts.shape == masks.shape
    assert poly.popcount(np.zeros((2, 3), dtype=np.uint64)).tolist() == [[0] * 3] * 2


def test_subset_kernel_lists_a_degenerate_vertex_once():
    # two equal rows: (0, 1) and (1, 0) each lie on three inequalities, found by two
    # regular subsets each (the two rows together are singular)
    masks, coords = poly.vertices_subsets(np.array([[1.0, 1.0], [1.0, 1.0]]))
    assert masks.tolist() == [0b1101, 0b1110]
    assert coords.tolist() == [[0.0, 1.0], [1.0, 0.0]]
