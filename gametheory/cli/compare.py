"""``gametheory compare MODEL --scenario A --scenario B``: who changes what, and why.

See :mod:`gametheory.models.compare`; ``base`` names the model file's own values.
"""

from __future__ import annotations

import argparse
import json

from . import CLIError

__all__ = ["HELP", "add_arguments", "run"]

HELP = (
    "Compare two scenarios of a model: who changes its move, and which parameters account for it."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory compare``."""
    parser.add_argument("model", metavar="MODEL", help="a sequential model file (.toml)")
    parser.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="NAME",
        help="twice: scenario A then B ([scenarios.NAME] or 'base')",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    """Run ``gametheory compare``; returns the exit status."""
    from ..errors import GameTheoryError
    from ..models import load_model
    from ..models.compare import compare_scenarios

    if len(args.scenario) != 2:
        raise CLIError(f"compare: give exactly two --scenario options, got {len(args.scenario)}")
    try:
        model = load_model(args.model)
        cmp = compare_scenarios(model, args.scenario[0], args.scenario[1])
    except (GameTheoryError, OSError) as exc:
        raise CLIError(" ".join(str(exc).split())) from None
    print(json.dumps(cmp.to_dict(), indent=2) if args.json else cmp.describe())
    return 0
