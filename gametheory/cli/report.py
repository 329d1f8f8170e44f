"""``gametheory report``: write an equilibrium report for a model.

Builds the report with :func:`gametheory.report.build_report` (solve, sensitivity
analyses) and saves it with :meth:`~gametheory.report.Report.save`: by default
``report-<model id>/`` in the current directory, holding ``report.html`` (one
self-contained page), ``report.md`` with ``figures/*.png``, ``report.tex``
(LaTeX tables) and ``results.json``. Progress of the long steps goes to stderr;
files are replaced only once the whole report has been rendered.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from . import CLIError
from ._types import positive_int, seed

__all__ = ["HELP", "add_arguments", "run", "parse_set"]

HELP = (
    "Write an equilibrium report for a model (.toml): report.html (one self-contained "
    "page), report.md with figures/, report.tex (LaTeX tables) and results.json."
)


#: the default of ``--samples``, :data:`gametheory.report.DEFAULT_SAMPLES` (written out:
#: importing the report package here loaded it for every command, 40 ms of each start-up;
#: ``tests/test_cli_report.py`` checks that the two agree)
SAMPLES_DEFAULT = 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory report``."""
    parser.add_argument("path", metavar="MODEL", help="a model file (.toml)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        default=None,
        help="directory to write the report into (default: report-<model id>)",
    )
    parser.add_argument(
        "--format",
        default="html,md,tex,json",
        metavar="LIST",
        help="comma-separated formats among html, md, tex, json (default: all)",
    )
    parser.add_argument(
        "--samples",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"Monte Carlo draws over the parameter ranges (default {SAMPLES_DEFAULT}; "
        "the Sobol base size is a quarter of it)",
    )
    parser.add_argument(
        "--seed", type=seed, default=0, metavar="S", help="seed of every random draw (default 0)"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change a parameter before solving (repeatable), e.g. --set trade_dep.KOR=0.8",
    )
    parser.add_argument(
        "--select",
        metavar="RULE",
        default=None,
        help="follow the equilibrium this rule selects (payoff-dominant, first, "
        "risk-dominant) instead of the set of pure equilibria (the default)",
    )
    parser.add_argument(
        "--outcome",
        metavar="SPEC",
        default=None,
        help="outcome of the tornado and the Sobol indices, e.g. payoff:USA, "
        "CHN=tariff, unique, equilibria (default: the first player's payoff "
        "and 'the base outcome holds')",
    )
    parser.add_argument(
        "--no-sensitivity",
        action="store_true",
        help="skip the sensitivity analyses (fast; the report says they were skipped)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress messages")


def parse_set(model, specs: list[str]) -> dict[str, float]:  # noqa: ANN001
    """Turn ``["NAME=VALUE", ...]`` into ``{name: value}``, checking names and numbers.

    Examples
    --------
    >>> class M:
    ...     parameters = {"cost": None}
    >>> parse_set(M(), ["cost=0.5"])
    {'cost': 0.5}
    """
    from ._params import parse_sets

    return parse_sets(model, specs)


def run(args: argparse.Namespace) -> int:
    """Build and save the report; print where it went."""
    from ..report import build_report
    from ..report.build import DEFAULT_SAMPLES, default_command
    from ..report.document import parse_formats

    samples = DEFAULT_SAMPLES if args.samples is None else args.samples

    try:
        formats = parse_formats(args.format)
    except ValueError as exc:
        raise CLIError(f"--format: {exc}") from None
    if not str(args.path).endswith(".toml"):
        raise CLIError(f"{args.path}: a report needs a model file (.toml)")
    from ..models import load_model

    model = load_model(args.path)
    changes = parse_set(model, args.set)
    if changes:
        model = model.with_params(**changes)
    output = args.output or f"report-{model.id}"
    from pathlib import Path

    if Path(output).exists() and not Path(output).is_dir():
        raise CLIError(f"-o {output}: exists and is not a directory")
    command = default_command(
        model, samples=samples, seed=args.seed, changes=changes, output=output, formats=formats
    )
    if args.no_sensitivity:
        command += " --no-sensitivity"
    if args.select:
        command += f" --select {shlex.quote(args.select)}"
    if args.outcome:
        command += f" --outcome {shlex.quote(args.outcome)}"
    command = command.replace(
        shlex.quote(str(getattr(model, "path", ""))), shlex.quote(args.path), 1
    )

    def say(message: str) -> None:
        if not args.quiet:
            print(f"gametheory report: {message}", file=sys.stderr, flush=True)

    report = build_report(
        model,
        samples=samples,
        seed=args.seed,
        formats=formats,
        progress=say,
        sensitivity=not args.no_sensitivity,
        command=command,
        select=args.select,
        outcome=args.outcome,
    )
    paths = report.save(output, formats)
    for fmt, path in paths.items():
        print(f"{fmt}: {path}")
    return 0
