"""Model files with game trees: :class:`TreeModel` (``[model] form = "tree"``).

A tree model is read by :func:`gametheory.models.load_model` like the other model
files (its ``[nodes.ID]`` tables are validated by :mod:`gametheory.models.tree_loader`)
and holds the same sourced parameters. Its chance probabilities and terminal payoffs
are formulas over the parameters; :meth:`TreeModel.game` builds the
:class:`~gametheory.extensive.ExtensiveFormGame` at the model's parameter values, so
``model.with_params(...).game()`` is the tree at any other parameter vector.

:meth:`TreeModel.solve` solves the tree with the extensive-form solvers. The default
(``method="auto"``) is ``spe``: every subgame-perfect equilibrium found by backward
induction (a subgame with imperfect information, such as a move by a player who does
not know the outcome of a chance move, is solved through its normal form). The Nash
equilibria that rest on non-credible threats are left out on purpose; ask for them with
``method="enumerate"`` (all equilibria through the reduced normal form, for small
trees). Every equilibrium returned carries its regret, recomputed from the tree.

The analyses (``thresholds``, ``sweep``, ``sensitivity``, ``report``) see a tree model
through :meth:`TreeModel.evaluator`: one outcome column per player (its expected
payoff, and the actions it takes on the equilibrium path) and one per information set
(the action chosen there, on or off the path). See :mod:`gametheory.models.tree_batch`.

Examples
--------
>>> import gametheory.models as gm, pathlib
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "entry_deterrence.toml")
>>> m.form, m.player_ids
('tree', ('Entrant', 'Incumbent', 'enter', 'respond'))
>>> [e.label() for e in m.solve()]
['Entrant in / Incumbent accommodate']
>>> [e.label() for e in m.with_params(fight_cost=0.5).solve()]
['Entrant out / Incumbent fight']
"""

from __future__ import annotations

import dataclasses
import html
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import sympy

from ..errors import ModelError, UnderflowWarning
from ..suggest import hint as _hint
from .expr import Formula
from .params import ParameterEdits
from .parts import Parameter, Player
from .underflow import evaluate_formula, float_of, underflow_warning, watch_underflow

__all__ = ["TreeModel", "TreeNode", "Decision", "TREE_METHODS", "MAX_TREE_NODES"]

#: Most nodes a tree model may have (checked before anything is built).
MAX_TREE_NODES = 5_000

#: Methods :meth:`TreeModel.solve` takes (``auto`` is ``spe``).
TREE_METHODS = ("auto", "spe", "enumerate", "pure", "lcp", "logit")


@dataclass(frozen=True)
class TreeNode:
    """One node of a tree model, in pre-order (``index`` 0 is the root).

    ``kind`` is ``"decision"``, ``"chance"`` or ``"terminal"``. Decision nodes have
    ``player`` and ``infoset`` (the information set's id); chance nodes have one
    probability formula per action; terminal nodes one payoff formula per player
    (``outcome`` names the ``[outcomes.NAME]`` table they came from, if any).
    """

    index: int
    id: str
    kind: str
    parent: int | None
    actions: tuple[str, ...] = ()
    children: tuple[int, ...] = ()
    player: str | None = None
    infoset: str | None = None
    probabilities: tuple[Formula, ...] = ()
    payoffs: tuple[Formula, ...] = ()
    outcome: str = ""


@dataclass(frozen=True)
class Decision:
    """An information set of a tree model: its id, owner, actions and member nodes."""

    id: str
    player: str
    actions: tuple[str, ...]
    nodes: tuple[int, ...]
    meanings: dict[str, str] = field(default_factory=dict, compare=False)


class _TreeCompiled:
    """The formulas as sympy expressions and (lazily) numpy functions of the parameters."""

    def __init__(
        self,
        nodes: tuple[TreeNode, ...],
        parameter_names: tuple[str, ...],
        players: tuple[str, ...] = (),
    ) -> None:
        self.symbols = tuple(sympy.Symbol(n) for n in parameter_names)
        #: player ids (the payoffs' labels in underflow warnings) and the chance nodes
        self.players = players
        self.chance = frozenset(n.index for n in nodes if n.probabilities)
        self.expressions: dict[tuple[int, int], sympy.Expr] = {}
        for n in nodes:
            for k, f in enumerate(n.probabilities or n.payoffs):
                self.expressions[(n.index, k)] = f.to_sympy()
        self._functions: dict[tuple[int, int], Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_functions"] = {}
        return state

    def values(self, key: tuple[int, int], P: np.ndarray) -> np.ndarray:
        """The formula ``key`` at every row of ``P`` (shape ``(n, k)``)."""
        f = self._functions.get(key)
        if f is None:
            from .compiled import fast_lambdify

            f = fast_lambdify(self.symbols, self.expressions[key])
            self._functions[key] = f
        label = (
            f"chance node {key[0]}"
            if key[0] in self.chance
            else self.players[key[1]]
            if self.players
            else f"player {key[1]}"
        )
        out = evaluate_formula(f, [P[:, j] for j in range(P.shape[1])], label=label, params=P)
        out = np.broadcast_to(np.asarray(out), (P.shape[0],))
        if np.iscomplexobj(out):
            out = np.where(np.abs(np.imag(out)) > 0, np.nan, np.real(out))
        return np.asarray(out, dtype=float)

    def exact(
        self,
        key: tuple[int, int],
        subs: Mapping[sympy.Symbol, sympy.Rational],
        *,
        params: np.ndarray | None = None,
    ) -> Any:
        """The formula at exact parameter values: a Fraction, or a float if irrational
        (a float below the float range is recorded for :mod:`.underflow` at ``params``)."""
        v = self.expressions[key].xreplace(dict(subs))
        if v.is_Rational:
            return Fraction(int(v.p), int(v.q))
        if params is None or key[0] in self.chance or not self.players:
            return float(v)
        return float_of(v, label=self.players[key[1]], params=params)


@dataclass(frozen=True)
class TreeModel(ParameterEdits):
    """A model whose game is a tree (see the module docstring).

    Attributes
    ----------
    id, title, description, source : str
    path : pathlib.Path or None
    sha256 : str
    form : str
        Always ``"tree"``.
    players : tuple of Player
        The players, each with the actions it has anywhere in the tree.
    parameters : dict of str to Parameter
    nodes : tuple of TreeNode
        Pre-order; ``nodes[0]`` is the root.
    decisions : tuple of Decision
        The information sets, in order of first appearance in pre-order.
    """

    id: str
    title: str
    description: str
    source: str
    path: Path | None
    sha256: str
    players: tuple[Player, ...]
    parameters: dict[str, Parameter]
    nodes: tuple[TreeNode, ...] = field(repr=False)
    decisions: tuple[Decision, ...] = field(repr=False)
    compiled: _TreeCompiled = field(repr=False, compare=False)
    #: The information sets the analyses report as outcome columns (``[analysis] decisions``).
    shown: tuple[str, ...] = ()
    form: str = "tree"
    roles: dict = field(default_factory=dict, repr=False)
    stages: tuple = ()
    selection: str = ""
    scenarios: dict = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------- accessors
    @property
    def player_ids(self) -> tuple[str, ...]:
        """The outcome columns of the analyses: the players, then the information sets
        named in ``[analysis] decisions`` (all of them by default)."""
        return tuple(p.id for p in self.players) + tuple(self.shown)

    def player(self, player_id: str) -> Player:
        for p in self.players:
            if p.id == player_id:
                return p
        for d in self.decisions:
            if d.id == player_id:
                return Player(d.id, f"{d.player} at {d.id}", None, d.actions, dict(d.meanings))
        raise ModelError(
            f"{self.location}: unknown player {player_id!r}{_hint(player_id, self.player_ids)}"
        )

    def decision(self, infoset: str) -> Decision:
        """The information set with this id."""
        for d in self.decisions:
            if d.id == infoset:
                return d
        known = [d.id for d in self.decisions]
        raise ModelError(
            f"{self.location}: unknown information set {infoset!r}{_hint(infoset, known)}"
        )

    # ---------------------------------------------------------------- changes
    # ------------------------------------------------------------------ game
    def payoff_formula(self, player: str) -> str:
        """The player's payoff at each terminal node, as written in the file (for reports)."""
        self.player(player)
        if player not in [p.id for p in self.players]:
            return "(an information set: its owner's payoffs)"
        i = [p.id for p in self.players].index(player)
        parts = []
        for n in self.nodes:
            if n.kind == "terminal":
                parts.append(f"{n.outcome or n.id}: {n.payoffs[i].text}")
        return "; ".join(dict.fromkeys(parts))

    def game(self, *, exact: bool = True) -> Any:
        """The :class:`~gametheory.extensive.ExtensiveFormGame` at the parameter values.

        Payoffs and probabilities are exact rationals where the formulas give rational
        numbers at the parameters' values as written (``0.1`` is 1/10); ``exact=False``
        reads the values as binary floats instead.

        Raises
        ------
        ModelError
            When a chance node's probabilities are not in [0, 1] or do not sum to 1, or
            a payoff is not a finite number, at these parameter values (naming the node).
        """
        game, lost = self.game_with_underflow(exact=exact)
        if lost:
            warnings.warn(
                underflow_warning(self.location, lost, exact=False), UnderflowWarning, stacklevel=2
            )
        return game

    def game_with_underflow(self, *, exact: bool) -> tuple[Any, tuple[str, ...]]:
        """:meth:`game` without the Python warning, and the players whose payoffs fell
        below the floating-point range (empty when none did)."""
        from ..extensive.game import ExtensiveFormGame
        from .tree_batch import check_chance

        with watch_underflow() as watch:
            check_chance(self, self.value_vector()[None, :])
            if exact:
                subs = {
                    sympy.Symbol(n): sympy.Rational(repr(p.value))
                    for n, p in self.parameters.items()
                }
            else:
                subs = {
                    sympy.Symbol(n): sympy.Rational(p.value) for n, p in self.parameters.items()
                }
            game = ExtensiveFormGame.from_tree(
                self._spec(0, subs), players=[p.id for p in self.players], title=self.title
            )
        return game, watch.labels

    def _spec(self, root: int, subs: Mapping[sympy.Symbol, sympy.Rational]) -> Any:
        # post-order without recursion: a chain a few thousand deep is a valid tree
        done: dict[int, Any] = {}
        stack = [root]
        while stack:
            k = stack[-1]
            waiting = [c for c in self.nodes[k].children if c not in done]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            if k not in done:
                done[k] = self._spec_node(k, subs, done)
        return done[root]

    def _spec_node(
        self, k: int, subs: Mapping[sympy.Symbol, sympy.Rational], done: Mapping[int, Any]
    ) -> Any:
        from ..extensive.builder import TreeSpec

        n = self.nodes[k]
        comp = self.compiled
        if n.kind == "terminal":
            pays = []
            for i, p in enumerate(self.players):
                v = comp.exact((k, i), subs, params=self.value_vector())
                if not isinstance(v, Fraction) and not math.isfinite(v):
                    raise ModelError(
                        f"{self.location}: nodes.{n.id}: {p.id}'s payoff is not a finite number "
                        "at these parameter values"
                    )
                pays.append(v if isinstance(v, Fraction) else Fraction(v))
            return TreeSpec("terminal", payoffs=tuple(pays), label=n.id, outcome=n.outcome)
        kids = tuple((a, done[c]) for a, c in zip(n.actions, n.children, strict=True))
        if n.kind == "chance":
            probs = []
            for j in range(len(n.actions)):
                v = comp.exact((k, j), subs)
                probs.append(v if isinstance(v, Fraction) else Fraction(v))
            total = sum(probs)
            if total != 1:  # floats that sum to 1 within the checked tolerance
                probs = [q / total for q in probs]
            return TreeSpec("chance", kids, probabilities=tuple(probs), label=n.id)
        return TreeSpec("decision", kids, player=n.player, infoset=n.infoset, label=n.id)

    def reduced_profiles_bound(self) -> int:
        """An upper bound on the number of pure profiles of the reduced normal form,
        computed from the tree without enumerating (exact for perfect information)."""
        total = 1
        for p in self.players:
            total *= self._count(0, p.id)
        return total

    def _count(self, root: int, player: str) -> int:
        # children before parents, without recursion (trees may be thousands deep)
        count: dict[int, int] = {}
        stack = [root]
        while stack:
            k = stack[-1]
            n = self.nodes[k]
            waiting = [c for c in n.children if c not in count]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            if n.kind == "terminal":
                count[k] = 1
            else:
                counts = [count[c] for c in n.children]
                count[k] = sum(counts) if n.player == player else math.prod(counts)
        return count[root]

    # ----------------------------------------------------------------- solve
    def solve(self, *, method: str = "auto", exact: bool = False, tol: float | None = None) -> Any:
        """Solve the tree at the model's parameter values (see the module docstring).

        Parameters
        ----------
        method : str
            ``auto`` (= ``spe``), ``spe``, ``enumerate`` (all equilibria through the
            reduced normal form), ``pure``, ``lcp`` (one equilibrium, two players) or
            ``logit`` (agent QRE).
        exact : bool
            Rational arithmetic in the solver (``spe``, ``enumerate``, ``pure``, ``lcp``).
        tol : float, optional
            Regret tolerance relative to the payoff scale.

        Returns
        -------
        gametheory.extensive.ExtensiveResult

        Raises
        ------
        ModelError
            For an unknown method or a non-boolean ``exact``.
        BudgetError
            When ``enumerate``/``pure`` would need a reduced normal form past the budget.
        """
        from ..budget import check_budget
        from ..extensive.enumerate import MAX_ENUMERATE_PROFILES
        from ..extensive.solve import solve_extensive

        if not isinstance(exact, (bool, np.bool_)):
            raise ModelError(f"{self.location}: exact must be True or False, got {exact!r}")
        if method not in TREE_METHODS:
            raise ModelError(
                f"{self.location}: unknown method {method!r} for a tree model"
                f"{_hint(str(method), TREE_METHODS)}; methods: {', '.join(TREE_METHODS)}"
            )
        chosen = "spe" if method == "auto" else method
        if chosen in ("enumerate", "pure"):
            check_budget(
                f"{self.location}: the reduced normal form",
                self.reduced_profiles_bound(),
                MAX_ENUMERATE_PROFILES,
                unit="pure profiles (an upper bound)",
                advice="use method 'spe' or 'lcp'",
            )
        game, lost = self.game_with_underflow(exact=True)
        kwargs: dict[str, Any] = {"method": chosen}
        if chosen != "logit":
            kwargs["exact"] = bool(exact)
        if tol is not None:
            kwargs["tol"] = tol
        result = solve_extensive(game, **kwargs)
        if lost:  # payoffs lost to underflow could change the answer: not certain
            note = underflow_warning(self.location, lost, exact=False)
            result = dataclasses.replace(result, warnings=(*result.warnings, note), complete=False)
        return result

    def evaluator(
        self, *, selection: str | None = None, fix: Mapping[str, str] | None = None
    ) -> Any:
        """The batched evaluator of the analyses (:class:`~gametheory.models.tree_batch.
        TreeEvaluator`); ``selection`` and ``fix`` are refused (one line) when given."""
        from .tree_batch import TreeEvaluator

        if fix:
            raise ModelError(f"{self.location}: fixing moves is not available for tree models")
        if selection not in (None, "", "first"):
            raise ModelError(
                f"{self.location}: selection rule {selection!r}: the analyses of a tree model "
                "follow the set of pure subgame-perfect equilibria; no rule applies"
            )
        return TreeEvaluator(self)

    # --------------------------------------------------------------- display
    def parameter_info(self) -> dict[str, Any]:
        """The model's identity and parameters, for JSON output next to a solution."""
        return {
            "id": self.id,
            "path": str(self.path or ""),
            "sha256": self.sha256,
            "parameters": {
                n: {
                    "value": p.value,
                    "low": p.low,
                    "high": p.high,
                    "unit": p.unit,
                    "source": p.source,
                }
                for n, p in self.parameters.items()
            },
        }

    def __repr__(self) -> str:
        return (
            f"<TreeModel {self.id!r}: {len(self.players)} players, {len(self.nodes)} nodes, "
            f"{len(self.decisions)} information sets, {len(self.parameters)} parameters>"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        return (
            f"<p><b>{esc(self.title)}</b> (<code>{esc(self.id)}</code>, tree)<br>"
            f"{esc(self.description)}<br>Players: "
            f"{', '.join(esc(p.id) for p in self.players)}</p>"
            + self.to_frame().to_html(index=False)
        )
