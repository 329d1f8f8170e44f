"""Read and write Gambit extensive-form (``.efg``) game files.

The format is Gambit's (version 2). A header names the players, then the nodes
follow in pre-order (a node, then its children's subtrees in action order)::

    EFG 2 R "Entry deterrence" { "Entrant" "Incumbent" }
    "An optional comment"

    p "" 1 1 "Enter?" { "Out" "In" } 0
    t "" 1 "Stay out" { 0, 2 }
    p "" 2 1 "Respond" { "Fight" "Accommodate" } 0
    t "" 2 "Price war" { -1, -1 }
    t "" 3 "Share" { 1, 1 }

* ``p "name" PLAYER INFOSET "infoset name" { "action" ... } OUTCOME`` is a decision
  node; ``c "name" INFOSET "infoset name" { "action" PROB ... } OUTCOME`` a chance
  node (probabilities exact: ``1/3``, ``0.25``; they must sum to 1);
  ``t "name" OUTCOME "outcome name" { PAYOFF, ... }`` a terminal node.
* Information sets are numbered per player; an outcome number refers to one set of
  payoffs (``0`` is the null outcome). The second and later times an information set
  or outcome appears, its description (name and list) may be omitted, or repeated
  exactly.
* Outcomes at non-terminal nodes add to the payoffs of every terminal node below:
  the payoff of a path is the sum of the outcomes along it.

:func:`format_efg` writes every node with its full description. In the default
*payoff form* each terminal node has its own outcome; with ``outcome_form=True``
terminal nodes with the same payoffs and outcome name share one numbered outcome,
described once.

Every problem raises :class:`~gametheory.errors.GameFileError` with a one-line
message naming the file and the line.

Examples
--------
>>> g = parse_efg('EFG 2 R "" { "A" "B" } p "" 1 1 "" { "x" "y" } 0 '
...               't "" 1 "" { 1, 0 } p "" 2 1 "" { "u" "v" } 0 t "" 2 "" { 2, 1 } t "" 0')
>>> [n.kind for n in g.nodes], g.nodes[4].payoffs
(['decision', 'terminal', 'decision', 'terminal', 'terminal'], (Fraction(0, 1), Fraction(0, 1)))
>>> parse_efg(format_efg(g)) == g
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ..errors import GameFileError, InvalidGameError
from ..extensive.builder import TreeSpec
from ..extensive.game import ExtensiveFormGame
from .nfg import _format_number, _Parser, _quote, _read_gambit_text, _Tok, _unique

__all__ = [
    "parse_efg",
    "read_efg",
    "format_efg",
    "write_efg",
    "EfgDocument",
    "parse_efg_document",
    "read_efg_document",
    "MAX_EFG_NODES",
    "MAX_EFG_PLAYERS",
]

#: Most nodes a ``.efg`` file may hold (a chance node's outcomes count as nodes). Files
#: are read node by node and refused at the first node past it: 20,000 nodes take
#: about two seconds to read, and the solvers' own budgets (normal form, sequence form,
#: subgame checks) apply to what is read. Larger trees belong in code
#: (:meth:`~gametheory.extensive.ExtensiveFormGame.from_tree`).
MAX_EFG_NODES = 20_000
#: Most players a ``.efg`` file may name (every terminal node lists a payoff for each).
MAX_EFG_PLAYERS = 1_000
#: Tokens a file of :data:`MAX_EFG_NODES` nodes can need (a safety net behind the
#: node count: a player list or outcome too long to be a real game).
_MAX_EFG_TOKENS = 40 * MAX_EFG_NODES


@dataclass(frozen=True)
class EfgDocument:
    """Everything a ``.efg`` file holds: the game and its comment."""

    game: ExtensiveFormGame
    comment: str = ""


class _EfgParser(_Parser):
    def __init__(self, text: str, source: str) -> None:
        super().__init__(
            text,
            source,
            max_tokens=_MAX_EFG_TOKENS,
            too_many=f"more than {_MAX_EFG_TOKENS:,} values and labels: larger than a .efg "
            f"tree of at most {MAX_EFG_NODES:,} nodes can be",
            lazy=True,
        )

    def parse_efg(self) -> EfgDocument:
        title = self.header("EFG", ("2",))
        names = self._players(limit=MAX_EFG_PLAYERS, file_kind=".efg")
        self.players = _unique(names, lambda k: f"Player {k}")
        comment = self.next().text if self.peek().kind == "string" else ""
        self.outcomes: dict[int, tuple[str, tuple[Fraction, ...]]] = {}
        self.infosets: dict[tuple[int, int], tuple] = {}
        self.count = 0
        root = self._tree()
        tok = self.peek()
        if tok.kind != "eof":
            raise self.error(
                tok.line, f"unexpected {tok.describe()} after the last node of the tree"
            )
        try:
            game = ExtensiveFormGame.from_tree(root, players=self.players, title=title)
        except InvalidGameError as exc:  # pragma: no cover - the parser checks first
            raise GameFileError(f"{self.source}: {exc}") from None
        return EfgDocument(game, comment)

    # --------------------------------------------------------------- nodes
    def _integer(self, what: str) -> tuple[int, _Tok]:
        tok = self.next()
        if tok.kind != "number" or not tok.text.isdigit():
            raise self.error(tok.line, f"expected {what} (a whole number), found {tok.describe()}")
        return int(tok.text), tok

    def _outcome(self) -> tuple[int, _Tok]:
        num, tok = self._integer("an outcome number")
        if self.peek().kind != "string":
            if num and num not in self.outcomes:
                raise self.error(tok.line, f"outcome {num} is used before its payoffs are given")
            return num, tok
        name = self.next().text
        self.expect("lbrace", "'{' opening the outcome's payoffs")
        pays = []
        while self.peek().kind != "rbrace":
            t = self.next()
            if t.kind == "comma":
                continue
            pays.append(self.number(t, "a payoff"))
        self.next()
        if len(pays) != len(self.players):
            raise self.error(
                tok.line, f"outcome {num} has {len(pays)} payoffs for {len(self.players)} players"
            )
        if num == 0:
            if any(pays) or name:
                raise self.error(
                    tok.line, "outcome 0 is the null outcome: it has no name or payoffs"
                )
        elif num in self.outcomes and self.outcomes[num] != (name, tuple(pays)):
            raise self.error(tok.line, f"outcome {num} was declared with other payoffs or name")
        else:
            self.outcomes[num] = (name, tuple(pays))
        return num, tok

    def _actions(self, chance: bool) -> tuple[list[str], list[Fraction]]:
        self.expect("lbrace", "'{' opening the list of actions")
        labels, probs = [], []
        while self.peek().kind == "string":
            labels.append(self.next().text)
            if self.count + len(labels) > MAX_EFG_NODES:  # each action leads to a node
                raise self.error(
                    self.peek().line,
                    self._too_many_nodes(
                        f"a node with more than {len(labels) - 1:,} actions"
                        if len(labels) > 1_000
                        else "the tree"
                    ),
                )
            if chance:
                t = self.next()
                p = self.number(t, "a chance probability")
                if p < 0:
                    raise self.error(t.line, f"chance probability {t.text} is negative")
                probs.append(p)
        self.expect(
            "rbrace",
            "a quoted action label or '}'"
            if not chance
            else "a quoted action label and its probability, or '}'",
        )
        return labels, probs

    @staticmethod
    def _too_many_nodes(what: str) -> str:
        return (
            f"{what} makes more than {MAX_EFG_NODES:,} nodes, the most a .efg file may "
            "hold; build larger trees in code (ExtensiveFormGame.from_tree)"
        )

    def _node_head(self) -> tuple:
        """One node line: (kind, name, player, key, infoset label, actions, probs, outcome, line)."""
        tok = self.next()
        if tok.kind == "eof":
            raise self.error(
                tok.line, "the file ends before the tree is complete (a node is missing)"
            )
        if tok.kind != "symbol" or tok.text not in ("p", "c", "t"):
            raise self.error(tok.line, f"expected a node type p, c or t, found {tok.describe()}")
        self.count += 1
        if self.count > MAX_EFG_NODES:
            raise self.error(tok.line, self._too_many_nodes("the tree"))
        name = self.expect("string", "the node's name (a quoted string)").text
        kind, line = tok.text, tok.line
        if kind == "t":
            out, _ = self._outcome()
            return ("terminal", name, None, None, None, [], [], out, line)
        player = 0
        if kind == "p":
            player, ptok = self._integer("the player number")
            if not 1 <= player <= len(self.players):
                raise self.error(
                    ptok.line,
                    f"player {player} does not exist (the game has {len(self.players)} players)",
                )
        num, itok = self._integer("the information set number")
        if self.peek().kind == "string":
            label = self.next().text
            actions, probs = self._actions(kind == "c")
            if not actions:
                raise self.error(itok.line, "a node needs at least one action")
            if kind == "c" and sum(probs) != 1:
                total = sum(probs)
                shown = str(total)
                if len(shown) > 40:  # 1 + 1e-400 is a fraction of 801 digits: not quoted
                    shown = _off_one(total)
                raise self.error(itok.line, f"chance probabilities sum to {shown}, not 1")
            actions = list(_unique(actions, str))
            known = self.infosets.get((player, num))
            if known is not None and known[1:] != (actions, probs):
                raise self.error(
                    itok.line,
                    f"information set {num} of "
                    f"{'chance' if kind == 'c' else self.players[player - 1]!r} was "
                    "declared with other actions or probabilities",
                )
            if known is None:
                self.infosets[(player, num)] = (label, actions, probs)
            label = self.infosets[(player, num)][0]
        else:
            if (player, num) not in self.infosets:
                raise self.error(
                    itok.line, f"information set {num} is used before its actions are given"
                )
            label, actions, probs = self.infosets[(player, num)]
        out, _ = self._outcome()
        what = "chance" if kind == "c" else "decision"
        return (what, name, player, num, label, actions, probs, out, line)

    def _tree(self) -> TreeSpec:
        # iterative: frames of [head, children specs, accumulated outcome payoffs]
        zero = tuple(Fraction(0) for _ in self.players)
        stack: list[list] = []
        pending_base = zero
        while True:
            head = self._node_head()
            kind, name, player, num, label, actions, probs, out, _ = head
            base = pending_base
            if out:
                base = tuple(b + p for b, p in zip(base, self.outcomes[out][1], strict=True))
            if kind == "terminal":
                spec = TreeSpec(
                    "terminal",
                    payoffs=base,
                    label=name,
                    outcome=self.outcomes[out][0] if out else "",
                )
            else:
                stack.append([head, [], base])
                pending_base = base
                continue
            # close finished frames
            while stack:
                frame = stack[-1]
                frame[1].append(spec)
                if len(frame[1]) < len(frame[0][5]):
                    pending_base = frame[2]
                    break
                stack.pop()
                spec = self._make(frame[0], frame[1])
            else:
                return spec

    def _make(self, head: tuple, children: list[TreeSpec]) -> TreeSpec:
        kind, name, player, num, label, actions, probs, _, _ = head
        kids = tuple(zip(actions, children, strict=True))
        if kind == "chance":
            return TreeSpec("chance", kids, probabilities=tuple(probs), label=name)
        return TreeSpec(
            "decision",
            kids,
            player=self.players[player - 1],
            infoset=f"#{num}",
            infoset_label=label,
            label=name,
        )


def parse_efg_document(text: str, *, source: str = "<string>") -> EfgDocument:
    """Parse the text of a ``.efg`` file into an :class:`EfgDocument` (game and comment)."""
    if not isinstance(text, str):
        raise GameFileError(f"{source}: expected the file's text (str), got {type(text).__name__}")
    if "\x00" in text:
        raise GameFileError(f"{source}: binary data (NUL bytes): not a Gambit .efg text file")
    if text.startswith("\ufeff"):
        text = text[1:]
    return _EfgParser(text, source).parse_efg()


def parse_efg(text: str, *, source: str = "<string>") -> ExtensiveFormGame:
    """Parse the text of a Gambit ``.efg`` file into an :class:`~gametheory.extensive.ExtensiveFormGame`.

    Raises
    ------
    GameFileError
        Naming ``source`` and the line, for anything that is not a valid file.

    Examples
    --------
    >>> parse_efg('EFG 2 R "" { "A" } c "" 1 "" { "h" 1/2 "t" 1/2 } 0 t "" 1 "" { 1 } t "" 0')
    <ExtensiveFormGame players=['A'] nodes=3 terminal=2 infosets=0>
    >>> parse_efg('EFG 2 R "" { "A" } c "" 1 "" { "h" 1/2 "t" 1/3 } 0')
    Traceback (most recent call last):
    ...
    gametheory.errors.GameFileError: <string>, line 1: chance probabilities sum to 5/6, not 1
    """
    return parse_efg_document(text, source=source).game


def read_efg_document(path: str | os.PathLike[str]) -> EfgDocument:
    """Read a ``.efg`` file into an :class:`EfgDocument`; see :func:`read_efg`."""
    return parse_efg_document(_read_gambit_text(path, "EFG", "2"), source=str(path))


def read_efg(path: str | os.PathLike[str]) -> ExtensiveFormGame:
    """Read a Gambit ``.efg`` file (see the module docstring for the format).

    Raises
    ------
    GameFileError
        For a missing, empty, binary or malformed file, with the file name and line.
    """
    return read_efg_document(path).game


def format_efg(game: ExtensiveFormGame, *, outcome_form: bool = False, comment: str = "") -> str:
    """The text of a Gambit ``.efg`` file for ``game`` (exact numbers).

    Parameters
    ----------
    game : ExtensiveFormGame
    outcome_form : bool
        Terminal nodes with equal payoffs and outcome name share one outcome, described
        once; by default each terminal node has its own outcome.
    comment : str

    Examples
    --------
    >>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
    >>> g = ExtensiveFormGame.from_tree(decision("A", {"x": terminal([1]), "y": terminal([1])}))
    >>> print(format_efg(g, outcome_form=True), end="")
    EFG 2 R "" { "A" }
    ""
    <BLANKLINE>
    p "" 1 1 "" { "x" "y" } 0
    t "" 1 "" { 1 }
    t "" 1
    """
    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(f"format_efg needs an ExtensiveFormGame, got {type(game).__name__}")
    lines = [
        f"EFG 2 R {_quote(game.title)} {{ {' '.join(_quote(p) for p in game.players)} }}",
        _quote(comment),
        "",
    ]
    outcomes: dict[tuple, int] = {}
    chance_sets = terminals = 0
    for n in game.nodes:
        if n.is_terminal:
            key = (n.outcome, n.payoffs)
            if outcome_form:
                described = key not in outcomes
                if described:
                    outcomes[key] = len(outcomes) + 1
                num = outcomes[key]
            else:
                described = True
                terminals += 1
                num = terminals
            line = f"t {_quote(n.label)} {num}"
            if described:
                pays = ", ".join(_format_number(v) for v in n.payoffs)
                line += f" {_quote(n.outcome)} {{ {pays} }}"
            lines.append(line)
        elif n.is_chance:
            chance_sets += 1
            acts = " ".join(
                f"{_quote(a)} {_format_number(p)}"
                for a, p in zip(n.actions, n.probabilities, strict=True)
            )
            lines.append(f'c {_quote(n.label)} {chance_sets} "" {{ {acts} }} 0')
        else:
            s = game.infoset_of(n)
            acts = " ".join(_quote(a) for a in n.actions)
            lines.append(
                f"p {_quote(n.label)} {game.players.index(n.player) + 1} {s.index + 1} "
                f"{_quote(s.label)} {{ {acts} }} 0"
            )
    return "\n".join(lines) + "\n"


def write_efg(
    game: ExtensiveFormGame,
    path: str | os.PathLike[str],
    *,
    outcome_form: bool = False,
    comment: str = "",
) -> Path:
    """Write ``game`` to a Gambit ``.efg`` file atomically; returns the path."""
    from .atomic import atomic_write_text

    return atomic_write_text(path, format_efg(game, outcome_form=outcome_form, comment=comment))


def _off_one(total: Fraction) -> str:
    """``total`` as ``1 + d`` with ``d`` to 3 digits, at any exponent (floats stop at 1e-308).

    Examples
    --------
    >>> _off_one(1 + Fraction(1, 10**400))
    '1 + 1e-400'
    >>> _off_one(Fraction(2, 3))
    '1 - 0.333'
    """
    from decimal import Decimal, localcontext

    diff = total - 1
    with localcontext() as ctx:
        ctx.prec = 3
        d = Decimal(diff.numerator) / Decimal(diff.denominator)
    return f"1 {'+' if d > 0 else '-'} {abs(d).normalize():g}"
