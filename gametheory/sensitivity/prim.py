"""Scenario discovery: boxes of parameter space in which an outcome holds (PRIM).

The Patient Rule Induction Method (Friedman and Fisher, 1999; used for scenario
discovery by Bryant and Lempert, 2010):

1. **Peel.** Start from the box holding every sample. Repeatedly consider cutting
   off a slice holding a fraction ``alpha`` of the box's samples from the low or
   the high end of each parameter, and make the cut that leaves the highest share
   of samples with the outcome (the *density*). Stop when the box holds fewer than
   ``min_support`` of all samples. This traces a trajectory of ever smaller,
   denser boxes.
2. **Choose** the densest box on the trajectory whose *coverage* (share of all
   samples with the outcome that fall inside) is at least ``min_coverage``.
3. **Paste.** Widen the chosen box's limits again, one at a time, while that does
   not lower its density.
4. **Simplify.** Drop any limit whose removal costs less than ``simplify`` in
   density, so the box is stated with as few conditions as possible.
5. With ``max_boxes > 1``, remove the samples inside the box and repeat.

Each box is stated in words, e.g. "AUS is compete in 92% of draws when
trade_dep.AUS < 0.8 and deterrence.pacific_nato > 0.6 (74% of all such draws;
the box holds 31% of all draws)".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .errors import SensitivityError

__all__ = ["prim", "Box"]


@dataclass(frozen=True)
class Box:
    """A box in parameter space and how well it captures an outcome.

    Attributes
    ----------
    limits : dict of str to (float, float)
        Restricted parameters only: ``name -> (low, high)``; ``-inf``/``inf`` when
        only one side is restricted.
    density : float
        Share of samples in the box with the outcome.
    coverage : float
        Share of all samples with the outcome that lie in the box.
    support : float
        Share of all samples in the box.
    n : int
        Samples in the box.
    outcome : str
        What the outcome is, in words.
    """

    limits: dict[str, tuple[float, float]]
    density: float
    coverage: float
    support: float
    n: int
    outcome: str = "the outcome holds"

    def conditions(self, digits: int = 3) -> list[str]:
        parts = []
        for name, (lo, hi) in self.limits.items():
            if np.isfinite(lo) and np.isfinite(hi):
                parts.append(f"{lo:.{digits}g} < {name} < {hi:.{digits}g}")
            elif np.isfinite(lo):
                parts.append(f"{name} > {lo:.{digits}g}")
            else:
                parts.append(f"{name} < {hi:.{digits}g}")
        return parts

    def describe(self) -> str:
        conds = self.conditions()
        where = "when " + " and ".join(conds) if conds else "anywhere in the space"
        return (
            f"{self.outcome} in {self.density:.0%} of draws {where} "
            f"({self.coverage:.0%} of all such draws; the box holds {self.support:.0%} "
            "of all draws)"
        )

    def contains(self, values: np.ndarray, names: Sequence[str]) -> np.ndarray:
        values = np.asarray(values, dtype=float)
        inside = np.ones(values.shape[0], dtype=bool)
        for name, (lo, hi) in self.limits.items():
            col = values[:, list(names).index(name)]
            inside &= (col >= lo) & (col <= hi)
        return inside

    def __str__(self) -> str:
        return self.describe()


def _stats(inside: np.ndarray, y: np.ndarray, total_hits: float) -> tuple[float, float, float]:
    n_in = inside.sum()
    hits = y[inside].sum()
    density = hits / n_in if n_in else 0.0
    coverage = hits / total_hits if total_hits else 0.0
    return density, coverage, n_in / len(y)


def _one_box(
    X: np.ndarray,
    y: np.ndarray,
    names: Sequence[str],
    alpha: float,
    min_support: float,
    min_coverage: float,
    simplify: float,
    total_hits: float,
    n_all: int,
    outcome: str,
) -> Box | None:
    n, k = X.shape
    lo = np.full(k, -np.inf)
    hi = np.full(k, np.inf)
    inside = np.ones(n, dtype=bool)
    XT = np.ascontiguousarray(X.T)
    trajectory = [(lo.copy(), hi.copy(), inside.copy())]
    while inside.sum() / n_all > min_support:
        best = None
        xin = XT[:, inside]  # (k, n_in): each column's values contiguous
        yin = y[inside] > 0
        # every candidate cut at once: the alpha and 1 - alpha quantiles of each
        # column, and the density left by each (then the first best, as cut by cut)
        cuts = np.quantile(xin, [alpha, 1 - alpha], axis=1)  # (2, k)
        dens, valid = [], []
        for keep in (xin > cuts[0][:, None], xin < cuts[1][:, None]):
            size = keep.sum(axis=1)
            hits = keep[:, yin].sum(axis=1)
            valid.append((size > 0) & (size < len(yin)))
            with np.errstate(invalid="ignore", divide="ignore"):
                dens.append(hits / size)
        for j in range(k):
            for side in (0, 1):
                if not valid[side][j]:
                    continue
                dj = float(dens[side][j])
                if best is None or dj > best[0] + 1e-12:
                    best = (dj, j, side, float(cuts[side, j]))
        if best is None:
            break
        _, j, side, cut = best
        if side == 0:
            lo[j] = cut
        else:
            hi[j] = cut
        inside = inside & ((X[:, j] > lo[j]) if side == 0 else (X[:, j] < hi[j]))
        trajectory.append((lo.copy(), hi.copy(), inside.copy()))
    # choose: densest box with enough coverage
    best_i, best_d = 0, -1.0
    for i, (_, _, ins) in enumerate(trajectory):
        d, c, _ = _stats(ins, y, total_hits)
        if c >= min_coverage and d > best_d + 1e-12:
            best_i, best_d = i, d
    lo, hi, inside = (a.copy() for a in trajectory[best_i])

    def box_mask(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        return np.all((X >= lo) & (X <= hi), axis=1)

    def violations(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per sample, how many limits it breaks, and per (sample, column) whether it
        breaks that column's: the box without column j's limits is ``V - B[:, j] == 0``
        (one pass over the samples instead of a full mask per candidate)."""
        broken = (X < lo) | (X > hi)
        return broken.sum(axis=1), broken

    def mask_with(
        V: np.ndarray, broken: np.ndarray, j: int, lo_j: float, hi_j: float
    ) -> np.ndarray:
        """The box with column j's limits replaced by ``(lo_j, hi_j)``."""
        col = X[:, j]
        return (V - broken[:, j] == 0) & (col >= lo_j) & (col <= hi_j)

    # paste: widen limits while density does not drop
    improved = True
    while improved:
        improved = False
        d0 = _stats(box_mask(lo, hi), y, total_hits)[0]
        V, broken = violations(lo, hi)
        for j in range(k):
            for side in (0, 1):
                bound = lo[j] if side == 0 else hi[j]
                if not np.isfinite(bound):
                    continue
                outside = X[:, j] < lo[j] if side == 0 else X[:, j] > hi[j]
                cand = X[outside & (V - broken[:, j] == 0), j]
                if cand.size == 0:
                    continue
                step = np.quantile(cand, 1 - alpha if side == 0 else alpha)
                lo2, hi2 = lo.copy(), hi.copy()
                if side == 0:
                    lo2[j] = step
                else:
                    hi2[j] = step
                d1 = _stats(mask_with(V, broken, j, lo2[j], hi2[j]), y, total_hits)[0]
                if d1 >= d0 - 1e-12 and (lo2 != lo).any() | (hi2 != hi).any():
                    lo, hi, d0, improved = lo2, hi2, d1, True
                    V, broken = violations(lo, hi)
    # simplify: drop limits that barely matter
    d0 = _stats(box_mask(lo, hi), y, total_hits)[0]
    V, broken = violations(lo, hi)
    for j in range(k):
        for side in (0, 1):
            if not np.isfinite(lo[j] if side == 0 else hi[j]):
                continue
            lo2, hi2 = lo.copy(), hi.copy()
            if side == 0:
                lo2[j] = -np.inf
            else:
                hi2[j] = np.inf
            d1 = _stats(mask_with(V, broken, j, lo2[j], hi2[j]), y, total_hits)[0]
            if d1 >= d0 - simplify:
                lo, hi = lo2, hi2
                V, broken = violations(lo, hi)
    inside = box_mask(lo, hi)
    if not inside.any():
        return None
    d, c, _ = _stats(inside, y, total_hits)
    limits = {
        names[j]: (float(lo[j]), float(hi[j]))
        for j in range(k)
        if np.isfinite(lo[j]) or np.isfinite(hi[j])
    }
    return Box(
        limits=limits,
        density=float(d),
        coverage=float(c),
        support=float(inside.sum() / n_all),
        n=int(inside.sum()),
        outcome=outcome,
    )


def prim(
    values: np.ndarray,
    outcome: np.ndarray,
    names: Sequence[str],
    /,
    *,
    alpha: float = 0.05,
    min_support: float = 0.05,
    min_coverage: float = 0.5,
    simplify: float = 0.01,
    max_boxes: int = 1,
    outcome_name: str = "the outcome holds",
) -> list[Box]:
    """Boxes of parameter space in which a 0/1 outcome is concentrated (see module doc).

    Parameters
    ----------
    values : ndarray, shape (n, k)
        Sample values (e.g. ``result.table.values``).
    outcome : ndarray, shape (n,)
        1 where the outcome holds (indicator), 0 elsewhere.
    names : sequence of str
        Parameter names of the columns.
    alpha : float, default 0.05
        Share of the box's samples peeled per step.
    min_support : float, default 0.05
        Stop peeling when the box holds fewer than this share of samples.
    min_coverage : float, default 0.5
        The chosen box must hold at least this share of the outcome's samples.
    simplify : float, default 0.01
        Drop a limit if density falls by less than this without it.
    max_boxes : int, default 1
        Look for further boxes among the samples outside the previous ones.
    outcome_name : str
        Words for the outcome in :meth:`Box.describe`.

    Returns
    -------
    list of Box
        Coverage and support are relative to all samples.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.random((2000, 2))
    >>> y = (X[:, 0] > 0.7).astype(float)
    >>> box = prim(X, y, ["a", "b"], outcome_name="y is 1")[0]
    >>> list(box.limits), box.density > 0.95
    (['a'], True)
    """
    X = np.asarray(values, dtype=float)
    y = np.asarray(outcome, dtype=float)
    if X.ndim != 2 or X.shape[1] != len(names):
        raise SensitivityError(f"values must have shape (n, {len(names)}), got {X.shape}")
    if y.shape != (X.shape[0],):
        raise SensitivityError(
            f"outcome must have one value per sample ({X.shape[0]}), got shape {y.shape}"
        )
    if not np.isin(y, (0.0, 1.0)).all():
        raise SensitivityError("PRIM needs a 0/1 outcome such as 'USA=pacific_nato*'")
    if not 0 < alpha < 0.5:
        raise SensitivityError(f"alpha must be between 0 and 0.5, got {alpha}")
    if X.shape[0] < 20:
        raise SensitivityError(f"too few samples for PRIM: {X.shape[0]} (at least 20)")
    total = y.sum()
    if total == 0:
        return []
    boxes = []
    remaining = np.ones(len(y), dtype=bool)
    for _ in range(max(int(max_boxes), 1)):
        if y[remaining].sum() == 0:
            break
        box = _one_box(
            X[remaining],
            y[remaining],
            names,
            alpha,
            min_support,
            min_coverage,
            simplify,
            total,
            len(y),
            outcome_name,
        )
        if box is None or (boxes and not box.limits):
            break  # nothing more to say than "everywhere else"
        boxes.append(box)
        remaining &= ~box.contains(X, names)
    return boxes
