"""Tests written for the gaps a mutation test of the core modules found (issue 13).

Each test names the change to the code that it catches: a mutant that survived the
suite before, such as ``>=`` turned into ``>`` or a flag negated. Run the mutation
test with ``python benchmarks/mutation.py MODULE`` (see docs/how-to/develop.md).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from gametheory import InvalidGameError, NormalFormGame
from gametheory.solvers import pure_equilibria
from gametheory.solvers._common import (
    check_tol,
    collect,
    payoff_scales,
    profile_key,
    regret_scale,
)

ROOT = Path(__file__).resolve().parents[1]

# Battle of the sexes: two strict pure equilibria.
BOS = NormalFormGame.from_bimatrix(
    [[2, 0], [0, 1]], [[1, 0], [0, 2]], strategies=(("O", "F"), ("O", "F"))
)
# Row is indifferent between T and B against L: (T, L) and (B, L) are weak equilibria.
WEAK = NormalFormGame.from_bimatrix(
    [[1, 0], [1, 0]], [[1, 0], [1, 0]], strategies=(("T", "B"), ("L", "R"))
)
# Prisoner's dilemma: iterated strict dominance leaves one profile, the only equilibrium.
PD = NormalFormGame.from_bimatrix(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D"))
)
# Two payoffs that are equal as floats but not as fractions.
TINY = Fraction(1, 10**30)
NEAR_TIE = NormalFormGame.from_bimatrix(
    [[Fraction(1, 3) + TINY], [Fraction(1, 3)]],
    [[Fraction(0)], [Fraction(0)]],
    strategies=(("up", "down"), ("only",)),
)


# ------------------------------------------------------------------ solvers/pure.py
@pytest.mark.parametrize("exact", [False, True], ids=["float", "exact"])
def test_strict_flag_in_both_modes(exact):
    """``>=`` -> ``>`` in the strictness count made every exact equilibrium non-strict."""
    strict = pure_equilibria(BOS, exact=exact)
    assert [e.properties["strict"] for e in strict] == [True, True]
    weak = pure_equilibria(WEAK, exact=exact)
    assert sorted(e.label() for e in weak) == ["Row B / Column L", "Row T / Column L"]
    assert [e.properties["strict"] for e in weak] == [False, False]


def test_exact_mode_compares_the_fractions_not_their_floats():
    """Negating the exact flag silently compared float payoffs, where the two tie."""
    exact = pure_equilibria(NEAR_TIE, exact=True)
    assert [e.label() for e in exact] == ["Row up / Column only"]
    assert exact.exact and exact[0].exact_regret == 0
    assert exact[0].properties["strict"] is True
    assert exact[0].exact_vectors[0] == (Fraction(1), Fraction(0))
    floats = pure_equilibria(NEAR_TIE, tol=0)  # as floats the two payoffs are equal
    assert len(floats) == 2 and not floats.exact
    assert all(e.properties["strict"] is False for e in floats)


def test_max_equilibria_boundaries():
    """At exactly the number of equilibria nothing is cut; one fewer truncates."""
    flat = NormalFormGame.from_bimatrix(np.zeros((2, 2)), np.zeros((2, 2)))  # 4 equilibria
    full = pure_equilibria(flat, max_equilibria=4)
    # issue 10: a pure list is complete only for a dominance-solvable game (this one
    # also has a continuum of mixed equilibria), so the cut shows in the warnings
    assert len(full) == 4 and not full.complete and not full.warnings
    assert full.options["max_equilibria"] == 4
    cut = pure_equilibria(flat, max_equilibria=3)
    assert len(cut) == 3 and not cut.complete
    assert cut.warnings == (
        "pure: the game has 4 pure equilibria; only the first 3 are "
        "listed (raise max_equilibria to see more)",
    )
    assert [e.label() for e in cut] == [e.label() for e in full][:3]
    assert len(pure_equilibria(flat, max_equilibria=1)) == 1
    # a dominance-solvable game has one equilibrium: a limit of exactly 1 keeps it complete
    one = pure_equilibria(PD, max_equilibria=1)
    assert len(one) == 1 and one.complete and not one.warnings
    for bad in (0, -1, 2.5, "3"):
        with pytest.raises(InvalidGameError, match="max_equilibria must be a positive integer"):
            pure_equilibria(flat, max_equilibria=bad)


def test_exact_mode_size_limit(monkeypatch):
    import gametheory.solvers.pure as pure

    monkeypatch.setattr(pure, "EXACT_MAX_PROFILES", 4)
    assert len(pure_equilibria(BOS, exact=True)) == 2  # 4 profiles: at the limit
    big = NormalFormGame.from_bimatrix(np.zeros((2, 3)), np.zeros((2, 3)))
    with pytest.raises(
        InvalidGameError, match="limited to games of 4 pure profiles; this game has 6"
    ):
        pure_equilibria(big, exact=True)


# ------------------------------------------------------------------ solvers/_common.py
def _profile(row, col):
    return (np.array(row, float), np.array(col, float))


def test_collect_removes_duplicates_unless_told_they_are_distinct():
    """Switching de-duplication off went unnoticed: no test fed duplicate candidates."""
    twice = [
        _profile([1, 0], [1, 0]),
        _profile([1, 0], [1, 0]),
        _profile([1 + 1e-12, -1e-12], [1, 0]),
        _profile([0, 1], [0, 1]),
    ]
    found, warns = collect(BOS, twice, tol=1e-8, exact=False, method="test")
    assert [e.label() for e in found] == ["Row O / Column O", "Row F / Column F"]
    assert not warns
    kept, _ = collect(BOS, twice[:2], tol=1e-8, exact=False, method="test", distinct=True)
    assert len(kept) == 2


def test_collect_exact_mode_accepts_only_zero_regret():
    found, warns = collect(
        BOS,
        [_profile([1, 0], [1, 0]), _profile([1, 0], [0, 1])],
        tol=1e-8,
        exact=True,
        method="test",
    )
    assert [e.exact_regret for e in found] == [0]
    assert warns == [
        "test: rejected 1 candidate profile(s) with exact regret > 0 (largest "
        "regret 1); the game may be degenerate or badly scaled"
    ]


def test_collect_tolerance_boundary_scales_with_the_payoffs():
    """A candidate whose regret equals ``tol * spread`` passes; a hair above fails."""
    # against column L, row's B pays 10 - 0.5: (B, L) has regret exactly 0.5 = 0.05 * 10
    game = NormalFormGame.from_bimatrix([[10, 0], [9.5, 0]], [[1, 0], [1, 0]])
    assert regret_scale(game) == 10.0 and 0.05 * 10.0 == 0.5
    candidate = [_profile([0, 1], [1, 0])]
    found, warns = collect(game, candidate, tol=0.05, exact=False, method="test")
    assert len(found) == 1 and found[0].regret == 0.5
    # issue 12: the 0.5 gap between T and B is now a tie at this tolerance, and float
    # mode says so rather than staying silent
    assert warns == [
        "test: payoff differences as small as 0.5 are below the float tolerance "
        "0.5 (tol times the payoff spread): float mode treats them as ties, so "
        "the list may be wrong or incomplete; solve with exact=True (--exact)"
    ]
    found, warns = collect(game, candidate, tol=0.0499, exact=False, method="test")
    assert not found
    assert warns == [
        "test: rejected 1 candidate profile(s) with regret above 0.499 "
        "(tol=0.0499 times the payoff spread) (largest regret 0.5); the game "
        "may be degenerate or badly scaled"
    ]


def test_regret_scale_is_the_largest_payoff_spread_without_a_floor():
    """Issue 12 dropped the old floor ``max(1, scale)``: a game of small payoffs is judged
    against its own spread, so scaling every payoff scales the tolerance with it."""
    small = NormalFormGame.from_bimatrix([[0.1, 0], [0, -0.2]], [[0, 0], [0, 0]])
    assert payoff_scales(small).tolist() == [0.1 - -0.2, 0.0]
    assert regret_scale(small) == 0.1 - -0.2
    tiny = NormalFormGame.from_bimatrix([[1e-12, 0], [0, -2e-12]], [[0, 0], [0, 0]])
    assert regret_scale(tiny) == 1e-12 - -2e-12
    assert regret_scale(NormalFormGame.from_bimatrix([[3, -7]], [[0, 0]])) == 10.0
    # a player whose payoffs are all equal: the magnitude stands in for the spread
    assert payoff_scales(NormalFormGame.from_bimatrix([[3, -7]], [[4, 4]])).tolist() == [10.0, 4.0]


@pytest.mark.parametrize(
    "bad, message",
    [
        (-1e-9, "tol must be a finite number >= 0, got -1e-09"),
        (float("nan"), "tol must be a finite number >= 0, got nan"),
        (float("inf"), "tol must be a finite number >= 0, got inf"),
        ("small", "tol must be a number >= 0, got 'small'"),
        (None, "tol must be a number >= 0, got None"),
    ],
)
def test_check_tol_rejects(bad, message):
    with pytest.raises(InvalidGameError) as err:
        check_tol(bad)
    assert str(err.value) == message


def test_check_tol_accepts_zero_and_returns_a_float():
    assert check_tol(0) == 0.0 and isinstance(check_tol(0), float)
    assert check_tol("1e-3") == 1e-3


def test_profile_key_rounds_floats_and_keeps_fractions_exact():
    a = profile_key([np.array([0.5, 0.5]), np.array([1.0, 0.0])])
    b = profile_key([np.array([0.5 + 1e-12, 0.5 - 1e-12]), np.array([1.0, -0.0])])
    c = profile_key([np.array([0.5 + 1e-6, 0.5 - 1e-6]), np.array([1.0, 0.0])])
    assert a == b and a != c
    exact = profile_key([(Fraction(1, 3), Fraction(2, 3)), (Fraction(1), Fraction(0))])
    assert exact == ((Fraction(1, 3), Fraction(2, 3)), (Fraction(1), Fraction(0)))


# ------------------------------------------------------------------ game.py
def test_fraction_payoffs_stay_exact():
    g = NormalFormGame.from_bimatrix(
        [[Fraction(1, 3), 0], [0, Fraction(2, 7)]], [[Fraction(-1, 3), 0], [0, Fraction(1, 10**20)]]
    )
    assert g.exact_payoffs[0, 0, 0] == Fraction(1, 3)
    assert g.exact_payoffs[1, 1, 1] == Fraction(1, 10**20)
    assert isinstance(g.exact_payoffs[0, 1, 0], Fraction)
    assert g.payoffs[0, 0, 0] == pytest.approx(1 / 3)


def test_restrict_with_an_iterable_of_labels():
    g = NormalFormGame.from_bimatrix(
        np.arange(9).reshape(3, 3),
        -np.arange(9).reshape(3, 3),
        strategies=(("a", "b", "c"), ("x", "y", "z")),
    )
    sub = g.restrict({"Row": ["c", "a"], "Column": ("y",)})
    assert sub.shape == (2, 1)
    assert sub.strategies == (("c", "a"), ("y",))
    assert sub.payoffs[:, 0, 0].tolist() == [7.0, 1.0]
    assert sub.payoffs[:, 0, 1].tolist() == [-7.0, -1.0]
    assert g.restrict({"Row": iter(["b"])}).strategies[0] == ("b",)
    with pytest.raises(InvalidGameError, match="must keep at least one strategy"):
        g.restrict({"Row": []})


def test_restrict_keeps_exact_payoffs():
    g = NormalFormGame.from_bimatrix([[Fraction(1, 3), 0], [0, 1]], [[0, 1], [1, 0]])
    sub = g.restrict({"Row": [g.strategies[0][0]]})
    assert sub.exact_payoffs[0, 0, 0] == Fraction(1, 3)
    assert isinstance(sub.exact_payoffs[0, 1, 0], Fraction)


# ------------------------------------------------------------------ sensitivity/thresholds.py
@pytest.fixture(scope="module")
def us_china():
    from gametheory.models import load_model

    return load_model(ROOT / "models" / "us_china.toml")


def test_threshold_margins_are_relative_to_the_range(us_china):
    from gametheory import sensitivity as sa

    frame = sa.critical_thresholds(us_china, workers=1)
    assert len(frame) >= 1
    widths = {d.name: d.high - d.low for d in sa.ParameterSpace.from_model(us_china).dimensions}
    for row in frame.itertuples():
        assert row.margin == pytest.approx(row.threshold - row.base)
        assert row.relative_margin == pytest.approx(row.margin / widths[row.parameter])
        assert row.direction == ("above" if row.margin > 0 else "below")
    closest = np.abs(frame["relative_margin"].to_numpy())
    assert (np.diff(closest) >= 0).all()  # the closest calls first


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"steps": 1}, "steps must be an integer of at least 2, got 1"),
        ({"steps": True}, "steps must be an integer of at least 2, got True"),
        ({"steps": 4.0}, "steps must be an integer of at least 2, got 4.0"),
        ({"tol": 0}, "tol must be a number between 0 and 1, got 0"),
        ({"tol": 1}, "tol must be a number between 0 and 1, got 1"),
        ({"tol": "1e-3"}, "tol must be a number between 0 and 1, got '1e-3'"),
    ],
)
def test_threshold_settings_are_validated(us_china, kwargs, message):
    from gametheory import sensitivity as sa

    with pytest.raises(sa.SensitivityError) as err:
        sa.critical_thresholds(us_china, **kwargs)
    assert str(err.value) == message


def _brute_force_pure(game, tol=0.0):
    """Every pure profile at which no player gains more than ``tol`` times their payoff
    spread (issue 12: max - min of their payoffs, no floor) by deviating, by loops."""
    u = game.payoffs
    limits = []
    for i in range(game.num_players):
        values = [u[idx + (i,)] for idx in np.ndindex(*game.shape)]
        limits.append(tol * (max(values) - min(values)))
    found = []
    for idx in np.ndindex(*game.shape):
        ok = True
        for i in range(game.num_players):
            own = u[idx + (i,)]
            for k in range(game.shape[i]):
                dev = list(idx)
                dev[i] = k
                if u[tuple(dev) + (i,)] > own + limits[i]:
                    ok = False
        if ok:
            found.append(idx)
    return found


@pytest.mark.parametrize(
    "shape", [(4, 4, 4), (3, 5, 2), (2, 3, 4, 3), (6, 6, 6), (2, 2, 2, 2, 2)], ids=str
)
@pytest.mark.parametrize("seed", range(6))
def test_pure_equilibria_equal_a_brute_force_search(shape, seed):
    """Many players and few candidates take the gathering path (strides, early stop);
    small integer payoffs make ties, so the tolerance boundary matters too."""
    rng = np.random.default_rng(seed)
    payoffs = rng.integers(0, 3, size=(*shape, len(shape)))
    game = NormalFormGame.from_payoff_array(payoffs)
    expected = _brute_force_pure(game)
    for exact in (False, True):
        got = [
            tuple(int(np.argmax(v)) for v in e.vectors) for e in pure_equilibria(game, exact=exact)
        ]
        assert sorted(got) == sorted(expected)
    floats = game.payoffs + rng.normal(scale=1e-3, size=game.payoffs.shape)
    noisy = NormalFormGame.from_payoff_array(floats)
    got = [tuple(int(np.argmax(v)) for v in e.vectors) for e in pure_equilibria(noisy, tol=2e-3)]
    assert sorted(got) == sorted(_brute_force_pure(noisy, tol=2e-3))


def test_pure_tolerance_boundary_is_inclusive():
    """A strategy exactly ``tol`` times the spread below the best still counts as a best
    response (issue 12: row's spread is 1.0 - 0.5, no floor of 1)."""
    game = NormalFormGame.from_bimatrix(
        [[1.0], [0.5]], [[0.0], [0.0]], strategies=(("hi", "lo"), ("only",))
    )
    assert 1.0 * (1.0 - 0.5) == 0.5
    assert len(pure_equilibria(game, tol=1.0)) == 2
    assert [e.label() for e in pure_equilibria(game, tol=0.9999)] == ["Row hi / Column only"]


def test_pure_result_records_the_game_and_options():
    res = pure_equilibria(BOS, tol=1e-6, max_equilibria=7)
    assert res.game is BOS and res.method == "pure"
    assert res.options == {"tol": 1e-6, "max_equilibria": 7}
    # issue 10: complete means every Nash equilibrium is listed; BOS has a mixed one too
    assert res.scope == "pure" and res.complete is False
    assert pure_equilibria(PD).complete is True  # dominance-solvable: the only equilibrium
    flat = NormalFormGame.from_bimatrix(np.zeros((2, 2)), np.zeros((2, 2)))
    assert pure_equilibria(flat, max_equilibria=2).complete is False


def test_pure_rejects_what_is_not_a_game():
    with pytest.raises(InvalidGameError) as err:
        pure_equilibria([[1, 0], [0, 1]])
    assert str(err.value) == "pure_equilibria needs a NormalFormGame, got list"


def test_collect_counts_invalid_candidates_and_keeps_going():
    bad_length = (np.array([1.0, 0.0, 0.0]), np.array([1.0, 0.0]))
    all_zero = (np.array([0.0, 0.0]), np.array([1.0, 0.0]))
    found, warns = collect(
        BOS, [bad_length, all_zero, _profile([0, 1], [0, 1])], tol=1e-8, exact=False, method="test"
    )
    assert [e.label() for e in found] == ["Row F / Column F"]
    assert warns and warns[0].startswith("test: rejected 2 candidate profile(s)")


def test_collect_attaches_each_candidates_properties():
    found, _ = collect(
        BOS,
        [_profile([1, 0], [1, 0]), _profile([0, 1], [0, 1])],
        tol=1e-8,
        exact=False,
        method="test",
        properties=[{"k": 1}, {"k": 2}],
    )
    assert [e.properties["k"] for e in found] == [1, 2]


def test_collect_exact_mode_judges_and_deduplicates_exactly():
    # "down" is worse than "up" by 1e-30: within any float tolerance, but not exact
    found, warns = collect(
        NEAR_TIE,
        [((Fraction(0), Fraction(1)), (Fraction(1),))],
        tol=1e-8,
        exact=True,
        method="test",
    )
    assert not found and "exact regret > 0" in warns[0]
    # every profile is an equilibrium of a game of zeros; two that differ by 1e-15
    zeros = NormalFormGame.from_bimatrix([[0, 0], [0, 0]], [[0, 0], [0, 0]])
    half, eps = Fraction(1, 2), Fraction(1, 10**15)
    pure_col = (Fraction(1), Fraction(0))
    found, _ = collect(
        zeros,
        [((half, half), pure_col), ((half + eps, half - eps), pure_col)],
        tol=1e-8,
        exact=True,
        method="test",
    )
    assert len(found) == 2  # distinct as fractions, equal once rounded to floats


def test_two_player_requirement_messages():
    from gametheory import MethodNotApplicableError
    from gametheory.solvers._common import require_two_players

    with pytest.raises(InvalidGameError) as err:
        require_two_players("not a game", "enumerate")
    assert str(err.value) == "method 'enumerate' needs a NormalFormGame, got str"
    three = NormalFormGame.from_payoff_array(np.zeros((2, 2, 2, 3)))
    with pytest.raises(MethodNotApplicableError) as err:
        require_two_players(three, "vertex")
    assert str(err.value) == (
        "method 'vertex' solves two-player games only, this game has 3 "
        "players; use method 'pure' (all pure equilibria) or "
        "'enumerate-mixed'"
    )
    require_two_players(BOS, "vertex")  # no error


# ------------------------------------------------------------------ solvers/pure.py (2)
def test_pure_records_its_default_options():
    """The documented defaults (tol 1e-8, max_equilibria 100000) are what a call uses."""
    from gametheory.result import DEFAULT_TOL

    assert DEFAULT_TOL == 1e-8
    assert pure_equilibria(BOS).options == {"tol": 1e-8, "max_equilibria": 100_000}


def test_dominance_check_size_limit(monkeypatch):
    """Games of at most DOMINANCE_MAX_PROFILES profiles are checked for dominance."""
    import gametheory.solvers.pure as pure

    monkeypatch.setattr(pure, "DOMINANCE_MAX_PROFILES", 4)
    assert pure_equilibria(PD).complete is True  # 4 profiles: at the limit
    monkeypatch.setattr(pure, "DOMINANCE_MAX_PROFILES", 3)
    assert pure_equilibria(PD).complete is False  # too big to check: not claimed complete


def test_pure_warns_when_floats_cannot_resolve_the_payoffs():
    """A dominance-solvable game whose row payoffs differ by 1e-12 (below tol times their
    spread 3): float mode warns and does not claim completeness; exact mode does."""
    game = NormalFormGame.from_bimatrix(
        [[3, 0], [3 + 1e-12, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D"))
    )
    floats = pure_equilibria(game)
    assert [e.label() for e in floats] == ["Row D / Column D"]
    assert floats.complete is False
    assert len(floats.warnings) == 1
    assert floats.warnings[0].startswith(
        "pure: payoff differences as small as 1e-12 are below the float tolerance 3e-08 "
    )
    exact = pure_equilibria(game, exact=True)
    assert [e.label() for e in exact] == ["Row D / Column D"]
    assert exact.complete is True and exact.warnings == ()
    # the same game with a resolvable gap: no warning, and complete
    clear = NormalFormGame.from_bimatrix([[3, 0], [3.5, 1]], [[3, 5], [0, 1]])
    assert pure_equilibria(clear).warnings == () and pure_equilibria(clear).complete is True


def test_strictness_uses_the_tolerance():
    """A strategy within ``tol`` times the spread of the best is a tie: neither
    equilibrium is strict."""
    game = NormalFormGame.from_bimatrix(
        [[1.0], [0.5]], [[0.0], [0.0]], strategies=(("hi", "lo"), ("only",))
    )
    both = pure_equilibria(game, tol=1.0)
    assert [e.properties["strict"] for e in both] == [False, False]
    one = pure_equilibria(game, tol=0.4)
    assert [(e.label(), e.properties["strict"]) for e in one] == [("Row hi / Column only", True)]


def test_pure_float_results_have_no_exact_fields_and_read_only_vectors():
    res = pure_equilibria(BOS)
    assert all(e.exact_vectors is None and e.exact_regret is None for e in res)
    # the one-hot vectors are shared between equilibria: they must not be writable
    with pytest.raises(ValueError, match="read-only"):
        res[0].vectors[0][1] = 0.5
    exact = pure_equilibria(BOS, exact=True)
    assert [e.exact_vectors for e in exact] == [
        ((Fraction(1), Fraction(0)), (Fraction(1), Fraction(0))),
        ((Fraction(0), Fraction(1)), (Fraction(0), Fraction(1))),
    ]
    assert all(e.exact_regret == 0 and isinstance(e.exact_regret, Fraction) for e in exact)


def _brute_force_exact(game):
    """The pure equilibria by loops over the exact payoffs (no tolerance)."""
    u = game.exact_payoffs
    found = []
    for idx in np.ndindex(*game.shape):
        ok = True
        for i in range(game.num_players):
            for k in range(game.shape[i]):
                dev = list(idx)
                dev[i] = k
                if u[tuple(dev) + (i,)] > u[idx + (i,)]:
                    ok = False
        if ok:
            found.append(idx)
    return found


def _indices(result):
    return sorted(tuple(int(np.argmax(v)) for v in e.vectors) for e in result)


def _planted(shape, rng, bonus):
    """Normal payoffs plus ``bonus`` for every player on the diagonal profiles: a few
    pure equilibria in a game large enough that the search gathers candidates."""
    payoffs = rng.normal(size=(*shape, len(shape)))
    for k in range(min(shape)):
        payoffs[(k,) * len(shape)] += bonus
    return payoffs


@pytest.mark.parametrize("shape", [(5, 5, 5, 5), (4, 6, 5, 4), (4, 4, 3, 4, 4)], ids=str)
@pytest.mark.parametrize("bonus", [0.0, 1.0, 3.0])
@pytest.mark.parametrize("seed", range(4))
def test_gathering_path_equals_a_brute_force_search(shape, bonus, seed):
    """Games with four and more players and no ties: after two players few candidates are
    left, so later players are checked by gathering each candidate's deviations (with
    strides); none, one or several candidates may survive each step."""
    rng = np.random.default_rng(seed)
    game = NormalFormGame.from_payoff_array(_planted(shape, rng, bonus))
    expected = sorted(_brute_force_pure(game))
    assert _indices(pure_equilibria(game, tol=0)) == expected
    assert _indices(pure_equilibria(game)) == expected


@pytest.mark.parametrize("seed", range(4))
def test_gathering_path_tolerance_boundary(seed):
    """Integer payoffs 0-4 and tol 0.25: a deviation exactly 1 better is within the
    tolerance (inclusive), also when later players are checked by gathering."""
    rng = np.random.default_rng(seed)
    shape = (6, 6, 5, 5)
    payoffs = rng.integers(0, 5, size=(*shape, 4)).astype(float)
    payoffs[(0,) * 4] = 0.0
    payoffs[(1,) * 4] = 4.0  # every player's spread is 4, so tol * spread is exactly 1.0
    game = NormalFormGame.from_payoff_array(payoffs)
    expected = sorted(_brute_force_pure(game, tol=0.25))
    assert _indices(pure_equilibria(game, tol=0.25)) == expected


@pytest.mark.parametrize("seed", range(3))
def test_gathering_path_in_exact_mode(seed):
    """Payoffs k/10 as fractions: most of them round up as floats (0.1 is
    0.1000000000000000055...), so comparing a fraction with a float best payoff would
    drop genuine equilibria; exact mode compares fractions throughout."""
    rng = np.random.default_rng(seed)
    shape = (5, 5, 5, 5)
    tenths = rng.integers(0, 10, size=(*shape, 4))
    for k in range(5):
        tenths[(k,) * 4] = 10 + k  # above every other payoff: five pure equilibria
    exact = np.vectorize(lambda t: Fraction(int(t), 10), otypes=[object])(tenths)
    game = NormalFormGame.from_payoff_array(exact)
    expected = sorted(_brute_force_exact(game))
    assert len(expected) >= 5
    result = pure_equilibria(game, exact=True)
    assert _indices(result) == expected
    assert all(e.exact_regret == 0 for e in result)
