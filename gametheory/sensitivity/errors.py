"""The exception raised for bad sensitivity-analysis input."""

from __future__ import annotations

from ..errors import GameTheoryError

__all__ = ["SensitivityError"]


class SensitivityError(GameTheoryError, ValueError):
    """A parameter space, sample size, outcome or run setting is invalid.

    The message is one line naming the parameter, argument or file at fault.
    """
