"""Loading model files: every validation error with its one-line message; immutability."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy

from gametheory.errors import ModelError
from gametheory.models import Model, load_model

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
DATA = Path(__file__).resolve().parent / "data" / "models"

BASE = """format = 1

[model]
id = "tiny"
title = "Tiny"
description = "A small model used by the loader tests."

[roles.state]
name = "State"
payoff = "td * (own == 'compete') * (USA == 'compete') - cost * (own == 'compete')"
[roles.state.strategies]
hedge = "Stay out"
compete = "Join"

[players.USA]
name = "United States"
payoff = "det * count(state, 'compete')"
[players.USA.strategies]
hedge = "Network"
compete = "Alliance"

[players.AUS]
role = "state"

[players.JPN]
role = "state"

[parameters.cost]
value = 0.2
low = 0.0
high = 0.5
unit = "payoff units"
meaning = "Cost of joining"
judgement = "A judgement."

[parameters.td]
per = "state"
unit = "share"
meaning = "Trade dependence"
judgement = "Default source for entries."
low = 0.0
high = 1.0
[parameters.td.AUS]
value = 0.9
[parameters.td.JPN]
value = 0.4
quote = "some words"

[parameters.det]
per = "USA"
unit = "0-1"
meaning = "Deterrence per structure"
judgement = "A judgement."
low = 0.0
high = 1.0
[parameters.det.hedge]
value = 0.5
[parameters.det.compete]
value = 0.9
"""


def load(text: str, name: str = "tiny.toml") -> Model:
    return Model.from_toml(text, source=name)


def test_base_model_loads_with_flattened_parameters():
    m = load(BASE)
    assert m.parameter_names == ("cost", "td.AUS", "td.JPN", "det.hedge", "det.compete")
    p = m.parameters["td.JPN"]
    assert (p.group, p.index, p.value, p.low, p.high) == ("td", "JPN", 0.4, 0.0, 1.0)
    assert p.quotes == ("some words",) and p.judgement is None and p.is_quoted
    assert not m.parameters["td.AUS"].is_quoted
    assert [pl.id for pl in m.players] == ["USA", "AUS", "JPN"]
    assert m.player("AUS").role == "state"
    assert m.roles["state"].members == ("AUS", "JPN")
    np.testing.assert_array_equal(m.bounds()[0], [0.0, 0.5])
    assert len(m.sha256) == 64


def test_payoff_expression_is_substituted_per_player():
    m = load(BASE)
    e = m.payoff_expression("AUS")
    names = {str(s) for s in e.free_symbols}
    assert "td.AUS" in names and "td.JPN" not in names
    assert sympy.Symbol("AUS=compete") in e.free_symbols
    assert "mathbb{1}" in m.payoff_latex("USA")


def test_payoffs_at_a_profile():
    m = load(BASE)
    pay = m.payoffs({"USA": "compete", "AUS": "compete", "JPN": "hedge"})
    assert pay["USA"] == pytest.approx(0.9)
    assert pay["AUS"] == pytest.approx(0.9 - 0.2)
    assert pay["JPN"] == pytest.approx(0.0)


def broken(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


ERRORS = [
    (
        "unknown-top",
        broken("format = 1", "format = 1\nformt = 2"),
        "formt: unknown key 'formt' (did you mean one of 'format', 'form'?)",
    ),
    ("bad-format", broken("format = 1", "format = 2"), "format: must be 1"),
    (
        "unknown-model-key",
        broken('title = "Tiny"', 'title = "Tiny"\ntitel = "x"'),
        "model.titel: unknown key 'titel' (did you mean 'title'?)",
    ),
    ("missing-title", broken('title = "Tiny"\n', ""), "model.title: missing (required)"),
    ("bad-id", broken('id = "tiny"', 'id = "Tiny!"'), "model.id: must be lower-case"),
    (
        "bad-form",
        broken('description = "A small', 'form = "parallel"\ndescription = "A small'),
        "model.form: must be 'simultaneous', 'sequential' or 'tree'",
    ),
    (
        "unknown-param-key",
        broken("value = 0.2", "value = 0.2\nvaleu = 1"),
        "parameters.cost.valeu: unknown key 'valeu' (did you mean 'value'?)",
    ),
    ("missing-value", broken("value = 0.2\n", ""), "parameters.cost.value: missing (required)"),
    (
        "missing-unit",
        broken('unit = "payoff units"\n', ""),
        "parameters.cost.unit: missing (required)",
    ),
    (
        "out-of-range",
        broken("value = 0.2", "value = 0.7"),
        "parameters.cost.value: value 0.7 is outside its range [0, 0.5]",
    ),
    (
        "low-above-high",
        broken("low = 0.0\nhigh = 0.5", "low = 0.6\nhigh = 0.5"),
        "low 0.6 is above high 0.5",
    ),
    (
        "not-a-number",
        broken("value = 0.2", 'value = "0.2"'),
        "parameters.cost.value: must be a number, got text",
    ),
    (
        "bool-number",
        broken("value = 0.2", "value = true"),
        "parameters.cost.value: must be a number",
    ),
    (
        "no-source",
        broken('judgement = "A judgement."\n\n[parameters.td]', "\n[parameters.td]"),
        "parameters.cost: needs a source: quote",
    ),
    (
        "empty-quote",
        broken('quote = "some words"', 'quote = ""'),
        "parameters.td.JPN.quote: each quote must be non-empty text",
    ),
    (
        "missing-entry",
        broken("[parameters.td.JPN]\nvalue = 0.4\n", "[parameters.td.XX]\nvalue = 0.4\n"),
        "parameters.td.XX: unknown key 'XX'",
    ),
    (
        "missing-entry2",
        broken('[parameters.td.JPN]\nvalue = 0.4\nquote = "some words"\n', ""),
        "parameters.td.JPN: missing entry for 'JPN'",
    ),
    (
        "entry-out-of-range",
        broken("[parameters.td.AUS]\nvalue = 0.9", "[parameters.td.AUS]\nvalue = 1.9"),
        "parameters.td.AUS.value: value 1.9 is outside its range [0, 1]",
    ),
    (
        "bad-per",
        broken('per = "state"', 'per = "stat"'),
        "parameters.td.per: 'stat' is neither a role nor a player id (did you mean 'state'?)",
    ),
    (
        "unused",
        BASE
        + '\n[parameters.spare]\nvalue = 1\nlow = 0\nhigh = 2\nunit = "u"\nmeaning = "m"\njudgement = "j"\n',
        "parameters.spare: parameter is not used by any payoff formula",
    ),
    (
        "unknown-name",
        broken("det * count", "dett * count"),
        "players.USA.payoff: unknown name 'dett' (did you mean 'det'?)",
    ),
    (
        "hostile-formula",
        broken("det * count(state, 'compete')", "__import__('os').system('rm -rf /')"),
        "players.USA.payoff: calls to",
    ),
    (
        "unknown-role",
        broken('[players.AUS]\nrole = "state"', '[players.AUS]\nrole = "stat"'),
        "players.AUS.role: unknown role 'stat' (did you mean 'state'?)",
    ),
    (
        "role-and-payoff",
        broken('[players.AUS]\nrole = "state"', '[players.AUS]\nrole = "state"\npayoff = "1"'),
        "players.AUS.payoff: a player with a role takes its payoff from roles.state",
    ),
    (
        "player-no-strategies",
        broken('[players.AUS]\nrole = "state"', '[players.AUS]\npayoff = "1"'),
        "players.AUS.strategies: missing",
    ),
    (
        "empty-strategies",
        broken(
            '[players.USA.strategies]\nhedge = "Network"\ncompete = "Alliance"',
            "[players.USA.strategies]",
        ),
        "players.USA.strategies: must be a table",
    ),
    (
        "player-is-role",
        BASE + '\n[players.state]\nrole = "state"\n',
        "players.state: 'state' is both a player id and a role id",
    ),
    (
        "param-is-player",
        BASE.replace("[parameters.cost]", "[parameters.USA]").replace("cost * (own", "1 * (own"),
        "parameters.USA: 'USA' is already a player",
    ),
    ("no-players", BASE.split("[roles.state]")[0], "players: missing"),
    (
        "stages-in-simultaneous",
        BASE + '\n[form]\nstages = [["USA"], ["state"]]\n',
        "form.stages: stages only apply",
    ),
    (
        "bad-selection",
        BASE.replace('description = "A', 'form = "sequential"\ndescription = "A')
        + '\n[form]\nstages = [["USA"], ["state"]]\nselection = "payoff_dominent"\n',
        "form.selection: unknown rule 'payoff_dominent' (did you mean 'payoff_dominant'?)",
    ),
    (
        "stage-twice",
        BASE.replace('description = "A', 'form = "sequential"\ndescription = "A')
        + '\n[form]\nstages = [["USA"], ["state", "AUS"]]\n',
        "form.stages: player 'AUS' moves in stage 2 and again in stage 2",
    ),
    (
        "stage-missing",
        BASE.replace('description = "A', 'form = "sequential"\ndescription = "A')
        + '\n[form]\nstages = [["state"]]\n',
        "form.stages: player(s) USA do not move in any stage",
    ),
    (
        "stage-unknown",
        BASE.replace('description = "A', 'form = "sequential"\ndescription = "A')
        + '\n[form]\nstages = [["USB"], ["state"]]\n',
        "stage 1: 'USB' is not a player or role id (did you mean one of 'USA', 'AUS'?)",
    ),
    (
        "sequential-no-form",
        BASE.replace('description = "A', 'form = "sequential"\ndescription = "A'),
        "form: a sequential model needs a [form] table",
    ),
    ("toml-syntax", BASE + "\nthis is = = not toml\n", "TOML syntax error"),
    ("duplicate-key", BASE + '\n[players.USA]\nname = "again"\n', "TOML syntax error"),
]


@pytest.mark.parametrize("text, message", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_are_one_line_and_name_the_field(text, message):
    with pytest.raises(ModelError) as err:
        load(text)
    msg = str(err.value)
    assert msg.startswith("tiny.toml")
    assert message in msg
    assert "\n" not in msg.strip()


def test_errors_carry_line_numbers():
    text = broken("value = 0.2", "value = 0.7")
    with pytest.raises(ModelError) as err:
        load(text)
    line = text.splitlines().index("value = 0.7") + 1
    assert str(err.value).startswith(f"tiny.toml:{line}: parameters.cost.value:")


def test_default_entry_fills_missing_members():
    text = broken(
        '[parameters.td.JPN]\nvalue = 0.4\nquote = "some words"\n',
        "[parameters.td.default]\nvalue = 0.3\n",
    )
    m = load(text)
    assert m.values["td.JPN"] == 0.3 and m.values["td.AUS"] == 0.9


def test_file_name_must_match_id(tmp_path):
    path = tmp_path / "other.toml"
    path.write_text(BASE)
    with pytest.raises(ModelError, match="model.id: 'tiny' does not match the file name"):
        load_model(path)
    good = tmp_path / "tiny.toml"
    good.write_text(BASE)
    assert load_model(good).path == good


def test_with_params_returns_new_model_and_leaves_old_alone():
    m = load(BASE)
    m2 = m.with_params({"td.AUS": 0.5}, cost=0.1)
    assert m.values["td.AUS"] == 0.9 and m.values["cost"] == 0.2
    assert m2.values["td.AUS"] == 0.5 and m2.values["cost"] == 0.1
    assert m2.payoffs({"USA": "compete", "AUS": "compete", "JPN": "hedge"})["AUS"] == pytest.approx(
        0.4
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.parameters["cost"].value = 3


WITH_PARAMS_ERRORS = [
    ({"td.AUX": 0.5}, "unknown parameter 'td.AUX' (did you mean 'td.AUS'"),
    ({"cost": "abc"}, "'abc' is not a number"),
    ({"cost": True}, "must be a number"),
    ({"cost": float("nan")}, "must be a finite number"),
    ({"cost": 0.9}, "cost: value 0.9 is outside its range [0, 0.5]"),
]


@pytest.mark.parametrize("change, message", WITH_PARAMS_ERRORS)
def test_with_params_errors(change, message):
    with pytest.raises(ModelError) as err:
        load(BASE).with_params(change)
    assert message in str(err.value)


def test_extend_range_and_with_ranges():
    m = load(BASE).with_params(cost=0.9, extend_range=True)
    assert m.parameters["cost"].high == 0.9
    m3 = m.with_ranges({"cost": (0.5, 1.0)})
    assert (m3.parameters["cost"].low, m3.parameters["cost"].high) == (0.5, 1.0)
    with pytest.raises(ModelError, match="does not contain the value"):
        m.with_ranges({"cost": (0.0, 0.1)})


# ------------------------------------------------------------ shipped models
def test_us_china_has_unique_pure_equilibrium_hedge_hedge():
    m = load_model(MODELS / "us_china.toml")
    g = m.game()
    A, B = g.payoffs[..., 0], g.payoffs[..., 1]
    pure = [
        (i, j)
        for i in range(3)
        for j in range(3)
        if A[i, j] >= A[:, j].max() and B[i, j] >= B[i, :].max()
    ]
    assert pure == [(1, 1)]
    # cooperate/cooperate Pareto-dominates the equilibrium (the 'Cold War II' structure)
    assert A[0, 0] > A[1, 1] and B[0, 0] > B[1, 1]
    # China's best responses: hedge to cooperate and hedge, compete to compete
    assert [int(np.argmax(B[i])) for i in range(3)] == [1, 1, 2]


def test_us_china_exact_game_matches_float_game():
    m = load_model(MODELS / "us_china.toml")
    exact = m.game(exact=True)
    np.testing.assert_allclose(exact.payoffs, m.game().payoffs, atol=1e-12)


def test_regional_state_hedges_and_joins_when_security_dominates():
    m = load_model(MODELS / "regional_state.toml")
    assert m.solve().path == {"STATE": "hedge", "CHN": "hedge"}
    joined = m.with_params(us_deterrence=1.0, sec_dep=1.0, trade_dep=0.3).solve()
    assert joined.path["STATE"] == "compete"


def test_every_parameter_of_shipped_models_has_a_source():
    for name in ("us_china", "regional_state"):
        m = load_model(MODELS / f"{name}.toml")
        for p in m.parameters.values():
            assert p.quotes or p.judgement, p.name
            assert p.low <= p.value <= p.high


@pytest.mark.parametrize("path", sorted(DATA.glob("*.toml")), ids=lambda p: p.name)
def test_hostile_fixture_files_are_rejected(path):
    with pytest.raises(ModelError) as err:
        load_model(path)
    assert str(err.value).startswith(str(path))
    assert "\n" not in str(err.value)


def test_models_pickle_without_compiled_functions():
    import pickle

    m = load_model(MODELS / "regional_state.toml")
    m.solve()  # compiles
    m2 = pickle.loads(pickle.dumps(m.with_params(sec_dep=0.9)))
    assert m2.values["sec_dep"] == 0.9 and m2.sha256 == m.sha256
    assert m2.solve().path == m.with_params(sec_dep=0.9).solve().path


def test_non_finite_payoff_is_an_error_not_an_equilibrium():
    text = BASE.replace("det * count(state, 'compete')", "det * count(state, 'compete') / cost")
    m = load(text).with_params(cost=0.0)
    # the message names the player, the profile and the parameter values
    with pytest.raises(
        ModelError,
        match=r"USA's payoff is undefined or complex \(NaN\) at "
        r"profile USA=hedge, AUS=hedge, JPN=hedge with cost=0",
    ):
        m.game()
    with pytest.raises(ModelError, match="undefined or complex"):
        m.evaluator()(m.value_vector())


ONE_INDICATOR = """format = 1

[model]
id = "tiny"
title = "One indicator"

[players.A]
name = "A"
payoff = "p * (A == 'x')"
[players.A.strategies]
x = "X"
y = "Y"

[players.B]
name = "B"
payoff = "(B == 'u')"
[players.B.strategies]
u = "U"
v = "V"

[parameters.p]
value = 0.5
low = 0.0
high = 1.0
unit = "u"
meaning = "m"
judgement = "A judgement."
"""


def test_exact_game_of_a_payoff_that_is_one_indicator():
    # B's formula is one indicator, which substituting a profile replaces whole: the exact
    # table must still hold Fractions (it ended in AttributeError: 'int' has no is_Rational)
    model = load(ONE_INDICATOR)
    exact = model.game(exact=True).exact_payoffs
    assert {type(v) for v in exact.ravel()} == {Fraction}
    assert sorted(set(exact[..., 1].ravel())) == [Fraction(0), Fraction(1)]
    assert sorted(set(exact[..., 0].ravel())) == [Fraction(0), Fraction(1, 2)]
    result = model.solve(exact=True)
    assert result.complete
    [eq] = list(result)
    assert eq.pure_profile() == {"A": "x", "B": "u"}
    assert eq.exact_regret == 0
    assert eq.exact_payoffs == {"A": Fraction(1, 2), "B": Fraction(1)}
