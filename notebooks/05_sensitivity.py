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
# # Sensitivity in depth
#
# A model's numbers are quotes and judgements, each with a plausible range. A
# conclusion is only as good as its robustness to those ranges. This notebook runs
# every analysis in `gametheory.sensitivity` on the flagship model
# (`models/pacific_nato.toml`) and says how to read each chart.
#
# **What you will learn**
#
# 1. The *parameter space*: which parameters vary, over which ranges.
# 2. One parameter at a time: sweeps, **critical thresholds** (the exact values at which
#    the outcome changes) and tornado charts.
# 3. Two at a time: **region maps**.
# 4. All at once: **Monte Carlo** shares with confidence intervals, **Sobol** indices
#    (which parameters drive the variance of an outcome) and **Morris** screening.
# 5. **Scenario discovery** (PRIM): the region of the space in which the conclusion
#    fails, described in a few conditions.
#
# Sample sizes are small so the notebook runs in a minute; set the environment variable
# `GAMETHEORY_NB_SAMPLES` (default 256) for tighter intervals.
#
# Every analysis follows the same pattern: **sample** points of the parameter space,
# **evaluate** the model's equilibrium at each (vectorised, in chunks; `workers=` runs
# them on several processes, a Dask cluster is also supported), then **analyse** the
# outcomes. Each returns a pandas DataFrame, and each chart has a `plot_*` function.

# %%
import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

import gametheory as gt
from gametheory import sensitivity as sa

MODELS = next(p for p in (Path("models"), Path("../models")) if p.is_dir())
SAMPLES = int(os.environ.get("GAMETHEORY_NB_SAMPLES", "256"))
# load the plotting backend now, so that the figures gametheory returns render inline
plt.switch_backend(plt.get_backend())
RUN = {"workers": 1}  # evaluation options; e.g. {"workers": 4} on a bigger machine

model = gt.load_model(MODELS / "pacific_nato.toml")
base = model.solve()
print("at the base values:", base.path["USA"], "| China:", base.path["CHN"])

# %% [markdown]
# ## 1. The parameter space
#
# `ParameterSpace.from_model` takes every parameter whose range is not a single point.
# A space can be narrowed, widened, restricted to some parameters (`select`) or given a
# non-uniform distribution (`with_distribution`) before sampling.

# %%
space = sa.ParameterSpace.from_model(model)
scalars = [n for n in space.names if "." not in n]
print(f"{len(space)} varying parameters, of which {len(scalars)} scalar; the rest are "
      "per state or per structure")
space.to_frame().head(8)

# %% [markdown]
# ## 2. One parameter at a time
#
# ### Sweep
#
# `sweep` solves the model along one parameter's range (the others at base) and
# records the outcome, each player's action and payoff. **Reading it:** the lines are
# equilibrium payoffs; a jump marks a change of some player's action.

# %%
sweep = sa.sweep(model, "coercion", steps=21, **RUN)
display(sa.plot_sweep(sweep, "coercion", players=["USA", "AUS", "JPN", "CHN"]))
sweep[["coercion", "USA action", "AUS action", "CHN action", "USA payoff"]].iloc[::4]

# %% [markdown]
# Read off the chart whether the US choice moves with `coercion`; what certainly moves
# is Australia's choice under a Pacific NATO, which the United States does not choose.
#
# ### Critical thresholds
#
# `critical_thresholds` scans each parameter's range, brackets every change of outcome
# and bisects it to the exact threshold. **Reading it:** `margin` is how far the
# parameter must move from its base value; `relative_margin` is that as a share of the
# range; `changes` says who changes what. The closest calls come first. Every
# threshold here is of `kind` `equilibrium-set` (the subgame-perfect path changes);
# the scan also visits every *branch* of the US choice, and a row whose `branch` is
# not empty (`"USA pacific_nato"`) is a change after an option the United States does
# not take at the base values. We keep the whole game's rows for what follows.

# %%
scan = sa.critical_thresholds(model, params=scalars, steps=21, **RUN)
print("parameters that never change the outcome:", ", ".join(scan.attrs["no_change"]))
branch_rows = scan[scan["branch"] != ""]
print(f"{len(branch_rows)} thresholds in branches the United States does not take, e.g.")
display(branch_rows[["branch", "parameter", "threshold", "changes"]].head(3))
thresholds = scan[scan["branch"] == ""].reset_index(drop=True)
thresholds[["parameter", "threshold", "base", "relative_margin", "changes"]].head(10)

# %%
us_changes = thresholds[thresholds["changes"].str.contains("USA ")]
print(f"{len(thresholds)} thresholds among {len(scalars)} scalar parameters; "
      f"{len(us_changes)} of them change the US choice")
us_changes[["parameter", "threshold", "base", "changes"]]
# check one threshold by solving on either side of it
row = thresholds.iloc[0]
p = model.parameters[row["parameter"]]
eps = 1e-3 * (p.high - p.low)
near, far = (row["threshold"] - eps, row["threshold"] + eps)
if row["direction"] == "below":
    near, far = far, near
before = model.with_params({row["parameter"]: near}).solve().path
after = model.with_params({row["parameter"]: far}).solve().path
print(f"{row['parameter']} = {near:.4g}: {[f'{k} {v}' for k, v in before.items() if after[k] != v]}")
print(f"{row['parameter']} = {far:.4g}: {[f'{k} {v}' for k, v in after.items() if before[k] != v]}")
assert before != after

# %% [markdown]
# ### Tornado
#
# `tornado` moves each parameter to the low and the high end of its range and records
# one numeric outcome (here the US payoff). **Reading it:** bars are sorted by swing;
# the vertical line is the base value; a long bar is a parameter the outcome is
# sensitive to, and a bar on one side only means the effect is one-directional.

# %%
tornado = sa.tornado(model, outcome="payoff:USA", params=scalars, **RUN)
display(sa.plot_tornado(tornado, top=12))
tornado[["parameter", "value_low", "value_base", "value_high", "swing"]].head(6)

# %% [markdown]
# ## 3. Two at a time: region maps
#
# A region map solves the model on a grid over two parameters and colours each point by
# its equilibrium outcome. **Reading it:** each colour is one outcome (the legend shows
# only the players whose action changes on the map); the star is the base point; a
# boundary close to the star means a close call. Here the two parameters with the
# closest thresholds:

# %%
closest = list(dict.fromkeys(thresholds["parameter"]))[:2]
region = sa.region_map(model, *closest, steps=21, **RUN)
display(region.plot())
region.shares()

# %% [markdown]
# ## 4. All at once
#
# ### Monte Carlo
#
# Draw every varying parameter at once, uniformly over its range, and count outcomes.
# **Reading it:** `mean` of an indicator outcome such as `USA=quad_plus` is the share
# of draws in which it holds; `ci_low`/`ci_high` are a 95% Wilson interval, which
# narrows as `1/sqrt(samples)`.

# %%
outcomes = ["USA=quad_plus", "USA=eop_plus", "USA=status_quo", "CHN=compete", "AUS=compete"]
mc = sa.monte_carlo(model, samples=SAMPLES, rng=0, outcomes=outcomes, **RUN)
print(mc)
mc.indices[["outcome", "mean", "ci_low", "ci_high", "n"]].round(3)

# %%
networked = mc.table.outcome("USA=quad_plus") + mc.table.outcome("USA=eop_plus")
print(f"the US chooses a networked option (quad_plus or eop_plus) in {networked.mean():.0%} "
      f"of {len(mc.table)} draws")
shares = mc.indices.set_index("outcome")["mean"]
assert abs(networked.mean() - shares["USA=quad_plus"] - shares["USA=eop_plus"]) < 1e-12
# shares of the US choice (the full 14-player outcome labels are each rare)
display(sa.plot_shares(sa.outcome_shares(mc.table, by="USA"), top=7,
                       title="The US choice over the Monte Carlo draws"))

# %% [markdown]
# ### Sobol indices
#
# Sobol's method splits the variance of an outcome into shares due to each parameter:
# **S1** is the share a parameter explains alone, **ST** its share including every
# interaction. A parameter with a small ST can be fixed anywhere in its range without
# changing the answer. Sobol needs `N * (k + 2)` evaluations for `k` parameters, so we
# run it on the scalar parameters that have thresholds. **Reading it:** bars with
# error bars (95% bootstrap intervals); with small samples, intervals are wide and
# small indices are indistinguishable from 0.

# %%
drivers = list(dict.fromkeys(thresholds["parameter"]))[:6]
sobol = sa.sobol(model, samples=max(SAMPLES // 4, 16), rng=0, space=space.select(drivers),
                 outcomes=["payoff:USA", "CHN=compete"], **RUN)
print(sobol)
display(sa.plot_indices(sobol.indices, outcome="payoff:USA"))
sobol.indices[sobol.indices["outcome"] == "payoff:USA"].round(3)

# %% [markdown]
# ### Morris screening
#
# Morris's elementary effects are a cheap screen over many parameters (`r * (k + 1)`
# evaluations for `r` trajectories): **mu\*** (mean absolute effect) ranks importance,
# **sigma** flags non-linearity or interactions. Use it to pick the few parameters
# worth a Sobol analysis.

# %%
morris = sa.morris(model, samples=max(SAMPLES // 25, 6), rng=0, space=space.select(scalars),
                   outcomes=["payoff:USA"], **RUN)
ranked = morris.indices.sort_values("mu_star", ascending=False)
fig, ax = plt.subplots(figsize=(6, 4))
ax.scatter(ranked["mu_star"], ranked["sigma"])
for _, r in ranked.head(6).iterrows():
    ax.annotate(r["parameter"], (r["mu_star"], r["sigma"]), fontsize=8)
ax.set_xlabel("mu* (importance)")
ax.set_ylabel("sigma (non-linearity, interactions)")
ax.set_title("Morris screening of the US payoff")
plt.show()
plt.close("all")
ranked[["parameter", "mu_star", "mu_star_conf", "sigma"]].head(8).round(3)

# %% [markdown]
# ## 5. Scenario discovery
#
# When does the conclusion fail? Take the Monte Carlo draws in which the United States
# does **not** choose a networked option, and let PRIM (the patient rule induction
# method) find a box of parameter space where such draws are concentrated.
#
# With 162 parameters and a few hundred draws, PRIM would happily describe noise, so
# first pick a handful of candidate drivers: the parameters whose (range-scaled) mean
# differs most between the failing and the other draws.

# %%
fails = 1.0 - networked
X, names = mc.table.values, list(mc.table.names)
low, high = space.select(names).bounds.T
scaled = (X - low) / np.where(high > low, high - low, 1.0)
gap = np.abs(scaled[fails == 1].mean(axis=0) - scaled[fails == 0].mean(axis=0))
candidates = [names[i] for i in np.argsort(-gap)[:4]]
print("candidate drivers:", ", ".join(candidates))

# %% [markdown]
# **Reading it:** *density* is the share of draws inside the box where the conclusion
# fails; *coverage* the share of all failures that the box captures; *support* the
# share of all draws inside it. A box with high density and coverage, described by two
# or three conditions, is a scenario worth naming.

# %%
columns = [names.index(c) for c in candidates]
boxes = sa.prim(X[:, columns], fails, candidates, min_coverage=0.3,
                outcome_name="the US chooses neither networked option")
for box in boxes:
    print(box.describe())
    inside = box.contains(X[:, columns], candidates)
    print(f"check: {fails[inside].mean():.0%} of the {inside.sum()} draws inside the box fail, "
          f"against {fails.mean():.0%} overall")
    assert fails[inside].mean() > fails.mean()

# %% [markdown]
# **Putting it together.** One at a time, a few scalar parameters move the United
# States off the networked options (the table above lists them, each with its
# threshold). All at once, over the whole plausible space, the networked options win
# only part of the draws, and PRIM names the corner where they lose. Which part of the
# space reproduces the report's own facts, and what the model concludes there, is the
# job of `gametheory calibrate` (see models/README.md). That is the kind of
# statement a report should make: the conclusion, its confidence, and the conditions
# under which it would fail. `gametheory report models/pacific_nato.toml` writes exactly
# that, with every number traced to its source.
