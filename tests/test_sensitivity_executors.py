"""The executor interface: every executor yields each chunk once, with the same outcomes."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from gametheory.models import load_model
from gametheory.sensitivity.executors import (
    ChunkJob,
    InProcessExecutor,
    LocalExecutor,
    evaluate_chunk,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def model():
    return load_model(ROOT / "models" / "us_china.toml")


@pytest.fixture(scope="module")
def chunks(model):
    rng = np.random.default_rng(3)
    base = model.value_vector()
    x = base * rng.uniform(0.5, 1.5, size=(60, len(base)))
    return [(i, x[i * 15 : (i + 1) * 15]) for i in range(4)]


def _by_index(pairs):
    out = {}
    for i, data in pairs:
        assert i not in out, f"chunk {i} yielded twice"
        out[i] = data
    return out


def test_local_workers_give_what_this_process_gives(model, chunks):
    job = ChunkJob.for_model(model)
    here = _by_index(InProcessExecutor().run(job, chunks))
    there = _by_index(LocalExecutor(2).run(job, chunks))
    assert sorted(here) == sorted(there) == [0, 1, 2, 3]
    for i in here:
        assert set(here[i]) == set(there[i])
        for key in here[i]:
            np.testing.assert_array_equal(here[i][key], there[i][key], err_msg=key)


def test_a_worker_builds_the_evaluator_once_per_run(model, chunks):
    job = ChunkJob.for_model(model)
    i, first = evaluate_chunk(job.token, job.recipe, *chunks[0])
    # the same run again: the recipe is not read (these bytes would not even unpickle)
    j, again = evaluate_chunk(job.token, b"not a pickle", *chunks[0])
    assert (i, j) == (0, 0) and set(first) == set(again)
    for key in first:
        np.testing.assert_array_equal(first[key], again[key], err_msg=key)
    name = model.parameter_names[0]
    other = ChunkJob.for_model(model.with_params({name: 0.5}, extend_range=True))
    assert other.token != job.token and ChunkJob.for_model(model).token == job.token
    with pytest.raises(pickle.UnpicklingError):
        evaluate_chunk(other.token, b"not a pickle", *chunks[0])


def test_stopping_early_stops_the_run(model, chunks):
    runs = LocalExecutor(2).run(ChunkJob.for_model(model), chunks)
    first = next(runs)
    runs.close()  # what evaluate_samples does when a chunk fails or Ctrl-C arrives
    assert first[0] in range(4)
    with pytest.raises(StopIteration):
        next(runs)
