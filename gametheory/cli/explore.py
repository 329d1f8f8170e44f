"""``gametheory explore MODEL``: the explorer as a local web app on 127.0.0.1.

Serves :mod:`gametheory.explorer.web` (sliders for the model's parameters, the
equilibria re-solved as they move, the payoff table or outcome chart, the nearest
thresholds and the ``--set`` flags of the current point) and opens it in the browser.
``--set``/``--range`` choose the base point, as for ``solve``.
"""

from __future__ import annotations

import argparse
import sys

from . import CLIError

__all__ = ["HELP", "add_arguments", "run"]

HELP = "explore a model in the browser: sliders for its parameters, the equilibria live"


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is between 0 and 65535, got {value}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory explore``."""
    parser.add_argument("model", metavar="MODEL", help="a model file (.toml)")
    parser.add_argument(
        "--port",
        type=_port,
        default=8765,
        metavar="N",
        help="port on 127.0.0.1 (default 8765; 0 picks a free one)",
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="do not open a browser (print the address only)"
    )
    parser.add_argument(
        "--select",
        metavar="RULE",
        default=None,
        help="mark the equilibrium this selection rule picks (payoff-dominant, "
        "risk-dominant, logit, first); default: show the whole set",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="start from this parameter value (repeatable)",
    )
    parser.add_argument(
        "--range",
        action="append",
        default=[],
        metavar="NAME=LOW:HIGH",
        help="use this range for a parameter's slider (repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..explorer.web import serve
    from ..models import load_model
    from ._params import apply_sets

    path = Path(args.model)
    if path.suffix.lower() != ".toml":
        raise CLIError(f"{args.model}: explore needs a model file (.toml)")
    model = apply_sets(load_model(path), args.set, args.range)

    def ready(url: str) -> None:
        sys.stdout.write(f"gametheory explore: serving {model.id} at {url} (Ctrl-C to stop)\n")
        sys.stdout.flush()

    try:
        serve(
            model,
            port=args.port,
            open_browser=not args.no_browser,
            on_ready=ready,
            select=args.select,
        )
    except OSError as exc:
        raise CLIError(
            f"--port {args.port}: cannot listen on 127.0.0.1 ({exc.strerror}); "
            "try another port or --port 0"
        ) from None
    return 0
