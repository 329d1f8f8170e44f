"""``gametheory validate PATH...``: check model files and their report quotes.

Every ``.toml`` file given (or found in a folder given) is loaded with
:func:`gametheory.models.load_model`, which validates keys, values, ranges,
sources and formulas without executing anything. Then the shared quote checker
(``<repo>/../shared/tools/check_quotes.py``) confirms that every ``quote`` is
found verbatim in the source report; when the checker is not there, that step is
reported as skipped. One status line per file; the exit status is non-zero when
anything fails.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from . import CLIError

__all__ = ["HELP", "add_arguments", "run", "find_model_files", "quote_checker"]

HELP = "Validate model files (.toml): keys, values, ranges, sources, formulas and report quotes."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory validate``."""
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="model files or folders of model files")
    parser.add_argument("--no-quotes", action="store_true",
                        help="skip the check of quotes against the source report")


def find_model_files(paths: list[str]) -> list[Path]:
    """The ``.toml`` files named or found (recursively, sorted) in the given folders."""
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*.toml")
                           if q.is_file() and not q.name.endswith(".facts.toml"))
            if not found:
                raise CLIError(f"{raw}: no .toml model files in this folder")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            raise CLIError(f"{raw}: no such file or folder")
    return files


def quote_checker() -> Path | None:
    """``<repo>/../shared/tools/check_quotes.py`` if it exists."""
    repo = Path(__file__).resolve().parents[2]
    tool = repo.parent / "shared" / "tools" / "check_quotes.py"
    return tool if tool.is_file() else None


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
    quote_files: list[Path] = []
    failures = 0
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
        quoted = sum(1 for p in m.parameters.values() if p.quotes)
        print(f"ok    {f}: {m.id}, {m.form}, {len(m.players)} players, "
              f"{len(m.parameters)} parameters ({quoted} with report quotes)")
        failures += _report_facts(m, f)
        facts_file = f.with_name(f.stem + ".facts.toml")
        if facts_file.is_file():
            quote_files.append(facts_file)
    if getattr(args, "no_quotes", False):
        print("quotes: skipped (--no-quotes)")
    else:
        tool = quote_checker()
        if tool is None:
            print("quotes: skipped (../shared/tools/check_quotes.py not found)")
        else:
            proc = subprocess.run([sys.executable, str(tool), *map(str, files + quote_files)],
                                  capture_output=True, text=True, timeout=300, check=False)
            for line in (proc.stdout + proc.stderr).splitlines():
                if line.strip():
                    print(f"quotes: {line}")
            if proc.returncode != 0:
                failures += 1
    total = len(files)
    print(f"{total - failures if failures <= total else 0} of {total} model files valid"
          if not failures else f"validation failed ({failures} problem"
          f"{'s' if failures != 1 else ''})")
    return 1 if failures else 0
