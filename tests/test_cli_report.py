"""``gametheory report``: files written, progress on stderr, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gametheory.cli import main
from gametheory.models import load_model

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "models" / "us_china.toml"


def test_report_writes_every_format(tmp_path, capsys):
    out = tmp_path / "rep"
    status = main(["report", str(SMALL), "-o", str(out), "--samples", "32", "--seed", "3"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    names = sorted(p.name for p in out.iterdir())
    assert {"report.html", "report.md", "report.tex", "results.json"} <= set(names)
    assert "solving" in captured.err  # progress on stderr
    assert f"html: {out / 'report.html'}" in captured.out
    data = json.loads((out / "results.json").read_text())
    repro = data["reproducibility"]
    assert repro["seed"] == 3 and repro["samples"] == 32
    assert repro["command"] == (f"gametheory report {SMALL} -o {out} --samples 32 --seed 3")


def test_default_output_directory_is_named_after_the_model(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    status = main(["report", str(SMALL), "--format", "json", "--no-sensitivity", "-q"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    model = load_model(SMALL)
    assert (tmp_path / f"report-{model.id}" / "results.json").is_file()
    assert captured.err == ""  # --quiet


def test_set_changes_the_model_and_the_command(tmp_path, capsys):
    model = load_model(SMALL)
    name, prm = next((n, p) for n, p in model.parameters.items() if p.low < p.high)
    status = main(
        [
            "report",
            str(SMALL),
            "-o",
            str(tmp_path),
            "--format",
            "json",
            "--no-sensitivity",
            "--set",
            f"{name}={prm.high}",
        ]
    )
    assert status == 0, capsys.readouterr().err
    data = json.loads((tmp_path / "results.json").read_text())
    assert data["reproducibility"]["parameter_changes"] == {name: prm.high}
    assert f"--set {name}={prm.high!r}" in data["reproducibility"]["command"]
    values = {p["name"]: p["value"] for p in data["model"]["parameters"]}
    assert values[name] == prm.high


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--format", "pdf"], "--format: unknown report format 'pdf'"),
        (["--samples", "0"], "expected a positive whole number, got '0'"),
        (["--seed", "x"], "expected a whole number >= 0, got 'x'"),
        (["--set", "nonexistent_parameter=1"], "unknown parameter 'nonexistent_parameter'"),
        (["--set", "novalue"], "expected NAME=VALUE"),
    ],
)
def test_bad_options_give_one_line_errors(tmp_path, capsys, argv, message):
    status = main(["report", str(SMALL), "-o", str(tmp_path / "x"), *argv])
    err = capsys.readouterr().err
    assert status != 0
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "x").exists()


def test_bad_value_for_a_real_parameter(tmp_path, capsys):
    name = next(iter(load_model(SMALL).parameters))
    status = main(["report", str(SMALL), "-o", str(tmp_path / "x"), "--set", f"{name}=abc"])
    err = capsys.readouterr().err
    assert status != 0 and "value 'abc' is not a number" in err and err.count("\n") == 1


def test_missing_or_wrong_model_file(tmp_path, capsys):
    status = main(["report", str(tmp_path / "missing.toml"), "-o", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert status != 0 and "missing.toml" in err and err.count("\n") == 1
    status = main(["report", str(ROOT / "models" / "chicken.nfg"), "-o", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert status != 0 and "needs a model file (.toml)" in err


def test_output_that_is_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    status = main(["report", str(SMALL), "-o", str(target), "--no-sensitivity"])
    err = capsys.readouterr().err
    assert status != 0 and "not a directory" in err and err.count("\n") == 1
    assert target.read_text() == "keep me"


def test_samples_default_in_the_help_is_the_library_default():
    from gametheory.cli import build_parser
    from gametheory.cli.report import SAMPLES_DEFAULT
    from gametheory.report import DEFAULT_SAMPLES

    assert SAMPLES_DEFAULT == DEFAULT_SAMPLES
    (report,) = [
        p
        for a in build_parser()._subparsers._group_actions
        for n, p in a.choices.items()
        if n == "report"
    ]
    assert f"default {DEFAULT_SAMPLES};" in " ".join(report.format_help().split())


def test_the_command_line_loads_the_report_package_only_for_report():
    # building the parser (every command does) used to import gametheory.report for
    # the --samples default: 40 ms of every start-up (benchmarks/README.md, issue 13)
    import subprocess
    import sys

    code = (
        "import sys; from gametheory.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.startswith('gametheory.report')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
