"""Three-player games with known equilibrium sets, shared by the N-player tests."""

from __future__ import annotations

import numpy as np

from gametheory import NormalFormGame


def mckelvey_mclennan() -> NormalFormGame:
    """2x2x2 game of McKelvey and McLennan (1996): 9 equilibria, 4 pure, 2 totally mixed."""
    P = np.zeros((2, 2, 2, 3))
    P[0, 0, 0] = 9, 8, 12
    P[1, 1, 0] = 9, 8, 2
    P[0, 1, 1] = 3, 4, 6
    P[1, 0, 1] = 3, 4, 4
    return NormalFormGame.from_payoff_array(P)


def jordan() -> NormalFormGame:
    """Jordan's 2x2x2 matching game: a single (totally mixed) equilibrium."""
    P = np.zeros((2, 2, 2, 3))
    for a, b, c in np.ndindex(2, 2, 2):
        P[a, b, c] = [a == b, b == c, c != a]
    return NormalFormGame.from_payoff_array(P)
