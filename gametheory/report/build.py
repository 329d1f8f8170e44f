"""Collect a report: call the public solver and sensitivity functions, keep their results.

:func:`build_report` computes nothing itself: it asks the model for its game and
equilibria (``model.solve``), the refinements module for equilibrium properties,
and :mod:`gametheory.report.analyses` for the sensitivity results, then arranges
what they return into the report's sections:

``summary``
    ``paragraph`` (the outcome in the reader's terms), ``outcome``, ``robustness``
    (share of Monte Carlo draws with the same outcome, with its confidence
    interval) and ``closest_thresholds``.
``model``
    ``players`` (with strategies and meanings), ``parameters`` (value, range,
    unit, meaning, and ``source`` ``"quote"`` with ``quotes`` or ``"judgement"``
    with ``judgement``), ``payoffs`` (LaTeX, MathML and text per formula).
``equilibria``
    See :mod:`gametheory.report.outcomes`.
``sensitivity``
    See :mod:`gametheory.report.analyses`.
``reproducibility``
    Versions, model hash, seed, sample size, solver methods and the command.

Each section is a frozen dataclass of :mod:`gametheory.report.sections`, built once
here from the typed results; ``report.section(name)`` gives its JSON data.

Examples
--------
>>> import pathlib, tempfile, gametheory
>>> from gametheory.models import load_model
>>> model = load_model(pathlib.Path(gametheory.__file__).parents[1] / "models" / "us_china.toml")
>>> report = build_report(model, sensitivity=False)
>>> report.section("summary")["outcome"]["profile"]
{'USA': 'hedge', 'CHN': 'hedge'}
>>> sorted(report.save(tempfile.mkdtemp()))
['html', 'json', 'md', 'tex']
"""

from __future__ import annotations

import dataclasses
import shlex
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .analyses import collect_sensitivity
from .calibration import collect_calibration
from .document import Report, parse_formats
from .formulas import collect_payoffs
from .outcomes import collect_equilibria
from .sections import (
    EquilibriaSection,
    MethodInfo,
    ModelSection,
    ParameterBlock,
    ParameterRow,
    PartsSection,
    PlayerGroup,
    PlayerInfo,
    Reproducibility,
    SensitivitySection,
    SourceNote,
    Strategy,
    Summary,
)
from .summary import summary_paragraph

if TYPE_CHECKING:
    from ..models.model import Model, Parameter, Player

__all__ = [
    "build_report",
    "collect_model",
    "default_command",
    "parameter_changes",
    "DEFAULT_SAMPLES",
]

#: Default number of Monte Carlo draws (the Sobol base size is a quarter of it). The flagship
#: report then builds in about 15-30 s on two cores (measured with
#: ``time gametheory report models/pacific_nato.toml``), well under two minutes.
DEFAULT_SAMPLES = 1024


def _progress_callback(progress: bool | Callable[[str], Any]) -> Callable[[str], None]:
    if callable(progress):
        return lambda message: progress(message)  # type: ignore[misc]
    if progress:

        def write(message: str) -> None:
            sys.stderr.write(f"[report] {message}\n")
            sys.stderr.flush()

        return write
    return lambda message: None


def build_report(
    model: Model,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    formats: str | Iterable[str] = ("html", "md", "tex", "json"),
    progress: bool | Callable[[str], Any] = False,
    rng: Any = None,
    sensitivity: bool = True,
    command: str | None = None,
    workers: int | None = None,
    select: str | None = None,
    outcome: str | None = None,
) -> Report:
    """Solve a model, run its sensitivity analyses, and collect everything into a :class:`Report`.

    Parameters
    ----------
    model : gametheory.models.Model
        As returned by :func:`gametheory.load_model` (possibly ``.with_params(...)``).
    samples : int
        Monte Carlo draws over the parameter ranges (the Sobol analysis uses the
        same base sample size). More draws narrow the confidence intervals.
    seed : int
        Seed of every random draw; recorded in the report so that the same command
        regenerates the same numbers. Seed 0 is a seed.
    formats : str or iterable of str
        Formats :meth:`Report.save` writes by default (``html``, ``md``, ``tex``, ``json``).
    progress : bool or callable
        ``True`` writes one line per long step to stderr; a callable receives each
        message instead.
    rng : int or numpy.random.Generator, optional
        Overrides ``seed`` as the source of randomness (a Generator makes the
        report unreproducible from its command line, and the report says so).
    sensitivity : bool
        ``False`` skips the sensitivity analyses (the report says they were skipped).
    command : str, optional
        The command line that regenerates this report (the CLI passes its own);
        by default a ``gametheory report`` command is written from the arguments.
    workers : int, optional
        Processes for the sensitivity evaluations (default: the sensitivity
        package's default, every core). Results do not depend on it.
    select : str, optional
        A selection rule (``payoff-dominant``, ``risk-dominant``, ``first``): the report
        follows the equilibrium it selects. By default it follows the set of pure
        equilibria (for a sequential model, the subgame-perfect path under the model's
        declared stage rule). The summary says which, and every section follows it.
    outcome : str, optional
        The outcome of the tornado and the Sobol indices (an outcome spec such as
        ``"CHN=tariff"``, ``"payoff:USA"``, ``"unique"``; default: the first player's
        payoff for the tornado, "the base outcome holds" for Sobol).

    Returns
    -------
    Report
    """
    import numpy as np

    chosen_formats = parse_formats(formats)
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise ValueError(f"samples must be a positive integer, got {samples!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        seed, rng = int(rng), None
    reproducible = rng is None
    say = _progress_callback(progress)

    if select is not None:
        from ..sensitivity.declared import check_rule

        select = check_rule(select).replace("_", "-")
    if outcome is not None:
        from ..sensitivity import parse_outcome
        from ..sensitivity._common import model_strategies

        parse_outcome(
            outcome, players=tuple(model.player_ids), strategies=model_strategies(model)
        )  # a one-line error now, not later
    say(f"solving {model.id}")
    model_section = collect_model(model)
    equilibria, solved, raw_threats = collect_equilibria(model, select=select)

    if sensitivity:
        sens, figures, sens_results = collect_sensitivity(
            model,
            solved,
            samples=int(samples),
            seed=int(seed),
            rng=rng,
            say=say,
            workers=workers,
            progress_bars=bool(progress),
            select=select,
            outcome=outcome,
        )
    else:
        sens = SensitivitySection(skipped="sensitivity analyses were not requested")
        figures, sens_results = {}, {}

    calibration = collect_calibration(
        model, samples=int(samples) if sensitivity else 0, seed=int(seed), workers=workers, say=say
    )
    summary = _summary(model_section, equilibria, sens)
    repro = _reproducibility(
        model,
        equilibria,
        sens,
        samples=int(samples),
        seed=int(seed),
        reproducible=reproducible,
        command=command,
        formats=chosen_formats,
        extra=([f"--select {select}"] if select else [])
        + ([f"--outcome {shlex.quote(outcome)}"] if outcome else []),
    )
    say("rendering")
    extra: tuple[PartsSection, ...] = () if calibration is None else (calibration,)
    results: dict[str, Any] = {"equilibria": solved.to_dict()}
    if raw_threats is not None:
        results["non_credible_threats"] = raw_threats
    results.update(sens_results)
    return Report(
        model_id=str(model.id),
        title=str(model.title or model.id),
        summary=summary,
        model=model_section,
        equilibria=equilibria,
        sensitivity=sens,
        reproducibility=repro,
        extra=extra,
        figures=figures,
        formats=chosen_formats,
        results=results,
    )


# ------------------------------------------------------------------ model section
def strategies_of(player: Player) -> tuple[Strategy, ...]:
    """A player's strategies with their meanings from the model file."""
    return tuple(Strategy(str(s), str(player.meanings.get(s, "") or "")) for s in player.strategies)


def _parameter_row(name: str, p: Parameter) -> ParameterRow:
    return ParameterRow(
        name=name,
        group=p.group,
        index=p.index,
        value=float(p.value),
        low=float(p.low),
        high=float(p.high),
        unit=str(p.unit or ""),
        meaning=str(p.meaning or ""),
        source="quote" if p.is_quoted else "judgement",
        quotes=tuple(str(q) for q in p.quotes),
        judgement=str(p.judgement) if p.judgement else None,
    )


def _player_groups(players: Sequence[PlayerInfo]) -> tuple[PlayerGroup, ...]:
    """Players for display: members of one role grouped into one entry, others alone."""
    order: list[str | None] = []
    members: dict[str | None, list[PlayerInfo]] = {}
    for k, p in enumerate(players):
        key = p.role if p.role else f"\0{k}"  # players without a role stand alone
        if key not in members:
            order.append(key)
            members[key] = []
        members[key].append(p)
    return tuple(
        PlayerGroup(
            role=members[k][0].role,
            role_name=members[k][0].role_name or members[k][0].role,
            players=tuple(members[k]),
            strategies=members[k][0].strategies,
        )
        for k in order
    )


def _parameter_blocks(parameters: Sequence[ParameterRow]) -> tuple[ParameterBlock, ...]:
    """Parameters for display: entries of one indexed parameter grouped under one header.

    For a group, the source most of its entries share is printed once, in the header;
    each row whose source is that one is marked ``same_source``.
    """
    runs: list[tuple[str | None, list[ParameterRow]]] = []
    for p in parameters:
        if p.group and runs and runs[-1][0] == p.group:
            runs[-1][1].append(p)
        else:
            runs.append((p.group, [p]))
    blocks = []
    for group, rows in runs:
        if not group:
            blocks.append(ParameterBlock(group=group, rows=tuple(rows)))
            continue

        def key(r: ParameterRow) -> tuple[str, tuple[str, ...], str | None]:
            return (r.source, r.quotes, r.judgement)

        common, count = Counter(key(r) for r in rows).most_common(1)[0]
        shared = count > 1
        blocks.append(
            ParameterBlock(
                group=group,
                rows=tuple(
                    dataclasses.replace(r, same_source=shared and key(r) == common) for r in rows
                ),
                meaning=rows[0].meaning
                if all(r.meaning == rows[0].meaning for r in rows)
                else None,
                unit=rows[0].unit if all(r.unit == rows[0].unit for r in rows) else None,
                source=SourceNote(source=common[0], quotes=common[1], judgement=common[2])  # type: ignore[arg-type]
                if shared
                else None,
            )
        )
    return tuple(blocks)


def collect_model(model: Model) -> ModelSection:
    """The model section: players, strategies, parameters with sources, payoff formulas."""
    players = []
    for p in model.players:
        role = model.roles.get(p.role) if p.role else None
        players.append(
            PlayerInfo(
                id=str(p.id),
                name=str(p.name or p.id),
                role=str(p.role) if p.role else None,
                role_name=str((role.name if role else "") or p.role or "") or None,
                strategies=strategies_of(p),
            )
        )
    params = tuple(_parameter_row(str(name), p) for name, p in model.parameters.items())
    n_quote = sum(1 for r in params if r.source == "quote")
    return ModelSection(
        id=str(model.id),
        title=str(model.title or model.id),
        description=str(model.description or ""),
        form=str(model.form),
        source=str(model.source or ""),
        path=str(model.path or ""),
        sha256=str(model.sha256 or ""),
        players=tuple(players),
        parameters=params,
        parameter_counts={"quote": n_quote, "judgement": len(params) - n_quote},
        payoffs=collect_payoffs(model, players),
        indicator=_indicator_example(players),
        groups=_player_groups(players),
        blocks=_parameter_blocks(params),
    )


def _indicator_example(players: Sequence[PlayerInfo]) -> dict[str, str]:
    """The last player and its last strategy: ``P == 's'`` as the model itself writes it."""
    for p in reversed(players):
        if p.strategies:
            return {"player": p.id, "strategy": p.strategies[-1].label}
    return {"player": "P", "strategy": "s"}


# ---------------------------------------------------------------- summary section
def _summary(
    model: ModelSection, equilibria: EquilibriaSection, sens: SensitivitySection
) -> Summary:
    closest = sens.thresholds.closest
    closest_key = sens.thresholds.closest_key
    return Summary(
        paragraph=summary_paragraph(model, equilibria, sens.robustness, closest, closest_key),
        outcome=equilibria.outcome,
        robustness=sens.robustness,
        closest_thresholds=closest,
        closest_key_threshold=closest_key,
    )


# -------------------------------------------------------- reproducibility section
def _versions() -> dict[str, str]:
    from importlib import metadata

    from .. import __version__

    out = {"gametheory": __version__, "python": sys.version.split()[0]}
    for dist in ("numpy", "scipy", "sympy", "pandas", "nashpy", "SALib", "matplotlib", "jinja2"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def default_command(
    model: Model,
    *,
    samples: int,
    seed: int,
    changes: dict[str, float] | None = None,
    output: str | None = None,
    formats: Iterable[str] | None = None,
) -> str:
    """The ``gametheory report`` command that regenerates a report with these settings."""
    parts = ["gametheory", "report", str(model.path or f"{model.id}.toml")]
    if output:
        parts += ["-o", str(output)]
    if formats is not None and tuple(formats) != ("html", "md", "tex", "json"):
        parts += ["--format", ",".join(formats)]
    parts += ["--samples", str(samples), "--seed", str(seed)]
    for name, value in (changes or {}).items():
        parts += ["--set", f"{name}={value!r}"]
    return shlex.join(parts)


def parameter_changes(model: Model) -> dict[str, float]:
    """Parameters whose values differ from the model file's (what ``--set`` changed)."""
    if not model.path:
        return {}
    try:
        from ..models import load_model

        original = load_model(model.path)
    except Exception:  # noqa: BLE001 - the file may have moved; then nothing to compare
        return {}
    if original.sha256 != model.sha256:
        return {}  # the file changed since the model was loaded: no honest comparison
    out = {}
    for name, p in model.parameters.items():
        q = original.parameters.get(name)
        if q is None or float(q.value) != float(p.value):
            out[str(name)] = float(p.value)
    return out


def _reproducibility(
    model: Model,
    equilibria: EquilibriaSection,
    sens: SensitivitySection,
    *,
    samples: int,
    seed: int,
    reproducible: bool,
    command: str | None,
    formats: tuple[str, ...],
    extra: Sequence[str] = (),
) -> Reproducibility:
    changes = parameter_changes(model)
    if command is None:
        command = default_command(
            model, samples=samples, seed=seed, changes=changes, formats=formats
        )
        if extra:
            command = " ".join([command, *extra])
    methods: tuple[MethodInfo, ...] = (equilibria.method_info, *sens.methods)
    return Reproducibility(
        versions=_versions(),
        model_path=str(model.path or ""),
        model_sha256=str(model.sha256 or ""),
        parameter_changes=changes,
        seed=seed if reproducible else None,
        samples=samples,
        reproducible=reproducible,
        methods=methods,
        command=command,
        note=None
        if reproducible
        else (
            "A random generator was passed in: the random draws cannot be regenerated "
            "from the command below."
        ),
    )
