"""Run many ``gametheory`` command lines in one process; report status, stdout and stderr.

Usage: ``python _cli_worker.py < calls.json`` with a JSON list of argument lists.
The parent caps this process's CPU time and address space; each call also gets an
alarm, so a hang is reported as such rather than waited for.
"""

from __future__ import annotations

import contextlib
import io
import json
import signal
import sys

from gametheory.cli import main as cli_main

PER_CALL_SECONDS = 60


def _alarm(signum, frame):  # noqa: ANN001, ARG001
    raise TimeoutError(f"no answer within {PER_CALL_SECONDS} s")


def main() -> int:
    calls = json.load(sys.stdin)
    signal.signal(signal.SIGALRM, _alarm)
    results = []
    for argv in calls:
        out, err = io.StringIO(), io.StringIO()
        signal.alarm(PER_CALL_SECONDS)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = cli_main(argv)
        except TimeoutError as exc:
            status, err = -1, io.StringIO(f"HANG: {exc}")
        except BaseException as exc:  # noqa: BLE001 - report, do not die
            status, err = -2, io.StringIO(f"ESCAPED: {type(exc).__name__}: {exc}")
        finally:
            signal.alarm(0)
        results.append([status, out.getvalue(), err.getvalue()])
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
