"""Mixed equilibria of a simultaneous stage of a sequential model.

Backward induction (:mod:`gametheory.models.sequential`) finds the pure equilibria of
each simultaneous stage. When solving a model at one parameter point
(``model.solve()``), a stage with no pure equilibrium, or with several, is solved here
by *all* its equilibria, mixed ones included, when it is small enough:

1. Every joint move of the stage's movers is enumerated (at most
   :data:`MIXED_MAX_JOINT_MOVES`) and the rest of the game solved after each, giving
   the stage game: the movers' continuation payoffs.
2. Its equilibria are enumerated: every extreme equilibrium for two movers
   (:func:`~gametheory.solvers.enumerate_equilibria`), every equilibrium for more
   (:func:`~gametheory.solvers.nplayer_enum.enumerate_mixed`) when its run time,
   estimated before running, is within :data:`MIXED_STAGE_SECONDS`. Each stage game
   is searched once per solve (the regret checks reuse the search).
3. The model's selection rule picks one, listed pure equilibria first (in the order
   of the joint moves), then mixed ones: ``payoff_dominant`` / ``payoff-dominant``
   (highest total payoff of the stage's movers), ``first``, ``risk_averse`` (highest
   minimum payoff of the movers), ``risk-dominant`` and ``logit`` (see
   :mod:`gametheory.selection`). Ties go to the first.
4. Earlier movers evaluate the stage by the expected payoffs of the selected
   equilibrium (for a mixed one, the average of the continuations weighted by the
   probability of each joint move).

A stage too big for step 1 or 2 keeps its pure equilibria, and a warning says so.
The fast vectorised evaluator (``model.evaluator()``) does not use this module: it
reports pure equilibria only.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from ..game import NormalFormGame
from ..result import EquilibriumResult
from ..solvers._common import player_tolerances
from .branch import Branch
from .stage import TOL

__all__ = ["MIXED_MAX_JOINT_MOVES", "solve_mixed_stage", "mixed_path_regret", "stage_rule_name"]

#: Largest number of joint moves of a stage whose mixed equilibria are searched.
MIXED_MAX_JOINT_MOVES = 4096
#: Largest estimated search time (seconds) for a stage of three or more movers; the
#: stage of each option of an earlier mover is searched once (the search is cached).
MIXED_STAGE_SECONDS = 1.0
#: Time limit of one stage's search (the estimate can be low on degenerate stages); a
#: search cut short keeps what it found (every pure equilibrium: supports of size one
#: come first) and says so in a warning.
MIXED_STAGE_MAX_TIME = 5.0

_LEGACY = {"payoff_dominant": "payoff-dominant", "first": "first"}


def stage_rule_name(rule: str) -> str:
    """The rule of :mod:`gametheory.selection` that a model-file rule means, if any."""
    return _LEGACY.get(rule, rule)


def _too_big(solver: Any, k: int, history: dict[int, int], reason: str) -> None:
    model = solver.model
    where = ", ".join(
        f"{model.players[i].id}={model.players[i].strategies[a]}"
        for i, a in sorted(history.items())
    )
    rule = solver.pure_rule
    msg = (
        f"stage {k + 1}{' after ' + where if where else ''}: {reason}; mixed equilibria "
        f"were not searched, so '{rule}' chose among its pure equilibria"
        + (
            ""
            if rule == solver.selection
            else f" (rule '{solver.selection}' needs the stage's full equilibrium set)"
        )
    )
    if msg not in solver.warnings:
        solver.warnings.append(msg)


def _cut_short(solver: Any, k: int, history: dict[int, int], found: list[Any]) -> None:
    """Warn that stage ``k``'s search stopped at its time limit, naming what it found."""
    model = solver.model
    where = ", ".join(
        f"{model.players[i].id}={model.players[i].strategies[a]}"
        for i, a in sorted(history.items())
    )
    mixed = sum(1 for e in found if not e.is_pure)
    what = (
        f"'{solver.selection}' chose among the {len(found)} "
        f"equilibri{'um' if len(found) == 1 else 'a'} it found "
        f"({len(found) - mixed} pure, {mixed} mixed), which may not be all"
        if found
        else "it found no equilibrium"
    )
    msg = (
        f"stage {k + 1}{' after ' + where if where else ''}: the search for every "
        f"equilibrium was cut short after {MIXED_STAGE_MAX_TIME:g} s; {what}"
    )
    if msg not in solver.warnings:
        solver.warnings.append(msg)


def solve_mixed_stage(
    solver: Any,
    k: int,
    movers: list[int],
    P: np.ndarray,
    history: dict[int, int],
    keep: bool,
    pure: Branch,
) -> Branch:
    """Solve stage ``k`` at one parameter point by all its equilibria (see the module).

    ``pure`` is the stage's pure solution, returned unchanged (with a warning in
    ``solver.warnings``) when the stage is too big.
    """
    cache = solver.mixed_cache
    node = (k, tuple(sorted(history.items())), P.tobytes(), keep)
    if node in cache:
        return cache[node]
    out = _solve_mixed_stage(solver, k, movers, P, history, keep, pure, cache)
    cache[node] = out
    return out


def _solve_mixed_stage(
    solver: Any,
    k: int,
    movers: list[int],
    P: np.ndarray,
    history: dict[int, int],
    keep: bool,
    pure: Branch,
    cache: dict,
) -> Branch:
    from ..solvers import estimate_mixed_seconds

    model = solver.model
    options = [list(solver.allowed[p]) for p in movers]
    sizes = tuple(len(o) for o in options)
    joint_count = math.prod(sizes)
    n_pure = int(pure.stage_count[0]) if pure.stage_count is not None else -1
    what = "no pure equilibrium" if n_pure == 0 else f"{n_pure} pure equilibria"
    if joint_count > MIXED_MAX_JOINT_MOVES:
        _too_big(
            solver,
            k,
            history,
            f"{what}, and {joint_count:,} joint moves are more than {MIXED_MAX_JOINT_MOVES:,}",
        )
        return pure
    joint = list(itertools.product(*options))
    children = [
        solver.solve(k + 1, P, {**history, **dict(zip(movers, j, strict=True))}, keep)
        for j in joint
    ]
    if not all(bool(c.ok[0]) for c in children):
        _too_big(solver, k, history, f"{what}, and a later stage is unresolved")
        return pure
    table = np.stack([c.payoffs[0] for c in children])  # (J, players)
    game = NormalFormGame.from_payoff_array(
        table[:, movers].reshape(*sizes, len(movers)),
        players=[model.players[p].id for p in movers],
        strategies=[
            [model.players[p].strategies[a] for a in o]
            for p, o in zip(movers, options, strict=True)
        ],
    )
    key = (k, tuple(sorted(history.items())), P.tobytes(), game.payoffs.tobytes())
    result = cache.get(key)
    if result is None and len(movers) == 2:
        from ..solvers.enumeration import enumerate_equilibria

        result = cache[key] = enumerate_equilibria(game)
    elif result is None:
        seconds, supports = estimate_mixed_seconds(game)
        if seconds > MIXED_STAGE_SECONDS:
            _too_big(
                solver,
                k,
                history,
                f"{what}, and {supports:,} support profiles "
                f"(estimated {seconds:.1f} s) are beyond the budget of "
                f"{MIXED_STAGE_SECONDS:g} s",
            )
            return pure
        from ..solvers.nplayer_enum import enumerate_mixed

        result = cache[key] = enumerate_mixed(game, max_time=MIXED_STAGE_MAX_TIME)
    eqs = sorted(result.equilibria, key=lambda e: (not e.is_pure, _joint_index(e, sizes)))
    if not result.complete:
        _cut_short(solver, k, history, eqs)
    if not eqs:
        return pure
    ordered = EquilibriumResult(
        game=game,
        method=result.method,
        equilibria=tuple(eqs),
        complete=result.complete,
        scope="all",
    )
    pick = _select(solver.selection, ordered)
    if pick >= len(eqs):  # logit found one the list does not hold
        eqs.append(_logit_eq(ordered))
    branches, strategies = [], []
    for e in eqs:
        if e.is_pure:
            t = _joint_index(e, sizes)
            branches.append(children[t])
            strategies.append(None)
            continue
        weights = e.vectors[0]
        for v in e.vectors[1:]:
            weights = np.multiply.outer(weights, v)  # row-major, as the joint moves
        pay = np.ravel(weights) @ table
        prof = np.full((1, len(model.players)), -1, dtype=int)
        for i, a in history.items():
            prof[0, i] = a
        branches.append(
            Branch(
                prof,
                pay[None, :],
                np.ones(1, bool),
                np.ones(1, dtype=int),
                {"kind": "mixed", "movers": list(movers), "regret": e.regret},
            )
        )
        strategies.append({model.players[p].id: e[model.players[p].id] for p in movers})
    chosen = branches[pick]
    detail = None
    if keep:
        detail = {
            "kind": "stage",
            "movers": list(movers),
            "equilibria": branches,
            "selected": pick,
            "mixed": strategies,
            "regrets": [float(e.regret) for e in eqs],
        }
    return Branch(
        chosen.profile.copy(),
        chosen.payoffs.copy(),
        np.ones(1, bool),
        np.array([len(eqs)]),
        detail,
        stage_count=np.array([len(eqs)]),
    )


def _joint_index(eq: Any, sizes: tuple[int, ...]) -> int:
    """Row-major index of a pure equilibrium's joint move (mixed ones sort after)."""
    if not eq.is_pure:
        return math.prod(sizes)
    idx = [int(np.argmax(v)) for v in eq.vectors]
    return int(np.ravel_multi_index(idx, sizes))


def _select(rule: str, result: EquilibriumResult) -> int:
    from ..selection import select_equilibrium

    eqs = result.equilibria
    if rule == "risk_averse":
        mins = np.array([min(e.payoffs.values()) for e in eqs])
        tol = float(player_tolerances(result.game, TOL).max(initial=0.0))  # relative
        return int(np.argmax(mins >= mins.max() - tol))
    sel = select_equilibrium(result, stage_rule_name(rule))
    return len(eqs) if sel.index is None else sel.index


def _logit_eq(result: EquilibriumResult) -> Any:
    from ..selection import select_equilibrium

    return select_equilibrium(result, "logit").equilibrium


def mixed_path_regret(
    model: Any, solver: Any, P: np.ndarray, root: Branch, fixed: set[str], pick: int | None = None
) -> float:
    """Largest gain from deviating on a path through the first simultaneous stage.

    The path follows the chosen moves to the first simultaneous stage and plays its
    equilibrium ``pick`` (default: the selected one). Single movers before the stage
    are asked to deviate (the rest of the game solved afresh after each deviation,
    mixed stages included) and compared with that equilibrium's payoffs; a mixed
    stage equilibrium contributes its regret in the stage game, a pure one its movers'
    unilateral deviations (later stages answering as the solution prescribes). Beyond
    a pure stage, with ``pick`` None, the walk goes on along the selected path.
    """
    gains = [0.0]
    deviations: list[tuple[int, int, dict[int, int]]] = []
    target = None
    d, hist, k = root.detail, {}, 0
    while d is not None:
        if d["kind"] == "choice":
            p, chosen = d["player"], d["chosen"]
            if chosen is None:
                break
            if model.players[p].id not in fixed:
                deviations += [(k, p, {**hist, p: a}) for a in solver.allowed[p] if a != chosen]
            hist[p] = chosen
            d, k = dict(d["options"])[chosen].detail, k + 1
            continue
        if d["kind"] != "stage":
            break
        e = d["selected"] if pick is None or target is not None else pick
        if e is None:
            break
        branch = d["equilibria"][e]
        if target is None:
            target = branch
        mixed = d.get("mixed")
        if mixed is not None and mixed[e] is not None:
            gains.append(float(d["regrets"][e]))
            break
        moves = {m: int(branch.profile[0, m]) for m in d["movers"]}
        for m in d["movers"]:
            if model.players[m].id not in fixed:
                deviations += [
                    (k, m, {**hist, **moves, m: a}) for a in solver.allowed[m] if a != moves[m]
                ]
        hist.update(moves)
        if pick is not None:
            break
        d, k = branch.detail, k + 1
    value = (target if target is not None else root).payoffs[0]
    for k, p, h in deviations:
        cont = solver.solve(k + 1, P, h, False)
        if cont.ok[0]:
            gains.append(float(cont.payoffs[0, p] - value[p]))
    return max(gains)
