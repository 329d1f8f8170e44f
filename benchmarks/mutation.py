"""Mutation testing of the core modules with mutmut: how many injected bugs do the tests catch?

mutmut changes one thing at a time in a module (a flipped comparison, a changed
constant, a dropped return value, ...) and runs the tests against each change; a
change that no test notices is a *surviving mutant*: a gap in the tests, or an
*equivalent* mutant (a change that cannot alter behaviour). The equivalent mutants are
listed, each with the reason a reviewer accepted, in ``benchmarks/mutation_equivalents.toml``;
they are excluded from the score, which is ``killed / (all - equivalent)``.

Each module is run against its own tests (``MODULE_TESTS``), in one pytest process per
module: mutmut runs the tests once to learn which test calls which function, then forks
one worker per mutant that runs only the tests covering the mutated function, with a
timeout scaled from those tests' clean duration (a mutant that hangs counts as killed).
The run happens in a scratch copy of the repository (mutmut writes a ``mutants/``
folder next to the code), so the checkout is never touched.

Usage::

    python -m pip install -e ".[mutation]"
    python benchmarks/mutation.py gametheory/solvers/pure.py        # one module
    python benchmarks/mutation.py --all --workers 2                 # every core module
    python benchmarks/mutation.py gametheory/game.py --diffs        # survivors' diffs
    python benchmarks/mutation.py gametheory/game.py --tests tests/test_game.py

Prints, per module, killed / non-equivalent mutants, the counts by status, each
surviving mutant (with ``--diffs`` its diff), and the equivalence entries that no
longer match a surviving mutant (stale: the code changed, or a test now kills it).
``--fail-under 90`` exits 1 when a module scores below 90%. CPU-heavy: run it on the
modules a change touches. ``--sample 40`` tests a seeded random draw of 40 mutants per
module and reports an estimate with its 95% interval; ``.ci/run`` does that for every core
module (``--list``) the last commit touched.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENTS = ROOT / "benchmarks" / "mutation_equivalents.toml"

#: The core modules and the tests that exercise each (the tests run against its mutants).
MODULE_TESTS: dict[str, list[str]] = {
    "gametheory/solvers/pure.py": [
        "tests/test_solvers_pure.py",
        "tests/test_mutation_gaps.py",
        "tests/test_mutation_gaps_solvers.py",
    ],
    "gametheory/solvers/_common.py": [
        "tests/test_solvers_pure.py",
        "tests/test_mutation_gaps.py",
        "tests/test_solvers_enumerate.py",
        "tests/test_mutation_gaps_solvers.py",
        "tests/test_precision_gap.py",
    ],
    "gametheory/game.py": [
        "tests/test_game.py",
        "tests/test_game_classes.py",
        "tests/test_mutation_gaps.py",
        "tests/test_mutation_gaps_game.py",
        "tests/test_float_loss.py",
    ],
    "gametheory/models/expr.py": [
        "tests/test_expr.py",
        "tests/test_hostile_inputs.py",
        "tests/test_mutation_gaps_expr.py",
    ],
    # the brute-force and known-game checks; the cross-checks against Gambit and nashpy
    # (tens of seconds) only repeat them for a surviving mutant
    "gametheory/solvers/enumeration.py": [
        "tests/test_mutation_gaps_enumeration.py",
        "tests/test_solvers_enumerate.py",
        "tests/test_known_games.py::test_exact_enumeration_gives_the_known_set",
        "tests/test_known_games.py::test_float_enumeration_gives_the_known_set",
        "tests/test_known_games.py::test_components_of_the_tied_game",
        "tests/test_known_games.py::test_nash_subsets",
        "tests/test_mutation_gaps_solvers.py",
    ],
    "gametheory/solvers/_polytope.py": [
        "tests/test_mutation_gaps_polytope.py",
        "tests/test_mutation_gaps_enumeration.py",
        "tests/test_solvers_enumerate.py",
        "tests/test_known_games.py::test_exact_enumeration_gives_the_known_set",
        "tests/test_known_games.py::test_float_enumeration_gives_the_known_set",
        "tests/test_mutation_gaps_solvers.py",
    ],
    # the LP value against an independent LP and known games (test_scale_invariance and the
    # extensive-form tests only repeat these at other scales or through the reduced form)
    "gametheory/solvers/zerosum.py": [
        "tests/test_solvers_zerosum_dominance.py",
        "tests/test_mutation_gaps_zerosum.py",
    ],
    # elimination against reimplementations in the gap tests (test_scale_invariance's
    # dominance check, 1.4 s a scale, repeats the gap tests' scale check)
    "gametheory/solvers/dominance.py": [
        "tests/test_solvers_zerosum_dominance.py",
        "tests/test_mutation_gaps_dominance.py",
    ],
    "gametheory/solvers/weak_dominance.py": [
        "tests/test_weak_dominance.py",
        "tests/test_mutation_gaps_weak_dominance.py",
    ],
    # the gap tests first: sharp and fast, they stop most mutants before test_batch.py
    "gametheory/solvers/batch.py": [
        "tests/test_mutation_gaps_batch.py",
        "tests/test_batch.py",
    ],
    # known 3-player games, brute-force and regret oracles (about 2 s in all); left out:
    # the pygambit cross-checks of test_nplayer_enum.py (enumpoly 23 s, gnm 17 s), which
    # only repeat the known-set and random-game checks for a surviving mutant
    "gametheory/solvers/nplayer_enum.py": [
        "tests/test_mutation_gaps_nplayer_enum.py",
        "tests/test_nplayer_enum.py::test_mckelvey_mclennan_has_nine_equilibria_two_totally_mixed",
        "tests/test_nplayer_enum.py::test_jordan_game_unique_mixed_equilibrium",
        "tests/test_nplayer_enum.py::test_volunteers_dilemma_irrational_symmetric_equilibrium_and_partial_ones",
        "tests/test_nplayer_enum.py::test_random_three_player_games_odd_count_and_contain_logit_equilibrium",
        "tests/test_nplayer_enum.py::test_every_pure_equilibrium_is_listed",
        "tests/test_nplayer_enum.py::test_two_player_games_use_the_two_player_enumeration_and_agree_with_nashpy",
        "tests/test_nplayer_enum.py::test_degenerate_game_is_flagged_incomplete_with_certified_points",
        "tests/test_nplayer_enum.py::test_too_large_game_is_refused_with_a_suggestion",
        "tests/test_nplayer_enum.py::test_dominated_strategies_are_removed_first_so_larger_games_fit",
        "tests/test_nplayer_enum.py::test_bad_options_name_the_option",
        "tests/test_nplayer_enum.py::test_pygambit_enumpure_agrees_on_games_with_ties",
        "tests/test_nplayer_enum.py::test_equilibrium_set_invariant_to_affine_payoffs_and_relabelled_strategies",
        "tests/test_contract.py",
    ],
    # the gap tests (the QRE equations at the path's points, the Jacobian against finite
    # differences, closed-form equilibria, exact warnings; about 1.5 s) and test_logit.py's
    # fast checks; left out: its pygambit and nashpy cross-checks (3.5 s, which repeat its
    # certified-regret checks), the CLI run of the three-player cycle (the Jordan game
    # again), the flat-kernel and 7-player einsum tests (_contract's paths), the 20 random
    # games certified-or-warned (the gap tests check the QRE equations and regrets on
    # random games), all but 6 of the 30 own-path limit cases (on the shared 2-core
    # machine a surviving mutant costs seconds per second of tests) and the docstring
    # test: doctest.testmod of the mutated module runs the Examples of every mutant's
    # copy of logit_solve (7 s, which also sets a 2-minute timeout per mutant)
    "gametheory/solvers/logit.py": [
        "tests/test_mutation_gaps_logit.py",
        "tests/test_logit.py::test_three_player_game_without_pure_equilibrium_gets_certified_mixed_one",
        "tests/test_logit.py::test_known_unique_equilibria",
        "tests/test_logit.py::test_volunteers_dilemma_selects_the_symmetric_mixed_equilibrium",
        "tests/test_logit.py::test_integer_random_games_with_ties_still_certified",
        "tests/test_logit.py::test_affine_transform_and_scale_do_not_change_the_selected_equilibrium",
        "tests/test_logit.py::test_constant_game_returns_uniform",
        "tests/test_logit.py::test_step_limit_is_reported_honestly_without_an_unverified_profile",
        "tests/test_logit.py::test_time_limit_is_reported_honestly",
        "tests/test_logit.py::test_bad_options_are_rejected_with_the_option_named",
        *[
            f"tests/test_logit.py::test_logit_answer_is_the_limit_of_its_own_path[{k}]"
            for k in range(6)
        ],
        "tests/test_contract.py",
    ],
    # dispatch by name, auto's boundaries and option checks on 2x2 and 2x2x2 games (the
    # solvers themselves have their own lists)
    "gametheory/solvers/__init__.py": [
        "tests/test_mutation_gaps_solvers_dispatch.py",
        "tests/test_solvers_registry.py",
    ],
    # facts about the adapter, not nashpy's floating-point accidents: games with a certain
    # answer, a stand-in for nashpy for unverified, non-finite and failing candidates, the
    # bounded Lemke-Howson loop, limits and messages (about 5 s)
    "gametheory/solvers/nashpy_adapters.py": [
        "tests/test_mutation_gaps_nashpy_adapters.py",
        "tests/test_solvers_nashpy.py",
    ],
    # exact LCPs against a brute-force search of every complementary basis (P-matrices,
    # ties in the ratio tests, bimatrix games' LCPs), the pivot limit, the messages; about 3 s
    "gametheory/extensive/lemke.py": [
        "tests/test_mutation_gaps_lemke.py",
    ],
    # the kernel against brute-force enumeration of small random stages (the flagship's and
    # test_models_evaluate's kernel checks take minutes per surviving mutant)
    "gametheory/models/stage.py": [
        # about 3 s in all (the pairwise-linear kernel's scale check loads numba code, 2-50 s)
        "tests/test_mutation_gaps_stage.py",
    ],
    # the compiled own/pair and follower tables against the formulas evaluated at every
    # profile of tiny models, formulas that do and do not qualify (about 4 s in all); the
    # kernel tests of test_linear_stage.py and the flagship's only repeat them, slower
    "gametheory/models/pairwise.py": [
        "tests/test_mutation_gaps_pairwise.py",
    ],
    # stages with known mixed equilibria (2x2 and 2x3 pennies, a stag hunt with three, a
    # three-mover cycle) inside tiny sequential models, checked by regret in the stage game
    # written out from the formulas; the size limits at their boundaries (about 6 s)
    "gametheory/models/mixed_stage.py": [
        "tests/test_mutation_gaps_mixed_stage.py",
    ],
    # both pairwise-linear kernels against brute-force enumeration of tiny random stages
    # (about 6 s in all, the compiled kernel as plain Python: MODULE_ENV); left out:
    # test_linear_kernel.py and test_linear_stage.py, whose flagship and toy-model checks
    # take minutes as plain Python and repeat the brute-force checks on larger stages
    "gametheory/models/linear_stage.py": [
        "tests/test_mutation_gaps_linear_stage.py",
    ],
    "gametheory/models/linear_kernel.py": [
        "tests/test_mutation_gaps_linear_stage.py",
    ],
    # tiny models only (about 5 s in all): 2x2/2x3 games with closed-form thresholds, a
    # 2-stage sequential model, a 2-move tree, a labels-only evaluator, fixed random games
    # against a brute-force scan, the grid itself. Left out, because every surviving mutant
    # runs all the tests that call critical_thresholds: test_thresholds_bruteforce.py
    # (hypothesis, 19 s), the us_china tests of test_mutation_gaps.py (2.3 s) and the
    # us_china/regional_state tests of test_sensitivity_analysis.py (6 s), which the
    # brute-force, sequential and validation tests here repeat on small models
    "gametheory/sensitivity/thresholds.py": [
        "tests/test_mutation_gaps_thresholds.py",
    ],
}

#: Environment of a module's run. The pairwise-linear kernels run the numba code as plain
#: Python: numba cannot compile calls through mutmut's trampolines, and each fresh scratch
#: copy would compile the kernel anew (a minute); their test stages are tiny.
MODULE_ENV: dict[str, dict[str, str]] = {
    "gametheory/models/linear_stage.py": {"NUMBA_DISABLE_JIT": "1"},
    "gametheory/models/linear_kernel.py": {"NUMBA_DISABLE_JIT": "1"},
}

#: A decorator to lift off a module's functions in the scratch copy: mutmut leaves every
#: decorated function unmutated, so there ``@_jit`` above ``def f`` becomes ``f = _jit(f)``
#: at the end of the module (the same functions; under ``NUMBA_DISABLE_JIT=1`` ``_jit``
#: returns them as they are, mutmut's trampolines included).
UNDECORATE: dict[str, str] = {"gametheory/models/linear_kernel.py": "_jit"}

#: Statuses that count as a detected mutant (a hang is a detected change).
DETECTED = ("killed", "timeout")

# Runs inside the scratch copy, after ``mutmut run``: every mutant's status, and the diff of
# each one not killed, as JSON (one process, instead of one ``mutmut show`` per mutant).
# Needs mutmut >= 3.8.
_DUMP = """
import json, sys
from mutmut.__main__ import (SourceFileMutationData, get_diff_for_mutant,
                             status_by_exit_code, walk_mutatable_files)
out = {}
for path in walk_mutatable_files():
    data = SourceFileMutationData(path=path)
    data.load()
    for name, code in data.exit_code_by_key.items():
        status = status_by_exit_code[code]
        unread = ("killed", "not checked")  # diffs of survivors and timeouts only
        diff = "" if status in unread else get_diff_for_mutant(name, path=path)
        out[name] = {"status": status, "diff": diff}
json.dump(out, sys.stdout)
"""

# Runs inside the scratch copy: generate the mutants as ``mutmut run`` does (no test run)
# and print their names, so that ``--sample`` can pick some before any is tested.
_NAMES = """
import json, os, sys
from mutmut.__main__ import (SourceFileMutationData, copy_also_copy_files, copy_src_dir,
                             create_mutants, setup_source_paths, store_lines_covered_by_tests,
                             walk_mutatable_files)
os.makedirs("mutants", exist_ok=True)
copy_src_dir(); copy_also_copy_files(); setup_source_paths(); store_lines_covered_by_tests()
create_mutants(1)
names = []
for path in walk_mutatable_files():
    data = SourceFileMutationData(path=path)
    data.load()
    names.extend(data.exit_code_by_key)
json.dump(sorted(names), sys.stdout)
"""


@dataclass(frozen=True)
class Equivalent:
    """One reviewed equivalent mutant: the change, where, and why it cannot be detected."""

    module: str
    function: str
    before: str
    after: str
    reason: str


@dataclass
class Mutant:
    name: str
    status: str
    diff: str
    function: str = ""
    change: tuple[str, str] = ("", "")
    equivalent: Equivalent | None = None


@dataclass
class Score:
    module: str
    tests: list[str]
    mutants: list[Mutant] = field(default_factory=list)
    stale: list[Equivalent] = field(default_factory=list)
    #: With ``--sample``: how many mutants the module has (only ``mutants`` were tested).
    population: int | None = None
    #: With ``--functions``: the functions whose mutants alone were tested.
    functions: tuple[str, ...] = ()

    @property
    def counts(self) -> Counter[str]:
        return Counter("equivalent" if m.equivalent else m.status for m in self.mutants)

    @property
    def killed(self) -> int:
        return sum(1 for m in self.mutants if m.status in DETECTED and not m.equivalent)

    @property
    def considered(self) -> int:
        return sum(1 for m in self.mutants if not m.equivalent)

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.considered if self.considered else 100.0

    @property
    def interval(self) -> tuple[float, float]:
        """95% Wilson score interval of the killed share, in percent (for a sample)."""
        return wilson_interval(self.killed, self.considered)


def wilson_interval(killed: int, n: int, *, z: float = 1.959964) -> tuple[float, float]:
    """The 95% Wilson score interval of ``killed / n``, in percent.

    >>> [round(x, 1) for x in wilson_interval(29, 30)]
    [83.3, 99.4]
    >>> wilson_interval(0, 0)
    (0.0, 100.0)
    """
    if n == 0:
        return 0.0, 100.0
    p = killed / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return 100.0 * max(0.0, centre - half), 100.0 * min(1.0, centre + half)


def _normal(line: str) -> str:
    """A code line without its trailing comment and with single spaces."""
    code = re.sub(r"\s+#.*$", "", line.strip()) if "#" in line else line.strip()
    return " ".join(code.split())


def _function(name: str) -> str:
    """``pkg.mod.xǁClassǁmethod__mutmut_3`` -> ``Class.method``; ``x_func__mutmut_3`` -> ``func``."""
    tail = re.sub(r"__mutmut_\d+$", "", name.rsplit(".", 1)[-1])
    if tail.startswith("xǁ"):
        return tail[2:].replace("ǁ", ".")
    return tail[2:] if tail.startswith("x_") else tail


def _change(diff: str) -> tuple[str, str]:
    """The removed and the added lines of a mutant's diff, normalised."""
    lines = diff.splitlines()
    before = [_normal(x[1:]) for x in lines if x.startswith("-") and not x.startswith("---")]
    after = [_normal(x[1:]) for x in lines if x.startswith("+") and not x.startswith("+++")]
    return " / ".join(b for b in before if b), " / ".join(a for a in after if a)


def load_equivalents(path: Path = EQUIVALENTS) -> list[Equivalent]:
    """The reviewed equivalent mutants (``[[equivalent]]`` tables of the TOML file)."""
    if not path.is_file():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for i, row in enumerate(data.get("equivalent", []), 1):
        missing = {"module", "function", "before", "after", "reason"} - set(row)
        if missing:
            raise SystemExit(f"{path}: equivalent #{i} lacks {', '.join(sorted(missing))}")
        if not str(row["reason"]).strip():
            raise SystemExit(f"{path}: equivalent #{i} has an empty reason")
        out.append(
            Equivalent(
                module=row["module"],
                function=row["function"],
                before=_normal(row["before"]),
                after=_normal(row["after"]),
                reason=row["reason"],
            )
        )
    return out


def _config(module: str, tests: list[str], timeout_multiplier: float) -> str:
    quoted = ", ".join(f'"{t}"' for t in tests)
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["gametheory"]\n'
        f'only_mutate = ["{module}"]\n'
        f"pytest_add_cli_args_test_selection = [{quoted}]\n"
        # no doctests, no per-test timeout plugin, stop at the first failure
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-o", "addopts=", "-x", "-q"]\n'
        f"timeout_multiplier = {timeout_multiplier}\n"
        'also_copy = ["models"]\n'
    )


def undecorate(text: str, decorator: str) -> str:
    """``text`` with each ``@decorator`` line above a ``def`` removed and ``f =
    decorator(f)`` appended at the end for each such function ``f``, in order."""
    pattern = rf"^@{re.escape(decorator)}\n(?=def (\w+))"
    names = [m.group(1) for m in re.finditer(pattern, text, flags=re.M)]
    text = re.sub(pattern, "", text, flags=re.M)
    return text + "".join(f"\n{name} = {decorator}({name})" for name in names) + "\n" * bool(names)


def _mutmut(work: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run mutmut in ``work``; its output goes to ``work/mutmut.log``, whose end is shown
    when mutmut fails (for example when the clean test run fails under its trampolines)."""
    log = work / "mutmut.log"
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            [sys.executable, "-m", "mutmut", *args],
            cwd=work,
            env=env,
            check=False,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    if done.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        print(f"mutmut {args[0]} exited with {done.returncode}; end of {log}:\n{tail}", flush=True)
    return done


def _statuses(work: Path, env: dict[str, str], module: str) -> dict[str, dict[str, str]]:
    dump = subprocess.run(
        [sys.executable, "-c", _DUMP], cwd=work, env=env, capture_output=True, text=True
    )
    if dump.returncode:
        raise SystemExit(f"{module}: could not read mutmut's results\n{dump.stderr}")
    return json.loads(dump.stdout or "{}")


# Our record of the last run in a reused scratch copy: the tests it ran and its timeout.
_LAST_RUN = "mutation-run.json"


def _reuse(work: Path, tests: list[str], timeout_multiplier: float) -> int:
    """Prepare a kept scratch copy for another run; return how many verdicts were dropped.

    mutmut skips every mutant with a recorded exit code and keeps its map of which test
    reaches which function, adding only tests it has never seen; so a survivor would not be
    re-tested, and a test edited (or code changed) to reach a new function would not be run
    against that function's mutants. Here every verdict but a kill or a timeout is dropped
    from mutmut's ``.meta`` files and the map is thrown away (``mutmut run`` then collects it
    again, one run of the tests). Kills stand while the tests are only added to; when a test
    left the list every verdict is dropped, and the timeouts are when the timeout changed.
    """
    from mutmut.stats import status_by_exit_code  # what each exit code in .meta means

    record = work / _LAST_RUN
    last = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    removed = set(last.get("tests", [])) - set(tests)
    timeout_changed = last.get("timeout_multiplier", timeout_multiplier) != timeout_multiplier
    kept = {"killed"} if timeout_changed else set(DETECTED)
    dropped = 0
    for meta in (work / "mutants").rglob("*.meta"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        codes = data.get("exit_code_by_key", {})
        for key, code in codes.items():
            if code is not None and (removed or status_by_exit_code[code] not in kept):
                codes[key] = None
                dropped += 1
        meta.write_text(json.dumps(data, indent=4), encoding="utf-8")
    (work / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    return dropped


def run_module(
    module: str,
    tests: list[str],
    *,
    workers: int,
    equivalents: list[Equivalent],
    timeout_multiplier: float = 15.0,
    keep: bool = False,
    workdir: Path | None = None,
    report_only: bool = False,
    sample: int | None = None,
    seed: int = 0,
    functions: Sequence[str] = (),
) -> Score:
    """Mutate ``module``, run ``tests`` against each mutant and score the result.

    With ``workdir``, the scratch copy lives in ``workdir/<module>`` and is reused: the
    sources and tests are copied in again, mutmut maps tests to functions afresh, and every
    mutant not killed before (survived, not checked, no tests, ...) is tested against the
    current tests, so new and edited tests count. Mutants killed by an earlier run stay
    killed, which holds while tests are only added (removing a test from the list drops
    every earlier verdict); a run without ``workdir`` tests every mutant from scratch.
    """
    if workdir is not None:
        work = workdir / module.replace("/", "_").removesuffix(".py")
        fresh = not (work / "mutants").is_dir()
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="mutation-"))
        fresh = True
    try:
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(work)}
        env.update(MODULE_ENV.get(module, {}))
        if report_only:
            if fresh:
                raise SystemExit(f"{module}: no earlier run in {work}")
            return _score(module, tests, _statuses(work, env, module), equivalents)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "mutants")
        for name in ("gametheory", "tests", "models"):
            shutil.rmtree(work / name, ignore_errors=True)
            shutil.copytree(ROOT / name, work / name, ignore=ignore)
        if module in UNDECORATE:
            source = work / module
            lifted = undecorate(source.read_text(encoding="utf-8"), UNDECORATE[module])
            source.write_text(lifted, encoding="utf-8")
        text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        config = _config(module, tests, timeout_multiplier)
        (work / "pyproject.toml").write_text(text + config, encoding="utf-8")
        if not fresh:
            dropped = _reuse(work, tests, timeout_multiplier)
            print(f"{module}: reusing {work}; {dropped} earlier verdicts to test again", flush=True)
        last = {"tests": tests, "timeout_multiplier": timeout_multiplier}
        (work / _LAST_RUN).write_text(json.dumps(last, indent=2) + "\n", encoding="utf-8")
        chosen: list[str] = []
        population = None
        if sample is not None or functions:
            names = _names(work, env, module)
            population = len(names)
            if functions:
                names = [n for n in names if _function(n) in functions]
                if not names:
                    raise SystemExit(f"{module}: no mutants in {', '.join(functions)}")
            chosen = (
                names
                if sample is None
                else random.Random(seed).sample(names, min(sample, len(names)))
            )
        _mutmut(work, env, "run", "--max-children", str(workers), *chosen)
        raw = _statuses(work, env, module)
        if chosen:
            raw = {name: raw[name] for name in chosen if name in raw}
    finally:
        if keep or workdir is not None:
            print(f"scratch copy kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    score = _score(module, tests, raw, equivalents)
    if chosen:
        # only the chosen mutants were tested: an unused equivalence entry is not stale
        score.population, score.stale = population, []
        score.functions = tuple(functions)
    return score


def _names(work: Path, env: dict[str, str], module: str) -> list[str]:
    """Every mutant of ``module`` (generated in the scratch copy ``work``), sorted."""
    done = subprocess.run(
        [sys.executable, "-c", _NAMES], cwd=work, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"{module}: could not generate the mutants\n{done.stderr[-3000:]}")
    names: list[str] = json.loads(done.stdout.splitlines()[-1] if done.stdout else "[]")
    if not names:
        raise SystemExit(f"{module}: mutmut generated no mutants")
    return names


def _score(
    module: str, tests: list[str], raw: dict[str, dict[str, str]], equivalents: list[Equivalent]
) -> Score:
    score = Score(module=module, tests=tests)
    mine = [e for e in equivalents if e.module == module]
    used: set[int] = set()
    for name, row in raw.items():
        mutant = Mutant(name=name, status=row["status"], diff=row["diff"])
        mutant.function = _function(name)
        mutant.change = _change(row["diff"])
        for k, eq in enumerate(mine):
            # a timeout listed as equivalent is a speed-only change that ran past the
            # time limit (slower, not wrong): excluded, not counted as detected
            if mutant.status == "killed":
                break
            if (eq.function, eq.before, eq.after) == (mutant.function, *mutant.change):
                used.add(k)
                mutant.equivalent = eq
        score.mutants.append(mutant)
    # an entry is stale when no surviving or timed-out mutant has its change: the code
    # changed, or a test kills the mutant (killed mutants' diffs are not read)
    score.stale = [eq for k, eq in enumerate(mine) if k not in used]
    return score


def report(score: Score, *, diffs: bool) -> str:
    sampled = ""
    if score.functions:
        sampled = (
            f"; only the {len(score.mutants)} mutants of {', '.join(score.functions)} "
            f"(of the module's {score.population})"
        )
    elif score.population is not None:
        low, high = score.interval
        sampled = (
            f"; a random sample of {len(score.mutants)} of the module's {score.population} "
            f"mutants, so an estimate: 95% interval {low:.1f}-{high:.1f}%"
        )
    lines = [
        f"{score.module}: {score.killed} of {score.considered} non-equivalent mutants killed "
        f"({score.percent:.1f}%){sampled}; {score.counts.get('equivalent', 0)} equivalent "
        f"excluded; tests: {' '.join(score.tests)}",
        "  " + ", ".join(f"{k}: {v}" for k, v in sorted(score.counts.items())),
    ]
    for m in score.mutants:
        if m.status in DETECTED or m.equivalent:
            continue
        before, after = m.change
        lines.append(f"  {m.status}: {m.name}  [{m.function}] {before}  ->  {after}")
        if diffs:
            lines.append("    " + m.diff.strip().replace("\n", "\n    "))
    for eq in score.stale:
        lines.append(f"  stale equivalent entry: [{eq.function}] {eq.before}  ->  {eq.after}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate, e.g. gametheory/game.py")
    parser.add_argument("--all", action="store_true", help="every core module (MODULE_TESTS)")
    parser.add_argument("--tests", nargs="+", help="test files to run (default: MODULE_TESTS)")
    parser.add_argument("--workers", type=int, default=2, help="mutants tested at once")
    parser.add_argument(
        "--timeout-multiplier",
        type=float,
        default=15.0,
        help="a mutant times out after this many times its tests' clean duration (+1 s)",
    )
    parser.add_argument("--diffs", action="store_true", help="show each survivor's diff")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copies")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the scratch copies here and reuse them: test new mutants and every "
        "mutant not killed by the last run again, against the current tests (earlier "
        "kills stand)",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="with --workdir: score the last run again (after editing the equivalents)",
    )
    parser.add_argument("--json", type=Path, help="also write the scores to this JSON file")
    parser.add_argument(
        "--fail-under",
        type=float,
        help="exit 1 if a module scores below this percentage (with --sample: if the upper "
        "end of its 95%% interval does)",
    )
    parser.add_argument(
        "--sample",
        type=int,
        help="test only this many mutants per module, drawn at random (an estimate of the "
        "score with its 95%% interval, at a fraction of the cost)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of --sample's draw")
    parser.add_argument(
        "--functions",
        nargs="+",
        default=(),
        help="test only the mutants of these functions (as reported: func, Class.method), "
        "for example the functions a change added",
    )
    parser.add_argument(
        "--list", action="store_true", help="print the core modules (MODULE_TESTS) and exit"
    )
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(MODULE_TESTS))
        return 0
    if args.sample is not None and args.sample < 1:
        parser.error("--sample must be a positive number of mutants")
    if (args.sample is not None or args.functions) and (args.workdir or args.report_only):
        parser.error("--sample and --functions test a fresh copy: they cannot reuse a --workdir")
    modules = list(MODULE_TESTS) if args.all else args.modules
    if not modules:
        parser.error("name the modules to mutate, or give --all")
    for module in modules:
        if not (ROOT / module).is_file():
            parser.error(f"{module}: no such module")
        if not (args.tests or MODULE_TESTS.get(module)):
            parser.error(f"{module}: no default tests; give them with --tests")
    equivalents = load_equivalents()
    scores = []
    for module in modules:
        tests = [
            t for t in (args.tests or MODULE_TESTS[module]) if (ROOT / t.split("::")[0]).exists()
        ]
        score = run_module(
            module,
            tests,
            workers=args.workers,
            equivalents=equivalents,
            timeout_multiplier=args.timeout_multiplier,
            keep=args.keep,
            workdir=args.workdir,
            report_only=args.report_only,
            sample=args.sample,
            seed=args.seed,
            functions=args.functions,
        )
        scores.append(score)
        print(report(score, diffs=args.diffs), flush=True)
    if len(scores) > 1:
        print("\nmodule | killed / non-equivalent | equivalent excluded")
        for s in scores:
            print(
                f"{s.module} | {s.killed} / {s.considered} ({s.percent:.1f}%) | "
                f"{s.counts.get('equivalent', 0)}"
            )
    if args.json:
        rows = [
            {
                "module": s.module,
                "killed": s.killed,
                "non_equivalent": s.considered,
                "equivalent": s.counts.get("equivalent", 0),
                "counts": dict(s.counts),
                "percent": round(s.percent, 1),
                "survivors": [
                    m.name for m in s.mutants if m.status not in DETECTED and not m.equivalent
                ],
            }
            for s in scores
        ]
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    if args.fail_under is not None and any(_below(s, args.fail_under) for s in scores):
        return 1
    return 0


def _below(score: Score, threshold: float) -> bool:
    """Whether ``score`` is below ``threshold`` percent; for a sample, whether even the upper
    end of its 95% interval is (a sample cannot show the exact score)."""
    if score.population is not None and not score.functions:
        return score.interval[1] < threshold
    return score.percent < threshold


if __name__ == "__main__":
    sys.exit(main())
