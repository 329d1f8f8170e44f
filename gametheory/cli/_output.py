"""Rendering helpers for CLI commands: plain-text tables, numbers and JSON.

These only format values that the library computed; they never compute
equilibria. Every subcommand may use them so that the tool's output looks the
same everywhere: :func:`format_table` for aligned columns, :func:`format_number`
for payoffs and probabilities (exact fractions in exact mode),
:func:`format_game_summary` and :func:`format_result` for a solved game, and
:func:`result_json` / :func:`dumps_json` for the documented JSON form (README,
"JSON output").

The module imports only the standard library, so commands stay fast to start.

Examples
--------
>>> print(format_table(["player", "payoff"], [["Row", 1], ["Column", -1.5]]))
  player  payoff
  Row          1
  Column    -1.5
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from fractions import Fraction
from numbers import Real
from typing import Any

__all__ = [
    "format_table",
    "format_number",
    "format_game_summary",
    "format_result",
    "result_json",
    "dumps_json",
]


def format_number(x: Any, *, exact: bool = False, digits: int = 6) -> str:
    """A payoff or probability as text.

    Fractions print as ``1/3`` when ``exact``; otherwise numbers print with
    ``digits`` significant digits and integers without a decimal point.

    Examples
    --------
    >>> format_number(Fraction(1, 3), exact=True), format_number(Fraction(1, 3))
    ('1/3', '0.333333')
    >>> format_number(2.0), format_number(-0.0), format_number(1e-17)
    ('2', '0', '1e-17')
    """
    if isinstance(x, bool) or x is None:
        return str(x)
    if isinstance(x, Fraction):
        if exact or x.denominator == 1:
            return str(x)
        x = float(x)
    if isinstance(x, int):
        return str(x)
    if isinstance(x, Real):
        f = float(x)
        if f == 0:
            return "0"
        if f.is_integer() and abs(f) < 1e15:
            return str(int(f))
        return f"{f:.{digits}g}"
    return str(x)


def _is_numeric(cell: str) -> bool:
    text = cell.strip()
    if not text:
        return False
    try:
        Fraction(text)
    except (ValueError, ZeroDivisionError):
        try:
            float(text)
        except ValueError:
            return False
    return True


def format_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    indent: int = 2,
    gap: int = 2,
) -> str:
    """Align ``rows`` under ``headers``; numeric columns are right-aligned.

    Cells that are not strings are formatted with :func:`format_number`.

    Examples
    --------
    >>> print(format_table(["a", "b"], [["x", 1], ["yy", 22]], indent=0))
    a    b
    x    1
    yy  22
    """
    text_rows = [[c if isinstance(c, str) else format_number(c) for c in row] for row in rows]
    ncol = len(headers)
    for row in text_rows:
        row.extend([""] * (ncol - len(row)))
    widths = [max([len(headers[j])] + [len(row[j]) for row in text_rows]) for j in range(ncol)]
    numeric = [
        any(row[j] for row in text_rows)
        and all(_is_numeric(row[j]) or not row[j] for row in text_rows)
        for j in range(ncol)
    ]

    def line(cells: Sequence[str], header: bool = False) -> str:
        parts = []
        for j, cell in enumerate(cells):
            right = numeric[j] and (not header or j > 0)
            parts.append(cell.rjust(widths[j]) if right else cell.ljust(widths[j]))
        return (" " * indent + (" " * gap).join(parts)).rstrip()

    return "\n".join([line(headers, header=True)] + [line(r) for r in text_rows])


def format_game_summary(
    game: Any,
    *,
    source: str | None = None,
    comment: str = "",
    fixed: Mapping[str, Sequence[str]] | None = None,
    width: int = 88,
) -> str:
    """Title, source, comment and a table of players with their strategies.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], title="Coordination")
    >>> print(format_game_summary(g))
    Coordination
    <BLANKLINE>
      player  strategies
      Row     1, 2
      Column  1, 2
    """
    lines = []
    head = game.title or "Untitled game"
    if source:
        head += f"  ({source})"
    lines.append(head)
    if comment.strip():
        lines.extend(textwrap.wrap(" ".join(comment.split()), width=width))
    rows = [[p, ", ".join(game.strategies[i])] for i, p in enumerate(game.players)]
    lines.append("")
    lines.append(format_table(["player", "strategies"], rows))
    if fixed:
        shown = "; ".join(f"{p} = {', '.join(s)}" for p, s in fixed.items())
        lines.append(f"Restricted by --fix: {shown} (equilibria below are of the restricted game)")
    return "\n".join(lines)


def _exact_payoffs(eq: Any) -> list[Any] | None:
    exact = eq.exact_payoffs
    return None if exact is None else list(exact.values())


def format_result(result: Any, *, exact: bool | None = None) -> str:
    """Method, completeness, each equilibrium's support, payoffs and regret, and warnings.

    Only strategies played with positive probability are listed. In exact mode
    (default: ``result.exact``) probabilities, payoffs and regret print as fractions.
    """
    exact = result.exact if exact is None else exact
    n = len(result.equilibria)
    count = f"{n} equilibri{'um' if n == 1 else 'a'}"
    complete = "complete set" if result.complete else "not a complete set"
    arith = "exact arithmetic" if result.exact else "floating point"
    lines = [
        f"Method: {result.method} ({arith}); {count} found, {complete}",
        f"Scope: {result.coverage()}",
    ]
    sel = getattr(result, "selection", None)
    if sel is not None:
        which = (
            f"equilibrium {sel.index + 1}"
            if sel.index is not None
            else "not in the list above"
            if sel.equilibrium is not None
            else "none"
        )
        lines.append(f"Selected by rule {sel.rule}: {sel.label or 'none'} ({which}); {sel.reason}")
    game = result.game
    members: dict[Any, list[int]] = {}
    for k, eq in enumerate(result.equilibria, start=1):
        if "component" in eq.properties:
            members.setdefault(eq.properties["component"], []).append(k)
    for k, eq in enumerate(result.equilibria, start=1):
        use_exact = exact and eq.exact_vectors is not None
        vectors = eq.exact_vectors if use_exact else eq.vectors
        payoffs = _exact_payoffs(eq) if use_exact else [eq.payoffs[p] for p in game.players]
        regret = eq.exact_regret if use_exact and eq.exact_regret is not None else eq.regret
        kind = "pure" if eq.is_pure else "mixed"
        lines.append("")
        shared = [j for j in members.get(eq.properties.get("component"), []) if j != k]
        joined = (
            f"; in one connected set of equilibria with {_and(shared, 'equilibrium')}"
            if shared
            else ""
        )
        lines.append(
            f"Equilibrium {k} ({kind}), regret "
            f"{format_number(regret, exact=use_exact, digits=3)}{joined}"
        )
        rows = []
        for i, p in enumerate(game.players):
            first = True
            for s, q in zip(game.strategies[i], vectors[i], strict=True):
                if q <= 0:
                    continue
                rows.append(
                    [
                        p if first else "",
                        s,
                        format_number(q, exact=use_exact),
                        format_number(payoffs[i], exact=use_exact) if first else "",
                    ]
                )
                first = False
        lines.append(format_table(["player", "strategy", "probability", "payoff"], rows))
    if not result.equilibria:
        lines.append("")
        lines.append(
            "No equilibrium found by this method. Every finite game has one (Nash "
            "1951), possibly mixed; try --method enumerate-mixed or logit."
        )
    if result.warnings:
        lines.append("")
        lines.append("Warnings:")
        for w in result.warnings:
            lines.extend(
                textwrap.wrap(
                    " ".join(str(w).split()),
                    width=88,
                    initial_indent="  - ",
                    subsequent_indent="    ",
                )
            )
    return "\n".join(lines)


def _and(numbers: Sequence[int], noun: str) -> str:
    if len(numbers) == 1:
        return f"{noun} {numbers[0]}"
    plural = noun[:-2] + "a" if noun.endswith("um") else noun + "s"
    return f"{plural} {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


def result_json(
    result: Any,
    *,
    exact: bool | None = None,
    source: str | None = None,
    comment: str | None = None,
    fixed: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The documented JSON object for a solved game (README, "JSON output").

    Probabilities, payoffs and regret are always JSON numbers. In exact mode each
    equilibrium also carries ``exact_profile`` and ``exact_payoffs`` with the
    same values as strings such as ``"1/3"``.
    """
    out = result.to_dict(exact=exact)  # the one implementation of the JSON form
    if source is not None:
        out["game"]["source"] = source
    if comment:
        out["game"]["comment"] = comment
    if fixed:
        out["game"]["fixed"] = {p: list(s) for p, s in fixed.items()}
    return out


def dumps_json(obj: Any) -> str:
    """JSON text (indented, UTF-8, no NaN/Infinity)."""
    return json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False)
