"""``complete`` means every Nash equilibrium is listed; ``scope`` says what was searched.

Known games: a three-player game with a unique, completely mixed equilibrium (a
generalised Jordan cycle; see ``cycle_game``) and the three-bloc tariff war of issue 10
(tests/data/several/tariff_war.toml: two pure equilibria and one mixed).
"""

import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

import gametheory.solvers as solvers
from gametheory import NormalFormGame, load_model, solve
from gametheory.cli import main
from gametheory.errors import ModelError

ROOT = Path(__file__).resolve().parents[1]
TARIFF = ROOT / "tests" / "data" / "several" / "tariff_war.toml"
FALLBACK = "pure equilibria only: mixed equilibria were not searched"


def cycle_game() -> NormalFormGame:
    """Three players, two strategies each; 1 wants to match 2, 2 to match 3, 3 to mismatch 1.

    Player 1's payoff depends only on (a1, a2): 2 for (0, 0), 1 for (1, 1), else 0, so 1
    is indifferent only when 2 plays 0 with probability 1/3; player 2 likewise with 3 at
    1/4 (payoffs 3 and 1); player 3 gets 4 for (a3, a1) = (1, 0) and 1 for (0, 1), so it
    is indifferent only when 1 plays 0 with probability 1/5. Best responses cycle, so no
    player mixes unless all do: the unique equilibrium is (1/5, 1/3, 1/4) on strategy 0.
    """
    P = np.zeros((2, 2, 2, 3))
    for a1, a2, a3 in np.ndindex(2, 2, 2):
        P[a1, a2, a3] = [
            {(0, 0): 2, (1, 1): 1}.get((a1, a2), 0),
            {(0, 0): 3, (1, 1): 1}.get((a2, a3), 0),
            {(1, 0): 4, (0, 1): 1}.get((a3, a1), 0),
        ]
    return NormalFormGame.from_payoff_array(
        P, players=("P1", "P2", "P3"), strategies=(("a", "b"),) * 3
    )


def test_cycle_game_auto_lists_its_unique_completely_mixed_equilibrium():
    res = solve(cycle_game())
    assert res.method == "enumerate-mixed" and res.scope == "all" and res.complete
    assert len(res) == 1  # enumerate-mixed certifies every support: the equilibrium is unique
    eq = res[0]
    assert eq.regret <= 1e-10
    for player, p in (("P1", F(1, 5)), ("P2", F(1, 3)), ("P3", F(1, 4))):
        assert eq[player]["a"] == pytest.approx(float(p), abs=1e-10)


def test_cycle_game_pure_search_is_never_complete_and_never_claims_no_equilibrium(capsys):
    res = solve(cycle_game(), method="pure")
    assert len(res) == 0 and res.scope == "pure" and not res.complete
    assert "pure equilibria only" in res.coverage()


def test_a_complete_result_is_never_empty(monkeypatch):
    import dataclasses

    real = solvers.get_solver("pure")

    def claims_complete(game, **kwargs):
        return dataclasses.replace(real(game, **kwargs), complete=True)

    monkeypatch.setattr(solvers, "get_solver", lambda method: claims_complete)
    res = solve(cycle_game(), method="pure")
    assert len(res) == 0 and not res.complete
    assert any("every finite game has one" in w for w in res.warnings)


# (game factory, method) -> (scope, complete)
GAMES = {
    "pd": lambda: NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
    "bos": lambda: NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
    "cycle": cycle_game,
}
TABLE = {
    ("pd", "enumerate"): ("all", True),
    ("pd", "pure"): ("pure", True),  # dominance solvable: the pure one is the only one
    ("bos", "enumerate"): ("all", True),
    ("bos", "pure"): ("pure", False),  # misses the mixed equilibrium
    ("bos", "support"): ("some", False),
    ("bos", "vertex"): ("some", False),
    ("bos", "lemke-howson"): ("one", False),
    ("bos", "logit"): ("one", False),
    ("bos", "zero-sum"): ("one", False),
    ("bos", "enumerate-mixed"): ("all", True),
    ("cycle", "enumerate-mixed"): ("all", True),
    ("cycle", "logit"): ("one", False),
    ("cycle", "pure"): ("pure", False),
}


@pytest.mark.parametrize("case", list(TABLE), ids=["-".join(c) for c in TABLE])
def test_scope_and_completeness_per_method(case):
    name, method = case
    game = GAMES[name]()
    if method == "zero-sum":
        game = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    res = solve(game, method=method)
    assert (res.scope, res.complete) == TABLE[case]
    assert res.to_dict()["scope"] == res.scope and res.to_dict()["complete"] is res.complete
    assert all(e.regret <= 1e-8 for e in res)


# ------------------------------------------------------------------ the tariff war
def _tariff_probabilities(eq):
    return tuple(eq[p]["tariff"] for p in ("USA", "CHN", "EU"))


def test_tariff_war_auto_lists_two_pure_and_one_mixed_equilibrium():
    res = load_model(TARIFF).solve()
    assert res.method == "enumerate-mixed" and res.complete and res.scope == "all"
    pure = sorted(_tariff_probabilities(e) for e in res if e.is_pure)
    assert pure == [(1.0, 0.0, 0.0), (1.0, 1.0, 1.0)]
    mixed = [_tariff_probabilities(e) for e in res if not e.is_pure]
    assert len(mixed) == 1
    assert mixed[0] == pytest.approx((1.0, 2 / 3, 3 / 8), abs=1e-10)


def test_tariff_war_pure_method_is_scope_pure_and_incomplete():
    res = load_model(TARIFF).solve(method="pure")
    assert len(res) == 2 and res.scope == "pure" and not res.complete


def test_tariff_war_auto_past_its_budget_says_pure_only(monkeypatch):
    monkeypatch.setattr(solvers, "AUTO_MIXED_SECONDS", 0.0)
    res = load_model(TARIFF).solve()
    assert res.method == "pure" and res.scope == "pure" and not res.complete and len(res) == 2
    [warning] = [w for w in res.warnings if w.startswith(FALLBACK)]
    assert warning.endswith("; try --method enumerate-mixed or logit") and "\n" not in warning


def test_exact_auto_on_three_players_is_pure_with_the_reason():
    res = load_model(TARIFF).solve(exact=True)
    assert res.method == "pure" and res.exact and not res.complete
    assert any(w.startswith(FALLBACK) and "exact arithmetic" in w for w in res.warnings)


def test_model_solve_select():
    res = load_model(TARIFF).solve(select="payoff-dominant")
    assert res.selected.label() == "USA tariff / CHN no_tariff / EU no_tariff"
    assert "weak payoff dominance" in res.selection.reason
    logit = load_model(TARIFF).solve(select="logit").selection
    assert logit.equilibrium is not None and logit.equilibrium.regret <= 1e-8
    assert logit.index is not None  # the list is complete: logit's pick is in it


# ------------------------------------------------------------------ CLI
def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_json_has_scope_complete_and_selection(capsys):
    status, out, err = run(capsys, "solve", TARIFF, "--json", "--select", "payoff-dominant")
    assert status == 0, err
    data = json.loads(out)
    assert data["scope"] == "all" and data["complete"] is True
    sel = data["selection"]
    assert sel["rule"] == "payoff-dominant"
    assert sel["label"] == "USA tariff / CHN no_tariff / EU no_tariff" and sel["index"] == 1
    assert sel["profile"]["CHN"] == {"tariff": 0, "no_tariff": 1}
    status, out, _ = run(capsys, "solve", TARIFF, "--json", "--method", "pure")
    data = json.loads(out)
    assert data["scope"] == "pure" and data["complete"] is False and data["selection"] is None


def test_cli_text_says_scope_and_selection_in_words(capsys):
    status, out, _ = run(capsys, "solve", TARIFF, "--method", "pure", "--select", "first")
    assert status == 0
    assert "2 equilibria found, not a complete set" in out
    assert "Scope: not complete: pure equilibria only; mixed equilibria were not searched" in out
    assert (
        "Selected by rule first: USA tariff / CHN tariff / EU tariff (equilibrium 1); "
        "the first listed equilibrium; among the listed equilibria"
    ) in out


def test_cli_select_logit_on_an_nfg(capsys):
    status, out, _ = run(capsys, "solve", ROOT / "models" / "stag_hunt.nfg", "--select", "logit")
    assert status == 0
    assert "Selected by rule logit:" in out and "limit of the principal logit" in out


def test_cli_select_unknown_rule_is_one_line(capsys):
    status, out, err = run(capsys, "solve", TARIFF, "--select", "best")
    assert status != 0 and out == ""
    assert err.strip().count("\n") == 0
    assert (
        "--select: unknown selection rule 'best'" in err or "unknown selection rule 'best'" in err
    )


def test_cli_select_refused_risk_dominance_is_one_line(capsys):
    # three strict pure equilibria along the diagonal: risk dominance is not defined
    nfg = ROOT / "models" / "volunteers_dilemma.nfg"
    status, out, err = run(capsys, "solve", nfg, "--method", "pure", "--select", "risk-dominant")
    assert status != 0 and err.strip().count("\n") == 0
    assert "risk-dominant is defined for games whose pure equilibria are exactly two strict" in err


# ------------------------------------------------------------------ Model.solve checks
def test_model_solve_validates_its_options():
    m = load_model(TARIFF)
    with pytest.raises(
        ModelError, match=r"tariff_war.toml: unknown method 'nash'; methods: auto, "
    ):
        m.solve(method="nash")
    with pytest.raises(ModelError, match=r"exact must be True or False, got 'yes'"):
        m.solve(exact="yes")
    with pytest.raises(
        ModelError,
        match=r"unknown selection rule 'payoff_dominant' \(did you "
        r"mean 'payoff-dominant'\?\)",
    ):
        m.solve(select="payoff_dominant")


def test_sequential_model_solve_rejects_options_it_ignored_before():
    m = load_model(ROOT / "models" / "regional_state.toml")
    with pytest.raises(ModelError, match="method 'enumerate' does not apply: a sequential model"):
        m.solve(method="enumerate")
    with pytest.raises(ModelError, match="exact=True is not available for sequential models"):
        m.solve(exact=True)
    with pytest.raises(ModelError, match="unknown selection rule 'bogus'"):
        m.solve(select="bogus")
