"""Figures for sensitivity results (matplotlib, imported only when a figure is drawn).

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot (no
global state, safe in scripts and worker processes; notebooks display it), and
:func:`save_figure` writes one as PNG or SVG atomically.
"""

from __future__ import annotations

import io
import os
import textwrap
from pathlib import Path
from typing import Any

import numpy as np

from ..io.atomic import atomic_write_bytes
from .errors import SensitivityError

__all__ = [
    "plot_tornado",
    "plot_region_map",
    "plot_sweep",
    "plot_shares",
    "plot_indices",
    "save_figure",
]


def _figure(width: float, height: float) -> Any:
    from .._figures import new_figure

    return new_figure(figsize=(width, height), layout="constrained")


def _wrap(text: str, width: int = 60) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def save_figure(fig: Any, path: str | os.PathLike[str], *, dpi: int = 150) -> Path:
    """Write ``fig`` to ``path`` (format from the suffix: .png, .svg or .pdf) atomically."""
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg", "pdf"):
        raise SensitivityError(f"{target}: figure format must be .png, .svg or .pdf")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi)
    return atomic_write_bytes(target, buf.getvalue())


def plot_tornado(frame: Any, /, *, top: int = 20, title: str | None = None) -> Any:
    """Tornado chart from :func:`~gametheory.sensitivity.oat.tornado` data.

    Each bar runs from the outcome at the parameter's low end to its high end
    (low end darker); the vertical line is the base value.
    """
    data = frame.head(top).iloc[::-1]
    fig = _figure(8, 1.2 + 0.35 * len(data))
    ax = fig.add_subplot()
    base = float(frame["value_base"].iloc[0]) if len(frame) else 0.0
    y = np.arange(len(data))
    lo = data["value_low"].to_numpy(float)
    hi = data["value_high"].to_numpy(float)
    ax.barh(y, lo - base, left=base, color="#2c7fb8", label="parameter at low end")
    ax.barh(y, hi - base, left=base, color="#fdae61", alpha=0.85, label="parameter at high end")
    ax.axvline(base, color="black", lw=1)
    ax.set_yticks(
        y,
        [
            f"{p} [{a:g}, {b:g}]"
            for p, a, b in zip(data["parameter"], data["low"], data["high"], strict=True)
        ],
    )
    what = frame.attrs.get("outcome_description", frame.attrs.get("outcome", "outcome"))
    ax.set_xlabel(what)
    ax.set_title(title or f"Tornado: {what} (base {base:.3g})")
    ax.legend(loc="lower right", fontsize="small")
    return fig


def plot_region_map(rm: Any, /, *, title: str | None = None, legend_width: int = 70) -> Any:
    """Coloured equilibrium regions over two parameters, boundaries drawn, legend labelled.

    Regions where several pure equilibria coexist are hatched, and their legend
    entries say how many ("2 equilibria: ...").
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    n = len(rm.categories)
    palette = [
        "#4e79a7",
        "#f28e2b",
        "#e15759",
        "#76b7b2",
        "#59a14f",
        "#edc948",
        "#b07aa1",
        "#ff9da7",
        "#9c755f",
        "#bab0ac",
        "#1b9e77",
        "#d95f02",
        "#7570b3",
        "#e7298a",
    ]
    colors = [palette[i % len(palette)] for i in range(n)]
    cmap = ListedColormap(colors)
    norm = BoundaryNorm(np.arange(-0.5, n + 0.5), n)
    fig = _figure(8, 5.5 + 0.22 * min(n, 12))
    ax = fig.add_subplot()
    xs, ys = rm.xs, rm.ys
    ax.pcolormesh(xs, ys, rm.codes, cmap=cmap, norm=norm, shading="nearest")
    # boundaries: cell edges between neighbouring grid points with different outcomes
    several = tuple(getattr(rm, "several", ()))
    if len(several) != n:
        several = (False,) * n
    if any(several):
        mask = np.isin(rm.codes, [i for i in range(n) if several[i]])
        ax.contourf(xs, ys, mask.astype(float), levels=[0.5, 1.5], colors="none", hatches=["//"])
    ax.add_collection(_boundary_lines(xs, ys, rm.codes))
    ax.plot(
        *rm.base,
        marker="*",
        color="white",
        markeredgecolor="black",
        markersize=14,
        label="base point",
    )
    ax.set_xlabel(rm.x)
    ax.set_ylabel(rm.y)
    ax.set_title(title or f"Equilibrium regions: {rm.x} x {rm.y}")
    counts = np.bincount(rm.codes.ravel(), minlength=n) / rm.codes.size

    def entry(i: int) -> str:
        text = rm.short[i]
        if several[i]:
            text = f"{rm.categories[i].count('; ') + 1} equilibria: {text}"
        return _wrap(f"{text} ({counts[i]:.0%})", legend_width)

    handles = [
        Patch(
            facecolor=colors[i],
            edgecolor="black",
            hatch="//" if several[i] else None,
            label=entry(i),
        )
        for i in range(min(n, 12))
    ]
    if n > 12:
        handles.append(Patch(facecolor="white", label=f"... {n - 12} more outcomes"))
    fig.legend(handles=handles, loc="outside lower center", fontsize="small", ncol=1, frameon=False)
    return fig


def _edges(v: np.ndarray) -> np.ndarray:
    mid = (v[1:] + v[:-1]) / 2
    return np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


def _boundary_lines(xs: np.ndarray, ys: np.ndarray, codes: np.ndarray) -> Any:
    from matplotlib.collections import LineCollection

    ex, ey = _edges(np.asarray(xs, float)), _edges(np.asarray(ys, float))
    segs = []
    rows, cols = np.nonzero(codes[:, 1:] != codes[:, :-1])  # left/right neighbours
    for r, c in zip(rows, cols, strict=True):
        segs.append([(ex[c + 1], ey[r]), (ex[c + 1], ey[r + 1])])
    rows, cols = np.nonzero(codes[1:, :] != codes[:-1, :])  # neighbours above/below
    for r, c in zip(rows, cols, strict=True):
        segs.append([(ex[c], ey[r + 1]), (ex[c + 1], ey[r + 1])])
    return LineCollection(segs, colors="black", linewidths=1.0)


def plot_sweep(
    frame: Any, param: str, /, *, players: list[str] | None = None, title: str | None = None
) -> Any:
    """Payoffs along a one-parameter sweep, with outcome changes marked."""
    fig = _figure(8, 4.5)
    ax = fig.add_subplot()
    x = frame[param].to_numpy(float)
    cols = [c for c in frame.columns if c.endswith(" payoff")]
    if players is not None:
        cols = [f"{p} payoff" for p in players if f"{p} payoff" in frame.columns]
    for c in cols[:8]:
        ax.plot(x, frame[c].to_numpy(float), label=c.replace(" payoff", ""))
    labels = frame["outcome"].astype(str).to_numpy()
    change = np.flatnonzero(labels[1:] != labels[:-1])
    for i in change:
        ax.axvline((x[i] + x[i + 1]) / 2, color="grey", ls="--", lw=0.8)
    ax.set_xlabel(param)
    ax.set_ylabel("payoff on the equilibrium path")
    ax.set_title(title or f"Sweep over {param} ({len(change)} outcome changes, dashed)")
    if cols:
        ax.legend(fontsize="small", ncol=2)
    return fig


def plot_shares(frame: Any, /, *, top: int = 12, title: str | None = None) -> Any:
    """Bar chart of outcome shares with confidence intervals (Monte Carlo)."""
    data = frame.head(top).iloc[::-1]
    fig = _figure(9, 1.2 + 0.45 * len(data))
    ax = fig.add_subplot()
    y = np.arange(len(data))
    share = data["share"].to_numpy(float)
    err = np.vstack(
        [share - data["ci_low"].to_numpy(float), data["ci_high"].to_numpy(float) - share]
    )
    ax.barh(y, share, xerr=err, color="#4e79a7", capsize=3)
    key = data.columns[0]
    ax.set_yticks(y, [_wrap(s, 70) for s in data[key].astype(str)], fontsize="x-small")
    ax.set_xlim(0, 1)
    ax.set_xlabel(
        f"share of {frame.attrs.get('n', '')} draws "
        f"({frame.attrs.get('conf', 0.95):.0%} Wilson interval)"
    )
    ax.set_title(title or "How often each equilibrium outcome holds")
    return fig


def plot_indices(
    frame: Any, /, *, outcome: str | None = None, top: int = 20, title: str | None = None
) -> Any:
    """Sobol (S1, ST) or Morris (mu*, sigma) indices of one outcome as bars."""
    if outcome is None:
        outcome = str(frame["outcome"].iloc[0])
    data = frame[frame["outcome"] == outcome]
    sobol_like = "ST" in frame.columns
    key = "ST" if sobol_like else "mu_star"
    data = data.sort_values(key, ascending=False, kind="stable").head(top).iloc[::-1]
    fig = _figure(8, 1.3 + 0.35 * len(data))
    ax = fig.add_subplot()
    y = np.arange(len(data))
    if sobol_like:
        ax.barh(
            y + 0.2,
            data["ST"],
            height=0.4,
            xerr=data["ST_conf"],
            label="total (ST)",
            color="#f28e2b",
            capsize=2,
        )
        ax.barh(
            y - 0.2,
            data["S1"],
            height=0.4,
            xerr=data["S1_conf"],
            label="first order (S1)",
            color="#4e79a7",
            capsize=2,
        )
        ax.set_xlabel("Sobol index (share of variance)")
    else:
        ax.barh(
            y + 0.2,
            data["mu_star"],
            height=0.4,
            xerr=data["mu_star_conf"],
            label="mu*",
            color="#4e79a7",
            capsize=2,
        )
        ax.barh(y - 0.2, data["sigma"], height=0.4, label="sigma", color="#bab0ac")
        ax.set_xlabel("Morris elementary effect (outcome change over the full range)")
    ax.set_yticks(y, list(data["parameter"]))
    ax.legend(fontsize="small", loc="lower right")
    ax.set_title(title or f"{'Sobol' if sobol_like else 'Morris'} indices: {outcome}")
    return fig
