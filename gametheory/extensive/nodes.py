"""The parts of an extensive-form tree: :class:`Node` and :class:`Infoset`.

They live apart from :class:`~gametheory.extensive.game.ExtensiveFormGame` so that the
builder (:mod:`gametheory.extensive.builder`) can make nodes without importing the game
that is built from them: the package's imports then run one way, builder -> game.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Node", "Infoset", "MAX_NODES"]

#: Largest number of nodes a tree may have.
MAX_NODES = 1_000_000


@dataclass(frozen=True)
class Node:
    """One node of a game tree.

    Attributes
    ----------
    index : int
        Position in the pre-order traversal (``game.nodes[index] is node``).
    kind : {"decision", "chance", "terminal"}
    label : str
        The node's name ("" when it has none).
    parent : int or None
        Index of the parent node (None at the root).
    action : str or None
        The parent's action that leads here (None at the root).
    depth : int
        Number of moves from the root.
    children : tuple of int
        Child node indices, in action order.
    player : str or None
        Owner of a decision node.
    infoset : int or None
        For a decision node, the index of its information set among its owner's
        (``game.infosets[game.player_index(node.player)][node.infoset]``).
    actions : tuple of str
        Action labels (decision and chance nodes).
    probabilities : tuple of Fraction or None
        Chance probabilities, one per action.
    payoffs : tuple of Fraction or None
        Terminal payoffs, one per player in player order.
    outcome : str
        The terminal outcome's name ("" when it has none).
    """

    index: int
    kind: str
    label: str
    parent: int | None
    action: str | None
    depth: int
    children: tuple[int, ...]
    player: str | None = None
    infoset: int | None = None
    actions: tuple[str, ...] = ()
    probabilities: tuple[Fraction, ...] | None = None
    payoffs: tuple[Fraction, ...] | None = None
    outcome: str = ""

    @property
    def is_terminal(self) -> bool:
        """Whether the node ends the game."""
        return self.kind == "terminal"

    @property
    def is_chance(self) -> bool:
        """Whether nature moves here."""
        return self.kind == "chance"

    @property
    def is_decision(self) -> bool:
        """Whether a player moves here."""
        return self.kind == "decision"


@dataclass(frozen=True)
class Infoset:
    """An information set: decision nodes of one player that the player cannot tell apart.

    Attributes
    ----------
    player : str
    index : int
        Position among the player's information sets (pre-order of first appearance).
    label : str
        The name given in the tree or file ("" when none).
    actions : tuple of str
    nodes : tuple of int
        The member nodes' indices, in pre-order.
    """

    player: str
    index: int
    label: str
    actions: tuple[str, ...]
    nodes: tuple[int, ...]

    @property
    def name(self) -> str:
        """The label, or ``"PLAYER:k"`` (1-based) for an unlabelled information set."""
        return self.label or f"{self.player}:{self.index + 1}"
