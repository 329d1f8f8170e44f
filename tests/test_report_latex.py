"""The report's LaTeX tables compile (when a TeX engine is installed) and are well formed."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from _reports import MODELS, report_for

from gametheory.report.latex import FullWidth, latex_escape, latex_table

ENGINE = next((e for e in ("pdflatex", "lualatex", "xelatex") if shutil.which(e)), None)
WRAPPER = (
    r"\documentclass{article}"
    "\n"
    r"\usepackage{booktabs,longtable}"
    "\n"
    r"\begin{document}"
    "\n"
    r"\input{report.tex}"
    "\n"
    r"\end{document}"
    "\n"
)


def _strip_escapes(text: str) -> str:
    return re.sub(r"\\[{}&%$#_]", "", text.replace(r"\\", "  "))


def _column_count(spec: str) -> int:
    spec = re.sub(r"p\{[^{}]*(\{[^{}]*\}[^{}]*)*\}", "p", spec)
    return len(re.findall(r"[lcrp]", spec))


def check_latex(text: str) -> list[str]:
    """Problems found in a LaTeX fragment: unbalanced braces and environments, bad rows."""
    problems = []
    depth = 0
    for ch in _strip_escapes(text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            problems.append("a closing brace without an opening one")
            depth = 0
    if depth:
        problems.append(f"{depth} unclosed braces")
    stack: list[tuple[str, int]] = []
    for line_no, line in enumerate(text.splitlines(), 1):
        code = line.split("%")[0] if not line.lstrip().startswith("%") else ""
        for kind, env, rest in re.findall(r"\\(begin|end)\{(\w+)\}(\{[^\n]*)?", code):
            if kind == "begin":
                ncol = (
                    _column_count(rest[1:].rsplit("}", 1)[0])
                    if env in ("tabular", "longtable")
                    else 0
                )
                stack.append((env, ncol))
            elif not stack or stack[-1][0] != env:
                problems.append(f"line {line_no}: \\end{{{env}}} does not close {stack[-1:]}")
            else:
                stack.pop()
        tables = [n for e, n in stack if e in ("tabular", "longtable")]
        if tables and code.rstrip().endswith(r"\\") and not code.lstrip().startswith(r"\caption"):
            spans = [int(n) for n in re.findall(r"\\multicolumn\{(\d+)\}", code)]
            cells = len(re.findall(r"(?<!\\)&", code)) + 1 + sum(n - 1 for n in spans)
            if cells != tables[-1]:
                problems.append(f"line {line_no}: {cells} cells in a {tables[-1]}-column table")
    if stack:
        problems.append(f"unclosed environments {stack}")
    return problems


def test_checker_catches_mistakes():
    good = latex_table(["a", "b"], [["x", 1]])
    assert check_latex(good) == []
    assert "1 unclosed braces" in check_latex(good + "{")
    assert any("3 cells" in p for p in check_latex(good.replace(r"x & 1 \\", r"x & 1 & 2 \\")))
    assert any("unclosed" in p for p in check_latex(good.replace(r"\end{table}", "")))
    spanning = latex_table(["a", "b", "c"], [["x", 1, 2], FullWidth("a note under the row")])
    assert check_latex(spanning) == []
    assert any("4 cells" in p for p in check_latex(spanning.replace("{3}{p", "{4}{p")))


def test_escaping_keeps_text_and_breaks_no_syntax():
    text = r"50% of R&D_cost {x} ~ ^ $5 #1 \ “quoted” — and… "
    escaped = latex_escape(text)
    assert check_latex(latex_table(["t"], [[text]])) == []
    assert "``quoted''" in escaped and "---" in escaped and r"\ldots{}" in escaped
    assert not re.search(r"(?<!\\)[&%$#_]", escaped.replace(r"\textbackslash{}", ""))


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_report_tables_are_well_formed(path, tmp_path):
    model, report = report_for(path)
    tex = report.to_latex()
    assert check_latex(tex) == []
    plain = tex.replace(r"\allowbreak{}", "")  # break points inside identifiers
    for name in model.parameters:
        assert latex_escape(name) in plain
    assert r"\toprule" in tex and r"\bottomrule" in tex
    assert all(ord(ch) < 128 or ch.isalpha() for ch in tex), "only letters may be non-ASCII"


@pytest.mark.skipif(ENGINE is None, reason="no TeX engine installed (syntax is checked above)")
@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_report_tables_compile(path, tmp_path):
    _model, report = report_for(path)
    tex = report.to_latex()
    (tmp_path / "report.tex").write_text(tex, encoding="utf-8")
    (tmp_path / "main.tex").write_text(WRAPPER)
    run = subprocess.run(
        [ENGINE, "-interaction=nonstopmode", "-halt-on-error", "main.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-3000:]
