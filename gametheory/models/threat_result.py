"""The result types of :mod:`gametheory.models.threats`.

A :class:`ThreatAnalysis` lists the outcomes of a sequential model that are Nash
equilibria only through non-credible threats (:class:`ThreatEquilibrium`), each with
the :class:`Threat` objects that hold it up and, for each threat, the players who would
not carry out their part (:class:`Reluctance`). They render themselves in words
(``describe``), as DataFrames, JSON and HTML.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from ..errors import ModelError

__all__ = ["ThreatAnalysis", "ThreatEquilibrium", "Threat", "Reluctance"]


@dataclass(frozen=True)
class Reluctance:
    """A threatened move its mover would not make: ``payoff`` by ``action`` against at least
    ``better_payoff`` by ``better_action`` (later movers acting in their own interest)."""

    player: str
    action: str
    payoff: float
    better_action: str
    better_payoff: float
    held_by: dict[str, str] | None = None

    def describe(self, model: Any = None) -> str:
        held = ""
        if self.held_by:
            held = (
                " (it is held back by the threat of "
                + ", ".join(f"{p} {s!r}" for p, s in self.held_by.items())
                + ")"
            )
        return (
            f"{_name(model, self.player)} would get {_num(self.payoff)} by {self.action!r} "
            f"but {_num(self.better_payoff)} by {self.better_action!r}{held}"
        )


@dataclass(frozen=True)
class Threat:
    """What keeps ``deviator`` from playing ``deviation`` instead of its move on the path.

    Attributes
    ----------
    deviator, on_path, deviation : str
    punishment : dict of str to str
        The whole profile reached if the deviator deviates and the others carry out the
        threat (the deviator's own move is ``deviation``).
    deviator_payoff : float
        The deviator's payoff at ``punishment`` (no more than ``on_path_payoff``).
    on_path_payoff : float
    credible_payoff : float or None
        The least the deviator can be held to by subgame-perfect play after the deviation
        (``None``: no pure subgame-perfect continuation exists). Larger than
        ``on_path_payoff``: that is what makes the threat non-credible.
    reluctant : tuple of Reluctance
        Threatened moves on the punishment path whose movers would rather do otherwise.
    """

    deviator: str
    on_path: str
    deviation: str
    punishment: dict[str, str]
    deviator_payoff: float
    on_path_payoff: float
    credible_payoff: float | None
    reluctant: tuple[Reluctance, ...] = ()

    def describe(self, model: Any = None) -> str:
        """The threat in words."""
        who = _name(model, self.deviator)
        answer = _summarise(model, {p: s for p, s in self.punishment.items() if p != self.deviator})
        text = (
            f"If {who} chose {self.deviation!r} instead of {self.on_path!r}, the answer "
            f"would be {answer}, leaving {who} {_num(self.deviator_payoff)} (it gets "
            f"{_num(self.on_path_payoff)} on the path)."
        )
        why = "; ".join(r.describe(model) for r in self.reluctant)
        cred = (
            "no pure subgame-perfect continuation exists"
            if self.credible_payoff is None
            else f"play that each player would carry out leaves {who} at least "
            f"{_num(self.credible_payoff)}, more than on the path"
        )
        return text + f" Not credible: {why + '; ' if why else ''}{cred}."

    def to_dict(self) -> dict[str, Any]:
        d = {
            k: getattr(self, k)
            for k in (
                "deviator",
                "on_path",
                "deviation",
                "punishment",
                "deviator_payoff",
                "on_path_payoff",
                "credible_payoff",
            )
        }
        d["reluctant"] = [vars(r).copy() for r in self.reluctant]
        return d


@dataclass(frozen=True)
class ThreatEquilibrium:
    """An outcome that is a Nash equilibrium outcome but not subgame-perfect.

    ``threats`` are the non-credible threats that sustain it (deviations deterred
    credibly are not listed).
    """

    path: dict[str, str]
    payoffs: dict[str, float]
    threats: tuple[Threat, ...]

    def describe(self, model: Any = None) -> str:
        lines = [
            f"Outcome {_summarise(model, self.path)} is a Nash equilibrium only because "
            "of threats that would not be carried out:"
        ]
        lines += [f"  - {t.describe(model)}" for t in self.threats]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": dict(self.path),
            "payoffs": dict(self.payoffs),
            "threats": [t.to_dict() for t in self.threats],
        }


@dataclass(frozen=True)
class ThreatAnalysis:
    """The Nash-but-not-subgame-perfect outcomes of a sequential model (a sequence of
    :class:`ThreatEquilibrium`).

    Attributes
    ----------
    model : Model
    method : {"exhaustive", "structured"}
    equilibria : tuple of ThreatEquilibrium
    subgame_perfect : tuple of dict
        The outcomes of pure subgame-perfect equilibria examined (all of them for the
        exhaustive method; for the structured one, those among the candidates).
    n_nash : int
        Number of Nash outcomes found (exhaustive) or of candidates sustainable (structured).
    complete : bool
        False when ``max_equilibria`` cut the list short.
    scope : str
        One sentence saying what was searched.
    warnings : tuple of str
    candidates : tuple of dict
        Structured method only: every candidate examined (the leader's strategy, the
        stage equilibrium after it, the follower's response) with the leader's payoff,
        its ``status`` (``"subgame-perfect"``, ``"held by non-credible threats"`` or
        ``"not sustainable"``) and, when not sustainable, the ``deviation`` the leader
        would make even if the harshest threat were carried out, with the payoff it
        would still get (``deviation payoff``). See :meth:`candidates_frame`.
    """

    model: Any
    method: str
    equilibria: tuple[ThreatEquilibrium, ...]
    subgame_perfect: tuple[dict[str, str], ...] = ()
    n_nash: int = 0
    complete: bool = True
    scope: str = ""
    warnings: tuple[str, ...] = ()
    candidates: tuple[dict[str, Any], ...] = ()

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Any:
        return iter(self.equilibria)

    def __getitem__(self, i: int) -> ThreatEquilibrium:
        return self.equilibria[i]

    def to_frame(self) -> Any:
        """One row per (outcome, threat): path, deviation, payoffs, and why not credible."""
        import pandas as pd

        rows = []
        for k, e in enumerate(self.equilibria):
            for t in e.threats:
                rows.append(
                    {
                        "outcome": k + 1,
                        "path": _summarise(self.model, e.path),
                        "deviator": t.deviator,
                        "on path": t.on_path,
                        "deviation": t.deviation,
                        "threat": _summarise(
                            self.model, {p: s for p, s in t.punishment.items() if p != t.deviator}
                        ),
                        "payoff on path": t.on_path_payoff,
                        "payoff if threat carried out": t.deviator_payoff,
                        "payoff under credible play": t.credible_payoff,
                        "not credible because": "; ".join(
                            r.describe(self.model) for r in t.reluctant
                        ),
                    }
                )
        return pd.DataFrame(rows)

    def candidates_frame(self) -> Any:
        """One row per candidate the structured method examined (empty for exhaustive)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "path": _summarise(self.model, c["path"]),
                    "payoff": c["payoff"],
                    "status": c["status"],
                    "deviation": c["deviation"],
                    "deviation payoff": c["deviation payoff"],
                }
                for c in self.candidates
            ]
        )

    def to_dict(self) -> dict[str, Any]:
        m = self.model
        return {
            "model": m.id,
            "sha256": m.sha256,
            "method": self.method,
            "scope": self.scope,
            "complete": self.complete,
            "n_nash": self.n_nash,
            "subgame_perfect": [dict(p) for p in self.subgame_perfect],
            "equilibria": [e.to_dict() for e in self.equilibria],
            "candidates": [dict(c) for c in self.candidates],
            "warnings": list(self.warnings),
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)

    def describe(self) -> str:
        """Every outcome and its threats in words (what a CLI section would print)."""
        if not self.equilibria:
            return f"No Nash outcome relies on a non-credible threat ({self.scope})."
        return "\n".join(e.describe(self.model) for e in self.equilibria)

    def __repr__(self) -> str:
        return (
            f"<ThreatAnalysis {self.model.id!r} method={self.method!r}: "
            f"{len(self.equilibria)} outcome(s) held by non-credible threats"
            f"{'' if self.complete else ' (incomplete)'}>"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        warn = "".join(f"<p>&#9888; {esc(w)}</p>" for w in self.warnings)
        head = (
            f"<p><b>{len(self.equilibria)}</b> Nash outcome(s) of <code>"
            f"{esc(self.model.id)}</code> held only by non-credible threats "
            f"({esc(self.method)}: {esc(self.scope)})</p>"
        )
        body = self.to_frame().to_html(index=False) if self.equilibria else ""
        if self.candidates:
            body += "<p>Every candidate examined:</p>" + self.candidates_frame().to_html(
                index=False
            )
        return head + body + warn


def _num(x: float) -> str:
    return f"{x + 0.0:.4g}"  # + 0.0 turns -0.0 into 0.0


def _name(model: Any, pid: str) -> str:
    if model is None:
        return pid
    try:
        return model.player(pid).name or pid
    except ModelError:
        return pid


def _summarise(model: Any, profile: dict[str, str]) -> str:
    """``"USA quad_plus; states: compete AUS, JPN / hedge IDN; CHN hedge"`` style text."""
    parts, roles = [], {}
    for pid, s in profile.items():
        role = model.player(pid).role if model is not None else None
        if role is None:
            parts.append(f"{pid} {s}")
        else:
            if role not in roles:
                roles[role] = {}
                parts.append(("role", role))
            roles[role].setdefault(s, []).append(pid)
    out = []
    for p in parts:
        if isinstance(p, tuple):
            groups = roles[p[1]]
            out.append(
                f"{p[1]}s: " + " / ".join(f"{s} {', '.join(ids)}" for s, ids in groups.items())
            )
        else:
            out.append(p)
    return "; ".join(out)
