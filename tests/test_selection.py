"""Named equilibrium-selection rules: known answers, tie-breaks, refusals, batch forms."""

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from gametheory import NormalFormGame, solve
from gametheory.errors import MethodNotApplicableError
from gametheory.io.nfg import read_nfg
from gametheory.selection import (
    SELECTION_RULES,
    Selection,
    SelectionError,
    check_rule,
    risk_dominant_2x2,
    select_equilibrium,
    select_pure_batch,
)

SH = ("stag", "hare")
STAG_HUNT = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]], strategies=(SH, SH))
BOS = NormalFormGame.from_bimatrix(
    [[2, 0], [0, 1]], [[1, 0], [0, 2]], strategies=(("Opera", "Football"),) * 2
)
PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"),) * 2)
PENNIES = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
# pure coordination: (a, a) better than (b, b) for both; payoff- and risk-dominant agree
COORD = NormalFormGame.from_bimatrix(
    [[2, 0], [0, 1]], [[2, 0], [0, 1]], strategies=(("a", "b"), ("a", "b"))
)

# (game, rule) -> label of the selected equilibrium
KNOWN = {
    "stag-hunt-payoff": (STAG_HUNT, "payoff-dominant", "Row stag / Column stag"),
    "stag-hunt-risk": (STAG_HUNT, "risk-dominant", "Row hare / Column hare"),
    "stag-hunt-logit": (STAG_HUNT, "logit", "Row hare / Column hare"),
    "stag-hunt-first": (STAG_HUNT, "first", "Row stag / Column stag"),
    "coordination-payoff": (COORD, "payoff-dominant", "Row a / Column a"),
    "coordination-risk": (COORD, "risk-dominant", "Row a / Column a"),
    "coordination-logit": (COORD, "logit", "Row a / Column a"),
    "pd-every-rule-payoff": (PD, "payoff-dominant", "Row D / Column D"),
    "pd-every-rule-risk": (PD, "risk-dominant", "Row D / Column D"),
    "pd-every-rule-logit": (PD, "logit", "Row D / Column D"),
    "pennies-logit": (PENNIES, "logit", "Row [1 0.5, 2 0.5] / Column [1 0.5, 2 0.5]"),
    "pennies-risk": (PENNIES, "risk-dominant", "Row [1 0.5, 2 0.5] / Column [1 0.5, 2 0.5]"),
    # battle of the sexes: symmetric losses (2*1 = 1*2), a tie -> the first listed
    "bos-risk-tie": (BOS, "risk-dominant", "Row Opera / Column Opera"),
    # no equilibrium is best for both: the rule's generalisation (total payoff 3 = 3) ties
    "bos-payoff-tie": (BOS, "payoff-dominant", "Row Opera / Column Opera"),
}


@pytest.mark.parametrize("case", list(KNOWN), ids=list(KNOWN))
def test_known_selections(case):
    game, rule, label = KNOWN[case]
    res = solve(game)
    sel = select_equilibrium(res, rule)
    assert isinstance(sel, Selection) and sel.rule == rule
    assert sel.label == label
    assert sel.equilibrium.regret <= 1e-8
    assert sel.index is not None and res[sel.index] is sel.equilibrium
    assert sel.reason


def test_reasons_say_which_case_applied():
    res = solve(STAG_HUNT)
    assert "payoff dominance" in select_equilibrium(res, "payoff-dominant").reason
    assert "generalisation" in select_equilibrium(solve(BOS), "payoff-dominant").reason
    assert "a tie, the first listed" in select_equilibrium(solve(BOS), "risk-dominant").reason
    assert "Nash product" in select_equilibrium(res, "risk-dominant").reason


def test_risk_dominant_nash_products_by_hand():
    # stag hunt: (stag, stag) losses 4-3 = 1 each -> 1; (hare, hare) losses 3-0 = 3 each -> 9
    sel = select_equilibrium(solve(STAG_HUNT), "risk-dominant")
    assert "(9 against 1)" in sel.reason


def test_selection_is_invariant_to_positive_affine_payoff_changes():
    for game in (STAG_HUNT, BOS, COORD):
        scaled = NormalFormGame.from_payoff_array(
            game.payoffs * 7.0 + 3.0, players=game.players, strategies=game.strategies
        )
        for rule in SELECTION_RULES:
            a, b = (select_equilibrium(solve(g), rule) for g in (game, scaled))
            assert a.label == b.label and a.index == b.index, rule


def test_risk_dominant_refuses_where_undefined():
    # rock-paper-scissors-like 3x3 with a unique mixed equilibrium: 0 pure equilibria, but
    # the list is complete and has one equilibrium -> that one
    rps = NormalFormGame.from_bimatrix(
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]
    )
    assert select_equilibrium(solve(rps), "risk-dominant").index == 0
    # three strict pure equilibria: refused in one line
    coord3 = NormalFormGame.from_bimatrix(np.eye(3) * [1, 2, 3], np.eye(3) * [1, 2, 3])
    with pytest.raises(
        SelectionError,
        match=r"^risk-dominant is defined for games whose pure "
        r"equilibria are exactly two strict ones .*3 listed pure equilibria; "
        r"use 'logit'",
    ) as info:
        select_equilibrium(solve(coord3), "risk-dominant")
    assert "\n" not in str(info.value)
    assert isinstance(info.value, MethodNotApplicableError)


def test_unknown_rule_is_one_line_with_a_hint():
    with pytest.raises(
        SelectionError,
        match=r"unknown selection rule 'risk_dominant' \(did you "
        r"mean 'risk-dominant'\?\); rules: payoff-dominant, risk-dominant, logit, "
        r"first",
    ):
        check_rule("risk_dominant")
    with pytest.raises(SelectionError, match="unknown selection rule"):
        solve(STAG_HUNT, select="best")


def test_empty_list_selects_nothing_and_says_why():
    cycle = read_nfg(Path(__file__).parents[1] / "models" / "three_player_cycle.nfg")
    res = solve(cycle, method="pure")
    assert len(res) == 0
    sel = select_equilibrium(res, "payoff-dominant")
    assert sel.equilibrium is None and sel.index is None
    assert sel.reason == "no equilibrium was listed to select from (the list is not complete)"
    # logit finds the mixed one the pure search cannot list
    sel = select_equilibrium(res, "logit")
    assert sel.equilibrium is not None and not sel.equilibrium.is_pure and sel.index is None


def test_logit_may_select_an_equilibrium_the_list_does_not_hold():
    res = solve(STAG_HUNT, method="pure")
    only_stag = dataclasses.replace(res, equilibria=res.equilibria[:1])
    sel = select_equilibrium(only_stag, "logit")
    assert sel.label == "Row hare / Column hare" and sel.index is None
    assert "does not list" in sel.reason


def test_solve_select_attaches_the_selection_and_json():
    res = solve(STAG_HUNT, select="risk-dominant")
    assert res.selected is res.selection.equilibrium
    assert res.selected.label() == "Row hare / Column hare"
    d = res.to_dict()
    assert d["scope"] == "all" and d["complete"] is True
    assert d["selection"]["rule"] == "risk-dominant"
    assert d["selection"]["label"] == "Row hare / Column hare"
    assert d["selection"]["index"] == 1
    assert d["selection"]["profile"]["Row"] == {"stag": 0, "hare": 1}
    assert solve(STAG_HUNT).to_dict()["selection"] is None
    assert solve(STAG_HUNT).selected is None


@pytest.mark.parametrize("seed", range(6))
def test_logit_selects_the_risk_dominant_equilibrium_of_symmetric_2x2_coordination(seed):
    # a known limit: in a symmetric 2x2 game with two strict symmetric equilibria the
    # principal logit branch stays symmetric and converges to the risk-dominant one
    rng = np.random.default_rng(seed)
    d1, d2 = rng.uniform(0.5, 3.0, size=2)
    base = rng.normal(size=2)
    A = np.array([[base[0] + d1, base[1]], [base[0], base[1] + d2]])
    game = NormalFormGame.from_bimatrix(A, A.T)
    res = solve(game)
    assert select_equilibrium(res, "logit").index == select_equilibrium(res, "risk-dominant").index


@pytest.mark.parametrize("seed", range(4))
def test_risk_dominant_2x2_batch_matches_the_scalar_rule(seed):
    rng = np.random.default_rng(seed)
    tables = rng.integers(-3, 4, size=(300, 2, 2, 2)).astype(float)
    batch = risk_dominant_2x2(tables)
    for T, picked in zip(tables, batch, strict=True):
        game = NormalFormGame.from_bimatrix(T[..., 0], T[..., 1])
        res = solve(game)
        try:
            sel = select_equilibrium(res, "risk-dominant")
        except SelectionError:
            assert tuple(picked) == (-1, -1)
            continue
        if tuple(picked) == (-1, -1):
            # the batch form covers pure selections only (a unique mixed equilibrium, or a
            # degenerate game whose complete list has one entry, is for the scalar rule)
            assert not sel.equilibrium.is_pure or len(res) == 1
            continue
        assert sel.equilibrium.pure_profile() == {
            "Row": str(picked[0] + 1),
            "Column": str(picked[1] + 1),
        }


def test_select_pure_batch_matches_the_scalar_rules():
    rng = np.random.default_rng(7)
    pay = rng.integers(0, 4, size=(200, 4, 3)).astype(float)
    valid = rng.random((200, 4)) < 0.7
    for rule in ("first", "payoff-dominant"):
        picks = select_pure_batch(rule, pay, valid=valid)
        for b in range(200):
            idx = np.flatnonzero(valid[b])
            if not len(idx):
                assert picks[b] == -1
                continue
            if rule == "first":
                assert picks[b] == idx[0]
            else:
                totals = pay[b, idx].sum(axis=1)
                assert picks[b] == idx[np.flatnonzero(totals == totals.max())[0]]


def test_select_pure_batch_refuses_rules_it_cannot_apply():
    with pytest.raises(SelectionError, match="risk_dominant_2x2"):
        select_pure_batch("risk-dominant", np.zeros((1, 1, 2)))
    with pytest.raises(SelectionError, match="shape"):
        select_pure_batch("first", np.zeros((1, 2)))


@pytest.mark.parametrize("seed", range(3))
def test_payoff_dominant_pick_agrees_with_nashpys_equilibrium_set(seed):
    nashpy = pytest.importorskip("nashpy", reason="nashpy is an optional cross-check")
    rng = np.random.default_rng(seed)
    for _ in range(20):
        A, B = rng.normal(size=(2, 3, 3))
        ours = select_equilibrium(solve(NormalFormGame.from_bimatrix(A, B)), "payoff-dominant")
        theirs = list(nashpy.Game(A, B).vertex_enumeration())
        totals = [x @ A @ y + x @ B @ y for x, y in theirs]
        x, y = theirs[int(np.argmax(totals))]
        assert np.allclose(ours.equilibrium.vectors[0], x, atol=1e-7)
        assert np.allclose(ours.equilibrium.vectors[1], y, atol=1e-7)


def test_top_level_exports():
    import gametheory as gt

    assert gt.SELECTION_RULES == SELECTION_RULES
    assert gt.select_equilibrium is select_equilibrium
