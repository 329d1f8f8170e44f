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
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import UnderflowWarning
from ..selection import SELECTION_RULES  # the analyses accept these (underscores too)

__all__ = [
    "DeclaredModel",
    "RiskDominantEvaluator",
    "declared",
    "check_rule",
    "SELECTION_RULES",
    "branches",
    "describe_outcome",
    "mixed_equilibria_text",
    "MAX_BRANCHES",
    "MAX_MIXED_PROFILES",
]

#: Most branches a threshold scan visits (a larger product of options is not scanned).
MAX_BRANCHES = 64
#: Largest simultaneous game (pure profiles) whose mixed equilibria are enumerated.
MAX_MIXED_PROFILES = 64


#: How the batched evaluator names the rules it applies itself.
_EVALUATOR_RULES = {"payoff-dominant": "payoff_dominant", "first": "first"}


def check_rule(rule: str) -> str:
    """The canonical name of a selection rule (``"payoff_dominant"`` accepted).

    Examples
    --------
    >>> check_rule("payoff_dominant")
    'payoff-dominant'
    """
    from ..selection import check_rule as _check

    name = str(rule).strip().replace("_", "-")
    try:
        return _check(name)
    except ValueError as exc:
        from .errors import SensitivityError

        raise SensitivityError(str(exc)) from None


def declared(model: Any, select: str | None) -> Any:
    """``model`` itself (the set), or seen through the selection rule ``select``."""
    return model if select is None else DeclaredModel(model, selection=check_rule(select))


class RiskDominantEvaluator:
    """The batched evaluator, with risk dominance applied where there are several pure
    equilibria: each such sample's game is built and :func:`gametheory.selection.
    select_equilibrium` picks among its pure equilibria (Harsanyi-Selten; defined
    for exactly two strict ones, refused otherwise with a one-line error). A sample
    with one pure equilibrium keeps it."""

    def __init__(self, model: Any, fix: Mapping[str, str] | None) -> None:
        self.model, self.fix = model, dict(fix or {})
        self.inner = model.evaluator(selection="first", fix=fix)

    def __call__(self, values: Any) -> Any:
        import dataclasses

        from ..selection import select_equilibrium
        from ..solvers import solve
        from .errors import SensitivityError

        P = self.inner.matrix(values)
        out = self.inner(P)
        several = np.flatnonzero(out.n_equilibria > 1)
        if not several.size:
            return dataclasses.replace(out, selection="risk-dominant")
        actions, payoffs = out.actions.copy(), out.payoffs.copy()
        names = self.model.parameter_names
        for b in several:
            game = self.model.with_params(
                dict(zip(names, P[b], strict=True)), extend_range=True
            ).game()
            res = solve(game, method="pure")
            try:
                sel = select_equilibrium(res, "risk-dominant")
            except ValueError as exc:
                point = ", ".join(
                    f"{n}={v:.4g}"
                    for n, v in zip(names, P[b], strict=True)
                    if v != self.inner.base[names.index(n)]
                )
                raise SensitivityError(f"at {point or 'the base point'}: {exc}") from None
            eq = sel.equilibrium
            actions[b] = [
                game.strategy_index(i, eq.support(p)[0]) for i, p in enumerate(game.players)
            ]
            payoffs[b] = [eq.payoffs[p] for p in game.players]
        return dataclasses.replace(out, actions=actions, payoffs=payoffs, selection="risk-dominant")


class DeclaredModel:
    """``model`` whose ``evaluator()`` fixes ``fix`` moves and uses ``selection``."""

    def __init__(
        self, model: Any, *, fix: Mapping[str, str] | None = None, selection: str | None = None
    ) -> None:
        self.model = model
        self.fix = dict(fix or {})
        self.selection = selection

    def evaluator(self) -> Any:
        """The model's evaluator with the declared fix and selection."""
        from .errors import SensitivityError

        kwargs: dict[str, Any] = {"fix": self.fix or None}
        rule = self.selection
        if rule is None:
            return self.model.evaluator(**kwargs)
        if rule in _EVALUATOR_RULES:
            if getattr(self.model, "form", "") == "sequential":
                kwargs["selection"] = _EVALUATOR_RULES[rule]
                return self.model.evaluator(**kwargs)
            return self.model.evaluator(selection=_EVALUATOR_RULES[rule], **kwargs)
        if getattr(self.model, "form", "") == "sequential":
            raise SensitivityError(
                f"selection rule {rule!r}: the batched analyses of a "
                "sequential model apply its stages' rule (payoff-dominant "
                "or first); declare it in [form] selection"
            )
        if rule == "risk-dominant":
            return RiskDominantEvaluator(self.model, self.fix)
        raise SensitivityError(
            f"selection rule {rule!r} needs a logit path per sample, which "
            "the batched analyses do not compute; use it at single points "
            "(gametheory solve --select logit), or another rule here"
        )

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
        text = (
            f"the subgame-perfect path; where a simultaneous stage has several pure "
            f"equilibria, the model's declared rule '{model.selection}' picks one"
        )
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
    combos = list(itertools.islice(itertools.product(*[p.strategies for p in movers]), limit + 1))
    if len(combos) > limit:
        return []
    return [
        (
            " / ".join(f"{p.id} {s}" for p, s in zip(movers, combo, strict=True)),
            {p.id: s for p, s in zip(movers, combo, strict=True)},
        )
        for combo in combos
    ]


def mixed_equilibria_text(
    model: Any, names: Sequence[str], point: np.ndarray, *, max_profiles: int = MAX_MIXED_PROFILES
) -> str:
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

    with warnings.catch_warnings():  # the evaluated table flags these points already
        warnings.simplefilter("ignore", UnderflowWarning)
        game = model.with_params(
            dict(zip(names, (float(x) for x in point), strict=True)), extend_range=True
        ).game()
    try:
        res = solve(game, method="enumerate" if len(shape) == 2 else "enumerate-mixed")
    except Exception as exc:  # noqa: BLE001 - a solver refusal is reported, not raised
        return f"not computed ({type(exc).__name__}: {exc})"
    mixed = [e.label() for e in res if not e.is_pure]
    text = "; ".join(mixed) if mixed else "none"
    return text if res.complete else f"at least: {text} (search incomplete)"
