"""LaTeX's special characters and their escapes, shared by every LaTeX writer.

:func:`gametheory.report.escape.latex_escape` (reports) and
:func:`gametheory.drawing.matrix.latex_escape` (figures, exercises) extend this table
with what their output needs (typographic quotes; line breaks inside TikZ nodes).

Examples
--------
>>> "".join(TEX_SPECIAL.get(ch, ch) for ch in "R&D 100%")
'R\\\\&D 100\\\\%'
"""

from __future__ import annotations

__all__ = ["TEX_SPECIAL"]

#: each character that means something to LaTeX, and how to write it literally
TEX_SPECIAL: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
