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

from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from .expr import indicator, own_symbol
from .model import check_finite, fast_lambdify

if TYPE_CHECKING:
    from .model import Model

__all__ = ["PairwiseMembers"]


class _Fn:
    """A compiled expression with the symbols it uses."""

    def __init__(self, expr: sympy.Expr) -> None:
        self.symbols = sorted(expr.free_symbols, key=str)
        self.const = None if self.symbols else float(expr)
        self.fn = None if self.const is not None else fast_lambdify(self.symbols, expr)


class PairwiseMembers:
    """The role payoff of a stage, split into own and pairwise parts (see the module)."""

    def __init__(self, model: Model, role: Any, follower: tuple[str, ...]) -> None:
        self.role = role
        self.members = list(role.members)
        self.strategies = list(role.strategies)
        self.own_fns: list[_Fn] = []
        self.pair_fns: list[list[tuple[int, int, _Fn]]] = []
        comp = model._compiled
        K = len(self.strategies)
        for i, m in enumerate(self.members):
            expr = comp.expressions[m].xreplace(
                {indicator(m, s): own_symbol(s) for s in self.strategies})
            zero = {}
            for j, o in enumerate(self.members):
                if j != i:
                    for k, s in enumerate(self.strategies):
                        zero[indicator(o, s)] = sympy.Integer(1 if k == 0 else 0)
            self.own_fns.append(_Fn(expr.xreplace(zero)))
            pairs = []
            for j, o in enumerate(self.members):
                if j == i:
                    continue
                d0 = sympy.diff(expr, indicator(o, self.strategies[0]))
                for k in range(1, K):
                    c = sympy.expand(sympy.diff(expr, indicator(o, self.strategies[k])) - d0)
                    if c == 0:
                        continue
                    pairs.append((j, k, c))
            self.pair_fns.append([(j, k, _Fn(c)) for j, k, c in pairs])
        self.follower = follower

    @classmethod
    def compile(cls, model: Model, role: Any, follower: tuple[str, ...]) -> PairwiseMembers | None:
        """The split, or None when the role's payoff is not pairwise-linear."""
        comp = model._compiled
        others_all = {indicator(m, s) for m in role.members for s in role.strategies}
        follower_inds = {indicator(f, s) for f in follower
                         for s in model.player(f).strategies}
        for m in role.members:
            expr = comp.expressions[m]
            mine = {indicator(m, s) for s in role.strategies}
            others = others_all - mine
            for node in sympy.preorder_traversal(expr):
                if isinstance(node, (sympy.Add, sympy.Mul, sympy.Symbol, sympy.Number)):
                    continue
                if node.free_symbols & others:
                    return None  # inside Piecewise, Min, Pow, ...: not provably linear
            for x in others & expr.free_symbols:
                coeff = sympy.diff(expr, x)
                if coeff.free_symbols & (others | follower_inds):
                    return None
        return cls(model, role, follower)

    def tables(self, P: np.ndarray, history: dict[int, int], model: Model,
               follower_index: int | None, R: int) -> tuple[np.ndarray, np.ndarray]:
        """``own`` (n, N, K, R) and ``pair`` (n, N, K, N, K) for samples ``P``."""
        n = P.shape[0]
        N, K = len(self.members), len(self.strategies)
        names = model.parameter_names
        values: dict[sympy.Symbol, Any] = {}
        col = {sympy.Symbol(nm): j for j, nm in enumerate(names)}
        for k, s in enumerate(self.strategies):
            values[own_symbol(s)] = (np.arange(K) == k).astype(float)
        for i, p in enumerate(model.players):
            for k, s in enumerate(p.strategies):
                sym = indicator(p.id, s)
                if i == follower_index:
                    values[sym] = (np.arange(R) == k).astype(float)
                else:
                    values[sym] = float(history.get(i, -1) == k)

        def arg(sym: sympy.Symbol, shape_own: tuple, shape_r: tuple) -> Any:
            if sym in col:
                return P[:, col[sym]].reshape((n,) + (1,) * (len(shape_own) - 1))
            v = values[sym]
            if isinstance(v, float):
                return v
            if sym in (own_symbol(s) for s in self.strategies):
                return v.reshape(shape_own)
            return v.reshape(shape_r)

        own = np.zeros((n, N, K, R))
        pair = np.zeros((n, N, K, N, K))
        with np.errstate(all="ignore"):
            for i, f in enumerate(self.own_fns):
                if f.const is not None:
                    own[:, i] = f.const
                    continue
                args = [arg(s, (1, K, 1), (1, 1, R)) for s in f.symbols]
                own[:, i] = np.broadcast_to(f.fn(*args), (n, K, R))
            for i, fns in enumerate(self.pair_fns):
                for j, k, f in fns:
                    if f.const is not None:
                        pair[:, i, :, j, k] = f.const
                        continue
                    args = [arg(s, (1, K), (1, 1)) for s in f.symbols]
                    pair[:, i, :, j, k] = np.broadcast_to(f.fn(*args), (n, K))
        check_finite(own, f"the payoff of role {self.role.id!r}")
        check_finite(pair, f"the payoff of role {self.role.id!r}")
        return own, pair


def _linear_members(model: Model, role: Any, follower: tuple[str, ...]) -> PairwiseMembers | None:
    """:meth:`PairwiseMembers.compile` (the hook used by :mod:`.sequential`)."""
    return PairwiseMembers.compile(model, role, tuple(follower))
