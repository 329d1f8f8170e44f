"""Reading and writing Gambit .nfg files (gametheory.io.nfg)."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import GameFileError, NormalFormGame
from gametheory.game import MAX_PROFILES
from gametheory.io.nfg import (
    format_nfg,
    parse_nfg,
    parse_nfg_document,
    read_nfg,
    read_nfg_document,
    write_nfg,
)

DATA = Path(__file__).parent / "data"
MODELS = Path(__file__).parent.parent / "models"
MODEL_FILES = sorted(MODELS.glob("*.nfg"))


def _payoff_text(shape, payoff):
    """Payoff-list body written independently of format_nfg: player 1's strategy fastest."""
    rows = []
    for rev in itertools.product(*(range(n) for n in reversed(shape))):
        prof = tuple(reversed(rev))
        rows.append(" ".join(str(v) for v in payoff(prof)))
    return "\n".join(rows)


# ----------------------------------------------------------------------- parsing
def test_payoff_form_with_labels():
    g = parse_nfg(
        'NFG 1 R "Chicken" { "D1" "D2" }\n\n{ { "Swerve" "Straight" }\n{ "Swerve" "Straight" }\n}\n'
        '""\n\n0 0\n1 -1\n-1 1\n-10 -10\n'
    )
    assert g.title == "Chicken"
    assert g.players == ("D1", "D2")
    assert g.strategies == (("Swerve", "Straight"), ("Swerve", "Straight"))
    assert g.payoff({"D1": "Straight", "D2": "Swerve"}) == {"D1": 1.0, "D2": -1.0}
    assert g.payoff({"D1": "Swerve", "D2": "Straight"}) == {"D1": -1.0, "D2": 1.0}
    assert g.payoff({"D1": "Straight", "D2": "Straight"}) == {"D1": -10.0, "D2": -10.0}


@pytest.mark.parametrize("shape", [(2, 3), (3, 1, 2), (2, 2, 2, 2)], ids=str)
def test_profile_order_first_player_fastest(shape):
    n = len(shape)

    def payoff(prof):  # a distinct, checkable number per (profile, player)
        return [1000 * i + int(np.ravel_multi_index(prof, shape)) for i in range(n)]

    players = " ".join(f'"P{i}"' for i in range(n))
    text = f'NFG 1 R "" {{ {players} }} {{ {" ".join(map(str, shape))} }}\n' + _payoff_text(
        shape, payoff
    )
    g = parse_nfg(text)
    assert g.shape == shape
    for prof in itertools.product(*(range(k) for k in shape)):
        assert list(g.payoffs[prof]) == payoff(prof)


def test_count_form_labels_strategies_by_number():
    g = read_nfg(DATA / "count_form.nfg")
    assert g.players == ("Player 1", "Player 2", "Player 3")
    assert g.strategies == (("1", "2"), ("1", "2", "3"), ("1", "2"))
    # second profile in the file is (2, 1, 1); the seventh is (1, 1, 2)
    assert g.payoff(("2", "1", "1")) == {"Player 1": 4, "Player 2": 5, "Player 3": 6}
    assert g.payoff(("1", "1", "2")) == {"Player 1": 19, "Player 2": 20, "Player 3": 21}


def test_outcome_form_equals_payoff_form():
    doc = read_nfg_document(DATA / "outcome_form.nfg")
    assert doc.outcome_form
    assert doc.comment.startswith("Profiles (Up, Left)")
    payoff_form = parse_nfg(
        'NFG 1 R "Outcome form with a shared and a null outcome" { "Row" "Column" }'
        '{ { "Up" "Down" } { "Left" "Right" } } 1 1  0 0  3/2 -1/2  1 1'
    )
    assert doc.game == payoff_form
    assert doc.game.payoff({"Row": "Down", "Column": "Left"}, exact=True) == {"Row": 0, "Column": 0}
    assert doc.game.payoff({"Row": "Up", "Column": "Right"}, exact=True) == {
        "Row": Fraction(3, 2),
        "Column": Fraction(-1, 2),
    }


def test_outcome_form_three_players_from_models():
    g = read_nfg(MODELS / "volunteers_dilemma.nfg")
    for prof in itertools.product(*g.strategies):
        anyone = "Volunteer" in prof
        want = {
            p: (2 if anyone else 0) - (s == "Volunteer")
            for p, s in zip(g.players, prof, strict=True)
        }
        assert g.payoff(prof) == want


def test_numbers_are_read_exactly():
    doc = read_nfg_document(DATA / "numbers.nfg")
    g = doc.game
    assert doc.comment == "integers, signs, decimals, exponents and rationals"
    got = [tuple(g.exact_payoffs[k, 0]) for k in range(5)]
    assert got == [
        (7, -3),
        (2, Fraction(1, 2)),
        (Fraction(-1, 4), 2),
        (1000, Fraction(3, 200)),
        (Fraction(3, 4), Fraction(-22, 7)),
    ]
    assert all(isinstance(v, Fraction) for v in g.exact_payoffs.ravel())


def test_outcome_form_with_only_the_null_outcome():
    g = parse_nfg(HEAD + "{ }\n0 0 0 0")
    assert not g.payoffs.any()


def test_decimal_is_exact_not_binary_float():
    g = parse_nfg('NFG 1 D "" { "A" } { 1 } 0.1')
    assert g.exact_payoffs[0, 0] == Fraction(1, 10)


def test_header_variants_version_0_type_d_and_comment():
    for header in ("NFG 1 R", "NFG 1 D", "NFG 0 R"):
        doc = parse_nfg_document(f'{header} "t" {{ "A" "B" }} {{ 1 1 }} "a comment" 1 2')
        assert doc.comment == "a comment"
        assert doc.game.payoff(("1", "1")) == {"A": 1, "B": 2}


def test_whitespace_and_line_breaks_are_free_and_bom_is_ignored():
    g1 = parse_nfg('NFG 1 R "t" { "A" "B" } { { "x" "y" } { "z" } } 1 2 3 4')
    g2 = parse_nfg('\ufeffNFG\n1\nR\n"t"\n{\n"A"\n"B"\n}\n{{"x""y"}{"z"}}\n1\t2\r\n3 4\n')
    assert g1 == g2


def test_messy_labels_are_made_unique_by_position():
    g = read_nfg(DATA / "messy_labels.nfg")
    assert g.title == 'Labels that need care: "quoted", blank and repeated'
    assert g.players == ("Ann", "Player 2", "Ann (3)")
    assert g.strategies[0] == ("Go", "Go (2)", "3")
    assert g.strategies[2] == ('say "hi"', "back\\slash")


def test_renaming_never_collides_with_an_existing_label():
    g = parse_nfg('NFG 1 R "" { "A" } { { "x" "x (2)" "x" "" "4" } } 1 2 3 4 5')
    labels = g.strategies[0]
    assert len(set(labels)) == 5
    assert labels[:2] == ("x", "x (2)")
    assert labels[4] == "4"


def test_string_spanning_lines_keeps_line_numbers():
    text = 'NFG 1 R "a\ntwo-line title" { "A" } { 2 }\n\n1 x'
    with pytest.raises(GameFileError, match=r"line 4: expected payoff \(a number\)"):
        parse_nfg(text)


# -------------------------------------------------------------------- writing
@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("outcome_form", [False, True], ids=["payoffs", "outcomes"])
def test_round_trip_of_example_models(path, outcome_form):
    doc = read_nfg_document(path)
    text = format_nfg(doc.game, outcome_form=outcome_form, comment=doc.comment)
    back = parse_nfg_document(text)
    assert back.game == doc.game
    assert np.array_equal(back.game.exact_payoffs, doc.game.exact_payoffs)
    assert back.comment == doc.comment
    assert back.outcome_form == outcome_form


def test_example_models_are_what_gambit_writes():
    for path in MODEL_FILES:
        head = path.read_text().splitlines()[0]
        assert head.startswith("NFG 1 ") and head.endswith("}"), path
        doc = read_nfg_document(path)
        assert doc.comment.strip(), f"{path.name} needs a comment saying what it is"
    forms = {p.name: read_nfg_document(p).outcome_form for p in MODEL_FILES}
    assert any(forms.values()) and not all(forms.values())


def test_write_is_atomic_and_reads_back(tmp_path):
    g = NormalFormGame.from_bimatrix(
        [[Fraction(1, 3), 0.1], [-2, 1e300]],
        [[0, 5e-324], [1e-300, 7]],
        players=('Say "A"', "B\\"),
        strategies=(("u", "d"), ("l", "r")),
        title="t",
    )
    target = tmp_path / "sub" / "g.nfg"
    with pytest.raises(FileNotFoundError, match="output's folder does not exist"):
        write_nfg(g, target, comment="c")  # a missing folder is an error, never created
    target.parent.mkdir()
    write_nfg(g, target, comment="c")
    assert read_nfg(target) == g
    assert np.array_equal(read_nfg(target).exact_payoffs, g.exact_payoffs)
    assert [p.name for p in target.parent.iterdir()] == ["g.nfg"]  # no temporary left


def test_outcome_form_shares_outcomes_and_uses_null():
    g = parse_nfg('NFG 1 R "" { "A" "B" } { 2 2 } 1 1 0 0 1 1 0 0')
    text = format_nfg(g, outcome_form=True)
    body = text.split("{\n", 1)[1]
    assert body.count('{ "Outcome') == 1
    assert body.strip().endswith("1 0 1 0")


labels = st.text(
    alphabet=st.sampled_from(list('abXY z09"\\{},é\t')), min_size=1, max_size=6
).filter(lambda s: s.strip())
payoff_values = st.one_of(
    st.integers(-(10**6), 10**6),
    st.fractions(max_denominator=50).filter(lambda f: abs(f) < 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)


@st.composite
def games(draw):
    n = draw(st.integers(1, 3))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    players = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
    strategies = [draw(st.lists(labels, min_size=k, max_size=k, unique=True)) for k in shape]
    values = draw(
        st.lists(payoff_values, min_size=int(np.prod(shape)) * n, max_size=int(np.prod(shape)) * n)
    )
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    title = draw(st.text(alphabet=st.sampled_from(list('ab "\\\n')), max_size=8))
    return NormalFormGame(
        arr.reshape(shape + (n,)), players=players, strategies=strategies, title=title
    )


@settings(max_examples=150, deadline=None)
@given(game=games(), outcome_form=st.booleans())
def test_round_trip_random_games(game, outcome_form):
    back = parse_nfg(format_nfg(game, outcome_form=outcome_form))
    assert back == game
    assert np.array_equal(back.exact_payoffs, game.exact_payoffs)


# --------------------------------------------------------------- bad input
HEAD = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n'

BAD_TEXT = {
    "empty": ("", "line 1: file is empty: expected a Gambit game starting 'NFG 1 R'"),
    "not nfg": (
        "hello world",
        "line 1: expected 'NFG' (a Gambit strategic-form file), found symbol 'hello'",
    ),
    "efg file": (
        'EFG 2 R "x" { "A" }',
        "line 1: expected 'NFG' (a Gambit strategic-form "
        "file) (an extensive-form .efg game?), found symbol 'EFG'",
    ),
    "version": ('NFG 2 R "t"', "line 1: expected NFG version 1 (or 0), found 2"),
    "number type": ('NFG 1 Q "t"', "line 1: expected number type 'R' or 'D', found symbol 'Q'"),
    "no title": ('NFG 1 R { "A" }', "line 1: expected the game title in double quotes, found '{'"),
    "unterminated string": (
        'NFG 1 R "t" { "A" "B } { 2 2 }\n1 2 3',
        "line 1: unterminated string: a '\"' is never closed",
    ),
    "unterminated title": (
        'NFG 1 R\n\n"title',
        "line 3: unterminated string: a '\"' is never closed",
    ),
    "missing player brace": (
        'NFG 1 R "t" { "A" "B" \n{ 2 2 } 1 2',
        "line 2: expected a player name in quotes or '}', found '{'",
    ),
    "no players": (
        'NFG 1 R "t" { } { }',
        "line 1: the game has no players: expected at least one name",
    ),
    "missing strategy brace": (
        'NFG 1 R "t" { "A" "B" }\n{ { "x" "y" }\n{ "z" \n}\n1 2',
        "line 5: expected '}' after the strategies of all 2 players, found 1",
    ),
    "too few strategy blocks": (
        'NFG 1 R "t" { "A" "B" }\n{ { "x" } }\n1 2',
        "line 2: expected '{' before the strategies of player 2, found '}'",
    ),
    "empty strategy block": (
        'NFG 1 R "t" { "A" "B" } { { } { "x" } } 1 2',
        "line 1: player 1 has no strategies",
    ),
    "zero strategies": (
        'NFG 1 R "t" { "A" "B" }\n{ 2 0 }',
        "line 2: player 2 must have at least 1 strategy, found 0",
    ),
    "negative strategies": (
        'NFG 1 R "t" { "A" "B" } { -2 2 }',
        "line 1: player 1 must have at least 1 strategy, found -2",
    ),
    "fractional count": (
        'NFG 1 R "t" { "A" "B" } { 2.5 2 }',
        "line 1: expected the number of strategies of player 1 (a whole number), found 2.5",
    ),
    "too many profiles": (
        'NFG 1 R "t" { "A" "B" "C" }\n{ 1000 1000 1000 }\n',
        f"line 2: the game has 1,000,000,000 pure profiles (1000 x 1000 x 1000), more than "
        f"the {MAX_PROFILES:,} a dense game may hold",
    ),
    "too few payoffs": (
        HEAD + "1 2 3\n4 5 6\n",
        "line 3: wrong number of payoffs: expected 8 (4 profiles x 2 players), found 6",
    ),
    "too many payoffs": (
        HEAD + "1 2 3 4\n5 6 7 8\n9\n",
        "line 4: wrong number of payoffs: expected 8 (4 profiles x 2 players), found 9",
    ),
    "trailing junk": (
        HEAD + "1 2 3 4 5 6 7 8 }",
        "line 2: expected end of file after the 8 payoffs, found '}'",
    ),
    "non-numeric payoff": (
        HEAD + "1 2\n3 four 5 6 7 8",
        "line 3: expected payoff (a number), found symbol 'four'",
    ),
    "quoted payoff": (
        HEAD + '1 2 "3" 4 5 6 7 8',
        'line 2: expected payoff (a number), found text "3"',
    ),
    "nan payoff": (
        HEAD + "1 2 3 4\nNaN 6 7 8",
        "line 3: payoff must be a finite number, found 'NaN'",
    ),
    "inf payoff": (
        HEAD + "1 2 3 4 5 6 -inf 8",
        "line 2: payoff must be a finite number, found '-inf'",
    ),
    "huge payoff": (
        HEAD + "1 2 3 4 5 6 7 1e999",
        "line 2: payoff '1e999' is too large or too small to be a payoff",
    ),
    "overflowing payoff": (
        HEAD + "1 2 3 4 5 6 7 2e308",
        "line 2: payoff '2e308' is too large to be a payoff (beyond floating point)",
    ),
    "division by zero": (HEAD + "1 2 3 4 5 6 7 1/0", "line 2: payoff '1/0' divides by zero"),
    "malformed number": (
        HEAD + "1 2 3 4 5 6 7 1.2.3",
        "line 2: expected payoff (a number), found symbol '1.2.3'",
    ),
    "body missing": (
        HEAD,
        "line 1: expected the payoffs (8 numbers) or an outcome list '{', found end of file",
    ),
    "outcome index out of range": (
        HEAD + '{ { "a" 1 2 } { "b" 3 4 } }\n1 2\n0 3\n',
        "line 4: outcome number 3 out of range: the file defines "
        "outcomes 1 to 2 (0 is the null outcome)",
    ),
    "negative outcome index": (
        HEAD + '{ { "a" 1 2 } }\n1 -1 0 0',
        "line 3: outcome number -1 out of range: the file defines "
        "outcomes 1 to 1 (0 is the null outcome)",
    ),
    "no outcomes defined": (
        HEAD + "{ }\n0 0 1 0",
        "line 3: outcome number 1 out of range: "
        "the file defines no outcomes (0 is the null outcome)",
    ),
    "outcome payoff count": (
        HEAD + '{\n{ "a" 1 2 }\n{ "b" 1, 2, 3 }\n}\n1 2 1 2',
        "line 4: outcome 2 has 3 payoffs, expected 2 (one per player)",
    ),
    "outcome unclosed": (
        HEAD + '{\n{ "a" 1 2\n',
        "line 3: expected '}' closing outcome 1 (opened on line 3)",
    ),
    "outcome without name": (
        HEAD + "{ { 1 2 } }",
        "line 2: expected the name of outcome 1 in quotes, found 1",
    ),
    "outcome nan": (
        HEAD + '{ { "a" nan 2 } }',
        "line 2: payoff of outcome 1 must be a finite number, found 'nan'",
    ),
    "too few outcome numbers": (
        HEAD + '{ { "a" 1 2 } }\n1 1 1',
        "line 3: wrong number of outcome numbers: expected 4 (one per profile), found 3",
    ),
    "too many outcome numbers": (
        HEAD + '{ { "a" 1 2 } }\n1 1 1 1\n1',
        "line 4: wrong number of outcome numbers: expected 4 (one per profile), found 5",
    ),
    "fractional outcome number": (
        HEAD + '{ { "a" 1 2 } }\n1 1.5 1 1',
        "line 3: expected an outcome number (0 to 1), found 1.5",
    ),
    "outcome list not closed": (
        HEAD + '{ { "a" 1 2 }\n1 1 1 1',
        "line 3: expected an outcome '{' or '}' ending the outcome list, found 1",
    ),
    "control characters": (
        "NFG 1 R \x01\x02\x03",
        "line 1: found control characters: this is not a text game file",
    ),
}


@pytest.mark.parametrize("text,message", list(BAD_TEXT.values()), ids=list(BAD_TEXT))
def test_malformed_text_names_source_and_line(text, message):
    with pytest.raises(GameFileError) as info:
        parse_nfg(text, source="game.nfg")
    assert str(info.value) == f"game.nfg, {message}"
    assert "\n" not in str(info.value)


def _write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_binary_file(tmp_path):
    p = _write(tmp_path, "x.nfg", bytes(range(256)) * 4)
    with pytest.raises(GameFileError) as info:
        read_nfg(p)
    assert str(info.value) == f"{p}: binary data (NUL bytes): not a Gambit .nfg text file"


def test_garbage_without_nul_bytes(tmp_path):
    p = _write(tmp_path, "x.nfg", b"\xff\xfe\x89PNG\r\n\x1a\n\x7f\x80")
    with pytest.raises(GameFileError, match=r"x\.nfg, line 1: expected 'NFG'"):
        read_nfg(p)


def test_empty_and_blank_files(tmp_path):
    for data in (b"", b"  \n\n\t"):
        p = _write(tmp_path, "e.nfg", data)
        with pytest.raises(GameFileError) as info:
            read_nfg(p)
        assert str(info.value) == (f"{p}: file is empty: expected a Gambit game starting 'NFG 1 R'")


def test_directory(tmp_path):
    d = tmp_path / "dir.nfg"
    d.mkdir()
    with pytest.raises(GameFileError) as info:
        read_nfg(d)
    assert str(info.value) == f"{d}: is a directory, expected a Gambit .nfg file"


def test_missing_file(tmp_path):
    p = tmp_path / "missing.nfg"
    with pytest.raises(GameFileError) as info:
        read_nfg(p)
    assert str(info.value) == f"{p}: no such file"


def test_latin1_file_is_read(tmp_path):
    p = _write(tmp_path, "l.nfg", 'NFG 1 R "caf\xe9" { "A" } { 1 } 1'.encode("latin-1"))
    assert read_nfg(p).title == "caf\u00e9"


def test_errors_are_value_errors():
    with pytest.raises(ValueError):
        parse_nfg("NFG 1 R")
