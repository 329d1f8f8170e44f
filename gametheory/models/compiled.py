"""The compiled model: a model's payoff formulas as vectorised numpy functions.

A :class:`CompiledModel` is the interface between a :class:`~gametheory.models.Model`
(named, sourced parameters and formulas) and everything that computes with it: the
normal-form game, backward induction (:mod:`gametheory.models.sequential`), the batch
evaluator (:mod:`gametheory.models.evaluate`) and the threat analysis
(:mod:`gametheory.models.threats`). It takes parameter vectors (columns in the
model's ``parameter_names`` order) and pure profiles (strategy indices) and returns
payoff arrays; it also gives the sympy expressions and parsed formulas the stage
kernels are compiled from.

One compiled model is shared by every model derived with ``with_params`` or
``with_ranges`` (parameters stay symbols), so a sweep compiles nothing again. The
numpy function of each player is compiled on first use and remembered, as are the
artifacts other modules compile from the formulas (:meth:`CompiledModel.derived`:
the stage kernels of backward induction, the one-point evaluators). They travel with
the compiled model when it is pickled, as the Python source our printer generated
from the formulas (:class:`GeneratedFunction`), so a worker process that receives a
model used here compiles each function from its source again (microseconds) instead
of running sympy (about a second and a half on the flagship).

Examples
--------
>>> import numpy as np, gametheory.models as gm, pathlib
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "us_china.toml")
>>> compiled = m.compiled
>>> pay = compiled.payoffs(m.value_vector(), np.array([[0, 0], [1, 1]]))
>>> pay.shape                       # (profiles, players)
(2, 2)
>>> bool(np.allclose(pay[0], list(m.payoffs({"USA": "cooperate", "CHN": "cooperate"}).values())))
True
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import math
import pickle
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import sympy

from ..errors import ModelError
from .expr import indicator
from .underflow import evaluate_formula, watch_underflow

if TYPE_CHECKING:
    from .expr import Formula, FormulaScope
    from .parts import Player

__all__ = ["CompiledModel", "GeneratedFunction", "fast_lambdify", "check_finite", "shape_text"]

_T = TypeVar("_T")


class GeneratedFunction:
    r"""A function compiled from Python source that sympy's printers generated from our
    own expressions (never from the text of a model file), kept with its source.

    It calls like the function it wraps, and pickles as its source: unpickling
    compiles the same source again, so a copy in another process computes the same
    values without sympy. ``modules``: the modules the source refers to (``numpy``,
    ``math``, ``functools`` are always there).

    Examples
    --------
    >>> import pickle
    >>> f = GeneratedFunction("def _formula(_a0):\n    return (_a0 + 1)\n", "_formula")
    >>> copy = pickle.loads(pickle.dumps(f))
    >>> f(2.0), copy(2.0), copy.source == f.source
    (3.0, 3.0, True)
    """

    __slots__ = ("source", "name", "modules", "function")

    def __init__(self, source: str, name: str, modules: tuple[str, ...] = ()) -> None:
        self.source = source
        self.name = name
        self.modules = tuple(modules)
        namespace: dict[str, Any] = {"functools": functools, "numpy": np, "math": math}
        for module in self.modules:
            importlib.import_module(module)
            top = module.split(".")[0]
            namespace.setdefault(top, importlib.import_module(top))
        exec(compile(source, f"<gametheory {name}>", "exec"), namespace)  # noqa: S102
        #: the plain compiled function (hot loops may call it directly)
        self.function: Callable[..., Any] = namespace[name]

    def __call__(self, *args: Any) -> Any:
        return self.function(*args)

    def __reduce__(self) -> tuple[Any, ...]:
        return (GeneratedFunction, (self.source, self.name, self.modules))

    def __repr__(self) -> str:
        return f"<GeneratedFunction {self.name}: {len(self.source)} characters of source>"


def fast_lambdify(args: Any, expr: sympy.Expr) -> Callable[..., Any]:
    """A numpy function of ``args`` computing ``expr`` (like ``sympy.lambdify``, faster).

    Symbol names such as ``USA=compete`` are not identifiers, so the arguments are
    renamed to plain ones first; the expression is then printed once by sympy's numpy
    printer (terms unordered) and compiled. ``sympy.lambdify`` would also sort the
    arguments and print the whole expression a second time for a docstring, which is
    most of the time it takes on a model of a few hundred parameters.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> fast_lambdify([x, y], x * y + 1)(2.0, 3.0)
    7.0
    """
    from sympy.printing.numpy import NumPyPrinter

    args = list(args)
    safe = [sympy.Symbol(f"_a{j}") for j in range(len(args))]
    renamed = sympy.sympify(expr).xreplace(dict(zip(args, safe, strict=True)))
    printer = NumPyPrinter({"order": "none", "allow_unknown_functions": False})
    try:
        body = printer.doprint(renamed)
    except NotImplementedError:  # a function the printer does not know: lambdify's way
        return sympy.lambdify(  # type: ignore[no-any-return]
            safe, renamed, modules=[{"functools": functools}, "numpy"], dummify=False
        )
    source = f"def _formula({', '.join(str(a) for a in safe)}):\n    return ({body})\n"
    return GeneratedFunction(source, "_formula", tuple(sorted(printer.module_imports)))


def check_finite(values: np.ndarray, what: str) -> None:
    """Raise :class:`ModelError` if a formula gave NaN or infinity (say for which sample).

    Examples
    --------
    >>> import numpy as np
    >>> check_finite(np.array([1.0, 2.0]), "the payoff")
    >>> check_finite(np.array([1.0, np.inf]), "the payoff")
    Traceback (most recent call last):
    ...
    gametheory.errors.ModelError: the payoff is not a finite number (sample 1): ...
    """
    if not np.isfinite(values).all():
        bad = np.argwhere(~np.isfinite(np.atleast_1d(values)))[0]
        raise ModelError(
            f"{what} is not a finite number (sample {int(bad[0])}): a formula "
            "divides by zero, takes the log or square root of a value out of its "
            "domain, or overflows at these parameter values"
        )


def shape_text(shape: tuple[int, ...]) -> str:
    """``"3 x 4"``, or ``"20-player (10 strategies each)"`` for long shapes.

    Examples
    --------
    >>> shape_text((3, 4)), shape_text((2,) * 6)
    ('3 x 4', '6-player (2 strategies each)')
    """
    if len(shape) <= 4:
        return " x ".join(map(str, shape))
    lo, hi = min(shape), max(shape)
    each = f"{lo}" if lo == hi else f"{lo} to {hi}"
    return f"{len(shape)}-player ({each} strategies each)"


class CompiledModel:
    """A model's payoff formulas, parsed to sympy and compiled to numpy once.

    Build it with the model (:meth:`gametheory.models.Model.from_definition` does);
    read it as ``model.compiled``. It never changes after construction: the numpy
    functions compiled on first use are a private memo.

    Parameters
    ----------
    players : tuple of Player
    formulas : mapping of str to Formula
        One parsed formula per role id and per player id without a role.
    scope : FormulaScope
        The names the formulas were parsed against (indexed parameter groups).
    parameter_names : tuple of str
        Flattened parameter names: the column order of parameter vectors.

    Attributes
    ----------
    players : tuple of Player
    parameter_names : tuple of str
    parameter_symbols : tuple of sympy.Symbol
        One symbol per parameter, in ``parameter_names`` order.
    indicator_symbols : tuple of sympy.Symbol
        ``Symbol("P=s")`` for every player ``P`` and strategy ``s``, players in order.
    expressions : mapping of str to sympy.Expr
        Each player's payoff (read-only mapping).
    scope : FormulaScope
    """

    def __init__(
        self,
        *,
        players: tuple[Player, ...],
        formulas: Mapping[str, Formula],
        scope: FormulaScope,
        parameter_names: tuple[str, ...],
    ) -> None:
        self.players = tuple(players)
        self.parameter_names = tuple(parameter_names)
        self.scope = scope
        self.parameter_symbols = tuple(sympy.Symbol(n) for n in self.parameter_names)
        self.indicator_symbols = tuple(
            indicator(p.id, s) for p in self.players for s in p.strategies
        )
        self._formulas = dict(formulas)
        self._expressions = {
            p.id: self._formulas[p.role or p.id].to_sympy(own=p.id) for p in self.players
        }
        self._functions: dict[str, Callable[..., Any]] = {}
        self._derived: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        # compiled functions travel as their source (GeneratedFunction); anything that
        # does not pickle (sympy.lambdify's fallback) is compiled again on first use
        state = dict(self.__dict__)
        state["_functions"] = {
            k: f for k, f in self._functions.items() if isinstance(f, GeneratedFunction)
        }
        state["_derived"] = {k: v for k, v in self._derived.items() if _pickles(v)}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state.setdefault("_derived", {})
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return (
            f"<CompiledModel: {len(self.players)} players, {len(self.parameter_names)} parameters>"
        )

    # ---------------------------------------------------------------- formulas
    @property
    def expressions(self) -> Mapping[str, sympy.Expr]:
        """Each player's payoff as a sympy expression (read-only mapping)."""
        return MappingProxyType(self._expressions)

    def formula(self, owner: str) -> Formula:
        """The parsed payoff formula of a role or of a player without a role."""
        try:
            return self._formulas[owner]
        except KeyError:
            raise ModelError(f"no payoff formula for {owner!r}") from None

    def role_groups(self, role_id: str) -> list[str]:
        """Indexed parameter groups with one entry per member of ``role_id``, sorted."""
        return sorted(g for g, r in self.scope.per_role.items() if r == role_id)

    def function(self, player: str) -> Callable[..., Any]:
        """Player ``player``'s payoff as a numpy function.

        Its arguments are the parameter values, then the strategy indicators, in the
        order of :attr:`parameter_symbols` and :attr:`indicator_symbols`.
        """
        fn = self._functions.get(player)
        if fn is None:
            fn = fast_lambdify(
                self.parameter_symbols + self.indicator_symbols, self._expressions[player]
            )
            self._functions[player] = fn
        return fn

    def derived(self, key: str, build: Callable[[], _T]) -> _T:
        """What ``build()`` compiles from these formulas, built on first use and kept
        under ``key`` (the stage kernels of :mod:`.sequential`, its one-point
        evaluator). Kept artifacts travel with the compiled model when it is pickled
        (those that pickle), so worker processes do not compile them again.

        Examples
        --------
        >>> import gametheory.models as gm, pathlib
        >>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "us_china.toml")
        >>> first = m.compiled.derived("ids", lambda: list(m.player_ids))
        >>> first, m.compiled.derived("ids", list) is first   # built once, then kept
        (['USA', 'CHN'], True)
        """
        if key not in self._derived:
            self._derived[key] = build()
        value: _T = self._derived[key]
        return value

    # ---------------------------------------------------------------- payoffs
    def payoffs(
        self,
        params: np.ndarray,
        profiles: np.ndarray,
        players: Sequence[int] | None = None,
        *,
        underflow: list[str] | None = None,
    ) -> np.ndarray:
        """Payoffs of every player at pure profiles.

        Parameters
        ----------
        params : ndarray, shape (n, k) or (k,)
            Parameter vectors, columns in :attr:`parameter_names` order.
        profiles : ndarray of int, shape (m, N) or (n, m, N)
            Strategy indices, broadcastable against the samples. An index of -1 (a
            player who has not moved) switches all of its indicators off.
        players : sequence of int, optional
            Compute only these players' columns (the others are NaN).
        underflow : list of str, optional
            When given, the id of every player whose evaluation underflowed (a
            nonzero intermediate value fell below the normal floating-point range and
            became 0 or lost precision, as in ``exp(-800 * p)``) is appended to it.

        Returns
        -------
        ndarray, shape (n, m, N), or (m, N) for 1-d ``params``

        Raises
        ------
        ModelError
            When a payoff is not a finite real number, naming the player, the
            profile and the parameter values.
        """
        params = np.asarray(params, dtype=float)
        single = params.ndim == 1
        samples = params.reshape(1, -1) if single else params
        profile_array = np.asarray(profiles)
        if profile_array.ndim == 2:
            profile_array = profile_array[None]
        n_samples, n_profiles = samples.shape[0], profile_array.shape[1]
        parameter_args = [samples[:, j, None] for j in range(samples.shape[1])]
        indicator_args = [
            (profile_array[..., i] == k).astype(float)
            for i, p in enumerate(self.players)
            for k in range(len(p.strategies))
        ]
        out = np.full((n_samples, n_profiles, len(self.players)), np.nan)
        with contextlib.ExitStack() as stack:
            # a watch of this call's own when the caller asks (inside any outer one)
            watch = None if underflow is None else stack.enter_context(watch_underflow())
            for i in range(len(self.players)) if players is None else players:
                self._player_payoffs(
                    i, out, samples, profile_array, [*parameter_args, *indicator_args]
                )
        if watch is not None and underflow is not None:
            underflow.extend(p for p in watch.labels if p not in underflow)
        return out[0] if single else out

    def _player_payoffs(
        self, i: int, out: np.ndarray, samples: np.ndarray, profiles: np.ndarray, args: list
    ) -> None:
        """Player ``i``'s column of :meth:`payoffs`, checked to be finite and real."""
        n_samples, n_profiles = out.shape[:2]
        pid = self.players[i].id
        values = evaluate_formula(self.function(pid), args, label=pid, params=samples)
        values = np.broadcast_to(values, (n_samples, n_profiles))
        if np.iscomplexobj(values):
            complex_part = np.abs(np.imag(values)) > 0
            values = np.where(complex_part, np.nan, np.real(values))
        out[..., i] = values
        if not np.isfinite(out[..., i]).all():
            raise ModelError(self.undefined_message(i, out[..., i], samples, profiles))

    def undefined_message(
        self, player: int, values: np.ndarray, params: np.ndarray, profiles: np.ndarray
    ) -> str:
        """One line naming the player, the first profile and the parameter values at
        which player number ``player``'s payoff is not a finite real number."""
        sample, column = (int(x) for x in np.argwhere(~np.isfinite(values))[0])
        profile = profiles[sample if profiles.shape[0] > 1 else 0, column]
        at = ", ".join(
            f"{p.id}={p.strategies[int(profile[j])]}" for j, p in enumerate(self.players)
        )
        used = self._expressions[self.players[player].id].free_symbols
        shown = [
            f"{sym}={params[sample, j]:g}"
            for j, sym in enumerate(self.parameter_symbols)
            if sym in used
        ]
        more = f" (+{len(shown) - 6} more)" if len(shown) > 6 else ""
        where = f" with {', '.join(shown[:6])}{more}" if shown else ""
        kind = "undefined or complex (NaN)" if np.isnan(values[sample, column]) else "infinite"
        return (
            f"{self.players[player].id}'s payoff is {kind} at profile {at}{where}"
            f"{f' (sample {sample})' if params.shape[0] > 1 else ''}: a formula divides by "
            "zero, takes the log or square root of a value out of its domain, or overflows"
        )


def _pickles(value: Any) -> bool:
    """Whether ``value`` pickles (a kept artifact that does not is compiled again)."""
    try:
        pickle.dumps(value)
    except Exception:  # noqa: BLE001 - any failure: leave it out
        return False
    return True
