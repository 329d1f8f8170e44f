"""Global analyses over the whole parameter space.

* :func:`monte_carlo` -- share of random draws in which each equilibrium outcome
  (and each player's action) holds, with Wilson confidence intervals.
* :func:`sobol` -- first-order and total Sobol indices (``SALib.analyze.sobol``).
* :func:`morris` -- Morris screening: mu*, mu and sigma (``SALib.analyze.morris``).

Each follows SALib's sample -> evaluate -> analyze split: the ``*_samples``
functions of :mod:`~gametheory.sensitivity.sampling` draw the design,
:func:`~gametheory.sensitivity.execute.evaluate_samples` evaluates it (locally, on
Dask, resumable), and :func:`analyze_sobol` / :func:`analyze_morris` /
:func:`outcome_shares` turn the outcome table into DataFrames. Numeric outcomes
are payoffs; categorical ones ("does a Pacific NATO form": ``USA=pacific_nato*``)
become 0/1 indicators.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._rng import rng_or_seed
from ..suggest import hint
from ._common import model_strategies, space_for
from .declared import declared
from .errors import SensitivityError
from .execute import evaluate_samples
from .outcomes import Outcome, OutcomeTable, parse_outcome
from .sampling import Samples, monte_carlo_samples, morris_samples, sobol_samples
from .space import ParameterSpace

__all__ = [
    "monte_carlo",
    "sobol",
    "morris",
    "outcome_shares",
    "analyze_sobol",
    "analyze_morris",
    "default_outcomes",
    "wilson_interval",
    "GlobalResult",
    "summarize_outcomes",
    "independent_rows",
]


def wilson_interval(
    successes: np.ndarray, n: int, *, conf: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for binomial proportions.

    Examples
    --------
    >>> lo, hi = wilson_interval(np.array([0, 50]), 100)
    >>> [round(float(v), 3) for v in lo], [round(float(v), 3) for v in hi]
    ([0.0, 0.404], [0.037, 0.596])
    """
    from scipy.stats import norm

    s = np.asarray(successes, dtype=float)
    if n <= 0:
        return np.full(s.shape, np.nan), np.full(s.shape, np.nan)
    z = norm.ppf(0.5 + conf / 2)
    p = s / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def independent_rows(samples: Samples) -> np.ndarray:
    """Rows of a design that are independent draws from the space.

    Monte Carlo: all. Sobol (Saltelli): the ``A`` and ``B`` matrices, 2N rows (the
    other rows each copy all but one column of an ``A`` row, so counting them would
    weight every base draw k times). Morris: the first point of each trajectory.
    """
    n = len(samples)
    k = len(samples.names)
    if samples.method == "sobol":
        step = 2 * k + 2 if samples.options.get("calc_second_order") else k + 2
        starts = np.arange(0, n, step)
        return np.sort(np.concatenate([starts, starts + step - 1]))
    if samples.method == "morris":
        return np.arange(0, n, k + 1)
    return np.arange(n)


def outcome_shares(
    table: OutcomeTable,
    /,
    *,
    by: str = "outcome",
    conf: float = 0.95,
    rows: np.ndarray | None = None,
    select: str | None = None,
) -> Any:
    """Share of samples with each outcome (``by="outcome"``) or each action of a player
    (``by="USA"``), with Wilson intervals; failed samples (``ok`` false) are counted
    under ``"(no equilibrium)"``, samples skipped past a budget (a tree model's, see
    :func:`~gametheory.sensitivity.outcomes.undetermined_note`) under ``"(undetermined)"``. ``rows`` restricts the count to some samples (see
    :func:`independent_rows`). The outcome is the set of pure equilibria (a player's
    action in every one of them, ``"(several)"`` where they differ), or with
    ``select`` the equilibrium the table's evaluator selected.
    """
    import pandas as pd

    sel = slice(None) if rows is None else np.asarray(rows)
    on_set = select is None and "set" in table.arrays
    if by == "outcome":
        vals = (table.arrays["set"] if on_set else table.labels).astype(str)[sel]
    elif f"action:{by}" in table.arrays:
        key = f"set_action:{by}" if on_set else f"action:{by}"
        vals = table.arrays[key].astype(str)[sel]
    else:
        raise SensitivityError(
            f"shares by {by!r}: not 'outcome' nor a player ({', '.join(table.players)})"
        )
    vals = np.where(table.ok[sel], vals, "(no equilibrium)")
    und = table.arrays.get("undetermined")
    if und is not None:  # skipped past a budget: not known to have no equilibrium
        vals = np.where(np.asarray(und, dtype=bool)[sel], "(undetermined)", vals)
    uniq, counts = np.unique(vals, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    n = len(vals)
    lo, hi = wilson_interval(counts[order], n, conf=conf)
    frame = pd.DataFrame(
        {
            by if by != "outcome" else "outcome": uniq[order],
            "count": counts[order],
            "share": counts[order] / max(n, 1),
            "ci_low": lo,
            "ci_high": hi,
        }
    )
    frame.attrs["n"] = n
    frame.attrs["conf"] = conf
    return frame


def default_outcomes(
    model: Any, table: OutcomeTable | None = None, *, select: str | None = None
) -> list[Outcome]:
    """Every player's payoff, plus an indicator for each action the first mover takes;
    and the number of pure equilibria when some sample has several (and no rule is
    given)."""
    players = tuple(model.player_ids)
    strategies = model_strategies(model)
    outs = [parse_outcome(f"payoff:{p}", players=players, select=select) for p in players]
    several = (
        table is not None
        and select is None
        and bool((np.asarray(table.arrays["n_equilibria"]) > 1).any())
        and getattr(model, "form", "") != "sequential"
    )
    first = players[0]
    stages = getattr(model, "stages", None)
    if stages:
        first = stages[0][0] if stages[0][0] in players else first
    acts = strategies.get(first, ())
    key = f"action:{first}" if select is not None else f"set_action:{first}"
    if table is not None and key in table.arrays:
        seen = set(np.unique(table.arrays[key].astype(str))) - {"(several)", ""}
        acts = [a for a in acts if a in seen] or sorted(seen)
    outs += [parse_outcome(f"{first}={a}", players=players, select=select) for a in acts]
    if several:
        outs += [
            parse_outcome("equilibria", players=players),
            parse_outcome("unique", players=players),
        ]
    return outs


def _outcomes(
    model: Any,
    outcomes: Sequence[str | Outcome] | None,
    table: OutcomeTable | None = None,
    select: str | None = None,
) -> list[Outcome]:
    if outcomes is None or len(outcomes) == 0:
        return default_outcomes(model, table, select=select)
    players = tuple(model.player_ids)
    strategies = model_strategies(model)
    return [
        o
        if isinstance(o, Outcome)
        else parse_outcome(o, players=players, strategies=strategies, select=select)
        for o in outcomes
    ]


@dataclass(frozen=True)
class GlobalResult:
    """Result of a global analysis.

    Attributes
    ----------
    method : str
    samples : Samples
    table : OutcomeTable
        The evaluated samples.
    indices : pandas.DataFrame
        Sobol / Morris indices (one row per outcome and parameter), or for Monte
        Carlo the outcome shares.
    shares : pandas.DataFrame
        Share of independent draws with each outcome label, with confidence
        intervals (for Sobol and Morris designs, only their independent rows:
        see :func:`independent_rows`).
    """

    method: str
    samples: Samples
    table: OutcomeTable
    indices: Any
    shares: Any

    def plot(self, outcome: str | None = None) -> Any:
        """Indices of one outcome (Sobol, Morris) or the outcome shares (Monte Carlo)."""
        from .plots import plot_indices, plot_shares

        if self.method == "montecarlo":
            return plot_shares(self.shares)
        return plot_indices(self.indices, outcome=outcome)

    def __repr__(self) -> str:
        return (
            f"<GlobalResult {self.method}: {len(self.table)} evaluations, "
            f"{len(self.samples.names)} parameters>"
        )

    def _repr_html_(self) -> str:
        return (
            f"<p><b>{self.method}</b>: {len(self.table):,} evaluations of "
            f"{len(self.samples.names)} parameters</p>" + self.indices.to_html(index=False)
        )


def _check_ok(table: OutcomeTable) -> None:
    if len(table) and not table.ok.any():
        raise SensitivityError("no sample had an equilibrium outcome; nothing to analyse")


def _analysis_seed(seed: Any) -> int | None:
    """A nonzero seed for SALib's bootstrap, derived from ours.

    SALib's ``analyze.sobol`` seeds its resampling only ``if seed:``, so seed 0
    would silently give unreproducible confidence intervals.
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        return None
    return int(np.random.SeedSequence(int(seed)).generate_state(1)[0]) or 1


def analyze_sobol(
    samples: Samples,
    table: OutcomeTable,
    outcomes: Sequence[Outcome],
    *,
    conf: float = 0.95,
    rng: Any = 0,
) -> Any:
    """Sobol S1 and ST (with confidence half-widths) for each outcome and parameter.

    An outcome that never varies gets NaN indices (``constant`` is True); so does a
    numeric outcome missing at some samples (a payoff where the model has no pure
    equilibrium; ``missing`` counts them): use an indicator outcome there instead.
    """
    import pandas as pd
    from SALib.analyze import sobol as salib_sobol

    problem = samples.salib_problem()
    second = bool(samples.options.get("calc_second_order", False))
    seed = samples.seed if rng is None else rng
    rows = []
    for out in outcomes:
        y = out.values(table.arrays)
        missing = int((~np.isfinite(y)).sum())
        const = missing == 0 and np.std(y) == 0
        if const or missing:
            res = {"S1": np.full(len(problem["names"]), np.nan)}
            res["S1_conf"] = res["ST"] = res["ST_conf"] = res["S1"]
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = salib_sobol.analyze(
                    problem,
                    y,
                    calc_second_order=second,
                    conf_level=conf,
                    print_to_console=False,
                    seed=_analysis_seed(seed),
                )
        for i, name in enumerate(problem["names"]):
            rows.append(
                {
                    "outcome": out.spec,
                    "parameter": name,
                    "S1": float(res["S1"][i]),
                    "S1_conf": float(res["S1_conf"][i]),
                    "ST": float(res["ST"][i]),
                    "ST_conf": float(res["ST_conf"][i]),
                    "mean": float(np.mean(y)),
                    "constant": bool(const),
                    "missing": missing,
                }
            )
    return pd.DataFrame(rows)


def _number(value: Any) -> float:
    """A float from SALib's result, NaN for a masked entry (an outcome NaN somewhere)."""
    return float("nan") if value is np.ma.masked else float(value)


def analyze_morris(
    samples: Samples,
    table: OutcomeTable,
    outcomes: Sequence[Outcome],
    *,
    conf: float = 0.95,
    rng: Any = 0,
) -> Any:
    """Morris mu*, mu, sigma (in outcome units per full range) for each outcome."""
    import pandas as pd
    from SALib.analyze import morris as salib_morris

    problem = samples.salib_problem()
    levels = int(samples.options.get("num_levels", 4))
    seed = samples.seed if rng is None else rng
    rows = []
    for out in outcomes:
        y = out.values(table.arrays)
        missing = int((~np.isfinite(y)).sum())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = salib_morris.analyze(
                problem,
                samples.unit,
                y,
                num_levels=levels,
                conf_level=conf,
                print_to_console=False,
                seed=_analysis_seed(seed),
            )
        for i, name in enumerate(problem["names"]):
            rows.append(
                {
                    "outcome": out.spec,
                    "parameter": name,
                    "mu_star": _number(res["mu_star"][i]),
                    "mu_star_conf": _number(res["mu_star_conf"][i]),
                    "mu": _number(res["mu"][i]),
                    "sigma": _number(res["sigma"][i]),
                    "missing": missing,
                }
            )
    return pd.DataFrame(rows)


def _run(model: Any, samples: Samples, run: dict[str, Any]) -> OutcomeTable:
    import inspect

    known = [
        n
        for n, p in inspect.signature(evaluate_samples).parameters.items()
        if p.kind is p.KEYWORD_ONLY
    ]
    for name in run:
        if name not in known:
            raise SensitivityError(
                f"unknown option {name}={run[name]!r}"
                f"{hint(name, [*known, 'seed', 'rng', 'samples'])}; "
                f"execution options are {', '.join(known)}"
            )
    table = evaluate_samples(model, samples, **run)
    _check_ok(table)
    return table


def monte_carlo(
    model: Any,
    /,
    *,
    seed: int | None = None,
    samples: int = 1000,
    rng: Any = None,
    space: ParameterSpace | None = None,
    outcomes: Sequence[str] | None = None,
    conf: float = 0.95,
    select: str | None = None,
    **run: Any,
) -> GlobalResult:
    """Random draws over the space; shares of each outcome with confidence intervals.

    ``result.indices`` holds the mean of each requested outcome with its interval
    (Wilson for indicators, normal for numeric outcomes); ``result.shares`` the share
    of each equilibrium outcome label.

    Examples
    --------
    >>> import gametheory as gt, pathlib
    >>> m = gt.load_model(pathlib.Path(gt.__file__).parents[1] / "models" / "us_china.toml")
    >>> res = monte_carlo(m, samples=200, rng=0, workers=1)
    >>> round(float(res.shares["share"].sum()), 6)
    1.0
    """
    sp = space_for(model, space)
    rng = rng_or_seed(rng, seed, where="monte_carlo", error=SensitivityError)
    design = monte_carlo_samples(sp, samples, rng=rng)
    table = _run(declared(model, select), design, run)
    outs = _outcomes(model, outcomes, table, select)
    return GlobalResult(
        "montecarlo",
        design,
        table,
        summarize_outcomes(table, outs, conf=conf),
        outcome_shares(table, conf=conf, select=select),
    )


def summarize_outcomes(
    table: OutcomeTable, outcomes: Sequence[Outcome], *, conf: float = 0.95
) -> Any:
    """Mean of each outcome over the samples with a confidence interval (Wilson for
    indicators, normal approximation for numeric outcomes)."""
    import pandas as pd
    from scipy.stats import norm

    n = len(table)
    z = norm.ppf(0.5 + conf / 2)
    rows = []
    for out in outcomes:
        y = out.values(table.arrays)
        m = float(np.mean(y)) if n else float("nan")
        if out.is_indicator:
            lo, hi = wilson_interval(np.array([y.sum()]), n, conf=conf)
            lo, hi = float(lo[0]), float(hi[0])
        else:
            half = z * float(np.std(y, ddof=1)) / math.sqrt(n) if n > 1 else float("nan")
            lo, hi = m - half, m + half
        rows.append(
            {
                "outcome": out.spec,
                "description": out.describe(),
                "mean": m,
                "ci_low": lo,
                "ci_high": hi,
                "n": n,
            }
        )
    return pd.DataFrame(rows)


def sobol(
    model: Any,
    /,
    *,
    seed: int | None = None,
    samples: int = 1024,
    rng: Any = None,
    space: ParameterSpace | None = None,
    outcomes: Sequence[str] | None = None,
    calc_second_order: bool = False,
    conf: float = 0.95,
    select: str | None = None,
    **run: Any,
) -> GlobalResult:
    """Sobol indices of each outcome: ``samples * (k + 2)`` model evaluations.

    ``samples`` is Saltelli's base size N (a power of two is best). ``seed`` is the
    command line's ``--seed``: ``seed=0`` means ``rng=0`` (pass one of the two).

    Examples
    --------
    >>> import gametheory as gt, pathlib
    >>> m = gt.load_model(pathlib.Path(gt.__file__).parents[1] / "models" / "us_china.toml")
    >>> a = sobol(m, samples=8, seed=0, workers=1)
    >>> b = sobol(m, samples=8, rng=0, workers=1)
    >>> bool((a.samples.values == b.samples.values).all())
    True
    """
    sp = space_for(model, space)
    rng = rng_or_seed(rng, seed, where="sobol", error=SensitivityError)
    design = sobol_samples(sp, samples, rng=rng, calc_second_order=calc_second_order)
    table = _run(declared(model, select), design, run)
    outs = _outcomes(model, outcomes, table, select)
    return GlobalResult(
        "sobol",
        design,
        table,
        analyze_sobol(design, table, outs, conf=conf, rng=design.seed),
        outcome_shares(table, conf=conf, rows=independent_rows(design), select=select),
    )


def morris(
    model: Any,
    /,
    *,
    seed: int | None = None,
    samples: int = 50,
    rng: Any = None,
    space: ParameterSpace | None = None,
    outcomes: Sequence[str] | None = None,
    num_levels: int = 4,
    conf: float = 0.95,
    select: str | None = None,
    **run: Any,
) -> GlobalResult:
    """Morris screening with ``samples`` trajectories: ``samples * (k + 1)`` evaluations."""
    sp = space_for(model, space)
    rng = rng_or_seed(rng, seed, where="morris", error=SensitivityError)
    design = morris_samples(sp, samples, rng=rng, num_levels=num_levels)
    table = _run(declared(model, select), design, run)
    outs = _outcomes(model, outcomes, table, select)
    return GlobalResult(
        "morris",
        design,
        table,
        analyze_morris(design, table, outs, conf=conf, rng=design.seed),
        outcome_shares(table, conf=conf, rows=independent_rows(design), select=select),
    )
