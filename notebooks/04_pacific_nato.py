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
# # The Pacific NATO question
#
# The report asks whether the United States should build a "Pacific NATO". The
# flagship model, `models/pacific_nato.toml`, plays it as a sequential game: the United
# States chooses a regional structure; the twelve regional states, seeing it, choose
# simultaneously whether to accommodate China, hedge or join; China, seeing who joined,
# chooses restraint, pressure or coercion. Every number is a quote from the report or a
# stated judgement.
#
# **What you will learn**
#
# 1. How to solve the sequential model and read the outcome under each US structure
#    (who joins, how China responds, what the United States gets).
# 2. Why China coerces Article V alliances but only presses networks.
# 3. The model's answer to the report's question, and how it matches the report's
#    conclusion.
# 4. Which single-parameter changes would overturn it (the thresholds), and how to
#    explore the model live with sliders.
# 5. The SEATO back-test: the same machinery on the 1954 precedent.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import gametheory as gt

MODELS = next(p for p in (Path("models"), Path("../models")) if p.is_dir())


# %% [markdown]
# ## 1. The model

# %%
model = gt.load_model(MODELS / "pacific_nato.toml")
print(model.description, "\n")
structures = model.player("USA").strategies
pd.DataFrame({"structure": structures,
              "what it is": [model.player("USA").meanings[s] for s in structures]})

# %% [markdown]
# The model has many parameters: scalar weights, one value per state (`trade_dep.AUS`)
# and one per structure (`obligation.pacific_nato`, the strength of its pledge). How many rest on a verbatim quote
# from the report, and how many on a judgement?

# %%
params = model.to_frame()
print(len(params), "parameters;", params["source"].value_counts().to_dict())
params[params["parameter"].str.startswith("obligation.")][
    ["parameter", "value", "low", "high", "source", "meaning"]]

# %% [markdown]
# ## 2. The outcome under each US structure
#
# `solve()` runs backward induction: for every US structure it solves the states'
# simultaneous stage (each state anticipating China's answer) and China's answer, then
# picks the structure the United States likes best. `to_frame()` has one row per US
# option; the chosen one is marked.

# %%
result = model.solve()
print(result)
outcomes = result.to_frame()
states = [p.id for p in model.players if p.role == "state"]
summary = pd.DataFrame({
    "structure": outcomes["USA"],
    "joiners": outcomes[states].eq("compete").apply(
        lambda row: ", ".join(row.index[row]), axis=1),
    "members": outcomes[states].eq("compete").sum(axis=1),
    "China's answer": outcomes["CHN"],
    "US payoff": outcomes["payoff USA"].round(3),
    "China's payoff": outcomes["payoff CHN"].round(3),
    "chosen": outcomes["chosen"],
})
summary

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
colours = {"cooperate": "tab:green", "hedge": "tab:orange", "compete": "tab:red",
           "force": "tab:purple"}
y = np.arange(len(summary))
axes[0].barh(y, summary["US payoff"], color=[colours[c] for c in summary["China's answer"]],
             edgecolor=["k" if c else "none" for c in summary["chosen"]], linewidth=2)
axes[0].set_yticks(y, summary["structure"])
axes[0].invert_yaxis()
axes[0].set_xlabel("US payoff (colour: China's answer)")
axes[0].axvline(0, color="grey", lw=0.8)
for c, col in colours.items():
    axes[0].barh([0], [0], color=col, label=f"China: {c}")
axes[0].legend(fontsize=8, loc="lower right")
axes[1].barh(y, summary["members"], color="tab:blue")
axes[1].set_xlabel("states that join")
fig.suptitle("The US choice (outlined) and what follows from each option")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 3. Why China coerces alliances and presses networks
#
# China's payoff depends on the states only through the capability of the joiners (plus
# Taiwan's membership when it is offered), and its use of force is deterred by the
# structure's credible response, which grows with that capability and with the pledge.
# Given who joined under each structure, here are China's payoffs from each of its four
# answers:

# %%
answers = model.player("CHN").strategies
rows = []
for _, row in outcomes.iterrows():
    profile = {p: row[p] for p in model.player_ids}
    rows.append({"structure": row["USA"],
                 **{a: model.payoffs({**profile, "CHN": a})["CHN"] for a in answers},
                 "answer": row["CHN"]})
china = pd.DataFrame(rows).set_index("structure").round(3)
assert (china[list(answers)].idxmax(axis=1) == china["answer"]).all()
china

# %% [markdown]
# An Article V alliance is a threat China meets with "a whole-of-government effort to
# stop it": its coercion neutralises more of the threat than pressure does, and the
# threat is large enough to be worth the cost. A network is a smaller threat: pressure
# (demarches, counter-exercises, counter-institutions) is enough. An inclusive network
# open to China is met with restraint.
#
# ## 4. The model's answer, and the report's
#
# The United States chooses `quad_plus`: an enhanced Quad with a revived TPP. The
# report's conclusion reads: "an enhanced Quad or NATO EOP program and revitalized
# version of the TPP can provide much of the value of a Pacific NATO ... at a fraction
# of the diplomatic cost." Compare the two structures' value to the United States
# before and after the diplomatic cost:

# %%
print("the United States chooses:", result.path["USA"])
compare = pd.DataFrame({
    s: {"US payoff": result.plan["options"][s]["payoffs"]["USA"],
        "diplomatic cost": model.values[f"dipcost.{s}"],
        "members": int(summary.set_index("structure").loc[s, "members"])}
    for s in ("quad_plus", "pacific_nato")}).T
compare["value before diplomatic cost"] = compare["US payoff"] + compare["diplomatic cost"]
compare["cost as a share of a Pacific NATO's"] = (compare["diplomatic cost"]
                                                  / compare.loc["pacific_nato", "diplomatic cost"])
assert result.path["USA"] == "quad_plus"
compare.round(3)

# %% [markdown]
# ## 5. What would overturn it?
#
# Move each scalar parameter to the low and then the high end of its plausible range,
# one at a time, and re-solve (all the variants in one batched call of the model's
# evaluator). Notebook 05 does this for every parameter, and `gametheory calibrate`
# varies all of them at once against the report's facts.

# %%
scalars = [n for n, p in model.parameters.items() if "." not in n and p.low < p.high]
variants, labels = [], []
for name in scalars:
    p = model.parameters[name]
    for end, value in (("low", p.low), ("high", p.high)):
        variants.append({name: value})
        labels.append((name, end, value))
evaluate = model.evaluator()
base_row = model.value_vector()
P = np.tile(base_row, (len(variants), 1))
for k, change in enumerate(variants):
    for name, value in change.items():
        P[k, model.parameter_names.index(name)] = value
batch = evaluate(P)
one_at_a_time = pd.DataFrame({
    "parameter": [x[0] for x in labels], "end": [x[1] for x in labels],
    "value": [x[2] for x in labels], "US choice": batch.action_labels("USA"),
    "China": batch.action_labels("CHN"),
    "members": [", ".join(s for s in states if batch.action_labels(s)[k] == "compete")
                for k in range(len(labels))]})
assert (one_at_a_time["US choice"] != "").all()  # every variant solved
base_members = ", ".join(s for s in states if result.path[s] == "compete")
changed = one_at_a_time[(one_at_a_time["US choice"] != result.path["USA"])
                        | (one_at_a_time["members"] != base_members)]
keeps = (one_at_a_time["US choice"] == result.path["USA"]).mean()
print(f"{len(scalars)} scalar parameters, {len(one_at_a_time)} solves; the US keeps "
      f"{result.path['USA']} in {keeps:.0%} of them")
changed

# %% [markdown]
# The table lists every single change that moves the US choice or the Quad's
# membership; how robust the choice is when everything varies at once, over the part
# of the space that reproduces the report's facts, is what `gametheory calibrate`
# reports (models/README.md).
#
# ### Live: the US choice under your assumptions
#
# `gt.explore(model)` gives one slider per ranged parameter: the scalar ones first, the
# per-state and per-structure groups (`trade_dep`, `obligation`, ...) folded below them.
# Each change re-solves the whole game (all seven structures and both trade tracks, the
# states' stage solved exactly each time without enumerating its 3^12 profiles) and
# redraws the US payoff of every structure, coloured by China's answer, outlining the one
# the United States chooses. The "nearest thresholds" button finds, one parameter at a
# time, the closest values where the outcome changes.

# %%
panel = gt.explore(model)
panel

# %% [markdown]
# Static rendering: the chart drawn directly (`gt.plots.option_outcomes`) with dearer
# coercion for the states (`coercion = 1`) and a dearer war (`war_cost = 2`):

# %%
dear = model.with_params(coercion=1.0, war_cost=2.0).solve()
gt.plots.option_outcomes(dear)

# %% [markdown]
# Moving a slider from code re-solves the panel just as dragging it does:

# %%
panel.set(coercion=1.0)
under_alliance = panel.result.plan["options"]["pacific_nato"]["path"]
print("coercion = 1: the US chooses", panel.result.path["USA"], "| under a Pacific NATO, "
      "Australia would", under_alliance["AUS"])
print("reproduce on the command line:", panel.explorer.command())
assert under_alliance["AUS"] != "compete"
panel.reset()
assert panel.result.path == result.path

# %% [markdown]
# ## 6. The SEATO back-test
#
# The report's precedent is SEATO (1954). The same machinery, with the 1954 actors, asks
# whether the model reproduces history: eight founders (the United States, the United
# Kingdom, France, Australia, New Zealand, Pakistan, the Philippines and Thailand);
# Burma and Indonesia neutral; the Geneva-barred protocol states outside; and a pact
# that guarded against invasion while the threat became subversion.

# %%
seato = gt.load_model(MODELS / "seato_1954.toml")
seato_result = seato.solve()
seato_frame = seato_result.to_frame()
seato_states = [p.id for p in seato.players if p.role == "state"]
joined = sorted(s for s in seato_states if seato_result.path[s] == "compete")
print("the United States chooses:", seato_result.path["USA"])
print("members with the US:", ", ".join(joined))
print("China and the bloc answer:", seato_result.path["CHN"], "(internal subversion)")
founders = {"AUS", "NZL", "PAK", "PHL", "THA", "GBR", "FRA"}
assert set(joined) == founders and seato_result.path["USA"] == "manila_pact"
assert seato_result.path["CHN"] == "hedge"
seato_frame[["USA", *seato_states, "CHN", "payoff USA", "chosen"]]

# %% [markdown]
# The back-test reproduces the eight founders, the neutrals and the barred states, and
# the form of the pact (consultation, no forces of its own). It also reproduces why the
# pact disappointed: faced with members, the bloc turned to subversion, which the pact
# was not built to meet. The lesson the report draws for a Pacific NATO is the same
# one the flagship model finds: membership and China's answer, not the treaty text,
# decide what a structure is worth.
