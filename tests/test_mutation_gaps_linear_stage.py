"""Tests for the pairwise-linear stage kernels written for a mutation test (issue 13):
``gametheory/models/linear_stage.py`` (numpy, all samples at once) and
``gametheory/models/linear_kernel.py`` (the same algorithm compiled with numba, one sample
at a time). Both kernels' equilibria, responses, payoffs and selections are checked
against a brute-force enumeration of every profile of small random stages (ties, pinned
strategies and responses, sparse and dense pair tables, one member, many responses), and
the documented values of their helpers (tolerances, the candidate limit and its message,
the batch sizes, the choice of kernel).

Under ``NUMBA_DISABLE_JIT=1`` (how ``benchmarks/mutation.py`` runs them) the compiled
kernel runs as plain Python; the stages are tiny so that stays fast. Run the mutation
test with ``python benchmarks/mutation.py gametheory/models/linear_stage.py`` (and
``.../linear_kernel.py``).
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
import warnings

import numpy as np
import pytest

from gametheory.models import linear_kernel, linear_stage
from gametheory.models.linear_kernel import KernelOverflow, solve_samples, tolerances
from gametheory.models.linear_stage import (
    LinearStageTables,
    kernel_available,
    solve_linear_stage,
    use_compiled,
)
from gametheory.models.stage import MAX_CANDIDATES, ROUNDING, TOL, follower_tolerance

RULES = ("payoff_dominant", "first", "risk_averse")
KERNELS = (False, True)  # compiled=


# ------------------------------------------------------------------ brute force
def brute_force(t: LinearStageTables):
    """Every pure equilibrium of each sample, by checking every profile and deviation.

    Uses the tables' own tolerances: the follower answers with the first allowed
    response within ``tol_response`` of the best; member i deviates when that gains more
    than ``tol_member[i]``. Returns, per sample, (profiles (E, N) in lexicographic order,
    responses (E,), payoffs (E, N)).
    """
    n, N, K, R = t.delta.shape
    # every profile; row p is the profile whose base-K digits spell p
    every = np.array(list(itertools.product(range(K), repeat=N)), dtype=int).reshape(-1, N)
    place = K ** np.arange(N - 1, -1, -1)
    # (P, N, K): the row of profile p after member i switches to strategy k
    switched = (
        np.arange(len(every))[:, None, None]
        + (np.arange(K)[None, None, :] - every[:, :, None]) * place[None, :, None]
    )
    follower = t.base[:, None, :] + sum(t.delta[:, j, every[:, j], :] for j in range(N))
    follower = np.where(t.allowed_response, follower, -np.inf)  # (n, P, R)
    best = follower.max(axis=2, keepdims=True)
    answer = np.argmax(follower >= best - t.tol_response[:, None, None], axis=2)  # (n, P)
    bi = np.arange(n)[:, None]
    pay = np.stack(
        [
            t.own[bi, i, every[None, :, i], answer]
            + sum(t.pair[bi, i, every[None, :, i], j, every[None, :, j]] for j in range(N))
            for i in range(N)
        ],
        axis=2,
    )  # (n, P, N)
    deviation = pay[:, switched, np.arange(N)[None, :, None]]  # (n, P, N, K)
    may = t.allowed[None, :, :] & (np.arange(K)[None, None, :] != every[:, :, None])
    stays = deviation - pay[:, :, :, None] <= t.tol_member[:, None, :, None]
    ok = (stays | ~may[None]).all(axis=(2, 3))
    ok &= t.allowed[np.arange(N), every].all(axis=1)[None, :]
    out = []
    for b in range(n):
        idx = np.flatnonzero(ok[b])
        out.append((every[idx], answer[b, idx], pay[b, idx]))
    return out


def brute_pick(tol_m: np.ndarray, payoffs: np.ndarray, rule: str):
    """The row a rule selects (None without equilibria): the first whose score is within
    the summed (total) or largest (minimum) member tolerance of the best."""
    if not len(payoffs):
        return None
    if rule == "first":
        return 0
    score = payoffs.sum(axis=1) if rule == "payoff_dominant" else payoffs.min(axis=1)
    tie = tol_m.sum() if rule == "payoff_dominant" else tol_m.max()
    return int(np.flatnonzero(score >= score.max() - tie)[0])


def random_tables(
    rng, n, N, K, R, *, ties=True, tol=1e-9, sparse=False, zero_first=True
) -> LinearStageTables:
    """Random pairwise-linear tables with explicit tolerances ``tol`` (None: none).

    ``ties``: small integer payoffs (exact ties, several equilibria); else continuous.
    ``sparse``: only the last strategy interacts (as in the flagship). ``zero_first``:
    ``pair[..., 0] == 0`` as documented (else counterpart strategy 0 adds too).
    """

    def draw(*shape):
        if ties:
            return rng.integers(-2, 3, shape).astype(float)
        return rng.normal(0.0, 1.5, shape)

    pair = draw(n, N, K, N, K)
    if zero_first:
        pair[..., 0] = 0.0
    for i in range(N):
        pair[:, i, :, i, :] = 0.0
    if sparse:
        pair[:, :, :-1] = 0.0
        pair[..., :-1] = 0.0
    delta = draw(n, N, K, R)
    delta[:, :, 0, :] = 0.0
    return LinearStageTables(
        base=draw(n, R),
        delta=delta,
        own=draw(n, N, K, R),
        pair=pair,
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
        tol_response=None if tol is None else np.full(n, tol),
        tol_member=None if tol is None else np.full((n, N), tol),
    )


def solve(t: LinearStageTables, rule: str, compiled: bool, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no floating-point warnings either
        return solve_linear_stage(t, selection=rule, keep_all=True, compiled=compiled, **kw)


def assert_equal_to_brute_force(t, rules=RULES, kernels=KERNELS, *, exact=True, expected=None):
    """Each kernel under each rule finds exactly the brute-force equilibria, responses
    and payoffs (to rounding unless ``exact``), and selects the rule's pick."""
    expected = brute_force(t) if expected is None else expected
    N = t.delta.shape[1]
    same = np.testing.assert_array_equal if exact else np.testing.assert_allclose
    sol = None
    for rule in rules:
        for compiled in kernels:
            sol = solve(t, rule, compiled)
            where = (rule, compiled)
            assert sol.n_equilibria.tolist() == [len(e[0]) for e in expected], where
            for b, (profiles, responses, payoffs) in enumerate(expected):
                got_profiles, got_responses, got_payoffs = sol.all_equilibria[b]
                assert np.array_equal(got_profiles.reshape(-1, N), profiles), (b, *where)
                assert np.array_equal(got_responses, responses), (b, *where)
                same(got_payoffs.reshape(-1, N), payoffs, err_msg=str((b, *where)))
                assert got_payoffs.dtype == float and got_profiles.dtype.kind == "i"
                pick = brute_pick(t.tol_member[b], payoffs, rule)
                if pick is None:
                    assert (sol.profile[b] == -1).all() and sol.response[b] == -1
                    assert np.isnan(sol.member_payoffs[b]).all()
                else:
                    assert np.array_equal(sol.profile[b], profiles[pick]), (b, *where)
                    assert sol.response[b] == responses[pick], (b, *where)
                    same(sol.member_payoffs[b], payoffs[pick], err_msg=str((b, *where)))
    return sol, expected


def tolerance_loops(t: LinearStageTables):
    """The documented tolerances by loops: the follower's from :func:`follower_tolerance`;
    member i's ``TOL * (hi - lo) + ROUNDING * size`` where hi (lo) is the largest
    (smallest) ``own[i, k, r] + sum_j max_a (min_a) pair[i, k, j, a]`` and size the
    largest ``|own[i]|`` plus, over j, the largest ``|pair[i, :, j, :]|``; 0 if not
    positive and finite."""
    n, N, K, R = t.delta.shape
    tol_m = np.zeros((n, N))
    for b in range(n):
        for i in range(N):
            hi = max(
                t.own[b, i, k].max() + sum(t.pair[b, i, k, j].max() for j in range(N))
                for k in range(K)
            )
            lo = min(
                t.own[b, i, k].min() + sum(t.pair[b, i, k, j].min() for j in range(N))
                for k in range(K)
            )
            size = np.abs(t.own[b, i]).max() + sum(
                np.abs(t.pair[b, i, :, j]).max() for j in range(N)
            )
            with np.errstate(over="ignore", invalid="ignore"):
                v = TOL * (hi - lo) + ROUNDING * size
            tol_m[b, i] = v if np.isfinite(v) and v > 0 else 0.0
    return follower_tolerance(t.base, t.delta), tol_m


def zeros(n, N, K, R) -> LinearStageTables:
    """Every payoff zero: every profile is an equilibrium and nothing can be pruned."""
    return LinearStageTables(
        base=np.zeros((n, R)),
        delta=np.zeros((n, N, K, R)),
        own=np.zeros((n, N, K, R)),
        pair=np.zeros((n, N, K, N, K)),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )


# ------------------------------------------------------------------ random stages
CONFIGS = [
    # (N, K, R, ties, sparse, zero_first)
    (3, 3, 2, True, False, True),
    (3, 3, 3, False, False, True),
    (3, 2, 3, True, True, True),
    (4, 2, 2, True, False, False),
    (2, 3, 10, True, False, True),  # more than 8 responses
    (3, 3, 2, False, True, False),
    (2, 2, 1, True, False, True),
    (1, 3, 3, True, False, True),  # one member: no pair entries at all
    # more than FEW = 24 candidates left after a pruning pass: the compiled kernel
    # prunes again, for the box and for each response
    (4, 3, 2, True, False, True),
    (5, 3, 3, True, True, True),
    (5, 2, 2, False, False, True),
]


@pytest.mark.parametrize("N, K, R, ties, sparse, zero_first", CONFIGS)
def test_both_kernels_find_every_equilibrium_of_random_stages(N, K, R, ties, sparse, zero_first):
    seed = 1000 * N + 100 * K + R + 7 * ties + 3 * sparse + zero_first
    rng = np.random.default_rng(seed)
    t = random_tables(rng, 12, N, K, R, ties=ties, sparse=sparse, zero_first=zero_first)
    # one rule per config (rotating), both kernels
    sol, expected = assert_equal_to_brute_force(t, (RULES[seed % 3],), exact=ties)
    if ties and N > 1:  # the integer stages have several equilibria and some none
        assert max(sol.n_equilibria) > 1
    assert sum(len(e[0]) for e in expected) > 0


def test_the_three_rules_choose_differently_and_each_kernel_follows_them():
    rng = np.random.default_rng(40)
    t = random_tables(rng, 20, 3, 3, 2)
    expected = brute_force(t)
    picks = {}
    for rule in RULES:
        sol, _ = assert_equal_to_brute_force(t, (rule,), expected=expected)
        picks[rule] = sol.profile.tolist()
    assert len({str(p) for p in picks.values()}) == 3  # the rules choose differently
    default = solve_linear_stage(t, compiled=False)
    assert default.profile.tolist() == picks["payoff_dominant"]
    assert solve_linear_stage(t, compiled=False).all_equilibria is None  # only with keep_all
    assert solve_linear_stage(t, compiled=True).all_equilibria is None


def test_unknown_rules_are_refused_by_both_kernels():
    t = zeros(1, 2, 2, 1)
    for compiled in KERNELS:
        with pytest.raises(ValueError) as err:
            solve_linear_stage(t, selection="risk-dominant", compiled=compiled)
        assert str(err.value) == (
            "rule 'risk-dominant' does not choose among pure equilibria by their payoffs; "
            "rules: payoff_dominant, payoff-dominant, first, risk_averse"
        )


def test_pinned_strategies_and_responses():
    rng = np.random.default_rng(5)
    chosen_any = 0
    for turn, (N, K, R) in enumerate(((3, 3, 3), (2, 3, 4), (3, 2, 10))):
        t = random_tables(rng, 12, N, K, R)
        t.allowed[rng.integers(N), 1 + rng.integers(K - 1)] = False
        t.allowed[0, 0] = False  # the first member may not play its first strategy
        t.allowed_response[rng.integers(R)] = False
        sol, _ = assert_equal_to_brute_force(t, (RULES[turn],))
        chosen = sol.profile[sol.response >= 0]
        assert t.allowed[np.arange(N), chosen].all()
        assert t.allowed_response[sol.response[sol.response >= 0]].all()
        chosen_any += len(chosen)
    assert chosen_any > 12


def test_exact_ties_with_zero_tolerance():
    # tolerances of 0: an equal payoff is a tie (not a gain), the first best response wins
    rng = np.random.default_rng(21)
    for turn, (N, K, R) in enumerate(((3, 3, 3), (2, 2, 10), (4, 2, 2))):
        t = random_tables(rng, 12, N, K, R, tol=0.0, sparse=turn == 2)
        assert_equal_to_brute_force(t, (RULES[turn],))


def test_near_ties_within_the_tolerance_are_ties():
    # integer payoffs moved by less than half the tolerance: the same equilibria as the
    # integer stage; differences of more than the tolerance are not ties
    rng = np.random.default_rng(11)
    t = random_tables(rng, 12, 3, 3, 3, tol=1e-6)
    exact = brute_force(t)
    for name in ("base", "delta", "own", "pair"):
        x = getattr(t, name)
        x += rng.uniform(-0.1e-6, 0.1e-6, x.shape) * (x != 0)
    _, moved = assert_equal_to_brute_force(t, ("first",), exact=False)
    assert [e[0].tolist() for e in moved] == [e[0].tolist() for e in exact]


def test_a_follower_with_a_single_allowed_response():
    # the follower's answer is fixed: the members' equilibria against it
    rng = np.random.default_rng(31)
    for turn, (R, allowed) in enumerate(((1, [True]), (3, [False, True, False]))):
        t = random_tables(rng, 12, 3, 3, R)
        t.allowed_response[:] = allowed
        sol, _ = assert_equal_to_brute_force(t, (RULES[turn],))
        assert (sol.response[sol.response >= 0] == allowed.index(True)).all()
        assert sol.n_equilibria.max() > 1


def test_samples_whose_members_all_have_a_dominant_strategy():
    # each member gains 100 from one strategy (random per sample) whatever the others and
    # the follower do: one candidate profile per sample, verified directly
    rng = np.random.default_rng(17)
    t = random_tables(rng, 12, 3, 3, 3)
    n, N = 12, 3
    top = rng.integers(0, 3, (n, N))
    t.own[np.arange(n)[:, None], np.arange(N)[None, :], top, :] += 100.0
    sol, expected = assert_equal_to_brute_force(t, ("payoff_dominant",))
    assert sol.n_equilibria.tolist() == [1] * n
    assert sol.profile.tolist() == top.tolist()


# ------------------------------------------------------------------ known stages
def critical_mass(n=1):
    """The docstring's stage: joining alone costs 0.5, each other joiner adds 1.5."""
    N, K, R = 2, 2, 1
    own = np.zeros((n, N, K, R))
    own[:, :, 1, 0] = -0.5
    pair = np.zeros((n, N, K, N, K))
    pair[:, 0, 1, 1, 1] = pair[:, 1, 1, 0, 1] = 1.5
    return LinearStageTables(
        base=np.zeros((n, R)),
        delta=np.zeros((n, N, K, R)),
        own=own,
        pair=pair,
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )


def test_the_docstring_stage_has_two_equilibria_and_joining_is_chosen():
    for compiled in KERNELS:
        for rule, pick in (("payoff_dominant", [1, 1]), ("first", [0, 0]), ("risk_averse", [1, 1])):
            sol = solve_linear_stage(
                critical_mass(), selection=rule, keep_all=True, compiled=compiled
            )
            profiles, responses, payoffs = sol.all_equilibria[0]
            assert profiles.tolist() == [[0, 0], [1, 1]] and responses.tolist() == [0, 0]
            assert payoffs.tolist() == [[0.0, 0.0], [1.0, 1.0]]
            assert sol.profile.tolist() == [pick] and sol.n_equilibria.tolist() == [2]
            assert sol.member_payoffs.tolist() == [payoffs[profiles.tolist().index(pick)].tolist()]


def test_a_stage_without_pure_equilibrium():
    # matching pennies between two members (through pair, then through the follower):
    # no pure equilibrium; the usual empty results, types and widths
    n, N, K, R = 2, 2, 2, 1
    pair = np.zeros((n, N, K, N, K))
    # member 0 wants to match member 1, member 1 to mismatch: pair counts only a_j = 1
    pair[:, 0, 1, 1, 1] = 2.0
    pair[:, 0, 0, 1, 1] = -2.0
    pair[:, 1, 1, 0, 1] = -2.0
    pair[:, 1, 0, 0, 1] = 2.0
    own = np.zeros((n, N, K, R))
    own[:, 0, 0, 0] = 1.0  # against 0: member 0 prefers 0 (match)
    own[:, 1, 1, 0] = 1.0  # against 0: member 1 prefers 1 (mismatch)
    t = LinearStageTables(
        base=np.zeros((n, R)),
        delta=np.zeros((n, N, K, R)),
        own=own,
        pair=pair,
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )
    assert [len(e[0]) for e in brute_force(linear_stage._with_tolerances(t))] == [0, 0]
    for compiled in KERNELS:
        sol = solve(t, "payoff_dominant", compiled)
        assert sol.n_equilibria.tolist() == [0, 0] and sol.response.tolist() == [-1, -1]
        assert (sol.profile == -1).all() and np.isnan(sol.member_payoffs).all()
        for profiles, responses, payoffs in sol.all_equilibria:
            assert profiles.shape == (0, 2) and profiles.dtype.kind == "i"
            assert responses.shape == (0,) and responses.dtype.kind == "i"
            assert payoffs.shape == (0, 2) and payoffs.dtype == float


def test_a_member_without_allowed_strategies_leaves_no_equilibrium():
    rng = np.random.default_rng(2)
    t = random_tables(rng, 3, 2, 2, 2)
    t.allowed[1] = False
    for compiled in KERNELS:
        sol = solve(t, "first", compiled)
        assert sol.n_equilibria.tolist() == [0, 0, 0] and (sol.profile == -1).all()
        assert sol.response.tolist() == [-1] * 3 and np.isnan(sol.member_payoffs).all()
        assert sol.profile.dtype.kind == "i" and sol.response.dtype.kind == "i"
        for profiles, responses, payoffs in sol.all_equilibria:
            assert profiles.shape == (0, 2) and profiles.dtype.kind == "i"
            assert responses.shape == (0,) and responses.dtype.kind == "i"
            assert payoffs.shape == (0, 2) and payoffs.dtype == float


def test_a_member_alone_follower_copies_its_move():
    # one member; the follower answers 1 to strategy 1 (worth 2 to it), else 0. Paid 1 for
    # a match plus 0.5 for strategy 1, the member plays 1; paid for mismatching it always
    # gets 0: both moves are equilibria, the first is chosen; pinned to 0, one candidate
    n, N, K, R = 1, 1, 2, 2
    delta = np.zeros((n, N, K, R))
    delta[0, 0, 1] = [0.0, 2.0]
    match = np.zeros((n, N, K, R))
    match[0, 0, 0, 0] = match[0, 0, 1, 1] = 1.0
    t = LinearStageTables(
        base=np.array([[1.0, 0.0]]),
        delta=delta,
        own=match + np.array([0.0, 0.5])[None, None, :, None],
        pair=np.zeros((n, N, K, N, K)),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )
    mismatch = dataclasses.replace(t, own=1.0 - match)
    pinned = dataclasses.replace(t, allowed=np.array([[True, False]]))
    for compiled in KERNELS:
        sol = solve(t, "payoff_dominant", compiled)
        assert sol.n_equilibria.tolist() == [1] and sol.profile.tolist() == [[1]]
        assert sol.response.tolist() == [1] and sol.member_payoffs.tolist() == [[1.5]]
        sol = solve(mismatch, "payoff_dominant", compiled)
        assert sol.n_equilibria.tolist() == [2] and sol.all_equilibria[0][1].tolist() == [0, 1]
        assert sol.profile.tolist() == [[0]] and sol.member_payoffs.tolist() == [[0.0]]
        sol = solve(pinned, "payoff_dominant", compiled)
        assert sol.n_equilibria.tolist() == [1] and sol.profile.tolist() == [[0]]
        assert sol.response.tolist() == [0] and sol.member_payoffs.tolist() == [[1.0]]


def test_a_response_that_no_profile_makes_best_although_each_strategy_allows_it():
    # the follower's advantage of response 0 over 1, 2, 3 is the sum of two members'
    # parts; every strategy is compatible with response 0 on its own but no pair of them
    # is. The members are indifferent: all 16 profiles are equilibria, none answered by 0
    u = np.array([[-5, -5, -5], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]], float)
    N, K, R = 2, 4, 4
    delta = np.zeros((1, N, K, R))
    delta[0, :, :, 1:] = -(u - u[0])[None]
    t = LinearStageTables(
        base=np.array([[0.0, 10.0, 10.0, 10.0]]),
        delta=delta,
        own=np.zeros((1, N, K, R)),
        pair=np.zeros((1, N, K, N, K)),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
        tol_response=np.zeros(1),
        tol_member=np.zeros((1, N)),
    )
    sol, _ = assert_equal_to_brute_force(t, ("first",))
    assert sol.n_equilibria.tolist() == [16] and 0 not in sol.all_equilibria[0][1].tolist()


# ------------------------------------------------------------------ tolerances
@pytest.mark.parametrize("sparse, zero_first", [(False, True), (True, True), (False, False)])
def test_default_tolerances_are_tol_times_the_spread_plus_rounding(sparse, zero_first):
    rng = np.random.default_rng(3 + sparse)
    t = random_tables(rng, 6, 3, 3, 2, ties=False, tol=None, sparse=sparse, zero_first=zero_first)
    want_r, want_m = tolerance_loops(t)
    got = linear_stage._with_tolerances(t)
    np.testing.assert_allclose(got.tol_response, want_r, rtol=1e-12, atol=0)
    np.testing.assert_allclose(got.tol_member, want_m, rtol=1e-12, atol=0)
    tol_r, tol_m = tolerances(t.base, t.delta, t.own, t.pair)
    np.testing.assert_allclose(tol_r, want_r, rtol=1e-12, atol=0)
    np.testing.assert_allclose(tol_m, want_m, rtol=1e-12, atol=0)
    assert (want_m > 0).all() and (want_r > 0).all()
    # the kernels use them: the same equilibria as with the tolerances given explicitly
    explicit = dataclasses.replace(t, tol_response=want_r, tol_member=want_m)
    expected = brute_force(explicit)
    for compiled in KERNELS:
        sol = solve(t, "risk_averse", compiled)
        assert [len(e[0]) for e in expected] == sol.n_equilibria.tolist()
        for b, e in enumerate(expected):
            assert np.array_equal(sol.all_equilibria[b][0].reshape(-1, 3), e[0])


def test_tolerances_of_a_single_payoff_and_of_tables_without_spread():
    # one response, one member, one strategy: no spread, only rounding of the sizes
    t = LinearStageTables(
        base=np.array([[3.0], [0.0]]),
        delta=np.array([[[[-2.0]]], [[[0.0]]]]),
        own=np.array([[[[-4.0]]], [[[0.0]]]]),
        pair=np.zeros((2, 1, 1, 1, 1)),
        allowed=np.ones((1, 1), bool),
        allowed_response=np.ones(1, bool),
    )
    got = linear_stage._with_tolerances(t)
    tol_r, tol_m = tolerances(t.base, t.delta, t.own, t.pair)
    for r, m in ((got.tol_response, got.tol_member), (tol_r, tol_m)):
        assert r.tolist() == [ROUNDING * 5.0, 0.0]
        assert m.tolist() == [[ROUNDING * 4.0], [0.0]]
    # infinite payoffs: no finite tolerance, 0
    inf = dataclasses.replace(t, own=np.array([[[[np.inf]]], [[[-np.inf]]]]))
    with np.errstate(invalid="ignore"):
        assert tolerances(inf.base, inf.delta, inf.own, inf.pair)[1].tolist() == [[0.0], [0.0]]
        assert linear_stage._with_tolerances(inf).tol_member.tolist() == [[0.0], [0.0]]
    # an infinite spread (one payoff infinite, another finite): 0 as well
    spread = LinearStageTables(
        base=np.array([[np.inf, 0.0]]),
        delta=np.zeros((1, 1, 1, 2)),
        own=np.array([[[[np.inf, 0.0]]]]),
        pair=np.zeros((1, 1, 1, 1, 1)),
        allowed=np.ones((1, 1), bool),
        allowed_response=np.ones(2, bool),
    )
    with np.errstate(invalid="ignore", over="ignore"):
        tol_r, tol_m = tolerances(spread.base, spread.delta, spread.own, spread.pair)
        got = linear_stage._with_tolerances(spread)
    assert tol_r.tolist() == [0.0] and tol_m.tolist() == [[0.0]]
    assert got.tol_response.tolist() == [0.0] and got.tol_member.tolist() == [[0.0]]


def test_given_tolerances_are_kept():
    rng = np.random.default_rng(8)
    n = 12
    t = random_tables(rng, n, 2, 2, 3, tol=None)
    wide_r, wide_m = np.full(n, 1.5), np.full((n, 2), 1.5)  # payoffs 1 apart tie
    both = dataclasses.replace(t, tol_response=wide_r, tol_member=wide_m)
    assert linear_stage._with_tolerances(both) is both
    # one given: kept, the other computed
    want_r, want_m = tolerance_loops(t)
    only_r = dataclasses.replace(t, tol_response=wide_r)
    only_m = dataclasses.replace(t, tol_member=wide_m)
    got = linear_stage._with_tolerances(only_r)
    assert got.tol_response.tolist() == [1.5] * n
    np.testing.assert_allclose(got.tol_member, want_m, rtol=1e-12)
    got = linear_stage._with_tolerances(only_m)
    assert got.tol_member.tolist() == [[1.5, 1.5]] * n
    np.testing.assert_allclose(got.tol_response, want_r, rtol=1e-12)
    # both kernels solve with them: the brute-force equilibria with those values, which
    # differ from those with the default tolerances
    default = brute_force(dataclasses.replace(t, tol_response=want_r, tol_member=want_m))
    for half in (only_r, only_m, both):
        explicit = dataclasses.replace(
            half,
            tol_response=want_r if half.tol_response is None else half.tol_response,
            tol_member=want_m if half.tol_member is None else half.tol_member,
        )
        expected = brute_force(explicit)
        assert any(
            e[0].tolist() != d[0].tolist() or e[1].tolist() != d[1].tolist()
            for e, d in zip(expected, default, strict=True)
        )
        for compiled in KERNELS:
            sol = solve(half, "first", compiled)
            for b, e in enumerate(expected):
                assert np.array_equal(sol.all_equilibria[b][0].reshape(-1, 2), e[0])
                assert np.array_equal(sol.all_equilibria[b][1], e[1])


@pytest.mark.parametrize("factor", [1e-12, 1e12, 1e-300, 1e300])
def test_scaled_stages_have_the_same_equilibria(factor):
    # the tolerances are relative: computed from the tables, they scale with them
    rng = np.random.default_rng(3)
    t = random_tables(rng, 10, 3, 3, 3, tol=None)
    scaled = dataclasses.replace(
        t, **{k: getattr(t, k) * factor for k in ("base", "delta", "own", "pair")}
    )
    for compiled in KERNELS:
        a = solve(t, "payoff_dominant", compiled)
        b = solve(scaled, "payoff_dominant", compiled)
        np.testing.assert_array_equal(a.profile, b.profile)
        np.testing.assert_array_equal(a.response, b.response)
        np.testing.assert_array_equal(a.n_equilibria, b.n_equilibria)
        np.testing.assert_allclose(b.member_payoffs, a.member_payoffs * factor)
        assert a.n_equilibria.max() > 1


# ------------------------------------------------------------------ sparsity
def test_sparsity_is_found_from_pair_or_taken_as_given():
    t = critical_mass()
    assert t.sparsity() == ([1], [1])
    assert t.pair_columns().shape == (1, 2, 2, 2, 1)
    assert t.pair_columns()[0, :, :, :, 0].tolist() == t.pair[0, :, :, :, 1].tolist()
    assert zeros(1, 2, 3, 1).sparsity() == ([], [])
    # counterpart strategy 0 adding too (outside the documented convention) still counts
    rng = np.random.default_rng(4)
    dense = random_tables(rng, 2, 3, 3, 2, zero_first=False)
    assert dense.sparsity() == ([0, 1, 2], [0, 1, 2])
    given = dataclasses.replace(critical_mass(), nonzero=([0, 1], [0, 1]))
    assert given.sparsity() == ([0, 1], [0, 1])
    assert given.pair_columns().tolist() == given.pair.tolist()
    # no pair entries at all, listed with own strategies but no counterpart strategy
    # (or the other way round): the equilibria of the stage without interactions
    rng = np.random.default_rng(7)
    t = random_tables(rng, 10, 3, 2, 2)
    t.pair[:] = 0.0
    expected = brute_force(t)
    for nonzero in (([0, 1], []), ([], [0, 1])):
        listed = dataclasses.replace(t, nonzero=nonzero)
        assert_equal_to_brute_force(listed, ("risk_averse",), expected=expected)
    # listing more strategies than needed gives the same equilibria
    rng = np.random.default_rng(6)
    t = random_tables(rng, 10, 3, 3, 2, sparse=True)
    assert t.sparsity() == ([2], [2])
    expected = brute_force(t)
    wide = dataclasses.replace(t, nonzero=([1, 2], [0, 2]))
    assert_equal_to_brute_force(wide, ("payoff_dominant",), expected=expected)


def test_the_follower_tables_carry_the_follower_part():
    rng = np.random.default_rng(9)
    t = random_tables(rng, 3, 2, 3, 2)
    ft = t.follower_tables()
    assert ft.base is t.base and ft.delta is t.delta and ft.allowed is t.allowed
    assert ft.allowed_response is t.allowed_response
    assert ft.tol_response is t.tol_response and ft.tol_member is t.tol_member
    assert ft.member.shape == (3, 2, 3, 2, 1) and ft.counts.shape == (1, 3)
    assert ft.counts.dtype.kind == "i"  # StageTables.counts: (C, K) of int
    assert not ft.needs_counts  # one count vector, no count-dependent follower part


# ------------------------------------------------------------------ limits and batches
def test_the_candidate_limit_at_its_boundary(monkeypatch):
    # every payoff zero: 2**5 = 32 profiles, all equilibria, none pruned
    t = zeros(1, 5, 2, 1)
    every = np.array(list(itertools.product(range(2), repeat=5)))
    monkeypatch.setattr(linear_stage, "MAX_CANDIDATES", 32)
    for compiled in KERNELS:
        sol = solve(t, "first", compiled)
        assert sol.n_equilibria.tolist() == [32]
        assert np.array_equal(sol.all_equilibria[0][0], every)
    monkeypatch.setattr(linear_stage, "MAX_CANDIDATES", 31)
    with pytest.raises(ValueError) as err:
        solve_linear_stage(t, compiled=False)
    assert str(err.value) == "stage has 32 candidate profiles after pruning, more than 31"
    with pytest.raises(KernelOverflow) as err:
        solve_linear_stage(t, compiled=True)
    assert str(err.value) == "stage has more than 31 candidate profiles after pruning"


def test_a_stage_too_large_to_enumerate_is_refused():
    t = zeros(1, 14, 3, 1)
    with pytest.raises(ValueError) as err:
        solve_linear_stage(t, compiled=False)
    assert str(err.value) == (
        f"stage has {3**14} candidate profiles after pruning, more than {MAX_CANDIDATES}"
    )
    with pytest.raises(KernelOverflow) as err:
        solve_linear_stage(t, compiled=True)
    assert (
        str(err.value) == f"stage has more than {MAX_CANDIDATES} candidate profiles after pruning"
    )
    assert issubclass(KernelOverflow, ValueError)


@pytest.mark.parametrize("batch", [1, 2, 5])
def test_small_verification_batches_give_the_same_equilibria(monkeypatch, batch):
    rng = np.random.default_rng(50 + batch)
    t = random_tables(rng, 8, 3, 2, 2)
    t.own[:4, :, :, :] *= 0.0  # half the samples: many candidates each
    t.pair[:4] *= 0.0
    expected = brute_force(t)
    # one sample with a dominant strategy per member: a single candidate
    top = np.zeros((1, 3), int)
    t.own[7, np.arange(3), top[0], :] += 100.0
    expected = brute_force(t)
    monkeypatch.setattr(linear_stage, "BATCH", batch)
    assert_equal_to_brute_force(t, ("first",), kernels=(False,), expected=expected)


def test_many_equilibria_overflow_the_compiled_buffer_and_are_all_kept():
    # samples with 1, 32, 1 and 32 equilibria: the compiled kernel's buffer (16 rows, or
    # twice the samples) fills up and is enlarged twice; every equilibrium is returned
    n, N, K, R = 4, 5, 2, 1
    t = zeros(n, N, K, R)
    t.own[[0, 2], :, 1, 0] = 1.0  # strategy 1 dominant: one equilibrium (1, ..., 1)
    every = np.array(list(itertools.product(range(2), repeat=N)))
    tol_r, tol_m = tolerances(t.base, t.delta, t.own, t.pair)
    sample, profile, response, payoffs = solve_samples(
        t.base,
        t.delta,
        t.own,
        t.pair,
        t.allowed,
        t.allowed_response,
        tol_r,
        tol_m,
        max_candidates=1e6,
    )
    assert sorted(sample.tolist()) == [0] + [1] * 32 + [2] + [3] * 32
    for b in (1, 3):
        assert sorted(map(tuple, profile[sample == b].tolist())) == list(map(tuple, every))
    for b in (0, 2):
        assert profile[sample == b].tolist() == [[1] * N]
        assert payoffs[sample == b].tolist() == [[1.0] * N]
    assert (response == 0).all() and sample.dtype.kind == "i" and profile.dtype.kind == "i"
    sol = solve(t, "first", True)
    assert sol.n_equilibria.tolist() == [1, 32, 1, 32]
    assert sol.profile.tolist() == [[1] * N, [0] * N, [1] * N, [0] * N]


def test_solve_samples_limit_and_sparsity_arguments():
    # 32 profiles of zeros: allowed at a limit of 32, refused at 31
    t = zeros(1, 5, 2, 1)
    tol_r, tol_m = np.zeros(1), np.zeros((1, 5))
    args = (t.base, t.delta, t.own, t.pair, t.allowed, t.allowed_response, tol_r, tol_m)
    assert len(solve_samples(*args, max_candidates=32)[0]) == 32
    with pytest.raises(KernelOverflow) as err:
        solve_samples(*args, max_candidates=31)
    assert str(err.value) == "stage has more than 31 candidate profiles after pruning"
    # rows/cols given (a superset of the nonzero entries) or found: the same equilibria
    rng = np.random.default_rng(12)
    t = random_tables(rng, 10, 3, 3, 2, sparse=True)
    args = (t.base, t.delta, t.own, t.pair, t.allowed, t.allowed_response)
    args += (t.tol_response, t.tol_member)
    found = solve_samples(*args, max_candidates=1e6)
    every = np.ones(3, bool)
    wide = solve_samples(*args, max_candidates=1e6, rows=every, cols=every)
    # one of them given, the other found from pair
    half = solve_samples(*args, max_candidates=1e6, rows=every)
    other = solve_samples(*args, max_candidates=1e6, cols=every)
    expected = brute_force(t)
    for got in (found, wide, half, other):
        for b, e in enumerate(expected):
            mine = sorted(map(tuple, got[1][got[0] == b].tolist()))
            assert mine == list(map(tuple, e[0].tolist()))


def test_nan_payoffs_are_handled_alike_by_both_kernels():
    # a NaN in the follower's payoff leaves no response possible, a NaN in a member's
    # payoff makes every gain of that member not a number: no equilibrium either way,
    # while the other samples keep theirs
    rng = np.random.default_rng(13)
    for R in (3, 10):
        t = random_tables(rng, 8, 2, 2, R)
        t.base[:3, 1] = np.nan
        t.own[3:5, 0, 1, :] = np.nan
        with np.errstate(invalid="ignore"):
            a = solve_linear_stage(t, keep_all=True, compiled=False)
            b = solve_linear_stage(t, keep_all=True, compiled=True)
        assert a.n_equilibria.tolist() == b.n_equilibria.tolist()
        for x, y in zip(a.all_equilibria, b.all_equilibria, strict=True):
            assert x[0].tolist() == y[0].tolist() and x[1].tolist() == y[1].tolist()
        assert a.n_equilibria[:5].sum() == 0 and a.n_equilibria[5:].sum() > 0


# ------------------------------------------------------------------ which kernel runs
def test_kernel_choice(monkeypatch):
    # a fresh look-up (a module-level cache the clean run filled)
    monkeypatch.setattr(linear_stage, "_AVAILABLE", None)
    assert kernel_available() is True and linear_stage._AVAILABLE is True
    monkeypatch.setitem(sys.modules, "gametheory.models.linear_kernel", linear_kernel)
    assert use_compiled(2) and use_compiled(1) and use_compiled(100)
    monkeypatch.delitem(sys.modules, "gametheory.models.linear_kernel")
    assert use_compiled(2) and not use_compiled(1)
    # numba missing: always numpy
    monkeypatch.setattr(linear_stage, "_AVAILABLE", None)
    monkeypatch.setattr(linear_stage.importlib.util, "find_spec", lambda name: None)
    assert kernel_available() is False and linear_stage._AVAILABLE is False
    assert not use_compiled(2) and not use_compiled(1)


def test_the_default_kernel_is_the_compiled_one_for_batches(monkeypatch):
    calls = []
    real = linear_kernel.solve_samples

    def spy(*args, **kw):
        calls.append(kw["max_candidates"])
        return real(*args, **kw)

    monkeypatch.setattr(linear_kernel, "solve_samples", spy)
    monkeypatch.setattr(linear_stage, "_AVAILABLE", True)
    t = critical_mass(2)
    sol = solve_linear_stage(t, keep_all=True)
    assert calls == [MAX_CANDIDATES]
    assert sol.n_equilibria.tolist() == [2, 2] and sol.profile.tolist() == [[1, 1], [1, 1]]
    # one sample runs the numpy kernel until the compiled one is loaded, whatever the
    # number of members; two samples of one member each run the compiled kernel
    monkeypatch.delitem(sys.modules, "gametheory.models.linear_kernel")
    sol = solve_linear_stage(critical_mass(1))
    assert calls == [MAX_CANDIDATES] and sol.profile.tolist() == [[1, 1]]
    sol = solve_linear_stage(zeros(2, 1, 2, 1))
    assert calls == [MAX_CANDIDATES] * 2 and sol.profile.tolist() == [[0], [0]]
    monkeypatch.setattr(linear_stage, "_AVAILABLE", False)
    sol = solve_linear_stage(t, keep_all=True)
    assert calls == [MAX_CANDIDATES] * 2 and sol.profile.tolist() == [[1, 1], [1, 1]]


@pytest.mark.parametrize("R, answer", [(3, 2), (8, 7), (9, 0), (10, 0)])
def test_a_follower_payoff_that_is_not_a_number_gets_the_documented_response(R, answer):
    # one allowed strategy per member, so nothing to prune: the single profile is
    # verified. With a NaN among the follower's payoffs (or a NaN tolerance) its answer
    # is the last response for up to 8 responses and the first beyond (as
    # :func:`.stage._best_response`); the members cannot deviate: an equilibrium
    n, N, K = 2, 2, 2
    t = zeros(n, N, K, R)
    t.allowed[:, 1] = False
    t.own[:] = 1.0
    t.base[0, 1] = np.nan
    t.base[1, 1] = 5.0  # a finite best response, but a NaN tolerance
    t.tol_response = np.array([0.0, np.nan])
    t.tol_member = np.zeros((n, N))
    for compiled in KERNELS:
        with np.errstate(invalid="ignore"):
            sol = solve_linear_stage(t, keep_all=True, compiled=compiled)
        assert sol.n_equilibria.tolist() == [1, 1], compiled
        assert sol.response.tolist() == [answer, answer], compiled
        assert sol.profile.tolist() == [[0, 0], [0, 0]]
        assert sol.member_payoffs.tolist() == [[1.0, 1.0], [1.0, 1.0]]


@pytest.mark.parametrize("batch", [1, 4096])
def test_a_batch_without_candidates_does_not_end_the_search(monkeypatch, batch):
    # sample 0: response 0 is compatible with each strategy but no profile makes it the
    # best reply (as above), so its batch of response-0 candidates is empty; sample 1
    # (after it) answers 0 to every profile: 16 equilibria with response 0
    u = np.array([[-5, -5, -5], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]], float)
    n, N, K, R = 2, 2, 4, 4
    delta = np.zeros((n, N, K, R))
    delta[0, :, :, 1:] = -(u - u[0])[None]
    t = LinearStageTables(
        base=np.array([[0.0, 10.0, 10.0, 10.0], [0.0, -10.0, -10.0, -10.0]]),
        delta=delta,
        own=np.zeros((n, N, K, R)),
        pair=np.zeros((n, N, K, N, K)),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
        tol_response=np.zeros(n),
        tol_member=np.zeros((n, N)),
    )
    monkeypatch.setattr(linear_stage, "BATCH", batch)
    sol, _ = assert_equal_to_brute_force(t, ("first",), kernels=(False,))
    assert sol.n_equilibria.tolist() == [16, 16]
    assert sol.all_equilibria[1][1].tolist() == [0] * 16


def _add(a, b):
    return a + b


def test_the_jit_decorator_returns_a_function_computing_the_same():
    # numba's compiled dispatcher (or, with NUMBA_DISABLE_JIT=1, the function itself)
    fast = linear_kernel._jit(_add)
    assert callable(fast) and fast(2.0, 3.5) == 5.5 and fast(1, 2) == 3
    assert linear_kernel.AVAILABLE is True


@pytest.mark.parametrize("N", [3, 5])
def test_the_limit_counts_the_candidates_left_for_each_response(monkeypatch, N):
    # N members; the follower answers 1 only when all of them play 1 (base 5 - 10 N,
    # each 1 adds 10), so with response 1 strategy 0 is out; a member playing 1 gets +1
    # against response 1 and -1 against 0, so with response 0 strategy 1 is dominated.
    # Before the response is known nothing can be pruned (2**N profiles; 32 is more
    # than the compiled kernel verifies without pruning); for each response one
    # candidate is left, so a limit of 2**N - 1 candidates is not exceeded.
    # Equilibria: all 0 answered by 0 and all 1 answered by 1.
    n, K, R = 1, 2, 2
    delta = np.zeros((n, N, K, R))
    delta[0, :, 1, 1] = 10.0
    own = np.zeros((n, N, K, R))
    own[0, :, 1] = [-1.0, 1.0]
    t = LinearStageTables(
        base=np.array([[0.0, 5.0 - 10.0 * N]]),
        delta=delta,
        own=own,
        pair=np.zeros((n, N, K, N, K)),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )
    monkeypatch.setattr(linear_stage, "MAX_CANDIDATES", 2**N - 1)
    for compiled in KERNELS:
        sol = solve(t, "payoff_dominant", compiled)
        assert sol.all_equilibria[0][0].tolist() == [[0] * N, [1] * N]
        assert sol.all_equilibria[0][1].tolist() == [0, 1]
        assert sol.profile.tolist() == [[1] * N] and sol.member_payoffs.tolist() == [[1.0] * N]


def test_the_compiled_kernel_computes_in_double_precision_whatever_the_input_dtype():
    # tables given in single precision (and integer masks) are converted to float64
    # first: the same tolerances, equilibria and payoffs, bit for bit, as their float64
    # copies (sums of single-precision values would round differently)
    rng = np.random.default_rng(14)
    t = random_tables(rng, 10, 3, 3, 2, ties=False, tol=None)
    single = [getattr(t, k).astype(np.float32) for k in ("base", "delta", "own", "pair")]
    double = [x.astype(np.float64) for x in single]
    want = tolerances(*double)
    got = tolerances(*single)
    assert got[0].dtype == np.float64 and got[1].dtype == np.float64
    assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()
    # a follower alone (no members): its tolerance from base only
    alone = [
        single[0],
        np.zeros((10, 0, 3, 2)),
        np.zeros((10, 0, 3, 2)),
        np.zeros((10, 0, 3, 0, 3)),
    ]
    tol_r, tol_m = tolerances(*alone)
    assert tol_m.shape == (10, 0)
    assert tol_r.tolist() == tolerances(double[0], *alone[1:])[0].tolist()
    assert tol_r.tolist() == follower_tolerance(double[0], alone[1]).tolist()

    def ordered(found):
        sample, profile = found[0], found[1]
        order = np.lexsort((profile @ np.array([9, 3, 1]), sample))
        return [x[order] for x in found]

    b = solve_samples(
        *single,
        t.allowed.astype(int),
        t.allowed_response.astype(int),
        want[0].astype(np.float32),
        want[1].astype(np.float32),
        max_candidates=1e6,
        rows=np.ones(3, int),
        cols=np.ones(3, int),
    )
    a = solve_samples(
        *double,
        t.allowed,
        t.allowed_response,
        want[0].astype(np.float32).astype(np.float64),
        want[1].astype(np.float32).astype(np.float64),
        max_candidates=1e6,
    )
    assert len(a[0]) > 5
    for x, y in zip(ordered(a), ordered(b), strict=True):
        assert x.dtype == y.dtype and x.tolist() == y.tolist()


def test_a_member_whose_every_strategy_works_against_the_response():
    # member 0 is pinned to strategy 1, which favours response 1 over 0 by 5; member 1's
    # strategies 1 and 2 favour response 0 by 6; members 2-4 do not matter to the
    # follower. Everyone is indifferent (payoffs 0), so all 81 profiles are equilibria,
    # answered by 0 exactly when member 1 plays 1 or 2 (6 - 5 > 0)
    n, N, K, R = 1, 5, 3, 2
    delta = np.zeros((n, N, K, R))
    delta[0, 0, 1] = [0.0, 5.0]
    delta[0, 1, 1:] = [6.0, 0.0]
    t = LinearStageTables(
        base=np.zeros((n, R)),
        delta=delta,
        own=np.zeros((n, N, K, R)),
        pair=np.zeros((n, N, K, N, K)),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
        tol_response=np.zeros(n),
        tol_member=np.zeros((n, N)),
    )
    t.allowed[0] = [False, True, False]
    sol, expected = assert_equal_to_brute_force(t, ("first",))
    profiles, responses, _ = expected[0]
    assert len(profiles) == 81
    assert responses.tolist() == [int(p[1] == 0) for p in profiles]


def test_every_strategy_favouring_the_other_response_still_leaves_the_first():
    # the follower's base favours response 0 by 10 and member strategy k moves 1 + k
    # towards response 1, so T0 - T1 = 10 - sum(1 + k_i) is between 0 and 5: response 0
    # answers all 32 profiles (a tie at the all-1 profile goes to the first response);
    # the members are indifferent: 32 equilibria, each answered by 0
    n, N, K, R = 1, 5, 2, 2
    delta = np.zeros((n, N, K, R))
    delta[0, :, :, 1] = [1.0, 2.0]
    t = LinearStageTables(
        base=np.array([[10.0, 0.0]]),
        delta=delta,
        own=np.zeros((n, N, K, R)),
        pair=np.zeros((n, N, K, N, K)),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
        tol_response=np.zeros(n),
        tol_member=np.zeros((n, N)),
    )
    sol, _ = assert_equal_to_brute_force(t, ("first",))
    assert sol.n_equilibria.tolist() == [32] and (sol.all_equilibria[0][1] == 0).all()


def test_the_compiled_kernel_verifies_up_to_24_candidates_whatever_the_limit():
    # FEW = 24: a sample left with at most 24 candidate profiles has them all verified
    # (no further pruning, no limit); with 25 the per-response search and its limit run
    assert linear_kernel.FEW == 24
    t = zeros(1, 4, 3, 1)
    t.allowed[:3, 2] = False  # 2 * 2 * 2 * 3 = 24 profiles, all equilibria
    args = (t.base, t.delta, t.own, t.pair, t.allowed, t.allowed_response)
    tol = (np.zeros(1), np.zeros((1, 4)))
    assert len(solve_samples(*args, *tol, max_candidates=1)[0]) == 24
    t = zeros(1, 2, 5, 1)  # 25 profiles
    args = (t.base, t.delta, t.own, t.pair, t.allowed, t.allowed_response)
    tol = (np.zeros(1), np.zeros((1, 2)))
    assert len(solve_samples(*args, *tol, max_candidates=25)[0]) == 25
    with pytest.raises(KernelOverflow, match="more than 24 candidate profiles"):
        solve_samples(*args, *tol, max_candidates=24)


def test_a_deviation_can_reach_a_response_that_both_strategies_work_against():
    # one member: both strategies favour response 1 (by 1 and by 10), the base favours 0
    # by 1.5, so strategy 0 is answered by 0 and strategy 1 by 1. Strategy 1 earns 4
    # (answered by 1), strategy 0 earns 1 (answered by 0; 5 against response 1): the
    # one equilibrium is strategy 1, since a deviation to 0 meets response 0 and earns 1
    n, N, K, R = 1, 1, 2, 2
    t = LinearStageTables(
        base=np.array([[1.5, 0.0]]),
        delta=np.array([[[[0.0, 1.0], [0.0, 10.0]]]]),
        own=np.array([[[[1.0, 5.0], [2.0, 4.0]]]]),
        pair=np.zeros((n, N, K, N, K)),
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
        tol_response=np.zeros(n),
        tol_member=np.zeros((n, N)),
    )
    sol, _ = assert_equal_to_brute_force(t, ("first",))
    assert sol.all_equilibria[0][0].tolist() == [[1]] and sol.response.tolist() == [1]
    assert sol.member_payoffs.tolist() == [[4.0]]


def test_solve_samples_finds_which_strategies_interact_from_pair():
    # only member 0 playing 1 gains when member 1 plays 2: own strategy 1 and
    # counterpart strategy 2 have pair entries (not member 0 or member 1's strategy 1)
    rng = np.random.default_rng(15)
    t = random_tables(rng, 12, 3, 3, 2)
    t.pair[:] = 0.0
    t.pair[:, 0, 1, 1, 2] = 3.0
    args = (t.base, t.delta, t.own, t.pair, t.allowed, t.allowed_response)
    found = solve_samples(*args, t.tol_response, t.tol_member, max_candidates=1e6)
    expected = brute_force(t)
    assert sum(len(e[0]) for e in expected) > 5
    for b, e in enumerate(expected):
        mine = sorted(
            zip(
                map(tuple, found[1][found[0] == b].tolist()),
                found[3][found[0] == b].tolist(),
                strict=True,
            )
        )
        assert mine == list(zip(map(tuple, e[0].tolist()), e[2].tolist(), strict=True))


def test_single_precision_payoffs_are_compared_in_double_precision():
    # one member: strategy 0 pays 1e-8, strategy 1 pays 1 (in float32); the gain of
    # switching, 1 - 1e-8 in double precision, is within the member's tolerance of
    # 0.999999995, so both strategies are equilibria (in single precision the gain
    # would round to 1). The same through pair entries, with a second member
    tol_r = np.zeros(1)
    own = np.array([[[[1e-8], [1.0]]]], dtype=np.float32)
    args = (np.zeros((1, 1), np.float32), np.zeros((1, 1, 2, 1), np.float32), own)
    args += (np.zeros((1, 1, 2, 1, 2), np.float32), np.ones((1, 2), bool), np.ones(1, bool))
    found = solve_samples(*args, tol_r, np.full((1, 1), 0.999999995), max_candidates=1e6)
    assert sorted(found[1].tolist()) == [[0], [1]]
    pair = np.zeros((1, 2, 2, 2, 2), np.float32)
    pair[0, 0, :, 1, 1] = [1e-8, 1.0]  # member 0's strategies against member 1's 1
    own = np.zeros((1, 2, 2, 1), np.float32)
    args = (np.zeros((1, 1), np.float32), np.zeros((1, 2, 2, 1), np.float32), own, pair)
    pinned = np.array([[True, True], [False, True]])  # member 1 plays 1
    args += (pinned, np.ones(1, bool), tol_r)
    found = solve_samples(*args, np.array([[0.999999995, 0.0]]), max_candidates=1e6)
    assert sorted(found[1].tolist()) == [[0, 1], [1, 1]]
