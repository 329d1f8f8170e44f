"""The parts a model is made of: parameters, players, roles, and a validated definition.

:func:`gametheory.models.loader.read_model_definition` turns a model file's text into
a :class:`ModelDefinition`; :meth:`gametheory.models.Model.from_definition` builds the
frozen :class:`~gametheory.models.Model` (and its compiled formulas) from it. Keeping
these plain records in their own module lets the loader sit below the model class:
the model reads files through the loader, and the loader never needs the model.

Examples
--------
>>> from gametheory.models.parts import Parameter
>>> p = Parameter(name="cost", group=None, index=None, value=1.0, low=0.0, high=2.0,
...               unit="index", meaning="a cost", judgement="a guess")
>>> p.source
'judgement'
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ModelError

if TYPE_CHECKING:
    from .expr import Formula, FormulaScope

__all__ = ["Parameter", "Player", "Role", "ModelDefinition"]


@dataclass(frozen=True)
class Parameter:
    """One named number of a model, with its plausible range and its source.

    ``group`` and ``index`` are set for an entry of an indexed parameter
    (``trade_dep.AUS`` has group ``trade_dep`` and index ``AUS``).
    """

    name: str
    group: str | None
    index: str | None
    value: float
    low: float
    high: float
    unit: str
    meaning: str
    quotes: tuple[str, ...] = ()
    judgement: str | None = None

    @property
    def is_quoted(self) -> bool:
        """True when the value rests on report quotes alone (no judgement)."""
        return bool(self.quotes) and not self.judgement

    @property
    def source(self) -> str:
        """``"quote"`` or ``"judgement"``."""
        return "quote" if self.is_quoted else "judgement"


@dataclass(frozen=True)
class Player:
    """A player: id (as typed in formulas and on the CLI), display name, role, strategies."""

    id: str
    name: str
    role: str | None
    strategies: tuple[str, ...]
    meanings: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Role:
    """A group of players sharing strategies and one payoff formula."""

    id: str
    name: str
    members: tuple[str, ...]
    strategies: tuple[str, ...]
    meanings: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, eq=False)
class ModelHeader:
    """What a model file says about the model itself, shared by
    :class:`ModelDefinition` and :class:`~gametheory.models.Model` (fields in file order)."""

    id: str
    title: str
    description: str
    source: str
    path: Path | None
    sha256: str
    form: str
    players: tuple[Player, ...]
    roles: dict[str, Role]
    parameters: dict[str, Parameter]
    stages: tuple[tuple[str, ...], ...]
    selection: str

    def header_fields(self) -> dict[str, Any]:
        """The :class:`ModelHeader` fields of this object, by name."""
        return {f.name: getattr(self, f.name) for f in fields(ModelHeader)}


@dataclass(frozen=True)
class ModelDefinition(ModelHeader):
    """Everything a validated model file says, before its formulas are compiled.

    The fields are those of :class:`~gametheory.models.Model`, with the parsed payoff
    formulas (``formulas``: one per role and per player without a role) and the scope
    they were parsed in instead of the compiled model.
    """

    formulas: dict[str, Formula]
    scope: FormulaScope
    scenarios: dict[str, Any] = field(default_factory=dict)


def as_number(raw: Any, where: str) -> float:
    """``raw`` as a finite float, or a one-line :class:`ModelError` naming ``where``."""
    if isinstance(raw, (bool, np.bool_)):
        raise ModelError(f"{where}: must be a number, got {raw!r}")
    if isinstance(raw, str):
        try:
            raw = float(raw)
        except ValueError:
            raise ModelError(f"{where}: {raw!r} is not a number") from None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ModelError(f"{where}: must be a number, got {type(raw).__name__}") from None
    if not np.isfinite(value):
        raise ModelError(f"{where}: must be a finite number, got {raw!r}")
    return value
