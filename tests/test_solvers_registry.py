"""solve() and the SOLVERS registry: dispatch, applicability and option errors."""

import subprocess
import sys

import numpy as np
import pytest

import gametheory
from gametheory import MethodNotApplicableError, NormalFormGame
from gametheory.solvers import SOLVERS, get_solver, solve

PD = NormalFormGame.from_bimatrix(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D"))
)
THREE = NormalFormGame.from_payoff_array(np.arange(24).reshape(2, 2, 2, 3) % 5)


def test_auto_picks_enumerate_for_two_and_enumerate_mixed_for_small_larger_games():
    assert solve(PD).method == "enumerate"
    res = solve(THREE)
    assert res.method == "enumerate-mixed" and res.scope == "all"


def test_auto_lists_pure_equilibria_only_past_its_budget(monkeypatch):
    import gametheory.solvers as solvers

    monkeypatch.setattr(solvers, "AUTO_MIXED_SECONDS", 0.0)
    res = solve(THREE)
    assert res.method == "pure" and res.scope == "pure" and not res.complete
    assert any(
        w.startswith("pure equilibria only: mixed equilibria were not searched")
        and w.endswith("try --method enumerate-mixed or logit")
        for w in res.warnings
    )


def test_exact_and_tol_are_forwarded():
    res = solve(PD, method="enumerate", exact=True, tol=1e-6)
    assert res.exact and res.options["tol"] == 1e-6
    assert solve(THREE, exact=True).exact


@pytest.mark.parametrize("method", ["enumerate", "support", "vertex", "lemke-howson", "zero-sum"])
def test_two_player_methods_refuse_three_players(method):
    with pytest.raises(MethodNotApplicableError, match=rf"'{method}' solves two-player .*'pure'"):
        solve(THREE, method=method)


def test_unknown_method_lists_the_known_ones():
    with pytest.raises(MethodNotApplicableError, match="unknown method 'nash'; methods are pure"):
        solve(PD, method="nash")


def test_unknown_option_names_the_options():
    with pytest.raises(
        MethodNotApplicableError, match="'pure' has no option 'depth'.*max_equilibria"
    ):
        solve(PD, method="pure", depth=3)


def test_every_registered_solver_resolves():
    for name, target in SOLVERS.items():
        func = get_solver(name)
        assert callable(func) and func.__name__ == target.split(":")[1]


def test_package_level_exports():
    assert gametheory.solve is solve
    for name in ("pure_equilibria", "enumerate_equilibria"):
        assert callable(getattr(gametheory, name))


def test_import_is_cheap():
    code = (
        "import sys, gametheory.solvers; "
        "print(any(m in sys.modules for m in ('scipy', 'nashpy', 'sympy', 'pandas')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_exact_is_refused_by_methods_without_it():
    with pytest.raises(MethodNotApplicableError, match="'support' does not compute exactly"):
        solve(PD, method="support", exact=True)


BOS = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
MP = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])


@pytest.mark.parametrize("method", sorted(SOLVERS))
def test_solver_contract(method):
    """Every registered solver: returns an EquilibriumResult named after itself, whose
    equilibria are profiles of the game it was given, checked against the game."""
    try:
        get_solver(method)
    except MethodNotApplicableError:
        pytest.skip(f"{method} not installed")
    from gametheory import EquilibriumResult

    game = MP if method == "zero-sum" else BOS
    res = solve(game, method=method)
    assert isinstance(res, EquilibriumResult)
    assert res.method == method and res.game is game
    assert len(res) >= 1
    for eq in res:
        assert eq.game is game
        assert all(abs(v.sum() - 1) < 1e-12 for v in eq.vectors)
    if method in {"pure", "enumerate", "support", "vertex", "lemke-howson", "zero-sum"}:
        assert res.max_regret <= 1e-8 and "tol" in res.options
