"""Models from data files: sourced parameters, safe payoff formulas, sequential games.

A model is a TOML file (format in models/FORMAT.md) that declares players, roles,
strategies, parameters with their ranges and sources, payoff formulas and the game
form. :func:`load_model` validates it into a frozen :class:`Model` (a
:class:`TreeModel` for a game tree, ``form = "tree"``); nothing in the file is ever
executed.

Examples
--------
>>> import gametheory.models as gm, pathlib
>>> m = gm.load_model(pathlib.Path(gm.__file__).parents[2] / "models" / "us_china.toml")
>>> m.game().shape
(3, 3)
"""

from __future__ import annotations

from .compiled import CompiledModel
from .expr import FormulaScope, parse_formula
from .loader import SELECTION_RULES
from .model import (
    Model,
    Parameter,
    Player,
    Role,
    SequentialModel,
    SimultaneousModel,
    load_model,
    parse_model_text,
)
from .tree_model import TreeModel

__all__ = [
    "load_model",
    "parse_model_text",
    "Model",
    "SimultaneousModel",
    "SequentialModel",
    "CompiledModel",
    "Parameter",
    "Player",
    "Role",
    "TreeModel",
    "FormulaScope",
    "parse_formula",
    "SELECTION_RULES",
]
