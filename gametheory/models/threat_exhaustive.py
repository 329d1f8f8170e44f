"""The exhaustive method of :func:`gametheory.models.threats.non_credible_threats`.

Every outcome of the game is tabulated and the Nash and subgame-perfect conditions are
evaluated with array reductions, stage by stage from the last (see the docstring of
:mod:`gametheory.models.threats`). Also the helpers both methods share: payoffs at
pure profiles, straight from the compiled formulas, and outcome labels.

Examples
--------
>>> import gametheory.models as gm, pathlib
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "regional_state.toml")
>>> order = [pid for stage in m.stages for pid in stage]
>>> analysis = exhaustive_analysis(m, order, max_equilibria=10, tol=1e-9)
>>> analysis.method, analysis.complete
('exhaustive', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .threat_result import Reluctance, Threat, ThreatAnalysis, ThreatEquilibrium

__all__ = ["exhaustive_analysis", "evaluate_profiles", "outcome_labels", "player_tolerances"]

#: Profiles evaluated per call of the compiled formulas (bounds the temporaries).
_CHUNK = 65_536


def evaluate_profiles(model: Any, profiles: np.ndarray) -> np.ndarray:
    """Every player's payoff at pure profiles (strategy indices in model player order)."""
    comp, P = model.compiled, model.value_vector()
    profiles = np.asarray(profiles, dtype=int).reshape(-1, len(model.players))
    return np.concatenate(
        [comp.payoffs(P, profiles[c : c + _CHUNK]) for c in range(0, len(profiles), _CHUNK)]
        or [np.zeros((0, len(model.players)))]
    )


def player_tolerances(payoffs: np.ndarray, tol: float) -> np.ndarray:
    """Each player's tie tolerance: ``tol`` times the spread of their payoffs.

    ``payoffs`` has players on its last axis. A player whose payoffs are all equal gets
    ``tol`` times their magnitude; non-finite entries are ignored and an overflowing
    spread (1e308 - -1e308) counts as the largest float. No absolute floor: payoffs
    times 1e-12 get tolerances times 1e-12, so the analysis does not depend on the
    payoffs' unit (the convention of the normal-form solvers,
    :func:`gametheory.solvers._common.payoff_scales`).

    Examples
    --------
    >>> u = np.array([[0.0, 5.0], [2.0, 5.0]])  # player 1's payoffs are all 5
    >>> small = player_tolerances(u * 2.0**-40, 1e-9)  # payoffs in a unit 2**40 times larger
    >>> player_tolerances(u, 1e-9).tolist(), (small * 2.0**40).tolist()
    ([2e-09, 5e-09], [2e-09, 5e-09])
    """
    flat = np.asarray(payoffs, dtype=float).reshape(-1, np.shape(payoffs)[-1])
    fin = np.isfinite(flat)
    hi = np.where(fin, flat, -np.inf).max(axis=0, initial=-np.inf)
    lo = np.where(fin, flat, np.inf).min(axis=0, initial=np.inf)
    with np.errstate(over="ignore", invalid="ignore"):
        spread = hi - lo
        size = np.maximum(np.abs(hi), np.abs(lo))
    spread = np.where(np.isnan(spread), 0.0, spread)
    spread = np.where(np.isinf(spread), np.finfo(float).max, spread)
    size = np.where(np.isfinite(size), size, 0.0)
    return tol * np.where(spread > 0, spread, size)


def outcome_labels(model: Any, order: list[str], outcome: Any) -> dict[str, str]:
    """``{player: strategy}`` of an outcome given as strategy indices in ``order``."""
    position = {pid: q for q, pid in enumerate(order)}
    return {p.id: p.strategies[int(outcome[position[p.id]])] for p in model.players}


@dataclass(frozen=True)
class _OutcomeTable:
    """Every outcome of a game, its payoffs, and the worst continuations after each move.

    Axes are players in stage order (``order``). ``payoffs[z + (q,)]`` is the payoff of
    ``order[q]`` at outcome ``z``. ``credible[q]`` is the lowest payoff subgame-perfect
    play can leave ``order[q]`` with after its move (``inf`` where there is none),
    reduced over the later movers' axes (kept with length 1).
    """

    model: Any
    order: list[str]
    payoffs: np.ndarray
    stage_of: list[int]
    later: list[tuple[int, ...]]
    credible: dict[int, np.ndarray]
    tol: np.ndarray  # per player, in stage order (see player_tolerances)

    def threat(self, outcome: tuple[int, ...], deviator: int, deviation: int) -> Threat | None:
        """The threat deterring ``order[deviator]`` from ``deviation`` at ``outcome``, or
        None when credible play deters it."""
        after = self.later[self.stage_of[deviator]]
        history = list(outcome)
        history[deviator] = deviation
        best_credible = float(self.credible[deviator][self._reduced(history, after)])
        on_path = float(self.payoffs[outcome][deviator])
        if best_credible <= on_path + self.tol[deviator]:
            return None
        continuations = self.payoffs[
            tuple(slice(None) if r in after else history[r] for r in range(len(history)))
            + (deviator,)
        ]
        harshest = np.unravel_index(int(np.argmin(continuations)), continuations.shape)
        for r, move in zip(after, harshest, strict=True):
            history[r] = int(move)
        punished = tuple(history)
        reluctant = [
            reluctance
            for r in after
            if (reluctance := self._reluctance(punished, r, after)) is not None
        ]
        strategies = self.model.player(self.order[deviator]).strategies
        return Threat(
            deviator=self.order[deviator],
            on_path=strategies[outcome[deviator]],
            deviation=strategies[deviation],
            punishment=outcome_labels(self.model, self.order, punished),
            deviator_payoff=float(self.payoffs[punished][deviator]),
            on_path_payoff=on_path,
            credible_payoff=None if not np.isfinite(best_credible) else best_credible,
            reluctant=tuple(reluctant),
        )

    def _reluctance(
        self, punished: tuple[int, ...], mover: int, after: tuple[int, ...]
    ) -> Reluctance | None:
        """``order[mover]``'s threatened move in ``punished``, if it would rather do
        otherwise (its best credible alternative gains more than its tolerance)."""
        own_after = tuple(x for x in after if self.stage_of[x] > self.stage_of[mover])
        options = []
        for alternative in range(self.payoffs.shape[mover]):
            if alternative == punished[mover]:
                continue
            history = list(punished)
            history[mover] = alternative
            value = float(self.credible[mover][self._reduced(history, own_after)])
            options.append((value, alternative))
        if not options:
            return None
        value, alternative = max(options)
        threatened = float(self.payoffs[punished][mover])
        if value <= threatened + self.tol[mover]:
            return None
        strategies = self.model.player(self.order[mover]).strategies
        return Reluctance(
            self.order[mover],
            strategies[punished[mover]],
            threatened,
            strategies[alternative],
            value,
        )

    @staticmethod
    def _reduced(history: list[int], reduced_axes: tuple[int, ...]) -> tuple[int, ...]:
        """The index of ``history`` in a table reduced (to length 1) over ``reduced_axes``."""
        return tuple(0 if r in reduced_axes else history[r] for r in range(len(history)))


def exhaustive_analysis(
    model: Any, order: list[str], max_equilibria: int, tol: float
) -> ThreatAnalysis:
    """Both outcome conditions over the full table of outcomes (axes in stage order)."""
    n_players = len(order)
    stage_of = [k for k, stage in enumerate(model.stages) for _ in stage]
    sizes = tuple(len(model.player(p).strategies) for p in order)
    outcomes = np.indices(sizes).reshape(n_players, -1).T  # stage order
    model_columns = [order.index(pid) for pid in model.player_ids]
    to_stage_order = [model.player_ids.index(pid) for pid in order]
    payoffs = evaluate_profiles(model, outcomes[:, model_columns])[:, to_stage_order]
    payoffs = payoffs.reshape(*sizes, n_players)
    tols = player_tolerances(payoffs, tol)  # relative to each player's payoff spread
    later = [
        tuple(q for q in range(n_players) if stage_of[q] > k) for k in range(len(model.stages))
    ]

    def lowest(values: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
        return values.min(axis=axes, keepdims=True) if axes else values

    nash = np.ones(sizes, bool)
    for q in range(n_players):  # the worst anyone can do to q after q's move
        worst = lowest(payoffs[..., q], later[stage_of[q]])
        nash &= payoffs[..., q] >= worst.max(axis=q, keepdims=True) - tols[q]
    spe = np.ones(sizes, bool)
    credible: dict[int, np.ndarray] = {}
    exists = True
    for k in reversed(range(len(model.stages))):
        movers = [q for q in range(n_players) if stage_of[q] == k]
        for q in movers:  # the worst subgame-perfect continuation after q's move
            credible[q] = lowest(np.where(spe, payoffs[..., q], np.inf), later[k])
        for q in movers:
            spe &= payoffs[..., q] >= credible[q].max(axis=q, keepdims=True) - tols[q]
        if not spe.any(axis=tuple(q for q in range(n_players) if stage_of[q] >= k)).all():
            exists = False
    warnings = []
    if not exists:
        warnings.append(
            "some subgame has no pure-strategy equilibrium, so the game has no "
            "pure subgame-perfect equilibrium; every pure Nash outcome is listed"
        )
        spe[...] = False
    targets = np.argwhere(nash & ~spe)
    complete = len(targets) <= max_equilibria
    if not complete:
        warnings.append(
            f"{len(targets)} outcomes found; only the first {max_equilibria} "
            "are listed (max_equilibria)"
        )
    table = _OutcomeTable(model, order, payoffs, stage_of, later, credible, tols)
    found = []
    for target in targets[:max_equilibria]:
        outcome = tuple(int(v) for v in target)
        threats = [
            threat
            for q in range(n_players)
            for deviation in range(sizes[q])
            if deviation != outcome[q]
            and (threat := table.threat(outcome, q, deviation)) is not None
        ]
        found.append(
            ThreatEquilibrium(
                path=outcome_labels(model, order, outcome),
                payoffs={
                    pid: float(payoffs[outcome][order.index(pid)]) for pid in model.player_ids
                },
                threats=tuple(threats),
            )
        )
    spe_list = tuple(outcome_labels(model, order, z) for z in np.argwhere(spe)[:max_equilibria])
    return ThreatAnalysis(
        model=model,
        method="exhaustive",
        equilibria=tuple(found),
        subgame_perfect=spe_list,
        n_nash=int(nash.sum()),
        complete=complete,
        scope=f"all {payoffs[..., 0].size:,} outcomes examined; exact",
        warnings=tuple(warnings),
    )
