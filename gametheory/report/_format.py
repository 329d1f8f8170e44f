"""Numbers and names formatted for people, shared by every report renderer.

Reports show numbers to three significant figures with thousands separators,
shares as percentages, and regrets in scientific notation; these helpers keep
the HTML, Markdown and LaTeX renderings consistent.

Examples
--------
>>> format_number(1234.5678), format_number(0.000012), format_number(2.0)
('1,235', '1.2e-05', '2')
>>> format_share(0.8734), format_interval((0.81, 0.93))
('87.3%', '81.0% to 93.0%')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

__all__ = [
    "count_noun",
    "format_number",
    "format_share",
    "format_interval",
    "format_cell",
    "format_regret",
]


def count_noun(n: int, singular: str, plural: str | None = None) -> str:
    """``"1 parameter"``, ``"2 parameters"``: a count with its noun in the right number.

    Examples
    --------
    >>> count_noun(1, "parameter"), count_noun(0, "parameter"), count_noun(2, "equilibrium", "equilibria")
    ('1 parameter', '0 parameters', '2 equilibria')
    """
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def format_number(x: Any, *, digits: int = 3) -> str:
    """A number to ``digits`` significant figures, with thousands separators.

    ``None`` and NaN become an en dash; integers are shown in full; booleans as yes/no.

    Examples
    --------
    >>> format_number(-0.0), format_number(None), format_number(12345), format_number(0.5)
    ('0', '–', '12,345', '0.5')
    """
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int):
        return f"{x:,}"
    try:
        f = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(f):
        return "–"
    if math.isinf(f):
        return "∞" if f > 0 else "−∞"
    if f == 0:
        return "0"
    if abs(f) < 1e-3 or abs(f) >= 1e9:
        return f"{f:.{digits}g}"
    if f.is_integer() and abs(f) < 1e9:
        return f"{int(f):,}"
    return f"{f:,.{digits}g}" if abs(f) < 10**digits else f"{round(f):,}"


def format_share(x: Any, *, decimals: int = 1) -> str:
    """A share in [0, 1] as a percentage.

    Examples
    --------
    >>> format_share(1.0), format_share(None)
    ('100.0%', '–')
    """
    if x is None:
        return "–"
    f = float(x)
    if math.isnan(f):
        return "–"
    return f"{100 * f:.{decimals}f}%"


def format_interval(ci: Sequence[Any] | None, *, share: bool = True) -> str:
    """A confidence interval as ``"low to high"`` (percentages by default)."""
    if ci is None or len(ci) != 2:
        return "–"
    fmt = format_share if share else format_number
    return f"{fmt(ci[0])} to {fmt(ci[1])}"


def format_regret(x: Any) -> str:
    """A regret: ``0`` when exactly zero, else two significant figures in scientific notation.

    Examples
    --------
    >>> format_regret(0.0), format_regret(3.2e-12)
    ('0', '3.2e-12')
    """
    if x is None:
        return "–"
    f = float(x)
    return "0" if f == 0 else f"{f:.1e}".replace("e-0", "e-")


def format_cell(x: Any) -> str:
    """Any table cell: numbers through :func:`format_number`, everything else as text."""
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return format_number(x)
    if hasattr(x, "__float__") and not isinstance(x, str):
        return format_number(float(x))
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    return str(x)
