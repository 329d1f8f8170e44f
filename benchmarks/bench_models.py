"""Time the model layer: loading, compiling, solving the flagship, batched evaluation.

Run from the repository root::

    python benchmarks/bench_models.py            # 4,000 samples per design
    python benchmarks/bench_models.py --quick    # 500 samples

Times are CPU seconds of this process (``time.process_time``), so that other jobs on a
shared machine disturb them less. Prints the load / first-solve (compiles the
formulas) / solve times of models/pacific_nato.toml, and the batched evaluator's
evaluations per second on two designs (within 10 % of the base values, and uniform
over the full ranges, where many subgames have several pure equilibria), with the
ratio to a baseline that solves the same samples one at a time with the same
kernel (``solve_branches`` with ``n = 1``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from gametheory.models import load_model
from gametheory.models.sequential import solve_branches

ROOT = Path(__file__).resolve().parents[1]


def timed(func, *args, **kwargs):
    start = time.process_time()
    out = func(*args, **kwargs)
    return time.process_time() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--model", default=str(ROOT / "models" / "pacific_nato.toml"))
    args = parser.parse_args()
    n = 500 if args.quick else 4000

    t_load, model = timed(load_model, args.model)
    t_first, result = timed(model.solve)
    t_solve, _ = timed(model.solve)
    fix = {model.players[0].id: model.players[0].strategies[-1]}
    t_sub, _ = timed(model.solve, fix=fix)
    print(f"model {model.id}: {len(model.players)} players, {len(model.parameters)} parameters")
    print(f"  load and validate:       {t_load * 1e3:8.1f} ms")
    print(f"  first solve (compiles):  {t_first * 1e3:8.1f} ms")
    print(f"  solve (all subgames, regret, plan): {t_solve * 1e3:8.1f} ms")
    print(f"  solve one subgame ({fix}): {t_sub * 1e3:8.1f} ms")
    print(f"  path: {' / '.join(f'{p} {s}' for p, s in result.path.items())}")

    rng = np.random.default_rng(0)
    B = model.bounds()
    v = model.value_vector()
    span = B[:, 1] - B[:, 0]
    lo, hi = np.maximum(B[:, 0], v - 0.1 * span), np.minimum(B[:, 1], v + 0.1 * span)
    designs = {
        "within 10% of base": lo + (hi - lo) * rng.random((n, len(v))),
        "uniform over ranges": B[:, 0] + span * rng.random((n, len(v))),
    }
    evaluator = model.evaluator()
    evaluator(v)  # warm up
    for name, P in designs.items():
        t_batch, out = timed(evaluator, P)
        k = min(100, n)
        t_one = 0.0
        for row in P[:k]:
            dt, _ = timed(solve_branches, model, row[None, :])
            t_one += dt
        rate, base_rate = n / t_batch, k / t_one
        multi = float((out.n_equilibria > 1).mean())
        print(f"{name}: {rate:8.0f} evaluations/s batched, {base_rate:6.0f}/s one at a time "
              f"(x{rate / base_rate:.1f}); {multi:.0%} of samples have several stage "
              f"equilibria on the path; {1 - out.ok.mean():.1%} unresolved")


if __name__ == "__main__":
    main()
