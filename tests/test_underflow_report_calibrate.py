"""Float underflow while payoffs are computed is flagged in the report's Monte Carlo
and Sobol parts (as in its thresholds part) and by ``calibrate`` (issue 12: no silent
loss of precision). Each underflowing model has a twin without underflow that gives
no warning."""

from __future__ import annotations

import json

import pytest
from _subprocess import gametheory_cli
from test_underflow_everywhere import SEQUENTIAL, write

from gametheory.models import load_model
from gametheory.models.facts import parse_facts
from gametheory.report import build_report
from gametheory.sensitivity.calibration import calibrate


def note(report, part: str) -> str:
    parts = report.section("sensitivity")["parts"]
    return next(p["note"] for p in parts if p["key"] == part)


LOST = "samples: A's payoff fell below the floating-point range (about 2.2e-308)"


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("underflow-report")
    return {
        k: build_report(load_model(write(tmp, SEQUENTIAL, f"rep{k[1:]}", k=k)), samples=64, seed=0)
        for k in ("-800", "-8")
    }


@pytest.mark.parametrize(("part", "evaluations"), [("monte_carlo", 64), ("sobol", 48)])
def test_report_monte_carlo_and_sobol_state_the_underflow(reports, part, evaluations):
    report = reports["-800"]
    summary = report.results["sensitivity"][f"{part}_underflow"]
    # exp(-800 p) underflows for p above 0.885 of the range 0.001 - 2: some draws, not all
    assert summary["players"] == ["A"] and summary["of"] == evaluations
    assert 0 < summary["samples"] < evaluations
    assert f"Warning: {summary['samples']} of {evaluations} {LOST}" in note(report, part)
    saved = json.loads(json.dumps(report.results, allow_nan=False))  # results.json carries it as is
    assert saved["sensitivity"][f"{part}_underflow"] == summary


@pytest.mark.parametrize("part", ["monte_carlo", "sobol"])
def test_report_without_underflow_states_none(reports, part):
    report = reports["-8"]
    assert report.results["sensitivity"][f"{part}_underflow"] is None
    assert "Warning" not in note(report, part)


FACTS = """format = 1
model = "cal"

[facts.a_plays_x]
statement = "A plays x"
judgement = "a test fact"
player = "A"
plays = ["x"]
under = "path"
"""


@pytest.mark.parametrize(("k", "lost"), [("-800", True), ("-8", False)])
def test_calibrate_flags_the_draws_whose_payoffs_underflowed(tmp_path, k, lost):
    model = load_model(write(tmp_path, SEQUENTIAL, "cal", k=k))
    res = calibrate(model, parse_facts(FACTS, model), samples=64, rng=0, workers=1)
    if not lost:
        assert res.underflow is None and res.warnings == ()
        return
    # exp(-800 p) underflows for p above 0.885 of the range 0.001 - 2: some draws, not all
    assert res.underflow["players"] == ["A"] and res.underflow["of"] == 64
    assert 0 < res.underflow["samples"] < 64
    assert res.warnings == (
        f"{res.underflow['samples']} of 64 {LOST} and became 0 or "
        "imprecise, so their outcomes may be wrong; rescale the formula",
    )
    assert res.to_json()["underflow"] == res.underflow


@pytest.mark.parametrize(("k", "lost"), [("-800", True), ("-8", False)])
def test_cli_calibrate_prints_one_warning_line_and_json_field(tmp_path, k, lost):
    path = str(write(tmp_path, SEQUENTIAL, "cal", k=k))
    facts = tmp_path / "facts.toml"
    facts.write_text(FACTS, encoding="utf-8")
    options = ("--facts", str(facts), "--samples", "64", "--seed", "0", "--workers", "1")
    text = gametheory_cli("calibrate", path, *options, timeout=300)
    assert text.returncode == 0, text.stderr
    warned = [line for line in text.stdout.splitlines() if line.startswith("warning:")]
    data = json.loads(gametheory_cli("calibrate", path, *options, "--json", timeout=300).stdout)
    if not lost:
        assert warned == [] and data["underflow"] is None and data["warnings"] == []
        return
    assert data["underflow"]["players"] == ["A"] and data["underflow"]["of"] == 64
    assert warned == [
        f"warning: {data['underflow']['samples']} of 64 {LOST} and became 0 "
        "or imprecise, so their outcomes may be wrong; rescale the formula"
    ]


@pytest.mark.parametrize(("k", "lost"), [("-800", True), ("-8", False)])
def test_report_calibration_part_states_the_underflow(tmp_path, k, lost):
    from gametheory.report.calibration import collect_calibration

    path = write(tmp_path, SEQUENTIAL, "cal", k=k)
    path.with_name("cal.facts.toml").write_text(FACTS, encoding="utf-8")
    model = load_model(path)
    section = collect_calibration(model, samples=64, seed=0, workers=1)
    part = next(p for p in section.parts if p.key == "calibration")
    res = calibrate(model, parse_facts(FACTS, model), samples=64, rng=0, workers=1)
    if lost:
        assert part.note.endswith(f" Warning: {res.warnings[0]}.")
    else:
        assert "Warning" not in part.note
