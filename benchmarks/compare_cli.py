"""Run the documented CLI commands at two source trees and diff their outputs.

Issue 13 (one architecture) was to change no user-visible behaviour. This script shows
what did change between two revisions, command by command, so that every difference can
be traced to a CHANGELOG entry or reported as a regression::

    git worktree add /tmp/base-3cd10da 3cd10da          # the tree when issue 13 was filed
    python benchmarks/compare_cli.py /tmp/base-3cd10da .  # old tree, new tree
    python benchmarks/compare_cli.py /tmp/base-3cd10da . --only 'solve models/chicken'
    python benchmarks/compare_cli.py /tmp/base-3cd10da . --inputs old --commands old

The commands are the ones in the code blocks (bash and text) of README.md,
docs/how-to/*.md, docs/reference/*.md, models/README.md and models/FORMAT.md of the new
tree (``--commands old``: of the old tree), each also run with ``--json`` where the
subcommand takes it, minus those listed in
:data:`SLOW` (minutes of CPU, a server, a Dask cluster). Each command runs as
``python -P -m gametheory ...`` in a subprocess with ``PYTHONPATH`` set to one tree, in the
folder of the tree that supplies the inputs (``--inputs new``, the default: both revisions
read the same model files, so only the code differs; ``--inputs old`` runs both on the
old tree's files, which the old code can read); an output argument (``-o``) is
redirected into a scratch folder and the files written there are compared too.

A command that the old tree does not have (argparse's ``invalid choice`` or
``unrecognized arguments``) or whose input the old tree cannot read is listed as such,
with its one-line error. Differences are printed as unified diffs of the text output and
as path-by-path differences of the JSON. The script only reports: it exits 0 whatever
it finds.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

DOCS = (
    "README.md",
    "docs/how-to/*.md",
    "docs/reference/*.md",
    "models/README.md",
    "models/FORMAT.md",
)

#: documented commands left out, with the reason (a regular expression on the command)
SLOW: dict[str, str] = {
    r"^report models/pacific_nato\.toml": "the flagship report: about a minute of CPU per run",
    r"^calibrate models/pacific_nato\.toml": "thousands of flagship solves",
    r"--samples 100000": "a 100,000-sample run",
    r"--scheduler": "needs a Dask cluster",
    r"--samples 1024": "a 1,024-sample Sobol run of the flagship (minutes)",
    r"^explore ": "starts a web server",
    r"^thresholds models/pacific_nato\.toml$": "the flagship's thresholds scan (minutes)",
    r"^sweep models/pacific_nato\.toml": "a two-parameter flagship sweep (minutes)",
    r"--source report\.txt": "needs a report.txt in the current folder",
}

#: subcommands that take --json
JSON_COMMANDS = {
    "solve",
    "thresholds",
    "sweep",
    "sensitivity",
    "validate",
    "compare",
    "calibrate",
    "classify",
    "dominance",
}

#: options whose value is a path the command writes
OUTPUT_OPTIONS = {"-o", "--output", "--plot", "--propose-base"}


def documented_commands(root: Path) -> list[tuple[str, str]]:
    """Every ``gametheory ...`` line in the code blocks of the docs: (file, command)."""
    found: dict[str, str] = {}
    for pattern in DOCS:
        for path in sorted(root.glob(pattern)):
            text = path.read_text(encoding="utf-8").replace("\\\n", " ")
            fence: str | None = None
            for line in text.splitlines():
                if line.startswith("```"):
                    fence = None if fence is not None else line[3:].strip()
                    continue
                if fence not in ("bash", "text", "sh", "console", ""):
                    continue
                match = re.search(r"(?:^|&& )(?:python -m )?gametheory (.*)", line.strip())
                if match:
                    command = re.sub(r"\s+#.*", "", match.group(1)).strip()
                    command = re.sub(r"\s+", " ", command)
                    found.setdefault(command, str(path.relative_to(root)))
    return [(source, command) for command, source in found.items()]


def selected_commands(root: Path) -> list[tuple[str, str, str | None]]:
    """(source, command, reason skipped or None); each command also with --json."""
    rows: dict[str, tuple[str, str, str | None]] = {}
    for source, command in documented_commands(root):
        reason = next((why for pattern, why in SLOW.items() if re.search(pattern, command)), None)
        rows.setdefault(command, (source, command, reason))
        words = shlex.split(command)
        if words[0] in JSON_COMMANDS and "--json" not in words and reason is None:
            rows.setdefault(command + " --json", (source, command + " --json", None))
    return list(rows.values())


@dataclass
class Run:
    """What one command did at one tree."""

    status: int
    stdout: str
    stderr: str
    files: dict[str, str]  # relative path -> text, or "sha256:..." for binary files


def _redirect(words: list[str], scratch: Path) -> list[str]:
    out = list(words)
    for i, word in enumerate(out[:-1]):
        if word in OUTPUT_OPTIONS:
            out[i + 1] = str(scratch / out[i + 1])
    return out


def check_imports(tree: Path, inputs: Path) -> None:
    """Fail unless ``gametheory`` imports from ``tree`` when run from ``inputs``.

    ``python -m`` puts the current folder first on ``sys.path``, ahead of
    ``PYTHONPATH``, and an editable install adds a third copy: without ``-P`` the old
    tree's runs, started in the new tree, silently ran the new code.
    """
    proc = subprocess.run(
        [sys.executable, "-P", "-c", "import gametheory; print(gametheory.__file__)"],
        cwd=inputs,
        env=dict(os.environ, PYTHONPATH=str(tree)),
        capture_output=True,
        text=True,
        check=False,
    )
    where = Path(proc.stdout.strip()).resolve()
    if not where.is_relative_to(tree.resolve()):
        raise SystemExit(f"gametheory imports from {where}, not from {tree}")


def run(tree: Path, inputs: Path, command: str, *, timeout: float) -> Run:
    """Run ``python -m gametheory COMMAND`` with ``tree`` first on the path."""
    with tempfile.TemporaryDirectory(prefix="compare-cli-") as tmp:
        scratch = Path(tmp)
        argv = _redirect(shlex.split(command), scratch)
        env = dict(os.environ, PYTHONPATH=str(tree), COLUMNS="100")
        try:
            proc = subprocess.run(
                [sys.executable, "-P", "-m", "gametheory", *argv],
                cwd=inputs,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Run(-1, "", f"timed out after {timeout:.0f} s", {})
        files: dict[str, str] = {}
        for path in sorted(p for p in scratch.rglob("*") if p.is_file()):
            data = path.read_bytes()
            try:
                files[str(path.relative_to(scratch))] = data.decode("utf-8")
            except UnicodeDecodeError:
                files[str(path.relative_to(scratch))] = "sha256:" + hashlib.sha256(data).hexdigest()
        clean = _normaliser(scratch, tree, inputs)
        return Run(
            proc.returncode,
            clean(proc.stdout),
            clean(proc.stderr),
            {k: clean(v) for k, v in files.items()},
        )


def _normaliser(scratch: Path, tree: Path, inputs: Path):
    replacements = [
        (str(scratch), "<OUT>"),
        (str(tree.resolve()), "<TREE>"),
        (str(inputs.resolve()), "<INPUTS>"),
    ]

    def clean(text: str) -> str:
        for old, new in replacements:
            text = text.replace(old, new)
        return text

    return clean


def json_differences(old: object, new: object, path: str = "$") -> list[str]:
    """Path-by-path differences between two JSON values (added, removed, changed)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in old.keys() - new.keys():
            out.append(f"{path}.{key}: removed")
        for key in new.keys() - old.keys():
            out.append(f"{path}.{key}: added = {json.dumps(new[key])[:120]}")
        for key in old.keys() & new.keys():
            out += json_differences(old[key], new[key], f"{path}.{key}")
        if list(old) != list(new) and not out:
            out.append(f"{path}: key order {list(old)} -> {list(new)}")
        return out
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return [f"{path}: length {len(old)} -> {len(new)}"]
        return [
            d
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for d in json_differences(a, b, f"{path}[{i}]")
        ]
    if old != new or type(old) is not type(new):
        return [f"{path}: {json.dumps(old)[:120]} -> {json.dumps(new)[:120]}"]
    return []


def _absent_at_old(result: Run) -> str | None:
    if result.status == 2 and re.search(
        r"invalid choice|unrecognized arguments|no such option", result.stderr
    ):
        return result.stderr.strip().splitlines()[-1]
    return None


def compare(old: Run, new: Run, command: str) -> list[str]:
    """Lines describing every difference (empty: identical)."""
    out: list[str] = []
    if old.status != new.status:
        out.append(f"exit status {old.status} -> {new.status}")
    if "--json" in command.split() and old.status == 0 and new.status == 0:
        try:
            out += json_differences(json.loads(old.stdout), json.loads(new.stdout))
        except json.JSONDecodeError as exc:
            out.append(f"stdout is not one JSON object: {exc}")
    elif old.stdout != new.stdout:
        out += list(
            difflib.unified_diff(
                old.stdout.splitlines(), new.stdout.splitlines(), "old", "new", lineterm="", n=1
            )
        )
    if old.stderr != new.stderr:
        out += [
            f"stderr: {line}"
            for line in difflib.unified_diff(
                old.stderr.splitlines(), new.stderr.splitlines(), "old", "new", lineterm="", n=0
            )
        ]
    for name in sorted(old.files.keys() | new.files.keys()):
        a, b = old.files.get(name), new.files.get(name)
        if a is None or b is None:
            out.append(f"file {name}: {'added' if a is None else 'removed'}")
        elif a != b:
            out.append(f"file {name}: differs")
            if not a.startswith("sha256:"):
                out += list(
                    difflib.unified_diff(
                        a.splitlines(), b.splitlines(), "old", "new", lineterm="", n=0
                    )
                )[:40]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="the old source tree (a git worktree)")
    parser.add_argument("new", type=Path, help="the new source tree")
    parser.add_argument(
        "--inputs", choices=("old", "new"), default="new", help="whose model files to read"
    )
    parser.add_argument(
        "--commands",
        choices=("old", "new"),
        default="new",
        help="whose documentation lists the commands",
    )
    parser.add_argument(
        "--only", default=None, help="only commands matching this regular expression"
    )
    parser.add_argument("--list", action="store_true", help="list the commands and exit")
    parser.add_argument("--max-lines", type=int, default=30, help="lines of diff shown per command")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    old, new = args.old.resolve(), args.new.resolve()
    inputs = new if args.inputs == "new" else old
    check_imports(old, inputs)
    check_imports(new, inputs)
    rows = selected_commands(new if args.commands == "new" else old)
    if args.only:
        rows = [r for r in rows if re.search(args.only, r[1])]
    summary: list[tuple[str, str]] = []
    for source, command, skipped in rows:
        if skipped:
            print(f"## gametheory {command}\n   skipped: {skipped} ({source})\n")
            summary.append((command, f"skipped: {skipped}"))
            continue
        if args.list:
            print(f"gametheory {command}    ({source})")
            continue
        a = run(old, inputs, command, timeout=args.timeout)
        absent = _absent_at_old(a)
        if absent:
            print(f"## gametheory {command}\n   not at the old tree: {absent}\n", flush=True)
            summary.append((command, "not at the old tree"))
            continue
        b = run(new, inputs, command, timeout=args.timeout)
        diffs = compare(a, b, command)
        if not diffs and b.status != 0:
            verdict = f"both fail alike: {b.stderr.strip().splitlines()[-1] if b.stderr.strip() else b.status}"
        elif not diffs:
            verdict = "identical"
        elif a.status != 0 and b.status == 0:
            verdict = (
                f"old fails: {a.stderr.strip().splitlines()[-1] if a.stderr.strip() else a.status}"
            )
        else:
            verdict = f"differs ({len(diffs)} lines)"
        print(f"## gametheory {command}\n   {verdict}", flush=True)
        for line in diffs[: args.max_lines]:
            print(f"   {line}")
        if len(diffs) > args.max_lines:
            print(f"   ... {len(diffs) - args.max_lines} more")
        print(flush=True)
        summary.append((command, verdict))
    if not args.list:
        print("| command | old -> new |\n| --- | --- |")
        for command, verdict in summary:
            print(f"| `gametheory {command}` | {verdict} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
