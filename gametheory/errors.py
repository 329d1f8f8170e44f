"""Exceptions raised by gametheory.

Every error a user can cause is one of these. They subclass built-in exceptions
so that ``except ValueError`` keeps working, and their messages are written to be
shown to a person as a single line: what was expected, what was found, and where
(file, line, field or argument).
"""

from __future__ import annotations

__all__ = [
    "GameTheoryError",
    "InvalidGameError",
    "GameFileError",
    "ModelError",
    "SolverError",
    "MethodNotApplicableError",
    "GameTheoryWarning",
    "UnderflowWarning",
]


class GameTheoryError(Exception):
    """Base class of every error raised on purpose by gametheory."""


class InvalidGameError(GameTheoryError, ValueError):
    """A game could not be built: wrong shapes, non-finite payoffs, bad labels."""


class GameFileError(InvalidGameError):
    """A game file (for example Gambit ``.nfg``) could not be read.

    The message names the file and, where known, the line.
    """


class ModelError(GameTheoryError, ValueError):
    """A model file or a parameter change is invalid; the message names file and field."""


class SolverError(GameTheoryError, RuntimeError):
    """A solver failed or did not converge within its limits."""


class MethodNotApplicableError(GameTheoryError, ValueError):
    """A solver was asked to solve a game it does not apply to (the message says which does)."""


class GameTheoryWarning(UserWarning):
    """Base class of every warning issued by gametheory (``warnings.warn``).

    Results carry their warnings as data (``result.warnings``); a warning is issued
    this way only where no result carries it, as by ``Model.game()``.
    """


class UnderflowWarning(GameTheoryWarning, RuntimeWarning):
    """A payoff formula's float value fell below the floating-point range (about
    2.2e-308) and became 0 or imprecise: equilibria may be missed or wrong."""
