"""Trembling-hand perfect and proper equilibria on games with known answers."""

import numpy as np
import pytest

from gametheory import InvalidGameError, NormalFormGame
from gametheory.perfection import is_proper, is_trembling_hand_perfect, tremble_orders
from gametheory.solvers import solve

WEAK = NormalFormGame.from_bimatrix(
    [[1, 0], [0, 0]], [[1, 0], [0, 0]], strategies=(("U", "D"), ("L", "R"))
)
_M = [[1, 0, -9], [0, 0, -7], [-9, -7, -7]]
MYERSON = NormalFormGame.from_bimatrix(
    _M, [list(r) for r in zip(*_M, strict=True)], strategies=(("U", "M", "D"), ("L", "M", "R"))
)


def test_only_the_undominated_equilibrium_of_the_2x2_game_is_perfect():
    answers = {
        e.label(): is_trembling_hand_perfect(WEAK, e).holds for e in solve(WEAK, method="pure")
    }
    assert answers == {"Row U / Column L": True, "Row D / Column R": False}


def test_perfect_certificate_is_a_completely_mixed_tremble_with_a_best_reply():
    check = is_trembling_hand_perfect(WEAK, {"Row": "U", "Column": "L"})
    for player, mix in check.tremble.items():
        assert all(q > 0 for q in mix.values()), player
    eps = 1e-3
    tremble = [
        [(1 - eps) * a + eps * b for a, b in zip(sigma, check.tremble[p].values(), strict=True)]
        for p, sigma in (("Row", [1, 0]), ("Column", [1, 0]))
    ]
    assert WEAK.best_responses("Row", {"Column": tremble[1]}) == ("U",)
    assert WEAK.best_responses("Column", {"Row": tremble[0]}) == ("L",)


def test_not_nash_is_not_perfect():
    check = is_trembling_hand_perfect(WEAK, {"Row": "U", "Column": "R"})
    assert check.holds is False and "not a Nash equilibrium" in check.reason


def test_myerson_example_perfect_but_not_proper():
    perfect = {
        p: is_trembling_hand_perfect(MYERSON, {"Row": p[0], "Column": p[1]}).holds
        for p in (("U", "L"), ("M", "M"), ("D", "R"))
    }
    assert perfect == {("U", "L"): True, ("M", "M"): True, ("D", "R"): False}
    assert is_proper(MYERSON, {"Row": "U", "Column": "L"}).holds is True
    mm = is_proper(MYERSON, {"Row": "M", "Column": "M"})
    assert mm.holds is False and "tremble orders" in mm.reason
    assert is_proper(MYERSON, {"Row": "D", "Column": "R"}).holds is False


def test_proper_certificate_is_eps_proper():
    check = is_proper(MYERSON, {"Row": "U", "Column": "L"})
    eps = check.details["eps"]
    p = [list(check.tremble["Row"].values()), list(check.tremble["Column"].values())]
    dev = MYERSON.deviation_payoffs(p)
    for i in range(2):
        for s in range(3):
            for t in range(3):
                if dev[i][s] < dev[i][t] - 1e-12:
                    assert p[i][s] <= eps * p[i][t] * (1 + 1e-6)
    assert check.details["orders"]["Row"][0] == ["U"]


@pytest.mark.parametrize(
    "name", ["battle_of_the_sexes", "chicken", "stag_hunt", "matching_pennies"]
)
def test_every_equilibrium_of_generic_2x2_games_is_proper(name):
    from pathlib import Path

    from gametheory.io.nfg import read_nfg

    g = read_nfg(Path(__file__).resolve().parent.parent / "models" / f"{name}.nfg")
    for e in solve(g, method="enumerate"):
        assert is_proper(g, e).holds is True, e.label()


def test_three_players_certified_by_a_tremble_direction():
    from pathlib import Path

    from gametheory.io.nfg import read_nfg

    g = read_nfg(Path(__file__).resolve().parent.parent / "models" / "volunteers_dilemma.nfg")
    pure = [e for e in solve(g, method="pure")]
    assert pure and all(is_trembling_hand_perfect(g, e).holds is True for e in pure)


def test_three_player_dominated_equilibrium_is_refuted():
    # everyone gets 1 unless someone plays b; (b, b, b) is Nash but b is weakly dominated
    import numpy as np

    pay = np.zeros((2, 2, 2, 3))
    pay[0, 0, 0] = 1
    g = NormalFormGame(pay, strategies=(("a", "b"),) * 3)
    assert is_trembling_hand_perfect(g, ["b", "b", "b"]).holds is False
    assert is_trembling_hand_perfect(g, ["a", "a", "a"]).holds is True


def test_tremble_orders_and_errors():
    assert len(tremble_orders(3, [0])) == 6
    assert all(0 in orders[0] for orders in tremble_orders(4, [0]))
    with pytest.raises(InvalidGameError, match="two-player"):
        is_proper(NormalFormGame(np.zeros((2, 2, 2, 3))), [[1, 0]] * 3)
    with pytest.raises(InvalidGameError, match="profile gives no strategy for Column"):
        is_trembling_hand_perfect(WEAK, {"Row": "U"})


def test_proper_check_refuses_games_with_too_many_tremble_orders():
    g = NormalFormGame.from_bimatrix(np.zeros((6, 6)), np.zeros((6, 6)))
    with pytest.raises(InvalidGameError, match="pairs of tremble orders"):
        is_proper(g, [np.eye(6)[0], np.eye(6)[0]])


def test_the_proper_point_inside_a_component_of_equilibria():
    # Row plays 2; Column is indifferent between 1 and 2 (12 = 12): a segment of equilibria.
    # Row's trembles to 1 and 3 must be equally costly (Column mixes 1/3 on 1), and
    # Column must stay indifferent against them: only q = 1/3 survives (worked by hand).
    g = NormalFormGame.from_bimatrix(
        [[2, 3, 9], [11, 15, 7], [0, 4, 9]], [[7, 18, 8], [12, 12, 1], [14, 0, 0]]
    )
    answers = {
        q: is_proper(g, [[0, 1, 0], [q, 1 - q, 0]]).holds for q in (1 / 4, 1 / 3, 1 / 2, 1.0)
    }
    assert answers == {1 / 4: False, 1 / 3: True, 1 / 2: False, 1.0: False}
    check = is_proper(g, [[0, 1, 0], [1 / 3, 2 / 3, 0]])
    assert check.details["orders"]["Row"] == [["2"], ["1", "3"]]
