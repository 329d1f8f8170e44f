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


def test_wilson_interval_brackets_the_share_and_narrows_with_the_sample():
    script = _script()
    low, high = script.wilson_interval(36, 40)
    assert low < 90.0 < high  # 36 of 40 is 90%: the interval contains it
    low_big, high_big = script.wilson_interval(360, 400)
    assert low < low_big < 90.0 < high_big < high
    assert script.wilson_interval(40, 40)[1] == 100.0
    assert script.wilson_interval(0, 40)[0] == 0.0


def _sampled(script, killed: int, survived: int):
    score = script.Score(module="m.py", tests=["tests/a.py"], population=1000)
    for i in range(killed + survived):
        status = "killed" if i < killed else "survived"
        score.mutants.append(script.Mutant(name=f"m.x_f__mutmut_{i}", status=status, diff=""))
    return score


def test_a_sample_fails_the_threshold_only_when_its_whole_interval_is_below():
    script = _script()
    # 33 of 40 (82.5%) is below 90%, but a sample that small cannot exclude 90%
    assert script._below(_sampled(script, 33, 7), 90.0) is False
    # 28 of 40 (70%): even the upper end of the interval (about 82%) is below 90%
    assert script._below(_sampled(script, 28, 12), 90.0) is True
    # a full run (no population) is judged on its score
    full = _sampled(script, 33, 7)
    full.population = None
    assert script._below(full, 90.0) is True


def test_a_sampled_report_names_the_sample_and_its_interval():
    script = _script()
    text = script.report(_sampled(script, 38, 2), diffs=False)
    assert "38 of 40 non-equivalent mutants killed (95.0%)" in text
    assert "a random sample of 40 of the module's 1000 mutants" in text
    low, high = script.wilson_interval(38, 40)
    assert f"95% interval {low:.1f}-{high:.1f}%" in text


def test_list_prints_the_core_modules(capsys):
    script = _script()
    assert script.main(["--list"]) == 0
    listed = capsys.readouterr().out.split()
    assert listed == list(script.MODULE_TESTS)
    assert "gametheory/game.py" in listed


def test_sample_options_are_checked(capsys):
    script = _script()
    with pytest.raises(SystemExit):
        script.main(["gametheory/game.py", "--sample", "0"])
    assert "--sample must be a positive number" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        script.main(["gametheory/game.py", "--sample", "5", "--workdir", "x"])
    assert "cannot reuse a --workdir" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        script.main(["gametheory/game.py", "--functions", "f", "--workdir", "x"])
    assert "cannot reuse a --workdir" in capsys.readouterr().err


def test_a_functions_report_names_them_and_is_judged_as_a_full_score():
    script = _script()
    score = _sampled(script, 38, 2)
    score.functions = ("_sci", "_floats_of")
    text = script.report(score, diffs=False)
    assert "only the 40 mutants of _sci, _floats_of (of the module's 1000)" in text
    assert "random sample" not in text
    assert script._below(score, 96.0) is True  # 95%, every mutant of those functions


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
