"""The payoff formula language: a small, whitelisted subset of Python expressions.

A formula string is parsed with :func:`ast.parse` (``mode="eval"``) and nothing
else: the syntax tree is walked with a strict whitelist and turned into a sympy
expression. No part of the text is ever evaluated, compiled or executed. Length
and bracket nesting are checked *before* parsing, and the depth of the tree
before walking it, so hostile input fails fast with a :class:`ModelError`
naming the file, the field and the offending piece.

Symbols in the resulting expressions:

* a parameter is ``Symbol(name)`` with its flattened name (``"trade_dep.AUS"``);
* "player ``P`` plays ``s``" is the 0/1 indicator ``Symbol("P=s")``
  (:func:`indicator`);
* in the *aggregate* form used by the fast stage solver, a role's formula keeps
  ``Symbol("own=s")`` for the member's own move, ``Symbol("#ROLE=s")`` for how many
  members of the role play ``s`` (the member included) and ``Symbol(group)`` for
  a bare per-role parameter.

Examples
--------
>>> scope = FormulaScope(scalars=("a", "b"), players={"USA": ("hedge", "compete")})
>>> f = parse_formula("a * (USA == 'compete') + max(b, 1)", scope, where="m.toml: players.CHN.payoff")
>>> f.to_sympy()
USA=compete*a + Max(1, b)
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import mpmath
import sympy

from ..errors import ModelError
from ..suggest import hint as suggest_hint

__all__ = [
    "FormulaScope",
    "Formula",
    "parse_formula",
    "check_float_range",
    "indicator",
    "count_symbol",
    "own_symbol",
    "MAX_FORMULA_LENGTH",
    "MAX_NESTING",
    "MAX_EXPONENT",
    "MAX_COMPOUND_EXPONENT",
    "MAX_CONSTANT_BITS",
    "strip_comments",
]

#: A parsed piece of formula: a sympy expression, or a sympy condition inside if_/comparisons.
Value: TypeAlias = sympy.Basic

#: Longest formula accepted, in characters.
MAX_FORMULA_LENGTH = 2000
#: Deepest bracket nesting accepted.
MAX_NESTING = 40
#: Deepest syntax tree accepted (long chains of unary operators, for instance).
MAX_TREE_DEPTH = 120
#: Largest absolute exponent in ``x ** k``.
MAX_EXPONENT = 10
#: Largest compound exponent of a symbolic term (``((x ** 10) ** 10) ** 10`` is
#: ``x ** 1000``); nested powers beyond it are refused at load.
MAX_COMPOUND_EXPONENT = 10_000
#: Largest size, in bits of numerator plus denominator, of a number a formula may
#: compute exactly (``999999999999999 ** 10`` is about 500 bits; floats end near 1024).
MAX_CONSTANT_BITS = 2048

#: Largest expansion of ``sum(ROLE, expr)``: syntax nodes of ``expr`` times members.
MAX_EXPANDED_NODES = 50_000

_NOT_A_NUMBER = (sympy.zoo, sympy.oo, -sympy.oo, sympy.nan, sympy.I)

_FUNCTIONS = {"min", "max", "abs", "exp", "log", "sqrt", "where", "count", "others", "sum", "q"}


def numeric_values(strategies: Sequence[str]) -> list[float] | None:
    """The numbers of a numeric strategy set (labels such as ``"0"``, ``"2.5"``), else None.

    Ordinary strategy ids start with a letter, so only a set declared as
    ``{from = ..., to = ..., step = ...}`` has labels that all read as numbers.

    Examples
    --------
    >>> numeric_values(["0", "0.5", "1"]), numeric_values(["hedge", "compete"])
    ([0.0, 0.5, 1.0], None)
    """
    try:
        return [float(s) for s in strategies]
    except ValueError:
        return None


_ONE_ARG = {"abs": sympy.Abs, "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt}


def indicator(player: str, strategy: str) -> sympy.Symbol:
    """The 0/1 symbol for "``player`` plays ``strategy``".

    Examples
    --------
    >>> indicator("USA", "compete")
    USA=compete
    """
    return sympy.Symbol(f"{player}={strategy}")


def own_symbol(strategy: str) -> sympy.Symbol:
    """The aggregate-form symbol for "the member itself plays ``strategy``"."""
    return sympy.Symbol(f"own={strategy}")


def count_symbol(role: str, strategy: str) -> sympy.Symbol:
    """The aggregate-form symbol for "how many members of ``role`` play ``strategy``"."""
    return sympy.Symbol(f"#{role}={strategy}")


@dataclass(frozen=True)
class FormulaScope:
    """What names a formula may use.

    Parameters
    ----------
    scalars : sequence of str
        Scalar parameter names.
    per_role : mapping of group to role id
        Indexed parameters with one entry per member of a role.
    per_player : mapping of group to player id
        Indexed parameters with one entry per strategy of a player.
    players : mapping of player id to its strategies
    roles : mapping of role id to ``(members, strategies)``
    """

    scalars: Sequence[str] = ()
    per_role: Mapping[str, str] = field(default_factory=dict)
    per_player: Mapping[str, str] = field(default_factory=dict)
    players: Mapping[str, Sequence[str]] = field(default_factory=dict)
    roles: Mapping[str, tuple[Sequence[str], Sequence[str]]] = field(default_factory=dict)

    def entries(self, group: str) -> Sequence[str]:
        if group in self.per_role:
            return self.roles[self.per_role[group]][0]
        return self.players[self.per_player[group]]

    def known_names(self) -> list[str]:
        return [
            *self.scalars,
            *self.per_role,
            *self.per_player,
            *self.players,
            *self.roles,
            *_FUNCTIONS,
            "own",
        ]


def _fail(where: str, problem: str) -> ModelError:
    return ModelError(f"{where}: {problem}")


def _snippet(node: ast.AST, text: str) -> str:
    piece = ast.get_source_segment(text, node) or type(node).__name__
    piece = " ".join(piece.split())
    return piece if len(piece) <= 60 else piece[:57] + "..."


def _precheck(text: Any, where: str) -> None:
    if not isinstance(text, str):
        raise _fail(where, f"a formula must be text, got {type(text).__name__}")
    if len(text) > MAX_FORMULA_LENGTH:
        raise _fail(
            where,
            f"formula is {len(text):,} characters long, more than the "
            f"{MAX_FORMULA_LENGTH:,} allowed",
        )
    if not text.strip():
        raise _fail(where, "formula is empty")
    depth = deepest = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    if deepest > MAX_NESTING:
        raise _fail(
            where, f"formula nests brackets {deepest} deep, more than the {MAX_NESTING} allowed"
        )


def strip_comments(text: str) -> str:
    r"""``text`` with every ``# ...`` comment removed up to the end of its line.

    A ``#`` inside a quoted strategy label is kept. Lines are then joined with
    spaces, so a multi-line formula reads as one expression *after* its comments
    are gone (a comment never swallows the lines that follow it).

    Examples
    --------
    >>> strip_comments("p  # the base rate\n + 1000 * (A == 'x#1')")
    "p    + 1000 * (A == 'x#1')"
    """
    lines = []
    for line in text.splitlines():
        quote = None
        cut = len(line)
        for k, ch in enumerate(line):
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "'\"":
                quote = ch
            elif ch == "#":
                cut = k
                break
        lines.append(line[:cut])
    return " ".join(lines)


def _tree_depth(tree: ast.AST) -> int:
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > MAX_TREE_DEPTH:
            return deepest
        stack.extend((child, d + 1) for child in ast.iter_child_nodes(node))
    return deepest


@dataclass(frozen=True)
class Formula:
    """A validated formula, ready to become sympy expressions.

    Build one with :func:`parse_formula`. ``owner`` is the player whose payoff the
    formula gives (a role member when the formula belongs to a role).
    """

    text: str
    where: str
    scope: FormulaScope
    tree: ast.Expression
    owner_role: str | None = None

    def to_sympy(
        self, *, own: str | None = None, aggregate: bool = False, count_roles: tuple[str, ...] = ()
    ) -> sympy.Expr:
        """The formula as a sympy expression.

        Parameters
        ----------
        own : str, optional
            The player whose payoff this is (needed when the formula uses ``own``
            or a bare per-role parameter).
        aggregate : bool
            Keep ``own``, bare per-role parameters and counts of the owner's role as
            aggregate symbols (see the module docstring) instead of expanding them.
        count_roles : tuple of str
            Roles whose ``count(ROLE, s)`` (outside ``sum``) becomes the aggregate symbol
            ``#ROLE=s`` in any formula (used for a player who moves after the role).
        """
        # memoised: the loader, the model and the compiler each ask for the same
        # expression, and building it in sympy is most of a large tree model's load time
        key = (own, aggregate, tuple(count_roles))
        cache: dict[tuple[str | None, bool, tuple[str, ...]], sympy.Expr] = (
            self.__dict__.setdefault("_sympy_cache", {})
        )
        if key not in cache:
            walker = _Walker(self, own=own, aggregate=aggregate)
            walker.count_roles = key[2]
            cache[key] = walker.num(self.tree.body)
        return cache[key]


def _position(written: str, exc: SyntaxError) -> str:
    """`` at line 3, column 12`` of the formula as written (lines as in the file)."""
    lines = written.split("\n")
    try:  # inside brackets newlines are allowed, so the lines keep their numbers
        ast.parse("(" + written + "\n)", mode="eval")
    except SyntaxError as again:
        # the same error found again, not in the added brackets (an unmatched ')' can make
        # the wrapped text fail later; an unclosed '(' is reported at the added one)
        same = again.msg == exc.msg and (again.lineno, again.offset) != (1, 1)
        if same and again.lineno and again.offset and again.lineno <= len(lines):
            col = again.offset - (1 if again.lineno == 1 else 0)
            if len(lines) == 1:
                return f" at column {col}"
            return f" at line {again.lineno}, column {col} of the formula"
    return f" at column {exc.offset}" if exc.offset else ""


def parse_formula(
    text: Any,
    scope: FormulaScope,
    *,
    where: str,
    owner_role: str | None = None,
) -> Formula:
    """Parse and validate a formula; raise :class:`ModelError` on anything not allowed.

    Parameters
    ----------
    text : str
    scope : FormulaScope
    where : str
        ``"<file>: <dotted.field>"``, the prefix of every error message.
    owner_role : str, optional
        The role whose shared payoff this formula is (so ``own`` refers to a member).

    Returns
    -------
    Formula

    Examples
    --------
    >>> parse_formula("__import__('os')", FormulaScope(), where="f.toml: players.X.payoff")
    Traceback (most recent call last):
    ...
    gametheory.errors.ModelError: f.toml: players.X.payoff: calls to '__import__' are not allowed (allowed: abs, count, exp, log, max, min, others, q, sqrt, sum, where)
    """
    _precheck(text, where)
    # formulas may span lines in the TOML file, each line with its own "# comment"
    written = "\n".join(strip_comments(line) for line in text.split("\n"))
    text = " ".join(written.split())
    if not text:
        raise _fail(where, "formula is empty (only a comment)")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise _fail(where, f"not a valid formula{_position(written, exc)}: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise _fail(where, f"not a valid formula: {type(exc).__name__}") from None
    if _tree_depth(tree) > MAX_TREE_DEPTH:
        raise _fail(where, f"formula is nested more than {MAX_TREE_DEPTH} levels deep")
    formula = Formula(text=text, where=where, scope=scope, tree=tree, owner_role=owner_role)
    # Validate fully now, with a representative owner, so every error surfaces at load.
    members = scope.roles[owner_role][0] if owner_role else ()
    formula.to_sympy(own=members[0] if members else None)
    if owner_role:
        formula.to_sympy(own=members[0], aggregate=True)
    check_float_range(formula.to_sympy(own=members[0] if members else None), where)
    return formula


def _size(expr: sympy.Basic) -> int:
    """The number of nodes of ``expr``'s tree."""
    return sum(1 for _ in sympy.preorder_traversal(expr))


def check_float_range(expr: sympy.Expr, where: str) -> None:
    """Refuse a constant of ``expr`` that floating point cannot hold.

    Numbers in a formula are exact, and sympy folds them: ``p * 1e-308 * 1e-308`` has
    the constant 1e-616, which float evaluation reads as 0 (a silent wrong payoff).
    A nonzero constant (or a function of constants, such as ``exp(-800)``) below the
    smallest normal float (``sys.float_info.min``, about 2.2e-308, where precision
    starts to be lost) or above the largest is a :class:`ModelError` naming ``where``.

    Examples
    --------
    >>> p = sympy.Symbol("p")
    >>> check_float_range(p * sympy.Rational("1e-300"), "f.toml: players.A.payoff")
    >>> check_float_range(p * sympy.Rational("1e-308") ** 2, "f.toml: players.A.payoff")
    Traceback (most recent call last):
    ...
    gametheory.errors.ModelError: f.toml: players.A.payoff: the constant 1.0e-616 (the numbers written, combined) is smaller than the smallest normal floating-point number (2.2e-308), so float evaluation reads it as 0 or imprecisely; rescale the formula (measure it in larger units) or make the factor a parameter
    """
    constants: set[sympy.Expr] = set(expr.atoms(sympy.Number))
    constants |= {a for a in expr.atoms(sympy.Function, sympy.Pow) if a.is_number}
    # smallest first: an inner constant out of range is reported before the expression
    # around it is evaluated (exp(exp(exp(10))) would take mpmath a very long time)
    for c in sorted(constants, key=lambda c: (_size(c), sympy.default_sort_key(c))):
        if c == 0:
            continue
        size = abs(sympy.N(c, 15))
        if size.is_finite is not True or not size.is_Number:
            continue  # infinite or undefined constants are refused by check_defined
        shown = mpmath.nstr(mpmath.mpf(size), 3)
        if len(shown) > 24:  # exp(-exp(700)): an exponent of hundreds of digits
            shown = f"{shown[:20]}..."
        if size < sys.float_info.min:
            raise _fail(
                where,
                f"the constant {shown} (the numbers written, combined) "
                f"is smaller than the smallest normal floating-point number "
                f"({sys.float_info.min:.2g}), so float evaluation reads it as 0 or "
                "imprecisely; rescale the formula (measure it in larger units) or make "
                "the factor a parameter",
            )
        if size > sys.float_info.max:
            raise _fail(
                where,
                f"the constant {shown} (the numbers written, combined) "
                f"is larger than the largest floating-point number "
                f"({sys.float_info.max:.2g}); rescale the formula (measure it in smaller "
                "units) or make the factor a parameter",
            )


class _Walker:
    """Turns a validated tree into sympy; every node type not handled here is rejected."""

    def __init__(self, formula: Formula, *, own: str | None, aggregate: bool) -> None:
        self.f = formula
        self.scope = formula.scope
        self.own = own  # player id of "own", or None
        self.own_role = formula.owner_role
        self.aggregate = aggregate
        self.in_sum: str | None = None  # role summed over, when inside sum()
        self.count_roles: tuple[str, ...] = ()

    # ---------------------------------------------------------------- helpers
    def fail(self, node: ast.AST, problem: str) -> ModelError:
        return _fail(self.f.where, problem.replace("{piece}", repr(_snippet(node, self.f.text))))

    def condition(self, node: ast.AST) -> sympy.Basic:
        """``node`` as a truth value; a number in it must be defined (``not log(0)`` is refused)."""
        value = self.visit(node)
        if isinstance(value, sympy.Expr):
            self.check_defined(node, value)
        return self.as_bool(value)

    def as_bool(self, value: Value) -> sympy.Basic:
        if isinstance(value, sympy.Expr):
            return sympy.Ne(value, 0)
        return value

    def as_num(self, value: Value) -> sympy.Expr:
        if value is sympy.true or value is True:
            return sympy.Integer(1)
        if value is sympy.false or value is False:
            return sympy.Integer(0)
        if isinstance(value, sympy.Expr):
            return value
        return sympy.Piecewise((1, value), (0, True))

    def num(self, node: ast.AST) -> sympy.Expr:
        value = self.as_num(self.visit(node))
        self.check_defined(node, value)
        return value

    def check_defined(self, node: ast.AST, value: sympy.Expr) -> None:
        """Refuse a piece that is infinite, undefined or complex for every value."""
        if value.is_number:
            if value.is_finite is False or value.has(sympy.nan, sympy.zoo):
                raise self.fail(
                    node, "{piece} is infinite or undefined (log(0) or division by zero?)"
                )
            if value.is_extended_real is False:
                raise self.fail(
                    node,
                    "{piece} is a complex number (square root or log of a "
                    "negative number?); payoffs must be real",
                )
        elif value.has(*_NOT_A_NUMBER):
            raise self.fail(
                node,
                "{piece} is infinite, undefined or complex (log(0), "
                "division by zero or the square root of a negative number?)",
            )

    def own_player_or_fail(self, node: ast.AST) -> str | None:
        if self.own is None and not (self.aggregate and self.in_sum is None and self.own_role):
            raise self.fail(
                node,
                "{piece} uses 'own', which only exists in a role's payoff or inside sum(ROLE, ...)",
            )
        return self.own

    def own_player(self, node: ast.AST, what: str) -> str:
        """The player 'own' stands for here; fails where 'own' is a role-level symbol."""
        player = self.own_player_or_fail(node)
        if player is None:
            raise self.fail(node, f"{what} needs one player, not a whole role, in {{piece}}")
        return player

    def own_role_or_fail(self, node: ast.AST) -> str:
        """The role 'own' belongs to (the role summed over inside sum(), else the owner)."""
        role = self.in_sum or self.own_role
        if role is None:
            self.own_player_or_fail(node)
            raise self.fail(node, "{piece} uses 'own' outside a role's payoff")
        return role

    # ----------------------------------------------------------------- visit
    def visit(self, node: ast.AST) -> Value:
        method = getattr(self, f"v_{type(node).__name__}", None)
        if method is None:
            raise self.fail(node, f"{_describe(node)} {{piece}} is not allowed in a formula")
        return method(node)

    def v_Constant(self, node: ast.Constant) -> Value:
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            if isinstance(v, str):
                raise self.fail(
                    node,
                    "text {piece} is only allowed as a strategy label, as in "
                    "P == 'strategy' or count(ROLE, 'strategy')",
                )
            raise self.fail(node, "constant {piece} is not allowed in a formula")
        if isinstance(v, int):
            if abs(v) > 10**15:
                raise self.fail(node, "number {piece} is too large")
            return sympy.Integer(v)
        if v != v or v in (float("inf"), float("-inf")) or abs(v) > 1e15:
            raise self.fail(node, "number {piece} is not a finite number of sensible size")
        return sympy.Rational(repr(v))

    def v_Name(self, node: ast.Name) -> Value:
        name = node.id
        sc = self.scope
        if name in sc.scalars:
            return sympy.Symbol(name)
        if name in sc.per_role:
            role = sc.per_role[name]
            if self.in_sum == role:
                return sympy.Symbol(f"{name}.{self.own}")
            if self.own_role != role or self.in_sum is not None:
                raise self.fail(
                    node,
                    f"bare {{piece}} needs a member of role {role!r}: write "
                    f"{name}.INDEX, or use it in that role's payoff or inside "
                    f"sum({role}, ...)",
                )
            if self.aggregate:
                return sympy.Symbol(name)
            return sympy.Symbol(f"{name}.{self.own}")
        if name in sc.per_player:
            player = sc.per_player[name]
            return sympy.Add(
                *[sympy.Symbol(f"{name}.{s}") * indicator(player, s) for s in sc.players[player]]
            )
        if name == "own":
            raise self.fail(node, "'own' must be compared with a strategy, as in own == 'compete'")
        if name in sc.players:
            raise self.fail(
                node,
                "player {piece} must be compared with a strategy, as in "
                f"{name} == '{(list(sc.players[name]) or ['s'])[0]}'",
            )
        if name in sc.roles:
            raise self.fail(node, "role {piece} can only be used in count(), others() or sum()")
        if name in _FUNCTIONS:
            raise self.fail(node, "function {piece} must be called")
        hint = suggest_hint(name, sc.known_names())
        raise self.fail(node, f"unknown name {{piece}}{hint}")

    def v_Attribute(self, node: ast.Attribute) -> Value:
        base = node.value
        sc = self.scope
        if isinstance(base, ast.Name) and (base.id in sc.per_role or base.id in sc.per_player):
            entries = list(sc.entries(base.id))
            if node.attr not in entries:
                hint = suggest_hint(node.attr, entries)
                raise self.fail(node, f"{{piece}}: {base.id!r} has no entry {node.attr!r}{hint}")
            return sympy.Symbol(f"{base.id}.{node.attr}")
        raise self.fail(
            node,
            "attribute access {piece} is not allowed (only GROUP.INDEX of an indexed parameter)",
        )

    def v_BinOp(self, node: ast.BinOp) -> Value:
        op = type(node.op)
        if op is ast.Pow:
            exponent = _literal_number(node.right)
            if exponent is None:
                raise self.fail(node, "exponent in {piece} must be a number written in the formula")
            if abs(exponent) > MAX_EXPONENT:
                raise self.fail(node, f"exponent in {{piece}} is larger than {MAX_EXPONENT}")
            base = self.num(node.left)
            power = (
                sympy.Rational(repr(exponent))
                if isinstance(exponent, float)
                else sympy.Integer(exponent)
            )
            self.check_power(node, base, power)
            result = sympy.Pow(base, power)
            self.check_compound(node, result)
            return result
        left, right = self.num(node.left), self.num(node.right)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            if right == 0:
                raise self.fail(node, "{piece} divides by zero")
            return left / right
        raise self.fail(
            node, f"operator {type(node.op).__name__} in {{piece}} is not allowed (use + - * / **)"
        )

    def check_power(self, node: ast.AST, base: sympy.Expr, power: sympy.Rational) -> None:
        """Refuse a number raised to a power before sympy computes it exactly.

        ``(((999999999999999 ** 10) ** 10) ** 10)`` would be an integer of 10^16
        digits; past :data:`MAX_CONSTANT_BITS` the formula is refused instead.
        """
        if isinstance(base, sympy.Rational) and base != 0:
            bits = (abs(int(base.p)).bit_length() + int(base.q).bit_length()) * abs(power)
            if bits > MAX_CONSTANT_BITS:
                raise self.fail(
                    node,
                    f"{{piece}} computes a number of about {int(bits):,} "
                    f"bits, more than the {MAX_CONSTANT_BITS:,} allowed "
                    "(it could not be a payoff); make it a parameter",
                )

    def check_compound(self, node: ast.AST, result: sympy.Expr) -> None:
        """Refuse nested powers whose combined exponent passes :data:`MAX_COMPOUND_EXPONENT`."""
        for term in [result, *result.atoms(sympy.Pow)]:
            if (
                isinstance(term, sympy.Pow)
                and term.exp.is_Number
                and abs(term.exp) > MAX_COMPOUND_EXPONENT
            ):
                raise self.fail(
                    node,
                    f"nested powers in {{piece}} raise a term to the power "
                    f"{term.exp}, more than the {MAX_COMPOUND_EXPONENT:,} "
                    "allowed",
                )

    def v_UnaryOp(self, node: ast.UnaryOp) -> Value:
        if isinstance(node.op, ast.USub):
            return -self.num(node.operand)
        if isinstance(node.op, ast.UAdd):
            return self.num(node.operand)
        if isinstance(node.op, ast.Not):
            return sympy.Not(self.condition(node.operand))
        raise self.fail(node, "operator {piece} is not allowed")

    def v_BoolOp(self, node: ast.BoolOp) -> Value:
        parts = [self.condition(v) for v in node.values]
        return sympy.And(*parts) if isinstance(node.op, ast.And) else sympy.Or(*parts)

    def v_IfExp(self, node: ast.IfExp) -> Value:
        cond = self.condition(node.test)
        return sympy.Piecewise((self.num(node.body), cond), (self.num(node.orelse), True))

    def strategy_test(self, node: ast.Compare) -> Value | None:
        """``P == 's'`` or ``own != 's'``; None when the comparison is numeric."""
        left, right = node.left, node.comparators[0]
        if not (isinstance(right, ast.Constant) and isinstance(right.value, str)):
            if isinstance(left, ast.Constant) and isinstance(left.value, str):
                raise self.fail(node, "write the player first, as in P == 'strategy', in {piece}")
            return None
        if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
            raise self.fail(node, "a strategy can only be tested with == or != in {piece}")
        label = right.value
        if not isinstance(left, ast.Name):
            raise self.fail(
                node, "only a player id or 'own' can be compared with a strategy label in {piece}"
            )
        if left.id == "own":
            role = self.own_role_or_fail(node)
            strategies = list(self.scope.roles[role][1])
            if label not in strategies:
                raise self.fail(
                    node,
                    f"{{piece}}: role {role!r} has no strategy {label!r} "
                    f"(it has {', '.join(strategies)})",
                )
            if self.aggregate and self.in_sum is None:
                value = own_symbol(label)
            else:
                value = indicator(self.own_player(node, f"own == {label!r}"), label)
        elif left.id in self.scope.players:
            strategies = list(self.scope.players[left.id])
            if label not in strategies:
                hint = suggest_hint(label, strategies)
                raise self.fail(
                    node, f"{{piece}}: player {left.id!r} has no strategy {label!r}{hint}"
                )
            value = indicator(left.id, label)
        else:
            raise self.fail(
                node,
                "{piece} compares a strategy label with something that is not a player id or 'own'",
            )
        return value if isinstance(node.ops[0], ast.Eq) else 1 - value

    def choice_test(self, node: ast.Compare) -> Value | None:
        """``A == B`` / ``A != B``: two players' choices (by number for numeric sets)."""
        left, right = node.left, node.comparators[0]
        players = self.scope.players
        if not (
            len(node.ops) == 1
            and isinstance(left, ast.Name)
            and isinstance(right, ast.Name)
            and {left.id, right.id} <= set(players)
        ):
            return None
        if not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
            raise self.fail(
                node,
                "players' choices are compared with == or != in {piece}; "
                "compare numbers with q(), as in q(A) < q(B)",
            )
        a, b = list(players[left.id]), list(players[right.id])
        na, nb = numeric_values(a), numeric_values(b)
        if (na is None) != (nb is None):
            raise self.fail(node, "{piece} compares a numeric strategy set with a named one")
        same = sympy.Integer(0)
        for i, s in enumerate(a):
            for j, t in enumerate(b):
                if (na[i] == nb[j]) if na is not None and nb is not None else (s == t):
                    same += indicator(left.id, s) * indicator(right.id, t)
        return same if isinstance(node.ops[0], ast.Eq) else 1 - same

    def v_Compare(self, node: ast.Compare) -> Value:
        test = self.strategy_test(node)
        if test is not None:
            return test
        test = self.choice_test(node)
        if test is not None:
            return test
        ops = {
            ast.Lt: sympy.Lt,
            ast.LtE: sympy.Le,
            ast.Gt: sympy.Gt,
            ast.GtE: sympy.Ge,
            ast.Eq: sympy.Eq,
            ast.NotEq: sympy.Ne,
        }
        terms = [self.num(node.left)]
        for comp in node.comparators:
            if isinstance(comp, ast.Constant) and isinstance(comp.value, str):
                raise self.fail(
                    node,
                    "a strategy label can only be compared with one player, "
                    "not in a chain, in {piece}",
                )
            terms.append(self.num(comp))
        parts = []
        for k, op in enumerate(node.ops):
            if type(op) not in ops:
                raise self.fail(node, f"comparison {type(op).__name__} in {{piece}} is not allowed")
            parts.append(ops[type(op)](terms[k], terms[k + 1]))
        return sympy.And(*parts)

    def v_Call(self, node: ast.Call) -> Value:
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
            name = (
                node.func.id
                if isinstance(node.func, ast.Name)
                else _snippet(node.func, self.f.text)
            )
            # no {piece} to fill in: the name itself may contain one ("'{piece}'.join(...)")
            raise _fail(
                self.f.where,
                f"calls to {name!r} are not allowed (allowed: {', '.join(sorted(_FUNCTIONS))})",
            )
        if node.keywords:
            raise self.fail(node, "keyword arguments are not allowed in {piece}")
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(node, "starred arguments are not allowed in {piece}")
        name, args = node.func.id, node.args
        if name in _ONE_ARG:
            if len(args) != 1:
                raise self.fail(node, f"{name}() takes exactly one argument in {{piece}}")
            return _ONE_ARG[name](self.num(args[0]))
        if name in ("min", "max"):
            if not args:
                raise self.fail(node, f"{name}() needs at least one argument in {{piece}}")
            values = [self.num(a) for a in args]
            return (sympy.Min if name == "min" else sympy.Max)(*values)
        if name == "q":
            return self.chosen_number(node, args)
        if name == "where":
            if len(args) != 3:
                raise self.fail(node, "where() takes (condition, if_true, if_false) in {piece}")
            cond = self.condition(args[0])
            return sympy.Piecewise((self.num(args[1]), cond), (self.num(args[2]), True))
        return self.role_function(node, name, args)

    def chosen_number(self, node: ast.Call, args: list[ast.expr]) -> sympy.Expr:
        """``q(A)``: the number player A chooses (a numeric strategy set)."""
        if len(args) != 1 or not isinstance(args[0], ast.Name):
            raise self.fail(node, "q() takes one player id, as in q(A), in {piece}")
        name = args[0].id
        if name == "own":
            player = self.own_player(node, "q(own)")
        elif name in self.scope.players:
            player = name
        else:
            raise self.fail(
                node,
                f"q() takes a player id, got {name!r}"
                f"{suggest_hint(name, list(self.scope.players))} in {{piece}}",
            )
        labels = list(self.scope.players[player])
        numbers = numeric_values(labels)
        if numbers is None:
            raise self.fail(
                node,
                f"{{piece}}: player {player!r} chooses among named strategies "
                "(declare numbers as strategies = {from = 0, to = 12, "
                "step = 1})",
            )
        return sympy.Add(
            *[
                sympy.Rational(repr(v)) * indicator(player, s)
                for v, s in zip(numbers, labels, strict=True)
            ]
        )

    def role_function(self, node: ast.Call, name: str, args: list[ast.expr]) -> Value:
        if len(args) != 2:
            second = "expression" if name == "sum" else "'strategy'"
            raise self.fail(node, f"{name}() takes (ROLE, {second}) in {{piece}}")
        if not (isinstance(args[0], ast.Name) and args[0].id in self.scope.roles):
            raise self.fail(
                node,
                f"the first argument of {name}() must be a role id "
                f"({', '.join(self.scope.roles) or 'this model has none'}) in {{piece}}",
            )
        role = args[0].id
        members, strategies = self.scope.roles[role]
        if name == "sum":
            if self.in_sum is not None:
                raise self.fail(node, "sum() cannot be nested in another sum(), in {piece}")
            size = sum(1 for _ in ast.walk(args[1])) * len(members)
            if size > MAX_EXPANDED_NODES:
                raise self.fail(
                    node,
                    f"{{piece}} expands to about {size:,} terms over the "
                    f"{len(members):,} members of {role!r}, more than the "
                    f"{MAX_EXPANDED_NODES:,} allowed; use count({role}, ...) "
                    "or a shorter summand",
                )
            saved = (self.own, self.in_sum)
            terms = []
            try:
                for m in members:
                    self.own, self.in_sum = m, role
                    terms.append(self.num(args[1]))
            finally:
                self.own, self.in_sum = saved
            return sympy.Add(*terms)
        label_node = args[1]
        if not (isinstance(label_node, ast.Constant) and isinstance(label_node.value, str)):
            raise self.fail(
                node,
                f"the second argument of {name}() must be a strategy label in quotes, in {{piece}}",
            )
        label = label_node.value
        if label not in strategies:
            raise self.fail(
                node,
                f"{{piece}}: role {role!r} has no strategy {label!r} "
                f"(it has {', '.join(strategies)})",
            )
        if name == "others":
            if self.in_sum is not None or self.own_role != role:
                raise self.fail(
                    node,
                    f"others({role}, ...) only makes sense in the payoff of "
                    f"role {role!r}, in {{piece}}",
                )
        if name == "count" and self.in_sum is None and role in self.count_roles:
            return count_symbol(role, label)
        if self.aggregate and self.in_sum is None and self.own_role == role:
            total = count_symbol(role, label)
            return total - own_symbol(label) if name == "others" else total
        skip = self.own if name == "others" else None
        return sympy.Add(*[indicator(m, label) for m in members if m != skip])


def _literal_number(node: ast.AST) -> int | float | None:
    sign = 1
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        if isinstance(node.op, ast.USub):
            sign = -sign
        node = node.operand
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    ):
        return sign * node.value
    return None


_DESCRIPTIONS = {
    "Subscript": "subscript",
    "Lambda": "lambda",
    "ListComp": "comprehension",
    "SetComp": "comprehension",
    "DictComp": "comprehension",
    "GeneratorExp": "generator",
    "JoinedStr": "f-string",
    "FormattedValue": "f-string",
    "NamedExpr": "assignment (:=)",
    "List": "list",
    "Tuple": "tuple",
    "Dict": "dict",
    "Set": "set",
    "Starred": "starred argument",
    "Await": "await",
    "Yield": "yield",
    "YieldFrom": "yield",
    "Slice": "slice",
}


def _describe(node: ast.AST) -> str:
    return _DESCRIPTIONS.get(type(node).__name__, type(node).__name__)
