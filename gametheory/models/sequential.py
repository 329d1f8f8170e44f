"""Sequential models solved by backward induction, vectorised over parameter samples.

A sequential model is a list of stages; the players of a stage move
simultaneously and every later stage observes all earlier moves. Backward
induction proceeds as follows (:func:`solve_branches`):

1. A stage with one mover: for each of its strategies, solve the rest of the game;
   the mover takes the strategy with the highest payoff (ties: the first).
   Strategies whose continuation has no pure equilibrium are left out (with a
   warning); if all are, the node is *unresolved*.
2. A stage with several movers that form one role, followed by at most one
   single-mover stage whose payoff is additive over the role's members: the fast
   exact kernel of :mod:`gametheory.models.stage` finds every pure equilibrium.
3. Any other simultaneous stage: every joint move of the stage is enumerated, the
   continuation solved for each, and the pure equilibria of the resulting stage
   game found by checking every unilateral deviation.

Among several pure equilibria of a simultaneous stage, the *selection rule*
chooses: ``payoff_dominant`` (highest total payoff of the stage's movers),
``first`` (first in the order of strategies in the file) or ``risk_averse``
(highest minimum payoff among the movers); ties go to the first. A stage with no
pure equilibrium is reported as such and never given a made-up answer.

Examples
--------
>>> import gametheory.models as gm, pathlib
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "regional_state.toml")
>>> r = m.solve()
>>> r.path
{'STATE': 'hedge', 'CHN': 'hedge'}
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..errors import ModelError
from .branch import Branch
from .compiled import check_finite, fast_lambdify
from .expr import count_symbol, indicator, own_symbol
from .linear_stage import LinearStageTables, solve_linear_stage
from .pairwise import LinearFollower, PairwiseMembers
from .scalar import PointPayoffs
from .stage import (
    PURE_RULES,
    StageSolution,
    StageTables,
    count_vectors,
    relative_tolerance,
    select_equilibrium,
    solve_stage,
)
from .underflow import (
    defer_check,
    evaluate_formula,
    screened,
    underflow_screen,
    underflow_warning,
    watch_underflow,
    watching,
)

if TYPE_CHECKING:
    from .model import Model
    from .seqresult import SequentialResult

__all__ = [
    "SequentialGame",
    "Branch",
    "BackwardInduction",
    "StageKernel",
    "stage_kernels",
    "solve_branches",
    "solve_sequential",
    "MAX_JOINT_MOVES",
    "MAX_BRUTE",
]

#: Largest number of joint moves enumerated for a simultaneous stage followed by further
#: stages (each solved recursively).
MAX_JOINT_MOVES = 200_000
#: Largest number of joint moves of a simultaneous stage followed by at most one last
#: mover, enumerated in one vectorised pass when the fast kernel does not apply.
MAX_BRUTE = 2_000_000


class StageKernel:
    """Compiled pieces for the fast kernel at one stage (``ok`` False if it does not apply).

    Build them through :func:`stage_kernels`, which compiles each stage once per
    compiled model.
    """

    def __init__(self, model: Model, k: int) -> None:
        self.ok = False
        stage = model.stages[k]
        roles = {model.player(p).role for p in stage}
        if len(stage) < 2 or len(roles) != 1 or None in roles:
            return
        role_id = roles.pop()
        assert role_id is not None  # excluded above
        role = model.roles[role_id]
        if set(stage) != set(role.members) or k + 2 < len(model.stages):
            return
        follower = model.stages[k + 1] if k + 1 < len(model.stages) else ()
        if len(follower) > 1:
            return
        comp = model.compiled
        members = set(role.members)
        member_inds = {indicator(m, s) for m in role.members for s in role.strategies}
        expr = comp.formula(role.id).to_sympy(own=role.members[0], aggregate=True)
        self.linear = None
        if expr.free_symbols & member_inds:
            # a member's payoff depends on individual others: the pairwise-linear kernel
            # (gametheory.models.linear_stage) if it is linear in their moves
            self.linear = PairwiseMembers.compile(model, role, tuple(follower))
            if self.linear is None:
                return
        groups = comp.role_groups(role.id)
        self.groups = groups
        self.group_columns = [
            [model.parameter_names.index(f"{g}.{m}") for m in role.members] for g in groups
        ]
        self.uses_counts = (
            any(count_symbol(role.id, s) in expr.free_symbols for s in role.strategies)
            and self.linear is None
        )
        args = (
            list(comp.parameter_symbols)
            + [sympy.Symbol(g) for g in groups]
            + [own_symbol(s) for s in role.strategies]
            + list(comp.indicator_symbols)
            + [count_symbol(role.id, s) for s in role.strategies]
        )
        self.member_fn = fast_lambdify(args, expr)
        self.follower_fn = None
        if follower:
            fexpr = comp.expressions[follower[0]]
            if not _additive(fexpr, role):
                # additive in the members' moves apart from a function of the counts?
                csyms = [count_symbol(role.id, s) for s in role.strategies]
                fagg = comp.formula(follower[0]).to_sympy(count_roles=(role.id,))
                if not (fagg.free_symbols & set(csyms)) or not _additive(fagg, role, csyms):
                    return
                if self.linear is not None:
                    return  # the pairwise kernel takes a follower affine in the moves only
                self.follower_fn = fast_lambdify(
                    list(comp.parameter_symbols) + list(comp.indicator_symbols) + csyms, fagg
                )
        self.role = role
        self.follower = model.players.index(model.player(follower[0])) if follower else None
        # the follower's payoff as coefficients of the members' moves (None: evaluate
        # the formula at the base profile and every unit deviation)
        self.linear_follower = (
            LinearFollower.compile(model, role, follower[0])
            if follower and self.follower_fn is None
            else None
        )
        self.member_index = [model.player_ids.index(m) for m in role.members]
        self.counts = (
            count_vectors(len(role.members), len(role.strategies))
            if self.uses_counts or self.follower_fn is not None
            else np.zeros((1, len(role.strategies)), dtype=int)
        )
        self.members = members
        self.ok = True


def _additive(expr: sympy.Expr, role: Any, counts: Any = ()) -> bool:
    """Whether ``expr`` is a sum of per-member terms in the members' indicators.

    With ``counts`` (the role's count symbols), ``expr`` may also contain any function
    of the counts, added to (not multiplied with) the per-member terms.
    """
    per_member = [{indicator(m, s) for s in role.strategies} for m in role.members]
    every = set().union(*per_member)
    counts = set(counts)
    if not expr.free_symbols & every:
        return True
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (sympy.Add, sympy.Mul, sympy.Symbol, sympy.Number)):
            continue
        if node.free_symbols & every:
            return False  # inside Piecewise, Min, Pow, ...: not provably additive
    for own in per_member:
        others = (every - own) | counts
        for x in own:
            if sympy.diff(expr, x).free_symbols & others:
                return False
    return True


def stage_kernels(model: Model) -> list[StageKernel]:
    """The :class:`StageKernel` of every stage of ``model`` (``ok`` False where the
    fast kernel does not apply), compiled once per compiled model (kept by
    :meth:`.CompiledModel.derived`). Models derived with ``with_params`` share their
    compiled model, so a sweep compiles each kernel once, and a pickled model carries
    them to worker processes."""
    return model.compiled.derived(
        "stage_kernels", lambda: [StageKernel(model, k) for k in range(len(model.stages))]
    )


class BackwardInduction:
    """Backward induction over the stages of a sequential model, for parameter samples.

    :meth:`solve` solves the subgame from a stage on, given earlier moves, for an
    ``(n, k)`` array of parameter vectors; ``model.solve()``, ``model.evaluator()``
    and the threat analysis use it. ``fix`` pins players' moves; ``selection`` picks
    among several equilibria of a simultaneous stage (rules of :data:`PURE_RULES`,
    or with ``mixed=True`` any of :data:`SEQUENTIAL_RULES`). ``use_kernel`` and
    ``use_brute`` switch the fast stage kernels off (for cross-checks); ``compiled``
    chooses the compiled or the numpy pairwise-linear kernel (None:
    :func:`.linear_stage.use_compiled`; the same equilibria either way).
    """

    def __init__(
        self,
        model: Model,
        fix: dict[str, str],
        selection: str,
        *,
        use_kernel: bool = True,
        use_brute: bool = True,
        mixed: bool = False,
        compiled: bool | None = None,
    ) -> None:
        self.use_brute = use_brute
        self.compiled = compiled
        # at one parameter point: stages with no or several pure equilibria are solved by
        # all their equilibria (gametheory.models.mixed_stage)
        self.mixed = mixed
        self.model = model
        self.comp = model.compiled
        self.selection = selection
        # the rule applied by the vectorised pure-equilibrium kernels
        self.pure_rule = selection if selection in PURE_RULES else "payoff_dominant"
        if selection not in PURE_RULES and not mixed:
            raise ModelError(
                f"{model.location}: selection rule {selection!r} needs each "
                "stage's full equilibrium set, which only model.solve() computes; "
                f"rules for many parameter points: {', '.join(PURE_RULES)}"
            )
        self.n_players = len(model.players)
        self.allowed = []
        for p in model.players:
            if p.id in fix:
                self.allowed.append([p.strategies.index(fix[p.id])])
            else:
                self.allowed.append(list(range(len(p.strategies))))
        self.stage_players = [[model.player_ids.index(p) for p in st] for st in model.stages]
        self.kernels = [
            kernel if kernel.ok and use_kernel else None for kernel in stage_kernels(model)
        ]
        self.warnings: list[str] = []
        #: the stage games searched for mixed equilibria (:mod:`.mixed_stage`), by node
        self.mixed_cache: dict[Any, Any] = {}
        self.memo: dict[tuple, tuple[Branch, bool, tuple | None]] = {}
        #: profiles evaluated in plain floats while an underflow watch is active
        self._point_rows: dict[tuple, list[np.ndarray]] = {}

    # ------------------------------------------------------------------
    def payoffs(self, P: np.ndarray, profiles: np.ndarray, need: Any = None) -> np.ndarray:
        """``comp.payoffs`` (shape (n, m, players)); at one parameter point and a few
        profiles in plain floats (:mod:`gametheory.models.scalar`), which is many times
        faster there, falling back to numpy for anything unusual."""
        prof = np.asarray(profiles)
        if P.shape[0] == 1 and prof.shape[-2] <= 32:
            # one-point payoff evaluators (:mod:`.scalar`), one per compiled model
            point = self.comp.derived(
                "point_payoffs", lambda: PointPayoffs(self.comp, self.model.parameter_names)
            )
            rows = prof.reshape(-1, prof.shape[-1])
            out = point.payoffs(P[0], rows, need)
            if out is not None:
                if watching():  # plain floats report no underflow: numpy checks them at the end
                    self._defer_point_check(P, rows, need)
                return out[None]
        return self.comp.payoffs(P, profiles, need)

    def _defer_point_check(self, P: np.ndarray, rows: np.ndarray, need: Any) -> None:
        """Have the profiles evaluated in plain floats evaluated again in numpy, all at
        once when the underflow watch ends (:mod:`.underflow`)."""
        players = None if need is None else tuple(sorted(int(i) for i in need))
        screens = self.comp.derived(  # which formulas provably cannot underflow
            "underflow_screens",
            lambda: [
                underflow_screen(self.comp.expressions[p.id], self.comp.parameter_symbols)
                for p in self.model.players
            ],
        )
        if all(screened(P[0], screens[i]) for i in players or range(self.n_players)):
            return  # no intermediate value can fall below the float range at P
        key = (id(self), P.tobytes(), players)
        pending = self._point_rows.setdefault(key, [])
        pending.append(rows)

        def check() -> None:
            todo = np.unique(np.concatenate(self._point_rows.pop(key)), axis=0)
            for start in range(0, len(todo), 65536):
                self.comp.payoffs(P, todo[start : start + 65536], players)

        if len(pending) == 1:
            defer_check(key, check)

    def solve(
        self, k: int, P: np.ndarray, history: dict[int, int], keep: bool, need: Any = None
    ) -> Branch:
        """Solve from stage ``k`` given earlier moves; ``need``: the players whose payoffs
        the caller uses (None: all; others may be left NaN when ``keep`` is false).

        At one parameter point the subgames solved are remembered, so that checking
        the path's regret (which asks for every deviation's continuation) does not
        solve them again; a remembered subgame answers only a request that needs no
        more than it holds (its players' payoffs, its plan).
        """
        if P.shape[0] != 1:
            return self._solve(k, P, history, keep, need)
        key = (k, tuple(sorted(history.items())), P.tobytes())
        hit = self.memo.get(key)
        if hit is not None:
            branch, had_keep, had_need = hit
            if (had_keep or not keep) and (
                had_need is None or (need is not None and set(need) <= set(had_need))
            ):
                return branch
        branch = self._solve(k, P, history, keep, need)
        if len(self.memo) > 4096:
            self.memo.clear()
        self.memo[key] = (branch, keep, None if keep or need is None else tuple(need))
        return branch

    def terminal(self, P: np.ndarray, history: dict[int, int], need: Any = None) -> Branch:
        n = P.shape[0]
        prof = np.full((n, 1, self.n_players), -1, dtype=int)
        for i, a in history.items():
            prof[:, 0, i] = a
        pay = self.payoffs(P, prof, need)[:, 0, :]
        return Branch(prof[:, 0, :], pay, np.ones(n, bool), np.ones(n, dtype=int))

    def _solve(
        self, k: int, P: np.ndarray, history: dict[int, int], keep: bool, need: Any = None
    ) -> Branch:
        if keep:
            need = None
        if k == len(self.stage_players):
            return self.terminal(P, history, need)
        movers = self.stage_players[k]
        if len(movers) == 1:
            return self.choice(k, movers[0], P, history, keep, need)
        pure = self.pure_stage(k, movers, P, history, keep, None if self.mixed else need)
        counts = pure.stage_count
        if self.mixed and P.shape[0] == 1 and counts is not None and int(counts[0]) != 1:
            from .mixed_stage import solve_mixed_stage

            return solve_mixed_stage(self, k, movers, P, history, keep, pure)
        return pure

    def pure_stage(
        self,
        k: int,
        movers: list[int],
        P: np.ndarray,
        history: dict[int, int],
        keep: bool,
        need: Any = None,
    ) -> Branch:
        """Every pure equilibrium of simultaneous stage ``k``; the rule selects one."""
        if self.kernels[k] is not None:
            return self.kernel(k, P, history, keep, need)
        last = len(self.stage_players)
        if self.use_brute and (
            k + 1 == last or (k + 2 == last and len(self.stage_players[-1]) == 1)
        ):
            return self.brute(k, movers, P, history, keep, need)
        return self.generic(k, movers, P, history, keep)

    def choice(
        self, k: int, p: int, P: np.ndarray, history: dict[int, int], keep: bool, need: Any = None
    ) -> Branch:
        options = self.allowed[p]
        if k + 1 == len(self.stage_players) and not keep:
            return self.last_choice(p, P, history, need)
        children = [
            self.solve(k + 1, P, {**history, p: a}, keep, None if keep else [p]) for a in options
        ]
        values = np.stack([np.where(c.ok, c.payoffs[:, p], -np.inf) for c in children], axis=1)
        best = values.max(axis=1, keepdims=True)
        pick = np.argmax(values >= best - relative_tolerance(values)[:, None], axis=1)
        ok = np.isfinite(best[:, 0])
        rows = np.arange(P.shape[0])
        profile = np.stack([c.profile for c in children], axis=1)[rows, pick]
        payoffs = np.stack([c.payoffs for c in children], axis=1)[rows, pick]
        n_eq = np.stack([c.n_equilibria for c in children], axis=1)[rows, pick]
        profile[~ok] = -1
        payoffs[~ok] = np.nan
        n_eq[~ok] = 0
        if not keep and ok.any() and (need is None or set(need) - {p}):
            payoffs[ok] = self.payoffs(P[ok], profile[ok][:, None, :], need)[:, 0, :]
        detail = None
        if keep:
            detail = {
                "kind": "choice",
                "player": p,
                "options": [(a, c) for a, c in zip(options, children, strict=True)],
                "chosen": options[int(pick[0])] if ok[0] else None,
            }
        return Branch(profile, payoffs, ok, n_eq, detail)

    def last_choice(
        self, p: int, P: np.ndarray, history: dict[int, int], need: Any = None
    ) -> Branch:
        """The last stage's single mover: best response in two batched evaluations."""
        n = P.shape[0]
        options = self.allowed[p]
        prof = np.full((len(options), self.n_players), -1, dtype=int)
        for i, a in history.items():
            prof[:, i] = a
        prof[:, p] = options
        own = self.payoffs(P, prof, [p])[..., p]  # (n, m)
        pick = np.argmax(
            own >= own.max(axis=1, keepdims=True) - relative_tolerance(own)[:, None], axis=1
        )
        chosen = prof[pick]  # (n, N)
        pay = self.payoffs(P, chosen[:, None, :], need)[:, 0, :]
        return Branch(chosen, pay, np.ones(n, bool), np.ones(n, dtype=int))

    def kernel(
        self, k: int, P: np.ndarray, history: dict[int, int], keep: bool, need: Any = None
    ) -> Branch:
        ker = self.kernels[k]
        assert ker is not None  # called only for stages with a kernel
        role = ker.role
        n = P.shape[0]
        N, K = len(role.members), len(role.strategies)
        F = ker.follower
        R = len(self.model.players[F].strategies) if F is not None else 1
        # follower: base profile and unit deviations
        Q = 1 + N * (K - 1)
        q_prof = np.full((Q, self.n_players), -1, dtype=int)
        for i, a in history.items():
            q_prof[:, i] = a
        q_prof[:, ker.member_index] = 0
        q = 1
        for j in range(N):
            for s in range(1, K):
                q_prof[q, ker.member_index[j]] = s
                q += 1
        follower_counts = None
        if F is not None:
            full = np.repeat(q_prof[:, None, :], R, axis=1)
            full[:, :, F] = np.arange(R)[None, :]
            split = None
            if ker.linear_follower is not None:
                split = ker.linear_follower.tables(P, history, self.model, F, R)
            if split is not None:
                vals = None
            elif ker.follower_fn is None:
                vals = self.comp.payoffs(P, full.reshape(Q * R, -1), [F]).reshape(n, Q, R, -1)[
                    ..., F
                ]
            else:
                zero = np.zeros((Q * R, K), dtype=int)
                vals = self.follower_table(ker, P, full.reshape(Q * R, -1), zero).reshape(n, Q, R)
                C = len(ker.counts)
                at_base = np.repeat(full[:1], C, axis=0).reshape(C * R, -1)
                cnt = np.repeat(ker.counts, R, axis=0)
                g = self.follower_table(ker, P, at_base, cnt).reshape(n, C, R)
                follower_counts = g - vals[:, :1, :]
            if split is not None:
                base, delta = split
            else:
                assert vals is not None  # computed above when not split
                base = np.ascontiguousarray(vals[:, 0, :])
                delta = np.zeros((n, N, K, R))
                delta[:, :, 1:, :] = (vals[:, 1:, :] - base[:, None, :]).reshape(n, N, K - 1, R)
            allowed_r = np.zeros(R, bool)
            allowed_r[self.allowed[F]] = True
        else:
            base, delta, allowed_r = np.zeros((n, 1)), np.zeros((n, N, K, 1)), np.ones(1, bool)
        allowed = np.zeros((N, K), bool)
        for j, i in enumerate(ker.member_index):
            allowed[j, self.allowed[i]] = True
        if ker.linear is not None:
            own, pair = ker.linear.tables(P, history, self.model, ker.follower, R)
            sol = solve_linear_stage(
                LinearStageTables(
                    base=base,
                    delta=delta,
                    own=own,
                    pair=pair,
                    allowed=allowed,
                    allowed_response=allowed_r,
                    nonzero=ker.linear.nonzero,
                ),
                selection=self.pure_rule,
                keep_all=keep,
                compiled=self.compiled,
            )
        else:
            member = self.member_table(ker, P, history, N, K, R)
            tables = StageTables(
                base=base,
                delta=delta,
                member=member,
                counts=ker.counts,
                allowed=allowed,
                allowed_response=allowed_r,
                follower_counts=follower_counts,
            )
            sol = solve_stage(tables, selection=self.pure_rule, keep_all=keep)
        ok = sol.n_equilibria > 0
        profile = np.full((n, self.n_players), -1, dtype=int)
        for i, a in history.items():
            profile[:, i] = a
        profile[:, ker.member_index] = sol.profile
        if F is not None:
            profile[:, F] = sol.response
        payoffs = np.full((n, self.n_players), np.nan)
        detail = self._stage_detail(ker, sol, P, history, profile) if keep else None
        if n == 1 and detail is not None and detail["selected"] is not None:
            # the selected equilibrium's payoffs, computed for the detail already
            payoffs[0] = detail["equilibria"][detail["selected"]].payoffs[0]
        elif ok.any():
            payoffs[ok] = self.payoffs(P[ok], profile[ok][:, None, :], need)[:, 0, :]
        profile[~ok] = -1
        return Branch(
            profile,
            payoffs,
            ok,
            sol.n_equilibria.astype(int),
            detail,
            stage_count=sol.n_equilibria.astype(int),
        )

    def _stage_detail(
        self,
        ker: StageKernel,
        sol: StageSolution,
        P: np.ndarray,
        history: dict[int, int],
        profile: np.ndarray,
    ) -> dict[str, Any]:
        """Every equilibrium of the kernel's stage at one parameter point, with its
        payoffs from the formulas, and which one the rule selected."""
        F = ker.follower
        ok = sol.n_equilibria > 0
        assert sol.all_equilibria is not None  # keep_all=keep
        profs, rs, _ = sol.all_equilibria[0]
        eqs = []
        for e in range(len(profs)):
            full_prof = np.full((1, self.n_players), -1, dtype=int)
            for i, a in history.items():
                full_prof[0, i] = a
            full_prof[0, ker.member_index] = profs[e]
            if F is not None:
                full_prof[0, F] = rs[e]
            pay = self.payoffs(P, full_prof[:, None, :])[:, 0, :]
            eqs.append(Branch(full_prof, pay, np.ones(1, bool), np.ones(1, dtype=int)))
        selected = None
        if ok[0]:
            selected = next(
                e for e, b in enumerate(eqs) if np.array_equal(b.profile[0], profile[0])
            )
        return {
            "kind": "stage",
            "movers": list(ker.member_index),
            "equilibria": eqs,
            "selected": selected,
        }

    def follower_table(
        self, ker: StageKernel, P: np.ndarray, profiles: np.ndarray, counts: np.ndarray
    ) -> np.ndarray:
        """The follower's count-aware payoff at ``profiles`` (m, players) with the role's
        counts set to ``counts`` (m, K); shape (n, m)."""
        assert ker.follower_fn is not None and ker.follower is not None  # count-aware follower
        n = P.shape[0]
        args: list[Any] = [P[:, j, None] for j in range(P.shape[1])]
        for i, p in enumerate(self.model.players):
            for s in range(len(p.strategies)):
                args.append((profiles[:, i] == s).astype(float)[None, :])
        for s in range(counts.shape[1]):
            args.append(counts[:, s].astype(float)[None, :])
        label = self.model.players[ker.follower].id
        values = evaluate_formula(ker.follower_fn, args, label=label, params=P)
        out = np.broadcast_to(values, (n, len(profiles))).astype(float)
        check_finite(out, f"{self.model.players[ker.follower].id}'s payoff")
        return out

    def member_table(
        self, ker: StageKernel, P: np.ndarray, history: dict[int, int], N: int, K: int, R: int
    ) -> np.ndarray:
        n = P.shape[0]
        counts = ker.counts if ker.uses_counts else np.zeros((1, K), dtype=int)
        C = len(counts)
        args: list[Any] = [P[:, j].reshape(n, 1, 1, 1, 1) for j in range(P.shape[1])]
        for cols in ker.group_columns:
            args.append(P[:, cols].reshape(n, N, 1, 1, 1))
        for s in range(K):
            args.append((np.arange(K) == s).astype(float).reshape(1, 1, K, 1, 1))
        F = ker.follower
        for i, p in enumerate(self.model.players):
            for s in range(len(p.strategies)):
                if i == F:
                    args.append((np.arange(R) == s).astype(float).reshape(1, 1, 1, R, 1))
                else:
                    args.append(float(history.get(i, -1) == s))
        for s in range(K):
            args.append(counts[:, s].astype(float).reshape(1, 1, 1, 1, C))
        values = evaluate_formula(ker.member_fn, args, label=ker.role.members, params=P)
        # C order: the stage solver takes flat views of this table
        out = np.ascontiguousarray(np.broadcast_to(values, (n, N, K, R, C)), dtype=float)
        check_finite(out, f"the payoff of role {ker.role.id!r}")
        return out

    def brute(
        self,
        k: int,
        movers: list[int],
        P: np.ndarray,
        history: dict[int, int],
        keep: bool,
        need: Any = None,
    ) -> Branch:
        """A simultaneous stage (then at most one last mover) by vectorised enumeration.

        Used when the fast kernel does not apply: every joint move of the stage is
        built at once, the last mover's best response to each found, and each mover's
        every deviation looked up (with the last mover's response to it).
        """
        n = P.shape[0]
        options = [np.asarray(self.allowed[p]) for p in movers]
        sizes = np.array([len(o) for o in options])
        J = int(np.prod(sizes.astype(float)))
        if J > MAX_BRUTE:
            raise ModelError(
                f"{self.model.location}: stage {k + 1} has {J:,} joint moves and "
                "no structure the fast solver can use (see models/FORMAT.md, "
                "'What makes a sequential model fast')"
            )
        strides = np.ones(len(movers), dtype=np.int64)
        for j in range(len(movers) - 2, -1, -1):
            strides[j] = strides[j + 1] * sizes[j + 1]
        t = np.arange(J)
        pos = (t[:, None] // strides[None, :]) % sizes[None, :]  # (J, M) option positions
        prof = np.full((J, self.n_players), -1, dtype=int)
        for i, a in history.items():
            prof[:, i] = a
        for j, p in enumerate(movers):
            prof[:, p] = options[j][pos[:, j]]
        F = self.stage_players[k + 1][0] if k + 1 < len(self.stage_players) else None
        out_prof = np.full((n, self.n_players), -1, dtype=int)
        out_pay = np.full((n, self.n_players), np.nan)
        n_eq = np.zeros(n, dtype=int)
        detail = None
        for b in range(n):
            Pb = P[b : b + 1]
            term = prof.copy()
            if F is not None:
                resp = np.asarray(self.allowed[F])
                full = np.repeat(prof[:, None, :], len(resp), axis=1)
                full[:, :, F] = resp[None, :]
                fpay = np.concatenate(
                    [
                        self.comp.payoffs(Pb, full[c : c + 65536].reshape(-1, self.n_players), [F])[
                            0, :, F
                        ].reshape(-1, len(resp))
                        for c in range(0, J, 65536)
                    ]
                )
                tf = relative_tolerance(fpay, axis=(0, 1))  # the follower's spread
                term[:, F] = resp[np.argmax(fpay >= fpay.max(axis=1, keepdims=True) - tf, axis=1)]
            U = np.concatenate(
                [
                    self.comp.payoffs(Pb, term[c : c + 65536], movers)[0][:, movers]
                    for c in range(0, J, 65536)
                ]
            )  # (J, M)
            is_eq = np.ones(J, bool)
            tm = relative_tolerance(U, axis=0)  # each mover's spread over the stage
            for j in range(len(movers)):
                for q in range(sizes[j]):
                    t2 = t + (q - pos[:, j]) * strides[j]
                    is_eq &= U[t2, j] <= U[:, j] + tm[j]
            eqs = np.flatnonzero(is_eq)
            n_eq[b] = len(eqs)
            if len(eqs):
                e = eqs[select_equilibrium(self.pure_rule, U[eqs], tm)]
                out_prof[b] = term[e]
                out_pay[b] = self.comp.payoffs(Pb, term[e][None, :], need)[0, 0]
            if keep:
                eq_branches = [
                    Branch(
                        term[e][None, :],
                        self.comp.payoffs(Pb, term[e][None, :])[0],
                        np.ones(1, bool),
                        np.ones(1, dtype=int),
                    )
                    for e in eqs[:200]
                ]
                sel = None
                if len(eqs):
                    sel = int(np.flatnonzero(eqs == e)[0]) if e in eqs[:200] else None
                detail = {
                    "kind": "stage",
                    "movers": list(movers),
                    "equilibria": eq_branches,
                    "selected": sel,
                }
        return Branch(out_prof, out_pay, n_eq > 0, n_eq, detail, stage_count=n_eq.copy())

    def generic(
        self, k: int, movers: list[int], P: np.ndarray, history: dict[int, int], keep: bool
    ) -> Branch:
        n = P.shape[0]
        options = [self.allowed[p] for p in movers]
        total = int(np.prod([len(o) for o in options]))
        if total > MAX_JOINT_MOVES:
            raise ModelError(
                f"{self.model.location}: stage {k + 1} has {total:,} joint moves and "
                "no structure the fast solver can use; simplify the stage"
            )
        joint = list(itertools.product(*options))
        children = [
            self.solve(k + 1, P, {**history, **dict(zip(movers, j, strict=True))}, keep)
            for j in joint
        ]
        pay = np.stack([c.payoffs for c in children], axis=1)  # (n, J, players)
        okc = np.stack([c.ok for c in children], axis=1)  # (n, J)
        index = {j: t for t, j in enumerate(joint)}
        is_eq = okc.copy()
        # each player's tolerance per sample: relative to its payoffs over the stage
        tp = relative_tolerance(np.where(okc[..., None], pay, np.nan), axis=1)  # (n, players)
        for t, j in enumerate(joint):
            for m_pos, p in enumerate(movers):
                for a in options[m_pos]:
                    if a == j[m_pos]:
                        continue
                    t2 = index[j[:m_pos] + (a,) + j[m_pos + 1 :]]
                    better = okc[:, t2] & (pay[:, t2, p] > pay[:, t, p] + tp[:, p])
                    is_eq[:, t] &= ~better
        counts = is_eq.sum(axis=1)
        pick = np.zeros(n, dtype=int)
        for b in range(n):
            eq_t = np.flatnonzero(is_eq[b])
            if len(eq_t):
                pick[b] = eq_t[
                    select_equilibrium(self.pure_rule, pay[b, eq_t][:, movers], tp[b, movers])
                ]
        rows = np.arange(n)
        ok = counts > 0
        profile = np.stack([c.profile for c in children], axis=1)[rows, pick]
        payoffs = pay[rows, pick]
        n_eq = np.stack([c.n_equilibria for c in children], axis=1)[rows, pick] * counts
        profile[~ok] = -1
        payoffs[~ok] = np.nan
        detail = None
        if keep:
            eqs = [children[t] for t in np.flatnonzero(is_eq[0])]
            sel = None
            if ok[0]:
                sel = int(np.flatnonzero(np.flatnonzero(is_eq[0]) == pick[0])[0])
            detail = {"kind": "stage", "movers": movers, "equilibria": eqs, "selected": sel}
        return Branch(profile, payoffs, ok, n_eq, detail, stage_count=counts.astype(int))


def solve_branches(
    model: Model,
    P: np.ndarray,
    *,
    fix: dict[str, str] | None = None,
    selection: str | None = None,
    keep: bool = False,
) -> Branch:
    """Backward induction for parameter samples ``P`` of shape ``(n, k)`` (the evaluator's core)."""
    solver = BackwardInduction(model, dict(fix or {}), selection or model.selection)
    P = np.atleast_2d(np.asarray(P, dtype=float))
    return solver.solve(0, P, {}, keep)


@dataclass(frozen=True)
class SequentialGame:
    """The sequential form of a model: who moves in which stage, over which strategies.

    Build with :meth:`from_model` (or ``model.game()``); solve with :meth:`solve`.
    """

    model: Any
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    stages: tuple[tuple[str, ...], ...]
    title: str = ""

    @classmethod
    def from_model(cls, model: Model) -> SequentialGame:
        return cls(
            model=model,
            players=model.player_ids,
            strategies=tuple(p.strategies for p in model.players),
            stages=model.stages,
            title=model.title,
        )

    def payoff(self, profile: dict[str, str]) -> dict[str, float]:
        """Every player's payoff at a full pure profile."""
        return self.model.payoffs(profile)

    def solve(
        self, *, fix: dict[str, str] | None = None, selection: str | None = None
    ) -> SequentialResult:
        return solve_sequential(
            self.model, fix=fix or {}, selection=selection or self.model.selection
        )

    def __repr__(self) -> str:
        st = " -> ".join("[" + ", ".join(s) + "]" for s in self.stages)
        return f"<SequentialGame {self.title!r}: {st}>"


#: Rules a sequential model may be solved with: the model file's rules and those of
#: gametheory.selection (``payoff-dominant`` is ``payoff_dominant``).
SEQUENTIAL_RULES = (
    "payoff_dominant",
    "first",
    "risk_averse",
    "payoff-dominant",
    "risk-dominant",
    "logit",
)


def solve_sequential(model: Model, *, fix: dict[str, str], selection: str) -> SequentialResult:
    """Solve a sequential model at its parameter values; see :class:`SequentialResult`.

    Simultaneous stages with no pure equilibrium, or several, are solved by all their
    equilibria where small enough (:mod:`gametheory.models.mixed_stage`).
    """
    from .seqresult import build_result

    if selection not in SEQUENTIAL_RULES:
        raise ModelError(
            f"{model.location}: unknown selection rule {selection!r} ({', '.join(SEQUENTIAL_RULES)})"
        )
    solver = BackwardInduction(model, fix, selection, mixed=True)
    P = model.value_vector()[None, :]
    with watch_underflow() as watch:
        root = solver.solve(0, P, {}, True)
        result = build_result(model, solver, root, fix=fix, selection=selection)
    if watch:  # payoffs lost to underflow could change the answer: not certain
        note = underflow_warning(model.location, watch.labels, exact=False)
        result = dataclasses.replace(result, warnings=(*result.warnings, note), complete=False)
    return result


#: The former private name of :class:`BackwardInduction` (kept for callers not yet
#: moved to the public name).
_Solver = BackwardInduction
