"""Compile a role's payoff into the tables of the pairwise-linear stage kernel.

A role member's payoff qualifies when it is linear in every other member's strategy
indicators (``JPN == 'compete'``, ``sum(state, cap * (own == 'compete'))`` or a
``count(state, ...)`` used linearly), with coefficients that may depend on the
member's own move, earlier moves and the parameters but not on the follower's move.
Each member's expanded payoff is split symbolically, once per model, into

* ``own``: the payoff when every other member plays the role's first strategy, a
  function of the own move, the follower's move, earlier moves and the parameters;
* ``pair[j, s]``: what member ``j`` playing ``s`` instead of the first strategy adds.

:meth:`PairwiseMembers.tables` evaluates both for a batch of parameter samples
(see :mod:`gametheory.models.linear_stage`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from .compiled import check_finite, fast_lambdify
from .expr import indicator, own_symbol
from .underflow import defer_check, evaluate_formula, screened, underflow_screen, watching

if TYPE_CHECKING:
    from .model import Model

__all__ = ["LinearFollower", "PairwiseMembers", "linear_parts"]

#: Generic symbols of a template (``g@own``, ``g@other``) to the model's symbols.
Binding = dict[sympy.Symbol, sympy.Symbol]
#: How :meth:`PairwiseMembers._call` builds one argument: ``("sum", columns)``,
#: ``("col", column)``, ``("cols", columns)``, ``("own", strategy)`` or
#: ``("ind", player, strategy)``.
PlanStep = tuple[Any, ...]
#: A compiled template with the rows it is stacked over and the plan of its arguments.
Stacked = tuple["_Fn", list[tuple[Any, ...]], list[PlanStep]]


class _Fn:
    """A compiled expression with the symbols it uses."""

    def __init__(self, expr: sympy.Expr) -> None:
        self.expr = expr
        self.symbols = sorted(expr.free_symbols, key=str)
        self.const: float | None = None if self.symbols else float(expr)
        self.fn: Callable[..., Any] | None = (
            None if self.const is not None else fast_lambdify(self.symbols, expr)
        )


class _Templates:
    """Compile each coefficient once per *shape*: the member's own per-role parameters
    become ``g@own`` and the counterpart's ``g@other``, so the coefficients of all
    pairs that differ only in whose parameters they read share one compiled function
    (printing and compiling 150 large expressions would take seconds)."""

    def __init__(self, groups: list[str]) -> None:
        self.groups = groups
        self.cache: dict[sympy.Expr, _Fn] = {}

    def totals(self, expr: sympy.Expr, members: list[str]) -> sympy.Expr:
        """Each sum of one per-role parameter over every member (``sum(ROLE, g)``)
        becomes the symbol ``g@sum``, so that it does not tie a template to the members."""
        wanted = {
            frozenset(sympy.Symbol(f"{g}.{m}") for m in members): sympy.Symbol(f"{g}@sum")
            for g in self.groups
        }
        found = {}
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.Add):
                key = frozenset(node.args)
                if key in wanted:
                    found[node] = wanted[key]
        return expr.xreplace(found) if found else expr

    def get(self, expr: sympy.Expr, me: str, other: str | None) -> tuple[_Fn, Binding]:
        to_template: dict[sympy.Symbol, sympy.Symbol] = {}
        binding: Binding = {}
        for g in self.groups:
            for who, tag in ((me, "own"), (other, "other")):
                if who is None:
                    continue
                actual, generic = sympy.Symbol(f"{g}.{who}"), sympy.Symbol(f"{g}@{tag}")
                to_template[actual] = generic
                binding[generic] = actual
        template = expr.xreplace(to_template)
        fn = self.cache.get(template)
        if fn is None:
            fn = self.cache[template] = _Fn(template)
        return fn, binding


def linear_parts(
    expr: sympy.Expr, variables: set[sympy.Symbol]
) -> tuple[sympy.Expr, dict[sympy.Symbol, sympy.Expr]] | None:
    """``(c0, {v: c_v})`` with ``expr == c0 + sum(c_v * v)``, or None if not linear in
    ``variables`` (one pass over the tree; no symbolic differentiation, which is far
    slower on the large expanded sums of a role payoff)."""
    if isinstance(expr, sympy.Symbol):
        return (sympy.Integer(0), {expr: sympy.Integer(1)}) if expr in variables else (expr, {})
    if isinstance(expr, sympy.Number):
        return expr, {}
    if isinstance(expr, sympy.Add):
        c0: list[sympy.Expr] = []
        cv: dict[sympy.Symbol, list[sympy.Expr]] = {}
        for a in expr.args:
            part = linear_parts(a, variables)
            if part is None:
                return None
            c0.append(part[0])
            for v, c in part[1].items():
                cv.setdefault(v, []).append(c)
        return sympy.Add(*c0), {v: sympy.Add(*c) for v, c in cv.items()}
    if isinstance(expr, sympy.Mul):
        const: list[sympy.Expr] = []
        linear: tuple[sympy.Expr, dict[sympy.Symbol, sympy.Expr]] | None = None
        for a in expr.args:
            part = linear_parts(a, variables)
            if part is None:
                return None
            if part[1]:
                if linear is not None:
                    return None  # a product of two factors in the variables
                linear = part
            else:
                const.append(part[0])
        rest = sympy.Mul(*const)
        if linear is None:
            return rest, {}
        return rest * linear[0], {v: rest * c for v, c in linear[1].items()}
    if expr.free_symbols & variables:
        return None  # inside Piecewise, Min, Pow, ...: not provably linear
    return expr, {}


class PairwiseMembers:
    """The role payoff of a stage, split into own and pairwise parts (see the module).

    Build with :meth:`compile`, which returns None when the payoff does not qualify.
    """

    def __init__(
        self,
        role: Any,
        own_fns: list[tuple[_Fn, Binding]],
        pair_fns: list[list[tuple[int, int, _Fn, Binding]]],
    ) -> None:
        self.role = role
        self.members = list(role.members)
        self.strategies = list(role.strategies)
        self.own_fns = own_fns
        self.pair_fns = pair_fns
        self.nonzero = self._nonzero()

    def _nonzero(self) -> tuple[list[int], list[int]]:
        """Own strategies and counterpart strategies outside which every pair entry is
        zero whatever the parameters (the pair coefficients are zero at the others'
        own-move indicators): :attr:`.linear_stage.LinearStageTables.nonzero`."""
        own = [own_symbol(s) for s in self.strategies]
        rows: set[int] = set()
        cols: set[int] = set()
        seen: set[int] = set()
        for fns in self.pair_fns:
            for _, k, fn, _ in fns:
                cols.add(k)
                if id(fn) in seen:
                    continue
                seen.add(id(fn))
                for q in range(len(own)):
                    at = fn.expr.xreplace({o: int(i == q) for i, o in enumerate(own)})
                    if at != 0:
                        rows.add(q)
        return sorted(rows), sorted(cols)

    @classmethod
    def compile(cls, model: Model, role: Any, follower: tuple[str, ...]) -> PairwiseMembers | None:
        """The split, or None when the role's payoff is not pairwise-linear."""
        comp = model.compiled
        strategies = list(role.strategies)
        follower_inds = {indicator(f, s) for f in follower for s in model.player(f).strategies}
        own_fns: list[tuple[_Fn, Binding]] = []
        pair_fns: list[list[tuple[int, int, _Fn, Binding]]] = []
        groups = comp.role_groups(role.id)
        templates = _Templates(groups)
        for m in role.members:
            expr = templates.totals(
                comp.expressions[m].xreplace({indicator(m, s): own_symbol(s) for s in strategies}),
                list(role.members),
            )
            others = [o for o in role.members if o != m]
            variables = {indicator(o, s) for o in others for s in strategies}
            parts = linear_parts(expr, variables)
            if parts is None:
                return None
            c0, cv = parts
            zero = sympy.Integer(0)
            own = c0 + sympy.Add(*[cv.get(indicator(o, strategies[0]), zero) for o in others])
            pairs: list[tuple[int, int, _Fn, Binding]] = []
            for o in others:
                j = role.members.index(o)
                d0 = cv.get(indicator(o, strategies[0]), zero)
                for k in range(1, len(strategies)):
                    c = cv.get(indicator(o, strategies[k]), zero) - d0
                    if c == 0:
                        continue
                    if c.free_symbols & follower_inds:
                        return None  # the pair table has no response axis
                    pairs.append((j, k, *templates.get(c, m, o)))
            own_fns.append(templates.get(own, m, None))
            pair_fns.append(pairs)
        return cls(role, own_fns, pair_fns)

    def tables(
        self,
        P: np.ndarray,
        history: dict[int, int],
        model: Model,
        follower_index: int | None,
        R: int,
    ) -> tuple[np.ndarray, np.ndarray]:
        """``own`` (n, N, K, R) and ``pair`` (n, N, K, N, K) for samples ``P``.

        Each compiled template is called once for all the (member, counterpart) pairs
        that share it, with their parameter columns stacked on an extra axis.
        """
        n = P.shape[0]
        N, K = len(self.members), len(self.strategies)
        plans = self._plans
        if plans is None:
            plans = self._plans = self._make_plans(model)
        own = np.zeros((n, N, K, R))
        with np.errstate(all="ignore"):
            for fn, rows, plan in plans[0]:
                vals = self._call(fn, plan, len(rows), P, history, follower_index, R, True)
                own[:, [r[0] for r in rows]] = vals
        check_finite(own, f"the payoff of role {self.role.id!r}")
        return own, self._pair_table(P, history)

    def _pair_table(self, P: np.ndarray, history: dict[int, int]) -> np.ndarray:
        """``pair`` (n, N, K, N, K) for samples ``P``, evaluated at the own strategies of
        :attr:`nonzero` only (the other rows are zero whatever the parameters).

        The table does not depend on the follower, and usually on few earlier moves
        (the flagship's on the US structure, not on its trade track): the last table
        is kept with a copy of its samples and the earlier moves it read, and returned
        again when both are equal.
        """
        key = tuple(history.get(i, -1) for i in self._pair_history())
        last = self._last_pair
        if last is not None and last[0] == key and np.array_equal(last[1], P):
            return last[2]
        n = P.shape[0]
        N, K = len(self.members), len(self.strategies)
        rows_k = self.nonzero[0]
        pair = np.zeros((n, N, K, N, K))
        with np.errstate(all="ignore"):
            for fn, rows, plan in self._stacked_pairs() if rows_k else ():
                vals = self._call(fn, plan, len(rows), P, history, None, 1, False, rows_k)
                ii = [r[0] for r in rows]
                jj = [r[1] for r in rows]
                kk = [r[2] for r in rows]
                for q_at, q in enumerate(rows_k):
                    pair[:, ii, q, jj, kk] = vals[..., q_at]
        check_finite(pair, f"the payoff of role {self.role.id!r}")
        self._last_pair = (key, P.copy(), pair)
        return pair

    def _pair_history(self) -> list[int]:
        """The players whose earlier moves the pair coefficients read."""
        if self._pair_players is None:
            self._pair_players = sorted(
                {
                    step[1]
                    for _, _, plan in self._stacked_pairs()
                    for step in plan
                    if step[0] == "ind"
                }
            )
        return self._pair_players

    def _stacked_pairs(self) -> list[Stacked]:
        """The stacked pair templates (built by :meth:`tables` before it calls this)."""
        if self._plans is None:  # pragma: no cover - tables() builds them first
            raise RuntimeError("PairwiseMembers.tables() builds the plans first")
        return self._plans[1]

    _plans: tuple[list[Stacked], list[Stacked]] | None = None
    _pair_players: list[int] | None = None
    _last_pair: tuple[tuple[int, ...], np.ndarray, np.ndarray] | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_last_pair", None)  # the last samples' table: not worth shipping
        return state

    def own_fns_indexed(self) -> list[tuple[_Fn, tuple[Any, ...]]]:
        return [(f, (i, b)) for i, (f, b) in enumerate(self.own_fns)]

    def pair_indexed(self) -> list[tuple[_Fn, tuple[Any, ...]]]:
        return [(f, (i, j, k, b)) for i, fns in enumerate(self.pair_fns) for j, k, f, b in fns]

    @staticmethod
    def _group(
        items: list[tuple[_Fn, tuple[Any, ...]]],
    ) -> list[tuple[_Fn, list[tuple[Any, ...]]]]:
        groups: dict[int, tuple[_Fn, list[tuple[Any, ...]]]] = {}
        for f, row in items:
            groups.setdefault(id(f), (f, []))[1].append(row)
        return list(groups.values())

    def _make_plans(self, model: Model) -> tuple[list[Stacked], list[Stacked]]:
        """The own and pair templates, grouped and planned (once per model)."""
        col = {sympy.Symbol(nm): j for j, nm in enumerate(model.parameter_names)}
        own = {own_symbol(s): k for k, s in enumerate(self.strategies)}
        ind = {
            indicator(p.id, s): (i, k)
            for i, p in enumerate(model.players)
            for k, s in enumerate(p.strategies)
        }

        def stacked(items: list[tuple[_Fn, tuple[Any, ...]]]) -> list[Stacked]:
            return [(f, rows, self._plan(f, rows, col, own, ind)) for f, rows in self._group(items)]

        return stacked(self.own_fns_indexed()), stacked(self.pair_indexed())

    def _plan(
        self,
        fn: _Fn,
        rows: list[tuple[Any, ...]],
        col: dict[sympy.Symbol, int],
        own: dict[sympy.Symbol, int],
        ind: dict[sympy.Symbol, tuple[int, int]],
    ) -> list[PlanStep]:
        """How to build each argument of ``fn`` for the stacked ``rows``, given the
        columns of the parameters (``col``), the own-move symbols (``own``) and the
        move indicators (``ind``)."""
        plan: list[PlanStep] = []
        for sym in fn.symbols:
            bound = [r[-1].get(sym, sym) for r in rows]
            if str(sym).endswith("@sum"):
                g = str(sym)[:-4]
                plan.append(
                    ("sum", np.array([col[sympy.Symbol(f"{g}.{m}")] for m in self.members]))
                )
            elif bound[0] in col:
                cols = [col[b] for b in bound]
                if all(c == cols[0] for c in cols):
                    plan.append(("col", cols[0]))
                else:
                    plan.append(("cols", np.array(cols)))
            elif sym in own:
                plan.append(("own", own[sym]))
            else:
                plan.append(("ind", *ind[sym]))
        return plan

    def _call(
        self,
        fn: _Fn,
        plan: list[PlanStep],
        G: int,
        P: np.ndarray,
        history: dict[int, int],
        follower_index: int | None,
        R: int,
        with_response: bool,
        own_values: list[int] | None = None,
    ) -> np.ndarray:
        """Values of ``fn`` for ``G`` stacked rows: (n, G, K, R) or (n, G, K), at the own
        strategies ``own_values`` only if given (K of them)."""
        n = P.shape[0]
        own_at = np.arange(len(self.strategies)) if own_values is None else np.asarray(own_values)
        K = len(own_at)
        shape = (n, G, K, R) if with_response else (n, G, K)
        if fn.const is not None:
            return np.full(shape, fn.const)
        tail = (1, 1) if with_response else (1,)
        args: list[Any] = []
        for step in plan:
            kind = step[0]
            if kind == "sum":
                args.append(P[:, step[1]].sum(axis=1).reshape((n, 1) + tail))
            elif kind == "col":
                args.append(P[:, step[1]].reshape((n, 1) + tail))
            elif kind == "cols":
                args.append(P[:, step[1]].reshape((n, G) + tail))
            elif kind == "own":
                v = (own_at == step[1]).astype(float)
                args.append(v.reshape((1, 1, K, 1) if with_response else (1, 1, K)))
            elif step[1] == follower_index:
                args.append((np.arange(R) == step[2]).astype(float).reshape(1, 1, 1, R))
            else:
                args.append(float(history.get(step[1], -1) == step[2]))
        assert fn.fn is not None  # a constant returned above
        values = evaluate_formula(fn.fn, args, label=self.role.members, params=P)
        return np.broadcast_to(values, shape)


class LinearFollower:
    """The follower's payoff split into coefficients of the members' moves.

    ``F(a, r) = c0(r) + sum_{j, s} c[j, s](r) * (a_j == s)``: :meth:`tables` returns
    the kernel's ``base`` (every member at strategy 0) and ``delta`` (what member j
    playing s instead adds), evaluating each coefficient once per sample and response
    instead of the whole formula at ``1 + N (K - 1)`` profiles times ``R`` responses.
    Build with :meth:`compile`, which returns None when the payoff is not affine in
    the members' moves.
    """

    def __init__(
        self, members: list[str], K: int, exprs: list[sympy.Expr], slots: list[list[int | None]]
    ) -> None:
        self.members = members
        self.K = K
        # every coefficient in one compiled function: the base first, then the
        # distinct member coefficients; ``slots[j][s]`` indexes them (None: zero)
        self.symbols = sorted(set().union(*(e.free_symbols for e in exprs)), key=str)
        self.fn = fast_lambdify(self.symbols, sympy.Tuple(*exprs))
        self.slots = slots
        self._plan: list[tuple[Any, ...]] | None = None
        self._exprs = exprs
        self._point: Any = None  # the same tuple in plain floats, for one sample

    @classmethod
    def compile(cls, model: Model, role: Any, follower: str) -> LinearFollower | None:
        """The split of ``follower``'s payoff, or None if it is not affine in the moves."""
        expr = model.compiled.expressions[follower]
        strategies = list(role.strategies)
        variables = {indicator(m, s) for m in role.members for s in strategies}
        parts = linear_parts(expr, variables)
        if parts is None:
            return None
        c0, cv = parts
        zero = sympy.Integer(0)
        exprs = [c0 + sympy.Add(*[cv.get(indicator(m, strategies[0]), zero) for m in role.members])]
        index: dict[sympy.Expr, int] = {}
        slots: list[list[int | None]] = []
        for m in role.members:
            d0 = cv.get(indicator(m, strategies[0]), zero)
            row: list[int | None] = [None]
            for s in strategies[1:]:
                c = cv.get(indicator(m, s), zero) - d0
                if c == 0:
                    row.append(None)
                    continue
                if c not in index:
                    index[c] = len(exprs)
                    exprs.append(c)
                row.append(index[c])
            slots.append(row)
        return cls(list(role.members), len(strategies), exprs, slots)

    def tables(
        self,
        P: np.ndarray,
        history: dict[int, int],
        model: Model,
        follower_index: int,
        R: int,
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """``base`` (n, R) and ``delta`` (n, N, K, R) for samples ``P``; None where a
        coefficient is not finite (the caller then evaluates the formula itself, which
        names the profile and parameters in its error)."""
        if self._plan is None:
            where: dict[sympy.Symbol, tuple[Any, ...]] = {
                sympy.Symbol(nm): ("p", j) for j, nm in enumerate(model.parameter_names)
            }
            for i, p in enumerate(model.players):
                for k, s in enumerate(p.strategies):
                    where[indicator(p.id, s)] = ("i", i, k)
            self._plan = [where[sym] for sym in self.symbols]
        n = P.shape[0]
        if n == 1:
            point = self._point_tables(P[0], history, follower_index, R)
            if point is not None:
                if watching():  # plain floats report no underflow: numpy checks them at the end
                    self._defer_check(P, history, follower_index, R, model)
                return point
        # the coefficients read few earlier moves (the flagship's China not the US trade
        # track): the last tables are kept with a copy of their samples and those moves
        key = (follower_index, R) + tuple(
            history.get(w[1], -1) for w in self._plan if w[0] == "i" and w[1] != follower_index
        )
        last = self._last
        if last is not None and last[0] == key and np.array_equal(last[1], P):
            return last[2]
        out = self._batch_tables(P, history, follower_index, R, model.player_ids[follower_index])
        if out is not None:
            self._last = (key, P.copy(), out)
        return out

    _last: tuple[tuple[int, ...], np.ndarray, tuple[np.ndarray, np.ndarray]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_last", None)  # the last samples' tables: not worth shipping
        state.pop("_pending", None)  # checks of a watch in this process
        return state

    def _defer_check(
        self, P: np.ndarray, history: dict[int, int], follower_index: int, R: int, model: Model
    ) -> None:
        """Have the tables computed in plain floats computed again in numpy when the
        underflow watch ends (:mod:`.underflow`), every earlier-move history at once."""
        if "_screen" not in self.__dict__:  # whether the coefficients provably cannot underflow
            self._screen = underflow_screen(
                sympy.Tuple(*self._exprs), model.compiled.parameter_symbols
            )
        if screened(P[0], self._screen):
            return
        key = (id(self), P.tobytes(), follower_index, R)
        # histories whose tables were computed in plain floats under the watch
        waiting: dict[tuple[Any, ...], dict[tuple[Any, ...], None]] = self.__dict__.setdefault(
            "_pending", {}
        )
        pending = waiting.setdefault(key, {})
        pending.setdefault(tuple(sorted(history.items())), None)
        if len(pending) > 1:
            return
        label = model.player_ids[follower_index]

        def check() -> None:
            histories = [dict(h) for h in waiting.pop(key)]
            rows = np.repeat(P, len(histories), axis=0)
            args: list[Any] = []
            for w in self._plan or ():
                if w[0] == "p":
                    args.append(rows[:, w[1], None])
                elif w[1] == follower_index:
                    args.append((np.arange(R) == w[2]).astype(float)[None, :])
                else:
                    seen = [float(h.get(w[1], -1) == w[2]) for h in histories]
                    args.append(np.array(seen)[:, None])
            evaluate_formula(self.fn, args, label=label, params=rows)

        defer_check(key, check)

    def _batch_tables(
        self, P: np.ndarray, history: dict[int, int], follower_index: int, R: int, label: str
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """:meth:`tables` for a batch of samples, in numpy."""
        n, N = P.shape[0], len(self.members)
        args: list[Any] = []
        for w in self._plan or ():
            if w[0] == "p":
                args.append(P[:, w[1], None])
            elif w[1] == follower_index:
                args.append((np.arange(R) == w[2]).astype(float)[None, :])
            else:
                args.append(float(history.get(w[1], -1) == w[2]))
        vals = evaluate_formula(self.fn, args, label=label, params=P)
        base = np.array(np.broadcast_to(vals[0], (n, R)), dtype=float)
        delta = np.zeros((n, N, self.K, R))
        for j, row in enumerate(self.slots):
            for s, e in enumerate(row):
                if e is not None:
                    delta[:, j, s, :] = vals[e]
        if not (np.isfinite(base).all() and np.isfinite(delta).all()):
            return None
        return base, delta

    def _point_tables(
        self, p: np.ndarray, history: dict[int, int], follower_index: int, R: int
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """:meth:`tables` for one sample in plain floats (None: use numpy)."""
        from .scalar import point_lambdify

        if self._point is None:
            try:
                self._point = point_lambdify(self.symbols, sympy.Tuple(*self._exprs))
            except Exception:  # a function the Python printer does not know
                self._point = False
        if self._point is False or self._plan is None:
            return None
        values = [float(x) for x in p]
        cols = []
        for r in range(R):
            args = [
                values[w[1]]
                if w[0] == "p"
                else float((r if w[1] == follower_index else history.get(w[1], -1)) == w[2])
                for w in self._plan
            ]
            try:
                cols.append(self._point(*args))
            except (ArithmeticError, ValueError, TypeError):
                return None
        table = np.array(cols, dtype=float).T  # (expressions, R)
        if not np.isfinite(table).all():
            return None
        N = len(self.members)
        delta = np.zeros((1, N, self.K, R))
        for j, row in enumerate(self.slots):
            for s, e in enumerate(row):
                if e is not None:
                    delta[0, j, s, :] = table[e]
        return table[None, 0, :], delta
