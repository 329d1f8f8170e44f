"""Slide-ready drawings of games: payoff matrices (LaTeX, SVG) and game trees (SVG, PDF, PNG, TikZ).

==========================  =============================================================
module                      what it draws
==========================  =============================================================
:mod:`.matrix`              two-player payoff matrices with best responses underlined
:mod:`.tree_layout`         node positions and labels of a game tree (shared by both
                            tree renderers)
:mod:`.tree`                game trees with information sets, chance probabilities and
                            an equilibrium path, as matplotlib figures or TikZ
==========================  =============================================================

:func:`draw_game` writes a file, choosing the drawing from the game and the file's
extension. Every label is text in the output file (SVG ``<text>`` elements, TeX
source), so slides can be searched and edited.
"""

from __future__ import annotations

from .matrix import matrix_latex, matrix_svg
from .tree import draw_game, tree_figure, tree_tikz
from .tree_layout import TreeLayout, layout_tree

__all__ = [
    "matrix_latex",
    "matrix_svg",
    "tree_figure",
    "tree_tikz",
    "draw_game",
    "TreeLayout",
    "layout_tree",
]
