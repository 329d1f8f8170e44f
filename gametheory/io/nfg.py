"""Read and write Gambit strategic-form (``.nfg``) game files.

The format is Gambit's own (version 1, the one Gambit 13-16 and pygambit
write). A file has a header and a body::

    NFG 1 R "Chicken" { "Driver 1" "Driver 2" }
    { { "Swerve" "Straight" } { "Swerve" "Straight" } }
    "An optional comment"

    0 0  -1 1  1 -1  -10 -10

* The header is ``NFG``, the version ``1`` (``0`` is accepted as well), the
  number type ``R`` (rational) or ``D`` (decimal), the title, the player names in
  braces, and either one brace-list of strategy labels per player or, in the older
  form, the number of strategies of each player (``{ 2 2 }``; strategies are then
  labelled ``"1"``, ``"2"``, ...). An optional comment string follows.
* The *payoff body* lists, for each pure profile, every player's payoff; profiles
  run with the **first player's strategy changing fastest**.
* The *outcome body* is a brace-list of outcomes ``{ "name" 1, -1 }`` (commas
  between payoffs are optional) followed by one outcome number per profile, in the
  same order; outcome ``0`` is the null outcome (every payoff zero).

Numbers are integers, decimals (``-.5``, ``2.``), exponents (``1.5e-3``) or
rationals (``3/4``); they are read exactly, as :class:`fractions.Fraction`, so
exact solvers see exactly what the file says. Strings are in double quotes, with
``\\"`` for a quote and ``\\\\`` for a backslash.

Labels are normalised so that a game can always be built: a blank strategy label
becomes its position (``"2"``), a blank player name ``"Player 2"``, and a label
that repeats an earlier one of the same player (or an earlier player name) gets
its position appended, ``"Hawk (3)"``. A generated name never takes a label the
file gives elsewhere (it gets a further suffix instead). Gambit itself renames with
``_n`` suffixes; ours read better in tables.

Every problem raises :class:`~gametheory.errors.GameFileError` with a one-line
message naming the file and the line, what was expected and what was found.

Examples
--------
>>> g = parse_nfg('NFG 1 R "PD" { "A" "B" } { { "C" "D" } { "C" "D" } } '
...               '3 3  5 0  0 5  1 1')
>>> g.payoff({"A": "D", "B": "C"})
{'A': 5.0, 'B': 0.0}
>>> parse_nfg(format_nfg(g)) == g
True
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..errors import GameFileError, InvalidGameError
from ..game import MAX_PROFILES, NormalFormGame
from .safe_read import read_input

__all__ = [
    "parse_nfg",
    "read_nfg",
    "format_nfg",
    "write_nfg",
    "parse_nfg_document",
    "read_nfg_document",
    "NfgDocument",
    "MAX_PAYOFFS",
    "MAX_FILE_BYTES",
]

#: Largest file read (bytes); reading stops past it, whatever ``stat`` says.
MAX_FILE_BYTES = 64_000_000
#: Most payoffs (pure profiles x players) a ``.nfg`` file may hold. Payoffs are read
#: exactly (one Fraction each, plus a float copy): a million cost about 250 MB.
#: Larger games belong in a binary format (``numpy.save``) read into
#: :class:`~gametheory.NormalFormGame` directly.
MAX_PAYOFFS = 1_000_000
#: Per magic word: the form it names, the other form's magic word, and the hint given
#: when a file of that other form is read as this one.
_FORMS = {
    "NFG": ("strategic-form", "EFG", "an extensive-form .efg game?"),
    "EFG": ("extensive-form", "NFG", "a strategic-form .nfg game?"),
}

#: Characters of a large file's header read first, to refuse an oversized game early.
_HEADER_SCAN = 100_000
#: Tokens read before the parser gives up (the payoffs plus a generous header).
_MAX_TOKENS = MAX_PAYOFFS + 200_000

# One token after optional whitespace (newlines in it are counted for line numbers).
_TOKEN = re.compile(
    r"""
    \s*
    (?:
      (?P<number>[+-]?(?:\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?=[\s{},]|\Z))
    | (?P<lbrace>\{)
    | (?P<rbrace>\})
    | (?P<comma>,)
    | (?P<string>"(?:[^"\\]|\\.)*")
    | (?P<badstring>"(?:[^"\\]|\\.)*\\?\Z)
    | (?P<symbol>[^\s{},"]+)
    | (?P<end>\Z)
    )
    """,
    re.VERBOSE | re.DOTALL,
)
_NONFINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_MAX_EXPONENT = 400  # |exponent| of a decimal payoff; larger cannot be a float payoff
_MAX_DIGITS = 400


@dataclass(frozen=True)
class NfgDocument:
    """Everything a ``.nfg`` file holds: the game, its comment and which body form it used."""

    game: NormalFormGame
    comment: str = ""
    outcome_form: bool = False


class _Tok(NamedTuple):
    kind: str
    text: str
    line: int

    def describe(self) -> str:
        if self.kind == "eof":
            return "end of file"
        if self.kind == "string":
            shown = self.text if len(self.text) <= 30 else self.text[:27] + "..."
            return f"text {_quote(shown)}"
        if self.kind in ("lbrace", "rbrace", "comma"):
            return f"'{self.text}'"
        shown = self.text if len(self.text) <= 30 else self.text[:27] + "..."
        return f"{self.kind} {shown!r}" if self.kind == "symbol" else f"{shown}"


class _Parser:
    """Tokens and the grammar's helpers, shared by the ``.nfg`` and ``.efg`` readers.

    ``too_many`` is the message for a file past ``max_tokens`` tokens (it names the
    file kind and its limit). ``lazy`` lexes only as far as the parser reads, so a
    reader that refuses early (the ``.efg`` node limit) does not lex a huge file first.
    """

    def __init__(
        self,
        text: str,
        source: str,
        *,
        max_tokens: int | None = None,
        too_many: str | None = None,
        lazy: bool = False,
    ) -> None:
        self.source = source
        self.max_tokens = _MAX_TOKENS if max_tokens is None else max_tokens
        self.too_many = too_many or (
            f"more than {self.max_tokens:,} values: larger than the "
            f"{MAX_PAYOFFS:,} payoffs a .nfg file may hold"
        )
        self._lexer = self._lex(text)
        self.toks: list[_Tok] = []
        self._done = False
        self.pos = 0
        self._cache: dict[str, Fraction] = {}
        if not lazy:
            self._fill(None)

    def _fill(self, index: int | None) -> None:
        """Lex until ``self.toks[index]`` exists (every token when ``index`` is None)."""
        toks, lexer = self.toks, self._lexer
        while not self._done and (index is None or len(toks) <= index):
            tok = next(lexer)
            toks.append(tok)
            if tok.kind == "eof":
                self._done = True

    # ------------------------------------------------------------------ lexing
    def _lex(self, text: str) -> Iterator[_Tok]:
        """Every token, then ``eof``; lexical errors become ``error`` tokens, raised
        when the parser reaches them."""
        match = _TOKEN.match
        count = text.count
        line = last = 1
        pos = n = 0
        while True:
            if n > self.max_tokens:
                yield _Tok("error", self.too_many, line)
                break
            m = match(text, pos)
            kind = m.lastgroup
            start = m.start(kind)
            line += count("\n", pos, start)
            if kind == "end":
                break
            raw = m.group(kind)
            n += 1
            last = line
            if kind == "string":
                yield _Tok("string", _unescape(raw[1:-1]), line)
                line += count("\n", start, m.end())
            elif kind == "badstring":
                yield _Tok("error", "unterminated string: a '\"' is never closed", line)
                break
            elif kind == "symbol" and any(ord(c) < 32 for c in raw):
                yield _Tok("error", "found control characters: this is not a text game file", line)
                break
            else:
                yield _Tok(kind, raw, line)
            pos = m.end()
        # end of file is reported on the last line that has content
        yield _Tok("eof", "", last)

    # ----------------------------------------------------------------- helpers
    def error(self, line: int, message: str) -> GameFileError:
        return GameFileError(f"{self.source}, line {line}: {message}")

    def peek(self) -> _Tok:
        if self.pos >= len(self.toks):
            self._fill(self.pos)
        tok = self.toks[self.pos]
        if tok.kind == "error":
            raise self.error(tok.line, tok.text)
        return tok

    def next(self) -> _Tok:
        tok = self.peek()
        if tok.kind != "eof":
            self.pos += 1
        return tok

    def expect(self, kind: str, what: str) -> _Tok:
        tok = self.next()
        if tok.kind != kind:
            raise self.error(tok.line, f"expected {what}, found {tok.describe()}")
        return tok

    def number(self, tok: _Tok, what: str) -> Fraction:
        if tok.kind == "error":
            raise self.error(tok.line, tok.text)
        if tok.kind != "number":
            if tok.kind == "symbol" and tok.text.lower() in _NONFINITE:
                raise self.error(tok.line, f"{what} must be a finite number, found {tok.text!r}")
            raise self.error(tok.line, f"expected {what} (a number), found {tok.describe()}")
        value = self._cache.get(tok.text)
        if value is None:
            value = _to_fraction(tok.text, lambda msg: self.error(tok.line, f"{what} {msg}"))
            if len(self._cache) < 100_000:
                self._cache[tok.text] = value
        return value

    # ----------------------------------------------------------------- grammar
    def header(self, magic: str, versions: tuple[str, ...]) -> str:
        """The first line of a Gambit file, ``MAGIC version R|D "title"``: returns the title.

        ``magic`` is ``NFG`` or ``EFG``; ``versions`` the accepted versions, the usual first.
        """
        first = self.next()
        if first.kind == "eof":
            raise self.error(
                first.line,
                f"file is empty: expected a Gambit game starting '{magic} {versions[0]} R'",
            )
        if first.kind != "symbol" or first.text != magic:
            form, other, hint = _FORMS[magic]
            found = f" ({hint})" if first.text == other else ""
            raise self.error(
                first.line,
                f"expected '{magic}' (a Gambit {form} file){found}, found {first.describe()}",
            )
        version = self.next()
        if version.kind != "number" or version.text not in versions:
            also = f" (or {', '.join(versions[1:])})" if len(versions) > 1 else ""
            raise self.error(
                version.line,
                f"expected {magic} version {versions[0]}{also}, found {version.describe()}",
            )
        kind = self.next()
        if kind.kind != "symbol" or kind.text not in ("R", "D"):
            raise self.error(kind.line, f"expected number type 'R' or 'D', found {kind.describe()}")
        return self.expect("string", "the game title in double quotes").text

    def parse(self) -> NfgDocument:
        title = self.header("NFG", ("1", "0"))
        players = self._players()
        strategies = self._strategies(len(players))
        comment = ""
        if self.peek().kind == "string":
            comment = self.next().text
        shape = tuple(s if isinstance(s, int) else len(s) for s in strategies)
        n_profiles = math.prod(shape)
        start = self.peek()
        if start.kind == "lbrace":
            payoffs = self._outcome_body(shape)
            outcome_form = True
        elif start.kind in ("number", "symbol"):
            payoffs = self._payoff_body(shape)
            outcome_form = False
        else:
            raise self.error(
                start.line,
                f"expected the payoffs ({n_profiles * len(players)} numbers) or an outcome "
                f"list '{{', found {start.describe()}",
            )
        try:
            game = NormalFormGame(
                payoffs,
                players=_unique(players, lambda k: f"Player {k}"),
                strategies=[
                    tuple(str(k + 1) for k in range(s)) if isinstance(s, int) else _unique(s, str)
                    for s in strategies
                ],
                title=title,
            )
        except InvalidGameError as exc:  # pragma: no cover - the parser checks first
            raise GameFileError(f"{self.source}: {exc}") from None
        return NfgDocument(game=game, comment=comment, outcome_form=outcome_form)

    def header_size(self) -> None:
        """Parse the header only: raises for a game larger than the limits."""
        self.next(), self.next(), self.next(), self.next()  # NFG, version, type, title
        self._strategies(len(self._players()))

    def _players(self, *, limit: int | None = None, file_kind: str = ".nfg") -> list[str]:
        """The quoted player names in braces (at most ``limit``, when given)."""
        self.expect("lbrace", "'{' before the player names")
        names = []
        while self.peek().kind == "string":
            names.append(self.next().text)
            if limit is not None and len(names) > limit:
                raise self.error(
                    self.peek().line,
                    f"more than {limit:,} players, the most a {file_kind} file may hold",
                )
        tok = self.next()
        if tok.kind != "rbrace":
            raise self.error(
                tok.line, f"expected a player name in quotes or '}}', found {tok.describe()}"
            )
        if not names:
            raise self.error(tok.line, "the game has no players: expected at least one name")
        return names

    def _strategies(self, n_players: int) -> list[list[str] | int]:
        """Labels per player, or (count form) the number of strategies, labelled later."""
        open_ = self.expect("lbrace", "'{' before the strategies")
        out: list[list[str] | int] = []
        if self.peek().kind == "lbrace":
            for i in range(n_players):
                self.expect("lbrace", f"'{{' before the strategies of player {i + 1}")
                labels = []
                while self.peek().kind == "string":
                    labels.append(self.next().text)
                tok = self.next()
                if tok.kind != "rbrace":
                    raise self.error(
                        tok.line,
                        f"expected a strategy label in quotes or '}}' for player {i + 1}, "
                        f"found {tok.describe()}",
                    )
                if not labels:
                    raise self.error(tok.line, f"player {i + 1} has no strategies")
                out.append(labels)
        else:
            for i in range(n_players):
                tok = self.next()
                if tok.kind != "number" or not re.fullmatch(r"[+-]?\d+", tok.text):
                    raise self.error(
                        tok.line,
                        f"expected the number of strategies of player {i + 1} (a whole "
                        f"number), found {tok.describe()}",
                    )
                count = int(tok.text)
                if count < 1:
                    raise self.error(
                        tok.line, f"player {i + 1} must have at least 1 strategy, found {count}"
                    )
                if count > MAX_PROFILES:
                    raise self.error(
                        tok.line,
                        f"player {i + 1} has {count:,} strategies, more than the "
                        f"{MAX_PROFILES:,} profiles a game may have",
                    )
                out.append(count)
        tok = self.next()
        if tok.kind != "rbrace":
            raise self.error(
                tok.line,
                f"expected '}}' after the strategies of all {n_players} players, found "
                f"{tok.describe()}",
            )
        sizes = [s if isinstance(s, int) else len(s) for s in out]
        n_profiles = math.prod(sizes)
        if n_profiles > MAX_PROFILES:
            raise self.error(
                open_.line,
                f"the game has {n_profiles:,} pure profiles "
                f"({' x '.join(map(str, sizes))}), more than the {MAX_PROFILES:,} "
                "a dense game may hold",
            )
        if n_profiles * n_players > MAX_PAYOFFS:
            raise self.error(
                open_.line,
                f"the game has {n_profiles * n_players:,} payoffs "
                f"({' x '.join(map(str, sizes))} profiles x {n_players} players), more than "
                f"the {MAX_PAYOFFS:,} a .nfg file may hold; build larger games from arrays "
                "(NormalFormGame(payoffs)) instead",
            )
        return out

    def _payoff_body(self, shape: tuple[int, ...]) -> np.ndarray:
        n_players = len(shape)
        n_profiles = math.prod(shape)
        wanted = n_profiles * n_players
        values: list[Fraction] = []
        toks = self.toks
        pos = self.pos
        for _ in range(wanted):
            tok = toks[pos]
            if tok.kind == "eof":
                raise self.error(
                    tok.line,
                    f"wrong number of payoffs: expected {wanted} ({n_profiles} profiles x "
                    f"{n_players} players), found {len(values)}",
                )
            values.append(self.number(tok, "payoff"))
            pos += 1
        self.pos = pos
        tok = self.peek()
        if tok.kind != "eof":
            extra = sum(1 for t in toks[pos:] if t.kind == "number")
            what = (
                f"wrong number of payoffs: expected {wanted} ({n_profiles} profiles x "
                f"{n_players} players), found {wanted + extra}"
                if tok.kind == "number"
                else f"expected end of file after the {wanted} payoffs, found {tok.describe()}"
            )
            raise self.error(tok.line, what)
        arr = np.empty(wanted, dtype=object)
        arr[:] = values
        # file order: profile-major with player 1's strategy fastest -> (n_N, ..., n_1, N)
        arr = arr.reshape(tuple(reversed(shape)) + (n_players,))
        return np.ascontiguousarray(
            np.transpose(arr, tuple(reversed(range(n_players))) + (n_players,))
        )

    def _outcome_body(self, shape: tuple[int, ...]) -> np.ndarray:
        n_players = len(shape)
        n_profiles = math.prod(shape)
        self.expect("lbrace", "'{' before the outcomes")
        outcomes: list[list[Fraction]] = [[Fraction(0)] * n_players]  # 0: the null outcome
        while self.peek().kind == "lbrace":
            open_ = self.next()
            k = len(outcomes)
            self.expect("string", f"the name of outcome {k} in quotes")
            pays: list[Fraction] = []
            while True:
                tok = self.next()
                if tok.kind == "rbrace":
                    break
                if tok.kind == "comma":
                    continue
                if tok.kind == "eof":
                    raise self.error(
                        tok.line, f"expected '}}' closing outcome {k} (opened on line {open_.line})"
                    )
                pays.append(self.number(tok, f"payoff of outcome {k}"))
            if len(pays) != n_players:
                raise self.error(
                    tok.line,
                    f"outcome {k} has {len(pays)} payoffs, expected {n_players} (one per player)",
                )
            outcomes.append(pays)
        tok = self.next()
        if tok.kind != "rbrace":
            raise self.error(
                tok.line,
                f"expected an outcome '{{' or '}}' ending the outcome list, found {tok.describe()}",
            )
        index: list[int] = []
        n_out = len(outcomes) - 1
        for k in range(n_profiles):
            tok = self.next()
            if tok.kind == "eof":
                raise self.error(
                    tok.line,
                    f"wrong number of outcome numbers: expected {n_profiles} (one per profile), "
                    f"found {k}",
                )
            if tok.kind != "number" or not re.fullmatch(r"[+-]?\d+", tok.text):
                raise self.error(
                    tok.line, f"expected an outcome number (0 to {n_out}), found {tok.describe()}"
                )
            j = int(tok.text)
            if not 0 <= j <= n_out:
                defined = f"outcomes 1 to {n_out}" if n_out else "no outcomes"
                raise self.error(
                    tok.line,
                    f"outcome number {j} out of range: the file defines {defined} "
                    "(0 is the null outcome)",
                )
            index.append(j)
        tok = self.peek()
        if tok.kind != "eof":
            extra = sum(1 for t in self.toks[self.pos :] if t.kind == "number")
            what = (
                f"wrong number of outcome numbers: expected {n_profiles} (one per profile), "
                f"found {n_profiles + extra}"
                if tok.kind == "number"
                else f"expected end of file after the {n_profiles} outcome numbers, "
                f"found {tok.describe()}"
            )
            raise self.error(tok.line, what)
        table = np.empty((len(outcomes), n_players), dtype=object)
        for k, pays in enumerate(outcomes):
            table[k, :] = pays
        arr = table[np.asarray(index, dtype=np.intp)].reshape(tuple(reversed(shape)) + (n_players,))
        return np.ascontiguousarray(
            np.transpose(arr, tuple(reversed(range(n_players))) + (n_players,))
        )


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    return re.sub(r'\\(["\\])', r"\1", body)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _quote(text: str) -> str:
    return f'"{_escape(text)}"'


def _to_fraction(text: str, err) -> Fraction:  # noqa: ANN001
    mant, _, exp = text.lower().partition("e")
    if exp and abs(int(exp)) > _MAX_EXPONENT:
        raise err(f"{text!r} is too large or too small to be a payoff")
    if len(mant) > _MAX_DIGITS:
        raise err(f"{text[:20]}... has more than {_MAX_DIGITS} digits")
    try:
        value = Fraction(text)
    except ZeroDivisionError:
        raise err(f"{text!r} divides by zero") from None
    except ValueError:  # pragma: no cover - the lexer only passes well-formed numbers
        raise err(f"{text!r} is not a number") from None
    if exp or len(mant) > 300:  # shorter plain numbers are always below 1e300
        try:
            float(value)
        except OverflowError:
            raise err(f"{text!r} is too large to be a payoff (beyond floating point)") from None
    return value


def _unique(labels: list[str], blank) -> tuple[str, ...]:  # noqa: ANN001
    """Make labels non-blank and distinct, renaming by (1-based) position.

    The first occurrence of every non-blank label keeps it; a blank label at
    position k becomes ``blank(k)``, a repeated one ``"label (k)"``, and a generated
    name that is taken gets a further ``.2``, ``.3``, ... suffix.
    """
    keep: dict[str, int] = {}
    for k, label in enumerate(labels):
        if label.strip() and label not in keep:
            keep[label] = k
    used = set(keep)
    out: list[str] = []
    for k, label in enumerate(labels, start=1):
        if keep.get(label) == k - 1:
            out.append(label)
            continue
        base = f"{label} ({k})" if label.strip() else blank(k)
        candidate, n = base, 2
        while candidate in used:
            candidate = f"{base}.{n}" if label.strip() else f"{base} ({n})"
            n += 1
        used.add(candidate)
        out.append(candidate)
    return tuple(out)


# ------------------------------------------------------------------ public API
def parse_nfg_document(text: str, *, source: str = "<string>") -> NfgDocument:
    """Parse the text of a ``.nfg`` file into a :class:`NfgDocument` (game, comment, body form).

    Examples
    --------
    >>> doc = parse_nfg_document('NFG 1 R "" { "A" } { 2 } "one player" 1 2')
    >>> doc.comment, doc.game.strategies
    ('one player', (('1', '2'),))
    """
    if not isinstance(text, str):
        raise GameFileError(f"{source}: expected the file's text (str), got {type(text).__name__}")
    if "\x00" in text:
        raise GameFileError(f"{source}: binary data (NUL bytes): not a Gambit .nfg text file")
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(text) > _HEADER_SCAN:
        # a large file: read the header alone first, so an oversized game is refused
        # before the whole body is tokenized
        head = _Parser(text[:_HEADER_SCAN], source, max_tokens=_HEADER_SCAN // 2)
        try:
            head.header_size()
        except GameFileError as exc:
            if "payoffs" in str(exc) and "more than" in str(exc):
                raise
    return _Parser(text, source).parse()


def parse_nfg(text: str, *, source: str = "<string>") -> NormalFormGame:
    """Parse the text of a Gambit ``.nfg`` file into a :class:`~gametheory.NormalFormGame`.

    Parameters
    ----------
    text : str
    source : str
        Name used in error messages (usually the file name).

    Returns
    -------
    NormalFormGame
        With exact (:class:`~fractions.Fraction`) payoffs.

    Raises
    ------
    GameFileError
        Naming ``source`` and the line, for anything that is not a valid file.

    Examples
    --------
    >>> g = parse_nfg('NFG 1 R "MP" { "Even" "Odd" } { 2 2 } 1 -1 -1 1 -1 1 1 -1')
    >>> g.payoff({"Even": "2", "Odd": "1"})
    {'Even': -1.0, 'Odd': 1.0}
    """
    return parse_nfg_document(text, source=source).game


def read_nfg_document(path: str | os.PathLike[str]) -> NfgDocument:
    """Read a ``.nfg`` file into a :class:`NfgDocument`; see :func:`read_nfg`."""
    return parse_nfg_document(_read_gambit_text(path, "NFG", "1"), source=str(path))


def _read_gambit_text(path: str | os.PathLike[str], magic: str, version: str) -> str:
    """The text of a Gambit file (``magic`` ``NFG`` or ``EFG``), checked before parsing.

    Refuses a directory, an oversized, empty or binary file with a one-line
    :class:`GameFileError` naming it; decodes UTF-8, else Latin-1 (old Gambit files
    written on Windows).
    """
    name = str(path)
    kind = f"Gambit .{magic.lower()}"
    what = f"{kind} file"
    if Path(path).is_dir():
        raise GameFileError(f"{name}: is a directory, expected a {what}")
    # capped while reading; FIFOs, devices and directories refused (not just stat'd)
    data = read_input(path, max_bytes=MAX_FILE_BYTES, what=what, error=GameFileError)
    if not data.strip():
        raise GameFileError(
            f"{name}: file is empty: expected a Gambit game starting '{magic} {version} R'"
        )
    if b"\x00" in data:
        raise GameFileError(f"{name}: binary data (NUL bytes): not a {kind} text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_nfg(path: str | os.PathLike[str]) -> NormalFormGame:
    """Read a Gambit ``.nfg`` file.

    Both body forms (payoff list and outcomes) and both strategy forms (labels or
    counts) are accepted; see the module docstring. Text is read as UTF-8 (Latin-1
    if it is not valid UTF-8).

    Raises
    ------
    GameFileError
        For a missing file, a directory, an empty, binary or malformed file, with
        the file name and line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.nfg"
    >>> _ = p.write_text('NFG 1 R "" { "A" "B" } { 1 2 } 1 2 3 4')
    >>> read_nfg(p).shape
    (1, 2)
    """
    return read_nfg_document(path).game


def _format_number(x: Fraction) -> str:
    """Exact text for a payoff: an integer, a decimal, ``me-k`` for long decimals, else ``p/q``."""
    d = x.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return f"{x.numerator}/{x.denominator}"
    k = max(twos, fives)
    digits = abs(x.numerator) * (10**k // x.denominator)  # |x| = digits * 10**-k
    exp = -k
    stripped = str(digits).rstrip("0") or "0"
    exp += len(str(digits)) - len(stripped)
    sign = "-" if x < 0 else ""
    if digits == 0:
        return "0"
    if 0 <= exp <= 6:
        return sign + stripped + "0" * exp
    if -20 <= exp < 0:
        padded = stripped.rjust(-exp + 1, "0")
        return f"{sign}{padded[:exp]}.{padded[exp:]}"
    return f"{sign}{stripped}e{exp}"


def format_nfg(game: NormalFormGame, *, outcome_form: bool = False, comment: str = "") -> str:
    """The text of a Gambit ``.nfg`` file for ``game`` (``NFG 1 R``, exact numbers).

    Parameters
    ----------
    game : NormalFormGame
    outcome_form : bool
        Write an outcome list (one outcome per distinct payoff vector; all-zero
        payoffs use the null outcome 0) and outcome numbers, instead of the payoff list.
    comment : str
        Written in the header's comment field.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, 0]], [[0.5, 2]], players=("R", "C"))
    >>> print(format_nfg(g), end="")
    NFG 1 R "" { "R" "C" }
    <BLANKLINE>
    { { "1" }
    { "1" "2" }
    }
    ""
    <BLANKLINE>
    1 0.5
    0 2
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"format_nfg needs a NormalFormGame, got {type(game).__name__}")
    n = game.num_players
    # the layout Gambit itself writes
    head = (
        f"NFG 1 R {_quote(game.title)} {{ {' '.join(_quote(p) for p in game.players)} }}\n\n"
        "{ "
        + "\n".join("{ " + " ".join(_quote(s) for s in labs) + " }" for labs in game.strategies)
        + "\n}\n"
        f"{_quote(comment)}\n\n"
    )
    # profiles with player 1 fastest: transpose to (n_N, ..., n_1, N) then flatten
    exact = game.exact_payoffs
    rows = np.transpose(exact, tuple(reversed(range(n))) + (n,)).reshape(-1, n)
    if not outcome_form:
        body = "\n".join(" ".join(_format_number(v) for v in row) for row in rows)
        return head + body + "\n"
    ids: dict[tuple[Fraction, ...], int] = {}
    outcomes: list[str] = []
    numbers: list[str] = []
    for row in rows:
        key = tuple(row)
        if all(v == 0 for v in key):
            numbers.append("0")
            continue
        if key not in ids:
            ids[key] = len(ids) + 1
            pays = ", ".join(_format_number(v) for v in key)
            outcomes.append(f"{{ {_quote(f'Outcome {ids[key]}')} {pays} }}")
        numbers.append(str(ids[key]))
    lines = [" ".join(numbers[i : i + 20]) for i in range(0, len(numbers), 20)]
    return head + "{\n" + "".join(o + "\n" for o in outcomes) + "}\n" + "\n".join(lines) + "\n"


def write_nfg(
    game: NormalFormGame,
    path: str | os.PathLike[str],
    *,
    outcome_form: bool = False,
    comment: str = "",
) -> Path:
    """Write ``game`` to a Gambit ``.nfg`` file atomically; returns the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> p = write_nfg(g, pathlib.Path(tempfile.mkdtemp()) / "mp.nfg")
    >>> read_nfg(p) == g
    True
    """
    from .atomic import atomic_write_text

    return atomic_write_text(path, format_nfg(game, outcome_form=outcome_form, comment=comment))
