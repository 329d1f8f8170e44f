"""Every ``gametheory solve --method`` choice, in float and (where allowed) exact mode,
gives the same equilibria for a game file and the same file with payoffs times 1e-12 or
1e12 (issue 12, "Done when"). test_scale_invariance.py checks the solvers one by one;
this goes through the command line, for Gambit strategic-form (.nfg) and tree (.efg)
files, and covers what it does not: ``auto``, ``logit``, the selection rules, and the
tree methods ``auto``, ``pure``, ``zero-sum`` and ``logit``."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.cli import main
from gametheory.extensive import classics
from gametheory.io.efg import format_efg, parse_efg
from gametheory.io.nfg import format_nfg, read_nfg

ROOT = Path(__file__).resolve().parents[1]
FACTORS = {"1e-12": Fraction(1, 10**12), "1e12": Fraction(10**12)}
EXACT = {"auto", "pure", "enumerate", "zero-sum"}

#: .nfg file -> the --method choices that apply to it (zero-sum needs a zero-sum game;
#: the two-player methods need two players)
NFG = {
    "stag_hunt.nfg": ["auto", "pure", "enumerate", "support", "vertex", "lemke-howson"],
    "degenerate_3x2.nfg": ["auto", "pure", "enumerate", "support", "vertex", "lemke-howson"],
    "rock_paper_scissors.nfg": ["auto", "enumerate", "support", "lemke-howson", "zero-sum"],
    "three_player_cycle.nfg": ["auto", "pure"],
    # logit's last polished point has regret 1e-4 at 1e12: above a tolerance of 1e-8
    # in payoff units, so --method logit found nothing at that scale
    "pennies_2x3.nfg": ["auto", "enumerate", "support", "vertex", "lemke-howson", "zero-sum"],
}
#: games written here (the others are in models/)
INLINE = {"pennies_2x3.nfg": NormalFormGame.from_bimatrix([[1, -1, 2], [-1, 1, -2]])}
for _methods in NFG.values():
    _methods += ["logit", "enumerate-mixed"]

#: classic tree -> the --method choices that apply to it
EFG = {
    "entry_deterrence": ["auto", "spe", "enumerate", "pure", "lcp", "logit"],
    "selten_horse": ["auto", "spe", "enumerate", "pure", "logit"],
    "kuhn_poker": ["auto", "spe", "lcp", "zero-sum"],
}


def _scaled_nfg(name: str, factor: Fraction, tmp_path: Path) -> Path:
    game = INLINE[name] if name in INLINE else read_nfg(ROOT / "models" / name)
    times = np.vectorize(lambda v: Fraction(v) * factor, otypes=[object])
    scaled = NormalFormGame.from_payoff_array(
        times(game.payoffs), players=game.players, strategies=game.strategies
    )
    path = tmp_path / f"{factor}_{name}".replace("/", "over")
    path.write_text(format_nfg(scaled), encoding="utf-8")
    assert read_nfg(path).payoffs.max() == pytest.approx(float(factor) * game.payoffs.max())
    return path


def _scaled_efg(name: str, factor: Fraction, tmp_path: Path) -> Path:
    text = format_efg(getattr(classics, name)())

    def times(block: re.Match[str]) -> str:  # the payoffs of a terminal line `t ... { a, b }`
        return (
            "{ " + ", ".join(str(Fraction(x.strip()) * factor) for x in block[1].split(",")) + " }"
        )

    lines = [
        re.sub(r"\{([^}\"]*)\}\s*$", times, line) if line.startswith("t ") else line
        for line in text.splitlines()
    ]
    path = tmp_path / f"{factor}_{name}.efg".replace("/", "over")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parse_efg(path.read_text(encoding="utf-8"))  # a valid tree
    return path


_NUMBER = re.compile(r"-?\d+(\.\d+)?(e[-+]?\d+)?(/\d+)?")


def _answer(capsys: pytest.CaptureFixture[str], path: Path, method: str, exact: bool) -> dict:
    """What must not depend on the scale: each equilibrium's strategies (rounded to 6
    places; exact strings as they are), completeness, scope, the method used, and the
    warnings with their numbers masked (a tolerance in payoff units scales)."""
    argv = ["solve", str(path), "--method", method, "--json"] + (["--exact"] if exact else [])
    status = main(argv)
    out, err = capsys.readouterr()
    assert status == 0, err
    doc = json.loads(out)

    def strategies(eq: dict) -> str:
        kept = {k: v for k, v in eq.items() if "profile" in k or "behavior" in k}
        return json.dumps(kept, sort_keys=True, default=str)

    def rounded(text: str) -> str:
        return re.sub(r"\d\.\d{7,}", lambda m: f"{float(m[0]):.6f}", text)

    return {
        "equilibria": sorted(rounded(strategies(e)) for e in doc["equilibria"]),
        "complete": doc.get("complete"),
        "scope": doc.get("scope"),
        "method": doc.get("method"),
        "warnings": [_NUMBER.sub("#", w) for w in doc.get("warnings", [])],
    }


def _cases(table: dict[str, list[str]]):
    for name, methods in table.items():
        for method in methods:
            for exact in (False, True) if method in EXACT else (False,):
                yield pytest.param(name, method, exact, id=f"{name}-{method}-{'exact' * exact}")


@pytest.mark.parametrize("factor", FACTORS.values(), ids=FACTORS.keys())
@pytest.mark.parametrize("name, method, exact", list(_cases(NFG)))
def test_every_nfg_method_at_any_scale(capsys, tmp_path, name, method, exact, factor):
    base = _answer(capsys, _scaled_nfg(name, Fraction(1), tmp_path), method, exact)
    got = _answer(capsys, _scaled_nfg(name, factor, tmp_path), method, exact)
    # something to compare: an equilibrium (the cycle has no pure one)
    assert base["equilibria"] or (name, base["scope"]) == ("three_player_cycle.nfg", "pure")
    assert got == base


@pytest.mark.parametrize("factor", FACTORS.values(), ids=FACTORS.keys())
@pytest.mark.parametrize("name, method, exact", list(_cases(EFG)))
def test_every_efg_method_at_any_scale(capsys, tmp_path, name, method, exact, factor):
    base = _answer(capsys, _scaled_efg(name, Fraction(1), tmp_path), method, exact)
    got = _answer(capsys, _scaled_efg(name, factor, tmp_path), method, exact)
    assert base["equilibria"], "the unscaled tree has an equilibrium listed"
    assert got == base


@pytest.mark.parametrize("factor", FACTORS.values(), ids=FACTORS.keys())
@pytest.mark.parametrize("rule", ["payoff-dominant", "risk-dominant", "logit", "first"])
@pytest.mark.parametrize("name", ["stag_hunt.nfg", "pennies_2x3.nfg"])
def test_every_selection_rule_at_any_scale(capsys, tmp_path, name, rule, factor):
    """``--select``: ties and dominance were judged with a floor of 1 (at 1e-12 every
    payoff difference was a tie, and risk dominance called Stag/Stag not strict), and
    logit's tolerance was in payoff units (at 1e12 nothing passed)."""

    def selected(path: Path) -> tuple:
        status = main(["solve", str(path), "--select", rule, "--json"])
        out, err = capsys.readouterr()
        if status:  # a rule not defined for the game: the same one-line refusal
            return ("refused", _NUMBER.sub("#", err.strip()))
        sel = json.loads(out)["selection"]
        return (sel["index"], sel["rule"], _NUMBER.sub("#", sel["reason"]))

    base = selected(_scaled_nfg(name, Fraction(1), tmp_path))
    assert selected(_scaled_nfg(name, factor, tmp_path)) == base
    if name == "stag_hunt.nfg":  # defined, and each rule picks its textbook answer
        assert base[0] == {"payoff-dominant": 0, "risk-dominant": 1, "logit": 1, "first": 0}[rule]
