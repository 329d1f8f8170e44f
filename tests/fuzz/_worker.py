"""Run a batch of hostile inputs through gametheory under resource caps; report each outcome.

Usage: ``python _worker.py KIND < cases.json`` where ``cases.json`` is a JSON list of
strings. Each case is classified as ``ok``, ``error`` (a GameTheoryError: a clear,
one-line refusal) or ``crash`` (anything else, including a hang past the per-case
alarm). The parent process sets ``resource.setrlimit`` caps on CPU time and address
space before this starts, so a runaway computation is killed, not waited for.

A result that is "ok" is also checked: a game read from a file or built from a
model is solved for its pure equilibria, and every one must pass the regret check
relative to the payoff scale.
"""

from __future__ import annotations

import json
import signal
import sys
import traceback

import numpy as np
import sympy

from gametheory.errors import GameTheoryError
from gametheory.io.efg import parse_efg
from gametheory.io.nfg import parse_nfg
from gametheory.models import parse_model_text
from gametheory.models.expr import FormulaScope, parse_formula
from gametheory.solvers import pure_equilibria
from gametheory.solvers._common import player_tolerances

PER_CASE_SECONDS = 8
SCOPE = FormulaScope(scalars=("p", "q"), players={"A": ("x", "y"), "B": ("x", "y")})


class Hang(Exception):
    pass


def _alarm(signum, frame):  # noqa: ANN001, ARG001
    raise Hang(f"no answer within {PER_CASE_SECONDS} s")


def check_game(game) -> None:  # noqa: ANN001
    """Every pure equilibrium found must pass the scale-relative regret check."""
    res = pure_equilibria(game)
    limits = player_tolerances(game, 1e-8)
    for eq in res:
        dev = game.deviation_payoffs(list(eq.vectors))
        for i, d in enumerate(dev):
            gain = float(d.max()) - float(d @ eq.vectors[i])
            if not gain <= limits[i]:
                raise AssertionError(f"wrong equilibrium {eq.label()}: player {i} gains {gain}")


def run_case(kind: str, text: str) -> None:
    if kind == "formula":
        f = parse_formula(text, SCOPE, where="fuzz: payoff")
        expr = f.to_sympy()
        bad = expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I)
        assert not bad, f"formula accepted with an undefined or complex value: {expr}"
    elif kind == "nfg":
        check_game(parse_nfg(text, source="fuzz.nfg"))
    elif kind == "efg":
        from gametheory.extensive.solve import solve_extensive

        game = parse_efg(text, source="fuzz.efg")
        # solving re-verifies every equilibrium against the tolerance it claims
        for method in ("spe", "auto") if game.num_players == 2 else ("spe",):
            try:
                res = solve_extensive(game, method=method)
            except GameTheoryError:
                continue  # a one-line refusal (budget, recall) is a fine answer
            scale = max(float(game.payoff_scale), 0.0)
            for eq in res.equilibria:
                regret = float(eq.regret)
                assert regret <= 1e-8 * scale + 1e-300 or regret == 0, (method, regret)
    elif kind == "toml":
        model = parse_model_text(text, source="fuzz.toml")
        if model.form == "simultaneous":
            game = model.game()
            assert np.isfinite(game.payoffs).all()
            check_game(game)
    else:
        raise SystemExit(f"unknown kind {kind!r}")


def main() -> int:
    kind = sys.argv[1]
    cases = json.load(sys.stdin)
    signal.signal(signal.SIGALRM, _alarm)
    results = []
    for text in cases:
        signal.alarm(PER_CASE_SECONDS)
        try:
            run_case(kind, text)
            outcome = ["ok", ""]
        except GameTheoryError as exc:
            msg = str(exc)
            outcome = ["error", msg] if "\n" not in msg else ["crash", f"multi-line: {msg!r}"]
        except Exception as exc:  # noqa: BLE001 - everything else is a finding
            outcome = ["crash", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()[-1500:]}"]
        finally:
            signal.alarm(0)
        results.append(outcome)
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
