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
from typing import NamedTuple

import numpy as np

__all__ = [
    "StageTables",
    "StageSolution",
    "solve_stage",
    "count_vectors",
    "relative_tolerance",
    "with_tolerances",
    "follower_tolerance",
    "PURE_RULES",
    "select_equilibrium",
    "rule_scores",
    "score_tolerance",
    "pick_per_sample",
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
        return bool(self.member.shape[-1] > 1)

    @property
    def needs_counts(self) -> bool:
        """Whether anything (members or follower) depends on the counts."""
        return self.uses_counts or self.follower_counts is not None


#: One sample's pure equilibria: profiles (E, N), responses (E,), members' payoffs (E, N).
StageEquilibria = tuple[np.ndarray, np.ndarray, np.ndarray]


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
    all_equilibria: list[StageEquilibria] | None = None


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


def follower_tolerance(
    base: np.ndarray, delta: np.ndarray, follower_counts: np.ndarray | None = None
) -> np.ndarray:
    """(n,): the follower's tie tolerance per sample, ``TOL`` times the spread of its
    payoff ``base + sum(delta) (+ follower_counts)`` (bounded by separable maxima and
    minima over the members' strategies) plus rounding; arguments as in
    :class:`StageTables`."""
    d, G = delta, follower_counts
    # maxima and minima over the short strategy axis one slice at a time (the same
    # values as ``d.max(axis=2)``, several times faster on these shapes)
    hi = base + _short_reduce(np.maximum, d, 2, fill=-np.inf).sum(axis=1)  # (n, R)
    lo = base + _short_reduce(np.minimum, d, 2, fill=np.inf).sum(axis=1)
    size = np.abs(base).max(axis=1, initial=0.0) + np.abs(d).max(axis=(2, 3), initial=0.0).sum(1)
    if G is not None:
        hi, lo = hi + G.max(axis=1), lo + G.min(axis=1)
        size = size + np.abs(G).max(axis=(1, 2), initial=0.0)
    return _tolerance(hi.max(axis=1, initial=-np.inf), lo.min(axis=1, initial=np.inf), size)


def with_tolerances(tables: StageTables) -> StageTables:
    """``tables`` with the follower's and the members' tolerances per sample: ``TOL``
    times the spread of each one's payoffs over the tables (the follower's bounded by
    separable maxima and minima), plus rounding."""
    if tables.tol_response is not None and tables.tol_member is not None:
        return tables
    n, N = tables.delta.shape[:2]
    m = tables.member.reshape(n, N, -1)
    return dataclasses.replace(
        tables,
        tol_response=follower_tolerance(tables.base, tables.delta, tables.follower_counts),
        tol_member=relative_tolerance(m, axis=2),
    )


class _CountIndex(NamedTuple):
    """Where a vector of the role's counts sits in ``StageTables.counts``.

    A count vector ``c`` (K counts of at most ``n_members``) is coded as the number
    whose base-``n_members + 1`` digits are its counts, ``c @ weights``; ``lookup``
    maps codes to rows of ``counts`` (-1 for vectors that do not add up).
    """

    lookup: np.ndarray
    weights: np.ndarray

    def __call__(self, counts: np.ndarray) -> np.ndarray:
        """Row of each count vector (..., K) in ``StageTables.counts``."""
        rows: np.ndarray = self.lookup[counts @ self.weights]
        return rows


def _count_index(counts: np.ndarray, n_members: int) -> _CountIndex:
    """The :class:`_CountIndex` of the count vectors ``counts`` (C, K)."""
    base = n_members + 1
    weights = base ** np.arange(counts.shape[1])
    lookup = np.full(base ** counts.shape[1], -1, dtype=np.int64)
    lookup[counts @ weights] = np.arange(len(counts))
    return _CountIndex(lookup, weights)


class _PayoffBounds(NamedTuple):
    """Each member's lowest and highest payoff over the responses a deviation by it can
    meet, for each own strategy and count vector: (n, N, K, C) each."""

    low: np.ndarray
    high: np.ndarray


def _best_response(payoff: np.ndarray, allowed_response: np.ndarray, tol: np.ndarray) -> np.ndarray:
    """Index of the first response within ``tol`` (broadcast to ``payoff.shape[:-1]``:
    the follower's tolerance) of the best, over the last axis."""
    if not allowed_response.all():
        payoff = np.where(allowed_response, payoff, -np.inf)
    n_responses = payoff.shape[-1]
    if n_responses > 8:
        best = payoff.max(axis=-1, keepdims=True)
        first_best: np.ndarray = np.argmax(payoff >= best - np.expand_dims(tol, -1), axis=-1)
        return first_best
    threshold = _short_reduce(np.maximum, payoff, -1) - tol
    # the first response reaching the threshold: columns from the last to the first
    first = np.full(threshold.shape, n_responses - 1, dtype=np.intp)
    for j in range(n_responses - 2, -1, -1):
        first = np.where(payoff[..., j] >= threshold, j, first)
    return first


@dataclass
class _Candidates:
    """Candidate profiles of the stage being verified, and what their checks share.

    Attributes
    ----------
    sample : ndarray (B,)
        The sample of each candidate.
    profile : ndarray (B, N)
        Each member's strategy.
    row : ndarray (B, N)
        Flat index of (sample, member, strategy 0) in the (n, N, K) tables.
    own_change : ndarray (B, N, R)
        ``delta`` at each member's own strategy.
    follower_payoff : ndarray (B, R)
        The follower's payoff for each response.
    response : ndarray (B,)
        The follower's best response.
    counts, count_row : ndarray (B, K) and (B,), or None
        The role's counts and their row in ``StageTables.counts`` (None when nothing
        depends on the counts).
    follower_count_part : ndarray (B, R) or None
        ``follower_counts`` at those counts (None when there is none).
    """

    sample: np.ndarray
    profile: np.ndarray
    row: np.ndarray
    own_change: np.ndarray
    follower_payoff: np.ndarray
    response: np.ndarray
    counts: np.ndarray | None
    count_row: np.ndarray | None
    follower_count_part: np.ndarray | None

    def subset(self, keep: np.ndarray) -> _Candidates:
        """The candidates ``keep`` (indices)."""

        def take(values: np.ndarray | None) -> np.ndarray | None:
            return None if values is None else values[keep]

        return _Candidates(
            self.sample[keep],
            self.profile[keep],
            self.row[keep],
            self.own_change[keep],
            self.follower_payoff[keep],
            self.response[keep],
            take(self.counts),
            take(self.count_row),
            take(self.follower_count_part),
        )


class _DeviationCounts(NamedTuple):
    """For each candidate, member and strategy (B, N, K): the row of the role's counts
    after the member switches to that strategy, for the follower's count part
    (``follower``) and for the member tables (``member``: 0 when they ignore counts)."""

    follower: np.ndarray
    member: np.ndarray


def _verify(
    tables: StageTables,
    sample: np.ndarray,
    profile: np.ndarray,
    count_index: _CountIndex,
    bounds: _PayoffBounds | None = None,
    r_star: int | None = None,
    dense: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check candidate profiles ``profile`` (B, N) of samples ``sample`` (B,).

    With ``bounds``, a deviation whose lowest payoff beats the candidate's rejects it
    outright, and a deviation whose highest payoff does not is never examined: the
    follower's response is computed only for the remaining (member, strategy)
    deviations, gathered across all candidates into one flat vectorised pass.
    ``r_star``: only candidates whose response is ``r_star`` are wanted (the others are
    reported as not equilibria and their deviations never examined). ``dense``
    examines every deviation of every undecided candidate instead (the reference the
    tests compare against).

    Returns (is_equilibrium (B,), response (B,), member payoffs (B, N); NaN payoffs
    for candidates skipped because of ``r_star``).
    """
    assert tables.tol_response is not None  # with_tolerances ran
    n_candidates, n_members = profile.shape
    n_strategies, n_responses = tables.delta.shape[2], tables.delta.shape[3]
    # flat indices: gathers with np.take are much faster than multi-array fancy indexing
    row = (sample[:, None].astype(np.int64) * n_members + np.arange(n_members)) * n_strategies
    own_change = np.take(tables.delta.reshape(-1, n_responses), row + profile, axis=0)
    follower_payoff = tables.base[sample] + _short_reduce(np.add, own_change, 1)  # (B, R)
    counts = count_row = count_part = None
    if tables.needs_counts:
        counts = np.stack([(profile == k).sum(axis=1) for k in range(n_strategies)], axis=1)
        count_row = count_index(counts)  # (B,)
        if tables.follower_counts is not None:
            count_part = tables.follower_counts[sample, count_row]  # (B, R)
            follower_payoff = follower_payoff + count_part
    response = _best_response(follower_payoff, tables.allowed_response, tables.tol_response[sample])
    candidates = _Candidates(
        sample,
        profile,
        row,
        own_change,
        follower_payoff,
        response,
        counts,
        count_row,
        count_part,
    )
    if r_star is not None and not dense:
        # only candidates whose response is r_star are wanted: examine those alone
        keep = np.flatnonzero(response == r_star)
        ok = np.zeros(n_candidates, bool)
        on_path = np.full((n_candidates, n_members), np.nan)
        if keep.size:
            ok[keep], on_path[keep] = _deviations(
                tables, candidates.subset(keep), count_index, bounds, r_star=r_star
            )
        return ok, response, on_path
    ok, on_path = _deviations(tables, candidates, count_index, bounds, dense=dense)
    if r_star is not None:
        ok &= response == r_star
    return ok, response, on_path


def _deviations(
    tables: StageTables,
    candidates: _Candidates,
    count_index: _CountIndex,
    bounds: _PayoffBounds | None,
    *,
    dense: bool = False,
    r_star: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Whether no member gains by deviating (with the follower's response to it), and
    the members' payoffs; the second half of :func:`_verify`.

    ``r_star``: every candidate's response (then, when the members' payoffs do not
    depend on the counts, which deviations are decided by the bounds is looked up per
    sample, member and own strategy rather than worked out per candidate).
    """
    assert tables.tol_member is not None  # with_tolerances ran
    profile, row = candidates.profile, candidates.row
    n_candidates, n_members = profile.shape
    n_strategies, n_responses = tables.delta.shape[2], tables.delta.shape[3]
    n_counts = tables.member.shape[4]
    strategies = np.arange(n_strategies)
    if tables.needs_counts:
        assert candidates.counts is not None  # computed by _verify when counts matter
        switched = (
            candidates.counts[:, None, None, :]
            - (profile[:, :, None, None] == strategies[None, None, None, :])
            + (strategies[None, None, :, None] == strategies[None, None, None, :])
        )  # (B, N, K, K): the counts after member i switches to strategy k
        follower_rows = count_index(switched)  # (B, N, K)
    else:
        follower_rows = np.zeros((n_candidates, n_members, n_strategies), dtype=int)
    if tables.uses_counts:
        assert candidates.count_row is not None
        member_row, member_rows = candidates.count_row, follower_rows
    else:  # member tables: C == 1
        member_row = np.zeros(n_candidates, dtype=int)
        member_rows = np.zeros((n_candidates, n_members, n_strategies), dtype=int)
    switch_counts = _DeviationCounts(follower_rows, member_rows)
    if r_star is not None and n_counts == 1 and bounds is not None and not dense:
        ok, undecided, on_path = _decided_by_bounds(
            tables, candidates.sample, profile, bounds, r_star
        )
        return _undecided(tables, candidates, switch_counts, on_path, ok, undecided), on_path
    member_payoff = tables.member.reshape(-1)
    on_path = np.take(
        member_payoff,
        ((row + profile) * n_responses + candidates.response[:, None]) * n_counts
        + member_row[:, None],
    )  # (B, N)
    can_switch = tables.allowed[None, :, :] & (strategies[None, None, :] != profile[:, :, None])
    if dense:
        return _dense_deviations(
            tables, candidates, switch_counts, bounds, on_path, can_switch
        ), on_path
    threshold = on_path[:, :, None] + tables.tol_member[candidates.sample][:, :, None]
    if bounds is not None:
        if n_counts == 1:  # rows (sample, member) of (., K)
            low = np.take(bounds.low.reshape(-1, n_strategies), row // n_strategies, axis=0)
            high = np.take(bounds.high.reshape(-1, n_strategies), row // n_strategies, axis=0)
        else:
            flat = (row[:, :, None] + strategies[None, None, :]) * n_counts + member_rows
            low = np.take(bounds.low.reshape(-1), flat)
            high = np.take(bounds.high.reshape(-1), flat)
        ok = ~(can_switch & (low > threshold)).any(axis=(1, 2))
        undecided = can_switch & (high > threshold)
        undecided &= ok[:, None, None]
    else:
        ok = np.ones(n_candidates, bool)
        undecided = can_switch
    return _undecided(tables, candidates, switch_counts, on_path, ok, undecided), on_path


def _decided_by_bounds(
    tables: StageTables,
    sample: np.ndarray,
    profile: np.ndarray,
    bounds: _PayoffBounds,
    r_star: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For candidates with response ``r_star`` and count-free member payoffs: (not
    rejected by the bounds (B,), deviations the bounds leave undecided (B, N, K), the
    members' payoffs (B, N)), from tables per (sample, member, own strategy)."""
    assert tables.tol_member is not None  # with_tolerances ran
    n_members = profile.shape[1]
    n_strategies = tables.delta.shape[2]
    distinct, position = np.unique(sample, return_inverse=True)
    own = tables.member[distinct, :, :, r_star, 0]  # (S, N, K)
    threshold = own[..., None] + tables.tol_member[distinct][:, :, None, None]  # (S, N, K, 1)
    # (own strategy, switch to) pairs a member can make
    switch = tables.allowed[None, :, None, :] & ~np.eye(n_strategies, dtype=bool)[None, None]
    rejects = (switch & (bounds.low[distinct, :, None, :, 0] > threshold)).any(axis=3)
    unsure = switch & (bounds.high[distinct, :, None, :, 0] > threshold)  # (S, N, K, K)
    at = (position.reshape(-1, 1) * n_members + np.arange(n_members)) * n_strategies + profile
    ok = ~np.take(rejects.reshape(-1), at).any(axis=1)
    undecided = np.take(unsure.reshape(-1, n_strategies), at, axis=0)  # (B, N, K)
    undecided &= ok[:, None, None]
    return ok, undecided, np.take(own.reshape(-1), at)


def _undecided(
    tables: StageTables,
    candidates: _Candidates,
    switch_counts: _DeviationCounts,
    on_path: np.ndarray,
    ok: np.ndarray,
    undecided: np.ndarray,
) -> np.ndarray:
    """``ok`` with the candidates rejected for which an ``undecided`` deviation (B, N, K)
    gains more than the member's tolerance given the follower's response to it."""
    assert tables.tol_response is not None and tables.tol_member is not None  # with_tolerances ran
    n_members = candidates.row.shape[1]
    n_responses = tables.delta.shape[3]
    n_counts = tables.member.shape[4]
    flat = np.flatnonzero(undecided)  # much faster than a 3-d np.nonzero
    if flat.size:
        # the deviations whose outcome depends on the follower's response to them
        member_of, strategy = np.divmod(flat, undecided.shape[2])  # (candidate, member), k
        candidate, _ = np.divmod(member_of, n_members)
        follower_payoff = (
            np.take(candidates.follower_payoff, candidate, axis=0)
            - np.take(candidates.own_change.reshape(-1, n_responses), member_of, axis=0)
            + np.take(
                tables.delta.reshape(-1, n_responses),
                candidates.row.reshape(-1)[member_of] + strategy,
                axis=0,
            )
        )
        if tables.follower_counts is not None:
            assert candidates.follower_count_part is not None
            follower_payoff = (
                follower_payoff
                + tables.follower_counts[
                    candidates.sample[candidate], switch_counts.follower.reshape(-1)[flat]
                ]
                - np.take(candidates.follower_count_part, candidate, axis=0)
            )
        answer = _best_response(
            follower_payoff,
            tables.allowed_response,
            tables.tol_response[candidates.sample[candidate]],
        )
        at = (candidates.row.reshape(-1)[member_of] + strategy) * n_responses + answer
        if n_counts > 1:
            at = at * n_counts + switch_counts.member.reshape(-1)[flat]
        payoff = np.take(tables.member.reshape(-1), at)
        tol = tables.tol_member[candidates.sample].reshape(-1)[member_of]
        ok[candidate[payoff - on_path.reshape(-1)[member_of] > tol]] = False
    return ok


def _dense_deviations(
    tables: StageTables,
    candidates: _Candidates,
    switch_counts: _DeviationCounts,
    bounds: _PayoffBounds | None,
    on_path: np.ndarray,
    can_switch: np.ndarray,
) -> np.ndarray:
    """Every deviation of every member of each undecided candidate (the reference check)."""
    assert tables.tol_response is not None and tables.tol_member is not None  # with_tolerances ran
    sample, row = candidates.sample, candidates.row
    n_strategies, n_responses = tables.delta.shape[2], tables.delta.shape[3]
    n_counts = tables.member.shape[4]
    strategies = np.arange(n_strategies)
    member_payoff = tables.member.reshape(-1)
    tol = tables.tol_member[sample][:, :, None]  # (B, N, 1)
    ok = np.ones(len(sample), bool)
    todo = np.arange(len(sample))
    if bounds is not None:
        flat = (row[:, :, None] + strategies[None, None, :]) * n_counts + switch_counts.member
        low = np.take(bounds.low.reshape(-1), flat)  # (B, N, K)
        high = np.take(bounds.high.reshape(-1), flat)
        sure_bad = (can_switch & (low > on_path[:, :, None] + tol)).any(axis=(1, 2))
        sure_ok = (~can_switch | (high <= on_path[:, :, None] + tol)).all(axis=(1, 2))
        ok = ~sure_bad
        todo = np.flatnonzero(~sure_bad & ~sure_ok)
    if todo.size:
        todo_sample = sample[todo]
        follower_payoff = (
            candidates.follower_payoff[todo, None, None, :]
            - candidates.own_change[todo, :, None, :]
            + tables.delta[todo_sample]
        )  # (t, N, K, R)
        if tables.follower_counts is not None:
            assert candidates.follower_count_part is not None
            follower_payoff = (
                follower_payoff
                + tables.follower_counts[todo_sample[:, None, None], switch_counts.follower[todo]]
                - candidates.follower_count_part[todo, None, None, :]
            )
        answer = _best_response(
            follower_payoff,
            tables.allowed_response,
            tables.tol_response[todo_sample][:, None, None],
        )
        payoff = np.take(
            member_payoff,
            ((row[todo][:, :, None] + strategies[None, None, :]) * n_responses + answer) * n_counts
            + switch_counts.member[todo],
        )  # (t, N, K)
        gain = np.where(can_switch[todo], payoff - on_path[todo, :, None], -np.inf)
        ok[todo] = (gain <= tol[todo]).all(axis=(1, 2))
    return ok


def _short_reduce(
    func: np.ufunc, x: np.ndarray, axis: int, mask: np.ndarray | None = None, fill: float = 0.0
) -> np.ndarray:
    """``func.reduce`` of ``x`` over a short ``axis`` (where ``mask``, else ``fill``).

    The same as ``func.reduce(x, axis, where=mask, initial=fill)`` for ``maximum``,
    ``minimum`` and ``add`` (the same operations in the same order, so bit for bit),
    but one elementwise ``func`` per slice along ``axis``. Every reduction of the
    kernel runs over an axis of a few entries (members' strategies, the follower's
    responses, a dozen members) of arrays with many thousand rows, where numpy's
    reductions are slow: measured on the kernel's shapes (numpy 2.4, 8,192 x 3
    responses; 1,000 x 12 x 3 x 3 x 3 pair tables), ``np.maximum.reduce(..., where=,
    initial=)`` takes 2.3 times, ``.sum(axis=1)`` 2.5 times and ``.max(axis=-1)`` with
    ``argmax`` 5-9 times as long as this loop, which would make the stage solver about
    twice as slow. ``mask`` has the number of dimensions of ``x`` and broadcasts
    against it.

    Examples
    --------
    >>> x = np.array([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    >>> _short_reduce(np.maximum, x, 1).tolist(), _short_reduce(np.add, x, 0).tolist()
    ([5.0, 6.0], [5.0, 7.0, 9.0])
    >>> _short_reduce(np.maximum, x, 1, x < 5, -np.inf).tolist()
    [3.0, 4.0]
    """
    out = None
    lead: tuple[slice | int, ...] = (slice(None),) * (axis % x.ndim)
    for j in range(x.shape[axis]):
        value = x[(*lead, j)]
        where = None if mask is None else mask[(*lead, j if mask.shape[axis] > 1 else 0)]
        if out is None:
            out = value.copy() if where is None else np.where(where, value, fill)
        elif where is None:
            func(out, value, out=out)
        else:
            func(out, value, out=out, where=where)  # in place where the mask holds
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
    every: np.ndarray = out & allowed_response
    return every


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
    diffs: np.ndarray = d[..., :, None] - d[..., None, :]
    return diffs


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
    assert tables.tol_response is not None  # with_tolerances ran
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


def _count_part_max(tables: StageTables) -> np.ndarray:
    """(n, R, R): the largest ``G_r - G_r2`` over all count vectors (zeros without G)."""
    G = tables.follower_counts
    if G is None:
        R = tables.base.shape[1]
        return np.zeros((tables.base.shape[0], R, R))
    largest: np.ndarray = (G[:, :, :, None] - G[:, :, None, :]).max(axis=1)
    return largest


def _feasible(tables: StageTables, alive: np.ndarray, r_star: int) -> np.ndarray:
    """Drop strategies with which ``r_star`` cannot be the follower's best response.

    ``r_star`` must beat every other allowed response; with member i playing ``s`` and
    the others their best ``alive`` strategies for ``r_star``, if it still cannot, no
    profile of ``alive`` strategies with i playing ``s`` has response ``r_star``.
    """
    assert tables.tol_response is not None  # with_tolerances ran
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

    ``own`` is dropped when an allowed ``other`` gives more at its worst (over responses in
    ``dev``) than ``own`` at its best (over responses in ``on``, (n, N, R)), against the
    same others.
    """
    assert tables.tol_member is not None  # with_tolerances ran
    member_payoff = tables.member  # (n, N, K, R, C)
    n, N, K, R, C = member_payoff.shape
    best_case = _short_reduce(
        np.maximum, member_payoff, 3, on[:, :, None, :, None], -np.inf
    )  # (n, N, K, C)
    worst_case = _short_reduce(np.minimum, member_payoff, 3, dev[:, :, None, :, None], np.inf)
    alive = alive.copy()
    if C == 1:
        for own in range(K):
            for other in range(K):
                if other == own or not tables.allowed[:, other].any():
                    continue
                dominated = (
                    worst_case[..., other, 0] > best_case[..., own, 0] + tables.tol_member
                ) & tables.allowed[None, :, other]
                alive[..., own] &= ~dominated
        return alive
    counts = tables.counts
    count_index = _count_index(counts, N)
    for own in range(K):
        with_own = np.flatnonzero(counts[:, own] >= 1)  # count vectors in which someone plays own
        for other in range(K):
            if other == own:
                continue
            shifted = counts[with_own].copy()
            shifted[:, own] -= 1
            shifted[:, other] += 1
            shifted_rows = count_index(shifted)
            better = (
                worst_case[:, :, other][:, :, shifted_rows]
                > best_case[:, :, own][:, :, with_own] + tables.tol_member[..., None]
            )
            dominated = better.all(axis=2) & tables.allowed[None, :, other]
            alive[..., own] &= ~dominated
    return alive


#: Rules that choose among pure equilibria from their payoffs alone (``payoff-dominant``
#: is the same rule as ``payoff_dominant``, in the spelling of gametheory.selection).
PURE_RULES = ("payoff_dominant", "payoff-dominant", "first", "risk_averse")


def select_equilibrium(rule: str, payoffs: np.ndarray, tol: np.ndarray | None = None) -> int:
    """Index of the chosen equilibrium among rows of ``payoffs`` (E, movers).

    ``tol`` (movers,): the movers' tolerances (default: :func:`relative_tolerance` of
    their payoffs over the rows); scores within :func:`score_tolerance` are ties.

    Examples
    --------
    >>> payoffs = np.array([[1.0, 1.0], [3.0, 0.0], [2.0, 2.0]])   # three equilibria
    >>> [select_equilibrium(rule, payoffs) for rule in ("first", "payoff_dominant", "risk_averse")]
    [0, 2, 2]
    """
    _check_rule(rule)
    if rule == "first" or len(payoffs) == 1:
        return 0
    score = rule_scores(rule, payoffs)
    if tol is None:
        tol = relative_tolerance(payoffs, axis=0)
    return int(np.argmax(score >= score.max() - score_tolerance(rule, tol)))


def _check_rule(rule: str) -> None:
    """Raise ValueError unless ``rule`` is one of :data:`PURE_RULES`."""
    if rule not in PURE_RULES:
        raise ValueError(
            f"rule {rule!r} does not choose among pure equilibria by their "
            f"payoffs; rules: {', '.join(PURE_RULES)}"
        )


def score_tolerance(rule: str, tol: np.ndarray) -> np.ndarray:
    """Ties of :func:`rule_scores`, from the movers' tolerances ``tol`` (..., movers):
    their sum for a total, their largest for a minimum."""
    tol = np.asarray(tol)
    if rule in ("payoff_dominant", "payoff-dominant"):
        total: np.ndarray = tol.sum(axis=-1)
        return total
    largest: np.ndarray = tol.max(axis=-1, initial=0.0)
    return largest


def rule_scores(rule: str, payoffs: np.ndarray) -> np.ndarray:
    """The score a pure rule maximises, one per equilibrium row of ``payoffs`` (E, movers):
    0 for ``first`` (so the first listed wins), the movers' total for payoff dominance,
    the worst-off mover's payoff otherwise (``risk_averse``)."""
    if rule == "first":
        return np.zeros(len(payoffs))
    if rule in ("payoff_dominant", "payoff-dominant"):
        total: np.ndarray = payoffs.sum(axis=1)
        return total
    worst: np.ndarray = payoffs.min(axis=1)
    return worst


def pick_per_sample(
    sample: np.ndarray, payoffs: np.ndarray, rule: str, n: int, tol: np.ndarray
) -> np.ndarray:
    """For each of ``n`` samples, the row of its chosen equilibrium under ``rule``.

    ``sample[e]`` is the sample of equilibrium row ``e`` (rows of a sample in listing
    order); a sample without equilibria gets ``len(sample)``. ``tol`` (n, movers): the
    movers' tolerances; ties within :func:`score_tolerance` of the best score go to
    the first listed, as in :func:`select_equilibrium`.
    """
    score = rule_scores(rule, payoffs)
    best = np.full(n, -np.inf)
    np.maximum.at(best, sample, score)
    good = score >= best[sample] - score_tolerance(rule, tol)[sample]
    pick = np.full(n, len(sample))
    np.minimum.at(pick, sample[good], np.flatnonzero(good))
    return pick


def _enumerate(
    tables: StageTables,
    samples: np.ndarray,
    alive: np.ndarray,
    r_star: int,
    count_index: _CountIndex,
    bounds: _PayoffBounds | None = None,
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
    out: list[tuple[np.ndarray, ...]] = []
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
        ok, r, on = _verify(tables, samples[local], cand, count_index, bounds, r_star, dense)
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
    assert tables.tol_response is not None  # with_tolerances ran
    N = sizes.shape[1]
    batch_samples = samples[batch]
    others = [r for r in range(tables.delta.shape[3]) if r != r_star and tables.allowed_response[r]]
    if not others:
        return _product(batch, sizes, order)
    delta = tables.delta[batch_samples]
    advantage = delta[..., r_star][..., None] - delta[..., others]  # (S, N, K, O)
    best = _short_reduce(np.maximum, advantage, 2, alive[batch][..., None], -np.inf)  # (S, N, O)
    later_best = np.zeros((len(batch), N + 1, len(others)))
    for i in range(N - 1, -1, -1):
        later_best[:, i] = later_best[:, i + 1] + best[:, i]
    so_far = (
        tables.base[batch_samples, r_star][:, None] - tables.base[batch_samples][:, others]
    )  # (S, O)
    if tables.follower_counts is not None:
        so_far = so_far + _count_part_max(_subset(tables, batch_samples))[:, r_star, others]
    sizes_b, order_b = sizes[batch], order[batch]
    rows = np.arange(len(batch))  # partial -> batch row
    parents, moves = [], []  # per member: index of the parent partial, move
    for i in range(N):
        n_options = sizes_b[rows, i]
        parent = None  # None: the same rows
        if (n_options == 1).all():
            move = order_b[rows, i, 0]
        else:
            parent = np.repeat(np.arange(len(rows)), n_options)
            rows, so_far = rows[parent], so_far[parent]
            first = np.cumsum(n_options) - n_options
            move = order_b[rows, i, np.arange(len(rows)) - first[parent]]
        so_far = so_far + advantage[rows, i, move]
        slack = so_far + later_best[rows, i + 1]  # (P, O)
        floor = -tables.tol_response[batch_samples[rows]]
        keep = slack[:, 0] >= floor
        for o in range(1, slack.shape[1]):
            keep &= slack[:, o] >= floor
        if not keep.all():
            kept = np.flatnonzero(keep)
            rows, so_far, move = rows[kept], so_far[kept], move[kept]
            parent = kept if parent is None else parent[kept]
        parents.append(parent)
        moves.append(move)
        if not len(rows):
            break
    cand = np.empty((len(rows), N), dtype=int)
    if len(rows):
        at = np.arange(len(rows))
        for i in range(N - 1, -1, -1):
            cand[:, i] = moves[i][at]
            parent_rows = parents[i]
            if parent_rows is not None:
                at = parent_rows[at]
    return batch[rows], cand


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
    _check_rule(selection)  # an unknown rule would otherwise score like risk_averse
    with np.errstate(invalid="ignore"):  # -inf - -inf where a member has no strategy left
        return _solve_stage(with_tolerances(tables), selection, keep_all, reference)


def _solve_stage(
    tables: StageTables, selection: str, keep_all: bool, dense: bool = False
) -> StageSolution:
    assert tables.tol_member is not None  # with_tolerances ran
    n, N, K, R = tables.delta.shape
    count_index = (
        _count_index(tables.counts, N)
        if tables.needs_counts
        else _CountIndex(np.zeros(1, dtype=np.int64), np.zeros(K, dtype=int))
    )
    alive = np.broadcast_to(tables.allowed[None], (n, N, K)).copy()
    pairs = _pair_diffs(tables)  # (n, N, K, R, R)
    m_allowed = _pair_max(tables, alive, pairs)
    on, dev = _possible_responses(tables, alive, m_allowed, pairs, m_allowed)  # alive: allowed
    # Prune to a fixed point, recomputing only the samples that changed. Each pass
    # removes at least one strategy from every sample it keeps active (pruning never
    # restores one), so this ends after at most N * K passes.
    active = np.arange(n)
    while active.size:
        sub = _subset(tables, active)
        refined = _survivors(sub, dev[active], dev[active], alive[active])
        changed = (refined != alive[active]).any(axis=(1, 2))
        alive[active] = refined
        active = active[changed]
        if active.size:
            on[active], dev[active] = _possible_responses(
                _subset(tables, active), alive[active], m_allowed[active], pairs[active]
            )
    bounds = _PayoffBounds(
        low=_short_reduce(np.minimum, tables.member, 3, dev[:, :, None, :, None], np.inf),
        high=_short_reduce(np.maximum, tables.member, 3, dev[:, :, None, :, None], -np.inf),
    )
    profile = np.full((n, N), -1, dtype=int)
    response = np.full(n, -1, dtype=int)
    payoffs = np.full((n, N), np.nan)
    found: list[tuple[np.ndarray, ...]] = []
    # a sample left with a single candidate profile is verified directly
    single = np.prod(alive.sum(axis=2), axis=1) == 1
    if single.any():
        idx = np.flatnonzero(single)
        cand = np.argmax(alive[idx], axis=2)
        ok, r, pay = _verify(tables, idx, cand, count_index, bounds, dense=dense)
        found.append((idx[ok], cand[ok], r[ok], pay[ok]))
    # for each on-path response r*: prune again knowing it (to a fixed point, as above),
    # enumerate, keep the profiles whose response really is r*
    for r_star in range(R):
        samples = np.flatnonzero(on[:, r_star] & ~single)
        if not samples.size:
            continue
        on_r = np.zeros((len(samples), N, R), bool)
        on_r[..., r_star] = True
        alive_r, dev_r = alive[samples], dev[samples]
        act = np.arange(len(samples))
        while act.size:
            sub = _subset(tables, samples[act])
            refined = _feasible(sub, _survivors(sub, on_r[act], dev_r[act], alive_r[act]), r_star)
            changed = (refined != alive_r[act]).any(axis=(1, 2))
            alive_r[act] = refined
            act = act[changed]
            if act.size:
                dev_r[act] = _possible_responses(
                    _subset(tables, samples[act]),
                    alive_r[act],
                    m_allowed[samples[act]],
                    pairs[samples[act]],
                )[1]
        found += _enumerate(tables, samples, alive_r, r_star, count_index, bounds, dense)
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
        pick = pick_per_sample(eb, eon, selection, n, tables.tol_member)
        chosen = np.flatnonzero(pick < len(eb))
        profile[chosen] = ecand[pick[chosen]]
        response[chosen] = er[pick[chosen]]
        payoffs[chosen] = eon[pick[chosen]]
    everything: list[StageEquilibria] | None = None
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
