"""Exact pure equilibria of a stage whose members interact pairwise (an aggregative stage).

The kernel of :mod:`gametheory.models.stage` needs members whose payoffs depend on
the others only through the role's counts. Some mechanisms need more: the value of
an alliance to a member grows with the *capability* of the others who join (a
weighted sum of their moves), and a dispute costs a member only if the *other
claimant* joins too (a named counterpart's move). Both are linear in the others'
moves, so a member's payoff is

    V_i(a, r) = own[i, a_i, r] + sum_{j != i} pair[i, a_i, j, a_j]

for the follower's response ``r``, where ``own`` is the payoff when every other
member plays strategy 0 and ``pair[i, k, j, s]`` what member ``j`` playing ``s``
instead of 0 adds (``pair[..., 0] == 0``). The follower's payoff is affine in the
members' moves, as for the count kernel (``base`` and ``delta`` of
:class:`~gametheory.models.stage.StageTables`). The algorithm, vectorised over
samples:

1. **Possible responses** of the follower over boxes of alive strategies
   (the count kernel's bound, reused).
2. **Prune soundly.** Member i's strategy ``s`` is dropped when some allowed ``s'``
   beats it against *every* profile of the others' alive strategies and every
   response they can meet: the worst case of ``own[s', r'] - own[s, r]`` over the
   responses plus ``sum_j min_{a_j alive} (pair[i, s', j, a_j] - pair[i, s, j, a_j])``
   is above the member's tolerance (``TOL`` times the spread of its payoffs, as in
   the count kernel: relative, no absolute floor). Repeated to a fixed point, then again for each assumed response
   ``r*`` (the strategies with which ``r*`` cannot be the follower's best reply are
   dropped as in the count kernel).
3. **Verify exactly** a sample's single remaining profile directly, or else every
   remaining profile to which ``r*`` may respond (built
   member by member with the count kernel's sound partial-profile bound): the
   follower's best response, every member's payoff and every unilateral deviation
   with the follower's best response to it.

Every pure equilibrium is found (the pruning only removes strategies that are never
best replies, and profiles whose response is not the one assumed); the tests compare
with brute-force enumeration.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from dataclasses import dataclass

import numpy as np

from .stage import (
    MAX_CANDIDATES,
    StageSolution,
    StageTables,
    _best_response,
    _check_rule,
    _feasible,
    _grow,
    _pair_diffs,
    _pair_max,
    _possible_responses,
    _short_reduce,
    _subset,
    _tolerance,
    follower_tolerance,
    pick_per_sample,
)

__all__ = ["LinearStageTables", "solve_linear_stage", "use_compiled", "kernel_available"]

#: Candidate profiles verified together in one vectorised pass.
BATCH = 4096


@dataclass
class LinearStageTables:
    """Payoff tables of a stage with pairwise-linear member payoffs, for ``n`` samples.

    Attributes
    ----------
    base, delta : ndarray (n, R), (n, N, K, R)
        The follower's payoff, as in :class:`~gametheory.models.stage.StageTables`.
    own : ndarray (n, N, K, R)
        Member i's payoff when it plays k, every other member plays strategy 0 and
        the follower plays r.
    pair : ndarray (n, N, K, N, K)
        What member j playing s (instead of 0) adds to member i's payoff when i plays
        k; zero for ``j == i`` and for ``s == 0``.
    allowed : ndarray (N, K) of bool
    allowed_response : ndarray (R,) of bool
    tol_response, tol_member : ndarray (n,), (n, N), or None
        Tie tolerances of the follower and of each member per sample; None: computed
        by :func:`solve_linear_stage` (relative to each one's payoff spread).
    nonzero : (list of int, list of int) or None
        Own strategies and counterpart strategies outside which every ``pair`` entry
        is zero (known from the formulas: :class:`.pairwise.PairwiseMembers`; listing
        more is allowed); None: found from ``pair``.
    """

    base: np.ndarray
    delta: np.ndarray
    own: np.ndarray
    pair: np.ndarray
    allowed: np.ndarray
    allowed_response: np.ndarray
    tol_response: np.ndarray | None = None
    tol_member: np.ndarray | None = None
    nonzero: tuple[list[int], list[int]] | None = None

    def sparsity(self) -> tuple[list[int], list[int]]:
        """Own strategies and counterpart strategies with a nonzero pair entry anywhere
        (:attr:`nonzero` when given)."""
        if self.nonzero is not None:
            return self.nonzero
        if getattr(self, "_sparsity", None) is None:
            nz = self.pair != 0
            self._sparsity = (
                [k for k in range(nz.shape[2]) if nz[:, :, k].any()],
                [k for k in range(nz.shape[4]) if nz[..., k].any()],
            )
        return self._sparsity

    def pair_columns(self) -> np.ndarray:
        """``pair[..., cols]`` for the counterpart strategies of :meth:`sparsity` (cached)."""
        if getattr(self, "_pair_columns", None) is None:
            cols = self.sparsity()[1]
            self._pair_columns = np.ascontiguousarray(self.pair[..., cols])
        return self._pair_columns

    def follower_tables(self) -> StageTables:
        """The follower's part as count-kernel tables (member tables are not used)."""
        n, N, K, R = self.delta.shape
        return StageTables(
            base=self.base,
            delta=self.delta,
            member=np.zeros((n, N, K, R, 1)),
            counts=np.zeros((1, K), int),
            allowed=self.allowed,
            allowed_response=self.allowed_response,
            tol_response=self.tol_response,
            tol_member=self.tol_member,
        )


def _with_tolerances(t: LinearStageTables) -> LinearStageTables:
    """``t`` with tolerances: the follower's as in the count kernel; member i's is
    ``TOL`` times the spread of ``own[i, k, r] + sum_j pair[i, k, j, a_j]`` (bounded by
    separable maxima and minima over the others' moves) plus rounding."""
    if t.tol_response is not None and t.tol_member is not None:
        return t
    # one given: kept (as the compiled kernel does), the other computed
    tf = follower_tolerance(t.base, t.delta) if t.tol_response is None else t.tol_response
    n, N, K, R = t.delta.shape
    rows, cols = t.sparsity()
    # maxima and minima over the short strategy axes one slice at a time
    # (:func:`.stage._short_reduce`: the same values as ``.max(axis=...)``, which is
    # many times slower on these shapes), over the nonzero pair entries only (the
    # rest are zeros): the same values as over the whole table
    pmax = np.zeros((n, N, K))  # others at their most
    pmin = np.zeros((n, N, K))
    pair_size = np.zeros((n, N, N))
    if rows and cols:
        part = t.pair[:, :, rows][..., cols]  # (n, N, rows, N, cols)
        zeros = len(cols) < K  # a counterpart strategy with zero entries
        top = _short_reduce(np.maximum, part, 4, fill=-np.inf)
        low = _short_reduce(np.minimum, part, 4, fill=np.inf)
        if zeros:
            top, low = np.maximum(top, 0.0), np.minimum(low, 0.0)
        pmax[:, :, rows] = top.sum(axis=3)
        pmin[:, :, rows] = low.sum(axis=3)
        pair_size = _short_reduce(
            np.maximum, _short_reduce(np.maximum, np.abs(part), 4, fill=0.0), 2, fill=0.0
        )
    own_hi = _short_reduce(np.maximum, t.own, 3, fill=-np.inf)
    own_lo = _short_reduce(np.minimum, t.own, 3, fill=np.inf)
    hi = _short_reduce(np.maximum, own_hi + pmax, 2, fill=-np.inf)  # (n, N)
    lo = _short_reduce(np.minimum, own_lo + pmin, 2, fill=np.inf)
    own_size = _short_reduce(np.maximum, np.abs(t.own), 3, fill=0.0)
    size = _short_reduce(np.maximum, own_size, 2, fill=0.0) + pair_size.sum(axis=2)
    tm = _tolerance(hi, lo, size) if t.tol_member is None else t.tol_member
    return dataclasses.replace(t, tol_response=tf, tol_member=tm)


def _prune(
    t: LinearStageTables, idx: np.ndarray, alive: np.ndarray, on: np.ndarray, dev: np.ndarray
) -> np.ndarray:
    """(S, N, K): ``alive`` without the strategies dominated over the alive box.

    ``on`` (S, N, R): responses a strategy's own profile can meet; ``dev`` (S, N, R):
    responses a deviation can meet.
    """
    every = len(idx) == t.own.shape[0]  # all samples: views, not copies
    own = t.own if every else t.own[idx]  # (S, N, K, R)
    K = own.shape[2]
    hi = _short_reduce(np.maximum, own, 3, on[:, :, None, :], -np.inf)  # (S, N, K)
    lo = _short_reduce(np.minimum, own, 3, dev[:, :, None, :], np.inf)
    rows, cols = t.sparsity()
    pair = None
    if len(cols):
        pc = t.pair_columns()  # (n, N, K, N, C)
        pair = pc if every else pc[idx]
    # a counterpart with an alive strategy outside ``cols`` can contribute 0
    zero_alive = np.any(alive[:, :, [k for k in range(K) if k not in cols]], axis=2)  # (S, N)
    col_alive = alive[:, None, :, :][..., cols] if len(cols) else None  # (S, 1, N, C)
    assert t.tol_member is not None  # _with_tolerances ran
    out = alive.copy()
    for s in range(K):
        for s2 in range(K):
            if s2 == s or not t.allowed[:, s2].any():
                continue
            gap = lo[..., s2] - hi[..., s]  # (S, N)
            if pair is not None and (s in rows or s2 in rows):
                diff = pair[:, :, s2] - pair[:, :, s]  # (S, N, N, C)
                worst = _short_reduce(np.minimum, diff, 3, col_alive, np.inf)
                worst = np.where(zero_alive[:, None, :], np.minimum(worst, 0.0), worst)
                gap = gap + worst.sum(axis=2)
            dominated = (gap > t.tol_member[idx]) & t.allowed[None, :, s2]
            out[..., s] &= ~dominated
    return out


def _verify(
    t: LinearStageTables, b: np.ndarray, prof: np.ndarray, r_star: int | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact check of candidates ``prof`` (B, N) of samples ``b``: (is equilibrium with
    response ``r_star`` (any response if None), response, members' payoffs)."""
    B, N = prof.shape
    K, R = t.delta.shape[2], t.delta.shape[3]
    assert t.tol_response is not None and t.tol_member is not None  # _with_tolerances ran
    members = np.arange(N)
    row = (b[:, None].astype(np.int64) * N + members[None, :]) * K  # (B, N)
    d_all = t.delta.reshape(-1, R)
    d_own = np.take(d_all, row + prof, axis=0)  # (B, N, R)
    T = t.base[b] + d_own.sum(axis=1)  # (B, R)
    r = _best_response(T, t.allowed_response, t.tol_response[b])
    # pair sums S[b, i, k] = sum_j pair[b, i, k, j, prof_j]: only the counterpart
    # strategies with a nonzero entry count, as one batched product with their one-hot
    ks = np.arange(K)
    cols = t.sparsity()[1]
    if cols:
        C = len(cols)
        pc = t.pair_columns()[b].reshape(B, N * K, N * C)
        hot = (prof[:, :, None] == np.asarray(cols)[None, None, :]).astype(float)
        S = np.matmul(pc, hot.reshape(B, N * C, 1)).reshape(B, N, K)
    else:
        S = np.zeros((B, N, K))
    own = t.own[b]  # (B, N, K, R)
    bi = np.arange(B)[:, None]
    on = own[bi, members[None, :], prof, r[:, None]] + S[bi, members[None, :], prof]  # (B, N)
    # deviations: the follower answers each
    Tdev = T[:, None, None, :] - d_own[:, :, None, :] + t.delta[b]  # (B, N, K, R)
    rdev = _best_response(Tdev, t.allowed_response, t.tol_response[b][:, None, None])
    dev = np.take_along_axis(own, rdev[..., None], axis=3)[..., 0] + S  # (B, N, K)
    mask = t.allowed[None] & (ks[None, None, :] != prof[:, :, None])
    gain = np.where(mask, dev - on[:, :, None], -np.inf)
    ok = (gain <= t.tol_member[b][:, :, None]).all(axis=(1, 2))
    if r_star is not None:
        ok &= r == r_star
    return ok, r, on


def solve_linear_stage(
    tables: LinearStageTables,
    *,
    selection: str = "payoff_dominant",
    keep_all: bool = False,
    compiled: bool | None = None,
) -> StageSolution:
    """Every pure equilibrium of a pairwise-linear stage for each sample, and one selected.

    Parameters
    ----------
    tables : LinearStageTables
    selection : {"payoff_dominant", "first", "risk_averse"}
        As in :func:`gametheory.models.stage.solve_stage`.
    keep_all : bool
        Also return every equilibrium of every sample.
    compiled : bool or None
        Run the steps as compiled loops, one sample at a time
        (:mod:`gametheory.models.linear_kernel`, numba) instead of numpy operations
        over all samples; None: :func:`use_compiled`. The same equilibria either way
        (the tests compare them).

    Returns
    -------
    StageSolution

    Examples
    --------
    Two members; each gains 1 from joining only if the other joins too (a critical
    mass of two), and the follower has one response:

    >>> import numpy as np
    >>> n, N, K, R = 1, 2, 2, 1
    >>> own = np.zeros((n, N, K, R)); own[0, :, 1, 0] = -0.5     # joining alone costs 0.5
    >>> pair = np.zeros((n, N, K, N, K)); pair[0, 0, 1, 1, 1] = pair[0, 1, 1, 0, 1] = 1.5
    >>> t = LinearStageTables(base=np.zeros((n, R)), delta=np.zeros((n, N, K, R)), own=own,
    ...                       pair=pair, allowed=np.ones((N, K), bool),
    ...                       allowed_response=np.ones(R, bool))
    >>> sol = solve_linear_stage(t, keep_all=True)
    >>> sol.all_equilibria[0][0].tolist(), sol.profile[0].tolist()
    ([[0, 0], [1, 1]], [1, 1])
    """
    _check_rule(selection)  # an unknown rule would otherwise score like risk_averse
    if compiled is None:
        compiled = use_compiled(tables.delta.shape[0])
    with np.errstate(invalid="ignore"):
        if compiled:
            return _solve_compiled(tables, selection, keep_all)
        return _solve(_with_tolerances(tables), selection, keep_all)


def use_compiled(n: int) -> bool:
    """Whether :func:`solve_linear_stage` runs the compiled kernel for ``n`` samples by
    default: when numba is installed, for batches of samples, and for a single sample
    once the kernel is loaded (importing numba and loading the compiled kernel from
    its cache take a second or two, more than a one-point solve gains from it)."""
    if not kernel_available():
        return False
    return n > 1 or "gametheory.models.linear_kernel" in sys.modules


def kernel_available() -> bool:
    """Whether numba, which the compiled kernel needs, is installed."""
    global _AVAILABLE
    if _AVAILABLE is None:
        _AVAILABLE = importlib.util.find_spec("numba") is not None
    return _AVAILABLE


_AVAILABLE: bool | None = None


def _solve_compiled(t: LinearStageTables, selection: str, keep_all: bool) -> StageSolution:
    """:func:`_solve` by the compiled kernel of :mod:`.linear_kernel`."""
    from . import linear_kernel

    tol_r, tol_m = t.tol_response, t.tol_member
    if tol_r is None or tol_m is None:
        tol_r_k, tol_m_k = linear_kernel.tolerances(t.base, t.delta, t.own, t.pair)
        tol_r = tol_r_k if tol_r is None else tol_r
        tol_m = tol_m_k if tol_m is None else tol_m
    n, N, K, R = t.delta.shape
    found = linear_kernel.solve_samples(
        t.base,
        t.delta,
        t.own,
        t.pair,
        t.allowed,
        t.allowed_response,
        np.asarray(tol_r),
        np.asarray(tol_m),
        max_candidates=MAX_CANDIDATES,
        rows=np.isin(np.arange(K), t.sparsity()[0]),
        cols=np.isin(np.arange(K), t.sparsity()[1]),
    )
    return _collect([found], n, N, K, selection, keep_all, tol_m)


def _solve(t: LinearStageTables, selection: str, keep_all: bool) -> StageSolution:
    n, N, K, R = t.delta.shape
    ft = t.follower_tables()
    alive = np.broadcast_to(t.allowed[None], (n, N, K)).copy()
    # the follower's payoff differences and their maxima over allowed strategies do
    # not change while strategies are pruned: computed once, subset per call
    pairs = _pair_diffs(ft)
    m_allowed = _pair_max(ft, alive, pairs)

    def responses(sub: np.ndarray, box: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if len(sub) == n:
            return _possible_responses(ft, box, m_allowed, pairs)
        return _possible_responses(_subset(ft, sub), box, m_allowed[sub], pairs[sub])

    on, dev = responses(np.arange(n), alive)
    idx = np.arange(n)
    onN = np.broadcast_to(on[:, None, :], (n, N, R))
    assert t.tol_member is not None  # _with_tolerances ran
    # prune to a fixed point, recomputing only the samples that changed: a pass keeps a
    # sample only if it removed one of its strategies (pruning never restores one), so
    # this ends after at most N * K passes, as the compiled kernel's loop does
    while True:
        refined = _prune(t, idx, alive[idx], onN[idx], dev[idx])
        # a sample with a member left without strategies has no equilibrium: done
        changed = _changed(refined, alive[idx])
        alive[idx] = refined
        idx = idx[changed]
        if not idx.size:
            break
        on_s, dev_s = responses(idx, alive[idx])
        on[idx], dev[idx] = on_s, dev_s
        onN = np.broadcast_to(on[:, None, :], (n, N, R))
    found: list[tuple[np.ndarray, ...]] = []
    # a sample left with a single candidate profile is verified directly
    single = np.prod(alive.sum(axis=2), axis=1) == 1
    if single.any():
        ids = np.flatnonzero(single)
        for c0 in range(0, len(ids), BATCH):
            b = ids[c0 : c0 + BATCH]
            cand = np.argmax(alive[b], axis=2)
            ok, r, pay = _verify(t, b, cand, None)
            found.append((b[ok], cand[ok], r[ok], pay[ok]))
    for r_star in range(R):
        samples = np.flatnonzero(on[:, r_star] & ~single)
        if not samples.size:
            continue
        alive_r = alive[samples]
        on_r = np.zeros((len(samples), N, R), bool)
        on_r[..., r_star] = True
        dev_r = dev[samples]
        act = np.arange(len(samples))
        while True:  # to a fixed point, as above
            sub = _subset(ft, samples[act])
            refined = _feasible(sub, alive_r[act], r_star)
            refined = _prune(t, samples[act], refined, on_r[act], dev_r[act])
            changed = _changed(refined, alive_r[act])
            alive_r[act] = refined
            act = act[changed]
            if not act.size:
                break
            dev_r[act] = responses(samples[act], alive_r[act])[1]
        found += _enumerate(t, ft, samples, alive_r, r_star)
    return _collect(found, n, N, K, selection, keep_all, t.tol_member)


def _changed(refined: np.ndarray, before: np.ndarray) -> np.ndarray:
    """(S,) of bool: the samples whose alive strategies pruning changed and in which
    every member keeps one (one left without strategies has no equilibrium: done)."""
    changed: np.ndarray = np.any(refined != before, axis=(1, 2)) & np.all(
        np.any(refined, axis=2), axis=1
    )
    return changed


def _enumerate(
    t: LinearStageTables, ft: StageTables, samples: np.ndarray, alive: np.ndarray, r_star: int
) -> list[tuple[np.ndarray, ...]]:
    sizes = alive.sum(axis=2)
    product = np.prod(sizes.astype(float), axis=1)
    if (product > MAX_CANDIDATES).any():
        raise ValueError(
            f"stage has {product.max():.0f} candidate profiles after pruning, "
            f"more than {MAX_CANDIDATES}"
        )
    order = np.argsort(~alive, axis=2, kind="stable")
    todo = np.flatnonzero(product >= 1)
    out: list[tuple[np.ndarray, ...]] = []
    ends = np.cumsum(product[todo])
    start = 0
    while start < len(todo):
        limit = (ends[start - 1] if start else 0.0) + BATCH
        stop = max(start + 1, int(np.searchsorted(ends, limit, side="right")))
        batch = todo[start:stop]
        start = stop
        local, cand = _grow(ft, samples, batch, sizes, order, alive, r_star)
        if not len(local):
            continue
        for c0 in range(0, len(local), BATCH):
            lb, cb = samples[local[c0 : c0 + BATCH]], cand[c0 : c0 + BATCH]
            ok, r, on = _verify(t, lb, cb, r_star)
            out.append((lb[ok], cb[ok], r[ok], on[ok]))
    return out


def _collect(
    found: list[tuple[np.ndarray, ...]],
    n: int,
    N: int,
    K: int,
    selection: str,
    keep_all: bool,
    tol: np.ndarray,
) -> StageSolution:
    eb = np.concatenate([f[0] for f in found]) if found else np.zeros(0, dtype=int)
    ecand = np.concatenate([f[1] for f in found]) if found else np.zeros((0, N), dtype=int)
    er = np.concatenate([f[2] for f in found]) if found else np.zeros(0, dtype=int)
    eon = np.concatenate([f[3] for f in found]) if found else np.zeros((0, N))
    key = ecand @ (K ** np.arange(N - 1, -1, -1, dtype=np.int64))
    order = np.lexsort((key, eb))
    eb, ecand, er, eon = eb[order], ecand[order], er[order], eon[order]
    n_eq = np.bincount(eb, minlength=n)
    profile = np.full((n, N), -1, dtype=int)
    response = np.full(n, -1, dtype=int)
    payoffs = np.full((n, N), np.nan)
    if len(eb):
        pick = pick_per_sample(eb, eon, selection, n, tol)
        chosen = np.flatnonzero(pick < len(eb))
        profile[chosen] = ecand[pick[chosen]]
        response[chosen] = er[pick[chosen]]
        payoffs[chosen] = eon[pick[chosen]]
    everything = None
    if keep_all:
        everything = [(ecand[eb == b], er[eb == b], eon[eb == b]) for b in range(n)]
    return StageSolution(
        profile=profile,
        response=response,
        member_payoffs=payoffs,
        n_equilibria=n_eq,
        all_equilibria=everything,
    )
