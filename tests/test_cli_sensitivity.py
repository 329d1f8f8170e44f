"""The sweep, thresholds and sensitivity commands: outputs, JSON, resume, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gametheory.cli import main
from gametheory.models import load_model
from gametheory.sensitivity import ParameterSpace

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = ROOT / "models" / "pacific_nato.toml"
STATE = ROOT / "models" / "regional_state.toml"


@pytest.fixture(scope="module")
def state_params():
    return ParameterSpace.from_model(load_model(STATE)).names


def ok(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    return out, err


def rejected(capsys, *argv, status=1):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == status, (out, err)
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip() and "evaluating" not in ln]
    assert len(lines) == 1, err
    return lines[0]


def test_sweep_writes_csv_and_figures(capsys, tmp_path, state_params):
    out_csv = tmp_path / "sweep.csv"
    out, _ = ok(capsys, "sweep", STATE, "--param", state_params[0], "--steps", 6, "-o", out_csv)
    frame = pd.read_csv(out_csv)
    assert len(frame) == 6 and "outcome" in frame.columns
    assert (tmp_path / "sweep.png").read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in (tmp_path / "sweep.svg").read_bytes()[:500]
    assert f"wrote {out_csv}" in out


def test_two_parameter_sweep_draws_a_region_map(capsys, tmp_path, state_params):
    a, b = state_params[:2]
    out, _ = ok(
        capsys,
        "sweep",
        STATE,
        "-p",
        a,
        "-p",
        b,
        "--steps",
        5,
        "--json",
        "--figure",
        tmp_path / "map.svg",
    )
    data = json.loads(out)
    assert len(data["rows"]) == 25 and {"region", a, b} <= set(data["rows"][0])
    assert (tmp_path / "map.svg").exists()


def test_sweep_set_moves_the_base_point(capsys, state_params):
    a, b = state_params[:2]
    model = load_model(STATE)
    hi = model.parameters[b].high
    out, _ = ok(capsys, "sweep", STATE, "-p", a, "--steps", 3, "--set", f"{b}={hi}", "--json")
    rows = json.loads(out)["rows"]
    moved = model.with_params({b: hi})
    for r in rows:
        path = moved.with_params({a: r[a]}).solve().path
        assert all(r[f"{p} action"] == s for p, s in path.items())


def test_thresholds_prints_statements_and_json(capsys, tmp_path):
    out, _ = ok(capsys, "thresholds", STATE, "--steps", 11)
    assert "Outcome: the subgame-perfect path" in out
    assert "closest to the base point first" in out or "No parameter" in out
    out, _ = ok(capsys, "thresholds", STATE, "--steps", 11, "--json", "-o", tmp_path / "t.csv")
    data = json.loads(out)
    frame = pd.read_csv(tmp_path / "t.csv")
    assert len(frame) == len(data["thresholds"])
    assert (tmp_path / "t-tornado.png").exists()
    for row in data["thresholds"]:
        assert row["statement"].endswith(f"; base {row['base']:.4g}")
        assert row["kind"] == "equilibrium-set"


def test_sensitivity_sobol_on_the_flagship_with_outcomes(capsys, tmp_path):
    out, err = ok(
        capsys,
        "sensitivity",
        FLAGSHIP,
        "--method",
        "sobol",
        "--samples",
        4,
        "--param",
        "trade_dep.AUS",
        "--param",
        "obligation.pacific_nato",
        "--param",
        "trade_dep.SGP",
        "--outcome",
        "USA=pacific_nato*",
        "--outcome",
        "SGP=hedge",
        "--outcome",
        "payoff:USA",
        "--prim",
        "SGP=hedge",
        "--workers",
        1,
        "-o",
        tmp_path / "s.csv",
    )
    indices = pd.read_csv(tmp_path / "s.csv")
    assert len(indices) == 3 * 3
    assert set(indices.columns) >= {"outcome", "parameter", "S1", "S1_conf", "ST", "ST_conf"}
    assert (tmp_path / "s-shares.csv").exists() and (tmp_path / "s.png").exists()
    assert (tmp_path / "s-chunks" / "manifest.json").exists()
    assert "evaluating" in err  # the progress bar, on stderr
    assert "sobol: 20 evaluations" in out


def test_sensitivity_montecarlo_json_is_seeded(capsys):
    args = [
        "sensitivity",
        STATE,
        "--method",
        "montecarlo",
        "--samples",
        300,
        "--seed",
        0,
        "--json",
        "--no-progress",
        "--workers",
        1,
    ]
    first = json.loads(ok(capsys, *args)[0])
    second = json.loads(ok(capsys, *args)[0])
    assert first["shares"] == second["shares"]
    assert abs(sum(r["share"] for r in first["shares"]) - 1) < 1e-9
    assert first["evaluations"] == 300


def test_sensitivity_morris_and_tornado(capsys, tmp_path):
    out, _ = ok(
        capsys,
        "sensitivity",
        STATE,
        "-m",
        "morris",
        "-n",
        3,
        "--no-progress",
        "--workers",
        1,
        "--json",
        "--table",
        tmp_path / "samples.csv",
    )
    data = json.loads(out)
    k = len(data["parameters"])
    assert data["evaluations"] == 3 * (k + 1)
    samples = pd.read_csv(tmp_path / "samples.csv")
    assert len(samples) == 3 * (k + 1) and set(data["parameters"]) <= set(samples.columns)
    assert all(r["mu_star"] >= 0 for r in data["indices"])
    out, _ = ok(capsys, "sensitivity", STATE, "-m", "tornado", "-o", tmp_path / "tor.csv")
    assert "Tornado: payoff of" in out
    assert (tmp_path / "tor.png").exists()


def test_interrupted_cli_run_resumes_with_the_same_result(capsys, tmp_path, monkeypatch):
    import gametheory.sensitivity.execute as ex

    args = [
        "sensitivity",
        STATE,
        "-m",
        "montecarlo",
        "-n",
        1200,
        "--chunk-size",
        200,
        "--workers",
        1,
        "--no-progress",
    ]
    real_save = ex._save_chunk
    saved = []

    def save_then_stop(store, i, data):
        real_save(store, i, data)
        saved.append(i)
        if len(saved) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(ex, "_save_chunk", save_then_stop)
    code = main([str(a) for a in [*args, "-o", tmp_path / "run.csv"]])
    assert code == 130
    assert "interrupted" in capsys.readouterr().err
    chunks = tmp_path / "run-chunks"
    assert len(list(chunks.glob("chunk-*.npz"))) == 2  # kept on disk
    monkeypatch.setattr(ex, "_save_chunk", real_save)
    ok(capsys, *args, "-o", tmp_path / "run.csv")
    ok(capsys, *args, "-o", tmp_path / "fresh.csv")
    resumed = pd.read_csv(tmp_path / "run-shares.csv")
    fresh = pd.read_csv(tmp_path / "fresh-shares.csv")
    pd.testing.assert_frame_equal(resumed, fresh)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["sweep", STATE, "--param", "nope"], "unknown parameter 'nope'"),
        (
            ["sweep", STATE, "--param", "us_deterrence", "--range", "us_deterrence=0.9:0.1"],
            "parameter 'us_deterrence': inverted range [0.9, 0.1]",
        ),
        (
            ["sweep", STATE, "--param", "us_deterrence", "--range", "us_deterrence=0.5:0.5"],
            "parameter 'us_deterrence': empty range [0.5, 0.5]",
        ),
        (
            ["sweep", STATE, "--param", "us_deterrence", "--set", "trade_dep=abc"],
            "--set trade_dep: value 'abc' is not a number",
        ),
        (
            ["sweep", STATE, "--param", "us_deterrence", "--range", "us_deterrence=a:1"],
            "--range us_deterrence=a:1: expected NAME=LOW:HIGH with two numbers",
        ),
        (
            ["sweep", STATE, "--param", "us_deterrence", "--set", "bogus=1"],
            "--set: unknown parameter 'bogus'",
        ),
        (["thresholds", STATE, "--param", "nope"], "unknown parameter 'nope'"),
        (
            ["sensitivity", STATE, "--method", "sobol", "--samples", "2"],
            "too few base samples for sobol: 2 (at least 4)",
        ),
        (
            ["sensitivity", STATE, "--method", "morris", "--samples", "1"],
            "too few trajectories for morris: 1 (at least 2)",
        ),
        (["sensitivity", STATE, "--outcome", "payoff:RUS"], "unknown player 'RUS'"),
        (["sensitivity", STATE, "--prim", "payoff:CHN"], "needs a yes/no outcome"),
        (
            [
                "sensitivity",
                STATE,
                "-m",
                "montecarlo",
                "-n",
                "50",
                "--no-progress",
                "--scheduler",
                "tcp://127.0.0.1:9",
                "--connect-timeout",
                "1",
            ],
            "cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 1 s",
        ),
        (["sweep", ROOT / "models" / "chicken.nfg", "--param", "x"], "needs a model file (.toml)"),
        (["sweep", ROOT / "models" / "missing.toml", "--param", "x"], "no such model file"),
    ],
    ids=[
        "unknown",
        "inverted",
        "empty",
        "non-numeric-set",
        "non-numeric-range",
        "unknown-set",
        "thresholds-unknown",
        "sobol-too-few",
        "morris-too-few",
        "unknown-player",
        "prim-numeric",
        "unreachable-scheduler",
        "not-a-model",
        "missing",
    ],
)
def test_bad_input_is_one_line(capsys, argv, message):
    line = rejected(capsys, *argv)
    assert line.startswith("gametheory: error: ")
    assert message in line


def test_failed_run_keeps_computed_chunks(capsys, tmp_path):
    # a finished run, then the same output asked with another seed: refused, files kept
    args = [
        "sensitivity",
        STATE,
        "-m",
        "montecarlo",
        "-n",
        100,
        "--workers",
        1,
        "--no-progress",
        "-o",
        tmp_path / "r.csv",
    ]
    ok(capsys, *args)
    before = sorted(p.name for p in (tmp_path / "r-chunks").iterdir())
    line = rejected(capsys, *args, "--seed", 5)
    assert "holds a different run (seed: saved 0, now 5)" in line
    assert sorted(p.name for p in (tmp_path / "r-chunks").iterdir()) == before
    assert np.isfinite(pd.read_csv(tmp_path / "r-shares.csv")["share"]).all()


def test_parquet_output_or_a_clear_error(capsys, tmp_path, state_params):
    argv = ["sweep", STATE, "--param", state_params[0], "--steps", 3, "-o", tmp_path / "s.parquet"]
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        line = rejected(capsys, *argv)
        assert "Parquet output needs pyarrow" in line
    else:
        ok(capsys, *argv)
        assert len(pd.read_parquet(tmp_path / "s.parquet")) == 3


@pytest.mark.slow
def test_sensitivity_on_a_dask_cluster_matches_the_local_run(capsys):
    distributed = pytest.importorskip("dask.distributed")
    args = [
        "sensitivity",
        STATE,
        "-m",
        "montecarlo",
        "-n",
        400,
        "--chunk-size",
        100,
        "--json",
        "--no-progress",
    ]
    local = json.loads(ok(capsys, *args, "--workers", 1)[0])
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        remote = json.loads(ok(capsys, *args, "--scheduler", cluster.scheduler_address)[0])
    assert remote["shares"] == local["shares"]
    assert remote["indices"] == local["indices"]
