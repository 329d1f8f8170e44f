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

import shlex
import sys
from collections.abc import Callable, Iterable
from typing import Any

from .document import Report, parse_formats
from .outcomes import collect_equilibria, declare_outcome, summary_paragraph

__all__ = ["build_report", "DEFAULT_SAMPLES"]

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
    model: Any,
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
    say(f"solving {getattr(model, 'id', 'model')}")
    equilibria, solved = collect_equilibria(model)
    declare_outcome(model, equilibria, select)

    from .analyses import collect_sensitivity

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
        sens, figures, sens_results = {"skipped": "sensitivity analyses were not requested"}, {}, {}

    from .calibration import collect_calibration

    calibration = collect_calibration(
        model, samples=int(samples) if sensitivity else 0, seed=int(seed), workers=workers, say=say
    )
    model_section = collect_model(model)
    summary = _summary(model, equilibria, sens)
    repro = _reproducibility(
        model,
        equilibria,
        sens,
        samples=int(samples),
        seed=int(seed),
        reproducible=reproducible,
        command=command,
        formats=chosen_formats,
    )
    extra = ([f"--select {select}"] if select else []) + (
        [f"--outcome {shlex.quote(outcome)}"] if outcome else []
    )
    if extra and command is None and repro.get("command"):
        repro["command"] = " ".join([repro["command"], *extra])
    say("rendering")
    sections = {
        "summary": summary,
        "model": model_section,
        "equilibria": equilibria,
        "sensitivity": sens,
        "reproducibility": repro,
    }
    if calibration is not None:
        sections["calibration"] = calibration
    results = {"equilibria": _result_dict(solved)}
    raw_threats = (equilibria.get("threats") or {}).pop("raw", None)
    if raw_threats is not None:
        results["non_credible_threats"] = raw_threats
    results.update(sens_results)
    return Report(
        model_id=str(model.id),
        title=str(getattr(model, "title", "") or model.id),
        sections=sections,
        figures=figures,
        formats=chosen_formats,
        results=results,
    )


def _result_dict(solved: Any) -> Any:
    to_dict = getattr(solved, "to_dict", None)
    return to_dict() if callable(to_dict) else None


# ------------------------------------------------------------------ model section
def _strategy_items(player: Any) -> list[dict[str, str]]:
    strategies = getattr(player, "strategies", ())
    meanings = getattr(player, "meanings", None) or getattr(player, "strategy_meanings", None) or {}
    if hasattr(strategies, "items"):
        return [{"label": str(k), "meaning": str(v or "")} for k, v in strategies.items()]
    out = []
    for s in strategies:
        label = getattr(s, "label", None) or getattr(s, "id", None) or getattr(s, "name", None) or s
        meaning = getattr(s, "meaning", None) or meanings.get(str(label), "")
        out.append({"label": str(label), "meaning": str(meaning)})
    return out


def _parameter_row(name: str, p: Any) -> dict[str, Any]:
    quotes = tuple(getattr(p, "quotes", ()) or ())
    judgement = getattr(p, "judgement", None)
    is_quoted = getattr(p, "is_quoted", None)
    if is_quoted is None:
        is_quoted = bool(quotes) and not judgement
    return {
        "name": name,
        "group": getattr(p, "group", None),
        "index": getattr(p, "index", None),
        "value": float(p.value),
        "low": float(p.low),
        "high": float(p.high),
        "unit": str(getattr(p, "unit", "") or ""),
        "meaning": str(getattr(p, "meaning", "") or ""),
        "source": "quote" if is_quoted else "judgement",
        "quotes": [str(q) for q in quotes],
        "judgement": str(judgement) if judgement else None,
    }


def collect_model(model: Any) -> dict[str, Any]:
    """The model section: players, strategies, parameters with sources, payoff formulas."""
    from .formulas import collect_payoffs

    players = []
    roles = getattr(model, "roles", None) or {}
    for p in model.players:
        role = getattr(p, "role", None)
        role_obj = roles.get(role) if role else None
        players.append(
            {
                "id": str(p.id),
                "name": str(getattr(p, "name", "") or p.id),
                "role": str(role) if role else None,
                "role_name": str(getattr(role_obj, "name", "") or role or "") or None,
                "strategies": _strategy_items(p),
            }
        )
    params = [_parameter_row(str(name), p) for name, p in model.parameters.items()]
    n_quote = sum(1 for r in params if r["source"] == "quote")
    return {
        "id": str(model.id),
        "title": str(getattr(model, "title", "") or model.id),
        "description": str(getattr(model, "description", "") or ""),
        "form": str(getattr(model, "form", "simultaneous")),
        "source": str(getattr(model, "source", "") or ""),
        "path": str(getattr(model, "path", "") or ""),
        "sha256": str(getattr(model, "sha256", "") or ""),
        "players": players,
        "parameters": params,
        "parameter_counts": {"quote": n_quote, "judgement": len(params) - n_quote},
        "payoffs": collect_payoffs(model, players),
        # the example in the formula legend, in the model's own words
        "indicator": _indicator_example(players),
    }


def _indicator_example(players: list[dict[str, Any]]) -> dict[str, str]:
    """The last player and its last strategy: ``P == 's'`` as the model itself writes it."""
    for p in reversed(players):
        if p["strategies"]:
            return {"player": p["id"], "strategy": p["strategies"][-1]["label"]}
    return {"player": "P", "strategy": "s"}


# ---------------------------------------------------------------- summary section
def _summary(model: Any, equilibria: dict[str, Any], sens: dict[str, Any]) -> dict[str, Any]:
    outcome = equilibria.get("outcome") or {}
    robustness = sens.get("robustness")
    thresholds = sens.get("thresholds") or {}
    closest = thresholds.get("closest") or []
    closest_key = thresholds.get("closest_key")
    paragraph = summary_paragraph(model, equilibria, robustness, closest, closest_key)
    return {
        "paragraph": paragraph,
        "outcome": outcome,
        "robustness": robustness,
        "closest_thresholds": closest,
        "closest_key_threshold": closest_key,
    }


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
    model: Any,
    *,
    samples: int,
    seed: int,
    changes: dict[str, float] | None = None,
    output: str | None = None,
    formats: Iterable[str] | None = None,
) -> str:
    """The ``gametheory report`` command that regenerates a report with these settings."""
    parts = ["gametheory", "report", str(getattr(model, "path", "") or f"{model.id}.toml")]
    if output:
        parts += ["-o", str(output)]
    if formats is not None and tuple(formats) != ("html", "md", "tex", "json"):
        parts += ["--format", ",".join(formats)]
    parts += ["--samples", str(samples), "--seed", str(seed)]
    for name, value in (changes or {}).items():
        parts += ["--set", f"{name}={value!r}"]
    return shlex.join(parts)


def parameter_changes(model: Any) -> dict[str, float]:
    """Parameters whose values differ from the model file's (what ``--set`` changed)."""
    path = getattr(model, "path", None)
    if not path:
        return {}
    try:
        from ..models import load_model

        original = load_model(path)
    except Exception:  # noqa: BLE001 - the file may have moved; then nothing to compare
        return {}
    if getattr(original, "sha256", None) != getattr(model, "sha256", None):
        return {}  # the file changed since the model was loaded: no honest comparison
    out = {}
    for name, p in model.parameters.items():
        q = original.parameters.get(name)
        if q is None or float(q.value) != float(p.value):
            out[str(name)] = float(p.value)
    return out


def _reproducibility(
    model: Any,
    equilibria: dict[str, Any],
    sens: dict[str, Any],
    *,
    samples: int,
    seed: int,
    reproducible: bool,
    command: str | None,
    formats: tuple[str, ...],
) -> dict[str, Any]:
    changes = parameter_changes(model)
    if command is None:
        command = default_command(
            model, samples=samples, seed=seed, changes=changes, formats=formats
        )
    methods = [equilibria.get("method_info") or {}]
    methods += list(sens.get("methods") or [])
    return {
        "versions": _versions(),
        "model_path": str(getattr(model, "path", "") or ""),
        "model_sha256": str(getattr(model, "sha256", "") or ""),
        "parameter_changes": changes,
        "seed": seed if reproducible else None,
        "samples": samples,
        "reproducible": reproducible,
        "methods": [m for m in methods if m],
        "command": command,
        "note": None
        if reproducible
        else (
            "A random generator was passed in: the random draws cannot be regenerated "
            "from the command below."
        ),
    }
