"""The report document: typed sections built once, three templates over it, no import cycles.

Quick: every report here is built without the sensitivity analyses.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from gametheory.models import load_model
from gametheory.report import build_report
from gametheory.report.sections import (
    Followed,
    ModelSection,
    Part,
    PartsSection,
    Reproducibility,
    SensitivitySection,
    SequentialEquilibria,
    SimultaneousEquilibria,
    Summary,
    Table,
    to_data,
)

pytest.importorskip("jinja2")

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "gametheory" / "report"


@pytest.fixture(scope="module")
def us_china():
    return build_report(load_model(ROOT / "models" / "us_china.toml"), sensitivity=False)


@pytest.fixture(scope="module")
def seato():
    return build_report(load_model(ROOT / "models" / "seato_1954.toml"), sensitivity=False)


def test_sections_are_typed_and_frozen(us_china):
    r = us_china
    assert isinstance(r.summary, Summary) and isinstance(r.model, ModelSection)
    assert isinstance(r.equilibria, SimultaneousEquilibria)
    assert isinstance(r.sensitivity, SensitivitySection)
    assert isinstance(r.reproducibility, Reproducibility)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.summary.paragraph = "changed"  # type: ignore[misc]
    assert r.equilibria.followed == Followed(kind="unique", reason="the game has one equilibrium")
    assert r.summary.outcome is r.equilibria.outcome  # built once, shared, not copied


def test_json_is_the_documents_data(us_china):
    r = us_china
    assert r.section("equilibria") == to_data(r.equilibria)
    assert r.to_dict()["summary"]["outcome"]["profile"] == {"USA": "hedge", "CHN": "hedge"}
    # a skipped analysis is said in one key, nothing empty beside it
    assert r.section("sensitivity") == {"skipped": "sensitivity analyses were not requested"}
    assert r.section("no such section") == {}


def test_sequential_section_follows_the_path(seato):
    eqs = seato.equilibria
    assert isinstance(eqs, SequentialEquilibria)
    assert eqs.followed.kind == "path" and eqs.followed.rule
    assert eqs.plan is not None and eqs.plan_table == eqs.plan.action_table()
    assert [p.key for p in seato.extra[0].parts] == ["backtests"]


def test_latex_has_the_calibration_section(seato):
    tex = seato.to_latex()
    assert "% Calibration and back-tests" in tex
    assert r"\label{tab:seato-1954-backtests}" in tex
    assert "dissolution\\_\\allowbreak{}1977" in tex


def test_a_new_section_shows_in_every_format_escaped(us_china):
    hostile = "see ![x](http://e/x.png) <img src=x onerror=alert(1)> 50% & co"
    extra = PartsSection(
        key="custom",
        title="Custom analysis",
        parts=(
            Part(
                key="custom_part",
                title="A part",
                intro=hostile,
                table=Table(columns=("what", "value"), rows=((hostile, 1.5),)),
                note="a note",
            ),
        ),
    )
    r = dataclasses.replace(us_china, extra=(extra,))
    page, md, tex = r.to_html(), r.to_markdown(), r.to_latex()
    assert '<section id="custom">' in page and "<h2>Custom analysis</h2>" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
    assert "## Custom analysis" in md and "### A part" in md
    assert "![x](" not in md and "<img" not in md
    assert "!\\[x\\](http://e/x.png) &lt;img src=x onerror=alert(1)&gt;" in md
    assert "| what | value |" in md
    assert r"\caption{A part.}\label{tab:us-china-custom_part}" in tex
    assert r"50\% \& co" in tex
    assert r.to_dict()["custom"]["parts"][0]["intro"] == hostile


def test_markdown_cell_backslash_cannot_reopen_a_link(us_china):
    part = Part(key="k", title="T", table=Table(("a",), (("[x\\](http://e)",),)))
    r = dataclasses.replace(us_china, extra=(PartsSection(key="k", title="K", parts=(part,)),))
    md = r.to_markdown()
    assert "| \\[x\\\\\\](http://e) |" in md


def _imports(path: Path, module: str) -> set[str]:
    """Modules of gametheory.report that ``path`` imports, lazily or not (TYPE_CHECKING aside)."""
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", "") == "TYPE_CHECKING":
                continue
            if isinstance(child, ast.ImportFrom) and child.level == 1:
                names = [child.module] if child.module else [a.name for a in child.names]
                out.update(f"gametheory.report.{n.split('.')[0]}" for n in names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    out.discard(module)
    return out


def test_no_import_cycles_inside_report():
    graph = {
        f"gametheory.report.{p.stem}": _imports(p, f"gametheory.report.{p.stem}")
        for p in REPORT.glob("*.py")
        if p.stem != "__init__"
    }
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            assert state.get(nxt) != 1, "import cycle: " + " -> ".join([*path, node, nxt])
            if nxt not in state:
                walk(nxt, [*path, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node, [])
    assert len(graph) > 10
