"""Refinements and selection (gametheory.refinements)."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import NormalFormGame, make_equilibrium
from gametheory.refinements import classify, is_ess, is_strict, replicator_stability, risk_dominance
from gametheory.result import EquilibriumResult
from gametheory.solvers import solve
from gametheory.solvers.logit import logit_solve
from gametheory.solvers.nplayer_enum import enumerate_mixed

SH = ("Stag", "Hare")
HD = ("Hawk", "Dove")


def stag_hunt():
    return NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]], strategies=(SH, SH))


def hawk_dove(v=2.0, c=4.0):
    A = [[(v - c) / 2, v], [0, v / 2]]
    return NormalFormGame.from_bimatrix(A, np.array(A).T, strategies=(HD, HD))


def rps():
    A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    return NormalFormGame.from_bimatrix(A, np.array(A).T)


def by_label(result):
    return {e.label(): e.properties for e in result}


def test_stag_hunt_hare_risk_dominant_stag_payoff_dominant():
    props = by_label(classify(solve(stag_hunt())))
    stag, hare = props["Row Stag / Column Stag"], props["Row Hare / Column Hare"]
    assert stag["payoff_dominant"] and not hare["payoff_dominant"]
    assert hare["risk_dominant"] and stag["risk_dominant"] is False
    assert stag["strict"] and hare["strict"]
    assert stag["pareto_efficient"] and not hare["pareto_efficient"]
    mixed = [p for label, p in props.items() if "[" in label][0]
    assert mixed["strict"] is False and mixed["risk_dominant"] is None
    # both strict equilibria are ESS and asymptotically stable; the mixed one is neither
    assert stag["ess"] and hare["ess"] and mixed["ess"] is False
    assert stag["replicator_stable"] and hare["replicator_stable"]
    assert mixed["replicator_stable"] is False and mixed["replicator_stable_symmetric"] is False


def test_risk_dominance_flips_with_the_hare_payoff():
    # hare worth 1 instead of 3: deviation loss product at hare is 1 < 9 at stag
    g = NormalFormGame.from_bimatrix([[4, 0], [1, 1]], [[4, 1], [0, 1]])
    s = make_equilibrium(g, [[1, 0], [1, 0]])
    h = make_equilibrium(g, [[0, 1], [0, 1]])
    assert risk_dominance(g, s, h) == 1 and risk_dominance(g, h, s) == -1


def test_hawk_dove_mixed_equilibrium_is_the_ess():
    props = by_label(classify(solve(hawk_dove())))
    mixed = [p for label, p in props.items() if label.count("[") == 2][0]
    assert mixed["ess"] is True and mixed["replicator_stable_symmetric"] is True
    # the asymmetric pure equilibria are not symmetric: ESS does not apply
    assert props["Row Hawk / Column Dove"]["ess"] is None
    # two-population replicator: the asymmetric strict equilibria are stable, the mixed a saddle
    assert props["Row Hawk / Column Dove"]["replicator_stable"] is True
    assert mixed["replicator_stable"] is False
    assert is_ess(hawk_dove(), [1, 0]) is False and is_ess(hawk_dove(), [0, 1]) is False


def test_rock_paper_scissors_is_not_ess_and_a_neutral_centre():
    res = classify(solve(rps()))
    (eq,) = res.equilibria
    assert eq.properties["ess"] is False
    assert eq.properties["replicator_stable"] is None  # purely imaginary eigenvalues
    assert abs(eq.properties["replicator_max_real"]) < 1e-9


def test_bad_rps_with_larger_losses_has_an_ess_interior():
    A = [[0, -1, 2], [2, 0, -1], [-1, 2, 0]]  # wins 2 > losses 1: interior ESS
    assert is_ess(NormalFormGame.from_bimatrix(A, np.array(A).T), [1 / 3] * 3) is True


def test_prisoners_dilemma_defection_strict_but_pareto_inefficient_among_all_profiles():
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    (eq,) = classify(solve(pd)).equilibria
    assert eq.properties["strict"] and eq.properties["pareto_efficient"]  # only equilibrium
    assert eq.properties["payoff_dominant"] is False  # nothing to dominate
    assert eq.properties["replicator_stable"] is True


def test_weak_equilibrium_is_not_strict():
    g = NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [1, 1]])
    eq = make_equilibrium(g, [[1, 0], [1, 0]])
    assert eq.regret == 0 and not is_strict(eq)


def test_three_player_classification_and_input_untouched():
    res = enumerate_mixed(
        NormalFormGame.from_payoff_function(
            lambda p: {k: 2 * ("V" in p.values()) - (s == "V") for k, s in p.items()},
            {n: ["V", "I"] for n in "ABC"},
        )
    )
    out = classify(res)
    assert all(e.properties == {} for e in res)  # the input result is not changed
    for e in out:
        assert e.properties["strict"] == e.is_pure
        assert e.properties["ess"] is None and e.properties["risk_dominant"] is None
    # everyone volunteering alone is Pareto efficient; the symmetric mixed one is dominated
    sym = [e for e in out if e.label().count("[") == 3][0]
    assert sym.properties["pareto_dominated_by"]
    assert all(e.properties["replicator_stable"] for e in out if e.is_pure)
    assert out.to_dict()["equilibria"][0]["properties"]["strict"] is True


def test_incomplete_result_gets_a_warning():
    res = classify(logit_solve(stag_hunt()))
    assert isinstance(res, EquilibriumResult)
    assert any("listed equilibria only" in w for w in res.warnings)


def test_replicator_stability_of_strict_equilibrium_in_n_players():
    rng = np.random.default_rng(0)
    P = rng.normal(size=(2, 2, 2, 3))
    P[0, 0, 0] = 10  # (1,1,1) strict for everyone
    stable, top = replicator_stability(
        NormalFormGame.from_payoff_array(P), [[1, 0], [1, 0], [1, 0]]
    )
    assert stable is True and top < 0


def test_ess_requires_symmetric_game():
    with pytest.raises(ValueError, match="symmetric"):
        is_ess(NormalFormGame.from_bimatrix([[1, 0], [0, 2]], [[0, 1], [1, 0]]), [1, 0])


@pytest.mark.parametrize("module", ["gametheory.refinements"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


def test_risk_dominance_tie_is_undecided_not_false():
    from gametheory import NormalFormGame
    from gametheory.refinements import classify
    from gametheory.solvers import solve

    chicken = NormalFormGame.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
    res = classify(solve(chicken, method="enumerate"))
    pure = [e for e in res if e.is_pure]
    assert len(pure) == 2
    assert [e.properties["risk_dominant"] for e in pure] == [None, None]
