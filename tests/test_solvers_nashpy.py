"""nashpy adapters: verified results, bounded Lemke-Howson, and cross-checks with enumerate."""

import numpy as np
import pytest

from gametheory import InvalidGameError, MethodNotApplicableError, NormalFormGame
from gametheory.solvers import (
    enumerate_equilibria,
    lemke_howson,
    support_enumeration,
    vertex_enumeration,
)

# nashpy 0.0.43's lexicographic Lemke-Howson never terminates on this game from label 0
# (pivoting runs on each player's payoffs mapped onto [0, 1]; the loop is found there)
LOOPING = NormalFormGame.from_bimatrix(
    [[0, -1, -3], [1, 2, 3], [3, 2, 3]], [[-3, -3, -9], [0, 10, 7], [-3, -7, 5]]
)
LOOP_LABEL = 0


def key(result, digits=6):
    return sorted(tuple(np.round(np.concatenate(e.vectors), digits) + 0.0) for e in result)


@pytest.mark.timeout(60)
def test_lemke_howson_reports_non_convergence_instead_of_looping():
    res = lemke_howson(LOOPING, initial_dropped_label=LOOP_LABEL)
    assert len(res) == 0 and not res.complete
    assert "cycles" in res.warnings[0] and "'enumerate'" in res.warnings[0]


def test_lemke_howson_pivot_bound():
    res = lemke_howson(LOOPING, initial_dropped_label=LOOP_LABEL, max_pivots=1)
    assert len(res) == 0 and "max_pivots=1" in res.warnings[0]


@pytest.mark.parametrize("seed", range(8))
def test_lemke_howson_finds_an_equilibrium_of_generic_games(seed):
    rng = np.random.default_rng(seed)
    game = NormalFormGame.from_bimatrix(rng.random((4, 3)), rng.random((4, 3)))
    everything = key(enumerate_equilibria(game))
    for label in range(7):
        res = lemke_howson(game, initial_dropped_label=label)
        assert len(res) == 1 and res.max_regret <= 1e-8
        assert key(res)[0] in everything


@pytest.mark.parametrize("label", [-1, 6, 1.5, "a", True])
def test_lemke_howson_rejects_bad_labels(label):
    with pytest.raises(
        InvalidGameError, match="initial_dropped_label must be an integer from 0 to 5"
    ):
        lemke_howson(LOOPING, initial_dropped_label=label)


@pytest.mark.parametrize("seed", range(20))
def test_nashpy_agrees_with_enumerate_on_generic_games(seed):
    rng = np.random.default_rng(100 + seed)
    m, n = rng.integers(2, 5, 2)
    game = NormalFormGame.from_bimatrix(rng.normal(size=(m, n)), rng.normal(size=(m, n)))
    ours = key(enumerate_equilibria(game))
    assert key(support_enumeration(game)) == ours
    assert key(vertex_enumeration(game)) == ours


def test_nashpy_misses_equilibria_of_a_degenerate_game_and_we_do_not():
    # the column player is indifferent between L and R against the row player's T:
    # extreme equilibria (T,L), (T,R), (T, [1/2 L, 1/2 R]) ... listed exactly by enumerate
    game = NormalFormGame.from_bimatrix([[1, 1], [0, 2]], [[1, 1], [0, 1]])
    ours = enumerate_equilibria(game, exact=True)
    assert all(e.exact_regret == 0 for e in ours)
    support = support_enumeration(game)
    assert len(support) < len(ours)
    assert set(key(support)) < set(key(ours))
    assert any("degenerate" in w for w in support.warnings)


@pytest.mark.parametrize("seed, shape", [(1, (3, 4)), (230632, (5, 4))], ids=["3x4", "5x4"])
def test_support_enumeration_returns_a_verified_subset_of_the_exact_set(seed, shape):
    """Facts about our code only: however many equilibria nashpy finds on this BLAS,
    the adapter returns verified ones from the exact set and never claims completeness."""
    rng = np.random.default_rng(seed)
    game = NormalFormGame.from_bimatrix(rng.normal(size=shape), rng.normal(size=shape))
    ours = enumerate_equilibria(game, exact=True)  # floats read as exact decimals
    assert len(ours) == 3 and all(e.exact_regret == 0 for e in ours)
    assert ours.complete
    theirs = support_enumeration(game)
    assert 1 <= len(theirs) <= 3 and not theirs.complete
    assert set(key(theirs)) <= set(key(ours))
    assert theirs.max_regret <= 1e-8


def test_adapter_relays_nashpy_warnings_and_rejects_bad_candidates(monkeypatch):
    """A stand-in for nashpy's support enumeration that warns, returns one true
    equilibrium, one non-equilibrium and one non-finite profile."""
    import warnings

    import nashpy

    game = NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])

    def fake(self, non_degenerate=False):
        warnings.warn(
            "An  even number of (2)\n equilibria was returned.", RuntimeWarning, stacklevel=1
        )
        yield np.array([1.0, 0.0]), np.array([1.0, 0.0])  # (T, L): an equilibrium
        yield np.array([1.0, 0.0]), np.array([0.0, 1.0])  # (T, R): not one
        yield np.array([np.nan, 1.0]), np.array([0.0, 1.0])

    monkeypatch.setattr(nashpy.Game, "support_enumeration", fake)
    res = support_enumeration(game)
    assert key(res) == [(1.0, 0.0, 1.0, 0.0)]
    assert "nashpy: An even number of (2) equilibria was returned." in res.warnings
    assert "support: dropped 1 non-finite profile(s)" in res.warnings
    assert any("regret" in w for w in res.warnings)  # (T, R) rejected with a reason
    assert not res.complete


def test_results_are_verified_and_deduplicated():
    game = NormalFormGame.from_bimatrix(np.ones((2, 2)), np.ones((2, 2)))
    res = vertex_enumeration(game)
    assert len(key(res)) == len(set(key(res)))
    assert res.max_regret <= 1e-8 and res.method == "vertex"


def test_three_players_not_applicable():
    g = NormalFormGame.from_payoff_array(np.zeros((2, 2, 2, 3)))
    for f in (support_enumeration, vertex_enumeration, lemke_howson):
        with pytest.raises(MethodNotApplicableError, match="two-player games only"):
            f(g)


def test_lemke_howson_time_bound_and_its_validation():
    res = lemke_howson(LOOPING, initial_dropped_label=LOOP_LABEL, max_time=1e-9)
    assert len(res) == 0 and "no equilibrium within max_time=1e-09 s" in res.warnings[0]
    with pytest.raises(InvalidGameError, match="max_time must be a positive number"):
        lemke_howson(LOOPING, max_time=0)
    with pytest.raises(InvalidGameError, match="max_pivots must be a positive integer"):
        lemke_howson(LOOPING, max_pivots=0)
