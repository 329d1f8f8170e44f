"""Tests for the gaps a mutation test of ``solvers/weak_dominance.py`` found (issue 13).

``python benchmarks/mutation.py gametheory/solvers/weak_dominance.py`` runs these against
each injected change. Each test states a fact about the code -- elimination and the set
of reachable outcomes against a straightforward reimplementation here (exact pure
comparisons, a depth-first search over every order), known games' records, exact
messages, limits at their boundaries -- not the mutant.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from gametheory import InvalidGameError, NormalFormGame
from gametheory.solvers.dominance import Elimination
from gametheory.solvers.weak_dominance import (
    iterated_weak_elimination,
    weak_elimination_outcomes,
    weakly_dominated_strategies,
)

# M weakly dominates T and B; the order decides the outcome (three outcomes)
ORDER_GAME = NormalFormGame.from_bimatrix(
    [[1, 0], [1, 2], [0, 2]],
    [[1, 0], [1, 1], [0, 1]],
    strategies=(("T", "M", "B"), ("L", "R")),
)

# C is weakly dominated by mixtures of A and B (w_A in [1/2, 3/4]), by neither alone; D by
# A and by B (pure, A first)
MIXED = NormalFormGame.from_bimatrix(
    [[4, 0], [0, 4], [2, 1], [0, 0]],
    np.zeros((4, 2)),
    strategies=(("A", "B", "C", "D"), ("x", "y")),
)


# ------------------------------------------------------------------ the oracles
def own_rows(game: NormalFormGame, i: int, keep) -> list[list[Fraction]]:
    sub = game.exact_payoffs[np.ix_(*keep)][..., i]
    return np.moveaxis(sub, i, 0).reshape(len(keep[i]), -1).tolist()


def pure_weak(rows) -> list[tuple[int, int]]:
    """(s, first t that weakly dominates s) for each weakly dominated s, exactly."""
    out = []
    for s, u in enumerate(rows):
        for t, v in enumerate(rows):
            if (
                t != s
                and all(a >= b for a, b in zip(v, u, strict=True))
                and any(a > b for a, b in zip(v, u, strict=True))
            ):
                out.append((s, t))
                break
    return out


def moves(game, keep):
    """Every (player, position in keep, dominator position) weakly dominated in ``keep``."""
    return [
        (i, s, t) for i in range(game.num_players) for s, t in pure_weak(own_rows(game, i, keep))
    ]


def oracle_outcomes(game) -> dict[tuple, int]:
    """Every final sub-game reachable by single eliminations, with its shortest depth."""
    best: dict[tuple, int] = {}
    seen: dict[tuple, int] = {}

    def visit(keep, depth):
        key = tuple(tuple(k) for k in keep)
        if seen.get(key, 10**9) <= depth:
            return
        seen[key] = depth
        found = moves(game, keep)
        if not found:
            best[key] = min(best.get(key, 10**9), depth)
        for i, s, _ in found:
            nxt = [list(k) for k in keep]
            del nxt[i][s]
            visit(nxt, depth + 1)

    visit([list(range(n)) for n in game.shape], 0)
    return best


def oracle_simultaneous(game, *, sequential: bool = False):
    keep = [list(range(n)) for n in game.shape]
    record = []
    step = 0
    while found := moves(game, keep):
        step += 1
        if sequential:
            found = found[:1]
        for i, s, t in found:
            label, by = game.strategies[i][keep[i][s]], game.strategies[i][keep[i][t]]
            record.append((step, game.players[i], label, by))
        gone = {(i, keep[i][s]) for i, s, _ in found}
        keep = [[k for k in ks if (i, k) not in gone] for i, ks in enumerate(keep)]
    return record, keep


def random_games(seed: int, count: int):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        if rng.random() < 0.3:
            shape = (*(int(k) for k in rng.integers(1, 3, 3)), 3)
        else:
            shape = (*(int(k) for k in rng.integers(1, 4, 2)), 2)
        yield NormalFormGame.from_payoff_array(rng.integers(0, 3, shape))


# ------------------------------------------------------------------ against the oracles
@pytest.mark.parametrize("seed", range(3))
def test_every_reachable_outcome_is_found_with_a_shortest_order(seed):
    for game in random_games(seed, 12):
        outcomes = weak_elimination_outcomes(game)
        expected = oracle_outcomes(game)
        states = [
            tuple(
                tuple(game.strategies[i].index(s) for s in o.game.strategies[i]) for i in range(2)
            )
            if game.num_players == 2
            else tuple(
                tuple(game.strategies[i].index(s) for s in o.game.strategies[i])
                for i in range(game.num_players)
            )
            for o in outcomes
        ]
        assert states == sorted(expected)  # sorted by the surviving positions
        for state, o in zip(states, outcomes, strict=True):
            assert len(o.sequence) == expected[state]
            assert [e.round for e in o.sequence] == list(range(1, len(o.sequence) + 1))
            assert all(e.kind == "weakly" for e in o.sequence)
            assert o.order == [(e.player, e.strategy) for e in o.sequence]
            assert iterated_weak_elimination(game, order=o.order).game == o.game


@pytest.mark.parametrize("seed", range(3))
def test_simultaneous_and_sequential_orders_match_a_reimplementation(seed):
    for game in random_games(10 + seed, 12):
        for order, sequential in (("simultaneous", False), ("sequential", True)):
            res = iterated_weak_elimination(game, order=order)
            record, keep = oracle_simultaneous(game, sequential=sequential)
            got = [(e.round, e.player, e.strategy, next(iter(e.dominated_by))) for e in res]
            assert got == record
            assert res.surviving == {
                p: tuple(game.strategies[i][k] for k in keep[i]) for i, p in enumerate(game.players)
            }
            assert all(len(e.dominated_by) == 1 for e in res)


# ------------------------------------------------------------------ known games
def test_pure_dominators_and_total_advantages_are_exact():
    assert weakly_dominated_strategies(MIXED, "Row") == [("D", {"A": 1.0}, Fraction(4))]
    found = weakly_dominated_strategies(ORDER_GAME, "Row")
    assert found == [("T", {"M": 1.0}, Fraction(2)), ("B", {"M": 1.0}, Fraction(1))]
    assert all(type(g) is Fraction for _, _, g in found)
    assert weakly_dominated_strategies(ORDER_GAME, 1) == []
    tm = ORDER_GAME.restrict({"Row": ["T", "M"]})
    assert weakly_dominated_strategies(tm, 1) == [("R", {"L": 1.0}, Fraction(1))]
    # equal rows are not weak domination; a row better in one place and equal elsewhere is
    g = NormalFormGame.from_bimatrix([[1, 1], [1, 1], [1, 0]], np.zeros((3, 2)))
    assert weakly_dominated_strategies(g, "Row") == [("3", {"1": 1.0}, Fraction(1))]


def test_mixed_weak_domination_lists_each_strategy_once():
    found = weakly_dominated_strategies(MIXED, "Row", mixed=True)
    assert [s for s, _, _ in found] == ["D", "C"]  # the pure finds first
    (_, by, gain) = found[1]
    assert set(by) == {"A", "B"} and sum(by.values()) == pytest.approx(1.0)
    assert 0.5 - 1e-9 <= by["A"] <= 0.75 + 1e-9
    assert gain == pytest.approx(1.0) and type(gain) is float  # 4 - 3 in total
    # C alone: no pure dominator at all
    abc = MIXED.restrict({"Row": ["A", "B", "C"]})
    assert weakly_dominated_strategies(abc, "Row") == []
    assert [s for s, _, _ in weakly_dominated_strategies(abc, "Row", mixed=True)] == ["C"]


def test_a_mixture_only_equal_to_the_strategy_does_not_dominate_it():
    """C = (2, 2) equals the half-half mixture of A = (4, 0) and B = (0, 4) everywhere."""
    g = NormalFormGame.from_bimatrix([[4, 0], [0, 4], [2, 2]], np.zeros((3, 2)))
    assert weakly_dominated_strategies(g, "Row", mixed=True) == []
    # a mixture better by the tolerance's order only is not enough either
    for eps, found in ((1e-12, []), (1e-6, ["3"])):
        h = NormalFormGame.from_bimatrix([[4, 0], [0, 4], [2 - eps, 2]], np.zeros((3, 2)))
        assert [s for s, _, _ in weakly_dominated_strategies(h, "Row", mixed=True)] == found


def test_with_two_strategies_the_mixed_check_stays_exact():
    """A mixture of one other strategy is that strategy: with two strategies the exact
    comparison decides, and a shortfall of 1e-12 is not weak domination."""
    g = NormalFormGame.from_bimatrix([[1, 2], [1 + 1e-12, 1]], np.zeros((2, 2)))
    assert weakly_dominated_strategies(g, "Row", mixed=True) == []
    assert weakly_dominated_strategies(g, "Row", mixed=False) == []


@pytest.mark.parametrize("factor", [1e-12, 1e12])
def test_mixed_weak_domination_does_not_depend_on_the_scale(factor):
    g = NormalFormGame.from_payoff_array(
        MIXED.payoffs * factor, players=MIXED.players, strategies=MIXED.strategies
    )
    found = weakly_dominated_strategies(g, "Row", mixed=True)
    assert [s for s, _, _ in found] == ["D", "C"]
    assert found[1][2] == pytest.approx(1.0 * factor)
    assert float(found[0][2]) == pytest.approx(4.0 * factor)


def test_mixed_weak_domination_at_the_edge_of_the_float_range():
    """The spread 1e308 - -1e308 overflows; the check still works in units of the largest float."""
    big = 1e308
    g = NormalFormGame.from_bimatrix(
        [[big, -big], [-big, big], [0.0, -big / 2]],
        np.zeros((3, 2)),
        strategies=(("A", "B", "C"), ("x", "y")),
    )
    found = weakly_dominated_strategies(g, "Row", mixed=True)
    assert [s for s, _, _ in found] == ["C"] and set(found[0][1]) == {"A", "B"}
    assert np.isfinite(found[0][2]) and found[0][2] > 0


def test_explicit_orders():
    res = iterated_weak_elimination(ORDER_GAME, order=[(0, "T"), ("Row", "B")])
    assert res.options == {
        "weak": True,
        "order": [("Row", "T"), ("Row", "B")],
        "mixed": False,
        "tol": 1e-9,
    }
    assert list(res) == [
        Elimination(1, "Row", "T", {"M": 1.0}, 2.0, kind="weakly"),
        Elimination(2, "Row", "B", {"M": 1.0}, 1.0, kind="weakly"),
    ]
    assert all(type(e.margin) is float for e in res)
    # an explicit order stops where it ends, even with more to eliminate
    assert iterated_weak_elimination(ORDER_GAME, order=[]).surviving == {
        "Row": ("T", "M", "B"),
        "Column": ("L", "R"),
    }
    one = iterated_weak_elimination(ORDER_GAME, order=[("Row", "B")])
    assert one.surviving == {"Row": ("T", "M"), "Column": ("L", "R")}
    with pytest.raises(InvalidGameError) as err:
        iterated_weak_elimination(ORDER_GAME, order=[("Row", "B"), ("Row", "B")])
    assert str(err.value) == "step 2 of the order: Row's B is not weakly dominated at that point"
    with pytest.raises(InvalidGameError) as err:
        iterated_weak_elimination(ORDER_GAME, order=[("Row", "B"), ("Row", "M")])
    assert str(err.value) == "step 2 of the order: Row's M is not weakly dominated at that point"
    with pytest.raises(InvalidGameError, match="unknown strategy 'X' of player 'Row'"):
        iterated_weak_elimination(ORDER_GAME, order=[("Row", "B"), ("Row", "X")])


def test_sequential_removes_one_strategy_a_step():
    res = iterated_weak_elimination(ORDER_GAME, order="sequential", mixed=1, tol=0)
    assert [(e.round, e.player, e.strategy) for e in res] == [(1, "Row", "T"), (2, "Row", "B")]
    assert res.options == {"weak": True, "order": "sequential", "mixed": True, "tol": 0.0}
    sim = iterated_weak_elimination(ORDER_GAME)
    assert [(e.round, e.strategy) for e in sim] == [(1, "T"), (1, "B")]
    assert sim.options["order"] == "simultaneous"


def test_bad_arguments_are_refused_with_their_messages():
    with pytest.raises(InvalidGameError) as err:
        iterated_weak_elimination(ORDER_GAME, order="random")
    assert str(err.value) == (
        "order must be one of simultaneous, sequential or a sequence of (player, strategy) "
        "pairs, got 'random'"
    )
    for call in (
        lambda: weakly_dominated_strategies([[1]], 0),
        lambda: iterated_weak_elimination([[1]]),
        lambda: weak_elimination_outcomes([[1]]),
    ):
        with pytest.raises(InvalidGameError) as err:
            call()
        assert str(err.value) == "weak dominance needs a NormalFormGame, got list"
    for call in (
        lambda: weakly_dominated_strategies(ORDER_GAME, 0, tol=-1),
        lambda: iterated_weak_elimination(ORDER_GAME, tol=-1),
        lambda: weak_elimination_outcomes(ORDER_GAME, tol=-1),
    ):
        with pytest.raises(InvalidGameError, match=r"^tol must be a finite number >= 0, got -1$"):
            call()


def test_the_search_budget_at_its_boundary():
    """ORDER_GAME's search visits 6 sub-games: a budget of 6 is enough, 5 is not."""
    assert len(weak_elimination_outcomes(ORDER_GAME, max_states=6)) == 3
    with pytest.raises(InvalidGameError) as err:
        weak_elimination_outcomes(ORDER_GAME, max_states=5)
    assert str(err.value) == (
        "exploring elimination orders visits more than 5 sub-games; raise the limit with "
        "max_states= (--max-states) or use iterated_weak_elimination (one order, --order)"
    )


def test_the_outcomes_of_the_order_game():
    outcomes = weak_elimination_outcomes(ORDER_GAME)
    assert [o.surviving for o in outcomes] == [
        {"Row": ("T", "M"), "Column": ("L",)},
        {"Row": ("M",), "Column": ("L", "R")},
        {"Row": ("M", "B"), "Column": ("R",)},
    ]
    assert [o.sequence for o in outcomes] == [
        (
            Elimination(1, "Row", "B", {"M": 1.0}, 1.0, kind="weakly"),
            Elimination(2, "Column", "R", {"L": 1.0}, 1.0, kind="weakly"),
        ),
        (
            Elimination(1, "Row", "T", {"M": 1.0}, 2.0, kind="weakly"),
            Elimination(2, "Row", "B", {"M": 1.0}, 1.0, kind="weakly"),
        ),
        (
            Elimination(1, "Row", "T", {"M": 1.0}, 2.0, kind="weakly"),
            Elimination(2, "Column", "L", {"R": 1.0}, 1.0, kind="weakly"),
        ),
    ]
    # a game with nothing to eliminate is its own single outcome
    (only,) = weak_elimination_outcomes(NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]))
    assert only.sequence == () and only.game.shape == (2, 2)


def test_the_mixed_check_at_tolerance_zero():
    """With tol = 0 a mixture must be nowhere worse (a gap of exactly 0 is fine) and better
    in total (a total of exactly 0 is not)."""
    abc = MIXED.restrict({"Row": ["A", "B", "C"]})  # C = (2, 1): (2, 2) or (3, 1) beat it
    assert [s for s, _, _ in weakly_dominated_strategies(abc, "Row", mixed=True, tol=0)] == ["C"]
    equal = NormalFormGame.from_bimatrix([[4, 0], [0, 4], [2, 2]], np.zeros((3, 2)))
    assert weakly_dominated_strategies(equal, "Row", mixed=True, tol=0) == []


def test_the_mixed_tolerance_is_relative_to_the_payoff_spread():
    """C = (6 - e, 6) against A = (8, 4), B = (4, 8): every dominating mixture gains e in
    total; Row's spread is 8 - 4 = 4, so the relative gain is e / 4 = 2.5e-4."""
    e = 1e-3
    g = NormalFormGame.from_bimatrix([[8, 4], [4, 8], [6 - e, 6]], np.zeros((3, 2)))
    for tol, found in ((2e-4, ["3"]), (3e-4, [])):
        got = weakly_dominated_strategies(g, "Row", mixed=True, tol=tol)
        assert [s for s, _, _ in got] == found, tol
        if found:
            assert got[0][2] == pytest.approx(e, rel=1e-6)
        res = iterated_weak_elimination(g, mixed=True, tol=tol)
        assert [x.strategy for x in res] == found and res.original is g
        outcomes = weak_elimination_outcomes(g, mixed=True, tol=tol)
        assert [o.order for o in outcomes] == [[("Row", s) for s in found]]
    # the defaults: no mixed check in the search; tol 1e-9 when it is asked for
    assert [o.order for o in weak_elimination_outcomes(g)] == [[]]
    assert [o.order for o in weak_elimination_outcomes(g, mixed=True)] == [[("Row", "3")]]
    assert [x.strategy for x in iterated_weak_elimination(g, mixed=True)] == ["3"]


def test_a_player_whose_payoffs_are_all_equal_has_nothing_weakly_dominated():
    g = NormalFormGame.from_bimatrix(np.full((3, 2), 5.0), [[1, 0], [0, 1], [1, 1]])
    assert weakly_dominated_strategies(g, "Row", mixed=True) == []
    (only,) = weak_elimination_outcomes(g, mixed=True)
    assert only.surviving["Row"] == ("1", "2", "3")


def test_the_mixed_check_looks_past_a_strategy_the_pure_check_found():
    """D (pure-dominated) comes first; C (mixed-dominated) after it is still examined."""
    g = MIXED.restrict({"Row": ["D", "A", "B", "C"]})
    found = weakly_dominated_strategies(g, "Row", mixed=True)
    assert [s for s, _, _ in found] == ["D", "C"]
    res = iterated_weak_elimination(g, mixed=True)
    assert [(x.round, x.strategy) for x in res] == [(1, "D"), (1, "C")]
    assert res.original is g and res.surviving["Row"] == ("A", "B")
