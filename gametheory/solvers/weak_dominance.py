"""Weakly dominated strategies, their iterated elimination, and why the order matters.

A strategy ``s`` is *weakly dominated* by ``t`` when ``t`` pays at least as much
against every profile of the other players and strictly more against at least one.
Unlike strict dominance (:mod:`gametheory.solvers.dominance`), iterated elimination
of weakly dominated strategies can reach different reduced games depending on the
order in which strategies are removed, and it can remove Nash equilibria (never all
of them). :func:`weak_elimination_outcomes` explores every order and returns each
distinct reduced game with one elimination sequence that reaches it.

Pure-strategy comparisons use the game's exact (rational) payoffs, so ties are ties;
domination by mixed strategies (``mixed=True``) is a linear program in floating point
whose answer is recomputed from the game.

Examples
--------
>>> from gametheory import NormalFormGame
>>> g = NormalFormGame.from_bimatrix([[1, 0], [1, 2], [0, 2]], [[1, 0], [1, 1], [0, 1]],
...     strategies=(("T", "M", "B"), ("L", "R")))
>>> outcomes = weak_elimination_outcomes(g)
>>> [o.surviving for o in outcomes]
[{'Row': ('T', 'M'), 'Column': ('L',)}, {'Row': ('M',), 'Column': ('L', 'R')}, {'Row': ('M', 'B'), 'Column': ('R',)}]
>>> [o.game.payoff([o.game.strategies[0][0], o.game.strategies[1][0]]) for o in outcomes]
[{'Row': 1.0, 'Column': 1.0}, {'Row': 1.0, 'Column': 1.0}, {'Row': 2.0, 'Column': 1.0}]
>>> print(*(e.describe() for e in outcomes[0].sequence), sep="\\n")
round 1: Row's B is weakly dominated by M
round 2: Column's R is weakly dominated by L
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InvalidGameError
from ..game import NormalFormGame
from ._common import check_tol
from .dominance import Elimination, EliminationResult

__all__ = [
    "weakly_dominated_strategies",
    "iterated_weak_elimination",
    "weak_elimination_outcomes",
    "WeakEliminationOutcome",
]

_ORDERS = ("simultaneous", "sequential")
#: A sub-game in the search over elimination orders: each player's surviving strategy indices.
_State = tuple[tuple[int, ...], ...]


def _rows(arr: np.ndarray, i: int, keep: Sequence[Sequence[int]]) -> np.ndarray:
    """Player ``i``'s payoffs in the sub-game ``keep``: rows = own strategies."""
    sub = arr[np.ix_(*keep)] if arr.ndim else arr
    return np.moveaxis(sub, i, 0).reshape(len(keep[i]), -1)


def _pure_weak(U: np.ndarray, labels: Sequence[str]) -> list[tuple[str, dict[str, float], Any]]:
    out = []
    n = len(labels)
    for s in range(n):
        for t in range(n):
            if t == s:
                continue
            diff = U[t] - U[s]
            if all(d >= 0 for d in diff) and any(d > 0 for d in diff):
                out.append((labels[s], {labels[t]: 1.0}, sum(diff)))
                break
    return out


def _mixed_weak(V: np.ndarray, u: np.ndarray, tol: float) -> tuple[np.ndarray, float] | None:
    """A mixture of the rows of ``V`` at least as good as ``u`` everywhere, better in total."""
    from scipy.optimize import linprog

    k, c = V.shape
    res = linprog(
        -V.sum(axis=1),
        A_ub=-V.T,
        b_ub=-u,
        A_eq=np.ones((1, k)),
        b_eq=[1.0],
        bounds=[(0, None)] * k,
        method="highs",
    )
    if res.status != 0:
        return None
    w = np.clip(res.x, 0.0, None)
    w[w < 1e-12] = 0.0
    w = w / w.sum()
    gaps = w @ V - u  # recomputed from the game, not taken from the LP
    if gaps.min() < -tol or gaps.sum() <= tol:  # V and u are in units of their spread
        return None
    return w, float(gaps.sum())


def _dominated(
    game: NormalFormGame, i: int, keep: Sequence[Sequence[int]], mixed: bool, tol: float
) -> list[tuple[str, dict[str, float], Any]]:
    labels = [game.strategies[i][k] for k in keep[i]]
    U = _rows(game.exact_payoffs[..., i], i, keep)
    out = _pure_weak(U, labels)
    if not mixed or len(labels) < 3:
        return out
    found = {s for s, _, _ in out}
    F = np.asarray(U, dtype=float)
    # in units of the payoff spread (no absolute floor): the linear program and ``tol``
    # then mean the same at payoffs of 1e-12 and 1e12
    spread = 2 * (float(F.max()) / 2 - float(F.min()) / 2) if F.size else 0.0
    unit = min(spread, np.finfo(float).max) if spread > 0 else 1.0
    F = F / unit - F.min() / unit if F.size else F  # divided first: 1e308 - -1e308 overflows
    for s in range(len(labels)):
        if labels[s] in found:
            continue
        others = [t for t in range(len(labels)) if t != s]
        hit = _mixed_weak(F[others], F[s], tol)
        if hit is not None:
            w, gain = hit
            gain *= unit
            out.append(
                (labels[s], {labels[others[j]]: float(x) for j, x in enumerate(w) if x > 0}, gain)
            )
    return out


def _check(game: Any) -> None:
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"weak dominance needs a NormalFormGame, got {type(game).__name__}")


def _number(x: Any) -> Any:
    return float(x) if not isinstance(x, (int, float)) else x


def weakly_dominated_strategies(
    game: NormalFormGame, player: str | int, /, *, mixed: bool = False, tol: float = 1e-9
) -> list[tuple[str, dict[str, float], Any]]:
    """A player's weakly dominated strategies, each with a dominator and its total advantage.

    Parameters
    ----------
    game : NormalFormGame
    player : str or int
    mixed : bool, default False
        Also look for weak domination by mixed strategies (a linear program that
        maximises the dominator's total advantage subject to never being worse).
    tol : float, default 1e-9
        Tolerance (relative to the payoff spread) of the mixed check only; pure
        comparisons are exact.

    Returns
    -------
    list of (strategy, dominator, total advantage)
        The total advantage is exact (a Fraction) for pure dominators.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 0]], [[1, 0], [0, 0]],
    ...     strategies=(("U", "D"), ("L", "R")))
    >>> weakly_dominated_strategies(g, "Row")
    [('D', {'U': 1.0}, Fraction(1, 1))]
    """
    _check(game)
    tol = check_tol(tol)
    i = game.player_index(player)
    keep = [list(range(n)) for n in game.shape]
    return _dominated(game, i, keep, mixed, tol)


def _state_game(game: NormalFormGame, keep: Sequence[Sequence[int]]) -> NormalFormGame:
    return game.restrict(
        {p: [game.strategies[i][k] for k in keep[i]] for i, p in enumerate(game.players)}
    )


def _remove(game: NormalFormGame, keep: list[list[int]], i: int, label: str) -> list[list[int]]:
    k = game.strategies[i].index(label)
    new = [list(x) for x in keep]
    new[i] = [x for x in new[i] if x != k]
    return new


def iterated_weak_elimination(
    game: NormalFormGame,
    /,
    *,
    order: str | Iterable[tuple[str, str]] = "simultaneous",
    mixed: bool = False,
    tol: float = 1e-9,
) -> EliminationResult:
    """Iterated elimination of weakly dominated strategies, in a stated order.

    Algorithm (Osborne and Rubinstein 1994, section 4.3; Myerson 1991, section 2.5):

    1. Find the weakly dominated strategies of every player in the current game.
    2. Remove them -- all at once (``order="simultaneous"``, the usual textbook
       procedure), only the first one found (``"sequential"``: players in order,
       strategies in order), or the next pair of an explicit ``order``.
    3. Repeat until nothing is weakly dominated (or the explicit order is used up).

    The result depends on the order (see :func:`weak_elimination_outcomes`), and
    Nash equilibria of the original game may be lost, although at least one
    survives.

    Parameters
    ----------
    game : NormalFormGame
    order : "simultaneous", "sequential" or sequence of (player, strategy)
        An explicit sequence is checked: each strategy must be weakly dominated
        when its turn comes.
    mixed : bool, default False
    tol : float, default 1e-9

    Returns
    -------
    EliminationResult
        Each :class:`~gametheory.solvers.dominance.Elimination` has ``kind="weakly"``.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 0], [1, 2], [0, 2]], [[1, 0], [1, 1], [0, 1]],
    ...     strategies=(("T", "M", "B"), ("L", "R")))
    >>> iterated_weak_elimination(g).surviving
    {'Row': ('M',), 'Column': ('L', 'R')}
    >>> iterated_weak_elimination(g, order=[("Row", "T")]).surviving
    {'Row': ('M', 'B'), 'Column': ('L', 'R')}
    """
    _check(game)
    tol = check_tol(tol)
    keep = [list(range(n)) for n in game.shape]
    record: list[Elimination] = []
    explicit = None
    if isinstance(order, str):
        if order not in _ORDERS:
            raise InvalidGameError(
                f"order must be one of {', '.join(_ORDERS)} or a sequence of "
                f"(player, strategy) pairs, got {order!r}"
            )
    else:
        explicit = [(game.players[game.player_index(p)], s) for p, s in order]
        for p, s in explicit:
            game.strategy_index(p, s)
    step = 0
    while True:
        found = [
            (i, item)
            for i in range(game.num_players)
            for item in _dominated(game, i, keep, mixed, tol)
        ]
        if explicit is not None:
            if step == len(explicit):
                break
            p, s = explicit[step]
            i = game.player_index(p)
            match = [item for j, item in found if j == i and item[0] == s]
            if not match:
                raise InvalidGameError(
                    f"step {step + 1} of the order: {p}'s {s} is not weakly dominated at that point"
                )
            found = [(i, match[0])]
        elif not found:
            break
        elif order == "sequential":
            found = found[:1]
        step += 1
        for i, (s, by, gain) in found:
            record.append(Elimination(step, game.players[i], s, by, _number(gain), kind="weakly"))
            keep = _remove(game, keep, i, s)
    return EliminationResult(
        game=_state_game(game, keep),
        original=game,
        eliminations=tuple(record),
        options={
            "weak": True,
            "order": order if isinstance(order, str) else explicit,
            "mixed": bool(mixed),
            "tol": tol,
        },
    )


@dataclass(frozen=True)
class WeakEliminationOutcome:
    """One reduced game reachable by eliminating weakly dominated strategies one at a time.

    Attributes
    ----------
    game : NormalFormGame
        The reduced game: nothing in it is weakly dominated.
    sequence : tuple of Elimination
        One order of single eliminations that reaches it (``round`` is the step).
    """

    game: NormalFormGame
    sequence: tuple[Elimination, ...]

    @property
    def surviving(self) -> dict[str, tuple[str, ...]]:
        """Each player's strategies left."""
        return dict(zip(self.game.players, self.game.strategies, strict=True))

    @property
    def order(self) -> list[tuple[str, str]]:
        """The elimination sequence as ``(player, strategy)`` pairs."""
        return [(e.player, e.strategy) for e in self.sequence]


def weak_elimination_outcomes(
    game: NormalFormGame, /, *, mixed: bool = False, tol: float = 1e-9, max_states: int = 20_000
) -> tuple[WeakEliminationOutcome, ...]:
    """Every reduced game that some order of weak elimination reaches.

    Breadth-first search over the sub-games reachable by removing one weakly
    dominated strategy at a time; a sub-game in which nothing is weakly dominated is
    an outcome. More than one outcome means the order matters.

    Parameters
    ----------
    game : NormalFormGame
    mixed : bool, default False
    tol : float, default 1e-9
    max_states : int, default 20000
        Refuse (with an error) games whose search visits more sub-games.

    Returns
    -------
    tuple of WeakEliminationOutcome
        Sorted by the surviving strategies' positions in the original game; each
        with the shortest elimination sequence found that reaches it.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     strategies=(("C", "D"), ("C", "D")))
    >>> [o.surviving for o in weak_elimination_outcomes(pd)]
    [{'Row': ('D',), 'Column': ('D',)}]
    """
    _check(game)
    tol = check_tol(tol)
    start = tuple(tuple(range(n)) for n in game.shape)
    parent: dict[_State, tuple[_State, Elimination] | None] = {start: None}
    frontier = [start]
    finals = []
    while frontier:
        nxt = []
        for state in frontier:
            keep = [list(x) for x in state]
            moves = [
                (i, item)
                for i in range(game.num_players)
                for item in _dominated(game, i, keep, mixed, tol)
            ]
            if not moves:
                finals.append(state)
            for i, (s, by, gain) in moves:
                child = tuple(tuple(x) for x in _remove(game, keep, i, s))
                if child not in parent:
                    parent[child] = (
                        state,
                        Elimination(0, game.players[i], s, by, _number(gain), kind="weakly"),
                    )
                    nxt.append(child)
                    if len(parent) > max_states:
                        raise InvalidGameError(
                            f"exploring elimination orders visits more than {max_states} "
                            "sub-games; raise the limit with max_states= (--max-states) or "
                            "use iterated_weak_elimination (one order, --order)"
                        )
        frontier = nxt
    out = []
    for state in sorted(finals):
        seq = []
        node = state
        while (link := parent[node]) is not None:
            prev, elim = link
            seq.append(elim)
            node = prev
        seq.reverse()
        seq = [
            Elimination(k + 1, e.player, e.strategy, e.dominated_by, e.margin, kind=e.kind)
            for k, e in enumerate(seq)
        ]
        out.append(WeakEliminationOutcome(_state_game(game, [list(x) for x in state]), tuple(seq)))
    return tuple(out)
