"""Batched solvers agree with the one-game solvers, on random and on degenerate games."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import InvalidGameError, NormalFormGame
from gametheory.solvers import enumerate_equilibria, pure_equilibria
from gametheory.solvers.batch import batch_bimatrix_equilibria, batch_pure_equilibria


def _profiles(result) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(np.asarray(e.vectors[0], float), np.asarray(e.vectors[1], float)) for e in result]


def _same_set(ref, got, atol=1e-7) -> bool:
    if len(ref) != len(got):
        return False
    return all(
        any(np.allclose(x, gx, atol=atol) and np.allclose(y, gy, atol=atol) for gx, gy in got)
        for x, y in ref
    )


@pytest.mark.parametrize(
    "shape",
    [(2, 2), (3, 3), (2, 3), (4, 3), (2, 2, 2), (3, 2, 2, 2)],
    ids=lambda s: "x".join(map(str, s)),
)
@pytest.mark.parametrize("kind", ["normal", "integer"])
def test_pure_mask_matches_one_game_solver(shape, kind):
    rng = np.random.default_rng(7)
    n = len(shape)
    if kind == "normal":
        batch = rng.normal(size=(60, *shape, n))
    else:  # many ties
        batch = rng.integers(0, 3, size=(60, *shape, n)).astype(float)
    mask = batch_pure_equilibria(batch)
    assert mask.shape == (60, *shape)
    for b in range(60):
        game = NormalFormGame.from_payoff_array(batch[b])
        ref = {tuple(int(np.argmax(v)) for v in e.vectors) for e in pure_equilibria(game, tol=0.0)}
        got = {tuple(int(i) for i in idx) for idx in np.argwhere(mask[b])}
        assert got == ref, f"game {b}"


@pytest.mark.parametrize(
    "shape", [(2, 2), (3, 3), (2, 3), (3, 2), (4, 4)], ids=lambda s: "x".join(map(str, s))
)
def test_random_games_match_vertex_enumeration(shape):
    rng = np.random.default_rng(sum(shape))
    batch = rng.normal(size=(80, *shape, 2))
    res = batch_bimatrix_equilibria(batch, chunk_size=32)
    assert not res.fallback.any()  # random games are nondegenerate
    for b in range(len(batch)):
        game = NormalFormGame.from_payoff_array(batch[b])
        ref = _profiles(enumerate_equilibria(game))
        assert _same_set(ref, res.equilibria(b)), f"game {b}"
        # payoffs reported are those of the profile
        for m in range(res.offsets[b], res.offsets[b + 1]):
            pay = game.expected_payoffs([res.row[m], res.col[m]])
            np.testing.assert_allclose(res.payoffs[m], pay, atol=1e-9)


def test_every_returned_profile_is_an_equilibrium():
    rng = np.random.default_rng(3)
    batch = rng.integers(-3, 4, size=(150, 3, 3, 2)).astype(float)
    res = batch_bimatrix_equilibria(batch)
    assert (res.counts >= 1).all()  # every finite game has an equilibrium
    for m in range(len(res.game)):
        game = NormalFormGame.from_payoff_array(batch[res.game[m]])
        assert game.regret([res.row[m], res.col[m]]) <= 1e-8
        assert res.row[m].min() >= -1e-12 and abs(res.row[m].sum() - 1) < 1e-9


def test_degenerate_integer_games_are_flagged_and_solved_exactly():
    rng = np.random.default_rng(11)
    batch = rng.integers(0, 10, size=(200, 3, 3, 2)).astype(float)
    res = batch_bimatrix_equilibria(batch)
    assert res.fallback.any() and not res.fallback.all()
    for b in range(len(batch)):
        game = NormalFormGame.from_payoff_array(batch[b])
        ref = _profiles(enumerate_equilibria(game))
        assert _same_set(ref, res.equilibria(b)), f"game {b} (fallback={res.fallback[b]})"


@pytest.mark.parametrize(
    "A, B",
    [
        # a continuum of equilibria: column player indifferent everywhere
        ([[1, 0], [0, 1]], [[0, 0], [0, 0]]),
        # weakly dominated strategy with a tie
        ([[1, 1], [0, 1]], [[1, 0], [0, 1]]),
        # von Stengel (2007), fig. 3.6: a pure strategy with two best responses
        ([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),
    ],
    ids=["all-indifferent", "weak-tie", "von-stengel-degenerate"],
)
def test_known_degenerate_games_use_fallback(A, B):
    A, B = np.array(A, float), np.array(B, float)
    batch = np.stack([A, B], axis=-1)[None]
    res = batch_bimatrix_equilibria(batch)
    assert res.fallback[0]
    ref = _profiles(enumerate_equilibria(NormalFormGame.from_bimatrix(A, B)))
    assert _same_set(ref, res.equilibria(0))


def test_threads_and_chunks_do_not_change_the_answer():
    rng = np.random.default_rng(5)
    batch = rng.normal(size=(500, 3, 3, 2))
    a = batch_bimatrix_equilibria(batch)
    b = batch_bimatrix_equilibria(batch, chunk_size=37, workers=2)
    np.testing.assert_array_equal(a.game, b.game)
    np.testing.assert_allclose(a.row, b.row)
    np.testing.assert_allclose(a.col, b.col)


def test_custom_fallback_is_called_only_for_uncertain_games():
    calls = []

    def fallback(A, B):
        calls.append((A, B))
        return _profiles(enumerate_equilibria(NormalFormGame.from_bimatrix(A, B)))

    batch = np.stack([np.zeros((2, 2, 2)), np.random.default_rng(0).normal(size=(2, 2, 2))])
    res = batch_bimatrix_equilibria(batch, fallback=fallback)
    assert res.fallback.tolist() == [True, False]
    assert len(calls) == 1


@pytest.mark.parametrize(
    "payoffs, message",
    [
        (np.zeros((3, 3)), "shape (batch, n_1, ..., n_N, N)"),
        (np.zeros((4, 2, 2, 3)), "2 strategy axes but 3 players"),
        (np.full((1, 2, 2, 2), np.nan), "must be finite"),
    ],
)
def test_bad_input_is_rejected_with_a_message(payoffs, message):
    with pytest.raises(InvalidGameError, match=message.replace("(", r"\(").replace(")", r"\)")):
        batch_pure_equilibria(payoffs)


def test_bimatrix_rejects_three_players_and_large_games():
    with pytest.raises(InvalidGameError, match="expected 2-player games"):
        batch_bimatrix_equilibria(np.zeros((1, 2, 2, 2, 3)))
    with pytest.raises(InvalidGameError, match="up to 6 strategies"):
        batch_bimatrix_equilibria(np.zeros((1, 7, 2, 2)))


# issue 12: tolerances relative to each game's own payoff scale, with no floor of 1 (which
# sent every game below 1 to the fallback) and no overflow (tol * scale**k was inf at 1e300)
FACTORS = [1e-300, 1e-12, 1e-6, 1.0, 1e6, 1e12, 1e300]


@pytest.mark.parametrize(
    "shape", [(2, 2), (3, 3), (2, 5), (4, 4)], ids=lambda s: "x".join(map(str, s))
)
@pytest.mark.parametrize("kind", ["normal", "mixed"])
def test_a_game_times_any_factor_takes_the_same_path_to_the_same_equilibria(shape, kind):
    rng = np.random.default_rng(sum(shape) + len(kind))
    base = rng.normal(size=(12, *shape, 2))  # nondegenerate: all on the batch path
    if kind == "mixed":  # and games with ties, for the fallback
        base[:4] = rng.integers(-1, 2, size=(4, *shape, 2))
    ref = batch_bimatrix_equilibria(base)
    assert not ref.fallback[4:].any()
    assert ref.fallback.any() == (kind == "mixed")
    for factor in FACTORS:
        with np.errstate(over="raise", invalid="raise"):
            got = batch_bimatrix_equilibria(base * factor)
        np.testing.assert_array_equal(got.fallback, ref.fallback, err_msg=f"factor {factor}")
        np.testing.assert_array_equal(got.game, ref.game)
        np.testing.assert_allclose(got.row, ref.row, atol=1e-9)
        np.testing.assert_allclose(got.col, ref.col, atol=1e-9)
        np.testing.assert_allclose(
            got.payoffs, ref.payoffs * factor, rtol=1e-9, atol=1e-12 * factor
        )


def test_games_of_every_scale_in_one_batch_and_the_game_of_zeros():
    """Each game of a batch is judged on its own scale; the game of zeros (scale 0) is
    degenerate (every profile is an equilibrium) and goes to the fallback."""
    g = np.random.default_rng(4).normal(size=(3, 3, 2))
    batch = np.stack([g * 1e-300, np.zeros((3, 3, 2)), g * 1e300, g])
    res = batch_bimatrix_equilibria(batch)
    assert res.fallback.tolist() == [False, True, False, False]
    for b in (0, 2):
        assert _same_set(res.equilibria(3), res.equilibria(b))
    zero = NormalFormGame.from_bimatrix(np.zeros((3, 3)), np.zeros((3, 3)))
    assert _same_set(_profiles(enumerate_equilibria(zero)), res.equilibria(1))
    assert (res.payoffs[res.game == 1] == 0).all()
