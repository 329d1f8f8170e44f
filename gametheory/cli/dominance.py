"""``gametheory dominance GAME``: strict and weak dominance, with the elimination order.

Shows (1) iterated elimination of strictly dominated strategies, round by round,
with each dominator (pure, or mixed unless ``--pure``); (2) the weakly dominated
strategies of the game; (3) iterated weak elimination in the chosen ``--order``
(``simultaneous``: all weakly dominated strategies each round; ``sequential``: one
at a time); and (4) every reduced game some order of weak elimination reaches, with
an order that reaches it -- more than one means the order matters. ``--json``
prints the same as one JSON object.

Example::

    gametheory dominance models/prisoners_dilemma.nfg --json
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._game_files import load_normal_form
from .sweep import positive_int

__all__ = ["HELP", "add_arguments", "run", "dominance_report"]

HELP = (
    "Strict and weak dominance: iterated elimination with its order, and whether the order matters."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory dominance``."""
    parser.add_argument(
        "path", metavar="GAME", help="a Gambit .nfg game or a simultaneous .toml model"
    )
    parser.add_argument(
        "--order",
        choices=("simultaneous", "sequential"),
        default="simultaneous",
        help="order of iterated weak elimination (default simultaneous)",
    )
    parser.add_argument(
        "--pure",
        action="store_true",
        help="only pure strategies as dominators (default: mixed too for strict)",
    )
    parser.add_argument(
        "--max-states",
        type=positive_int,
        default=None,
        metavar="N",
        help="explore up to N reduced games for the order-dependence check (default 20,000)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _elim(e: Any) -> dict[str, Any]:
    from ..jsonsafe import json_number

    return {
        "round": e.round,
        "player": e.player,
        "strategy": e.strategy,
        "dominated_by": {s: json_number(q) for s, q in e.dominated_by.items()},
        "margin": json_number(float(e.margin)),
        "kind": e.kind,
        "text": e.describe(),
    }


def dominance_report(
    game: Any, *, order: str = "simultaneous", pure: bool = False, max_states: int | None = None
) -> dict[str, Any]:
    """Everything the command shows, as a JSON-ready dict (computed by the library).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     strategies=(("C", "D"), ("C", "D")))
    >>> dominance_report(pd)["strict"]["surviving"]
    {'Row': ['D'], 'Column': ['D']}
    """
    from ..solvers.dominance import iterated_elimination
    from ..solvers.weak_dominance import (
        iterated_weak_elimination,
        weak_elimination_outcomes,
        weakly_dominated_strategies,
    )

    strict = iterated_elimination(game, mixed=not pure)
    weak = iterated_weak_elimination(game, order=order)
    outcomes = weak_elimination_outcomes(
        game, **({} if max_states is None else {"max_states": max_states})
    )
    dominated = {
        p: [
            {"strategy": s, "dominated_by": {k: float(v) for k, v in by.items()}}
            for s, by, _ in weakly_dominated_strategies(game, p)
        ]
        for p in game.players
    }
    return {
        "game": {
            "title": game.title,
            "players": [
                {"name": p, "strategies": list(game.strategies[i])}
                for i, p in enumerate(game.players)
            ],
        },
        "strict": {
            "mixed_dominators": not pure,
            "eliminations": [_elim(e) for e in strict],
            "surviving": {p: list(s) for p, s in strict.surviving.items()},
        },
        "weak": {
            "dominated": dominated,
            "order": order,
            "eliminations": [_elim(e) for e in weak],
            "surviving": {p: list(s) for p, s in weak.surviving.items()},
            "outcomes": [
                {
                    "surviving": {p: list(s) for p, s in o.surviving.items()},
                    "order": [_elim(e) for e in o.sequence],
                }
                for o in outcomes
            ],
            "order_matters": len(outcomes) > 1,
        },
    }


def _format(rep: dict[str, Any], source: str) -> str:
    g = rep["game"]
    lines = [(g["title"] or "Untitled game") + f"  ({source})", ""]

    def surviving(s: dict[str, list[str]]) -> str:
        return "; ".join(f"{p}: {', '.join(v)}" for p, v in s.items())

    st = rep["strict"]
    lines.append(
        "Iterated elimination of strictly dominated strategies"
        + (" (pure and mixed dominators):" if st["mixed_dominators"] else " (pure dominators):")
    )
    lines.extend(f"  {e['text']}" for e in st["eliminations"]) if st[
        "eliminations"
    ] else lines.append("  nothing is strictly dominated")
    lines.append(f"  surviving: {surviving(st['surviving'])}")
    wk = rep["weak"]
    lines.append("")
    lines.append("Weakly dominated strategies in the game:")
    found = [
        f"  {p}'s {d['strategy']} (by {', '.join(d['dominated_by'])})"
        for p, items in wk["dominated"].items()
        for d in items
    ]
    lines.extend(found or ["  none"])
    lines.append("")
    lines.append(f"Iterated weak elimination ({wk['order']}):")
    lines.extend(f"  {e['text']}" for e in wk["eliminations"]) if wk[
        "eliminations"
    ] else lines.append("  nothing is weakly dominated")
    lines.append(f"  surviving: {surviving(wk['surviving'])}")
    lines.append("")
    n = len(wk["outcomes"])
    lines.append(
        f"Every order of weak elimination (one strategy at a time) reaches {n} reduced "
        f"game{'s' if n != 1 else ''}" + (": THE ORDER MATTERS" if wk["order_matters"] else "")
    )
    for k, o in enumerate(wk["outcomes"], start=1):
        order = (
            ", ".join(f"{e['player']}'s {e['strategy']}" for e in o["order"]) or "(nothing removed)"
        )
        lines.append(f"  {k}. {surviving(o['surviving'])}  <- remove {order}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run ``gametheory dominance``; returns the exit status."""
    from ._output import dumps_json

    game = load_normal_form(args.path, "dominance")
    rep = dominance_report(game, order=args.order, pure=args.pure, max_states=args.max_states)
    if args.json:
        rep["game"]["source"] = str(args.path)
        sys.stdout.write(dumps_json(rep) + "\n")
    else:
        sys.stdout.write(_format(rep, str(args.path)) + "\n")
    return 0
