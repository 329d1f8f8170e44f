"""One vocabulary for Python and the CLI, suggestions everywhere, model-neutral wording.

Each test is one friction point of issue 15, showing what the user now sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import gametheory as gt
from gametheory.cli import main
from gametheory.cli._sequential import abbreviations, format_sequential
from gametheory.errors import ModelError
from gametheory.models.expr import FormulaScope, parse_formula
from gametheory.suggest import hint, match_name

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"


def _error(capsys, *argv: str) -> str:
    assert main(list(argv)) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one line, no traceback
    return err.strip()


# ---------------------------------------------------------------- seed / rng
def test_sobol_takes_seed_like_the_cli():
    pytest.importorskip("SALib")
    import gametheory.sensitivity as sa

    m = gt.load_model(MODELS / "us_china.toml")
    by_seed = sa.sobol(m, samples=8, seed=0, workers=1)
    by_rng = sa.sobol(m, samples=8, rng=0, workers=1)
    assert (by_seed.samples.values == by_rng.samples.values).all()
    assert by_seed.samples.seed == 0
    with pytest.raises(sa.SensitivityError, match="pass rng= or seed= .* not both"):
        sa.sobol(m, samples=8, seed=0, rng=1)
    # a misspelt execution option is named with a suggestion, not a deep TypeError
    with pytest.raises(
        sa.SensitivityError,
        match=r"unknown option worker=1 \(did you mean "
        r"'workers'\?\)",
    ):
        sa.sobol(m, samples=8, seed=0, worker=1)


def test_run_dynamics_takes_seed():
    from gametheory.dynamics import run_dynamics

    g = gt.read_nfg(MODELS / "rock_paper_scissors.nfg")
    a = run_dynamics(g, "fictitious-play", steps=5, start="random", seed=3)
    b = run_dynamics(g, "fictitious-play", steps=5, start="random", rng=3)
    assert a.equals(b)


# ---------------------------------------------------------- --set and --range
def test_set_beyond_range_speaks_cli(capsys):
    # the flagship's single war_risk became one parameter per structure (issue 11's second
    # edition), so the message is checked on us_china, whose parameters are stable
    err = _error(capsys, "solve", str(MODELS / "us_china.toml"), "--set", "us_war_cost=9")
    assert err == (
        "gametheory: error: --set us_war_cost=9: outside us_war_cost's range "
        "[0.5, 3]; widen it with --range us_war_cost=LOW:HIGH"
    )
    assert "extend_range" not in err


def test_solve_range_widens_a_parameter(capsys):
    path = str(MODELS / "us_china.toml")
    assert (
        main(["solve", path, "--range", "us_war_cost=0:5", "--set", "us_war_cost=4", "--json"]) == 0
    )
    import json

    out = json.loads(capsys.readouterr().out)
    assert out["game"]["parameters_changed"] == {"us_war_cost": 4.0}
    err = _error(capsys, "solve", path, "--range", "us_war_cost=2:5")
    assert err == (
        "gametheory: error: --range us_war_cost=2:5 does not contain us_war_cost's "
        "value 1; move the value with --set us_war_cost=VALUE"
    )
    err = _error(capsys, "solve", path, "--range", "us_war_cost=2")
    assert "expected NAME=LOW:HIGH" in err


def test_python_message_still_names_the_python_keyword():
    m = gt.load_model(MODELS / "us_china.toml")
    with pytest.raises(ModelError, match="extend_range=True"):
        m.with_params(us_war_cost=99)


# ------------------------------------------------------------- suggestions
def test_group_name_lists_every_entry(capsys):
    err = _error(capsys, "solve", str(MODELS / "pacific_nato.toml"), "--set", "trade_dep=0.5")
    entries = [
        f"'trade_dep.{s}'"
        for s in (
            "AUS",
            "IND",
            "IDN",
            "JPN",
            "MYS",
            "NZL",
            "PHL",
            "SGP",
            "KOR",
            "TWN",
            "THA",
            "VNM",
        )
    ]
    assert err == (
        "gametheory: error: --set: unknown parameter 'trade_dep' (did you mean one "
        f"of {', '.join(entries)}?)"
    )


def test_wrong_player_in_fix_mentions_fix(capsys):
    err = _error(capsys, "solve", str(MODELS / "us_china.toml"), "--fix", "UAS=hedge")
    assert err == (
        "gametheory: error: --fix 'UAS=hedge': unknown player 'UAS' (did you mean 'USA'?); "
        "players are: USA, CHN"
    )
    err = _error(capsys, "solve", str(MODELS / "us_china.toml"), "--fix", "USA=hegde")
    assert err.startswith(
        "gametheory: error: --fix 'USA=hegde': unknown strategy 'hegde' of player 'USA' "
        "(did you mean 'hedge'?)"
    )


def test_names_in_another_case(capsys):
    # the CLI accepts a name that differs only in case ...
    assert (
        main(
            [
                "solve",
                str(MODELS / "us_china.toml"),
                "--fix",
                "usa=Hedge",
                "--set",
                "US_WAR_COST=0.5",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "us_war_cost = 0.5 (was 1)" in out and "--fix: USA = hedge" in out
    # ... and Python suggests it
    m = gt.load_model(MODELS / "us_china.toml")
    with pytest.raises(ModelError, match=r"unknown player 'usa' \(did you mean 'USA'\?\)"):
        m.player("usa")
    assert hint("usa", ["USA", "CHN"]) == " (did you mean 'USA'?)"
    assert match_name("Chn", ["USA", "CHN"], what="player") == "CHN"


def test_unknown_method_is_suggested(capsys):
    err = _error(capsys, "solve", str(MODELS / "chicken.nfg"), "--method", "enumrate")
    assert "(did you mean one of 'enumerate', 'enumerate-mixed'?)" in err


def test_multiline_formula_error_has_line_and_column():
    text = "x * (A == 'l')\n + x * (B == 'l')\n - x * ((A == 'r') +* 2)"
    with pytest.raises(ModelError) as info:
        parse_formula(text, FormulaScope(), where="m.toml:6: players.A.payoff")
    assert str(info.value) == (
        "m.toml:6: players.A.payoff: not a valid formula at line 3, "
        "column 21 of the formula: invalid syntax"
    )


# ----------------------------------------------------------------- wording
def test_abbreviations_come_from_the_model():
    assert abbreviations(["cooperate", "hedge", "compete"]) == {
        "cooperate": "coop",
        "compete": "comp",
    }
    assert abbreviations(["raise_tariff", "retaliate", "accept"]) == {
        "raise_tariff": "rais",
        "retaliate": "reta",
        "accept": "acce",
    }


def test_sequential_legend_uses_the_models_words():
    text = format_sequential(gt.load_model(MODELS / "seato_1954.toml").solve())
    legend = next(line for line in text.splitlines() if line.strip().startswith("* chosen"))
    assert "coop = cooperate" in legend and "comp = compete" in legend
    tariff = TARIFF
    result = gt.Model.from_toml(tariff).solve()
    legend = next(
        line
        for line in format_sequential(result).splitlines()
        if line.strip().startswith("* chosen")
    )
    assert "compete" not in legend and "cooperate" not in legend
    assert "reta = retaliate" in legend


def test_report_formula_legend_uses_the_models_words():
    pytest.importorskip("jinja2")
    from gametheory.report import build_report

    report = build_report(gt.Model.from_toml(TARIFF), sensitivity=False)
    assert report.model.indicator == {"player": "EU", "strategy": "accept"}
    assert "`EU == 'accept'` is 1 when EU plays accept" in report.to_markdown()
    assert "<code>EU == 'accept'</code> is 1 when EU plays accept" in report.to_html()


def test_plural_and_signed_zero():
    from gametheory.game import _fmt
    from gametheory.report._format import count_noun

    assert count_noun(1, "parameter") == "1 parameter"
    assert count_noun(3, "parameter") == "3 parameters"
    assert _fmt(-0.0) == "0"
    g = gt.NormalFormGame.from_bimatrix([[-0.0, 1.0]], [[1.0, -0.0]])
    assert "-0" not in g._repr_html_()


TARIFF = """
format = 1
[model]
id = "tariffs"
title = "A tariff war"
form = "sequential"
[players.USA]
payoff = "gain * (USA == 'raise_tariff') * (EU == 'accept') - cost * (USA == 'raise_tariff') * (EU == 'retaliate')"
strategies = {raise_tariff = "raise tariffs", keep = "keep tariffs"}
[players.EU]
payoff = "- loss * (USA == 'raise_tariff') * (EU == 'accept') - cost * (EU == 'retaliate')"
strategies = {retaliate = "retaliate", accept = "accept"}
[form]
stages = [["USA"], ["EU"]]
[parameters]
gain = {value = 1.0, low = 0.0, high = 2.0, unit = "u", meaning = "gain", judgement = "j"}
cost = {value = 0.5, low = 0.0, high = 2.0, unit = "u", meaning = "cost", judgement = "j"}
loss = {value = 1.0, low = 0.0, high = 2.0, unit = "u", meaning = "loss", judgement = "j"}
"""


def test_sweep_range_lets_a_set_value_in(capsys):
    pytest.importorskip("SALib")
    state = str(MODELS / "regional_state.toml")
    err = _error(
        capsys, "sweep", state, "--param", "trade_dep", "--set", "us_deterrence=1.5", "--steps", "3"
    )
    assert "widen it with --range us_deterrence=LOW:HIGH" in err
    assert (
        main(
            [
                "sweep",
                state,
                "--param",
                "trade_dep",
                "--set",
                "us_deterrence=1.5",
                "--range",
                "us_deterrence=0:2",
                "--steps",
                "3",
                "--json",
            ]
        )
        == 0
    )
    # a --range that leaves out the base value is still a valid span to sweep
    assert (
        main(
            [
                "sweep",
                state,
                "--param",
                "trade_dep",
                "--range",
                "trade_dep=0.9:1",
                "--steps",
                "3",
                "--json",
            ]
        )
        == 0
    )


def test_explore_command_errors_are_one_line(capsys):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        err = _error(
            capsys, "explore", str(MODELS / "us_china.toml"), "--port", str(port), "--no-browser"
        )
    assert err == (
        f"gametheory: error: --port {port}: cannot listen on 127.0.0.1 (Address "
        "already in use); try another port or --port 0"
    )
    err = _error(
        capsys,
        "explore",
        str(MODELS / "us_china.toml"),
        "--select",
        "best",
        "--no-browser",
        "--port",
        "0",
    )
    assert "unknown selection rule 'best'" in err
    err = _error(capsys, "explore", str(MODELS / "chicken.nfg"), "--no-browser")
    assert err.endswith("explore needs a model file (.toml)")
