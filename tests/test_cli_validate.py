"""``gametheory validate``: model files, folders, hostile files, the quote check."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from gametheory.cli import main
from gametheory.models.quotes import MissingQuote, check_quotes, find_source_text, quotes_in

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "models"
US_CHINA = ROOT / "models" / "us_china.toml"
REPORT = find_source_text(US_CHINA, "report.txt")  # ../shared/source/report.txt, if present


def quotes_of(model: Path) -> list[str]:
    """A stand-in source text made of the model's own quotes, so no test needs ../shared."""
    return [q for _, q in quotes_in(tomllib.loads(model.read_text(encoding="utf-8")))]


@pytest.fixture
def source(tmp_path):
    """A source text holding every quote of us_china.toml, with curly quotes and new lines."""
    text = "\n\n".join(q.replace("'", "\u2019") for q in quotes_of(US_CHINA))
    path = tmp_path / "source.txt"
    path.write_text("Preamble.\n" + text.replace(" ", "\n", 3) + "\nEnd.", encoding="utf-8")
    return path


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
    # the copies have no source text beside them or above them
    assert "quotes: skipped (no source text found for 2 model files; give it with --source)" in out


def test_quotes_found_in_the_source_given(capsys, source):
    status, out, _ = run(capsys, str(US_CHINA), "--source", str(source))
    assert status == 0
    assert out.splitlines()[-2:] == [
        f"quotes: {len(quotes_of(US_CHINA))} quotes checked in 1 files, 0 not found",
        "1 of 1 model files valid",
    ]


def test_source_text_beside_the_model_is_found(capsys, tmp_path, source):
    shutil.copy(US_CHINA, tmp_path / "us_china.toml")
    (tmp_path / "source").mkdir()
    source.rename(tmp_path / "source" / "report.txt")
    status, out, _ = run(capsys, str(tmp_path / "us_china.toml"))
    assert status == 0 and " 0 not found" in out


@pytest.mark.skipif(REPORT is None, reason="needs the source report (../shared/source/report.txt)")
def test_shipped_models_quotes_against_the_report(capsys):
    status, out, _ = run(capsys, str(ROOT / "models"))
    assert status == 0
    # the models whose [model] source is the report: us_china, regional_state, pacific_nato,
    # seato_1954 and taiwan_ambiguity
    assert "quotes checked in 5 files, 0 not found" in out


def test_hostile_and_broken_files_fail_one_line_each(capsys):
    status, out, _ = run(capsys, str(DATA), "--no-quotes")
    assert status == 1
    fails = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert len(fails) == len(list(DATA.glob("*.toml")))
    assert any("hostile_import.toml:8: players.A.payoff: calls to" in f for f in fails)
    assert any("TOML syntax error" in f for f in fails)
    assert "quotes: skipped (--no-quotes)" in out


def test_missing_quote_fails(capsys, tmp_path, source):
    text = US_CHINA.read_text()
    text = text.replace(
        'quote = "at a fraction of the diplomatic cost"',
        'quote = "words that are not in the report at all"',
    )
    (tmp_path / "us_china.toml").write_text(text)
    status, out, _ = run(capsys, str(tmp_path / "us_china.toml"), "--source", str(source))
    assert status == 1
    assert "not found in the report: 'words that are not in the report at all'" in out
    assert out.strip().endswith("validation failed (1 problem)")


def test_empty_or_non_text_quotes_are_reported(tmp_path, source):
    model = tmp_path / "m.toml"
    model.write_text('[model]\nsource = "x.txt"\n[p.a]\nquote = ""\n[p.b]\nquote = [3]\n')
    check = check_quotes(model, source=source)
    assert check.checked == 2 and not check.ok
    assert [str(m) for m in check.missing] == [
        f"{model}: p.a.quote: quote is empty or not text",
        f"{model}: p.b.quote[0]: quote is empty or not text",
    ]
    assert check.missing[1] == MissingQuote(model, "p.b.quote[0]", 3)


def test_non_utf8_source_is_one_line(capsys, tmp_path):
    bad = tmp_path / "report.txt"
    bad.write_bytes(b"ok \xff\xfe not text")
    status, out, err = run(capsys, str(US_CHINA), "--source", str(bad))
    assert status == 1 and "Traceback" not in out + err
    assert f"quotes: {bad}: source text is not UTF-8 text (byte 3)" in out.splitlines()


def test_missing_source_option_is_a_one_line_error(capsys, tmp_path):
    status, _, err = run(capsys, str(US_CHINA), "--source", str(tmp_path / "nope.txt"))
    assert status == 1
    assert err.strip() == f"gametheory: error: --source {tmp_path / 'nope.txt'}: no such file"


def test_validate_never_runs_another_program(capsys, monkeypatch, source):
    import subprocess

    def refuse(*a, **k):
        raise AssertionError("validate started a process")

    monkeypatch.setattr(subprocess, "run", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    status, _, _ = run(capsys, str(US_CHINA), "--source", str(source))
    assert status == 0


def test_no_such_path_is_a_one_line_error(capsys):
    status, _, err = run(capsys, "no/such/place")
    assert status == 1
    assert err.strip() == "gametheory: error: no/such/place: no such file or folder"


def test_empty_folder(capsys, tmp_path):
    status, _, err = run(capsys, str(tmp_path))
    assert status == 1 and "no .toml model files" in err


def test_facts_files_are_checked_with_their_model_not_as_models(capsys):
    """Issue 11's models/pacific_nato.facts.toml sits beside its model: a folder scan does
    not load it as a model, and naming it directly validates the model with its facts."""
    facts = ROOT / "models" / "pacific_nato.facts.toml"
    if not facts.is_file():
        pytest.skip("the flagship's facts file is not shipped")
    model = ROOT / "models" / "pacific_nato.toml"
    status, out, _ = run(capsys, str(ROOT / "models"), "--no-quotes")
    assert status == 0 and "FAIL" not in out
    assert not any(line.startswith("ok") and "facts.toml" in line for line in out.splitlines())
    assert f"facts {facts}: " in out
    status, out, _ = run(capsys, str(facts), "--no-quotes")
    assert status == 0
    assert out.splitlines()[0].startswith(f"ok    {model}: pacific_nato,")
    assert f"facts {facts}: " in out and "1 of 1 model files valid" in out
