"""``gametheory draw GAME -o FILE``: slide-ready drawings of games.

A two-player normal-form game (``.nfg`` or a simultaneous ``.toml`` model) is drawn
as its payoff matrix with best responses underlined and pure equilibria shaded
(``.svg`` or ``.tex``). A tree (``.efg``, or a sequential model that gives one) is
drawn with information sets, chance probabilities and, unless ``--no-equilibrium``,
the path of an equilibrium (``.svg``, ``.pdf``, ``.png``, or ``.tex`` for a TikZ
picture). Every label is text in the file. The file is written atomically.

Examples::

    gametheory draw models/prisoners_dilemma.nfg -o pd.svg
    gametheory draw game.efg -o tree.png
"""

from __future__ import annotations

import argparse
import sys

from . import CLIError
from ._game_files import load_game

__all__ = ["HELP", "add_arguments", "run"]

HELP = "Draw a game for slides: payoff matrix (.svg, .tex) or tree (.svg, .pdf, .png, .tex TikZ)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory draw``."""
    parser.add_argument("path", metavar="GAME", help="a game file (.nfg, .efg) or a model (.toml)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="the drawing to write; its extension chooses the format")
    parser.add_argument("--no-equilibrium", action="store_true",
                        help="trees: do not highlight an equilibrium path")


def _tree_equilibrium(game):  # noqa: ANN001, ANN202
    """The profile to highlight and a sentence naming how it was chosen."""
    from ..extensive.solve import solve_tree

    result = solve_tree(game)
    if not result.equilibria:
        return None, "no equilibrium found to highlight"
    eq = result.equilibria[0]
    return eq, f"highlighted: equilibrium 1 of {len(result.equilibria)} by {result.method} ({eq.label()})"


def run(args: argparse.Namespace) -> int:
    """Run ``gametheory draw``; returns the exit status."""
    from ..drawing import draw_game
    from ..game import NormalFormGame

    game = load_game(args.path)
    note = ""
    profile = None
    if not isinstance(game, NormalFormGame) and not args.no_equilibrium:
        profile, note = _tree_equilibrium(game)
    try:
        out = draw_game(game, args.output, profile=profile)
    except ValueError as exc:
        raise CLIError(str(exc)) from None
    sys.stdout.write(f"wrote {out}" + (f"; {note}" if note else "") + "\n")
    return 0
