"""The report section "Calibration and back-tests" (data only; renderers lay it out).

Built when the model has a facts file beside it (``X.facts.toml``) or scenarios
with an ``expect`` (back-tests). It holds, as parts shaped like the sensitivity
section's (title, intro, table, note):

* the facts, each with its quote and whether it holds at the base values;
* a calibration run (:func:`gametheory.sensitivity.calibration.calibrate`): the share
  of the plausible space consistent with every fact, with its confidence interval,
  and the conclusions over the consistent region;
* the back-test table: each scenario's episode, what the report says happened and
  what the model gives.

Examples
--------
>>> import gametheory.models as gm, pathlib
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "seato_1954.toml")
>>> sec = collect_calibration(m, samples=0)
>>> [p.key for p in sec.parts]
['backtests']
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .sections import CalibrationPart, Part, PartsSection, Table

if TYPE_CHECKING:
    from ..models.model import Model

__all__ = ["collect_calibration"]


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _robustness(res: Any, first: str, samples: int, seed: int, model: Any) -> str:
    """How robust the first mover's choice is over the consistent draws, in words."""
    from ..sensitivity.calibration import wilson

    shares = res.conclusions("path").get(first, {})
    if not shares:
        return ""
    choice, share = max(shares.items(), key=lambda x: x[1])
    k = round(share * res.n_consistent)
    lo, hi = wilson(k, res.n_consistent)
    name = Path(getattr(model, "path", "") or model.id).name
    return (
        f"{first} chooses {choice} in {k:,} of the {res.n_consistent:,} consistent draws "
        f"({_pct(share)}; 95% CI {_pct(lo)} to {_pct(hi)}). Reproduce with "
        f"`gametheory calibrate {name} --samples {samples} --seed {seed}`."
    )


def collect_calibration(
    model: Model,
    *,
    samples: int = 1024,
    seed: int = 0,
    workers: int | None = None,
    say: Callable[[str], None] | None = None,
) -> PartsSection | None:
    """The section's data, or None when the model has neither facts nor back-tests.

    ``samples = 0`` skips the calibration run (facts at base and back-tests only).
    """
    from ..models.facts import fact_matrix, facts_path, load_facts, subgame_outcomes
    from ..models.scenarios import backtest

    parts: list[Part] = []
    ff = facts_path(model.path) if model.path else None
    if ff is not None and Path(ff).is_file():
        facts = load_facts(ff, model)
        base = fact_matrix(facts, subgame_outcomes(model, model.value_vector()[None, :]))[:, 0]
        fact_rows = tuple(
            (f.id, f.statement, "yes" if h else "NO", f"“{f.quote}”" if f.quotes else f.judgement)
            for f, h in zip(facts, base, strict=True)
        )
        parts.append(
            Part(
                key="facts",
                title="The report's facts at the base values",
                intro=(
                    f"{int(base.sum())} of {len(facts)} facts from {Path(ff).name} hold at the "
                    "base values. Each is a claim of the report stated as a condition on the "
                    "equilibrium outcome, with the report's words."
                ),
                table=Table(("fact", "claim", "holds at base", "the report"), fact_rows),
            )
        )
        if samples > 0:
            from ..sensitivity.calibration import calibrate

            if say is not None:
                say(f"calibration ({samples:,} draws against {len(facts)} facts)")
            res = calibrate(model, facts, samples=samples, rng=seed, workers=workers)
            lo, hi = res.consistent_ci
            first = model.stages[0][0]
            rows: list[tuple[str, str]] = []
            concl = res.conclusions("path")
            for p in (first, *[q for q in model.player_ids if q != first]):
                shares = concl.get(p, {})
                if shares:
                    rows.append(
                        (
                            p,
                            ", ".join(
                                f"{s} {_pct(v)}"
                                for s, v in sorted(shares.items(), key=lambda x: -x[1])
                            ),
                        )
                    )
            fits = res.fact_shares()
            conflicts = res.conflicts()
            robust = _robustness(res, first, samples, seed, model)
            note = (
                "Draws: every ranged parameter uniform over its range (scrambled Sobol, "
                f"seed {seed}). Share of draws where each fact holds: "
                + "; ".join(f"{k} {_pct(v)}" for k, v in fits.items())
                + "."
            )
            if conflicts:
                note += (
                    " Conflicting facts: "
                    + "; ".join(f"{' + '.join(c['facts'])} ({c['kind']})" for c in conflicts)
                    + "."
                )
            # draws whose payoffs fell below the float range: flagged, as in the sensitivity parts
            note += "".join(f" Warning: {w}." for w in res.warnings)
            parts.append(
                CalibrationPart(
                    key="calibration",
                    title="How much of the plausible space fits the facts",
                    intro=(
                        f"Of {res.n_samples:,} draws of the plausible parameter space, "
                        f"{res.n_consistent:,} ({_pct(res.consistent_share)}, 95% CI "
                        f"{_pct(lo)} to {_pct(hi)}) reproduce every fact. Over those draws "
                        f"the choices on the subgame-perfect path are below. {robust}"
                        if res.n_consistent
                        else f"None of {res.n_samples:,} draws of the plausible space reproduces "
                        f"every fact (95% CI for the share: {_pct(lo)} to {_pct(hi)})."
                    ),
                    table=Table(("player", "choice over the consistent draws"), tuple(rows)),
                    note=note,
                    consistent_share=res.consistent_share,
                    consistent_ci=(lo, hi),
                    n_samples=res.n_samples,
                    n_consistent=res.n_consistent,
                )
            )
    scen = {k: s for k, s in model.scenarios.items() if s.expect}
    if scen:
        test_rows: list[tuple[str, str, str, str, str]] = []
        for name, sc in scen.items():
            got = backtest(model, name)
            test_rows.append(
                (
                    name,
                    sc.description,
                    "; ".join(f"{p} {' or '.join(e)}" for p, (_, e, _) in got.items()),
                    "; ".join(f"{p} {g}" for p, (g, _, _) in got.items()),
                    "yes" if all(ok for _, _, ok in got.values()) else "NO",
                )
            )
        n_ok = sum(r[-1] == "yes" for r in test_rows)
        parts.append(
            Part(
                key="backtests",
                title="Back-tests: the report's historical episodes",
                intro=(
                    f"{n_ok} of {len(test_rows)} episodes reproduced. Each is a scenario of the "
                    "model file with its quotes and parameter values "
                    "(`gametheory solve MODEL --scenario NAME`)."
                ),
                table=Table(
                    ("scenario", "episode", "the report", "the model", "match"), tuple(test_rows)
                ),
            )
        )
    if not parts:
        return None
    return PartsSection(key="calibration", title="Calibration and back-tests", parts=tuple(parts))
