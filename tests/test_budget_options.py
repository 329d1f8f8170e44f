"""Every refusal past a budget names an option that exists, from Python and on the
command line, and that option really raises the limit (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gametheory import NormalFormGame
from gametheory.budget import BudgetError
from gametheory.cli import main
from gametheory.errors import GameTheoryError, ModelError
from gametheory.io.nfg import write_nfg
from gametheory.models import load_model
from gametheory.solvers.weak_dominance import weak_elimination_outcomes

MODELS = Path(__file__).resolve().parents[1] / "models"
US_CHINA = MODELS / "us_china.toml"  # a simultaneous two-player model
CHICKEN = MODELS / "chicken.nfg"


def one_line(capsys, *argv):
    code = main([str(a) for a in argv])
    err = capsys.readouterr().err.strip()
    assert code not in (0, 70), err
    assert err.startswith("gametheory: error: ") and "\n" not in err
    return err


def test_model_solve_takes_max_vertices_and_the_refusal_names_it():
    model = load_model(US_CHINA)
    with pytest.raises(BudgetError) as info:
        model.solve(max_vertices=1)
    msg = str(info.value)
    assert "max_vertices=" in msg and "--max-vertices" in msg
    raised = model.solve(max_vertices=10**6)
    assert raised.equilibria and raised.equilibria == model.solve().equilibria


def test_max_vertices_does_not_apply_to_sequential_models():
    with pytest.raises(ModelError, match="max_vertices does not apply"):
        load_model(MODELS / "regional_state.toml").solve(max_vertices=10)


@pytest.mark.parametrize("path", [US_CHINA, CHICKEN], ids=["model", "nfg"])
def test_cli_max_vertices(capsys, path):
    err = one_line(capsys, "solve", path, "--max-vertices", "1")
    assert "--max-vertices" in err
    assert main(["solve", str(path), "--max-vertices", "1000"]) == 0
    capsys.readouterr()


def test_model_table_refusal_names_python_and_cli_options():
    model = load_model(US_CHINA)  # more than one pure profile: a limit of 1 refuses it
    with pytest.raises(GameTheoryError) as info:
        model.game(max_profiles=1)
    msg = str(info.value)
    assert "fix=" in msg and "--fix" in msg


def test_weak_order_budget_names_max_states(capsys, tmp_path):
    # every strategy of both players is weakly dominated by the next: many orders
    n = 6
    A = [[float(i >= j) for j in range(n)] for i in range(n)]
    B = [[float(j >= i) for j in range(n)] for i in range(n)]
    game = NormalFormGame.from_bimatrix(A, B)
    with pytest.raises(GameTheoryError) as info:
        weak_elimination_outcomes(game, max_states=2)
    assert "max_states=" in str(info.value) and "--max-states" in str(info.value)
    path = tmp_path / "weak.nfg"
    write_nfg(game, path)
    err = one_line(capsys, "dominance", path, "--max-states", "2")
    assert "--max-states" in err
    assert main(["dominance", str(path), "--max-states", "100000"]) == 0
    capsys.readouterr()
