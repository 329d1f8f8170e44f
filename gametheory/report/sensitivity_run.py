"""The calls a report makes into :mod:`gametheory.sensitivity`, and how their results are shown.

One :class:`SensitivityRun` per report: it finds the outcome at the base point,
then runs critical thresholds, a tornado, Monte Carlo, Sobol and a region map over
the two parameters with the largest total Sobol index for "the base outcome holds"
(the two widest tornado swings when Sobol is not available). Every step that the
sensitivity package refuses (a :class:`~gametheory.errors.GameTheoryError`) becomes
a part with a ``note`` saying why, and the report goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .analyses import (
    _TITLES,
    MAX_THRESHOLD_ROWS,
    REGION_STEPS,
    TOP_PARAMETERS,
    _part,
    _pattern,
    _records,
    sobol_base_size,
)
from .figures import ReportFigure, figure_from_matplotlib

__all__ = ["SensitivityRun"]

_DIRECTION = {"above": "rises above", "below": "falls below"}


class SensitivityRun:
    """Run a report's sensitivity analyses (see the module docstring)."""

    def __init__(self, sa: Any, model: Any, *, samples: int, seeds: list[int],
                 say: Callable[[str], None], workers: int | None,
                 failures: tuple[type[BaseException], ...]) -> None:
        self.sa, self.model, self.samples, self.seeds = sa, model, samples, seeds
        self.say, self.failures = say, failures
        self.run_options: dict[str, Any] = {} if workers is None else {"workers": workers}
        self.parts: dict[str, dict[str, Any]] = {}
        self.figures: dict[str, ReportFigure] = {}
        self.results: dict[str, Any] = {}
        self.methods: list[dict[str, Any]] = []
        self.section: dict[str, Any] = {"thresholds": {"closest": []}, "robustness": None}
        self.ranking: list[str] = []

    # ------------------------------------------------------------------ helpers
    def _fail(self, key: str, exc: BaseException) -> None:
        title, intro = _TITLES[key]
        self.parts[key] = _part(key, title, intro, note=f"not available: {exc}", available=False)

    def _figure(self, name: str, fig: Any, title: str, caption: str) -> str:
        self.figures[name] = figure_from_matplotlib(name, fig, title=title, caption=caption)
        return name

    def _base_label(self) -> str:
        sa, model = self.sa, self.model
        space = sa.ParameterSpace.from_model(model)
        values = model.value_vector()[None, :] if space.names == tuple(model.parameter_names) \
            else [[model.parameters[n].value for n in space.names]]
        import numpy as np

        values = np.asarray(values, dtype=float)
        table = sa.evaluate_samples(model, sa.Samples(space, "base", np.full_like(values, np.nan),
                                                      values), workers=1)
        return str(table.labels[0])

    # -------------------------------------------------------------------- steps
    def thresholds(self) -> None:
        self.say("critical thresholds (one parameter at a time)")
        frame = self.sa.critical_thresholds(self.model, **self.run_options)
        rows = _records(frame)
        self.results["thresholds"] = rows
        no_change = list(frame.attrs.get("no_change", []))
        self.results["thresholds_no_change"] = no_change
        title, intro = _TITLES["thresholds"]
        shown = rows[:MAX_THRESHOLD_ROWS]
        table = {"columns": ["Parameter", "Base", "Threshold", "Outcome changes when it",
                             "Distance (share of range)", "What changes"],
                 "rows": [[r["parameter"], r["base"], r["threshold"],
                           _DIRECTION.get(r.get("direction"), r.get("direction")),
                           f"{100 * abs(r['relative_margin']):.1f}%"
                           if r.get("relative_margin") is not None else "–",
                           r.get("changes") or ""] for r in shown]}
        note = (f"{len(rows)} thresholds in all, closest first"
                + (f"; {MAX_THRESHOLD_ROWS} shown, every one in results.json" if len(rows) > len(shown) else "")
                + f". {len(no_change)} parameters change nothing anywhere in their range.")
        self.parts["thresholds"] = _part("thresholds", title, intro, table=table, note=note)
        self.section["thresholds"] = {
            "count": len(rows), "no_change": len(no_change),
            "closest": [{"parameter": r["parameter"], "base": r["base"],
                         "threshold": r["threshold"],
                         "direction": _DIRECTION.get(r.get("direction"), r.get("direction")),
                         "relative_margin": abs(r["relative_margin"])
                         if r.get("relative_margin") is not None else None,
                         "change": r.get("changes") or ""} for r in rows[:3]],
            "note": None if rows else "No parameter changes the outcome within its range.",
        }
        self.methods.append({"what": "critical thresholds",
                             "method": "grid bracketing and bisection, one parameter at a time",
                             "options": {"steps": 41, "tol": 1e-6}})

    def tornado(self) -> None:
        self.say("tornado (each parameter from low to high)")
        frame = self.sa.tornado(self.model, **self.run_options)
        self.results["tornado"] = _records(frame)
        outcome = frame.attrs.get("outcome_description") or frame.attrs.get("outcome", "")
        self.ranking = [r for r in frame["parameter"].tolist()]
        fig = self.sa.plot_tornado(frame, top=TOP_PARAMETERS)
        name = self._figure("tornado", fig, "Tornado chart",
                            f"{outcome}: value at each parameter's low and high end, the others "
                            f"at base; the {TOP_PARAMETERS} widest swings.")
        title, intro = _TITLES["tornado"]
        top = _records(frame.head(10))
        table = {"columns": ["Parameter", "Low", "High", "Outcome at low", "Outcome at high",
                             "Swing"],
                 "rows": [[r["parameter"], r["value_low"], r["value_high"],
                           r.get("outcome_low", ""), r.get("outcome_high", ""), r["swing"]]
                          for r in top]}
        self.parts["tornado"] = _part("tornado", title, f"{intro} Outcome: {outcome}.",
                                      figure=name, table=table)
        self.methods.append({"what": "tornado", "method": "one at a time, low and high ends",
                             "options": {"outcome": frame.attrs.get("outcome", "")}})

    def monte_carlo(self, spec: str, base: str) -> None:
        self.say(f"Monte Carlo ({self.samples:,} draws)")
        res = self.sa.monte_carlo(self.model, samples=self.samples, rng=self.seeds[0],
                                  outcomes=[spec], **self.run_options)
        shares = _records(res.shares)
        self.results["monte_carlo"] = {"shares": shares, "indicator": _records(res.indices)}
        row = _records(res.indices)[0]
        self.section["robustness"] = {"share": row["mean"], "ci": [row["ci_low"], row["ci_high"]],
                                      "samples": int(row.get("n") or self.samples),
                                      "level": 0.95, "outcome": base}
        title, intro = _TITLES["monte_carlo"]
        shown = shares[:10]
        table = {"columns": ["Outcome", "Draws", "Share", "95% CI low", "95% CI high"],
                 "rows": [[("★ " if r["outcome"] == base else "") + r["outcome"], r["count"],
                           f"{100 * r['share']:.1f}%", f"{100 * r['ci_low']:.1f}%",
                           f"{100 * r['ci_high']:.1f}%"] for r in shown]}
        note = (f"{len(shares)} distinct outcomes in {self.samples:,} draws; ★ marks the outcome "
                "at the base values" + (", the 10 most frequent shown." if len(shares) > 10 else "."))
        fig_name = None
        if hasattr(self.sa, "plot_shares"):
            fig_name = self._figure("monte_carlo", self.sa.plot_shares(res.shares, top=8),
                                    "Monte Carlo shares",
                                    "Share of random draws in which each outcome is the "
                                    "equilibrium, with 95% confidence intervals.")
        self.parts["monte_carlo"] = _part("monte_carlo", title, intro, table=table, note=note,
                                          figure=fig_name)
        self.methods.append({"what": "Monte Carlo", "method": "independent uniform draws",
                             "options": {"samples": self.samples, "seed": self.seeds[0]}})

    def sobol(self, spec: str, base_description: str) -> None:
        n = sobol_base_size(self.samples)
        k = len(self.sa.ParameterSpace.from_model(self.model).names)
        self.say(f"Sobol indices (base size {n}, {n * (k + 2):,} evaluations)")
        res = self.sa.sobol(self.model, samples=n, rng=self.seeds[1], outcomes=[spec],
                            **self.run_options)
        frame = res.indices
        frame = frame[frame["outcome"] == spec].sort_values("ST", ascending=False,
                                                            na_position="last")
        rows = _records(frame)
        self.results["sobol"] = _records(res.indices)
        self.ranking = [r["parameter"] for r in rows if (r.get("ST") or 0) > 0] or self.ranking
        title, intro = _TITLES["sobol"]
        table = {"columns": ["Parameter", "S1", "S1 ± (95%)", "ST", "ST ± (95%)"],
                 "rows": [[r["parameter"], r["S1"], r["S1_conf"], r["ST"], r["ST_conf"]]
                          for r in rows[:TOP_PARAMETERS]]}
        name = self._figure("sobol", self.sa.plot_indices(res.indices, outcome=spec,
                                                          top=TOP_PARAMETERS),
                            "Sobol indices", f"First-order and total Sobol indices of "
                            f"'{base_description}' (1 if the base outcome holds, else 0).")
        constant = bool(rows and all(r.get("constant") for r in rows))
        note = (f"Outcome: {base_description}. Base size {n} ({n * (k + 2):,} evaluations): "
                "indices with wide intervals need more --samples."
                + (" The outcome did not vary over the draws, so every index is zero."
                   if constant else ""))
        self.parts["sobol"] = _part("sobol", title, intro, table=table, figure=name, note=note)
        self.methods.append({"what": "Sobol indices", "method": "Saltelli sampling, SALib analysis",
                             "options": {"base_size": n, "evaluations": n * (k + 2),
                                         "seed": self.seeds[1]}})

    def region_map(self) -> None:
        if len(self.ranking) < 2:
            raise _Skip("fewer than two parameters vary the outcome")
        x, y = self.ranking[0], self.ranking[1]
        self.say(f"region map over {x} and {y}")
        rm = self.sa.region_map(self.model, x, y, steps=REGION_STEPS, **self.run_options)
        self.results["region_map"] = {"x": x, "y": y, "shares": _records(rm.shares())}
        name = self._figure("region_map", self.sa.plot_region_map(rm), "Equilibrium regions",
                            f"Equilibrium outcome over {x} (horizontal) and {y} (vertical), the "
                            "other parameters at base; the marker is the base point.")
        title, intro = _TITLES["region_map"]
        shares = _records(rm.shares())
        table = {"columns": ["Region", "Share of the map"],
                 "rows": [[r["region"], f"{100 * r['share']:.1f}%"] for r in shares]}
        self.parts["region_map"] = _part(
            "region_map", title,
            f"{intro} Here: {x} and {y}, ranked first by the sensitivity analysis above.",
            figure=name, table=table,
            note=f"A {REGION_STEPS} × {REGION_STEPS} grid over both ranges.")
        self.methods.append({"what": "region map", "method": "grid over two parameters",
                             "options": {"x": x, "y": y, "steps": REGION_STEPS}})

    # ---------------------------------------------------------------------- all
    def _step(self, key: str, fn: Callable[[], None]) -> None:
        try:
            fn()
        except _Skip as exc:
            self._fail(key, exc)
        except self.failures as exc:
            self._fail(key, exc)

    def run(self) -> tuple[dict[str, Any], dict[str, ReportFigure], dict[str, Any]]:
        try:
            base = self._base_label()
        except self.failures as exc:
            base, base_error = None, exc
        else:
            base_error = None
        spec = f"outcome={_pattern(base)}" if base else None
        description = f"the outcome is {base}" if base else ""
        self._step("thresholds", self.thresholds)
        self._step("tornado", self.tornado)
        if spec:
            self._step("monte_carlo", lambda: self.monte_carlo(spec, base))
            self._step("sobol", lambda: self.sobol(spec, description))
        else:
            for key in ("monte_carlo", "sobol"):
                self._fail(key, base_error or _Skip("no outcome at the base point"))
        self._step("region_map", self.region_map)
        if self.section["robustness"] is None:
            self.section["robustness_note"] = self.parts["monte_carlo"]["note"]
        if "note" not in self.section["thresholds"]:
            self.section["thresholds"]["note"] = self.parts["thresholds"]["note"]
        order = ("thresholds", "tornado", "region_map", "monte_carlo", "sobol")
        self.section["parts"] = [self.parts[k] for k in order if k in self.parts]
        self.section["methods"] = self.methods
        self.section["base_outcome"] = base
        return self.section, self.figures, {"sensitivity": self.results}


class _Skip(Exception):
    """An analysis that does not apply to this model (said in the report, not raised)."""
