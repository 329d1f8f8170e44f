"""Reading the ``[nodes.ID]`` tables of a tree model (``[model] form = "tree"``).

Called by :func:`gametheory.models.parse_model_text` when the model's form is
``"tree"``; returns a :class:`~gametheory.models.tree_model.TreeModel`. The layout is
documented in models/FORMAT.md ("Game trees"). Every problem is a one-line
:class:`~gametheory.errors.ModelError` naming the file, line and field.

Examples
--------
>>> from gametheory.models import parse_model_text
>>> text = '''
... format = 1
... [model]
... id = "tiny"
... title = "A coin, then a guess"
... form = "tree"
... [players.G]
... [parameters.p]
... value = 0.5
... low = 0
... high = 1
... unit = "probability"
... meaning = "Chance of heads"
... judgement = "A fair coin."
... [nodes.root]
... chance = {heads = "p", tails = "1 - p"}
... moves = {heads = "h", tails = "t"}
... [nodes.h]
... player = "G"
... infoset = "guess"
... moves = {say_heads = "win", say_tails = "lose"}
... [nodes.t]
... player = "G"
... infoset = "guess"
... moves = {say_heads = "lose", say_tails = "win"}
... [outcomes.win]
... G = "1"
... [outcomes.lose]
... G = "0"
... '''
>>> m = parse_model_text(text)
>>> [d.id for d in m.decisions], len(m.nodes)
(['guess'], 7)
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np

from ..budget import check_budget
from ..suggest import hint as suggest_hint
from .expr import FormulaScope, parse_formula
from .loader import _ID, _PARAM_KEYS, _check_keys, _Context, _kind, _parameter, _text
from .parts import Parameter, Player
from .tree_model import MAX_TREE_NODES, Decision, TreeModel, TreeNode, _TreeCompiled

__all__ = ["build_tree_model", "TREE_TOP_KEYS"]

#: Top-level tables of a tree model file.
TREE_TOP_KEYS = ("format", "model", "players", "parameters", "nodes", "outcomes", "analysis")
_PLAYER_KEYS = ("name",)
_DECISION_KEYS = ("player", "infoset", "moves", "meanings")
_CHANCE_KEYS = ("chance", "moves")
_TERMINAL_KEYS = ("payoffs",)
_RESERVED = ("chance", "own", "count", "others", "sum", "min", "max", "abs", "exp", "log")
#: Most parameter-range corners at which chance probabilities are checked at load.
MAX_CORNERS = 1024


def build_tree_model(
    ctx: _Context,
    data: dict,
    *,
    meta: dict[str, Any],
    path: Path | None,
    sha: str,
) -> TreeModel:
    """Validate a tree model's tables (``meta``: the checked ``[model]`` fields)."""
    _check_keys(ctx, data, TREE_TOP_KEYS, "")
    players_raw = data.get("players")
    if not isinstance(players_raw, dict) or not players_raw:
        raise ctx.error("players", "missing: a tree model needs at least one [players.ID] table")
    names: dict[str, str] = {}
    for pid, table in players_raw.items():
        where = f"players.{pid}"
        if not _ID.match(pid) or pid in _RESERVED:
            raise ctx.error(where, "a player id must start with a letter; letters, digits and _")
        _check_keys(ctx, table, _PLAYER_KEYS, where)
        names[pid] = _text(ctx, table, "name", where, required=False, default=pid) or pid
    player_ids = tuple(names)

    params_raw = data.get("parameters", {})
    if not isinstance(params_raw, dict):
        raise ctx.error("parameters", "must be a table of [parameters.NAME] tables")
    parameters: dict[str, Parameter] = {}
    for name, table in params_raw.items():
        where = f"parameters.{name}"
        if not _ID.match(name):
            raise ctx.error(where, "a parameter name must start with a letter; letters, digits, _")
        if name in names or name in _RESERVED or name in ("sqrt", "where", "q"):
            raise ctx.error(where, f"{name!r} is already a player or function name")
        if isinstance(table, dict) and "per" in table:
            raise ctx.error(
                f"{where}.per",
                "indexed parameters are not available in tree models: give each value its own name",
            )
        _check_keys(ctx, table, _PARAM_KEYS, where)
        parameters[name] = _parameter(ctx, name, None, table, {}, where)
    scope = FormulaScope(scalars=tuple(parameters))

    nodes_raw = data.get("nodes")
    if not isinstance(nodes_raw, dict) or not nodes_raw:
        raise ctx.error("nodes", "missing: a tree model needs [nodes.root] and its subtrees")
    # checked before any formula is parsed: a file of thousands of outcomes is refused
    # at once, not after parsing them all
    outcomes_raw = data.get("outcomes", {})
    check_budget(
        f"{ctx.name}: the tree",
        # every node but the root is the end of one move (a node table no move reaches
        # still counts)
        max(len(nodes_raw), 1 + sum(_n_moves(t) for t in nodes_raw.values())),
        MAX_TREE_NODES,
        unit="nodes",
        advice="split the model or use fewer moves",
    )
    check_budget(
        f"{ctx.name}: the [outcomes] tables",
        len(outcomes_raw) if isinstance(outcomes_raw, dict) else 0,
        MAX_TREE_NODES,
        unit="outcomes",
        advice="split the model or use fewer moves",
    )
    outcomes = _outcomes(ctx, outcomes_raw, player_ids, scope)
    if "root" not in nodes_raw:
        raise ctx.error("nodes.root", "missing: the tree starts at [nodes.root]")
    nodes, decisions = _walk(ctx, nodes_raw, outcomes, player_ids, parameters, scope)

    used = set()
    for n in nodes:
        for f in (*n.probabilities, *n.payoffs):
            used |= {str(s) for s in f.to_sympy().free_symbols}
    for name in parameters:
        if name not in used:
            raise ctx.error(
                f"parameters.{name}", "parameter is not used by any formula (remove it or use it)"
            )
    actions: dict[str, dict[str, str]] = {p: {} for p in player_ids}
    for d in decisions:
        for a in d.actions:
            actions[d.player].setdefault(a, d.meanings.get(a, ""))
    players = tuple(
        Player(id=p, name=names[p], role=None, strategies=tuple(actions[p]), meanings=actions[p])
        for p in player_ids
    )
    shown = _shown(ctx, data.get("analysis"), decisions)
    model = TreeModel(
        id=meta["id"],
        title=meta["title"],
        description=meta["description"],
        source=meta["source"],
        path=path,
        sha256=sha,
        players=players,
        parameters=parameters,
        nodes=nodes,
        decisions=decisions,
        compiled=_TreeCompiled(nodes, tuple(parameters), tuple(p.id for p in players)),
        shown=shown,
    )
    _check_chance_corners(ctx, model)
    try:
        model.game_with_underflow(exact=True)  # an underflow is warned where it is used
    except Exception as exc:  # noqa: BLE001 - any refusal of the builder, as one line
        from ..errors import GameTheoryError

        if not isinstance(exc, (GameTheoryError, ValueError)):
            raise
        raise ctx.error("nodes", str(exc).split("\n")[0]) from None
    return model


def _shown(ctx: _Context, table: Any, decisions: tuple[Decision, ...]) -> tuple[str, ...]:
    """``[analysis] decisions``: the information sets the analyses report (default: all)."""
    every = tuple(d.id for d in decisions)
    if table is None:
        return every
    _check_keys(ctx, table, ("decisions",), "analysis")
    chosen = table.get("decisions", list(every))
    if not isinstance(chosen, list) or not chosen:
        raise ctx.error("analysis.decisions", "must be a non-empty list of information set ids")
    for d in chosen:
        if d not in every:
            raise ctx.error(
                "analysis.decisions",
                f"{d!r} is not an information set{suggest_hint(str(d), every)}",
            )
    if len(set(chosen)) != len(chosen):
        raise ctx.error("analysis.decisions", "an information set is listed twice")
    return tuple(d for d in every if d in chosen)


def _n_moves(table: Any) -> int:
    moves = table.get("moves") if isinstance(table, dict) else None
    return len(moves) if isinstance(moves, dict) else 0


def _outcomes(
    ctx: _Context, raw: Any, players: tuple[str, ...], scope: FormulaScope
) -> dict[str, tuple]:
    if not isinstance(raw, dict):
        raise ctx.error("outcomes", f"must be a table of [outcomes.NAME] tables, got {_kind(raw)}")
    out = {}
    for name, table in raw.items():
        where = f"outcomes.{name}"
        if not _ID.match(name):
            raise ctx.error(where, "an outcome name must start with a letter; letters, digits, _")
        out[name] = _payoffs(ctx, table, players, scope, where)
    return out


def _payoffs(
    ctx: _Context, table: Any, players: tuple[str, ...], scope: FormulaScope, where: str
) -> tuple:
    _check_keys(ctx, table, players, where)
    formulas = []
    for p in players:
        if p not in table:
            raise ctx.error(f"{where}.{p}", f"missing: every terminal needs a payoff for {p}")
        text = table[p]
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            text = repr(text)
        formulas.append(parse_formula(text, scope, where=ctx.where(f"{where}.{p}")))
    return tuple(formulas)


def _kind_of(ctx: _Context, table: Any, where: str) -> str:
    if not isinstance(table, dict):
        raise ctx.error(where, f"must be a table, got {_kind(table)}")
    kinds = [k for k in ("player", "chance", "payoffs") if k in table]
    if len(kinds) != 1:
        found = " and ".join(kinds) if kinds else "none of them"
        raise ctx.error(
            where,
            "a node has exactly one of player (a decision), chance (a chance move) or "
            f"payoffs (a terminal); found {found}",
        )
    return {"player": "decision", "chance": "chance", "payoffs": "terminal"}[kinds[0]]


def _walk(
    ctx: _Context,
    raw: dict,
    outcomes: dict[str, tuple],
    players: tuple[str, ...],
    parameters: dict[str, Parameter],
    scope: FormulaScope,
) -> tuple[tuple[TreeNode, ...], tuple[Decision, ...]]:
    for nid in raw:
        if not _ID.match(nid):
            raise ctx.error(
                f"nodes.{nid}", "a node id must start with a letter; letters, digits, _"
            )
        if nid in outcomes:
            raise ctx.error(f"nodes.{nid}", f"{nid!r} is both a node and an outcome name")
    nodes: list[TreeNode] = []
    decisions: dict[str, dict[str, Any]] = {}
    parent_of: dict[str, str] = {}
    stack: list[tuple[str, int | None, str]] = [("root", None, "nodes.root")]
    children: list[list[int]] = []
    while stack:
        nid, parent, ref = stack.pop()
        k = len(nodes)
        if parent is not None:
            children[parent].append(k)
        if nid in outcomes and nid not in raw:
            nodes.append(TreeNode(k, nid, "terminal", parent, payoffs=outcomes[nid], outcome=nid))
            children.append([])
            continue
        where = f"nodes.{nid}"
        table = raw[nid]
        kind = _kind_of(ctx, table, where)
        if kind == "terminal":
            _check_keys(ctx, table, _TERMINAL_KEYS, where)
            pays = _payoffs(ctx, table["payoffs"], players, scope, f"{where}.payoffs")
            nodes.append(TreeNode(k, nid, "terminal", parent, payoffs=pays))
            children.append([])
            continue
        allowed = _DECISION_KEYS if kind == "decision" else _CHANCE_KEYS
        _check_keys(ctx, table, allowed, where)
        moves = table.get("moves")
        if not isinstance(moves, dict) or not moves:
            raise ctx.error(f"{where}.moves", 'missing: a table of action = "node or outcome name"')
        actions = tuple(moves)
        for a, target in moves.items():
            if not _ID.match(a):
                raise ctx.error(f"{where}.moves.{a}", "an action must be letters, digits and _")
            if not isinstance(target, str) or (target not in raw and target not in outcomes):
                hint = suggest_hint(str(target), [*raw, *outcomes])
                raise ctx.error(
                    f"{where}.moves.{a}", f"{target!r} is neither a node nor an outcome{hint}"
                )
            if target == "root" or (target in raw and target in parent_of):
                first = parent_of.get(target, "nowhere: it is the root")
                raise ctx.error(
                    f"{where}.moves.{a}",
                    f"node {target!r} is already reached from {first}: a tree node has one "
                    "parent (give an outcome name to share payoffs)",
                )
            if target in raw:
                parent_of[target] = f"nodes.{nid}"
        node = TreeNode(k, nid, kind, parent, actions=actions)
        if kind == "decision":
            player = table["player"]
            if player not in players:
                hint = suggest_hint(str(player), players)
                raise ctx.error(f"{where}.player", f"unknown player {player!r}{hint}")
            infoset = _text(ctx, table, "infoset", where)
            if not _ID.match(infoset) or infoset in players or infoset in parameters:
                raise ctx.error(
                    f"{where}.infoset",
                    "an information set id must be letters, digits and _, and not a player "
                    "or parameter name",
                )
            meanings = table.get("meanings", {})
            _check_keys(ctx, meanings, actions, f"{where}.meanings")
            info = decisions.setdefault(
                infoset, {"player": player, "actions": actions, "nodes": [], "meanings": {}}
            )
            if info["player"] != player or info["actions"] != actions:
                raise ctx.error(
                    f"{where}.infoset",
                    f"information set {infoset!r} belongs to {info['player']} with actions "
                    f"{', '.join(info['actions'])}; this node has {player} with "
                    f"{', '.join(actions)}",
                )
            info["nodes"].append(k)
            info["meanings"].update({a: str(m) for a, m in meanings.items()})
            node = TreeNode(k, nid, kind, parent, actions=actions, player=player, infoset=infoset)
        else:
            probs = table["chance"]
            _check_keys(ctx, probs, actions, f"{where}.chance")
            missing = [a for a in actions if a not in probs]
            if missing:
                raise ctx.error(
                    f"{where}.chance.{missing[0]}", "missing: each move needs a probability"
                )
            formulas = []
            for a in actions:
                text = probs[a]
                if isinstance(text, (int, float)) and not isinstance(text, bool):
                    text = repr(text)
                formulas.append(parse_formula(text, scope, where=ctx.where(f"{where}.chance.{a}")))
            node = TreeNode(k, nid, kind, parent, actions=actions, probabilities=tuple(formulas))
        nodes.append(node)
        children.append([])
        for a in reversed(actions):
            stack.append((moves[a], k, f"{where}.moves.{a}"))
    unreached = [nid for nid in raw if nid != "root" and nid not in parent_of]
    if unreached:
        raise ctx.error(f"nodes.{unreached[0]}", "no move leads to this node (unreachable)")
    final = tuple(TreeNode(**{**n.__dict__, "children": tuple(children[n.index])}) for n in nodes)
    decs = tuple(
        Decision(d, info["player"], info["actions"], tuple(info["nodes"]), info["meanings"])
        for d, info in decisions.items()
    )
    return final, decs


def _check_chance_corners(ctx: _Context, model: TreeModel) -> None:
    """Chance probabilities in [0, 1] summing to 1 at the base values and at every corner of
    the ranges of the parameters they use (one line naming the node otherwise)."""
    from .tree_batch import chance_problem

    names = model.parameter_names
    bounds = model.bounds()
    base = model.value_vector()
    for n in model.nodes:
        if n.kind != "chance":
            continue
        used = sorted(
            {names.index(str(s)) for f in n.probabilities for s in f.to_sympy().free_symbols}
        )
        used = used[: int(np.log2(MAX_CORNERS))]
        rows = [base]
        for corner in itertools.product(*[(bounds[j, 0], bounds[j, 1]) for j in used]):
            row = base.copy()
            row[used] = corner
            rows.append(row)
        problem = chance_problem(model, n, np.array(rows))
        if problem:
            raise ctx.error(f"nodes.{n.id}.chance", problem)
