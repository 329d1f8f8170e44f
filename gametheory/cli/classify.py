"""``gametheory classify GAME``: what kind of game is this?

Prints the structural classes of :func:`gametheory.game_classes.classify_game`:
zero-/constant-sum, symmetric, exact potential, dominant strategies, strict and weak
dominance solvability (with whether the weak elimination order matters), the pure
equilibria (strict or not, trembling-hand perfect and proper or not, Pareto-dominated
or not), and the 2x2 family. ``--json``
prints the same as one JSON object.

Example::

    gametheory classify models/stag_hunt.nfg
"""

from __future__ import annotations

import argparse
import sys

from ._game_files import load_normal_form

__all__ = ["HELP", "add_arguments", "run", "format_classification"]

HELP = "Classify a game: zero-sum, symmetric, potential, dominance solvable, pure equilibria, 2x2 family."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``gametheory classify``."""
    parser.add_argument(
        "path", metavar="GAME", help="a Gambit .nfg game or a simultaneous .toml model"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _flag(value: bool | None) -> str:
    return "-" if value is None else _yes(value)


def _profile(profile: dict) -> str:
    return " / ".join(f"{p} {s}" for p, s in profile.items())


def format_classification(c, *, source: str | None = None) -> str:  # noqa: ANN001
    """The classification as text (one fact a line)."""
    from ._output import format_number, format_table

    g = c.game
    lines = [(g.title or "Untitled game") + (f"  ({source})" if source else "")]
    lines.append(
        "Classes: " + (", ".join(c.classes) if c.classes else "none of the listed classes")
    )
    lines.append("")
    sums = (
        "zero-sum" if c.zero_sum else (f"constant-sum ({c.constant})" if c.constant_sum else "no")
    )
    lines.append(f"  constant-sum:        {sums}")
    lines.append(f"  symmetric:           {_yes(c.symmetric)}")
    lines.append(f"  exact potential:     {_yes(c.potential)}")
    dom = "; ".join(f"{p} {s or '-'}" for p, s in c.dominant.items())
    wdom = "; ".join(f"{p} {s or '-'}" for p, s in c.weakly_dominant.items())
    lines.append(f"  strictly dominant:   {dom}")
    lines.append(f"  weakly dominant:     {wdom}")
    lines.append(
        f"  dominance solvable:  {_yes(c.dominance_solvable)} (iterated strict elimination)"
    )
    n_out = len(c.weak_outcomes)
    order = (
        "order matters: " if n_out > 1 else ""
    ) + f"{n_out} reduced game{'s' if n_out != 1 else ''}"
    lines.append(f"  weakly solvable:     {_yes(c.weakly_dominance_solvable)} ({order})")
    if c.kind_2x2:
        lines.append(f"  2x2 family:          {c.kind_2x2}")
    lines.append(
        f"  social dilemma:      {_yes(c.social_dilemma)} (every pure equilibrium is "
        "Pareto-dominated)"
    )
    lines.append("")
    lines.append(f"Pure equilibria: {len(c.pure_equilibria)}")
    if c.pure_equilibria:
        rows = []
        for k, e in enumerate(c.pure_equilibria, start=1):
            rows.append(
                [
                    str(k),
                    _profile(e.profile),
                    ", ".join(format_number(v, exact=True) for v in e.payoffs.values()),
                    "strict" if e.strict else "weak",
                    _flag(e.perfect),
                    _flag(e.proper),
                    "; ".join(_profile(d) for d in e.pareto_dominated_by[:2])
                    + (" ..." if len(e.pareto_dominated_by) > 2 else "")
                    or "-",
                ]
            )
        lines.append(
            format_table(
                ["#", "profile", "payoffs", "kind", "perfect", "proper", "Pareto-dominated by"],
                rows,
            )
        )
    if c.strict_elimination:
        lines.append("")
        lines.append("Iterated strict elimination:")
        lines.extend(f"  {line}" for line in c.strict_elimination)
    for note in c.notes:
        lines.append(f"Note: {note}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run ``gametheory classify``; returns the exit status."""
    from ..game_classes import classify_game
    from ._output import dumps_json

    game = load_normal_form(args.path, "classify")
    c = classify_game(game)
    if args.json:
        out = c.to_dict()
        out["game"]["source"] = str(args.path)
        sys.stdout.write(dumps_json(out) + "\n")
    else:
        sys.stdout.write(format_classification(c, source=str(args.path)) + "\n")
    return 0
