"""Fuzzing the formula parser, the .nfg reader and the TOML loader with hypothesis.

Each batch of generated inputs runs in one subprocess capped in CPU time and address
space (``resource.setrlimit``, see ``conftest.py``), with a per-case alarm. The
assertion is the issue's: every input gives a clear one-line error or a correct
result (a verified equilibrium set); never a hang, a memory blow-up, a traceback or
an internal error. Example counts are bounded so the suite stays within CI's time
budget (a few batches of a few dozen cases each).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.skipif(
    not hasattr(__import__("os"), "fork"), reason="resource limits need a POSIX system"
)

FUZZ = settings(
    max_examples=3, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)

# ----------------------------------------------------------------- formulas
NUMBERS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(
        [
            "0",
            "1",
            "0.5",
            "1e308",
            "1e-308",
            "999999999999999",
            "0.999999",
            "1e400",
            "-0",
            "1_000",
            "0x10",
            "1j",
            "nan",
            "inf",
        ]
    ),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
ATOMS = st.one_of(
    NUMBERS,
    st.sampled_from(
        ["p", "q", "A == 'x'", "B != 'y'", "own", "A", "r", "__import__", "'x'", "p.q", "count"]
    ),
)
UNARY = ["sqrt", "log", "exp", "abs", "-", "not "]
BINARY = [" + ", " - ", " * ", " / ", " ** ", " ** 10 ** ", " < ", " == ", " and ", " or ", " % "]


def _combine(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.tuples(st.sampled_from(UNARY), children).map(
            lambda t: f"{t[0]}({t[1]})" if t[0][0].isalpha() and t[0] != "not " else f"{t[0]}{t[1]}"
        ),
        st.tuples(children, st.sampled_from(BINARY), children).map(
            lambda t: f"({t[0]}{t[1]}{t[2]})"
        ),
        st.tuples(children, children).map(lambda t: f"max({t[0]}, {t[1]})"),
        st.tuples(children, children, children).map(lambda t: f"where({t[0]}, {t[1]}, {t[2]})"),
        st.tuples(children, st.sampled_from(["  # note\n", "\n", "#", " # '\n "]), children).map(
            lambda t: f"{t[0]}{t[1]}+ {t[2]}"
        ),
    )


FORMULAS = st.one_of(
    st.recursive(ATOMS, _combine, max_leaves=12),
    st.text(alphabet="pq()+-*/ .#'\"\n0123456789eAB=<>", max_size=80),
)


@FUZZ
@given(st.lists(FORMULAS, min_size=40, max_size=40))
def test_formula_parser(batch, formulas):
    batch("formula", formulas)


# ----------------------------------------------------------------- .nfg files
def _nfg(shape, numbers, form):
    players = " ".join(f'"P{i}"' for i in range(len(shape)))
    if form == "count":
        strategies = "{ " + " ".join(map(str, shape)) + " }"
    else:
        strategies = (
            "{ "
            + " ".join("{ " + " ".join(f'"s{k}"' for k in range(n)) + " }" for n in shape)
            + " }"
        )
    return f'NFG 1 R "fuzz" {{ {players} }} {strategies}\n' + " ".join(numbers)


NFG_NUMBERS = st.one_of(
    st.integers(-5, 5).map(str),
    st.sampled_from(
        [
            "1e-300",
            "-1e-300",
            "1e300",
            "1e-9",
            "-1e-9",
            "2e-9",
            "3/4",
            "0.1",
            "1e12",
            "-1e12",
            "1e-400",
        ]
    ),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
)
BAD_TOKENS = st.sampled_from(["1/0", "1e999", "nan", "x", "{", "}", '"', "1" * 500, "\x00"])


@st.composite
def nfg_texts(draw):
    shape = draw(st.lists(st.integers(0, 4), min_size=1, max_size=3))
    cells = math.prod(shape) * len(shape)
    count = draw(st.sampled_from([cells, cells, cells, cells + 1, max(cells - 1, 0)]))
    numbers = draw(st.lists(NFG_NUMBERS, min_size=count, max_size=count))
    if numbers and draw(st.integers(0, 3)) == 0:
        numbers[draw(st.integers(0, len(numbers) - 1))] = draw(BAD_TOKENS)
    text = _nfg(shape, numbers, draw(st.sampled_from(["count", "labels"])))
    if draw(st.integers(0, 5)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text


HUGE_HEADERS = st.sampled_from(
    [
        'NFG 1 R "big" { "A" "B" } { 100000 100000 }\n1 2 3',
        'NFG 1 R "big" { "A" "B" "C" } { 1000 1000 1000 }\n',
        'NFG 1 R "big" { "A" "B" } { 1000 1000 }\n' + "1 " * 2000,
        'NFG 1 R "big" { "A" } { 99999999999999999999 }',
        'NFG 1 R "deep" { "A" "B" } { 2 2 } { ' * 50,
    ]
)


@FUZZ
@given(st.lists(st.one_of(nfg_texts(), HUGE_HEADERS), min_size=40, max_size=40))
def test_nfg_reader(batch, texts):
    batch("nfg", texts)


# ----------------------------------------------------------------- TOML models
MODEL = '''format = 1

[model]
id = "fuzz"
title = "{title}"

[players.A]
payoff = """{pa}"""
[players.A.strategies]
x = "x"
y = "y"

[players.B]
payoff = "{pb}"
[players.B.strategies]
x = "x"
y = "y"

[parameters.p]
value = {value}
low = {low}
high = 1e300
unit = "u"
meaning = "m"
judgement = "j"

[parameters.q]
value = 0.5
low = 0
high = 1
unit = "u"
meaning = "m"
judgement = "j"
'''
SAFE_FORMULA = st.recursive(
    st.sampled_from(["p", "q", "(A == 'x')", "(B == 'y')", "1", "0.5", "1e-9", "1e300"]),
    _combine,
    max_leaves=8,
).filter(lambda s: '"' not in s and "\\" not in s)


@st.composite
def model_texts(draw):
    text = MODEL.format(
        title=draw(
            st.sampled_from(["T", "\\\\input{/etc/passwd}", "<img onerror=x>", "![t](http://x)"])
        ),
        pa=draw(SAFE_FORMULA).replace('"""', "") + " + (p + q) * (A == 'y')",
        pb=draw(SAFE_FORMULA).replace("\n", " ").replace("#", "") + " + p * q * (B == 'x')",
        value=draw(st.sampled_from(["0.5", "0", "1e-300", "1e300", "-1"])),
        low=draw(st.sampled_from(["0", "-1e300", "1"])),
    )
    mutation = draw(st.sampled_from(["none", "none", "cut", "byte"]))
    if mutation == "cut":
        return text[: draw(st.integers(0, len(text)))]
    if mutation == "byte":
        k = draw(st.integers(0, len(text) - 1))
        return (
            text[:k]
            + draw(st.sampled_from(["[", "\x00", "=", '"', "\n[players.C]\n", "\ufffd"]))
            + text[k + 1 :]
        )
    return text


@FUZZ
@given(st.lists(model_texts(), min_size=30, max_size=30))
def test_toml_loader(batch, texts):
    results = batch("toml", texts)
    assert any(o == "ok" for _, o, _ in results) or any(o == "error" for _, o, _ in results)


# ----------------------------------------------------------------- .efg trees
@st.composite
def efg_texts(draw):
    """Small trees of decision, chance and terminal nodes, with hostile numbers."""
    lines = ['EFG 2 R "fuzz" { "A" "B" }', '""', ""]
    outcome = [0]

    def node(depth):
        kind = draw(st.sampled_from(["t", "t", "p", "c"])) if depth < 4 else "t"
        if kind == "t":
            outcome[0] += 1
            pays = draw(st.lists(NFG_NUMBERS, min_size=2, max_size=2))
            if draw(st.integers(0, 9)) == 0:
                pays[0] = draw(BAD_TOKENS)
            lines.append(f't "" {outcome[0]} "" {{ {", ".join(pays)} }}')
            return
        k = draw(st.integers(1, 3))
        if kind == "p":
            player = draw(st.integers(1, 2))
            infoset = draw(st.integers(1, 3))  # shared numbers: information sets, recall
            acts = " ".join(f'"a{j}"' for j in range(k))
            lines.append(f'p "" {player} {infoset} "" {{ {acts} }} 0')
        else:
            probs = draw(
                st.lists(
                    st.sampled_from(["1/2", "1/3", "1/4", "0", "1", "0.5", "-1", "nan"]),
                    min_size=k,
                    max_size=k,
                )
            )
            moves = " ".join(f'"c{j}" {p}' for j, p in enumerate(probs))
            lines.append(f'c "" {draw(st.integers(1, 2))} "" {{ {moves} }} 0')
        for _ in range(k):
            node(depth + 1)

    node(0)
    text = "\n".join(lines) + "\n"
    if draw(st.integers(0, 7)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text


HUGE_TREES = st.sampled_from(
    [
        'EFG 2 R "deep" { "A" "B" }\n""\n' + 'p "" 1 1 "" { "a" "b" } 0\n' * 3000,
        'EFG 2 R "x" { "A" "B" }\n""\n' + 'c "" 1 "" { "a" 1/2 "b" 1/2 } 0\n' * 40,
        'EFG 2 R "x" { ' + '"P" ' * 5000 + "}\n",
        'EFG 2 R "x" { "A" "B" }\n""\np "" 1 99999999999999999999 "" { "a" } 0\nt "" 1 "" { 1, 2 }\n',
    ]
)


@FUZZ
@given(st.lists(st.one_of(efg_texts(), HUGE_TREES), min_size=30, max_size=30))
def test_efg_reader(batch, texts):
    batch("efg", texts)
