"""The typed document of an exercise and its worked solution, rendered to Markdown and LaTeX.

An exercise is a list of blocks built once by a generator; :func:`to_markdown` and
:func:`to_latex` are two renderings of the same blocks, so the ``.md`` and ``.tex``
files always say the same thing. Inline text uses ``$...$`` for mathematics (LaTeX
syntax, which Markdown viewers with MathJax/KaTeX show too); text outside the
dollars is escaped for LaTeX.

Examples
--------
>>> doc = [Heading("Solution"), Paragraph("So $p = \\\\frac{1}{3}$ & done."),
...        Equation("3q = 1 - q")]
>>> print(to_markdown(doc))
## Solution
<BLANKLINE>
So $p = \\frac{1}{3}$ & done.
<BLANKLINE>
$$3q = 1 - q$$
<BLANKLINE>
>>> "So $p = \\\\frac{1}{3}$ \\\\& done." in to_latex(doc, title="T")
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..drawing.matrix import latex_escape

__all__ = [
    "Heading",
    "Paragraph",
    "Equation",
    "Table",
    "PayoffMatrix",
    "TreePicture",
    "Block",
    "to_markdown",
    "to_latex",
    "tex_number",
    "linear",
]


@dataclass(frozen=True)
class Heading:
    """A section heading (level 2) or a step heading (level 3)."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """Text with ``$...$`` mathematics."""

    text: str


@dataclass(frozen=True)
class Equation:
    """A displayed equation (LaTeX math)."""

    math: str


@dataclass(frozen=True)
class Table:
    """A table: header cells and rows of cells (each cell text with ``$...$`` math)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PayoffMatrix:
    """A two-player game's payoff matrix; ``mark`` underlines best responses."""

    game: Any
    mark: bool = False


@dataclass(frozen=True)
class TreePicture:
    """A game tree: a TikZ picture in LaTeX, the table of its terminal histories in Markdown."""

    game: Any
    profile: Any = None


Block = Heading | Paragraph | Equation | Table | PayoffMatrix | TreePicture


def _histories(game: Any, profile: Any = None) -> list[str]:
    """Markdown table: each terminal history (actions from the root), its payoffs, and with a
    profile the probability that play ends there."""
    reach = profile.reach_probabilities() if profile is not None else None
    extra = " equilibrium path |" if reach else ""
    lines = [
        "| history | " + " | ".join(game.players) + " |" + extra,
        "|---|" + "---|" * (game.num_players + (1 if reach else 0)),
    ]
    for n in game.nodes:
        if not n.is_terminal:
            continue
        path = []
        k = n.index
        while game.nodes[k].parent is not None:
            path.append(game.nodes[k].action)
            k = game.nodes[k].parent
        mark = ""
        if reach:
            mark = (
                " **yes** |"
                if reach[n.index] == 1
                else (f" {reach[n.index]:.4g} |" if reach[n.index] > 0 else " |")
            )
        lines.append(
            "| "
            + ", ".join(reversed(path))
            + " | "
            + " | ".join(str(v) for v in n.payoffs)
            + " |"
            + mark
        )
    return lines


def tex_number(x: Any) -> str:
    """An exact number in LaTeX: ``2``, ``-\\frac{1}{3}``.

    Examples
    --------
    >>> tex_number(Fraction(-1, 3)), tex_number(Fraction(4))
    ('-\\\\frac{1}{3}', '4')
    """
    x = Fraction(x)
    if x.denominator == 1:
        return str(x.numerator)
    sign = "-" if x < 0 else ""
    return f"{sign}\\frac{{{abs(x.numerator)}}}{{{x.denominator}}}"


def linear(*terms: tuple[Any, str]) -> str:
    """A linear expression in LaTeX from ``(coefficient, factor)`` pairs, signs tidied.

    Examples
    --------
    >>> linear((3, "p"), (-1, "(1-p)")), linear((-2, "p"), (1, "(1-p)")), linear((0, "q"), (2, ""))
    ('3p - (1-p)', '-2p + (1-p)', '0q + 2')
    """
    out = ""
    for k, (c, factor) in enumerate(terms):
        c = Fraction(c)
        mag = abs(c)
        body = (
            factor
            if (mag == 1 and factor)
            else (
                f"{tex_number(mag)} \\cdot {factor}"
                if factor.startswith("\\frac")
                else f"{tex_number(mag)}{factor}"
            )
        )
        if k == 0:
            out = f"-{body}" if c < 0 else body
        else:
            out += f" - {body}" if c < 0 else f" + {body}"
    return out


def _tex_inline(text: str) -> str:
    parts = text.split("$")
    if len(parts) % 2 == 0:
        raise ValueError(f"unbalanced $ in {text!r}")
    return "".join(f"${p}$" if k % 2 else latex_escape(p) for k, p in enumerate(parts))


def _md_matrix(game: Any, mark: bool) -> list[str]:
    from ..drawing.matrix import best_response_marks

    row, col = best_response_marks(game)
    A, B = game.exact_payoffs[..., 0], game.exact_payoffs[..., 1]
    head = f"| {game.players[0]} \\ {game.players[1]} | " + " | ".join(game.strategies[1]) + " |"
    lines = [head, "|---|" + "---|" * game.shape[1]]

    def num(x: Fraction, m: bool) -> str:
        return f"**{x}**" if (m and mark) else str(x)

    for i, s in enumerate(game.strategies[0]):
        cells = [
            f"{num(A[i, j], row[i, j])}, {num(B[i, j], col[i, j])}" for j in range(game.shape[1])
        ]
        lines.append(f"| **{s}** | " + " | ".join(cells) + " |")
    return lines


def to_markdown(blocks: Sequence[Block]) -> str:
    """The blocks as Markdown (``##`` headings, pipe tables, ``$$`` equations)."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            out += [f"{'#' * b.level} {b.text}", ""]
        elif isinstance(b, Paragraph):
            out += [b.text, ""]
        elif isinstance(b, Equation):
            out += [f"$${b.math}$$", ""]
        elif isinstance(b, Table):
            out.append("| " + " | ".join(b.headers) + " |")
            out.append("|" + "---|" * len(b.headers))
            out += ["| " + " | ".join(r) + " |" for r in b.rows]
            out.append("")
        elif isinstance(b, PayoffMatrix):
            out += _md_matrix(b.game, b.mark) + [""]
        elif isinstance(b, TreePicture):
            out += _histories(b.game, b.profile) + [""]
    return "\n".join(out)


def to_latex(blocks: Sequence[Block], *, title: str) -> str:
    """The blocks as a complete LaTeX article (amsmath, booktabs-free tables)."""
    from ..drawing.matrix import matrix_latex
    from ..drawing.tree import tree_tikz

    out = [
        "\\documentclass[11pt]{article}",
        "\\usepackage{amsmath}",
        "\\usepackage{tikz}",
        "\\usetikzlibrary{positioning, calc}",
        "\\usepackage[table]{xcolor}",
        "\\usepackage[margin=2.5cm]{geometry}",
        "\\begin{document}",
        f"\\section*{{{latex_escape(title)}}}",
        "",
    ]
    for b in blocks:
        if isinstance(b, Heading):
            command = "subsection" if b.level <= 2 else "subsubsection"
            out += [f"\\{command}*{{{latex_escape(b.text)}}}", ""]
        elif isinstance(b, Paragraph):
            out += [_tex_inline(b.text), ""]
        elif isinstance(b, Equation):
            out += ["\\[", b.math, "\\]", ""]
        elif isinstance(b, Table):
            widths = [
                max(len(c) for c in (h, *(r[k] for r in b.rows))) for k, h in enumerate(b.headers)
            ]
            long = sum(w for w in widths if w > 28)
            budget = 14.0 - 2.2 * sum(1 for w in widths if w <= 28)  # cm of an A4 text width
            spec = "".join(
                "l" if w <= 28 else f"p{{{max(2.5, budget * w / long):.1f}cm}}" for w in widths
            )
            out.append("\\begin{center}\\small\\begin{tabular}{" + spec + "}")
            out.append(
                " & ".join(f"\\textbf{{{_tex_inline(h)}}}" for h in b.headers) + " \\\\ \\hline"
            )
            out += [" & ".join(_tex_inline(c) for c in r) + " \\\\" for r in b.rows]
            out += ["\\end{tabular}\\end{center}", ""]
        elif isinstance(b, PayoffMatrix):
            out += [
                "\\begin{center}",
                "\\renewcommand{\\arraystretch}{1.4}",
                matrix_latex(b.game, standalone=False, mark=b.mark).rstrip(),
                "\\end{center}",
                "",
            ]
        elif isinstance(b, TreePicture):
            out += [
                "\\begin{center}",
                tree_tikz(b.game, profile=b.profile, standalone=False).rstrip(),
                "\\end{center}",
                "",
            ]
    out.append("\\end{document}")
    return "\n".join(out) + "\n"
