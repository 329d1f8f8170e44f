"""Sensitivity analysis of models: sweeps, thresholds, region maps, Sobol, Morris, PRIM.

The package keeps the sample -> evaluate -> analyze split:

1. a typed :class:`ParameterSpace` (from a model's parameter ranges; narrow, widen,
   add, choose distributions);
2. a design (:func:`grid_samples`, :func:`monte_carlo_samples`, :func:`sobol_samples`,
   :func:`morris_samples`) evaluated in chunks by :func:`evaluate_samples`, in this
   process, on all local cores or on a Dask cluster, resumable from a results folder;
3. analyses returning DataFrames and figures: :func:`sweep`, :func:`critical_thresholds`,
   :func:`tornado`, :func:`region_map`, :func:`monte_carlo`, :func:`sobol`,
   :func:`morris` and :func:`prim` (scenario discovery).

Examples
--------
>>> import gametheory as gt, pathlib
>>> from gametheory import sensitivity as sa
>>> m = gt.load_model(pathlib.Path(gt.__file__).parents[1] / "models" / "us_china.toml")
>>> space = sa.ParameterSpace.from_model(m)
>>> frame = sa.sweep(m, space.names[0], steps=5)
>>> len(frame)
5
"""

from __future__ import annotations

from .declared import DeclaredModel, branches, describe_outcome
from .errors import SensitivityError
from .execute import DEFAULT_CHUNK_SIZE, StoreMismatch, evaluate_samples
from .globalsa import (
    GlobalResult,
    analyze_morris,
    analyze_sobol,
    default_outcomes,
    independent_rows,
    monte_carlo,
    morris,
    outcome_shares,
    sobol,
    summarize_outcomes,
    wilson_interval,
)
from .oat import RegionMap, region_map, sweep, tornado
from .outcomes import Outcome, OutcomeTable, parse_outcome
from .plots import (
    plot_indices,
    plot_region_map,
    plot_shares,
    plot_sweep,
    plot_tornado,
    save_figure,
)
from .prim import Box, prim
from .sampling import (
    Samples,
    grid_samples,
    monte_carlo_samples,
    morris_samples,
    seed_from,
    sobol_samples,
)
from .space import Dimension, ParameterSpace
from .thresholds import critical_thresholds

__all__ = [
    "SensitivityError",
    "StoreMismatch",
    "ParameterSpace",
    "Dimension",
    "Samples",
    "grid_samples",
    "monte_carlo_samples",
    "sobol_samples",
    "morris_samples",
    "seed_from",
    "evaluate_samples",
    "DEFAULT_CHUNK_SIZE",
    "OutcomeTable",
    "Outcome",
    "parse_outcome",
    "sweep",
    "tornado",
    "region_map",
    "RegionMap",
    "critical_thresholds",
    "monte_carlo",
    "sobol",
    "morris",
    "GlobalResult",
    "analyze_sobol",
    "analyze_morris",
    "outcome_shares",
    "summarize_outcomes",
    "independent_rows",
    "default_outcomes",
    "wilson_interval",
    "prim",
    "Box",
    "plot_tornado",
    "plot_region_map",
    "plot_sweep",
    "plot_shares",
    "plot_indices",
    "save_figure",
    "DeclaredModel",
    "branches",
    "describe_outcome",
]
