"""The flagship's fast paths give what the general ones give.

* the follower's payoff split into coefficients of the members' moves
  (:class:`gametheory.models.pairwise.LinearFollower`) against the formula evaluated
  at the base profile and every unit deviation;
* payoffs at one parameter point in plain floats (:mod:`gametheory.models.scalar`)
  against the numpy-compiled formulas;
* a one-point solve that remembers its subgames against one that does not.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gametheory.models import load_model
from gametheory.models.scalar import PointPayoffs
from gametheory.models.sequential import _Solver

ROOT = Path(__file__).resolve().parents[1]
TOY = Path(__file__).parent / "data" / "pairwise_toy.toml"


@pytest.fixture(scope="module")
def flagship():
    return load_model(ROOT / "models" / "pacific_nato.toml")


def _draws(model, n, seed):
    b = model.bounds()
    rng = np.random.default_rng(seed)
    return b[:, 0] + rng.random((n, len(b))) * (b[:, 1] - b[:, 0])


def test_linear_follower_is_used_and_matches_the_formula(flagship):
    P = _draws(flagship, 300, 3)
    fast_solver = _Solver(flagship, {}, "payoff_dominant")
    ker = next(k for k in fast_solver.kernels if k is not None)
    assert ker.linear_follower is not None
    fast = fast_solver.solve(0, P, {}, False)
    slow_model = load_model(ROOT / "models" / "pacific_nato.toml")
    slow_solver = _Solver(slow_model, {}, "payoff_dominant")
    for k in slow_solver.kernels:
        if k is not None:
            k.linear_follower = None
    slow = slow_solver.solve(0, P, {}, False)
    np.testing.assert_array_equal(fast.profile, slow.profile)
    np.testing.assert_array_equal(fast.n_equilibria, slow.n_equilibria)
    np.testing.assert_allclose(fast.payoffs, slow.payoffs, rtol=1e-12, atol=1e-12)
    # the draws are not all the easy case
    assert (fast.n_equilibria > 1).any() and len({tuple(r) for r in fast.profile}) > 3


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_point_payoffs_match_numpy(flagship, seed):
    rng = np.random.default_rng(seed)
    v = _draws(flagship, 1, seed)[0]
    sizes = [len(p.strategies) for p in flagship.players]
    prof = np.stack([rng.integers(0, s, size=20) for s in sizes], axis=1)
    point = PointPayoffs(flagship.compiled, flagship.parameter_names).payoffs(v, prof, None)
    ref = flagship.compiled.payoffs(v[None, :], prof)[0]
    assert point is not None
    np.testing.assert_allclose(point, ref, rtol=1e-12, atol=1e-12)
    only = PointPayoffs(flagship.compiled, flagship.parameter_names).payoffs(v, prof, [0])
    assert np.isnan(only[:, 1:]).all() and np.allclose(only[:, 0], ref[:, 0])


def test_point_payoffs_refuse_a_division_by_zero():
    """Anything unusual returns None, so the numpy path raises its named error."""
    import sympy

    class _Comp:
        players = load_model(TOY).players
        expressions = {p.id: sympy.Symbol("a") / sympy.Symbol("b") for p in players}

    point = PointPayoffs(_Comp, ["a", "b"])
    prof = np.zeros((1, len(_Comp.players)), dtype=int)
    assert point.payoffs(np.array([1.0, 0.0]), prof, None) is None
    assert point.payoffs(np.array([1.0, 2.0]), prof, None)[0, 0] == 0.5


def test_remembered_subgames_give_the_same_solution(flagship):
    """A one-point solve reuses subgames it solved (for the regret check); the result
    is the same as solving each subgame afresh."""
    P = flagship.value_vector()[None, :]
    solver = _Solver(flagship, {}, "payoff_dominant")
    first = solver.solve(0, P, {}, False)
    assert solver.memo
    again = solver.solve(0, P, {}, False)
    assert again is first
    fresh = _Solver(flagship, {}, "payoff_dominant")._solve(0, P, {}, False)
    np.testing.assert_array_equal(first.profile, fresh.profile)
    np.testing.assert_allclose(first.payoffs, fresh.payoffs)
    result = flagship.solve()
    assert result.regret <= 1e-9 * max(1.0, max(abs(x) for x in result.payoffs.values()))


def test_follower_tables_for_one_sample_match_the_batched_ones(flagship):
    solver = _Solver(flagship, {}, "payoff_dominant")
    k = next(i for i, ker in enumerate(solver.kernels) if ker is not None)
    ker = solver.kernels[k]
    P = _draws(flagship, 2, 11)
    R = len(flagship.players[ker.follower].strategies)
    history = {0: 3, 1: 1}
    base2, delta2 = ker.linear_follower.tables(P, history, flagship, ker.follower, R)
    base1, delta1 = ker.linear_follower.tables(P[:1], history, flagship, ker.follower, R)
    np.testing.assert_allclose(base1[0], base2[0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(delta1[0], delta2[0], rtol=1e-12, atol=1e-12)
    assert np.abs(delta2).max() > 0
