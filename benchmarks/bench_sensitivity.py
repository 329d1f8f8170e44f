"""Benchmark: batched equilibrium solving and model evaluation for sensitivity analysis.

Prints games per second for batches of random 3x3 two-player games solved for *all*
equilibria by

* gametheory's batched solver (:func:`gametheory.solvers.batch.batch_bimatrix_equilibria`),
  on one thread and on every core,
* gametheory's one-game solver (:func:`gametheory.solvers.enumerate_equilibria`) in a loop,
* QuantEcon's numba ``support_enumeration`` in a loop,
* nashpy's ``support_enumeration`` in a loop,

all in this process on the same games, with the ratios; then the flagship model's
evaluations per second (in process and on every core) and the projected wall time of
a Sobol analysis of about a million evaluations, extrapolated from a shorter run (the
projection says so).

Usage::

    python benchmarks/bench_sensitivity.py            # about a minute on 2 cores
    python benchmarks/bench_sensitivity.py --quick    # a few seconds
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def timed(fn, *args, **kwargs):  # noqa: ANN001, ANN201
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def bench_games(n_batch: int, n_loop: int, n_nashpy: int) -> None:
    import nashpy

    from gametheory import NormalFormGame
    from gametheory.solvers import enumerate_equilibria
    from gametheory.solvers.batch import batch_bimatrix_equilibria, batch_pure_equilibria

    rng = np.random.default_rng(0)
    games = rng.normal(size=(n_batch, 3, 3, 2))
    cores = os.cpu_count() or 1
    batch_bimatrix_equilibria(games[:1000])  # warm up
    res1, t1 = timed(batch_bimatrix_equilibria, games, workers=1)
    resn, tn = timed(batch_bimatrix_equilibria, games, workers=None)
    _, tp = timed(batch_pure_equilibria, games)
    print(
        f"3x3 games, all equilibria (batch of {n_batch:,} random games; "
        f"{int(res1.fallback.sum())} needed the one-game fallback)"
    )
    rows = [
        ("gametheory batch, 1 thread", rate(n_batch, t1)),
        (f"gametheory batch, {cores} threads", rate(n_batch, tn)),
    ]

    sub = games[:n_loop]
    g_objs = [NormalFormGame.from_payoff_array(g) for g in sub]
    enumerate_equilibria(g_objs[0])
    _, t = timed(lambda: [enumerate_equilibria(g) for g in g_objs])
    rows.append(("gametheory enumerate_equilibria, loop", rate(len(sub), t)))
    try:
        import quantecon.game_theory as qgt

        q_objs = [qgt.NormalFormGame(g) for g in sub]
        qgt.support_enumeration(q_objs[0])  # numba compile
        _, t = timed(lambda: [qgt.support_enumeration(g) for g in q_objs])
        rows.append(("QuantEcon support_enumeration (numba), loop", rate(len(sub), t)))
    except ImportError:  # pragma: no cover
        print("  (QuantEcon not installed)")
    nsub = games[:n_nashpy]
    n_objs = [nashpy.Game(g[..., 0], g[..., 1]) for g in nsub]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, t = timed(lambda: [list(g.support_enumeration()) for g in n_objs])
    rows.append(("nashpy support_enumeration, loop", rate(len(nsub), t)))
    best = rows[1][1]
    for name, r in rows:
        print(f"  {name:<45s} {r:>14,.0f} games/s   batch({cores}) is {best / r:8.1f}x")
    print(f"  (pure equilibria only, batched: {rate(n_batch, tp):,.0f} games/s)")
    # same answers as the one-game solver on the looped games
    agree = sum(
        int(res1.counts[b]) == len(enumerate_equilibria(g_objs[b]))
        for b in range(min(len(g_objs), 300))
    )
    print(
        f"  equilibrium counts agree with enumerate_equilibria on {agree}/"
        f"{min(len(g_objs), 300)} games"
    )


def bench_model(n_eval: int) -> None:
    from gametheory import sensitivity as sa
    from gametheory.models import load_model

    path = ROOT / "models" / "pacific_nato.toml"
    model = load_model(path)
    try:
        evaluator = model.evaluator()
    except (ImportError, AttributeError, NotImplementedError) as exc:
        print(f"\nflagship model: no batch evaluator available ({exc})")
        return
    space = sa.ParameterSpace.from_model(model)
    k = len(space)
    design = sa.monte_carlo_samples(space, n_eval, rng=0)
    full = space.full_values(design.values, model.parameter_names)
    evaluator(full[:256])  # warm up (compiles the payoff formulas)
    _, t1 = timed(evaluator, full)
    cores = os.cpu_count() or 1
    _, t_cold = timed(sa.evaluate_samples, model, design, workers=cores, chunk_size=500)
    again = sa.monte_carlo_samples(space, n_eval, rng=1)
    _, tn = timed(sa.evaluate_samples, model, again, workers=cores, chunk_size=500)
    r1, rn = rate(n_eval, t1), rate(n_eval, tn)
    print(f"\nflagship model {model.id}: {k} varying parameters, {len(model.player_ids)} players")
    print(f"  evaluator in process:          {r1:>10,.0f} evaluations/s")
    print(
        f"  evaluate_samples, {cores} workers:  {rn:>10,.0f} evaluations/s "
        f"(first call, starting the workers: {rate(n_eval, t_cold):,.0f}/s)"
    )
    base = round(1_000_000 / (k + 2))  # Saltelli: N * (k + 2) evaluations
    total = base * (k + 2)
    # a short real Sobol run (base 64) to include sampling and analysis overhead
    small, ts = timed(
        sa.sobol,
        model,
        samples=64,
        rng=0,
        workers=cores,
        outcomes=[f"payoff:{model.player_ids[0]}"],
    )
    overhead = ts - len(small.table) / rn
    proj = total / rn + max(overhead, 0.0)
    print(
        f"  Sobol analysis, base N={base}: {total:,} evaluations; projected "
        f"{proj / 60:.1f} min on {cores} cores (extrapolated from the rate above and a "
        f"{len(small.table):,}-evaluation Sobol run that took {ts:.1f} s; not run in full)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    args = parser.parse_args()
    if args.quick:
        bench_games(20_000, 300, 50)
        bench_model(1_000)
    else:
        bench_games(400_000, 3_000, 300)
        bench_model(6_000)


if __name__ == "__main__":
    main()
