"""Subgames of a tree: where they start, how to cut them out, and regret within each.

A node starts a **subgame** when it is not terminal, its information set (if any) has
it alone, and every information set that meets its subtree lies inside the subtree.
:func:`subtree_game` cuts a subtree out as a game of its own (optionally replacing
deeper subgames by terminal payoffs, as backward induction does), and
:func:`subgame_regret` measures how far a profile is from being an equilibrium in
every subgame: 0 exactly when it is subgame perfect.

Examples
--------
>>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
>>> g = ExtensiveFormGame.from_tree(decision("E", {"Out": terminal([0, 2]),
...     "In": decision("I", {"Fight": terminal([-1, -1]), "Accommodate": terminal([1, 1])})}))
>>> subgame_roots(g)
(0, 2)
>>> str(subgame_regret(g, ((( 0, 1),), ((1, 0),))))
'2'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .builder import TreeSpec
from .evaluate import player_regrets
from .game import ExtensiveFormGame

__all__ = ["subgame_roots", "subtree_game", "restrict_behavior", "subgame_regret"]


def subgame_roots(game: ExtensiveFormGame) -> tuple[int, ...]:
    """Indices of the nodes that start a subgame (the root always does unless it is terminal)."""
    nodes = game.nodes
    n = len(nodes)
    lo = list(range(n))
    hi = list(range(n))
    for sets in game.infosets:
        for s in sets:
            for k in s.nodes:
                lo[k], hi[k] = s.nodes[0], s.nodes[-1]
    end = [0] * n
    for node in reversed(nodes):
        k = node.index
        e = k + 1
        for c in node.children:
            lo[k] = min(lo[k], lo[c])
            hi[k] = max(hi[k], hi[c])
            e = max(e, end[c])
        end[k] = e
    return tuple(
        node.index
        for node in nodes
        if not node.is_terminal
        and lo[node.index] >= node.index
        and hi[node.index] < end[node.index]
    )


def subtree_game(
    game: ExtensiveFormGame,
    root: int,
    *,
    replace: Mapping[int, Sequence[Any]] | None = None,
) -> tuple[ExtensiveFormGame, tuple[int, ...]]:
    """The subtree at ``root`` as a game, and the original index of each of its nodes.

    Nodes in ``replace`` become terminal nodes with the given payoffs (their subtrees
    are dropped). Information sets keep their labels; players keep their order.
    """
    replace = dict(replace or {})
    specs: dict[int, TreeSpec] = {}
    rng = game.subtree(root)
    kept: list[int] = []
    for k in reversed(rng):
        node = game.nodes[k]
        if k in replace:
            specs[k] = TreeSpec("terminal", payoffs=tuple(replace[k]), label=node.label)
            continue
        if node.is_terminal:
            specs[k] = TreeSpec(
                "terminal", payoffs=node.payoffs, label=node.label, outcome=node.outcome
            )
            continue
        kids = tuple((a, specs[c]) for a, c in zip(node.actions, node.children, strict=True))
        if node.is_chance:
            specs[k] = TreeSpec("chance", kids, probabilities=node.probabilities, label=node.label)
        else:
            s = game.infoset_of(node)
            specs[k] = TreeSpec(
                "decision",
                kids,
                player=node.player,
                infoset=f"#{s.index}",
                infoset_label=s.label,
                label=node.label,
            )
    sub = ExtensiveFormGame.from_tree(specs[root], players=game.players, title=game.title)
    # pre-order of the new tree = pre-order of the original with replaced subtrees skipped
    k = root
    stop = rng.stop
    while k < stop:
        kept.append(k)
        k = game.subtree(k).stop if k in replace else k + 1
    return sub, tuple(kept)


def restrict_behavior(
    game: ExtensiveFormGame, sub: ExtensiveFormGame, node_map: Sequence[int], behavior: Sequence
) -> tuple:
    """The part of a behaviour array of ``game`` that lives in the cut-out game ``sub``."""
    out = []
    for i, sets in enumerate(sub.infosets):
        vecs = []
        for s in sets:
            original = game.nodes[node_map[s.nodes[0]]]
            vecs.append(tuple(behavior[i][original.infoset]))
        out.append(tuple(vecs))
    return tuple(out)


def subgame_regret(game: ExtensiveFormGame, behavior: Sequence) -> Any:
    """The largest regret of any player in any subgame (0 exactly for a subgame-perfect profile)."""
    worst = None
    for r in subgame_roots(game):
        if r == 0:
            sub, behav = game, behavior
        else:
            sub, node_map = subtree_game(game, r)
            behav = restrict_behavior(game, sub, node_map, behavior)
        regrets = player_regrets(sub, behav)
        top = max(regrets)
        worst = top if worst is None or top > worst else worst
    return 0 if worst is None else worst
