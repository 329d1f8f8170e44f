"""gametheory calibrate: the facts against the plausible space (small model, fast)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gametheory.models import load_model
from gametheory.models.facts import parse_facts
from gametheory.sensitivity.calibration import calibrate, wilson

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "regional_state.toml"
FACTS = """format = 1
model = "regional_state"

[facts.state_hedges]
statement = "The state hedges"
judgement = "a test fact"
player = "STATE"
plays = ["hedge"]
under = "path"

[facts.china_presses_hedgers]
statement = "China presses a hedger"
judgement = "a test fact"
player = "CHN"
plays = ["hedge"]
under = ["hedge"]

[facts.china_never_restrains_joiners]
statement = "China does not restrain against a joiner"
judgement = "a test fact"
player = "CHN"
plays = ["hedge", "compete"]
under = ["compete"]
"""


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL)


@pytest.fixture(scope="module")
def facts(model):
    return parse_facts(FACTS, model)


@pytest.fixture(scope="module")
def result(model, facts):
    return calibrate(model, facts, samples=256, rng=3, workers=1)


def test_shares_and_interval_are_consistent(result):
    assert 0 < result.n_consistent < result.n_samples
    lo, hi = result.consistent_ci
    assert lo <= result.consistent_share <= hi
    assert result.n_consistent == int(result.fits.all(axis=0).sum())


def test_conclusions_are_shares_over_the_consistent_draws(result):
    concl = result.conclusions("path")
    for shares in concl.values():
        assert sum(shares.values()) == pytest.approx(1.0)
    # a fact that holds in every consistent draw is a certain conclusion
    assert concl["STATE"] == {"hedge": 1.0}


def test_ranges_lie_inside_the_plausible_ranges(model, result):
    for name, (lo, hi) in result.ranges().items():
        p = model.parameters[name]
        assert p.low <= lo <= hi <= p.high


def test_calibrated_point_is_consistent(model, facts, result):
    from gametheory.models.facts import fact_matrix, subgame_outcomes

    m2 = model.with_params(result.point)
    assert fact_matrix(facts, subgame_outcomes(m2, m2.value_vector()[None, :])).all()


def test_same_seed_same_answer(model, facts, result):
    again = calibrate(model, facts, samples=256, rng=3, workers=1)
    np.testing.assert_array_equal(again.fits, result.fits)


def test_partial_fits_add_up(result):
    assert sum(result.partial_fits().values()) == result.n_samples


def test_conflicting_facts_are_reported(model):
    both = parse_facts(
        FACTS
        + """
[facts.state_joins]
statement = "The state joins"
judgement = "contradicts state_hedges"
player = "STATE"
plays = ["compete"]
under = "path"
""",
        model,
    )
    res = calibrate(model, both, samples=128, rng=0, workers=1)
    assert res.n_consistent == 0
    assert {
        "facts": ["state_hedges", "state_joins"],
        "n_together": 0,
        "kind": "never hold together",
    } in res.conflicts()


def test_wilson_interval_is_inside_zero_one():
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == pytest.approx(1.0)
    lo, hi = wilson(30, 100)
    assert lo < 0.3 < hi


def test_cli_json_contract_and_resume(tmp_path):
    facts = tmp_path / "facts.toml"
    facts.write_text(FACTS, encoding="utf-8")
    cmd = [
        sys.executable,
        "-m",
        "gametheory",
        "calibrate",
        str(MODEL),
        "--facts",
        str(facts),
        "--samples",
        "128",
        "--seed",
        "1",
        "--workers",
        "1",
        "--json",
        "--out",
        str(tmp_path / "run"),
    ]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    for key in (
        "facts",
        "n_samples",
        "n_consistent",
        "consistent_share",
        "consistent_ci",
        "conclusions",
        "ranges",
        "conflicts",
    ):
        assert key in data
    assert set(data["facts"][0]) >= {"id", "quote", "holds_at_base"}
    assert data["n_samples"] == 128
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    assert json.loads(second.stdout)["n_consistent"] == data["n_consistent"]
    assert list((tmp_path / "run").glob("chunk-*.npz"))


def test_cli_bad_facts_is_one_line(tmp_path):
    facts = tmp_path / "facts.toml"
    facts.write_text(FACTS.replace('player = "CHN"', 'player = "XXX"', 1), encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "gametheory",
            "calibrate",
            str(MODEL),
            "--facts",
            str(facts),
            "-n",
            "8",
        ],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert proc.returncode != 0
    assert "unknown player 'XXX'" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
