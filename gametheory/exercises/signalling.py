"""Exercise generator: perfect Bayesian equilibria of a two-type signalling game.

Nature draws the Sender's type (High with probability ``pi``, else Low); the Sender,
knowing it, sends Signal or Quiet; the Receiver sees the message, not the type, and
chooses Accept or Reject. The worked solution goes through the Sender's four pure
strategies (two pooling, two separating): beliefs by Bayes' rule on the path, the
Receiver's best replies (with the belief threshold at which the Receiver switches),
off-path beliefs and replies that could support a pooling equilibrium, and the
Sender's incentives.

The answer is confirmed by the solvers before it is returned, twice: the pure Nash
equilibria of the tree's reduced normal form (:func:`gametheory.extensive.reduced_normal_form`
and :func:`gametheory.solvers.pure_equilibria`), mapped back to behaviour strategies,
must be exactly the worked perfect Bayesian equilibria plus Nash equilibria whose
off-path reply is a best reply to no belief at all; and the pure equilibria that
:func:`gametheory.extensive.sequential.perfect_bayesian_equilibria` lists must be
exactly the worked ones, each passing :func:`~gametheory.extensive.sequential.assess`.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np

from ..extensive import ExtensiveFormGame, chance, decision, make_behavior_profile, terminal
from ..extensive.convert import reduced_normal_form
from ..extensive.sequential import assess, perfect_bayesian_equilibria
from ..solvers.pure import pure_equilibria
from .document import Block, Equation, Heading, Paragraph, Table, TreePicture, tex_number
from .exercise import Exercise, ExerciseError

__all__ = ["bayesian_exercise"]

TYPES = ("High", "Low")
MESSAGES = ("Signal", "Quiet")
ACTIONS = ("Accept", "Reject")
PRIORS = (Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(2, 3), Fraction(3, 4))
MAX_DRAWS = 10_000


def _game(pi: Fraction, S: np.ndarray, R: np.ndarray) -> ExtensiveFormGame:
    """S[t, m, a], R[t, m, a]: Sender's and Receiver's payoffs."""

    def sender(t: int):  # noqa: ANN202
        return decision(
            "Sender",
            {
                m: decision(
                    "Receiver",
                    {
                        a: terminal([int(S[t, k, j]), int(R[t, k, j])])
                        for j, a in enumerate(ACTIONS)
                    },
                    infoset=f"after {m}",
                )
                for k, m in enumerate(MESSAGES)
            },
            infoset=f"{TYPES[t]} type",
        )

    return ExtensiveFormGame.from_tree(
        chance({TYPES[0]: (pi, sender(0)), TYPES[1]: (1 - pi, sender(1))}),
        players=("Sender", "Receiver"),
        title="A signalling game",
    )


def _best_reply(R: np.ndarray, m: int, mu: Fraction) -> int | None:
    """Receiver's best reply after ``m`` to belief ``mu`` = P(High); None on a tie."""
    u = [mu * R[0, m, a] + (1 - mu) * R[1, m, a] for a in range(2)]
    return None if u[0] == u[1] else int(u[1] > u[0])


def _supporting_beliefs(R: np.ndarray, m: int, a: int) -> tuple[Fraction, Fraction] | None:
    """The interval of beliefs P(High) at which ``a`` is a best reply after ``m``."""
    d = [Fraction(int(R[t, m, a] - R[t, m, 1 - a])) for t in range(2)]  # advantage of a, by type
    # mu d0 + (1 - mu) d1 >= 0
    if d[0] >= 0 and d[1] >= 0:
        return Fraction(0), Fraction(1)
    if d[0] < 0 and d[1] < 0:
        return None
    cut = d[1] / (d[1] - d[0])
    return (cut, Fraction(1)) if d[0] > 0 else (Fraction(0), cut)


def _analyse(pi: Fraction, S: np.ndarray, R: np.ndarray):  # noqa: ANN202
    """Every pure PBE by the four-case analysis, with the rows of the worked table.

    Returns None when a tie would make the exercise ambiguous.
    """
    found, rows = [], []
    for s in product(range(2), repeat=2):  # message of each type
        if s[0] != s[1]:
            beliefs = {s[0]: Fraction(1), s[1]: Fraction(0)}
            reply = {m: _best_reply(R, m, mu) for m, mu in beliefs.items()}
            if None in reply.values():
                return None
            ok = all(S[t, s[t], reply[s[t]]] > S[t, 1 - s[t], reply[1 - s[t]]] for t in range(2))
            ties = any(S[t, s[t], reply[s[t]]] == S[t, 1 - s[t], reply[1 - s[t]]] for t in range(2))
            if ties:
                return None
            kind = f"separating ({TYPES[0]} {MESSAGES[s[0]]}, {TYPES[1]} {MESSAGES[s[1]]})"
            belief_text = (
                f"$\\mu(\\text{{{MESSAGES[s[0]]}}}) = 1$, $\\mu(\\text{{{MESSAGES[s[1]]}}}) = 0$"
            )
            replies = f"{MESSAGES[0]}: {ACTIONS[reply[0]]}; {MESSAGES[1]}: {ACTIONS[reply[1]]}"
            check = "; ".join(
                f"{TYPES[t]} gets {S[t, s[t], reply[s[t]]]} vs {S[t, 1 - s[t], reply[1 - s[t]]]} "
                f"by deviating"
                for t in range(2)
            )
            rows.append((kind, belief_text, replies, check, "PBE" if ok else "no"))
            if ok:
                found.append((s, (reply[0], reply[1]), None))
            continue
        m = s[0]
        off = 1 - m
        on_reply = _best_reply(R, m, pi)
        if on_reply is None:
            return None
        kind = f"pooling on {MESSAGES[m]}"
        supported = []
        text = []
        for r_off in range(2):
            interval = _supporting_beliefs(R, off, r_off)
            gains = [S[t, m, on_reply] - S[t, off, r_off] for t in range(2)]
            if any(g == 0 for g in gains):
                return None
            tempted = [TYPES[t] for t in range(2) if gains[t] < 0]
            if interval is None:
                text.append(f"off path {ACTIONS[r_off]}: a best reply to no belief")
                continue
            where = (
                f"off path {ACTIONS[r_off]} (for $\\mu(\\text{{{MESSAGES[off]}}}) \\in "
                f"[{tex_number(interval[0])}, {tex_number(interval[1])}]$)"
            )
            if tempted:
                t = TYPES.index(tempted[0])
                text.append(
                    f"{where}: {tempted[0]} would get ${S[t, off, r_off]} > "
                    f"{S[t, m, on_reply]}$ by deviating"
                )
            else:
                text.append(f"{where}: no type gains by deviating")
                supported.append((r_off, interval))
        rows.append(
            (
                kind,
                f"$\\mu(\\text{{{MESSAGES[m]}}}) = \\pi = {tex_number(pi)}$",
                f"{MESSAGES[m]}: {ACTIONS[on_reply]}",
                "; ".join(text),
                "PBE" if supported else "no",
            )
        )
        for r_off, interval in supported:
            reply = [0, 0]
            reply[m], reply[off] = on_reply, r_off
            found.append((s, tuple(reply), interval))
    return found, rows


def _profile(game: ExtensiveFormGame, s: tuple, reply: tuple):  # noqa: ANN202
    behavior = {
        "Sender": [{MESSAGES[s[0]]: 1}, {MESSAGES[s[1]]: 1}],
        "Receiver": [{ACTIONS[reply[k]]: 1} for k in range(2)],
    }
    # the Receiver's information sets are listed in pre-order: after Signal, after Quiet
    return make_behavior_profile(game, behavior, exact=True)


def _confirm(game: ExtensiveFormGame, R: np.ndarray, claimed: list) -> list:
    """The solvers' pure Nash equilibria, checked against the worked PBE (see module docstring)."""
    rnf = reduced_normal_form(game)
    nash = pure_equilibria(rnf.game, exact=True)
    keys = set()
    for e in nash:
        beh = rnf.to_behavior(e.exact_vectors)
        s = tuple(int(np.argmax(v)) for v in beh[0])
        r = tuple(int(np.argmax(v)) for v in beh[1])
        pooled = s[0] == s[1]
        off_ok = not pooled or _supporting_beliefs(R, 1 - s[0], r[1 - s[0]]) is not None
        if off_ok:
            keys.add((s, r))
    mine = {(s, r) for s, r, _ in claimed}
    if keys != mine:
        raise ExerciseError(
            f"the solvers do not confirm the worked solution: pure Nash equilibria "
            f"with credible replies {sorted(keys)}, worked PBE {sorted(mine)}"
        )
    return list(nash)


def bayesian_exercise(seed: int) -> Exercise:
    """Pooling and separating perfect Bayesian equilibria of a random signalling game.

    Examples
    --------
    >>> ex = bayesian_exercise(1)
    >>> ex.kind, ex.game_file, len(ex.result.equilibria) >= 1
    ('bayesian', 'game.efg', True)
    """
    from ..extensive.profile import ExtensiveResult

    rng = np.random.default_rng(seed)
    for _ in range(MAX_DRAWS):
        pi = PRIORS[int(rng.integers(len(PRIORS)))]
        S = rng.integers(0, 6, size=(2, 2, 2))
        R = rng.integers(0, 6, size=(2, 2, 2))
        out = _analyse(pi, S, R)
        if out is None:
            continue
        found, rows = out
        kinds = {s[0] == s[1] for s, _, _ in found}
        if kinds == {True, False}:  # at least one pooling and one separating equilibrium
            break
    else:  # pragma: no cover
        raise ExerciseError("no signalling game with pooling and separating equilibria drawn")
    game = _game(pi, S, R)
    _confirm(game, R, found)
    profiles = [_profile(game, s, r) for s, r, _ in found]
    if any(p.exact_regret != 0 or not assess(game, p).sequential for p in profiles):
        raise ExerciseError(
            "the solvers do not confirm the worked solution: a claimed PBE is "
            "not sequentially rational"
        )
    listed = {
        (
            tuple(int(v[1] == 1) for v in e.profile.probabilities[0]),
            tuple(int(v[1] == 1) for v in e.profile.probabilities[1]),
        )
        for e in perfect_bayesian_equilibria(game)
        if e.profile.is_pure
    }
    if listed != {(s, r) for s, r, _ in found}:
        raise ExerciseError(
            f"the solvers do not confirm the worked solution: "
            f"perfect_bayesian_equilibria lists {sorted(listed)} in pure strategies, "
            f"the worked solution {sorted((s, r) for s, r, _ in found)}"
        )
    result = ExtensiveResult(
        game,
        "pbe",
        tuple(profiles),
        {
            "strategies": "pure",
            "confirmed_by": "pure equilibria of the reduced "
            "normal form, off-path replies checked against every belief",
        },
        exact=True,
        complete=True,
    )
    thresholds = []
    for m in range(2):
        d = [int(R[t, m, 0] - R[t, m, 1]) for t in range(2)]
        accept = _supporting_beliefs(R, m, 0)
        if accept is None:
            solved = "\\text{never}"
        elif accept == (0, 1):
            solved = "\\text{always}"
        elif accept[0] == 0:
            solved = f"\\mu \\le {tex_number(accept[1])}"
        else:
            solved = f"\\mu \\ge {tex_number(accept[0])}"
        thresholds.append(
            Equation(
                f"\\text{{after {MESSAGES[m]}: Accept}} \\iff \\mu \\cdot ({d[0]}) + (1-\\mu) \\cdot ({d[1]})"
                f" \\ge 0 \\iff {solved}"
            )
        )
    answers = []
    for s, r, interval in found:
        text = (
            f"Sender: {TYPES[0]} {MESSAGES[s[0]]}, {TYPES[1]} {MESSAGES[s[1]]}; Receiver: "
            f"{MESSAGES[0]} {ACTIONS[r[0]]}, {MESSAGES[1]} {ACTIONS[r[1]]}"
        )
        if interval is not None:
            off = MESSAGES[1 - s[0]]
            text += (
                f"; off-path belief $\\mu(\\text{{{off}}}) \\in [{tex_number(interval[0])}, "
                f"{tex_number(interval[1])}]$"
            )
        answers.append(text + ".")
    statement: list[Block] = [
        Paragraph(
            f"Nature makes the Sender High with probability $\\pi = {tex_number(pi)}$ and Low "
            "otherwise. The Sender learns the type and sends Signal or Quiet. The Receiver "
            "sees the message but not the type and chooses Accept or Reject. Payoffs are "
            "(Sender, Receiver):"
        ),
        TreePicture(game),
        Paragraph(
            "(a) For each belief $\\mu$ = P(High) of the Receiver, what is her best reply "
            "after each message? (b) Find all perfect Bayesian equilibria in pure strategies: "
            "check the two separating and the two pooling strategies of the Sender, with the "
            "Receiver's beliefs on and off the path."
        ),
    ]
    solution: list[Block] = [
        Heading("(a) The Receiver's best replies", level=3),
        Paragraph(
            "With belief $\\mu$ that the Sender is High, Accept is a best reply when its "
            "expected advantage over Reject is at least 0 (advantages by type in brackets):"
        ),
        *thresholds,
        Heading("(b) The four strategies of the Sender", level=3),
        Paragraph(
            "Separating: Bayes' rule gives beliefs 1 and 0. Pooling: the belief on the path "
            "is the prior; off the path any belief is allowed, and the off-path reply must "
            "be a best reply to one of them and keep both types from deviating."
        ),
        Table(("Sender", "beliefs", "Receiver", "check", "verdict"), tuple(rows)),
        Heading("Answer", level=3),
        *(Paragraph(a) for a in answers),
    ]
    return Exercise(
        kind="bayesian",
        seed=seed,
        title="Signalling: pooling and separating equilibria",
        game=game,
        statement=tuple(statement),
        solution=tuple(solution),
        result=result,
    )
