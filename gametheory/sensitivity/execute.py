"""Batch evaluation of a model over samples: in-process, on local cores, or on Dask.

:func:`evaluate_samples` splits the samples into chunks of a fixed size (so the
split never depends on the number of workers), evaluates each chunk with the
model's vectorised evaluator and gathers the outcomes into an
:class:`~gametheory.sensitivity.outcomes.OutcomeTable`.

Where the chunks run is one of the executors of
:mod:`gametheory.sensitivity.executors`:

* small runs (one chunk) stay in this process;
* larger runs use local worker processes (joblib/loky), one per core by default;
* given ``scheduler="tcp://host:8786"`` (or a ``dask.distributed.Client``), the
  chunks run on that Dask cluster instead; the scheduler must answer within
  ``connect_timeout`` seconds.
* Given ``store=folder``, every finished chunk is written there at once (atomically)
  next to a ``manifest.json`` describing the run (model hash, design, seed, sample
  hash). Running the same call again loads the finished chunks and evaluates only
  the rest, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import io
import json
import os
import sys
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..io.atomic import atomic_write_bytes, atomic_write_text
from ..io.safe_read import check_regular, read_input
from .errors import SensitivityError
from .executors import (
    ChunkExecutor,
    ChunkJob,
    DaskExecutor,
    InProcessExecutor,
    LocalExecutor,
    require_dask,
)
from .outcomes import OutcomeTable
from .sampling import Samples

__all__ = ["evaluate_samples", "DEFAULT_CHUNK_SIZE", "StoreMismatch"]

#: Samples per chunk unless told otherwise.
DEFAULT_CHUNK_SIZE = 4096
_MANIFEST = "manifest.json"
#: Largest manifest read (a manifest of this package is a few kilobytes).
MAX_MANIFEST_BYTES = 1_000_000


class StoreMismatch(SensitivityError):
    """A results folder holds a different run than the one asked for."""


def _expand(compact: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The outcome arrays of a stored or shipped chunk (codes + categories back to strings)."""
    out: dict[str, np.ndarray] = {}
    for k, v in compact.items():
        if k.endswith("::cats"):
            continue
        if k.endswith("::codes"):
            base = k[:-7]
            cats = np.asarray(compact[f"{base}::cats"]).astype(object)
            out[base] = cats[np.asarray(v)]
        else:
            out[k] = np.asarray(v)
    return out


# ------------------------------------------------------------------ the store
def _manifest(model: Any, samples: Samples, chunk_size: int) -> dict[str, Any]:
    return {
        "format": 1,
        "model": getattr(model, "id", type(model).__name__),
        "model_sha256": getattr(model, "sha256", None),
        "method": samples.method,
        "seed": samples.seed,
        "n": len(samples),
        "parameters": list(samples.names),
        "space": samples.space.fingerprint(),
        "samples": samples.fingerprint(),
        "chunk_size": int(chunk_size),
        "options": json.loads(json.dumps(samples.options, default=str)),
    }


def _open_store(store: Path, manifest: dict[str, Any]) -> None:
    mpath = store / _MANIFEST
    if mpath.exists():
        # read with a cap, refusing a FIFO (which would block) or a device
        data = read_input(
            mpath, max_bytes=MAX_MANIFEST_BYTES, what="manifest", error=SensitivityError
        )
        try:
            saved = json.loads(data.decode("utf-8"))
        except ValueError as exc:
            raise SensitivityError(f"{mpath}: unreadable manifest ({exc})") from None
        if not isinstance(saved, dict):
            raise SensitivityError(
                f"{mpath}: damaged manifest (a JSON {type(saved).__name__}, "
                "not an object); delete the folder to start the run over"
            )
        for key in (
            "model",
            "model_sha256",
            "method",
            "seed",
            "n",
            "parameters",
            "space",
            "samples",
            "chunk_size",
        ):
            if saved.get(key) != manifest.get(key):
                raise StoreMismatch(
                    f"{store}: holds a different run ({key}: saved {saved.get(key)!r}, "
                    f"now {manifest.get(key)!r}); use another output folder or delete it"
                )
        return
    if store.exists() and not store.is_dir():
        raise SensitivityError(f"{store}: exists and is not a folder")
    if store.is_dir() and any(p.name.startswith("chunk-") for p in store.iterdir()):
        raise StoreMismatch(f"{store}: holds chunk files but no manifest; delete them first")
    store.mkdir(parents=True, exist_ok=True)
    atomic_write_text(mpath, json.dumps(manifest, indent=2) + "\n")


def _chunk_path(store: Path, i: int) -> Path:
    return store / f"chunk-{i:06d}.npz"


def _save_chunk(store: Path, i: int, data: Mapping[str, np.ndarray]) -> None:
    buf = io.BytesIO()
    np.savez(buf, **data)  # type: ignore[arg-type]  # the stubs read **data as allow_pickle
    atomic_write_bytes(_chunk_path(store, i), buf.getvalue())


def _load_chunk(store: Path, i: int, n_rows: int) -> dict[str, np.ndarray] | None:
    path = _chunk_path(store, i)
    if not path.exists():
        return None
    try:
        check_regular(path, what="chunk file", error=SensitivityError)
    except SensitivityError:
        return None  # a FIFO would block, a device never end: evaluate again (replaced then)
    try:
        with np.load(path, allow_pickle=False) as z:
            data = {k: z[k] for k in z.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile):
        return None  # damaged (truncated, not a zip): evaluate again
    rows = next((len(v) for k, v in data.items() if not k.endswith("::cats")), -1)
    return data if rows == n_rows else None


# ------------------------------------------------------------------ execution
def _progress_bar(enabled: bool, total: int, done: int) -> Any:
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover
        return None
    return tqdm(
        total=total,
        initial=done,
        unit="eval",
        file=sys.stderr,
        desc="evaluating",
        dynamic_ncols=True,
        leave=True,
    )


def _executor(
    scheduler: Any, connect_timeout: float, workers: int | None, n_chunks: int
) -> ChunkExecutor:
    if scheduler is not None:
        return DaskExecutor(scheduler, connect_timeout)
    n_workers = min((os.cpu_count() or 1) if workers is None else int(workers), n_chunks)
    return InProcessExecutor() if n_workers <= 1 else LocalExecutor(n_workers)


def evaluate_samples(
    model: Any,
    samples: Samples,
    /,
    *,
    chunk_size: int | None = None,
    workers: int | None = None,
    scheduler: Any = None,
    connect_timeout: float = 5.0,
    progress: bool = False,
    store: str | os.PathLike[str] | None = None,
    on_chunk: Callable[[int, int, int], None] | None = None,
) -> OutcomeTable:
    """Evaluate the model at every sample.

    Parameters
    ----------
    model : Model
        Anything with ``parameter_names``, ``player_ids`` and ``evaluator()``.
    samples : Samples
    chunk_size : int, optional
        Samples per chunk (default :data:`DEFAULT_CHUNK_SIZE`). Part of a stored run's
        identity: resume with the same value.
    workers : int, optional
        Local worker processes, run by joblib's loky backend (default: every core;
        1 runs in this process).
    scheduler : str or dask.distributed.Client, optional
        Run on a Dask cluster instead (``"tcp://host:8786"``).
    connect_timeout : float, default 5
        Seconds to wait for the scheduler before failing.
    progress : bool, default False
        Show a progress bar (tqdm) on stderr.
    store : path, optional
        Folder to write each finished chunk to, and to resume from.
    on_chunk : callable ``(chunk_index, samples_done, samples_total)``, optional
        Called after each chunk is stored (in completion order).

    Returns
    -------
    OutcomeTable
        Rows in sample order, identical whatever ``workers`` or ``scheduler``.
    """
    if scheduler is not None:
        require_dask()  # before any work: one line when the extra is missing
    n = len(samples)
    chunk = DEFAULT_CHUNK_SIZE if chunk_size is None else int(chunk_size)
    if chunk < 1:
        raise SensitivityError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    if workers is not None and (isinstance(workers, bool) or int(workers) < 1):
        raise SensitivityError(f"workers must be a positive integer, got {workers!r}")
    from ..models.tree_batch import check_tree_samples

    check_tree_samples(model, n, "evaluating the design")  # before any sample is evaluated
    players = tuple(model.player_ids)
    full = samples.space.full_values(samples.values, tuple(model.parameter_names))
    bounds = [(lo, min(lo + chunk, n)) for lo in range(0, n, chunk)]
    results: dict[int, dict[str, np.ndarray]] = {}

    store_path = Path(store) if store is not None else None
    if store_path is not None:
        _open_store(store_path, _manifest(model, samples, chunk))
        for i, (lo, hi) in enumerate(bounds):
            got = _load_chunk(store_path, i, hi - lo)
            if got is not None:
                results[i] = got
    todo = [i for i in range(len(bounds)) if i not in results]
    done = sum(bounds[i][1] - bounds[i][0] for i in results)
    bar = _progress_bar(progress, n, done)

    def finish(i: int, data: dict[str, np.ndarray]) -> None:
        nonlocal done
        results[i] = data
        if store_path is not None:
            _save_chunk(store_path, i, data)
        done += bounds[i][1] - bounds[i][0]
        if bar is not None:
            bar.update(bounds[i][1] - bounds[i][0])
        if on_chunk is not None:
            on_chunk(i, done, n)

    try:
        if todo:
            executor = _executor(scheduler, connect_timeout, workers, len(todo))
            chunks = ((i, full[bounds[i][0] : bounds[i][1]]) for i in todo)
            runs = executor.run(ChunkJob.for_model(model), chunks)
            try:
                for i, data in runs:
                    finish(i, data)
            finally:
                runs.close()  # stops the workers if a chunk failed or the run was interrupted
    finally:
        if bar is not None:
            bar.close()
    return _gather(samples, players, [results[i] for i in range(len(bounds))])


def _gather(
    samples: Samples, players: tuple[str, ...], parts: list[dict[str, np.ndarray]]
) -> OutcomeTable:
    expanded = [_expand(p) for p in parts]
    for e in expanded:  # a chunk stored before underflow was tracked: none recorded
        e.setdefault("underflow", np.full(len(e["ok"]), "", dtype=object))
    keys = list(expanded[0]) if expanded else ["label", "ok", "n_equilibria"]
    arrays = {
        k: np.concatenate([e[k] for e in expanded]) if expanded else np.zeros(0) for k in keys
    }
    return OutcomeTable(names=samples.names, values=samples.values, arrays=arrays, players=players)
