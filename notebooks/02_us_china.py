# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The United States and China: the reduced 3x3 game
#
# The model `models/us_china.toml` reduces the report's great-power contest to one
# simultaneous game. Each side chooses `cooperate`, `hedge` or `compete`; every payoff
# is a formula over named parameters, each with a range and a source (a verbatim quote
# from the report, or a stated judgement).
#
# **What you will learn**
#
# 1. How to read a model: its parameters, their sources, and the payoff formulas.
# 2. Best responses and dominance in the 3x3 game, and why the equilibrium is
#    (`hedge`, `hedge`).
# 3. Why that equilibrium is inefficient for both sides (a "Cold War II" structure),
#    and why mutual cooperation cannot be an equilibrium anywhere in the plausible
#    ranges.
# 4. How the equilibrium moves with the parameters: the threshold at which China
#    switches to coercion, and a live panel of sliders that re-solves the game.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sympy
from IPython.display import Markdown, display

import gametheory as gt
from gametheory.solvers import iterated_elimination

MODELS = next(p for p in (Path("models"), Path("../models")) if p.is_dir())


# %% [markdown]
# ## 1. The model and its sources

# %%
model = gt.load_model(MODELS / "us_china.toml")
print(model.description)
model.to_frame()[["parameter", "value", "low", "high", "unit", "source"]]

# %% [markdown]
# Every parameter says where its number comes from. `source` is `quote` when the value
# rests on the report's words and `judgement` when it is the modeller's reading; here
# are the quotes and judgements behind three of them:

# %%
for name in ("network_share", "network_cost_share", "counter_alliance_gain"):
    p = model.parameters[name]
    print(f"{name} = {p.value} ({p.unit})\n  meaning  : {p.meaning}")
    for q in p.quotes:
        print(f"  quote    : \"{q}\"")
    print(f"  judgement: {p.judgement}\n")

# %% [markdown]
# The payoffs are formulas; $\mathbb{1}[\mathrm{USA}=hedge]$ is 1 when the United
# States hedges and 0 otherwise.

# %%
for player in model.player_ids:
    display(Markdown(f"$$u_{{\\mathrm{{{player}}}}} = {model.payoff_latex(player)}$$"))

# %% [markdown]
# ## 2. The game, best responses and dominance
#
# At the parameters' base values the formulas give this payoff table (United States
# first, China second):

# %%
game = model.game()
game

# %% [markdown]
# A **best response** is a strategy that does best against what the other side does.
# The table lists each side's best response to each of the other's strategies:

# %%
best = pd.DataFrame({
    "if the other plays": game.strategies[0],
    "USA's best response": [", ".join(game.best_responses("USA", {"CHN": s}))
                            for s in game.strategies[1]],
    "CHN's best response": [", ".join(game.best_responses("CHN", {"USA": s}))
                            for s in game.strategies[0]],
})
best

# %% [markdown]
# The United States' answer is `hedge` whatever China does: `hedge` **strictly
# dominates** its other strategies. A network delivers most of an alliance's value
# (`network_share`) at a fraction of its diplomatic cost (`network_cost_share`), and
# mere engagement lets China gain ground. China's `cooperate` is dominated too (by
# `hedge`, whatever the United States does). Iterated elimination removes these in its
# first round; once the United States is known to hedge, China's `compete` goes in the
# second:

# %%
elimination = iterated_elimination(game)
elimination.to_frame()

# %%
result = model.solve(exact=True)
(equilibrium,) = result
print(equilibrium.label(), "| payoffs", equilibrium.payoffs, "| exact regret",
      equilibrium.exact_regret)
assert equilibrium.pure_profile() == {"USA": "hedge", "CHN": "hedge"} and result.complete

# %% [markdown]
# The exact solver (rational arithmetic, all equilibria listed) finds one equilibrium:
# both hedge.
#
# ## 3. Why the equilibrium is inefficient
#
# Is there a profile that both sides prefer to the equilibrium? Checking all nine:

# %%
rows = []
for us in game.strategies[0]:
    for cn in game.strategies[1]:
        pay = game.payoff({"USA": us, "CHN": cn})
        better = all(pay[p] > equilibrium.payoffs[p] + 1e-9 for p in game.players)
        rows.append({"USA": us, "CHN": cn, **{f"payoff {p}": pay[p] for p in game.players},
                     "better for both than the equilibrium": better})
pareto = pd.DataFrame(rows)
pareto[pareto["better for both than the equilibrium"]]

# %% [markdown]
# Mutual cooperation leaves both better off than mutual hedging, but each side gains by
# leaving it: a prisoner's dilemma embedded in a 3x3 game. (Calling this "Cold War II"
# is the modeller's interpretation, not a claim of the report.)
#
# Could cooperation be an equilibrium for *some* plausible parameter values? The
# United States stays at `cooperate` against a cooperating China only if hedging would
# not pay. Subtract the two payoff formulas symbolically:

# %%
u_usa = model.payoff_expression("USA")
S = sympy.Symbol


def at(expr, profile):
    """Substitute a pure profile into a payoff formula (indicator symbols 'P=s')."""
    return expr.xreplace({S(f"{p}={s}"): int(profile[p] == s)
                          for p in model.player_ids
                          for s in model.player(p).strategies})


gain = sympy.simplify(at(u_usa, {"USA": "hedge", "CHN": "cooperate"})
                      - at(u_usa, {"USA": "cooperate", "CHN": "cooperate"}))
display(Markdown(f"Gain from hedging against a cooperating China: ${sympy.latex(gain)}$"))

# the gain is increasing in the value terms and decreasing in the cost terms, so its
# smallest value over the ranges is at the corner below
corner = {n: (model.parameters[n].low if sympy.diff(gain, S(n)).subs(
    {S(k): v for k, v in model.values.items()}) > 0 else model.parameters[n].high)
    for n in map(str, gain.free_symbols)}
smallest = float(gain.subs({S(k): v for k, v in corner.items()}))
print("smallest gain over the plausible ranges:", round(smallest, 3), "at", corner)
assert smallest > 0

# %% [markdown]
# Even at the least favourable corner of the ranges, hedging beats cooperating by a
# clear margin: within this model, cooperation unravels from the American side
# whatever the exact numbers. That is a conclusion robust to the judgements, because it
# only uses "a network gives *much* of the value at a *fraction* of the cost".
#
# ## 4. How the equilibrium moves with the parameters
#
# `with_params` returns a new model with some values changed (the original is
# untouched); solving each one traces the equilibrium along a parameter's range. Here
# `compete_gain_ratio`, how much more coercion gains China than pressure does:

# %%
ratio = model.parameters["compete_gain_ratio"]
grid = np.linspace(ratio.low, ratio.high, 41)
trace = pd.DataFrame([
    {"compete_gain_ratio": x, "equilibrium": eq.label(), **eq.payoffs}
    for x in grid for eq in model.with_params(compete_gain_ratio=x).solve()
])
switch = trace.loc[trace["equilibrium"] != trace["equilibrium"].iloc[0],
                   "compete_gain_ratio"].min()
print("equilibria along the range:", *trace["equilibrium"].unique(), sep="\n  ")
print("China switches to coercion at compete_gain_ratio ~", round(switch, 3),
      "(base value", ratio.value, ")")

fig, ax = plt.subplots(figsize=(7, 3.5))
for player in model.player_ids:
    ax.plot(trace["compete_gain_ratio"], trace[player], label=f"payoff {player}")
ax.axvline(ratio.value, color="grey", ls=":", label="base value")
ax.axvspan(switch, ratio.high, color="tab:red", alpha=0.1, label="CHN competes")
ax.set_xlabel("compete_gain_ratio")
ax.set_ylabel("equilibrium payoff")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# The switch is exactly where China's coercion gain net of its cost catches up with
# pressure: `expansion_gain * (ratio - 1) = coercion_cost`, that is
# `ratio = 1 + 0.4 / 0.5 = 1.8`.

# %%
expected = 1 + model.values["coercion_cost"] / model.values["expansion_gain"]
assert abs(switch - expected) <= grid[1] - grid[0]

# %% [markdown]
# ### The live panel
#
# `gt.explore(model)` gives a panel for any model: one slider per parameter over its
# plausible range (hover for its meaning, unit and source). Moving one rebuilds the
# model with `with_params`, re-solves it and redraws the payoff table: the blue
# triangle marks the United States' best response in each column, the orange one
# China's best response in each row, and a star an equilibrium (both best responses at
# once). Below the table: what changed from the base values, the `--set` flags that
# reproduce the point on the command line, and the nearest thresholds.

# %%
panel = gt.explore(model)
panel

# %% [markdown]
# Without a live kernel the sliders do nothing, so here is the payoff table drawn
# directly (`gt.plots.payoff_table`) at a point where coercion pays China more
# (`compete_gain_ratio = 2`) and the United States fears war less (`us_war_cost = 0.5`):

# %%
coercive = model.with_params(compete_gain_ratio=2.0, us_war_cost=0.5)
gt.plots.payoff_table(coercive.game(), coercive.solve())

# %% [markdown]
# Setting sliders from code does exactly what dragging them does:

# %%
panel.set(compete_gain_ratio=2.0)
print("at compete_gain_ratio = 2:", [e.label() for e in panel.result])
print(panel.explorer.changed_text(), "|", panel.explorer.set_flags())
assert panel.result[0].pure_profile() == {"USA": "hedge", "CHN": "compete"}
panel.reset()
assert panel.result[0].pure_profile() == {"USA": "hedge", "CHN": "hedge"}

# %% [markdown]
# **Things to try.** Raise `conflict_risk` and `china_war_cost` together: does China
# ever stop hedging? Push `network_share` to its low end and `network_cost_share` to
# its high end: does the United States ever give up `hedge`? (Section 3 says it cannot
# give it up for `cooperate`; what about `compete`?) Notebook 05 answers such questions
# systematically with threshold searches, region maps and global sensitivity analysis.
