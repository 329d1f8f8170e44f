"""Tests for the stage kernel ``gametheory/models/stage.py`` written for a mutation test
(issue 13): the kernel's equilibria, responses, payoffs and selections against a
brute-force enumeration of every profile of small stages (ties, pinned strategies and
responses, count-dependent payoffs, many responses, many samples), and the documented
values of its helpers (tolerances, count vectors, selection rules, the candidate limit).

They use only the public interface (:class:`StageTables`, :func:`solve_stage` and the
helpers in ``__all__``), so they hold whatever the kernel's internals look like. Run the
mutation test with ``python benchmarks/mutation.py gametheory/models/stage.py``.
"""

from __future__ import annotations

import itertools
import warnings
from fractions import Fraction

import numpy as np
import pytest

from gametheory.models.stage import (
    MAX_CANDIDATES,
    ROUNDING,
    TOL,
    StageTables,
    count_vectors,
    follower_tolerance,
    pick_per_sample,
    relative_tolerance,
    rule_scores,
    score_tolerance,
    select_equilibrium,
    solve_stage,
    with_tolerances,
)

RULES = ("payoff_dominant", "first", "risk_averse")


# ------------------------------------------------------------------ brute force
def brute_force(t: StageTables):
    """Every pure equilibrium of each sample, by checking every profile and deviation.

    Uses the tables' own tolerances ``t.tol_response`` (n,) and ``t.tol_member`` (n, N):
    the follower answers with the first allowed response within its tolerance of the
    best; a member deviates when that gains more than its tolerance. Returns, per
    sample, (profiles (E, N) in lexicographic order, responses (E,), payoffs (E, N)).
    """
    n, N, K, R = t.delta.shape
    C = t.member.shape[-1]
    # every profile; row p is the profile whose base-K digits spell p
    every = np.array(list(itertools.product(range(K), repeat=N)), dtype=int).reshape(-1, N)
    place = K ** np.arange(N - 1, -1, -1)
    # (P, N, K): the row of profile p after member i switches to strategy k
    switched = (
        np.arange(len(every))[:, None, None]
        + (np.arange(K)[None, None, :] - every[:, :, None]) * place[None, :, None]
    )
    row_of = {tuple(c): j for j, c in enumerate(t.counts)}
    counts = np.stack([(every == k).sum(axis=1) for k in range(K)], axis=1)
    crow = np.array([row_of.get(tuple(c), 0) for c in counts])
    follower = t.base[:, None, :] + sum(
        t.delta[:, i, every[:, i], :] for i in range(N)
    )  # (n, P, R)
    if t.follower_counts is not None:
        follower = follower + t.follower_counts[:, crow, :]
    follower = np.where(t.allowed_response, follower, -np.inf)
    best = follower.max(axis=2, keepdims=True)
    answer = np.argmax(follower >= best - t.tol_response[:, None, None], axis=2)  # (n, P)
    mcol = crow if C > 1 else np.zeros(len(every), int)
    pay = np.stack(
        [
            t.member[np.arange(n)[:, None], i, every[None, :, i], answer, mcol[None, :]]
            for i in range(N)
        ],
        axis=2,
    )  # (n, P, N)
    deviation = pay[:, switched, np.arange(N)[None, :, None]]  # (n, P, N, K)
    may = t.allowed[None, :, :] & (np.arange(K)[None, None, :] != every[:, :, None])  # (P, N, K)
    stays = deviation <= pay[:, :, :, None] + t.tol_member[:, None, :, None]
    ok = (stays | ~may[None]).all(axis=(2, 3))
    ok &= t.allowed[np.arange(N), every].all(axis=1)[None, :]
    out = []
    for b in range(n):
        idx = np.flatnonzero(ok[b])
        out.append((every[idx], answer[b, idx], pay[b, idx]))
    return out


def brute_pick(t: StageTables, b: int, payoffs: np.ndarray, rule: str):
    """The row of sample ``b``'s equilibrium ``rule`` selects (None without one): the
    first whose score is within the summed (total) or largest (minimum) tolerance."""
    if not len(payoffs):
        return None
    if rule == "first":
        return 0
    score = payoffs.sum(axis=1) if rule == "payoff_dominant" else payoffs.min(axis=1)
    tie = t.tol_member[b].sum() if rule == "payoff_dominant" else t.tol_member[b].max()
    return int(np.flatnonzero(score >= score.max() - tie)[0])


def random_tables(rng, n, N, K, R, *, counts=False, follower_counts=False, ties=True, tol=1e-9):
    """Random stage tables with explicit tolerances ``tol`` for the follower and members.

    ``ties``: small integer payoffs (many exact ties, several equilibria); else continuous.
    """
    cv = count_vectors(N, K) if counts or follower_counts else np.zeros((1, K), dtype=int)
    C = len(cv) if counts else 1

    def draw(shape):
        if ties:
            return rng.integers(-2, 3, shape).astype(float)
        return rng.normal(0.0, 1.5, shape)

    delta = draw((n, N, K, R))
    delta[:, :, 0, :] = 0.0
    return StageTables(
        base=draw((n, R)),
        delta=delta,
        member=draw((n, N, K, R, C)),
        counts=cv,
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
        follower_counts=draw((n, len(cv), R)) if follower_counts else None,
        tol_response=np.full(n, tol),
        tol_member=np.full((n, N), tol),
    )


def assert_equal_to_brute_force(t: StageTables, rules=RULES, *, reference=(False,), expected=None):
    """solve_stage(t) under each rule (and with ``reference`` True/False) finds exactly
    the brute-force equilibria, responses and payoffs, and selects the rule's pick."""
    expected = brute_force(t) if expected is None else expected
    N = t.delta.shape[1]
    sol = None
    for rule in rules:
        for dense in reference:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # no floating-point warnings either
                sol = solve_stage(t, selection=rule, keep_all=True, reference=dense)
            assert sol.n_equilibria.tolist() == [len(e[0]) for e in expected], (rule, dense)
            for b, (profiles, responses, payoffs) in enumerate(expected):
                got_profiles, got_responses, got_payoffs = sol.all_equilibria[b]
                assert np.array_equal(got_profiles.reshape(-1, N), profiles), (b, rule, dense)
                assert np.array_equal(got_responses, responses), (b, rule, dense)
                assert np.array_equal(got_payoffs.reshape(-1, N), payoffs), (b, rule, dense)
                assert got_payoffs.dtype == float and got_profiles.dtype.kind == "i"
                pick = brute_pick(t, b, payoffs, rule)
                if pick is None:
                    assert (sol.profile[b] == -1).all() and sol.response[b] == -1
                    assert np.isnan(sol.member_payoffs[b]).all()
                else:
                    assert np.array_equal(sol.profile[b], profiles[pick]), (b, rule, dense)
                    assert sol.response[b] == responses[pick], (b, rule, dense)
                    assert np.array_equal(sol.member_payoffs[b], payoffs[pick]), (b, rule)
    return sol, expected


def assert_kernel_and_reference(t: StageTables, turn: int):
    """The kernel under one rule and the reference check under the next (by ``turn``)."""
    sol, expected = assert_equal_to_brute_force(t, (RULES[turn % 3],))
    assert_equal_to_brute_force(t, (RULES[(turn + 1) % 3],), reference=(True,), expected=expected)
    return sol


CONFIGS = [
    # (N, K, R, counts, follower_counts, ties)
    (3, 3, 3, True, True, False),
    (3, 3, 3, False, False, True),
    (3, 3, 2, True, True, True),
    (4, 2, 3, False, False, True),
    (3, 2, 3, False, True, True),  # the follower's payoff depends on the counts
    (3, 3, 2, True, False, True),  # members' payoffs depend on the counts
    (2, 3, 10, False, False, True),  # more than 8 responses
    (3, 2, 9, False, False, False),
    (3, 3, 3, False, False, False),
    (3, 3, 3, True, False, False),
    (1, 2, 3, True, False, True),  # two count vectors
    (1, 2, 2, True, False, False),
    (2, 2, 2, False, False, True),
    (1, 2, 2, False, False, True),
]


@pytest.mark.parametrize("N, K, R, counts, follower_counts, ties", CONFIGS)
def test_the_kernel_finds_every_equilibrium_of_random_stages(
    N, K, R, counts, follower_counts, ties
):
    seed = 1000 * N + 100 * K + R + 7 * counts + 3 * follower_counts
    rng = np.random.default_rng(seed)
    t = random_tables(rng, 40, N, K, R, counts=counts, follower_counts=follower_counts, ties=ties)
    # a rule with the kernel, the next with the reference check (rotating by config)
    n_eq = assert_kernel_and_reference(t, seed).n_equilibria.tolist()
    if ties and N > 1:  # the integer stages have several equilibria
        assert max(n_eq) > 1


@pytest.mark.parametrize("counts, follower_counts", [(False, False), (True, True)])
def test_pinned_strategies_and_responses(counts, follower_counts):
    rng = np.random.default_rng(5 + counts)
    for turn, (N, K, R) in enumerate(((3, 3, 3), (2, 3, 4), (3, 2, 10))):
        t = random_tables(rng, 40, N, K, R, counts=counts, follower_counts=follower_counts)
        t.allowed[rng.integers(N), 1 + rng.integers(K - 1)] = False
        t.allowed[0, 0] = False  # the first member may not play its first strategy
        t.allowed_response[rng.integers(R)] = False
        sol = assert_kernel_and_reference(t, turn + counts)
        chosen = sol.profile[sol.response >= 0]
        assert t.allowed[np.arange(N), chosen].all()
        assert t.allowed_response[sol.response[sol.response >= 0]].all()


@pytest.mark.parametrize("counts, follower_counts", [(False, False), (True, False), (True, True)])
def test_exact_ties_with_zero_tolerance(counts, follower_counts):
    # tolerances of 0: an equal payoff is a tie (not a gain), the first best response wins
    rng = np.random.default_rng(21 + counts + follower_counts)
    for turn, (N, K, R) in enumerate(((3, 3, 3), (2, 2, 10), (4, 2, 2))):
        t = random_tables(rng, 40, N, K, R, counts=counts, follower_counts=follower_counts, tol=0.0)
        assert_kernel_and_reference(t, turn + counts + follower_counts)


def test_a_follower_with_a_single_allowed_response():
    # one response (or one allowed): the follower's answer is fixed, so the equilibria are
    # the members' pure equilibria against it; several candidate profiles survive pruning
    rng = np.random.default_rng(31)
    for turn, (R, allowed) in enumerate(((1, [True]), (3, [False, True, False]))):
        t = random_tables(rng, 30, 3, 3, R, counts=bool(turn))
        t.allowed_response[:] = allowed
        sol = assert_kernel_and_reference(t, turn)
        assert (sol.response[sol.response >= 0] == allowed.index(True)).all()
        assert sol.n_equilibria.max() > 1


def test_a_response_that_no_profile_makes_best_although_each_strategy_allows_it():
    # the follower's advantage of response 0 over responses 1, 2, 3 is the sum of the two
    # members' parts u[k] - u[0]; strategy 0 is never compatible with response 0, and of
    # strategies 1-3 each is (one member at a time, the other at its best) but every
    # pair of them leaves response 0 behind one other response. The members are
    # indifferent: all 16 profiles are equilibria, none with response 0.
    u = np.array([[-5, -5, -5], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]], float)  # (K, 3)
    N, K, R = 2, 4, 4
    delta = np.zeros((1, N, K, R))
    delta[0, :, :, 1:] = -(u - u[0])[None]
    t = StageTables(
        base=np.array([[0.0, 10.0, 10.0, 10.0]]),
        delta=delta,
        member=np.zeros((1, N, K, R, 1)),
        counts=np.zeros((1, K), int),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )
    sol = assert_kernel_and_reference(with_tolerances(t), 0)
    assert sol.n_equilibria.tolist() == [16]
    assert 0 not in sol.all_equilibria[0][1].tolist()


def test_samples_whose_members_all_have_a_dominant_strategy():
    # each member gains 100 from one strategy (random per sample) whatever the others and
    # the follower do: one candidate profile per sample, every sample verified directly
    rng = np.random.default_rng(17)
    for turn, counts in enumerate((False, True)):
        t = random_tables(rng, 12, 3, 3, 3, counts=counts)
        dominant = rng.integers(0, 3, (12, 3))
        for b, i in itertools.product(range(12), range(3)):
            t.member[b, i, dominant[b, i]] += 100.0
        sol = assert_kernel_and_reference(t, turn)
        assert sol.n_equilibria.tolist() == [1] * 12
        assert np.array_equal(sol.profile, dominant)


def test_no_candidate_at_all_and_no_member_at_all():
    # a member with no allowed strategy: no profile, no equilibrium in any sample, and
    # every sample's list of equilibria is empty with the usual types and widths
    t = StageTables(
        base=np.zeros((2, 2)),
        delta=np.zeros((2, 2, 2, 2)),
        member=np.zeros((2, 2, 2, 2, 1)),
        counts=np.zeros((1, 2), int),
        allowed=np.array([[False, False], [True, True]]),
        allowed_response=np.ones(2, bool),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sol = solve_stage(t, keep_all=True)
    assert sol.n_equilibria.tolist() == [0, 0] and sol.response.tolist() == [-1, -1]
    assert (sol.profile == -1).all() and np.isnan(sol.member_payoffs).all()
    for profiles, responses, payoffs in sol.all_equilibria:
        assert profiles.shape == (0, 2) and profiles.dtype.kind == "i"
        assert responses.shape == (0,) and responses.dtype.kind == "i"
        assert payoffs.shape == (0, 2) and payoffs.dtype == float
    # no members: the follower's first best response is the one equilibrium
    alone = StageTables(
        base=np.array([[0.0, 2.0, 1.0], [3.0, 1.0, 3.0]]),
        delta=np.zeros((2, 0, 2, 3)),
        member=np.zeros((2, 0, 2, 3, 1)),
        counts=np.zeros((1, 2), int),
        allowed=np.ones((0, 2), bool),
        allowed_response=np.ones(3, bool),
        tol_response=np.zeros(2),
        tol_member=np.zeros((2, 0)),
    )
    sol = solve_stage(alone, keep_all=True)
    assert sol.n_equilibria.tolist() == [1, 1] and sol.response.tolist() == [1, 0]
    assert [e[1].tolist() for e in sol.all_equilibria] == [[1], [0]]
    assert sol.profile.shape == (2, 0) and sol.all_equilibria[0][0].shape == (1, 0)


def test_near_ties_within_the_tolerance_are_ties():
    # integer payoffs moved by less than half the tolerance: the same equilibria as the
    # integer stage, and differences of more than the tolerance are not ties
    rng = np.random.default_rng(11)
    for counts in (False, True):
        t = random_tables(rng, 40, 3, 3, 3, counts=counts, tol=1e-6)
        for name in ("base", "delta", "member"):
            x = getattr(t, name)
            x += rng.uniform(-0.2e-6, 0.2e-6, x.shape) * (x != 0)
        assert_equal_to_brute_force(t, RULES, reference=(False, True))


def test_many_samples_and_many_candidates_each():
    # every payoff 0: every profile is an equilibrium, the follower answers with its
    # first response, and the rules pick the first profile (all scores tie); 200 samples
    # of 81 candidates need several batches of verification
    n, N, K, R = 200, 4, 3, 2
    t = StageTables(
        base=np.zeros((n, R)),
        delta=np.zeros((n, N, K, R)),
        member=np.zeros((n, N, K, R, 1)),
        counts=np.zeros((1, K), int),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )
    every = np.array(list(itertools.product(range(K), repeat=N)))
    for rule in ("payoff_dominant", "risk_averse"):
        sol = solve_stage(t, selection=rule, keep_all=True)
        assert (sol.n_equilibria == K**N).all()
        assert (sol.profile == 0).all() and (sol.response == 0).all()
        assert (sol.member_payoffs == 0).all()
        for profiles, responses, payoffs in sol.all_equilibria:
            assert np.array_equal(profiles, every)
            assert (responses == 0).all() and (payoffs == 0).all()
    assert solve_stage(t).all_equilibria is None  # only with keep_all
    # two samples of 3**9 candidates each, more than one batch of verification holds
    n, N, K, R = 2, 9, 3, 1
    t = StageTables(
        base=np.zeros((n, R)),
        delta=np.zeros((n, N, K, R)),
        member=np.zeros((n, N, K, R, 1)),
        counts=np.zeros((1, K), int),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )
    sol = solve_stage(t, selection="first", keep_all=True)
    assert sol.n_equilibria.tolist() == [K**N, K**N]
    every = np.array(list(itertools.product(range(K), repeat=N)))
    assert all(np.array_equal(profiles, every) for profiles, _, _ in sol.all_equilibria)


def test_the_default_selection_is_payoff_dominance_and_unknown_rules_are_refused():
    rng = np.random.default_rng(40)  # the three rules choose differently here
    t = random_tables(rng, 40, 3, 3, 2)
    default = solve_stage(t)
    for rule in RULES:
        chosen = solve_stage(t, selection=rule)
        same = np.array_equal(chosen.profile, default.profile)
        assert same == (rule == "payoff_dominant"), rule
    with pytest.raises(ValueError) as err:
        solve_stage(t, selection="risk-dominant")
    assert str(err.value) == (
        "rule 'risk-dominant' does not choose among pure equilibria by their payoffs; "
        "rules: payoff_dominant, payoff-dominant, first, risk_averse"
    )


def test_a_stage_too_large_to_enumerate_is_refused():
    n, N, K, R = 1, 14, 3, 2
    t = StageTables(
        base=np.zeros((n, R)),
        delta=np.zeros((n, N, K, R)),
        member=np.zeros((n, N, K, R, 1)),
        counts=np.zeros((1, K), int),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )
    with pytest.raises(ValueError) as err:
        solve_stage(t)
    assert str(err.value) == (
        f"stage has {3**14} candidate profiles after pruning, more than {MAX_CANDIDATES}"
    )
    assert MAX_CANDIDATES == 3**13


def test_a_member_alone_and_a_single_remaining_profile():
    # one member; the follower copies its move (response = move). Paid for matching, plus
    # 0.5 for strategy 1, the member plays 1: one equilibrium. Paid for mismatching, it
    # always gets 0: both moves are equilibria (a tie), the first is chosen.
    n, N, K, R = 1, 1, 2, 2
    delta = np.zeros((n, N, K, R))
    delta[0, 0, 1] = [0.0, 2.0]  # playing 1 makes response 1 worth 2 to the follower
    match = np.zeros((n, N, K, R, 1))
    match[0, 0, 0, 0, 0] = match[0, 0, 1, 1, 0] = 1.0
    t = StageTables(
        base=np.array([[1.0, 0.0]]),  # against 0, the follower answers 0
        delta=delta,
        member=match + np.array([0.0, 0.5])[None, None, :, None, None],
        counts=np.zeros((1, K), int),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )
    sol = solve_stage(t, keep_all=True)
    assert sol.n_equilibria.tolist() == [1]
    assert sol.profile.tolist() == [[1]] and sol.response.tolist() == [1]
    assert sol.member_payoffs.tolist() == [[1.5]]
    mismatch = StageTables(**{**t.__dict__, "member": 1.0 - match})
    sol = solve_stage(mismatch, keep_all=True)
    assert sol.n_equilibria.tolist() == [2] and sol.all_equilibria[0][1].tolist() == [0, 1]
    assert sol.profile.tolist() == [[0]] and sol.member_payoffs.tolist() == [[0.0]]
    # pinned to strategy 0: a single candidate, an equilibrium (no other move)
    pinned = StageTables(**{**t.__dict__, "allowed": np.array([[True, False]])})
    sol = solve_stage(pinned, keep_all=True)
    assert sol.n_equilibria.tolist() == [1]
    assert sol.profile.tolist() == [[0]] and sol.response.tolist() == [0]
    assert sol.member_payoffs.tolist() == [[1.0]]


def test_the_docstring_stage_has_two_equilibria_and_the_payoff_dominant_is_chosen():
    # two members gain 1 from joining unless the follower coerces (response 1), which it
    # does when both join (coercion costs 1.5, each joiner adds 1 to it)
    n, N, K, R = 1, 2, 2, 2
    delta = np.zeros((n, N, K, R))
    delta[0, :, 1, 1] = 1.0
    member = np.zeros((n, N, K, R, 1))
    member[0, :, 1, 0, 0] = 1.0
    member[0, :, 1, 1, 0] = -1.0
    t = StageTables(
        base=np.array([[0.0, -1.5]]),
        delta=delta,
        member=member,
        counts=np.zeros((1, K), int),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )
    for rule, pick in (("payoff_dominant", [0, 1]), ("first", [0, 1]), ("risk_averse", [0, 1])):
        sol = solve_stage(t, selection=rule, keep_all=True)
        profiles, responses, payoffs = sol.all_equilibria[0]
        assert profiles.tolist() == [[0, 1], [1, 0]] and responses.tolist() == [0, 0]
        assert payoffs.tolist() == [[0.0, 1.0], [1.0, 0.0]]
        assert sol.profile.tolist() == [pick]


@pytest.mark.parametrize("factor", [1e-12, 1e12])
def test_scaled_stages_have_the_same_equilibria(factor):
    # the tolerances are relative: computed from the tables, they scale with them
    rng = np.random.default_rng(3)
    for turn, (counts, follower_counts) in enumerate(((False, False), (True, True))):
        t = random_tables(rng, 30, 3, 3, 3, counts=counts, follower_counts=follower_counts)
        plain = dataclass_without_tolerances(t)
        scaled = dataclass_without_tolerances(t, factor)
        for rule in (RULES[turn + (factor > 1)],):
            a = solve_stage(plain, selection=rule)
            b = solve_stage(scaled, selection=rule)
            np.testing.assert_array_equal(a.profile, b.profile)
            np.testing.assert_array_equal(a.response, b.response)
            np.testing.assert_array_equal(a.n_equilibria, b.n_equilibria)
            np.testing.assert_allclose(b.member_payoffs, a.member_payoffs * factor)
            assert_equal_to_brute_force(with_tolerances(plain), (rule,))


def dataclass_without_tolerances(t: StageTables, factor: float = 1.0) -> StageTables:
    G = t.follower_counts
    return StageTables(
        base=t.base * factor,
        delta=t.delta * factor,
        member=t.member * factor,
        counts=t.counts,
        allowed=t.allowed,
        allowed_response=t.allowed_response,
        follower_counts=None if G is None else G * factor,
    )


# ------------------------------------------------------------------ helpers' values
def test_count_vectors_are_every_split_in_lexicographic_order():
    assert count_vectors(2, 3).tolist() == [
        [0, 0, 2],
        [0, 1, 1],
        [0, 2, 0],
        [1, 0, 1],
        [1, 1, 0],
        [2, 0, 0],
    ]
    assert count_vectors(3, 1).tolist() == [[3]]
    assert count_vectors(0, 2).tolist() == [[0, 0]]
    assert count_vectors(1, 2).dtype.kind == "i"
    none = count_vectors(2, 0)  # no vector of no counts adds up to 2
    assert none.size == 0 and none.dtype.kind == "i"


def test_relative_tolerance_is_tol_times_the_spread_plus_rounding():
    u = np.array([[1.0, -3.0, 2.0], [5.0, np.inf, 4.0], [np.nan, 7.0, np.nan]])
    got = relative_tolerance(u)
    assert got[0] == pytest.approx(TOL * 5.0 + ROUNDING * 3.0, rel=1e-12, abs=0)
    assert got[1] == pytest.approx(TOL * 1.0 + ROUNDING * 5.0, rel=1e-12, abs=0)  # inf ignored
    assert got[2] == pytest.approx(ROUNDING * 7.0, rel=1e-12, abs=0)  # one finite entry
    cols = relative_tolerance(u, axis=0)
    assert cols[0] == pytest.approx(TOL * 4.0 + ROUNDING * 5.0, rel=1e-12, abs=0)
    both = relative_tolerance(u[:2, :, None], axis=(0, 1))
    assert both.tolist() == [pytest.approx(TOL * 8.0 + ROUNDING * 5.0, rel=1e-12, abs=0)]
    # non-finite entries add nothing to the size, even beside payoffs below 1
    small = relative_tolerance(np.array([[0.5, np.inf], [0.25, -np.inf]]))
    assert small.tolist() == [ROUNDING * 0.5, ROUNDING * 0.25]
    # exact payoffs (Fractions, ints) have the tolerance of their float values
    exact = relative_tolerance(np.array([[Fraction(1), Fraction(-3, 2)]], dtype=object))
    assert exact.tolist() == relative_tolerance(np.array([[1.0, -1.5]])).tolist()
    assert exact[0] == pytest.approx(TOL * 2.5 + ROUNDING * 1.5, rel=1e-12, abs=0)
    assert relative_tolerance(np.zeros((2, 3))).tolist() == [0.0, 0.0]
    assert relative_tolerance(np.full((1, 2), np.nan)).tolist() == [0.0]
    huge = relative_tolerance(np.array([[-1e308, 1e308]]))  # no overflow to inf
    assert np.isfinite(huge).all() and huge[0] == pytest.approx(2 * TOL * 1e308, rel=1e-3, abs=0)
    assert ROUNDING == 64 * np.finfo(float).eps and TOL == 1e-9


def test_with_tolerances_bounds_the_follower_by_separable_extremes():
    # follower: base (0, 2); member 0 adds (0 | 3, -1) to the two responses, member 1
    # (0 | -2, 0): the follower's payoff ranges over [-3, 5] (response 1 at most 2 + 0,
    # response 0 at most 3, at least -2 ...) and its size is 2 + 3 + 2
    delta = np.zeros((1, 2, 2, 2))
    delta[0, 0, 1] = [3.0, -1.0]
    delta[0, 1, 1] = [-2.0, 0.0]
    member = np.arange(16.0).reshape(1, 2, 2, 2, 2)
    t = StageTables(
        base=np.array([[0.0, 2.0]]),
        delta=delta,
        member=member,
        counts=count_vectors(2, 2),
        allowed=np.ones((2, 2), bool),
        allowed_response=np.ones(2, bool),
        follower_counts=np.array([[[0.0, 1.0], [0.5, 0.0], [0.0, 0.0]]]),
    )
    assert t.uses_counts and t.needs_counts
    w = with_tolerances(t)
    # response 0: base 0, highs 3 + 0, lows 0 + -2; response 1: base 2, highs 0 + 0, lows
    # -1 + 0; counts add up to 1 / subtract 0 (response 1) and 0.5 / 0 (response 0)
    hi = max(0 + 3 + 0 + 0.5, 2 + 0 + 0 + 1.0)
    lo = min(0 + 0 - 2 + 0.0, 2 - 1 + 0 + 0.0)
    size = 2.0 + 3.0 + 2.0 + 1.0
    assert w.tol_response.tolist() == [
        pytest.approx(TOL * (hi - lo) + ROUNDING * size, rel=1e-12, abs=0)
    ]
    # each member's payoffs over its own strategies, responses and counts
    assert w.tol_member[0, 0] == pytest.approx(TOL * 7.0 + ROUNDING * 7.0, rel=1e-12, abs=0)
    assert w.tol_member[0, 1] == pytest.approx(TOL * 7.0 + ROUNDING * 15.0, rel=1e-12, abs=0)
    assert with_tolerances(w) is w  # both given: unchanged
    # a follower with an infinite payoff: no finite spread, tolerance 0, and no warning
    for base in ([[np.inf, 0.0]], [[np.inf, np.inf]]):
        infinite = StageTables(**{**t.__dict__, "base": np.array(base), "follower_counts": None})
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert with_tolerances(infinite).tol_response.tolist() == [0.0]
    half = StageTables(**{**t.__dict__, "tol_member": None})
    assert with_tolerances(half).tol_member is not None
    # one tolerance given is not enough: both are computed
    for name in ("tol_response", "tol_member"):
        one = with_tolerances(StageTables(**{**t.__dict__, name: getattr(w, name)}))
        assert one.tol_response.tolist() == w.tol_response.tolist()
        assert one.tol_member.tolist() == w.tol_member.tolist()
    plain = StageTables(**{**t.__dict__, "member": member[..., :1], "follower_counts": None})
    assert not plain.uses_counts and not plain.needs_counts
    only_follower = StageTables(**{**t.__dict__, "member": member[..., :1]})
    assert not only_follower.uses_counts and only_follower.needs_counts


def follower_tolerance_by_loops(base, delta, follower_counts=None):
    """The follower's tolerance per sample, spelt out: ``TOL`` times (the largest, over
    responses, of base + each member's largest change (+ the largest count part) minus
    the smallest such sum of the smallest) plus ``ROUNDING`` times the size (largest
    base + each member's largest change + largest count part, in magnitude)."""
    out = []
    n, N, K, R = delta.shape
    for b in range(n):
        highs, lows = [], []
        for r in range(R):
            hi = base[b, r] + sum(max(delta[b, i, :, r]) for i in range(N))
            lo = base[b, r] + sum(min(delta[b, i, :, r]) for i in range(N))
            if follower_counts is not None:
                hi += max(follower_counts[b, :, r])
                lo += min(follower_counts[b, :, r])
            highs.append(hi)
            lows.append(lo)
        size = max(abs(base[b])) + sum(abs(delta[b, i]).max() for i in range(N))
        if follower_counts is not None:
            size += abs(follower_counts[b]).max()
        out.append(TOL * (max(highs) - min(lows)) + ROUNDING * size)
    return out


def test_follower_tolerance_per_sample_against_loops():
    # three samples of payoffs below 1 at different scales, count parts without zeros
    rng = np.random.default_rng(8)
    scale = np.array([0.3, 0.9, 0.02])
    base = rng.uniform(-1, 1, (3, 3)) * scale[:, None]
    delta = rng.uniform(-1, 1, (3, 2, 3, 3)) * scale[:, None, None, None]
    G = rng.uniform(0.1, 1, (3, 4, 3)) * scale[:, None, None] * np.array([1, -1, 1])
    for counts in (None, G):
        got = follower_tolerance(base, delta, counts)
        want = follower_tolerance_by_loops(base, delta, counts)
        assert got.shape == (3,)
        assert got.tolist() == [pytest.approx(w, rel=1e-12, abs=0) for w in want]
    # no strategies or no responses: no payoff, no spread, tolerance 0 (and no error)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert follower_tolerance(base, delta[:, :, :0]).tolist() == [0.0, 0.0, 0.0]
        no_response = follower_tolerance(base[:, :0], delta[..., :0], G[..., :0])
        assert no_response.tolist() == [0.0, 0.0, 0.0]


def test_select_equilibrium_rules_and_ties():
    payoffs = np.array([[1.0, 1.0], [3.0, 0.0], [2.0, 2.0]])
    assert select_equilibrium("first", payoffs) == 0
    assert select_equilibrium("payoff_dominant", payoffs) == 2  # totals 2, 3, 4
    assert select_equilibrium("payoff-dominant", payoffs) == 2
    assert select_equilibrium("risk_averse", payoffs) == 2  # minima 1, 0, 2
    assert select_equilibrium("risk_averse", payoffs[:2]) == 0
    assert select_equilibrium("payoff_dominant", payoffs[1:2]) == 0
    # totals 4 and 4 + 1e-3: a tie within tolerances (1e-3, 1e-3) summed, not within one
    close = np.array([[2.0, 2.0], [2.0005, 2.0005]])
    assert select_equilibrium("payoff_dominant", close, np.array([1e-3, 1e-3])) == 0
    assert select_equilibrium("payoff_dominant", close, np.array([1e-4, 1e-4])) == 1
    # minima 2 and 2.0005: a tie within the largest tolerance
    assert select_equilibrium("risk_averse", close, np.array([1e-4, 1e-3])) == 0
    assert select_equilibrium("risk_averse", close, np.array([1e-4, 1e-4])) == 1
    # the default tolerance: rounding at the payoffs' magnitude is a tie, 1e-3 is not
    assert select_equilibrium("payoff_dominant", np.array([[1.0, 1.0], [1.0, 1.0 + 4e-16]])) == 0
    assert select_equilibrium("payoff_dominant", np.array([[1.0, 1.0], [1.0, 1.001]])) == 1
    # exact ties without tolerance go to the first best, which need not be the first row
    assert select_equilibrium("payoff_dominant", payoffs, np.zeros(2)) == 2
    assert select_equilibrium("risk_averse", np.array([[0.0, 3.0], [1.0, 1.0]]), np.zeros(2)) == 1
    # the tolerances are summed for a total: 1.5e-3 apart is a tie within (1e-3, 1e-3)
    apart = np.array([[2.0, 2.0], [2.00075, 2.00075]])
    assert select_equilibrium("payoff_dominant", apart, np.array([1e-3, 1e-3])) == 0
    assert select_equilibrium("payoff_dominant", apart, np.array([1e-3, 0.0])) == 1
    # the default tolerances are per mover (over the rows): mover 1's payoff of 1000 is
    # the same in both rows, so 5e-7 more for mover 0 is not a tie
    per_mover = np.array([[0.0, 1000.0], [5e-7, 1000.0]])
    assert select_equilibrium("payoff_dominant", per_mover) == 1
    assert select_equilibrium("risk_averse", per_mover) == 1
    with pytest.raises(ValueError) as err:
        select_equilibrium("risk-dominant", payoffs)
    assert str(err.value) == (
        "rule 'risk-dominant' does not choose among pure equilibria by their payoffs; "
        "rules: payoff_dominant, payoff-dominant, first, risk_averse"
    )


def test_rule_scores_and_score_tolerance():
    payoffs = np.array([[1.0, 4.0], [3.0, 0.5]])
    assert rule_scores("first", payoffs).tolist() == [0.0, 0.0]
    assert rule_scores("payoff_dominant", payoffs).tolist() == [5.0, 3.5]
    assert rule_scores("payoff-dominant", payoffs).tolist() == [5.0, 3.5]
    assert rule_scores("risk_averse", payoffs).tolist() == [1.0, 0.5]
    tol = np.array([[1.0, 2.0], [0.5, 0.25]])
    assert score_tolerance("payoff_dominant", tol).tolist() == [3.0, 0.75]
    assert score_tolerance("payoff-dominant", tol).tolist() == [3.0, 0.75]
    assert score_tolerance("risk_averse", tol).tolist() == [2.0, 0.5]
    assert score_tolerance("first", tol).tolist() == [2.0, 0.5]
    assert score_tolerance("risk_averse", np.zeros((1, 0))).tolist() == [0.0]


def test_pick_per_sample():
    # sample 0: rows 0, 1; sample 1: none; sample 2: rows 2, 3, 4
    sample = np.array([0, 0, 2, 2, 2])
    payoffs = np.array([[1.0, 1.0], [2.0, 1.0], [0.0, 5.0], [2.0, 2.0], [2.0, 2.0]])
    tol = np.zeros((3, 2))
    assert pick_per_sample(sample, payoffs, "payoff_dominant", 3, tol).tolist() == [1, 5, 2]
    assert pick_per_sample(sample, payoffs, "risk_averse", 3, tol).tolist() == [0, 5, 3]
    assert pick_per_sample(sample, payoffs, "first", 3, tol).tolist() == [0, 5, 2]
    # within the summed tolerance (0.5 + 0.5) row 0 ties with row 1 and comes first
    wide = np.full((3, 2), 0.5)
    assert pick_per_sample(sample, payoffs, "payoff_dominant", 3, wide).tolist() == [0, 5, 2]
    assert pick_per_sample(sample, payoffs, "risk_averse", 3, wide).tolist() == [0, 5, 3]
