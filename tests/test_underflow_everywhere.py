"""Float underflow while payoffs are computed is warned on every path (issue 12: no
silent loss of precision), not only by ``Model.solve`` of a simultaneous model:
``Model.game()`` (a Python warning), sequential and tree models solved at one point
(a warning in the result, which is not claimed complete), and the batch evaluator
behind sweeps, thresholds and global sensitivity (a flag per sample, a ``warning:``
line and a JSON field). Each underflowing model has a twin without underflow that
gives no warning."""

from __future__ import annotations

import json
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest
from _subprocess import gametheory_cli

from gametheory.errors import GameTheoryWarning, ModelError, UnderflowWarning
from gametheory.models import load_model
from gametheory.models.underflow import evaluate_formula, watch_underflow

ROOT = Path(__file__).resolve().parents[1]

PARAMETER = """
[parameters.p]
value = 1
low = 0.001
high = 2
unit = "u"
meaning = "m"
judgement = "j"
"""

SIMULTANEOUS = """format = 1

[model]
id = "{id}"
title = "underflow"
source = "test"

[players.A]
name = "A"
payoff = "(A == 'x') * exp({k} * p)"
[players.A.strategies]
x = "X"
y = "Y"
[players.B]
name = "B"
payoff = "(B == 'u') * 1 + (B == 'v') * 0"
[players.B.strategies]
u = "U"
v = "V"
"""

SEQUENTIAL = """format = 1

[model]
id = "{id}"
title = "sequential underflow"
source = "test"
form = "sequential"

[players.A]
name = "A"
payoff = "(A == 'x') * exp({k} * p)"
[players.A.strategies]
x = "X"
y = "Y"

[players.B]
name = "B"
payoff = "(B == 'u') * 1"
[players.B.strategies]
u = "U"
v = "V"

[form]
stages = [["A"], ["B"]]
"""

# a stage of a role's members (the fast stage kernel) and a follower affine in their
# moves (the split follower): ROLE and FOLLOWER are the terms that may underflow
ROLES = """format = 1

[model]
id = "{id}"
title = "roles"
source = "test"
form = "sequential"

[form]
stages = [["USA"], ["state"], ["CHN"]]

[players.USA]
name = "US"
payoff = "(USA == 'pact') * 1 - (CHN == 'compete') * 2"
[players.USA.strategies]
none = "No"
pact = "Pact"

[roles.state]
name = "Member"
payoff = "(own == 'compete') * (stake * (USA == 'pact') - {role}) - (own == 'cooperate') * 0.1"
[roles.state.strategies]
cooperate = "C"
hedge = "H"
compete = "J"

[players.AUS]
name = "A"
role = "state"
[players.NZL]
name = "N"
role = "state"

[players.CHN]
name = "China"
payoff = "(CHN == 'compete') * (1 - sum(state, (own == 'compete')) + {follower})"
[players.CHN.strategies]
cooperate = "R"
compete = "I"

[parameters.stake]
value = 0.5
low = 0.1
high = 1
unit = "u"
meaning = "m"
judgement = "j"
"""

TREE = """format = 1

[model]
id = "{id}"
title = "tree underflow"
form = "tree"
source = "test"

[players.Entrant]
name = "Entrant"
[players.Incumbent]
name = "Incumbent"

[nodes.root]
player = "Entrant"
infoset = "enter"
moves = {{ out = "stay_out", in = "entered" }}

[nodes.entered]
player = "Incumbent"
infoset = "respond"
moves = {{ fight = "price_war", accommodate = "shared" }}

[outcomes.stay_out]
Entrant = "0"
Incumbent = "2"

[outcomes.price_war]
Entrant = "-1"
Incumbent = "0"

[outcomes.shared]
Entrant = "exp({k} * p)"
Incumbent = "1"
"""

LOST = "'s payoff fell below the floating-point range"


def write(tmp_path: Path, template: str, name: str, **fields: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(template.format(id=name, **fields) + PARAMETER, encoding="utf-8")
    return path


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return gametheory_cli(*args, timeout=300)


# ------------------------------------------------------------------ the mechanism
def test_evaluate_formula_finds_the_samples_that_underflow():
    P = np.array([[1.0], [0.001], [2.0], [0.5]])
    with watch_underflow() as watch:
        out = evaluate_formula(lambda p: np.exp(-800 * p), [P[:, 0]], label="A", params=P)
    assert watch.labels == ("A",)
    # exp(-800 p) is below 2.2e-308 for p above 0.885 only (exp(-400) is 1.9e-174)
    assert watch.samples(P).tolist() == [True, False, True, False]
    assert watch.labels_at(P).tolist() == ["A", "", "A", ""]
    assert out[1] == pytest.approx(np.exp(-0.8))
    # no watch: the same values, nothing recorded, nothing raised
    assert np.array_equal(
        evaluate_formula(lambda p: np.exp(-800 * p), [P[:, 0]], label="A", params=P), out
    )


def test_evaluate_formula_records_in_every_active_watch():
    P = np.array([[1e-200]])
    with watch_underflow() as outer:
        with watch_underflow() as inner:
            evaluate_formula(lambda p: p * p, [P[:, 0]], label="B", params=P)
        assert inner.labels == ("B",)
    assert outer.labels == ("B",)


def test_a_normal_tiny_value_is_not_an_underflow():
    P = np.array([[1e-150]])
    with watch_underflow() as watch:
        evaluate_formula(lambda p: p * p, [P[:, 0]], label="B", params=P)  # 1e-300: normal
    assert not watch


# -------------------------------------------------------------------- Model.game()
def test_model_game_warns_with_the_text_of_model_solve(tmp_path):
    model = load_model(write(tmp_path, SIMULTANEOUS, "sim", k="-800"))
    with pytest.warns(UnderflowWarning) as caught:
        game = model.game()
    assert game.payoffs[0, 0, 0] == 0.0  # what float evaluation gives: why it warns
    (note,) = model.solve().warnings
    assert [str(w.message) for w in caught] == [note]
    assert issubclass(UnderflowWarning, GameTheoryWarning)


def test_model_game_without_underflow_does_not_warn(tmp_path):
    model = load_model(write(tmp_path, SIMULTANEOUS, "sim_ok", k="-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.game()
    assert model.solve().complete


def test_cli_command_on_model_game_prints_one_warning_line(tmp_path):
    run = cli("classify", str(write(tmp_path, SIMULTANEOUS, "sim", k="-800")))
    assert run.returncode == 0, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("gametheory: warning: ")
    assert f"A{LOST}" in lines[0]
    ok = cli("classify", str(write(tmp_path, SIMULTANEOUS, "sim_ok", k="-8")))
    assert ok.returncode == 0 and ok.stderr == "", ok.stderr


# ------------------------------------------------------- sequential and tree models
@pytest.mark.parametrize(
    ("template", "fields", "who"),
    [
        (SEQUENTIAL, {"k": "-800"}, "A's payoff"),
        (ROLES, {"role": "exp(-800 * p)", "follower": "0 * p"}, "the payoffs of AUS, NZL"),
        (ROLES, {"role": "0 * p", "follower": "exp(-800 * p)"}, "CHN's payoff"),
    ],
    ids=["two-stages", "role-stage-kernel", "split-follower"],
)
def test_sequential_solve_warns_and_is_not_complete(tmp_path, template, fields, who):
    model = load_model(write(tmp_path, template, "seq", **fields))
    result = model.solve()
    assert not result.complete
    notes = [w for w in result.warnings if "fell below the floating-point range" in w]
    assert len(notes) == 1 and notes[0].startswith(f"{model.location}: {who} fell below")
    assert "--exact" not in notes[0]  # not available for sequential models
    assert result.to_dict()["complete"] is False


@pytest.mark.parametrize(
    ("template", "fields"),
    [(SEQUENTIAL, {"k": "-8"}), (ROLES, {"role": "exp(-8 * p)", "follower": "exp(-8 * p)"})],
    ids=["two-stages", "roles"],
)
def test_sequential_solve_without_underflow_is_complete(tmp_path, template, fields):
    result = load_model(write(tmp_path, template, "seq_ok", **fields)).solve()
    assert result.complete
    assert not [w for w in result.warnings if "floating-point" in w]


def test_sequential_cli_json_carries_it(tmp_path):
    run = cli("solve", "--json", str(write(tmp_path, SEQUENTIAL, "seq", k="-800")))
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["complete"] is False
    assert any(f"A{LOST}" in w for w in out["warnings"])


def test_tree_solve_and_game_warn(tmp_path):
    model = load_model(write(tmp_path, TREE, "tree", k="-800"))
    result = model.solve()
    assert not result.complete
    assert [w for w in result.warnings if f"Entrant{LOST}" in w]
    with pytest.warns(UnderflowWarning, match=f"Entrant{LOST}"):
        model.game()


def test_tree_without_underflow_does_not_warn(tmp_path):
    model = load_model(write(tmp_path, TREE, "tree_ok", k="-8"))
    result = model.solve()
    assert not [w for w in result.warnings if "floating-point" in w]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.game()


# -------------------------------------------------------------- the batch evaluator
@pytest.mark.parametrize(
    ("template", "fields", "who"),
    [
        (SIMULTANEOUS, {"k": "-800"}, "A"),
        (SEQUENTIAL, {"k": "-800"}, "A"),
        (ROLES, {"role": "exp(-800 * p)", "follower": "0 * p"}, "AUS, NZL"),
        (TREE, {"k": "-800"}, "Entrant"),
    ],
    ids=["simultaneous", "sequential", "roles", "tree"],
)
def test_evaluator_flags_each_sample_that_underflowed(tmp_path, template, fields, who):
    model = load_model(write(tmp_path, template, "ev", **fields))
    P = np.tile(model.value_vector(), (4, 1))
    P[:, model.parameter_names.index("p")] = [1.0, 0.001, 2.0, 0.01]
    lost = np.asarray(model.evaluator()(P).underflow)
    assert lost.tolist() == [who, "", who, ""]  # exp(-0.8) and exp(-8) are fine
    calm = {key: value.replace("-800", "-8") for key, value in fields.items()}
    ok = load_model(write(tmp_path, template, "ev_ok", **calm))
    assert (np.asarray(ok.evaluator()(P).underflow) == "").all()


def test_cli_sweep_prints_one_warning_line_and_json_field(tmp_path):
    path = str(write(tmp_path, SIMULTANEOUS, "sim", k="-800"))
    text = cli("sweep", path, "--param", "p", "--steps", "5")
    assert text.returncode == 0, text.stderr
    warned = [line for line in text.stdout.splitlines() if line.startswith("warning:")]
    assert warned == [
        "warning: 3 of 5 samples: A's payoff fell below the floating-point range (about "
        "2.2e-308) and became 0 or imprecise, so their outcomes may be wrong; rescale "
        "the formula"
    ]  # exp(-800 p) underflows for p above 0.885: at p = 1.0, 1.5 and 2 of the grid
    run = cli("sweep", path, "--param", "p", "--steps", "5", "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["underflow"] == {"samples": 3, "of": 5, "players": ["A"]}


def test_cli_sweep_without_underflow_has_no_warning(tmp_path):
    path = str(write(tmp_path, SIMULTANEOUS, "sim_ok", k="-8"))
    run = cli("sweep", path, "--param", "p", "--steps", "5", "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["underflow"] is None and out["warnings"] == []


def test_cli_thresholds_and_sensitivity_report_it(tmp_path):
    path = str(write(tmp_path, SEQUENTIAL, "seq", k="-800"))
    run = cli("thresholds", path, "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["underflow"]["players"] == ["A"] and out["underflow"]["samples"] > 0
    text = cli("thresholds", path)
    assert len([x for x in text.stdout.splitlines() if x.startswith("warning: ")]) == 1
    sa = cli("sensitivity", path, "--method", "montecarlo", "--samples", "40", "--json")
    assert sa.returncode == 0, sa.stderr
    summary = json.loads(sa.stdout)["underflow"]
    assert summary["players"] == ["A"] and summary["of"] == 40
    assert 0 < summary["samples"] < 40  # p below 0.9 keeps exp(-800 p) in range


# ------------------------------------------- parameter values below the float range
@pytest.mark.parametrize("written", ["1e-400", "-2.5e-330", "1e-310"])
def test_a_parameter_value_below_the_float_range_is_refused_at_load(tmp_path, written):
    # 1e-400 was read as 0.0, silently; 1e-310 as a subnormal with few digits left
    path = write(tmp_path, SIMULTANEOUS, "tiny", k="-8")
    text = path.read_text(encoding="utf-8").replace("value = 1\n", f"value = {written}\n")
    path.write_text(text.replace("low = 0.001", "low = -1"), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_model(path)
    assert str(info.value) == (
        f"{path}:{text.splitlines().index(f'value = {written}') + 1}: parameters.p.value: "
        f"{written} is below the floating-point range (about 2.2e-308, where floats lose "
        "digits or become 0); rescale the parameter"
    )


def test_small_but_normal_parameter_values_load(tmp_path):
    path = write(tmp_path, SIMULTANEOUS, "small", k="-8")
    text = path.read_text(encoding="utf-8").replace("value = 1\n", "value = 2e-300\n")
    path.write_text(text.replace("low = 0.001", "low = 0.0"), encoding="utf-8")
    assert load_model(path).parameters["p"].value == 2e-300


def test_cli_set_and_range_below_the_float_range_are_refused(tmp_path):
    path = str(write(tmp_path, SIMULTANEOUS, "sim", k="-8"))
    run = cli("solve", path, "--set", "p=1e-400", "--range", "p=0:2")
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr == (
        "gametheory: error: --set p: value 1e-400 is below the floating-point range (about "
        "2.2e-308, where floats lose digits or become 0); rescale the parameter\n"
    )
    swept = cli("sweep", path, "--param", "p", "--range", "p=1e-400:1")
    assert swept.returncode == 1
    assert "--range p=1e-400:1: a bound is below the floating-point range" in swept.stderr


# ------------------------------------------------ the screen of the one-point fast path
def test_screen_rules_out_underflow_only_where_it_is_provable():
    import sympy

    from gametheory.models.underflow import screened, underflow_screen

    p, q, a = sympy.symbols("p q a")
    screen = underflow_screen(a * (p * q - 2 * p) / (p + q) + 3, [p, q])
    assert screen == (0, 1)
    assert screened(np.array([0.5, 2.0]), screen)
    assert screened(np.array([0.0, 2.0]), screen)  # zero is exact
    assert not screened(np.array([1e-200, 2.0]), screen)  # p * q may underflow there
    assert underflow_screen(a * sympy.exp(-800 * p), [p, q]) is None
    assert underflow_screen(a * sympy.sqrt(p), [p, q]) is None


def test_shipped_sequential_models_pass_the_screen():
    # their one-point solves then skip the numpy re-check of the plain-float fast path
    from gametheory.models.underflow import screened, underflow_screen

    ROOT_MODELS = ROOT / "models"
    for name in ("pacific_nato", "seato_1954", "regional_state"):
        model = load_model(ROOT_MODELS / f"{name}.toml")
        comp = model.compiled
        for player in model.players:
            screen = underflow_screen(comp.expressions[player.id], comp.parameter_symbols)
            assert screened(model.value_vector(), screen), (name, player.id)


def test_sequential_product_of_tiny_parameters_is_warned(tmp_path):
    # p * p at p = 1e-200 is 1e-400: no exp, caught because p is below the screen's floor
    path = write(tmp_path, SEQUENTIAL, "pp", k="-8")
    text = path.read_text(encoding="utf-8").replace("exp(-8 * p)", "p * p")
    text = text.replace("value = 1\n", "value = 1e-200\n").replace("low = 0.001", "low = 0")
    path.write_text(text, encoding="utf-8")
    result = load_model(path).solve()
    assert not result.complete
    assert [w for w in result.warnings if f"A{LOST}" in w]
