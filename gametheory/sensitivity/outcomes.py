"""Outcomes of evaluated samples, and the quantities analyses are run on.

:func:`outcome_arrays` turns a model evaluator's batch result into plain arrays
(one outcome label, each player's action and payoff, the set of pure equilibria,
the number of equilibria, an ok flag per sample). An :class:`OutcomeTable` holds
them with the sample values, and :func:`parse_outcome` reads the outcome
specifications the analyses and the CLI accept:

==============================  ======================================================
spec                            value per sample
==============================  ======================================================
``payoff:USA``                  the player's payoff (numeric; see below)
``USA=pacific_nato*``           1 if the player's action matches the pattern (``fnmatch``)
``USA!=hedge``                  1 if it does not
``outcome=USA quad_plus*``      1 if the whole outcome matches
``equilibrium=USA tariff / *``  1 if some pure equilibrium matches ("X is an equilibrium")
``unique``                      1 if there is exactly one pure equilibrium
``equilibria``                  the number of pure equilibria (of the deciding stage)
==============================  ======================================================

By default (``select=None``) an outcome speaks of the *set* of pure equilibria:
``USA=tariff`` is 1 where USA plays ``tariff`` in every pure equilibrium (and there
is at least one), ``outcome=...`` matches the whole set's label, and
``payoff:USA`` is the payoff where the pure equilibrium is unique and NaN where
there are several (the analyses then refuse it, naming the share of such samples).
With ``select=RULE`` they speak of the equilibrium the rule selects ("the selected
equilibrium (rule R) is X"), evaluated by a model evaluator using that rule. For a
sequential model the set is the subgame-perfect path (under the model's declared
stage selection), so both readings agree.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import SensitivityError

__all__ = [
    "undetermined_note",
    "underflow_summary",
    "underflow_note",
    "OutcomeTable",
    "Outcome",
    "parse_outcome",
    "outcome_arrays",
]


def _first_attr(obj: Any, names: Sequence[str]) -> Any:
    for n in names:
        if isinstance(obj, Mapping) and n in obj:
            return obj[n]
        if hasattr(obj, n):
            return getattr(obj, n)
    return None


def outcome_arrays(batch: Any, players: Sequence[str]) -> dict[str, np.ndarray]:
    """Plain arrays from a model evaluator's result (``BatchOutcome``).

    Keys: ``label``, ``ok``, ``n_equilibria``, ``action:<player>``, ``payoff:<player>``
    (of the equilibrium the evaluator's rule selected), ``set`` (the set of pure
    equilibria as text) and ``set_action:<player>`` (the player's action in every
    equilibrium of the set, ``"(several)"`` where they differ).
    """
    n = None
    out: dict[str, np.ndarray] = {}
    labels = _first_attr(batch, ("labels", "label", "outcome_labels", "outcomes"))
    if callable(labels):
        labels = labels()
    if labels is not None:
        out["label"] = np.asarray(labels, dtype=object).astype(str).astype(object)
        n = len(out["label"])
    pay = _first_attr(batch, ("payoffs",))
    if pay is not None:
        pay = np.asarray(pay, dtype=float)
        n = pay.shape[0]
        for i, p in enumerate(players):
            out[f"payoff:{p}"] = pay[:, i]
    acts = _first_attr(batch, ("action_labels", "actions", "path_labels"))
    if callable(acts):  # BatchOutcome.action_labels(player)
        for p in players:
            out[f"action:{p}"] = np.asarray(acts(p), dtype=object)
    elif isinstance(acts, Mapping):
        for p in players:
            if p in acts:
                out[f"action:{p}"] = np.asarray(acts[p], dtype=object)
    elif acts is not None:
        arr = np.asarray(acts)
        strategies = _first_attr(batch, ("strategies",))
        if arr.dtype.kind in "USO":
            for i, p in enumerate(players):
                out[f"action:{p}"] = arr[:, i].astype(object)
        elif strategies is not None:
            for i, p in enumerate(players):
                names = np.array([*strategies[i], ""], dtype=object)
                out[f"action:{p}"] = names[arr[:, i]]
    set_labels = getattr(batch, "set_labels", None)
    if callable(set_labels):
        out["set"] = np.asarray(set_labels(), dtype=object)
        for p in players:
            out[f"set_action:{p}"] = np.asarray(batch.set_actions(p), dtype=object)
    neq = _first_attr(batch, ("n_equilibria", "num_equilibria", "equilibria"))
    if neq is not None:
        out["n_equilibria"] = np.asarray(neq, dtype=np.int64)
    ok = _first_attr(batch, ("ok",))
    if n is None:
        raise SensitivityError("the model evaluator returned neither labels nor payoffs")
    out["ok"] = np.ones(n, dtype=bool) if ok is None else np.asarray(ok, dtype=bool)
    und = getattr(batch, "undetermined", None)
    out["undetermined"] = np.zeros(n, dtype=bool) if und is None else np.asarray(und, dtype=bool)
    lost = getattr(batch, "underflow", None)  # players whose formulas underflowed, per sample
    out["underflow"] = (
        np.full(n, "", dtype=object) if lost is None else np.asarray(lost, dtype=object)
    )
    if "label" not in out:
        out["label"] = np.array(
            [
                " / ".join(f"{p} {out[f'action:{p}'][j]}" for p in players if f"action:{p}" in out)
                for j in range(n)
            ],
            dtype=str,
        )
    if "n_equilibria" not in out:
        out["n_equilibria"] = np.ones(n, dtype=np.int64)
    if "set" not in out:  # an evaluator that does not track sets: its one outcome
        out["set"] = out["label"]
        for p in players:
            if f"action:{p}" in out:
                out[f"set_action:{p}"] = out[f"action:{p}"]
    return out


@dataclass(frozen=True)
class Outcome:
    """A parsed outcome specification (see the module docstring)."""

    spec: str
    kind: str  # "payoff" | "action" | "label" | "member" | "unique" | "equilibria"
    player: str | None = None
    pattern: str | None = None
    negate: bool = False
    select: str | None = None

    @property
    def is_indicator(self) -> bool:
        return self.kind in ("action", "label", "member", "unique")

    def values(self, arrays: Mapping[str, np.ndarray]) -> np.ndarray:
        """The outcome's value per sample (floats; indicators are 0/1).

        NaN at a sample skipped as undetermined (see :func:`undetermined_note`): whether
        it has the outcome is not known, so it counts as missing, never as 0.
        """
        vals = self._values(arrays)
        und = arrays.get("undetermined")
        if und is not None and np.any(und):
            vals = np.where(np.asarray(und, dtype=bool), np.nan, vals)
        return vals

    def _values(self, arrays: Mapping[str, np.ndarray]) -> np.ndarray:
        on_set = self.select is None and "set" in arrays
        if self.kind == "payoff":
            pay = np.asarray(arrays[f"payoff:{self.player}"], dtype=float)
            if on_set and self.player is not None:
                several = np.asarray(arrays["n_equilibria"]) > 1
                if several.any() and not _sequential(arrays):
                    pay = np.where(several, np.nan, pay)
            return pay
        if self.kind == "equilibria":
            return np.asarray(arrays["n_equilibria"], dtype=float)
        if self.kind == "unique":
            return (np.asarray(arrays["n_equilibria"]) == 1).astype(float)
        if self.kind == "member":
            uniq, inv = np.unique(np.asarray(arrays["set"], dtype=str), return_inverse=True)
            hit = np.array(
                [any(fnmatch.fnmatchcase(e, self.pattern) for e in u.split("; ")) for u in uniq],
                dtype=bool,
            )
            res = hit[np.asarray(inv).ravel()]
            return (~res if self.negate else res).astype(float)
        if self.kind == "label":
            source = arrays["set"] if on_set else arrays["label"]
        else:
            source = arrays[f"set_action:{self.player}" if on_set else f"action:{self.player}"]
        uniq, inv = np.unique(np.asarray(source, dtype=str), return_inverse=True)
        hit = np.array([fnmatch.fnmatchcase(u, self.pattern) for u in uniq], dtype=bool)
        res = hit[np.asarray(inv).ravel()]
        return (~res if self.negate else res).astype(float)

    def describe(self) -> str:
        rule = f" (selected by rule {self.select})" if self.select else ""
        if self.kind == "payoff":
            return f"payoff of {self.player}{rule}"
        if self.kind == "equilibria":
            return "number of pure equilibria"
        if self.kind == "unique":
            return "the pure equilibrium is unique"
        if self.kind == "member":
            verb = "is not" if self.negate else "is"
            return f"{self.pattern} {verb} an equilibrium"
        what = "the outcome" if self.kind == "label" else self.player
        if self.select:
            what = (
                f"the equilibrium selected by rule {self.select}"
                if self.kind == "label"
                else f"{self.player} in the equilibrium selected by rule {self.select}"
            )
        verb = "is not" if self.negate else "is"
        return f"{what} {verb} {self.pattern}"


def _sequential(arrays: Mapping[str, np.ndarray]) -> bool:
    """A table of a sequential model: its set is the path (see the module docstring)."""
    sets = np.asarray(arrays["set"], dtype=str)
    return bool(len(sets)) and not any("; " in s for s in np.unique(sets))


def parse_outcome(
    spec: str,
    *,
    players: Sequence[str],
    strategies: Mapping[str, Sequence[str]] | None = None,
    select: str | None = None,
) -> Outcome:
    """Read an outcome specification, checking player and strategy names.

    ``select`` names the selection rule the outcome speaks of (None: the set).

    Examples
    --------
    >>> parse_outcome("USA=pacific_nato*", players=["USA", "CHN"])
    Outcome(spec='USA=pacific_nato*', kind='action', player='USA', pattern='pacific_nato*', negate=False, select=None)
    >>> parse_outcome("equilibrium=USA hedge / *", players=["USA", "CHN"]).describe()
    'USA hedge / * is an equilibrium'
    >>> parse_outcome("payoff:RUS", players=["USA", "CHN"])
    Traceback (most recent call last):
    ...
    gametheory.sensitivity.errors.SensitivityError: outcome 'payoff:RUS': unknown player 'RUS' (players: USA, CHN)
    """
    if not isinstance(spec, str) or not spec.strip():
        raise SensitivityError(f"outcome must be text such as 'payoff:USA', got {spec!r}")
    s = spec.strip()

    def check_player(p: str) -> str:
        if p not in players:
            raise SensitivityError(
                f"outcome {spec!r}: unknown player {p!r} (players: {', '.join(players)})"
            )
        return p

    if s in ("equilibria", "n_equilibria"):
        return Outcome(s, "equilibria", select=select)
    if s == "unique":
        return Outcome(s, "unique", select=select)
    if s.startswith("payoff:") or s.startswith("payoff."):
        return Outcome(s, "payoff", player=check_player(s[7:].strip()), select=select)
    negate = "!=" in s
    if "=" not in s:
        raise SensitivityError(
            f"outcome {spec!r} not understood: use 'payoff:PLAYER', 'PLAYER=strategy', "
            "'PLAYER!=strategy', 'outcome=LABEL', 'equilibrium=LABEL', 'unique' or "
            "'equilibria'"
        )
    left, right = (x.strip() for x in s.split("!=" if negate else "=", 1))
    if not right:
        raise SensitivityError(f"outcome {spec!r}: nothing after '='")
    if left in ("outcome", "label"):
        return Outcome(s, "label", pattern=right, negate=negate, select=select)
    if left in ("equilibrium", "eq"):
        return Outcome(s, "member", pattern=right, negate=negate, select=select)
    player = check_player(left)
    if strategies is not None and player in strategies:
        known = list(strategies[player])
        if not any(fnmatch.fnmatchcase(k, right) for k in known):
            raise SensitivityError(
                f"outcome {spec!r}: {right!r} matches no strategy of {player} ({', '.join(known)})"
            )
    return Outcome(s, "action", player=player, pattern=right, negate=negate, select=select)


@dataclass(frozen=True)
class OutcomeTable:
    """Evaluated samples: parameter values and the equilibrium outcome at each.

    Attributes
    ----------
    names : tuple of str
        The varying parameters (columns of ``values``).
    values : ndarray, shape (n, k)
    arrays : dict of str to ndarray
        ``label``, ``ok``, ``n_equilibria``, ``action:<player>``, ``payoff:<player>``.
    players : tuple of str
    """

    names: tuple[str, ...]
    values: np.ndarray
    arrays: dict[str, np.ndarray]
    players: tuple[str, ...]

    def __len__(self) -> int:
        return self.values.shape[0]

    @property
    def labels(self) -> np.ndarray:
        return self.arrays["label"]

    @property
    def ok(self) -> np.ndarray:
        return self.arrays["ok"]

    def outcome(self, spec: str | Outcome) -> np.ndarray:
        """Values of an outcome specification at every sample."""
        out = spec if isinstance(spec, Outcome) else parse_outcome(spec, players=self.players)
        return out.values(self.arrays)

    def to_frame(self) -> Any:
        """One row per sample: parameters, outcome label, actions, payoffs, equilibria, ok."""
        import pandas as pd

        cols: dict[str, Any] = {n: self.values[:, i] for i, n in enumerate(self.names)}
        cols["outcome"] = self.arrays["label"]
        for p in self.players:
            if f"action:{p}" in self.arrays:
                cols[f"{p} action"] = self.arrays[f"action:{p}"]
        for p in self.players:
            if f"payoff:{p}" in self.arrays:
                cols[f"{p} payoff"] = self.arrays[f"payoff:{p}"]
        cols["equilibria"] = self.arrays["n_equilibria"]
        cols["ok"] = self.arrays["ok"]
        return pd.DataFrame(cols)

    def __repr__(self) -> str:
        return (
            f"<OutcomeTable {len(self)} samples, {len(self.names)} parameters, "
            f"{len(np.unique(self.labels))} distinct outcomes>"
        )


def undetermined_note(table: OutcomeTable, *, shown: int = 5) -> str | None:
    """One line naming the samples of ``table`` whose equilibria were not listed (past a
    budget: see :mod:`gametheory.models.tree_batch`), or None when there are none.

    Their outcome is reported as undetermined, never guessed; the rest is answered.
    """
    und = table.arrays.get("undetermined")
    if und is None or not np.any(und):
        return None
    rows = np.flatnonzero(und)
    at = [
        ", ".join(f"{k}={v:g}" for k, v in zip(table.names, table.values[r], strict=True))
        or "the base point"
        for r in rows[:shown]
    ]
    more = f" and {len(rows) - shown:,} more" if len(rows) > shown else ""
    return (
        f"{len(rows):,} of {len(table):,} samples skipped as undetermined (listing their "
        f"subgame-perfect equilibria is past its budget; reported as undetermined, never "
        f"guessed): at {'; '.join(at)}{more}"
    )


def underflow_summary(*tables: OutcomeTable) -> dict[str, Any] | None:
    """How many samples of ``tables`` had a payoff formula fall below the floating-point
    range, of how many, and whose: ``{"samples", "of", "players"}`` (the JSON field
    ``underflow`` of the analyses), or None when none did.

    Such a sample's outcome was computed from payoffs that became 0 or imprecise (see
    :mod:`gametheory.models.underflow`), so it may be wrong; it is kept, and flagged.
    """
    samples, total, players = 0, 0, {}
    for table in tables:
        lost = table.arrays.get("underflow")
        total += len(table)
        if lost is None:
            continue
        hit = np.asarray(lost, dtype=object).astype(str)
        hit = hit[hit != ""]
        samples += len(hit)
        for names in np.unique(hit):
            players.update(dict.fromkeys(names.split(", ")))
    if not samples:
        return None
    return {"samples": samples, "of": total, "players": list(players)}


def underflow_note(*tables: OutcomeTable) -> str | None:
    """One line (the analyses' ``warning:``) from :func:`underflow_summary`, or None.

    Examples
    --------
    >>> import numpy as np
    >>> table = OutcomeTable(names=["p"], values=np.zeros((3, 1)), players=("A",),
    ...     arrays={"label": np.array(["x"] * 3, dtype=object),
    ...             "underflow": np.array(["A", "", "A"], dtype=object)})
    >>> underflow_note(table)[:60]
    "2 of 3 samples: A's payoff fell below the floating-point ran"
    """
    summary = underflow_summary(*tables)
    if summary is None:
        return None
    players = summary["players"]
    who = f"{players[0]}'s payoff" if len(players) == 1 else f"the payoffs of {', '.join(players)}"
    return (
        f"{summary['samples']:,} of {summary['of']:,} samples: {who} fell below the "
        "floating-point range (about 2.2e-308) and became 0 or imprecise, so their "
        "outcomes may be wrong; rescale the formula"
    )
