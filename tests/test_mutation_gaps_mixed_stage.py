"""Tests for ``gametheory/models/mixed_stage.py`` written for a mutation test (issue 13).

A simultaneous stage of a sequential model with no pure equilibrium, or several, is
solved at one parameter point by all its equilibria, mixed ones included. The oracle
here is the stage game written out from the payoff formulas (``model.payoffs`` at every
joint move): each equilibrium the solver lists is checked by its regret in that game,
its probabilities against the closed form where there is one, the earlier mover's
payoff against the expectation over the joint moves, the selection rules against the
equilibria's payoffs, and the size limits at their boundaries.

Every test builds its models itself: the stage games searched are cached per solve
(``solver.mixed_cache``), and nothing is kept between solves.
Run the mutation test with ``python benchmarks/mutation.py gametheory/models/mixed_stage.py``.
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

import gametheory.models.mixed_stage as mixed_stage
from gametheory import NormalFormGame
from gametheory.models import Model
from gametheory.models.mixed_stage import (
    MIXED_MAX_JOINT_MOVES,
    mixed_path_regret,
    solve_mixed_stage,
    stage_rule_name,
)
from gametheory.models.sequential import BackwardInduction
from gametheory.solvers import estimate_mixed_seconds

TIE = 1e-9


def build(
    players: dict[str, tuple[str, list[str]]], stages: str, params: dict[str, float]
) -> Model:
    """A sequential model from ``{id: (payoff, strategies)}``, the stages and parameters."""
    text = 'format = 1\n[model]\nid = "mixed_gap"\ntitle = "t"\nform = "sequential"\n'
    text += f"[form]\nstages = {stages}\n"
    for pid, (payoff, strategies) in players.items():
        text += f'[players.{pid}]\npayoff = "{payoff}"\n[players.{pid}.strategies]\n'
        text += "".join(f'{s} = "{s}"\n' for s in strategies)
    for name, value in params.items():
        text += (
            f"[parameters.{name}]\nvalue = {value}\nlow = {value - 10}\nhigh = {value + 10}\n"
            'unit = "u"\nmeaning = "m"\njudgement = "j"\n'
        )
    model = Model.from_toml(text, source="mixed_gap.toml")
    assert isinstance(model, Model)
    return model


def table(u: list[list[float]], row: str, col: str, rs=("h", "t"), cs=("h", "t")) -> str:
    """A payoff formula that is ``u[i][j]`` when ``row`` plays ``rs[i]`` and ``col`` ``cs[j]``."""
    terms = [
        f"{u[i][j]} * ({row} == '{a}') * ({col} == '{b}')"
        for i, a in enumerate(rs)
        for j, b in enumerate(cs)
        if u[i][j]
    ]
    return " + ".join(terms) or "0"


def stage_game(model: Model, movers: list[str], fixed: dict[str, str]) -> tuple[list, np.ndarray]:
    """The joint moves and every player's payoff at each (the stage is the last one)."""
    options = [model.player(m).strategies for m in movers]
    joint = list(itertools.product(*options))
    pays = []
    for j in joint:
        out = model.payoffs({**fixed, **dict(zip(movers, j, strict=True))})
        pays.append([out[p.id] for p in model.players])
    return joint, np.array(pays)


def expected(model: Model, movers, fixed, mix: dict[str, dict[str, float]]) -> np.ndarray:
    """Every player's expected payoff when the movers play ``mix``."""
    joint, pays = stage_game(model, movers, fixed)
    w = np.array([np.prod([mix[m][s] for m, s in zip(movers, j, strict=True)]) for j in joint])
    return w @ pays


def regret(model: Model, movers, fixed, mix: dict[str, dict[str, float]]) -> float:
    """Largest gain of a mover switching to a pure strategy against the others' mix."""
    value = expected(model, movers, fixed, mix)
    worst = 0.0
    for m in movers:
        for s in model.player(m).strategies:
            pure = {**mix, m: {t: float(t == s) for t in model.player(m).strategies}}
            gain = (
                expected(model, movers, fixed, pure)[model.player_ids.index(m)]
                - value[model.player_ids.index(m)]
            )
            worst = max(worst, gain)
    return worst


def stage_detail(model: Model, history: dict[str, str], rule: str = "payoff_dominant"):
    """The stage's Branch (kept detail) after ``history``, through the sequential solver."""
    solver = BackwardInduction(model, {}, rule, mixed=True)
    hist = {
        model.player_ids.index(p): model.player(p).strategies.index(s) for p, s in history.items()
    }
    k = 1 if history else 0
    branch = solver.solve(k, model.value_vector()[None, :], hist, True)
    return solver, branch


# ----------------------------------------------------------------- 2 x 2, one mixed
PENNY_CASES = [
    # A matches (u00 > u10, u11 > u01), B mismatches (v01 > v00, v10 > v11)
    ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
    ([[3, 0], [-1, 2]], [[0, 2], [5, 1]]),
    ([[2, 1], [0, 4]], [[-2, 3], [1, 0]]),
]


def penny_model(u, v) -> Model:
    leader = "where(L == 'enter', 5 * (A == 'h') * (B == 't') + 2 * (B == 'h') - cost, 0)"
    return build(
        {
            "L": (leader, ["stay", "enter"]),
            "A": (table(u, "A", "B"), ["h", "t"]),
            "B": (table(v, "A", "B"), ["h", "t"]),
        },
        '[["L"], ["A", "B"]]',
        {"cost": 0.25},
    )


@pytest.mark.parametrize(("u", "v"), PENNY_CASES, ids=["pennies", "skewed", "offset"])
def test_a_two_by_two_stage_with_a_unique_mixed_equilibrium(u, v):
    model = penny_model(u, v)
    # closed form: B's q = P(h) makes A indifferent, A's p makes B indifferent
    q = (u[1][1] - u[0][1]) / (u[0][0] - u[0][1] - u[1][0] + u[1][1])
    p = (v[1][1] - v[1][0]) / (v[0][0] - v[1][0] - v[0][1] + v[1][1])
    solver, branch = stage_detail(model, {"L": "enter"})
    d = branch.detail
    assert d["kind"] == "stage" and d["selected"] == 0 and len(d["equilibria"]) == 1
    assert branch.n_equilibria.tolist() == [1] and branch.stage_count.tolist() == [1]
    mix = d["mixed"][0]
    assert mix["A"]["h"] == pytest.approx(p, abs=1e-9) and mix["B"]["h"] == pytest.approx(
        q, abs=1e-9
    )
    fixed = {"L": "enter"}
    assert regret(model, ["A", "B"], fixed, mix) <= TIE
    assert d["regrets"][0] <= TIE
    # the branch carries every player's expected payoff, the leader's included
    np.testing.assert_allclose(
        branch.payoffs[0], expected(model, ["A", "B"], fixed, mix), atol=1e-12
    )
    assert branch.payoffs[0, 0] == pytest.approx(5 * p * (1 - q) + 2 * q - 0.25)
    # the whole solve: the leader compares entering with 0
    r = model.solve()
    assert r.path == ({"L": "enter"} if 5 * p * (1 - q) + 2 * q > 0.25 else {"L": "stay"})
    assert r.regret <= TIE
    assert not solver.warnings


def test_a_two_by_three_stage_weights_the_joint_moves_row_major():
    # B's 'z' is strictly dominated; on (h, t) x (h, t) the stage is the 'skewed' pennies
    u = [[3, 0, 1], [-1, 2, 0]]
    v = [[0, 2, -5], [5, 1, -5]]
    leader = "where(L == 'enter', 7 * (A == 'h') * (B == 't') + 2 * (B == 'h') + (A == 't') * (B == 'z'), 0)"
    model = build(
        {
            "L": (leader, ["stay", "enter"]),
            "A": (table(u, "A", "B", cs=("h", "t", "z")), ["h", "t"]),
            "B": (table(v, "A", "B", cs=("h", "t", "z")), ["h", "t", "z"]),
        },
        '[["L"], ["A", "B"]]',
        {},
    )
    _, branch = stage_detail(model, {"L": "enter"})
    mix = branch.detail["mixed"][0]
    q = (2 - 0) / (3 - 0 + 1 + 2)
    p = (1 - 5) / (0 - 5 - 2 + 1)
    assert mix["B"] == pytest.approx({"h": q, "t": 1 - q, "z": 0.0}, abs=1e-9)
    assert mix["A"] == pytest.approx({"h": p, "t": 1 - p}, abs=1e-9)
    assert branch.payoffs[0, 0] == pytest.approx(7 * p * (1 - q) + 2 * q)
    np.testing.assert_allclose(
        branch.payoffs[0], expected(model, ["A", "B"], {"L": "enter"}, mix), atol=1e-12
    )


# --------------------------------------------------------- several equilibria, rules
def stag_model(first: str = "H", eps: float = 0.0) -> Model:
    """A stag hunt after a leader: (S, S) pays 4 each, (H, H) 3 each, S against H 0 / 3;
    a mixed equilibrium at P(S) = 3/4. ``first``: the strategy listed first."""
    order = ["H", "S"] if first == "H" else ["S", "H"]

    def pay(me: str, other: str) -> str:
        return f"4 * ({me} == 'S') * ({other} == 'S') + (3 + eps) * ({me} == 'H')"

    return build(
        {
            "L": ("(A == 'S') * (B == 'S') + (L == 'quiet') * q", ["quiet", "loud"]),
            "A": (pay("A", "B"), order),
            "B": (pay("B", "A"), order),
        },
        '[["L"], ["A", "B"]]',
        {"q": 0.5, "eps": eps},
    )


def test_several_equilibria_are_listed_pure_first_in_joint_order_then_mixed():
    model = stag_model("H")
    _, branch = stage_detail(model, {"L": "quiet"}, "first")
    d = branch.detail
    assert branch.n_equilibria.tolist() == [3] and branch.stage_count.tolist() == [3]
    profiles = [e.profile[0].tolist() for e in d["equilibria"][:2]]
    assert profiles == [[0, 0, 0], [0, 1, 1]]  # (H, H) before (S, S): H is listed first
    assert d["mixed"][:2] == [None, None]
    mix = d["mixed"][2]
    assert mix["A"]["S"] == pytest.approx(0.75) and mix["B"]["S"] == pytest.approx(0.75)
    assert regret(model, ["A", "B"], {"L": "quiet"}, mix) <= TIE
    assert d["regrets"] == pytest.approx([0.0, 0.0, 0.0], abs=TIE)
    # the mixed branch: expected payoffs, the earlier move in its profile
    mb = d["equilibria"][2]
    assert mb.profile[0].tolist() == [0, -1, -1]
    assert mb.payoffs[0, 1:] == pytest.approx([3.0, 3.0])
    assert mb.payoffs[0, 0] == pytest.approx(0.75**2 + 0.5)
    assert mb.detail["kind"] == "mixed" and mb.detail["movers"] == [1, 2]
    assert d["selected"] == 0 and branch.profile[0].tolist() == [0, 0, 0]


@pytest.mark.parametrize(
    ("rule", "first", "pick"),
    [
        ("first", "H", 0),
        ("first", "S", 0),
        ("payoff_dominant", "H", 1),  # (S, S) pays 8 in all
        ("payoff-dominant", "H", 1),
        ("payoff_dominant", "S", 0),
        ("risk_averse", "H", 1),  # minimum 4 against 3 and the mixed one's 3
        ("risk-dominant", "S", 1),  # (H, H): the larger product of deviation losses
        ("risk-dominant", "H", 0),
    ],
)
def test_selection_rules_pick_from_the_whole_equilibrium_set(rule, first, pick):
    model = stag_model(first)
    _, branch = stage_detail(model, {"L": "quiet"}, rule)
    d = branch.detail
    assert d["selected"] == pick
    chosen = d["equilibria"][pick]
    np.testing.assert_array_equal(branch.profile, chosen.profile)
    np.testing.assert_array_equal(branch.payoffs, chosen.payoffs)
    assert branch.profile is not chosen.profile  # a copy


def test_risk_averse_ties_within_the_tolerance_go_to_the_first():
    # (H, H) pays 3 + eps: its minimum beats (S, S)'s 4 only if eps > 1; with eps tiny,
    # the mixed equilibrium and (H, H) tie on minimum 3 up to eps, and (S, S) wins
    model = stag_model("H", eps=1e-13)
    _, branch = stage_detail(model, {"L": "quiet"}, "risk_averse")
    assert branch.detail["selected"] == 1
    # payoffs where (H, H)'s minimum is above the mixed one's by less than the tolerance
    model = build(
        {
            "L": ("(A == 'x') + (L == 'one') * q", ["one", "two"]),
            "A": (table([[2, 0], [0, 1 + 1e-13]], "A", "B", ("x", "y"), ("x", "y")), ["x", "y"]),
            "B": (table([[1, 0], [0, 2]], "A", "B", ("x", "y"), ("x", "y")), ["x", "y"]),
        },
        '[["L"], ["A", "B"]]',
        {"q": 0.5},
    )
    _, branch = stage_detail(model, {"L": "one"}, "risk_averse")
    d = branch.detail
    assert len(d["equilibria"]) == 3
    mins = [min(b.payoffs[0, 1:]) for b in d["equilibria"]]
    assert mins[1] - mins[0] == pytest.approx(1e-13, abs=1e-15)  # (y, y) above (x, x)
    assert d["selected"] == 0  # within the tolerance: the first


def test_logit_selects_the_mixed_equilibrium_of_pennies_and_a_listed_one_of_the_stag_hunt():
    model = penny_model(*PENNY_CASES[1])
    _, branch = stage_detail(model, {"L": "enter"}, "logit")
    assert branch.detail["selected"] == 0 and branch.detail["mixed"][0] is not None
    model = stag_model("S")
    _, branch = stage_detail(model, {"L": "quiet"}, "logit")
    d = branch.detail
    assert len(d["equilibria"]) == 3 and d["selected"] in (0, 1, 2)
    assert regret(model, ["A", "B"], {"L": "quiet"}, _as_mix(model, d, d["selected"])) <= 1e-6


def _as_mix(model: Model, d: dict, e: int) -> dict[str, dict[str, float]]:
    if d["mixed"][e] is not None:
        return d["mixed"][e]
    prof = d["equilibria"][e].profile[0]
    return {
        model.players[m].id: {
            s: float(k == prof[m]) for k, s in enumerate(model.players[m].strategies)
        }
        for m in d["movers"]
    }


def test_stage_rule_names():
    assert stage_rule_name("payoff_dominant") == "payoff-dominant"
    assert stage_rule_name("first") == "first"
    assert stage_rule_name("risk-dominant") == "risk-dominant"
    assert stage_rule_name("logit") == "logit"


# --------------------------------------------------------------- three movers
def jordan_model() -> Model:
    """A matches B (1 on heads, 2 on tails), B matches C (1 / 3), C mismatches A (1 when
    C heads and A tails, 4 the other way): one equilibrium, P(h) = 1/5, 2/3, 3/4."""
    return build(
        {
            "L": (
                "where(L == 'go', 7 * (A == 'h') * (B == 't') * (C == 'h') + (C == 't'), 1)",
                ["wait", "go"],
            ),
            "A": ("(A == 'h') * (B == 'h') + 2 * (A == 't') * (B == 't')", ["h", "t"]),
            "B": ("(B == 'h') * (C == 'h') + 3 * (B == 't') * (C == 't')", ["h", "t"]),
            "C": ("(C == 'h') * (A == 't') + 4 * (C == 't') * (A == 'h')", ["h", "t"]),
        },
        '[["L"], ["A", "B", "C"]]',
        {},
    )


def test_a_three_mover_stage_without_a_pure_equilibrium():
    model = jordan_model()
    solver, branch = stage_detail(model, {"L": "go"})
    d = branch.detail
    assert len(d["equilibria"]) == 1
    mix = d["mixed"][0]
    p, q, r = 1 / 5, 2 / 3, 3 / 4
    assert mix["A"]["h"] == pytest.approx(p) and mix["B"]["h"] == pytest.approx(q)
    assert mix["C"]["h"] == pytest.approx(r)
    assert regret(model, ["A", "B", "C"], {"L": "go"}, mix) <= 1e-9
    # the joint moves weighted in row-major order: the leader's asymmetric payoff
    assert branch.payoffs[0, 0] == pytest.approx(7 * p * (1 - q) * r + (1 - r))
    np.testing.assert_allclose(
        branch.payoffs[0], expected(model, ["A", "B", "C"], {"L": "go"}, mix), atol=1e-9
    )
    assert not solver.warnings
    res = model.solve()
    assert res.path == {"L": "wait"}  # 1 > 7 * 1/5 * 1/3 * 3/4 + 1/4 = 0.6
    assert res.plan["options"]["go"]["payoffs"]["L"] == pytest.approx(0.6)


def test_the_search_budget_of_three_movers_at_its_boundary(monkeypatch):
    model = jordan_model()
    _, pays = stage_game(model, ["A", "B", "C"], {"L": "go"})
    game = NormalFormGame.from_payoff_array(pays[:, 1:].reshape(2, 2, 2, 3))
    seconds, supports = estimate_mixed_seconds(game)
    assert supports == 27
    monkeypatch.setattr(mixed_stage, "MIXED_STAGE_SECONDS", seconds)
    solver, branch = stage_detail(model, {"L": "go"})
    assert branch.ok[0] and branch.detail["mixed"][0] is not None and not solver.warnings
    monkeypatch.setattr(mixed_stage, "MIXED_STAGE_SECONDS", seconds * (1 - 1e-9))
    solver, branch = stage_detail(model, {"L": "go"})
    assert not branch.ok[0]
    assert solver.warnings == [
        f"stage 2 after L=go: no pure equilibrium, and 27 support profiles (estimated "
        f"{seconds:.1f} s) are beyond the budget of {seconds * (1 - 1e-9):g} s; mixed "
        "equilibria were not searched, so 'payoff_dominant' chose among its pure equilibria"
    ]


def test_a_search_cut_short_says_so(monkeypatch):
    monkeypatch.setattr(mixed_stage, "MIXED_STAGE_MAX_TIME", 1e-9)
    model = jordan_model()
    solver, branch = stage_detail(model, {"L": "go"})
    assert solver.warnings == [
        "stage 2 after L=go: the search for every equilibrium was cut short after 1e-09 s; "
        "it found no equilibrium"
    ]
    # nothing was found: the pure solution (none) stands
    assert not branch.ok[0]


def test_a_search_cut_short_after_finding_some_names_what_the_rule_chose_among(monkeypatch):
    from gametheory.solvers import nplayer_enum

    real = nplayer_enum.enumerate_mixed

    def stopped(game, **options):  # the whole set, reported as cut short
        return dataclasses.replace(real(game, **options), complete=False)

    monkeypatch.setattr(nplayer_enum, "enumerate_mixed", stopped)
    solver, branch = stage_detail(jordan_model(), {"L": "go"})
    assert solver.warnings == [
        "stage 2 after L=go: the search for every equilibrium was cut short after 5 s; "
        "'payoff_dominant' chose among the 1 equilibrium it found (0 pure, 1 mixed), "
        "which may not be all"
    ]
    assert branch.ok[0] and branch.detail["mixed"][0] is not None


# ------------------------------------------------------------------- size limits
def test_a_cut_short_warning_names_every_earlier_move_and_counts_the_equilibria():
    from types import SimpleNamespace

    pure, mixed = SimpleNamespace(is_pure=True), SimpleNamespace(is_pure=False)
    solver = BackwardInduction(stag_model("H"), {}, "first", mixed=True)
    # two earlier moves are joined with ", "; a first stage names none
    mixed_stage._cut_short(solver, 2, {0: 1, 1: 0}, [pure, pure, mixed])
    mixed_stage._cut_short(solver, 0, {}, [])
    assert solver.warnings == [
        "stage 3 after L=loud, A=H: the search for every equilibrium was cut short after "
        "5 s; 'first' chose among the 3 equilibria it found (2 pure, 1 mixed), which may "
        "not be all",
        "stage 1: the search for every equilibrium was cut short after 5 s; it found no "
        "equilibrium",
    ]


def test_the_joint_move_limit_at_its_boundary(monkeypatch):
    assert MIXED_MAX_JOINT_MOVES == 4096
    model = penny_model(*PENNY_CASES[0])
    monkeypatch.setattr(mixed_stage, "MIXED_MAX_JOINT_MOVES", 4)
    solver, branch = stage_detail(model, {"L": "enter"})
    assert branch.ok[0] and not solver.warnings
    monkeypatch.setattr(mixed_stage, "MIXED_MAX_JOINT_MOVES", 3)
    solver, branch = stage_detail(model, {"L": "enter"})
    assert not branch.ok[0]
    assert solver.warnings == [
        "stage 2 after L=enter: no pure equilibrium, and 4 joint moves are more than 3; "
        "mixed equilibria were not searched, so 'payoff_dominant' chose among its pure "
        "equilibria"
    ]
    # several pure equilibria, a rule that needs them all, thousands written with commas
    monkeypatch.setattr(mixed_stage, "MIXED_MAX_JOINT_MOVES", 1)
    solver, branch = stage_detail(stag_model("H"), {"L": "quiet"}, "logit")
    assert branch.ok[0]
    assert solver.warnings == [
        "stage 2 after L=quiet: 2 pure equilibria, and 4 joint moves are more than 1; "
        "mixed equilibria were not searched, so 'payoff_dominant' chose among its pure "
        "equilibria (rule 'logit' needs the stage's full equilibrium set)"
    ]


def test_a_first_stage_too_big_names_no_earlier_moves_and_warns_once(monkeypatch):
    monkeypatch.setattr(mixed_stage, "MIXED_MAX_JOINT_MOVES", 3)
    u, v = PENNY_CASES[0]
    model = build(
        {"A": (table(u, "A", "B"), ["h", "t"]), "B": (table(v, "A", "B"), ["h", "t"])},
        '[["A", "B"]]',
        {},
    )
    solver = BackwardInduction(model, {}, "first", mixed=True)
    P = model.value_vector()[None, :]
    solve_mixed_stage(solver, 0, [0, 1], P, {}, True, solver.pure_stage(0, [0, 1], P, {}, True))
    solve_mixed_stage(solver, 0, [0, 1], P, {}, False, solver.pure_stage(0, [0, 1], P, {}, False))
    assert solver.warnings == [
        "stage 1: no pure equilibrium, and 4 joint moves are more than 3; mixed "
        "equilibria were not searched, so 'first' chose among its pure equilibria"
    ]


def test_a_stage_whose_later_stage_is_unresolved_keeps_its_pure_solution(monkeypatch):
    # after A and B (a 2 x 2 stage with two pure equilibria), C and D play pennies on a
    # 2 x 3 stage: with the limit at 4 joint moves, that stage is not searched
    u, v = PENNY_CASES[0]
    model = build(
        {
            "A": ("(A == 'h') * (B == 'h') + (A == 't') * (B == 't')", ["h", "t"]),
            "B": ("(A == 'h') * (B == 'h') + (A == 't') * (B == 't')", ["h", "t"]),
            "C": (table(u, "C", "D"), ["h", "t"]),
            "D": (table([[-1, 1, -9], [1, -1, -9]], "C", "D", cs=("h", "t", "z")), ["h", "t", "z"]),
        },
        '[["A", "B"], ["C", "D"]]',
        {},
    )
    monkeypatch.setattr(mixed_stage, "MIXED_MAX_JOINT_MOVES", 4)
    solver = BackwardInduction(model, {}, "payoff_dominant", mixed=True)
    branch = solver.solve(0, model.value_vector()[None, :], {}, True)
    assert not branch.ok[0]
    later = (
        "no pure equilibrium, and 6 joint moves are more than 4; mixed equilibria were "
        "not searched, so 'payoff_dominant' chose among its pure equilibria"
    )
    assert solver.warnings == [
        *(f"stage 2 after A={a}, B={b}: {later}" for a in "ht" for b in "ht"),
        "stage 1: no pure equilibrium, and a later stage is unresolved; mixed equilibria "
        "were not searched, so 'payoff_dominant' chose among its pure equilibria",
    ]


# ----------------------------------------------------------------- path regret
def test_listed_equilibria_carry_the_regret_of_the_leaders_deviation():
    model = stag_model("H")
    r = model.solve(selection="first")
    # after 'quiet' (L gets 0.5 + P(S, S)), 'first' takes (H, H): 0.5; after 'loud' (H, H)
    # again: 0. So L stays quiet, and the other listed equilibria of the quiet stage:
    assert r.path == {"L": "quiet", "A": "H", "B": "H"} and r.regret == pytest.approx(0.0)
    others = [e for e in r.equilibria if not e["selected"]]
    assert len(others) == 2
    for e in others:
        # L's alternative 'loud' gives 0 (first rule: (H, H)); these give it more
        assert e["regret"] == pytest.approx(0.0, abs=1e-12)
    # with a cost of being quiet below -1, 'loud' (0) beats each quiet equilibrium
    r = model.with_params(q=-2.0).solve(selection="first")
    assert r.path == {"L": "loud", "A": "H", "B": "H"}
    quiet = r.plan["options"]["quiet"]
    assert quiet["n_equilibria"] == 3 and len(quiet["mixed_equilibria"]) == 1


def test_path_regret_of_each_stage_equilibrium_against_a_direct_computation():
    model = stag_model("S")
    solver = BackwardInduction(model, {}, "first", mixed=True)
    P = model.value_vector()[None, :]
    root = solver.solve(0, P, {}, True)
    # L: quiet -> (S, S) first: 1 + 0.5; loud -> (S, S): 1. No gain.
    assert root.profile[0].tolist() == [0, 0, 0]
    assert mixed_path_regret(model, solver, P, root, set()) == pytest.approx(0.0, abs=1e-12)
    # equilibrium e of the quiet stage: L's payoff 1.5 (S, S), 0.5 (H, H), 0.5 + 9/16
    # (mixed); L's deviation to 'loud' gives 1: regrets 0, 0.5, 1 - (0.5 + 9/16) < 0 -> 0
    got = [mixed_path_regret(model, solver, P, root, set(), pick=e) for e in range(3)]
    assert got == pytest.approx([0.0, 0.5, 0.0], abs=1e-12)
    # a fixed leader is not asked to deviate
    assert mixed_path_regret(model, solver, P, root, {"L"}, pick=1) == pytest.approx(0.0, abs=1e-12)
    # through the mixed stage of pennies, the stage regret counts (zero up to rounding)
    pm = penny_model(*PENNY_CASES[1])
    s2 = BackwardInduction(pm, {}, "payoff_dominant", mixed=True)
    P2 = pm.value_vector()[None, :]
    root2 = s2.solve(0, P2, {}, True)
    value = mixed_path_regret(pm, s2, P2, root2, set())
    assert 0.0 <= value <= TIE


def test_a_stage_before_a_follower_is_played_on_the_continuation_payoffs():
    # a stage (A, B), then C, who plays 'l' when B plays x and 'r' when B plays y; A
    # gains 1 from 'l'. Continuation payoffs (A, B): (x, x) 3, 1; (x, y) 0, 0;
    # (y, x) 1, 0; (y, y) 1, 2: two pure equilibria and a mixed one with P(B = x) = 1/3
    # (A: 3 q = 1) and P(A = x) = 2/3 (B: p = 2 (1 - p))
    model = build(
        {
            "A": ("2 * (A == 'x') * (B == 'x') + (A == 'y') * (B == 'y') + (C == 'l')", ["x", "y"]),
            "B": ("(A == 'x') * (B == 'x') + 2 * (A == 'y') * (B == 'y')", ["x", "y"]),
            "C": ("(C == 'l') * (B == 'x') + (C == 'r') * (B == 'y')", ["l", "r"]),
        },
        '[["A", "B"], ["C"]]',
        {},
    )
    solver = BackwardInduction(model, {}, "first", mixed=True)
    P = model.value_vector()[None, :]
    root = solver.solve(0, P, {}, True)
    d = root.detail
    assert d["kind"] == "stage" and len(d["equilibria"]) == 3 and d["selected"] == 0
    assert [b.profile[0].tolist() for b in d["equilibria"][:2]] == [[0, 0, 0], [1, 1, 1]]
    # the kept solve keeps the later stages' details: C's choice after each joint move
    for b in d["equilibria"][:2]:
        assert b.detail["kind"] == "choice" and b.detail["player"] == 2
    mix = d["mixed"][2]
    assert mix["A"]["x"] == pytest.approx(2 / 3) and mix["B"]["x"] == pytest.approx(1 / 3)
    assert d["equilibria"][2].payoffs[0] == pytest.approx([1.0, 2 / 3, 1.0])
    assert d["regrets"] == pytest.approx([0.0, 0.0, 0.0], abs=TIE)
    # every listed equilibrium is subgame perfect: no mover gains, C answers as planned
    for e in range(3):
        assert abs(mixed_path_regret(model, solver, P, root, set(), pick=e)) <= TIE
    assert mixed_path_regret(model, solver, P, root, set()) == pytest.approx(0.0, abs=1e-12)
    r = model.solve(selection="first")
    assert r.path == {"A": "x", "B": "x", "C": "l"} and r.regret == pytest.approx(0.0)
    assert len(r.equilibria) == 3 and all(e["regret"] <= TIE for e in r.equilibria)


def test_each_stage_game_is_searched_once_per_solve(monkeypatch):
    import gametheory.solvers.enumeration as enumeration

    calls = []
    real = enumeration.enumerate_equilibria

    def counting(game, *args, **kwargs):
        calls.append(game.shape)
        return real(game, *args, **kwargs)

    monkeypatch.setattr(enumeration, "enumerate_equilibria", counting)
    model = stag_model("H")
    solver = BackwardInduction(model, {}, "first", mixed=True)
    P = model.value_vector()[None, :]
    hist = {0: 0}
    pure = solver.pure_stage(1, [1, 2], P, hist, True)
    first = solve_mixed_stage(solver, 1, [1, 2], P, hist, True, pure)
    assert solve_mixed_stage(solver, 1, [1, 2], P, hist, True, pure) is first
    again = solve_mixed_stage(solver, 1, [1, 2], P, hist, False, pure)
    assert calls == [(2, 2)]  # the second node reuses the stage game's search
    assert first.detail is not None and again.detail is None
    np.testing.assert_array_equal(first.payoffs, again.payoffs)
    assert first.n_equilibria.tolist() == again.n_equilibria.tolist() == [3]


def test_the_documented_limits_and_the_time_limit_passed_to_the_search(monkeypatch):
    # models/FORMAT.md: at most 4,096 joint moves; for three or more movers an estimated
    # search time within 1 s, a search cut off after 5 s
    assert mixed_stage.MIXED_MAX_JOINT_MOVES == 4096
    assert mixed_stage.MIXED_STAGE_SECONDS == 1.0
    assert mixed_stage.MIXED_STAGE_MAX_TIME == 5.0
    import gametheory.solvers.nplayer_enum as nplayer_enum

    seen = []
    real = nplayer_enum.enumerate_mixed

    def recording(game, **kwargs):
        seen.append(kwargs)
        return real(game, **kwargs)

    monkeypatch.setattr(nplayer_enum, "enumerate_mixed", recording)
    monkeypatch.setattr(mixed_stage, "MIXED_STAGE_MAX_TIME", 7.5)
    solver, branch = stage_detail(jordan_model(), {"L": "go"})
    assert seen == [{"max_time": 7.5}] and branch.ok[0]


def test_each_earlier_move_gets_the_equilibrium_of_its_own_stage_game():
    # B's payoff for (t, h) is 1 after 'stay' and 4 after 'enter': A's mix differs
    u, v = [[1, -1], [-1, 1]], [[-1, 1], [1, -1]]
    model = build(
        {
            "L": ("(L == 'enter') * ((A == 'h') - 0.3)", ["stay", "enter"]),
            "A": (table(u, "A", "B"), ["h", "t"]),
            "B": (
                table(v, "A", "B") + " + 3 * (L == 'enter') * (A == 't') * (B == 'h')",
                ["h", "t"],
            ),
        },
        '[["L"], ["A", "B"]]',
        {},
    )
    r = model.solve()
    for option, tail in (("stay", 1), ("enter", 4)):
        # B indifferent: -p + (1 - p) * tail = p - (1 - p)
        p = (tail + 1) / (tail + 3)
        assert r.plan["options"][option]["mixed"]["A"]["h"] == pytest.approx(p)
        assert r.plan["options"][option]["mixed"]["B"]["h"] == pytest.approx(0.5)
    assert r.plan["options"]["enter"]["payoffs"]["L"] == pytest.approx(5 / 7 - 0.3)


def test_logit_may_pick_an_equilibrium_the_enumeration_does_not_list():
    # A plays x whatever B does; B is indifferent: every mix of B is an equilibrium, the
    # enumeration lists the extreme ones (x, x) and (x, y), logit's limit mixes B 1/2-1/2
    model = build(
        {
            "L": ("(L == 'one') * s + (B == 'x')", ["one", "two"]),
            "A": ("(A == 'x')", ["x", "y"]),
            "B": ("s", ["x", "y"]),
        },
        '[["L"], ["A", "B"]]',
        {"s": 0.25},
    )
    _, branch = stage_detail(model, {"L": "one"}, "logit")
    d = branch.detail
    assert [b.profile[0].tolist() for b in d["equilibria"][:2]] == [[0, 0, 0], [0, 0, 1]]
    assert len(d["equilibria"]) == 3 and d["selected"] == 2
    assert d["mixed"][:2] == [None, None]
    mix = d["mixed"][2]
    assert mix["A"] == pytest.approx({"x": 1.0, "y": 0.0}, abs=1e-6)
    assert mix["B"] == pytest.approx({"x": 0.5, "y": 0.5}, abs=1e-6)
    assert regret(model, ["A", "B"], {"L": "one"}, mix) <= 1e-9
    assert branch.payoffs[0, 0] == pytest.approx(0.25 + 0.5, abs=1e-6)
    assert branch.n_equilibria.tolist() == [3]


def test_risk_dominance_takes_a_stage_games_only_equilibrium_even_if_mixed():
    model = penny_model(*PENNY_CASES[1])
    _, branch = stage_detail(model, {"L": "enter"}, "risk-dominant")
    assert branch.detail["selected"] == 0 and branch.detail["mixed"][0] is not None


def test_branches_of_a_stage_hold_one_sample():
    model = stag_model("H")
    _, branch = stage_detail(model, {"L": "quiet"}, "first")
    for b in (branch, *branch.detail["equilibria"]):
        assert b.profile.shape == (1, 3) and b.profile.dtype.kind == "i"
        assert b.payoffs.shape == (1, 3)
        assert b.ok.dtype == bool and b.ok.tolist() == [True]
        assert b.n_equilibria.dtype.kind == "i"
    mb = branch.detail["equilibria"][2]
    assert mb.n_equilibria.tolist() == [1]
    assert mb.detail["regret"] == branch.detail["regrets"][2]
    assert branch.n_equilibria.tolist() == [3]


def test_the_regret_of_a_mixed_stage_is_its_regret_in_the_stage_game():
    # all payoffs negative: a pure move against an opponent who has not moved would pay 0,
    # more than the mix, but the mixed equilibrium's regret is its regret in the stage game
    u, v = [[-1, -3], [-3, -1]], [[-3, -1], [-1, -3]]
    model = penny_model(u, v)
    solver = BackwardInduction(model, {}, "payoff_dominant", mixed=True)
    P = model.value_vector()[None, :]
    root = solver.solve(0, P, {}, True)
    stage = dict(root.detail["options"])[1].detail
    assert stage["mixed"][0]["A"]["h"] == pytest.approx(0.5)
    for pick in (None, 0):
        value = mixed_path_regret(model, solver, P, root, set(), pick=pick)
        assert 0.0 <= value <= TIE
    r = model.solve()
    assert r.regret <= TIE and r.payoffs["A"] == pytest.approx(-2.0)


def test_every_earlier_movers_deviation_counts():
    # L1 then L2 (whose payoff does not depend on anything), then the stag hunt: after
    # L1 'quiet', the (H, H) equilibrium gives L1 0.5, and 'loud' would give it 1
    # ((S, S) chosen by payoff_dominant there)
    model = build(
        {
            "L1": ("(A == 'S') * (B == 'S') + (L1 == 'quiet') * q", ["quiet", "loud"]),
            "L2": ("q", ["left", "right"]),
            "A": ("4 * (A == 'S') * (B == 'S') + 3 * (A == 'H')", ["S", "H"]),
            "B": ("4 * (B == 'S') * (A == 'S') + 3 * (B == 'H')", ["S", "H"]),
        },
        '[["L1"], ["L2"], ["A", "B"]]',
        {"q": 0.5},
    )
    solver = BackwardInduction(model, {}, "payoff_dominant", mixed=True)
    P = model.value_vector()[None, :]
    root = solver.solve(0, P, {}, True)
    assert root.profile[0].tolist() == [0, 0, 0, 0]  # quiet, left, (S, S)
    # the quiet stage's equilibria: (S, S) 1.5 for L1, (H, H) 0.5, mixed 0.5 + 9/16
    got = [mixed_path_regret(model, solver, P, root, set(), pick=e) for e in range(3)]
    assert got == pytest.approx([0.0, 0.5, 0.0], abs=1e-12)
    assert mixed_path_regret(model, solver, P, root, {"L1"}, pick=1) == pytest.approx(0.0)


def test_a_path_without_a_simultaneous_stage():
    model = build(
        {"L": ("(L == 'a') * 2 + (A == 'x')", ["a", "b"]), "A": ("(A == 'x') * s", ["x", "y"])},
        '[["L"], ["A"]]',
        {"s": 1.0},
    )
    solver = BackwardInduction(model, {}, "first", mixed=True)
    P = model.value_vector()[None, :]
    root = solver.solve(0, P, {}, True)
    assert root.profile[0].tolist() == [0, 0]
    assert mixed_path_regret(model, solver, P, root, set()) == 0.0
    # with A's move pinned to its worse option, L's and A's deviations are not asked
    solver = BackwardInduction(model, {"A": "y"}, "first", mixed=True)
    root = solver.solve(0, P, {}, True)
    assert mixed_path_regret(model, solver, P, root, {"A"}) == 0.0


@pytest.mark.parametrize(("below", "pick"), [(0, 0), (1, 1)], ids=["at-the-tolerance", "beyond"])
def test_risk_averse_tie_tolerance_at_its_boundary(below, pick):
    # (x, x) pays a each, (y, y) 4 each, 0 off the diagonal: each player's spread is 4, so
    # the tie tolerance is 1e-9 * 4; a = 4 - 4e-9 is a tie with (y, y) (the first wins),
    # the next float below a is not
    a = 4.0 - 1e-9 * 4.0
    for _ in range(below):
        a = float(np.nextafter(a, 0.0))
    coordination = "a * (A == 'x') * (B == 'x') + 4 * (A == 'y') * (B == 'y')"
    model = build(
        {
            "L": ("(L == 'one') * (A == 'x')", ["one", "two"]),
            "A": (coordination, ["x", "y"]),
            "B": (coordination, ["x", "y"]),
        },
        '[["L"], ["A", "B"]]',
        {"a": a},
    )
    assert model.value_vector()[0] == a
    _, branch = stage_detail(model, {"L": "one"}, "risk_averse")
    d = branch.detail
    assert len(d["equilibria"]) == 3 and d["mixed"][:2] == [None, None]
    assert d["selected"] == pick


@pytest.mark.parametrize(("gain_a", "gain_c"), [(2e-10, 1e-10), (1e-10, 2e-10)])
def test_path_regret_is_the_largest_gain_of_a_tie_on_the_path(gain_a, gain_c):
    # a stage (A, B), then C. B plays x; A's y pays gain_a more than x, C's r gain_c more
    # than l: both within the tie tolerance (1e-9 times a spread of about 2 and 6), so
    # 'first' keeps x and l, and the regret on the path is the larger of the two gains
    model = build(
        {
            "A": ("(A == 'x') + (A == 'y') * (1 + ga) + 2 * (B == 'y')", ["x", "y"]),
            "B": ("(B == 'x')", ["x", "y"]),
            "C": ("(C == 'l') + (C == 'r') * (1 + gc) - 5 * (C == 'z')", ["l", "r", "z"]),
        },
        '[["A", "B"], ["C"]]',
        {"ga": gain_a, "gc": gain_c},
    )
    P = model.value_vector()[None, :]
    # as model.solve() does: the stage has two pure equilibria, (x, x) and (y, x)
    solver = BackwardInduction(model, {}, "first", mixed=True)
    root = solver.solve(0, P, {}, True)
    assert root.profile[0].tolist() == [0, 0, 0]
    both = mixed_path_regret(model, solver, P, root, set())
    assert both == pytest.approx(max(gain_a, gain_c), rel=1e-3, abs=0)
    only_c = mixed_path_regret(model, solver, P, root, {"A"})
    assert only_c == pytest.approx(gain_c, rel=1e-3, abs=0)
    only_a = mixed_path_regret(model, solver, P, root, {"C"})
    assert only_a == pytest.approx(gain_a, rel=1e-3, abs=0)
    # the stage's second equilibrium (y, x): A gains nothing by x, C still gain_c by r
    assert mixed_path_regret(model, solver, P, root, set(), pick=1) == pytest.approx(0.0)
