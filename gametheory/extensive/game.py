"""Immutable extensive-form games: a tree of decision, chance and terminal nodes.

An :class:`ExtensiveFormGame` stores its nodes in **pre-order** (a node, then the
subtrees of its children from first to last: the order of a Gambit ``.efg`` file).
``game.nodes[k].index == k`` and ``game.root`` is ``game.nodes[0]``.

* A **decision node** belongs to a player and to one of that player's
  **information sets** (:class:`Infoset`); all nodes of an information set have the
  same actions.
* A **chance node** has actions with exact probabilities (:class:`fractions.Fraction`,
  summing to 1).
* A **terminal node** has one payoff per player (exact, in player order).

Each player's information sets are numbered in order of first appearance in the
pre-order traversal: ``game.infosets[i][k]`` is player ``i``'s ``k``-th information
set. Behaviour profiles (:mod:`gametheory.extensive.profile`) list one probability
vector per information set in that same order.

Build games with :func:`gametheory.extensive.builder.decision` and friends and
:meth:`ExtensiveFormGame.from_tree`, with :meth:`ExtensiveFormGame.from_dict`, or
read them from Gambit files (:func:`gametheory.io.efg.read_efg`).

Examples
--------
>>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
>>> g = ExtensiveFormGame.from_tree(
...     decision("Entrant", {
...         "Out": terminal({"Entrant": 0, "Incumbent": 2}),
...         "In": decision("Incumbent", {
...             "Fight": terminal({"Entrant": -1, "Incumbent": -1}),
...             "Accommodate": terminal({"Entrant": 1, "Incumbent": 1})})}),
...     title="Entry deterrence")
>>> [n.kind for n in g.nodes]
['decision', 'terminal', 'decision', 'terminal', 'terminal']
>>> g.infosets[1][0].actions, g.is_perfect_information
(('Fight', 'Accommodate'), True)
"""

from __future__ import annotations

import html
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import InvalidGameError, MethodNotApplicableError
from .builder import TreeSpec, build_tree, spec_from_dict
from .convert import agent_form, reduced_normal_form
from .nodes import MAX_NODES, Infoset, Node

if TYPE_CHECKING:  # pragma: no cover
    from ..game import NormalFormGame

__all__ = ["Node", "Infoset", "ExtensiveFormGame", "MAX_NODES"]


class ExtensiveFormGame:
    """A finite game in extensive form: players, a tree, information sets and payoffs.

    Build one with :meth:`from_tree`, :meth:`from_dict` or
    :func:`gametheory.io.efg.read_efg`; the constructor is not public.

    Examples
    --------
    >>> from gametheory.extensive import ExtensiveFormGame
    >>> g = ExtensiveFormGame.from_dict({
    ...     "title": "Matching pennies, sequential but unobserved",
    ...     "players": ["Even", "Odd"],
    ...     "tree": {"player": "Even", "moves": {
    ...         "H": {"player": "Odd", "infoset": "guess", "moves": {
    ...             "H": {"payoffs": [1, -1]}, "T": {"payoffs": [-1, 1]}}},
    ...         "T": {"player": "Odd", "infoset": "guess", "moves": {
    ...             "H": {"payoffs": [-1, 1]}, "T": {"payoffs": [1, -1]}}}}}})
    >>> g.infosets[1][0].nodes, g.is_perfect_information
    ((1, 4), False)
    """

    __slots__ = ("_nodes", "_players", "_title", "_infosets", "_own_history", "_key")

    def __init__(
        self,
        nodes: Sequence[Node],
        infosets: Sequence[Sequence[Infoset]],
        *,
        players: Sequence[str],
        title: str = "",
    ) -> None:
        self._nodes = tuple(nodes)
        self._infosets = tuple(tuple(s) for s in infosets)
        self._players = tuple(players)
        self._title = title
        self._own_history: _Histories | None = None
        self._key: tuple | None = None

    # ------------------------------------------------------------------ factories
    @classmethod
    def from_tree(
        cls,
        root: TreeSpec,
        *,
        players: Sequence[str] | None = None,
        title: str = "",
    ) -> ExtensiveFormGame:
        """Build a game from a tree of :func:`~gametheory.extensive.builder.decision`,
        :func:`~gametheory.extensive.builder.chance` and
        :func:`~gametheory.extensive.builder.terminal` specifications.

        Parameters
        ----------
        root : TreeSpec
        players : sequence of str, optional
            Player order (default: order of first appearance in the tree, then players
            named only in payoffs).
        title : str

        Examples
        --------
        >>> from gametheory.extensive import chance, terminal
        >>> g = ExtensiveFormGame.from_tree(
        ...     chance({"heads": ("1/2", terminal([1])), "tails": ("1/2", terminal([0]))}),
        ...     players=["Gambler"])
        >>> g.root.probabilities
        (Fraction(1, 2), Fraction(1, 2))
        """
        parts = build_tree(root, players=players, title=title)
        return cls(parts.nodes, parts.infosets, players=parts.players, title=parts.title)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExtensiveFormGame:
        """Build a game from nested dicts: ``{"players": [...], "title": ..., "tree": NODE}``.

        A NODE is ``{"player": P, "moves": {ACTION: NODE}, "infoset": LABEL, "label": L}``
        (decision), ``{"chance": {ACTION: PROBABILITY}, "moves": {ACTION: NODE}}`` (chance)
        or ``{"payoffs": {PLAYER: VALUE} or [VALUE, ...], "outcome": NAME}`` (terminal).
        Decision nodes of one player with the same ``"infoset"`` label form one
        information set; without a label a node is alone in its information set.

        Examples
        --------
        >>> g = ExtensiveFormGame.from_dict({"players": ["A"], "tree": {
        ...     "player": "A", "moves": {"x": {"payoffs": [1]}, "y": {"payoffs": [2]}}}})
        >>> g.infosets[0][0].actions
        ('x', 'y')
        """
        if not isinstance(data, Mapping):
            raise InvalidGameError(
                f"game must be a mapping with a 'tree', got {type(data).__name__}"
            )
        unknown = sorted(set(data) - {"players", "title", "tree"})
        if unknown:
            raise InvalidGameError(
                f"game: unknown key {unknown[0]!r}; expected 'players', 'title', 'tree'"
            )
        if "tree" not in data:
            raise InvalidGameError("game: missing 'tree'")
        players = data.get("players")
        return cls.from_tree(
            spec_from_dict(data["tree"], where="tree"),
            players=None if players is None else list(players),
            title=str(data.get("title", "")),
        )

    # ---------------------------------------------------------------- properties
    @property
    def players(self) -> tuple[str, ...]:
        """Player names, in order (chance is not a player)."""
        return self._players

    @property
    def title(self) -> str:
        """The game's title (may be empty)."""
        return self._title

    @property
    def num_players(self) -> int:
        """Number of players."""
        return len(self._players)

    @property
    def nodes(self) -> tuple[Node, ...]:
        """All nodes in pre-order."""
        return self._nodes

    @property
    def root(self) -> Node:
        """The root node."""
        return self._nodes[0]

    @property
    def infosets(self) -> tuple[tuple[Infoset, ...], ...]:
        """Each player's information sets, in pre-order of first appearance."""
        return self._infosets

    @property
    def terminal_nodes(self) -> tuple[Node, ...]:
        """Terminal nodes in pre-order."""
        return tuple(n for n in self._nodes if n.is_terminal)

    def player_index(self, player: str | int) -> int:
        """Index of a player given by name (or index)."""
        if isinstance(player, int) and not isinstance(player, bool):
            if 0 <= player < self.num_players:
                return player
            raise InvalidGameError(
                f"player index {player} out of range for {self.num_players} players"
            )
        try:
            return self._players.index(player)  # type: ignore[arg-type]
        except ValueError:
            raise InvalidGameError(
                f"unknown player {player!r}; players are {', '.join(self._players)}"
            ) from None

    def infoset_of(self, node: Node | int) -> Infoset:
        """The information set of a decision node."""
        n = self._nodes[node] if isinstance(node, int) else node
        if not n.is_decision:
            raise InvalidGameError(f"node {n.index} is a {n.kind} node, not a decision node")
        return self._infosets[self._players.index(n.player)][n.infoset]

    def find_infoset(self, player: str | int, infoset: str | int) -> Infoset:
        """A player's information set by label, name (``"P:k"``) or index."""
        i = self.player_index(player)
        sets = self._infosets[i]
        if isinstance(infoset, int) and not isinstance(infoset, bool):
            if 0 <= infoset < len(sets):
                return sets[infoset]
        else:
            for s in sets:
                if infoset in (s.label, s.name):
                    return s
        raise InvalidGameError(
            f"unknown information set {infoset!r} of player {self._players[i]!r}; "
            f"it has {', '.join(s.name for s in sets) or 'none'}"
        )

    def walk(self) -> Iterator[Node]:
        """The nodes in pre-order (the order of a ``.efg`` file)."""
        return iter(self._nodes)

    def path(self, node: Node | int) -> tuple[tuple[Node, int], ...]:
        """The moves from the root to ``node``: ``(node_on_path, action_index)`` pairs."""
        n = self._nodes[node] if isinstance(node, int) else node
        out = []
        while n.parent is not None:
            parent = self._nodes[n.parent]
            out.append((parent, parent.children.index(n.index)))
            n = parent
        return tuple(reversed(out))

    def subtree(self, node: Node | int) -> range:
        """Indices of the nodes of the subtree rooted at ``node`` (a pre-order range)."""
        n = self._nodes[node] if isinstance(node, int) else node
        end = n.index + 1
        while end < len(self._nodes) and self._is_below(end, n.index):
            end += 1
        return range(n.index, end)

    def _is_below(self, k: int, top: int) -> bool:
        d = self._nodes[top].depth
        return self._nodes[k].depth > d

    # ------------------------------------------------------------ structure checks
    @property
    def is_perfect_information(self) -> bool:
        """Whether every information set has one node."""
        return all(len(s.nodes) == 1 for sets in self._infosets for s in sets)

    def own_history(self, node: Node | int) -> tuple[tuple[int, int], ...]:
        """The ``(infoset, action)`` moves of the node's owner on the path to it."""
        n = self._nodes[node] if isinstance(node, int) else node
        return self.move_history(n, self._players.index(n.player) if n.player else 0)

    def move_history(self, node: Node | int, player: str | int) -> tuple[tuple[int, int], ...]:
        """The ``(infoset, action)`` index pairs of ``player``'s moves on the path to ``node``."""
        table = self._history_table()
        h = self._history_id(node, player)
        out = []
        while h:
            out.append(table.last[h])
            h = table.parent[h]
        return tuple(reversed(out))

    def last_move(self, node: Node | int, player: str | int) -> tuple[int, int] | None:
        """The last ``(infoset, action)`` of ``player`` on the path to ``node`` (None if none).

        Constant time, unlike :meth:`move_history` (whose length is the depth).
        """
        h = self._history_id(node, player)
        return self._history_table().last[h] if h else None

    def history_length(self, node: Node | int, player: str | int) -> int:
        """How many moves ``player`` made on the path to ``node`` (constant time)."""
        return self._history_table().length[self._history_id(node, player)]

    def _history_id(self, node: Node | int, player: str | int) -> int:
        n = self._nodes[node] if isinstance(node, int) else node
        return self._history_table().ids[n.index][self.player_index(player)]

    def _history_table(self) -> _Histories:
        if self._own_history is None:
            self._own_history = _Histories.of(self)
        return self._own_history

    def perfect_recall_violation(self) -> str | None:
        """None if every player has perfect recall, else a sentence saying where it fails.

        A player has perfect recall when all nodes of each of their information sets
        follow the same sequence of that player's own moves.

        Examples
        --------
        >>> from gametheory.extensive import ExtensiveFormGame
        >>> g = ExtensiveFormGame.from_dict({"players": ["A"], "tree": {
        ...     "player": "A", "moves": {
        ...         "l": {"player": "A", "infoset": "later", "moves": {
        ...             "x": {"payoffs": [1]}, "y": {"payoffs": [0]}}},
        ...         "r": {"player": "A", "infoset": "later", "moves": {
        ...             "x": {"payoffs": [0]}, "y": {"payoffs": [2]}}}}}})
        >>> g.perfect_recall_violation()
        "player 'A' forgets at information set 'later': its nodes follow different own moves ('l' and 'r')"
        """
        for i, sets in enumerate(self._infosets):
            for s in sets:
                first_id = self._history_id(s.nodes[0], i)
                for k in s.nodes[1:]:
                    if self._history_id(k, i) != first_id:  # interned: equal ids, equal moves
                        first, other = self.move_history(s.nodes[0], i), self.move_history(k, i)
                        return (
                            f"player {self._players[i]!r} forgets at information set {s.name!r}: "
                            f"its nodes follow different own moves ({self._moves_text(i, first)} "
                            f"and {self._moves_text(i, other)})"
                        )
        return None

    def _moves_text(self, i: int, hist: tuple) -> str:
        if not hist:
            return "no move"
        return ", ".join(repr(self._infosets[i][s].actions[a]) for s, a in hist)

    @property
    def has_perfect_recall(self) -> bool:
        """Whether every player remembers their own past moves (see :meth:`perfect_recall_violation`)."""
        return self.perfect_recall_violation() is None

    def require_perfect_recall(self, method: str) -> None:
        """Raise :class:`MethodNotApplicableError` (one line) if the game lacks perfect recall."""
        why = self.perfect_recall_violation()
        if why is not None:
            raise MethodNotApplicableError(
                f"method {method!r} needs a game with perfect recall; {why}"
            )

    def is_zero_sum(self) -> bool:
        """Whether the payoffs at every terminal node sum to the same constant."""
        sums = {sum(n.payoffs) for n in self._nodes if n.is_terminal}
        return len(sums) <= 1

    @property
    def payoff_scale(self) -> float:
        """The factor by which regret tolerances scale: the largest spread ``max - min``
        of a player's terminal payoffs (their largest magnitude if every spread is 0).

        No absolute floor, as for normal-form games
        (:func:`gametheory.solvers._common.payoff_scales`): a tree times 1e-12 has the
        same equilibria.
        """
        rows = [[float(v) for v in n.payoffs] for n in self.terminal_nodes]
        if not rows or not rows[0]:
            return 1.0
        cols = list(zip(*rows, strict=True))
        big = sys.float_info.max
        spread = max(min(max(c) / 2 - min(c) / 2, big / 2) * 2 for c in cols)
        # an all-zero tree: 1 (every regret there is exactly 0)
        return spread if spread > 0 else (max(abs(v) for c in cols for v in c) or 1.0)

    # ------------------------------------------------------------- conversions
    def reduced_normal_form(self) -> NormalFormGame:
        """The reduced normal form (see :func:`gametheory.extensive.convert.reduced_normal_form`)."""
        return reduced_normal_form(self).game

    def agent_form(self) -> NormalFormGame:
        """The agent form (see :func:`gametheory.extensive.convert.agent_form`)."""
        return agent_form(self).game

    # ------------------------------------------------------------------ display
    def _structure(self) -> tuple:
        if self._key is None:
            self._key = (
                self._title,
                self._players,
                tuple(
                    (
                        n.kind,
                        n.label,
                        n.children,
                        n.player,
                        n.infoset,
                        n.actions,
                        n.probabilities,
                        n.payoffs,
                        n.outcome,
                    )
                    for n in self._nodes
                ),
                tuple(
                    tuple((s.label, s.actions, s.nodes) for s in sets) for sets in self._infosets
                ),
            )
        return self._key

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExtensiveFormGame):
            return NotImplemented
        return self._structure() == other._structure()

    def __hash__(self) -> int:
        return hash(self._structure())

    def __repr__(self) -> str:
        sets = sum(len(s) for s in self._infosets)
        title = f" {self._title!r}" if self._title else ""
        return (
            f"<ExtensiveFormGame{title} players={list(self._players)} nodes={len(self._nodes)} "
            f"terminal={len(self.terminal_nodes)} infosets={sets}>"
        )

    def to_text(self) -> str:
        """An indented outline of the tree, one node per line."""
        lines = []
        for n in self._nodes:
            pad = "  " * n.depth
            move = f"{n.action}: " if n.action is not None else ""
            if n.is_terminal:
                pays = ", ".join(f"{p}={v}" for p, v in zip(self._players, n.payoffs, strict=True))
                lines.append(f"{pad}{move}({pays})")
            elif n.is_chance:
                probs = ", ".join(
                    f"{a} {p}" for a, p in zip(n.actions, n.probabilities, strict=True)
                )
                lines.append(f"{pad}{move}chance [{probs}]")
            else:
                s = self.infoset_of(n)
                lines.append(f"{pad}{move}{n.player} @ {s.name}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}\n{html.escape(self.to_text())}</pre>"


class _Histories:
    """Every node's history of each player's own moves, interned and shared.

    A history is an id: 0 is the empty history, and id ``h`` is history
    ``parent[h]`` followed by the move ``last[h]`` (``length[h]`` moves in all). Equal
    histories get equal ids, so perfect recall is checked by comparing ids, and a
    chain thousands deep costs memory linear in its size (a tuple per node would be
    quadratic). ``ids[node][player]`` is the history at a node.
    """

    __slots__ = ("ids", "parent", "last", "length")

    def __init__(self) -> None:
        self.ids: list[tuple[int, ...]] = []
        self.parent: list[int] = [0]
        self.last: list[tuple[int, int]] = [(-1, -1)]
        self.length: list[int] = [0]

    @classmethod
    def of(cls, game: ExtensiveFormGame) -> _Histories:
        table = cls()
        players = game.players
        nodes = game.nodes
        interned: dict[tuple[int, int, int], int] = {}
        empty = tuple(0 for _ in players)
        ids: list[tuple[int, ...]] = [empty] * len(nodes)
        for parent in nodes:  # pre-order: a node's history is set before its children's
            h = ids[parent.index]
            if not parent.is_decision:
                for c in parent.children:
                    ids[c] = h
                continue
            i = players.index(parent.player)
            for a, c in enumerate(parent.children):
                key = (h[i], parent.infoset, a)
                new = interned.get(key)
                if new is None:
                    new = interned[key] = len(table.parent)
                    table.parent.append(key[0])
                    table.last.append((key[1], key[2]))
                    table.length.append(table.length[key[0]] + 1)
                ids[c] = (*h[:i], new, *h[i + 1 :])
        table.ids = ids
        return table
