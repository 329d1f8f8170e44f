"""One way to make a value JSON-safe, for every ``to_dict`` and ``--json`` in the package.

:func:`json_safe` turns numbers of every kind (``bool`` aside) into JSON numbers
(floats stay floats, numpy scalars become their Python type, a ``Fraction``
becomes an ``int`` when integral and a ``float`` otherwise), a non-finite float into
``None`` (JSON has no NaN), mappings into dicts with string keys,
sequences and sets into lists, and anything else into its ``str``. The result always
passes ``json.dumps(..., allow_nan=False)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["json_number", "json_safe"]


def json_number(x: Any) -> float | int | None:
    """A JSON number: integral values (below 2**53) as ``int``, others as ``float``.

    Non-finite values become ``None``.

    Examples
    --------
    >>> json_number(Fraction(3, 1)), json_number(Fraction(1, 4)), json_number(np.float64(2.0))
    (3, 0.25, 2)
    >>> json_number(float("nan")) is None
    True
    """
    if isinstance(x, Fraction) and x.denominator == 1:
        return int(x.numerator)
    f = float(x)
    if not math.isfinite(f):
        return None
    return int(f) if f.is_integer() and abs(f) < 2**53 else f


def json_safe(value: Any, *, whole: bool = False) -> Any:
    """``value`` with only JSON types in it (see the module docstring).

    With ``whole=True`` every number goes through :func:`json_number`, so a float
    with an integral value is written as an integer (the form of a solver result's
    ``options`` and ``properties``: ``"max_time": 30``).

    Examples
    --------
    >>> json_safe({"a": (Fraction(1, 2), np.int64(3), 2.0), 2: float("inf"), "b": [np.bool_(1)]})
    {'a': [0.5, 3, 2.0], '2': None, 'b': [True]}
    >>> json_safe({"max_time": 30.0, "tol": 1e-08}, whole=True)
    {'max_time': 30, 'tol': 1e-08}
    """
    if value is None or isinstance(value, (bool, str, np.bool_)):
        return bool(value) if isinstance(value, np.bool_) else value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if whole:
            return json_number(f)
        return f if math.isfinite(f) else None
    if isinstance(value, Fraction):
        return json_number(value)
    if isinstance(value, Mapping):
        return {str(k): json_safe(v, whole=whole) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return [json_safe(v, whole=whole) for v in value]
    return str(value)
