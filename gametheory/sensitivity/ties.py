"""Closed-form payoff ties: where, in one parameter, two payoffs of a small model are equal.

With the other parameters at their base values, the set of pure equilibria of a
game (and its backward-induction path, and a selection by total payoff) can change
only where two payoffs of one player, or two payoff totals, are equal. For models
with at most :data:`MAX_EXACT_PROFILES` pure profiles, :func:`tie_roots` solves each
such tie for the parameter with sympy when it is a polynomial of degree at most two
in it. :class:`TieRoots` also says whether *every* tie was solved: then the
outcome is constant between consecutive roots, which the threshold scan uses to
find every change, however close two changes are.

Examples
--------
>>> import pathlib, gametheory
>>> from gametheory.models import load_model
>>> m = load_model(pathlib.Path(gametheory.__file__).parents[1] / "models" / "us_china.toml")
>>> r = tie_roots(m, m.parameter_names[0])
>>> r.complete, all(isinstance(float(x), float) for x in r.roots)
(True, True)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "TieRoots",
    "tie_roots",
    "MAX_EXACT_PROFILES",
    "MAX_SYMBOLIC_OPS",
    "MAX_SYMBOLIC_SECONDS",
]

#: Largest number of pure profiles for which closed-form thresholds are attempted.
MAX_EXACT_PROFILES = 64
#: Largest payoff (sympy operation count) expanded symbolically.
MAX_SYMBOLIC_OPS = 2_000
#: Seconds spent on the closed forms of one parameter before bisection takes over.
MAX_SYMBOLIC_SECONDS = 5.0


def _degree_bound(expr: Any, theta: Any) -> float:
    """An upper bound on the polynomial degree of ``expr`` in ``theta`` (inf when it is
    not a polynomial in it), found without expanding anything."""
    import math

    import sympy

    if theta not in expr.free_symbols:
        return 0
    if expr == theta:
        return 1
    if isinstance(expr, sympy.Add):
        return max(_degree_bound(a, theta) for a in expr.args)
    if isinstance(expr, sympy.Mul):
        return sum(_degree_bound(a, theta) for a in expr.args)
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer and expr.exp >= 0:
        return int(expr.exp) * _degree_bound(expr.base, theta)
    return math.inf


@dataclass(frozen=True)
class TieRoots:
    """Real roots of the payoff ties in one parameter (sympy numbers, sorted).

    ``complete`` is true when every tie that depends on the parameter was a
    polynomial of degree at most two in it (so no root is missing).
    """

    roots: tuple[Any, ...]
    complete: bool
    note: str = ""  # why closed forms were not attempted for some ties (then bisected)


def tie_roots(model: Any, name: str) -> TieRoots | None:
    """Roots in ``name`` of every payoff tie, other parameters at base (None: too big).

    Symbolic work is bounded: a payoff that is not a polynomial of degree at most two
    in ``name`` by a bound found without expanding (so ``(p/2 + 1/2) ** 10000``
    costs nothing), or larger than :data:`MAX_SYMBOLIC_OPS` operations, is not
    expanded, and the search stops after :data:`MAX_SYMBOLIC_SECONDS`. Then
    ``complete`` is false, ``note`` says why, and those ties are left to bisection.
    """
    import time

    import sympy

    players = getattr(model, "players", None)
    if not players or not hasattr(model, "payoff_expression"):
        return None
    shapes = [len(p.strategies) for p in players]
    if int(np.prod(shapes)) > MAX_EXACT_PROFILES:
        return None
    deadline = time.monotonic() + MAX_SYMBOLIC_SECONDS
    late = (
        f"{name}: closed forms stopped after {MAX_SYMBOLIC_SECONDS:g} s; the remaining "
        "thresholds are bisected"
    )
    theta = sympy.Symbol(name)
    subs = {
        sympy.Symbol(n): sympy.Rational(repr(float(p.value)))
        for n, p in model.parameters.items()
        if n != name
    }
    profiles = list(itertools.product(*[range(n) for n in shapes]))
    values = []  # values[i][profile] = player i's payoff as an expression in theta
    skipped = 0
    for p in players:
        expr = model.payoff_expression(p.id).xreplace(subs)
        row = []
        for prof in profiles:
            if time.monotonic() > deadline:
                return TieRoots((), False, late)
            ind = {
                # sympy's 0 and 1: a payoff that is one choice indicator becomes a number
                # that sympy methods accept (not Python's int)
                sympy.Symbol(f"{q.id}={s}"): sympy.Integer(k == prof[j])
                for j, q in enumerate(players)
                for k, s in enumerate(q.strategies)
            }
            cell = expr.xreplace(ind)
            if sympy.count_ops(cell) > MAX_SYMBOLIC_OPS or _degree_bound(cell, theta) > 2:
                skipped += 1
                row.append(None)  # not a low-degree polynomial: its ties are bisected
            else:
                row.append(sympy.expand(cell))
        values.append(row)
    note = (
        (
            f"{name}: {skipped} payoff(s) are not polynomials of degree <= 2 in it (or too "
            "large to expand); their ties are bisected, not solved"
        )
        if skipped
        else ""
    )
    diffs = set()
    for row in values:
        for a, b in itertools.combinations(row, 2):
            if a is not None and b is not None:
                diffs.add(sympy.expand(a - b))
    if not skipped:
        totals = [sympy.expand(sum(v[k] for v in values)) for k in range(len(profiles))]
        for a, b in itertools.combinations(totals, 2):
            diffs.add(sympy.expand(a - b))
    roots = set()
    complete = not skipped
    for d in diffs:
        if time.monotonic() > deadline:
            return TieRoots(tuple(sorted(roots, key=lambda r: float(r))), False, late)
        if d == 0 or theta not in d.free_symbols:
            continue
        num, _ = sympy.fraction(sympy.together(d))
        try:
            poly = sympy.Poly(num, theta)
        except sympy.PolynomialError:
            complete = False
            continue
        if poly.degree() > 2 or poly.free_symbols - {theta}:
            complete = False
            continue
        if poly.degree() < 1:
            continue
        for r in sympy.roots(poly, filter="R"):
            roots.add(r if r.is_Rational else sympy.nsimplify(r))
    return TieRoots(tuple(sorted(roots, key=lambda r: float(r))), complete, note)
