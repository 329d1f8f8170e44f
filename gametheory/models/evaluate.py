"""Batched, vectorised evaluation of a model over many parameter samples.

``model.evaluator()`` compiles the model once and returns a callable that maps an
``(n, k)`` array of parameter values (columns in ``model.parameter_names`` order),
or a mapping of names to arrays, to a :class:`BatchOutcome`: per sample, every
player's action on the selected path (sequential models) or in the selected pure
equilibrium (simultaneous models), the payoffs, the number of pure equilibria and
whether there is one at all. This is what sweeps and sensitivity analyses call.

For simultaneous models the result also carries the whole *set* of pure equilibria
of each sample (a packed bitmask over the game's profiles): ``set_labels()`` names
it (``"USA tariff / CHN tariff / EU no_tariff; USA tariff / CHN no_tariff / EU
tariff"``) and ``set_actions(player)`` gives the action the player takes in every
equilibrium of the set (``"(several)"`` where they differ). For sequential models
the set is not tracked by the batched path: their outcome is the subgame-perfect
path under the model's declared ``selection`` rule (``set_labels()`` is the path
label, and ``n_equilibria`` counts the pure equilibria of the stage on the path).

Examples
--------
>>> import gametheory.models as gm, pathlib, numpy as np
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "regional_state.toml")
>>> out = m.evaluator()(m.value_vector()[None, :])
>>> out.labels()[0]
'STATE hedge / CHN hedge'
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..budget import MAX_ANALYSIS_EVALUATIONS, MAX_TABLE_CELLS, check_budget
from ..errors import ModelError
from ..solvers.batch import best_response_mask
from ..suggest import hint as suggest_hint
from .compiled import shape_text
from .stage import TOL, select_equilibrium
from .underflow import watch_underflow

__all__ = ["BatchOutcome", "Evaluator", "make_evaluator"]


@dataclass(frozen=True)
class BatchOutcome:
    """Outcomes of a model for ``n`` parameter samples.

    Attributes
    ----------
    players : tuple of str
    strategies : tuple of tuple of str
    actions : ndarray (n, players) of int
        Strategy index of each player (-1 where there is no pure equilibrium).
    payoffs : ndarray (n, players)
    n_equilibria : ndarray (n,) of int
        Pure equilibria of the simultaneous stage(s) on the path (simultaneous
        models: of the game).
    ok : ndarray (n,) of bool
        Whether the sample has a pure (subgame-perfect) equilibrium.
    equilibrium_sets : ndarray (n, ceil(M / 8)) of uint8, or None
        Simultaneous models: the pure equilibria of each sample, as bits over the rows
        of ``profiles`` (``numpy.packbits`` order). None for sequential models.
    profiles : ndarray (M, players) of int, or None
        The profiles (strategy indices) the bits of ``equilibrium_sets`` refer to.
    selection : str
        The rule that picked ``actions`` among several equilibria.
    underflow : ndarray (n,) of object, or None
        Per sample, the players whose payoff formulas fell below the floating-point
        range there (became 0 or imprecise, so the outcome may be wrong), joined by
        ``", "``; ``""`` where none did (see :mod:`gametheory.models.underflow`).
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    actions: np.ndarray
    payoffs: np.ndarray
    n_equilibria: np.ndarray
    ok: np.ndarray
    equilibrium_sets: np.ndarray | None = None
    profiles: np.ndarray | None = None
    selection: str = ""
    underflow: np.ndarray | None = None

    @property
    def has_equilibrium(self) -> np.ndarray:
        return self.ok

    def __len__(self) -> int:
        return len(self.ok)

    def action_labels(self, player: str) -> np.ndarray:
        """Strategy labels of one player, ``""`` where unresolved."""
        i = self.players.index(player)
        names = np.array([*self.strategies[i], ""], dtype=object)
        return names[self.actions[:, i]]

    def labels(self) -> np.ndarray:
        """A stable outcome label per sample, e.g. ``"USA quad_plus / ... / CHN hedge"``."""
        rows, inverse = np.unique(self.actions, axis=0, return_inverse=True)
        names = []
        for row in rows:
            if (row < 0).any():
                names.append("no pure equilibrium")
            else:
                names.append(
                    " / ".join(
                        f"{p} {self.strategies[i][a]}"
                        for i, (p, a) in enumerate(zip(self.players, row, strict=True))
                    )
                )
        return np.array(names, dtype=object)[np.asarray(inverse).ravel()]

    def _profile_label(self, row: np.ndarray) -> str:
        return " / ".join(
            f"{p} {self.strategies[i][a]}"
            for i, (p, a) in enumerate(zip(self.players, row, strict=True))
        )

    def _sets(self) -> tuple[list[np.ndarray], np.ndarray]:
        """The distinct sets (each an array of profile rows) and each sample's index."""
        if self.equilibrium_sets is None or self.profiles is None:
            raise ValueError("this outcome carries no equilibrium sets (a sequential model)")
        packed = np.ascontiguousarray(self.equilibrium_sets)
        view = packed.view(np.dtype((np.void, max(1, packed.shape[1])))).ravel()
        uniq, inverse = np.unique(view, return_inverse=True)
        M = len(self.profiles)
        sets = []
        for u in uniq:
            bits = np.unpackbits(np.frombuffer(u.tobytes(), dtype=np.uint8))[:M]
            sets.append(self.profiles[np.flatnonzero(bits)])
        return sets, np.asarray(inverse).ravel()

    def set_labels(self) -> np.ndarray:
        """The set of pure equilibria of each sample as text, profiles joined by ``"; "``.

        ``"no pure equilibrium"`` for an empty set. Sequential models: the path label
        under the model's declared stage selection (see the module docstring;
        ``n_equilibria`` counts the pure equilibria of the stage on the path).
        """
        if self.equilibrium_sets is None or self.profiles is None:
            return self.labels()
        sets, inverse = self._sets()
        names = [
            "; ".join(self._profile_label(r) for r in rows) or "no pure equilibrium"
            for rows in sets
        ]
        return np.array(names, dtype=object)[inverse]

    def set_actions(self, player: str) -> np.ndarray:
        """The player's action in every pure equilibrium of the sample's set.

        ``"(several)"`` where the equilibria of the set differ in it, ``""`` where the set
        is empty. Sequential models: the action on the path.
        """
        if self.equilibrium_sets is None or self.profiles is None:
            return self.action_labels(player)
        i = self.players.index(player)
        sets, inverse = self._sets()
        names = []
        for rows in sets:
            acts = np.unique(rows[:, i])
            names.append(
                ""
                if not len(acts)
                else self.strategies[i][acts[0]]
                if len(acts) == 1
                else "(several)"
            )
        return np.array(names, dtype=object)[inverse]

    def to_frame(self) -> Any:
        """One row per sample: each player's action and payoff, equilibria count, ok."""
        import pandas as pd

        data: dict[str, Any] = {}
        for p in self.players:
            data[p] = self.action_labels(p)
        for i, p in enumerate(self.players):
            data[f"payoff {p}"] = self.payoffs[:, i]
        data["n_equilibria"] = self.n_equilibria
        data["ok"] = self.ok
        return pd.DataFrame(data)


class Evaluator:
    """Callable ``evaluate(values) -> BatchOutcome``; build with ``model.evaluator()``."""

    def __init__(
        self, model: Any, *, selection: str, fix: Mapping[str, str] | None = None, chunk: int = 2048
    ) -> None:
        self.model = model
        self.selection = selection
        self.fix = dict(fix or {})
        self.names = model.parameter_names
        self.base = model.value_vector()
        self.chunk = chunk
        if model.form == "sequential":
            self._solver = self._build_solver()
            if any(k is not None and k.uses_counts for k in self._solver.kernels):
                self.chunk = min(chunk, 256)
        else:
            self._shape = tuple(len(p.strategies) for p in model.players)
            keep = [
                [p.strategies.index(self.fix[p.id])]
                if p.id in self.fix
                else list(range(len(p.strategies)))
                for p in model.players
            ]
            self._shape = tuple(len(k) for k in keep)
            n_profiles = math.prod(self._shape)
            check_budget(
                f"{model.location}: evaluating the {shape_text(self._shape)} payoff table",
                n_profiles * len(keep),
                MAX_TABLE_CELLS,
                unit="cells per sample (profiles x players)",
                advice="fix some players' strategies or use a smaller model",
            )
            self._profiles = np.array(list(itertools.product(*keep)), dtype=int)
            self.chunk = max(1, min(chunk, 2_000_000 // max(1, len(self._profiles))))

    def _build_solver(self) -> Any:
        from .sequential import BackwardInduction

        return BackwardInduction(self.model, self.fix, self.selection)

    def __getstate__(self) -> dict[str, Any]:
        # compiled formulas do not pickle: a copy sent to another process (a worker of
        # a parallel sweep) compiles them again on arrival
        state = dict(self.__dict__)
        state.pop("_solver", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if self.model.form == "sequential":
            self._solver = self._build_solver()

    def matrix(self, values: Mapping[str, Any] | np.ndarray) -> np.ndarray:
        """The ``(n, k)`` parameter array for ``values`` (missing names take base values)."""
        if isinstance(values, Mapping):
            unknown = [k for k in values if k not in self.names]
            if unknown:
                raise ModelError(
                    f"{self.model.location}: unknown parameter {unknown[0]!r}"
                    f"{suggest_hint(unknown[0], self.names, n=3)}"
                )
            cols = {k: np.asarray(v, dtype=float).ravel() for k, v in values.items()}
            n = max((len(v) for v in cols.values()), default=1)
            P = np.tile(self.base, (n, 1))
            for k, v in cols.items():
                if len(v) not in (1, n):
                    raise ModelError(f"{k}: {len(v)} values, expected {n}")
                P[:, self.names.index(k)] = v
            return P
        P = np.asarray(values, dtype=float)
        if P.ndim == 1:
            P = P[None, :]
        if P.ndim != 2 or P.shape[1] != len(self.names):
            raise ModelError(
                f"{self.model.location}: parameter samples must have shape "
                f"(n, {len(self.names)}) in model.parameter_names order, got "
                f"{P.shape}"
            )
        if not np.isfinite(P).all():
            raise ModelError(f"{self.model.location}: parameter samples contain NaN or inf")
        return P

    def __call__(self, values: Mapping[str, Any] | np.ndarray) -> BatchOutcome:
        P = self.matrix(values)
        m = self.model
        if m.form != "sequential":
            per_sample = len(self._profiles) * len(m.players)
            check_budget(
                f"{m.location}: {len(P):,} samples of the {shape_text(self._shape)} game",
                len(P) * per_sample,
                MAX_ANALYSIS_EVALUATIONS,
                unit="payoff evaluations (samples x profiles x players)",
                advice="draw fewer samples, fix some players' strategies or use a smaller model",
            )
        parts = [self._evaluate(P[s : s + self.chunk]) for s in range(0, len(P), self.chunk)]
        if not parts:
            parts = [self._evaluate(P[:0])]
        actions, payoffs, n_eq, ok, lost = (
            np.concatenate(x) for x in zip(*[(*q[:4], q[5]) for q in parts], strict=True)
        )
        sets = None
        if parts[0][4] is not None:
            sets = np.concatenate([q[4] for q in parts])
        return BatchOutcome(
            players=m.player_ids,
            strategies=tuple(p.strategies for p in m.players),
            actions=actions,
            payoffs=payoffs,
            n_equilibria=n_eq,
            ok=ok,
            equilibrium_sets=sets,
            profiles=None if sets is None else self._profiles,
            selection=self.selection,
            underflow=lost,
        )

    def _evaluate(self, P: np.ndarray) -> tuple[Any, ...]:
        """The outcome arrays of the samples ``P``, with each sample's players whose
        formulas underflowed (numpy reports it only when it happens: no cost until then)."""
        with watch_underflow() as watch:
            if self.model.form == "sequential":
                b = self._solver.solve(0, P, {}, False)
                out = (b.profile, b.payoffs, b.n_equilibria, b.ok, None)
            else:
                out = self._simultaneous(P)
        return (*out, watch.labels_at(P))

    def _simultaneous(self, P: np.ndarray) -> tuple[Any, ...]:
        comp = self.model.compiled
        n, N = P.shape[0], len(self.model.players)
        pay = comp.payoffs(P, self._profiles)  # (n, M, N)
        grid = pay.reshape(n, *self._shape, N)
        is_eq = np.ones((n, *self._shape), bool)
        for i in range(N):
            tol = _sample_tolerance(pay[..., i], grid.ndim - 1)
            is_eq &= best_response_mask(grid[..., i], axis=1 + i, tol=tol)
        is_eq = is_eq.reshape(n, len(self._profiles))
        n_eq = is_eq.sum(axis=1)
        pick = np.zeros(n, dtype=int)
        for b in np.flatnonzero(n_eq > 1):
            idx = np.flatnonzero(is_eq[b])
            tol = np.array([_sample_tolerance(pay[b : b + 1, :, i], 1)[0] for i in range(N)])
            pick[b] = idx[select_equilibrium(self.selection, pay[b, idx], tol)]
        pick[n_eq == 1] = np.argmax(is_eq[n_eq == 1], axis=1)
        ok = n_eq > 0
        rows = np.arange(n)
        full = self._profiles.copy()
        actions = np.where(ok[:, None], full[pick], -1)
        # report strategy indices of the unrestricted game
        for i, p in enumerate(self.model.players):
            if p.id in self.fix:
                actions[ok, i] = p.strategies.index(self.fix[p.id])
        payoffs = np.where(ok[:, None], pay[rows, pick], np.nan) if n else np.zeros((0, N))
        return actions, payoffs, n_eq, ok, np.packbits(is_eq, axis=1)


def _sample_tolerance(u: np.ndarray, ndim: int) -> np.ndarray:
    """Per sample, ``TOL`` times the player's payoff spread (plus rounding at the payoffs'
    magnitude): ties are judged relative to the payoff scale, with no absolute floor, so
    a model whose payoffs are all times 1e-12 has the same equilibria."""
    with np.errstate(over="ignore", invalid="ignore"):
        spread = u.max(axis=1) - u.min(axis=1)
        size = np.abs(u).max(axis=1)
        tol = TOL * spread + 8 * np.finfo(float).eps * size
    return tol.reshape((-1,) + (1,) * (ndim - 1))


def make_evaluator(
    model: Any, *, selection: str, fix: Mapping[str, str] | None = None
) -> Evaluator:
    """Build the vectorised evaluator of ``model`` (see the module docstring)."""
    return Evaluator(model, selection=selection, fix=fix)
