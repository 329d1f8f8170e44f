"""Game trees for slides: matplotlib figures (SVG, PDF, PNG) and TikZ, from one layout.

Decision nodes are black dots with their owner above, chance nodes white circles,
leaves carry their payoffs below. Edges carry their action (chance edges their
probability, mixed equilibrium actions theirs in brackets). Information sets with
several nodes are joined by a dashed line and named. With an equilibrium profile,
the actions it plays are drawn thick and red, and the nodes it reaches are red.

:func:`draw_game` writes any supported drawing of a game to a file, atomically:

==============  =====================================  ================================
extension       tree (ExtensiveFormGame)               matrix (two-player NormalFormGame)
==============  =====================================  ================================
``.svg``        matplotlib, labels as ``<text>``       hand-written SVG, ``<text>``
``.pdf``        matplotlib                             --
``.png``        matplotlib (200 dpi)                   --
``.tex``        TikZ picture (standalone document)     ``tabular`` (standalone document)
==============  =====================================  ================================
"""

from __future__ import annotations

import io
import itertools
import os
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InvalidGameError
from .matrix import latex_escape, matrix_latex, matrix_svg
from .tree_layout import TreeLayout, layout_tree

__all__ = ["tree_figure", "tree_tikz", "draw_game", "TREE_FORMATS", "MATRIX_FORMATS"]

TREE_FORMATS = ("svg", "pdf", "png", "tex")
MATRIX_FORMATS = ("svg", "tex")
_EQ = "#c0392b"
_INFOSET_COLOURS = ("#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b")


def tree_figure(
    game: Any, *, profile: Any = None, layout: TreeLayout | None = None, font_size: float = 12
) -> Any:
    """A matplotlib Figure of the tree (see the module docstring).

    Parameters
    ----------
    game : ExtensiveFormGame
    profile : BehaviorProfile, optional
        Highlight its actions and path.
    layout : TreeLayout, optional
        A precomputed :func:`~gametheory.drawing.tree_layout.layout_tree`.
    font_size : float

    Examples
    --------
    >>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
    >>> g = ExtensiveFormGame.from_tree(decision("A", {"x": terminal([1, 0]),
    ...     "y": decision("B", {"u": terminal([2, 1]), "v": terminal([0, 2])})}))
    >>> fig = tree_figure(g)
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['(0, 2)', '(1, 0)', '(2, 1)', 'A', 'B', 'u', 'v', 'x', 'y']
    """
    from .._figures import new_figure

    lay = layout or layout_tree(game, profile=profile)
    n_leaves = len(lay.payoff_labels)
    longest = max(len(s) for s in lay.payoff_labels.values())
    longest_edge = max((len(s) for s in lay.edge_labels.values()), default=1)
    spread = max(1.0, 0.11 * longest * font_size / 12, (0.12 * longest_edge + 0.2) * font_size / 12)
    width = max(4.0, min(40.0, 1.1 * spread * n_leaves + 1.0))
    height = max(2.5, 1.35 * (lay.depth + 1), width / 4)  # wide trees get taller levels
    fig = new_figure(figsize=(width, height))
    ax = fig.add_subplot(1, 1, 1)
    X = [v * spread for v in lay.x]
    Y = list(lay.y)
    highlight = bool(lay.on_path)
    for n in game.nodes:
        for c in n.children:
            path = highlight and c in lay.on_path
            off = highlight and not path and c in lay.chosen and not n.is_chance
            ax.plot(
                [X[n.index], X[c]],
                [Y[n.index], Y[c]],
                color=_EQ if (path or off) else "black",
                lw=3.2 if path else (2.0 if off else 1.1),
                alpha=0.55 if off else 1.0,
                zorder=1,
                solid_capstyle="round",
            )
            # labels sit nearer the parent, where sibling subtrees are furthest apart
            mx, my = 0.6 * X[n.index] + 0.4 * X[c], 0.6 * Y[n.index] + 0.4 * Y[c]
            side = "right" if X[c] < X[n.index] else ("left" if X[c] > X[n.index] else "center")
            dx = -0.08 if side == "right" else (0.08 if side == "left" else 0.1)
            ax.text(  # labels are text, never mathtext ($...$)
                mx + dx,
                my,
                lay.edge_labels[c],
                ha=side if side != "center" else "left",
                va="center",
                fontsize=font_size * 0.92,
                zorder=4,
                color=_EQ if (path or off) else "black",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
                parse_math=False,
            )
    for k, (name, members) in enumerate(lay.infosets):
        colour = _INFOSET_COLOURS[k % len(_INFOSET_COLOURS)]
        pts = sorted((X[m], Y[m]) for m in members)
        low = (0.0, 0.0)
        for (x0, y0), (x1, y1) in itertools.pairwise(pts):
            bulge = 0.1 + 0.04 * abs(x1 - x0) / spread
            t = np.linspace(0, 1, 60)
            xs = x0 + (x1 - x0) * t
            ys = y0 + (y1 - y0) * t - bulge * 4 * t * (1 - t)
            ax.plot(xs, ys, ls=(0, (4, 3)), color=colour, lw=1.5, zorder=2)
            low = (float(xs[30]), float(ys[30]))
        ax.text(  # labels are text, never mathtext ($...$)
            low[0],
            low[1] + 0.03,
            name,
            ha="center",
            va="bottom",
            fontsize=font_size * 0.8,
            color=colour,
            style="italic",
            zorder=5,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
            parse_math=False,
        )
    for n in game.nodes:
        reached = highlight and n.index in lay.on_path
        colour = _EQ if reached else "black"
        if n.is_decision:
            ax.plot([X[n.index]], [Y[n.index]], "o", color=colour, ms=8, zorder=3)
        elif n.is_chance:
            ax.plot(
                [X[n.index]], [Y[n.index]], "o", mfc="white", mec=colour, mew=1.6, ms=11, zorder=3
            )
        else:
            ax.plot([X[n.index]], [Y[n.index]], "o", color=colour, ms=4, zorder=3)
            ax.text(  # labels are text, never mathtext ($...$)
                X[n.index],
                Y[n.index] - 0.14,
                lay.payoff_labels[n.index],
                ha="center",
                va="top",
                fontsize=font_size,
                color=colour,
                parse_math=False,
            )
        if n.index in lay.node_labels:
            ax.text(  # labels are text, never mathtext ($...$)
                X[n.index],
                Y[n.index] + 0.13,
                lay.node_labels[n.index],
                ha="center",
                va="bottom",
                fontsize=font_size,
                weight="bold",
                style="italic" if n.is_chance else "normal",
                parse_math=False,
            )
    if game.title:
        ax.set_title(game.title, fontsize=font_size * 1.15, parse_math=False)
    ax.set_xlim(min(X) - 0.8, max(X) + 0.8)
    ax.set_ylim(min(Y) - 0.55, 0.45)
    ax.set_axis_off()
    fig.tight_layout()
    return fig


def _tikz_text(text: str) -> str:
    return latex_escape(text)


def tree_tikz(
    game: Any,
    *,
    profile: Any = None,
    standalone: bool = True,
    x_unit: float = 1.6,
    y_unit: float = 1.7,
) -> str:
    """The tree as a TikZ picture (in a ``standalone`` document by default) for slides.

    Examples
    --------
    >>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
    >>> g = ExtensiveFormGame.from_tree(decision("A", {"x": terminal([1, 0]),
    ...     "y": decision("B", {"u": terminal([2, 1]), "v": terminal([0, 2])})}))
    >>> tex = tree_tikz(g, standalone=False)
    >>> tex.splitlines()[0], tex.count("\\\\draw")
    ('\\\\begin{tikzpicture}[', 4)
    """
    lay = layout_tree(game, profile=profile)
    highlight = bool(lay.on_path)
    longest = max(len(s) for s in lay.payoff_labels.values())
    sx = x_unit * max(1.0, 0.11 * longest)
    out = [
        "\\begin{tikzpicture}[",
        "  dec/.style={circle, fill=black, inner sep=2pt},",
        "  chn/.style={circle, draw, fill=white, inner sep=3pt},",
        "  leaf/.style={circle, fill=black, inner sep=1pt},",
        "  eq/.style={line width=2pt, draw=red!70!black},",
        "  eqoff/.style={line width=1.2pt, draw=red!70!black, opacity=0.55},",
        "  lab/.style={font=\\small, fill=white, inner sep=1pt}]",
    ]
    for n in game.nodes:
        style = {"decision": "dec", "chance": "chn", "terminal": "leaf"}[n.kind]
        reached = highlight and n.index in lay.on_path
        colour = ", fill=red!70!black" if reached and n.is_decision else ""
        out.append(
            f"\\node[{style}{colour}] (n{n.index}) at ({lay.x[n.index] * sx:.3f}, "
            f"{lay.y[n.index] * y_unit:.3f}) {{}};"
        )
        if n.index in lay.node_labels:
            out.append(
                f"\\node[above=1pt of n{n.index}, font=\\bfseries] "
                f"{{{_tikz_text(lay.node_labels[n.index])}}};"
            )
        if n.is_terminal:
            colour = "red!70!black" if reached else "black"
            out.append(
                f"\\node[below=1pt of n{n.index}, text={colour}] "
                f"{{{_tikz_text(lay.payoff_labels[n.index])}}};"
            )
    for n in game.nodes:
        for c in n.children:
            path = highlight and c in lay.on_path
            off = highlight and not path and c in lay.chosen and not n.is_chance
            style = "[eq]" if path else ("[eqoff]" if off else "")
            side = (
                "above left"
                if lay.x[c] < lay.x[n.index]
                else ("above right" if lay.x[c] > lay.x[n.index] else "right")
            )
            out.append(
                f"\\draw{style} (n{n.index}) -- node[lab, {side}] "
                f"{{{_tikz_text(lay.edge_labels[c])}}} (n{c});"
            )
    colours = ("blue!70!black", "green!50!black", "violet", "orange!80!black", "cyan!60!black")
    for k, (name, members) in enumerate(lay.infosets):
        colour = colours[k % len(colours)]
        order = sorted(members, key=lambda m: lay.x[m])
        chain = " ".join(f"to[bend right=18] (n{m})" for m in order[1:])
        out.append(f"\\draw[dashed, thick, {colour}] (n{order[0]}) {chain};")
        out.append(
            f"\\node[font=\\footnotesize\\itshape, text={colour}, fill=white, inner sep=1pt] "
            f"at ($(n{order[0]})!0.5!(n{order[-1]}) + (0, -0.45)$) {{{_tikz_text(name)}}};"
        )
    out.append("\\end{tikzpicture}")
    body = "\n".join(out) + "\n"
    if not standalone:
        return body
    title = f"% {' '.join(game.title.split())}\n" if game.title else ""  # one comment line
    return (
        f"{title}\\documentclass[border=8pt]{{standalone}}\n\\usepackage{{tikz}}\n"
        f"\\usetikzlibrary{{positioning, calc}}\n\\begin{{document}}\n{body}\\end{{document}}\n"
    )


def _is_tree(game: Any) -> bool:
    from ..extensive import ExtensiveFormGame

    return isinstance(game, ExtensiveFormGame)


def draw_game(game: Any, path: str | os.PathLike[str], *, profile: Any = None) -> Path:
    """Draw a game to ``path`` (format from the extension; see the module docstring).

    Parameters
    ----------
    game : ExtensiveFormGame or NormalFormGame
    path : path-like
    profile : BehaviorProfile, optional
        Trees only: the equilibrium whose path is highlighted.

    Returns
    -------
    pathlib.Path
        The file written (atomically).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> out = draw_game(g, pathlib.Path(tempfile.mkdtemp()) / "m.svg")
    >>> out.read_text().count("<text") > 4
    True
    """
    from ..game import NormalFormGame
    from ..io.atomic import atomic_write_bytes, atomic_write_text

    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if _is_tree(game):
        if fmt not in TREE_FORMATS:
            raise InvalidGameError(
                f"{target}: trees are drawn as {', '.join('.' + f for f in TREE_FORMATS)}; "
                f"got {target.suffix or 'no extension'!r}"
            )
        if fmt == "tex":
            return atomic_write_text(target, tree_tikz(game, profile=profile))
        import matplotlib

        fig = tree_figure(game, profile=profile)
        buf = io.BytesIO()
        with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
            fig.savefig(buf, format=fmt, dpi=200, bbox_inches="tight")
        return atomic_write_bytes(target, buf.getvalue())
    if isinstance(game, NormalFormGame):
        if profile is not None:
            raise InvalidGameError(
                "an equilibrium path is drawn on trees only; matrices mark best responses"
            )
        if fmt not in MATRIX_FORMATS:
            raise InvalidGameError(
                f"{target}: payoff matrices are drawn as .svg or .tex; "
                f"got {target.suffix or 'no extension'!r}"
            )
        text = matrix_svg(game) if fmt == "svg" else matrix_latex(game)
        return atomic_write_text(target, text)
    raise InvalidGameError(f"cannot draw a {type(game).__name__}")
