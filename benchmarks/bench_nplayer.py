"""Benchmark: N-player equilibrium methods on random games, against pygambit where installed.

Run from the repository root::

    python benchmarks/bench_nplayer.py            # 2 games per size, about a minute
    python benchmarks/bench_nplayer.py --games 5 --enum-limit 0   # logit only

For every size (3 to 5 players, 2 or 3 strategies) the same random games (standard
normal payoffs, fixed seeds) are solved in one run by

* ``logit``            -- gametheory.solvers.logit.logit_solve (one equilibrium),
* ``enumerate-mixed``  -- gametheory.solvers.nplayer_enum.enumerate_mixed (all
  equilibria; only for games with at most ``--enum-limit`` support profiles),
* pygambit's ``logit_solve``, ``gnm_solve`` and ``enumpoly_solve`` if pygambit
  imports (16.x or 17.x, through ``tests/_gambit.py``). Each pygambit call runs in a
  child process with a time limit, because gnm has crashed the interpreter (double
  free) on 5-player games; its time is that of the solver call alone.

It prints, per game and method, the time, the number of equilibria and the worst
regret (recomputed by gametheory from the game for every method), then the ratio of
our logit time to pygambit's (or, without pygambit, to the 130 ms measured for
pygambit's logit on a 5-player 3-strategy game, issue 7). A method "fails" on a game
when it returns no equilibrium with regret <= 1e-8; the summary counts failures.
Nothing is asserted: speed is reported, not tested.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import _gambit  # noqa: E402 - the pygambit adapter of the test suite (pygambit stays optional)

from gametheory import NormalFormGame  # noqa: E402
from gametheory.errors import MethodNotApplicableError  # noqa: E402
from gametheory.solvers.logit import logit_solve  # noqa: E402
from gametheory.solvers.nplayer_enum import count_support_profiles, enumerate_mixed  # noqa: E402

SIZES = [(3, 2), (3, 3), (4, 2), (4, 3), (5, 2), (5, 3)]
PYGAMBIT_REFERENCE_MS = 130.0  # pygambit logit, 5 players x 3 strategies (issue 7)
CERTIFIED = 1e-8


def make_games(per_size: int) -> list[tuple[str, NormalFormGame]]:
    games = []
    for n_players, n_strategies in SIZES:
        for k in range(per_size):
            rng = np.random.default_rng(1000 * n_players + 100 * n_strategies + k)
            P = rng.normal(size=(n_strategies,) * n_players + (n_players,))
            games.append(
                (f"{n_players}p x {n_strategies}s #{k + 1}", NormalFormGame.from_payoff_array(P))
            )
    return games


# ------------------------------------------------------------------ pygambit
def run_pygambit(
    game: NormalFormGame, method: str, timeout: float
) -> tuple[str, float | None, list]:
    """One pygambit method in a child process (tests/_gambit.py, pygambit 16.x or 17.x).

    Gambit's logit stops at a regret of ``maxregret`` times the payoff range (default
    1e-8); it is asked for the same absolute regret as ours (CERTIFIED) instead.
    """
    options = {}
    if method == "logit":
        options["maxregret"] = CERTIFIED / 2 / float(np.ptp(game.payoffs) or 1.0)
    run = _gambit.solve(game, method, isolate=True, timeout=timeout, **options)
    return run.status, run.seconds, [list(prof) for prof in run.profiles]


# ---------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=2, help="games per size (default 2)")
    parser.add_argument(
        "--enum-limit",
        type=int,
        default=400,
        help="run enumerate-mixed only up to this many support profiles",
    )
    parser.add_argument(
        "--enum-time", type=float, default=30.0, help="time limit of enumerate-mixed"
    )
    parser.add_argument("--gambit-timeout", type=float, default=60.0)
    args = parser.parse_args(argv)

    games = make_games(args.games)
    gambit = _gambit.available()
    print(f"{len(games)} random games, sizes {', '.join(f'{a}x{b}' for a, b in SIZES)}")
    if gambit:
        import pygambit

        print(
            f"pygambit {pygambit.__version__} (each call in a child process; its time is the "
            "solver call alone, wall clock)"
        )
    if not gambit:
        print(
            "pygambit is not importable: skipped pygambit logit, gnm and enumpoly "
            f"(ratios below are against the documented {PYGAMBIT_REFERENCE_MS:.0f} ms of pygambit's "
            "logit on a 5-player 3-strategy game)"
        )
    header = f"{'game':<14} {'method':<17} {'time ms':>9} {'#eq':>4} {'max regret':>11}  note"
    print(header)
    print("-" * len(header))
    failures: dict[str, int] = {}
    logit_times: dict[str, list[float]] = {}
    logit_cpu: dict[str, list[float]] = {}
    ratios: list[float] = []
    for name, game in games:
        size = name.split(" #")[0]
        rows = []
        t, c = time.perf_counter(), time.process_time()
        res = logit_solve(game)
        ours, cpu = time.perf_counter() - t, time.process_time() - c
        logit_times.setdefault(size, []).append(ours)
        logit_cpu.setdefault(size, []).append(cpu)
        ok = bool(res.equilibria) and res.max_regret <= CERTIFIED
        failures["logit"] = failures.get("logit", 0) + (not ok)
        rows.append(
            (
                "logit",
                ours,
                len(res),
                res.max_regret if res.equilibria else float("nan"),
                f"cpu {1000 * cpu:.1f} ms" if ok else "; ".join(res.warnings),
            )
        )
        count = count_support_profiles(game.shape)
        if count <= args.enum_limit:
            t = time.perf_counter()
            try:
                er = enumerate_mixed(game, max_time=args.enum_time)
                dt = time.perf_counter() - t
                ok = bool(er.equilibria) and er.max_regret <= CERTIFIED
                note = "complete" if er.complete else "incomplete: " + "; ".join(er.warnings)
                rows.append(("enumerate-mixed", dt, len(er), er.max_regret, note))
            except MethodNotApplicableError as exc:
                ok = False
                rows.append(("enumerate-mixed", float("nan"), 0, float("nan"), str(exc)))
            failures["enumerate-mixed"] = failures.get("enumerate-mixed", 0) + (not ok)
        else:
            rows.append(
                (
                    "enumerate-mixed",
                    float("nan"),
                    0,
                    float("nan"),
                    f"skipped: {count} support profiles > --enum-limit",
                )
            )
        if gambit:
            for method in ("logit", "gnm", "enumpoly"):
                status, dt, profiles = run_pygambit(game, method, args.gambit_timeout)
                regrets = [game.regret([np.asarray(v) for v in prof]) for prof in profiles]
                worst = max(regrets) if regrets else float("nan")
                ok = status == "ok" and bool(regrets) and worst <= CERTIFIED
                failures[f"pygambit {method}"] = failures.get(f"pygambit {method}", 0) + (not ok)
                rows.append(
                    (
                        f"pygambit {method}",
                        dt if dt is not None else float("nan"),
                        len(profiles),
                        worst,
                        status if status != "ok" else "",
                    )
                )
                if method == "logit" and dt:
                    ratios.append(ours / dt)
        for method, dt, n, reg, note in rows:
            print(f"{name:<14} {method:<17} {dt * 1000:>9.1f} {n:>4} {reg:>11.2e}  {note}")
    print()
    print("logit time per size (ms, mean over games; CPU time is robust to a busy machine):")
    for size, ts in logit_times.items():
        cpu_ms = 1000 * np.mean(logit_cpu[size])
        line = f"  {size:<10} wall {1000 * np.mean(ts):8.1f}   cpu {cpu_ms:8.1f}"
        if not gambit and size == "5p x 3s":
            line += (
                f"   ratio (cpu) to pygambit logit's {PYGAMBIT_REFERENCE_MS:.0f} ms: "
                f"{cpu_ms / PYGAMBIT_REFERENCE_MS:.2f}"
            )
        print(line)
    if ratios:
        print(
            f"our logit / pygambit logit time: median ratio {np.median(ratios):.2f} "
            f"(min {min(ratios):.2f}, max {max(ratios):.2f})"
        )
    print(
        "games without a certified equilibrium (regret <= 1e-8): "
        + ", ".join(f"{m} {k}" for m, k in failures.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
