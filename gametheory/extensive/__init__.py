"""Extensive-form games: trees with chance moves, information sets and behaviour strategies.

==========================  =============================================================
module                      what it holds
==========================  =============================================================
:mod:`.game`                :class:`ExtensiveFormGame`, :class:`Node`, :class:`Infoset`
:mod:`.builder`             :func:`decision`, :func:`chance`, :func:`terminal` (tree specs)
:mod:`.evaluate`            reach probabilities, payoffs, best responses, regret
:mod:`.profile`             :class:`BehaviorProfile`, :class:`ExtensiveResult`
:mod:`.convert`             reduced normal form and agent form (``NormalFormGame``)
:mod:`.subgames`            subgame roots, cutting out subtrees, subgame regret
:mod:`.spe`                 subgame-perfect equilibria by backward induction
:mod:`.enumerate`           all equilibria of small trees via the reduced normal form
:mod:`.sequence_form`       the sequence form of two-player games
:mod:`.lemke`               Lemke's algorithm, exact, lexicographic
:mod:`.sequence_solvers`    sequence-form LCP (one equilibrium) and LP (zero-sum value)
:mod:`.sequential`          beliefs, sequential rationality, perfect Bayesian equilibria
:mod:`.agent_qre`           agent logit quantal-response equilibrium
:mod:`.solve`               :func:`solve_extensive`: every method by name
:mod:`.classics`            textbook trees (entry deterrence ... Kuhn poker)
==========================  =============================================================

Gambit ``.efg`` files are read and written by :mod:`gametheory.io.efg`.

Examples
--------
>>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
>>> g = ExtensiveFormGame.from_tree(decision("A", {"l": terminal([1]), "r": terminal([2])}))
>>> g.reduced_normal_form().strategies
(('l', 'r'),)
"""

from __future__ import annotations

from .builder import TreeSpec, chance, decision, terminal
from .convert import AgentForm, ReducedNormalForm, agent_form, reduced_normal_form
from .game import ExtensiveFormGame, Infoset, Node
from .profile import BehaviorProfile, ExtensiveResult, collect_profiles, make_behavior_profile

__all__ = [
    "ExtensiveFormGame",
    "Node",
    "Infoset",
    "TreeSpec",
    "decision",
    "chance",
    "terminal",
    "BehaviorProfile",
    "ExtensiveResult",
    "make_behavior_profile",
    "collect_profiles",
    "ReducedNormalForm",
    "AgentForm",
    "reduced_normal_form",
    "agent_form",
]
