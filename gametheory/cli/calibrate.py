"""``gametheory calibrate MODEL``: the plausible parameter space against the report's facts.

Draws every ranged parameter over its range (scrambled Sobol or Latin hypercube),
solves the model at each draw, checks the facts file (``X.facts.toml`` beside the
model, or ``--facts``) and prints the consistent share with its confidence interval,
the conclusions over the consistent region, marginal ranges, PRIM boxes and
conflicting facts (see :mod:`gametheory.sensitivity.calibration`). ``--json`` prints
the documented contract instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import CLIError

__all__ = ["HELP", "add_arguments", "run"]

HELP = "Calibrate a model against its facts: the share of the plausible space consistent with them."


def _positive(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return v


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory calibrate``."""
    parser.add_argument("model", metavar="MODEL", help="a sequential model file (.toml)")
    parser.add_argument(
        "--facts", metavar="FILE", help="facts file (default: MODEL's X.facts.toml beside it)"
    )
    parser.add_argument(
        "--samples",
        "-n",
        type=_positive,
        default=4096,
        metavar="N",
        help="draws of the plausible space (default 4096)",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    parser.add_argument(
        "--method",
        choices=("sobol", "lhs"),
        default="sobol",
        help="design: scrambled Sobol sequence or Latin hypercube",
    )
    parser.add_argument(
        "--workers",
        type=_positive,
        default=None,
        metavar="W",
        help="local worker processes (default: every core)",
    )
    parser.add_argument(
        "--scheduler", metavar="ADDR", help="run on a Dask cluster (tcp://host:8786)"
    )
    parser.add_argument("--connect-timeout", type=float, default=5.0, metavar="SEC")
    parser.add_argument(
        "--out",
        metavar="DIR",
        help="folder for finished chunks: an interrupted run resumes from it",
    )
    parser.add_argument(
        "--propose-base",
        metavar="FILE",
        help="write the calibrated point as a [scenarios.calibrated] table to FILE "
        "(re-checked against every fact)",
    )
    parser.add_argument(
        "--point-rule",
        choices=("median", "nearest-base"),
        default="median",
        help="rule for --propose-base: the consistent draw nearest the consistent "
        "draws' median (default) or nearest the base values",
    )
    parser.add_argument("--json", action="store_true", help="print the JSON contract")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def run(args: argparse.Namespace) -> int:
    """Run ``gametheory calibrate``; returns the exit status."""
    from ..errors import GameTheoryError
    from ..models import load_model
    from ..models.facts import facts_path, load_facts
    from ..sensitivity.calibration import POINT_RULE, calibrate
    from ..sensitivity.errors import SensitivityError

    try:
        model = load_model(args.model)
        ff = Path(args.facts) if args.facts else facts_path(args.model)
        if not ff.is_file():
            raise CLIError(f"{ff}: no facts file (give one with --facts)")
        facts = load_facts(ff, model)
        res = calibrate(
            model,
            facts,
            samples=args.samples,
            method=args.method,
            rng=args.seed,
            workers=args.workers,
            scheduler=args.scheduler,
            connect_timeout=args.connect_timeout,
            progress=not args.no_progress and sys.stderr.isatty(),
            store=args.out,
        )
        proposed = None
        if args.propose_base:
            from ..io.atomic import atomic_write_bytes
            from ..sensitivity.base_point import propose_base

            proposed = propose_base(res, model, rule=args.point_rule)
            command = (
                f"gametheory calibrate {args.model} --samples {args.samples} --seed "
                f"{args.seed} --method {args.method} --point-rule {args.point_rule} "
                f"--propose-base FILE"
            )
            atomic_write_bytes(
                Path(args.propose_base), proposed.to_toml(command=command).encode("utf-8")
            )
    except (GameTheoryError, SensitivityError, OSError) as exc:
        raise CLIError(" ".join(str(exc).split())) from None
    if args.json:
        data = res.to_json()
        if proposed is not None:
            data["proposed_base"] = {
                "file": args.propose_base,
                "rule": proposed.rule,
                "statement": proposed.statement,
                "draw": proposed.draw,
                "distance_to_base": proposed.distance_to_base,
                "facts_hold": proposed.holds,
                "values": proposed.values,
            }
        print(json.dumps(data, indent=2, default=float))
        return 0
    lo, hi = res.consistent_ci
    print(
        f"{model.id}: {res.n_samples:,} draws ({args.method}, seed {args.seed}) of "
        f"{len(res.names)} ranged parameters, {len(facts)} facts"
    )
    print(
        f"consistent with every fact: {res.n_consistent:,} draws = "
        f"{res.consistent_share:.2%} (95% CI {lo:.2%} - {hi:.2%})"
    )
    for line in res.warnings:
        print(f"warning: {line}")
    print("facts (holds at base; share of draws where it holds):")
    for f, h, s in zip(facts, res.holds_at_base, res.fact_shares().values(), strict=True):
        print(f"  {'yes' if h else 'NO ':3s} {s:6.1%}  {f.id}: {f.statement}")
    pf = res.partial_fits()
    best = max((k for k, v in pf.items() if v), default=0)
    print(f"best partial fit: {best} of {len(facts)} facts ({pf.get(best, 0):,} draws)")
    conflicts = res.conflicts()
    if conflicts:
        print("conflicts:")
        for c in conflicts:
            print(f"  {' + '.join(c['facts'])}: {c['kind']}")
    if res.n_consistent:
        rule = (
            f", the model's {res.selection!r} rule where a stage has several"
            if res.selection
            else ""
        )
        print(f"conclusions over the consistent region (the subgame-perfect path{rule}):")
        for p, shares in res.conclusions("path").items():
            if p in ("USA", "TPP", "CHN") or len(shares) > 1:
                txt = ", ".join(
                    f"{s} {v:.0%}" for s, v in sorted(shares.items(), key=lambda x: -x[1])
                )
                print(f"  {p}: {txt}")
        if res.boxes:
            print("PRIM boxes of the consistent region:")
            for b in res.boxes:
                print(f"  {b.describe()}")
        print(f"calibrated point ({POINT_RULE}): use --json to read it")
    if proposed is not None:
        print(
            f"proposed base ({proposed.statement}): draw {proposed.draw}, "
            f"{len(proposed.changed)} parameters moved, distance to base "
            f"{proposed.distance_to_base:.3f}; every fact holds there: written to "
            f"{args.propose_base}"
        )
    return 0
