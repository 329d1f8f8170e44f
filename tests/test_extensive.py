"""Extensive-form games: building, structure checks, conversions and classic trees with known answers."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from gametheory.errors import InvalidGameError, MethodNotApplicableError
from gametheory.extensive import (
    ExtensiveFormGame,
    agent_form,
    chance,
    classics,
    decision,
    make_behavior_profile,
    reduced_normal_form,
    terminal,
)
from gametheory.extensive.enumerate import enumerate_extensive
from gametheory.extensive.evaluate import player_regrets
from gametheory.extensive.sequence_solvers import sequence_lcp, sequence_lp
from gametheory.extensive.solve import solve_extensive
from gametheory.extensive.spe import subgame_perfect
from gametheory.extensive.subgames import subgame_regret, subgame_roots


def _pure(result):
    """The set of pure profiles in a result, as tuples of chosen actions per player."""
    out = set()
    for e in result:
        if e.is_pure:
            out.add(tuple(tuple(max(d, key=d.get) for d in e[p]) for p in e.game.players))
    return out


# ------------------------------------------------------------------ building
def test_preorder_infosets_and_labels():
    g = classics.kuhn_poker()
    assert [n.index for n in g.walk()] == list(range(len(g.nodes)))
    assert g.root.is_chance and sum(g.root.probabilities) == 1
    assert [s.label for s in g.infosets[0]][:2] == ["J", "J check-bet"]
    for sets in g.infosets:
        firsts = [s.nodes[0] for s in sets]
        assert firsts == sorted(firsts)  # order of first appearance
    assert g.has_perfect_recall and not g.is_perfect_information and g.is_zero_sum()


def test_from_dict_equals_builder():
    a = classics.entry_deterrence()
    b = ExtensiveFormGame.from_dict(
        {
            "title": "Entry deterrence",
            "players": ["Entrant", "Incumbent"],
            "tree": {
                "player": "Entrant",
                "infoset": "Enter?",
                "moves": {
                    "Out": {"payoffs": {"Entrant": 0, "Incumbent": 2}},
                    "In": {
                        "player": "Incumbent",
                        "infoset": "Respond",
                        "moves": {
                            "Fight": {"payoffs": [-1, -1]},
                            "Accommodate": {"payoffs": [1, 1]},
                        },
                    },
                },
            },
        }
    )
    assert a == b and hash(a) == hash(b)


@pytest.mark.parametrize(
    "build, message",
    [
        (
            lambda: chance({"a": ("1/2", terminal([1])), "b": ("1/3", terminal([1]))}),
            "sum to 5/6, not 1",
        ),
        (lambda: chance({"a": (-1, terminal([1])), "b": (2, terminal([1]))}), "negative"),
        (
            lambda: ExtensiveFormGame.from_tree(
                decision("A", {"x": terminal([1, 2])}), players=["A"]
            ),
            "2 payoffs for 1 players",
        ),
        (
            lambda: ExtensiveFormGame.from_tree(decision("Z", {"x": terminal([1])}), players=["A"]),
            "player 'Z' is not one of the players",
        ),
        (
            lambda: ExtensiveFormGame.from_tree(
                decision(
                    "A",
                    {
                        "l": decision("B", {"x": terminal([0, 0])}, infoset="s"),
                        "r": decision("B", {"y": terminal([0, 0])}, infoset="s"),
                    },
                )
            ),
            "has actions ['x'] at its first node but ['y'] here",
        ),
        (
            lambda: ExtensiveFormGame.from_dict(
                {"tree": {"player": "A", "moves": {"x": {"payof": [1]}}}}
            ),
            "expected 'payoffs' (terminal) or 'moves'",
        ),
        (lambda: decision("A", {}), "moves must be a non-empty mapping"),
    ],
    ids=[
        "sum",
        "negative",
        "payoff-count",
        "unknown-player",
        "infoset-actions",
        "typo",
        "no-moves",
    ],
)
def test_bad_trees_are_refused_with_a_message(build, message):
    with pytest.raises(InvalidGameError, match=re.escape(message)):
        build()


def test_imperfect_recall_is_refused_in_one_line():
    g = ExtensiveFormGame.from_dict(
        {
            "players": ["A", "B"],
            "tree": {
                "player": "A",
                "moves": {
                    "l": {
                        "player": "A",
                        "infoset": "later",
                        "moves": {"x": {"payoffs": [1, 0]}, "y": {"payoffs": [0, 0]}},
                    },
                    "r": {
                        "player": "A",
                        "infoset": "later",
                        "moves": {"x": {"payoffs": [0, 0]}, "y": {"payoffs": [2, 0]}},
                    },
                },
            },
        }
    )
    assert not g.has_perfect_recall
    for method in ("spe", "lcp"):
        with pytest.raises(MethodNotApplicableError) as err:
            solve_extensive(g, method=method)
        assert "\n" not in str(err.value) and "perfect recall" in str(err.value)
    # the reduced-normal-form route still works: A picks l then x or r then y (payoff 2 needs r, y)
    res = enumerate_extensive(g, pure=True)
    assert any(e.payoffs["A"] == 2 for e in res)
    # without perfect recall Kuhn's theorem does not hold: the list is never called complete
    for pure in (True, False):
        res = enumerate_extensive(g, pure=pure)
        assert res.complete is False
        assert any("imperfect recall" in w for w in res.warnings)


def test_enumeration_of_a_perfect_recall_tree_is_complete():
    res = enumerate_extensive(classics.entry_deterrence())
    assert res.complete is True
    assert not any("imperfect recall" in w for w in res.warnings)


# ------------------------------------------------------------- conversions
def test_reduced_normal_form_of_centipede():
    rnf = reduced_normal_form(classics.centipede(4))
    assert rnf.game.strategies[0] == ("Take", "Pass/Take", "Pass/Pass")
    assert rnf.game.shape == (3, 3)
    # Take at once: (2, 1/2) whatever Bob does
    assert rnf.game.payoff({"Alice": "Take", "Bob": "Pass/Pass"}, exact=True) == {
        "Alice": 2,
        "Bob": Fraction(1, 2),
    }


def test_agent_form_players_are_information_sets():
    af = agent_form(classics.selten_horse())
    assert af.game.players == ("Player 1:1", "Player 2:2", "Player 3:3")
    assert af.game.payoff({"Player 1:1": "D", "Player 2:2": "a", "Player 3:3": "L"}) == {
        "Player 1:1": 3.0,
        "Player 2:2": 3.0,
        "Player 3:3": 2.0,
    }


def test_kuhn_reduced_normal_form_is_zero_sum_with_value_minus_1_18():
    from gametheory.solvers import solve

    nfg = reduced_normal_form(classics.kuhn_poker()).game
    assert nfg.shape == (27, 64)
    res = solve(nfg, method="zero-sum")
    assert res[0].regret <= 1e-8
    assert res[0].payoffs["Player 1"] == pytest.approx(-1 / 18)


# ------------------------------------------------------------------ classics
def test_entry_deterrence_spe_and_non_credible_nash():
    g = classics.entry_deterrence()
    spe = subgame_perfect(g)
    assert _pure(spe) == {(("In",), ("Accommodate",))} and spe.complete
    nash = enumerate_extensive(g)
    assert _pure(nash) == {(("In",), ("Accommodate",)), (("Out",), ("Fight",))}
    threat = next(e for e in nash if e.is_pure and e["Entrant"][0]["Out"] == 1)
    assert threat.regret == 0 and subgame_regret(g, threat.probabilities) == 2  # fighting costs 2


def test_centipede_backward_induction_takes_at_once():
    for rounds in (1, 2, 5, 8):
        g = classics.centipede(rounds)
        res = subgame_perfect(g)
        assert len(res) == 1 and res.complete and res.exact
        assert all(d["Take"] == 1 for p in g.players for d in res[0][p])
        assert res[0].payoffs == {"Alice": 2.0, "Bob": 0.5}
    assert subgame_roots(classics.centipede(3)) == (0, 2, 4)


def test_selten_horse_spe_is_every_nash_but_only_one_is_sequential():
    from gametheory.extensive.sequential import assess

    g = classics.selten_horse()
    assert subgame_roots(g) == (0,)  # player 3's information set spans the tree
    res = subgame_perfect(g)
    pure = _pure(res)
    assert (("D",), ("a",), ("L",)) in pure and (("A",), ("a",), ("R",)) in pure
    good = make_behavior_profile(
        g, {"Player 1": [{"A": 1}], "Player 2": [{"a": 1}], "Player 3": [{"R": 1}]}, exact=True
    )
    bad = make_behavior_profile(
        g, {"Player 1": [{"D": 1}], "Player 2": [{"a": 1}], "Player 3": [{"L": 1}]}, exact=True
    )
    assert good.exact_regret == 0 and bad.exact_regret == 0
    assert assess(g, good).sequential and not assess(g, bad).sequential


def test_beer_quiche_two_pooling_pbe_no_separating():
    from gametheory.extensive.sequential import perfect_bayesian_equilibria

    g = classics.beer_quiche()
    found = perfect_bayesian_equilibria(g)
    kinds = {(a.kind, a.messages) for a in found}
    assert ("pooling", ("beer", "beer")) in kinds and ("pooling", ("quiche", "quiche")) in kinds
    assert not any(a.kind == "separating" for a in found)
    for a in found:
        assert a.profile.exact_regret == 0 and a.sequential
        off = [k for k, on in enumerate(a.assessment.on_path[1]) if not on]
        for k in off:  # the off-path belief that deters puts weight >= 1/2 on the weak type
            assert a.assessment.beliefs[1][k][1] >= 0.5 - 1e-9


def test_job_market_separating_and_pooling():
    from gametheory.extensive.sequential import perfect_bayesian_equilibria

    found = perfect_bayesian_equilibria(classics.job_market())
    kinds = {(a.kind, a.messages) for a in found}
    assert ("separating", ("educate", "don't")) in kinds
    assert ("pooling", ("don't", "don't")) in kinds


def test_kuhn_poker_value_minus_one_eighteenth():
    g = classics.kuhn_poker()
    lp = sequence_lp(g)
    assert lp.value["Player 1"] == pytest.approx(-1 / 18, abs=1e-9)
    exact = sequence_lp(g, exact=True)
    assert exact.value == {"Player 1": Fraction(-1, 18), "Player 2": Fraction(1, 18)}
    assert exact[0].exact_regret == 0
    lcp = sequence_lcp(g)
    assert lcp[0].exact_regret == 0 and lcp[0].payoffs["Player 1"] == pytest.approx(-1 / 18)
    # facts of every equilibrium: a jack folds to a bet, a king calls one
    assert lcp[0].action_probability("Player 1", "J check-bet", "Fold") == 1
    assert lcp[0].action_probability("Player 2", "K after bet", "Call") == 1


@pytest.mark.parametrize(
    "factory",
    [
        classics.entry_deterrence,
        classics.beer_quiche,
        classics.job_market,
        lambda: classics.centipede(4),
    ],
    ids=["entry", "beer-quiche", "job-market", "centipede"],
)
def test_lcp_finds_an_equilibrium_that_enumeration_lists(factory):
    g = factory()
    lcp = sequence_lcp(g)
    assert len(lcp) == 1 and lcp[0].exact_regret == 0
    assert player_regrets(g, lcp[0].probabilities) == [0, 0]


def test_regret_is_invariant_to_affine_payoff_changes():
    g = classics.beer_quiche()
    from gametheory.io.efg import format_efg, parse_efg

    text = format_efg(g)
    res = subgame_perfect(g)
    shifted = ExtensiveFormGame.from_tree(
        _scaled(parse_efg(text)), players=g.players, title=g.title
    )
    for e in res:
        assert make_behavior_profile(shifted, e.probabilities, exact=True).exact_regret == 0


def _scaled(game):
    from gametheory.extensive.builder import TreeSpec

    specs = {}
    for n in reversed(game.nodes):
        if n.is_terminal:
            specs[n.index] = TreeSpec("terminal", payoffs=tuple(3 * v + 7 for v in n.payoffs))
        elif n.is_chance:
            specs[n.index] = TreeSpec(
                "chance",
                tuple(zip(n.actions, (specs[c] for c in n.children), strict=False)),
                probabilities=n.probabilities,
            )
        else:
            specs[n.index] = TreeSpec(
                "decision",
                tuple(zip(n.actions, (specs[c] for c in n.children), strict=False)),
                player=n.player,
                infoset=f"#{n.infoset}",
            )
    return specs[0]


def test_solve_extensive_auto_and_unknown_method():
    assert solve_extensive(classics.entry_deterrence()).method == "enumerate"
    assert solve_extensive(classics.kuhn_poker()).method == "lcp"
    assert solve_extensive(classics.selten_horse()).method == "pure"
    with pytest.raises(MethodNotApplicableError, match="unknown method 'nope'"):
        solve_extensive(classics.entry_deterrence(), method="nope")
    with pytest.raises(MethodNotApplicableError, match="constant-sum"):
        solve_extensive(classics.entry_deterrence(), method="zero-sum")
    with pytest.raises(MethodNotApplicableError, match="two-player"):
        solve_extensive(classics.selten_horse(), method="lcp")


# ------------------------------------------------------- simultaneous subgames
def _bos_after_outside_option(outside):
    bos = decision(
        "A",
        {
            "O": decision("B", {"O": terminal([2, 1]), "F": terminal([0, 0])}, infoset="b"),
            "F": decision("B", {"O": terminal([0, 0]), "F": terminal([1, 2])}, infoset="b"),
        },
        infoset="a",
    )
    return ExtensiveFormGame.from_tree(
        decision("A", {"Out": terminal([outside, 3]), "Play": bos}, infoset="start")
    )


def test_spe_with_a_simultaneous_subgame_uses_every_continuation_including_mixed():
    g = _bos_after_outside_option("3/4")  # the mixed continuation gives A 2/3 < 3/4
    res = subgame_perfect(g)
    assert res.exact and res.complete and len(res) == 3
    by_start = {e.label(): e for e in res}
    mixed = next(e for e in res if not e.is_pure)
    assert mixed["A"][0] == {"Out": 1.0, "Play": 0.0}
    assert mixed.probabilities[0][1] == (Fraction(2, 3), Fraction(1, 3))
    assert mixed.probabilities[1][0] == (Fraction(1, 3), Fraction(2, 3))
    assert {"A Play O / B O", "A Play F / B F"} <= set(by_start)
    for e in res:
        assert e.exact_regret == 0 and e.properties["subgame_regret"] == 0
    # with a worse outside option the mixed continuation leads to Play
    low = subgame_perfect(_bos_after_outside_option("1/2"))
    assert all(e["A"][0]["Play"] == 1 for e in low)


def test_spe_in_float_mode_agrees():
    res = subgame_perfect(_bos_after_outside_option("3/4"), exact=False)
    assert not res.exact and len(res) == 3 and res.max_regret <= 1e-9


# ------------------------------------------------------------------- logit
def test_agent_logit_approaches_sequential_equilibria():
    from gametheory.extensive.agent_qre import agent_logit, agent_qre

    horse = classics.selten_horse()
    res = solve_extensive(horse, method="logit")
    assert len(res) == 1 and res[0].regret <= 1e-6 * horse.payoff_scale
    assert res[0]["Player 1"][0]["A"] > 0.999 and res[0]["Player 3"][0]["R"] > 0.999
    uniform = agent_qre(horse, 0)
    assert uniform["Player 3"] == [{"L": 0.5, "R": 0.5}]
    entry = agent_logit(classics.entry_deterrence())
    assert entry[0]["Incumbent"][0]["Accommodate"] > 0.999
    with pytest.raises(InvalidGameError, match="lam must be"):
        agent_qre(horse, -1)
    with pytest.raises(MethodNotApplicableError, match="does not compute exactly"):
        solve_extensive(horse, method="logit", exact=True)
