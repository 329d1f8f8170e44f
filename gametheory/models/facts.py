"""The report's claims as data: facts about a sequential model's equilibrium outcome.

A facts file sits beside its model (``models/pacific_nato.facts.toml``) and states,
for each claim of the source report, a condition on the outcome, with the report's
words::

    format = 1
    model = "pacific_nato"

    [facts.sgp_hedges]
    statement = "Singapore neither joins nor accommodates China under any structure"
    quote = "For Singapore, this is existential."
    player = "SGP"
    plays = ["hedge"]
    under = "every"            # or a list of first-mover strategies, or "path"

``under = "every"`` (or a list) means: in the subgame after each of those choices of
the first mover (the US structure), on the selected path, ``player`` plays one of
``plays``. ``under = "path"`` means on the subgame-perfect path of the whole game.
:func:`fact_matrix` checks every fact for a batch of parameter samples from the
outcomes of each first-mover subgame (:func:`subgame_outcomes`), which is what
``gametheory validate`` and ``gametheory calibrate`` use.

Examples
--------
>>> import gametheory.models as gm, pathlib
>>> root = pathlib.Path(gm.__file__).parents[2] / "models"
>>> m = gm.load_model(root / "regional_state.toml")
>>> fs = parse_facts('format = 1\\nmodel = "regional_state"\\n[facts.a]\\n'
...                  'statement = "s"\\njudgement = "j"\\nplayer = "CHN"\\nplays = ["hedge"]\\n'
...                  'under = "path"\\n', m)
>>> fact_matrix(fs, subgame_outcomes(m, m.value_vector()[None, :])).tolist()
[[True]]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .stage import relative_tolerance

__all__ = [
    "Fact",
    "SubgameOutcomes",
    "parse_facts",
    "load_facts",
    "facts_path",
    "subgame_outcomes",
    "fact_matrix",
    "MAX_FACTS",
]

#: Most facts a facts file may hold (a report's claims are dozens; calibration
#: compares every pair of facts).
MAX_FACTS = 1_000


@dataclass(frozen=True)
class Fact:
    """One claim: under ``under``, ``player`` plays one of ``plays``."""

    id: str
    statement: str
    player: str
    plays: tuple[str, ...]
    under: tuple[str, ...] | str
    quotes: tuple[str, ...] = ()
    judgement: str = ""

    @property
    def quote(self) -> str:
        return " … ".join(self.quotes)


@dataclass(frozen=True)
class SubgameOutcomes:
    """Per sample: the actions in the subgame after each first-mover choice, and the path.

    ``actions[s]`` is (n, players) for first-mover strategy ``s``; ``path`` is (n,
    players), the subgame after the first mover's best choice (ties: the first).
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    options: tuple[str, ...]
    actions: dict[str, np.ndarray]
    payoffs: dict[str, np.ndarray]
    path: np.ndarray
    ok: np.ndarray

    def index(self, player: str, strategy: str) -> int:
        return self.strategies[self.players.index(player)].index(strategy)


def facts_path(model_path: str | Path) -> Path:
    """``X.facts.toml`` beside ``X.toml``."""
    p = Path(model_path)
    return p.with_name(p.stem + ".facts.toml")


def load_facts(path: str | Path, model: Any) -> tuple[Fact, ...]:
    """Read and check a facts file against ``model`` (one-line errors naming the field)."""
    from ..io.safe_read import read_input
    from .loader import MAX_FILE_BYTES

    p = Path(path)
    # a cap while reading, and no FIFO (which would block) or device (which never ends)
    data = read_input(p, max_bytes=MAX_FILE_BYTES, what="facts file (.toml)", error=ModelError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"{p}: not UTF-8 text (byte {exc.start})") from None
    return parse_facts(text, model, source=str(p))


def _strings(value: Any, where: str, *, empty: bool = False) -> tuple[str, ...]:
    """A string or a list of strings as a tuple (one-line error for anything else)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise ModelError(f"{where}: expected a string or a list of strings, found {value!r:.60}")
    if not items and not empty:
        raise ModelError(f"{where}: the list is empty")
    return tuple(items)


def parse_facts(text: str, model: Any, *, source: str = "<facts>") -> tuple[Fact, ...]:
    """Parse facts from TOML text; see the module docstring for the format."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{source}: not valid TOML: {exc}") from None
    extra = set(data) - {"format", "model", "facts"}
    if extra:
        raise ModelError(
            f"{source}: unknown key {sorted(extra)[0]!r} (allowed: format, model, facts)"
        )
    if data.get("format") != 1:
        raise ModelError(f"{source}: format: expected 1, found {data.get('format')!r}")
    if data.get("model") != model.id:
        raise ModelError(f"{source}: model: expected {model.id!r}, found {data.get('model')!r}")
    first = model.stages[0][0]
    options = model.player(first).strategies
    out = []
    table = data.get("facts") or {}
    if not isinstance(table, dict):
        raise ModelError(f"{source}: facts: expected tables [facts.ID]")
    if len(table) > MAX_FACTS:
        raise ModelError(
            f"{source}: {len(table):,} facts, more than the {MAX_FACTS:,} a facts file may "
            "hold (calibration compares every pair of facts)"
        )
    for fid, t in table.items():
        where = f"{source}: facts.{fid}"
        if not isinstance(t, dict):
            raise ModelError(f"{where}: expected a table")
        allowed = {"statement", "quote", "judgement", "player", "plays", "under"}
        bad = set(t) - allowed
        if bad:
            raise ModelError(
                f"{where}.{sorted(bad)[0]}: unknown key (allowed: {', '.join(sorted(allowed))})"
            )
        for key in ("statement", "player", "plays", "under"):
            if key not in t:
                raise ModelError(f"{where}.{key}: missing")
        quotes = _strings(t.get("quote", []), f"{where}.quote", empty=True)
        if not quotes and not t.get("judgement"):
            raise ModelError(f"{where}: needs a quote (the report's words) or a judgement")
        player = t["player"]
        if not isinstance(player, str) or player not in model.player_ids:
            raise ModelError(f"{where}.player: unknown player {player!r}")
        plays = _strings(t["plays"], f"{where}.plays")
        strategies = model.player(player).strategies
        for s in plays:
            if s not in strategies:
                raise ModelError(
                    f"{where}.plays: {player} has no strategy {s!r} "
                    f"(it has {', '.join(strategies)})"
                )
        under = t["under"]
        if under == "every":
            under = tuple(options)
        elif under != "path":
            under = _strings(under, f"{where}.under")
            for s in under:
                if s not in options:
                    raise ModelError(f"{where}.under: {first} has no strategy {s!r}")
            if player == first:
                raise ModelError(f'{where}.under: a fact about {first} must use under = "path"')
        out.append(
            Fact(
                id=fid,
                statement=str(t["statement"]),
                player=player,
                plays=plays,
                under=under,
                quotes=quotes,
                judgement=str(t.get("judgement", "")),
            )
        )
    if not out:
        raise ModelError(f"{source}: no facts")
    return tuple(out)


def subgame_outcomes(
    model: Any,
    P: np.ndarray,
    *,
    evaluators: dict | None = None,
) -> SubgameOutcomes:
    """Outcomes of each first-mover subgame and the path, for samples ``P`` (n, k).

    ``evaluators``: a dict to cache the per-subgame solvers in between calls. Only the
    first mover's payoffs are computed (the others' columns may be NaN).
    """
    first = model.stages[0][0]
    fi = model.player_ids.index(first)
    options = model.player(first).strategies
    cache = {} if evaluators is None else evaluators
    from .sequential import BackwardInduction

    P = np.atleast_2d(np.asarray(P, dtype=float))
    actions, payoffs = {}, {}
    for s in options:
        solver = cache.get(s)
        if solver is None:
            solver = cache[s] = BackwardInduction(model, {first: s}, model.selection)
        acts, pays = [], []
        for lo in range(0, len(P), 2048):
            # only the first mover's payoff is needed: the others are left uncomputed
            b = solver.solve(0, P[lo : lo + 2048], {}, False, [fi])
            acts.append(np.where(b.ok[:, None], b.profile, -1))
            pays.append(b.payoffs)
        actions[s] = np.concatenate(acts) if acts else np.zeros((0, len(model.players)), int)
        payoffs[s] = np.concatenate(pays) if pays else np.zeros((0, len(model.players)))
    values = np.stack(
        [np.where(np.isfinite(payoffs[s][:, fi]), payoffs[s][:, fi], -np.inf) for s in options],
        axis=1,
    )
    best = values.max(axis=1, keepdims=True)
    pick = np.argmax(values >= best - relative_tolerance(values)[:, None], axis=1)
    ok = np.isfinite(best[:, 0])
    stacked = np.stack([actions[s] for s in options], axis=1)
    path = stacked[np.arange(len(pick)), pick]
    path[~ok] = -1
    return SubgameOutcomes(
        players=model.player_ids,
        strategies=tuple(p.strategies for p in model.players),
        options=tuple(options),
        actions=actions,
        payoffs=payoffs,
        path=path,
        ok=ok,
    )


def fact_matrix(facts: tuple[Fact, ...], outcomes: SubgameOutcomes) -> np.ndarray:
    """(n_facts, n) bool: whether each fact holds for each sample."""
    rows = []
    for f in facts:
        i = outcomes.players.index(f.player)
        want = [outcomes.index(f.player, s) for s in f.plays]
        if f.under == "path":
            rows.append(np.isin(outcomes.path[:, i], want))
            continue
        hold = np.ones(len(outcomes.path), bool)
        for s in f.under:
            hold &= np.isin(outcomes.actions[s][:, i], want)
        rows.append(hold)
    return np.array(rows).reshape(len(facts), -1)
