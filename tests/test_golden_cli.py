"""Golden tests: the documented CLI commands print what they printed when last reviewed.

Each case runs one command from the README or the docs in process, through the CLI's
``main`` (as ``tests/test_readme.py`` does), from the repository root, and compares what
it printed, and the files it wrote, with a snapshot in ``tests/golden/``: ``NAME.txt``
for text (stdout, then stderr and each written file under a ``--- ... ---`` header) and
``NAME.json`` for ``--json`` output. A difference fails with a diff; if the change is
intended, regenerate the snapshots and review them in ``git diff``::

    python tests/test_golden_cli.py --update            # every snapshot
    python tests/test_golden_cli.py --update solve_chicken_text   # one

Only volatile parts are normalised, nothing else:

- the scratch folder that receives written files (``-o``) becomes ``<OUT>`` (commands
  print "wrote <OUT>/bos.tex"), and the repository's absolute path ``<ROOT>`` (it occurs
  in no output today; a moved checkout must not fail the test);
- the package version (``gametheory X.Y.Z``) becomes ``<VERSION>``;
- numbers in JSON are compared rounded to 9 decimals, then to 10 significant digits:
  a mixed equilibrium's probabilities and a game's value come out of linear algebra
  (LAPACK, the LP solver) whose last bits differ between BLAS builds (rock-paper-
  scissors' value prints as 0 or as 2.2e-16); the documented games' payoffs are of
  order 0.01 to 10. Exact results (fractions in strings) are compared exactly.
  Text output already rounds (4 significant digits), so it is compared as printed.

The cases avoid what depends on the machine: no command reads ``../shared`` (validate
runs with ``--no-quotes``), none prints a timing, and none prints floats past what BLAS
reproduces. The flagship's report and the README's JSON example are covered by
``tests/test_report.py`` and ``tests/test_readme.py`` and are not repeated here; the
documented commands that run for minutes (sweeps and Sobol runs of the flagship,
calibration) are left out. ``benchmarks/compare_cli.py`` runs every documented command
at two revisions; these snapshots keep today's answers from drifting unnoticed.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import re
import shlex
import sys
import tempfile
from pathlib import Path

import pytest

from gametheory import __version__
from gametheory.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"

#: snapshot name -> command (as documented, without the leading ``gametheory``)
CASES: dict[str, str] = {
    # README "Solve games, correctly" and docs/how-to/solve.md
    "solve_chicken_text": "solve models/chicken.nfg",
    "solve_chicken_fix": 'solve models/chicken.nfg --fix "Driver 1=Swerve" --json',
    "solve_rps_zero_sum": "solve models/rock_paper_scissors.nfg --method zero-sum --json",
    "solve_rps_zero_sum_text": "solve models/rock_paper_scissors.nfg --method zero-sum",
    # README "Several equilibria"
    "solve_stag_hunt_text": "solve models/stag_hunt.nfg",
    "solve_stag_hunt": "solve models/stag_hunt.nfg --json",
    "thresholds_tariff_chicken_text": "thresholds tests/data/several/tariff_chicken.toml",
    "thresholds_tariff_chicken_select": (
        "thresholds tests/data/several/tariff_chicken.toml --select payoff-dominant --json"
    ),
    # README "Models with sourced parameters" and models/README.md
    "solve_seato_text": "solve models/seato_1954.toml",
    "solve_seato_threats": "solve models/seato_1954.toml --threats --json",
    "solve_seato_threats_text": "solve models/seato_1954.toml --threats",
    "solve_pacific_nato_text": "solve models/pacific_nato.toml",
    "solve_pacific_nato_scenario": "solve models/pacific_nato.toml --scenario quad_2007 --json",
    "validate_models_no_quotes": "validate models/ --no-quotes",
    # README "For teachers"
    "classify_stag_hunt_text": "classify models/stag_hunt.nfg",
    "classify_stag_hunt": "classify models/stag_hunt.nfg --json",
    "dominance_prisoners_dilemma_text": "dominance models/prisoners_dilemma.nfg",
    "dominance_prisoners_dilemma": "dominance models/prisoners_dilemma.nfg --json",
    "draw_battle_of_the_sexes_tex": "draw models/battle_of_the_sexes.nfg -o bos.tex",
    "draw_beer_quiche_tikz": "draw models/beer_quiche.efg -o beer.tex",
    "exercise_2x2_mixed": "exercise --kind 2x2-mixed --seed 1 -o exercise-1",
    # README "Extensive-form games"
    "solve_entry_deterrence_text": "solve models/entry_deterrence.efg",
    "solve_entry_deterrence_spe": "solve models/entry_deterrence.efg --method spe --json",
    "solve_kuhn_poker_zero_sum": "solve models/kuhn_poker.efg --method zero-sum --exact --json",
    "solve_taiwan_text": "solve models/taiwan_ambiguity.toml",
    "thresholds_taiwan": "thresholds models/taiwan_ambiguity.toml -p p_resolve --json",
}

#: options whose value is a path the command writes (redirected to a scratch folder)
OUTPUT_OPTIONS = ("-o", "--output", "--plot")


def _normalise_text(text: str, out: Path) -> str:
    text = text.replace(str(out), "<OUT>").replace(str(ROOT), "<ROOT>")
    return re.sub(rf"gametheory {re.escape(__version__)}\b", "gametheory <VERSION>", text)


def _round(value: object) -> object:
    """JSON numbers at 9 decimals and 10 significant digits (see the module docstring)."""
    if isinstance(value, float):
        return float(f"{round(value, 9) + 0.0:.10g}")  # + 0.0: -0.0 is 0.0
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_round(v) for v in value]
    return value


def run_case(command: str) -> str:
    """The snapshot text of one command: what it printed and wrote, normalised."""
    argv = shlex.split(command)
    stdout, stderr = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp, contextlib.chdir(ROOT):
        out = Path(tmp)
        for i, word in enumerate(argv[:-1]):
            if word in OUTPUT_OPTIONS:
                argv[i + 1] = str(out / argv[i + 1])
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = main(argv)
        assert status == 0, f"gametheory {command} exited {status}: {stderr.getvalue()}"
        if "--json" in argv:
            data = _round(json.loads(stdout.getvalue()))
            text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
            text = _normalise_text(text, out)
        else:
            text = _normalise_text(stdout.getvalue(), out)
        if stderr.getvalue():
            text += "--- stderr ---\n" + _normalise_text(stderr.getvalue(), out)
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            name = path.relative_to(out).as_posix()
            try:
                body = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:  # a binary file: its size only
                body = f"({path.stat().st_size} bytes, binary)\n"
            text += f"--- file {name} ---\n" + _normalise_text(body, out)
    return text


def _snapshot(name: str) -> Path:
    return GOLDEN / f"{name}.{'json' if '--json' in shlex.split(CASES[name]) else 'txt'}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_documented_command_prints_its_snapshot(name):
    path = _snapshot(name)
    assert path.exists(), (
        f"no snapshot {path.name}: run python tests/test_golden_cli.py --update {name}"
    )
    want = path.read_text(encoding="utf-8")
    got = run_case(CASES[name])
    if got != want:
        diff = "".join(
            difflib.unified_diff(
                want.splitlines(keepends=True), got.splitlines(keepends=True), path.name, "now", n=2
            )
        )
        pytest.fail(
            f"gametheory {CASES[name]} no longer prints its snapshot "
            f"(if intended: python tests/test_golden_cli.py --update {name}):\n{diff[:6000]}"
        )


def test_every_case_is_a_documented_command():
    # a snapshot of a command nobody documents guards nothing a user reads
    docs = "\n".join(
        p.read_text(encoding="utf-8")
        for pattern in ("README.md", "docs/how-to/*.md", "models/*.md")
        for p in ROOT.glob(pattern)
    )
    docs = re.sub(r"\s+", " ", docs.replace("\\\n", " "))
    for name, command in CASES.items():
        documented = command.removesuffix(" --json")
        assert f"gametheory {documented}" in docs, (
            f"{name}: gametheory {documented} is not in the docs"
        )


def test_no_stray_snapshots():
    wanted = {_snapshot(name).name for name in CASES}
    assert {p.name for p in GOLDEN.iterdir()} <= wanted


def _update(names: list[str]) -> int:
    GOLDEN.mkdir(exist_ok=True)
    for name in names or sorted(CASES):
        if name not in CASES:
            print(f"unknown case {name!r}; cases: {', '.join(sorted(CASES))}", file=sys.stderr)
            return 2
        path = _snapshot(name)
        text = run_case(CASES[name])
        old = path.read_text(encoding="utf-8") if path.exists() else None
        path.write_text(text, encoding="utf-8")
        print(f"{'unchanged' if old == text else 'written  '} {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args[0] != "--update":
        print("usage: python tests/test_golden_cli.py --update [CASE ...]", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(_update(args[1:]))
