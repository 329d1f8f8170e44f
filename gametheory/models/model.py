"""The :class:`Model`: a frozen, named set of sourced parameters and payoff formulas.

A model is built by :func:`load_model` (a file) or :func:`parse_model_text` (its
text); it never changes. :meth:`Model.with_params` and :meth:`Model.with_ranges`
return new models that share the compiled formulas (:attr:`Model.compiled`, a
:class:`~gametheory.models.compiled.CompiledModel`, which keeps parameters as
symbols), so a sweep over thousands of parameter values compiles nothing again.

A simultaneous model is a :class:`SimultaneousModel` and a sequential one a
:class:`SequentialModel`; both are :class:`Model` s, and their :meth:`~Model.game`
and :meth:`~Model.solve` say which type they return: :class:`Model` is generic in
the two (``Model[GameT, ResultT]``), and each subclass names them once.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import math
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, cast

import numpy as np
import sympy
from typing_extensions import TypeVar

from ..errors import ModelError, UnderflowWarning
from ..suggest import hint as suggest_hint
from .compiled import CompiledModel, check_finite, fast_lambdify, shape_text
from .expr import indicator
from .loader import TreeSource, read_model_definition, read_model_file
from .params import ParameterEdits
from .parts import ModelDefinition, ModelHeader, Parameter, Player, Role
from .tree_loader import build_tree_model
from .tree_model import TreeModel
from .underflow import underflow_warning

if TYPE_CHECKING:
    from ..game import NormalFormGame
    from ..result import EquilibriumResult
    from .evaluate import Evaluator
    from .seqresult import SequentialResult
    from .sequential import SequentialGame

__all__ = [
    "Model",
    "SimultaneousModel",
    "SequentialModel",
    "load_model",
    "parse_model_text",
    "Parameter",
    "Player",
    "Role",
    "CompiledModel",
    "fast_lambdify",
    "check_finite",
    "shape_text",
]


#: The game type of a model (:meth:`Model.game`); a plain ``Model`` may return either.
#: Covariant (it is only returned), so every model is a ``Model``.
GameT = TypeVar(
    "GameT",
    bound="NormalFormGame | SequentialGame",
    default="NormalFormGame | SequentialGame",
    covariant=True,
)
#: The result type of a model (:meth:`Model.solve`).
ResultT = TypeVar(
    "ResultT",
    bound="EquilibriumResult | SequentialResult",
    default="EquilibriumResult | SequentialResult",
    covariant=True,
)

#: Largest exact payoff table (profiles x players): each cell is a sympy substitution.
MAX_EXACT_TABLE_CELLS = 200_000
#: Values computed per chunk while a payoff table is built (bounds the temporaries).
_CHUNK_CELLS = 4_000_000


@dataclass(frozen=True, eq=False)
class Model(ModelHeader, ParameterEdits, Generic[GameT, ResultT]):
    """A model: players, strategies, sourced parameters and payoff formulas.

    Build one with :func:`~gametheory.models.load_model` (or
    :meth:`Model.from_toml`); change it with :meth:`with_params`, which returns a
    new model. Generic in the types :meth:`game` and :meth:`solve` return, which
    :class:`SimultaneousModel` and :class:`SequentialModel` fix.

    Attributes
    ----------
    id, title, description, source : str
    path : pathlib.Path or None
    sha256 : str
        Of the file's bytes, to tie results to the exact model file.
    form : {"simultaneous", "sequential"}
        A :class:`SimultaneousModel` or a :class:`SequentialModel`, respectively.
    players : tuple of Player
    roles : dict of str to Role
    parameters : dict of str to Parameter
        Keyed by flattened name (``"trade_dep.AUS"``), in file order.
    stages : tuple of tuple of str
        Player ids moving in each stage (sequential models).
    selection : str
        Default rule for choosing among several stage equilibria.
    compiled : CompiledModel
        The payoff formulas compiled for numpy (shared by :meth:`with_params`).
    scenarios : dict
        ``[scenarios.NAME]`` of the model file (:mod:`gametheory.models.scenarios`).

    Examples
    --------
    >>> import gametheory.models as gm, pathlib
    >>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "us_china.toml")
    >>> m2 = m.with_params(us_war_cost=m.parameters["us_war_cost"].high)
    >>> m2 is m, m2.values["us_war_cost"] == m.parameters["us_war_cost"].high
    (False, True)
    """

    compiled: CompiledModel = field(repr=False)
    scenarios: dict[str, Any] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------ construction
    @staticmethod
    def from_definition(definition: ModelDefinition) -> Model:
        """The model a validated definition describes, its formulas compiled.

        Returns a :class:`SimultaneousModel` or a :class:`SequentialModel` by the
        definition's ``form``.
        """
        compiled = CompiledModel(
            players=definition.players,
            formulas=definition.formulas,
            scope=definition.scope,
            parameter_names=tuple(definition.parameters),
        )
        model_class = _MODEL_CLASSES.get(definition.form, Model)
        return model_class(
            **definition.header_fields(),
            compiled=compiled,
            scenarios=definition.scenarios,
        )

    @staticmethod
    def from_toml(text: str | bytes, *, source: str = "<text>") -> Model | TreeModel:
        """Build a model from the text of a model file (see models/FORMAT.md)."""
        return parse_model_text(text, source=source)

    def __post_init__(self) -> None:
        expected = _MODEL_CLASSES.get(self.form)
        if expected is not None and type(self) is not Model and not isinstance(self, expected):
            raise ModelError(
                f"{self.location}: a {type(self).__name__} cannot have form {self.form!r}"
            )

    # ------------------------------------------------------------- accessors
    @property
    def player_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.players)

    def player(self, player_id: str) -> Player:
        """The player with this id (:class:`ModelError` naming close matches otherwise)."""
        for p in self.players:
            if p.id == player_id:
                return p
        raise ModelError(
            f"{self.location}: unknown player {player_id!r}{_hint(player_id, self.player_ids)}"
        )

    # ------------------------------------------------------------- changes
    # -------------------------------------------------------------- formulas
    def payoff_expression(self, player: str, *, substitute: bool = False) -> sympy.Expr:
        """The player's payoff as a sympy expression.

        Parameters are symbols named by their flattened names; ``Symbol("P=s")``
        is 1 when player ``P`` plays ``s``. With ``substitute=True`` the current
        parameter values are put in (as exact rationals).
        """
        self.player(player)
        expr = self.compiled.expressions[player]
        if substitute:
            expr = expr.xreplace(self._rational_values())
        return expr

    def payoff_latex(self, player: str) -> str:
        """LaTeX of :meth:`payoff_expression` with readable symbol names."""
        expr = self.payoff_expression(player)
        names = {}
        for s in expr.free_symbols:
            text = str(s)
            if "=" in text:
                p, st = text.split("=", 1)
                names[s] = rf"\mathbb{{1}}[\mathrm{{{p}}}={_tex(st)}]"
            elif "." in text:
                g, ix = text.split(".", 1)
                names[s] = rf"\mathit{{{_tex(g)}}}_{{\mathrm{{{ix}}}}}"
            else:
                names[s] = rf"\mathit{{{_tex(text)}}}"
        return sympy.latex(expr, symbol_names=names)

    def _rational_values(self) -> dict[sympy.Symbol, sympy.Rational]:
        return {sympy.Symbol(n): sympy.Rational(repr(p.value)) for n, p in self.parameters.items()}

    def payoffs(self, profile: Mapping[str, str]) -> dict[str, float]:
        """Every player's payoff at a pure profile ``{player: strategy}``."""
        idx = self._profile_indices(profile)
        vals = self.compiled.payoffs(self.value_vector(), np.array([idx]))[0]
        return {p.id: float(v) for p, v in zip(self.players, vals, strict=True)}

    def _profile_indices(self, profile: Mapping[str, str]) -> list[int]:
        out = []
        for p in self.players:
            if p.id not in profile:
                raise ModelError(f"{self.location}: no strategy given for player {p.id!r}")
            s = profile[p.id]
            if s not in p.strategies:
                raise ModelError(
                    f"{self.location}: player {p.id!r} has no strategy {s!r}"
                    f"{_hint(str(s), p.strategies)}"
                )
            out.append(p.strategies.index(s))
        return out

    # ---------------------------------------------------------------- games
    def game(
        self,
        *,
        exact: bool = False,
        max_profiles: int | None = None,
        fix: Mapping[str, Any] | None = None,
    ) -> GameT:
        """The game: a :class:`~gametheory.NormalFormGame` (simultaneous models) or a
        :class:`~gametheory.models.sequential.SequentialGame` (sequential ones).

        With ``exact=True`` (simultaneous models) payoffs are exact rationals, the
        parameter values being read as the decimals they are written as.

        The table's size is checked before anything is built: pure profiles times
        players may not pass :data:`~gametheory.budget.MAX_TABLE_CELLS` (exact:
        :data:`MAX_EXACT_TABLE_CELLS`), unless ``max_profiles`` raises the limit (up
        to :data:`~gametheory.game.MAX_PROFILES` profiles). ``fix`` (``{player:
        strategy or strategies}``) builds only the restricted table, which is the
        same as ``model.game().restrict(fix)``.

        Float payoffs that fall below the floating-point range while the formulas are
        evaluated (``exp(-800 * p)``, or ``p * p`` at ``p = 1e-200``) become 0 or
        imprecise: the game is built, and a :class:`~gametheory.errors.UnderflowWarning`
        naming the players is issued (:meth:`solve` puts the same text in the result's
        ``warnings`` and does not claim the list complete).

        Raises
        ------
        BudgetError
            Past the budget, naming the size, the limit and what to do instead.
        ModelError
            When a payoff is not a finite real number at some profile (the message
            names the player, the profile and the parameter values).
        """
        # the form is checked on construction: a SequentialModel's game is its
        # stages, a SimultaneousModel's a normal-form game
        if self.form == "sequential":
            from .sequential import SequentialGame

            return cast("GameT", SequentialGame.from_model(self))
        notes: list[str] = []
        game = self._table_game(exact=exact, max_profiles=max_profiles, fix=fix, notes=notes)
        for note in notes:  # no result carries it here: a Python warning
            warnings.warn(note, UnderflowWarning, stacklevel=2)
        return cast("GameT", game)

    def _table_game(
        self,
        *,
        exact: bool,
        max_profiles: int | None,
        fix: Mapping[str, Any] | None,
        notes: list[str] | None = None,
    ) -> NormalFormGame:
        """The normal-form game of a simultaneous model (see :meth:`game`); a warning
        for every player whose float payoffs underflowed is appended to ``notes``."""
        from ..budget import MAX_TABLE_CELLS, check_budget
        from ..game import MAX_PROFILES, NormalFormGame

        fix = dict(fix or {})
        keep = []
        for p in self.players:
            chosen = fix.get(p.id)
            if chosen is None:
                keep.append(list(range(len(p.strategies))))
                continue
            chosen = [chosen] if isinstance(chosen, str) else list(chosen)
            for c in chosen:
                if c not in p.strategies:
                    raise ModelError(
                        f"{self.location}: player {p.id!r} has no strategy {c!r}"
                        f"{_hint(str(c), p.strategies)}"
                    )
            keep.append([k for k, s in enumerate(p.strategies) if s in chosen])
        shape = tuple(len(k) for k in keep)
        n_players = len(shape)
        n_profiles = math.prod(shape)
        size = shape_text(shape)
        advice = "fix some players' strategies (fix= / --fix), solve a smaller model" + (
            "" if exact else ", or raise the limit with max_profiles= (--max-profiles)"
        )
        if max_profiles is not None:
            if (
                isinstance(max_profiles, bool)
                or not isinstance(max_profiles, int)
                or max_profiles < 1
            ):
                raise ModelError(f"max_profiles must be a positive integer, got {max_profiles!r}")
            check_budget(
                f"{self.location}: the {size} payoff table",
                n_profiles,
                min(max_profiles, MAX_PROFILES),
                unit="pure profiles",
                advice="fix some players' strategies (fix= / --fix) or solve a smaller model",
            )
        limit = MAX_EXACT_TABLE_CELLS if exact else MAX_TABLE_CELLS
        if max_profiles is None or exact:
            check_budget(
                f"{self.location}: the {size} payoff table{' in exact arithmetic' if exact else ''}",
                n_profiles * n_players,
                limit,
                unit="cells (profiles x players)",
                advice=advice,
            )
        labels: dict[str, Any] = dict(
            players=[p.id for p in self.players],
            strategies=[
                [p.strategies[k] for k in kp] for p, kp in zip(self.players, keep, strict=True)
            ],
            title=self.title,
        )
        index = [np.asarray(k) for k in keep]
        if not exact:
            values = np.empty((n_profiles, n_players))
            step = max(
                1, _CHUNK_CELLS // max(1, n_players + sum(len(p.strategies) for p in self.players))
            )
            base = self.value_vector()
            lost: list[str] = []
            for start in range(0, n_profiles, step):
                flat = np.arange(start, min(n_profiles, start + step))
                positions = np.unravel_index(flat, shape)
                profiles = np.stack([index[i][positions[i]] for i in range(n_players)], axis=1)
                try:
                    values[start : start + len(flat)] = self.compiled.payoffs(
                        base, profiles, underflow=lost
                    )
                except ModelError as exc:
                    raise ModelError(f"{self.location}: {exc}") from None
            if notes is not None and lost:
                notes.append(underflow_warning(self.location, lost))
            return NormalFormGame(values.reshape(*shape, n_players), **labels)
        subs = self._rational_values()
        exprs = [self.compiled.expressions[p.id].xreplace(subs) for p in self.players]
        cells = np.empty((n_profiles, n_players), dtype=object)
        for r, local in enumerate(itertools.product(*[range(n) for n in shape])):
            prof = [keep[i][k] for i, k in enumerate(local)]
            ind = {
                # sympy integers: xreplace returns the replacement itself for a formula
                # that is one indicator, and a plain int has no is_Rational
                indicator(p.id, s): sympy.Integer(int(k == prof[i]))
                for i, p in enumerate(self.players)
                for k, s in enumerate(p.strategies)
            }
            for i, e in enumerate(exprs):
                v = e.xreplace(ind) if e.free_symbols else e
                if not v.is_Rational and v.is_number and v.count_ops() <= 200:
                    v = sympy.simplify(v)
                if not v.is_Rational:
                    at = ", ".join(
                        f"{p.id}={p.strategies[prof[j]]}" for j, p in enumerate(self.players)
                    )
                    what = (
                        "infinite or undefined"
                        if v.has(sympy.zoo, sympy.oo, sympy.nan) or v.is_finite is False
                        else "complex"
                        if v.is_number and v.is_extended_real is False
                        else "not a rational number"
                    )
                    shown = str(v) if len(str(v)) <= 60 else str(v)[:57] + "..."
                    raise ModelError(
                        f"{self.location}: {self.players[i].id}'s payoff is {what} "
                        f"({shown}) at profile {at} with the parameters' base "
                        "values; exact payoffs need rational arithmetic "
                        "(use exact=False, or check the formula)"
                    )
                cells[r, i] = Fraction(int(v.p), int(v.q))
        return NormalFormGame(cells.reshape(*shape, n_players), **labels)

    def solve(
        self,
        *,
        fix: Mapping[str, str] | None = None,
        method: str = "auto",
        exact: bool = False,
        selection: str | None = None,
        tol: float | None = None,
        select: str | None = None,
        max_profiles: int | None = None,
        max_vertices: int | None = None,
        max_equilibria: int | None = None,
    ) -> ResultT:
        """Solve the model.

        Simultaneous models: ``gametheory.solvers.solve`` on :meth:`game`
        (restricted by ``fix``), an :class:`~gametheory.EquilibriumResult`; ``select``
        names a rule of :data:`gametheory.selection.SELECTION_RULES` whose pick is the
        result's ``selection``. Sequential models: backward induction, a
        :class:`~gametheory.models.sequential.SequentialResult`; ``fix`` pins players'
        moves (``{"USA": "pacific_nato"}`` solves that subgame) and ``select`` (or the
        older ``selection``, in the model file's spelling) overrides the model's rule
        for picking among several stage equilibria. ``max_profiles`` raises the size
        budget of the payoff table (see :meth:`game`); ``max_vertices`` that of
        vertex enumeration (method ``"enumerate"``, the two-player default; see
        :func:`gametheory.solvers.enumerate_equilibria`); ``max_equilibria`` caps the
        list of method ``"pure"``. ``method`` must be ``"auto"`` (or
        ``"backward-induction"``) and ``exact`` False for sequential models.

        Raises
        ------
        ModelError
            For an unknown ``method`` or ``select`` rule, a non-boolean ``exact``, or
            options that do not apply to a sequential model (one line each).
        """
        self._check_solve_options(method=method, exact=exact, select=select, selection=selection)
        for name, value in (("max_vertices", max_vertices), ("max_equilibria", max_equilibria)):
            if value is not None and self.form == "sequential":
                raise ModelError(
                    f"{self.location}: {name} does not apply: a sequential model is "
                    "solved by backward induction"
                )
        fix = dict(fix or {})
        for pid, chosen in fix.items():
            for s in [chosen] if isinstance(chosen, str) else list(chosen):
                if s not in self.player(pid).strategies:
                    raise ModelError(
                        f"{self.location}: player {pid!r} has no strategy {s!r}"
                        f"{_hint(str(s), self.player(pid).strategies)}"
                    )
            if self.form == "sequential" and not isinstance(chosen, str):
                raise ModelError(
                    f"{self.location}: fix one strategy per player in a "
                    f"sequential model, got {chosen!r} for {pid!r}"
                )
        if self.form == "sequential":
            from .sequential import solve_sequential

            rule = select if select is not None else (selection or self.selection)
            return cast("ResultT", solve_sequential(self, fix=fix, selection=rule))
        from ..solvers import solve as solve_game

        notes: list[str] = []
        game = self._table_game(exact=exact, fix=fix, max_profiles=max_profiles, notes=notes)
        kwargs: dict[str, Any] = {"method": method, "exact": exact}
        if tol is not None:
            kwargs["tol"] = tol
        if select is not None:
            kwargs["select"] = select
        if max_vertices is not None:
            kwargs["max_vertices"] = max_vertices
        if max_equilibria is not None:
            kwargs["max_equilibria"] = max_equilibria
        result = solve_game(game, **kwargs)
        if notes:  # payoffs lost to underflow could change the answer: not certain
            result = dataclasses.replace(
                result, warnings=(*result.warnings, *notes), complete=False
            )
        return cast("ResultT", result)

    def _check_solve_options(self, *, method: Any, exact: Any, select: Any, selection: Any) -> None:
        """One-line :class:`ModelError` for an option :meth:`solve` cannot honour."""
        from ..selection import SelectionError, check_rule
        from ..solvers import SOLVERS

        name = self.location
        if not isinstance(exact, (bool, np.bool_)):
            raise ModelError(f"{name}: exact must be True or False, got {exact!r}")
        if select is not None:
            try:
                check_rule(select)
            except SelectionError as exc:
                raise ModelError(f"{name}: {exc}") from None
        if select is not None and selection is not None:
            raise ModelError(
                f"{name}: give the selection rule once (select={select!r} and "
                f"selection={selection!r})"
            )
        if self.form == "sequential":
            if method not in ("auto", "backward-induction"):
                raise ModelError(
                    f"{name}: method {method!r} does not apply: a sequential "
                    "model is solved by backward induction (method 'auto')"
                )
            if exact:
                raise ModelError(
                    f"{name}: exact=True is not available for sequential models "
                    "(payoffs are compared in floating point, ties within 1e-9 times each player's payoff spread)"
                )
            return
        if not isinstance(method, str) or (method != "auto" and method not in SOLVERS):
            raise ModelError(
                f"{name}: unknown method {method!r}; methods: auto, {', '.join(SOLVERS)}"
            )

    def evaluator(
        self, *, selection: str | None = None, fix: Mapping[str, str] | None = None
    ) -> Evaluator:
        """A vectorised function from parameter samples to outcomes.

        Returns an :class:`~gametheory.models.evaluate.Evaluator`: call it with an
        array of shape ``(n, k)`` (columns in :attr:`parameter_names` order) or a
        mapping of names to arrays; it returns a
        :class:`~gametheory.models.evaluate.BatchOutcome`.
        """
        from .evaluate import make_evaluator

        return make_evaluator(self, selection=selection or self.selection, fix=fix)

    # --------------------------------------------------------------- display
    def __repr__(self) -> str:
        return (
            f"<Model {self.id!r} {self.form}: {len(self.players)} players, "
            f"{len(self.parameters)} parameters>"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        players = ", ".join(esc(p.id) for p in self.players)
        return (
            f"<p><b>{esc(self.title)}</b> (<code>{esc(self.id)}</code>, {self.form})<br>"
            f"{esc(self.description)}<br>Players: {players}</p>"
            + self.to_frame().to_html(index=False)
        )


class SimultaneousModel(Model["NormalFormGame", "EquilibriumResult"]):
    """A model whose players all move at once: its game is a normal-form game.

    :func:`load_model` returns one for ``form = "simultaneous"``; everything else is
    as for :class:`Model`, with the return types of :meth:`~Model.game` (a
    :class:`~gametheory.NormalFormGame`) and :meth:`~Model.solve` (an
    :class:`~gametheory.EquilibriumResult`) narrowed.
    """


class SequentialModel(Model["SequentialGame", "SequentialResult"]):
    """A model played in stages: its game is a :class:`~.sequential.SequentialGame`.

    :func:`load_model` returns one for ``form = "sequential"``; :meth:`~Model.solve`
    uses backward induction and returns a :class:`~.seqresult.SequentialResult`.
    """


#: The model class of each ``form`` (any other form builds a plain :class:`Model`).
_MODEL_CLASSES: dict[str, type[Model]] = {
    "simultaneous": SimultaneousModel,
    "sequential": SequentialModel,
}


def load_model(path: str | os.PathLike[str]) -> Model | TreeModel:
    """Load and validate a model file.

    Parameters
    ----------
    path : str or path-like
        A ``.toml`` model file.

    Returns
    -------
    Model
        A :class:`SimultaneousModel` or a :class:`SequentialModel`, by the file's form.

    Raises
    ------
    ModelError
        With a one-line message ``<file>:<line>: <field>: <problem>``.
    OSError
        If the file cannot be read.

    Examples
    --------
    >>> import gametheory.models as gm, pathlib
    >>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "us_china.toml")
    >>> m.id, [p.id for p in m.players], type(m).__name__
    ('us_china', ['USA', 'CHN'], 'SimultaneousModel')
    """
    return _build_model(read_model_file(path))


def parse_model_text(
    text: str | bytes, *, source: str = "<text>", path: Path | None = None
) -> Model | TreeModel:
    """Validate the text of a model file and build the :class:`Model` (see :func:`load_model`)."""
    return _build_model(read_model_definition(text, source=source, path=path))


def _build_model(read: ModelDefinition | TreeSource) -> Model | TreeModel:
    if isinstance(read, TreeSource):  # form = "tree": a game tree (gametheory.models.tree_loader)
        return build_tree_model(read.ctx, read.data, meta=read.meta, path=read.path, sha=read.sha)
    return Model.from_definition(read)


def _hint(name: str, known: Any, n: int = 3) -> str:
    return suggest_hint(name, known, n=n)


def _tex(s: str) -> str:
    return s.replace("_", r"\_")
