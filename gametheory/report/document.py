"""The :class:`Report` object: collected results that render to HTML, Markdown, LaTeX and JSON.

A report holds one typed section of each kind (frozen dataclasses of
:mod:`gametheory.report.sections`), any extra sections a kind of model adds, and
its figures; the renderers (:mod:`gametheory.report.html`,
:mod:`~gametheory.report.markdown`, :mod:`~gametheory.report.latex`: one Jinja
template each) turn it into documents without computing anything, and
:meth:`Report.to_dict` into the JSON of ``results.json``. :meth:`Report.save`
renders every requested format first and only then moves the files into place,
so a failed or interrupted save never leaves a half-written report over a good one.

Examples
--------
>>> import pathlib, gametheory
>>> from gametheory.models import load_model
>>> from gametheory.report import build_report
>>> root = pathlib.Path(gametheory.__file__).parents[1]
>>> r = build_report(load_model(root / "models" / "us_china.toml"), sensitivity=False)
>>> r.summary.outcome.profile
{'USA': 'hedge', 'CHN': 'hedge'}
>>> r.to_dict()["equilibria"]["followed"]["kind"]
'unique'
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .figures import ReportFigure
from .sections import (
    EquilibriaSection,
    ModelSection,
    PartsSection,
    Reproducibility,
    SensitivitySection,
    Summary,
    to_data,
)

__all__ = ["Report", "FORMATS", "parse_formats"]

#: format -> file name written by :meth:`Report.save`
FORMATS: dict[str, str] = {
    "html": "report.html",
    "md": "report.md",
    "tex": "report.tex",
    "json": "results.json",
}


def _strict(value: Any) -> Any:
    """``value`` with every non-finite float replaced by None (JSON has no NaN)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_strict(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return _strict(value.item())
    return value


def parse_formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """Validate report formats given as ``"html,md"`` or a sequence; keeps order, drops repeats.

    Examples
    --------
    >>> parse_formats("html, json")
    ('html', 'json')
    >>> parse_formats(["pdf"])
    Traceback (most recent call last):
    ...
    ValueError: unknown report format 'pdf': choose from html, md, tex, json
    """
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    out: list[str] = []
    for item in items:
        name = str(item).strip().lower()
        if name == "markdown":
            name = "md"
        if name == "latex":
            name = "tex"
        if not name:
            continue
        if name not in FORMATS:
            raise ValueError(f"unknown report format {item!r}: choose from {', '.join(FORMATS)}")
        if name not in out:
            out.append(name)
    if not out:
        raise ValueError(f"no report format given: choose from {', '.join(FORMATS)}")
    return tuple(out)


@dataclass(frozen=True, eq=False)
class Report:
    """An equilibrium report: summary, model, equilibria, sensitivity and reproducibility.

    Build one with :func:`gametheory.report.build_report`; render it with
    :meth:`to_html`, :meth:`to_markdown`, :meth:`to_latex`, :meth:`to_json`, or
    write files with :meth:`save`. In a notebook it displays itself.

    Attributes
    ----------
    model_id : str
    title : str
    summary : Summary
    model : ModelSection
    equilibria : SimultaneousEquilibria or SequentialEquilibria
    sensitivity : SensitivitySection
    reproducibility : Reproducibility
    extra : tuple of PartsSection
        Sections after the sensitivity section (calibration and back-tests, and any a
        kind of model adds); every renderer shows them.
    figures : dict of str to ReportFigure
    formats : tuple of str
        Formats :meth:`save` writes by default.
    results : dict
        The machine-readable results (solver output, sensitivity tables) for ``results.json``.
    """

    model_id: str
    title: str
    summary: Summary
    model: ModelSection
    equilibria: EquilibriaSection
    sensitivity: SensitivitySection
    reproducibility: Reproducibility
    extra: tuple[PartsSection, ...] = ()
    figures: Mapping[str, ReportFigure] = field(default_factory=dict)
    formats: tuple[str, ...] = ("html", "md", "tex", "json")
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def sections(self) -> dict[str, Any]:
        """Every section by name, as typed values (``summary`` ... ``reproducibility``, then extras)."""
        out: dict[str, Any] = {
            "summary": self.summary,
            "model": self.model,
            "equilibria": self.equilibria,
            "sensitivity": self.sensitivity,
            "reproducibility": self.reproducibility,
        }
        out.update((s.key, s) for s in self.extra)
        return out

    def section(self, name: str) -> dict[str, Any]:
        """One section's JSON data (an empty dict when the report has no such section)."""
        value = self.sections.get(name)
        return {} if value is None else to_data(value)

    # ------------------------------------------------------------ renderings
    def to_dict(self) -> dict[str, Any]:
        """Everything in the report as JSON-ready data (figures by name and file, not pixels)."""
        out: dict[str, Any] = {"model_id": self.model_id, "title": self.title}
        out.update((name, to_data(value)) for name, value in self.sections.items())
        out["figures"] = [f.to_dict() for f in self.figures.values()]
        if self.results:
            out["results"] = self.results
        return out

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as strict JSON text (indented by default; NaN and infinities as null)."""
        kwargs.setdefault("indent", 2)
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(_strict(self.to_dict()), allow_nan=False, **kwargs) + "\n"

    def to_html(self) -> str:
        """One self-contained HTML page (figures, styles inline; nothing fetched from a network)."""
        from .html import render_html

        return render_html(self)

    def to_markdown(self, *, figure_dir: str = "figures") -> str:
        """A Markdown report; figures are referenced as ``{figure_dir}/<name>.png``."""
        from .markdown import render_markdown

        return render_markdown(self, figure_dir=figure_dir)

    def to_latex(self) -> str:
        """LaTeX tables (booktabs, longtable) as a fragment to ``\\input`` in a paper."""
        from .latex import render_latex

        return render_latex(self)

    def _repr_html_(self) -> str:
        from .html import render_html

        return render_html(self, fragment=True)

    def __repr__(self) -> str:
        names = ", ".join(self.sections)
        return f"<Report {self.model_id!r}: {names}; {len(self.figures)} figures>"

    # ----------------------------------------------------------------- files
    def render(self, formats: str | Iterable[str] | None = None) -> dict[str, str | bytes]:
        """Every file of the report as ``{relative path: content}``, rendered in memory."""
        chosen = parse_formats(self.formats if formats is None else formats)
        files: dict[str, str | bytes] = {}
        for fmt in chosen:
            if fmt == "html":
                files[FORMATS[fmt]] = self.to_html()
            elif fmt == "md":
                files[FORMATS[fmt]] = self.to_markdown()
                for fig in self.figures.values():
                    files[f"figures/{fig.name}.png"] = fig.png
            elif fmt == "tex":
                files[FORMATS[fmt]] = self.to_latex()
            elif fmt == "json":
                files[FORMATS[fmt]] = self.to_json()
        return files

    def save(
        self, directory: str | os.PathLike[str], formats: str | Iterable[str] | None = None
    ) -> dict[str, Path]:
        """Write the report into ``directory`` atomically and return ``{format: path}``.

        Every file is rendered before anything is written; files then go to a
        temporary sibling directory and are moved into ``directory`` one by one
        (each move atomic), so an error leaves an existing report untouched.

        Parameters
        ----------
        directory : path
            Created if missing; files of other names in it are left alone.
        formats : str or iterable of str, optional
            Any of ``"html"``, ``"md"``, ``"tex"``, ``"json"`` (default: :attr:`formats`).
        """
        from ..io.atomic import atomic_directory

        chosen = parse_formats(self.formats if formats is None else formats)
        files = self.render(chosen)
        target = Path(directory)
        if target.exists() and not target.is_dir():
            raise NotADirectoryError(20, "report output is not a directory", str(target))
        with atomic_directory(target) as tmp:
            for rel, content in files.items():
                path = tmp / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content, encoding="utf-8")
        return {fmt: target / FORMATS[fmt] for fmt in chosen}
