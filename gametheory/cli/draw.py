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
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the drawing to write; its extension chooses the format",
    )
    parser.add_argument(
        "--no-equilibrium", action="store_true", help="trees: do not highlight an equilibrium path"
    )
    parser.add_argument(
        "--method",
        default="spe",
        metavar="M",
        help="trees: the solver whose equilibrium is highlighted (default spe; "
        "any method of 'gametheory solve FILE.efg')",
    )
    parser.add_argument(
        "--equilibrium",
        type=int,
        default=1,
        metavar="K",
        help="trees: highlight the K-th equilibrium the method lists (default 1)",
    )


def _tree_equilibrium(game, method: str, k: int):  # noqa: ANN001, ANN202
    """The profile to highlight and a sentence naming how it was chosen."""
    from ..extensive.solve import solve_extensive

    result = solve_extensive(game, method=method)
    n = len(result.equilibria)
    if n == 0:
        return None, f"{method} found no equilibrium; nothing highlighted"
    if not 1 <= k <= n:
        raise CLIError(f"--equilibrium {k}: {method} found {n} equilibri{'um' if n == 1 else 'a'}")
    eq = result.equilibria[k - 1]
    return eq, f"highlighted: equilibrium {k} of {n} by {result.method} ({eq.label()})"


def run(args: argparse.Namespace) -> int:
    """Run ``gametheory draw``; returns the exit status."""
    from ..drawing import draw_game
    from ..extensive import ExtensiveFormGame
    from ..game import NormalFormGame

    game = load_game(args.path)
    if not isinstance(game, (NormalFormGame, ExtensiveFormGame)):
        raise CLIError(
            f"{args.path}: draw takes normal-form games and trees (.efg); this model "
            f"gives a {type(game).__name__}"
        )
    note = ""
    profile = None
    if not isinstance(game, NormalFormGame) and not args.no_equilibrium:
        profile, note = _tree_equilibrium(game, args.method, args.equilibrium)
    try:
        out = draw_game(game, args.output, profile=profile)
    except ValueError as exc:
        raise CLIError(str(exc)) from None
    sys.stdout.write(f"wrote {out}" + (f"; {note}" if note else "") + "\n")
    return 0
