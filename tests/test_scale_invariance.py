"""Tolerances are relative to the payoff scale: a game and the same game times 1e-12 or
1e12 have the same equilibria, in float and in exact mode, and games whose payoffs span
more magnitudes than floats resolve are flagged instead of silently mis-solved."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory import NormalFormGame
from gametheory.solvers import (
    enumerate_equilibria,
    lemke_howson,
    pure_equilibria,
    solve,
    support_enumeration,
    vertex_enumeration,
    zero_sum,
)
from gametheory.solvers._common import collect, payoff_scales

SETTINGS = settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
SCALES = [Fraction(1, 10**12), Fraction(10**12)]


@st.composite
def bimatrix(draw, max_size=4):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    A = draw(arrays(np.int64, (m, n), elements=st.integers(-3, 3)))
    B = draw(arrays(np.int64, (m, n), elements=st.integers(-3, 3)))
    return A, B


def scaled(A, B, factor, *, exact):
    if exact:
        conv = np.vectorize(lambda v: Fraction(int(v)) * factor, otypes=[object])
        return NormalFormGame.from_bimatrix(conv(A), conv(B))
    return NormalFormGame.from_bimatrix(A * float(factor), B * float(factor))


def float_set(result, digits=7):
    return {tuple(tuple(np.round(v, digits) + 0.0) for v in e.vectors) for e in result}


@SETTINGS
@given(bimatrix(), st.sampled_from(SCALES))
def test_float_equilibria_do_not_depend_on_the_payoff_scale(AB, factor):
    A, B = AB
    base = NormalFormGame.from_bimatrix(A, B)
    game = scaled(A, B, factor, exact=False)
    for method in (pure_equilibria, enumerate_equilibria):
        ours, theirs = method(base), method(game)
        assert float_set(ours) == float_set(theirs), method.__name__
        assert ours.complete == theirs.complete


@SETTINGS
@given(bimatrix(max_size=3), st.sampled_from(SCALES))
def test_exact_equilibria_do_not_depend_on_the_payoff_scale(AB, factor):
    A, B = AB
    base = NormalFormGame.from_bimatrix(A, B)
    game = scaled(A, B, factor, exact=True)
    for method in (pure_equilibria, enumerate_equilibria):
        ours, theirs = method(base, exact=True), method(game, exact=True)
        assert {e.exact_vectors for e in ours} == {e.exact_vectors for e in theirs}


TINY = 1e-9
PENNIES = (np.array([[TINY, -TINY], [-TINY, TINY]]), np.array([[-TINY, TINY], [TINY, -TINY]]))


@pytest.mark.parametrize("scale", [1e-300, 1e-12, 1e-9, 1.0, 1e12, 1e300])
def test_matching_pennies_at_any_scale(scale):
    game = NormalFormGame.from_bimatrix(PENNIES[0] / TINY * scale, PENNIES[1] / TINY * scale)
    pure = pure_equilibria(game)
    # no pure equilibrium at any scale, and no precision warning; issue 10: the pure
    # list is not complete (the mixed equilibrium below is not in it)
    assert len(pure) == 0 and not pure.warnings
    assert pure.scope == "pure" and not pure.complete
    half = {((0.5, 0.5), (0.5, 0.5))}
    for solver in (
        enumerate_equilibria,
        zero_sum,
        support_enumeration,
        vertex_enumeration,
        lemke_howson,
    ):
        res = solver(game)
        assert float_set(res, 6) == half, solver.__name__
    assert float_set(enumerate_equilibria(game, exact=True), 6) == half
    assert float_set(zero_sum(game, exact=True), 6) == half


def test_the_regret_check_is_relative_to_each_players_spread():
    game = NormalFormGame.from_bimatrix(PENNIES[0], PENNIES[1])
    assert payoff_scales(game).tolist() == [2e-9, 2e-9]
    found, warnings = collect(game, [([1, 0], [1, 0])], tol=1e-8, exact=False, method="t")
    assert found == () and "rejected 1 candidate" in warnings[0]


def test_payoffs_spanning_more_than_float_precision_are_flagged():
    A = np.array([[1e300, 1.0], [1e-300, 0.0]])
    B = np.array([[0.0, 1e-300], [1.0, 1e300]])
    game = NormalFormGame.from_bimatrix(A, B)
    for method in ("pure", "enumerate"):
        res = solve(game, method=method)
        assert not res.complete
        assert any("--exact" in w and "differences as small as" in w for w in res.warnings)
    exact = solve(game, method="enumerate", exact=True)
    assert exact.complete and all(e.exact_regret == 0 for e in exact)
    assert {e.pure_profile()["Row"] + e.pure_profile()["Column"] for e in exact if e.is_pure} == {
        "12"
    }


def test_an_all_zero_game_is_solved_by_every_method():
    game = NormalFormGame.from_bimatrix(np.zeros((3, 3)), np.zeros((3, 3)))
    assert len(pure_equilibria(game)) == 9
    res = vertex_enumeration(game)  # nashpy cannot build these polytopes: said, not crashed
    assert not res.complete and all(e.regret == 0 for e in res)
    if not len(res):
        assert any("use method 'enumerate'" in w for w in res.warnings)


# Issue 12 "Done when": every normal-form method, float and exact where it computes
# exactly, finds the same equilibria in a game and the game times 1e-12 or 1e12.
_EXACT_METHODS = {"pure", "enumerate", "zero-sum"}
_GAMES = {
    # (A, B): B None means zero-sum (B = -A)
    "battle": ([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
    "degenerate 3x2": ([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]),
    "ties 3x3": ([[1, 1, 0], [1, 0, 1], [0, 1, 1]], [[0, 1, 1], [1, 1, 0], [1, 0, 1]]),
    "rps": ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], None),
    "pennies 2x3": ([[1, -1, 2], [-1, 1, -2]], None),
}


def _method_cases():
    for name, (_, B) in _GAMES.items():
        methods = ["pure", "enumerate", "support", "vertex", "lemke-howson", "enumerate-mixed"]
        if B is None:
            methods.append("zero-sum")
        for method in methods:
            for exact in (False, True):
                if exact and method not in _EXACT_METHODS:
                    continue
                yield pytest.param(
                    name, method, exact, id=f"{name}-{method}-{'exact' if exact else 'float'}"
                )


@pytest.mark.parametrize("factor", SCALES, ids=["1e-12", "1e12"])
@pytest.mark.parametrize("name, method, exact", list(_method_cases()))
def test_every_method_finds_the_same_equilibria_at_any_scale(name, method, exact, factor):
    A, B = _GAMES[name]
    A = np.array(A)
    B = -A if B is None else np.array(B)
    base = scaled(A, B, Fraction(1), exact=exact)
    game = scaled(A, B, factor, exact=exact)
    ours, theirs = solve(base, method=method, exact=exact), solve(game, method=method, exact=exact)
    assert len(ours) > 0 or method == "pure"
    if exact:
        assert {e.exact_vectors for e in theirs} == {e.exact_vectors for e in ours}
    else:
        assert float_set(theirs, 6) == float_set(ours, 6)
    assert theirs.complete == ours.complete
    assert theirs.warnings == ours.warnings
    for e in theirs:  # verified against the scaled game's own tolerance
        assert e.regret <= 1e-8 * float(payoff_scales(game).max()) * 1.0001


# Dominance, perfection, properness and the classification compare payoffs too: each
# was absolute (1e-9, or a floor of 1) and at payoffs of 1e-12 found nothing dominated
# and called an improper equilibrium proper (issue 12, found by the re-test).
_DOM = (np.array([[2, 3], [1, 2], [0, 5]]), np.array([[1, 0], [0, 1], [1, 1]]))


def _classified(game):
    from gametheory.game_classes import classify_game

    c = classify_game(game).to_dict()
    c.pop("game", None)
    for e in c.get("pure_equilibria", []):
        e.pop("payoffs", None)
    return c


@pytest.mark.parametrize("factor", [1e-300, 1e-12, 1e12, 1e300])
def test_dominance_and_classification_do_not_depend_on_the_scale(factor):
    from gametheory.perfection import is_proper, is_trembling_hand_perfect
    from gametheory.solvers.dominance import iterated_elimination
    from gametheory.solvers.weak_dominance import iterated_weak_elimination

    A, B = _DOM
    base = NormalFormGame.from_bimatrix(A, B)
    game = NormalFormGame.from_bimatrix(A * factor, B * factor)
    for elim in (iterated_elimination, iterated_weak_elimination):
        ours, theirs = elim(base), elim(game)
        assert [e.describe() for e in theirs] == [e.describe() for e in ours]
        assert len(ours.eliminations) > 0
    for profile in ([[1, 0, 0], [1, 0]], [[0, 0, 1], [0, 1]]):
        assert is_proper(game, profile).holds == is_proper(base, profile).holds
        assert (
            is_trembling_hand_perfect(game, profile).holds
            == is_trembling_hand_perfect(base, profile).holds
        )
    assert is_proper(base, [[0, 0, 1], [0, 1]]).holds is False  # the check can fail
    assert _classified(game) == _classified(base)


@pytest.mark.parametrize("factor", [1e-300, 1e-12, 1e12, 1e300])
def test_replicator_paths_are_the_same_in_rescaled_time(factor):
    # payoffs times c run the same path c times faster; the integrator works in units
    # of the payoff spread, so 1e300 (or +-1.7e308) neither hangs nor overflows
    from gametheory.dynamics import replicator

    A, B = _DOM
    base = replicator(NormalFormGame.from_bimatrix(A, B), start=None, rng=0, t_max=20)
    game = NormalFormGame.from_bimatrix(A * factor, B * factor)
    got = replicator(game, start=None, rng=0, t_max=20 / factor)
    np.testing.assert_allclose(got.iloc[:, 1:].to_numpy(), base.iloc[:, 1:].to_numpy(), atol=1e-6)
    np.testing.assert_allclose(got["time"].to_numpy() * factor, base["time"].to_numpy())
