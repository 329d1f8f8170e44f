"""Sequential models whose simultaneous stage has no pure equilibrium, or several (issue 10).

``model.solve()`` solves such a stage by all its equilibria, mixed ones included, and
the earlier mover evaluates it by expected payoffs under the declared rule.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import gametheory.models.mixed_stage as mixed_stage
from gametheory.cli import main
from gametheory.errors import ModelError
from gametheory.models import Model

PENNIES = """format = 1
[model]
id = "pennies"
title = "A leader, then matching pennies"
form = "sequential"
[players.L]
payoff = "where(L == 'enter', bonus * (A == 'h') - cost, 0)"
[players.L.strategies]
stay = "stay out"
enter = "enter"
[players.A]
payoff = "where(A == 'h', 1, -1) * where(B == 'h', 1, -1) * (1 + (L == 'enter'))"
[players.A.strategies]
h = "heads"
t = "tails"
[players.B]
payoff = "-where(A == 'h', 1, -1) * where(B == 'h', skew, -1)"
[players.B.strategies]
h = "heads"
t = "tails"
[parameters.bonus]
value = 1.0
low = 0
high = 2
unit = "u"
meaning = "what the leader gains when A plays heads"
judgement = "j"
[parameters.cost]
value = 0.3
low = 0
high = 1
unit = "u"
meaning = "the leader's cost of entering"
judgement = "j"
[parameters.skew]
value = 3.0
low = 1
high = 4
unit = "u"
meaning = "B's stake when it plays heads"
judgement = "j"
[form]
stages = [["L"], ["A", "B"]]
"""

# after 'bold': (x, x) gives A 3 and B 1, (y, y) gives A 1 and B 2, and a mixed one;
# after 'safe': (x, x) 2 / 1, (y, y) 1 / 2 and a mixed one
DUO = """format = 1
[model]
id = "duo"
title = "Leader then a 2x2 coordination stage"
form = "sequential"
[players.L]
payoff = "(A == 'x') * (B == 'x') * w + (L == 'safe') * s"
[players.L.strategies]
safe = "safe"
bold = "bold"
[players.A]
payoff = "where((A == 'x') and (B == 'x'), 2, 0) + where((A == 'y') and (B == 'y'), 1, 0) + (L == 'bold') * (A == 'x')"
[players.A.strategies]
x = "x"
y = "y"
[players.B]
payoff = "where((A == 'x') and (B == 'x'), 1, 0) + where((A == 'y') and (B == 'y'), 2, 0)"
[players.B.strategies]
x = "x"
y = "y"
[parameters.w]
value = 1.0
low = 0
high = 2
unit = "u"
meaning = "m"
judgement = "j"
[parameters.s]
value = 0.5
low = 0
high = 2
unit = "u"
meaning = "m"
judgement = "j"
[form]
stages = [["L"], ["A", "B"]]
"""


def pennies() -> Model:
    return Model.from_toml(PENNIES, source="pennies.toml")


def test_leader_then_matching_pennies_solves_with_the_mixed_stage_equilibrium():
    r = pennies().solve()
    assert r.ok and r.path == {"L": "enter"}
    # with p = P(A plays h): B(h) = -skew (2p - 1) and B(t) = 2p - 1, equal only at
    # p = 1/2; A's payoff is symmetric in B's move, so B plays h with 1/2 as well
    assert r.mixed["A"] == pytest.approx({"h": 0.5, "t": 0.5})
    assert r.mixed["B"] == pytest.approx({"h": 0.5, "t": 0.5})
    # the leader evaluates the stage by expected payoffs: bonus * P(A = h) - cost
    assert r.payoffs["L"] == pytest.approx(1.0 * 0.5 - 0.3)
    assert r.regret == pytest.approx(0.0, abs=1e-12)
    # with a larger cost, staying out (payoff 0) is better
    r2 = pennies().with_params(cost=0.8).solve()
    assert r2.path == {"L": "stay"} and r2.payoffs["L"] == pytest.approx(0.0)
    assert r2.plan["options"]["enter"]["payoffs"]["L"] == pytest.approx(0.5 - 0.8)


def test_mixed_stage_probabilities_follow_the_opponents_payoffs():
    # B gets skew for (t, h) and 1 for (h, t): A's mix must make B indifferent
    text = PENNIES.replace(
        '''payoff = "-where(A == 'h', 1, -1) * where(B == 'h', skew, -1)"''',
        '''payoff = "where((A == 't') and (B == 'h'), skew, 0) + where((A == 'h') and (B == 't'), 1, 0)"''',
    )
    r = Model.from_toml(text, source="pennies.toml").solve()
    # B indifferent: skew * (1 - p) = p  ->  p = skew / (1 + skew) = 3/4 on A heads
    assert r.mixed["A"]["h"] == pytest.approx(0.75)
    assert r.payoffs["L"] == pytest.approx(0.75 - 0.3)


def test_pennies_cli_exits_zero_and_prints_the_mixed_path(capsys):
    import pathlib
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "pennies.toml"
        path.write_text(PENNIES)
        status = main(["solve", str(path)])
        out, err = capsys.readouterr()
        assert status == 0, err
        assert "selection rule: payoff_dominant" in out
        assert "Subgame-perfect path, with a mixed stage equilibrium:" in out
        assert "h 0.5, t 0.5" in out
        status = main(["solve", str(path), "--json", "--select", "logit"])
        out, err = capsys.readouterr()
        assert status == 0, err
        data = json.loads(out)
        assert data["selection"] == "logit"
        top = data["equilibria"][0]
        assert top["selected"] is True and top["profile"]["L"] == {"enter": 1.0}
        assert top["profile"]["A"]["h"] == pytest.approx(0.5)


def test_each_stage_equilibrium_gives_a_listed_subgame_perfect_equilibrium():
    model = Model.from_toml(DUO, source="duo.toml")
    r = model.solve()
    assert r.path == {"L": "safe", "A": "x", "B": "x"} and not r.mixed
    # the stage after 'safe' has 2 pure equilibria and 1 mixed: three entries
    assert len(r.equilibria) == 3
    mixed = [e for e in r.equilibria if isinstance(e["profile"]["A"], dict)]
    assert len(mixed) == 1 and mixed[0]["selected"] is False
    # mixed after 'safe' (w = 1, s = 0.5): B mixes x with 1/3 (A: 2 q = 1 - q), A mixes
    # x with 2/3 (B: p = 2 (1 - p)); L gets w * P(x, x) + s = 2/9 + 1/2
    assert mixed[0]["profile"]["A"]["x"] == pytest.approx(2 / 3)
    assert mixed[0]["profile"]["B"]["x"] == pytest.approx(1 / 3)
    assert mixed[0]["payoffs"]["L"] == pytest.approx(2 / 9 + 0.5)
    # L would deviate to 'bold' (payoff w = 1 there): that SPE candidate has regret
    # 1 - (2/9 + 1/2) > 0, reported, not hidden
    assert mixed[0]["regret"] == pytest.approx(1 - (2 / 9 + 0.5))
    assert all(e["regret"] >= 0 for e in r.equilibria)
    plan = r.plan["options"]["bold"]
    assert len(plan["stage_equilibria"]) == 2 and len(plan["mixed_equilibria"]) == 1
    assert plan["n_equilibria"] == 3


def test_selection_rules_apply_to_the_whole_stage_equilibrium_set():
    model = Model.from_toml(DUO, source="duo.toml")
    # risk_averse after 'safe': pure minima are 1 and 1, the mixed one's minimum is 2/3
    assert model.solve(selection="risk_averse").path["A"] == "x"
    # logit: the QRE path of the stage after 'bold' (A: 3 vs 1) goes to (x, x)
    r = model.solve(select="logit")
    assert r.selection == "logit" and r.regret <= 1e-9
    assert r.plan["options"]["bold"]["path"] == {"A": "x", "B": "x"}
    with pytest.raises(ModelError, match="unknown selection rule"):
        model.solve(select="best")


def test_a_stage_too_big_for_the_mixed_search_keeps_its_pure_equilibria(monkeypatch):
    monkeypatch.setattr(mixed_stage, "MIXED_MAX_JOINT_MOVES", 1)
    model = Model.from_toml(DUO, source="duo.toml")
    r = model.solve()
    assert r.path == {"L": "safe", "A": "x", "B": "x"}
    assert any(
        "mixed equilibria were not searched" in w and "4 joint moves" in w for w in r.warnings
    )
    r = pennies().solve()
    assert not r.ok
    assert any("no pure equilibrium, and 4 joint moves" in w for w in r.warnings)


def test_evaluator_refuses_rules_that_need_the_full_equilibrium_set():
    with pytest.raises(
        ModelError,
        match="selection rule 'logit' needs each stage's full "
        "equilibrium set, which only model.solve",
    ):
        pennies().evaluator(selection="logit")(pennies().value_vector())


def test_mixed_regret_is_checked_by_a_direct_computation():
    m = pennies()
    r = m.solve()
    # the leader's alternative: stay (payoff 0) against enter (0.2): no gain
    # A and B: the stage equilibrium's regret in the stage game, computed from payoffs
    vec = {"A": np.array([0.5, 0.5]), "B": np.array([0.5, 0.5])}
    pay = {}
    for a in ("h", "t"):
        for b in ("h", "t"):
            pay[a, b] = m.payoffs({"L": "enter", "A": a, "B": b})
    for who, other in (("A", "B"), ("B", "A")):
        values = []
        for own in ("h", "t"):
            v = 0.0
            for k, s in enumerate(("h", "t")):
                prof = (own, s) if who == "A" else (s, own)
                v += vec[other][k] * pay[prof][who]
            values.append(v)
        assert max(values) - r.payoffs[who] <= 1e-12
