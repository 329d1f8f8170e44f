"""Sampling designs over a :class:`~gametheory.sensitivity.space.ParameterSpace`.

Every design draws points in the unit hypercube and maps them through the space's
distributions. All randomness comes from the ``rng`` argument (an integer seed, a
:class:`numpy.random.Generator` or None); seed 0 is a seed like any other. The
samples are generated in full before anything is evaluated, so a run's results do
not depend on how it is split across workers.

* :func:`grid_samples` -- a full factorial grid (for sweeps and region maps).
* :func:`monte_carlo_samples` -- independent draws.
* :func:`sobol_samples` -- Saltelli's scheme for Sobol indices (``SALib.sample.sobol``).
* :func:`morris_samples` -- Morris trajectories (``SALib.sample.morris``).
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._rng import rng_or_seed
from .errors import SensitivityError
from .space import ParameterSpace

__all__ = [
    "Samples",
    "grid_samples",
    "monte_carlo_samples",
    "sobol_samples",
    "morris_samples",
    "MIN_SAMPLES",
    "seed_from",
    "MAX_SAMPLE_POINTS",
]

#: Smallest sample size accepted per method (Sobol: base N; Morris: trajectories).
MIN_SAMPLES = {"montecarlo": 2, "sobol": 4, "morris": 2, "grid": 2}

#: Largest number of grid points :func:`grid_samples` builds.
MAX_GRID_POINTS = 5_000_000
#: Most sample points a design may hold (points x parameters values are kept twice, in
#: the unit cube and in parameter units, before any model is evaluated).
MAX_SAMPLE_POINTS = 5_000_000


def _check_points(points: int, what: str) -> None:
    """Refuse a design of more than :data:`MAX_SAMPLE_POINTS` points before drawing it."""
    from ..budget import check_budget

    check_budget(
        what,
        points,
        MAX_SAMPLE_POINTS,
        unit="sample points",
        advice="draw fewer samples (each analysis states its confidence interval)",
    )


def seed_from(rng: Any) -> int:
    """An integer seed from ``rng`` (an int is used as is; seed 0 is a seed).

    Examples
    --------
    >>> seed_from(0), seed_from(7)
    (0, 7)
    """
    if isinstance(rng, (bool, np.bool_)):
        raise SensitivityError(f"seed must be an integer, got {rng!r}")
    if isinstance(rng, (int, np.integer)):
        if int(rng) < 0:
            raise SensitivityError(f"seed must be a nonnegative integer, got {rng}")
        return int(rng)
    gen = np.random.default_rng(rng)
    return int(gen.integers(0, 2**31 - 1))


@dataclass(frozen=True)
class Samples:
    """Points to evaluate, with the design that produced them.

    Attributes
    ----------
    space : ParameterSpace
    method : str
    unit : ndarray, shape (n, k)
        The draws in the unit hypercube.
    values : ndarray, shape (n, k)
        The parameter values (columns in ``space.names`` order).
    seed : int or None
    options : dict
        Design options (base size, levels, ...).
    """

    space: ParameterSpace
    method: str
    unit: np.ndarray
    values: np.ndarray
    seed: int | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.values.shape[0]

    @property
    def names(self) -> tuple[str, ...]:
        return self.space.names

    def fingerprint(self) -> str:
        """Hash of the values (used to check that a resumed run is the same run)."""
        h = hashlib.sha256(np.ascontiguousarray(self.values).tobytes())
        h.update(repr((self.method, self.names)).encode())
        return h.hexdigest()[:16]

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.values, columns=list(self.names))

    def salib_problem(self) -> dict[str, Any]:
        """The SALib problem dict (in the unit hypercube, where the design lives)."""
        return {
            "num_vars": len(self.names),
            "names": list(self.names),
            "bounds": [[0.0, 1.0]] * len(self.names),
        }

    def __repr__(self) -> str:
        seed = f" seed={self.seed}" if self.seed is not None else ""
        return f"<Samples {self.method} n={len(self)} k={len(self.names)}{seed}>"


def _check_n(n: Any, method: str, what: str = "samples") -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise SensitivityError(f"number of {what} must be an integer, got {n!r}")
    if n < MIN_SAMPLES[method]:
        raise SensitivityError(f"too few {what} for {method}: {n} (at least {MIN_SAMPLES[method]})")
    return int(n)


def grid_samples(space: ParameterSpace, steps: int | dict[str, int] = 11) -> Samples:
    """A full factorial grid: ``steps`` evenly spaced values per dimension, low to high.

    The last dimension varies fastest.

    Examples
    --------
    >>> from gametheory.sensitivity.space import Dimension
    >>> s = grid_samples(ParameterSpace([Dimension("a", 0, 1, 0.5)]), steps=3)
    >>> s.values[:, 0].tolist()
    [0.0, 0.5, 1.0]
    """
    per = {n: steps.get(n, 11) if isinstance(steps, dict) else steps for n in space.names}
    for n, s in per.items():
        _check_n(s, "grid", f"steps for {n!r}")
    total = int(np.prod([float(s) for s in per.values()]))
    if total > MAX_GRID_POINTS:
        raise SensitivityError(
            f"grid of {total:,} points is larger than {MAX_GRID_POINTS:,}; "
            "use fewer steps or a Monte Carlo design"
        )
    axes = [np.linspace(0.0, 1.0, per[n]) for n in space.names]
    mesh = np.meshgrid(*axes, indexing="ij")
    unit = np.column_stack([m.ravel() for m in mesh])
    # grids are uniform in the parameter's own units, whatever its distribution
    values = space.bounds[:, 0] + unit * (space.bounds[:, 1] - space.bounds[:, 0])
    return Samples(space, "grid", unit, values, None, {"steps": per})


def monte_carlo_samples(
    space: ParameterSpace, n: int, *, rng: Any = None, seed: int | None = None
) -> Samples:
    """``n`` independent draws from the space's distributions.

    Examples
    --------
    >>> from gametheory.sensitivity.space import Dimension
    >>> sp = ParameterSpace([Dimension("a", 0, 1, 0.5)])
    >>> bool((monte_carlo_samples(sp, 5, rng=0).values == monte_carlo_samples(sp, 5, rng=0).values).all())
    True
    """
    n = _check_n(n, "montecarlo")
    _check_points(n, f"a Monte Carlo design of {n:,} draws")
    seed = seed_from(rng_or_seed(rng, seed, where="monte_carlo_samples", error=SensitivityError))
    unit = np.random.default_rng(seed).random((n, len(space)))
    return Samples(space, "montecarlo", unit, space.transform(unit), seed, {"n": n})


def sobol_samples(
    space: ParameterSpace,
    n: int,
    *,
    rng: Any = None,
    seed: int | None = None,
    calc_second_order: bool = False,
) -> Samples:
    """Saltelli's design for Sobol indices: ``n * (k + 2)`` points (``2k + 2`` with
    second-order indices), from a scrambled Sobol sequence (``SALib.sample.sobol``).

    ``n`` is the base sample size; a power of two keeps the sequence balanced.
    """
    n = _check_n(n, "sobol", "base samples")
    k = len(space)
    _check_points(
        n * ((2 * k + 2) if calc_second_order else (k + 2)),
        f"a Sobol design of base size {n:,} over {k} parameters",
    )
    seed = seed_from(rng_or_seed(rng, seed, where="sobol_samples", error=SensitivityError))
    from SALib.sample import sobol as salib_sobol

    problem = {"num_vars": k, "names": list(space.names), "bounds": [[0.0, 1.0]] * k}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib warns when n is not a power of two
        unit = salib_sobol.sample(
            problem, n, calc_second_order=calc_second_order, scramble=True, seed=seed
        )
    unit = np.clip(unit, 0.0, 1.0)
    return Samples(
        space,
        "sobol",
        unit,
        space.transform(unit),
        seed,
        {"n": n, "calc_second_order": bool(calc_second_order)},
    )


def morris_samples(
    space: ParameterSpace,
    trajectories: int,
    *,
    rng: Any = None,
    seed: int | None = None,
    num_levels: int = 4,
) -> Samples:
    """Morris elementary-effect trajectories: ``trajectories * (k + 1)`` points."""
    trajectories = _check_n(trajectories, "morris", "trajectories")
    if not isinstance(num_levels, (int, np.integer)) or num_levels < 2 or num_levels % 2:
        raise SensitivityError(f"num_levels must be an even integer >= 2, got {num_levels!r}")
    k = len(space)
    _check_points(
        trajectories * (k + 1),
        f"a Morris design of {trajectories:,} trajectories over {k} parameters",
    )
    seed = seed_from(rng_or_seed(rng, seed, where="morris_samples", error=SensitivityError))
    from SALib.sample import morris as salib_morris

    problem = {"num_vars": k, "names": list(space.names), "bounds": [[0.0, 1.0]] * k}
    unit = salib_morris.sample(problem, trajectories, num_levels=int(num_levels), seed=seed)
    return Samples(
        space,
        "morris",
        unit,
        space.transform(unit),
        seed,
        {"trajectories": trajectories, "num_levels": int(num_levels)},
    )
