"""Non-credible threats: outcomes of a sequential model that are Nash but not subgame-perfect.

In a sequential model an outcome (one move per player) can be a Nash equilibrium of the
whole game only because some player *threatens* a move it would not carry out if the
moment came: the textbook entrant stays out because the incumbent threatens a price war
that, once entry has happened, would cost the incumbent more than accommodating.
Backward induction (``model.solve()``) discards such equilibria; this module lists them,
each with the threats that hold it up, stated in words.

Every player of a model moves in exactly one stage and sees every earlier move, so a
unilateral deviation of player ``i`` in its stage reaches a history that identifies
``i`` as the deviator, and the punishers may answer each deviation separately. Hence
(Osborne and Rubinstein, *A Course in Game Theory*, 1994, ch. 6):

* an outcome ``z`` is a **Nash outcome** iff for every player ``i`` and every other move
  ``a'`` of ``i``: ``u_i(z) >= min u_i`` over all continuations after the deviation
  (``i`` moves no more, so the later movers may do anything to it);
* ``z`` is a **subgame-perfect outcome** iff the same holds with the minimum taken only
  over subgame-perfect continuations after the deviation (and every subgame has one).

A deviation deterred by the first but not the second is deterred by a **non-credible
threat**. Two methods compute these sets:

``"exhaustive"`` (exact)
    Every outcome of the game (all ``prod(n_i)`` pure profiles, at most
    ``max_profiles``) is tabulated; both conditions are evaluated with array
    reductions, stage by stage from the last (the subgame-perfect sets of every
    subgame are computed exactly, including every tie). The result is exactly the set
    of outcomes of pure Nash equilibria that no pure subgame-perfect equilibrium has.
``"structured"`` (leader, then a simultaneous stage, then one follower)
    For games too large to tabulate, such as SEATO (the US, then 8 states, then the
    communist bloc). The leader may be a run of single-mover opening stages whose players
    share one payoff formula (one decision maker moving in turn, such as a structure and
    then a trade track): it is then one compound leader whose strategies are the paths of
    its moves, and a deviation is any other path. Requirements, checked symbolically on
    the payoff formulas: each member of the
    middle stage has a payoff that does not depend on the other members' moves, and the
    leader's payoff is a sum of one term per member (given the leader's and the
    follower's moves). The candidates are every leader strategy ``s`` with every pure
    equilibrium of the stage after ``s`` that backward induction lists (the follower
    best-responding, ties broken as backward induction breaks them: first listed), so
    the play after ``s`` is subgame-perfect. For each candidate and each other leader
    strategy ``s'`` it asks whether the leader can be kept from ``s'``:

    1. credibly, if the worst subgame-perfect continuation after ``s'`` (the worst listed
       stage equilibrium for the leader) leaves the leader no better off; otherwise
    2. by a threat, if the worst the follower can do to the leader with *any* plan
       (any response to any history after ``s'``, credible or not), the members playing
       a pure equilibrium of their stage under that plan, leaves it no better off. A
       members' profile is an equilibrium under some plan iff each member gets at least
       its minmax ``max_b min_r u_j(b, r)`` (the plan answers each member's deviation
       with that member's worst response), so with independent members and an additive
       leader the minimum is found member by member, in one vectorised pass.

    Each candidate gets a status (``candidates``): subgame-perfect (1 for every
    ``s'``), held by non-credible threats (2 needed for some ``s'``, listed as
    equilibria), or not sustainable. This is exact for these candidates: the
    tests check it against enumeration of every follower plan. Not covered: outcomes
    whose middle stage is itself held by threats against the members, punishments in
    which members act against their own interest (both are Nash too, so the list is a
    subset of all Nash-but-not-subgame-perfect outcomes), and mixed strategies.

Payoff differences within ``tol`` times the player's payoff spread are ties (a tie
counts as a best response, and a deviation that gains no more than that is deterred);
the tolerance is relative, so payoffs times 1e-12 or 1e12 give the same analysis. Every threat's payoffs are
evaluated from the formulas at the stated profile; the structured method also checks the
additive decomposition against that direct evaluation.

Examples
--------
>>> import gametheory.models as gm
>>> toml = '''format = 1
... [model]
... id = "entry"
... title = "Entry deterrence"
... form = "sequential"
... [players.ENT]
... payoff = "(ENT == 'enter') * (2 * (INC == 'share') - 1 * (INC == 'fight'))"
... [players.ENT.strategies]
... out = "stay out"
... enter = "enter the market"
... [players.INC]
... payoff = "2 * (ENT == 'out') + (ENT == 'enter') * (1 * (INC == 'share') - 1 * (INC == 'fight'))"
... [players.INC.strategies]
... share = "accommodate"
... fight = "start a price war"
... [form]
... stages = [["ENT"], ["INC"]]
... '''
>>> report = non_credible_threats(gm.Model.from_toml(toml))
>>> report.subgame_perfect
({'ENT': 'enter', 'INC': 'share'},)
>>> [e.path["ENT"] for e in report]      # INC's move after 'out' does not matter
['out', 'out']
>>> t = report[0].threats[0]
>>> (t.deviator, t.deviation, t.punishment, t.deviator_payoff, t.credible_payoff)
('ENT', 'enter', {'ENT': 'enter', 'INC': 'fight'}, -1.0, 2.0)
>>> print(t.describe())  # doctest: +NORMALIZE_WHITESPACE
If ENT chose 'enter' instead of 'out', the answer would be INC fight, leaving ENT -1 (it
gets 0 on the path). Not credible: INC would get -1 by 'fight' but 1 by 'share'; play that
each player would carry out leaves ENT at least 2, more than on the path.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import MethodNotApplicableError, ModelError
from .threat_exhaustive import exhaustive_analysis
from .threat_result import Reluctance, Threat, ThreatAnalysis, ThreatEquilibrium
from .threat_structured import structure_problem, structured_analysis

__all__ = [
    "non_credible_threats",
    "ThreatAnalysis",
    "ThreatEquilibrium",
    "Threat",
    "Reluctance",
    "MAX_PROFILES",
]

#: Default largest number of outcomes tabulated by the exhaustive method.
MAX_PROFILES = 200_000
_TOL = 1e-9


# --------------------------------------------------------------------------- public entry
def non_credible_threats(
    model: Any,
    /,
    *,
    method: str = "auto",
    max_profiles: int = MAX_PROFILES,
    max_equilibria: int = 1000,
    tol: float = _TOL,
) -> ThreatAnalysis:
    """Outcomes of a sequential model that are Nash equilibria only through non-credible threats.

    Parameters
    ----------
    model : Model
        A sequential model (``model.form == "sequential"``).
    method : {"auto", "exhaustive", "structured"}
        ``"auto"``: exhaustive when the game has at most ``max_profiles`` outcomes,
        otherwise structured (see the module docstring for what each computes).
    max_profiles : int
        Largest number of outcomes the exhaustive method tabulates.
    max_equilibria : int
        Stop listing after this many outcomes (``complete`` is then False).
    tol : float
        Payoff differences up to ``tol`` times the player's payoff spread are ties (a tie
        counts as a best response); relative, so the payoffs' unit does not matter.

    Returns
    -------
    ThreatAnalysis

    Raises
    ------
    ModelError
        A simultaneous model, or invalid options.
    MethodNotApplicableError
        The game is too large to tabulate and lacks the structure the structured method
        needs (the message says which requirement fails).

    Examples
    --------
    SEATO (1954): the US could be held to no pact only by a communist invasion threat
    that the bloc would be against its interest to carry out once the pact exists.

    >>> import gametheory.models as gm, pathlib
    >>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "seato_1954.toml")
    >>> res = non_credible_threats(m)
    >>> res.method, res.subgame_perfect[0]["USA"]
    ('structured', 'manila_pact')
    >>> [e.path["USA"] for e in res]
    ['no_pact']
    >>> t = res[0].threats[0]       # what keeps the US without a pact
    >>> t.deviation, t.punishment["CHN"], round(t.deviator_payoff, 3), t.on_path_payoff
    ('manila_pact', 'compete', -1.01, -1.0)
    >>> t.reluctant[0].describe(m)
    "China and the communist bloc would get -1 by 'compete' but 0.14 by 'hedge'"
    """
    if getattr(model, "form", None) != "sequential":
        raise ModelError(
            f"{getattr(model, 'id', model)!s}: non-credible threats need a "
            'sequential model (form = "sequential"); a simultaneous game has '
            "no threats to carry out later"
        )
    if method not in ("auto", "exhaustive", "structured"):
        raise ModelError(f"method: expected 'auto', 'exhaustive' or 'structured', got {method!r}")
    for name, v in (("max_profiles", max_profiles), ("max_equilibria", max_equilibria)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ModelError(f"{name}: expected a positive integer, got {v!r}")
    if not (isinstance(tol, (int, float)) and 0 <= tol < 1):
        raise ModelError(f"tol: expected a number in [0, 1), got {tol!r}")
    order = [pid for stage in model.stages for pid in stage]
    if sorted(order) != sorted(model.player_ids) or len(set(order)) != len(order):
        raise ModelError(f"{model.location}: every player must move in exactly one stage")
    total = int(np.prod([float(len(model.player(p).strategies)) for p in order]))
    if method == "exhaustive" or (method == "auto" and total <= max_profiles):
        if total > max_profiles:
            raise MethodNotApplicableError(
                f"{model.location}: the game has {total:,} outcomes, more than max_profiles="
                f"{max_profiles:,}; raise max_profiles or use method='structured'"
            )
        return exhaustive_analysis(model, order, max_equilibria, tol)
    reason = structure_problem(model)
    if reason:
        why = (
            ""
            if method == "structured"
            else f"the game has {total:,} outcomes (more than max_profiles={max_profiles:,}) and "
        )
        raise MethodNotApplicableError(
            f"{model.location}: {why}the structured method does not apply: {reason}"
        )
    return structured_analysis(model, max_equilibria, tol)
