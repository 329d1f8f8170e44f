"""What kind of game is this? Structural classes of a normal-form game, for teaching.

:func:`classify_game` reports, each decided exactly from the payoffs (rational
arithmetic where the game has it):

* **zero-sum / constant-sum** -- the payoffs add up to 0 (to one constant) everywhere;
* **symmetric** -- two players, ``B = A`` transposed;
* **exact potential game** (Monderer and Shapley 1996) -- a function ``P`` with
  ``u_i(s', s_-i) - u_i(s, s_-i) = P(s', s_-i) - P(s, s_-i)`` for every player and
  deviation; ``P`` is returned (normalised to 0 at the first profile);
* **dominant strategies** -- each player's strictly and weakly dominant pure strategy,
  if any;
* **dominance solvable** -- iterated elimination of strictly dominated strategies
  (pure or mixed dominators) leaves one profile; and the same for weak dominance,
  where the game counts as weakly dominance-solvable when *every* elimination
  order ends in one payoff profile (the outcomes are listed either way);
* **pure equilibria** -- how many, which are strict, which are Pareto-dominated by
  another pure profile (a social dilemma when every pure equilibrium is), and for small
  two-player games which are trembling-hand perfect and proper;
* for **2x2 games**, the textbook family from the best-reply structure:
  ``"dominant strategies"`` (both players), ``"dominance solvable"``,
  ``"coordination"`` (two strict equilibria on the diagonal: players gain from
  choosing the same position), ``"anti-coordination"`` (two strict equilibria off
  the diagonal, as in chicken), ``"cyclic"`` (no pure equilibrium: best replies go
  round, as in matching pennies), or ``"degenerate"`` (ties in best replies). For
  coordination games the class says whether one equilibrium is payoff-dominant
  (stag hunt) or the players rank them differently (battle of the sexes).

Examples
--------
>>> from gametheory import NormalFormGame
>>> stag = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]],
...     strategies=(("Stag", "Hare"), ("Stag", "Hare")))
>>> c = classify_game(stag)
>>> c.kind_2x2, c.symmetric, c.potential, len(c.pure_equilibria)
('coordination (one equilibrium payoff-dominant)', True, True, 2)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .errors import InvalidGameError
from .game import NormalFormGame

__all__ = ["GameClassification", "PureEquilibriumInfo", "classify_game", "exact_potential"]


@dataclass(frozen=True)
class PureEquilibriumInfo:
    """A pure Nash equilibrium with its kind.

    Attributes
    ----------
    profile : dict of str to str
    payoffs : dict of str to Fraction
    strict : bool
        Every unilateral deviation loses.
    pareto_dominated_by : tuple of dict
        Pure profiles that give every player at least as much and someone more.
    perfect, proper : bool or None
        Trembling-hand perfect / proper (:mod:`gametheory.perfection`); checked for
        two-player games up to 6x6 (perfect) and 3x3 (proper), None elsewhere.
    """

    profile: dict[str, str]
    payoffs: dict[str, Fraction]
    strict: bool
    pareto_dominated_by: tuple[dict[str, str], ...]
    perfect: bool | None = None
    proper: bool | None = None


@dataclass(frozen=True)
class GameClassification:
    """The structural classes of a game (see the module docstring for each).

    Attributes
    ----------
    game : NormalFormGame
    zero_sum, constant_sum : bool
    constant : Fraction or None
        The constant sum, when there is one.
    symmetric : bool
    potential : bool
    potential_function : numpy.ndarray or None
        Object array of Fractions, one per pure profile.
    dominant : dict of str to str or None
        Each player's strictly dominant strategy.
    weakly_dominant : dict of str to str or None
    dominance_solvable : bool
    strict_elimination : list of str
        The elimination record (one line each).
    weakly_dominance_solvable : bool
    weak_outcomes : list of dict
        Each reduced game reachable by weak elimination: surviving strategies and order.
    pure_equilibria : tuple of PureEquilibriumInfo
    social_dilemma : bool
    kind_2x2 : str or None
    """

    game: NormalFormGame
    zero_sum: bool
    constant_sum: bool
    constant: Fraction | None
    symmetric: bool
    potential: bool
    potential_function: np.ndarray | None
    dominant: dict[str, str | None]
    weakly_dominant: dict[str, str | None]
    dominance_solvable: bool
    strict_elimination: list[str]
    weakly_dominance_solvable: bool
    weak_outcomes: list[dict[str, Any]]
    pure_equilibria: tuple[PureEquilibriumInfo, ...]
    social_dilemma: bool
    kind_2x2: str | None
    notes: list[str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        """The names of the classes that apply, in a fixed order (for a one-line summary).

        Examples
        --------
        >>> from gametheory import NormalFormGame
        >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        >>> classify_game(pennies).classes
        ['zero-sum', '2x2: cyclic']
        """
        out = []
        if self.zero_sum:
            out.append("zero-sum")
        elif self.constant_sum:
            out.append("constant-sum")
        if self.symmetric:
            out.append("symmetric")
        if self.potential:
            out.append("potential game")
        if all(self.dominant.values()):
            out.append("dominant-strategy equilibrium")
        if self.dominance_solvable:
            out.append("dominance solvable")
        elif self.weakly_dominance_solvable:
            out.append("weakly dominance solvable")
        if self.social_dilemma:
            out.append("social dilemma")
        if self.kind_2x2:
            out.append(f"2x2: {self.kind_2x2}")
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (fractions as strings such as ``"1/2"``)."""
        g = self.game
        pot = None
        if self.potential_function is not None:
            pot = [
                {
                    "profile": dict(
                        zip(g.players, (g.strategies[i][k] for i, k in enumerate(idx)), strict=True)
                    ),
                    "value": str(self.potential_function[idx]),
                }
                for idx in itertools.product(*(range(n) for n in g.shape))
            ]
        return {
            "game": {
                "title": g.title,
                "players": [
                    {"name": p, "strategies": list(g.strategies[i])}
                    for i, p in enumerate(g.players)
                ],
            },
            "classes": self.classes,
            "zero_sum": self.zero_sum,
            "constant_sum": self.constant_sum,
            "constant": None if self.constant is None else str(self.constant),
            "symmetric": self.symmetric,
            "potential": self.potential,
            "potential_function": pot,
            "dominant_strategies": self.dominant,
            "weakly_dominant_strategies": self.weakly_dominant,
            "dominance_solvable": self.dominance_solvable,
            "strict_elimination": self.strict_elimination,
            "weakly_dominance_solvable": self.weakly_dominance_solvable,
            "weak_elimination_outcomes": self.weak_outcomes,
            "pure_equilibria": [
                {
                    "profile": e.profile,
                    "payoffs": {p: str(v) for p, v in e.payoffs.items()},
                    "strict": e.strict,
                    "perfect": e.perfect,
                    "proper": e.proper,
                    "pareto_dominated_by": list(e.pareto_dominated_by),
                }
                for e in self.pure_equilibria
            ],
            "social_dilemma": self.social_dilemma,
            "kind_2x2": self.kind_2x2,
            "notes": self.notes,
        }


def exact_potential(game: NormalFormGame) -> np.ndarray | None:
    """An exact potential of the game (Fractions, 0 at the first profile), or ``None``.

    Built along the path that changes players' strategies one after another from the
    first profile, then verified for every player and every deviation.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> exact_potential(pd).tolist()
    [[Fraction(0, 1), Fraction(2, 1)], [Fraction(2, 1), Fraction(3, 1)]]
    """
    U = game.exact_payoffs
    N = game.num_players
    shape = game.shape
    phi = np.zeros(shape, dtype=object)
    phi[...] = Fraction(0)
    for i in range(N):
        u = U[..., i]
        head = u[(Ellipsis,) + (0,) * (N - 1 - i)] if i < N - 1 else u  # s_1..s_i free
        base = np.take(head, [0], axis=i)  # s_i = first
        step = (head - base).reshape(shape[: i + 1] + (1,) * (N - 1 - i))
        phi = phi + step
    for i in range(N):
        rest = U[..., i] - phi
        if not np.all(rest == np.take(rest, [0], axis=i)):
            return None
    phi.setflags(write=False)
    return phi


def _dominant(game: NormalFormGame, i: int, strict: bool) -> str | None:
    U = np.moveaxis(game.exact_payoffs[..., i], i, 0).reshape(game.shape[i], -1)
    for s in range(game.shape[i]):
        others = [t for t in range(game.shape[i]) if t != s]
        if not others:
            return None
        gaps = U[s] - U[others]
        if strict and np.all(gaps > 0):
            return game.strategies[i][s]
        if not strict and np.all(gaps >= 0) and all(np.any(g > 0) for g in gaps):
            return game.strategies[i][s]
    return None


def _pure_equilibria(game: NormalFormGame) -> tuple[PureEquilibriumInfo, ...]:
    from .perfection import is_proper, is_trembling_hand_perfect

    U = game.exact_payoffs
    N = game.num_players
    out = []
    profiles = list(itertools.product(*(range(n) for n in game.shape)))
    for idx in profiles:
        strict = True
        nash = True
        for i in range(N):
            line = [U[idx[:i] + (k,) + idx[i + 1 :]][i] for k in range(game.shape[i])]
            best = max(line)
            if line[idx[i]] < best:
                nash = False
                break
            if sum(1 for v in line if v == best) > 1:
                strict = False
        if not nash:
            continue
        pay = U[idx]
        dominated_by = tuple(
            {
                p: game.strategies[j][k]
                for j, (p, k) in enumerate(zip(game.players, other, strict=True))
            }
            for other in profiles
            if all(U[other][j] >= pay[j] for j in range(N))
            and any(U[other][j] > pay[j] for j in range(N))
        )
        profile = {
            p: game.strategies[j][k] for j, (p, k) in enumerate(zip(game.players, idx, strict=True))
        }
        perfect = proper = None
        if N == 2 and max(game.shape) <= 6:
            perfect = is_trembling_hand_perfect(game, profile).holds
            if max(game.shape) <= 3:
                proper = is_proper(game, profile).holds
        out.append(
            PureEquilibriumInfo(
                profile=profile,
                payoffs={p: pay[j] for j, p in enumerate(game.players)},
                strict=strict,
                pareto_dominated_by=dominated_by,
                perfect=perfect,
                proper=proper,
            )
        )
    return tuple(out)


def _kind_2x2(
    game: NormalFormGame,
    eqs: tuple[PureEquilibriumInfo, ...],
    dominant: dict[str, str | None],
    solvable: bool,
) -> str:
    if all(dominant.values()):
        return "dominant strategies"
    if solvable:
        return "dominance solvable"
    if not eqs:
        return "cyclic"
    if len(eqs) == 2 and all(e.strict for e in eqs):
        cells = [
            tuple(game.strategies[j].index(e.profile[p]) for j, p in enumerate(game.players))
            for e in eqs
        ]
        kind = "coordination" if all(a == b for a, b in cells) else "anti-coordination"
        pay = [[e.payoffs[p] for p in game.players] for e in eqs]
        if all(x > y for x, y in zip(pay[0], pay[1], strict=True)) or all(
            x < y for x, y in zip(pay[0], pay[1], strict=True)
        ):
            return f"{kind} (one equilibrium payoff-dominant)"
        if any(x > y for x, y in zip(pay[0], pay[1], strict=True)) and any(
            x < y for x, y in zip(pay[0], pay[1], strict=True)
        ):
            return f"{kind} (players rank the equilibria differently)"
        return kind
    return "degenerate"


def classify_game(
    game: NormalFormGame, /, *, weak_order_budget: int = 20_000
) -> GameClassification:
    """Classify a normal-form game: sums, symmetry, potential, dominance, pure equilibria.

    Parameters
    ----------
    game : NormalFormGame
    weak_order_budget : int
        Largest number of sub-games visited when exploring weak-elimination orders;
        past it the weak outcomes are not listed (a note says so).

    Returns
    -------
    GameClassification

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     strategies=(("C", "D"), ("C", "D")))
    >>> classify_game(pd).classes
    ['symmetric', 'potential game', 'dominant-strategy equilibrium', 'dominance solvable', 'social dilemma', '2x2: dominant strategies']
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"classify_game needs a NormalFormGame, got {type(game).__name__}")
    from .solvers.dominance import iterated_elimination
    from .solvers.weak_dominance import weak_elimination_outcomes

    totals = game.exact_payoffs.sum(axis=-1)
    first = totals.ravel()[0]
    constant_sum = bool(np.all(totals == first))
    potential = exact_potential(game)
    strict_res = iterated_elimination(game, mixed=True)
    notes: list[str] = []
    try:
        weak = weak_elimination_outcomes(game, max_states=weak_order_budget)
        weak_outcomes = [
            {
                "surviving": {p: list(s) for p, s in o.surviving.items()},
                "order": [list(x) for x in o.order],
            }
            for o in weak
        ]
        finals = {
            frozenset(
                tuple(row) for row in o.game.exact_payoffs.reshape(-1, game.num_players).tolist()
            )
            for o in weak
        }
        weak_solvable = len(finals) == 1 and len(next(iter(finals))) == 1
    except InvalidGameError as exc:
        weak_outcomes, weak_solvable = [], False
        notes.append(f"weak elimination orders not explored: {exc}")
    dominant = {p: _dominant(game, i, True) for i, p in enumerate(game.players)}
    weakly = {p: _dominant(game, i, False) for i, p in enumerate(game.players)}
    eqs = _pure_equilibria(game)
    solvable = all(n == 1 for n in strict_res.game.shape)
    return GameClassification(
        game=game,
        zero_sum=constant_sum and first == 0,
        constant_sum=constant_sum,
        constant=first if constant_sum else None,
        symmetric=game.is_symmetric(),
        potential=potential is not None,
        potential_function=potential,
        dominant=dominant,
        weakly_dominant=weakly,
        dominance_solvable=solvable,
        strict_elimination=[e.describe() for e in strict_res],
        weakly_dominance_solvable=weak_solvable,
        weak_outcomes=weak_outcomes,
        pure_equilibria=eqs,
        social_dilemma=bool(eqs) and all(e.pareto_dominated_by for e in eqs),
        kind_2x2=_kind_2x2(game, eqs, dominant, solvable) if game.shape == (2, 2) else None,
        notes=notes,
    )
