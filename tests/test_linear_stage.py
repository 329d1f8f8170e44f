"""The pairwise-linear stage kernel against brute-force enumeration."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gametheory.models import load_model
from gametheory.models.sequential import BackwardInduction

TOY = Path(__file__).parent / "data" / "pairwise_toy.toml"


@pytest.fixture(scope="module")
def toy():
    return load_model(TOY)


def test_toy_uses_the_pairwise_kernel(toy):
    solver = BackwardInduction(toy, {}, "payoff_dominant")
    assert solver.kernels[1] is not None and solver.kernels[1].linear is not None


@pytest.mark.parametrize("selection", ["payoff_dominant", "first", "risk_averse"])
@pytest.mark.parametrize("us", [0, 1])
def test_pairwise_kernel_matches_enumeration(toy, us, selection):
    rng = np.random.default_rng(us)
    b = toy.bounds()
    P = b[:, 0] + rng.random((500, len(b))) * (b[:, 1] - b[:, 0])
    fast = BackwardInduction(toy, {}, selection).solve(1, P, {0: us}, False)
    slow = BackwardInduction(toy, {}, selection, use_kernel=False).solve(1, P, {0: us}, False)
    np.testing.assert_array_equal(fast.n_equilibria, slow.n_equilibria)
    np.testing.assert_array_equal(fast.profile, slow.profile)
    # the draws cover several equilibria and none at all, not only the easy case
    assert (fast.n_equilibria > 1).any() and (fast.n_equilibria == 0).any()


def test_pairwise_kernel_all_equilibria_match(toy):
    rng = np.random.default_rng(7)
    b = toy.bounds()
    for _ in range(20):
        P = b[:, 0] + rng.random((1, len(b))) * (b[:, 1] - b[:, 0])
        fast = BackwardInduction(toy, {}, "first").solve(1, P, {0: 0}, True)
        slow = BackwardInduction(toy, {}, "first", use_kernel=False).solve(1, P, {0: 0}, True)
        got = sorted(tuple(e.profile[0]) for e in fast.detail["equilibria"])
        want = sorted(tuple(e.profile[0]) for e in slow.detail["equilibria"])
        assert got == want
