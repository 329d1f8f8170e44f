"""Batch evaluation of a model over samples: in-process, on local cores, or on Dask.

:func:`evaluate_samples` splits the samples into chunks of a fixed size (so the
split never depends on the number of workers), evaluates each chunk with the
model's vectorised evaluator and gathers the outcomes into an
:class:`~gametheory.sensitivity.outcomes.OutcomeTable`.

* Small runs (one chunk) stay in this process.
* Larger runs use local worker processes, one per core by default.
* Given ``scheduler="tcp://host:8786"`` (or a ``dask.distributed.Client``), the
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
from .errors import SensitivityError
from .outcomes import OutcomeTable, outcome_arrays
from .sampling import Samples

__all__ = ["evaluate_samples", "DEFAULT_CHUNK_SIZE", "StoreMismatch"]

#: Samples per chunk unless told otherwise.
DEFAULT_CHUNK_SIZE = 4096
_MANIFEST = "manifest.json"


class StoreMismatch(SensitivityError):
    """A results folder holds a different run than the one asked for."""


# ------------------------------------------------------------------ model shipping
def _model_recipe(model: Any) -> tuple[str, Any]:
    """How a worker gets the model: the model itself when it pickles (models are
    frozen data), else its file path and parameter values to reload it there."""
    import pickle

    try:
        pickle.dumps(model)
        return ("object", model)
    except Exception:  # noqa: BLE001 - any pickling failure: fall back to the file
        path = getattr(model, "path", None)
        if path is None or not Path(path).is_file():
            raise SensitivityError("the model cannot be sent to worker processes: it does "
                                   "not pickle and has no model file") from None
    ranges = {n: (float(p.low), float(p.high), float(p.value))
              for n, p in model.parameters.items()}
    return ("file", (str(Path(path).resolve()), getattr(model, "sha256", None), ranges))


_WORKER_CACHE: dict[Any, Any] = {}


def _evaluator_from_recipe(recipe: tuple[str, Any]) -> Any:
    kind, data = recipe
    if kind == "object":
        key = ("object", id(data))
        if key not in _WORKER_CACHE:
            _WORKER_CACHE.clear()
            _WORKER_CACHE[key] = (data.evaluator(), data.player_ids)
        return _WORKER_CACHE[key]
    path, sha, ranges = data
    key = ("file", path, sha, tuple(sorted(ranges.items())))
    if key not in _WORKER_CACHE:
        from ..models import load_model

        model = load_model(path)
        if sha is not None and getattr(model, "sha256", sha) != sha:
            raise SensitivityError(f"{path}: the model file changed while the run was going on")
        model = model.with_params({n: v for n, (_, _, v) in ranges.items()}, extend_range=True)
        if hasattr(model, "with_ranges"):
            model = model.with_ranges({n: (lo, hi) for n, (lo, hi, _) in ranges.items()})
        _WORKER_CACHE.clear()
        _WORKER_CACHE[key] = (model.evaluator(), model.player_ids)
    return _WORKER_CACHE[key]


def _compact(arrays: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Strings become codes + categories (small to ship and store)."""
    out: dict[str, np.ndarray] = {}
    for k, v in arrays.items():
        v = np.asarray(v)
        if v.dtype.kind in "USO":
            cats, codes = np.unique(v.astype(str), return_inverse=True)
            out[f"{k}::codes"] = codes.astype(np.int32)
            out[f"{k}::cats"] = cats
        else:
            out[k] = v
    return out


def _expand(compact: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
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


def _eval_chunk(evaluator: Any, players: tuple[str, ...], x: np.ndarray) -> dict[str, np.ndarray]:
    return _compact(outcome_arrays(evaluator(x), players))


def _remote_task(recipe: tuple[str, Any], x: np.ndarray) -> dict[str, np.ndarray]:
    evaluator, players = _evaluator_from_recipe(recipe)
    return _eval_chunk(evaluator, players, x)


_FORKED: tuple[Any, tuple[str, ...]] | None = None


def _worker_init() -> None:
    """In each local worker: leave Ctrl-C to the parent (which stops the workers), and
    on Linux die with the parent, so that no worker outlives a killed run."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - best effort
            pass


def _forked_task(x: np.ndarray) -> dict[str, np.ndarray]:
    assert _FORKED is not None  # set in the parent before forking (internal invariant)
    return _eval_chunk(_FORKED[0], _FORKED[1], x)


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
        try:
            saved = json.loads(mpath.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SensitivityError(f"{mpath}: unreadable manifest ({exc})") from None
        if not isinstance(saved, dict):
            raise SensitivityError(f"{mpath}: damaged manifest (a JSON {type(saved).__name__}, "
                                   "not an object); delete the folder to start the run over")
        for key in ("model", "model_sha256", "method", "seed", "n", "parameters", "space",
                    "samples", "chunk_size"):
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
    np.savez(buf, **data)
    atomic_write_bytes(_chunk_path(store, i), buf.getvalue())


def _load_chunk(store: Path, i: int, n_rows: int) -> dict[str, np.ndarray] | None:
    path = _chunk_path(store, i)
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            data = {k: z[k] for k in z.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile):
        return None  # damaged (truncated, not a zip): evaluate again
    rows = next((len(v) for k, v in data.items() if not k.endswith("::cats")), -1)
    return data if rows == n_rows else None


# ------------------------------------------------------------------ execution
def _client(scheduler: Any, timeout: float) -> tuple[Any, bool]:
    if not isinstance(scheduler, str):
        return scheduler, False  # a Client (or compatible) given by the caller
    try:
        from dask.distributed import Client
    except ImportError:  # pragma: no cover - optional extra
        raise SensitivityError("running on a Dask cluster needs dask[distributed] "
                               "(pip install 'gametheory[distributed]')") from None
    try:
        return Client(scheduler, timeout=timeout, set_as_default=False), True
    except (OSError, TimeoutError, ValueError) as exc:
        msg = " ".join(str(exc).split())[:160]
        raise SensitivityError(f"cannot reach the Dask scheduler at {scheduler} within "
                               f"{timeout:g} s ({type(exc).__name__}: {msg})") from None


def _progress_bar(enabled: bool, total: int, done: int) -> Any:
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover
        return None
    return tqdm(total=total, initial=done, unit="eval", file=sys.stderr, desc="evaluating",
                dynamic_ncols=True, leave=True)


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
        Local processes (default: every core; 1 runs in this process).
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
    n = len(samples)
    chunk = DEFAULT_CHUNK_SIZE if chunk_size is None else int(chunk_size)
    if chunk < 1:
        raise SensitivityError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    if workers is not None and (isinstance(workers, bool) or int(workers) < 1):
        raise SensitivityError(f"workers must be a positive integer, got {workers!r}")
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
            if scheduler is not None:
                _run_dask(model, full, bounds, todo, finish, scheduler, connect_timeout)
            else:
                n_workers = (os.cpu_count() or 1) if workers is None else int(workers)
                n_workers = min(n_workers, len(todo))
                if n_workers <= 1:
                    evaluator = model.evaluator()
                    for i in todo:
                        lo, hi = bounds[i]
                        finish(i, _eval_chunk(evaluator, players, full[lo:hi]))
                else:
                    _run_local(model, players, full, bounds, todo, finish, n_workers)
    finally:
        if bar is not None:
            bar.close()
    return _gather(samples, players, [results[i] for i in range(len(bounds))])


def _run_local(model: Any, players: tuple[str, ...], full: np.ndarray,
               bounds: list[tuple[int, int]], todo: list[int],
               finish: Callable[[int, dict[str, np.ndarray]], None], n_workers: int) -> None:
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    global _FORKED
    if "fork" in mp.get_all_start_methods():
        _FORKED = (model.evaluator(), players)
        pool = ProcessPoolExecutor(max_workers=n_workers, mp_context=mp.get_context("fork"),
                                   initializer=_worker_init)

        def submit(i: int) -> Any:
            lo, hi = bounds[i]
            return pool.submit(_forked_task, full[lo:hi])
    else:  # pragma: no cover - spawn platforms
        recipe = _model_recipe(model)
        pool = ProcessPoolExecutor(max_workers=n_workers, initializer=_worker_init)

        def submit(i: int) -> Any:
            lo, hi = bounds[i]
            return pool.submit(_remote_task, recipe, full[lo:hi])

    try:
        queue = list(todo)
        running = {}
        while queue or running:
            while queue and len(running) < 2 * n_workers:
                i = queue.pop(0)
                running[submit(i)] = i
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in sorted(finished, key=lambda f: running[f]):
                i = running.pop(fut)
                finish(i, fut.result())
    except BaseException:
        # interrupted (or a chunk failed): stop the workers now rather than letting
        # them finish chunks nobody will store; finished chunks are already saved
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _FORKED = None


def _run_dask(model: Any, full: np.ndarray, bounds: list[tuple[int, int]], todo: list[int],
              finish: Callable[[int, dict[str, np.ndarray]], None], scheduler: Any,
              timeout: float) -> None:
    from dask.distributed import as_completed

    client, own = _client(scheduler, timeout)
    try:
        recipe = _model_recipe(model)
        [recipe_f] = client.scatter([recipe], broadcast=True, hash=False)
        futures = {}
        for i in todo:
            lo, hi = bounds[i]
            futures[client.submit(_remote_task, recipe_f, full[lo:hi], pure=False)] = i
        try:
            for fut in as_completed(list(futures), loop=client.loop):
                finish(futures[fut], fut.result())
        except BaseException:
            client.cancel(list(futures))
            raise
    finally:
        if own:
            client.close()


def _gather(samples: Samples, players: tuple[str, ...],
            parts: list[dict[str, np.ndarray]]) -> OutcomeTable:
    expanded = [_expand(p) for p in parts]
    keys = list(expanded[0]) if expanded else ["label", "ok", "n_equilibria"]
    arrays = {k: np.concatenate([e[k] for e in expanded]) if expanded else np.zeros(0)
              for k in keys}
    return OutcomeTable(names=samples.names, values=samples.values, arrays=arrays,
                        players=players)
