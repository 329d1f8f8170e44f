"""Helpers shared by the solvers: applicability checks and verified collection of candidates.

Every solver turns the candidate profiles its algorithm produces into
:class:`~gametheory.result.Equilibrium` objects through :func:`collect`, which
computes payoffs and regret from the game (never trusting the algorithm), drops
duplicates and rejects candidates whose regret exceeds the tolerance, recording
a warning for each rejection.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .._typing import Profile
from ..errors import InvalidGameError, MethodNotApplicableError
from ..game import NormalFormGame
from ..result import Equilibrium, make_equilibrium

__all__ = [
    "require_two_players",
    "check_tol",
    "collect",
    "profile_key",
    "regret_scale",
    "payoff_scales",
    "player_tolerances",
    "regret_bound",
    "precision_warning",
    "smallest_gap",
    "normalized_payoffs",
    "within_tolerance",
]

#: What :func:`profile_key` returns: the rational profile itself, or rounded floats' bytes.
ProfileKey = tuple[tuple[Fraction | float, ...], ...] | bytes

#: Largest number of payoffs examined by :func:`precision_warning` (above it the
#: check is skipped: it would cost as much as solving).
PRECISION_CHECK_LIMIT = 4_000_000

#: Payoff arrays up to this size are handled in Python by :func:`smallest_gap` and
#: :func:`payoff_scales` (numpy's per-call cost dominates there).
_SMALL_GAME = 64

_LARGEST_FLOAT = float(np.finfo(float).max)


def require_two_players(game: NormalFormGame, method: str) -> None:
    """Raise :class:`MethodNotApplicableError` unless ``game`` has exactly two players."""
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"method {method!r} needs a NormalFormGame, got {type(game).__name__}"
        )
    if game.num_players != 2:
        raise MethodNotApplicableError(
            f"method {method!r} solves two-player games only, this game has "
            f"{game.num_players} players; use method 'pure' (all pure equilibria) or "
            "'enumerate-mixed'"
        )


def check_tol(tol: Any) -> float:
    """Validate a regret tolerance (a finite number >= 0)."""
    try:
        value = float(tol)
    except (TypeError, ValueError):
        raise InvalidGameError(f"tol must be a number >= 0, got {tol!r}") from None
    if not np.isfinite(value) or value < 0:
        raise InvalidGameError(f"tol must be a finite number >= 0, got {tol!r}")
    return value


def payoff_scales(game: NormalFormGame) -> np.ndarray:
    """Each player's payoff scale: the spread ``max - min`` of their payoffs.

    A player whose payoffs are all equal has spread 0; their scale is then the
    payoff's magnitude (0 for an all-zero player, whose regret is always exactly 0).
    There is no absolute floor: a game and the same game times ``1e-12`` have
    scales in the same ratio, so the same profiles pass the regret check.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1e-9, -1e-9], [-1e-9, 1e-9]])
    >>> payoff_scales(g).tolist()
    [2e-09, 2e-09]
    """
    payoffs = game.payoffs
    n = game.num_players
    if not payoffs.size:
        return np.ones(n)
    if payoffs.size <= _SMALL_GAME:  # in Python: numpy's per-call cost dominates here
        scales = []
        for column in zip(*payoffs.reshape(-1, n).tolist(), strict=True):
            top, bottom = max(column), min(column)
            gap = top - bottom  # a float: past float range it is inf, never an error
            gap = gap if math.isfinite(gap) else _LARGEST_FLOAT
            scales.append(gap if gap > 0 else max(abs(top), abs(bottom)))
        return np.array(scales, dtype=float)
    # one player at a time: faster than reducing along axis 0
    hi = np.array([payoffs[..., i].max() for i in range(n)])
    lo = np.array([payoffs[..., i].min() for i in range(n)])
    with np.errstate(over="ignore"):
        spread = hi - lo
    # past float range (1e308 - -1e308): the largest float, never inf (an infinite
    # tolerance would accept any profile)
    spread = np.where(np.isfinite(spread), spread, _LARGEST_FLOAT)
    flat_scale = np.maximum(np.abs(hi), np.abs(lo))
    return np.where(spread > 0, spread, flat_scale).astype(float)


def player_tolerances(game: NormalFormGame, tol: float) -> np.ndarray:
    """``tol`` times each player's :func:`payoff_scales`: the largest regret accepted."""
    return tol * payoff_scales(game)


def regret_bound(game: NormalFormGame, tol: float) -> float:
    """One regret bound, in the game's payoff units, that meets every player's tolerance.

    ``tol`` times the smallest positive :func:`payoff_scales` (``tol`` itself when every
    player's payoffs are 0, whose regret is always 0). For solvers that take a single
    absolute regret bound (logit), so that a relative ``tol`` means the same for a game
    and the game times ``1e-12``.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[4e12, 0], [0, 1e12]], [[1, 0], [0, 4]])
    >>> regret_bound(g, 2**-20) == 4 * 2**-20  # the column player's spread, 4
    True
    """
    scales = payoff_scales(game)
    positive = scales[scales > 0]
    return tol * float(positive.min()) if positive.size else tol


def regret_scale(game: NormalFormGame) -> float:
    """The largest of the players' :func:`payoff_scales` (0 for an all-zero game)."""
    return float(payoff_scales(game).max()) if game.num_players else 1.0


def smallest_gap(payoffs: np.ndarray, axis: int) -> float | None:
    """The smallest non-zero difference between two payoffs along ``axis``.

    ``payoffs`` holds one player's payoffs and ``axis`` is that player's: the
    difference is between two of the player's strategies, the others' fixed. The
    smallest positive pairwise difference equals the smallest positive gap between
    neighbours once each row is sorted, so small games compare the pairs in Python
    (numpy's per-call cost dominates there) and games with up to four strategies per
    player compare them pair by pair over views (a few passes over the array, much
    faster than sorting every row); the rest sort. An overflowing difference
    (``1e308 - -1e308``) is ``inf``, and ``inf - inf`` (NaN) is no difference, in every
    way. None when no two payoffs along ``axis`` differ.

    Examples
    --------
    >>> smallest_gap(np.array([[1.0, 5.0], [1.5, 5.0], [3.0, 5.0]]), 0)
    0.5
    >>> smallest_gap(np.array([[2.0, 2.0], [2.0, 2.0]]), 1) is None
    True
    """
    k = payoffs.shape[axis]
    if payoffs.size <= _SMALL_GAME:
        gaps = [
            gap
            for row in np.moveaxis(payoffs, axis, -1).reshape(-1, k).tolist()
            for a in range(k)
            for b in range(a + 1, k)
            if (gap := abs(row[a] - row[b])) > 0  # NaN (inf - inf) is not > 0
        ]
        return min(gaps) if gaps else None
    with np.errstate(over="ignore", invalid="ignore"):
        if k > 4:
            rows = np.moveaxis(payoffs, axis, 0).reshape(k, -1)
            diffs = np.diff(np.sort(rows, axis=0), axis=0)
            positive = diffs > 0
            return float(diffs[positive].min()) if positive.any() else None
        index: list[Any] = [slice(None)] * axis
        small, seen = np.inf, False
        for a in range(k):
            first = payoffs[(*index, a)]
            for b in range(a + 1, k):
                diffs = np.abs(first - payoffs[(*index, b)])
                positive = diffs > 0
                small = min(small, float(np.where(positive, diffs, np.inf).min()))
                seen = seen or small < np.inf or bool(positive.any())
    return small if seen else None


def precision_warning(
    game: NormalFormGame, *, tol: float, method: str, limits: np.ndarray | None = None
) -> str | None:
    """A warning when float mode cannot resolve the game's payoff differences.

    For each player, the smallest non-zero difference between two of their own
    strategies' payoffs (the others' strategies fixed) is compared with the regret
    tolerance ``tol * scale``. Below it, float mode treats a real difference as a
    tie (payoffs of 1e300, 1 and 1e-300 in one game), so equilibria may be missed or
    reported wrongly; exact mode is the remedy. None when every difference resolves.
    A game built from rationals warns, first, when one of them is below the float range
    (:attr:`~gametheory.game.NormalFormGame.float_loss`).
    ``limits``, when the caller has them, are :func:`player_tolerances` ``(game, tol)``.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1e300, 1], [1e-300, 0]], [[0, 1e-300], [1, 1e300]])
    >>> precision_warning(g, tol=1e-8, method="pure")[:60]
    'pure: payoff differences as small as 1e-300 are below the fl'
    """
    if game.float_loss is not None:
        return (
            f"{method}: {game.float_loss} is below the float range (2.2e-308): float mode "
            "reads it as 0 or with fewer digits, so the list may be wrong or incomplete; "
            "solve with exact=True (--exact)"
        )
    if game.payoffs.size > PRECISION_CHECK_LIMIT:
        return None
    if limits is None:
        limits = player_tolerances(game, tol)
    worst: tuple[float, float] | None = None
    for i in range(game.num_players):
        small = smallest_gap(game.payoffs[..., i], i)
        if (
            small is not None
            and small <= limits[i]
            and (worst is None or small / limits[i] < worst[0] / worst[1])
        ):
            worst = (small, float(limits[i]))
    if worst is None:
        return None
    return (
        f"{method}: payoff differences as small as {worst[0]:.3g} are below the float "
        f"tolerance {worst[1]:.3g} (tol times the payoff spread): float mode treats them "
        "as ties, so the list may be wrong or incomplete; solve with exact=True (--exact)"
    )


def normalized_payoffs(game: NormalFormGame) -> np.ndarray:
    """Each player's payoffs mapped affinely onto ``[0, 1]`` (an all-equal player: 0).

    A positive affine transform of one player's payoffs changes no equilibrium, so
    algorithms with absolute internal tolerances (linear programs, pivoting) run on
    these, and the profiles they return are verified on the original game.
    """
    n = game.num_players
    flat = game.payoffs.reshape(-1, n)
    lo = flat.min(axis=0)
    hi = flat.max(axis=0)
    out = np.zeros_like(game.payoffs, dtype=float)
    for i in range(n):
        u = game.payoffs[..., i]
        # halves first: hi - lo may overflow for payoffs near the float maximum
        span = hi[i] / 2 - lo[i] / 2
        if span > 0:
            out[..., i] = (u / 2 - lo[i] / 2) / span
    return out


def profile_key(vectors: Profile, *, digits: int = 9) -> ProfileKey:
    """A hashable key identifying a mixed profile up to rounding (exact for Fractions)."""
    if any(len(v) and isinstance(v[0], Fraction) for v in vectors):
        return tuple(tuple(v) for v in vectors)
    flat = np.concatenate([np.asarray(v, dtype=float) for v in vectors])
    return (np.round(flat, digits) + 0.0).tobytes()


def collect(
    game: NormalFormGame,
    candidates: Iterable[Profile],
    *,
    tol: float,
    exact: bool,
    method: str,
    properties: Sequence[dict[str, Any]] | None = None,
    distinct: bool = False,
) -> tuple[tuple[Equilibrium, ...], list[str]]:
    """Verify candidate profiles and keep the distinct equilibria among them.

    Parameters
    ----------
    game : NormalFormGame
    candidates : iterable of profiles (one probability vector per player)
    tol : float
        Largest regret accepted in float mode, relative to the payoff scale: a profile
        passes when each player's gain from deviating is at most ``tol`` times that
        player's payoff spread (:func:`payoff_scales`), so the check means the same
        for a game and the game times ``1e-12``. Exact mode accepts regret 0 only.
        Float mode also warns when the payoffs' differences are too small for float
        arithmetic to resolve (:func:`precision_warning`).
    exact : bool
        Build the equilibria in rational arithmetic.
    method : str
        Named in warnings.
    properties : sequence of dict, optional
        Extra facts to attach to each candidate's equilibrium, in the same order.
    distinct : bool, default False
        The caller guarantees the candidates are distinct profiles: skip de-duplication.

    Returns
    -------
    equilibria : tuple of Equilibrium
    warnings : list of str
    """
    seen: set[ProfileKey] = set()
    found: list[Equilibrium] = []
    warnings: list[str] = []
    rejected = 0
    worst = 0.0
    limits = player_tolerances(game, tol)
    for k, vectors in enumerate(candidates):
        props = properties[k] if properties is not None else None
        try:
            eq = make_equilibrium(game, vectors, exact=exact, properties=props)
        except InvalidGameError:
            rejected += 1
            continue
        if not distinct:
            exact_vectors = eq.exact_vectors if exact else None
            key = profile_key(eq.vectors if exact_vectors is None else exact_vectors)
            if key in seen:
                continue
            seen.add(key)
        bad = (eq.exact_regret != 0) if exact else not within_tolerance(game, eq, limits)
        if bad:
            rejected += 1
            worst = max(worst, float(eq.regret))
            continue
        found.append(eq)
    if rejected:
        what = (
            "exact regret > 0"
            if exact
            else f"regret above {float(limits.max()):.3g} (tol={tol:g} times the payoff spread)"
        )
        warnings.append(
            f"{method}: rejected {rejected} candidate profile(s) with {what} "
            f"(largest regret {worst:.3g}); the game may be degenerate or badly scaled"
        )
    if not exact:
        note = precision_warning(game, tol=tol, method=method, limits=limits)
        if note:
            warnings.append(note)
    return tuple(found), warnings


def within_tolerance(game: NormalFormGame, eq: Equilibrium, limits: np.ndarray) -> bool:
    """Whether every player's gain from a pure deviation is within its tolerance."""
    if not np.isfinite(eq.regret):
        return False
    if eq.regret <= float(limits.min()):
        return True
    dev = game.deviation_payoffs(list(eq.vectors))
    for i, d in enumerate(dev):
        gain = float(d.max()) - float(d @ eq.vectors[i])
        if not gain <= limits[i]:
            return False
    return True
