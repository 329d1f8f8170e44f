"""The summary paragraph: the followed outcome, its robustness and nearest thresholds, in words.

:func:`summary_paragraph` reads the typed sections (the model's players and
meanings, the equilibria section with what it follows, the Monte Carlo
robustness and the closest thresholds) and writes one paragraph of prose, with
each strategy's meaning from the model file. It says which equilibria it speaks
of: the unique one, the set of pure equilibria, the one a named rule selects, or
the subgame-perfect path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ._format import format_interval, format_number, format_share, join_words, possessive
from .sections import (
    Choice,
    EquilibriaSection,
    ModelSection,
    Robustness,
    SequentialEquilibria,
    SimultaneousEquilibria,
    Threshold,
)

__all__ = ["summary_paragraph"]


def _mid_sentence(text: str) -> str:
    """``"A regional state ..."`` -> ``"a regional state ..."`` (articles only)."""
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if first in ("A", "An", "The") and rest else text


def _sentence_case(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _with_meaning(meaning: str) -> str:
    if not meaning:
        return ""
    if "(" not in meaning:
        return f" ({_sentence_case(meaning)})"
    return f": {_sentence_case(meaning)}"


def _describe_profile(model: ModelSection, profile: Mapping[str, Choice]) -> list[str]:
    """Sentences in player order: single players by name, role members grouped by choice."""
    meanings, names = model.meanings, model.names
    roles = {p.id: p.role for p in model.players}
    sentences: list[str] = []
    done_roles: set[str] = set()
    for pid, choice in profile.items():
        role = roles.get(pid)
        if role and isinstance(choice, str):
            if role in done_roles:
                continue
            done_roles.add(role)
            members = [
                (p, c) for p, c in profile.items() if roles.get(p) == role and isinstance(c, str)
            ]
            by_choice: dict[str, list[str]] = {}
            for m, c in members:
                by_choice.setdefault(c, []).append(names.get(m, m))
            for c, who in by_choice.items():
                meaning = meanings.get(members[0][0], {}).get(c, "")
                verb = "choose" if len(who) > 1 else "chooses"
                sentences.append(f"{join_words(who)} {verb} {c}{_with_meaning(meaning)}.")
            continue
        if isinstance(choice, str):
            meaning = meanings.get(pid, {}).get(choice, "")
            sentences.append(f"{names.get(pid, pid)} chooses {choice}{_with_meaning(meaning)}.")
        else:
            mix = ", ".join(f"{s} with probability {format_number(q)}" for s, q in choice.items())
            sentences.append(f"{names.get(pid, pid)} mixes: {mix}.")
    return sentences


def _count_sentence(equilibria: SimultaneousEquilibria) -> list[str]:
    """How many equilibria the game has and, with several, which one the text follows."""
    eqs = equilibria.equilibria
    followed = equilibria.followed
    info = equilibria.method_info
    n_pure = sum(1 for e in eqs if e.pure)
    n_mixed = len(eqs) - n_pure
    searched_mixed = info.method not in ("pure",)
    if len(eqs) == 1 and (searched_mixed or n_mixed):
        return ["The game has one equilibrium."]
    if len(eqs) == 1:
        return ["The game has one pure equilibrium (mixed equilibria were not searched)."]
    if searched_mixed:
        count = (
            f"The game has {len(eqs)} equilibria ({n_pure} pure, {n_mixed} mixed"
            + ("" if info.complete else "; the search may have missed some")
            + ")."
        )
    else:
        count = f"The game has {n_pure} pure equilibria (mixed equilibria were not searched)."
    out = [count]
    if followed.kind == "selection":
        out.append(
            f"This report follows the one the {followed.rule} rule selects, as asked (--select):"
        )
    return out


def _outcome_sentences(model: ModelSection, equilibria: EquilibriaSection) -> list[str]:
    """What the report follows, in words: the set, the selected equilibrium, or the path."""
    profile = equilibria.outcome.profile if equilibria.outcome else {}
    followed = equilibria.followed
    if isinstance(equilibria, SequentialEquilibria):
        if not profile:
            return [
                "Backward induction found no pure subgame-perfect path at the base "
                "parameters: a simultaneous stage has no pure equilibrium (see the "
                "equilibria section)."
            ]
        parts = ["On the subgame-perfect path (each mover anticipating the later ones):"]
        parts += _describe_profile(model, profile)
        n = len(equilibria.path_equilibria)
        if n > 1:
            parts.append(
                f"The simultaneous stage on this path has {n} pure equilibria; the "
                f"{followed.rule or 'selection'} rule picks this one."
            )
        elif followed.rule:
            parts.append(
                "Where a stage has several pure equilibria, on this path or off it, the "
                f"model's {followed.rule} rule picks one."
            )
        return parts
    if followed.kind == "set":
        labels = followed.labels or ()
        return [
            *_count_sentence(equilibria),
            "This report follows the set of pure equilibria, not one of them: no "
            "selection rule was given (--select RULE follows one). The pure "
            "equilibria are "
            + join_words([f"({k}) {lab}" for k, lab in enumerate(labels, 1)])
            + ".",
        ]
    if not profile and followed.kind == "selection":
        return [
            *_count_sentence(equilibria),
            f"The {followed.rule} rule selects no pure equilibrium here.",
        ]
    if not profile:
        return ["The solver found no equilibrium of this model at its base parameters."]
    return [*_count_sentence(equilibria), *_describe_profile(model, profile)]


def _threshold_text(row: Threshold) -> str:
    change = f"; then {row.change}" if row.change else ""
    return (
        f"{row.parameter} {row.direction or 'crosses'} {format_number(row.threshold)} "
        f"(base {format_number(row.base)}{change})"
    )


def summary_paragraph(
    model: ModelSection,
    equilibria: EquilibriaSection,
    robustness: Robustness | None,
    closest: Sequence[Threshold],
    closest_key: Threshold | None = None,
) -> str:
    """The outcome, its robustness and the nearest thresholds, in one paragraph of prose."""
    on_set = equilibria.followed.kind == "set"
    parts = _outcome_sentences(model, equilibria)
    if robustness and robustness.share is not None:
        n = f"{robustness.samples:,}"
        if robustness.full_outcome:
            parts.append(
                f"Over {n} random draws from the parameters' plausible ranges, "
                f"{_mid_sentence(robustness.outcome)} in {format_share(robustness.share)} of them "
                f"(95% confidence interval {format_interval(robustness.ci)}); every "
                f"player acts exactly as above in {format_share(robustness.full_share)} "
                f"({format_interval(robustness.full_ci)})."
            )
        else:
            what = "The same set of pure equilibria" if on_set else "This outcome"
            parts.append(
                f"{what} holds in {format_share(robustness.share)} of {n} random "
                f"draws over the parameters' plausible ranges (95% confidence interval "
                f"{format_interval(robustness.ci)})."
            )
    if closest:
        what = "the set of equilibria is" if on_set else "the outcome is"
        parts.append(
            f"One parameter at a time, {what} closest to changing if "
            + join_words([_threshold_text(row) for row in closest[:3]])
            + "."
        )
    listed = {(row.parameter, row.threshold) for row in closest[:3]}
    if closest_key and (closest_key.parameter, closest_key.threshold) not in listed:
        player = closest_key.player or ""
        name = model.names.get(player, player)
        parts.append(
            f"{possessive(name)} own choice changes first if {closest_key.parameter} "
            f"{closest_key.direction or 'crosses'} "
            f"{format_number(closest_key.threshold)} (base "
            f"{format_number(closest_key.base)}; then {closest_key.change})."
        )
    return " ".join(parts)
