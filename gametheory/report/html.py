"""Render a :class:`~gametheory.report.Report` as one self-contained HTML page.

The page needs nothing but itself: styles are inline, figures are ``data:``
URIs, formulas are MathML (rendered by the browser, no script), and a
Content-Security-Policy forbids every network request. It opens offline and
prints as a document (print styles start each section on a new page).
jinja2 (the ``report`` extra) is imported only here.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ._format import format_cell, format_interval, format_number, format_regret, format_share

__all__ = ["render_html", "player_groups", "scoped_css", "parameter_blocks"]


#: How equilibrium properties (see :mod:`gametheory.refinements`) are named for readers.
PROPERTY_LABELS = {
    "strict": "strict",
    "pareto_efficient": "Pareto efficient among those found",
    "pareto_dominated_by": "Pareto dominated by equilibrium",
    "payoff_dominant": "payoff dominant",
    "risk_dominant": "risk dominant",
    "ess": "evolutionarily stable",
    "replicator_stable": "stable under the replicator dynamics",
    "replicator_stable_symmetric": "stable under the one-population replicator dynamics",
    "replicator_max_real": "largest real part of the replicator Jacobian",
    "component": "connected component",
}


def property_label(key: str) -> str:
    """A reader's name for an equilibrium property key."""
    return PROPERTY_LABELS.get(key, key.replace("_", " "))


def _prop(v: Any) -> str:
    if v is None:
        return "not applicable"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        return format_number(v)
    if isinstance(v, (list, tuple)):
        return ", ".join(f"#{x}" if isinstance(x, int) else _prop(x) for x in v) or "none"
    if isinstance(v, dict):
        return "; ".join(f"{k} {_prop(x)}" for k, x in v.items())
    return str(v)


@lru_cache(maxsize=1)
def _environment() -> Any:
    try:
        import jinja2
    except ImportError as exc:  # pragma: no cover - depends on the installation
        from ..errors import GameTheoryError

        raise GameTheoryError(
            "HTML reports need jinja2: install the report extra, pip install 'gametheory[report]'"
        ) from exc
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gametheory.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        trim_blocks=False,
        lstrip_blocks=False,
        undefined=jinja2.ChainableUndefined,
    )
    env.filters.update(
        num=format_number,
        share=format_share,
        ci=format_interval,
        regret=format_regret,
        cell=format_cell,
        prop=_prop,
        proplabel=property_label,
        ucfirst=lambda t: str(t)[:1].upper() + str(t)[1:],
        possessive=lambda n: f"{n}'" if str(n).endswith("s") else f"{n}'s",
    )
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env


def player_groups(model_section: dict[str, Any]) -> list[dict[str, Any]]:
    """Players for display: members of one role grouped into one entry, others alone."""
    groups: list[dict[str, Any]] = []
    by_role: dict[str, dict[str, Any]] = {}
    for p in model_section.get("players", ()):
        role = p.get("role")
        if role and role in by_role:
            by_role[role]["players"].append(p)
            continue
        g = {
            "role": role,
            "role_name": p.get("role_name") or role,
            "players": [p],
            "strategies": p.get("strategies", []),
        }
        groups.append(g)
        if role:
            by_role[role] = g
    return groups


def scoped_css(css: str, scope: str = ".gametheory-report") -> str:
    """The page's CSS with every selector limited to ``scope`` (for notebook output).

    Print rules are dropped; ``:root``, ``html`` and ``body`` become the scope itself.

    Examples
    --------
    >>> print(scoped_css(":root { --a: 1; } h1, .x b { color: red; } @media print { h1 { x: y; } }"))
    .gametheory-report { --a: 1; }
    .gametheory-report h1, .gametheory-report .x b { color: red; }
    """
    import re

    css = css.split("@media print", 1)[0]
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        scoped = []
        for sel in selectors.split(","):
            sel = sel.strip()
            scoped.append(scope if sel in (":root", "html", "body") else f"{scope} {sel}")
        rules.append(f"{', '.join(scoped)} {{{body}}}")
    return "\n".join(rules)


def _same(rows: list[dict[str, Any]], key: str) -> bool:
    return all(r[key] == rows[0][key] for r in rows)


def parameter_blocks(parameters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parameters for display: entries of one indexed parameter grouped under one header.

    A block is ``{"group", "meaning", "unit", "source", "rows"}``; for a group, ``source``
    is the source most of its entries share (or None), and each row has ``same_source``
    set when its source is that one, so the quote or note is printed once per group.
    """
    blocks: list[dict[str, Any]] = []
    for p in parameters:
        group = p.get("group")
        if group and blocks and blocks[-1]["group"] == group:
            blocks[-1]["rows"].append(p)
            continue
        blocks.append({"group": group, "rows": [p]})
    for b in blocks:
        rows = b["rows"]
        if not b["group"]:
            b.update(meaning=None, unit=None, source=None)
            continue
        b["meaning"] = rows[0]["meaning"] if _same(rows, "meaning") else None
        b["unit"] = rows[0]["unit"] if _same(rows, "unit") else None
        # the source most entries share (the group's default in the model file) is
        # printed once, in the header; entries with their own source print it
        from collections import Counter

        key = lambda r: (r["source"], tuple(r["quotes"]), r["judgement"])  # noqa: E731
        common, count = Counter(key(r) for r in rows).most_common(1)[0]
        b["source"] = (
            {"source": common[0], "quotes": list(common[1]), "judgement": common[2]}
            if count > 1
            else None
        )
        for r in rows:
            r["same_source"] = count > 1 and key(r) == common
    return blocks


def render_html(report: Any, *, fragment: bool = False) -> str:
    """The report as an HTML page (or, with ``fragment=True``, a ``<div>`` for notebooks)."""
    from importlib.resources import files

    from .. import __version__

    env = _environment()
    css = files("gametheory.report").joinpath("templates/style.css").read_text(encoding="utf-8")
    model = report.sections.get("model") or {}
    names = {p["id"]: p["name"] for p in model.get("players", ())}
    meanings = {
        p["id"]: {s["label"]: s["meaning"] for s in p.get("strategies", ())}
        for p in model.get("players", ())
    }
    text = env.get_template("report.html.j2").render(
        r=report,
        fragment=fragment,
        css=css,
        version=__version__,
        names=names,
        meanings=meanings,
        player_groups=player_groups(model),
        figures=report.figures,
        parameter_blocks=parameter_blocks([dict(p) for p in model.get("parameters", ())]),
        json=json,
    )
    if fragment:
        return f'<div class="gametheory-report"><style>{scoped_css(css)}</style>{text}</div>'
    return text
