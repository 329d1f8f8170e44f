"""Parameter values and ranges of a model: reading them and changing them.

:class:`ParameterEdits` is shared by :class:`~gametheory.models.model.Model` and
:class:`~gametheory.models.tree_model.TreeModel`: both are frozen dataclasses with
``parameters`` (name -> :class:`~gametheory.models.parts.Parameter`), ``id`` and
``path``, and both change a parameter by returning a copy.

Examples
--------
>>> import gametheory.models as gm, pathlib
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "us_china.toml")
>>> name = m.parameter_names[0]
>>> low, high = m.bounds()[0]
>>> m2 = m.with_params({name: high})
>>> m2.changed_parameters(m) == ({name: (m.parameters[name].value, high)} if high != m.parameters[name].value else {})
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, Self

import numpy as np

from ..errors import ModelError
from ..suggest import hint as _hint
from .parts import Parameter
from .parts import as_number as _as_number

__all__ = ["ParameterEdits"]


class ParameterEdits:
    """Reading and changing the parameters of a frozen model (a mixin; see the module)."""

    parameters: Mapping[str, Parameter]
    id: str
    path: Path | None

    @property
    def location(self) -> str:
        """The model file's path, or the model's id when it was not read from a file.

        Every error message about this model starts with it.
        """
        return str(self.path) if self.path is not None else self.id

    @property
    def parameter_names(self) -> tuple[str, ...]:
        """Flattened parameter names in file order (the column order of :meth:`bounds`)."""
        return tuple(self.parameters)

    @property
    def values(self) -> dict[str, float]:
        """Parameter values by flattened name."""
        return {n: p.value for n, p in self.parameters.items()}

    def value_vector(self) -> np.ndarray:
        """Parameter values as an array in :attr:`parameter_names` order."""
        return np.array([p.value for p in self.parameters.values()], dtype=float)

    def bounds(self) -> np.ndarray:
        """Array of shape ``(k, 2)``: each parameter's ``(low, high)``."""
        return np.array([(p.low, p.high) for p in self.parameters.values()], dtype=float)

    def to_frame(self) -> Any:
        """One row per parameter: value, range, unit, source and meaning."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "parameter": p.name,
                    "value": p.value,
                    "low": p.low,
                    "high": p.high,
                    "unit": p.unit,
                    "source": p.source,
                    "meaning": p.meaning,
                }
                for p in self.parameters.values()
            ]
        )

    def _param(self, name: str) -> Parameter:
        if not isinstance(name, str) or name not in self.parameters:
            raise ModelError(
                f"{self.location}: unknown parameter {name!r}"
                f"{_hint(str(name), list(self.parameters), n=3)}"
            )
        return self.parameters[name]

    def with_params(
        self, changes: Mapping[str, Any] | None = None, /, *, extend_range: bool = False, **kw: Any
    ) -> Self:
        """A new model with some parameter values changed (this one is untouched).

        Parameters
        ----------
        changes : mapping of str to number, optional
            Needed for names with a dot, such as ``{"trade_dep.KOR": 0.8}``.
        extend_range : bool
            Widen a parameter's range to include the new value instead of failing.
        **kw
            More changes by plain name.

        Raises
        ------
        ModelError
            Unknown name (close matches are suggested), a value that is not a
            number, or a value outside ``[low, high]``.
        """
        merged = {**(dict(changes) if changes else {}), **kw}
        params = dict(self.parameters)
        for name, raw in merged.items():
            p = self._param(name)
            value = _as_number(raw, f"{self.location}: {name}")
            low, high = p.low, p.high
            if not low <= value <= high:
                if not extend_range:
                    raise ModelError(
                        f"{self.location}: {name}: value {value:g} is outside its "
                        f"range [{low:g}, {high:g}] (pass extend_range=True to "
                        "widen it)"
                    )
                low, high = min(low, value), max(high, value)
            params[name] = replace(p, value=value, low=low, high=high)
        return replace(self, parameters=params)

    def with_ranges(self, ranges: Mapping[str, tuple[float, float]], /) -> Self:
        """A new model with some parameters' ``(low, high)`` ranges changed."""
        params = dict(self.parameters)
        for name, rng in ranges.items():
            p = self._param(name)
            try:
                low, high = rng
            except (TypeError, ValueError):
                raise ModelError(
                    f"{self.location}: {name}: a range must be (low, high), got {rng!r}"
                ) from None
            low = _as_number(low, f"{self.location}: {name}: low")
            high = _as_number(high, f"{self.location}: {name}: high")
            if not low <= p.value <= high:
                raise ModelError(
                    f"{self.location}: {name}: range [{low:g}, {high:g}] does not "
                    f"contain the value {p.value:g}"
                )
            params[name] = replace(p, low=low, high=high)
        return replace(self, parameters=params)

    def changed_parameters(self, base: ParameterEdits) -> dict[str, tuple[float, float]]:
        """Parameters whose value differs from ``base``: name -> (base value, value)."""
        return {
            n: (base.parameters[n].value, p.value)
            for n, p in self.parameters.items()
            if n in base.parameters and base.parameters[n].value != p.value
        }
