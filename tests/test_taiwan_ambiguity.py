"""models/taiwan_ambiguity.toml: when does strategic ambiguity deter China better than clarity?

The answer is derived here by hand, independently of the solver: with US type t fighting
after a probe iff ``war_cost_t + extra < us_loss + audience`` (``audience`` only after a
clear commitment, ``extra`` only after a clear exclusion), China probes iff its expected
payoff from probing beats its status quo (``-provocation`` after a commitment, else 0).
The tests check the model's batched outcomes against that derivation on thousands of
random parameter vectors, the thresholds ``gametheory thresholds`` finds against the
closed-form cut-offs, and the commands a policy analyst runs.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gametheory.cli import main
from gametheory.models import load_model

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "taiwan_ambiguity.toml"
SOURCE = ROOT.parent / "shared" / "source" / "report.txt"


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL)


def hand_probe(v: dict[str, np.ndarray], policy: str) -> tuple[np.ndarray, np.ndarray]:
    """China probes under ``policy`` (by hand), and the smallest margin of any decision."""
    audience = v["audience_cost"] if policy == "defend" else 0.0
    extra = v["exclusion_cost"] if policy == "exclude" else 0.0
    margins = []
    fights = {}
    for t in ("resolute", "irresolute"):
        m = v["us_loss"] + audience - (v[f"war_cost_{t}"] + extra)
        fights[t] = m > 0
        margins.append(np.abs(m))
    p = v["p_resolve"]
    g, c = v["probe_gain"], v["china_war_cost"]
    ev = p * np.where(fights["resolute"], -c, g) + (1 - p) * np.where(fights["irresolute"], -c, g)
    status_quo = -v["provocation"] if policy == "defend" else 0.0
    margins.append(np.abs(ev - status_quo))
    return ev > status_quo, np.min(margins, axis=0)


def ambiguity_deters_better(v: dict[str, np.ndarray]) -> np.ndarray:
    """The closed-form answer (models/README.md): China refrains under ambiguity but probes
    against a clear commitment. Assumes the resolute US fights under ambiguity, which the
    ranges guarantee (war_cost_resolute <= 0.55 < 0.6 <= us_loss)."""
    g, c, r, p = v["probe_gain"], v["china_war_cost"], v["provocation"], v["p_resolve"]
    ambiguity_deters = (v["war_cost_irresolute"] < v["us_loss"]) | (p > g / (g + c))
    binds = v["audience_cost"] > v["war_cost_irresolute"] - v["us_loss"]
    commitment_deters = np.where(binds, r < c, p > (g + r) / (g + c))
    return ambiguity_deters & ~commitment_deters


def draws(model, n: int, seed: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    b = model.bounds()
    P = b[:, 0] + rng.random((n, len(b))) * (b[:, 1] - b[:, 0])
    return P, {name: P[:, j] for j, name in enumerate(model.parameter_names)}


def test_ranges_keep_the_resolute_us_resolute(model) -> None:
    assert model.parameters["war_cost_resolute"].high < model.parameters["us_loss"].low


def test_batched_outcomes_match_the_hand_derivation(model) -> None:
    P, v = draws(model, 3000, seed=1)
    out = model.evaluator()(P)
    for policy in ("ambiguity", "defend", "exclude"):
        probes, margin = hand_probe(v, policy)
        clear = margin > 1e-9
        got = out.action_labels(f"probe_{policy}") == "probe"
        assert (got == probes)[clear].all(), policy
        assert clear.mean() > 0.99


def test_the_answer_region_by_brute_force(model) -> None:
    """Where ambiguity deters better than a clear commitment, by the closed form and by the
    model's own equilibria at 3,000 random parameter vectors (both kinds of region occur)."""
    P, v = draws(model, 3000, seed=2)
    out = model.evaluator()(P)
    amb = out.action_labels("probe_ambiguity")
    dfd = out.action_labels("probe_defend")
    by_model = (amb == "refrain") & (dfd == "probe")
    clarity_better = (amb == "probe") & (dfd == "refrain")
    margins = np.min([hand_probe(v, pol)[1] for pol in ("ambiguity", "defend")], axis=0)
    clear = margins > 1e-9
    assert (by_model == ambiguity_deters_better(v))[clear].all()
    assert by_model.any() and clarity_better.any() and (~by_model & ~clarity_better).any()
    # a credible commitment (binding the irresolute US) deters better exactly when China
    # would probe an ambiguous US and provocation stays below China's war cost
    g, c = v["probe_gain"], v["china_war_cost"]
    binds = v["audience_cost"] > v["war_cost_irresolute"] - v["us_loss"]
    hand_clarity = (
        (v["war_cost_irresolute"] > v["us_loss"])
        & (v["p_resolve"] < g / (g + c))
        & binds
        & (v["provocation"] < c)
    )
    assert (clarity_better == hand_clarity)[clear].all()


def test_exclusion_never_deters_better_than_ambiguity(model) -> None:
    P, _ = draws(model, 2000, seed=3)
    out = model.evaluator()(P)
    amb = out.action_labels("probe_ambiguity")
    exc = out.action_labels("probe_exclude")
    assert not ((exc == "refrain") & (amb == "probe")).any()
    base = model.evaluator()(model.value_vector())
    assert base.action_labels("probe_exclude")[0] == "probe"  # the 'clear message'


def test_thresholds_are_the_hand_derived_cut_offs(model) -> None:
    from gametheory.sensitivity import critical_thresholds

    v = model.values
    g, c, r = v["probe_gain"], v["china_war_cost"], v["provocation"]
    frame = critical_thresholds(
        model, params=["p_resolve", "audience_cost", "provocation"], workers=1
    )
    found = {(row.parameter, round(row.threshold, 4)) for row in frame.itertuples()}
    expected = {
        ("p_resolve", round(g / (g + c), 4)),  # ambiguity stops deterring below it
        ("p_resolve", round((g + r) / (g + c), 4)),  # a non-binding commitment deters above it
        ("audience_cost", round(v["war_cost_irresolute"] - v["us_loss"], 4)),  # binds above
        ("provocation", round(v["p_resolve"] * (g + c) - g, 4)),  # commitment deters below
    }
    assert found == expected


def test_base_point_answer_as_the_description_states(model) -> None:
    v = model.values
    g, c, r = v["probe_gain"], v["china_war_cost"], v["provocation"]
    base = model.evaluator()(model.value_vector())
    assert base.action_labels("probe_ambiguity")[0] == "refrain"
    assert base.action_labels("probe_defend")[0] == "probe"
    assert base.action_labels("policy")[0] == "ambiguity"
    assert g / (g + c) < v["p_resolve"] < (g + r) / (g + c)
    text = " ".join(model.description.split())
    assert f"{g / (g + c):.3g}" in text.replace("1/3", "0.333")
    assert f"{(g + r) / (g + c):.3g}" in text
    assert f"{v['war_cost_irresolute'] - v['us_loss']:.2g}" in text
    eq = model.solve()
    assert len(eq) == 1 and eq[0].regret <= 1e-9
    assert eq.complete


# ------------------------------------------------------------------------ CLI
def test_cli_solve_json_contract(capsys) -> None:
    assert main(["solve", str(MODEL), "--json", "--set", "p_resolve=0.3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"game", "method", "complete", "equilibria", "model", "source"} <= set(data)
    assert data["method"] == "spe" and data["complete"] is True
    assert data["model"]["parameters"]["p_resolve"]["value"] == 0.3
    assert data["model"]["parameters_changed"] == {"p_resolve": 0.3}
    (eq,) = data["equilibria"]
    assert set(eq["behavior"]) == {"USA", "CHN"} and eq["regret"] <= 1e-9
    # below 1/3 China probes under ambiguity: its first information set is probe_ambiguity
    assert eq["behavior"]["CHN"][0] == {"probe": 1, "refrain": 0}
    assert data["infosets"]["CHN"] == ["probe_ambiguity", "probe_defend", "probe_exclude"]


def test_cli_solve_refuses_options_that_do_not_apply(capsys) -> None:
    assert main(["solve", str(MODEL), "--fix", "USA=ambiguity"]) == 1
    err = capsys.readouterr().err.strip()
    assert "--fix does not apply to a tree model" in err and "\n" not in err


def test_cli_thresholds(capsys) -> None:
    assert main(["thresholds", str(MODEL), "--json", "-p", "p_resolve", "--workers", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    values = sorted(t["threshold"] for t in data["thresholds"])
    assert values == pytest.approx([1 / 3, 1.6 / 3], abs=1e-5)


def test_cli_report_writes_html_md_tex(tmp_path, capsys) -> None:
    out = tmp_path / "rep"
    status = main(["report", str(MODEL), "-o", str(out), "--samples", "32", "-q"])
    assert status == 0, capsys.readouterr().err
    names = {p.name for p in out.iterdir()}
    assert {"report.html", "report.md", "report.tex", "results.json"} <= names
    md = (out / "report.md").read_text()
    assert "probe_defend" in md and "Strategic ambiguity" in md
    data = json.loads((out / "results.json").read_text())
    assert data["equilibria"]["form"] == "tree"


@pytest.mark.skipif(not SOURCE.exists(), reason="the report text (../shared/source) is absent")
def test_validate_checks_its_quotes(capsys) -> None:
    assert main(["validate", str(MODEL), "--source", str(SOURCE)]) == 0
    out = capsys.readouterr().out
    assert "0 not found" in out
    assert "quotes checked in 1 file" in out


def test_cli_tornado_on_the_deterrence_question(capsys) -> None:
    """One parameter at a time, whether China probes a clear commitment: the parameters of the
    closed form swing it, the two that do not enter it (resolute war cost, exclusion) do not."""
    args = ["sensitivity", str(MODEL), "--method", "tornado", "--outcome", "probe_defend=probe"]
    assert main([*args, "--json", "--workers", "1", "--no-progress"]) == 0
    data = json.loads(capsys.readouterr().out)
    swing = {r["parameter"]: r["swing"] for r in data["rows"]}
    assert swing["war_cost_resolute"] == 0 and swing["exclusion_cost"] == 0
    assert swing["p_resolve"] == 1 and swing["audience_cost"] == 1


@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_cli_global_sensitivity_runs(capsys, method: str) -> None:
    args = ["sensitivity", str(MODEL), "--method", method, "--samples", "32", "--seed", "0"]
    args += ["--outcome", "probe_ambiguity=refrain", "--json", "--workers", "1", "--no-progress"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["model"] == "taiwan_ambiguity" and data["method"] == method


def test_cli_sweep_over_the_prior(capsys) -> None:
    args = ["sweep", str(MODEL), "--param", "p_resolve", "--steps", "9", "--json"]
    assert main([*args, "--workers", "1"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["model"] == "taiwan_ambiguity"
    assert "probe_ambiguity probe" in out and "probe_ambiguity refrain" in out


def test_cli_draw_the_tree(tmp_path, capsys) -> None:
    out = tmp_path / "taiwan.svg"
    assert main(["draw", str(MODEL), "-o", str(out)]) == 0
    assert "equilibrium 1 of 1 by spe" in capsys.readouterr().out
    svg = out.read_text()
    for label in ("ambiguity", "defend", "exclude", "resolute", "probe", "refrain"):
        assert f">{label}<" in svg or f">{label} " in svg, label
