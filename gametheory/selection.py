"""Named equilibrium-selection rules: one equilibrium out of several, by a declared rule.

A game with several equilibria has no "the equilibrium". When a single answer is
wanted, it is picked by one of the rules in :data:`SELECTION_RULES`, and the rule
travels with the answer (:class:`Selection`), so every output can say which rule
chose it.

``payoff-dominant``
    The equilibrium that gives every player strictly more than every other listed
    equilibrium (Harsanyi and Selten 1988, payoff dominance). When no equilibrium
    dominates all others (battle of the sexes), the rule is generalised to the
    equilibrium with the highest *total* payoff (the sum over players; it depends
    on how payoffs are scaled across players, so the reason says which case
    applied). A payoff-dominant equilibrium always has the highest total, so the
    generalisation never contradicts the definition. Ties (totals within
    ``1e-9`` times the payoff scale): the first listed.
``risk-dominant``
    Harsanyi and Selten's risk dominance between two strict pure equilibria: the one
    with the larger *Nash product* of deviation losses, where a player's loss is what
    they lose by switching alone to their strategy in the other equilibrium. For 2x2
    games this is exactly Harsanyi-Selten. Generalisation (documented, not theirs for
    larger games): any game whose listed pure equilibria are exactly two strict ones;
    the product runs over the players whose strategies differ; mixed equilibria are
    not candidates. A game with a single listed equilibrium (and a complete list)
    selects it. Anything else is refused with a one-line
    :class:`SelectionError`. Ties (equal products): the first listed.
``logit``
    The limit of the principal branch of the logit quantal-response equilibria as
    rationality grows (McKelvey and Palfrey 1995; Turocy 2005), computed by
    :func:`gametheory.solvers.logit.logit_solve`. Unique and defined for every game;
    the equilibrium may be one the result does not list (its ``index`` is then
    None).
``first``
    The first equilibrium in the result's order (a solver's order: for ``pure``,
    the order of strategies in the file). Useful as an explicit "whatever the solver
    lists first"; it has no game-theoretic meaning.

For fast analyses over many parameter samples, :func:`select_pure_batch` applies
``first`` and ``payoff-dominant`` to arrays of payoff vectors, and
:func:`risk_dominant_2x2` applies ``risk-dominant`` to a stack of 2x2 games.

References
----------
J. C. Harsanyi and R. Selten (1988), *A General Theory of Equilibrium Selection in
Games*, MIT Press, ch. 3.
R. D. McKelvey and T. R. Palfrey (1995), "Quantal response equilibria for normal form
games", *Games and Economic Behavior* 10, 6-38.

Examples
--------
>>> from gametheory import NormalFormGame, solve
>>> stag = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]],
...     strategies=(("stag", "hare"), ("stag", "hare")))
>>> res = solve(stag)
>>> select_equilibrium(res, "payoff-dominant").equilibrium.label()
'Row stag / Column stag'
>>> select_equilibrium(res, "risk-dominant").equilibrium.label()
'Row hare / Column hare'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import MethodNotApplicableError
from .result import Equilibrium, EquilibriumResult

__all__ = [
    "SELECTION_RULES",
    "Selection",
    "SelectionError",
    "check_rule",
    "select_equilibrium",
    "select_pure_batch",
    "risk_dominant_2x2",
]

#: The named selection rules, in the order they are documented.
SELECTION_RULES: tuple[str, ...] = ("payoff-dominant", "risk-dominant", "logit", "first")

#: Payoff differences within ``_TIE * scale`` are ties.
_TIE = 1e-9


class SelectionError(MethodNotApplicableError):
    """A selection rule is not defined for a game (the message says why and what to use)."""


def check_rule(rule: Any, /) -> str:
    """Return ``rule`` if it names a rule of :data:`SELECTION_RULES`, else raise one line.

    Examples
    --------
    >>> check_rule("logit")
    'logit'
    >>> check_rule("payoff_dominant")
    Traceback (most recent call last):
    ...
    gametheory.selection.SelectionError: unknown selection rule 'payoff_dominant' (did you mean 'payoff-dominant'?); rules: payoff-dominant, risk-dominant, logit, first
    """
    if isinstance(rule, str) and rule in SELECTION_RULES:
        return rule
    from .suggest import hint as suggest_hint

    hint = suggest_hint(str(rule).replace("_", "-"), SELECTION_RULES, n=1)
    raise SelectionError(
        f"unknown selection rule {rule!r}{hint}; rules: {', '.join(SELECTION_RULES)}"
    )


@dataclass(frozen=True)
class Selection:
    """One equilibrium picked from a result by a named rule, with the reason.

    Attributes
    ----------
    rule : str
        A name from :data:`SELECTION_RULES`.
    equilibrium : Equilibrium or None
        None only when there was nothing to select from (no equilibrium listed, or
        the logit path did not converge); ``reason`` then says so.
    index : int or None
        Position of the equilibrium in the result's list, or None when it is not
        listed (``logit`` may find one the result does not list).
    reason : str
        One line: why this equilibrium (which case of the rule applied).
    """

    rule: str
    equilibrium: Equilibrium | None
    index: int | None
    reason: str

    @property
    def label(self) -> str | None:
        """The selected equilibrium's label (see :meth:`Equilibrium.label`), or None."""
        return None if self.equilibrium is None else self.equilibrium.label()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready ``{"rule", "label", "index", "profile", "payoffs", "reason"}``."""
        eq = self.equilibrium
        d = eq.to_dict() if eq is not None else {"profile": None, "payoffs": None}
        return {
            "rule": self.rule,
            "label": self.label,
            "index": self.index,
            "profile": d["profile"],
            "payoffs": d["payoffs"],
            "reason": self.reason,
        }

    def __repr__(self) -> str:
        return f"<Selection {self.rule}: {self.label or 'none'}>"


def _scale(result: EquilibriumResult) -> float:
    # the largest payoff magnitude, with no floor: a game times 1e-12 has the same ties
    P = result.game.payoffs
    return float(np.abs(P).max()) if P.size else 1.0


def _pay(result: EquilibriumResult) -> np.ndarray:
    players = result.game.players
    return np.array([[e.payoffs[p] for p in players] for e in result.equilibria], dtype=float)


def select_equilibrium(result: EquilibriumResult, rule: str, /) -> Selection:
    """Pick one equilibrium of ``result`` by the named ``rule``.

    Parameters
    ----------
    result : EquilibriumResult
        The equilibria to choose among (``logit`` uses only ``result.game``).
    rule : str
        One of :data:`SELECTION_RULES` (see the module docstring for each rule and
        its tie-break: among ties, the first listed).

    Returns
    -------
    Selection

    Raises
    ------
    SelectionError
        For an unknown rule, or ``risk-dominant`` on a game where it is not defined.

    Examples
    --------
    >>> from gametheory import NormalFormGame, solve
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...     strategies=(("Opera", "Football"), ("Opera", "Football")))
    >>> sel = select_equilibrium(solve(bos), "payoff-dominant")
    >>> sel.index, sel.reason.split(";")[0]
    (0, 'no equilibrium gives every player the most')
    """
    rule = check_rule(rule)
    if not isinstance(result, EquilibriumResult):
        raise SelectionError(
            f"select_equilibrium needs an EquilibriumResult, got {type(result).__name__}"
        )
    eqs = result.equilibria
    if rule == "logit":
        return _logit(result)
    if not eqs:
        return Selection(
            rule,
            None,
            None,
            "no equilibrium was listed to select from"
            + ("" if result.complete else " (the list is not complete)"),
        )
    suffix = "" if result.complete else "; among the listed equilibria (the list is not complete)"
    if rule == "first":
        return Selection(rule, eqs[0], 0, "the first listed equilibrium" + suffix)
    if rule == "payoff-dominant":
        return _payoff_dominant(result, suffix)
    return _risk_dominant(result, suffix)


def _payoff_dominant(result: EquilibriumResult, suffix: str) -> Selection:
    pay = _pay(result)
    eqs = result.equilibria
    if len(eqs) == 1:
        return Selection("payoff-dominant", eqs[0], 0, "the only listed equilibrium" + suffix)
    k = int(select_pure_batch("payoff-dominant", pay[None], tol=_TIE * _scale(result))[0])
    others = np.delete(pay, k, axis=0)
    tol = _TIE * _scale(result)
    if np.all(pay[k][None, :] > others + tol):
        why = "it gives every player more than any other equilibrium (payoff dominance)"
    elif np.all(pay[k][None, :] >= others - tol):
        why = (
            "it gives every player at least as much as any other equilibrium (weak "
            "payoff dominance)"
        )
    else:
        why = (
            "no equilibrium gives every player the most; highest total payoff "
            f"({pay[k].sum():.6g}), the rule's generalisation"
        )
    return Selection("payoff-dominant", eqs[k], k, why + suffix)


def _risk_dominant(result: EquilibriumResult, suffix: str) -> Selection:
    eqs = result.equilibria
    game = result.game
    if len(eqs) == 1 and result.complete:
        return Selection("risk-dominant", eqs[0], 0, "the game's only equilibrium")
    pure = [k for k, e in enumerate(eqs) if e.is_pure]
    refuse = (
        "risk-dominant is defined for games whose pure equilibria are exactly two "
        "strict ones (Harsanyi-Selten for 2x2)"
    )
    if len(pure) != 2:
        noun = "equilibrium" if len(pure) == 1 else "equilibria"
        raise SelectionError(
            f"{refuse}; this game has {len(pure)} listed pure {noun}; "
            "use 'logit' or 'payoff-dominant'"
        )
    a, b = (tuple(int(np.argmax(v)) for v in eqs[k].vectors) for k in pure)
    tol = _TIE * _scale(result)
    P = game.payoffs
    losses = []
    for own, other in ((a, b), (b, a)):
        prod = 1.0
        for i in range(game.num_players):
            if own[i] == other[i]:
                continue
            dev = list(own)
            dev[i] = other[i]
            loss = float(P[own][i] - P[tuple(dev)][i])
            if loss <= tol:
                raise SelectionError(
                    f"{refuse}; {eqs[pure[0 if own == a else 1]].label()} is "
                    "not strict; use 'logit' or 'payoff-dominant'"
                )
            prod *= loss
        losses.append(prod)
    # products of losses: compared relatively (a product of d losses scales as c**d)
    gap = _TIE * max(abs(losses[0]), abs(losses[1]))
    k = 0 if losses[0] >= losses[1] - gap else 1
    tie = abs(losses[0] - losses[1]) <= gap
    why = (
        f"larger Nash product of deviation losses ({losses[k]:.6g} against "
        f"{losses[1 - k]:.6g})" + ("; a tie, the first listed" if tie else "")
    )
    if game.num_players != 2 or game.shape != (2, 2):
        why += " (the rule's generalisation beyond 2x2 games)"
    return Selection("risk-dominant", eqs[pure[k]], pure[k], why + suffix)


def _logit(result: EquilibriumResult) -> Selection:
    from .solvers.logit import logit_solve

    found = logit_solve(result.game, tol=1e-10)  # relative to the payoff spreads
    if not found.equilibria:
        why = found.warnings[0] if found.warnings else "the logit path did not converge"
        return Selection("logit", None, None, why)
    eq = found.equilibria[0]
    index = None
    for k, e in enumerate(result.equilibria):
        if (
            max(float(np.max(np.abs(u - v))) for u, v in zip(e.vectors, eq.vectors, strict=True))
            < 1e-6
        ):
            index, eq = k, e
            break
    why = "limit of the principal logit QRE branch as rationality grows"
    if index is None and result.equilibria:
        why += " (an equilibrium the result does not list)"
    return Selection("logit", eq, index, why)


def select_pure_batch(
    rule: str, payoffs: Any, /, *, valid: Any = None, tol: float = 1e-9
) -> np.ndarray:
    """Apply ``first`` or ``payoff-dominant`` to many lists of equilibria at once.

    Parameters
    ----------
    rule : {"first", "payoff-dominant"}
    payoffs : array of shape (n, m, N)
        For each of ``n`` samples, the payoff vectors of up to ``m`` equilibria in
        their listed order (pad with anything, and mark padding in ``valid``).
    valid : array of bool, shape (n, m), optional
        Which entries are equilibria (default: those with finite payoffs).
    tol : float
        Totals within ``tol`` of the best are ties, won by the first listed.

    Returns
    -------
    ndarray of int, shape (n,)
        Index of the selected equilibrium in each sample, -1 where there is none.

    Examples
    --------
    >>> pay = np.array([[[2, 1], [1, 2], [0, 0]], [[0, 0], [3, 3], [np.nan, np.nan]]])
    >>> select_pure_batch("payoff-dominant", pay).tolist()
    [0, 1]
    >>> select_pure_batch("first", pay, valid=[[False, True, True], [False, False, False]]).tolist()
    [1, -1]
    """
    rule = check_rule(rule)
    if rule not in ("first", "payoff-dominant"):
        raise SelectionError(
            f"select_pure_batch applies 'first' and 'payoff-dominant'; for "
            f"{rule!r} use "
            + (
                "risk_dominant_2x2 (2x2 games)"
                if rule == "risk-dominant"
                else "select_equilibrium on each game"
            )
        )
    pay = np.asarray(payoffs, dtype=float)
    if pay.ndim != 3:
        raise SelectionError(
            f"payoffs must have shape (samples, equilibria, players), got {pay.shape}"
        )
    ok = (
        np.all(np.isfinite(pay), axis=2)
        if valid is None
        else np.asarray(valid, dtype=bool) & np.all(np.isfinite(pay), axis=2)
    )
    any_ok = ok.any(axis=1)
    if rule == "first":
        pick = np.argmax(ok, axis=1)
    else:
        total = np.where(ok, np.where(ok[..., None], pay, 0.0).sum(axis=2), -np.inf)
        best = total.max(axis=1, keepdims=True)
        pick = np.argmax(ok & (total >= best - tol), axis=1)
    return np.where(any_ok, pick, -1).astype(np.int64)


def risk_dominant_2x2(tables: Any, /, *, tol: float = 1e-9) -> np.ndarray:
    """Harsanyi-Selten risk dominance for a stack of 2x2 games.

    Parameters
    ----------
    tables : array of shape (n, 2, 2, 2)
        ``tables[b, r, c, i]``: payoff of player ``i`` (0 row, 1 column) in game ``b``
        when row plays ``r`` and column ``c``.
    tol : float
        Losses at most ``tol`` count as zero (an equilibrium that is not strict);
        equal products (within ``tol``) go to the first in row-major order.

    Returns
    -------
    ndarray of int, shape (n, 2)
        The selected pure profile ``(r, c)``; ``(-1, -1)`` where the rule is not
        defined. Defined when the game has exactly two pure equilibria, both strict
        (compared by the Nash products of deviation losses), or exactly one pure
        equilibrium that is strict (a 2x2 game then has no other equilibrium).

    Examples
    --------
    >>> stag = np.array([[[4, 4], [0, 3]], [[3, 0], [3, 3]]], dtype=float)
    >>> pd = np.array([[[3, 3], [0, 5]], [[5, 0], [1, 1]]], dtype=float)
    >>> risk_dominant_2x2(np.stack([stag, pd])).tolist()
    [[1, 1], [1, 1]]
    """
    T = np.asarray(tables, dtype=float)
    if T.ndim != 4 or T.shape[1:] != (2, 2, 2):
        raise SelectionError(f"tables must have shape (games, 2, 2, 2), got {T.shape}")
    n = T.shape[0]
    # row's gain from its strategy r over the other, against column c; column likewise
    row_gain = T[:, :, :, 0] - T[:, ::-1, :, 0]  # (n, r, c)
    col_gain = T[:, :, :, 1] - T[:, :, ::-1, 1]  # (n, r, c)
    is_eq = (row_gain >= -tol) & (col_gain >= -tol)
    strict = (row_gain > tol) & (col_gain > tol)
    n_eq = is_eq.sum(axis=(1, 2))
    out = np.full((n, 2), -1, dtype=np.int64)
    one = (n_eq == 1) & (is_eq & strict).any(axis=(1, 2))
    flat = np.argmax(is_eq.reshape(n, 4), axis=1)
    out[one] = np.stack([flat[one] // 2, flat[one] % 2], axis=1)
    # two strict equilibria: on a diagonal (two in one row or column cannot both be strict)
    prod = row_gain * col_gain  # Nash product at each profile
    for (r1, c1), (r2, c2) in (((0, 0), (1, 1)), ((0, 1), (1, 0))):
        two = (n_eq == 2) & strict[:, r1, c1] & strict[:, r2, c2]
        p1, p2 = prod[:, r1, c1], prod[:, r2, c2]
        first = p1 >= p2 - tol * np.maximum(1.0, np.abs(p2))
        out[two & first] = (r1, c1)
        out[two & ~first] = (r2, c2)
    return out
