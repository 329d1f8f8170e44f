"""Critical thresholds: where, along each parameter's range, the equilibrium changes.

For each parameter (the others at the base point), :func:`critical_thresholds`
evaluates a grid across the range, brackets every pair of neighbouring points whose
outcome labels differ, and bisects all brackets together (one vectorised evaluation
per step) until each is narrower than ``tol``. Each threshold is reported with the
players whose action changes, the base value and the margin from it, and a sentence
such as "JPN compete -> hedge when trade_dep.JPN exceeds 0.83; base 0.70".

Changes that happen and revert between two neighbouring grid points are not seen;
raise ``steps`` to look closer.

For small models (at most :data:`MAX_EXACT_PROFILES` pure profiles) the thresholds
are also found in closed form: with the other parameters at their base values,
every change of a pure or backward-induction equilibrium (and of a selection by
total payoff) happens where two payoffs tie, so each tie ``u_i(s) = u_i(t)``
(and each tie of payoff sums) is solved for the parameter with sympy when it is
polynomial of degree at most two in it; a root inside the final bisection bracket
replaces the bisected value and is reported in the ``exact`` column (``"3/10"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._common import evaluate_points, space_for
from .errors import SensitivityError
from .outcomes import OutcomeTable
from .space import ParameterSpace

__all__ = ["critical_thresholds", "MAX_EXACT_PROFILES"]

#: Largest number of pure profiles for which closed-form thresholds are attempted.
MAX_EXACT_PROFILES = 64


def _tie_roots(model: Any, name: str) -> list[Any] | None:
    """Real roots in ``name`` of every payoff tie, other parameters at base (or None)."""
    import itertools

    import sympy

    players = getattr(model, "players", None)
    if not players or not hasattr(model, "payoff_expression"):
        return None
    shapes = [len(p.strategies) for p in players]
    if int(np.prod(shapes)) > MAX_EXACT_PROFILES:
        return None
    theta = sympy.Symbol(name)
    subs = {sympy.Symbol(n): sympy.Rational(repr(float(p.value)))
            for n, p in model.parameters.items() if n != name}
    profiles = list(itertools.product(*[range(n) for n in shapes]))
    values = []  # values[i][profile] = player i's payoff as an expression in theta
    for p in players:
        expr = model.payoff_expression(p.id).xreplace(subs)
        row = []
        for prof in profiles:
            ind = {sympy.Symbol(f"{q.id}={s}"): int(k == prof[j])
                   for j, q in enumerate(players) for k, s in enumerate(q.strategies)}
            row.append(sympy.expand(expr.xreplace(ind)))
        values.append(row)
    diffs = set()
    for row in values:
        for a, b in itertools.combinations(row, 2):
            diffs.add(sympy.expand(a - b))
    totals = [sympy.expand(sum(v[k] for v in values)) for k in range(len(profiles))]
    for a, b in itertools.combinations(totals, 2):
        diffs.add(sympy.expand(a - b))
    roots = set()
    for d in diffs:
        if d == 0 or theta not in d.free_symbols:
            continue
        num, _ = sympy.fraction(sympy.together(d))
        try:
            poly = sympy.Poly(num, theta)
        except sympy.PolynomialError:
            continue
        if poly.degree() < 1 or poly.degree() > 2 or poly.free_symbols - {theta}:
            continue
        for r in sympy.roots(poly, filter="R"):
            roots.add(sympy.nsimplify(r))
    return sorted(roots, key=lambda r: float(r))


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
                        tol: float = 1e-6, exact: bool | None = None,
                        space: ParameterSpace | None = None, **run: Any) -> Any:
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
    exact : bool, optional
        Look for closed-form thresholds (default: when the model has at most
        :data:`MAX_EXACT_PROFILES` pure profiles).
    space : ParameterSpace, optional
    **run
        Execution options of :func:`~gametheory.sensitivity.execute.evaluate_samples`.

    Returns
    -------
    pandas.DataFrame
        One row per threshold: ``parameter, threshold, base, margin, relative_margin,
        direction`` ("above" or "below" the base), ``before`` and ``after`` (outcome
        labels on the base side and beyond), ``changes`` ("JPN compete -> hedge; ..."),
        ``exact`` (the closed-form value as text, or "" when only bisected) and
        ``statement``. Sorted by ``abs(relative_margin)``: the closest calls first.
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

    players = getattr(model, "players", None) or ()
    n_profiles = int(np.prod([len(p.strategies) for p in players])) if players else 0
    if exact is None:
        exact = 0 < n_profiles <= MAX_EXACT_PROFILES
    roots_of: dict[str, list[Any] | None] = {}
    rows = []
    for j in range(len(lo_x)):
        d = sp.dimensions[dim[j]]
        thr = float((lo_x[j] + hi_x[j]) / 2)
        closed = ""
        if exact:
            if d.name not in roots_of:
                roots_of[d.name] = _tie_roots(model, d.name)
            slack = 1e-9 * d.width
            inside = [r for r in roots_of[d.name] or ()
                      if lo_x[j] - slack <= float(r) <= hi_x[j] + slack]
            if len(inside) == 1:
                thr, closed = float(inside[0]), str(inside[0])
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
            "before": before, "after": after, "changes": change_text, "exact": closed,
            "statement": f"{change_text} when {d.name} {verb} {thr:.4g}"
                         f"{_exact_note(closed, thr)}; base {d.base:.4g}",
        })
    cols = ["parameter", "threshold", "base", "margin", "relative_margin", "direction",
            "before", "after", "changes", "exact", "statement"]
    frame = pd.DataFrame(rows, columns=cols)
    if len(frame):
        frame = frame.iloc[np.argsort(np.abs(frame["relative_margin"].to_numpy()),
                                      kind="stable")].reset_index(drop=True)
    frame.attrs["no_change"] = [d.name for d in sp.dimensions if d.name not in set(frame.parameter)]
    frame.attrs["steps"] = int(steps)
    frame.attrs["tol"] = float(tol)
    return frame


def _exact_note(closed: str, value: float) -> str:
    """`` (exactly sqrt(2)/4)`` unless the printed decimal already is the exact value."""
    from fractions import Fraction

    if not closed:
        return ""
    try:
        if Fraction(closed) == Fraction(f"{value:.4g}"):
            return ""
    except ValueError:
        pass
    return f" (exactly {closed})"


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
