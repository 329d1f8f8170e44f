"""Hostile and extreme inputs, in process: the message a user sees for each class of
refusal, and the right answer where there is one (see also tests/fuzz/)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.budget import BudgetError, check_budget, polytope_vertex_bound
from gametheory.errors import GameFileError, InvalidGameError, ModelError
from gametheory.io.atomic import atomic_directory, atomic_write_text
from gametheory.io.safe_read import read_input
from gametheory.models import parse_model_text
from gametheory.models.expr import FormulaScope, parse_formula, strip_comments
from gametheory.report.escape import md_code, md_code_block, md_text, tex_comment
from gametheory.solvers import enumerate_equilibria

ROOT = Path(__file__).resolve().parents[1]
SCOPE = FormulaScope(scalars=("p",), players={"A": ("x", "y"), "B": ("x", "y")})

MODEL = '''format = 1

[model]
id = "m"
title = "T"

[players.A]
payoff = """{pa}"""
[players.A.strategies]
x = "x"
y = "y"

[players.B]
payoff = "p * (B == 'x')"
[players.B.strategies]
x = "x"
y = "y"

[parameters.p]
value = 0.5
low = 0
high = 1
unit = "u"
meaning = "m"
judgement = "j"
'''


def model(pa: str):
    return parse_model_text(MODEL.format(pa=pa), source="m.toml")


# ----------------------------------------------------------------- formulas
def test_a_comment_ends_at_its_own_line():
    m = model("p # the base rate\n + 1000 * (A == 'x')")
    g = m.game()
    assert g.payoff({"A": "x", "B": "x"})["A"] == 1000.5
    assert g.payoff({"A": "y", "B": "x"})["A"] == 0.5
    assert strip_comments("(A == 'x#1') # c") == "(A == 'x#1') "


@pytest.mark.parametrize(
    "formula, message",
    [
        ("(((999999999999999 ** 10) ** 10) ** 10) * p", "bits, more than the 2,048 allowed"),
        ("((((((0.999999 ** 10) ** 10) ** 10) ** 10) ** 10) ** 10) * p", "more than the 2,048"),
        ("(((((p ** 10) ** 10) ** 10) ** 10) ** 10) * (A == 'x')", "more than the 10,000 allowed"),
        ("sqrt(-1) * p", "'sqrt(-1)' is a complex number"),
        ("log(-1) * p", "'log(-1)' is a complex number"),
        ("log(0) * p", "'log(0)' is infinite or undefined"),
        ("0 ** -1 * p", "'0 ** -1' is infinite or undefined"),
        ("# only a comment", "formula is empty (only a comment)"),
    ],
)
def test_formulas_refused_at_load_name_the_piece(formula, message):
    with pytest.raises(ModelError, match="^m.toml:8: players.A.payoff: ") as info:
        model(formula)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_undefined_at_the_parameter_value_names_player_profile_and_values():
    m = model("1 / (p - 0.5) * (A == 'x') + p")
    with pytest.raises(
        ModelError,
        match=r"^m: A's payoff is infinite at profile A=x, "
        r"B=x with p=0.5: ",
    ):
        m.game()
    with pytest.raises(
        ModelError,
        match=r"A's payoff is infinite or undefined \(zoo\) at "
        r"profile A=x, B=x",
    ):
        m.game(exact=True)
    assert m.with_params(p=0.25).game().payoff({"A": "x", "B": "x"})["A"] == -3.75


def test_sqrt_of_a_negative_value_is_not_truncated_to_its_real_part():
    m = model("sqrt(p - 1) * (A == 'x') + p")
    with pytest.raises(ModelError, match=r"undefined or complex \(NaN\) at profile A=x, B=x"):
        m.game()
    with pytest.raises(ModelError, match="is complex"):
        m.game(exact=True)
    parse_formula("sqrt(p) + log(p + 1)", SCOPE, where="ok")  # fine where defined


# ------------------------------------------------------------------ budgets
def _wide_model(players: int, strategies: int) -> str:
    lines = ["format = 1", "", "[model]", 'id = "w"', 'title = "T"', ""]
    for i in range(players):
        lines += [
            f"[players.P{i}]",
            f"payoff = \"p * (P{i} == 's0')\"",
            f"[players.P{i}.strategies]",
            *[f's{k} = "x"' for k in range(strategies)],
            "",
        ]
    lines += [
        "[parameters.p]",
        "value = 0.5",
        "low = 0",
        "high = 1",
        'unit = "u"',
        'meaning = "m"',
        'judgement = "j"',
    ]
    return "\n".join(lines) + "\n"


def test_model_tables_are_refused_before_anything_is_built(monkeypatch):
    m = parse_model_text(_wide_model(20, 10), source="w.toml")

    def never(*args, **kwargs):
        raise AssertionError("payoffs evaluated before the budget check")

    monkeypatch.setattr(type(m.compiled), "payoffs", never)
    with pytest.raises(
        BudgetError,
        match=r"^w: the 20-player \(10 strategies each\) "
        r"payoff table needs about 10\^21 cells",
    ):
        m.game()
    with pytest.raises(BudgetError, match="more than the limit of 1,000"):
        m.game(max_profiles=1000)
    with pytest.raises(BudgetError, match="limit of 20,000,000"):
        m.evaluator()


def test_fixing_players_builds_only_the_restricted_table():
    m = parse_model_text(_wide_model(4, 3), source="w.toml")
    fixed = m.game(fix={"P0": "s1", "P1": ["s0", "s2"]})
    assert fixed.shape == (1, 2, 3, 3)
    assert fixed == m.game().restrict({"P0": "s1", "P1": ["s0", "s2"]})


def test_enumeration_budget_names_size_limit_and_remedy():
    rng = np.random.default_rng(0)
    g = NormalFormGame.from_bimatrix(rng.random((25, 25)), rng.random((25, 25)))
    with pytest.raises(
        BudgetError,
        match=r"enumeration of this 25x25 game needs .* polytope "
        r"vertices \(bound\), more than the limit of "
        r"13,000,000; use method 'lemke-howson'",
    ):
        enumerate_equilibria(g)
    small = NormalFormGame.from_bimatrix(rng.random((3, 3)), rng.random((3, 3)))
    assert len(enumerate_equilibria(small, max_vertices=polytope_vertex_bound(3, 3))) >= 1
    with pytest.raises(BudgetError):
        enumerate_equilibria(small, max_vertices=10)
    with pytest.raises(InvalidGameError, match="max_vertices must be a positive integer"):
        enumerate_equilibria(small, max_vertices=0)


def test_budget_message():
    with pytest.raises(BudgetError, match="^x needs 11 cells, more than the limit of 10; do y$"):
        check_budget("x", 11, 10, advice="do y")
    check_budget("x", 10, 10, advice="do y")


# -------------------------------------------------------------------- files
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_non_regular_files_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "g.nfg"
    os.mkfifo(fifo)
    with pytest.raises(GameFileError, match=r"g.nfg: is a named pipe \(FIFO\), expected a game"):
        read_input(fifo, max_bytes=100, what="game file")
    link = tmp_path / "z.toml"
    link.symlink_to("/dev/zero")
    with pytest.raises(ModelError, match="is a character device"):
        read_input(link, max_bytes=100, what="model", error=ModelError)


def test_the_size_cap_holds_while_reading(tmp_path):
    p = tmp_path / "g.nfg"
    p.write_bytes(b"x" * 101)
    assert read_input(p, max_bytes=101, what="game file") == b"x" * 101
    with pytest.raises(GameFileError, match="larger than the 100 bytes allowed"):
        read_input(p, max_bytes=100, what="game file")


def test_a_missing_output_folder_is_an_error_not_created(tmp_path):
    with pytest.raises(FileNotFoundError, match="output's folder does not exist"):
        atomic_write_text(tmp_path / "missing" / "x.csv", "a")
    assert not (tmp_path / "missing").exists()


def test_a_set_of_outputs_is_all_new_or_unchanged(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (out / name).write_text("old")
    real = os.replace
    failed = []

    def flaky(src, dst):  # the new c.txt cannot be moved in (once)
        if Path(dst) == out / "c.txt" and not failed:
            failed.append(dst)
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OSError, match="No space left"), atomic_directory(out) as tmp:
        for name in ("a.txt", "b.txt", "c.txt"):
            (tmp / name).write_text("new")
    monkeypatch.setattr(os, "replace", real)
    assert {p.name: p.read_text() for p in out.iterdir()} == {
        "a.txt": "old",
        "b.txt": "old",
        "c.txt": "old",
    }
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folders left


# ----------------------------------------------------------------- escaping
def test_markdown_and_latex_escaping():
    assert "<img" not in md_text("<img src=x onerror=alert(1)>")
    import re

    live_link = re.compile(r"(?<!\\)\]\(")  # "](" not escaped: a link or an image
    assert not live_link.search(md_text("![t](http://evil/x.png)"))
    assert not live_link.search(md_text("[a](b)")) and live_link.search("[a](b)")
    code = md_code("/tmp/a\n```\n<b>")
    assert "\n" not in code and code.startswith("````")
    block = md_code_block("x\n````\ny", language="bash")
    assert block[0] == "`````bash" and block[-1] == "`````"
    assert tex_comment("x\n\\input{/etc/passwd}") == "% x \\input{/etc/passwd}"


# ----------------------------------------------------------- dynamics, chunks
def test_dynamics_refuse_bad_seeds_and_endless_times():
    from gametheory.dynamics import run_dynamics

    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(InvalidGameError, match="rng must be a seed >= 0"):
        run_dynamics(pd, "fictitious-play", steps=5, rng=-1)
    with pytest.raises(InvalidGameError, match="use t_max <= 2e"):
        run_dynamics(pd, "replicator", steps=5, t_max=1e308)
    assert len(run_dynamics(pd, "replicator", steps=5, t_max=1e3)) == 6


def test_damaged_chunks_are_evaluated_again_and_a_damaged_manifest_is_explained(tmp_path):
    from gametheory.models import load_model
    from gametheory.sensitivity import (
        ParameterSpace,
        SensitivityError,
        evaluate_samples,
        monte_carlo_samples,
    )

    m = load_model(ROOT / "models" / "us_china.toml")
    design = monte_carlo_samples(ParameterSpace.from_model(m), 64, rng=0)
    store = tmp_path / "run"
    first = evaluate_samples(m, design, workers=1, chunk_size=32, store=store)
    chunk = store / "chunk-000001.npz"
    chunk.write_bytes(chunk.read_bytes()[:40])  # truncated mid-archive
    again = evaluate_samples(m, design, workers=1, chunk_size=32, store=store)
    assert (again.labels == first.labels).all()
    (store / "manifest.json").write_text("[]")
    with pytest.raises(SensitivityError, match="damaged manifest .*delete the folder"):
        evaluate_samples(m, design, workers=1, chunk_size=32, store=store)


def test_model_evaluations_do_not_depend_on_the_payoff_scale():
    text = MODEL.replace("p * (B == 'x')", "p * (B == 'x') * (A == 'x') + 0.3 * p * (B == 'y')")
    m = parse_model_text(
        text.format(pa="p * (A == 'x') * (B == 'x') + 0.7 * p * (A == 'y')"), source="m.toml"
    )
    ev = m.evaluator()
    values = np.array([[0.5], [0.5e-12], [1e-300]])
    out = ev(values)
    assert out.n_equilibria.tolist() == [2, 2, 2]
    assert len(set(out.labels())) == 1
    assert (
        m.with_params(p=1e-12).solve(method="pure").equilibria[0].pure_profile()
        == m.solve(method="pure").equilibria[0].pure_profile()
    )


def test_an_oversized_nfg_game_is_refused_from_its_header(monkeypatch):
    from gametheory.io import nfg

    text = 'NFG 1 R "big" { "A" "B" } { 2000 2000 }\n' + "1 " * 200_000
    seen = []
    real = nfg._Parser._lex

    def spy(self, t):
        seen.append(len(t))
        return real(self, t)

    monkeypatch.setattr(nfg._Parser, "_lex", spy)
    with pytest.raises(
        GameFileError,
        match=r"8,000,000 payoffs \(2000 x 2000 profiles x 2 "
        r"players\), more than the 1,000,000",
    ):
        nfg.parse_nfg(text)
    assert seen == [nfg._HEADER_SCAN]  # the body was never lexed
