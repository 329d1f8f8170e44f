"""Escaping every string that goes into a Markdown or LaTeX document, in one place.

Model files, their paths and their titles and notes come from anyone. Nothing in
them may become live markup in a report:

* Markdown prose (:func:`md_text`) keeps no raw HTML (``<`` and ``>`` become
  entities) and no images or links (``![..](..)`` and ``[..](..)`` lose their
  brackets' meaning), so a viewer never fetches or runs anything from a model.
* Markdown code (:func:`md_code`, :func:`md_code_block`) is fenced with more
  backticks than the text contains, so a path holding ````` ``` ````` cannot close
  the fence; an inline code span holds one line.
* LaTeX comments (:func:`tex_comment`) stay on one line, so a newline in a path
  cannot start a live ``\\input`` or ``\\write18`` line; LaTeX text goes through
  :func:`latex_escape` (one line, every special character escaped), whose output
  :func:`tex_one_line` keeps free of control characters.

Examples
--------
>>> md_text("see ![x](http://e/x.png) <img src=x onerror=alert(1)>")
'see !\\\\[x\\\\](http://e/x.png) &lt;img src=x onerror=alert(1)&gt;'
>>> md_code("a\\n```b")
'```` a ```b ````'
>>> tex_comment("x\\n\\\\input{/etc/passwd}")
'% x \\\\input{/etc/passwd}'
"""

from __future__ import annotations

import re
from typing import Any

from .._tex import TEX_SPECIAL

__all__ = [
    "md_text",
    "md_code",
    "md_code_block",
    "md_cell",
    "tex_comment",
    "tex_one_line",
    "one_line",
    "latex_escape",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u0085]")
_BACKTICKS = re.compile(r"`+")


def one_line(text: Any) -> str:
    """``text`` with every line break and control character turned into one space."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def md_text(text: Any) -> str:
    """Markdown prose from untrusted text: no raw HTML, images or links.

    Line breaks are kept (a description may have paragraphs); control
    characters other than newline and tab become spaces.
    """
    s = _CONTROL.sub(" ", str(text)).replace("->", "→")
    s = s.replace("<", "&lt;").replace(">", "&gt;")
    # "[" and "]" escaped: no "![alt](url)" image and no "[text](url)" link survives
    return s.replace("[", "\\[").replace("]", "\\]")


def _fence_for(text: str, minimum: int) -> str:
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    return "`" * max(minimum, longest + 1)


def md_code(text: Any) -> str:
    """An inline Markdown code span holding ``text`` on one line, whatever it contains."""
    s = one_line(text)
    fence = _fence_for(s, 1)
    pad = " " if s.startswith("`") or s.endswith("`") or fence != "`" else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def md_code_block(text: Any, *, language: str = "") -> list[str]:
    """Lines of a fenced Markdown code block whose fence ``text`` cannot close."""
    s = _CONTROL.sub(" ", str(text))
    fence = _fence_for(s, 3)
    return [fence + language, *s.splitlines(), fence]


def tex_comment(text: Any) -> str:
    """A LaTeX comment line (``% ...``): the text on one line, so nothing after it is live."""
    return "% " + one_line(text)


def tex_one_line(escaped: str) -> str:
    """Already-escaped LaTeX text with control characters and blank lines removed
    (a blank line would end a paragraph inside a caption or a table cell)."""
    return one_line(escaped)


def md_cell(text: Any) -> str:
    r"""Text made safe for one Markdown table cell (one line; ``|`` and ``\`` escaped).

    Backslashes are doubled before :func:`md_text` escapes brackets, so a ``\``
    in the text cannot undo the escape of a ``]`` and make a link.

    Examples
    --------
    >>> print(md_cell("a|b [x\\](y)"))
    a\|b \[x\\\](y)
    """
    s = str(text).replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(md_text(s).split())


_ESCAPES = {
    **TEX_SPECIAL,
    "“": "``",
    "”": "''",
    "‘": "`",
    "’": "'",
    "—": "---",
    "–": "--",
    "…": r"\ldots{}",
    "−": "-",
    "∞": r"$\infty$",
    "≥": r"$\geq$",
    "≤": r"$\leq$",
    "×": r"$\times$",
    "★": "*",
    "\u00a0": "~",
    "±": r"$\pm$",
    "→": r"$\rightarrow$",
    "·": r"$\cdot$",
    "≈": r"$\approx$",
    "°": r"\textdegree{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}


def latex_escape(text: Any) -> str:
    """Escape text for LaTeX, mapping typographic Unicode to LaTeX ligatures."""
    s = one_line(text).replace("->", "→")  # a blank line would end a paragraph mid-caption
    return "".join(_ESCAPES.get(ch, ch) for ch in s)
