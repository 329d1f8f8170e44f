"""Extensive-form solvers against pygambit on the same trees (CPU seconds, ratios).

Run ``python benchmarks/bench_extensive.py``. Each tree is written to a ``.efg`` file by
gametheory and read by both programs; both compute one exact equilibrium with the
sequence-form LCP, and the zero-sum value with the sequence-form LP where the game is
constant-sum. The "agree" column checks that Gambit's equilibrium has regret 0 on our
tree and, for LP, that the values are equal.
"""

from __future__ import annotations

import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gametheory.extensive import classics  # noqa: E402
from gametheory.extensive.evaluate import player_regrets  # noqa: E402
from gametheory.extensive.sequence_solvers import sequence_lcp, sequence_lp  # noqa: E402
from gametheory.io.efg import write_efg  # noqa: E402


def _cpu(func, *args, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
    t = time.process_time()
    out = func(*args, **kw)
    return out, time.process_time() - t


def _theirs(game, eq):  # noqa: ANN001, ANN202
    out = []
    for i, p in enumerate(game.players):
        per = [d[1] if isinstance(d, tuple) else d for d in eq[p]]
        out.append(
            tuple(
                tuple(Fraction(str(d[a])) for a in s.actions)
                for s, d in zip(game.infosets[i], per, strict=True)
            )
        )
    return tuple(out)


def main() -> None:
    try:
        import pygambit as gbt
    except Exception:  # noqa: BLE001
        gbt = None
    games = {
        "entry deterrence": classics.entry_deterrence(),
        "centipede (10)": classics.centipede(10),
        "beer-quiche": classics.beer_quiche(),
        "job market": classics.job_market(),
        "Kuhn poker": classics.kuhn_poker(),
    }
    print(f"{'game':18} {'method':6} {'ours s':>8} {'gambit s':>9} {'ratio':>7}  agree")
    with tempfile.TemporaryDirectory() as tmp:
        for name, game in games.items():
            path = write_efg(game, Path(tmp) / "g.efg")
            methods = [("lcp", sequence_lcp, {})]
            if game.is_zero_sum():
                methods.append(("lp", sequence_lp, {"exact": True}))
            for label, func, kw in methods:
                ours, t_ours = _cpu(func, game, **kw)
                t_gbt, agree = float("nan"), "-"
                if gbt is not None:
                    g = gbt.read_efg(str(path))
                    solver = gbt.nash.lcp_solve if label == "lcp" else gbt.nash.lp_solve
                    res, t_gbt = _cpu(solver, g, rational=True)
                    eq = res.equilibrium if hasattr(res, "equilibrium") else res.equilibria[0]
                    b = _theirs(game, eq)
                    ok = max(player_regrets(game, b)) == 0
                    if label == "lp":
                        ok = (
                            ok
                            and Fraction(str(eq.payoffs[game.players[0]]))
                            == ours.value[game.players[0]]
                        )
                    agree = "yes" if ok and ours[0].regret == 0 else "NO"
                print(
                    f"{name:18} {label:6} {t_ours:8.3f} {t_gbt:9.3f} {t_ours / t_gbt:7.1f}  {agree}"
                )


if __name__ == "__main__":
    main()
