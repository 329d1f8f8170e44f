"""``gametheory validate``: model files, folders, hostile files, the quote check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gametheory.cli import main
from gametheory.cli.validate import quote_checker

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "models"


def run(capsys, *argv):
    status = main(["validate", *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_shipped_models_pass(capsys, tmp_path):
    for name in ("us_china.toml", "regional_state.toml"):
        shutil.copy(ROOT / "models" / name, tmp_path / name)
    status, out, _ = run(capsys, str(tmp_path))
    assert status == 0
    assert out.count("\nok ") + out.startswith("ok ") == 2
    if quote_checker() is not None:
        assert "0 not found" in out
    else:
        assert "quotes: skipped" in out


def test_hostile_and_broken_files_fail_one_line_each(capsys):
    status, out, _ = run(capsys, str(DATA), "--no-quotes")
    assert status == 1
    fails = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert len(fails) == len(list(DATA.glob("*.toml")))
    assert any("hostile_import.toml:8: players.A.payoff: calls to" in f for f in fails)
    assert any("TOML syntax error" in f for f in fails)
    assert "quotes: skipped (--no-quotes)" in out


def test_missing_quote_fails(capsys, tmp_path):
    if quote_checker() is None:
        pytest.skip("shared quote checker not available")
    text = (ROOT / "models" / "us_china.toml").read_text()
    text = text.replace('quote = "at a fraction of the diplomatic cost"',
                        'quote = "words that are not in the report at all"')
    (tmp_path / "us_china.toml").write_text(text)
    status, out, _ = run(capsys, str(tmp_path / "us_china.toml"))
    assert status == 1
    assert "not found in the report" in out


def test_no_such_path_is_a_one_line_error(capsys):
    status, _, err = run(capsys, "no/such/place")
    assert status == 1
    assert err.strip() == "gametheory: error: no/such/place: no such file or folder"


def test_empty_folder(capsys, tmp_path):
    status, _, err = run(capsys, str(tmp_path))
    assert status == 1 and "no .toml model files" in err
