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
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "plain_data",
    "count_noun",
    "format_number",
    "format_share",
    "format_interval",
    "format_cell",
    "format_regret",
    "format_property",
    "property_label",
    "possessive",
    "ucfirst",
    "join_words",
]

#: How equilibrium properties (see :mod:`gametheory.refinements`) are named for readers.
PROPERTY_LABELS = {
    "strict": "strict",
    "pareto_efficient": "Pareto efficient among those found",
    "pareto_dominated_by": "Pareto dominated by equilibrium",
    "payoff_dominant": "payoff dominant",
    "risk_dominant": "risk dominant",
    "ess": "evolutionarily stable",
    "replicator_stable": "stable under the replicator dynamics",
    "replicator_stable_symmetric": "stable under the one-population replicator dynamics",
    "replicator_max_real": "largest real part of the replicator Jacobian",
    "component": "connected component",
}


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


def property_label(key: str) -> str:
    """A reader's name for an equilibrium property key.

    Examples
    --------
    >>> property_label("ess"), property_label("some_flag")
    ('evolutionarily stable', 'some flag')
    """
    return PROPERTY_LABELS.get(key, key.replace("_", " "))


def format_property(v: Any) -> str:
    """An equilibrium property's value: yes/no, a number, ``#k`` for equilibrium numbers.

    Examples
    --------
    >>> format_property(True), format_property([2, 3]), format_property(None)
    ('yes', '#2, #3', 'not applicable')
    """
    if v is None:
        return "not applicable"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        return format_number(v)
    if isinstance(v, (list, tuple)):
        return ", ".join(f"#{x}" if isinstance(x, int) else format_property(x) for x in v) or "none"
    if isinstance(v, dict):
        return "; ".join(f"{k} {format_property(x)}" for k, x in v.items())
    return str(v)


def possessive(name: str) -> str:
    """``"China's"``, ``"United States'"``: the possessive of a name.

    Examples
    --------
    >>> possessive("China"), possessive("United States")
    ("China's", "United States'")
    """
    name = str(name)
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def ucfirst(text: str) -> str:
    """``text`` with its first character in upper case (the rest untouched)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def join_words(items: Sequence[str]) -> str:
    """``"a, b and c"``.

    Examples
    --------
    >>> join_words(["a"]), join_words(["a", "b", "c"])
    ('a', 'a, b and c')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plain_data(v: Any) -> Any:
    """An equilibrium property as JSON-ready data (numbers as float, sets as lists)."""
    if isinstance(v, (bool, str)) or v is None:
        return v
    if isinstance(v, (int, float)):
        return v
    if hasattr(v, "__float__"):
        return float(v)
    if isinstance(v, Mapping):
        return {str(k): plain_data(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)):
        return [plain_data(x) for x in v]
    return str(v)
