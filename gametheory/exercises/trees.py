"""Exercise generator for game trees: backward induction.

:func:`spe_exercise` draws a perfect-information tree of Ann and Bob (three levels,
integer payoffs, no ties for any mover). The worked solution is the
backward-induction table (deepest nodes first: each action's payoff vector, the
mover's choice), the subgame-perfect strategies and the path, and a pure Nash
equilibrium with another outcome held by an empty threat (from the pure equilibria of
the reduced normal form), with the node where the threat is not credible. The SPE is
confirmed by the subgame-perfect solver of :mod:`gametheory.extensive` (exactly one
SPE, equal to the worked one) before it is returned.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..extensive import ExtensiveFormGame, decision, make_behavior_profile, terminal
from ..extensive.convert import reduced_normal_form
from ..solvers.pure import pure_equilibria
from .document import Block, Heading, Paragraph, Table, TreePicture
from .exercise import Exercise, ExerciseError

__all__ = ["spe_exercise"]

MAX_DRAWS = 10_000


def _vec(v: tuple) -> str:
    return "(" + ", ".join(str(x) for x in v) + ")"


# ------------------------------------------------------------------------ SPE
def _spe_tree(rng: np.random.Generator) -> tuple[dict, list]:
    """A random tree as nested dicts: Ann (L/R), Bob (a/b or c/d), one Ann node (x/y) below."""
    deep = int(rng.integers(4))
    leaves = []

    def leaf() -> dict:
        pay = tuple(int(v) for v in rng.integers(0, 10, size=2))
        leaves.append(pay)
        return {"payoffs": pay}

    bob = []
    for k, (first, second) in enumerate((("a", "b"), ("c", "d"))):
        moves = {}
        for j, act in enumerate((first, second)):
            if 2 * k + j == deep:
                moves[act] = {
                    "player": "Ann",
                    "name": f"Ann after {'L' if k == 0 else 'R'}, {act}",
                    "moves": {"x": leaf(), "y": leaf()},
                }
            else:
                moves[act] = leaf()
        bob.append({"player": "Bob", "name": f"Bob after {'L' if k == 0 else 'R'}", "moves": moves})
    return {
        "player": "Ann",
        "name": "Ann at the start",
        "moves": {"L": bob[0], "R": bob[1]},
    }, leaves


def _backward(node: dict, table: list, choice: dict) -> tuple[int, int] | None:
    """Backward induction on the dict tree; None when a mover has a tie."""
    if "payoffs" in node:
        return node["payoffs"]
    values = {}
    for act, child in node["moves"].items():
        v = _backward(child, table, choice)
        if v is None:
            return None
        values[act] = v
    i = 0 if node["player"] == "Ann" else 1
    mine = sorted(v[i] for v in values.values())
    if mine[-1] == mine[-2]:
        return None
    best = max(values, key=lambda a: values[a][i])
    table.append((node["name"], node["player"], values, best))
    choice[node["name"]] = best
    return values[best]


def _build(node: dict) -> Any:
    if "payoffs" in node:
        return terminal(list(node["payoffs"]))
    return decision(
        node["player"], {a: _build(c) for a, c in node["moves"].items()}, infoset=node["name"]
    )


def _empty_threat(game: ExtensiveFormGame, table: list, value: tuple) -> tuple | None:
    """A pure Nash equilibrium (from the solvers) with another outcome than the SPE, and the
    deepest node where its action is not a best reply in the subgame; None if there is none."""
    rnf = reduced_normal_form(game)
    for eq in pure_equilibria(rnf.game, exact=True):
        pay = tuple(eq.payoffs[p] for p in game.players)
        if pay == tuple(float(v) for v in value):
            continue
        behavior = rnf.to_behavior(eq.exact_vectors)
        for name, player, values, best in table:  # deepest first
            s = game.find_infoset(player, name)
            vec = behavior[game.player_index(player)][s.index]
            if max(vec) < 1:  # not reached by the player's own strategy: no action
                continue
            act = s.actions[vec.index(1)]
            if act != best:
                labels = {p: eq.support(p)[0] for p in game.players}
                return labels, pay, name, player, act, best, values
    return None


def spe_exercise(seed: int) -> Exercise:
    """Backward induction on a random perfect-information tree.

    Examples
    --------
    >>> ex = spe_exercise(2)
    >>> ex.kind, len(ex.result.equilibria), ex.game_file
    ('spe', 1, 'game.efg')
    """
    from ..extensive.spe import subgame_perfect

    rng = np.random.default_rng(seed)
    for _ in range(MAX_DRAWS):
        tree, _ = _spe_tree(rng)
        table: list = []
        choice: dict = {}
        value = _backward(tree, table, choice)
        if value is None:
            continue
        game = ExtensiveFormGame.from_tree(
            _build(tree), players=("Ann", "Bob"), title="Backward induction"
        )
        threat = _empty_threat(game, table, value)
        if threat is not None:
            break
    else:  # pragma: no cover
        raise ExerciseError("no tree without ties and with an empty threat drawn")
    behavior = {
        p: [{choice[s.label]: 1} for s in game.infosets[i]] for i, p in enumerate(game.players)
    }
    claimed = make_behavior_profile(game, behavior, exact=True)
    result = subgame_perfect(game, exact=True)
    if not result.complete or len(result.equilibria) != 1:
        raise ExerciseError(
            f"the solvers do not confirm the worked solution: spe found "
            f"{len(result.equilibria)} equilibria (complete={result.complete})"
        )
    (eq,) = result.equilibria
    if eq.probabilities != claimed.probabilities or eq.payoffs != claimed.payoffs:
        raise ExerciseError(
            f"the solvers do not confirm the worked solution: spe found "
            f"{eq.label()}, worked solution {claimed.label()}"
        )
    rows = tuple(
        (
            name,
            player,
            "; ".join(f"{a} $\\to$ {_vec(v)}" for a, v in values.items()),
            best,
            _vec(values[best]),
        )
        for name, player, values, best in table
    )
    path = []
    k = 0
    while not game.nodes[k].is_terminal:
        n = game.nodes[k]
        a = choice[game.infoset_of(n).label]
        path.append(a)
        k = n.children[n.actions.index(a)]
    strategies = "; ".join(
        f"{p}: " + ", ".join(f"{choice[s.label]} ({s.label})" for s in game.infosets[i])
        for i, p in enumerate(game.players)
    )
    labels, threat_pay, node, mover, act, best, values = threat
    i = game.player_index(mover)
    statement: list[Block] = [
        Paragraph(
            "Ann moves first (L or R), then Bob, who has seen Ann's move; on one branch "
            "Ann moves again (x or y). Payoffs are (Ann, Bob); the table lists every "
            "terminal history."
        ),
        TreePicture(game),
        Paragraph(
            "(a) Find the subgame-perfect equilibrium by backward induction; show the value "
            "of each decision node. (b) Write down both players' equilibrium strategies "
            "(an action at every decision node, also those not reached) and the path of play. "
            "(c) Find a Nash equilibrium in pure strategies with a different outcome, and "
            "explain why it is not subgame perfect."
        ),
    ]
    solution: list[Block] = [
        Heading("(a) Backward induction", level=3),
        Paragraph(
            "Deepest decision nodes first; each mover compares the payoff vectors that "
            "the actions lead to (given the choices already found below them):"
        ),
        Table(("node", "mover", "actions lead to", "choice", "value"), rows),
        Heading("(b) Strategies and path", level=3),
        Paragraph(
            f"Subgame-perfect equilibrium: {strategies}. The path of play is "
            f"{', '.join(path)}, with payoffs {_vec(value)}. No mover had a tie, so this "
            "is the only subgame-perfect equilibrium."
        ),
        TreePicture(game, profile=claimed),
        Heading("(c) A Nash equilibrium held by an empty threat", level=3),
        Paragraph(
            f"In the reduced strategic form (a strategy lists the player's actions at the "
            f"nodes it does not exclude), Ann {labels['Ann']} and Bob {labels['Bob']} is a "
            f"Nash equilibrium with payoffs {_vec(tuple(int(v) for v in threat_pay))}: "
            "no player gains by changing strategy, since the threatened move is never made. "
            f"But at the node {node}, {mover}'s strategy prescribes {act}, while {best} gives "
            f"{mover} ${values[best][i]} > {values[act][i]}$: in that subgame the threat is not "
            "credible, so the equilibrium is not subgame perfect."
        ),
    ]
    return Exercise(
        kind="spe",
        seed=seed,
        title="Backward induction in a game tree",
        game=game,
        statement=tuple(statement),
        solution=tuple(solution),
        result=result,
    )
