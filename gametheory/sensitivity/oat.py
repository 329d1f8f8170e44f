"""One-at-a-time analyses around the base point: sweeps, tornado data, region maps.

* :func:`sweep` -- vary one parameter over its range (or two, on a grid) and record
  the equilibrium outcome at each point.
* :func:`tornado` -- each parameter at its low and its high end, the others at base:
  how far an outcome moves.
* :func:`region_map` -- a grid over two parameters, each point labelled with its
  equilibrium outcome, ready to draw as coloured regions.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import UnderflowWarning
from ._common import evaluate_points, outcome_for, short_labels, space_for
from .declared import declared
from .errors import SensitivityError
from .outcomes import OutcomeTable, underflow_note, underflow_summary, undetermined_note
from .space import ParameterSpace

__all__ = ["sweep", "tornado", "region_map", "RegionMap"]


def _steps(steps: Any, what: str = "steps") -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 2:
        raise SensitivityError(f"{what} must be an integer of at least 2, got {steps!r}")
    if steps > 100_000:
        raise SensitivityError(f"{what} = {steps} is too many (at most 100000)")
    return int(steps)


def _mixed_columns(model: Any, space: ParameterSpace, values: np.ndarray) -> dict[str, Any]:
    """All equilibria (mixed too) of a two-player simultaneous model at each point.

    The games are built one per point (``model.with_params(...).game()``) and solved
    together by :func:`gametheory.solvers.batch.batch_bimatrix_equilibria`.
    """
    from ..solvers.batch import batch_bimatrix_equilibria

    names = space.names
    games = []
    for row in values:
        with warnings.catch_warnings():  # the evaluated table flags these points already
            warnings.simplefilter("ignore", UnderflowWarning)
            g = model.with_params(dict(zip(names, row, strict=True)), extend_range=True).game()
        games.append(g.payoffs)
        players, strategies = g.players, g.strategies
    res = batch_bimatrix_equilibria(np.stack(games))
    texts = []
    for b in range(len(values)):
        parts = []
        for x, y in res.equilibria(b):
            if (x > 0).sum() == 1 and (y > 0).sum() == 1:
                continue  # pure: already in the action columns
            mix = [
                f"{p} ["
                + ", ".join(f"{s} {q:.3g}" for s, q in zip(strats, v, strict=True) if q > 0)
                + "]"
                for p, strats, v in zip(players, strategies, (x, y), strict=True)
            ]
            parts.append(" / ".join(mix))
        texts.append("; ".join(parts))
    return {"all equilibria": res.counts, "mixed equilibria": texts}


def sweep(
    model: Any,
    param: str,
    /,
    *,
    steps: int = 21,
    param2: str | None = None,
    steps2: int | None = None,
    space: ParameterSpace | None = None,
    mixed: bool | None = None,
    select: str | None = None,
    **run: Any,
) -> Any:
    """The equilibria as one parameter (or two) varies over its range.

    The other parameters stay at the base point.

    Parameters
    ----------
    model : Model
    param : str
        The parameter to vary, from low to high of its range in ``space``.
    steps : int, default 21
    param2 : str, optional
        A second parameter: the result is the full grid (``param2`` fastest).
    steps2 : int, optional
        Steps for ``param2`` (default ``steps``).
    space : ParameterSpace, optional
        Ranges to use (default: the model's).
    mixed : bool, optional
        Also find the mixed equilibria at each point (two-player simultaneous
        models only; default: yes for those, up to 20,000 points).
    select : str, optional
        A selection rule: ``outcome`` and the action and payoff columns are then the
        rule's pick (default: the rule the model declares, a sequential model's
        stage ``selection``, or for a simultaneous model the first pure equilibrium
        by total payoff; read ``equilibrium set`` for the set).
    **run
        Execution options of :func:`~gametheory.sensitivity.execute.evaluate_samples`.

    Returns
    -------
    pandas.DataFrame
        One row per point: the parameter value(s), ``equilibrium set`` (every pure
        equilibrium, ``"; "``-separated), ``outcome`` (the label of the selected
        pure equilibrium, or ``no pure equilibrium``), ``<player> action``,
        ``<player> payoff``, ``equilibria`` (pure) and ``ok``; with ``mixed``, also
        ``all equilibria`` (pure and mixed extreme equilibria) and ``mixed equilibria``
        (each mixed one as ``USA [hedge 0.4, compete 0.6] / CHN [...]``).
        ``attrs["warnings"]`` lists one line naming the points skipped as
        undetermined (a tree model's sample whose equilibria are past a budget; its
        outcome reads ``(undetermined)``), and one line when payoff formulas fell below
        the floating-point range at some points (``attrs["underflow"]``: how many, of
        how many, whose; see :func:`~gametheory.sensitivity.outcomes.underflow_summary`).
    """
    names = [param] if param2 is None else [param, param2]
    if param2 is not None and param2 == param:
        raise SensitivityError(f"--param given twice: {param!r}")
    sp = space_for(model, space, names)
    n1 = _steps(steps)
    axes = [np.linspace(sp[param].low, sp[param].high, n1)]
    if param2 is not None:
        n2 = _steps(steps if steps2 is None else steps2, "steps2")
        axes.append(np.linspace(sp[param2].low, sp[param2].high, n2))
    mesh = np.meshgrid(*axes, indexing="ij")
    values = np.column_stack([m.ravel() for m in mesh])
    table = evaluate_points(declared(model, select), sp, values, method="sweep", **run)
    frame = table.to_frame()
    frame.insert(len(names), "equilibrium set", table.arrays["set"])
    frame.attrs["selection"] = select or ""
    note = undetermined_note(table)  # samples skipped past a budget: named, not guessed
    lost = underflow_note(table)  # payoffs that fell below the float range: flagged
    frame.attrs["warnings"] = [w for w in (note, lost) if w]
    frame.attrs["underflow"] = underflow_summary(table)
    two_player = getattr(model, "form", "") == "simultaneous" and len(tuple(model.player_ids)) == 2
    if mixed is None:
        mixed = two_player and len(values) <= 20_000
    if mixed:
        if not two_player:
            raise SensitivityError(
                "mixed equilibria in sweeps need a two-player simultaneous model"
            )
        for key, col in _mixed_columns(model, sp, values).items():
            frame[key] = col
    return frame


def tornado(
    model: Any,
    /,
    *,
    outcome: str | None = None,
    params: list[str] | None = None,
    space: ParameterSpace | None = None,
    select: str | None = None,
    **run: Any,
) -> Any:
    """How much an outcome moves when each parameter goes from its low to its high end.

    Parameters
    ----------
    outcome : str, optional
        An outcome spec; indicators give 0/1. Default ``payoff:<first player>``, or
        ``equilibria`` (the number of pure equilibria) when no rule is selected and
        some evaluated point has several.
    select : str, optional
        A selection rule the outcome speaks of (default: the set).
    params : list of str, optional
        Parameters to include (default: every varying one).

    Returns
    -------
    pandas.DataFrame
        ``parameter, low, base, high, value_low, value_base, value_high, swing,
        outcome_low, outcome_high``, sorted by ``swing`` (largest first). The
        frame's ``attrs["outcome"]`` names the outcome.
    """
    import pandas as pd

    sp = space_for(model, space, params)
    k = len(sp)
    base = sp.base
    pts = np.repeat(base[None, :], 2 * k + 1, axis=0)
    for i, d in enumerate(sp.dimensions):
        pts[1 + 2 * i, i] = d.low
        pts[2 + 2 * i, i] = d.high
    table = evaluate_points(declared(model, select), sp, pts, method="tornado", **run)
    out = outcome_for(model, outcome, select=select, table=table)
    y = out.values(table.arrays)
    labels = table.labels if select is not None else table.arrays["set"]
    rows = []
    for i, d in enumerate(sp.dimensions):
        lo, hi = y[1 + 2 * i], y[2 + 2 * i]
        rows.append(
            {
                "parameter": d.name,
                "low": d.low,
                "base": d.base,
                "high": d.high,
                "value_low": lo,
                "value_base": y[0],
                "value_high": hi,
                "swing": abs(hi - lo),
                "outcome_low": str(labels[1 + 2 * i]),
                "outcome_high": str(labels[2 + 2 * i]),
            }
        )
    frame = pd.DataFrame(rows).sort_values("swing", ascending=False, kind="stable")
    frame = frame.reset_index(drop=True)
    frame.attrs["outcome"] = out.spec
    frame.attrs["outcome_description"] = out.describe()
    return frame


@dataclass(frozen=True)
class RegionMap:
    """Equilibrium outcomes on a grid over two parameters.

    Attributes
    ----------
    x, y : str
        Parameter names (x varies along columns, y along rows).
    xs, ys : ndarray
        Grid values.
    codes : ndarray of int, shape (len(ys), len(xs))
        Index into ``categories`` at each grid point.
    categories : tuple of str
        Distinct outcome labels, most frequent first.
    short : tuple of str
        The same labels, showing only the players whose action changes on the map.
    base : tuple of float
        The base point (x, y).
    table : OutcomeTable
    several : tuple of bool
        Per category: whether several pure equilibria coexist there.
    selection : str
        The selection rule the regions follow ("" for the set of equilibria).
    """

    x: str
    y: str
    xs: np.ndarray
    ys: np.ndarray
    codes: np.ndarray
    categories: tuple[str, ...]
    short: tuple[str, ...]
    base: tuple[float, float]
    table: OutcomeTable
    several: tuple[bool, ...] = ()
    selection: str = ""

    def to_frame(self) -> Any:
        """Long form: one row per grid point with its outcome.

        ``attrs["warnings"]`` names the grid points skipped as undetermined (see
        :func:`~gametheory.sensitivity.outcomes.undetermined_note`) and the points where
        payoffs underflowed (``attrs["underflow"]``), as :func:`sweep` does.
        """
        frame = self.table.to_frame()
        frame["equilibrium set"] = self.table.arrays["set"]
        frame["region"] = [self.short[c] for c in self.codes.T.ravel()]
        note = undetermined_note(self.table)
        lost = underflow_note(self.table)
        frame.attrs["warnings"] = [w for w in (note, lost) if w]
        frame.attrs["underflow"] = underflow_summary(self.table)
        return frame

    def shares(self) -> Any:
        """Share of the map's area held by each outcome."""
        import pandas as pd

        counts = np.bincount(self.codes.ravel(), minlength=len(self.categories))
        several = (
            self.several
            if len(self.several) == len(self.categories)
            else (False,) * len(self.categories)
        )
        return pd.DataFrame(
            {
                "outcome": self.categories,
                "region": self.short,
                "several": list(several),
                "share": counts / counts.sum(),
            }
        )

    def plot(self, **kwargs: Any) -> Any:
        """The map as a matplotlib Figure (see :func:`~gametheory.sensitivity.plots.plot_region_map`)."""
        from .plots import plot_region_map

        return plot_region_map(self, **kwargs)

    def __repr__(self) -> str:
        return (
            f"<RegionMap {self.x} x {self.y}: {len(self.xs)}x{len(self.ys)} grid, "
            f"{len(self.categories)} outcomes>"
        )


def region_map(
    model: Any,
    x: str,
    y: str,
    /,
    *,
    steps: int = 41,
    steps_y: int | None = None,
    space: ParameterSpace | None = None,
    select: str | None = None,
    **run: Any,
) -> RegionMap:
    """Label every point of a grid over two parameters with its set of equilibria.

    Regions are coloured by the set of pure equilibria (for a sequential model, the
    subgame-perfect path); a region where several coexist is hatched and its legend
    entry lists them. With ``select`` the regions are the rule's picks instead.

    Examples
    --------
    See ``notebooks/05_sensitivity.ipynb``; ``region_map(m, "a", "b").plot()``
    draws the regions with their boundaries and a legend.
    """
    if x == y:
        raise SensitivityError(f"region map needs two different parameters, got {x!r} twice")
    sp = space_for(model, space, [x, y])
    nx = _steps(steps)
    ny = _steps(steps if steps_y is None else steps_y, "steps_y")
    xs = np.linspace(sp[x].low, sp[x].high, nx)
    ys = np.linspace(sp[y].low, sp[y].high, ny)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    table = evaluate_points(
        declared(model, select),
        sp,
        np.column_stack([gx.ravel(), gy.ravel()]),
        method="region_map",
        **run,
    )
    on_set = select is None and getattr(model, "form", "") != "sequential"
    labels = (table.arrays["set"] if on_set else table.labels).astype(str)
    uniq, inv, counts = np.unique(labels, return_inverse=True, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    codes = rank[inv].reshape(nx, ny).T  # rows = y, columns = x
    cats = tuple(str(u) for u in uniq[order])
    names = short_labels(table, on_set=on_set)
    several = tuple(on_set and "; " in c for c in cats)
    return RegionMap(
        x=x,
        y=y,
        xs=xs,
        ys=ys,
        codes=codes,
        categories=cats,
        short=tuple(names.get(c, c) for c in cats),
        base=(float(sp[x].base), float(sp[y].base)),
        table=table,
        several=several,
        selection=select or "",
    )
