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
