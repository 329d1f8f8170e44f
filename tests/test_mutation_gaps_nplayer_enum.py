"""Gap tests for gametheory/solvers/nplayer_enum.py found by mutation testing.

Each test states a fact about the solver: a known game's equilibrium set, a brute-force
oracle, the regret of a returned profile computed here from the payoff array, an exact
error message, or a limit at its boundary.
"""

from __future__ import annotations

from gametheory.solvers.nplayer_enum import (
    count_support_profiles,
)


def test_count_support_profiles_is_the_product_of_non_empty_subsets():
    assert count_support_profiles((2, 2, 2)) == 27
    assert count_support_profiles((3, 2, 1)) == 7 * 3 * 1
