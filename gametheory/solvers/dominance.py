"""Strictly dominated strategies and their iterated elimination, for any number of players.

A strategy is strictly dominated when another pure strategy -- or, with
``mixed=True``, a mixture of the player's other strategies -- pays strictly more
against every profile of the other players. Strictly dominated strategies are never
played in any Nash equilibrium, and eliminating them iteratively gives the same
reduced game in whatever order it is done (Gilboa, Kalai and Zemel 1990).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InvalidGameError
from ..game import NormalFormGame
from ._common import check_tol, payoff_scales

__all__ = ["Elimination", "EliminationResult", "dominated_strategies", "iterated_elimination"]


@dataclass(frozen=True)
class Elimination:
    """One eliminated strategy: in which round, whose, and what dominated it.

    Attributes
    ----------
    round : int
        1 for strategies dominated in the original game, 2 for the next round, ...
    player : str
    strategy : str
    dominated_by : dict of str to float
        The dominating (pure or mixed) strategy, as ``{strategy: probability}``.
    margin : float
        The smallest payoff advantage of the dominator over the strategy (for weak
        dominance: the total advantage, which is positive while the smallest is 0).
    kind : {"strictly", "weakly"}
        Which dominance eliminated it.
    """

    round: int
    player: str
    strategy: str
    dominated_by: dict[str, float]
    margin: float
    kind: str = "strictly"

    def describe(self) -> str:
        """One line, e.g. ``"round 1: Row's C is strictly dominated by D"``."""
        by = _dominator_text(self.dominated_by)
        return (
            f"round {self.round}: {self.player}'s {self.strategy} is {self.kind} dominated by {by}"
        )


def _dominator_text(dominated_by: dict[str, float]) -> str:
    """The dominator: its label, or ``[label probability, ...]`` for a mixture."""
    if len(dominated_by) == 1:
        return next(iter(dominated_by))
    return "[" + ", ".join(f"{s} {p:.3g}" for s, p in dominated_by.items()) + "]"


@dataclass(frozen=True)
class EliminationResult:
    """The outcome of iterated elimination: the reduced game and the elimination record.

    Attributes
    ----------
    game : NormalFormGame
        The reduced game (players keep their names, strategies their labels).
    original : NormalFormGame
    eliminations : tuple of Elimination
    options : dict
    """

    game: NormalFormGame
    original: NormalFormGame
    eliminations: tuple[Elimination, ...]
    options: dict[str, Any]

    @property
    def rounds(self) -> int:
        """Number of rounds in which something was eliminated."""
        return max((e.round for e in self.eliminations), default=0)

    @property
    def surviving(self) -> dict[str, tuple[str, ...]]:
        """Each player's strategies left after elimination."""
        return dict(zip(self.game.players, self.game.strategies, strict=True))

    def __iter__(self) -> Iterator[Elimination]:
        return iter(self.eliminations)

    def __len__(self) -> int:
        return len(self.eliminations)

    def to_frame(self) -> Any:
        """One row per eliminated strategy."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "round": e.round,
                    "player": e.player,
                    "strategy": e.strategy,
                    # not parsed out of describe(): a label may contain " by "
                    "dominated_by": _dominator_text(e.dominated_by),
                    "margin": e.margin,
                }
                for e in self.eliminations
            ],
            columns=["round", "player", "strategy", "dominated_by", "margin"],
        )

    def __repr__(self) -> str:
        dims = "x".join(str(n) for n in self.game.shape)
        return (
            f"<EliminationResult {len(self.eliminations)} strategies eliminated in "
            f"{self.rounds} rounds; reduced game {dims}>"
        )


def dominated_strategies(
    game: NormalFormGame, player: str | int, /, *, mixed: bool = True, tol: float = 1e-9
) -> list[tuple[str, dict[str, float], float]]:
    """A player's strictly dominated strategies, each with a dominator and the margin.

    Parameters
    ----------
    game : NormalFormGame
    player : str or int
    mixed : bool, default True
        Also look for domination by mixed strategies (a linear program per strategy:
        maximise ``e`` such that ``sum_t s_t u(t, c) >= u(s, c) + e`` for every profile
        ``c`` of the others, ``s`` a probability vector over the other strategies).
    tol : float, default 1e-9
        The dominator must be better by more than ``tol`` times the player's payoff
        spread everywhere (relative, so the answer does not depend on the payoffs'
        unit: the game times 1e-12 has the same dominated strategies).

    Returns
    -------
    list of (strategy, dominator, margin)

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     strategies=(("C", "D"), ("C", "D")))
    >>> dominated_strategies(pd, "Row")
    [('C', {'D': 1.0}, 1.0)]
    """
    tol = check_tol(tol)
    i = game.player_index(player)
    labels = game.strategies[i]
    # rows: player i's strategies; columns: the other players' pure profiles
    U = np.moveaxis(game.payoffs[..., i], i, 0).reshape(game.shape[i], -1)
    # in units of the player's payoff spread: the tolerance and the linear program's
    # own (absolute) tolerances then mean the same at payoffs of 1e-12 and 1e12
    spread = float(payoff_scales(game)[i])
    unit = spread if spread > 0 else 1.0
    U = U / unit - U.min() / unit if U.size else U  # divided first: 1e308 - -1e308 overflows
    out = []
    for s in range(len(labels)):
        others = [t for t in range(len(labels)) if t != s]
        if not others:
            break
        gaps = U[others] - U[s]
        worst = gaps.min(axis=1)
        t_best = int(np.argmax(worst))
        if worst[t_best] > tol:
            out.append((labels[s], {labels[others[t_best]]: 1.0}, float(worst[t_best]) * unit))
            continue
        if mixed and len(others) >= 2:
            weights, margin = _mixed_dominator(U[others], U[s])
            if margin > tol:
                dominator = {
                    labels[t]: float(w) for t, w in zip(others, weights, strict=True) if w > 0
                }
                out.append((labels[s], dominator, margin * unit))
    return out


def _mixed_dominator(V: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, float]:
    """Maximise the worst-case advantage of a mixture of the rows of ``V`` over ``u``."""
    from scipy.optimize import linprog

    k, c = V.shape
    cost = np.zeros(k + 1)
    cost[-1] = -1.0  # maximise e
    a_ub = np.hstack([-V.T, np.ones((c, 1))])  # e - (V^T s)_c <= -u_c
    b_ub = -u
    a_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    bounds = [(0, None)] * k + [(None, None)]
    res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if res.status != 0:
        return np.zeros(k), -np.inf
    w = np.clip(res.x[:k], 0.0, None)
    w = w / w.sum()
    w[w < 1e-12] = 0.0
    w = w / w.sum()
    margin = float((w @ V - u).min())  # recomputed from the game, not taken from the LP
    return w, margin


def iterated_elimination(
    game: NormalFormGame, /, *, mixed: bool = True, tol: float = 1e-9, max_rounds: int | None = None
) -> EliminationResult:
    """Iterated elimination of strictly dominated strategies.

    Algorithm (Osborne and Rubinstein, *A Course in Game Theory*, 1994, section 4.2;
    Nisan et al. 2007, section 1.3):

    1. For every player, find the strategies strictly dominated (by a pure strategy
       or, with ``mixed=True``, a mixed one) in the current game.
    2. Remove them all at once; record the round, player, strategy and dominator.
    3. Repeat on the reduced game until nothing is dominated (or ``max_rounds``).

    Every Nash equilibrium of the original game is an equilibrium of the reduced game
    (padded with zeros), and conversely.

    Parameters
    ----------
    game : NormalFormGame
    mixed : bool, default True
    tol : float, default 1e-9
    max_rounds : int, optional

    Returns
    -------
    EliminationResult

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]],
    ...     strategies=(("U", "D"), ("L", "M", "R")))
    >>> res = iterated_elimination(g)
    >>> res.surviving
    {'Row': ('U',), 'Column': ('M',)}
    >>> print(*(e.describe() for e in res), sep="\\n")
    round 1: Column's R is strictly dominated by M
    round 2: Row's D is strictly dominated by U
    round 3: Column's L is strictly dominated by M
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"iterated_elimination needs a NormalFormGame, got {type(game).__name__}"
        )
    tol = check_tol(tol)
    if max_rounds is not None and (
        isinstance(max_rounds, bool) or not isinstance(max_rounds, int) or max_rounds < 1
    ):
        raise InvalidGameError(f"max_rounds must be a positive integer, got {max_rounds!r}")
    current = game
    record: list[Elimination] = []
    round_no = 0
    while max_rounds is None or round_no < max_rounds:
        found = {p: dominated_strategies(current, p, mixed=mixed, tol=tol) for p in current.players}
        if not any(found.values()):
            break
        round_no += 1
        keep: dict[str, list[str]] = {}
        for p, items in found.items():
            gone = {s for s, _, _ in items}
            for s, by, margin in items:
                record.append(Elimination(round_no, p, s, by, margin))
            if gone:
                keep[p] = [s for s in current.strategies[current.player_index(p)] if s not in gone]
        current = current.restrict(keep)
    return EliminationResult(
        game=current,
        original=game,
        eliminations=tuple(record),
        options={"mixed": bool(mixed), "tol": tol, "max_rounds": max_rounds},
    )
