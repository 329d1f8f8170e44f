"""``--set``, ``--range`` and ``--fix`` on model files: the one parser for every command.

``solve``, ``explore``, ``report``, ``sweep``, ``thresholds`` and ``sensitivity`` turn
``NAME=VALUE`` strings into checked changes here (moved from ``gametheory.models.cli``:
parsing command-line text belongs to the command line). Every problem is a one-line
:class:`~gametheory.errors.ModelError` that names the option.
"""

from __future__ import annotations

import math

from ..errors import ModelError
from ..models.model import Model
from ..suggest import case_match, hint, match_name

__all__ = [
    "parse_assignments",
    "parse_sets",
    "parse_ranges",
    "apply_sets",
    "parse_model_fix",
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


def parse_model_fix(model: Model, specs: list[str] | None) -> dict[str, list[str]]:
    """``{player: [strategies]}`` from ``--fix PLAYER=STRATEGY`` strings (one-line errors)."""
    fixed: dict[str, list[str]] = {}
    for player, strategy in parse_assignments(specs, "--fix"):
        where = f"--fix {player}={strategy}"
        player = match_name(player, model.player_ids, what="player", where=where)
        p = model.player(player)
        found = case_match(strategy, p.strategies)
        if found is None:
            raise ModelError(
                f"{where}: player {player!r} has no strategy "
                f"{strategy!r}{hint(strategy, p.strategies)} (it has "
                f"{', '.join(p.strategies)})"
            )
        fixed.setdefault(player, [])
        if found not in fixed[player]:
            fixed[player].append(found)
    return fixed
