"""``gametheory thresholds``: the parameter values at which the equilibrium changes.

For each parameter with a range (or those named with ``--param``), one at a time
with the others at the base point, the command brackets every change of the
equilibrium outcome on a grid and bisects it, then prints one line per threshold:
which players' actions change, at what value, and the margin from the base value
("JPN compete -> hedge when trade_dep.JPN exceeds 0.83; base 0.7"), closest calls
first. With ``-o`` the table is written as CSV (or Parquet).
"""

from __future__ import annotations

import argparse

from .sweep import add_common, positive_int

__all__ = ["HELP", "add_arguments", "run"]

HELP = "Find the parameter values at which the model's equilibrium outcome changes."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory thresholds``."""
    add_common(parser, what="the thresholds table")
    parser.add_argument("--param", "-p", action="append", default=None, metavar="NAME",
                        help="only scan these parameters (repeatable; default: all with a range)")
    parser.add_argument("--steps", type=positive_int, default=41, metavar="N",
                        help="grid points per range before bisection (default 41)")


def run(args: argparse.Namespace) -> int:
    import json

    from ..sensitivity import ParameterSpace, critical_thresholds, plot_tornado, tornado
    from ..sensitivity._cli import (
        apply_ranges,
        frame_json,
        load_model_with_sets,
        print_frame,
        write_figures,
        write_table,
    )
    from . import CLIError

    if args.steps < 2:
        raise CLIError(f"--steps must be at least 2, got {args.steps}")
    model = load_model_with_sets(args.model, args.set, args.range)
    space = apply_ranges(ParameterSpace.from_model(model), args.range)
    if args.param:
        for name in args.param:
            if name not in space.names:
                ParameterSpace.from_model(model, params=[name])  # one-line error
        space = space.select(args.param)
    frame = critical_thresholds(model, steps=args.steps, space=space, workers=args.workers)
    written = []
    if args.output:
        written.append(write_table(frame, args.output))
    if args.output or args.figure:
        # the tornado of the first player's payoff shows which parameters matter most
        fig = plot_tornado(tornado(model, space=space, workers=args.workers))
        written += write_figures(fig, args.output, args.figure, suffix="-tornado")
    if args.json:
        print(json.dumps({"model": model.id, "thresholds": frame_json(frame),
                          "no_change": frame.attrs.get("no_change", []),
                          "files": [str(w) for w in written]}))
        return 0
    if len(frame) == 0:
        print(f"No parameter changes the equilibrium outcome within its range "
              f"({len(space)} scanned).")
    else:
        print(f"{len(frame)} thresholds (closest to the base point first):")
        for s in frame["statement"]:
            print(f"  {s}")
    unchanged = frame.attrs.get("no_change", [])
    if unchanged:
        print(f"No change within range: {', '.join(unchanged)}")
    if len(frame) and not args.output:
        print()
        print_frame(frame, columns=["parameter", "threshold", "base", "margin", "changes"],
                    max_rows=40)
    for w in written:
        print(f"wrote {w}")
    return 0
