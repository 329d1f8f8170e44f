"""``gametheory dynamics``: simulate learning or evolutionary dynamics on a game.

Reads a Gambit ``.nfg`` game or a simultaneous ``.toml`` model, runs one rule of
:mod:`gametheory.dynamics` and writes the trajectory as CSV (``time`` or ``step``,
then one ``player:strategy`` probability column each), optionally with a plot: a
phase portrait on the simplex for ``--single-population`` replicator dynamics of a
symmetric three-strategy game, the two-population phase plane (unit square) for
replicator dynamics of a 2x2 game, probabilities against time otherwise. Every file is
written atomically.

Example::

    gametheory dynamics models/rock_paper_scissors.nfg --rule replicator \\
        --single-population --start "Player 1=0.5,0.3,0.2" -o rps.csv --plot rps.png
"""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction

from . import CLIError
from ._types import positive_float, positive_int, seed

__all__ = ["HELP", "add_arguments", "run", "parse_start"]

HELP = "Simulate replicator, best-response or fictitious-play dynamics and write the trajectory."

_RULES = (
    "replicator",
    "discrete-replicator",
    "best-response",
    "fictitious-play",
    "stochastic-fictitious-play",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory dynamics``."""
    parser.add_argument(
        "path", metavar="PATH", help="a Gambit .nfg game or a simultaneous .toml model"
    )
    parser.add_argument(
        "--rule",
        default="replicator",
        choices=_RULES,
        metavar="RULE",
        help="dynamics: " + ", ".join(_RULES) + " (default replicator)",
    )
    parser.add_argument(
        "--steps",
        type=positive_int,
        default=200,
        metavar="N",
        help="number of steps (replicator: output intervals; default 200)",
    )
    parser.add_argument(
        "--t-max",
        type=positive_float,
        default=None,
        metavar="T",
        help="end time of the continuous replicator, in the game's own time units "
        "(default: steps/10 units of 1/S, S the payoff spread: the payoffs are divided by "
        "S, so a game times c runs the same path)",
    )
    parser.add_argument(
        "--seed",
        type=seed,
        default=None,
        metavar="S",
        help="random seed (stochastic rules and --start random)",
    )
    parser.add_argument(
        "--start",
        action="append",
        default=[],
        metavar="PLAYER=p1,p2,...",
        help="starting probabilities of a player (repeatable; others start "
        "uniform), PLAYER=STRATEGY for a pure start, or 'random'",
    )
    parser.add_argument(
        "--lam",
        type=positive_float,
        default=None,
        metavar="L",
        help="logit rationality of stochastic fictitious play (default 10)",
    )
    parser.add_argument(
        "--single-population",
        action="store_true",
        help="replicator dynamics of one population (symmetric 2-player games)",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT.csv",
        help="where to write the trajectory (CSV)",
    )
    parser.add_argument(
        "--plot", default=None, metavar="OUT.png", help="also draw the trajectory (png, pdf or svg)"
    )


def parse_start(game, specs: list[str]):  # noqa: ANN001, ANN201
    """Turn ``["PLAYER=p1,p2,...", ...]`` into ``{player: [probabilities]}`` (or ``"random"``).

    Probabilities may be decimals or fractions (``1/3``); ``PLAYER=STRATEGY`` starts
    that player on one strategy.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], strategies=(("a", "b"), ("c", "d")))
    >>> parse_start(g, ["Row=1/4,3/4", "Column=d"])
    {'Row': [0.25, 0.75], 'Column': [0.0, 1.0]}
    """
    if specs == ["random"]:
        return "random"
    start: dict[str, list[float]] = {}
    for spec in specs:
        if spec == "random":
            raise CLIError("--start random cannot be combined with other --start values")
        player = text = None
        pos = 0
        while (cut := spec.find("=", pos)) >= 0:
            if spec[:cut].strip() in game.players:
                player, text = spec[:cut].strip(), spec[cut + 1 :].strip()
                break
            pos = cut + 1
        if player is None:
            if "=" not in spec:
                raise CLIError(f"--start {spec!r}: expected PLAYER=p1,p2,... or 'random'")
            raise CLIError(
                f"--start {spec!r}: unknown player {spec.split('=', 1)[0].strip()!r}; "
                f"players are: {', '.join(game.players)}"
            )
        i = game.players.index(player)
        if text in game.strategies[i]:
            start[player] = [1.0 if s == text else 0.0 for s in game.strategies[i]]
            continue
        parts = [t.strip() for t in text.split(",")]
        try:
            probs = [float(Fraction(t)) for t in parts]
        except (ValueError, ZeroDivisionError):
            raise CLIError(
                f"--start {spec!r}: expected numbers separated by commas or a strategy "
                f"of {player!r} ({', '.join(game.strategies[i])})"
            ) from None
        if len(probs) != game.shape[i]:
            raise CLIError(
                f"--start {spec!r}: {player!r} has {game.shape[i]} strategies "
                f"({', '.join(game.strategies[i])}), got {len(probs)} numbers"
            )
        if any(p < 0 for p in probs) or abs(sum(probs) - 1) > 1e-9:
            raise CLIError(f"--start {spec!r}: probabilities must be >= 0 and sum to 1")
        start[player] = probs
    return start


def _load_game(path: str):  # noqa: ANN202
    from pathlib import Path

    p = Path(path)
    if p.is_dir():
        raise CLIError(f"{path}: is a directory, expected a .nfg game or a .toml model")
    suffix = p.suffix.lower()
    if suffix == ".nfg":
        from ..io.nfg import read_nfg

        return read_nfg(path)
    if suffix == ".toml":
        from ..game import NormalFormGame
        from ..models import load_model

        game = load_model(path).game()
        if not isinstance(game, NormalFormGame):
            raise CLIError(f"{path}: dynamics need a simultaneous game; this model is sequential")
        return game
    what = f"extension {p.suffix!r}" if p.suffix else "no extension"
    raise CLIError(
        f"{path}: unsupported file type ({what}); expected a Gambit game (.nfg) or a model (.toml)"
    )


def run(args: argparse.Namespace) -> int:
    """Run ``gametheory dynamics``; returns the exit status."""
    import io
    from pathlib import Path

    from ..dynamics import phase_portrait, plot_trajectory, run_dynamics
    from ..io.atomic import atomic_write_bytes, atomic_write_text

    plot_format = None
    if args.plot is not None:
        plot_format = Path(args.plot).suffix.lower().lstrip(".")
        if plot_format not in ("png", "pdf", "svg"):
            raise CLIError(
                f"--plot {args.plot}: unsupported format {plot_format or '(none)'!r}; "
                "use .png, .pdf or .svg"
            )
    for flag, out in (("-o", args.output), ("--plot", args.plot)):
        # before any work: a missing folder is an error, never created
        if out is not None and not Path(out).resolve().parent.is_dir():
            raise CLIError(f"{flag} {out}: the folder {Path(out).parent} does not exist")
        if out is not None and Path(out).is_dir():
            raise CLIError(f"{flag} {out}: is a folder; give a file name")
    game = _load_game(args.path)
    start = parse_start(game, args.start) if args.start else None
    options: dict = {}
    if args.lam is not None:
        if args.rule != "stochastic-fictitious-play":
            raise CLIError("--lam applies to --rule stochastic-fictitious-play only")
        options["lam"] = args.lam
    if args.t_max is not None:
        if args.rule != "replicator":
            raise CLIError("--t-max applies to --rule replicator only")
        options["t_max"] = args.t_max
    if args.single_population:
        if args.rule not in ("replicator", "discrete-replicator"):
            raise CLIError("--single-population applies to the replicator rules only")
        options["single_population"] = True
    traj = run_dynamics(game, args.rule, steps=args.steps, start=start, rng=args.seed, **options)
    atomic_write_text(args.output, traj.to_csv(index=False))
    scaled = traj.attrs.get("time_unit") == "1/S"
    # the plots integrate in the game's own time
    end = float(traj.iloc[-1, 0]) / (traj.attrs["payoff_spread"] if scaled else 1.0)
    if args.plot is not None:
        symmetric3 = args.single_population and args.rule == "replicator" and game.shape == (3, 3)
        two_by_two = (
            not args.single_population and args.rule == "replicator" and game.shape == (2, 2)
        )
        if symmetric3:
            fig = phase_portrait(
                game,
                starts=[traj.iloc[0, 1:4].to_numpy(dtype=float)],
                t_max=end or 1.0,
            )
        elif two_by_two:
            from ..best_response_plots import two_population_phase_plot

            first = traj.iloc[0]
            start_xy = (float(first.iloc[1]), float(first.iloc[3]))
            fig = two_population_phase_plot(game, starts=[start_xy], t_max=end or 1.0)
        else:
            fig = plot_trajectory(game, traj)
        import matplotlib

        buf = io.BytesIO()
        with matplotlib.rc_context({"svg.fonttype": "none"}):  # labels stay text in SVG
            fig.savefig(buf, format=plot_format, dpi=120)
        atomic_write_bytes(args.plot, buf.getvalue())
    last = traj.iloc[-1]
    xcol = traj.columns[0]
    lines = [
        f"{args.rule}: {len(traj)} rows written to {args.output}"
        + (f" (plot: {args.plot})" if args.plot else "")
    ]
    if scaled:
        lines.append(
            f"time is in units of 1/S, S = {traj.attrs['payoff_spread']:.4g} the payoff spread "
            "(the payoffs are divided by S; --t-max sets the end in the game's own time)"
        )
    lines.append(f"final state at {xcol} {last[xcol]:g}:")
    for i, p in enumerate(game.players):
        mix = ", ".join(f"{s} {last[f'{p}:{s}']:.4g}" for s in game.strategies[i])
        lines.append(f"  {p}: {mix}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
