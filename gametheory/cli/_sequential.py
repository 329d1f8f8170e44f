"""The text of ``gametheory solve`` for a sequential model.

:func:`format_sequential` renders a
:class:`~gametheory.models.seqresult.SequentialResult`: the subgame-perfect path with
payoffs, then the outcome under each option of the first mover, with column labels
abbreviated from the model's own strategy names (:func:`abbreviations`).
"""

from __future__ import annotations

import math
from typing import Any

from ..models import Model
from ._output import format_table

__all__ = ["format_sequential", "abbreviations", "changes_text"]


def changes_text(changed: dict[str, tuple[float, float]]) -> str:
    """``"Parameters changed: x = 1 (was 0.5)\\n"``, or ``""`` when nothing changed."""
    if not changed:
        return ""
    parts = ", ".join(f"{k} = {new:g} (was {old:g})" for k, (old, new) in changed.items())
    return f"Parameters changed: {parts}\n"


def _num(x: float) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "-"
    x = 0.0 if abs(x) < 5e-13 else x
    return f"{x:.4g}"


def format_sequential(result: Any, *, source: str = "", changed: dict | None = None) -> str:
    """Text for a :class:`~gametheory.models.seqresult.SequentialResult`."""

    m = result.model
    lines = [
        f"{m.title}",
        f"  model {m.id} ({source or m.path}), sequential: "
        + " -> ".join("[" + ", ".join(_stage_name(m, st)) + "]" for st in m.stages),
        f"  selection rule: {result.selection} ({_RULES.get(result.selection, '')}; "
        "where a stage has no pure equilibrium or several and is small enough, its "
        "mixed equilibria count too)",
    ]
    if result.fix:
        lines.append("  fixed: " + ", ".join(f"{p}={s}" for p, s in result.fix.items()))
    if changed:
        lines.append("  " + changes_text(changed).strip())
    lines.append("")
    if result.ok:
        lines.append(
            "Subgame-perfect path"
            + (" (subgame)" if result.fix else "")
            + (", with a mixed stage equilibrium" if result.mixed else "")
            + ":"
        )
        rows = [[p, s, _num(result.payoffs[p])] for p, s in result.path.items()]
        rows += [[p, _mixed_text(s), _num(result.payoffs[p])] for p, s in result.mixed.items()]
        if result.mixed:
            rows += [
                [p, "(answers the realised moves)", _num(v)]
                for p, v in result.payoffs.items()
                if p not in result.path and p not in result.mixed
            ]
        lines.append(format_table(["player", "action", "payoff"], rows))
        lines.append(
            f"  regret {_num(result.regret)} (largest gain from deviating on the path, "
            "checked independently)"
        )
        others = len(result.equilibria) - 1
        if others:
            lines.append(
                f"  {others} other subgame-perfect equilibri"
                f"{'um' if others == 1 else 'a'}, one for each other equilibrium of "
                "the simultaneous stage on the path:"
            )
            for e in result.equilibria[1:]:
                prof = " / ".join(
                    f"{p} {_mixed_text(s) if isinstance(s, dict) else s}"
                    for p, s in e["profile"].items()
                )
                lines.append(f"    {prof}; regret {_num(e['regret'])}")
    else:
        lines.append("No pure subgame-perfect path: a simultaneous stage has no pure equilibrium.")
    plan = result.plan
    if plan.get("options"):
        first = plan["player"]
        players = [p.id for p in m.players if p.id != first]
        short = abbreviations([s for p in m.players if p.id != first for s in p.strategies])
        lines += ["", f"Outcome under each {first} option:"]
        rows = []
        for option, entry in plan["options"].items():
            mark = "*" if option == plan.get("chosen") else ""
            if entry["status"] != "ok":
                rows.append([option + mark] + ["-"] * len(players) + ["-", "none"])
                continue
            mixed = entry.get("mixed", {})
            rows.append(
                [option + mark]
                + [
                    _mixed_text(mixed[p])
                    if p in mixed
                    else short.get(entry["path"].get(p, "-"), entry["path"].get(p, "-"))
                    for p in players
                ]
                + [_num(entry["payoffs"][first]), str(entry["n_equilibria"])]
            )
        lines.append(format_table([first, *players, f"payoff {first}", "eq"], rows))
        used = sorted(
            {
                e["path"].get(p)
                for e in plan["options"].values()
                if e["status"] == "ok"
                for p in players
            }
            & set(short)
        )
        legend = "".join(f"{short[s]} = {s}; " for s in used)
        lines.append(
            f"  * chosen by {first}; {legend}eq = equilibria of the stages that "
            "follow (pure, and mixed where searched)"
        )
    for w in result.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines)


def abbreviations(strategies: list[str], *, longest: int = 5) -> dict[str, str]:
    """Short column labels for the model's own strategy names longer than ``longest``.

    Each long name is cut to its shortest prefix of at least 4 characters that no other
    name shares (names without such a prefix stay whole).

    Examples
    --------
    >>> abbreviations(["cooperate", "hedge", "compete"])
    {'cooperate': 'coop', 'compete': 'comp'}
    >>> abbreviations(["retaliate", "retreat", "raise_tariff"])
    {'retaliate': 'reta', 'retreat': 'retr', 'raise_tariff': 'rais'}
    """
    names = list(dict.fromkeys(strategies))
    out: dict[str, str] = {}
    for s in names:
        if len(s) <= longest:
            continue
        for k in range(4, len(s)):
            prefix = s[:k]
            if not any(o != s and o.startswith(prefix) for o in names):
                out[s] = prefix
                break
    return out


_RULES = {
    "payoff_dominant": "the highest total payoff of the stage's movers",
    "payoff-dominant": "the highest total payoff of the stage's movers",
    "first": "the first in the order of the file",
    "risk_averse": "the highest minimum payoff among the stage's movers",
    "risk-dominant": "Harsanyi-Selten risk dominance",
    "logit": "the limit of the logit quantal-response path",
}


def _mixed_text(strategy: dict[str, float]) -> str:
    return ", ".join(f"{s} {p:.3g}" for s, p in strategy.items() if p > 0)


def _stage_name(m: Model, stage: tuple[str, ...]) -> list[str]:
    for role in m.roles.values():
        if set(stage) == set(role.members) and len(stage) > 1:
            return [f"{role.id} ({len(stage)})"]
    return list(stage)
