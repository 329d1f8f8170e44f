"""Critical thresholds: where, along each parameter's range, the equilibrium changes.

For each parameter (the others at the base point), :func:`critical_thresholds`
evaluates a grid across the range, brackets every pair of neighbouring points whose
outcome labels differ, and bisects all brackets together (one vectorised evaluation
per step) until each is narrower than ``tol``. Each threshold is reported with the
players whose action changes, the base value and the margin from it, and a sentence
such as "JPN compete -> hedge when trade_dep.JPN exceeds 0.83; base 0.70".

Changes that happen and revert between two neighbouring grid points are not seen;
raise ``steps`` to look closer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._common import evaluate_points, space_for
from .errors import SensitivityError
from .outcomes import OutcomeTable
from .space import ParameterSpace

__all__ = ["critical_thresholds"]


def _changes(table: OutcomeTable, a: int, b: int) -> list[tuple[str, str, str]]:
    out = []
    for p in table.players:
        key = f"action:{p}"
        if key in table.arrays:
            x, y = str(table.arrays[key][a]), str(table.arrays[key][b])
            if x != y:
                out.append((p, x, y))
    return out


def critical_thresholds(model: Any, /, *, params: Sequence[str] | None = None, steps: int = 41,
                        tol: float = 1e-6, space: ParameterSpace | None = None,
                        **run: Any) -> Any:
    """Parameter values at which the equilibrium outcome changes, one parameter at a time.

    Parameters
    ----------
    model : Model
    params : sequence of str, optional
        Parameters to scan (default: every parameter with a range).
    steps : int, default 41
        Grid points per range for bracketing (the base value is added).
    tol : float, default 1e-6
        Bisection stops when a bracket is narrower than ``tol`` times the range.
    space : ParameterSpace, optional
    **run
        Execution options of :func:`~gametheory.sensitivity.execute.evaluate_samples`.

    Returns
    -------
    pandas.DataFrame
        One row per threshold: ``parameter, threshold, base, margin, relative_margin,
        direction`` ("above" or "below" the base), ``before`` and ``after`` (outcome
        labels on the base side and beyond), ``changes`` ("JPN compete -> hedge; ...")
        and ``statement``. Sorted by ``abs(relative_margin)``: the closest calls first.
        Parameters without any change are listed in ``frame.attrs["no_change"]``.
    """
    import pandas as pd

    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 2:
        raise SensitivityError(f"steps must be an integer of at least 2, got {steps!r}")
    if not (isinstance(tol, (int, float)) and 0 < tol < 1):
        raise SensitivityError(f"tol must be a number between 0 and 1, got {tol!r}")
    sp = space_for(model, space, params)
    k = len(sp)
    base = sp.base
    grids = []
    for d in sp.dimensions:
        grids.append(np.unique(np.concatenate([np.linspace(d.low, d.high, int(steps)), [d.base]])))
    sizes = [len(g) for g in grids]
    pts = np.repeat(base[None, :], sum(sizes), axis=0)
    owner = np.repeat(np.arange(k), sizes)
    pts[np.arange(len(pts)), owner] = np.concatenate(grids)
    table = evaluate_points(model, sp, pts, method="thresholds", **run)
    labels = table.labels.astype(str)

    # brackets: neighbouring grid points of the same parameter with different labels
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    lo_idx, hi_idx = [], []
    for i in range(k):
        s, n = starts[i], sizes[i]
        diff = np.flatnonzero(labels[s:s + n - 1] != labels[s + 1:s + n])
        lo_idx.extend(s + diff)
        hi_idx.extend(s + diff + 1)
    lo_idx = np.array(lo_idx, dtype=int)
    hi_idx = np.array(hi_idx, dtype=int)
    dim = owner[lo_idx]
    lo_x = pts[lo_idx, dim].copy()
    hi_x = pts[hi_idx, dim].copy()
    lo_lab = labels[lo_idx].copy()
    hi_lab = labels[hi_idx].copy()
    # keep the rows of the bracket ends to report per-player changes
    lo_row = {j: (table, int(lo_idx[j])) for j in range(len(lo_idx))}
    hi_row = {j: (table, int(hi_idx[j])) for j in range(len(hi_idx))}
    width = sp.bounds[:, 1] - sp.bounds[:, 0]
    for _ in range(200):
        active = np.flatnonzero(hi_x - lo_x > tol * width[dim])
        if active.size == 0:
            break
        mid = (lo_x[active] + hi_x[active]) / 2
        q = np.repeat(base[None, :], active.size, axis=0)
        q[np.arange(active.size), dim[active]] = mid
        t = evaluate_points(model, sp, q, method="thresholds", **run)
        lab = t.labels.astype(str)
        # a midpoint that differs from both ends means a third outcome in between:
        # follow the change from the low end (the other one is found on a finer grid)
        same_lo = lab == lo_lab[active]
        for a, j in enumerate(active):
            if same_lo[a]:
                lo_x[j], lo_row[j] = mid[a], (t, a)
            else:
                hi_x[j], hi_lab[j], hi_row[j] = mid[a], lab[a], (t, a)

    rows = []
    for j in range(len(lo_x)):
        d = sp.dimensions[dim[j]]
        thr = float((lo_x[j] + hi_x[j]) / 2)
        above = thr > d.base
        (ta, a), (tb, b) = lo_row[j], hi_row[j]
        if above:
            before, after = str(ta.labels[a]), str(tb.labels[b])
            ch = [(p, x, y) for p, x, y in _changes_pair(ta, a, tb, b)]
        else:
            before, after = str(tb.labels[b]), str(ta.labels[a])
            ch = [(p, y, x) for p, x, y in _changes_pair(ta, a, tb, b)]
        change_text = "; ".join(f"{p} {x} -> {y}" for p, x, y in ch) or f"{before} -> {after}"
        verb = "exceeds" if above else "falls below"
        rows.append({
            "parameter": d.name, "threshold": thr, "base": d.base,
            "margin": thr - d.base, "relative_margin": (thr - d.base) / d.width,
            "direction": "above" if above else "below",
            "before": before, "after": after, "changes": change_text,
            "statement": f"{change_text} when {d.name} {verb} {thr:.4g}; base {d.base:.4g}",
        })
    cols = ["parameter", "threshold", "base", "margin", "relative_margin", "direction",
            "before", "after", "changes", "statement"]
    frame = pd.DataFrame(rows, columns=cols)
    if len(frame):
        frame = frame.iloc[np.argsort(np.abs(frame["relative_margin"].to_numpy()),
                                      kind="stable")].reset_index(drop=True)
    frame.attrs["no_change"] = [d.name for d in sp.dimensions if d.name not in set(frame.parameter)]
    frame.attrs["steps"] = int(steps)
    frame.attrs["tol"] = float(tol)
    return frame


def _changes_pair(ta: OutcomeTable, a: int, tb: OutcomeTable, b: int) -> list[tuple[str, str, str]]:
    if ta is tb:
        return _changes(ta, a, b)
    out = []
    for p in ta.players:
        key = f"action:{p}"
        if key in ta.arrays and key in tb.arrays:
            x, y = str(ta.arrays[key][a]), str(tb.arrays[key][b])
            if x != y:
                out.append((p, x, y))
    return out
