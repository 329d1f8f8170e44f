"""Batched evaluation of a tree model over parameter samples (what the analyses call).

:class:`TreeEvaluator` maps an ``(n, k)`` array of parameter values to a
:class:`TreeBatch`: per sample, the subgame-perfect equilibrium's action at every
information set (on or off the path), each player's expected payoff and the actions it
takes on the path. The outcome columns are the players, then the information sets (a
column named after an information set reports the action chosen there, and its owner's
payoff).

How a sample is solved:

- When every information set's nodes are separated only by chance moves below their
  common ancestor (a player who does not observe a chance move, as China not knowing
  the US's resolve), backward induction runs on all samples at once: each information
  set's owner maximises its expected payoff with beliefs given by the chance
  probabilities (Bayes' rule), later choices already fixed. This is the pure
  subgame-perfect (and perfect Bayesian) equilibrium.
- Samples where some owner is indifferent (payoffs within ``1e-9`` of the sample's
  payoff spread), and every sample of any other tree, are solved one by one with
  :func:`gametheory.extensive.spe.subgame_perfect`: the set of subgame-perfect equilibria
  (``n_equilibria`` counts them, ``set_labels`` lists them); the first is the one shown.
- A sample whose listing is past a budget (so many ties that branching would need more
  than :data:`MAX_TIE_WORK` node evaluations, or the solver's own limits) is skipped,
  not guessed: its outcome is :data:`UNDETERMINED`, ``undetermined`` marks it and
  ``reasons`` says why; the other samples are answered.

Chance probabilities are checked at every sample (in [0, 1], summing to 1): a sample
where they are not is a one-line error naming the node and the parameter values.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..budget import BudgetError, check_budget
from ..errors import ModelError
from .underflow import watch_underflow

__all__ = [
    "TreeEvaluator",
    "TreeBatch",
    "check_chance",
    "chance_problem",
    "check_tree_samples",
    "MAX_TREE_SOLVES",
    "MAX_TREE_SAMPLE_WORK",
    "MAX_TREE_SOLVE_WORK",
    "UNDETERMINED",
]

#: Most samples solved one by one (exact subgame-perfect solver) in one evaluation.
MAX_TREE_SOLVES = 20_000
#: Ties: payoffs closer than this times the sample's payoff spread count as equal.
TIE_TOL = 1e-9
#: The outcome (label, set and actions) of a sample whose equilibria were not listed.
UNDETERMINED = "(undetermined)"
#: A player's path actions where it does not move on the equilibrium path.
NO_MOVE = "(no move)"
#: Most pure equilibria enumerated by branching at ties before the exact solver takes over.
MAX_BRANCHES = 256
#: Most node evaluations that branching at ties may need, estimated before it starts as
#: ``2 ** ties * nodes`` (each tied information set can double the subgame-perfect
#: equilibria, and each branch is one backward-induction pass over the tree).
MAX_TIE_WORK = 20_000
#: Most samples x (nodes + outcome columns) one analysis of a tree model may evaluate:
#: every sample is a backward-induction pass over the tree and one value per outcome
#: column (a player, or an information set's action).
MAX_TREE_SAMPLE_WORK = 4_000_000
#: Most samples x nodes solved one sample at a time (trees whose information sets are
#: split by a player's move, not only by chance): each sample is a subgame-perfect solve
#: and its verification, about half a millisecond a node (1,024 samples of a 181-node
#: tree took 90 s; 21 of a 4,981-node tree 45 s).
MAX_TREE_SOLVE_WORK = 20_000
#: Slack on chance probabilities computed in floating point.
PROB_TOL = 1e-9


def chance_problem(model: Any, node: Any, P: np.ndarray) -> str | None:
    """What is wrong with ``node``'s probabilities at some row of ``P`` (None if nothing)."""
    comp = model.compiled
    probs = np.stack([comp.values((node.index, j), P) for j in range(len(node.actions))], axis=1)
    bad = ~np.isfinite(probs).all(axis=1)
    bad |= (probs < -PROB_TOL).any(axis=1) | (probs > 1 + PROB_TOL).any(axis=1)
    bad |= np.abs(probs.sum(axis=1) - 1) > PROB_TOL
    if not bad.any():
        return None
    s = int(np.flatnonzero(bad)[0])
    used = sorted({str(x) for f in node.probabilities for x in f.to_sympy().free_symbols})
    names = model.parameter_names
    at = ", ".join(f"{u}={P[s, names.index(u)]:g}" for u in used) or "any parameter values"
    shown = ", ".join(f"{a} {q:g}" for a, q in zip(node.actions, probs[s], strict=True))
    return (
        f"probabilities {shown} (sum {probs[s].sum():g}) at {at}: each must be in [0, 1] "
        "and they must sum to 1"
    )


def check_tree_samples(model: Any, n: int, what: str) -> None:
    """Refuse, before any sample is evaluated, ``n`` samples of a tree model whose
    ``n x (nodes + outcome columns)`` exceeds :data:`MAX_TREE_SAMPLE_WORK`, or, for a
    tree solved sample by sample, whose ``n x nodes`` exceeds
    :data:`MAX_TREE_SOLVE_WORK` (a model without nodes, a table model, passes)."""
    nodes = getattr(model, "nodes", None)
    if nodes is None:
        return
    per = len(nodes) + len(model.player_ids)
    check_budget(
        f"{model.location}: {what} ({n:,} samples of a tree with {len(nodes):,} nodes and "
        f"{len(model.player_ids):,} outcome columns)",
        int(n) * per,
        MAX_TREE_SAMPLE_WORK,
        unit="node and column evaluations",
        advice=f"draw fewer samples (at most {max(1, MAX_TREE_SAMPLE_WORK // per):,} "
        "evaluations of this tree), or use a smaller tree",
    )
    if not _decomposable(model):
        check_budget(
            f"{model.location}: {what} ({n:,} samples of a {len(nodes):,}-node tree, each "
            "solved on its own: an information set is split by a player's move, so the "
            "samples cannot be solved together)",
            int(n) * len(nodes),
            MAX_TREE_SOLVE_WORK,
            unit="node solves",
            advice=f"draw fewer samples (at most {max(1, MAX_TREE_SOLVE_WORK // len(nodes)):,} "
            "of this tree), or use a smaller tree",
        )


def check_chance(model: Any, P: np.ndarray) -> None:
    """Raise a one-line :class:`ModelError` if some chance node is invalid at a row of ``P``."""
    for n in model.nodes:
        if n.kind == "chance":
            problem = chance_problem(model, n, P)
            if problem:
                raise ModelError(f"{model.location}: nodes.{n.id}.chance: {problem}")


def _paths_from_split(nodes: Any, members: Any) -> tuple[list[list[int]], int]:
    """The root-to-node path of each member of an information set, and the depth at which
    the paths part (the members' last common ancestor is at ``depth - 1``)."""
    paths = []
    for k in members:
        path = []
        while k is not None:
            path.append(k)
            k = nodes[k].parent
        paths.append(path[::-1])
    depth = 0
    while all(len(p) > depth + 1 for p in paths) and len({p[depth] for p in paths}) == 1:
        depth += 1
    return paths, depth


def _decomposable(model: Any) -> bool:
    """Every information set's members are separated by chance moves only."""
    nodes = model.nodes
    for d in model.decisions:
        if len(d.nodes) == 1:
            continue
        paths, depth = _paths_from_split(nodes, d.nodes)
        for p in paths:
            if any(nodes[k].kind != "chance" for k in p[depth - 1 : -1] if depth >= 1):
                return False
            if depth == 0:
                return False
    return True


class TreeBatch:
    """Outcomes of a tree model at ``n`` samples (read by the analyses' ``outcome_arrays``)."""

    def __init__(
        self,
        columns: tuple[str, ...],
        actions: dict[str, np.ndarray],
        payoffs: np.ndarray,
        labels: np.ndarray,
        sets: np.ndarray,
        n_equilibria: np.ndarray,
        undetermined: dict[int, str] | None = None,
        underflow: np.ndarray | None = None,
    ) -> None:
        self.players = columns
        self._actions = actions
        self.payoffs = payoffs
        self._labels = labels
        self._sets = sets
        self.n_equilibria = n_equilibria
        self.ok = n_equilibria > 0
        self.selection = ""
        #: Samples whose equilibria were not listed (past a budget): True there, and
        #: ``reasons`` maps each such sample to the one-line reason.
        self.reasons = dict(undetermined or {})
        self.undetermined = np.zeros(len(n_equilibria), dtype=bool)
        self.undetermined[list(self.reasons)] = True
        #: Per sample, the players whose payoff formulas fell below the float range
        #: there, joined by ``", "`` (``""`` where none did; :mod:`.underflow`).
        self.underflow = (
            np.full(len(n_equilibria), "", dtype=object) if underflow is None else underflow
        )

    def __len__(self) -> int:
        return len(self.ok)

    def labels(self) -> np.ndarray:
        """The first equilibrium's actions at every information set, as text."""
        return self._labels

    def action_labels(self, column: str) -> np.ndarray:
        """A player's actions on the path (joined by ``+``), or an information set's action."""
        return self._actions[column]

    def set_labels(self) -> np.ndarray:
        """Every subgame-perfect equilibrium found at the sample, joined by ``"; "``."""
        return self._sets

    def set_actions(self, column: str) -> np.ndarray:
        return self._actions[column]

    def to_frame(self) -> Any:
        import pandas as pd

        data: dict[str, Any] = {c: self._actions[c] for c in self.players}
        for i, c in enumerate(self.players):
            data[f"payoff {c}"] = self.payoffs[:, i]
        data["n_equilibria"] = self.n_equilibria
        return pd.DataFrame(data)


class TreeEvaluator:
    """Callable ``evaluate(values) -> TreeBatch``; build with ``model.evaluator()``."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.names = model.parameter_names
        self.base = model.value_vector()
        self.selection = ""
        self.fast = _decomposable(model)
        self.players = tuple(p.id for p in model.players)
        self.columns = tuple(model.player_ids)

    def matrix(self, values: Any) -> np.ndarray:
        """The ``(n, k)`` parameter array (a mapping of names fills in base values)."""
        from collections.abc import Mapping

        if isinstance(values, Mapping):
            P = np.tile(self.base, (1, 1))
            n = max((np.size(v) for v in values.values()), default=1)
            P = np.tile(self.base, (n, 1))
            for k, v in values.items():
                if k not in self.names:
                    raise ModelError(f"{self.model.location}: unknown parameter {k!r}")
                P[:, self.names.index(k)] = np.asarray(v, dtype=float).ravel()
            return P
        P = np.asarray(values, dtype=float)
        if P.ndim == 1:
            P = P[None, :]
        if P.ndim != 2 or P.shape[1] != len(self.names):
            raise ModelError(
                f"{self.model.location}: parameter samples must have shape (n, {len(self.names)})"
                f", got {P.shape}"
            )
        if not np.isfinite(P).all():
            raise ModelError(f"{self.model.location}: parameter samples contain NaN or inf")
        return P

    def __call__(self, values: Any) -> TreeBatch:
        P = self.matrix(values)
        with watch_underflow() as watch:
            batch = self._evaluate(P)
        batch.underflow = watch.labels_at(P)
        return batch

    def _evaluate(self, P: np.ndarray) -> TreeBatch:
        n = len(P)
        check_chance(self.model, P)
        D = len(self.model.decisions)
        choice = np.zeros((n, D), dtype=int)
        reached = np.zeros((n, D), dtype=bool)
        pay = np.full((n, len(self.players)), np.nan)
        slow = np.ones(n, dtype=bool)
        skipped: dict[int, str] = {}
        if self.fast and n:
            choice, reached, pay, tie, _ = _backward(self.model, P)
            slow = tie > 0
            for s in np.flatnonzero(slow):
                try:
                    self._check_ties(P[s : s + 1], tie[s : s + 1])
                except BudgetError as err:  # this sample only: the others are answered
                    skipped[int(s)] = str(err)
                    slow[s] = False
        labels = np.empty(n, dtype=object)
        acts = {c: np.empty(n, dtype=object) for c in self.columns}
        n_eq = np.ones(n, dtype=np.int64)
        sets = np.empty(n, dtype=object)
        self._fill_fast(~slow, choice, reached, labels, acts, sets)
        idx = np.flatnonzero(slow)
        if len(idx) and not self.fast:
            check_budget(
                f"{self.model.location}: solving {len(idx):,} samples one by one",
                len(idx),
                MAX_TREE_SOLVES,
                unit="subgame-perfect solves",
                advice="draw fewer samples",
            )
            check_tree_samples(self.model, len(idx), f"solving {len(idx):,} samples")
        branched = self._branch(P[idx]) if self.fast and len(idx) else [None] * len(idx)
        for s, row in zip(idx, branched, strict=True):
            try:
                row = row or self._solve_one(P[s])
            except BudgetError as err:
                skipped[int(s)] = f"{self.model.location}: at {self._at(P[s])}: {err}"
                continue
            labels[s], sets[s], n_eq[s] = row[0], row[1], row[2]
            for c in self.columns:
                acts[c][s] = row[3][c]
            pay[s] = row[4]
        for s in skipped:  # stated, never guessed
            labels[s] = sets[s] = UNDETERMINED
            n_eq[s] = 0
            pay[s] = np.nan
            for c in self.columns:
                acts[c][s] = UNDETERMINED
        owner = [
            self.players.index(self.model.decision(c).player)
            for c in self.columns[len(self.players) :]
        ]
        full = (
            np.concatenate([pay, pay[:, owner]], axis=1) if n else np.zeros((0, len(self.columns)))
        )
        return TreeBatch(self.columns, acts, full, labels, sets, n_eq, skipped)

    def _at(self, row: np.ndarray) -> str:
        return ", ".join(f"{k}={v:g}" for k, v in zip(self.names, row, strict=True))

    def _check_ties(self, P: np.ndarray, ties: np.ndarray) -> None:
        """Refuse, before branching, a sample whose ties would need more than
        :data:`MAX_TIE_WORK` node evaluations (``2 ** ties * nodes``)."""
        s = int(np.argmax(ties))
        t, nodes = int(ties[s]), len(self.model.nodes)
        at = self._at(P[s])
        check_budget(
            f"{self.model.location}: at {at}, {t:,} information sets tie; listing the "
            f"subgame-perfect equilibria by branching at each tie (up to 2^{t} passes over "
            f"{nodes:,} nodes)",
            2**t * nodes,
            MAX_TIE_WORK,
            unit="node evaluations",
            advice="keep the parameters away from values where every choice ties "
            "(narrow the range or fix the parameter), or use a smaller tree",
        )

    def _branch(self, P: np.ndarray) -> list[tuple | None]:
        """All pure subgame-perfect equilibria of samples with ties, by branching the
        vectorised backward induction at each tied information set (all samples that tie
        at the same place branch together). A sample with more than
        :data:`MAX_BRANCHES` equilibria gets None (the exact solver takes over)."""
        decs = self.model.decisions
        found: list[list[tuple]] = [[] for _ in range(len(P))]
        work = [(np.arange(len(P)), np.full((len(P), len(decs)), -1))]
        passes, most = 0, max(2, 4 * MAX_TIE_WORK // max(1, len(self.model.nodes)))
        while work:
            idx, forced = work.pop()
            passes += 1
            if passes > most:  # ties that appear only in some branches can add passes
                raise BudgetError(
                    f"{self.model.location}: listing the subgame-perfect equilibria by "
                    f"branching at ties needs more than {most:,} passes over "
                    f"{len(self.model.nodes):,} nodes (ties appear inside the branches); keep "
                    "the parameters away from values where choices tie, or use a smaller tree"
                )
            idx = idx[[len(found[i]) <= MAX_BRANCHES for i in idx]]
            if not len(idx):
                continue
            forced = forced[: len(idx)] if forced.shape[0] != len(idx) else forced
            choice, reached, pay, _, (where, options) = _backward(self.model, P[idx], forced=forced)
            for j in np.flatnonzero(where < 0):
                picked = {d.id: d.actions[c] for d, c in zip(decs, choice[j], strict=True)}
                on = {d.id: bool(r) for d, r in zip(decs, reached[j], strict=True)}
                found[idx[j]].append((self._columns(picked, on), pay[j]))
            tied = np.flatnonzero(where >= 0)
            for a in range(options.shape[1] - 1, -1, -1):
                sub = tied[options[tied, a]]
                if len(sub):
                    f = forced[sub].copy()
                    f[np.arange(len(sub)), where[sub]] = a
                    work.append((idx[sub], f))
        out: list[tuple | None] = []
        for eqs in found:
            if not eqs or len(eqs) > MAX_BRANCHES:
                out.append(None)
                continue
            labels = list(dict.fromkeys(self._label(cols) for cols, _ in eqs))
            out.append((labels[0], "; ".join(labels), len(eqs), eqs[0][0], eqs[0][1]))
        return out

    def _columns(self, picked: dict[str, str], on: dict[str, bool]) -> dict[str, str]:
        """Every column's text: players' path actions, then each information set's action."""
        out = {}
        for p in self.players:
            seen = [picked[d.id] for d in self.model.decisions if on[d.id] and d.player == p]
            out[p] = "+".join(dict.fromkeys(seen)) or NO_MOVE
        out.update(picked)
        return out

    def _label(self, cols: dict[str, str]) -> str:
        return " / ".join(f"{c} {cols[c]}" for c in self.columns)

    def _fill_fast(self, mask, choice, reached, labels, acts, sets) -> None:  # noqa: ANN001
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        decs = self.model.decisions
        key = np.concatenate([choice[idx], reached[idx].astype(int)], axis=1)
        rows, inverse = np.unique(key, axis=0, return_inverse=True)
        inverse = np.asarray(inverse).ravel()
        for r, row in enumerate(rows):
            ch, on = row[: len(decs)], row[len(decs) :].astype(bool)
            picked = {d.id: d.actions[c] for d, c in zip(decs, ch, strict=True)}
            cols = self._columns(picked, {d.id: bool(o) for d, o in zip(decs, on, strict=True)})
            where = idx[inverse == r]
            labels[where] = sets[where] = self._label(cols)
            for c in self.columns:
                acts[c][where] = cols[c]

    def _solve_one(self, row: np.ndarray) -> tuple:
        from ..extensive.spe import subgame_perfect

        m = self.model.with_params(dict(zip(self.names, row, strict=True)), extend_range=True)
        game, _ = m.game_with_underflow(exact=False)  # underflow: the caller's watch has it
        # more than MAX_BRANCHES equilibria: undetermined before any is verified
        res = subgame_perfect(game, exact=False, max_candidates=MAX_BRANCHES)
        cut = [w for w in res.warnings if "were verified and are listed" in w]
        if cut or len(res) >= res.options.get("max_equilibria", 1000):
            # a listing cut short is no set of equilibria: not guessed (a subgame with a
            # continuum of mixed equilibria is incomplete too, its pure ones all listed)
            raise BudgetError(
                f"the subgame-perfect listing stopped at {len(res):,} equilibria "
                f"({'; '.join(cut) or 'the most listed'})"
            )
        if not len(res):
            empty = {c: "" for c in self.columns}
            return "no equilibrium", "no equilibrium", 0, empty, np.full(len(self.players), np.nan)
        where = {d.id: (game.player_index(d.player), _infoset_index(game, d)) for d in m.decisions}
        labels, first = [], {}
        for k, eq in enumerate(res):
            picked = {d: _behaviour_text(game, eq, i, j) for d, (i, j) in where.items()}
            reach = eq.reach_probabilities()
            on = {d.id: sum(float(reach[n]) for n in d.nodes) > 0 for d in m.decisions}
            cols = self._columns(picked, on)
            labels.append(self._label(cols))
            if k == 0:
                first = cols
        pay = np.array([float(res[0].payoffs[p]) for p in self.players])
        return labels[0], "; ".join(labels), len(res), first, pay


def _infoset_index(game: Any, decision: Any) -> int:
    i = game.player_index(decision.player)
    for j, s in enumerate(game.infosets[i]):
        if s.label == decision.id:
            return j
    raise ModelError(f"information set {decision.id!r} not found in the built tree")


def _behaviour_text(game: Any, eq: Any, i: int, j: int) -> str:
    s = game.infosets[i][j]
    vec = [float(q) for q in eq.probabilities[i][j]]
    support = [(a, q) for a, q in zip(s.actions, vec, strict=True) if q > 1e-12]
    if len(support) == 1:
        return support[0][0]
    return "mixed(" + ", ".join(f"{a} {q:.4g}" for a, q in support) + ")"


def _backward(model: Any, P: np.ndarray, *, forced: np.ndarray | None = None) -> tuple[Any, ...]:
    """Vectorised backward induction with chance beliefs (see the module docstring).

    Returns ``(choice, reached, payoffs, tie, (where, options))``: the action index at
    each information set, whether each is reached, the root's expected payoffs, per
    sample how many information sets' owners were indifferent, and per sample the first tied
    information set in the order decided (-1 for none) with a mask of its tied
    actions. ``forced`` (shape ``(n, D)``, -1 where free) fixes some actions."""
    n_actions = max((len(d.actions) for d in model.decisions), default=1)
    if forced is None:
        forced = np.full((len(P), len(model.decisions)), -1)
    first_where = np.full(len(P), -1)
    first_options = np.zeros((len(P), n_actions), dtype=bool)
    nodes, comp = model.nodes, model.compiled
    n, N = len(P), len(model.players)
    pidx = {p.id: i for i, p in enumerate(model.players)}
    terminal = {}
    for node in nodes:
        if node.kind == "terminal":
            vals = np.stack([comp.values((node.index, i), P) for i in range(N)], axis=1)
            if not np.isfinite(vals).all():
                s = int(np.flatnonzero(~np.isfinite(vals).all(axis=1))[0])
                raise ModelError(
                    f"{model.location}: nodes.{node.id}: a payoff is not a finite number at "
                    + ", ".join(
                        f"{k}={v:g}" for k, v in zip(model.parameter_names, P[s], strict=True)
                    )
                )
            terminal[node.index] = vals
    stacked = np.stack(list(terminal.values()), axis=1)  # (n, T, N)
    tol = TIE_TOL * (stacked.max(axis=(1, 2)) - stacked.min(axis=(1, 2)))
    probs = {
        node.index: np.stack(
            [comp.values((node.index, j), P) for j in range(len(node.actions))], axis=1
        )
        for node in nodes
        if node.kind == "chance"
    }
    dec_of = {d.id: k for k, d in enumerate(model.decisions)}
    weight = _belief_weights(model, probs, n)
    D = len(model.decisions)
    choice = np.zeros((n, D), dtype=int)
    done = np.zeros(D, dtype=bool)
    tie = np.zeros(n, dtype=np.int64)
    values: dict[int, np.ndarray] = {}

    def node_value(k: int) -> np.ndarray:  # the children (and decision) are done
        node = nodes[k]
        if node.kind == "terminal":
            return terminal[k]
        if node.kind == "chance":
            return sum(probs[k][:, j, None] * values[c] for j, c in enumerate(node.children))
        d = dec_of[node.infoset]
        kids = np.stack([values[c] for c in node.children], axis=1)
        return np.take_along_axis(kids, choice[:, d][:, None, None], axis=1)[:, 0]

    def decide(d: int) -> None:  # every child of the information set's nodes is done
        nonlocal tie
        dec = model.decisions[d]
        fixed = forced[:, d] >= 0
        owner = pidx[dec.player]
        q = np.zeros((n, len(dec.actions)))
        for k in dec.nodes:
            for a, c in enumerate(nodes[k].children):
                q[:, a] += weight[k] * values[c][:, owner]
        best = q.max(axis=1)
        choice[:, d] = np.where(fixed, forced[:, d], q.argmax(axis=1))
        near = q >= best[:, None] - tol[:, None]
        tied = (near.sum(axis=1) > 1) & ~fixed
        tie += tied
        new = tied & (first_where < 0)
        first_where[new] = d
        first_options[new, : near.shape[1]] = near[new]
        done[d] = True

    # Backward induction with an explicit stack (a chain thousands deep is a valid
    # tree; recursion would overflow). Tasks are ("v", node) and ("d", decision); a
    # task waits until what it needs is done, first child first (the order of ties).
    stack: list[tuple[str, int]] = [("v", 0)]
    while stack:
        if len(stack) > 4 * len(nodes) + 8:
            raise ModelError(
                f"{model.location}: backward induction does not terminate on this tree "
                "(an information set that follows itself?)"
            )
        kind, k = stack[-1]
        if kind == "v":
            if k in values:
                stack.pop()
                continue
            node = nodes[k]
            if node.kind == "decision" and not done[dec_of[node.infoset]]:
                stack.append(("d", dec_of[node.infoset]))
                continue
            needed = [("v", c) for c in node.children if c not in values]
            if needed:
                stack.extend(reversed(needed))
                continue
            values[k] = node_value(k)
        else:
            if done[k]:
                stack.pop()
                continue
            needed = [
                ("v", c)
                for m in model.decisions[k].nodes
                for c in nodes[m].children
                if c not in values
            ]
            if needed:
                stack.extend(reversed(needed))
                continue
            decide(k)
        stack.pop()
    root = values[0]
    reached = np.zeros((n, D), dtype=bool)
    reach = {0: np.ones(n)}
    for node in nodes:  # pre-order: parents first
        r = reach[node.index]
        if node.kind == "decision":
            d = dec_of[node.infoset]
            reached[:, d] |= r > 0
            for a, c in enumerate(node.children):
                reach[c] = r * (choice[:, d] == a)
        elif node.kind == "chance":
            for j, c in enumerate(node.children):
                reach[c] = r * probs[node.index][:, j]
    return choice, reached, root, tie, (first_where, first_options)


def _belief_weights(model: Any, probs: dict[int, np.ndarray], n: int) -> dict[int, np.ndarray]:
    """Per decision node: the probability of the chance moves from its information set's
    common ancestor down to it (1 for a node alone in its information set)."""
    nodes = model.nodes
    out: dict[int, np.ndarray] = {}
    for d in model.decisions:
        if len(d.nodes) == 1:
            out[d.nodes[0]] = np.ones(n)
            continue
        paths, depth = _paths_from_split(nodes, d.nodes)
        for p in paths:
            w = np.ones(n)
            for a, b in zip(p[depth - 1 : -1], p[depth:], strict=True):
                w = w * probs[a][:, nodes[a].children.index(b)]
            out[p[-1]] = w
    return out
