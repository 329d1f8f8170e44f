"""Learning and evolutionary dynamics for teaching: how play gets to (or around) equilibria.

Every function takes a :class:`~gametheory.game.NormalFormGame` with any number of
players and returns the trajectory as a :class:`pandas.DataFrame`: a ``time`` (or
``step``) column, then one ``"player:strategy"`` column per strategy holding that
player's probability (for the learning rules: the empirical frequency of past play).

* :func:`replicator` -- continuous replicator dynamics, one population per player
  (``dx_ik/dt = x_ik (u_ik - u_i)``), or the single-population form of a
  symmetric two-player game, integrated with :func:`scipy.integrate.solve_ivp`;
* :func:`discrete_replicator` -- ``x_ik <- x_ik (u_ik + c) / (u_i + c)`` with ``c``
  making every payoff positive;
* :func:`best_response_dynamics` -- players revise one at a time (in turn, or at
  random with ``rng``) to a best reply;
* :func:`fictitious_play` -- everyone best-responds to the empirical frequencies of
  the others' past play (Brown 1951; Robinson 1951);
* :func:`stochastic_fictitious_play` -- choices drawn from logit responses to those
  frequencies (Fudenberg and Kreps 1993), random through ``rng``;
* :func:`phase_portrait` -- the single-population replicator field of a symmetric
  three-strategy game on the simplex, with trajectories (matplotlib, imported lazily);
* :func:`plot_trajectory` -- probabilities against time, one panel per player.

Starting points are given as ``start={player: [p1, p2, ...]}`` (players left out play
uniformly) or ``start="random"`` (an interior point drawn from ``rng``).

Examples
--------
>>> from gametheory import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...     strategies=(("C", "D"), ("C", "D")))
>>> traj = replicator(pd, t_max=20)
>>> list(traj.columns)
['time', 'Row:C', 'Row:D', 'Column:C', 'Column:D']
>>> round(float(traj["Row:D"].iloc[-1]), 3)
1.0
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ._contract import PayoffKernel
from ._rng import accepts_seed, rng_or_seed
from .errors import InvalidGameError, SolverError
from .game import NormalFormGame

__all__ = [
    "RULES",
    "make_rng",
    "MAX_REPLICATOR_TIME",
    "MAX_STEPS",
    "replicator",
    "discrete_replicator",
    "best_response_dynamics",
    "fictitious_play",
    "stochastic_fictitious_play",
    "run_dynamics",
    "phase_portrait",
    "plot_trajectory",
]


def _columns(game: NormalFormGame) -> list[str]:
    return [f"{p}:{s}" for i, p in enumerate(game.players) for s in game.strategies[i]]


def _frame(game: NormalFormGame, index_name: str, index: Any, rows: Any) -> Any:
    import pandas as pd

    df = pd.DataFrame(np.asarray(rows, dtype=float), columns=_columns(game))
    df.insert(0, index_name, index)
    return df


#: Most steps (rows of a trajectory) a dynamics run computes.
MAX_STEPS = 1_000_000
#: Longest replicator integration, in time units of the game's payoff spread.
MAX_REPLICATOR_TIME = 1e6


def make_rng(rng: Any) -> np.random.Generator:
    """``np.random.default_rng(rng)``, with a one-line error for a bad seed (``-1``)."""
    try:
        return np.random.default_rng(rng)
    except (TypeError, ValueError) as exc:
        raise InvalidGameError(
            f"rng must be a seed >= 0, a SeedSequence or a Generator, "
            f"got {rng!r} ({' '.join(str(exc).split())})"
        ) from None


def _start(game: NormalFormGame, start: Any, rng: Any) -> list[np.ndarray]:
    """Validated starting profile, one probability vector per player."""
    if isinstance(start, str):
        if start != "random":
            raise InvalidGameError(f"start must be a profile or 'random', got {start!r}")
        gen = make_rng(rng)
        return [gen.dirichlet(np.ones(n)) for n in game.shape]
    vecs = [np.full(n, 1.0 / n) for n in game.shape]
    if start is None:
        return vecs
    items = start.items() if isinstance(start, Mapping) else enumerate(start)
    for player, probs in items:
        i = game.player_index(player)
        name = game.players[i]
        if isinstance(probs, Mapping):
            v = np.zeros(game.shape[i])
            for s, p in probs.items():
                v[game.strategy_index(i, s)] = float(p)
        elif isinstance(probs, str):
            v = np.zeros(game.shape[i])
            v[game.strategy_index(i, probs)] = 1.0
        else:
            v = np.asarray(probs, dtype=float)
        if v.shape != (game.shape[i],):
            raise InvalidGameError(
                f"start for {name!r} must give {game.shape[i]} probabilities, got {v.size}"
            )
        if not np.all(np.isfinite(v)) or np.any(v < 0) or abs(v.sum() - 1) > 1e-9:
            raise InvalidGameError(
                f"start for {name!r} must be probabilities that sum to 1, got {v.tolist()}"
            )
        vecs[i] = v / v.sum()
    return vecs


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InvalidGameError(f"{name} must be a positive integer, got {value!r}")
    if value > MAX_STEPS:
        raise InvalidGameError(
            f"{name}={int(value):,} is more than the {MAX_STEPS:,} allowed "
            "(each step is a row of the trajectory); use fewer"
        )
    return int(value)


def _check_symmetric(game: NormalFormGame) -> None:
    if not game.is_symmetric():
        raise InvalidGameError(
            "single-population dynamics need a symmetric two-player game (B = A transposed)"
        )


# ------------------------------------------------------------------ replicator
def _replicator_field(  # noqa: ANN202
    kernel: PayoffKernel, game: NormalFormGame, single: bool, unit: float = 1.0
):
    if single:
        A = game.payoffs[..., 0] / unit

        def field(_t: float, x: np.ndarray) -> np.ndarray:
            f = A @ x
            return x * (f - x @ f)

        return field

    def field(_t: float, y: np.ndarray) -> np.ndarray:
        vecs = kernel.split(y)
        u = kernel.payoffs(vecs)
        return np.concatenate([v * (ui - v @ ui) for v, ui in zip(vecs, u, strict=True)])

    return field


@accepts_seed
def replicator(
    game: NormalFormGame,
    *,
    start: Any = None,
    t_max: float = 20.0,
    n_points: int = 201,
    single_population: bool = False,
    rng: Any = None,
    time: str = "game",
) -> Any:
    """Continuous-time replicator dynamics.

    Each player is a population whose strategy shares grow at the rate of their
    payoff advantage: ``dx_ik/dt = x_ik (u_ik(x_-i) - x_i . u_i(x_-i))``. With
    ``single_population=True`` (symmetric two-player games) one population plays
    against itself: ``dx_k/dt = x_k ((Ax)_k - x.Ax)``.

    Parameters
    ----------
    game : NormalFormGame
    start : mapping, sequence or "random", optional
        Starting shares (default uniform). With ``single_population`` the first
        player's entry is used.
    t_max : float
        End time.
    n_points : int
        Number of output times, evenly spaced from 0 to ``t_max``.
    single_population : bool
    rng : seed or Generator, optional
        Used only for ``start="random"``.
    time : {"game", "scaled"}, default "game"
        The unit of ``t_max`` and of the ``time`` column. ``"game"``: the game's own
        time, as the equations above read. ``"scaled"``: time in units of ``1/S``,
        where ``S`` is the payoff spread (largest minus smallest payoff), i.e. the
        dynamics of the payoffs divided by ``S``. Multiplying every payoff by ``c > 0``
        multiplies ``S`` by ``c`` and runs the same path ``c`` times faster, so in scaled
        time the trajectory of a game times ``c`` is the game's own (payoffs of 1e300
        or 1e-300 then need no special ``t_max``). A game whose payoffs are all equal
        has ``S = 1``.

    Returns
    -------
    pandas.DataFrame
        ``time`` and one column per ``player:strategy``; ``attrs["time_unit"]`` is
        ``"game"`` or ``"1/S"`` and ``attrs["payoff_spread"]`` is ``S``.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> hd = NormalFormGame.from_bimatrix([[-1, 2], [0, 1]], [[-1, 0], [2, 1]])
    >>> t = replicator(hd, start={"Row": [0.9, 0.1]}, single_population=True, t_max=40)
    >>> round(float(t["Row:1"].iloc[-1]), 4)     # converges to the ESS (1/2, 1/2)
    0.5
    """
    from scipy.integrate import solve_ivp

    if not (isinstance(t_max, (int, float)) and t_max > 0 and np.isfinite(t_max)):
        raise InvalidGameError(f"t_max must be a positive number, got {t_max!r}")
    # halves first: the spread of payoffs of +-1e308 is past the largest float
    P = game.payoffs
    spread = (
        min(2.0 * (float(P.max()) / 2 - float(P.min()) / 2), float(np.finfo(float).max))
        if P.size
        else 0.0
    )
    if time not in ("game", "scaled"):
        raise InvalidGameError(f"time must be 'game' or 'scaled', got {time!r}")
    scaled = time == "scaled"
    if scaled and t_max > MAX_REPLICATOR_TIME:
        raise InvalidGameError(
            f"t_max={t_max:g} (scaled time) is more than {MAX_REPLICATOR_TIME:g} time units "
            "of the payoff spread, the longest integration run (shares have long converged "
            f"or underflowed by then); use t_max <= {MAX_REPLICATOR_TIME:g}"
        )
    if not scaled and spread > 0 and t_max > MAX_REPLICATOR_TIME / spread:
        raise InvalidGameError(
            f"t_max={t_max:g} is more than {MAX_REPLICATOR_TIME:g} time units of the payoff "
            f"spread ({spread:.3g}), the longest integration run (shares have long converged "
            f"or underflowed by then); use t_max <= {MAX_REPLICATOR_TIME / spread:.3g}"
        )
    n_points = _positive_int(n_points, "n_points")
    vecs = _start(game, start, rng)
    # integrated in units of the payoff spread: payoffs times c run the same path c
    # times faster, so payoffs of 1e-300 or 1e300 give the integrator ordinary numbers
    unit = spread if spread > 0 else 1.0
    kernel = PayoffKernel(P / unit)
    if single_population:
        _check_symmetric(game)
        y0 = vecs[0]
    else:
        y0 = np.concatenate(vecs)
    times = np.linspace(0.0, float(t_max), max(n_points, 2))
    factor = 1.0 if scaled else unit  # game time t is scaled time t * unit
    sol = solve_ivp(
        _replicator_field(kernel, game, single_population, unit),
        (0.0, float(t_max) * factor),
        y0,
        t_eval=np.minimum(times * factor, float(t_max) * factor),
        method="LSODA",
        rtol=1e-9,
        atol=1e-12,
    )
    if not sol.success:
        raise SolverError(f"replicator integration failed: {sol.message}")
    if sol.y.shape[1] != len(times) or not np.isfinite(sol.y).all():
        raise SolverError(
            f"replicator integration up to t_max={float(t_max):g} gave no usable "
            "trajectory (non-finite shares); use a smaller t_max"
        )
    Y = np.clip(sol.y.T, 0.0, None)
    if single_population:
        Y = np.hstack([Y, Y])
    # renormalise each player's shares (removes integration drift)
    out = np.hstack(
        [
            blk / blk.sum(axis=1, keepdims=True)
            for blk in np.split(Y, np.cumsum(game.shape)[:-1], axis=1)
        ]
    )
    frame = _frame(game, "time", times, out)
    frame.attrs["time_unit"] = "1/S" if scaled else "game"
    frame.attrs["payoff_spread"] = unit
    return frame


@accepts_seed
def discrete_replicator(
    game: NormalFormGame,
    *,
    start: Any = None,
    steps: int = 100,
    single_population: bool = False,
    rng: Any = None,
) -> Any:
    """Discrete-time replicator dynamics.

    ``x_ik <- x_ik (u_ik + c) / (x_i . u_i + c)`` with ``c = 1 - min payoff`` so that
    every fitness is at least 1.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> t = discrete_replicator(pd, steps=200)
    >>> len(t), round(float(t["Row:2"].iloc[-1]), 3)
    (201, 1.0)
    """
    steps = _positive_int(steps, "steps")
    vecs = _start(game, start, rng)
    kernel = PayoffKernel(game.payoffs)
    c = 1.0 - float(game.payoffs.min())
    if single_population:
        _check_symmetric(game)
        A = game.payoffs[..., 0] + c
        x = vecs[0]
        rows = [np.concatenate([x, x])]
        for _ in range(steps):
            f = A @ x
            x = x * f / (x @ f)
            rows.append(np.concatenate([x, x]))
        return _frame(game, "step", np.arange(steps + 1), rows)
    rows = [np.concatenate(vecs)]
    for _ in range(steps):
        u = kernel.payoffs(vecs)
        vecs = [v * (ui + c) / (v @ (ui + c)) for v, ui in zip(vecs, u, strict=True)]
        rows.append(np.concatenate(vecs))
    return _frame(game, "step", np.arange(steps + 1), rows)


# --------------------------------------------------------------- learning rules
def _best_reply(values: np.ndarray, current: int | None = None, tol: float = 1e-12) -> int:
    best = float(values.max())
    if current is not None and values[current] >= best - tol:
        return current  # keep the current strategy when it is still a best reply
    return int(np.flatnonzero(values >= best - tol)[0])


@accepts_seed
def best_response_dynamics(
    game: NormalFormGame,
    *,
    start: Any = None,
    steps: int = 100,
    rng: Any = None,
) -> Any:
    """Best-response dynamics: one player at a time switches to a best reply.

    Players revise in turn (player 1, 2, ..., 1, ...), or in a random order when
    ``rng`` is given. A mixed ``start`` is the others' belief until a player first
    revises. A player whose strategy is already a best reply keeps it; ties go to
    the first strategy. The profile stops changing at a pure equilibrium.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> t = best_response_dynamics(pd, start={"Row": [1, 0], "Column": [1, 0]}, steps=4)
    >>> t[["Row:2", "Column:2"]].iloc[-1].tolist()
    [1.0, 1.0]
    """
    steps = _positive_int(steps, "steps")
    gen = make_rng(rng) if rng is not None else None
    vecs = _start(game, start, gen)
    kernel = PayoffKernel(game.payoffs)
    rows = [np.concatenate(vecs)]
    for t in range(steps):
        i = int(gen.integers(game.num_players)) if gen is not None else t % game.num_players
        u = kernel.payoffs(vecs)[i]
        current = int(np.argmax(vecs[i])) if np.max(vecs[i]) == 1.0 else None
        k = _best_reply(u, current)
        vecs[i] = np.eye(game.shape[i])[k]
        rows.append(np.concatenate(vecs))
    return _frame(game, "step", np.arange(steps + 1), rows)


def _fictitious(game: NormalFormGame, start: Any, steps: int, choose, rng: Any = None) -> Any:  # noqa: ANN001
    vecs = _start(game, start, rng)
    kernel = PayoffKernel(game.payoffs)
    counts = [v.copy() for v in vecs]  # the start counts as one observation
    rows = [np.concatenate(vecs)]
    for t in range(steps):
        beliefs = [c / c.sum() for c in counts]
        u = kernel.payoffs(beliefs)
        for i in range(game.num_players):
            counts[i][choose(i, u[i], t)] += 1.0
        rows.append(np.concatenate([c / c.sum() for c in counts]))
    return _frame(game, "step", np.arange(steps + 1), rows)


@accepts_seed
def fictitious_play(
    game: NormalFormGame, *, start: Any = None, steps: int = 1000, rng: Any = None
) -> Any:
    """Fictitious play: each round every player best-responds to the others' past frequencies.

    The trajectory holds the empirical frequencies of play (the ``start`` profile
    counts as one prior observation). Ties go to the first best reply. In zero-sum
    games, 2x2 games and potential games the frequencies converge to a Nash
    equilibrium (Robinson 1951; Miyasawa 1961; Monderer and Shapley 1996).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> t = fictitious_play(pennies, start={"Row": [1, 0], "Column": [1, 0]}, steps=5000)
    >>> abs(float(t["Row:1"].iloc[-1]) - 0.5) < 0.02
    True
    """
    steps = _positive_int(steps, "steps")
    return _fictitious(game, start, steps, lambda _i, u, _t: _best_reply(u), rng)


@accepts_seed
def stochastic_fictitious_play(
    game: NormalFormGame,
    *,
    start: Any = None,
    steps: int = 1000,
    lam: float = 10.0,
    rng: Any = None,
) -> Any:
    """Stochastic fictitious play: choices drawn from logit responses to past frequencies.

    Each round player ``i`` plays strategy ``k`` with probability proportional to
    ``exp(lam * u_ik)`` against the others' empirical frequencies. Same ``rng`` seed,
    same trajectory.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> a = stochastic_fictitious_play(pennies, steps=300, rng=1)
    >>> b = stochastic_fictitious_play(pennies, steps=300, rng=1)
    >>> a.equals(b)
    True
    """
    steps = _positive_int(steps, "steps")
    if (
        isinstance(lam, bool)
        or not isinstance(lam, (int, float))
        or not np.isfinite(lam)
        or lam < 0
    ):
        raise InvalidGameError(f"lam must be a finite number >= 0, got {lam!r}")
    gen = make_rng(rng)

    def choose(_i: int, u: np.ndarray, _t: int) -> int:
        z = lam * (u - u.max())
        p = np.exp(z)
        return int(gen.choice(len(u), p=p / p.sum()))

    return _fictitious(game, start, steps, choose, gen)


#: rule name (as on the command line) -> function
RULES = {
    "replicator": replicator,
    "discrete-replicator": discrete_replicator,
    "best-response": best_response_dynamics,
    "fictitious-play": fictitious_play,
    "stochastic-fictitious-play": stochastic_fictitious_play,
}


def run_dynamics(
    game: NormalFormGame,
    rule: str,
    *,
    steps: int = 100,
    start: Any = None,
    rng: Any = None,
    seed: int | None = None,
    **options: Any,
) -> Any:
    """Run the dynamics named ``rule`` (a key of :data:`RULES`) with common arguments.

    ``seed`` is the command line's ``--seed`` and means ``rng=seed``.

    ``steps`` is the number of steps, or for ``replicator`` the number of output
    intervals over ``t_max``. Without ``t_max`` the replicator runs for ``steps / 10``
    units of scaled time (``time="scaled"``: units of 1/S, S the payoff spread), so the
    default run of a game with payoffs times ``c`` follows the same path; a ``t_max``
    given is in the game's own time unless ``time="scaled"`` is given too.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> run_dynamics(pd, "fictitious-play", steps=10).shape
    (11, 5)
    """
    if rule not in RULES:
        raise InvalidGameError(f"unknown rule {rule!r}; rules are {', '.join(RULES)}")
    steps = _positive_int(steps, "steps")
    rng = rng_or_seed(rng, seed, where="run_dynamics")
    if rng is not None:
        make_rng(rng)  # a bad seed is an error even for rules that draw nothing
    if rule == "replicator":
        if "t_max" not in options:
            options["t_max"] = steps / 10
            options.setdefault("time", "scaled")
        return replicator(game, start=start, n_points=steps + 1, rng=rng, **options)
    return RULES[rule](game, start=start, steps=steps, rng=rng, **options)


# ---------------------------------------------------------------------- plots
def _to_xy(P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Barycentric (.., 3) -> Cartesian coordinates in an equilateral triangle."""
    P = np.asarray(P, dtype=float)
    return P[..., 1] + 0.5 * P[..., 2], (np.sqrt(3) / 2) * P[..., 2]


@accepts_seed
def phase_portrait(
    game: NormalFormGame,
    *,
    starts: Any = None,
    t_max: float = 30.0,
    n_grid: int = 14,
    trajectories: int = 6,
    rng: Any = 0,
    equilibria: Any = None,
    ax: Any = None,
) -> Any:
    """Single-population replicator field of a symmetric 3-strategy game on the simplex.

    Draws the simplex, the direction field (arrows scaled to unit length, colour for
    speed), trajectories from ``starts`` (default: ``trajectories`` random interior
    points from ``rng``), and, if given, the symmetric equilibria of an
    :class:`~gametheory.result.EquilibriumResult` as dots. Plots only: it computes no
    equilibria itself.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    >>> rps = NormalFormGame.from_bimatrix(A, [list(r) for r in zip(*A)])
    >>> fig = phase_portrait(rps, trajectories=2, t_max=5)
    >>> len(fig.axes)
    1
    """
    if ax is None:
        from ._figures import new_figure

        fig = new_figure(figsize=(6, 5.4))
        ax = fig.add_subplot(1, 1, 1)
    else:
        fig = ax.figure
    _check_symmetric(game)
    if game.shape[0] != 3:
        raise InvalidGameError(f"phase portraits need 3 strategies, the game has {game.shape[0]}")
    A = game.payoffs[..., 0]
    labels = game.strategies[0]
    # grid of interior points
    pts = []
    for a in range(n_grid + 1):
        for b in range(n_grid + 1 - a):
            c = n_grid - a - b
            p = np.array([a, b, c], dtype=float) / n_grid
            if np.all(p > 0):
                pts.append(p)
    pts = np.array(pts)
    f = pts @ A.T
    vel = pts * (f - np.sum(pts * f, axis=1, keepdims=True))
    x, y = _to_xy(pts)
    vx, vy = _to_xy(vel)
    speed = np.hypot(vx, vy)
    norm = np.where(speed > 0, speed, 1.0)
    ax.quiver(x, y, vx / norm, vy / norm, speed, cmap="viridis", scale=30, width=0.004)
    tri = _to_xy(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]))
    ax.plot(*tri, color="black", lw=1)
    for (px, py), lab, off in zip(
        zip(*_to_xy(np.eye(3)), strict=True),
        labels,
        [(-0.04, -0.05), (0.04, -0.05), (0.0, 0.03)],
        strict=True,
    ):
        ax.annotate(lab, (px + off[0], py + off[1]), ha="center")
    if starts is None:
        gen = make_rng(rng)
        starts = [gen.dirichlet(np.ones(3)) for _ in range(trajectories)]
    p1 = game.players[0]
    for s in starts:
        traj = replicator(game, start={p1: s}, t_max=t_max, n_points=400, single_population=True)
        P = traj[[f"{p1}:{lab}" for lab in labels]].to_numpy()
        ax.plot(*_to_xy(P), color="tab:red", lw=1.2)
        ax.plot(*_to_xy(P[:1]), "o", color="tab:red", ms=3)
    if equilibria is not None:
        for e in equilibria:
            if np.allclose(e.vectors[0], e.vectors[1], atol=1e-9):
                ax.plot(
                    *_to_xy(np.asarray(e.vectors[0])[None, :]),
                    "o",
                    color="black",
                    ms=7,
                    mfc="white" if not e.properties.get("ess") else "black",
                )
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.1, 0.95)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(f"Replicator dynamics{': ' + game.title if game.title else ''}")
    return fig


def plot_trajectory(game: NormalFormGame, trajectory: Any) -> Any:
    """Probabilities against time or step, one panel per player; returns a Figure.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> len(plot_trajectory(pd, fictitious_play(pd, steps=20)).axes)
    2
    """
    from ._figures import new_figure

    xcol = trajectory.columns[0]
    fig = new_figure(figsize=(7, 2.4 * game.num_players))
    for i, p in enumerate(game.players):
        ax = fig.add_subplot(game.num_players, 1, i + 1)
        for s in game.strategies[i]:
            ax.plot(trajectory[xcol], trajectory[f"{p}:{s}"], label=s)
        ax.set_ylabel(p)
        ax.set_ylim(-0.02, 1.02)
        ax.legend(loc="upper right", fontsize="small")
    ax.set_xlabel(xcol)
    fig.tight_layout()
    return fig
