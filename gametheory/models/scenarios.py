"""Named parameter settings with provenance: ``[scenarios.NAME]`` in a model file.

A scenario is a historical episode or a what-if, stated as data::

    [scenarios.quad_2007]
    description = "The first Quad: one meeting, then Australia left (Rudd)"
    quote = ["Australia withdrew in 2008 as part of the new Rudd government’s ..."]
    judgement = "why these values"            # optional, as for parameters
    values = { "china_tilt.AUS" = 0.3 }        # parameter -> value (may leave its range)
    fix = { USA = "quad_plus", TPP = "no_tpp" } # the moves history fixed (optional)
    expect = { AUS = ["hedge", "cooperate"] }  # the episode's outcome (a back-test)

:meth:`Scenario.apply` gives the model with the values (ranges widened where a
value lies outside them, on purpose: a scenario is a different world);
``gametheory solve MODEL --scenario NAME`` solves it, and ``gametheory compare``
contrasts two. ``expect`` makes each scenario a back-test: :func:`backtest` says
whether the solved path matches the episode as the source describes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import ModelError

__all__ = ["Scenario", "parse_scenarios", "backtest", "scenario"]

_KEYS = ("description", "quote", "judgement", "values", "fix", "expect")


@dataclass(frozen=True)
class Scenario:
    """One named setting; see the module docstring."""

    name: str
    description: str
    quotes: tuple[str, ...] = ()
    judgement: str = ""
    values: dict[str, float] = field(default_factory=dict)
    fix: dict[str, str] = field(default_factory=dict)
    expect: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def apply(self, model: Any) -> Any:
        """The model with this scenario's parameter values."""
        return model.with_params(self.values, extend_range=True) if self.values else model

    def solve(self, model: Any, **kw: Any) -> Any:
        """Solve the scenario (its ``fix`` merged with any given)."""
        fix = {**self.fix, **(kw.pop("fix", None) or {})}
        return self.apply(model).solve(fix=fix or None, **kw)


def parse_scenarios(
    raw: Any, *, where: str, players: dict[str, tuple[str, ...]], parameters: Any
) -> dict[str, Scenario]:
    """Check the ``scenarios`` table of a model file (one-line errors naming the field)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ModelError(f"{where}: scenarios: must be a table of [scenarios.NAME] tables")
    out = {}
    for name, t in raw.items():
        at = f"{where}: scenarios.{name}"
        if not isinstance(t, dict):
            raise ModelError(f"{at}: must be a table")
        bad = set(t) - set(_KEYS)
        if bad:
            raise ModelError(f"{at}.{sorted(bad)[0]}: unknown key (allowed: {', '.join(_KEYS)})")
        if not isinstance(t.get("description"), str):
            raise ModelError(f"{at}.description: missing (required)")
        quotes = t.get("quote", ())
        quotes = (quotes,) if isinstance(quotes, str) else tuple(quotes)
        if not quotes and not t.get("judgement"):
            raise ModelError(f"{at}: needs a quote or a judgement (its provenance)")
        values = {}
        for k, v in (t.get("values") or {}).items():
            if k not in parameters:
                raise ModelError(f"{at}.values: unknown parameter {k!r}")
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ModelError(f"{at}.values.{k}: must be a number, got {v!r}")
            values[k] = float(v)
        fix = {}
        for p, s in (t.get("fix") or {}).items():
            if p not in players or s not in players[p]:
                raise ModelError(f"{at}.fix.{p}: unknown player or strategy {s!r}")
            fix[p] = s
        expect = {}
        for p, ss in (t.get("expect") or {}).items():
            ss = (ss,) if isinstance(ss, str) else tuple(ss)
            if p not in players or any(s not in players[p] for s in ss):
                raise ModelError(f"{at}.expect.{p}: unknown player or strategy in {list(ss)}")
            expect[p] = ss
        out[name] = Scenario(
            name=name,
            description=t["description"],
            quotes=quotes,
            judgement=str(t.get("judgement", "")),
            values=values,
            fix=fix,
            expect=expect,
        )
    return out


def scenario(model: Any, name: str) -> Scenario:
    """The model's scenario ``name`` (a one-line error listing the known ones)."""
    known = getattr(model, "scenarios", {}) or {}
    if name not in known:
        have = ", ".join(known) or "none"
        raise ModelError(f"{model.id}: no scenario {name!r} (scenarios: {have})")
    return known[name]


def backtest(model: Any, name: str) -> dict[str, tuple[str, tuple[str, ...], bool]]:
    """Solve scenario ``name`` and compare with its ``expect``:
    ``{player: (played, expected, matches)}``."""
    sc = scenario(model, name)
    path = sc.solve(model).path
    return {p: (path[p], ss, path[p] in ss) for p, ss in sc.expect.items()}
