"""The equilibria section of a report, and the summary paragraph that states the outcome.

:func:`collect_equilibria` calls ``model.solve()`` (and, where the module
exists, :func:`gametheory.refinements.classify`) and arranges the result:

- simultaneous games: ``matrix`` (two players) or ``table`` (one row per pure
  profile, small games only), ``equilibria`` (each with its profile, payoffs,
  regret and properties) and ``outcome`` (the first equilibrium);
- sequential games: ``path`` (the selected subgame-perfect path), ``plan`` (a
  table with one row per first-mover option and one column per player),
  ``path_equilibria`` (every pure equilibrium of each stage on the path) and
  ``outcome``.

:func:`summary_paragraph` states that outcome in the reader's terms, with each
strategy's meaning from the model file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ._format import format_interval, format_number, format_share

__all__ = ["collect_equilibria", "summary_paragraph", "equilibrium_row", "declare_outcome"]

#: Largest number of pure profiles listed in a simultaneous game's payoff table.
MAX_TABLE_PROFILES = 256


def _classify(result: Any) -> Any:
    from ..refinements import classify

    out = classify(result)
    return (result if out is None else out), None


def equilibrium_row(eq: Any, index: int) -> dict[str, Any]:
    """One equilibrium as report data: label, profile, payoffs, regret, properties."""
    profile: dict[str, Any] = {}
    for p in eq.game.players:
        mix = {s: float(q) for s, q in eq[p].items() if q > 0}
        profile[p] = next(iter(mix)) if len(mix) == 1 else mix
    props = {str(k): _plain(v) for k, v in (getattr(eq, "properties", None) or {}).items()}
    return {
        "index": index,
        "label": eq.label(),
        "pure": bool(eq.is_pure),
        "profile": profile,
        "payoffs": {str(p): float(v) for p, v in eq.payoffs.items()},
        "regret": float(eq.regret),
        "properties": props,
    }


def _plain(v: Any) -> Any:
    if isinstance(v, (bool, str)) or v is None:
        return v
    if isinstance(v, (int, float)):
        return v
    if hasattr(v, "__float__"):
        return float(v)
    if isinstance(v, Mapping):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)):
        return [_plain(x) for x in v]
    return str(v)


def _method_info(result: Any, what: str) -> dict[str, Any]:
    return {
        "what": what,
        "method": str(getattr(result, "method", "") or ""),
        "options": _plain(dict(getattr(result, "options", {}) or {})),
        "exact": bool(getattr(result, "exact", False)),
        "complete": bool(getattr(result, "complete", False)),
    }


def _simultaneous(model: Any, result: Any) -> dict[str, Any]:
    result, refine_note = _classify(result)
    game = result.game
    section: dict[str, Any] = {
        "form": "simultaneous",
        "players": list(game.players),
        "method_info": _method_info(result, "equilibria of the game"),
        "equilibria": [equilibrium_row(e, k + 1) for k, e in enumerate(result.equilibria)],
        "warnings": [str(w) for w in getattr(result, "warnings", ())],
        "properties_note": refine_note,
    }
    pure_cells = {
        tuple(game.strategy_index(i, e.support(p)[0]) for i, p in enumerate(game.players))
        for e in result.equilibria
        if e.is_pure
    }
    if game.num_players == 2:
        A = game.payoffs
        section["matrix"] = {
            "row_player": game.players[0],
            "col_player": game.players[1],
            "row_strategies": list(game.strategies[0]),
            "col_strategies": list(game.strategies[1]),
            "cells": [
                [[float(A[i, j, 0]), float(A[i, j, 1])] for j in range(game.shape[1])]
                for i in range(game.shape[0])
            ],
            "equilibrium_cells": sorted([list(c) for c in pure_cells]),
        }
    n_profiles = math.prod(game.shape)
    if game.num_players != 2 and n_profiles <= MAX_TABLE_PROFILES:
        frame = game.to_frame()
        rows = frame.values.tolist()
        marks = []
        import itertools

        for idx in itertools.product(*(range(n) for n in game.shape)):
            marks.append(idx in pure_cells)
        section["table"] = {
            "columns": [str(c) for c in frame.columns],
            "rows": rows,
            "equilibrium_rows": [i for i, m in enumerate(marks) if m],
        }
    elif game.num_players != 2:
        section["table_note"] = (
            f"The game has {n_profiles:,} pure profiles, too many to list "
            "here; every payoff follows from the formulas in section 2."
        )
    eqs = section["equilibria"]
    section["outcome"] = (
        {"label": eqs[0]["label"], "profile": eqs[0]["profile"], "payoffs": eqs[0]["payoffs"]}
        if eqs
        else {}
    )
    return section


# --------------------------------------------------------------------- sequential
def _sequential(model: Any, result: Any) -> dict[str, Any]:
    selection = str(getattr(result, "selection", "") or "")
    section: dict[str, Any] = {
        "form": "sequential",
        "method_info": {
            "what": "subgame-perfect equilibrium",
            "method": "backward-induction",
            "options": {"selection": selection} if selection else {},
            "exact": False,
            "complete": True,
        },
        "warnings": [str(w) for w in getattr(result, "warnings", ())],
        "stages": [list(st) for st in getattr(model, "stages", ())],
    }
    path = dict(getattr(result, "path", {}) or {})
    payoffs = {str(k): float(v) for k, v in (getattr(result, "payoffs", {}) or {}).items()}
    regret = getattr(result, "regret", None)
    section["outcome"] = (
        {
            "profile": path,
            "payoffs": payoffs,
            "regret": None if regret is None else float(regret),
            "label": " / ".join(f"{p} {s}" for p, s in path.items()),
        }
        if path
        else {}
    )
    section["path_equilibria"] = [
        {
            "index": k + 1,
            "profile": dict(e["profile"]),
            "payoffs": {str(p): float(v) for p, v in e["payoffs"].items()},
            "regret": float(e["regret"]),
            "selected": bool(e.get("selected", k == 0)),
        }
        for k, e in enumerate(getattr(result, "equilibria", ()) or ())
    ]
    plan = getattr(result, "plan", None) or {}
    first = plan.get("player")
    if first and plan.get("options"):
        others = [str(p.id) for p in model.players if str(p.id) != first]
        everyone = [str(p.id) for p in model.players]
        meanings = next((dict(p.meanings) for p in model.players if str(p.id) == first), {})
        rows = []
        for option, entry in plan["options"].items():
            rows.append(
                {
                    "option": option,
                    "meaning": meanings.get(option, ""),
                    "status": entry.get("status", "ok"),
                    "actions": dict(entry.get("path", {})),
                    "payoffs": {str(p): float(v) for p, v in entry.get("payoffs", {}).items()},
                    "n_equilibria": int(entry.get("n_equilibria", 0) or 0),
                    "chosen": option == plan.get("chosen"),
                }
            )
        section["plan"] = {
            "player": first,
            "chosen": plan.get("chosen"),
            "players": others,
            "payoff_players": everyone,
            "rows": rows,
        }
        section["plan_table"] = {
            "columns": [f"{first} option", *others, "stage equilibria"],
            "rows": [
                [
                    r["option"] + (" (chosen)" if r["chosen"] else ""),
                    *[
                        r["actions"].get(p, r["status"] if r["status"] != "ok" else "–")
                        for p in others
                    ],
                    r["n_equilibria"],
                ]
                for r in rows
            ],
        }
        section["payoff_table"] = {
            "columns": [f"{first} option", *[f"{p} payoff" for p in everyone]],
            "rows": [
                [
                    r["option"] + (" (chosen)" if r["chosen"] else ""),
                    *[r["payoffs"].get(p) for p in everyone],
                ]
                for r in rows
            ],
        }
    return section


#: Most Nash-but-not-subgame-perfect outcomes described in a report (all go to results.json).
MAX_THREAT_OUTCOMES = 10


def _threats(model: Any) -> dict[str, Any]:
    """Outcomes that are Nash equilibria only through non-credible threats, in words."""
    from ..errors import GameTheoryError
    from ..models.threats import non_credible_threats

    try:
        analysis = non_credible_threats(model)
    except GameTheoryError as exc:
        return {"available": False, "note": f"not available: {exc}"}
    items = []
    for e in list(analysis.equilibria)[:MAX_THREAT_OUTCOMES]:
        lines = e.describe(model).splitlines()
        items.append(
            {
                "outcome": lines[0] if lines else "",
                "path": dict(e.path),
                "payoffs": {str(k): float(v) for k, v in e.payoffs.items()},
                "threats": [ln.strip().removeprefix("- ") for ln in lines[1:]],
            }
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
    return {
        "available": True,
        "count": n,
        "method": analysis.method,
        "note": note,
        "outcomes": items,
        "warnings": [str(w) for w in analysis.warnings],
        "raw": analysis.to_dict(),
    }


def collect_equilibria(model: Any) -> tuple[dict[str, Any], Any]:
    """Solve ``model`` with its own solver and return ``(section, result)``."""
    result = model.solve()
    if str(getattr(model, "form", "simultaneous")) == "tree":  # hook: a tree model (issue 14)
        from ..models.tree_report import tree_equilibria_section

        return tree_equilibria_section(model, result), result
    if str(getattr(model, "form", "simultaneous")) == "sequential":
        section = _sequential(model, result)
        section["threats"] = _threats(model)
        return section, result
    return _simultaneous(model, result), result


def declare_outcome(model: Any, equilibria: dict[str, Any], select: str | None) -> None:
    """Record in ``equilibria["followed"]`` which outcome the report follows, and why.

    Simultaneous games with several equilibria: the set of pure equilibria (no rule
    given), or the one ``select`` picks (then ``equilibria["outcome"]`` is that one,
    not the first listed). Sequential models: the path under the model's stage rule.
    """
    if equilibria.get("form") == "sequential":
        rule = (equilibria.get("method_info") or {}).get("options", {}).get("selection", "")
        equilibria["followed"] = {
            "kind": "path",
            "rule": str(rule).replace("_", "-"),
            "reason": "backward induction, with the model's declared "
            "rule where a stage has several pure equilibria",
        }
        return
    eqs = equilibria.get("equilibria") or []
    pure = [e for e in eqs if e.get("pure")]
    if select is None:
        if len(eqs) <= 1:
            equilibria["followed"] = {
                "kind": "unique" if eqs else "none",
                "rule": None,
                "reason": "the game has one equilibrium" if eqs else "no equilibrium was found",
            }
            return
        equilibria["followed"] = {
            "kind": "set",
            "rule": None,
            "labels": [e["label"] for e in pure],
            "reason": "no selection rule was given, so the report follows the set of pure "
            "equilibria (gametheory report --select RULE follows one)",
        }
        equilibria["outcome"] = {
            "label": "; ".join(e["label"] for e in pure),
            "profile": {},
            "payoffs": {},
            "set": [e["label"] for e in pure],
        }
        return
    import numpy as np

    from ..sensitivity.declared import declared

    out = declared(model, select).evaluator()(model.value_vector()[None, :])
    label = str(out.labels()[0]) if bool(np.asarray(out.ok)[0]) else ""
    row = next((e for e in pure if e["label"] == label), None)
    equilibria["followed"] = {
        "kind": "selection",
        "rule": select,
        "label": label,
        "reason": f"the {select} rule was asked for (--select)",
    }
    equilibria["outcome"] = (
        {"label": row["label"], "profile": row["profile"], "payoffs": row["payoffs"]} if row else {}
    )


# ------------------------------------------------------------------ summary text
def _meanings(model: Any) -> dict[str, dict[str, str]]:
    from .build import _strategy_items

    return {
        str(p.id): {s["label"]: s["meaning"] for s in _strategy_items(p)} for p in model.players
    }


def _names(model: Any) -> dict[str, str]:
    return {str(p.id): str(getattr(p, "name", "") or p.id) for p in model.players}


def _mid_sentence(text: str) -> str:
    """``"A regional state ..."`` -> ``"a regional state ..."`` (articles only)."""
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if first in ("A", "An", "The") and rest else text


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sentence_case(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _describe_profile(model: Any, profile: Mapping[str, Any]) -> list[str]:
    """Sentences in player order: single players by name, role members grouped by choice."""
    meanings, names = _meanings(model), _names(model)
    roles = {str(p.id): getattr(p, "role", None) for p in model.players}
    sentences: list[str] = []
    done_roles: set[str] = set()
    for pid, choice in profile.items():
        role = roles.get(pid)
        if role and isinstance(choice, str):
            if role in done_roles:
                continue
            done_roles.add(role)
            members = [p for p, c in profile.items() if roles.get(p) == role and isinstance(c, str)]
            by_choice: dict[str, list[str]] = {}
            for m in members:
                by_choice.setdefault(profile[m], []).append(names.get(m, m))
            for c, who in by_choice.items():
                meaning = meanings.get(members[0], {}).get(c, "")
                verb = "choose" if len(who) > 1 else "chooses"
                sentences.append(
                    f"{_join(who)} {verb} {c}"
                    + (
                        f" ({_sentence_case(meaning)})"
                        if meaning and "(" not in meaning
                        else f": {_sentence_case(meaning)}"
                        if meaning
                        else ""
                    )
                    + "."
                )
            continue
        if isinstance(choice, str):
            meaning = meanings.get(pid, {}).get(choice, "")
            sentences.append(
                f"{names.get(pid, pid)} chooses {choice}"
                + (
                    f" ({_sentence_case(meaning)})"
                    if meaning and "(" not in meaning
                    else f": {_sentence_case(meaning)}"
                    if meaning
                    else ""
                )
                + "."
            )
        else:
            mix = ", ".join(f"{s} with probability {format_number(q)}" for s, q in choice.items())
            sentences.append(f"{names.get(pid, pid)} mixes: {mix}.")
    return sentences


def _count_sentence(equilibria: Mapping[str, Any]) -> list[str]:
    """How many equilibria the game has and, with several, which one the text follows."""
    eqs = equilibria.get("equilibria") or []
    followed = equilibria.get("followed") or {}
    info = equilibria.get("method_info") or {}
    n_pure = sum(1 for e in eqs if e.get("pure"))
    n_mixed = len(eqs) - n_pure
    searched_mixed = info.get("method") not in ("pure",)
    if len(eqs) == 1 and (searched_mixed or n_mixed):
        return ["The game has one equilibrium."]
    if len(eqs) == 1:
        return ["The game has one pure equilibrium (mixed equilibria were not searched)."]
    if searched_mixed:
        count = (
            f"The game has {len(eqs)} equilibria ({n_pure} pure, {n_mixed} mixed"
            + ("" if info.get("complete") else "; the search may have missed some")
            + ")."
        )
    else:
        count = f"The game has {n_pure} pure equilibria (mixed equilibria were not searched)."
    out = [count]
    if followed.get("kind") == "selection":
        out.append(
            f"This report follows the one the {followed['rule']} rule selects, as asked (--select):"
        )
    return out


def summary_paragraph(
    model: Any,
    equilibria: Mapping[str, Any],
    robustness: Mapping[str, Any] | None,
    closest: Sequence[Mapping[str, Any]],
    closest_key: Mapping[str, Any] | None = None,
) -> str:
    """The outcome, its robustness and the nearest thresholds, in one paragraph of prose."""
    outcome = equilibria.get("outcome") or {}
    profile = outcome.get("profile") or {}
    parts: list[str] = []
    followed = equilibria.get("followed") or {}
    on_set = followed.get("kind") == "set"
    if on_set:
        parts += _count_sentence(equilibria)
        labels = followed.get("labels") or []
        parts.append(
            "This report follows the set of pure equilibria, not one of them: no "
            "selection rule was given (--select RULE follows one). The pure "
            "equilibria are " + _join([f"({k}) {lab}" for k, lab in enumerate(labels, 1)]) + "."
        )
    elif not profile and followed.get("kind") == "selection":
        parts += _count_sentence(equilibria)
        parts.append(f"The {followed['rule']} rule selects no pure equilibrium here.")
    elif not profile and equilibria.get("form") == "sequential":
        parts.append(
            "Backward induction found no pure subgame-perfect path at the base "
            "parameters: a simultaneous stage has no pure equilibrium (see the "
            "equilibria section)."
        )
    elif not profile:
        parts.append("The solver found no equilibrium of this model at its base parameters.")
    elif equilibria.get("form") == "sequential":
        parts.append("On the subgame-perfect path (each mover anticipating the later ones):")
        parts += _describe_profile(model, profile)
        n = len(equilibria.get("path_equilibria") or [])
        if n > 1:
            rule = (equilibria.get("method_info") or {}).get("options", {}).get("selection", "")
            parts.append(
                f"The simultaneous stage on this path has {n} pure equilibria; the "
                f"{rule.replace('_', '-') or 'selection'} rule picks this one."
            )
    else:
        parts += _count_sentence(equilibria)
        parts += _describe_profile(model, profile)
    if robustness and robustness.get("share") is not None:
        n = f"{robustness.get('samples', 0):,}"
        if robustness.get("full_outcome"):
            parts.append(
                f"Over {n} random draws from the parameters' plausible ranges, "
                f"{_mid_sentence(robustness['outcome'])} in {format_share(robustness['share'])} of them "
                f"(95% confidence interval {format_interval(robustness.get('ci'))}); every "
                f"player acts exactly as above in {format_share(robustness['full_share'])} "
                f"({format_interval(robustness.get('full_ci'))})."
            )
        else:
            what = "The same set of pure equilibria" if on_set else "This outcome"
            parts.append(
                f"{what} holds in {format_share(robustness['share'])} of {n} random "
                f"draws over the parameters' plausible ranges (95% confidence interval "
                f"{format_interval(robustness.get('ci'))})."
            )
    if closest:
        items = []
        for row in closest[:3]:
            direction = row.get("direction") or "crosses"
            change = f"; then {row['change']}" if row.get("change") else ""
            items.append(
                f"{row['parameter']} {direction} {format_number(row['threshold'])} "
                f"(base {format_number(row['base'])}{change})"
            )
        what = "the set of equilibria is" if on_set else "the outcome is"
        parts.append(
            f"One parameter at a time, {what} closest to changing if " + _join(items) + "."
        )
    listed = {(row["parameter"], row["threshold"]) for row in closest[:3]}
    if closest_key and (closest_key["parameter"], closest_key["threshold"]) not in listed:
        name = _names(model).get(closest_key["player"], closest_key["player"])
        parts.append(
            f"{_possessive(name)} own choice changes first if {closest_key['parameter']} "
            f"{closest_key.get('direction') or 'crosses'} "
            f"{format_number(closest_key['threshold'])} (base "
            f"{format_number(closest_key['base'])}; then {closest_key['change']})."
        )
    return " ".join(parts)
