"""How a report shows the sensitivity analyses: titles, table sizes and row helpers.

The constants say how much of each analysis a document shows (everything goes to
``results.json``); the helpers turn rows of :mod:`gametheory.sensitivity`'s
DataFrames into :class:`~gametheory.report.sections.Table` and
:class:`~gametheory.report.sections.Threshold` values, and say an outcome label as
its difference from the base outcome (:func:`label_change`).
"""

from __future__ import annotations

from typing import Any

from .sections import Table, Threshold

__all__ = [
    "sobol_base_size",
    "label_change",
    "direction_words",
    "exact_pattern",
    "frame_records",
    "share_table",
    "threshold_of",
    "PART_TITLES",
    "PROGRESS_BAR_EVALUATIONS",
    "MAX_THRESHOLD_ROWS",
    "TOP_PARAMETERS",
    "MAX_SOBOL_PARAMETERS",
    "REGION_STEPS",
]

PART_TITLES = {
    "thresholds": (
        "Critical thresholds",
        "For each parameter, the values within its plausible "
        "range at which the equilibrium outcome changes, and how far the base value is "
        "from them.",
    ),
    "tornado": (
        "Tornado chart",
        "How much the outcome moves when each parameter goes from the "
        "low to the high end of its range, the others held at their base values.",
    ),
    "region_map": (
        "Equilibrium regions",
        "The equilibrium outcome over the two most influential "
        "parameters, the others held at their base values.",
    ),
    "monte_carlo": (
        "Monte Carlo shares",
        "Parameters drawn independently and uniformly from "
        "their ranges; the share of draws in which each outcome is the equilibrium, "
        "with 95% confidence intervals.",
    ),
    "sobol": (
        "Sobol indices",
        "The share of the outcome's variance due to each parameter alone "
        "(first order, S1) and with its interactions (total, ST), estimated with SALib.",
    ),
}


#: Rows of the thresholds table shown in documents (all of them go to results.json).
MAX_THRESHOLD_ROWS = 20
#: Parameters shown in the tornado chart and the Sobol table.
TOP_PARAMETERS = 15
#: Most parameters in the Sobol analysis (those that flip the outcome one at a time first).
MAX_SOBOL_PARAMETERS = 40
#: Grid points per axis of the region map.
REGION_STEPS = 31


def sobol_base_size(samples: int) -> int:
    """Saltelli base size N for a report with ``samples`` Monte Carlo draws.

    A power of two, about a quarter of ``samples`` and at least 8: a Sobol analysis
    costs ``N * (k + 2)`` model evaluations for ``k`` parameters.

    Examples
    --------
    >>> sobol_base_size(512), sobol_base_size(10), sobol_base_size(4096)
    (128, 8, 1024)
    """
    n = max(8, samples // 4)
    return 1 << (n.bit_length() - 1)


def exact_pattern(label: str) -> str:
    """An fnmatch pattern matching exactly ``label``."""
    return "".join(f"[{c}]" if c in "[]*?" else c for c in label)


def frame_records(frame: Any) -> list[dict[str, Any]]:
    import math

    out = []
    for row in frame.to_dict(orient="records"):
        clean = {}
        for k, v in row.items():
            if hasattr(v, "item"):
                v = v.item()
            if isinstance(v, float) and not math.isfinite(v):
                v = None
            clean[str(k)] = v
        out.append(clean)
    return out


_DIRECTION = {"above": "rises above", "below": "falls below"}
#: Evaluations from which a step shows a progress bar (with ``progress=True``).
PROGRESS_BAR_EVALUATIONS = 20_000


def direction_words(r: dict[str, Any]) -> str | None:
    """``"rises above"`` or ``"falls below"`` for a thresholds row."""
    d = r.get("direction")
    return None if d is None else _DIRECTION.get(str(d), str(d))


def threshold_of(r: dict[str, Any], *, player: str | None = None) -> Threshold:
    """A row of :func:`~gametheory.sensitivity.critical_thresholds` as report data."""
    margin = r.get("relative_margin")
    return Threshold(
        parameter=r["parameter"],
        base=r["base"],
        threshold=r["threshold"],
        direction=direction_words(r),
        relative_margin=abs(margin) if margin is not None else None,
        change=r.get("changes") or "",
        player=player,
    )


def share_table(
    column: str, key: Any, rows: list[dict[str, Any]], base: str | None, *, title: str | None = None
) -> Table:
    """Monte Carlo shares as a table; ★ marks the base outcome's row."""
    return Table(
        columns=(column, "Draws", "Share", "95% CI low", "95% CI high"),
        rows=tuple(
            (
                ("★ " if r[key] == base else "") + str(r[key]),
                r["count"],
                f"{100 * r['share']:.1f}%",
                f"{100 * r['ci_low']:.1f}%",
                f"{100 * r['ci_high']:.1f}%",
            )
            for r in rows
        ),
        title=title,
    )


def _actions(label: str) -> dict[str, str]:
    out = {}
    for part in str(label).split(" / "):
        player, _, action = part.partition(" ")
        out[player] = action
    return out


def label_change(label: str, base: str | None) -> str:
    """An outcome label said as its difference from the base outcome.

    Examples
    --------
    >>> label_change("USA a / JPN hedge / CHN x", "USA a / JPN compete / CHN x")
    'JPN hedge'
    >>> label_change("USA a / CHN x", "USA a / CHN x")
    'same as base'
    """
    if not base or not label:
        return str(label)
    now, then = _actions(label), _actions(base)
    if set(now) != set(then):
        return str(label)
    diff = [f"{p} {a}" for p, a in now.items() if then.get(p) != a]
    return "; ".join(diff) if diff else "same as base"
