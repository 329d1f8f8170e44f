"""classify_game on the classic games in models/ and on constructed cases."""

import json
from pathlib import Path

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.cli import main
from gametheory.game_classes import classify_game, exact_potential
from gametheory.io.nfg import read_nfg

MODELS = Path(__file__).resolve().parent.parent / "models"

# file -> (zero_sum, symmetric, potential, dominance solvable, pure equilibria, 2x2 family)
CASES = {
    "prisoners_dilemma": (False, True, True, True, 1, "dominant strategies"),
    "matching_pennies": (True, False, False, False, 0, "cyclic"),
    "stag_hunt": (False, True, True, False, 2, "coordination (one equilibrium payoff-dominant)"),
    "battle_of_the_sexes": (
        False,
        False,
        True,
        False,
        2,
        "coordination (players rank the equilibria differently)",
    ),
    "chicken": (
        False,
        True,
        True,
        False,
        2,
        "anti-coordination (players rank the equilibria differently)",
    ),
    "rock_paper_scissors": (True, True, False, False, 0, None),
    "volunteers_dilemma": (False, False, True, False, 3, None),
    "three_player_cycle": (False, False, False, False, 0, None),
}


@pytest.mark.parametrize("name", sorted(CASES), ids=sorted(CASES))
def test_classic_games(name):
    c = classify_game(read_nfg(MODELS / f"{name}.nfg"))
    zero, sym, pot, solv, n_pure, kind = CASES[name]
    assert (c.zero_sum, c.symmetric, c.potential, c.dominance_solvable) == (zero, sym, pot, solv)
    assert len(c.pure_equilibria) == n_pure
    assert c.kind_2x2 == kind


def test_prisoners_dilemma_details():
    c = classify_game(read_nfg(MODELS / "prisoners_dilemma.nfg"))
    assert c.dominant == {"Row": "Defect", "Column": "Defect"}
    assert c.social_dilemma
    (eq,) = c.pure_equilibria
    assert eq.strict and {"Row": "Cooperate", "Column": "Cooperate"} in eq.pareto_dominated_by


def test_potential_is_verified_on_every_deviation():
    g = read_nfg(MODELS / "volunteers_dilemma.nfg")
    phi = exact_potential(g)
    U = g.exact_payoffs
    for idx in np.ndindex(*g.shape):
        for i in range(3):
            for k in range(2):
                dev = idx[:i] + (k,) + idx[i + 1 :]
                assert U[dev][i] - U[idx][i] == phi[dev] - phi[idx]


def test_constant_sum_and_weak_order_dependence():
    g = NormalFormGame.from_bimatrix([[3, 1], [2, 2]], [[-1, 1], [0, 0]])
    c = classify_game(g)
    assert c.constant_sum and not c.zero_sum and c.constant == 2
    order = NormalFormGame.from_bimatrix([[1, 0], [1, 2], [0, 2]], [[1, 0], [1, 1], [0, 1]])
    c = classify_game(order)
    assert len(c.weak_outcomes) == 3 and not c.weakly_dominance_solvable
    assert "weakly dominance solvable" not in c.classes


def test_weakly_dominance_solvable():
    g = NormalFormGame.from_bimatrix([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    c = classify_game(g)
    assert c.weakly_dominance_solvable and not c.dominance_solvable
    assert c.weakly_dominant == {"Row": "1", "Column": "1"}
    assert [e.strict for e in c.pure_equilibria] == [True, False]


def test_cli_classify_text_and_json(capsys):
    assert main(["classify", str(MODELS / "chicken.nfg")]) == 0
    out = capsys.readouterr().out
    assert "anti-coordination" in out and "Pure equilibria: 2" in out
    assert main(["classify", str(MODELS / "matching_pennies.nfg"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["zero_sum"] is True and data["pure_equilibria"] == []
    assert data["classes"] == ["zero-sum", "2x2: cyclic"]


def test_cli_dominance_shows_order_and_order_dependence(tmp_path, capsys):
    from gametheory.io.nfg import write_nfg

    path = tmp_path / "order.nfg"
    write_nfg(
        NormalFormGame.from_bimatrix(
            [[1, 0], [1, 2], [0, 2]],
            [[1, 0], [1, 1], [0, 1]],
            strategies=(("T", "M", "B"), ("L", "R")),
        ),
        path,
    )
    assert main(["dominance", str(path)]) == 0
    out = capsys.readouterr().out
    assert "THE ORDER MATTERS" in out and "round 1: Row's T is weakly dominated by M" in out
    assert main(["dominance", str(path), "--json", "--order", "sequential"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["weak"]["order_matters"] is True
    assert [e["strategy"] for e in data["weak"]["eliminations"]] == ["T", "B"]
    assert len(data["weak"]["outcomes"]) == 3


def test_cli_dominance_strict_rounds(capsys):
    assert main(["dominance", str(MODELS / "prisoners_dilemma.nfg"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["strict"]["surviving"] == {"Row": ["Defect"], "Column": ["Defect"]}
    assert {e["round"] for e in data["strict"]["eliminations"]} == {1}


def test_cli_errors_are_one_line(tmp_path, capsys):
    bad = tmp_path / "x.txt"
    bad.write_text("hi")
    assert main(["classify", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unsupported file type" in err
    assert main(["dominance", str(tmp_path)]) == 1
    assert "is a directory" in capsys.readouterr().err


def test_trees_are_classified_by_their_reduced_normal_form(capsys):
    assert main(["classify", str(MODELS / "entry_deterrence.efg"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["game"]["title"] == "Entry deterrence (reduced normal form)"
    kinds = sorted((tuple(e["profile"].values()), e["strict"]) for e in data["pure_equilibria"])
    assert kinds == [(("In", "Accommodate"), True), (("Out", "Fight"), False)]
    assert data["weakly_dominance_solvable"] is True  # weak elimination removes the empty threat


def test_pure_equilibria_are_checked_for_perfection_and_properness():
    A = [[1, 0, -9], [0, 0, -7], [-9, -7, -7]]  # Myerson (1978)
    g = NormalFormGame.from_bimatrix(
        A, [list(r) for r in zip(*A, strict=True)], strategies=(("U", "M", "D"), ("L", "M", "R"))
    )
    flags = {
        tuple(e.profile.values()): (e.perfect, e.proper) for e in classify_game(g).pure_equilibria
    }
    assert flags == {
        ("U", "L"): (True, True),
        ("M", "M"): (True, False),
        ("D", "R"): (False, False),
    }
    # more than two players: not checked
    c = classify_game(read_nfg(MODELS / "volunteers_dilemma.nfg"))
    assert all(e.perfect is None and e.proper is None for e in c.pure_equilibria)


def test_cli_classify_shows_the_empty_threat_is_not_perfect(capsys):
    assert main(["classify", str(MODELS / "entry_deterrence.efg")]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "Entrant Out / Incumbent Fight" in x)
    assert line.split()[-4:-1] == ["weak", "no", "no"]
