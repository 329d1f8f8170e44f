"""``gametheory thresholds``: the parameter values at which the equilibria change.

For each parameter with a range (or those named with ``--param``), one at a time
with the others at the base point, the command brackets every change of the
declared outcome on a grid and bisects it, then prints one line per threshold, its
kind, at what value, and the margin from the base value, closest calls first. The
outcome is the *set* of pure equilibria (kind ``equilibrium-set``: "USA tariff / CHN
tariff / EU no_tariff stops being an equilibrium when ..."); for a sequential model,
the subgame-perfect path under the model's stage selection rule, on the whole game
and on every branch (every option of the opening movers). With ``--select RULE``
a change of the rule's pick with the set unchanged is also a threshold (kind
``selection``). With ``-o`` the table is written as CSV (or Parquet).
"""

from __future__ import annotations

import argparse

from ._types import positive_int
from .sweep import add_common

__all__ = ["HELP", "add_arguments", "run"]

HELP = "Find the parameter values at which the model's equilibria change."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory thresholds``."""
    add_common(parser, what="the thresholds table")
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=None,
        metavar="NAME",
        help="only scan these parameters (repeatable; default: all with a range)",
    )
    parser.add_argument(
        "--steps",
        type=positive_int,
        default=41,
        metavar="N",
        help="grid points per range before bisection (default 41)",
    )
    parser.add_argument(
        "--no-branches",
        action="store_true",
        help="sequential models: scan only the whole game, not every option of the opening movers",
    )


def run(args: argparse.Namespace) -> int:
    import json

    from ..sensitivity import (
        ParameterSpace,
        critical_thresholds,
        describe_outcome,
        plot_tornado,
        tornado,
    )
    from . import CLIError
    from ._analysis import (
        apply_ranges,
        frame_json,
        load_model_with_sets,
        print_frame,
        write_figures,
        write_table,
    )

    if args.steps < 2:
        raise CLIError(f"--steps must be at least 2, got {args.steps}")
    model = load_model_with_sets(args.model, args.set, args.range)
    space = apply_ranges(ParameterSpace.from_model(model), args.range)
    if args.param:
        for name in args.param:
            if name not in space.names:
                ParameterSpace.from_model(model, params=[name])  # one-line error
        space = space.select(args.param)
    outcome = "set" if getattr(args, "select", None) is None else args.select
    frame = critical_thresholds(
        model,
        steps=args.steps,
        space=space,
        workers=args.workers,
        outcome=outcome,
        branches_=not args.no_branches,
    )
    declared = describe_outcome(model, outcome)
    written = []
    if args.output:
        written.append(write_table(frame, args.output))
    if args.output or args.figure:
        # the tornado of the first player's payoff shows which parameters matter most
        fig = plot_tornado(tornado(model, space=space, workers=args.workers))
        written += write_figures(fig, args.output, args.figure, suffix="-tornado")
    if args.json:
        print(
            json.dumps(
                {
                    "model": model.id,
                    "outcome": declared,
                    "selection": None if outcome == "set" else outcome,
                    "thresholds": frame_json(frame),
                    "no_change": frame.attrs.get("no_change", []),
                    "notes": frame.attrs.get("notes", []),
                    "warnings": frame.attrs.get("warnings", []),
                    "underflow": frame.attrs.get("underflow"),
                    "files": [str(w) for w in written],
                }
            )
        )
        return 0
    print(f"Outcome: {declared}")
    if len(frame) == 0:
        print(f"No parameter changes it within its range ({len(space)} scanned).")
    else:
        kinds = frame["kind"].value_counts()
        counts = ", ".join(f"{n} {k}" for k, n in kinds.items())
        print(f"{len(frame)} thresholds ({counts}; closest to the base point first):")
        for kind, s in zip(frame["kind"], frame["statement"], strict=True):
            print(f"  [{kind}] {s}")
    for note in frame.attrs.get("notes", []):
        print(f"note: {note}")
    for warning in frame.attrs.get("warnings", []):
        print(f"warning: {warning}")
    unchanged = frame.attrs.get("no_change", [])
    if unchanged:
        print(f"No change within range: {', '.join(unchanged)}")
    if len(frame) and not args.output:
        print()
        cols = ["parameter", "threshold", "base", "margin", "kind"]
        if (frame["branch"] != "").any():
            cols.append("branch")
        print_frame(frame, columns=cols, max_rows=40)
    for w in written:
        print(f"wrote {w}")
    return 0
