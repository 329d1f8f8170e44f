"""How many pure equilibria the command line lists, and the flags its warnings name.

Shared by ``gametheory solve`` on ``.nfg`` games (:mod:`gametheory.cli.solve`) and on
models (:mod:`gametheory.cli.solve_model`).
"""

from __future__ import annotations

import dataclasses

from . import CLIError

__all__ = ["MAX_LISTED_NUMBERS", "cli_wording", "max_equilibria_option"]

#: Most probabilities (equilibria x strategies) ``solve --method pure`` lists by
#: default: an all-zero 400 x 400 game has 160,000 pure equilibria, whose listing
#: would take minutes and gigabytes; past it the list is cut with a warning naming
#: ``--max-equilibria``.
MAX_LISTED_NUMBERS = 200_000

#: Library option names in warnings, and the flags a command-line user types instead.
_FLAGS = {"max_equilibria": "--max-equilibria"}


def max_equilibria_option(shape: tuple[int, ...], method: str, given: int | None) -> dict[str, int]:
    """``{"max_equilibria": N}`` for method pure: ``--max-equilibria``, or by default as
    many as fit in :data:`MAX_LISTED_NUMBERS` listed probabilities of a game with
    ``shape`` strategies; ``{}`` otherwise."""
    if method != "pure":
        if given is not None:
            raise CLIError(f"--max-equilibria applies to --method pure, not {method!r}")
        return {}
    if given is not None:
        return {"max_equilibria": given}
    return {"max_equilibria": max(1, min(100_000, MAX_LISTED_NUMBERS // max(1, sum(shape))))}


def cli_wording(result):  # noqa: ANN001, ANN201
    """``result`` with the library's option names in its warnings replaced by the
    command-line flags (``max_equilibria`` -> ``--max-equilibria``)."""
    warnings = tuple(result.warnings)
    for option, flag in _FLAGS.items():
        warnings = tuple(w.replace(f"raise {option} ", f"raise {flag} ") for w in warnings)
    if warnings == tuple(result.warnings):
        return result
    return dataclasses.replace(result, warnings=warnings)
