"""A calibrated base point: a point of the consistent region chosen by a stated rule.

:func:`~gametheory.sensitivity.calibration.calibrate` finds the draws of the
plausible space where every fact holds. :func:`choose_point` picks one of them by a
named rule, so that the values a model is solved at are not tuned by hand:

``median``
    The consistent draw nearest, in range-normalised Euclidean distance (every
    parameter's range scaled to [0, 1]), to the componentwise median of all the
    consistent draws: a central point of the region.
``nearest-base``
    The consistent draw nearest, in the same distance, to the model's current base
    values: the smallest move from the documented judgements into the region.

Ties go to the earlier draw, so the point depends only on the design (its seed).
:func:`propose_base` then solves the model at the point, checks every fact there
again, and returns a :class:`ProposedBase`; its :meth:`~ProposedBase.to_toml` is a
``[scenarios.NAME]`` table (values written exactly, ``repr`` of each float) to paste
into the model file, and :meth:`~ProposedBase.apply` the model at the point.

Examples
--------
>>> import numpy as np
>>> unit = np.array([[0.1, 0.9], [0.5, 0.5], [0.6, 0.4], [0.9, 0.1]])
>>> consistent = np.array([True, True, True, False])
>>> int(choose_point(unit, consistent, rule="median"))
1
>>> int(choose_point(unit, consistent, rule="nearest-base", base=np.array([0.7, 0.3])))
2
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import SensitivityError

__all__ = ["POINT_RULES", "ProposedBase", "choose_point", "propose_base"]

#: The rules :func:`choose_point` knows, with the sentence that states each.
POINT_RULES: dict[str, str] = {
    "median": (
        "the consistent draw nearest, in range-normalised Euclidean distance, to the "
        "componentwise median of all consistent draws"
    ),
    "nearest-base": (
        "the consistent draw nearest, in range-normalised Euclidean distance, to the "
        "model's base values"
    ),
}


def _check_rule(rule: str) -> None:
    if rule not in POINT_RULES:
        raise SensitivityError(
            f"unknown calibrated-point rule {rule!r} (known: {', '.join(POINT_RULES)})"
        )


def choose_point(
    unit: np.ndarray, consistent: np.ndarray, /, *, rule: str, base: np.ndarray | None = None
) -> int | None:
    """Index (into all draws) of the draw the rule picks, or None without consistent draws.

    Parameters
    ----------
    unit : ndarray (n, k)
        The draws in range-normalised coordinates (each range mapped to [0, 1]).
    consistent : ndarray (n,) of bool
        Where every fact holds.
    rule : {"median", "nearest-base"}
        See the module docstring.
    base : ndarray (k,), optional
        The base values in the same coordinates (``nearest-base`` needs it).
    """
    _check_rule(rule)
    unit = np.asarray(unit, dtype=float)
    idx = np.flatnonzero(np.asarray(consistent, dtype=bool))
    if not len(idx):
        return None
    u = unit[idx]
    if rule == "median":
        target = np.median(u, axis=0)
    else:
        if base is None:
            raise SensitivityError("rule 'nearest-base' needs the base values")
        target = np.asarray(base, dtype=float)
    return int(idx[int(np.argmin(((u - target) ** 2).sum(axis=1)))])


@dataclass(frozen=True)
class ProposedBase:
    """A calibrated point, checked against the facts.

    Attributes
    ----------
    values : dict of str to float
        Every varied parameter's value at the point.
    rule : str
        The rule's name; ``statement`` says it in words.
    statement : str
    draw : int
        Index of the draw in the design.
    distance_to_base : float
        Range-normalised Euclidean distance from the model's base values.
    holds : dict of str to bool
        Each fact, checked again at the point (all True by construction).
    changed : dict of str to (float, float)
        Parameters whose value differs from the base: ``name -> (base, point)``.
    """

    values: dict[str, float]
    rule: str
    statement: str
    draw: int
    distance_to_base: float
    holds: dict[str, bool] = field(default_factory=dict)
    changed: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def all_facts_hold(self) -> bool:
        return all(self.holds.values())

    def apply(self, model: Any) -> Any:
        """The model with the point's values."""
        return model.with_params(self.values)

    def to_toml(self, *, name: str = "calibrated", command: str = "") -> str:
        """A ``[scenarios.NAME]`` table holding the point, with its rule and command."""

        def text(s: str) -> str:
            return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

        how = f" Reproduce: {command}." if command else ""
        lines = [
            f"[scenarios.{name}]",
            "description = "
            + text(
                f"The calibrated point: {self.statement} (draw {self.draw}; every fact holds there)"
            ),
            "judgement = "
            + text(
                f"Chosen by rule '{self.rule}', not by hand; range-normalised distance "
                f"from the base values {self.distance_to_base:.3f}; {len(self.changed)} "
                f"parameters differ from base.{how}"
            ),
            "",
            f"[scenarios.{name}.values]",
            *(f"{text(k)} = {float(v)!r}" for k, v in self.values.items()),
        ]
        return "\n".join(lines) + "\n"


def propose_base(result: Any, model: Any, /, *, rule: str = "median") -> ProposedBase:
    """The point ``rule`` picks among ``result``'s consistent draws, checked again.

    Parameters
    ----------
    result : CalibrationResult
        From :func:`~gametheory.sensitivity.calibration.calibrate` on ``model``.
    model : Model
    rule : {"median", "nearest-base"}

    Raises
    ------
    SensitivityError
        Without consistent draws, or if a fact fails when re-checked at the point.
    """
    from ..models.facts import fact_matrix, subgame_outcomes

    _check_rule(rule)
    names = list(result.names)
    lo = np.array([model.parameters[n].low for n in names], dtype=float)
    hi = np.array([model.parameters[n].high for n in names], dtype=float)
    span = np.where(hi > lo, hi - lo, 1.0)
    unit = (result.values - lo) / span
    base_vals = np.array([model.parameters[n].value for n in names], dtype=float)
    base = (base_vals - lo) / span
    j = choose_point(unit, result.consistent, rule=rule, base=base)
    if j is None:
        raise SensitivityError(
            f"{model.id}: no draw satisfies every fact; draw more samples "
            "or review the facts (see the conflicts)"
        )
    values = {n: float(v) for n, v in zip(names, result.values[j], strict=True)}
    at = model.with_params(values)
    fits = fact_matrix(result.facts, subgame_outcomes(at, at.value_vector()[None, :]))[:, 0]
    holds = {f.id: bool(h) for f, h in zip(result.facts, fits, strict=True)}
    if not all(holds.values()):
        bad = [k for k, v in holds.items() if not v]
        raise SensitivityError(
            f"{model.id}: the calibrated point fails {', '.join(bad)} when solved again"
        )
    changed = {
        n: (float(b), values[n]) for n, b in zip(names, base_vals, strict=True) if b != values[n]
    }
    return ProposedBase(
        values=values,
        rule=rule,
        statement=POINT_RULES[rule],
        draw=j,
        distance_to_base=float(np.sqrt(((unit[j] - base) ** 2).sum())),
        holds=holds,
        changed=changed,
    )
