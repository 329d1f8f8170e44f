"""The calls a report makes into :mod:`gametheory.sensitivity`, and how their results are shown.

One :class:`SensitivityRun` per report: it finds the outcome at the base point,
then runs critical thresholds, a tornado, Monte Carlo, Sobol and a region map over
the two parameters with the largest total Sobol index for "the base outcome holds"
(the two widest tornado swings when Sobol is not available).

Every step follows one declared outcome: the *set* of pure equilibria (for a
sequential model, the subgame-perfect path under the model's stage selection
rule), or with ``select`` the equilibrium a named rule picks. The base outcome,
the robustness share, the ★ marks, the thresholds, the tornado, Sobol and the
region map all speak of it; ``outcome`` (a spec such as ``"CHN=tariff"``)
replaces the tornado's and Sobol's default outcome. Every step that the
sensitivity package refuses (a :class:`~gametheory.errors.GameTheoryError`) becomes
a part with a ``note`` saying why, and the report goes on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._format import count_noun, possessive
from .figures import ReportFigure, figure_from_matplotlib
from .sections import (
    MethodInfo,
    Part,
    Robustness,
    SensitivitySection,
    Table,
    ThresholdSummary,
)
from .sensitivity_parts import (
    MAX_SOBOL_PARAMETERS,
    MAX_THRESHOLD_ROWS,
    PART_TITLES,
    PROGRESS_BAR_EVALUATIONS,
    REGION_STEPS,
    TOP_PARAMETERS,
    direction_words,
    exact_pattern,
    frame_records,
    label_change,
    share_table,
    sobol_base_size,
    threshold_of,
)

if TYPE_CHECKING:
    from ..models.model import Model

__all__ = ["SensitivityRun"]


class SensitivityRun:
    """Run a report's sensitivity analyses (see the module docstring)."""

    def __init__(
        self,
        sa: ModuleType,
        model: Model,
        *,
        samples: int,
        seeds: list[int],
        say: Callable[[str], None],
        workers: int | None,
        progress: bool,
        failures: tuple[type[BaseException], ...],
        select: str | None = None,
        outcome: str | None = None,
    ) -> None:
        self.sa, self.model, self.samples, self.seeds = sa, model, samples, seeds
        self.select, self.outcome = select, outcome
        self.sequential = model.form == "sequential"
        self.on_set = select is None and not self.sequential
        self.say, self.failures = say, failures
        self.run_options: dict[str, Any] = {} if workers is None else {"workers": workers}
        self.progress = progress
        self.parts: dict[str, Part] = {}
        self.figures: dict[str, ReportFigure] = {}
        self.results: dict[str, Any] = {}
        self.methods: list[MethodInfo] = []
        self.threshold_summary = ThresholdSummary()
        self.robustness: Robustness | None = None
        self.ranking: list[str] = []
        self.done: set[str] = set()
        # set by _outcomes (the base point) and thresholds (the screened parameters)
        self.base: str | None = None
        self.base_count = 0
        self.first: str | None = None
        self.last: str | None = None
        self.base_actions: dict[str, str] = {}
        self.screened: list[str] = []
        self.key_spec = self.full_spec = self.key_description = ""

    def _options(self, evaluations: int) -> dict[str, Any]:
        """Execution options; a progress bar only for evaluations long enough to need one."""
        if self.progress and evaluations >= PROGRESS_BAR_EVALUATIONS:
            return {**self.run_options, "progress": True}
        return self.run_options

    # ------------------------------------------------------------------ helpers
    def _fail(self, key: str, exc: BaseException) -> None:
        title, intro = PART_TITLES[key]
        self.parts[key] = Part(key, title, intro, note=f"not available: {exc}", available=False)

    def _figure(self, name: str, fig: Any, title: str, caption: str) -> str:
        self.figures[name] = figure_from_matplotlib(name, fig, title=title, caption=caption)
        return name

    def _base_label(self) -> str:
        sa, model = self.sa, self.model
        space = sa.ParameterSpace.from_model(model)
        values = (
            model.value_vector()[None, :]
            if space.names == tuple(model.parameter_names)
            else [[model.parameters[n].value for n in space.names]]
        )
        import numpy as np

        values = np.asarray(values, dtype=float)
        table = sa.evaluate_samples(
            sa.declared.declared(model, self.select),
            sa.Samples(space, "base", np.full_like(values, np.nan), values),
            workers=1,
        )
        self.base_count = int(table.arrays["n_equilibria"][0])
        return str(table.arrays["set"][0] if self.on_set else table.labels[0])

    # -------------------------------------------------------------------- steps
    def thresholds(self) -> None:
        self.say("critical thresholds (one parameter at a time)")
        frame = self.sa.critical_thresholds(
            self.model, outcome=self.select or "set", **self.run_options
        )
        rows = frame_records(frame)
        self.results["thresholds"] = rows
        if self.select is not None:
            # the report follows the rule's pick: a change of the set that leaves the
            # pick alone is listed in results.json, not among the report's thresholds
            rows = [r for r in rows if r.get("before") != r.get("after")]
        no_change = list(frame.attrs.get("no_change", []))
        self.results["thresholds_no_change"] = no_change
        title, intro = PART_TITLES["thresholds"]
        # the whole game's thresholds first; then those of the branches the first mover
        # does not take (sequential models: another option's row of the plan changes)
        branch_rows = [r for r in rows if r.get("branch")]
        rows = [r for r in rows if not r.get("branch")]
        shown = (rows + branch_rows)[:MAX_THRESHOLD_ROWS]
        columns = [
            "Parameter",
            "Base",
            "Threshold",
            "Outcome changes when it",
            "Distance (share of range)",
            "What changes",
        ]
        table_rows = [
            [
                r["parameter"],
                r["base"],
                r["threshold"],
                direction_words(r),
                f"{100 * abs(r['relative_margin']):.1f}%"
                if r.get("relative_margin") is not None
                else "–",
                (f"after {r['branch']}: " if r.get("branch") else "") + (r.get("changes") or ""),
            ]
            for r in shown
        ]
        if not self.sequential:
            columns.append("Kind")
            for row, r in zip(table_rows, shown, strict=True):
                row.append(r.get("kind") or "")
        table = Table(tuple(columns), tuple(tuple(r) for r in table_rows))
        total = len(rows) + len(branch_rows)
        note = (
            f"{count_noun(len(rows), 'threshold')} in all, closest first"
            + (
                f", then {len(branch_rows)} in the branches the first mover does not take "
                "(each named)"
                if branch_rows
                else ""
            )
            + (
                f"; {MAX_THRESHOLD_ROWS} shown, every one in results.json"
                if total > len(shown)
                else ""
            )
            + f". {count_noun(len(no_change), 'parameter')} "
            + ("changes" if len(no_change) == 1 else "change")
            + " nothing anywhere in "
            + ("its" if len(no_change) == 1 else "their")
            + " range."
        )
        # samples at which payoffs fell below the float range: flagged, never hidden
        note += _warned(frame.attrs.get("warnings", []))
        self.results["thresholds_underflow"] = frame.attrs.get("underflow")
        self.parts["thresholds"] = Part("thresholds", title, intro, table=table, note=note)
        nearest, seen = [], set()
        for r in rows:  # rows come closest first; keep the nearest per parameter and side
            key = (r["parameter"], r.get("direction"))
            if key not in seen:
                seen.add(key)
                nearest.append(r)
        self.screened = list(dict.fromkeys(r["parameter"] for r in rows))
        closest_key = None
        if self.first:
            key_rows = [
                r
                for r in rows
                if any(
                    c.strip().startswith(f"{self.first} ")
                    for c in str(r.get("changes") or "").split(";")
                )
            ]
            if key_rows:
                closest_key = threshold_of(key_rows[0], player=self.first)
        self.threshold_summary = ThresholdSummary(
            count=len(rows),
            no_change=len(no_change),
            closest=tuple(threshold_of(r) for r in nearest[:3]),
            note=None if rows else "No parameter changes the outcome within its range.",
            closest_key=closest_key,
        )
        self.methods.append(
            MethodInfo(
                what="critical thresholds",
                method="grid bracketing and bisection, one parameter at a time",
                options={"steps": 41, "tol": 1e-6},
            )
        )

    def tornado(self) -> None:
        self.say("tornado (each parameter from low to high)")
        frame = self.sa.tornado(
            self.model, outcome=self.outcome, select=self.select, **self.run_options
        )
        self.results["tornado"] = frame_records(frame)
        outcome = frame.attrs.get("outcome_description") or frame.attrs.get("outcome", "")
        self.ranking = [r for r in frame["parameter"].tolist()]
        fig = self.sa.plot_tornado(frame, top=TOP_PARAMETERS)
        name = self._figure(
            "tornado",
            fig,
            "Tornado chart",
            f"{outcome}: value at each parameter's low and high end, the others "
            f"at base; the {TOP_PARAMETERS} widest swings.",
        )
        title, intro = PART_TITLES["tornado"]
        top = frame_records(frame.head(10))
        table = Table(
            columns=(
                "Parameter",
                "Value at low end",
                "Value at high end",
                "Swing",
                "Outcome at low end",
                "Outcome at high end",
            ),
            rows=tuple(
                (
                    r["parameter"],
                    r["value_low"],
                    r["value_high"],
                    r["swing"],
                    label_change(r.get("outcome_low", ""), self.base),
                    label_change(r.get("outcome_high", ""), self.base),
                )
                for r in top
            ),
        )
        self.parts["tornado"] = Part(
            "tornado", title, f"{intro} Outcome: {outcome}.", figure=name, table=table
        )
        self.methods.append(
            MethodInfo(
                what="tornado",
                method="one at a time, low and high ends",
                options={"outcome": frame.attrs.get("outcome", "")},
            )
        )

    def monte_carlo(self) -> None:
        self.say(f"Monte Carlo ({self.samples:,} draws)")
        specs = [self.key_spec] + ([self.full_spec] if self.full_spec != self.key_spec else [])
        res = self.sa.monte_carlo(
            self.model,
            samples=self.samples,
            rng=self.seeds[0],
            outcomes=specs,
            select=self.select,
            **self._options(self.samples),
        )
        indicators = frame_records(res.indices)
        self.results["monte_carlo"] = {
            "shares": frame_records(res.shares),
            "indicators": indicators,
        }
        key, full = indicators[0], indicators[-1]
        self.robustness = Robustness(
            share=key["mean"],
            ci=(key["ci_low"], key["ci_high"]),
            samples=int(key.get("n") or self.samples),
            level=0.95,
            outcome=self.key_description,
            full_share=full["mean"],
            full_ci=(full["ci_low"], full["ci_high"]),
            full_outcome=self.base if self.full_spec != self.key_spec else None,
        )
        title, intro = PART_TITLES["monte_carlo"]
        tables: list[tuple[str | None, Any, list[dict[str, Any]]]] = []
        if self.first and self.full_spec != self.key_spec:
            # a sequential model: who does what, player by player, reads better than
            # dozens of long joint labels
            for pid in dict.fromkeys([self.first, self.last]):
                if pid is None:
                    continue
                frame = self.sa.outcome_shares(res.table, by=pid, select=self.select)
                rows = frame_records(frame)
                self.results["monte_carlo"][f"shares_{pid}"] = rows
                tables.append((pid, frame, rows))
        else:
            tables.append((None, res.shares, frame_records(res.shares)))
        pid, frame, rows = tables[0]
        column = f"{pid} action" if pid else "Outcome"
        plot_title = (
            f"{possessive(pid)} choice in {self.samples:,} random draws"
            if pid
            else "How often each equilibrium outcome holds"
        )
        base_value = self.base_actions.get(pid) if pid else self.base
        table = share_table(column, frame.columns[0], rows[:10], base_value)
        extra = tuple(
            share_table(
                f"{pid2} action",
                frame2.columns[0],
                rows2[:10],
                self.base_actions.get(pid2 or ""),
                title=f"{pid2} action",
            )
            for pid2, frame2, rows2 in tables[1:]
        )
        n_full = len(self.results["monte_carlo"]["shares"])
        note = (
            f"★ marks the choice at the base values. {n_full} distinct joint outcomes in "
            f"{self.samples:,} draws (all in results.json); the exact base outcome "
            f"({self.base}) holds in {100 * full['mean']:.1f}% of them."
        ) + self._underflow("monte_carlo", res.table)
        fig_name = self._figure(
            "monte_carlo",
            self.sa.plot_shares(frame, top=8, title=plot_title),
            "Monte Carlo shares",
            f"Share of random draws by {possessive(pid) + ' action' if pid else 'outcome'}, "
            "with 95% confidence intervals.",
        )
        self.parts["monte_carlo"] = Part(
            "monte_carlo",
            title,
            intro,
            table=table,
            note=note,
            figure=fig_name,
            extra_tables=extra,
        )
        self.methods.append(
            MethodInfo(
                what="Monte Carlo",
                method="independent uniform draws",
                options={"samples": self.samples, "seed": self.seeds[0]},
            )
        )

    def sobol(self) -> None:
        spec, base_description = self.key_spec, self.key_description
        if self.outcome is not None:
            spec = self.outcome
            base_description = self.sa.parse_outcome(
                spec, players=tuple(self.model.player_ids), select=self.select
            ).describe()
        n = sobol_base_size(self.samples)
        full = self.sa.ParameterSpace.from_model(self.model)
        screened = [p for p in self.screened if p in full.names][:MAX_SOBOL_PARAMETERS]
        if len(screened) < 2:
            screened = [p for p in self.ranking if p in full.names][:MAX_SOBOL_PARAMETERS]
        space = full.select(screened) if 2 <= len(screened) < len(full.names) else full
        k = len(space.names)
        self.say(f"Sobol indices ({k} parameters, base size {n}, {n * (k + 2):,} evaluations)")
        res = self.sa.sobol(
            self.model,
            samples=n,
            rng=self.seeds[1],
            outcomes=[spec],
            space=space,
            select=self.select,
            **self._options(n * (k + 2)),
        )
        frame = res.indices
        frame = frame[frame["outcome"] == spec].sort_values(
            "ST", ascending=False, na_position="last"
        )
        rows = frame_records(frame)
        self.results["sobol"] = frame_records(res.indices)
        self.ranking = [r["parameter"] for r in rows if (r.get("ST") or 0) > 0] or self.ranking
        title, intro = PART_TITLES["sobol"]
        table = Table(
            columns=("Parameter", "S1", "S1 ± (95%)", "ST", "ST ± (95%)"),
            rows=tuple(
                (r["parameter"], r["S1"], r["S1_conf"], r["ST"], r["ST_conf"])
                for r in rows[:TOP_PARAMETERS]
            ),
        )
        name = self._figure(
            "sobol",
            self.sa.plot_indices(res.indices, outcome=spec, top=TOP_PARAMETERS),
            "Sobol indices",
            f"First-order and total Sobol indices of "
            f"'{base_description}'"
            + (" (1 if it holds, else 0)." if self.outcome is None else "."),
        )
        constant = bool(rows and all(r.get("constant") for r in rows))
        screening = (
            f"Screened to the {k} parameters that change the outcome one at a time "
            f"(the thresholds above); the other {len(full.names) - k} are held at their "
            "base values. "
            if k < len(full.names)
            else ""
        )
        note = (
            f"Outcome: {base_description}. {screening}Base size {n} ({n * (k + 2):,} "
            "evaluations): indices with wide intervals need more --samples."
            + (
                " The outcome did not vary over the draws, so every index is zero."
                if constant
                else ""
            )
            + self._underflow("sobol", res.table)
        )
        self.parts["sobol"] = Part("sobol", title, intro, table=table, figure=name, note=note)
        self.methods.append(
            MethodInfo(
                what="Sobol indices",
                method="Saltelli sampling, SALib analysis",
                options={
                    "base_size": n,
                    "parameters": k,
                    "evaluations": n * (k + 2),
                    "seed": self.seeds[1],
                },
            )
        )

    def _underflow(self, key: str, table: Any) -> str:
        """The part's warning for the samples whose payoffs fell below the float range
        (as the thresholds part states it), with the count in ``results["<key>_underflow"]``
        (``{"samples", "of", "players"}``, or None when none did)."""
        from ..sensitivity.outcomes import underflow_note, underflow_summary

        self.results[f"{key}_underflow"] = underflow_summary(table)
        lost = underflow_note(table)
        return _warned([lost] if lost else [])

    def _by_player(self, rm: Any, pid: str) -> Any:
        """The region map relabelled by one player's action (its regions merged)."""
        import dataclasses

        import numpy as np

        acts = np.where(
            rm.table.ok,
            np.asarray(rm.table.arrays[f"action:{pid}"]).astype(str),
            "(no equilibrium)",
        )
        cats, inv, counts = np.unique(acts, return_inverse=True, return_counts=True)
        order = np.argsort(-counts, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        labels = tuple(f"{pid} {c}" for c in cats[order])
        codes = rank[inv.ravel()].reshape(len(rm.xs), len(rm.ys)).T
        return dataclasses.replace(
            rm, codes=codes, categories=labels, short=labels, several=(False,) * len(labels)
        )

    def region_map(self) -> None:
        if len(self.ranking) < 2:
            raise _Skip("fewer than two parameters vary the outcome")
        x, y = self.ranking[0], self.ranking[1]
        self.say(f"region map over {x} and {y}")
        rm = self.sa.region_map(
            self.model, x, y, steps=REGION_STEPS, select=self.select, **self.run_options
        )
        self.results["region_map"] = {"x": x, "y": y, "shares": frame_records(rm.shares())}
        shown, what = rm, "equilibrium outcome"
        if self.first and self.full_spec != self.key_spec:
            shown = self._by_player(rm, self.first)
            what = f"choice of {self.first}"
            self.results["region_map"][f"shares_{self.first}"] = frame_records(shown.shares())
        name = self._figure(
            "region_map",
            self.sa.plot_region_map(shown, title=f"{what[0].upper()}{what[1:]}: {x} x {y}"),
            "Equilibrium regions",
            f"The {what} over {x} (horizontal) and {y} (vertical), the other "
            "parameters at base; the star is the base point.",
        )
        title, intro = PART_TITLES["region_map"]
        shares = frame_records(shown.shares())
        table = Table(
            columns=("Region", "Share of the map"),
            rows=tuple(
                (
                    label_change(r["outcome"], self.base) if shown is rm else r["region"],
                    f"{100 * r['share']:.1f}%",
                )
                for r in shares[:12]
            ),
        )
        n_full = len(self.results["region_map"]["shares"])
        self.parts["region_map"] = Part(
            "region_map",
            title,
            f"{intro} Here: {x} and {y}, ranked first by the sensitivity analysis above.",
            figure=name,
            table=table,
            note=f"A {REGION_STEPS} × {REGION_STEPS} grid over both ranges; {n_full} distinct "
            "joint outcomes on it (all in results.json).",
        )
        self.methods.append(
            MethodInfo(
                what="region map",
                method="grid over two parameters",
                options={"x": x, "y": y, "steps": REGION_STEPS},
            )
        )

    # ---------------------------------------------------------------------- all
    def _step(self, key: str, fn: Callable[[], None]) -> None:
        try:
            fn()
            self.done.add(key)
        except _Skip as exc:
            self._fail(key, exc)
        except self.failures as exc:
            self._fail(key, exc)

    def _outcomes(self, solved: object) -> None:
        """The base outcome and the indicator the report's robustness is about."""
        from ..models.seqresult import SequentialResult

        self.base = self._base_label()
        self.full_spec = f"outcome={exact_pattern(self.base)}"
        stages = self.model.stages
        path = dict(solved.path) if isinstance(solved, SequentialResult) else {}
        if self.sequential and stages and path:
            self.first = stages[0][0] if len(stages[0]) == 1 else None
            self.last = stages[-1][0] if len(stages[-1]) == 1 else None
            self.base_actions = path
        if self.first and self.first in self.base_actions:
            action = self.base_actions[self.first]
            self.key_spec = f"{self.first}={exact_pattern(action)}"
            name = next((p.name for p in self.model.players if p.id == self.first), self.first)
            self.key_description = f"{name} chooses {action}"
        else:
            self.key_spec = self.full_spec
            if self.select is not None:
                self.key_description = (
                    f"the equilibrium selected by the {self.select} rule is {self.base}"
                )
            elif self.on_set and self.base_count != 1:
                self.key_description = f"the set of pure equilibria is the base one ({self.base})"
            else:
                self.key_description = f"the outcome is {self.base}"

    def run(
        self, solved: object = None
    ) -> tuple[SensitivitySection, dict[str, ReportFigure], dict[str, Any]]:
        try:
            self._outcomes(solved)
            base_error = None
        except self.failures as exc:
            self.base, base_error = None, exc
        self._step("thresholds", self.thresholds)
        self._step("tornado", self.tornado)
        if self.base is not None:
            self._step("monte_carlo", self.monte_carlo)
            self._step("sobol", self.sobol)
        else:
            for key in ("monte_carlo", "sobol"):
                self._fail(key, base_error or _Skip("no outcome at the base point"))
        self._step("region_map", self.region_map)
        summary = self.threshold_summary
        if "thresholds" not in self.done:  # the step failed: say why where the summary looks
            summary = dataclasses.replace(summary, note=self.parts["thresholds"].note)
        order = ("thresholds", "tornado", "region_map", "monte_carlo", "sobol")
        section = SensitivitySection(
            parts=tuple(self.parts[k] for k in order if k in self.parts),
            thresholds=summary,
            robustness=self.robustness,
            robustness_note=self.parts["monte_carlo"].note if self.robustness is None else None,
            methods=tuple(self.methods),
            base_outcome=self.base,
            declared_outcome=self.sa.describe_outcome(
                self.model, "set" if self.select is None else self.select
            ),
            selection=self.select,
        )
        return section, self.figures, {"sensitivity": self.results}


class _Skip(Exception):
    """An analysis that does not apply to this model (said in the report, not raised)."""


def _warned(warnings: list[str]) -> str:
    """The sentences a part's note ends with for the analyses' warnings (underflow)."""
    return "".join(f" Warning: {w}." for w in warnings)
