"""Render a report's tables as LaTeX for papers (booktabs rules, longtable for long lists).

The output is a fragment: ``\\input{report.tex}`` it in a document that loads
``booktabs`` and ``longtable``::

    \\documentclass{article}
    \\usepackage{booktabs,longtable}
    \\begin{document}
    \\input{report.tex}
    \\end{document}

The fragment is the template ``templates/report.tex.j2`` over the same typed report
as the HTML and Markdown ones: the parameters with their sources, the equilibria
(or the subgame-perfect path and the plan), every sensitivity table, and the
calibration and back-test tables. Text is escaped for LaTeX (``& % $ # _ { } ~ ^ \\``) and typographic Unicode
(curly quotes, dashes, ellipses) is written as LaTeX ligatures, so the file
compiles with pdflatex as well as with XeLaTeX or LuaLaTeX.

Examples
--------
>>> latex_escape("50% of R&D_cost ~ “x”")
"50\\\\% of R\\\\&D\\\\_cost \\\\textasciitilde{} ``x''"
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._format import format_cell, format_number, format_regret
from ._render import Raw, environment
from .escape import latex_escape, one_line, tex_comment
from .sections import Cell, Choice, ModelSection, Part, PayoffMatrix, Plan

if TYPE_CHECKING:
    from .document import Report

__all__ = ["render_latex", "latex_escape", "latex_table", "FullWidth"]


def _is_num(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


class FullWidth(str):
    """A table row that is one paragraph across every column (a note under a row)."""


_IDENTIFIER = re.compile(r"^[A-Za-z][\w.]*$")


def _header(text: Any, breakable: bool) -> str:
    out = latex_escape(text)
    if not breakable or not _IDENTIFIER.match(str(text)):
        return out
    # identifiers such as chn_coercion_cost.KOR may break after "_" and "." in a narrow column
    return out.replace(r"\_", r"\_\allowbreak{}").replace(".", r".\allowbreak{}")


def latex_table(
    columns: Sequence[Any],
    rows: Sequence[Any],
    *,
    caption: str = "",
    label: str = "",
    long: bool = False,
    wide: Sequence[int] | dict[int, str] = (),
    size: str = r"\small",
) -> str:
    r"""A booktabs table; ``long=True`` makes a ``longtable`` that breaks across pages.

    Numeric columns are right-aligned; columns in ``wide`` wrap as paragraphs (a dict
    gives each one's width, e.g. ``{5: "0.3\linewidth"}``). A row that is a
    :class:`FullWidth` string becomes one paragraph spanning every column.

    Examples
    --------
    >>> print(latex_table(["x", "y"], [["a", 1.5]]).splitlines()[4])
    \begin{tabular}{lr}
    """
    ncol = len(columns)
    widths = dict(wide) if isinstance(wide, dict) else {j: r"0.38\linewidth" for j in wide}
    plain = [r for r in rows if not isinstance(r, FullWidth)]
    spec = ""
    for j in range(ncol):
        if j in widths:
            spec += f"p{{{widths[j]}}}"
        elif plain and all(_is_num(r[j]) for r in plain if j < len(r)):
            spec += "r"
        else:
            spec += "l"
    head = " & ".join(_header(c, j in widths) for j, c in enumerate(columns)) + r" \\"
    body = []
    for r in rows:
        if isinstance(r, FullWidth):
            body.append(
                f"\\multicolumn{{{ncol}}}{{p{{0.92\\linewidth}}}}"
                f"{{\\footnotesize {latex_escape(r)}}} \\\\"
            )
            continue
        cells = [_header(format_cell(x), j in widths and not _is_num(x)) for j, x in enumerate(r)]
        cells += [""] * (ncol - len(cells))
        body.append(" & ".join(cells[:ncol]) + r" \\")
    cap = f"\\caption{{{latex_escape(caption)}}}" if caption else ""
    lab = f"\\label{{{label}}}" if label else ""
    if long:
        lines = [r"\begingroup", size, f"\\begin{{longtable}}{{{spec}}}"]
        if cap:
            lines.append(cap + lab + r" \\")
        lines += [
            r"\toprule",
            head,
            r"\midrule",
            r"\endfirsthead",
            r"\toprule",
            head,
            r"\midrule",
            r"\endhead",
            r"\bottomrule",
            r"\endlastfoot",
            *body,
            r"\end{longtable}",
            r"\endgroup",
        ]
        return "\n".join(lines)
    lines = [
        r"\begin{table}[htbp]",
        r"\centering",
        size,
        r"\setlength{\tabcolsep}{4pt}",
        f"\\begin{{tabular}}{{{spec}}}",
        r"\toprule",
        head,
        r"\midrule",
        *body,
        r"\bottomrule",
        r"\end{tabular}",
    ]
    if cap:
        lines.append(cap + lab)
    lines.append(r"\end{table}")
    return "\n".join(lines)


def _text_widths(
    columns: Sequence[Any], rows: Sequence[Sequence[Any]], *, budget: int = 72
) -> dict[int, str]:
    """Paragraph widths for long text columns, so that a table fits the text width.

    Natural widths are counted in characters (header or longest cell); when they add
    up to more than ``budget``, the text columns wider than 12 characters share what
    the others leave, in proportion to their natural widths.
    """
    plain = [r for r in rows if not isinstance(r, FullWidth)]
    natural = []
    for j, c in enumerate(columns):
        cells = [len(format_cell(r[j])) for r in plain if j < len(r)]
        natural.append(max([len(str(c)), *cells]))
    if sum(natural) <= budget:
        return {}
    text = [
        j
        for j in range(len(columns))
        if natural[j] > 12 and not all(_is_num(r[j]) for r in plain if j < len(r))
    ]
    if not text:
        return {}
    left = max(budget - sum(n for j, n in enumerate(natural) if j not in text), 12 * len(text))
    total = sum(natural[j] for j in text)
    return {
        j: f"{max(0.14, 0.85 * left * natural[j] / total / budget):.2f}\\linewidth" for j in text
    }


def _profile_rows(profile: Mapping[str, Choice], payoffs: Mapping[str, float]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for pid, choice in profile.items():
        shown = (
            choice
            if isinstance(choice, str)
            else ", ".join(f"{s} {format_number(q)}" for s, q in choice.items())
        )
        rows.append([pid, shown, payoffs.get(pid)])
    return rows


class _Tables:
    """The LaTeX tables of one report (labels ``tab:<model id>-<what>``), for the template."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.mid = report.model_id.replace("_", "-")

    def parameters(self, model: ModelSection) -> Raw:
        rows: list[Any] = []
        for p in model.parameters:
            rows.append(
                [
                    p.name,
                    p.value,
                    f"{format_number(p.low)}–{format_number(p.high)}",
                    p.unit,
                    "report" if p.source == "quote" else "judgement",
                ]
            )
            quotes = " ".join(f"“{q}”" for q in p.quotes)
            text = (
                quotes
                if p.source == "quote"
                else " ".join(t for t in (p.judgement or "", quotes) if t)
            )
            if text:
                rows.append(FullWidth(text))
        return Raw(
            latex_table(
                ["Parameter", "Value", "Range", "Unit", "Source"],
                rows,
                caption=f"Parameters of the {model.title or self.report.model_id} model and "
                "their sources (report: the quoted words of the report, under the "
                "row; judgement: a modelling choice, explained under the row).",
                label=f"tab:{self.mid}-parameters",
                long=True,
                wide={0: r"0.3\linewidth", 3: r"0.16\linewidth"},
            )
        )

    def path(self, profile: Mapping[str, Choice], payoffs: Mapping[str, float]) -> Raw:
        return Raw(
            latex_table(
                ["Player", "Action", "Payoff"],
                _profile_rows(profile, payoffs),
                caption="Subgame-perfect equilibrium path.",
                label=f"tab:{self.mid}-path",
                long=True,
            )
        )

    def plan(self, plan: Plan, what: str) -> Raw:
        """One column per option (transposed: fits a page better than one per player)."""
        width = {j + 1: f"{0.72 / len(plan.rows):.3f}\\linewidth" for j in range(len(plan.rows))}
        heads = [r.shown for r in plan.rows]
        rows: list[list[Cell]]
        if what == "actions":
            rows = [[p, *[r.actions.get(p, r.status) for r in plan.rows]] for p in plan.players]
            caption, label = f"Actions under each option of {plan.player}.", "plan"
        else:
            rows = [[p, *[r.payoffs.get(p) for r in plan.rows]] for p in plan.payoff_players]
            caption, label = f"Payoffs under each option of {plan.player}.", "plan-payoffs"
        return Raw(
            latex_table(
                ["Player", *heads],
                rows,
                size=r"\scriptsize",
                wide=width,
                caption=caption,
                label=f"tab:{self.mid}-{label}",
            )
        )

    def equilibrium(
        self,
        index: int,
        pure: bool,
        regret: float,
        profile: Mapping[str, Choice],
        payoffs: Mapping[str, float],
    ) -> Raw:
        return Raw(
            latex_table(
                ["Player", "Strategy", "Payoff"],
                _profile_rows(profile, payoffs),
                caption=f"Equilibrium {index} ({'pure' if pure else 'mixed'}; "
                f"regret {format_regret(regret)}).",
                label=f"tab:{self.mid}-eq{index}",
            )
        )

    def matrix(self, m: PayoffMatrix) -> Raw:
        rows = [
            [rs] + [f"{format_number(c[0])}, {format_number(c[1])}" for c in m.cells[i]]
            for i, rs in enumerate(m.row_strategies)
        ]
        return Raw(
            latex_table(
                [f"{m.row_player} / {m.col_player}", *m.col_strategies],
                rows,
                caption="Payoff matrix (row player's payoff first).",
                label=f"tab:{self.mid}-matrix",
            )
        )

    def part(self, part: Part, *, long_rows: int = 25) -> list[Raw]:
        """Every non-empty table of a part (a sensitivity analysis, a calibration step);
        tables of more than ``long_rows`` rows break across pages."""
        out = []
        for k, table in enumerate([part.table, *part.extra_tables]):
            if table is not None and table.rows:
                out.append(
                    Raw(
                        latex_table(
                            table.columns,
                            table.rows,
                            caption=part.title + ".",
                            label=f"tab:{self.mid}-{part.key}" + (f"-{k}" if k else ""),
                            long=len(table.rows) > long_rows,
                            wide=_text_widths(table.columns, table.rows),
                        )
                    )
                )
        return out


def render_latex(report: Report) -> str:
    """Every table of the report as one LaTeX fragment."""
    from .. import __version__

    return (
        environment("tex")
        .get_template("report.tex.j2")
        .render(
            r=report,
            version=__version__,
            tables=_Tables(report),
            comment=lambda text: Raw(tex_comment(text)),
            line=lambda text: Raw(one_line(text)),
        )
    )
