"""``--set``, ``--range`` and ``--fix`` on model files: the one parser for every command.

``solve``, ``explore``, ``report``, ``sweep``, ``thresholds`` and ``sensitivity`` turn
``NAME=VALUE`` strings into checked changes here, and ``solve`` its ``--fix`` on game
files and models alike (moved from ``gametheory.models.cli``:
parsing command-line text belongs to the command line). Every problem is a one-line
:class:`~gametheory.errors.ModelError` that names the option.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, overload

from ..errors import ModelError
from ..models.underflow import lost_in_float
from ..suggest import case_match, hint, match_name
from . import CLIError

if TYPE_CHECKING:  # annotations only: `solve GAME.nfg --fix` stays light
    from ..models import Model, TreeModel

__all__ = [
    "parse_assignments",
    "parse_sets",
    "parse_ranges",
    "split_range",
    "apply_sets",
    "parse_fix",
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


def parse_sets(model: Model | TreeModel, specs: list[str] | None) -> dict[str, float]:
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
        if lost_in_float(value):  # 1e-400 would silently be 0
            raise ModelError(
                f"--set {name}: value {value} is below the floating-point range (about "
                "2.2e-308, where floats lose digits or become 0); rescale the parameter"
            )
        changes[name] = number
    return changes


def split_range(name: str, value: str) -> tuple[float, float]:
    """``(low, high)`` from the ``LOW:HIGH`` of ``--range NAME=LOW:HIGH`` (two finite numbers).

    Examples
    --------
    >>> split_range("cost", "0.5:2")
    (0.5, 2.0)
    >>> split_range("cost", "a:2")
    Traceback (most recent call last):
    ...
    gametheory.errors.ModelError: --range cost=a:2: expected NAME=LOW:HIGH with two numbers, e.g. cost=0:1
    """
    low, sep, high = value.partition(":")
    try:
        lo, hi = float(low), float(high)
    except ValueError:
        lo = hi = math.nan
    if not sep or not (math.isfinite(lo) and math.isfinite(hi)):
        raise ModelError(
            f"--range {name}={value}: expected NAME=LOW:HIGH with two numbers, e.g. {name}=0:1"
        )
    if lost_in_float(low) or lost_in_float(high):  # 1e-400 would silently be 0
        raise ModelError(
            f"--range {name}={value}: a bound is below the floating-point range (about "
            "2.2e-308, where floats lose digits or become 0); rescale the parameter"
        )
    return lo, hi


def parse_ranges(
    model: Model | TreeModel, specs: list[str] | None
) -> dict[str, tuple[float, float]]:
    """``{name: (low, high)}`` from ``--range NAME=LOW:HIGH`` strings (one-line errors)."""
    ranges: dict[str, tuple[float, float]] = {}
    for name, value in parse_assignments(specs, "--range"):
        name = match_name(name, model.parameters, what="parameter", where="--range")
        lo, hi = split_range(name, value)
        if lo > hi:
            raise ModelError(f"--range {name}={value}: LOW is above HIGH")
        ranges[name] = (lo, hi)
    return ranges


@overload
def apply_sets(
    model: Model, specs: list[str] | None, ranges: list[str] | None = ..., *, set_ranges: bool = ...
) -> Model: ...
@overload
def apply_sets(
    model: TreeModel,
    specs: list[str] | None,
    ranges: list[str] | None = ...,
    *,
    set_ranges: bool = ...,
) -> TreeModel: ...
def apply_sets(
    model: Model | TreeModel,
    specs: list[str] | None,
    ranges: list[str] | None = None,
    *,
    set_ranges: bool = True,
) -> Model | TreeModel:
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


def parse_fix(
    specs: Sequence[str] | None, strategies: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """``{player: [strategies]}`` from ``--fix PLAYER=STRATEGY`` strings.

    The one parser of ``--fix``, for game files and models alike. The text is split
    at the first ``=`` that leaves a known player on the left, so names containing
    ``=`` work; names match case-insensitively; each player's strategies come back in
    the game's order. A problem is a one-line :class:`~gametheory.cli.CLIError` that
    lists the valid names.

    Parameters
    ----------
    specs : sequence of str or None
    strategies : mapping
        Each player's strategy names, in the game's order.

    Examples
    --------
    >>> parse_fix(["row=b", "Column=c", "Column=d", "Row=a"], {"Row": ("a", "b"), "Column": ("c", "d")})
    {'Row': ['a', 'b'], 'Column': ['c', 'd']}
    >>> parse_fix(["Rwo=a"], {"Row": ("a", "b")})
    Traceback (most recent call last):
    ...
    gametheory.cli.CLIError: --fix 'Rwo=a': unknown player 'Rwo' (did you mean 'Row'?); players are: Row
    """
    players = list(strategies)
    fixed: dict[str, list[str]] = {}
    for spec in specs or []:
        if "=" not in spec:
            raise CLIError(f"--fix {spec!r}: expected PLAYER=STRATEGY")
        player = strategy = None
        start = 0
        while (cut := spec.find("=", start)) >= 0:
            if spec[:cut].strip() in strategies:
                player, strategy = spec[:cut].strip(), spec[cut + 1 :].strip()
                break
            start = cut + 1
        if player is None or strategy is None:
            name, _, strategy = (x.strip() for x in spec.partition("="))
            player = case_match(name, players)
            if player is None:
                raise CLIError(
                    f"--fix {spec!r}: unknown player {name!r}{hint(name, players)}; "
                    "players are: " + ", ".join(players)
                )
        own = list(strategies[player])
        found = case_match(strategy, own)
        if found is None:
            raise CLIError(
                f"--fix {spec!r}: unknown strategy {strategy!r} of player {player!r}"
                f"{hint(strategy, own)}; strategies are: {', '.join(own)}"
            )
        chosen = fixed.setdefault(player, [])
        if found not in chosen:
            chosen.append(found)
    return {p: [s for s in strategies[p] if s in chosen] for p, chosen in fixed.items()}


def parse_model_fix(model: Model, specs: Sequence[str] | None) -> dict[str, list[str]]:
    """:func:`parse_fix` with the model's players and strategies."""
    return parse_fix(specs, {p.id: tuple(p.strategies) for p in model.players})
