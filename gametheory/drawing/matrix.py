"""Two-player payoff matrices with best responses marked, as LaTeX or SVG.

In each column, Row's best-response payoffs are underlined; in each row, Column's
best-response payoffs are underlined (the textbook way to find pure equilibria:
a cell with both payoffs underlined is one, and it is shaded). Payoffs print as
exact fractions.

Examples
--------
>>> from gametheory import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...     strategies=(("C", "D"), ("C", "D")))
>>> print(matrix_latex(pd, standalone=False).splitlines()[4])
  D & $\\underline{5}$, $0$ & \\cellcolor{black!10}$\\underline{1}$, $\\underline{1}$ \\\\
"""

from __future__ import annotations

import html
from fractions import Fraction
from typing import Any

import numpy as np

from .._tex import TEX_SPECIAL
from ..errors import InvalidGameError
from ..game import NormalFormGame

__all__ = ["best_response_marks", "matrix_latex", "matrix_svg", "latex_escape"]

_TEX_SPECIAL = {
    **TEX_SPECIAL,
    "\n": " ",  # a line break in a label would end a TikZ node or start a live line
    "\r": " ",
}


def latex_escape(text: str) -> str:
    """Text with LaTeX's special characters escaped.

    Examples
    --------
    >>> latex_escape("R&D 100%")
    'R\\\\&D 100\\\\%'
    """
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in text)


def _check(game: Any) -> NormalFormGame:
    if not isinstance(game, NormalFormGame) or game.num_players != 2:
        raise InvalidGameError(
            "payoff matrices are drawn for two-player normal-form games; "
            f"got {getattr(game, 'num_players', '?')} players"
        )
    if game.shape[0] * game.shape[1] > 400:
        raise InvalidGameError(
            f"a {game.shape[0]}x{game.shape[1]} matrix is too large to draw (at most 400 cells)"
        )
    return game


def best_response_marks(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray]:
    """Boolean arrays: Row's payoff is a best response in its column; Column's in its row.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> [m.tolist() for m in best_response_marks(g)]
    [[[True, False], [False, True]], [[True, False], [False, True]]]
    """
    A, B = game.exact_payoffs[..., 0], game.exact_payoffs[..., 1]
    row = np.array(
        [[A[i, j] == max(A[:, j]) for j in range(A.shape[1])] for i in range(A.shape[0])]
    )
    col = np.array(
        [[B[i, j] == max(B[i, :]) for j in range(B.shape[1])] for i in range(B.shape[0])]
    )
    return row, col


def _num(x: Fraction) -> str:
    return str(x)


def _tex_num(x: Fraction) -> str:
    if x.denominator == 1:
        return str(x.numerator)
    sign = "-" if x < 0 else ""
    return f"{sign}\\frac{{{abs(x.numerator)}}}{{{x.denominator}}}"


def matrix_latex(game: NormalFormGame, *, standalone: bool = True, mark: bool = True) -> str:
    """The payoff matrix as a LaTeX ``tabular`` (in a ``standalone`` document by default).

    Row's payoff comes first in each cell. Best responses are underlined and pure
    equilibria shaded (``xcolor``'s ``table`` option); ``mark=False`` leaves the
    matrix plain (for an exercise's statement).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> tex = matrix_latex(g)
    >>> tex.startswith("\\\\documentclass") and "\\\\end{document}" in tex
    True
    """
    game = _check(game)
    A, B = game.exact_payoffs[..., 0], game.exact_payoffs[..., 1]
    row, col = best_response_marks(game)
    if not mark:
        row, col = np.zeros_like(row), np.zeros_like(col)
    r, c = (latex_escape(p) for p in game.players)
    rs, cs = ([latex_escape(s) for s in ss] for ss in game.strategies)
    n = len(cs)
    lines = [
        f"\\begin{{tabular}}{{r|{'c' * n}}}",
        f"  \\multicolumn{{1}}{{r}}{{{r} $\\backslash$ {c}}} & "
        + " & ".join(f"\\multicolumn{{1}}{{c}}{{{s}}}" for s in cs)
        + " \\\\",
        "  \\hline",
    ]

    def cell(x: Fraction, marked: bool) -> str:
        return f"$\\underline{{{_tex_num(x)}}}$" if marked else f"${_tex_num(x)}$"

    for i, s in enumerate(rs):
        cells = []
        for j in range(n):
            shade = "\\cellcolor{black!10}" if row[i, j] and col[i, j] else ""
            cells.append(f"{shade}{cell(A[i, j], row[i, j])}, {cell(B[i, j], col[i, j])}")
        lines.append(f"  {s} & " + " & ".join(cells) + " \\\\")
    lines.append("\\end{tabular}")
    body = "\n".join(lines)
    if not standalone:
        return body + "\n"
    title = f"% {' '.join(game.title.split())}\n" if game.title else ""  # one comment line
    return (
        f"{title}\\documentclass[border=6pt]{{standalone}}\n\\usepackage[table]{{xcolor}}\n"
        f"\\begin{{document}}\n\\renewcommand{{\\arraystretch}}{{1.4}}\n{body}\n\\end{{document}}\n"
    )


def matrix_svg(game: NormalFormGame, *, font_size: int = 20) -> str:
    """The payoff matrix as an SVG document; every label and payoff is a ``<text>`` element.

    Best-response payoffs are bold and underlined, pure equilibria shaded.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]],
    ...     strategies=(("a", "b"), ("x", "y")))
    >>> svg = matrix_svg(g)
    >>> svg.count("<text"), svg.startswith("<?xml")
    (10, True)
    """
    game = _check(game)
    esc = html.escape
    A, B = game.exact_payoffs[..., 0], game.exact_payoffs[..., 1]
    row, col = best_response_marks(game)
    m, n = game.shape
    fs = font_size
    char = 0.6 * fs
    name_w = len(game.players[0]) * char + fs
    label_w = name_w + max(len(s) for s in game.strategies[0]) * char + 1.5 * fs
    cell_w = (
        max(
            [len(f"{_num(A[i, j])}, {_num(B[i, j])}") for i in range(m) for j in range(n)]
            + [len(s) for s in game.strategies[1]]
        )
        * char
        + 2 * fs
    )
    cell_h = 2.2 * fs
    top = 3.4 * fs
    width = label_w + n * cell_w + fs
    height = top + m * cell_h + fs
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="DejaVu Sans, Arial, sans-serif" '
        f'font-size="{fs}">',
        f"<title>{esc(game.title or 'Payoff matrix')}</title>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="white"/>',
    ]
    x0 = label_w
    out.append(
        f'<text x="{x0 + n * cell_w / 2:.1f}" y="{fs * 1.2:.1f}" text-anchor="middle" '
        f'font-style="italic">{esc(game.players[1])}</text>'
    )
    out.append(
        f'<text x="{fs * 0.5:.1f}" y="{top + m * cell_h / 2:.1f}" font-style="italic">'
        f"{esc(game.players[0])}</text>"
    )
    for j, s in enumerate(game.strategies[1]):
        out.append(
            f'<text x="{x0 + (j + 0.5) * cell_w:.1f}" y="{top - 0.5 * fs:.1f}" '
            f'text-anchor="middle">{esc(s)}</text>'
        )
    for i, s in enumerate(game.strategies[0]):
        y = top + (i + 0.5) * cell_h + 0.35 * fs
        out.append(f'<text x="{x0 - 0.5 * fs:.1f}" y="{y:.1f}" text-anchor="end">{esc(s)}</text>')
        for j in range(n):
            cx, cy = x0 + j * cell_w, top + i * cell_h
            fill = "#e6e6e6" if row[i, j] and col[i, j] else "white"
            out.append(
                f'<rect x="{cx:.1f}" y="{cy:.1f}" width="{cell_w:.1f}" height="{cell_h:.1f}" '
                f'fill="{fill}" stroke="black"/>'
            )
            a, b = _num(A[i, j]), _num(B[i, j])
            parts = []
            for txt, mark in ((a, row[i, j]), (b, col[i, j])):
                style = ' font-weight="bold" text-decoration="underline"' if mark else ""
                parts.append(f"<tspan{style}>{esc(txt)}</tspan>")
            out.append(
                f'<text x="{cx + cell_w / 2:.1f}" y="{y:.1f}" text-anchor="middle">'
                f"{parts[0]}, {parts[1]}</text>"
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"
