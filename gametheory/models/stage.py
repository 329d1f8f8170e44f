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
4. **Verify exactly.** Every profile in the product of the remaining strategies is
   checked: the follower's best response to it, each member's payoff, and each
   member's every deviation *with the follower's best response to the deviation*.

Steps 3 and 4 together find every pure equilibrium (the pruning only removes
strategies that are never best replies). When the remaining product is a single
profile, which is the usual case, verification is one vectorised pass over all
samples. Ties: the follower's best response is the first strategy whose payoff is
within ``TOL`` of the maximum (the same rule as everywhere in this package).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

__all__ = ["StageTables", "StageSolution", "solve_stage", "TOL", "MAX_CANDIDATES"]

#: Payoff differences smaller than this are ties.
TOL = 1e-9
#: Largest number of candidate profiles enumerated for one sample.
MAX_CANDIDATES = 3**13


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
    """

    base: np.ndarray
    delta: np.ndarray
    member: np.ndarray
    counts: np.ndarray
    allowed: np.ndarray
    allowed_response: np.ndarray

    @property
    def uses_counts(self) -> bool:
        return self.member.shape[-1] > 1


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
    out = [c for c in itertools.product(range(n_members + 1), repeat=n_strategies)
           if sum(c) == n_members]
    return np.array(out, dtype=int)


def _count_index(counts: np.ndarray, n_members: int) -> tuple[np.ndarray, np.ndarray]:
    """Lookup table code -> index, and the base used for codes."""
    base = n_members + 1
    k = counts.shape[1]
    weights = base ** np.arange(k)
    lut = np.full(base**k, -1, dtype=np.int64)
    lut[counts @ weights] = np.arange(len(counts))
    return lut, weights


def _best_response(T: np.ndarray, allowed_response: np.ndarray) -> np.ndarray:
    T = np.where(allowed_response, T, -np.inf)
    best = T.max(axis=-1, keepdims=True)
    return np.argmax(T >= best - TOL, axis=-1)


def _verify(tables: StageTables, b: np.ndarray, prof: np.ndarray,
            lut: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check candidate profiles ``prof`` (B, N) of samples ``b`` (B,).

    Returns (is_equilibrium (B,), response (B,), member payoffs (B, N)).
    """
    B, N = prof.shape
    K = tables.delta.shape[2]
    members = np.arange(N)
    d_b = tables.delta[b]                                            # (B, N, K, R)
    d_own = np.take_along_axis(d_b, prof[:, :, None, None], axis=2)[:, :, 0, :]  # (B, N, R)
    T = tables.base[b] + d_own.sum(axis=1)                           # (B, R)
    r = _best_response(T, tables.allowed_response)                   # (B,)
    if tables.uses_counts:
        cnt = np.zeros((B, K), dtype=int)
        for k in range(K):
            cnt[:, k] = (prof == k).sum(axis=1)
        cidx = lut[cnt @ weights]                                    # (B,)
    else:
        cnt = None
        cidx = np.zeros(B, dtype=int)
    U = tables.member
    on = U[b[:, None], members[None, :], prof, r[:, None], cidx[:, None]]  # (B, N)
    # every deviation of every member, with the follower's response to it
    Tdev = T[:, None, None, :] - d_own[:, :, None, :] + d_b          # (B, N, K, R)
    rdev = _best_response(Tdev, tables.allowed_response)             # (B, N, K)
    if cnt is not None:
        ks = np.arange(K)
        cdev = (cnt[:, None, None, :]
                - (prof[:, :, None, None] == ks[None, None, None, :])
                + (ks[None, None, :, None] == ks[None, None, None, :]))  # (B, N, K, K)
        cdev_idx = lut[cdev @ weights]                               # (B, N, K)
    else:
        cdev_idx = np.zeros((B, N, K), dtype=int)
    dev = U[b[:, None, None], members[None, :, None], np.arange(K)[None, None, :], rdev,
            cdev_idx]                                                # (B, N, K)
    mask = tables.allowed[None, :, :] & (np.arange(K)[None, None, :] != prof[:, :, None])
    gain = np.where(mask, dev - on[:, :, None], -np.inf)
    ok = (gain <= TOL).all(axis=(1, 2))
    return ok, r, on


def _possible_responses(tables: StageTables) -> np.ndarray:
    """(n, R): responses the follower could choose at some profile (a superset)."""
    base, delta = tables.base, tables.delta
    n, R = base.shape
    allowed = tables.allowed
    possible = np.broadcast_to(tables.allowed_response, (n, R)).copy()
    for r in range(R):
        for r2 in range(R):
            if r == r2 or not tables.allowed_response[r2]:
                continue
            diff = delta[..., r] - delta[..., r2]                    # (n, N, K)
            diff = np.where(allowed[None], diff, -np.inf)
            best = base[:, r] - base[:, r2] + diff.max(axis=2).sum(axis=1)
            possible[:, r] &= best >= -TOL
    return possible


def _survivors(tables: StageTables, possible: np.ndarray) -> np.ndarray:
    """(n, N, K) bool: strategies that may be best replies (see module docstring)."""
    U = tables.member                                                # (n, N, K, R, C)
    n, N, K, R, C = U.shape
    pr = possible[:, None, None, :, None]
    umax = np.where(pr, U, -np.inf).max(axis=3)                      # (n, N, K, C)
    umin = np.where(pr, U, np.inf).min(axis=3)
    alive = np.broadcast_to(tables.allowed[None], (n, N, K)).copy()
    if C == 1:
        for s in range(K):
            for s2 in range(K):
                if s2 == s or not tables.allowed[:, s2].any():
                    continue
                dominated = (umin[..., s2, 0] > umax[..., s, 0] + TOL) & tables.allowed[None, :, s2]
                alive[..., s] &= ~dominated
        return alive
    counts = tables.counts
    lut, weights = _count_index(counts, N)
    for s in range(K):
        valid = counts[:, s] >= 1                                    # c with c_s >= 1
        cs = np.flatnonzero(valid)
        for s2 in range(K):
            if s2 == s:
                continue
            shifted = counts[cs].copy()
            shifted[:, s] -= 1
            shifted[:, s2] += 1
            c2 = lut[shifted @ weights]
            better = umin[:, :, s2][:, :, c2] > umax[:, :, s][:, :, cs] + TOL  # (n, N, |cs|)
            dominated = better.all(axis=2) & tables.allowed[None, :, s2]
            alive[..., s] &= ~dominated
    return alive


def _select(rule: str, payoffs: np.ndarray) -> int:
    """Index of the chosen equilibrium among rows of ``payoffs`` (E, movers)."""
    if rule == "first" or len(payoffs) == 1:
        return 0
    score = payoffs.sum(axis=1) if rule == "payoff_dominant" else payoffs.min(axis=1)
    return int(np.argmax(score >= score.max() - TOL))


def solve_stage(tables: StageTables, *, selection: str = "payoff_dominant",
                keep_all: bool = False) -> StageSolution:
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

    Returns
    -------
    StageSolution
    """
    n, N, K, R = tables.delta.shape
    lut, weights = (_count_index(tables.counts, N) if tables.uses_counts
                    else (np.zeros(1, dtype=np.int64), np.zeros(K, dtype=int)))
    possible = _possible_responses(tables)
    alive = _survivors(tables, possible)
    sizes = alive.sum(axis=2)                                        # (n, N)
    product = np.prod(sizes.astype(float), axis=1)
    profile = np.full((n, N), -1, dtype=int)
    response = np.full(n, -1, dtype=int)
    payoffs = np.full((n, N), np.nan)
    n_eq = np.zeros(n, dtype=int)
    everything: list | None = [None] * n if keep_all else None

    single = np.flatnonzero(product == 1)
    if single.size:
        prof = np.argmax(alive[single], axis=2)
        ok, r, on = _verify(tables, single, prof, lut, weights)
        good = single[ok]
        profile[good], response[good], payoffs[good] = prof[ok], r[ok], on[ok]
        n_eq[good] = 1
        if keep_all:
            for j, b in enumerate(single):
                everything[b] = (prof[j:j + 1][ok[j:j + 1]], r[j:j + 1][ok[j:j + 1]],
                                 on[j:j + 1][ok[j:j + 1]])
    for b in np.flatnonzero(product > 1):
        if product[b] > MAX_CANDIDATES:
            raise ValueError(f"stage has {product[b]:.0f} candidate profiles after pruning, "
                             f"more than {MAX_CANDIDATES}")
        options = [np.flatnonzero(alive[b, i]) for i in range(N)]
        grids = np.meshgrid(*options, indexing="ij")
        cand = np.stack([g.ravel() for g in grids], axis=1)
        found = []
        for start in range(0, len(cand), 65536):
            chunk = cand[start:start + 65536]
            ok, r, on = _verify(tables, np.full(len(chunk), b), chunk, lut, weights)
            found.append((chunk[ok], r[ok], on[ok]))
        profs = np.concatenate([f[0] for f in found])
        rs = np.concatenate([f[1] for f in found])
        ons = np.concatenate([f[2] for f in found])
        n_eq[b] = len(profs)
        if len(profs):
            k = _select(selection, ons)
            profile[b], response[b], payoffs[b] = profs[k], rs[k], ons[k]
        if keep_all:
            everything[b] = (profs, rs, ons)
    return StageSolution(profile=profile, response=response, member_payoffs=payoffs,
                         n_equilibria=n_eq, all_equilibria=everything)
