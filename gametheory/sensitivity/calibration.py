"""Calibration as an inverse problem: which part of the plausible space fits the facts.

Instead of tuning judgement values by hand until a model reproduces its source's
claims, :func:`calibrate` draws the whole plausible parameter space (every ranged
parameter uniformly over its range, by a scrambled Sobol sequence or a Latin
hypercube), solves the model at every draw, checks every fact
(:mod:`gametheory.models.facts`) and reports:

* the share of draws where all facts hold (the *consistent* share), with a Wilson
  95% confidence interval;
* how many facts each draw fits (partial fits), and each fact's own share;
* the marginal range of every parameter over the consistent draws, and PRIM boxes
  (:func:`gametheory.sensitivity.prim.prim`) that describe the consistent region;
* conflicts: pairs of facts that each hold somewhere but never together;
* the conclusions over the consistent region: the share of consistent draws with
  each player's choice on the path, and under each first-mover option;
* a *calibrated point*: by a stated rule (the consistent draw nearest, in
  range-normalised distance, to the componentwise median of the consistent draws),
  a point inside the consistent region that can serve as base values.

Evaluation goes through :func:`gametheory.sensitivity.execute.evaluate_samples`, so
it runs in chunks on local workers or a Dask cluster, shows a progress bar and
resumes from a results folder like ``gametheory sensitivity``. The observables it
stores per draw are the facts (``holds``/``fails``), the path, and every player's
action in the subgame after each first-mover option.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .base_point import POINT_RULES, choose_point
from .errors import SensitivityError
from .execute import evaluate_samples
from .outcomes import underflow_note, underflow_summary
from .prim import Box, prim
from .sampling import Samples, seed_from
from .space import ParameterSpace

__all__ = ["FactsProbe", "CalibrationResult", "calibrate", "calibration_samples", "wilson"]


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval for a binomial share ``k / n`` (95% by default).

    Examples
    --------
    >>> [round(x, 3) for x in wilson(0, 100)]
    [0.0, 0.037]
    """
    if n <= 0:
        return (0.0, 1.0)
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (float(max(0.0, mid - half)), float(min(1.0, mid + half)))


class _ProbeBatch:
    """What :func:`~gametheory.sensitivity.outcomes.outcome_arrays` reads from a batch."""

    def __init__(
        self, columns: dict[str, np.ndarray], ok: np.ndarray, underflow: np.ndarray
    ) -> None:
        self._columns = columns
        self.ok = ok
        self.n_equilibria = ok.astype(int)
        #: per sample, the players whose payoff formulas underflowed (``""``: none)
        self.underflow = underflow

    def labels(self) -> np.ndarray:
        facts = [v for k, v in self._columns.items() if k.startswith("fact:")]
        held = np.sum([f == "holds" for f in facts], axis=0) if facts else np.zeros(len(self.ok))
        return np.array([f"{int(h)} of {len(facts)} facts" for h in held], dtype=object)

    def action_labels(self, column: str) -> np.ndarray:
        return self._columns[column]


class _ProbeEvaluator:
    def __init__(self, probe: FactsProbe) -> None:
        self.probe = probe
        self.cache: dict = {}

    def __call__(self, P: np.ndarray) -> _ProbeBatch:
        from ..models.facts import fact_matrix, subgame_outcomes
        from ..models.underflow import watch_underflow

        m = self.probe.model
        with watch_underflow() as watch:  # payoffs that fell below the float range
            out = subgame_outcomes(m, P, evaluators=self.cache)
        F = fact_matrix(self.probe.facts, out)
        cols: dict[str, np.ndarray] = {}
        for f, row in zip(self.probe.facts, F, strict=True):
            cols[f"fact:{f.id}"] = np.where(row, "holds", "fails").astype(object)

        def names(actions: np.ndarray, i: int) -> np.ndarray:
            labels = np.array([*out.strategies[i], ""], dtype=object)
            return labels[actions[:, i]]

        for i, p in enumerate(out.players):
            cols[f"path:{p}"] = names(out.path, i)
            for s in out.options:
                cols[f"{s}:{p}"] = names(out.actions[s], i)
        return _ProbeBatch(cols, out.ok, watch.labels_at(P))


class FactsProbe:
    """A model and its facts, seen by the sensitivity machinery as one 'model' whose
    outcome columns are the facts and every subgame's actions (see the module).

    It has what :func:`~gametheory.sensitivity.execute.evaluate_samples` needs:
    ``parameter_names``, ``player_ids`` (the column names), ``id``, ``sha256`` and
    ``evaluator()``; it pickles, so it can be shipped to workers.
    """

    def __init__(self, model: Any, facts: tuple) -> None:
        self.model = model
        self.facts = tuple(facts)
        self.id = f"{model.id}+facts"
        import hashlib

        h = hashlib.sha256(str(getattr(model, "sha256", model.id)).encode())
        for f in self.facts:
            h.update(repr((f.id, f.player, f.plays, f.under)).encode())
        self.sha256 = h.hexdigest()
        first = model.stages[0][0]
        options = model.player(first).strategies
        cols = [f"fact:{f.id}" for f in self.facts]
        for p in model.player_ids:
            cols.append(f"path:{p}")
            cols += [f"{s}:{p}" for s in options]
        self.player_ids = tuple(cols)
        self.parameter_names = tuple(model.parameter_names)
        self.path = getattr(model, "path", None)

    def evaluator(self) -> _ProbeEvaluator:
        return _ProbeEvaluator(self)


def calibration_samples(
    space: ParameterSpace, n: int, *, method: str = "sobol", rng: Any = None
) -> Samples:
    """``n`` draws over ``space``: a scrambled Sobol sequence or a Latin hypercube.

    Examples
    --------
    >>> from gametheory.sensitivity.space import Dimension, ParameterSpace
    >>> sp = ParameterSpace([Dimension("a", 0.0, 1.0, 0.5), Dimension("b", 2.0, 4.0, 3.0)])
    >>> s = calibration_samples(sp, 8, method="lhs", rng=0)
    >>> s.values.shape, bool((s.values[:, 1] >= 2).all())
    ((8, 2), True)
    """
    from scipy.stats import qmc

    from .sampling import _check_points

    if isinstance(n, bool) or int(n) < 1:
        raise SensitivityError(f"samples must be a positive integer, got {n!r}")
    n = int(n)
    _check_points(n, f"a {method} calibration design")  # before any array is allocated
    seed = seed_from(rng)
    k = len(space)
    if method == "sobol":
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scipy warns when n is not a power of two
            unit = qmc.Sobol(d=k, scramble=True, seed=seed).random(n)
    elif method == "lhs":
        unit = qmc.LatinHypercube(d=k, seed=seed).random(n)
    else:
        raise SensitivityError(f"unknown calibration design {method!r} (sobol, lhs)")
    unit = np.clip(unit, 0.0, 1.0)
    return Samples(space, f"calibrate-{method}", unit, space.transform(unit), seed, {"n": n})


@dataclass(frozen=True)
class CalibrationResult:
    """What :func:`calibrate` found; ``to_json()`` gives the documented contract."""

    model: str
    facts: tuple
    holds_at_base: np.ndarray
    n_samples: int
    fits: np.ndarray  # (n_facts, n) bool
    names: tuple[str, ...]
    values: np.ndarray  # (n, k) varied parameters
    columns: dict[str, np.ndarray]
    options: tuple[str, ...]
    players: tuple[str, ...]
    boxes: tuple[Box, ...] = ()
    point: dict[str, float] = field(default_factory=dict)
    method: str = "sobol"
    seed: int | None = None
    #: the model's rule for a stage with several pure equilibria: the path the
    #: conclusions speak of is backward induction with this rule
    selection: str = ""
    #: the draws whose payoffs fell below the floating-point range (their facts may be
    #: wrong): ``{"samples", "of", "players"}``, or None when none did
    underflow: dict[str, Any] | None = None
    #: one line per problem of the run (the underflow above), for a ``warning:``
    warnings: tuple[str, ...] = ()

    @property
    def consistent(self) -> np.ndarray:
        return self.fits.all(axis=0)

    @property
    def n_consistent(self) -> int:
        return int(self.consistent.sum())

    @property
    def consistent_share(self) -> float:
        return self.n_consistent / self.n_samples if self.n_samples else 0.0

    @property
    def consistent_ci(self) -> tuple[float, float]:
        return wilson(self.n_consistent, self.n_samples)

    def fact_shares(self) -> dict[str, float]:
        return {f.id: float(row.mean()) for f, row in zip(self.facts, self.fits, strict=True)}

    def partial_fits(self) -> dict[int, int]:
        """How many draws fit exactly k facts, k = 0..n_facts."""
        counts = np.bincount(self.fits.sum(axis=0), minlength=len(self.facts) + 1)
        return {k: int(c) for k, c in enumerate(counts)}

    def ranges(self) -> dict[str, tuple[float, float]]:
        """Marginal range of each varied parameter over the consistent draws."""
        c = self.consistent
        if not c.any():
            return {}
        v = self.values[c]
        return {n: (float(v[:, j].min()), float(v[:, j].max())) for j, n in enumerate(self.names)}

    def conflicts(self) -> list[dict[str, Any]]:
        """Facts that never hold at all, and pairs that each hold but never together."""
        out: list[dict[str, Any]] = []
        F = self.fits
        for a, fa in enumerate(self.facts):
            if not F[a].any():
                out.append({"facts": [fa.id], "n_together": 0, "kind": "never holds"})
        # every pair at once: how many draws each pair holds together (float32 counts
        # stay positive where any draw holds both)
        held = np.asarray(F, dtype=np.float32)
        together = held @ held.T
        some = np.asarray(F).any(axis=1)
        for a, b in zip(*np.nonzero(np.triu(together == 0, k=1)), strict=True):
            if some[a] and some[b]:
                out.append(
                    {
                        "facts": [self.facts[a].id, self.facts[b].id],
                        "n_together": 0,
                        "kind": "never hold together",
                    }
                )
        return out

    def conclusions(self, where: str = "path") -> dict[str, dict[str, float]]:
        """Shares of each player's choice over the consistent draws, on the path
        (``where="path"``) or in the subgame after a first-mover option."""
        c = self.consistent
        out: dict[str, dict[str, float]] = {}
        if not c.any():
            return out
        for p in self.players:
            col = self.columns[f"{where}:{p}"][c]
            labels, counts = np.unique(col.astype(str), return_counts=True)
            out[p] = {
                str(lab): float(k) / c.sum()
                for lab, k in zip(labels, counts, strict=True)
                if lab != "" or k
            }
        return out

    def to_json(self) -> dict[str, Any]:
        lo, hi = self.consistent_ci
        return {
            "model": self.model,
            "method": self.method,
            "seed": self.seed,
            "facts": [
                {
                    "id": f.id,
                    "statement": f.statement,
                    "quote": f.quote,
                    "holds_at_base": bool(h),
                    "share": s,
                }
                for f, h, s in zip(
                    self.facts, self.holds_at_base, self.fact_shares().values(), strict=True
                )
            ],
            "n_samples": self.n_samples,
            "n_consistent": self.n_consistent,
            "consistent_share": self.consistent_share,
            "consistent_ci": [lo, hi],
            "partial_fits": {str(k): v for k, v in self.partial_fits().items()},
            "selection": self.selection,
            "conclusions": self.conclusions("path"),
            "conclusions_by_option": {s: self.conclusions(s) for s in self.options},
            "ranges": {k: [a, b] for k, (a, b) in self.ranges().items()},
            "boxes": [
                {
                    "limits": {k: [a, b] for k, (a, b) in bx.limits.items()},
                    "density": bx.density,
                    "coverage": bx.coverage,
                    "support": bx.support,
                    "describe": bx.describe(),
                }
                for bx in self.boxes
            ],
            "conflicts": self.conflicts(),
            "calibrated_point": self.point,
            "calibrated_point_rule": POINT_RULE,
            "warnings": list(self.warnings),
            "underflow": self.underflow,
        }


#: How the calibrated point is chosen (stated in every output); the rules are in
#: :mod:`gametheory.sensitivity.base_point`.
POINT_RULE = POINT_RULES["median"]


def _calibrated_point(
    names: tuple[str, ...], values: np.ndarray, unit: np.ndarray, consistent: np.ndarray
) -> dict[str, float]:
    j = choose_point(unit, consistent, rule="median")
    if j is None:
        return {}
    return {n: float(v) for n, v in zip(names, values[j], strict=True)}


def calibrate(
    model: Any,
    facts: tuple,
    /,
    *,
    samples: int,
    method: str = "sobol",
    rng: Any = None,
    workers: int | None = None,
    scheduler: Any = None,
    connect_timeout: float = 5.0,
    progress: bool = False,
    store: str | os.PathLike[str] | None = None,
    chunk_size: int | None = None,
    max_boxes: int = 2,
) -> CalibrationResult:
    """Sample the model's plausible space and check the facts at every draw.

    Parameters
    ----------
    model : Model
        A sequential model (the first stage's single mover is the "first mover").
    facts : tuple of Fact
        From :func:`gametheory.models.facts.load_facts`.
    samples : int
        Number of draws.
    method : {"sobol", "lhs"}
    rng : seed, optional
    workers, scheduler, connect_timeout, progress, store, chunk_size
        As for :func:`~gametheory.sensitivity.execute.evaluate_samples`.
    max_boxes : int
        PRIM boxes describing the consistent region.

    Returns
    -------
    CalibrationResult
    """
    from ..models.facts import fact_matrix, subgame_outcomes

    if model.form != "sequential":
        raise SensitivityError(f"{model.id}: calibrate needs a sequential model")
    space = ParameterSpace.from_model(model)
    design = calibration_samples(space, samples, method=method, rng=rng)
    # the facts at the base values first: this compiles the model's stage kernels
    # here, once, and the pickled model carries them to every worker process
    # (CompiledModel.derived), which would otherwise each compile them with sympy
    base = fact_matrix(facts, subgame_outcomes(model, model.value_vector()[None, :]))[:, 0]
    probe = FactsProbe(model, facts)
    table = evaluate_samples(
        probe,
        design,
        workers=workers,
        scheduler=scheduler,
        connect_timeout=connect_timeout,
        progress=progress,
        store=store,
        chunk_size=chunk_size,
    )
    columns = {k[len("action:") :]: v for k, v in table.arrays.items() if k.startswith("action:")}
    fits = np.array([columns[f"fact:{f.id}"] == "holds" for f in facts]).reshape(len(facts), -1)
    consistent = fits.all(axis=0)
    lost = underflow_note(table)  # draws whose payoffs underflowed: flagged, kept
    boxes: tuple[Box, ...] = ()
    if 0 < consistent.sum() < len(consistent):
        try:
            boxes = tuple(
                prim(
                    design.values,
                    consistent,
                    design.names,
                    max_boxes=max_boxes,
                    outcome_name="all facts hold",
                )
            )
        except SensitivityError:
            boxes = ()
    first = model.stages[0][0]
    return CalibrationResult(
        model=model.id,
        facts=tuple(facts),
        holds_at_base=base,
        n_samples=len(design),
        fits=fits,
        names=design.names,
        values=design.values,
        columns=columns,
        options=tuple(model.player(first).strategies),
        players=tuple(model.player_ids),
        boxes=boxes,
        point=_calibrated_point(design.names, design.values, design.unit, consistent),
        method=method,
        seed=design.seed,
        selection=str(model.selection),
        underflow=underflow_summary(table),
        warnings=(lost,) if lost else (),
    )
