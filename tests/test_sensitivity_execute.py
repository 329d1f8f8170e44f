"""Chunked evaluation: same results whatever the workers, resumable stores, Dask."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gametheory.models import load_model
from gametheory.sensitivity import (
    ParameterSpace,
    SensitivityError,
    StoreMismatch,
    evaluate_samples,
    monte_carlo_samples,
    sobol_samples,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def model():
    return load_model(ROOT / "models" / "regional_state.toml")


@pytest.fixture(scope="module")
def design(model):
    return monte_carlo_samples(ParameterSpace.from_model(model), 2400, rng=0)


@pytest.fixture(scope="module")
def reference(model, design):
    return evaluate_samples(model, design, workers=1, chunk_size=10_000)


def assert_same(a, b):
    assert set(a.arrays) == set(b.arrays)
    for key in a.arrays:
        va, vb = a.arrays[key], b.arrays[key]
        if va.dtype.kind in "fc":
            np.testing.assert_array_equal(va, vb, err_msg=key)
        else:
            assert (va.astype(str) == vb.astype(str)).all(), key
    np.testing.assert_array_equal(a.values, b.values)


def test_table_matches_one_model_solve_per_sample(model, design, reference):
    names = design.names
    for j in range(0, len(design), 240):
        m = model.with_params(dict(zip(names, design.values[j], strict=True)))
        path = m.solve().path
        for player, action in path.items():
            assert reference.arrays[f"action:{player}"][j] == action, (j, player)


def test_workers_and_chunk_size_do_not_change_results(model, design, reference):
    two = evaluate_samples(model, design, workers=2, chunk_size=300)
    assert_same(reference, two)
    small = evaluate_samples(model, design, workers=1, chunk_size=7)
    assert_same(reference, small)


def test_interrupted_run_resumes_and_loses_nothing(model, design, reference, tmp_path):
    store = tmp_path / "run"
    first: list[int] = []

    def stop_after_three(i, done, total):
        first.append(i)
        if len(first) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        evaluate_samples(
            model, design, workers=1, chunk_size=200, store=store, on_chunk=stop_after_three
        )
    assert len(list(store.glob("chunk-*.npz"))) == 3
    assert (store / "manifest.json").exists()
    second: list[int] = []
    resumed = evaluate_samples(
        model,
        design,
        workers=1,
        chunk_size=200,
        store=store,
        on_chunk=lambda i, d, t: second.append(i),
    )
    assert sorted(first + second) == list(range(12))  # each chunk evaluated exactly once
    assert_same(reference, resumed)


def test_interrupted_parallel_run_keeps_finished_chunks(model, design, reference, tmp_path):
    store = tmp_path / "par"
    seen: list[int] = []

    def stop(i, done, total):
        seen.append(i)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        evaluate_samples(model, design, workers=2, chunk_size=200, store=store, on_chunk=stop)
    assert len(list(store.glob("chunk-*.npz"))) == 2
    assert_same(reference, evaluate_samples(model, design, workers=2, chunk_size=200, store=store))


def test_damaged_chunk_is_evaluated_again(model, design, reference, tmp_path):
    store = tmp_path / "dmg"
    evaluate_samples(model, design, workers=1, chunk_size=600, store=store)
    (store / "chunk-000001.npz").write_bytes(b"not a zip file")
    redone: list[int] = []
    again = evaluate_samples(
        model,
        design,
        workers=1,
        chunk_size=600,
        store=store,
        on_chunk=lambda i, d, t: redone.append(i),
    )
    assert redone == [1]
    assert_same(reference, again)


def test_store_of_another_run_is_refused(model, design, tmp_path):
    store = tmp_path / "s"
    evaluate_samples(model, design, workers=1, chunk_size=1200, store=store)
    other = monte_carlo_samples(design.space, 2400, rng=1)
    with pytest.raises(StoreMismatch, match=r"holds a different run \(seed: saved 0, now 1\)"):
        evaluate_samples(model, other, workers=1, chunk_size=1200, store=store)
    with pytest.raises(StoreMismatch, match="chunk_size"):
        evaluate_samples(model, design, workers=1, chunk_size=600, store=store)


def test_progress_bar_goes_to_stderr(model, capsys):
    design = sobol_samples(ParameterSpace.from_model(model), 8, rng=0)
    evaluate_samples(model, design, workers=1, progress=True)
    out, err = capsys.readouterr()
    assert out == ""
    assert "evaluating" in err and f"{len(design)}/{len(design)}" in err


def test_bad_run_settings_are_rejected(model, design):
    with pytest.raises(SensitivityError, match="chunk_size must be a positive integer"):
        evaluate_samples(model, design, chunk_size=0)
    with pytest.raises(SensitivityError, match="workers must be a positive integer"):
        evaluate_samples(model, design, workers=0)


def test_unreachable_scheduler_fails_with_one_line(model, design):
    with pytest.raises(SensitivityError) as info:
        evaluate_samples(model, design, scheduler="tcp://127.0.0.1:9", connect_timeout=1)
    msg = str(info.value)
    assert msg.startswith("cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 1 s")
    assert "\n" not in msg


@pytest.mark.slow
def test_dask_local_cluster_gives_identical_results(model, design, reference, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        on_dask = evaluate_samples(
            model,
            design,
            scheduler=cluster.scheduler_address,
            chunk_size=400,
            store=tmp_path / "dask",
        )
        assert_same(reference, on_dask)
        with distributed.Client(cluster) as client:  # a Client object works as well
            again = evaluate_samples(model, design, scheduler=client, chunk_size=800)
        assert_same(reference, again)


def test_missing_dask_is_the_same_line_from_python_and_the_cli(model, design, monkeypatch, capsys):
    # a None entry in sys.modules makes ``import dask.distributed`` raise ImportError
    import sys

    from gametheory.cli import main
    from gametheory.sensitivity.executors import DASK_MISSING, DaskExecutor

    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(SensitivityError) as info:
        evaluate_samples(model, design, scheduler="tcp://127.0.0.1:9", connect_timeout=1)
    assert str(info.value) == DASK_MISSING
    assert "pip install 'gametheory[distributed]'" in DASK_MISSING
    with pytest.raises(SensitivityError, match="needs dask"):
        DaskExecutor("tcp://127.0.0.1:9")
    argv = ["sensitivity", str(ROOT / "models" / "regional_state.toml"), "-m", "montecarlo"]
    code = main([*argv, "-n", "50", "--no-progress", "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err.strip()
    assert code != 0 and code != 70
    assert err == f"gametheory: error: --scheduler: {DASK_MISSING}"
