"""Render a :class:`~gametheory.report.Report` as one self-contained HTML page.

The page needs nothing but itself: styles are inline, figures are ``data:``
URIs, formulas are MathML (rendered by the browser, no script), and a
Content-Security-Policy forbids every network request. It opens offline and
prints as a document (print styles start each section on a new page).
The page is the template ``templates/report.html.j2`` over the typed report
(:mod:`gametheory.report.sections`), autoescaped by Jinja.
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import TYPE_CHECKING

from ._render import environment

if TYPE_CHECKING:
    from .document import Report

__all__ = ["render_html", "scoped_css"]


def scoped_css(css: str, scope: str = ".gametheory-report") -> str:
    """The page's CSS with every selector limited to ``scope`` (for notebook output).

    Print rules are dropped; ``:root``, ``html`` and ``body`` become the scope itself.

    Examples
    --------
    >>> print(scoped_css(":root { --a: 1; } h1, .x b { color: red; } @media print { h1 { x: y; } }"))
    .gametheory-report { --a: 1; }
    .gametheory-report h1, .gametheory-report .x b { color: red; }
    """
    css = css.split("@media print", 1)[0]
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        scoped = []
        for sel in selectors.split(","):
            sel = sel.strip()
            scoped.append(scope if sel in (":root", "html", "body") else f"{scope} {sel}")
        rules.append(f"{', '.join(scoped)} {{{body}}}")
    return "\n".join(rules)


def render_html(report: Report, *, fragment: bool = False) -> str:
    """The report as an HTML page (or, with ``fragment=True``, a ``<div>`` for notebooks)."""
    from .. import __version__

    css = files("gametheory.report").joinpath("templates/style.css").read_text(encoding="utf-8")
    text = (
        environment("html")
        .get_template("report.html.j2")
        .render(
            r=report,
            fragment=fragment,
            css=css,
            version=__version__,
            names=report.model.names,
            meanings=report.model.meanings,
        )
    )
    if fragment:
        return f'<div class="gametheory-report"><style>{scoped_css(css)}</style>{text}</div>'
    return text
