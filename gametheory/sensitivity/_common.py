"""Helpers shared by the analyses: the default space and evaluating given points."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .execute import evaluate_samples
from .outcomes import Outcome, OutcomeTable, parse_outcome
from .sampling import Samples
from .space import ParameterSpace

__all__ = ["space_for", "evaluate_points", "model_strategies", "outcome_for", "short_labels"]


def space_for(
    model: Any, space: ParameterSpace | None, params: Sequence[str] | None = None
) -> ParameterSpace:
    """The given space (restricted to ``params``), or the model's default one."""
    if space is None:
        full = ParameterSpace.from_model(model)
        if params is None:
            return full
        missing = [p for p in params if p not in full.names]
        if missing:  # fixed in the file (single-point range) or unknown: let from_model say
            return ParameterSpace.from_model(model, params=list(params))
        return full.select(list(params))
    return space if params is None else space.select(list(params))


def evaluate_points(
    model: Any, space: ParameterSpace, values: np.ndarray, *, method: str = "points", **run: Any
) -> OutcomeTable:
    """Evaluate the model at explicit points ``(n, k)`` of ``space``."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    samples = Samples(space, method, np.full_like(values, np.nan), values)
    if run.get("workers") is None and run.get("scheduler") is None:
        run["workers"] = 1 if len(values) <= 20_000 else None  # small jobs stay in process
    return evaluate_samples(model, samples, **run)


def model_strategies(model: Any) -> dict[str, tuple[str, ...]]:
    """Strategy labels per player id, when the model says."""
    players = getattr(model, "players", None)
    if players and not isinstance(players, dict) and hasattr(players[0], "strategies"):
        return {p.id: tuple(p.strategies) for p in players}
    strategies = getattr(model, "strategies", None)
    return dict(strategies) if isinstance(strategies, dict) else {}


def outcome_for(
    model: Any,
    spec: str | Outcome | None,
    *,
    select: str | None = None,
    table: OutcomeTable | None = None,
) -> Outcome:
    """Parse an outcome spec against the model.

    Default: the first player's payoff; but the number of pure equilibria when no rule
    is ``select``-ed and some sample of ``table`` has several (a payoff is not defined
    there).
    """
    if isinstance(spec, Outcome):
        return spec
    players = tuple(model.player_ids)
    if spec is None:
        spec = f"payoff:{players[0]}"
        if (
            select is None
            and table is not None
            and getattr(model, "form", "") != "sequential"
            and bool((np.asarray(table.arrays["n_equilibria"]) > 1).any())
        ):
            spec = "equilibria"
    return parse_outcome(spec, players=players, strategies=model_strategies(model), select=select)


def short_labels(table: OutcomeTable, *, on_set: bool = False) -> dict[str, str]:
    """Outcome label -> the same label restricted to players whose action varies.

    ``on_set``: the labels are the sets of pure equilibria (``table.arrays["set"]``);
    a set of several equilibria keeps each one's varying players.
    """
    if on_set and "set" in table.arrays:
        sets = table.arrays["set"].astype(str)
        varying_idx: list[int] = []
        for i in range(len(table.players)):
            acts = {e.split(" / ")[i] for s in np.unique(sets) for e in s.split("; ") if " / " in e}
            if len(acts) > 1:
                varying_idx.append(i)
        result = {}
        for s in np.unique(sets):
            if s == "no pure equilibrium" or not varying_idx:
                result[str(s)] = str(s)
                continue
            result[str(s)] = "; ".join(
                " / ".join(e.split(" / ")[i] for i in varying_idx) for e in s.split("; ")
            )
        return result
    varying = [
        p
        for p in table.players
        if f"action:{p}" in table.arrays
        and len(np.unique(table.arrays[f"action:{p}"].astype(str))) > 1
    ]
    out: dict[str, str] = {}
    labels = table.labels
    if not varying:
        return {str(lab): str(lab) for lab in np.unique(labels.astype(str))}
    uniq, first = np.unique(labels.astype(str), return_index=True)
    for lab, j in zip(uniq, first, strict=True):
        out[str(lab)] = " / ".join(f"{p} {table.arrays[f'action:{p}'][j]}" for p in varying)
    return out
