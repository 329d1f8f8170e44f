"""Tests for ``gametheory/sensitivity/thresholds.py`` written for the mutants a mutation
test left alive (issue 13): every column of a threshold row on small games whose
thresholds are known in closed form, each kind of change, and the input checks.

Run the mutation test with ``python benchmarks/mutation.py gametheory/sensitivity/thresholds.py``.
"""

from __future__ import annotations

import pytest

from gametheory.models.model import Model
from gametheory.sensitivity import SensitivityError, critical_thresholds
from gametheory.sensitivity.thresholds import MAX_THRESHOLD_STEPS, THRESHOLD_COLUMNS

# Row plays a when c > 3/10 and b below; Col matches (a -> x, b -> y).
SWITCH_ROW = "(Row == 'a') * c + (Row == 'b') * 0.3"
MATCH_COL = "(Col == 'x') * (Row == 'a') + (Col == 'y') * (Row == 'b')"


def _model(row, col, *, c=(0.5, 0, 1), d=None):
    """A 2x2 model with parameter c (value, low, high) and optionally an unused-in-effect d."""
    extra = ""
    if d is not None:
        col = f"{col} + 0.1 * d * (Col == 'x')"
        extra = (
            f"[parameters.d]\nvalue = {d[0]}\nlow = {d[1]}\nhigh = {d[2]}\n"
            'unit = "u"\nmeaning = "m"\njudgement = "j"\n'
        )
    return Model.from_toml(
        f"""format = 1
[model]
id = "t"
title = "T"
[players.Row]
name = "Row"
payoff = \"\"\"{row}\"\"\"
[players.Row.strategies]
a = "A"
b = "B"
[players.Col]
name = "Col"
payoff = \"\"\"{col}\"\"\"
[players.Col.strategies]
x = "X"
y = "Y"
[parameters.c]
value = {c[0]}
low = {c[1]}
high = {c[2]}
unit = "u"
meaning = "m"
judgement = "j"
{extra}"""
    )


def _one(frame):
    assert len(frame) == 1, frame.to_dict("records")
    return frame.to_dict("records")[0]


def test_a_threshold_below_the_base_in_closed_form():
    frame = critical_thresholds(_model(SWITCH_ROW, MATCH_COL, d=(0.5, 0, 2)), workers=1)
    assert list(frame.columns) == THRESHOLD_COLUMNS
    row = _one(frame)
    assert row == {
        "parameter": "c",
        "threshold": 0.3,
        "base": 0.5,
        "margin": pytest.approx(-0.2),
        "relative_margin": pytest.approx(-0.2),
        "direction": "below",
        "kind": "equilibrium-set",
        "branch": "",
        "selection": "",
        "before": "Row a / Col x",
        "after": "Row b / Col y",
        "equilibria_before": ["Row a / Col x"],
        "equilibria_after": ["Row b / Col y"],
        "mixed_before": "none",
        "mixed_after": "none",
        "changes": "Row a -> b; Col x -> y",
        "exact": "3/10",
        "statement": "Row a -> b; Col x -> y when c falls below 0.3; base 0.5",
    }
    # d moves no equilibrium: it is listed as such
    assert frame.attrs == {
        "no_change": ["d"],
        "outcome": "set",
        "steps": 41,
        "tol": 1e-6,
        "notes": [],
    }


def test_a_threshold_above_the_base_relative_to_a_wider_range():
    model = _model(SWITCH_ROW, MATCH_COL, c=(0.1, -1, 1))
    row = _one(critical_thresholds(model, workers=1, steps=11, tol=1e-4))
    assert row["threshold"] == 0.3 and row["exact"] == "3/10"
    assert row["margin"] == pytest.approx(0.2)
    assert row["relative_margin"] == pytest.approx(0.2 / 2)  # the range is 2 wide
    assert row["direction"] == "above"
    assert (row["before"], row["after"]) == ("Row b / Col y", "Row a / Col x")
    assert row["changes"] == "Row b -> a; Col y -> x"
    assert row["statement"] == "Row b -> a; Col y -> x when c exceeds 0.3; base 0.1"


def test_bisection_without_closed_forms_and_without_mixed_equilibria():
    model = _model(SWITCH_ROW, MATCH_COL, d=(0.5, 0, 2))
    for tol in (1e-6, 1e-3):
        frame = critical_thresholds(model, workers=1, exact=False, mixed=False, tol=tol)
        row = _one(frame)
        assert abs(row["threshold"] - 0.3) <= tol  # the range is 1 wide
        assert row["exact"] == ""
        assert row["mixed_before"] == row["mixed_after"] == "not computed (mixed=False)"
        assert frame.attrs["tol"] == tol
    only_c = critical_thresholds(model, workers=1, params=["c"], steps=5)
    assert only_c.attrs["no_change"] == [] and only_c.attrs["steps"] == 5
    assert _one(only_c)["threshold"] == 0.3


def test_an_irrational_threshold_names_its_exact_value():
    row = _one(critical_thresholds(_model("(Row == 'a') * c ** 2 + (Row == 'b') * 0.5", MATCH_COL)))
    assert row["exact"] == "sqrt(2)/2"
    assert row["threshold"] == pytest.approx(2**0.5 / 2, abs=1e-15)
    assert row["statement"] == (
        "Row b -> a; Col y -> x when c exceeds 0.7071 (exactly sqrt(2)/2); base 0.5"
    )


def test_an_equilibrium_that_stops_being_one():
    row_payoff = (
        "c * (Row == 'a') * (Col == 'x') + 0.3 * (Row == 'b') * (Col == 'x')"
        " + (Row == 'b') * (Col == 'y')"
    )
    model = _model(row_payoff, MATCH_COL)
    row = _one(critical_thresholds(model, workers=1, mixed=False))
    assert row["equilibria_before"] == ["Row a / Col x", "Row b / Col y"]
    assert row["equilibria_after"] == ["Row b / Col y"]
    assert row["before"] == "Row a / Col x; Row b / Col y" and row["after"] == "Row b / Col y"
    assert row["changes"] == "Row a / Col x stops being an equilibrium (2 -> 1 pure equilibria)"
    up = _model(row_payoff, MATCH_COL, c=(0.1, 0, 1))
    row = _one(critical_thresholds(up, workers=1, mixed=False))
    assert row["changes"] == "Row a / Col x becomes an equilibrium (1 -> 2 pure equilibria)"
    assert row["direction"] == "above"


def test_a_change_to_no_pure_equilibrium():
    # above c = 3/10 the best responses cycle (no pure equilibrium); below, Row b is dominant
    row_payoff = (
        "c * (Row == 'a') * (Col == 'x') + 0.3 * (Row == 'b') * (Col == 'x')"
        " + (Row == 'b') * (Col == 'y')"
    )
    col_payoff = "(Col == 'y') * (Row == 'a') + (Col == 'x') * (Row == 'b')"
    row = _one(critical_thresholds(_model(row_payoff, col_payoff), workers=1, mixed=False))
    assert row["equilibria_before"] == [] and row["equilibria_after"] == ["Row b / Col x"]
    assert row["before"] == "no pure equilibrium"
    assert row["changes"] == "no pure equilibrium -> Row b / Col x"


COORDINATION = "c * (Row == 'a') * (Col == 'x') + 0.5 * (Row == 'b') * (Col == 'y')"


def test_a_selection_threshold_names_the_rule():
    model = _model(COORDINATION, COORDINATION, c=(0.8, 0.1, 1))
    assert critical_thresholds(model, workers=1, mixed=False).empty  # the set never changes
    frame = critical_thresholds(model, workers=1, outcome="payoff-dominant", mixed=False)
    row = _one(frame)
    assert frame.attrs["outcome"] == "payoff-dominant"
    assert row["kind"] == "selection" and row["selection"] == "payoff-dominant"
    assert row["threshold"] == 0.5 and row["exact"] == "1/2"
    assert row["relative_margin"] == pytest.approx(-0.3 / 0.9)
    assert (row["before"], row["after"]) == ("Row a / Col x", "Row b / Col y")
    assert row["equilibria_before"] == row["equilibria_after"]
    assert row["changes"] == (
        "the payoff-dominant selection moves from Row a / Col x to Row b / Col y "
        "(the set of equilibria is unchanged)"
    )


def test_a_set_change_under_a_selection_rule_reports_the_picks():
    # below c = 3/10 the pick (a, x) stops being an equilibrium: the pick moves with the set
    row_payoff = (
        "c * (Row == 'a') * (Col == 'x') + 0.3 * (Row == 'b') * (Col == 'x')"
        " + 0.2 * (Row == 'b') * (Col == 'y')"
    )
    col_payoff = "2 * (Col == 'x') * (Row == 'a') + (Col == 'y') * (Row == 'b')"
    model = _model(row_payoff, col_payoff)
    row = _one(critical_thresholds(model, workers=1, outcome="payoff-dominant", mixed=False))
    assert row["kind"] == "equilibrium-set" and row["selection"] == "payoff-dominant"
    assert (row["before"], row["after"]) == ("Row a / Col x", "Row b / Col y")
    assert row["changes"] == (
        "Row a / Col x stops being an equilibrium (2 -> 1 pure equilibria); the "
        "payoff-dominant selection moves from Row a / Col x to Row b / Col y"
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"steps": MAX_THRESHOLD_STEPS + 1},
            "steps=100,001 is more than the 100,000 grid points per parameter allowed "
            "(bisection refines each bracket to tol anyway)",
        ),
        ({"steps": 2.5}, "steps must be an integer of at least 2, got 2.5"),
        ({"tol": -0.5}, "tol must be a number between 0 and 1, got -0.5"),
        ({"tol": None}, "tol must be a number between 0 and 1, got None"),
        ({"outcome": ""}, "outcome must be 'set' or a selection rule, got ''"),
        ({"outcome": 3}, "outcome must be 'set' or a selection rule, got 3"),
    ],
)
def test_threshold_settings_are_validated(kwargs, message):
    with pytest.raises(SensitivityError) as err:
        critical_thresholds(_model(SWITCH_ROW, MATCH_COL), **kwargs)
    assert str(err.value) == message


def test_the_smallest_grid_is_accepted():
    row = _one(critical_thresholds(_model(SWITCH_ROW, MATCH_COL), steps=2, workers=1))
    assert row["threshold"] == 0.3 and row["exact"] == "3/10"


def test_a_player_who_keeps_its_strategy_is_not_listed_as_moving():
    # Col plays x whatever happens (x is dominant); Row switches from a to b below c = 3/10.
    # (Col's payoff is one choice indicator: its closed forms once failed on a Python int)
    row = _one(critical_thresholds(_model(SWITCH_ROW, "(Col == 'x') * 1.0"), workers=1))
    assert (row["before"], row["after"]) == ("Row a / Col x", "Row b / Col x")
    assert row["changes"] == "Row a -> b"
    assert row["statement"] == "Row a -> b when c falls below 0.3; base 0.5"


def _path(model, fix, name, value):
    return model.with_params({name: value}).solve(fix=fix).path


def test_a_sequential_model_under_a_rule_lists_the_path_moves_alone():
    # regional_state: the state moves first, China answers. Under a selection rule, a
    # change of the path is reported as the players whose action on the path changes (by
    # solving just either side of the threshold), never as a change of the rule's pick.
    from pathlib import Path

    from gametheory.models import load_model

    model = load_model(Path(__file__).resolve().parents[1] / "models" / "regional_state.toml")
    frame = critical_thresholds(
        model, steps=21, tol=1e-7, outcome="payoff-dominant", mixed=False, workers=1
    )
    assert len(frame) >= 2 and set(frame.kind) == {"equilibrium-set"}
    assert (frame.branch == "").any() and (frame.branch != "").any()
    for row in frame.itertuples():
        p = model.parameters[row.parameter]
        eps = 1e-4 * (p.high - p.low)
        fix = dict([row.branch.split(" ")]) if row.branch else None
        low = _path(model, fix, row.parameter, row.threshold - eps)
        high = _path(model, fix, row.parameter, row.threshold + eps)
        before, after = (low, high) if row.direction == "above" else (high, low)
        moved = [f"{pl} {before[pl]} -> {after[pl]}" for pl in before if before[pl] != after[pl]]
        assert moved and len(moved) < len(before)  # someone keeps its action
        assert row.changes == "; ".join(moved)
        assert row.selection == "payoff-dominant"
        where = f"after {row.branch}: " if row.branch else ""
        verb = "exceeds" if row.direction == "above" else "falls below"
        assert row.statement.startswith(f"{where}{row.changes} when {row.parameter} {verb} ")


# Row prefers b only for c in (0.41, 0.43): (c - 0.42)**2 - 0.0001 < 0 there; Col plays x
BLIP = "(Row == 'a') * ((c - 0.42) ** 2 - 0.0001)"
COL_X = "(Col == 'x') * 1.0"


def test_two_changes_between_neighbouring_grid_points():
    model = _model(BLIP, COL_X, c=(0.1, 0, 1))
    # closed forms: a grid point between the two roots finds both, however coarse the grid
    frame = critical_thresholds(model, workers=1, mixed=False, steps=11)
    rows = frame.sort_values("threshold").to_dict("records")
    assert [(r["exact"], r["changes"]) for r in rows] == [
        ("41/100", "Row a -> b"),
        ("43/100", "Row b -> a"),
    ]
    assert [r["threshold"] for r in rows] == [0.41, 0.43]
    # by bisection alone: grid points 0.1 apart miss the blip (as documented); 0.005 apart
    # find it, to within tol times the range
    assert critical_thresholds(model, workers=1, mixed=False, steps=11, exact=False).empty
    fine = critical_thresholds(model, workers=1, mixed=False, steps=201, exact=False)
    found = sorted(fine.threshold)
    assert len(found) == 2
    assert abs(found[0] - 0.41) <= 1e-6 and abs(found[1] - 0.43) <= 1e-6


def test_a_tie_at_one_grid_point_only_is_not_a_threshold():
    # (c - 0.5)**2 >= 0: Row's a is as good as b at c = 1/2 only (a grid point of steps=11),
    # where the set is larger; on either side the set is the same, so nothing changes
    model = _model("(Row == 'a') * (c - 0.5) ** 2", COL_X, c=(0.1, 0, 1))
    assert critical_thresholds(model, workers=1, mixed=False, steps=11).empty
