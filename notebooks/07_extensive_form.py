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
# # Extensive-form games: trees, information and credibility
#
# Games in which players move in turn, nature moves by chance, and players may not
# see everything that happened before. Every profile below comes with its *regret*
# computed on the tree (the most any player could gain by changing their whole
# strategy; 0 at an equilibrium).
#
# **What you will learn**
#
# 1. Entry deterrence: a Nash equilibrium can rest on a threat that would never be
#    carried out; subgame perfection removes it.
# 2. The centipede game: backward induction, and why it is uncomfortable.
# 3. Selten's horse: when there are no subgames, sequential rationality with beliefs
#    still separates credible from incredible equilibria.
# 4. Signalling: beer-quiche (two pooling equilibria) and the job market (education
#    as a separating signal).
# 5. Kuhn poker: bluffing as an equilibrium, and the value -1/18 of the first player,
#    computed exactly on the sequence form.

# %%
from gametheory.extensive import classics, make_behavior_profile, reduced_normal_form
from gametheory.extensive.enumerate import enumerate_extensive
from gametheory.extensive.sequence_solvers import sequence_lcp, sequence_lp
from gametheory.extensive.sequential import assess, perfect_bayesian_equilibria
from gametheory.extensive.spe import subgame_perfect
from gametheory.extensive.subgames import subgame_regret
from gametheory.io.efg import read_efg

# %% [markdown]
# ## 1. Entry deterrence
#
# The same tree is stored in `models/entry_deterrence.efg` (Gambit's format).

# %%
entry = read_efg("../models/entry_deterrence.efg")
print(entry.to_text())

# %%
nash = enumerate_extensive(entry)
nash.to_frame()

# %% [markdown]
# Three Nash equilibria (the last is one end of a component in which the incumbent
# fights with probability at least 1/2). The entrant stays out only because the
# incumbent "fights" -- but once entry happened, fighting pays -1 instead of 1. The
# subgame regret measures how much the threat costs to carry out:

# %%
for eq in nash:
    print(eq.label(), "| subgame regret:", subgame_regret(entry, eq.probabilities))

spe = subgame_perfect(entry)
print("subgame perfect:", [e.label() for e in spe])
assert [e.label() for e in spe] == ["Entrant In / Incumbent Accommodate"]

# %% [markdown]
# ## 2. The centipede game
#
# Two players alternately take a growing pot or pass it on. Backward induction says:
# take at once -- although both would be far better off passing.

# %%
cent = classics.centipede(6)
res = subgame_perfect(cent)
print(res[0].label(), res[0].payoffs)
assert all(d["Take"] == 1 for p in cent.players for d in res[0][p])
print("payoffs if everyone passes:", cent.terminal_nodes[-1].payoffs)

# %% [markdown]
# The reduced normal form lists one strategy per "stop at round k":

# %%
reduced_normal_form(cent).game.to_frame()

# %% [markdown]
# ## 3. Selten's horse
#
# Player 3 does not know whether player 1 played D or player 1 played A and player 2
# played d. There is no proper subgame, so subgame perfection keeps every Nash
# equilibrium. Sequential rationality does not: in (D, a, L) player 2 is never asked
# to move, but if asked, d would pay 4 instead of 1.

# %%
horse = classics.selten_horse()
for behaviour in ([[{"D": 1}], [{"a": 1}], [{"L": 1}]], [[{"A": 1}], [{"a": 1}], [{"R": 1}]]):
    prof = make_behavior_profile(horse, behaviour, exact=True)
    check = assess(horse, prof)
    print(prof.label(), "| Nash regret", prof.exact_regret, "| sequential:",
          check.is_sequential_equilibrium, "| beliefs of player 3:", check.beliefs[2][0], check.notes)

# %% [markdown]
# ## 4. Signalling games
#
# **Beer-quiche** (Cho and Kreps): a strong (probability 9/10) or weak sender picks
# breakfast; the receiver decides whether to duel. Both pooling equilibria are
# perfect Bayesian; each is held by an off-path belief that the deviator is weak.

# %%
for e in perfect_bayesian_equilibria(classics.beer_quiche()):
    print(e.kind, e.messages, "|", e.profile.label(), "| beliefs:", e.assessment.beliefs[1])

# %% [markdown]
# **Job market** (Spence): education costs the high type 1 and the low type 3, and a
# high wage is worth 2. Education separates the types -- and pooling on no education
# survives too.

# %%
market = perfect_bayesian_equilibria(classics.job_market())
for e in market:
    print(e.kind, e.messages, "|", e.profile.label(), e.profile.payoffs)
assert any(e.kind == "separating" for e in market)

# %% [markdown]
# ## 5. Kuhn poker
#
# Three cards, one bet. The sequence form has one variable per sequence of moves
# (13 per player) where the reduced normal form has 27 x 64 strategy pairs. The
# linear programme gives the value; Lemke's algorithm gives an exact equilibrium.

# %%
kuhn = read_efg("../models/kuhn_poker.efg")
value = sequence_lp(kuhn, exact=True).value
print("value:", value)
assert str(value["Player 1"]) == "-1/18"
eq = sequence_lcp(kuhn)[0]
print("Player 1 bluffs with a jack with probability", eq["Player 1"][0]["Bet"])
sequence_lcp(kuhn).to_frame().T.head(12)

# %% [markdown]
# **Exercise.** Change the centipede so that passing at the last round gives both
# players 2**rounds, and solve it again: why do you now find two subgame-perfect
# equilibria? (Hint: look at the last mover's payoffs.)
