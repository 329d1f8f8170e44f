"""The compiled-model interface (Model.compiled) and the typed model classes."""

from __future__ import annotations

import dataclasses
import itertools
import pathlib
import pickle

import numpy as np
import pytest

from gametheory.errors import ModelError
from gametheory.game import NormalFormGame
from gametheory.models import (
    CompiledModel,
    Model,
    SequentialModel,
    SimultaneousModel,
    load_model,
)
from gametheory.models.loader import read_model_file
from gametheory.models.seqresult import SequentialResult
from gametheory.models.sequential import SequentialGame, stage_kernels
from gametheory.result import EquilibriumResult

MODELS = pathlib.Path(__file__).resolve().parents[1] / "models"


@pytest.fixture(scope="module")
def us_china() -> Model:
    return load_model(MODELS / "us_china.toml")


@pytest.fixture(scope="module")
def regional() -> Model:
    return load_model(MODELS / "regional_state.toml")


def test_payoffs_of_every_profile_match_the_model(us_china):
    compiled = us_china.compiled
    assert isinstance(compiled, CompiledModel)
    profiles = np.array(list(itertools.product(range(3), range(3))))
    table = compiled.payoffs(us_china.value_vector(), profiles)
    assert table.shape == (9, 2)
    for row, profile in zip(table, profiles, strict=True):
        labels = {p.id: p.strategies[k] for p, k in zip(us_china.players, profile, strict=True)}
        expected = us_china.payoffs(labels)
        assert row.tolist() == [expected["USA"], expected["CHN"]]


def test_payoffs_over_samples_and_a_subset_of_players(us_china):
    compiled = us_china.compiled
    base = us_china.value_vector()
    bounds = us_china.bounds()
    samples = np.stack([base, bounds[:, 0], bounds[:, 1]])
    profiles = np.array([[0, 0], [2, 1]])
    out = compiled.payoffs(samples, profiles)
    assert out.shape == (3, 2, 2)
    np.testing.assert_array_equal(out[0], compiled.payoffs(base, profiles))
    changed = us_china.with_params(dict(zip(us_china.parameter_names, samples[1], strict=True)))
    np.testing.assert_allclose(out[1], compiled.payoffs(changed.value_vector(), profiles))
    only_china = compiled.payoffs(samples, profiles, players=[1])
    assert np.isnan(only_china[..., 0]).all()
    np.testing.assert_array_equal(only_china[..., 1], out[..., 1])


def test_symbols_expressions_and_formulas_are_exposed(us_china):
    compiled = us_china.compiled
    assert compiled.parameter_names == us_china.parameter_names
    assert [str(s) for s in compiled.parameter_symbols] == list(us_china.parameter_names)
    assert len(compiled.indicator_symbols) == 6
    assert compiled.expressions["USA"] == us_china.payoff_expression("USA")
    with pytest.raises(TypeError):
        compiled.expressions["USA"] = 0  # read-only
    assert compiled.formula("USA").to_sympy(own="USA") == compiled.expressions["USA"]
    with pytest.raises(ModelError, match="no payoff formula for 'NOBODY'"):
        compiled.formula("NOBODY")


def test_with_params_shares_the_compiled_model_and_its_stage_kernels(regional):
    changed = regional.with_params(sec_dep=regional.parameters["sec_dep"].high)
    assert changed.compiled is regional.compiled
    assert stage_kernels(changed) is stage_kernels(regional)


def test_the_frozen_model_holds_no_mutable_cache(regional):
    regional.solve()
    for f in dataclasses.fields(regional):
        assert not f.name.startswith("_"), f.name
    assert set(vars(regional)) == {f.name for f in dataclasses.fields(regional)}
    public = {k: v for k, v in vars(regional.compiled).items() if not k.startswith("_")}
    assert not [k for k, v in public.items() if isinstance(v, (dict, list, set))]
    with pytest.raises(dataclasses.FrozenInstanceError):
        regional.compiled = None  # type: ignore[misc]


def test_compiled_model_pickles_and_compiles_again(us_china):
    compiled = us_china.compiled
    compiled.function("USA")  # compiled once here
    copy = pickle.loads(pickle.dumps(compiled))
    profiles = np.array([[1, 2]])
    np.testing.assert_array_equal(
        copy.payoffs(us_china.value_vector(), profiles),
        compiled.payoffs(us_china.value_vector(), profiles),
    )


def test_model_classes_by_form(us_china, regional):
    assert type(us_china) is SimultaneousModel and isinstance(us_china, Model)
    assert type(regional) is SequentialModel and isinstance(regional, Model)
    assert isinstance(us_china.game(), NormalFormGame)
    assert isinstance(us_china.solve(), EquilibriumResult)
    assert isinstance(regional.game(), SequentialGame)
    assert isinstance(regional.solve(), SequentialResult)
    # derived models keep their class
    assert type(regional.with_params(sec_dep=0.5)) is SequentialModel


def test_a_model_class_must_match_its_form(us_china):
    with pytest.raises(ModelError, match="a SequentialModel cannot have form 'simultaneous'"):
        SequentialModel(**{f.name: getattr(us_china, f.name) for f in dataclasses.fields(Model)})


def test_from_definition_builds_the_same_model(us_china):
    definition = read_model_file(MODELS / "us_china.toml")
    rebuilt = Model.from_definition(definition)
    assert type(rebuilt) is SimultaneousModel
    assert rebuilt.sha256 == us_china.sha256
    np.testing.assert_array_equal(rebuilt.game().payoffs, us_china.game().payoffs)


def test_location_names_the_file_or_the_id(us_china):
    assert us_china.location == str(MODELS / "us_china.toml")
    text = (MODELS / "us_china.toml").read_text(encoding="utf-8")
    assert Model.from_toml(text).location == "us_china"


def _refuse_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every path that prints a formula with sympy and compiles it fail."""
    import gametheory.models.compiled as compiled_module
    import gametheory.models.pairwise as pairwise
    import gametheory.models.scalar as scalar
    import gametheory.models.sequential as sequential

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a formula was printed and compiled again")

    for module in (compiled_module, pairwise, sequential):
        monkeypatch.setattr(module, "fast_lambdify", refuse)
    monkeypatch.setattr(scalar, "point_lambdify", refuse)


@pytest.mark.parametrize("name", ["seato_1954", "pacific_nato"])
def test_a_used_model_travels_with_its_compiled_formulas(name, monkeypatch):
    # what a worker process receives: a model this process has evaluated, pickled. Its
    # copy evaluates without compiling any formula again (the player functions, the
    # stage kernels, the one-point evaluator travel as generated source) and gives
    # the same outcomes
    model = load_model(MODELS / f"{name}.toml")
    lo = np.array([p.low for p in model.parameters.values()])
    hi = np.array([p.high for p in model.parameters.values()])
    samples = lo + np.random.default_rng(0).random((48, len(lo))) * (hi - lo)
    expected = model.evaluator()(samples)
    solved = model.solve()
    copy = pickle.loads(pickle.dumps(model))
    _refuse_compiling(monkeypatch)
    got = copy.evaluator()(samples)
    for field in ("actions", "payoffs", "n_equilibria", "ok"):
        np.testing.assert_array_equal(getattr(got, field), getattr(expected, field))
    assert copy.solve().path == solved.path


def test_a_model_not_yet_used_compiles_in_the_copy(monkeypatch):
    copy = pickle.loads(pickle.dumps(load_model(MODELS / "seato_1954.toml")))
    _refuse_compiling(monkeypatch)
    with pytest.raises(AssertionError, match="compiled again"):
        copy.evaluator()(copy.value_vector()[None, :])


def test_kept_artifacts_that_do_not_pickle_are_built_again():
    compiled = load_model(MODELS / "us_china.toml").compiled
    assert compiled.derived("numbers", lambda: [1, 2]) == [1, 2]
    compiled.derived("closure", lambda: lambda: 1)  # a lambda does not pickle
    copy = pickle.loads(pickle.dumps(compiled))
    assert copy.derived("numbers", lambda: [3]) == [1, 2]  # travelled
    assert copy.derived("closure", lambda: "built again") == "built again"
    assert compiled.derived("numbers", lambda: [3]) == [1, 2]  # kept here
