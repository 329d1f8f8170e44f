"""Weak dominance: exact comparisons, stated orders, and order dependence on known games."""

import pytest

from gametheory import InvalidGameError, NormalFormGame
from gametheory.solvers import iterated_elimination, solve
from gametheory.solvers.weak_dominance import (
    iterated_weak_elimination,
    weak_elimination_outcomes,
    weakly_dominated_strategies,
)

# Osborne-Rubinstein style example: M weakly dominates T and B; the order decides the outcome
ORDER_GAME = NormalFormGame.from_bimatrix(
    [[1, 0], [1, 2], [0, 2]],
    [[1, 0], [1, 1], [0, 1]],
    strategies=(("T", "M", "B"), ("L", "R")),
)


def test_order_dependence_gives_different_outcomes_and_payoffs():
    outcomes = weak_elimination_outcomes(ORDER_GAME)
    surviving = [o.surviving for o in outcomes]
    assert {"Row": ("T", "M"), "Column": ("L",)} in surviving
    assert {"Row": ("M", "B"), "Column": ("R",)} in surviving
    assert len(outcomes) == 3
    # the two orders reach different payoffs: (1, 1) after removing B first, (2, 1) after T first
    payoffs = {tuple(o.game.payoffs[0, 0]) for o in outcomes if o.game.shape[1] == 1}
    assert payoffs == {(1.0, 1.0), (2.0, 1.0)}
    first = {o.order[0] for o in outcomes if o.game.shape[1] == 1}
    assert first == {("Row", "B"), ("Row", "T")}


def test_every_outcome_sequence_replays_as_an_explicit_order():
    for o in weak_elimination_outcomes(ORDER_GAME):
        res = iterated_weak_elimination(ORDER_GAME, order=o.order)
        assert res.game == o.game
        # nothing weakly dominated is left
        assert all(not weakly_dominated_strategies(o.game, p) for p in o.game.players)


def test_explicit_order_that_is_not_dominated_is_refused():
    with pytest.raises(
        InvalidGameError, match="step 1 of the order: Column's L is not weakly dominated"
    ):
        iterated_weak_elimination(ORDER_GAME, order=[("Column", "L")])
    with pytest.raises(InvalidGameError, match="order must be one of"):
        iterated_weak_elimination(ORDER_GAME, order="random")


def test_simultaneous_and_sequential_orders():
    sim = iterated_weak_elimination(ORDER_GAME)
    assert [(e.round, e.strategy) for e in sim] == [(1, "T"), (1, "B")]
    assert sim.surviving == {"Row": ("M",), "Column": ("L", "R")}
    seq = iterated_weak_elimination(ORDER_GAME, order="sequential")
    assert [e.strategy for e in seq] == ["T", "B"]
    assert "weakly dominated by M" in seq.eliminations[0].describe()


def test_weak_elimination_can_remove_a_nash_equilibrium_but_never_all():
    g = NormalFormGame.from_bimatrix(
        [[1, 0], [0, 0]], [[1, 0], [0, 0]], strategies=(("U", "D"), ("L", "R"))
    )
    pure = {e.label() for e in solve(g, method="pure")}
    assert pure == {"Row U / Column L", "Row D / Column R"}
    (out,) = weak_elimination_outcomes(g)
    assert out.surviving == {"Row": ("U",), "Column": ("L",)}
    # strict elimination removes nothing here
    assert len(iterated_elimination(g)) == 0


def test_ties_are_exact_not_weak_domination():
    g = NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[0, 0], [0, 0]])
    assert weakly_dominated_strategies(g, "Row") == []
    assert len(weak_elimination_outcomes(g)) == 1


def test_mixed_weak_domination():
    # C is weakly dominated by the half-half mixture of A and B, by neither alone
    g = NormalFormGame.from_bimatrix(
        [[4, 0], [0, 4], [2, 1]], [[0, 0], [0, 0], [0, 0]], strategies=(("A", "B", "C"), ("x", "y"))
    )
    assert weakly_dominated_strategies(g, "Row") == []
    found = weakly_dominated_strategies(g, "Row", mixed=True)
    assert [f[0] for f in found] == ["C"]
    w = found[0][1]["A"]
    assert 0.5 - 1e-9 <= w <= 0.75 + 1e-9  # every such mixture pays (4w, 4 - 4w) >= (2, 1)
    assert found[0][2] == pytest.approx(1.0)


def test_search_budget_refuses_with_a_message():
    with pytest.raises(InvalidGameError, match="more than 1 sub-games"):
        weak_elimination_outcomes(ORDER_GAME, max_states=1)
