"""Two-player solvers from nashpy, wrapped to return verified :class:`EquilibriumResult` objects.

Everything nashpy returns is checked with our own regret test (candidates whose
regret exceeds ``tol`` are dropped with a warning) and de-duplicated; nashpy's own
warnings (for example about degenerate games) are passed on in ``result.warnings``.
Lemke-Howson runs under a pivot bound with cycle detection that we control, because
nashpy's lexicographic Lemke-Howson can pivot forever on some degenerate games.
"""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Callable, Iterable
from math import comb
from typing import Any

import numpy as np

from ..budget import MAX_FLOAT_VERTICES, check_budget, polytope_vertex_bound
from ..errors import InvalidGameError
from ..game import NormalFormGame
from ..result import DEFAULT_TOL, Equilibrium, EquilibriumResult
from ._common import check_tol, collect, normalized_payoffs, require_two_players

__all__ = ["support_enumeration", "vertex_enumeration", "lemke_howson", "MAX_SUPPORT_PAIRS"]

#: Most support pairs nashpy's support enumeration is asked to try (a 10x10 game with
#: ``non_degenerate=False``; each pair is a small linear solve).
MAX_SUPPORT_PAIRS = 1_100_000


def _run_nashpy(
    game: NormalFormGame,
    method: str,
    produce: Callable[[Any], Iterable[Any]],
    tol: float,
    options: dict[str, Any],
) -> EquilibriumResult:
    import nashpy

    # nashpy's tolerances are absolute: it runs on each player's payoffs mapped onto
    # [0, 1] (same equilibria), and the profiles are verified on the game itself
    unit = normalized_payoffs(game)
    A, B = unit[..., 0], unit[..., 1]
    failure = None
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        try:
            candidates = [
                (np.asarray(x, float), np.asarray(y, float)) for x, y in produce(nashpy.Game(A, B))
            ]
        except (ValueError, TypeError, ArithmeticError, np.linalg.LinAlgError) as exc:
            # nashpy's vertex enumeration cannot build the polytopes of some
            # degenerate games (an all-zero matrix): say so, claim nothing
            candidates = []
            failure = (
                f"{method}: nashpy failed on this (degenerate) game: "
                f"{' '.join(str(exc).split())[:120] or type(exc).__name__}; "
                "use method 'enumerate', which handles degenerate games"
            )
    finite = [c for c in candidates if np.all(np.isfinite(c[0])) and np.all(np.isfinite(c[1]))]
    equilibria, warns = collect(game, finite, tol=tol, exact=False, method=method)
    notes = list(dict.fromkeys(f"nashpy: {' '.join(str(w.message).split())}" for w in caught))
    if len(finite) < len(candidates):
        notes.append(f"{method}: dropped {len(candidates) - len(finite)} non-finite profile(s)")
    if failure:
        notes.append(failure)
    return EquilibriumResult(
        game=game,
        method=method,
        equilibria=equilibria,
        options={"tol": tol, **options},
        exact=False,
        complete=False,
        warnings=tuple(warns + notes),
        scope="some",
    )


def support_enumeration(
    game: NormalFormGame, /, *, tol: float = DEFAULT_TOL, non_degenerate: bool = False
) -> EquilibriumResult:
    """Equilibria by nashpy's support enumeration (two players).

    Algorithm (Nisan et al., *Algorithmic Game Theory*, 2007, algorithm 3.4): for every
    pair of supports of equal size (any sizes with ``non_degenerate=False`` in
    nashpy's sense), solve the indifference equations and keep the solutions that are
    probability vectors with no profitable deviation. Finds every equilibrium of a
    non-degenerate game; may miss equilibria of degenerate games, so the result is
    never marked complete (use :func:`~gametheory.solvers.enumerate_equilibria`).

    Parameters
    ----------
    game : NormalFormGame
    tol : float, default 1e-8
        Largest regret accepted by our check of each profile,
        times each player's payoff spread (the same answer at any payoff scale).
    non_degenerate : bool, default False
        Passed to nashpy: ``True`` restricts to supports of equal size.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> [e.label() for e in support_enumeration(g)]
    ['Row [1 0.5, 2 0.5] / Column [1 0.5, 2 0.5]']
    """
    require_two_players(game, "support")
    tol = check_tol(tol)
    m, n = game.shape
    pairs = (
        sum(comb(m, k) * comb(n, k) for k in range(1, min(m, n) + 1))
        if non_degenerate
        else ((1 << m) - 1) * ((1 << n) - 1)
    )
    check_budget(
        f"support enumeration of this {m}x{n} game",
        pairs,
        MAX_SUPPORT_PAIRS,
        unit="support pairs",
        advice="use method 'enumerate' (vertex enumeration), 'lemke-howson' or 'pure'",
    )
    return _run_nashpy(
        game,
        "support",
        lambda g: g.support_enumeration(non_degenerate=bool(non_degenerate)),
        tol,
        {"non_degenerate": bool(non_degenerate)},
    )


def vertex_enumeration(game: NormalFormGame, /, *, tol: float = DEFAULT_TOL) -> EquilibriumResult:
    """Equilibria by nashpy's vertex enumeration (two players).

    Algorithm (Nisan et al. 2007, algorithm 3.5): enumerate the vertices of both
    best-response polytopes and keep the completely labelled pairs. nashpy labels
    each vertex by the inequalities Qhull reports, which can miss labels of degenerate
    vertices, so the result is not marked complete; our
    :func:`~gametheory.solvers.enumerate_equilibria` keeps every label.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [e.label() for e in vertex_enumeration(g)]
    ['Row 2 / Column 2']
    """
    require_two_players(game, "vertex")
    tol = check_tol(tol)
    m, n = game.shape
    check_budget(
        f"nashpy's vertex enumeration of this {m}x{n} game",
        polytope_vertex_bound(m, n),
        MAX_FLOAT_VERTICES,
        unit="polytope vertices (bound)",
        advice="use method 'lemke-howson' (one equilibrium), 'logit' or 'pure'",
    )
    return _run_nashpy(game, "vertex", lambda g: g.vertex_enumeration(), tol, {})


def lemke_howson(
    game: NormalFormGame,
    /,
    *,
    initial_dropped_label: int = 0,
    max_pivots: int = 10_000,
    max_time: float | None = 60.0,
    tol: float = DEFAULT_TOL,
) -> EquilibriumResult:
    """One equilibrium by Lemke-Howson complementary pivoting, with a pivot bound.

    Algorithm (Lemke and Howson 1964; Nisan et al. 2007, algorithm 3.6; nashpy's
    integer pivoting with lexicographic tie-breaking):

    1. Start at the artificial equilibrium ``(0, 0)``, which carries every label.
    2. Drop ``initial_dropped_label``: pivot it into the basis of the tableau where it
       is non-basic; the variable that leaves gives a label now duplicated.
    3. Pivot that label in the other tableau; repeat, alternating tableaux.
    4. Stop when every label is present (an equilibrium), when a basis pair repeats
       (the pivoting cycles), after ``max_pivots`` pivots or after ``max_time``
       seconds; the last three are reported as warnings with no equilibrium.

    Parameters
    ----------
    game : NormalFormGame
    initial_dropped_label : int, default 0
        ``0 .. m-1`` are the row player's strategies, ``m .. m+n-1`` the column
        player's.
    max_pivots : int, default 10000
    max_time : float or None, default 60
        Wall-clock limit in seconds (None: no limit).
    tol : float, default 1e-8
        Largest regret accepted for the profile found,
        times each player's payoff spread (the same answer at any payoff scale).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [e.label() for e in lemke_howson(g, initial_dropped_label=0)]
    ['Row 1 / Column 1']
    """
    require_two_players(game, "lemke-howson")
    tol = check_tol(tol)
    m, n = game.shape
    label = initial_dropped_label
    if (
        isinstance(label, bool)
        or not isinstance(label, (int, np.integer))
        or not 0 <= label < m + n
    ):
        raise InvalidGameError(
            f"initial_dropped_label must be an integer from 0 to {m + n - 1} "
            f"(0..{m - 1}: row strategies, {m}..{m + n - 1}: column strategies), got {label!r}"
        )
    if (
        isinstance(max_pivots, bool)
        or not isinstance(max_pivots, (int, np.integer))
        or max_pivots < 1
    ):
        raise InvalidGameError(f"max_pivots must be a positive integer, got {max_pivots!r}")
    if max_time is not None:
        try:
            max_time = float(max_time)
        except (TypeError, ValueError):
            max_time = -1.0
        if not max_time > 0:
            raise InvalidGameError(
                f"max_time must be a positive number of seconds or None, got {max_time!r}"
            )
    options = {
        "initial_dropped_label": int(label),
        "max_pivots": int(max_pivots),
        "max_time": max_time,
        "tol": tol,
    }
    unit = normalized_payoffs(game)  # same equilibria, payoffs in [0, 1]
    profile, problem = _bounded_lemke_howson(
        np.array(unit[..., 0]),
        np.array(unit[..., 1]),
        int(label),
        int(max_pivots),
        max_time,
    )
    notes = [] if problem is None else [f"lemke-howson: {problem}; try method 'enumerate'"]
    equilibria: tuple[Equilibrium, ...] = ()
    if profile is not None:
        equilibria, warns = collect(game, [profile], tol=tol, exact=False, method="lemke-howson")
        notes = warns + notes
    return EquilibriumResult(
        game=game,
        method="lemke-howson",
        equilibria=equilibria,
        options=options,
        exact=False,
        complete=False,
        warnings=tuple(notes),
        scope="one",
    )


def _bounded_lemke_howson(
    A: np.ndarray, B: np.ndarray, label: int, max_pivots: int, max_time: float | None
) -> tuple[tuple[np.ndarray, np.ndarray] | None, str | None]:
    """nashpy's lexicographic Lemke-Howson loop, stopped on a cycle, after ``max_pivots``
    pivots or after ``max_time`` seconds."""
    import time

    from nashpy.linalg import create_col_tableau, create_row_tableau

    deadline = None if max_time is None else time.monotonic() + max_time

    col_tableau = create_col_tableau(A, True)
    row_tableau = create_row_tableau(B, True)
    if label in row_tableau.non_basic_variables:
        tableaux = (row_tableau, col_tableau)
    else:
        tableaux = (col_tableau, row_tableau)
    full = col_tableau.labels
    entering = label
    seen: set[tuple[frozenset[int], frozenset[int], int, int]] = set()
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        for step in range(max_pivots):
            entering = tableaux[step % 2].pivot_and_drop_label(entering)
            col_nb = frozenset(col_tableau.non_basic_variables)
            row_nb = frozenset(row_tableau.non_basic_variables)
            if col_nb | row_nb == full:
                try:
                    x = row_tableau.to_strategy(col_nb)
                    y = col_tableau.to_strategy(row_nb)
                except (ValueError, ZeroDivisionError, IndexError) as exc:
                    return None, f"pivoting ended in an invalid profile ({exc})"
                if (
                    x.shape != (A.shape[0],)
                    or y.shape != (A.shape[1],)
                    or not (np.all(np.isfinite(x)) and np.all(np.isfinite(y)))
                ):
                    return None, "pivoting ended in an invalid profile (degenerate game?)"
                return (x, y), None
            state = (col_nb, row_nb, entering, step % 2)
            if state in seen:
                return None, (
                    f"pivoting from dropped label {label} cycles after {step + 1} "
                    "pivots without reaching an equilibrium (degenerate game)"
                )
            seen.add(state)
            if deadline is not None and time.monotonic() > deadline:
                return None, (
                    f"no equilibrium within max_time={max_time:g} s "
                    f"({step + 1} pivots from dropped label {label})"
                )
    return None, f"no equilibrium within max_pivots={max_pivots} pivots from dropped label {label}"
