"""Building game trees: :func:`decision`, :func:`chance` and :func:`terminal` specifications.

A tree is written as nested calls, then turned into an immutable
:class:`~gametheory.extensive.game.ExtensiveFormGame` by
:meth:`ExtensiveFormGame.from_tree <gametheory.extensive.game.ExtensiveFormGame.from_tree>`
(which calls :func:`build_tree`). Nested dicts (:func:`spec_from_dict`) become the same
specifications, so both routes share one set of checks and messages.

Examples
--------
>>> from gametheory.extensive import ExtensiveFormGame, chance, decision, terminal
>>> g = ExtensiveFormGame.from_tree(chance({
...     "strong": ("9/10", decision("Sender", {"beer": terminal([1, 0]),
...                                           "quiche": terminal([0, 0])}, infoset="s")),
...     "weak": ("1/10", decision("Sender", {"beer": terminal([0, 1]),
...                                         "quiche": terminal([1, 1])}, infoset="w"))}),
...     players=["Sender", "Receiver"])
>>> [s.label for s in g.infosets[0]], g.root.probabilities
(['s', 'w'], (Fraction(9, 10), Fraction(1, 10)))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

from ..errors import InvalidGameError
from ..game import to_fraction
from .nodes import MAX_NODES, Infoset, Node

__all__ = [
    "TreeSpec",
    "TreeParts",
    "decision",
    "chance",
    "terminal",
    "build_tree",
    "spec_from_dict",
]


class TreeParts(NamedTuple):
    """What :func:`build_tree` makes of a specification: the parts of a game."""

    nodes: list[Node]
    infosets: list[list[Infoset]]
    players: tuple[str, ...]
    title: str


@dataclass(frozen=True)
class TreeSpec:
    """A node specification (made by :func:`decision`, :func:`chance` or :func:`terminal`).

    ``infoset`` is the key that groups decision nodes of one player into an information
    set; ``infoset_label``, when given, is the label shown instead of the key (file
    readers key information sets by number and label them by name).
    """

    kind: str
    children: tuple[tuple[str, TreeSpec], ...] = ()
    player: str | None = None
    infoset: str | None = None
    probabilities: tuple[Fraction, ...] | None = None
    payoffs: Any = None
    label: str = ""
    outcome: str = ""
    infoset_label: str | None = None


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidGameError(f"{what} must be text, got {value!r}")
    return value


def _moves(moves: Any, where: str) -> tuple[tuple[str, TreeSpec], ...]:
    if not isinstance(moves, Mapping) or not moves:
        raise InvalidGameError(f"{where}: moves must be a non-empty mapping of action to subtree")
    out = []
    for action, sub in moves.items():
        action = _text(action, f"{where}: action label")
        if not action.strip():
            raise InvalidGameError(f"{where}: an action label is empty")
        if not isinstance(sub, TreeSpec):
            raise InvalidGameError(
                f"{where}: action {action!r} must lead to decision(), chance() or terminal(), "
                f"got {type(sub).__name__}"
            )
        out.append((action, sub))
    return tuple(out)


def decision(
    player: str,
    moves: Mapping[str, TreeSpec],
    *,
    infoset: str | None = None,
    label: str = "",
) -> TreeSpec:
    """A decision node of ``player`` with ``{action: subtree}`` moves.

    Nodes of the same player with the same ``infoset`` label form one information
    set (they must offer the same actions in the same order); without a label the
    node is alone in its information set.

    Examples
    --------
    >>> decision("A", {"x": terminal([1])}).kind
    'decision'
    """
    player = _text(player, "player")
    if not player.strip():
        raise InvalidGameError("a decision node's player name is empty")
    if infoset is not None:
        infoset = _text(infoset, f"information set of {player!r}")
    return TreeSpec(
        "decision",
        _moves(moves, f"node of {player!r}"),
        player=player,
        infoset=infoset,
        label=_text(label, "node label"),
    )


def chance(
    moves: Mapping[str, tuple[Any, TreeSpec]],
    *,
    label: str = "",
) -> TreeSpec:
    """A chance node with ``{action: (probability, subtree)}`` moves.

    Probabilities are read exactly (``"1/3"``, ``Fraction(1, 3)``, ``0.25``) and must
    be non-negative and sum to 1.

    Examples
    --------
    >>> chance({"H": ("1/2", terminal([1])), "T": (0.5, terminal([0]))}).probabilities
    (Fraction(1, 2), Fraction(1, 2))
    """
    if not isinstance(moves, Mapping) or not moves:
        raise InvalidGameError("chance node: moves must map each action to (probability, subtree)")
    probs, subs = [], {}
    for action, pair in moves.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise InvalidGameError(
                f"chance node: action {action!r} must map to (probability, subtree), got {pair!r}"
            )
        try:
            p = to_fraction(pair[0])
        except InvalidGameError:
            raise InvalidGameError(
                f"chance node: probability of {action!r} must be a number, got {pair[0]!r}"
            ) from None
        if p < 0:
            raise InvalidGameError(f"chance node: probability of {action!r} is negative ({p})")
        probs.append(p)
        subs[action] = pair[1]
    if sum(probs) != 1:
        raise InvalidGameError(
            f"chance node: probabilities of {', '.join(map(repr, subs))} sum to {sum(probs)}, not 1"
        )
    return TreeSpec(
        "chance",
        _moves(subs, "chance node"),
        probabilities=tuple(probs),
        label=_text(label, "node label"),
    )


def terminal(
    payoffs: Mapping[str, Any] | Sequence[Any], *, label: str = "", outcome: str = ""
) -> TreeSpec:
    """A terminal node with ``{player: payoff}`` or payoffs in player order.

    Examples
    --------
    >>> terminal({"A": 1, "B": "-1/2"}).kind
    'terminal'
    """
    if isinstance(payoffs, Mapping):
        pays: Any = {_text(k, "player name in payoffs"): v for k, v in payoffs.items()}
    elif isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, Sequence):
        raise InvalidGameError(f"terminal payoffs must be a mapping or a list, got {payoffs!r}")
    else:
        pays = tuple(payoffs)
    return TreeSpec(
        "terminal",
        payoffs=pays,
        label=_text(label, "node label"),
        outcome=_text(outcome, "outcome name"),
    )


# ----------------------------------------------------------------------- build
def _players_in(spec: TreeSpec, out: list[str]) -> None:
    stack = [spec]
    while stack:
        s = stack.pop()
        if s.kind == "decision" and s.player not in out:
            out.append(s.player)
        if s.kind == "terminal" and isinstance(s.payoffs, Mapping):
            for p in s.payoffs:
                if p not in out:
                    out.append(p)
        stack.extend(sub for _, sub in reversed(s.children))


def build_tree(
    root: TreeSpec, *, players: Sequence[str] | None = None, title: str = ""
) -> TreeParts:
    """Validate a tree specification and make its nodes and information sets.

    :meth:`ExtensiveFormGame.from_tree <gametheory.extensive.game.ExtensiveFormGame.from_tree>`
    builds the immutable game from them; call that instead.
    """
    if not isinstance(root, TreeSpec):
        raise InvalidGameError(
            f"the root must be decision(), chance() or terminal(), got {type(root).__name__}"
        )
    if players is None:
        found: list[str] = []
        _players_in(root, found)
        players = found
    players = tuple(_text(p, "player name") for p in players)
    if not players:
        raise InvalidGameError("a game needs at least one player")
    if len(set(players)) != len(players):
        raise InvalidGameError(f"player names repeat: {list(players)}")
    if any(not p.strip() for p in players):
        raise InvalidGameError("a player name is empty")
    title = _text(title, "title")
    pindex = {p: i for i, p in enumerate(players)}
    nodes: list[Node] = []
    # per player: label -> infoset index; infoset index -> (label, actions, [nodes])
    by_label: list[dict[str, int]] = [{} for _ in players]
    sets: list[list[list]] = [[] for _ in players]
    stack: list[tuple[TreeSpec, int | None, str | None, int]] = [(root, None, None, 0)]
    children: list[list[int]] = []
    while stack:
        spec, parent, action, depth = stack.pop()
        k = len(nodes)
        if k >= MAX_NODES:
            raise InvalidGameError(f"the tree has more than {MAX_NODES:,} nodes")
        if parent is not None:
            children[parent].append(k)
        where = f"node {k}" + (f" ({spec.label!r})" if spec.label else "")
        actions = tuple(a for a, _ in spec.children)
        if len(set(actions)) != len(actions):
            raise InvalidGameError(f"{where}: action labels repeat: {list(actions)}")
        player = infoset = pays = None
        if spec.kind == "decision":
            if spec.player not in pindex:
                raise InvalidGameError(
                    f"{where}: player {spec.player!r} is not one of the players "
                    f"({', '.join(players)})"
                )
            i = pindex[spec.player]
            player = spec.player
            if spec.infoset is not None and spec.infoset in by_label[i]:
                infoset = by_label[i][spec.infoset]
                label, known, members = sets[i][infoset]
                if known != actions:
                    raise InvalidGameError(
                        f"{where}: information set {spec.infoset!r} of {player!r} has actions "
                        f"{list(known)} at its first node but {list(actions)} here"
                    )
                members.append(k)
            else:
                infoset = len(sets[i])
                shown = spec.infoset_label if spec.infoset_label is not None else spec.infoset
                sets[i].append([shown or "", actions, [k]])
                if spec.infoset is not None:
                    by_label[i][spec.infoset] = infoset
        elif spec.kind == "terminal":
            pays = _payoffs(spec.payoffs, players, where)
        nodes.append(
            Node(
                index=k,
                kind=spec.kind,
                label=spec.label,
                parent=parent,
                action=action,
                depth=depth,
                children=(),
                player=player,
                infoset=infoset,
                actions=actions,
                probabilities=spec.probabilities,
                payoffs=pays,
                outcome=spec.outcome,
            )
        )
        children.append([])
        for a, sub in reversed(spec.children):
            stack.append((sub, k, a, depth + 1))
    final = [Node(**{**n.__dict__, "children": tuple(children[n.index])}) for n in nodes]
    infosets = [
        [
            Infoset(players[i], k, label, actions, tuple(members))
            for k, (label, actions, members) in enumerate(player_sets)
        ]
        for i, player_sets in enumerate(sets)
    ]
    return TreeParts(final, infosets, players, title)


def _payoffs(raw: Any, players: tuple[str, ...], where: str) -> tuple[Fraction, ...]:
    if isinstance(raw, Mapping):
        extra = [p for p in raw if p not in players]
        if extra:
            raise InvalidGameError(f"{where}: payoff for unknown player {extra[0]!r}")
        missing = [p for p in players if p not in raw]
        if missing:
            raise InvalidGameError(f"{where}: no payoff for {', '.join(map(repr, missing))}")
        values = [raw[p] for p in players]
    else:
        values = list(raw)
        if len(values) != len(players):
            raise InvalidGameError(
                f"{where}: {len(values)} payoffs for {len(players)} players ({', '.join(players)})"
            )
    out = []
    for p, v in zip(players, values, strict=True):
        try:
            out.append(to_fraction(v))
        except InvalidGameError as exc:
            raise InvalidGameError(f"{where}: payoff of {p!r}: {exc}") from None
    return tuple(out)


def spec_from_dict(data: Any, *, where: str = "tree") -> TreeSpec:
    """Turn one nested-dict node (see :meth:`ExtensiveFormGame.from_dict`) into a :class:`TreeSpec`.

    Examples
    --------
    >>> spec_from_dict({"payoffs": [1, 2]}).kind
    'terminal'
    """
    if not isinstance(data, Mapping):
        raise InvalidGameError(f"{where}: expected a mapping (a node), got {type(data).__name__}")
    keys = set(data)
    label = data.get("label", "")
    if "payoffs" in keys:
        extra = sorted(keys - {"payoffs", "label", "outcome"})
        if extra:
            raise InvalidGameError(f"{where}: a terminal node has no key {extra[0]!r}")
        return terminal(data["payoffs"], label=label, outcome=data.get("outcome", ""))
    moves = data.get("moves")
    if not isinstance(moves, Mapping) or not moves:
        raise InvalidGameError(
            f"{where}: expected 'payoffs' (terminal) or 'moves' (decision or chance node)"
        )
    subs = {a: spec_from_dict(sub, where=f"{where}.{a}") for a, sub in moves.items()}
    if "chance" in keys:
        extra = sorted(keys - {"chance", "moves", "label"})
        if extra:
            raise InvalidGameError(f"{where}: a chance node has no key {extra[0]!r}")
        probs = data["chance"]
        if not isinstance(probs, Mapping) or set(probs) != set(subs):
            raise InvalidGameError(
                f"{where}: 'chance' must give a probability for each move ({', '.join(subs)})"
            )
        return chance({a: (probs[a], sub) for a, sub in subs.items()}, label=label)
    extra = sorted(keys - {"player", "moves", "infoset", "label"})
    if extra:
        raise InvalidGameError(f"{where}: a decision node has no key {extra[0]!r}")
    if "player" not in keys:
        raise InvalidGameError(f"{where}: a decision node needs a 'player' (or 'chance')")
    return decision(data["player"], subs, infoset=data.get("infoset"), label=label)
