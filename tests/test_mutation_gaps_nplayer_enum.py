"""Gap tests for gametheory/solvers/nplayer_enum.py found by mutation testing.

Each test states a fact about the solver: a known game's equilibrium set, a brute-force
oracle (iterated strict dominance, pure equilibria), the regret of a returned profile
computed here from the payoff array, an exact error message, or a limit at its boundary.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from _nplayer_games import jordan, mckelvey_mclennan

from gametheory import NormalFormGame
from gametheory.errors import InvalidGameError, MethodNotApplicableError
from gametheory.result import DEFAULT_TOL
from gametheory.solvers import nplayer_enum
from gametheory.solvers.enumeration import enumerate_equilibria
from gametheory.solvers.nplayer_enum import (
    count_support_profiles,
    enumerate_mixed,
    surviving_strategies,
)


@pytest.fixture(autouse=True)
def _fresh_vertex_patterns(monkeypatch):
    """Start from an empty cache of box-vertex patterns, as a fresh process does, so the
    patterns are computed in the tests that need them (not only by an earlier test)."""
    monkeypatch.setattr(nplayer_enum, "_PATTERNS", {})


def regret(P: np.ndarray, vecs: list[np.ndarray]) -> float:
    """Largest gain of a pure deviation, by a full sum over all pure profiles."""
    n = P.shape[-1]
    worst = 0.0
    for i in range(n):
        dev = np.zeros(P.shape[i])
        for idx in np.ndindex(*P.shape[:-1]):
            w = np.prod([vecs[j][idx[j]] for j in range(n) if j != i])
            dev[idx[i]] += w * P[idx + (i,)]
        worst = max(worst, float(dev.max() - vecs[i] @ dev))
    return worst


def pure_equilibria(P: np.ndarray) -> set[tuple[int, ...]]:
    n = P.shape[-1]
    out = set()
    for idx in np.ndindex(*P.shape[:-1]):
        if all(
            P[idx + (i,)] >= max(P[idx[:i] + (k,) + idx[i + 1 :] + (i,)] for k in range(P.shape[i]))
            for i in range(n)
        ):
            out.add(idx)
    return out


def strict_survivors(P: np.ndarray) -> list[list[int]]:
    """Iterated strict dominance by pure strategies, removing all dominated at once."""
    n = P.shape[-1]
    keep = [list(range(k)) for k in P.shape[:-1]]
    while True:
        removed = False
        for i in range(n):
            dominated = []
            for k in keep[i]:
                for m in keep[i]:
                    others = [keep[j] for j in range(n) if j != i]
                    if m != k and all(
                        P[rest[:i] + (m,) + rest[i:] + (i,)] > P[rest[:i] + (k,) + rest[i:] + (i,)]
                        for rest in itertools.product(*others)
                    ):
                        dominated.append(k)
                        break
            if dominated:
                keep[i] = [k for k in keep[i] if k not in dominated]
                removed = True
        if not removed:
            return keep


def test_count_support_profiles_is_the_product_of_non_empty_subsets():
    assert count_support_profiles((2, 2, 2)) == 27
    assert count_support_profiles((3, 2, 1)) == 7 * 3 * 1


@pytest.mark.parametrize("seed", range(12))
def test_surviving_strategies_match_iterated_strict_dominance(seed):
    rng = np.random.default_rng(seed)
    shape = [(3, 3), (3, 2, 2), (2, 3, 2), (4, 2)][seed % 4]
    # small integers: many ties, so weak dominance is not mistaken for strict
    P = rng.integers(0, 3, size=(*shape, len(shape))).astype(float)
    got = [k.tolist() for k in surviving_strategies(P)]
    assert got == strict_survivors(P)


def test_surviving_strategies_keep_a_tie_and_handle_one_player():
    P = np.array([[[1, 0], [1, 0]], [[1, 0], [1, 0]]], dtype=float)  # all ties
    assert [k.tolist() for k in surviving_strategies(P)] == [[0, 1], [0, 1]]
    one = np.array([[1.0], [3.0], [3.0], [0.0]])
    assert [k.tolist() for k in surviving_strategies(one)] == [[1, 2]]


def test_mckelvey_mclennan_set_in_order_with_independent_regret():
    g = mckelvey_mclennan()
    res = enumerate_mixed(g)
    assert res.method == "enumerate-mixed" and res.scope == "all" and res.complete
    assert res.warnings == ()
    assert res.options == {
        "tol": DEFAULT_TOL,
        "max_supports": 4000,
        "max_boxes": 5000,
        "max_time": 300.0,
    }
    for e in res:
        assert regret(g.payoffs, e.vectors) <= 1e-12
    pure = {tuple(int(np.argmax(v)) for v in e.vectors) for e in res if e.is_pure}
    assert pure == pure_equilibria(g.payoffs) and len(pure) == 4
    # pure first, then by the probabilities, largest first
    flags = [e.is_pure for e in res]
    assert flags == sorted(flags, reverse=True)
    keys = [[-float(x) for v in e.vectors for x in v] for e in res]
    assert keys[:4] == sorted(keys[:4]) and keys[4:] == sorted(keys[4:])
    # no two listed profiles are the same
    flat = [np.concatenate(e.vectors) for e in res]
    assert all(np.max(np.abs(a - b)) > 1e-6 for a, b in itertools.combinations(flat, 2))


@pytest.mark.parametrize("seed", range(6))
def test_random_games_every_pure_equilibrium_and_certified_regret(seed):
    rng = np.random.default_rng(100 + seed)
    shape = [(2, 2, 2), (3, 2, 2), (2, 2, 3), (2, 2, 2, 2)][seed % 4]
    g = NormalFormGame.from_payoff_array(rng.normal(size=(*shape, len(shape))))
    res = enumerate_mixed(g)
    assert res.complete and len(res) % 2 == 1
    for e in res:
        assert regret(g.payoffs, e.vectors) <= 1e-10
        assert all(abs(v.sum() - 1) < 1e-12 and v.min() >= 0 for v in e.vectors)
    pure = {tuple(int(np.argmax(v)) for v in e.vectors) for e in res if e.is_pure}
    assert pure == pure_equilibria(g.payoffs)


def test_two_players_delegate_to_vertex_enumeration():
    rng = np.random.default_rng(3)
    A, B = rng.normal(size=(2, 3, 3))
    g = NormalFormGame.from_bimatrix(A, B)
    res = enumerate_mixed(g, tol=1e-7)
    ref = enumerate_equilibria(g, tol=1e-7)
    assert res.method == "enumerate-mixed" and res.complete == ref.complete
    assert res.options == {
        "tol": 1e-7,
        "max_supports": 4000,
        "max_boxes": 5000,
        "max_time": 300.0,
        "two_player_method": "enumerate",
    }
    assert [e.label() for e in res] == [e.label() for e in ref]


def test_support_limit_at_its_boundary_and_message():
    assert len(enumerate_mixed(jordan(), max_supports=27)) == 1
    msg = (
        "enumerate-mixed would examine 27 support profiles for this 2x2x2 game "
        "(limit max_supports=26); use method 'logit' to find one equilibrium"
    )
    with pytest.raises(MethodNotApplicableError, match=re.escape(msg)):
        enumerate_mixed(jordan(), max_supports=26)


def test_support_limit_counts_after_dominance_and_formats_thousands():
    P = np.random.default_rng(0).normal(size=(3, 3, 3, 3, 3, 5))
    with pytest.raises(MethodNotApplicableError) as err:
        enumerate_mixed(NormalFormGame.from_payoff_array(P), max_supports=1500)
    m = re.fullmatch(
        r"enumerate-mixed would examine ([\d,]+) support profiles for this 3x3x3x3x3 game "
        r"\(limit max_supports=1,500\); use method 'logit' to find one equilibrium",
        str(err.value),
    )
    assert m is not None
    reduced = [len(k) for k in surviving_strategies((P - P.min()) / np.ptp(P))]
    assert int(m.group(1).replace(",", "")) == count_support_profiles(reduced)


def test_time_limit_stops_with_a_warning():
    res = enumerate_mixed(jordan(), max_time=1e-9)
    assert not res.complete and len(res) == 0
    assert res.warnings == (
        "enumerate-mixed stopped at max_time=1e-09 s; the list may be incomplete",
    )


def test_box_limit_marks_supports_unresolved():
    res = enumerate_mixed(jordan(), max_boxes=1)
    assert not res.complete
    assert re.fullmatch(
        r"the game is degenerate: \d+ support profile\(s\) have a continuum of solutions or "
        r"could not be resolved; one certified point of each was reported where found, and "
        r"the list may be incomplete",
        res.warnings[0],
    )
    assert all(regret(res.game.payoffs, e.vectors) <= 1e-9 for e in res)


def test_degenerate_game_lists_certified_distinct_points():
    P = np.zeros((2, 2, 2, 3))
    for a, b, c in np.ndindex(2, 2, 2):
        P[a, b, c] = [a == b, a == b, 0]
    g = NormalFormGame.from_payoff_array(P)
    res = enumerate_mixed(g)
    assert not res.complete and res.warnings[0].startswith("the game is degenerate: ")
    assert {tuple(int(np.argmax(v)) for v in e.vectors) for e in res if e.is_pure} == {
        (a, a, c) for a in range(2) for c in range(2)
    }
    for e in res:
        assert regret(P, e.vectors) <= 1e-9
    flat = [np.concatenate(e.vectors) for e in res]
    assert all(np.max(np.abs(a - b)) > 1e-7 for a, b in itertools.combinations(flat, 2))


def test_constant_game_every_pure_profile_and_degenerate():
    g = NormalFormGame.from_payoff_array(np.full((2, 2, 2, 3), 5.0))
    res = enumerate_mixed(g)
    assert not res.complete
    pure = {tuple(int(np.argmax(v)) for v in e.vectors) for e in res if e.is_pure}
    assert pure == set(np.ndindex(2, 2, 2))


def test_unresolvable_payoff_differences_make_the_result_incomplete():
    P = mckelvey_mclennan().payoffs.copy()
    P[1, 0, 0, 0] = P[0, 0, 0, 0] - 1e-12  # player 1's two strategies: below tol x spread
    res = enumerate_mixed(NormalFormGame.from_payoff_array(P))
    assert not res.complete
    assert res.warnings[0].startswith("enumerate-mixed: payoff differences as small as")


def test_not_a_game_is_refused():
    with pytest.raises(
        InvalidGameError, match=r"^enumerate-mixed needs a NormalFormGame, got list$"
    ):
        enumerate_mixed([[1, 2], [3, 4]])


@pytest.mark.parametrize(
    ("option", "value"),
    [("tol", 0), ("tol", -1.0), ("tol", True), ("tol", "1"), ("max_time", 0), ("max_time", False)],
)
def test_bad_positive_numbers_exact_message(option, value):
    msg = f"enumerate-mixed option {option} must be a positive number, got {value!r}"
    with pytest.raises(InvalidGameError, match=f"^{re.escape(msg)}$"):
        enumerate_mixed(jordan(), **{option: value})


@pytest.mark.parametrize(
    ("option", "value"),
    [("max_supports", 0), ("max_boxes", 0), ("max_boxes", True), ("max_supports", 2.0)],
)
def test_bad_positive_integers_exact_message(option, value):
    msg = f"enumerate-mixed option {option} must be a positive integer, got {value!r}"
    with pytest.raises(InvalidGameError, match=f"^{re.escape(msg)}$"):
        enumerate_mixed(jordan(), **{option: value})


def test_smallest_valid_options_are_accepted():
    res = enumerate_mixed(jordan(), tol=1e-300, max_time=1, max_boxes=5000)
    assert res.options["tol"] == 1e-300
    # a pure game: max_boxes=1 suffices when every support is a single profile
    P = np.zeros((2, 2, 2, 3))
    P[1, 1, 1] = 1.0  # (2, 2, 2) strictly best for all; strategy 1 strictly dominated
    P[0, :, :, 0] = -1.0
    P[:, 0, :, 1] = -1.0
    P[:, :, 0, 2] = -1.0
    P[1, 1, 1] = 1.0
    res = enumerate_mixed(NormalFormGame.from_payoff_array(P), max_boxes=1, max_supports=1)
    assert res.complete and [tuple(int(np.argmax(v)) for v in e.vectors) for e in res] == [
        (1, 1, 1)
    ]


def _set(result) -> set[tuple[float, ...]]:
    return {tuple(np.round(np.concatenate(e.vectors[:2]), 6) + 0.0) for e in result}


@pytest.mark.parametrize(("seed", "n"), [(63, 3), (135, 3), (4, 4), (7, 3)])
def test_two_player_game_with_a_bystander_has_the_two_player_equilibria(seed, n):
    """Players 1 and 2 play a random n x n bimatrix game; player 3 has a strictly dominant
    strategy (third of three), so the equilibria are the bimatrix game's, times it: the
    vertex enumeration of the bimatrix game is the oracle, with supports of 3 and 4."""
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(2, n, n))
    P = np.zeros((n, n, 3, 3))
    P[..., 0] = A[:, :, None]
    P[..., 1] = B[:, :, None]
    P[..., 2] = np.array([0.0, 0.5, 1.0])
    g = NormalFormGame.from_payoff_array(P)
    res = enumerate_mixed(g)
    ref = enumerate_equilibria(NormalFormGame.from_bimatrix(A, B))
    assert res.complete and ref.complete
    assert _set(res) == _set(ref)
    for e in res:
        np.testing.assert_array_equal(e.vectors[2], [0.0, 0.0, 1.0])
        assert regret(P, e.vectors) <= 1e-10


def _indifference_roots(P: np.ndarray) -> list[tuple[complex, ...]]:
    """All roots (complex too) of a 2x2x2 game's full-support indifference system, by
    sympy: player i is indifferent when u_i(2nd) - u_i(1st) = 0, with x_j the
    probability of player j's second strategy."""
    import sympy

    x = sympy.symbols("x0:3")
    sig = [(1 - x[j], x[j]) for j in range(3)]
    eqs = []
    for i in range(3):
        expr = 0
        for idx in np.ndindex(2, 2, 2):
            if idx[i] == 0:
                continue
            low = list(idx)
            low[i] = 0
            weight = sympy.Mul(*[sig[j][idx[j]] for j in range(3) if j != i])
            expr += weight * (int(P[idx + (i,)]) - int(P[(*low, i)]))
        eqs.append(sympy.expand(expr))
    return [tuple(complex(s[v]) for v in x) for s in sympy.solve(eqs, x, dict=True)]


@pytest.mark.parametrize("seed", [0, 2, 1, 3])
def test_newton_finds_a_real_root_or_returns_none(seed):
    """Newton's method on the support system (the polishing step of every root): from
    near a real root it returns that root; when every root is complex it returns None
    (after its iterations run out) rather than a point that is not a root."""
    P = np.random.default_rng(seed).integers(-3, 4, size=(2, 2, 2, 3))
    roots = _indifference_roots(P)
    real = [np.real(r) for r in roots if max(abs(np.imag(r))) < 1e-12]
    system = nplayer_enum._SupportSystem(P.astype(float), [np.arange(2)] * 3)
    if not real:  # seeds 0 and 2
        assert seed in (0, 2) and roots
        assert nplayer_enum._newton(system, np.full(3, 0.5)) is None
        return
    for r in real:
        x = nplayer_enum._newton(system, np.asarray(r) + 0.01)
        assert x is not None and np.max(np.abs(x - r)) < 1e-9


@pytest.mark.parametrize("flip", [False, True])
def test_probabilities_near_zero_and_one_are_found(flip):
    """Row matches, column mismatches; the row player's payoff 1999 on one diagonal cell
    makes the column play that cell with probability 1/2000, so the column's probability
    of its second strategy is 0.0005 (or 0.9995 with the diagonal flipped): roots within
    0.001 of the unit box's faces, with a bystander as third player."""
    A = np.array([[1999.0, 0.0], [0.0, 1.0]] if flip else [[1.0, 0.0], [0.0, 1999.0]])
    B = np.array([[0.0, 1.0], [1.0, 0.0]])
    P = np.zeros((2, 2, 3, 3))
    P[..., 0] = A[:, :, None]
    P[..., 1] = B[:, :, None]
    P[..., 2] = np.array([0.0, 0.5, 1.0])
    res = enumerate_mixed(NormalFormGame.from_payoff_array(P))
    assert res.complete and len(res) == 1
    q = 1 / 2000
    expected = [[0.5, 0.5], [q, 1 - q] if flip else [1 - q, q], [0.0, 0.0, 1.0]]
    for v, w in zip(res[0].vectors, expected, strict=True):
        np.testing.assert_allclose(v, w, atol=1e-12)


def test_box_limit_at_its_boundary():
    """Jordan's game needs 19 boxes for its hardest support: max_boxes=19 resolves every
    support, 18 leaves one unresolved (and the result incomplete)."""
    assert enumerate_mixed(jordan(), max_boxes=19).complete
    res = enumerate_mixed(jordan(), max_boxes=18)
    assert not res.complete and res.warnings[0].startswith("the game is degenerate: 1 support")


def test_two_players_pass_the_tolerance_on():
    """A payoff difference of 5e-8 is below tol=1e-7 (spread 1) but not below the default
    1e-8: the vertex enumeration, given the caller's tol, warns and marks the list."""
    g = NormalFormGame.from_bimatrix([[1, 0], [1 - 5e-8, 1]], [[1, 0], [0, 1]])
    loose = enumerate_mixed(g, tol=1e-7)
    assert not loose.complete
    assert loose.warnings[0].startswith("enumerate: payoff differences as small as 5e-08")
    assert enumerate_mixed(g).complete and enumerate_mixed(g).warnings == ()


def test_degenerate_game_counts_its_three_continua():
    """Player 3's payoff is constant and players 1 and 2 coordinate: the supports with
    player 3 mixing are continua when 1 and 2 play the same pure strategy (two supports)
    or both mix 1/2-1/2 (one support); the warning counts those 3."""
    P = np.zeros((2, 2, 2, 3))
    for a, b, c in np.ndindex(2, 2, 2):
        P[a, b, c] = [a == b, a == b, 0]
    res = enumerate_mixed(NormalFormGame.from_payoff_array(P))
    assert res.warnings[0].startswith("the game is degenerate: 3 support profile(s) have")


def test_result_belongs_to_the_game_and_dominance_is_used_at_any_scale():
    g = mckelvey_mclennan()
    assert enumerate_mixed(g).game is g
    # payoffs spread over less than 1: dominated strategies are still removed first
    rng = np.random.default_rng(9)
    P = rng.normal(size=(4, 4, 4, 3))
    P[1:, :, :, 0] -= 10  # player 1's strategies 2-4 are strictly dominated by 1
    small = NormalFormGame.from_payoff_array(P / 100)
    assert np.ptp(small.payoffs) < 1
    res = enumerate_mixed(small, max_supports=300)
    assert len(res) >= 1 and all(e.vectors[0][0] == 1 for e in res)
