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
TARIFF = ROOT / "tests" / "data" / "several" / "tariff_chicken.toml"


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
    assert pure == [
        "USA tariff / CHN no_tariff / EU tariff",
        "USA tariff / CHN tariff / EU no_tariff",
    ]
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
    assert {
        "equilibria_before",
        "equilibria_after",
        "mixed_before",
        "mixed_after",
        "branch",
    } <= set(first)
    assert main(["thresholds", str(TARIFF), "--param", "escalation.EU"]) == 0
    out = capsys.readouterr().out
    assert "Outcome: the set of pure equilibria" in out
    assert (
        "[equilibrium-set] USA tariff / CHN tariff / EU no_tariff stops being an equilibrium" in out
    )


def test_outcome_specs_speak_of_the_set_by_default(tariff):
    from gametheory.sensitivity import parse_outcome
    from gametheory.sensitivity._common import evaluate_points, space_for

    sp = space_for(tariff, None, ["escalation.EU"])
    table = evaluate_points(tariff, sp, np.array([[0.0], [0.1], [0.3]]))
    players = tariff.player_ids
    member = parse_outcome("equilibrium=USA tariff / CHN tariff / *", players=players)
    assert member.values(table.arrays).tolist() == [0, 1, 1]
    assert parse_outcome("unique", players=players).values(table.arrays).tolist() == [1, 0, 1]
    assert parse_outcome("equilibria", players=players).values(table.arrays).tolist() == [1, 2, 1]
    # CHN plays tariff in every equilibrium only at the high end
    chn = parse_outcome("CHN=tariff", players=players).values(table.arrays)
    assert chn.tolist() == [0, 0, 1]
    # a payoff is undefined where there are several equilibria
    pay = parse_outcome("payoff:CHN", players=players).values(table.arrays)
    assert np.isnan(pay[1]) and np.isfinite(pay[[0, 2]]).all()


def test_selected_outcomes_follow_the_named_rule(tariff):
    from gametheory.sensitivity import sweep

    frame = sweep(tariff, "escalation.EU", steps=4, select="first")  # 0, 0.1 (base), ...
    middle = frame.iloc[1]
    assert middle["equilibria"] == 2
    # "first" in file order: CHN tariff comes before CHN no_tariff
    assert middle["outcome"] == "USA tariff / CHN tariff / EU no_tariff"
    assert frame.attrs["selection"] == "first"
    other = sweep(tariff, "escalation.EU", steps=4, select="payoff-dominant")
    assert other.iloc[1]["outcome"] == "USA tariff / CHN no_tariff / EU tariff"
    assert list(other["equilibrium set"]) == list(frame["equilibrium set"])


def test_selection_thresholds_are_labelled_and_name_the_rule(capsys):
    assert (
        main(
            [
                "thresholds",
                str(TARIFF),
                "--param",
                "tot_gain.CHN",
                "--select",
                "payoff-dominant",
                "--json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["selection"] == "payoff-dominant"
    kinds = {t["kind"] for t in data["thresholds"]}
    assert kinds == {"selection", "equilibrium-set"}
    for t in data["thresholds"]:
        if t["kind"] == "selection":
            assert t["equilibria_before"] == t["equilibria_after"]
            assert "payoff-dominant selection" in t["statement"]
        else:
            assert t["equilibria_before"] != t["equilibria_after"]


def test_region_map_marks_where_several_equilibria_coexist(tariff, tmp_path, capsys):
    from gametheory.sensitivity import region_map

    rm = region_map(tariff, "tot_gain.CHN", "escalation.EU", steps=9)
    shares = rm.shares()
    assert shares.several.any() and not shares.several.all()
    for _, row in shares.iterrows():
        assert row.several == ("; " in row.outcome)
    base = rm.table.arrays["set"][np.argmin(np.abs(rm.table.values - rm.base).sum(axis=1))]
    assert base.count("; ") == 1
    assert main(["sweep", str(TARIFF), "-p", "escalation.EU", "--steps", "3"]) == 0
    out = capsys.readouterr().out
    assert "Outcome: the set of pure equilibria" in out
    assert "USA tariff / CHN tariff / EU no_tariff; USA tariff / CHN no_tariff / EU tariff" in out


def test_sensitivity_cli_states_the_outcomes(capsys):
    assert (
        main(
            [
                "sensitivity",
                str(TARIFF),
                "-m",
                "montecarlo",
                "-n",
                "64",
                "--workers",
                "1",
                "--no-progress",
                "--json",
                "--outcome",
                "unique",
                "--outcome",
                "equilibrium=USA tariff / CHN tariff / *",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["outcome"].startswith("the set of pure equilibria")
    assert data["outcomes"] == {
        "unique": "the pure equilibrium is unique",
        "equilibrium=USA tariff / CHN tariff / *": "USA tariff / CHN tariff / * is an equilibrium",
    }
    assert main(["sensitivity", str(TARIFF), "--select", "nonsense", "-m", "tornado"]) != 0
    assert "unknown selection rule 'nonsense'" in capsys.readouterr().err


def _star_rows(report):
    mc = next(p for p in report.section("sensitivity")["parts"] if p["key"] == "monte_carlo")
    return [str(r[0])[2:] for r in mc["table"]["rows"] if str(r[0]).startswith("★ ")]


def test_report_follows_the_set_in_every_section(tmp_path, capsys):
    from gametheory.report import build_report

    report = build_report(load_model(TARIFF), samples=128, workers=1)
    summary = report.section("summary")
    base_set = "USA tariff / CHN tariff / EU no_tariff; USA tariff / CHN no_tariff / EU tariff"
    text = summary["paragraph"]
    assert text.startswith("The game has ")
    assert "follows the set of pure equilibria" in text
    assert report.section("equilibria")["followed"]["kind"] == "set"
    assert base_set in summary["robustness"]["outcome"]
    assert _star_rows(report) == [base_set]
    sens = report.section("sensitivity")
    assert sens["base_outcome"] == base_set and sens["selection"] is None
    for row in summary["closest_thresholds"]:
        assert "an equilibrium" in row["change"]
    assert {r["kind"] for r in report.results["sensitivity"]["thresholds"]} == {"equilibrium-set"}


def test_report_with_a_rule_follows_its_pick_in_every_section(tmp_path, capsys):
    out = tmp_path / "rep"
    assert (
        main(
            [
                "report",
                str(TARIFF),
                "--set",
                "tot_gain.CHN=0.16",
                "--select",
                "payoff-dominant",
                "--samples",
                "128",
                "-o",
                str(out),
                "--format",
                "json",
                "--quiet",
            ]
        )
        == 0
    )
    capsys.readouterr()
    sections = json.loads((out / "results.json").read_text())
    summary = sections["summary"]
    picked = "USA tariff / CHN no_tariff / EU tariff"
    assert "payoff-dominant rule selects" in summary["paragraph"]
    assert summary["outcome"]["label"] == picked
    assert picked in summary["robustness"]["outcome"]
    mc = next(p for p in sections["sensitivity"]["parts"] if p["key"] == "monte_carlo")
    assert [str(r[0])[2:] for r in mc["table"]["rows"] if str(r[0]).startswith("★ ")] == [picked]
    base = dict(part.split(" ") for part in picked.split(" / "))
    for row in summary["closest_thresholds"]:
        # every change the summary names starts from the followed equilibrium
        assert "selection moves from " + picked in row["change"], row
    for row in sections["sensitivity"]["thresholds"]["closest"]:
        for frag in row["change"].split("; "):
            if " -> " in frag and frag.split(" ")[0] in base:
                player, old = frag.split(" ")[:2]
                assert base[player] == old, frag
    assert "--select payoff-dominant" in sections["reproducibility"]["command"]


def test_risk_dominant_selection_in_batched_analyses(tariff):
    from gametheory import select_equilibrium
    from gametheory.sensitivity import SensitivityError, sweep

    frame = sweep(tariff, "escalation.EU", steps=4, select="risk-dominant")
    for _, row in frame.iterrows():
        res = tariff.with_params({"escalation.EU": row["escalation.EU"]}).solve(method="pure")
        if len(res) >= 2:
            ref = select_equilibrium(res, "risk-dominant").equilibrium.label()
            assert row["outcome"] == ref
    with pytest.raises(SensitivityError, match="logit"):
        sweep(tariff, "escalation.EU", steps=3, select="logit")
    with pytest.raises(SensitivityError, match="unknown selection rule"):
        sweep(tariff, "escalation.EU", steps=3, select="risk-averse")


def test_flagship_thresholds_are_scanned_on_every_branch_of_the_us_choice():
    """The issue's example: the whole pacific_nato_taiwan row flips inside the range of
    taiwan_aversion.TWN, on a branch the United States does not take at base."""
    flagship = load_model(ROOT / "models" / "pacific_nato.toml")
    frame = critical_thresholds(flagship, params=["taiwan_aversion.TWN"], steps=21, workers=1)
    # second edition: the US moves twice (structure, then trade track), so a branch is a
    # path of both moves, e.g. "USA pacific_nato_taiwan / TPP no_tpp"
    rows = frame[frame.branch.str.startswith("USA pacific_nato_taiwan")]
    assert len(rows) >= 1
    row = rows.iloc[0]
    assert row.statement.startswith(f"after {row.branch}: ")
    assert row.kind == "equilibrium-set"
    fix = dict(part.split(" ") for part in row.branch.split(" / "))
    # the row really changes: solve that subgame just below and just above
    p = flagship.parameters["taiwan_aversion.TWN"]
    eps = 1e-4 * (p.high - p.low)
    below, above = (
        flagship.with_params({"taiwan_aversion.TWN": row.threshold + d}).solve(fix=fix).path
        for d in (-eps, eps)
    )
    assert below != above
