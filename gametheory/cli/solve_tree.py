"""``gametheory solve MODEL.toml`` on a tree model (``[model] form = "tree"``).

Applies ``--set``/``--range``, solves with :meth:`TreeModel.solve
<gametheory.models.tree_model.TreeModel.solve>` (default: every subgame-perfect
equilibrium) and prints one table per equilibrium, as for a ``.efg`` file. With
``--json``: the ``.efg`` contract (``game``, ``method``, ``complete``, ``equilibria``
with ``behavior``, ``payoffs``, ``regret``; ``infosets``) plus ``source`` and ``model``
(id, path, sha256, every parameter's value, range, unit and source, and the
parameters ``--set`` changed).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from . import CLIError

__all__ = ["solve_tree_command"]


def solve_tree_command(model: Any, args: argparse.Namespace) -> int:
    """Solve a loaded tree model as the ``solve`` arguments say; returns the exit status."""
    from ..models.tree_model import TREE_METHODS
    from ._output import dumps_json
    from ._params import apply_sets
    from .solve_efg import _render

    for option, what in (
        ("fix", "--fix"),
        ("scenario", "--scenario"),
        ("threats", "--threats"),
        ("select", "--select"),
    ):
        if getattr(args, option, None):
            raise CLIError(
                f"{args.path}: {what} does not apply to a tree model (it is solved for its "
                "subgame-perfect equilibria; --method enumerate lists every Nash equilibrium)"
            )
    method = (getattr(args, "method", None) or "auto").strip()
    if method not in TREE_METHODS:
        raise CLIError(
            f"--method {method!r}: unknown method for a tree model; choose from: "
            f"{', '.join(TREE_METHODS)}"
        )
    base = model
    model = apply_sets(model, getattr(args, "set", None), getattr(args, "range", None))
    changed = model.changed_parameters(base)
    exact = bool(getattr(args, "exact", False))
    result = model.solve(method=method, exact=exact, tol=getattr(args, "tol", None))
    if getattr(args, "json", False):
        info = model.parameter_info()
        info["parameters_changed"] = {k: v[1] for k, v in changed.items()}
        out = {"source": str(args.path), "model": info, **result.to_dict(exact=exact)}
        sys.stdout.write(dumps_json(out) + "\n")
        return 0
    g = result.game
    head = (
        f"{args.path}: {model.title} -- tree model, players {', '.join(g.players)}; "
        f"{len(g.nodes)} nodes, {sum(len(s) for s in g.infosets)} information sets"
    )
    if changed:
        head += "\n  changed: " + ", ".join(f"{k} {a:g} -> {b:g}" for k, (a, b) in changed.items())
    sys.stdout.write(head + "\n\n" + _render(result, exact=exact) + "\n")
    return 0
