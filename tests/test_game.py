"""NormalFormGame construction, validation and payoff computations."""

from fractions import Fraction

import numpy as np
import pytest

from gametheory import InvalidGameError, NormalFormGame, make_equilibrium

PD = NormalFormGame.from_bimatrix(
    [[3, 0], [5, 1]],
    [[3, 5], [0, 1]],
    players=("Row", "Col"),
    strategies=(("C", "D"), ("C", "D")),
    title="PD",
)


def test_factories_agree():
    a = np.array([[3, 0], [5, 1]])
    b = np.array([[3, 5], [0, 1]])
    g1 = NormalFormGame.from_arrays(
        [a, b], players=("Row", "Col"), strategies=(("C", "D"), ("C", "D")), title="PD"
    )
    g2 = NormalFormGame.from_payoff_array(
        np.stack([a, b], -1),
        players=("Row", "Col"),
        strategies=(("C", "D"), ("C", "D")),
        title="PD",
    )
    g3 = NormalFormGame.from_payoff_function(
        lambda p: (
            a[("C", "D").index(p["Row"]), ("C", "D").index(p["Col"])],
            b[("C", "D").index(p["Row"]), ("C", "D").index(p["Col"])],
        ),
        {"Row": ["C", "D"], "Col": ["C", "D"]},
        title="PD",
    )
    assert g1 == g2 == g3 == PD


def test_payoffs_are_read_only_and_exact():
    with pytest.raises(ValueError):
        PD.payoffs[0, 0, 0] = 10
    g = NormalFormGame.from_bimatrix([[0.1, 0.2]], [[Fraction(1, 3), 1]])
    assert g.exact_payoffs[0, 0, 0] == Fraction(1, 10)
    assert g.exact_payoffs[0, 0, 1] == Fraction(1, 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"A": [[1, np.nan]], "B": [[0, 0]]}, "finite"),
        ({"A": [[1, np.inf]], "B": [[0, 0]]}, "finite"),
        ({"A": [[1, 2]], "B": [[0, 0, 0]]}, "shape"),
        ({"A": [[1, 2]], "B": [[0, 0]], "players": ("a", "a")}, "more than once"),
        ({"A": [[1, 2]], "B": [[0, 0]], "players": ("a", " ")}, "empty"),
        ({"A": [[1, 2]], "B": [[0, 0]], "strategies": (("x",), ("y", "y"))}, "more than once"),
        ({"A": [[1, 2]], "B": [[0, 0]], "strategies": (("x", "z"), ("y", "w"))}, "labels"),
        ({"A": [["a", 2]], "B": [[0, 0]]}, "not a number"),
        ({"A": [[True, 2]], "B": [[0, 0]]}, "boolean"),
    ],
)
def test_invalid_games_are_rejected_with_a_message(kwargs, message):
    with pytest.raises(InvalidGameError, match=message):
        NormalFormGame.from_bimatrix(**kwargs)


def test_no_strategies_rejected():
    with pytest.raises(InvalidGameError, match="no strategies"):
        NormalFormGame.from_payoff_array(np.zeros((0, 2, 2)))


def test_regret_and_best_responses():
    assert PD.best_responses("Row", {"Col": "C"}) == ("D",)
    assert PD.regret([[1, 0], [1, 0]]) == pytest.approx(2.0)
    assert PD.regret([[0, 1], [0, 1]]) == 0.0
    assert PD.regret([[0, 1], [0, 1]], exact=True) == 0


def test_three_player_deviation_payoffs_match_brute_force():
    rng = np.random.default_rng(0)
    arr = rng.normal(size=(2, 3, 2, 3))
    g = NormalFormGame.from_payoff_array(arr)
    mixed = [rng.dirichlet(np.ones(n)) for n in g.shape]
    dev = g.deviation_payoffs(mixed)
    brute = np.einsum("abc,b,c->a", arr[..., 0], mixed[1], mixed[2])
    np.testing.assert_allclose(dev[0], brute)
    brute = np.einsum("abc,a,b->c", arr[..., 2], mixed[0], mixed[1])
    np.testing.assert_allclose(dev[2], brute)


def test_restrict_and_labels():
    sub = PD.restrict({"Row": "D"})
    assert sub.strategies == (("D",), ("C", "D"))
    with pytest.raises(InvalidGameError, match="unknown strategy 'X' of player 'Row'"):
        PD.restrict({"Row": "X"})
    with pytest.raises(InvalidGameError, match="unknown player"):
        PD.restrict({"Nobody": "C"})


def test_equilibrium_is_labelled_and_verified():
    eq = make_equilibrium(PD, [[0, 1], [0, 1]], exact=True)
    assert eq["Row"] == {"C": 0.0, "D": 1.0}
    assert eq.exact_regret == 0 and eq.is_pure and eq.label() == "Row D / Col D"
    not_eq = make_equilibrium(PD, [[1, 0], [1, 0]])
    assert not_eq.regret == pytest.approx(2.0)


def test_repr_html_and_frame():
    assert "<table>" in PD._repr_html_()
    assert list(PD.to_frame().columns) == ["Row", "Col", "payoff Row", "payoff Col"]


def test_atomic_writes_use_ordinary_file_permissions(tmp_path):
    import os
    import stat

    from gametheory.io import atomic_directory, atomic_write_text

    mask = os.umask(0o022)
    try:
        p = atomic_write_text(tmp_path / "a.txt", "x")
        assert stat.S_IMODE(p.stat().st_mode) == 0o644
        with atomic_directory(tmp_path / "out") as d:
            (d / "b.txt").write_text("y")
            os.chmod(d / "b.txt", 0o600)
        assert stat.S_IMODE((tmp_path / "out" / "b.txt").stat().st_mode) == 0o644
        assert (tmp_path / "out" / "b.txt").read_text() == "y"
    finally:
        os.umask(mask)
