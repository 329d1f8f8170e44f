"""``gametheory sensitivity``: global sensitivity analysis of a model.

Methods:

* ``montecarlo`` -- share of random draws with each equilibrium outcome (with
  95% Wilson intervals) and the mean of each ``--outcome``;
* ``sobol`` -- first-order and total Sobol indices (Saltelli design with base size
  ``--samples``: ``N * (k + 2)`` evaluations);
* ``morris`` -- Morris screening with ``--samples`` trajectories (``N * (k + 1)``);
* ``tornado`` -- each parameter at its low and high end (``--outcome``: one).

``--prim OUTCOME`` adds scenario discovery: the boxes of parameter space in which
an indicator outcome (``"USA=pacific_nato*"``) holds, stated in words.

Runs use every local core (``--workers``) or a Dask cluster (``--scheduler
tcp://host:8786``). With ``-o FILE`` each finished chunk of evaluations is saved in
``FILE``'s ``-chunks`` folder as it completes; running the same command again
resumes from there (the folder is kept, so nothing already computed is lost).
"""

from __future__ import annotations

import argparse

from ._types import positive_int
from .sweep import add_common

__all__ = ["HELP", "add_arguments", "run"]

HELP = "Global sensitivity analysis: Monte Carlo shares, Sobol or Morris indices, tornado, PRIM."

METHODS = ("sobol", "morris", "montecarlo", "tornado")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory sensitivity``."""
    add_common(parser, what="the indices table")
    parser.add_argument(
        "--method", "-m", choices=METHODS, default="sobol", help="analysis (default sobol)"
    )
    parser.add_argument(
        "--samples",
        "-n",
        type=positive_int,
        default=None,
        metavar="N",
        help="Monte Carlo draws, Sobol base size, or Morris trajectories (defaults 1000, 1024, 50)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="S",
        help="random seed (default 0); the same seed gives the same result "
        "whatever the number of workers",
    )
    parser.add_argument(
        "--outcome",
        action="append",
        default=None,
        metavar="SPEC",
        help="outcome to analyse: payoff:PLAYER, PLAYER=STRATEGY (wildcards "
        "allowed; in every equilibrium unless --select), PLAYER!=STRATEGY, "
        "outcome=LABEL, equilibrium=LABEL (is an equilibrium), unique, "
        "equilibria (their number) (repeatable; default: every payoff and "
        "the first mover's choices, and the number of equilibria where "
        "there are several)",
    )
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=None,
        metavar="NAME",
        help="only vary these parameters (default: all with a range)",
    )
    parser.add_argument(
        "--scheduler", metavar="ADDR", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786"
    )
    parser.add_argument(
        "--connect-timeout",
        type=float,
        default=5.0,
        metavar="SEC",
        help="seconds to wait for the scheduler (default 5)",
    )
    parser.add_argument(
        "--chunk-size",
        type=positive_int,
        default=None,
        metavar="N",
        help="evaluations per chunk (default 4096)",
    )
    parser.add_argument(
        "--prim",
        action="append",
        default=[],
        metavar="SPEC",
        help="scenario discovery for an indicator outcome (repeatable)",
    )
    parser.add_argument(
        "--table",
        metavar="FILE",
        help="also write every evaluated sample (parameter values, outcome, "
        "actions, payoffs) to FILE (.csv or .parquet)",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


_DEFAULT_N = {"montecarlo": 1000, "sobol": 1024, "morris": 50}


def run(args: argparse.Namespace) -> int:
    import json

    from .. import sensitivity as sa
    from ..sensitivity.outcomes import underflow_note, underflow_summary, undetermined_note
    from . import CLIError
    from ._analysis import (
        apply_ranges,
        frame_json,
        load_model_with_sets,
        output_stem,
        print_frame,
        write_figures,
        write_table,
    )

    if args.seed < 0:
        raise CLIError(f"--seed must be a nonnegative integer, got {args.seed}")
    if args.connect_timeout <= 0:
        raise CLIError(f"--connect-timeout must be positive, got {args.connect_timeout}")
    model = load_model_with_sets(args.model, args.set, args.range)
    space = apply_ranges(sa.ParameterSpace.from_model(model), args.range)
    if args.param:
        for name in args.param:
            if name not in space.names:
                sa.ParameterSpace.from_model(model, params=[name])  # one-line error
        space = space.select(args.param)
    players = tuple(model.player_ids)
    from ..sensitivity._common import model_strategies

    strategies = model_strategies(model)
    select = None if args.select is None else sa.declared.check_rule(args.select)
    outcomes = [
        sa.parse_outcome(o, players=players, strategies=strategies, select=args.select)
        for o in (args.outcome or [])
    ]
    prim_outcomes = [
        sa.parse_outcome(o, players=players, strategies=strategies, select=args.select)
        for o in args.prim
    ]
    declared = sa.describe_outcome(model, "set" if select is None else select)
    for o in prim_outcomes:
        if not o.is_indicator:
            raise CLIError(f"--prim {o.spec!r}: needs a yes/no outcome such as 'USA=hedge'")
    written = []

    if args.method == "tornado":
        if len(outcomes) > 1:
            raise CLIError("--method tornado takes one --outcome")
        frame = sa.tornado(
            model,
            outcome=outcomes[0] if outcomes else None,
            space=space,
            workers=args.workers,
            select=args.select,
        )
        if args.output:
            written.append(write_table(frame, args.output))
        if args.output or args.figure:
            written += write_figures(sa.plot_tornado(frame), args.output, args.figure)
        if args.json:
            print(
                json.dumps(
                    {
                        "model": model.id,
                        "method": "tornado",
                        "outcome": frame.attrs["outcome"],
                        "outcome_description": frame.attrs["outcome_description"],
                        "selection": args.select,
                        "rows": frame_json(frame),
                        "files": [str(w) for w in written],
                    }
                )
            )
        else:
            print(f"Outcome: {declared}")
            print(f"Tornado: {frame.attrs['outcome_description']}")
            print_frame(
                frame,
                columns=[
                    "parameter",
                    "low",
                    "high",
                    "value_low",
                    "value_base",
                    "value_high",
                    "swing",
                ],
            )
            for w in written:
                print(f"wrote {w}")
        return 0

    if args.scheduler is not None:
        try:  # before any sampling: say so at once when the extra is missing
            from ..sensitivity.executors import require_dask

            require_dask()  # the same line as from Python
        except sa.SensitivityError as exc:
            raise CLIError(f"--scheduler: {exc}") from None
    n = args.samples if args.samples is not None else _DEFAULT_N[args.method]
    store = None
    if args.output:
        stem = output_stem(args.output)
        store = stem.with_name(stem.name + "-chunks")
    if args.method == "montecarlo":
        design = sa.monte_carlo_samples(space, n, rng=args.seed)
    elif args.method == "sobol":
        design = sa.sobol_samples(space, n, rng=args.seed)
    else:
        design = sa.morris_samples(space, n, rng=args.seed)
    table = sa.evaluate_samples(
        sa.declared.declared(model, select),
        design,
        chunk_size=args.chunk_size,
        workers=args.workers,
        scheduler=args.scheduler,
        connect_timeout=args.connect_timeout,
        progress=not args.no_progress,
        store=store,
    )
    if len(table) and not table.ok.any():
        raise CLIError("no sample had an equilibrium outcome; nothing to analyse")
    outs = outcomes or sa.default_outcomes(model, table, select=args.select)
    skipped = undetermined_note(table)  # samples past a budget: named, never guessed
    lost = underflow_note(table)  # payoffs that fell below the float range: flagged
    warnings = [w for w in (skipped, lost) if w]
    shares = sa.outcome_shares(table, rows=sa.independent_rows(design), select=select)
    if args.method == "montecarlo":
        indices = sa.summarize_outcomes(table, outs)
        fig = sa.plot_shares(shares) if (args.output or args.figure) else None
    elif args.method == "sobol":
        indices = sa.analyze_sobol(design, table, outs, rng=design.seed)
        fig = sa.plot_indices(indices) if (args.output or args.figure) else None
    else:
        indices = sa.analyze_morris(design, table, outs, rng=design.seed)
        fig = sa.plot_indices(indices) if (args.output or args.figure) else None

    boxes = []
    for o in prim_outcomes:
        y = o.values(table.arrays)
        for b in sa.prim(table.values, y, table.names, outcome_name=o.describe()):
            boxes.append(
                {
                    "outcome": o.spec,
                    "statement": b.describe(),
                    "density": b.density,
                    "coverage": b.coverage,
                    "support": b.support,
                    "limits": {k: list(v) for k, v in b.limits.items()},
                }
            )

    if args.output:
        written.append(write_table(indices, args.output))
        stem = output_stem(args.output)
        suffix = ".parquet" if str(args.output).lower().endswith(".parquet") else ".csv"
        written.append(write_table(shares, stem.with_name(stem.name + "-shares" + suffix)))
    if fig is not None:
        written += write_figures(fig, args.output, args.figure)
    if args.table:
        written.append(write_table(table.to_frame(), args.table))
    if args.json:
        print(
            json.dumps(
                {
                    "model": model.id,
                    "method": args.method,
                    "seed": args.seed,
                    "outcome": declared,
                    "selection": args.select,
                    "outcomes": {o.spec: o.describe() for o in outs},
                    "samples": n,
                    "evaluations": len(table),
                    "parameters": list(space.names),
                    "indices": frame_json(indices),
                    "shares": frame_json(shares),
                    "prim": boxes,
                    "warnings": warnings,
                    "underflow": underflow_summary(table),
                    "files": [str(w) for w in written],
                }
            )
        )
        return 0
    print(
        f"{args.method}: {len(table):,} evaluations of {model.id} over {len(space)} "
        f"parameters (seed {args.seed})"
    )
    print(f"Outcome: {declared}")
    for line in warnings:
        print(f"warning: {line}")
    print("Outcomes analysed: " + "; ".join(f"{o.spec} = {o.describe()}" for o in outs))
    note = "" if args.method == "montecarlo" else " (independent rows of the design)"
    print(f"\nOutcome shares over {shares.attrs['n']:,} draws{note}, most common first:")
    print_frame(shares, max_rows=10)
    print()
    if args.method == "sobol":
        top = indices.sort_values("ST", ascending=False, kind="stable")
        print_frame(
            top, columns=["outcome", "parameter", "S1", "S1_conf", "ST", "ST_conf"], max_rows=30
        )
    elif args.method == "morris":
        top = indices.sort_values("mu_star", ascending=False, kind="stable")
        print_frame(
            top, columns=["outcome", "parameter", "mu_star", "mu_star_conf", "sigma"], max_rows=30
        )
    else:
        print_frame(indices, columns=["outcome", "mean", "ci_low", "ci_high"])
    for b in boxes:
        print(f"\nScenario ({b['outcome']}): {b['statement']}")
    for w in written:
        print(f"wrote {w}")
    return 0
