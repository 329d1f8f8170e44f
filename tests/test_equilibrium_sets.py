"""Analyses follow the *set* of equilibria: a three-bloc tariff war with several of them."""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

from gametheory.cli import main
from gametheory.models import load_model
from gametheory.sensitivity import critical_thresholds

ROOT = pathlib.Path(__file__).parents[1]
TARIFF = ROOT / "tests" / "data" / "models" / "tariff_war.toml"


@pytest.fixture(scope="module")
def tariff():
    return load_model(TARIFF)


def pure_set(model, **values):
    """Labels of the pure equilibria, from the solver (an independent path)."""
    res = model.with_params(values, extend_range=True).solve(method="pure")
    return sorted(e.label() for e in res)


def test_the_test_model_has_two_pure_and_one_mixed_equilibrium(tariff):
    res = tariff.solve(method="enumerate-mixed")
    pure = sorted(e.label() for e in res if e.is_pure)
    assert pure == ["USA tariff / CHN no_tariff / EU tariff",
                    "USA tariff / CHN tariff / EU no_tariff"]
    [mixed] = [e for e in res if not e.is_pure]
    assert mixed["CHN"]["tariff"] == pytest.approx(2 / 3)
    assert mixed["EU"]["tariff"] == pytest.approx(3 / 8)


def test_evaluator_returns_the_set_of_pure_equilibria(tariff):
    rng = np.random.default_rng(0)
    lo, hi = tariff.bounds()[:, 0], tariff.bounds()[:, 1]
    P = lo + (hi - lo) * rng.random((40, len(lo)))
    out = tariff.evaluator()(P)
    for row, text, usa in zip(P, out.set_labels(), out.set_actions("USA"), strict=True):
        ref = pure_set(tariff, **dict(zip(tariff.parameter_names, row, strict=True)))
        assert sorted(text.split("; ")) == (ref or ["no pure equilibrium"])
        acts = {lab.split(" / ")[0].split(" ")[1] for lab in ref}
        assert usa == ("" if not acts else acts.pop() if len(acts) == 1 else "(several)")


def test_thresholds_are_equilibrium_set_changes_and_true_ones(tariff):
    frame = critical_thresholds(tariff)
    assert len(frame) >= 5 and set(frame.kind) == {"equilibrium-set"}
    assert (frame.branch == "").all() and (frame.selection == "").all()
    for _, row in frame.iterrows():
        p = tariff.parameters[row.parameter]
        eps = 1e-5 * (p.high - p.low)
        near = row.threshold + (-eps if row.direction == "above" else eps)
        far = row.threshold + (eps if row.direction == "above" else -eps)
        before = pure_set(tariff, **{row.parameter: near})
        after = pure_set(tariff, **{row.parameter: far})
        assert before != after, row.statement
        assert sorted(row.equilibria_before) == before
        assert sorted(row.equilibria_after) == after
        assert row.mixed_before and row.mixed_after
    # at the base point the game has the mixed equilibrium of the description
    assert any("CHN [tariff 0.667" in m for m in frame.mixed_before)


def test_thresholds_cli_json_declares_the_outcome_and_kinds(capsys):
    assert main(["thresholds", str(TARIFF), "--json", "--param", "escalation.EU"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outcome"].startswith("the set of pure equilibria")
    assert data["selection"] is None
    assert data["thresholds"] and all(t["kind"] == "equilibrium-set" for t in data["thresholds"])
    first = data["thresholds"][0]
    assert {"equilibria_before", "equilibria_after", "mixed_before", "mixed_after",
            "branch"} <= set(first)
    assert main(["thresholds", str(TARIFF), "--param", "escalation.EU"]) == 0
    out = capsys.readouterr().out
    assert "Outcome: the set of pure equilibria" in out
    assert "[equilibrium-set] USA tariff / CHN tariff / EU no_tariff stops being an equilibrium" in out
