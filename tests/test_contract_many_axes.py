"""Payoff contractions past einsum's 52 letters (games of dozens of players): the
axis-by-axis fallback gives what einsum gives, for vectors (summed out) and matrices
(an axis replaced); a 40-player game was "too many axes to contract" (issue 12)."""

from __future__ import annotations

import numpy as np
import pytest

import gametheory._contract as contract_module
from gametheory import NormalFormGame
from gametheory._contract import contract
from gametheory.solvers import solve


@pytest.mark.parametrize("seed", range(40))
def test_the_fallback_agrees_with_einsum(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    lead = int(rng.integers(0, 2))
    axes = int(rng.integers(1, 5))
    shape = tuple(int(x) for x in rng.integers(1, 4, lead + axes))
    tensor = rng.normal(size=shape)
    ops = []
    for k in range(axes):
        n, kind = shape[lead + k], int(rng.integers(0, 3))
        ops.append(
            None
            if kind == 0
            else rng.normal(size=n)
            if kind == 1
            else rng.normal(size=(n, int(rng.integers(1, 4))))
        )
    want = contract(tensor, ops, lead=lead)
    monkeypatch.setattr(contract_module, "_subscripts", lambda *a: None)  # no letters
    got = contract(tensor, ops, lead=lead)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_a_game_of_forty_players_is_solved():
    n = 40
    pay = np.arange(n, dtype=float).reshape((1,) * n + (n,))
    game = NormalFormGame(pay)
    res = solve(game)
    assert res.complete and len(res) == 1
    assert [float(v) for v in res[0].payoffs.values()] == list(range(n))
    two = NormalFormGame(np.zeros((2,) + (1,) * (n - 1) + (n,)))  # one player chooses
    assert len(solve(two, method="enumerate-mixed")) >= 2
