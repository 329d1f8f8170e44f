"""Every dynamics function takes ``seed=`` (the CLI's ``--seed``) as its ``rng=``."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory import dynamics as dyn
from gametheory.errors import InvalidGameError

RPS = NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])


@pytest.mark.parametrize(
    "func",
    [
        dyn.replicator,
        dyn.discrete_replicator,
        dyn.best_response_dynamics,
        dyn.fictitious_play,
        dyn.stochastic_fictitious_play,
    ],
)
def test_seed_is_rng(func):
    by_seed = func(RPS, start="random", seed=3).to_numpy(dtype=float)
    by_rng = func(RPS, start="random", rng=3).to_numpy(dtype=float)
    other = func(RPS, start="random", seed=4).to_numpy(dtype=float)
    assert np.allclose(by_seed, by_rng)
    assert by_seed.shape != other.shape or not np.allclose(by_seed, other)  # the seed is used


def test_seed_and_rng_together_is_an_error():
    with pytest.raises(InvalidGameError, match="pass rng= or seed= .*not both"):
        dyn.replicator(RPS, rng=1, seed=1)


def test_negative_seed_is_an_error():
    with pytest.raises(InvalidGameError, match="seed must be a nonnegative integer"):
        dyn.fictitious_play(RPS, seed=-1)
