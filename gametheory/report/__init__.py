"""Equilibrium reports: one self-contained HTML page, Markdown, LaTeX tables and JSON.

A report answers, for one model, the questions a policy reader asks: what is the
equilibrium outcome and how robust is it (summary); what the model assumes and
where each number comes from (model); every equilibrium with its payoffs and
regret (equilibria); what would change the outcome (sensitivity); and how to
regenerate it (reproducibility). Reports only render results: the numbers come
from the model's solver and :mod:`gametheory.sensitivity`.

Rendering HTML needs jinja2 and figures need matplotlib (the ``report`` extra).

Examples
--------
>>> import pathlib, tempfile, gametheory
>>> from gametheory.models import load_model
>>> from gametheory.report import build_report
>>> root = pathlib.Path(gametheory.__file__).parents[1]
>>> report = build_report(load_model(root / "models" / "us_china.toml"), sensitivity=False)
>>> report                                                     # doctest: +ELLIPSIS
<Report 'us_china': summary, model, equilibria, sensitivity, reproducibility; 0 figures>
>>> paths = report.save(tempfile.mkdtemp(), formats="html,json")
>>> [p.name for p in paths.values()]
['report.html', 'results.json']
"""

from __future__ import annotations

from .build import DEFAULT_SAMPLES, build_report
from .document import FORMATS, Report, parse_formats
from .figures import ReportFigure

__all__ = ["build_report", "Report", "ReportFigure", "FORMATS", "DEFAULT_SAMPLES", "parse_formats"]
