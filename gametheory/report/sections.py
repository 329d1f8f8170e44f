"""The report document: frozen dataclasses, one per section, built once from typed results.

A :class:`~gametheory.report.Report` holds one value of each section type below;
the builders (:mod:`~gametheory.report.build`, :mod:`~gametheory.report.outcomes`,
:mod:`~gametheory.report.analyses`, :mod:`~gametheory.report.calibration`) make
them, and the renderers (Jinja templates for HTML, Markdown and LaTeX) only read
them. Every section turns into the JSON of ``results.json`` with :func:`to_data`.

Which equilibria a section speaks of is part of the document:
:class:`Followed` says whether the report follows the unique equilibrium, the set
of pure equilibria, the one a named selection rule picks, or a sequential model's
subgame-perfect path.

A new kind of model adds a section without touching the renderers: a
:class:`PartsSection` (a title and :class:`Part` values, each with an intro,
tables, a figure and a note) goes into ``Report.extra`` and every format shows it.

Examples
--------
>>> t = Table(columns=("a", "b"), rows=(("x", 1.0),))
>>> to_data(Part(key="k", title="K", table=t))["table"]
{'columns': ['a', 'b'], 'rows': [['x', 1.0]]}
>>> to_data(Followed(kind="unique", reason="the game has one equilibrium"))
{'kind': 'unique', 'reason': 'the game has one equilibrium', 'rule': None}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

__all__ = [
    "Cell",
    "Choice",
    "Table",
    "ProfileTable",
    "Part",
    "CalibrationPart",
    "PartsSection",
    "Outcome",
    "Robustness",
    "Threshold",
    "Summary",
    "Strategy",
    "PlayerInfo",
    "PlayerGroup",
    "ParameterRow",
    "ParameterBlock",
    "SourceNote",
    "PayoffFormula",
    "ModelSection",
    "MethodInfo",
    "EquilibriumRow",
    "PayoffMatrix",
    "Followed",
    "SimultaneousEquilibria",
    "PathEquilibrium",
    "PlanRow",
    "Plan",
    "ThreatOutcome",
    "Threats",
    "SequentialEquilibria",
    "EquilibriaSection",
    "ThresholdSummary",
    "SensitivitySection",
    "Reproducibility",
    "to_data",
]

#: One table cell: text or a number (None shows as an en dash).
Cell: TypeAlias = str | int | float | None
#: A player's choice in a profile: a strategy, or a mixture ``{strategy: probability}``.
Choice: TypeAlias = str | Mapping[str, float]

_OMIT = {"omit_none": True}  # field metadata: left out of the JSON when None (or empty)


def _omit(default: Any = None) -> Any:
    return field(default=default, metadata=_OMIT)


def to_data(value: Any) -> Any:
    """JSON-ready data (dicts, lists, str, numbers) of a section or any value in one.

    Fields marked as optional are left out when they hold None or nothing, so
    that ``results.json`` lists only what the report has.
    """
    if isinstance(value, SensitivitySection) and value.skipped is not None:
        return {"skipped": value.skipped}  # nothing else was computed
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if f.metadata.get("internal"):
                continue
            v = getattr(value, f.name)
            if f.metadata.get("omit_none") and (v is None or v == () or v == {}):
                continue
            out[f.name] = to_data(v)
        return out
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    return value


# ----------------------------------------------------------------- generic parts
@dataclass(frozen=True)
class Table:
    """A table: column headers and rows of cells (numbers stay numbers until rendered)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str | None = _omit()


@dataclass(frozen=True)
class ProfileTable(Table):
    """One row per pure profile of a game; ``equilibrium_rows`` index its pure equilibria."""

    equilibrium_rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class Part:
    """One analysis or topic of a section: intro, figure (by name), tables and a note.

    ``available`` is False when the analysis could not run; ``note`` then says why.
    """

    key: str
    title: str
    intro: str = ""
    available: bool = True
    note: str | None = None
    table: Table | None = None
    figure: str | None = None
    extra_tables: tuple[Table, ...] = _omit(())


@dataclass(frozen=True)
class CalibrationPart(Part):
    """The calibration run's part, with its numbers for ``results.json``."""

    consistent_share: float = 0.0
    consistent_ci: tuple[float, float] = (0.0, 0.0)
    n_samples: int = 0
    n_consistent: int = 0


@dataclass(frozen=True)
class PartsSection:
    """A section made of parts (calibration and back-tests; any section a new model kind adds).

    ``key`` names it in ``results.json`` and in the HTML page's anchors.
    """

    key: str = field(metadata={"internal": True})
    title: str
    parts: tuple[Part, ...]


# ----------------------------------------------------------------------- summary
@dataclass(frozen=True)
class Outcome:
    """The outcome the report follows: one profile, or (``set``) the labels of a set."""

    label: str = ""
    profile: Mapping[str, Choice] = field(default_factory=dict)
    payoffs: Mapping[str, float] = field(default_factory=dict)
    regret: float | None = _omit()
    set: tuple[str, ...] | None = _omit()


@dataclass(frozen=True)
class Robustness:
    """The share of Monte Carlo draws in which the followed outcome holds."""

    share: float | None
    ci: tuple[float | None, float | None]
    samples: int
    level: float
    outcome: str
    full_share: float | None
    full_ci: tuple[float | None, float | None]
    full_outcome: str | None


@dataclass(frozen=True)
class Threshold:
    """A parameter value at which the followed outcome changes (one parameter at a time)."""

    parameter: str
    base: float
    threshold: float
    direction: str | None
    relative_margin: float | None
    change: str
    #: for the first mover's own choice: the player whose choice changes
    player: str | None = _omit()


@dataclass(frozen=True)
class Summary:
    """Section 1: the outcome in words, its robustness and the nearest thresholds."""

    paragraph: str
    outcome: Outcome | None
    robustness: Robustness | None
    closest_thresholds: tuple[Threshold, ...]
    closest_key_threshold: Threshold | None


# ------------------------------------------------------------------------- model
@dataclass(frozen=True)
class Strategy:
    label: str
    meaning: str


@dataclass(frozen=True)
class PlayerInfo:
    id: str
    name: str
    role: str | None
    role_name: str | None
    strategies: tuple[Strategy, ...]


@dataclass(frozen=True)
class PlayerGroup:
    """Players shown together: the members of one role, or one player alone."""

    role: str | None
    role_name: str | None
    players: tuple[PlayerInfo, ...]
    strategies: tuple[Strategy, ...]


@dataclass(frozen=True)
class SourceNote:
    """Where a value comes from: ``"quote"`` (with quotes) or ``"judgement"`` (with the note)."""

    source: Literal["quote", "judgement"]
    quotes: tuple[str, ...]
    judgement: str | None


@dataclass(frozen=True)
class ParameterRow:
    name: str
    group: str | None
    index: str | None
    value: float
    low: float
    high: float
    unit: str
    meaning: str
    source: Literal["quote", "judgement"]
    quotes: tuple[str, ...]
    judgement: str | None
    #: its source is the one printed once for its group (display only)
    same_source: bool = field(default=False, metadata={"internal": True})


@dataclass(frozen=True)
class ParameterBlock:
    """Parameters for display: the entries of one indexed parameter under one header.

    ``source`` is the source most entries share (printed once), or None.
    """

    group: str | None
    rows: tuple[ParameterRow, ...]
    meaning: str | None = None
    unit: str | None = None
    source: SourceNote | None = None

    @property
    def grouped(self) -> bool:
        """Shown under a header (an indexed parameter with several entries)."""
        return bool(self.group) and len(self.rows) > 1


@dataclass(frozen=True)
class PayoffFormula:
    """One payoff formula (one per player, or per role: shown once for its members)."""

    players: tuple[str, ...]
    role: str | None
    role_name: str | None
    shown_for: str
    latex: str | None
    mathml: str | None
    text: str | None
    source: str | None
    note: str | None


@dataclass(frozen=True)
class ModelSection:
    """Section 2: players, parameters with their sources, payoff formulas."""

    id: str
    title: str
    description: str
    form: str
    source: str
    path: str
    sha256: str
    players: tuple[PlayerInfo, ...]
    parameters: tuple[ParameterRow, ...]
    parameter_counts: Mapping[str, int]
    payoffs: tuple[PayoffFormula, ...]
    #: the example in the formula legend, in the model's own words: ``{"player", "strategy"}``
    indicator: Mapping[str, str]
    groups: tuple[PlayerGroup, ...] = field(default=(), metadata={"internal": True})
    blocks: tuple[ParameterBlock, ...] = field(default=(), metadata={"internal": True})

    @property
    def names(self) -> dict[str, str]:
        """Player id -> name."""
        return {p.id: p.name for p in self.players}

    @property
    def meanings(self) -> dict[str, dict[str, str]]:
        """Player id -> strategy -> meaning."""
        return {p.id: {s.label: s.meaning for s in p.strategies} for p in self.players}


# -------------------------------------------------------------------- equilibria
@dataclass(frozen=True)
class MethodInfo:
    """How a result was computed (``exact`` and ``complete`` for equilibrium searches)."""

    what: str
    method: str
    options: Mapping[str, Any]
    exact: bool | None = _omit()
    complete: bool | None = _omit()


@dataclass(frozen=True)
class EquilibriumRow:
    index: int
    label: str
    pure: bool
    profile: Mapping[str, Choice]
    payoffs: Mapping[str, float]
    regret: float
    properties: Mapping[str, Any]


@dataclass(frozen=True)
class PayoffMatrix:
    """A two-player game's bimatrix; ``equilibrium_cells`` are ``(row, column)`` of pure equilibria."""

    row_player: str
    col_player: str
    row_strategies: tuple[str, ...]
    col_strategies: tuple[str, ...]
    cells: tuple[tuple[tuple[float, float], ...], ...]
    equilibrium_cells: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Followed:
    """Which equilibria the report speaks of, and why (issue 10's selection rule).

    ``kind``: ``"unique"``, ``"none"``, ``"set"`` (the set of pure equilibria, ``labels``),
    ``"selection"`` (the one ``rule`` picks, ``label``) or ``"path"`` (backward
    induction with the model's stage rule ``rule``).
    """

    kind: Literal["unique", "none", "set", "selection", "path"]
    reason: str
    rule: str | None = None
    labels: tuple[str, ...] | None = _omit()
    label: str | None = _omit()


@dataclass(frozen=True)
class SimultaneousEquilibria:
    """Section 3 for a simultaneous game (or a game tree): payoffs, every equilibrium, the
    followed outcome."""

    players: tuple[str, ...]
    method_info: MethodInfo
    equilibria: tuple[EquilibriumRow, ...]
    warnings: tuple[str, ...]
    outcome: Outcome | None
    followed: Followed
    properties_note: str | None = None
    matrix: PayoffMatrix | None = _omit()
    table: ProfileTable | None = _omit()
    table_note: str | None = _omit()
    #: ``"tree"``: a game tree's subgame-perfect equilibria, listed like a simultaneous
    #: game's (each profile: actions on the path, then at every information set)
    form: Literal["simultaneous", "tree"] = "simultaneous"


@dataclass(frozen=True)
class PathEquilibrium:
    index: int
    profile: Mapping[str, str]
    payoffs: Mapping[str, float]
    regret: float
    selected: bool


@dataclass(frozen=True)
class PlanRow:
    option: str
    meaning: str
    status: str
    actions: Mapping[str, str]
    payoffs: Mapping[str, float]
    n_equilibria: int
    chosen: bool

    @property
    def shown(self) -> str:
        """The option, marked when it is the one chosen on the path."""
        return self.option + (" (chosen)" if self.chosen else "")


@dataclass(frozen=True)
class Plan:
    """What follows each option of the first mover: one row per option."""

    player: str
    chosen: str | None
    players: tuple[str, ...]
    payoff_players: tuple[str, ...]
    rows: tuple[PlanRow, ...]

    def action_table(self) -> Table:
        """Option x later movers: each player's action (or the branch's status)."""
        return Table(
            columns=(f"{self.player} option", *self.players, "stage equilibria"),
            rows=tuple(
                (
                    r.shown,
                    *[
                        r.actions.get(p, r.status if r.status != "ok" else "–")
                        for p in self.players
                    ],
                    r.n_equilibria,
                )
                for r in self.rows
            ),
        )

    def payoff_table(self) -> Table:
        """Option x players: each player's payoff."""
        return Table(
            columns=(f"{self.player} option", *[f"{p} payoff" for p in self.payoff_players]),
            rows=tuple(
                (r.shown, *[r.payoffs.get(p) for p in self.payoff_players]) for r in self.rows
            ),
        )


@dataclass(frozen=True)
class ThreatOutcome:
    outcome: str
    path: Mapping[str, str]
    payoffs: Mapping[str, float]
    threats: tuple[str, ...]


@dataclass(frozen=True)
class Threats:
    """Nash outcomes that rest on non-credible threats (sequential models)."""

    available: bool
    note: str
    count: int | None = _omit()
    method: str | None = _omit()
    outcomes: tuple[ThreatOutcome, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SequentialEquilibria:
    """Section 3 for a sequential model: the subgame-perfect path, the plan, threats."""

    method_info: MethodInfo
    warnings: tuple[str, ...]
    stages: tuple[tuple[str, ...], ...]
    outcome: Outcome | None
    path_equilibria: tuple[PathEquilibrium, ...]
    followed: Followed
    plan: Plan | None = _omit()
    #: the plan as two tables: each later mover's action, and each player's payoff
    plan_table: Table | None = _omit()
    payoff_table: Table | None = _omit()
    threats: Threats | None = _omit()
    form: Literal["sequential"] = "sequential"


EquilibriaSection: TypeAlias = SimultaneousEquilibria | SequentialEquilibria


# ------------------------------------------------------------------- sensitivity
@dataclass(frozen=True)
class ThresholdSummary:
    count: int = 0
    no_change: int = 0
    closest: tuple[Threshold, ...] = ()
    note: str | None = None
    closest_key: Threshold | None = _omit()


@dataclass(frozen=True)
class SensitivitySection:
    """Section 4: thresholds, tornado, region map, Monte Carlo and Sobol parts.

    ``skipped`` says why the analyses did not run (then everything else is empty).
    """

    parts: tuple[Part, ...] = ()
    thresholds: ThresholdSummary = field(default_factory=ThresholdSummary)
    robustness: Robustness | None = None
    robustness_note: str | None = _omit()
    methods: tuple[MethodInfo, ...] = ()
    base_outcome: str | None = None
    declared_outcome: str | None = None
    selection: str | None = None
    skipped: str | None = _omit()


# --------------------------------------------------------------- reproducibility
@dataclass(frozen=True)
class Reproducibility:
    """Section 5: what regenerates the report (command, seed, versions, methods)."""

    versions: Mapping[str, str]
    model_path: str
    model_sha256: str
    parameter_changes: Mapping[str, float]
    seed: int | None
    samples: int
    reproducible: bool
    methods: tuple[MethodInfo, ...]
    command: str
    note: str | None
