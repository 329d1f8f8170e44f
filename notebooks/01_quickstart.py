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
# # Quickstart
#
# Ten minutes from a model file to a report.
#
# **What you will learn**
#
# 1. How to load a model and see its parameters, with their ranges and sources.
# 2. How to change a parameter (and what happens if you try a value outside its
#    plausible range).
# 3. How to solve a model and read the result: the equilibrium, the payoffs, the
#    regret, and whether the list of equilibria is complete.
# 4. How to solve a textbook game from a Gambit `.nfg` file and a sequential model.
# 5. How to make a report (HTML, Markdown, LaTeX, JSON) with sensitivity analysis.
#
# The notebooks after this one go deeper: 02 the US-China game, 03 regional states and
# hedging, 04 the Pacific NATO question, 05 sensitivity analysis, 06 a seminar on
# classic games.

# %%
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import gametheory as gt
from gametheory.report import build_report

MODELS = next(p for p in (Path("models"), Path("../models")) if p.is_dir())
# small samples keep the notebook quick; set GAMETHEORY_NB_SAMPLES for more
SAMPLES = int(os.environ.get("GAMETHEORY_NB_SAMPLES", "128"))

# %% [markdown]
# ## 1. Load a model
#
# A model is a TOML file: players, strategies, payoff formulas and parameters. Loading
# it never runs code from it. In a notebook, a model shows its parameters with their
# plausible ranges and where each number comes from.

# %%
model = gt.load_model(MODELS / "us_china.toml")
model

# %% [markdown]
# ## 2. Change a parameter
#
# `with_params` returns a **new** model; the original is untouched. Names with a dot
# (per-player or per-strategy parameters such as `trade_dep.AUS`) go in a dict.

# %%
riskier = model.with_params(conflict_risk=0.5, us_war_cost=2.0)
print("changed:", riskier.changed_parameters(model))
print("original still has conflict_risk =", model.values["conflict_risk"])

# %% [markdown]
# A value outside the parameter's plausible range is refused with a message that says
# which parameter, which value and which range (pass `extend_range=True` to explore
# beyond the range on purpose):

# %%
try:
    model.with_params(conflict_risk=0.9)
except gt.ModelError as error:
    print("ModelError:", error)
print(model.with_params(conflict_risk=0.9, extend_range=True).parameters["conflict_risk"])

# %% [markdown]
# ## 3. Solve and read the result

# %%
result = model.solve(exact=True)
result

# %% [markdown]
# `result` is an `EquilibriumResult`, the one result type every solver returns:
#
# - `result.complete`: the method guarantees that **every** equilibrium is listed;
# - `result.exact`: the arithmetic was exact (rational numbers);
# - each equilibrium maps players to their mixed strategies, e.g.
#   `eq["USA"]["hedge"]`, and carries its `payoffs` and its `regret` (the most any
#   player could gain by deviating; 0 at an equilibrium, and computed from the game,
#   not taken on trust from the algorithm).

# %%
eq = result[0]
print("label   :", eq.label())
print("USA     :", eq["USA"])
print("payoffs :", eq.payoffs)
print("regret  :", eq.regret, "(exact:", eq.exact_regret, ")")
print("complete:", result.complete, "| exact:", result.exact)
assert eq.pure_profile() == {"USA": "hedge", "CHN": "hedge"} and eq.exact_regret == 0

# %% [markdown]
# The same result as a table, and as the JSON the command line prints with `--json`:

# %%
result.to_frame()

# %%
print(result.to_json(indent=1)[:600], "...")

# %% [markdown]
# Does the change of section 2 move the equilibrium?

# %%
print("base   :", [e.label() for e in model.solve()])
print("riskier:", [e.label() for e in riskier.solve()])

# %% [markdown]
# ## 4. Textbook games and sequential models
#
# Games in Gambit's `.nfg` format load with `read_nfg` and solve with `solve`; for a
# two-player game the default method lists all extreme equilibria, mixed ones included.

# %%
chicken = gt.read_nfg(MODELS / "chicken.nfg")
gt.solve(chicken, exact=True).to_frame()

# %% [markdown]
# A sequential model (here one regional state moves first and China answers) is solved
# by backward induction. Its result has the equilibrium `path` and, in `to_frame()`,
# what would follow from each of the first mover's options:

# %%
state = gt.load_model(MODELS / "regional_state.toml")
sequential = state.solve()
print(sequential.path, "| regret", sequential.regret)
sequential.to_frame()

# %% [markdown]
# ## 5. Make a report
#
# `build_report` solves the model, runs its sensitivity analyses (Monte Carlo over the
# parameter ranges, thresholds, tornado, Sobol indices) and collects everything, with
# the source of every number and the command that regenerates it. `samples` is the
# number of Monte Carlo draws (this notebook uses a small number; the default is 512).

# %%
report = build_report(model, samples=SAMPLES, seed=0, workers=1)
report

# %% [markdown]
# The summary, as a policy reader sees it:

# %%
summary = report.to_markdown().split("## 2.")[0]
print(summary)
assert "hedge" in summary

# %% [markdown]
# Save it as one self-contained HTML page (figures inline, nothing fetched from the
# network), Markdown with its figures, LaTeX tables for a paper, and JSON. Here into a
# temporary folder that is removed afterwards; to keep the files, pass a folder of your
# own, e.g. `report.save("report-us_china")`.

# %%
with tempfile.TemporaryDirectory(prefix="gametheory-report-") as folder:
    written = report.save(folder, formats="html,md,tex,json")
    for fmt, path in written.items():
        print(f"{fmt:5s} {path.name:14s} {path.stat().st_size:>9,d} bytes")

# %% [markdown]
# In a notebook the report also renders in place: `display(report)`.
#
# ## 6. The same from the command line
#
# Everything above has a command-line equivalent:
#
# ```bash
# gametheory solve models/us_china.toml
# gametheory solve models/us_china.toml --set conflict_risk=0.5 --json
# gametheory solve models/chicken.nfg --exact
# gametheory report models/us_china.toml --samples 512 -o report/
# ```

# %%
out = subprocess.run([sys.executable, "-m", "gametheory", "solve", str(MODELS / "chicken.nfg")],
                     capture_output=True, text=True, check=True)
print(out.stdout)
