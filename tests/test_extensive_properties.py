"""Property tests on random trees: every solver's profile is verified, SPE sets are complete,
files round-trip, and pygambit agrees where it is installed."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from gametheory.errors import MethodNotApplicableError
from gametheory.extensive import (
    ExtensiveFormGame,
    chance,
    decision,
    make_behavior_profile,
    reduced_normal_form,
    terminal,
)
from gametheory.extensive.enumerate import MAX_ENUMERATE_PROFILES, enumerate_extensive
from gametheory.extensive.sequence_solvers import sequence_lcp, sequence_lp
from gametheory.extensive.spe import subgame_perfect
from gametheory.extensive.subgames import subgame_regret
from gametheory.io.efg import format_efg, parse_efg

SEEDS = range(12)


def random_tree(seed: int, *, zero_sum: bool = False, perfect_information: bool = False):
    """Chance (maybe) -> P1 -> P2 -> P1 (maybe): random observations, perfect recall, integer payoffs."""
    rng = np.random.default_rng(seed)
    sees_chance = [bool(rng.integers(2)) or perfect_information for _ in range(2)]
    p2_sees_p1 = bool(rng.integers(2)) or perfect_information
    has_chance = bool(rng.integers(2))
    third = bool(rng.integers(2))
    acts = [["a", "b", "c"][: int(rng.integers(2, 4))] for _ in range(3)]

    def pay():
        u = int(rng.integers(-5, 6))
        return [u, -u] if zero_sum else [u, int(rng.integers(-5, 6))]

    def p1_late(obs):
        return decision(
            "P1",
            {a: terminal(pay()) for a in acts[2]},
            infoset=obs if not perfect_information else None,
        )

    def p2(c, a1):
        seen = (f"c{c}" if sees_chance[1] else "") + (f"/{a1}" if p2_sees_p1 else "")
        moves = {}
        for a2 in acts[1]:
            if third and a2 == acts[1][0]:
                mine = (
                    (f"c{c}" if sees_chance[0] else "")
                    + f"/{a1}/then{a2}"
                    + (f"/{a1}" if p2_sees_p1 else "")
                )
                moves[a2] = p1_late("late" + mine)
            else:
                moves[a2] = terminal(pay())
        return decision("P2", moves, infoset=("p2" + seen) if not perfect_information else None)

    def p1(c):
        seen = f"c{c}" if sees_chance[0] else ""
        return decision(
            "P1",
            {a1: p2(c, a1) for a1 in acts[0]},
            infoset=("p1" + seen) if not perfect_information else None,
        )

    root = chance({"x": ("1/3", p1("x")), "y": ("2/3", p1("y"))}) if has_chance else p1("")
    return ExtensiveFormGame.from_tree(root, players=("P1", "P2"), title=f"random {seed}")


@pytest.mark.parametrize("seed", SEEDS)
def test_random_trees_have_perfect_recall_and_round_trip(seed):
    g = random_tree(seed)
    assert g.has_perfect_recall
    assert parse_efg(format_efg(g)) == g
    assert parse_efg(format_efg(g, outcome_form=True)) == g


@pytest.mark.parametrize("seed", SEEDS)
def test_lcp_profile_has_exact_regret_zero(seed):
    res = sequence_lcp(random_tree(seed))
    assert len(res) == 1 and res[0].exact_regret == 0


@pytest.mark.parametrize("seed", SEEDS)
def test_enumeration_lists_only_equilibria_or_refuses_large_games(seed):
    g = random_tree(seed)
    if math.prod(reduced_normal_form(g).game.shape) > MAX_ENUMERATE_PROFILES:
        with pytest.raises(MethodNotApplicableError, match="use 'lcp'"):
            enumerate_extensive(g)
        return
    res = enumerate_extensive(g)
    assert res and all(e.exact_regret == 0 for e in res)


@pytest.mark.parametrize("seed", SEEDS)
def test_zero_sum_value_lp_equals_exact_lcp(seed):
    g = random_tree(seed, zero_sum=True)
    lp = sequence_lp(g)
    exact = sequence_lp(g, exact=True)
    assert exact[0].exact_regret == 0
    assert lp.value["P1"] == pytest.approx(float(exact.value["P1"]), abs=1e-7)
    # every equilibrium of a zero-sum game pays the value
    if math.prod(reduced_normal_form(g).game.shape) > MAX_ENUMERATE_PROFILES:
        return
    for e in enumerate_extensive(g):
        assert e.payoffs["P1"] == pytest.approx(float(exact.value["P1"]), abs=1e-9)


def _all_pure_spe(g):
    sets = [(i, s) for i, ss in enumerate(g.infosets) for s in ss]
    if math.prod(len(s.actions) for _, s in sets) > 1000:
        pytest.skip("too many pure profiles to check by brute force")
    found = set()
    for choice in itertools.product(*(range(len(s.actions)) for _, s in sets)):
        behaviour = [[None] * len(ss) for ss in g.infosets]
        for (i, s), a in zip(sets, choice, strict=True):
            behaviour[i][s.index] = tuple(Fraction(int(b == a)) for b in range(len(s.actions)))
        b = tuple(tuple(x) for x in behaviour)
        if subgame_regret(g, b) == 0:
            found.add(b)
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_spe_lists_every_pure_spe_of_perfect_information_trees(seed):
    g = random_tree(seed, perfect_information=True)
    assert g.is_perfect_information
    every = _all_pure_spe(g)
    res = subgame_perfect(g)
    assert res.complete
    assert {e.probabilities for e in res} == every


@pytest.mark.parametrize("seed", SEEDS[:6])
def test_affine_payoff_change_keeps_equilibria(seed):
    g = random_tree(seed)
    text = format_efg(g)
    # scale every payoff by 3 and add 2 (outcomes are whole numbers in the file)
    lines = []
    for line in text.splitlines():
        if line.startswith("t ") and "{" in line:
            head, body = line.split("{")
            vals = [3 * Fraction(v) + 2 for v in body.strip(" }").split(",")]
            line = head + "{ " + ", ".join(str(v) for v in vals) + " }"
        lines.append(line)
    h = parse_efg("\n".join(lines))
    for e in sequence_lcp(g):
        assert make_behavior_profile(h, e.probabilities, exact=True).exact_regret == 0


# ------------------------------------------------------------------ pygambit
@pytest.mark.parametrize("seed", SEEDS[:8])
def test_gambit_agrees_on_random_trees(seed, tmp_path):
    gbt = pytest.importorskip("pygambit", reason="pygambit (optional, GPL) is not installed")
    if not hasattr(gbt, "read_efg"):
        pytest.skip("this pygambit has no read_efg")
    from gametheory.extensive.evaluate import player_regrets

    g = random_tree(seed, zero_sum=bool(seed % 2))
    path = tmp_path / "g.efg"
    path.write_text(format_efg(g))
    theirs = gbt.read_efg(str(path))
    res = gbt.nash.lcp_solve(theirs, rational=True)
    eqs = res.equilibria if hasattr(res, "equilibria") else [res.equilibrium]
    for eq in eqs:
        b = []
        for i, p in enumerate(g.players):
            per = [d[1] if isinstance(d, tuple) else d for d in eq[p]]
            b.append(
                tuple(
                    tuple(Fraction(str(d[a])) for a in s.actions)
                    for s, d in zip(g.infosets[i], per, strict=True)
                )
            )
        assert max(player_regrets(g, tuple(b))) == 0  # Gambit's equilibrium passes our check
    if seed % 2:
        lp = gbt.nash.lp_solve(theirs, rational=True)
        eq = lp.equilibrium if hasattr(lp, "equilibrium") else lp.equilibria[0]
        value = Fraction(str(eq.payoff("P1") if hasattr(eq, "payoff") else eq.payoffs["P1"]))
        assert sequence_lp(g, exact=True).value["P1"] == value
