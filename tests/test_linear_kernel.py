"""The compiled pairwise-linear stage kernel (numba) against the numpy kernel and brute force.

The compiled kernel (:mod:`gametheory.models.linear_kernel`) must return exactly the
equilibria of the numpy kernel (:func:`gametheory.models.linear_stage.solve_linear_stage`
with ``compiled=False``): on random stages with and without ties, on the flagship's
parameter draws, and on the calibration facts.
"""

from __future__ import annotations

import itertools
import zlib
from pathlib import Path

import numpy as np
import pytest

from gametheory.models import load_model
from gametheory.models.facts import fact_matrix, facts_path, load_facts, subgame_outcomes
from gametheory.models.linear_stage import (
    LinearStageTables,
    _with_tolerances,
    kernel_available,
    solve_linear_stage,
)
from gametheory.models.sequential import BackwardInduction

pytestmark = pytest.mark.skipif(
    not kernel_available(), reason="numba (the compiled kernel) is not installed"
)

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = ROOT / "models" / "pacific_nato.toml"


def _random_tables(rng, n, N, K, R, *, kind):
    """Random stage tables; ``kind`` picks ties, sparsity, scale and restrictions."""
    if kind == "ties":  # small integers: many exact ties and several equilibria

        def draw(*shape):
            return rng.integers(-2, 3, size=shape).astype(float)
    else:

        def draw(*shape):
            return rng.normal(size=shape)

    pair = draw(n, N, K, N, K)
    pair[..., 0] = 0.0
    for i in range(N):
        pair[:, i, :, i, :] = 0.0
    if kind == "sparse":  # only the last strategy interacts, as in the flagship
        pair[:, :, :-1] = 0.0
        pair[..., :-1] = 0.0
    allowed = np.ones((N, K), bool)
    allowed_response = np.ones(R, bool)
    if kind == "restricted":
        allowed[0, 1:] = False  # a pinned member
        if R > 1:
            allowed_response[-1] = False
    scale = 1e-12 if kind == "tiny" else 1.0
    return LinearStageTables(
        base=scale * draw(n, R),
        delta=scale * draw(n, N, K, R),
        own=scale * draw(n, N, K, R),
        pair=scale * pair,
        allowed=allowed,
        allowed_response=allowed_response,
    )


def _brute_force(t, b):
    """Every equilibrium of sample ``b`` by checking every profile (independent code)."""
    t = _with_tolerances(t)
    n, N, K, R = t.delta.shape
    tol_r, tol_m = t.tol_response[b], t.tol_member[b]

    def response(prof):
        T = t.base[b] + sum(t.delta[b, j, prof[j]] for j in range(N))
        T = np.where(t.allowed_response, T, -np.inf)
        return int(np.flatnonzero(T >= T.max() - tol_r)[0])

    def payoff(i, prof, r):
        others = sum(t.pair[b, i, prof[i], j, prof[j]] for j in range(N))
        return t.own[b, i, prof[i], r] + others

    found = []
    options = [np.flatnonzero(t.allowed[i]) for i in range(N)]
    for prof in itertools.product(*options):
        r = response(prof)
        ok = True
        for i in range(N):
            now = payoff(i, prof, r)
            for k in options[i]:
                dev = list(prof)
                dev[i] = k
                if payoff(i, dev, response(dev)) - now > tol_m[i]:
                    ok = False
        if ok:
            found.append((tuple(int(a) for a in prof), r))
    return sorted(found)


def _equilibria(sol, b):
    profiles, responses, _ = sol.all_equilibria[b]
    return sorted(
        (tuple(int(a) for a in p), int(r)) for p, r in zip(profiles, responses, strict=True)
    )


@pytest.mark.parametrize("kind", ["continuous", "ties", "sparse", "restricted", "tiny"])
@pytest.mark.parametrize("selection", ["payoff_dominant", "first", "risk_averse"])
def test_compiled_kernel_equals_numpy_kernel_on_random_stages(kind, selection):
    rng = np.random.default_rng(zlib.crc32(f"{kind}/{selection}".encode()))
    stages = 0
    for N, K, R in [(2, 2, 1), (3, 3, 2), (4, 3, 4), (6, 2, 3), (8, 3, 4)]:
        t = _random_tables(rng, 60, N, K, R, kind=kind)
        fast = solve_linear_stage(t, selection=selection, keep_all=True, compiled=True)
        slow = solve_linear_stage(t, selection=selection, keep_all=True, compiled=False)
        np.testing.assert_array_equal(fast.n_equilibria, slow.n_equilibria)
        np.testing.assert_array_equal(fast.profile, slow.profile)
        np.testing.assert_array_equal(fast.response, slow.response)
        np.testing.assert_allclose(fast.member_payoffs, slow.member_payoffs, rtol=1e-12)
        for b in range(60):
            assert _equilibria(fast, b) == _equilibria(slow, b)
        stages += 60
    assert stages == 300


@pytest.mark.parametrize("kind", ["continuous", "ties", "sparse"])
def test_compiled_kernel_finds_exactly_the_brute_force_equilibria(kind):
    rng = np.random.default_rng(11)
    t = _random_tables(rng, 40, 4, 3, 3, kind=kind)
    sol = solve_linear_stage(t, keep_all=True, compiled=True)
    several = 0
    for b in range(40):
        want = _brute_force(t, b)
        assert _equilibria(sol, b) == want
        several += len(want) > 1
    if kind == "ties":
        assert several > 0  # the draws exercise stages with several equilibria


def test_both_kernels_refuse_a_stage_with_too_many_candidates():
    # every payoff zero: every profile is an equilibrium and nothing can be pruned
    n, N, K, R = 1, 14, 3, 1
    t = LinearStageTables(
        base=np.zeros((n, R)),
        delta=np.zeros((n, N, K, R)),
        own=np.zeros((n, N, K, R)),
        pair=np.zeros((n, N, K, N, K)),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )
    for compiled in (True, False):
        with pytest.raises(ValueError, match="candidate profiles after pruning"):
            solve_linear_stage(t, compiled=compiled)


@pytest.fixture(scope="module")
def flagship():
    return load_model(FLAGSHIP)


def _flagship_draws(model, n, seed):
    b = model.bounds()
    v = model.value_vector()
    rng = np.random.default_rng(seed)
    span = b[:, 1] - b[:, 0]
    uniform = b[:, 0] + span * rng.random((n, len(v)))
    near = np.clip(v + 0.1 * span * (rng.random((n // 2, len(v))) - 0.5), b[:, 0], b[:, 1])
    return np.vstack([uniform, near])


def test_flagship_outcomes_identical_with_both_kernels(flagship):
    P = _flagship_draws(flagship, 200, 0)
    fast = BackwardInduction(flagship, {}, flagship.selection, compiled=True).solve(0, P, {}, False)
    slow = BackwardInduction(flagship, {}, flagship.selection, compiled=False).solve(
        0, P, {}, False
    )
    np.testing.assert_array_equal(fast.profile, slow.profile)
    np.testing.assert_array_equal(fast.n_equilibria, slow.n_equilibria)
    np.testing.assert_array_equal(fast.ok, slow.ok)
    np.testing.assert_allclose(fast.payoffs, slow.payoffs, rtol=1e-12)
    # the draws reach more than one US choice and stages with several equilibria
    assert len(np.unique(fast.profile[:, 0])) > 1 and (fast.n_equilibria > 1).any()


def test_flagship_calibration_facts_identical_with_both_kernels(flagship):
    facts = load_facts(facts_path(FLAGSHIP), flagship)
    first = flagship.stages[0][0]
    P = _flagship_draws(flagship, 200, 1)
    matrices = []
    for compiled in (True, False):
        cache = {
            s: BackwardInduction(flagship, {first: s}, flagship.selection, compiled=compiled)
            for s in flagship.player(first).strategies
        }
        out = subgame_outcomes(flagship, P, evaluators=cache)
        matrices.append((fact_matrix(facts, out), out.path, out.actions))
    (m1, path1, act1), (m2, path2, act2) = matrices
    np.testing.assert_array_equal(m1, m2)
    np.testing.assert_array_equal(path1, path2)
    for s in act1:
        np.testing.assert_array_equal(act1[s], act2[s])
    assert m1.any() and not m1.all()  # facts that hold on some draws and fail on others


def test_flagship_one_point_stage_equilibria_identical_with_both_kernels(flagship):
    P = _flagship_draws(flagship, 10, 2)
    for p in P[:6]:
        sols = [
            BackwardInduction(flagship, {}, flagship.selection, compiled=c).solve(
                2, p[None, :], {0: 4, 1: 1}, True
            )
            for c in (True, False)
        ]
        got, want = (sorted(tuple(e.profile[0]) for e in s.detail["equilibria"]) for s in sols)
        assert got == want
        np.testing.assert_array_equal(sols[0].profile, sols[1].profile)


@pytest.mark.parametrize("kind", ["continuous", "sparse", "tiny"])
def test_compiled_tolerances_equal_the_numpy_ones_up_to_rounding(kind):
    from gametheory.models.linear_kernel import tolerances

    rng = np.random.default_rng(3)
    t = _random_tables(rng, 50, 9, 3, 4, kind=kind)
    want = _with_tolerances(t)
    tol_r, tol_m = tolerances(t.base, t.delta, t.own, t.pair)
    # the same bounds summed in member order (numpy sums long axes pairwise)
    np.testing.assert_allclose(tol_r, want.tol_response, rtol=1e-13, atol=0)
    np.testing.assert_allclose(tol_m, want.tol_member, rtol=1e-13, atol=0)
    assert (tol_r > 0).all() and (tol_m > 0).all()
