"""Atomic file output: a partly written file never replaces a good one.

Everything gametheory writes (CLI outputs, reports, figures) goes through these
helpers: the content is written to a temporary file in the same folder and then
renamed over the target, which is atomic on POSIX and Windows.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_text", "atomic_directory"]


def _default_mode() -> int:
    """The mode an ordinary ``open(path, "w")`` would give (0o666 less the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path.

    The folder must exist: a missing one is an error (FileNotFoundError), not
    created, so a mistyped path does not write somewhere unexpected.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_bytes(d / "x.bin", b"ok").read_bytes()
    b'ok'
    """
    target = Path(path)
    if not target.parent.is_dir():
        # a typo in a folder name should not silently create a new tree
        raise FileNotFoundError(
            2, "the output's folder does not exist (create it first)", str(target.parent)
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _default_mode())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically and return the path."""
    return atomic_write_bytes(path, text.encode(encoding))


@contextlib.contextmanager
def atomic_directory(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Build a directory's files in a temporary sibling, then move them in as a set.

    Only when the ``with`` block succeeds are the files moved into ``path``. Every
    destination is checked first (a folder where a file should go is an error
    before anything moves); each file that would be replaced is set aside, and if
    any move fails the files already moved are taken back and the set-aside ones
    restored: either every file is new or none changed. ``path`` itself (the
    ``-o`` directory) is created if missing, with its parents.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with atomic_directory(d) as tmp:
    ...     _ = (tmp / "a.txt").write_text("a")
    >>> sorted(p.name for p in d.iterdir())
    ['a.txt']
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield tmp
        mode = _default_mode()
        files = sorted(src for src in tmp.rglob("*") if src.is_file())
        for src in files:
            os.chmod(src, mode)
            dest = target / src.relative_to(tmp)
            if dest.is_dir() and not dest.is_symlink():
                raise IsADirectoryError(21, "a folder is in the way of an output file", str(dest))
        target.mkdir(parents=True, exist_ok=True)
        _move_set(tmp, files, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _move_set(tmp: Path, files: list[Path], target: Path) -> None:
    """Move ``files`` (under ``tmp``) into ``target``, all or none."""
    backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    moved: list[tuple[Path, Path | None]] = []  # (destination, its set-aside original)
    try:
        for src in files:
            rel = src.relative_to(tmp)
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            saved = None
            if dest.exists() or dest.is_symlink():
                saved = backup / rel
                saved.parent.mkdir(parents=True, exist_ok=True)
                os.replace(dest, saved)
            moved.append((dest, saved))
            os.replace(src, dest)
    except BaseException:
        for dest, saved in reversed(moved):
            with contextlib.suppress(OSError):
                if saved is not None:
                    os.replace(saved, dest)
                else:
                    os.unlink(dest)
        raise
    finally:
        shutil.rmtree(backup, ignore_errors=True)
