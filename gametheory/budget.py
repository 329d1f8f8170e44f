"""Cost estimates checked before anything large is built or solved.

Every command estimates what it is about to allocate or enumerate -- pure profiles
times players for a payoff table, vertices for enumeration, samples times
evaluation cost for an analysis -- and refuses past a budget with one line that
names the size, the limit and what to do instead. The limits are module constants
(documented here and in the README) and most can be raised per call.

Examples
--------
>>> check_budget("a payoff table", 10**20, MAX_TABLE_CELLS,
...              advice="fix some players' strategies or use a smaller model")
Traceback (most recent call last):
...
gametheory.budget.BudgetError: a payoff table needs about 10^20 cells, more than the limit of 20,000,000; fix some players' strategies or use a smaller model
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .errors import GameTheoryError

__all__ = [
    "BudgetError",
    "check_budget",
    "table_cells",
    "polytope_vertex_bound",
    "MAX_TABLE_CELLS",
    "MAX_FLOAT_VERTICES",
    "MAX_EXACT_VERTICES",
    "MAX_ANALYSIS_EVALUATIONS",
]

#: Largest payoff table (pure profiles x players) built from a model: 20 million
#: cells, about 160 MB of floats plus the same again while formulas are evaluated.
MAX_TABLE_CELLS = 20_000_000
#: Largest bound on best-response polytope vertices for float enumeration (an 18x18
#: game; random games of that size take seconds and a few hundred MB).
MAX_FLOAT_VERTICES = 13_000_000
#: The same for exact (rational) enumeration: a 12x12 game.
MAX_EXACT_VERTICES = 60_000
#: Largest number of payoff-table evaluations (samples x pure profiles x players)
#: an analysis runs without being asked for more.
MAX_ANALYSIS_EVALUATIONS = 2_000_000_000


class BudgetError(GameTheoryError, ValueError):
    """A computation would exceed its size budget; the message names size, limit and remedy."""


def check_budget(what: str, size: int, limit: int, *, advice: str, unit: str = "cells") -> None:
    """Raise :class:`BudgetError` if ``size`` exceeds ``limit``."""
    if size > limit:
        raise BudgetError(
            f"{what} needs {_count(size)} {unit}, more than the limit of {limit:,}; {advice}"
        )


def _count(size: int) -> str:
    """``12,345``, or ``about 10^42`` for numbers too long to read."""
    return f"{size:,}" if size < 10**15 else f"about 10^{len(str(int(size))) - 1}"


def table_cells(shape: Sequence[int]) -> int:
    """Pure profiles times players of a game with ``shape`` strategies per player (exact)."""
    return math.prod(int(n) for n in shape) * len(shape)


def polytope_vertex_bound(m: int, n: int) -> int:
    """An upper bound on the vertices of the two best-response polytopes of an m x n game.

    McMullen's upper bound theorem: a ``d``-polytope with ``k`` facets has at most
    ``C(k - ceil(d/2), floor(d/2)) + C(k - floor(d/2) - 1, ceil(d/2) - 1)`` vertices;
    the row player's polytope has ``d = m`` and ``k = m + n`` facets, the column
    player's ``d = n``. Random games have far fewer, so the bound is conservative.

    Examples
    --------
    >>> polytope_vertex_bound(2, 2), polytope_vertex_bound(12, 12)
    (8, 49504)
    """

    def ubt(d: int, k: int) -> int:
        if d <= 0 or k <= d:
            return 1
        return math.comb(k - (d + 1) // 2, d // 2) + math.comb(k - d // 2 - 1, (d + 1) // 2 - 1)

    return ubt(m, m + n) + ubt(n, m + n)
