"""Hostile files beside a run (issue 12): a resumable run's manifest or chunk that is a
FIFO (which blocks forever when opened) and facts files with wrong types, a FIFO, or
more facts than calibration can pair. Each is a one-line error or a right answer."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from gametheory.errors import ModelError
from gametheory.models import load_model
from gametheory.models.facts import MAX_FACTS, load_facts, parse_facts
from gametheory.sensitivity import (
    ParameterSpace,
    SensitivityError,
    evaluate_samples,
    monte_carlo_samples,
)
from gametheory.sensitivity.calibration import calibrate

ROOT = Path(__file__).resolve().parents[1]
HEAD = 'format = 1\nmodel = "regional_state"\n'
FACT = '[facts.{id}]\nstatement = "s"\njudgement = "j"\nplayer = {player}\nplays = {plays}\nunder = {under}\n'


@pytest.fixture(scope="module")
def model():
    return load_model(ROOT / "models" / "regional_state.toml")


@pytest.fixture(scope="module")
def design(model):
    return monte_carlo_samples(ParameterSpace.from_model(model), 600, rng=0)


def fact(id: str = "a", player: str = '"STATE"', plays: str = '["hedge"]', under: str = '"path"'):  # noqa: A002
    return FACT.format(id=id, player=player, plays=plays, under=under)


# ---------------------------------------------------------------- resumable runs
def test_a_fifo_chunk_is_evaluated_again(model, design, tmp_path):
    reference = evaluate_samples(model, design, workers=1, chunk_size=10_000)
    store = tmp_path / "run"
    evaluate_samples(model, design, workers=1, chunk_size=200, store=store)
    chunk = store / "chunk-000001.npz"
    chunk.unlink()
    os.mkfifo(chunk)  # opening it for reading would wait for a writer forever
    redone: list[int] = []
    again = evaluate_samples(
        model,
        design,
        workers=1,
        chunk_size=200,
        store=store,
        on_chunk=lambda i, d, t: redone.append(i),
    )
    assert redone == [1]
    assert chunk.is_file()  # replaced by the evaluated chunk
    for key in reference.arrays:
        assert (reference.arrays[key].astype(str) == again.arrays[key].astype(str)).all(), key


def test_a_fifo_manifest_is_a_one_line_error(model, design, tmp_path):
    store = tmp_path / "run"
    store.mkdir()
    os.mkfifo(store / "manifest.json")
    with pytest.raises(SensitivityError) as info:
        evaluate_samples(model, design, workers=1, chunk_size=200, store=store)
    assert (
        str(info.value) == f"{store / 'manifest.json'}: is a named pipe (FIFO), expected a manifest"
    )


# ---------------------------------------------------------------------- facts
@pytest.mark.parametrize(
    ("body", "message"),
    [
        (fact(under="5"), "facts.a.under: expected a string or a list of strings, found 5"),
        (fact(plays="[]"), "facts.a.plays: the list is empty"),
        (fact(plays='[["hedge"]]'), "facts.a.plays: expected a string or a list of strings"),
        (fact(player='["STATE"]'), "facts.a.player: unknown player ['STATE']"),
        (fact().replace('judgement = "j"', "quote = 5"), "facts.a.quote: expected a string"),
        ("facts = [1, 2]\n", "facts: expected tables [facts.ID]"),
    ],
    ids=["under-int", "plays-empty", "plays-nested", "player-list", "quote-int", "facts-list"],
)
def test_facts_of_the_wrong_type_are_one_line_errors(model, body, message):
    # an int for `under` was an internal error (TypeError: 'int' object is not iterable)
    with pytest.raises(ModelError) as info:
        parse_facts(HEAD + body, model, source="f.toml")
    assert str(info.value).startswith(f"f.toml: {message}"), str(info.value)


def test_more_facts_than_calibration_can_pair_are_refused(model):
    text = HEAD + "".join(fact(id=f"a{k}") for k in range(MAX_FACTS + 1))
    with pytest.raises(ModelError, match=r"^f\.toml: 1,001 facts, more than the 1,000 a facts"):
        parse_facts(text, model, source="f.toml")


def test_a_fifo_facts_file_is_refused(model, tmp_path):
    path = tmp_path / "regional_state.facts.toml"
    os.mkfifo(path)
    with pytest.raises(ModelError, match=r"is a named pipe \(FIFO\), expected a facts file"):
        load_facts(path, model)


def test_conflicting_pairs_are_found_at_once(model):
    # every pair of the facts "STATE plays hedge" / "STATE plays compete" never holds
    # together; the pairs come in order, each once (was a Python loop over pairs)
    body = "".join(
        fact(id=f"f{k}", plays='["hedge"]' if k % 2 == 0 else '["compete"]') for k in range(6)
    )
    facts = parse_facts(HEAD + body, model, source="f.toml")
    result = calibrate(model, facts, samples=256, rng=0, workers=1)
    fits = np.asarray(result.fits)
    expected = [
        [facts[a].id, facts[b].id]
        for a in range(6)
        for b in range(a + 1, 6)
        if fits[a].any() and fits[b].any() and not (fits[a] & fits[b]).any()
    ]
    pairs = [c["facts"] for c in result.conflicts() if c["kind"] == "never hold together"]
    assert pairs == expected
    assert ["f0", "f1"] in pairs and ["f0", "f2"] not in pairs
