"""Explore a model live: sliders for its parameters, the equilibria re-solved as they move.

:func:`explore` gives a notebook panel (ipywidgets, extra ``notebooks``) for any model,
simultaneous or sequential; ``gametheory explore MODEL`` serves the same explorer as a
local web page (:mod:`gametheory.explorer.web`). Both are views of one
:class:`Explorer`, which can also be driven from code.

Examples
--------
>>> import gametheory as gt, pathlib
>>> m = gt.load_model(pathlib.Path(gt.__file__).parents[1] / "models" / "us_china.toml")
>>> panel = gt.explore(m)
>>> panel.set(compete_gain_ratio=2.0).result[0].label()
'USA hedge / CHN compete'
>>> panel.sliders["compete_gain_ratio"].value
2.0
"""

from __future__ import annotations

from typing import Any

from .state import Explorer, Slider

__all__ = ["explore", "Explorer", "Slider"]


def explore(
    model: Any,
    /,
    *,
    parameters: Any = None,
    auto_thresholds: bool | None = None,
    select: str | None = None,
) -> Any:
    """A live panel over ``model``: sliders, equilibria, payoff table, thresholds.

    Parameters
    ----------
    model : Model or str or os.PathLike
        A model, or the path of a model file.
    parameters : sequence of str, optional
        The parameters offered as sliders (default: every one with a range).
    auto_thresholds : bool, optional
        Recompute the nearest thresholds on every change (default: for models with
        few parameters; larger ones have a button).
    select : str, optional
        A selection rule (``"payoff-dominant"``, ``"risk-dominant"``, ...): the table
        marks its pick; without one the panel shows the whole set of equilibria.

    Returns
    -------
    ExplorerPanel
        Displays itself in a notebook. ``panel.set(**{"trade_dep.KOR": 0.9})`` moves
        sliders from code; ``panel.result`` is the current result,
        ``panel.explorer`` the state behind it.
    """
    from ..models import Model, load_model

    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        raise ImportError(
            "gametheory.explore needs ipywidgets: pip install "
            "'gametheory[notebooks]' (without Jupyter, run `gametheory explore "
            "MODEL` for the same explorer in the browser)"
        ) from None
    from .widgets import ExplorerPanel

    if not isinstance(model, Model):
        model = load_model(model)
    return ExplorerPanel(
        Explorer(model, parameters=parameters, auto_thresholds=auto_thresholds, select=select)
    )
