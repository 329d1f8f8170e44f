"""Parameter spaces, sampling designs, outcome specs, confidence intervals and PRIM."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory.sensitivity import (
    Dimension,
    ParameterSpace,
    SensitivityError,
    grid_samples,
    monte_carlo_samples,
    morris_samples,
    parse_outcome,
    prim,
    seed_from,
    sobol_samples,
    wilson_interval,
)


@pytest.fixture
def space() -> ParameterSpace:
    return ParameterSpace(
        [
            Dimension("trade_dep.AUS", 0.5, 1.0, 0.9),
            Dimension("cost", 0.0, 2.0, 0.6),
            Dimension("deterrence.pacific_nato", 0.2, 1.0, 0.8),
        ],
        known=["trade_dep.AUS", "cost", "deterrence.pacific_nato", "fixed"],
        base_values={"fixed": 3.0},
    )


def test_space_reads_names_bounds_and_base(space):
    assert space.names == ("trade_dep.AUS", "cost", "deterrence.pacific_nato")
    np.testing.assert_array_equal(space.bounds, [[0.5, 1.0], [0.0, 2.0], [0.2, 1.0]])
    np.testing.assert_array_equal(space.base, [0.9, 0.6, 0.8])
    full = space.full_values(
        np.array([[0.7, 1.0, 0.3]]), ["cost", "fixed", "trade_dep.AUS", "deterrence.pacific_nato"]
    )
    np.testing.assert_array_equal(full, [[1.0, 3.0, 0.7, 0.3]])


def test_narrow_widen_add_select_return_new_spaces(space):
    narrow = space.narrow("cost", low=0.5)
    assert narrow["cost"].low == 0.5 and space["cost"].low == 0.0
    wide = space.widen("cost", high=3)
    assert wide["cost"].high == 3.0
    added = space.add("fixed", 2.0, 4.0)
    assert added.names[-1] == "fixed" and added["fixed"].base == 3.0
    assert space.select(["cost"]).names == ("cost",)
    assert space.fingerprint() != narrow.fingerprint()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda s: s.narrow("trade_dep.AUZ", low=0.6),
            "unknown parameter 'trade_dep.AUZ' (did you mean 'trade_dep.AUS'?)",
        ),
        (lambda s: s.with_range("cost", 1.0, 1.0), "parameter 'cost': empty range [1, 1]"),
        (lambda s: s.with_range("cost", 2.0, 1.0), "parameter 'cost': inverted range [2, 1]"),
        (lambda s: s.with_range("cost", "abc", 1.0), "low of 'cost' must be a number, got 'abc'"),
        (lambda s: s.narrow("cost", high=5), "not inside the current range"),
        (lambda s: s.widen("cost", high=1), "does not contain the current range"),
        (lambda s: s.add("cost", 0, 1), "parameter 'cost' already varies"),
        (lambda s: s.add("nope", 0, 1), "unknown parameter 'nope'"),
        (lambda s: s.with_distribution("cost", "lognormal"), "unknown distribution 'lognormal'"),
        (
            lambda s: s.with_distribution("cost", "triangular", mode=7),
            "triangular mode 7 is outside [0, 2]",
        ),
        (
            lambda s: s.full_values(np.zeros((1, 3)), ["cost", "other"]),
            "no value for model parameter 'other'",
        ),
    ],
)
def test_space_errors_are_one_line_and_name_the_parameter(space, call, message):
    with pytest.raises(SensitivityError) as info:
        call(space)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_distributions_map_unit_draws_inside_the_range(space):
    sp = space.with_distribution("cost", "triangular", mode=0.5).with_distribution(
        "trade_dep.AUS", "normal", sd=0.1
    )
    u = np.random.default_rng(1).random((20_000, 3))
    x = sp.transform(u)
    assert (x >= sp.bounds[:, 0]).all() and (x <= sp.bounds[:, 1]).all()
    # triangular on [0, 2] with mode 0.5 has mean (0 + 2 + 0.5) / 3
    assert abs(x[:, 1].mean() - 2.5 / 3) < 0.02
    # truncated normal around 0.9: median near the base, mass pulled in by truncation at 1.0
    assert 0.85 < np.median(x[:, 0]) < 0.9
    # uniform stays uniform
    assert abs(x[:, 2].mean() - 0.6) < 0.01


def test_seed_zero_is_a_seed_and_designs_are_reproducible(space):
    assert seed_from(0) == 0
    a = monte_carlo_samples(space, 50, rng=0)
    b = monte_carlo_samples(space, 50, rng=0)
    c = monte_carlo_samples(space, 50, rng=1)
    np.testing.assert_array_equal(a.values, b.values)
    assert not np.array_equal(a.values, c.values)
    assert a.fingerprint() == b.fingerprint() != c.fingerprint()
    s0 = sobol_samples(space, 16, rng=0)
    assert len(s0) == 16 * (3 + 2)
    np.testing.assert_array_equal(s0.values, sobol_samples(space, 16, rng=0).values)
    m0 = morris_samples(space, 4, rng=0)
    assert len(m0) == 4 * (3 + 1)
    for design in (a, s0, m0):
        assert (design.values >= space.bounds[:, 0]).all()
        assert (design.values <= space.bounds[:, 1]).all()


def test_grid_covers_the_corners(space):
    g = grid_samples(space.select(["cost", "trade_dep.AUS"]), steps=3)
    assert len(g) == 9
    assert {tuple(r) for r in g.values[[0, -1]]} == {(0.0, 0.5), (2.0, 1.0)}


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda s: sobol_samples(s, 2), "too few base samples for sobol: 2 (at least 4)"),
        (lambda s: morris_samples(s, 1), "too few trajectories for morris: 1"),
        (lambda s: monte_carlo_samples(s, 1), "too few samples for montecarlo: 1"),
        (lambda s: monte_carlo_samples(s, 2.5), "must be an integer, got 2.5"),
        (lambda s: monte_carlo_samples(s, 10, rng=-1), "nonnegative integer"),
        (lambda s: grid_samples(s, steps=10_000), "larger than"),
    ],
)
def test_too_few_samples_and_bad_designs_are_rejected(space, make, message):
    with pytest.raises(SensitivityError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make(space)


def test_outcome_specs_parse_and_evaluate():
    players = ["USA", "AUS", "CHN"]
    arrays = {
        "label": np.array(["a", "b", "a"], dtype=object),
        "action:USA": np.array(["pacific_nato", "pacific_nato_taiwan", "quad_plus"], dtype=object),
        "payoff:USA": np.array([1.0, 2.0, 3.0]),
        "n_equilibria": np.array([1, 2, 1]),
    }
    assert parse_outcome("USA=pacific_nato*", players=players).values(arrays).tolist() == [1, 1, 0]
    assert parse_outcome("USA!=quad_plus", players=players).values(arrays).tolist() == [1, 1, 0]
    assert parse_outcome("payoff:USA", players=players).values(arrays).tolist() == [1, 2, 3]
    assert parse_outcome("outcome=b", players=players).values(arrays).tolist() == [0, 1, 0]
    assert parse_outcome("equilibria", players=players).values(arrays).tolist() == [1, 2, 1]
    with pytest.raises(SensitivityError, match="unknown player 'JPN'"):
        parse_outcome("JPN=compete", players=players)
    with pytest.raises(SensitivityError, match="matches no strategy of USA"):
        parse_outcome("USA=join", players=players, strategies={"USA": ["quad_plus"]})
    with pytest.raises(SensitivityError, match="not understood"):
        parse_outcome("USA", players=players)


def test_wilson_interval_matches_the_formula_and_covers():
    lo, hi = wilson_interval(np.array([0, 30, 100]), 100)
    assert abs(lo[0]) < 1e-15 and abs(hi[2] - 1) < 1e-15
    # coverage check: the 95% interval holds the true p in about 95% of repeats
    rng = np.random.default_rng(0)
    k = rng.binomial(200, 0.3, size=4000)
    lo, hi = wilson_interval(k, 200)
    cover = np.mean((lo <= 0.3) & (0.3 <= hi))
    assert 0.93 < cover < 0.97


def test_prim_finds_the_box_that_drives_the_outcome():
    rng = np.random.default_rng(0)
    X = rng.random((5000, 4))
    y = ((X[:, 0] < 0.4) & (X[:, 2] > 0.6)).astype(float)
    y[rng.random(5000) < 0.02] = 1.0  # noise
    boxes = prim(
        X, y, ["trade_dep.AUS", "b", "deterrence.pacific_nato", "d"], outcome_name="AUS joins"
    )
    box = boxes[0]
    assert set(box.limits) == {"trade_dep.AUS", "deterrence.pacific_nato"}
    assert abs(box.limits["trade_dep.AUS"][1] - 0.4) < 0.05
    assert abs(box.limits["deterrence.pacific_nato"][0] - 0.6) < 0.05
    assert box.density > 0.9 and box.coverage > 0.8
    inside = box.contains(X, ["trade_dep.AUS", "b", "deterrence.pacific_nato", "d"])
    assert abs(y[inside].mean() - box.density) < 1e-12
    text = box.describe()
    assert text.startswith("AUS joins in 100% of draws when trade_dep.AUS < 0.")
    assert "deterrence.pacific_nato > 0.6" in text


def test_prim_rejects_non_indicator_outcomes():
    X = np.random.default_rng(0).random((50, 2))
    with pytest.raises(SensitivityError, match="0/1 outcome"):
        prim(X, X[:, 0], ["a", "b"])
    assert prim(X, np.zeros(50), ["a", "b"]) == []


def test_independent_rows_pick_the_saltelli_a_and_b_matrices(space):
    from gametheory.sensitivity import independent_rows

    design = sobol_samples(space, 8, rng=0)
    rows = independent_rows(design)
    assert len(rows) == 16
    k = len(space)
    for block in range(8):
        a, b = design.values[rows[2 * block]], design.values[rows[2 * block + 1]]
        assert (a != b).all()
        for j in range(k):  # the rows in between copy A except column j (taken from B)
            ab = design.values[rows[2 * block] + 1 + j]
            assert (ab == a).sum() == k - 1 and ab[j] == b[j]
    m = morris_samples(space, 5, rng=0)
    assert independent_rows(m).tolist() == [0, 4, 8, 12, 16]
    mc = monte_carlo_samples(space, 7, rng=0)
    assert independent_rows(mc).tolist() == list(range(7))
