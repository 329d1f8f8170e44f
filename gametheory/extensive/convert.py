"""From trees to normal forms: the reduced normal form and the agent form.

* The **reduced normal form** has one strategy per *reduced* pure strategy of a
  player: a choice at each information set the player's own earlier choices do not
  rule out. Strategies are labelled by their actions joined with ``/`` (in the order
  of the player's information sets, skipping those that cannot be reached). Payoffs
  are expectations over chance, computed exactly. Mixed strategies map back to
  behaviour strategies by Kuhn's theorem (:meth:`ReducedNormalForm.to_behavior`).
  Games without perfect recall get the unreduced normal form (every infoset chosen).
* The **agent form** has one player (an *agent*) per information set, named
  ``"PLAYER:INFOSET"``, whose strategies are the actions there and whose payoff is
  the owning player's. Its equilibria are the profiles no agent can improve alone.

Both are :class:`~gametheory.NormalFormGame` objects, so every normal-form solver
applies to them.

Examples
--------
>>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
>>> g = ExtensiveFormGame.from_tree(decision("A", {
...     "stop": terminal([1, 0]),
...     "go": decision("B", {"stop": terminal([0, 2]),
...                          "go": decision("A", {"stop": terminal([3, 1]),
...                                               "go": terminal([2, 4])})})}))
>>> rnf = reduced_normal_form(g)
>>> rnf.game.strategies
(('stop', 'go/stop', 'go/go'), ('stop', 'go'))
>>> agent_form(g).game.players
('A:1', 'A:2', 'B:1')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..budget import check_budget
from ..errors import InvalidGameError
from ..game import NormalFormGame

if TYPE_CHECKING:  # the game calls these functions (ExtensiveFormGame.agent_form, ...)
    from .game import ExtensiveFormGame

__all__ = [
    "ReducedNormalForm",
    "AgentForm",
    "reduced_normal_form",
    "agent_form",
    "reduced_strategies",
    "count_reduced_strategies",
    "MAX_CONVERSION_WORK",
]

#: Largest ``profiles x terminal nodes`` a conversion computes.
MAX_CONVERSION_WORK = 20_000_000


def reduced_strategies(
    game: ExtensiveFormGame, player: str | int
) -> tuple[tuple[int | None, ...], ...]:
    """A player's reduced pure strategies: per information set an action index, or None if unreachable.

    Without perfect recall every information set gets an action (the unreduced strategies).

    Examples
    --------
    >>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
    >>> g = ExtensiveFormGame.from_tree(decision("A", {"x": terminal([0]),
    ...     "y": decision("A", {"u": terminal([1]), "v": terminal([2])})}))
    >>> reduced_strategies(g, "A")
    ((0, None), (1, 0), (1, 1))
    """
    i = game.player_index(player)
    count = count_reduced_strategies(game, i)
    check_budget(
        f"listing player {game.players[i]!r}'s reduced pure strategies",
        count,
        MAX_CONVERSION_WORK,
        unit="strategies",
        advice="use method 'spe', 'lcp' or 'logit' (they work on the tree, not the normal form)",
    )
    sets = game.infosets[i]
    reduce = game.has_perfect_recall
    # with perfect recall a set is reachable iff the player's last own move on the way
    # to it was made (a set gets an action only when reachable): one look-up per set,
    # not the whole history (a chain thousands deep has histories thousands long)
    last = [game.last_move(s.nodes[0], i) for s in sets]
    # one information set at a time, without recursion (trees can be thousands deep)
    partials: list[list[int | None]] = [[]]
    for k in range(len(sets)):
        grown: list[list[int | None]] = []
        before = last[k]
        for partial in partials:
            if reduce and before is not None and partial[before[0]] != before[1]:
                grown.append([*partial, None])
            else:
                grown.extend([*partial, a] for a in range(len(sets[k].actions)))
        partials = grown
    return tuple(tuple(p) for p in partials)


def count_reduced_strategies(game: ExtensiveFormGame, player: str | int) -> int:
    """How many :func:`reduced_strategies` the player has, computed without listing them.

    With perfect recall, an information set's count is the sum over its actions of the
    product of the counts of the sets reached next by that action; the player's count
    is the product over the sets reached first. Without it, the product of the numbers
    of actions.

    Examples
    --------
    >>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
    >>> g = ExtensiveFormGame.from_tree(decision("A", {"x": terminal([0]),
    ...     "y": decision("A", {"u": terminal([1]), "v": terminal([2])})}))
    >>> count_reduced_strategies(g, "A")
    3
    """
    i = game.player_index(player)
    sets = game.infosets[i]
    if not game.has_perfect_recall:
        return math.prod(len(s.actions) for s in sets)
    last = [game.last_move(s.nodes[0], i) for s in sets]
    depth = [game.history_length(s.nodes[0], i) for s in sets]
    children: dict[tuple[int, int] | None, list[int]] = {}
    for k, move in enumerate(last):
        children.setdefault(move, []).append(k)
    value = [0] * len(sets)
    for k in sorted(range(len(sets)), key=lambda k: -depth[k]):  # deepest first
        value[k] = sum(
            math.prod(value[c] for c in children.get((k, a), ()))
            for a in range(len(sets[k].actions))
        )
    return math.prod(value[c] for c in children.get(None, ()))


def _labels(game: ExtensiveFormGame, i: int, strategies: Sequence[tuple]) -> tuple[str, ...]:
    sets = game.infosets[i]
    if not sets:
        return ("(no move)",)
    short = [
        "/".join(sets[s].actions[a] for s, a in enumerate(st) if a is not None) for st in strategies
    ]
    if len(set(short)) == len(short):
        return tuple(short)
    return tuple(
        "/".join("*" if a is None else sets[s].actions[a] for s, a in enumerate(st))
        for st in strategies
    )


def _consistent(
    game: ExtensiveFormGame, i: int, strategies: Sequence[tuple], node: int
) -> np.ndarray:
    if game.has_perfect_recall:  # reached iff the last own move on the way is played
        move = game.last_move(node, i)
        if move is None:
            return np.ones(len(strategies), dtype=bool)
        s, a = move
        return np.array([st[s] == a for st in strategies], dtype=bool)
    hist = game.move_history(node, i)
    return np.array([all(st[s] == a for s, a in hist) for st in strategies], dtype=bool)


def _chance_prob(game: ExtensiveFormGame, node: int) -> Fraction:
    p = Fraction(1)
    for n, a in game.path(node):
        if n.is_chance:
            p *= n.probabilities[a]
    return p


def _payoff_array(
    game: ExtensiveFormGame, masks: list[list[np.ndarray]], shape: tuple[int, ...]
) -> np.ndarray:
    work = math.prod(shape) * max(1, len(game.terminal_nodes))
    if work > MAX_CONVERSION_WORK:
        raise InvalidGameError(
            f"the normal form has {math.prod(shape):,} profiles x {len(game.terminal_nodes):,} "
            f"terminal nodes, more than the {MAX_CONVERSION_WORK:,} this conversion computes"
        )
    n = game.num_players
    out = np.empty((*shape, n), dtype=object)
    out[...] = Fraction(0)
    for z, node in enumerate(game.terminal_nodes):
        p = _chance_prob(game, node.index)
        if p == 0:
            continue
        sel = np.ix_(*[m[z] for m in masks])
        for j in range(n):
            v = p * node.payoffs[j]
            if v:
                block = out[..., j][sel]
                out[..., j][sel] = block + v
    return out


@dataclass(frozen=True)
class ReducedNormalForm:
    """The reduced normal form of a tree and the map back to behaviour strategies.

    Attributes
    ----------
    game : NormalFormGame
    extensive : ExtensiveFormGame
    strategies : tuple
        Per player, the reduced strategies (as returned by :func:`reduced_strategies`),
        in the order of ``game.strategies``.
    """

    game: NormalFormGame
    extensive: ExtensiveFormGame
    strategies: tuple[tuple[tuple[int | None, ...], ...], ...]

    def to_behavior(self, vectors: Sequence[Sequence[Any]]) -> tuple:
        """Behaviour strategies equivalent to a mixed profile (Kuhn's theorem).

        At an information set the player's own mixture cannot reach, the behaviour is
        uniform (it changes no payoff). Fractions in give Fractions out.
        """
        out = []
        for i, sets in enumerate(self.extensive.infosets):
            x = list(vectors[i])
            strategies = self.strategies[i]
            vecs = []
            for k, s in enumerate(sets):
                num = [
                    sum((x[j] for j, st in enumerate(strategies) if st[k] == a), x[0] * 0)
                    for a in range(len(s.actions))
                ]
                den = sum(num)
                if den == 0:
                    m = len(s.actions)
                    unit = Fraction(1, m) if isinstance(x[0], Fraction) else 1.0 / m
                    vecs.append(tuple(unit for _ in range(m)))
                else:
                    vecs.append(tuple(v / den for v in num))
            out.append(tuple(vecs))
        return tuple(out)


def reduced_normal_form(game: ExtensiveFormGame) -> ReducedNormalForm:
    """The reduced normal form of ``game`` (see the module docstring).

    Raises
    ------
    InvalidGameError
        When the normal form would be too large to compute (:data:`MAX_CONVERSION_WORK`).
    """
    counts = [max(1, count_reduced_strategies(game, i)) for i in range(game.num_players)]
    # checked before any strategy is listed: the table costs profiles x terminal nodes
    check_budget(
        f"the reduced normal form of this tree ({' x '.join(f'{c:,}' for c in counts)} "
        f"strategies, {len(game.terminal_nodes):,} terminal nodes)",
        math.prod(counts) * max(1, len(game.terminal_nodes)),
        MAX_CONVERSION_WORK,
        unit="profile-terminal pairs",
        advice="use a smaller tree, or to solve it method 'spe', 'lcp' or 'logit' (they "
        "work on the tree, not the normal form)",
    )
    strategies = tuple(reduced_strategies(game, i) for i in range(game.num_players))
    strategies = tuple(st if st else ((),) for st in strategies)
    shape = tuple(len(st) for st in strategies)
    masks = [
        [_consistent(game, i, strategies[i], z.index) for z in game.terminal_nodes]
        for i in range(game.num_players)
    ]
    payoffs = _payoff_array(game, masks, shape)
    labels = [_labels(game, i, strategies[i]) for i in range(game.num_players)]
    nfg = NormalFormGame(payoffs, players=game.players, strategies=labels, title=game.title)
    return ReducedNormalForm(nfg, game, strategies)


@dataclass(frozen=True)
class AgentForm:
    """The agent form of a tree: one player per information set.

    Attributes
    ----------
    game : NormalFormGame
    extensive : ExtensiveFormGame
    agents : tuple of (player index, infoset index)
        The information set behind each agent, in ``game.players`` order.
    """

    game: NormalFormGame
    extensive: ExtensiveFormGame
    agents: tuple[tuple[int, int], ...]

    def to_behavior(self, vectors: Sequence[Sequence[Any]]) -> tuple:
        """The behaviour profile whose information sets play the agents' mixtures."""
        per: list[list[Any]] = [[None] * len(s) for s in self.extensive.infosets]
        for (i, k), vec in zip(self.agents, vectors, strict=True):
            per[i][k] = tuple(vec)
        return tuple(tuple(p) for p in per)


def agent_form(game: ExtensiveFormGame) -> AgentForm:
    """The agent form of ``game`` (see the module docstring)."""
    agents = tuple((i, k) for i, sets in enumerate(game.infosets) for k in range(len(sets)))
    if not agents:
        raise InvalidGameError("the game has no decision nodes: its agent form has no players")
    names, seen = [], set()
    for i, k in agents:
        s = game.infosets[i][k]
        name = f"{game.players[i]}:{s.label or k + 1}"
        while name in seen:
            name += "'"
        seen.add(name)
        names.append(name)
    shape = tuple(len(game.infosets[i][k].actions) for i, k in agents)
    if math.prod(shape) > MAX_CONVERSION_WORK:
        raise InvalidGameError(f"the agent form has {math.prod(shape):,} profiles, too many")
    masks = []
    for i, k in agents:
        row = []
        for z in game.terminal_nodes:
            m = np.ones(shape[len(masks)], dtype=bool)
            for s, a in game.move_history(z.index, i):
                if s == k:
                    m = np.zeros_like(m)
                    m[a] = True
            row.append(m)
        masks.append(row)
    # one payoff per agent: its owner's
    owner_payoffs = _payoff_array(game, masks, shape)
    payoffs = np.stack([owner_payoffs[..., i] for i, _ in agents], axis=-1)
    labels = [game.infosets[i][k].actions for i, k in agents]
    nfg = NormalFormGame(payoffs, players=names, strategies=labels, title=game.title)
    return AgentForm(nfg, game, agents)
