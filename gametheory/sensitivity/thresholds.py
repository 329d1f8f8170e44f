"""Critical thresholds: where, along each parameter's range, the equilibria change.

For each parameter (the others at the base point), :func:`critical_thresholds`
evaluates a grid across the range, brackets every pair of neighbouring points whose
outcome differs, and bisects all brackets together (one vectorised evaluation per
step) until each is narrower than ``tol``.

What "the outcome" is, is declared (``outcome``):

* ``"set"`` (the default): the *set* of pure equilibria (for a sequential model,
  the subgame-perfect path under the model's declared stage ``selection``). Every
  threshold is of kind ``"equilibrium-set"``: an equilibrium appears or disappears.
  Its row lists the pure equilibria on either side (``equilibria_before``,
  ``equilibria_after``) and, for small simultaneous models, the mixed ones
  (``mixed_before``, ``mixed_after``; otherwise the text says they were not
  computed and why).
* a selection rule (``"payoff-dominant"``, ``"risk-dominant"``, ``"first"``): also
  the rule's pick.
  A change of the pick where the set stays the same is a threshold of kind
  ``"selection"``, which names the rule.

For sequential models the scan also visits every *branch*: every option of every
mover of the single-mover stages that open the game (see
:func:`~gametheory.sensitivity.declared.branches`), so that a change in the
outcome after an option the first mover does not take (a whole row of the
flagship's table) is reported, with the branch named.

For small models (at most :data:`MAX_EXACT_PROFILES` pure profiles) the payoff
ties are solved in closed form (:mod:`gametheory.sensitivity.ties`): a root inside
a bisection bracket replaces the bisected value (the ``exact`` column, ``"3/10"``),
and when every tie was solved the grid gets a point between each two consecutive
roots, so that no change is missed however close two changes are. Otherwise,
changes that happen and revert between two neighbouring grid points are not seen;
raise ``steps`` to look closer.

Examples
--------
>>> import pathlib, gametheory
>>> from gametheory.models import load_model
>>> m = load_model(pathlib.Path(gametheory.__file__).parents[1] / "models" / "us_china.toml")
>>> frame = critical_thresholds(m, steps=11)
>>> set(frame["kind"]) <= {"equilibrium-set"}
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._common import evaluate_points, space_for
from .declared import DeclaredModel, branches, check_rule, mixed_equilibria_text
from .errors import SensitivityError
from .outcomes import OutcomeTable, underflow_note, underflow_summary, undetermined_note
from .space import Dimension, ParameterSpace
from .ties import MAX_EXACT_PROFILES, TieRoots, tie_roots

if TYPE_CHECKING:
    import pandas as pd

    from ..models.model import Model
    from ..models.tree_model import TreeModel

#: Most grid points per parameter in a threshold scan.
MAX_THRESHOLD_STEPS = 100_000

__all__ = ["critical_thresholds", "MAX_EXACT_PROFILES", "THRESHOLD_COLUMNS"]

#: Columns of the frame :func:`critical_thresholds` returns.
THRESHOLD_COLUMNS = [
    "parameter",
    "threshold",
    "base",
    "margin",
    "relative_margin",
    "direction",
    "kind",
    "branch",
    "selection",
    "before",
    "after",
    "equilibria_before",
    "equilibria_after",
    "mixed_before",
    "mixed_after",
    "changes",
    "exact",
    "statement",
]

_SEP = "\x1f"


def _keys(table: OutcomeTable, rule: str | None) -> np.ndarray:
    sets = table.arrays["set"].astype(str)
    if rule is None:
        return sets
    return np.char.add(np.char.add(sets, _SEP), table.labels.astype(str))


def _grids(sp: ParameterSpace, steps: int, roots: dict[str, TieRoots | None]) -> list[np.ndarray]:
    grids = []
    for d in sp.dimensions:
        g = np.unique(np.concatenate([np.linspace(d.low, d.high, int(steps)), [d.base]]))
        tr = roots.get(d.name)
        if tr is not None and tr.complete and tr.roots:
            r = np.array([float(x) for x in tr.roots])
            r = r[(r > d.low) & (r < d.high)]
            if r.size:
                both = np.unique(np.concatenate([g, r]))
                mids = (both[:-1] + both[1:]) / 2
                near = np.abs(g[:, None] - r[None, :]).min(axis=1) <= 1e-12 * d.width
                # grid points on a tie are degenerate (the set is larger there): skip them
                # unless they are the range ends or the base value
                keep = ~near | (g == d.low) | (g == d.high) | (g == d.base)
                g = np.unique(np.concatenate([g[keep], mids]))
        grids.append(g)
    return grids


def critical_thresholds(
    model: Model | TreeModel,
    /,
    *,
    params: Sequence[str] | None = None,
    steps: int = 41,
    tol: float = 1e-6,
    exact: bool | None = None,
    space: ParameterSpace | None = None,
    outcome: str = "set",
    branches_: bool | None = None,
    mixed: bool = True,
    **run: Any,
) -> pd.DataFrame:
    """Parameter values at which the equilibria change, one parameter at a time.

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
    outcome : str, default "set"
        ``"set"``: thresholds where the set of pure equilibria changes. A selection
        rule name (as ``model.evaluator(selection=...)`` takes it): also where the
        rule's pick changes with the set unchanged (kind ``"selection"``).
    branches_ : bool, optional
        Sequential models: also scan every branch (default: yes).
    mixed : bool, default True
        Enumerate the mixed equilibria on either side of each threshold (small
        simultaneous models only); False says "not computed" instead.
    **run
        Execution options of :func:`~gametheory.sensitivity.execute.evaluate_samples`
        (not ``store``: each bisection step evaluates new points).

    Returns
    -------
    pandas.DataFrame
        One row per threshold, columns :data:`THRESHOLD_COLUMNS`: ``kind``
        (``"equilibrium-set"`` or ``"selection"``), ``branch`` ("" for the whole game,
        else e.g. ``"USA pacific_nato"``), ``selection`` (the rule, "" for the set),
        ``before``/``after`` (the outcome on the base side and beyond),
        ``equilibria_before``/``equilibria_after`` (lists of pure equilibrium labels),
        ``mixed_before``/``mixed_after`` (text), ``changes`` and ``statement``.
        Sorted by ``abs(relative_margin)``, the closest calls first; within one
        parameter the whole game comes before its branches. ``frame.attrs`` holds
        ``no_change`` (parameters without any threshold), ``outcome``, ``steps``
        and ``tol``.
    """
    import pandas as pd

    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 2:
        raise SensitivityError(f"steps must be an integer of at least 2, got {steps!r}")
    if steps > MAX_THRESHOLD_STEPS:
        raise SensitivityError(
            f"steps={steps:,} is more than the {MAX_THRESHOLD_STEPS:,} grid "
            "points per parameter allowed (bisection refines each bracket "
            "to tol anyway)"
        )
    if not (isinstance(tol, (int, float)) and 0 < tol < 1):
        raise SensitivityError(f"tol must be a number between 0 and 1, got {tol!r}")
    if not isinstance(outcome, str) or not outcome:
        raise SensitivityError(f"outcome must be 'set' or a selection rule, got {outcome!r}")
    if run.get("store") is not None:  # every bisection step evaluates new points
        raise SensitivityError("critical_thresholds cannot keep its evaluations in a store")
    rule = None if outcome == "set" else check_rule(outcome)
    sp = space_for(model, space, params)
    players = getattr(model, "players", None) or ()
    n_profiles = int(np.prod([len(p.strategies) for p in players])) if players else 0
    if exact is None:
        exact = 0 < n_profiles <= MAX_EXACT_PROFILES
    roots = {d.name: tie_roots(model, d.name) for d in sp.dimensions} if exact else {}
    grids = _grids(sp, steps, roots)
    targets: list[tuple[str, Model | TreeModel | DeclaredModel]] = [
        ("", model if rule is None else DeclaredModel(model, selection=rule))
    ]
    if branches_ is None or branches_:
        targets += [
            (name, DeclaredModel(model, fix=fix, selection=rule)) for name, fix in branches(model)
        ]
    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    evaluated: list[OutcomeTable] = []  # every table evaluated: their underflows are reported
    for branch, target in targets:
        found = _scan(
            target, model, sp, grids, roots, tol, rule, branch, run, mixed, skipped, evaluated
        )
        if branch:  # the branch on the path repeats the whole game's thresholds
            seen = {
                (r["parameter"], round(r["relative_margin"] / tol), r["changes"])
                for r in rows
                if not r["branch"]
            }
            found = [
                r
                for r in found
                if (r["parameter"], round(r["relative_margin"] / tol), r["changes"]) not in seen
            ]
        rows += found
    frame = pd.DataFrame(rows, columns=THRESHOLD_COLUMNS)
    if len(frame):
        order = np.lexsort(
            (frame["branch"].to_numpy() != "", np.abs(frame["relative_margin"].to_numpy()))
        )
        frame = frame.iloc[order].reset_index(drop=True)
    frame.attrs["no_change"] = [d.name for d in sp.dimensions if d.name not in set(frame.parameter)]
    frame.attrs["outcome"] = outcome
    frame.attrs["steps"] = int(steps)
    frame.attrs["tol"] = float(tol)
    frame.attrs["notes"] = [r.note for r in roots.values() if r is not None and r.note]
    frame.attrs["notes"] += list(dict.fromkeys(skipped))  # samples skipped as undetermined
    lost = underflow_note(*evaluated)  # payoffs that fell below the float range: flagged
    frame.attrs["warnings"] = [lost] if lost else []
    frame.attrs["underflow"] = underflow_summary(*evaluated)
    return frame


def _scan(
    target: Model | TreeModel | DeclaredModel,
    model: Model | TreeModel,
    sp: ParameterSpace,
    grids: list[np.ndarray],
    roots: dict[str, TieRoots | None],
    tol: float,
    rule: str | None,
    branch: str,
    run: dict[str, Any],
    mixed: bool = True,
    skipped: list[str] | None = None,
    evaluated: list[OutcomeTable] | None = None,
) -> list[dict[str, Any]]:
    """Thresholds of one branch (or of the whole game, ``branch == ""``). Grid points
    skipped as undetermined are left out of the comparison (a change is looked for
    between the determined points on either side, never at a skipped one); a bisection
    that meets one stops there; ``skipped`` receives the note naming them, and
    ``evaluated`` every table evaluated."""
    k = len(sp)
    base = sp.base
    sizes = [len(g) for g in grids]
    pts = np.repeat(base[None, :], sum(sizes), axis=0)
    owner = np.repeat(np.arange(k), sizes)
    pts[np.arange(len(pts)), owner] = np.concatenate(grids)
    table = evaluate_points(target, sp, pts, method="thresholds", **run)
    if evaluated is not None:
        evaluated.append(table)
    keys = _keys(table, rule)
    known = ~table.arrays["undetermined"]
    note = undetermined_note(table)
    if note and skipped is not None:
        skipped.append(note)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    lo_found: list[int] = []
    hi_found: list[int] = []
    for i in range(k):
        s, n = starts[i], sizes[i]
        at = s + np.flatnonzero(known[s : s + n])  # determined grid points only
        diff = np.flatnonzero(keys[at[:-1]] != keys[at[1:]])
        lo_found.extend(at[diff])
        hi_found.extend(at[diff + 1])
    lo_idx = np.array(lo_found, dtype=int)
    hi_idx = np.array(hi_found, dtype=int)
    dim = owner[lo_idx]
    lo_x = pts[lo_idx, dim].copy()
    hi_x = pts[hi_idx, dim].copy()
    lo_key = keys[lo_idx].copy()
    grid_lo, grid_hi = pts[lo_idx].copy(), pts[hi_idx].copy()  # for the mixed equilibria
    lo_row = {j: (table, int(lo_idx[j])) for j in range(len(lo_idx))}
    hi_row = {j: (table, int(hi_idx[j])) for j in range(len(hi_idx))}
    width = sp.bounds[:, 1] - sp.bounds[:, 0]
    stuck = np.zeros(len(lo_x), dtype=bool)  # a midpoint was undetermined
    for _ in range(200):
        active = np.flatnonzero((hi_x - lo_x > tol * width[dim]) & ~stuck)
        if active.size == 0:
            break
        mid = (lo_x[active] + hi_x[active]) / 2
        q = np.repeat(base[None, :], active.size, axis=0)
        q[np.arange(active.size), dim[active]] = mid
        t = evaluate_points(target, sp, q, method="thresholds", **run)
        if evaluated is not None:
            evaluated.append(t)
        key = _keys(t, rule)
        # a midpoint that differs from both ends means a third outcome in between:
        # follow the change from the low end (the other one is found on a finer grid)
        for a, j in enumerate(active.tolist()):
            if t.arrays["undetermined"][a]:
                stuck[j] = True
                if skipped is not None:
                    skipped.append(str(undetermined_note(t)))
            elif key[a] == lo_key[j]:
                lo_x[j], lo_row[j] = mid[a], (t, a)
            else:
                hi_x[j], hi_row[j] = mid[a], (t, a)
    # a grid point exactly on a tie has a larger set than both sides: the two changes
    # that meet there are one threshold
    # (within the payoff tie tolerance of it, too): the changes that meet there are one
    gap = max(4 * tol, 1e-7) * width
    brackets: list[tuple[int, int]] = []
    for j in range(len(lo_x)):
        prev = brackets[-1] if brackets else None
        if (
            prev is not None
            and dim[prev[0]] == dim[j]
            and hi_idx[prev[1]] == lo_idx[j]
            and hi_x[j] - lo_x[prev[0]] <= gap[dim[j]]
            and keys[lo_idx[prev[0]]] != keys[hi_idx[j]]
        ):
            brackets[-1] = (prev[0], j)
        else:
            brackets.append((j, j))
    # the two sides, read just off the bracket (a bisection end may lie within the
    # payoff tie tolerance of the change, where the set is the tie's larger one)
    delta = max(10 * tol, 1e-6) * width
    sides = np.repeat(base[None, :], 2 * len(brackets), axis=0)
    for b, (j0, j1) in enumerate(brackets):
        i = dim[j0]
        lo_b, hi_b = sp.bounds[i]
        sides[2 * b, i] = max(lo_x[j0] - delta[i], lo_b)
        sides[2 * b + 1, i] = min(hi_x[j1] + delta[i], hi_b)
    if not brackets:
        return []
    st = evaluate_points(target, sp, sides, method="thresholds", **run)
    rows = []
    for b, (j0, j1) in enumerate(brackets):
        d = sp.dimensions[dim[j0]]
        lo, hi = lo_x[j0], hi_x[j1]
        thr = float((lo + hi) / 2)
        closed = ""
        tr = roots.get(d.name)
        if tr is not None:
            slack = max(tol, 1e-7) * d.width  # bisection stops at the payoff tie tolerance
            inside = [r for r in tr.roots if lo - slack <= float(r) <= hi + slack]
            if len(inside) == 1:
                thr, closed = float(inside[0]), str(inside[0])
        if min(thr - d.low, d.high - thr) <= 2 * max(tol, 1e-7) * d.width:
            continue  # a tie at the very end of the range: the set differs only there
        above = thr > d.base
        low_side, high_side = (st, 2 * b), (st, 2 * b + 1)
        if _keys(st, rule)[2 * b] == _keys(st, rule)[2 * b + 1]:  # a reverting blip
            low_side, high_side = lo_row[j0], hi_row[j1]
        near, far = (low_side, high_side) if above else (high_side, low_side)
        ends = (grid_lo[j0], grid_hi[j1]) if above else (grid_hi[j1], grid_lo[j0])
        rows.append(
            _row(model, sp, d, thr, closed, above, near, far, rule, branch, ends if mixed else None)
        )
    return rows


def _side(table: OutcomeTable, a: int) -> dict[str, Any]:
    set_label = str(table.arrays["set"][a])
    equilibria = [] if set_label == "no pure equilibrium" else set_label.split("; ")
    return {
        "set": set_label,
        "label": str(table.labels[a]),
        "equilibria": equilibria,
        "actions": {
            p: str(table.arrays[f"action:{p}"][a])
            for p in table.players
            if f"action:{p}" in table.arrays
        },
    }


def _row(
    model: Model | TreeModel,
    sp: ParameterSpace,
    d: Dimension,
    thr: float,
    closed: str,
    above: bool,
    near: tuple[OutcomeTable, int],
    far: tuple[OutcomeTable, int],
    rule: str | None,
    branch: str,
    ends: tuple[np.ndarray, np.ndarray] | None,
) -> dict[str, Any]:
    b, a = _side(*near), _side(*far)
    sequential = getattr(model, "form", "") == "sequential"
    if b["set"] == a["set"]:
        kind = "selection"
        before, after = b["label"], a["label"]
        change = (
            f"the {rule} selection moves from {before} to {after} (the set of "
            f"equilibria is unchanged)"
        )
    else:
        kind = "equilibrium-set"
        before, after = (b["set"], a["set"]) if rule is None else (b["label"], a["label"])
        if sequential or (len(b["equilibria"]) <= 1 and len(a["equilibria"]) <= 1):
            moved = [
                f"{p} {x} -> {a['actions'][p]}"
                for p, x in b["actions"].items()
                if a["actions"].get(p) != x
            ]
            change = "; ".join(moved) or f"{b['set']} -> {a['set']}"
            if not b["equilibria"] or not a["equilibria"]:
                change = f"{b['set']} -> {a['set']}"
        else:
            gone = [e for e in b["equilibria"] if e not in a["equilibria"]]
            new = [e for e in a["equilibria"] if e not in b["equilibria"]]
            parts = [f"{e} stops being an equilibrium" for e in gone]
            parts += [f"{e} becomes an equilibrium" for e in new]
            change = "; ".join(parts)
            change += (
                f" ({len(b['equilibria'])} -> {len(a['equilibria'])} pure equilibria)"
                if len(b["equilibria"]) != len(a["equilibria"])
                else ""
            )
        if rule is not None and not sequential and b["label"] != a["label"]:
            change += f"; the {rule} selection moves from {b['label']} to {a['label']}"
    verb = "exceeds" if above else "falls below"
    where = f"after {branch}: " if branch else ""
    names = sp.names
    return {
        "parameter": d.name,
        "threshold": thr,
        "base": d.base,
        "margin": thr - d.base,
        "relative_margin": (thr - d.base) / d.width,
        "direction": "above" if above else "below",
        "kind": kind,
        "branch": branch,
        "selection": rule or "",
        "before": before,
        "after": after,
        "equilibria_before": b["equilibria"],
        "equilibria_after": a["equilibria"],
        # mixed equilibria at the grid points around the threshold, away from the tie
        "mixed_before": mixed_equilibria_text(model, names, ends[0])
        if ends is not None
        else "not computed (mixed=False)",
        "mixed_after": mixed_equilibria_text(model, names, ends[1])
        if ends is not None
        else "not computed (mixed=False)",
        "changes": change,
        "exact": closed,
        "statement": f"{where}{change} when {d.name} {verb} {thr:.4g}"
        f"{_exact_note(closed, thr)}; base {d.base:.4g}",
    }


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
