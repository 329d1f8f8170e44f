"""Where each node of a game tree goes, and what is written next to it.

:func:`layout_tree` places leaves left to right in pre-order, one unit apart, each
inner node above the middle of its children, one level per move. It collects every
label a drawing shows -- the owner of each decision node, the action on each edge
(with the chance probability, or the equilibrium probability of a mixed action),
the payoffs under each leaf, and the information sets joining nodes -- so that the
matplotlib and TikZ renderers (:mod:`gametheory.drawing.tree`) draw the same thing.

With a behaviour profile (any solver's :class:`~gametheory.extensive.BehaviorProfile`)
the layout marks the actions played with positive probability and the nodes
reached with positive probability (the equilibrium path).

Examples
--------
>>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
>>> g = ExtensiveFormGame.from_tree(decision("A", {"x": terminal([1, 0]),
...     "y": decision("B", {"u": terminal([2, 1]), "v": terminal([0, 2])})}))
>>> lay = layout_tree(g)
>>> lay.x, lay.y
((0.75, 0.0, 1.5, 1.0, 2.0), (0.0, -1.0, -1.0, -2.0, -2.0))
>>> lay.edge_labels
{1: 'x', 2: 'y', 3: 'u', 4: 'v'}
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

__all__ = ["TreeLayout", "layout_tree", "format_fraction"]

MAX_DRAWN_NODES = 2_000


def format_fraction(x: Any) -> str:
    """``1/3`` for Fractions, ``0.25`` style for floats (6 significant digits).

    Examples
    --------
    >>> format_fraction(Fraction(2, 6)), format_fraction(0.5), format_fraction(Fraction(3))
    ('1/3', '0.5', '3')
    """
    if isinstance(x, Fraction):
        return str(x)
    f = float(x)
    return str(int(f)) if f.is_integer() else f"{f:.6g}"


@dataclass(frozen=True)
class TreeLayout:
    """Positions and labels of a game tree drawing.

    Attributes
    ----------
    game : ExtensiveFormGame
    x, y : tuple of float
        Per node (pre-order); ``y`` is minus the depth.
    node_labels : dict of int to str
        Owner of each decision node ("Chance" at chance nodes).
    edge_labels : dict of int to str
        For each non-root node, the label of the edge into it.
    payoff_labels : dict of int to str
        For each terminal node, ``"(u1, u2, ...)"``.
    infosets : tuple of (str, tuple of int)
        Information sets with more than one node: name and member nodes.
    chosen : frozenset of int
        Nodes whose incoming action has positive probability under the profile.
    on_path : frozenset of int
        Nodes reached with positive probability (chance included).
    """

    game: Any
    x: tuple[float, ...]
    y: tuple[float, ...]
    node_labels: dict[int, str]
    edge_labels: dict[int, str]
    payoff_labels: dict[int, str]
    infosets: tuple[tuple[str, tuple[int, ...]], ...]
    chosen: frozenset[int]
    on_path: frozenset[int]

    @property
    def width(self) -> float:
        """Horizontal extent (leaf units)."""
        return max(self.x) - min(self.x)

    @property
    def depth(self) -> int:
        """Number of levels below the root."""
        return int(-min(self.y))

    def all_labels(self) -> list[str]:
        """Every text the drawing shows (for checks that a file holds them all)."""
        out = list(self.node_labels.values()) + list(self.edge_labels.values())
        out += list(self.payoff_labels.values()) + [name for name, _ in self.infosets]
        if self.game.title:
            out.append(self.game.title)
        return out


def layout_tree(game: Any, *, profile: Any = None) -> TreeLayout:
    """Lay out an extensive-form game (see the module docstring).

    Parameters
    ----------
    game : ExtensiveFormGame
    profile : BehaviorProfile, optional
        Marks the equilibrium's actions and path.

    Returns
    -------
    TreeLayout
    """
    from ..errors import InvalidGameError

    nodes = game.nodes
    if len(nodes) > MAX_DRAWN_NODES:
        raise InvalidGameError(
            f"the tree has {len(nodes):,} nodes; drawings stop at {MAX_DRAWN_NODES:,}"
        )
    x = [0.0] * len(nodes)
    y = [0.0] * len(nodes)
    leaf = 0
    for n in reversed(nodes):  # children come after their parent in pre-order
        y[n.index] = -float(n.depth) if n.depth else 0.0
    for n in nodes:
        if n.is_terminal:
            x[n.index] = float(leaf)
            leaf += 1
    for n in reversed(nodes):
        if n.children:
            x[n.index] = (x[n.children[0]] + x[n.children[-1]]) / 2
    probs = profile.probabilities if profile is not None else None
    node_labels: dict[int, str] = {}
    edge_labels: dict[int, str] = {}
    chosen: set[int] = set()
    for n in nodes:
        if n.is_decision:
            node_labels[n.index] = n.player
        elif n.is_chance:
            node_labels[n.index] = "Chance"
        for a, (act, child) in enumerate(zip(n.actions, n.children, strict=True)):
            if n.is_chance:
                edge_labels[child] = f"{act} ({format_fraction(n.probabilities[a])})"
                chosen.add(child)
                continue
            label = act
            if probs is not None:
                p = probs[game.players.index(n.player)][n.infoset][a]
                if p > 0:
                    chosen.add(child)
                if 0 < p < 1:
                    label = f"{act} [{format_fraction(p)}]"
            edge_labels[child] = label
    payoff_labels = {
        n.index: "(" + ", ".join(format_fraction(v) for v in n.payoffs) + ")"
        for n in nodes
        if n.is_terminal
    }
    infosets = tuple((s.name, s.nodes) for sets in game.infosets for s in sets if len(s.nodes) > 1)
    on_path: frozenset[int] = frozenset()
    if profile is not None:
        reach = profile.reach_probabilities()
        on_path = frozenset(k for k, r in enumerate(reach) if r > 0)
    return TreeLayout(
        game=game,
        x=tuple(x),
        y=tuple(y),
        node_labels=node_labels,
        edge_labels=edge_labels,
        payoff_labels=payoff_labels,
        infosets=infosets,
        chosen=frozenset(chosen) if profile is not None else frozenset(),
        on_path=on_path,
    )
