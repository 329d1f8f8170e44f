"""Logit quantal-response path following: one equilibrium of any finite game.

The logit quantal response equilibria (QRE) of a game form a correspondence in the
rationality parameter ``lambda``: at ``lambda = 0`` the unique QRE is uniform play,
and the *principal branch* that starts there converges, as ``lambda`` grows, to a
Nash equilibrium (McKelvey and Palfrey 1995). :func:`logit_solve` follows that
branch with a predictor-corrector continuation (Turocy 2005), then *polishes* the
limit: it reads off the support the path is converging to and solves the
equilibrium conditions of that support (indifference among used strategies, sum to
one) by Newton's method, and accepts the profile only when its regret in the
original game is at most ``tol``. It never returns an unverified profile: when
no support polishes, the result holds no equilibrium and a warning.

The same path tracer serves :mod:`gametheory.qre` (QRE at a given ``lambda`` and
the whole correspondence).

References
----------
R. D. McKelvey and T. R. Palfrey (1995), "Quantal response equilibria for normal
form games", *Games and Economic Behavior* 10, 6-38.
T. L. Turocy (2005), "A dynamic homotopy interpretation of the logistic quantal
response equilibrium correspondence", *Games and Economic Behavior* 51, 243-263.

Examples
--------
>>> from gametheory import NormalFormGame
>>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
>>> res = logit_solve(g)
>>> res[0]["Row"], res[0].regret < 1e-10
({'1': 0.5, '2': 0.5}, True)
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from .._contract import PayoffKernel
from ..errors import InvalidGameError
from ..game import NormalFormGame
from ..result import EquilibriumResult, make_equilibrium
from ._common import regret_bound

__all__ = ["logit_solve"]


def normalized_payoffs(game: NormalFormGame) -> tuple[np.ndarray, float]:
    """Payoffs rescaled to [0, 1] (one affine map for all players) and the scale used."""
    P = game.payoffs
    lo, hi = float(P.min()), float(P.max())
    # halves first: the spread of payoffs of +-1e308 is past the largest float
    scale = min(2.0 * (hi / 2 - lo / 2), float(np.finfo(float).max))
    if scale <= 0:
        return np.zeros_like(P), 0.0
    return np.clip(P / scale - lo / scale, 0.0, 1.0), scale


# ------------------------------------------------------------------ path tracing
class LogitPath:
    """The principal branch of the logit QRE correspondence, as an iterator of points.

    Each point is ``(lam, sigma)`` with ``sigma`` the flat vector of all players'
    probabilities. After iteration, :attr:`status` is ``"max_lambda"``,
    ``"max_steps"``, ``"time"`` or ``"step_failure"``.
    """

    def __init__(
        self,
        kernel: PayoffKernel,
        *,
        max_lambda: float,
        max_steps: int,
        deadline: float,
        first_step: float = 0.03,
        max_step: float = np.inf,
        corrector_tol: float = 1e-10,
    ) -> None:
        self.k = kernel
        self.max_lambda = max_lambda
        self.max_steps = max_steps
        self.deadline = deadline
        self.first_step = first_step
        self.max_step = max_step
        self.corrector_tol = corrector_tol
        self.status = "running"
        self.steps = 0
        self.lam = 0.0
        self.sigma = np.concatenate([np.full(n, 1.0 / n) for n in kernel.shape])

    def residual(self, y: np.ndarray) -> np.ndarray:
        k = self.k
        lam = y[-1]
        x = y[:-1]
        sig = np.exp(x)
        u = k.flat_payoffs(sig)
        out: np.ndarray = x - x[k.first_position] - lam * (u - u[k.first_position])
        out[k.head_positions] = k.membership @ sig - 1.0
        return out

    def jacobian(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Residual and Jacobian (M x (M+1)) at y = (ln sigma, lambda)."""
        k = self.k
        M = k.M
        lam = y[-1]
        x = y[:-1]
        sig = np.exp(x)
        u, D = k.flat_pairs(sig)
        first, heads = k.first_position, k.head_positions
        du = u - u[first]
        H = x - x[first] - lam * du
        H[heads] = k.membership @ sig - 1.0
        J = np.empty((M, M + 1))
        # log rows: x_k - x_first - lam (u_k - u_first); D's diagonal blocks are zero
        J[:, :M] = k.log_rows - lam * (D - D[first]) * sig
        J[:, M] = -du
        # first row of each player: its probabilities sum to one
        J[heads, :M] = k.membership * sig
        J[heads, M] = 0.0
        return H, J

    @staticmethod
    def _tangent(
        J: np.ndarray, previous: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        Q, R = np.linalg.qr(J.T, mode="complete")
        t = Q[:, -1]
        if previous is None:
            if t[-1] < 0:
                t = -t
        elif t @ previous < 0:
            t = -t
        return t, Q[:, :-1], R[:-1]

    @staticmethod
    def _orientation(J: np.ndarray, t: np.ndarray) -> float:
        """Sign of the determinant of the Jacobian augmented by the tangent."""
        return float(np.linalg.slogdet(np.vstack([J, t]))[0])

    def _correct(self, y: np.ndarray, h: float) -> tuple[np.ndarray | None, int]:
        """Chord-Newton corrector (Jacobian at the predicted point); None on failure."""
        H, J = self.jacobian(y)
        Q, R = np.linalg.qr(J.T)
        try:
            solve_T = np.linalg.inv(R.T)
        except np.linalg.LinAlgError:
            return None, 0
        y0 = y.copy()
        prev = np.inf
        for it in range(1, 9):
            delta = -(Q @ (solve_T @ H))
            nd = float(np.abs(delta).max())
            if not np.isfinite(nd) or nd > 0.5 * prev + 1e-300 and it > 1:
                return None, it
            y = y + delta
            if float(np.abs(y - y0).max()) > 0.5 * h + 1e-12 and it > 1:
                return None, it
            if nd <= self.corrector_tol * max(1.0, float(np.abs(y).max())):
                return y, it
            prev = nd
            H = self.residual(y)
        return None, 8

    def __iter__(self) -> Iterator[tuple[float, np.ndarray]]:
        y = np.concatenate([np.log(self.sigma), [0.0]])
        _, J = self.jacobian(y)
        t, _, _ = self._tangent(J, None)
        orientation = self._orientation(J, t)
        h = self.first_step
        yield 0.0, self.sigma.copy()
        while True:
            if self.steps >= self.max_steps:
                self.status = "max_steps"
                return
            if time.monotonic() > self.deadline:
                self.status = "time"
                return
            self.steps += 1
            y_new, iters = self._correct(y + h * t, h)
            if y_new is None:
                h *= 0.5
                if h < 1e-10:
                    self.status = "step_failure"
                    return
                continue
            _, J = self.jacobian(y_new)
            t_new, _, _ = self._tangent(J, t)
            if t_new @ t < 0.9 and h > 1e-6:
                h *= 0.5
                continue
            # the sign of det([J; t]) is constant along one branch traversed one way; a
            # step that lands on another branch (near a fold, as in an almost symmetric
            # coordination game) flips it: retry with a shorter step
            turned = self._orientation(J, t_new)
            if turned != orientation:
                if h > 1e-6:
                    h *= 0.5
                    continue
                orientation = turned  # a genuine bifurcation point of a degenerate game
            y, t = y_new, t_new
            self.lam = float(y[-1])
            self.sigma = np.exp(y[:-1])
            yield self.lam, self.sigma.copy()
            if self.lam >= self.max_lambda:
                self.status = "max_lambda"
                return
            if iters <= 3:
                h = min(h * 2.0, self.max_step)


# --------------------------------------------------------------------- polishing
def polish(
    kernel: PayoffKernel, sigma: np.ndarray, support: Sequence[np.ndarray], *, max_iter: int = 40
) -> list[np.ndarray] | None:
    """Solve the equilibrium conditions of ``support`` by Newton's method from ``sigma``.

    Unknowns are the probabilities on the support and each player's value; equations
    say every supported strategy earns the value and the probabilities sum to one.
    Returns full probability vectors (non-negative, summing to one) or None.
    """
    k = kernel
    N = k.N
    sup = [np.asarray(s, dtype=int) for s in support]
    sizes = [len(s) for s in sup]
    pos = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    nx = int(pos[-1])
    vecs = [np.zeros(n) for n in k.shape]
    flat = k.split(sigma)
    for i in range(N):
        v = flat[i][sup[i]]
        v = v / v.sum() if v.sum() > 0 else np.full(sizes[i], 1.0 / sizes[i])
        vecs[i][sup[i]] = v
    u = k.payoffs(vecs)
    z = np.concatenate(
        [
            np.concatenate([vecs[i][sup[i]] for i in range(N)]),
            [float(u[i][sup[i]] @ vecs[i][sup[i]]) for i in range(N)],
        ]
    )
    neq = nx + N
    # flat positions of the supported strategies and their players
    ridx = np.concatenate([k.offsets[i] + sup[i] for i in range(N)])
    owner = np.repeat(np.arange(N), sizes)
    J = np.zeros((neq, nx + N))
    J[np.arange(nx), nx + owner] = -1.0
    J[nx + owner, np.arange(nx)] = 1.0
    block = np.ix_(np.arange(nx), np.arange(nx))
    cross = np.ix_(ridx, ridx)
    F = np.empty(neq)
    flat_sigma = np.zeros(k.M)
    prev_norm = np.inf
    for it in range(max_iter):
        flat_sigma[ridx] = z[:nx]
        u_flat, D = k.flat_pairs(flat_sigma)
        F[:nx] = u_flat[ridx] - z[nx + owner]
        F[nx:] = np.bincount(owner, weights=z[:nx], minlength=N) - 1.0
        J[block] = D[cross]  # diagonal blocks of D are zero
        norm = float(np.abs(F).max())
        if norm < 1e-15 or (norm < 1e-11 and norm > 0.5 * prev_norm):
            break  # converged, or stalled at rounding level
        if it >= 6 and norm > 0.5 * prev_norm:
            return None  # not converging: wrong support
        prev_norm = norm
        delta = _newton_step(J, F)
        if not np.all(np.isfinite(delta)):
            return None
        z = z + delta
        if float(np.abs(delta).max()) < 1e-16:
            break
    x = z[:nx]
    if not np.all(np.isfinite(x)) or np.min(x) < -1e-9:
        return None
    out = []
    for i in range(N):
        v = np.zeros(k.shape[i])
        v[sup[i]] = np.clip(z[pos[i] : pos[i + 1]], 0.0, None)
        if v.sum() <= 0:
            return None
        out.append(v / v.sum())
    return out


def _newton_step(J: np.ndarray, F: np.ndarray) -> np.ndarray:
    """Least-squares solution of ``J delta = -F``: LU for the (square) polishing system,
    the SVD (minimum-norm step) only when ``J`` is singular or nearly so."""
    try:
        delta = np.linalg.solve(J, -F)
    except np.linalg.LinAlgError:
        delta = None
    # a nearly singular J gives a huge LU step where lstsq truncates; Newton steps on
    # probabilities and values in [0, 1] are far below 1e6
    if delta is None or not np.abs(delta).max() < 1e6:
        delta = np.linalg.lstsq(J, -F, rcond=None)[0]
    return delta


def support_candidates(kernel: PayoffKernel, sigma: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    """Supports suggested by a point of the path: strategies not much less likely than the mode."""
    flat = kernel.split(sigma)
    seen: list[tuple[np.ndarray, ...]] = []
    keys: set[tuple[tuple[int, ...], ...]] = set()
    for tau in (1e-2, 1e-4, 1e-7):
        sup = tuple(np.flatnonzero(v >= tau * v.max()) for v in flat)
        key = tuple(tuple(int(x) for x in s) for s in sup)
        if key not in keys:
            keys.add(key)
            seen.append(sup)
    return seen


def polish_point(
    kernel: PayoffKernel, sigma: np.ndarray, *, tol: float, max_adjust: int = 3
) -> list[np.ndarray] | None:
    """Try the supports suggested by ``sigma``; adjust a support that fails by one step."""
    for sup in support_candidates(kernel, sigma):
        for _ in range(max_adjust):
            vecs = polish(kernel, sigma, sup)
            if vecs is None:
                break
            if kernel.regret(vecs) <= tol:
                return vecs
            # add the most profitable outside strategy of the player with largest regret
            u = kernel.payoffs(vecs)
            regs = [float(np.max(u[i]) - u[i] @ vecs[i]) for i in range(kernel.N)]
            i = int(np.argmax(regs))
            best = int(np.argmax(u[i]))
            sup = tuple(np.union1d(s, [best]) if j == i else s for j, s in enumerate(sup))
    return None


# ------------------------------------------------------------------- public API
def logit_solve(
    game: NormalFormGame,
    /,
    *,
    tol: float = 1e-10,
    max_lambda: float = 1e7,
    max_steps: int = 20_000,
    max_time: float = 60.0,
    first_step: float = 0.03,
) -> EquilibriumResult:
    """One Nash equilibrium of any finite game, selected by logit QRE path following.

    Algorithm:

    1. Rescale payoffs to [0, 1] (the equilibria do not change).
    2. Start at the unique QRE of ``lambda = 0``, uniform play, and follow the
       principal branch of ``H(ln sigma, lambda) = 0`` (log-odds equal ``lambda`` times
       payoff differences; probabilities sum to one) by arc-length
       predictor-corrector continuation: an Euler step along the tangent (null
       vector of the Jacobian, from a QR factorisation) and chord-Newton
       corrections with the Moore-Penrose inverse; steps double after easy
       corrections and halve after failures.
    3. Whenever ``lambda`` doubles (from 4 on), read candidate supports off the
       current point and solve each support's equilibrium conditions by Newton's
       method; accept the first profile whose regret in the original game is
       at most ``tol`` times the smallest positive payoff spread of a player
       (:func:`~gametheory.solvers._common.regret_bound`), so that a game and the game
       times 1e-12 have the same answer.

    Parameters
    ----------
    game : NormalFormGame
    tol : float
        Largest regret accepted, relative to the payoff scale: ``tol`` times the
        smallest positive spread ``max - min`` of a player's payoffs.
    max_lambda : float
        Stop the path at this ``lambda`` (on payoffs rescaled to [0, 1]).
    max_steps : int
        Largest number of continuation steps.
    max_time : float
        Time limit in seconds.
    first_step : float
        Initial arc-length step.

    Returns
    -------
    EquilibriumResult
        One equilibrium with regret within the bound, or none and a warning saying why.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> logit_solve(g)[0].label()
    'Row 2 / Column 2'
    """
    for name, value in (
        ("tol", tol),
        ("max_lambda", max_lambda),
        ("max_time", max_time),
        ("first_step", first_step),
    ):
        if not isinstance(value, (int, float)) or not value > 0:
            raise InvalidGameError(f"logit option {name} must be a positive number, got {value!r}")
    if not isinstance(max_steps, int) or max_steps < 1:
        raise InvalidGameError(
            f"logit option max_steps must be a positive integer, got {max_steps!r}"
        )
    options: dict[str, Any] = {
        "tol": tol,
        "max_lambda": max_lambda,
        "max_steps": max_steps,
        "max_time": max_time,
    }
    P, scale = normalized_payoffs(game)
    uniform = [np.full(n, 1.0 / n) for n in game.shape]
    if scale == 0:
        eq = make_equilibrium(game, uniform)
        return EquilibriumResult(
            game=game, method="logit", equilibria=(eq,), options=options, scope="one"
        )
    kernel = PayoffKernel(P)
    bound = regret_bound(game, tol)
    inner_tol = min(bound / scale, 1e-10) * 0.5
    # the path only has to lead to the right support: a loose corrector tolerance
    # is enough (Newton polishing and the regret check make the result exact)
    path = LogitPath(
        kernel,
        max_lambda=max_lambda,
        max_steps=max_steps,
        deadline=time.monotonic() + max_time,
        first_step=first_step,
        corrector_tol=1e-6,
    )
    next_check = 4.0
    last_sigma = path.sigma
    tried = 0
    pending: tuple[Any, float] | None = None
    for lam, sigma in path:
        last_sigma = sigma
        if lam < next_check:
            continue
        while next_check <= lam:
            next_check *= 2.0
        tried += 1
        found = _certify(game, kernel, sigma, tol=bound, inner_tol=inner_tol)
        # Newton from a point still far from the limit can land on another equilibrium
        # (near uniform play, the mixed equilibrium of a coordination game is close to the
        # path for small lambda): accept a polished profile only when it is close to the
        # path point at two successive checks and the path is not moving away from it,
        # so that the answer is the limit of the logit path (the equilibrium the tracing
        # selects); else go on.
        dist = _distance(kernel, sigma, found) if found is not None else np.inf
        if dist > _PATH_CLOSENESS:
            pending = None
            continue
        if pending is not None and _same_profile(pending[0], found) and dist <= pending[1] + 1e-12:
            return EquilibriumResult(
                game=game, method="logit", equilibria=(found,), options=options, scope="one"
            )
        pending = (found, dist)
    found = _certify(game, kernel, last_sigma, tol=bound, inner_tol=inner_tol)
    if found is not None:
        return EquilibriumResult(
            game=game, method="logit", equilibria=(found,), options=options, scope="one"
        )
    reason = {
        "max_lambda": f"the path reached lambda={path.lam:.3g} (max_lambda)",
        "max_steps": f"the path stopped after max_steps={max_steps} steps at lambda={path.lam:.3g}",
        "time": f"the path ran out of time (max_time={max_time} s) at lambda={path.lam:.3g}",
        "step_failure": f"the path could not be continued past lambda={path.lam:.3g}",
    }.get(path.status, f"the path stopped ({path.status})")
    last = kernel.split(last_sigma)
    warning = (
        f"logit did not converge: {reason} without a profile that polishes to an "
        f"equilibrium (regret of the last point {game.regret(last):.3g} > {bound:.3g}, "
        f"tol={tol:g} times the payoff spread); "
        "no equilibrium is reported"
    )
    return EquilibriumResult(
        game=game, method="logit", equilibria=(), options=options, warnings=(warning,), scope="one"
    )


#: Largest distance (max norm) between a path point and its polished equilibrium for the
#: polished profile to count as the path's limit.
_PATH_CLOSENESS = 0.1


def _same_profile(a: Any, b: Any) -> bool:
    return all(
        float(np.max(np.abs(u - v))) <= 1e-7 for u, v in zip(a.vectors, b.vectors, strict=True)
    )


def _distance(kernel: PayoffKernel, sigma: np.ndarray, eq: Any) -> float:
    return max(
        float(np.max(np.abs(np.asarray(a) - np.asarray(b))))
        for a, b in zip(kernel.split(sigma), eq.vectors, strict=True)
    )


def _certify(
    game: NormalFormGame, kernel: PayoffKernel, sigma: np.ndarray, *, tol: float, inner_tol: float
) -> Any:
    vecs = polish_point(kernel, sigma, tol=inner_tol)
    if vecs is None:
        return None
    eq = make_equilibrium(game, vecs)
    return eq if eq.regret <= tol else None
