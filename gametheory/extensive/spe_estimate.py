"""What listing a tree's subgame-perfect equilibria will cost, estimated before it starts.

:func:`~gametheory.extensive.spe.subgame_perfect` lists every pure subgame-perfect
equilibrium by combining each subgame's options; ties multiply them (a chain of ``t``
decisions where the mover is indifferent has ``2^t``), and the solver counts the
assignments it builds against :data:`~gametheory.extensive.spe.MAX_SPE_WORK`. Counted
as it goes, a tree tied everywhere spent seconds before the count ran out.

:func:`estimated_spe_work` predicts that count in one pass over the tree (linear in
its nodes): backward induction taking the first best action, noting at every decision
node alone in its information set how many actions tie (exact equality, as the solver
compares), then the solver's own bookkeeping replayed on those multiplicities:
a subgame at ``h`` gets ``min(cap, options of its inner subgames multiplied) x ties at h``
options, each costing the assignments of its inner subgames plus one. Where a tie
exists only for the first-best continuation (a later choice changes what ties above it)
the estimate can differ from the count; the solver still counts as it goes.

Examples
--------
>>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
>>> tied = decision("A", {"x": terminal([0]), "y": terminal([0])})
>>> estimated_spe_work(ExtensiveFormGame.from_tree(tied), cap=1000)
(2, 1)
"""

from __future__ import annotations

import math
from typing import Any

from .subgames import subgame_roots

__all__ = ["estimated_spe_work"]


def estimated_spe_work(game: Any, *, cap: int) -> tuple[int, int]:
    """``(assignments, tied decision nodes)`` the subgame-perfect listing is expected
    to build (see the module docstring); ``cap`` is the solver's ``max_equilibria``."""
    nodes = game.nodes
    n = len(nodes)
    value: list[Any] = [None] * n
    ties = [1] * n
    alone = [
        [len(s.nodes) == 1 for s in sets] for sets in getattr(game, "infosets", ())
    ]  # perfect-information decision nodes (the solver's one-node subgames)
    for k in range(n - 1, -1, -1):  # pre-order indices: children after their parent
        node = nodes[k]
        if node.is_terminal:
            value[k] = node.payoffs
        elif node.is_chance:
            kids = [value[c] for c in node.children]
            value[k] = tuple(
                sum(p * v[j] for p, v in zip(node.probabilities, kids, strict=True))
                for j in range(len(kids[0]))
            )
        else:
            i = game.players.index(node.player)
            kids = [value[c] for c in node.children]
            best = max(v[i] for v in kids)
            first = next(a for a, v in enumerate(kids) if v[i] == best)
            value[k] = kids[first]
            if alone[i][node.infoset]:
                ties[k] = sum(1 for v in kids if v[i] == best)
    roots = subgame_roots(game)
    is_root = set(roots)
    options: dict[int, int] = {}
    size: dict[int, int] = {}
    work = 0
    for h in reversed(roots):  # deeper subgames first (a root's inner roots come later)
        inner, stack = [], list(nodes[h].children)
        own = 1 if nodes[h].is_decision else 0
        while stack:
            k = stack.pop()
            if k in is_root:
                inner.append(k)
            else:
                own += nodes[k].is_decision
                stack.extend(nodes[k].children)
        combos = math.prod(options.pop(c) for c in inner)
        m = ties[h] if all(c in is_root or nodes[c].is_terminal for c in nodes[h].children) else 1
        combos = min(combos, -(-cap // m))  # the solver stops combining at ``cap`` options
        base = sum(size.pop(c) for c in inner)
        options[h] = combos * m
        size[h] = base + own
        work += combos * m * (base + 1)
    return work, sum(1 for t in ties if t > 1)
