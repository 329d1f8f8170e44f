"""Typed parameter spaces: which parameters vary, over what ranges, with what distribution.

A :class:`ParameterSpace` is built from a model (:meth:`ParameterSpace.from_model`):
every parameter whose range in the model file is not a single point varies over
that range, uniformly by default. Spaces are immutable; :meth:`~ParameterSpace.narrow`,
:meth:`~ParameterSpace.widen`, :meth:`~ParameterSpace.with_distribution`,
:meth:`~ParameterSpace.add` and :meth:`~ParameterSpace.select` return new ones.

Samplers work in the unit hypercube; :meth:`ParameterSpace.transform` maps unit
draws to parameter values through each dimension's quantile function, so every
sampling design (grid, Monte Carlo, Sobol, Morris) respects the distributions.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..suggest import hint as suggest_hint
from .errors import SensitivityError

__all__ = ["Dimension", "ParameterSpace", "DISTRIBUTIONS"]

#: Distributions a dimension may have.
DISTRIBUTIONS = ("uniform", "triangular", "normal")


def _suggest(name: str, known: Iterable[str]) -> str:
    return suggest_hint(name, known)


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool):
        raise SensitivityError(f"{what} must be a number, got {value!r}")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise SensitivityError(f"{what} must be a number, got {value!r}") from None
    if not math.isfinite(x):
        raise SensitivityError(f"{what} must be a finite number, got {value!r}")
    return x


@dataclass(frozen=True)
class Dimension:
    """One varying parameter.

    Attributes
    ----------
    name : str
        The model's parameter name (``trade_dep.AUS``).
    low, high : float
        The range (``low < high``).
    base : float
        The value at the base point (the model's value, clipped into the range).
    distribution : {"uniform", "triangular", "normal"}
        ``triangular`` peaks at ``mode`` (default ``base``); ``normal`` is centred on
        ``base`` with standard deviation ``sd`` (default a quarter of the range) and
        truncated to ``[low, high]``.
    mode, sd : float or None
    unit : str
    """

    name: str
    low: float
    high: float
    base: float
    distribution: str = "uniform"
    mode: float | None = None
    sd: float | None = None
    unit: str = ""

    def __post_init__(self) -> None:
        if not (self.low < self.high):
            kind = "empty" if self.low == self.high else "inverted"
            raise SensitivityError(
                f"parameter {self.name!r}: {kind} range [{self.low:g}, {self.high:g}] "
                "(low must be below high)"
            )
        if not math.isfinite(self.high - self.low):
            raise SensitivityError(
                f"parameter {self.name!r}: range [{self.low:g}, {self.high:g}] is wider than "
                "floating point holds (high - low overflows to infinity); narrow it"
            )
        if self.distribution not in DISTRIBUTIONS:
            raise SensitivityError(
                f"parameter {self.name!r}: unknown distribution {self.distribution!r}; "
                f"use one of {', '.join(DISTRIBUTIONS)}"
            )
        if self.mode is not None and not (self.low <= self.mode <= self.high):
            raise SensitivityError(
                f"parameter {self.name!r}: triangular mode {self.mode:g} is outside "
                f"[{self.low:g}, {self.high:g}]"
            )
        if self.sd is not None and not self.sd > 0:
            raise SensitivityError(f"parameter {self.name!r}: sd must be positive, got {self.sd}")

    @property
    def width(self) -> float:
        return self.high - self.low

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Map unit draws ``u`` in [0, 1] to values of this parameter (quantile function)."""
        u = np.asarray(u, dtype=float)
        if self.distribution == "uniform":
            return self.low + u * self.width
        if self.distribution == "triangular":
            c = ((self.base if self.mode is None else self.mode) - self.low) / self.width
            from scipy.stats import triang

            return triang.ppf(u, c, loc=self.low, scale=self.width)
        from scipy.stats import truncnorm

        sd = self.sd if self.sd is not None else self.width / 4
        a, b = (self.low - self.base) / sd, (self.high - self.base) / sd
        return np.clip(truncnorm.ppf(u, a, b, loc=self.base, scale=sd), self.low, self.high)

    def describe(self) -> str:
        extra = ""
        if self.distribution == "triangular":
            extra = f", mode {self.base if self.mode is None else self.mode:g}"
        elif self.distribution == "normal":
            extra = f", sd {self.sd if self.sd is not None else self.width / 4:g}"
        return (
            f"{self.name} in [{self.low:g}, {self.high:g}] (base {self.base:g}, "
            f"{self.distribution}{extra})"
        )


@dataclass(frozen=True, init=False)
class ParameterSpace:
    """The parameters that vary in an analysis, in a fixed order.

    Parameters
    ----------
    dimensions : sequence of Dimension
    known : sequence of str, optional
        Every parameter name of the model (for error messages and :meth:`add`).
    base_values : mapping, optional
        The model's value of every parameter (fixed parameters stay there).

    Examples
    --------
    >>> space = ParameterSpace([Dimension("a", 0.0, 1.0, 0.5), Dimension("b", 1.0, 3.0, 2.0)])
    >>> space.names, space.bounds.tolist()
    (('a', 'b'), [[0.0, 1.0], [1.0, 3.0]])
    >>> space.narrow("b", high=2.5).bounds[1].tolist()
    [1.0, 2.5]
    >>> space.narrow("c", low=0)
    Traceback (most recent call last):
    ...
    gametheory.sensitivity.errors.SensitivityError: unknown parameter 'c' (varying: a, b)
    """

    dimensions: tuple[Dimension, ...]
    known: tuple[str, ...]
    base_values: Mapping[str, float]

    def __init__(
        self,
        dimensions: Sequence[Dimension],
        *,
        known: Sequence[str] | None = None,
        base_values: Mapping[str, float] | None = None,
    ) -> None:
        dims = tuple(dimensions)
        names = [d.name for d in dims]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise SensitivityError(f"parameter {sorted(dup)[0]!r} appears twice in the space")
        if not dims:
            raise SensitivityError("the parameter space is empty: no parameter has a range")
        base = dict(base_values or {})
        for d in dims:
            base.setdefault(d.name, d.base)
        object.__setattr__(self, "dimensions", dims)
        object.__setattr__(self, "known", tuple(known) if known is not None else tuple(names))
        object.__setattr__(self, "base_values", base)

    # ------------------------------------------------------------------ building
    @classmethod
    def from_model(cls, model: Any, *, params: Sequence[str] | None = None) -> ParameterSpace:
        """The space of a model's parameters over the ranges in its file.

        Parameters whose range is a single point are held at their value unless
        named in ``params`` (which then raises, since they cannot vary).
        """
        names = tuple(model.parameter_names)
        base = {n: float(model.parameters[n].value) for n in names}
        wanted = names if params is None else tuple(params)
        dims = []
        for n in wanted:
            if n not in model.parameters:
                raise SensitivityError(f"unknown parameter {n!r}{_suggest(n, names)}")
            p = model.parameters[n]
            low, high = float(p.low), float(p.high)
            if params is None and low == high:
                continue
            dims.append(
                Dimension(
                    n,
                    low,
                    high,
                    min(max(base[n], low), high),
                    unit=str(getattr(p, "unit", "") or ""),
                )
            )
        return cls(dims, known=names, base_values=base)

    def _index(self, name: str) -> int:
        for i, d in enumerate(self.dimensions):
            if d.name == name:
                return i
        hint = _suggest(name, self.known)
        varying = ", ".join(self.names[:8]) + (", ..." if len(self.names) > 8 else "")
        if name in self.known:
            raise SensitivityError(
                f"parameter {name!r} does not vary in this space (varying: "
                f"{varying}); add it with .add()"
            )
        raise SensitivityError(f"unknown parameter {name!r}{hint} (varying: {varying})")

    def _replace_dim(self, i: int, dim: Dimension) -> ParameterSpace:
        dims = list(self.dimensions)
        dims[i] = dim
        return ParameterSpace(dims, known=self.known, base_values=self.base_values)

    def narrow(self, name: str, *, low: Any = None, high: Any = None) -> ParameterSpace:
        """A space with ``name``'s range shrunk to ``[low, high]`` (inside the old one)."""
        i = self._index(name)
        d = self.dimensions[i]
        lo = d.low if low is None else _number(low, f"low of {name!r}")
        hi = d.high if high is None else _number(high, f"high of {name!r}")
        if lo < d.low or hi > d.high:
            raise SensitivityError(
                f"parameter {name!r}: narrow to [{lo:g}, {hi:g}] is not inside the current "
                f"range [{d.low:g}, {d.high:g}]; use widen()"
            )
        return self._replace_dim(i, replace(d, low=lo, high=hi, base=min(max(d.base, lo), hi)))

    def widen(self, name: str, *, low: Any = None, high: Any = None) -> ParameterSpace:
        """A space with ``name``'s range grown to ``[low, high]`` (containing the old one)."""
        i = self._index(name)
        d = self.dimensions[i]
        lo = d.low if low is None else _number(low, f"low of {name!r}")
        hi = d.high if high is None else _number(high, f"high of {name!r}")
        if lo > d.low or hi < d.high:
            raise SensitivityError(
                f"parameter {name!r}: widen to [{lo:g}, {hi:g}] does not contain the current "
                f"range [{d.low:g}, {d.high:g}]; use narrow()"
            )
        return self._replace_dim(i, replace(d, low=lo, high=hi))

    def with_range(self, name: str, low: Any, high: Any) -> ParameterSpace:
        """A space with ``name`` varying over exactly ``[low, high]``."""
        i = self._index(name)
        d = self.dimensions[i]
        lo, hi = _number(low, f"low of {name!r}"), _number(high, f"high of {name!r}")
        return self._replace_dim(i, replace(d, low=lo, high=hi, base=min(max(d.base, lo), hi)))

    def with_distribution(
        self, name: str, distribution: str, *, mode: Any = None, sd: Any = None
    ) -> ParameterSpace:
        """A space in which ``name`` follows ``distribution`` (see :class:`Dimension`)."""
        i = self._index(name)
        d = self.dimensions[i]
        return self._replace_dim(
            i,
            replace(
                d,
                distribution=distribution,
                mode=None if mode is None else _number(mode, f"mode of {name!r}"),
                sd=None if sd is None else _number(sd, f"sd of {name!r}"),
            ),
        )

    def add(
        self, name: str, low: Any, high: Any, *, base: Any = None, distribution: str = "uniform"
    ) -> ParameterSpace:
        """A space in which ``name`` (a model parameter held fixed so far) varies too."""
        if name in self.names:
            raise SensitivityError(f"parameter {name!r} already varies; use narrow() or widen()")
        if name not in self.known:
            raise SensitivityError(f"unknown parameter {name!r}{_suggest(name, self.known)}")
        lo, hi = _number(low, f"low of {name!r}"), _number(high, f"high of {name!r}")
        b = self.base_values.get(name, (lo + hi) / 2) if base is None else _number(base, name)
        dim = Dimension(name, lo, hi, min(max(float(b), lo), hi), distribution=distribution)
        return ParameterSpace(
            [*self.dimensions, dim], known=self.known, base_values=self.base_values
        )

    def select(self, names: Sequence[str]) -> ParameterSpace:
        """A space varying only ``names`` (in that order)."""
        return ParameterSpace(
            [self.dimensions[self._index(n)] for n in names],
            known=self.known,
            base_values=self.base_values,
        )

    # ------------------------------------------------------------------ reading
    @property
    def names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.dimensions)

    def __len__(self) -> int:
        return len(self.dimensions)

    def __getitem__(self, name: str) -> Dimension:
        return self.dimensions[self._index(name)]

    def __contains__(self, name: object) -> bool:
        return name in self.names

    @property
    def bounds(self) -> np.ndarray:
        """``(k, 2)`` array of ``[low, high]`` per dimension."""
        return np.array([[d.low, d.high] for d in self.dimensions], dtype=float)

    @property
    def base(self) -> np.ndarray:
        """The base point, one value per dimension."""
        return np.array([d.base for d in self.dimensions], dtype=float)

    def transform(self, unit: np.ndarray) -> np.ndarray:
        """Map unit-hypercube draws ``(n, k)`` to parameter values ``(n, k)``."""
        unit = np.asarray(unit, dtype=float)
        if unit.ndim != 2 or unit.shape[1] != len(self):
            raise SensitivityError(f"expected draws of shape (n, {len(self)}), got {unit.shape}")
        return np.column_stack([d.ppf(unit[:, i]) for i, d in enumerate(self.dimensions)])

    def full_values(self, values: np.ndarray, order: Sequence[str]) -> np.ndarray:
        """Expand ``(n, k)`` values of this space to ``(n, len(order))`` for a model.

        Parameters not in the space take their base value.
        """
        values = np.asarray(values, dtype=float)
        out = np.empty((values.shape[0], len(order)), dtype=float)
        pos = {n: i for i, n in enumerate(self.names)}
        for j, n in enumerate(order):
            if n in pos:
                out[:, j] = values[:, pos[n]]
            elif n in self.base_values:
                out[:, j] = self.base_values[n]
            else:
                raise SensitivityError(f"no value for model parameter {n!r} in the space")
        for n in self.names:
            if n not in order:
                raise SensitivityError(f"parameter {n!r} is not a parameter of the model")
        return out

    def fingerprint(self) -> str:
        """A short hash of the dimensions and base values (used to match saved runs)."""
        data = {
            "dims": [d.__dict__ for d in self.dimensions],
            "base": sorted((k, float(v)) for k, v in self.base_values.items()),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "parameter": d.name,
                    "low": d.low,
                    "base": d.base,
                    "high": d.high,
                    "distribution": d.distribution,
                    "unit": d.unit,
                }
                for d in self.dimensions
            ]
        )

    def __repr__(self) -> str:
        shown = ", ".join(d.name for d in self.dimensions[:5])
        more = f", ... ({len(self)} in all)" if len(self) > 5 else ""
        return f"<ParameterSpace {shown}{more}>"

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False)
