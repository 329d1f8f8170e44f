"""Immutable, labelled normal-form games for any number of players.

A :class:`NormalFormGame` holds one payoff array of shape ``(n_1, ..., n_N, N)``
(QuantEcon's layout: the last axis is the player), the players' names and each
player's strategy labels. It is built through named factories
(:meth:`NormalFormGame.from_arrays`, :meth:`~NormalFormGame.from_bimatrix`,
:meth:`~NormalFormGame.from_payoff_array`, :meth:`~NormalFormGame.from_payoff_function`),
validated at construction, and never changes afterwards.

Payoffs are kept both as floats (for fast solvers) and, lazily, as exact
rationals (:class:`fractions.Fraction`) for exact solvers and verification.
Integers, fractions and decimal strings are converted exactly; a float is read as
the decimal number it prints as (``0.1`` is ``1/10``), which is what a person who
typed it meant.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from numbers import Rational, Real
from typing import Any

import numpy as np

from ._contract import contract
from .errors import InvalidGameError
from .suggest import hint

__all__ = ["NormalFormGame", "to_fraction", "MAX_PROFILES"]

#: Largest number of pure-strategy profiles a dense game may have (about 2 GB of floats
#: for 14 players).
MAX_PROFILES = 50_000_000


def to_fraction(value: Any) -> Fraction:
    """Convert a payoff to an exact rational.

    Parameters
    ----------
    value : int, Fraction, float, str or numpy scalar
        Floats are read as the shortest decimal that prints as them.

    Returns
    -------
    Fraction

    Examples
    --------
    >>> to_fraction(0.1)
    Fraction(1, 10)
    >>> to_fraction("3/4")
    Fraction(3, 4)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise InvalidGameError(f"payoff must be a number, got boolean {value!r}")
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise InvalidGameError(f"payoff must be finite, got {value!r}")
        return Fraction(repr(float(value)))
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise InvalidGameError(f"payoff {value!r} is not a number") from None
    if isinstance(value, Real):
        return to_fraction(float(value))
    raise InvalidGameError(f"payoff must be a real number, got {type(value).__name__} {value!r}")


def _check_labels(labels: Sequence[Any], what: str) -> tuple[str, ...]:
    out = []
    for i, label in enumerate(labels):
        if not isinstance(label, str):
            raise InvalidGameError(f"{what} label {i + 1} must be text, got {label!r}")
        if not label.strip():
            raise InvalidGameError(f"{what} label {i + 1} is empty")
        out.append(label)
    seen: set[str] = set()
    for label in out:
        if label in seen:
            raise InvalidGameError(f"{what} label {label!r} appears more than once")
        seen.add(label)
    return tuple(out)


class NormalFormGame:
    """A finite game in strategic (normal) form with labelled players and strategies.

    Build one with a factory rather than the constructor:
    :meth:`from_arrays`, :meth:`from_bimatrix`, :meth:`from_payoff_array` or
    :meth:`from_payoff_function`.

    Parameters
    ----------
    payoffs : array_like, shape (n_1, ..., n_N, N)
        ``payoffs[s_1, ..., s_N, i]`` is player ``i``'s payoff at the pure profile.
    players : sequence of str, optional
        Player names (default ``"Player 1"``, ...).
    strategies : sequence of sequences of str, optional
        Strategy labels per player (default ``"1"``, ``"2"``, ...).
    title : str, optional

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     players=("Row", "Col"), strategies=(("C", "D"), ("C", "D")),
    ...     title="Prisoner's dilemma")
    >>> g.shape
    (2, 2)
    >>> g.payoff({"Row": "D", "Col": "C"})
    {'Row': 5.0, 'Col': 0.0}
    """

    __slots__ = ("_payoffs", "_exact", "_float_loss", "_players", "_strategies", "_title")

    def __init__(
        self,
        payoffs: Any,
        *,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> None:
        exact = None
        arr = np.asarray(payoffs, dtype=object) if not isinstance(payoffs, np.ndarray) else payoffs
        if arr.ndim < 2:
            raise InvalidGameError(
                f"payoff array must have shape (n_1, ..., n_N, N), got shape {arr.shape}"
            )
        n_players = arr.shape[-1]
        shape = arr.shape[:-1]
        if len(shape) != n_players:
            raise InvalidGameError(
                f"payoff array of shape {arr.shape} does not fit {len(shape)} strategy axes "
                f"and {n_players} players: the last axis must have one entry per player"
            )
        if n_players < 1:
            raise InvalidGameError("a game needs at least one player")
        for i, n in enumerate(shape):
            if n < 1:
                raise InvalidGameError(f"player {i + 1} has no strategies")
        if int(np.prod(shape, dtype=np.float64)) > MAX_PROFILES:
            raise InvalidGameError(
                f"game has {int(np.prod(shape, dtype=np.float64)):,} pure profiles, more than "
                f"the {MAX_PROFILES:,} a dense game may hold"
            )
        float_loss = None
        if arr.dtype == object:
            exact_list = [to_fraction(v) for v in arr.ravel()]
            exact = np.empty(arr.shape, dtype=object)
            exact.ravel()[:] = exact_list
            exact = exact.reshape(arr.shape)
            floats, float_loss = _floats_of(exact_list, arr.shape)
        else:
            if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
                raise InvalidGameError(f"payoffs must be numbers, got dtype {arr.dtype}")
            if np.iscomplexobj(arr):
                raise InvalidGameError("payoffs must be real numbers, got complex values")
            floats = np.array(arr, dtype=float)
            if np.issubdtype(arr.dtype, np.integer):
                exact = np.vectorize(lambda v: Fraction(int(v)), otypes=[object])(arr)
        if not np.all(np.isfinite(floats)):
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(floats))[0])
            raise InvalidGameError(
                f"payoffs must be finite numbers, found {floats[bad]} at index {bad}"
            )
        floats.setflags(write=False)
        if exact is not None:
            exact.setflags(write=False)

        if players is None:
            players = tuple(f"Player {i + 1}" for i in range(n_players))
        players = _check_labels(list(players), "player")
        if len(players) != n_players:
            raise InvalidGameError(
                f"{len(players)} player names given for a game with {n_players} players"
            )
        if strategies is None:
            strategies = tuple(tuple(str(j + 1) for j in range(n)) for n in shape)
        strategies = list(strategies)
        if len(strategies) != n_players:
            raise InvalidGameError(
                f"strategy labels given for {len(strategies)} players, the game has {n_players}"
            )
        labels = []
        for p, labs, n in zip(players, strategies, shape, strict=True):
            if isinstance(labs, str):
                raise InvalidGameError(f"strategies of player {p!r} must be a list of labels")
            labs = _check_labels(list(labs), f"strategy of player {p!r}:")
            if len(labs) != n:
                raise InvalidGameError(
                    f"player {p!r} has {n} strategies in the payoffs but {len(labs)} labels"
                )
            labels.append(labs)
        if not isinstance(title, str):
            raise InvalidGameError(f"title must be text, got {title!r}")
        self._payoffs = floats
        self._exact = exact
        self._float_loss = None
        if float_loss is not None:
            index, value = float_loss
            where = tuple(labels[i][a] for i, a in enumerate(index[:-1]))
            self._float_loss = (
                f"{players[index[-1]]}'s payoff {_sci(value)} at {where}"
                if len(where) > 1
                else f"{players[index[-1]]}'s payoff {_sci(value)} at {where[0]!r}"
            )
        self._players = players
        self._strategies = tuple(labels)
        self._title = title

    # ------------------------------------------------------------------ factories
    @classmethod
    def from_payoff_array(
        cls,
        payoffs: Any,
        *,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> NormalFormGame:
        """Build a game from one array of shape ``(n_1, ..., n_N, N)``.

        Examples
        --------
        >>> import numpy as np
        >>> NormalFormGame.from_payoff_array(np.zeros((2, 3, 2))).shape
        (2, 3)
        """
        return cls(payoffs, players=players, strategies=strategies, title=title)

    @classmethod
    def from_arrays(
        cls,
        arrays: Sequence[Any],
        *,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> NormalFormGame:
        """Build a game from one payoff array per player, each of shape ``(n_1, ..., n_N)``.

        Examples
        --------
        >>> g = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]],
        ...                                players=("Even", "Odd"))
        >>> g.players
        ('Even', 'Odd')
        """
        if isinstance(arrays, np.ndarray) and arrays.dtype != object:
            arrays = list(arrays)
        arrays = list(arrays)
        if not arrays:
            raise InvalidGameError("a game needs at least one player's payoff array")
        arrs = [np.asarray(a, dtype=object) for a in arrays]
        shapes = {a.shape for a in arrs}
        if len(shapes) != 1:
            raise InvalidGameError(
                f"every player's payoff array must have the same shape, got {sorted(shapes)}"
            )
        shape = arrs[0].shape
        if len(shape) != len(arrs):
            raise InvalidGameError(
                f"{len(arrs)} payoff arrays given, but each has {len(shape)} axes: a game of N "
                "players needs N arrays of N axes"
            )
        stacked = np.stack(arrs, axis=-1)
        return cls(stacked, players=players, strategies=strategies, title=title)

    @classmethod
    def from_bimatrix(
        cls,
        A: Any,
        B: Any | None = None,
        *,
        players: Sequence[str] = ("Row", "Column"),
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> NormalFormGame:
        """Build a two-player game from the row and column players' payoff matrices.

        With ``B`` omitted the game is zero-sum (``B = -A``).

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
        >>> g.is_zero_sum()
        True
        """
        a = np.asarray(A, dtype=object)
        if a.ndim != 2:
            raise InvalidGameError(f"A must be a matrix, got shape {a.shape}")
        b = np.asarray(B, dtype=object) if B is not None else -a
        if b.shape != a.shape:
            raise InvalidGameError(f"A has shape {a.shape} but B has shape {b.shape}")
        return cls.from_arrays([a, b], players=players, strategies=strategies, title=title)

    @classmethod
    def from_payoff_function(
        cls,
        function: Callable[[dict[str, str]], Any],
        strategies: Mapping[str, Sequence[str]],
        *,
        title: str = "",
    ) -> NormalFormGame:
        """Build a game by calling ``function(profile)`` for every pure profile.

        Parameters
        ----------
        function : callable
            Takes a dict ``{player: strategy}`` and returns the payoffs, either as a
            mapping ``{player: payoff}`` or as a sequence in player order.
        strategies : mapping of player name to strategy labels

        Examples
        --------
        >>> def pay(p):
        ...     same = p["A"] == p["B"]
        ...     return {"A": 1 if same else 0, "B": 1 if same else 0}
        >>> g = NormalFormGame.from_payoff_function(pay, {"A": ["x", "y"], "B": ["x", "y"]})
        >>> g.payoff({"A": "x", "B": "x"})
        {'A': 1.0, 'B': 1.0}
        """
        players = list(strategies)
        labels = [list(strategies[p]) for p in players]
        shape = tuple(len(s) for s in labels)
        if any(n == 0 for n in shape):
            raise InvalidGameError("every player needs at least one strategy")
        if int(np.prod(shape, dtype=np.float64)) > MAX_PROFILES:
            raise InvalidGameError(f"game has too many pure profiles ({shape})")
        out = np.empty((*shape, len(players)), dtype=object)
        for idx in itertools.product(*(range(n) for n in shape)):
            profile = {p: labels[i][j] for i, (p, j) in enumerate(zip(players, idx, strict=True))}
            value = function(profile)
            if isinstance(value, Mapping):
                missing = [p for p in players if p not in value]
                if missing:
                    raise InvalidGameError(
                        f"payoff function returned no payoff for {missing} at {profile}"
                    )
                row = [value[p] for p in players]
            else:
                row = list(value)
                if len(row) != len(players):
                    raise InvalidGameError(
                        f"payoff function returned {len(row)} payoffs at {profile}, "
                        f"expected {len(players)}"
                    )
            out[idx] = row
        return cls(out, players=players, strategies=labels, title=title)

    # ---------------------------------------------------------------- properties
    @property
    def players(self) -> tuple[str, ...]:
        """Player names, in order."""
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Strategy labels of each player, in order."""
        return self._strategies

    @property
    def title(self) -> str:
        """The game's title (may be empty)."""
        return self._title

    @property
    def num_players(self) -> int:
        """Number of players."""
        return len(self._players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return tuple(self._payoffs.shape[:-1])

    @property
    def payoffs(self) -> np.ndarray:
        """Read-only float payoff array of shape ``(n_1, ..., n_N, N)``."""
        return self._payoffs

    @property
    def float_loss(self) -> str | None:
        """The smallest non-zero exact payoff that floats cannot hold, or None.

        A game built from rationals (``Fraction`` payoffs, or an ``.nfg``/``.efg`` file)
        keeps them exactly, and float mode works on their float values. A non-zero
        payoff below the float range (about 2.2e-308) becomes 0 or loses its precision
        as a float, so float mode may solve another game: the solvers then warn and drop
        ``complete`` (:func:`gametheory.solvers._common.precision_warning`); exact mode
        is unaffected. This names the smallest such payoff (player, profile, value).

        Examples
        --------
        >>> from fractions import Fraction
        >>> tiny = Fraction(1, 10**400)
        >>> g = NormalFormGame.from_bimatrix([[tiny, 0], [0, 1]], [[0, 1], [1, 0]])
        >>> g.float_loss
        "Row's payoff 1e-400 at ('1', '1')"
        >>> NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]]).float_loss is None
        True
        """
        return self._float_loss

    @property
    def exact_payoffs(self) -> np.ndarray:
        """Read-only object array of :class:`~fractions.Fraction` payoffs, same layout."""
        if self._exact is None:
            exact = np.vectorize(lambda v: Fraction(repr(float(v))), otypes=[object])(self._payoffs)
            exact.setflags(write=False)
            self._exact = exact
        return self._exact

    def payoff_array(self, player: str | int, *, exact: bool = False) -> np.ndarray:
        """Payoff array of one player, shape ``(n_1, ..., n_N)``."""
        i = self.player_index(player)
        return (self.exact_payoffs if exact else self._payoffs)[..., i]

    # ------------------------------------------------------------------ lookups
    def player_index(self, player: str | int) -> int:
        """Index of a player given by name (or index)."""
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if 0 <= int(player) < self.num_players:
                return int(player)
            raise InvalidGameError(
                f"player index {player} out of range for {self.num_players} players"
            )
        try:
            return self._players.index(player)
        except ValueError:
            raise InvalidGameError(
                f"unknown player {player!r}{hint(str(player), self._players)}; "
                f"players are {', '.join(self._players)}"
            ) from None

    def strategy_index(self, player: str | int, strategy: str | int) -> int:
        """Index of a strategy of a player, given by label (or index)."""
        i = self.player_index(player)
        labels = self._strategies[i]
        if isinstance(strategy, (int, np.integer)) and not isinstance(strategy, bool):
            if 0 <= int(strategy) < len(labels):
                return int(strategy)
            raise InvalidGameError(
                f"strategy index {strategy} out of range for player {self._players[i]!r}"
            )
        try:
            return labels.index(strategy)
        except ValueError:
            raise InvalidGameError(
                f"unknown strategy {strategy!r} of player {self._players[i]!r}"
                f"{hint(str(strategy), labels)}; strategies are {', '.join(labels)}"
            ) from None

    def _profile_indices(self, profile: Mapping[str, Any] | Sequence[Any]) -> tuple[int, ...]:
        if isinstance(profile, Mapping):
            missing = [p for p in self._players if p not in profile]
            extra = [p for p in profile if p not in self._players]
            if extra:
                self.player_index(extra[0])
            if missing:
                raise InvalidGameError(f"profile gives no strategy for {', '.join(missing)}")
            return tuple(self.strategy_index(p, profile[p]) for p in self._players)
        items = list(profile)
        if len(items) != self.num_players:
            raise InvalidGameError(
                f"profile has {len(items)} entries, the game has {self.num_players} players"
            )
        return tuple(self.strategy_index(i, s) for i, s in enumerate(items))

    def payoff(
        self, profile: Mapping[str, Any] | Sequence[Any], *, exact: bool = False
    ) -> dict[str, Any]:
        """Payoffs at a pure profile, as ``{player: payoff}``."""
        idx = self._profile_indices(profile)
        arr = self.exact_payoffs if exact else self._payoffs
        return {
            p: (arr[idx][i] if exact else float(arr[idx][i])) for i, p in enumerate(self._players)
        }

    # ------------------------------------------------------- mixed strategies
    def deviation_payoffs(self, mixed: Sequence[Any], *, exact: bool = False) -> list[np.ndarray]:
        """Each player's payoff from each of their pure strategies against the others' mix.

        Parameters
        ----------
        mixed : sequence of 1-D arrays
            One probability vector per player.
        exact : bool
            Compute in rational arithmetic (the vectors should then hold Fractions).

        Returns
        -------
        list of arrays, one per player, of length ``n_i``.
        """
        arr = self.exact_payoffs if exact else self._payoffs
        vecs = [np.asarray(v, dtype=object if exact else float) for v in mixed]
        if len(vecs) != self.num_players:
            raise InvalidGameError(
                f"{len(vecs)} mixed strategies given for {self.num_players} players"
            )
        for i, (v, n) in enumerate(zip(vecs, self.shape, strict=True)):
            if v.shape != (n,):
                raise InvalidGameError(
                    f"mixed strategy of {self._players[i]!r} has shape {v.shape}, expected ({n},)"
                )
        n = self.num_players
        if n == 2:  # spelled out: the most frequent call of all
            return [contract(arr[..., 0], (None, vecs[1])), contract(arr[..., 1], (vecs[0], None))]
        return [
            contract(arr[..., i], [None if j == i else vecs[j] for j in range(n)]) for i in range(n)
        ]

    def expected_payoffs(self, mixed: Sequence[Any], *, exact: bool = False) -> np.ndarray:
        """Expected payoff of every player under a mixed profile."""
        dev = self.deviation_payoffs(mixed, exact=exact)
        vals = [
            dev[i] @ np.asarray(mixed[i], dtype=object if exact else float)
            for i in range(self.num_players)
        ]
        return np.array(vals, dtype=object if exact else float)

    def regrets(self, mixed: Sequence[Any], *, exact: bool = False) -> np.ndarray:
        """Each player's gain from their best pure deviation (0 at an equilibrium)."""
        dev = self.deviation_payoffs(mixed, exact=exact)
        vals = []
        for i in range(self.num_players):
            v = np.asarray(mixed[i], dtype=object if exact else float)
            vals.append(max(dev[i]) - dev[i] @ v)
        return np.array(vals, dtype=object if exact else float)

    def regret(self, mixed: Sequence[Any], *, exact: bool = False) -> Any:
        """Largest gain any player can make by deviating (0 at a Nash equilibrium)."""
        r = self.regrets(mixed, exact=exact)
        return max(r) if exact else float(np.max(r))

    def best_responses(
        self, player: str | int, others: Mapping[str, Any] | Sequence[Any], *, tol: float = 1e-9
    ) -> tuple[str, ...]:
        """Labels of a player's pure best responses to the other players' strategies.

        Parameters
        ----------
        player : str or int
        others : mapping or sequence
            For each player, a strategy label (pure) or a probability vector. The entry
            of ``player`` itself, if present, is ignored.
        tol : float
            Strategies within ``tol`` of the best payoff count as best responses.

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
        ...     strategies=(("C", "D"), ("C", "D")))
        >>> g.best_responses("Row", {"Column": "C"})
        ('D',)
        """
        i = self.player_index(player)
        vecs: list[Any] = []
        for j, p in enumerate(self._players):
            if j == i:
                vecs.append(np.full(self.shape[j], 1.0 / self.shape[j]))
                continue
            if isinstance(others, Mapping):
                if p not in others:
                    raise InvalidGameError(f"no strategy given for player {p!r}")
                s = others[p]
            else:
                s = list(others)[j]
            if isinstance(s, (str, int, np.integer)):
                v = np.zeros(self.shape[j])
                v[self.strategy_index(j, s if isinstance(s, str) else int(s))] = 1.0
            else:
                v = np.asarray(s, dtype=float)
            vecs.append(v)
        dev = self.deviation_payoffs(vecs)[i]
        best = dev.max()
        return tuple(self._strategies[i][k] for k in np.flatnonzero(dev >= best - tol))

    # --------------------------------------------------------- transformations
    def restrict(self, keep: Mapping[str, Iterable[str] | str]) -> NormalFormGame:
        """The game in which some players are limited to some of their strategies.

        Parameters
        ----------
        keep : mapping of player to a strategy label or an iterable of labels

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], strategies=(("a", "b"), ("c", "d")))
        >>> g.restrict({"Row": "a"}).shape
        (1, 2)
        """
        index: list[Any] = [slice(None)] * self.num_players
        labels = [list(s) for s in self._strategies]
        for player, strategies in keep.items():
            i = self.player_index(player)
            chosen = [strategies] if isinstance(strategies, str) else list(strategies)
            if not chosen:
                raise InvalidGameError(f"player {player!r} must keep at least one strategy")
            idx = [self.strategy_index(i, s) for s in chosen]
            index[i] = idx
            labels[i] = [self._strategies[i][k] for k in idx]
        arr = self._exact if self._exact is not None else self._payoffs
        sub = arr
        for axis, ix in enumerate(index):
            if not isinstance(ix, slice):
                sub = np.take(sub, ix, axis=axis)
        return NormalFormGame(
            np.array(sub, dtype=sub.dtype),
            players=self._players,
            strategies=labels,
            title=self._title,
        )

    def is_zero_sum(self, *, tol: float = 0.0) -> bool:
        """Whether the payoffs add up to the same constant at every profile."""
        total = self._payoffs.sum(axis=-1)
        return bool(np.ptp(total) <= tol) if total.size else True

    def is_symmetric(self) -> bool:
        """Whether this is a symmetric two-player game (``B = A.T`` and equal labels)."""
        if self.num_players != 2 or self.shape[0] != self.shape[1]:
            return False
        return bool(np.array_equal(self._payoffs[..., 1], self._payoffs[..., 0].T))

    # ----------------------------------------------------------------- display
    def to_frame(self) -> Any:
        """One row per pure profile: each player's strategy and each player's payoff.

        Examples
        --------
        >>> NormalFormGame.from_bimatrix([[1, 2]], [[0, 0]]).to_frame().shape
        (2, 4)
        """
        import pandas as pd

        rows = []
        for idx in itertools.product(*(range(n) for n in self.shape)):
            row: dict[str, Any] = {
                p: self._strategies[i][k]
                for i, (p, k) in enumerate(zip(self._players, idx, strict=True))
            }
            for i, p in enumerate(self._players):
                row[f"payoff {p}"] = float(self._payoffs[idx][i])
            rows.append(row)
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        dims = "x".join(str(n) for n in self.shape)
        title = f" {self._title!r}" if self._title else ""
        return f"<NormalFormGame{title}: {self.num_players} players ({', '.join(self._players)}), {dims}>"

    def _repr_html_(self) -> str:
        esc = html.escape
        head = f"<p><b>{esc(self._title or 'Normal-form game')}</b>: {esc(', '.join(self._players))}</p>"
        if self.num_players == 2 and self.shape[0] * self.shape[1] <= 400:
            r, c = self._players
            cells = [
                f"<tr><th>{esc(r)} \\ {esc(c)}</th>"
                + "".join(f"<th>{esc(s)}</th>" for s in self._strategies[1])
                + "</tr>"
            ]
            for i, rs in enumerate(self._strategies[0]):
                row = f"<tr><th>{esc(rs)}</th>"
                for j in range(self.shape[1]):
                    a, b = self._payoffs[i, j]
                    row += f"<td>{_fmt(a)}, {_fmt(b)}</td>"
                cells.append(row + "</tr>")
            return head + "<table>" + "".join(cells) + "</table>"
        if np.prod(self.shape) <= 200:
            return head + str(self.to_frame().to_html(index=False))
        return head + f"<p>{esc(repr(self))}</p>"

    # ---------------------------------------------------------------- equality
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self._players == other._players
            and self._strategies == other._strategies
            and self._title == other._title
            and np.array_equal(self._payoffs, other._payoffs)
        )

    def __hash__(self) -> int:
        return hash((self._players, self._strategies, self._title, self._payoffs.tobytes()))


def _fmt(x: float) -> str:
    return f"{x + 0.0:g}"  # + 0.0 turns -0.0 into 0.0: never "-0"


def _floats_of(
    exact: list[Fraction], shape: tuple[int, ...]
) -> tuple[np.ndarray, tuple[tuple[int, ...], Fraction] | None]:
    """The float values of exact payoffs, and the smallest non-zero one floats lose.

    A payoff past the float maximum is refused (it has no float value); a non-zero one
    below the smallest normal float (2.2e-308) becomes 0 or subnormal, and the smallest
    of those is returned with its index so that float mode can say so.
    """
    out = np.empty(len(exact), dtype=float)
    lost: tuple[int, Fraction] | None = None
    for k, v in enumerate(exact):
        try:
            f = float(v)
        except OverflowError:
            index = tuple(int(i) for i in np.unravel_index(k, shape))
            raise InvalidGameError(
                f"payoff {_sci(v)} at index {index} is beyond the float range (about "
                "1.8e308): divide every payoff by a power of ten (equilibria do not change)"
            ) from None
        if v and abs(f) < _SMALLEST_NORMAL and (lost is None or abs(v) < abs(lost[1])):
            lost = (k, v)
        out[k] = f
    if lost is None:
        return out.reshape(shape), None
    return out.reshape(shape), (tuple(int(i) for i in np.unravel_index(lost[0], shape)), lost[1])


#: The smallest positive normal float: below it a float keeps fewer significant digits.
_SMALLEST_NORMAL = 2.2250738585072014e-308


def _sci(value: Fraction) -> str:
    """A rational in scientific notation to 3 digits, also beyond the float range.

    >>> _sci(Fraction(-3, 10**400)), _sci(Fraction(10**500)), _sci(Fraction(1, 4))
    ('-3e-400', '1e+500', '0.25')
    """
    if value == 0:
        return "0"
    if 1e-300 < abs(value) < 1e300:
        return f"{float(value):.3g}"
    log = math.log10(abs(value.numerator)) - math.log10(value.denominator)
    exponent = math.floor(log)
    mantissa = 10 ** (log - exponent)
    if round(mantissa, 2) >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{'-' if value < 0 else ''}{mantissa:.3g}e{exponent:+d}"
