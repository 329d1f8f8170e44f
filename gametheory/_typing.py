"""Type aliases shared by the typed core (solvers, game, stage kernel).

Only for annotations: nothing here exists at run time beyond the aliases.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

__all__ = ["BoolArray", "FloatArray", "IntArray", "ProbabilityVector", "Profile"]

#: An array of float64 values (payoffs, probabilities, parameter samples).
FloatArray: TypeAlias = NDArray[np.float64]
#: An array of integer indices.
IntArray: TypeAlias = NDArray[np.intp]
#: A boolean mask.
BoolArray: TypeAlias = NDArray[np.bool_]
#: One player's mixed strategy: floats in an array, or rationals/numbers in a sequence.
ProbabilityVector: TypeAlias = "NDArray[Any] | Sequence[Fraction] | Sequence[float]"
#: A mixed profile: one probability vector per player, in player order.
Profile: TypeAlias = Sequence[ProbabilityVector]
