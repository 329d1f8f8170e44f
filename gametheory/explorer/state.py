"""The explorer's state, without widgets: a model, a point in its parameters, the result.

:class:`Explorer` holds the model as loaded (the *base*), the current parameter values
and the result of solving the model there. The notebook panel
(:mod:`gametheory.explorer.widgets`) and the local web app (:mod:`gametheory.explorer.web`)
are two views of this one object: both move it with :meth:`Explorer.set` and render
what it computes (the equilibria, the outcome under each option of a sequential model's
first mover, the payoff table of a two-player game, the nearest thresholds, what changed
from the base values and the ``--set`` flags that reproduce the point).

Examples
--------
>>> import gametheory as gt, pathlib
>>> m = gt.load_model(pathlib.Path(gt.__file__).parents[1] / "models" / "us_china.toml")
>>> ex = Explorer(m)
>>> ex.set(compete_gain_ratio=2.0).result[0].label()
'USA hedge / CHN compete'
>>> ex.set_flags()
'--set compete_gain_ratio=2'
>>> ex.changed_text()
'changed from base: compete_gain_ratio 1.4 -> 2'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ModelError
from ..suggest import match_name

__all__ = ["Explorer", "Slider"]

#: Grid points per parameter range when the explorer looks for thresholds.
THRESHOLD_STEPS = 9
#: Relative width (of the range) at which threshold bisection stops; models beyond
#: :data:`AUTO_THRESHOLD_PARAMETERS` stop at ten times this (about 1.5 s on the flagship).
THRESHOLD_TOL = 1e-3
#: Models with at most this many ranged parameters get thresholds on every change;
#: larger ones compute them on request (:meth:`Explorer.thresholds`).
AUTO_THRESHOLD_PARAMETERS = 40


@dataclass(frozen=True)
class Slider:
    """One ranged parameter as a slider: its range, step and what it means."""

    name: str
    group: str | None
    label: str
    value: float
    low: float
    high: float
    step: float
    unit: str
    meaning: str
    source: str

    @property
    def tooltip(self) -> str:
        """Unit, meaning and source, for a hover text."""
        return f"{self.meaning} [{self.unit}] (source: {self.source})"


def _step(low: float, high: float) -> float:
    raw = (high - low) / 40
    if raw <= 0:
        return 1.0
    digits = -int(math.floor(math.log10(raw))) + 1
    return round(raw, max(digits, 0))


def _fmt(x: float) -> str:
    x = 0.0 if abs(x) < 1e-12 else x  # never "-0"
    return f"{x:.6g}"


class Explorer:
    """A model at a point of its parameter space, re-solved whenever the point moves.

    Parameters
    ----------
    model : Model
    parameters : sequence of str, optional
        The parameters offered as sliders (default: every one with a range).
    auto_thresholds : bool, optional
        Recompute the nearest thresholds on every change (default: when the model has
        at most :data:`AUTO_THRESHOLD_PARAMETERS` ranged parameters).
    select : str, optional
        A selection rule (:data:`gametheory.selection.SELECTION_RULES`) passed to
        :meth:`Model.solve`: the equilibria table then marks the one it picks (and says
        by which rule); without it the whole set is shown.

    Attributes
    ----------
    base : Model
        The model as given.
    model : Model
        The model at the current point.
    result : EquilibriumResult or SequentialResult
        ``model.solve()``.
    """

    def __init__(
        self,
        model: Any,
        /,
        *,
        parameters: Any = None,
        auto_thresholds: bool | None = None,
        select: str | None = None,
    ) -> None:
        self.base = model
        self.select = select
        ranged = [n for n, p in model.parameters.items() if p.low < p.high]
        if parameters is None:
            names = ranged
        else:
            names = [match_name(str(n), model.parameters, what="parameter") for n in parameters]
            fixed = [n for n in names if n not in ranged]
            if fixed:
                raise ModelError(
                    f"{model.id}: {', '.join(fixed)} has no range to explore (low == high)"
                )
        self.sliders: tuple[Slider, ...] = tuple(self._slider(n) for n in names)
        self.auto_thresholds = (
            len(ranged) <= AUTO_THRESHOLD_PARAMETERS
            if auto_thresholds is None
            else bool(auto_thresholds)
        )
        self.model = model
        self.result = self._solve(model)
        self._thresholds: Any = None

    def _solve(self, model: Any) -> Any:
        return model.solve() if self.select is None else model.solve(select=self.select)

    def _slider(self, name: str) -> Slider:
        p = self.base.parameters[name]
        return Slider(
            name=name,
            group=p.group,
            label=p.index or name,
            value=p.value,
            low=p.low,
            high=p.high,
            step=_step(p.low, p.high),
            unit=p.unit,
            meaning=p.meaning,
            source=p.source,
        )

    # ------------------------------------------------------------------ moving
    @property
    def values(self) -> dict[str, float]:
        """The current value of every parameter."""
        return self.model.values

    def groups(self) -> dict[str | None, list[Slider]]:
        """Sliders by group, in file order: ``None`` for the plain parameters first."""
        out: dict[str | None, list[Slider]] = {None: []}
        for s in self.sliders:
            out.setdefault(s.group, []).append(s)
        if not out[None]:
            del out[None]
        return out

    def set(self, values: Mapping[str, float] | None = None, /, **kw: float) -> Explorer:
        """Move to new parameter values and re-solve; returns the explorer.

        Names are matched as typed, then case-insensitively; an unknown name is a
        :class:`~gametheory.ModelError` with suggestions. Values must lie in the
        parameter's range (a slider cannot leave it).

        Examples
        --------
        >>> import gametheory as gt, pathlib
        >>> m = gt.load_model(pathlib.Path(gt.__file__).parents[1] / "models" / "us_china.toml")
        >>> Explorer(m).set(US_WAR_COST=0.5).values["us_war_cost"]
        0.5
        """
        changes = {
            match_name(str(k), self.base.parameters, what="parameter"): v
            for k, v in {**dict(values or {}), **kw}.items()
        }
        if not changes:
            return self
        model = self.model.with_params(changes)
        self.result = self._solve(model)
        self.model = model
        self._thresholds = None
        return self

    def reset(self) -> Explorer:
        """Back to the base values."""
        self.model = self.base
        self.result = self._solve(self.base)
        self._thresholds = None
        return self

    # --------------------------------------------------------------- describing
    def changed(self) -> dict[str, tuple[float, float]]:
        """``{name: (base value, current value)}`` for the parameters moved."""
        return self.model.changed_parameters(self.base)

    def changed_text(self) -> str:
        """One line: what differs from the base values."""
        moved = self.changed()
        if not moved:
            return "at the base values"
        return "changed from base: " + ", ".join(
            f"{k} {_fmt(a)} -> {_fmt(b)}" for k, (a, b) in moved.items()
        )

    def set_flags(self) -> str:
        """The ``--set`` flags that reproduce the current point on the command line."""
        return " ".join(f"--set {k}={_fmt(b)}" for k, (_, b) in self.changed().items())

    def command(self) -> str:
        """A ``gametheory solve`` command line for the current point."""
        path = str(self.base.path) if self.base.path is not None else f"{self.base.id}.toml"
        flags = self.set_flags()
        return f"gametheory solve {path}" + (f" {flags}" if flags else "")

    @property
    def sequential(self) -> bool:
        return self.model.form == "sequential"

    def headline(self) -> str:
        """The outcome in one line."""
        r = self.result
        if self.sequential:
            if not r.ok:
                return "no pure subgame-perfect path"
            return (
                "subgame-perfect path ("
                + r.selection
                + "): "
                + " / ".join(f"{p} {s}" for p, s in r.path.items())
            )
        n = len(r)
        if not n:
            return "no equilibrium found"
        text = f"{n} equilibri{'um' if n == 1 else 'a'}: " + "; ".join(e.label() for e in r)
        chosen = getattr(r, "selection", None)
        if chosen is not None:
            text += f" | selected by {chosen.rule}: {chosen.label or 'none'}"
        return text

    def equilibria_frame(self) -> Any:
        """The equilibria: one row each, with every player's strategy and payoff."""
        import pandas as pd

        r = self.result
        rows = []
        if self.sequential:
            for e in r.equilibria:
                row = {"selected": bool(e.get("selected"))}
                row.update(e["profile"])
                row.update({f"payoff {p}": v for p, v in e["payoffs"].items()})
                rows.append(row)
            return pd.DataFrame(rows)
        chosen = getattr(r, "selected", None)
        for k, e in enumerate(r):
            row: dict[str, Any] = {"equilibrium": k + 1}
            if getattr(r, "selection", None) is not None:
                row["selected"] = e is chosen
            for p in e.game.players:
                sup = e.support(p)
                row[p] = (
                    sup[0] if len(sup) == 1 else ", ".join(f"{s} {_prob(e, p, s)}" for s in sup)
                )
            row.update({f"payoff {p}": v for p, v in _payoffs(e).items()})
            row["regret"] = e.regret
            rows.append(row)
        return pd.DataFrame(rows)

    def options_frame(self) -> Any:
        """Sequential models: the outcome under each option of the first mover (else None)."""
        if not self.sequential or not self.result.plan.get("options"):
            return None
        return self.result.to_frame()

    def stage_game(self) -> Any:
        """The two-player normal-form game at the current point, or None."""
        if self.sequential or len(self.model.players) != 2:
            return None
        return self.result.game

    def figures(self) -> list[Any]:
        """The figures for this kind of model.

        A two-player game: its payoff table with best responses (and, for a 2x2 game,
        the best-response curves); a sequential model of two players: its tree; a
        larger sequential model: the outcome under each option of the first mover.
        """
        from .. import plots

        game = self.stage_game()
        if game is not None:
            figs = [plots.payoff_table(game, self.result)]
            if game.shape == (2, 2):
                figs.append(plots.best_response_curves(game, self.result))
            return figs
        if self.sequential and self.result.plan.get("options"):
            if len(self.model.players) == 2:
                return [plots.game_tree(self.model, self.result)]
            return [plots.option_outcomes(self.result)]
        return []

    def thresholds(self, *, limit: int = 5) -> Any:
        """The thresholds nearest to the current point, closest first.

        One parameter at a time (the others at their current values), over the
        explorer's sliders, on a grid of :data:`THRESHOLD_STEPS` points per range with
        bisection to :data:`THRESHOLD_TOL` of the range, without the closed-form search
        (see :func:`gametheory.sensitivity.critical_thresholds`; ``gametheory thresholds``
        gives exact values).
        """
        if self._thresholds is None:
            from ..sensitivity import critical_thresholds

            small = len(self.sliders) <= AUTO_THRESHOLD_PARAMETERS
            self._thresholds = critical_thresholds(
                self.model,
                params=[s.name for s in self.sliders],
                steps=THRESHOLD_STEPS,
                tol=THRESHOLD_TOL if small else 10 * THRESHOLD_TOL,
                # where the set changes and where the pick of the rule in use changes
                outcome=self.select or getattr(self.model, "selection", None) or "set",
                exact=False,
            )  # closed forms (sympy) can take seconds: bisection only
        frame = self._thresholds
        return frame.head(limit)[["parameter", "threshold", "base", "changes", "statement"]].rename(
            columns={"base": "now"}
        )

    def to_dict(self, *, thresholds: bool | None = None) -> dict[str, Any]:
        """Everything a view shows, JSON-ready (the web app's ``/api/state``)."""
        eq = self.equilibria_frame()
        out: dict[str, Any] = {
            "model": {"id": self.base.id, "title": self.base.title, "form": self.base.form},
            "values": {s.name: self.values[s.name] for s in self.sliders},
            "headline": self.headline(),
            "changed": self.changed_text(),
            "flags": self.set_flags(),
            "command": self.command(),
            "equilibria": _records(eq),
            "options": None,
            "payoff_table": None,
            "thresholds": None,
        }
        opts = self.options_frame()
        if opts is not None:
            out["options"] = _records(opts)
        game = self.stage_game()
        if game is not None:
            out["payoff_table"] = _table(game, self.result)
        want = self.auto_thresholds if thresholds is None else thresholds
        if want:
            out["thresholds"] = _records(self.thresholds())
        return out


def _prob(e: Any, player: str, strategy: str) -> str:
    if e.exact_vectors is not None:
        i = e.game.player_index(player)
        return str(e.exact_vectors[i][e.game.strategies[i].index(strategy)])
    return f"{e[player][strategy]:.3g}"


def _payoffs(e: Any) -> dict[str, Any]:
    exact = getattr(e, "exact_payoffs", None)
    return dict(exact) if exact else dict(e.payoffs)


def _records(frame: Any) -> list[dict[str, Any]]:
    import json

    return json.loads(frame.to_json(orient="records"))


def _table(game: Any, result: Any) -> dict[str, Any]:
    """A two-player payoff table with best responses, as plain data."""
    (row, col), (rs, cs) = game.players, game.strategies
    eq = {(e.support(row)[0], e.support(col)[0]) for e in result if e.is_pure}
    cells = []
    for i, r in enumerate(rs):
        col_best = game.best_responses(col, {row: r})
        line = []
        for j, c in enumerate(cs):
            a, b = game.payoffs[i, j]
            line.append(
                {
                    "payoffs": [float(a), float(b)],
                    "row_best": r in game.best_responses(row, {col: c}),
                    "col_best": c in col_best,
                    "equilibrium": (r, c) in eq,
                }
            )
        cells.append(line)
    return {"players": [row, col], "rows": list(rs), "columns": list(cs), "cells": cells}
