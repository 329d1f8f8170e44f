"""Property tests for the seminar kit: what positive affine payoff maps and relabelling
should not change (weak elimination outcomes, classification of dominance and pure
equilibria, perfection), and facts that hold in every game (weak elimination keeps an
equilibrium; perfect equilibria are undominated; a pure equilibrium found by the solver
that is strict is perfect)."""

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory import NormalFormGame
from gametheory.game_classes import classify_game
from gametheory.perfection import is_trembling_hand_perfect
from gametheory.refinements import is_strict
from gametheory.solvers import enumerate_equilibria, pure_equilibria
from gametheory.solvers.weak_dominance import weak_elimination_outcomes

SETTINGS = settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def games(draw):
    m, n = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    A = draw(arrays(np.int64, (m, n), elements=st.integers(-2, 2)))
    B = draw(arrays(np.int64, (m, n), elements=st.integers(-2, 2)))
    scale = draw(st.tuples(st.integers(1, 4), st.integers(1, 4)))
    shift = draw(st.tuples(st.integers(-3, 3), st.integers(-3, 3)))
    return A, B, scale, shift


def _label(m, n):
    return (tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n)))


@SETTINGS
@given(games())
def test_affine_maps_change_no_weak_outcome_and_no_dominance_fact(data):
    A, B, (a, b), (c, d) = data
    labels = _label(*A.shape)
    g = NormalFormGame.from_bimatrix(A, B, strategies=labels)
    h = NormalFormGame.from_bimatrix(a * A + c, b * B + d, strategies=labels)
    assert [o.surviving for o in weak_elimination_outcomes(g)] == [
        o.surviving for o in weak_elimination_outcomes(h)
    ]
    cg, ch = classify_game(g), classify_game(h)
    for field in (
        "dominant",
        "weakly_dominant",
        "dominance_solvable",
        "weakly_dominance_solvable",
        "kind_2x2",
    ):
        assert getattr(cg, field) == getattr(ch, field), field
    assert [e.profile for e in cg.pure_equilibria] == [e.profile for e in ch.pure_equilibria]
    assert [e.strict for e in cg.pure_equilibria] == [e.strict for e in ch.pure_equilibria]


@SETTINGS
@given(games())
def test_weak_elimination_keeps_an_equilibrium(data):
    A, B, _, _ = data
    g = NormalFormGame.from_bimatrix(A, B, strategies=_label(*A.shape))
    for outcome in weak_elimination_outcomes(g):
        # every equilibrium of the reduced game, padded with zeros, is one of the game
        reduced = enumerate_equilibria(outcome.game, exact=True)
        assert len(reduced) >= 1
        for eq in reduced:
            full = [[Fraction(0)] * n for n in g.shape]
            for i in range(2):
                for s, q in zip(outcome.game.strategies[i], eq.exact_vectors[i], strict=True):
                    full[i][g.strategy_index(i, s)] = q
            assert g.regret(full, exact=True) == 0


@SETTINGS
@given(games())
def test_perfection_on_pure_equilibria(data):
    A, B, (a, b), (c, d) = data
    labels = _label(*A.shape)
    g = NormalFormGame.from_bimatrix(A, B, strategies=labels)
    h = NormalFormGame.from_bimatrix(a * A + c, b * B + d, strategies=labels)
    for eq in pure_equilibria(g):
        check = is_trembling_hand_perfect(g, eq)
        assert check.holds is not None  # two players: always decided
        if is_strict(eq):
            assert check.holds is True  # strict equilibria are perfect
        profile = {p: eq.support(p)[0] for p in g.players}
        assert is_trembling_hand_perfect(h, profile).holds == check.holds
