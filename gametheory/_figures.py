"""Figures built without pyplot, that still show themselves in a notebook.

The library builds :class:`matplotlib.figure.Figure` objects directly (no global
pyplot state, safe in threads and worker processes). IPython only knows how to
display a bare Figure once its inline backend has registered a formatter, which
happens when pyplot is first imported in the kernel; :func:`new_figure` registers
that formatter itself when it runs inside IPython, so a returned figure appears
as the cell's output in a fresh kernel too.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["new_figure"]

_registered = False


def _register_ipython_display() -> None:
    global _registered
    if _registered or "IPython" not in sys.modules:
        return
    try:
        from IPython import get_ipython
        from IPython.core.pylabtools import print_figure
        from matplotlib.figure import Figure

        shell = get_ipython()
        if shell is None:
            return
        formatter = shell.display_formatter.formatters["image/png"]
        formatter.for_type(Figure, lambda fig: print_figure(fig, "png", bbox_inches="tight"))
        _registered = True
    except Exception:  # noqa: BLE001 - display is a convenience, never an error
        return


def new_figure(**kwargs: Any) -> Any:
    """A new :class:`~matplotlib.figure.Figure` (keyword arguments as for ``Figure``).

    Examples
    --------
    >>> fig = new_figure(figsize=(3, 2))
    >>> type(fig).__name__
    'Figure'
    """
    from matplotlib.figure import Figure

    _register_ipython_display()
    return Figure(**kwargs)
