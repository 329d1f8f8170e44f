"""Suggestions for misspelt names: one helper for the whole package.

Every place that looks a name up (parameters, players, strategies, methods, options)
asks :func:`suggestions` for close matches and words the hint with :func:`hint`, or
uses :func:`match_name` to accept a name typed in another case (``usa`` for ``USA``)
and reject anything else with those suggestions.

Matching, in order:

1. the name with another case, when that identifies one known name;
2. a group name: ``exposure`` suggests every ``exposure.*`` entry;
3. close spellings (:func:`difflib.get_close_matches`), compared in lower case.

Examples
--------
>>> known = ["exposure.EU", "exposure.JPN", "trade_dep.KOR", "war_risk"]
>>> suggestions("exposure", known)
['exposure.EU', 'exposure.JPN']
>>> hint("war_rsk", known)
" (did you mean 'war_risk'?)"
>>> match_name("WAR_RISK", known, what="parameter")
'war_risk'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .errors import GameTheoryError, ModelError

__all__ = ["suggestions", "hint", "match_name", "case_match"]


def case_match(name: str, known: Iterable[str]) -> str | None:
    """The one known name equal to ``name`` ignoring case, or None.

    Examples
    --------
    >>> case_match("usa", ["USA", "CHN"]), case_match("x", ["X", "x2"])
    ('USA', 'X')
    """
    names = list(known)
    if name in names:
        return name
    folded = [k for k in names if k.casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else None


def suggestions(name: str, known: Iterable[str], *, n: int = 3) -> list[str]:
    """Known names the user may have meant by ``name``, best first.

    Examples
    --------
    >>> suggestions("usa", ["USA", "CHN"])
    ['USA']
    >>> suggestions("hedeg", ["cooperate", "hedge", "compete"])
    ['hedge']
    """
    names = [str(k) for k in known]
    same = case_match(name, names)
    if same is not None and same != name:
        return [same]
    low = name.casefold()
    group = [k for k in names if k.casefold().startswith(low + ".")]
    if group:  # a group name: every entry of the group
        return group
    by_lower: dict[str, str] = {}
    for k in names:
        by_lower.setdefault(k.casefold(), k)
    close = difflib.get_close_matches(low, list(by_lower), n=n, cutoff=0.6)
    if not close and "." in low:  # a misspelt group or index: match the parts
        head, _, tail = low.partition(".")
        heads = {k.split(".", 1)[0].casefold() for k in by_lower if "." in k}
        best = difflib.get_close_matches(head, list(heads), n=1, cutoff=0.6)
        if best:
            members = [k for k in by_lower if k.startswith(best[0] + ".")]
            close = difflib.get_close_matches(f"{best[0]}.{tail}", members, n=n, cutoff=0.5)
    return [by_lower[c] for c in close]


def hint(name: str, known: Iterable[str], *, n: int = 3) -> str:
    """`` (did you mean 'X'?)`` with the :func:`suggestions`, or ``""`` when there are none.

    Examples
    --------
    >>> hint("hedeg", ["hedge"]), hint("zzz", ["hedge"])
    (" (did you mean 'hedge'?)", '')
    """
    close = suggestions(name, known, n=n)
    if not close:
        return ""
    if len(close) == 1:
        return f" (did you mean {close[0]!r}?)"
    return f" (did you mean one of {', '.join(repr(c) for c in close)}?)"


def match_name(
    name: str,
    known: Iterable[str],
    *,
    what: str,
    where: str = "",
    error: type[GameTheoryError] = ModelError,
) -> str:
    """``name`` as a known name (case-insensitively), else ``error`` with suggestions.

    Parameters
    ----------
    name : str
    known : iterable of str
    what : str
        What the name is, for the message ("parameter", "player", ...).
    where : str
        A prefix for the message (the file, the option: ``"--fix"``).
    error : exception class
        Raised when nothing matches.

    Examples
    --------
    >>> match_name("chn", ["USA", "CHN"], what="player")
    'CHN'
    >>> match_name("CNH", ["USA", "CHN"], what="player", where="--fix")
    Traceback (most recent call last):
    ...
    gametheory.errors.ModelError: --fix: unknown player 'CNH' (did you mean 'CHN'?)
    """
    names = list(known)
    found = case_match(name, names)
    if found is not None:
        return found
    prefix = f"{where}: " if where else ""
    raise error(f"{prefix}unknown {what} {name!r}{hint(name, names)}")
