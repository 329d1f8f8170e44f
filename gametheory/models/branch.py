"""The solution of a subgame of a sequential model, for many parameter samples at once.

Backward induction (:mod:`gametheory.models.sequential`) returns a :class:`Branch`
from every node it solves; the mixed-stage solver (:mod:`.mixed_stage`) and the
result builder (:mod:`.seqresult`) read it. It lives in its own module so that these
modules do not import one another.

Examples
--------
>>> import numpy as np
>>> b = Branch(profile=np.array([[0, 1]]), payoffs=np.array([[1.0, 2.0]]),
...            ok=np.array([True]), n_equilibria=np.array([1]))
>>> b.profile.shape, b.detail is None
((1, 2), True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Branch"]


@dataclass
class Branch:
    """The solution of a subgame for ``n`` samples.

    Attributes
    ----------
    profile : ndarray (n, players)
        Strategy index of every player on the selected path (-1 if unresolved).
    payoffs : ndarray (n, players)
    ok : ndarray (n,) of bool
        False where some stage on the path has no pure equilibrium.
    n_equilibria : ndarray (n,) of int
        Product of the numbers of pure equilibria of the simultaneous stages on the path.
    detail : dict or None
        For a single sample: the options at each node (the full plan).
    stage_count : ndarray (n,) of int, or None
        For a simultaneous stage: the number of its own equilibria (pure, or all of
        them when :mod:`gametheory.models.mixed_stage` solved it).
    """

    profile: np.ndarray
    payoffs: np.ndarray
    ok: np.ndarray
    n_equilibria: np.ndarray
    detail: dict[str, Any] | None = None
    stage_count: np.ndarray | None = None
