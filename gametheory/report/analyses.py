"""The sensitivity section of a report: thresholds, tornado, region map, Monte Carlo, Sobol.

:func:`collect_sensitivity` calls the public functions of
:mod:`gametheory.sensitivity` and arranges their results as report *parts*,
each ``{"key", "title", "intro", "available", "note", "table", "figure"}``.
When an analysis cannot run (the module is missing from the installation, or
the analysis refuses the model), its part says so in ``note`` instead of
silently disappearing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .figures import ReportFigure

__all__ = ["collect_sensitivity"]


def _part(
    key: str,
    title: str,
    intro: str = "",
    *,
    note: str | None = None,
    table: dict[str, Any] | None = None,
    figure: str | None = None,
    available: bool = True,
) -> dict[str, Any]:
    return {
        "key": key,
        "title": title,
        "intro": intro,
        "available": available,
        "note": note,
        "table": table,
        "figure": figure,
    }


_TITLES = {
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


def _pattern(label: str) -> str:
    """An fnmatch pattern matching exactly ``label``."""
    return "".join(f"[{c}]" if c in "[]*?" else c for c in label)


def _records(frame: Any) -> list[dict[str, Any]]:
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


def _seeds(seed: int, rng: Any, n: int) -> list[int]:
    """One seed per analysis, derived from ``seed`` (or drawn from ``rng``); never 0.

    Independent streams for Monte Carlo and Sobol; and never 0, because SALib's
    analyze functions test ``if seed:`` and would leave a seed of 0 unseeded.
    """
    import numpy as np

    if rng is None:
        state = np.random.SeedSequence(seed).generate_state(n, dtype=np.uint32)
    else:
        state = np.random.default_rng(rng).integers(1, 2**31 - 1, size=n)
    return [int(x) % (2**31 - 1) or 1 for x in state]


def collect_sensitivity(
    model: Any,
    solved: Any,
    *,
    samples: int,
    seed: int,
    rng: Any,
    say: Callable[[str], None],
    workers: int | None = None,
    progress_bars: bool = False,
    select: str | None = None,
    outcome: str | None = None,
) -> tuple[dict[str, Any], dict[str, ReportFigure], dict[str, Any]]:
    """Run the sensitivity analyses on ``model``; returns ``(section, figures, results)``.

    ``section`` has ``parts`` (in display order), ``thresholds`` (with ``closest``,
    the parameters nearest to flipping the outcome), ``robustness`` (the share of
    Monte Carlo draws with the base outcome) and ``methods``.
    """
    from .. import sensitivity as sa
    from ..errors import GameTheoryError
    from .sensitivity_run import SensitivityRun

    job = SensitivityRun(
        sa,
        model,
        samples=samples,
        seeds=_seeds(seed, rng, 3),
        say=say,
        workers=workers,
        progress=progress_bars,
        failures=(GameTheoryError, ImportError),
        select=select,
        outcome=outcome,
    )
    return job.run(solved)
