"""Exercise generator for seminars: a game, the questions, and a worked, verified solution.

:func:`generate_exercise` makes one exercise of a kind from a seed (the same seed
gives the same exercise, byte for byte); :func:`write_exercise` writes
``exercise.md``, ``solution.md``, ``exercise.tex``, ``solution.tex``, the game
(``game.nfg`` or ``game.efg``) and ``solution.json`` (the form of
``gametheory solve --json --exact``). Every worked solution, in exact fractions, is
confirmed by the solvers before anything is written.

=================  ===========================================================
kind               what the student does
=================  ===========================================================
``2x2-mixed``      no pure equilibrium; indifference equations give the mixed one
``dominance``      iterated elimination of strictly dominated strategies, in order
``zero-sum``       saddle-point check, optimal mixtures and the value
``spe``            backward induction on a tree (a table of node values)
``bayesian``       a signalling game: pooling and separating perfect Bayesian equilibria
=================  ===========================================================

Examples
--------
>>> ex = generate_exercise("2x2-mixed", seed=7)
>>> ex.files() == generate_exercise("2x2-mixed", seed=7).files()
True
>>> sorted(ex.files())
['exercise.md', 'exercise.tex', 'game.nfg', 'solution.json', 'solution.md', 'solution.tex']
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import InvalidGameError
from .exercise import Exercise, ExerciseError, verified, write_exercise
from .normal_form import dominance_exercise, mixed_2x2_exercise, zero_sum_exercise
from .signalling import bayesian_exercise
from .trees import spe_exercise

__all__ = ["KINDS", "generate_exercise", "write_exercise", "Exercise", "ExerciseError", "verified"]

#: kind -> generator(seed)
KINDS: dict[str, Callable[[int], Exercise]] = {
    "2x2-mixed": mixed_2x2_exercise,
    "dominance": dominance_exercise,
    "zero-sum": zero_sum_exercise,
    "spe": spe_exercise,
    "bayesian": bayesian_exercise,
}


def generate_exercise(kind: str, *, seed: int) -> Exercise:
    """An exercise of ``kind`` (a key of :data:`KINDS`) from ``seed`` (an integer >= 0).

    Raises
    ------
    InvalidGameError
        Unknown kind or bad seed.
    ExerciseError
        The solvers did not confirm the generated solution.
    """
    if kind not in KINDS:
        raise InvalidGameError(f"unknown exercise kind {kind!r}; kinds are {', '.join(KINDS)}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidGameError(f"seed must be an integer >= 0, got {seed!r}")
    return KINDS[kind](seed)
