"""Render a :class:`~gametheory.report.Report` as Markdown (GitHub-flavoured tables).

The Markdown report is the template ``templates/report.md.j2`` over the same typed
report as the HTML page, with the same sections. Figures are referenced as PNG
files written next to it (``figures/<name>.png``); formulas appear as LaTeX in
``$$ ... $$`` blocks; a parameter's source is marked **REPORT** (followed by the
verbatim quote) or *JUDGEMENT* (followed by the note). Every string from the model
is escaped (:mod:`gametheory.report.escape`): no raw HTML, images or links.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._format import format_cell, format_number, ucfirst
from ._render import Raw, environment
from .escape import md_cell, md_code, md_code_block
from .sections import Cell, Choice, ModelSection, PayoffMatrix, Reproducibility, SourceNote, Table

if TYPE_CHECKING:
    from .document import Report

__all__ = ["render_markdown", "markdown_table"]


def _cell(x: Any) -> str:
    return md_cell(x if isinstance(x, str) else format_cell(x))


def markdown_table(
    columns: Sequence[Any], rows: Sequence[Sequence[Any]], *, numeric: Sequence[int] | None = None
) -> str:
    """A GitHub-flavoured Markdown table; numeric columns are right-aligned.

    Examples
    --------
    >>> print(markdown_table(["a", "b"], [["x|y", 1.5]]))
    | a | b |
    |---|--:|
    | x\\|y | 1.5 |
    """
    if numeric is None:
        numeric = [
            j
            for j in range(len(columns))
            if rows
            and all(
                isinstance(r[j], (int, float)) and not isinstance(r[j], bool)
                for r in rows
                if j < len(r)
            )
        ]
    head = "| " + " | ".join(_cell(str(c)) for c in columns) + " |"
    rule = "|" + "|".join("--:" if j in numeric else "---" for j in range(len(columns))) + "|"
    body = ["| " + " | ".join(_cell(x) for x in r) + " |" for r in rows]
    return "\n".join([head, rule, *body])


def _table(t: Table, numeric: Sequence[int] | None = None) -> Raw:
    return Raw(markdown_table(t.columns, t.rows, numeric=numeric))


def _profile_table(
    model: ModelSection, profile: Mapping[str, Choice], payoffs: Mapping[str, float]
) -> Table:
    names, meanings = model.names, model.meanings
    rows: list[tuple[Cell, ...]] = []
    for pid, choice in profile.items():
        if isinstance(choice, str):
            shown, meaning = f"**{choice}**", meanings.get(pid, {}).get(choice, "")
        else:
            shown = ", ".join(f"{s} {format_number(q)}" for s, q in choice.items())
            meaning = ""
        rows.append(
            (f"{names.get(pid, pid)} ({pid})", shown, meaning, format_number(payoffs.get(pid)))
        )
    return Table(("Player", "Choice", "Meaning", "Payoff"), tuple(rows))


def _matrix_table(m: PayoffMatrix) -> Table:
    rows = []
    for i, rs in enumerate(m.row_strategies):
        row: list[Cell] = [f"**{rs}**"]
        for j, c in enumerate(m.cells[i]):
            text = f"{format_number(c[0])}, {format_number(c[1])}"
            row.append(f"**{text}**" if (i, j) in m.equilibrium_cells else text)
        rows.append(tuple(row))
    return Table((f"{m.row_player} \\ {m.col_player}", *m.col_strategies), tuple(rows))


def _players_table(model: ModelSection) -> Table:
    rows = []
    for g in model.groups:
        who = ", ".join(f"{p.name} ({p.id})" for p in g.players)
        if g.role:
            who += f" [role: {g.role_name}]"
        strategies = "; ".join(
            f"**{s.label}**: {s.meaning}" if s.meaning else f"**{s.label}**" for s in g.strategies
        )
        rows.append((who, strategies))
    return Table(("Player", "Strategies and what they mean"), tuple(rows))


def _source_text(src: SourceNote) -> str:
    quotes = " ".join(f"“{q}”" for q in src.quotes)
    if src.source == "quote":
        return f"**REPORT** {quotes}"
    return f"*JUDGEMENT* _{src.judgement}_" + (f" {quotes}" if quotes else "")


def _parameters_table(model: ModelSection) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for b in model.blocks:
        if b.grouped:
            rows.append(
                (
                    f"**`{b.group}`**",
                    "",
                    "",
                    b.unit or "",
                    b.meaning or "",
                    _source_text(b.source) if b.source else "",
                )
            )
        for p in b.rows:
            kind = "**REPORT**" if p.source == "quote" else "*JUDGEMENT*"
            source = (
                f"{kind} as for `{b.group}` above"
                if p.same_source
                else _source_text(SourceNote(p.source, p.quotes, p.judgement))
            )
            rows.append(
                (
                    f"`{p.name}`",
                    format_number(p.value),
                    f"{format_number(p.low)} to {format_number(p.high)}",
                    "" if b.grouped and b.unit else p.unit,
                    "" if b.grouped and b.meaning else p.meaning,
                    source,
                )
            )
    return Table(("Parameter", "Value", "Range", "Unit", "Meaning", "Source"), tuple(rows))


def _repro_table(repro: Reproducibility) -> Table:
    rows: list[tuple[Cell, ...]] = [
        ("Model file", md_code(repro.model_path)),
        ("SHA-256", md_code(repro.model_sha256)),
        (
            "Parameters changed from the file",
            ", ".join(f"`{k} = {v}`" for k, v in repro.parameter_changes.items()) or "none",
        ),
        (
            "Seed",
            f"{repro.seed} (each analysis below draws from its own seed, derived from this one)"
            if repro.seed is not None
            else "caller-supplied generator",
        ),
        ("Samples", format_number(repro.samples)),
    ]
    for m in repro.methods:
        opts = ", ".join(f"{k}={v}" for k, v in m.options.items())
        rows.append((ucfirst(m.what), f"`{m.method}`" + (f" with {opts}" if opts else "")))
    rows.append(("Versions", "; ".join(f"{k} {v}" for k, v in repro.versions.items())))
    return Table(("", ""), tuple(rows))


def render_markdown(report: Report, *, figure_dir: str = "figures") -> str:
    """The report as Markdown text."""
    from .. import __version__

    model = report.model
    text = (
        environment("md")
        .get_template("report.md.j2")
        .render(
            r=report,
            version=__version__,
            figure_dir=figure_dir,
            names=model.names,
            list=list,
            table=_table,
            code=lambda s: Raw(md_code(s)),
            code_block=lambda s, language="": Raw("\n".join(md_code_block(s, language=language))),
            raw=Raw,
            profile_table=lambda profile, payoffs: _profile_table(model, profile, payoffs),
            matrix_table=_matrix_table,
            players_table=_players_table(model),
            parameters_table=_parameters_table(model),
            repro_table=_repro_table(report.reproducibility),
        )
    )
    return text
