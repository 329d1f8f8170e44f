"""pure_equilibria: vectorised search over every pure profile, any number of players."""

import itertools

import numpy as np
import pytest

from gametheory import InvalidGameError, NormalFormGame, make_equilibrium
from gametheory.solvers import pure_equilibria
from gametheory.solvers.nplayer_enum import surviving_strategies
from gametheory.solvers.pure import EXACT_MAX_PROFILES


def brute_force(game, tol=1e-8):
    """Reference: check every profile with make_equilibrium (slow, independent)."""
    out = set()
    for idx in itertools.product(*(range(n) for n in game.shape)):
        vecs = [np.eye(n)[k] for n, k in zip(game.shape, idx, strict=True)]
        if make_equilibrium(game, vecs).regret <= tol:
            out.add(idx)
    return out


def profiles(result):
    return {tuple(int(np.argmax(v)) for v in e.vectors) for e in result}


@pytest.mark.parametrize("shape", [(2, 2), (3, 2), (2, 3, 2), (3, 3, 3), (2, 2, 2, 2), (1, 4, 2)])
@pytest.mark.parametrize("seed", range(4))
def test_matches_brute_force_with_ties(shape, seed):
    rng = np.random.default_rng(seed)
    arr = rng.integers(0, 3, (*shape, len(shape)))  # many ties: degenerate-prone
    game = NormalFormGame.from_payoff_array(arr)
    res = pure_equilibria(game)
    assert profiles(res) == brute_force(game)
    assert res.scope == "pure" and res.method == "pure"
    assert res.complete == (
        len(res) == 1 and all(len(k) == 1 for k in surviving_strategies(game.payoffs))
    )
    exact = pure_equilibria(game, exact=True)
    assert profiles(exact) == profiles(res)
    assert all(e.exact_regret == 0 for e in exact)


def test_equilibria_agree_with_make_equilibrium():
    rng = np.random.default_rng(5)
    game = NormalFormGame.from_payoff_array(rng.integers(0, 2, (2, 3, 2, 3)))
    res = pure_equilibria(game)
    assert len(res) > 0
    for e in res:
        ref = make_equilibrium(game, e.vectors)
        assert e.payoffs == ref.payoffs
        assert e.regret == pytest.approx(ref.regret, abs=1e-12)
        assert e.is_pure


def test_strictness_property():
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    (eq,) = pure_equilibria(pd)
    assert eq.properties["strict"] is True
    flat = NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [0, 0]])
    res = pure_equilibria(flat)
    assert len(res) == 2 and not any(e.properties["strict"] for e in res)


def test_tolerance_admits_near_ties():
    g = NormalFormGame.from_bimatrix([[1.0, 0], [1.0 - 1e-10, 0]], [[1, 1], [1, 1]])
    assert len(pure_equilibria(g, tol=1e-8)) == 4
    assert len(pure_equilibria(g, exact=True)) == 3


def test_many_players_sparse_path():
    # 10 players, 2 strategies; payoff = number of players choosing as I do: only the
    # two unanimous profiles are equilibria
    n = 10
    idx = np.indices((2,) * n)
    ones = idx.sum(axis=0)
    arr = np.stack([np.where(idx[i] == 1, ones, n - ones) for i in range(n)], axis=-1)
    res = pure_equilibria(NormalFormGame.from_payoff_array(arr))
    assert profiles(res) == {(0,) * n, (1,) * n}


def test_truncation_is_reported():
    g = NormalFormGame.from_payoff_array(np.zeros((3, 3, 3, 3)))
    res = pure_equilibria(g, max_equilibria=5)
    assert len(res) == 5 and not res.complete
    assert "27 pure equilibria" in res.warnings[0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tol": -1}, "tol must be a finite number >= 0"),
        ({"tol": "x"}, "tol must be a number"),
        ({"max_equilibria": 0}, "max_equilibria must be a positive integer"),
    ],
)
def test_rejects_bad_options(kwargs, message):
    g = NormalFormGame.from_bimatrix([[1]], [[1]])
    with pytest.raises(InvalidGameError, match=message):
        pure_equilibria(g, **kwargs)


def test_exact_mode_refuses_huge_games():
    n = int(np.ceil(np.log(EXACT_MAX_PROFILES + 1) / np.log(2)))
    g = NormalFormGame.from_payoff_array(np.zeros((2,) * n + (n,)))
    with pytest.raises(InvalidGameError, match="exact=True .* limited to games of"):
        pure_equilibria(g, exact=True)


def test_rejects_non_games():
    with pytest.raises(InvalidGameError, match="needs a NormalFormGame"):
        pure_equilibria([[1, 2], [3, 4]])


def test_exact_equilibria_carry_fractions():
    from fractions import Fraction

    rng = np.random.default_rng(2)
    game = NormalFormGame.from_payoff_array(rng.integers(0, 3, (3, 3, 3, 3)))
    for e in pure_equilibria(game, exact=True):
        assert isinstance(e.exact_regret, Fraction) and e.exact_regret == 0
        assert all(isinstance(p, Fraction) for v in e.exact_vectors for p in v)
        assert e.to_dict(exact=True)["exact_regret"] == "0"
