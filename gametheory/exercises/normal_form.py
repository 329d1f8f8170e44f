"""Exercise generators for normal-form games: 2x2 mixed equilibria, dominance, zero-sum.

Each generator draws integer payoffs from ``rng`` until the game has the structure
the exercise teaches (re-drawing is deterministic for a given seed), writes the
worked solution in exact fractions, and checks it against the solvers
(:func:`gametheory.exercises.exercise.verified`) before returning.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..game import NormalFormGame
from ..solvers import solve
from ..solvers.dominance import iterated_elimination
from .document import Block, Equation, Heading, Paragraph, PayoffMatrix, Table, linear, tex_number
from .exercise import Exercise, ExerciseError, verified

__all__ = ["mixed_2x2_exercise", "dominance_exercise", "zero_sum_exercise"]

MAX_DRAWS = 10_000

_THEMES_2X2 = [
    (("Employer", ("Inspect", "Trust")), ("Worker", ("Shirk", "Work"))),
    (("Kicker", ("Left", "Right")), ("Goalie", ("Dive left", "Dive right"))),
    (("Regulator", ("Audit", "Skip")), ("Firm", ("Comply", "Cheat"))),
    (("Row", ("Top", "Bottom")), ("Column", ("Left", "Right"))),
]


def _draw(
    rng: np.random.Generator, shape: tuple[int, int], low: int = 0, high: int = 9
) -> np.ndarray:
    return rng.integers(low, high + 1, size=shape)


def _f(x: Any) -> Fraction:
    return Fraction(x)


def _payoff_line(game: NormalFormGame) -> str:
    return (
        "Row's payoff is first in each cell."
        if game.players[0] == "Row"
        else (f"{game.players[0]}'s payoff is first in each cell, {game.players[1]}'s second.")
    )


# --------------------------------------------------------------------- 2x2 mixed
def _cyclic(A: np.ndarray, B: np.ndarray) -> bool:
    """No pure equilibrium and strict best replies (so one completely mixed equilibrium)."""
    if A[0, 0] == A[1, 0] or A[0, 1] == A[1, 1] or B[0, 0] == B[0, 1] or B[1, 0] == B[1, 1]:
        return False
    br_row = [int(A[1, j] > A[0, j]) for j in range(2)]
    br_col = [int(B[i, 1] > B[i, 0]) for i in range(2)]
    return all(br_col[br_row[j]] != j for j in range(2))


def mixed_2x2_exercise(seed: int) -> Exercise:
    """A 2x2 game without pure equilibria: find the mixed equilibrium by indifference.

    Examples
    --------
    >>> ex = mixed_2x2_exercise(3)
    >>> ex.kind, len(ex.result.equilibria), ex.result.equilibria[0].is_pure
    ('2x2-mixed', 1, False)
    """
    rng = np.random.default_rng(seed)
    for _ in range(MAX_DRAWS):
        A, B = _draw(rng, (2, 2)), _draw(rng, (2, 2))
        if _cyclic(A, B):
            break
    else:  # pragma: no cover - a cyclic game turns up within a few dozen draws
        raise ExerciseError("no suitable 2x2 game drawn")
    (r, rs), (c, cs) = _THEMES_2X2[int(rng.integers(len(_THEMES_2X2)))]
    game = NormalFormGame.from_bimatrix(
        A.tolist(),
        B.tolist(),
        players=(r, c),
        strategies=(rs, cs),
        title=f"A {r.lower()}-{c.lower()} game",
    )
    a = [[_f(x) for x in row] for row in A.tolist()]
    b = [[_f(x) for x in row] for row in B.tolist()]
    # q = P(column plays cs[0]) makes row indifferent; p = P(row plays rs[0]) makes column indifferent
    q = (a[1][1] - a[0][1]) / (a[0][0] - a[0][1] - a[1][0] + a[1][1])
    p = (b[1][1] - b[1][0]) / (b[0][0] - b[1][0] - b[0][1] + b[1][1])
    u_row = a[0][0] * q + a[0][1] * (1 - q)
    u_col = b[0][0] * p + b[1][0] * (1 - p)
    rows = []
    for i in range(2):
        for j in range(2):
            row_dev = A[1 - i, j] > A[i, j]
            col_dev = B[i, 1 - j] > B[i, j]
            who = [
                f"{r} to {rs[1 - i]}" if row_dev else "",
                f"{c} to {cs[1 - j]}" if col_dev else "",
            ]
            rows.append(
                (f"{rs[i]}, {cs[j]}", f"{A[i, j]}, {B[i, j]}", " and ".join(w for w in who if w))
            )
    statement: list[Block] = [
        Paragraph(
            f"{r} chooses {rs[0]} or {rs[1]}; {c} chooses {cs[0]} or {cs[1]}, at the same "
            f"time. {_payoff_line(game)}"
        ),
        PayoffMatrix(game),
        Paragraph(
            "(a) Show that the game has no equilibrium in pure strategies. "
            "(b) Find its Nash equilibrium in mixed strategies, with exact fractions. "
            "(c) What does each player expect to get?"
        ),
    ]
    pq = (
        f"Let $p$ be the probability that {r} plays {rs[0]} and $q$ the probability that "
        f"{c} plays {cs[0]}."
    )
    solution: list[Block] = [
        Heading("(a) No pure equilibrium", level=3),
        Paragraph("In every cell one player gains by deviating (best responses are marked):"),
        PayoffMatrix(game, mark=True),
        Table(("profile", "payoffs", "who deviates"), tuple(rows)),
        Heading("(b) Indifference conditions", level=3),
        Paragraph(
            pq + f" In a mixed equilibrium {r} is indifferent between {rs[0]} and {rs[1]}, "
            f"so $q$ solves"
        ),
        Equation(
            f"{linear((a[0][0], 'q'), (a[0][1], '(1-q)'))} = "
            f"{linear((a[1][0], 'q'), (a[1][1], '(1-q)'))}"
            f" \\quad\\Longrightarrow\\quad q = {tex_number(q)}"
        ),
        Paragraph(f"and {c} is indifferent between {cs[0]} and {cs[1]}, so $p$ solves"),
        Equation(
            f"{linear((b[0][0], 'p'), (b[1][0], '(1-p)'))} = "
            f"{linear((b[0][1], 'p'), (b[1][1], '(1-p)'))}"
            f" \\quad\\Longrightarrow\\quad p = {tex_number(p)}"
        ),
        Paragraph(
            f"The equilibrium: {r} plays {rs[0]} with probability ${tex_number(p)}$ and "
            f"{rs[1]} with ${tex_number(1 - p)}$; {c} plays {cs[0]} with "
            f"${tex_number(q)}$ and {cs[1]} with ${tex_number(1 - q)}$. Note that each "
            "player's mixture is pinned down by the other player's payoffs."
        ),
        Heading("(c) Expected payoffs", level=3),
        Equation(
            f"u_{{\\text{{{r}}}}} = {linear((a[0][0], tex_number(q)), (a[0][1], tex_number(1 - q)))}"
            f" = {tex_number(u_row)}, \\qquad u_{{\\text{{{c}}}}} = "
            f"{linear((b[0][0], tex_number(p)), (b[1][0], tex_number(1 - p)))} = {tex_number(u_col)}"
        ),
    ]
    claimed = [((p, 1 - p), (q, 1 - q))]
    result = verified(game, claimed, payoffs=[(u_row, u_col)])
    return Exercise(
        kind="2x2-mixed",
        seed=seed,
        title=f"Mixed equilibrium: {game.title}",
        game=game,
        statement=tuple(statement),
        solution=tuple(solution),
        result=result,
    )


# --------------------------------------------------------------------- dominance
def _comparison(game: NormalFormGame, player: int, loser: str, winner: str) -> str:
    g = game
    i = player
    li, wi = g.strategy_index(i, loser), g.strategy_index(i, winner)
    U = np.moveaxis(g.exact_payoffs[..., i], i, 0)
    others = g.strategies[1 - i]
    parts = [f"${U[wi][k]} > {U[li][k]}$" for k in range(len(others))]
    return ", ".join(parts) + f" (against {', '.join(others)})"


def dominance_exercise(seed: int) -> Exercise:
    """A 3x3 game solved by iterated elimination of strictly dominated strategies.

    Examples
    --------
    >>> ex = dominance_exercise(0)
    >>> ex.kind, ex.result.equilibria[0].is_pure, len(ex.result.equilibria)
    ('dominance', True, 1)
    """
    rng = np.random.default_rng(seed)
    names = (("Top", "Middle", "Bottom"), ("Left", "Centre", "Right"))
    for _ in range(MAX_DRAWS):
        A, B = _draw(rng, (3, 3)), _draw(rng, (3, 3))
        game = NormalFormGame.from_bimatrix(
            A.tolist(), B.tolist(), strategies=names, title="Iterated dominance"
        )
        res = iterated_elimination(game, mixed=False)
        if res.game.shape == (1, 1) and res.rounds >= 3:
            break
    else:  # pragma: no cover
        raise ExerciseError("no dominance-solvable 3x3 game drawn")
    # replay one elimination at a time, so every comparison is shown in the game it happens in
    current = game
    table = []
    for k, e in enumerate(res.eliminations, start=1):
        (by,) = e.dominated_by
        i = current.player_index(e.player)
        table.append((str(k), e.player, e.strategy, by, _comparison(current, i, e.strategy, by)))
        keep = [s for s in current.strategies[i] if s != e.strategy]
        current = current.restrict({e.player: keep})
    (rs,), (cs,) = res.game.strategies
    pay = game.payoff({"Row": rs, "Column": cs}, exact=True)
    statement: list[Block] = [
        Paragraph(f"Two players move at the same time. {_payoff_line(game)}"),
        PayoffMatrix(game),
        Paragraph(
            "Solve the game by iterated elimination of strictly dominated strategies. "
            "Give the order in which you eliminate strategies, and for each one the "
            "strategy that dominates it. Which profile survives, and is it a Nash "
            "equilibrium?"
        ),
    ]
    solution: list[Block] = [
        Heading("Elimination order", level=3),
        Paragraph(
            "One strategy at a time; each comparison is made in the game that is left "
            "after the previous steps (a strictly dominated strategy stays dominated "
            "after others are removed, so any order reaches the same result)."
        ),
        Table(("step", "player", "eliminated", "dominated by", "payoffs compared"), tuple(table)),
        Heading("Result", level=3),
        Paragraph(
            f"Only ({rs}, {cs}) survives, with payoffs ${tex_number(pay['Row'])}$ for Row and "
            f"${tex_number(pay['Column'])}$ for Column. It is the unique Nash equilibrium: "
            "strictly dominated strategies are never played in an equilibrium, and in the "
            "reduced game there is nothing left to deviate to."
        ),
        PayoffMatrix(game, mark=True),
    ]
    claimed = [
        (
            tuple(Fraction(int(s == rs)) for s in names[0]),
            tuple(Fraction(int(s == cs)) for s in names[1]),
        )
    ]
    result = verified(game, claimed, payoffs=[(pay["Row"], pay["Column"])])
    return Exercise(
        kind="dominance",
        seed=seed,
        title="Iterated elimination of dominated strategies",
        game=game,
        statement=tuple(statement),
        solution=tuple(solution),
        result=result,
    )


# ---------------------------------------------------------------------- zero-sum
def zero_sum_exercise(seed: int) -> Exercise:
    """A 2x2 zero-sum game without a saddle point: optimal mixtures and the value.

    Examples
    --------
    >>> ex = zero_sum_exercise(1)
    >>> ex.kind, "value" in ex.result.equilibria[0].properties
    ('zero-sum', True)
    """
    rng = np.random.default_rng(seed)
    for _ in range(MAX_DRAWS):
        A = _draw(rng, (2, 2), -5, 5)
        if _cyclic(A, -A):
            break
    else:  # pragma: no cover
        raise ExerciseError("no 2x2 zero-sum game without saddle point drawn")
    rs, cs = ("Attack left", "Attack right"), ("Defend left", "Defend right")
    game = NormalFormGame.from_bimatrix(
        A.tolist(),
        (-A).tolist(),
        players=("Attacker", "Defender"),
        strategies=(rs, cs),
        title="Attack and defence",
    )
    a = [[_f(x) for x in row] for row in A.tolist()]
    row_min = [min(r) for r in a]
    col_max = [max(a[0][j], a[1][j]) for j in range(2)]
    denom = a[0][0] - a[0][1] - a[1][0] + a[1][1]
    p = (a[1][1] - a[1][0]) / denom
    q = (a[1][1] - a[0][1]) / denom
    value = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / denom
    statement: list[Block] = [
        Paragraph(
            "A zero-sum game: the table shows what the Defender pays the Attacker "
            "(the Defender's payoff is minus that)."
        ),
        PayoffMatrix(game),
        Paragraph(
            "(a) Does the game have a saddle point (an equilibrium in pure strategies)? "
            "(b) Find both players' optimal mixed strategies and the value of the game, "
            "with exact fractions."
        ),
    ]
    solution: list[Block] = [
        Heading("(a) Saddle point?", level=3),
        Table(
            ("", cs[0], cs[1], "row minimum"),
            tuple((rs[i], f"${a[i][0]}$", f"${a[i][1]}$", f"${row_min[i]}$") for i in range(2))
            + (("column maximum", f"${col_max[0]}$", f"${col_max[1]}$", ""),),
        ),
        Paragraph(
            f"The Attacker can guarantee $\\max_i \\min_j a_{{ij}} = {max(row_min)}$ with a pure "
            f"strategy, the Defender can hold him to $\\min_j \\max_i a_{{ij}} = {min(col_max)}$. "
            f"Since ${max(row_min)} < {min(col_max)}$ there is no saddle point: both must mix."
        ),
        Heading("(b) Equalising strategies", level=3),
        Paragraph(
            "Let $p$ be the probability of Attack left and $q$ that of Defend left. The "
            "Attacker's optimal $p$ makes the Defender's two replies pay the same:"
        ),
        Equation(
            f"{linear((a[0][0], 'p'), (a[1][0], '(1-p)'))} = "
            f"{linear((a[0][1], 'p'), (a[1][1], '(1-p)'))}"
            f" \\quad\\Longrightarrow\\quad p = {tex_number(p)}"
        ),
        Paragraph(
            "and the Defender's optimal $q$ makes the Attacker's two strategies pay the same:"
        ),
        Equation(
            f"{linear((a[0][0], 'q'), (a[0][1], '(1-q)'))} = "
            f"{linear((a[1][0], 'q'), (a[1][1], '(1-q)'))}"
            f" \\quad\\Longrightarrow\\quad q = {tex_number(q)}"
        ),
        Paragraph(
            f"Optimal strategies: the Attacker plays {rs[0]} with probability "
            f"${tex_number(p)}$ and {rs[1]} with ${tex_number(1 - p)}$; the Defender plays "
            f"{cs[0]} with ${tex_number(q)}$ and {cs[1]} with ${tex_number(1 - q)}$. "
            "The value is the Attacker's expected payoff at these strategies:"
        ),
        Equation(
            f"v = {linear((a[0][0], tex_number(q)), (a[0][1], tex_number(1 - q)))}"
            f" = \\frac{{a_{{11}}a_{{22}} - a_{{12}}a_{{21}}}}{{a_{{11}} - a_{{12}} - a_{{21}} + a_{{22}}}}"
            f" = {tex_number(value)}"
        ),
        Paragraph(
            f"Check: the value lies between the pure guarantees, ${max(row_min)} \\le "
            f"{tex_number(value)} \\le {min(col_max)}$."
        ),
    ]
    claimed = [((p, 1 - p), (q, 1 - q))]
    verified(game, claimed, payoffs=[(value, -value)])
    result = solve(game, method="zero-sum", exact=True)
    if Fraction(result.equilibria[0].properties["value"]).limit_denominator(10_000) != value:
        raise ExerciseError("the zero-sum solver's value differs from the worked solution")
    return Exercise(
        kind="zero-sum",
        seed=seed,
        title="A zero-sum game without a saddle point",
        game=game,
        statement=tuple(statement),
        solution=tuple(solution),
        result=result,
    )
