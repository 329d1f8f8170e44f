"""Tests for the gaps a mutation test of ``solvers/batch.py`` found (issue 13).

``python benchmarks/mutation.py gametheory/solvers/batch.py`` runs these against each
injected change. Each test states a fact about the code -- the batch's equilibria against
the one-game solver, brute-force best responses, exact messages, limits at their
boundaries -- not the mutant.
"""

from __future__ import annotations

import itertools
import warnings
from fractions import Fraction

import numpy as np
import pytest

from gametheory import InvalidGameError, NormalFormGame
from gametheory.solvers import enumerate_equilibria
from gametheory.solvers.batch import (
    MAX_BATCH_STRATEGIES,
    BatchEquilibria,
    batch_bimatrix_equilibria,
    batch_pure_equilibria,
    best_response_mask,
)


def reference(A, B) -> list[tuple[np.ndarray, np.ndarray]]:
    game = NormalFormGame.from_bimatrix(A, B)
    return [
        (np.asarray(e.vectors[0], float), np.asarray(e.vectors[1], float))
        for e in enumerate_equilibria(game)
    ]


def same_set(ref, got, atol=1e-7) -> bool:
    return len(ref) == len(got) and all(
        any(np.allclose(x, gx, atol=atol) and np.allclose(y, gy, atol=atol) for gx, gy in got)
        for x, y in ref
    )


def brute_pure(payoffs: np.ndarray, tol: float) -> set[tuple[int, ...]]:
    """Pure equilibria of one game by checking every deviation of every profile."""
    shape = payoffs.shape[:-1]
    out = set()
    for prof in itertools.product(*(range(n) for n in shape)):
        ok = True
        for i, n in enumerate(shape):
            here = payoffs[prof][i]
            for t in range(n):
                dev = prof[:i] + (t,) + prof[i + 1 :]
                if payoffs[dev][i] > here + tol:
                    ok = False
        if ok:
            out.add(prof)
    return out


# ------------------------------------------------------------------ pure equilibria
@pytest.mark.parametrize("tol", [0.0, 0.5, 1.0])
def test_pure_equilibria_match_brute_force_with_a_tolerance(tol):
    rng = np.random.default_rng(4)
    for shape in ((2, 3), (3, 2, 2)):
        batch = rng.integers(0, 4, (25, *shape, len(shape))).astype(float)
        mask = batch_pure_equilibria(batch, tol=tol)
        assert mask.dtype == bool and mask.shape == (25, *shape)
        for b in range(25):
            got = {tuple(int(i) for i in idx) for idx in np.argwhere(mask[b])}
            assert got == brute_pure(batch[b], tol), (shape, b)


def test_one_player_games_and_the_default_tolerance():
    mask = batch_pure_equilibria(np.array([[[1.0], [3.0], [3.0]], [[2.0], [2.0 - 1e-12], [0.0]]]))
    assert mask.tolist() == [[False, True, True], [True, False, False]]


def test_best_response_mask_is_exact_on_fractions():
    u = np.array([[Fraction(1, 10), Fraction(1, 3)], [Fraction(0), Fraction(1, 3)]], dtype=object)
    mask = best_response_mask(u, axis=0)
    assert mask.dtype == bool
    assert mask.tolist() == [[True, True], [False, True]]


def test_best_response_mask_tolerance_includes_its_boundary_and_broadcasts():
    u = np.array([[[3.0, 0.0], [2.5, 1.0]], [[3.0, 0.0], [2.5, 1.0]]])  # two games
    assert best_response_mask(u, axis=1, tol=0.5).tolist() == [[[True, False], [True, True]]] * 2
    assert best_response_mask(u, axis=1, tol=0.49).tolist() == [[[True, False], [False, True]]] * 2
    per_game = np.array([0.5, 0.0]).reshape(2, 1, 1)
    assert best_response_mask(u, axis=1, tol=per_game).tolist() == [
        [[True, False], [True, True]],
        [[True, False], [False, True]],
    ]
    assert best_response_mask(u, axis=1).tolist() == [[[True, False], [False, True]]] * 2


# ------------------------------------------------------------------ input checks
@pytest.mark.parametrize(
    ("payoffs", "message"),
    [
        (
            np.zeros((2, 2)),
            "batched payoffs must have shape (batch, n_1, ..., n_N, N), got shape (2, 2)",
        ),
        (
            np.zeros((4, 2, 2, 3)),
            "batched payoffs of shape (4, 2, 2, 3) do not fit (batch, n_1, ..., n_N, N): "
            "2 strategy axes but 3 players on the last axis",
        ),
        (
            np.array([[[[0.0, 0.0], [0.0, 0.0]], [[0.0, np.inf], [0.0, 0.0]]]]),
            "payoffs must be finite numbers, found inf at index (0, 1, 0, 1)",
        ),
        (
            np.full((1, 2, 2, 2), np.nan),
            "payoffs must be finite numbers, found nan at index (0, 0, 0, 0)",
        ),
    ],
)
def test_bad_batches_are_refused_with_their_messages(payoffs, message):
    with pytest.raises(InvalidGameError) as err:
        batch_pure_equilibria(payoffs)
    assert str(err.value) == message


def test_the_bimatrix_limits_at_their_boundaries():
    with pytest.raises(InvalidGameError) as err:
        batch_bimatrix_equilibria(np.zeros((1, 2, 2, 2, 3)))
    assert str(err.value) == "expected 2-player games, got 3 players"
    with pytest.raises(InvalidGameError) as err:
        batch_bimatrix_equilibria(np.zeros((1, 2, 1)))  # one player
    assert str(err.value) == "expected 2-player games, got 1 players"
    assert MAX_BATCH_STRATEGIES == 6
    for shape in ((2, 7), (7, 2)):
        with pytest.raises(InvalidGameError) as err:
            batch_bimatrix_equilibria(np.zeros((1, *shape, 2)))
        assert str(err.value) == (
            f"batched support enumeration handles up to 6 strategies per player, got a "
            f"{shape[0]}x{shape[1]} game; use gametheory.solve on each game"
        )
    rng = np.random.default_rng(2)
    batch = rng.normal(size=(1, 6, 2, 2))  # six strategies are accepted
    res = batch_bimatrix_equilibria(batch)
    assert same_set(reference(batch[0, ..., 0], batch[0, ..., 1]), res.equilibria(0))


# ------------------------------------------------------------------ all equilibria
@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (4, 4), (5, 5), (2, 5), (4, 3)])
def test_random_games_at_several_scales_match_the_one_game_solver(shape):
    """Every support size: closed forms for k = 2 and 3, stacked solves for k >= 4. No
    game needs the fallback, at any scale (each game's tolerances are relative to its own
    payoffs, with no floor), and the answers are the one-game solver's."""
    rng = np.random.default_rng(sum(shape) * 7)
    unit = rng.normal(size=(5, *shape, 2))
    for factor in (1.0, 1e-3, 1e3):
        batch = unit * factor
        res = batch_bimatrix_equilibria(batch)
        assert not res.fallback.any()
        for b in range(len(batch)):
            A, B = batch[b, ..., 0], batch[b, ..., 1]
            assert same_set(reference(A, B), res.equilibria(b), atol=1e-6), (factor, b)
            for m in range(res.offsets[b], res.offsets[b + 1]):
                assert res.game[m] == b
                expect = [res.row[m] @ A @ res.col[m], res.row[m] @ B @ res.col[m]]
                np.testing.assert_allclose(res.payoffs[m], expect, rtol=1e-9, atol=1e-12 * factor)


def test_games_with_a_mixed_equilibrium_of_full_support():
    """Rock-paper-scissors (3x3) and a 4x4 cyclic game: only the full support works."""
    rps = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], float) + np.array([[0, 0, 0.1]] * 3)
    res = batch_bimatrix_equilibria(np.stack([rps, -rps], axis=-1)[None])
    assert same_set(reference(rps, -rps), res.equilibria(0))
    assert res.counts.tolist() == [1] and len(np.flatnonzero(res.row[0])) == 3
    c4 = np.roll(np.eye(4), 1, axis=1) * 2 - 1 + np.diag([0.1, 0.2, 0.3, 0.4])
    res = batch_bimatrix_equilibria(np.stack([c4, -c4], axis=-1)[None])
    assert same_set(reference(c4, -c4), res.equilibria(0))


def test_degenerate_games_go_to_the_fallback_with_their_payoffs():
    rng = np.random.default_rng(8)
    batch = rng.integers(0, 3, size=(25, 3, 3, 2)).astype(float)
    res = batch_bimatrix_equilibria(batch)
    assert res.fallback.any()
    for b in range(len(batch)):
        A, B = batch[b, ..., 0], batch[b, ..., 1]
        assert same_set(reference(A, B), res.equilibria(b)), b
        for m in range(res.offsets[b], res.offsets[b + 1]):
            expect = [res.row[m] @ A @ res.col[m], res.row[m] @ B @ res.col[m]]
            np.testing.assert_allclose(res.payoffs[m], expect, atol=1e-9)


@pytest.mark.parametrize(
    ("A", "B"),
    [
        ([[1, 0], [0, 1]], [[2, 0], [1, 3]]),  # 2x2 with a mixed equilibrium
        ([[1, 0], [0, 2]], [[2, 0], [0, 1]]),  # battle of the sexes
        ([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]),  # von Stengel's fig. 3.4
    ],
    ids=["2x2-mixed", "bos", "3x2"],
)
def test_nondegenerate_integer_games_are_solved_without_the_fallback(A, B):
    A, B = np.array(A, float), np.array(B, float)
    res = batch_bimatrix_equilibria(np.stack([A, B], axis=-1)[None])
    assert res.fallback.tolist() == [False]
    assert same_set(reference(A, B), res.equilibria(0))


@pytest.mark.parametrize(
    ("A", "B"),
    [
        ([[1, 1], [1, 1]], [[1, 2], [3, 4]]),  # the row player indifferent everywhere
        ([[2, 0], [2, 1]], [[1, 0], [0, 1]]),  # a pure strategy with two best replies
    ],
    ids=["indifferent", "two-best-replies"],
)
def test_degenerate_games_are_flagged(A, B):
    A, B = np.array(A, float), np.array(B, float)
    res = batch_bimatrix_equilibria(np.stack([A, B], axis=-1)[None])
    ref = reference(A, B)
    assert same_set(ref, res.equilibria(0))
    assert res.fallback.tolist() == [True]


# ------------------------------------------------------------------ the result
def test_the_result_of_an_empty_batch():
    res = batch_bimatrix_equilibria(np.zeros((0, 2, 3, 2)))
    assert len(res) == 0 and res.game.shape == (0,) and res.row.shape == (0, 2)
    assert res.col.shape == (0, 3) and res.payoffs.shape == (0, 2)
    assert res.counts.tolist() == [] and res.offsets.tolist() == [0]
    assert repr(res) == "<BatchEquilibria 0 games, 0 equilibria, 0 solved by fallback>"


def test_counts_offsets_and_repr_when_a_game_has_no_equilibrium_listed():
    """A fallback that lists nothing leaves its game with no equilibria; counts still cover
    every game (the last one too)."""
    rng = np.random.default_rng(0)
    batch = np.stack([rng.normal(size=(2, 2, 2)), np.zeros((2, 2, 2))])

    def nothing(A, B):
        return []

    res = batch_bimatrix_equilibria(batch, fallback=nothing, tol=1e-7)
    assert res.fallback.tolist() == [False, True]
    assert len(res) == 2 and res.counts.tolist() == [len(res.game), 0]
    assert res.offsets.tolist() == [0, len(res.game), len(res.game)]
    assert res.equilibria(1) == []
    assert res.method == "batch_support_enumeration" and res.options == {"tol": 1e-7}
    assert (
        repr(res) == f"<BatchEquilibria 2 games, {len(res.game)} equilibria, 1 solved by fallback>"
    )
    assert isinstance(res, BatchEquilibria)


def test_equilibria_are_grouped_by_game_in_order_whatever_the_chunks():
    rng = np.random.default_rng(12)
    batch = rng.integers(0, 3, size=(30, 2, 3, 2)).astype(float)
    base = batch_bimatrix_equilibria(batch)
    assert (np.diff(base.game) >= 0).all()
    for b in range(len(batch)):
        assert (base.game[base.offsets[b] : base.offsets[b + 1]] == b).all()
    for options in ({"chunk_size": 0}, {"chunk_size": 1}, {"chunk_size": 7, "workers": None}):
        other = batch_bimatrix_equilibria(batch, **options)
        np.testing.assert_array_equal(other.game, base.game)
        np.testing.assert_allclose(other.row, base.row)
        np.testing.assert_allclose(other.col, base.col)
        np.testing.assert_allclose(other.payoffs, base.payoffs)
        np.testing.assert_array_equal(other.fallback, base.fallback)


# ------------------------------------------------------------------ the uncertainty flags
# Column's payoffs for its first two strategies are equal on the first two rows (5, 7), so
# the indifference system of that support pair is singular (a continuum), while every pure
# strategy has one best reply (the pure tie checks do not flag it).
SINGULAR_BLOCK = np.stack(
    [
        np.array([[3.1, 0.2, 1.7], [0.5, 2.9, 1.1], [2.2, 1.4, 0.3]]),
        np.array([[5, 5, 9], [7, 7, 9.5], [1, 2, 0]], dtype=float),
    ],
    axis=-1,
)


@pytest.mark.parametrize("tol", [1e-9, 0.0])
def test_a_singular_system_sends_the_game_to_the_fallback(tol):
    """Documented: a game is uncertain when any indifference system is singular (at
    tol = 0 too: a system exactly singular is singular)."""
    res = batch_bimatrix_equilibria(SINGULAR_BLOCK[None], tol=tol)
    assert res.fallback.tolist() == [True]
    A, B = SINGULAR_BLOCK[..., 0], SINGULAR_BLOCK[..., 1]
    assert same_set(reference(A, B), res.equilibria(0))


def test_each_game_is_judged_on_its_own_payoff_scale():
    """Column prefers its second strategy by 1e-4 and 2e-4: far above tol times this
    game's scale (1), so the game is nondegenerate, whatever the scale of the other games
    solved in the same chunk."""
    near = np.stack(
        [np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.3, 0.3 + 1e-4], [0.6, 0.6 + 2e-4]])],
        axis=-1,
    )
    big = np.random.default_rng(1).normal(size=(2, 2, 2)) * 1e6
    res = batch_bimatrix_equilibria(np.stack([near, big]))
    assert res.fallback.tolist() == [False, False]
    ((x, y),) = res.equilibria(0)
    assert x.tolist() == [0.0, 1.0] and y.tolist() == [0.0, 1.0]


def test_the_documented_defaults():
    import inspect

    params = inspect.signature(batch_bimatrix_equilibria).parameters
    assert params["tol"].default == 1e-9 and params["fallback"].default is None
    assert params["chunk_size"].default == 8192 and params["workers"].default == 1
    assert inspect.signature(batch_pure_equilibria).parameters["tol"].default == 0.0
    assert inspect.signature(best_response_mask).parameters["tol"].default == 0.0


# ------------------------------------------------------------------ the flags at their boundaries
# Each game with the fallback flag the documented rules give it: nondegenerate games with
# every payoff gap above tol times the largest payoff magnitude are solved on the batch
# path; a game with an exactly singular indifference system is sent to the fallback, at
# tol = 0 too. The equilibria are the one-game solver's either way.
FLAGGED_GAMES = [
    # scale 2 (largest payoff) and tol 0.3: ties only within 0.6; the gaps are 1 and 2,
    # and the mixed equilibrium x = (2/3, 1/3), y = (1/2, 1/2) is nondegenerate
    ("gaps-above-tol", [[1, 1], [0, 2]], [[1, 2], [2, 0]], 0.3, False),
    # each player has a strictly dominant strategy, the row player's payoffs do not
    # depend on the column at all (two rows of equal entries)
    ("constant-rows", [[1, 1], [2, 2]], [[2, 0], [2, 0]], 1e-9, False),
    ("dominant-row", [[2, 2], [-2, -2]], [[-2, 3], [-3, -1]], 1e-9, False),
    # the column player's strategies 2 and 3 pay the same against every row: the system
    # of that support pair is singular (a continuum), exactly so at tol 0
    ("equal-columns", [[1, 1, 1], [0, 2, 2]], [[1, 0, 0], [1, 0, 0]], 0.0, True),
    ("equal-columns", [[1, 1, 1], [0, 2, 2]], [[1, 0, 0], [1, 0, 0]], 1e-9, True),
    # a 3x3 system is singular when its cross product (of degree 2 in the payoffs) is
    # within tol times the scale squared of zero: none of this random game's are, at tol
    # 0.05 (scale 2.72; its payoff gaps are at least 0.25)
    (
        "random-3x3",
        [[-0.91, -0.18, 0.33], [0.0, -0.55, -0.07], [-0.25, -0.87, 0.7]],
        [[0.76, -1.31, -0.63], [-2.72, 1.14, -1.03], [-0.45, 0.11, 1.15]],
        0.05,
        False,
    ),
    # one 3x3 system's cross product has a zero component, not all three: not singular
    (
        "one-zero-component",
        [[-2, -2, -2], [0, 0, -3], [-1, -1, 3]],
        [[3, 1, -1], [0, 2, -1], [0, 1, 3]],
        1e-9,
        False,
    ),
    (
        "another-zero-component",
        [[2, -2, -1], [1, -1, 2], [-2, 1, 0]],
        [[1, -2, 8], [0, -1, 2], [2, 0, 6]],
        0.0,
        False,
    ),
    # the column player's third column is its first plus twice (second - first): the
    # 3x3 system is singular (its cross product is exactly 0), flagged at tol 0 too
    (
        "collinear-columns",
        [[2, 0, -1], [-1, 2, 1], [0, 3, -2]],
        [[-3, 3, 9], [1, -2, -5], [-2, 0, 2]],
        0.0,
        True,
    ),
    # two components of a cross product within tol times the scale squared (0.08 x 9 =
    # 0.72), the third not (1 and 2): not singular. Column differences (0.5, 0.5, 1.5)
    # and (1, 2, 4) give (-1, -0.5, 0.5); (1.5, 0.5, 0.5) and (2, 1, 2) give (0.5, -2, 0.5)
    (
        "two-small-components",
        [[3, 3, 3], [-1, -1, -3], [0, -3, 1]],
        [[3, 2.5, 2], [2, 1.5, 0], [1, -0.5, -3]],
        0.08,
        False,
    ),
    (
        "two-other-small-components",
        [[1, -3, -3], [-3, 1, 1], [-1, -2, 2]],
        [[2, 0.5, 0], [0, -0.5, -1], [3, 2.5, 1]],
        0.08,
        False,
    ),
    # the row player's 50:50 mix makes all three of the column player's strategies pay 1:
    # a mixed strategy of support 2 with 3 pure best replies (degenerate), while no pure
    # strategy has two best replies and no system is singular
    ("three-best-replies", [[1, 0, 2], [0, 2, 1]], [[0, 1, 2], [2, 1, 0]], 0.0, True),
    ("three-best-replies", [[1, 0, 2], [0, 2, 1]], [[0, 1, 2], [2, 1, 0]], 1e-9, True),
    # one opponent strategy: no mixed system to show it, only the pure tie (a pure
    # strategy with two best replies) says the game is degenerate
    ("row-tie-2x1", [[1], [1]], [[0], [2]], 0.0, True),
    ("row-tie-2x1", [[1], [1]], [[0], [2]], 1e-9, True),
    ("row-tie-3x1", [[1], [0], [1]], [[0], [2], [1]], 0.0, True),
    ("column-tie-1x2", [[0, 2]], [[1, 1]], 0.0, True),
    ("column-tie-1x2", [[0, 2]], [[1, 1]], 1e-9, True),
    ("no-tie-2x1", [[1], [1 + 1e-6]], [[0], [2]], 1e-9, False),
    # the row player's first strategy alone makes the column player indifferent between
    # its first and third (1 and 1, below the best, 2): the mix of that support pair has
    # a probability of exactly 0, a sign of degeneracy (at tol 0 too); and transposed
    ("zero-probability", [[1, 2, 0], [0, 1, 1]], [[1, 2, 1], [1, 0, 2]], 0.0, True),
    ("zero-probability", [[1, 2, 0], [0, 1, 1]], [[1, 2, 1], [1, 0, 2]], 1e-9, True),
    ("zero-probability-3x2", [[2, 1], [0, 2], [0, 1]], [[0, 2], [1, 2], [1, 0]], 0.0, True),
    # tol 0.1: the mixed candidate's smallest probability is within 0.1 times the scale
    ("small-probability", [[-1.77, -0.19], [1.0, -0.39]], [[0.14, -0.92], [0.2, 0.99]], 0.1, True),
    # the column player's fourth column is its first plus its second minus its third: the
    # 4x4 system of all four is exactly singular, flagged at tol 0 (and not solved)
    (
        "dependent-columns-4x4",
        [[0, 1, 3, 2], [1, 0, 0, 3], [-2, 2, 1, -3], [-1, 3, 0, -3]],
        [[2, -1, -2, 3], [1, -3, 2, -4], [0, -3, 1, -4], [-2, -3, 3, -8]],
        0.0,
        True,
    ),
    # a 4x4 system is singular when its determinant (of degree 3 in the payoffs: the
    # border of ones is fixed) is within tol times the scale cubed of zero. At tol 0.01
    # this game's are not (no flag) and this other game has one that is (flagged)
    (
        "4x4-determinants-above",
        [[0.77, 0.6, -0.12, -1.63], [-0.03, -0.64, 1.83, 0.85], [-0.09, 0.89, -1.0, 0.2]]
        + [[0.92, -0.25, -1.53, -0.45]],
        [[2.08, 0.34, 0.18, -0.24], [1.0, 0.14, -0.51, -0.52], [0.47, -0.48, 1.52, 0.8]]
        + [[0.76, -0.12, 0.19, -0.01]],
        0.01,
        False,
    ),
    (
        "4x4-determinant-within",
        [[1.16, 1.51, -0.37, 0.73], [-1.09, -0.6, -0.77, 0.66], [-1.73, 0.94, 0.98, 1.75]]
        + [[1.81, -0.72, -1.35, 0.9]],
        [[1.58, -0.35, 1.73, -1.16], [-0.9, -2.4, -0.63, -0.31], [0.34, 1.75, 0.89, -1.22]]
        + [[1.88, 1.16, 2.95, 0.03]],
        0.01,
        True,
    ),
]


@pytest.mark.parametrize(
    ("A", "B", "tol", "flagged"),
    [pytest.param(*case[1:], id=f"{case[0]}-{case[3]:g}") for case in FLAGGED_GAMES],
)
def test_the_fallback_flag_of_games_at_the_boundaries(A, B, tol, flagged):
    A, B = np.array(A, float), np.array(B, float)
    res = batch_bimatrix_equilibria(np.stack([A, B], axis=-1)[None], tol=tol)
    assert res.fallback.tolist() == [flagged]
    assert same_set(reference(A, B), res.equilibria(0))


@pytest.mark.parametrize("tol", [0.0, 1e-9])
@pytest.mark.parametrize(
    ("A", "B"),
    [
        ([[1, 0], [0, 1]], [[1, 0], [1, 0]]),
        ([[2, 0, -1], [-1, 2, 1], [0, 3, -2]], [[3, 2, 0], [0, -1, 2], [1, 0, -2]]),
    ],
    ids=["2x2", "3x3"],
)
def test_a_system_without_a_solution_divides_by_nothing(A, B, tol):
    """The column player's first strategy pays 1 more than its second against every row:
    no mix of rows makes it indifferent between them (the system's determinant is 0, its
    right-hand side is not). No candidate, no division by zero, no warning."""
    A, B = np.array(A, float), np.array(B, float)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = batch_bimatrix_equilibria(np.stack([A, B], axis=-1)[None], tol=tol)
    assert res.fallback.tolist() == [False]
    assert same_set(reference(A, B), res.equilibria(0))


# ------------------------------------------------------------------ dtypes of inputs and results
def test_fraction_payoffs_are_read_as_floats():
    pd = [[[3, 3], [0, 5]], [[5, 0], [1, 1]]]
    exact = np.array([[[[Fraction(v) for v in cell] for cell in row] for row in pd]], dtype=object)
    assert batch_pure_equilibria(exact).tolist() == [[[False, False], [False, True]]]
    res = batch_bimatrix_equilibria(exact)
    assert res.row.dtype == float and res.row.tolist() == [[0.0, 1.0]]


def test_the_fallback_flags_are_booleans_even_for_an_empty_batch():
    assert batch_bimatrix_equilibria(np.zeros((0, 2, 2, 2))).fallback.dtype == bool
    assert batch_bimatrix_equilibria(np.zeros((1, 2, 2, 2))).fallback.dtype == bool


def test_strategies_from_an_exact_fallback_are_stored_as_floats():
    """A fallback may return exact fractions (or lists): the result holds floats."""

    def exact(A, B):
        game = NormalFormGame.from_bimatrix(A.astype(int), B.astype(int))
        return [e.exact_vectors for e in enumerate_equilibria(game, exact=True)]

    res = batch_bimatrix_equilibria(np.zeros((2, 2, 2, 2)), fallback=exact)
    assert res.fallback.all() and res.row.dtype == float and res.col.dtype == float
    assert res.payoffs.dtype == float and (res.payoffs == 0).all()
    assert {tuple(r) for r in res.row} == {(1.0, 0.0), (0.0, 1.0)}
