"""argparse types shared by the commands: each turns one string into a checked value.

A bad value becomes argparse's one-line usage error (``gametheory: error: argument
--samples: expected a positive whole number, got '0'``).

Examples
--------
>>> positive_int("3"), seed("0"), tolerance("1e-9"), positive_float("0.5")
(3, 0, 1e-09, 0.5)
>>> positive_int("0")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: expected a positive whole number, got '0'
"""

from __future__ import annotations

import argparse
import math

__all__ = ["positive_int", "seed", "tolerance", "positive_float"]


def _whole(text: str, *, least: int, expected: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
    return value


def positive_int(text: str) -> int:
    """A whole number >= 1 (counts: samples, points, steps, workers, profiles)."""
    return _whole(text, least=1, expected="a positive whole number")


def seed(text: str) -> int:
    """A random seed: a whole number >= 0 (0 is a seed like any other)."""
    return _whole(text, least=0, expected="a whole number >= 0")


def _real(text: str, *, expected: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None


def tolerance(text: str) -> float:
    """A finite number >= 0."""
    value = _real(text, expected="a number >= 0")
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a finite number >= 0, got {text!r}")
    return value


def positive_float(text: str) -> float:
    """A finite number > 0."""
    value = _real(text, expected="a positive number")
    if not value > 0 or not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value
