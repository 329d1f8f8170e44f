"""The float-precision check's smallest payoff gap, against its definition.

:func:`gametheory.solvers._common.smallest_gap` compares pairs of strategies directly
for up to four strategies (a speed-up over sorting every row, see
``benchmarks/README.md``, "Issue 13: before and after"); these tests hold it to the
definition: sort each row (a fixed profile of the other players), take the positive
gaps between neighbours, return the smallest, or None when there is none.
"""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.solvers import enumerate_equilibria, pure_equilibria
from gametheory.solvers._common import payoff_scales, precision_warning, smallest_gap


def _by_sorting(payoffs: np.ndarray, axis: int) -> float | None:
    own = np.moveaxis(payoffs, axis, 0)
    rows = own.reshape(own.shape[0], -1).T
    gaps = [
        b - a
        for row in rows.tolist()
        for a, b in zip(sorted(row), sorted(row)[1:], strict=False)
        if b - a > 0  # inf - inf is NaN: not a gap
    ]
    return min(gaps) if gaps else None


VALUES = [0.0, 1.0, -1.0, 1e-300, 1e300, -1e308, 1e308, np.inf, -np.inf, 0.5, 2.0]


def _random_payoffs(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    if rng.random() < 0.5:  # ties and extremes
        return rng.choice(VALUES, size=shape)
    return rng.integers(-3, 4, size=shape) * 10.0 ** rng.integers(-5, 5)


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 7])
def test_smallest_gap_is_the_smallest_positive_neighbour_gap(k):
    rng = np.random.default_rng(k)
    for _ in range(200):
        shape = [int(x) for x in rng.integers(1, 4, size=rng.integers(0, 3))]
        axis = int(rng.integers(0, len(shape) + 1))
        payoffs = _random_payoffs(rng, (*shape[:axis], k, *shape[axis:]))
        with np.errstate(over="ignore", invalid="ignore"):
            want = _by_sorting(payoffs, axis)
        assert smallest_gap(payoffs, axis) == want, payoffs


@pytest.mark.parametrize("k", [2, 3, 4, 5])
@pytest.mark.parametrize("side", [6, 48])
def test_larger_arrays_agree(k, side):
    # past 64 payoffs numpy compares the pairs over views (or sorts, past 4 strategies)
    rng = np.random.default_rng(10 + k)
    for axis in range(3):
        shape = [side, side]
        shape.insert(axis, k)
        payoffs = _random_payoffs(rng, tuple(shape))
        assert payoffs.size > 64
        with np.errstate(over="ignore", invalid="ignore"):
            want = _by_sorting(payoffs, axis)
        assert smallest_gap(payoffs, axis) == want
        payoffs[(slice(None),) * axis + (1,)] = payoffs[(slice(None),) * axis + (0,)]
        if k == 2:  # both strategies now pay the same everywhere
            assert smallest_gap(payoffs, axis) is None
        else:
            assert smallest_gap(payoffs, axis) == _by_sorting(payoffs, axis)


def test_no_gap_when_every_row_ties():
    assert smallest_gap(np.full((3, 4), 7.0), 0) is None
    assert smallest_gap(np.array([[np.inf, 1.0], [np.inf, 1.0]]), 0) is None
    assert smallest_gap(np.full((3, 3000), np.inf), 0) is None
    assert smallest_gap(np.full((6, 3000), np.inf), 0) is None


def test_an_overflowing_difference_is_an_infinite_gap():
    assert smallest_gap(np.array([[-1e308], [1e308]]), 0) == np.inf
    assert smallest_gap(np.array([[-1e308] * 3000, [1e308] * 3000]), 0) == np.inf
    assert smallest_gap(np.array([[-1e308] * 30] * 3 + [[1e308] * 30] * 3), 0) == np.inf


@pytest.mark.parametrize("n_strategies", [2, 3, 4, 5, 6])
def test_the_warning_names_the_smallest_gap_for_every_strategy_count(n_strategies):
    # one tiny difference (1e-12 of a spread of 2) hidden in one player's payoffs
    rng = np.random.default_rng(n_strategies)
    A = rng.integers(-1, 2, size=(n_strategies, 3)).astype(float)
    B = rng.integers(-1, 2, size=(n_strategies, 3)).astype(float)
    A[0, 1], A[1, 1] = 0.5, 0.5 + 1e-12
    game = NormalFormGame.from_bimatrix(A, B)
    note = precision_warning(game, tol=1e-8, method="pure")
    assert note is not None and "as small as 1e-12 " in note
    assert (
        precision_warning(NormalFormGame.from_bimatrix(np.round(A), B), tol=1e-8, method="pure")
        is None
    )
    assert note in pure_equilibria(game).warnings
    assert not pure_equilibria(game).complete


def test_enumerate_passes_its_tolerances_and_still_warns():
    game = NormalFormGame.from_bimatrix([[1e300, 1], [1e-300, 0]], [[0, 1e-300], [1, 1e300]])
    warnings = enumerate_equilibria(game).warnings
    assert any("as small as 1e-300" in w for w in warnings)


def _scales_by_numpy(payoffs: np.ndarray) -> list[float]:
    flat = payoffs.reshape(-1, payoffs.shape[-1])
    hi, lo = flat.max(axis=0), flat.min(axis=0)
    with np.errstate(over="ignore"):
        spread = hi - lo
    spread = np.where(np.isfinite(spread), spread, np.finfo(float).max)
    return np.where(spread > 0, spread, np.maximum(np.abs(hi), np.abs(lo))).tolist()


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (1, 5), (2, 2, 2), (8, 8), (4, 4, 4), (30, 30)])
def test_payoff_scales_small_and_large_games_agree_with_numpy(shape):
    # games of at most 64 payoffs are measured in Python, larger ones player by player
    rng = np.random.default_rng(len(shape) * 100 + shape[0])
    finite = [v for v in VALUES if np.isfinite(v)]
    for _ in range(50):
        payoffs = rng.choice(finite, size=(*shape, len(shape)))
        if rng.random() < 0.3:
            payoffs[..., 0] = payoffs.flat[0]  # a player whose payoffs all tie
        game = NormalFormGame.from_payoff_array(payoffs)
        assert payoff_scales(game).tolist() == _scales_by_numpy(payoffs)


@pytest.mark.parametrize("k", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("side", [3, 20])
def test_continuous_payoffs_agree_row_by_row(k, side):
    # continuous values: the smallest gap of one row differs from the smallest gap
    # between any two payoffs of the array, so comparing across rows would show
    rng = np.random.default_rng(100 + k + side)
    for axis in range(3):
        shape = [side, side]
        shape.insert(axis, k)
        payoffs = rng.normal(size=tuple(shape))
        assert smallest_gap(payoffs, axis) == _by_sorting(payoffs, axis)


def test_an_overflow_in_one_pair_is_kept_when_a_later_pair_ties():
    # rows (1e308, -1e308, -1e308): strategies 0/1 and 0/2 overflow (inf), 1/2 tie
    payoffs = np.array([[1e308] * 40, [-1e308] * 40, [-1e308] * 40])
    assert payoffs.size > 64  # compared over views, pair by pair
    assert smallest_gap(payoffs, 0) == np.inf


def test_overflowing_and_infinite_payoffs_raise_no_floating_point_warning():
    import warnings

    cases = [
        (np.array([[1e308] * 40, [-1e308] * 40, [-1e308] * 40]), 0),  # pairs over views
        (np.array([[1e308] * 40] * 3 + [[-1e308] * 40] * 3), 0),  # sorted, 6 strategies
        (np.array([[np.inf] * 40, [np.inf] * 40, [1.0] * 40]), 0),  # inf - inf
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for payoffs, axis in cases:
            smallest_gap(payoffs, axis)
        big = NormalFormGame.from_payoff_array(
            np.where(np.arange(162).reshape(9, 9, 2) % 3, 1e308, -1e308)
        )
        assert payoff_scales(big).tolist() == [np.finfo(float).max] * 2


def test_a_spread_below_one_is_the_scale_of_a_large_game():
    # 10 .. 10.5 on a 9 x 9 game (past the 64 payoffs handled in Python): spread 0.5
    rng = np.random.default_rng(7)
    payoffs = 10 + rng.uniform(0, 0.5, size=(9, 9, 2))
    payoffs[0, 0] = 10.0
    payoffs[0, 1] = 10.5
    game = NormalFormGame.from_payoff_array(payoffs)
    assert payoff_scales(game).tolist() == [0.5, 0.5]


def test_the_float_loss_warning_in_full():
    from fractions import Fraction

    tiny = Fraction(1, 10**400)
    game = NormalFormGame.from_bimatrix([[tiny, 0], [0, 1]], [[0, 1], [1, 0]])
    assert precision_warning(game, tol=1e-8, method="pure") == (
        "pure: Row's payoff 1e-400 at ('1', '1') is below the float range (2.2e-308): float "
        "mode reads it as 0 or with fewer digits, so the list may be wrong or incomplete; "
        "solve with exact=True (--exact)"
    )


def test_regret_bound_is_tol_times_the_smallest_positive_spread():
    from gametheory.solvers._common import regret_bound

    # spreads 0.5 (row) and 3 (column): the bound meets both players' tolerances
    game = NormalFormGame.from_bimatrix([[0.5, 0.0], [0.25, 0.5]], [[3, 0], [0, 1]])
    assert regret_bound(game, 2**-20) == 0.5 * 2**-20
    # an all-zero player has scale 0 and is left out; the other's spread counts
    flat = NormalFormGame.from_bimatrix([[0, 0], [0, 0]], [[8, 0], [0, 2]])
    assert regret_bound(flat, 2**-20) == 8 * 2**-20
    # an all-zero game: tol itself (every regret there is exactly 0)
    zero = NormalFormGame.from_bimatrix([[0, 0], [0, 0]], [[0, 0], [0, 0]])
    assert regret_bound(zero, 1e-8) == 1e-8
