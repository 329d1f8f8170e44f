"""What tracking the *set* of equilibria costs: evaluator throughput and threshold scans.

Run from the repository root::

    python benchmarks/bench_sets.py            # 4,000 samples per design
    python benchmarks/bench_sets.py --quick    # 1,000 samples

Times are CPU seconds of this process (``time.process_time``). Prints

1. the flagship evaluator (models/pacific_nato.toml, sequential) in evaluations per
   second per core, alone and with everything an analysis extracts from each batch
   (``outcome_arrays``: labels, actions, payoffs and now the set labels), near the
   base values and over the full ranges; the issue's floor is 3,000 per core;
2. the same for a simultaneous model with several equilibria
   (tests/data/several/tariff_chicken.toml): the evaluator with its packed set bits, the
   labels of the selected equilibrium (what analyses read before), and the set
   labels and per-player set actions added by set tracking; the ratio "with sets /
   without" must stay at most 2;
3. the flagship's threshold scan on the whole game only and with every branch of the
   US choice (six times the evaluations, by design).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from gametheory.models import load_model
from gametheory.sensitivity import critical_thresholds
from gametheory.sensitivity.outcomes import outcome_arrays

ROOT = Path(__file__).resolve().parents[1]


def cpu(func, *args, repeat=3, **kwargs):
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        out = func(*args, **kwargs)
        best = min(best, time.process_time() - start)
    return best, out


def designs(model, n, rng):
    lo, hi = model.bounds()[:, 0], model.bounds()[:, 1]
    base = model.value_vector()
    near = np.clip(base * (1 + 0.1 * rng.uniform(-1, 1, (n, len(base)))), lo, hi)
    full = lo + (hi - lo) * rng.random((n, len(base)))
    return {"near base": near, "full ranges": full}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n = 1000 if args.quick else 4000
    rng = np.random.default_rng(0)

    flag = load_model(ROOT / "models" / "pacific_nato.toml")
    ev = flag.evaluator()
    ev(flag.value_vector()[None, :])  # compile
    print(f"1. flagship evaluator, {n:,} samples (evaluations per second per core)")
    for name, P in designs(flag, n, rng).items():
        t_eval, batch = cpu(ev, P)
        t_arr, _ = cpu(outcome_arrays, batch, flag.player_ids)
        print(
            f"   {name:12s} evaluator {n / t_eval:8,.0f}/s   with outcome arrays "
            f"{n / (t_eval + t_arr):8,.0f}/s   (arrays {t_arr / t_eval:.2f}x of the evaluation)"
        )

    tw = load_model(ROOT / "tests" / "data" / "several" / "tariff_chicken.toml")
    ev = tw.evaluator()
    print(f"2. tariff war (simultaneous, several equilibria), {n:,} samples")
    for name, P in designs(tw, n, rng).items():
        t_eval, batch = cpu(ev, P)
        M = len(batch.profiles)
        bits = np.random.default_rng(1).random((len(P), M)) < 0.3
        t_pack, _ = cpu(np.packbits, bits, axis=1)

        def selected_labels(b=batch):
            b.labels()
            for p in tw.player_ids:
                b.action_labels(p)

        def set_labels(b=batch):
            b.set_labels()
            for p in tw.player_ids:
                b.set_actions(p)

        t_old, _ = cpu(selected_labels)
        t_sets, _ = cpu(set_labels)
        before = (t_eval - t_pack) + t_old
        after = t_eval + t_old + t_sets
        print(
            f"   {name:12s} evaluator {n / t_eval:9,.0f}/s (packing the set bits "
            f"{t_pack / t_eval:.1%} of it); evaluation + labels {n / before:9,.0f}/s "
            f"without sets, {n / after:9,.0f}/s with sets: {after / before:.2f}x"
        )

    print("3. flagship thresholds (steps 41, one process)")
    wanted = [
        "chn_coercion_cost",
        "coercion_effect",
        "sovereignty_cost",
        "deterrence.quad_plus",
        "chn_pressure_cost",
        "taiwan_aversion.TWN",
    ]
    some = [p for p in wanted if p in flag.parameters]
    t_path, f_path = cpu(
        critical_thresholds, flag, params=some, workers=1, branches_=False, repeat=1
    )
    t_all, f_all = cpu(critical_thresholds, flag, params=some, workers=1, repeat=1)
    print(
        f"   {len(some)} parameters: whole game {t_path:.1f} s ({len(f_path)} thresholds); "
        f"with the 6 branches of the US choice {t_all:.1f} s ({len(f_all)} thresholds, "
        f"{(f_all.branch != '').sum()} in branches)"
    )


if __name__ == "__main__":
    main()
