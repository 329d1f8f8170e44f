"""The fuzz harness: batches of cases run in one capped subprocess each."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("_worker.py")
#: Caps on each batch: CPU seconds and address space (bytes).
CPU_SECONDS = 60
ADDRESS_SPACE = 2 * 1024**3


def _limits() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_capped(
    argv: list[str], *, stdin: str = "", timeout: float = 120, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """Run ``python argv...`` with the package on the path, under the rlimit caps."""
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        GAMETHEORY_DEBUG="0",
    )
    return subprocess.run(
        [sys.executable, *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limits,
        env=env,
        cwd=cwd,
    )


def run_batch(kind: str, cases: list[str]) -> list[tuple[str, str, str]]:
    """Every case's ``(case, outcome, message)``; fails if the worker itself died."""
    proc = run_capped([str(WORKER), kind], stdin=json.dumps(cases))
    assert proc.returncode == 0, (
        f"worker died (status {proc.returncode}: killed by a resource cap?)\n{proc.stderr[-3000:]}"
    )
    results = json.loads(proc.stdout)
    return [(c, o, m) for c, (o, m) in zip(cases, results, strict=True)]


@pytest.fixture
def batch():
    def check(kind: str, cases: list[str]) -> list[tuple[str, str, str]]:
        results = run_batch(kind, cases)
        crashes = [(c, m) for c, o, m in results if o == "crash"]
        assert not crashes, f"{len(crashes)} case(s) crashed; first: {crashes[0]!r}"
        return results

    return check
