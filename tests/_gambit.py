"""pygambit as an optional test oracle and benchmark peer (test helper, not part of gametheory).

pygambit is GPL and optional: ``gametheory`` never imports it. Tests call
``pytest.importorskip("pygambit")`` first and then use :func:`solve`; benchmarks call
:func:`available`.

The adapter speaks both APIs:

* pygambit 16.x: ``Game.from_arrays``, ``Player``/``Strategy`` objects, a profile is
  indexed by strategy (``eq[strategy]``), ``logit_solve(...).equilibria``;
* pygambit 17.x: ``StrategicGame.from_dict``, players and strategies addressed by
  label (``eq[player_label]`` is a mixed strategy), ``logit_solve(...).equilibrium``.

The game handed to Gambit is our game's *exact* payoffs (``NormalFormGame.exact_payoffs``,
Fractions), with our player names, strategy labels and title, so both programs solve the
same game. Profiles come back by position, as tuples of per-player vectors: tuples of
Fractions from the rational methods (``enummixed``, ``lcp``, ``enumpure`` with
``rational=True``), numpy float arrays otherwise.

Gambit's ``gnm`` has crashed the interpreter (double free) on some games and
``enumpoly`` can run for a long time, so :func:`solve` runs those in a child process
(``python tests/_gambit.py``, JSON over stdin/stdout) with a time limit; a crash or a
timeout comes back as a status, never as a dead test run.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["METHODS", "ISOLATED", "GambitRun", "available", "version", "to_gambit", "solve"]

#: Methods this adapter runs: Gambit's solver names without ``_solve``.
METHODS = ("enummixed", "lcp", "logit", "gnm", "enumpoly", "enumpure")
#: Methods run in a child process unless ``isolate=False``.
ISOLATED = frozenset({"gnm", "enumpoly"})
#: Methods that can return exact rational profiles.
RATIONAL = frozenset({"enummixed", "lcp", "enumpure"})


@dataclass(frozen=True)
class GambitRun:
    """What one pygambit call returned.

    ``status`` is ``"ok"``, ``"timeout>{t}s"``, ``"crashed (exit {code})"`` or
    ``"error: ..."``; ``seconds`` and ``cpu_seconds`` time the solver call alone (not
    building the game, not the child process); ``profiles`` are tuples of per-player
    vectors in our strategy order; ``success`` is Gambit's own flag where it has one.
    """

    method: str
    status: str
    profiles: list = field(default_factory=list)
    seconds: float | None = None
    cpu_seconds: float | None = None
    success: bool | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _gbt():
    import pygambit

    return pygambit


def available() -> bool:
    """True when pygambit imports (any failure to import counts as absent)."""
    try:
        _gbt()
    except Exception:  # noqa: BLE001 - a broken install is an absent one
        return False
    return True


def version() -> tuple[int, ...]:
    """pygambit's version as integers, e.g. ``(17, 0, 0)``."""
    out = []
    for part in _gbt().__version__.split("."):
        digits = re.match(r"\d*", part).group()
        out.append(int(digits or 0))
        if digits != part:  # "0b2": a pre-release ends the release numbers
            break
    return tuple(out)


def _is_17(gbt) -> bool:
    return hasattr(gbt, "StrategicGame")


# -------------------------------------------------------------------- building
def _build(gbt, payoffs: np.ndarray, players, strategies, title: str):
    """A pygambit game from an object array of Fractions of shape (n_1, ..., n_N, N)."""
    arrays = [np.array(payoffs[..., i], dtype=object) for i in range(payoffs.shape[-1])]
    title = title or "Untitled strategic game"
    if _is_17(gbt):
        try:
            g = gbt.StrategicGame.from_dict(dict(zip(players, arrays, strict=True)), title=title)
        except (ValueError, TypeError):  # a label Gambit refuses: keep its "1", "2", ...
            g = gbt.StrategicGame.from_arrays(*arrays, title=title)
        for plabel, labels in zip(list(g.players), strategies, strict=True):
            current = g.get_strategies(plabel)
            try:
                g.relabel_strategies(plabel, dict(zip(current, labels, strict=True)))
            except (ValueError, TypeError, KeyError):
                pass  # labels are cosmetic: profiles are read by position
        return g
    g = gbt.Game.from_arrays(*arrays, title=title)
    for player, name, labels in zip(g.players, players, strategies, strict=True):
        player.label = name
        for strategy, label in zip(player.strategies, labels, strict=True):
            strategy.label = label
    return g


def to_gambit(game):
    """The pygambit game of a :class:`~gametheory.NormalFormGame` (exact payoffs, our labels)."""
    return _build(_gbt(), np.asarray(game.exact_payoffs), game.players, game.strategies, game.title)


def _profile(gbt, g, eq, exact: bool) -> tuple:
    """One Gambit profile as a tuple of per-player vectors, in strategy order."""
    conv = (lambda v: Fraction(v.numerator, v.denominator)) if exact else float
    vectors = []
    if _is_17(gbt):
        for plabel in g.players:
            probs = dict(eq[plabel])
            vectors.append([conv(probs[s]) for s in g.get_strategies(plabel)])
    else:
        for player in g.players:
            vectors.append([conv(eq[s]) for s in player.strategies])
    if exact:
        return tuple(tuple(v) for v in vectors)
    return tuple(np.array(v, dtype=float) for v in vectors)


def _call(
    gbt, g, method: str, rational: bool, options: dict
) -> tuple[list, float, float, bool | None]:
    nash = gbt.nash
    if method == "enummixed":
        func, kwargs = nash.enummixed_solve, {"rational": rational}
    elif method == "lcp":
        func, kwargs = nash.lcp_solve, {"rational": rational}
    elif method == "enumpure":
        func, kwargs = nash.enumpure_solve, {}
    elif method == "logit":
        func, kwargs = nash.logit_solve, {}
    elif method == "gnm":
        func, kwargs = nash.gnm_solve, {}
    elif method == "enumpoly":
        func, kwargs = nash.enumpoly_solve, {}
    else:
        raise ValueError(
            f"unknown pygambit method {method!r}; expected one of {', '.join(METHODS)}"
        )
    kwargs.update(options)
    t, c = time.perf_counter(), time.process_time()
    res = func(g, **kwargs)
    seconds, cpu = time.perf_counter() - t, time.process_time() - c
    if hasattr(res, "equilibria"):
        eqs = list(res.equilibria)
    else:  # 17.x logit: one equilibrium or None
        eqs = [] if res.equilibrium is None else [res.equilibrium]
    exact = method in RATIONAL and (method == "enumpure" or rational)
    profiles = [_profile(gbt, g, eq, exact) for eq in eqs]
    return profiles, seconds, cpu, getattr(res, "success", None)


# -------------------------------------------------------------------- running
def _payload(game, method: str, rational: bool, options: dict) -> dict:
    return {
        "method": method,
        "rational": rational,
        "options": options,
        "shape": list(np.shape(game.exact_payoffs)),
        "payoffs": [str(v) for v in np.asarray(game.exact_payoffs).ravel()],
        "players": list(game.players),
        "strategies": [list(s) for s in game.strategies],
        "title": game.title,
    }


def _child_main() -> int:
    """Child process: read one job as JSON on stdin, write the run as JSON on stdout."""
    job = json.loads(sys.stdin.read())
    gbt = _gbt()
    payoffs = np.array([Fraction(v) for v in job["payoffs"]], dtype=object).reshape(job["shape"])
    g = _build(gbt, payoffs, job["players"], job["strategies"], job["title"])
    profiles, seconds, cpu, success = _call(gbt, g, job["method"], job["rational"], job["options"])
    out = {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "success": success,
        "profiles": [[[str(p) for p in vec] for vec in prof] for prof in profiles],
    }
    sys.stdout.write(json.dumps(out))
    return 0


def _run_isolated(game, method: str, rational: bool, timeout: float, options: dict) -> GambitRun:
    job = json.dumps(_payload(game, method, rational, options))
    try:
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve())],
            input=job,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return GambitRun(method, f"timeout>{timeout:g}s")
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or [""])[-1]
        if proc.returncode < 0 or not last:
            return GambitRun(method, f"crashed (exit {proc.returncode})")
        return GambitRun(method, f"error: {last}")
    out = json.loads(proc.stdout)
    exact = method in RATIONAL and (method == "enumpure" or rational)
    if exact:
        profiles = [
            tuple(tuple(Fraction(p) for p in vec) for vec in prof) for prof in out["profiles"]
        ]
    else:
        profiles = [
            tuple(np.array([float(p) for p in vec]) for vec in prof) for prof in out["profiles"]
        ]
    return GambitRun(method, "ok", profiles, out["seconds"], out["cpu_seconds"], out["success"])


def solve(
    game,
    method: str,
    *,
    rational: bool = True,
    isolate: bool | None = None,
    timeout: float = 60.0,
    **options: Any,
) -> GambitRun:
    """Run one of Gambit's methods on a :class:`~gametheory.NormalFormGame`.

    Parameters
    ----------
    game : NormalFormGame
    method : {"enummixed", "lcp", "logit", "gnm", "enumpoly", "enumpure"}
    rational : bool, default True
        Exact arithmetic for ``enummixed`` and ``lcp`` (profiles of Fractions).
    isolate : bool, optional
        Run in a child process with a time limit (default: for ``gnm`` and ``enumpoly``).
    timeout : float, default 60
        Seconds allowed to an isolated run.
    **options
        Passed on to Gambit's ``<method>_solve`` (e.g. ``maxregret`` for logit).

    Returns
    -------
    GambitRun
    """
    if method not in METHODS:
        raise ValueError(
            f"unknown pygambit method {method!r}; expected one of {', '.join(METHODS)}"
        )
    if isolate is None:
        isolate = method in ISOLATED
    if isolate:
        return _run_isolated(game, method, rational, timeout, options)
    gbt = _gbt()
    profiles, seconds, cpu, success = _call(gbt, to_gambit(game), method, rational, options)
    return GambitRun(method, "ok", profiles, seconds, cpu, success)


if __name__ == "__main__":
    sys.exit(_child_main())
