"""The SEATO back-test, models/seato_1954.toml: the same machinery as the flagship
must reproduce who joined the Manila Pact in 1954, who stayed out and why, and why
the pact failed, as the report tells it."""

from __future__ import annotations

from pathlib import Path

import pytest

from gametheory.models import load_model
from gametheory.models.quotes import check_quotes, find_source_text

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "seato_1954.toml"
README = ROOT / "models" / "README.md"
SOURCE = find_source_text(MODEL, "report.txt")  # ../shared/source/report.txt in the team layout

CANDIDATES = ("AUS", "NZL", "PAK", "PHL", "THA", "GBR", "FRA", "MYS", "MMR", "IDN", "VNM", "LAO")
#: “Dulles convened eight nations—Australia, New Zealand, Pakistan, the Philippines,
#: Thailand, France, the United Kingdom, and the United States—in Manila”
FOUNDERS = {"AUS", "NZL", "PAK", "PHL", "THA", "GBR", "FRA"}


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL)


@pytest.fixture(scope="module")
def result(model):
    return model.solve()


def members(path) -> set[str]:
    return {s for s in CANDIDATES if path[s] == "compete"}


def test_players_and_structures(model):
    assert [p.id for p in model.players] == ["USA", *CANDIDATES, "CHN"]
    assert model.player("USA").strategies == ("no_pact", "manila_pact", "nato_style")


@pytest.mark.skipif(SOURCE is None, reason="needs the source report (../shared/source/report.txt)")
def test_every_quote_is_found_in_the_report():
    check = check_quotes(MODEL)
    assert check.checked > 20 and check.ok, "\n".join(map(str, check.missing))


def test_every_parameter_is_documented(model):
    readme = README.read_text(encoding="utf-8")
    for name, p in model.parameters.items():
        assert p.quotes or p.judgement, name
    groups = {n.split(".")[0] for n in model.parameters}
    assert not sorted(g for g in groups if f"`{g}`" not in readme)


def test_the_us_signs_the_manila_pact(result):
    """At Eisenhower's weights the US prefers consultation without forces: “at the
    time, this was seen as a significant improvement.”"""
    assert result.path["USA"] == "manila_pact"
    assert result.regret == pytest.approx(0.0, abs=1e-9)


def test_the_eight_founders_join_and_no_one_else(result):
    assert members(result.path) == FOUNDERS
    assert len(members(result.path)) + 1 == 8  # with the United States


def test_only_two_members_are_in_southeast_asia(model, result):
    """“exactly two—the Philippines and Thailand—were actually located in Southeast
    Asia”: poor regional adoption."""
    in_region = {s for s in members(result.path) if model.parameters[f"in_region.{s}"].value == 1}
    assert in_region == {"PHL", "THA"}


def test_neutrals_and_malaya_stay_out(result):
    """Burma and Indonesia “explicitly desired to remain neutral”; Malaya “saw little
    popular support for the alliance and chose to remain outside it.”"""
    for s in ("MMR", "IDN", "MYS"):
        assert result.path[s] == "hedge", s


def test_the_geneva_bar_keeps_the_protocol_states_out(model, result):
    """The Geneva Accords barred South Vietnam, Laos and Cambodia; without the bar,
    South Vietnam, the most exposed, would have joined."""
    assert result.path["VNM"] != "compete" and result.path["LAO"] != "compete"
    unbarred = model.with_params({"barred.VNM": 0}).solve(fix={"USA": "manila_pact"})
    assert unbarred.path["VNM"] == "compete"


def test_the_pact_deters_invasion_but_not_subversion(model, result):
    """Why SEATO failed: it answered a Korea-style invasion while “the perceived threat
    of communist expansion shifted from a Korea-style invasion to internal
    subversion”, which a consultation-only pact without forces could not counter."""
    assert result.path["CHN"] == "hedge"
    no_pact = model.solve(fix={"USA": "no_pact"})
    assert no_pact.path["CHN"] == "compete"
    nato = model.solve(fix={"USA": "nato_style"})
    assert nato.path["CHN"] == "cooperate"


def test_a_pact_able_to_counter_subversion_would_have_deterred_it(model):
    """“Today we view the decision to exclude permanent forces under unified military
    command as one of the principal causes of SEATO and CENTO’s failure.”"""
    stronger = model.with_params(
        {"counter.manila_pact": model.parameters["counter.manila_pact"].high}
    )
    assert stronger.solve(fix={"USA": "manila_pact"}).path["CHN"] == "cooperate"


def test_with_hindsight_the_us_would_choose_standing_forces(model):
    """Weighing troop commitments less than Eisenhower did (the low end of the range),
    the US prefers a NATO-style pact."""
    hindsight = model.with_params(troop_cost=model.parameters["troop_cost"].low)
    assert hindsight.solve().path["USA"] == "nato_style"


@pytest.mark.parametrize("name", ["exits_1972", "dissolution_1977"])
def test_decline_backtests(model, name):
    """SEATO's 1970s decline as the report tells it: exits from 1972 (Pakistan, then
    France's withdrawal), dissolution in 1977. Each scenario's ``expect`` must match."""
    from gametheory.models.scenarios import backtest

    assert name in model.scenarios
    got = backtest(model, name)
    assert got and all(ok for _, _, ok in got.values()), got


def test_decline_needs_the_scenario_values(model):
    """The back-tests are not true at the 1954 values: the scenario's values do the work."""
    assert model.solve(fix={"USA": "manila_pact"}).path["PAK"] == "compete"
    assert model.solve().path["USA"] != "no_pact"
