"""Trembling-hand perfect and proper equilibria: checks for small games.

An equilibrium is *trembling-hand perfect* (Selten 1975) when it is the limit of
completely mixed profiles to which it is a best reply: it survives small mistakes
by the others. It is *proper* (Myerson 1978) when it is the limit of
``epsilon``-proper profiles, in which a costlier mistake is at most ``epsilon``
times as likely as a cheaper one.

* :func:`is_trembling_hand_perfect` -- two players: exact in the sense of van Damme
  (1991, theorem 3.2.2), a Nash equilibrium is perfect iff no player's strategy is
  weakly dominated, decided by a linear program per player whose solution is a
  completely mixed tremble of the opponent (the certificate). More players: the
  payoffs along ``sigma + eps (tau - sigma)`` are polynomials in ``eps``; a tremble
  direction ``tau`` certifies perfection when every strategy in the support stays a
  best reply for all small ``eps`` (uniform and seeded random directions are tried).
  A weakly dominated strategy in the support refutes it; otherwise the answer is
  ``None`` (undecided).
* :func:`is_proper` -- two players. For every pair of *tremble orders* (each
  player's strategies ranked in blocks, the support first) a linear program looks
  for an ``epsilon``-proper profile within ``sqrt(epsilon)`` of the equilibrium;
  ``epsilon = 1e-2, 1e-3, 1e-4`` must all succeed with the same orders. The found
  profile is checked for ``epsilon``-properness directly. This is a numerical test
  for small games (it refuses games with too many orders), not a proof.

Examples
--------
>>> from gametheory import NormalFormGame
>>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 0]], [[1, 0], [0, 0]],
...     strategies=(("U", "D"), ("L", "R")))
>>> is_trembling_hand_perfect(g, {"Row": "U", "Column": "L"}).holds
True
>>> check = is_trembling_hand_perfect(g, {"Row": "D", "Column": "R"})
>>> check.holds, check.reason
(False, "Row's D is weakly dominated (by U)")
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import InvalidGameError
from .game import NormalFormGame
from .solvers._common import payoff_scales

__all__ = ["RefinementCheck", "is_trembling_hand_perfect", "is_proper", "tremble_orders"]

_MAX_ORDER_PAIRS = 5_000


@dataclass(frozen=True)
class RefinementCheck:
    """The answer of a refinement check, with its reason and certificate.

    Attributes
    ----------
    holds : bool or None
        ``None`` when the check could not decide.
    reason : str
        One sentence a reader can check.
    tremble : dict, optional
        ``{player: {strategy: probability}}``, a completely mixed profile that
        certifies the answer (perfect: a tremble direction; proper: an
        ``epsilon``-proper profile).
    details : dict
    """

    holds: bool | None
    reason: str
    tremble: dict[str, dict[str, float]] | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.holds)


def _profile(game: NormalFormGame, profile: Any) -> list[np.ndarray]:
    """Probability vectors from an Equilibrium, a mapping or a sequence."""
    if hasattr(profile, "vectors") and hasattr(profile, "game"):
        return [np.asarray(v, dtype=float) for v in profile.vectors]
    items = list(profile.items()) if isinstance(profile, Mapping) else list(enumerate(profile))
    vecs: list[np.ndarray | None] = [None] * game.num_players
    for player, spec in items:
        i = game.player_index(player)
        if isinstance(spec, str):
            v = np.zeros(game.shape[i])
            v[game.strategy_index(i, spec)] = 1.0
        elif isinstance(spec, Mapping):
            v = np.zeros(game.shape[i])
            for s, q in spec.items():
                v[game.strategy_index(i, s)] = float(q)
        else:
            v = np.asarray([float(x) for x in spec], dtype=float)
        if v.shape != (game.shape[i],) or np.any(v < 0) or abs(v.sum() - 1) > 1e-9:
            raise InvalidGameError(
                f"profile of {game.players[i]!r} must be {game.shape[i]} probabilities summing to 1"
            )
        vecs[i] = v
    missing = [game.players[i] for i, v in enumerate(vecs) if v is None]
    if missing:
        raise InvalidGameError(f"profile gives no strategy for {', '.join(missing)}")
    return vecs  # type: ignore[return-value]


def _normalised(game: NormalFormGame) -> NormalFormGame:
    """``game`` with each player's payoffs mapped to ``[0, 1]`` (minus their minimum,
    over their spread): perfection and properness do not change under a positive affine
    map of a player's payoffs, and the tolerances and linear programs below then mean
    the same for the game times 1e-12 or 1e12."""
    n = game.num_players
    flat = game.payoffs.reshape(-1, n)
    if not flat.size:
        return game
    scales = payoff_scales(game)
    unit = np.where(scales > 0, scales, 1.0)
    low = flat.min(axis=0)
    payoffs = game.payoffs / unit - low / unit  # divided first: 1e308 - -1e308 overflows
    return NormalFormGame(payoffs, players=game.players, strategies=game.strategies)


def _scale(game: NormalFormGame) -> float:
    return max(1.0, float(np.ptp(game.payoffs)))


def _not_nash(game: NormalFormGame, vecs: list[np.ndarray], tol: float) -> RefinementCheck | None:
    regret = game.regret(vecs)
    if regret > tol * _scale(game):
        return RefinementCheck(False, f"not a Nash equilibrium (regret {regret:.3g})")
    return None


def _as_dict(game: NormalFormGame, vecs: Sequence[np.ndarray]) -> dict[str, dict[str, float]]:
    return {
        p: {s: float(q) for s, q in zip(game.strategies[i], vecs[i], strict=True)}
        for i, p in enumerate(game.players)
    }


def _own_rows(game: NormalFormGame, i: int) -> np.ndarray:
    """Player i's payoffs, rows = own strategies, columns = the others' pure profiles."""
    return np.moveaxis(game.payoffs[..., i], i, 0).reshape(game.shape[i], -1)


def _weak_dominator(game: NormalFormGame, i: int, x: np.ndarray, tol: float) -> np.ndarray | None:
    """A mixed strategy never worse than ``x`` and better somewhere (LP), or None."""
    from scipy.optimize import linprog

    U = _own_rows(game, i)
    u = x @ U
    n = game.shape[i]
    res = linprog(
        -U.sum(axis=1),
        A_ub=-U.T,
        b_ub=-u,
        A_eq=np.ones((1, n)),
        b_eq=[1.0],
        bounds=[(0, None)] * n,
        method="highs",
    )
    if res.status != 0:
        return None
    w = np.clip(res.x, 0, None)
    w /= w.sum()
    gaps = w @ U - u
    s = tol * _scale(game)
    return w if gaps.min() >= -s and gaps.sum() > 10 * s * max(1, U.shape[1]) else None


def _describe_mix(labels: Sequence[str], w: np.ndarray) -> str:
    parts = [(lab, q) for lab, q in zip(labels, w, strict=True) if q > 1e-12]
    if len(parts) == 1:
        return parts[0][0]
    return "[" + ", ".join(f"{lab} {q:.3g}" for lab, q in parts) + "]"


def _support_label(game: NormalFormGame, i: int, x: np.ndarray) -> str:
    return _describe_mix(game.strategies[i], x)


def _fully_mixed_reply(
    game: NormalFormGame, i: int, x: np.ndarray, tol: float
) -> np.ndarray | None:
    """Two players: a completely mixed strategy of the opponent to which ``x`` is a best reply."""
    from scipy.optimize import linprog

    U = _own_rows(game, i)  # rows: i's strategies, columns: the opponent's
    support = np.flatnonzero(x > 1e-12)
    n, m = U.shape
    # variables q (m) and t; maximise t with q >= t, sum q = 1, U[s] q >= U[k] q
    rows = [np.append(U[k] - U[s], 0.0) for s in support for k in range(n) if k != s]
    rows += [np.append(-np.eye(m)[c], 1.0) for c in range(m)]
    res = linprog(
        np.append(np.zeros(m), -1.0),
        A_ub=np.array(rows),
        b_ub=np.zeros(len(rows)),
        A_eq=np.append(np.ones(m), 0.0)[None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, 1.0)],
        method="highs",
    )
    if res.status != 0 or res.x[-1] <= 1e-9:
        return None
    q = np.clip(res.x[:m], 0, None)
    q /= q.sum()
    dev = U @ q
    if np.min(q) <= 0 or dev.max() - dev[support].min() > tol * _scale(game):
        return None
    return q


def _poly_coefficients(
    game: NormalFormGame, vecs: list[np.ndarray], tau: list[np.ndarray]
) -> list[np.ndarray]:
    """Coefficients (degree 0..N-1) in eps of each player's deviation payoffs."""
    N = game.num_players
    pts = np.arange(N, dtype=float)
    values = [
        game.deviation_payoffs([v + e * (t - v) for v, t in zip(vecs, tau, strict=True)])
        for e in pts
    ]
    V = np.vander(pts, N, increasing=True)
    inv = np.linalg.inv(V)
    return [inv @ np.array([values[k][i] for k in range(N)]) for i in range(N)]


def _direction_certifies(
    game: NormalFormGame, vecs: list[np.ndarray], tau: list[np.ndarray], tol: float
) -> bool:
    tol_s = tol * _scale(game) * 10
    for i, coef in enumerate(_poly_coefficients(game, vecs, tau)):
        for s in np.flatnonzero(vecs[i] > 1e-12):
            for t in range(game.shape[i]):
                d = coef[:, s] - coef[:, t]
                nz = np.flatnonzero(np.abs(d) > tol_s)
                if nz.size and d[nz[0]] < 0:
                    return False
    return True


def is_trembling_hand_perfect(
    game: NormalFormGame, profile: Any, /, *, tol: float = 1e-9, rng: Any = 0, directions: int = 20
) -> RefinementCheck:
    """Whether a Nash equilibrium is (trembling-hand) perfect.

    Parameters
    ----------
    game : NormalFormGame
    profile : Equilibrium, mapping or sequence
        ``{player: strategy}``, ``{player: {strategy: probability}}`` or vectors.
    tol : float
        Relative to the payoff spread.
    rng : seed or Generator
        Random tremble directions tried for games of three or more players.
    directions : int
        How many random directions to try (three or more players).

    Returns
    -------
    RefinementCheck
        ``tremble`` holds a completely mixed profile ``tau`` such that the
        equilibrium is a best reply to ``(1 - eps) sigma + eps tau`` for all small
        ``eps``.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    >>> is_trembling_hand_perfect(g, [[1, 0], [1, 0]]).holds
    True
    """
    vecs = _profile(game, profile)
    game = _normalised(game)
    bad = _not_nash(game, vecs, tol)
    if bad is not None:
        return bad
    for i in range(game.num_players):
        w = _weak_dominator(game, i, vecs[i], tol)
        if w is not None:
            return RefinementCheck(
                False,
                f"{game.players[i]}'s {_support_label(game, i, vecs[i])} is weakly "
                f"dominated (by {_describe_mix(game.strategies[i], w)})",
            )
    if game.num_players == 2:
        tau = [None, None]
        for i in range(2):
            q = _fully_mixed_reply(game, i, vecs[i], tol)
            if q is None:  # pragma: no cover - excluded by the dominance test (Pearce's lemma)
                return RefinementCheck(None, "the linear programs disagree; undecided")
            tau[1 - i] = q
        return RefinementCheck(
            True,
            "no player's strategy is weakly dominated (two players: "
            "perfect, van Damme 1991, theorem 3.2.2)",
            _as_dict(game, tau),
        )
    gen = np.random.default_rng(rng)
    uniform = [np.full(n, 1.0 / n) for n in game.shape]
    candidates = [[0.5 * v + 0.5 * u for v, u in zip(vecs, uniform, strict=True)], uniform]
    if all(np.min(v) > 0 for v in vecs):  # completely mixed: it is its own tremble
        candidates.insert(0, vecs)
    candidates += [[gen.dirichlet(np.ones(n)) for n in game.shape] for _ in range(directions)]
    for tau in candidates:
        if _direction_certifies(game, vecs, tau, tol):
            return RefinementCheck(
                True,
                "a best reply to a completely mixed tremble for all "
                "small eps (checked on the payoff polynomials)",
                _as_dict(game, tau),
            )
    return RefinementCheck(
        None,
        f"undominated, but none of {len(candidates)} tremble "
        "directions certifies perfection; undecided",
    )


def tremble_orders(n: int, first: Sequence[int]) -> list[list[list[int]]]:
    """Ordered partitions of ``range(n)`` (blocks best first) whose first block holds ``first``.

    Examples
    --------
    >>> len(tremble_orders(3, [0])), tremble_orders(2, [1])
    (6, [[[0, 1]], [[1], [0]]])
    """
    rest = [k for k in range(n) if k not in first]
    out = []
    for labels in itertools.product(range(len(rest) + 1), repeat=len(rest)):
        used = sorted(set(labels) - {0})
        if used != list(range(1, len(used) + 1)):
            continue
        blocks = [sorted(list(first) + [r for r, b in zip(rest, labels, strict=True) if b == 0])]
        blocks += [[r for r, b in zip(rest, labels, strict=True) if b == k] for k in used]
        out.append(blocks)
    return sorted(out)


def _proper_lp(
    U_i: np.ndarray,
    order_i: list[list[int]],
    order_j: list[list[int]],
    sigma_j: np.ndarray,
    eps: float,
) -> np.ndarray | None:
    """An eps-proper strategy of j, near sigma_j, under which i ranks as ``order_i``."""
    from scipy.optimize import linprog

    m = len(sigma_j)
    rank = np.zeros(m, dtype=int)
    for k, block in enumerate(order_j):
        rank[block] = k
    ub, beq = [], []
    for block in order_i:  # i's payoffs are equal within a block ...
        for s in block[1:]:
            beq.append(np.append(U_i[block[0]] - U_i[s], 0.0))
    for a, b in itertools.pairwise(order_i):  # ... and ordered between blocks
        ub.append(np.append(U_i[b[0]] - U_i[a[0]], 0.0))
    for a, b in itertools.pairwise(order_j):  # j's trembles: p(t) <= eps p(s)
        for s in a:
            for t in b:
                ub.append(np.append(np.eye(m)[t] - eps * np.eye(m)[s], 0.0))
    for c in range(m):  # p(c) >= x eps^rank(c): x measures how completely mixed p is
        ub.append(np.append(-np.eye(m)[c], eps ** rank[c]))
    A_eq = np.array([np.append(np.ones(m), 0.0)] + beq)
    b_eq = np.zeros(len(A_eq))
    b_eq[0] = 1.0
    delta = np.sqrt(eps)
    bounds = [(max(0.0, q - delta), min(1.0, q + delta)) for q in sigma_j] + [(0, 1)]
    scale = max(1.0, float(np.abs(U_i).max()))
    A_ub = np.array(ub)
    A_ub[:, :m] /= np.where(
        np.abs(A_ub[:, :m]).max(axis=1, keepdims=True) > 0,
        np.abs(A_ub[:, :m]).max(axis=1, keepdims=True),
        1.0,
    )
    A_eq[1:] /= scale
    res = linprog(
        np.append(np.zeros(m), -1.0),
        A_ub=A_ub,
        b_ub=np.zeros(len(ub)),
        A_eq=A_eq,
        b_eq=b_eq,
        bounds=bounds,
        method="highs",
    )
    if res.status != 0 or res.x[-1] <= 1e-6:
        return None
    p = np.clip(res.x[:m], 0, None)
    return p / p.sum()


def _is_eps_proper(game: NormalFormGame, p: list[np.ndarray], eps: float, tol: float) -> bool:
    dev = game.deviation_payoffs(p)
    t = tol * _scale(game)
    for i in range(2):
        for s in range(game.shape[i]):
            for k in range(game.shape[i]):
                if dev[i][s] < dev[i][k] - t and p[i][s] > eps * p[i][k] * (1 + 1e-6):
                    return False
    return all(np.min(v) > 0 for v in p)


def is_proper(game: NormalFormGame, profile: Any, /, *, tol: float = 1e-9) -> RefinementCheck:
    """Whether an equilibrium of a small two-player game is proper (Myerson 1978).

    Algorithm: for each pair of tremble orders (:func:`tremble_orders`; each
    player's support in the first block), solve one linear program per player for
    an ``eps``-proper strategy within ``sqrt(eps)`` of the equilibrium under which
    the opponent's payoffs rank the opponent's strategies in that order. The
    equilibrium counts as proper when one pair of orders works for
    ``eps = 1e-2, 1e-3, 1e-4``; the ``eps = 1e-4`` profile is then checked for
    ``eps``-properness from the game. Not perfect implies not proper.

    Returns
    -------
    RefinementCheck
        ``details["orders"]`` holds the tremble orders that worked.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> A = [[1, 0, -9], [0, 0, -7], [-9, -7, -7]]           # Myerson (1978)
    >>> g = NormalFormGame.from_bimatrix(A, [list(r) for r in zip(*A)],
    ...     strategies=(("U", "M", "D"), ("L", "M", "R")))
    >>> is_proper(g, {"Row": "U", "Column": "L"}).holds
    True
    >>> is_proper(g, {"Row": "M", "Column": "M"}).holds
    False
    """
    if game.num_players != 2:
        raise InvalidGameError(
            f"is_proper checks two-player games; this one has {game.num_players}"
        )
    vecs = _profile(game, profile)
    game = _normalised(game)
    perfect = is_trembling_hand_perfect(game, vecs, tol=tol)
    if perfect.holds is False:
        return RefinementCheck(False, f"not perfect, so not proper: {perfect.reason}")
    supports = [list(np.flatnonzero(v > 1e-12)) for v in vecs]
    orders = [tremble_orders(n, sup) for n, sup in zip(game.shape, supports, strict=True)]
    if len(orders[0]) * len(orders[1]) > _MAX_ORDER_PAIRS:
        raise InvalidGameError(
            f"{len(orders[0]) * len(orders[1]):,} pairs of tremble orders: "
            f"more than the {_MAX_ORDER_PAIRS:,} this check tries"
        )
    U = [_own_rows(game, 0), _own_rows(game, 1)]
    for o0, o1 in itertools.product(*orders):
        found = None
        for eps in (1e-2, 1e-3, 1e-4):
            p1 = _proper_lp(U[0], o0, o1, vecs[1], eps)  # Column's trembles, Row ranks o0
            p0 = _proper_lp(U[1], o1, o0, vecs[0], eps) if p1 is not None else None
            if p0 is None:
                found = None
                break
            found = [p0, p1]
        if found is not None and _is_eps_proper(game, found, 1e-4, tol):
            names = [
                [[game.strategies[i][k] for k in block] for block in o]
                for i, o in enumerate((o0, o1))
            ]
            return RefinementCheck(
                True,
                "an eps-proper profile within sqrt(eps) of it exists "
                "for eps = 1e-2, 1e-3, 1e-4 (tremble orders in details)",
                _as_dict(game, found),
                {"orders": dict(zip(game.players, names, strict=True)), "eps": 1e-4},
            )
    return RefinementCheck(
        False,
        "no pair of tremble orders admits an eps-proper profile within "
        "sqrt(eps) of it (eps down to 1e-4)",
    )
