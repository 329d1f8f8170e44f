"""The result of solving a sequential model: the path, its regret, the full plan.

:class:`SequentialResult` lists the selected subgame-perfect path first, then the
other pure equilibria of the simultaneous stage on the path, each with a regret
computed independently of the induction: for every player on the path, the best
gain from deviating at its decision point, the later stages responding as the
solution prescribes, payoffs evaluated directly from the formulas.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .branch import Branch
from .stage import relative_tolerance

__all__ = ["SequentialResult", "build_result"]


def _labels(model: Any, profile: np.ndarray) -> dict[str, str]:
    return {
        p.id: p.strategies[int(a)] for p, a in zip(model.players, profile, strict=True) if a >= 0
    }


def _payoff_dict(model: Any, payoffs: np.ndarray) -> dict[str, float]:
    return {p.id: float(v) for p, v in zip(model.players, payoffs, strict=True)}


def _first_stage(branch: Branch) -> dict | None:
    d = branch.detail
    while d is not None:
        if d["kind"] == "stage":
            return d
        if d["chosen"] is None:
            return None
        d = dict(d["options"])[d["chosen"]].detail
    return None


def path_regret(
    model: Any, solver: Any, P: np.ndarray, profile: np.ndarray, fixed: set[str]
) -> tuple[float, dict[str, float]]:
    """Largest gain of any player deviating at its decision point on ``profile``.

    Later stages respond as the solver prescribes; payoffs come straight from the
    compiled formulas. Fixed players are not asked to deviate.
    """
    comp = solver  # its payoffs() evaluates one parameter point in plain floats
    base = comp.payoffs(P, profile[None, None, :])[0, 0]
    gains: dict[str, float] = {}
    stages = solver.stage_players
    for k, movers in enumerate(stages):
        earlier = {i: int(profile[i]) for st in stages[:k] for i in st}
        if k + 2 == len(stages) and len(stages[-1]) == 1:
            gains.update(
                _regret_before_last(
                    model, P, profile, movers, stages[-1][0], fixed, base, comp=solver
                )
            )
            continue
        for p in movers:
            pid = model.players[p].id
            if pid in fixed:
                continue
            best = 0.0
            for a in range(len(model.players[p].strategies)):
                if a == profile[p]:
                    continue
                hist = {**earlier, **{m: int(profile[m]) for m in movers}, p: a}
                if k + 1 == len(stages):
                    prof = np.array([[[hist.get(i, -1) for i in range(len(model.players))]]])
                    pay = comp.payoffs(P, prof)[0, 0]
                else:
                    cont = solver.solve(k + 1, P, hist, False)
                    if not cont.ok[0]:
                        continue
                    pay = cont.payoffs[0]
                best = max(best, float(pay[p] - base[p]))
            gains[pid] = best
    return (max(gains.values()) if gains else 0.0), gains


def _regret_before_last(
    model: Any,
    P: np.ndarray,
    profile: np.ndarray,
    movers: list[int],
    follower: int,
    fixed: set[str],
    base: np.ndarray,
    *,
    comp: Any = None,
) -> dict[str, float]:
    """Deviations of the movers of the next-to-last stage, the last mover best-responding
    (every deviation and every response evaluated in one batch). ``comp``: what
    evaluates payoffs (default the model's compiled formulas)."""
    comp = model.compiled if comp is None else comp
    devs = [
        (p, a)
        for p in movers
        if model.players[p].id not in fixed
        for a in range(len(model.players[p].strategies))
        if a != profile[p]
    ]
    gains = {model.players[p].id: 0.0 for p in movers if model.players[p].id not in fixed}
    if not devs:
        return gains
    R = len(model.players[follower].strategies)
    prof = np.repeat(profile[None, None, :], len(devs), axis=0).repeat(R, axis=1)
    for d, (p, a) in enumerate(devs):
        prof[d, :, p] = a
    prof[:, :, follower] = np.arange(R)[None, :]
    flat = prof.reshape(-1, len(profile))
    resp = comp.payoffs(P, flat, [follower])[0, :, follower].reshape(len(devs), R)
    tol = relative_tolerance(resp, axis=(0, 1))  # the follower's spread over these
    pick = np.argmax(resp >= resp.max(axis=1, keepdims=True) - tol, axis=1)
    chosen = prof[np.arange(len(devs)), pick]
    pay = comp.payoffs(P, chosen)[0]
    for d, (p, _) in enumerate(devs):
        pid = model.players[p].id
        gains[pid] = max(gains[pid], float(pay[d, p] - base[p]))
    return gains


@dataclass(frozen=True)
class SequentialResult:
    """Backward-induction solution of a sequential model.

    Attributes
    ----------
    model : Model
    path : dict of player id to strategy
        The selected subgame-perfect path (empty if the root is unresolved).
    payoffs : dict of player id to float
    regret : float
        Independently computed; 0 (up to rounding) for a subgame-perfect path.
    equilibria : list of dict
        ``{"profile", "payoffs", "regret", "selected"}``; the selected path first, then
        the subgame-perfect equilibria arising from each other equilibrium of the first
        simultaneous stage on the path (pure and mixed). A mixed entry's ``profile``
        maps the mixing players to ``{strategy: probability}``.
    plan : dict
        For each strategy of the first mover: the path that follows, the payoffs, the
        stage equilibria (``stage_equilibria``: pure; ``mixed_equilibria``: mixed) and
        which one the selection rule picks (``selected`` indexes the pure list followed
        by the mixed one).
    selection : str
        The rule that chose among a stage's equilibria.
    fix : dict
    warnings : tuple of str
    complete : bool
        False when the result is not certain: a payoff formula underflowed while it
        was evaluated (the warning names the players; see :mod:`.underflow`).
    mixed : dict
        The mixed strategies of the stage on the selected path when its selected
        equilibrium is mixed (``{player: {strategy: probability}}``), else empty.

    Examples
    --------
    >>> import gametheory.models as gm, pathlib
    >>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "regional_state.toml")
    >>> r = m.solve()
    >>> r.path, r.regret
    ({'STATE': 'hedge', 'CHN': 'hedge'}, 0.0)
    >>> r.plan["options"]["compete"]["path"]
    {'CHN': 'compete'}
    """

    model: Any
    path: dict[str, str]
    payoffs: dict[str, float]
    regret: float
    equilibria: list[dict[str, Any]]
    plan: dict[str, Any]
    selection: str
    fix: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    n_equilibria: int = 1
    mixed: dict[str, dict[str, float]] = field(default_factory=dict)
    complete: bool = True

    @property
    def ok(self) -> bool:
        return bool(self.path) or bool(self.mixed)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the CLI's ``--json`` schema, method ``backward-induction``)."""
        m = self.model
        return {
            "game": {
                "title": m.title,
                "model": m.id,
                "sha256": m.sha256,
                "players": [{"name": p.id, "strategies": list(p.strategies)} for p in m.players],
            },
            "method": "backward-induction",
            "selection": self.selection,
            "fix": dict(self.fix),
            "equilibria": [
                {
                    "profile": {
                        p: (dict(s) if isinstance(s, dict) else {s: 1.0})
                        for p, s in e["profile"].items()
                    },
                    "payoffs": e["payoffs"],
                    "regret": e["regret"],
                    "selected": e["selected"],
                }
                for e in self.equilibria
            ],
            "plan": self.plan,
            "warnings": list(self.warnings),
            "complete": self.complete,
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)

    def to_frame(self) -> Any:
        """One row per option of the first mover: every player's action and payoff."""
        import pandas as pd

        rows = []
        for option, entry in self.plan.get("options", {}).items():
            row: dict[str, Any] = {self.plan["player"]: option}
            row.update(entry.get("path", {}))
            for p, v in entry.get("payoffs", {}).items():
                row[f"payoff {p}"] = v
            row["stage equilibria"] = entry.get("n_equilibria", 0)
            row["chosen"] = option == self.plan.get("chosen")
            rows.append(row)
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        path = (
            " / ".join(
                [f"{p} {s}" for p, s in self.path.items()]
                + [f"{p} [{_mix(s)}]" for p, s in self.mixed.items()]
            )
            or "unresolved"
        )
        return (
            f"<SequentialResult {self.model.id!r} selection={self.selection!r}: {path}; "
            f"regret {self.regret:.3g}>"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        path = " / ".join(
            [f"{esc(p)} <b>{esc(s)}</b>" for p, s in self.path.items()]
            + [f"{esc(p)} [{esc(_mix(s))}]" for p, s in self.mixed.items()]
        )
        warn = "".join(f"<p>&#9888; {esc(w)}</p>" for w in self.warnings)
        return (
            f"<p>Subgame-perfect path ({esc(self.selection)}): {path or 'unresolved'}</p>"
            + self.to_frame().to_html(index=False)
            + warn
        )


def _mix(strategy: dict[str, float]) -> str:
    return ", ".join(f"{s} {p:.4g}" for s, p in strategy.items() if p > 0)


def _stage_mixed(stage: dict | None, e: int | None) -> dict[str, dict[str, float]]:
    if stage is None or e is None or stage.get("mixed") is None or stage["mixed"][e] is None:
        return {}
    return {p: {s: float(q) for s, q in v.items()} for p, v in stage["mixed"][e].items()}


def build_result(
    model: Any, solver: Any, root: Branch, *, fix: dict[str, str], selection: str
) -> SequentialResult:
    from .mixed_stage import mixed_path_regret

    P = model.value_vector()[None, :]
    warnings = list(solver.warnings)
    fixed = set(fix)
    path, payoffs, regret = {}, {}, float("nan")
    equilibria: list[dict[str, Any]] = []
    mixed: dict[str, dict[str, float]] = {}
    if root.ok[0]:
        stage = _first_stage(root)
        path = _labels(model, root.profile[0])
        mixed = _stage_mixed(stage, stage["selected"] if stage else None)
        payoffs = _payoff_dict(model, root.payoffs[0])
        if mixed or _has_mixed(root):
            regret = mixed_path_regret(model, solver, P, root, fixed)
        else:
            regret, _ = path_regret(model, solver, P, root.profile[0], fixed)
        equilibria.append(
            {"profile": {**path, **mixed}, "payoffs": payoffs, "regret": regret, "selected": True}
        )
        if stage is not None:
            for e, b in enumerate(stage["equilibria"]):
                if e == stage["selected"] or len(equilibria) >= 50:
                    continue
                other = _stage_mixed(stage, e)
                if other or stage.get("mixed") is not None:
                    r = mixed_path_regret(model, solver, P, root, fixed, pick=e)
                else:
                    r, _ = path_regret(model, solver, P, b.profile[0], fixed)
                equilibria.append(
                    {
                        "profile": {**_labels(model, b.profile[0]), **other},
                        "payoffs": _payoff_dict(model, b.payoffs[0]),
                        "regret": r,
                        "selected": False,
                    }
                )
            if len(stage["equilibria"]) > 1:
                kind = "" if stage.get("mixed") is not None else " pure"
                warnings.append(
                    f"the simultaneous stage on the path has "
                    f"{len(stage['equilibria'])}{kind} equilibria; '{selection}' "
                    "selected one"
                )
    else:
        warnings.append(
            "no pure subgame-perfect path: a simultaneous stage has no pure "
            "equilibrium (see the plan)"
        )
    plan = _plan(model, root)
    for option, entry in plan.get("options", {}).items():
        if entry["status"] != "ok":
            warnings.append(f"{plan['player']} {option}: {entry['status']}")
    return SequentialResult(
        model=model,
        path=path,
        payoffs=payoffs,
        regret=regret,
        equilibria=equilibria,
        plan=plan,
        selection=selection,
        fix=dict(fix),
        warnings=tuple(warnings),
        n_equilibria=int(root.n_equilibria[0]),
        mixed=mixed,
    )


def _has_mixed(branch: Branch) -> bool:
    """Whether the selected path goes through a mixed stage equilibrium anywhere."""
    d = branch.detail
    while d is not None:
        if d["kind"] == "choice":
            if d["chosen"] is None:
                return False
            d = dict(d["options"])[d["chosen"]].detail
        elif d["kind"] == "stage":
            if d["selected"] is None:
                return False
            if d.get("mixed") is not None and d["mixed"][d["selected"]] is not None:
                return True
            d = d["equilibria"][d["selected"]].detail
        else:
            return d["kind"] == "mixed"
    return False


def _plan(model: Any, root: Branch) -> dict[str, Any]:
    d = root.detail
    if d is None or d["kind"] != "choice":
        stage = _first_stage(root)
        return {
            "player": None,
            "options": {},
            "stage_equilibria": _stage_list(model, stage) if stage else [],
        }
    player = model.players[d["player"]]
    options = {}
    for a, child in d["options"]:
        label = player.strategies[a]
        stage = _first_stage(child)
        entry: dict[str, Any] = {
            "status": "ok" if child.ok[0] else "no pure equilibrium",
            "n_equilibria": int(child.n_equilibria[0]),
        }
        if child.ok[0]:
            prof = _labels(model, child.profile[0])
            prof.pop(player.id, None)
            entry["path"] = prof
            entry["payoffs"] = _payoff_dict(model, child.payoffs[0])
        if stage is not None:
            entry["stage_equilibria"] = _stage_list(model, stage)
            entry["selected"] = stage["selected"]
            if stage.get("mixed") is not None:
                entry["mixed_equilibria"] = [m for m in stage["mixed"] if m is not None]
                chosen_mix = _stage_mixed(stage, stage["selected"])
                if chosen_mix:
                    entry["mixed"] = chosen_mix
        options[label] = entry
    chosen = player.strategies[d["chosen"]] if d["chosen"] is not None else None
    return {"player": player.id, "chosen": chosen, "options": options}


def _stage_list(model: Any, stage: dict) -> list[dict[str, str]]:
    """The stage's pure equilibria (labels of the movers' strategies)."""
    movers = [model.players[i].id for i in stage["movers"]]
    out = []
    mixed = stage.get("mixed") or [None] * len(stage["equilibria"])
    for b, m in list(zip(stage["equilibria"], mixed, strict=True))[:50]:
        if m is not None:
            continue
        lab = _labels(model, b.profile[0])
        out.append({m: lab[m] for m in movers if m in lab})
    return out
