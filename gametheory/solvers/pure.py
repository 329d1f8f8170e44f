"""All pure-strategy Nash equilibria of a normal-form game with any number of players.

The search is vectorised over the payoff array: a pure profile is an equilibrium
iff every player's payoff there is the maximum over that player's own strategy axis
(with the other players' strategies fixed). No Python loop runs over profiles.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from ..errors import InvalidGameError
from ..game import NormalFormGame
from ..result import DEFAULT_TOL, Equilibrium, EquilibriumResult
from ._common import check_tol, player_tolerances, precision_warning
from .batch import best_response_mask

__all__ = ["pure_equilibria", "EXACT_MAX_PROFILES", "DOMINANCE_MAX_PROFILES"]

#: Largest game (number of pure profiles) solved in exact rational arithmetic.
EXACT_MAX_PROFILES = 200_000
#: Largest game checked for dominance solvability (which makes a pure result complete).
DOMINANCE_MAX_PROFILES = 1_000_000


def pure_equilibria(
    game: NormalFormGame,
    /,
    *,
    tol: float = DEFAULT_TOL,
    exact: bool = False,
    max_equilibria: int = 100_000,
) -> EquilibriumResult:
    """Find every pure-strategy Nash equilibrium of a game with any number of players.

    Algorithm (a best-response mask, as in Nisan et al., *Algorithmic Game Theory*,
    2007, ch. 1, and QuantEcon's ``pure_nash_brute``, but vectorised):

    1. For player 1, compare the payoff array ``u_1`` with its maximum over player 1's
       own axis; profiles where ``u_1 >= max - tol`` are candidates.
    2. For each further player, do the same, either over the whole array (while many
       candidates remain) or only at the remaining candidates, by gathering the
       ``n_i`` payoffs of player ``i``'s unilateral deviations from each candidate.
    3. The candidates left after every player are exactly the pure equilibria; each is
       built with its payoffs and regret read from the game.

    Parameters
    ----------
    game : NormalFormGame
    tol : float, default 1e-8
        A strategy counts as a best response if its payoff is within ``tol`` times the
        player's payoff spread of the best (so the answer is the same for the game
        scaled by any positive factor). When real payoff differences fall below that
        tolerance (payoffs spanning more magnitudes than floats resolve), a warning
        suggests ``exact=True`` and the result is not marked complete.
    exact : bool, default False
        Compare exact rational payoffs instead (only for games of at most
        :data:`EXACT_MAX_PROFILES` profiles); every returned profile then has
        ``exact_regret == 0``.
    max_equilibria : int, default 100000
        Stop listing after this many equilibria (the result is then marked
        incomplete, with a warning).

    Returns
    -------
    EquilibriumResult
        ``scope="pure"``. ``complete`` is False (mixed equilibria are not searched)
        except when iterated elimination of strictly dominated pure strategies leaves
        one profile (games of at most :data:`DOMINANCE_MAX_PROFILES` profiles are
        checked): that profile is then the game's only equilibrium. Each equilibrium
        has ``properties["strict"]``: whether every player's strategy is the unique
        best response.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...     strategies=(("Opera", "Football"), ("Opera", "Football")))
    >>> [e.label() for e in pure_equilibria(g)]
    ['Row Opera / Column Opera', 'Row Football / Column Football']
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"pure_equilibria needs a NormalFormGame, got {type(game).__name__}")
    tol = check_tol(tol)
    if not isinstance(max_equilibria, (int, np.integer)) or max_equilibria < 1:
        raise InvalidGameError(f"max_equilibria must be a positive integer, got {max_equilibria!r}")
    size = int(np.prod(game.shape))
    if exact and size > EXACT_MAX_PROFILES:
        raise InvalidGameError(
            f"exact=True compares rational payoffs and is limited to games of "
            f"{EXACT_MAX_PROFILES:,} pure profiles; this game has {size:,} (use exact=False)"
        )
    arr = game.exact_payoffs if exact else game.payoffs
    limits = None if exact else player_tolerances(game, tol)
    eff_tol = [0.0] * game.num_players if limits is None else limits.tolist()
    flat = _equilibrium_indices(arr, game.shape, eff_tol)
    warnings: list[str] = []
    complete = flat.size == 1 and size <= DOMINANCE_MAX_PROFILES and _dominance_solvable(game)
    note = (
        None if limits is None else precision_warning(game, tol=tol, method="pure", limits=limits)
    )
    if note:
        warnings.append(note)
        complete = False
    if flat.size > max_equilibria:
        warnings.append(
            f"pure: the game has {flat.size:,} pure equilibria; only the first "
            f"{max_equilibria:,} are listed (raise max_equilibria to see more)"
        )
        flat = flat[:max_equilibria]
        complete = False
    equilibria = _pure_equilibria_at(game, arr, flat, exact, eff_tol)
    return EquilibriumResult(
        game=game,
        method="pure",
        equilibria=equilibria,
        options={"tol": tol, "max_equilibria": int(max_equilibria)},
        exact=exact,
        complete=complete,
        warnings=tuple(warnings),
        scope="pure",
    )


def _dominance_solvable(game: NormalFormGame) -> bool:
    """Whether iterated strict dominance by pure strategies leaves a single profile.

    Float comparisons are sound here: rounding is monotone, so a strict inequality
    between floats holds between the exact payoffs too.
    """
    from .nplayer_enum import surviving_strategies

    return all(len(k) == 1 for k in surviving_strategies(game.payoffs))


def _equilibrium_indices(
    arr: np.ndarray, shape: tuple[int, ...], tols: Sequence[float]
) -> np.ndarray:
    """Flat (C-order) indices of the pure profiles at which every player best-responds
    (within ``tols[i]`` for player ``i``)."""
    n_players = len(shape)
    total = int(np.prod(shape))
    flat_arr = arr.reshape(-1)  # a view: the game's arrays are C-contiguous
    strides = [int(np.prod(shape[i + 1 :])) for i in range(n_players)]
    mask: np.ndarray | None = None
    cand: np.ndarray | None = None  # flat indices, once we switch to gathering
    for i in range(n_players):
        n_i = shape[i]
        tol = tols[i]
        if cand is None:
            # a contiguous copy of player i's payoffs reduces about twice as fast as the
            # strided view (payoffs of all players are interleaved in ``arr``)
            u = np.ascontiguousarray(arr[..., i])
            ok = best_response_mask(u, axis=i, tol=tol)
            mask = ok if mask is None else np.logical_and(mask, ok, out=mask)
            remaining = i + 1 < n_players
            if remaining and 3 * n_i * int(np.count_nonzero(mask)) < total:
                cand = np.flatnonzero(mask)
                mask = None
            continue
        if cand.size == 0:
            break
        own_k = (cand // strides[i]) % n_i
        base = (cand - own_k * strides[i]) * n_players + i
        values = np.take(flat_arr, base[:, None] + np.arange(n_i) * (strides[i] * n_players))
        best = values.max(axis=1)
        own = np.take(flat_arr, cand * n_players + i)
        keep = own >= best - tol if tol else own >= best
        cand = cand[np.asarray(keep, dtype=bool)]
    if cand is None:
        assert mask is not None
        return np.flatnonzero(mask)
    return cand


def _pure_equilibria_at(
    game: NormalFormGame, arr: np.ndarray, flat: np.ndarray, exact: bool, tols: Sequence[float]
) -> tuple[Equilibrium, ...]:
    """The :class:`Equilibrium` at each pure profile (flat index), with payoffs and regret
    read from ``arr``.

    Equivalent to :func:`~gametheory.result.make_equilibrium` on the one-hot profiles
    (see the tests), but vectorised over the profiles and reading only the
    ``sum(n_i)`` payoffs of each that matter (a dense 14-player game holds tens of
    millions).
    """
    if flat.size == 0:
        return ()
    shape = game.shape
    n = len(shape)
    flat_arr = arr.reshape(-1)
    profiles = np.stack(np.unravel_index(flat, shape), axis=1)
    own = np.stack([np.take(flat_arr, flat * n + i) for i in range(n)], axis=1)
    regret = np.zeros(len(flat), dtype=object if exact else float)
    strict = np.ones(len(flat), dtype=bool)
    for i in range(n):
        stride = int(np.prod(shape[i + 1 :]))
        base = (flat - profiles[:, i] * stride) * n + i
        dev = np.take(flat_arr, base[:, None] + np.arange(shape[i]) * (stride * n))
        gap = dev.max(axis=1) - own[:, i]
        regret = np.maximum(regret, gap)
        # exact mode has tolerance 0: subtracting a float 0.0 would turn the fractions
        # into floats, and two payoffs that differ by less than float resolution would tie
        floor = own[:, i] - tols[i] if tols[i] else own[:, i]
        near = np.asarray(dev >= floor[:, None], dtype=bool).sum(axis=1)
        strict &= near == 1
    eyes = [np.eye(k) for k in shape]
    for e in eyes:
        e.setflags(write=False)
    exact_units = (
        [[tuple(Fraction(int(j == s)) for j in range(k)) for s in range(k)] for k in shape]
        if exact
        else None
    )
    out = []
    for row, payoff, reg, st in zip(
        profiles.tolist(), own.tolist(), regret.tolist(), strict.tolist(), strict=True
    ):
        out.append(
            Equilibrium(
                game=game,
                vectors=tuple(eyes[i][s] for i, s in enumerate(row)),
                payoffs={p: float(payoff[i]) for i, p in enumerate(game.players)},
                regret=max(float(reg), 0.0),
                exact_vectors=(
                    tuple(exact_units[i][s] for i, s in enumerate(row))
                    if exact_units is not None
                    else None
                ),
                exact_regret=Fraction(reg) if exact else None,
                properties={"strict": st},
            )
        )
    return tuple(out)
