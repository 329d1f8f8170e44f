"""Tests for ``gametheory/sensitivity/thresholds.py`` written for the mutants a mutation
test left alive (issue 13): every column of a threshold row on small games whose
thresholds are known in closed form, each kind of change, and the input checks.

Run the mutation test with ``python benchmarks/mutation.py gametheory/sensitivity/thresholds.py``.
"""

from __future__ import annotations

import numpy as np
import pandas  # noqa: F401  (imported here, not in the first test: see tie_roots below)
import pytest

import gametheory.solvers  # noqa: F401
from gametheory.models.model import Model
from gametheory.sensitivity import SensitivityError, critical_thresholds
from gametheory.sensitivity.thresholds import MAX_THRESHOLD_STEPS, THRESHOLD_COLUMNS
from gametheory.sensitivity.ties import tie_roots

# Row plays a when c > 3/10 and b below; Col matches (a -> x, b -> y).
SWITCH_ROW = "(Row == 'a') * c + (Row == 'b') * 0.3"
MATCH_COL = "(Col == 'x') * (Row == 'a') + (Col == 'y') * (Row == 'b')"


def _model(
    row, col, *, c=(0.5, 0, 1), d=None, col_strategies=("x", "y"), row_strategies=("a", "b")
):
    """A 2x2 model with parameter c (value, low, high) and optionally an unused-in-effect d."""
    strategies = "\n".join(f'{s} = "{s.upper()}"' for s in col_strategies)
    row_strats = "\n".join(f'{s} = "{s.upper()}"' for s in row_strategies)
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
{row_strats}
[players.Col]
name = "Col"
payoff = \"\"\"{col}\"\"\"
[players.Col.strategies]
{strategies}
[parameters.c]
value = {c[0]}
low = {c[1]}
high = {c[2]}
unit = "u"
meaning = "m"
judgement = "j"
{extra}"""
    )


# sympy loads parts of itself on first use: pay for that on import, not in the first test
# (mutmut runs the fastest tests first, so a test that pays for it would run last)
tie_roots(_model(SWITCH_ROW, MATCH_COL), "c")


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
        "warnings": [],
        "underflow": None,  # no sample's payoffs fell below the float range
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
        assert row["statement"] == "Row a -> b; Col x -> y when c falls below 0.3; base 0.5"
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


# ---------------------------------------------------------------- the input checks, at their limits
@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"steps": 1}, "steps must be an integer of at least 2, got 1"),
        ({"steps": True}, "steps must be an integer of at least 2, got True"),
        ({"steps": 4.0}, "steps must be an integer of at least 2, got 4.0"),
        ({"tol": 0}, "tol must be a number between 0 and 1, got 0"),
        ({"tol": 1}, "tol must be a number between 0 and 1, got 1"),
        ({"tol": "1e-3"}, "tol must be a number between 0 and 1, got '1e-3'"),
        ({"outcome": None}, "outcome must be 'set' or a selection rule, got None"),
        (
            {"outcome": "payoff-dominance"},
            "unknown selection rule 'payoff-dominance' (did you mean 'payoff-dominant'?); "
            "rules: payoff-dominant, risk-dominant, logit, first",
        ),
    ],
)
def test_threshold_settings_are_validated_at_their_limits(kwargs, message):
    with pytest.raises(SensitivityError) as err:
        critical_thresholds(_model(SWITCH_ROW, MATCH_COL), **kwargs)
    assert str(err.value) == message


def test_the_grid_limit_is_inclusive(monkeypatch):
    from gametheory.sensitivity import thresholds

    monkeypatch.setattr(thresholds, "MAX_THRESHOLD_STEPS", 5)
    model = _model(SWITCH_ROW, MATCH_COL)
    assert _one(critical_thresholds(model, steps=np.int64(5), workers=1))["exact"] == "3/10"
    with pytest.raises(SensitivityError) as err:
        critical_thresholds(model, steps=6)
    assert str(err.value) == (
        "steps=6 is more than the 5 grid points per parameter allowed "
        "(bisection refines each bracket to tol anyway)"
    )


def test_closed_forms_are_tried_up_to_the_profile_limit(monkeypatch):
    from gametheory.sensitivity import thresholds

    monkeypatch.setattr(thresholds, "MAX_EXACT_PROFILES", 4)
    two_by_two = _model(SWITCH_ROW, MATCH_COL)
    assert _one(critical_thresholds(two_by_two, workers=1, mixed=False))["exact"] == "3/10"
    # the same switch with a third Col strategy (never played): 6 profiles, bisected
    three = _model(SWITCH_ROW, MATCH_COL, col_strategies=("x", "y", "z"))
    row = _one(critical_thresholds(three, workers=1, mixed=False))
    assert row["exact"] == "" and abs(row["threshold"] - 0.3) <= 1e-6


# ---------------------------------------------------------------- the grid the scan evaluates
def _first_grid(monkeypatch, model, **kwargs):
    """The points of the scan's first evaluation (its grid), per parameter, sorted."""
    from gametheory.sensitivity import thresholds

    calls = []
    real = thresholds.evaluate_points

    def recording(target, sp, pts, **run):
        calls.append(np.array(pts, dtype=float))
        return real(target, sp, pts, **run)

    monkeypatch.setattr(thresholds, "evaluate_points", recording)
    frame = critical_thresholds(model, workers=1, mixed=False, **kwargs)
    return calls[0][:, 0].tolist(), frame


def test_the_grid_gets_a_point_between_each_two_consecutive_roots(monkeypatch):
    # one tie in [0, 1]: Row's a = b at c = 3/10 (the others, -7/10 and 13/10, are outside);
    # 3 steps and the base: 0, 0.5, 1, plus the mid-points of 0 | 0.3 | 0.5 | 1
    grid, frame = _first_grid(monkeypatch, _model(SWITCH_ROW, MATCH_COL), steps=3)
    assert grid == [0.0, 0.15, 0.4, 0.5, 0.75, 1.0]
    assert _one(frame)["exact"] == "3/10"
    # without closed forms: the linspace and the base only
    grid, _ = _first_grid(
        monkeypatch, _model(SWITCH_ROW, MATCH_COL, c=(0.6, 0, 1)), steps=3, exact=False
    )
    assert grid == [0.0, 0.5, 0.6, 1.0]


def test_a_grid_point_on_a_tie_is_dropped_unless_it_is_an_end_or_the_base(monkeypatch):
    # Row's a = b at c = 1/2 only (in the range), a point of the 5-step grid
    model = _model("(Row == 'a') * c + (Row == 'b') * 0.5", MATCH_COL, c=(0.1, 0, 1))
    grid, frame = _first_grid(monkeypatch, model, steps=5)
    assert grid == [0.0, 0.05, 0.1, 0.175, 0.25, 0.375, 0.625, 0.75, 0.875, 1.0]
    assert _one(frame)["exact"] == "1/2"
    # the base is kept, on the tie or not
    at_base = _model("(Row == 'a') * c + (Row == 'b') * 0.5", MATCH_COL, c=(0.5, 0, 1))
    grid, _ = _first_grid(monkeypatch, at_base, steps=5)
    assert grid == [0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0]


def test_ties_at_the_range_ends_or_outside_add_no_points(monkeypatch):
    # a = b at c = 0 and at c = 1 (Row's payoff c * (c - 1) against 0), none inside
    model = _model("(Row == 'a') * c * (1 - c)", COL_X, c=(0.5, 0, 1))
    grid, frame = _first_grid(monkeypatch, model, steps=5)
    assert grid == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert frame.empty  # Row's a is better inside: the set changes only at the ends


def test_incomplete_closed_forms_leave_the_grid_alone_and_say_why(monkeypatch):
    # c ** 3 (in Row's two a cells) is not a polynomial of degree <= 2: bisected, plain grid
    # (Col's tie at c = 0.9 is solved, but a grid point between roots needs every tie)
    model = _model(
        "(Row == 'a') * c ** 3 + (Row == 'b') * 0.125",
        "(Col == 'x') * c + (Col == 'y') * 0.9",
        c=(0.8, 0, 1),
    )
    grid, frame = _first_grid(monkeypatch, model, steps=3)
    assert grid == [0.0, 0.5, 0.8, 1.0]
    rows = frame.sort_values("threshold").to_dict("records")
    assert [r["exact"] for r in rows] == ["", "9/10"]  # Col's switch has its closed form
    assert abs(rows[0]["threshold"] - 0.5) <= 1e-6 and rows[1]["threshold"] == 0.9
    assert frame.attrs["notes"] == [
        "c: 2 payoff(s) are not polynomials of degree <= 2 in it (or too large to expand); "
        "their ties are bisected, not solved"
    ]


# ---------------------------------------------------------------- a tiny sequential model
# L moves first (a: c, b: 0.35, so a above c = 0.35); F answers: after a, x (0.6) until c
# exceeds 0.6, then y (c); after b, x (0.65) until c exceeds 0.65, then y (c).
# Whole game: L b / F x below 0.35, L a / F x up to 0.6, L a / F y above.
SEQUENTIAL = """format = 1
[model]
id = "s"
title = "S"
form = "sequential"
[players.L]
name = "Leader"
payoff = "(L == 'a') * c + (L == 'b') * 0.35"
[players.L.strategies]
a = "A"
b = "B"
[players.F]
name = "Follower"
payoff = "(F == 'x') * ((L == 'a') * 0.6 + (L == 'b') * 0.65) + (F == 'y') * c"
[players.F.strategies]
x = "X"
y = "Y"
[form]
stages = [["L"], ["F"]]
[parameters.c]
value = 0.5
low = 0
high = 1
unit = "u"
meaning = "m"
judgement = "j"
"""


def _solved_path(model, fix, value):
    path = model.with_params({"c": value}).solve(fix=fix).path
    return " / ".join(f"{p} {path[p]}" for p in ("L", "F"))


@pytest.mark.parametrize("outcome", ["set", "payoff-dominant"])
def test_a_sequential_model_and_its_branches(outcome):
    model = Model.from_toml(SEQUENTIAL)
    frame = critical_thresholds(model, workers=1, outcome=outcome)
    rows = [
        (r["threshold"], r["branch"], r["before"], r["after"], r["changes"], r["direction"])
        for r in frame.to_dict("records")
    ]
    # the closest first; at equal distance (0.35 and 0.65) the whole game first; the
    # branch "L a" repeats the whole game's change at 0.6 and is left out
    assert rows == [
        (0.6, "", "L a / F x", "L a / F y", "F x -> y", "above"),
        (0.35, "", "L a / F x", "L b / F x", "L a -> b", "below"),
        (0.65, "L b", "L b / F x", "L b / F y", "F x -> y", "above"),
    ]
    assert list(frame.exact) == ["3/5", "7/20", "13/20"]
    assert list(frame.kind) == ["equilibrium-set"] * 3
    assert list(frame.selection) == ["" if outcome == "set" else outcome] * 3
    assert frame.statement[2] == "after L b: F x -> y when c exceeds 0.65; base 0.5"
    assert set(frame.mixed_before) == {
        "not computed (sequential model: the batched path finds pure stage equilibria)"
    }
    # the oracle: solving the model just either side of each threshold
    for r in frame.to_dict("records"):
        fix = dict([r["branch"].split(" ")]) if r["branch"] else None
        low, high = (_solved_path(model, fix, r["threshold"] + e) for e in (-1e-4, 1e-4))
        assert (low, high) == (
            (r["before"], r["after"]) if r["direction"] == "above" else (r["after"], r["before"])
        )


def test_branches_can_be_left_out():
    frame = critical_thresholds(Model.from_toml(SEQUENTIAL), workers=1, branches_=False)
    assert list(frame.threshold) == [0.6, 0.35] and set(frame.branch) == {""}


# ---------------------------------------------------------------- a tree model (no closed forms)
TREE = """format = 1
[model]
id = "entry"
title = "Entry"
form = "tree"
[players.E]
name = "Entrant"
[players.I]
name = "Incumbent"
[parameters.fight_cost]
value = 2
low = 0
high = 3
unit = "u"
meaning = "m"
judgement = "j"
[nodes.root]
player = "E"
infoset = "enter"
moves = { out = "stay_out", in = "entered" }
[nodes.entered]
player = "I"
infoset = "respond"
moves = { fight = "war", accommodate = "shared" }
[outcomes.stay_out]
E = "0"
I = "2"
[outcomes.war]
E = "-1"
I = "2 - fight_cost"
[outcomes.shared]
E = "1"
I = "1"
"""


def test_a_tree_model_is_bisected():
    from gametheory.models import parse_model_text

    model = parse_model_text(TREE)
    row = _one(critical_thresholds(model, workers=1, mixed=False, tol=1e-6))
    # fighting is credible (and the entrant stays out) once it costs less than 2 - 1
    assert abs(row["threshold"] - 1) <= 1e-6 * 3 and row["exact"] == ""
    assert row["direction"] == "below" and row["parameter"] == "fight_cost"
    assert row["changes"].startswith("E in -> out; I accommodate -> (no move)")


# ---------------------------------------------------------------- an evaluator without actions
class _Labelled:
    """A minimal model: its evaluator gives outcome labels only (no actions, no payoffs)."""

    parameter_names = ("c",)
    player_ids = ("P",)

    def evaluator(self):
        return lambda x: {"labels": np.where(np.asarray(x)[:, 0] > 0.3, "high", "low")}


def test_an_evaluator_without_actions_reports_the_outcomes():
    from gametheory.sensitivity import Dimension, ParameterSpace

    space = ParameterSpace([Dimension("c", 0.0, 1.0, 0.5)])
    row = _one(critical_thresholds(_Labelled(), space=space, workers=1, mixed=False))
    assert abs(row["threshold"] - 0.3) <= 1e-6 and row["exact"] == ""
    assert (row["before"], row["after"], row["changes"]) == ("high", "low", "high -> low")
    assert row["equilibria_before"] == ["high"] and row["equilibria_after"] == ["low"]


# ---------------------------------------------------------------- brackets and their two sides
# Row's best strategy (Col plays x throughout): a (0.35) below c = 0.35, b (c) up to 0.45,
# z (2c - 0.45) above: three outcomes, the changes in neighbouring intervals of a 0.1 grid
THREE = "(Row == 'a') * 0.35 + (Row == 'b') * c + (Row == 'z') * (2 * c - 0.45)"


@pytest.mark.parametrize("exact", [False, None])
def test_changes_in_neighbouring_grid_intervals_are_two_thresholds(exact):
    model = _model(THREE, COL_X, c=(0.1, 0, 1), row_strategies=("a", "b", "z"))
    frame = critical_thresholds(model, workers=1, mixed=False, steps=11, exact=exact)
    rows = [(r["before"], r["after"], r["changes"]) for r in frame.to_dict("records")]
    # each row reads its two sides just off the change, not at the grid points or ends
    assert rows == [
        ("Row a / Col x", "Row b / Col x", "Row a -> b"),
        ("Row b / Col x", "Row z / Col x", "Row b -> z"),
    ]
    assert abs(frame.threshold[0] - 0.35) <= 1e-6 and abs(frame.threshold[1] - 0.45) <= 1e-6
    assert list(frame.exact) == (["7/20", "9/20"] if exact is None else ["", ""])


def test_a_change_at_a_grid_point_is_one_threshold():
    # Row's a = b exactly at c = 1/2, a point of the 11-step grid, where the set has both;
    # bisected from both sides of that point, the two changes meet: one threshold
    model = _model("(Row == 'a') * c + (Row == 'b') * 0.5", MATCH_COL, c=(0.1, 0, 1))
    row = _one(critical_thresholds(model, workers=1, mixed=False, steps=11, exact=False))
    assert (row["before"], row["after"]) == ("Row b / Col y", "Row a / Col x")
    assert abs(row["threshold"] - 0.5) <= 1e-6 and row["direction"] == "above"


@pytest.mark.parametrize("outcome", ["set", "payoff-dominant"])
def test_a_blip_narrower_than_the_side_offset_reports_the_bisected_sides(outcome):
    # Row prefers b only for c in (0.42, 0.420005): both sides read 1e-5 off the bracket
    # fall outside the blip, so each row takes its sides from the bisection
    model = _model("(Row == 'a') * (c - 0.42) * (c - 0.420005)", COL_X, c=(0.1, 0, 1))
    frame = critical_thresholds(model, workers=1, mixed=False, steps=11, tol=1e-6, outcome=outcome)
    rows = frame.sort_values("threshold").to_dict("records")
    assert [(r["exact"], r["before"], r["after"]) for r in rows] == [
        ("21/50", "Row a / Col x", "Row b / Col x"),
        ("84001/200000", "Row b / Col x", "Row a / Col x"),
    ]
    assert [r["kind"] for r in rows] == ["equilibrium-set"] * 2


@pytest.mark.parametrize(
    "root, tol, kept",
    [
        ("0.002", 1e-3, False),  # exactly 2 * tol * width from the low end: a tie at the end
        ("0.0025", 1e-3, True),
        ("0.0000002", 1e-9, False),  # tol below 1e-7 counts as 1e-7 (the payoff tie tolerance)
        ("0.00000025", 1e-9, True),
        ("0.999", 1e-3, False),
        ("0.99", 1e-3, True),
        ("0.004 on [0, 2]", 1e-3, False),  # twice tol times the range
        ("0.0045 on [0, 2]", 1e-3, True),
    ],
)
def test_a_change_within_twice_tol_of_a_range_end_is_dropped(root, tol, kept):
    root, _, wide = root.partition(" on ")
    c = (0.5, 0, 2) if wide else (0.5, 0, 1)
    model = _model(f"(Row == 'a') * c + (Row == 'b') * {root}", MATCH_COL, c=c)
    frame = critical_thresholds(model, workers=1, mixed=False, tol=tol)
    assert len(frame) == kept
    if kept:
        assert frame.threshold[0] == float(root) and frame.exact[0] != ""


def test_an_exact_value_the_decimal_does_not_show_is_named():
    row = _one(critical_thresholds(_model("(Row == 'a') * c + (Row == 'b') / 3", MATCH_COL)))
    assert row["exact"] == "1/3" and row["threshold"] == 1 / 3
    assert row["statement"] == (
        "Row a -> b; Col x -> y when c falls below 0.3333 (exactly 1/3); base 0.5"
    )


def test_thresholds_of_two_parameters():
    # Row switches at c = 0.3 (below the base 0.5); Col (x: 0.1 d, y: 0.06) at d = 0.6
    model = _model(SWITCH_ROW, "(Col == 'y') * 0.06", d=(0.5, 0, 2))
    frame = critical_thresholds(model, workers=1, mixed=False)
    rows = [
        (r["parameter"], r["threshold"], r["relative_margin"], r["changes"])
        for r in frame.to_dict("records")
    ]
    assert rows == [
        ("d", 0.6, pytest.approx(0.05), "Col y -> x"),
        ("c", 0.3, pytest.approx(-0.2), "Row a -> b"),
    ]
    assert frame.attrs["no_change"] == []


# ---------------------------------------------------------------- against brute force
def _random_game(shape, seed):
    """Payoffs a + b * c of a random two-player game, as a model and as coefficients."""
    rng = np.random.default_rng(seed)
    a = np.round(rng.uniform(-1, 1, (2, *shape)), 2)
    b = np.round(rng.uniform(-2, 2, (2, *shape)), 2)
    names = [[f"r{i}" for i in range(shape[0])], [f"s{j}" for j in range(shape[1])]]

    def payoff(k):
        return " + ".join(
            f"(Row == '{names[0][i]}') * (Col == '{names[1][j]}') * ({a[k, i, j]} + {b[k, i, j]} * c)"
            for i in range(shape[0])
            for j in range(shape[1])
        )

    model = _model(payoff(0), payoff(1), row_strategies=names[0], col_strategies=names[1])
    return model, a, b, names


def _brute_masks(a, b, c):
    """Which profiles are pure equilibria, at each value of ``c``: (rows, cols, len(c))."""
    u = a[..., None] + b[..., None] * np.asarray(c, dtype=float)  # (2, rows, cols, n)
    best_row = u[0] >= u[0].max(axis=0, keepdims=True) - 1e-12
    best_col = u[1] >= u[1].max(axis=1, keepdims=True) - 1e-12
    return best_row & best_col


def _brute_set(a, b, names, c):
    mask = _brute_masks(a, b, [c])[..., 0]
    return sorted(
        f"Row {names[0][i]} / Col {names[1][j]}" for i, j in zip(*np.nonzero(mask), strict=True)
    )


@pytest.mark.parametrize("shape, seed, n", [((2, 2), 9, 3), ((2, 3), 6, 3), ((3, 2), 16, 3)])
def test_thresholds_equal_a_brute_force_scan(shape, seed, n):
    model, a, b, names = _random_game(shape, seed)
    grid = np.linspace(0, 1, 100_001)
    masks = _brute_masks(a, b, grid).reshape(-1, len(grid))
    code = (masks * (2 ** np.arange(masks.shape[0]))[:, None]).sum(axis=0)
    # where the set changes (a set that holds at one grid point only is a tie there)
    edges = np.flatnonzero(code[1:] != code[:-1])
    edges = [k for k in edges if not (k > 0 and code[k - 1] == code[k + 1] and k - 1 in edges)]
    # (a change within 1e-5 of a range end is a tie there, not a crossing)
    changes = [(grid[k], grid[k + 1]) for k in edges if 1e-5 < grid[k] < 1 - 2e-5]
    assert len(changes) == n  # the games are chosen to have changes
    for exact in (None, False):
        frame = critical_thresholds(model, workers=1, mixed=False, steps=41, exact=exact)
        found = sorted(frame.threshold)
        assert len(found) == n, (found, changes)
        for (lo, hi), t in zip(changes, found, strict=True):
            assert lo - 1e-6 <= t <= hi + 1e-6
        for r in frame.to_dict("records"):
            step = 1e-4 if r["direction"] == "above" else -1e-4
            assert r["equilibria_before"] == _brute_set(a, b, names, r["threshold"] - step)
            assert r["equilibria_after"] == _brute_set(a, b, names, r["threshold"] + step)


def test_a_bisected_threshold_is_the_middle_of_its_last_bracket():
    # grid points 0.25 apart on [-1, 1]; bisection halves [0.25, 0.5] until it is no wider
    # than tol x range = 2**-11 x 2 = 2**-10: the bracket [307, 308] / 1024 around 0.3
    model = _model(SWITCH_ROW, MATCH_COL, c=(0.5, -1, 1))
    row = _one(critical_thresholds(model, workers=1, mixed=False, steps=9, exact=False, tol=2**-11))
    assert row["threshold"] == 307.5 / 1024


@pytest.mark.parametrize("scale", [1, 1000])
def test_a_bisection_end_on_the_tie_is_not_read_as_a_side(scale):
    # the first bisection point, (0.1 + 1) / 2 (times scale), is exactly Row's tie, where
    # the set has both equilibria (and within the payoff tie tolerance, 1e-9 x the payoff
    # spread, about scale): the row reads its sides 1e-5 x range off the change
    model = _model(
        f"(Row == 'a') * c + (Row == 'b') * {0.55 * scale} + {scale} * (Col == 'x')",
        MATCH_COL,
        c=(0.1 * scale, 0, scale),
    )
    row = _one(critical_thresholds(model, workers=1, mixed=False, steps=2, exact=False))
    assert (row["before"], row["after"]) == ("Row b / Col y", "Row a / Col x")
    assert abs(row["threshold"] - 0.55 * scale) <= 1e-6 * scale


def test_changes_more_than_four_tol_apart_around_a_grid_point_stay_apart():
    # a -> b at c = 0.498 and b -> z at 0.5022, around the grid point 0.5 (in b): the
    # brackets meet there but span more than 4 x tol x range, so they are two thresholds
    row_payoff = "(Row == 'a') * 0.498 + (Row == 'b') * c + (Row == 'z') * (2 * c - 0.5022)"
    model = _model(row_payoff, COL_X, c=(0.1, 0, 1), row_strategies=("a", "b", "z"))
    frame = critical_thresholds(model, workers=1, mixed=False, steps=11, exact=False, tol=1e-3)
    found = sorted(frame.threshold)
    assert len(found) == 2
    assert abs(found[0] - 0.498) <= 1e-3 and abs(found[1] - 0.5022) <= 1e-3


def test_a_tie_at_the_range_end_does_not_hide_the_next_threshold():
    # Col is indifferent at c = 0 only (x: c, y: 0): the set is larger at the low end;
    # Row switches at 0.3
    model = _model(SWITCH_ROW, "(Col == 'x') * c", c=(0.5, 0, 1))
    row = _one(critical_thresholds(model, workers=1, mixed=False))
    assert (row["threshold"], row["changes"]) == (0.3, "Row a -> b")


def test_a_threshold_at_the_base_is_told_as_a_fall_below_it():
    # a = b at c = 1/2, the base value itself (a grid point kept although it is on the tie)
    model = _model("(Row == 'a') * c + (Row == 'b') * 0.5", MATCH_COL, c=(0.5, 0, 1))
    row = _one(critical_thresholds(model, workers=1, mixed=False))
    assert (row["threshold"], row["margin"], row["direction"]) == (0.5, 0.0, "below")
    assert (row["before"], row["after"]) == ("Row a / Col x", "Row b / Col y")


def test_a_change_between_two_sets_of_two_equilibria():
    # (a, x) is always an equilibrium; Col answers b with y (0.5) below c = 1/2, z (c) above
    row_payoff = "(Row == 'a') * (Col == 'x') + (Row == 'b') * (Col != 'x')"
    col_payoff = (
        "(Row == 'a') * (Col == 'x') + (Row == 'b') * ((Col == 'y') * 0.5 + (Col == 'z') * c)"
    )
    model = _model(row_payoff, col_payoff, c=(0.8, 0, 1), col_strategies=("x", "y", "z"))
    row = _one(critical_thresholds(model, workers=1, mixed=False))
    assert row["equilibria_before"] == ["Row a / Col x", "Row b / Col z"]
    assert row["equilibria_after"] == ["Row a / Col x", "Row b / Col y"]
    assert row["changes"] == (
        "Row b / Col z stops being an equilibrium; Row b / Col y becomes an equilibrium"
    )


@pytest.mark.parametrize("base", [0.5, 0.1])
def test_the_mixed_equilibria_are_those_on_either_side(base):
    # above c = 0.3 a coordination game (two pure equilibria and a mixed one); below,
    # Row's b is dominant (one pure equilibrium, nothing mixed)
    row_payoff = (
        "c * (Row == 'a') * (Col == 'x') + 0.3 * (Row == 'b') * (Col == 'x')"
        " + (Row == 'b') * (Col == 'y')"
    )
    row = _one(critical_thresholds(_model(row_payoff, MATCH_COL, c=(base, 0, 1)), workers=1))
    below, above = (
        (row["mixed_after"], row["mixed_before"])
        if base > 0.3
        else (row["mixed_before"], row["mixed_after"])
    )
    assert row["direction"] == ("below" if base > 0.3 else "above") and below == "none"
    assert above not in ("none", "") and "not computed" not in above


def test_a_grid_point_within_1e_12_of_a_root_is_dropped(monkeypatch):
    # the tie c = 2e-12 is 1e-12 x range from the grid point 0 of [-1, 1]: 0 is dropped
    # (the grid: -1, 0.5 (the base), 1 and the mid-points between them and the roots
    # 2e-12 and -1 + 2e-12 (a tie of the totals))
    model = _model("(Row == 'a') * c + (Row == 'b') * 0.000000000002", COL_X, c=(0.5, -1, 1))
    grid, frame = _first_grid(monkeypatch, model, steps=3)
    assert 0.0 not in grid and len(grid) == 8
    assert grid[0] == -1.0 and grid[-3:] == [0.5, 0.75, 1.0]
    assert _one(frame)["exact"] == "1/500000000000"
    # a range end on the tie stays: c = 1e-13 in [0, 1]
    model = _model("(Row == 'a') * c + (Row == 'b') * 0.0000000000001", COL_X)
    grid, _ = _first_grid(monkeypatch, model, steps=3)
    assert grid[0] == 0.0 and len(grid) == 6 and grid[-3:] == [0.5, 0.75, 1.0]


def test_execution_options_reach_every_evaluation():
    # on_chunk(chunk, done, total) is called for the grid (6 points), for each bisection
    # step (one bracket: one point) and for the two sides of the threshold
    totals = []
    model = _model(SWITCH_ROW, MATCH_COL)
    critical_thresholds(model, steps=3, on_chunk=lambda i, done, n: totals.append(n))
    assert totals[0] == 6 and totals[-1] == 2
    assert len(totals) > 3 and set(totals[1:-1]) == {1}


def test_a_store_is_refused():
    with pytest.raises(SensitivityError) as err:
        critical_thresholds(_model(SWITCH_ROW, MATCH_COL), store="unused")
    assert str(err.value) == "critical_thresholds cannot keep its evaluations in a store"


THREE_PARAMETERS = """format = 1
[model]
id = "t3"
title = "T3"
[players.Row]
name = "Row"
payoff = "(Row == 'a') * c + (Row == 'b') * 0.3"
[players.Row.strategies]
a = "A"
b = "B"
[players.Col]
name = "Col"
payoff = "(Col == 'x') * (d + e) + (Col == 'y') * 1.5"
[players.Col.strategies]
x = "X"
y = "Y"
[parameters.c]
value = 0.5
low = 0
high = 1
unit = "u"
meaning = "m"
judgement = "j"
[parameters.d]
value = 0.5
low = 0
high = 1
unit = "u"
meaning = "m"
judgement = "j"
[parameters.e]
value = 0.5
low = 0
high = 2
unit = "u"
meaning = "m"
judgement = "j"
"""


def test_thresholds_of_three_parameters():
    # Row switches at c = 0.3; Col plays x once d + e exceeds 1.5: d never gets there
    # (d <= 1 with e = 0.5), e does at 1
    frame = critical_thresholds(Model.from_toml(THREE_PARAMETERS), workers=1, mixed=False, steps=5)
    rows = [(r["parameter"], r["threshold"], r["changes"]) for r in frame.to_dict("records")]
    assert rows == [("c", 0.3, "Row a -> b"), ("e", 1.0, "Col y -> x")]
    assert frame.attrs["no_change"] == ["d"]


def test_a_closed_form_just_outside_the_bisected_bracket_is_used():
    # tol 1e-9 is below the payoff tie tolerance (1e-9 x the payoff spread, about 1000):
    # bisection stops at the edge of the tie, up to 1e-7 x range from the root 550
    model = _model(
        "(Row == 'a') * c + (Row == 'b') * 550 + 1000 * (Col == 'x')",
        MATCH_COL,
        c=(100, 0, 1000),
    )
    row = _one(critical_thresholds(model, workers=1, mixed=False, tol=1e-9))
    assert (row["threshold"], row["exact"]) == (550.0, "550")


# L moves first (always a); then F and G play a coordination game: (x, x) pays 0.5 each,
# (y, y) c each. Payoff dominance (the model's stage rule) picks (y, y) above c = 1/2;
# the rule "first" keeps (x, x)
COORDINATION_STAGE = """format = 1
[model]
id = "s3"
title = "S3"
form = "sequential"
[players.L]
name = "Leader"
payoff = "(L == 'a') * 1"
[players.L.strategies]
a = "A"
b = "B"
[players.F]
name = "F"
payoff = "(F == 'x') * (G == 'x') * 0.5 + (F == 'y') * (G == 'y') * c"
[players.F.strategies]
x = "X"
y = "Y"
[players.G]
name = "G"
payoff = "(F == 'x') * (G == 'x') * 0.5 + (F == 'y') * (G == 'y') * c"
[players.G.strategies]
x = "X"
y = "Y"
[form]
stages = [["L"], ["F", "G"]]
[parameters.c]
value = 0.2
low = 0.1
high = 1
unit = "u"
meaning = "m"
judgement = "j"
"""


def test_the_branches_follow_the_declared_rule():
    model = Model.from_toml(COORDINATION_STAGE)
    frame = critical_thresholds(model, workers=1, mixed=False, outcome="payoff-dominant")
    # both branches repeat the whole game's change and are left out
    assert [(r["threshold"], r["branch"], r["changes"]) for r in frame.to_dict("records")] == [
        (0.5, "", "F x -> y; G x -> y")
    ]
    # under "first", in every branch too, (x, x) is kept: nothing changes
    assert critical_thresholds(model, workers=1, mixed=False, outcome="first").empty


def test_a_blip_just_after_a_tie_at_a_grid_point_is_two_changes():
    # Row's b is better only for c in (0.5, 0.5015); at c = 0.5, a point of the 1001-step
    # grid, Row is indifferent. Grid points 0.001 apart: brackets [0.499, 0.5], [0.5, 0.501]
    # (meeting at the tie: one change) and [0.501, 0.502] (b back to a): two changes
    model = _model("(Row == 'b') * (c - 0.5) * (0.5015 - c)", COL_X, c=(0.1, 0, 1))
    frame = critical_thresholds(model, workers=1, mixed=False, steps=1001, exact=False, tol=1e-3)
    rows = frame.sort_values("threshold").to_dict("records")
    assert [(r["before"], r["after"]) for r in rows] == [
        ("Row a / Col x", "Row b / Col x"),
        ("Row b / Col x", "Row a / Col x"),
    ]
    assert abs(rows[0]["threshold"] - 0.5) <= 1e-3 and abs(rows[1]["threshold"] - 0.5015) <= 1e-3
