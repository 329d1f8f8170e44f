"""The notebook panel: ipywidgets sliders around an :class:`~gametheory.explorer.state.Explorer`.

Built by :func:`gametheory.explore`; ipywidgets (extra ``notebooks``) is imported here,
only when a panel is made. Plain parameters come first, each indexed group
(``trade_dep.*``, one entry per player) in a folded accordion section; hovering a
slider shows the parameter's meaning, unit and source. Each change re-solves the
model and redraws the outcome, the payoff table or outcome chart, the "changed from
base" line and the ``--set`` flags. Thresholds are recomputed on every change for
small models and on the button's click otherwise.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from .state import Explorer, Slider

__all__ = ["ExplorerPanel"]


def _in_kernel() -> bool:
    """Whether a Jupyter kernel is running (where Output widgets can show figures)."""
    import sys

    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


class ExplorerPanel:
    """A live panel over a model (see :func:`gametheory.explore`).

    Attributes
    ----------
    explorer : Explorer
        The state the panel shows.
    sliders : dict of str to ipywidgets.FloatSlider
    widget : ipywidgets.VBox
        What the notebook displays (the panel displays itself as this).
    """

    def __init__(self, explorer: Explorer) -> None:
        import ipywidgets as w

        self.explorer = explorer
        self._w = w
        self._busy = False
        self.sliders: dict[str, Any] = {}
        sections = []
        titles = []
        plain = None
        for group, sliders in explorer.groups().items():
            box = w.VBox([self._make(s) for s in sliders])
            if group is None:
                plain = box
            else:
                sections.append(box)
                titles.append(f"{group} ({len(sliders)})")
        controls: list[Any] = []
        if plain is not None:
            controls.append(plain)
        if sections:
            acc = w.Accordion(children=sections, titles=tuple(titles))
            acc.selected_index = None  # folded
            controls.append(acc)
        self.headline = w.HTML()
        self.table = w.HTML()
        self.figure = w.Output()
        self.changed = w.HTML()
        self.flags = w.Text(
            description="--set flags",
            disabled=False,
            layout=w.Layout(width="95%"),
            style={"description_width": "80px"},
        )
        self.copy = w.HTML()
        self.threshold_button = w.Button(
            description="nearest thresholds",
            tooltip="parameter values where the outcome changes, "
            "one parameter at a time from this point",
        )
        self.threshold_button.on_click(lambda _: self._show_thresholds())
        self.threshold_box = w.HTML()
        reset = w.Button(description="reset to base")
        reset.on_click(lambda _: self.reset())
        self.widget = w.VBox(
            [
                w.HTML(f"<b>{html.escape(explorer.base.title)}</b>"),
                w.HBox(
                    [
                        w.VBox(controls, layout=w.Layout(width="46%")),
                        w.VBox(
                            [self.headline, self.table, self.figure], layout=w.Layout(width="54%")
                        ),
                    ]
                ),
                self.changed,
                w.HBox([self.flags, self.copy]),
                w.HBox([self.threshold_button, reset]),
                self.threshold_box,
            ]
        )
        self._render()

    def _make(self, s: Slider) -> Any:
        w = self._w
        slider = w.FloatSlider(
            value=s.value,
            min=s.low,
            max=s.high,
            step=s.step,
            description=s.label,
            continuous_update=False,
            readout_format=".4g",
            tooltip=s.tooltip,
            style={"description_width": "150px"},
            layout=w.Layout(width="400px"),
        )
        slider.observe(lambda change, name=s.name: self._moved(name, change["new"]), names="value")
        self.sliders[s.name] = slider
        return slider

    # ------------------------------------------------------------ headless API
    @property
    def result(self) -> Any:
        """The current result (what the panel shows)."""
        return self.explorer.result

    @property
    def model(self) -> Any:
        """The model at the current point."""
        return self.explorer.model

    def set(self, values: Mapping[str, float] | None = None, /, **kw: float) -> ExplorerPanel:
        """Move sliders (as dragging them would) and re-solve once; returns the panel.

        Names are matched case-insensitively; use a mapping or ``**{"trade_dep.KOR": 0.9}``
        for names with a dot.
        """
        before = dict(self.explorer.values)
        self.explorer.set(values, **kw)  # validates every name and value first
        self._sync(before)
        return self

    def reset(self) -> ExplorerPanel:
        """Every slider back to its base value."""
        before = dict(self.explorer.values)
        self.explorer.reset()
        self._sync(before)
        return self

    def thresholds(self, *, limit: int = 5) -> Any:
        """The nearest thresholds from the current point (a DataFrame)."""
        return self.explorer.thresholds(limit=limit)

    # ---------------------------------------------------------------- internals
    def _sync(self, before: Mapping[str, float]) -> None:
        self._busy = True
        try:
            for name, slider in self.sliders.items():
                value = self.explorer.values[name]
                if value != before.get(name):
                    slider.value = value
        finally:
            self._busy = False
        self._render()

    def _moved(self, name: str, value: float) -> None:
        if self._busy or self.explorer.values.get(name) == value:
            return
        self.explorer.set({name: value})
        self._render()

    def _render(self) -> None:
        ex = self.explorer
        self.headline.value = f"<p><b>{html.escape(ex.headline())}</b></p>"
        frame = ex.options_frame()
        if frame is None:
            frame = ex.equilibria_frame()
            rule = getattr(getattr(ex.result, "selection", None), "rule", None)
            caption = (
                "Equilibria, with the one selected by " + rule
                if rule
                else "Equilibria (the whole set found)"
            )
        else:
            first = ex.result.plan["player"]
            caption = f"Outcome under each option of {first} (chosen: {ex.result.plan['chosen']})"
        self.table.value = f"<p>{html.escape(caption)}</p>" + frame.to_html(
            index=False, float_format=lambda x: f"{x:.4g}"
        )
        if _in_kernel():  # headless: nothing to draw on
            figs = ex.figures()
            self.figure.clear_output(wait=True)
            with self.figure:
                from IPython.display import display

                for fig in figs:
                    display(fig)
        self.changed.value = f"<i>{html.escape(ex.changed_text())}</i>"
        flags = ex.set_flags()
        self.flags.value = flags
        self.copy.value = (
            f"<button title='copy the --set flags' onclick=\"navigator.clipboard.writeText("
            f'{html.escape(repr(flags))})">copy</button>'
            if flags
            else ""
        )
        if ex.auto_thresholds:
            self._show_thresholds()
        else:
            self.threshold_box.value = ""

    def _show_thresholds(self) -> None:
        frame = self.explorer.thresholds()
        if not len(frame):
            self.threshold_box.value = "<p>No threshold within the sliders' ranges.</p>"
            return
        items = "".join(f"<li>{html.escape(s)}</li>" for s in frame["statement"])
        self.threshold_box.value = f"<p>Nearest thresholds from this point:</p><ul>{items}</ul>"

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    def __repr__(self) -> str:
        return (
            f"<ExplorerPanel {self.explorer.base.id!r}: {len(self.sliders)} sliders; "
            f"{self.explorer.headline()}>"
        )
