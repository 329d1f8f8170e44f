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
from .evaluate import _move_prob, best_response_values, node_values
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
    are dropped, and never visited: cutting out each stage of a long chain stays linear).
    Information sets keep their labels; players keep their order.
    """
    replace = dict(replace or {})
    kept: list[int] = []  # pre-order of the new tree, replaced subtrees skipped
    stack = [root]
    while stack:
        k = stack.pop()
        kept.append(k)
        if k not in replace:
            stack.extend(reversed(game.nodes[k].children))
    specs: dict[int, TreeSpec] = {}
    for k in reversed(kept):
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
    """The largest regret of any player in any subgame (0 exactly for a subgame-perfect profile).

    Deepest subgames first: a player's best payoff in a subgame is its best payoff in
    the subgame's own part with each inner subgame replaced by the player's best payoff
    there (the player's information sets in an inner subgame lie inside it, so a best
    response there does not depend on play above). Each node is visited once per pass,
    not once per subgame above it (cutting out each whole subgame was quadratic: over a
    minute on a chain 600 moves deep). On a tree of perfect information the pass is
    plain backward induction.
    """
    if game.is_perfect_information:
        return _perfect_information_regret(game, behavior)
    roots = subgame_roots(game)
    values = node_values(game, behavior)
    is_root = set(roots)
    best: dict[int, tuple] = {}
    worst = None
    for r in reversed(roots):  # a root's inner roots come after it in pre-order
        inner, stack = [], list(game.nodes[r].children)
        while stack:
            k = stack.pop()
            if k in is_root:
                inner.append(k)
            else:
                stack.extend(game.nodes[k].children)
        sub, node_map = subtree_game(game, r, replace={c: best.pop(c) for c in inner})
        best[r] = tuple(best_response_values(sub, restrict_behavior(game, sub, node_map, behavior)))
        for i, b in enumerate(best[r]):
            gain = b - values[r][i]
            worst = gain if worst is None or gain > worst else worst
    return 0 if worst is None else max(worst, worst * 0)


def _perfect_information_regret(game: ExtensiveFormGame, behavior: Sequence) -> Any:
    """:func:`subgame_regret` of a perfect-information tree in one pass per player."""

    values = node_values(game, behavior)
    nodes = game.nodes
    worst = None
    for i, player in enumerate(game.players):
        best: list[Any] = [None] * len(nodes)
        for n in reversed(nodes):  # children after their parent in pre-order
            k = n.index
            if n.is_terminal:
                best[k] = n.payoffs[i]
                continue
            if n.is_decision and n.player == player:
                best[k] = max(best[c] for c in n.children)
            else:
                best[k] = sum(
                    _move_prob(game, behavior, n, a) * best[c] for a, c in enumerate(n.children)
                )
            gain = best[k] - values[k][i]
            worst = gain if worst is None or gain > worst else worst
    return 0 if worst is None else max(worst, worst * 0)
