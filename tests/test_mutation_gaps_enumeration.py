"""Gap tests for ``solvers/enumeration.py`` found by mutation testing (issue 13).

Each test states a fact about the code: the helpers of the vertex-pair search against a
brute-force reference on random label masks (every size path: small and large searches,
64-bit and wider masks, simple and degenerate vertices), the stable order and components
of the listed equilibria, the maximal Nash subsets against a brute-force search of
bicliques, and the kernel each float size uses. Run the mutation test with
``python benchmarks/mutation.py gametheory/solvers/enumeration.py``.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.solvers import _polytope as poly
from gametheory.solvers import enumeration as en
from gametheory.solvers.enumeration import enumerate_equilibria, nash_subsets


def _masks(values, wide: bool) -> np.ndarray:
    if wide:
        out = np.empty(len(values), dtype=object)
        out[:] = [int(v) for v in values]
        return out
    return np.array(values, dtype=np.uint64)


def _random_label_sets(rng, count, m, n, dim, extra):
    """``count`` distinct label masks over ``m + n`` labels with ``dim`` labels each, some
    with extra labels (degenerate vertices); distinct, as the vertices of a polytope are."""
    out: dict[int, None] = {}
    while len(out) < count:
        labels = set(rng.choice(m + n, size=dim, replace=False).tolist())
        if rng.random() < extra:
            labels |= set(rng.choice(m + n, size=1 + rng.integers(2)).tolist())
        out[sum(1 << i for i in labels)] = None
    return list(out)


def _naive_pairs(lp, lq, m, n):
    full = (1 << (m + n)) - 1
    return sorted(
        (i, j) for i, a in enumerate(lp) for j, b in enumerate(lq) if (int(a) | int(b)) == full
    )


@pytest.mark.parametrize(
    "m, n, count_p, count_q, extra",
    [
        (2, 3, 6, 7, 0.3),  # a small search (<= 4096 pairs)
        (5, 6, 80, 90, 0.0),  # large, every vertex simple: the sorted search alone
        (5, 6, 80, 90, 0.3),  # large, some degenerate vertices on each side
        (6, 5, 90, 70, 1.0),  # large, every vertex degenerate
        (5, 5, 100, 60, 0.5),
    ],
)
@pytest.mark.parametrize("seed", range(3))
def test_complete_pairs_are_every_completely_labelled_pair(m, n, count_p, count_q, extra, seed):
    rng = np.random.default_rng(seed)
    lp = _random_label_sets(rng, count_p, m, n, m, extra)
    lq = _random_label_sets(rng, count_q, m, n, n, extra)
    # complements of some of P's simple masks, so the sorted search has hits to find
    full = (1 << (m + n)) - 1
    lq = list(dict.fromkeys([full & ~v for v in lp[: count_q // 3]] + lq))[:count_q]
    expected = _naive_pairs(lp, lq, m, n)
    assert expected, "the instance has completely labelled pairs"
    got = en._complete_pairs(_masks(lp, False), _masks(lq, False), m, n)
    assert sorted(got) == expected
    assert len(got) == len(set(got))
    assert all(isinstance(i, int) and isinstance(j, int) for i, j in got)


@pytest.mark.parametrize("side", ["p", "q"])
def test_complete_pairs_when_every_vertex_of_one_side_is_degenerate(side):
    # the sorted search has no simple vertex on one side: every pair goes to the direct test
    m, n = 5, 5
    rng = np.random.default_rng(7)
    simple = _random_label_sets(rng, 80, m, n, 5, 0.0)
    degenerate = _random_label_sets(rng, 70, m, n, 6, 0.0)  # 6 labels in 5 dimensions
    full = (1 << (m + n)) - 1
    extra = [(full & ~v) | (1 << (v.bit_length() - 1)) for v in simple[:20]]
    degenerate = list(dict.fromkeys(extra + degenerate))[:70]
    lp, lq = (degenerate, simple) if side == "p" else (simple, degenerate)
    expected = _naive_pairs(lp, lq, m, n)
    assert expected
    assert sorted(en._complete_pairs(_masks(lp, False), _masks(lq, False), m, n)) == expected


@pytest.mark.parametrize("count", [5, 70])
def test_complete_pairs_with_masks_wider_than_64_bits(count):
    m, n = 40, 30
    rng = np.random.default_rng(3)
    lp = _random_label_sets(rng, count, m, n, m, 0.3)
    lq = _random_label_sets(rng, count, m, n, n, 0.3)
    full = (1 << (m + n)) - 1
    lq = list(dict.fromkeys([full & ~v for v in lp[: count // 2]] + lq))[:count]
    expected = _naive_pairs(lp, lq, m, n)
    assert len(expected) >= count // 2
    assert sorted(en._complete_pairs(_masks(lp, True), _masks(lq, True), m, n)) == expected
    # one wide side is enough to take the wide path
    narrow = _masks([v & ((1 << 63) - 1) for v in lp], False)
    assert sorted(en._complete_pairs(narrow, _masks(lq, True), m, n)) == _naive_pairs(
        narrow.tolist(), lq, m, n
    )


def test_complete_pairs_of_an_empty_side():
    some = np.array([1, 2, 3], dtype=np.uint64)
    none = np.array([], dtype=np.uint64)
    assert en._complete_pairs(none, some, 1, 1) == []
    assert en._complete_pairs(some, none, 1, 1) == []


@pytest.mark.parametrize("m, n", [(1, 1), (2, 3), (3, 2), (5, 7), (30, 33)])
@pytest.mark.parametrize("wide", [False, True])
def test_q_labels_move_to_the_global_order(m, n, wide):
    if m + n > 63 and not wide:
        pytest.skip("masks over more than 63 labels are always wide")
    rng = np.random.default_rng(m * 100 + n)
    local = [
        int(sum(1 << int(i) for i in np.flatnonzero(rng.random(m + n) < 0.5))) for _ in range(40)
    ]
    local += [0, (1 << (m + n)) - 1, 1, 1 << (m + n - 1)]
    expected = []
    for v in local:  # Q's bit j < n (y_j = 0) -> m + j; bit n + i (row i tight) -> i
        g = 0
        for j in range(n):
            if v >> j & 1:
                g |= 1 << (m + j)
        for i in range(m):
            if v >> (n + i) & 1:
                g |= 1 << i
        expected.append(g)
    got = en._q_to_global(_masks(local, wide), m, n)
    assert [int(v) for v in got] == expected
    assert (got.dtype == object) == wide


def _naive_components(pairs):
    comp = list(range(len(pairs)))
    changed = True
    while changed:
        changed = False
        for a, b in itertools.combinations(range(len(pairs)), 2):
            if (pairs[a][0] == pairs[b][0] or pairs[a][1] == pairs[b][1]) and comp[a] != comp[b]:
                low = min(comp[a], comp[b])
                comp = [low if c in (comp[a], comp[b]) else c for c in comp]
                changed = True
    first = {}
    return [first.setdefault(c, len(first)) for c in comp]


@pytest.mark.parametrize("seed", range(6))
def test_components_join_pairs_that_share_a_vertex(seed):
    rng = np.random.default_rng(seed)
    pairs = sorted({(int(rng.integers(8)), int(rng.integers(8))) for _ in range(12)})
    rng.shuffle(pairs)
    pairs = [tuple(p) for p in pairs]
    assert en._components(pairs) == _naive_components(pairs)


def test_components_of_a_chain_and_an_isolated_pair():
    # x0-y0, x1-y0, x1-y1 form one chain (joined through y0 and x1); x2-y2 stands alone;
    # x and y vertex numbers are separate (x2 and y1 are different vertices)
    assert en._components([(2, 2), (0, 0), (1, 1), (1, 0), (3, 1)]) == [0, 1, 1, 1, 1]
    assert en._components([(0, 1), (1, 0)]) == [0, 1]
    assert en._components([]) == []


def test_normalise_exact_and_float():
    assert en._normalise((0, 2, 6), True) == [Fraction(0), Fraction(1, 4), Fraction(3, 4)]
    assert all(type(p) is Fraction for p in en._normalise((1, 3), True))
    got = en._normalise(np.array([0.5, 1.5]), False)
    assert got.tolist() == [0.25, 0.75]
    assert en._normalise([1, 3], False).dtype == float


def _naive_nash_subsets(result):
    """Every maximal set of equilibria whose row and column strategies all combine into
    listed equilibria (a brute force over sets of row and of column strategies)."""
    xs, ys, where = [], [], {}
    for k, eq in enumerate(result):
        vx, vy = eq.exact_vectors if eq.exact_vectors is not None else eq.vectors
        kx, ky = tuple(vx), tuple(vy)
        if kx not in xs:
            xs.append(kx)
        if ky not in ys:
            ys.append(ky)
        where[(xs.index(kx), ys.index(ky))] = k
    found = []
    for r in range(1, len(xs) + 1):
        for X in itertools.combinations(range(len(xs)), r):
            Y = [y for y in range(len(ys)) if all((x, y) in where for x in X)]
            X_all = [x for x in range(len(xs)) if all((x, y) in where for y in Y)]
            if Y and list(X) == X_all:
                found.append(tuple(sorted(where[(x, y)] for x in X for y in Y)))
    return sorted(set(found))


@pytest.mark.parametrize("seed", range(8))
def test_nash_subsets_are_the_maximal_bicliques(seed):
    rng = np.random.default_rng(seed)
    m, n = (3, 3) if seed % 2 else (2, 4)
    # small integer payoffs: ties and continua of equilibria
    game = NormalFormGame.from_bimatrix(rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n)))
    result = enumerate_equilibria(game, exact=True)
    assert nash_subsets(result) == _naive_nash_subsets(result)


def test_nash_subsets_of_the_fully_tied_game_is_one_square():
    game = NormalFormGame.from_bimatrix(np.zeros((2, 3)), np.zeros((2, 3)))
    result = enumerate_equilibria(game, exact=True)
    assert len(result) == 6  # every pure profile: the extreme points of the whole square
    assert nash_subsets(result) == [tuple(range(6))]
    assert {e.properties["component"] for e in result} == {0}


@pytest.mark.parametrize("shape", [(1, 5), (5, 1), (2, 20), (6, 6), (7, 5), (9, 9)])
def test_float_vertices_match_the_exact_vertices_at_every_size(shape):
    # the float kernels (subset solve, one-dimensional pivoting, Qhull) against the exact one
    rng = np.random.default_rng(sum(shape))
    payoffs = rng.integers(0, 9, shape).astype(float)
    M = poly.float_polytope_matrix(payoffs)
    masks, coords = en._float_vertices(M)
    exact_masks, exact_coords = poly.vertices_exact(
        poly.integer_polytope_matrix(payoffs.astype(int))
    )
    origin = (1 << M.shape[1]) - 1  # every z_v >= 0 tight (the subset kernel leaves it out)

    def directions(masks, coords):
        return {
            int(v): np.asarray(z, dtype=float) / float(sum(z))
            for v, z in zip(masks, coords, strict=True)
            if int(v) != origin
        }

    got, expected = directions(masks, coords), directions(exact_masks, exact_coords)
    assert sorted(got) == sorted(expected)
    for v, z in expected.items():
        assert np.allclose(got[v], z, rtol=0, atol=1e-9), v


def test_enumerate_float_and_exact_on_a_rectangular_game_using_qhull():
    # 9x6: above the subset limit, so Qhull finds the vertices in float mode
    rng = np.random.default_rng(11)
    game = NormalFormGame.from_bimatrix(rng.integers(0, 5, (9, 6)), rng.integers(0, 5, (9, 6)))
    exact = enumerate_equilibria(game, exact=True)
    flt = enumerate_equilibria(game)
    assert len(flt) == len(exact)
    for e, f in zip(exact, flt, strict=True):
        for ve, vf in zip(e.exact_vectors, f.vectors, strict=True):
            assert np.allclose([float(p) for p in ve], vf, atol=1e-9)
        assert e.properties == f.properties
    assert flt.complete and exact.complete
