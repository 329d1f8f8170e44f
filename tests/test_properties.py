"""Property tests: every returned profile is an equilibrium, and transformations that should
not change the equilibria (positive affine payoff maps, relabelling strategies or players)
change the computed sets only as they should."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory import NormalFormGame
from gametheory.solvers import enumerate_equilibria, pure_equilibria

SETTINGS = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def bimatrix(draw, max_size=4, integer=True):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    if integer:  # small integers: ties and degenerate games are common
        elems = st.integers(-2, 2)
        dtype = np.int64
    else:
        elems = st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=32)
        dtype = np.float64
    A = draw(arrays(dtype, (m, n), elements=elems))
    B = draw(arrays(dtype, (m, n), elements=elems))
    return A, B


def exact_set(result):
    return {e.exact_vectors for e in result}


def float_set(result, digits=7):
    return {tuple(tuple(np.round(v, digits) + 0.0) for v in e.vectors) for e in result}


@SETTINGS
@given(bimatrix(integer=True))
def test_every_profile_is_an_equilibrium_and_modes_agree(ab):
    game = NormalFormGame.from_bimatrix(*ab)
    exact = enumerate_equilibria(game, exact=True)
    approx = enumerate_equilibria(game)
    assert len(exact) >= 1  # every finite game has an equilibrium
    assert all(e.exact_regret == 0 for e in exact)
    assert approx.max_regret <= 1e-8
    assert float_set(approx) == float_set(exact)
    assert len(float_set(approx)) == len(approx) and len(exact_set(exact)) == len(exact)
    # pure equilibria are extreme points of the equilibrium set
    assert float_set(pure_equilibria(game)) <= float_set(exact)


@SETTINGS
@given(bimatrix(integer=False))
def test_float_payoffs(ab):
    game = NormalFormGame.from_bimatrix(*ab)
    res = enumerate_equilibria(game)
    assert len(res) >= 1 and res.max_regret <= 1e-8


@SETTINGS
@given(bimatrix(integer=True), st.integers(1, 5), st.integers(-7, 7), st.booleans())
def test_positive_affine_transform_changes_nothing(ab, scale, shift, which):
    A, B = ab
    if which:
        A = scale * A + shift
    else:
        B = scale * B + shift
    before = exact_set(enumerate_equilibria(NormalFormGame.from_bimatrix(*ab), exact=True))
    after = exact_set(enumerate_equilibria(NormalFormGame.from_bimatrix(A, B), exact=True))
    assert before == after


@SETTINGS
@given(bimatrix(integer=True), st.randoms(use_true_random=False))
def test_relabelling_strategies_and_swapping_players(ab, rnd):
    A, B = ab
    m, n = A.shape
    rows = list(range(m))
    cols = list(range(n))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    base = exact_set(enumerate_equilibria(NormalFormGame.from_bimatrix(A, B), exact=True))
    permuted = exact_set(
        enumerate_equilibria(
            NormalFormGame.from_bimatrix(A[rows][:, cols], B[rows][:, cols]), exact=True
        )
    )
    assert permuted == {(tuple(x[i] for i in rows), tuple(y[j] for j in cols)) for x, y in base}
    swapped = exact_set(enumerate_equilibria(NormalFormGame.from_bimatrix(B.T, A.T), exact=True))
    assert swapped == {(y, x) for x, y in base}


@st.composite
def nplayer(draw):
    k = draw(st.integers(2, 4))
    shape = tuple(draw(st.integers(1, 3)) for _ in range(k))
    return draw(arrays(np.int64, (*shape, k), elements=st.integers(0, 2)))


@SETTINGS
@given(nplayer(), st.randoms(use_true_random=False))
def test_pure_equilibria_under_player_permutation_and_affine_maps(arr, rnd):
    k = arr.shape[-1]
    game = NormalFormGame.from_payoff_array(arr)
    base = {tuple(int(np.argmax(v)) for v in e.vectors) for e in pure_equilibria(game)}
    order = list(range(k))
    rnd.shuffle(order)
    moved = np.transpose(arr, order + [k])[..., order]
    scales = np.array([rnd.randint(1, 4) for _ in range(k)])
    moved = moved * scales - 3
    res = pure_equilibria(NormalFormGame.from_payoff_array(moved))
    got = {tuple(int(np.argmax(v)) for v in e.vectors) for e in res}
    assert got == {tuple(p[i] for i in order) for p in base}
    assert res.max_regret <= 1e-8


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(2, 5), st.integers(2, 5), st.integers(0, 2**32 - 1))  # nashpy needs 2+
def test_matches_nashpy_on_generic_games(m, n, seed):
    import nashpy

    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(m, n)), rng.normal(size=(m, n))  # generic with probability 1
    ours = float_set(enumerate_equilibria(NormalFormGame.from_bimatrix(A, B)), digits=6)
    nash_game = nashpy.Game(A, B)
    vertex = {
        (tuple(np.round(x, 6) + 0.0), tuple(np.round(y, 6) + 0.0))
        for x, y in nash_game.vertex_enumeration()
    }
    support = {
        (tuple(np.round(x, 6) + 0.0), tuple(np.round(y, 6) + 0.0))
        for x, y in nash_game.support_enumeration()
    }
    assert vertex == ours
    # nashpy's support enumeration can lose equilibria to its 1e-16 tolerance even in
    # generic games (see test_solvers_nashpy), but never adds any
    assert support <= ours
    assert len(ours) % 2 == 1  # a non-degenerate game has an odd number of equilibria


@SETTINGS
@given(bimatrix(max_size=4, integer=True))
def test_nash_subsets_are_convex_sets_of_equilibria(ab):
    from fractions import Fraction

    from gametheory import make_equilibrium
    from gametheory.solvers import nash_subsets

    res = enumerate_equilibria(NormalFormGame.from_bimatrix(*ab), exact=True)
    subsets = nash_subsets(res)
    assert set().union(*subsets) == set(range(len(res)))
    for subset in subsets:
        xs = sorted({res[i].exact_vectors[0] for i in subset})
        ys = sorted({res[i].exact_vectors[1] for i in subset})
        assert len(subset) == len(xs) * len(ys)
        # a random-ish convex combination (weights 1, 2, 3, ...) is an equilibrium
        mix = [
            [
                sum(Fraction(w + 1) * v[c] for w, v in enumerate(vs)) / sum(range(1, len(vs) + 1))
                for c in range(len(vs[0]))
            ]
            for vs in (xs, ys)
        ]
        assert make_equilibrium(res.game, mix, exact=True).exact_regret == 0
