"""``gametheory solve MODEL.toml``: the command-line face of a model.

:func:`solve_model_command` is called by :mod:`gametheory.cli.solve` with its
parsed arguments (``path``, ``method``, ``exact``, ``json``, ``set``, ``fix``,
``tol``). Simultaneous models print the same tables (and JSON) as a game file;
sequential models print the subgame-perfect path with payoffs and the outcome
under each option of the first mover.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from ..errors import ModelError
from ..suggest import case_match, hint, match_name
from .loader import load_model
from .model import Model

__all__ = [
    "solve_model_command",
    "parse_assignments",
    "parse_sets",
    "parse_ranges",
    "apply_sets",
    "format_sequential",
    "abbreviations",
]


def parse_assignments(specs: list[str] | None, option: str) -> list[tuple[str, str]]:
    """Split ``NAME=VALUE`` strings; a malformed one is a one-line :class:`ModelError`."""
    out = []
    for spec in specs or []:
        name, sep, value = spec.partition("=")
        if not sep or not name.strip() or not value.strip():
            what, example = {
                "--set": ("NAME=VALUE", "trade_dep.KOR=0.8"),
                "--range": ("NAME=LOW:HIGH", "trade_dep.KOR=0.5:1"),
            }.get(option, ("PLAYER=STRATEGY", "USA=hedge"))
            raise ModelError(f"{option} {spec!r}: expected {what}, e.g. {example}")
        out.append((name.strip(), value.strip()))
    return out


def parse_sets(model: Model, specs: list[str] | None) -> dict[str, float]:
    """``{name: value}`` from ``--set NAME=VALUE`` strings, names and numbers checked.

    The one parser of ``--set`` for every command (solve, sweep, thresholds,
    sensitivity, report); each problem is a one-line :class:`ModelError`. Names are
    matched case-insensitively; an unknown one lists its close matches (every
    ``exposure.*`` entry for a group name ``exposure``).
    """
    changes: dict[str, float] = {}
    for name, value in parse_assignments(specs, "--set"):
        name = match_name(name, model.parameters, what="parameter", where="--set")
        try:
            number = float(value)
        except ValueError:
            raise ModelError(f"--set {name}: value {value!r} is not a number") from None
        if not math.isfinite(number):
            raise ModelError(f"--set {name}: value {value!r} is not a finite number")
        changes[name] = number
    return changes


def parse_ranges(model: Model, specs: list[str] | None) -> dict[str, tuple[float, float]]:
    """``{name: (low, high)}`` from ``--range NAME=LOW:HIGH`` strings (one-line errors)."""
    ranges: dict[str, tuple[float, float]] = {}
    for name, value in parse_assignments(specs, "--range"):
        name = match_name(name, model.parameters, what="parameter", where="--range")
        low, sep, high = value.partition(":")
        try:
            lo, hi = float(low), float(high)
        except ValueError:
            lo = hi = math.nan
        if not sep or not (math.isfinite(lo) and math.isfinite(hi)):
            raise ModelError(
                f"--range {name}={value}: expected NAME=LOW:HIGH with two numbers, e.g. {name}=0:1"
            )
        if lo > hi:
            raise ModelError(f"--range {name}={value}: LOW is above HIGH")
        ranges[name] = (lo, hi)
    return ranges


def apply_sets(
    model: Model,
    specs: list[str] | None,
    ranges: list[str] | None = None,
    *,
    set_ranges: bool = True,
) -> Model:
    """The model with ``--range NAME=LOW:HIGH`` and ``--set NAME=VALUE`` applied.

    A value outside its parameter's range (after ``--range``) is a one-line error that
    says how to widen the range on the command line. With ``set_ranges=False`` (the
    sensitivity commands, where ``--range`` is the span to analyse and may leave out the
    base value) a ``--range`` only lets a ``--set`` value beyond the model's range in.
    """
    changes = parse_sets(model, specs)
    if set_ranges:
        widened = parse_ranges(model, ranges)
    else:
        mine = [r for r in ranges or [] if case_match(r.partition("=")[0].strip(), changes)]
        widened = parse_ranges(model, mine)
    if set_ranges:
        for name, (lo, hi) in widened.items():
            value = changes.get(name, model.parameters[name].value)
            if not lo <= value <= hi:
                raise ModelError(
                    f"--range {name}={lo:g}:{hi:g} does not contain {name}'s "
                    f"value {value:g}; move the value with --set {name}=VALUE"
                )
    for name, value in changes.items():
        p = model.parameters[name]
        lo, hi = widened.get(name, (p.low, p.high))
        if not lo <= value <= hi:
            raise ModelError(
                f"--set {name}={value:g}: outside {name}'s range [{lo:g}, {hi:g}]; "
                f"widen it with --range {name}=LOW:HIGH"
            )
    if changes:
        model = model.with_params(changes, extend_range=True)
    return model.with_ranges(widened) if widened and set_ranges else model


def _fix(model: Model, specs: list[str] | None) -> dict[str, list[str]]:
    fixed: dict[str, list[str]] = {}
    for player, strategy in parse_assignments(specs, "--fix"):
        where = f"--fix {player}={strategy}"
        player = match_name(player, model.player_ids, what="player", where=where)
        p = model.player(player)
        if case_match(strategy, p.strategies) is None:
            raise ModelError(
                f"{where}: player {player!r} has no strategy "
                f"{strategy!r}{hint(strategy, p.strategies)} (it has "
                f"{', '.join(p.strategies)})"
            )
        strategy = case_match(strategy, p.strategies)
        fixed.setdefault(player, [])
        if strategy not in fixed[player]:
            fixed[player].append(strategy)
    return fixed


def solve_model_command(args: argparse.Namespace) -> int:
    """Load, change (``--set``), restrict (``--fix``), solve and print a model."""
    from ..cli._output import dumps_json

    model = load_model(args.path)
    if model.form == "tree":  # a game tree (issue 14): gametheory.cli.solve_tree
        from ..cli.solve_tree import solve_tree_command

        return solve_tree_command(model, args)
    base = model
    scenario_fix: dict[str, list[str]] = {}
    if getattr(args, "scenario", None):
        from .scenarios import scenario

        sc = scenario(model, args.scenario)
        model = sc.apply(model)
        scenario_fix = {p: [s] for p, s in sc.fix.items()}
    model = apply_sets(model, getattr(args, "set", None), getattr(args, "range", None))
    fixed = {**scenario_fix, **_fix(model, getattr(args, "fix", None))}
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
    if model.form == "sequential":
        method = getattr(args, "method", None) or "auto"
        if method not in ("auto", "backward-induction"):
            raise ModelError(
                f"{args.path}: --method {method} does not apply: a sequential "
                "model is solved by backward induction"
            )
        if getattr(args, "exact", False):
            raise ModelError(
                f"{args.path}: --exact is not available for sequential models "
                "(payoffs are compared in floating point with tolerance 1e-9)"
            )
        if any(len(v) > 1 for v in fixed.values()):
            raise ModelError(
                f"{args.path}: --fix takes one strategy per player in a sequential model"
            )
        select = getattr(args, "select", None)
        result = model.solve(
            fix={p: v[0] for p, v in fixed.items()}, select=select.strip() if select else None
        )
        analysis = None
        if threats:
            from .threats import non_credible_threats

            analysis = non_credible_threats(model)
        if getattr(args, "json", False):
            out = result.to_dict()
            out["game"]["source"] = str(args.path)
            out["game"]["parameters_changed"] = {k: v[1] for k, v in changed.items()}
            if analysis is not None:
                out["threats"] = analysis.to_dict()
            sys.stdout.write(dumps_json(_finite(out)) + "\n")
        else:
            text = format_sequential(result, source=str(args.path), changed=changed)
            if analysis is not None:
                text += "\n\nNon-credible threats (Nash but not subgame-perfect):\n"
                import textwrap

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
    return _simultaneous(model, args, fixed, changed)


def _simultaneous(
    model: Model,
    args: argparse.Namespace,
    fixed: dict[str, list[str]],
    changed: dict[str, tuple[float, float]],
) -> int:
    from ..cli._output import dumps_json, format_game_summary, format_result, result_json

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
    result = model.solve(fix=fixed, **kwargs)
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
        _changes_text(changed) + text + "\n\n" + format_result(result, exact=kwargs["exact"]) + "\n"
    )
    return 0


def _changes_text(changed: dict[str, tuple[float, float]]) -> str:
    if not changed:
        return ""
    parts = ", ".join(f"{k} = {new:g} (was {old:g})" for k, (old, new) in changed.items())
    return f"Parameters changed: {parts}\n"


def _finite(obj: Any) -> Any:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_finite(v) for v in obj]
    return obj


def _num(x: float) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "-"
    x = 0.0 if abs(x) < 5e-13 else x
    return f"{x:.4g}"


def format_sequential(result: Any, *, source: str = "", changed: dict | None = None) -> str:
    """Text for a :class:`~gametheory.models.seqresult.SequentialResult`."""
    from ..cli._output import format_table

    m = result.model
    lines = [
        f"{m.title}",
        f"  model {m.id} ({source or m.path}), sequential: "
        + " -> ".join("[" + ", ".join(_stage_name(m, st)) + "]" for st in m.stages),
        f"  selection rule: {result.selection} ({_RULES.get(result.selection, '')}; "
        "where a stage has no pure equilibrium or several and is small enough, its "
        "mixed equilibria count too)",
    ]
    if result.fix:
        lines.append("  fixed: " + ", ".join(f"{p}={s}" for p, s in result.fix.items()))
    if changed:
        lines.append("  " + _changes_text(changed).strip())
    lines.append("")
    if result.ok:
        lines.append(
            "Subgame-perfect path"
            + (" (subgame)" if result.fix else "")
            + (", with a mixed stage equilibrium" if result.mixed else "")
            + ":"
        )
        rows = [[p, s, _num(result.payoffs[p])] for p, s in result.path.items()]
        rows += [[p, _mixed_text(s), _num(result.payoffs[p])] for p, s in result.mixed.items()]
        if result.mixed:
            rows += [
                [p, "(answers the realised moves)", _num(v)]
                for p, v in result.payoffs.items()
                if p not in result.path and p not in result.mixed
            ]
        lines.append(format_table(["player", "action", "payoff"], rows))
        lines.append(
            f"  regret {_num(result.regret)} (largest gain from deviating on the path, "
            "checked independently)"
        )
        others = len(result.equilibria) - 1
        if others:
            lines.append(
                f"  {others} other subgame-perfect equilibri"
                f"{'um' if others == 1 else 'a'}, one for each other equilibrium of "
                "the simultaneous stage on the path:"
            )
            for e in result.equilibria[1:]:
                prof = " / ".join(
                    f"{p} {_mixed_text(s) if isinstance(s, dict) else s}"
                    for p, s in e["profile"].items()
                )
                lines.append(f"    {prof}; regret {_num(e['regret'])}")
    else:
        lines.append("No pure subgame-perfect path: a simultaneous stage has no pure equilibrium.")
    plan = result.plan
    if plan.get("options"):
        first = plan["player"]
        players = [p.id for p in m.players if p.id != first]
        short = abbreviations([s for p in m.players if p.id != first for s in p.strategies])
        lines += ["", f"Outcome under each {first} option:"]
        rows = []
        for option, entry in plan["options"].items():
            mark = "*" if option == plan.get("chosen") else ""
            if entry["status"] != "ok":
                rows.append([option + mark] + ["-"] * len(players) + ["-", "none"])
                continue
            mixed = entry.get("mixed", {})
            rows.append(
                [option + mark]
                + [
                    _mixed_text(mixed[p])
                    if p in mixed
                    else short.get(entry["path"].get(p, "-"), entry["path"].get(p, "-"))
                    for p in players
                ]
                + [_num(entry["payoffs"][first]), str(entry["n_equilibria"])]
            )
        lines.append(format_table([first, *players, f"payoff {first}", "eq"], rows))
        used = sorted(
            {
                e["path"].get(p)
                for e in plan["options"].values()
                if e["status"] == "ok"
                for p in players
            }
            & set(short)
        )
        legend = "".join(f"{short[s]} = {s}; " for s in used)
        lines.append(
            f"  * chosen by {first}; {legend}eq = equilibria of the stages that "
            "follow (pure, and mixed where searched)"
        )
    for w in result.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines)


def abbreviations(strategies: list[str], *, longest: int = 5) -> dict[str, str]:
    """Short column labels for the model's own strategy names longer than ``longest``.

    Each long name is cut to its shortest prefix of at least 4 characters that no other
    name shares (names without such a prefix stay whole).

    Examples
    --------
    >>> abbreviations(["cooperate", "hedge", "compete"])
    {'cooperate': 'coop', 'compete': 'comp'}
    >>> abbreviations(["retaliate", "retreat", "raise_tariff"])
    {'retaliate': 'reta', 'retreat': 'retr', 'raise_tariff': 'rais'}
    """
    names = list(dict.fromkeys(strategies))
    out: dict[str, str] = {}
    for s in names:
        if len(s) <= longest:
            continue
        for k in range(4, len(s)):
            prefix = s[:k]
            if not any(o != s and o.startswith(prefix) for o in names):
                out[s] = prefix
                break
    return out


_RULES = {
    "payoff_dominant": "the highest total payoff of the stage's movers",
    "payoff-dominant": "the highest total payoff of the stage's movers",
    "first": "the first in the order of the file",
    "risk_averse": "the highest minimum payoff among the stage's movers",
    "risk-dominant": "Harsanyi-Selten risk dominance",
    "logit": "the limit of the logit quantal-response path",
}


def _mixed_text(strategy: dict[str, float]) -> str:
    return ", ".join(f"{s} {p:.3g}" for s, p in strategy.items() if p > 0)


def _stage_name(m: Model, stage: tuple[str, ...]) -> list[str]:
    for role in m.roles.values():
        if set(stage) == set(role.members) and len(stage) > 1:
            return [f"{role.id} ({len(stage)})"]
    return list(stage)
