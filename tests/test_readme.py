"""The README's examples run as written."""

import json
import os
import re
import shlex
from pathlib import Path

import pytest

from gametheory.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang):
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_python_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    (code,) = [b for b in _blocks("python") if "load_model" in b]
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    res = namespace["res"]
    assert res[0].exact_regret == 0
    assert namespace["result"].to_frame().shape[0] == 7


SOLVE_LINES = [
    line.split("#")[0].strip()
    for block in _blocks("bash")
    for line in block.splitlines()
    if line.startswith(("gametheory solve", "gametheory validate"))
]


@pytest.mark.parametrize("line", SOLVE_LINES)
def test_solve_and_validate_commands_run(line, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    argv = shlex.split(line)[1:]
    assert main(argv) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.strip()


def test_quickstart_has_exactly_two_commands_and_ci_runs_them():
    quick = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```bash\n(.*?)```", quick, flags=re.S)
    commands = [c for c in block.splitlines() if c.strip()]
    assert len(commands) == 2
    assert "gametheory report models/pacific_nato.toml" in commands[0]
    assert commands[1] == "python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python -m pytest" in ci and "sed -n '2p'" in ci
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


def test_the_json_example_is_what_its_command_prints(capsys, monkeypatch):
    # the example under "## JSON output" is the output of the command documented in
    # the quick tour (`gametheory solve models/chicken.nfg --exact --json`), but for
    # the game's comment, which it elides, and the two pure equilibria it leaves out
    # (each equilibrium may also carry solver "properties")
    monkeypatch.chdir(ROOT)
    assert "gametheory solve models/chicken.nfg --exact --json" in README
    section = README.split("## JSON output", 1)[1]
    (example,) = re.findall(r"```json\n(.*?)```", section.split("\n## ", 1)[0], flags=re.S)
    want = json.loads(example)
    assert main(["solve", "models/chicken.nfg", "--exact", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert want["game"].pop("comment") == "..." and got["game"].pop("comment")
    assert {k: v for k, v in got.items() if k != "equilibria"} == {
        k: v for k, v in want.items() if k != "equilibria"
    }
    printed = [{k: v for k, v in e.items() if k != "properties"} for e in got["equilibria"]]
    assert want["equilibria"] and all(e in printed for e in want["equilibria"])
    assert len(printed) == 3  # chicken: two pure equilibria and the mixed one
