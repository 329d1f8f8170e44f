"""Agent logit quantal-response equilibrium (McKelvey and Palfrey 1998) of N-player trees.

At an agent QRE with precision ``lam`` every information set plays each action with
probability proportional to ``exp(lam * Q(a))``, where ``Q(a)`` is the owner's
expected payoff from the action, *conditional* on reaching the information set
(beliefs by Bayes' rule, well defined because play is fully mixed) and with play
continuing by the profile. At ``lam = 0`` play is uniform; as ``lam`` grows the
branch traced from there converges to a sequential equilibrium.

Algorithm: the fixed-point equations in log-probabilities,
``y_a - lam Q(a) + log sum_b exp(lam Q(b)) = 0`` for each information set, are
followed from ``lam = 0`` on a geometric grid of ``lam`` values, each solved by
``scipy.optimize.root`` warm-started at the previous point (steps shrink when a
solve fails).

:func:`agent_qre` returns the profile at one ``lam`` (a quantal-response profile,
with its regret reported, not an equilibrium). :func:`agent_logit` follows the branch
until the profile's regret is at most ``tol`` times the payoff scale and returns it as
a verified approximate Nash equilibrium.

Examples
--------
>>> from gametheory.extensive.classics import entry_deterrence
>>> q = agent_qre(entry_deterrence(), 0.0)
>>> q["Incumbent"]
[{'Fight': 0.5, 'Accommodate': 0.5}]
>>> res = agent_logit(entry_deterrence())
>>> res[0]["Incumbent"][0]["Accommodate"] > 0.999, res[0].regret < 1e-5  # tol 1e-6 x payoff spread
(True, True)
"""

from __future__ import annotations

import math

import numpy as np

from ..budget import check_budget
from ..errors import InvalidGameError, SolverError
from .evaluate import node_values, reach_probabilities
from .game import ExtensiveFormGame
from .profile import BehaviorProfile, ExtensiveResult, collect_profiles, make_behavior_profile

__all__ = ["agent_qre", "agent_logit", "MAX_LOGIT_WORK"]

#: Largest ``unknowns x nodes`` the branch is followed for. Each step solves the
#: fixed-point equations with a finite-difference Jacobian: one pass over the tree per
#: unknown (an action probability). Kuhn poker (24 x 55 = 1,320) takes about 5 s; the
#: cost grows with the square of the tree's size.
MAX_LOGIT_WORK = 2_500


class _Layout:
    def __init__(self, game: ExtensiveFormGame) -> None:
        self.game = game
        self.slots = []  # (player, infoset, start, size)
        k = 0
        for i, sets in enumerate(game.infosets):
            for s in sets:
                self.slots.append((i, s.index, k, len(s.actions)))
                k += len(s.actions)
        self.size = k
        # checked before any step: each Jacobian costs one pass over the tree per unknown
        check_budget(
            f"following the logit branch on this tree ({k:,} action probabilities, "
            f"{len(game.nodes):,} nodes)",
            k * len(game.nodes),
            MAX_LOGIT_WORK,
            unit="unknown-node evaluations per step",
            advice="use method 'spe' (perfect information, backward induction) or 'lcp' "
            "(two players), or a smaller tree",
        )
        scale = game.payoff_scale
        self.scale = scale

    def behavior(self, y: np.ndarray) -> tuple:
        per = [[None] * len(s) for s in self.game.infosets]
        for i, k, start, m in self.slots:
            v = y[start : start + m]
            p = np.exp(v - v.max())
            per[i][k] = tuple(float(x) for x in p / p.sum())
        return tuple(tuple(p) for p in per)

    def q_values(self, behavior: tuple) -> np.ndarray:
        game = self.game
        reach = reach_probabilities(game, behavior)
        values = node_values(game, behavior)
        out = np.zeros(self.size)
        for i, k, start, m in self.slots:
            s = game.infosets[i][k]
            weights = [reach[h] for h in s.nodes]
            total = sum(weights)
            if total <= 0:
                weights, total = [1.0] * len(s.nodes), float(len(s.nodes))
            for a in range(m):
                out[start + a] = (
                    sum(
                        w * float(values[game.nodes[h].children[a]][i])
                        for w, h in zip(weights, s.nodes, strict=True)
                    )
                    / total
                )
        return out / self.scale  # payoffs in units of the payoff scale

    def residual(self, y: np.ndarray, lam: float) -> np.ndarray:
        q = self.q_values(self.behavior(y))
        out = np.empty_like(y)
        for _, _, start, m in self.slots:
            z = lam * q[start : start + m]
            lse = z.max() + math.log(np.exp(z - z.max()).sum())
            out[start : start + m] = y[start : start + m] - z + lse
        return out


def _trace(
    layout: _Layout, lam_target: float, y0: np.ndarray | None = None, lam0: float = 0.0
) -> tuple[np.ndarray, float]:
    from scipy.optimize import root

    y = np.zeros(layout.size) if y0 is None else y0
    if y0 is None:
        for _, _, start, m in layout.slots:
            y[start : start + m] = -math.log(m)
    lam = lam0
    step = max(0.05, lam0 * 0.1)
    while lam < lam_target:
        nxt = min(lam_target, lam + step)
        sol = root(layout.residual, y, args=(nxt,), method="hybr")
        if sol.success and np.all(np.isfinite(sol.x)):
            y, lam = sol.x, nxt
            step = min(step * 1.5, max(0.05, lam * 0.5))
        else:
            step /= 4
            if step < 1e-9 * max(1.0, lam):
                raise SolverError(f"logit: the path could not be followed beyond lambda={lam:.4g}")
    return y, lam


def agent_qre(game: ExtensiveFormGame, lam: float) -> BehaviorProfile:
    """The agent logit QRE at precision ``lam`` (payoffs measured in units of the payoff scale).

    Returns a :class:`BehaviorProfile` whose regret says how far it is from equilibrium
    and whose ``properties["lambda"]`` is ``lam``.
    """
    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(f"agent_qre needs an ExtensiveFormGame, got {type(game).__name__}")
    try:
        lam = float(lam)
    except (TypeError, ValueError):
        raise InvalidGameError(f"lam must be a number >= 0, got {lam!r}") from None
    if not math.isfinite(lam) or lam < 0:
        raise InvalidGameError(f"lam must be a finite number >= 0, got {lam!r}")
    layout = _Layout(game)
    y, _ = _trace(layout, lam)
    return make_behavior_profile(game, layout.behavior(y), properties={"lambda": lam})


def agent_logit(
    game: ExtensiveFormGame,
    /,
    *,
    tol: float = 1e-6,
    max_lambda: float = 1e7,
) -> ExtensiveResult:
    """An approximate Nash equilibrium at the end of the agent logit QRE branch.

    Parameters
    ----------
    game : ExtensiveFormGame
    tol : float, default 1e-6
        Accept the profile once its regret is at most ``tol * game.payoff_scale``.
    max_lambda : float, default 1e7
        Give up (no equilibrium, a warning) past this precision.

    Returns
    -------
    ExtensiveResult
        Method ``"logit"``; the equilibrium's ``properties["lambda"]`` says where the
        branch was stopped.
    """
    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(f"agent_logit needs an ExtensiveFormGame, got {type(game).__name__}")
    if not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol >= 0):
        raise InvalidGameError(f"tol must be a finite number >= 0, got {tol!r}")
    layout = _Layout(game)
    limit = tol * game.payoff_scale
    y, lam = _trace(layout, 10.0)
    warnings: list[str] = []
    while True:
        prof = make_behavior_profile(game, layout.behavior(y))
        if prof.regret <= limit or lam >= max_lambda:
            break
        y, lam = _trace(layout, min(max_lambda, lam * 4), y, lam)
    candidate = layout.behavior(y)
    eqs, warn = collect_profiles(
        game, [candidate], tol=tol, exact=False, method="logit", properties=[{"lambda": lam}]
    )
    warnings.extend(warn)
    return ExtensiveResult(
        game,
        "logit",
        eqs,
        {"tol": tol, "max_lambda": max_lambda},
        exact=False,
        complete=False,
        warnings=tuple(warnings),
    )
