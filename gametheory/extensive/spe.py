"""Subgame-perfect equilibria by backward induction over subgames.

Algorithm (Selten 1965; Osborne and Rubinstein 1994, ch. 6):

1. Find the nodes that start subgames (:func:`~gametheory.extensive.subgames.subgame_roots`).
2. Solve the deepest subgames first. A subgame whose remaining moves are one
   decision node gets **every** payoff-maximising action (ties give several SPE); a
   chance node gets its expectation; any other subgame (simultaneous moves,
   information sets) is cut out with deeper subgames replaced by their values,
   turned into its reduced normal form and solved with :func:`gametheory.solve`
   (``enumerate``: all extreme equilibria, for two movers; ``enumerate-mixed`` for
   more; ``pure`` for one), mixed continuations included.
3. Combine: every choice of continuation equilibria gives one candidate; each is
   verified on the whole tree (Nash regret) and in every subgame
   (:func:`~gametheory.extensive.subgames.subgame_regret`).

On perfect-information trees the result lists all pure SPE; mixtures over tied
actions are SPE as well and are not listed separately.

Examples
--------
>>> from gametheory.extensive import ExtensiveFormGame, decision, terminal
>>> g = ExtensiveFormGame.from_tree(decision("Entrant", {"Out": terminal([0, 2]),
...     "In": decision("Incumbent", {"Fight": terminal([-1, -1]),
...                                  "Accommodate": terminal([1, 1])})}))
>>> [e.label() for e in subgame_perfect(g)]
['Entrant In / Incumbent Accommodate']
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

from ..budget import BudgetError, check_budget
from ..errors import InvalidGameError, MethodNotApplicableError
from ..result import DEFAULT_TOL
from ..solvers._common import check_tol
from .convert import reduced_normal_form
from .enumerate import MAX_ENUMERATE_PROFILES
from .evaluate import expected_payoffs
from .game import ExtensiveFormGame
from .profile import ExtensiveResult, collect_profiles
from .spe_estimate import estimated_spe_work
from .subgames import subgame_regret, subgame_roots, subtree_game

__all__ = ["subgame_perfect"]

#: Most (information set, behaviour) entries built while listing equilibria.
MAX_SPE_WORK = 20_000_000
#: Most candidates x nodes re-verified (each candidate costs one pass over the tree for
#: its Nash regret and one for its regret in every subgame, about 0.1 ms a node): past it
#: the first ``MAX_SPE_CHECK // nodes`` candidates are verified and listed, the result is
#: marked not complete, and a warning says so.
MAX_SPE_CHECK = 40_000

# an option: (assignment {(player, infoset): vector}, payoff vector at the subgame root)
Option = tuple[dict[tuple[int, int], tuple], tuple]


def subgame_perfect(
    game: ExtensiveFormGame,
    /,
    *,
    exact: bool = True,
    tol: float = DEFAULT_TOL,
    max_equilibria: int = 1000,
    max_candidates: int | None = None,
) -> ExtensiveResult:
    """All subgame-perfect equilibria reachable by backward induction (see the module docstring).

    Parameters
    ----------
    game : ExtensiveFormGame
    exact : bool, default True
        Rational arithmetic (not available when a subgame needs ``enumerate-mixed``).
    tol : float
        Regret tolerance (relative to the payoff scale) in float mode.
    max_equilibria : int, default 1000
        Stop combining continuations past this many (the result is then not complete).
    max_candidates : int, optional
        Raise :class:`~gametheory.budget.BudgetError` when backward induction finds more
        candidate equilibria than this, before verifying any (each verification is a
        pass over the tree; the analyses skip such a sample as undetermined).

    Returns
    -------
    ExtensiveResult
        ``complete`` when every combination was examined; each equilibrium carries
        ``properties["subgame_regret"]``.
    """
    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(
            f"subgame_perfect needs an ExtensiveFormGame, got {type(game).__name__}"
        )
    tol = check_tol(tol)
    if not isinstance(max_equilibria, int) or max_equilibria < 1:
        raise InvalidGameError(
            f"max_equilibria must be a whole number >= 1, got {max_equilibria!r}"
        )
    game.require_perfect_recall("spe")
    work, ties = estimated_spe_work(game, cap=max_equilibria)
    check_budget(  # predicted before the first subgame is solved (ties multiply the SPE)
        f"listing the subgame-perfect equilibria of this tree ({len(game.nodes):,} nodes; "
        f"{ties:,} decision nodes tie at a first backward-induction pass)",
        work,
        MAX_SPE_WORK,
        unit="assignments (estimated from that pass)",
        advice="move the parameters or payoffs off the values where choices tie (--set), "
        "or on a smaller tree use method 'lcp' (one equilibrium) or 'logit'",
    )
    state = _State(game, exact, max_equilibria)
    options = state.solve(0) if not game.root.is_terminal else [({}, game.root.payoffs)]
    candidates = []
    for assignment, _ in options:
        behavior = tuple(
            tuple(
                assignment.get((i, k), _uniform(len(s.actions), exact)) for k, s in enumerate(sets)
            )
            for i, sets in enumerate(game.infosets)
        )
        candidates.append(behavior)
    if max_candidates is not None and len(candidates) > max_candidates:
        raise BudgetError(
            f"backward induction finds {'more than ' if state.truncated else ''}"
            f"{len(candidates):,} candidate subgame-perfect equilibria, more than the "
            f"{max_candidates:,} asked for"
        )
    most = max(1, MAX_SPE_CHECK // len(game.nodes))
    if len(candidates) > most:
        state.truncated = True
        state.warnings.append(
            f"spe: {len(candidates):,} candidate equilibria found; the first {most:,} were "
            f"verified and are listed (each check is a pass over the {len(game.nodes):,} "
            f"nodes; the limit is {MAX_SPE_CHECK:,} node visits), so the list is not complete"
        )
        candidates = candidates[:most]
    props = []
    kept = []
    for b in candidates:
        sr = subgame_regret(game, b)
        props.append({"subgame_regret": float(sr)})
        kept.append((b, sr))
    limit = tol * game.payoff_scale
    good = [b for b, sr in kept if (sr == 0 if state.exact else float(sr) <= limit)]
    good_props = [
        p
        for (b, sr), p in zip(kept, props, strict=True)
        if (sr == 0 if state.exact else float(sr) <= limit)
    ]
    eqs, warnings = collect_profiles(
        game, good, tol=tol, exact=state.exact, method="spe", properties=good_props
    )
    warnings = state.warnings + warnings
    if len(good) < len(kept):
        warnings.append(
            f"spe: dropped {len(kept) - len(good)} candidate(s) that failed the "
            "subgame regret check"
        )
    return ExtensiveResult(
        game,
        "spe",
        eqs,
        {"tol": tol, "max_equilibria": max_equilibria},
        exact=state.exact,
        complete=not state.truncated,
        warnings=tuple(warnings),
    )


def _uniform(m: int, exact: bool) -> tuple:
    return tuple(Fraction(1, m) if exact else 1.0 / m for _ in range(m))


class _State:
    def __init__(self, game: ExtensiveFormGame, exact: bool, cap: int) -> None:
        self.game = game
        self.exact = exact
        self.cap = cap
        self.truncated = False
        self.work = 0
        self.warnings: list[str] = []
        self.roots = set(subgame_roots(game))

    def _children_roots(self, h: int) -> list[int]:
        """Subgame roots strictly below ``h`` with no subgame root in between."""
        out = []
        stack = list(reversed(self.game.nodes[h].children))
        while stack:
            k = stack.pop()
            if k in self.roots:
                out.append(k)
            else:
                stack.extend(reversed(self.game.nodes[k].children))
        return out

    def solve(self, h: int) -> list[Option]:
        """Every option of the subgame at ``h``, its inner subgames first (an explicit
        post-order, not recursion: trees may be many thousands of moves deep)."""
        order, inner_of, stack = [], {}, [h]
        while stack:
            k = stack.pop()
            order.append(k)
            inner_of[k] = self._children_roots(k)
            stack.extend(inner_of[k])
        solved: dict[int, list[Option]] = {}
        for k in reversed(order):
            solved[k] = self._solve_one(k, inner_of[k], [solved.pop(c) for c in inner_of[k]])
        return solved[h]

    def _solve_one(
        self, h: int, inner: list[int], inner_options: list[list[Option]]
    ) -> list[Option]:
        out: list[Option] = []
        memo: dict[tuple, list[Option]] = {}
        single = all(len(o) == 1 for o in inner_options)
        for combo in itertools.product(*inner_options):
            if len(out) >= self.cap:
                self.truncated = True
                break
            # one combination: extend the inner subgames' assignments in place (each is
            # used once), so a deep chain costs linear, not quadratic, work
            base: dict = combo[0][0] if single and combo else {}
            for assignment, _ in combo[1:] if single and combo else combo:
                base.update(assignment)
            values = {k: v for k, (_, v) in zip(inner, combo, strict=True)}
            key = tuple(values.values())
            if key not in memo:  # combinations that leave the same values solve alike
                memo[key] = self._solve_truncated(h, values)
            found = memo[key]
            self.work += len(found) * (len(base) + 1)
            if self.work > MAX_SPE_WORK:
                raise BudgetError(
                    f"listing the subgame-perfect equilibria of this tree needs more than "
                    f"{MAX_SPE_WORK:,} assignments (many ties multiply them); use method 'lcp' "
                    "(one equilibrium) or 'logit'"
                )
            for assignment, value in found:
                if single and len(found) == 1:
                    base.update(assignment)
                    out.append((base, value))
                else:
                    out.append(({**base, **assignment}, value))
        return out

    def _solve_truncated(self, h: int, values: dict[int, tuple]) -> list[Option]:
        game = self.game
        node = game.nodes[h]
        kids = [
            values.get(c)
            if c in values
            else (game.nodes[c].payoffs if game.nodes[c].is_terminal else None)
            for c in node.children
        ]
        if all(v is not None for v in kids):
            if node.is_chance:
                return [
                    (
                        {},
                        tuple(
                            sum(p * v[j] for p, v in zip(node.probabilities, kids, strict=True))
                            for j in range(game.num_players)
                        ),
                    )
                ]
            i = game.players.index(node.player)
            best = max(v[i] for v in kids)
            m = len(kids)
            one, zero = (Fraction(1), Fraction(0)) if self.exact else (1.0, 0.0)
            return [
                ({(i, node.infoset): tuple(one if b == a else zero for b in range(m))}, kids[a])
                for a in range(m)
                if kids[a][i] == best
            ]
        return self._solve_by_normal_form(h, values)

    def _solve_by_lcp(self, h: int, sub: ExtensiveFormGame, node_map: tuple) -> list[Option]:
        from .sequence_form import sequence_form
        from .sequence_solvers import sequence_lcp_plans

        self.truncated = True
        self.warnings.append(
            f"spe: the subgame at node {h} has a large normal form; one of its equilibria was "
            "found by the sequence-form LCP, so the list is not complete"
        )
        sf = sequence_form(sub)
        behavior = sf.to_behavior(sequence_lcp_plans(sf))
        if not self.exact:
            behavior = tuple(tuple(tuple(float(x) for x in v) for v in pl) for pl in behavior)
        assignment = {}
        for i, sets in enumerate(sub.infosets):
            for s in sets:
                assignment[(i, self.game.nodes[node_map[s.nodes[0]]].infoset)] = behavior[i][
                    s.index
                ]
        return [(assignment, tuple(expected_payoffs(sub, behavior)))]

    def _solve_by_normal_form(self, h: int, values: dict[int, tuple]) -> list[Option]:
        from ..solvers import solve

        game = self.game
        sub, node_map = subtree_game(game, h, replace=values)
        rnf = reduced_normal_form(sub)
        movers = [i for i, sets in enumerate(sub.infosets) if sets]
        nfg = rnf.game
        if (
            len(movers) == 2
            and math.prod(nfg.shape) > MAX_ENUMERATE_PROFILES
            and game.num_players == 2
        ):
            return self._solve_by_lcp(h, sub, node_map)
        if len(movers) < game.num_players:
            nfg = _drop_players(nfg, movers)
        if len(movers) == 1:
            method = "pure"
        elif len(movers) == 2:
            method = "enumerate"
        else:
            method = "enumerate-mixed"
        exact = self.exact and method != "enumerate-mixed"
        if self.exact and not exact:
            self.exact = False
            self.warnings.append(
                "spe: a subgame with three or more movers was solved in floating point"
            )
        res = (
            solve(nfg, method=method, exact=exact)
            if method != "enumerate-mixed"
            else solve(nfg, method=method)
        )
        self.warnings.extend(res.warnings)
        if not res.complete:
            self.truncated = True
        out: list[Option] = []
        for eq in res.equilibria:
            vecs = eq.exact_vectors if exact else eq.vectors
            full = []
            j = 0
            for i in range(game.num_players):
                if i in movers:
                    full.append(list(vecs[j]))
                    j += 1
                else:
                    full.append([Fraction(1) if exact else 1.0])
            behavior = rnf.to_behavior(full)
            if not exact:
                behavior = tuple(tuple(tuple(float(x) for x in v) for v in pl) for pl in behavior)
            assignment = {}
            for i, sets in enumerate(sub.infosets):
                for s in sets:
                    original = game.nodes[node_map[s.nodes[0]]]
                    assignment[(i, original.infoset)] = behavior[i][s.index]
            out.append((assignment, tuple(expected_payoffs(sub, behavior))))
        if not out:
            raise MethodNotApplicableError(
                f"spe: no equilibrium found in the subgame at node {h} by {method!r}"
            )
        return out


def _drop_players(nfg: Any, movers: list[int]) -> Any:
    from ..game import NormalFormGame

    arr = nfg.exact_payoffs
    index = tuple(slice(None) if i in movers else 0 for i in range(nfg.num_players))
    sub = arr[index]
    sub = sub[..., movers]
    return NormalFormGame(
        sub,
        players=[nfg.players[i] for i in movers],
        strategies=[nfg.strategies[i] for i in movers],
        title=nfg.title,
    )
