"""Check that every ``quote`` in a model file is found, word for word, in its source text.

A model file names the text its quotes come from in ``[model] source`` (for example
``source = "report.txt"``). :func:`check_quotes` finds that text, reads every value
stored under a key named ``quote`` (at any depth, alone or in a list) and looks for
each one in the text. Runs of whitespace count as one space and curly quotes and
apostrophes match their straight forms; nothing else is forgiven.

The source text is, in this order: the path given as ``source=``; the model's own
``source`` if it is an absolute path; else the nearest folder, from the model
file's own folder upwards, holding the file itself, or a ``source/`` or
``shared/source/`` folder holding it (so ``models/pacific_nato.toml`` beside a
``../shared/source/report.txt`` finds it).

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "report.txt").write_text("The alliance \u201cwill\u201d  hold.\\n")
>>> _ = (folder / "m.toml").write_text(
...     '[model]\\nsource = "report.txt"\\n[parameters.a]\\nquote = \\'alliance "will" hold\\'\\n'
...     '[parameters.b]\\nquote = ["hold", "will fold"]\\n')
>>> check = check_quotes(folder / "m.toml")
>>> check.checked, [m.where for m in check.missing]
(3, ['parameters.b.quote[1]'])
>>> str(check.missing[0]).split(": ", 1)[1]
"parameters.b.quote[1]: not found in the report: 'will fold'"
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ModelError

__all__ = [
    "MAX_SOURCE_BYTES",
    "MissingQuote",
    "QuoteCheck",
    "SourceTextNotFoundError",
    "check_quotes",
    "find_source_text",
    "normalise",
    "quotes_in",
]

#: Largest source text read, in bytes (the flagship's report is about 100 kB).
MAX_SOURCE_BYTES = 50_000_000
#: How many folders above the model file's own are searched for the source text.
_SEARCH_DEPTH = 4
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


class SourceTextNotFoundError(ModelError):
    """The source text a model's quotes come from was not found (the message says where it was sought)."""


def normalise(text: str) -> str:
    """The text as quotes are compared: curly quotes made straight, whitespace runs made one space.

    Examples
    --------
    >>> normalise("  \u201cwill\u201d\\n  hold ")
    '"will" hold'
    """
    return re.sub(r"\s+", " ", text.translate(_FOLD)).strip()


def quotes_in(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Each ``(dotted place, value)`` stored under a key named ``quote``, in file order.

    Examples
    --------
    >>> list(quotes_in({"p": {"quote": "a", "x": [{"quote": ["b", "c"]}]}}))
    [('p.quote', 'a'), ('p.x[0].quote[0]', 'b'), ('p.x[0].quote[1]', 'c')]
    """
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}.{key}" if where else str(key)
            if key == "quote":
                if isinstance(value, list):
                    yield from ((f"{here}[{i}]", v) for i, v in enumerate(value))
                else:
                    yield here, value
            else:
                yield from quotes_in(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from quotes_in(value, f"{where}[{i}]")


@dataclass(frozen=True)
class MissingQuote:
    """A quote that is not in the source text (or is not text at all)."""

    file: Path
    where: str
    quote: Any

    def __str__(self) -> str:
        if not isinstance(self.quote, str) or not self.quote.strip():
            return f"{self.file}: {self.where}: quote is empty or not text"
        return f"{self.file}: {self.where}: not found in the report: {self.quote[:120]!r}"


@dataclass(frozen=True)
class QuoteCheck:
    """The outcome of checking one model file's quotes against its source text."""

    file: Path
    source: Path
    checked: int
    missing: tuple[MissingQuote, ...]

    @property
    def ok(self) -> bool:
        """True when every quote was found."""
        return not self.missing


def _read_text(path: Path, what: str) -> str:
    from ..io.safe_read import read_input

    # the cap holds while reading, and a FIFO (which blocks) or a device is refused
    raw = read_input(path, max_bytes=MAX_SOURCE_BYTES, what=what, error=ModelError)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"{path}: {what} is not UTF-8 text (byte {exc.start})") from None


@functools.lru_cache(maxsize=8)
def _normalised_source(path: str, mtime_ns: int, size: int) -> str:
    return normalise(_read_text(Path(path), "source text"))


def find_source_text(model_file: str | Path, name: str) -> Path | None:
    """Where the source text ``name`` of ``model_file`` is, by the rule in the module docstring.

    Examples
    --------
    >>> find_source_text("no/such/model.toml", "no_such_report.txt") is None
    True
    """
    if not name:
        return None
    given = Path(name)
    if given.is_absolute():
        return given if given.is_file() else None
    folder = Path(model_file).resolve().parent
    for level, base in enumerate((folder, *folder.parents)):
        if level > _SEARCH_DEPTH:
            break
        for candidate in (
            base / given,
            base / "source" / given,
            base / "shared" / "source" / given,
        ):
            if candidate.is_file():
                return candidate
    return None


def check_quotes(model_file: str | Path, *, source: str | Path | None = None) -> QuoteCheck:
    """Check every ``quote`` of a model file against its source text.

    Parameters
    ----------
    model_file : str or Path
        A ``.toml`` model file. It is parsed as TOML only; nothing in it is run.
    source : str or Path, optional
        The source text to use instead of the one the model names.

    Returns
    -------
    QuoteCheck
        How many quotes were checked and which were not found.

    Raises
    ------
    SourceTextNotFoundError
        When ``source`` is not given and the model's source text cannot be found.
    ModelError
        When a file cannot be read, is not UTF-8 or is not TOML (one line, naming the file).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "m.toml").write_text('[model]\\nsource = "r.txt"\\n')
    >>> check_quotes(folder / "m.toml")
    Traceback (most recent call last):
    ...
    gametheory.models.quotes.SourceTextNotFoundError: ...m.toml: source text 'r.txt' not found ...
    """
    path = Path(model_file)
    try:
        data = tomllib.loads(_read_text(path, "model file"))
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{path}: TOML syntax error: {exc}") from None
    except RecursionError:
        raise ModelError(f"{path}: TOML nesting too deep") from None
    if source is not None:
        text_path = Path(source)
        if not text_path.is_file():
            raise SourceTextNotFoundError(f"{text_path}: no such source text")
    else:
        meta = data.get("model")
        name = meta.get("source", "") if isinstance(meta, dict) else ""
        found = find_source_text(path, name) if isinstance(name, str) else None
        if found is None:
            raise SourceTextNotFoundError(
                f"{path}: source text {name!r} not found beside the model or in a source/ or "
                f"shared/source/ folder above it (give it with --source)"
                if name
                else f"{path}: [model] source does not name the text the quotes are from"
            )
        text_path = found
    stat = text_path.stat()
    text = _normalised_source(str(text_path.resolve()), stat.st_mtime_ns, stat.st_size)
    checked = 0
    missing: list[MissingQuote] = []
    for where, quote in quotes_in(data):
        checked += 1
        if not isinstance(quote, str) or not quote.strip() or normalise(quote) not in text:
            missing.append(MissingQuote(path, where, quote))
    return QuoteCheck(file=path, source=text_path, checked=checked, missing=tuple(missing))
