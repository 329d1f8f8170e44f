"""Tests for the gaps a mutation test of the solver modules found (issue 13).

``python benchmarks/mutation.py gametheory/solvers/_common.py`` (and ``pure.py``,
``enumeration.py``, ``_polytope.py``) runs these against each injected change. Each
test states a fact about the code -- a known game's equilibria, a brute-force search,
the exact message of a rejected input, a limit at its boundary -- not the mutant.
"""

from __future__ import annotations

import itertools
import warnings
from fractions import Fraction

import numpy as np
import pytest

from gametheory import MethodNotApplicableError, NormalFormGame
from gametheory.solvers import _common, enumerate_equilibria, pure_equilibria
from gametheory.solvers._common import (
    collect,
    normalized_payoffs,
    payoff_scales,
    precision_warning,
    profile_key,
)
from gametheory.solvers.enumeration import nash_subsets

BIG = np.finfo(float).max

# Battle of the sexes: two strict pure equilibria and a mixed one.
BOS = NormalFormGame.from_bimatrix(
    [[2, 0], [0, 1]], [[1, 0], [0, 2]], strategies=(("O", "F"), ("O", "F"))
)


def _pure(row, col, m=2, n=2):
    return (np.eye(m)[row], np.eye(n)[col])


def _tie_note(gap: float, limit: float) -> str:
    return (
        f"m: payoff differences as small as {gap:.3g} are below the float tolerance "
        f"{limit:.3g} (tol times the payoff spread): float mode treats them as ties, so "
        "the list may be wrong or incomplete; solve with exact=True (--exact)"
    )


# ------------------------------------------------------------------ solvers/_common.py
def test_payoff_scales_at_the_edge_of_the_float_range():
    """Row's spread 1e308 - -1e308 overflows: the scale is the largest float (never inf,
    which would accept any profile), and no overflow warning escapes."""
    game = NormalFormGame.from_bimatrix([[1e308, 0.0], [-1e308, 0.0]], [[1.0, 2.0], [1.0, 2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scales = payoff_scales(game)
        note = precision_warning(game, tol=1e-8, method="m")
    assert scales.tolist() == [BIG, 1.0]
    assert scales.dtype == np.float64
    assert note is None  # the gaps 2e308 (inf as a float) and 1 are both resolvable


def test_precision_warning_reads_each_players_own_strategies_only():
    """Three players. Each player's payoffs differ by exactly 1 between their own two
    strategies, so nothing is a tie; payoffs 1e-12 apart for *different* strategies of
    the others are not ties either. A 1e-12 gap between a player's own strategies is."""
    base = np.array([[0.0, 1e-12], [5.0, 5.0 + 1e-12]])  # indexed by the others' strategies
    payoffs = np.zeros((2, 2, 2, 3))
    for own in range(2):
        payoffs[own, :, :, 0] = base + 2 * own  # player 1: own axis 0
        payoffs[:, own, :, 1] = base + 2 * own  # player 2: own axis 1
        payoffs[:, :, own, 2] = base + 2 * own  # player 3: own axis 2
    game = NormalFormGame.from_payoff_array(payoffs)
    assert precision_warning(game, tol=1e-8, method="m") is None
    for player in range(3):
        close = payoffs.copy()
        own = np.moveaxis(close[..., player], player, 0)  # a view: [own, other, other]
        own[1, 1, 1] = own[0, 1, 1] + 1e-12  # strategy 2 now beats strategy 1 by 1e-12
        tied = NormalFormGame.from_payoff_array(close)
        limit = 1e-8 * float(payoff_scales(tied)[player])
        assert precision_warning(tied, tol=1e-8, method="m") == _tie_note(1e-12, limit), player


def test_precision_warning_names_the_worst_player():
    """Both players have a gap below their tolerance; the note names the gap that is the
    smallest fraction of its player's tolerance (the first on a tie). Powers of two keep
    the ratios exact: row's gap 2**-30 against 2**-20, column's against 4 * 2**-20."""
    tol = 2.0**-20
    row = [[0.0, 1.0], [2.0**-30, 1.0]]  # spread 1, own gap 2**-30: ratio 2**-10

    def note(col_gap):
        game = NormalFormGame.from_bimatrix(row, [[0.0, col_gap], [4.0, 4.0]])
        assert payoff_scales(game).tolist() == [1.0, 4.0]
        return precision_warning(game, tol=tol, method="m")

    assert note(2.0**-27) == _tie_note(2.0**-30, tol)  # column's ratio 2**-9: row is worse
    assert note(2.0**-29) == _tie_note(2.0**-29, 4 * tol)  # column's 2**-11: column worse
    assert note(2.0**-28) == _tie_note(2.0**-30, tol)  # equal ratios: the first player


def test_precision_check_size_limit(monkeypatch):
    """Games of at most PRECISION_CHECK_LIMIT payoffs are checked; larger ones are not."""
    game = NormalFormGame.from_bimatrix([[3, 0], [3 + 1e-12, 1]], [[3, 5], [0, 1]])
    assert game.payoffs.size == 8
    monkeypatch.setattr(_common, "PRECISION_CHECK_LIMIT", 8)
    assert precision_warning(game, tol=1e-8, method="m") == _tie_note(1e-12, 3e-8)
    monkeypatch.setattr(_common, "PRECISION_CHECK_LIMIT", 7)
    assert precision_warning(game, tol=1e-8, method="m") is None


def test_normalized_payoffs_map_each_player_onto_zero_one():
    """Row's payoffs -2..6 become (u + 2) / 8, column's 10..10.5 become (u - 10) / 0.5."""
    game = NormalFormGame.from_bimatrix([[-2.0, 6.0], [0.0, 2.0]], [[10.0, 10.5], [10.25, 10.0]])
    out = normalized_payoffs(game)
    assert out.dtype == np.float64 and out.shape == (2, 2, 2)
    assert out[..., 0].tolist() == [[0.0, 1.0], [0.25, 0.5]]
    assert out[..., 1].tolist() == [[0.0, 1.0], [0.5, 0.0]]


def test_normalized_payoffs_of_small_and_huge_spreads():
    """A spread below 2 is still scaled up to 1; a player with one payoff everywhere maps
    to 0 (no division by a zero span); payoffs of +-1e308 (whose difference overflows)
    map onto 0 and 1 without overflow."""
    small = NormalFormGame.from_bimatrix([[0.0, 0.5], [1.0, 0.25]], [[1.0, 1.0], [1.0, 1.0]])
    assert normalized_payoffs(small)[..., 0].tolist() == [[0.0, 0.5], [1.0, 0.25]]
    assert normalized_payoffs(small)[..., 1].tolist() == [[0.0, 0.0], [0.0, 0.0]]
    huge = NormalFormGame.from_bimatrix([[1e308, -1e308], [0.0, 5e307]], [[0, 1], [1, 0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = normalized_payoffs(huge)
    assert out[..., 0].tolist() == [[1.0, 0.0], [0.5, 0.75]]
    assert out[..., 1].tolist() == [[0.0, 1.0], [1.0, 0.0]]


def test_profile_key_identifies_profiles_to_nine_decimals():
    """The default rounding is 9 decimal digits: profiles 3e-10 apart are one profile,
    profiles 2e-9 apart are two."""
    half = np.array([0.5, 0.5])
    pure = np.array([1.0, 0.0])
    near = np.array([0.5 + 3e-10, 0.5 - 3e-10])
    apart = np.array([0.5 + 2e-9, 0.5 - 2e-9])
    assert profile_key([half, pure]) == profile_key([near, pure])
    assert profile_key([half, pure]) != profile_key([apart, pure])
    assert profile_key([near, pure], digits=10) != profile_key([half, pure], digits=10)


def test_collect_counts_every_rejected_candidate():
    """Three candidates with positive regret: all three are counted in the warning."""
    found, warns = collect(
        BOS,
        [_pure(0, 1), _pure(1, 0), _pure(0, 0), (np.array([0.5, 0.5]), np.eye(2)[0])],
        tol=1e-8,
        exact=False,
        method="m",
    )
    assert [e.label() for e in found] == ["Row O / Column O"]
    assert warns == [
        "m: rejected 3 candidate profile(s) with regret above 2e-08 (tol=1e-08 times "
        "the payoff spread) (largest regret 2); the game may be degenerate or badly scaled"
    ]


def test_collect_rejects_a_profile_whose_regret_overflows():
    """Row gains 1e308 - -1e308 (inf as a float) by deviating: however large the
    tolerance, an infinite regret is not within it."""
    game = NormalFormGame.from_bimatrix([[1e308], [-1e308]], [[0.0], [0.0]])
    found, warns = collect(game, [_pure(1, 0, 2, 1)], tol=1.0, exact=False, method="m")
    assert found == ()
    assert warns[0].startswith("m: rejected 1 candidate profile(s) with regret above ")
    assert "(largest regret inf)" in warns[0]
    ok, _ = collect(game, [_pure(0, 0, 2, 1)], tol=1e-8, exact=False, method="m")
    assert [e.regret for e in ok] == [0.0]


# ------------------------------------------------------------------ solvers/pure.py
def _brute_force(game, tol=0.0):
    """Pure profiles where no player gains more than ``tol`` times their payoff spread
    by deviating, by loops over every profile and deviation."""
    u = game.payoffs
    limits = [tol * (u[..., i].max() - u[..., i].min()) for i in range(game.num_players)]
    found = []
    for idx in np.ndindex(*game.shape):
        if all(
            u[(*idx[:i], k, *idx[i + 1 :], i)] <= u[(*idx, i)] + limits[i]
            for i in range(game.num_players)
            for k in range(game.shape[i])
        ):
            found.append(idx)
    return found


def _indices(result):
    return sorted(tuple(int(np.argmax(v)) for v in e.vectors) for e in result)


@pytest.mark.parametrize("exact", [False, True], ids=["float", "exact"])
def test_no_pure_equilibrium_when_the_first_two_players_play_matching_pennies(exact):
    """Three players: the first two play matching pennies (no pure equilibrium between
    them), the third is indifferent. No candidate survives the first two players, so
    the search ends before the third; the answer is the empty list, not an error."""
    payoffs = np.zeros((2, 2, 3, 3))
    pennies = np.array([[1.0, -1.0], [-1.0, 1.0]])
    payoffs[..., 0] = pennies[:, :, None]
    payoffs[..., 1] = -pennies[:, :, None]
    game = NormalFormGame.from_payoff_array(payoffs)
    assert _brute_force(game) == []
    result = pure_equilibria(game, exact=exact)
    assert result.equilibria == () and result.complete is False


@pytest.mark.parametrize("exact", [False, True], ids=["float", "exact"])
def test_a_game_without_pure_equilibria_among_many_profiles(exact):
    """Four players, 6 x 6 x 2 x 2: again no pure equilibrium for the first two
    (a 6-strategy rock-paper-scissors-like cycle), so nothing is left to check."""
    cycle = np.zeros((6, 6))
    for k in range(6):
        cycle[k, (k + 1) % 6] = 1.0  # row wins when column plays the next strategy
        cycle[(k + 1) % 6, k] = -1.0
    payoffs = np.zeros((6, 6, 2, 2, 4))
    payoffs[..., 0] = cycle[:, :, None, None]
    payoffs[..., 1] = -cycle[:, :, None, None]
    game = NormalFormGame.from_payoff_array(payoffs)
    assert _brute_force(game) == []
    assert pure_equilibria(game, exact=exact).equilibria == ()


def test_tolerance_boundary_for_a_player_checked_at_the_candidates():
    """6 x 6 x 2 x 2: after the first two players only the four profiles (0, 0, *, *)
    are left, so players 3 and 4 are checked by gathering each candidate's deviations.
    Player 3 gets 0.75 for strategy 1 and 1.0 for strategy 2 there (0 elsewhere: spread
    1), so at tol 0.25 strategy 1 is exactly at the tolerance and still a best response."""
    payoffs = np.zeros((6, 6, 2, 2, 4))
    payoffs[0, :, :, :, 0] = 1.0  # player 1's best response: strategy 1, always
    payoffs[:, 0, :, :, 1] = 1.0  # player 2's: strategy 1
    payoffs[0, 0, 0, :, 2] = 0.75
    payoffs[0, 0, 1, :, 2] = 1.0
    game = NormalFormGame.from_payoff_array(payoffs)
    expected = [(0, 0, 0, 0), (0, 0, 0, 1), (0, 0, 1, 0), (0, 0, 1, 1)]
    assert _brute_force(game, tol=0.25) == expected
    assert _indices(pure_equilibria(game, tol=0.25)) == expected
    assert _brute_force(game, tol=0.2499) == expected[2:]
    assert _indices(pure_equilibria(game, tol=0.2499)) == expected[2:]


# ------------------------------------------------------------------ solvers/enumeration.py
@pytest.mark.parametrize("exact", [False, True], ids=["float", "exact"])
@pytest.mark.parametrize("columns", [62, 63, 64])
def test_enumerate_one_row_strategy_against_many_columns(columns, exact):
    """A 1 x n game has 1 + n labels: from 64 on they no longer fit a 64-bit mask. The
    extreme equilibria are the column's best replies to the one row: columns 6 and n
    (payoff 3) tie, column 8 pays 2, every other column 0."""
    col = np.zeros((1, columns))
    col[0, [5, columns - 1]] = 3.0
    col[0, 7] = 2.0
    game = NormalFormGame.from_bimatrix(np.arange(columns, dtype=float)[None, :], col)
    result = enumerate_equilibria(game, exact=exact)
    assert [e.label() for e in result] == ["Row 1 / Column 6", f"Row 1 / Column {columns}"]
    assert result.complete and not result.warnings
    assert [e.properties["component"] for e in result] == [0, 0]  # one segment
    assert nash_subsets(result) == [(0, 1)]


def test_enumerate_with_the_pivoting_kernel_for_a_one_dimensional_polytope(monkeypatch):
    """With the subset kernel limited to 5 subsets, a 1 x 8 game's row polytope (one
    dimension, where Qhull cannot run) goes to the pivoting kernel: same equilibria."""
    from gametheory.solvers import _polytope

    rng = np.random.default_rng(3)
    game = NormalFormGame.from_bimatrix(rng.integers(0, 5, (1, 8)), rng.integers(0, 5, (1, 8)))
    expected = {e.exact_vectors for e in enumerate_equilibria(game, exact=True)}
    monkeypatch.setattr(_polytope, "SUBSET_LIMIT", 5)
    result = enumerate_equilibria(game)
    assert result.complete and len(result) == len(expected)
    for e in result:
        assert tuple(tuple(float(p) for p in v) for v in e.vectors) in {
            tuple(tuple(float(p) for p in v) for v in ex) for ex in expected
        }


def test_nash_subsets_tell_apart_extreme_strategies_closer_than_rounding():
    """Row is indifferent; column's M pays 1/2 + 1e-12 against both rows, so it is the
    best reply for row mixtures p of T in [1/2 - 1e-12, 1/2 + 1e-12] only. The five
    maximal sets of equilibria keep the two mixtures 2e-12 apart distinct, as exact
    results must (rounded to floats they would be one)."""
    eps = Fraction(1, 10**12)
    game = NormalFormGame.from_bimatrix(
        [[1, 1, 1], [1, 1, 1]],
        [[1, 0, Fraction(1, 2) + eps], [0, 1, Fraction(1, 2) + eps]],
        strategies=(("T", "B"), ("L", "R", "M")),
    )
    result = enumerate_equilibria(game, exact=True)
    high, low = Fraction(1, 2) + eps, Fraction(1, 2) - eps
    assert [(e.exact_vectors[0][0], e.label().split(" / ")[1]) for e in result] == [
        (1, "Column L"),
        (0, "Column R"),
        (high, "Column L"),
        (high, "Column M"),
        (low, "Column R"),
        (low, "Column M"),
    ]
    # [T, high] x L; [low, B] x R; high x [L, M]; [low, high] x M; low x [R, M]
    assert nash_subsets(result) == [(0, 2), (1, 4), (2, 3), (3, 5), (4, 5)]


def test_nash_subsets_of_a_float_result():
    """Float results (no exact vectors) are grouped by their rounded vectors: the
    documented degenerate example's three segments."""
    game = NormalFormGame.from_bimatrix(
        [[1, 1], [1, 1]], [[1, 0], [0, 1]], strategies=(("T", "B"), ("L", "R"))
    )
    result = enumerate_equilibria(game)
    assert result[0].exact_vectors is None
    assert [[result[i].label() for i in s] for s in nash_subsets(result)] == [
        ["Row T / Column L", "Row [T 0.5, B 0.5] / Column L"],
        ["Row B / Column R", "Row [T 0.5, B 0.5] / Column R"],
        ["Row [T 0.5, B 0.5] / Column L", "Row [T 0.5, B 0.5] / Column R"],
    ]


def test_nash_subsets_needs_a_two_player_result():
    three = NormalFormGame.from_payoff_array(np.zeros((2, 2, 2, 3)))
    with pytest.raises(MethodNotApplicableError) as err:
        nash_subsets(pure_equilibria(three))
    assert str(err.value) == (
        "method 'nash_subsets' solves two-player games only, this game has 3 players; "
        "use method 'pure' (all pure equilibria) or 'enumerate-mixed'"
    )


def _supports(result):
    return sorted(tuple(np.flatnonzero(v > 0).tolist() for v in e.vectors) for e in result)


@pytest.mark.parametrize("exact", [False, True], ids=["float", "exact"])
def test_enumerate_the_8x8_coordination_game(exact):
    """Identity payoffs for both players: for every non-empty set S of strategies, both
    playing uniformly on S is an equilibrium, and there are no others -- 2**8 - 1 = 255
    (Quint and Shubik's example). Both polytopes are 8-cubes with 255 vertices besides
    the origin, so completely labelled pairs are matched by the sorted search."""
    game = NormalFormGame.from_bimatrix(np.eye(8), np.eye(8))
    result = enumerate_equilibria(game, exact=exact)
    assert len(result) == 255 and result.complete and not result.warnings
    subsets = [list(s) for k in range(1, 9) for s in itertools.combinations(range(8), k)]
    assert _supports(result) == sorted((s, s) for s in subsets)
    for e in result:
        size = int((e.vectors[0] > 0).sum())
        assert np.allclose(e.vectors[0][e.vectors[0] > 0], 1 / size)


@pytest.mark.parametrize("transpose", [False, True], ids=["9x8", "8x9"])
def test_enumerate_a_coordination_game_with_a_duplicated_strategy(transpose):
    """The 8x8 coordination game plus a copy of strategy 1 for one player: sets S of the
    other player's strategies without strategy 1 give one extreme equilibrium each
    (2**7 - 1), sets with it give two, the weight of strategy 1 on the original or on
    the copy (2 * 2**7): 383. The copy makes 128 vertices degenerate, which are paired
    by testing every combination."""
    payoffs = np.vstack([np.eye(8), np.eye(8)[:1]])
    if transpose:
        payoffs = payoffs.T
    game = NormalFormGame.from_bimatrix(payoffs, payoffs)
    result = enumerate_equilibria(game)
    assert len(result) == 127 + 256 and result.complete and not result.warnings
    copies = [e for e in result if max(e.vectors[1 if transpose else 0][[0, 8]]) > 0]
    assert len(copies) == 256


def test_enumerate_a_coordination_game_with_one_degenerate_vertex():
    """The 8x8 coordination game plus a ninth column paying column 1/8 against every row
    and row 0: column 9 is a best reply only to the uniform row mixture, where all nine
    columns tie (the one degenerate vertex of each polytope). The extreme equilibria are
    the 255 of the coordination game and (uniform, column 9): 256."""
    row = np.hstack([np.eye(8), np.zeros((8, 1))])
    col = np.hstack([np.eye(8), np.full((8, 1), 0.125)])
    result = enumerate_equilibria(NormalFormGame.from_bimatrix(row, col))
    assert len(result) == 256 and result.complete and not result.warnings
    ninth = [e for e in result if e.vectors[1][8] > 0]
    assert len(ninth) == 1
    assert ninth[0].vectors[0].tolist() == [0.125] * 8
    assert ninth[0].vectors[1].tolist() == [0.0] * 8 + [1.0]


def _order_key(e):
    probs = np.concatenate(e.vectors)
    return (int((probs > 0).sum()), *(-probs))


def _in_order(keys):
    """Whether each key is lexicographically at most the next; a first difference below
    1e-9 (float noise, the same probability computed twice) leaves a pair undecided."""
    for a, b in zip(keys, keys[1:], strict=False):
        for x, y in zip(a, b, strict=True):
            if x == y:
                continue
            if abs(x - y) > 1e-9 and x > y:
                return False
            break
    return True


@pytest.mark.parametrize("exact", [False, True], ids=["float", "exact"])
def test_enumerate_lists_equilibria_in_the_documented_order(exact):
    """Isolated equilibria first, then the extreme points of each continuum together;
    within each, smaller supports first, then decreasing probabilities. Checked on games
    with several mixed equilibria of the same support size: random 4x4 games, and
    coordination games with distinct random weights on the diagonal (63 equilibria)."""
    for seed in range(20):
        rng = np.random.default_rng(seed)
        if seed % 2:
            row, col = rng.integers(0, 9, (4, 4)), rng.integers(0, 9, (4, 4))
        else:
            row, col = np.diag(rng.permutation(9)[:6] + 1), np.diag(rng.permutation(9)[:6] + 1)
        game = NormalFormGame.from_bimatrix(row, col)
        result = enumerate_equilibria(game, exact=exact)
        comps = [e.properties["component"] for e in result]
        sizes = {c: comps.count(c) for c in comps}
        isolated = [e for e in result if sizes[e.properties["component"]] == 1]
        assert result.equilibria[: len(isolated)] == tuple(isolated)
        keys = [_order_key(e) for e in isolated]
        assert _in_order(keys), seed
        assert comps[: len(isolated)] == list(range(len(isolated)))  # numbered in order
        for c in set(comps[len(isolated) :]):
            members = [k for k, x in enumerate(comps) if x == c]
            assert members == list(range(members[0], members[-1] + 1))  # listed together
            ordered = [_order_key(result[k]) for k in members]
            assert _in_order(ordered), seed


def _advice(exact):
    return (
        "use method 'lemke-howson' (one equilibrium), 'logit' or 'pure', "
        + ("float mode, " if exact else "")
        + "or raise the limit with max_vertices= (--max-vertices)"
    )


@pytest.mark.parametrize("exact", [False, True], ids=["float", "exact"])
def test_enumerate_vertex_budget_boundary(exact):
    """A 2x2 game's polytopes have at most 8 vertices (McMullen's bound): a limit of 8
    is enough, 7 is refused before any work, with the message a user sees."""
    from gametheory.budget import BudgetError

    game = NormalFormGame.from_bimatrix(np.eye(2), np.eye(2))
    result = enumerate_equilibria(game, exact=exact, max_vertices=8)
    assert len(result) == 3 and result.options == {"tol": 1e-8, "max_vertices": 8}
    assert enumerate_equilibria(game, exact=exact).options == {"tol": 1e-8}
    with pytest.raises(BudgetError) as err:
        enumerate_equilibria(game, exact=exact, max_vertices=7)
    assert str(err.value) == (
        f"{'exact ' if exact else ''}enumeration of this 2x2 game needs 8 polytope "
        f"vertices (bound), more than the limit of 7; {_advice(exact)}"
    )
    with pytest.raises(BudgetError, match="more than the limit of 1;"):
        enumerate_equilibria(game, exact=exact, max_vertices=1)  # 1 is a valid limit


@pytest.mark.parametrize("bad", [0, -1, True, 2.5, "3"])
def test_enumerate_rejects_a_bad_vertex_limit(bad):
    from gametheory import InvalidGameError

    game = NormalFormGame.from_bimatrix(np.eye(2), np.eye(2))
    with pytest.raises(InvalidGameError) as err:
        enumerate_equilibria(game, max_vertices=bad)
    assert str(err.value) == f"max_vertices must be a positive integer, got {bad!r}"


def test_enumerate_default_vertex_limits():
    """Defaults: 60,000 vertices in exact mode (a 12x12 game), 13,000,000 in float mode
    (18x18). A 13x13 game (bound 108,528) is refused exactly but solved in floats."""
    from gametheory.budget import BudgetError

    rng = np.random.default_rng(0)
    game = NormalFormGame.from_bimatrix(rng.normal(size=(13, 13)), rng.normal(size=(13, 13)))
    with pytest.raises(BudgetError) as err:
        enumerate_equilibria(game, exact=True)
    assert str(err.value) == (
        "exact enumeration of this 13x13 game needs 108,528 polytope vertices (bound), "
        f"more than the limit of 60,000; {_advice(True)}"
    )
    assert enumerate_equilibria(game).complete
    big = NormalFormGame.from_bimatrix(np.eye(19), np.eye(19))
    with pytest.raises(BudgetError) as err:
        enumerate_equilibria(big)
    assert str(err.value) == (
        "enumeration of this 19x19 game needs 27,627,600 polytope vertices (bound), "
        f"more than the limit of 13,000,000; {_advice(False)}"
    )
