"""Payoff formulas of a model for a report: LaTeX, MathML and plain text from sympy.

The HTML report shows formulas as presentation MathML, which browsers render
natively (no script and no font is fetched); LaTeX goes to the ``.tex`` and
Markdown outputs; plain text is the fallback everywhere. Players who share a
role share one formula, shown once with the list of players it applies to.

Examples
--------
>>> import sympy
>>> x = sympy.Symbol("deterrence")
>>> "<mi>deterrence</mi>" in expression_mathml(2 * x)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ModelError
from .sections import PayoffFormula, PlayerInfo

if TYPE_CHECKING:
    from ..models.model import Model

__all__ = ["collect_payoffs", "expression_mathml", "readable", "source_formula", "layout_formula"]

#: Expanded formulas longer than this (characters of text) are not typeset, only listed.
MAX_MATHML_CHARS = 600
_UNDERSCORE = "QQUNDERSCOREQQ"


def source_formula(model: Model, player: str, role: str | None = None) -> str | None:
    """The payoff formula as written in the model file (whitespace normalised), if known."""
    owners = [role, player] if role else [player]
    for owner in owners:
        try:
            formula = model.compiled.formula(owner)
        except ModelError:  # no formula of that owner
            continue
        return str(formula.text) if formula.text else None
    return None


def layout_formula(text: str, *, width: int = 90) -> str:
    """Break a long formula before its outer ``+`` and ``-`` so that it reads as a list of terms.

    Examples
    --------
    >>> print(layout_formula("a * (b + c) - d * e + f", width=10))
    a * (b + c)
      - d * e
      + f
    """
    if len(text) <= width:
        return text
    match, opened = {}, []
    for k, ch in enumerate(text):
        if ch == "(":
            opened.append(k)
        elif ch == ")" and opened:
            match[opened.pop()] = k
    out, groups, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            groups.append(match.get(i, len(text)) - i)
        elif ch == ")" and groups:
            groups.pop()
        # break at the top level, and inside a first-level group that is itself long
        if (
            text[i : i + 3] in (" + ", " - ")
            and i > 0
            and (not groups or (len(groups) == 1 and groups[0] > width))
        ):
            out.append("\n" + "  " * (len(groups) + 1) + text[i + 1 : i + 3])
            i += 3
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def readable(expr: Any) -> Any:
    """``expr`` with strategy indicators ``P=s`` renamed to Iverson brackets ``[P = s]``."""
    import sympy

    names = {
        s: sympy.Symbol("[" + str(s).replace("=", " = ") + "]")
        for s in expr.free_symbols
        if "=" in str(s)
    }
    return expr.xreplace(names) if names else expr


def _mathml(expr: Any) -> str:
    import sympy

    # sympy typesets "conflict_risk" as conflict with subscript risk: keep names whole
    names = {
        s: sympy.Symbol(str(s).replace("_", _UNDERSCORE))
        for s in expr.free_symbols
        if "_" in str(s)
    }
    inner = sympy.mathml(expr.xreplace(names), printer="presentation", mul_symbol="dot")
    # named entities such as &InvisibleTimes; are valid HTML but not XML; use the character
    inner = inner.replace("&InvisibleTimes;", "&#8290;").replace("&#x2062;", "&#8290;")
    return inner.replace(_UNDERSCORE, "_")


def expression_mathml(expr: Any, *, wrap: int = 120) -> str:
    """Presentation MathML of a sympy expression, as ``<math display="block">`` elements.

    A sum longer than ``wrap`` characters is set one term a line (MathML does not
    break lines by itself).
    """
    import sympy

    expr = readable(expr)
    terms = sympy.Add.make_args(expr)
    if len(str(expr)) <= wrap or len(terms) == 1:
        return f'<math display="block">{_mathml(expr)}</math>'
    lines = []
    for k, term in enumerate(terms):
        negative = term.could_extract_minus_sign()
        sign = "<mo>&#8722;</mo>" if negative else ("" if k == 0 else "<mo>+</mo>")
        body = _mathml(-term if negative else term)
        lines.append(f'<div class="term"><math><mrow>{sign}{body}</mrow></math></div>')
    return '<div class="terms">' + "".join(lines) + "</div>"


def _entry(model: Model, player: str, role: str | None) -> dict[str, str | None]:
    source = source_formula(model, player, role)
    expr = model.payoff_expression(player)
    text = str(readable(expr))
    return {
        "latex": str(model.payoff_latex(player)),
        "mathml": expression_mathml(expr) if text and len(text) <= MAX_MATHML_CHARS else None,
        "text": text,
        "source": layout_formula(source) if source else None,
    }


def collect_payoffs(model: Model, players: Sequence[PlayerInfo]) -> tuple[PayoffFormula, ...]:
    """One entry per player, or per role (shown once for all its members).

    Each entry: ``players`` (ids), ``role``, ``source`` (the formula as written in the
    model file, laid out one term a line), ``latex``, ``mathml`` (None when the expanded
    formula is too long to typeset usefully), ``text`` (expanded by sympy), and
    ``note`` when the formula could not be produced.
    """
    first: dict[str, PlayerInfo] = {}  # key: role, or the player's own id
    members: dict[str, list[str]] = {}
    for p in players:
        key = p.role or f"\0{p.id}"
        first.setdefault(key, p)
        members.setdefault(key, []).append(p.id)
    entries = []
    for key, p in first.items():
        try:
            data = _entry(model, p.id, p.role)
            note = None
        except Exception as exc:  # noqa: BLE001 - a formula that cannot be printed is shown as missing
            data = {"latex": None, "mathml": None, "text": None, "source": None}
            note = f"not available: {exc}"
        entries.append(
            PayoffFormula(
                players=tuple(members[key]),
                role=p.role,
                role_name=p.role_name or p.role,
                shown_for=p.id,
                latex=data["latex"],
                mathml=data["mathml"],
                text=data["text"],
                source=data["source"],
                note=note,
            )
        )
    return tuple(entries)
