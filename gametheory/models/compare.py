"""Compare two scenarios of a model: who changes what, and which parameters account for it.

:func:`compare_scenarios` solves the model under scenario A and scenario B (``"base"``
is the file's own values), lists every player whose move on the path differs, and
attributes each change: for every parameter whose value differs between A and B, it
solves A with that one parameter moved to B's value. A parameter *accounts for* a
change when moving it alone reproduces B's move for that player; a change no single
parameter reproduces is reported as joint.

Examples
--------
>>> import gametheory.models as gm, pathlib
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "seato_1954.toml")
>>> c = compare_scenarios(m, "base", "exits_1972")
>>> [(ch.player, ch.a, ch.b) for ch in c.changes if ch.player in ("PAK", "FRA")]
[('PAK', 'compete', 'hedge'), ('FRA', 'compete', 'hedge')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .scenarios import Scenario, scenario

__all__ = ["Change", "Comparison", "compare_scenarios"]


@dataclass(frozen=True)
class Change:
    """``player`` plays ``a`` under A and ``b`` under B; ``because`` lists the parameters
    that each reproduce it alone (empty: only jointly)."""

    player: str
    a: str
    b: str
    because: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    a: str
    b: str
    fix: dict[str, str]
    differing: dict[str, tuple[float, float]]
    changes: tuple[Change, ...]
    path_a: dict[str, str]
    path_b: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "fix": self.fix,
            "parameters": {k: list(v) for k, v in self.differing.items()},
            "changes": [
                {"player": c.player, "a": c.a, "b": c.b, "accounted_for_by": list(c.because)}
                for c in self.changes
            ],
            "path_a": self.path_a,
            "path_b": self.path_b,
        }

    def describe(self) -> str:
        lines = [
            f"{self.a} -> {self.b}"
            + (
                f" (fixed: {', '.join(f'{k}={v}' for k, v in self.fix.items())})"
                if self.fix
                else ""
            )
        ]
        if self.differing:
            lines.append(
                "parameters that differ: "
                + ", ".join(f"{k} {x:g} -> {y:g}" for k, (x, y) in self.differing.items())
            )
        if not self.changes:
            lines.append("no player changes its move")
        for c in self.changes:
            why = (
                ", ".join(c.because)
                if c.because
                else "no single parameter: only the changes together"
            )
            lines.append(f"  {c.player}: {c.a} -> {c.b}   accounted for by: {why}")
        return "\n".join(lines)


def _get(model: Any, name: str) -> Scenario:
    if name == "base":
        return Scenario(name="base", description="the model file's values", judgement="base")
    return scenario(model, name)


def compare_scenarios(model: Any, a: str, b: str) -> Comparison:
    """Solve ``a`` and ``b`` (names of ``[scenarios]``, or ``"base"``) and compare paths.

    Both are solved with the moves fixed by either scenario (A's ``fix`` first, then
    B's), so that the comparison is of the same subgame.
    """
    sa, sb = _get(model, a), _get(model, b)
    fix = {**sa.fix, **sb.fix}
    va = sa.apply(model).values
    vb = sb.apply(model).values
    differing = {k: (va[k], vb[k]) for k in va if va[k] != vb[k]}
    ma = sa.apply(model)
    pa = ma.solve(fix=fix or None).path
    pb = sb.apply(model).solve(fix=fix or None).path
    one_each = {}
    for k, (_, y) in differing.items():
        one_each[k] = ma.with_params({k: y}, extend_range=True).solve(fix=fix or None).path
    changes = []
    for p in model.player_ids:
        if pa[p] != pb[p]:
            because = tuple(k for k, path in one_each.items() if path[p] == pb[p])
            changes.append(Change(player=p, a=pa[p], b=pb[p], because=because))
    return Comparison(
        a=a,
        b=b,
        fix=fix,
        differing=differing,
        changes=tuple(changes),
        path_a=dict(pa),
        path_b=dict(pb),
    )
