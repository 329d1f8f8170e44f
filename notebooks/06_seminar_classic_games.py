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
# # Seminar: classic games
#
# A seminar session in one notebook. Every game is solved by the package's verified
# solvers: each equilibrium comes with its *regret* (the most any player could gain by
# deviating, 0 at an exact equilibrium), and the two-player solver lists **all** of
# them, degenerate games included.
#
# **What you will learn**
#
# 1. Why the prisoner's dilemma ends in mutual defection although both prefer
#    cooperation (dominance, Pareto inefficiency).
# 2. How chicken and the stag hunt differ: anti-coordination against coordination,
#    payoff dominance against risk dominance.
# 3. How the *security dilemma* is a prisoner's dilemma or a stag hunt depending on
#    whether offence or defence has the advantage, with a slider to move between them.
# 4. Why a deterrence threat can be an equilibrium of the normal form and still not be
#    credible, and what an *equilibrium component* is.
# 5. Mixed strategies as making the opponent indifferent: matching pennies,
#    rock-paper-scissors, and the minimax value of a zero-sum game.
# 6. Which equilibrium is plausible (refinements), and how learning and evolution
#    (replicator dynamics, fictitious play) find, or fail to find, equilibria.
#
# Exercises with worked solutions close the notebook.

# %%
from fractions import Fraction
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display

import gametheory as gt
from gametheory.solvers import iterated_elimination, zero_sum

# the example games live in models/ at the top of the repository
# load the plotting backend now, so that the figures gametheory returns render inline
plt.switch_backend(plt.get_backend())
MODELS = next(p for p in (Path("models"), Path("../models")) if p.is_dir())


# %% [markdown]
# ## 1. The prisoner's dilemma
#
# Two suspects (or two states, two firms) each choose to cooperate or defect. The game
# file carries its own description:

# %%
pd_game = gt.read_nfg(MODELS / "prisoners_dilemma.nfg")
pd_game

# %% [markdown]
# Whatever the other does, `Defect` pays more: it *strictly dominates* `Cooperate`.
# Iterated elimination of strictly dominated strategies removes `Cooperate` for both and
# leaves one profile.

# %%
elimination = iterated_elimination(pd_game)
for step in elimination:
    print(step.describe())
elimination.surviving

# %%
result = gt.solve(pd_game, exact=True)
result

# %% [markdown]
# The solver confirms it is the only equilibrium (`complete`: every equilibrium is
# listed). Now compare payoffs: both players would be better off at
# (`Cooperate`, `Cooperate`). The equilibrium is **Pareto-dominated**. Individual
# rationality and collective rationality part ways; that is the whole dilemma.

# %%
(equilibrium,) = result
cooperate = pd_game.payoff({"Row": "Cooperate", "Column": "Cooperate"})
print("equilibrium payoffs:", equilibrium.payoffs)
print("mutual cooperation :", cooperate)
assert all(cooperate[p] > equilibrium.payoffs[p] for p in pd_game.players)

# %% [markdown]
# ## 2. Chicken and the stag hunt
#
# **Chicken** (hawk-dove) is an *anti-coordination* game: each wants to do the
# opposite of the other. It has two pure equilibria and a mixed one.

# %%
chicken = gt.read_nfg(MODELS / "chicken.nfg")
chicken_result = gt.solve(chicken, exact=True)
display(chicken)
chicken_result

# %% [markdown]
# The mixed equilibrium is found by **indifference**: Driver 1 mixes so that Driver 2
# gets the same from `Swerve` and `Straight`. If Driver 1 swerves with probability
# $p$, Driver 2 gets $0\cdot p + (-1)(1-p)$ from swerving and $1\cdot p - 10(1-p)$ from
# going straight; equal when $p = 9/10$. The exact solver gives the same fraction:

# %%
A = chicken.exact_payoffs[..., 1]  # Driver 2's payoffs, exact fractions
# Driver 2 indifferent: p*A[0,0] + (1-p)*A[1,0] == p*A[0,1] + (1-p)*A[1,1]
p = (A[1, 1] - A[1, 0]) / (A[0, 0] - A[1, 0] - A[0, 1] + A[1, 1])
mixed = next(e for e in chicken_result if not e.is_pure)
print("by hand:", p, " solver:", mixed.exact_vectors[0][0])
assert p == mixed.exact_vectors[0][0] == Fraction(9, 10)

# %% [markdown]
# The **stag hunt** is a *coordination* game. Both hunting the stag pays most, but a
# lone stag hunter gets nothing; the hare is safe. Two pure equilibria again, now on
# the diagonal.

# %%
stag = gt.read_nfg(MODELS / "stag_hunt.nfg")
stag_result = gt.solve(stag, exact=True)
display(stag)
stag_result.to_frame()

# %% [markdown]
# Which equilibrium will hunters reach? (Stag, Stag) is **payoff dominant** (better for
# both). (Hare, Hare) is **risk dominant** (Harsanyi and Selten 1988): compare the
# products of the losses from deviating unilaterally at each equilibrium. The larger
# product marks the equilibrium that is safer when you are unsure what the other will do.


# %%
def deviation_loss_product(game, profile):
    """Product over players of what a unilateral deviation from a pure profile costs."""
    product = 1.0
    for i, player in enumerate(game.players):
        here = game.payoff(profile)[player]
        other = next(s for s in game.strategies[i] if s != profile[player])
        product *= here - game.payoff({**profile, player: other})[player]
    return product


for s in ("Stag", "Hare"):
    profile = {"Hunter 1": s, "Hunter 2": s}
    print(f"({s}, {s}): payoff {stag.payoff(profile)['Hunter 1']}, "
          f"deviation-loss product {deviation_loss_product(stag, profile)}")

# %% [markdown]
# (Stag, Stag) has the higher payoff (4 against 3) but the smaller deviation-loss
# product (1 against 9): the hare is risk dominant. The mixed equilibrium says the same
# thing another way: a hunter should go for the stag only if the other does so with
# probability above 3/4.
#
# ### Several equilibria in an analysis
#
# A game with several equilibria has no single "outcome" to track as a parameter
# moves. The toolkit's analyses therefore follow the **set** of pure equilibria by
# default, and one equilibrium only under a selection rule you name. Below, the stag
# is worth `stag` to each hunter (4 above) and the hare `hare` (3): a model file with
# two parameters.

# %%
STAG_HUNT = """
format = 1
[model]
id = "stag_hunt"
title = "Stag hunt with a stag worth `stag`"
[players.H1]
name = "Hunter 1"
payoff = "stag * (H1 == 'stag') * (H2 == 'stag') + hare * (H1 == 'hare')"
[players.H1.strategies]
stag = "Hunt the stag"
hare = "Hunt a hare"
[players.H2]
name = "Hunter 2"
payoff = "stag * (H2 == 'stag') * (H1 == 'stag') + hare * (H2 == 'hare')"
[players.H2.strategies]
stag = "Hunt the stag"
hare = "Hunt a hare"
[parameters.stag]
value = 4
low = 1
high = 6
unit = "payoff"
meaning = "What a shared stag is worth to each hunter"
judgement = "The textbook value."
[parameters.hare]
value = 3
low = 1
high = 5
unit = "payoff"
meaning = "What a hare is worth"
judgement = "The textbook value."
"""
hunt = gt.Model.from_toml(STAG_HUNT)
print([e.label() for e in hunt.solve()])

# %% [markdown]
# `thresholds` reports where an equilibrium **appears or disappears** (kind
# `equilibrium-set`): the stag equilibrium exists exactly while the stag is worth at
# least the hare. The hare equilibrium never goes away.

# %%
from gametheory.sensitivity import critical_thresholds, sweep  # noqa: E402

frame = critical_thresholds(hunt)
display(frame[["parameter", "threshold", "kind", "equilibria_before", "equilibria_after"]])
assert set(frame.kind) == {"equilibrium-set"}
assert np.isclose(frame.set_index("parameter").loc["stag", "threshold"], 3.0)

# %% [markdown]
# A sweep lists the set at each point. Only with a named rule (`select=`, or
# `--select` on the command line) does it also follow one equilibrium: here the
# payoff-dominant one, which is the stag hunt wherever it exists.

# %%
table = sweep(hunt, "stag", steps=6, select="payoff-dominant")
table[["stag", "equilibrium set", "equilibria", "outcome"]]

# %% [markdown]
# On the command line the same reads `gametheory thresholds MODEL.toml` (the set) and
# `gametheory thresholds MODEL.toml --select payoff-dominant` (also the thresholds
# where the rule's pick changes while the set stays, of kind `selection`); a report
# (`gametheory report`) opens by saying how many equilibria the game has and which
# one, if any, it follows.
#
# ## 3. The security dilemma, live
#
# Jervis (1978): each of two states chooses to `Arm` or `Restrain`. Restraint by both
# is worth `peace` to each; arming costs `cost`; a state that arms against a restrained
# neighbour gains `advantage` (offence pays), and the restrained neighbour loses
# `exposure`. When arms buy enough advantage, `Arm` is dominant and the game is a
# prisoner's dilemma; when defence has the upper hand (small `advantage`), mutual
# restraint becomes an equilibrium too and the game is a stag hunt.
#
# Written as a model (a few lines of TOML: the payoffs are formulas over named
# parameters), it gets sliders, the payoff table and the best-response diagram from
# `gt.explore` for free:

# %%
SECURITY = """
format = 1
[model]
id = "security_dilemma"
title = "Security dilemma"
[players.A]
name = "State A"
payoff = "peace + (A == 'Arm') * ((B == 'Restrain') * (advantage - cost) - (B == 'Arm') * (cost + exposure / 2)) - (A == 'Restrain') * (B == 'Arm') * exposure"
strategies = {Restrain = "keep forces at their level", Arm = "build up"}
[players.B]
name = "State B"
payoff = "peace + (B == 'Arm') * ((A == 'Restrain') * (advantage - cost) - (A == 'Arm') * (cost + exposure / 2)) - (B == 'Restrain') * (A == 'Arm') * exposure"
strategies = {Restrain = "keep forces at their level", Arm = "build up"}
[parameters]
advantage = {value = 2.0, low = 0.0, high = 4.0, unit = "payoff", meaning = "gain from arming against a restrained neighbour", judgement = "Jervis (1978): offence pays"}
cost = {value = 1.0, low = 0.0, high = 4.0, unit = "payoff", meaning = "cost of arming", judgement = "illustration"}
exposure = {value = 3.0, low = 0.0, high = 4.0, unit = "payoff", meaning = "loss of a restrained state whose neighbour arms", judgement = "illustration"}
peace = {value = 3.0, low = 3.0, high = 3.0, unit = "payoff", meaning = "value of mutual restraint", judgement = "normalisation"}
"""
security = gt.Model.from_toml(SECURITY)


def classify(game):
    """Name the 2x2 symmetric game by its pure equilibria."""
    pure = {tuple(e.pure_profile().values()) for e in gt.solve(game) if e.is_pure}
    if pure == {("Arm", "Arm")}:
        return "prisoner's dilemma: arming is dominant"
    if {("Restrain", "Restrain"), ("Arm", "Arm")} <= pure:
        return "stag hunt: mutual restraint is an equilibrium, but so is an arms race"
    return "other: pure equilibria " + ", ".join("/".join(p) for p in sorted(pure))


print(classify(security.game()))
print(classify(security.with_params(advantage=0.5).game()))

# %% [markdown]
# A **best-response diagram** (`gt.plots.best_response_curves`) draws, for each player,
# the probability of `Arm` that is a best response to each probability of the other's
# `Arm`. Equilibria are where the two best-response curves cross; the solver's
# equilibria are marked with circles. The panel below redraws it, with the payoff table,
# at every move of a slider.

# %%
panel = gt.explore(security)
panel

# %% [markdown]
# Drag `advantage` below `cost` and watch the equilibrium at mutual restraint appear.
# In a static rendering of this notebook (or without a live kernel) the sliders do
# nothing, so here is the diagram drawn directly, with defensive advantage:

# %%
defensive = security.with_params(advantage=0.5)
gt.plots.best_response_curves(defensive.game(), title=classify(defensive.game()).split(":")[0])

# %% [markdown]
# Moving a slider from code does exactly what dragging it does: the panel re-solves.

# %%
panel.set(advantage=0.5)
restrained = {e.label() for e in panel.result}
panel.set(advantage=2.0)
arms_race = {e.label() for e in panel.result}
print("defence dominant:", sorted(restrained))
print("offence dominant:", sorted(arms_race))
assert "A Restrain / B Restrain" in restrained
assert arms_race == {"A Arm / B Arm"}

# %% [markdown]
# ## 4. Deterrence, credibility and equilibrium components
#
# A challenger decides whether to `Challenge` a status quo; the defender decides
# whether to `Resist` or `Concede` if challenged. Staying out leaves the status quo,
# worth 0 to the challenger and 2 to the defender, *whatever the defender would have
# done*. Written in normal form, the defender's threat is then free: this makes the
# game **degenerate** (the defender has two best replies to `Stay out`).

# %%
deterrence = gt.NormalFormGame.from_bimatrix(
    [[0, 0], [-1, 1]],   # challenger: Stay out / Challenge vs Resist / Concede
    [[2, 2], [-1, 1]],   # defender
    players=("Challenger", "Defender"),
    strategies=(("Stay out", "Challenge"), ("Resist", "Concede")),
    title="Deterrence",
)
deterrence_result = gt.solve(deterrence, exact=True)
display(deterrence)
deterrence_result.to_frame().assign(
    component=[e.properties["component"] for e in deterrence_result])

# %% [markdown]
# The solver lists the *extreme points* of each equilibrium **component** (a connected
# set of equilibria). One component is the single point (`Challenge`, `Concede`).
# The other is a segment: the challenger stays out, and the defender resists with any
# probability of at least 1/2, which is exactly what makes challenging unprofitable:

# %%
for e in deterrence_result:
    print(e.properties["component"], e.label(), "regret", e.exact_regret)
segment = [e for e in deterrence_result if e["Challenger"]["Stay out"] == 1]
print("P(Resist) at the ends of the segment:",
      sorted(str(e.exact_vectors[1][0]) for e in segment))

# %% [markdown]
# Is the threat credible? If the challenger actually challenges, the defender gets 1
# from conceding and -1 from resisting: it will concede. Backward induction (subgame
# perfection) keeps only (`Challenge`, `Concede`). Deterrence by a threat you would not
# carry out is an equilibrium of the normal form, but not a *credible* one. The
# sequential models in notebook 04 solve such move orders by backward induction.
#
# The same structure appears in the degenerate 3x2 game from von Stengel (2007), where
# one component is a continuum and the other an isolated mixed equilibrium:

# %%
degenerate = gt.read_nfg(MODELS / "degenerate_3x2.nfg")
degenerate_result = gt.solve(degenerate, exact=True)
display(degenerate)
for e in degenerate_result:
    print(f"component {e.properties['component']}: {e.label()}")

# %% [markdown]
# ## 5. Mixed strategies: matching pennies and rock-paper-scissors
#
# In matching pennies there is no pure equilibrium: best replies chase each other round
# the square. The only equilibrium has both mix 1/2-1/2, and the best-response diagram
# shows the two curves crossing in the middle.

# %%
pennies = gt.read_nfg(MODELS / "matching_pennies.nfg")
pennies_result = gt.solve(pennies)
display(gt.plots.best_response_curves(pennies, pennies_result, title="Matching pennies"))
pennies_result

# %% [markdown]
# Both games are **zero-sum**, so von Neumann's minimax theorem applies: the row
# player's best guaranteed payoff equals the column player's best guaranteed limit on
# it. That common number is the *value*; the zero-sum solver computes it by linear
# programming.

# %%
rps = gt.read_nfg(MODELS / "rock_paper_scissors.nfg")
rps_lp = zero_sum(rps)
value = rps_lp[0].properties["value"]
print("value of rock-paper-scissors:", round(value, 12) + 0.0)
print("optimal mix:", {s: round(p, 6) for s, p in rps_lp[0]["Player 1"].items()})
assert abs(value) < 1e-9 and gt.solve(rps, exact=True)[0].exact_vectors[0] == (Fraction(1, 3),) * 3

# %% [markdown]
# **Behavioural aside.** People do not play exactly 1/3 each. The logit *quantal
# response equilibrium* (McKelvey and Palfrey 1995) lets players err in proportion to
# how costly the error is; its rationality `lam` runs from 0 (uniform play) to infinity
# (Nash). In an asymmetric game the path bends on its way to the equilibrium:

# %%
from gametheory.qre import logit_correspondence

curve = logit_correspondence(chicken, max_lambda=20)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(curve["lambda"], curve["Driver 1:Swerve"], label="P(Driver 1 swerves)")
ax.axhline(0.9, color="grey", ls=":", label="mixed Nash equilibrium: 9/10")
ax.set_xlabel("rationality lam")
ax.legend()
plt.show()

# %% [markdown]
# ## 6. Which equilibrium? Refinements, learning and evolution
#
# `gametheory.refinements.classify` annotates every equilibrium of a result with the
# standard refinements: strictness, Pareto efficiency, payoff and risk dominance,
# evolutionary stability (ESS) and stability under the replicator dynamics. It confirms
# the stag-hunt analysis of section 2:

# %%
from gametheory.refinements import classify

columns = ["strict", "payoff_dominant", "risk_dominant", "ess", "replicator_stable"]
classified = classify(stag_result)
pd.DataFrame([{"equilibrium": e.label(), **{c: e.properties[c] for c in columns}}
              for e in classified])

# %%
by_label = {e.label(): e.properties for e in classified}
assert by_label["Hunter 1 Hare / Hunter 2 Hare"]["risk_dominant"] is True
assert by_label["Hunter 1 Stag / Hunter 2 Stag"]["payoff_dominant"] is True

# %% [markdown]
# ### Replicator dynamics
#
# In evolutionary game theory a strategy's share of a population grows in proportion
# to how much better than average it does: $\dot x_i = x_i\,((Ax)_i - x^\top A x)$.
# `gametheory.dynamics` integrates it (and the other rules below) and returns the
# trajectory as a DataFrame. In **one population** of drivers playing chicken
# (hawk-dove), the mixed equilibrium (swerve with probability 9/10) is an ESS, and every
# interior starting point converges to it:

# %%
from gametheory import dynamics

fig, ax = plt.subplots(figsize=(6, 3.2))
for start in (0.05, 0.3, 0.6, 0.97):
    path = dynamics.replicator(chicken, start={"Driver 1": [start, 1 - start]},
                               single_population=True, t_max=15)
    ax.plot(path["time"], path["Driver 1:Swerve"], label=f"start {start}")
ax.axhline(0.9, color="grey", ls=":", label="ESS: 9/10")
ax.set_xlabel("time")
ax.set_ylabel("share that swerves")
ax.legend(fontsize=8)
ax.set_title("Hawk-dove in one population")
plt.show()
final = path["Driver 1:Swerve"].iloc[-1]
mixed_props = next(e for e in classify(chicken_result) if not e.is_pure).properties
print("share at the end:", round(final, 4), "| ESS:", mixed_props["ess"],
      "| stable in one population:", mixed_props["replicator_stable_symmetric"])
assert abs(final - 0.9) < 1e-3 and mixed_props["ess"]

# %% [markdown]
# With **two populations** (row drivers and column drivers, each adapting to the
# other), the same mixed equilibrium becomes a *saddle*: play runs off to one of the two
# pure equilibria, depending on where it starts. The grey field is the direction of the
# two-population replicator dynamics on the unit square; the red curves are
# trajectories from `dynamics.replicator`; `classify` agrees (the mixed equilibrium is
# not `replicator_stable`).

# %%
A_chicken, B_chicken = chicken.payoffs[..., 0], chicken.payoffs[..., 1]
grid = np.linspace(0.02, 0.98, 25)
P, Q = np.meshgrid(grid, grid)  # P: P(Driver 1 swerves), Q: P(Driver 2 swerves)
u1 = (A_chicken[0, 0] - A_chicken[1, 0]) * Q + (A_chicken[0, 1] - A_chicken[1, 1]) * (1 - Q)
u2 = (B_chicken[0, 0] - B_chicken[0, 1]) * P + (B_chicken[1, 0] - B_chicken[1, 1]) * (1 - P)
fig, ax = plt.subplots(figsize=(4.8, 4.5))
ax.streamplot(P, Q, P * (1 - P) * u1, Q * (1 - Q) * u2, density=1.0, color="lightgrey",
              linewidth=0.8)
ends = []
for p0, q0 in ((0.95, 0.85), (0.85, 0.95), (0.5, 0.3), (0.3, 0.5)):
    path = dynamics.replicator(chicken, start={"Driver 1": [p0, 1 - p0],
                                               "Driver 2": [q0, 1 - q0]}, t_max=30)
    ax.plot(path["Driver 1:Swerve"], path["Driver 2:Swerve"], color="tab:red", lw=1.5)
    ax.plot(p0, q0, "o", color="tab:red", ms=4)
    ends.append((round(path["Driver 1:Swerve"].iloc[-1]), round(path["Driver 2:Swerve"].iloc[-1])))
for e in chicken_result:
    ax.plot(e.vectors[0][0], e.vectors[1][0], "o", ms=11, mfc="none", mec="k", mew=2)
ax.set_xlabel("P(Driver 1 swerves)")
ax.set_ylabel("P(Driver 2 swerves)")
ax.set_title("Chicken, two populations")
plt.show()
print("where the trajectories end (P(swerve) for each driver):", ends)
assert set(ends) <= {(0, 1), (1, 0)} and mixed_props["replicator_stable"] is False

# %% [markdown]
# In **rock-paper-scissors** the replicator dynamics neither converge nor diverge:
# every interior orbit circles the uniform mixture forever (the product
# $x_R x_P x_S$ is conserved). Linearisation cannot decide stability, and `classify`
# says so (`None`). `dynamics.phase_portrait` draws the field on the simplex, some
# trajectories, and the equilibrium (filled if it is an ESS):

# %%
rps_classified = classify(gt.solve(rps))
display(dynamics.phase_portrait(rps, equilibria=rps_classified, trajectories=3, t_max=15))
orbit = dynamics.replicator(rps, start={"Player 1": [0.6, 0.3, 0.1]}, single_population=True,
                            t_max=30)
product = orbit[["Player 1:Rock", "Player 1:Paper", "Player 1:Scissors"]].prod(axis=1)
print("x_R x_P x_S along the orbit: min", round(product.min(), 6), "max", round(product.max(), 6))
print("replicator stability of the uniform mixture:",
      rps_classified[0].properties["replicator_stable"])
assert np.ptp(product) < 1e-5 * product.iloc[0]

# %% [markdown]
# ### Fictitious play
#
# Players who best-respond to the *empirical frequency* of the other's past play
# (Brown 1951) cycle in matching pennies, but the frequencies converge to the mixed
# equilibrium (Robinson 1951): learning finds the equilibrium of a zero-sum game even
# though nobody ever plays a mixed strategy.

# %%
learning = dynamics.fictitious_play(pennies, start={"Even": [1, 0], "Odd": [1, 0]},
                                    steps=2000)
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(learning["step"] + 1, learning["Even:Heads"], label="Even: Heads")
ax.plot(learning["step"] + 1, learning["Odd:Heads"], label="Odd: Heads")
ax.axhline(0.5, color="grey", ls=":")
ax.set_xscale("log")
ax.set_xlabel("round")
ax.set_ylabel("empirical frequency")
ax.legend(fontsize=8)
ax.set_title("Fictitious play in matching pennies")
plt.show()
last = learning.iloc[-1]
print("frequencies after 2000 rounds:", last[["Even:Heads", "Odd:Heads"]].round(3).to_dict())
assert abs(last["Even:Heads"] - 0.5) < 0.05 and abs(last["Odd:Heads"] - 0.5) < 0.05

# %% [markdown]
# In *stochastic* fictitious play players choose by logit responses (as in a QRE), so
# play is random; the `rng` argument makes a run reproducible. In the stag hunt, where
# play ends up depends on where it starts:

# %%
for label, start in (("optimists", [0.9, 0.1]), ("pessimists", [0.5, 0.5])):
    run = dynamics.stochastic_fictitious_play(
        stag, start={"Hunter 1": start, "Hunter 2": start}, steps=500, lam=5.0, rng=0)
    print(f"{label:10s} start P(Stag) = {start[0]}: after 500 rounds "
          f"{run['Hunter 1:Stag'].iloc[-1]:.2f} and {run['Hunter 2:Stag'].iloc[-1]:.2f}")
again = dynamics.stochastic_fictitious_play(
    stag, start={"Hunter 1": [0.5, 0.5], "Hunter 2": [0.5, 0.5]}, steps=500, lam=5.0, rng=0)
assert again.equals(run)  # same seed, same history

# %% [markdown]
# ## Exercises
#
# Try each one before opening its solution.
#
# **Exercise 1.** In the battle of the sexes (`models/battle_of_the_sexes.nfg`), find
# the mixed equilibrium by the indifference condition, by hand, and check it against
# the exact solver.
#
# <details><summary>Solution</summary>
#
# Alice mixes to make Bob indifferent. If Alice plays Opera with probability $p$, Bob
# gets $2p$ from Opera and $3(1-p)$ from Football: equal at $p = 3/5$. Bob mixes so
# that Alice is indifferent: with $q$ = P(Bob plays Opera), $3q = 2(1-q)$, so
# $q = 2/5$. The cell below checks it.
# </details>

# %%
bos = gt.read_nfg(MODELS / "battle_of_the_sexes.nfg")
bos_mixed = next(e for e in gt.solve(bos, exact=True) if not e.is_pure)
assert bos_mixed.exact_vectors[0][0] == Fraction(3, 5)
assert bos_mixed.exact_vectors[1][0] == Fraction(2, 5)
bos_mixed

# %% [markdown]
# **Exercise 2.** Multiply every payoff of the stag hunt by 3 and add 7. Do the
# equilibria change? Does risk dominance?
#
# <details><summary>Solution</summary>
#
# Neither changes. A positive affine transformation of a player's payoffs preserves
# every comparison that player makes, so best responses, equilibria (pure and mixed)
# and the *ranking* of deviation-loss products are unchanged (each product is
# multiplied by $3^2$).
# </details>

# %%
scaled = gt.NormalFormGame.from_payoff_array(3 * stag.payoffs + 7, players=stag.players,
                                             strategies=stag.strategies)
labels = {e.label() for e in gt.solve(scaled)}
assert labels == {e.label() for e in stag_result}
for s in ("Stag", "Hare"):
    profile = {"Hunter 1": s, "Hunter 2": s}
    print(s, deviation_loss_product(stag, profile), deviation_loss_product(scaled, profile))

# %% [markdown]
# **Exercise 3.** In the security dilemma with `cost = 1` and `exposure = 3`, for which
# values of `advantage` is mutual restraint an equilibrium?
#
# <details><summary>Solution</summary>
#
# Restraint is a best reply to restraint when `peace >= peace + advantage - cost`,
# that is `advantage <= cost = 1`. The sweep below finds the same threshold.
# </details>

# %%
grid = np.linspace(0, 3, 61)
restraint = [any(e.pure_profile() == {"A": "Restrain", "B": "Restrain"}
                 for e in security.with_params(advantage=a).solve() if e.is_pure)
             for a in grid]
threshold = grid[np.flatnonzero(restraint)].max()
print("mutual restraint is an equilibrium up to advantage =", threshold)
assert np.isclose(threshold, 1.0)

# %% [markdown]
# **Exercise 4.** Three neighbours hear a cry for help (`models/volunteers_dilemma.nfg`).
# Helping costs 1; everyone gains 2 if at least one helps. Find the symmetric mixed
# equilibrium. Is it more or less likely that nobody helps than in a two-person
# version?
#
# <details><summary>Solution</summary>
#
# Each ignores with probability $r$. Ignoring pays $2(1 - r^2)$ (someone else helps
# unless both others ignore); volunteering pays $2 - 1 = 1$. Indifference gives
# $r^2 = 1/2$, $r = 1/\sqrt{2} \approx 0.707$, and nobody helps with probability
# $r^3 \approx 0.354$. With two people, $2(1 - r) = 1$ gives $r = 1/2$ and nobody helps
# with probability $1/4$: **more bystanders, less help**. The cell checks the
# candidate's regret with the game itself.
# </details>

# %%
volunteers = gt.read_nfg(MODELS / "volunteers_dilemma.nfg")
r = 1 / np.sqrt(2)
candidate = gt.make_equilibrium(volunteers, [[1 - r, r]] * 3)
print("regret of the symmetric profile:", candidate.regret)
print("P(nobody helps): three people", round(r**3, 3), "| two people", 0.25)
assert candidate.regret < 1e-12
