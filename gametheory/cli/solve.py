"""``gametheory solve``: find the equilibria of a Gambit game (.nfg) or a model (.toml).

For a ``.nfg`` file the command reads the game (:func:`gametheory.io.nfg.read_nfg`),
restricts it with ``--fix PLAYER=STRATEGY`` (:meth:`NormalFormGame.restrict`),
solves it with :func:`gametheory.solvers.solve` and prints readable tables, or
with ``--json`` exactly one JSON object (README, "JSON output"). A ``.toml``
model is handed to :func:`gametheory.cli.solve_model.solve_model_command`, which reads
the same options (``args.path``, ``args.method``, ``args.exact``, ``args.json``,
``args.set``, ``args.fix``, ``args.tol``).

Only what the command needs is imported, and only inside :func:`run`, so that
solving a small game starts fast.
"""

from __future__ import annotations

import argparse
import sys

from ..suggest import hint
from . import CLIError
from ._listing import MAX_LISTED_NUMBERS, cli_wording, max_equilibria_option
from ._types import positive_int, tolerance

__all__ = ["HELP", "add_arguments", "run", "parse_fix"]

HELP = (
    "Solve a game file (.nfg, Gambit strategic form; .efg, Gambit game tree) or a model "
    "(.toml) for its equilibria."
)

_METHODS_HELP = (
    "solution method: auto (default: enumerate for two players, pure otherwise), pure, "
    "enumerate, support, vertex, lemke-howson, "
    "zero-sum, logit, enumerate-mixed (whichever the installed solvers provide); for .efg "
    "trees: auto, spe, enumerate, pure, lcp, zero-sum, logit"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory solve``."""
    parser.add_argument("path", metavar="PATH", help="a Gambit .nfg game or a .toml model file")
    parser.add_argument("--method", "-m", default="auto", metavar="M", help=_METHODS_HELP)
    parser.add_argument(
        "--exact",
        action="store_true",
        help="rational arithmetic: probabilities and payoffs as exact fractions",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object instead of tables"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change a model parameter (model files only; repeatable)",
    )
    parser.add_argument(
        "--range",
        action="append",
        default=[],
        metavar="NAME=LOW:HIGH",
        help="widen (or narrow) a model parameter's range, e.g. to --set a value beyond it "
        "(model files only; repeatable)",
    )
    parser.add_argument(
        "--scenario",
        default=None,
        metavar="NAME",
        help="model files: solve the [scenarios.NAME] of the file (its values and moves)",
    )
    parser.add_argument(
        "--fix",
        action="append",
        default=[],
        metavar="PLAYER=STRATEGY",
        help="restrict a player to a strategy before solving (repeatable; fixing the same "
        "player several times keeps each of those strategies)",
    )
    parser.add_argument(
        "--threats",
        action="store_true",
        help="sequential models: also list the Nash equilibria held only by non-credible "
        "threats (outcomes that are Nash but not subgame-perfect)",
    )
    parser.add_argument(
        "--tol",
        type=tolerance,
        default=None,
        metavar="T",
        help="largest regret accepted for a floating-point equilibrium, relative to each "
        "player's payoff spread",
    )
    parser.add_argument(
        "--max-profiles",
        type=positive_int,
        default=None,
        metavar="N",
        help="models: build payoff tables of up to N pure profiles (default: 20 million "
        "cells, profiles x players)",
    )
    parser.add_argument(
        "--max-vertices",
        type=positive_int,
        default=None,
        metavar="N",
        help="method enumerate (the two-player default): allow up to N best-response "
        "polytope vertices (bound; default 13 million, 60,000 with --exact)",
    )
    parser.add_argument(
        "--max-equilibria",
        type=positive_int,
        default=None,
        metavar="N",
        help="method pure: list at most N equilibria (default: as many as fit in "
        f"{MAX_LISTED_NUMBERS:,} listed probabilities, at most 100,000)",
    )
    parser.add_argument(
        "--select",
        default=None,
        metavar="RULE",
        help="also pick one equilibrium by a named rule: payoff-dominant, risk-dominant, "
        "logit or first (printed with its reason, and in JSON 'selection')",
    )


def parse_fix(game, specs: list[str]) -> dict[str, list[str]]:  # noqa: ANN001
    """Turn ``["PLAYER=STRATEGY", ...]`` into ``{player: [strategies]}`` for ``game.restrict``.

    :func:`gametheory.cli._params.parse_fix` with the game's players and strategies.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], strategies=(("a", "b"), ("c", "d")))
    >>> parse_fix(g, ["Row=a", "Column=c", "Column=d"])
    {'Row': ['a'], 'Column': ['c', 'd']}
    """
    from ._params import parse_fix as parse

    return parse(specs, dict(zip(game.players, game.strategies, strict=True)))


def _solve(game, args: argparse.Namespace):  # noqa: ANN001, ANN202
    from ..solvers import SOLVERS, solve

    method = args.method.strip()
    if method != "auto" and method not in SOLVERS:
        raise CLIError(
            f"--method {method!r}: unknown method{hint(method, ['auto', *SOLVERS])}; "
            f"choose from: auto, {', '.join(SOLVERS)}"
        )
    options = {"method": method, "exact": bool(args.exact)}
    if args.tol is not None:
        options["tol"] = args.tol
    if getattr(args, "select", None) is not None:
        options["select"] = _select_rule(args.select)
    if getattr(args, "max_vertices", None) is not None:
        options["max_vertices"] = args.max_vertices
    options.update(max_equilibria_option(game.shape, method, getattr(args, "max_equilibria", None)))
    return cli_wording(solve(game, **options))


def _select_rule(text: str) -> str:
    """The ``--select`` rule, checked (a one-line error lists the rules)."""
    from ..selection import SelectionError, check_rule

    try:
        return check_rule(text.strip())
    except SelectionError as exc:
        raise CLIError(f"--select: {exc}") from None


def _solve_nfg(args: argparse.Namespace) -> int:
    from ..io.nfg import read_nfg_document
    from ._output import dumps_json, format_game_summary, format_result, result_json

    for option in ("set", "range"):
        if getattr(args, option, None):
            raise CLIError(
                f"--{option} applies to model files (.toml); {args.path} is a Gambit game "
                "with fixed payoffs"
            )
    doc = read_nfg_document(args.path)
    game = doc.game
    fixed = parse_fix(game, args.fix) if args.fix else {}
    if fixed:
        game = game.restrict(fixed)
    result = _solve(game, args)
    if args.json:
        out = result_json(
            result, exact=args.exact, source=str(args.path), comment=doc.comment, fixed=fixed
        )
        sys.stdout.write(dumps_json(out) + "\n")
    else:
        text = format_game_summary(game, source=str(args.path), comment=doc.comment, fixed=fixed)
        sys.stdout.write(text + "\n\n" + format_result(result, exact=args.exact) + "\n")
    return 0


def _solve_model(args: argparse.Namespace) -> int:
    from .solve_model import solve_model_command

    return int(solve_model_command(args) or 0)


def run(args: argparse.Namespace) -> int:
    """Run ``gametheory solve``; returns the exit status."""
    from pathlib import Path

    path = Path(args.path)
    if path.is_dir():
        raise CLIError(f"{args.path}: is a directory, expected a .nfg game or a .toml model")
    suffix = path.suffix.lower()
    if suffix == ".nfg":
        return _solve_nfg(args)
    if suffix == ".toml":
        return _solve_model(args)
    if suffix == ".efg":
        from .solve_efg import solve_efg_command

        return solve_efg_command(args)
    what = f"extension {path.suffix!r}" if path.suffix else "no extension"
    raise CLIError(
        f"{args.path}: unsupported file type ({what}); expected a Gambit game (.nfg, .efg) "
        "or a model (.toml)"
    )
