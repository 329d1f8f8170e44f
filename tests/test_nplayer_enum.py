"""Support enumeration for N-player games (gametheory.solvers.nplayer_enum.enumerate_mixed)."""

from __future__ import annotations

import numpy as np
import pytest
from _nplayer_games import jordan, mckelvey_mclennan

from gametheory import NormalFormGame
from gametheory.errors import InvalidGameError, MethodNotApplicableError
from gametheory.solvers.logit import logit_solve
from gametheory.solvers.nplayer_enum import count_support_profiles, enumerate_mixed


def volunteer(n: int = 3) -> NormalFormGame:
    def pay(p):
        anyone = "V" in p.values()
        return {k: 2 * anyone - (s == "V") for k, s in p.items()}

    return NormalFormGame.from_payoff_function(pay, {f"P{i}": ["V", "I"] for i in range(n)})


def as_set(result, digits=7):
    return {tuple(tuple(np.round(v, digits) + 0.0) for v in e.vectors) for e in result}


def test_mckelvey_mclennan_has_nine_equilibria_two_totally_mixed():
    res = enumerate_mixed(mckelvey_mclennan())
    assert len(res) == 9 and res.complete and not res.warnings
    assert all(e.regret <= 1e-12 for e in res)
    mixed = [e for e in res if all(np.all(v > 0) for v in e.vectors)]
    expected = {
        ((0.25, 0.75), (0.5, 0.5), (1 / 3, 2 / 3)),
        ((0.5, 0.5), (1 / 3, 2 / 3), (0.25, 0.75)),
    }
    got = {tuple(tuple(v) for v in e.vectors) for e in mixed}
    assert len(got) == 2
    for g in got:
        assert (
            min(
                max(
                    abs(a - b)
                    for va, vb in zip(g, ex, strict=True)
                    for a, b in zip(va, vb, strict=True)
                )
                for ex in expected
            )
            < 1e-12
        )
    assert sum(e.is_pure for e in res) == 4


def test_jordan_game_unique_mixed_equilibrium():
    res = enumerate_mixed(jordan())
    assert len(res) == 1 and res.complete
    for v in res[0].vectors:
        np.testing.assert_allclose(v, [0.5, 0.5], atol=1e-12)


def test_volunteers_dilemma_irrational_symmetric_equilibrium_and_partial_ones():
    res = enumerate_mixed(volunteer(3))
    assert len(res) == 7 and res.complete
    symmetric = [e for e in res if all(np.all(v > 0) for v in e.vectors)]
    assert len(symmetric) == 1
    for v in symmetric[0].vectors:
        assert abs(v[1] - 1 / np.sqrt(2)) < 1e-12  # ignore with probability 1/sqrt(2)
    # in the others, exactly one player ignores for sure and two mix 1/2-1/2
    partial = [e for e in res if not e.is_pure and e not in symmetric]
    assert len(partial) == 3


@pytest.mark.parametrize("seed", range(4))
def test_random_three_player_games_odd_count_and_contain_logit_equilibrium(seed):
    rng = np.random.default_rng(seed)
    shape = (2, 3, 2) if seed % 2 else (3, 2, 2)
    g = NormalFormGame.from_payoff_array(rng.normal(size=(*shape, 3)))
    res = enumerate_mixed(g)
    assert res.complete
    assert len(res) % 2 == 1  # generic games have an odd number of equilibria
    assert all(e.regret <= 1e-10 for e in res)
    one = logit_solve(g)[0]
    assert (
        min(
            max(np.max(np.abs(a - b)) for a, b in zip(one.vectors, e.vectors, strict=True))
            for e in res
        )
        < 1e-8
    )


def test_every_pure_equilibrium_is_listed():
    rng = np.random.default_rng(42)
    g = NormalFormGame.from_payoff_array(
        rng.integers(0, 4, size=(2, 2, 3, 3)).astype(float)
        + rng.normal(scale=1e-3, size=(2, 2, 3, 3))
    )
    res = enumerate_mixed(g)
    pure = {
        idx
        for idx in np.ndindex(*g.shape)
        if g.regret([np.eye(n)[k] for n, k in zip(g.shape, idx, strict=True)]) <= 0
    }
    listed = {tuple(int(np.argmax(v)) for v in e.vectors) for e in res if e.is_pure}
    assert pure == listed


def test_two_player_games_use_the_two_player_enumeration_and_agree_with_nashpy():
    nashpy = pytest.importorskip("nashpy")
    rng = np.random.default_rng(5)
    A, B = rng.normal(size=(2, 3, 3))
    res = enumerate_mixed(NormalFormGame.from_bimatrix(A, B))
    assert res.method == "enumerate-mixed"
    theirs = {
        tuple(tuple(np.round(v, 7) + 0.0) for v in e)
        for e in nashpy.Game(A, B).support_enumeration()
    }
    assert as_set(res) == theirs


def test_degenerate_game_is_flagged_incomplete_with_certified_points():
    # player 3's payoff is constant: any mix of player 3 works in some equilibria
    P = np.zeros((2, 2, 2, 3))
    for a, b, c in np.ndindex(2, 2, 2):
        P[a, b, c] = [a == b, a == b, 0]
    res = enumerate_mixed(NormalFormGame.from_payoff_array(P))
    assert not res.complete and "degenerate" in res.warnings[0]
    assert all(e.regret <= 1e-8 for e in res)
    # the 4 pure profiles with a == b are equilibria; a few representatives of the continua
    assert sum(e.is_pure for e in res) == 4 and len(res) <= 12


def test_too_large_game_is_refused_with_a_suggestion():
    g = NormalFormGame.from_payoff_array(np.random.default_rng(0).normal(size=(3,) * 5 + (5,)))
    assert count_support_profiles(g.shape) == 7**5
    with pytest.raises(MethodNotApplicableError, match="use method 'logit'"):
        enumerate_mixed(g)


def test_dominated_strategies_are_removed_first_so_larger_games_fit():
    rng = np.random.default_rng(9)
    P = rng.normal(size=(4, 4, 4, 3))
    P[1:, :, :, 0] -= 10  # player 1's strategies 2-4 are strictly dominated by 1
    res = enumerate_mixed(NormalFormGame.from_payoff_array(P), max_supports=300)
    assert all(e.vectors[0][0] == 1 for e in res) and len(res) >= 1


@pytest.mark.parametrize(("option", "value"), [("tol", 0), ("max_supports", 0), ("max_boxes", 1.5)])
def test_bad_options_name_the_option(option, value):
    with pytest.raises(InvalidGameError, match=option):
        enumerate_mixed(jordan(), **{option: value})


def _close(p, q, tol=1e-6):
    return (
        max(
            np.max(np.abs(np.asarray(a, float) - np.asarray(b, float)))
            for a, b in zip(p, q, strict=True)
        )
        < tol
    )


def _gambit_games() -> dict[str, NormalFormGame]:
    rng = np.random.default_rng(77)
    randoms = {
        f"random {i} {shape}": NormalFormGame.from_payoff_array(rng.normal(size=(*shape, 3)))
        for i, shape in enumerate([(2, 2, 2), (2, 2, 2), (3, 2, 2), (2, 3, 2), (2, 2, 2)])
    }
    return {
        "McKelvey-McLennan": mckelvey_mclennan(),
        "Jordan": jordan(),
        "volunteer": volunteer(3),
        **randoms,
    }


def test_pygambit_enumpoly_agrees_where_installed():
    """Gambit's enumpoly finds only equilibria we find; any of ours it misses, gnm confirms.

    pygambit 17.0.0b2's enumpoly misses the one equilibrium of "random 2 (3, 2, 2)"
    (supports {1,2} x {1,2} x {1,2}), although it lists that support as a candidate and
    reports no singular system and no exhausted budget; solved to 50 digits with sympy,
    it is an equilibrium (player 1's unused strategy pays 0.567 less), and gnm finds it.
    """
    pytest.importorskip("pygambit")
    import _gambit

    missed = {}
    for name, g in _gambit_games().items():
        ours = enumerate_mixed(g)
        run = _gambit.solve(g, "enumpoly", timeout=60)
        assert run.ok and ours.complete, name
        assert all(g.regret(list(p)) <= 1e-6 for p in run.profiles), name
        for prof in run.profiles:
            assert any(_close(prof, e.vectors) for e in ours), name
        missed[name] = [e for e in ours if not any(_close(p, e.vectors) for p in run.profiles)]
    for name in ("McKelvey-McLennan", "Jordan", "volunteer"):
        assert not missed[name]
    for name, equilibria in missed.items():
        if equilibria:
            gnm = _gambit.solve(_gambit_games()[name], "gnm", timeout=30)
            for e in equilibria:
                assert any(_close(p, e.vectors) for p in gnm.profiles), name


def test_pygambit_enumpure_agrees_on_games_with_ties():
    pytest.importorskip("pygambit")
    import _gambit

    rng = np.random.default_rng(3)
    for shape in [(2, 2, 2), (3, 3, 2), (2, 2, 2, 2), (3, 2, 3)]:
        g = NormalFormGame.from_payoff_array(rng.integers(0, 3, size=(*shape, len(shape))))
        run = _gambit.solve(g, "enumpure")
        theirs = {tuple(v.index(1) for v in prof) for prof in run.profiles}
        pure = {
            idx
            for idx in np.ndindex(*g.shape)
            if g.regret([np.eye(n)[k] for n, k in zip(g.shape, idx, strict=True)]) <= 0
        }
        assert run.ok and theirs == pure


def test_equilibrium_set_invariant_to_affine_payoffs_and_relabelled_strategies():
    rng = np.random.default_rng(21)
    P = rng.normal(size=(2, 3, 2, 3))
    base = as_set(enumerate_mixed(NormalFormGame.from_payoff_array(P)))
    # a positive affine map of each player's payoffs
    Q = P * np.array([2.0, 0.5, 7.0]) + np.array([1.0, -3.0, 10.0])
    assert as_set(enumerate_mixed(NormalFormGame.from_payoff_array(Q))) == base
    # reverse player 2's strategies: the equilibria reverse with them
    R = P[:, ::-1, :, :]
    flipped = {
        (a, b[::-1], c) for a, b, c in as_set(enumerate_mixed(NormalFormGame.from_payoff_array(R)))
    }
    assert flipped == base


def test_pygambit_gnm_equilibria_are_among_ours_where_installed():
    """gnm runs in a child process: it has crashed the interpreter (double free) before.

    The volunteer's dilemma is left out: pygambit 17.0.0b2's gnm does not return on it.
    """
    pytest.importorskip("pygambit")
    import _gambit

    for name, g in _gambit_games().items():
        if name == "volunteer":
            continue
        ours = enumerate_mixed(g)
        run = _gambit.solve(g, "gnm", timeout=30)
        if run.status.startswith("crashed"):
            continue  # a crash of Gambit's gnm is Gambit's; nothing to compare
        assert run.ok and run.profiles, name
        for prof in run.profiles:
            assert any(_close(prof, e.vectors) for e in ours), name


@pytest.mark.parametrize("module", ["gametheory.solvers.nplayer_enum"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0
