"""Mutation testing of one core module with mutmut: how many injected bugs do the tests catch?

mutmut changes one thing at a time in the module (a flipped comparison, a changed
constant, a dropped return value, ...) and runs the given tests against each change;
a change that no test notices is a *surviving mutant*: a gap in the tests, or an
equivalent change (one that cannot alter behaviour, listed as such by a reviewer).

The run happens in a scratch copy of the repository (mutmut writes a ``mutants/``
folder next to the code), so the checkout is never touched.

Usage::

    python -m pip install -e ".[mutation]"
    python benchmarks/mutation.py gametheory/solvers/pure.py
    python benchmarks/mutation.py gametheory/solvers/_common.py \\
        --tests tests/test_mutation_gaps.py tests/test_solvers_pure.py --workers 2

Prints the score (killed / all mutants) and the surviving mutants with their diffs
(``--diffs``). CPU-heavy: run it on the modules a change touches.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The tests that exercise each core module (used when --tests is not given).
DEFAULT_TESTS = {
    "gametheory/solvers/pure.py": ["tests/test_solvers_pure.py", "tests/test_mutation_gaps.py"],
    "gametheory/solvers/_common.py": [
        "tests/test_solvers_pure.py",
        "tests/test_mutation_gaps.py",
        "tests/test_solvers_enumerate.py",
    ],
    "gametheory/game.py": ["tests/test_game.py", "tests/test_mutation_gaps.py"],
    "gametheory/models/expr.py": ["tests/test_expr.py"],
    "gametheory/sensitivity/thresholds.py": [
        "tests/test_sensitivity_analysis.py",
        "tests/test_mutation_gaps.py",
    ],
}


def _config(module: str, tests: list[str]) -> str:
    quoted = ", ".join(f'"{t}"' for t in tests)
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["gametheory"]\n'
        f'only_mutate = ["{module}"]\n'
        f"pytest_add_cli_args_test_selection = [{quoted}]\n"
        # no doctests, no per-test timeout plugin, stop at the first failure
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-o", "addopts=", "-x", "-q"]\n'
        'also_copy = ["models"]\n'
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", help="the module to mutate, e.g. gametheory/solvers/pure.py")
    parser.add_argument("--tests", nargs="+", help="test files to run against each mutant")
    parser.add_argument("--workers", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--diffs", action="store_true", help="show each survivor's diff")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    args = parser.parse_args(argv)
    module = args.module
    if not (ROOT / module).is_file():
        parser.error(f"{module}: no such module")
    tests = args.tests or DEFAULT_TESTS.get(module)
    if not tests:
        parser.error(f"{module}: no default tests; give them with --tests")
    work = Path(tempfile.mkdtemp(prefix="mutation-"))
    try:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "mutants")
        for name in ("gametheory", "tests", "models"):
            shutil.copytree(ROOT / name, work / name, ignore=ignore)
        text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        (work / "pyproject.toml").write_text(text + _config(module, tests), encoding="utf-8")
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(work)}
        subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.workers)],
            cwd=work,
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        done = subprocess.run(
            [sys.executable, "-m", "mutmut", "results", "--all", "true"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        rows = re.findall(r"^\s*(\S+__mutmut_\d+): (.+)$", done.stdout, flags=re.M)
        if not rows:
            print(done.stdout + done.stderr)
            print(f"{module}: mutmut reported no mutants")
            return 1
        counts = Counter(status for _, status in rows)
        killed = counts.get("killed", 0) + counts.get("timeout", 0)
        print(
            f"{module}: {killed} of {len(rows)} mutants killed "
            f"({100 * killed / len(rows):.0f}%) by {' '.join(tests)}"
        )
        print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
        for name, status in rows:
            if status not in ("killed", "timeout"):
                print(f"  {status}: {name}")
                if args.diffs:
                    diff = subprocess.run(
                        [sys.executable, "-m", "mutmut", "show", name],
                        cwd=work,
                        env=env,
                        capture_output=True,
                        text=True,
                        check=False,
                    )
                    print("    " + diff.stdout.strip().replace("\n", "\n    "))
        return 0
    finally:
        if args.keep:
            print(f"scratch copy kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
