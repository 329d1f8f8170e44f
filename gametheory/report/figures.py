"""Figures embedded in reports: matplotlib figures turned into self-contained images.

A report never links to an image: the HTML embeds each figure as a ``data:``
URI (SVG, so that it stays sharp when printed), the Markdown report refers to
a PNG written next to it. :func:`figure_from_matplotlib` renders a figure once
to both formats and closes it, so that building a report leaves no open
figures behind.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> _ = ax.plot([0, 1], [1, 0])
>>> f = figure_from_matplotlib("line", fig, title="A line", caption="Falls.")
>>> f.png[:4], f.svg.startswith("<?xml")
(b'\\x89PNG', True)
>>> f.data_uri("svg").startswith("data:image/svg+xml;base64,")
True
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["ReportFigure", "figure_from_matplotlib"]


@dataclass(frozen=True)
class ReportFigure:
    """One figure of a report, rendered as SVG text and PNG bytes.

    Attributes
    ----------
    name : str
        File stem, e.g. ``"tornado"`` (the Markdown report writes ``figures/tornado.png``).
    title : str
    caption : str
        One or two sentences saying what the reader sees.
    svg : str
    png : bytes
    """

    name: str
    title: str
    caption: str
    svg: str
    png: bytes

    def data_uri(self, kind: str = "svg") -> str:
        """The figure as a ``data:`` URI, for embedding in one self-contained HTML file."""
        if kind == "svg":
            payload = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
            return f"data:image/svg+xml;base64,{payload}"
        if kind == "png":
            return f"data:image/png;base64,{base64.b64encode(self.png).decode('ascii')}"
        raise ValueError(f"figure kind must be 'svg' or 'png', got {kind!r}")

    def to_dict(self) -> dict[str, Any]:
        """Name, title, caption and the Markdown file it is saved to (no image data)."""
        return {
            "name": self.name,
            "title": self.title,
            "caption": self.caption,
            "file": f"figures/{self.name}.png",
        }


def figure_from_matplotlib(
    name: str, fig: Any, *, title: str = "", caption: str = "", dpi: int = 150
) -> ReportFigure:
    """Render a matplotlib figure to SVG and PNG, close it, and return a :class:`ReportFigure`.

    Parameters
    ----------
    name : str
        File stem of the figure.
    fig : matplotlib.figure.Figure (or an Axes, whose figure is used)
    title, caption : str
    dpi : int
        Resolution of the PNG.
    """
    import matplotlib.pyplot as plt

    if not hasattr(fig, "savefig") and hasattr(fig, "figure"):
        fig = fig.figure
    svg_buf = io.StringIO()
    # metadata Date=None and a fixed hash salt (the clip-path ids) keep the SVG
    # byte-identical from run to run
    with plt.rc_context({"svg.hashsalt": f"gametheory-{name}"}):
        fig.savefig(svg_buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    png_buf = io.BytesIO()
    fig.savefig(png_buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    svg = svg_buf.getvalue()
    # matplotlib writes a DOCTYPE pointing at w3.org: harmless (never fetched) but drop it so
    # the report holds no network address at all
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg, count=1)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, count=1, flags=re.S)
    return ReportFigure(name=name, title=title, caption=caption, svg=svg, png=png_buf.getvalue())
