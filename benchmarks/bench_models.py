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
kernel (``solve_branches`` with ``n = 1``) and to the stage kernel's reference mode
(``solve_stage(..., reference=True)``: the whole product of candidate strategies,
every deviation of every candidate the payoff bounds leave undecided), and the
projected time of a 1,000,000-evaluation Sobol design on 2 cores (two processes).
The script checks that the evaluator and the reference mode give identical outcomes.

To compare with an earlier version of the package, run this script with that
version first on the path, e.g.
``git worktree add /tmp/before <commit> && PYTHONPATH=/tmp/before python benchmarks/bench_models.py``
(the reference-mode line is then skipped if that version has no reference mode).
"""

from __future__ import annotations

import argparse
import functools
import inspect
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import gametheory.models.sequential as sequential
from gametheory.models import load_model
from gametheory.models.sequential import solve_branches, stage_kernels
from gametheory.models.stage import solve_stage

ROOT = Path(__file__).resolve().parents[1]


def timed(func, *args, **kwargs):
    start = time.process_time()
    out = func(*args, **kwargs)
    return time.process_time() - start, out


def _evaluate(evaluator, P):
    return evaluator(P)


def two_processes(evaluator, P) -> float | None:
    """Wall-clock seconds for two worker processes to evaluate the halves of ``P``."""
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    try:
        pickle.dumps(evaluator)
    except Exception:  # an evaluator that does not pickle (older versions)
        return None
    half = len(P) // 2
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_evaluate, [evaluator] * 2, [P[:2], P[:2]]))  # compile in each worker
        walls = []
        for _ in range(2):
            start = time.perf_counter()
            list(pool.map(_evaluate, [evaluator] * 2, [P[:half], P[half:]]))
            walls.append(time.perf_counter() - start)
        return min(walls)


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
    cli = [sys.executable, "-m", "gametheory", "solve", args.model]
    walls = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(cli, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
    print(f"  `gametheory solve` (new process, wall clock, best of 3): {min(walls):6.2f} s")

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
    has_reference = "reference" in inspect.signature(solve_stage).parameters
    pairwise = any(k.ok and k.linear is not None for k in stage_kernels(model))
    if pairwise:
        # the states' stage runs on the pairwise kernel (linear_stage), which has no
        # reference mode: tests/test_linear_stage.py compares it with enumeration
        print("  (the states' stage uses the pairwise-linear kernel; no reference-mode line)")
        has_reference = False
    print(f"batched evaluator, {n:,} samples per design (CPU time of this process, best of 2):")
    for name, P in designs.items():
        t_batch, out = min((timed(evaluator, P) for _ in range(2)), key=lambda x: x[0])
        k = min(100, n)
        t_one = 0.0
        for row in P[:k]:
            dt, _ = timed(solve_branches, model, row[None, :])
            t_one += dt
        rate, base_rate = n / t_batch, k / t_one
        multi = float((out.n_equilibria > 1).mean())
        print(
            f"{name}: {rate:8.0f} evaluations/s batched, {base_rate:6.0f}/s one at a time "
            f"(x{rate / base_rate:.1f}); {multi:.0%} of samples have several stage "
            f"equilibria on the path; {1 - out.ok.mean():.1%} unresolved"
        )
        if has_reference:
            fast_kernel = sequential.solve_stage
            sequential.solve_stage = functools.partial(solve_stage, reference=True)
            try:
                t_ref, ref = timed(model.evaluator(), P)
            finally:
                sequential.solve_stage = fast_kernel
            same = all(
                np.array_equal(getattr(out, f), getattr(ref, f), equal_nan=f == "payoffs")
                for f in ("actions", "payoffs", "n_equilibria", "ok")
            )
            print(
                f"  reference stage kernel: {n / t_ref:8.0f} evaluations/s "
                f"(fast kernel x{t_ref / t_batch:.1f}); identical outcomes: {same}"
            )
            if not same:
                raise SystemExit("the evaluator and the reference kernel disagree")
        print(f"  1,000,000 evaluations on 2 cores: {1e6 / rate / 2 / 60:.1f} min (projected)")
        two = two_processes(evaluator, P)
        if two:
            print(
                f"  2 worker processes (wall clock, best of 2): {n / two:8.0f} "
                f"evaluations/s in all; 1,000,000 in {1e6 / (n / two) / 60:.1f} min"
            )


if __name__ == "__main__":
    main()
