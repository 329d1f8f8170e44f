"""Shared pieces of the ``sweep``, ``thresholds`` and ``sensitivity`` commands (moved from
``gametheory.sensitivity._cli``: printing belongs to the command line)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..io.atomic import atomic_write_bytes, atomic_write_text
from ..sensitivity.errors import SensitivityError

__all__ = [
    "load_model_with_sets",
    "write_table",
    "write_figures",
    "print_frame",
    "frame_json",
    "parse_range",
    "apply_ranges",
    "output_stem",
]


def load_model_with_sets(path: str, sets: Sequence[str], ranges: Sequence[str] = ()) -> Any:
    """Load the model file and apply ``--range``/``--set`` changes (one-line errors)."""
    from ..models import load_model

    p = Path(path)
    if not p.exists():
        raise SensitivityError(f"{path}: no such model file")
    if p.suffix.lower() != ".toml":
        raise SensitivityError(f"{path}: sensitivity analysis needs a model file (.toml)")
    from ._params import apply_sets

    return apply_sets(load_model(p), list(sets), list(ranges), set_ranges=False)


def parse_range(text: str) -> tuple[str, float, float]:
    """``NAME=LOW:HIGH`` -> (name, low, high), read as ``solve --range`` reads it.

    Whether the range is usable (not inverted, not empty) is the parameter space's
    check (:meth:`~gametheory.sensitivity.space.ParameterSpace.with_range`).
    """
    from ._params import parse_assignments, split_range

    ((name, value),) = parse_assignments([text], "--range")
    return (name, *split_range(name, value))


def apply_ranges(space: Any, ranges: Sequence[str]) -> Any:
    """The parameter space with each ``--range NAME=LOW:HIGH`` applied (or added)."""
    for text in ranges:
        name, lo, hi = parse_range(text)
        if name in space.names:
            space = space.with_range(name, lo, hi)
        else:
            space = space.add(name, lo, hi)
    return space


def output_stem(path: str) -> Path:
    p = Path(path)
    return p.with_suffix("") if p.suffix else p


def write_table(frame: Any, path: str | Path) -> Path:
    """CSV, or Parquet when the name ends in .parquet (needs pyarrow); atomic."""
    target = Path(path)
    if target.suffix.lower() == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise SensitivityError(
                f"{target}: Parquet output needs pyarrow (pip install pyarrow), or write .csv"
            ) from None
        import io

        buf = io.BytesIO()
        frame.to_parquet(buf, index=False)
        return atomic_write_bytes(target, buf.getvalue())
    return atomic_write_text(target, frame.to_csv(index=False))


def write_figures(
    fig: Any, output: str | None, extra: Sequence[str], *, suffix: str = ""
) -> list[Path]:
    from ..sensitivity.plots import save_figure

    paths = [Path(f) for f in extra]
    if output:
        stem = output_stem(output)
        paths += [
            stem.with_name(stem.name + suffix + ".png"),
            stem.with_name(stem.name + suffix + ".svg"),
        ]
    return [save_figure(fig, p) for p in paths]


def frame_json(frame: Any) -> Any:
    return json.loads(frame.to_json(orient="records", double_precision=15))


def print_frame(frame: Any, *, columns: Sequence[str] | None = None, max_rows: int = 60) -> None:
    import pandas as pd

    shown = frame if columns is None else frame[[c for c in columns if c in frame.columns]]
    with pd.option_context(
        "display.max_rows",
        max_rows,
        "display.width",
        200,
        "display.max_colwidth",
        80,
        "display.max_columns",
        30,
    ):
        print(shown.to_string(index=False, max_rows=max_rows))
    sys.stdout.flush()
