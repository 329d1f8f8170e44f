"""The Jinja environments of the three renderers, each escaping for its own format.

Every renderer is one template in ``gametheory/report/templates/`` over the same
:class:`~gametheory.report.Report`. What a template prints with ``{{ ... }}`` is
escaped for the format unless a filter made it markup on purpose:

* HTML: Jinja's autoescape (markupsafe); MathML and the CSS are marked safe.
* Markdown: :func:`~gametheory.report.escape.md_text` (no raw HTML, images or
  links from model text); tables, code spans and code blocks come from filters
  that escape their own contents and return :class:`Raw`.
* LaTeX: :func:`~gametheory.report.escape.latex_escape`; tables and comment lines
  come from filters that return :class:`Raw`.

jinja2 (the ``report`` extra) is imported only here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Literal

from ._format import (
    format_cell,
    format_interval,
    format_number,
    format_property,
    format_regret,
    format_share,
    possessive,
    property_label,
    ucfirst,
)

__all__ = ["Raw", "environment"]


class Raw(str):
    """Text already in the output format (a table, a code span): printed as it is."""


def _escaping(escape: Callable[[Any], str]) -> Callable[[Any], str]:
    def finalize(value: Any) -> str:
        if isinstance(value, Raw):
            return value
        return escape("" if value is None else value)

    return finalize


#: Filters every format shares: numbers and names formatted for people (:mod:`._format`).
COMMON_FILTERS: dict[str, Callable[..., str]] = {
    "num": format_number,
    "share": format_share,
    "ci": format_interval,
    "regret": format_regret,
    "cell": format_cell,
    "prop": format_property,
    "proplabel": property_label,
    "ucfirst": ucfirst,
    "possessive": possessive,
}


@lru_cache(maxsize=3)
def environment(fmt: Literal["html", "md", "tex"]) -> Any:
    """The Jinja environment of one format (templates, escaping and filters)."""
    try:
        import jinja2
    except ImportError as exc:  # pragma: no cover - depends on the installation
        from ..errors import GameTheoryError

        raise GameTheoryError(
            "reports need jinja2: install the report extra, pip install 'gametheory[report]'"
        ) from exc
    loader = jinja2.PackageLoader("gametheory.report", "templates")
    if fmt == "html":
        env = jinja2.Environment(
            loader=loader,
            autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
            undefined=jinja2.ChainableUndefined,
        )
    else:
        from .escape import latex_escape, md_text

        env = jinja2.Environment(
            loader=loader,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
            finalize=_escaping(md_text if fmt == "md" else latex_escape),
        )
    env.filters.update(COMMON_FILTERS)
    return env
