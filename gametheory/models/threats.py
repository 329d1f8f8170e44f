"""Non-credible threats: outcomes of a sequential model that are Nash but not subgame-perfect.

In a sequential model an outcome (one move per player) can be a Nash equilibrium of the
whole game only because some player *threatens* a move it would not carry out if the
moment came: the textbook entrant stays out because the incumbent threatens a price war
that, once entry has happened, would cost the incumbent more than accommodating.
Backward induction (``model.solve()``) discards such equilibria; this module lists them,
each with the threats that hold it up, stated in words.

Every player of a model moves in exactly one stage and sees every earlier move, so a
unilateral deviation of player ``i`` in its stage reaches a history that identifies
``i`` as the deviator, and the punishers may answer each deviation separately. Hence
(Osborne and Rubinstein, *A Course in Game Theory*, 1994, ch. 6):

* an outcome ``z`` is a **Nash outcome** iff for every player ``i`` and every other move
  ``a'`` of ``i``: ``u_i(z) >= min u_i`` over all continuations after the deviation
  (``i`` moves no more, so the later movers may do anything to it);
* ``z`` is a **subgame-perfect outcome** iff the same holds with the minimum taken only
  over subgame-perfect continuations after the deviation (and every subgame has one).

A deviation deterred by the first but not the second is deterred by a **non-credible
threat**. Two methods compute these sets:

``"exhaustive"`` (exact)
    Every outcome of the game (all ``prod(n_i)`` pure profiles, at most
    ``max_profiles``) is tabulated; both conditions are evaluated with array
    reductions, stage by stage from the last (the subgame-perfect sets of every
    subgame are computed exactly, including every tie). The result is exactly the set
    of outcomes of pure Nash equilibria that no pure subgame-perfect equilibrium has.
``"structured"`` (leader, then a simultaneous stage, then one follower)
    For games too large to tabulate, such as SEATO (the US, then 8 states, then the
    communist bloc). The leader may be a run of single-mover opening stages whose players
    share one payoff formula (one decision maker moving in turn, such as a structure and
    then a trade track): it is then one compound leader whose strategies are the paths of
    its moves, and a deviation is any other path. Requirements, checked symbolically on
    the payoff formulas: each member of the
    middle stage has a payoff that does not depend on the other members' moves, and the
    leader's payoff is a sum of one term per member (given the leader's and the
    follower's moves). The candidates are every leader strategy ``s`` with every pure
    equilibrium of the stage after ``s`` that backward induction lists (the follower
    best-responding, ties broken as backward induction breaks them: first listed), so
    the play after ``s`` is subgame-perfect. For each candidate and each other leader
    strategy ``s'`` it asks whether the leader can be kept from ``s'``:

    1. credibly, if the worst subgame-perfect continuation after ``s'`` (the worst listed
       stage equilibrium for the leader) leaves the leader no better off; otherwise
    2. by a threat, if the worst the follower can do to the leader with *any* plan
       (any response to any history after ``s'``, credible or not), the members playing
       a pure equilibrium of their stage under that plan, leaves it no better off. A
       members' profile is an equilibrium under some plan iff each member gets at least
       its minmax ``max_b min_r u_j(b, r)`` (the plan answers each member's deviation
       with that member's worst response), so with independent members and an additive
       leader the minimum is found member by member, in one vectorised pass.

    Each candidate gets a status (``candidates``): subgame-perfect (1 for every
    ``s'``), held by non-credible threats (2 needed for some ``s'``, listed as
    equilibria), or not sustainable. This is exact for these candidates: the
    tests check it against enumeration of every follower plan. Not covered: outcomes
    whose middle stage is itself held by threats against the members, punishments in
    which members act against their own interest (both are Nash too, so the list is a
    subset of all Nash-but-not-subgame-perfect outcomes), and mixed strategies.

Payoff differences within ``tol`` are ties (a tie counts as a best response, and a
deviation that gains no more than ``tol`` is deterred). Every threat's payoffs are
evaluated from the formulas at the stated profile; the structured method also checks the
additive decomposition against that direct evaluation.

Examples
--------
>>> import gametheory.models as gm
>>> toml = '''format = 1
... [model]
... id = "entry"
... title = "Entry deterrence"
... form = "sequential"
... [players.ENT]
... payoff = "(ENT == 'enter') * (2 * (INC == 'share') - 1 * (INC == 'fight'))"
... [players.ENT.strategies]
... out = "stay out"
... enter = "enter the market"
... [players.INC]
... payoff = "2 * (ENT == 'out') + (ENT == 'enter') * (1 * (INC == 'share') - 1 * (INC == 'fight'))"
... [players.INC.strategies]
... share = "accommodate"
... fight = "start a price war"
... [form]
... stages = [["ENT"], ["INC"]]
... '''
>>> report = non_credible_threats(gm.Model.from_toml(toml))
>>> report.subgame_perfect
({'ENT': 'enter', 'INC': 'share'},)
>>> [e.path["ENT"] for e in report]      # INC's move after 'out' does not matter
['out', 'out']
>>> t = report[0].threats[0]
>>> (t.deviator, t.deviation, t.punishment, t.deviator_payoff, t.credible_payoff)
('ENT', 'enter', {'ENT': 'enter', 'INC': 'fight'}, -1.0, 2.0)
>>> print(t.describe())  # doctest: +NORMALIZE_WHITESPACE
If ENT chose 'enter' instead of 'out', the answer would be INC fight, leaving ENT -1 (it
gets 0 on the path). Not credible: INC would get -1 by 'fight' but 1 by 'share'; play that
each player would carry out leaves ENT at least 2, more than on the path.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import sympy

from ..errors import MethodNotApplicableError, ModelError, SolverError
from .threat_result import Reluctance, Threat, ThreatAnalysis, ThreatEquilibrium

__all__ = [
    "non_credible_threats",
    "ThreatAnalysis",
    "ThreatEquilibrium",
    "Threat",
    "Reluctance",
    "MAX_PROFILES",
]

#: Default largest number of outcomes tabulated by the exhaustive method.
MAX_PROFILES = 200_000
_TOL = 1e-9
_CHUNK = 65_536


# --------------------------------------------------------------------------- public entry
def non_credible_threats(
    model: Any,
    /,
    *,
    method: str = "auto",
    max_profiles: int = MAX_PROFILES,
    max_equilibria: int = 1000,
    tol: float = _TOL,
) -> ThreatAnalysis:
    """Outcomes of a sequential model that are Nash equilibria only through non-credible threats.

    Parameters
    ----------
    model : Model
        A sequential model (``model.form == "sequential"``).
    method : {"auto", "exhaustive", "structured"}
        ``"auto"``: exhaustive when the game has at most ``max_profiles`` outcomes,
        otherwise structured (see the module docstring for what each computes).
    max_profiles : int
        Largest number of outcomes the exhaustive method tabulates.
    max_equilibria : int
        Stop listing after this many outcomes (``complete`` is then False).
    tol : float
        Payoff differences up to ``tol`` are ties (a tie counts as a best response).

    Returns
    -------
    ThreatAnalysis

    Raises
    ------
    ModelError
        A simultaneous model, or invalid options.
    MethodNotApplicableError
        The game is too large to tabulate and lacks the structure the structured method
        needs (the message says which requirement fails).

    Examples
    --------
    SEATO (1954): the US could be held to no pact only by a communist invasion threat
    that the bloc would be against its interest to carry out once the pact exists.

    >>> import gametheory.models as gm, pathlib
    >>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "seato_1954.toml")
    >>> res = non_credible_threats(m)
    >>> res.method, res.subgame_perfect[0]["USA"]
    ('structured', 'manila_pact')
    >>> [e.path["USA"] for e in res]
    ['no_pact']
    >>> t = res[0].threats[0]       # what keeps the US without a pact
    >>> t.deviation, t.punishment["CHN"], round(t.deviator_payoff, 3), t.on_path_payoff
    ('manila_pact', 'compete', -1.01, -1.0)
    >>> t.reluctant[0].describe(m)
    "China and the communist bloc would get -1 by 'compete' but 0.14 by 'hedge'"
    """
    if getattr(model, "form", None) != "sequential":
        raise ModelError(
            f"{getattr(model, 'id', model)!s}: non-credible threats need a "
            'sequential model (form = "sequential"); a simultaneous game has '
            "no threats to carry out later"
        )
    if method not in ("auto", "exhaustive", "structured"):
        raise ModelError(f"method: expected 'auto', 'exhaustive' or 'structured', got {method!r}")
    for name, v in (("max_profiles", max_profiles), ("max_equilibria", max_equilibria)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ModelError(f"{name}: expected a positive integer, got {v!r}")
    if not (isinstance(tol, (int, float)) and 0 <= tol < 1):
        raise ModelError(f"tol: expected a number in [0, 1), got {tol!r}")
    order = [pid for stage in model.stages for pid in stage]
    if sorted(order) != sorted(model.player_ids) or len(set(order)) != len(order):
        raise ModelError(f"{model.location}: every player must move in exactly one stage")
    total = int(np.prod([float(len(model.player(p).strategies)) for p in order]))
    if method == "exhaustive" or (method == "auto" and total <= max_profiles):
        if total > max_profiles:
            raise MethodNotApplicableError(
                f"{model.location}: the game has {total:,} outcomes, more than max_profiles="
                f"{max_profiles:,}; raise max_profiles or use method='structured'"
            )
        return _exhaustive(model, order, max_equilibria, tol)
    reason = _structure_problem(model)
    if reason:
        why = (
            ""
            if method == "structured"
            else f"the game has {total:,} outcomes (more than max_profiles={max_profiles:,}) and "
        )
        raise MethodNotApplicableError(
            f"{model.location}: {why}the structured method does not apply: {reason}"
        )
    return _structured(model, max_equilibria, tol)


# --------------------------------------------------------------------------- shared helpers
def _evaluate(model: Any, profiles: np.ndarray) -> np.ndarray:
    """Every player's payoff at pure profiles (strategy indices in model player order)."""
    comp, P = model.compiled, model.value_vector()
    profiles = np.asarray(profiles, dtype=int).reshape(-1, len(model.players))
    return np.concatenate(
        [comp.payoffs(P, profiles[c : c + _CHUNK]) for c in range(0, len(profiles), _CHUNK)]
        or [np.zeros((0, len(model.players)))]
    )


def _labels(model: Any, order: list[str], z: Any) -> dict[str, str]:
    pos = {pid: q for q, pid in enumerate(order)}
    return {p.id: p.strategies[int(z[pos[p.id]])] for p in model.players}


# --------------------------------------------------------------------------- exhaustive
def _exhaustive(model: Any, order: list[str], max_equilibria: int, tol: float) -> ThreatAnalysis:
    """Both outcome conditions over the full table of outcomes (axes in stage order)."""
    n = len(order)
    stage_of = [k for k, st in enumerate(model.stages) for _ in st]
    sizes = tuple(len(model.player(p).strategies) for p in order)
    grid = np.indices(sizes).reshape(n, -1).T  # stage order
    cols = [order.index(pid) for pid in model.player_ids]
    to_stage = [model.player_ids.index(pid) for pid in order]
    U = _evaluate(model, grid[:, cols])[:, to_stage].reshape(*sizes, n)
    later = [tuple(q for q in range(n) if stage_of[q] > k) for k in range(len(model.stages))]

    def reduce_min(a: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
        return a.min(axis=axes, keepdims=True) if axes else a

    nash = np.ones(sizes, bool)
    worst = {}
    for q in range(n):  # the worst anyone can do to q after q's move
        worst[q] = reduce_min(U[..., q], later[stage_of[q]])
        nash &= U[..., q] >= worst[q].max(axis=q, keepdims=True) - tol
    spe = np.ones(sizes, bool)
    credible: dict[int, np.ndarray] = {}
    exists = True
    for k in reversed(range(len(model.stages))):
        movers = [q for q in range(n) if stage_of[q] == k]
        for q in movers:  # the worst subgame-perfect continuation after q's move
            credible[q] = reduce_min(np.where(spe, U[..., q], np.inf), later[k])
        for q in movers:
            spe &= U[..., q] >= credible[q].max(axis=q, keepdims=True) - tol
        if not spe.any(axis=tuple(q for q in range(n) if stage_of[q] >= k)).all():
            exists = False
    warnings = []
    if not exists:
        warnings.append(
            "some subgame has no pure-strategy equilibrium, so the game has no "
            "pure subgame-perfect equilibrium; every pure Nash outcome is listed"
        )
        spe[...] = False
    targets = np.argwhere(nash & ~spe)
    complete = len(targets) <= max_equilibria
    if not complete:
        warnings.append(
            f"{len(targets)} outcomes found; only the first {max_equilibria} "
            "are listed (max_equilibria)"
        )
    found = []
    for z in targets[:max_equilibria]:
        z = tuple(int(v) for v in z)
        threats = []
        for q in range(n):
            for a in range(sizes[q]):
                if a == z[q]:
                    continue
                t = _exhaustive_threat(
                    model, order, U, z, q, a, later[stage_of[q]], worst, credible, stage_of, tol
                )
                if t is not None:
                    threats.append(t)
        found.append(
            ThreatEquilibrium(
                path=_labels(model, order, z),
                payoffs={pid: float(U[z][order.index(pid)]) for pid in model.player_ids},
                threats=tuple(threats),
            )
        )
    spe_list = tuple(_labels(model, order, z) for z in np.argwhere(spe)[:max_equilibria])
    return ThreatAnalysis(
        model=model,
        method="exhaustive",
        equilibria=tuple(found),
        subgame_perfect=spe_list,
        n_nash=int(nash.sum()),
        complete=complete,
        scope=f"all {U[..., 0].size:,} outcomes examined; exact",
        warnings=tuple(warnings),
    )


def _exhaustive_threat(
    model: Any,
    order: list[str],
    U: np.ndarray,
    z: tuple[int, ...],
    q: int,
    a: int,
    after: tuple[int, ...],
    worst: dict,
    credible: dict,
    stage_of: list[int],
    tol: float,
) -> Threat | None:
    """The threat deterring ``order[q]`` from ``a``, or None when credible play deters it."""
    h = list(z)
    h[q] = a
    at = tuple(0 if r in after else h[r] for r in range(len(h)))
    best_credible = float(credible[q][at])
    on_path = float(U[z][q])
    if best_credible <= on_path + tol:
        return None
    sub = U[tuple(slice(None) if r in after else h[r] for r in range(len(h))) + (q,)]
    pick = np.unravel_index(int(np.argmin(sub)), sub.shape)
    for r, v in zip(after, pick, strict=True):
        h[r] = int(v)
    punished = tuple(h)
    reluctant = []
    for r in after:  # threatened moves whose movers would rather do otherwise
        own_after = tuple(x for x in after if stage_of[x] > stage_of[r])
        options = []
        for b in range(U.shape[r]):
            if b == punished[r]:
                continue
            h2 = list(punished)
            h2[r] = b
            options.append(
                (
                    float(
                        credible[r][tuple(0 if x in own_after else h2[x] for x in range(len(h2)))]
                    ),
                    b,
                )
            )
        if options:
            value, b = max(options)
            if value > U[punished][r] + tol:
                strategies = model.player(order[r]).strategies
                reluctant.append(
                    Reluctance(
                        order[r],
                        strategies[punished[r]],
                        float(U[punished][r]),
                        strategies[b],
                        value,
                    )
                )
    strategies = model.player(order[q]).strategies
    return Threat(
        deviator=order[q],
        on_path=strategies[z[q]],
        deviation=strategies[a],
        punishment=_labels(model, order, punished),
        deviator_payoff=float(U[punished][q]),
        on_path_payoff=on_path,
        credible_payoff=None if not np.isfinite(best_credible) else best_credible,
        reluctant=tuple(reluctant),
    )


# --------------------------------------------------------------------------- structured
def _indicators(model: Any, pid: str) -> set[sympy.Symbol]:
    from .expr import indicator

    return {indicator(pid, s) for s in model.player(pid).strategies}


def _openers(model: Any) -> list[str]:
    """The single movers of the stages before the last two (the compound leader)."""
    return [st[0] for st in model.stages[:-2] if len(st) == 1]


def _structure_problem(model: Any) -> str:
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


def _structured(model: Any, max_equilibria: int, tol: float) -> ThreatAnalysis:
    openers = _openers(model)
    leader, members, follower = openers[0], list(model.stages[-2]), model.stages[-1][0]
    ids = model.player_ids
    iLs = [ids.index(o) for o in openers]
    iL, iF = iLs[0], ids.index(follower)
    im = [ids.index(m) for m in members]
    # the compound leader's strategies: every path of moves through the opening stages
    paths = np.array(
        list(itertools.product(*[range(len(model.player(o).strategies)) for o in openers])),
        dtype=int,
    )
    lstrat = [
        " + ".join(model.player(o).strategies[a] for o, a in zip(openers, path, strict=True))
        for path in paths
    ]
    S = len(paths)
    R = len(model.player(follower).strategies)
    K = [len(model.player(m).strategies) for m in members]
    warnings: list[str] = []
    entries = []
    if len(openers) == 1:
        result = model.solve()
        warnings += result.warnings
        plan = result.plan.get("options", {})
        entries = [plan.get(label, {}) for label in lstrat]
    else:  # one backward induction per path, the path's moves fixed
        for path in paths:
            fixed = {o: model.player(o).strategies[a] for o, a in zip(openers, path, strict=True)}
            res = model.solve(fix=fixed)
            warnings += [w for w in res.warnings if w not in warnings]
            entries.append(res.plan.get("options", {}).get(fixed[leader], {}))

    # Tables at the profiles "everyone in the middle plays their first strategy, but j plays b".
    units = [(None, 0)] + [(j, b) for j in range(len(members)) for b in range(1, K[j])]
    prof = np.zeros((S, R, len(units), len(ids)), dtype=int)
    for q, i in enumerate(iLs):
        prof[..., i] = paths[:, q][:, None, None]
    prof[..., iF] = np.arange(R)[None, :, None]
    for u, (j, b) in enumerate(units):
        if j is not None:
            prof[:, :, u, im[j]] = b
    pay = _evaluate(model, prof).reshape(S, R, len(units), len(ids))
    base = pay[:, :, 0, iL]  # (S, R)
    Kmax = max(K)
    d_leader = np.full((S, len(members), Kmax, R), np.inf)
    own = np.full((S, len(members), Kmax, R), -np.inf)  # member j's payoff
    for j in range(len(members)):
        d_leader[:, j, 0, :] = 0.0
        own[:, j, 0, :] = pay[:, :, 0, im[j]]
    for u, (j, b) in enumerate(units[1:], start=1):
        d_leader[:, j, b, :] = pay[:, :, u, iL] - base
        own[:, j, b, :] = pay[:, :, u, im[j]]
    # A member's move is sustainable under some plan of the follower iff it gets at least its
    # minmax; the leader's worst case then separates member by member.
    minmax = np.where(np.isfinite(own), own, np.nan).min(axis=3)  # (S, N, K)
    minmax = np.nanmax(np.where(np.isfinite(minmax), minmax, -np.inf), axis=2)  # (S, N)
    feasible = own >= minmax[:, :, None, None] - tol  # (S, N, K, R)
    masked = np.where(feasible, d_leader, np.inf)
    punish_moves = masked.argmin(axis=2)  # (S, N, R)
    punish = base + masked.min(axis=2).sum(axis=1)  # (S, R)

    # Candidates: every leader strategy and every stage equilibrium backward induction lists.
    candidates: dict[int, list[np.ndarray]] = {}
    for s, (label, entry) in enumerate(zip(lstrat, entries, strict=True)):
        eqs = entry.get("stage_equilibria", []) if entry.get("status") == "ok" else []
        if entry.get("n_equilibria", 0) > len(eqs):
            warnings.append(
                f"{leader} {label}: {entry['n_equilibria']} stage equilibria, only "
                f"the {len(eqs)} listed by backward induction are examined"
            )
        rows = []
        for e in eqs:
            p = np.zeros(len(ids), dtype=int)
            p[iLs] = paths[s]
            for j, m in enumerate(members):
                p[im[j]] = model.player(m).strategies.index(e[m])
            p[iF] = _best_response(model, p, iF, tol)[0]
            rows.append(p)
        candidates[s] = rows
    value = {s: [float(_evaluate(model, p)[0, iL]) for p in rows] for s, rows in candidates.items()}
    credible_min = {s: min(v, default=np.inf) for s, v in value.items()}
    for s, label in enumerate(lstrat):
        if not candidates[s]:
            warnings.append(
                f"{leader} {label}: the stage after it has no pure equilibrium, so "
                "the game has no pure subgame-perfect equilibrium"
            )
    found, spe, table = [], [], []
    for s, rows in candidates.items():
        for p, v in zip(rows, value[s], strict=True):
            labels = {
                pid: model.player(pid).strategies[int(a)] for pid, a in zip(ids, p, strict=True)
            }
            needed = [s2 for s2 in range(S) if s2 != s and v < credible_min[s2] - tol]
            r2 = {s2: int(np.argmin(punish[s2])) for s2 in needed}
            broken = [s2 for s2 in needed if punish[s2, r2[s2]] > v + tol]
            row = {
                "path": labels,
                "payoff": v,
                "status": "subgame-perfect",
                "deviation": None,
                "deviation payoff": None,
            }
            table.append(row)
            if broken:  # the leader gains by deviating even under the harshest threat
                worst = max(broken, key=lambda s2: punish[s2, r2[s2]])
                row.update(
                    status="not sustainable",
                    deviation=lstrat[worst],
                    **{"deviation payoff": float(punish[worst, r2[worst]])},
                )
                continue
            if not needed:
                spe.append(labels)
                continue
            row["status"] = "held by non-credible threats"
            if len(found) < max_equilibria:
                threats = [
                    _structured_threat(
                        model,
                        p,
                        s2,
                        r2[s2],
                        punish_moves[s2, :, r2[s2]],
                        float(punish[s2, r2[s2]]),
                        v,
                        credible_min[s2],
                        (iLs, iF, im, paths, lstrat, s),
                        tol,
                    )
                    for s2 in needed
                ]
                pays = _evaluate(model, p)[0]
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
        f"each of {leader}'s {S} strategies"
        if len(openers) == 1
        else f"each of the {S} paths of moves of {' then '.join(openers)} (one decision maker)"
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


def _best_response(model: Any, profile: np.ndarray, i: int, tol: float) -> list[int]:
    """Player ``i``'s best responses (within ``tol``) at ``profile``, first listed first."""
    n = len(model.player(model.player_ids[i]).strategies)
    prof = np.repeat(np.asarray(profile)[None, :], n, axis=0)
    prof[:, i] = np.arange(n)
    u = _evaluate(model, prof)[:, i]
    return [int(r) for r in np.flatnonzero(u >= u.max() - tol)]


def _structured_threat(
    model: Any,
    path: np.ndarray,
    s2: int,
    r2: int,
    moves: np.ndarray,
    expected: float,
    on_path: float,
    credible: float,
    where: tuple,
    tol: float,
) -> Threat:
    iLs, iF, im, paths, lstrat, s = where
    iL = iLs[0]
    ids = model.player_ids
    punished = np.array(path)
    punished[iLs] = paths[s2]
    punished[iF] = r2
    for j, i in enumerate(im):
        punished[i] = moves[j]
    pays = _evaluate(model, punished)[0]
    if abs(pays[iL] - expected) > 1e-7 * (1 + abs(expected)):
        raise SolverError(
            f"{model.location}: the leader's payoff {pays[iL]!r} at the punishment "
            f"differs from its additive decomposition {expected!r}"
        )
    reluctant = []
    best = _best_response(model, punished, iF, tol)
    strat = model.player(ids[iF]).strategies
    if r2 not in best:
        alt = punished.copy()
        alt[iF] = best[0]
        reluctant.append(
            Reluctance(
                ids[iF],
                strat[r2],
                float(pays[iF]),
                strat[best[0]],
                float(_evaluate(model, alt)[0, iF]),
            )
        )
    for i in im:  # a member holding to its move only because of the follower's threat
        strat_i = model.player(ids[i]).strategies
        options = []
        for b in range(len(strat_i)):
            if b == punished[i]:
                continue
            alt = punished.copy()
            alt[i] = b
            worst = min(
                float(_evaluate(model, np.r_[alt[:iF], r, alt[iF + 1 :]])[0, i])
                for r in _best_response(model, alt, iF, tol)
            )
            options.append((worst, b))
        if options and max(options)[0] > pays[i] + tol:
            v, b = max(options)
            alt = np.repeat(punished[None, :], len(strat), axis=0)
            alt[:, i] = b
            alt[:, iF] = np.arange(len(strat))
            threat = int(np.argmin(_evaluate(model, alt)[:, i]))
            reluctant.append(
                Reluctance(
                    ids[i],
                    strat_i[punished[i]],
                    float(pays[i]),
                    strat_i[b],
                    v,
                    held_by={ids[iF]: strat[threat]},
                )
            )
    return Threat(
        deviator=ids[iL],
        on_path=lstrat[s],
        deviation=lstrat[s2],
        punishment={
            pid: model.player(pid).strategies[int(a)] for pid, a in zip(ids, punished, strict=True)
        },
        deviator_payoff=float(pays[iL]),
        on_path_payoff=on_path,
        credible_payoff=None if not np.isfinite(credible) else float(credible),
        reluctant=tuple(reluctant),
    )
