"""Time ``solve(game)`` (method ``auto``) on small games of three or more players.

Since issue 10, ``auto`` enumerates mixed equilibria of such games (``enumerate-mixed``)
when its estimated run time (:func:`gametheory.solvers.estimate_mixed_seconds`) is within
:data:`gametheory.solvers.AUTO_MIXED_SECONDS`, and lists pure equilibria otherwise. This
prints, for random games of each shape, the estimate, the CPU time of ``auto`` and of
``pure``, the method ``auto`` chose and whether the list is complete.

Run from the repository root::

    python benchmarks/bench_auto.py            # 3 games per shape
    python benchmarks/bench_auto.py --games 1
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from gametheory import NormalFormGame
from gametheory.solvers import AUTO_MIXED_SECONDS, estimate_mixed_seconds, solve

SHAPES = [(2, 2, 2), (3, 3, 2), (2, 2, 2, 2), (3, 3, 3), (2, 2, 2, 2, 2), (4, 4, 4)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=3, help="random games per shape")
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    print(f"auto budget: {AUTO_MIXED_SECONDS:g} s estimated")
    print(f"{'shape':>12} {'estimate s':>10} {'auto s':>8} {'pure s':>8}  method  found  complete")
    for shape in SHAPES:
        for _ in range(args.games):
            P = rng.normal(size=(*shape, len(shape)))
            game = NormalFormGame.from_payoff_array(P)
            est, _ = estimate_mixed_seconds(game)
            t0 = time.process_time()
            res = solve(game)
            t1 = time.process_time()
            solve(game, method="pure")
            t2 = time.process_time()
            print(
                f"{'x'.join(map(str, shape)):>12} {est:10.2f} {t1 - t0:8.3f} {t2 - t1:8.4f}  "
                f"{res.method:>6}  {len(res):5d}  {res.complete}"
            )


if __name__ == "__main__":
    main()
