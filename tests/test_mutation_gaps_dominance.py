"""Tests for the gaps a mutation test of ``solvers/dominance.py`` found (issue 13).

``python benchmarks/mutation.py gametheory/solvers/dominance.py`` runs these against each
injected change. Each test states a fact about the code -- iterated elimination against
a straightforward reimplementation here (pure dominance by comparison, mixed dominance
through its dual: a strategy is strictly dominated exactly when it is a best response
to no belief about the others), known games' records, exact messages, tolerances at
their boundaries -- not the mutant.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

from gametheory import InvalidGameError, NormalFormGame
from gametheory.solvers import dominated_strategies, iterated_elimination
from gametheory.solvers.dominance import Elimination, EliminationResult

# M is dominated by [1/2 T, 1/2 B] with margin 1 (4 in Row's spread of 4: 0.25 of it);
# Z by M (and by T and B), margin 1.
TMBZ = NormalFormGame.from_bimatrix(
    [[4, 0], [1, 1], [0, 4], [0, 0]],
    np.zeros((4, 2)),
    strategies=(("T", "M", "B", "Z"), ("L", "R")),
)

# three rounds: Column's R, then Row's D, then Column's L
THREE_ROUNDS = NormalFormGame.from_bimatrix(
    [[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]], strategies=(("U", "D"), ("L", "M", "R"))
)


# ------------------------------------------------------------------ the oracles
def own_rows(payoffs: np.ndarray, i: int) -> np.ndarray:
    """Player ``i``'s payoffs: one row per own strategy, one column per others' profile."""
    return np.moveaxis(payoffs[..., i], i, 0).reshape(payoffs.shape[i], -1)


def best_reply_gap(U: np.ndarray, s: int) -> float:
    """``min over beliefs q of max over t != s of (U[t] - U[s]) . q``: positive exactly
    when ``s`` is a best reply to no belief (every belief leaves some ``t`` better), i.e.
    strictly dominated by a mixture; by LP duality it is then the largest margin of a
    dominating mixture."""
    others = [t for t in range(len(U)) if t != s]
    D = U[others] - U[s]  # (k, c)
    k, c = D.shape
    # variables (q_1..q_c, z): minimise z subject to D q <= z, q a distribution
    cost = np.r_[np.zeros(c), 1.0]
    res = linprog(
        cost,
        A_ub=np.hstack([D, -np.ones((k, 1))]),
        b_ub=np.zeros(k),
        A_eq=np.r_[np.ones(c), 0.0][None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * c + [(None, None)],
        method="highs",
    )
    assert res.status == 0
    return float(res.x[-1])


def oracle_dominated(U: np.ndarray, *, mixed: bool, rel: float = 1e-7) -> set[int]:
    """Own strategies strictly dominated (by more than ``rel`` times the spread)."""
    if len(U) < 2:
        return set()
    spread = float(U.max() - U.min())
    out = set()
    for s in range(len(U)):
        others = [t for t in range(len(U)) if t != s]
        if any((U[t] - U[s]).min() > rel * spread for t in others):
            out.add(s)
        elif mixed and best_reply_gap(U, s) > rel * spread:
            out.add(s)
    return out


def oracle_elimination(game: NormalFormGame, *, mixed: bool):
    """Iterated simultaneous elimination: ({(round, player, strategy)}, surviving)."""
    keep = [list(range(n)) for n in game.shape]
    record = set()
    round_no = 0
    while True:
        sub = game.payoffs[np.ix_(*keep)]
        gone = [oracle_dominated(own_rows(sub, i), mixed=mixed) for i in range(len(keep))]
        if not any(gone):
            break
        round_no += 1
        for i, g in enumerate(gone):
            for k in g:
                record.add((round_no, game.players[i], game.strategies[i][keep[i][k]]))
            keep[i] = [x for j, x in enumerate(keep[i]) if j not in g]
    surviving = {
        p: tuple(game.strategies[i][k] for k in keep[i]) for i, p in enumerate(game.players)
    }
    return record, surviving


def random_games(seed: int, count: int):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        if rng.random() < 0.3:
            shape = (*(int(k) for k in rng.integers(1, 4, 3)), 3)
        else:
            shape = (*(int(k) for k in rng.integers(1, 5, 2)), 2)
        yield NormalFormGame.from_payoff_array(rng.integers(0, 5, shape).astype(float))


# ------------------------------------------------------------------ against the oracles
@pytest.mark.parametrize("mixed", [False, True], ids=["pure", "mixed"])
@pytest.mark.parametrize("seed", range(4))
def test_iterated_elimination_matches_a_reimplementation(seed, mixed):
    for game in random_games(seed, 10):
        res = iterated_elimination(game, mixed=mixed)
        record, surviving = oracle_elimination(game, mixed=mixed)
        assert {(e.round, e.player, e.strategy) for e in res} == record
        assert res.surviving == surviving
        assert res.rounds == max((r for r, _, _ in record), default=0)
        assert res.original is game and len(res) == len(record)


@pytest.mark.parametrize("seed", range(3))
def test_each_dominator_and_margin_is_the_best(seed):
    """Pure: the dominator is the pure strategy with the largest worst-case advantage, and
    the margin is that advantage; mixed: the margin is the largest a mixture achieves
    (the best-reply gap, by duality), and the mixture achieves it in the game."""
    for game in random_games(100 + seed, 12):
        for i, player in enumerate(game.players):
            U = own_rows(game.payoffs, i)
            labels = game.strategies[i]
            spread = float(U.max() - U.min())
            found = dominated_strategies(game, i)
            assert found == dominated_strategies(game, player)
            assert {labels.index(s) for s, _, _ in found} == oracle_dominated(U, mixed=True)
            for s_label, by, margin in found:
                s = labels.index(s_label)
                others = [t for t in range(len(U)) if t != s]
                worst = {t: float((U[t] - U[s]).min()) for t in others}
                best = max(worst.values())
                if best > 0:
                    first_best = next(t for t in others if worst[t] == best)
                    assert by == {labels[first_best]: 1.0} and margin == pytest.approx(best)
                else:
                    assert margin == pytest.approx(best_reply_gap(U, s), abs=1e-7 * spread)
                    assert all(w > 0 for w in by.values()) and s_label not in by
                    assert sum(by.values()) == pytest.approx(1.0)
                    mix = sum(w * U[labels.index(t)] for t, w in by.items())
                    assert float((mix - U[s]).min()) == pytest.approx(margin, abs=1e-9 * spread)


@pytest.mark.parametrize("factor", [1e-12, 1.0, 1e12])
def test_answers_and_margins_scale_with_the_payoffs(factor):
    """The tolerance is relative to each player's spread: the same strategies at any
    scale, margins in the payoffs' own unit."""
    for game in random_games(7, 8):
        scaled = NormalFormGame.from_payoff_array(game.payoffs * factor)
        ours, theirs = iterated_elimination(game), iterated_elimination(scaled)
        assert [(e.round, e.player, e.strategy) for e in theirs] == [
            (e.round, e.player, e.strategy) for e in ours
        ]
        for a, b in zip(ours, theirs, strict=True):
            assert b.margin == pytest.approx(a.margin * factor, rel=1e-6)
            assert b.dominated_by.keys() == a.dominated_by.keys()


# ------------------------------------------------------------------ known games
def test_mixed_dominator_leaves_out_strategies_of_weight_zero():
    found = dominated_strategies(TMBZ, "Row")
    assert found == [("M", {"T": 0.5, "B": 0.5}, 1.0), ("Z", {"M": 1.0}, 1.0)]
    assert dominated_strategies(TMBZ, "Row", mixed=False) == [("Z", {"M": 1.0}, 1.0)]
    assert dominated_strategies(TMBZ, "Column") == []  # Column's payoffs are all 0


def test_the_tolerance_boundaries():
    """A strategy is dominated when its margin is more than tol times the spread:
    exactly tol is not enough (pure and mixed)."""
    two = NormalFormGame.from_bimatrix([[4, 4], [2, 2]], np.zeros((2, 2)))  # gap 2 of spread 2
    assert dominated_strategies(two, "Row", tol=1.0) == []
    assert dominated_strategies(two, "Row", tol=0.999) == [("2", {"1": 1.0}, 2.0)]
    assert dominated_strategies(two, "Row") == [("2", {"1": 1.0}, 2.0)]  # default tol 1e-9
    tmb = TMBZ.restrict({"Row": ["T", "M", "B"]})  # M: margin 0.25 of the spread
    assert dominated_strategies(tmb, "Row", tol=0.25) == []
    assert dominated_strategies(tmb, "Row", tol=0.2499) == [("M", {"T": 0.5, "B": 0.5}, 1.0)]
    assert iterated_elimination(tmb, tol=0.25).eliminations == ()
    assert iterated_elimination(tmb, tol=0.2499).surviving["Row"] == ("T", "B")
    # an advantage of 5e-11 of the spread is below the default tolerance, not below 1e-11
    tiny = NormalFormGame.from_bimatrix([[1 + 1e-10, 2], [1, 1], [0, 0]], np.zeros((3, 2)))
    assert [s for s, _, _ in dominated_strategies(tiny, "Row")] == ["3"]
    assert [s for s, _, _ in dominated_strategies(tiny, "Row", tol=1e-11)] == ["2", "3"]


def test_a_player_with_one_strategy_or_constant_payoffs_has_nothing_dominated():
    one = NormalFormGame.from_bimatrix([[1, 2, 0]], [[0, 1, 2]])
    assert dominated_strategies(one, "Row") == []
    assert dominated_strategies(one, "Column") == [
        ("1", {"3": 1.0}, 2.0),
        ("2", {"3": 1.0}, 1.0),
    ]
    flat = NormalFormGame.from_bimatrix(np.full((3, 2), 7.0), [[0, 1], [1, 0], [0, 0]])
    assert dominated_strategies(flat, "Row") == [] and dominated_strategies(flat, 0) == []
    res = iterated_elimination(flat)
    assert res.surviving == {"Row": ("1", "2", "3"), "Column": ("1", "2")}


def test_the_record_of_a_three_round_elimination():
    res = iterated_elimination(THREE_ROUNDS)
    assert res.surviving == {"Row": ("U",), "Column": ("M",)}
    assert res.rounds == 3 and len(res) == 3
    assert list(res) == [
        Elimination(1, "Column", "R", {"M": 1.0}, 1.0),
        Elimination(2, "Row", "D", {"U": 1.0}, 1.0),
        Elimination(3, "Column", "L", {"M": 1.0}, 2.0),
    ]
    assert all(e.kind == "strictly" for e in res)
    assert res.options == {"mixed": True, "tol": 1e-9, "max_rounds": None}
    assert res.original is THREE_ROUNDS
    assert res.game.payoffs.tolist() == [[[1.0, 2.0]]]


def test_max_rounds_stops_after_that_many_rounds():
    for limit, surviving in (
        (1, {"Row": ("U", "D"), "Column": ("L", "M")}),
        (2, {"Row": ("U",), "Column": ("L", "M")}),
        (3, {"Row": ("U",), "Column": ("M",)}),
        (4, {"Row": ("U",), "Column": ("M",)}),
    ):
        res = iterated_elimination(THREE_ROUNDS, max_rounds=limit)
        assert res.surviving == surviving and res.rounds == min(limit, 3)
        assert res.options == {"mixed": True, "tol": 1e-9, "max_rounds": limit}
    res = iterated_elimination(THREE_ROUNDS, mixed=0, tol=0)
    assert res.options == {"mixed": False, "tol": 0.0, "max_rounds": None}


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_bad_max_rounds_are_refused(bad):
    with pytest.raises(InvalidGameError) as err:
        iterated_elimination(THREE_ROUNDS, max_rounds=bad)
    assert str(err.value) == f"max_rounds must be a positive integer, got {bad!r}"


def test_only_normal_form_games_and_good_tolerances_are_accepted():
    with pytest.raises(InvalidGameError) as err:
        iterated_elimination([[1, 0], [0, 1]])
    assert str(err.value) == "iterated_elimination needs a NormalFormGame, got list"
    with pytest.raises(InvalidGameError, match=r"^tol must be a finite number >= 0, got -1$"):
        iterated_elimination(THREE_ROUNDS, tol=-1)
    with pytest.raises(InvalidGameError, match=r"^tol must be a finite number >= 0, got -1$"):
        dominated_strategies(THREE_ROUNDS, "Row", tol=-1)


# ------------------------------------------------------------------ rendering
def test_descriptions_frame_and_repr():
    res = iterated_elimination(TMBZ)
    assert [e.describe() for e in res] == [
        "round 1: Row's M is strictly dominated by [T 0.5, B 0.5]",
        "round 1: Row's Z is strictly dominated by M",
    ]
    weak = Elimination(2, "Column", "L", {"R": 1.0}, 3, kind="weakly")
    assert weak.describe() == "round 2: Column's L is weakly dominated by R"
    third = Elimination(1, "Row", "A", {"B": 1 / 3, "C": 2 / 3}, 0.5)
    assert third.describe() == "round 1: Row's A is strictly dominated by [B 0.333, C 0.667]"
    frame = res.to_frame()
    assert list(frame.columns) == ["round", "player", "strategy", "dominated_by", "margin"]
    assert frame.to_dict("records") == [
        {
            "round": 1,
            "player": "Row",
            "strategy": "M",
            "dominated_by": "[T 0.5, B 0.5]",
            "margin": 1.0,
        },
        {"round": 1, "player": "Row", "strategy": "Z", "dominated_by": "M", "margin": 1.0},
    ]
    assert repr(res) == (
        "<EliminationResult 2 strategies eliminated in 1 rounds; reduced game 2x2>"
    )
    three = iterated_elimination(THREE_ROUNDS)
    assert (
        repr(three) == "<EliminationResult 3 strategies eliminated in 3 rounds; reduced game 1x1>"
    )


def test_nothing_eliminated():
    pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    res = iterated_elimination(pennies)
    assert res.rounds == 0 and len(res) == 0 and list(res) == []
    assert res.game.shape == (2, 2) and res.surviving == {"Row": ("1", "2"), "Column": ("1", "2")}
    frame = res.to_frame()
    assert frame.empty
    assert list(frame.columns) == ["round", "player", "strategy", "dominated_by", "margin"]
    assert repr(res) == "<EliminationResult 0 strategies eliminated in 0 rounds; reduced game 2x2>"
    assert isinstance(res, EliminationResult)


def test_labels_containing_by_keep_the_frame_right():
    """The frame's dominated_by column is the dominator's label even when a label has " by "."""
    game = NormalFormGame.from_bimatrix(
        [[1, 1], [0, 0]], np.zeros((2, 2)), strategies=(("go by car", "stand by"), ("L", "R"))
    )
    res = iterated_elimination(game)
    assert res.to_frame()["dominated_by"].tolist() == ["go by car"]
    assert [e.describe() for e in res] == [
        "round 1: Row's stand by is strictly dominated by go by car"
    ]


def test_an_all_zero_player_with_three_strategies_has_nothing_dominated():
    """Spread 0: the player's payoffs are not divided by it (a mixed check on NaNs fails)."""
    game = NormalFormGame.from_bimatrix(np.zeros((3, 2)), [[1, 0], [0, 1], [2, 2]])
    assert dominated_strategies(game, "Row") == []
    res = iterated_elimination(game)
    assert res.surviving == {"Row": ("1", "2", "3"), "Column": ("1", "2")}
