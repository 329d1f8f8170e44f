"""A model seen through a declared outcome: earlier moves fixed, a selection rule named.

The analyses call ``model.evaluator()`` with no arguments (also in worker
processes). :class:`DeclaredModel` wraps a model so that its ``evaluator()`` is the
model's evaluator for one branch of a sequential game (``fix={"USA":
"pacific_nato"}``) or under a named selection rule, and everything else is the
model's. :func:`branches` lists the branches of a sequential model that the
threshold scan visits: every option of every mover of the single-mover stages
that open the game (the US structure of the flagship), never the last stage.
:func:`mixed_equilibria_text` describes the mixed equilibria of a small
simultaneous model at one point.

Examples
--------
>>> import pathlib, gametheory
>>> from gametheory.models import load_model
>>> root = pathlib.Path(gametheory.__file__).parents[1]
>>> [name for name, _ in branches(load_model(root / "models" / "regional_state.toml"))]
['STATE cooperate', 'STATE hedge', 'STATE compete']
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["DeclaredModel", "declared", "check_rule", "SELECTION_RULES", "branches",
           "describe_outcome", "mixed_equilibria_text",
           "MAX_BRANCHES", "MAX_MIXED_PROFILES"]

#: Most branches a threshold scan visits (a larger product of options is not scanned).
MAX_BRANCHES = 64
#: Largest simultaneous game (pure profiles) whose mixed equilibria are enumerated.
MAX_MIXED_PROFILES = 64


#: Selection rules the batched evaluator applies among several pure equilibria
#: (``payoff_dominant``: highest total payoff; ``first``: first in file order;
#: ``risk_averse``: highest minimum payoff); hyphens are accepted for underscores.
SELECTION_RULES = ("payoff_dominant", "first", "risk_averse")


def check_rule(rule: str) -> str:
    """The evaluator's name of a selection rule (``"payoff-dominant"`` accepted)."""
    from .errors import SensitivityError

    name = str(rule).strip().replace("-", "_")
    if name not in SELECTION_RULES:
        raise SensitivityError(f"unknown selection rule {rule!r} (choose from "
                               f"{', '.join(r.replace('_', '-') for r in SELECTION_RULES)})")
    return name


def declared(model: Any, select: str | None) -> Any:
    """``model`` itself (the set), or seen through the selection rule ``select``."""
    return model if select is None else DeclaredModel(model, selection=check_rule(select))


class DeclaredModel:
    """``model`` whose ``evaluator()`` fixes ``fix`` moves and uses ``selection``."""

    def __init__(self, model: Any, *, fix: Mapping[str, str] | None = None,
                 selection: str | None = None) -> None:
        self.model = model
        self.fix = dict(fix or {})
        self.selection = selection

    def evaluator(self) -> Any:
        """The model's evaluator with the declared fix and selection."""
        kwargs: dict[str, Any] = {"fix": self.fix or None}
        if self.selection is not None:
            kwargs["selection"] = self.selection
        return self.model.evaluator(**kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "model":
            raise AttributeError(name)
        return getattr(self.model, name)

    def __getstate__(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def describe_outcome(model: Any, outcome: str = "set") -> str:
    """One sentence: what the analyses of ``model`` follow under ``outcome``.

    Examples
    --------
    >>> import pathlib, gametheory
    >>> from gametheory.models import load_model
    >>> m = load_model(pathlib.Path(gametheory.__file__).parents[1] / "models" / "us_china.toml")
    >>> describe_outcome(m)
    'the set of pure equilibria (all of them, no selection rule)'
    """
    sequential = getattr(model, "form", "") == "sequential"
    if sequential:
        text = (f"the subgame-perfect path; where a simultaneous stage has several pure "
                f"equilibria, the model's declared rule '{model.selection}' picks one")
        if outcome != "set":
            text += f" (stage selection '{outcome}' as asked)"
        return text
    if outcome == "set":
        return "the set of pure equilibria (all of them, no selection rule)"
    return f"the set of pure equilibria, and the one selected by the rule '{outcome}'"


def branches(model: Any, *, limit: int = MAX_BRANCHES) -> list[tuple[str, dict[str, str]]]:
    """``[(name, fix), ...]``: every combination of options of the opening single movers.

    Empty for simultaneous models, for a sequential model whose first stage is
    simultaneous, and when there are more than ``limit`` combinations.
    """
    if getattr(model, "form", "") != "sequential":
        return []
    stages = list(model.stages)
    movers = []
    for stage in stages[:-1]:
        if len(stage) != 1:
            break
        movers.append(model.player(stage[0]))
    if not movers:
        return []
    combos = list(itertools.islice(itertools.product(*[p.strategies for p in movers]),
                                   limit + 1))
    if len(combos) > limit:
        return []
    return [(" / ".join(f"{p.id} {s}" for p, s in zip(movers, combo, strict=True)),
             {p.id: s for p, s in zip(movers, combo, strict=True)}) for combo in combos]


def mixed_equilibria_text(model: Any, names: Sequence[str], point: np.ndarray, *,
                          max_profiles: int = MAX_MIXED_PROFILES) -> str:
    """The mixed (not pure) equilibria of a small simultaneous model at ``point``.

    ``"none"`` when every equilibrium is pure; ``"not computed (...)"`` with the reason
    for sequential models and games of more than ``max_profiles`` pure profiles.
    """
    if getattr(model, "form", "") == "sequential":
        return "not computed (sequential model: the batched path finds pure stage equilibria)"
    shape = [len(p.strategies) for p in model.players]
    M = int(np.prod(shape))
    if M > max_profiles:
        return f"not computed ({M} pure profiles, more than {max_profiles})"
    from ..solvers import solve

    game = model.with_params(dict(zip(names, (float(x) for x in point), strict=True)),
                             extend_range=True).game()
    try:
        res = solve(game, method="enumerate" if len(shape) == 2 else "enumerate-mixed")
    except Exception as exc:  # noqa: BLE001 - a solver refusal is reported, not raised
        return f"not computed ({type(exc).__name__}: {exc})"
    mixed = [e.label() for e in res if not e.is_pure]
    text = "; ".join(mixed) if mixed else "none"
    return text if res.complete else f"at least: {text} (search incomplete)"
