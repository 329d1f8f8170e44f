"""Tests for the gaps a mutation test of ``solvers/zerosum.py`` found (issue 13).

``python benchmarks/mutation.py gametheory/solvers/zerosum.py`` runs these against each
injected change. Each test states a fact about the code -- the value of a zero-sum game
against an independent linear program, known games' values, the exact message of a
rejected input, a limit at its boundary -- not the mutant.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import linprog

from gametheory import InvalidGameError, MethodNotApplicableError, NormalFormGame
from gametheory.solvers import zero_sum, zerosum


def lp_value(A: np.ndarray) -> float:
    """The value of the zero-sum game ``A`` (row maximises), by the textbook reduction:
    shift ``A`` to be positive, minimise ``1^T u`` subject to ``A^T u >= 1``, ``u >= 0``;
    then the value is ``1 / 1^T u`` minus the shift (a different LP from the module's)."""
    A = np.asarray(A, dtype=float)
    low, spread = A.min(), float(A.max() - A.min()) or 1.0
    P = (A - low) / spread + 1.0  # in [1, 2]: the LP's absolute tolerances hold at any scale
    m, n = P.shape
    res = linprog(np.ones(m), A_ub=-P.T, b_ub=-np.ones(n), bounds=[(0, None)] * m, method="highs")
    assert res.status == 0
    return (1.0 / res.x.sum() - 1.0) * spread + low


def check_optimal(A: np.ndarray, result, *, rel: float = 1e-7) -> float:
    """The result's profile guarantees its value to both players (up to ``rel`` times the
    spread of ``A``), and the value is the game's; returns the value."""
    A = np.asarray(A, dtype=float)
    (eq,) = result
    x, y = (np.asarray(v, dtype=float) for v in eq.vectors)
    value = eq.properties["value"]
    spread = float(A.max() - A.min()) or 1.0
    assert x.min() >= 0 and y.min() >= 0
    assert x.sum() == pytest.approx(1.0) and y.sum() == pytest.approx(1.0)
    assert (A.T @ x).min() >= value - rel * spread  # the row player secures the value
    assert (A @ y).max() <= value + rel * spread  # the column player holds Row to it
    assert value == pytest.approx(lp_value(A), abs=rel * spread)
    return value


@pytest.mark.parametrize("seed", range(12))
def test_the_value_agrees_with_an_independent_linear_program(seed):
    rng = np.random.default_rng(seed)
    m, n = (int(k) for k in rng.integers(1, 5, 2))
    scale = float(10.0 ** rng.integers(-6, 7))
    A = rng.integers(-5, 6, (m, n)) * scale + float(rng.integers(-3, 4)) * scale
    res = zero_sum(NormalFormGame.from_bimatrix(A))
    check_optimal(A, res)
    assert res.warnings == ()


def test_known_values():
    cases = [
        ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], 0.0),  # rock, paper, scissors
        ([[1, -1], [-1, 1]], 0.0),  # matching pennies
        ([[3, -1], [-2, 1]], 1 / 7),
        ([[2, 3], [1, 4]], 2.0),  # a saddle point
        ([[4, 0, 2], [1, 3, 2]], 2.0),
        ([[0.1, 0.4], [0.3, 0.2]], 0.25),  # payoffs spanning less than 1
    ]
    for A, value in cases:
        res = zero_sum(NormalFormGame.from_bimatrix(A))
        assert check_optimal(A, res) == pytest.approx(value, abs=1e-9), A


def test_the_maximin_strategies_of_a_known_game():
    A = [[3, -1], [-2, 1]]  # x = (3/7, 4/7), y = (2/7, 5/7), value 1/7
    (eq,) = zero_sum(NormalFormGame.from_bimatrix(A))
    assert np.allclose(eq.vectors[0], [3 / 7, 4 / 7], atol=1e-9)
    assert np.allclose(eq.vectors[1], [2 / 7, 5 / 7], atol=1e-9)
    assert eq.payoffs["Row"] == pytest.approx(1 / 7) and eq.payoffs["Column"] == pytest.approx(
        -1 / 7
    )


def test_the_result_records_method_options_and_scope():
    game = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    for exact in (False, True):
        res = zero_sum(game, exact=exact, tol=1e-6)
        assert res.method == "zero-sum" and res.exact is exact
        assert res.options == {"tol": 1e-6}
        assert res.complete is False and res.scope == "one"
        assert res.warnings == ()
        assert res.game is game


def test_constant_sum_games_report_their_constant():
    A = np.array([[3, 1], [2, 4]])
    game = NormalFormGame.from_bimatrix(A, 5 - A)
    (eq,) = zero_sum(game)
    assert eq.properties["constant_sum"] == 5.0 and type(eq.properties["constant_sum"]) is float
    assert eq.properties["value"] == pytest.approx(2.5)
    assert type(eq.properties["value"]) is float
    (ex,) = zero_sum(game, exact=True)
    assert ex.properties == {"value": Fraction(5, 2), "constant_sum": Fraction(5)}


def test_a_game_whose_payoffs_are_all_equal():
    """Span 0: the value is the one payoff, any profile is optimal, nothing is warned."""
    for c in (0.0, 3.0, -2.5):
        game = NormalFormGame.from_bimatrix(np.full((2, 3), c), np.full((2, 3), -c))
        res = zero_sum(game)
        (eq,) = res
        assert eq.properties == {"value": c, "constant_sum": 0.0}
        assert eq.regret == 0 and res.warnings == ()


def test_constant_sum_boundary_is_relative_to_the_payoff_spread():
    A = np.array([[1.0, -1.0], [-1.0, 1.0]]) * 1e6
    for off, ok in ((1e-4, True), (1e-2, False)):  # the spread is 2e6: limit 2e-3
        B = -A + np.array([[0.0, off], [0.0, 0.0]])
        game = NormalFormGame.from_bimatrix(A, B)
        if ok:
            assert zero_sum(game)[0].properties["value"] == pytest.approx(0.0, abs=1e-3)
        else:
            with pytest.raises(MethodNotApplicableError, match="constant-sum"):
                zero_sum(game)
    # far off, relative to a spread of 2: totals 0 and 0.01 are not constant
    with pytest.raises(MethodNotApplicableError):
        zero_sum(NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1.01], [1, -1]]))


def test_the_refusal_names_the_range_of_totals():
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(MethodNotApplicableError) as err:
        zero_sum(pd)
    assert str(err.value) == (
        "method 'zero-sum' needs a constant-sum game (payoffs adding to the same total at "
        "every profile; here the totals range from 2 to 6); use method 'enumerate'"
    )


def test_three_players_and_bad_tolerances_are_refused():
    three = NormalFormGame.from_payoff_array(np.zeros((2, 2, 2, 3)))
    with pytest.raises(MethodNotApplicableError) as err:
        zero_sum(three)
    assert str(err.value).startswith(
        "method 'zero-sum' solves two-player games only, this game has 3 players"
    )
    pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    with pytest.raises(InvalidGameError, match=r"^tol must be a finite number >= 0, got -1$"):
        zero_sum(pennies, tol=-1)


def test_exact_mode_needs_exactly_constant_totals():
    """Totals within the float tolerance but not exactly equal: float mode solves, exact
    mode refuses (two distinct totals, and three)."""
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    message = (
        "method 'zero-sum' with exact=True needs payoffs adding to exactly the same total "
        "at every profile; use method 'enumerate'"
    )
    for offsets in ([[0.0, 1e-12], [0.0, 0.0]], [[0.0, 1e-12], [2e-12, 0.0]]):
        game = NormalFormGame.from_bimatrix(A, -A + np.array(offsets))
        assert zero_sum(game)[0].properties["value"] == pytest.approx(0.0, abs=1e-9)
        with pytest.raises(MethodNotApplicableError) as err:
            zero_sum(game, exact=True)
        assert str(err.value) == message


def test_exact_values_are_fractions_with_the_rational_profile():
    game = NormalFormGame.from_bimatrix([[3, -1], [-2, 1]])
    (eq,) = zero_sum(game, exact=True)
    assert eq.properties == {"value": Fraction(1, 7), "constant_sum": Fraction(0)}
    assert eq.exact_vectors == (
        (Fraction(3, 7), Fraction(4, 7)),
        (Fraction(2, 7), Fraction(5, 7)),
    )
    assert eq.exact_regret == 0
    # the value is the row player's (the column player's would be -1/7)
    rng = np.random.default_rng(5)
    for _ in range(6):
        A = rng.integers(-4, 5, (3, 3))
        (ex,) = zero_sum(NormalFormGame.from_bimatrix(A), exact=True)
        assert float(ex.properties["value"]) == pytest.approx(lp_value(A), abs=1e-9)


class _Disagreeing:
    """Stands in for ``_maximin``: the real linear program, with the second call's value
    (the column player's) moved by ``offset`` (in the programs' unit payoffs)."""

    def __init__(self, offset: float) -> None:
        self.offset, self.calls, self.real = offset, 0, zerosum._maximin

    def __call__(self, A):
        self.calls += 1
        x, v = self.real(A)
        return (x, v - self.offset) if self.calls == 2 else (x, v)


@pytest.mark.parametrize(
    ("offset", "tol", "warned"),
    [
        (0.0, 1e-8, False),
        (1e-10, 1e-8, False),  # below tol times the spread
        (5e-9, 1e-8, False),  # the larger of tol and 1e-9 is the limit
        (1e-4, 1e-8, True),
        (1e-4, 1e-12, True),  # a tol below 1e-9 still warns past 1e-9 times the spread
    ],
)
def test_a_disagreement_between_the_two_linear_programs_is_warned(monkeypatch, offset, tol, warned):
    """The value from the column player's program must match the row player's; a
    mismatch beyond the tolerance (relative to the spread, 2 here) is reported."""
    monkeypatch.setattr(zerosum, "_maximin", _Disagreeing(offset))
    res = zero_sum(NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]), tol=tol)
    notes = [w for w in res.warnings if "disagree" in w]
    if warned:
        w = -1.0 + 2 * (0.5 + offset)  # the column program's unit value mapped back
        assert notes == [f"zero-sum: the two linear programs disagree on the value (0 vs {w:g})"]
    else:
        assert notes == []


def test_payoffs_beyond_float_resolution_are_flagged_by_name():
    """Differences of 1e-300 beside payoffs of 1e300: float mode says so, naming the method."""
    game = NormalFormGame.from_bimatrix([[1e300, 1.0], [1e-300, 0.0]])
    (note,) = zero_sum(game).warnings
    assert note.startswith("zero-sum: payoff differences as small as 1e-300 are below the float")
    assert zero_sum(game, exact=True).warnings == ()


def test_a_one_by_one_game():
    game = NormalFormGame.from_bimatrix([[3]], [[4]])
    assert zero_sum(game)[0].properties == {"value": 3.0, "constant_sum": 7.0}
    assert zero_sum(game, exact=True)[0].properties == {
        "value": Fraction(3),
        "constant_sum": Fraction(7),
    }
