"""Float underflow while payoffs are computed is flagged in the report's Monte Carlo
and Sobol parts (as in its thresholds part) and by ``calibrate`` (issue 12: no silent
loss of precision). Each underflowing model has a twin without underflow that gives
no warning."""

from __future__ import annotations

import json

import pytest
from test_underflow_everywhere import SEQUENTIAL, write

from gametheory.models import load_model
from gametheory.report import build_report


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
