"""Classic game trees from textbooks, as named factories (also stored as ``models/*.efg``).

==========================  ===============================================================
factory                     known answer
==========================  ===============================================================
:func:`entry_deterrence`    SPE (In, Accommodate); Nash (Out, Fight) rests on a threat
:func:`centipede`           unique SPE: take at once; Rosenthal (1981)
:func:`selten_horse`        unique sequential equilibrium (A, a, R); Selten (1975)
:func:`beer_quiche`         two pooling equilibria, no separating; Cho and Kreps (1987)
:func:`job_market`          a separating and a pooling equilibrium; Spence (1973)
:func:`kuhn_poker`          value -1/18 for the first player; Kuhn (1950)
==========================  ===============================================================

Examples
--------
>>> g = kuhn_poker()
>>> len(g.nodes), [len(s) for s in g.infosets]
(55, [6, 6])
"""

from __future__ import annotations

from fractions import Fraction
from itertools import permutations

from .builder import chance, decision, terminal
from .game import ExtensiveFormGame

__all__ = [
    "entry_deterrence",
    "centipede",
    "selten_horse",
    "beer_quiche",
    "job_market",
    "kuhn_poker",
]


def entry_deterrence() -> ExtensiveFormGame:
    """An entrant stays out (0, 2) or enters; the incumbent fights (-1, -1) or accommodates (1, 1)."""
    return ExtensiveFormGame.from_tree(
        decision(
            "Entrant",
            {
                "Out": terminal({"Entrant": 0, "Incumbent": 2}),
                "In": decision(
                    "Incumbent",
                    {
                        "Fight": terminal({"Entrant": -1, "Incumbent": -1}),
                        "Accommodate": terminal({"Entrant": 1, "Incumbent": 1}),
                    },
                    infoset="Respond",
                ),
            },
            infoset="Enter?",
        ),
        players=("Entrant", "Incumbent"),
        title="Entry deterrence",
    )


def centipede(rounds: int = 4) -> ExtensiveFormGame:
    """Rosenthal's centipede: players alternate Take or Pass; the pot doubles at each pass.

    At round ``k`` (from 0) the mover taking gets ``2**(k+1)`` and the other ``2**(k-1)``
    (the first taker gets 2, the other 1/2); if the last mover passes too, the roles of
    the next split are reversed: the last mover gets ``2**(rounds-1)``, the other ``2**(rounds+1)``.

    Examples
    --------
    >>> centipede(2).root.actions
    ('Take', 'Pass')
    """
    if not isinstance(rounds, int) or rounds < 1:
        raise ValueError(f"rounds must be a whole number >= 1, got {rounds!r}")
    players = ("Alice", "Bob")
    last = (rounds - 1) % 2
    final = [Fraction(2) ** (rounds + 1)] * 2
    final[last] = Fraction(2) ** (rounds - 1)
    node = terminal(final)
    for k in reversed(range(rounds)):
        mover = k % 2
        pay = [Fraction(2) ** (k - 1)] * 2
        pay[mover] = Fraction(2) ** (k + 1)
        node = decision(
            players[mover], {"Take": terminal(pay), "Pass": node}, infoset=f"round {k + 1}"
        )
    return ExtensiveFormGame.from_tree(node, players=players, title=f"Centipede ({rounds} rounds)")


def selten_horse() -> ExtensiveFormGame:
    """Selten's horse: player 3 cannot tell whether 1 played D or 1 played A and 2 played d."""
    three = ("Player 1", "Player 2", "Player 3")
    return ExtensiveFormGame.from_tree(
        decision(
            "Player 1",
            {
                "D": decision(
                    "Player 3", {"L": terminal([3, 3, 2]), "R": terminal([0, 0, 0])}, infoset="3"
                ),
                "A": decision(
                    "Player 2",
                    {
                        "a": terminal([1, 1, 1]),
                        "d": decision(
                            "Player 3",
                            {"L": terminal([4, 4, 0]), "R": terminal([1, 1, 1])},
                            infoset="3",
                        ),
                    },
                    infoset="2",
                ),
            },
            infoset="1",
        ),
        players=three,
        title="Selten's horse",
    )


def _signalling(
    title: str, sender: str, receiver: str, types: dict, messages: tuple, responses: tuple, pay
) -> ExtensiveFormGame:  # noqa: ANN001
    branches = {}
    for t, prob in types.items():
        branches[t] = (
            prob,
            decision(
                sender,
                {
                    m: decision(
                        receiver,
                        {r: terminal(pay(t, m, r)) for r in responses},
                        infoset=f"after {m}",
                    )
                    for m in messages
                },
                infoset=t,
            ),
        )
    return ExtensiveFormGame.from_tree(chance(branches), players=(sender, receiver), title=title)


def beer_quiche() -> ExtensiveFormGame:
    """Cho and Kreps' beer-quiche game: a strong (prior 9/10) or weak sender chooses breakfast.

    The sender gets 1 for the breakfast of their type (strong: beer, weak: quiche) plus
    2 if there is no duel; the receiver gets 1 for duelling a weak or not duelling a
    strong sender.
    """

    def pay(t: str, m: str, r: str) -> list[int]:
        liked = (t == "strong") == (m == "beer")
        good = (r == "duel") == (t == "weak")
        return [int(liked) + (2 if r == "don't" else 0), int(good)]

    return _signalling(
        "Beer-quiche",
        "Sender",
        "Receiver",
        {"strong": Fraction(9, 10), "weak": Fraction(1, 10)},
        ("beer", "quiche"),
        ("duel", "don't"),
        pay,
    )


def job_market() -> ExtensiveFormGame:
    """Spence's job market: a high-ability worker (prior 1/3) may buy education to signal.

    Wages are 2 (high) or 0 (low); education costs 1 to the high type and 3 to the low
    type. The firm gets 1 for paying the wage that matches the worker's type.
    """

    def pay(t: str, m: str, r: str) -> list[int]:
        wage = 2 if r == "high wage" else 0
        cost = (1 if t == "high" else 3) if m == "educate" else 0
        return [wage - cost, int((r == "high wage") == (t == "high"))]

    return _signalling(
        "Job-market signalling",
        "Worker",
        "Firm",
        {"high": Fraction(1, 3), "low": Fraction(2, 3)},
        ("educate", "don't"),
        ("high wage", "low wage"),
        pay,
    )


def kuhn_poker() -> ExtensiveFormGame:
    """Kuhn's three-card poker: ante 1, one bet of 1; the first player's value is -1/18."""
    cards = ("J", "Q", "K")
    rank = {c: k for k, c in enumerate(cards)}
    deals = {}
    for c1, c2 in permutations(cards, 2):
        win = 1 if rank[c1] > rank[c2] else -1

        def t(amount: int) -> object:
            return terminal([amount, -amount])

        tree = decision(
            "Player 1",
            {
                "Check": decision(
                    "Player 2",
                    {
                        "Check": t(win),
                        "Bet": decision(
                            "Player 1",
                            {"Fold": t(-1), "Call": t(2 * win)},
                            infoset=f"{c1} check-bet",
                        ),
                    },
                    infoset=f"{c2} after check",
                ),
                "Bet": decision(
                    "Player 2", {"Fold": t(1), "Call": t(2 * win)}, infoset=f"{c2} after bet"
                ),
            },
            infoset=f"{c1}",
        )
        deals[f"{c1}{c2}"] = (Fraction(1, 6), tree)
    return ExtensiveFormGame.from_tree(
        chance(deals), players=("Player 1", "Player 2"), title="Kuhn poker"
    )
