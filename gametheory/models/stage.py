"""All pure equilibria of a role's simultaneous stage followed by one best-responding player.

This is the fast kernel behind sequential models such as "the US chooses; the 12
states choose simultaneously; China responds". It never builds the ``K**N``
profiles of the stage. Instead, vectorised over parameter samples:

1. **Tabulate the follower.** The follower's payoff must be affine in the role
   members' moves (checked symbolically when the model is compiled), so it is
   ``T_r(a) = base_r + sum_i delta[i, a_i, r]``: one evaluation at the profile where
   everyone plays the first strategy plus one per (member, other strategy).
2. **Tabulate the members.** A member's payoff may depend on others only through the
   counts ``count(ROLE, s)`` / ``others(ROLE, s)``, so it is a table
   ``U[i, own, response, counts]`` computed in one broadcast call of the role formula.
3. **Prune soundly.** A response ``r`` is possible only if, for every other response,
   the largest achievable advantage (a separable maximum over members) is not
   negative. A member's strategy ``s`` is dropped when another strategy ``s'`` gives
   more in its *worst* possible case (any possible response, the same others) than
   ``s`` gives in its *best*: such an ``s`` is never a best reply.
4. **Verify exactly.** Every profile in the product of the remaining strategies to
   which the assumed response ``r*`` can be the follower's best reply is checked: the
   follower's best response to it, each member's payoff, and each member's every
   deviation *with the follower's best response to the deviation*. The profiles are
   built member by member, dropping a partial profile as soon as ``r*`` cannot win
   whatever the remaining members play (a sound bound). A deviation whose payoff is
   below the member's whatever the follower answers (over the responses it can
   meet) needs no follower response and is not computed; one that beats it whatever
   the answer rejects the profile; the follower's response is computed only for the
   rest, gathered over all candidates and samples into one flat vectorised pass.

Steps 3 and 4 together find every pure equilibrium (the pruning only removes
strategies that are never best replies, and profiles whose response is not the one
assumed). When the remaining product is a single profile, which is the usual case,
verification is one vectorised pass over all samples. Ties: the follower's best
response is the first strategy whose payoff is within the follower's tolerance of the
maximum (the same rule as everywhere in this package). Tolerances are relative, per
player and sample: ``TOL`` times the player's payoff spread over the stage's tables,
plus rounding at the payoffs' magnitude (:func:`relative_tolerance`), with no absolute
floor, so the stage scaled by 1e-12 or 1e12 has the same equilibria. ``solve_stage(..., reference=True)`` builds
the whole product and examines every deviation of every undecided candidate; the
tests check that it gives the same result.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass

import numpy as np

__all__ = [
    "StageTables",
    "StageSolution",
    "solve_stage",
    "relative_tolerance",
    "TOL",
    "MAX_CANDIDATES",
]

#: Payoff differences up to ``TOL`` times the player's payoff spread are ties.
TOL = 1e-9
#: Plus rounding: this many units in the last place of the payoffs' magnitude.
ROUNDING = 64 * np.finfo(float).eps
#: Largest number of candidate profiles enumerated for one sample.
MAX_CANDIDATES = 3**13
#: Candidate profiles verified together in one vectorised pass.
BATCH = 8192


@dataclass
class StageTables:
    """Payoff tables of one stage for ``n`` samples.

    Attributes
    ----------
    base : ndarray (n, R)
        Follower's payoff for each response when every member plays strategy 0.
    delta : ndarray (n, N, K, R)
        Change in the follower's payoff when member i plays k instead of 0.
    member : ndarray (n, N, K, R, C)
        Member i's payoff when it plays k, the follower plays r, and the role's
        strategy counts are count vector c (``C == 1`` when counts do not matter).
    counts : ndarray (C, K) of int
        The count vectors (``[[0]*K]`` placeholder when ``C == 1``).
    allowed : ndarray (N, K) of bool
        Strategies members may use (``fix`` pins some).
    allowed_response : ndarray (R,) of bool
    follower_counts : ndarray (n, C, R) or None
        A part of the follower's payoff that depends on the role's counts (count vector
        ``counts[c]``), added to ``base + sum(delta)``; None when there is none.
    tol_response, tol_member : ndarray (n,), (n, N), or None
        The follower's and each member's tie tolerance per sample; None: computed by
        :func:`solve_stage` from the tables (:func:`relative_tolerance`).
    """

    base: np.ndarray
    delta: np.ndarray
    member: np.ndarray
    counts: np.ndarray
    allowed: np.ndarray
    allowed_response: np.ndarray
    follower_counts: np.ndarray | None = None
    tol_response: np.ndarray | None = None
    tol_member: np.ndarray | None = None

    @property
    def uses_counts(self) -> bool:
        """Whether the members' payoffs depend on the counts."""
        return self.member.shape[-1] > 1

    @property
    def needs_counts(self) -> bool:
        """Whether anything (members or follower) depends on the counts."""
        return self.uses_counts or self.follower_counts is not None


@dataclass
class StageSolution:
    """Per sample: the selected equilibrium and how many pure equilibria there are.

    ``profile[b]`` is -1 everywhere and ``response[b]`` -1 when sample ``b`` has no
    pure equilibrium. ``all_equilibria`` (when requested) lists, per sample, an array
    of profiles (E, N), their responses (E,) and the members' payoffs (E, N).
    """

    profile: np.ndarray
    response: np.ndarray
    member_payoffs: np.ndarray
    n_equilibria: np.ndarray
    all_equilibria: list | None = None


def count_vectors(n_members: int, n_strategies: int) -> np.ndarray:
    """All vectors of ``n_strategies`` non-negative counts adding up to ``n_members``."""
    out = [
        c
        for c in itertools.product(range(n_members + 1), repeat=n_strategies)
        if sum(c) == n_members
    ]
    return np.array(out, dtype=int)


def _tolerance(hi: np.ndarray, lo: np.ndarray, size: np.ndarray) -> np.ndarray:
    """``TOL * (hi - lo) + ROUNDING * size`` without overflow; 0 where not finite."""
    with np.errstate(over="ignore", invalid="ignore"):
        tol = 2 * TOL * (0.5 * hi - 0.5 * lo) + ROUNDING * size
    return np.where(np.isfinite(tol) & (tol > 0), tol, 0.0)


def relative_tolerance(u: np.ndarray, axis: int | tuple[int, ...] = -1) -> np.ndarray:
    """The tie tolerance of payoffs ``u`` compared along ``axis``: ``TOL`` times their
    spread plus rounding at their magnitude (non-finite entries are ignored).

    The same convention as the normal-form solvers (``tol`` times the player's payoff
    spread, :func:`gametheory.solvers._common.payoff_scales`), with no absolute floor:
    payoffs times 1e-12 have tolerances times 1e-12.

    Examples
    --------
    >>> u = np.array([[0.0, 2e-12], [5.0, 7.0]])
    >>> [f"{t:.4g}" for t in relative_tolerance(u)], [f"{t:.4g}" for t in relative_tolerance(u * 1e-12)]
    (['2e-21', '2e-09'], ['2e-33', '2e-21'])
    """
    u = np.asarray(u, dtype=float)
    fin = np.isfinite(u)
    hi = np.where(fin, u, -np.inf).max(axis=axis)
    lo = np.where(fin, u, np.inf).min(axis=axis)
    size = np.where(fin, np.abs(u), 0.0).max(axis=axis)
    return _tolerance(hi, lo, size)


def _with_tolerances(tables: StageTables) -> StageTables:
    """``tables`` with the follower's and the members' tolerances per sample: ``TOL``
    times the spread of each one's payoffs over the tables (the follower's bounded by
    separable maxima and minima), plus rounding."""
    if tables.tol_response is not None and tables.tol_member is not None:
        return tables
    d, base, G = tables.delta, tables.base, tables.follower_counts
    hi = base + d.max(axis=2).sum(axis=1)  # (n, R)
    lo = base + d.min(axis=2).sum(axis=1)
    size = np.abs(base).max(axis=1, initial=0.0) + np.abs(d).max(axis=(2, 3), initial=0.0).sum(1)
    if G is not None:
        hi, lo = hi + G.max(axis=1), lo + G.min(axis=1)
        size = size + np.abs(G).max(axis=(1, 2), initial=0.0)
    n, N = d.shape[:2]
    m = tables.member.reshape(n, N, -1)
    return dataclasses.replace(
        tables,
        tol_response=_tolerance(
            hi.max(axis=1, initial=-np.inf), lo.min(axis=1, initial=np.inf), size
        ),
        tol_member=relative_tolerance(m, axis=2),
    )


def _count_index(counts: np.ndarray, n_members: int) -> tuple[np.ndarray, np.ndarray]:
    """Lookup table code -> index, and the base used for codes."""
    base = n_members + 1
    k = counts.shape[1]
    weights = base ** np.arange(k)
    lut = np.full(base**k, -1, dtype=np.int64)
    lut[counts @ weights] = np.arange(len(counts))
    return lut, weights


def _best_response(T: np.ndarray, allowed_response: np.ndarray, tol: np.ndarray) -> np.ndarray:
    """Index of the first response within ``tol`` (broadcast to ``T.shape[:-1]``: the
    follower's tolerance) of the best, over the last axis."""
    if not allowed_response.all():
        T = np.where(allowed_response, T, -np.inf)
    R = T.shape[-1]
    if R > 8:
        best = T.max(axis=-1, keepdims=True)
        return np.argmax(T >= best - np.expand_dims(tol, -1), axis=-1)
    # a few responses: elementwise over columns is several times faster than a
    # reduction over a short last axis (and gives the same, exact, maximum)
    cols = [T[..., j] for j in range(R)]
    best = cols[0]
    for c in cols[1:]:
        best = np.maximum(best, c)
    thr = best - tol
    out = np.full(best.shape, R - 1, dtype=np.intp)
    for j in range(R - 2, -1, -1):
        out = np.where(cols[j] >= thr, j, out)
    return out


def _verify(
    tables: StageTables,
    b: np.ndarray,
    prof: np.ndarray,
    lut: np.ndarray,
    weights: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray] | None = None,
    r_star: int | None = None,
    dense: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check candidate profiles ``prof`` (B, N) of samples ``b`` (B,).

    ``bounds`` = (lowest, highest) payoff of member i playing k against counts c over
    the responses a deviation by i can meet, shape (n, N, K, C). With them, a
    deviation whose lowest payoff beats the candidate's rejects it outright, and a
    deviation whose highest payoff does not is never examined: the follower's response
    is computed only for the remaining (member, strategy) deviations, gathered across
    all candidates into one flat vectorised pass. ``r_star``: only candidates whose
    response is ``r_star`` are wanted (the others are reported as not equilibria and
    their deviations never examined). ``dense`` examines every deviation of every
    undecided candidate instead (the reference the tests compare against).

    Returns (is_equilibrium (B,), response (B,), member payoffs (B, N); NaN payoffs
    for candidates skipped because of ``r_star``).
    """
    B, N = prof.shape
    K = tables.delta.shape[2]
    members = np.arange(N)
    R = tables.delta.shape[3]
    # flat indices: gathers with np.take are much faster than multi-array fancy indexing
    row = (b[:, None].astype(np.int64) * N + members[None, :]) * K  # (B, N): (b, i, 0)
    d_own = np.take(tables.delta.reshape(-1, R), row + prof, axis=0)  # (B, N, R)
    T = tables.base[b] + _sum_members(d_own)  # (B, R)
    G = tables.follower_counts
    cidx = cnt = g_on = None
    if tables.needs_counts:
        cnt = np.zeros((B, K), dtype=int)
        for k in range(K):
            cnt[:, k] = (prof == k).sum(axis=1)
        cidx = lut[cnt @ weights]  # (B,)
        if G is not None:
            g_on = G[b, cidx]  # (B, R)
            T = T + g_on
    r = _best_response(T, tables.allowed_response, tables.tol_response[b])  # (B,)
    if r_star is not None and not dense:
        # only candidates whose response is r_star are wanted: examine those alone
        keep = np.flatnonzero(r == r_star)
        ok_all = np.zeros(B, bool)
        on_all = np.full((B, N), np.nan)
        if keep.size:
            kept = _deviations(
                tables,
                b[keep],
                prof[keep],
                bounds,
                row[keep],
                d_own[keep],
                T[keep],
                r[keep],
                None if cnt is None else cnt[keep],
                None if cidx is None else cidx[keep],
                None if g_on is None else g_on[keep],
                lut,
                weights,
                False,
                r_star,
            )
            ok_all[keep], on_all[keep] = kept
        return ok_all, r, on_all
    ok, on = _deviations(
        tables, b, prof, bounds, row, d_own, T, r, cnt, cidx, g_on, lut, weights, dense
    )
    if r_star is not None:
        ok &= r == r_star
    return ok, r, on


def _sum_members(d: np.ndarray) -> np.ndarray:
    """``d.sum(axis=1)`` for (B, N, R): the same additions in the same order, faster."""
    total = d[:, 0].copy()
    for j in range(1, d.shape[1]):
        total += d[:, j]
    return total


def _deviations(
    tables: StageTables,
    b: np.ndarray,
    prof: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray] | None,
    row: np.ndarray,
    d_own: np.ndarray,
    T: np.ndarray,
    r: np.ndarray,
    cnt: np.ndarray | None,
    cidx: np.ndarray | None,
    g_on: np.ndarray | None,
    lut: np.ndarray,
    weights: np.ndarray,
    dense: bool,
    r_star: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Whether no member gains by deviating (with the follower's response to it), and
    the members' payoffs; the pieces of :func:`_verify` for candidates ``prof``.

    ``r_star``: every candidate's response (then, when the members' payoffs do not
    depend on the counts, which deviations are decided by the bounds is looked up per
    sample, member and own strategy rather than worked out per candidate).
    """
    B, N = prof.shape
    K, R = tables.delta.shape[2], tables.delta.shape[3]
    C = tables.member.shape[4]
    ks = np.arange(K)
    if tables.needs_counts:
        cdev = (
            cnt[:, None, None, :]
            - (prof[:, :, None, None] == ks[None, None, None, :])
            + (ks[None, None, :, None] == ks[None, None, None, :])
        )  # (B, N, K, K)
        cdev_idx = lut[cdev @ weights]  # (B, N, K)
    else:
        cdev_idx = np.zeros((B, N, K), dtype=int)
    if not tables.uses_counts:  # member tables: C == 1
        m_cidx = np.zeros(B, dtype=int)
        m_cdev = np.zeros((B, N, K), dtype=int)
    else:
        m_cidx, m_cdev = cidx, cdev_idx
    U = tables.member.reshape(-1)
    if r_star is not None and C == 1 and bounds is not None and not dense:
        ok, undecided, on = _decided_by_bounds(tables, b, prof, bounds, r_star)
        return _undecided(tables, b, row, d_own, T, g_on, cdev_idx, m_cdev, on, ok, undecided), on
    on = np.take(U, ((row + prof) * R + r[:, None]) * C + m_cidx[:, None])  # (B, N)
    mask = tables.allowed[None, :, :] & (ks[None, None, :] != prof[:, :, None])
    if dense:
        return _dense_deviations(
            tables, b, bounds, row, d_own, T, g_on, cdev_idx, m_cdev, on, mask
        ), on
    thr = on[:, :, None] + tables.tol_member[b][:, :, None]  # (B, N, 1)
    if bounds is not None:
        lo_b, hi_b = bounds
        if C == 1:  # rows (b, i) of (., K)
            lo = np.take(lo_b.reshape(-1, K), row // K, axis=0)  # (B, N, K)
            hi = np.take(hi_b.reshape(-1, K), row // K, axis=0)
        else:
            flat = (row[:, :, None] + ks[None, None, :]) * C + m_cdev
            lo, hi = np.take(lo_b.reshape(-1), flat), np.take(hi_b.reshape(-1), flat)
        ok = ~(mask & (lo > thr)).any(axis=(1, 2))
        undecided = mask & (hi > thr)
        undecided &= ok[:, None, None]
    else:
        ok = np.ones(B, bool)
        undecided = mask
    return _undecided(tables, b, row, d_own, T, g_on, cdev_idx, m_cdev, on, ok, undecided), on


def _decided_by_bounds(
    tables: StageTables,
    b: np.ndarray,
    prof: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray],
    r_star: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For candidates with response ``r_star`` and count-free member payoffs: (not
    rejected by the bounds (B,), deviations the bounds leave undecided (B, N, K), the
    members' payoffs (B, N)), from tables per (sample, member, own strategy)."""
    B, N = prof.shape
    K = tables.delta.shape[2]
    uniq, inv = np.unique(b, return_inverse=True)
    on_t = tables.member[uniq, :, :, r_star, 0]  # (S, N, K)
    thr = on_t[..., None] + tables.tol_member[uniq][:, :, None, None]  # (S, N, K, 1)
    can = tables.allowed[None, :, None, :] & ~np.eye(K, dtype=bool)[None, None]  # own, dev
    bad_t = (can & (bounds[0][uniq, :, None, :, 0] > thr)).any(axis=3)  # (S, N, K)
    und_t = can & (bounds[1][uniq, :, None, :, 0] > thr)  # (S, N, K, K)
    sel = (inv.reshape(-1, 1) * N + np.arange(N)) * K + prof  # (B, N)
    ok = ~np.take(bad_t.reshape(-1), sel).any(axis=1)
    undecided = np.take(und_t.reshape(-1, K), sel, axis=0)  # (B, N, K)
    undecided &= ok[:, None, None]
    return ok, undecided, np.take(on_t.reshape(-1), sel)


def _undecided(
    tables: StageTables,
    b: np.ndarray,
    row: np.ndarray,
    d_own: np.ndarray,
    T: np.ndarray,
    g_on: np.ndarray | None,
    cdev_idx: np.ndarray,
    m_cdev: np.ndarray,
    on: np.ndarray,
    ok: np.ndarray,
    undecided: np.ndarray,
) -> np.ndarray:
    """``ok`` with the candidates rejected for which an ``undecided`` deviation (B, N, K)
    gains more than the member's tolerance given the follower's response to it."""
    N = row.shape[1]
    R = tables.delta.shape[3]
    C = tables.member.shape[4]
    G = tables.follower_counts
    U = tables.member.reshape(-1)
    flat = np.flatnonzero(undecided)  # much faster than a 3-d np.nonzero
    if flat.size:
        # the deviations whose outcome depends on the follower's response to them
        ci, k = np.divmod(flat, undecided.shape[2])
        c, i = np.divmod(ci, N)
        Tdev = (
            np.take(T, c, axis=0)
            - np.take(d_own.reshape(-1, R), ci, axis=0)
            + np.take(tables.delta.reshape(-1, R), row.reshape(-1)[ci] + k, axis=0)
        )
        if G is not None:
            Tdev = Tdev + G[b[c], cdev_idx.reshape(-1)[flat]] - np.take(g_on, c, axis=0)
        rdev = _best_response(Tdev, tables.allowed_response, tables.tol_response[b[c]])  # (m,)
        at = (row.reshape(-1)[ci] + k) * R + rdev
        if C > 1:
            at = at * C + m_cdev.reshape(-1)[flat]
        dev = np.take(U, at)
        ok[c[dev - on.reshape(-1)[ci] > tables.tol_member[b].reshape(-1)[ci]]] = False
    return ok


def _dense_deviations(
    tables: StageTables,
    b: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray] | None,
    row: np.ndarray,
    d_own: np.ndarray,
    T: np.ndarray,
    g_on: np.ndarray | None,
    cdev_idx: np.ndarray,
    m_cdev: np.ndarray,
    on: np.ndarray,
    mask: np.ndarray,
) -> np.ndarray:
    """Every deviation of every member of each undecided candidate (the reference check)."""
    B = len(b)
    K, R = tables.delta.shape[2], tables.delta.shape[3]
    C = tables.member.shape[4]
    ks = np.arange(K)
    G = tables.follower_counts
    U = tables.member.reshape(-1)
    ok = np.ones(B, bool)
    todo = np.arange(B)
    if bounds is not None:
        lo_b, hi_b = bounds
        flat = (row[:, :, None] + ks[None, None, :]) * C + m_cdev
        lo, hi = np.take(lo_b.reshape(-1), flat), np.take(hi_b.reshape(-1), flat)  # (B, N, K)
        tm = tables.tol_member[b][:, :, None]
        sure_bad = (mask & (lo > on[:, :, None] + tm)).any(axis=(1, 2))
        sure_ok = (~mask | (hi <= on[:, :, None] + tm)).all(axis=(1, 2))
        ok = ~sure_bad
        todo = np.flatnonzero(~sure_bad & ~sure_ok)
    if todo.size:
        bt = b[todo]
        d_t = tables.delta[bt]  # (t, N, K, R)
        Tdev = T[todo, None, None, :] - d_own[todo, :, None, :] + d_t
        if G is not None:
            Tdev = Tdev + G[bt[:, None, None], cdev_idx[todo]] - g_on[todo, None, None, :]
        rdev = _best_response(Tdev, tables.allowed_response, tables.tol_response[bt][:, None, None])
        dev = np.take(
            U, ((row[todo][:, :, None] + ks[None, None, :]) * R + rdev) * C + m_cdev[todo]
        )  # (t, N, K)
        gain = np.where(mask[todo], dev - on[todo, :, None], -np.inf)
        ok[todo] = (gain <= tables.tol_member[bt][:, :, None]).all(axis=(1, 2))
    return ok


def _short_reduce(
    func: np.ufunc, x: np.ndarray, axis: int, mask: np.ndarray | None = None, fill: float = 0.0
) -> np.ndarray:
    """``func.reduce`` of ``x`` over a short ``axis`` (where ``mask``, else ``fill``).

    The same as ``func.reduce(x, axis, where=mask, initial=fill)`` for ``maximum`` /
    ``minimum`` (exact either way), but elementwise over the slices, which is several
    times faster than numpy's reductions over an axis of 2-4 entries. ``mask`` has the
    number of dimensions of ``x`` and broadcasts against it.
    """
    out = None
    lead = (slice(None),) * (axis % x.ndim)
    for j in range(x.shape[axis]):
        v = x[(*lead, j)]
        if mask is None:
            out = v if out is None else func(out, v)
            continue
        m = mask[(*lead, j if mask.shape[axis] > 1 else 0)]
        if out is None:
            out = np.where(m, v, fill)
        else:
            func(out, v, out=out, where=m)  # in place where m
    if out is None:  # an empty axis
        shape = list(x.shape)
        del shape[axis % x.ndim]
        return np.full(shape, fill)
    return out


def _all_others(cond: np.ndarray, allowed_response: np.ndarray) -> np.ndarray:
    """``cond[..., r, r2]`` for every allowed ``r2 != r``; (..., R) bool."""
    R = cond.shape[-1]
    out = np.ones(cond.shape[:-1], bool)
    for r2 in range(R):
        if not allowed_response[r2]:
            continue
        c = cond[..., r2]
        c[..., r2] = True
        out &= c
    return out & allowed_response


def _pair_max(tables: StageTables, mask: np.ndarray, pairs: np.ndarray | None = None) -> np.ndarray:
    """(n, N, R, R): each member's largest contribution to ``T_r - T_r2`` over ``mask``.

    ``pairs``: the differences ``delta[..., r] - delta[..., r2]``, (n, N, K, R, R), if
    already computed (see :func:`_pair_diffs`).
    """
    if pairs is None:
        pairs = _pair_diffs(tables)
    return _short_reduce(np.maximum, pairs, 2, mask[..., None, None], -np.inf)


def _pair_diffs(tables: StageTables) -> np.ndarray:
    """(n, N, K, R, R): ``delta[n, i, k, r] - delta[n, i, k, r2]``."""
    d = tables.delta
    return d[..., :, None] - d[..., None, :]


def _possible_responses(
    tables: StageTables,
    alive: np.ndarray,
    m_allowed: np.ndarray | None = None,
    pairs: np.ndarray | None = None,
    m_alive: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Responses the follower could choose (supersets).

    Returns ``(on, dev)``: ``on`` (n, R) at profiles of ``alive`` strategies; ``dev``
    (n, N, R) at profiles where member i may use any allowed strategy and the others
    ``alive`` ones (what a deviation by i can lead to). ``m_allowed``, ``m_alive`` and
    ``pairs``: :func:`_pair_max` over allowed / alive strategies and
    :func:`_pair_diffs`, when already known.
    """
    n, N, K, R = tables.delta.shape
    if pairs is None:
        pairs = _pair_diffs(tables)
    if m_alive is None:
        m_alive = _pair_max(tables, alive, pairs)
    if m_allowed is None:
        m_allowed = _pair_max(tables, np.broadcast_to(tables.allowed[None], alive.shape), pairs)
    base = tables.base[:, :, None] - tables.base[:, None, :]  # (n, R, R)
    total = base + m_alive.sum(axis=1) + _count_part_max(tables)  # (n, R, R)
    dev = total[:, None] - m_alive + m_allowed  # (n, N, R, R)
    tf = tables.tol_response[:, None, None]
    on = _all_others(total >= -tf, tables.allowed_response)
    dv = _all_others(dev >= -tf[:, None], tables.allowed_response)
    return on, dv


def _subset(tables: StageTables, idx: np.ndarray) -> StageTables:
    """The tables of samples ``idx`` (increasing sample indices; all of them: no copy)."""
    if len(idx) == tables.base.shape[0]:
        return tables
    G = tables.follower_counts
    return StageTables(
        base=tables.base[idx],
        delta=tables.delta[idx],
        member=tables.member[idx],
        counts=tables.counts,
        allowed=tables.allowed,
        allowed_response=tables.allowed_response,
        follower_counts=None if G is None else G[idx],
        tol_response=None if tables.tol_response is None else tables.tol_response[idx],
        tol_member=None if tables.tol_member is None else tables.tol_member[idx],
    )


def _count_part_max(tables: StageTables) -> np.ndarray | float:
    """(n, R, R): the largest ``G_r - G_r2`` over all count vectors (0 without G)."""
    G = tables.follower_counts
    if G is None:
        return 0.0
    return (G[:, :, :, None] - G[:, :, None, :]).max(axis=1)


def _feasible(tables: StageTables, alive: np.ndarray, r_star: int) -> np.ndarray:
    """Drop strategies with which ``r_star`` cannot be the follower's best response.

    ``r_star`` must beat every other allowed response; with member i playing ``s`` and
    the others their best ``alive`` strategies for ``r_star``, if it still cannot, no
    profile of ``alive`` strategies with i playing ``s`` has response ``r_star``.
    """
    d = tables.delta[..., r_star][..., None] - tables.delta  # (n, N, K, R)
    m = _short_reduce(np.maximum, d, 2, alive[..., None], -np.inf)  # (n, N, R)
    total = tables.base[:, r_star][:, None] - tables.base + m.sum(axis=1)  # (n, R)
    if tables.follower_counts is not None:
        total = total + _count_part_max(tables)[:, r_star, :]
    slack = total[:, None, None, :] - m[:, :, None, :] + d  # (n, N, K, R)
    for r in range(slack.shape[-1]):
        if r != r_star and tables.allowed_response[r]:
            alive = alive & (slack[..., r] >= -tables.tol_response[:, None, None])
    return alive


def _survivors(
    tables: StageTables, on: np.ndarray, dev: np.ndarray, alive: np.ndarray
) -> np.ndarray:
    """(n, N, K) bool: the strategies of ``alive`` that may still be best replies.

    ``s`` is dropped when an allowed ``s'`` gives more at its worst (over responses in
    ``dev``) than ``s`` at its best (over responses in ``on``, (n, N, R)), against the
    same others.
    """
    U = tables.member  # (n, N, K, R, C)
    n, N, K, R, C = U.shape
    umax = _short_reduce(np.maximum, U, 3, on[:, :, None, :, None], -np.inf)  # (n, N, K, C)
    umin = _short_reduce(np.minimum, U, 3, dev[:, :, None, :, None], np.inf)
    alive = alive.copy()
    if C == 1:
        for s in range(K):
            for s2 in range(K):
                if s2 == s or not tables.allowed[:, s2].any():
                    continue
                dominated = (
                    umin[..., s2, 0] > umax[..., s, 0] + tables.tol_member
                ) & tables.allowed[None, :, s2]
                alive[..., s] &= ~dominated
        return alive
    counts = tables.counts
    lut, weights = _count_index(counts, N)
    for s in range(K):
        cs = np.flatnonzero(counts[:, s] >= 1)  # c with c_s >= 1
        for s2 in range(K):
            if s2 == s:
                continue
            shifted = counts[cs].copy()
            shifted[:, s] -= 1
            shifted[:, s2] += 1
            c2 = lut[shifted @ weights]
            better = (
                umin[:, :, s2][:, :, c2] > umax[:, :, s][:, :, cs] + tables.tol_member[..., None]
            )
            dominated = better.all(axis=2) & tables.allowed[None, :, s2]
            alive[..., s] &= ~dominated
    return alive


#: Rules that choose among pure equilibria from their payoffs alone (``payoff-dominant``
#: is the same rule as ``payoff_dominant``, in the spelling of gametheory.selection).
PURE_RULES = ("payoff_dominant", "payoff-dominant", "first", "risk_averse")


def _select(rule: str, payoffs: np.ndarray, tol: np.ndarray | None = None) -> int:
    """Index of the chosen equilibrium among rows of ``payoffs`` (E, movers).

    ``tol`` (movers,): the movers' tolerances (default: :func:`relative_tolerance` of
    their payoffs over the rows); scores within :func:`_score_tolerance` are ties."""
    if rule not in PURE_RULES:
        raise ValueError(
            f"rule {rule!r} does not choose among pure equilibria by their "
            f"payoffs; rules: {', '.join(PURE_RULES)}"
        )
    if rule == "first" or len(payoffs) == 1:
        return 0
    score = _rule_scores(rule, payoffs)
    if tol is None:
        tol = relative_tolerance(payoffs, axis=0)
    return int(np.argmax(score >= score.max() - _score_tolerance(rule, tol)))


def _score_tolerance(rule: str, tol: np.ndarray) -> np.ndarray:
    """Ties of :func:`_rule_scores`, from the movers' tolerances ``tol`` (..., movers):
    their sum for a total, their largest for a minimum."""
    if rule in ("payoff_dominant", "payoff-dominant"):
        return np.asarray(tol).sum(axis=-1)
    return np.asarray(tol).max(axis=-1, initial=0.0)


def _rule_scores(rule: str, payoffs: np.ndarray) -> np.ndarray:
    """The score a pure rule maximises, one per equilibrium row of ``payoffs`` (E, movers):
    0 for ``first`` (so the first listed wins), the movers' total for payoff dominance,
    the worst-off mover's payoff otherwise (``risk_averse``)."""
    if rule == "first":
        return np.zeros(len(payoffs))
    if rule in ("payoff_dominant", "payoff-dominant"):
        return payoffs.sum(axis=1)
    return payoffs.min(axis=1)


def _pick_per_sample(
    sample: np.ndarray, payoffs: np.ndarray, rule: str, n: int, tol: np.ndarray
) -> np.ndarray:
    """For each of ``n`` samples, the row of its chosen equilibrium under ``rule``.

    ``sample[e]`` is the sample of equilibrium row ``e`` (rows of a sample in listing
    order); a sample without equilibria gets ``len(sample)``. ``tol`` (n, movers): the
    movers' tolerances; ties within :func:`_score_tolerance` of the best score go to
    the first listed, as in :func:`_select`.
    """
    score = _rule_scores(rule, payoffs)
    best = np.full(n, -np.inf)
    np.maximum.at(best, sample, score)
    good = score >= best[sample] - _score_tolerance(rule, tol)[sample]
    pick = np.full(n, len(sample))
    np.minimum.at(pick, sample[good], np.flatnonzero(good))
    return pick


def _enumerate(
    tables: StageTables,
    samples: np.ndarray,
    alive: np.ndarray,
    r_star: int,
    lut: np.ndarray,
    weights: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray] | None = None,
    dense: bool = False,
) -> list[tuple[np.ndarray, ...]]:
    """Verify every profile in the product of ``alive`` strategies of each sample.

    Returns ``[(sample, profile, response, payoffs), ...]`` arrays of the equilibria
    whose response is ``r_star``. The profiles are built member by member, for all
    samples of a batch at once (at most ``BATCH`` profiles), and a partial profile is
    dropped as soon as ``r_star`` cannot be the follower's best response to any of its
    completions (its advantage over another response, plus the largest the remaining
    members can add, is below minus the follower's tolerance). ``dense`` builds the whole product instead.
    """
    n_sub, N, K = alive.shape
    sizes = alive.sum(axis=2)
    product = np.prod(sizes.astype(float), axis=1)
    if (product > MAX_CANDIDATES).any():
        raise ValueError(
            f"stage has {product.max():.0f} candidate profiles after pruning, "
            f"more than {MAX_CANDIDATES}"
        )
    order = np.argsort(~alive, axis=2, kind="stable")  # alive strategies first
    todo = np.flatnonzero(product >= 1)
    if not todo.size:
        return []
    # batches of samples with at most BATCH candidate profiles in all (or one sample)
    ends = np.cumsum(product[todo])
    out = []
    start = 0
    while start < len(todo):
        limit = (ends[start - 1] if start else 0.0) + BATCH
        stop = max(start + 1, int(np.searchsorted(ends, limit, side="right")))
        batch = todo[start:stop]
        start = stop
        if dense:
            local, cand = _product(batch, sizes, order)
        else:
            local, cand = _grow(tables, samples, batch, sizes, order, alive, r_star)
        if not len(local):
            continue
        ok, r, on = _verify(tables, samples[local], cand, lut, weights, bounds, r_star, dense)
        out.append((samples[local][ok], cand[ok], r[ok], on[ok]))
    return out


def _product(
    batch: np.ndarray,
    sizes: np.ndarray,
    order: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Every profile of alive strategies of the samples ``batch`` (sample, profile)."""
    N = sizes.shape[1]
    counts_b = np.prod(sizes[batch], axis=1).astype(np.int64)
    local = np.repeat(batch, counts_b)
    first = np.concatenate([[0], np.cumsum(counts_b)[:-1]])
    t = np.arange(len(local)) - np.repeat(first, counts_b)
    cand = np.empty((len(local), N), dtype=int)
    for i in range(N - 1, -1, -1):
        size_i = sizes[local, i]
        cand[:, i] = order[local, i, t % size_i]
        t //= size_i
    return local, cand


def _grow(
    tables: StageTables,
    samples: np.ndarray,
    batch: np.ndarray,
    sizes: np.ndarray,
    order: np.ndarray,
    alive: np.ndarray,
    r_star: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The profiles of alive strategies of ``batch`` to which ``r_star`` may respond.

    Partial profiles of members ``0..j`` are extended one member at a time; one is
    kept only if, for every other allowed response ``r``, the follower's advantage of
    ``r_star`` over ``r`` so far plus the largest the later members can add is at
    least minus the follower's tolerance (a necessary condition, as in :func:`_feasible`).
    """
    N = sizes.shape[1]
    sb = samples[batch]
    others = [r for r in range(tables.delta.shape[3]) if r != r_star and tables.allowed_response[r]]
    if not others:
        return _product(batch, sizes, order)
    d = tables.delta[sb]
    adv = d[..., r_star][..., None] - d[..., others]  # (S, N, K, O)
    best = _short_reduce(np.maximum, adv, 2, alive[batch][..., None], -np.inf)  # (S, N, O)
    rest = np.zeros((len(batch), N + 1, len(others)))
    for i in range(N - 1, -1, -1):
        rest[:, i] = rest[:, i + 1] + best[:, i]
    acc = tables.base[sb, r_star][:, None] - tables.base[sb][:, others]  # (S, O)
    if tables.follower_counts is not None:
        acc = acc + _count_part_max(_subset(tables, sb))[:, r_star, others]
    sizes_b, order_b = sizes[batch], order[batch]
    pos = np.arange(len(batch))  # partial -> batch row
    parents, moves = [], []  # per member: index of the parent partial, move
    for i in range(N):
        rep = sizes_b[pos, i]
        parent = None  # None: the same rows
        if (rep == 1).all():
            k = order_b[pos, i, 0]
        else:
            parent = np.repeat(np.arange(len(pos)), rep)
            pos, acc = pos[parent], acc[parent]
            first = np.cumsum(rep) - rep
            k = order_b[pos, i, np.arange(len(pos)) - first[parent]]
        acc = acc + adv[pos, i, k]
        slack = acc + rest[pos, i + 1]  # (P, O)
        tf = -tables.tol_response[sb[pos]]
        keep = slack[:, 0] >= tf
        for o in range(1, slack.shape[1]):
            keep &= slack[:, o] >= tf
        if not keep.all():
            sel = np.flatnonzero(keep)
            pos, acc, k = pos[sel], acc[sel], k[sel]
            parent = sel if parent is None else parent[sel]
        parents.append(parent)
        moves.append(k)
        if not len(pos):
            break
    cand = np.empty((len(pos), N), dtype=int)
    if len(pos):
        ptr = np.arange(len(pos))
        for i in range(N - 1, -1, -1):
            cand[:, i] = moves[i][ptr]
            if parents[i] is not None:
                ptr = parents[i][ptr]
    return batch[pos], cand


def solve_stage(
    tables: StageTables,
    *,
    selection: str = "payoff_dominant",
    keep_all: bool = False,
    reference: bool = False,
) -> StageSolution:
    """Find every pure equilibrium of the stage for each sample and select one.

    Parameters
    ----------
    tables : StageTables
    selection : {"payoff_dominant", "first", "risk_averse"}
        ``payoff_dominant``: highest sum of the members' payoffs; ``first``: first in
        lexicographic order of the members' strategies; ``risk_averse``: highest
        minimum payoff among members. Ties go to the first.
    keep_all : bool
        Also return every equilibrium of every sample.
    reference : bool
        Examine every deviation of every candidate that the payoff bounds leave
        undecided, for candidates with any response, instead of only the deviations
        that need it. Slower, the same result; the tests compare the two.

    Returns
    -------
    StageSolution

    Examples
    --------
    Two members who each gain 1 from joining unless the follower coerces (response 1),
    which it does when both join:

    >>> import numpy as np
    >>> n, N, K, R = 1, 2, 2, 2
    >>> delta = np.zeros((n, N, K, R)); delta[0, :, 1, 1] = 1.0   # joining favours coercion
    >>> base = np.array([[0.0, -1.5]])                            # coercion costs 1.5
    >>> member = np.zeros((n, N, K, R, 1)); member[0, :, 1, 0, 0] = 1.0; member[0, :, 1, 1, 0] = -1.0
    >>> t = StageTables(base=base, delta=delta, member=member, counts=np.zeros((1, K), int),
    ...                 allowed=np.ones((N, K), bool), allowed_response=np.ones(R, bool))
    >>> sol = solve_stage(t, keep_all=True)
    >>> int(sol.n_equilibria[0]), sol.all_equilibria[0][0].tolist()
    (2, [[0, 1], [1, 0]])
    """
    with np.errstate(invalid="ignore"):  # -inf - -inf where a member has no strategy left
        return _solve_stage(_with_tolerances(tables), selection, keep_all, reference)


def _solve_stage(
    tables: StageTables, selection: str, keep_all: bool, dense: bool = False
) -> StageSolution:
    n, N, K, R = tables.delta.shape
    lut, weights = (
        _count_index(tables.counts, N)
        if tables.needs_counts
        else (np.zeros(1, dtype=np.int64), np.zeros(K, dtype=int))
    )
    alive = np.broadcast_to(tables.allowed[None], (n, N, K)).copy()
    pairs = _pair_diffs(tables)  # (n, N, K, R, R)
    m_allowed = _pair_max(tables, alive, pairs)
    on, dev = _possible_responses(tables, alive, m_allowed, pairs, m_allowed)  # alive: allowed
    active = np.arange(n)
    for _ in range(8):  # prune to a fixed point (changed samples only)
        sub = _subset(tables, active)
        refined = _survivors(sub, dev[active], dev[active], alive[active])
        changed = (refined != alive[active]).any(axis=(1, 2))
        alive[active] = refined
        active = active[changed]
        if not active.size:
            break
        on[active], dev[active] = _possible_responses(
            _subset(tables, active), alive[active], m_allowed[active], pairs[active]
        )
    U = tables.member
    bounds = (
        _short_reduce(np.minimum, U, 3, dev[:, :, None, :, None], np.inf),
        _short_reduce(np.maximum, U, 3, dev[:, :, None, :, None], -np.inf),
    )
    profile = np.full((n, N), -1, dtype=int)
    response = np.full(n, -1, dtype=int)
    payoffs = np.full((n, N), np.nan)
    found: list[tuple[np.ndarray, ...]] = []
    # for each on-path response r*: prune again knowing it, enumerate, keep profiles
    # whose response really is r*
    # a sample left with a single candidate profile is verified directly
    single = np.prod(alive.sum(axis=2), axis=1) == 1
    if single.any():
        idx = np.flatnonzero(single)
        cand = np.argmax(alive[idx], axis=2)
        ok, r, pay = _verify(tables, idx, cand, lut, weights, bounds, dense=dense)
        found.append((idx[ok], cand[ok], r[ok], pay[ok]))
    for r_star in range(R):
        samples = np.flatnonzero(on[:, r_star] & ~single)
        if not samples.size:
            continue
        on_r = np.zeros((len(samples), N, R), bool)
        on_r[..., r_star] = True
        alive_r, dev_r = alive[samples], dev[samples]
        act = np.arange(len(samples))
        for _ in range(8):
            sub = _subset(tables, samples[act])
            refined = _feasible(sub, _survivors(sub, on_r[act], dev_r[act], alive_r[act]), r_star)
            changed = (refined != alive_r[act]).any(axis=(1, 2))
            alive_r[act] = refined
            act = act[changed]
            if not act.size:
                break
            dev_r[act] = _possible_responses(
                _subset(tables, samples[act]),
                alive_r[act],
                m_allowed[samples[act]],
                pairs[samples[act]],
            )[1]
        found += _enumerate(tables, samples, alive_r, r_star, lut, weights, bounds, dense)
    eb = np.concatenate([f[0] for f in found]) if found else np.zeros(0, dtype=int)
    ecand = np.concatenate([f[1] for f in found]) if found else np.zeros((0, N), dtype=int)
    er = np.concatenate([f[2] for f in found]) if found else np.zeros(0, dtype=int)
    eon = np.concatenate([f[3] for f in found]) if found else np.zeros((0, N))
    # lexicographic order of profiles within each sample
    key = ecand @ (K ** np.arange(N - 1, -1, -1, dtype=np.int64)) if N else np.zeros(len(eb))
    order = np.lexsort((key, eb))
    eb, ecand, er, eon = eb[order], ecand[order], er[order], eon[order]
    n_eq = np.bincount(eb, minlength=n)
    if len(eb):
        pick = _pick_per_sample(eb, eon, selection, n, tables.tol_member)
        chosen = np.flatnonzero(pick < len(eb))
        profile[chosen] = ecand[pick[chosen]]
        response[chosen] = er[pick[chosen]]
        payoffs[chosen] = eon[pick[chosen]]
    everything: list | None = None
    if keep_all:
        everything = []
        for b in range(n):
            sel = eb == b
            everything.append((ecand[sel], er[sel], eon[sel]))
    return StageSolution(
        profile=profile,
        response=response,
        member_payoffs=payoffs,
        n_equilibria=n_eq,
        all_equilibria=everything,
    )
