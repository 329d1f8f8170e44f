"""Numbers as strategies: ``strategies = {from, to, step}``, ``q(A)`` and ``A == B``.

Before (issue 15): a discretised Cournot game needed one parameter per quantity, and
two players' choices could not be compared (``A == B`` was rejected). The classic
Cournot, Bertrand and public-goods games now take a few lines each; their equilibria
are checked against a brute-force search written here from the textbook payoffs.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

import gametheory as gt
from gametheory.errors import ModelError

MODELS = Path(__file__).resolve().parents[1] / "models"


def _pure_nash(strategies, payoff):
    """Every pure profile where no player gains by a unilateral change (brute force)."""
    found = set()
    for profile in itertools.product(*strategies):
        pay = payoff(profile)
        if all(
            payoff(profile[:i] + (d,) + profile[i + 1 :])[i] <= pay[i] + 1e-12
            for i, options in enumerate(strategies)
            for d in options
        ):
            found.add(profile)
    return found


def _solved(model):
    result = model.solve(method="pure")  # every pure equilibrium (scope "pure")
    assert result.scope == "pure" and result.max_regret <= 1e-9
    return {tuple(float(e.support(p)[0]) for p in e.game.players) for e in result}


def cournot(profile, a=12.0, b=1.0, c=0.0):
    price = a - b * sum(profile)
    return tuple(q * (price - c) for q in profile)


def bertrand(profile, cost=2.0, market=1.0):
    pa, pb = profile
    share_a = 1.0 if pa < pb else 0.5 if pa == pb else 0.0
    return ((pa - cost) * market * share_a, (pb - cost) * market * (1 - share_a))


def public_goods(profile, endowment=4.0, multiplier=1.5):
    pot = multiplier * sum(profile) / len(profile)
    return tuple(endowment - g + pot for g in profile)


CASES = [
    pytest.param("cournot", {}, [range(13)] * 2, cournot, {(4, 4), (3, 5), (5, 3)}, id="cournot"),
    pytest.param(
        "cournot",
        {"cost": 3.0},
        [range(13)] * 2,
        lambda p: cournot(p, c=3.0),
        {(3, 3), (2, 4), (4, 2)},
        id="cournot-cost3",
    ),
    pytest.param(
        "bertrand", {}, [range(11)] * 2, bertrand, {(2, 2), (3, 3), (4, 4)}, id="bertrand"
    ),
    pytest.param("public_goods", {}, [range(5)] * 3, public_goods, {(0, 0, 0)}, id="public-goods"),
    pytest.param(
        "public_goods",
        {"multiplier": 3.5},
        [range(5)] * 3,
        lambda p: public_goods(p, multiplier=3.5),
        {(4, 4, 4)},
        id="public-goods-rich-pot",
    ),
]


@pytest.mark.parametrize(("name", "changes", "strategies", "payoff", "known"), CASES)
def test_known_equilibria(name, changes, strategies, payoff, known):
    model = gt.load_model(MODELS / f"{name}.toml").with_params(changes)
    assert _pure_nash(strategies, payoff) == known  # the textbook, by brute force
    assert _solved(model) == {tuple(float(x) for x in k) for k in known}


def test_payoffs_match_the_textbook_formulas():
    m = gt.load_model(MODELS / "bertrand.toml")
    game = m.game()
    for pa, pb in itertools.product(range(11), repeat=2):
        got = game.payoff({"A": str(pa), "B": str(pb)})
        assert (got["A"], got["B"]) == pytest.approx(bertrand((pa, pb)))


def test_exact_solution_of_cournot():
    from gametheory.budget import BudgetError
    from gametheory.solvers import solve

    model = gt.load_model(MODELS / "cournot.toml")
    # issue 12's budgets: McMullen's vertex bound for 13x13 (108,528) is above the exact
    # default of 60,000, so the default refuses in one line and names the remedy
    with pytest.raises(BudgetError, match="raise the limit with max_vertices="):
        model.solve(method="enumerate", exact=True)
    result = solve(model.game(exact=True), method="enumerate", exact=True, max_vertices=110_000)
    assert result.exact and result.complete and len(result) == 3
    pure = {e.label() for e in result if e.is_pure}
    assert pure == {"A 4 / B 4", "A 3 / B 5", "A 5 / B 3"}
    eq = next(e for e in result if e.label() == "A 4 / B 4")
    assert eq.exact_payoffs == {"A": 16, "B": 16}


FORM = """
format = 1
[model]
id = "m"
title = "t"
[players.A]
payoff = "{formula}"
strategies = {strategies}
[players.B]
payoff = "0"
strategies = {{low = "l", high = "h"}}
[parameters.x]
value = 1.0
low = 0.0
high = 2.0
unit = "u"
meaning = "m"
judgement = "j"
"""


@pytest.mark.parametrize(
    ("strategies", "formula", "message"),
    [
        ("{from = 0, to = 3, step = 0}", "q(A)", "needs from <= to and step > 0"),
        ("{from = 0, to = 3.5, step = 1}", "q(A)", "is not from + a whole number of steps"),
        ("{from = 0, to = 1000, step = 1}", "q(A)", "more than the 201 allowed"),
        ("{from = 0, to = 3, stpe = 1}", "q(A)", "unknown key 'stpe' (did you mean 'step'?)"),
        ("{from = 0, to = 3, step = 1}", "q(B)", "player 'B' chooses among named strategies"),
        ("{from = 0, to = 3, step = 1}", "q(C)", "q() takes a player id, got 'C'"),
        (
            "{from = 0, to = 3, step = 1}",
            "x * (A == B)",
            "compares a numeric strategy set with a named one",
        ),
        (
            "{from = 0, to = 3, step = 1}",
            "x * (A < B)",
            "players' choices are compared with == or !=",
        ),
    ],
    ids=[
        "step0",
        "not-whole",
        "too-many",
        "typo",
        "q-named",
        "q-unknown",
        "mixed-compare",
        "less-than",
    ],
)
def test_rejected_numeric_sets_and_formulas(strategies, formula, message):
    with pytest.raises(ModelError, match=re.escape(message)):
        gt.Model.from_toml(FORM.format(formula=formula, strategies=strategies))


def test_named_choices_compare_by_label():
    text = FORM.format(formula="x * (A == B)", strategies='{low = "l", high = "h"}')
    game = gt.Model.from_toml(text).game()
    assert game.payoff({"A": "low", "B": "low"})["A"] == 1.0
    assert game.payoff({"A": "low", "B": "high"})["A"] == 0.0
