"""Logit quantal response equilibrium (gametheory.qre)."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.errors import InvalidGameError
from gametheory.qre import fit_logit, logit_correspondence, logit_qre


@pytest.fixture
def asym_game():
    # a 2x3 game with a unique, fully mixed-free interior structure
    return NormalFormGame.from_bimatrix(
        [[3, 1, 0], [0, 2, 1]], [[1, 0, 2], [0, 3, 1]], strategies=(("u", "d"), ("l", "c", "r"))
    )


def _logit_residual(game, qre):
    dev = game.deviation_payoffs(list(qre.vectors))
    worst = 0.0
    for v, u in zip(qre.vectors, dev, strict=True):
        target = np.exp(qre.lam * (u - u.max()))
        worst = max(worst, float(np.max(np.abs(v - target / target.sum()))))
    return worst


def test_lambda_zero_is_uniform(asym_game):
    q = logit_qre(asym_game, 0)
    assert q["Row"] == {"u": 0.5, "d": 0.5}
    np.testing.assert_allclose(q.vectors[1], [1 / 3] * 3)


@pytest.mark.parametrize("lam", [0.1, 1.0, 4.0, 20.0])
def test_qre_satisfies_the_logit_fixed_point(asym_game, lam):
    q = logit_qre(asym_game, lam)
    assert q.lam == lam
    assert _logit_residual(asym_game, q) < 1e-10


def test_qre_tends_to_a_nash_equilibrium_as_lambda_grows(asym_game):
    regrets = [logit_qre(asym_game, lam).regret for lam in (1.0, 10.0, 100.0, 1000.0)]
    assert (
        all(b <= a for a, b in zip(regrets, regrets[1:], strict=False)) and regrets[1] < regrets[0]
    )
    assert regrets[-1] < 1e-2


def test_three_player_qre_matches_fixed_point():
    rng = np.random.default_rng(2)
    g = NormalFormGame.from_payoff_array(rng.normal(size=(2, 3, 2, 3)))
    q = logit_qre(g, 2.5)
    assert _logit_residual(g, q) < 1e-10


def test_correspondence_curve_starts_uniform_and_reaches_max_lambda(asym_game):
    curve = logit_correspondence(asym_game, max_lambda=50)
    assert list(curve.columns) == ["lambda", "Row:u", "Row:d", "Column:l", "Column:c", "Column:r"]
    assert curve["lambda"].iloc[0] == 0 and curve["lambda"].iloc[-1] >= 50
    np.testing.assert_allclose(curve.iloc[0, 1:3], [0.5, 0.5])
    sums = curve[["Row:u", "Row:d"]].sum(axis=1)
    np.testing.assert_allclose(sums, 1.0, atol=1e-9)
    # points on the curve are QREs: compare one against logit_qre
    row = curve.iloc[len(curve) // 2]
    q = logit_qre(asym_game, float(row["lambda"]))
    np.testing.assert_allclose(q.vectors[0], [row["Row:u"], row["Row:d"]], atol=1e-8)


def test_fit_logit_recovers_a_known_lambda_from_simulated_data(asym_game):
    rng = np.random.default_rng(12345)
    true_lam = 1.5
    q = logit_qre(asym_game, true_lam)
    counts = {
        p: dict(zip(asym_game.strategies[i], rng.multinomial(4000, q.vectors[i]), strict=True))
        for i, p in enumerate(asym_game.players)
    }
    fit = fit_logit(asym_game, counts)
    assert not fit.at_bound and fit.std_error > 0
    assert abs(fit.lam - true_lam) < 3.5 * fit.std_error
    assert fit.n_observations == 8000

    # the estimate really maximises the likelihood
    def ll(lam):
        qq = logit_qre(asym_game, lam)
        return sum(c * np.log(qq[p][s]) for p in counts for s, c in counts[p].items())

    assert fit.log_likelihood >= ll(fit.lam * 1.05) and fit.log_likelihood >= ll(fit.lam * 0.95)
    np.testing.assert_allclose(fit.log_likelihood, ll(fit.lam), rtol=1e-9)


def test_fit_logit_data_at_a_nash_equilibrium_gives_lambda_at_the_upper_bound():
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    fit = fit_logit(pd, [[0, 100], [0, 100]], max_lambda=50)
    assert fit.at_bound and fit.lam == pytest.approx(50, rel=0.05) and np.isnan(fit.std_error)


def test_fit_logit_uniform_data_gives_lambda_at_zero_bound(asym_game):
    fit = fit_logit(asym_game, [[50, 50], [40, 40, 40]])
    assert fit.at_bound and fit.lam < 1e-6


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"Nobody": [1, 2]}, "unknown player"),
        ([[1, 2, 3], [1, 1, 1]], "must have 2 entries"),
        ([[-1, 2], [1, 1, 1]], "counts >= 0"),
        ([[0, 0], [0, 0, 0]], "no observations"),
    ],
)
def test_fit_logit_rejects_bad_counts(asym_game, counts, message):
    with pytest.raises(InvalidGameError, match=message):
        fit_logit(asym_game, counts)


@pytest.mark.parametrize("lam", [-1, float("nan"), "high"])
def test_bad_lambda_is_rejected(asym_game, lam):
    with pytest.raises(InvalidGameError, match="lam"):
        logit_qre(asym_game, lam)


@pytest.mark.parametrize("module", ["gametheory.qre"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0
