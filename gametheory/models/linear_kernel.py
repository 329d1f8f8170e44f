"""The pairwise-linear stage kernel compiled with numba, one sample at a time.

:func:`gametheory.models.linear_stage.solve_linear_stage` runs the algorithm of
:mod:`gametheory.models.linear_stage` as numpy operations over all samples at once;
on a stage of a dozen members with three strategies and four responses, each of those
operations touches a few numbers per sample, and the kernel spends its time in
numpy's per-operation overhead and in reductions over axes of three or four entries.
This module runs the same steps as compiled loops, sample by sample:

1. **Possible responses** of the follower over the box of alive strategies (``on``)
   and over the box where one member may use any allowed strategy (``dev``), from
   the separable maxima of ``delta[i, k, r] - delta[i, k, r2]``.
2. **Prune soundly**, to a fixed point: member i's strategy ``s`` goes when an allowed
   ``s2`` beats it against every profile of the others' alive strategies and every
   response they can meet (the bound of :func:`.linear_stage._prune`).
3. A sample left with one candidate profile verifies it; otherwise, for each possible
   response ``r*``: drop the strategies with which ``r*`` cannot be the follower's best
   reply (:func:`.stage._feasible`), prune again knowing ``r*``, and walk the product
   of the remaining strategies depth first, dropping a partial profile as soon as
   ``r*`` cannot win whatever the later members play (:func:`.stage._grow`).
4. **Verify exactly** every profile reached, with the arithmetic of
   :func:`.linear_stage._verify`: the follower's best response (first within its
   tolerance of the best), each member's payoff and every unilateral deviation with
   the follower's best response to it; a gain above the member's tolerance (or not a
   number) rejects the profile.

The pruning only removes strategies and partial profiles that cannot be part of an
equilibrium, so the equilibria are exactly the profiles that pass step 4, as in the
numpy kernel; ``tests/test_linear_kernel.py`` checks that both return the same
equilibria on random stages and on the flagship. The tolerances are computed by
:mod:`.linear_stage` (numpy) and passed in.

numba is a core dependency; where it cannot be imported, :data:`AVAILABLE` is False
and :mod:`.linear_stage` runs its numpy kernel. Compiled functions are cached on disk
(``cache=True``), so only the first use on a machine pays the compilation (a few
seconds; ``benchmarks/bench_flagship.py`` reports it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

import numpy as np

try:  # pragma: no cover - exercised when numba is missing
    import numba
except ImportError:  # pragma: no cover
    numba = None  # type: ignore[assignment]

__all__ = ["AVAILABLE", "KernelOverflow", "solve_samples", "tolerances"]

#: Whether the compiled kernel can run (numba imports).
AVAILABLE = numba is not None

#: Pruning stops when at most this many candidate profiles are left (they are verified).
FEW = 24.0

#: Status codes of :func:`_solve_all`.
_OK, _FULL, _TOO_MANY = 0, 1, 2


Array = np.ndarray
#: The equilibria found so far: sample, profile, response, member payoffs, count (1,).
Found = tuple[Array, Array, Array, Array, Array]
#: The arrays of :func:`_walk` (:func:`_walk_space`).
WalkSpace = tuple[Array, Array, Array, Array, Array, Array, Array, Array, Array, Array, Array]
#: The arrays a run of :func:`_solve_all` reads: ``base, delta, own, pair, allowed,
#: allowed_r, tol_r, tol_m, rows, cols`` for every sample, contiguous and of the
#: kernel's dtypes (made by :func:`solve_samples`).
Tables = tuple[Array, Array, Array, Array, Array, Array, Array, Array, Array, Array]
#: The arrays of :func:`_solve_sample` (:func:`_sample_space`).
SampleSpace = tuple[tuple[Array, Array], Array, Array, Array, Array, Array, Array, Array, Array]

_F = TypeVar("_F", bound=Callable[..., object])


class KernelOverflow(ValueError):
    """A sample has more candidate profiles after pruning than the kernel enumerates."""


def _jit(func: _F) -> _F:
    """``numba.njit(cache=True)`` when numba is available (else the Python function).

    Typed as returning ``func`` itself: the compiled dispatcher takes the same
    arguments and returns the same values, so mypy checks calls against the
    annotations (which numba ignores: it infers types from the arguments)."""
    if numba is None:  # pragma: no cover
        return func
    # a Dispatcher, called like ``func``
    return cast(_F, numba.njit(cache=True, nogil=True)(func))


@_jit
def _tolerance(hi: float, lo: float, size: float, tol: float, rounding: float) -> float:
    """As :func:`.stage._tolerance`: ``tol * spread + rounding * size``, 0 if not finite."""
    t = 2 * tol * (0.5 * hi - 0.5 * lo) + rounding * size
    if np.isfinite(t) and t > 0:
        return t
    return 0.0


@_jit
def _tolerances(
    base: Array,
    delta: Array,
    own: Array,
    pair: Array,
    tol: float,
    rounding: float,
    tol_r: Array,
    tol_m: Array,
) -> None:
    """Fill ``tol_r`` (n,) and ``tol_m`` (n, N) as :func:`.linear_stage._with_tolerances`
    does (the same bounds; sums in member order)."""
    n, N, K, R = delta.shape
    for b in range(n):
        hi = -np.inf
        lo = np.inf
        for r in range(R):
            top = 0.0
            low = 0.0
            for i in range(N):
                m_hi = -np.inf
                m_lo = np.inf
                for k in range(K):
                    v = delta[b, i, k, r]
                    m_hi = max(m_hi, v)
                    m_lo = min(m_lo, v)
                top += m_hi
                low += m_lo
            hi = max(hi, base[b, r] + top)
            lo = min(lo, base[b, r] + low)
        size = 0.0
        for r in range(R):
            size = max(size, abs(base[b, r]))
        spread = 0.0
        for i in range(N):
            m = 0.0
            for k in range(K):
                for r in range(R):
                    m = max(m, abs(delta[b, i, k, r]))
            spread += m
        tol_r[b] = _tolerance(hi, lo, size + spread, tol, rounding)
        for i in range(N):
            hi = -np.inf
            lo = np.inf
            size = 0.0
            for k in range(K):
                top = 0.0
                low = 0.0
                for j in range(N):
                    m_hi = -np.inf
                    m_lo = np.inf
                    for a in range(K):
                        v = pair[b, i, k, j, a]
                        m_hi = max(m_hi, v)
                        m_lo = min(m_lo, v)
                    top += m_hi
                    low += m_lo
                o_hi = -np.inf
                o_lo = np.inf
                for r in range(R):
                    v = own[b, i, k, r]
                    o_hi = max(o_hi, v)
                    o_lo = min(o_lo, v)
                    size = max(size, abs(v))
                hi = max(hi, o_hi + top)
                lo = min(lo, o_lo + low)
            spread = 0.0
            for j in range(N):
                m = 0.0
                for k in range(K):
                    for a in range(K):
                        m = max(m, abs(pair[b, i, k, j, a]))
                spread += m
            tol_m[b, i] = _tolerance(hi, lo, size + spread, tol, rounding)


def tolerances(
    base: np.ndarray, delta: np.ndarray, own: np.ndarray, pair: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The follower's (n,) and the members' (n, N) tie tolerances of a pairwise-linear
    stage: :func:`.linear_stage._with_tolerances` in compiled loops (equal to it up to
    rounding in the last bits of the sums)."""
    from .stage import ROUNDING, TOL

    n, N = delta.shape[:2]
    tol_r = np.empty(n)
    tol_m = np.empty((n, N))
    _tolerances(
        np.ascontiguousarray(base, dtype=np.float64),
        np.ascontiguousarray(delta, dtype=np.float64),
        np.ascontiguousarray(own, dtype=np.float64),
        np.ascontiguousarray(pair, dtype=np.float64),
        float(TOL),
        float(ROUNDING),
        tol_r,
        tol_m,
    )
    return tol_r, tol_m


@_jit
def _best_response(T: Array, allowed_r: Array, tol: float) -> int:
    """First allowed response within ``tol`` of the best (as :func:`.stage._best_response`:
    a NaN maximum gives the last response for up to 8 responses, else the first)."""
    R = T.shape[0]
    best = -np.inf
    nan = False
    for r in range(R):
        if allowed_r[r]:
            v = T[r]
            if v != v:
                nan = True
            elif v > best:
                best = v
    if nan:
        return R - 1 if R <= 8 else 0
    threshold = best - tol
    for r in range(R):
        v = T[r] if allowed_r[r] else -np.inf
        if v >= threshold:
            return r
    return R - 1 if R <= 8 else 0


@_jit
def _pair_max(delta: Array, mask: Array, out: Array) -> None:
    """``out[i, r, r2]``: the largest ``delta[i, k, r] - delta[i, k, r2]`` over ``mask[i]``."""
    N, K, R = delta.shape
    out[:] = -np.inf
    for i in range(N):
        for k in range(K):
            if not mask[i, k]:
                continue
            for r in range(R):
                for r2 in range(R):
                    d = delta[i, k, r] - delta[i, k, r2]
                    if d > out[i, r, r2]:
                        out[i, r, r2] = d


@_jit
def _responses(
    base: Array,
    delta: Array,
    alive: Array,
    m_allowed: Array,
    allowed_r: Array,
    tol_r: float,
    on: Array,
    dev: Array,
    work: tuple[Array, Array],
) -> None:
    """Fill ``on`` (R,) and ``dev`` (N, R): the responses possible over the alive box
    and over the box where member i may use any allowed strategy (``m_allowed``:
    :func:`_pair_max` over the allowed strategies). ``work``: an (N, R, R) and an
    (R, R) array to work in."""
    N, K, R = delta.shape
    m_alive, total = work
    _pair_max(delta, alive, m_alive)
    for r in range(R):
        for r2 in range(R):
            s = 0.0
            for i in range(N):
                s += m_alive[i, r, r2]
            total[r, r2] = (base[r] - base[r2]) + s
    for r in range(R):
        ok = allowed_r[r]
        for r2 in range(R):
            if r2 != r and allowed_r[r2] and not total[r, r2] >= -tol_r:
                ok = False
        on[r] = ok
        for i in range(N):
            ok = allowed_r[r]
            for r2 in range(R):
                if r2 != r and allowed_r[r2]:
                    v = total[r, r2] - m_alive[i, r, r2] + m_allowed[i, r, r2]
                    if not v >= -tol_r:
                        ok = False
            dev[i, r] = ok


@_jit
def _prune(
    own: Array,
    pair: Array,
    alive: Array,
    allowed: Array,
    on: Array,
    dev: Array,
    tol_m: Array,
    rows: Array,
    cols: Array,
    col_list: Array,
) -> bool:
    """Drop (in place) alive strategies dominated over the alive box; True if any went.

    ``rows[k]``: whether own strategy k has a nonzero pair entry; ``cols[a]``: whether
    counterpart strategy a has (the others are zero, and skipped); ``col_list``: the
    strategies a with ``cols[a]``."""
    N, K, R = own.shape
    changed = False
    # zero_alive[j]: member j has an alive strategy whose pair entries are all zero (as
    # at the start of the pass: a superset, which only weakens the bound)
    zero_alive = np.zeros(N, np.bool_)
    for j in range(N):
        for a in range(K):
            if alive[j, a] and not cols[a]:
                zero_alive[j] = True
    for i in range(N):
        for s in range(K):
            if not alive[i, s]:
                continue
            hi = -np.inf
            for r in range(R):
                if on[r] and own[i, s, r] > hi:
                    hi = own[i, s, r]
            for s2 in range(K):
                if s2 == s or not allowed[i, s2]:
                    continue
                lo = np.inf
                for r in range(R):
                    if dev[i, r] and own[i, s2, r] < lo:
                        lo = own[i, s2, r]
                gap = lo - hi
                if rows[s] or rows[s2]:
                    for j in range(N):
                        if j == i:
                            continue
                        worst = 0.0 if zero_alive[j] else np.inf
                        for a in col_list:
                            if alive[j, a]:
                                d = pair[i, s2, j, a] - pair[i, s, j, a]
                                if d < worst:
                                    worst = d
                        gap += worst
                if gap > tol_m[i]:
                    alive[i, s] = False
                    changed = True
                    break
    return changed


@_jit
def _feasible(
    base: Array, delta: Array, alive: Array, allowed_r: Array, tol_r: float, r_star: int
) -> bool:
    """Drop (in place) strategies with which ``r_star`` cannot be the best response."""
    N, K, R = delta.shape
    changed = False
    for r in range(R):
        if r == r_star or not allowed_r[r]:
            continue
        best = np.empty(N)
        total = base[r_star] - base[r]
        for i in range(N):
            m = -np.inf
            for k in range(K):
                if alive[i, k]:
                    d = delta[i, k, r_star] - delta[i, k, r]
                    if d > m:
                        m = d
            best[i] = m
            total += m
        for i in range(N):
            for k in range(K):
                if alive[i, k]:
                    slack = total - best[i] + (delta[i, k, r_star] - delta[i, k, r])
                    if not slack >= -tol_r:
                        alive[i, k] = False
                        changed = True
    return changed


@_jit
def _any_empty(alive: Array) -> bool:
    N, K = alive.shape
    for i in range(N):
        empty = True
        for k in range(K):
            if alive[i, k]:
                empty = False
        if empty:
            return True
    return False


@_jit
def _verify(
    base: Array,
    delta: Array,
    own: Array,
    prof: Array,
    S: Array,
    allowed: Array,
    allowed_r: Array,
    tol_r: float,
    tol_m: Array,
    r_star: int,
    pay: Array,
    T: Array,
    Tdev: Array,
) -> int:
    """Whether ``prof`` is an equilibrium (with response ``r_star``; any if -1): its
    response, or -1 if it is not. ``S``: its pair sums ``S[i, k] = sum_j pair[i, k, j,
    prof[j]]`` (zero rows skipped); the members' payoffs are written to ``pay``; ``T``,
    ``Tdev``: (R,) to work in."""
    N, K, R = delta.shape
    T[:] = 0.0
    for j in range(N):
        for r in range(R):
            T[r] += delta[j, prof[j], r]
    for r in range(R):
        T[r] = base[r] + T[r]
    resp = _best_response(T, allowed_r, tol_r)
    if r_star >= 0 and resp != r_star:
        return -1
    for i in range(N):
        a = prof[i]
        on = own[i, a, resp] + S[i, a]
        pay[i] = on
        for k in range(K):
            if k == a or not allowed[i, k]:
                continue
            for r in range(R):
                Tdev[r] = T[r] - delta[i, a, r] + delta[i, k, r]
            rd = _best_response(Tdev, allowed_r, tol_r)
            gain = own[i, k, rd] + S[i, k] - on
            if not gain <= tol_m[i]:
                return -1
    return resp


@_jit
def _record(out: Found, b: int, prof: Array, resp: int, pay: Array) -> bool:
    """Append an equilibrium to ``out``; False when it is full."""
    out_b, out_prof, out_r, out_pay, count = out
    c = count[0]
    if c >= len(out_b):
        return False
    out_b[c] = b
    out_prof[c] = prof
    out_r[c] = resp
    out_pay[c] = pay
    count[0] = c + 1
    return True


@_jit
def _walk(
    base: Array,
    delta: Array,
    own: Array,
    pair: Array,
    alive: Array,
    allowed: Array,
    allowed_r: Array,
    tol_r: float,
    tol_m: Array,
    rows: Array,
    r_star: int,
    b: int,
    out: Found,
    ws: WalkSpace,
) -> bool:
    """Verify the profiles of ``alive`` to which ``r_star`` may respond (depth first;
    every profile, with any response, if ``r_star`` is -1); append equilibria to
    ``out``; False when ``out`` is full. ``ws``: the arrays of :func:`_walk_space`."""
    N, K, R = delta.shape
    others, options, sizes, later, so_far, partial, prof, pos, pay, T, Tdev = ws
    n_others = 0
    for r in range(R):
        if r_star >= 0 and r != r_star and allowed_r[r]:
            others[n_others] = r
            n_others += 1
    sizes[:] = 0
    for i in range(N):
        for k in range(K):
            if alive[i, k]:
                options[i, sizes[i]] = k
                sizes[i] += 1
    # later[i, o]: the most members i.. can add to r_star's advantage over others[o]
    later[N, :] = 0.0
    for i in range(N - 1, -1, -1):
        for o in range(n_others):
            m = -np.inf
            for q in range(sizes[i]):
                k = options[i, q]
                d = delta[i, k, r_star] - delta[i, k, others[o]]
                if d > m:
                    m = d
            later[i, o] = later[i + 1, o] + m
    for o in range(n_others):
        so_far[0, o] = base[r_star] - base[others[o]]
    # partial pair sums of members 0..level-1, added in member order
    pos[0] = 0
    level = 0
    while level >= 0:
        if pos[level] >= sizes[level]:
            level -= 1
            if level >= 0:
                pos[level] += 1
            continue
        k = options[level, pos[level]]
        keep = True
        for o in range(n_others):
            r = others[o]
            v = so_far[level, o] + (delta[level, k, r_star] - delta[level, k, r])
            so_far[level + 1, o] = v
            if not v + later[level + 1, o] >= -tol_r:
                keep = False
        if not keep:
            pos[level] += 1
            continue
        prof[level] = k
        for i in range(N):
            for q in range(K):
                if rows[q]:
                    partial[level + 1, i, q] = partial[level, i, q] + pair[i, q, level, k]
        if level < N - 1:
            level += 1
            pos[level] = 0
            continue
        S = partial[N]
        resp = _verify(
            base, delta, own, prof, S, allowed, allowed_r, tol_r, tol_m, r_star, pay, T, Tdev
        )
        if resp >= 0 and not _record(out, b, prof, resp, pay):
            return False
        pos[level] += 1
    return True


@_jit
def _walk_space(N: int, K: int, R: int) -> WalkSpace:
    """The arrays :func:`_walk` works in, allocated once per batch of samples."""
    return (
        np.empty(R, np.int64),
        np.empty((N, K), np.int64),
        np.empty(N, np.int64),
        np.empty((N + 1, R)),
        np.empty((N + 1, R)),
        np.zeros((N + 1, N, K)),  # entries outside ``rows`` (and row 0) stay zero
        np.zeros(N, np.int64),
        np.zeros(N, np.int64),
        np.empty(N),
        np.empty(R),
        np.empty(R),
    )


@_jit
def _sample_space(N: int, K: int, R: int) -> SampleSpace:
    """The arrays :func:`_solve_sample` works in, allocated once per batch of samples."""
    return (
        (np.empty((N, R, R)), np.empty((R, R))),
        np.empty((N, R, R)),
        np.empty((N, K), np.bool_),
        np.empty(R, np.bool_),
        np.empty((N, R), np.bool_),
        np.empty(R, np.bool_),
        np.empty((N, R), np.bool_),
        np.empty(R, np.bool_),
        np.empty((N, K), np.bool_),
    )


@_jit
def _n_alive(alive: Array, i: int) -> int:
    count = 0
    for k in range(alive.shape[1]):
        if alive[i, k]:
            count += 1
    return count


@_jit
def _product(alive: Array) -> float:
    """The number of profiles of alive strategies."""
    product = 1.0
    for i in range(alive.shape[0]):
        product *= _n_alive(alive, i)
    return product


@_jit
def _solve_sample(
    base: Array,
    delta: Array,
    own: Array,
    pair: Array,
    allowed: Array,
    allowed_r: Array,
    tol_r: float,
    tol_m: Array,
    rows: Array,
    cols: Array,
    col_list: Array,
    b: int,
    limit: float,
    out: Found,
    ws: tuple[SampleSpace, WalkSpace],
) -> int:
    """Every equilibrium of one sample appended to ``out``; a status code. ``ws``: the
    arrays of :func:`_sample_space` and :func:`_walk_space`.

    Pruning stops once at most :data:`FEW` profiles are left: verifying them all
    costs less than another pass."""
    N, K, R = delta.shape
    (work, m_allowed, alive, on, dev, only, dev_r, on_r, alive_r), walk = ws
    _pair_max(delta, allowed, m_allowed)
    alive[:] = allowed
    _responses(base, delta, alive, m_allowed, allowed_r, tol_r, on, dev, work)
    while True:
        changed = _prune(own, pair, alive, allowed, on, dev, tol_m, rows, cols, col_list)
        if _any_empty(alive):
            return _OK
        if not changed or _product(alive) <= FEW:
            break
        _responses(base, delta, alive, m_allowed, allowed_r, tol_r, on, dev, work)
    if _product(alive) <= FEW:
        if not _walk(
            base, delta, own, pair, alive, allowed, allowed_r, tol_r, tol_m, rows, -1, b, out, walk
        ):
            return _FULL
        return _OK
    for r_star in range(R):
        if not on[r_star]:
            continue
        alive_r[:] = alive
        only[:] = False
        only[r_star] = True
        dev_r[:] = dev
        while True:
            changed = _feasible(base, delta, alive_r, allowed_r, tol_r, r_star)
            if _any_empty(alive_r) or _product(alive_r) <= FEW:
                break
            changed |= _prune(own, pair, alive_r, allowed, only, dev_r, tol_m, rows, cols, col_list)
            if _any_empty(alive_r) or not changed:
                break
            _responses(base, delta, alive_r, m_allowed, allowed_r, tol_r, on_r, dev_r, work)
        if _any_empty(alive_r):
            continue
        if _product(alive_r) > limit:
            return _TOO_MANY
        if not _walk(
            base,
            delta,
            own,
            pair,
            alive_r,
            allowed,
            allowed_r,
            tol_r,
            tol_m,
            rows,
            r_star,
            b,
            out,
            walk,
        ):
            return _FULL
    return _OK


@_jit
def _solve_all(tables: Tables, limit: float, out: Found, start: int) -> tuple[int, int]:
    """Samples ``start..`` of ``tables`` in order; (status, the sample it stopped at)."""
    base, delta, own, pair, allowed, allowed_r, tol_r, tol_m, rows, cols = tables
    n, N, K, R = delta.shape
    col_list = np.flatnonzero(cols)
    ws = (_sample_space(N, K, R), _walk_space(N, K, R))
    for b in range(start, n):
        status = _solve_sample(
            base[b],
            delta[b],
            own[b],
            pair[b],
            allowed,
            allowed_r,
            tol_r[b],
            tol_m[b],
            rows,
            cols,
            col_list,
            b,
            limit,
            out,
            ws,
        )
        if status != _OK:
            return status, b
    return _OK, n


def solve_samples(
    base: np.ndarray,
    delta: np.ndarray,
    own: np.ndarray,
    pair: np.ndarray,
    allowed: np.ndarray,
    allowed_response: np.ndarray,
    tol_response: np.ndarray,
    tol_member: np.ndarray,
    *,
    max_candidates: float,
    rows: np.ndarray | None = None,
    cols: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every pure equilibrium of each sample's pairwise-linear stage.

    Arrays as in :class:`~gametheory.models.linear_stage.LinearStageTables` (with
    tolerances). Returns ``(sample, profile, response, member payoffs)`` of the
    equilibria found, in no particular order. Raises :class:`KernelOverflow` when a
    sample has more than ``max_candidates`` candidate profiles after pruning.
    ``rows``, ``cols`` (K,) of bool: own and counterpart strategies with a nonzero pair
    entry in some sample (None: from ``pair``); the kernel skips the others.

    Examples
    --------
    Two members who each gain 1.5 from joining if the other joins too, and lose 0.5
    joining alone (a critical mass of two); one response:

    >>> n, N, K, R = 1, 2, 2, 1
    >>> own = np.zeros((n, N, K, R)); own[0, :, 1, 0] = -0.5
    >>> pair = np.zeros((n, N, K, N, K)); pair[0, 0, 1, 1, 1] = pair[0, 1, 1, 0, 1] = 1.5
    >>> base, delta = np.zeros((n, R)), np.zeros((n, N, K, R))
    >>> tol_r, tol_m = tolerances(base, delta, own, pair)
    >>> sample, profile, response, payoffs = solve_samples(
    ...     base, delta, own, pair, np.ones((N, K), bool), np.ones(R, bool), tol_r, tol_m,
    ...     max_candidates=1e6)
    >>> sorted(map(tuple, profile.tolist())), payoffs[np.argmax(profile.sum(axis=1))].tolist()
    ([(0, 0), (1, 1)], [1.0, 1.0])
    """
    n, N, K, R = delta.shape
    if rows is None or cols is None:
        nonzero = pair != 0
        rows = nonzero.any(axis=(0, 1, 3, 4))
        cols = nonzero.any(axis=(0, 1, 2, 3))
    tables: Tables = (
        np.ascontiguousarray(base, dtype=np.float64),
        np.ascontiguousarray(delta, dtype=np.float64),
        np.ascontiguousarray(own, dtype=np.float64),
        np.ascontiguousarray(pair, dtype=np.float64),
        np.ascontiguousarray(allowed, dtype=np.bool_),
        np.ascontiguousarray(allowed_response, dtype=np.bool_),
        np.ascontiguousarray(tol_response, dtype=np.float64),
        np.ascontiguousarray(tol_member, dtype=np.float64),
        np.ascontiguousarray(rows, dtype=np.bool_),
        np.ascontiguousarray(cols, dtype=np.bool_),
    )
    capacity = max(16, 2 * n)
    parts = []
    start = 0
    while True:
        out = (
            np.empty(capacity, np.int64),
            np.empty((capacity, N), np.int64),
            np.empty(capacity, np.int64),
            np.empty((capacity, N)),
            np.zeros(1, np.int64),
        )
        status, stop = _solve_all(tables, float(max_candidates), out, start)
        count = int(out[4][0])
        if status == _TOO_MANY:
            raise KernelOverflow(
                f"stage has more than {max_candidates:.0f} candidate profiles after pruning"
            )
        if status == _OK:
            parts.append(tuple(x[:count] for x in out[:4]))
            break
        # the buffer filled up while solving sample ``stop``: keep the samples before
        # it and solve on from it with a larger buffer
        done = out[0][:count] < stop
        parts.append(tuple(x[:count][done] for x in out[:4]))
        start = stop
        capacity *= 4
    return tuple(np.concatenate(p) for p in zip(*parts, strict=True))  # type: ignore[return-value]
