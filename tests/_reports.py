"""Shared by the report tests: each model's report, built once per test session."""

from __future__ import annotations

from pathlib import Path

from gametheory.models import load_model
from gametheory.report import Report, build_report

ROOT = Path(__file__).resolve().parents[1]
MODELS = sorted(
    p for p in (ROOT / "models").glob("*.toml") if not p.name.endswith(".facts.toml")
)  # facts files sit beside models
#: Monte Carlo draws in test reports: enough to exercise every section, small enough to be quick
SAMPLES = 48
#: a small model for the tests that need only one
SMALL = (
    ROOT / "models" / "us_china.toml" if (ROOT / "models" / "us_china.toml").exists() else MODELS[0]
)

_CACHE: dict[str, tuple[object, Report]] = {}


def report_for(path: Path) -> tuple[object, Report]:
    """``(model, report)`` for a model file, built once (seed 0, :data:`SAMPLES` draws)."""
    key = str(path)
    if key not in _CACHE:
        model = load_model(path)
        _CACHE[key] = (model, build_report(model, samples=SAMPLES, seed=0))
    return _CACHE[key]
