"""enumerate_equilibria: all extreme equilibria of two-player games, exact and float."""

import itertools
from fractions import Fraction

import numpy as np
import pytest

from gametheory import MethodNotApplicableError, NormalFormGame
from gametheory.solvers import enumerate_equilibria


def key(result, digits=7):
    return sorted(tuple(np.round(np.concatenate(e.vectors), digits) + 0.0) for e in result)


def brute_force_extreme(game):
    """Independent reference for tiny games: every pair of supports, exact linear algebra.

    Lists the extreme equilibria by brute force over all label sets (sympy, exact):
    for each choice of tight constraints of full rank in P and Q (x vertex, y vertex),
    keep the completely labelled pairs.
    """
    import sympy

    m, n = game.shape
    A = sympy.Matrix(m, n, lambda i, j: sympy.Rational(str(game.exact_payoffs[i, j, 0])))
    B = sympy.Matrix(m, n, lambda i, j: sympy.Rational(str(game.exact_payoffs[i, j, 1])))
    A = A - sympy.ones(m, n) * (min(A) - 1)
    B = B - sympy.ones(m, n) * (min(B) - 1)

    def vertices(M):  # {z >= 0, M z <= 1}, M is k x d
        k, d = M.shape
        G = sympy.Matrix.vstack(-sympy.eye(d), M)
        h = sympy.Matrix([0] * d + [1] * k)
        out = {}
        for rows in itertools.combinations(range(d + k), d):
            GS = G.extract(list(rows), list(range(d)))
            if GS.det() == 0:
                continue
            z = GS.LUsolve(h.extract(list(rows), [0]))
            slack = h - G * z
            if all(s >= 0 for s in slack):
                out[tuple(z)] = frozenset(i for i in range(d + k) if slack[i] == 0)
        return out

    xs = vertices(B.T)  # labels: 0..m-1 x_i = 0; m..m+n-1 column j best response
    ys = {
        y: frozenset((lab + m) if lab < n else lab - n for lab in labs)
        for y, labs in vertices(A).items()
    }
    full = frozenset(range(m + n))
    eqs = set()
    for x, lx in xs.items():
        for y, ly in ys.items():
            if any(x) and any(y) and lx | ly == full:
                sx, sy = sum(x), sum(y)
                eqs.add(
                    (
                        tuple(Fraction(str(v / sx)) for v in x),
                        tuple(Fraction(str(v / sy)) for v in y),
                    )
                )
    return eqs


def exact_set(result):
    return {e.exact_vectors for e in result}


@pytest.mark.parametrize("seed", range(25))
def test_exact_matches_brute_force_on_degenerate_integer_games(seed):
    rng = np.random.default_rng(seed)
    m, n = rng.integers(1, 4, 2)
    A = rng.integers(0, 3, (m, n))
    B = rng.integers(0, 3, (m, n))
    game = NormalFormGame.from_bimatrix(A, B)
    res = enumerate_equilibria(game, exact=True)
    assert exact_set(res) == brute_force_extreme(game)
    assert res.complete and res.exact and not res.warnings
    assert all(e.exact_regret == 0 for e in res)


@pytest.mark.parametrize("seed", range(60))
def test_float_agrees_with_exact(seed):
    rng = np.random.default_rng(1000 + seed)
    m, n = rng.integers(1, 8, 2)
    A = rng.integers(-2, 3, (m, n))
    B = rng.integers(-2, 3, (m, n))
    game = NormalFormGame.from_bimatrix(A, B)
    exact = enumerate_equilibria(game, exact=True)
    approx = enumerate_equilibria(game)
    assert key(approx) == key(exact)
    assert approx.max_regret <= 1e-8
    assert not approx.warnings


def test_identical_payoffs_everywhere():
    # every profile is an equilibrium: extreme points are the pure profiles
    game = NormalFormGame.from_bimatrix(np.ones((3, 4)), np.ones((3, 4)))
    for exact in (False, True):
        res = enumerate_equilibria(game, exact=exact)
        assert len(res) == 12 and all(e.is_pure for e in res)
        assert {e.properties["component"] for e in res} == {0}


def test_components_separate_isolated_equilibria():
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    res = enumerate_equilibria(bos)
    assert sorted(e.properties["component"] for e in res) == [0, 1, 2]


def test_rational_payoffs_exact_values():
    game = NormalFormGame.from_bimatrix(
        [[Fraction(1, 3), 0], [0, Fraction(2, 7)]], [[Fraction(1, 2), 0], [0, 1]]
    )
    res = enumerate_equilibria(game, exact=True)
    mixed = [e for e in res if not e.is_pure]
    assert len(mixed) == 1
    x, y = mixed[0].exact_vectors
    assert x == (Fraction(2, 3), Fraction(1, 3))
    assert y == (Fraction(6, 13), Fraction(7, 13))


def test_three_players_not_applicable():
    g = NormalFormGame.from_payoff_array(np.zeros((2, 2, 2, 3)))
    with pytest.raises(MethodNotApplicableError, match="two-player games only.*'pure'"):
        enumerate_equilibria(g)


@pytest.mark.parametrize(
    ("tol", "message"),
    [
        (-1e-3, "tol must be a finite number >= 0"),
        (float("nan"), "tol must be a finite number"),
        ("small", "tol must be a number >= 0"),
    ],
)
def test_bad_tolerance_is_rejected(tol, message):
    from gametheory import InvalidGameError

    g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]])
    with pytest.raises(InvalidGameError, match=message):
        enumerate_equilibria(g, tol=tol)


def test_non_game_is_rejected():
    from gametheory import InvalidGameError

    with pytest.raises(InvalidGameError, match="'enumerate' needs a NormalFormGame, got list"):
        enumerate_equilibria([[1, 0], [0, 1]])


@pytest.mark.parametrize("kernel", ["vertices_float", "vertices_qhull", "vertices_subsets"])
def test_float_kernels_agree_with_exact_kernel(kernel):
    from gametheory.solvers import _polytope as poly

    rng = np.random.default_rng(42)
    for _ in range(30):
        k, d = rng.integers(2, 6, 2)
        M = rng.integers(0, 3, (k, d))
        exact_masks, _ = poly.vertices_exact(poly.integer_polytope_matrix(M.astype(object)))
        masks, coords = getattr(poly, kernel)(poly.float_polytope_matrix(M.astype(float)))
        origin = (1 << d) - 1  # z = 0: every z_i >= 0 tight, nothing else
        expected = set(exact_masks) - ({origin} if kernel == "vertices_subsets" else set())
        assert {int(v) for v in masks} == expected
        assert len(coords) == len(masks)


@pytest.mark.parametrize("scale", [1e-6, 1e6, 1e12])
def test_payoff_scale_changes_nothing(scale):
    rng = np.random.default_rng(8)
    for _ in range(10):
        A, B = rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
        base = enumerate_equilibria(NormalFormGame.from_bimatrix(A, B))
        scaled = enumerate_equilibria(NormalFormGame.from_bimatrix(A * scale, B * scale))
        assert key(scaled, digits=6) == key(base, digits=6)
        assert not scaled.warnings and scaled.complete


def test_candidates_failing_the_regret_check_are_dropped_with_a_warning():
    from gametheory.solvers._common import collect

    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    found, warnings = collect(
        pd, [([1, 0], [1, 0]), ([0, 1], [0, 1])], tol=1e-8, exact=False, method="test"
    )
    assert len(found) == 1 and found[0].regret == 0
    assert warnings == [
        "test: rejected 1 candidate profile(s) with regret above 5e-08 "
        "(tol=1e-08 times the payoff spread) (largest regret 2); the game may be "
        "degenerate or "
        "badly scaled"
    ]


def test_lexicographic_search_finds_the_vertices_of_the_all_bases_search():
    from gametheory.solvers import _polytope as poly

    rng = np.random.default_rng(7)
    for _ in range(60):
        k, d = rng.integers(1, 6, 2)
        M = poly.integer_polytope_matrix(rng.integers(0, 3, (k, d)).astype(object))
        lex_masks, lex_coords = poly.vertices_exact(M)
        all_masks, all_coords = poly.vertices_exact(M, lexicographic=False)
        assert dict(zip(lex_masks, lex_coords, strict=True)).keys() == set(all_masks)


def test_origin_with_rounding_noise_is_not_an_equilibrium():
    # Qhull returned the origin of both polytopes as about 7e-18 in every coordinate;
    # the pair of origins must not be taken for an equilibrium (found by a stress run)
    A = [
        [0, 1, 3, 1, 2, 3, 3, 0],
        [2, 1, 3, 2, 1, 1, 1, 0],
        [0, 2, 2, 0, 2, 4, 2, 3],
        [4, 1, 3, 2, 0, 1, 1, 0],
        [4, 0, 4, 0, 3, 0, 3, 2],
        [4, 1, 4, 1, 2, 4, 0, 1],
        [2, 0, 3, 1, 2, 4, 4, 0],
        [3, 0, 0, 4, 0, 4, 4, 1],
    ]
    B = [
        [4, 0, 1, 1, 4, 3, 4, 2],
        [2, 2, 2, 4, 0, 2, 3, 2],
        [0, 3, 2, 0, 1, 0, 3, 1],
        [1, 1, 1, 2, 0, 4, 1, 2],
        [3, 0, 1, 2, 1, 0, 2, 4],
        [0, 2, 1, 3, 4, 3, 0, 4],
        [3, 0, 3, 1, 1, 2, 4, 1],
        [1, 0, 2, 1, 0, 3, 3, 2],
    ]
    game = NormalFormGame.from_bimatrix(A, B)
    approx = enumerate_equilibria(game)
    assert not approx.warnings and approx.complete
    assert key(approx) == key(enumerate_equilibria(game, exact=True))


@pytest.mark.parametrize("seed", range(30))
def test_float_agrees_with_exact_on_larger_tied_games(seed):
    rng = np.random.default_rng(5000 + seed)
    m, n = rng.integers(6, 10, 2)
    A = rng.integers(0, 4, (m, n))
    B = -A if seed % 3 == 0 else rng.integers(0, 4, (m, n))
    game = NormalFormGame.from_bimatrix(A, B)
    approx = enumerate_equilibria(game)
    assert not approx.warnings
    assert key(approx) == key(enumerate_equilibria(game, exact=True))


def test_falls_back_to_pivoting_when_qhull_fails(monkeypatch):
    from scipy.spatial import QhullError

    from gametheory.solvers import _polytope as poly

    def broken(M, **kwargs):
        raise QhullError("QH6154 simulated failure")

    rng = np.random.default_rng(4)
    game = NormalFormGame.from_bimatrix(rng.integers(0, 3, (6, 5)), rng.integers(0, 3, (6, 5)))
    expected = key(enumerate_equilibria(game, exact=True))
    monkeypatch.setattr(poly, "vertices_qhull", broken)
    res = enumerate_equilibria(game)
    assert key(res) == expected and not res.warnings
