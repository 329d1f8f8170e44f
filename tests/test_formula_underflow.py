"""Formula constants outside the floating-point range are refused at load (issue 12:
never a silent wrong answer). Numbers in a formula are exact and sympy multiplies them
out, so ``p * 1e-308 * 1e-308`` has the constant 1e-616, which float evaluation would
read as 0 -- making two strategies tie that do not."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from _subprocess import gametheory_cli

from gametheory import solve
from gametheory.errors import ModelError
from gametheory.models import load_model, parse_model_text
from gametheory.models.expr import FormulaScope, parse_formula

ROOT = Path(__file__).resolve().parents[1]

MODEL = """format = 1

[model]
id = "{id}"
title = "underflow"
source = "test"

[players.A]
name = "A"
payoff = "{pa}"
[players.A.strategies]
x = "X"
y = "Y"
[players.B]
name = "B"
payoff = "(B == 'u') * 1 + (B == 'v') * 0"
[players.B.strategies]
u = "U"
v = "V"
[parameters.p]
value = 1
low = 0.5
high = 2
unit = "u"
meaning = "m"
judgement = "j"
"""

# the model of the report: A's true payoffs are 1e-616 (x) and 1e-617 (y), so A plays x
UNDERFLOW = "(A == 'x') * p * 1e-308 * 1e-308 + (A == 'y') * p * 1e-308 * 1e-309 * (B == 'u')"
# tiny but a normal float: must solve exactly as written, with no warning
TINY = "(A == 'x') * p * 1e-300 + (A == 'y') * p * 1e-301 * (B == 'u')"


def write(tmp_path: Path, pa: str, name: str = "uf") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(MODEL.format(id=name, pa=pa), encoding="utf-8")
    return path


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return gametheory_cli(*args, timeout=120)


def test_underflowing_constant_is_refused_at_load(tmp_path):
    path = write(tmp_path, UNDERFLOW)
    with pytest.raises(ModelError) as info:
        load_model(path)
    message = str(info.value)
    assert "uf.toml:10: players.A.payoff: the constant 1.0e-61" in message
    assert "smallest normal floating-point number (2.2e-308)" in message
    assert "rescale the formula" in message
    assert "\n" not in message


def test_underflowing_constant_cli_solve_is_one_line_error(tmp_path):
    run = cli("solve", str(write(tmp_path, UNDERFLOW)))
    assert run.returncode not in (0, 70), run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert re.match(r"gametheory: error: .*uf\.toml:10: players\.A\.payoff: the constant", lines[0])
    assert run.stdout == ""


def test_underflowing_constant_cli_validate_fails(tmp_path):
    run = cli("validate", str(write(tmp_path, UNDERFLOW)))
    assert run.returncode == 1, run.stderr
    assert re.search(
        r"^FAIL .*uf\.toml:10: players\.A\.payoff: the constant 1\.0e-61", run.stdout, re.M
    )
    assert "Traceback" not in run.stderr + run.stdout


@pytest.mark.parametrize(
    ("formula", "shown", "limit"),
    [
        ("p * exp(-800)", "3.67e-348", "smallest"),  # a function of constants
        ("(p > 1e-300 * 1e-300) * 1", "1.0e-600", "smallest"),  # a threshold too
        ("p * 1e-200 * 1e-200 * 1e-200", "1.0e-600", "smallest"),
        # was an internal error (OverflowError) before: now a one-line error
        ("p * 1e15**10 * 1e15**10 * 1e15**3", "1.0e+345", "largest"),
    ],
)
def test_out_of_range_constants(formula, shown, limit):
    scope = FormulaScope(scalars=("p",), players={"A": ("x", "y")})
    with pytest.raises(ModelError) as info:
        parse_formula(formula, scope, where="f.toml: players.A.payoff")
    message = str(info.value)
    assert message.startswith(f"f.toml: players.A.payoff: the constant {shown} ")
    assert f"the {limit} " in message


def test_subnormal_constant_is_refused():
    # 1e-310 is a float, but subnormal: it has lost digits of precision
    scope = FormulaScope(scalars=("p",))
    with pytest.raises(ModelError, match=r"the constant 1\.0e-310 "):
        parse_formula("p * 1e-155 * 1e-155", scope, where="f.toml: players.A.payoff")


def test_representable_constants_pass():
    scope = FormulaScope(scalars=("p",))
    for formula in ("p * 1e-300", "p * 1e15**10 * 1e15**10", "p * exp(-700)", "0 * p + 0.0"):
        parse_formula(formula, scope, where="f.toml: players.A.payoff")


def test_tiny_but_representable_payoffs_solve_correctly(tmp_path):
    model = load_model(write(tmp_path, TINY, name="tiny"))
    game = model.game()
    assert game.payoffs[0, 0, 0] == pytest.approx(1e-300, rel=1e-12)
    assert game.payoffs[1, 0, 0] == pytest.approx(1e-301, rel=1e-12)
    result = solve(game)
    assert [eq.pure_profile() for eq in result.equilibria] == [{"A": "x", "B": "u"}]
    assert result.complete
    assert result.warnings == ()


def test_tiny_but_representable_payoffs_cli(tmp_path):
    run = cli("solve", "--json", str(write(tmp_path, TINY, name="tiny")))
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    out = json.loads(run.stdout)
    assert out["warnings"] == []
    assert out["complete"] is True
    assert len(out["equilibria"]) == 1


def test_same_model_text_refused_without_a_file():
    with pytest.raises(ModelError, match=r"^m\.toml:10: players\.A\.payoff: the constant"):
        parse_model_text(MODEL.format(id="m", pa=UNDERFLOW), source="m.toml")


# ------------------------------------------------ underflow while evaluating payoffs
# exp(-800 * p) is about 1e-348 at p = 1: no constant is out of range, but float
# evaluation gives 0, so A's two strategies tie although x is strictly better
EVALUATION = "(A == 'x') * exp(-800 * p)"


def test_tiny_payoffs_model_solve_has_no_warning(tmp_path):
    result = load_model(write(tmp_path, TINY, name="tiny")).solve()
    assert [eq.pure_profile() for eq in result.equilibria] == [{"A": "x", "B": "u"}]
    assert result.complete
    assert result.warnings == ()


def test_compiled_payoffs_report_underflow_per_player(tmp_path):
    model = load_model(write(tmp_path, EVALUATION, name="ev"))
    profiles = np.array([[0, 0], [1, 0]])
    lost: list[str] = []
    pay = model.compiled.payoffs(model.value_vector(), profiles, underflow=lost)
    assert lost == ["A"]  # B's payoff is computed without underflow
    assert pay[0, 0] == 0.0  # what float arithmetic gives: the reason for the warning
    tiny = load_model(write(tmp_path, TINY, name="tiny"))
    lost = []
    tiny.compiled.payoffs(tiny.value_vector(), profiles, underflow=lost)
    assert lost == []


def test_underflow_in_evaluation_is_warned_and_not_complete(tmp_path):
    result = load_model(write(tmp_path, EVALUATION, name="ev")).solve()
    assert not result.complete
    (warning,) = result.warnings
    assert warning.startswith(f"{tmp_path / 'ev.toml'}: A's payoff fell below the floating-point")
    assert "--exact" in warning


def test_underflow_in_evaluation_cli_text_and_json(tmp_path):
    path = write(tmp_path, EVALUATION, name="ev")
    text = cli("solve", str(path))
    assert text.returncode == 0, text.stderr
    assert "not a complete set" in text.stdout
    assert "A's payoff fell below the floating-point range" in " ".join(text.stdout.split())
    run = cli("solve", "--json", str(path))
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["complete"] is False
    assert any("A's payoff fell below the floating-point range" in w for w in out["warnings"])


def test_underflow_of_a_parameter_product_is_warned(tmp_path):
    # every constant is fine; p * p at p = 1e-200 is 1e-400, below the float range
    text = MODEL.format(id="pp", pa="(A == 'x') * p * p").replace(
        "value = 1\nlow = 0.5\nhigh = 2", "value = 1e-200\nlow = 1e-201\nhigh = 1e-199"
    )
    path = tmp_path / "pp.toml"
    path.write_text(text, encoding="utf-8")
    result = load_model(path).solve()
    assert not result.complete
    assert [w for w in result.warnings if "A's payoff fell below" in w]


def test_towers_of_constants_are_refused_quickly_in_one_short_line():
    scope = FormulaScope(scalars=("p",))
    for formula in ("exp(exp(exp(exp(10)))) * p", "exp(-exp(exp(exp(10)))) * p", "exp(-exp(700))"):
        with pytest.raises(ModelError, match=r"floating-point number") as info:
            parse_formula(formula, scope, where="f.toml: players.A.payoff")
        assert len(str(info.value)) < 400
