"""``gametheory exercise --kind KIND --seed S -o DIR``: an exercise with a worked solution.

Writes ``exercise.md``, ``solution.md``, ``exercise.tex``, ``solution.tex``, the game
(``game.nfg`` or ``game.efg``) and ``solution.json`` (the form of
``gametheory solve --json --exact``) into ``DIR``, all or nothing. The worked
solution is confirmed by the solvers first; the same seed gives the same files.

Example::

    gametheory exercise --kind 2x2-mixed --seed 1 -o ex1
"""

from __future__ import annotations

import argparse
import sys

from . import CLIError
from ._types import seed

__all__ = ["HELP", "add_arguments", "run", "ALL_KINDS"]

HELP = "Generate an exercise with a worked, solver-verified solution (Markdown, LaTeX, game, JSON)."

#: every kind the command knows (the library may lack some in this version)
ALL_KINDS = ("2x2-mixed", "dominance", "zero-sum", "spe", "bayesian")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory exercise``."""
    parser.add_argument(
        "--kind",
        required=True,
        choices=ALL_KINDS,
        metavar="KIND",
        help="kind of exercise: " + ", ".join(ALL_KINDS),
    )
    parser.add_argument(
        "--seed",
        type=seed,
        default=0,
        metavar="S",
        help="random seed (default 0); the same seed gives the same exercise",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR",
        help="folder to write the files into (created if needed)",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``gametheory exercise``; returns the exit status."""
    from ..exercises import KINDS, generate_exercise, write_exercise

    if args.kind not in KINDS:
        raise CLIError(
            f"--kind {args.kind}: not available in this version (needs the "
            "extensive-form solvers); available: " + ", ".join(KINDS)
        )
    ex = generate_exercise(args.kind, seed=args.seed)
    files = write_exercise(ex, args.output)
    sys.stdout.write(
        f"{ex.title} (--kind {ex.kind} --seed {ex.seed}): wrote "
        + ", ".join(f.name for f in files)
        + f" to {args.output}\n"
    )
    return 0
