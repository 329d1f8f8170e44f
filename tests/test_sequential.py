"""Sequential models: backward induction against brute force on small hand-made games."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from gametheory.errors import ModelError
from gametheory.models import Model
from gametheory.models.sequential import BackwardInduction, solve_branches

TOL = 1e-9

SMALL = '''format = 1

[model]
id = "small"
title = "Small sequential test game"
form = "sequential"

[roles.state]
payoff = """td * (own == 'compete') * (1 - cc * (CHN == 'compete'))
 + sd * (own == 'cooperate') * (CHN == 'cooperate')
 - k1 * others(state, 'compete') * (own == 'compete')
 + k2 * (USA == 'b') * (own == 'hedge') - k3 * (own == 'cooperate')"""
[roles.state.strategies]
cooperate = "c"
hedge = "h"
compete = "x"

[players.USA]
payoff = "count(state, 'compete') * (USA == 'b') - ucost * (USA == 'b') + (CHN == 'cooperate')"
[players.USA.strategies]
a = "a"
b = "b"

[players.S1]
role = "state"
[players.S2]
role = "state"
[players.S3]
role = "state"
[players.S4]
role = "state"

[players.CHN]
payoff = """sum(state, v * (own == 'compete') * (a1 * (CHN == 'compete') - a2 * (CHN == 'cooperate')))
 + h * (CHN == 'hedge') - cost * (CHN == 'compete') + (USA == 'b') * (CHN == 'compete') * a3"""
[players.CHN.strategies]
cooperate = "c"
hedge = "h"
compete = "x"

[form]
stages = [["USA"], ["state"], ["CHN"]]
'''


def _param(name, value, low=-2.0, high=2.0):
    return (
        f"\n[parameters.{name}]\nvalue = {value}\nlow = {low}\nhigh = {high}\n"
        f'unit = "u"\nmeaning = "m"\njudgement = "test"\n'
    )


def _indexed(name, values):
    text = (
        f'\n[parameters.{name}]\nper = "state"\nunit = "u"\nmeaning = "m"\n'
        f'judgement = "test"\nlow = -2.0\nhigh = 2.0\n'
    )
    for m, v in zip(["S1", "S2", "S3", "S4"], values, strict=True):
        text += f"[parameters.{name}.{m}]\nvalue = {v}\n"
    return text


def small_model(selection="payoff_dominant") -> Model:
    text = SMALL.replace(
        'stages = [["USA"], ["state"], ["CHN"]]',
        f'stages = [["USA"], ["state"], ["CHN"]]\nselection = "{selection}"',
    )
    for name, v in [
        ("cc", 0.8),
        ("k1", 0.1),
        ("k2", 0.3),
        ("k3", 0.05),
        ("ucost", 1.5),
        ("a1", 0.5),
        ("a2", 0.4),
        ("h", 0.2),
        ("cost", 0.6),
        ("a3", 0.3),
    ]:
        text += _param(name, v)
    text += _indexed("td", [0.9, 0.5, 0.3, 0.7])
    text += _indexed("sd", [0.2, 0.6, 0.1, 0.4])
    text += _indexed("v", [1.0, 0.8, 0.5, 0.3])
    return Model.from_toml(text, source="small.toml")


def brute_force(model: Model, P: np.ndarray, selection: str):
    """All stage equilibria per US option, China's response and the SPE, by enumeration."""
    comp = model.compiled
    ids = model.player_ids
    usa, chn = ids.index("USA"), ids.index("CHN")
    members = [ids.index(m) for m in ("S1", "S2", "S3", "S4")]
    plan = {}
    for u in range(2):
        profiles = list(itertools.product(range(3), repeat=4))
        full = np.zeros((len(profiles), 3, len(ids)), dtype=int)
        for t, prof in enumerate(profiles):
            full[t, :, usa] = u
            full[t, :, members] = np.array(prof)[:, None]
            full[t, :, chn] = np.arange(3)
        pay = comp.payoffs(P, full.reshape(-1, len(ids))).reshape(len(profiles), 3, len(ids))
        china = pay[:, :, chn]
        br = np.argmax(china >= china.max(axis=1, keepdims=True) - TOL, axis=1)
        outcome = pay[np.arange(len(profiles)), br]  # (profiles, players)
        index = {p: t for t, p in enumerate(profiles)}
        eqs = []
        for t, prof in enumerate(profiles):
            good = True
            for j, i in enumerate(members):
                for a in range(3):
                    if a == prof[j]:
                        continue
                    dev = index[prof[:j] + (a,) + prof[j + 1 :]]
                    if outcome[dev, i] > outcome[t, i] + TOL:
                        good = False
            if good:
                eqs.append(t)
        if eqs:
            movers = outcome[eqs][:, members]
            if selection == "first":
                k = 0
            else:
                score = movers.sum(axis=1) if selection == "payoff_dominant" else movers.min(axis=1)
                k = int(np.argmax(score >= score.max() - TOL))
            chosen = eqs[k]
            plan[u] = (
                sorted(profiles[t] for t in eqs),
                profiles[chosen],
                int(br[chosen]),
                outcome[chosen],
            )
        else:
            plan[u] = ([], None, None, None)
    values = [plan[u][3][usa] if plan[u][1] is not None else -np.inf for u in range(2)]
    best = int(np.argmax(np.array(values) >= max(values) - TOL))
    return plan, best


@pytest.mark.parametrize("selection", ["payoff_dominant", "first", "risk_averse"])
def test_kernel_generic_and_brute_force_agree(selection):
    model = small_model(selection)
    rng = np.random.default_rng(7)
    B = model.bounds()
    samples = B[:, 0] + (B[:, 1] - B[:, 0]) * rng.random((25, len(B)))
    samples = np.vstack([model.value_vector(), samples])
    fast = solve_branches(model, samples, selection=selection)
    slow = BackwardInduction(model, {}, selection, use_kernel=False).solve(0, samples, {}, False)
    generic = BackwardInduction(model, {}, selection, use_kernel=False, use_brute=False).solve(
        0, samples[:6], {}, False
    )
    np.testing.assert_array_equal(generic.profile, fast.profile[:6])
    np.testing.assert_array_equal(generic.n_equilibria, fast.n_equilibria[:6])
    assert BackwardInduction(model, {}, selection).kernels[1] is not None  # the fast path is used
    for b, P in enumerate(samples):
        plan, best = brute_force(model, P[None, :], selection)
        if plan[best][1] is None:
            assert not fast.ok[b] and not slow.ok[b]
            continue
        expected = [best, *plan[best][1], plan[best][2]]
        assert fast.ok[b] and slow.ok[b]
        assert list(fast.profile[b]) == expected
        assert list(slow.profile[b]) == expected
        assert fast.n_equilibria[b] == len(plan[best][0]) == slow.n_equilibria[b]
        # every stage's equilibrium set, for every US option, in the detailed solve
        m2 = model.with_params(dict(zip(model.parameter_names, P, strict=True)), extend_range=True)
        result = m2.solve(selection=selection)
        for u, label in enumerate(("a", "b")):
            entry = result.plan["options"][label]
            got = sorted(
                tuple(m2.player(m).strategies.index(e[m]) for m in ("S1", "S2", "S3", "S4"))
                for e in entry.get("stage_equilibria", [])
            )
            assert got == plan[u][0]
        assert result.regret <= 1e-9
        for e in result.equilibria[1:]:
            assert e["selected"] is False
    # the cases must exercise several equilibria and unresolved stages, not only easy ones
    assert (fast.n_equilibria > 1).any()


def test_regret_is_zero_on_path_and_positive_off_path():
    model = small_model()
    result = model.solve()
    assert result.ok and result.regret == pytest.approx(0.0, abs=1e-12)
    solver = BackwardInduction(model, {}, "payoff_dominant")
    from gametheory.models.seqresult import path_regret

    ids = model.player_ids
    prof = np.array([model.player(p).strategies.index(result.path[p]) for p in ids])
    # make one state play something else: unless indifferent, the regret becomes positive
    for j in range(1, 5):
        other = prof.copy()
        other[j] = (prof[j] + 1) % 3
        r, gains = path_regret(model, solver, model.value_vector()[None, :], other, set())
        assert r >= 0
    bad = prof.copy()
    bad[ids.index("CHN")] = (prof[ids.index("CHN")] + 1) % 3
    r, gains = path_regret(model, solver, model.value_vector()[None, :], bad, set())
    assert gains["CHN"] > 0


def test_fix_solves_the_subgame():
    model = small_model()
    full = model.solve()
    for label in ("a", "b"):
        sub = model.solve(fix={"USA": label})
        assert sub.path["USA"] == label
        entry = full.plan["options"][label]
        assert {k: v for k, v in sub.path.items() if k != "USA"} == entry["path"]
        assert list(sub.plan["options"]) == [label]


def test_fix_a_state_restricts_it():
    model = small_model()
    sub = model.solve(fix={"S1": "cooperate"})
    assert sub.path["S1"] == "cooperate"
    with pytest.raises(ModelError, match="no strategy 'nope'"):
        model.solve(fix={"S1": "nope"})


def test_no_pure_equilibrium_is_reported_not_invented():
    # matching pennies between two members, China irrelevant
    text = """format = 1
[model]
id = "pennies"
title = "No pure equilibrium"
form = "sequential"
[players.L]
payoff = "0"
[players.L.strategies]
go = "go"
[players.A]
payoff = "where(A == 'h', 1, -1) * where(B == 'h', 1, -1)"
[players.A.strategies]
h = "h"
t = "t"
[players.B]
payoff = "-where(A == 'h', 1, -1) * where(B == 'h', 1, -1)"
[players.B.strategies]
h = "h"
t = "t"
[form]
stages = [["L"], ["A", "B"]]
"""
    model = Model.from_toml(text, source="pennies.toml")
    generic = BackwardInduction(model, {}, "first", use_brute=False).solve(
        0, model.value_vector()[None], {}, True
    )
    assert not generic.ok[0] and generic.n_equilibria[0] == 0
    # solved at one point, the stage is solved by its mixed equilibrium (issue 10)
    result = model.solve()
    assert result.ok and result.path == {"L": "go"}
    assert result.mixed == {
        "A": pytest.approx({"h": 0.5, "t": 0.5}),
        "B": pytest.approx({"h": 0.5, "t": 0.5}),
    }
    assert result.regret <= 1e-12
    # the vectorised evaluator (many parameter points) reports pure equilibria only
    out = model.evaluator()(model.value_vector())
    assert not out.ok[0] and out.labels()[0] == "no pure equilibrium"
    assert out.n_equilibria[0] == 0


def test_simultaneous_stage_of_distinct_players_uses_generic_path():
    text = """format = 1
[model]
id = "duo"
title = "Leader then a 2x2 coordination stage"
form = "sequential"
[players.L]
payoff = "(A == 'x') * (B == 'x') * w + (L == 'safe') * s"
[players.L.strategies]
safe = "safe"
bold = "bold"
[players.A]
payoff = "(A == B_x_match) if 0 else where((A == 'x') and (B == 'x'), 2, 0) + where((A == 'y') and (B == 'y'), 1, 0) + (L == 'bold') * (A == 'x')"
[players.A.strategies]
x = "x"
y = "y"
[players.B]
payoff = "where((A == 'x') and (B == 'x'), 1, 0) + where((A == 'y') and (B == 'y'), 2, 0)"
[players.B.strategies]
x = "x"
y = "y"
[parameters.w]
value = 1.0
low = 0
high = 2
unit = "u"
meaning = "m"
judgement = "j"
[parameters.s]
value = 0.5
low = 0
high = 2
unit = "u"
meaning = "m"
judgement = "j"
[form]
stages = [["L"], ["A", "B"]]
"""
    with pytest.raises(ModelError, match="player 'A' must be compared with a strategy"):
        Model.from_toml(text, source="duo.toml")
    text = text.replace("(A == B_x_match) if 0 else ", "")
    model = Model.from_toml(text, source="duo.toml")
    r = model.solve()
    # after 'bold', (x, x) gives A 3 and B 1, (y, y) gives A 1 and B 2: both are
    # equilibria and payoff-dominant picks (x, x) (total 4 > 3), L gets w = 1; after
    # 'safe' (x, x) and (y, y) tie on total 3, the first, (x, x), is taken: L gets
    # w + s = 1.5 and plays safe
    assert r.path == {"L": "safe", "A": "x", "B": "x"}
    assert len(r.plan["options"]["bold"]["stage_equilibria"]) == 2
    assert r.plan["options"]["bold"]["payoffs"]["L"] == pytest.approx(1.0)
    assert r.regret == pytest.approx(0.0)
    # risk_averse: both stage equilibria have minimum payoff 1 after either move, so
    # the first, (x, x), is taken again
    r2 = model.with_params(w=2.0, s=0.2).solve(selection="risk_averse")
    assert r2.path == {"L": "safe", "A": "x", "B": "x"}
    # with s = 0 the leader is indifferent; the tie goes to its first strategy
    assert model.with_params(s=0.0).solve().path["L"] == "safe"
    with pytest.raises(ModelError, match="unknown selection rule"):
        model.solve(selection="best")


def test_result_dict_frame_and_repr():
    model = small_model()
    r = model.solve()
    d = r.to_dict()
    assert d["method"] == "backward-induction"
    assert d["equilibria"][0]["selected"] is True
    first = d["equilibria"][0]["profile"]
    assert set(first) == set(model.player_ids)
    assert all(list(v.values()) == [1.0] for v in first.values())
    assert set(d["plan"]["options"]) == {"a", "b"}
    frame = r.to_frame()
    assert len(frame) == 2 and frame["chosen"].sum() == 1
    assert "SequentialResult" in repr(r) and "<p>" in r._repr_html_()
    assert "SequentialGame" in repr(model.game())


def test_role_stage_without_follower_matches_generic():
    text = SMALL.replace('[["USA"], ["state"], ["CHN"]]', '[["USA", "CHN"], ["state"]]')
    for name, v in [
        ("cc", 0.8),
        ("k1", 0.1),
        ("k2", 0.3),
        ("k3", 0.05),
        ("ucost", 1.5),
        ("a1", 0.5),
        ("a2", 0.4),
        ("h", 0.2),
        ("cost", 0.6),
        ("a3", 0.3),
    ]:
        text += _param(name, v)
    text += _indexed("td", [0.9, 0.5, 0.3, 0.7])
    text += _indexed("sd", [0.2, 0.6, 0.1, 0.4])
    text += _indexed("v", [1.0, 0.8, 0.5, 0.3])
    model = Model.from_toml(text, source="small.toml")
    fast_solver = BackwardInduction(model, {}, "payoff_dominant")
    assert fast_solver.kernels[1] is not None and fast_solver.kernels[1].follower is None
    rng = np.random.default_rng(11)
    B = model.bounds()
    samples = B[:, 0] + (B[:, 1] - B[:, 0]) * rng.random((15, len(B)))
    fast = fast_solver.solve(0, samples, {}, False)
    slow = BackwardInduction(model, {}, "payoff_dominant", use_kernel=False).solve(
        0, samples, {}, False
    )
    generic = BackwardInduction(
        model, {}, "payoff_dominant", use_kernel=False, use_brute=False
    ).solve(0, samples, {}, False)
    np.testing.assert_array_equal(generic.profile, slow.profile)
    np.testing.assert_array_equal(fast.ok, slow.ok)
    np.testing.assert_array_equal(fast.profile, slow.profile)
    np.testing.assert_array_equal(fast.n_equilibria, slow.n_equilibria)


def test_follower_with_a_critical_mass_threshold_uses_kernel_and_agrees():
    text = SMALL.replace(
        "+ (USA == 'b') * (CHN == 'compete') * a3\"\"\"",
        "+ (USA == 'b') * (CHN == 'compete') * a3\n"
        " + where(count(state, 'compete') >= 2, a3, -a3) * (CHN == 'hedge')\"\"\"",
    )
    assert text != SMALL
    for name, v in [
        ("cc", 0.8),
        ("k1", 0.1),
        ("k2", 0.3),
        ("k3", 0.05),
        ("ucost", 1.5),
        ("a1", 0.5),
        ("a2", 0.4),
        ("h", 0.2),
        ("cost", 0.6),
        ("a3", 0.3),
    ]:
        text += _param(name, v)
    text += _indexed("td", [0.9, 0.5, 0.3, 0.7])
    text += _indexed("sd", [0.2, 0.6, 0.1, 0.4])
    text += _indexed("v", [1.0, 0.8, 0.5, 0.3])
    model = Model.from_toml(text, source="small.toml")
    fast_solver = BackwardInduction(model, {}, "payoff_dominant")
    assert fast_solver.kernels[1] is not None and fast_solver.kernels[1].follower_fn is not None
    rng = np.random.default_rng(13)
    B = model.bounds()
    samples = np.vstack(
        [model.value_vector(), B[:, 0] + (B[:, 1] - B[:, 0]) * rng.random((30, len(B)))]
    )
    fast = fast_solver.solve(0, samples, {}, False)
    slow = BackwardInduction(model, {}, "payoff_dominant", use_kernel=False).solve(
        0, samples, {}, False
    )
    np.testing.assert_array_equal(fast.ok, slow.ok)
    np.testing.assert_array_equal(fast.profile, slow.profile)
    np.testing.assert_array_equal(fast.n_equilibria, slow.n_equilibria)
    np.testing.assert_allclose(fast.payoffs, slow.payoffs)
    for b in range(len(samples)):
        plan, best = brute_force(model, samples[b : b + 1], "payoff_dominant")
        if plan[best][1] is not None:
            assert list(fast.profile[b]) == [best, *plan[best][1], plan[best][2]]
