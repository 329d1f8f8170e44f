"""``seed=``: the command line's ``--seed`` as a Python keyword.

Randomness goes through an ``rng`` argument (anything :func:`numpy.random.default_rng`
takes; seed 0 is a seed). Where the command line says ``--seed S``, the Python function
also takes ``seed=S``, which means exactly ``rng=S``: :func:`rng_or_seed` merges the two.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from .errors import GameTheoryError, InvalidGameError

__all__ = ["rng_or_seed", "accepts_seed"]

T = TypeVar("T")


def rng_or_seed(
    rng: Any, seed: Any, *, where: str, error: type[GameTheoryError] = InvalidGameError
) -> Any:
    """``rng``, or ``seed`` when it is given (the two may not both be given).

    Examples
    --------
    >>> rng_or_seed(None, 0, where="sobol"), rng_or_seed(5, None, where="sobol")
    (0, 5)
    >>> rng_or_seed(1, 2, where="sobol")
    Traceback (most recent call last):
    ...
    gametheory.errors.InvalidGameError: sobol: pass rng= or seed= (the same thing), not both
    """
    if seed is None:
        return rng
    if (
        isinstance(seed, (bool, np.bool_))
        or not isinstance(seed, (int, np.integer))
        or int(seed) < 0
    ):
        raise error(f"{where}: seed must be a nonnegative integer, got {seed!r}")
    if rng is not None:
        raise error(f"{where}: pass rng= or seed= (the same thing), not both")
    return int(seed)


def accepts_seed(func: Callable[..., T]) -> Callable[..., T]:
    """Let ``func`` take ``seed=`` as the CLI's ``--seed`` spelling of its ``rng=``.

    Examples
    --------
    >>> @accepts_seed
    ... def draw(*, rng=None):
    ...     return rng
    >>> draw(seed=3), draw(rng=4), draw()
    (3, 4, None)
    """

    @functools.wraps(func)
    def wrapper(*args: Any, seed: Any = None, **kwargs: Any) -> T:
        if seed is not None:
            kwargs["rng"] = rng_or_seed(kwargs.get("rng"), seed, where=func.__name__)
        return func(*args, **kwargs)

    return wrapper
