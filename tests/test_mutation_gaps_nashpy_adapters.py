"""Gap tests for ``gametheory/solvers/nashpy_adapters.py``: nashpy behind our interface.

nashpy's floating-point answers may differ between machines (BLAS), so these tests
assert facts about the adapter only: on games whose answer is certain (a unique
equilibrium, non-degenerate) every algorithm returns it; labels and options come
through; every candidate is verified (a stand-in for nashpy returns the unverified,
non-finite and failing cases); limits and the exact messages of refused input; the
bounded Lemke-Howson loop's pivot count, time limit and cycle report.
"""

from __future__ import annotations

import re
import warnings
from fractions import Fraction

import nashpy
import numpy as np
import pytest

from gametheory import InvalidGameError, MethodNotApplicableError, NormalFormGame
from gametheory.budget import BudgetError
from gametheory.solvers import nashpy_adapters
from gametheory.solvers.nashpy_adapters import (
    lemke_howson,
    support_enumeration,
    vertex_enumeration,
)

# rock-paper-scissors: the unique equilibrium is uniform (non-degenerate)
RPS = NormalFormGame.from_bimatrix(
    [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
    [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
    players=("Ann", "Bob"),
    strategies=(("R", "P", "S"), ("r", "p", "s")),
)
THIRD = [1 / 3] * 3
# 2x3: Top strictly dominates Bottom; the column player's unique best reply to Top is
# Middle: the unique equilibrium is (Top, Middle), and the payoffs are generic
DOM = NormalFormGame.from_bimatrix(
    [[4, 3, 5], [1, 2, 0]],
    [[1, 3, 2], [2, 1, 0]],
    strategies=(("Top", "Bottom"), ("Left", "Middle", "Right")),
)
# the same game with the players' roles swapped (3x2): unique equilibrium (Middle, Top)
DOM_T = NormalFormGame.from_bimatrix(
    np.asarray(DOM.payoffs[..., 1]).T,
    np.asarray(DOM.payoffs[..., 0]).T,
    strategies=(("Left", "Middle", "Right"), ("Top", "Bottom")),
)
# a coordination game: pure equilibria (1, 1) and (2, 2), best replies unique. Dropping
# the label of strategy k, Lemke-Howson makes two pivots (k enters, then the other
# player's unique best reply to k) and ends at the pure equilibrium (k, k)
COORD = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
# nashpy 0.0.43's lexicographic Lemke-Howson cycles on this game from label 0
LOOPING = NormalFormGame.from_bimatrix(
    [[0, -1, -3], [1, 2, 3], [3, 2, 3]], [[-3, -3, -9], [0, 10, 7], [-3, -7, 5]]
)
THREE = NormalFormGame.from_payoff_array(np.zeros((2, 2, 2, 3)))


def profile(eq):
    return [list(map(float, v)) for v in eq.vectors]


ALL_LH = [lambda g, k=k: lemke_howson(g, initial_dropped_label=k) for k in range(5)]


# --- games with a certain answer: every algorithm returns it ------------------------


@pytest.mark.parametrize("solver", [support_enumeration, vertex_enumeration, lemke_howson])
def test_rock_paper_scissors_has_one_uniform_equilibrium(solver):
    res = solver(RPS)
    assert len(res) == 1 and res.warnings == ()
    assert np.allclose(profile(res[0]), [THIRD, THIRD], atol=1e-9)
    assert res.max_regret <= 1e-8 and res.game is RPS
    assert not res.exact and not res.complete


@pytest.mark.parametrize("label", range(6))
def test_lemke_howson_from_every_label_reaches_the_unique_equilibrium(label):
    res = lemke_howson(RPS, initial_dropped_label=label)
    assert len(res) == 1 and np.allclose(profile(res[0]), [THIRD, THIRD], atol=1e-9)


@pytest.mark.parametrize("game, answer", [(DOM, "Top / Middle"), (DOM_T, "Middle / Top")])
def test_dominance_solvable_rectangular_games(game, answer):
    want = f"Row {answer.split(' / ')[0]} / Column {answer.split(' / ')[1]}"
    for solver in (support_enumeration, vertex_enumeration, *ALL_LH):
        res = solver(game)
        assert [e.label() for e in res] == [want] and res.warnings == ()


@pytest.mark.parametrize("label, pure", [(0, 0), (1, 1), (2, 0), (3, 1)])
def test_lemke_howson_on_the_coordination_game_takes_two_pivots(label, pure):
    res = lemke_howson(COORD, initial_dropped_label=label, max_pivots=2)
    want = [[1.0, 0.0], [1.0, 0.0]] if pure == 0 else [[0.0, 1.0], [0.0, 1.0]]
    assert len(res) == 1 and profile(res[0]) == want and res.warnings == ()
    res = lemke_howson(COORD, initial_dropped_label=label, max_pivots=1)
    assert len(res) == 0
    assert res.warnings == (
        f"lemke-howson: no equilibrium within max_pivots=1 pivots from dropped label {label}; "
        "try method 'enumerate'",
    )


def test_answers_do_not_depend_on_the_payoff_scale():
    # nashpy runs on payoffs mapped onto [0, 1]; the profiles are verified on the game
    tiny = NormalFormGame.from_bimatrix(RPS.payoffs[..., 0] * 1e-9, RPS.payoffs[..., 1] + 1e6)
    for solver in (support_enumeration, vertex_enumeration, lemke_howson):
        res = solver(tiny)
        assert len(res) == 1 and res.warnings == ()
        assert np.allclose(profile(res[0]), [THIRD, THIRD], atol=1e-9)


def test_labels_and_fraction_payoffs_come_through_as_floats():
    half = Fraction(1, 2)
    game = NormalFormGame.from_bimatrix(
        [[half, -half], [-half, half]],
        [[-half, half], [half, -half]],
        players=("Ann", "Bob"),
        strategies=(("H", "T"), ("h", "t")),
    )
    for solver in (support_enumeration, vertex_enumeration, lemke_howson):
        res = solver(game)
        assert [e.label() for e in res] == ["Ann [H 0.5, T 0.5] / Bob [h 0.5, t 0.5]"]
        assert not res.exact and res[0]["Ann"]["H"] == pytest.approx(0.5, abs=1e-12)
        assert all(isinstance(p, float) for v in res[0].vectors for p in v.tolist())


@pytest.mark.parametrize("solver", [support_enumeration, vertex_enumeration, lemke_howson])
def test_results_are_float_and_never_complete(solver):
    for game in (DOM, COORD):
        res = solver(game)
        assert res.exact is False and res.complete is False and len(res) >= 1


def test_result_fields_name_the_method_and_its_options():
    res = support_enumeration(DOM, tol=1e-6)
    assert (res.method, res.scope, res.options) == (
        "support",
        "some",
        {"tol": 1e-6, "non_degenerate": False},
    )
    res = support_enumeration(DOM, non_degenerate=1)
    assert res.options == {"tol": 1e-8, "non_degenerate": True}
    res = vertex_enumeration(DOM, tol=1e-7)
    assert (res.method, res.scope, res.options) == ("vertex", "some", {"tol": 1e-7})
    res = lemke_howson(DOM, initial_dropped_label=np.int64(3), max_pivots=np.int32(7))
    assert (res.method, res.scope) == ("lemke-howson", "one")
    assert res.options == {
        "initial_dropped_label": 3,
        "max_pivots": 7,
        "max_time": 60.0,
        "tol": 1e-8,
    }
    assert type(res.options["initial_dropped_label"]) is int
    assert type(res.options["max_pivots"]) is int
    assert lemke_howson(DOM, max_time=None).options["max_time"] is None
    assert lemke_howson(DOM, max_time="2").options["max_time"] == 2.0


def test_non_degenerate_is_passed_to_nashpy(monkeypatch):
    seen = []
    real = nashpy.Game.support_enumeration

    def spy(self, non_degenerate=False, **kw):
        seen.append(non_degenerate)
        return real(self, non_degenerate=non_degenerate, **kw)

    monkeypatch.setattr(nashpy.Game, "support_enumeration", spy)
    support_enumeration(DOM)
    support_enumeration(DOM, non_degenerate="yes")
    assert seen == [False, True]


# --- every candidate is verified ------------------------------------------------------


def stand_in(monkeypatch, *candidates, warn=(), raise_=None, name="support_enumeration"):
    """Replace one of nashpy's algorithms by a generator of ``candidates``."""

    def fake(self, *args, **kwargs):
        assert np.all((0 <= self.payoff_matrices[0]) & (self.payoff_matrices[0] <= 1))
        for text in warn:
            warnings.warn(text, RuntimeWarning, stacklevel=1)
        yield from candidates
        if raise_ is not None:
            raise raise_

    monkeypatch.setattr(nashpy.Game, name, fake)


E1 = (np.array([1.0, 0.0]), np.array([1.0, 0.0]))  # (T, L): an equilibrium of COORD
E2 = (np.array([0.0, 1.0]), np.array([0.0, 1.0]))  # (B, R): another
BAD = (np.array([1.0, 0.0]), np.array([0.0, 1.0]))  # (T, R): not one (regret 1 each)


def test_an_unverified_candidate_is_dropped_with_a_warning(monkeypatch):
    stand_in(monkeypatch, BAD)
    res = support_enumeration(COORD)
    assert len(res) == 0 and not res.complete
    assert res.warnings == (
        "support: rejected 1 candidate profile(s) with regret above 2e-08 (tol=1e-08 "
        "times the payoff spread) (largest regret 1); the game may be degenerate or badly "
        "scaled",
    )


def test_the_tolerance_decides_a_near_equilibrium(monkeypatch):
    # Column's regret is 1e-6 (its payoff spread is 2): between 2e-9 and 2e-5
    near = (np.array([1.0, 0.0]), np.array([1 - 1e-6, 1e-6]))
    stand_in(monkeypatch, near)
    strict = support_enumeration(COORD, tol=1e-9)
    loose = support_enumeration(COORD, tol=1e-5)
    assert len(strict) == 0 and len(loose) == 1
    assert strict.warnings[0].startswith("support: rejected 1 candidate profile(s)")
    assert loose.warnings == ()


def test_non_finite_candidates_are_dropped_and_counted(monkeypatch):
    stand_in(
        monkeypatch,
        E1,
        (np.array([1.0, 0.0]), np.array([np.nan, 1.0])),  # non-finite for Column only
        (np.array([np.inf, 0.0]), np.array([1.0, 0.0])),  # for Row only
        E1,
        E2,
    )
    res = support_enumeration(COORD)
    assert [profile(e) for e in res] == [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]
    assert res.warnings == ("support: dropped 2 non-finite profile(s)",)


def test_nashpy_warnings_are_relayed_once_on_one_line(monkeypatch):
    stand_in(monkeypatch, E1, warn=["An  even\n number", "An  even\n number", "other"])
    res = support_enumeration(COORD)
    assert res.warnings == ("nashpy: An even number", "nashpy: other")
    stand_in(monkeypatch, E1, warn=["degenerate"], name="vertex_enumeration")
    assert vertex_enumeration(COORD).warnings == ("nashpy: degenerate",)


@pytest.mark.parametrize(
    "exc", [ValueError("bad\n  shape"), TypeError("no"), ZeroDivisionError("zero")]
)
def test_a_failure_inside_nashpy_is_a_warning_not_an_error(monkeypatch, exc):
    stand_in(monkeypatch, E1, raise_=exc, name="vertex_enumeration")
    res = vertex_enumeration(COORD)
    assert len(res) == 0 and not res.complete  # nothing claimed, not even E1
    text = " ".join(str(exc).split())
    assert res.warnings == (
        f"vertex: nashpy failed on this (degenerate) game: {text}; use method "
        "'enumerate', which handles degenerate games",
    )


def test_a_failure_message_is_cut_at_120_characters_or_named_by_its_type(monkeypatch):
    stand_in(monkeypatch, raise_=ValueError("x" * 200), name="vertex_enumeration")
    (note,) = vertex_enumeration(COORD).warnings
    assert f": {'x' * 120}; use method" in note
    stand_in(monkeypatch, raise_=ArithmeticError(), name="vertex_enumeration")
    (note,) = vertex_enumeration(COORD).warnings
    assert note.startswith("vertex: nashpy failed on this (degenerate) game: ArithmeticError;")


def test_other_exceptions_are_not_hidden(monkeypatch):
    stand_in(monkeypatch, raise_=KeyError("bug"), name="vertex_enumeration")
    with pytest.raises(KeyError):
        vertex_enumeration(COORD)


def test_a_game_nashpy_cannot_build_gets_no_claims():
    # an all-equal game: every profile is an equilibrium; whatever nashpy does with it,
    # no error escapes and whatever is returned is verified
    game = NormalFormGame.from_bimatrix(np.ones((2, 2)), np.ones((2, 2)))
    for solver in (support_enumeration, vertex_enumeration):
        res = solver(game)
        assert not res.complete
        assert all(e.regret <= 1e-8 for e in res)
        assert len(res) or res.warnings  # nothing found: a warning says why


def test_lemke_howson_verifies_its_end_point(monkeypatch):
    monkeypatch.setattr(nashpy_adapters, "_bounded_lemke_howson", lambda *a: (BAD, None))
    res = lemke_howson(COORD)
    assert len(res) == 0 and res.warnings == (
        "lemke-howson: rejected 1 candidate profile(s) with regret above 2e-08 (tol=1e-08 "
        "times the payoff spread) (largest regret 1); the game may be degenerate or badly "
        "scaled",
    )
    monkeypatch.setattr(nashpy_adapters, "_bounded_lemke_howson", lambda *a: (E2, None))
    res = lemke_howson(COORD)
    assert [profile(e) for e in res] == [[[0, 1], [0, 1]]] and res.warnings == ()


def test_lemke_howson_passes_unit_payoffs_and_its_options_to_the_loop(monkeypatch):
    calls = []

    def loop(A, B, label, max_pivots, max_time):
        calls.append((A.tolist(), B.tolist(), label, max_pivots, max_time))
        return None, "stopped"

    monkeypatch.setattr(nashpy_adapters, "_bounded_lemke_howson", loop)
    game = NormalFormGame.from_bimatrix([[3, 1], [1, 2]], [[10, 20], [40, 30]])
    res = lemke_howson(game, initial_dropped_label=2, max_pivots=9, max_time=5)
    assert calls == [([[1.0, 0.0], [0.0, 0.5]], [[0.0, 1 / 3], [1.0, 2 / 3]], 2, 9, 5.0)]
    assert len(res) == 0 and res.warnings == ("lemke-howson: stopped; try method 'enumerate'",)


# --- the bounded loop -----------------------------------------------------------------


def test_lemke_howson_reports_a_cycle():
    res = lemke_howson(LOOPING, initial_dropped_label=0, max_pivots=10_000, max_time=None)
    assert len(res) == 0
    (note,) = res.warnings
    assert re.fullmatch(
        r"lemke-howson: pivoting from dropped label 0 cycles after \d+ pivots without "
        r"reaching an equilibrium \(degenerate game\); try method 'enumerate'",
        note,
    )


def test_lemke_howson_time_limit_is_checked_after_each_pivot():
    res = lemke_howson(COORD, initial_dropped_label=1, max_time=1e-9)
    assert len(res) == 0 and res.warnings == (
        "lemke-howson: no equilibrium within max_time=1e-09 s (1 pivots from dropped "
        "label 1); try method 'enumerate'",
    )
    assert len(lemke_howson(COORD, initial_dropped_label=1, max_time=None)) == 1


# --- limits and refused input ---------------------------------------------------------


def test_support_enumeration_budget_boundary(monkeypatch):
    game = NormalFormGame.from_bimatrix(np.eye(2, 3), np.eye(2, 3)[::-1])
    # (2**2 - 1) x (2**3 - 1) = 21 support pairs; equal sizes only: 2*3 + 1*3 = 9
    monkeypatch.setattr(nashpy_adapters, "MAX_SUPPORT_PAIRS", 21)
    support_enumeration(game)
    monkeypatch.setattr(nashpy_adapters, "MAX_SUPPORT_PAIRS", 20)
    with pytest.raises(BudgetError) as err:
        support_enumeration(game)
    assert str(err.value) == (
        "support enumeration of this 2x3 game needs 21 support pairs, more than the limit "
        "of 20; use method 'enumerate' (vertex enumeration), 'lemke-howson' or 'pure'"
    )
    monkeypatch.setattr(nashpy_adapters, "MAX_SUPPORT_PAIRS", 9)
    support_enumeration(game, non_degenerate=True)
    monkeypatch.setattr(nashpy_adapters, "MAX_SUPPORT_PAIRS", 8)
    with pytest.raises(BudgetError, match="needs 9 support pairs, more than the limit of 8"):
        support_enumeration(game, non_degenerate=True)


def test_support_enumeration_default_budget_is_a_10x10_game():
    assert nashpy_adapters.MAX_SUPPORT_PAIRS == 1_100_000
    with pytest.raises(BudgetError, match="of this 10x11 game needs 2,094,081 support pairs"):
        support_enumeration(NormalFormGame.from_bimatrix(np.zeros((10, 11)), np.zeros((10, 11))))
    # equal sizes only: C(24, 12) - 1 pairs for a 12x12 game
    with pytest.raises(BudgetError, match="needs 2,704,155 support pairs"):
        support_enumeration(
            NormalFormGame.from_bimatrix(np.zeros((12, 12)), np.zeros((12, 12))),
            non_degenerate=True,
        )


def test_vertex_enumeration_budget_boundary(monkeypatch):
    monkeypatch.setattr(nashpy_adapters, "MAX_FLOAT_VERTICES", 8)  # a 2x2 game's bound
    assert len(vertex_enumeration(COORD)) >= 1
    monkeypatch.setattr(nashpy_adapters, "MAX_FLOAT_VERTICES", 7)
    with pytest.raises(BudgetError) as err:
        vertex_enumeration(COORD)
    assert str(err.value) == (
        "nashpy's vertex enumeration of this 2x2 game needs 8 polytope vertices (bound), "
        "more than the limit of 7; use method 'lemke-howson' (one equilibrium), 'logit' "
        "or 'pure'"
    )


@pytest.mark.parametrize(
    "solver, name",
    [
        (support_enumeration, "support"),
        (vertex_enumeration, "vertex"),
        (lemke_howson, "lemke-howson"),
    ],
)
def test_two_players_only_and_tol_checked(solver, name):
    with pytest.raises(MethodNotApplicableError) as err:
        solver(THREE)
    assert str(err.value).startswith(f"method {name!r} solves two-player games only")
    with pytest.raises(InvalidGameError) as err:
        solver(COORD, tol=-1)
    assert str(err.value) == "tol must be a finite number >= 0, got -1"


@pytest.mark.parametrize("label", [-1, 5, 2.0, "0", True, None])
def test_dropped_label_outside_zero_to_m_plus_n_minus_one_is_refused(label):
    with pytest.raises(InvalidGameError) as err:
        lemke_howson(DOM, initial_dropped_label=label)
    assert str(err.value) == (
        "initial_dropped_label must be an integer from 0 to 4 (0..1: row strategies, "
        f"2..4: column strategies), got {label!r}"
    )


def test_dropped_label_ends_are_accepted():
    assert len(lemke_howson(DOM, initial_dropped_label=0)) == 1
    assert len(lemke_howson(DOM, initial_dropped_label=np.int64(4))) == 1


@pytest.mark.parametrize("bad", [0, -3, True, 2.5, "7"])
def test_max_pivots_must_be_a_positive_integer(bad):
    with pytest.raises(InvalidGameError) as err:
        lemke_howson(DOM, max_pivots=bad)
    assert str(err.value) == f"max_pivots must be a positive integer, got {bad!r}"


@pytest.mark.parametrize("bad, shown", [(0, "0.0"), (-1, "-1.0"), ("soon", "-1.0"), ([], "-1.0")])
def test_max_time_must_be_positive_or_none(bad, shown):
    with pytest.raises(InvalidGameError) as err:
        lemke_howson(DOM, max_time=bad)
    assert str(err.value) == f"max_time must be a positive number of seconds or None, got {shown}"


def test_lemke_howson_defaults():
    res = lemke_howson(COORD)
    assert res.options == {
        "initial_dropped_label": 0,
        "max_pivots": 10_000,
        "max_time": 60.0,
        "tol": 1e-8,
    }
    assert [e.label() for e in res] == ["Row 1 / Column 1"]  # label 0's end point


def test_lemke_howson_asks_nashpy_for_lexicographic_tableaux(monkeypatch):
    import nashpy.linalg

    seen = []
    real_col, real_row = nashpy.linalg.create_col_tableau, nashpy.linalg.create_row_tableau

    def col(payoffs, lexicographic=False):  # nashpy's defaults
        seen.append(("col", payoffs.tolist(), lexicographic))
        return real_col(payoffs, lexicographic)

    def row(payoffs, lexicographic=True):
        seen.append(("row", payoffs.tolist(), lexicographic))
        return real_row(payoffs, lexicographic)

    monkeypatch.setattr(nashpy.linalg, "create_col_tableau", col)
    monkeypatch.setattr(nashpy.linalg, "create_row_tableau", row)
    assert len(lemke_howson(COORD)) == 1
    # the payoffs mapped onto [0, 1]: A to the column tableau, B to the row tableau
    assert seen == [
        ("col", [[1.0, 0.0], [0.0, 0.5]], True),
        ("row", [[0.5, 0.0], [0.0, 1.0]], True),
    ]


class StandInTableau:
    """A tableau whose pivots change nothing (the entering label leaves again) and whose
    strategy is given: enough to drive the bounded loop to each of its exits."""

    def __init__(self, non_basic, strategy=None, error=None):
        self.labels = {0, 1, 2, 3}
        self.non_basic_variables = set(non_basic)
        self.pivots = 0
        self.strategy, self.error = strategy, error

    def pivot_and_drop_label(self, entering):
        self.pivots += 1
        return entering

    def to_strategy(self, basic_labels):
        if self.error is not None:
            raise self.error
        return np.asarray(self.strategy, dtype=float)


def stand_in_tableaux(monkeypatch, col, row):
    import nashpy.linalg

    monkeypatch.setattr(nashpy.linalg, "create_col_tableau", lambda A, lex=False: col)
    monkeypatch.setattr(nashpy.linalg, "create_row_tableau", lambda B, lex=True: row)


def test_a_repeated_basis_pair_is_reported_at_its_first_repeat(monkeypatch):
    # nothing changes: the state (bases, entering label, tableau to pivot) of pivot 1
    # comes back at pivot 3, the next pivot in the same tableau
    col, row = StandInTableau({0, 1}), StandInTableau({0, 1})
    stand_in_tableaux(monkeypatch, col, row)
    res = lemke_howson(COORD, initial_dropped_label=1)
    assert res.warnings == (
        "lemke-howson: pivoting from dropped label 1 cycles after 3 pivots without "
        "reaching an equilibrium (degenerate game); try method 'enumerate'",
    )
    # label 1 is non-basic in the row tableau, so pivoting starts there
    assert (row.pivots, col.pivots) == (2, 1)
    col, row = StandInTableau({2, 3}), StandInTableau({2, 3})
    stand_in_tableaux(monkeypatch, col, row)
    lemke_howson(COORD, initial_dropped_label=1)
    assert (row.pivots, col.pivots) == (1, 2)  # label 1 is basic there: the column's first


def test_the_reported_cycle_length_is_the_number_of_pivots_made():
    (note,) = lemke_howson(LOOPING, max_time=None).warnings
    pivots = int(re.search(r"cycles after (\d+) pivots", note).group(1))
    assert lemke_howson(LOOPING, max_pivots=pivots, max_time=None).warnings == (note,)
    assert lemke_howson(LOOPING, max_pivots=pivots - 1, max_time=None).warnings == (
        f"lemke-howson: no equilibrium within max_pivots={pivots - 1} pivots from dropped "
        "label 0; try method 'enumerate'",
    )


INVALID = (
    "lemke-howson: pivoting ended in an invalid profile (degenerate game?); try method 'enumerate'"
)


@pytest.mark.parametrize(
    "x, y",
    [
        ([np.nan, 1.0], [1.0, 0.0]),
        ([1.0, 0.0], [np.inf, 0.0]),
        ([1.0, 0.0, 0.0], [1.0, 0.0]),
        ([1.0, 0.0], [1.0]),
    ],
    ids=["x-nan", "y-inf", "x-long", "y-short"],
)
def test_an_invalid_end_point_is_reported_not_verified(monkeypatch, x, y):
    # the loop ends after one pivot: both tableaux' non-basic labels cover all four
    stand_in_tableaux(
        monkeypatch, StandInTableau({0, 1}, strategy=y), StandInTableau({2, 3}, strategy=x)
    )
    res = lemke_howson(COORD)
    assert len(res) == 0 and res.warnings == (INVALID,)


@pytest.mark.parametrize("error", [ValueError("no"), ZeroDivisionError("by zero"), IndexError("i")])
def test_a_failing_strategy_read_is_reported(monkeypatch, error):
    stand_in_tableaux(
        monkeypatch, StandInTableau({0, 1}, error=error), StandInTableau({2, 3}, strategy=[1, 0])
    )
    res = lemke_howson(COORD)
    assert len(res) == 0 and res.warnings == (
        f"lemke-howson: pivoting ended in an invalid profile ({error}); try method 'enumerate'",
    )


def test_a_valid_end_point_is_still_verified(monkeypatch):
    # x = (1, 0) and y = (0, 1) is (Top, Right): not an equilibrium of COORD
    stand_in_tableaux(
        monkeypatch,
        StandInTableau({0, 1}, strategy=[0, 1]),
        StandInTableau({2, 3}, strategy=[1, 0]),
    )
    res = lemke_howson(COORD)
    assert len(res) == 0 and res.warnings[0].startswith("lemke-howson: rejected 1 candidate")
    stand_in_tableaux(
        monkeypatch,
        StandInTableau({0, 1}, strategy=[0, 1]),
        StandInTableau({2, 3}, strategy=[0, 1]),
    )
    res = lemke_howson(COORD)
    assert [profile(e) for e in res] == [[[0, 1], [0, 1]]] and res.warnings == ()


def test_candidates_are_read_as_float_vectors(monkeypatch):
    # whatever sequences of numbers nashpy yields (here Python lists of Fractions)
    half = Fraction(1, 2)
    stand_in(monkeypatch, ([half, half], [half, half]), ([1, 0], [Fraction(1), 0]))
    game = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    res = support_enumeration(game)
    assert [profile(e) for e in res] == [[[0.5, 0.5], [0.5, 0.5]]]
    assert all(v.dtype == float for e in res for v in e.vectors)
    assert res.warnings[0].startswith("support: rejected 1 candidate profile(s)")
