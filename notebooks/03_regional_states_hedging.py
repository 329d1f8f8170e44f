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
# # Regional states and hedging
#
# The report's twelve Indo-Pacific states count on the United States for security and
# on China for trade. Most of them *hedge*: they keep ties with both and take on no new
# obligations. This notebook explains why with two models: a small one (one state
# against China, `models/regional_state.toml`) and the flagship's twelve states
# (`models/pacific_nato.toml`).
#
# **What you will learn**
#
# 1. How backward induction solves a sequential game: the state moves first and
#    anticipates China's response to each of its choices.
# 2. Why hedging is the state's equilibrium choice at the base values, and how trade
#    dependence and the cost of coercion decide between hedging and joining (a region
#    map, and a game tree that redraws as you move sliders).
# 3. Why, among the twelve states, hedging is an equilibrium for some and not others:
#    each state's own parameters, and what each would get from the other options.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import gametheory as gt

MODELS = next(p for p in (Path("models"), Path("../models")) if p.is_dir())


# %% [markdown]
# ## 1. One state against China

# %%
state = gt.load_model(MODELS / "regional_state.toml")
print(state.description)
state.to_frame()[["parameter", "value", "low", "high", "meaning"]]

# %% [markdown]
# The state chooses first (`cooperate` = accommodate China, `hedge`, `compete` = join
# the US side); China sees the choice and answers with restraint, inducements or
# coercion. **Backward induction**: for each of the state's choices find China's best
# answer, then let the state pick the choice whose answered outcome it likes best.
# The result lists, for each of the state's options, China's answer and both payoffs:

# %%
result = state.solve()
print(result)
result.to_frame()

# %% [markdown]
# Joining invites coercion, which costs the state in proportion to its trade dependence
# (`trade_dep * coercion_cost`); accommodating China forfeits US support
# (`sec_dep * lost_support`); hedging keeps China's inducements coming. So the state
# hedges. A picture of the tree makes the logic visible: China's best answer at each of
# its nodes is drawn thick, and the state's choice (given those answers) in red.


# %%
gt.plots.game_tree(state, result)

# %% [markdown]
# ## 2. Trade dependence and security dependence
#
# At the base values the state hedges whatever its trade dependence: the network-type
# deterrence on offer (`us_deterrence = 0.6`) is not worth giving up non-alignment and
# China's inducements. Offer it strong deterrence (`us_deterrence = 0.9`) and the
# answer depends on the state. Each point of the map is the model solved with
# `trade_dep` and `sec_dep` set to the point's coordinates; the colour is the state's
# equilibrium choice.

# %%
offered = state.with_params(us_deterrence=0.9)
trade = np.linspace(state.parameters["trade_dep"].low, state.parameters["trade_dep"].high, 21)
security = np.linspace(state.parameters["sec_dep"].low, state.parameters["sec_dep"].high, 21)
choice = np.array([[offered.with_params(trade_dep=t, sec_dep=d).solve().path["STATE"]
                    for t in trade] for d in security])
options = state.player("STATE").strategies
codes = np.vectorize(options.index)(choice)

fig, ax = plt.subplots(figsize=(6, 4.5))
mesh = ax.pcolormesh(trade, security, codes, cmap=plt.get_cmap("Set2", 3), vmin=-0.5,
                     vmax=2.5, shading="nearest")
cbar = fig.colorbar(mesh, ticks=[0, 1, 2])
cbar.ax.set_yticklabels(options)
ax.plot(state.values["trade_dep"], state.values["sec_dep"], "k*", ms=14,
        label="base values")
ax.set_xlabel("trade_dep (dependence on trade with China)")
ax.set_ylabel("sec_dep (dependence on the US for security)")
ax.set_title("The state's choice when offered us_deterrence = 0.9")
ax.legend(loc="lower right")
plt.show()
pd.Series(choice.ravel()).value_counts(normalize=True).rename("share of the map")

# %% [markdown]
# Joining pays only to a state that depends on the United States for its security more
# than it depends on China for trade. Because China coerces a state that joins and
# offers inducements to one that hedges, the state joins when
# `sec_dep * us_deterrence - nonalign_value - trade_dep * coercion_cost` beats what
# hedging brings (`inducement_value`): a straight boundary in this map. Check the
# solver's map against that formula:

# %%
v = offered.values
join_gain = (np.outer(security, np.ones_like(trade)) * v["us_deterrence"] - v["nonalign_value"]
             - np.outer(np.ones_like(security), trade) * v["coercion_cost"]
             - v["inducement_value"])
predicted = np.where(join_gain > 0, "compete", "hedge")
agree = (predicted == choice) | np.isclose(join_gain, 0)
print(f"the formula agrees with the solver at {agree.mean():.0%} of the grid")
assert agree.all()

# %% [markdown]
# (This holds as long as China actually coerces a state that joins and induces one that
# hedges, which it does near the base values; with other values China's answers change,
# and the solver, not the formula, is the authority.)
#
# ### The tree, live
#
# Every slider is one of the model's parameters over its plausible range. The tree is
# re-solved and redrawn at each change.

# %%
panel = gt.explore(state)
panel

# %% [markdown]
# In a static rendering the sliders do nothing; here is the tree drawn directly for a
# state offered strong deterrence (`us_deterrence = 0.9`) that trades little with China
# (`trade_dep = 0.3`) and relies wholly on the United States (`sec_dep = 1`):

# %%
low_trade = state.with_params(us_deterrence=0.9, trade_dep=0.3, sec_dep=1.0)
gt.plots.game_tree(low_trade, low_trade.solve())

# %% [markdown]
# Moving sliders from code does what dragging them does:

# %%
panel.set(us_deterrence=0.9, trade_dep=0.3, sec_dep=1.0)
print("state's choice after moving three sliders:", panel.result.path["STATE"])
print(panel.explorer.changed_text())
assert panel.result.path["STATE"] == "compete"
panel.reset()
assert panel.result.path["STATE"] == "hedge"

# %% [markdown]
# ## 3. Twelve states: who hedges, who joins, and why
#
# The flagship model puts the twelve states between the United States (which moves
# first, choosing a structure) and China (which answers last). Here we take the US
# choice as given and look at the states' stage. Under the enhanced Quad (`quad_plus`,
# the structure the model's United States chooses) and under a Pacific NATO:

# %%
nato = gt.load_model(MODELS / "pacific_nato.toml")
states = [p.id for p in nato.players if p.role == "state"]
structures = ["quad_plus", "pacific_nato"]
solved = {s: nato.solve(fix={"USA": s}) for s in structures}
stances = pd.DataFrame({s: [solved[s].path[x] for x in states] for s in structures},
                       index=[f"{x} ({nato.player(x).name})" for x in states])
for s in structures:
    print(f"{s}: China answers with {solved[s].path['CHN']}")
stances

# %% [markdown]
# The per-state parameters say why. A state joins when security dependence and its
# lean toward the United States outweigh its non-alignment, its trade exposure to
# Chinese pressure or coercion, and (under Article V) its obligations and territorial
# disputes:

# %%
per_state = ["sec_dep", "trade_dep", "nonalign", "china_tilt", "us_fav", "claimant", "caatsa"]
profile = pd.DataFrame({g: [nato.values[f"{g}.{x}"] for x in states] for g in per_state},
                       index=stances.index)
profile.join(stances).sort_values("pacific_nato")

# %% [markdown]
# Hedging is an **equilibrium** choice for a state when none of its other options pays
# more, given what the other states do and how China would then answer. We can ask the
# model directly: fix one state's stance, let everyone after it (China) respond, and
# compare that state's payoff across its three options. Payoffs are relative to
# hedging (0 by construction).

# %%
structure = "pacific_nato"
rows = []
for x in states:
    row = {"state": x}
    for option in nato.player(x).strategies:
        answered = nato.solve(fix={"USA": structure, x: option})
        row[option] = answered.payoffs[x]
    row["equilibrium choice"] = solved[structure].path[x]
    rows.append(row)
options_frame = pd.DataFrame(rows).set_index("state").round(3)
options_frame

# %%
best_option = options_frame[["cooperate", "hedge", "compete"]].idxmax(axis=1)
assert (best_option == options_frame["equilibrium choice"]).all(), best_option
margin = (options_frame["compete"] - options_frame[["cooperate", "hedge"]].max(axis=1))
print("closest calls on joining a Pacific NATO (payoff of joining minus the best "
      "alternative):")
margin.sort_values(key=abs).head(4)

# %% [markdown]
# Each state's equilibrium choice is its best option in the table, as subgame
# perfection requires. Australia's margin is the smallest: it joins a Pacific NATO by a
# hair, although China is its top trading partner (`trade_dep.AUS = 1`). What it
# fears is the cost of coercion, `trade_dep * coercion`. Sweep the cost of a coercion
# campaign, `coercion`, over its range (it applies to every state, scaled by each one's
# trade dependence):

# %%
cost = nato.parameters["coercion"]
grid = np.linspace(cost.low, cost.high, 15)
joiners = pd.DataFrame(
    [{"coercion": c, **nato.with_params(coercion=c).solve(fix={"USA": structure}).path}
     for c in grid]).set_index("coercion")
members = joiners[states].eq("compete")
print("members of a Pacific NATO as the cost of coercion rises:")
for c, row in members.iterrows():
    print(f"  coercion = {c:.2f}: {', '.join(row.index[row]) or 'nobody'}; "
          f"China answers {joiners.loc[c, 'CHN']}")
tipping = members.index[~members["AUS"]].min()
print(f"Australia leaves once coercion costs it {tipping:.2f} or more "
      f"(base value {cost.value})")
assert members["JPN"].all() and members["AUS"].iloc[0] and not members["AUS"].iloc[-1]

# %% [markdown]
# Australia stays in only while coercion would cost it a little more than the base
# value at most; past that, Japan is left alone (and China, facing one member, no
# longer needs to coerce). That is the report's own hedge about Australia ("it is likely
# that Australia would...").

# %% [markdown]
# **Reading it.** The same logic as the one-state model, with each state's own numbers:
# high trade dependence on China (which scales the cost of Chinese coercion) and strong
# non-alignment keep a state hedging; high security dependence and a lean toward the
# United States pull it in. Under Article V structures China coerces, which raises the
# price of joining for every trade-dependent state, so only Japan and (narrowly)
# Australia join. Notebook 04 takes the next step back: which structure should the
# United States offer, knowing all this?
