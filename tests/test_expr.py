"""The payoff formula language: every construct, every rejection, hostile input."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from gametheory.errors import ModelError
from gametheory.models.expr import FormulaScope, indicator, parse_formula
from gametheory.models.model import fast_lambdify

SCOPE = FormulaScope(
    scalars=("a", "b", "c"),
    per_role={"td": "state"},
    per_player={"det": "USA"},
    players={
        "USA": ("hedge", "compete"),
        "AUS": ("hedge", "compete"),
        "JPN": ("hedge", "compete"),
        "CHN": ("calm", "coerce"),
    },
    roles={"state": (("AUS", "JPN"), ("hedge", "compete"))},
)
WHERE = "m.toml:3: players.CHN.payoff"


def value(text, env, *, own=None, role=None):
    """Evaluate a formula numerically through sympy (independent of lambdify)."""
    f = parse_formula(text, SCOPE, where=WHERE, owner_role=role)
    expr = f.to_sympy(own=own)
    subs = {sympy.Symbol(k): sympy.nsimplify(v) for k, v in env.items()}
    return float(expr.xreplace(subs).doit())


ENV = {
    "a": 2,
    "b": 3,
    "c": 0.5,
    "td.AUS": 0.9,
    "td.JPN": 0.4,
    "det.hedge": 0.3,
    "det.compete": 0.8,
    "USA=hedge": 0,
    "USA=compete": 1,
    "AUS=hedge": 1,
    "AUS=compete": 0,
    "JPN=hedge": 0,
    "JPN=compete": 1,
    "CHN=calm": 1,
    "CHN=coerce": 0,
}

ALLOWED = [
    ("a + b * c - 1 / 4", 2 + 3 * 0.5 - 0.25),
    ("-a + (+b)", 1.0),
    ("a ** 2 + b ** -1 + c ** 0.5", 4 + 1 / 3 + 0.5**0.5),
    ("min(a, b, c) + max(a, b) + abs(-a)", 0.5 + 3 + 2),
    ("exp(0) + log(1) + sqrt(4)", 3.0),
    ("a if b > 2 else c", 2.0),
    ("where(a >= b, 1, 0)", 0.0),
    ("(a < b) + (a <= b) + (a == 2) + (a != 2)", 3.0),
    ("1 < a < b", 1.0),
    ("(a > 1 and b > 5) + (a > 1 or b > 5) + (not a > 1)", 1.0),
    ("USA == 'compete'", 1.0),
    ("USA != 'compete'", 0.0),
    ("det", 0.8),
    ("det.hedge", 0.3),
    ("td.AUS + td.JPN", 1.3),
    ("count(state, 'compete')", 1.0),
    ("sum(state, td * (own == 'compete'))", 0.4),
    ("a if USA == 'compete' else b", 2.0),
    ("where(CHN == 'calm' and USA == 'compete', a, b)", 2.0),
]


@pytest.mark.parametrize("text, expected", ALLOWED, ids=[t for t, _ in ALLOWED])
def test_allowed_constructs(text, expected):
    assert value(text, ENV) == pytest.approx(expected)


def test_role_formula_own_and_others():
    f = "td * (own == 'compete') + others(state, 'compete') + count(state, 'hedge')"
    # for AUS (hedge): 0 + JPN competes (1) + one hedger (1)
    assert value(f, ENV, own="AUS", role="state") == pytest.approx(2.0)
    # for JPN (compete): 0.4 + others compete: 0 + one hedger
    assert value(f, ENV, own="JPN", role="state") == pytest.approx(1.4)


def test_aggregate_form_uses_count_symbols():
    f = parse_formula("td * others(state, 'compete')", SCOPE, where=WHERE, owner_role="state")
    agg = f.to_sympy(own="AUS", aggregate=True)
    assert {str(s) for s in agg.free_symbols} == {"td", "#state=compete", "own=compete"}


def test_indicators_are_symbols_and_lambdify_vectorises():
    f = parse_formula("a * (USA == 'compete') + max(b, c)", SCOPE, where=WHERE)
    expr = f.to_sympy()
    assert indicator("USA", "compete") in expr.free_symbols
    syms = sorted(expr.free_symbols, key=str)
    fn = fast_lambdify(syms, expr)
    args = {
        "a": np.array([1.0, 2.0]),
        "b": np.array([0.0, 5.0]),
        "c": 1.0,
        "USA=compete": np.array([1.0, 0.0]),
    }
    out = fn(*[args[str(s)] for s in syms])
    np.testing.assert_allclose(out, [2.0, 5.0])


def test_numbers_are_exact_rationals():
    expr = parse_formula("0.1 + 0.2", SCOPE, where=WHERE).to_sympy()
    assert expr == sympy.Rational(3, 10)


REJECTED = [
    ("__import__('os').system('x')", "calls to \"__import__('os').system\" are not allowed"),
    ("__import__('os')", "calls to '__import__' are not allowed"),
    ("().__class__.__bases__", "attribute access"),
    ("a.__class__", "attribute access 'a.__class__' is not allowed"),
    ("td.XXX", "'td' has no entry 'XXX'"),
    ("open('f')", "calls to 'open' are not allowed"),
    ("a[0]", "subscript 'a[0]' is not allowed"),
    ("[x for x in y]", "comprehension"),
    ("{x: 1 for x in y}", "comprehension"),
    ("(x for x in y)", "generator"),
    ("lambda: 1", "lambda 'lambda: 1' is not allowed"),
    ("f'{a}'", "f-string"),
    ("max(a, key=b)", "keyword arguments are not allowed"),
    ("min(*a)", "starred arguments are not allowed"),
    ("9**9**9", "exponent in '9**9**9' must be a number written in the formula"),
    ("a ** 11", "exponent in 'a ** 11' is larger than 10"),
    ("a ** b", "must be a number written in the formula"),
    ("'abc'", "text \"'abc'\" is only allowed as a strategy label"),
    ("a + 'x'", "only allowed as a strategy label"),
    ("USA == 'zz'", "player 'USA' has no strategy 'zz'"),
    ("USA == 'hedg'", "did you mean 'hedge'"),
    ("'hedge' == USA", "write the player first"),
    ("USA < 'hedge'", "only be tested with == or !="),
    ("bb", "unknown name 'bb' (did you mean 'b'?)"),
    ("td", "bare 'td' needs a member of role 'state'"),
    ("USA", "player 'USA' must be compared with a strategy"),
    ("state", "role 'state' can only be used in count(), others() or sum()"),
    ("own == 'hedge'", "'own'"),
    ("(a := 1)", "assignment (:=)"),
    ("a if", "not a valid formula"),
    ("a; b", "not a valid formula"),
    ("", "formula is empty"),
    ("count(USA, 'hedge')", "first argument of count() must be a role id"),
    ("count(state, a)", "second argument of count() must be a strategy label"),
    ("count(state, 'zz')", "role 'state' has no strategy 'zz'"),
    ("others(state, 'hedge')", "others(state, ...) only makes sense in the payoff of role"),
    ("sum(state, sum(state, 1))", "sum() cannot be nested"),
    ("abs(a, b)", "abs() takes exactly one argument"),
    ("where(a, b)", "where() takes (condition, if_true, if_false)"),
    ("min()", "min() needs at least one argument"),
    ("a / 0", "divides by zero"),
    ("a % b", "operator Mod"),
    ("a @ b", "operator MatMult"),
    ("a & b", "operator BitAnd"),
    ("~a", "operator"),
    ("True", "constant"),
    ("None", "constant"),
    ("1e400", "not a finite number"),
    ("[a, b]", "list"),
    ("(a, b)", "tuple"),
    ("a.b", "attribute access"),
    ("max", "function 'max' must be called"),
    ("(" * 41 + "a" + ")" * 41, "nests brackets 41 deep"),
    ("(" * 10000, "characters long"),
    ("a" * 1_000_000, "1,000,000 characters long"),
    ("-" * 1990 + "a", "nested more than"),
    ("not " * 400 + "a", "nested more than"),
    (42, "a formula must be text"),
]


@pytest.mark.parametrize("text, message", REJECTED, ids=[str(t)[:30] for t, _ in REJECTED])
def test_rejections_name_file_field_and_piece(text, message):
    with pytest.raises(ModelError) as err:
        parse_formula(text, SCOPE, where=WHERE)
    msg = str(err.value)
    assert msg.startswith(WHERE + ": ")
    assert message in msg
    assert "\n" not in msg


def test_nothing_is_executed(tmp_path, monkeypatch):
    marker = tmp_path / "pwned"
    text = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    with pytest.raises(ModelError):
        parse_formula(text, SCOPE, where=WHERE)
    assert not marker.exists()


def test_multiline_formula_is_accepted():
    f = parse_formula("a\n  + b\n  * c", SCOPE, where=WHERE)
    assert f.to_sympy() == sympy.Symbol("a") + sympy.Symbol("b") * sympy.Symbol("c")


@pytest.mark.parametrize("text, expected", ALLOWED, ids=[t for t, _ in ALLOWED])
def test_compiled_numpy_function_matches_sympy(text, expected):
    expr = parse_formula(text, SCOPE, where=WHERE).to_sympy()
    syms = sorted(expr.free_symbols, key=str)
    fn = fast_lambdify(syms, expr)
    out = np.broadcast_to(fn(*[np.full(3, float(ENV[str(s)])) for s in syms]), (3,))
    np.testing.assert_allclose(out, expected)
