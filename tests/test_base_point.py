"""The calibrated base point: a consistent draw chosen by a stated rule, re-checked."""

from __future__ import annotations

import numpy as np
import pytest
from _calibration import MODEL, ROOT, calibration_fixtures, facts_text, run_calibrate

from gametheory.models import load_model
from gametheory.models.facts import fact_matrix, subgame_outcomes
from gametheory.sensitivity.base_point import POINT_RULES, choose_point, propose_base
from gametheory.sensitivity.calibration import calibrate
from gametheory.sensitivity.errors import SensitivityError

FACT_IDS = ("state_hedges", "china_presses_hedgers")
model, facts, result = calibration_fixtures(facts=FACT_IDS, seed=5)


def test_choose_point_picks_a_consistent_draw_by_each_rule():
    rng = np.random.default_rng(0)
    unit = rng.random((200, 4))
    consistent = unit[:, 0] > 0.7
    med = choose_point(unit, consistent, rule="median")
    assert consistent[med]
    target = np.median(unit[consistent], axis=0)
    d = ((unit - target) ** 2).sum(axis=1)
    assert d[med] == d[consistent].min()
    base = np.full(4, 0.5)
    near = choose_point(unit, consistent, rule="nearest-base", base=base)
    assert consistent[near]
    db = ((unit - base) ** 2).sum(axis=1)
    assert db[near] == db[consistent].min()
    assert choose_point(unit, np.zeros(200, bool), rule="median") is None


def test_choose_point_rejects_an_unknown_rule_and_a_missing_base():
    unit, ok = np.zeros((3, 2)), np.ones(3, bool)
    with pytest.raises(SensitivityError, match="unknown calibrated-point rule 'mean'"):
        choose_point(unit, ok, rule="mean")
    with pytest.raises(SensitivityError, match="needs the base values"):
        choose_point(unit, ok, rule="nearest-base")


@pytest.mark.parametrize("rule", sorted(POINT_RULES))
def test_proposed_base_is_consistent_and_rechecked(model, facts, result, rule):
    assert 0 < result.n_consistent < result.n_samples
    pb = propose_base(result, model, rule=rule)
    assert result.consistent[pb.draw]
    assert pb.all_facts_hold and set(pb.holds) == {f.id for f in facts}
    at = pb.apply(model)
    assert fact_matrix(facts, subgame_outcomes(at, at.value_vector()[None, :])).all()
    assert pb.statement == POINT_RULES[rule]


def test_median_rule_is_the_point_calibrate_reports(model, result):
    assert propose_base(result, model, rule="median").values == result.point


def test_nearest_base_moves_least(model, result):
    near = propose_base(result, model, rule="nearest-base")
    med = propose_base(result, model, rule="median")
    assert near.distance_to_base <= med.distance_to_base


def test_same_seed_same_point(model, facts, result):
    again = calibrate(model, facts, samples=256, rng=5, workers=1)
    assert propose_base(again, model).values == propose_base(result, model).values


def test_scenario_table_round_trips_exactly(model, result, tmp_path):
    pb = propose_base(result, model)
    text = MODEL.read_text(encoding="utf-8") + "\n" + pb.to_toml(command="gametheory calibrate")
    path = tmp_path / "regional_state.toml"
    path.write_text(text, encoding="utf-8")
    sc = load_model(path).scenarios["calibrated"]
    assert sc.values == pb.values  # floats written with repr: exact
    assert "median" in sc.judgement and "gametheory calibrate" in sc.judgement


def test_no_consistent_draw_is_an_error(model, facts, result):
    from dataclasses import replace

    none = replace(result, fits=np.zeros_like(result.fits))
    with pytest.raises(SensitivityError, match="no draw satisfies every fact"):
        propose_base(none, model)


def test_cli_writes_the_scenario(tmp_path):
    facts = tmp_path / "facts.toml"
    facts.write_text(facts_text(*FACT_IDS), encoding="utf-8")
    out = tmp_path / "calibrated.toml"
    run = run_calibrate(
        facts,
        *("--samples", "128", "--seed", "2", "--workers", "1", "--propose-base", str(out)),
        *("--point-rule", "nearest-base"),
    )
    assert run.returncode == 0, run.stderr
    assert "proposed base" in run.stdout and str(out) in run.stdout
    body = out.read_text(encoding="utf-8")
    assert body.startswith("[scenarios.calibrated]") and "--point-rule nearest-base" in body


def test_report_states_how_robust_the_first_movers_choice_is(model, result):
    from gametheory.report.calibration import _robustness
    from gametheory.sensitivity.calibration import wilson

    text = _robustness(result, "STATE", 256, 5, model)
    shares = result.conclusions("path")["STATE"]
    choice, share = max(shares.items(), key=lambda x: x[1])
    k = round(share * result.n_consistent)
    lo, _ = wilson(k, result.n_consistent)
    assert f"STATE chooses {choice} in {k:,} of the {result.n_consistent:,} consistent" in text
    assert f"{100 * lo:.1f}%" in text
    assert "gametheory calibrate regional_state.toml --samples 256 --seed 5" in text


def test_flagship_calibrated_scenario_fits_every_fact():
    """models/pacific_nato.toml's [scenarios.calibrated] was written by
    ``calibrate --propose-base``: every fact holds there, re-solved from the file."""
    from gametheory.models.facts import facts_path, load_facts

    path = ROOT / "models" / "pacific_nato.toml"
    flagship = load_model(path)
    sc = flagship.scenarios["calibrated"]
    assert "rule 'median'" in sc.judgement and "--propose-base" in sc.judgement
    assert not sc.fix and not sc.expect
    at = sc.apply(flagship)
    # a point inside the plausible ranges (a draw), not a different world
    for name, v in sc.values.items():
        p = flagship.parameters[name]
        assert p.low <= v <= p.high
    facts = load_facts(facts_path(path), flagship)
    assert fact_matrix(facts, subgame_outcomes(at, at.value_vector()[None, :])).all()
