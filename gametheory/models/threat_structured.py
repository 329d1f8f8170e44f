"""The structured method of :func:`gametheory.models.threats.non_credible_threats`.

For games too large to tabulate whose stages are a (compound) leader, a simultaneous
stage and one follower, with members that do not depend on one another and a leader
payoff additive over the members (checked symbolically by :func:`structure_problem`);
see the docstring of :mod:`gametheory.models.threats` for what it computes.

Examples
--------
>>> import gametheory.models as gm, pathlib
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "seato_1954.toml")
>>> structure_problem(m)
''
>>> structured_analysis(m, max_equilibria=10, tol=1e-9).method
'structured'
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import sympy

from ..errors import SolverError
from .expr import indicator
from .threat_exhaustive import evaluate_profiles, player_tolerances
from .threat_result import Reluctance, Threat, ThreatAnalysis, ThreatEquilibrium

__all__ = ["structure_problem", "structured_analysis"]


def _indicators(model: Any, pid: str) -> set[sympy.Symbol]:
    return {indicator(pid, s) for s in model.player(pid).strategies}


def _openers(model: Any) -> list[str]:
    """The single movers of the stages before the last two (the compound leader)."""
    return [st[0] for st in model.stages[:-2] if len(st) == 1]


def structure_problem(model: Any) -> str:
    """Why the structured method does not apply ('' when it does)."""
    st = model.stages
    openers = _openers(model)
    k = len(openers)
    if len(st) < 3 or k != len(st) - 2 or len(st[-1]) != 1:
        return (
            "it needs three stages: one leader (or a run of single-mover stages sharing "
            "one payoff, one decision maker moving in turn), then players moving "
            f"simultaneously, then one follower (this model has stages "
            f"{[list(s) for s in st]})"
        )
    leader = openers[0]
    expr = model.payoff_expression(leader)
    for other in openers[1:]:
        other_expr = model.payoff_expression(other)
        if other_expr != expr and sympy.expand(other_expr - expr) != 0:
            return (
                f"the opening single-mover stages must share one payoff (one decision "
                f"maker moving in turn); {other}'s differs from {leader}'s"
            )
    members = list(st[k])
    marks = {m: _indicators(model, m) for m in members}
    everyone = set().union(*marks.values())
    for m in members:
        if model.payoff_expression(m).free_symbols & (everyone - marks[m]):
            return (
                f"{m}'s payoff depends on other players of its stage (each must depend "
                "only on its own move, the leader's and the follower's)"
            )
    for node in sympy.preorder_traversal(expr):
        if (
            not isinstance(node, (sympy.Add, sympy.Mul, sympy.Symbol, sympy.Number))
            and node.free_symbols & everyone
            and not (isinstance(node, sympy.Pow) and node.exp.is_Integer and node.exp > 0)
        ):
            return f"{leader}'s payoff is not a sum of one term per player of the middle stage"
    for m in members:
        for x in marks[m]:
            if sympy.diff(expr, x).free_symbols & (everyone - marks[m]):
                return (
                    f"{leader}'s payoff is not a sum of one term per player of the middle "
                    f"stage ({m}'s move interacts with another's)"
                )
    return ""


@dataclass(frozen=True)
class _ThreeStages:
    """A game of a (compound) leader, then a simultaneous stage, then one follower.

    Player positions are in model order. ``paths`` (S, len(leaders)) lists the compound
    leader's strategies: every path of moves through the opening stages, labelled
    ``path_labels``.
    """

    model: Any
    leaders: list[int]
    members: list[int]
    follower: int
    paths: np.ndarray
    path_labels: list[str]
    scale: np.ndarray  # per player (model order): the payoff spread seen
    tol: np.ndarray  # per player: ``tol`` times ``scale``

    @property
    def leader(self) -> int:
        """The first opener, whose payoff every opener shares."""
        return self.leaders[0]

    def best_responses(self, profile: np.ndarray, player: int) -> list[int]:
        """``player``'s best responses (within its tolerance) at ``profile``, first listed first."""
        n_strategies = len(self.model.players[player].strategies)
        profiles = np.repeat(np.asarray(profile)[None, :], n_strategies, axis=0)
        profiles[:, player] = np.arange(n_strategies)
        payoffs = evaluate_profiles(self.model, profiles)[:, player]
        return [int(r) for r in np.flatnonzero(payoffs >= payoffs.max() - self.tol[player])]

    def threat(
        self,
        outcome: np.ndarray,
        on_path: int,
        punishment: _Punishment,
        on_path_payoff: float,
        credible_payoff: float,
    ) -> Threat:
        """The threat keeping the leader on path ``on_path`` (of ``outcome``) rather
        than ``punishment.path``, with the moves in it that their movers would rather
        not make."""
        model, leader, follower = self.model, self.leader, self.follower
        ids = model.player_ids
        punished = np.array(outcome)
        punished[self.leaders] = self.paths[punishment.path]
        punished[follower] = punishment.response
        punished[self.members] = punishment.member_moves
        pays = evaluate_profiles(model, punished)[0]
        expected = punishment.leader_payoff
        if abs(pays[leader] - expected) > 1e-7 * (abs(expected) + self.scale[leader]):
            raise SolverError(
                f"{model.location}: the leader's payoff {pays[leader]!r} at the punishment "
                f"differs from its additive decomposition {expected!r}"
            )
        reluctant = []
        answers = self.best_responses(punished, follower)
        responses = model.players[follower].strategies
        if punishment.response not in answers:
            alternative = punished.copy()
            alternative[follower] = answers[0]
            reluctant.append(
                Reluctance(
                    ids[follower],
                    responses[punishment.response],
                    float(pays[follower]),
                    responses[answers[0]],
                    float(evaluate_profiles(model, alternative)[0, follower]),
                )
            )
        for member in self.members:
            reluctance = self._held_by_follower(punished, pays, member)
            if reluctance is not None:
                reluctant.append(reluctance)
        return Threat(
            deviator=ids[leader],
            on_path=self.path_labels[on_path],
            deviation=self.path_labels[punishment.path],
            punishment={
                pid: model.player(pid).strategies[int(a)]
                for pid, a in zip(ids, punished, strict=True)
            },
            deviator_payoff=float(pays[leader]),
            on_path_payoff=on_path_payoff,
            credible_payoff=None if not np.isfinite(credible_payoff) else float(credible_payoff),
            reluctant=tuple(reluctant),
        )

    def _held_by_follower(
        self, punished: np.ndarray, pays: np.ndarray, member: int
    ) -> Reluctance | None:
        """A member holding to its move in ``punished`` only because of the follower's
        threat: some other move leaves it better off whatever best response follows."""
        model, follower = self.model, self.follower
        strategies = model.players[member].strategies
        options = []
        for move in range(len(strategies)):
            if move == punished[member]:
                continue
            alternative = punished.copy()
            alternative[member] = move
            worst = min(
                float(
                    evaluate_profiles(
                        model,
                        np.r_[alternative[:follower], r, alternative[follower + 1 :]],
                    )[0, member]
                )
                for r in self.best_responses(alternative, follower)
            )
            options.append((worst, move))
        if not options or max(options)[0] <= pays[member] + self.tol[member]:
            return None
        value, move = max(options)
        responses = model.players[follower].strategies
        answered = np.repeat(punished[None, :], len(responses), axis=0)
        answered[:, member] = move
        answered[:, follower] = np.arange(len(responses))
        threat = int(np.argmin(evaluate_profiles(model, answered)[:, member]))
        return Reluctance(
            model.player_ids[member],
            strategies[punished[member]],
            float(pays[member]),
            strategies[move],
            value,
            held_by={model.player_ids[follower]: responses[threat]},
        )


class _Punishment(NamedTuple):
    """The harshest answer to the leader taking path ``path``: the follower's response
    and the members' moves, with the leader's payoff by the additive decomposition."""

    path: int
    response: int
    member_moves: np.ndarray
    leader_payoff: float


def _unit_payoffs(layout: _ThreeStages) -> np.ndarray:
    """Payoffs (S, R, 1 + units, players) at every leader path and follower response
    with "every member plays its first strategy" (profile 0) and "... but member j
    plays b" (one profile per unit ``(j, b)``, b > 0)."""
    model = layout.model
    n_players = len(model.players)
    n_paths = len(layout.paths)
    n_responses = len(model.players[layout.follower].strategies)
    n_moves = [len(model.players[m].strategies) for m in layout.members]
    # profile 0: every member plays its first strategy; then one per (member j, move)
    units = [(j, move) for j in range(len(layout.members)) for move in range(1, n_moves[j])]
    n_profiles = 1 + len(units)
    profiles = np.zeros((n_paths, n_responses, n_profiles, n_players), dtype=int)
    for q, leader in enumerate(layout.leaders):
        profiles[..., leader] = layout.paths[:, q][:, None, None]
    profiles[..., layout.follower] = np.arange(n_responses)[None, :, None]
    for u, (j, move) in enumerate(units, start=1):
        profiles[:, :, u, layout.members[j]] = move
    return evaluate_profiles(model, profiles).reshape(n_paths, n_responses, n_profiles, n_players)


def _harshest_punishments(layout: _ThreeStages, pay: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each leader path and follower response, the members' moves that leave the
    leader worst off while each member still gets at least its minmax (so some plan of
    the follower holds them there), and the leader's payoff there.

    The leader's payoff is additive over the members, so it is tabulated at the
    profiles of :func:`_unit_payoffs` (``pay``) and the minimum is taken member by
    member. Returns ``(moves (S, N, R), payoff (S, R))``.
    """
    model = layout.model
    n_paths = len(layout.paths)
    n_responses = len(model.players[layout.follower].strategies)
    n_moves = [len(model.players[m].strategies) for m in layout.members]
    units = [(j, move) for j in range(len(layout.members)) for move in range(1, n_moves[j])]
    base = pay[:, :, 0, layout.leader]  # (S, R)
    shape = (n_paths, len(layout.members), max(n_moves), n_responses)
    leader_change = np.full(shape, np.inf)  # the leader's payoff change when j plays b
    member_payoff = np.full(shape, -np.inf)
    for j, member in enumerate(layout.members):
        leader_change[:, j, 0, :] = 0.0
        member_payoff[:, j, 0, :] = pay[:, :, 0, member]
    for u, (j, move) in enumerate(units, start=1):
        leader_change[:, j, move, :] = pay[:, :, u, layout.leader] - base
        member_payoff[:, j, move, :] = pay[:, :, u, layout.members[j]]
    # A member's move is sustainable under some plan of the follower iff it gets at least
    # its minmax; the leader's worst case then separates member by member.
    exists = np.isfinite(member_payoff)
    worst_case = np.where(exists, member_payoff, np.inf).min(axis=3)  # (S, N, K)
    minmax = np.where(exists.any(axis=3), worst_case, -np.inf).max(axis=2)  # (S, N)
    member_tol = layout.tol[layout.members][None, :, None, None]
    sustainable = member_payoff >= minmax[:, :, None, None] - member_tol  # (S, N, K, R)
    change = np.where(sustainable, leader_change, np.inf)
    return change.argmin(axis=2), base + change.min(axis=2).sum(axis=1)


def structured_analysis(model: Any, max_equilibria: int, tol: float) -> ThreatAnalysis:
    openers = _openers(model)
    leader, members, follower = openers[0], list(model.stages[-2]), model.stages[-1][0]
    ids = model.player_ids
    # the compound leader's strategies: every path of moves through the opening stages
    paths = np.array(
        list(itertools.product(*[range(len(model.player(o).strategies)) for o in openers])),
        dtype=int,
    )
    layout = _ThreeStages(
        model=model,
        leaders=[ids.index(o) for o in openers],
        members=[ids.index(m) for m in members],
        follower=ids.index(follower),
        paths=paths,
        path_labels=[
            " + ".join(model.player(o).strategies[a] for o, a in zip(openers, path, strict=True))
            for path in paths
        ],
        scale=np.ones(len(ids)),
        tol=np.zeros(len(ids)),
    )
    pay = _unit_payoffs(layout)
    # ties are judged relative to each player's payoff spread over these profiles (every
    # leader path and follower response, each member's every move): the game is too
    # large to tabulate, and a payoff unit of 1e-12 must not turn differences into ties
    scale = player_tolerances(pay, 1.0)
    layout = dataclasses.replace(layout, scale=scale, tol=tol * scale)
    tol_leader = float(layout.tol[layout.leader])
    n_paths = len(paths)
    warnings: list[str] = []
    entries = []
    if len(openers) == 1:
        result = model.solve()
        warnings += result.warnings
        plan = result.plan.get("options", {})
        entries = [plan.get(label, {}) for label in layout.path_labels]
    else:  # one backward induction per path, the path's moves fixed
        for path in paths:
            fixed = {o: model.player(o).strategies[a] for o, a in zip(openers, path, strict=True)}
            res = model.solve(fix=fixed)
            warnings += [w for w in res.warnings if w not in warnings]
            entries.append(res.plan.get("options", {}).get(fixed[leader], {}))
    punish_moves, punish = _harshest_punishments(layout, pay)

    # Candidates: every leader strategy and every stage equilibrium backward induction lists.
    candidates: dict[int, list[np.ndarray]] = {}
    for s, (label, entry) in enumerate(zip(layout.path_labels, entries, strict=True)):
        stage_equilibria = entry.get("stage_equilibria", []) if entry.get("status") == "ok" else []
        if entry.get("n_equilibria", 0) > len(stage_equilibria):
            warnings.append(
                f"{leader} {label}: {entry['n_equilibria']} stage equilibria, only "
                f"the {len(stage_equilibria)} listed by backward induction are examined"
            )
        rows = []
        for equilibrium in stage_equilibria:
            profile = np.zeros(len(ids), dtype=int)
            profile[layout.leaders] = paths[s]
            for member, pid in zip(layout.members, members, strict=True):
                profile[member] = model.player(pid).strategies.index(equilibrium[pid])
            profile[layout.follower] = layout.best_responses(profile, layout.follower)[0]
            rows.append(profile)
        candidates[s] = rows
    value = {
        s: [float(evaluate_profiles(model, p)[0, layout.leader]) for p in rows]
        for s, rows in candidates.items()
    }
    credible_min = {s: min(v, default=np.inf) for s, v in value.items()}
    for s, label in enumerate(layout.path_labels):
        if not candidates[s]:
            warnings.append(
                f"{leader} {label}: the stage after it has no pure equilibrium, so "
                "the game has no pure subgame-perfect equilibrium"
            )
    found: list[ThreatEquilibrium] = []
    spe: list[dict[str, str]] = []
    table: list[dict[str, Any]] = []
    for s, rows in candidates.items():
        for profile, v in zip(rows, value[s], strict=True):
            labels = {
                pid: model.player(pid).strategies[int(a)]
                for pid, a in zip(ids, profile, strict=True)
            }
            # the other paths credible play cannot deter, each with its harshest answer
            needed = [s2 for s2 in range(n_paths) if s2 != s and v < credible_min[s2] - tol_leader]
            harshest = {s2: int(np.argmin(punish[s2])) for s2 in needed}
            broken = [s2 for s2 in needed if punish[s2, harshest[s2]] > v + tol_leader]
            row = {
                "path": labels,
                "payoff": v,
                "status": "subgame-perfect",
                "deviation": None,
                "deviation payoff": None,
            }
            table.append(row)
            if broken:  # the leader gains by deviating even under the harshest threat
                worst = max(broken, key=lambda s2: punish[s2, harshest[s2]])
                row.update(
                    status="not sustainable",
                    deviation=layout.path_labels[worst],
                    **{"deviation payoff": float(punish[worst, harshest[worst]])},
                )
                continue
            if not needed:
                spe.append(labels)
                continue
            row["status"] = "held by non-credible threats"
            if len(found) < max_equilibria:
                threats = [
                    layout.threat(
                        profile,
                        s,
                        _Punishment(
                            path=s2,
                            response=harshest[s2],
                            member_moves=punish_moves[s2, :, harshest[s2]],
                            leader_payoff=float(punish[s2, harshest[s2]]),
                        ),
                        on_path_payoff=v,
                        credible_payoff=credible_min[s2],
                    )
                    for s2 in needed
                ]
                pays = evaluate_profiles(model, profile)[0]
                found.append(
                    ThreatEquilibrium(
                        path=labels,
                        payoffs={pid: float(x) for pid, x in zip(ids, pays, strict=True)},
                        threats=tuple(threats),
                    )
                )
    n_ok = sum(r["status"] != "not sustainable" for r in table)
    n_found = n_ok - len(spe)
    if n_found > len(found):
        warnings.append(
            f"{n_found} outcomes found; only the first {max_equilibria} are listed (max_equilibria)"
        )
    who = (
        f"each of {leader}'s {n_paths} strategies"
        if len(openers) == 1
        else f"each of the {n_paths} paths of moves of {' then '.join(openers)} (one decision maker)"
    )
    scope = (
        f"{who} with the stage equilibria that follow it "
        f"({sum(len(r) for r in candidates.values())} candidates), kept in place by any "
        f"plan of {follower}, the players of the middle stage acting in their own interest"
    )
    return ThreatAnalysis(
        model=model,
        method="structured",
        equilibria=tuple(found),
        subgame_perfect=tuple(spe),
        n_nash=n_ok,
        complete=n_found <= len(found),
        scope=scope,
        warnings=tuple(warnings),
        candidates=tuple(table),
    )
