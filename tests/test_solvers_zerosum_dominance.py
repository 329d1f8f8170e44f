"""zero_sum (LP value and optimal strategies) and iterated elimination of dominated strategies."""

import numpy as np
import pytest

from gametheory import InvalidGameError, MethodNotApplicableError, NormalFormGame
from gametheory.solvers import (
    dominated_strategies,
    enumerate_equilibria,
    iterated_elimination,
    solve,
    zero_sum,
)


@pytest.mark.parametrize("seed", range(10))
def test_zero_sum_value_matches_enumeration(seed):
    rng = np.random.default_rng(seed)
    m, n = rng.integers(1, 6, 2)
    A = rng.integers(-5, 6, (m, n))
    game = NormalFormGame.from_bimatrix(A)
    res = zero_sum(game)
    (eq,) = res
    assert eq.regret <= 1e-8
    values = {round(e.payoffs["Row"], 7) for e in enumerate_equilibria(game, exact=True)}
    assert values == {round(eq.properties["value"], 7)}
    assert eq.payoffs["Row"] == pytest.approx(eq.properties["value"], abs=1e-8)


def test_constant_sum_game_is_accepted():
    game = NormalFormGame.from_bimatrix([[3, 1], [2, 4]], [[2, 4], [3, 1]])
    (eq,) = solve(game, method="zero-sum")
    assert eq.properties["constant_sum"] == 5.0
    assert eq.properties["value"] == pytest.approx(2.5)


def test_non_zero_sum_is_refused_naming_enumerate():
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(MethodNotApplicableError, match="constant-sum.*use method 'enumerate'"):
        zero_sum(pd)


def test_pure_and_mixed_domination():
    # M is dominated by no pure strategy but by [1/2 T, 1/2 B]
    game = NormalFormGame.from_bimatrix(
        [[3, 0], [1, 1], [0, 3]], [[1, 0], [0, 1], [1, 0]], strategies=(("T", "M", "B"), ("L", "R"))
    )
    assert dominated_strategies(game, "Row", mixed=False) == []
    ((s, by, margin),) = dominated_strategies(game, "Row")
    assert s == "M" and by == pytest.approx({"T": 0.5, "B": 0.5}) and margin == pytest.approx(0.5)


def test_iterated_elimination_keeps_every_equilibrium():
    rng = np.random.default_rng(3)
    for _ in range(15):
        A = rng.integers(0, 6, (4, 4))
        B = rng.integers(0, 6, (4, 4))
        game = NormalFormGame.from_bimatrix(A, B)
        res = iterated_elimination(game)
        full = enumerate_equilibria(game, exact=True)
        reduced = enumerate_equilibria(res.game, exact=True)
        assert len(full) == len(reduced)
        # no equilibrium of the full game uses an eliminated strategy
        gone = {(e.player, e.strategy) for e in res}
        for eq in full:
            for p in game.players:
                assert not any((p, s) in gone for s in eq.support(p))
        assert [e.round for e in res] == sorted(e.round for e in res)


def test_elimination_record_and_frame():
    pd = NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D"))
    )
    res = iterated_elimination(pd)
    assert res.surviving == {"Row": ("D",), "Column": ("D",)} and res.rounds == 1
    frame = res.to_frame()
    assert list(frame["strategy"]) == ["C", "C"] and set(frame["dominated_by"]) == {"D"}
    assert "2 strategies eliminated in 1 rounds" in repr(res)


def test_three_players_and_max_rounds():
    rng = np.random.default_rng(0)
    game = NormalFormGame.from_payoff_array(rng.integers(0, 4, (3, 3, 3, 3)))
    res = iterated_elimination(game, max_rounds=1)
    assert res.rounds <= 1
    with pytest.raises(InvalidGameError, match="max_rounds must be a positive integer"):
        iterated_elimination(game, max_rounds=0)


def test_elimination_keeps_every_pure_equilibrium_of_nplayer_games():
    from gametheory.solvers import pure_equilibria

    rng = np.random.default_rng(11)
    for _ in range(10):
        game = NormalFormGame.from_payoff_array(rng.integers(0, 5, (3, 2, 3, 3)))
        res = iterated_elimination(game)
        before = {tuple(e.pure_profile().values()) for e in pure_equilibria(game)}
        after = {tuple(e.pure_profile().values()) for e in pure_equilibria(res.game)}
        assert before == after
        for e in res:  # each recorded dominator really dominates in the game of its round
            assert e.margin > 0 and abs(sum(e.dominated_by.values()) - 1) < 1e-9


def test_exact_zero_sum_value_is_a_fraction_matching_the_lp():
    from fractions import Fraction

    rng = np.random.default_rng(9)
    for _ in range(8):
        game = NormalFormGame.from_bimatrix(rng.integers(-4, 5, (3, 4)))
        (eq,) = solve(game, method="zero-sum", exact=True)
        assert isinstance(eq.properties["value"], Fraction) and eq.exact_regret == 0
        assert float(eq.properties["value"]) == pytest.approx(
            zero_sum(game)[0].properties["value"], abs=1e-9
        )
