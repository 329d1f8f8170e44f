"""Time gametheory's equilibrium solvers against nashpy and QuantEcon on the same games.

Run from the repository root::

    python benchmarks/bench_solvers.py            # full run (a few minutes)
    python benchmarks/bench_solvers.py --quick    # smaller sizes (well under a minute)

Times are CPU seconds of this process (``time.process_time``), so that other jobs on a
shared machine disturb them less; the CLI start-up is wall-clock time.
Prints, for each task, games per second (or seconds per game), the speed ratio of
gametheory to each baseline, and how many equilibria each found (the correctness
column: on degenerate games the baselines find fewer). QuantEcon is used where
installed, and pygambit (enummixed, lcp) where it imports. Results are recorded in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from gametheory import NormalFormGame
from gametheory.solvers import enumerate_equilibria, pure_equilibria

ROOT = Path(__file__).resolve().parents[1]


def _timed(func: Callable[[], object]) -> tuple[float, object]:
    """CPU seconds of this process (robust to other jobs on a shared machine) and the result."""
    start = time.process_time()
    out = func()
    return time.process_time() - start, out


def _wall(func: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = func()
    return time.perf_counter() - start, out


def _quantecon():
    try:
        import quantecon.game_theory as qe
    except ImportError:
        return None
    return qe


def _row(cells: list[str], widths: list[int]) -> str:
    pairs = enumerate(zip(cells, widths, strict=True))
    return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in pairs)


def _table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n## {title}\n")
    print(_row(header, widths))
    print(_row(["-" * w for w in widths], widths))
    for r in rows:
        print(_row([str(c) for c in r], widths))


def bench_3x3(n_games: int, n_baseline: int) -> None:
    """All equilibria of random 3x3 games."""
    import nashpy

    qe = _quantecon()
    rng = np.random.default_rng(2024)
    mats = [(rng.normal(size=(3, 3)), rng.normal(size=(3, 3))) for _ in range(n_games)]
    games = [NormalFormGame.from_bimatrix(A, B) for A, B in mats]
    rows = []
    t_ours, res = _timed(lambda: [enumerate_equilibria(g) for g in games])
    ours_rate = n_games / t_ours
    found_sub = sum(len(r) for r in res[:n_baseline])
    rows.append(
        ["gametheory enumerate (float)", n_games, f"{ours_rate:,.0f}", "1.0", f"{found_sub}"]
    )
    t_ex, res_ex = _timed(lambda: [enumerate_equilibria(g, exact=True) for g in games[:n_baseline]])
    rows.append(
        [
            "gametheory enumerate (exact)",
            n_baseline,
            f"{n_baseline / t_ex:,.0f}",
            f"{(n_baseline / t_ex) / ours_rate:.2f}",
            f"{sum(len(r) for r in res_ex)}",
        ]
    )
    try:  # the batched solver (gametheory.solvers.batch), when present: one call for all games
        from gametheory.solvers.batch import batch_bimatrix_equilibria
    except ImportError:
        batch_bimatrix_equilibria = None
    if batch_bimatrix_equilibria is not None:
        stacked = np.stack([np.stack([A, B], axis=-1) for A, B in mats])
        t_b, res_b = _timed(lambda: batch_bimatrix_equilibria(stacked))
        rate = n_games / t_b
        rows.append(
            [
                "gametheory batch_bimatrix_equilibria",
                n_games,
                f"{rate:,.0f}",
                f"{rate / ours_rate:.2f}",
                f"{int(res_b.counts[:n_baseline].sum())}",
            ]
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, call in [
            ("nashpy support_enumeration", lambda G: list(G.support_enumeration())),
            ("nashpy vertex_enumeration", lambda G: list(G.vertex_enumeration())),
        ]:
            t, out = _timed(
                lambda call=call: [call(nashpy.Game(A, B)) for A, B in mats[:n_baseline]]
            )
            rate = n_baseline / t
            rows.append(
                [
                    name,
                    n_baseline,
                    f"{rate:,.0f}",
                    f"{rate / ours_rate:.4f}",
                    f"{sum(len(o) for o in out)}",
                ]
            )
    if qe is not None:
        qgames = [qe.NormalFormGame([qe.Player(A), qe.Player(B.T)]) for A, B in mats]
        qe.vertex_enumeration(qgames[0])  # compile (numba) before timing
        t, out = _timed(lambda: [qe.vertex_enumeration(g) for g in qgames])
        rate = n_games / t
        rows.append(
            [
                "QuantEcon vertex_enumeration",
                n_games,
                f"{rate:,.0f}",
                f"{rate / ours_rate:.3f}",
                f"{sum(len(o) for o in out[:n_baseline])}",
            ]
        )
    _table(
        f"All equilibria of random 3x3 games (normal payoffs, seed 2024); equilibria counted "
        f"on the first {n_baseline} games",
        ["solver", "games", "games/s", "rate vs ours", "equilibria found"],
        rows,
    )
    print()
    ours_rows = [r for r in rows if r[0].startswith("gametheory") and "exact" not in r[0]]
    for r in rows:
        if r[0].startswith("gametheory"):
            continue
        for mine in ours_rows:
            ratio = float(mine[2].replace(",", "")) / float(r[2].replace(",", ""))
            word = "faster" if ratio >= 1 else "slower"
            print(f"{mine[0]}: {max(ratio, 1 / ratio):,.1f}x {word} than {r[0]}")


def bench_pure(max_players: int) -> None:
    """All pure equilibria of dense N-player games with 3 strategies each."""
    qe = _quantecon()
    rng = np.random.default_rng(7)
    rows = []
    for n in range(2, max_players + 1, 2):
        shape = (3,) * n
        arr = rng.integers(0, 10, (*shape, n)).astype(float)  # integer payoffs: ties
        game = NormalFormGame.from_payoff_array(arr)
        t, res = _timed(lambda game=game: pure_equilibria(game))
        row = [n, f"{3**n:,}", f"{t * 1e3:.1f}", len(res)]
        if qe is not None and 3**n <= 3**8:
            qg = qe.NormalFormGame(arr)
            qe.pure_nash_brute(qe.NormalFormGame(arr[(0,) * 0]))  # warm up
            tq, qres = _timed(lambda qg=qg: qe.pure_nash_brute(qg))
            row += [f"{tq * 1e3:.1f}", f"{tq / t:,.0f}", len(qres)]
        else:
            row += ["-", "-", "-"]
        rows.append(row)
        del arr, game
    _table(
        "All pure equilibria of dense N-player games, 3 strategies each (payoffs integers 0-9)",
        [
            "players",
            "profiles",
            "ours ms",
            "ours found",
            "QuantEcon ms",
            "speed-up",
            "QuantEcon found",
        ],
        rows,
    )


def _square_bimatrices(kind: str, n: int, n_games: int, rng: np.random.Generator) -> list:
    """The random n x n games of :func:`bench_square` and :func:`bench_pygambit_square`:
    normal payoffs ("generic") or integers 0-2 ("degenerate", many ties)."""
    if kind == "generic":
        return [(rng.normal(size=(n, n)), rng.normal(size=(n, n))) for _ in range(n_games)]
    return [
        (rng.integers(0, 3, (n, n)).astype(float), rng.integers(0, 3, (n, n)).astype(float))
        for _ in range(n_games)
    ]


def bench_square(sizes: list[int], n_games: int, exact_max: int) -> None:
    """All extreme equilibria of random n x n games, generic and degenerate."""
    import nashpy

    qe = _quantecon()
    for kind in ("generic", "degenerate"):
        rng = np.random.default_rng(11)
        rows = []
        for n in sizes:
            mats = _square_bimatrices(kind, n, n_games, rng)
            games = [NormalFormGame.from_bimatrix(A, B) for A, B in mats]
            t, res = _timed(lambda games=games: [enumerate_equilibria(g) for g in games])
            row = [n, f"{t / n_games * 1e3:.2f}", sum(len(r) for r in res)]
            if n <= exact_max:
                te, rex = _timed(
                    lambda games=games: [enumerate_equilibria(g, exact=True) for g in games]
                )
                row += [f"{te / n_games * 1e3:.1f}", sum(len(r) for r in rex)]
            else:
                row += ["-", "-"]
            if qe is not None:
                qg = [qe.NormalFormGame([qe.Player(A), qe.Player(B.T)]) for A, B in mats]
                qe.vertex_enumeration(qg[0])
                tq, qres = _timed(lambda qg=qg: [qe.vertex_enumeration(g) for g in qg])
                row += [f"{tq / n_games * 1e3:.2f}", f"{tq / t:.2f}", sum(len(r) for r in qres)]
            else:
                row += ["-", "-", "-"]
            if n <= 6:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    tn, nres = _timed(
                        lambda mats=mats: [
                            list(nashpy.Game(A, B).vertex_enumeration()) for A, B in mats
                        ]
                    )
                row += [f"{tn / n_games * 1e3:.1f}", f"{tn / t:.1f}", sum(len(r) for r in nres)]
            else:
                row += ["-", "-", "-"]
            rows.append(row)
        payoffs = "normal(0, 1)" if kind == "generic" else "integers 0-2 (many ties)"
        _table(
            f"All extreme equilibria of {kind} n x n games ({n_games} per size, payoffs "
            f"{payoffs}); ms per game and total equilibria found",
            [
                "n",
                "ours ms",
                "ours found",
                "exact ms",
                "exact found",
                "QuantEcon ms",
                "QE time / ours",
                "QE found",
                "nashpy vertex ms",
                "nashpy / ours",
                "nashpy found",
            ],
            rows,
        )


def bench_pygambit_square(sizes: list[int], n_games: int, rational_max: int) -> None:
    """The games of :func:`bench_square` against pygambit's enummixed and lcp, where installed.

    pygambit (GPL, optional) is driven through the test suite's adapter
    ``tests/_gambit.py`` (pygambit 16.x or 17.x); its times are CPU seconds of the solver
    call alone (building the Gambit game is not counted), ours of the whole
    ``enumerate_equilibria`` call. "found" counts distinct equilibria; Gambit's enummixed
    lists some extreme equilibria of degenerate games twice ("listed"). "same set"
    compares our exact extreme equilibria with Gambit's rational enummixed, game by game.
    """
    sys.path.insert(0, str(ROOT / "tests"))
    import _gambit

    def distinct(run) -> int:  # Gambit lists some extreme equilibria of degenerate games twice
        return len(
            {
                tuple(tuple(np.round(np.asarray(v, dtype=float), 9) + 0.0) for v in prof)
                for prof in run.profiles
            }
        )

    if not _gambit.available():
        print("\n(pygambit not importable: its enummixed and lcp rows skipped)")
        return
    import pygambit

    for kind in ("generic", "degenerate"):
        rng = np.random.default_rng(11)
        rows = []
        for n in sizes:
            mats = _square_bimatrices(kind, n, n_games, rng)
            games = [NormalFormGame.from_bimatrix(A, B) for A, B in mats]
            t, res = _timed(lambda games=games: [enumerate_equilibria(g) for g in games])
            floats = [_gambit.solve(g, "enummixed", rational=False) for g in games]
            tf = sum(r.cpu_seconds for r in floats)
            lcp = [_gambit.solve(g, "lcp", rational=False) for g in games]
            tl = sum(r.cpu_seconds for r in lcp)
            row = [
                n,
                f"{t / n_games * 1e3:.2f}",
                sum(len(r) for r in res),
                f"{tf / n_games * 1e3:.2f}",
                f"{tf / t:.2f}",
                sum(distinct(r) for r in floats),
                f"{tl / n_games * 1e3:.2f}",
                sum(distinct(r) for r in lcp),
            ]
            if n <= rational_max:
                te, rex = _timed(
                    lambda games=games: [enumerate_equilibria(g, exact=True) for g in games]
                )
                rats = [_gambit.solve(g, "enummixed", rational=True) for g in games]
                tr = sum(r.cpu_seconds for r in rats)
                same = sum(
                    {e.exact_vectors for e in ours} == set(r.profiles)
                    for ours, r in zip(rex, rats, strict=True)
                )
                row += [
                    f"{te / n_games * 1e3:.1f}",
                    f"{tr / n_games * 1e3:.1f}",
                    f"{tr / te:.2f}",
                    sum(distinct(r) for r in rats),
                    sum(len(r.profiles) for r in rats),
                    f"{same}/{n_games}",
                ]
            else:
                row += ["-"] * 6
            rows.append(row)
        payoffs = "normal(0, 1)" if kind == "generic" else "integers 0-2 (many ties)"
        _table(
            f"pygambit {pygambit.__version__} on the same {kind} n x n games ({n_games} per "
            f"size, payoffs {payoffs}); CPU ms per game, equilibria found",
            [
                "n",
                "ours ms",
                "ours found",
                "gbt enummixed ms",
                "gbt / ours",
                "gbt found",
                "gbt lcp ms",
                "lcp found",
                "exact ms",
                "gbt rational ms",
                "gbt rat / exact",
                "gbt rat found",
                "gbt rat listed",
                "same set",
            ],
            rows,
        )


def bench_cli(repeats: int) -> None:
    """Cold start of ``gametheory solve`` on a small game."""
    game = ROOT / "models" / "battle_of_the_sexes.nfg"
    exe = shutil.which("gametheory")
    if not game.exists() or exe is None:
        print("\n(gametheory solve: CLI or example game not available; skipped)")
        return
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    times = []
    for _ in range(repeats):
        t, proc = _wall(
            lambda: subprocess.run(
                [exe, "solve", str(game), "--json"], capture_output=True, env=env
            )
        )
        if proc.returncode != 0:
            print(f"\n(gametheory solve failed: {proc.stderr.decode().strip()})")
            return
        times.append(t)
    _table(
        "Cold start: `gametheory solve models/battle_of_the_sexes.nfg --json`",
        ["runs", "best s", "median s"],
        [[repeats, f"{min(times):.3f}", f"{float(np.median(times)):.3f}"]],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer games")
    args = parser.parse_args(argv)
    print(
        f"# gametheory solver benchmarks ({'quick' if args.quick else 'full'}), "
        f"python {sys.version.split()[0]}, numpy {np.__version__}"
    )
    if args.quick:
        bench_3x3(200, 50)
        bench_pure(10)
        bench_square([3, 4, 6, 8], 3, 6)
        bench_pygambit_square([3, 4, 6, 8], 3, 6)
        bench_cli(3)
    else:
        bench_3x3(1000, 200)
        bench_pure(14)
        bench_square([3, 4, 6, 8, 10, 12], 5, 12)
        bench_pygambit_square([3, 4, 6, 8, 10, 12], 5, 8)
        bench_cli(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
