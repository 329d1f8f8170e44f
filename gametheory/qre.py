"""Logit quantal response equilibrium (QRE) as a behavioural model.

In a logit QRE every player plays each strategy with probability proportional to
``exp(lam * expected payoff)``: ``lam = 0`` is uniform play, and as ``lam`` grows play
approaches a Nash equilibrium (McKelvey and Palfrey 1995). This module computes

* :func:`logit_qre`: the QRE at a given ``lam`` on the principal branch (the one
  connected to uniform play),
* :func:`logit_correspondence`: that branch as a curve (a DataFrame),
* :func:`fit_logit`: the maximum-likelihood ``lam`` for observed choice counts, with
  its standard error.

``lam`` is measured in the game's own payoff units (doubling every payoff halves the
``lam`` that gives the same play).

Examples
--------
>>> from gametheory import NormalFormGame
>>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...     strategies=(("C", "D"), ("C", "D")))
>>> q = logit_qre(g, 0.0)
>>> q["Row"]
{'C': 0.5, 'D': 0.5}
>>> logit_qre(g, 5.0)["Row"]["D"] > 0.99
True
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._contract import PayoffKernel
from .errors import InvalidGameError, SolverError
from .game import NormalFormGame
from .solvers.logit import LogitPath

__all__ = [
    "QuantalResponseEquilibrium",
    "LogitFit",
    "logit_qre",
    "logit_correspondence",
    "fit_logit",
]


@dataclass(frozen=True, eq=False)
class QuantalResponseEquilibrium(Mapping[str, Mapping[str, float]]):
    """A logit QRE: the rationality ``lam`` and each player's choice probabilities.

    ``qre["Row"]["C"]`` is a probability; ``qre.regret`` says how far the profile is
    from a Nash equilibrium (it is not one unless ``lam`` is infinite).
    """

    game: NormalFormGame
    lam: float
    vectors: tuple[np.ndarray, ...]

    def __getitem__(self, player: str) -> dict[str, float]:
        i = self.game.player_index(player)
        return {s: float(p) for s, p in zip(self.game.strategies[i], self.vectors[i], strict=True)}

    def __iter__(self):  # noqa: ANN204
        return iter(self.game.players)

    def __len__(self) -> int:
        return self.game.num_players

    @property
    def regret(self) -> float:
        """Largest gain from a unilateral deviation at this profile."""
        return float(self.game.regret(list(self.vectors)))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready ``{"lambda": ..., "profile": {player: {strategy: p}}}``."""
        return {"lambda": self.lam, "profile": {p: self[p] for p in self.game.players}}

    def __repr__(self) -> str:
        parts = "; ".join(
            f"{p}: " + ", ".join(f"{s} {q:.3g}" for s, q in self[p].items())
            for p in self.game.players
        )
        return f"<QuantalResponseEquilibrium lam={self.lam:g} {parts}>"


@dataclass(frozen=True)
class LogitFit:
    """Result of :func:`fit_logit`.

    Attributes
    ----------
    lam : float
        Maximum-likelihood rationality parameter.
    std_error : float
        Standard error from the observed information (``nan`` at a bound).
    log_likelihood : float
    qre : QuantalResponseEquilibrium
        The fitted QRE.
    at_bound : bool
        Whether the estimate sits at 0 or at ``max_lambda`` (then the standard error
        is not meaningful).
    n_observations : int
    """

    lam: float
    std_error: float
    log_likelihood: float
    qre: QuantalResponseEquilibrium
    at_bound: bool = False
    n_observations: int = 0
    options: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "lambda": self.lam,
            "std_error": self.std_error,
            "log_likelihood": self.log_likelihood,
            "at_bound": self.at_bound,
            "n_observations": self.n_observations,
            "qre": self.qre.to_dict(),
        }


def _check_lambda(lam: Any, name: str = "lam") -> float:
    if isinstance(lam, bool) or not isinstance(lam, (int, float, np.integer, np.floating)):
        raise InvalidGameError(f"{name} must be a number >= 0, got {lam!r}")
    lam = float(lam)
    if not math.isfinite(lam) or lam < 0:
        raise InvalidGameError(f"{name} must be a finite number >= 0, got {lam!r}")
    return lam


def _default_max_lambda(game: NormalFormGame) -> float:
    scale = float(np.ptp(game.payoffs))
    return 100.0 / scale if scale > 0 else 1.0


def _path(
    game: NormalFormGame,
    max_lambda: float,
    *,
    max_step: float = np.inf,
    max_time: float = 60.0,
    max_steps: int = 100_000,
) -> tuple[LogitPath, list[tuple[float, np.ndarray]]]:
    path = LogitPath(
        PayoffKernel(game.payoffs),
        max_lambda=max_lambda,
        max_steps=max_steps,
        deadline=time.monotonic() + max_time,
        max_step=max_step,
    )
    points = []
    for lam, sigma in path:
        points.append((lam, sigma))
        if lam >= max_lambda:
            break
    return path, points


def _solve_at(path: LogitPath, sigma: np.ndarray, lam: float) -> np.ndarray:
    """Newton on the QRE equations with ``lam`` fixed, from ``sigma``."""
    y = np.concatenate([np.log(np.clip(sigma, 1e-300, None)), [lam]])
    for _ in range(50):
        H, J = path.jacobian(y)
        if float(np.max(np.abs(H))) < 1e-13:
            break
        delta = np.linalg.lstsq(J[:, :-1], -H, rcond=None)[0]
        y[:-1] += delta
        if float(np.max(np.abs(delta))) < 1e-14:
            break
    H, _ = path.jacobian(y)
    if float(np.max(np.abs(H))) > 1e-8:
        raise SolverError(
            f"could not compute the logit QRE at lam={lam:g} (Newton did not converge)"
        )
    return np.exp(y[:-1])


def _at(path: LogitPath, points: list[tuple[float, np.ndarray]], lam: float) -> np.ndarray:
    """The QRE at ``lam`` on the traced branch (first crossing)."""
    for (l0, s0), (l1, s1) in zip(points, points[1:], strict=False):
        if l0 <= lam <= l1:
            w = 0.0 if l1 == l0 else (lam - l0) / (l1 - l0)
            guess = np.exp(
                (1 - w) * np.log(np.clip(s0, 1e-300, None)) + w * np.log(np.clip(s1, 1e-300, None))
            )
            return _solve_at(path, guess, lam)
    raise SolverError(
        f"the logit path stopped at lam={points[-1][0]:g} before reaching lam={lam:g} "
        f"({path.status})"
    )


def _make(game: NormalFormGame, lam: float, sigma: np.ndarray) -> QuantalResponseEquilibrium:
    k = PayoffKernel(game.payoffs)
    vecs = tuple(v / v.sum() for v in k.split(np.asarray(sigma, dtype=float)))
    for v in vecs:
        v.setflags(write=False)
    return QuantalResponseEquilibrium(game=game, lam=float(lam), vectors=vecs)


def logit_qre(
    game: NormalFormGame, lam: float, *, max_time: float = 60.0
) -> QuantalResponseEquilibrium:
    """The logit QRE at rationality ``lam`` on the branch that starts at uniform play.

    Algorithm: follow the logit correspondence from ``lam = 0`` (see
    :func:`gametheory.solvers.logit.logit_solve`) until it first reaches ``lam``,
    then solve the QRE equations at exactly ``lam`` by Newton's method.

    Parameters
    ----------
    game : NormalFormGame
    lam : float
        Rationality, >= 0, in the game's payoff units.
    max_time : float
        Time limit in seconds for the path following.

    Returns
    -------
    QuantalResponseEquilibrium

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> logit_qre(g, 3.0)["Row"]
    {'1': 0.5, '2': 0.5}
    """
    lam = _check_lambda(lam)
    if lam == 0:
        return _make(game, 0.0, np.concatenate([np.full(n, 1.0 / n) for n in game.shape]))
    path, points = _path(game, lam, max_time=max_time)
    return _make(game, lam, _at(path, points, lam))


def logit_correspondence(
    game: NormalFormGame,
    *,
    max_lambda: float | None = None,
    max_step: float = 0.2,
    max_time: float = 60.0,
) -> Any:
    """The principal branch of the logit QRE correspondence as a table.

    Parameters
    ----------
    game : NormalFormGame
    max_lambda : float, optional
        Where to stop (default ``100 /`` the range of payoffs, where play is close to
        a Nash equilibrium).
    max_step : float
        Largest step along the curve (in ``(log p, lam)`` arc length): smaller gives
        more rows.
    max_time : float
        Time limit in seconds.

    Returns
    -------
    pandas.DataFrame
        Columns ``lambda`` and ``"player:strategy"`` probabilities, one row per point,
        in path order (``lambda`` can decrease where the branch bends back).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> curve = logit_correspondence(g, max_lambda=10)
    >>> float(curve["lambda"].iloc[0]), float(curve["Row:1"].iloc[0])
    (0.0, 0.5)
    >>> bool(curve["lambda"].iloc[-1] >= 10)
    True
    """
    import pandas as pd

    max_lambda = (
        _default_max_lambda(game) if max_lambda is None else _check_lambda(max_lambda, "max_lambda")
    )
    if not max_step > 0:
        raise InvalidGameError(f"max_step must be positive, got {max_step!r}")
    _, points = _path(game, max_lambda, max_step=max_step, max_time=max_time)
    cols = [f"{p}:{s}" for i, p in enumerate(game.players) for s in game.strategies[i]]
    data = np.array([np.concatenate([[lam], sig]) for lam, sig in points])
    return pd.DataFrame(data, columns=["lambda", *cols])


def _counts(game: NormalFormGame, observed: Any) -> np.ndarray:
    """Flat count vector from ``{player: {strategy: count}}`` or one sequence per player."""
    out = []
    if isinstance(observed, Mapping):
        for p in observed:
            game.player_index(p)
        for i, p in enumerate(game.players):
            c = observed.get(p, None)
            if c is None:
                out.append(np.zeros(game.shape[i]))
                continue
            if isinstance(c, Mapping):
                v = np.zeros(game.shape[i])
                for s, n in c.items():
                    v[game.strategy_index(i, s)] = float(n)
            else:
                v = np.asarray(c, dtype=float)
            out.append(v)
    else:
        out = [np.asarray(c, dtype=float) for c in observed]
    if len(out) != game.num_players:
        raise InvalidGameError(
            f"observed_counts gives {len(out)} players, the game has {game.num_players}"
        )
    for i, v in enumerate(out):
        if v.shape != (game.shape[i],):
            raise InvalidGameError(
                f"observed_counts of {game.players[i]!r} must have {game.shape[i]} entries, got {v.shape}"
            )
        if not np.all(np.isfinite(v)) or np.any(v < 0):
            raise InvalidGameError(f"observed_counts of {game.players[i]!r} must be counts >= 0")
    flat = np.concatenate(out)
    if flat.sum() <= 0:
        raise InvalidGameError("observed_counts holds no observations")
    return flat


def fit_logit(
    game: NormalFormGame,
    observed_counts: Any,
    *,
    max_lambda: float | None = None,
    max_time: float = 60.0,
) -> LogitFit:
    """Maximum-likelihood rationality ``lam`` of the logit QRE for observed choices.

    The log-likelihood is ``sum counts * log p(lam)`` with ``p(lam)`` the principal-branch
    QRE. The branch is traced once up to ``max_lambda``; the best traced point seeds a
    bounded scalar search (:func:`scipy.optimize.minimize_scalar`); the standard error is
    ``1 / sqrt(observed information)`` from a central second difference.

    Parameters
    ----------
    game : NormalFormGame
    observed_counts : mapping or sequence
        ``{player: {strategy: count}}`` (players may be left out) or one count vector per
        player.
    max_lambda : float, optional
        Upper bound of the search (default ``1000 /`` the payoff range).
    max_time : float
        Time limit in seconds for the path following.

    Returns
    -------
    LogitFit

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     strategies=(("C", "D"), ("C", "D")))
    >>> fit = fit_logit(g, {"Row": {"C": 30, "D": 70}, "Column": {"C": 30, "D": 70}})
    >>> round(fit.lam, 3), fit.std_error > 0    # p(D) = 0.7 at a payoff gap of 1.3
    (0.652, True)
    """
    from scipy.optimize import minimize_scalar

    counts = _counts(game, observed_counts)
    if max_lambda is None:
        max_lambda = 10 * _default_max_lambda(game)
    max_lambda = _check_lambda(max_lambda, "max_lambda")
    path, points = _path(game, max_lambda, max_step=0.5, max_time=max_time)

    def loglik_sigma(sig: np.ndarray) -> float:
        with np.errstate(divide="ignore"):
            logs = np.log(np.clip(sig, 1e-300, None))
        return float(np.sum(counts * logs))

    best = max(range(len(points)), key=lambda k: loglik_sigma(points[k][1]))
    lo = points[max(best - 1, 0)][0]
    hi = points[min(best + 1, len(points) - 1)][0]
    top = points[-1][0]

    def neg(lam: float) -> float:
        return -loglik_sigma(_at(path, points, lam))

    if hi > lo:
        opt = minimize_scalar(
            neg, bounds=(lo, hi), method="bounded", options={"xatol": 1e-10 * max(1.0, hi)}
        )
        lam_hat = float(opt.x)
    else:
        lam_hat = float(lo)
    ll = -neg(lam_hat) if lam_hat > 0 else loglik_sigma(points[0][1])
    ll_top = loglik_sigma(points[-1][1])
    if lam_hat < top and ll_top >= ll - 1e-9 * max(1.0, abs(ll)):
        # the likelihood keeps rising (or is flat) up to max_lambda: no interior maximum
        lam_hat, ll = float(top), ll_top
    at_bound = lam_hat <= 1e-9 * max(1.0, top) or lam_hat >= top * (1 - 1e-9)
    se = float("nan")
    if not at_bound:
        h = max(1e-4 * lam_hat, 1e-6)
        h = min(h, lam_hat / 2)
        d2 = (-neg(lam_hat + h) - 2 * ll + -neg(lam_hat - h)) / h**2
        if d2 < 0:
            se = float(1.0 / math.sqrt(-d2))
    if lam_hat >= top:
        sig = points[-1][1]
    else:
        sig = _at(path, points, lam_hat) if lam_hat > 0 else points[0][1]
    return LogitFit(
        lam=lam_hat,
        std_error=se,
        log_likelihood=ll,
        qre=_make(game, lam_hat, sig),
        at_bound=bool(at_bound),
        n_observations=int(round(counts.sum())),
        options={"max_lambda": max_lambda},
    )
