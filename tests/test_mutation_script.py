"""benchmarks/mutation.py reusing a kept scratch copy (``--workdir``): what is tested again.

mutmut records a verdict per mutant in ``mutants/**/*.meta`` and a map of which test
reaches which function in ``mutants/mutmut-stats.json``; it skips mutants with a verdict
and extends the map only with tests it has never seen. A reused copy must test every
mutant not killed before against the current tests, with the map collected afresh.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("mutmut.stats", reason="mutmut (the 'mutation' extra) is not installed")

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location(
        "mutation_script", ROOT / "benchmarks/mutation.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# exit codes as mutmut records them: 1 killed, 36 timeout, 0 survived, 33 no tests,
# None not checked, 35 suspicious
CODES = {
    "m.x_f__mutmut_1": 1,
    "m.x_f__mutmut_2": 36,
    "m.x_f__mutmut_3": 0,
    "m.x_f__mutmut_4": 33,
    "m.x_f__mutmut_5": None,
    "m.x_f__mutmut_6": 35,
}


def _copy(tmp_path: Path, tests: list[str], timeout: float) -> Path:
    work = tmp_path / "work"
    meta = work / "mutants" / "gametheory" / "m.py.meta"
    meta.parent.mkdir(parents=True)
    meta.write_text(json.dumps({"exit_code_by_key": CODES, "hash_by_function_name": {}}))
    (work / "mutants" / "mutmut-stats.json").write_text("{}")
    last = {"tests": tests, "timeout_multiplier": timeout}
    (work / "mutation-run.json").write_text(json.dumps(last))
    return work


def _codes(work: Path) -> dict[str, int | None]:
    meta = work / "mutants" / "gametheory" / "m.py.meta"
    return json.loads(meta.read_text())["exit_code_by_key"]


def test_every_mutant_not_killed_is_tested_again_with_a_fresh_test_map(tmp_path):
    work = _copy(tmp_path, ["tests/a.py"], 15.0)
    assert _script()._reuse(work, ["tests/a.py", "tests/b.py"], 15.0) == 3
    assert _codes(work) == {
        **CODES,
        "m.x_f__mutmut_3": None,
        "m.x_f__mutmut_4": None,
        "m.x_f__mutmut_6": None,
    }
    assert not (work / "mutants" / "mutmut-stats.json").exists()


def test_a_test_left_out_drops_every_verdict(tmp_path):
    work = _copy(tmp_path, ["tests/a.py", "tests/b.py"], 15.0)
    assert _script()._reuse(work, ["tests/a.py"], 15.0) == 5
    assert set(_codes(work).values()) == {None}


def test_a_new_timeout_drops_the_timeouts_and_keeps_the_kills(tmp_path):
    work = _copy(tmp_path, ["tests/a.py"], 15.0)
    assert _script()._reuse(work, ["tests/a.py"], 5.0) == 4
    assert [k for k, v in _codes(work).items() if v is not None] == ["m.x_f__mutmut_1"]


def test_a_listed_equivalent_that_timed_out_is_excluded_and_a_killed_one_counts():
    script = _script()
    diff = "--- a\n+++ b\n@@ -1 +1 @@\n-    if d < 2:\n+    if d <= 2:\n"
    entry = script.Equivalent("m.py", "f", "if d < 2:", "if d <= 2:", "speed only")
    raw = {
        "m.x_f__mutmut_1": {"status": "timeout", "diff": diff},  # slower, past the limit
        "m.x_f__mutmut_2": {"status": "survived", "diff": diff},
        "m.x_f__mutmut_3": {"status": "killed", "diff": ""},
    }
    score = script._score("m.py", [], raw, [entry])
    assert (score.killed, score.considered, score.counts["equivalent"]) == (1, 1, 2)
    assert score.stale == []
    # an entry no surviving or timed-out mutant matches is stale
    raw = {"m.x_f__mutmut_1": {"status": "killed", "diff": ""}}
    assert script._score("m.py", [], raw, [entry]).stale == [entry]


def test_undecorate_lifts_the_decorator_so_mutmut_reaches_the_functions():
    # mutmut leaves decorated functions unmutated: in the scratch copy ``@_jit`` above a
    # ``def`` becomes an assignment at the end of the module, in the order defined
    undecorate = _script().undecorate
    text = "@_jit\ndef f(x):\n    return x\n\n\n@other\ndef g():\n    pass\n\n\n@_jit\ndef h():\n    pass\n"
    lifted = undecorate(text, "_jit")
    assert "@_jit" not in lifted and "@other\ndef g():" in lifted
    assert lifted.endswith("\nf = _jit(f)\nh = _jit(h)\n")
    namespace: dict = {"_jit": lambda func: func, "other": lambda func: func}
    exec(compile(lifted, "m.py", "exec"), namespace)
    assert namespace["f"](3) == 3
    assert undecorate("x = 1\n", "_jit") == "x = 1\n"
    # every compiled function of the pairwise-linear kernel is lifted
    kernel = (ROOT / "gametheory/models/linear_kernel.py").read_text(encoding="utf-8")
    lifted = undecorate(kernel, "_jit")
    assert "@_jit" not in lifted and lifted.count(" = _jit(") == kernel.count("@_jit\ndef ")
