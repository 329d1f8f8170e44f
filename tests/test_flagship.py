"""The flagship model, models/pacific_nato.toml (second edition), against the report.

The report's claims are data (models/pacific_nato.facts.toml, each with its quote); the
tests check that every one holds at the base values, and that each mechanism the issue
asks for is really in the model: China's use-of-force step deterred by the structure,
deterrence growing with who joins, eligibility, pairwise costs that need the
counterpart, the veto as a chance event for everyone, the separate trade track. The
model's numbers are never asserted, only behaviour.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gametheory.models import load_model
from gametheory.models.facts import fact_matrix, load_facts, subgame_outcomes
from gametheory.models.quotes import check_quotes, find_source_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MODEL = ROOT / "models" / "pacific_nato.toml"
README = ROOT / "models" / "README.md"
SOURCE = find_source_text(MODEL, "report.txt")  # ../shared/source/report.txt in the team layout
FACTS = ROOT / "models" / "pacific_nato.facts.toml"

STATES = ("AUS", "IND", "IDN", "JPN", "MYS", "NZL", "PHL", "SGP", "KOR", "TWN", "THA", "VNM")
STRUCTURES = (
    "status_quo",
    "inclusive_network",
    "quad_plus",
    "eop_plus",
    "nato_expansion",
    "pacific_nato",
    "pacific_nato_taiwan",
)
EXCLUDE_TAIWAN = ("inclusive_network", "quad_plus", "eop_plus", "nato_expansion", "pacific_nato")


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL)


@pytest.fixture(scope="module")
def facts(model):
    return load_facts(FACTS, model)


@pytest.fixture(scope="module")
def base(model):
    return subgame_outcomes(model, model.value_vector()[None, :])


def action(out, structure, player, row=0):
    i = out.players.index(player)
    return out.strategies[i][out.actions[structure][row, i]]


def test_players_stages_and_strategies(model):
    assert model.player_ids == ("USA", "TPP", *STATES, "CHN")
    assert model.player("USA").strategies == STRUCTURES
    assert model.player("TPP").strategies == ("no_tpp", "revive")
    assert model.player("CHN").strategies == ("cooperate", "hedge", "compete", "force")
    assert model.stages == (("USA",), ("TPP",), STATES, ("CHN",))


@pytest.mark.skipif(SOURCE is None, reason="needs the source report (../shared/source/report.txt)")
def test_every_quote_is_found_in_the_report():
    """The package's checker, run as ``gametheory validate`` runs it, finds every quote."""
    check = check_quotes(MODEL)
    assert check.checked > 50 and check.source == SOURCE
    assert check.ok, "\n".join(map(str, check.missing))


def test_states_stage_uses_the_pairwise_kernel(model):
    from gametheory.models.sequential import BackwardInduction

    kernel = BackwardInduction(model, {}, "payoff_dominant").kernels[2]
    assert kernel is not None and kernel.linear is not None


def test_every_fact_holds_at_base(facts, base):
    holds = fact_matrix(facts, base)[:, 0]
    assert [f.id for f, ok in zip(facts, holds, strict=True) if not ok] == []


def test_facts_cover_every_country_with_a_verdict(facts):
    """VNM is the one state without a verdict in the report (see models/README.md)."""
    covered = {f.player for f in facts}
    assert covered >= set(STATES) - {"VNM"}
    assert {"USA", "TPP", "CHN"} <= covered


@pytest.mark.skipif(SOURCE is None, reason="needs the source report (../shared/source/report.txt)")
def test_facts_quotes_are_in_the_report():
    """The facts file quotes the model's source text; checked as ``validate`` does."""
    check = check_quotes(FACTS, source=SOURCE)
    assert check.checked >= 10
    assert check.ok, "\n".join(map(str, check.missing))


def test_path_is_the_reports_recommendation(model):
    r = model.solve()
    assert r.path["USA"] in ("quad_plus", "eop_plus")
    assert r.path["TPP"] == "revive"


@pytest.mark.parametrize("structure", EXCLUDE_TAIWAN)
def test_taiwan_never_joins_a_structure_that_excludes_it(model, structure):
    """Over random draws of the whole plausible space, not only at base."""
    rng = np.random.default_rng(0)
    b = model.bounds()
    P = b[:, 0] + rng.random((200, len(b))) * (b[:, 1] - b[:, 0])
    out = model.evaluator(fix={"USA": structure})(P)
    assert (out.action_labels("TWN")[out.ok] != "compete").all()


def test_deterrence_deters_force(model):
    """With the bilateral deterrence and a structure's pledge weak, China uses force;
    with them strong it does not: force responds to deterrence, SEATO's lesson."""
    weak = model.with_params(
        {
            "deter_base": 0.25,
            "obligation.status_quo": 0.05,
            "force_gain": 1.0,
            "chn_force_cost": 0.1,
        }
    )
    strong = weak.with_params({"deter_base": 0.55, "obligation.status_quo": 0.2})
    assert weak.solve(fix={"USA": "status_quo", "TPP": "revive"}).path["CHN"] == "force"
    assert strong.solve(fix={"USA": "status_quo", "TPP": "revive"}).path["CHN"] != "force"


def test_deterrence_value_grows_with_who_joins(model):
    """Critical mass: Australia's payoff from a Pacific NATO is higher with Japan in."""
    prof = {
        "USA": "pacific_nato",
        "TPP": "revive",
        "CHN": "compete",
        **{s: "hedge" for s in STATES},
        "AUS": "compete",
    }
    alone = model.payoffs(prof)["AUS"]
    with_japan = model.payoffs({**prof, "JPN": "compete"})["AUS"]
    assert with_japan > alone


def test_korea_pays_its_pledge_only_if_japan_joins(model):
    prof = {
        "USA": "quad_plus",
        "TPP": "revive",
        "CHN": "hedge",
        **{s: "hedge" for s in STATES},
        "KOR": "compete",
    }
    without = model.payoffs(prof)["KOR"]
    with_japan = model.payoffs({**prof, "JPN": "compete"})["KOR"]
    lifted = model.with_params({"three_nos.KOR": 0})
    assert with_japan < without
    # without the pledge (and outside Article V, no Dokdo cost), Japan joining only
    # adds capability: it raises South Korea's payoff (critical mass)
    assert lifted.payoffs({**prof, "JPN": "compete"})["KOR"] > lifted.payoffs(prof)["KOR"]


def test_claimants_pay_disputes_only_if_the_rival_joins(model):
    prof = {
        "USA": "pacific_nato",
        "TPP": "revive",
        "CHN": "compete",
        **{s: "hedge" for s in STATES},
        "VNM": "compete",
    }
    alone = model.payoffs(prof)["VNM"]
    with_rival = model.payoffs({**prof, "PHL": "compete"})["VNM"]
    assert with_rival < alone


def test_a_certain_veto_voids_the_structure_for_everyone(model):
    """With block = 1 a member gets no deterrence and bears no obligation."""
    prof = {
        "USA": "eop_plus",
        "TPP": "revive",
        "CHN": "cooperate",
        **{s: "hedge" for s in STATES},
        "JPN": "compete",
        "AUS": "compete",
    }
    vetoed = model.with_params({"block.eop_plus": 1.0}, extend_range=True)
    more = model.with_params({"obligation.eop_plus": 0.45})
    assert model.payoffs(prof)["JPN"] > vetoed.payoffs(prof)["JPN"]
    # once vetoed, the pledge's strength no longer matters to anyone
    vetoed_more = more.with_params({"block.eop_plus": 1.0}, extend_range=True)
    for p in ("JPN", "AUS", "USA", "CHN"):
        assert vetoed.payoffs(prof)[p] == pytest.approx(vetoed_more.payoffs(prof)[p])


def test_trade_gains_do_not_depend_on_joining(model):
    """TPP's gain reaches a state whatever its stance (the economic track is separate)."""
    tpp_gain = model.value_vector()[model.parameter_names.index("tpp_gain")]
    for stance in ("hedge", "compete"):
        prof = {
            "USA": "status_quo",
            "CHN": "cooperate",
            **{s: "hedge" for s in STATES},
            "SGP": stance,
        }
        gain = (
            model.payoffs({**prof, "TPP": "revive"})["SGP"]
            - model.payoffs({**prof, "TPP": "no_tpp"})["SGP"]
        )
        assert gain == pytest.approx(tpp_gain)


def test_leaning_either_way_costs_a_non_aligned_state(model):
    """Symmetric costs: a higher non-alignment lowers both joining and accommodating."""
    prof = {"USA": "quad_plus", "TPP": "revive", "CHN": "hedge", **{s: "hedge" for s in STATES}}
    shy = model.with_params({"nonalign.THA": 0.8})
    for stance in ("cooperate", "compete"):
        p = {**prof, "THA": stance}
        assert shy.payoffs(p)["THA"] < model.payoffs(p)["THA"]


def test_war_risk_where_the_report_puts_it(model):
    """War risk with any sweeping alliance, higher with Taiwan in."""
    v = dict(zip(model.parameter_names, model.value_vector(), strict=True))
    assert v["war_risk.pacific_nato"] > v["war_risk.quad_plus"]
    assert v["war_risk.pacific_nato_taiwan"] > v["war_risk.pacific_nato"]


def test_validate_reports_the_facts():
    proc = subprocess.run(
        [sys.executable, "-m", "gametheory", "validate", str(MODEL)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "19 of 19 hold at the base values" in proc.stdout


BACKTESTS = (
    "quad_2007",
    "quad_2017",
    "thaad_2017",
    "paracels_2014",
    "thai_coup_2014",
    "tpp_exit_2017",
)


@pytest.mark.parametrize("name", BACKTESTS)
def test_historical_backtests(model, name):
    """Each episode of the report, encoded as a scenario, reproduces its outcome."""
    from gametheory.models.scenarios import backtest

    got = backtest(model, name)
    assert got and all(ok for _, _, ok in got.values()), got


def test_backtests_are_not_true_at_base_by_accident(model):
    """The episodes that need their values do not hold at 2019-20 values."""
    assert model.solve(fix={"USA": "quad_plus", "TPP": "no_tpp"}).path["AUS"] == "compete"
    assert model.solve(fix={"USA": "status_quo", "TPP": "no_tpp"}).path["CHN"] != "force"
    assert model.solve(fix={"USA": "status_quo", "TPP": "no_tpp"}).path["KOR"] != "compete"
