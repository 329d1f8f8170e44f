"""Helpers shared by the solvers: applicability checks and verified collection of candidates.

Every solver turns the candidate profiles its algorithm produces into
:class:`~gametheory.result.Equilibrium` objects through :func:`collect`, which
computes payoffs and regret from the game (never trusting the algorithm), drops
duplicates and rejects candidates whose regret exceeds the tolerance, recording
a warning for each rejection.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InvalidGameError, MethodNotApplicableError
from ..game import NormalFormGame
from ..result import Equilibrium, make_equilibrium

__all__ = ["require_two_players", "check_tol", "collect", "profile_key", "regret_scale"]


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


def regret_scale(game: NormalFormGame) -> float:
    """``max(1, max |payoff|)``: the factor by which ``tol`` scales for computed profiles."""
    payoffs = game.payoffs
    return max(1.0, float(np.abs(payoffs).max())) if payoffs.size else 1.0


def profile_key(vectors: Sequence[Sequence[Any]], *, digits: int = 9) -> tuple | bytes:
    """A hashable key identifying a mixed profile up to rounding (exact for Fractions)."""
    if any(len(v) and isinstance(v[0], Fraction) for v in vectors):
        return tuple(tuple(v) for v in vectors)
    return (np.round(np.concatenate(vectors).astype(float), digits) + 0.0).tobytes()


def collect(
    game: NormalFormGame,
    candidates: Iterable[Sequence[Sequence[Any]]],
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
        Largest regret accepted in float mode, relative to the payoffs' magnitude: a
        profile passes when its regret is at most ``tol * max(1, max |payoff|)``
        (floating-point error in a computed profile grows with the payoffs). Exact mode
        accepts regret 0 only.
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
    seen: set[tuple] = set()
    found: list[Equilibrium] = []
    warnings: list[str] = []
    rejected = 0
    worst = 0.0
    limit = tol * regret_scale(game)
    for k, vectors in enumerate(candidates):
        props = properties[k] if properties is not None else None
        try:
            eq = make_equilibrium(game, vectors, exact=exact, properties=props)
        except InvalidGameError:
            rejected += 1
            continue
        if not distinct:
            key = profile_key(eq.exact_vectors if exact else eq.vectors)
            if key in seen:
                continue
            seen.add(key)
        bad = (eq.exact_regret != 0) if exact else not (eq.regret <= limit)
        if bad:
            rejected += 1
            worst = max(worst, float(eq.regret))
            continue
        found.append(eq)
    if rejected:
        what = "exact regret > 0" if exact else f"regret above {limit:.3g} (tol={tol:g})"
        warnings.append(
            f"{method}: rejected {rejected} candidate profile(s) with {what} "
            f"(largest regret {worst:.3g}); the game may be degenerate or badly scaled"
        )
    return tuple(found), warnings
