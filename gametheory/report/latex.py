"""Render a report's tables as LaTeX for papers (booktabs rules, longtable for long lists).

The output is a fragment: ``\\input{report.tex}`` it in a document that loads
``booktabs`` and ``longtable``::

    \\documentclass{article}
    \\usepackage{booktabs,longtable}
    \\begin{document}
    \\input{report.tex}
    \\end{document}

Text is escaped for LaTeX (``& % $ # _ { } ~ ^ \\``) and typographic Unicode
(curly quotes, dashes, ellipses) is written as LaTeX ligatures, so the file
compiles with pdflatex as well as with XeLaTeX or LuaLaTeX.

Examples
--------
>>> latex_escape("50% of R&D_cost ~ “x”")
"50\\\\% of R\\\\&D\\\\_cost \\\\textasciitilde{} ``x''"
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._format import format_cell, format_interval, format_number, format_regret, format_share

__all__ = ["render_latex", "latex_escape", "latex_table"]

_ESCAPES = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "“": "``", "”": "''", "‘": "`", "’": "'", "—": "---", "–": "--", "…": r"\ldots{}",
    "−": "-", "∞": r"$\infty$", "≥": r"$\geq$", "≤": r"$\leq$", "×": r"$\times$",
    "★": "*", "\u00a0": "~", "±": r"$\pm$", "→": r"$\rightarrow$", "·": r"$\cdot$",
    "≈": r"$\approx$", "°": r"\textdegree{}",
}


def latex_escape(text: Any) -> str:
    """Escape text for LaTeX, mapping typographic Unicode to LaTeX ligatures."""
    s = str(text)
    return "".join(_ESCAPES.get(ch, ch) for ch in s)


def _is_num(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def latex_table(columns: Sequence[Any], rows: Sequence[Sequence[Any]], *, caption: str = "",
                label: str = "", long: bool = False, wide: Sequence[int] = ()) -> str:
    """A booktabs table; ``long=True`` makes a ``longtable`` that breaks across pages.

    Numeric columns are right-aligned; columns listed in ``wide`` wrap as paragraphs.

    Examples
    --------
    >>> print(latex_table(["x", "y"], [["a", 1.5]]).splitlines()[3])
    \\begin{tabular}{lr}
    """
    ncol = len(columns)
    spec = ""
    for j in range(ncol):
        if j in wide:
            spec += r"p{0.38\linewidth}"
        elif rows and all(_is_num(r[j]) for r in rows if j < len(r)):
            spec += "r"
        else:
            spec += "l"
    head = " & ".join(latex_escape(c) for c in columns) + r" \\"
    body = []
    for r in rows:
        cells = [latex_escape(format_cell(x)) for x in r]
        cells += [""] * (ncol - len(cells))
        body.append(" & ".join(cells[:ncol]) + r" \\")
    cap = f"\\caption{{{latex_escape(caption)}}}" if caption else ""
    lab = f"\\label{{{label}}}" if label else ""
    if long:
        lines = [f"\\begin{{longtable}}{{{spec}}}"]
        if cap:
            lines.append(cap + lab + r" \\")
        lines += [r"\toprule", head, r"\midrule", r"\endfirsthead",
                  r"\toprule", head, r"\midrule", r"\endhead",
                  r"\bottomrule", r"\endlastfoot", *body, r"\end{longtable}"]
        return "\n".join(lines)
    lines = [r"\begin{table}[htbp]", r"\centering", r"\small", f"\\begin{{tabular}}{{{spec}}}",
             r"\toprule", head, r"\midrule", *body, r"\bottomrule", r"\end{tabular}"]
    if cap:
        lines.append(cap + lab)
    lines.append(r"\end{table}")
    return "\n".join(lines)


def _profile_table(profile: dict[str, Any], payoffs: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for pid, choice in profile.items():
        shown = choice if isinstance(choice, str) else ", ".join(
            f"{s} {format_number(q)}" for s, q in choice.items())
        rows.append([pid, shown, payoffs.get(pid)])
    return rows


def render_latex(report: Any) -> str:
    """Every table of the report as one LaTeX fragment."""
    from .. import __version__

    S = report.sections
    summary, model = S.get("summary") or {}, S.get("model") or {}
    eqs, sens, repro = S.get("equilibria") or {}, S.get("sensitivity") or {}, S.get("reproducibility") or {}
    mid = report.model_id.replace("_", "-")
    out = [f"% Tables of the equilibrium report for model {report.model_id} "
           f"(gametheory {__version__}).",
           r"% Needs \usepackage{booktabs,longtable}; regenerate with:",
           f"% {repro.get('command', '')}", ""]
    rob = summary.get("robustness")
    if summary.get("paragraph"):
        out += ["% Summary: " + " ".join(summary["paragraph"].split()), ""]
    if rob and rob.get("share") is not None:
        out += [f"% Robustness: {format_share(rob['share'])} of {rob.get('samples')} draws "
                f"(95% CI {format_interval(rob.get('ci'))}).", ""]

    rows = []
    for p in model.get("parameters", ()):
        if p["source"] == "quote":
            src, text = "report", " ".join(f"“{q}”" for q in p["quotes"])
        else:
            src, text = "judgement", p.get("judgement") or ""
        rows.append([p["name"], p["value"], f"{format_number(p['low'])}–{format_number(p['high'])}",
                     p["unit"], src, text])
    out += [latex_table(["Parameter", "Value", "Range", "Unit", "Source", "Quote or note"], rows,
                        caption=f"Parameters of the {model.get('title', report.model_id)} model and "
                                "their sources (report: a verbatim quote; judgement: a modelling choice).",
                        label=f"tab:{mid}-parameters", long=True, wide=(5,)), ""]

    if eqs.get("form") == "sequential":
        outcome = eqs.get("outcome") or {}
        if outcome.get("profile"):
            out += [latex_table(["Player", "Action", "Payoff"],
                                _profile_table(outcome["profile"], outcome.get("payoffs") or {}),
                                caption="Subgame-perfect equilibrium path.",
                                label=f"tab:{mid}-path", long=True), ""]
        if eqs.get("plan"):
            first = eqs["plan"]["player"]
            out += [latex_table(eqs["plan_table"]["columns"], eqs["plan_table"]["rows"],
                                caption=f"Actions under each option of {first}.",
                                label=f"tab:{mid}-plan"), "",
                    latex_table(eqs["payoff_table"]["columns"], eqs["payoff_table"]["rows"],
                                caption=f"Payoffs under each option of {first}.",
                                label=f"tab:{mid}-plan-payoffs"), ""]
    else:
        for e in eqs.get("equilibria", ()):
            out += [latex_table(["Player", "Strategy", "Payoff"],
                                _profile_table(e["profile"], e["payoffs"]),
                                caption=f"Equilibrium {e['index']} ({'pure' if e['pure'] else 'mixed'}; "
                                        f"regret {format_regret(e['regret'])}).",
                                label=f"tab:{mid}-eq{e['index']}"), ""]
        m = eqs.get("matrix")
        if m:
            rows = [[rs] + [f"{format_number(c[0])}, {format_number(c[1])}" for c in m["cells"][i]]
                    for i, rs in enumerate(m["row_strategies"])]
            out += [latex_table([f"{m['row_player']} / {m['col_player']}", *m["col_strategies"]], rows,
                                caption="Payoff matrix (row player's payoff first).",
                                label=f"tab:{mid}-matrix"), ""]
    for part in sens.get("parts", ()):
        for k, table in enumerate([part.get("table"), *part.get("extra_tables", ())]):
            if table and table.get("rows"):
                out += [latex_table(table["columns"], table["rows"], caption=part["title"] + ".",
                                    label=f"tab:{mid}-{part['key']}" + (f"-{k}" if k else ""),
                                    long=len(table["rows"]) > 25), ""]
    return "\n".join(out) + "\n"
