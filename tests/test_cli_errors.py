"""Every input ``gametheory solve`` rejects: one line on stderr, non-zero exit, no traceback."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from gametheory.cli import main
from gametheory.game import MAX_PROFILES

ROOT = Path(__file__).parent.parent
CHICKEN = ROOT / "models" / "chicken.nfg"
THREE = ROOT / "models" / "volunteers_dilemma.nfg"
HEAD = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n'


def rejected(capsys, *argv, status=1):
    """Run the CLI, check it failed cleanly, and return its one line of stderr."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == status
    assert out == ""
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, err
    return err.rstrip("\n")


def nfg(tmp_path, text, name="g.nfg"):
    p = tmp_path / name
    p.write_text(text) if isinstance(text, str) else p.write_bytes(text)
    return p


# ------------------------------------------------------------------- files
def test_missing_file(capsys, tmp_path):
    p = tmp_path / "nope.nfg"
    assert rejected(capsys, "solve", p) == f"gametheory: error: {p}: no such file"


def test_directory(capsys, tmp_path):
    assert rejected(capsys, "solve", tmp_path) == (
        f"gametheory: error: {tmp_path}: is a directory, expected a .nfg game or a .toml model"
    )


def test_directory_named_like_a_game(capsys, tmp_path):
    d = tmp_path / "d.nfg"
    d.mkdir()
    assert rejected(capsys, "solve", d) == (
        f"gametheory: error: {d}: is a directory, expected a .nfg game or a .toml model"
    )


def test_wrong_extension(capsys, tmp_path):
    p = nfg(tmp_path, "x", name="game.txt")
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}: unsupported file type (extension '.txt'); expected a "
        "Gambit game (.nfg, .efg) or a model (.toml)"
    )


def test_no_extension(capsys, tmp_path):
    p = nfg(tmp_path, "x", name="game")
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}: unsupported file type (no extension); expected a "
        "Gambit game (.nfg, .efg) or a model (.toml)"
    )


def test_empty_file(capsys, tmp_path):
    p = nfg(tmp_path, "")
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}: file is empty: expected a Gambit game starting 'NFG 1 R'"
    )


def test_binary_file(capsys, tmp_path):
    p = nfg(tmp_path, bytes(range(256)))
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}: binary data (NUL bytes): not a Gambit .nfg text file"
    )


def test_malformed_file_names_the_line(capsys, tmp_path):
    p = nfg(tmp_path, HEAD + "1 2 3 4\n5 6 seven 8\n")
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}, line 3: expected payoff (a number), found symbol 'seven'"
    )


def test_missing_brace(capsys, tmp_path):
    p = nfg(tmp_path, 'NFG 1 R "t" { "A" "B"\n{ 2 2 }\n1 2 3 4 5 6 7 8\n')
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}, line 2: expected a player name in quotes or '}}', found '{{'"
    )


def test_unterminated_string(capsys, tmp_path):
    p = nfg(tmp_path, 'NFG 1 R "t" { "A" "B" }\n{ { "x" "y } { z } }\n1 2 3 4\n')
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}, line 2: unterminated string: a '\"' is never closed"
    )


def test_wrong_number_of_payoffs(capsys, tmp_path):
    p = nfg(tmp_path, HEAD + "1 2 3 4 5 6 7\n")
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}, line 2: wrong number of payoffs: expected 8 (4 profiles x "
        "2 players), found 7"
    )


@pytest.mark.parametrize("bad", ["nan", "NaN", "inf", "-Infinity"])
def test_non_finite_payoff(capsys, tmp_path, bad):
    p = nfg(tmp_path, HEAD + f"1 2 3 4\n5 {bad} 7 8\n")
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}, line 3: payoff must be a finite number, found '{bad}'"
    )


def test_overflowing_payoff(capsys, tmp_path):
    p = nfg(tmp_path, HEAD + "1 2 3 4 5 6 7 1e309\n")
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}, line 2: payoff '1e309' is too large to be a payoff "
        "(beyond floating point)"
    )


def test_impossible_size(capsys, tmp_path):
    p = nfg(tmp_path, 'NFG 1 R "t" { "A" "B" }\n{ 100000 100000 }\n')
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}, line 2: the game has 10,000,000,000 pure profiles "
        f"(100000 x 100000), more than the {MAX_PROFILES:,} a dense game may hold"
    )


def test_zero_strategies(capsys, tmp_path):
    p = nfg(tmp_path, 'NFG 1 R "t" { "A" "B" } { 0 2 }')
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}, line 1: player 1 must have at least 1 strategy, found 0"
    )


def test_outcome_index_out_of_range(capsys, tmp_path):
    p = nfg(tmp_path, HEAD + '{ { "win" 1 -1 } }\n1 0\n0 2\n')
    assert rejected(capsys, "solve", p) == (
        f"gametheory: error: {p}, line 4: outcome number 2 out of range: the file defines "
        "outcomes 1 to 1 (0 is the null outcome)"
    )


# ------------------------------------------------------------------- flags
def test_unknown_method(capsys):
    from gametheory.solvers import SOLVERS

    assert rejected(capsys, "solve", CHICKEN, "--method", "simplex") == (
        "gametheory: error: --method 'simplex': unknown method; choose from: auto, "
        + ", ".join(SOLVERS)
    )


def test_method_not_applicable(capsys):
    assert rejected(capsys, "solve", THREE, "--method", "enumerate") == (
        "gametheory: error: method 'enumerate' solves two-player games only, this game has "
        "3 players; use method 'pure' (all pure equilibria) or 'enumerate-mixed'"
    )


def test_exact_with_a_float_only_method(capsys):
    line = rejected(capsys, "solve", CHICKEN, "--method", "logit", "--exact")
    assert line.startswith("gametheory: error: method 'logit' does not compute exactly")


def test_fix_unknown_player(capsys):
    assert rejected(capsys, "solve", CHICKEN, "--fix", "Driver 3=Swerve") == (
        "gametheory: error: --fix 'Driver 3=Swerve': unknown player 'Driver 3' (did you mean "
        "one of 'Driver 2', 'Driver 1'?); players are: "
        "Driver 1, Driver 2"
    )


def test_fix_unknown_strategy(capsys):
    assert rejected(capsys, "solve", CHICKEN, "--fix", "Driver 1=Brake") == (
        "gametheory: error: --fix 'Driver 1=Brake': unknown strategy 'Brake' of player "
        "'Driver 1'; strategies are: Swerve, Straight"
    )


def test_fix_without_equals(capsys):
    assert rejected(capsys, "solve", CHICKEN, "--fix", "Driver 1") == (
        "gametheory: error: --fix 'Driver 1': expected PLAYER=STRATEGY"
    )


def test_set_on_a_gambit_game(capsys):
    assert rejected(capsys, "solve", CHICKEN, "--set", "cost=3") == (
        f"gametheory: error: --set applies to model files (.toml); {CHICKEN} is a Gambit game "
        "with fixed payoffs"
    )


@pytest.mark.parametrize("tol", ["-1", "nan", "inf", "small"])
def test_bad_tolerance(capsys, tol):
    kind = "a number >= 0" if tol == "small" else "a finite number >= 0"
    assert rejected(capsys, "solve", CHICKEN, "--tol", tol, status=2) == (
        f"gametheory solve: error: argument --tol: expected {kind}, got '{tol}'"
    )


def test_unknown_flag(capsys):
    assert rejected(capsys, "solve", CHICKEN, "--bogus", status=2) == (
        "gametheory: error: unrecognized arguments: --bogus"
    )


def test_missing_path(capsys):
    line = rejected(capsys, "solve", status=2)
    assert line == "gametheory solve: error: the following arguments are required: PATH"


# --------------------------------------------------------- a real process
def test_console_script_error_is_one_line():
    exe = shutil.which("gametheory")
    if exe is None:
        pytest.skip("the gametheory console script is not on PATH")
    proc = subprocess.run(
        [exe, "solve", "models/chicken.nfg", "--fix", "Nobody=x"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr == (
        "gametheory: error: --fix 'Nobody=x': unknown player 'Nobody'; players are: "
        "Driver 1, Driver 2\n"
    )
