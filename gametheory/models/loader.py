"""Reading and validating model files (TOML, format 1; see models/FORMAT.md).

:func:`read_model_file` reads a file and :func:`read_model_definition` validates its
text into a :class:`~gametheory.models.parts.ModelDefinition`, from which
:func:`gametheory.models.load_model` and :func:`gametheory.models.parse_model_text`
build the :class:`~gametheory.models.Model` (this module sits below the model class
and never imports it). Every problem is raised as a
:class:`~gametheory.errors.ModelError` whose message is one line,
``<file>:<line>: <dotted.field>: <problem>`` (the line number when it can be
found), with the nearest known key suggested for misspellings.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, overload

from ..errors import ModelError
from ..suggest import hint as suggest_hint
from .expr import FormulaScope, parse_formula
from .parts import ModelDefinition, Parameter, Player, Role
from .underflow import lost_in_float

__all__ = [
    "read_model_file",
    "read_model_definition",
    "TreeSource",
    "SELECTION_RULES",
    "MAX_FILE_BYTES",
]


@dataclass(frozen=True)
class TreeSource:
    """A checked ``form = "tree"`` model file, before its tree is built.

    The loader reads the parts every model file shares (format, model, parameters,
    players); :func:`gametheory.models.tree_loader.build_tree_model` builds the
    :class:`~gametheory.models.tree_model.TreeModel` from ``data`` (``ctx`` gives its
    one-line errors their file and line).
    """

    ctx: Any
    data: dict[str, Any]
    meta: dict[str, str]
    path: Path | None
    sha: str


#: Rules for picking one of several pure equilibria of a simultaneous stage.
SELECTION_RULES = ("payoff_dominant", "first", "risk_averse")

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_MODEL_ID = re.compile(r"^[a-z0-9_]+$")
_TOP = ("format", "model", "roles", "players", "parameters", "form", "scenarios")
_MODEL_KEYS = ("id", "title", "description", "source", "form")
_ROLE_KEYS = ("name", "payoff", "strategies")
_PLAYER_KEYS = ("name", "role", "payoff", "strategies")
_PARAM_KEYS = ("value", "low", "high", "unit", "meaning", "quote", "judgement")
_GROUP_KEYS = ("per", "unit", "meaning", "quote", "judgement", "low", "high", "default")
_ENTRY_KEYS = ("value", "low", "high", "quote", "judgement")
_FORM_KEYS = ("stages", "selection")
MAX_FILE_BYTES = 2_000_000


class _Context:
    """The file name and text, to turn a dotted field into ``file:line: field: problem``."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines = text.splitlines()
        self._headers: list[tuple[int, str]] = []
        for i, line in enumerate(self.lines):
            s = line.strip()
            if s.startswith("[") and "]" in s:
                head = s.lstrip("[").split("]")[0]
                self._headers.append((i, re.sub(r"[\s\"']", "", head)))
        # each header's first position: a look-up per field, not a scan of every
        # header (a tree model of thousands of outcomes names one field per formula)
        self._first: dict[str, int] = {}
        for k, (_, h) in enumerate(self._headers):
            self._first.setdefault(h, k)

    def line_of(self, dotted: str) -> int | None:
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            head = ".".join(parts[:cut])
            k = self._first.get(head)
            if k is not None:
                i = self._headers[k][0]
                if cut == len(parts):
                    return i + 1
                end = self._headers[k + 1][0] if k + 1 < len(self._headers) else len(self.lines)
                key = re.escape(parts[cut])
                pattern = re.compile(rf"^\s*[\"']?{key}[\"']?\s*[=.]")
                for j in range(i + 1, end):
                    if pattern.match(self.lines[j]):
                        return j + 1
                return i + 1
        assignment = re.compile(rf"^\s*[\"']?{re.escape(parts[-1])}[\"']?\s*=")
        hits = [j for j, line in enumerate(self.lines) if assignment.match(line)]
        return hits[0] + 1 if len(hits) == 1 else None

    def error(self, dotted: str, problem: str) -> ModelError:
        line = self.line_of(dotted) if dotted else None
        where = f"{self.name}:{line}" if line else self.name
        return ModelError(f"{where}: {dotted}: {problem}" if dotted else f"{where}: {problem}")

    def where(self, dotted: str) -> str:
        line = self.line_of(dotted)
        return f"{self.name}:{line}: {dotted}" if line else f"{self.name}: {dotted}"


def _check_keys(
    ctx: _Context, table: Any, allowed: tuple[str, ...], where: str, extra: tuple[str, ...] = ()
) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ctx.error(where, f"must be a table, got {_kind(table)}")
    for key in table:
        if key not in allowed and key not in extra:
            hint = suggest_hint(key, [*allowed, *extra])
            known = ", ".join(allowed)
            raise ctx.error(
                f"{where}.{key}" if where else key,
                f"unknown key {key!r}{hint}; known keys: {known}",
            )
    return table


def _kind(v: Any) -> str:
    return {
        dict: "a table",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(v), type(v).__name__)


@overload
def _text(
    ctx: _Context, table: dict, key: str, where: str, *, required: Literal[True] = ...
) -> str: ...
@overload
def _text(
    ctx: _Context, table: dict, key: str, where: str, *, required: bool = ..., default: str
) -> str: ...
@overload
def _text(
    ctx: _Context, table: dict, key: str, where: str, *, required: bool = ..., default: None = ...
) -> str | None: ...
def _text(
    ctx: _Context,
    table: dict,
    key: str,
    where: str,
    *,
    required: bool = True,
    default: str | None = None,
) -> str | None:
    if key not in table:
        if required:
            raise ctx.error(f"{where}.{key}", "missing (required)")
        return default
    v = table[key]
    if not isinstance(v, str) or not v.strip():
        raise ctx.error(f"{where}.{key}", f"must be non-empty text, got {_kind(v)} {v!r}"[:200])
    return v


class _LostFloat(float):
    """A TOML float whose text is not zero but whose float is 0 or subnormal (``1e-400``);
    it keeps the text, and :func:`_number` refuses it naming the line."""

    text: str


def _toml_float(text: str) -> float:
    """``float(text)``, marked when the number written is below the float range."""
    if not lost_in_float(text):
        return float(text)
    out = _LostFloat(text)
    out.text = text
    return out


def _number(ctx: _Context, v: Any, where: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ctx.error(where, f"must be a number, got {_kind(v)} {v!r}"[:200])
    if isinstance(v, _LostFloat):
        raise ctx.error(
            where,
            f"{v.text} is below the floating-point range (about 2.2e-308, where floats "
            "lose digits or become 0); rescale the parameter",
        )
    f = float(v)
    if not math.isfinite(f):
        raise ctx.error(where, f"must be a finite number, got {v!r}")
    return f


def _quotes(ctx: _Context, v: Any, where: str) -> tuple[str, ...]:
    items = v if isinstance(v, list) else [v]
    if not items:
        raise ctx.error(where, "an empty list of quotes")
    for q in items:
        if not isinstance(q, str) or not q.strip():
            raise ctx.error(where, "each quote must be non-empty text")
    return tuple(items)


#: Most strategies a numeric strategy set may have.
MAX_NUMERIC_STRATEGIES = 201


def _numeric_strategies(
    ctx: _Context, table: dict, where: str
) -> tuple[tuple[str, ...], dict[str, str]]:
    """``{from = 0, to = 12, step = 1}``: the numbers as strategy labels ("0", ..., "12")."""
    for key in table:
        if key not in ("from", "to", "step"):
            raise ctx.error(
                f"{where}.{key}",
                f"unknown key {key!r}"
                f"{suggest_hint(str(key), ['from', 'to', 'step'])}; a numeric "
                "strategy set has from, to and step",
            )
    vals = {}
    for key in ("from", "to", "step"):
        if key not in table:
            raise ctx.error(
                f"{where}.{key}",
                "missing: a numeric strategy set needs from, to "
                "and step, e.g. {from = 0, to = 12, step = 1}",
            )
        vals[key] = _number(ctx, table[key], f"{where}.{key}")
    lo, hi, step = vals["from"], vals["to"], vals["step"]
    if step <= 0 or hi < lo:
        raise ctx.error(
            where, f"needs from <= to and step > 0, got from = {lo:g}, to = {hi:g}, step = {step:g}"
        )
    n = int(round((hi - lo) / step)) + 1
    if n > MAX_NUMERIC_STRATEGIES:
        raise ctx.error(
            where,
            f"{n} strategies, more than the {MAX_NUMERIC_STRATEGIES} allowed: use a larger step",
        )
    if abs(lo + (n - 1) * step - hi) > 1e-9 * max(1.0, abs(hi)):
        raise ctx.error(
            where, f"to = {hi:g} is not from + a whole number of steps ({lo:g} + k * {step:g})"
        )
    labels = tuple(dict.fromkeys(f"{round(lo + k * step, 12):g}" for k in range(n)))
    if len(labels) != n:
        raise ctx.error(
            where, "the numbers do not stay distinct at 6 significant digits: use a larger step"
        )
    return labels, {label: f"the number {label}" for label in labels}


def _strategies(ctx: _Context, table: Any, where: str) -> tuple[tuple[str, ...], dict[str, str]]:
    if (
        isinstance(table, dict)
        and {"from", "to"} & set(table)
        and not any(isinstance(v, str) for v in table.values())
    ):
        return _numeric_strategies(ctx, table, where)
    if not isinstance(table, dict) or not table:
        raise ctx.error(where, 'must be a table of strategy = "one-line meaning" (at least one)')
    for s, meaning in table.items():
        if not _ID.match(s):
            raise ctx.error(f"{where}.{s}", "a strategy id must be letters, digits and _")
        if not isinstance(meaning, str) or not meaning.strip():
            raise ctx.error(f"{where}.{s}", "must be a one-line meaning (text)")
    return tuple(table), dict(table)


def read_model_file(path: str | os.PathLike[str]) -> ModelDefinition | TreeSource:
    """Read and validate a model file (:func:`gametheory.models.load_model` builds the model).

    Parameters
    ----------
    path : str or path-like
        A ``.toml`` model file.

    Returns
    -------
    ModelDefinition or TreeSource
        A :class:`TreeSource` for ``form = "tree"`` (built by :mod:`.tree_loader`).

    Raises
    ------
    ModelError
        With a one-line message ``<file>:<line>: <field>: <problem>``.
    OSError
        If the file cannot be read.

    Examples
    --------
    >>> import gametheory.models as gm, pathlib
    >>> d = read_model_file(pathlib.Path(gm.__file__).parents[2] / "models" / "us_china.toml")
    >>> d.id, [p.id for p in d.players]
    ('us_china', ['USA', 'CHN'])
    """
    p = Path(path)
    if p.is_dir():
        raise ModelError(f"{p}: is a folder, not a model file")
    from ..io.safe_read import read_input

    data = read_input(p, max_bytes=MAX_FILE_BYTES, what="model file (.toml)", error=ModelError)
    return read_model_definition(data, source=str(p), path=p)


def read_model_definition(
    text: str | bytes, *, source: str = "<text>", path: Path | None = None
) -> ModelDefinition | TreeSource:
    """Validate the text of a model file (see :func:`read_model_file`)."""
    raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    sha = hashlib.sha256(raw).hexdigest()
    if len(raw) > MAX_FILE_BYTES:
        raise ModelError(
            f"{source}: model text is {len(raw):,} bytes, more than the {MAX_FILE_BYTES:,} allowed"
        )
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"{source}: not UTF-8 text (byte {exc.start})") from None
    try:
        data = tomllib.loads(decoded, parse_float=_toml_float)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{source}: TOML syntax error: {exc}") from None
    except RecursionError:
        raise ModelError(f"{source}: TOML nesting too deep") from None
    ctx = _Context(source, decoded)
    return _build(ctx, data, path=path, sha=sha)


def _build(
    ctx: _Context, data: dict, *, path: Path | None, sha: str
) -> ModelDefinition | TreeSource:
    tree = isinstance(data.get("model"), dict) and data["model"].get("form") == "tree"
    _check_keys(ctx, data, _TOP + (("nodes", "outcomes", "analysis") if tree else ()), "")
    if "format" not in data:
        raise ctx.error("format", "missing (required): add format = 1 at the top")
    if data["format"] != 1 or isinstance(data["format"], bool):
        raise ctx.error("format", f"must be 1 (the only format version), got {data['format']!r}")
    if "model" not in data:
        raise ctx.error("model", "missing [model] table (id, title, description)")
    meta = _check_keys(ctx, data["model"], _MODEL_KEYS, "model")
    model_id = _text(ctx, meta, "id", "model")
    if not _MODEL_ID.match(model_id):
        raise ctx.error("model.id", f"must be lower-case letters, digits and _, got {model_id!r}")
    if path is not None and path.stem != model_id:
        raise ctx.error("model.id", f"{model_id!r} does not match the file name {path.name!r}")
    title = _text(ctx, meta, "title", "model")
    description = _text(ctx, meta, "description", "model", required=False, default="")
    source = _text(ctx, meta, "source", "model", required=False, default="")
    form = meta.get("form", "simultaneous")
    if form not in ("simultaneous", "sequential", "tree"):
        raise ctx.error(
            "model.form", f"must be 'simultaneous', 'sequential' or 'tree', got {form!r}"
        )
    if form == "tree":  # a game tree: gametheory.models.tree_loader
        meta_fields = dict(id=model_id, title=title, description=description or "")
        meta_fields["source"] = source or ""
        return TreeSource(ctx=ctx, data=data, meta=meta_fields, path=path, sha=sha)

    # ---------------------------------------------------------------- roles
    roles_raw = data.get("roles", {})
    if not isinstance(roles_raw, dict):
        raise ctx.error("roles", f"must be a table of [roles.ID] tables, got {_kind(roles_raw)}")
    role_info: dict[str, dict[str, Any]] = {}
    for rid, table in roles_raw.items():
        where = f"roles.{rid}"
        if not _ID.match(rid):
            raise ctx.error(where, "a role id must start with a letter; letters, digits and _")
        _check_keys(ctx, table, _ROLE_KEYS, where)
        if "strategies" not in table:
            raise ctx.error(f"{where}.strategies", "missing (required)")
        strategies, meanings = _strategies(ctx, table["strategies"], f"{where}.strategies")
        role_info[rid] = dict(
            name=_text(ctx, table, "name", where, required=False, default=rid),
            payoff=_text(ctx, table, "payoff", where),
            strategies=strategies,
            meanings=meanings,
            members=[],
        )

    # -------------------------------------------------------------- players
    players_raw = data.get("players")
    if not isinstance(players_raw, dict) or not players_raw:
        raise ctx.error("players", "missing: a model needs at least one [players.ID] table")
    player_info: dict[str, dict[str, Any]] = {}
    for pid, table in players_raw.items():
        where = f"players.{pid}"
        if not _ID.match(pid):
            raise ctx.error(where, "a player id must start with a letter; letters, digits and _")
        if pid in role_info:
            raise ctx.error(where, f"{pid!r} is both a player id and a role id")
        _check_keys(ctx, table, _PLAYER_KEYS, where)
        name = _text(ctx, table, "name", where, required=False, default=pid)
        if "role" in table:
            rid = table["role"]
            if rid not in role_info:
                hint = suggest_hint(str(rid), list(role_info))
                raise ctx.error(f"{where}.role", f"unknown role {rid!r}{hint}")
            for key in ("payoff", "strategies"):
                if key in table:
                    raise ctx.error(
                        f"{where}.{key}",
                        f"a player with a role takes its {key} from roles.{rid}; remove it",
                    )
            role_info[rid]["members"].append(pid)
            info = role_info[rid]
            player_info[pid] = dict(
                name=name,
                role=rid,
                strategies=info["strategies"],
                meanings=info["meanings"],
                payoff=None,
            )
        else:
            if "strategies" not in table:
                raise ctx.error(
                    f"{where}.strategies", "missing: give strategies and payoff, or a role"
                )
            strategies, meanings = _strategies(ctx, table["strategies"], f"{where}.strategies")
            player_info[pid] = dict(
                name=name,
                role=None,
                strategies=strategies,
                meanings=meanings,
                payoff=_text(ctx, table, "payoff", where),
            )
    for rid, info in role_info.items():
        if not info["members"]:
            raise ctx.error(f"roles.{rid}", "no player has this role")

    # ----------------------------------------------------------- parameters
    params_raw = data.get("parameters", {})
    if not isinstance(params_raw, dict):
        raise ctx.error("parameters", "must be a table of [parameters.NAME] tables")
    parameters: dict[str, Parameter] = {}
    scalars: list[str] = []
    per_role: dict[str, str] = {}
    per_player: dict[str, str] = {}
    for name, table in params_raw.items():
        where = f"parameters.{name}"
        if not _ID.match(name):
            raise ctx.error(where, "a parameter name must start with a letter; letters, digits, _")
        if (
            name in player_info
            or name in role_info
            or name
            in ("own", "count", "others", "sum", "min", "max", "abs", "exp", "log", "sqrt", "where")
        ):
            raise ctx.error(where, f"{name!r} is already a player, role or function name")
        if not isinstance(table, dict):
            raise ctx.error(where, f"must be a table, got {_kind(table)}")
        if "per" in table:
            per = table["per"]
            if per in role_info:
                entries = tuple(role_info[per]["members"])
                per_role[name] = per
            elif per in player_info:
                entries = player_info[per]["strategies"]
                per_player[name] = per
            else:
                hint = suggest_hint(str(per), [*role_info, *player_info])
                raise ctx.error(f"{where}.per", f"{per!r} is neither a role nor a player id{hint}")
            _check_keys(ctx, table, _GROUP_KEYS, where, extra=entries)
            for p in _indexed(ctx, name, table, entries, where):
                parameters[p.name] = p
        else:
            _check_keys(ctx, table, _PARAM_KEYS, where)
            parameters[name] = _parameter(ctx, name, None, table, {}, where)
            scalars.append(name)

    # --------------------------------------------------------------- formulas
    scope = FormulaScope(
        scalars=tuple(scalars),
        per_role=per_role,
        per_player=per_player,
        players={p: info["strategies"] for p, info in player_info.items()},
        roles={r: (tuple(info["members"]), info["strategies"]) for r, info in role_info.items()},
    )
    formulas = {}
    for rid, info in role_info.items():
        formulas[rid] = parse_formula(
            info["payoff"], scope, where=ctx.where(f"roles.{rid}.payoff"), owner_role=rid
        )
    for pid, info in player_info.items():
        if info["role"] is None:
            formulas[pid] = parse_formula(
                info["payoff"], scope, where=ctx.where(f"players.{pid}.payoff")
            )
    used: set[str] = set()
    for pid, info in player_info.items():
        f = formulas[info["role"] or pid]
        used |= {str(s) for s in f.to_sympy(own=pid).free_symbols}
    groups_used = {u.split(".")[0] for u in used}
    for name, p in parameters.items():
        if (p.group is None and name not in used) or (
            p.group is not None and p.group not in groups_used
        ):
            field = f"parameters.{p.group or name}"
            raise ctx.error(
                field, "parameter is not used by any payoff formula (remove it or use it)"
            )

    # ------------------------------------------------------------------ form
    stages, selection = _form(ctx, data.get("form"), form, player_info, role_info)

    players = tuple(
        Player(
            id=pid,
            name=info["name"],
            role=info["role"],
            strategies=tuple(info["strategies"]),
            meanings=dict(info["meanings"]),
        )
        for pid, info in player_info.items()
    )
    roles = {
        rid: Role(
            id=rid,
            name=info["name"],
            members=tuple(info["members"]),
            strategies=tuple(info["strategies"]),
            meanings=dict(info["meanings"]),
        )
        for rid, info in role_info.items()
    }
    from .scenarios import parse_scenarios

    scenarios = parse_scenarios(
        data.get("scenarios"),
        where=ctx.name,
        players={p.id: p.strategies for p in players},
        parameters=parameters,
    )
    return ModelDefinition(
        id=model_id,
        title=title,
        description=description or "",
        source=source or "",
        path=path,
        sha256=sha,
        form=form,
        players=players,
        roles=roles,
        parameters=parameters,
        stages=stages,
        selection=selection,
        formulas=formulas,
        scope=scope,
        scenarios=scenarios,
    )


def _parameter(
    ctx: _Context, group_or_name: str, index: str | None, table: dict, defaults: dict, where: str
) -> Parameter:
    merged = {**defaults, **table}
    name = f"{group_or_name}.{index}" if index else group_or_name
    if "value" not in merged:
        raise ctx.error(f"{where}.value", "missing (required)")
    value = _number(ctx, merged["value"], f"{where}.value")
    for key in ("low", "high"):
        if key not in merged:
            raise ctx.error(f"{where}.{key}", "missing (required): the plausible range")
    low = _number(ctx, merged["low"], f"{where}.low")
    high = _number(ctx, merged["high"], f"{where}.high")
    if low > high:
        raise ctx.error(f"{where}.low", f"low {low:g} is above high {high:g}")
    if not low <= value <= high:
        raise ctx.error(
            f"{where}.value", f"value {value:g} is outside its range [{low:g}, {high:g}]"
        )
    unit = _text(ctx, merged, "unit", where)
    meaning = _text(ctx, merged, "meaning", where)
    quotes: tuple[str, ...] = ()
    # an entry's own source replaces the group's default source
    own_source = "quote" in table or "judgement" in table
    src = table if own_source else merged
    if "quote" in src:
        quotes = _quotes(ctx, src["quote"], f"{where}.quote")
    judgement = _text(ctx, src, "judgement", where, required=False)
    if not quotes and judgement is None:
        raise ctx.error(
            where, "needs a source: quote (verbatim from the report) or judgement (a sentence)"
        )
    return Parameter(
        name=name,
        group=group_or_name if index else None,
        index=index,
        value=value,
        low=low,
        high=high,
        unit=unit,
        meaning=meaning,
        quotes=quotes,
        judgement=judgement,
    )


def _indexed(
    ctx: _Context, group: str, table: dict, entries: tuple[str, ...], where: str
) -> list[Parameter]:
    defaults = {
        k: table[k] for k in ("unit", "meaning", "quote", "judgement", "low", "high") if k in table
    }
    fallback = table.get("default")
    if fallback is not None:
        _check_keys(ctx, fallback, _ENTRY_KEYS, f"{where}.default")
    out = []
    for entry in entries:
        ew = f"{where}.{entry}"
        if entry in table:
            _check_keys(ctx, table[entry], _ENTRY_KEYS, ew)
            body = table[entry]
        elif fallback is not None:
            body, ew = fallback, f"{where}.default"
        else:
            raise ctx.error(
                ew,
                f"missing entry for {entry!r} (every one of "
                f"{', '.join(entries)} needs a value, or give a default)",
            )
        out.append(_parameter(ctx, group, entry, body, defaults, ew))
    return out


def _form(ctx: _Context, table: Any, form: str, player_info: dict, role_info: dict):
    if table is None:
        if form == "sequential":
            raise ctx.error("form", "a sequential model needs a [form] table with stages")
        return (), "payoff_dominant"
    _check_keys(ctx, table, _FORM_KEYS, "form")
    selection = table.get("selection", "payoff_dominant")
    if selection not in SELECTION_RULES:
        hint = suggest_hint(str(selection), SELECTION_RULES)
        raise ctx.error(
            "form.selection",
            f"unknown rule {selection!r}{hint}; rules: {', '.join(SELECTION_RULES)}",
        )
    if "stages" not in table:
        if form == "sequential":
            raise ctx.error("form.stages", "missing (required for a sequential model)")
        return (), selection
    if form != "sequential":
        raise ctx.error("form.stages", 'stages only apply to model.form = "sequential"')
    stages_raw = table["stages"]
    if not isinstance(stages_raw, list) or not stages_raw:
        raise ctx.error("form.stages", "must be a list of stages, each a list of player/role ids")
    seen: dict[str, int] = {}
    stages = []
    for k, stage in enumerate(stages_raw):
        if not isinstance(stage, list) or not stage:
            raise ctx.error("form.stages", f"stage {k + 1} must be a non-empty list of ids")
        movers: list[str] = []
        for item in stage:
            if item in role_info:
                movers += role_info[item]["members"]
            elif item in player_info:
                movers.append(item)
            else:
                hint = suggest_hint(str(item), [*player_info, *role_info])
                raise ctx.error(
                    "form.stages", f"stage {k + 1}: {item!r} is not a player or role id{hint}"
                )
        for p in movers:
            if p in seen:
                raise ctx.error(
                    "form.stages",
                    f"player {p!r} moves in stage {seen[p]} and again in stage {k + 1}",
                )
            seen[p] = k + 1
        stages.append(tuple(movers))
    missing = [p for p in player_info if p not in seen]
    if missing:
        raise ctx.error("form.stages", f"player(s) {', '.join(missing)} do not move in any stage")
    return tuple(stages), selection
