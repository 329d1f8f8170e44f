"""Behaviour-strategy profiles and the result type of every extensive-form solver.

A :class:`BehaviorProfile` gives each player one probability vector per information
set (in the order of ``game.infosets``, the pre-order of first appearance), with
the payoffs and the regret computed from the tree by :func:`make_behavior_profile`,
never taken on trust from an algorithm. An :class:`ExtensiveResult` holds the
verified profiles a solver found; its :meth:`~ExtensiveResult.to_dict` is the JSON
contract of ``gametheory solve FILE.efg --json``.

Examples
--------
>>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
>>> g = ExtensiveFormGame.from_tree(decision("A", {"x": terminal([1, 0]),
...     "y": decision("B", {"u": terminal([2, 1]), "v": terminal([0, 2])})}))
>>> prof = make_behavior_profile(g, {"A": [{"x": 1}], "B": [{"v": 1}]}, exact=True)
>>> prof["B"], prof.regret, prof.payoffs
([{'u': 0.0, 'v': 1.0}], 0.0, {'A': 1.0, 'B': 0.0})
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InvalidGameError
from ..game import to_fraction
from ..jsonsafe import json_number, json_safe
from ..result import EquilibriumSequence
from .evaluate import expected_payoffs, player_regrets, reach_probabilities
from .game import ExtensiveFormGame

__all__ = ["BehaviorProfile", "ExtensiveResult", "make_behavior_profile", "collect_profiles"]


@dataclass(frozen=True, eq=False)
class BehaviorProfile(Mapping[str, list]):
    """A behaviour-strategy profile with its payoffs and regret.

    ``profile[player]`` is a list with one ``{action: probability}`` dict per
    information set of the player, in ``game.infosets`` order.

    Attributes
    ----------
    game : ExtensiveFormGame
    probabilities : tuple
        Per player, per information set, a tuple of probabilities (Fractions when
        ``exact``, else floats).
    payoffs : dict of player to float
    regret : float
        Largest gain any player could make by changing their strategy.
    exact : bool
    exact_regret : Fraction or None
    properties : dict
        Extra facts (the subgame regret of an SPE, beliefs, a zero-sum value, ...).
    exact_payoffs : dict of player to Fraction, or None
        The payoffs as fractions, for an exact profile.
    """

    game: ExtensiveFormGame
    probabilities: tuple[tuple[tuple[Any, ...], ...], ...]
    payoffs: dict[str, float]
    regret: float
    exact: bool = False
    exact_regret: Fraction | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    exact_payoffs: dict[str, Fraction] | None = None

    def __getitem__(self, player: str) -> list[dict[str, float]]:
        i = self.game.player_index(player)
        return [
            {a: float(p) for a, p in zip(s.actions, vec, strict=True)}
            for s, vec in zip(self.game.infosets[i], self.probabilities[i], strict=True)
        ]

    def __iter__(self) -> Iterator[str]:
        return iter(self.game.players)

    def __len__(self) -> int:
        return self.game.num_players

    def action_probability(self, player: str, infoset: str | int, action: str) -> float:
        """Probability of ``action`` at a player's information set (by label, name or index)."""
        s = self.game.find_infoset(player, infoset)
        if action not in s.actions:
            raise InvalidGameError(
                f"information set {s.name!r} has no action {action!r}; it has {', '.join(s.actions)}"
            )
        return float(
            self.probabilities[self.game.player_index(player)][s.index][s.actions.index(action)]
        )

    def reach_probabilities(self) -> list[float]:
        """Probability of reaching each node in pre-order (with chance): the equilibrium path."""
        return [float(p) for p in reach_probabilities(self.game, self.probabilities)]

    @property
    def is_pure(self) -> bool:
        """Whether every information set has one action with probability 1."""
        return all(sum(1 for p in vec if p > 0) == 1 for pl in self.probabilities for vec in pl)

    def label(self) -> str:
        """A short description: chosen actions per player, mixtures in brackets."""
        parts = []
        for i, p in enumerate(self.game.players):
            acts = []
            for s, vec in zip(self.game.infosets[i], self.probabilities[i], strict=True):
                sup = [(a, q) for a, q in zip(s.actions, vec, strict=True) if q > 0]
                if len(sup) == 1:
                    acts.append(sup[0][0])
                else:
                    acts.append("[" + ", ".join(f"{a} {float(q):.3g}" for a, q in sup) + "]")
            if acts:
                parts.append(f"{p} {' '.join(acts)}")
        return " / ".join(parts)

    def to_dict(self, *, exact: bool = False) -> dict[str, Any]:
        """``{"behavior": {PLAYER: [{ACTION: p}, ...]}, "payoffs": ..., "regret": ...}``.

        With ``exact=True`` and an exact profile, probabilities are strings such as ``"1/3"``.
        """
        behavior = {}
        for i, p in enumerate(self.game.players):
            behavior[p] = [
                {
                    a: (str(q) if exact and self.exact else json_number(q))
                    for a, q in zip(s.actions, vec, strict=True)
                }
                for s, vec in zip(self.game.infosets[i], self.probabilities[i], strict=True)
            ]
        if exact and self.exact_payoffs is not None:
            payoffs: dict[str, Any] = {p: str(v) for p, v in self.exact_payoffs.items()}
        else:
            payoffs = {p: json_number(v) for p, v in self.payoffs.items()}
        out: dict[str, Any] = {
            "behavior": behavior,
            "payoffs": payoffs,
            "regret": float(self.regret),
        }
        if self.exact_regret is not None:
            out["exact_regret"] = str(self.exact_regret)
        if self.properties:
            out["properties"] = json_safe(dict(self.properties), whole=True)
        return out

    def __repr__(self) -> str:
        return f"<BehaviorProfile {self.label()} payoffs={self.payoffs} regret={self.regret:.3g}>"


def _vectors(game: ExtensiveFormGame, behavior: Any, exact: bool) -> tuple:
    """Normalise the accepted behaviour formats to per-player, per-infoset tuples."""
    if isinstance(behavior, BehaviorProfile):
        behavior = behavior.probabilities
    if isinstance(behavior, Mapping):
        unknown = [p for p in behavior if p not in game.players]
        if unknown:
            game.player_index(unknown[0])
        behavior = [behavior.get(p, []) for p in game.players]
    behavior = list(behavior)
    if len(behavior) != game.num_players:
        raise InvalidGameError(
            f"behaviour given for {len(behavior)} players, the game has {game.num_players}"
        )
    out = []
    for i, (p, sets) in enumerate(zip(game.players, game.infosets, strict=True)):
        given = list(behavior[i])
        if len(given) != len(sets):
            raise InvalidGameError(
                f"player {p!r} has {len(sets)} information sets, behaviour given for {len(given)}"
            )
        vecs = []
        for s, vec in zip(sets, given, strict=True):
            if isinstance(vec, Mapping):
                bad = [a for a in vec if a not in s.actions]
                if bad:
                    raise InvalidGameError(
                        f"information set {s.name!r} of {p!r} has no action {bad[0]!r}; "
                        f"it has {', '.join(s.actions)}"
                    )
                vec = [vec.get(a, 0) for a in s.actions]
            vec = list(vec)
            if len(vec) != len(s.actions):
                raise InvalidGameError(
                    f"information set {s.name!r} of {p!r} has {len(s.actions)} actions, "
                    f"{len(vec)} probabilities given"
                )
            if exact:
                v = tuple(to_fraction(x) for x in vec)
                if any(x < 0 for x in v) or sum(v) != 1:
                    raise InvalidGameError(
                        f"behaviour at {s.name!r} of {p!r} is not a probability vector: "
                        f"{[str(x) for x in v]}"
                    )
            else:
                arr = np.asarray(vec, dtype=float)
                if not np.all(np.isfinite(arr)) or np.any(arr < -1e-9) or arr.sum() <= 0:
                    raise InvalidGameError(
                        f"behaviour at {s.name!r} of {p!r} is not a probability vector: {vec}"
                    )
                arr = np.clip(arr, 0.0, None)
                arr[arr < 1e-13] = 0.0
                v = tuple(float(x) for x in arr / arr.sum())
            vecs.append(v)
        out.append(tuple(vecs))
    return tuple(out)


def make_behavior_profile(
    game: ExtensiveFormGame,
    behavior: Any,
    *,
    exact: bool = False,
    properties: Mapping[str, Any] | None = None,
) -> BehaviorProfile:
    """Build a :class:`BehaviorProfile`, computing payoffs and regret from the tree.

    Parameters
    ----------
    game : ExtensiveFormGame
    behavior : mapping or sequence
        ``{player: [ {action: p} or [p, ...], ... ]}`` with one entry per information
        set, or the same as a sequence in player order. Missing actions have probability 0.
    exact : bool
        Hold the profile in rational arithmetic (floats are read as decimals) and
        compute the regret exactly.
    properties : mapping, optional

    Returns
    -------
    BehaviorProfile
        Whatever the regret is: callers decide whether it is small enough.

    Examples
    --------
    >>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
    >>> g = ExtensiveFormGame.from_tree(decision("A", {"x": terminal([1]), "y": terminal([3])}))
    >>> make_behavior_profile(g, [[[1, 0]]]).regret
    2.0
    """
    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(f"expected an ExtensiveFormGame, got {type(game).__name__}")
    probs = _vectors(game, behavior, exact)
    if exact:
        pay = expected_payoffs(game, probs)
        regrets = player_regrets(game, probs)
        worst = max(regrets, default=Fraction(0))
        return BehaviorProfile(
            game,
            probs,
            {p: float(v) for p, v in zip(game.players, pay, strict=True)},
            float(worst),
            True,
            Fraction(worst),
            dict(properties or {}),
            {p: Fraction(v) for p, v in zip(game.players, pay, strict=True)},
        )
    floats = tuple(tuple(tuple(float(x) for x in v) for v in pl) for pl in probs)
    pay = expected_payoffs(game, floats)
    regrets = player_regrets(game, floats)
    return BehaviorProfile(
        game,
        floats,
        {p: float(v) for p, v in zip(game.players, pay, strict=True)},
        max(0.0, float(max(regrets, default=0.0))),
        False,
        None,
        dict(properties or {}),
    )


def profile_key(profile: BehaviorProfile, *, digits: int = 9) -> tuple:
    """A hashable key identifying a profile up to rounding (exactly for exact profiles)."""
    if profile.exact:
        return profile.probabilities
    return tuple(
        round(float(x), digits) + 0.0 for pl in profile.probabilities for v in pl for x in v
    )


def collect_profiles(
    game: ExtensiveFormGame,
    candidates: Iterable[Any],
    *,
    tol: float,
    exact: bool,
    method: str,
    properties: Sequence[Mapping[str, Any]] | None = None,
) -> tuple[tuple[BehaviorProfile, ...], list[str]]:
    """Verify candidate behaviour profiles and keep the distinct equilibria among them.

    A candidate passes when its regret is 0 (exact) or at most ``tol * game.payoff_scale``.
    Rejections are counted in a warning, never returned.
    """
    limit = tol * game.payoff_scale
    seen: set = set()
    found: list[BehaviorProfile] = []
    rejected, worst = 0, 0.0
    for k, cand in enumerate(candidates):
        props = properties[k] if properties is not None else None
        try:
            prof = make_behavior_profile(game, cand, exact=exact, properties=props)
        except InvalidGameError:
            rejected += 1
            continue
        key = profile_key(prof)
        if key in seen:
            continue
        seen.add(key)
        if (prof.exact_regret != 0) if exact else not (prof.regret <= limit):
            rejected += 1
            worst = max(worst, prof.regret)
            continue
        found.append(prof)
    warnings = []
    if rejected:
        what = "exact regret > 0" if exact else f"regret above {limit:.3g} (tol={tol:g})"
        warnings.append(
            f"{method}: rejected {rejected} candidate profile(s) with {what} "
            f"(largest regret {worst:.3g})"
        )
    return tuple(found), warnings


@dataclass(frozen=True, eq=False)
class ExtensiveResult(EquilibriumSequence[BehaviorProfile]):
    """What every extensive-form solver returns.

    Attributes
    ----------
    game : ExtensiveFormGame
    method : str
    equilibria : tuple of BehaviorProfile
    options : dict
    exact : bool
    complete : bool
        Whether every equilibrium of the kind the method looks for is listed.
    warnings : tuple of str
    value : dict of player to Fraction or float, optional
        The game value (zero-sum methods).
    """

    game: ExtensiveFormGame
    method: str
    equilibria: tuple[BehaviorProfile, ...]
    options: dict[str, Any] = field(default_factory=dict)
    exact: bool = False
    complete: bool = False
    warnings: tuple[str, ...] = ()
    value: dict[str, Any] | None = None

    def to_dict(self, *, exact: bool | None = None) -> dict[str, Any]:
        """The JSON contract of ``gametheory solve FILE.efg --json`` (README, "Extensive-form games")."""
        exact = self.exact if exact is None else exact
        g = self.game
        out: dict[str, Any] = {
            "game": {
                "title": g.title,
                "players": [
                    {
                        "name": p,
                        "infosets": [
                            {"label": s.label or None, "actions": list(s.actions)}
                            for s in g.infosets[i]
                        ],
                    }
                    for i, p in enumerate(g.players)
                ],
            },
            "infosets": {
                p: [s.label or None for s in g.infosets[i]] for i, p in enumerate(g.players)
            },
            "method": self.method,
            "options": json_safe(dict(self.options), whole=True),
            "exact": self.exact,
            "complete": self.complete,
            "equilibria": [e.to_dict(exact=exact) for e in self.equilibria],
            "warnings": list(self.warnings),
        }
        if self.value is not None:
            out["value"] = {
                p: (str(v) if exact and isinstance(v, Fraction) else json_number(v))
                for p, v in self.value.items()
            }
        return out

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as a JSON string."""
        return json.dumps(self.to_dict(), **kwargs)

    def to_frame(self) -> Any:
        """One row per equilibrium: each action probability (``player:infoset:action``), payoffs, regret."""
        import pandas as pd

        rows = []
        for k, e in enumerate(self.equilibria):
            row: dict[str, Any] = {"equilibrium": k + 1}
            for i, p in enumerate(self.game.players):
                for s, vec in zip(self.game.infosets[i], e.probabilities[i], strict=True):
                    for a, q in zip(s.actions, vec, strict=True):
                        row[f"{p}:{s.name}:{a}"] = float(q)
            for p, v in e.payoffs.items():
                row[f"payoff {p}"] = v
            row["regret"] = e.regret
            rows.append(row)
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return (
            f"<ExtensiveResult method={self.method!r}{' exact' if self.exact else ''} "
            f"{len(self)} equilibria{' (complete)' if self.complete else ''}>"
        )

    def _repr_html_(self) -> str:
        head = (
            f"<p><b>{len(self)} equilibri{'um' if len(self) == 1 else 'a'}</b> by "
            f"<code>{html.escape(self.method)}</code></p>"
        )
        warn = "".join(f"<p>&#9888; {html.escape(w)}</p>" for w in self.warnings)
        return head + (self.to_frame().to_html(index=False) if self.equilibria else "") + warn
