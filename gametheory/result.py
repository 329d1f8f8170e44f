"""The one result type every solver returns.

An :class:`EquilibriumResult` records the game, the method and its options,
whether arithmetic was exact, whether the method claims to have found *all*
equilibria of its kind, and a tuple of :class:`Equilibrium` objects. Each
equilibrium is a labelled mixed profile with the players' payoffs and its
*regret* (the largest gain any player could make by deviating), computed by
:func:`make_equilibrium` from the game itself, never taken on trust from an
algorithm.

Examples
--------
>>> from gametheory import NormalFormGame
>>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], players=("Even", "Odd"),
...                                  strategies=(("H", "T"), ("H", "T")))
>>> eq = make_equilibrium(g, [[0.5, 0.5], [0.5, 0.5]])
>>> eq["Even"]["H"], eq.regret
(0.5, 0.0)
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

from .errors import InvalidGameError
from .game import NormalFormGame, to_fraction
from .jsonsafe import json_number, json_safe

if TYPE_CHECKING:
    from ._typing import Profile
    from .selection import Selection

__all__ = [
    "Equilibrium",
    "EquilibriumResult",
    "EquilibriumSequence",
    "make_equilibrium",
    "DEFAULT_TOL",
    "SCOPES",
]


class _HasRegret(Protocol):
    @property
    def regret(self) -> float: ...


_E = TypeVar("_E", bound=_HasRegret)

#: What a solver searched for, the value of :attr:`EquilibriumResult.scope`.
SCOPES: dict[str, str] = {
    "all": "every Nash equilibrium (for two players: every extreme equilibrium, with the "
    "connected sets they span)",
    "pure": "the pure equilibria only; mixed equilibria were not searched",
    "one": "one equilibrium; others may exist",
    "some": "several equilibria, with no guarantee that every one is found",
}

#: Default tolerance on regret for a float profile to count as an equilibrium.
DEFAULT_TOL = 1e-8


@dataclass(frozen=True, eq=False)
class Equilibrium(Mapping[str, Mapping[str, float]]):
    """A labelled mixed-strategy profile with its payoffs and regret.

    Indexing by player name gives that player's mixed strategy as
    ``{strategy: probability}``; ``eq.vectors`` holds the probability vectors
    in player order, ``eq.exact_vectors`` the rational ones when the profile
    was computed or verified exactly.

    Attributes
    ----------
    game : NormalFormGame
    vectors : tuple of ndarray
    payoffs : dict of player to float
    regret : float
        Largest gain from a unilateral pure deviation (0 for an exact equilibrium).
    exact_vectors : tuple of tuple of Fraction, or None
    exact_regret : Fraction or None
    properties : dict
        Extra facts about the equilibrium (strictness, dominance, ...).
    """

    game: NormalFormGame
    vectors: tuple[np.ndarray, ...]
    payoffs: dict[str, float]
    regret: float
    exact_vectors: tuple[tuple[Fraction, ...], ...] | None = None
    exact_regret: Fraction | None = None
    properties: dict[str, Any] = field(default_factory=dict)

    # Mapping interface: eq["USA"]["hedge"]
    def __getitem__(self, player: str) -> dict[str, float]:
        i = self.game.player_index(player)
        return {s: float(p) for s, p in zip(self.game.strategies[i], self.vectors[i], strict=True)}

    def __iter__(self) -> Iterator[str]:
        return iter(self.game.players)

    def __len__(self) -> int:
        return self.game.num_players

    @property
    def is_exact(self) -> bool:
        """Whether the profile is held in rational arithmetic and verified exactly."""
        return self.exact_vectors is not None

    @property
    def exact_payoffs(self) -> dict[str, Fraction] | None:
        """Each player's expected payoff as a fraction, for an exact profile (else None).

        Examples
        --------
        >>> from gametheory import NormalFormGame
        >>> g = NormalFormGame.from_bimatrix([[0, 3], [2, 1]], [[1, 0], [0, 1]])
        >>> make_equilibrium(g, [["1/2", "1/2"], ["1/2", "1/2"]], exact=True).exact_payoffs
        {'Row': Fraction(3, 2), 'Column': Fraction(1, 2)}
        """
        if self.exact_vectors is None:
            return None
        values = self.game.expected_payoffs(self.exact_vectors, exact=True)
        return {p: Fraction(values[i]) for i, p in enumerate(self.game.players)}

    @property
    def is_pure(self) -> bool:
        """Whether every player puts probability 1 on one strategy."""
        return all(np.count_nonzero(v > 0) == 1 for v in self.vectors)

    def support(self, player: str) -> tuple[str, ...]:
        """Strategies a player uses with positive probability."""
        i = self.game.player_index(player)
        return tuple(
            s for s, p in zip(self.game.strategies[i], self.vectors[i], strict=True) if p > 0
        )

    def pure_profile(self) -> dict[str, str] | None:
        """``{player: strategy}`` for a pure equilibrium, else None."""
        if not self.is_pure:
            return None
        return {p: self.support(p)[0] for p in self.game.players}

    def label(self, *, exact: bool = False) -> str:
        """A short stable name, e.g. ``"Row D / Column D"`` or with mixtures in brackets.

        Probabilities print with 3 significant digits, the same for a float and an
        exact profile; ``exact=True`` prints an exact profile's fractions instead.
        """
        parts = []
        for p in self.game.players:
            sup = self.support(p)
            if len(sup) == 1:
                parts.append(f"{p} {sup[0]}")
            else:
                mix = ", ".join(f"{s} {self._prob_text(p, s, exact)}" for s in sup)
                parts.append(f"{p} [{mix}]")
        return " / ".join(parts)

    def _prob_text(self, player: str, strategy: str, exact: bool) -> str:
        i = self.game.player_index(player)
        if exact and self.exact_vectors is not None:
            return str(self.exact_vectors[i][self.game.strategies[i].index(strategy)])
        return f"{self[player][strategy]:.3g}"

    def to_dict(self, *, exact: bool = False) -> dict[str, Any]:
        """The JSON form of the README ("JSON output").

        ``profile``, ``payoffs`` and ``regret`` are always numbers; with ``exact=True``
        and an exact profile, ``exact_profile`` and ``exact_payoffs`` hold the same
        values as fraction strings such as ``"1/3"``; ``exact_regret`` is there whenever
        the regret was computed exactly.

        Examples
        --------
        >>> from gametheory import NormalFormGame
        >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
        >>> d = make_equilibrium(g, [["1/2", "1/2"], ["1/2", "1/2"]], exact=True).to_dict(exact=True)
        >>> d["profile"]["Row"], d["exact_profile"]["Row"], d["exact_payoffs"]
        ({'1': 0.5, '2': 0.5}, {'1': '1/2', '2': '1/2'}, {'Row': '0', 'Column': '0'})
        """
        game = self.game
        out: dict[str, Any] = {
            "profile": {
                p: {
                    s: json_number(q)
                    for s, q in zip(game.strategies[i], self.vectors[i], strict=True)
                }
                for i, p in enumerate(game.players)
            },
            "payoffs": {p: json_number(v) for p, v in self.payoffs.items()},
            "regret": float(self.regret),
        }
        if exact and self.exact_vectors is not None:
            out["exact_profile"] = {
                p: {
                    s: str(q)
                    for s, q in zip(game.strategies[i], self.exact_vectors[i], strict=True)
                }
                for i, p in enumerate(game.players)
            }
            out["exact_payoffs"] = {p: str(v) for p, v in self.exact_payoffs.items()}
        if self.exact_regret is not None:
            out["exact_regret"] = str(self.exact_regret)
        if self.properties:
            out["properties"] = json_safe(dict(self.properties), whole=True)
        return out

    def __repr__(self) -> str:
        exact = self.exact_payoffs
        if exact is not None:
            pay = ", ".join(f"{p!r}: {v}" for p, v in exact.items())
            return (
                f"<Equilibrium {self.label(exact=True)} payoffs={{{pay}}} "
                f"regret {self.exact_regret}>"
            )
        return f"<Equilibrium {self.label()} payoffs={self.payoffs} regret={self.regret:.3g}>"


def make_equilibrium(
    game: NormalFormGame,
    vectors: Profile,
    *,
    exact: bool = False,
    properties: Mapping[str, Any] | None = None,
) -> Equilibrium:
    """Build an :class:`Equilibrium` from probability vectors, computing payoffs and regret.

    Parameters
    ----------
    game : NormalFormGame
    vectors : sequence of probability vectors, one per player
    exact : bool
        Hold the profile in rational arithmetic (floats are read as decimals) and
        compute the regret exactly.
    properties : mapping, optional

    Returns
    -------
    Equilibrium
        Whatever the regret is: callers decide whether it is small enough.
    """
    if len(vectors) != game.num_players:
        raise InvalidGameError(f"{len(vectors)} strategies given for {game.num_players} players")
    if exact:
        ex = tuple(tuple(to_fraction(x) for x in v) for v in vectors)
        for i, v in enumerate(ex):
            if len(v) != game.shape[i] or any(x < 0 for x in v) or sum(v) != 1:
                raise InvalidGameError(
                    f"strategy of {game.players[i]!r} is not a probability vector: {v}"
                )
        payoffs_exact = game.expected_payoffs(ex, exact=True)
        regret_exact = game.regret(ex, exact=True)
        floats = tuple(np.array([float(x) for x in v]) for v in ex)
        return Equilibrium(
            game=game,
            vectors=floats,
            payoffs={p: float(payoffs_exact[i]) for i, p in enumerate(game.players)},
            regret=float(regret_exact),
            exact_vectors=ex,
            exact_regret=regret_exact,
            properties=dict(properties or {}),
        )
    floats = []
    for i, v in enumerate(vectors):
        arr = np.asarray(v, dtype=float).copy()
        if arr.shape != (game.shape[i],) or not np.all(np.isfinite(arr)):
            raise InvalidGameError(
                f"strategy of {game.players[i]!r} must be {game.shape[i]} finite probabilities"
            )
        arr[np.abs(arr) < 1e-13] = 0.0
        arr = np.clip(arr, 0.0, None)
        s = arr.sum()
        if s <= 0:
            raise InvalidGameError(f"strategy of {game.players[i]!r} has no positive probability")
        arr = arr / s
        arr.setflags(write=False)
        floats.append(arr)
    dev = game.deviation_payoffs(floats)  # once: payoffs and regret both come from it
    pay = [float(d @ v) for d, v in zip(dev, floats, strict=True)]
    reg = max(float(d.max()) - u for d, u in zip(dev, pay, strict=True))
    return Equilibrium(
        game=game,
        vectors=tuple(floats),
        payoffs={p: pay[i] for i, p in enumerate(game.players)},
        regret=max(reg, 0.0),
        properties=dict(properties or {}),
    )


class EquilibriumSequence(Sequence[_E]):
    """The sequence behaviour of a solver's result: it is its tuple of equilibria.

    :class:`EquilibriumResult` and :class:`~gametheory.extensive.profile.ExtensiveResult`
    both index, count and iterate over ``self.equilibria`` and report their largest
    regret; this base class says so once.
    """

    equilibria: tuple[_E, ...]

    def __getitem__(self, i: int) -> _E:  # type: ignore[override]
        return self.equilibria[i]

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[_E]:
        return iter(self.equilibria)

    @property
    def max_regret(self) -> float:
        """Largest regret over the equilibria (0.0 when there are none)."""
        return max((e.regret for e in self.equilibria), default=0.0)


@dataclass(frozen=True, eq=False)
class EquilibriumResult(EquilibriumSequence[Equilibrium]):
    """What every solver returns.

    Attributes
    ----------
    game : NormalFormGame
    method : str
        The solver's name, as accepted by :func:`gametheory.solve`.
    equilibria : tuple of Equilibrium
    options : dict
        The options the solver ran with.
    exact : bool
        Whether the arithmetic was exact (rational).
    complete : bool
        True only when every Nash equilibrium of the game is listed (for two players:
        every extreme equilibrium, from which the connected sets follow). A search
        that was cut short, or that looked only for pure equilibria, is not complete
        (``pure`` is complete only when the game is solved by iterated strict
        dominance, so that its one equilibrium is pure).
    warnings : tuple of str
        Anything the user should know (non-convergence, candidates rejected by the
        regret check, a search cut short, ...).
    scope : str
        What was searched for: a key of :data:`SCOPES` (``"all"``, ``"pure"``,
        ``"one"``, ``"some"``).
    selection : Selection or None
        The equilibrium picked by a named rule (:mod:`gametheory.selection`), or None
        when no rule was asked for.
    """

    game: NormalFormGame
    method: str
    equilibria: tuple[Equilibrium, ...]
    options: dict[str, Any] = field(default_factory=dict)
    exact: bool = False
    complete: bool = False
    warnings: tuple[str, ...] = ()
    scope: str = "some"
    selection: Selection | None = None

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise InvalidGameError(f"scope must be one of {', '.join(SCOPES)}, got {self.scope!r}")

    @property
    def selected(self) -> Equilibrium | None:
        """The equilibrium chosen by :attr:`selection`'s rule, or None (no rule asked for)."""
        return None if self.selection is None else self.selection.equilibrium

    def coverage(self) -> str:
        """In words: what the list covers (scope and completeness), for people to read.

        Examples
        --------
        >>> from gametheory import NormalFormGame, solve
        >>> solve(NormalFormGame.from_bimatrix([[1, 0], [0, 1]])).coverage()
        'complete: every equilibrium of the game is listed'
        """
        if self.complete:
            if self.scope == "pure":
                return (
                    "complete: the game is solved by iterated strict dominance, so its "
                    "only equilibrium is pure"
                )
            return "complete: every equilibrium of the game is listed"
        if self.scope == "all":
            return "not complete: the search for every equilibrium was cut short (see warnings)"
        if self.scope == "pure":
            return "not complete: pure equilibria only; mixed equilibria were not searched"
        if self.scope == "one":
            return "not complete: the method looks for one equilibrium; others may exist"
        return "not complete: the method does not guarantee to find every equilibrium"

    def to_dict(self, *, exact: bool | None = None) -> dict[str, Any]:
        """The documented JSON form (see README, "JSON output"), as ``solve --json`` prints it.

        ``exact`` (default: whether the result is exact) adds each equilibrium's
        ``exact_profile`` and ``exact_payoffs`` as fraction strings; the numbers in
        ``profile`` and ``payoffs`` are there either way.
        """
        exact = self.exact if exact is None else exact
        g = self.game
        return {
            "game": {
                "title": g.title,
                "players": [
                    {"name": p, "strategies": list(g.strategies[i])}
                    for i, p in enumerate(g.players)
                ],
            },
            "method": self.method,
            "options": json_safe(dict(self.options), whole=True),
            "exact": self.exact,
            "complete": self.complete,
            "scope": self.scope,
            "selection": None if self.selection is None else self.selection.to_dict(),
            "equilibria": [e.to_dict(exact=exact) for e in self.equilibria],
            "warnings": list(self.warnings),
        }

    def to_json(self, *, exact: bool | None = None, **kwargs: Any) -> str:
        """:meth:`to_dict` as a JSON string (``kwargs`` go to :func:`json.dumps`)."""
        return json.dumps(self.to_dict(exact=exact), **kwargs)

    def to_frame(self, *, exact: bool | None = None) -> Any:
        """One row per equilibrium: each probability, each payoff, and the regret.

        With ``exact`` (default: whether the result is exact) the probabilities, payoffs
        and regret of exact equilibria are :class:`~fractions.Fraction` values, which
        print as ``3/5``.

        Examples
        --------
        >>> from gametheory import NormalFormGame, solve
        >>> g = NormalFormGame.from_bimatrix([[0, 3], [2, 1]], [[1, 0], [0, 1]])
        >>> print(solve(g, method="enumerate", exact=True).to_frame().to_string(index=False))
         equilibrium Row:1 Row:2 Column:1 Column:2 payoff Row payoff Column regret
                   1   1/2   1/2      1/2      1/2        3/2           1/2      0
        """
        import pandas as pd

        exact = self.exact if exact is None else exact
        rows = []
        for k, e in enumerate(self.equilibria):
            use = exact and e.exact_vectors is not None
            vectors = e.exact_vectors if use else e.vectors
            payoffs = e.exact_payoffs if use else e.payoffs
            row: dict[str, Any] = {"equilibrium": k + 1}
            for i, p in enumerate(self.game.players):
                for s, q in zip(self.game.strategies[i], vectors[i], strict=True):
                    row[f"{p}:{s}"] = q if use else float(q)
            for p, v in payoffs.items():
                row[f"payoff {p}"] = v
            row["regret"] = e.exact_regret if use and e.exact_regret is not None else e.regret
            rows.append(row)
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self.options.items())
        return (
            f"<EquilibriumResult method={self.method!r}{' exact' if self.exact else ''} "
            f"{len(self)} equilibria scope={self.scope!r}{' (complete)' if self.complete else ''}"
            f"{' [' + opts + ']' if opts else ''}"
            f"{'' if self.selection is None else ' selected by ' + self.selection.rule}>"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        head = (
            f"<p><b>{len(self)} equilibri{'um' if len(self) == 1 else 'a'}</b> by "
            f"<code>{esc(self.method)}</code>{' (exact)' if self.exact else ''}"
            f"; {esc(self.coverage())}</p>"
        )
        if self.selection is not None:
            head += (
                f"<p>Selected by rule <code>{esc(self.selection.rule)}</code>: "
                f"{esc(self.selection.label or 'none')} ({esc(self.selection.reason)})</p>"
            )
        warn = "".join(f"<p>&#9888; {esc(w)}</p>" for w in self.warnings)
        if not self.equilibria:
            return head + warn
        return head + self.to_frame().to_html(index=False) + warn
