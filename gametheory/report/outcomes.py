"""The equilibria section of a report, and the summary paragraph that states the outcome.

:func:`collect_equilibria` calls ``model.solve()`` (and, for simultaneous games,
:func:`gametheory.refinements.classify`) and arranges the result as a typed section:

- simultaneous games (:class:`~gametheory.report.sections.SimultaneousEquilibria`):
  ``matrix`` (two players) or ``table`` (one row per pure profile, small games
  only), ``equilibria`` (each with its profile, payoffs, regret and properties);
- sequential games (:class:`~gametheory.report.sections.SequentialEquilibria`):
  ``outcome`` (the selected subgame-perfect path), ``plan`` (one row per
  first-mover option), ``path_equilibria`` (every pure equilibrium of each stage
  on the path) and ``threats``.

Both say which equilibria the report follows (``followed``, issue 10's rule): the
unique one, the set of pure equilibria, the one a named rule selects, or the path.
:func:`gametheory.report.summary.summary_paragraph` states that outcome in words.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._format import plain_data
from .sections import (
    Choice,
    EquilibriaSection,
    EquilibriumRow,
    Followed,
    MethodInfo,
    Outcome,
    PathEquilibrium,
    PayoffMatrix,
    Plan,
    PlanRow,
    ProfileTable,
    SequentialEquilibria,
    SimultaneousEquilibria,
    ThreatOutcome,
    Threats,
)
from .tree import path_actions, tree_method_info, tree_rows, tree_table_note

if TYPE_CHECKING:
    from ..models.model import Model
    from ..models.seqresult import SequentialResult
    from ..result import Equilibrium, EquilibriumResult

__all__ = ["collect_equilibria", "equilibrium_row"]

#: Largest number of pure profiles listed in a simultaneous game's payoff table.
MAX_TABLE_PROFILES = 256
#: Most Nash-but-not-subgame-perfect outcomes described in a report (all go to results.json).
MAX_THREAT_OUTCOMES = 10


def equilibrium_row(eq: Equilibrium, index: int) -> EquilibriumRow:
    """One equilibrium as report data: label, profile, payoffs, regret, properties."""
    profile: dict[str, Choice] = {}
    for p in eq.game.players:
        mix = {s: float(q) for s, q in eq[p].items() if q > 0}
        profile[p] = next(iter(mix)) if len(mix) == 1 else mix
    return EquilibriumRow(
        index=index,
        label=eq.label(),
        pure=bool(eq.is_pure),
        profile=profile,
        payoffs={str(p): float(v) for p, v in eq.payoffs.items()},
        regret=float(eq.regret),
        properties={str(k): plain_data(v) for k, v in eq.properties.items()},
    )


def _simultaneous(
    model: Model, result: EquilibriumResult, select: str | None
) -> SimultaneousEquilibria:
    from ..refinements import classify

    result = classify(result)
    game = result.game
    rows = tuple(equilibrium_row(e, k + 1) for k, e in enumerate(result.equilibria))
    pure_cells = {
        tuple(game.strategy_index(i, e.support(p)[0]) for i, p in enumerate(game.players))
        for e in result.equilibria
        if e.is_pure
    }
    matrix = table = table_note = None
    if game.num_players == 2:
        A = game.payoffs
        matrix = PayoffMatrix(
            row_player=game.players[0],
            col_player=game.players[1],
            row_strategies=tuple(game.strategies[0]),
            col_strategies=tuple(game.strategies[1]),
            cells=tuple(
                tuple((float(A[i, j, 0]), float(A[i, j, 1])) for j in range(game.shape[1]))
                for i in range(game.shape[0])
            ),
            equilibrium_cells=tuple(sorted((c[0], c[1]) for c in pure_cells)),
        )
    n_profiles = math.prod(game.shape)
    if game.num_players != 2 and n_profiles <= MAX_TABLE_PROFILES:
        frame = game.to_frame()
        marks = [idx in pure_cells for idx in itertools.product(*(range(n) for n in game.shape))]
        table = ProfileTable(
            columns=tuple(str(c) for c in frame.columns),
            rows=tuple(tuple(r) for r in frame.values.tolist()),
            equilibrium_rows=tuple(i for i, m in enumerate(marks) if m),
        )
    elif game.num_players != 2:
        table_note = (
            f"The game has {n_profiles:,} pure profiles, too many to list "
            "here; every payoff follows from the formulas in section 2."
        )
    first = (
        Outcome(label=rows[0].label, profile=rows[0].profile, payoffs=rows[0].payoffs)
        if rows
        else None
    )
    followed, outcome = _followed(model, rows, select, first)
    return SimultaneousEquilibria(
        players=tuple(game.players),
        method_info=MethodInfo(
            what="equilibria of the game",
            method=str(result.method or ""),
            options=plain_data(dict(result.options or {})),
            exact=bool(result.exact),
            complete=bool(result.complete),
        ),
        equilibria=rows,
        warnings=tuple(str(w) for w in result.warnings),
        outcome=outcome,
        followed=followed,
        properties_note=None,
        matrix=matrix,
        table=table,
        table_note=table_note,
    )


def _followed(
    model: Model, rows: Sequence[EquilibriumRow], select: str | None, first: Outcome | None
) -> tuple[Followed, Outcome | None]:
    """Which outcome a simultaneous game's report follows, and why.

    With several equilibria: the set of pure equilibria (no rule given), or the one
    ``select`` picks (then the outcome is that one, not the first listed).
    """
    pure = [e for e in rows if e.pure]
    if select is None:
        if len(rows) <= 1:
            return (
                Followed(
                    kind="unique" if rows else "none",
                    reason="the game has one equilibrium" if rows else "no equilibrium was found",
                ),
                first,
            )
        labels = tuple(e.label for e in pure)
        return (
            Followed(
                kind="set",
                labels=labels,
                reason="no selection rule was given, so the report follows the set of pure "
                "equilibria (gametheory report --select RULE follows one)",
            ),
            Outcome(label="; ".join(labels), set=labels),
        )
    import numpy as np

    from ..sensitivity.declared import declared

    out = declared(model, select).evaluator()(model.value_vector()[None, :])
    label = str(out.labels()[0]) if bool(np.asarray(out.ok)[0]) else ""
    row = next((e for e in pure if e.label == label), None)
    return (
        Followed(
            kind="selection",
            rule=select,
            label=label,
            reason=f"the {select} rule was asked for (--select)",
        ),
        Outcome(label=row.label, profile=row.profile, payoffs=row.payoffs) if row else None,
    )


def _tree(model: Any, result: Any, select: str | None) -> SimultaneousEquilibria:
    """Section 3 for a game tree: its subgame-perfect equilibria, listed like a
    simultaneous game's (:mod:`.tree`); the followed outcome is the one equilibrium's
    path, or the set of them."""
    rows = tree_rows(model, result)
    first = (
        Outcome(
            label=rows[0].label,
            profile=path_actions(model, result.equilibria[0]),
            payoffs=rows[0].payoffs,
            regret=rows[0].regret,
        )
        if rows
        else None
    )
    followed, outcome = _followed(model, rows, select, first)
    return SimultaneousEquilibria(
        players=tuple(p.id for p in model.players),
        method_info=tree_method_info(result),
        equilibria=rows,
        warnings=tuple(str(w) for w in result.warnings),
        outcome=outcome,
        followed=followed,
        table_note=tree_table_note(model),
        form="tree",
    )


# --------------------------------------------------------------------- sequential
def _plan(model: Model, plan: Mapping[str, Any]) -> Plan | None:
    first = plan.get("player")
    if not first or not plan.get("options"):
        return None
    meanings = dict(model.player(first).meanings)
    rows = tuple(
        PlanRow(
            option=option,
            meaning=meanings.get(option, ""),
            status=entry.get("status", "ok"),
            actions=dict(entry.get("path", {})),
            payoffs={str(p): float(v) for p, v in entry.get("payoffs", {}).items()},
            n_equilibria=int(entry.get("n_equilibria", 0) or 0),
            chosen=option == plan.get("chosen"),
        )
        for option, entry in plan["options"].items()
    )
    return Plan(
        player=first,
        chosen=plan.get("chosen"),
        players=tuple(str(p.id) for p in model.players if str(p.id) != first),
        payoff_players=tuple(str(p.id) for p in model.players),
        rows=rows,
    )


def _sequential(model: Model, result: SequentialResult) -> tuple[SequentialEquilibria, Any]:
    selection = str(result.selection or "")
    path = dict(result.path)
    threats, raw = _threats(model)
    plan = _plan(model, result.plan or {})
    section = SequentialEquilibria(
        method_info=MethodInfo(
            what="subgame-perfect equilibrium",
            method="backward-induction",
            options={"selection": selection} if selection else {},
            exact=False,
            complete=True,
        ),
        warnings=tuple(str(w) for w in result.warnings),
        stages=tuple(tuple(st) for st in model.stages),
        outcome=Outcome(
            profile=path,
            payoffs={str(k): float(v) for k, v in result.payoffs.items()},
            regret=float(result.regret),
            label=" / ".join(f"{p} {s}" for p, s in path.items()),
        )
        if path
        else None,
        path_equilibria=tuple(
            PathEquilibrium(
                index=k + 1,
                profile=dict(e["profile"]),
                payoffs={str(p): float(v) for p, v in e["payoffs"].items()},
                regret=float(e["regret"]),
                selected=bool(e.get("selected", k == 0)),
            )
            for k, e in enumerate(result.equilibria)
        ),
        followed=Followed(
            kind="path",
            rule=selection.replace("_", "-"),
            reason="backward induction, with the model's declared "
            "rule where a stage has several pure equilibria",
        ),
        plan=plan,
        plan_table=plan.action_table() if plan else None,
        payoff_table=plan.payoff_table() if plan else None,
        threats=threats,
    )
    return section, raw


def _threats(model: Model) -> tuple[Threats, Any]:
    """Outcomes that are Nash equilibria only through non-credible threats, in words;
    and the analysis's JSON (None when it could not run)."""
    from ..errors import GameTheoryError
    from ..models.threats import non_credible_threats

    try:
        analysis = non_credible_threats(model)
    except GameTheoryError as exc:
        return Threats(available=False, note=f"not available: {exc}"), None
    items = []
    for e in list(analysis.equilibria)[:MAX_THREAT_OUTCOMES]:
        lines = e.describe(model).splitlines()
        items.append(
            ThreatOutcome(
                outcome=lines[0] if lines else "",
                path=dict(e.path),
                payoffs={str(k): float(v) for k, v in e.payoffs.items()},
                threats=tuple(ln.strip().removeprefix("- ") for ln in lines[1:]),
            )
        )
    n = len(analysis.equilibria)
    note = (
        f"Searched: {analysis.scope}."
        + ("" if analysis.complete else " The search stopped early: the list is partial.")
        + (
            f" {n} outcomes in all, {MAX_THREAT_OUTCOMES} described; every one in results.json."
            if n > MAX_THREAT_OUTCOMES
            else ""
        )
    )
    threats = Threats(
        available=True,
        count=n,
        method=analysis.method,
        note=note,
        outcomes=tuple(items),
        warnings=tuple(str(w) for w in analysis.warnings),
    )
    return threats, analysis.to_dict()


def collect_equilibria(
    model: Model, *, select: str | None = None
) -> tuple[EquilibriaSection, Any, Any]:
    """Solve ``model`` with its own solver: ``(section, result, threats JSON or None)``.

    ``select`` (a selection rule) makes a simultaneous game's report follow the
    equilibrium that rule picks; by default it follows the set of pure equilibria.
    """
    from ..models.seqresult import SequentialResult

    result = model.solve()
    if isinstance(result, SequentialResult):
        section, raw = _sequential(model, result)
        return section, result, raw
    if model.form == "tree":  # a game tree (issue 14): its subgame-perfect equilibria
        return _tree(model, result, select), result, None
    return _simultaneous(model, result, select), result, None
