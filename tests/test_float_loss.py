"""Exact payoffs that floats cannot hold (issue 12): a rational below the float range is
named when float mode solves the game, and one beyond it is refused with one line.

A game read from an ``.nfg``/``.efg`` file or built from ``Fraction`` payoffs keeps them
exactly; float mode solves their float values. 1e-400 as a float is 0, so float mode
would solve another game (here: every profile an equilibrium, where the exact game has
one mixed equilibrium) and, before, called that list complete.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from gametheory import NormalFormGame
from gametheory.cli import main
from gametheory.errors import InvalidGameError
from gametheory.extensive import ExtensiveFormGame
from gametheory.extensive.solve import solve_extensive
from gametheory.game import _sci
from gametheory.solvers import solve

TINY = Fraction(1, 10**400)
SMALLEST_NORMAL = Fraction(2.2250738585072014e-308)


def pennies(t: Fraction) -> NormalFormGame:
    return NormalFormGame.from_bimatrix([[t, 0], [0, t]], [[0, t], [t, 0]])


def test_float_loss_names_the_smallest_payoff_lost():
    g = NormalFormGame.from_bimatrix([[TINY * 5, 0], [0, -TINY * 3]], [[0, 1], [1, 0]])
    assert g.float_loss == "Row's payoff -3e-400 at ('2', '2')"
    assert float(g.payoffs[1, 1, 0]) == 0.0 and g.exact_payoffs[1, 1, 0] == -TINY * 3


def test_the_smallest_normal_float_is_kept_and_the_next_smaller_value_is_not():
    assert pennies(SMALLEST_NORMAL).float_loss is None
    below = pennies(SMALLEST_NORMAL / 2)  # a subnormal float: fewer digits
    assert below.float_loss == "Row's payoff 1.11e-308 at ('1', '1')"
    assert pennies(Fraction(0)).float_loss is None  # zero is held exactly


@pytest.mark.parametrize("method", ["auto", "pure", "enumerate", "vertex", "lemke-howson"])
def test_float_mode_warns_and_is_not_complete(method):
    result = solve(pennies(TINY), method=method)
    assert not result.complete
    assert any(
        w.startswith(f"{'enumerate' if method == 'auto' else method}: Row's payoff 1e-400")
        and "below the float range" in w
        and "exact=True" in w
        for w in result.warnings
    ), result.warnings


def test_exact_mode_solves_the_game_as_written():
    result = solve(pennies(TINY), exact=True)
    assert result.complete and not result.warnings
    assert len(result.equilibria) == 1
    (eq,) = result.equilibria
    assert [list(v) for v in eq.exact_vectors] == [[Fraction(1, 2)] * 2, [Fraction(1, 2)] * 2]


def test_a_payoff_beyond_the_float_range_is_refused_in_one_line():
    with pytest.raises(InvalidGameError) as err:
        NormalFormGame.from_bimatrix([[Fraction(10**400), 0], [0, 1]], [[0, 1], [1, 0]])
    assert str(err.value) == (
        "payoff 1e+400 at index (0, 0, 0) is beyond the float range (about 1.8e308): "
        "divide every payoff by a power of ten (equilibria do not change)"
    )


def test_sci_writes_rationals_beyond_the_float_range():
    assert _sci(Fraction(-3, 10**400)) == "-3e-400"
    assert _sci(Fraction(10**500)) == "1e+500"
    assert _sci(Fraction(999999, 10**406)) == "1e-400"  # 9.99999 rounds up a decade
    assert _sci(Fraction(9996, 10**403)) == "1e-399"  # 9.996: 3 digits round it up too
    assert _sci(Fraction(97, 10**401)) == "9.7e-400"  # 9.7 stays below the decade
    assert _sci(Fraction(1, 4)) == "0.25"
    assert _sci(Fraction(0)) == "0"


def _nfg(tmp_path, payoff: str):
    path = tmp_path / "tiny.nfg"
    path.write_text(
        f'NFG 1 R "tiny" {{ "A" "B" }} {{ 2 2 }}\n{payoff} 0 0 {payoff} 0 {payoff} {payoff} 0\n',
        encoding="utf-8",
    )
    return path


def test_cli_names_the_lost_payoff_of_an_nfg_file(tmp_path, capsys):
    path = _nfg(tmp_path, "1/1" + "0" * 350)
    assert main(["solve", str(path)]) == 0
    out = capsys.readouterr().out
    assert "not a complete set" in out
    assert "A's payoff 1e-350 at ('1', '1') is below the float range" in " ".join(out.split())
    assert main(["solve", str(path), "--exact"]) == 0
    out = capsys.readouterr().out
    assert "Method: enumerate (exact arithmetic); 1 equilibrium found, complete set" in out
    assert "below the float range" not in out


def _tree(t: Fraction) -> ExtensiveFormGame:
    def end(v: Fraction) -> dict:
        return {"payoffs": [v, -v]}

    return ExtensiveFormGame.from_dict(
        {
            "players": ["A", "B"],
            "tree": {
                "player": "A",
                "moves": {
                    "l": {"player": "B", "infoset": "b", "moves": {"x": end(t), "y": end(0)}},
                    "r": {"player": "B", "infoset": "b", "moves": {"x": end(0), "y": end(t)}},
                },
            },
        }
    )


def test_a_tree_solved_in_float_mode_warns_and_an_exact_solve_does_not():
    floated = solve_extensive(_tree(TINY), method="zero-sum")
    assert not floated.exact and not floated.complete
    assert floated.warnings[-1].startswith(
        "zero-sum: A's payoff 1e-400 at terminal node 2 is below the float range"
    )
    exact = solve_extensive(_tree(TINY), method="enumerate")
    assert exact.exact and exact.complete
    assert not any("float range" in w for w in exact.warnings)
    # the same tree at an ordinary scale: no warning in float mode
    plain = solve_extensive(_tree(Fraction(1)), method="zero-sum")
    assert not any("float range" in w for w in plain.warnings)
