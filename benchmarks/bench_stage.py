"""Time the stage kernel (models/stage.py) and the threat analysis (models/threats.py).

Run from the repository root::

    python benchmarks/bench_stage.py                     # kernel vs git HEAD's, threats
    python benchmarks/bench_stage.py --baseline 099af94  # kernel vs that commit's
    python benchmarks/bench_stage.py --quick

The stage kernel is self-contained (numpy only), so the baseline's ``stage.py`` is read
from git (``git show REV:gametheory/models/stage.py``) and imported next to the current
one: both solve the same random stage tables in this process, interleaved, and the
script prints the best-of-``--repeat`` CPU time (``time.process_time``, which other
jobs on a shared machine disturb less than wall-clock time) of each, their ratio, and
whether the two found the same equilibria. The tables are those of a role's stage
followed by one best-responding follower (``StageTables``), in the shapes the models
use: 12 members with 2-3 strategies and 2-3 responses, member payoffs with and without
a dependence on the role's counts, plus the flagship's own tables.

The threat analysis and the flagship's batched evaluator are timed in absolute CPU
seconds; to compare them with another version, run the script with that version first
on the path (``PYTHONPATH=/path/to/other/tree python benchmarks/bench_stage.py``).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def load_stage_at(rev: str) -> ModuleType:
    """``gametheory/models/stage.py`` of git revision ``rev``, imported as a module."""
    text = subprocess.run(
        ["git", "show", f"{rev}:gametheory/models/stage.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="bench_stage_"))
    path = folder / f"stage_{rev.replace('/', '_')}.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def random_tables(
    stage: ModuleType, rng: np.random.Generator, *, n: int, N: int, K: int, R: int, counts: bool
) -> Any:
    """Stage tables of ``n`` samples: a follower choosing among ``R`` responses after
    ``N`` members with ``K`` strategies each; members' payoffs depend on the counts
    when ``counts``. Payoffs are drawn so that pruning and verification both work."""
    base = rng.normal(0.0, 1.0, (n, R))
    delta = rng.normal(0.0, 0.3, (n, N, K, R))
    delta[:, :, 0, :] = 0.0
    if counts:
        count_vectors = stage.count_vectors(N, K)
        share = count_vectors / N  # (C, K)
        own = rng.normal(0.0, 1.0, (n, N, K, R, 1))
        spill = rng.normal(0.0, 0.5, (n, 1, K, 1, 1)) * share.T[None, None, :, None, :]
        member = own + spill
    else:
        count_vectors = np.zeros((1, K), dtype=int)
        member = rng.normal(0.0, 1.0, (n, N, K, R, 1))
    return stage.StageTables(
        base=base,
        delta=delta,
        member=member,
        counts=count_vectors,
        allowed=np.ones((N, K), bool),
        allowed_response=np.ones(R, bool),
    )


def recorded_tables(name: str, n: int) -> list[Any]:
    """The stage tables that model ``name``'s batched evaluator hands to the stage kernel
    for ``n`` samples drawn over the parameter ranges (empty if it never uses it)."""
    import gametheory.models.sequential as sequential
    from gametheory.models import load_model

    path = ROOT / "models" / f"{name}.toml"
    if not path.exists():
        return []
    model = load_model(path)
    if model.form != "sequential":
        return []
    bounds = model.bounds()
    rng = np.random.default_rng(7)
    samples = bounds[:, 0] + (bounds[:, 1] - bounds[:, 0]) * rng.random((n, len(bounds)))
    seen: list[Any] = []
    original = sequential.solve_stage

    def recording(tables: Any, **kwargs: Any) -> Any:
        seen.append(tables)
        return original(tables, **kwargs)

    sequential.solve_stage = recording
    try:
        model.evaluator()(samples)
    finally:
        sequential.solve_stage = original
    return seen


def best_cpu(func: Any, repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        start = time.process_time()
        out = func()
        times.append(time.process_time() - start)
    return min(times), out


def same_solution(a: Any, b: Any) -> bool:
    return (
        np.array_equal(a.profile, b.profile)
        and np.array_equal(a.response, b.response)
        and np.array_equal(a.n_equilibria, b.n_equilibria)
        and np.allclose(a.member_payoffs, b.member_payoffs, equal_nan=True)
    )


def bench_kernel(baseline: ModuleType, n: int, repeat: int) -> None:
    from gametheory.models import stage as current

    rng = np.random.default_rng(2026)
    cases = [
        ("12 members, K=3, R=3, no counts", dict(N=12, K=3, R=3, counts=False)),
        ("12 members, K=2, R=2, no counts", dict(N=12, K=2, R=2, counts=False)),
        ("8 members, K=3, R=3, counts", dict(N=8, K=3, R=3, counts=True)),
    ]
    print(f"stage kernel, {n:,} samples per case (CPU s, best of {repeat})")
    print(f"  {'case':<36} {'baseline':>9} {'current':>9} {'ratio':>6}  same")
    for label, shape in cases:
        seed = int(rng.integers(2**31))
        old_tables = random_tables(baseline, np.random.default_rng(seed), n=n, **shape)
        new_tables = random_tables(current, np.random.default_rng(seed), n=n, **shape)
        _report(label, baseline, current, old_tables, new_tables, repeat)
    for name in ("seato_1954", "regional_state", "pacific_nato"):
        recorded = recorded_tables(name, n)
        if not recorded:
            continue
        old = [
            baseline.StageTables(**{f: getattr(t, f) for f in t.__dataclass_fields__})
            for t in recorded
        ]
        label = f"{name} ({len(recorded)} stage calls)"
        _report(label, baseline, current, old, recorded, repeat)


def _report(
    label: str, baseline: ModuleType, current: ModuleType, old: Any, new: Any, repeat: int
) -> None:
    """Time both kernels on the same tables (one set, or a list of sets solved in turn)."""
    old_list = old if isinstance(old, list) else [old]
    new_list = new if isinstance(new, list) else [new]
    old_times, new_times = [], []
    old_sols: list[Any] = []
    new_sols: list[Any] = []
    for _ in range(repeat):  # interleaved, so that load changes hit both alike
        t, old_sols = best_cpu(
            lambda: [baseline.solve_stage(tables, keep_all=True) for tables in old_list], 1
        )
        old_times.append(t)
        t, new_sols = best_cpu(
            lambda: [current.solve_stage(tables, keep_all=True) for tables in new_list], 1
        )
        new_times.append(t)
    t_old, t_new = min(old_times), min(new_times)
    same = all(same_solution(a, b) for a, b in zip(old_sols, new_sols, strict=True))
    print(f"  {label:<36} {t_old:9.3f} {t_new:9.3f} {t_new / t_old:6.2f}  {same}")


def quantity_game(n_quantities: int) -> Any:
    """A leader, two simultaneous firms, then a follower, each choosing a quantity
    0..n_quantities-1 against a linear demand: integer payoffs (many ties) and many
    Nash outcomes held by threats, the exhaustive threat analysis's workload."""
    from gametheory.models import Model

    stages = [["L"], ["A", "B"], ["F"]]
    text = 'format = 1\n[model]\nid = "bench"\ntitle = "Quantity game"\nform = "sequential"\n'
    for cost, player in enumerate(("L", "A", "B", "F"), start=1):
        text += (
            f'[players.{player}]\npayoff = "q({player}) * (2 * {n_quantities} '
            f'- q(L) - q(A) - q(B) - q(F) - {cost})"\n'
            f"strategies = {{from = 0, to = {n_quantities - 1}, step = 1}}\n"
        )
    text += "[form]\nstages = " + repr(stages).replace("'", '"') + "\n"
    return Model.from_toml(text)


def bench_threats(repeat: int) -> None:
    from gametheory.models import load_model
    from gametheory.models.threats import non_credible_threats

    print(f"threat analysis (CPU s, best of {repeat})")
    models = [
        ("seato_1954 (structured)", load_model(ROOT / "models" / "seato_1954.toml")),
        ("quantity game, 4 players x 9 moves (exhaustive)", quantity_game(9)),
    ]
    for label, model in models:
        non_credible_threats(model)  # compile the formulas first
        t, result = best_cpu(lambda m=model: non_credible_threats(m), repeat)
        print(f"  {label:<48} {t:8.3f}  ({len(result.equilibria)} outcomes held by threats)")


def bench_evaluator(n: int, repeat: int) -> None:
    from gametheory.models import load_model

    model = load_model(ROOT / "models" / "pacific_nato.toml")
    bounds = model.bounds()
    rng = np.random.default_rng(11)
    samples = bounds[:, 0] + (bounds[:, 1] - bounds[:, 0]) * rng.random((n, len(bounds)))
    evaluator = model.evaluator()
    evaluator(samples[:10])
    t, _ = best_cpu(lambda: evaluator(samples), repeat)
    print(f"flagship evaluator, {n:,} samples over the ranges: {t:.3f} CPU s (best of {repeat})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="HEAD", help="git revision of the baseline kernel")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n = 300 if args.quick else 1000
    baseline = load_stage_at(args.baseline)
    bench_kernel(baseline, n, args.repeat)
    bench_evaluator(n, max(1, args.repeat // 2))
    bench_threats(max(1, args.repeat // 2))


if __name__ == "__main__":
    main()
