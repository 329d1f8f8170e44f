"""``gametheory solve FILE.efg``: solve a Gambit extensive-form game.

Reads the file (:func:`gametheory.io.efg.read_efg_document`), solves it with
:func:`gametheory.extensive.solve.solve_extensive` and prints one table per
equilibrium (each player's behaviour at each information set), or with ``--json``
one JSON object, :meth:`ExtensiveResult.to_dict
<gametheory.extensive.profile.ExtensiveResult.to_dict>` plus the source file.
"""

from __future__ import annotations

import argparse
import sys

from . import CLIError

__all__ = ["solve_efg_command"]


def _render(result, *, exact: bool) -> str:  # noqa: ANN001
    from ._output import format_number, format_table

    game = result.game
    lines = [
        f"{len(result)} equilibri{'um' if len(result) == 1 else 'a'} by {result.method}"
        f"{' (exact)' if result.exact else ''}{', complete' if result.complete else ''}"
    ]
    if result.value is not None:
        lines.append(
            "value: "
            + ", ".join(f"{p} {format_number(v, exact=exact)}" for p, v in result.value.items())
        )
    for k, eq in enumerate(result.equilibria, start=1):
        rows = []
        for i, p in enumerate(game.players):
            for s, vec in zip(game.infosets[i], eq.probabilities[i], strict=True):
                mix = ", ".join(
                    f"{a} {format_number(q, exact=exact)}"
                    for a, q in zip(s.actions, vec, strict=True)
                    if q
                )
                rows.append([p, s.name, mix])
        lines.append("")
        pays = eq.exact_payoffs if exact and eq.exact_payoffs is not None else eq.payoffs
        lines.append(
            f"Equilibrium {k}: payoffs "
            + ", ".join(f"{p} {format_number(v, exact=exact)}" for p, v in pays.items())
            + f"; regret {format_number(eq.regret)}"
        )
        lines.append(format_table(["player", "information set", "behaviour"], rows))
    for w in result.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines)


def solve_efg_command(args: argparse.Namespace) -> int:
    """Run ``gametheory solve`` on a ``.efg`` file; returns the exit status."""
    from ..extensive.solve import EXTENSIVE_SOLVERS, solve_extensive
    from ..io.efg import read_efg_document
    from ._output import dumps_json

    if args.set:
        raise CLIError(f"--set applies to model files (.toml); {args.path} is a Gambit game")
    if args.fix:
        raise CLIError(f"--fix applies to strategic-form games (.nfg); {args.path} is a game tree")
    method = args.method.strip()
    if method != "auto" and method not in EXTENSIVE_SOLVERS:
        raise CLIError(
            f"--method {method!r}: unknown method for a game tree; choose from: auto, "
            f"{', '.join(EXTENSIVE_SOLVERS)}"
        )
    doc = read_efg_document(args.path)
    options = {"method": method, "exact": True if args.exact else None}
    if args.tol is not None:
        options["tol"] = args.tol
    result = solve_extensive(doc.game, **options)
    exact = bool(args.exact) or result.exact
    if args.json:
        out = {"source": str(args.path), **result.to_dict(exact=bool(args.exact))}
        sys.stdout.write(dumps_json(out) + "\n")
    else:
        g = doc.game
        head = (
            f"{args.path}: {g.title or 'untitled'} -- extensive form, players "
            f"{', '.join(g.players)}; {len(g.nodes)} nodes, "
            f"{sum(len(s) for s in g.infosets)} information sets"
        )
        sys.stdout.write(head + "\n\n" + _render(result, exact=exact and bool(args.exact)) + "\n")
    return 0
