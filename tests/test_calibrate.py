"""gametheory calibrate: the facts against the plausible space (small model, fast)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from _calibration import calibration_fixtures, facts_text, run_calibrate

from gametheory.models.facts import parse_facts
from gametheory.sensitivity.calibration import calibrate, wilson

FACT_IDS = ("state_hedges", "china_presses_hedgers", "china_never_restrains_joiners")
FACTS = facts_text(*FACT_IDS)
model, facts, result = calibration_fixtures(facts=FACT_IDS, seed=3)


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
    options = ("--samples", "128", "--seed", "1", "--workers", "1", "--json")
    first = run_calibrate(facts, *options, "--out", str(tmp_path / "run"))
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
    second = run_calibrate(facts, *options, "--out", str(tmp_path / "run"))
    assert json.loads(second.stdout)["n_consistent"] == data["n_consistent"]
    assert list((tmp_path / "run").glob("chunk-*.npz"))


def test_cli_bad_facts_is_one_line(tmp_path):
    facts = tmp_path / "facts.toml"
    facts.write_text(FACTS.replace('player = "CHN"', 'player = "XXX"', 1), encoding="utf-8")
    proc = run_calibrate(facts, "-n", "8")
    assert proc.returncode != 0
    assert "unknown player 'XXX'" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
