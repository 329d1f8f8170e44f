"""The equilibria section of a report on a tree model (``[model] form = "tree"``).

:func:`tree_equilibria_section` arranges the result of :meth:`TreeModel.solve
<gametheory.models.tree_model.TreeModel.solve>` (every subgame-perfect equilibrium) into
the report's equilibria section, in the shape the report renderers already draw for a
simultaneous game (``equilibria`` rows with ``profile``, ``payoffs``, ``regret``), with
``form = "tree"``. Each equilibrium's profile lists first each player's actions on the
equilibrium path (with its expected payoff), then the action at every information set,
on and off the path (the plan that makes the path credible). ``outcome`` is the first
equilibrium's path, and ``table_note`` says how the tree was solved.

Examples
--------
>>> import gametheory.models as gm, pathlib
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "entry_deterrence.toml")
>>> sec = tree_equilibria_section(m, m.solve())
>>> sec["form"], sec["outcome"]["profile"], sec["equilibria"][0]["profile"]["respond"]
('tree', {'Entrant': 'in', 'Incumbent': 'accommodate'}, 'accommodate')
"""

from __future__ import annotations

from typing import Any

__all__ = ["tree_equilibria_section", "path_actions"]


def _choice(actions: tuple[str, ...], vec: Any) -> Any:
    probs = {a: float(q) for a, q in zip(actions, vec, strict=True) if float(q) > 0}
    return next(iter(probs)) if len(probs) == 1 else probs


def path_actions(model: Any, eq: Any) -> dict[str, Any]:
    """Each player's actions at the information sets reached on ``eq``'s path.

    One reached information set gives its choice (an action, or a mix as
    ``{action: probability}``); several give the pure actions joined by ``+``;
    a player who does not move on the path gets ``"(no move)"``.
    """
    game = eq.game
    reach = eq.reach_probabilities()
    out: dict[str, Any] = {}
    for p in model.players:
        i = game.player_index(p.id)
        seen: list[Any] = []
        for j, s in enumerate(game.infosets[i]):
            if sum(float(reach[n]) for n in s.nodes) > 0:
                seen.append(_choice(s.actions, eq.probabilities[i][j]))
        if not seen:
            out[p.id] = "(no move)"
        elif len(seen) == 1:
            out[p.id] = seen[0]
        else:
            out[p.id] = "+".join(dict.fromkeys(c if isinstance(c, str) else "mixed" for c in seen))
    return out


def _row(model: Any, eq: Any, index: int) -> dict[str, Any]:
    game = eq.game
    profile: dict[str, Any] = dict(path_actions(model, eq))
    for d in model.decisions:
        i = game.player_index(d.player)
        j = next(k for k, s in enumerate(game.infosets[i]) if s.label == d.id)
        profile[d.id] = _choice(game.infosets[i][j].actions, eq.probabilities[i][j])
    return {
        "index": index,
        "label": eq.label(),
        "pure": bool(eq.is_pure),
        "profile": profile,
        "payoffs": {str(p): float(v) for p, v in eq.payoffs.items()},
        "regret": float(eq.regret),
        "properties": {
            "subgame_regret": float((eq.properties or {}).get("subgame_regret", eq.regret))
        }
        if getattr(eq, "properties", None)
        else {},
    }


def tree_equilibria_section(model: Any, result: Any) -> dict[str, Any]:
    """The report's equilibria section for a tree model (see the module docstring)."""
    rows = [_row(model, e, k + 1) for k, e in enumerate(result.equilibria)]
    n_nodes, n_sets = len(model.nodes), len(model.decisions)
    section: dict[str, Any] = {
        "form": "tree",
        "players": [p.id for p in model.players],
        "method_info": {
            "what": "subgame-perfect equilibria of the tree",
            "method": str(result.method),
            "options": {k: _plain(v) for k, v in dict(result.options).items()},
            "exact": bool(result.exact),
            "complete": bool(result.complete),
        },
        "equilibria": rows,
        "warnings": [str(w) for w in result.warnings],
        "properties_note": None,
        "table_note": (
            f"A game tree of {n_nodes} nodes and {n_sets} information sets, solved by "
            "backward induction: each subgame's equilibria first (a subgame in which a "
            "player does not observe a chance move through its normal form), then the "
            "moves before it. Nash equilibria that rest on threats no one would carry out "
            "are left out. Each equilibrium lists each player's actions on its path, then "
            "the action at every information set, on and off the path."
        ),
    }
    if rows:
        first = rows[0]
        path = {p.id: first["profile"][p.id] for p in model.players}
        section["outcome"] = {
            "profile": path,
            "payoffs": dict(first["payoffs"]),
            "regret": first["regret"],
            "label": first["label"],
        }
    else:
        section["outcome"] = {}
    return section


def _plain(v: Any) -> Any:
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)
