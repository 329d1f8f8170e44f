"""The equilibria of a tree model (``[model] form = "tree"``) as report rows.

:func:`tree_rows` arranges the result of :meth:`TreeModel.solve
<gametheory.models.tree_model.TreeModel.solve>` (every subgame-perfect equilibrium) into
the rows of the report's equilibria section, the rows a simultaneous game's section
has (``profile``, ``payoffs``, ``regret``); :mod:`.outcomes` puts them in a
:class:`~.sections.SimultaneousEquilibria` with ``form = "tree"``. Each equilibrium's
profile lists first each player's actions on the equilibrium path, then the action at
every information set, on and off the path (the plan that makes the path credible).

Examples
--------
>>> import gametheory.models as gm, pathlib
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "entry_deterrence.toml")
>>> rows = tree_rows(m, m.solve())
>>> dict(rows[0].profile)["respond"], path_actions(m, m.solve().equilibria[0])
('accommodate', {'Entrant': 'in', 'Incumbent': 'accommodate'})
"""

from __future__ import annotations

from typing import Any

from ._format import plain_data
from .sections import Choice, EquilibriumRow, MethodInfo

__all__ = ["tree_rows", "path_actions", "tree_method_info", "tree_table_note"]


def _choice(actions: tuple[str, ...], vec: Any) -> Choice:
    probs = {a: float(q) for a, q in zip(actions, vec, strict=True) if float(q) > 0}
    return next(iter(probs)) if len(probs) == 1 else probs


def path_actions(model: Any, eq: Any) -> dict[str, Choice]:
    """Each player's actions at the information sets reached on ``eq``'s path.

    One reached information set gives its choice (an action, or a mix as
    ``{action: probability}``); several give the pure actions joined by ``+``;
    a player who does not move on the path gets ``"(no move)"``.
    """
    game = eq.game
    reach = eq.reach_probabilities()
    out: dict[str, Choice] = {}
    for p in model.players:
        i = game.player_index(p.id)
        seen: list[Choice] = []
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


def _row(model: Any, eq: Any, index: int) -> EquilibriumRow:
    game = eq.game
    profile: dict[str, Choice] = dict(path_actions(model, eq))
    for d in model.decisions:
        i = game.player_index(d.player)
        j = next(k for k, s in enumerate(game.infosets[i]) if s.label == d.id)
        profile[d.id] = _choice(game.infosets[i][j].actions, eq.probabilities[i][j])
    props = getattr(eq, "properties", None) or {}
    return EquilibriumRow(
        index=index,
        label=eq.label(),
        pure=bool(eq.is_pure),
        profile=profile,
        payoffs={str(p): float(v) for p, v in eq.payoffs.items()},
        regret=float(eq.regret),
        properties={"subgame_regret": float(props.get("subgame_regret", eq.regret))}
        if props
        else {},
    )


def tree_rows(model: Any, result: Any) -> tuple[EquilibriumRow, ...]:
    """One row per equilibrium of ``result`` (see the module docstring)."""
    return tuple(_row(model, e, k + 1) for k, e in enumerate(result.equilibria))


def tree_method_info(result: Any) -> MethodInfo:
    """How the tree was solved."""
    return MethodInfo(
        what="subgame-perfect equilibria of the tree",
        method=str(result.method),
        options=plain_data(dict(result.options)),
        exact=bool(result.exact),
        complete=bool(result.complete),
    )


def tree_table_note(model: Any) -> str:
    """The note under the equilibria table of a tree model."""
    return (
        f"A game tree of {len(model.nodes)} nodes and {len(model.decisions)} information "
        "sets, solved by backward induction: each subgame's equilibria first (a subgame in "
        "which a player does not observe a chance move through its normal form), then the "
        "moves before it. Nash equilibria that rest on threats no one would carry out are "
        "left out. Each equilibrium lists each player's actions on its path, then the "
        "action at every information set, on and off the path."
    )
