"""Time the same workloads at two source trees, in alternating subprocesses.

Issue 13 asked that the redesign keep the benchmarks within 10% of the figures of the day
it was filed (commit 3cd10da). Timing the two revisions one after the other on a shared
machine compares two different loads; this script alternates them instead: for each
workload it runs a child process with the old tree first on ``PYTHONPATH``, then one with
the new tree, and repeats, so both see the same load. Each child does the workload's
set-up (imports, inputs, warm-up and compilation), then times the workload alone in CPU
seconds of that process (``time.process_time``), and checks its answer against the other
tree's (a digest of the result: the same games must give the same equilibrium counts).
Each workload first runs once per tree uncounted, filling a bytecode cache kept outside
the trees (``PYTHONDONTWRITEBYTECODE`` is dropped for the children): with it set, every
child compiled every module it imported from source, charging the new tree for its
extra modules (the CLI start-up looked 30% slower for that reason alone).

::

    git worktree add /tmp/base-3cd10da 3cd10da
    python benchmarks/compare_revisions.py /tmp/base-3cd10da . --repeats 5
    python benchmarks/compare_revisions.py /tmp/base-3cd10da . --only flagship --repeats 3

Prints, per workload, the median CPU seconds at each tree, the median of the per-pair
ratios new / old (the pairs are the alternating runs), and the range of those ratios.
The workloads are those of ``bench_solvers.py --quick``, ``bench_models.py --quick`` and
``bench_sensitivity.py --quick`` as they were at 3cd10da, written with APIs both trees
have; the model workloads read the old tree's ``models/pacific_nato.toml`` (the first
edition, the one the 3cd10da figures were measured on), which both trees load.
Multi-process workloads (``evaluate_samples`` on every core, the batched solver's
threads) are left out: the CPU time of one process does not measure them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

#: set-up shared by the workloads (runs before the clock starts)
PRELUDE = """
import time, json, sys, warnings
import numpy as np
warnings.simplefilter("ignore")
from gametheory import NormalFormGame
from gametheory.solvers import enumerate_equilibria, pure_equilibria
OLD = sys.argv[1]
"""

# bench_square's games: 3 generic and 3 degenerate n x n games for each n, as (n, game)
_SQUARE_GAMES = (
    "games = []\n"
    "for kind in ('generic', 'degenerate'):\n"
    "    rng = np.random.default_rng(11)\n"
    "    for n in (3, 4, 6, 8):\n"
    "        for _ in range(3):\n"
    "            if kind == 'generic':\n"
    "                A, B = rng.normal(size=(n, n)), rng.normal(size=(n, n))\n"
    "            else:\n"
    "                A, B = (rng.integers(0, 3, (n, n)).astype(float),"
    " rng.integers(0, 3, (n, n)).astype(float))\n"
    "            games.append((n, NormalFormGame.from_bimatrix(A, B)))\n"
)


#: name -> (set-up code, timed statement; its value is the result's digest)
WORKLOADS: dict[str, tuple[str, str]] = {
    # bench_solvers.py --quick: bench_3x3(200, 50)
    "solvers: enumerate 200 random 3x3 (float), x5": (
        "rng = np.random.default_rng(2024)\n"
        "mats = [(rng.normal(size=(3, 3)), rng.normal(size=(3, 3))) for _ in range(200)]\n"
        "games = [NormalFormGame.from_bimatrix(A, B) for A, B in mats]\n"
        "enumerate_equilibria(games[0])",
        "[[len(enumerate_equilibria(g)) for g in games] for _ in range(5)][0]",
    ),
    "solvers: enumerate 50 random 3x3 (exact), x5": (
        "rng = np.random.default_rng(2024)\n"
        "mats = [(rng.normal(size=(3, 3)), rng.normal(size=(3, 3))) for _ in range(200)]\n"
        "games = [NormalFormGame.from_bimatrix(A, B) for A, B in mats][:50]\n"
        "enumerate_equilibria(games[0], exact=True)",
        "[[len(enumerate_equilibria(g, exact=True)) for g in games] for _ in range(5)][0]",
    ),
    "solvers: batch_bimatrix_equilibria 200 3x3, x20": (
        "from gametheory.solvers.batch import batch_bimatrix_equilibria\n"
        "rng = np.random.default_rng(2024)\n"
        "mats = [(rng.normal(size=(3, 3)), rng.normal(size=(3, 3))) for _ in range(200)]\n"
        "stacked = np.stack([np.stack([A, B], axis=-1) for A, B in mats])\n"
        "batch_bimatrix_equilibria(stacked[:10])",
        "[[int(c) for c in batch_bimatrix_equilibria(stacked).counts] for _ in range(20)][0]",
    ),
    # bench_pure(10)
    "solvers: pure, dense 2-10 players x 3 strategies, x10": (
        "rng = np.random.default_rng(7)\n"
        "games = [NormalFormGame.from_payoff_array(rng.integers(0, 10, ((3,) * n + (n,))).astype(float))"
        " for n in range(2, 11, 2)]\n"
        "pure_equilibria(games[0])",
        "[[len(pure_equilibria(g)) for g in games] for _ in range(10)][0]",
    ),
    # bench_square([3, 4, 6, 8], 3, 6), both kinds, float and exact (exact up to n = 6)
    "solvers: enumerate n x n, n = 3..8, generic + degenerate (float)": (
        _SQUARE_GAMES + "enumerate_equilibria(games[0][1])",
        "[len(enumerate_equilibria(g)) for n, g in games]",
    ),
    "solvers: enumerate n x n, n = 3..6, generic + degenerate (exact)": (
        _SQUARE_GAMES
        + "games = [g for n, g in games if n <= 6]\n"
        + "enumerate_equilibria(games[0], exact=True)",
        "[len(enumerate_equilibria(g, exact=True)) for g in games]",
    ),
    # bench_cli(3): the CLI's start-up, CPU time of the child process it starts
    "cli: solve battle_of_the_sexes.nfg --json (new process)": (
        "import os, resource, subprocess\n"
        "game = OLD + '/models/battle_of_the_sexes.nfg'\n"
        "def cli():\n"
        "    before = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "    proc = subprocess.run([sys.executable, '-m', 'gametheory', 'solve', game, '--json'],"
        " capture_output=True, check=True)\n"
        "    after = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "    global CHILD\n"
        "    CHILD = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)\n"
        "    return len(json.loads(proc.stdout)['equilibria'])\n"
        "cli()",
        "cli()",
    ),
    # bench_models.py --quick, on the first-edition flagship
    "models: load flagship (first edition)": (
        "from gametheory.models import load_model\npath = OLD + '/models/pacific_nato.toml'\nload_model(path)",
        "len(load_model(path).parameters)",
    ),
    "models: flagship first solve (compiles)": (
        "from gametheory.models import load_model\nmodel = load_model(OLD + '/models/pacific_nato.toml')",
        "sorted(model.solve().path.items())",
    ),
    "models: flagship solve x5 (compiled)": (
        "from gametheory.models import load_model\n"
        "model = load_model(OLD + '/models/pacific_nato.toml')\nmodel.solve()",
        "[sorted(model.solve().path.items()) for _ in range(5)][0]",
    ),
    "models: flagship solve one subgame x5": (
        "from gametheory.models import load_model\n"
        "model = load_model(OLD + '/models/pacific_nato.toml')\nmodel.solve()\n"
        "fix = {model.players[0].id: model.players[0].strategies[-1]}",
        "[sorted(model.solve(fix=fix).path.items()) for _ in range(5)][0]",
    ),
    "models: evaluator 500 samples within 10% of base": (
        "from gametheory.models import load_model\n"
        "model = load_model(OLD + '/models/pacific_nato.toml')\n"
        "rng = np.random.default_rng(0)\nB = model.bounds(); v = model.value_vector(); span = B[:, 1] - B[:, 0]\n"
        "lo, hi = np.maximum(B[:, 0], v - 0.1 * span), np.minimum(B[:, 1], v + 0.1 * span)\n"
        "P = lo + (hi - lo) * rng.random((500, len(v)))\n"
        "evaluator = model.evaluator(); evaluator(v); evaluator(P[:8])",
        "evaluator(P).n_equilibria.tolist()",
    ),
    "models: evaluator 500 samples uniform over ranges": (
        "from gametheory.models import load_model\n"
        "model = load_model(OLD + '/models/pacific_nato.toml')\n"
        "rng = np.random.default_rng(0)\nB = model.bounds(); v = model.value_vector(); span = B[:, 1] - B[:, 0]\n"
        "rng.random((500, len(v)))\nP = B[:, 0] + span * rng.random((500, len(v)))\n"
        "evaluator = model.evaluator(); evaluator(v); evaluator(P[:8])",
        "evaluator(P).n_equilibria.tolist()",
    ),
    "models: solve_branches one sample at a time x100": (
        "from gametheory.models import load_model\nfrom gametheory.models.sequential import solve_branches\n"
        "model = load_model(OLD + '/models/pacific_nato.toml')\n"
        "rng = np.random.default_rng(0)\nB = model.bounds(); v = model.value_vector(); span = B[:, 1] - B[:, 0]\n"
        "P = B[:, 0] + span * rng.random((100, len(v)))\nsolve_branches(model, P[:1])",
        "len([solve_branches(model, row[None, :]) for row in P])",
    ),
    # bench_sensitivity.py --quick: bench_games(20_000, 300, 50), bench_model(1_000)
    "sensitivity: batch_bimatrix_equilibria 20,000 3x3, 1 thread": (
        "from gametheory.solvers.batch import batch_bimatrix_equilibria\n"
        "games = np.random.default_rng(0).normal(size=(20000, 3, 3, 2))\n"
        "batch_bimatrix_equilibria(games[:1000])",
        "int(batch_bimatrix_equilibria(games, workers=1).counts.sum())",
    ),
    "sensitivity: batch_pure_equilibria 20,000 3x3": (
        "from gametheory.solvers.batch import batch_pure_equilibria\n"
        "games = np.random.default_rng(0).normal(size=(20000, 3, 3, 2))\n"
        "batch_pure_equilibria(games[:10])",
        "int(np.asarray(batch_pure_equilibria(games)).sum())",
    ),
    "sensitivity: enumerate_equilibria loop 300 3x3": (
        "games = np.random.default_rng(0).normal(size=(20000, 3, 3, 2))[:300]\n"
        "g_objs = [NormalFormGame.from_payoff_array(g) for g in games]\nenumerate_equilibria(g_objs[0])",
        "[len(enumerate_equilibria(g)) for g in g_objs]",
    ),
    "sensitivity: flagship evaluator 1,000 Monte Carlo samples": (
        "from gametheory import sensitivity as sa\nfrom gametheory.models import load_model\n"
        "model = load_model(OLD + '/models/pacific_nato.toml')\n"
        "space = sa.ParameterSpace.from_model(model)\n"
        "design = sa.monte_carlo_samples(space, 1000, rng=0)\n"
        "full = space.full_values(design.values, model.parameter_names)\n"
        "evaluator = model.evaluator(); evaluator(full[:256])",
        "evaluator(full).n_equilibria.tolist()",
    ),
    "sensitivity: sobol base 64, 1 worker": (
        "from gametheory import sensitivity as sa\nfrom gametheory.models import load_model\n"
        "model = load_model(OLD + '/models/pacific_nato.toml')\nmodel.evaluator()(model.value_vector())",
        "len(sa.sobol(model, samples=64, rng=0, workers=1,"
        " outcomes=[f'payoff:{model.player_ids[0]}']).table)",
    ),
}

#: compiled modules of both trees (and of the libraries), kept outside the trees: with
#: ``PYTHONDONTWRITEBYTECODE`` set, every child would compile every module it imports
#: from source, which charges a tree for its number of lines rather than its speed
PYCACHE = Path(tempfile.gettempdir()) / "compare-revisions-pycache"

CHILD = """
{prelude}
CHILD = None
{setup}
if {profile}:
    import cProfile, pstats
    profiler = cProfile.Profile()
    profiler.enable()
start = time.process_time()
value = {statement}
seconds = time.process_time() - start
if {profile}:
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(15)
if CHILD is not None:
    seconds = CHILD
print("@@RESULT@@" + json.dumps({{"seconds": seconds, "digest": repr(value)[:2000]}}))
"""


def run_child(tree: Path, old: Path, name: str, *, profile: bool = False) -> dict[str, object]:
    """One run of workload ``name`` with ``tree`` first on the path (``profile``: print
    the profile of the timed statement, its 15 most expensive functions, to stderr)."""
    setup, statement = WORKLOADS[name]
    code = CHILD.format(prelude=PRELUDE, setup=setup, statement=statement, profile=profile)
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONPYCACHEPREFIX=str(PYCACHE))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    proc = subprocess.run(
        [sys.executable, "-c", code, str(old)],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("@@RESULT@@")]
    if profile:
        print(f"### {name}: {tree}\n{proc.stderr}")
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"{name} at {tree}: {tail}")
    return json.loads(lines[-1][len("@@RESULT@@") :])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the old source tree (e.g. a worktree of 3cd10da)")
    parser.add_argument("new", type=Path, help="the new source tree")
    parser.add_argument(
        "--repeats", type=int, default=5, help="alternating pairs of runs per workload"
    )
    parser.add_argument("--only", default=None, help="only workloads whose name contains this")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw times here")
    parser.add_argument(
        "--profile", action="store_true", help="profile each selected workload once per tree"
    )
    args = parser.parse_args(argv)
    old, new = args.old.resolve(), args.new.resolve()
    names = [n for n in WORKLOADS if args.only is None or args.only in n]
    if args.profile:
        for name in names:
            for tree in (old, new):
                run_child(tree, old, name, profile=True)
        return 0
    raw: dict[str, dict[str, list[float]]] = {}
    print(f"old: {old}\nnew: {new}\n{args.repeats} alternating pairs per workload; CPU seconds\n")
    print("| workload | old s | new s | new / old (median) | range | same answer |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    for name in names:
        times: dict[str, list[float]] = {"old": [], "new": []}
        same = True
        try:
            for tree in (old, new):  # a warm-up run each, not counted (fills the bytecode cache)
                run_child(tree, old, name)
            for i in range(args.repeats):
                # alternate which tree goes first, so neither always runs on a warmer cache
                order = (("old", old), ("new", new)) if i % 2 == 0 else (("new", new), ("old", old))
                digests = {}
                for label, tree in order:
                    out = run_child(tree, old, name)
                    times[label].append(float(out["seconds"]))  # type: ignore[arg-type]
                    digests[label] = out["digest"]
                same = same and digests["old"] == digests["new"]
        except RuntimeError as exc:
            print(f"| {name} | failed: {exc} | | | | |", flush=True)
            continue
        ratios = [b / a for a, b in zip(times["old"], times["new"], strict=True) if a > 0]
        raw[name] = times
        print(
            f"| {name} | {statistics.median(times['old']):.3f} | {statistics.median(times['new']):.3f} "
            f"| {statistics.median(ratios):.2f} | {min(ratios):.2f}-{max(ratios):.2f} "
            f"| {'yes' if same else 'NO'} |",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
