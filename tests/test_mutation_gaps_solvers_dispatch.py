"""Gap tests for ``gametheory/solvers/__init__.py``: the ``solve`` dispatcher.

Facts about the dispatcher only: which solver each name runs (seen in the result's
method, scope and completeness), where ``auto`` changes its choice (player count,
exact mode, the profile and time budgets, each at its boundary), the exact messages of
refused input, the options passed through, the warnings it adds, the selection rule,
and the lazy exports (whose module-level cache each test starts without).
"""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest

import gametheory.solvers as solvers
from gametheory import (
    EquilibriumResult,
    InvalidGameError,
    MethodNotApplicableError,
    NormalFormGame,
)
from gametheory.solvers import estimate_mixed_seconds, solve

PD = NormalFormGame.from_bimatrix(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D"))
)
BOS = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
MP = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
STAG = NormalFormGame.from_bimatrix(
    [[4, 0], [3, 3]], [[4, 3], [0, 3]], strategies=(("Stag", "Hare"), ("Stag", "Hare"))
)
# a 2x2x2 game with no dominated strategy (every strategy survives: 27 support profiles)
THREE = NormalFormGame.from_payoff_array(np.arange(24).reshape(2, 2, 2, 3) % 5)
# a 4x4x4 game with no strictly dominated strategy: 15**3 support profiles
BIG = NormalFormGame.from_payoff_array(
    np.random.default_rng(0).integers(0, 9, size=(4, 4, 4, 3)).astype(float)
)
# the row player's strategies differ by 1e-12 against the first column: below float
# resolution at tol 1e-8, so float solvers warn and do not claim completeness
TIES2 = NormalFormGame.from_bimatrix([[1, 0], [1 + 1e-12, 1]], [[1, 0], [0, 1]])
_P3 = np.random.default_rng(3).normal(size=(2, 2, 2, 3))
_P3[1, ..., 0] = _P3[0, ..., 0] + 1e-12
TIES3 = NormalFormGame.from_payoff_array(_P3)
# each player's first strategy strictly dominates: solved by dominance, one pure equilibrium
_PD3 = np.random.default_rng(5).integers(0, 3, size=(2, 2, 2, 3)).astype(float)
for _i in range(3):
    _idx = [slice(None)] * 3 + [_i]
    _idx[_i] = 0
    _PD3[tuple(_idx)] += 10
DOMINANT3 = NormalFormGame.from_payoff_array(_PD3)

NOT_SEARCHED = "pure equilibria only: mixed equilibria were not searched "
TRY = "; try --method enumerate-mixed or logit"


# --- each name runs its solver -------------------------------------------------------


@pytest.mark.parametrize(
    "method, game, scope, complete",
    [
        ("pure", PD, "pure", True),  # dominance solvable: the pure list is complete
        ("pure", BOS, "pure", False),
        ("enumerate", BOS, "all", True),
        ("support", BOS, "some", False),
        ("vertex", BOS, "some", False),
        ("lemke-howson", BOS, "one", False),
        ("enumerate-mixed", THREE, "all", True),
    ],
)
def test_each_name_runs_its_solver(method, game, scope, complete):
    res = solve(game, method=method)
    assert (res.method, res.scope, res.complete) == (method, scope, complete)
    assert res.game is game and res.max_regret <= 1e-8


def test_zero_sum_by_name_gives_the_value_of_matching_pennies():
    res = solve(MP, method="zero-sum", exact=True)
    assert res.method == "zero-sum" and res.exact
    assert [str(p) for v in res[0].exact_vectors for p in v] == ["1/2"] * 4


def test_auto_solves_two_player_games_by_enumeration():
    res = solve(BOS)
    assert res.method == "enumerate" and res.complete and len(res) == 3
    assert res.warnings == ()


# --- auto's choice at its boundaries -------------------------------------------------


def test_estimate_counts_the_supports_left_after_dominance():
    # 27 support profiles and 3 unknowns: 27 x 0.0025 s x (1 + 3/2)
    assert estimate_mixed_seconds(THREE) == (pytest.approx(27 * 0.0025 * 2.5), 27)
    # 4x4x4: 3375 supports, 9 unknowns (benchmarks/bench_auto.py's calibration)
    assert estimate_mixed_seconds(BIG) == (pytest.approx(3375 * 0.0025 * 5.5), 3375)
    # a third row strategy strictly dominated: estimated as the 2x2x2 game it reduces to
    P = np.concatenate([THREE.payoffs, THREE.payoffs[:1] - 1], axis=0)
    assert estimate_mixed_seconds(NormalFormGame.from_payoff_array(P)) == (
        pytest.approx(27 * 0.0025 * 2.5),
        27,
    )
    # a 3x2x2 game with nothing dominated: 7*3*3 supports, 4 unknowns
    Q = np.random.default_rng(0).normal(size=(3, 2, 2, 3))
    from gametheory.solvers.nplayer_enum import surviving_strategies

    assert [len(k) for k in surviving_strategies(Q)] == [3, 2, 2]
    assert estimate_mixed_seconds(NormalFormGame.from_payoff_array(Q)) == (
        pytest.approx(63 * 0.0025 * 3.0),
        63,
    )


def test_auto_runs_enumerate_mixed_at_exactly_its_time_budget(monkeypatch):
    seconds, _ = estimate_mixed_seconds(THREE)
    monkeypatch.setattr(solvers, "AUTO_MIXED_SECONDS", seconds)
    res = solve(THREE)
    assert res.method == "enumerate-mixed" and res.complete
    assert res.options["max_time"] == solvers.AUTO_MIXED_MAX_TIME == 30.0
    monkeypatch.setattr(solvers, "AUTO_MIXED_SECONDS", float(np.nextafter(seconds, 0)))
    assert solve(THREE).method == "pure"


def test_auto_lists_pure_equilibria_of_a_game_over_its_time_budget():
    res = solve(BIG)
    assert (res.method, res.scope, res.complete) == ("pure", "pure", False)
    assert res.warnings == (
        NOT_SEARCHED + "(3,375 support profiles, estimated 46 s, above the auto budget "
        "of 5 s)" + TRY,
    )


def test_auto_profile_budget_boundary(monkeypatch):
    monkeypatch.setattr(solvers, "AUTO_MAX_PROFILES", 8)  # THREE has 8 pure profiles
    assert solve(THREE).method == "enumerate-mixed"
    monkeypatch.setattr(solvers, "AUTO_MAX_PROFILES", 7)
    res = solve(THREE)
    assert (res.method, res.scope, res.complete) == ("pure", "pure", False)
    assert res.warnings == (NOT_SEARCHED + "(8 pure profiles, above the auto budget of 7)" + TRY,)


def test_auto_in_exact_mode_lists_pure_equilibria_with_the_reason():
    res = solve(THREE, exact=True)
    assert (res.method, res.scope, res.exact, res.complete) == ("pure", "pure", True, False)
    assert res.warnings == (
        NOT_SEARCHED + "(exact arithmetic asked for; enumerate-mixed is floating point)" + TRY,
    )


def test_auto_in_exact_mode_on_a_dominance_solvable_game_is_complete_without_warning():
    res = solve(DOMINANT3, exact=True)
    assert (res.method, res.complete, res.warnings) == ("pure", True, ())
    assert [e.label() for e in res] == ["Player 1 1 / Player 2 1 / Player 3 1"]


def test_auto_adds_no_warning_of_its_own_to_an_incomplete_search():
    # two players: enumerate's own precision warning only
    res = solve(TIES2)
    assert res.method == "enumerate" and not res.complete
    assert res.warnings == solvers.enumerate_equilibria(TIES2).warnings
    assert len(res.warnings) == 1 and "below the float tolerance" in res.warnings[0]
    # three players within the budget: enumerate-mixed's own warnings only
    res = solve(TIES3)
    assert res.method == "enumerate-mixed" and not res.complete
    from gametheory.solvers.nplayer_enum import enumerate_mixed

    assert res.warnings == enumerate_mixed(TIES3, max_time=30.0).warnings


def test_a_named_method_adds_no_warning_to_an_incomplete_result():
    from gametheory.solvers.nashpy_adapters import lemke_howson, support_enumeration

    assert solve(PD, method="support").warnings == support_enumeration(PD).warnings
    assert solve(BOS, method="lemke-howson").warnings == lemke_howson(BOS).warnings == ()
    assert solve(BOS, method="pure").warnings == ()


def test_a_complete_result_is_left_complete():
    res = solve(BOS, method="enumerate")
    assert res.complete and res.warnings == () and len(res) == 3


# --- refused input: exact messages ---------------------------------------------------


def test_not_a_game_is_refused():
    with pytest.raises(InvalidGameError) as err:
        solve([[1, 0], [0, 1]])
    assert str(err.value) == "solve needs a NormalFormGame, got list"


def test_method_that_is_not_a_name_is_refused():
    with pytest.raises(MethodNotApplicableError) as err:
        solve(PD, method=3)
    assert str(err.value) == "method must be a name, got 3"


def test_unknown_method_suggests_auto_and_lists_every_method():
    with pytest.raises(MethodNotApplicableError) as err:
        solve(PD, method="Auto")
    assert str(err.value) == (
        "unknown method 'Auto' (did you mean 'auto'?); methods are pure, enumerate, "
        "support, vertex, lemke-howson, zero-sum, logit, enumerate-mixed"
    )
    with pytest.raises(MethodNotApplicableError) as err:
        solvers.get_solver("enumrate")
    assert str(err.value).startswith(
        "unknown method 'enumrate' (did you mean one of 'enumerate', 'enumerate-mixed'?); "
    )


def test_two_player_method_on_three_players_names_the_alternatives():
    with pytest.raises(MethodNotApplicableError) as err:
        solve(THREE, method="support")
    assert str(err.value) == (
        "method 'support' solves two-player games only, this game has 3 players; use "
        "method 'pure' (all pure equilibria) or 'enumerate-mixed'"
    )


def test_exact_refused_by_a_float_method_names_the_exact_ones():
    with pytest.raises(MethodNotApplicableError) as err:
        solve(BOS, method="lemke-howson", exact=True)
    assert str(err.value) == (
        "method 'lemke-howson' does not compute exactly; exact=True works with "
        "'enumerate', 'pure' and 'zero-sum'"
    )


@pytest.mark.parametrize(
    "method, known",
    [
        ("pure", "max_equilibria"),
        ("zero-sum", "none"),
        ("vertex", "none"),
        ("lemke-howson", "initial_dropped_label, max_pivots, max_time"),
        ("enumerate", "max_vertices"),
    ],
)
def test_unknown_option_lists_the_methods_own_options(method, known):
    game = MP if method == "zero-sum" else BOS
    with pytest.raises(MethodNotApplicableError) as err:
        solve(game, method=method, depth=3)
    assert str(err.value) == f"method {method!r} has no option 'depth'; its options are {known}"


def test_options_exact_and_tol_reach_the_solver():
    res = solve(BOS, method="lemke-howson", initial_dropped_label=1, max_pivots=50, tol=1e-6)
    assert res.options == {
        "initial_dropped_label": 1,
        "max_pivots": 50,
        "max_time": 60.0,
        "tol": 1e-6,
    }
    res = solve(MP, method="zero-sum", exact=True, tol=1e-7)
    assert res.exact and res.options["tol"] == 1e-7
    assert not solve(MP, method="zero-sum").exact


# --- solvers registered by users: **options, and an empty "complete" answer ----------


@pytest.fixture
def custom(monkeypatch):
    """Two solvers registered under new names in a module made for the test."""
    module = types.ModuleType("_dispatch_test_solvers")

    def takes_anything(game, /, **options):
        return EquilibriumResult(
            game=game, method="takes-anything", equilibria=(), options=options, scope="some"
        )

    def finds_nothing(game, /, *, tol=1e-8):
        return EquilibriumResult(
            game=game, method="finds-nothing", equilibria=(), complete=True, scope="all"
        )

    module.takes_anything = takes_anything
    module.finds_nothing = finds_nothing
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(solvers.SOLVERS, "takes-anything", f"{module.__name__}:takes_anything")
    monkeypatch.setitem(solvers.SOLVERS, "finds-nothing", f"{module.__name__}:finds_nothing")
    return module


def test_a_solver_taking_any_keyword_gets_exact_tol_and_every_option(custom):
    res = solve(BOS, method="takes-anything", exact=True, tol=1e-5, depth=3)
    assert res.options == {"depth": 3, "exact": True, "tol": 1e-5}


def test_an_empty_list_is_never_complete(custom):
    res = solve(BOS, method="finds-nothing")
    assert len(res) == 0 and res.complete is False
    assert res.warnings == (
        "no equilibrium was found, yet every finite game has one (Nash 1951): "
        "the search missed it; try method 'logit'",
    )


# --- selection ---------------------------------------------------------------------


def test_select_picks_by_the_named_rule():
    plain = solve(STAG)
    assert plain.selection is None
    res = solve(STAG, select="payoff-dominant")
    assert res.selected.label() == "Row Stag / Column Stag"
    assert res.selection.rule == "payoff-dominant"
    res = solve(STAG, select="risk-dominant")
    assert res.selected.label() == "Row Hare / Column Hare"
    assert [e.label() for e in res] == [e.label() for e in plain]


def test_unknown_selection_rule_is_refused_before_solving():
    with pytest.raises(MethodNotApplicableError) as err:
        solve(STAG, select="payoff_dominant")
    assert str(err.value) == (
        "unknown selection rule 'payoff_dominant' (did you mean 'payoff-dominant'?); "
        "rules: payoff-dominant, risk-dominant, logit, first"
    )


# --- lazy exports (PEP 562), from an empty cache -------------------------------------


def test_lazy_exports_resolve_once_and_are_cached(monkeypatch):
    from gametheory.solvers import nashpy_adapters

    for name in solvers._EXPORTS:
        monkeypatch.delitem(solvers.__dict__, name, raising=False)
    assert "support_enumeration" not in solvers.__dict__
    first = solvers.support_enumeration
    assert first is nashpy_adapters.support_enumeration
    assert solvers.__dict__["support_enumeration"] is first
    assert solvers.support_enumeration is first
    from gametheory.solvers.dominance import iterated_elimination

    assert solvers.iterated_elimination is iterated_elimination


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError) as err:
        solvers.no_such_solver  # noqa: B018
    assert str(err.value) == "module 'gametheory.solvers' has no attribute 'no_such_solver'"
    assert not hasattr(solvers, "SOLVERS_") and hasattr(solvers, "SOLVERS")


def test_dir_lists_the_public_names():
    assert dir(solvers) == sorted(solvers.__all__)
    assert "support_enumeration" in dir(solvers) and "_auto" not in dir(solvers)
