"""Figures of games and results: payoff tables, best-response curves, outcomes by option.

Each function returns a :class:`matplotlib.figure.Figure` built without pyplot (see
:mod:`gametheory._figures`), so it shows itself as a cell's output in a notebook and
can be saved with ``fig.savefig(...)``. They only draw what the game and the result
already hold: best responses come from :meth:`NormalFormGame.best_responses`, the
equilibria from a solver's :class:`~gametheory.EquilibriumResult`, the outcome of each
option from a sequential result's ``plan``. matplotlib is imported when a figure is
drawn (extra ``plots``).

- :func:`payoff_table`: a two-player payoff table with each player's best responses
  marked and the pure equilibria starred.
- :func:`best_response_curves`: the best-response correspondences of a 2x2 game in
  mixed strategies, with the solver's equilibria where they cross.
- :func:`option_outcomes`: a sequential model's first mover's payoff under each of its
  options, coloured by the last mover's answer, the chosen option outlined.
- :func:`game_tree`: a two-stage tree of a sequential model with the backward-induction
  answers drawn thick.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ._figures import new_figure

__all__ = ["payoff_table", "best_response_curves", "option_outcomes", "game_tree", "format_payoff"]

_ROW, _COL = "tab:blue", "tab:orange"


def format_payoff(x: Any, *, digits: int = 3) -> str:
    """A payoff as short text: fractions as ``3/5``, integers without decimals.

    Examples
    --------
    >>> format_payoff(Fraction(3, 5)), format_payoff(2.0), format_payoff(-1e-17)
    ('3/5', '2', '0')
    >>> format_payoff(0.123456)
    '0.123'
    """
    if isinstance(x, Fraction):
        return str(x)
    f = float(x)
    if abs(f) < 5 * 10.0 ** (-digits - 3):
        return "0"  # never "-0"
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return f"{f:.{digits}g}"


def _pure_equilibria(game: Any, result: Any) -> set[tuple[str, str]]:
    if result is None:
        return set()
    row, col = game.players
    return {(e.support(row)[0], e.support(col)[0]) for e in result if e.is_pure}


def payoff_table(
    game: Any,
    result: Any = None,
    *,
    exact: bool | None = None,
    title: str | None = None,
    figsize: tuple[float, float] | None = None,
) -> Any:
    """A two-player payoff table with best responses and equilibria marked.

    Each cell shows ``row payoff, column payoff``; a blue triangle marks the row
    player's best response in its column, an orange one the column player's best
    response in its row; cells where both meet are the pure equilibria, shaded and
    starred (from ``result`` when given, else from the best responses themselves).

    Parameters
    ----------
    game : NormalFormGame
        Two players.
    result : EquilibriumResult, optional
        Its pure equilibria are starred; its mixed ones listed in the title.
    exact : bool, optional
        Print payoffs as fractions (default: when the game holds exact payoffs).
    title : str, optional
    figsize : (float, float), optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import gametheory as gt
    >>> g = gt.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     strategies=(("C", "D"), ("C", "D")))
    >>> fig = payoff_table(g, gt.solve(g))
    >>> fig.axes[0].get_title()
    'equilibrium: Row D / Column D'
    """
    if game.num_players != 2:
        raise ValueError(
            f"payoff_table draws two-player games; this one has {game.num_players} players"
        )
    (row, col), (rs, cs) = game.players, game.strategies
    if exact is None:
        exact = bool(getattr(result, "exact", False))
    cells = game.exact_payoffs if exact else game.payoffs
    from .drawing.matrix import best_response_marks

    row_best, col_best = best_response_marks(game)  # the LaTeX/SVG matrices mark the same
    if result is not None:
        eq = _pure_equilibria(game, result)
    else:
        eq = {
            (r, c)
            for i, r in enumerate(rs)
            for j, c in enumerate(cs)
            if row_best[i, j] and col_best[i, j]
        }
    fig = new_figure(figsize=figsize or (1.0 + 2.0 * len(cs), 0.9 + 0.9 * len(rs)))
    ax = fig.add_subplot()
    ax.set_xlim(-0.5, len(cs) - 0.5)
    ax.set_ylim(len(rs) - 0.5, -0.5)
    from matplotlib.patches import Rectangle

    for i, r in enumerate(rs):
        for j, c in enumerate(cs):
            ax.add_patch(
                Rectangle(
                    (j - 0.5, i - 0.5),
                    1,
                    1,
                    facecolor="gold" if (r, c) in eq else "none",
                    alpha=0.5,
                    edgecolor="grey",
                )
            )
            a, b = cells[i, j]
            ax.text(
                j,
                i + 0.15,
                f"{format_payoff(a)}, {format_payoff(b)}",
                ha="center",
                va="center",
                fontsize=10,
            )
            if row_best[i, j]:
                ax.plot(j - 0.3, i - 0.28, "^", color=_ROW, ms=9)
            if col_best[i, j]:
                ax.plot(j + 0.3, i - 0.28, "<", color=_COL, ms=9)
            if (r, c) in eq:
                ax.plot(j, i - 0.2, "*", color="k", ms=15)
    ax.set_xticks(range(len(cs)), [f"{col} {c}" for c in cs])
    ax.set_yticks(range(len(rs)), [f"{row} {r}" for r in rs])
    ax.tick_params(length=0)
    if title is None:
        labels = (
            [e.label() for e in result]
            if result is not None
            else [f"{row} {r} / {col} {c}" for r, c in sorted(eq)]
        )
        title = (
            "equilibri"
            + ("um" if len(labels) == 1 else "a")
            + ": "
            + ("; ".join(labels) if labels else "no pure equilibrium")
        )
    ax.set_title(title, fontsize=10)
    ax.text(
        0.0,
        -0.02,
        f"\u25b2 {row}'s best response   \u25c0 {col}'s best response   \u2605 equilibrium",
        transform=ax.transAxes,
        fontsize=8,
        va="top",
    )
    return fig


def _curve(game: Any, player: str) -> tuple[list[float], list[float]]:
    """Points of one player's 2x2 best-response correspondence, as this plot draws it.

    x is the other player's probability of its second strategy, y the player's own;
    the correspondence itself is :func:`gametheory.best_response_plots.row_best_response_2x2`
    (which measures both as probabilities of the first strategy). An indifference
    point is a vertical step across the square; a player indifferent everywhere has
    the whole square.
    """
    from .best_response_plots import row_best_response_2x2

    pieces = row_best_response_2x2(game, player)
    if len(pieces) == 1 and np.isnan(pieces[0][2]):
        return [0, 1, 1, 0, 0], [0, 0, 1, 1, 0]
    xs: list[float] = []
    ys: list[float] = []
    steps: list[float] = []
    for lo, hi, p in reversed(pieces):  # ascending in the other's second strategy
        if np.isnan(p):
            steps.append(1.0 - lo)
            continue
        xs += [1.0 - hi, 1.0 - lo]
        ys += [1.0 - p, 1.0 - p]
    if 0.0 in steps and xs[0] == 0.0:  # a step at the left edge
        xs, ys = [0.0, *xs], [1.0 - ys[0], *ys]
    if 1.0 in steps and xs[-1] == 1.0:  # a step at the right edge
        xs, ys = [*xs, 1.0], [*ys, 1.0 - ys[-1]]
    return xs, ys


def best_response_curves(game: Any, result: Any = None, *, title: str | None = None) -> Any:
    """Best-response correspondences of a 2x2 game, with the equilibria circled.

    The x axis is the probability that the column player plays its second strategy, the
    y axis the row player's; each player's curve is its best response to the other's
    mixture. Equilibria (from ``result``, else from :func:`gametheory.solve`) are where
    the curves cross.

    Parameters
    ----------
    game : NormalFormGame
        Two players, two strategies each.
    result : EquilibriumResult, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import gametheory as gt
    >>> g = gt.NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]],
    ...     strategies=(("Stag", "Hare"), ("Stag", "Hare")))
    >>> fig = best_response_curves(g)
    >>> len(fig.axes[0].lines)  # two curves and three equilibria
    5
    """
    if game.shape != (2, 2):
        raise ValueError(
            f"best_response_curves draws 2x2 games; this one is {' x '.join(map(str, game.shape))}"
        )
    if result is None:
        from .solvers import solve

        result = solve(game)
    (row, col), (s_row, s_col) = game.players, game.strategies
    fig = new_figure(figsize=(4.5, 4.8))
    ax = fig.add_subplot()
    x, y = _curve(game, row)
    ax.plot(x, y, color=_ROW, lw=3, label=f"{row}'s best response")
    x, y = _curve(game, col)
    ax.plot(y, x, color=_COL, lw=2, ls="--", label=f"{col}'s best response")
    for e in result:
        ax.plot(e.vectors[1][1], e.vectors[0][1], "o", ms=12, mfc="none", mec="k", mew=2)
    ax.set_xlabel(f"P({col} plays {s_col[1]})")
    ax.set_ylabel(f"P({row} plays {s_row[1]})")
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), fontsize=8)
    ax.set_title(
        title
        if title is not None
        else f"{len(result)} equilibri{'um' if len(result) == 1 else 'a'} (circles)",
        fontsize=10,
    )
    fig.subplots_adjust(bottom=0.25)
    return fig


def option_outcomes(result: Any, *, title: str | None = None) -> Any:
    """A sequential model's first mover's payoff under each of its options.

    One bar per option of the first mover (from ``result.plan``), its length the
    first mover's payoff on the path that follows, its colour the last mover's
    answer; the option the first mover chooses is outlined.

    Parameters
    ----------
    result : SequentialResult
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import gametheory as gt, pathlib
    >>> m = gt.load_model(pathlib.Path(gt.__file__).parents[1] / "models" / "regional_state.toml")
    >>> fig = option_outcomes(m.solve())
    >>> fig.axes[0].get_title()
    'STATE chooses hedge'
    """
    plan = getattr(result, "plan", None) or {}
    first = plan.get("player")
    if not first:
        raise ValueError(
            "option_outcomes needs a sequential result whose first stage is one player's choice"
        )
    model = result.model
    last = model.stages[-1][-1] if model.stages else model.players[-1].id
    options = list(plan["options"])
    answers = [plan["options"][o].get("path", {}).get(last) for o in options]
    palette = {s: f"C{k}" for k, s in enumerate(model.player(last).strategies)}
    fig = new_figure(figsize=(7, 0.8 + 0.45 * len(options)))
    ax = fig.add_subplot()
    pays = [plan["options"][o].get("payoffs", {}).get(first, np.nan) for o in options]
    ax.barh(
        options,
        pays,
        color=[palette.get(a, "lightgrey") for a in answers],
        edgecolor=["k" if o == plan.get("chosen") else "none" for o in options],
        linewidth=2.5,
    )
    ax.invert_yaxis()
    ax.axvline(0, color="grey", lw=0.8)
    from matplotlib.patches import Patch

    seen = [s for s in model.player(last).strategies if s in answers]
    ax.legend(
        handles=[Patch(color=palette[s], label=f"{last} {s}") for s in seen], fontsize=8, loc="best"
    )
    ax.set_xlabel(f"{first}'s payoff (colour: {last}'s answer; outline: {first}'s choice)")
    ax.set_title(
        title
        if title is not None
        else f"{first} chooses {plan.get('chosen') or 'nothing (unresolved)'}",
        fontsize=10,
    )
    return fig


def game_tree(model: Any, result: Any, *, title: str | None = None) -> Any:
    """A two-stage tree: the first mover's options, then the second mover's answers.

    The second mover's best answer at each node is drawn thick, and the path the
    first mover chooses (given those answers) in red; each leaf shows both payoffs.

    Parameters
    ----------
    model : Model
        A sequential model of two players, one per stage.
    result : SequentialResult
        ``model.solve()``.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import gametheory as gt, pathlib
    >>> m = gt.load_model(pathlib.Path(gt.__file__).parents[1] / "models" / "regional_state.toml")
    >>> fig = game_tree(m, m.solve())
    >>> "STATE hedge" in fig.axes[0].get_title()
    True
    """
    if model.form != "sequential" or len(model.players) != 2:
        raise ValueError("game_tree draws sequential models of two players")
    first, second = model.player_ids
    options = model.player(first).strategies
    answers = model.player(second).strategies
    chosen = result.path.get(first)
    fig = new_figure(figsize=(8, 1.5 + 1.0 * len(options)))
    ax = fig.add_subplot()
    ax.plot(0, 0, "ko", ms=8)
    ax.text(-0.05, 0, first, ha="right", va="center", fontsize=10)
    span = len(options) - 1 or 1
    for i, a in enumerate(options):
        y = 1 - 2 * i / span
        on_path = a == chosen
        reply = result.plan["options"][a].get("path", {}).get(second)
        colour = "tab:red" if on_path else "grey"
        ax.plot([0, 1], [0, y], color=colour, lw=3 if on_path else 1)
        ax.text(0.5, y / 2 + 0.08, a, ha="center", fontsize=9, color="tab:red" if on_path else "k")
        ax.plot(1, y, "ko", ms=6)
        for j, b in enumerate(answers):
            yy = y + (1 - 2 * j / max(len(answers) - 1, 1)) * 0.28
            best = b == reply
            ax.plot(
                [1, 2], [y, yy], color="tab:red" if best and on_path else "k", lw=3 if best else 0.6
            )
            pay = model.payoffs({first: a, second: b})
            ax.text(
                2.05,
                yy,
                f"{second} {b}: ({format_payoff(pay[first])}, {format_payoff(pay[second])})",
                va="center",
                fontsize=8,
                fontweight="bold" if best else "normal",
            )
    ax.set_xlim(-0.6, 3.6)
    ax.set_ylim(-1.5, 1.5)
    ax.axis("off")
    ax.set_title(
        title
        if title is not None
        else f"payoffs ({first}, {second}); equilibrium path: "
        + " / ".join(f"{p} {s}" for p, s in result.path.items()),
        fontsize=10,
    )
    return fig
