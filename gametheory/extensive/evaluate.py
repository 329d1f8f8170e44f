"""Evaluating behaviour strategies on a tree: reach probabilities, payoffs, best responses, regret.

A *behaviour array* here is a tuple with one entry per player, each a tuple with one
probability vector per information set (in the order of ``game.infosets``). The
functions work with :class:`fractions.Fraction` (exact) or float entries alike.

Regret is the largest gain a player could make by changing their whole behaviour
strategy (a best response computed on the tree). With perfect recall the best
response is found information set by information set, deepest first; without it the
player's pure strategies are enumerated (refused past :data:`MAX_PURE_STRATEGIES`).

Examples
--------
>>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
>>> g = ExtensiveFormGame.from_tree(decision("A", {"x": terminal([1, 0]),
...     "y": decision("B", {"u": terminal([2, 1]), "v": terminal([0, 2])})}))
>>> b = (((0, 1),), ((1, 0),))
>>> [str(v) for v in expected_payoffs(g, b)], [str(v) for v in player_regrets(g, b)]
(['2', '1'], ['0', '1'])
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

from ..errors import MethodNotApplicableError
from .game import ExtensiveFormGame

__all__ = [
    "reach_probabilities",
    "node_values",
    "expected_payoffs",
    "best_response_values",
    "player_regrets",
    "action_values",
    "MAX_PURE_STRATEGIES",
]

#: Largest number of pure strategies enumerated for a best response without perfect recall.
MAX_PURE_STRATEGIES = 65_536


def _move_prob(game: ExtensiveFormGame, behavior: Sequence, node, a: int) -> Any:
    if node.is_chance:
        return node.probabilities[a]
    return behavior[game.players.index(node.player)][node.infoset][a]


def reach_probabilities(
    game: ExtensiveFormGame, behavior: Sequence, *, exclude: int | None = None
) -> list:
    """Probability of reaching each node (in pre-order).

    With ``exclude=i`` player ``i``'s own moves count as probability 1 (the
    "opponents and chance" reach used for best responses and beliefs).
    """
    one = _one(behavior)
    reach = [one] * len(game.nodes)
    for n in game.nodes:
        if n.is_terminal:
            continue
        mine = n.is_decision and exclude is not None and game.players.index(n.player) == exclude
        for a, c in enumerate(n.children):
            reach[c] = reach[n.index] if mine else reach[n.index] * _move_prob(game, behavior, n, a)
    return reach


def _one(behavior: Sequence) -> Any:
    for player in behavior:
        for vec in player:
            if len(vec):
                return type(vec[0])(1) if not isinstance(vec[0], bool) else 1
    return 1


def node_values(game: ExtensiveFormGame, behavior: Sequence) -> list[tuple]:
    """Expected payoff vector (one entry per player) at each node, given play from there on."""
    values: list[Any] = [None] * len(game.nodes)
    zero = _one(behavior) * 0
    for n in reversed(game.nodes):
        if n.is_terminal:
            values[n.index] = n.payoffs
            continue
        acc = [zero] * game.num_players
        for a, c in enumerate(n.children):
            p = _move_prob(game, behavior, n, a)
            if p:
                acc = [x + p * v for x, v in zip(acc, values[c], strict=True)]
        values[n.index] = tuple(acc)
    return values


def expected_payoffs(game: ExtensiveFormGame, behavior: Sequence) -> list:
    """Each player's expected payoff at the root."""
    return list(node_values(game, behavior)[0])


def action_values(
    game: ExtensiveFormGame, behavior: Sequence, *, values: list | None = None
) -> list:
    """For each node, the owner's (or for chance nodes, nobody's) payoff vector after each action.

    Returns a list indexed by node: a tuple of payoff vectors, one per action
    (empty for terminal nodes).
    """
    values = node_values(game, behavior) if values is None else values
    return [tuple(values[c] for c in n.children) for n in game.nodes]


def best_response_values(game: ExtensiveFormGame, behavior: Sequence) -> list:
    """Each player's best payoff against the others' behaviour (and chance)."""
    out = []
    recall = game.has_perfect_recall
    for i in range(game.num_players):
        out.append(_br_recall(game, behavior, i) if recall else _br_enumerate(game, behavior, i))
    return out


def _br_recall(game: ExtensiveFormGame, behavior: Sequence, i: int) -> Any:
    reach = reach_probabilities(game, behavior, exclude=i)
    player = game.players[i]
    choice: dict[int, int] = {}
    memo: dict[int, Any] = {}
    nodes = game.nodes

    def value(k: int) -> Any:
        if k in memo:
            return memo[k]
        n = nodes[k]
        if n.is_terminal:
            v = n.payoffs[i]
        elif n.is_decision and n.player == player:
            v = value(n.children[best(n.infoset)])
        else:
            v = sum(_move_prob(game, behavior, n, a) * value(c) for a, c in enumerate(n.children))
        memo[k] = v
        return v

    def best(s: int) -> int:
        if s not in choice:
            infoset = game.infosets[i][s]
            totals = [
                sum(reach[h] * value(nodes[h].children[a]) for h in infoset.nodes)
                for a in range(len(infoset.actions))
            ]
            choice[s] = max(range(len(totals)), key=lambda a: totals[a])
        return choice[s]

    # resolve deep information sets first so the recursion stays shallow
    for s in sorted(
        range(len(game.infosets[i])),
        key=lambda s: -game.history_length(game.infosets[i][s].nodes[0], i),
    ):
        best(s)
    return value(0)


def _br_enumerate(game: ExtensiveFormGame, behavior: Sequence, i: int) -> Any:
    sets = game.infosets[i]
    count = math.prod(len(s.actions) for s in sets)
    if count > MAX_PURE_STRATEGIES:
        raise MethodNotApplicableError(
            f"player {game.players[i]!r} has imperfect recall and {count:,} pure strategies, "
            f"more than the {MAX_PURE_STRATEGIES:,} a best response may enumerate"
        )
    one = _one(behavior)
    best = None
    for pure in itertools.product(*(range(len(s.actions)) for s in sets)):
        vecs = tuple(
            tuple(one if a == c else one * 0 for a in range(len(s.actions)))
            for s, c in zip(sets, pure, strict=True)
        )
        trial = tuple(vecs if j == i else behavior[j] for j in range(game.num_players))
        v = node_values(game, trial)[0][i]
        best = v if best is None or v > best else best
    return best


def player_regrets(game: ExtensiveFormGame, behavior: Sequence) -> list:
    """Each player's gain from a best response (0 at an equilibrium)."""
    pay = expected_payoffs(game, behavior)
    br = best_response_values(game, behavior)
    return [max(b - u, u * 0) for b, u in zip(br, pay, strict=True)]
