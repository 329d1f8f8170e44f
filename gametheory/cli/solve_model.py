"""``gametheory solve MODEL.toml``: the command-line face of a model.

:func:`solve_model_command` is called by :mod:`gametheory.cli.solve` with its
parsed arguments (``path``, ``method``, ``exact``, ``json``, ``set``, ``fix``,
``tol``). Simultaneous models print the same tables (and JSON) as a game file;
sequential models print the subgame-perfect path with payoffs and the outcome
under each option of the first mover (:mod:`gametheory.cli._sequential`).

Options that :meth:`Model.solve <gametheory.models.model.Model.solve>` cannot honour
(an unknown ``--method``, ``--exact`` or two ``--fix`` strategies of one player on a
sequential model) are refused by the library itself, with the one-line message a
notebook user sees too.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import Any

from ..errors import ModelError
from ..jsonsafe import json_safe
from ..models import SequentialModel, SimultaneousModel, TreeModel, load_model
from ._output import dumps_json, format_game_summary, format_result, result_json
from ._params import apply_sets, parse_model_fix
from ._sequential import changes_text, format_sequential

__all__ = ["solve_model_command"]


def solve_model_command(args: argparse.Namespace) -> int:
    """Load, change (``--set``), restrict (``--fix``), solve and print a model."""
    model = load_model(args.path)
    if isinstance(model, TreeModel):  # a game tree (issue 14): gametheory.cli.solve_tree
        from .solve_tree import solve_tree_command

        return int(solve_tree_command(model, args))
    base = model
    scenario_fix: dict[str, list[str]] = {}
    if getattr(args, "scenario", None):
        from ..models.scenarios import scenario

        sc = scenario(model, args.scenario)
        model = sc.apply(model)
        scenario_fix = {p: [s] for p, s in sc.fix.items()}
    model = apply_sets(model, getattr(args, "set", None), getattr(args, "range", None))
    fixed = {**scenario_fix, **parse_model_fix(model, getattr(args, "fix", None))}
    changed = model.changed_parameters(base)
    threats = bool(getattr(args, "threats", False))
    if threats and model.form != "sequential":
        raise ModelError(
            f"{args.path}: --threats applies to sequential models; in a "
            "simultaneous game every Nash equilibrium is subgame-perfect"
        )
    if threats and fixed:
        raise ModelError(
            f"{args.path}: --threats analyses the whole game and cannot be combined with --fix"
        )
    if isinstance(model, SequentialModel):
        return _sequential(model, args, fixed, changed, threats=threats)
    assert isinstance(model, SimultaneousModel)  # every model file is one form or the other
    return _simultaneous(model, args, fixed, changed)


def _sequential(
    model: SequentialModel,
    args: argparse.Namespace,
    fixed: dict[str, list[str]],
    changed: dict[str, tuple[float, float]],
    *,
    threats: bool,
) -> int:
    select = getattr(args, "select", None)
    # two strategies of one player reach Model.solve, which refuses them in one line
    fix: dict[str, Any] = {p: v[0] if len(v) == 1 else v for p, v in fixed.items()}
    result = model.solve(
        method=(getattr(args, "method", None) or "auto").strip(),
        exact=bool(getattr(args, "exact", False)),
        fix=fix,
        select=select.strip() if select else None,
    )
    analysis = None
    if threats:
        from ..models.threats import non_credible_threats

        analysis = non_credible_threats(model)
    if getattr(args, "json", False):
        out = result.to_dict()
        out["game"]["source"] = str(args.path)
        out["game"]["parameters_changed"] = {k: v[1] for k, v in changed.items()}
        if analysis is not None:
            out["threats"] = analysis.to_dict()
        sys.stdout.write(dumps_json(json_safe(out)) + "\n")
        return 0 if result.ok else 1
    text = format_sequential(result, source=str(args.path), changed=changed)
    if analysis is not None:
        text += "\n\nNon-credible threats (Nash but not subgame-perfect):\n"
        for line in analysis.describe().splitlines():
            indent = "  " + " " * (len(line) - len(line.lstrip()))
            text += (
                textwrap.fill(
                    line.strip(),
                    width=100,
                    initial_indent=indent,
                    subsequent_indent=indent + "  ",
                )
                + "\n"
            )
        text = text.rstrip("\n")
        for w in analysis.warnings:
            text += f"\n  warning: {w}"
    sys.stdout.write(text + "\n")
    return 0 if result.ok else 1


def _simultaneous(
    model: SimultaneousModel,
    args: argparse.Namespace,
    fixed: dict[str, list[str]],
    changed: dict[str, tuple[float, float]],
) -> int:
    kwargs: dict[str, Any] = {
        "method": getattr(args, "method", "auto") or "auto",
        "exact": bool(getattr(args, "exact", False)),
    }
    if getattr(args, "tol", None) is not None:
        kwargs["tol"] = args.tol
    if getattr(args, "select", None) is not None:
        kwargs["select"] = args.select.strip()
    if getattr(args, "max_profiles", None) is not None:
        kwargs["max_profiles"] = args.max_profiles
    if getattr(args, "max_vertices", None) is not None:
        kwargs["max_vertices"] = args.max_vertices
    from ._listing import cli_wording, max_equilibria_option

    kwargs.update(
        max_equilibria_option(
            tuple(len(p.strategies) for p in model.players),
            kwargs["method"],
            getattr(args, "max_equilibria", None),
        )
    )
    fix: dict[str, Any] = dict(fixed)  # several strategies each: the game is restricted
    result = cli_wording(model.solve(fix=fix, **kwargs))
    game = result.game
    if getattr(args, "json", False):
        out = result_json(result, exact=kwargs["exact"], source=str(args.path), fixed=fixed)
        out["game"]["model"] = model.id
        out["game"]["sha256"] = model.sha256
        out["game"]["parameters_changed"] = {k: v[1] for k, v in changed.items()}
        sys.stdout.write(dumps_json(out) + "\n")
        return 0
    text = format_game_summary(game, source=str(args.path), comment=model.description, fixed=fixed)
    sys.stdout.write(
        changes_text(changed) + text + "\n\n" + format_result(result, exact=kwargs["exact"]) + "\n"
    )
    return 0
