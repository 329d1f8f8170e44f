"""Where chunks of samples are evaluated: in this process, on local cores, or on Dask.

One small interface, :class:`ChunkExecutor`: ``run(job, chunks)`` evaluates each
``(index, parameter array)`` of ``chunks`` with the job's model and yields
``(index, outcome arrays)`` as each chunk finishes, in any order.
:func:`~gametheory.sensitivity.execute.evaluate_samples` puts them back in sample
order and stores each one as it arrives, so results never depend on the executor.

* :class:`InProcessExecutor`: one chunk after another, here.
* :class:`LocalExecutor`: worker processes on this machine, through joblib's loky
  backend (robust start and stop of workers, on every platform).
* :class:`DaskExecutor`: the workers of a ``dask.distributed`` cluster.

The model travels to each worker once (pickled; models are frozen data), or, when it
does not pickle, as its file path and parameter values to reload there; each worker
builds its evaluator once per run and reuses it for every chunk. A model already
used in this process travels with its compiled formulas and stage kernels (as the
source our printer generated: :meth:`gametheory.models.CompiledModel.derived`), so
the workers start without running sympy.

Examples
--------
>>> import pathlib, numpy as np
>>> from gametheory.models import load_model
>>> m = load_model(pathlib.Path(__file__).parents[2] / "models" / "us_china.toml")
>>> job = ChunkJob.for_model(m)
>>> x = np.tile(m.value_vector(), (3, 1))
>>> [(i, len(out["ok"])) for i, out in InProcessExecutor().run(job, [(0, x[:2]), (1, x[2:])])]
[(0, 2), (1, 1)]
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import warnings
from collections.abc import Generator, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .errors import SensitivityError
from .outcomes import outcome_arrays

__all__ = [
    "ChunkJob",
    "ChunkExecutor",
    "InProcessExecutor",
    "LocalExecutor",
    "DaskExecutor",
    "evaluate_chunk",
    "require_dask",
]

Chunk = tuple[int, np.ndarray]
Outcome = dict[str, np.ndarray]


# ------------------------------------------------------------------ the job
def _model_recipe(model: Any) -> tuple[str, Any]:
    """How a worker gets the model: the model itself when it pickles (models are
    frozen data), else its file path and parameter values to reload it there."""
    try:
        pickle.dumps(model)
        return ("object", model)
    except Exception:  # noqa: BLE001 - any pickling failure: fall back to the file
        path = getattr(model, "path", None)
        if path is None or not Path(path).is_file():
            raise SensitivityError(
                "the model cannot be sent to worker processes: it does "
                "not pickle and has no model file"
            ) from None
    ranges = {n: (float(p.low), float(p.high), float(p.value)) for n, p in model.parameters.items()}
    return ("file", (str(Path(path).resolve()), getattr(model, "sha256", None), ranges))


@dataclass(frozen=True)
class ChunkJob:
    """What every chunk of one run needs: the model and its players.

    Build with :meth:`for_model`. :meth:`recipe` is what travels to the workers, and
    :attr:`token` (a hash of it) names the model there, so a worker builds the
    evaluator once and reuses it for every chunk, and for later runs of the same model.
    """

    model: Any
    players: tuple[str, ...]

    @classmethod
    def for_model(cls, model: Any) -> ChunkJob:
        """The job of evaluating ``model`` (anything with ``player_ids`` and ``evaluator()``)."""
        return cls(model=model, players=tuple(model.player_ids))

    @functools.cached_property
    def recipe(self) -> bytes:
        """The pickled recipe a worker rebuilds the evaluator from (see :func:`evaluate_chunk`)."""
        return pickle.dumps((_model_recipe(self.model), self.players))

    @functools.cached_property
    def token(self) -> str:
        """A hash of :attr:`recipe`: equal models give equal tokens."""
        return hashlib.sha256(self.recipe).hexdigest()


def _compact(arrays: Mapping[str, np.ndarray]) -> Outcome:
    """Strings become codes + categories (small to ship and store)."""
    out: Outcome = {}
    for k, v in arrays.items():
        v = np.asarray(v)
        if v.dtype.kind in "USO":
            cats, codes = np.unique(v.astype(str), return_inverse=True)
            out[f"{k}::codes"] = codes.astype(np.int32)
            out[f"{k}::cats"] = cats
        else:
            out[k] = v
    return out


def _evaluate(evaluator: Any, players: tuple[str, ...], x: np.ndarray) -> Outcome:
    return _compact(outcome_arrays(evaluator(x), players))


#: In a worker process: the evaluator of the run it last served, ``{token: (evaluator, players)}``.
_WORKER_CACHE: dict[str, tuple[Any, tuple[str, ...]]] = {}


def _evaluator_from_recipe(kind: str, data: Any) -> Any:
    if kind == "object":
        return data.evaluator()
    path, sha, ranges = data
    from ..models import load_model

    model = load_model(path)
    if sha is not None and getattr(model, "sha256", sha) != sha:
        raise SensitivityError(f"{path}: the model file changed while the run was going on")
    model = model.with_params({n: v for n, (_, _, v) in ranges.items()}, extend_range=True)
    model = model.with_ranges({n: (lo, hi) for n, (lo, hi, _) in ranges.items()})
    return model.evaluator()


def evaluate_chunk(token: str, recipe: bytes, index: int, x: np.ndarray) -> tuple[int, Outcome]:
    """Evaluate one chunk in a worker: ``(index, compact outcome arrays)``.

    The evaluator is rebuilt from ``recipe`` only when ``token`` is a run this
    process has not served last (so a worker keeps one model's evaluator at a time).
    """
    if token not in _WORKER_CACHE:
        (kind, data), players = pickle.loads(recipe)  # noqa: S301 - our own bytes
        _WORKER_CACHE.clear()
        _WORKER_CACHE[token] = (_evaluator_from_recipe(kind, data), players)
    evaluator, players = _WORKER_CACHE[token]
    return index, _evaluate(evaluator, players, x)


# ------------------------------------------------------------------ executors
class ChunkExecutor(Protocol):
    """Evaluates chunks and yields ``(index, outcome arrays)`` as each one finishes."""

    def run(
        self, job: ChunkJob, chunks: Iterable[Chunk]
    ) -> Generator[tuple[int, Outcome], None, None]:
        """Evaluate every chunk; stop (and stop the workers) when the caller stops iterating."""
        ...


class InProcessExecutor:
    """Evaluates the chunks one after another in this process."""

    def run(
        self, job: ChunkJob, chunks: Iterable[Chunk]
    ) -> Generator[tuple[int, Outcome], None, None]:
        """See :class:`ChunkExecutor`."""
        evaluator = job.model.evaluator()
        for i, x in chunks:
            yield i, _evaluate(evaluator, job.players, x)


@dataclass(frozen=True)
class LocalExecutor:
    """Worker processes on this machine (joblib's loky backend).

    At most ``2 * n_workers`` chunks are in flight; when the caller stops iterating
    (an error, Ctrl-C), joblib cancels the rest and stops the workers.
    """

    n_workers: int

    def run(
        self, job: ChunkJob, chunks: Iterable[Chunk]
    ) -> Generator[tuple[int, Outcome], None, None]:
        """See :class:`ChunkExecutor`."""
        from joblib import Parallel, delayed

        recipe = job.recipe
        parallel = Parallel(
            n_jobs=self.n_workers,
            backend="loky",
            return_as="generator_unordered",
            pre_dispatch="2*n_jobs",
            batch_size=1,
        )
        results = parallel(delayed(evaluate_chunk)(job.token, recipe, i, x) for i, x in chunks)
        try:
            for item in results:  # noqa: UP028 - closing must reach results below, not inside
                yield item
        finally:
            with warnings.catch_warnings():  # joblib warns that the generator stopped early
                warnings.simplefilter("ignore")
                results.close()


#: What to do when dask[distributed] is missing (the same line from Python and the CLI).
DASK_MISSING = (
    "running on a Dask cluster needs dask[distributed], which is not installed: "
    "pip install 'gametheory[distributed]', or run on the local cores (no scheduler)"
)


def require_dask() -> None:
    """Raise :class:`SensitivityError` with one line of advice unless ``dask.distributed``
    can be imported (checked before any sampling or cluster work)."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        raise SensitivityError(DASK_MISSING) from None


@dataclass(frozen=True)
class DaskExecutor:
    """The workers of a Dask cluster: ``scheduler`` is an address or a ``Client``.

    An address must answer within ``connect_timeout`` seconds; a client made here
    is closed at the end, a client given is left open.
    """

    scheduler: Any
    connect_timeout: float = 5.0

    def __post_init__(self) -> None:
        require_dask()

    def _client(self) -> tuple[Any, bool]:
        if not isinstance(self.scheduler, str):
            return self.scheduler, False
        require_dask()
        from dask.distributed import Client

        try:
            return Client(self.scheduler, timeout=self.connect_timeout, set_as_default=False), True
        except (OSError, TimeoutError, ValueError) as exc:
            msg = " ".join(str(exc).split())[:160]
            raise SensitivityError(
                f"cannot reach the Dask scheduler at {self.scheduler} within "
                f"{self.connect_timeout:g} s ({type(exc).__name__}: {msg})"
            ) from None

    def run(
        self, job: ChunkJob, chunks: Iterable[Chunk]
    ) -> Generator[tuple[int, Outcome], None, None]:
        """See :class:`ChunkExecutor`."""
        require_dask()
        from dask.distributed import as_completed

        client, own = self._client()
        try:
            [recipe] = client.scatter([job.recipe], broadcast=True, hash=False)
            futures = [
                client.submit(evaluate_chunk, job.token, recipe, i, x, pure=False)
                for i, x in chunks
            ]
            try:
                for fut in as_completed(futures, loop=client.loop):
                    yield fut.result()
            except BaseException:
                client.cancel(futures)
                raise
        finally:
            if own:
                client.close()
