"""How fast the explorer re-solves when a slider moves (``gametheory.explore``).

For each model: the time of one :meth:`Explorer.set` (a slider move: ``with_params``
and a full re-solve), the nearest-threshold search from that point, and the JSON state
the web app sends; median of several moves across each slider's range, in CPU seconds
of this process (``time.process_time``) and wall-clock.

    python benchmarks/bench_explore.py            # flagship, SEATO, us_china, regional_state
    python benchmarks/bench_explore.py --quick    # fewer moves
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import gametheory as gt
from gametheory.explorer import Explorer

MODELS = Path(__file__).resolve().parents[1] / "models"


def _timed(fn):  # noqa: ANN001, ANN202
    c, w = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c, time.perf_counter() - w


def bench(name: str, moves: int) -> dict[str, float]:
    model = gt.load_model(MODELS / f"{name}.toml")
    build = _timed(lambda: Explorer(model))
    ex = Explorer(model)
    sliders = ex.sliders[:: max(1, len(ex.sliders) // moves)][:moves]
    sets, states = [], []
    for s in sliders:
        value = s.low + 0.75 * (s.high - s.low)
        sets.append(_timed(lambda s=s, value=value: ex.set({s.name: value})))
        states.append(_timed(lambda: ex.to_dict(thresholds=False)))
    thresholds = _timed(lambda: ex.thresholds())
    return {
        "model": name,
        "sliders": len(ex.sliders),
        "build_s": build[1],
        "set_cpu_s": statistics.median(c for c, _ in sets),
        "set_wall_s": statistics.median(w for _, w in sets),
        "set_max_wall_s": max(w for _, w in sets),
        "state_json_s": statistics.median(w for _, w in states),
        "thresholds_wall_s": thresholds[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    moves = 4 if args.quick else 12
    print(
        f"{'model':<16}{'sliders':>8}{'build s':>9}{'set cpu s':>11}{'set wall s':>12}"
        f"{'max wall s':>12}{'json s':>8}{'thresholds s':>14}"
    )
    for name in ("pacific_nato", "seato_1954", "us_china", "regional_state"):
        r = bench(name, moves)
        print(
            f"{r['model']:<16}{r['sliders']:>8}{r['build_s']:>9.2f}{r['set_cpu_s']:>11.3f}"
            f"{r['set_wall_s']:>12.3f}{r['set_max_wall_s']:>12.3f}{r['state_json_s']:>8.3f}"
            f"{r['thresholds_wall_s']:>14.2f}"
        )


if __name__ == "__main__":
    main()
