"""Known games with known equilibrium sets (derived by hand, cited where textbook examples)."""

from fractions import Fraction as F

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.solvers import enumerate_equilibria, pure_equilibria, solve

H = F(1, 2)
T = F(1, 3)

# id -> (A, B, set of extreme equilibria as (x, y) tuples of Fractions, notes)
KNOWN = {
    "prisoners-dilemma": (
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        {((0, 1), (0, 1))},
    ),
    "matching-pennies": (
        [[1, -1], [-1, 1]],
        [[-1, 1], [1, -1]],
        {((H, H), (H, H))},
    ),
    "battle-of-the-sexes": (
        [[2, 0], [0, 1]],
        [[1, 0], [0, 2]],
        {((1, 0), (1, 0)), ((0, 1), (0, 1)), ((F(2, 3), T), (T, F(2, 3)))},
    ),
    "chicken": (  # swerve / straight; mixed: swerve with probability 9/10
        [[0, -1], [1, -10]],
        [[0, 1], [-1, -10]],
        {((1, 0), (0, 1)), ((0, 1), (1, 0)), ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10)))},
    ),
    "stag-hunt": (
        [[4, 0], [3, 3]],
        [[4, 3], [0, 3]],
        {((1, 0), (1, 0)), ((0, 1), (0, 1)), ((F(3, 4), F(1, 4)), (F(3, 4), F(1, 4)))},
    ),
    "rock-paper-scissors": (
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
        [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
        {((T, T, T), (T, T, T))},
    ),
    "shapley": (  # Shapley (1964): unique equilibrium, fictitious play cycles
        [[0, 1, 0], [0, 0, 1], [1, 0, 0]],
        [[0, 0, 1], [1, 0, 0], [0, 1, 0]],
        {((T, T, T), (T, T, T))},
    ),
    "von-stengel-3x2": (  # Nisan et al. 2007, ch. 3, the non-degenerate example
        [[3, 3], [2, 5], [0, 6]],
        [[3, 2], [2, 6], [3, 1]],
        {
            ((1, 0, 0), (1, 0)),
            ((F(4, 5), F(1, 5), 0), (F(2, 3), T)),
            ((0, T, F(2, 3)), (T, F(2, 3))),
        },
    ),
    "von-stengel-degenerate": (  # same chapter: column indifferent against the top row;
        # component {top} x {y : y_2 <= 1/3} with two extreme points, plus one isolated
        [[3, 3], [2, 5], [0, 6]],
        [[3, 3], [2, 6], [3, 1]],
        {((1, 0, 0), (1, 0)), ((1, 0, 0), (F(2, 3), T)), ((0, T, F(2, 3)), (T, F(2, 3)))},
    ),
    "indifferent-row": (  # row indifferent everywhere: one component, four extreme points
        [[1, 1], [1, 1]],
        [[1, 0], [0, 1]],
        {((1, 0), (1, 0)), ((H, H), (1, 0)), ((H, H), (0, 1)), ((0, 1), (0, 1))},
    ),
    "all-ties-2x3": (  # every profile is an equilibrium: the extreme ones are the pure ones
        [[0, 0, 0], [0, 0, 0]],
        [[0, 0, 0], [0, 0, 0]],
        {
            ((1, 0), (1, 0, 0)),
            ((1, 0), (0, 1, 0)),
            ((1, 0), (0, 0, 1)),
            ((0, 1), (1, 0, 0)),
            ((0, 1), (0, 1, 0)),
            ((0, 1), (0, 0, 1)),
        },
    ),
    "column-indifferent-7": (
        # The column player's payoff depends on the row only, so every y is a best
        # response; row plays T iff y_C >= 1/2. Extreme points: T with y in
        # {C, (1/2,1/2,0), (0,1/2,1/2)}; B with y in {L, R, (1/2,1/2,0), (0,1/2,1/2)}.
        # QuantEcon 0.11's vertex_enumeration reports 1 of these 7, nashpy 3 or 4.
        [[0, 1, 0], [1, 0, 1]],
        [[0, 0, 0], [1, 1, 1]],
        {
            ((1, 0), (0, 1, 0)),
            ((1, 0), (H, H, 0)),
            ((1, 0), (0, H, H)),
            ((0, 1), (1, 0, 0)),
            ((0, 1), (0, 0, 1)),
            ((0, 1), (H, H, 0)),
            ((0, 1), (0, H, H)),
        },
    ),
}


def expected(case):
    return {tuple(tuple(F(v) for v in vec) for vec in prof) for prof in KNOWN[case][2]}


def game(case):
    A, B, _ = KNOWN[case]
    return NormalFormGame.from_bimatrix(A, B, title=case)


def float_set(result, digits=9):
    return {tuple(tuple(np.round(v, digits) + 0.0) for v in e.vectors) for e in result}


def rounded(profiles, digits=9):
    return {
        tuple(tuple(round(float(p), digits) + 0.0 for p in v) for v in prof) for prof in profiles
    }


@pytest.mark.parametrize("case", sorted(KNOWN))
def test_exact_enumeration_gives_the_known_set(case):
    res = enumerate_equilibria(game(case), exact=True)
    assert {e.exact_vectors for e in res} == expected(case)
    assert all(e.exact_regret == 0 for e in res)
    assert res.complete and not res.warnings


@pytest.mark.parametrize("case", sorted(KNOWN))
def test_float_enumeration_gives_the_known_set(case):
    res = solve(game(case), tol=1e-9)
    assert float_set(res) == rounded(expected(case))
    assert res.max_regret <= 1e-9


@pytest.mark.parametrize("case", sorted(KNOWN))
def test_pure_equilibria_are_the_pure_members(case):
    pure = {p for p in expected(case) if all(max(v) == 1 for v in p)}
    assert float_set(pure_equilibria(game(case))) == rounded(pure)


@pytest.mark.parametrize("case", sorted(KNOWN))
def test_gambit_agrees_when_installed(case):
    pytest.importorskip("pygambit")
    import _gambit

    run = _gambit.solve(game(case), "enummixed", rational=True)
    assert run.ok and set(run.profiles) == expected(case)
    # Lemke-Howson from every starting label finds equilibria, all among the extreme ones
    lcp = _gambit.solve(game(case), "lcp", rational=True)
    assert lcp.ok and lcp.profiles and set(lcp.profiles) <= expected(case)


def degenerate_bimatrix(rng, m, n):
    """Payoffs 0-2: ties everywhere, so components and non-isolated equilibria abound."""
    A, B = rng.integers(0, 3, size=(2, m, n))
    return NormalFormGame.from_bimatrix(A, B)


@pytest.mark.parametrize(
    ("m", "n", "count"), [(2, 2, 25), (3, 3, 25), (2, 4, 15), (4, 4, 10), (5, 3, 10)]
)
def test_gambit_enummixed_agrees_on_random_degenerate_games(m, n, count):
    """Our exact vertex enumeration and Gambit's enummixed give the same extreme equilibria."""
    pytest.importorskip("pygambit")
    import _gambit

    rng = np.random.default_rng(7000 + 100 * m + n)
    for _ in range(count):
        g = degenerate_bimatrix(rng, m, n)
        ours = {e.exact_vectors for e in enumerate_equilibria(g, exact=True)}
        run = _gambit.solve(g, "enummixed", rational=True)
        assert run.ok and set(run.profiles) == ours, g.payoffs.tolist()
        assert all(g.regret([list(v) for v in prof], exact=True) == 0 for prof in run.profiles)


def test_quantecon_misses_extreme_equilibria_of_the_tied_game():
    qe = pytest.importorskip("quantecon.game_theory")
    A, B, _ = KNOWN["column-indifferent-7"]
    g = qe.NormalFormGame([qe.Player(np.array(A, float)), qe.Player(np.array(B, float).T)])
    theirs = qe.vertex_enumeration(g)
    ours = enumerate_equilibria(game("column-indifferent-7"))
    assert len(ours) == 7 and len(theirs) < 7


def test_components_of_the_tied_game():
    res = enumerate_equilibria(game("column-indifferent-7"), exact=True)
    assert {e.properties["component"] for e in res} == {0}
    res = enumerate_equilibria(game("von-stengel-degenerate"), exact=True)
    top = {e.properties["component"] for e in res if e.exact_vectors[0] == (1, 0, 0)}
    rest = {e.properties["component"] for e in res if e.exact_vectors[0] != (1, 0, 0)}
    assert len(top) == 1 and len(rest) == 1 and top != rest


NASH_SUBSETS = {  # number of maximal convex sets of equilibria, derived by hand
    "prisoners-dilemma": 1,
    "battle-of-the-sexes": 3,
    "shapley": 1,
    "von-stengel-3x2": 3,
    "von-stengel-degenerate": 2,  # {top} x [L, (2/3, 1/3)] and the isolated equilibrium
    "indifferent-row": 3,  # [T, mid] x L, mid x [L, R], [mid, B] x R
    "all-ties-2x3": 1,  # everything
    "column-indifferent-7": 3,  # T x (3 points), B x (4 points), {T, B} x y_C = 1/2
}


@pytest.mark.parametrize("case", sorted(NASH_SUBSETS))
def test_nash_subsets(case):
    from itertools import product

    from gametheory import make_equilibrium
    from gametheory.solvers import nash_subsets

    res = enumerate_equilibria(game(case), exact=True)
    subsets = nash_subsets(res)
    assert len(subsets) == NASH_SUBSETS[case]
    assert set().union(*subsets) == set(range(len(res)))
    for subset in subsets:
        xs = {res[i].exact_vectors[0] for i in subset}
        ys = {res[i].exact_vectors[1] for i in subset}
        # every combination is listed, and the barycentre of the set is an equilibrium
        assert {(x, y) for x, y in product(xs, ys)} == {res[i].exact_vectors for i in subset}
        centre = [[sum(c) / len(vs) for c in zip(*vs, strict=True)] for vs in (xs, ys)]
        assert make_equilibrium(res.game, centre, exact=True).exact_regret == 0
