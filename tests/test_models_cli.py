"""``gametheory solve MODEL.toml``: sequential and simultaneous models, --set, --fix, --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gametheory.cli import main
from gametheory.models import load_model

MODELS = Path(__file__).resolve().parents[1] / "models"
REGIONAL = str(MODELS / "regional_state.toml")
US_CHINA = str(MODELS / "us_china.toml")


def run(capsys, *argv):
    status = main(["solve", *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_sequential_text_output(capsys):
    status, out, _ = run(capsys, REGIONAL)
    assert status == 0
    assert "Subgame-perfect path:" in out
    assert "Outcome under each STATE option:" in out
    result = load_model(REGIONAL).solve()
    for player, action in result.path.items():
        assert any(line.split()[:2] == [player, action] for line in out.splitlines())


def test_sequential_json_matches_api(capsys):
    status, out, _ = run(capsys, REGIONAL, "--json")
    assert status == 0
    data = json.loads(out)
    api = load_model(REGIONAL).solve().to_dict()
    assert data["method"] == "backward-induction"
    assert data["equilibria"][0]["profile"] == api["equilibria"][0]["profile"]
    assert data["plan"]["options"].keys() == api["plan"]["options"].keys()
    assert data["game"]["players"] == [
        {"name": "STATE", "strategies": ["cooperate", "hedge", "compete"]},
        {"name": "CHN", "strategies": ["cooperate", "hedge", "compete"]},
    ]


def test_set_moves_the_outcome(capsys):
    status, out, _ = run(
        capsys,
        REGIONAL,
        "--json",
        "--set",
        "us_deterrence=1.0",
        "--set",
        "sec_dep=1.0",
        "--set",
        "trade_dep=0.3",
    )
    data = json.loads(out)
    assert data["equilibria"][0]["profile"]["STATE"] == {"compete": 1.0}
    assert data["game"]["parameters_changed"] == {
        "us_deterrence": 1.0,
        "sec_dep": 1.0,
        "trade_dep": 0.3,
    }


def test_fix_shows_the_subgame(capsys):
    status, out, _ = run(capsys, REGIONAL, "--json", "--fix", "STATE=compete")
    data = json.loads(out)
    assert data["equilibria"][0]["profile"]["STATE"] == {"compete": 1.0}
    assert data["fix"] == {"STATE": "compete"}
    assert list(data["plan"]["options"]) == ["compete"]


BAD = [
    (["--set", "sec_dep"], "--set 'sec_dep': expected NAME=VALUE"),
    (["--set", "sec_depp=0.5"], "unknown parameter 'sec_depp' (did you mean 'sec_dep'"),
    (["--set", "sec_dep=abc"], "'abc' is not a number"),
    (
        ["--set", "sec_dep=7"],
        "--set sec_dep=7: outside sec_dep's range [0.3, 1]; widen it with --range sec_dep=LOW:HIGH",
    ),
    (["--fix", "STATE=join"], "--fix 'STATE=join': unknown strategy 'join' of player 'STATE'"),
    (["--fix", "USA=hedge"], "unknown player 'USA'"),
    (["--fix", "STATE"], "expected PLAYER=STRATEGY"),
    (["--fix", "STATE=hedge", "--fix", "STATE=compete"], "one strategy per player"),
    # the library refuses these (Model.solve), with the message a notebook user sees
    (["--method", "support"], "method 'support' does not apply: a sequential model"),
    (["--exact"], "exact=True is not available for sequential models"),
]


@pytest.mark.parametrize("extra, message", BAD, ids=[" ".join(b[0]) for b in BAD])
def test_bad_options_are_one_line_errors(capsys, extra, message):
    status, out, err = run(capsys, REGIONAL, *extra)
    assert status != 0 and out == ""
    assert err.startswith("gametheory: error: ") and message in err
    assert err.count("\n") == 1


def test_simultaneous_model(capsys):
    status, out, _ = run(capsys, US_CHINA, "--json")
    assert status == 0
    data = json.loads(out)
    profiles = [e["profile"] for e in data["equilibria"]]
    assert {
        "USA": {"cooperate": 0.0, "hedge": 1.0, "compete": 0.0},
        "CHN": {"cooperate": 0.0, "hedge": 1.0, "compete": 0.0},
    } in profiles
    assert data["game"]["model"] == "us_china"


def test_simultaneous_text_with_set_and_fix(capsys):
    status, out, _ = run(capsys, US_CHINA, "--set", "network_share=0.9", "--fix", "USA=compete")
    assert status == 0
    assert "network_share = 0.9 (was 0.8)" in out
    assert "Equilibrium 1" in out


def test_hostile_model_file_is_rejected(capsys):
    path = Path(__file__).resolve().parent / "data" / "models" / "hostile_import.toml"
    status, out, err = run(capsys, str(path))
    assert status == 1 and out == ""
    assert "players.A.payoff: calls to" in err


@pytest.mark.parametrize(
    "options, message",
    [
        ({"method": "nonsense", "exact": True}, "method 'nonsense' does not apply"),
        ({"exact": True}, "exact=True is not available for sequential models"),
        ({"fix": {"STATE": ["hedge", "compete"]}}, "fix one strategy per player"),
    ],
    ids=["method", "exact", "fix"],
)
def test_sequential_solve_checks_its_arguments_in_the_library(options, message):
    """The CLI relies on these checks: the same one-line error reaches Python users."""
    from gametheory.errors import ModelError

    model = load_model(REGIONAL)
    with pytest.raises(ModelError, match=message) as info:
        model.solve(**options)
    assert "\n" not in str(info.value)
