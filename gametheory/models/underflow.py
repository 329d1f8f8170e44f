"""Payoff formulas that underflow while they are evaluated (issue 12: no silent loss).

A formula such as ``exp(-800 * p)``, or ``p * p`` at ``p = 1e-200``, has a true value
below the smallest normal float (about 2.2e-308): float evaluation gives 0, or a
value with few correct digits, which can make two strategies tie that do not. Every
place that evaluates a model's formulas in numpy does it through
:func:`evaluate_formula`. Inside :func:`watch_underflow` it asks numpy to report an
underflow (``np.errstate(under="call")``, which costs nothing until one happens), and
only then evaluates the formula again one parameter row at a time to find the rows at
which it happened. The watch collects the labels (player ids) and those rows:
``Model.solve`` and ``Model.game`` turn them into a warning (and a result that is not
claimed complete), the batch evaluator into a flag per sample.

Examples
--------
>>> import numpy as np
>>> P = np.array([[1.0], [0.001]])
>>> with watch_underflow() as watch:
...     values = evaluate_formula(lambda p: np.exp(-800 * p), [P[:, 0]], label="A", params=P)
>>> watch.labels, watch.samples(P).tolist()
(('A',), [True, False])
"""

from __future__ import annotations

import contextvars
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

__all__ = [
    "UnderflowWatch",
    "watch_underflow",
    "watching",
    "defer_check",
    "evaluate_formula",
    "float_of",
    "underflow_warning",
    "lost_in_float",
    "underflow_screen",
    "screened",
]

#: The watches active in this context (innermost last): a record goes to every one.
_ACTIVE: contextvars.ContextVar[tuple[UnderflowWatch, ...]] = contextvars.ContextVar(
    "gametheory_underflow_watches", default=()
)


class UnderflowWatch:
    """The labels (player ids) whose formulas underflowed, and at which parameter rows.

    Build one with :func:`watch_underflow`.
    """

    def __init__(self) -> None:
        self._labels: dict[str, None] = {}
        self._rows: dict[bytes, dict[str, None]] = {}
        self._deferred: dict[Any, Callable[[], Any]] = {}

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label that underflowed, in the order first seen."""
        return tuple(self._labels)

    def __bool__(self) -> bool:
        return bool(self._labels)

    def record(self, label: str, rows: np.ndarray) -> None:
        """Note that ``label``'s formula underflowed at the parameter ``rows`` (n, k)."""
        self._labels.setdefault(label, None)
        for row in np.atleast_2d(np.asarray(rows, dtype=float)):
            self._rows.setdefault(row.tobytes(), {}).setdefault(label, None)

    def defer(self, key: Any, check: Callable[[], Any]) -> None:
        """Run ``check`` (a numpy evaluation through :func:`evaluate_formula`) when the
        watch ends, once per ``key``: how a fast path in plain floats, which report no
        underflow, has its values checked without slowing down."""
        self._deferred.setdefault(key, check)

    def run_deferred(self) -> None:
        """Run the deferred checks (:meth:`defer`) not run yet."""
        while self._deferred:
            key = next(iter(self._deferred))
            self._deferred.pop(key)()

    def samples(self, P: np.ndarray) -> np.ndarray:
        """Per row of ``P`` (n, k): whether a formula underflowed at it."""
        P = np.ascontiguousarray(P, dtype=float)
        if not self._rows:
            return np.zeros(len(P), dtype=bool)
        return np.fromiter((row.tobytes() in self._rows for row in P), dtype=bool, count=len(P))

    def labels_at(self, P: np.ndarray) -> np.ndarray:
        """Per row of ``P``: the labels that underflowed there, joined by ``", "``
        (``""`` where none did), as an object array."""
        P = np.ascontiguousarray(P, dtype=float)
        out = np.full(len(P), "", dtype=object)
        if self._rows:
            for r, row in enumerate(P):
                hit = self._rows.get(row.tobytes())
                if hit:
                    out[r] = ", ".join(hit)
        return out


@contextmanager
def watch_underflow() -> Iterator[UnderflowWatch]:
    """Collect, while active, the formulas that underflow (see the module docstring)."""
    watch = UnderflowWatch()
    token = _ACTIVE.set((*_ACTIVE.get(), watch))
    try:
        yield watch
        watch.run_deferred()  # still active: what they find goes to every watch
    finally:
        _ACTIVE.reset(token)


def watching() -> bool:
    """Whether a :func:`watch_underflow` is active."""
    return bool(_ACTIVE.get())


def defer_check(key: Any, check: Callable[[], Any]) -> None:
    """Have the innermost active watch run ``check`` when it ends (see
    :meth:`UnderflowWatch.defer`); nothing when none is active."""
    active = _ACTIVE.get()
    if active:
        active[-1].defer(key, check)


def _record(label: str | Sequence[str], rows: np.ndarray) -> None:
    for watch in _ACTIVE.get():
        for name in [label] if isinstance(label, str) else label:
            watch.record(name, rows)


def evaluate_formula(
    function: Callable[..., Any],
    args: Sequence[Any],
    *,
    label: str | Sequence[str],
    params: np.ndarray,
) -> Any:
    """``function(*args)`` with numpy's floating-point errors ignored (the callers check
    for NaN and infinity themselves); inside :func:`watch_underflow`, the rows of
    ``params`` (n, k) at which an underflow happened are recorded under ``label`` (a
    player id; several for a formula shared by a role's members).

    Arrays in ``args`` whose first axis has length n (when n > 1) are the samples' axis;
    any other argument is shared by every sample.
    """
    if not _ACTIVE.get():
        with np.errstate(all="ignore"):
            return function(*args)
    fired: list[str] = []

    def note(kind: str, flag: int) -> None:
        fired.append(kind)

    with np.errstate(all="ignore", under="call", call=note):
        out = function(*args)
    if fired:
        params = np.atleast_2d(np.asarray(params, dtype=float))
        n = len(params)
        if n == 1:
            _record(label, params)
        else:  # which samples: the formula again, one row at a time (only now)
            for r in range(n):
                fired.clear()
                row = [
                    a[r : r + 1] if isinstance(a, np.ndarray) and a.ndim and len(a) == n else a
                    for a in args
                ]
                with np.errstate(all="ignore", under="call", call=note):
                    function(*row)
                if fired:
                    _record(label, params[r])
    return out


def float_of(value: Any, *, label: str, params: np.ndarray) -> float:
    """``float(value)`` of an exact (sympy) number, recording ``label`` at ``params``
    when the number is not zero but its float is zero or subnormal.

    Examples
    --------
    >>> import sympy
    >>> with watch_underflow() as watch:
    ...     small = float_of(sympy.exp(-800), label="A", params=np.zeros(1))
    >>> small, watch.labels
    (0.0, ('A',))
    """
    out = float(value)
    if abs(out) < sys.float_info.min and value != 0:
        _record(label, np.asarray(params, dtype=float))
    return out


def underflow_warning(location: str, players: Sequence[str], *, exact: bool = True) -> str:
    """The warning for float payoffs of ``players`` that fell below the float range
    (``exact``: whether exact arithmetic is a remedy to suggest).

    Examples
    --------
    >>> underflow_warning("m.toml", ["A"])[:71]
    "m.toml: A's payoff fell below the floating-point range (about 2.2e-308)"
    >>> underflow_warning("m.toml", ["A", "B"])[:40]
    'm.toml: the payoffs of A, B fell below t'
    """
    who = f"{players[0]}'s payoff" if len(players) == 1 else f"the payoffs of {', '.join(players)}"
    return (
        f"{location}: {who} fell below the floating-point range (about "
        f"{sys.float_info.min:.2g}) and became 0 or imprecise at some profiles, so "
        "equilibria may be missed or wrong and the list is not certified complete; "
        "rescale the formula"
        + (", or solve with exact=True (--exact) if it has no exp, log or sqrt" if exact else "")
    )


def lost_in_float(text: str) -> bool:
    """Whether the number written as ``text`` is not zero but its float is 0 or subnormal
    (``1e-400`` reads as 0.0, ``1e-310`` with few digits left): a silent change of the
    value the user wrote.

    Examples
    --------
    >>> lost_in_float("1e-400"), lost_in_float("1e-310"), lost_in_float("0.0"), lost_in_float("2e-300")
    (True, True, False, False)
    """
    from decimal import Decimal, InvalidOperation

    try:
        value = float(text)
        exact = Decimal(text.strip().replace("_", ""))
    except (ValueError, InvalidOperation):
        return False
    return abs(value) < sys.float_info.min and exact != 0


#: Parameter values (and constants) between these magnitudes, or zero, let
#: :func:`underflow_screen` rule an underflow out.
SCREEN_FLOOR, SCREEN_CEILING = 1e-6, 1e6


def _bounds(expr: Any, parameters: frozenset[Any]) -> tuple[float, float] | None:
    """Bounds ``(low, high)`` on the magnitude of every nonzero intermediate value of
    ``expr`` when each parameter is zero or between :data:`SCREEN_FLOOR` and
    :data:`SCREEN_CEILING` in magnitude and every other symbol (a strategy indicator)
    is 0 or 1; None where none are known (exp, log, a fractional power)."""
    import sympy

    if expr.is_Symbol:
        return (SCREEN_FLOOR, SCREEN_CEILING) if expr in parameters else (1.0, 1.0)
    if expr.is_Number:
        value = abs(float(expr))
        if value == 0:
            return (1.0, 1.0)
        return (value, value) if SCREEN_FLOOR <= value <= SCREEN_CEILING else None
    if isinstance(expr, sympy.Pow):
        k = expr.exp
        base = _bounds(expr.base, parameters)
        if base is None or not k.is_Integer:
            return None
        n = abs(int(k))
        low, high = min(base[0], 1.0) ** n, max(base[1], 1.0) ** n
        return (low, high) if int(k) > 0 else (1.0 / high, 1.0 / low)
    if expr.is_Function and not isinstance(expr, (sympy.Min, sympy.Max, sympy.Abs)):
        return None  # exp, log, and anything else
    args = expr.args
    if isinstance(expr, sympy.Piecewise):
        args = tuple(a for pair in args for a in pair)
    bounds = []
    for a in args:
        if a in (sympy.true, sympy.false):
            continue
        b = _bounds(a, parameters)
        if b is None:
            return None
        bounds.append(b)
    if not bounds:
        return (1.0, 1.0)
    if isinstance(expr, sympy.Mul):
        low = high = 1.0
        for b in bounds:  # every partial product too: factors above 1 do not help
            low *= min(b[0], 1.0)
            high *= max(b[1], 1.0)
        return (low, high)
    # a sum (or a comparison, min, max, abs): a nonzero difference of floats is at
    # least half a unit in the last place of the smaller one
    return (min(b[0] for b in bounds) * 2.0**-53, sum(b[1] for b in bounds))


def underflow_screen(expr: Any, parameters: Sequence[Any]) -> tuple[int, ...] | None:
    """Whether ``expr`` can be shown free of underflow from its structure: None if not,
    else the positions (in ``parameters``) of the parameters it uses, which must then be
    zero or between :data:`SCREEN_FLOOR` and :data:`SCREEN_CEILING` in magnitude
    (:func:`screened`).

    Examples
    --------
    >>> import sympy
    >>> p, q, a = sympy.symbols("p q a")
    >>> underflow_screen(a * (p * q - 2 * p) / (p + q) + 3, [p, q])
    (0, 1)
    >>> underflow_screen(a * sympy.exp(-800 * p), [p, q]) is None
    True
    """
    names = frozenset(parameters)
    bounds = _bounds(expr, names)
    if bounds is None or not bounds[0] > sys.float_info.min * 2**10:
        return None
    used = expr.free_symbols & names
    return tuple(j for j, s in enumerate(parameters) if s in used)


def screened(values: np.ndarray, positions: tuple[int, ...] | None) -> bool:
    """Whether the screen of :func:`underflow_screen` (``positions``) rules an underflow
    out at the parameter ``values``."""
    if positions is None:
        return False
    used = np.abs(np.asarray(values, dtype=float).ravel()[list(positions)])
    return bool(((used == 0) | ((used >= SCREEN_FLOOR) & (used <= SCREEN_CEILING))).all())
