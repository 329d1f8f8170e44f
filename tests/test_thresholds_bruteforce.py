"""Thresholds of the equilibrium set against brute force on random parameterised games.

Each game has 2 or 3 players with 2 or 3 strategies; every payoff is ``a + b * theta``
with random ``a, b``. The brute force computes the set of pure equilibria directly
from the coefficients on a fine grid of ``theta`` and bisects every change; then
every ``equilibrium-set`` threshold must be a true change (the sets just below and
just above differ, and equal the ones the row lists), and every change the brute
force finds must be among the thresholds.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory.models.model import Model
from gametheory.sensitivity import critical_thresholds

LOW, HIGH = 0.0, 1.0


def _toml(shape, a, b):
    players = [f"P{i}" for i in range(len(shape))]
    lines = ["format = 1", "", "[model]", 'id = "random_game"', 'title = "Random game"', ""]
    for i, p in enumerate(players):
        terms = []
        for prof in itertools.product(*[range(n) for n in shape]):
            cond = " * ".join(f"({q} == 's{k}')" for q, k in zip(players, prof, strict=True))
            terms.append(f"{cond} * ({a[i][prof]:.6f} + {b[i][prof]:.6f} * theta)")
        lines += [
            f"[players.{p}]",
            f'name = "{p}"',
            f'payoff = """{" + ".join(terms)}"""',
            f"[players.{p}.strategies]",
        ]
        lines += [f's{k} = "strategy {k}"' for k in range(shape[i])]
        lines.append("")
    lines += [
        "[parameters.theta]",
        "value = 0.5",
        f"low = {LOW}",
        f"high = {HIGH}",
        'unit = "payoff units"',
        'meaning = "The parameter scanned"',
        'judgement = "Random test game."',
    ]
    return "\n".join(lines)


def _brute_sets(shape, a, b, thetas):
    """The set of pure equilibria (frozenset of profiles) at each theta, from scratch."""
    t = np.atleast_1d(np.asarray(thetas, dtype=float))
    u = a[..., None] + b[..., None] * t  # (N, *shape, T)
    is_eq = np.ones((*shape, len(t)), dtype=bool)
    for i in range(len(shape)):
        best = u[i].max(axis=i, keepdims=True)
        is_eq &= u[i] >= best - 1e-12
    profiles = list(itertools.product(*[range(n) for n in shape]))
    flat = is_eq.reshape(len(profiles), len(t))
    return [
        frozenset(p for p, hit in zip(profiles, flat[:, j], strict=True) if hit)
        for j in range(len(t))
    ]


def _brute_changes(shape, a, b, n=4001):
    grid = np.linspace(LOW, HIGH, n)
    sets = _brute_sets(shape, a, b, grid)
    changes = []
    for j in range(n - 1):
        if sets[j] != sets[j + 1]:
            lo, hi = grid[j], grid[j + 1]
            for _ in range(50):
                mid = (lo + hi) / 2
                if _brute_sets(shape, a, b, mid)[0] == sets[j]:
                    lo = mid
                else:
                    hi = mid
            changes.append((lo + hi) / 2)
    return changes


def _label(shape, prof):
    return " / ".join(f"P{i} s{k}" for i, k in enumerate(prof))


games = st.tuples(
    st.sampled_from([(2, 2), (2, 3), (3, 3), (2, 2, 2)]),
    st.integers(0, 2**32 - 1),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games)
def test_equilibrium_set_thresholds_equal_brute_force(game):
    shape, seed = game
    rng = np.random.default_rng(seed)
    a = np.round(rng.uniform(-1, 1, (len(shape), *shape)), 6)
    b = np.round(rng.uniform(-2, 2, (len(shape), *shape)), 6)
    model = Model.from_toml(_toml(shape, a, b))
    frame = critical_thresholds(model, params=["theta"], steps=41, mixed=False)
    assert set(frame.kind) <= {"equilibrium-set"}
    eps = 1e-7
    # every threshold is a true change, with the sets it lists
    for _, row in frame.iterrows():
        lo_t, hi_t = max(row.threshold - eps, LOW), min(row.threshold + eps, HIGH)
        below, above = _brute_sets(shape, a, b, [lo_t, hi_t])
        assert below != above, row.statement
        before, after = (below, above) if row.direction == "above" else (above, below)
        assert sorted(row.equilibria_before) == sorted(_label(shape, p) for p in before)
        assert sorted(row.equilibria_after) == sorted(_label(shape, p) for p in after)
    # every true change in the range is found
    found = np.sort(frame.threshold.to_numpy())
    for c in _brute_changes(shape, a, b):
        if c - LOW < 1e-6 or HIGH - c < 1e-6:
            continue  # a change at the end of the range is a tie there, not a crossing
        assert found.size and np.abs(found - c).min() <= 1e-5, (c, list(found))
