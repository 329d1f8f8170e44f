"""Dynamics for teaching (gametheory.dynamics)."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.dynamics import (
    best_response_dynamics,
    discrete_replicator,
    fictitious_play,
    phase_portrait,
    plot_trajectory,
    replicator,
    run_dynamics,
    stochastic_fictitious_play,
)
from gametheory.errors import InvalidGameError

CD = ("C", "D")


@pytest.fixture
def pd():
    return NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(CD, CD))


@pytest.fixture
def pennies():
    return NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], strategies=(("H", "T"), ("H", "T")))


def rps():
    A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    return NormalFormGame.from_bimatrix(A, A.T, strategies=(("R", "P", "S"),) * 2)


def coordination3():
    """Three players gain 1 each when all choose the same of two conventions."""
    P = np.zeros((2, 2, 2, 3))
    P[0, 0, 0] = 1
    P[1, 1, 1] = 2
    return NormalFormGame.from_payoff_array(P)


def _shares_sum_to_one(game, traj):
    for i, p in enumerate(game.players):
        cols = [f"{p}:{s}" for s in game.strategies[i]]
        np.testing.assert_allclose(traj[cols].sum(axis=1), 1.0, atol=1e-9)
        assert (traj[cols].to_numpy() >= 0).all()


def test_replicator_in_prisoners_dilemma_converges_to_defection(pd):
    traj = replicator(pd, start={"Row": [0.9, 0.1], "Column": [0.8, 0.2]}, t_max=30)
    assert traj["time"].iloc[0] == 0 and traj["time"].iloc[-1] == 30
    assert traj["Row:D"].iloc[-1] > 0.999 and traj["Column:D"].iloc[-1] > 0.999
    assert np.all(np.diff(traj["Row:D"]) >= -1e-9)  # defection share only grows
    _shares_sum_to_one(pd, traj)


def test_discrete_replicator_in_prisoners_dilemma_converges_to_defection(pd):
    traj = discrete_replicator(pd, start={"Row": [0.99, 0.01]}, steps=500)
    assert list(traj["step"][:3]) == [0, 1, 2]
    assert traj["Row:D"].iloc[-1] > 0.999
    _shares_sum_to_one(pd, traj)


def test_fictitious_play_in_matching_pennies_frequencies_tend_to_one_half(pennies):
    traj = fictitious_play(pennies, start={"Row": "H", "Column": "T"}, steps=20000)
    errs = [abs(traj[c].iloc[k] - 0.5) for c in ("Row:H", "Column:H") for k in (2000, 20000)]
    early, late = max(errs[0], errs[2]), max(errs[1], errs[3])
    assert late < 0.01
    assert late < early  # the frequencies keep approaching one half, not just once


def test_stochastic_fictitious_play_reproducible_and_near_equilibrium(pennies):
    a = stochastic_fictitious_play(pennies, steps=3000, rng=7)
    b = stochastic_fictitious_play(pennies, steps=3000, rng=7)
    c = stochastic_fictitious_play(pennies, steps=3000, rng=8)
    assert a.equals(b) and not a.equals(c)
    assert abs(a["Row:H"].iloc[-1] - 0.5) < 0.05


def test_seed_zero_is_a_seed(pennies):
    a = replicator(pennies, start="random", rng=0, n_points=5)
    b = replicator(pennies, start="random", rng=0, n_points=5)
    assert a.equals(b)


def test_best_response_dynamics_reaches_a_pure_equilibrium_of_a_three_player_game():
    g = coordination3()
    traj = best_response_dynamics(g, start={0: [0.2, 0.8], 1: [0.3, 0.7], 2: [0.9, 0.1]}, steps=12)
    # player 1 moves first: convention 1 pays 1 * 0.3 * 0.9 = 0.27 > 2 * 0.7 * 0.1 = 0.14
    last = [traj[f"{p}:1"].iloc[-1] for p in g.players]
    assert last == [1.0, 1.0, 1.0]
    final = [traj[[f"{p}:1", f"{p}:2"]].iloc[-1].to_numpy() for p in g.players]
    assert g.regret(final) == 0
    r1 = best_response_dynamics(g, start="random", steps=20, rng=3)
    r2 = best_response_dynamics(g, start="random", steps=20, rng=3)
    assert r1.equals(r2)


def test_n_player_replicator_keeps_shares_on_the_simplex_and_stays_at_rest_points():
    g = coordination3()
    traj = replicator(g, start="random", rng=1, t_max=50)
    _shares_sum_to_one(g, traj)
    final = traj.iloc[-1, 1:].to_numpy()
    assert set(np.round(final, 3)) <= {0.0, 1.0}  # a pure profile: a strict equilibrium
    rest = replicator(g, start={0: [1, 0], 1: [1, 0], 2: [1, 0]}, t_max=5)
    assert np.allclose(rest.iloc[-1, 1:].to_numpy(), rest.iloc[0, 1:].to_numpy())


def test_single_population_rps_cycles_around_the_centre():
    g = rps()
    traj = replicator(g, start={"Row": [0.5, 0.3, 0.2]}, single_population=True, t_max=30)
    x = traj[["Row:R", "Row:P", "Row:S"]].to_numpy()
    # the product x_R x_P x_S is a constant of motion of standard RPS
    prod = x.prod(axis=1)
    np.testing.assert_allclose(prod, prod[0], rtol=1e-5)
    np.testing.assert_allclose(traj["Row:R"], traj["Column:R"])


def test_run_dynamics_dispatches_every_rule(pd):
    for rule in (
        "replicator",
        "discrete-replicator",
        "best-response",
        "fictitious-play",
        "stochastic-fictitious-play",
    ):
        traj = run_dynamics(pd, rule, steps=20, rng=0)
        assert len(traj) == 21 and traj.shape[1] == 5


def test_phase_portrait_and_trajectory_plot_render(tmp_path, pd):
    pytest.importorskip("matplotlib")
    from gametheory.solvers import solve

    fig = phase_portrait(rps(), trajectories=2, t_max=5, equilibria=solve(rps()))
    out = tmp_path / "rps.png"
    fig.savefig(out)
    assert out.stat().st_size > 5000
    fig2 = plot_trajectory(pd, fictitious_play(pd, steps=30))
    fig2.savefig(tmp_path / "fp.png")
    assert (tmp_path / "fp.png").stat().st_size > 5000


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: replicator(g, start={"Row": [0.5, 0.6]}), "sum to 1"),
        (lambda g: replicator(g, start={"Nobody": [1, 0]}), "unknown player"),
        (lambda g: replicator(g, start={"Row": [1, 0, 0]}), "must give 2 probabilities"),
        (lambda g: replicator(g, start="middle"), "'random'"),
        (lambda g: fictitious_play(g, steps=0), "steps"),
        (lambda g: stochastic_fictitious_play(g, lam=-1), "lam"),
        (lambda g: run_dynamics(g, "gradient"), "unknown rule"),
        (lambda g: phase_portrait(g), "3 strategies"),
    ],
)
def test_bad_input_messages(pd, call, message):
    with pytest.raises(InvalidGameError, match=message):
        call(pd)


def test_single_population_needs_symmetric_game():
    g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]])
    with pytest.raises(InvalidGameError, match="symmetric"):
        replicator(g, single_population=True)


# ------------------------------------------------------------------ command line
MODELS = __import__("pathlib").Path(__file__).resolve().parent.parent / "models"


def _cli(argv, capsys):
    from gametheory.cli import main

    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def _write_pennies(tmp_path):
    nfg = 'NFG 1 R "Pennies" { "Even" "Odd" } { { "H" "T" } { "H" "T" } }\n1 -1 -1 1 -1 1 1 -1\n'
    path = tmp_path / "pennies.nfg"
    path.write_text(nfg)
    return path


def test_cli_fictitious_play_writes_csv_and_plot(tmp_path, capsys):
    import pandas as pd

    game = _write_pennies(tmp_path)
    out, png = tmp_path / "fp.csv", tmp_path / "fp.png"
    status, stdout, err = _cli(
        [
            "dynamics",
            str(game),
            "--rule",
            "fictitious-play",
            "--steps",
            "3000",
            "--start",
            "Even=H",
            "--start",
            "Odd=0,1",
            "-o",
            str(out),
            "--plot",
            str(png),
        ],
        capsys,
    )
    assert status == 0, err
    df = pd.read_csv(out)
    assert list(df.columns) == ["step", "Even:H", "Even:T", "Odd:H", "Odd:T"]
    assert len(df) == 3001 and abs(df["Even:H"].iloc[-1] - 0.5) < 0.02
    assert png.stat().st_size > 5000 and "3001 rows" in stdout
    assert not list(tmp_path.glob(".*tmp"))  # atomic writes leave no temporary files


def test_cli_stochastic_rule_is_reproducible_with_seed(tmp_path, capsys):
    game = _write_pennies(tmp_path)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for out in (a, b):
        status, _, err = _cli(
            [
                "dynamics",
                str(game),
                "--rule",
                "stochastic-fictitious-play",
                "--seed",
                "0",
                "--steps",
                "200",
                "-o",
                str(out),
            ],
            capsys,
        )
        assert status == 0, err
    assert a.read_text() == b.read_text()


def test_cli_phase_portrait_for_rock_paper_scissors(tmp_path, capsys):
    path = MODELS / "rock_paper_scissors.nfg"
    if not path.exists():
        pytest.skip("models/rock_paper_scissors.nfg not present")
    status, _, err = _cli(
        [
            "dynamics",
            str(path),
            "--single-population",
            "--start",
            "Player 1=0.5,0.3,0.2",
            "-o",
            str(tmp_path / "r.csv"),
            "--plot",
            str(tmp_path / "r.svg"),
        ],
        capsys,
    )
    assert status == 0, err
    assert (tmp_path / "r.svg").read_text().lstrip().startswith("<?xml")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--start", "Nobody=1,0"], "unknown player 'Nobody'; players are: Even, Odd"),
        (["--start", "Even=0.5,0.6"], "sum to 1"),
        (["--start", "Even=a,b"], "expected numbers"),
        (["--start", "Even=1"], "has 2 strategies"),
        (["--plot", "x.gif"], "unsupported format"),
        (["--lam", "2"], "--lam applies to --rule stochastic-fictitious-play only"),
        (["--rule", "gradient"], "invalid choice"),
        (["--steps", "0"], "positive whole number"),
    ],
)
def test_cli_errors_are_one_line(tmp_path, capsys, extra, message):
    game = _write_pennies(tmp_path)
    status, _, err = _cli(["dynamics", str(game), "-o", str(tmp_path / "o.csv"), *extra], capsys)
    assert status != 0
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o.csv").exists()


def test_cli_rejects_unknown_file_type(tmp_path, capsys):
    p = tmp_path / "game.txt"
    p.write_text("x")
    status, _, err = _cli(["dynamics", str(p), "-o", str(tmp_path / "o.csv")], capsys)
    assert status == 1 and "unsupported file type" in err


@pytest.mark.parametrize("module", ["gametheory.dynamics", "gametheory.cli.dynamics"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0
