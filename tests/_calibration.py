"""The small calibration set-up of tests/test_calibrate.py and tests/test_base_point.py:
regional_state.toml, test facts about it, and the calibrate command on them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gametheory.models import load_model
from gametheory.models.facts import parse_facts
from gametheory.sensitivity.calibration import calibrate

__all__ = ["MODEL", "ROOT", "facts_text", "calibration_fixtures", "run_calibrate"]

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "regional_state.toml"

#: Test facts about regional_state, by id (the text of each [facts.ID] table).
_FACTS = {
    "state_hedges": """statement = "The state hedges"
judgement = "a test fact"
player = "STATE"
plays = ["hedge"]
under = "path"
""",
    "china_presses_hedgers": """statement = "China presses a hedger"
judgement = "a test fact"
player = "CHN"
plays = ["hedge"]
under = ["hedge"]
""",
    "china_never_restrains_joiners": """statement = "China does not restrain against a joiner"
judgement = "a test fact"
player = "CHN"
plays = ["hedge", "compete"]
under = ["compete"]
""",
}


def facts_text(*ids: str) -> str:
    """A facts file for regional_state with the facts ``ids``, in that order."""
    tables = "\n".join(f"[facts.{i}]\n{_FACTS[i]}" for i in ids)
    return f'format = 1\nmodel = "regional_state"\n\n{tables}'


def calibration_fixtures(*, facts: tuple[str, ...], seed: int) -> tuple[Any, Any, Any]:
    """Module-scoped fixtures ``model``, ``facts`` and ``result`` (a 256-draw calibrate
    run with ``seed`` in this process); bind them in a test module as
    ``model, facts, result = calibration_fixtures(...)``."""

    @pytest.fixture(scope="module", name="model")
    def model_fixture() -> Any:
        return load_model(MODEL)

    @pytest.fixture(scope="module", name="facts")
    def facts_fixture(model: Any) -> Any:
        return parse_facts(facts_text(*facts), model)

    @pytest.fixture(scope="module", name="result")
    def result_fixture(model: Any, facts: Any) -> Any:
        return calibrate(model, facts, samples=256, rng=seed, workers=1)

    return model_fixture, facts_fixture, result_fixture


def run_calibrate(facts_file: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``gametheory calibrate MODEL --facts FACTS_FILE OPTIONS...`` in a subprocess."""
    cmd = [sys.executable, "-m", "gametheory", "calibrate", str(MODEL), "--facts", str(facts_file)]
    return subprocess.run(
        [*cmd, *options],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
