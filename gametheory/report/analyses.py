"""The sensitivity section of a report: thresholds, tornado, region map, Monte Carlo, Sobol.

:func:`collect_sensitivity` calls the public functions of
:mod:`gametheory.sensitivity` and arranges their results as report *parts*,
each a :class:`~gametheory.report.sections.Part`. When an analysis cannot run
(the analysis refuses the model), its part says so in ``note`` instead of
silently disappearing. :class:`~gametheory.report.sensitivity_run.SensitivityRun`
makes the calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .figures import ReportFigure
from .sections import SensitivitySection
from .sensitivity_run import SensitivityRun

if TYPE_CHECKING:
    from ..models.model import Model

__all__ = ["collect_sensitivity"]


def _seeds(seed: int, rng: Any, n: int) -> list[int]:
    """One seed per analysis, derived from ``seed`` (or drawn from ``rng``); never 0.

    Independent streams for Monte Carlo and Sobol; and never 0, because SALib's
    analyze functions test ``if seed:`` and would leave a seed of 0 unseeded.
    """
    import numpy as np

    state: Any
    if rng is None:
        state = np.random.SeedSequence(seed).generate_state(n, dtype=np.uint32)
    else:
        state = np.random.default_rng(rng).integers(1, 2**31 - 1, size=n)
    return [int(x) % (2**31 - 1) or 1 for x in state]


def collect_sensitivity(
    model: Model,
    solved: object,
    *,
    samples: int,
    seed: int,
    rng: Any,
    say: Callable[[str], None],
    workers: int | None = None,
    progress_bars: bool = False,
    select: str | None = None,
    outcome: str | None = None,
) -> tuple[SensitivitySection, dict[str, ReportFigure], dict[str, Any]]:
    """Run the sensitivity analyses on ``model``; returns ``(section, figures, results)``.

    ``section`` has ``parts`` (in display order), ``thresholds`` (with ``closest``,
    the parameters nearest to flipping the outcome), ``robustness`` (the share of
    Monte Carlo draws with the base outcome) and ``methods``; ``results`` is the
    machine-readable data for ``results.json``.
    """
    from .. import sensitivity as sa
    from ..errors import GameTheoryError

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
