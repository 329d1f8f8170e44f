"""Payoffs at one parameter point in plain Python floats (no numpy per operation).

A model's formulas are compiled to numpy functions that evaluate many samples and
profiles at once (:class:`~gametheory.models.model.Model` ``compiled.payoffs``). At a
single parameter point and a handful of profiles, as a one-point solve needs them,
every numpy operation on a one-element array costs about a microsecond, and a
flagship state's payoff has hundreds of them. :class:`PointPayoffs` compiles each
player's formula once more, printed for Python's ``math`` module over the symbols it
uses only, and evaluates it with floats: the same expression tree, so the same
values up to rounding in the last bit.

Anything unusual (a division by zero, a domain error, a non-finite or complex value)
makes :meth:`PointPayoffs.payoffs` return None, and the caller evaluates with numpy,
which names the player, profile and parameters in its error message.

Examples
--------
>>> import gametheory.models as gm, pathlib, numpy as np
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "us_china.toml")
>>> pp = PointPayoffs(m.compiled, m.parameter_names)
>>> prof = np.zeros((1, len(m.players)), dtype=int)
>>> fast = pp.payoffs(m.value_vector(), prof, None)
>>> bool(np.allclose(fast, m.compiled.payoffs(m.value_vector()[None, :], prof)[0]))
True
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy

from .compiled import GeneratedFunction

__all__ = ["PointPayoffs", "point_lambdify"]


def point_lambdify(symbols: Sequence[sympy.Symbol], expr: sympy.Expr) -> GeneratedFunction:
    """A Python function of ``symbols`` computing ``expr`` with floats and ``math``
    (a :class:`~.compiled.GeneratedFunction`: it pickles as its source).

    Raises whatever sympy's Python printer raises for a function it cannot print.
    """
    from sympy.printing.pycode import PythonCodePrinter

    safe = [sympy.Symbol(f"_a{j}") for j in range(len(symbols))]
    body = PythonCodePrinter({"standard": "python3"}).doprint(
        sympy.sympify(expr).xreplace(dict(zip(symbols, safe, strict=True)))
    )
    source = f"def _point({', '.join(map(str, safe))}):\n    return ({body})\n"
    return GeneratedFunction(source, "_point")


def _getter(positions: list[int]) -> Any:
    """A function of a list returning the items at ``positions`` as a tuple."""
    if len(positions) == 1:
        return lambda row, j=positions[0]: (row[j],)
    if not positions:
        return lambda row: ()
    return operator.itemgetter(*positions)


class _PointFunction:
    """One player's formula as a Python function of the symbols it uses."""

    def __init__(
        self, expr: sympy.Expr, where: dict[sympy.Symbol, tuple[str, int, int, int]]
    ) -> None:
        symbols = sorted(expr.free_symbols, key=str)
        self.fn = point_lambdify(symbols, expr)
        # each argument's position in the row of values (parameters, then indicators)
        self.positions = [where[s][3] for s in symbols]
        self.get = _getter(self.positions)

    def __getstate__(self) -> dict[str, Any]:
        return {"fn": self.fn, "positions": self.positions}  # the getter is rebuilt

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.fn, self.positions = state["fn"], state["positions"]
        self.get = _getter(self.positions)


class PointPayoffs:
    """Every player's payoff at one parameter point, for a few pure profiles.

    Parameters
    ----------
    compiled
        The model's compiled formulas (``model.compiled``): ``players`` and
        ``expressions``.
    parameter_names : sequence of str
        Column order of the parameter vector.
    """

    def __init__(self, compiled: Any, parameter_names: Sequence[str]) -> None:
        self.players = compiled.players
        self.expressions = dict(compiled.expressions)
        # (kind, index, strategy, position in the row of values)
        self.where: dict[sympy.Symbol, tuple[str, int, int, int]] = {
            sympy.Symbol(n): ("p", j, 0, j) for j, n in enumerate(parameter_names)
        }
        from .expr import indicator

        self.offsets = []
        pos = len(parameter_names)
        for i, p in enumerate(self.players):
            self.offsets.append(pos)
            for k, s in enumerate(p.strategies):
                self.where[indicator(p.id, s)] = ("i", i, k, pos + k)
            pos += len(p.strategies)
        self.n_indicators = pos - len(parameter_names)
        self.functions: dict[int, _PointFunction | None] = {}

    def function(self, i: int) -> _PointFunction | None:
        if i not in self.functions:
            try:
                self.functions[i] = _PointFunction(self.expressions[self.players[i].id], self.where)
            except Exception:  # a function the Python printer does not know: use numpy
                self.functions[i] = None
        return self.functions[i]

    def payoffs(
        self, values: np.ndarray, profiles: np.ndarray, players: Sequence[int] | None
    ) -> np.ndarray | None:
        """``(m, N)`` payoffs at ``profiles`` (m, N) for parameter vector ``values`` (k,),
        NaN for players not in ``players`` (None: all); None if any value is not finite
        or a formula fails (the caller then evaluates with numpy)."""
        v = [float(x) for x in np.asarray(values, dtype=float).ravel()]
        prof = np.asarray(profiles).tolist()
        N = len(self.players)
        out = np.full((len(prof), N), np.nan)
        todo = range(N) if players is None else players
        fns = []
        for i in todo:
            f = self.function(int(i))
            if f is None:
                return None
            fns.append((int(i), f))
        for r, row in enumerate(prof):
            ind = [0.0] * self.n_indicators
            base = len(v)
            for i, a in enumerate(row):
                if a >= 0:
                    ind[self.offsets[i] - base + a] = 1.0
            full = v + ind
            for i, f in fns:
                try:
                    value = f.fn.function(*f.get(full))
                except (ArithmeticError, ValueError, TypeError):
                    return None
                if not isinstance(value, (int, float)) or not math.isfinite(value):
                    return None
                out[r, i] = value
        return out
