"""gametheory.explore: the live panel for any model, driven headless; and gametheory.plots.

Friction points of issue 15 this covers: the sliders, payoff table with best responses
and the tree/outcome charts used to be written inside each notebook; an economist with
their own model got none of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import gametheory as gt  # noqa: E402
from gametheory import plots  # noqa: E402
from gametheory.errors import ModelError  # noqa: E402
from gametheory.explorer import Explorer  # noqa: E402

MODELS = Path(__file__).resolve().parents[1] / "models"

#: A three-line custom model: the kind an economist writes for themselves.
TINY = """
format = 1
[model]
id = "tiny"
title = "Tiny coordination game"
[players.A]
payoff = "gain * (A == 'left') * (B == 'left') + (A == 'right') * (B == 'right')"
strategies = {left = "go left", right = "go right"}
[players.B]
payoff = "gain * (A == 'left') * (B == 'left') + (A == 'right') * (B == 'right')"
strategies = {left = "go left", right = "go right"}
[parameters.gain]
value = 2.0
low = 0.5
high = 3.0
unit = "utils"
meaning = "What meeting on the left is worth"
judgement = "illustration"
"""


@pytest.fixture(scope="module")
def flagship():
    return gt.load_model(MODELS / "pacific_nato.toml")


def test_tiny_custom_model_gets_a_panel():
    model = gt.Model.from_toml(TINY)
    panel = gt.explore(model)
    assert list(panel.sliders) == ["gain"]
    assert (
        panel.sliders["gain"].tooltip == "What meeting on the left is worth [utils] "
        "(source: judgement)"
    )
    labels = {e.label() for e in panel.result}
    assert {"A left / B left", "A right / B right"} <= labels
    panel.set(gain=0.5)  # left is now worth less than right: still two pure equilibria
    assert panel.sliders["gain"].value == 0.5
    assert panel.explorer.set_flags() == "--set gain=0.5"
    table = panel.explorer.to_dict()["payoff_table"]
    assert table["cells"][1][1] == {
        "payoffs": [1.0, 1.0],
        "row_best": True,
        "col_best": True,
        "equilibrium": True,
    }
    assert table["cells"][0][1]["equilibrium"] is False
    # nearest thresholds are computed on every change for a small model: the pick of the
    # payoff-dominant equilibrium flips where left and right pay the same, gain = 1
    assert panel.explorer.auto_thresholds
    assert (
        "the payoff-dominant selection moves from A right / B right to A left / B left "
        "(the set of equilibria is unchanged) when gain exceeds"
    ) in panel.threshold_box.value
    (threshold,) = panel.thresholds()["threshold"]
    assert abs(threshold - 1.0) <= 1e-3 * (3.0 - 0.5)


def test_moving_a_slider_by_hand_resolves_like_set():
    panel = gt.explore(MODELS / "us_china.toml")
    base = [e.label() for e in panel.result]
    panel.sliders["compete_gain_ratio"].value = 2.0  # what dragging does
    assert [e.label() for e in panel.result] == ["USA hedge / CHN compete"] != base
    assert panel.explorer.changed_text() == "changed from base: compete_gain_ratio 1.4 -> 2"
    assert panel.flags.value == "--set compete_gain_ratio=2"
    assert "USA hedge / CHN compete" in panel.headline.value
    panel.reset()
    assert [e.label() for e in panel.result] == base
    assert panel.sliders["compete_gain_ratio"].value == 1.4
    assert panel.explorer.changed_text() == "at the base values"


def test_flagship_panel_set_from_code(flagship):
    panel = gt.explore(flagship)
    # every ranged parameter has a slider; indexed groups are folded accordion sections
    ranged = {n for n, p in flagship.parameters.items() if p.low < p.high}
    assert set(panel.sliders) == ranged
    groups = panel.explorer.groups()
    assert "trade_dep" in groups and None in groups
    base = panel.result.plan["options"]["pacific_nato"]["path"]["AUS"]
    panel.set(coercion=1.0)
    assert panel.sliders["coercion"].value == 1.0
    assert panel.result.plan["options"]["pacific_nato"]["path"]["AUS"] != base
    panel.set(**{"trade_dep.KOR": 0.9})
    assert panel.model.values["trade_dep.KOR"] == 0.9
    assert panel.explorer.set_flags() == "--set trade_dep.KOR=0.9 --set coercion=1"  # file order
    # the outcome under each option of the first mover
    options = panel.explorer.options_frame()
    assert set(options["USA"]) == set(flagship.player("USA").strategies)
    assert options["chosen"].sum() == 1


def test_flagship_nearest_thresholds_on_request(flagship):
    # war_risk is set per US structure in the second-edition flagship
    ex = Explorer(flagship, parameters=["coercion", "war_risk.pacific_nato"])
    assert not ex.auto_thresholds or len(ex.sliders) == 2
    frame = ex.thresholds(limit=3)
    assert 1 <= len(frame) <= 3
    assert set(frame["parameter"]) <= {"coercion", "war_risk.pacific_nato"}
    # each threshold really changes the outcome: solve on both sides of it, in the branch
    # of the US moves the statement names ("after USA x / TPP y: ...") or the whole game
    for _, row in frame.iterrows():
        p = flagship.parameters[row["parameter"]]
        eps = 0.02 * (p.high - p.low)
        below = flagship.with_params({row["parameter"]: max(p.low, row["threshold"] - eps)})
        above = flagship.with_params({row["parameter"]: min(p.high, row["threshold"] + eps)})
        fix = {}
        if row["statement"].startswith("after "):
            branch = row["statement"][len("after ") :].split(":")[0]
            fix = dict(move.split(" ") for move in branch.split(" / "))
            assert set(fix) <= {"USA", "TPP"}
        assert below.solve(fix=fix).path != above.solve(fix=fix).path


def test_set_checks_names_and_ranges():
    ex = Explorer(gt.load_model(MODELS / "us_china.toml"))
    assert ex.set(US_WAR_COST=0.5).values["us_war_cost"] == 0.5  # case-insensitive
    with pytest.raises(
        ModelError,
        match=r"unknown parameter 'us_war_cots' \(did you mean "
        r"one of 'us_war_cost', 'china_war_cost'\?\)",
    ):
        ex.set(us_war_cots=0.5)
    with pytest.raises(ModelError, match="outside its range"):
        ex.set(us_war_cost=99)


def test_sequential_two_player_model_draws_its_tree():
    ex = Explorer(gt.load_model(MODELS / "regional_state.toml"))
    (fig,) = ex.figures()
    assert "STATE hedge" in fig.axes[0].get_title()
    data = ex.to_dict()
    assert data["payoff_table"] is None and len(data["options"]) == 3
    assert [o["chosen"] for o in data["options"]].count(True) == 1


def test_payoff_table_marks_best_responses_and_equilibria():
    g = gt.NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D"))
    )
    fig = plots.payoff_table(g, gt.solve(g))
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert "1, 1" in texts and "3, 3" in texts
    stars = [ln for ln in ax.lines if ln.get_marker() == "*"]
    assert len(stars) == 1 and tuple(stars[0].get_xydata()[0]) == (1.0, 0.8)
    # row best responses: D in both columns; column best responses: D in both rows
    ups = [tuple(ln.get_xydata()[0]) for ln in ax.lines if ln.get_marker() == "^"]
    assert sorted(ups) == [(-0.3, 0.72), (0.7, 0.72)]


def test_payoff_table_prints_fractions_for_exact_results():
    g = gt.NormalFormGame.from_bimatrix([["1/3", 0], [0, "2/3"]], [["2/3", 0], [0, "1/3"]])
    fig = plots.payoff_table(g, gt.solve(g, method="enumerate", exact=True))
    assert "1/3, 2/3" in [t.get_text() for t in fig.axes[0].texts]


def test_best_response_curves_cross_at_the_equilibria():
    g = gt.NormalFormGame.from_bimatrix(
        [[1, -1], [-1, 1]], players=("Even", "Odd"), strategies=(("H", "T"), ("H", "T"))
    )
    fig = plots.best_response_curves(g)
    circles = [ln for ln in fig.axes[0].lines if ln.get_marker() == "o"]
    assert len(circles) == 1
    assert tuple(circles[0].get_xydata()[0]) == pytest.approx((0.5, 0.5))
    with pytest.raises(ValueError, match="2x2|2 x 2"):
        plots.best_response_curves(gt.NormalFormGame.from_bimatrix([[1, 2, 3]]))


def test_option_outcomes_outlines_the_choice():
    m = gt.load_model(MODELS / "regional_state.toml")
    fig = plots.option_outcomes(m.solve())
    bars = fig.axes[0].patches
    assert len(bars) == 3
    outlined = [b for b in bars if b.get_linewidth() > 0 and b.get_edgecolor()[3] > 0]
    assert len(outlined) == 1


def test_notebooks_have_no_plotting_or_widget_helpers():
    """The notebooks use gametheory.explore and gametheory.plots, not helpers of their own."""
    import ast

    for source in sorted((MODELS.parent / "notebooks").glob("[0-9][0-9]_*.py")):
        text = source.read_text(encoding="utf-8")
        assert "ipywidgets" not in text, f"{source.name} builds its own widgets"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef):
                names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                attrs = {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
                drawing = names & {"plt", "ax", "fig", "widgets"} or attrs & {"subplots", "plot"}
                assert not drawing, f"{source.name}: {node.name}() draws ({sorted(drawing)})"


def test_declared_selection_is_marked_with_its_rule():
    panel = gt.explore(gt.Model.from_toml(TINY), select="payoff-dominant")
    frame = panel.explorer.equilibria_frame()
    assert frame["selected"].tolist() == [True, False, False]
    assert frame.loc[frame["selected"], "A"].item() == "left"
    assert panel.explorer.headline().endswith("| selected by payoff-dominant: A left / B left")
    assert "selected by payoff-dominant" in panel.table.value
    # moving below the right-right payoff flips the pick
    panel.set(gain=0.5)
    assert panel.explorer.equilibria_frame().loc[lambda f: f["selected"], "A"].item() == "right"
    # without a rule: the whole set, no pick
    assert "selected" not in gt.explore(gt.Model.from_toml(TINY)).explorer.equilibria_frame()
