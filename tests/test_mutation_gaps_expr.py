"""Tests for ``gametheory/models/expr.py`` written for the mutants a mutation test left
alive (issue 13): the exact message of every rejection (with the formula piece it
quotes), the limits at their boundaries, and the values of choice comparisons,
``q()``, the role functions and the aggregate form.

Run the mutation test with ``python benchmarks/mutation.py gametheory/models/expr.py``.
"""

from __future__ import annotations

import ast

import pytest
import sympy

import gametheory.models.expr as expr
from gametheory.errors import ModelError
from gametheory.models.expr import (
    FormulaScope,
    count_symbol,
    indicator,
    own_symbol,
    parse_formula,
)

SCOPE = FormulaScope(
    scalars=("a", "b"),
    per_role={"td": "state"},
    per_player={"det": "USA"},
    players={
        "USA": ("hedge", "compete"),
        "AUS": ("hedge", "compete"),
        "JPN": ("hedge", "compete"),
        "Q1": ("0", "2.5", "5"),
        "Q2": ("0", "5"),
    },
    roles={"state": (("AUS", "JPN"), ("hedge", "compete"))},
)
WHERE = "m.toml:3: players.USA.payoff"


def _error(text, scope=SCOPE, **kwargs):
    with pytest.raises(ModelError) as err:
        parse_formula(text, scope, where=WHERE, **kwargs).to_sympy(own=kwargs and "AUS" or "USA")
    message = str(err.value)
    assert message.startswith(WHERE + ": ")
    return message[len(WHERE) + 2 :]


REJECTED = [
    ("'hedge' == USA", "write the player first, as in P == 'strategy', in \"'hedge' == USA\""),
    ("USA < 'hedge'", "a strategy can only be tested with == or != in \"USA < 'hedge'\""),
    (
        "a == 'hedge'",
        "\"a == 'hedge'\" compares a strategy label with something that is not a player id or 'own'",
    ),
    (
        "(a + b) == 'hedge'",
        "only a player id or 'own' can be compared with a strategy label in \"(a + b) == 'hedge'\"",
    ),
    (
        "own == 'hedge'",
        "\"own == 'hedge'\" uses 'own', which only exists in a role's payoff or inside sum(ROLE, ...)",
    ),
    (
        "USA == 'hedg'",
        "\"USA == 'hedg'\": player 'USA' has no strategy 'hedg' (did you mean 'hedge'?)",
    ),
    (
        "USA < AUS",
        "players' choices are compared with == or != in 'USA < AUS'; compare numbers with q(), as in q(A) < q(B)",
    ),
    ("USA == Q1", "'USA == Q1' compares a numeric strategy set with a named one"),
    (
        "Q1 < Q2",
        "players' choices are compared with == or != in 'Q1 < Q2'; compare numbers with q(), as in q(A) < q(B)",
    ),
    ("a < 'x' < b", "a strategy can only be tested with == or != in \"a < 'x' < b\""),
    (
        "q(USA)",
        "'q(USA)': player 'USA' chooses among named strategies (declare numbers as strategies = {from = 0, to = 12, step = 1})",
    ),
    ("q(USAX)", "q() takes a player id, got 'USAX' (did you mean 'USA'?) in 'q(USAX)'"),
    ("q(a)", "q() takes a player id, got 'a' in 'q(a)'"),
    ("q(Q1, Q2)", "q() takes one player id, as in q(A), in 'q(Q1, Q2)'"),
    ("q()", "q() takes one player id, as in q(A), in 'q()'"),
    (
        "q(own)",
        "'q(own)' uses 'own', which only exists in a role's payoff or inside sum(ROLE, ...)",
    ),
    ("count(state)", "count() takes (ROLE, 'strategy') in 'count(state)'"),
    ("sum(state)", "sum() takes (ROLE, expression) in 'sum(state)'"),
    (
        "count(USA, 'hedge')",
        "the first argument of count() must be a role id (state) in \"count(USA, 'hedge')\"",
    ),
    (
        "count(state, a)",
        "the second argument of count() must be a strategy label in quotes, in 'count(state, a)'",
    ),
    (
        "count(state, 'hedg')",
        "\"count(state, 'hedg')\": role 'state' has no strategy 'hedg' (it has hedge, compete)",
    ),
    (
        "others(state, 'hedge')",
        "others(state, ...) only makes sense in the payoff of role 'state', in \"others(state, 'hedge')\"",
    ),
    ("sum(state, sum(state, 1))", "sum() cannot be nested in another sum(), in 'sum(state, 1)'"),
    (
        "sum(state, own == 'hedg')",
        "\"own == 'hedg'\": role 'state' has no strategy 'hedg' (it has hedge, compete)",
    ),
    ("where(a, b)", "where() takes (condition, if_true, if_false) in 'where(a, b)'"),
    ("min()", "min() needs at least one argument in 'min()'"),
    ("abs(a, b)", "abs() takes exactly one argument in 'abs(a, b)'"),
    (
        "foo(a)",
        "calls to 'foo' are not allowed (allowed: abs, count, exp, log, max, min, others, q, sqrt, sum, where)",
    ),
    (
        "a.b(1)",
        "calls to 'a.b' are not allowed (allowed: abs, count, exp, log, max, min, others, q, sqrt, sum, where)",
    ),
    ("min(a, key=b)", "keyword arguments are not allowed in 'min(a, key=b)'"),
    ("min(*a)", "starred arguments are not allowed in 'min(*a)'"),
    ("own", "'own' must be compared with a strategy, as in own == 'compete'"),
    ("USA", "player 'USA' must be compared with a strategy, as in USA == 'hedge'"),
    ("state", "role 'state' can only be used in count(), others() or sum()"),
    ("min", "function 'min' must be called"),
    ("td.XX", "'td.XX': 'td' has no entry 'XX'"),
    ("a.b", "attribute access 'a.b' is not allowed (only GROUP.INDEX of an indexed parameter)"),
    (
        "'text'",
        "text \"'text'\" is only allowed as a strategy label, as in P == 'strategy' or count(ROLE, 'strategy')",
    ),
    ("b'x'", "constant \"b'x'\" is not allowed in a formula"),
    ("None", "constant 'None' is not allowed in a formula"),
    ("10 ** 16", "exponent in '10 ** 16' is larger than 10"),
    ("1e16", "number '1e16' is not a finite number of sensible size"),
    ("1e400", "number '1e400' is not a finite number of sensible size"),
    ("a ** b", "exponent in 'a ** b' must be a number written in the formula"),
    ("a ** 11", "exponent in 'a ** 11' is larger than 10"),
    ("2 ** 0.5 ** 0.5", "exponent in '2 ** 0.5 ** 0.5' must be a number written in the formula"),
    ("1 / 0", "'1 / 0' divides by zero"),
    ("a // b", "operator FloorDiv in 'a // b' is not allowed (use + - * / **)"),
    ("a % b", "operator Mod in 'a % b' is not allowed (use + - * / **)"),
    ("~a", "operator '~a' is not allowed"),
    ("a is b", "comparison Is in 'a is b' is not allowed"),
    ("a in b", "comparison In in 'a in b' is not allowed"),
    ("log(0)", "'log(0)' is infinite or undefined (log(0) or division by zero?)"),
    (
        "sqrt(-1)",
        "'sqrt(-1)' is a complex number (square root or log of a negative number?); payoffs must be real",
    ),
    (
        "(a + 1) ** 10 ** 2",
        "exponent in '(a + 1) ** 10 ** 2' must be a number written in the formula",
    ),
    ("a +", "not a valid formula: invalid syntax"),
    ("1.5e15", "number '1.5e15' is not a finite number of sensible size"),
    ("a if b else", "not a valid formula: invalid syntax"),
    ("lambda: 1", "lambda 'lambda: 1' is not allowed in a formula"),
    ("[a]", "list '[a]' is not allowed in a formula"),
    ("a[0]", "subscript 'a[0]' is not allowed in a formula"),
    (
        "count(state, 'hedge') ** 100",
        "exponent in \"count(state, 'hedge') ** 100\" is larger than 10",
    ),
    (
        "(2 ** 10) ** 10 ** 10",
        "exponent in '(2 ** 10) ** 10 ** 10' must be a number written in the formula",
    ),
    ("a <> b", "not a valid formula at column 3: invalid syntax"),
    (
        "a < b < 'x'",
        "a strategy label can only be compared with one player, not in a chain, in \"a < b < 'x'\"",
    ),
    ("9999999999999999 ** 2", "number '9999999999999999' is too large"),
]


@pytest.mark.parametrize("text, message", REJECTED, ids=[t for t, _ in REJECTED])
def test_rejection_message(text, message):
    assert _error(text) == message


def test_rejections_in_a_model_without_roles_and_in_a_role_payoff():
    no_roles = FormulaScope(scalars=("a",), players={"USA": ("hedge", "compete")})
    assert _error("count(x, 'a')", no_roles) == (
        "the first argument of count() must be a role id (this model has none) in \"count(x, 'a')\""
    )
    assert _error("own == 'hedg'", owner_role="state") == (
        "\"own == 'hedg'\": role 'state' has no strategy 'hedg' (it has hedge, compete)"
    )
    assert _error("sum(state, others(state, 'hedge'))", owner_role="state") == (
        "others(state, ...) only makes sense in the payoff of role 'state', in "
        "\"others(state, 'hedge')\""
    )


def test_a_quoted_piece_is_cut_after_sixty_characters():
    lead = "only a player id or 'own' can be compared with a strategy label in "
    sixty = "(" + "a+" * 23 + "b) == 'hedge'"
    assert len(sixty) == 60
    assert _error(sixty) == lead + repr(sixty)
    sixty_one = "(" + "a+" * 23 + "b ) == 'hedge'"
    assert len(sixty_one) == 61
    assert _error(sixty_one) == lead + repr(sixty_one[:57] + "...")


def test_number_limits_at_their_boundaries():
    assert _value("1000000000000000") == 10**15
    assert _value("1e15") == 10**15
    assert _error("1000000000000001") == "number '1000000000000001' is too large"
    assert _error("-1000000000000001") == "number '1000000000000001' is too large"
    assert _error("1000000000000001.0") == (
        "number '1000000000000001.0' is not a finite number of sensible size"
    )
    assert _error("-1e16") == "number '1e16' is not a finite number of sensible size"


def test_power_limits_at_their_boundaries(monkeypatch):
    assert _value("a ** 10", a=2) == 1024 and _value("a ** -10", a=2) == sympy.Rational(1, 1024)
    four = "((((a + 1) ** 10) ** 10) ** 10) ** 10"
    assert (
        parse_formula(four, SCOPE, where=WHERE).to_sympy(own="USA")
        == (sympy.Symbol("a") + 1) ** 10_000
    )
    assert _error(f"({four}) ** 10") == (
        f"nested powers in '({four}) ** 10' raise a term to the power 100000, more than "
        "the 10,000 allowed"
    )
    monkeypatch.setattr(expr, "MAX_CONSTANT_BITS", 30)
    assert _value("2 ** 10") == 1024  # (2 bits + 1 bit) * 10 = 30 bits: at the limit
    monkeypatch.setattr(expr, "MAX_CONSTANT_BITS", 29)
    assert _error("2 ** 10") == (
        "'2 ** 10' computes a number of about 30 bits, more than the 29 allowed (it "
        "could not be a payoff); make it a parameter"
    )


def test_sum_expansion_limit(monkeypatch):
    # the summand has 6 syntax nodes (BinOp, Add, two Names and their Load contexts),
    # over 2 members: 12
    monkeypatch.setattr(expr, "MAX_EXPANDED_NODES", 12)
    assert _value("sum(state, a + b)", a=1, b=2) == 6
    monkeypatch.setattr(expr, "MAX_EXPANDED_NODES", 11)
    assert _error("sum(state, a + b)") == (
        "'sum(state, a + b)' expands to about 12 terms over the 2 members of 'state', more "
        "than the 11 allowed; use count(state, ...) or a shorter summand"
    )


# ------------------------------------------------------------------ values
PROFILE = {"USA": "hedge", "AUS": "hedge", "JPN": "compete", "Q1": "2.5", "Q2": "5"}


def _value(text, *, own="USA", owner_role=None, profile=PROFILE, **params):
    """The formula's value at a pure profile, through sympy (every indicator 0 or 1)."""
    f = parse_formula(text, SCOPE, where=WHERE, owner_role=owner_role)
    value = f.to_sympy(own=own)
    subs = {sympy.Symbol(k): sympy.nsimplify(v) for k, v in params.items()}
    for player, strategies in SCOPE.players.items():
        for s in strategies:
            subs[indicator(player, s)] = int(profile[player] == s)
    return sympy.simplify(value.xreplace(subs))


@pytest.mark.parametrize(
    "text, profile, expected",
    [
        ("USA == AUS", {}, 1),
        ("USA == AUS", {"AUS": "compete"}, 0),
        ("USA != AUS", {"AUS": "compete"}, 1),
        ("USA != JPN", {}, 1),
        ("Q1 == Q2", {}, 0),
        ("Q1 == Q2", {"Q1": "5"}, 1),
        ("Q1 == Q2", {"Q1": "0", "Q2": "0"}, 1),
        ("Q1 != Q2", {"Q1": "0", "Q2": "5"}, 1),
        ("q(Q1)", {}, sympy.Rational(5, 2)),
        ("q(Q1) * 2 + q(Q2)", {"Q1": "5", "Q2": "0"}, 10),
        ("count(state, 'hedge')", {}, 1),
        ("count(state, 'compete')", {"AUS": "compete"}, 2),
        ("sum(state, (own == 'hedge') * 3)", {}, 3),
        ("sum(state, own != 'hedge')", {"AUS": "compete"}, 2),
        ("(1 < 2) * a + (2 < 1)", {}, 7),
        ("(1 < 2) + (2 < 1) * a", {}, 1),
        ("a if b > 2 else 5", {}, 5),
        ("a if b < 2 else 5", {}, 7),
        ("where(b < 2, a, 5)", {}, 7),
        ("where(b > 2, a, 5)", {}, 5),
        ("det.hedge * (USA == 'hedge') + det.compete", {}, 3),
    ],
)
def test_values_at_a_profile(text, profile, expected):
    params = {"a": 7, "b": 1, "det.hedge": 1, "det.compete": 2}
    assert _value(text, profile={**PROFILE, **profile}, **params) == expected


def test_role_functions_in_a_role_payoff():
    # AUS's payoff: JPN is the other member
    assert _value("others(state, 'compete')", own="AUS", owner_role="state") == 1
    assert _value("others(state, 'hedge')", own="AUS", owner_role="state") == 0
    assert _value("count(state, 'hedge')", own="AUS", owner_role="state") == 1
    assert _value("own == 'hedge'", own="AUS", owner_role="state") == 1
    assert _value("q(Q1) + (own != 'hedge')", own="AUS", owner_role="state") == sympy.Rational(5, 2)


def test_aggregate_form_keeps_counts_and_own_as_symbols():
    f = parse_formula(
        "others(state, 'hedge') + 2 * count(state, 'compete') + (own == 'hedge')",
        SCOPE,
        where=WHERE,
        owner_role="state",
    )
    total_hedge, own_hedge = count_symbol("state", "hedge"), own_symbol("hedge")
    assert f.to_sympy(own="AUS", aggregate=True) == (
        total_hedge - own_hedge + 2 * count_symbol("state", "compete") + own_hedge
    )
    expanded = f.to_sympy(own="AUS")
    assert expanded == (
        indicator("JPN", "hedge")
        + 2 * (indicator("AUS", "compete") + indicator("JPN", "compete"))
        + indicator("AUS", "hedge")
    )
    # a player who moves after the role sees the role's count as one symbol
    g = parse_formula("count(state, 'hedge') + sum(state, own == 'hedge')", SCOPE, where=WHERE)
    assert g.to_sympy(own="USA", count_roles=("state",)) == (
        count_symbol("state", "hedge") + indicator("AUS", "hedge") + indicator("JPN", "hedge")
    )
    assert g.to_sympy(own="USA") == 2 * (indicator("AUS", "hedge") + indicator("JPN", "hedge"))


# ------------------------------------------------------------------ second round
@pytest.mark.parametrize(
    "text, position",
    [
        # a multi-line formula: line and column as written in the file
        ("a +\n* b", "at line 2, column 1 of the formula: invalid syntax"),
        ("a\n+ * b", "at line 2, column 3 of the formula: invalid syntax"),
        ("a +\nb +\n* 2", "at line 3, column 1 of the formula: invalid syntax"),
        (
            "min(a,\n b c)",
            "at line 2, column 2 of the formula: invalid syntax. Perhaps you forgot a comma?",
        ),
        # an unmatched ')' or an unclosed '(': the column in the formula read as one line
        ("a) + (b", "at column 2: unmatched ')'"),
        ("a)\n+ (b", "at column 2: unmatched ')'"),
        ("(a + b", "at column 1: '(' was never closed"),
        ("a +\n(b", "at column 5: '(' was never closed"),
    ],
)
def test_syntax_error_positions(text, position):
    assert _error(text) == f"not a valid formula {position}"


def test_a_misspelt_own_is_suggested():
    assert _error("ownn == 'hedge'", owner_role="state") == (
        "\"ownn == 'hedge'\" compares a strategy label with something that is not a player id "
        "or 'own'"
    )
    assert _error("ownn") == "unknown name 'ownn' (did you mean 'own'?)"


def test_a_node_without_a_description_is_named_by_its_class():
    # every expression node of today's Python is walked or described; a new one (Python
    # 3.14's t-strings, for instance) is named by its class in the rejection
    assert expr._describe(ast.Expression(body=ast.Constant(1))) == "Expression"
    assert expr._describe(ast.ListComp(elt=None, generators=[])) == "comprehension"


def test_a_role_formula_needs_its_member_unless_in_aggregate_form():
    f = parse_formula("own == 'hedge'", SCOPE, where=WHERE, owner_role="state")
    with pytest.raises(ModelError) as err:
        f.to_sympy()
    assert str(err.value) == (
        f"{WHERE}: \"own == 'hedge'\" uses 'own', which only exists in a role's payoff or "
        "inside sum(ROLE, ...)"
    )
    assert f.to_sympy(aggregate=True) == own_symbol("hedge")
    assert f.to_sympy(own="JPN") == indicator("JPN", "hedge")


def test_a_product_of_powers_inside_a_power_is_checked_too():
    # the product of two (a + 1) ** 10000 is (a + 1) ** 20000, found inside the outer power
    four = "((((a + 1) ** 10) ** 10) ** 10) ** 10"
    text = f"({four} * {four} + 1) ** 2"
    assert _error(text) == (
        "nested powers in '(((((a + 1) ** 10) ** 10) ** 10) ** 10 * ((((a + 1) ** 10...' "
        "raise a term to the power 20000, more than the 10,000 allowed"
    )


def test_zero_and_one_as_bases_of_the_size_limit(monkeypatch):
    # zero is never too large; one has 1 + 1 bits (numerator and denominator)
    monkeypatch.setattr(expr, "MAX_CONSTANT_BITS", 9)
    assert _value("0 ** 10") == 0
    monkeypatch.setattr(expr, "MAX_CONSTANT_BITS", 19)
    assert _error("1 ** 10") == (
        "'1 ** 10' computes a number of about 20 bits, more than the 19 allowed (it could "
        "not be a payoff); make it a parameter"
    )
    monkeypatch.setattr(expr, "MAX_CONSTANT_BITS", 20)
    assert _value("1 ** 10") == 1


def test_the_role_list_of_a_model_with_two_roles():
    scope = FormulaScope(
        players={"USA": ("hedge", "compete")},
        roles={"state": (("AUS",), ("hedge",)), "ally": (("GBR",), ("hedge",))},
    )
    assert _error("count(USA, 'hedge')", scope) == (
        "the first argument of count() must be a role id (state, ally) in \"count(USA, 'hedge')\""
    )


def test_a_call_is_named_as_python_reads_it_and_never_filled_in():
    allowed = "(allowed: abs, count, exp, log, max, min, others, q, sqrt, sum, where)"
    # Python reads identifiers in NFKC form: the ligature 'ﬁ' is 'fi'
    assert _error("ﬁle(a)") == f"calls to 'file' are not allowed {allowed}"
    # text in the called expression is quoted as written, not taken as a template
    assert _error("'{piece}'.x(1)") == f"calls to \"'{{piece}}'.x\" are not allowed {allowed}"


@pytest.mark.parametrize(
    "text, profile, expected",
    [
        ("A == B", {"A": "x", "B": "x"}, 1),
        ("A == B", {"A": "x", "B": "y"}, 0),
        ("A != B", {"A": "y", "B": "y"}, 0),
        ("A != B", {"A": "x", "B": "y"}, 1),
        # numeric sets compare by number, whatever the labels' spelling
        ("N == M", {"N": "5", "M": "5.0"}, 1),
        ("N != M", {"N": "5", "M": "5.0"}, 0),
        ("N == M", {"N": "0", "M": "5.0"}, 0),
    ],
)
def test_choices_compared_when_the_two_players_are_all_the_players(text, profile, expected):
    pair = ("A", "B") if "A" in text else ("N", "M")
    strategies = {"A": ("x", "y"), "B": ("x", "y"), "N": ("0", "5"), "M": ("0.0", "5.0")}
    scope = FormulaScope(players={p: strategies[p] for p in pair})
    value = parse_formula(text, scope, where=WHERE).to_sympy()
    subs = {indicator(p, s): int(profile[p] == s) for p in pair for s in strategies[p]}
    assert value.xreplace(subs) == expected


@pytest.mark.parametrize(
    "text, piece",
    [("not log(0)", "log(0)"), ("where(log(0), 1, 2)", "log(0)"), ("log(0) or a", "log(0)")],
)
def test_an_undefined_condition_is_refused(text, piece):
    # it used to read as true (sympy's zoo != 0), so "not log(0)" was 0
    assert _error(text) == f"{piece!r} is infinite or undefined (log(0) or division by zero?)"
    assert _error("1 if sqrt(-1) else 2") == (
        "'sqrt(-1)' is a complex number (square root or log of a negative number?); payoffs "
        "must be real"
    )


def test_a_player_without_strategies_is_shown_with_a_placeholder():
    scope = FormulaScope(players={"P": ()})
    assert _error("P", scope) == "player 'P' must be compared with a strategy, as in P == 's'"


def test_text_length_and_bracket_limits_at_their_boundaries():
    assert _error(3) == "a formula must be text, got int"
    assert _error("   ") == "formula is empty"
    assert _error("# only a note") == "formula is empty (only a comment)"
    long = "a" + " " * 1998 + "b"
    assert _error(long[:-1] + "+b") == (
        "formula is 2,001 characters long, more than the 2,000 allowed"
    )
    assert _value("a" + " " * 1997 + "+b", a=1, b=2) == 3  # 2,000 characters: accepted
    forty = "(1 + " * 40 + "1" + ")" * 40
    assert _value(forty) == 41
    # brackets opened and closed one after another do not add up
    assert _value("(a) + " * 50 + "(b)", a=1, b=0) == 50
    assert _error("(a) + " + "(1 + " * 41 + "1" + ")" * 41) == (
        "formula nests brackets 41 deep, more than the 40 allowed"
    )


def test_tree_depth_limit_at_its_boundary():
    # n unary minus signs over a name: a tree n + 3 levels deep (with the name's context)
    assert _value("-" * 116 + "a", a=1) == 1
    assert _error("-" * 118 + "a") == "formula is nested more than 120 levels deep"
    assert _value("-" * 117 + "a", a=1) == -1


def test_comments_end_at_the_line_and_never_inside_quotes():
    assert expr.strip_comments("aXb # note") == "aXb "
    assert expr.strip_comments("a # x\nb") == "a  b"
    assert expr.strip_comments("A == 'x#1' # note") == "A == 'x#1' "


def test_a_role_of_one_member_and_q_of_own():
    scope = FormulaScope(
        players={"B1": ("0", "5"), "B2": ("0", "5")},
        roles={"solo": (("B1",), ("0", "5")), "bidders": (("B1", "B2"), ("0", "5"))},
    )
    assert parse_formula("own == '5'", scope, where=WHERE, owner_role="solo").to_sympy(
        own="B1"
    ) == indicator("B1", "5")
    f = parse_formula("q(own)", scope, where=WHERE, owner_role="bidders")
    assert f.to_sympy(own="B2") == 5 * indicator("B2", "5")
