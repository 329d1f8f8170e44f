"""The batched evaluator agrees with model.solve() sample by sample."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_sequential import small_model

from gametheory.errors import ModelError
from gametheory.models import load_model

MODELS = Path(__file__).resolve().parents[1] / "models"


def random_samples(model, n, seed):
    rng = np.random.default_rng(seed)
    B = model.bounds()
    return B[:, 0] + (B[:, 1] - B[:, 0]) * rng.random((n, len(B)))


def check_against_solve(model, P):
    out = model.evaluator()(P)
    assert out.actions.shape == (len(P), len(model.players))
    labels = out.labels()
    for b, row in enumerate(P):
        m = model.with_params(dict(zip(model.parameter_names, row, strict=True)))
        result = m.solve()
        if not result.ok:
            assert not out.ok[b]
            continue
        assert out.ok[b]
        assert {p: out.action_labels(p)[b] for p in model.player_ids} == result.path
        np.testing.assert_allclose(out.payoffs[b], [result.payoffs[p] for p in model.player_ids])
        assert labels[b] == " / ".join(f"{p} {s}" for p, s in result.path.items())
        assert out.n_equilibria[b] == result.n_equilibria
    return out


def test_small_sequential_model():
    model = small_model()
    check_against_solve(model, random_samples(model, 30, 1))


def test_regional_state():
    model = load_model(MODELS / "regional_state.toml")
    out = check_against_solve(model, random_samples(model, 30, 2))
    assert set(out.action_labels("STATE")) <= {"cooperate", "hedge", "compete"}


@pytest.mark.skipif(not (MODELS / "pacific_nato.toml").exists(), reason="flagship not present")
def test_flagship_random_samples():
    model = load_model(MODELS / "pacific_nato.toml")
    P = np.vstack([model.value_vector(), random_samples(model, 12, 3)])
    check_against_solve(model, P)


def test_simultaneous_model_pure_equilibria():
    model = load_model(MODELS / "us_china.toml")
    P = np.vstack([model.value_vector(), random_samples(model, 40, 4)])
    out = model.evaluator()(P)
    for b, row in enumerate(P):
        g = model.with_params(dict(zip(model.parameter_names, row, strict=True))).game()
        A, B = g.payoffs[..., 0], g.payoffs[..., 1]
        pure = [(i, j) for i in range(3) for j in range(3)
                if A[i, j] >= A[:, j].max() - 1e-9 and B[i, j] >= B[i, :].max() - 1e-9]
        assert out.n_equilibria[b] == len(pure)
        if pure:
            assert tuple(out.actions[b]) in pure
    assert out.labels()[0] == "USA hedge / CHN hedge"


def test_mapping_input_and_errors():
    model = load_model(MODELS / "regional_state.toml")
    ev = model.evaluator()
    out = ev({"sec_dep": np.array([0.3, 1.0]), "us_deterrence": [1.0, 1.0],
              "trade_dep": [1.0, 0.3]})
    assert list(out.action_labels("STATE")) == ["hedge", "compete"]
    frame = out.to_frame()
    assert list(frame["STATE"]) == ["hedge", "compete"] and frame["ok"].all()
    with pytest.raises(ModelError, match="unknown parameter 'sec_depp'"):
        ev({"sec_depp": [1.0]})
    with pytest.raises(ModelError, match="must have shape"):
        ev(np.zeros((2, 3)))
    with pytest.raises(ModelError, match="NaN"):
        ev(np.full((1, len(model.parameter_names)), np.nan))


def test_evaluator_fix():
    model = load_model(MODELS / "regional_state.toml")
    out = model.evaluator(fix={"STATE": "compete"})(model.value_vector())
    assert out.action_labels("STATE")[0] == "compete"
    assert out.action_labels("CHN")[0] == "compete"


@pytest.mark.skipif(not (MODELS / "pacific_nato.toml").exists(), reason="flagship not present")
def test_flagship_kernel_equals_full_enumeration_of_the_states_stage():
    """All 3**12 state profiles enumerated (no pruning) give the same stage equilibria."""
    from gametheory.models.sequential import _Solver

    model = load_model(MODELS / "pacific_nato.toml")
    P = np.vstack([model.value_vector(), random_samples(model, 1, 5)])
    for option, row in (("pacific_nato", 0), ("quad_plus", 1)):
        fix = {"USA": option}
        full = _Solver(model, fix, "payoff_dominant", use_kernel=False).solve(
            0, P[row:row + 1], {}, False)
        fast = _Solver(model, fix, "payoff_dominant").solve(0, P[row:row + 1], {}, False)
        np.testing.assert_array_equal(full.profile, fast.profile)
        np.testing.assert_array_equal(full.n_equilibria, fast.n_equilibria)


@pytest.mark.parametrize("name", ["us_china", "regional_state"])
def test_empty_batch(name):
    model = load_model(MODELS / f"{name}.toml")
    out = model.evaluator()(np.zeros((0, len(model.parameter_names))))
    assert len(out) == 0 and out.actions.shape == (0, len(model.players))
    assert len(out.labels()) == 0
