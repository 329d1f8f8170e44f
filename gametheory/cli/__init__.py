"""The ``gametheory`` command line: a thin layer over the public Python API.

Each subcommand lives in its own module of this package and exposes two
functions, ``add_arguments(parser)`` and ``run(args) -> int``, plus a one-line
``HELP`` string. The modules are listed in :data:`COMMANDS`, and their heavy dependencies are imported inside ``run`` so that
``gametheory solve`` of a small game starts fast.

Every error a user can cause ends as one line on stderr, ``gametheory: error: ...``,
and a non-zero exit status; no Python traceback is printed (set the environment
variable ``GAMETHEORY_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType

from ..errors import GameTheoryWarning

#: Python's own warning printer, for warnings that are not gametheory's
_python_showwarning = warnings.showwarning

__all__ = ["main", "COMMANDS", "build_parser", "CLIError"]

#: subcommand -> module (relative to this package), in the order shown in --help
COMMANDS: dict[str, str] = {
    "solve": ".solve",
    "validate": ".validate",
    "sweep": ".sweep",
    "thresholds": ".thresholds",
    "sensitivity": ".sensitivity",
    "calibrate": ".calibrate",
    "compare": ".compare",
    "report": ".report",
    "dynamics": ".dynamics",
    "classify": ".classify",
    "dominance": ".dominance",
    "draw": ".draw",
    "exercise": ".exercise",
    "explore": ".explore",
}

EXIT_USAGE = 2
EXIT_ERROR = 1


class CLIError(Exception):
    """An error with a message for the user; raised by subcommands, printed by :func:`main`."""

    def __init__(self, message: str, *, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line (no usage dump)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CLIError(f"{self.prog}: error: {message}", status=EXIT_USAGE)


def _load(name: str) -> ModuleType:
    """The module of subcommand ``name`` (imported on first use, to keep start-up fast)."""
    return importlib.import_module(COMMANDS[name], __name__)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (one sub-parser per available subcommand)."""
    from .. import __version__

    parser = _Parser(
        prog="gametheory",
        description="Game-theoretic decision analysis: solve games and models, "
        "analyse sensitivity, write reports.",
    )
    parser.add_argument("--version", action="version", version=f"gametheory {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = _load(name)
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(run_command=module.run)
    return parser


def _show_warning(
    message: Warning | str, category: type[Warning], *args: object, **kw: object
) -> None:
    """Print a warning as ``gametheory: warning: <one line>`` (other packages' warnings
    keep Python's format)."""
    if issubclass(category, GameTheoryWarning):
        print(f"gametheory: warning: {_one_line(str(message))}", file=sys.stderr)
    else:
        _python_showwarning(message, category, *args, **kw)  # type: ignore[arg-type]


#: The longest message printed whole; longer ones (a hostile 100,000-character value
#: quoted back) keep their start and end around a count of what was left out.
MAX_MESSAGE = 1000


def _one_line(text: object) -> str:
    """``text`` on one line, at most about :data:`MAX_MESSAGE` characters.

    Examples
    --------
    >>> _one_line("a  b   c")
    'a b c'
    >>> short = _one_line("unknown parameter '" + "x" * 100_000 + "'; parameters: p, q")
    >>> len(short), short[-24:]
    (929, "xxxxx'; parameters: p, q")
    >>> "[... 99,138 characters ...]" in short
    True
    """
    line = " ".join(str(text).split())
    if len(line) <= MAX_MESSAGE:
        return line
    head, tail = line[: MAX_MESSAGE * 7 // 10], line[-(MAX_MESSAGE * 2 // 10) :]
    return f"{head} [... {len(line) - len(head) - len(tail):,} characters ...] {tail}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (also used by the console script)."""
    debug = os.environ.get("GAMETHEORY_DEBUG") == "1"
    try:
        parser = build_parser()
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        if not getattr(args, "command", None):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        with warnings.catch_warnings():
            # the library's own warnings (a Model.game() whose payoffs underflowed): one
            # line each on stderr, the same text once, never Python's two-line format
            warnings.simplefilter("once", GameTheoryWarning)
            warnings.showwarning = _show_warning
            status = args.run_command(args)
        return int(status or 0)
    except CLIError as exc:
        msg = _one_line(str(exc))
        if not msg.startswith("gametheory"):
            msg = f"gametheory: error: {msg}"
        print(msg, file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("gametheory: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_ERROR
    except SystemExit as exc:  # argparse --help / --version
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the CLI promises no traceback
        if debug:
            raise
        from ..errors import GameTheoryError

        if isinstance(exc, GameTheoryError):
            print(f"gametheory: error: {_one_line(exc)}", file=sys.stderr)
            return EXIT_ERROR
        if isinstance(exc, OSError):
            where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
            print(f"gametheory: error: {_one_line(exc.strerror or exc)}{where}", file=sys.stderr)
            return EXIT_ERROR
        if isinstance(exc, MemoryError):
            print(
                "gametheory: error: out of memory (the game or sample is too large)",
                file=sys.stderr,
            )
            return EXIT_ERROR
        print(
            f"gametheory: internal error: {type(exc).__name__}: {_one_line(exc)} "
            "(please report it; GAMETHEORY_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
