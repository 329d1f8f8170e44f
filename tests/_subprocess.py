"""Run the command line in a child process, with this checkout first on the path.

For tests of what a user's shell sees: the exit status, stdout, stderr (warnings printed
as ``gametheory: warning:`` lines, one-line errors), with nothing shared with the test
process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def gametheory_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m gametheory ARGS`` in a child process; never raises on a failing exit."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "gametheory", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
