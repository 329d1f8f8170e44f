"""Trees scaled by 1e-12 or 1e12 have the same equilibria as the unscaled tree, in
float and exact mode (the extensive-form payoff scale has no absolute floor)."""

import re
from fractions import Fraction

import pytest

from gametheory.extensive import classics
from gametheory.extensive.solve import solve_extensive
from gametheory.io.efg import format_efg, parse_efg

GAMES = ["entry_deterrence", "centipede", "selten_horse", "beer_quiche", "kuhn_poker"]
SCALES = [Fraction(1, 10**12), Fraction(10**12)]


def scaled(game, factor):
    text = format_efg(game)

    def times(block):  # the payoff list of a terminal line: `t "" k "" { a, b }`
        nums = [Fraction(x.strip()) * factor for x in block[1].split(",")]
        return "{ " + ", ".join(str(v) for v in nums) + " }"

    lines = [
        re.sub(r"\{([^}\"]*)\}\s*$", times, line) if line.startswith("t ") else line
        for line in text.splitlines()
    ]
    return parse_efg("\n".join(lines) + "\n")


def profiles(res, digits=9):
    return sorted(
        tuple(tuple(round(float(p), digits) for vec in pl for p in vec) for pl in e.probabilities)
        for e in res.equilibria
    )


@pytest.mark.parametrize("factor", SCALES, ids=["1e-12", "1e12"])
@pytest.mark.parametrize("name", GAMES)
@pytest.mark.parametrize("exact", [False, True], ids=["float", "exact"])
def test_tree_equilibria_do_not_depend_on_the_scale(name, factor, exact):
    game = getattr(classics, name)()
    big = scaled(game, factor)
    top = max(abs(float(v)) for z in big.terminal_nodes for v in z.payoffs)
    assert top == pytest.approx(
        float(factor) * max(abs(float(v)) for z in game.terminal_nodes for v in z.payoffs)
    )
    for method in ("spe", "lcp" if name == "kuhn_poker" else "enumerate"):
        ours = solve_extensive(game, method=method, exact=exact)
        theirs = solve_extensive(big, method=method, exact=exact)
        assert profiles(theirs) == profiles(ours), method
        assert theirs.complete == ours.complete
