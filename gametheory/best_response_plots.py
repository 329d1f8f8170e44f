"""Best-response correspondences of 2x2 and 2x3 games, and the two-population phase plane.

Figures for a seminar, built from the payoffs (matplotlib, imported lazily):

* :func:`best_response_plot` -- for a 2x2 game the classic square: Row's best
  response to Column's probability ``q`` of her first strategy and Column's best
  response to Row's probability ``p``, drawn as step correspondences whose
  intersections are the Nash equilibria. For a 2x3 game two panels: Column's payoff
  lines against ``p`` (the upper envelope is his best response) and Row's best
  response regions on Column's simplex.
* :func:`two_population_phase_plot` -- the replicator vector field of a 2x2 game
  on the unit square (each player a population), with trajectories.

Equilibria are drawn only when given (any solver's
:class:`~gametheory.result.EquilibriumResult`): plots render, they do not solve.

Examples
--------
>>> from gametheory import NormalFormGame
>>> bos = NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]],
...     strategies=(("Opera", "Football"), ("Opera", "Football")))
>>> fig = best_response_plot(bos)
>>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
["Row's best response", "Column's best response"]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import InvalidGameError
from .game import NormalFormGame

__all__ = ["best_response_plot", "row_best_response_2x2", "two_population_phase_plot"]


def row_best_response_2x2(
    game: NormalFormGame, player: str | int
) -> list[tuple[float, float, float]]:
    """A 2x2 player's best response to the other's probability of his first strategy.

    Returns pieces ``(lo, hi, p)``: for the other's probability in ``[lo, hi]`` the
    player puts probability ``p`` on her first strategy; at an indifference point
    the piece is ``(x, x, nan)`` (every ``p`` is a best response).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> row_best_response_2x2(pennies, "Row")
    [(0.0, 0.5, 0.0), (0.5, 0.5, nan), (0.5, 1.0, 1.0)]
    """
    if game.shape != (2, 2):
        raise InvalidGameError(f"needs a 2x2 game, got shape {game.shape}")
    i = game.player_index(player)
    U = np.moveaxis(game.payoffs[..., i], i, 0)  # rows: own strategies, cols: other's
    # advantage of own first strategy when the other plays first with prob x: a + b x
    a = U[0, 1] - U[1, 1]
    b = (U[0, 0] - U[1, 0]) - a
    if b == 0:
        p = 1.0 if a > 0 else (0.0 if a < 0 else np.nan)
        return [(0.0, 1.0, p)]
    x0 = -a / b
    low, high = (1.0, 0.0) if b > 0 else (0.0, 1.0)  # best reply below / above x0
    if x0 <= 0:
        return [(0.0, 0.0, np.nan), (0.0, 1.0, low)] if x0 == 0 else [(0.0, 1.0, low)]
    if x0 >= 1:
        return [(0.0, 1.0, high), (1.0, 1.0, np.nan)] if x0 == 1 else [(0.0, 1.0, high)]
    return [(0.0, float(x0), high), (float(x0), float(x0), np.nan), (float(x0), 1.0, low)]


def _segments(pieces: list[tuple[float, float, float]]) -> list[tuple[list[float], list[float]]]:
    """(other's prob, own prob) polylines of a step correspondence."""
    out = []
    for lo, hi, p in pieces:
        out.append(([lo, lo], [0.0, 1.0]) if np.isnan(p) else ([lo, hi], [p, p]))
    return out


def _equilibrium_points(equilibria: Any) -> list[tuple[float, float]]:
    if equilibria is None:
        return []
    return [(float(e.vectors[0][0]), float(e.vectors[1][0])) for e in equilibria]


def best_response_plot(game: NormalFormGame, *, equilibria: Any = None, ax: Any = None) -> Any:
    """Best-response correspondences of a 2x2 or 2x3 game; returns a matplotlib Figure.

    2x2: x axis ``p`` = probability that Row plays her first strategy, y axis ``q``
    = probability that Column plays his first. Row's best response (a function of
    ``q``) is drawn in blue, Column's (a function of ``p``) in red; where they cross
    are the Nash equilibria, marked with dots when ``equilibria`` are given.

    2x3 (Row has two strategies): left, Column's expected payoff of each strategy
    against ``p`` with the upper envelope (his best response) in bold; right,
    Column's mixed strategies as a triangle, shaded by Row's best response.

    Parameters
    ----------
    game : NormalFormGame
        2x2, or 2x3 (a 3x2 game is transposed to 2x3 first).
    equilibria : EquilibriumResult, optional
    ax : matplotlib Axes, optional (2x2 only)

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[3, 0, 1], [0, 2, 1]], [[2, 0, 1], [0, 3, 1]],
    ...     strategies=(("U", "D"), ("L", "C", "R")))
    >>> len(best_response_plot(g).axes)
    2
    """
    if game.num_players != 2 or game.shape not in ((2, 2), (2, 3), (3, 2)):
        raise InvalidGameError(
            f"best-response plots are for 2x2 and 2x3 games, got shape {game.shape}"
        )
    from ._figures import new_figure

    r, c = game.players
    if game.shape == (2, 2):
        if ax is None:
            fig = new_figure(figsize=(5, 5))
            ax = fig.add_subplot(1, 1, 1)
        else:
            fig = ax.figure
        first = True
        for xs, ys in _segments(row_best_response_2x2(game, 0)):  # p as a function of q
            ax.plot(
                ys,
                xs,
                color="tab:blue",
                lw=3,
                solid_capstyle="round",
                label=f"{r}'s best response" if first else None,
            )
            first = False
        first = True
        for xs, ys in _segments(row_best_response_2x2(game, 1)):  # q as a function of p
            ax.plot(
                xs,
                ys,
                color="tab:red",
                lw=2,
                ls="--",
                label=f"{c}'s best response" if first else None,
            )
            first = False
        for p, q in _equilibrium_points(equilibria):
            ax.plot([p], [q], "o", color="black", ms=8, zorder=5)
        s0, s1 = game.strategies
        ax.set_xlabel(f"p = P({r} plays {s0[0]})")
        ax.set_ylabel(f"q = P({c} plays {s1[0]})")
        ax.set_xlim(-0.05, 1.05)
        ax.set_ylim(-0.05, 1.05)
        ax.set_aspect("equal")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize="small")
        ax.set_title(f"Best responses{': ' + game.title if game.title else ''}")
        fig.tight_layout()
        return fig
    if game.shape == (3, 2):
        game = NormalFormGame(
            np.swapaxes(game.payoffs, 0, 1)[..., ::-1],
            players=(c, r),
            strategies=game.strategies[::-1],
            title=game.title,
        )
        r, c = game.players
    return _plot_2x3(game, equilibria)


def _plot_2x3(game: NormalFormGame, equilibria: Any) -> Any:
    from ._figures import new_figure

    r, c = game.players
    A, B = game.payoffs[..., 0], game.payoffs[..., 1]
    fig = new_figure(figsize=(10, 4.6))
    ax1 = fig.add_subplot(1, 2, 1)
    p = np.linspace(0, 1, 401)
    lines = np.array([p * B[0, k] + (1 - p) * B[1, k] for k in range(3)])
    colors = ["tab:red", "tab:green", "tab:purple"]
    for k, s in enumerate(game.strategies[1]):
        ax1.plot(p, lines[k], color=colors[k], lw=1.2, label=f"{c} plays {s}")
    ax1.plot(p, lines.max(axis=0), color="black", lw=3, alpha=0.35, label=f"{c}'s best response")
    ax1.set_xlabel(f"p = P({r} plays {game.strategies[0][0]})")
    ax1.set_ylabel(f"{c}'s expected payoff")
    ax1.legend(fontsize="small")
    ax1.set_title(f"{c}'s best response to p")
    ax2 = fig.add_subplot(1, 2, 2)
    # Column's mixed strategies on a triangle; colour = Row's best response
    n = 120
    pts, colour = [], []
    for a in range(n + 1):
        for b in range(n + 1 - a):
            y = np.array([a, b, n - a - b]) / n
            diff = A[0] @ y - A[1] @ y
            pts.append(y)
            colour.append(0 if diff > 1e-12 else (1 if diff < -1e-12 else 0.5))
    pts = np.array(pts)
    x, yy = pts[:, 1] + 0.5 * pts[:, 2], (np.sqrt(3) / 2) * pts[:, 2]
    ax2.scatter(x, yy, c=colour, cmap="coolwarm", s=4, vmin=0, vmax=1, marker="s", linewidths=0)
    ax2.plot([0, 1, 0.5, 0], [0, 0, np.sqrt(3) / 2, 0], color="black", lw=1)
    for (px, py), lab in zip(
        [(-0.04, -0.05), (1.04, -0.05), (0.5, np.sqrt(3) / 2 + 0.03)],
        game.strategies[1],
        strict=True,
    ):
        ax2.text(px, py, lab, ha="center")
    s0 = game.strategies[0]
    ax2.text(
        0.0,
        -0.14,
        f"blue: {r} plays {s0[0]};  red: {r} plays {s0[1]};  white: indifferent",
        fontsize="small",
    )
    if equilibria is not None:
        for e in equilibria:
            y = np.asarray(e.vectors[1])
            ax2.plot([y[1] + 0.5 * y[2]], [(np.sqrt(3) / 2) * y[2]], "o", color="black", ms=7)
            ax1.plot([e.vectors[0][0]], [float(e.vectors[0] @ B @ y)], "o", color="black", ms=7)
    ax2.set_xlim(-0.1, 1.1)
    ax2.set_ylim(-0.18, 0.95)
    ax2.set_aspect("equal")
    ax2.set_axis_off()
    ax2.set_title(f"{r}'s best response to {c}'s mix")
    fig.suptitle(f"Best responses{': ' + game.title if game.title else ''}")
    fig.tight_layout()
    return fig


def two_population_phase_plot(
    game: NormalFormGame,
    *,
    starts: Any = None,
    trajectories: int = 6,
    t_max: float = 20.0,
    n_grid: int = 15,
    rng: Any = 0,
    equilibria: Any = None,
    ax: Any = None,
) -> Any:
    """Two-population replicator dynamics of a 2x2 game on the unit square.

    ``x`` = share of Row's population playing her first strategy, ``y`` = share of
    Column's playing his first; arrows show ``(dx/dt, dy/dt)`` (unit length, colour
    for speed), lines show trajectories from ``starts`` (``[(x, y), ...]``, default
    ``trajectories`` points drawn from ``rng``), integrated by
    :func:`gametheory.dynamics.replicator`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> fig = two_population_phase_plot(pennies, trajectories=2, t_max=5)
    >>> fig.axes[0].get_xlabel()
    'x = share of Row playing 1'
    """
    if game.shape != (2, 2):
        raise InvalidGameError(
            f"two-population phase plots are for 2x2 games, got shape {game.shape}"
        )
    from ._figures import new_figure
    from .dynamics import replicator

    if ax is None:
        fig = new_figure(figsize=(5.4, 5))
        ax = fig.add_subplot(1, 1, 1)
    else:
        fig = ax.figure
    A, B = game.payoffs[..., 0], game.payoffs[..., 1]
    g = np.linspace(0.03, 0.97, n_grid)
    X, Y = np.meshgrid(g, g)
    # dx/dt = x (1 - x) [(A y)_0 - (A y)_1], with y the column share on his first strategy
    dA = (A[0, 0] - A[1, 0]) * Y + (A[0, 1] - A[1, 1]) * (1 - Y)
    dB = (B[0, 0] - B[0, 1]) * X + (B[1, 0] - B[1, 1]) * (1 - X)
    U, V = X * (1 - X) * dA, Y * (1 - Y) * dB
    speed = np.hypot(U, V)
    norm = np.where(speed > 0, speed, 1.0)
    ax.quiver(X, Y, U / norm, V / norm, speed, cmap="viridis", scale=28, width=0.004)
    if starts is None:
        gen = np.random.default_rng(rng)
        starts = [tuple(gen.uniform(0.05, 0.95, 2)) for _ in range(trajectories)]
    r, c = game.players
    s0, s1 = game.strategies
    for x0, y0 in starts:
        traj = replicator(game, start={r: [x0, 1 - x0], c: [y0, 1 - y0]}, t_max=t_max, n_points=300)
        xs, ys = traj[f"{r}:{s0[0]}"], traj[f"{c}:{s1[0]}"]
        ax.plot(xs, ys, color="tab:red", lw=1.3)
        ax.plot([xs.iloc[0]], [ys.iloc[0]], "o", color="tab:red", ms=3)
    for p, q in _equilibrium_points(equilibria):
        ax.plot([p], [q], "o", color="black", ms=8, zorder=5)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel(f"x = share of {r} playing {s0[0]}")
    ax.set_ylabel(f"y = share of {c} playing {s1[0]}")
    ax.set_title(
        f"Two-population replicator dynamics{': ' + game.title if game.title else ''}",
        fontsize="medium",
    )
    fig.tight_layout()
    return fig
