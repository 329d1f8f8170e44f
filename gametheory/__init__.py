"""gametheory: game-theoretic decision analysis with sourced parameters.

Build games (:class:`NormalFormGame`), solve them with verified solvers
(:func:`solve`), load parameter models from TOML files (:func:`load_model`),
and analyse sensitivity and write reports.

Heavy parts are imported lazily, so ``import gametheory`` stays fast.

Examples
--------
>>> import gametheory as gt
>>> g = gt.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...     strategies=(("C", "D"), ("C", "D")))
>>> [e.label() for e in gt.solve(g, method="enumerate")]
['Row D / Column D']
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import (
    GameFileError,
    GameTheoryError,
    InvalidGameError,
    MethodNotApplicableError,
    ModelError,
    SolverError,
)
from .game import NormalFormGame
from .result import Equilibrium, EquilibriumResult, make_equilibrium

__version__ = "0.1.0"

# name -> module that defines it; imported on first access (PEP 562)
_LAZY = {
    "solve": "gametheory.solvers",
    "SOLVERS": "gametheory.solvers",
    "pure_equilibria": "gametheory.solvers",
    "enumerate_equilibria": "gametheory.solvers",
    "support_enumeration": "gametheory.solvers",
    "vertex_enumeration": "gametheory.solvers",
    "lemke_howson": "gametheory.solvers",
    "zero_sum": "gametheory.solvers",
    "iterated_elimination": "gametheory.solvers",
    "nash_subsets": "gametheory.solvers",
    "read_nfg": "gametheory.io.nfg",
    "write_nfg": "gametheory.io.nfg",
    "parse_nfg": "gametheory.io.nfg",
    "format_nfg": "gametheory.io.nfg",
    "logit_solve": "gametheory.solvers.logit",
    "enumerate_mixed": "gametheory.solvers.nplayer_enum",
    "classify": "gametheory.refinements",
    "logit_qre": "gametheory.qre",
    "logit_correspondence": "gametheory.qre",
    "fit_logit": "gametheory.qre",
    "replicator": "gametheory.dynamics",
    "fictitious_play": "gametheory.dynamics",
    "best_response_dynamics": "gametheory.dynamics",
    "select_equilibrium": "gametheory.selection",
    "SELECTION_RULES": "gametheory.selection",
    "load_model": "gametheory.models",
    "Model": "gametheory.models",
}

__all__ = [
    "NormalFormGame",
    "Equilibrium",
    "EquilibriumResult",
    "make_equilibrium",
    "GameTheoryError",
    "InvalidGameError",
    "GameFileError",
    "ModelError",
    "SolverError",
    "MethodNotApplicableError",
    "__version__",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
