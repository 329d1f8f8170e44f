"""Gap tests for gametheory/solvers/logit.py found by mutation testing.

Each test states a fact about the solver: the QRE equations checked at the path's points
by a brute-force sum over pure profiles, the Jacobian against finite differences, the
step-size rule on a game whose branch is the lambda axis, known equilibria of small games
in closed form, an exact warning or error message, or a limit at its boundary.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory._contract import PayoffKernel
from gametheory.errors import InvalidGameError
from gametheory.solvers import logit
from gametheory.solvers._common import regret_bound
from gametheory.solvers.logit import (
    LogitPath,
    logit_solve,
    normalized_payoffs,
    polish,
    polish_point,
    support_candidates,
)

PENNIES = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
PRISONERS = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
# battle of the sexes: the mixed equilibrium is Row (3/4, 1/4), Column (1/4, 3/4)
SEXES = NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])


def volunteers() -> NormalFormGame:
    """Three players; volunteering costs 1, anyone volunteering gives everyone 2. The
    symmetric equilibrium ignores with probability 1/sqrt(2)."""

    def pay(p):
        anyone = any(s == "V" for s in p.values())
        return {k: (2 if anyone else 0) - (1 if s == "V" else 0) for k, s in p.items()}

    return NormalFormGame.from_payoff_function(pay, {n: ["V", "I"] for n in ("A", "B", "C")})


def random_game(shape, seed) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    return NormalFormGame.from_payoff_array(rng.normal(size=(*shape, len(shape))))


def own_payoffs(P: np.ndarray, vecs) -> list[np.ndarray]:
    """u_i(k, sigma_-i) for every player and pure strategy, by a sum over all profiles."""
    n = P.shape[-1]
    out = [np.zeros(P.shape[i]) for i in range(n)]
    for idx in itertools.product(*(range(m) for m in P.shape[:-1])):
        for i in range(n):
            w = math.prod(float(vecs[j][idx[j]]) for j in range(n) if j != i)
            out[i][idx[i]] += w * P[idx + (i,)]
    return out


def brute_regret(P: np.ndarray, vecs) -> float:
    u = own_payoffs(P, vecs)
    return max(float(u[i].max() - u[i] @ vecs[i]) for i in range(P.shape[-1]))


def split(flat, shape):
    cuts = np.cumsum(shape)[:-1]
    return np.split(np.asarray(flat, dtype=float), cuts)


def qre_gap(P: np.ndarray, lam: float, sigma: np.ndarray) -> float:
    """How far ``sigma`` is from the logit QRE at ``lam``: sigma_i = softmax(lam u_i)."""
    vecs = split(sigma, P.shape[:-1])
    worst = 0.0
    for v, u in zip(vecs, own_payoffs(P, vecs), strict=True):
        e = np.exp(lam * (u - u.max()))
        worst = max(worst, float(np.abs(v - e / e.sum()).max()))
    return worst


def path_points(game, **options):
    P, _ = normalized_payoffs(game)
    kw = {"max_lambda": 1e9, "max_steps": 10_000, "deadline": np.inf, **options}
    path = LogitPath(PayoffKernel(P), **kw)
    return path, list(path)


# ------------------------------------------------------------------ normalized_payoffs
def test_payoffs_are_mapped_affinely_onto_zero_one_with_the_spread_as_scale():
    P, scale = normalized_payoffs(PRISONERS)
    assert scale == 5.0
    np.testing.assert_array_equal(P, PRISONERS.payoffs / 5.0)
    shifted = NormalFormGame.from_bimatrix([[-3, 1], [7, 2]], [[0, 5], [-1, 4]])
    P, scale = normalized_payoffs(shifted)
    assert scale == 10.0
    np.testing.assert_allclose(P, (shifted.payoffs + 3) / 10, atol=1e-15)
    assert P.min() == 0.0 and P.max() == 1.0


def test_constant_payoffs_have_scale_zero_and_all_zero_normalised_payoffs():
    P, scale = normalized_payoffs(NormalFormGame.from_payoff_array(np.full((2, 3, 2), 4.0)))
    assert scale == 0.0
    assert P.shape == (2, 3, 2) and not P.any()


def test_rounding_never_takes_a_normalised_payoff_past_one():
    # -0.8 / 0.6 - (-1.4) / 0.6 rounds to 1.0000000000000002 before the clip
    g = NormalFormGame.from_payoff_array(
        np.array([[[-1.4, -0.8], [-1.0, -1.2]], [[-0.9, -1.1], [-0.8, -1.4]]])
    )
    P, scale = normalized_payoffs(g)
    assert P.max() == 1.0 and P.min() == 0.0
    assert scale == pytest.approx(0.6, abs=1e-15)


def test_payoffs_near_the_float_limit_keep_a_finite_scale():
    g = NormalFormGame.from_bimatrix([[1e308, -1e308], [-1e308, 1e308]])
    P, scale = normalized_payoffs(g)
    assert scale == np.finfo(float).max
    assert np.all(np.isfinite(P)) and P.min() == 0.0 and P.max() == 1.0


# ------------------------------------------------------------------ the path
def test_a_path_starts_at_uniform_play_with_no_steps_taken():
    path = LogitPath(
        PayoffKernel(normalized_payoffs(SEXES)[0]), max_lambda=1, max_steps=5, deadline=np.inf
    )
    assert path.status == "running" and path.steps == 0 and path.lam == 0.0
    np.testing.assert_array_equal(path.sigma, [0.5, 0.5, 0.5, 0.5])
    lam, sigma = next(iter(path))
    assert lam == 0.0
    np.testing.assert_array_equal(sigma, [0.5, 0.5, 0.5, 0.5])


def test_steps_start_at_first_step_and_double_after_easy_corrections():
    # matching pennies: every QRE is uniform play, so the branch is the lambda axis and
    # the corrector has nothing to correct; step k has length 0.03 * 2**k
    path, pts = path_points(PENNIES, max_steps=6)
    lams = [lam for lam, _ in pts]
    np.testing.assert_allclose(lams, [0.03 * (2**k - 1) for k in range(7)], rtol=1e-12)
    for _, sigma in pts:
        np.testing.assert_allclose(sigma, 0.5, atol=1e-15)
    assert path.status == "max_steps" and path.steps == 6
    assert path.lam == lams[-1]
    np.testing.assert_array_equal(path.sigma, pts[-1][1])


def test_first_step_and_max_step_set_the_step_lengths():
    _, pts = path_points(PENNIES, max_steps=5, first_step=0.1, max_step=0.25)
    np.testing.assert_allclose([lam for lam, _ in pts], [0, 0.1, 0.3, 0.55, 0.8, 1.05])


def test_the_path_stops_at_the_first_point_at_or_past_max_lambda():
    _, pts = path_points(PENNIES, max_steps=6)
    third = pts[3][0]  # 0.03 + 0.06 + 0.12, as the path computes it
    path, stopped = path_points(PENNIES, max_lambda=third)
    assert [lam for lam, _ in stopped] == [lam for lam, _ in pts[:4]]
    assert path.status == "max_lambda" and path.steps == 3
    path, stopped = path_points(PENNIES, max_lambda=np.nextafter(third, 1.0))
    assert len(stopped) == 5 and path.status == "max_lambda"


def test_max_steps_counts_every_step_tried():
    path, pts = path_points(PENNIES, max_steps=1)
    assert len(pts) == 2 and path.steps == 1 and path.status == "max_steps"


def test_a_passed_deadline_stops_the_path_after_uniform_play():
    path, pts = path_points(SEXES, deadline=-np.inf)
    assert len(pts) == 1 and path.status == "time" and path.steps == 0


def test_a_corrector_that_never_converges_halves_the_step_until_it_gives_up():
    # with a zero tolerance the corrector fails at every step; 0.03 / 2**29 < 1e-10
    path, pts = path_points(random_game((2, 3), 1), corrector_tol=0.0)
    assert len(pts) == 1 and path.status == "step_failure" and path.steps == 29
    assert path.lam == 0.0


@pytest.mark.parametrize(("shape", "seed"), [((2, 3), 1), ((2, 2, 2), 2), ((3, 2, 2), 3)])
def test_every_point_of_the_path_is_a_logit_qre_of_the_normalised_game(shape, seed):
    game = random_game(shape, seed)
    P, _ = normalized_payoffs(game)
    path, pts = path_points(game, max_lambda=30.0)
    assert path.status == "max_lambda" and pts[-1][0] >= 30.0
    assert len(pts) > 5
    for lam, sigma in pts:
        assert qre_gap(P, lam, sigma) < 1e-9
        for v in split(sigma, shape):
            assert abs(v.sum() - 1) < 1e-9


def test_the_path_of_a_dominance_solvable_game_approaches_its_equilibrium():
    P, _ = normalized_payoffs(PRISONERS)
    path, pts = path_points(PRISONERS, max_lambda=200.0)
    lams = [lam for lam, _ in pts]
    assert all(b > a for a, b in zip(lams, lams[1:], strict=False))
    assert pts[-1][1][1] > 1 - 1e-15 and pts[-1][1][3] > 1 - 1e-15  # both defect
    assert qre_gap(P, *pts[-1]) < 1e-9


def test_residual_is_the_logit_system_and_the_jacobian_its_derivative():
    rng = np.random.default_rng(4)
    game = random_game((2, 3, 2), 5)
    P, _ = normalized_payoffs(game)
    path = LogitPath(PayoffKernel(P), max_lambda=1, max_steps=1, deadline=np.inf)
    shape = (2, 3, 2)
    sigma = np.concatenate([rng.dirichlet(np.ones(n)) for n in shape]) * 1.1
    lam = 2.5
    y = np.concatenate([np.log(sigma), [lam]])
    vecs = split(sigma, shape)
    u = own_payoffs(P, vecs)
    expected = []
    for v, ui in zip(vecs, u, strict=True):
        expected.append(v.sum() - 1.0)  # each player's first row: probabilities sum to one
        expected.extend(np.log(v[1:]) - np.log(v[0]) - lam * (ui[1:] - ui[0]))
    H = path.residual(y)
    np.testing.assert_allclose(H, expected, atol=1e-12)
    H2, J = path.jacobian(y)
    np.testing.assert_allclose(H2, expected, atol=1e-12)
    assert J.shape == (7, 8)
    eps = 1e-6
    for c in range(8):
        e = np.zeros(8)
        e[c] = eps
        column = (path.residual(y + e) - path.residual(y - e)) / (2 * eps)
        np.testing.assert_allclose(J[:, c], column, atol=1e-7)


def test_tangent_is_the_unit_null_vector_oriented_by_lambda_then_by_the_last_tangent():
    game = random_game((2, 3), 7)
    path = LogitPath(
        PayoffKernel(normalized_payoffs(game)[0]), max_lambda=1, max_steps=1, deadline=np.inf
    )
    y = np.concatenate([np.log(path.sigma), [0.0]])
    _, J = path.jacobian(y)
    t, _, _ = LogitPath._tangent(J, None)
    assert abs(np.linalg.norm(t) - 1) < 1e-12 and np.abs(J @ t).max() < 1e-12
    assert t[-1] > 0  # the branch leaves uniform play towards larger lambda
    back, _, _ = LogitPath._tangent(J, -t)
    np.testing.assert_allclose(back, -t, atol=1e-12)
    same, _, _ = LogitPath._tangent(J, t)
    np.testing.assert_allclose(same, t, atol=1e-12)
    sign = np.sign(np.linalg.det(np.vstack([J, t])))
    assert LogitPath._orientation(J, t) == sign != 0
    assert LogitPath._orientation(J, -t) == -sign


def test_corrector_returns_to_the_branch_and_refuses_a_far_jump():
    game = random_game((3, 3), 8)
    P, _ = normalized_payoffs(game)
    path = LogitPath(PayoffKernel(P), max_lambda=1, max_steps=1, deadline=np.inf)
    _, pts = path_points(game, max_lambda=3.0)
    lam, sigma = pts[-1]
    y = np.concatenate([np.log(sigma), [lam]])
    _, J = path.jacobian(y)
    t, _, _ = LogitPath._tangent(J, None)
    h = 0.05
    y_new, iters = path._correct(y + h * t, h)
    assert y_new is not None and 1 <= iters <= 8
    assert np.abs(path.residual(y_new)).max() < 1e-9
    assert np.abs(y_new - (y + h * t)).max() <= 0.5 * h
    # a point off the branch by far more than half the step cannot be corrected
    off = y + h * t
    off[0] += 1.0
    assert path._correct(off, h)[0] is None


# ------------------------------------------------------------------ polishing
def test_polish_solves_the_support_conditions_of_a_two_player_mixed_equilibrium():
    k = PayoffKernel(SEXES.payoffs.astype(float))
    full = (np.arange(2), np.arange(2))
    for start in ([0.9, 0.1, 0.2, 0.8], [0.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.3, 0.7]):
        vecs = polish(k, np.array(start), full)
        assert vecs is not None
        np.testing.assert_allclose(vecs[0], [0.75, 0.25], atol=1e-14)
        np.testing.assert_allclose(vecs[1], [0.25, 0.75], atol=1e-14)


def test_polish_solves_a_three_player_system_with_an_irrational_solution():
    game = volunteers()
    k = PayoffKernel(game.payoffs.astype(float))
    vecs = polish(k, np.full(6, 0.5), (np.arange(2),) * 3)
    assert vecs is not None
    for v in vecs:
        np.testing.assert_allclose(v, [1 - 2**-0.5, 2**-0.5], atol=1e-14)
        assert v.sum() == pytest.approx(1.0, abs=1e-15)


def test_polish_refuses_a_support_whose_solution_has_negative_probabilities():
    # full support of the prisoners' dilemma: indifference needs Column to cooperate
    # with probability -1
    k = PayoffKernel(PRISONERS.payoffs.astype(float))
    assert polish(k, np.full(4, 0.5), (np.arange(2), np.arange(2))) is None


def test_polish_of_a_pure_support_is_that_pure_profile():
    k = PayoffKernel(PRISONERS.payoffs.astype(float))
    vecs = polish(k, np.full(4, 0.5), (np.array([1]), np.array([0])))
    np.testing.assert_array_equal(vecs[0], [0.0, 1.0])
    np.testing.assert_array_equal(vecs[1], [1.0, 0.0])


def test_support_candidates_are_the_strategies_within_each_ratio_of_the_mode():
    k = PayoffKernel(np.zeros((5, 2, 2)))
    v = np.array([1.0, 0.05, 0.005, 5e-6, 1e-9])
    sups = support_candidates(k, np.concatenate([v, [0.5, 0.5]]))
    assert [tuple(map(tuple, s)) for s in sups] == [
        ((0, 1), (0, 1)),
        ((0, 1, 2), (0, 1)),
        ((0, 1, 2, 3), (0, 1)),
    ]
    # a strategy exactly at a ratio counts; equal supports are listed once
    w = np.array([0.5, 0.005, 0.0, 0.0, 0.0])
    sups = support_candidates(k, np.concatenate([w, [1.0, 0.0]]))
    assert [tuple(map(tuple, s)) for s in sups] == [((0, 1), (0,))]


def test_polish_point_adds_the_best_reply_of_the_player_with_the_largest_regret():
    # Row mixes 1 and 2 (1/2 each), Column mixes (1/3, 2/3); the point suggests Row's
    # pure strategy 1, where Row regrets most and its best reply is strategy 2
    game = NormalFormGame.from_bimatrix([[2, 0], [0, 1], [0, 0]], [[0, 1], [1, 0], [0, 0]])
    k = PayoffKernel(game.payoffs.astype(float))
    sigma = np.array([1.0, 0.0, 0.0, 0.2, 0.8])
    assert [tuple(map(tuple, s)) for s in support_candidates(k, sigma)] == [((0,), (0, 1))]
    assert polish_point(k, sigma, tol=1e-12, max_adjust=1) is None
    for adjust in (2, 3):
        vecs = polish_point(k, sigma, tol=1e-12, max_adjust=adjust)
        np.testing.assert_allclose(vecs[0], [0.5, 0.5, 0.0], atol=1e-14)
        np.testing.assert_allclose(vecs[1], [1 / 3, 2 / 3], atol=1e-14)
    vecs = polish_point(k, sigma, tol=1e-12)  # three tries by default
    np.testing.assert_allclose(vecs[1], [1 / 3, 2 / 3], atol=1e-14)


def test_polish_point_accepts_only_profiles_within_tol():
    k = PayoffKernel(SEXES.payoffs.astype(float))
    sigma = np.array([0.7, 0.3, 0.3, 0.7])
    vecs = polish_point(k, sigma, tol=1e-12)
    assert k.regret(vecs) <= 1e-12
    np.testing.assert_allclose(vecs[0], [0.75, 0.25], atol=1e-14)
    # pennies from a point suggesting (heads, mixed): no support tried polishes
    k = PayoffKernel(PENNIES.payoffs.astype(float))
    assert polish_point(k, np.array([1.0, 0.0, 0.5, 0.5]), tol=1e-12) is None


# ------------------------------------------------------------------ logit_solve
@pytest.mark.parametrize("option", ["tol", "max_lambda", "max_time", "first_step"])
@pytest.mark.parametrize("value", [0, 0.0, -1e-300, "1", None, float("nan")])
def test_positive_number_options_reject_zero_negative_and_non_numbers(option, value):
    message = f"logit option {option} must be a positive number, got {value!r}"
    with pytest.raises(InvalidGameError) as err:
        logit_solve(SEXES, **{option: value})
    assert str(err.value) == message


@pytest.mark.parametrize("value", [0, -3, 2.0, "5", None])
def test_max_steps_must_be_a_positive_integer(value):
    with pytest.raises(InvalidGameError) as err:
        logit_solve(SEXES, max_steps=value)
    assert str(err.value) == f"logit option max_steps must be a positive integer, got {value!r}"


def test_smallest_accepted_options_run():
    res = logit_solve(PENNIES, max_steps=1, tol=5e-324, max_lambda=5e-324)
    assert res.options == {"tol": 5e-324, "max_lambda": 5e-324, "max_steps": 1, "max_time": 60.0}
    # the path stops at its first point; the last point is uniform play, the equilibrium
    assert len(res) == 1 and res[0].regret == 0.0


def test_result_records_the_method_scope_and_options():
    res = logit_solve(SEXES, tol=1e-9, max_lambda=1e6, max_steps=500, max_time=30.0)
    assert res.method == "logit" and res.scope == "one" and not res.complete
    assert not res.exact and res.warnings == ()
    assert res.options == {"tol": 1e-9, "max_lambda": 1e6, "max_steps": 500, "max_time": 30.0}
    default = logit_solve(SEXES)
    assert default.options == {
        "tol": 1e-10,
        "max_lambda": 1e7,
        "max_steps": 20_000,
        "max_time": 60.0,
    }


def test_constant_game_returns_uniform_play_with_the_result_fields():
    game = NormalFormGame.from_payoff_array(np.full((2, 3, 2), 7.0))
    res = logit_solve(game, max_steps=3)
    assert res.game is game
    assert res.method == "logit" and res.scope == "one" and res.warnings == ()
    assert res.options["max_steps"] == 3
    (eq,) = res.equilibria
    np.testing.assert_array_equal(eq.vectors[0], [0.5, 0.5])
    np.testing.assert_array_equal(eq.vectors[1], [1 / 3, 1 / 3, 1 / 3])
    assert eq.regret <= 1e-15


@pytest.mark.parametrize(
    ("game", "expected"),
    [
        (SEXES, [[0.75, 0.25], [0.25, 0.75]]),  # the logit limit of battle of the sexes
        (PRISONERS, [[0, 1], [0, 1]]),
        (volunteers(), [[1 - 2**-0.5, 2**-0.5]] * 3),
    ],
    ids=["sexes", "prisoners", "volunteers"],
)
def test_known_equilibria_selected_by_the_logit_path(game, expected):
    res = logit_solve(game)
    assert res.game is game
    assert res.method == "logit" and res.scope == "one" and res.warnings == ()
    (eq,) = res.equilibria
    for v, e in zip(eq.vectors, expected, strict=True):
        np.testing.assert_allclose(v, e, atol=1e-12)
    assert brute_regret(game.payoffs.astype(float), eq.vectors) <= 1e-12


def test_a_three_player_dominance_solvable_game_ends_at_its_pure_equilibrium():
    # each player gains 1 by playing 1, whatever the others do, plus a shared bonus
    P = np.zeros((2, 2, 2, 3))
    for idx in np.ndindex(2, 2, 2):
        P[idx] = [idx[i] + 0.3 * sum(idx) * (i + 1) for i in range(3)]
    game = NormalFormGame.from_payoff_array(P)
    (eq,) = logit_solve(game).equilibria
    for v in eq.vectors:
        np.testing.assert_array_equal(v, [0.0, 1.0])
    assert eq.regret == 0.0


def test_a_path_that_ends_in_mixed_play_of_a_dominance_solvable_game_reports_nothing():
    # the prisoners' dilemma by lambda 100 polishes to mutual defection; a path cut at
    # lambda 1 ends in mixed play, whose only support (both strategies) solves to a
    # negative probability: no equilibrium, and a warning
    res = logit_solve(PRISONERS, max_lambda=100.0)
    assert len(res) == 1 and res.warnings == ()
    np.testing.assert_array_equal(res[0].vectors[0], [0.0, 1.0])
    res = logit_solve(PRISONERS, max_lambda=1.0)
    assert res.equilibria == () and len(res.warnings) == 1


def expected_last_point(game, **options):
    """The last point of the path logit_solve follows (same options, corrector 1e-6)."""
    kw = {"max_lambda": 1e7, "max_steps": 20_000, "first_step": 0.03, **options}
    path, pts = path_points(game, corrector_tol=1e-6, **kw)
    return path.lam, pts[-1][1]


def test_warning_when_the_path_ends_at_max_lambda_names_lambda_and_the_regret():
    lam, sigma = expected_last_point(PRISONERS, max_lambda=2.0)
    regret = PRISONERS.regret(split(sigma, (2, 2)))
    res = logit_solve(PRISONERS, max_lambda=2.0)
    assert res.game is PRISONERS
    assert res.equilibria == () and res.method == "logit" and res.scope == "one"
    assert res.options["max_lambda"] == 2.0
    assert res.warnings == (
        f"logit did not converge: the path reached lambda={lam:.3g} (max_lambda) without a "
        f"profile that polishes to an equilibrium (regret of the last point {regret:.3g} > "
        f"{regret_bound(PRISONERS, 1e-10):.3g}, tol=1e-10 times the payoff spread); no "
        "equilibrium is reported",
    )
    assert lam >= 2.0 and regret > 0.3


def test_warning_when_the_path_runs_out_of_steps():
    game = random_game((3, 3, 3), 5)
    lam, sigma = expected_last_point(game, max_steps=2)
    regret = game.regret(split(sigma, (3, 3, 3)))
    res = logit_solve(game, max_steps=2, tol=1e-9)
    assert res.equilibria == ()
    assert res.warnings == (
        f"logit did not converge: the path stopped after max_steps=2 steps at lambda={lam:.3g}"
        f" without a profile that polishes to an equilibrium (regret of the last point "
        f"{regret:.3g} > {regret_bound(game, 1e-9):.3g}, tol=1e-09 times the payoff spread); "
        "no equilibrium is reported",
    )


def test_warning_when_the_path_runs_out_of_time():
    game = random_game((3, 3, 3), 5)
    regret = game.regret([np.full(3, 1 / 3)] * 3)
    res = logit_solve(game, max_time=1e-9)
    assert res.equilibria == ()
    assert res.warnings == (
        "logit did not converge: the path ran out of time (max_time=1e-09 s) at lambda=0 "
        "without a profile that polishes to an equilibrium (regret of the last point "
        f"{regret:.3g} > {regret_bound(game, 1e-10):.3g}, tol=1e-10 times the payoff spread); "
        "no equilibrium is reported",
    )


def test_warning_when_the_corrector_fails_at_every_step(monkeypatch):
    monkeypatch.setattr(LogitPath, "_correct", lambda self, y, h: (None, 1))
    game = random_game((3, 3, 3), 5)
    regret = game.regret([np.full(3, 1 / 3)] * 3)
    res = logit_solve(game)
    assert res.equilibria == ()
    assert res.warnings == (
        "logit did not converge: the path could not be continued past lambda=0 without a "
        "profile that polishes to an equilibrium (regret of the last point "
        f"{regret:.3g} > {regret_bound(game, 1e-10):.3g}, tol=1e-10 times the payoff spread); "
        "no equilibrium is reported",
    )


def test_the_regret_of_the_returned_profile_is_at_most_tol_in_game_units():
    game = NormalFormGame.from_payoff_array(1e6 * random_game((2, 2, 2), 9).payoffs)
    res = logit_solve(game, tol=1e-6)
    assert len(res) == 1
    assert brute_regret(game.payoffs.astype(float), res[0].vectors) <= 1e-6


def test_polishing_uses_half_of_tol_in_normalised_units_at_most_5e_11(monkeypatch):
    calls = []
    real = logit._certify

    def counting(game, kernel, sigma, *, tol, inner_tol):
        calls.append(inner_tol)
        return real(game, kernel, sigma, tol=tol, inner_tol=inner_tol)

    monkeypatch.setattr(logit, "_certify", counting)
    res = logit_solve(SEXES)
    assert len(res) == 1 and calls
    # inner tolerance: half of the regret bound in normalised units, at most 1e-10 / 2
    assert calls[0] == min(regret_bound(SEXES, 1e-10) / 3.0, 1e-10) * 0.5
    calls.clear()
    logit_solve(SEXES, tol=1e-12)
    assert calls[0] == regret_bound(SEXES, 1e-12) / 3.0 * 0.5
    calls.clear()
    logit_solve(SEXES, tol=1e-3)
    assert calls[0] == 0.5e-10


def test_a_branch_on_the_lambda_axis_needs_no_correction_even_with_zero_tolerance():
    # every QRE of matching pennies is uniform: the predicted points are exact, so a
    # corrector tolerance of zero accepts them at the first iteration
    path, pts = path_points(PENNIES, max_steps=4, corrector_tol=0.0)
    np.testing.assert_allclose([lam for lam, _ in pts], [0, 0.03, 0.09, 0.21, 0.45], rtol=1e-12)
    assert path.status == "max_steps"


def test_the_step_gives_up_only_below_1e_10():
    # a first step of 2**29 * 1e-10 halves to exactly 1e-10 after 29 failures, and is
    # tried once more at that length
    first = 2.0**29 * 1e-10
    path, pts = path_points(random_game((2, 3), 1), corrector_tol=0.0, first_step=first)
    assert len(pts) == 1 and path.status == "step_failure" and path.steps == 30


def test_step_length_doubles_after_easy_corrections_and_halves_after_rejections(monkeypatch):
    """The documented step rule, read off every corrector call along a path: after an
    accepted step corrected in at most 3 iterations the next step is twice as long (at
    most max_step), after a harder one it keeps its length, after a failure or a
    rejected step it is half as long."""
    events = []
    residuals = []
    real = LogitPath._correct
    real_residual = LogitPath.residual

    def spy(self, y, h):
        residuals.clear()
        y_new, iters = real(self, y, h)
        events.append((h, y_new, iters))
        # iters counts Newton iterations: the first uses the residual computed with the
        # Jacobian, each later one a fresh residual; at most 8 iterations
        if y_new is not None:
            assert 1 <= iters <= 8 and len(residuals) == iters - 1
        assert len(residuals) <= 8
        return y_new, iters

    def counting_residual(self, y):
        residuals.append(1)
        return real_residual(self, y)

    monkeypatch.setattr(LogitPath, "_correct", spy)
    monkeypatch.setattr(LogitPath, "residual", counting_residual)
    game = random_game((3, 3, 2), 5)
    P, _ = normalized_payoffs(game)
    path = LogitPath(
        PayoffKernel(P),
        max_lambda=60.0,
        max_steps=400,
        deadline=np.inf,
        first_step=0.5,
        max_step=4.0,
    )
    accepted = {float(lam) for lam, _ in path}
    assert path.status == "max_lambda"
    assert events[0][0] == 0.5
    seen = set()
    for (h, y_new, iters), (h_next, _, _) in zip(events, events[1:], strict=False):
        ok = y_new is not None and float(y_new[-1]) in accepted
        if not ok:
            assert h_next == h / 2
            seen.add("failed" if y_new is None else "rejected")
        elif iters <= 3:
            assert h_next == min(2 * h, 4.0)
            seen.add(f"easy {iters}")
        else:
            assert h_next == h
            seen.add(f"hard {iters}")
    # the path met each kind of step (so every branch of the rule was checked)
    assert {"failed", "rejected", "easy 3", "hard 4"} <= seen, seen


def test_polishing_checks_come_when_lambda_first_passes_4_8_16_and_so_on(monkeypatch):
    events = []
    real_iter = LogitPath.__iter__

    def recording_iter(self):
        for lam, sigma in real_iter(self):
            events.append(("point", lam))
            yield lam, sigma

    real_certify = logit._certify

    def recording_certify(game, kernel, sigma, *, tol, inner_tol):
        events.append(("check", None))
        return real_certify(game, kernel, sigma, tol=tol, inner_tol=inner_tol)

    monkeypatch.setattr(LogitPath, "__iter__", recording_iter)
    monkeypatch.setattr(logit, "_certify", recording_certify)
    game = random_game((2, 2, 2), 0)
    res = logit_solve(game)
    assert len(res) == 1
    next_check = 4.0
    checks = 0
    for (kind, lam), after in zip(events, events[1:] + [("end", None)], strict=True):
        if kind != "point":
            continue
        if lam >= next_check:
            assert after[0] == "check", (lam, next_check)
            checks += 1
            while next_check <= lam:
                next_check *= 2
        else:
            assert after[0] != "check", (lam, next_check)
    assert checks >= 2
    # pennies with a first step of exactly 4: the first point, at lambda 4, is checked;
    # uniform play polishes at distance 0 from the path at that check and the next one
    # (lambda 12), where the answer is returned
    events.clear()
    res = logit_solve(PENNIES, first_step=4.0)
    assert events == [
        ("point", 0.0),
        ("point", 4.0),
        ("check", None),
        ("point", 12.0),
        ("check", None),
    ]
    np.testing.assert_array_equal(res[0].vectors[0], [0.5, 0.5])


def test_newton_step_solves_a_regular_system_and_takes_the_minimum_norm_step_otherwise():
    step = logit._newton_step(np.array([[2.0, 0.0], [0.0, 4.0]]), np.array([-2.0, -2.0]))
    np.testing.assert_allclose(step, [1.0, 0.5], atol=1e-15)
    # singular: x + y = 2 twice; the minimum-norm solution is (1, 1)
    step = logit._newton_step(np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-2.0, -2.0]))
    np.testing.assert_allclose(step, [1.0, 1.0], atol=1e-12)


def test_payoffs_spread_exactly_one_are_solved_not_taken_as_constant():
    game = NormalFormGame.from_payoff_array(PRISONERS.payoffs / 5.0)
    assert normalized_payoffs(game)[1] == 1.0
    (eq,) = logit_solve(game).equilibria
    np.testing.assert_array_equal(eq.vectors[0], [0.0, 1.0])
    np.testing.assert_array_equal(eq.vectors[1], [0.0, 1.0])


def test_first_step_is_the_length_of_the_first_step_of_logit_solve():
    game = random_game((3, 3, 3), 5)
    lam, _ = expected_last_point(game, max_steps=1, first_step=0.2)
    res = logit_solve(game, max_steps=1, first_step=0.2)
    assert f"at lambda={lam:.3g} " in res.warnings[0]
    assert 0.1 < lam <= 0.2


def test_a_pure_equilibrium_has_regret_exactly_zero_and_passes_a_zero_tolerance():
    k = PayoffKernel(PRISONERS.payoffs.astype(float))
    sigma = np.array([0.001, 0.999, 0.001, 0.999])
    vecs = polish_point(k, sigma, tol=0.0)
    np.testing.assert_array_equal(vecs[0], [0.0, 1.0])
    eq = logit._certify(PRISONERS, k, sigma, tol=0.0, inner_tol=0.0)
    assert eq is not None and eq.regret == 0.0
    np.testing.assert_array_equal(eq.vectors[1], [0.0, 1.0])


def test_profiles_within_1e_7_are_the_same_and_distance_is_the_max_norm():
    from types import SimpleNamespace

    a = SimpleNamespace(vectors=(np.array([0.0, 1.0]), np.array([0.25, 0.75])))
    b = SimpleNamespace(vectors=(np.array([1e-7, 1.0 - 1e-7]), np.array([0.25, 0.75])))
    c = SimpleNamespace(vectors=(np.array([0.0, 1.0]), np.array([0.25 + 2e-7, 0.75])))
    assert logit._same_profile(a, b) and logit._same_profile(b, a)
    assert not logit._same_profile(a, c)
    k = PayoffKernel(np.zeros((2, 2, 2)))
    sigma = np.array([0.5, 0.5, 0.25, 0.75])
    assert logit._distance(k, sigma, a) == 0.5
    d = SimpleNamespace(vectors=(np.array([0.5, 0.5]), np.array([0.25 + 2e-7, 0.75 - 2e-7])))
    assert logit._distance(k, sigma, d) == pytest.approx(2e-7, abs=1e-16)


def test_a_badly_scaled_regular_system_is_solved_and_a_huge_step_is_replaced():
    # LU solves diag(1, 1e-17) exactly; the least-squares step would drop the tiny
    # singular value (below rounding) and give (1, 0)
    J = np.diag([1.0, 1e-17])
    np.testing.assert_array_equal(logit._newton_step(J, np.array([-1.0, -1e-17])), [1.0, 1.0])
    # a step of 1e6 or more is taken for near-singularity: the least-squares step instead
    step = logit._newton_step(J, np.array([-1e6, -1e-17]))
    np.testing.assert_array_equal(step, [1e6, 0.0])


def test_the_regret_bound_holds_in_game_units_where_rounding_exceeds_tol():
    # payoffs near 1e6: the regret of a mixed profile computed in the game carries
    # rounding of about 1e-10, above tol; only a profile whose regret in the game is
    # within tol may be returned
    game = NormalFormGame.from_payoff_array(random_game((2, 2, 2), 1).payoffs + 1e6)
    res = logit_solve(game, tol=1e-12)
    assert len(res) == 1
    assert res[0].regret <= 1e-12 and game.regret(list(res[0].vectors)) <= 1e-12


def test_logit_solve_follows_the_path_with_a_corrector_tolerance_of_1e_6():
    # after 8 steps the path with corrector tolerance 1e-6 is at lambda 5.5; with 1e-10
    # (more corrector iterations, fewer doubled steps) it would be at 2.3
    game = random_game((3, 3, 3), 5)
    lam, sigma = expected_last_point(game, max_steps=8)
    res = logit_solve(game, max_steps=8)
    assert res.equilibria == ()
    assert f"after max_steps=8 steps at lambda={lam:.3g} without" in res.warnings[0]
    assert 5 < lam < 6


def test_a_path_cut_before_the_first_check_is_polished_at_its_end():
    # one step (lambda 0.03) is below the first check (lambda 4): the answer comes from
    # polishing the last point, uniform play, matching pennies' equilibrium
    res = logit_solve(PENNIES, max_steps=1)
    assert res.game is PENNIES and res.method == "logit" and res.scope == "one"
    assert res.options["max_steps"] == 1 and res.warnings == ()
    np.testing.assert_array_equal(res[0].vectors[1], [0.5, 0.5])


def test_polish_point_adjusts_the_support_of_the_player_who_regrets_most_even_the_last():
    # the game above with the players' roles swapped: now Column (the second player)
    # regrets most at the suggested point and must gain its best reply
    game = NormalFormGame.from_bimatrix([[0, 1, 0], [1, 0, 0]], [[2, 0, 0], [0, 1, 0]])
    k = PayoffKernel(game.payoffs.astype(float))
    sigma = np.array([0.2, 0.8, 1.0, 0.0, 0.0])
    assert [tuple(map(tuple, s)) for s in support_candidates(k, sigma)] == [((0, 1), (0,))]
    assert polish_point(k, sigma, tol=1e-12, max_adjust=1) is None
    vecs = polish_point(k, sigma, tol=1e-12, max_adjust=2)
    np.testing.assert_allclose(vecs[0], [1 / 3, 2 / 3], atol=1e-14)
    np.testing.assert_allclose(vecs[1], [0.5, 0.5, 0.0], atol=1e-14)


def test_polish_point_goes_on_to_the_next_support_when_one_does_not_polish():
    P = np.array(
        [
            [
                [[0.3, -0.01, 0.44], [0.72, -0.71, -0.29]],
                [[0.14, -0.54, -0.13], [1.3, -0.97, 1.93]],
            ],
            [
                [[1.88, -1.71, -0.14], [0.34, -0.76, -0.74]],
                [[-0.24, 0.74, -0.51], [1.83, 0.29, -0.1]],
            ],
        ]
    )
    k = PayoffKernel(P)
    sigma = np.array([0.999, 0.001, 0.2, 0.8, 0.95, 0.05])
    first, second = support_candidates(k, sigma)
    assert [tuple(map(tuple, s)) for s in (first, second)] == [
        ((0,), (0, 1), (0, 1)),
        ((0, 1), (0, 1), (0, 1)),
    ]
    assert polish(k, sigma, first) is None
    vecs = polish_point(k, sigma, tol=1e-12)
    assert vecs is not None and brute_regret(P, vecs) <= 1e-12
    assert all(v.min() > 0.1 for v in vecs)  # the totally mixed equilibrium


def branch_point(game, lam):
    """A point of the branch (ln sigma, lambda) near ``lam``, and its path."""
    _, pts = path_points(game, max_lambda=lam)
    P, _ = normalized_payoffs(game)
    path = LogitPath(PayoffKernel(P), max_lambda=1, max_steps=1, deadline=np.inf)
    return path, np.concatenate([np.log(pts[-1][1]), [pts[-1][0]]])


def test_corrector_allows_eight_newton_iterations_at_most():
    # chord Newton from a point 0.5 off the branch (in ln sigma) converges linearly: it
    # meets the tolerance (1e-10 times the largest coordinate) at the 8th iteration;
    # from 0.55 off it would at the 9th, one too many
    path, y = branch_point(random_game((3, 3), 8), 3.0)
    near = y.copy()
    near[0] += 0.5
    y_new, iters = path._correct(near, np.inf)
    assert y_new is not None and iters == 8
    assert np.abs(path.residual(y_new)).max() < 1e-9
    far = y.copy()
    far[0] += 0.55
    assert path._correct(far, np.inf)[0] is None


def test_corrector_fails_when_it_moves_more_than_half_the_step():
    path, y = branch_point(random_game((3, 3), 8), 3.0)
    off = y.copy()
    off[0] += 0.05
    y_new, _ = path._correct(off, np.inf)
    moved = float(np.abs(y_new - off).max())  # about 0.042
    assert 0.03 < moved < 0.05
    assert path._correct(off, 2.2 * moved)[0] is not None
    assert path._correct(off, 1.8 * moved)[0] is None


def test_polish_depends_on_sigma_only_through_its_normalised_restriction():
    # one Newton step of a three-player system (not linear): the start is sigma on the
    # support divided by its sum, or uniform play on the support if that sum is zero
    game = random_game((2, 2, 2), 7)
    k = PayoffKernel(game.payoffs.astype(float))
    full = (np.arange(2),) * 3
    sigma = np.array([0.2, 0.6, 0.3, 0.1, 0.5, 0.5])
    one = polish(k, sigma, full, max_iter=1)
    assert one is not None
    for c in (0.1, 3.0):
        scaled = polish(k, c * sigma, full, max_iter=1)
        for a, b in zip(one, scaled, strict=True):
            np.testing.assert_allclose(a, b, atol=1e-14)
    zero = sigma.copy()
    zero[:2] = 0.0
    uniform = sigma.copy()
    uniform[:2] = 0.5
    for a, b in zip(
        polish(k, zero, full, max_iter=1), polish(k, uniform, full, max_iter=1), strict=True
    ):
        np.testing.assert_allclose(a, b, atol=1e-14)
    # the step was taken: Row's probabilities moved from the start (1/4, 3/4)
    assert abs(one[0][0] - 0.25) > 0.01


def test_polish_from_a_point_within_rounding_of_the_solution_returns_it():
    k = PayoffKernel(SEXES.payoffs.astype(float))
    start = np.array([0.75 + 3e-13, 0.25 - 3e-13, 0.25, 0.75])
    vecs = polish(k, start, (np.arange(2), np.arange(2)))
    np.testing.assert_allclose(vecs[0], [0.75, 0.25], atol=1e-15)
    np.testing.assert_allclose(vecs[1], [0.25, 0.75], atol=1e-15)


def test_polish_keeps_a_supported_strategy_whose_probability_solves_to_zero():
    # Row is indifferent only if Column plays L for sure (A's first column is constant);
    # Column is indifferent at Row (1/2, 1/2): the full support solves to a zero
    game = NormalFormGame.from_bimatrix([[1, 2], [1, 0]], [[1, 0], [0, 1]])
    k = PayoffKernel(game.payoffs.astype(float))
    vecs = polish(k, np.full(4, 0.5), (np.arange(2), np.arange(2)))
    assert vecs is not None
    np.testing.assert_allclose(vecs[0], [0.5, 0.5], atol=1e-15)
    np.testing.assert_allclose(vecs[1], [1.0, 0.0], atol=1e-15)
    assert vecs[1].min() >= 0.0 and game.regret(vecs) <= 1e-15


def test_without_a_previous_tangent_the_tangent_points_to_larger_lambda():
    # a Jacobian whose QR null vector comes out with a negative lambda component
    J = np.array(
        [
            [-0.92, 0.80, 0.85, -0.67, 0.16, -0.83],
            [2.35, -0.70, -0.45, -1.07, -0.35, -0.01],
            [0.77, -0.61, -0.19, -1.42, -0.83, 2.76],
            [1.04, -0.78, -1.34, -0.98, -0.02, 0.03],
            [-0.74, -1.29, 1.42, 0.45, -0.37, -0.22],
        ]
    )
    t, _, _ = LogitPath._tangent(J, None)
    assert t[-1] > 0 and abs(np.linalg.norm(t) - 1) < 1e-12
    assert np.abs(J @ t).max() < 1e-12


def test_the_symmetric_coordination_game_path_passes_its_bifurcation():
    # uniform play is a QRE of the symmetric 2x2 coordination game at every lambda; the
    # branch meets two others at a bifurcation, where det([J; t]) changes sign: the
    # path goes through it (at steps of at most 1e-6 there) and on to max_lambda
    game = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    P, _ = normalized_payoffs(game)
    path, pts = path_points(game, max_lambda=200.0, max_steps=2000)
    assert path.status == "max_lambda" and pts[-1][0] >= 200.0
    for lam, sigma in pts:
        assert qre_gap(P, lam, sigma) < 1e-9
    (eq,) = logit_solve(game).equilibria
    np.testing.assert_allclose(eq.vectors[0], [0.5, 0.5], atol=1e-12)


def test_polish_returns_non_negative_vectors_when_a_zero_solves_to_minus_rounding():
    # as above (Row indifferent only if Column plays L for sure); here the linear solve
    # gives Column's R about -6e-17, which is clipped: probabilities are never negative
    game = NormalFormGame.from_bimatrix([[1.5, 0.2], [1.5, -1.0]], [[2.4, 0.0], [0.0, 1.0]])
    k = PayoffKernel(game.payoffs.astype(float))
    vecs = polish(k, np.array([0.5, 0.5, 0.6, 0.4]), (np.arange(2), np.arange(2)))
    np.testing.assert_allclose(vecs[0], [1 / 3.4, 2.4 / 3.4], atol=1e-15)
    assert vecs[1][0] == 1.0 and vecs[1][1] == 0.0
    assert all(v.min() >= 0.0 for v in vecs)


@pytest.mark.parametrize("seed", [1, 5])
@pytest.mark.parametrize("factor", [1e-12, 1e12])
def test_tol_is_relative_so_a_scaled_game_has_the_same_answer(seed, factor):
    game = random_game((3, 3, 3), seed)
    scaled = NormalFormGame.from_payoff_array(
        game.payoffs * factor, players=game.players, strategies=game.strategies
    )
    plain, big_or_small = logit_solve(game), logit_solve(scaled)
    assert len(plain) == len(big_or_small) == 1
    for u, v in zip(plain[0].vectors, big_or_small[0].vectors, strict=True):
        np.testing.assert_allclose(u, v, atol=1e-8)
    # the regret is within tol times the payoff spread, not within 1e-10 payoff units
    assert big_or_small[0].regret <= regret_bound(scaled, 1e-10)
    assert big_or_small.options["tol"] == 1e-10
