"""Sweeps, thresholds, tornado, region maps, Monte Carlo shares, Sobol, Morris, PRIM, figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gametheory.models import load_model
from gametheory.sensitivity import (
    Dimension,
    OutcomeTable,
    ParameterSpace,
    SensitivityError,
    analyze_morris,
    analyze_sobol,
    critical_thresholds,
    monte_carlo,
    morris,
    morris_samples,
    parse_outcome,
    plot_indices,
    plot_shares,
    plot_sweep,
    plot_tornado,
    prim,
    region_map,
    save_figure,
    sobol,
    sobol_samples,
    sweep,
    tornado,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def state():
    return load_model(ROOT / "models" / "regional_state.toml")


@pytest.fixture(scope="module")
def flagship():
    return load_model(ROOT / "models" / "pacific_nato.toml")


def path_of(model, fix=None, **values):
    return model.with_params(values).solve(fix=fix).path


def test_sweep_rows_match_one_solve_per_point(state):
    name = ParameterSpace.from_model(state).names[0]
    frame = sweep(state, name, steps=9)
    p = state.parameters[name]
    np.testing.assert_allclose(frame[name], np.linspace(p.low, p.high, 9))
    for _, row in frame.iterrows():
        path = path_of(state, **{name: row[name]})
        assert all(row[f"{pl} action"] == a for pl, a in path.items())
    assert {"outcome", "equilibria", "ok"} <= set(frame.columns)
    assert any(c.endswith(" payoff") for c in frame.columns)


def test_two_parameter_sweep_is_a_full_grid(state):
    a, b = ParameterSpace.from_model(state).names[:2]
    frame = sweep(state, a, param2=b, steps=4, steps2=3)
    assert len(frame) == 12 and frame[[a, b]].drop_duplicates().shape[0] == 12


def test_sweep_rejects_unknown_and_fixed_parameters(state, flagship):
    with pytest.raises(SensitivityError, match="unknown parameter 'trade_depp'"):
        sweep(state, "trade_depp")
    fixed = next((n for n, p in flagship.parameters.items() if p.low == p.high), None)
    if fixed is not None:
        with pytest.raises(SensitivityError, match=f"parameter '{fixed}': empty range"):
            sweep(flagship, fixed)
    with pytest.raises(SensitivityError, match="steps must be an integer of at least 2"):
        sweep(state, ParameterSpace.from_model(state).names[0], steps=1)


def test_thresholds_are_where_the_solved_outcome_really_changes(state):
    frame = critical_thresholds(state, steps=21, tol=1e-7)
    assert len(frame) >= 1
    # the whole game and its branches (every option of the first mover, which is named)
    assert (frame.branch == "").any() and frame.branch.str.startswith("STATE ").any()
    assert set(frame.kind) == {"equilibrium-set"}
    for _, row in frame.iterrows():
        p = state.parameters[row.parameter]
        eps = 1e-4 * (p.high - p.low)
        fix = dict([row.branch.split(" ")]) if row.branch else None
        below = path_of(state, fix, **{row.parameter: max(row.threshold - eps, p.low)})
        above = path_of(state, fix, **{row.parameter: min(row.threshold + eps, p.high)})
        assert below != above, row.statement
        side_before, side_after = (below, above) if row.direction == "above" else (above, below)
        for change in row.changes.split("; "):
            player, _, move = change.partition(" ")
            old, _, new = move.partition(" -> ")
            assert side_before[player] == old and side_after[player] == new, row.statement
        verb = "exceeds" if row.direction == "above" else "falls below"
        assert f"when {row.parameter} {verb} " in row.statement
        assert np.isclose(row.margin, row.threshold - row.base)
    # closest calls first
    assert list(np.abs(frame.relative_margin)) == sorted(np.abs(frame.relative_margin))
    # a branch threshold that the whole game already shows is not repeated
    whole = frame[frame.branch == ""]
    for _, row in frame[frame.branch != ""].iterrows():
        assert not (
            (whole.parameter == row.parameter)
            & np.isclose(whole.threshold, row.threshold)
            & (whole.changes == row.changes)
        ).any()


def test_thresholds_of_the_flagship_name_the_players_that_move(flagship):
    names = ParameterSpace.from_model(flagship).names
    frame = critical_thresholds(
        flagship, params=[n for n in names if n.startswith("trade_dep")], steps=11, tol=1e-4
    )
    assert set(frame.parameter) | set(frame.attrs["no_change"]) == {
        n for n in names if n.startswith("trade_dep")
    }
    for s in frame.statement:
        assert " -> " in s and "; base " in s


def test_tornado_values_are_the_solved_payoffs(state):
    player = state.player_ids[0]
    frame = tornado(state, outcome=f"payoff:{player}")
    assert list(frame.swing) == sorted(frame.swing, reverse=True)
    top = frame.iloc[0]
    low = state.with_params({top.parameter: top.low}).solve()
    assert np.isclose(top.value_low, low.payoffs[player])
    assert frame.attrs["outcome"] == f"payoff:{player}"


def test_region_map_labels_each_grid_point_and_plots(state, tmp_path):
    a, b = ParameterSpace.from_model(state).names[:2]
    rm = region_map(state, a, b, steps=12, steps_y=10)
    assert rm.codes.shape == (10, 12)
    labels = rm.table.labels.astype(str).reshape(12, 10).T
    for c, cat in enumerate(rm.categories):
        assert ((rm.codes == c) == (labels == cat)).all()
    assert abs(rm.shares()["share"].sum() - 1) < 1e-12
    fig = rm.plot()
    legend = fig.legends[0]
    assert len(legend.get_texts()) == min(len(rm.categories), 12) + (len(rm.categories) > 12)
    png = save_figure(fig, tmp_path / "map.png")
    svg = save_figure(fig, tmp_path / "map.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg.read_bytes()[:500]
    with pytest.raises(SensitivityError, match="two different parameters"):
        region_map(state, a, a)


def test_monte_carlo_shares_count_the_table(state):
    res = monte_carlo(
        state, samples=500, rng=0, workers=1, outcomes=[f"{state.player_ids[0]}=hedge"]
    )
    shares = res.shares
    labels = np.where(res.table.ok, res.table.labels.astype(str), "(no equilibrium)")
    for _, row in shares.iterrows():
        assert row["count"] == int((labels == row.outcome).sum())
        assert row.ci_low <= row.share <= row.ci_high
    assert abs(shares.share.sum() - 1) < 1e-12
    ind = res.indices.iloc[0]
    assert np.isclose(ind["mean"], res.table.outcome(f"{state.player_ids[0]}=hedge").mean())
    # same seed, same numbers
    again = monte_carlo(state, samples=500, rng=0, workers=1)
    assert (again.shares["count"].to_numpy() == shares["count"].to_numpy()).all()


def _fake_table(design, y):
    return OutcomeTable(
        names=design.names,
        values=design.values,
        arrays={
            "label": np.array(["x"] * len(y), dtype=object),
            "ok": np.ones(len(y), bool),
            "n_equilibria": np.ones(len(y)),
            "payoff:F": y,
        },
        players=("F",),
    )


def test_sobol_analysis_recovers_the_ishigami_indices():
    space = ParameterSpace([Dimension(f"x{i}", -np.pi, np.pi, 0.0) for i in range(3)])
    design = sobol_samples(space, 4096, rng=0)
    x = design.values
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    out = parse_outcome("payoff:F", players=["F"])
    idx = analyze_sobol(design, _fake_table(design, y), [out])
    np.testing.assert_allclose(idx.S1, [0.314, 0.442, 0.0], atol=0.04)
    np.testing.assert_allclose(idx.ST, [0.558, 0.442, 0.244], atol=0.04)


def test_morris_analysis_ranks_a_linear_function():
    space = ParameterSpace(
        [Dimension("a", 0, 1, 0.5), Dimension("b", 0, 10, 5), Dimension("c", 0, 1, 0.5)]
    )
    design = morris_samples(space, 30, rng=0)
    y = 3 * design.values[:, 0] + 0.1 * design.values[:, 1]  # effects over full range: 3 and 1
    idx = analyze_morris(design, _fake_table(design, y), [parse_outcome("payoff:F", players=["F"])])
    np.testing.assert_allclose(idx.mu_star, [3.0, 1.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(idx.sigma, [0.0, 0.0, 0.0], atol=1e-9)


def test_sobol_and_morris_run_on_the_flagship_with_categorical_outcomes(flagship):
    outs = ["USA=pacific_nato*", "SGP=hedge", "payoff:USA"]
    res = sobol(flagship, samples=16, rng=0, outcomes=outs, workers=1)
    k = len(res.samples.names)
    assert len(res.table) == 16 * (k + 2)
    assert res.shares.attrs["n"] == 32  # the independent A and B rows only
    assert len(res.indices) == 3 * k and set(res.indices.outcome) == set(outs)
    fig = plot_indices(res.indices, outcome="payoff:USA")
    assert fig.axes[0].get_title().startswith("Sobol indices")
    mres = morris(flagship, samples=4, rng=0, outcomes=outs, workers=1)
    assert len(mres.table) == 4 * (k + 1)
    assert (mres.indices.mu_star >= 0).all()
    plot_shares(mres.shares)


def test_prim_on_model_draws_states_a_box(state):
    res = monte_carlo(state, samples=1500, rng=1, workers=1)
    player = state.player_ids[0]
    actions = res.table.arrays[f"action:{player}"].astype(str)
    common = max(set(actions), key=list(actions).count)
    y = res.table.outcome(f"{player}={common}")
    boxes = prim(res.table.values, y, res.table.names, outcome_name=f"{player} plays {common}")
    if 0 < y.mean() < 1:
        assert boxes and boxes[0].density >= y.mean()
        assert boxes[0].describe().startswith(f"{player} plays {common} in ")


def test_sweep_and_tornado_figures(state):
    name = ParameterSpace.from_model(state).names[0]
    fig = plot_sweep(sweep(state, name, steps=7), name)
    assert fig.axes[0].get_xlabel() == name
    fig = plot_tornado(tornado(state))
    assert len(fig.axes[0].patches) == 2 * len(ParameterSpace.from_model(state))
    with pytest.raises(SensitivityError, match="figure format must be"):
        save_figure(fig, "out.jpg")


def test_constant_and_missing_outcomes_get_nan_indices_with_a_reason():
    space = ParameterSpace([Dimension("a", 0, 1, 0.5), Dimension("b", 0, 1, 0.5)])
    design = sobol_samples(space, 8, rng=0)
    out = parse_outcome("payoff:F", players=["F"])
    const = analyze_sobol(design, _fake_table(design, np.ones(len(design))), [out])
    assert const.constant.all() and const.S1.isna().all()
    y = design.values[:, 0].copy()
    y[3] = np.nan
    miss = analyze_sobol(design, _fake_table(design, y), [out])
    assert (miss.missing == 1).all() and miss.ST.isna().all()


def test_global_result_plots_itself(state):
    res = monte_carlo(state, samples=100, rng=0, workers=1)
    assert res.plot().axes[0].get_title() == "How often each equilibrium outcome holds"
    assert "montecarlo" in repr(res)


def test_sweep_of_a_two_player_model_lists_mixed_equilibria_too():
    from gametheory.solvers import enumerate_equilibria

    model = load_model(ROOT / "models" / "us_china.toml")
    name = ParameterSpace.from_model(model).names[0]
    frame = sweep(model, name, steps=7)
    assert (frame["all equilibria"] >= frame["equilibria"]).all()
    for _, row in frame.iterrows():
        game = model.with_params({name: row[name]}).game()
        ref = enumerate_equilibria(game)
        assert row["all equilibria"] == len(ref)
        n_mixed = sum(not e.is_pure for e in ref)
        assert (row["mixed equilibria"].count(";") + 1 if row["mixed equilibria"] else 0) == n_mixed
    with pytest.raises(SensitivityError, match="two-player simultaneous"):
        sweep(load_model(ROOT / "models" / "regional_state.toml"), "trade_dep", steps=3, mixed=True)


@pytest.mark.parametrize("name", ["us_china", "regional_state"])
def test_closed_form_thresholds_agree_with_bisection(name):
    import sympy

    model = load_model(ROOT / "models" / f"{name}.toml")
    exact = critical_thresholds(model, steps=21)
    bisected = critical_thresholds(model, steps=21, exact=False, tol=1e-9)
    assert len(exact) == len(bisected) >= 1
    assert (bisected.exact == "").all()
    for (_, e), (_, b) in zip(
        exact.sort_values(["parameter", "threshold"]).iterrows(),
        bisected.sort_values(["parameter", "threshold"]).iterrows(),
        strict=True,
    ):
        assert e.exact, e.statement
        value = float(sympy.sympify(e.exact))
        assert value == e.threshold
        width = model.parameters[e.parameter].high - model.parameters[e.parameter].low
        assert abs(value - b.threshold) <= 1e-7 * width  # the solvers tie tolerance


def test_flagship_is_too_large_for_closed_forms(flagship):
    frame = critical_thresholds(flagship, params=["chn_coercion_cost"], steps=11, tol=1e-4)
    assert len(frame) >= 1 and (frame.exact == "").all()


def test_seed_zero_gives_reproducible_confidence_intervals():
    # SALib's analyze.sobol skips seeding when seed is 0; ours must not
    space = ParameterSpace([Dimension("a", 0, 1, 0.5), Dimension("b", 0, 1, 0.5)])
    design = sobol_samples(space, 64, rng=0)
    y = design.values[:, 0] + design.values[:, 1] ** 2
    out = parse_outcome("payoff:F", players=["F"])
    first = analyze_sobol(design, _fake_table(design, y), [out], rng=0)
    second = analyze_sobol(design, _fake_table(design, y), [out], rng=0)
    assert (first.S1_conf.to_numpy() == second.S1_conf.to_numpy()).all()
    assert (first.ST_conf.to_numpy() == second.ST_conf.to_numpy()).all()
