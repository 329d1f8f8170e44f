"""Best-response correspondences and the two-population phase plane."""

import math
from pathlib import Path

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.best_response_plots import (
    best_response_plot,
    row_best_response_2x2,
    two_population_phase_plot,
)
from gametheory.cli import main
from gametheory.errors import InvalidGameError
from gametheory.io.nfg import read_nfg
from gametheory.solvers import solve

pytest.importorskip("matplotlib")
MODELS = Path(__file__).resolve().parent.parent / "models"
BOS = read_nfg(MODELS / "battle_of_the_sexes.nfg")


def test_2x2_best_response_pieces_cross_at_the_equilibria():
    # Alice is indifferent at q = 2/5 and Bob at p = 3/5: the mixed equilibrium (3/5, 2/5)
    alice = row_best_response_2x2(BOS, "Alice")
    bob = row_best_response_2x2(BOS, "Bob")
    (x_alice,) = [lo for lo, hi, p in alice if math.isnan(p)]
    (x_bob,) = [lo for lo, hi, p in bob if math.isnan(p)]
    (mixed,) = [e for e in solve(BOS) if not e.is_pure]
    assert x_alice == pytest.approx(mixed["Bob"]["Opera"])
    assert x_bob == pytest.approx(mixed["Alice"]["Opera"])
    # below the indifference point Alice goes to Football (p = 0), above it to Opera
    assert alice[0][2] == 0.0 and alice[-1][2] == 1.0


def test_dominant_strategy_gives_a_constant_best_response():
    pd = read_nfg(MODELS / "prisoners_dilemma.nfg")
    assert row_best_response_2x2(pd, "Row") == [(0.0, 1.0, 0.0)]


def test_plots_render_with_labels():
    fig = best_response_plot(BOS, equilibria=solve(BOS))
    ax = fig.axes[0]
    assert ax.get_xlabel() == "p = P(Alice plays Opera)"
    assert len([ln for ln in ax.lines if ln.get_marker() == "o"]) == 3
    g = NormalFormGame.from_bimatrix(
        [[3, 0, 1], [0, 2, 1]], [[2, 0, 1], [0, 3, 1]], strategies=(("U", "D"), ("L", "C", "R"))
    )
    fig = best_response_plot(g)
    assert [t.get_text() for t in fig.axes[1].texts][:3] == ["L", "C", "R"]
    transposed = NormalFormGame.from_bimatrix(
        np.array(g.payoffs[..., 1]).T, np.array(g.payoffs[..., 0]).T
    )
    assert len(best_response_plot(transposed).axes) == 2
    with pytest.raises(InvalidGameError, match="2x2 and 2x3"):
        best_response_plot(read_nfg(MODELS / "rock_paper_scissors.nfg"))


def test_phase_plane_arrows_point_along_the_replicator_field():
    fig = two_population_phase_plot(BOS, trajectories=1, t_max=2)
    quiver = fig.axes[0].collections[0]
    U, V = quiver.U, quiver.V
    X, Y = quiver.X, quiver.Y
    # near (1, 1) both populations move towards Opera/Opera
    k = int(np.argmax(X + Y))
    assert U[k] >= 0 and V[k] >= 0
    with pytest.raises(InvalidGameError, match="2x2"):
        two_population_phase_plot(read_nfg(MODELS / "rock_paper_scissors.nfg"))


def test_cli_dynamics_plots_the_phase_plane_for_2x2(tmp_path, capsys):
    svg = tmp_path / "stag.svg"
    status = main(
        [
            "dynamics",
            str(MODELS / "stag_hunt.nfg"),
            "-o",
            str(tmp_path / "s.csv"),
            "--start",
            "Hunter 1=0.5,0.5",
            "--plot",
            str(svg),
        ]
    )
    assert status == 0, capsys.readouterr().err
    text = svg.read_text()
    assert text.lstrip().startswith("<?xml")
    assert "Two-population replicator dynamics: Stag hunt" in text  # text, not glyph paths
    assert "share of Hunter 1 playing Stag" in text
    # the trajectory plot (probabilities against time) has one panel per player instead
    assert (
        main(
            [
                "dynamics",
                str(MODELS / "stag_hunt.nfg"),
                "--rule",
                "fictitious-play",
                "-o",
                str(tmp_path / "f.csv"),
                "--plot",
                str(tmp_path / "f.png"),
            ]
        )
        == 0
    )
