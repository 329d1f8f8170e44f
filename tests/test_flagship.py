"""The flagship model, models/pacific_nato.toml, against what the report says.

Every expectation here is a claim of the report (quoted in the test's docstring or in
the model file); the model's numbers are never asserted, only the behaviour that the
report's verdicts imply and that the calibration brief requires.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gametheory.models import load_model
from gametheory.models.quotes import check_quotes, find_source_text

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "pacific_nato.toml"
README = ROOT / "models" / "README.md"
SOURCE = find_source_text(MODEL, "report.txt")  # ../shared/source/report.txt in the team layout

STATES = ("AUS", "IND", "IDN", "JPN", "MYS", "NZL", "PHL", "SGP", "KOR", "TWN", "THA", "VNM")
STRUCTURES = ("status_quo", "inclusive_network", "quad_plus", "eop_plus", "nato_expansion",
              "pacific_nato", "pacific_nato_taiwan")
ARTICLE_V = ("nato_expansion", "pacific_nato", "pacific_nato_taiwan")
WITH_JAPAN = ("quad_plus", "eop_plus", *ARTICLE_V)
NETWORKED = ("quad_plus", "eop_plus")


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL)


@pytest.fixture(scope="module")
def result(model):
    """The unrestricted solve: the subgame-perfect path and the full plan."""
    return model.solve()


@pytest.fixture(scope="module")
def subgames(model):
    """The subgame after each US structure, solved with ``fix`` as a user would."""
    return {s: model.solve(fix={"USA": s}) for s in STRUCTURES}


def joiners(res) -> set[str]:
    return {s for s in STATES if res.path[s] == "compete"}


# ------------------------------------------------------------------ structure


def test_players_and_strategies_use_the_shared_ids(model):
    assert [p.id for p in model.players] == ["USA", *STATES, "CHN"]
    assert model.player("USA").strategies == STRUCTURES
    for pid in (*STATES, "CHN"):
        assert model.player(pid).strategies == ("cooperate", "hedge", "compete")
    assert model.form == "sequential"


@pytest.mark.skipif(SOURCE is None, reason="needs the source report (../shared/source/report.txt)")
def test_every_quote_is_found_in_the_report():
    """The package's checker, run as ``gametheory validate`` runs it, finds every quote."""
    check = check_quotes(MODEL)
    assert check.checked > 50 and check.source == SOURCE
    assert check.ok, "\n".join(map(str, check.missing))


def test_every_parameter_is_sourced_and_documented(model):
    """Each parameter has a quote or a judgement, and the README explains each group."""
    readme = README.read_text(encoding="utf-8")
    groups = set()
    for name, p in model.parameters.items():
        assert p.quotes or p.judgement, name
        assert p.low <= p.value <= p.high, name
        groups.add(name.split(".")[0])
    missing = sorted(g for g in groups if f"`{g}`" not in readme)
    assert not missing, f"parameters not documented in models/README.md: {missing}"


def test_subgame_perfect_paths_have_zero_regret(result, subgames):
    assert result.regret == pytest.approx(0.0, abs=1e-9)
    for s, res in subgames.items():
        assert res.ok, s
        assert res.path["USA"] == s
        assert res.regret == pytest.approx(0.0, abs=1e-9), s


def test_fix_gives_the_same_subgame_as_the_full_plan(result, subgames):
    for s, res in subgames.items():
        entry = result.plan["options"][s]
        assert entry["status"] == "ok"
        assert {k: v for k, v in res.path.items() if k != "USA"} == entry["path"]


# ------------------------------------------------- calibration facts (the brief)


@pytest.mark.parametrize("structure", STRUCTURES)
def test_singapore_hedges_under_every_structure(subgames, structure):
    """“Singapore cannot afford to be caught be caught between the United States and
    China” … “For Singapore, this is existential.”"""
    assert subgames[structure].path["SGP"] == "hedge"


@pytest.mark.parametrize("structure", ARTICLE_V)
def test_india_hedges_under_article_v(subgames, structure):
    """India and Singapore “have a longstanding aversion to exactly this type of
    alliance system.”"""
    assert subgames[structure].path["IND"] == "hedge"


def test_india_joins_the_enhanced_quad(subgames):
    """A founding Quad member, drawn closer by CPEC, and the report's TPP partner."""
    assert subgames["quad_plus"].path["IND"] == "compete"


@pytest.mark.parametrize("structure", WITH_JAPAN)
def test_south_korea_joins_nothing_with_japan(subgames, structure):
    """The 'three no's': “not join any military alliance involving the United States
    and Japan”."""
    assert subgames[structure].path["KOR"] != "compete"


@pytest.mark.parametrize("structure", ("quad_plus", "eop_plus", "nato_expansion",
                                       "pacific_nato"))
def test_japan_joins(subgames, structure):
    """“Japan would likely be positively inclined toward enhanced regional security
    cooperation”."""
    assert subgames[structure].path["JPN"] == "compete"


def test_australia_joins_a_pacific_nato_without_taiwan_only(subgames):
    """Australia would “side with its values”, but an obligation to Taiwan “may prove a
    bridge too far”."""
    assert subgames["pacific_nato"].path["AUS"] == "compete"
    assert subgames["pacific_nato_taiwan"].path["AUS"] != "compete"


# --------------------------------------------- what follows (not calibrated)


def test_china_answers_any_article_v_alliance_with_coercion(subgames):
    """“The Chinese are likely to respond to any attempts at a multilateral military
    alliance in its backyard with a whole-of-government effort to stop it.”"""
    for s in ARTICLE_V:
        assert subgames[s].path["CHN"] == "compete", s


def test_china_does_not_coerce_networks_without_article_v(subgames):
    """“China has been far more sanguine about the Quad’s potential resurgence”; an
    inclusive network is “open to China to participate where it will”."""
    for s in ("status_quo", "inclusive_network", *NETWORKED):
        assert subgames[s].path["CHN"] != "compete", s
    assert subgames["inclusive_network"].path["CHN"] == "cooperate"


def test_including_taiwan_is_worse_for_everyone_but_taiwan(subgames):
    """“If that alliance includes Taiwan, it could result in even more aggressive
    action”, and few states want to wade into the Taiwan controversy."""
    with_t, without = subgames["pacific_nato_taiwan"], subgames["pacific_nato"]
    assert with_t.payoffs["USA"] < without.payoffs["USA"]
    assert with_t.payoffs["CHN"] < without.payoffs["CHN"]
    assert len(joiners(with_t) - {"TWN"}) < len(joiners(without))


def test_article_v_alliances_draw_few_members(subgames):
    """The “herculean matter of uniting a critical mass of U.S. allies and partners”:
    an Article V structure draws fewer states than the networked options."""
    fewest_networked = min(len(joiners(subgames[s])) for s in NETWORKED)
    for s in ARTICLE_V:
        assert len(joiners(subgames[s])) < fewest_networked, s


def test_the_us_chooses_an_enhanced_network_with_tpp(result):
    """The report's recommendation: build on the Quad or the NATO EOP programme while
    reviving TPP, rather than a Pacific NATO."""
    assert result.path["USA"] in NETWORKED
    assert result.path["CHN"] != "compete"


def test_network_plus_tpp_gives_much_of_the_value_at_a_fraction_of_the_cost(model, result):
    """“Together, an enhanced Quad or NATO EOP program and revitalized version of the
    TPP can provide much of the value of a Pacific NATO, with far greater flexibility,
    at a fraction of the diplomatic cost.” Value is the US payoff before diplomatic
    cost."""
    options = result.plan["options"]
    chosen = result.path["USA"]
    cost = {s: model.parameters[f"dipcost.{s}"].value for s in STRUCTURES}
    value = {s: options[s]["payoffs"]["USA"] + cost[s] for s in STRUCTURES}
    assert value[chosen] >= 0.5 * value["pacific_nato"]
    assert cost[chosen] <= 0.5 * cost["pacific_nato"]
    for s in ARTICLE_V:
        assert options[s]["payoffs"]["USA"] < options[chosen]["payoffs"]["USA"], s


def test_the_report_verdicts_on_unlikely_members(subgames):
    """Malaysia, the Philippines and Thailand are “unlikely” to join a formal treaty
    alliance; Indonesia's value proposition is “even murkier”."""
    for s in ARTICLE_V:
        for state in ("MYS", "PHL", "THA", "IDN"):
            assert subgames[s].path[state] != "compete", (s, state)
    # Mahathir's Malaysia leans into “the Chinese camp” whatever the US offers.
    assert all(subgames[s].path["MYS"] == "cooperate" for s in STRUCTURES)


# ------------------------------------------------- parameters move outcomes


def test_the_three_nos_are_what_keeps_south_korea_out_of_the_quad(model):
    """Without the pledge (and “the proven economic consequences that violating it
    would bring”), South Korea joins an enhanced Quad."""
    freed = model.with_params({"three_nos.KOR": 0})
    assert freed.solve(fix={"USA": "quad_plus"}).path["KOR"] == "compete"


def test_dearer_coercion_stops_australia_joining(model):
    """China's economic leverage is the main brake: at the top of its range, coercion
    keeps Australia out of a Pacific NATO."""
    dear = model.with_params(coercion=model.parameters["coercion"].high)
    assert dear.solve(fix={"USA": "pacific_nato"}).path["AUS"] != "compete"


def test_raising_trade_dependence_eventually_stops_a_joiner(model):
    """Joining is monotone in trade dependence on China: Australia joins a Pacific
    NATO at low dependence and stops as dependence rises (with coercion at the top of
    its range)."""
    dear = model.with_params(coercion=model.parameters["coercion"].high)
    joins = []
    for dep in (0.2, 0.4, 0.6, 0.8, 1.0):
        m = dear.with_params({"trade_dep.AUS": dep}, extend_range=True)
        joins.append(m.solve(fix={"USA": "pacific_nato"}).path["AUS"] == "compete")
    assert joins[0] and not joins[-1]
    assert joins == sorted(joins, reverse=True), joins


def test_a_gentler_china_makes_a_pacific_nato_cheaper_for_members(model, subgames):
    """If China read an Article V alliance no more harshly than today's status quo, it
    would not coerce, and members would be better off."""
    calm = model.with_params({"provocation.pacific_nato": 0.3})
    res = calm.solve(fix={"USA": "pacific_nato"})
    assert res.path["CHN"] != "compete"
    for s in joiners(subgames["pacific_nato"]):
        assert res.payoffs[s] > subgames["pacific_nato"].payoffs[s], s


def test_with_params_leaves_the_original_untouched(model):
    before = model.parameters["coercion"].value
    model.with_params(coercion=0.9)
    assert model.parameters["coercion"].value == before
