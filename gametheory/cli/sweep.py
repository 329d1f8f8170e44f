"""``gametheory sweep``: the equilibrium outcome as one or two parameters vary.

One ``--param``: a table of the set of pure equilibria at each of ``--steps``
points across the parameter's range (with ``--select RULE``, also the rule's pick
with each player's action and payoff) and a line figure of the payoffs with
outcome changes marked. Two ``--param``: the grid over both, and a region map
figure (regions coloured by the set of equilibria, hatched where several coexist,
base point starred).

The argument helpers here are shared by ``thresholds`` and ``sensitivity``; the
heavy imports happen inside :func:`run`.
"""

from __future__ import annotations

import argparse

from ._types import positive_int

__all__ = ["HELP", "add_arguments", "run", "add_common"]

HELP = "Sweep one or two model parameters across their ranges and record the equilibrium."


def add_common(parser: argparse.ArgumentParser, *, what: str) -> None:
    """MODEL, --set, --range, -o, --figure, --json, --workers."""
    parser.add_argument("model", metavar="MODEL", help="a model file (.toml)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="move the base point: set a parameter's value (repeatable)",
    )
    parser.add_argument(
        "--range",
        action="append",
        default=[],
        metavar="NAME=LOW:HIGH",
        help="use this range for a parameter instead of the model's (repeatable)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=f"write {what} to FILE (.csv, or .parquet if pyarrow is "
        "installed); figures are written next to it as .png and .svg",
    )
    parser.add_argument(
        "--figure",
        action="append",
        default=[],
        metavar="FILE",
        help="also write the figure to FILE (.png, .svg or .pdf; repeatable)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print JSON (one object) instead of a table"
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=None,
        metavar="N",
        help="local worker processes (default: all cores for large runs)",
    )
    parser.add_argument(
        "--select",
        metavar="RULE",
        default=None,
        help="follow the equilibrium this rule selects (payoff-dominant, "
        "risk-dominant, first) besides the set of equilibria (the default)",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory sweep``."""
    add_common(parser, what="the table")
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        required=True,
        metavar="NAME",
        help="parameter to vary (give twice for a two-parameter grid and region map)",
    )
    parser.add_argument(
        "--steps",
        type=positive_int,
        default=21,
        metavar="N",
        help="points across each range (default 21)",
    )


def run(args: argparse.Namespace) -> int:
    import json

    from ..sensitivity import ParameterSpace, plot_sweep, region_map, sweep
    from . import CLIError
    from ._analysis import (
        apply_ranges,
        frame_json,
        load_model_with_sets,
        print_frame,
        write_figures,
        write_table,
    )

    if len(args.param) > 2:
        raise CLIError(f"--param given {len(args.param)} times; a sweep takes one or two")
    if args.steps < 2:
        raise CLIError(f"--steps must be at least 2, got {args.steps}")
    model = load_model_with_sets(args.model, args.set, args.range)
    space = apply_ranges(ParameterSpace.from_model(model), args.range)
    run_opts = {"workers": args.workers, "select": args.select}
    if len(args.param) == 1:
        p = args.param[0]
        space = _ensure(space, model, p)
        frame = sweep(model, p, steps=args.steps, space=space, **run_opts)
        fig = plot_sweep(frame, p) if (args.output or args.figure) else None
    else:
        p, q = args.param
        space = _ensure(_ensure(space, model, p), model, q)
        rm = region_map(model, p, q, steps=args.steps, space=space, **run_opts)
        frame = rm.to_frame()
        fig = rm.plot() if (args.output or args.figure) else None
    written = []
    if args.output:
        written.append(write_table(frame, args.output))
    if fig is not None:
        written += write_figures(fig, args.output, args.figure)
    from ..sensitivity import describe_outcome

    declared = describe_outcome(model, "set" if args.select is None else args.select)
    if args.json:
        print(
            json.dumps(
                {
                    "model": model.id,
                    "parameters": list(args.param),
                    "outcome": declared,
                    "selection": args.select,
                    "rows": frame_json(frame),
                    "warnings": frame.attrs.get("warnings", []),
                    "underflow": frame.attrs.get("underflow"),
                    "files": [str(w) for w in written],
                }
            )
        )
    else:
        print(f"Outcome: {declared}")
        cols = [*args.param, "equilibrium set", "equilibria", "all equilibria", "mixed equilibria"]
        if args.select is not None or getattr(model, "form", "") == "sequential":
            cols.insert(len(args.param), "outcome")
        if getattr(model, "form", "") == "sequential":
            cols.remove("equilibrium set")
        print_frame(frame, columns=cols)
        for note in frame.attrs.get("warnings", []):
            print(f"warning: {note}")
        for w in written:
            print(f"wrote {w}")
    return 0


def _ensure(space, model, name):  # noqa: ANN001, ANN202
    """Make sure ``name`` varies (a parameter fixed in the file raises a clear error)."""
    if name in space.names:
        return space
    from ..sensitivity import ParameterSpace

    ParameterSpace.from_model(model, params=[name])  # unknown / empty range -> one-line error
    return space
