"""Sequential models judge ties relative to each player's payoff scale: a model whose
payoffs are all times 1e-12 or 1e12 has the same backward-induction path, the same
stage equilibria and the same batch outcomes as the unscaled model (the normal-form
version is tests/test_scale_invariance.py). Sequential models have no exact mode.

Scaling is done on the model text: every ``payoff`` formula ``f`` becomes
``(f) * SCALE``, so the same parameters give payoffs times SCALE.
"""

import re
from pathlib import Path

import numpy as np
import pytest

from gametheory.models import Model, load_model
from gametheory.models.linear_stage import LinearStageTables, solve_linear_stage
from gametheory.models.stage import StageTables, solve_stage

MODELS = Path(__file__).resolve().parents[1] / "models"
SEQUENTIAL = ["regional_state.toml", "seato_1954.toml", "pacific_nato.toml"]
SCALES = [1e-12, 1e12]


def scaled_model(name: str, factor: float) -> Model:
    text = (MODELS / name).read_text(encoding="utf-8")
    multi = re.compile(r'(payoff\s*=\s*)"""(.*?)"""', re.S)
    single = re.compile(r'(payoff\s*=\s*)"(?!")([^"\n]*)"')
    assert multi.search(text) or single.search(text), name
    text = multi.sub(lambda m: f'{m[1]}"""({m[2]}) * {factor!r}"""', text)
    text = single.sub(lambda m: f'{m[1]}"({m[2]}) * {factor!r}"', text)
    return Model.from_toml(text, source=f"{name} x {factor!r}")


def outcome(model: Model) -> tuple:
    r = model.solve()
    stage_eqs = [tuple(sorted(e["profile"].items())) for e in r.equilibria]
    return r.path, stage_eqs


@pytest.mark.parametrize("factor", SCALES)
@pytest.mark.parametrize("name", SEQUENTIAL)
def test_sequential_path_and_equilibria_do_not_depend_on_the_scale(name, factor):
    base = load_model(MODELS / name)
    model = scaled_model(name, factor)
    assert outcome(model) == outcome(base)
    r = model.solve()
    for e in r.equilibria:  # payoffs really are scaled (the text edit took effect)
        ref = next(b for b in base.solve().equilibria if b["profile"] == e["profile"])
        for p, v in e["payoffs"].items():
            assert v == pytest.approx(ref["payoffs"][p] * factor, rel=1e-9, abs=0)


@pytest.mark.parametrize("factor", SCALES)
@pytest.mark.parametrize("name", SEQUENTIAL)
def test_batch_outcomes_do_not_depend_on_the_scale(name, factor):
    base = load_model(MODELS / name)
    model = scaled_model(name, factor)
    rng = np.random.default_rng(0)
    lo, hi = base.bounds().T
    P = lo + (hi - lo) * rng.random((64, len(lo)))
    ours, theirs = base.evaluator()(P), model.evaluator()(P)
    np.testing.assert_array_equal(ours.actions, theirs.actions)
    np.testing.assert_array_equal(ours.n_equilibria, theirs.n_equilibria)
    np.testing.assert_array_equal(ours.ok, theirs.ok)


def test_a_tiny_but_real_difference_is_not_a_tie():
    # payoffs of 1e-12: with the old absolute 1e-9 tolerance every response tied and
    # the first was taken; relative to the payoff scale the follower's best is unique
    base = load_model(MODELS / "regional_state.toml")
    model = scaled_model("regional_state.toml", 1e-12)
    assert model.solve().path == base.solve().path == {"STATE": "hedge", "CHN": "hedge"}


def _count_tables(rng, n, N, K, R, factor):
    delta = rng.integers(-3, 4, (n, N, K, R)).astype(float)
    delta[:, :, 0, :] = 0
    member = rng.integers(-3, 4, (n, N, K, R, 1)).astype(float)
    return StageTables(
        base=rng.integers(-3, 4, (n, R)).astype(float) * factor,
        delta=delta * factor,
        member=member * factor,
        counts=np.zeros((1, K), int),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )


def _linear_tables(rng, n, N, K, R, factor):
    delta = rng.integers(-3, 4, (n, N, K, R)).astype(float)
    delta[:, :, 0, :] = 0
    pair = rng.integers(-2, 3, (n, N, K, N, K)).astype(float)
    pair[..., 0] = 0
    for i in range(N):
        pair[:, i, :, i, :] = 0
    return LinearStageTables(
        base=rng.integers(-3, 4, (n, R)).astype(float) * factor,
        delta=delta * factor,
        own=rng.integers(-3, 4, (n, N, K, R)).astype(float) * factor,
        pair=pair * factor,
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )


def _all(sol):
    return [(p.tolist(), r.tolist()) for p, r, _ in sol.all_equilibria]


@pytest.mark.parametrize("factor", SCALES)
@pytest.mark.parametrize(
    "make, solver", [(_count_tables, solve_stage), (_linear_tables, solve_linear_stage)]
)
def test_stage_kernels_do_not_depend_on_the_scale(make, solver, factor):
    # integer payoffs have many exact ties: each must stay a tie at every scale
    for seed in range(4):
        ref = solver(make(np.random.default_rng(seed), 40, 4, 3, 3, 1.0), keep_all=True)
        got = solver(make(np.random.default_rng(seed), 40, 4, 3, 3, factor), keep_all=True)
        assert _all(got) == _all(ref)
        np.testing.assert_array_equal(got.profile, ref.profile)
        np.testing.assert_array_equal(got.response, ref.response)
        assert ref.n_equilibria.sum() > 0


def _threat_summary(analysis) -> tuple:
    """Everything a threat analysis concludes, with payoffs divided by ``factor``."""
    return (
        analysis.method,
        analysis.n_nash,
        analysis.complete,
        [tuple(sorted(p.items())) for p in analysis.subgame_perfect],
        [
            (
                tuple(sorted(e.path.items())),
                [
                    (t.deviator, t.deviation, tuple(sorted(t.punishment.items())))
                    + tuple((r.player, r.action, r.better_action) for r in t.reluctant)
                    for t in e.threats
                ],
            )
            for e in analysis
        ],
        [(tuple(sorted(c["path"].items())), c["status"]) for c in analysis.candidates],
    )


@pytest.mark.parametrize("factor", SCALES)
@pytest.mark.parametrize("name", ["regional_state.toml", "seato_1954.toml"])
def test_threat_analysis_does_not_depend_on_the_scale(name, factor):
    # issue 12: the threat analysis judged ties with an absolute 1e-9, so at payoffs
    # times 1e-12 every deviation looked deterred and every move a best response
    from gametheory.models.threats import non_credible_threats

    base = non_credible_threats(load_model(MODELS / name))
    got = non_credible_threats(scaled_model(name, factor))
    assert _threat_summary(got) == _threat_summary(base)
    assert len(base.subgame_perfect) > 0
    for e1, e2 in zip(base, got, strict=True):
        for t1, t2 in zip(e1.threats, e2.threats, strict=True):
            assert t2.deviator_payoff == pytest.approx(t1.deviator_payoff * factor, rel=1e-9)


_TIES = """format = 1
[model]
id = "ties"
title = "A leader, a follower, ties and near-ties at one scale"
form = "sequential"
[players.A]
payoff = "SCALE * ((A == 'x') * (B == 'u') + (1 + 1e-6) * (A == 'y') * (B == 'v'))"
[players.A.strategies]
x = "x"
y = "y"
[players.B]
payoff = "SCALE * (2 * (A == 'x') + 1e-6 * (A == 'y') * (B == 'v'))"
[players.B.strategies]
u = "u"
v = "v"
[form]
stages = [["A"], ["B"]]
"""


@pytest.mark.parametrize("factor", [1e-15, 1e-12, 1e12, 1e15])
def test_threat_ties_and_near_ties_at_any_scale(factor):
    # B's 1e-6 preference after 'y' is a real difference (not a tie) at every scale,
    # and B's exact tie after 'x' stays a tie: the outcomes and threats are the same
    from gametheory.models.threats import non_credible_threats

    def analysis(scale):
        model = Model.from_toml(_TIES.replace("SCALE", repr(scale)), source=f"ties x {scale}")
        return non_credible_threats(model)

    base, got = analysis(1.0), analysis(factor)
    assert _threat_summary(got) == _threat_summary(base)
    # B is indifferent after 'x' (so 'v' there is a credible threat) and prefers 'v'
    # by 1e-6 after 'y'; A prefers 'y' by 1e-6: one subgame-perfect outcome
    assert [tuple(sorted(p.items())) for p in base.subgame_perfect] == [(("A", "y"), ("B", "v"))]
