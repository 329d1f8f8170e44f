"""Reading input files with a size cap *while reading*, refusing anything not a file.

``stat`` is not enough: a FIFO blocks forever when opened for reading, and a
symlink to ``/dev/zero`` reports size 0 and then never ends. :func:`read_input`
opens without blocking, checks the opened descriptor is a regular file, and reads
at most ``max_bytes + 1`` bytes, so a file that grows or lies about its size is
still stopped at the cap. Every input the package reads (game files, model files,
documents named on the command line) goes through it.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "g.txt"
>>> _ = p.write_text("hello")
>>> read_input(p, max_bytes=100, what="game file")
b'hello'
>>> read_input(p, max_bytes=3, what="game file")
Traceback (most recent call last):
...
gametheory.errors.GameFileError: ...g.txt: game file is larger than the 3 bytes allowed
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import GameFileError, GameTheoryError

__all__ = ["read_input", "check_regular"]

_KINDS = [
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
]


def _describe(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def check_regular(
    path: str | os.PathLike[str], *, what: str, error: type[GameTheoryError] = GameFileError
) -> None:
    """Raise ``error`` unless ``path`` (symlinks followed) is an existing regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except PermissionError:
        raise error(f"{path}: permission denied") from None
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise error(f"{path}: is {_describe(mode)}, expected a {what}")


def read_input(
    path: str | os.PathLike[str],
    *,
    max_bytes: int,
    what: str,
    error: type[GameTheoryError] = GameFileError,
) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` bytes.

    Parameters
    ----------
    path : path-like
    max_bytes : int
        Reading stops one byte past this, whatever ``stat`` says.
    what : str
        What the file should be ("game file", "model file"), for messages.
    error : exception class
        Raised (with a one-line message naming the file) for a missing, unreadable,
        non-regular or too large file.
    """
    name = str(path)
    check_regular(path, what=what, error=error)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(Path(path), flags)
    except PermissionError:
        raise error(f"{name}: permission denied") from None
    except OSError as exc:
        raise error(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped for something else since the check
            raise error(f"{name}: is {_describe(mode)}, expected a {what}")
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise error(f"{name}: {what} is larger than the {max_bytes:,} bytes allowed")
    except OSError as exc:
        raise error(f"{name}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return b"".join(chunks)
