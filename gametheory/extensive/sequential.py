"""Beliefs, sequential rationality and perfect Bayesian equilibria of small games.

:func:`assess` checks a behaviour profile information set by information set:

* **on the path** (reached with positive probability) beliefs come from Bayes' rule,
  and the owner's behaviour must be optimal against them;
* **off the path** it looks for a belief over the set's nodes (a small linear
  programme) under which the behaviour is optimal, and reports it.

A profile passing every check is a (weak) perfect Bayesian equilibrium. It is a
**sequential equilibrium** (Kreps and Wilson 1982) when the off-path beliefs are also
*consistent*, limits of beliefs from fully mixed trembles. :func:`assess` proves
consistency where it holds for any belief: when, inside each off-path information
set, different nodes are reached through trembles at different information sets,
and no information set's trembles serve two off-path sets (signalling games,
Selten's horse). Otherwise ``consistent`` is None (not decided).

:func:`perfect_bayesian_equilibria` lists the perfect Bayesian equilibria of a
signalling game (chance picks a type, the sender sends a message, the receiver
responds) among the extreme equilibria of its reduced normal form, each classified
as pooling, separating or hybrid.

Examples
--------
>>> from gametheory.extensive.classics import selten_horse
>>> from gametheory.extensive import make_behavior_profile
>>> g = selten_horse()
>>> p = make_behavior_profile(g, [[{"A": 1}], [{"a": 1}], [{"R": 1}]], exact=True)
>>> a = assess(g, p)
>>> a.sequential, a.consistent, [round(x, 3) for x in a.beliefs[2][0]]
(True, True, [0.0, 1.0])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import MethodNotApplicableError
from ..result import DEFAULT_TOL
from .evaluate import node_values, reach_probabilities
from .game import ExtensiveFormGame
from .profile import BehaviorProfile

__all__ = ["Assessment", "assess", "SignallingEquilibrium", "perfect_bayesian_equilibria"]


@dataclass(frozen=True)
class Assessment:
    """The result of :func:`assess`.

    Attributes
    ----------
    profile : BehaviorProfile
    beliefs : tuple
        Per player, per information set, a tuple of probabilities over its nodes (Bayes
        on the path; the belief found off it), or None where no belief makes the
        behaviour optimal.
    on_path : tuple
        Per player, per information set, whether it is reached with positive probability.
    local_regret : tuple
        Per player, per information set, the owner's gain from the best action under the
        belief (0 where the behaviour is optimal).
    sequential : bool
        Sequentially rational everywhere (a weak perfect Bayesian equilibrium).
    consistent : bool or None
        Whether the off-path beliefs are consistent (None: not decided).
    """

    profile: BehaviorProfile
    beliefs: tuple
    on_path: tuple
    local_regret: tuple
    sequential: bool
    consistent: bool | None
    notes: tuple[str, ...] = field(default=())

    @property
    def is_sequential_equilibrium(self) -> bool:
        """Sequentially rational with consistent beliefs (False when consistency is undecided)."""
        return self.sequential and self.consistent is True


def _zero_moves(game: ExtensiveFormGame, probs: tuple, node: int) -> set[tuple[int, int]]:
    out = set()
    for n, a in game.path(node):
        if n.is_decision and probs[game.players.index(n.player)][n.infoset][a] == 0:
            out.add((game.players.index(n.player), n.infoset))
    return out


def _best_belief(diffs: list[list[float]]) -> tuple[list[float] | None, float]:
    """A belief mu over nodes maximising min_a' sum_h mu_h diffs[h][a'] (>= 0 means optimal)."""
    import numpy as np
    from scipy.optimize import linprog

    k = len(diffs)
    m = len(diffs[0])
    # variables (mu_1..mu_k, t); maximise t s.t. t <= sum_h mu_h d[h][a'] for each a'
    c = np.zeros(k + 1)
    c[-1] = -1
    A_ub = np.array([[-diffs[h][a] for h in range(k)] + [1] for a in range(m)])
    res = linprog(
        c,
        A_ub=A_ub,
        b_ub=np.zeros(m),
        A_eq=np.array([[1] * k + [0]]),
        b_eq=[1],
        bounds=[(0, None)] * k + [(None, None)],
        method="highs",
    )
    if res.status != 0:
        return None, float("inf")
    return [float(x) for x in res.x[:k]], -float(res.x[-1])


def assess(
    game: ExtensiveFormGame, profile: BehaviorProfile, *, tol: float = DEFAULT_TOL
) -> Assessment:
    """Check sequential rationality and consistency of a behaviour profile (see the module docstring)."""
    game.require_perfect_recall("sequential")
    probs = profile.probabilities
    reach = [float(r) for r in reach_probabilities(game, probs)]
    values = node_values(game, probs)
    limit = tol * game.payoff_scale
    beliefs, on_path, regrets, notes = [], [], [], []
    ok = True
    tremble_use: dict[tuple[int, int], int] = {}
    consistent: bool | None = True
    for i, sets in enumerate(game.infosets):
        pb, po, pr = [], [], []
        for s in sets:
            b = [float(x) for x in probs[i][s.index]]
            act = [
                [float(values[game.nodes[h].children[a]][i]) for a in range(len(s.actions))]
                for h in s.nodes
            ]
            total = sum(reach[h] for h in s.nodes)
            if total > 0:
                mu = [reach[h] / total for h in s.nodes]
                q = [
                    sum(mu[j] * act[j][a] for j in range(len(s.nodes)))
                    for a in range(len(s.actions))
                ]
                r = max(q) - sum(p * v for p, v in zip(b, q, strict=True))
                pb.append(tuple(mu))
                po.append(True)
            else:
                own = [sum(p * v for p, v in zip(b, row, strict=True)) for row in act]
                diffs = [
                    [own[j] - act[j][a] for a in range(len(s.actions))] for j in range(len(s.nodes))
                ]
                mu, r = _best_belief(diffs)
                r = max(r, 0.0)
                pb.append(None if mu is None or r > limit else tuple(mu))
                po.append(False)
                used = [_zero_moves(game, probs, h) for h in s.nodes]
                flat = [x for u in used for x in u]
                if len(s.nodes) > 1 and (any(not u for u in used) or len(flat) != len(set(flat))):
                    consistent = None
                for x in set(flat):
                    tremble_use[x] = tremble_use.get(x, 0) + 1
            pr.append(r)
            if r > limit:
                ok = False
                notes.append(f"{game.players[i]} at {s.name!r} could gain {r:.3g}")
        beliefs.append(tuple(pb))
        on_path.append(tuple(po))
        regrets.append(tuple(pr))
    if consistent and any(c > 1 for c in tremble_use.values()):
        consistent = None
    return Assessment(
        profile, tuple(beliefs), tuple(on_path), tuple(regrets), ok, consistent, tuple(notes)
    )


@dataclass(frozen=True)
class SignallingEquilibrium:
    """A perfect Bayesian equilibrium of a signalling game.

    Attributes
    ----------
    profile : BehaviorProfile
    assessment : Assessment
    kind : {"pooling", "separating", "hybrid"}
    messages : tuple of str
        Each sender type's message (``"mixed"`` where the type randomises), in type order.
    """

    profile: BehaviorProfile
    assessment: Assessment
    kind: str
    messages: tuple[str, ...]

    @property
    def sequential(self) -> bool:
        """Whether the equilibrium is sequential (consistency proved)."""
        return self.assessment.is_sequential_equilibrium


def _sender(game: ExtensiveFormGame) -> int:
    root = game.root
    why = (
        "perfect_bayesian_equilibria needs a signalling game: a chance move to the sender's "
        "types, then the sender's message, then the receiver's response"
    )
    if not root.is_chance or game.num_players != 2:
        raise MethodNotApplicableError(why)
    owners = {game.nodes[c].player for c in root.children}
    if len(owners) != 1 or None in owners:
        raise MethodNotApplicableError(why)
    sender = game.players.index(owners.pop())
    if len(game.infosets[sender]) != len(root.children):
        raise MethodNotApplicableError(why)
    return sender


def perfect_bayesian_equilibria(
    game: ExtensiveFormGame, *, tol: float = DEFAULT_TOL
) -> list[SignallingEquilibrium]:
    """Perfect Bayesian equilibria of a signalling game, classified (see the module docstring).

    Examples
    --------
    >>> from gametheory.extensive.classics import beer_quiche
    >>> sorted({(e.kind, e.messages) for e in perfect_bayesian_equilibria(beer_quiche())})
    [('pooling', ('beer', 'beer')), ('pooling', ('quiche', 'quiche'))]
    """
    from .enumerate import enumerate_extensive

    sender = _sender(game)
    out = []
    for eq in enumerate_extensive(game, tol=tol):
        a = assess(game, eq, tol=tol)
        if not a.sequential:
            continue
        msgs = []
        for s, vec in zip(game.infosets[sender], eq.probabilities[sender], strict=True):
            support = [m for m, p in zip(s.actions, vec, strict=True) if p > 0]
            msgs.append(support[0] if len(support) == 1 else "mixed")
        if "mixed" in msgs:
            kind = "hybrid"
        elif len(set(msgs)) == 1:
            kind = "pooling"
        elif len(set(msgs)) == len(msgs):
            kind = "separating"
        else:
            kind = "hybrid"
        out.append(SignallingEquilibrium(eq, a, kind, tuple(msgs)))
    return out
