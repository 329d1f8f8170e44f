"""Replicator dynamics in scaled time: payoffs divided by their spread S, time in units
of 1/S. A game times c then runs the same path, so the default run works on payoffs of
1e300 or 1e-300 (it refused, asking for t_max <= 2e-295); a ``t_max`` given keeps the
game's own time, as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.dynamics import replicator, run_dynamics
from gametheory.errors import InvalidGameError

ROOT = Path(__file__).resolve().parents[1]
A = np.array([[3.0, -1.0, 0.5], [0.0, 2.0, -2.0], [1.0, 0.25, 1.0]])
B = np.array([[1.0, 0.0, 2.0], [-1.0, 3.0, 0.5], [2.0, -0.5, 0.0]])
FACTORS = [1e-300, 1e-12, 1e12, 1e300]


def _game(factor: float) -> NormalFormGame:
    return NormalFormGame.from_bimatrix(A * factor, B * factor)


@pytest.mark.parametrize("factor", FACTORS)
def test_scaled_time_paths_of_a_scaled_game_are_the_games_own(factor):
    base = replicator(_game(1.0), t_max=6, time="scaled", start={"Row": [0.6, 0.3, 0.1]})
    got = replicator(_game(factor), t_max=6, time="scaled", start={"Row": [0.6, 0.3, 0.1]})
    assert got.attrs["time_unit"] == "1/S"
    assert got.attrs["payoff_spread"] == pytest.approx(5.0 * factor, rel=1e-12)
    np.testing.assert_array_equal(got["time"], base["time"])
    np.testing.assert_allclose(got.iloc[:, 1:], base.iloc[:, 1:], atol=1e-7)
    assert not np.allclose(base.iloc[-1, 1:], base.iloc[0, 1:])  # the shares moved


@pytest.mark.parametrize("factor", FACTORS)
def test_the_default_run_works_at_every_scale_and_follows_the_same_path(factor):
    base = run_dynamics(_game(1.0), "replicator", steps=50)
    got = run_dynamics(_game(factor), "replicator", steps=50)
    assert got.attrs["time_unit"] == base.attrs["time_unit"] == "1/S"
    np.testing.assert_array_equal(got["time"], np.linspace(0, 5, 51))
    np.testing.assert_allclose(got.iloc[:, 1:], base.iloc[:, 1:], atol=1e-7)


def test_scaled_time_is_game_time_times_the_spread():
    game = _game(1.0)  # spread 3 - (-2) = 5
    scaled = replicator(game, t_max=10, time="scaled", n_points=11)
    own = replicator(game, t_max=2, n_points=11)
    assert own.attrs == {"time_unit": "game", "payoff_spread": 5.0}
    np.testing.assert_allclose(scaled.iloc[:, 1:], own.iloc[:, 1:], atol=1e-7)
    np.testing.assert_allclose(scaled["time"], 5 * own["time"])


def test_an_explicit_t_max_keeps_the_games_own_time():
    big = _game(1e300)
    with pytest.raises(InvalidGameError, match=r"use t_max <= 2e-295"):
        run_dynamics(big, "replicator", steps=5, t_max=1.0)
    own = run_dynamics(big, "replicator", steps=5, t_max=4e-300)
    assert own.attrs["time_unit"] == "game" and own["time"].iloc[-1] == 4e-300
    with pytest.raises(InvalidGameError, match="scaled time.*use t_max <= 1e"):
        replicator(big, t_max=1e7, time="scaled")
    with pytest.raises(InvalidGameError, match="time must be 'game' or 'scaled'"):
        replicator(big, time="seconds")


def test_all_equal_payoffs_stay_put_in_scaled_time():
    flat = NormalFormGame.from_bimatrix(np.ones((2, 2)), np.ones((2, 2)))
    got = run_dynamics(flat, "replicator", steps=4, start={"Row": [0.3, 0.7]})
    assert got.attrs["payoff_spread"] == 1.0
    np.testing.assert_allclose(got["Row:1"], 0.3)


def test_the_command_line_default_on_payoffs_of_1e308_states_the_unit(tmp_path):
    out = tmp_path / "d.csv"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "gametheory",
            "dynamics",
            str(ROOT / "tests" / "data" / "hostile" / "pennies_max_float.nfg"),
            "-o",
            str(out),
            "--steps",
            "20",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "time is in units of 1/S, S = 1.798e+308 the payoff spread" in proc.stdout
    rows = out.read_text().splitlines()
    assert rows[0] == "time,R:1,R:2,C:1,C:2" and rows[-1].startswith("2.0,")
    # matching pennies cycles around (1/2, 1/2): the shares stay finite and in [0, 1]
    vals = np.array([[float(x) for x in r.split(",")] for r in rows[1:]])
    assert np.isfinite(vals).all() and (vals[:, 1:] >= 0).all() and (vals[:, 1:] <= 1).all()
