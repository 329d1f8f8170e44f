"""Lemke's algorithm for linear complementarity problems, in exact rational arithmetic.

Find ``z >= 0`` with ``w = q + M z >= 0`` and ``z . w = 0``. Lemke (1965) adds an
artificial variable ``z0`` with a covering vector ``d > 0``: ``w = q + M z + d z0``.
Starting from ``z = 0`` and ``z0`` just large enough to make ``w >= 0``, it pivots
along a path of almost-complementary bases: each step brings in the complement of
the variable that just left, until ``z0`` leaves (a solution) or the entering
column has no positive entry (a ray: no solution found). Degenerate problems, as
most extensive games give, are handled by the lexicographic minimum-ratio test
(Eaves 1971), which makes the path unique and finite.

Examples
--------
>>> from fractions import Fraction
>>> z = lemke([[2, 1], [1, 2]], [-5, -6])
>>> [str(v) for v in z]
['4/3', '7/3']
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..errors import SolverError

__all__ = ["lemke", "MAX_PIVOTS"]

#: Default limit on pivots.
MAX_PIVOTS = 100_000


def _lexmin_row(rows: list[int], T: list[list[Fraction]], c: int, n: int, rhs: int) -> int:
    """Among ``rows``, the one minimising ``(rhs, B^-1 row) / T[row][c]`` lexicographically."""
    best = rows[0]
    for r in rows[1:]:
        a, b = T[r][c], T[best][c]
        # compare T[r][rhs]/a with T[best][rhs]/b, then each w-column
        for j in (rhs, *range(n)):
            lhs, rhs_ = T[r][j] / a, T[best][j] / b
            if lhs != rhs_:
                if lhs < rhs_:
                    best = r
                break
    return best


def lemke(
    M: Sequence[Sequence[Any]],
    q: Sequence[Any],
    d: Sequence[Any] | None = None,
    *,
    max_pivots: int = MAX_PIVOTS,
) -> list[Fraction]:
    """Solve the LCP ``(M, q)`` exactly by Lemke's algorithm with covering vector ``d``.

    Parameters
    ----------
    M : square matrix of numbers
    q : vector
    d : vector of positive numbers, optional
        Covering vector (default all ones).
    max_pivots : int

    Returns
    -------
    list of Fraction
        ``z`` with ``q + M z >= 0``, ``z >= 0``, ``z . (q + M z) = 0``.

    Raises
    ------
    SolverError
        On ray termination or when ``max_pivots`` is reached.
    """
    n = len(q)
    qq = [Fraction(v) for v in q]
    if all(v >= 0 for v in qq):
        return [Fraction(0)] * n
    dd = [Fraction(1)] * n if d is None else [Fraction(v) for v in d]
    if any(v <= 0 for v in dd):
        raise SolverError("lemke: the covering vector must be positive")
    # columns: w (0..n-1), z (n..2n-1), z0 (2n), rhs (2n+1); rows: w - M z - d z0 = q
    z0, rhs = 2 * n, 2 * n + 1
    T = []
    for i in range(n):
        row = [Fraction(0)] * (2 * n + 2)
        row[i] = Fraction(1)
        for j in range(n):
            if M[i][j]:
                row[n + j] = -Fraction(M[i][j])
        row[z0] = -dd[i]
        row[rhs] = qq[i]
        T.append(row)
    basis = list(range(n))

    def pivot(r: int, c: int) -> None:
        pr = T[r]
        pv = pr[c]
        if pv != 1:
            T[r] = pr = [v / pv for v in pr]
        nz = [j for j, v in enumerate(pr) if v]
        for i in range(n):
            if i == r:
                continue
            f = T[i][c]
            if f:
                row = T[i]
                for j in nz:
                    row[j] -= f * pr[j]
        basis[r] = c

    # first pivot: z0 enters where q/d is most negative (lexicographically)
    # choose r minimising (q_i, e_i) / d_i lexicographically
    r = 0
    for i in range(1, n):
        for j in (rhs, *range(n)):
            a, b = T[i][j] / dd[i], T[r][j] / dd[r]
            if a != b:
                if a < b:
                    r = i
                break
    pivot(r, z0)
    entering = n + r  # complement of w_r
    for _ in range(max_pivots):
        rows = [i for i in range(n) if T[i][entering] > 0]
        if not rows:
            raise SolverError("lemke: ray termination (no solution found from this start)")
        r = _lexmin_row(rows, T, entering, n, rhs)
        leaving = basis[r]
        pivot(r, entering)
        if leaving == z0:
            z = [Fraction(0)] * n
            for i, b in enumerate(basis):
                if n <= b < 2 * n:
                    z[b - n] = T[i][rhs]
            return z
        entering = leaving + n if leaving < n else leaving - n
    raise SolverError(f"lemke: no solution within {max_pivots} pivots")
