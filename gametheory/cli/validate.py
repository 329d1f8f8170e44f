"""``gametheory validate PATH...``: check model files and their report quotes.

Every ``.toml`` file given (or found in a folder given) is loaded with
:func:`gametheory.models.load_model`, which validates keys, values, ranges,
sources and formulas without executing anything. Then
:func:`gametheory.models.quotes.check_quotes` confirms that every ``quote`` is
found verbatim in the model's source text (the file its ``[model] source`` names,
found beside the model or in a ``source/`` or ``shared/source/`` folder above it,
or the file given with ``--source``); a model whose source text is not found has
that step reported as skipped. One status line per file; the exit status is
non-zero when anything fails.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import CLIError

__all__ = ["HELP", "add_arguments", "run", "find_model_files"]

HELP = "Validate model files (.toml): keys, values, ranges, sources, formulas and report quotes."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory validate``."""
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="model files or folders of model files"
    )
    parser.add_argument(
        "--no-quotes",
        action="store_true",
        help="skip the check of quotes against the source report",
    )
    parser.add_argument(
        "--source",
        metavar="FILE",
        default=None,
        help="the source text the quotes come from (default: the file each "
        "model's [model] source names, found beside the model or in a "
        "source/ or shared/source/ folder above it)",
    )


def find_model_files(paths: list[str]) -> list[Path]:
    """The ``.toml`` files named or found (recursively, sorted) in the given folders.

    Facts files (``X.facts.toml``) are not models: a folder scan skips them (each is
    checked with its model ``X.toml``), and a facts file named directly stands for its
    model when that model exists.
    """
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                q for q in p.rglob("*.toml") if q.is_file() and not q.name.endswith(".facts.toml")
            )
            if not found:
                raise CLIError(f"{raw}: no .toml model files in this folder")
            files += found
        elif p.is_file():
            model = p.with_name(p.name[: -len(".facts.toml")] + ".toml")
            files.append(model if p.name.endswith(".facts.toml") and model.is_file() else p)
        elif p.exists():  # a FIFO, a device: refused before anything opens it
            raise CLIError(f"{raw}: is not a regular file, expected a .toml model")
        else:
            raise CLIError(f"{raw}: no such file or folder")
    return list(dict.fromkeys(files))  # a model named twice (or with its facts) once


def _check_quotes(files: list[Path], source: str | None) -> int:
    """Print the quote check of the model files that loaded; returns the number of failures."""
    from ..errors import ModelError
    from ..models.facts import facts_path
    from ..models.quotes import SourceTextNotFoundError, check_quotes

    checked = missing = failures = 0
    skipped: list[str] = []
    done = 0
    for f in files:
        try:
            check = check_quotes(f, source=source)
        except SourceTextNotFoundError as exc:
            skipped.append(str(exc))
            continue
        except ModelError as exc:
            failures += 1
            print(f"quotes: {' '.join(str(exc).split())}")
            continue
        checks = [check]
        facts_file = facts_path(f)
        if facts_file.is_file():  # the facts beside a model quote the model's source text
            try:
                checks.append(check_quotes(facts_file, source=source or check.source))
            except ModelError as exc:
                failures += 1
                print(f"quotes: {' '.join(str(exc).split())}")
        done += 1
        for c in checks:
            checked += c.checked
            missing += len(c.missing)
            for problem in c.missing:
                print(f"quotes: {problem}")
    if skipped and not done and not failures:
        print(
            f"quotes: skipped ({skipped[0]})"
            if len(skipped) == 1
            else f"quotes: skipped (no source text found for {len(skipped)} model files; "
            f"give it with --source)"
        )
    else:
        for reason in skipped:
            print(f"quotes: skipped: {reason}")
        if done:
            print(f"quotes: {checked} quotes checked in {done} files, {missing} not found")
    return failures + (1 if missing else 0)


def _report_facts(model, path: Path) -> int:
    """Print which facts of ``X.facts.toml`` (if any) hold at the base values; 1 on error."""
    from ..errors import GameTheoryError
    from ..models.facts import fact_matrix, facts_path, load_facts, subgame_outcomes

    ff = facts_path(path)
    if not ff.is_file():
        return 0
    try:
        facts = load_facts(ff, model)
        holds = fact_matrix(facts, subgame_outcomes(model, model.value_vector()[None, :]))[:, 0]
    except GameTheoryError as exc:
        print(f"FAIL  {' '.join(str(exc).split())}")
        return 1
    print(f"facts {ff}: {int(holds.sum())} of {len(facts)} hold at the base values")
    for f, ok in zip(facts, holds, strict=True):
        if not ok:
            print(f"      does not hold: {f.id}: {f.statement}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``gametheory validate``; returns the exit status."""
    from ..errors import GameTheoryError
    from ..models import load_model

    files = find_model_files(args.paths)
    source = getattr(args, "source", None)
    if source is not None:
        from ..io.safe_read import check_regular

        try:  # "no such file", or what it is instead (a folder, a FIFO, a device)
            check_regular(source, what="source text", error=GameTheoryError)
        except GameTheoryError as exc:
            raise CLIError(f"--source {exc}") from None
    failures = 0
    loaded: list[Path] = []
    for f in files:
        try:
            m = load_model(f)
        except GameTheoryError as exc:
            failures += 1
            print(f"FAIL  {' '.join(str(exc).split())}")
            continue
        except (OSError, UnicodeDecodeError) as exc:
            failures += 1
            print(f"FAIL  {f}: cannot read: {exc}")
            continue
        loaded.append(f)
        quoted = sum(1 for p in m.parameters.values() if p.quotes)
        print(
            f"ok    {f}: {m.id}, {m.form}, {len(m.players)} players, "
            f"{len(m.parameters)} parameters ({quoted} with report quotes)"
        )
        failures += _report_facts(m, f)
    if getattr(args, "no_quotes", False):
        print("quotes: skipped (--no-quotes)")
    else:
        failures += _check_quotes(loaded, source)
    total = len(files)
    print(
        f"{total - failures if failures <= total else 0} of {total} model files valid"
        if not failures
        else f"validation failed ({failures} problem{'s' if failures != 1 else ''})"
    )
    return 1 if failures else 0
