"""The hostile-input corpus (tests/data/hostile/ and inputs built here that git cannot
store, such as a FIFO): every one gives a one-line error or a right answer, within
the caps on CPU time and address space, and never exit 70 or a traceback.

All command lines run in ONE capped subprocess (``_cli_worker.py``), so the corpus
costs one interpreter start; each case is then checked on its own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from _efg import chain
from conftest import run_capped

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "hostile"
WORKER = Path(__file__).with_name("_cli_worker.py")


def h(name: str) -> str:
    return str(HOSTILE / name)


def _json(text: str) -> dict:
    return json.loads(text)


def _profiles(out: str) -> set:
    return {
        tuple(tuple(v.values()) for v in e["profile"].values()) for e in _json(out)["equilibria"]
    }


HALF = {((0.5, 0.5), (0.5, 0.5))}

# id -> (argv, expected exit status, text the one line of stderr must contain, or a
# check of stdout for a right answer)
CASES: dict[str, tuple] = {
    "big power is refused at load": (
        ["validate", h("big_power.toml"), "--no-quotes"],
        1,
        "bits, more than the 2,048 allowed",
    ),
    "nested rational power": (
        ["solve", h("nested_rational.toml")],
        1,
        "more than the 2,048 allowed",
    ),
    "nested symbolic power": (
        ["solve", h("nested_symbolic_power.toml")],
        1,
        "more than the 10,000 allowed",
    ),
    "nested powers solve": (
        ["solve", h("nested_powers.toml"), "--json"],
        0,
        lambda out: _profiles(out) == {((0, 1), (1, 0)), ((0, 1), (0, 1))},
    ),
    "nested powers thresholds: bisected, and said so": (
        ["thresholds", h("nested_powers.toml"), "--steps", "5"],
        0,
        "their ties are bisected, not solved",
    ),
    "hash comment ends at its line": (
        ["solve", h("hash_comment.toml"), "--json"],
        0,
        lambda out: all(e["payoffs"]["A"] == 1000.5 for e in _json(out)["equilibria"]),
    ),
    "only a comment": (["solve", h("only_comment.toml")], 1, "formula is empty (only a comment)"),
    "sqrt(-1)": (["solve", h("sqrt_negative.toml")], 1, "'sqrt(-1)' is a complex number"),
    "log(0)": (["solve", h("log_zero.toml")], 1, "'log(0)' is infinite or undefined"),
    "0**-1": (["solve", h("zero_power_minus_one.toml")], 1, "infinite or undefined"),
    "division by zero at the parameter value": (
        ["solve", h("divide_at_parameter.toml")],
        1,
        "A's payoff is infinite at profile A=x, B=x with p=0.5",
    ),
    "division by zero, exact": (
        ["solve", h("divide_at_parameter.toml"), "--exact"],
        1,
        "A's payoff is infinite or undefined (zoo) at profile A=x, B=x",
    ),
    "square root of a negative value": (
        ["solve", h("sqrt_at_parameter.toml")],
        1,
        "undefined or complex (NaN) at profile",
    ),
    "exp tower": (
        ["solve", h("exp_tower.toml")],
        1,
        "is larger than the largest floating-point number",
    ),
    "20 players x 10 strategies": (
        ["solve", h("players_20x10.toml")],
        1,
        "about 10^21 cells (profiles x players)",
    ),
    "20x10 sweep": (
        ["sweep", h("players_20x10.toml"), "--param", "p", "--steps", "3"],
        1,
        "more than the limit of 20,000,000",
    ),
    "20x10 with --max-profiles": (
        ["solve", h("players_20x10.toml"), "--max-profiles", "1000"],
        1,
        "more than the limit of 1,000",
    ),
    "sum over 3000 members": (
        ["validate", h("role_sum_expansion.toml"), "--no-quotes"],
        1,
        "expands to about",
    ),
    "random 30x30, default method": (
        ["solve", h("random_30x30.nfg")],
        1,
        "polytope vertices (bound), more than the limit",
    ),
    "random 30x30, support": (
        ["solve", h("random_30x30.nfg"), "--method", "support"],
        1,
        "support pairs",
    ),
    "too many payoffs": (
        ["solve", h("too_many_payoffs.nfg")],
        1,
        "more than the 1,000,000 a .nfg file may hold",
    ),
    "pennies 1e-9, pure": (
        ["solve", h("pennies_1e-9.nfg"), "--method", "pure", "--json"],
        0,
        lambda out: (
            _json(out)["equilibria"] == []
            and _json(out)["scope"] == "pure"
            and not _json(out)["complete"]
        ),
    ),  # no pure equilibrium; mixed ones not searched
    "pennies 1e-9, zero-sum": (
        ["solve", h("pennies_1e-9.nfg"), "--method", "zero-sum", "--json"],
        0,
        lambda out: _profiles(out) == HALF,
    ),
    "pennies 1e-9, enumerate exact": (
        ["solve", h("pennies_1e-9.nfg"), "--exact", "--json"],
        0,
        lambda out: [e["exact_profile"]["R"]["1"] for e in _json(out)["equilibria"]] == ["1/2"],
    ),
    "pennies 1e300, vertex": (
        ["solve", h("pennies_1e300.nfg"), "--method", "vertex", "--json"],
        0,
        lambda out: _profiles(out) == HALF,
    ),
    "pennies 1e-300, vertex": (
        ["solve", h("pennies_1e-300.nfg"), "--method", "vertex", "--json"],
        0,
        lambda out: _profiles(out) == HALF,
    ),
    "mixed scales: float warns, not complete": (
        ["solve", h("mixed_scales.nfg"), "--json"],
        0,
        lambda out: (
            not _json(out)["complete"] and any("--exact" in w for w in _json(out)["warnings"])
        ),
    ),
    "mixed scales: exact is complete": (
        ["solve", h("mixed_scales.nfg"), "--exact", "--json"],
        0,
        lambda out: _json(out)["complete"] and not _json(out)["warnings"],
    ),
    "all-zero 3x3, vertex": (["solve", h("zero_3x3.nfg"), "--method", "vertex"], 0, ""),
    "dynamics --seed -1": (
        ["dynamics", h("zero_3x3.nfg"), "-o", "{tmp}/d.csv", "--seed", "-1"],
        2,
        "expected a whole number >= 0",
    ),
    "dynamics --t-max 1e308": (
        [
            "dynamics",
            ROOT / "models" / "prisoners_dilemma.nfg",
            "-o",
            "{tmp}/d.csv",
            "--t-max",
            "1e308",
        ],
        1,
        "use t_max <=",
    ),
    "dynamics --plot into a missing folder": (
        [
            "dynamics",
            ROOT / "models" / "prisoners_dilemma.nfg",
            "-o",
            "{tmp}/d2.csv",
            "--plot",
            "{tmp}/missing/p.png",
        ],
        1,
        "does not exist",
    ),
    "dynamics --steps 1e9": (
        [
            "dynamics",
            ROOT / "models" / "prisoners_dilemma.nfg",
            "-o",
            "{tmp}/d3.csv",
            "--rule",
            "fictitious-play",
            "--steps",
            "1000000000",
        ],
        1,
        "more than the 1,000,000",
    ),
    "sensitivity --samples 1e9": (
        ["sensitivity", ROOT / "models" / "us_china.toml", "--samples", "1000000000"],
        1,
        "more than the limit of 5,000,000",
    ),
    "thresholds --steps 1e9": (
        ["thresholds", ROOT / "models" / "us_china.toml", "--steps", "1000000000"],
        1,
        "more than the 100,000 grid points",
    ),
    "FIFO as a game": (["solve", "{tmp}/fifo.nfg"], 1, "is a named pipe (FIFO)"),
    "FIFO as a model": (["solve", "{tmp}/fifo.toml"], 1, "is a named pipe (FIFO)"),
    "symlink to /dev/zero": (["solve", "{tmp}/zero.nfg"], 1, "is a character device"),
    "symlink to /dev/zero, model": (
        ["sweep", "{tmp}/zero.toml", "--param", "p"],
        1,
        "is a character device",
    ),
    "report into a folder with a directory in the way": (
        ["report", ROOT / "models" / "us_china.toml", "-o", "{tmp}/rep", "--no-sensitivity", "-q"],
        1,
        "a folder is in the way of an output file",
    ),
    "report of a hostile title": (
        [
            "report",
            h("injection_title.toml"),
            "-o",
            "{tmp}/inj",
            "--no-sensitivity",
            "-q",
            "--format",
            "md,tex",
        ],
        0,
        "",
    ),
    # .efg trees and the commands added with them (draw, calibrate)
    "efg: FIFO": (["solve", "{tmp}/fifo.efg"], 1, "is a named pipe (FIFO)"),
    "efg: symlink to /dev/zero": (["solve", "{tmp}/zero.efg"], 1, "is a character device"),
    "efg: NaN payoff": (["solve", h("pay_nan.efg")], 1, "must be a finite number, found 'nan'"),
    "efg: 1e999999999": (["solve", h("pay_e1e9.efg")], 1, "too large or too small"),
    "efg: 5000-digit payoff": (["solve", h("pay_longint.efg")], 1, "more than 400 digits"),
    "efg: chance sums to 11/10": (["solve", h("chance_sum.efg")], 1, "sum to 11/10, not 1"),
    "efg: negative chance": (["solve", h("chance_neg.efg")], 1, "-0.5 is negative"),
    "efg: +-1e308 payoffs": (
        ["solve", h("pay_big.efg"), "--json"],
        0,
        lambda out: len(_json(out)["equilibria"]) == 2 and _json(out)["complete"],
    ),
    "efg: 2000-deep chain, auto": (["solve", "{tmp}/deep.efg"], 1, "the sequence form"),
    "efg: 2000-deep chain, spe": (  # checked in one pass, no longer subgame by subgame
        ["solve", "{tmp}/deep.efg", "--method", "spe", "--json"],
        0,
        lambda out: (
            _json(out)["complete"]
            and [e["payoffs"] for e in _json(out)["equilibria"]] == [{"A": 1, "B": -1}]
        ),
    ),
    "efg: 12-deep binary tree, thousands of infosets": (
        ["solve", "{tmp}/bin12.efg"],
        1,
        "the sequence form of this tree needs",
    ),
    "efg: binary tree, spe with many ties": (
        ["solve", "{tmp}/bin12.efg", "--method", "spe"],
        1,
        "assignments (estimated from that pass), more than the limit of 20,000,000; move",
    ),
    "efg: 2000-deep chain, logit": (
        ["solve", "{tmp}/deep.efg", "--method", "logit"],
        1,
        "following the logit branch on this tree (4,000 action probabilities, 4,001 nodes)",
    ),
    "efg: 2000-deep chain, classify": (
        ["classify", "{tmp}/deep.efg"],
        1,
        "classify: the reduced normal form of this tree (1,001 x 1,001 strategies",
    ),
    "efg: 2000-deep chain, dominance": (
        ["dominance", "{tmp}/deep.efg"],
        1,
        "more than the limit of 20,000,000",
    ),
    "efg: 30000-deep chain": (
        ["solve", "{tmp}/deep30k.efg"],
        1,
        "the tree makes more than 20,000 nodes, the most a .efg file may hold",
    ),
    "efg: chance node with 10^5 outcomes": (
        ["solve", "{tmp}/wide.efg"],
        1,
        "a node with more than 19,999 actions makes more than 20,000 nodes",
    ),
    "pure: 200x200 all ties, listing capped": (
        ["solve", "{tmp}/zero200.nfg", "--method", "pure", "--json"],
        0,
        lambda out: (
            len(_json(out)["equilibria"]) == 500
            and not _json(out)["complete"]
            and "raise --max-equilibria to see more" in _json(out)["warnings"][0]
        ),
    ),
    "pure: --max-equilibria": (
        ["solve", "{tmp}/zero200.nfg", "--method", "pure", "--max-equilibria", "2", "--json"],
        0,
        lambda out: len(_json(out)["equilibria"]) == 2,
    ),
    "--max-equilibria with another method": (
        ["solve", "{tmp}/zero200.nfg", "--max-equilibria", "2"],
        1,
        "--max-equilibria applies to --method pure",
    ),
    "pennies +-1.7e308, logit": (
        ["solve", h("pennies_max_float.nfg"), "--method", "logit", "--json"],
        0,
        lambda out: _profiles(out) == HALF,
    ),
    "pennies +-1.7e308, enumerate": (
        ["solve", h("pennies_max_float.nfg"), "--json"],
        0,
        lambda out: (
            {tuple(round(p, 9) for p in v) for pr in _profiles(out) for v in pr} == {(0.5, 0.5)}
        ),
    ),
    "dynamics at +-1.7e308": (
        [
            "dynamics",
            h("pennies_max_float.nfg"),
            "-o",
            "{tmp}/dmax.csv",
            "--t-max",
            "1e-303",
        ],
        0,
        "",
    ),
    "dominance at payoffs of 1e-12": (
        ["dominance", h("dominance_1e-12.nfg")],
        0,
        "round 1: R's 2 is strictly dominated by 1",
    ),
    "draw: newline in labels, TikZ": (["draw", h("inject_nl.efg"), "-o", "{tmp}/nl.tex"], 0, ""),
    "draw: markup in labels, SVG": (["draw", h("inject.efg"), "-o", "{tmp}/inj.svg"], 0, ""),
    "calibrate -n 10**12": (
        ["calibrate", ROOT / "models" / "pacific_nato.toml", "-n", "1000000000000"],
        1,
        "needs 1,000,000,000,000 sample points, more than the limit",
    ),
    "40 players of one strategy each (past einsum's letters)": (
        ["solve", h("players_40.nfg"), "--json"],
        0,
        lambda out: (
            _json(out)["complete"]
            and [list(e["payoffs"].values()) for e in _json(out)["equilibria"]] == [list(range(40))]
        ),
    ),
    "dynamics -o an existing folder, before the run": (
        ["dynamics", h("players_40.nfg"), "-o", "{tmp}/rep"],
        1,
        "is a folder; give a file name",
    ),
    "exercise with a 23-digit seed": (
        ["exercise", "--kind", "spe", "--seed", "99999999999999999999999", "-o", "{tmp}/ex"],
        0,
        "",
    ),
    # a payoff that underflows at some parameter values: flagged, with the count
    "sweep of exp(-800 p): one warning line": (
        ["sweep", h("exp_underflow.toml"), "--param", "p", "--steps", "5"],
        0,
        "warning: 3 of 5 samples: A's payoff fell below the floating-point range",
    ),
    "solve of exp(-800 p): not complete": (
        ["solve", h("exp_underflow.toml"), "--json"],
        0,
        lambda out: _json(out)["complete"] is False,
    ),
    "--set p=1e-400 (was silently 0)": (
        ["solve", h("exp_underflow.toml"), "--set", "p=1e-400", "--range", "p=0:2"],
        1,
        "--set p: value 1e-400 is below the floating-point range",
    ),
    # a 100,000-character value quoted back: one short line
    "--set with a 100,000-character name": (
        ["solve", h("exp_underflow.toml"), "--set", "x" * 100_000 + "=1"],
        1,
        "characters ...]",
    ),
    # a range whose width overflows: was numpy's warnings and "samples contain NaN or inf"
    "sweep over a range wider than floating point": (
        ["sweep", h("exp_underflow.toml"), "--param", "p", "--range", "p=-1e308:1e308"],
        1,
        "range [-1e+308, 1e+308] is wider than floating point holds",
    ),
    "sobol over a range wider than floating point": (
        ["sensitivity", h("exp_underflow.toml"), "--method", "sobol", "--samples", "64"]
        + ["--range", "p=-1.7e308:1.7e308", "--no-progress"],
        1,
        "is wider than floating point holds",
    ),
    "calibrate: a fact's under = 5 (was exit 70)": (
        ["calibrate", str(ROOT / "models" / "regional_state.toml"), "--facts"]
        + [h("facts_under_int.toml"), "--samples", "16", "--no-progress"],
        1,
        "facts.a.under: expected a string or a list of strings, found 5",
    ),
    "sensitivity: the run's manifest is a FIFO (was a hang)": (
        ["sensitivity", h("exp_underflow.toml"), "--samples", "64", "-o", "{tmp}/fifo.csv"]
        + ["--no-progress"],
        1,
        "manifest.json: is a named pipe (FIFO), expected a manifest",
    ),
    "efg: chance sums to 1 + 1e-400, said in 3 digits": (
        ["solve", h("chance_1e-400.efg")],
        1,
        "chance probabilities sum to 1 + 1e-400, not 1",
    ),
}


def _binary(depth: int) -> str:
    out, count, infosets = ['EFG 2 R "bin" { "A" "B" }', '""', ""], [0], {1: 0, 2: 0}
    stack = [0]
    while stack:  # pre-order, as the file lists nodes
        d = stack.pop()
        if d == depth:
            count[0] += 1
            out.append(f't "" {count[0]} "" {{ {count[0] % 7}, {count[0] % 5} }}')
            continue
        player = 1 + d % 2
        infosets[player] += 1
        out.append(f'p "" {player} {infosets[player]} "" {{ "L" "R" }} 0')
        stack += [d + 1, d + 1]
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    os.mkfifo(tmp / "fifo.nfg")
    os.mkfifo(tmp / "fifo.toml")
    (tmp / "zero.nfg").symlink_to("/dev/zero")
    (tmp / "zero.toml").symlink_to("/dev/zero")
    os.mkfifo(tmp / "fifo.efg")
    (tmp / "zero.efg").symlink_to("/dev/zero")
    (tmp / "deep.efg").write_text(chain(2000))
    (tmp / "bin12.efg").write_text(_binary(12))
    (tmp / "deep30k.efg").write_text(chain(30_000))
    n = 100_000
    (tmp / "wide.efg").write_text(
        'EFG 2 R "" { "A" } c "" 1 "" { '
        + " ".join(f'"c{k}" 1/{n}' for k in range(n))
        + " } 0\n"
        + 't "" 1 "" { 1 }\n' * n
    )
    (tmp / "zero200.nfg").write_text(
        'NFG 1 R "ties" { "A" "B" } { 200 200 }\n' + "0 " * 80_000 + "\n"
    )
    (tmp / "rep" / "results.json").mkdir(parents=True)  # in the way of a report file
    (tmp / "fifo-chunks").mkdir()
    os.mkfifo(tmp / "fifo-chunks" / "manifest.json")  # a resumable run's manifest
    (tmp / "rep" / "report.md").write_text("old report\n")
    ids = list(CASES)
    calls = [[str(a).replace("{tmp}", str(tmp)) for a in CASES[k][0]] for k in ids]
    proc = run_capped([str(WORKER)], stdin=json.dumps(calls), timeout=900)
    assert proc.returncode == 0, f"worker died: {proc.stderr[-3000:]}"
    results = dict(zip(ids, json.loads(proc.stdout), strict=True))
    return tmp, results


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input(outcomes, case):
    tmp, results = outcomes
    status, out, err = results[case]
    _, want_status, want = CASES[case]
    assert "Traceback" not in err and "internal error" not in err, err
    assert status not in (-1, -2, 70), err  # a hang, an escaped exception, an internal error
    assert err.count("\n") <= 1 or status == 0, err  # a refusal is one line
    if status and err:
        assert err.startswith("gametheory"), err
    assert status == want_status, (status, out[-500:], err)
    if callable(want):
        assert want(out), out[-2000:]
    elif want:
        assert want in out + err, (out[-300:], err)


def test_a_hostile_value_is_quoted_short(outcomes):
    _, results = outcomes
    status, _, err = results["--set with a 100,000-character name"]
    assert status == 1 and len(err) < 1100, len(err)
    assert "[... 99," in err and "characters ...]" in err


def test_report_set_is_untouched_when_one_file_cannot_be_written(outcomes):
    tmp, _ = outcomes
    assert (tmp / "rep" / "report.md").read_text() == "old report\n"
    assert sorted(p.name for p in (tmp / "rep").iterdir()) == ["report.md", "results.json"]


def test_no_live_markup_from_a_hostile_title(outcomes):
    tmp, _ = outcomes
    tex = (tmp / "inj" / "report.tex").read_text()
    md = (tmp / "inj" / "report.md").read_text()
    assert not any(
        line.lstrip().startswith(("\\input", "\\immediate")) for line in tex.splitlines()
    )
    assert "\\textbackslash{}input" in tex
    assert "![t](http" not in md and "<img" not in md
    assert "!\\[t\\](http://evil.example/y.png)" in md  # shown as text, not fetched


def test_missing_plot_folder_writes_nothing(outcomes):
    tmp, _ = outcomes
    assert not (tmp / "missing").exists() and not (tmp / "d2.csv").exists()


def test_no_live_lines_from_labels_in_a_drawing(outcomes):
    tmp, _ = outcomes
    tex = (tmp / "nl.tex").read_text()
    assert not any(
        line.lstrip().startswith(("\\input", "\\immediate", "\\write")) for line in tex.splitlines()
    )
    svg = (tmp / "inj.svg").read_text()
    assert "<script" not in svg and "<img" not in svg and "<svg onload" not in svg
    assert "&lt;script&gt;" in svg  # shown as text
