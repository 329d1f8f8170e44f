"""Reading the game a seminar command works on: ``.nfg``, ``.efg`` or a ``.toml`` model.

Used by ``classify``, ``dominance`` and ``draw``. A ``.toml`` model gives its game
at the model's default parameters; a Gambit ``.efg`` tree is read by
:func:`gametheory.io.efg.read_efg`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import CLIError

__all__ = ["load_game", "load_normal_form"]


def load_game(path: str) -> Any:
    """The game in ``path``: a NormalFormGame, or an extensive-form game for ``.efg``."""
    p = Path(path)
    if p.is_dir():
        raise CLIError(
            f"{path}: is a directory, expected a game file (.nfg, .efg) or a model (.toml)"
        )
    suffix = p.suffix.lower()
    if suffix == ".nfg":
        from ..io.nfg import read_nfg

        return read_nfg(path)
    if suffix == ".efg":
        from ..io.efg import read_efg

        return read_efg(path)
    if suffix == ".toml":
        from ..models import load_model

        return load_model(path).game()
    what = f"extension {p.suffix!r}" if p.suffix else "no extension"
    raise CLIError(
        f"{path}: unsupported file type ({what}); expected a Gambit game (.nfg, .efg) "
        "or a model (.toml)"
    )


def load_normal_form(path: str, command: str) -> Any:
    """The game in ``path`` as a NormalFormGame (a tree's reduced normal form), or a one-line
    error naming ``command``."""
    from ..game import NormalFormGame

    game = load_game(path)
    if isinstance(game, NormalFormGame):
        return game
    from ..extensive import ExtensiveFormGame

    if isinstance(game, ExtensiveFormGame):
        from ..budget import BudgetError

        try:
            nf = game.reduced_normal_form()
        except BudgetError as exc:
            raise CLIError(f"{path}: {command}: {exc}") from None
        return NormalFormGame(
            nf.exact_payoffs,
            players=nf.players,
            strategies=nf.strategies,
            title=f"{nf.title or 'Tree'} (reduced normal form)",
        )
    raise CLIError(
        f"{path}: {command} needs a simultaneous (normal-form) game; this one is "
        f"{type(game).__name__}"
    )
