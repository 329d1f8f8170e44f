"""Exact values everywhere (issue 15): what a Python user sees for an exact result.

Before: no ``Equilibrium.exact_payoffs``; ``repr``, ``to_frame()`` and the HTML display
showed 0.6 for 3/5 even with ``exact=True``; ``EquilibriumResult.to_json()`` put fraction
strings into ``profile`` while ``solve --json`` and the README put numbers there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import gametheory as gt

ROOT = Path(__file__).resolve().parents[1]
CHICKEN = ROOT / "models" / "chicken.nfg"


def _solved():
    return gt.solve(gt.read_nfg(CHICKEN), method="enumerate", exact=True)


def test_exact_payoffs_are_fractions():
    mixed = next(e for e in _solved() if not e.is_pure)
    assert mixed.exact_payoffs == {"Driver 1": Fraction(-1, 10), "Driver 2": Fraction(-1, 10)}
    assert gt.solve(gt.read_nfg(CHICKEN))[0].exact_payoffs is None  # float result


def test_repr_label_frame_and_html_show_fractions():
    result = _solved()
    mixed = next(e for e in result if not e.is_pure)
    assert (
        mixed.label(exact=True) == "Driver 1 [Swerve 9/10, Straight 1/10] / "
        "Driver 2 [Swerve 9/10, Straight 1/10]"
    )
    assert (
        mixed.label() == "Driver 1 [Swerve 0.9, Straight 0.1] / Driver 2 [Swerve 0.9, Straight 0.1]"
    )  # the same name as for the float equilibrium
    assert "Driver 1 [Swerve 9/10" in repr(mixed)
    assert "payoffs={'Driver 1': -1/10, 'Driver 2': -1/10} regret 0" in repr(mixed)
    frame = result.to_frame()
    row = frame[frame["Driver 1:Swerve"] == Fraction(9, 10)].iloc[0]
    assert row["payoff Driver 1"] == Fraction(-1, 10) and row["regret"] == 0
    assert "9/10" in frame.to_string() and "-1/10" in frame.to_string()
    assert "<td>9/10</td>" in result._repr_html_()
    # floats on request
    assert result.to_frame(exact=False)["Driver 1:Swerve"].dtype == float


def test_to_json_is_the_cli_json():
    result = _solved()
    ours = json.loads(result.to_json())
    mixed = next(e for e in ours["equilibria"] if e["profile"]["Driver 1"]["Swerve"] == 0.9)
    assert mixed["profile"]["Driver 1"] == {"Swerve": 0.9, "Straight": 0.1}  # numbers
    assert mixed["exact_profile"]["Driver 1"] == {"Swerve": "9/10", "Straight": "1/10"}
    assert mixed["exact_payoffs"] == {"Driver 1": "-1/10", "Driver 2": "-1/10"}
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "gametheory",
            "solve",
            str(CHICKEN),
            "--exact",
            "--json",
            "--method",
            "enumerate",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    theirs = json.loads(cli.stdout)
    for key in ("method", "exact", "complete", "equilibria", "warnings"):
        assert ours[key] == theirs[key], key
