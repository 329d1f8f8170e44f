"""Tests for ``gametheory/game.py`` written for the mutants a mutation test left alive
(issue 13): every rejected input with the message a user sees, the factories' defaults,
exact and float arithmetic of the payoff helpers, and the displays.

Run the mutation test with ``python benchmarks/mutation.py gametheory/game.py``.
"""

from __future__ import annotations

from fractions import Fraction
from numbers import Rational, Real

import numpy as np
import pytest

import gametheory.game as game_module
from gametheory import InvalidGameError, NormalFormGame
from gametheory.game import to_fraction

PD = NormalFormGame.from_bimatrix(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("hedge", "compete"), ("C", "D"))
)


def _message(call):
    with pytest.raises(InvalidGameError) as err:
        call()
    return str(err.value)


# ------------------------------------------------------------------ to_fraction
class _Ratio:
    """A rational number that is not a Fraction (as sympy's or gmpy's are)."""

    def __init__(self, numerator, denominator):
        self.numerator, self.denominator = numerator, denominator


class _Length:
    """A real number that is neither a float nor rational."""

    def __float__(self):
        return 0.25


Rational.register(_Ratio)
Real.register(_Length)


def test_to_fraction_of_every_kind_of_number():
    assert to_fraction(Fraction(2, 3)) == Fraction(2, 3)
    assert to_fraction(np.int64(-7)) == -7 and isinstance(to_fraction(np.int64(-7)), Fraction)
    assert to_fraction(_Ratio(np.int64(3), np.int64(4))) == Fraction(3, 4)
    assert to_fraction(0.1) == Fraction(1, 10)
    assert to_fraction(np.float32(0.5)) == Fraction(1, 2)
    assert to_fraction(" 3/4 ") == Fraction(3, 4)
    assert to_fraction(_Length()) == Fraction(1, 4)


@pytest.mark.parametrize(
    "value, message",
    [
        (True, "payoff must be a number, got boolean True"),
        (np.bool_(False), "payoff must be a number, got boolean np.False_"),
        (float("nan"), "payoff must be finite, got nan"),
        (float("-inf"), "payoff must be finite, got -inf"),
        ("two", "payoff 'two' is not a number"),
        ("1/0", "payoff '1/0' is not a number"),
        ([1], "payoff must be a real number, got list [1]"),
        (None, "payoff must be a real number, got NoneType None"),
    ],
)
def test_to_fraction_rejects(value, message):
    assert _message(lambda: to_fraction(value)) == message


# ------------------------------------------------------------------ factories
def test_factories_default_to_an_empty_title():
    a = [[1, 0], [0, 1]]
    assert NormalFormGame.from_bimatrix(a).title == ""
    assert NormalFormGame.from_arrays([a, a]).title == ""
    assert NormalFormGame.from_payoff_array(np.zeros((2, 2, 2))).title == ""
    g = NormalFormGame.from_payoff_function(lambda p: (0, 0), {"A": ["x"], "B": ["y"]})
    assert g.title == ""
    assert NormalFormGame.from_bimatrix(a, title="T").title == "T"


def test_from_bimatrix_without_b_is_zero_sum():
    g = NormalFormGame.from_bimatrix([[2, -1], [0, 3]])
    assert g.payoffs[..., 1].tolist() == [[-2, 1], [0, -3]]
    assert g.players == ("Row", "Column")


def test_from_bimatrix_keeps_b_exact_and_rejects_booleans_in_it():
    g = NormalFormGame.from_bimatrix([[1, 0]], [["1/3", "0.1"]])
    assert g.exact_payoffs[0, :, 1].tolist() == [Fraction(1, 3), Fraction(1, 10)]
    message = "payoff must be a number, got boolean True"
    assert _message(lambda: NormalFormGame.from_bimatrix([[1, 0]], [[True, 0]])) == message


def test_from_arrays_accepts_a_numeric_array_and_decimal_strings():
    g = NormalFormGame.from_arrays(np.array([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]))
    assert g.payoffs[1, 0].tolist() == [3.0, 7.0]
    s = NormalFormGame.from_arrays([[["1/2", "1"], ["0", "2"]], [["1", "0"], ["0", "1"]]])
    assert s.exact_payoffs[0, 0, 0] == Fraction(1, 2)
    one = NormalFormGame.from_arrays([[1, 2, 3]], players=("Solo",))
    assert one.shape == (3,) and one.num_players == 1


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: NormalFormGame.from_arrays([]),
            "a game needs at least one player's payoff array",
        ),
        (
            lambda: NormalFormGame.from_arrays([[1, 2], [[1, 2]]]),
            "every player's payoff array must have the same shape, got [(1, 2), (2,)]",
        ),
        (
            lambda: NormalFormGame.from_arrays([[1, 2], [3, 4]]),
            "2 payoff arrays given, but each has 1 axes: a game of N players needs N "
            "arrays of N axes",
        ),
        (
            lambda: NormalFormGame.from_bimatrix([1, 2]),
            "A must be a matrix, got shape (2,)",
        ),
        (
            lambda: NormalFormGame.from_bimatrix([[1, 2]], [[1], [2]]),
            "A has shape (1, 2) but B has shape (2, 1)",
        ),
    ],
)
def test_factory_rejections(call, message):
    assert _message(call) == message


def test_from_payoff_function_with_mappings_and_one_strategy_players():
    g = NormalFormGame.from_payoff_function(
        lambda p: {"B": 2, "A": 1 if p["A"] == "x" else 0}, {"A": ["x", "y"], "B": ["only"]}
    )
    assert g.shape == (2, 1)
    assert g.payoffs[:, 0].tolist() == [[1.0, 2.0], [0.0, 2.0]]
    thirds = NormalFormGame.from_payoff_function(
        lambda p: (Fraction(1, 3), Fraction(10**20 + 1, 10**20)), {"A": ["x"], "B": ["y"]}
    )
    assert thirds.exact_payoffs[0, 0].tolist() == [Fraction(1, 3), Fraction(10**20 + 1, 10**20)]


@pytest.mark.parametrize(
    "function, strategies, message",
    [
        (lambda p: (0, 0), {"A": ["x"], "B": []}, "every player needs at least one strategy"),
        (
            lambda p: {"A": 1},
            {"A": ["x"], "B": ["y"]},
            "payoff function returned no payoff for ['B'] at {'A': 'x', 'B': 'y'}",
        ),
        (
            lambda p: (1,),
            {"A": ["x"], "B": ["y"]},
            "payoff function returned 1 payoffs at {'A': 'x', 'B': 'y'}, expected 2",
        ),
        (
            lambda p: (0,) * 7,
            {f"P{i}": [str(k) for k in range(600)] for i in range(7)},
            "game has too many pure profiles ((600, 600, 600, 600, 600, 600, 600))",
        ),
    ],
)
def test_from_payoff_function_rejections(function, strategies, message):
    # the last case: 600**7 profiles overflow int64, so the size is counted in floats
    assert _message(lambda: NormalFormGame.from_payoff_function(function, strategies)) == message


def test_profile_limit_is_inclusive(monkeypatch):
    monkeypatch.setattr(game_module, "MAX_PROFILES", 4)
    strategies = {"A": ["x", "y"], "B": ["u", "v"]}
    assert NormalFormGame.from_payoff_function(lambda p: (0, 0), strategies).shape == (2, 2)
    assert NormalFormGame.from_payoff_array(np.zeros((2, 2, 2))).shape == (2, 2)
    strategies["B"].append("w")
    message = "game has too many pure profiles ((2, 3))"
    assert _message(lambda: NormalFormGame.from_payoff_function(lambda p: (0, 0), strategies)) == (
        message
    )
    assert _message(lambda: NormalFormGame.from_payoff_array(np.zeros((2, 3, 2)))) == (
        "game has 6 pure profiles, more than the 4 a dense game may hold"
    )


# ------------------------------------------------------------------ lookups and payoffs
def test_player_and_strategy_lookups():
    assert PD.player_index("Column") == 1 and PD.player_index(1) == 1
    assert PD.player_index(np.int64(0)) == 0
    assert PD.strategy_index("Row", "compete") == 1
    assert PD.strategy_index("Row", 0) == 0 and PD.strategy_index("Row", np.int64(1)) == 1
    assert PD.payoff_array("Column").tolist() == [[3.0, 5.0], [0.0, 1.0]]
    exact = PD.payoff_array(0, exact=True)
    assert exact.tolist() == [[3, 0], [5, 1]] and isinstance(exact[0, 0], Fraction)
    assert PD.payoff_array("Row").dtype == float


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: PD.player_index(2), "player index 2 out of range for 2 players"),
        (lambda: PD.player_index(-1), "player index -1 out of range for 2 players"),
        (
            lambda: PD.player_index("Rwo"),
            "unknown player 'Rwo' (did you mean 'Row'?); players are Row, Column",
        ),
        (
            lambda: PD.player_index(True),
            "unknown player True; players are Row, Column",
        ),
        (
            lambda: PD.strategy_index("Row", 2),
            "strategy index 2 out of range for player 'Row'",
        ),
        (
            lambda: PD.strategy_index("Row", -1),
            "strategy index -1 out of range for player 'Row'",
        ),
        (
            lambda: PD.strategy_index("Row", "hedg"),
            "unknown strategy 'hedg' of player 'Row' (did you mean 'hedge'?); "
            "strategies are hedge, compete",
        ),
        (
            lambda: PD.strategy_index("Row", True),
            "unknown strategy True of player 'Row'; strategies are hedge, compete",
        ),
        (lambda: PD.payoff({"Row": "hedge"}), "profile gives no strategy for Column"),
        (
            lambda: PD.payoff({"Row": "hedge", "Column": "C", "X": "a"}),
            "unknown player 'X'; players are Row, Column",
        ),
        (lambda: PD.payoff(["hedge"]), "profile has 1 entries, the game has 2 players"),
        (
            lambda: PD.payoff(["hedge", "E"]),
            "unknown strategy 'E' of player 'Column'; strategies are C, D",
        ),
    ],
)
def test_lookup_rejections(call, message):
    assert _message(call) == message


def test_payoff_at_a_profile_by_mapping_or_sequence():
    assert PD.payoff({"Column": "C", "Row": "compete"}) == {"Row": 5.0, "Column": 0.0}
    assert PD.payoff(["hedge", "D"]) == {"Row": 0.0, "Column": 5.0}
    assert PD.payoff((1, 1)) == {"Row": 1.0, "Column": 1.0}
    assert all(isinstance(v, float) for v in PD.payoff((1, 1)).values())
    g = NormalFormGame.from_bimatrix([[Fraction(1, 3)]], [[Fraction(2, 3)]])
    exact = g.payoff(["1", "1"], exact=True)
    assert exact == {"Row": Fraction(1, 3), "Column": Fraction(2, 3)}
    assert all(isinstance(v, Fraction) for v in exact.values())


# ------------------------------------------------------------------ mixed strategies
HALF = (Fraction(1, 2), Fraction(1, 2))
THIRDS = (Fraction(1, 3), Fraction(2, 3))


def test_payoff_helpers_in_exact_mode_stay_rational():
    g = NormalFormGame.from_bimatrix([[1, 0], [0, 2]], [[2, 0], [0, 1]])
    dev = g.deviation_payoffs([HALF, THIRDS], exact=True)
    assert [list(d) for d in dev] == [
        [Fraction(1, 3), Fraction(4, 3)],
        [Fraction(1), Fraction(1, 2)],
    ]
    expected = g.expected_payoffs([HALF, THIRDS], exact=True)
    assert list(expected) == [Fraction(5, 6), Fraction(2, 3)]
    assert expected.dtype == object and all(isinstance(v, Fraction) for v in expected)
    regrets = g.regrets([HALF, THIRDS], exact=True)
    assert list(regrets) == [Fraction(1, 2), Fraction(1, 3)]
    assert regrets.dtype == object
    assert g.regret([HALF, THIRDS], exact=True) == Fraction(1, 2)
    assert isinstance(g.regret([HALF, THIRDS], exact=True), Fraction)


def test_payoff_helpers_in_float_mode_return_floats():
    g = NormalFormGame.from_bimatrix([[1, 0], [0, 2]], [[2, 0], [0, 1]])
    dev = g.deviation_payoffs([HALF, THIRDS])  # fractions in, floats out
    assert all(d.dtype == float for d in dev)
    assert dev[0].tolist() == pytest.approx([1 / 3, 4 / 3])
    expected = g.expected_payoffs([HALF, THIRDS])
    assert expected.dtype == float and expected.tolist() == pytest.approx([5 / 6, 2 / 3])
    regrets = g.regrets([HALF, THIRDS])
    assert regrets.dtype == float and regrets.tolist() == pytest.approx([1 / 2, 1 / 3])
    regret = g.regret([HALF, THIRDS])
    assert isinstance(regret, float) and regret == pytest.approx(0.5)
    three = NormalFormGame.from_payoff_array(np.arange(36).reshape(2, 3, 2, 3) % 5)
    mixed = [np.array([0.5, 0.5]), np.array([0.2, 0.3, 0.5]), np.array([1.0, 0.0])]
    assert three.regrets(mixed).dtype == float
    assert three.expected_payoffs(mixed).dtype == float


@pytest.mark.parametrize(
    "mixed, message",
    [
        ([HALF], "1 mixed strategies given for 2 players"),
        ([HALF, (1, 0, 0)], "mixed strategy of 'Column' has shape (3,), expected (2,)"),
    ],
)
def test_deviation_payoffs_rejections(mixed, message):
    assert _message(lambda: PD.deviation_payoffs(mixed)) == message


def test_best_responses_to_pure_and_mixed_strategies():
    assert PD.best_responses("Row", {"Column": "C"}) == ("compete",)
    assert PD.best_responses("Column", ["hedge", "ignored"]) == ("D",)
    assert PD.best_responses(1, [np.int64(1), None]) == ("D",)
    # a mixed strategy of the other player
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert bos.best_responses("Row", {"Column": [1 / 3, 2 / 3]}) == ("1", "2")
    assert bos.best_responses("Row", {"Column": (0.5, 0.5)}) == ("1",)
    message = "no strategy given for player 'Column'"
    assert _message(lambda: bos.best_responses("Row", {})) == message


def test_best_responses_tolerance_is_absolute_and_inclusive():
    close = NormalFormGame.from_bimatrix([[1.0], [1.0 - 6e-10], [0.5]], [[0.0], [0.0], [0.0]])
    assert close.best_responses("Row", {"Column": "1"}) == ("1", "2")  # default tol 1e-9
    assert close.best_responses("Row", {"Column": 0}, tol=0) == ("1",)
    assert close.best_responses("Row", {"Column": 0}, tol=0.5) == ("1", "2", "3")
    tie = NormalFormGame.from_bimatrix([[1.0], [1.0]], [[0.0], [0.0]])
    assert tie.best_responses("Row", ["x", "1"], tol=0) == ("1", "2")


# ------------------------------------------------------------------ transformations
def test_restrict_to_one_label_of_several_letters():
    sub = PD.restrict({"Row": "compete"})
    assert sub.strategies == (("compete",), ("C", "D"))
    assert sub.payoffs[0].tolist() == [[5.0, 0.0], [1.0, 1.0]]


def test_restrict_a_float_game_keeps_floats_and_the_title():
    g = NormalFormGame.from_bimatrix(
        [[0.5, 1.5], [2.5, 3.5]], [[0.0, 1.0], [2.0, 3.0]], title="floats"
    )
    sub = g.restrict({"Column": ["2"]})
    assert sub.title == "floats"
    assert sub.payoffs[:, 0, 0].tolist() == [1.5, 3.5]
    assert sub.exact_payoffs[1, 0, 0] == Fraction(7, 2)


def test_zero_sum_and_constant_sum():
    assert NormalFormGame.from_bimatrix([[2, 0], [0, 0]]).is_zero_sum()
    assert NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]]).is_zero_sum()
    assert not PD.is_zero_sum()
    near = NormalFormGame.from_bimatrix([[1, 0]], [[-1, 0.5]])  # sums 0 and 0.5
    assert not near.is_zero_sum()
    assert near.is_zero_sum(tol=0.5) and not near.is_zero_sum(tol=0.4999)
    three = NormalFormGame.from_payoff_array(np.zeros((2, 2, 2, 3)))
    assert three.is_zero_sum()


# ------------------------------------------------------------------ displays
def test_to_frame_lists_every_profile_with_payoffs():
    frame = PD.to_frame()
    assert frame.columns.tolist() == ["Row", "Column", "payoff Row", "payoff Column"]
    assert frame.values.tolist() == [
        ["hedge", "C", 3.0, 3.0],
        ["hedge", "D", 0.0, 5.0],
        ["compete", "C", 5.0, 0.0],
        ["compete", "D", 1.0, 1.0],
    ]


def test_repr_with_and_without_title():
    assert repr(PD) == "<NormalFormGame: 2 players (Row, Column), 2x2>"
    titled = NormalFormGame.from_payoff_array(np.zeros((2, 3, 1, 3)), title="Three")
    assert repr(titled) == (
        "<NormalFormGame 'Three': 3 players (Player 1, Player 2, Player 3), 2x3x1>"
    )


def test_html_table_of_a_two_player_game():
    g = NormalFormGame.from_bimatrix(
        [[-0.0, 1.5]], [[2, -3]], strategies=(("a&b",), ("x", "y")), title="T<1>"
    )
    assert g._repr_html_() == (
        "<p><b>T&lt;1&gt;</b>: Row, Column</p><table><tr><th>Row \\ Column</th>"
        "<th>x</th><th>y</th></tr><tr><th>a&amp;b</th><td>0, 2</td><td>1.5, -3</td>"
        "</tr></table>"
    )
    assert PD._repr_html_().startswith("<p><b>Normal-form game</b>: Row, Column</p><table>")


@pytest.mark.parametrize(
    "shape, form",
    [
        ((20, 20), "table"),  # 400 cells: the largest payoff table
        ((20, 21), "repr"),
        ((30, 20), "repr"),
        ((1, 401), "repr"),
        ((2, 10, 10), "frame"),  # 200 profiles: the largest frame
        ((3, 67, 1), "repr"),
        ((2, 2, 2), "frame"),
    ],
    ids=str,
)
def test_html_form_depends_on_the_size(shape, form):
    g = NormalFormGame.from_payoff_array(np.zeros((*shape, len(shape))))
    html = g._repr_html_()
    names = ", ".join(g.players)
    assert html.startswith(f"<p><b>Normal-form game</b>: {names}</p>")
    body = html[len(f"<p><b>Normal-form game</b>: {names}</p>") :]
    if form == "table":
        assert body.startswith("<table><tr><th>Player 1 \\ Player 2</th>")
        assert body.count("<td>0, 0</td>") == int(np.prod(shape))
    elif form == "frame":
        assert body == g.to_frame().to_html(index=False)
    else:
        assert body == f"<p>{repr(g).replace('<', '&lt;').replace('>', '&gt;')}</p>"


def test_equality_and_hash_look_at_every_part():
    same = NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("hedge", "compete"), ("C", "D"))
    )
    assert same == PD and hash(same) == hash(PD) and len({same, PD}) == 1
    others = [
        NormalFormGame.from_bimatrix(
            [[3, 0], [5, 1]],
            [[3, 5], [0, 1]],
            players=("A", "B"),
            strategies=(("hedge", "compete"), ("C", "D")),
        ),
        NormalFormGame.from_bimatrix(
            [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("h", "c"), ("C", "D"))
        ),
        NormalFormGame.from_bimatrix(
            [[3, 0], [5, 1]],
            [[3, 5], [0, 1]],
            strategies=(("hedge", "compete"), ("C", "D")),
            title="PD",
        ),
        NormalFormGame.from_bimatrix(
            [[3, 0], [5, 2]], [[3, 5], [0, 1]], strategies=(("hedge", "compete"), ("C", "D"))
        ),
    ]
    for other in others:
        assert other != PD and PD != other
    assert PD.__eq__("a game") is NotImplemented


@pytest.mark.parametrize(
    "payoffs, kwargs, message",
    [
        (np.zeros(3), {}, "payoff array must have shape (n_1, ..., n_N, N), got shape (3,)"),
        (
            np.zeros((2, 2, 3)),
            {},
            "payoff array of shape (2, 2, 3) does not fit 2 strategy axes and 3 players: "
            "the last axis must have one entry per player",
        ),
        (np.zeros((2, 0, 2)), {}, "player 2 has no strategies"),
        (np.array([[["a", "b"]]]), {}, "payoffs must be numbers, got dtype <U1"),
        (np.array([[[1j, 0]]]), {}, "payoffs must be real numbers, got complex values"),
        (
            np.array([[[1.0, 0.0]], [[0.0, np.inf]]]),
            {},
            "payoffs must be finite numbers, found inf at index (1, 0, 1)",
        ),
        (
            np.zeros((1, 1, 2)),
            {"strategies": [["a"], [" "]]},
            "strategy of player 'Player 2': label 1 is empty",
        ),
        (
            np.zeros((1, 2, 2)),
            {"strategies": [["a"], ["b", 3]]},
            "strategy of player 'Player 2': label 2 must be text, got 3",
        ),
    ],
)
def test_constructor_rejections(payoffs, kwargs, message):
    assert _message(lambda: NormalFormGame(payoffs, **kwargs)) == message


def test_integer_and_nested_list_payoffs_are_exact_and_read_only():
    g = NormalFormGame(np.array([[[1, 2]], [[3, 4]]], dtype=np.int64))
    assert isinstance(g.exact_payoffs[0, 0, 0], Fraction) and g.exact_payoffs[1, 0, 1] == 4
    assert not g.payoffs.flags.writeable and g.payoffs.dtype == float
    nested = NormalFormGame([[[Fraction(1, 3), 2]], [[3, "0.5"]]])
    assert nested.exact_payoffs[0, 0, 0] == Fraction(1, 3)
    assert nested.exact_payoffs[1, 0, 1] == Fraction(1, 2)
    assert nested.payoffs.dtype == float and not nested.payoffs.flags.writeable


def test_is_symmetric():
    assert NormalFormGame.from_bimatrix([[1, 2], [3, 4]], [[1, 3], [2, 4]]).is_symmetric()
    assert not NormalFormGame.from_bimatrix([[1, 2], [3, 4]], [[1, 2], [3, 4]]).is_symmetric()
    assert not NormalFormGame.from_bimatrix([[1, 2]], [[1, 2]]).is_symmetric()
    assert not NormalFormGame.from_payoff_array(np.zeros((2, 2, 2, 3))).is_symmetric()


# ------------------------------------------------------------------ second round
def test_constructor_defaults_to_an_empty_title():
    assert NormalFormGame(np.zeros((2, 2, 2))).title == ""


def test_constructor_reads_nested_lists_of_text_and_refuses_booleans():
    # a nested list is read value by value (as Fractions), not as a numpy array of text
    g = NormalFormGame([[["1/2", "0"]], [["1", "2.5"]]])
    assert g.exact_payoffs[0, 0, 0] == Fraction(1, 2)
    assert g.exact_payoffs[1, 0, 1] == Fraction(5, 2)
    message = "payoff must be a number, got boolean True"
    assert _message(lambda: NormalFormGame([[[True, False]]])) == message


def test_integer_arrays_are_exact_beyond_float_precision():
    big = 2**53 + 1  # not a float: the exact payoff must come from the integer itself
    g = NormalFormGame(np.array([[[big, 0]]], dtype=np.int64))
    assert g.exact_payoffs[0, 0, 0] == Fraction(big)
    assert g.exact_payoffs[0, 0, 0] != Fraction(float(big))


@pytest.mark.parametrize(
    "payoffs",
    [
        np.array([[[1, 2]], [[3, 4]]], dtype=np.int64),
        [[[Fraction(1, 3), 2]], [[3, 4]]],
        np.array([[[0.5, 2.0]], [[3.0, 4.0]]]),
    ],
    ids=["integers", "fractions", "floats"],
)
def test_exact_payoffs_are_read_only(payoffs):
    exact = NormalFormGame(payoffs).exact_payoffs
    with pytest.raises(ValueError, match="read-only"):
        exact[0, 0, 0] = Fraction(9)


@pytest.mark.parametrize(
    "players, message",
    [
        ((1, "B"), "player label 1 must be text, got 1"),
        (("A", " "), "player label 2 is empty"),
        (("A", "A"), "player label 'A' appears more than once"),
    ],
)
def test_player_label_rejections(players, message):
    assert _message(lambda: NormalFormGame(np.zeros((1, 1, 2)), players=players)) == message


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"players": ("A",)}, "1 player names given for a game with 2 players"),
        ({"strategies": [["a"]]}, "strategy labels given for 1 players, the game has 2"),
        ({"strategies": ["a", ["b"]]}, "strategies of player 'Player 1' must be a list of labels"),
        ({"title": 3}, "title must be text, got 3"),
    ],
)
def test_constructor_rejects_labels_that_do_not_fit(kwargs, message):
    assert _message(lambda: NormalFormGame(np.zeros((1, 1, 2)), **kwargs)) == message


def test_profile_missing_several_players_names_them_all():
    g = NormalFormGame.from_payoff_array(np.zeros((1, 1, 1, 3)), players=("A", "B", "C"))
    assert _message(lambda: g.payoff({"A": "1"})) == "profile gives no strategy for B, C"


def test_payoffs_and_regret_are_plain_python_floats():
    # the documented output ({'Row': 5.0, 'Col': 0.0}) and JSON need Python floats
    pay = PD.payoff({"Row": "compete", "Column": "C"})
    assert pay == {"Row": 5.0, "Column": 0.0}
    assert all(type(v) is float for v in pay.values())
    assert repr(pay) == "{'Row': 5.0, 'Column': 0.0}"
    regret = PD.regret([np.array([1.0, 0.0]), np.array([1.0, 0.0])])
    assert type(regret) is float and regret == 2.0  # both gain 5 - 3 by competing
    exact = PD.regret([[Fraction(1), Fraction(0)], [Fraction(1), Fraction(0)]], exact=True)
    assert exact == Fraction(2) and isinstance(exact, Fraction)


def test_restrict_a_game_held_as_floats_only():
    g = NormalFormGame.from_payoff_array(
        np.array([[[0.5, 1.5], [2.5, 3.5]], [[4.5, 5.5], [6.5, 7.5]]])
    )
    sub = g.restrict({"Player 2": "2"})
    assert sub.strategies == (("1", "2"), ("2",))
    assert sub.payoffs[:, 0].tolist() == [[2.5, 3.5], [6.5, 7.5]]
    assert g.restrict({}).payoffs.tolist() == g.payoffs.tolist()


def test_html_table_never_shows_minus_zero_for_float_payoffs():
    g = NormalFormGame.from_payoff_array(np.array([[[-0.0, 2.0]]]))
    assert "<td>0, 2</td>" in g._repr_html_()
