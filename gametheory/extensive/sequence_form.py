"""The sequence form of a two-player game with perfect recall (Koller, Megiddo and von Stengel 1996).

A *sequence* of a player is the empty sequence or the last ``(information set,
action)`` pair on the way to a node. A *realization plan* ``x`` gives each sequence
the probability that the player's own moves play it; it satisfies ``E x = e``,
``x >= 0`` (``x[empty] = 1``, and at every information set the action sequences sum
to the sequence leading to it). The payoff matrices ``A`` and ``B`` have one entry
per pair of sequences, the chance-weighted payoff of the terminal nodes they lead to,
so that ``x @ A @ y`` is player 1's expected payoff. The form has size linear in the
tree, where the normal form is exponential.

Examples
--------
>>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
>>> g = ExtensiveFormGame.from_tree(decision("A", {"x": terminal([1, 0]),
...     "y": decision("B", {"u": terminal([2, 1]), "v": terminal([0, 2])})}))
>>> sf = sequence_form(g)
>>> sf.sequences[0], sf.sequences[1]
((None, (0, 0), (0, 1)), (None, (0, 0), (0, 1)))
>>> [[str(v) for v in row] for row in sf.A]
[['0', '0', '0'], ['1', '0', '0'], ['0', '2', '0']]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..budget import check_budget
from ..errors import MethodNotApplicableError
from .game import ExtensiveFormGame

__all__ = ["SequenceForm", "sequence_form", "MAX_SEQUENCE_FORM_CELLS"]

#: Largest dense sequence-form system (its side squared): exact Lemke pivoting costs a
#: pass over it per pivot, so a side of 700 is already seconds to minutes.
MAX_SEQUENCE_FORM_CELLS = 500_000


@dataclass(frozen=True)
class SequenceForm:
    """Sequence-form data of a two-player game (exact Fractions).

    Attributes
    ----------
    game : ExtensiveFormGame
    sequences : tuple of two tuples
        Per player, the sequences: ``None`` (empty) then ``(infoset, action)`` pairs.
    parents : tuple of two tuples
        Per player and information set, the index of the sequence leading to it.
    A, B : list of lists of Fraction
        Payoff matrices of players 1 and 2 (rows: player 1's sequences).
    C : list of lists of Fraction
        Chance probability of the terminal nodes each pair of sequences leads to.
    E, F : list of lists of int
        Constraint matrices (rows: 1 + number of information sets).
    """

    game: ExtensiveFormGame
    sequences: tuple[tuple[Any, ...], tuple[Any, ...]]
    parents: tuple[tuple[int, ...], tuple[int, ...]]
    A: list[list[Fraction]]
    B: list[list[Fraction]]
    C: list[list[Fraction]]
    E: list[list[int]]
    F: list[list[int]]

    def index(self, player: int, infoset: int, action: int) -> int:
        """Index of the sequence ``(infoset, action)`` of a player (0-based player index)."""
        return self.sequences[player].index((infoset, action))

    def to_behavior(self, plans: Sequence[Sequence[Any]]) -> tuple:
        """Behaviour strategies of two realization plans (uniform where a plan never arrives)."""
        out = []
        for i in range(2):
            x = plans[i]
            vecs = []
            for k, s in enumerate(self.game.infosets[i]):
                parent = x[self.parents[i][k]]
                m = len(s.actions)
                if parent > 0:
                    vals = [x[self.index(i, k, a)] for a in range(m)]
                    total = sum(vals)
                    vecs.append(
                        tuple(v / total for v in vals)
                        if total > 0
                        else tuple(type(parent)(1) / m for _ in range(m))
                    )
                else:
                    unit = Fraction(1, m) if isinstance(parent, Fraction) else 1.0 / m
                    vecs.append(tuple(unit for _ in range(m)))
            out.append(tuple(vecs))
        return tuple(out)


def _last_sequence(game: ExtensiveFormGame, node: int, i: int) -> Any:
    return game.last_move(node, i)


def sequence_form(game: ExtensiveFormGame) -> SequenceForm:
    """Build the sequence form of a two-player game with perfect recall.

    Raises
    ------
    MethodNotApplicableError
        For a game that does not have two players or lacks perfect recall.
    """
    if game.num_players != 2:
        raise MethodNotApplicableError(
            f"the sequence form needs a two-player game, this one has {game.num_players} players"
        )
    game.require_perfect_recall("sequence form")
    sizes = [1 + sum(len(s.actions) for s in game.infosets[i]) for i in range(2)]
    lcp_size = sum(sizes) + sum(len(game.infosets[i]) + 1 for i in range(2))
    check_budget(
        "the sequence form of this tree",
        lcp_size * lcp_size,
        MAX_SEQUENCE_FORM_CELLS,
        unit=f"cells (a dense {lcp_size:,}-square system over {sizes[0]:,} x {sizes[1]:,} sequences)",
        advice="use method 'spe' (subgame perfection by backward induction) or 'logit'",
    )
    sequences, parents = [], []
    for i in range(2):
        seqs: list[Any] = [None]
        par = []
        for k, s in enumerate(game.infosets[i]):
            seqs.extend((k, a) for a in range(len(s.actions)))
        pos = {sq: j for j, sq in enumerate(seqs)}
        for s in game.infosets[i]:
            par.append(pos[_last_sequence(game, s.nodes[0], i)])
        sequences.append(tuple(seqs))
        parents.append(tuple(par))
    pos0 = {sq: j for j, sq in enumerate(sequences[0])}
    pos1 = {sq: j for j, sq in enumerate(sequences[1])}
    n1, n2 = len(sequences[0]), len(sequences[1])
    A = [[Fraction(0)] * n2 for _ in range(n1)]
    B = [[Fraction(0)] * n2 for _ in range(n1)]
    C = [[Fraction(0)] * n2 for _ in range(n1)]
    for z in game.terminal_nodes:
        p = Fraction(1)
        for n, a in game.path(z.index):
            if n.is_chance:
                p *= n.probabilities[a]
        if p == 0:
            continue
        r = pos0[_last_sequence(game, z.index, 0)]
        c = pos1[_last_sequence(game, z.index, 1)]
        A[r][c] += p * z.payoffs[0]
        B[r][c] += p * z.payoffs[1]
        C[r][c] += p
    mats = []
    for i, n in enumerate((n1, n2)):
        M = [[0] * n for _ in range(1 + len(game.infosets[i]))]
        M[0][0] = 1
        for k in range(len(game.infosets[i])):
            M[k + 1][parents[i][k]] = -1
            for a in range(len(game.infosets[i][k].actions)):
                M[k + 1][sequences[i].index((k, a))] = 1
        mats.append(M)
    return SequenceForm(
        game, (sequences[0], sequences[1]), (parents[0], parents[1]), A, B, C, mats[0], mats[1]
    )
