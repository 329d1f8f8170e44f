"""Gambit .efg files: reading, writing, one-line errors, the CLI's JSON contract, pygambit cross-checks."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from gametheory.cli import main
from gametheory.errors import GameFileError
from gametheory.extensive import classics
from gametheory.extensive.evaluate import expected_payoffs
from gametheory.io.efg import format_efg, parse_efg, read_efg, write_efg

ROOT = Path(__file__).resolve().parents[1]
MODELS = sorted((ROOT / "models").glob("*.efg"))

BAYES = """EFG 2 R "General Bayes game, one stage" { "Player 1" "Player 2" }
c "ROOT" 1 "(0,1)" { "1G" 0.500000 "1B" 0.500000 } 0
c "" 2 "(0,2)" { "2g" 0.500000 "2b" 0.500000 } 0
p "" 1 1 "(1,1)" { "H" "L" } 0
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 1 "Outcome 1" { 10.000000 2.000000 }
t "" 2 "Outcome 2" { 0.000000 10.000000 }
p "" 2 1 0
t "" 3 "Outcome 3" { 2.000000 4.000000 }
t "" 4 "Outcome 4" { 4.000000 0.000000 }
p "" 1 1 "(1,1)" { "H" "L" } 0
p "" 2 2 "(2,2)" { "h" "l" } 0
t "" 1
t "" 6 "Outcome 6" { 0.000000 10.000000 }
p "" 2 2 "(2,2)" { "h" "l" } 0
t "" 7 "Outcome 7" { 2.000000 4.000000 }
t "" 8 "Outcome 8" { 4.000000 0.000000 }
c "" 3 "(0,3)" { "2g" 0.500000 "2b" 0.500000 } 0
p "" 1 2 "(1,2)" { "H" "L" } 0
t "" 9 "" { 1 1 }
t "" 9
p "" 1 2 "(1,2)" { "H" "L" } 10 "bonus" { 1/2, 0 }
t "" 9
t "" 0
"""


def test_reads_gambit_documentation_example_with_omitted_descriptions():
    g = parse_efg(BAYES)
    assert g.players == ("Player 1", "Player 2")
    assert [s.label for s in g.infosets[1]] == ["(2,1)", "(2,2)"]
    assert g.infosets[1][0].nodes == (3, 6)  # "p "" 2 1" repeats the information set
    assert g.root.probabilities == (Fraction(1, 2), Fraction(1, 2))
    # outcome 1 reused without payoffs; the outcome at a non-terminal node adds to those below
    assert g.nodes[11].payoffs == (10, 2)
    last = g.terminal_nodes[-2:]
    assert [t.payoffs for t in last] == [(Fraction(3, 2), 1), (Fraction(1, 2), 0)]


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_models_round_trip_in_both_forms(path, tmp_path):
    g = read_efg(path)
    assert parse_efg(format_efg(g)) == g
    assert parse_efg(format_efg(g, outcome_form=True)) == g
    out = write_efg(g, tmp_path / "copy.efg")
    assert read_efg(out) == g


@pytest.mark.parametrize(
    "text, message",
    [
        (
            'NFG 1 R "" { "A" }',
            "line 1: expected 'EFG' (a Gambit extensive-form file) "
            "(a strategic-form .nfg game?), found symbol 'NFG'",
        ),
        ("", "line 1: file is empty: expected a Gambit game starting 'EFG 2 R'"),
        ('EFG 1 R "" { "A" }', "line 1: expected EFG version 2, found 1"),
        ('EFG 2 R "" { }', "line 1: the game has no players: expected at least one name"),
        ('EFG 2 R "" { "A" }\np "" 2 1 "" { "x" } 0', "line 2: player 2 does not exist"),
        (
            'EFG 2 R "" { "A" }\nc "" 1 "" { "h" 1/2 "t" 1/3 } 0',
            "line 2: chance probabilities sum to 5/6",
        ),
        (
            'EFG 2 R "" { "A" }\np "" 1 1 "" { "x" "y" } 0\nt "" 1 "" { 1 }\n',
            "line 3: the file ends before the tree is complete",
        ),
        (
            'EFG 2 R "" { "A" }\np "" 1 1 "" { "x" } 0\nt "" 2\n',
            "line 3: outcome 2 is used before its payoffs",
        ),
        (
            'EFG 2 R "" { "A" "B" }\np "" 1 1 "" { "x" } 0\nt "" 1 "" { 1 }\n',
            "line 3: outcome 1 has 1 payoffs for 2 players",
        ),
        (
            'EFG 2 R "" { "A" }\np "" 1 1 "" { "x" } 0\nt "" 1 "" { 1 }\nt "" 0\n',
            "line 4: unexpected",
        ),
        (
            'EFG 2 R "" { "A" }\np "" 1 1 "" { "x" "y" } 0\nt "" 0\np "" 1 1 "" { "x" "z" } 0\n',
            "line 4: information set 1 of 'A' was declared with other actions",
        ),
    ],
    ids=[
        "header",
        "empty",
        "version",
        "no-players",
        "player",
        "chance",
        "truncated",
        "outcome",
        "payoff-count",
        "trailing",
        "infoset",
    ],
)
def test_malformed_files_give_one_line_naming_the_line(text, message):
    with pytest.raises(GameFileError) as err:
        parse_efg(text, source="g.efg")
    assert str(err.value).startswith("g.efg, ") and message in str(err.value)
    assert "\n" not in str(err.value)


def test_cli_json_contract(capsys):
    assert main(["solve", str(ROOT / "models" / "beer_quiche.efg"), "--json", "--exact"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["method"] == "enumerate" and out["complete"] is True
    assert out["infosets"] == {
        "Sender": ["strong", "weak"],
        "Receiver": ["after beer", "after quiche"],
    }
    for eq in out["equilibria"]:
        assert set(eq) >= {"behavior", "payoffs", "regret"}
        assert [list(d) for d in eq["behavior"]["Sender"]] == [["beer", "quiche"]] * 2
        assert eq["exact_regret"] == "0"
        assert all(isinstance(v, str) for v in eq["payoffs"].values())


def test_cli_kuhn_value_and_errors(capsys, tmp_path):
    assert (
        main(
            [
                "solve",
                str(ROOT / "models" / "kuhn_poker.efg"),
                "--method",
                "zero-sum",
                "--exact",
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["value"] == {"Player 1": "-1/18", "Player 2": "1/18"}
    bad = tmp_path / "bad.efg"
    bad.write_text('EFG 2 R "" { "A" }\np "" 1 1 "" { "x" } 0\n')
    assert main(["solve", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("gametheory: error:") and "line 2" in err and "\n" not in err
    assert main(["solve", str(ROOT / "models" / "selten_horse.efg"), "--method", "lcp"]) == 1
    assert "two-player" in capsys.readouterr().err


# ------------------------------------------------------------------ pygambit
def _gambit():
    gbt = pytest.importorskip("pygambit", reason="pygambit (optional, GPL) is not installed")
    if not hasattr(gbt, "read_efg"):
        pytest.skip("this pygambit has no read_efg")
    return gbt


def _their_behavior(game, eq, gbt_game):
    """Gambit's profile as our behaviour array, by labels (pygambit 17: eq[player] lists infosets)."""
    out = []
    for p in game.players:
        per = [d[1] if isinstance(d, tuple) else d for d in eq[p]]  # 17.0 betas: (infoset, dict)
        out.append(
            tuple(
                tuple(Fraction(str(d[a])) for a in s.actions)
                for s, d in zip(game.infosets[game.players.index(p)], per, strict=True)
            )
        )
    return tuple(out)


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_gambit_reads_our_files_and_agrees_on_perfect_recall(path):
    gbt = _gambit()
    ours = read_efg(path)
    theirs = gbt.read_efg(str(path))
    assert [str(p) for p in theirs.players] == list(ours.players)
    assert bool(theirs.is_perfect_recall) == ours.has_perfect_recall


def test_gambit_equilibria_have_zero_regret_by_our_check():
    gbt = _gambit()
    from gametheory.extensive.evaluate import player_regrets

    for path in ("kuhn_poker", "beer_quiche", "job_market", "entry_deterrence"):
        game = read_efg(ROOT / "models" / f"{path}.efg")
        g = gbt.read_efg(str(ROOT / "models" / f"{path}.efg"))
        res = gbt.nash.lcp_solve(g, rational=True)
        eqs = res.equilibria if hasattr(res, "equilibria") else [res.equilibrium]
        try:
            behaviour = _their_behavior(game, eqs[0], g)
        except (TypeError, KeyError, AttributeError) as exc:  # API of another pygambit
            pytest.skip(f"cannot read this pygambit's behaviour profiles: {exc}")
        assert max(player_regrets(game, behaviour)) == 0


def test_gambit_kuhn_value_matches():
    gbt = _gambit()
    g = gbt.read_efg(str(ROOT / "models" / "kuhn_poker.efg"))
    res = gbt.nash.lp_solve(g, rational=True)
    eq = res.equilibrium if hasattr(res, "equilibrium") else res.equilibria[0]
    game = classics.kuhn_poker()
    behaviour = _their_behavior(game, eq, g)
    assert expected_payoffs(game, behaviour)[0] == Fraction(-1, 18)


def _shape(game):
    """Everything but outcome names (Gambit names unnamed outcomes "_1", "_2", ...)."""
    return (
        game.title,
        game.players,
        tuple(
            (
                n.kind,
                n.label,
                n.children,
                n.player,
                n.infoset,
                n.actions,
                n.probabilities,
                n.payoffs,
            )
            for n in game.nodes
        ),
        tuple(tuple((s.label, s.actions, s.nodes) for s in sets) for sets in game.infosets),
    )


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_gambit_round_trip_of_our_files(path):
    gbt = _gambit()
    theirs = gbt.read_efg(str(path))
    if not callable(getattr(theirs, "to_efg", None)):
        pytest.skip("this pygambit cannot write .efg text")
    back = parse_efg(theirs.to_efg(), source=f"pygambit's copy of {path.name}")
    assert _shape(back) == _shape(read_efg(path))


def test_unreadable_files_give_one_line_naming_the_file(tmp_path):
    # the same checks as for .nfg files (gametheory.io.nfg._read_gambit_text)
    folder = tmp_path / "game.efg"
    folder.mkdir()
    binary = tmp_path / "binary.efg"
    binary.write_bytes(b'EFG 2 R "" { "A" }\x00')
    empty = tmp_path / "empty.efg"
    empty.write_text("  \n")
    expected = {
        folder: f"{folder}: is a directory, expected a Gambit .efg file",
        binary: f"{binary}: binary data (NUL bytes): not a Gambit .efg text file",
        empty: f"{empty}: file is empty: expected a Gambit game starting 'EFG 2 R'",
    }
    for path, message in expected.items():
        with pytest.raises(GameFileError) as err:
            read_efg(path)
        assert str(err.value) == message
