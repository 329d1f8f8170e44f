"""Scenarios in model files, `solve --scenario` and `compare`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gametheory.errors import ModelError
from gametheory.models import load_model
from gametheory.models.compare import compare_scenarios

ROOT = Path(__file__).resolve().parents[1]
SEATO = ROOT / "models" / "seato_1954.toml"
ENV = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "gametheory", *args],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )


def _with_scenario(tmp_path, body):
    text = SEATO.read_text(encoding="utf-8") + "\n[scenarios.extra]\n" + body
    p = tmp_path / "seato_1954.toml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "body, message",
    [
        (
            'description = "d"\njudgement = "j"\nvalues = { nope = 1.0 }\n',
            "unknown parameter 'nope'",
        ),
        ('description = "d"\n', "needs a quote or a judgement"),
        ('description = "d"\njudgement = "j"\nfix = { USA = "nato" }\n', "scenarios.extra.fix.USA"),
        ('description = "d"\njudgement = "j"\ncolour = 1\n', "scenarios.extra.colour: unknown key"),
    ],
)
def test_bad_scenarios_are_one_line_errors(tmp_path, body, message):
    with pytest.raises(ModelError, match=message.replace("(", r"\(")):
        load_model(_with_scenario(tmp_path, body))


def test_scenario_values_may_leave_the_range_on_purpose():
    m = load_model(SEATO)
    sc = m.scenarios["dissolution_1977"]
    changed = sc.apply(m)
    assert changed.values["invasion_gain"] == 0.3 < m.parameters["invasion_gain"].low


def test_solve_with_a_scenario():
    proc = _cli("solve", str(SEATO), "--scenario", "exits_1972", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["game"]["parameters_changed"]["stake.PAK"] == 0.0
    path = out["equilibria"][0]["profile"]
    assert path["USA"] == {"manila_pact": 1.0} and path["PAK"] == {"hedge": 1.0}


def test_unknown_scenario_is_one_line():
    proc = _cli("solve", str(SEATO), "--scenario", "nope")
    assert proc.returncode != 0
    assert "no scenario 'nope'" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_compare_attributes_each_change():
    c = compare_scenarios(load_model(SEATO), "base", "exits_1972")
    changed = {ch.player: ch for ch in c.changes}
    assert changed["PAK"].b == "hedge" and changed["FRA"].b == "hedge"
    # Pakistan's exit follows from its stake alone; France's needs its stake and its
    # opposition together (no single parameter reproduces it)
    assert changed["PAK"].because == ("stake.PAK",)
    assert changed["FRA"].because == ()
    assert "only the changes together" in c.describe()


def test_compare_cli_json():
    proc = _cli(
        "compare", str(SEATO), "--scenario", "base", "--scenario", "dissolution_1977", "--json"
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert any(c["player"] == "USA" and c["b"] == "no_pact" for c in out["changes"])
    proc = _cli("compare", str(SEATO), "--scenario", "base")
    assert proc.returncode != 0 and "exactly two" in proc.stderr
