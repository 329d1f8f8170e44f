"""The payoff contraction kernel (gametheory/_contract.py) against a brute-force sum.

Both of its evaluations (one einsum call; one matrix-vector product per axis, used for
large and for exact tensors) are checked, and the three users: NormalFormGame's
deviation payoffs, PayoffKernel (logit path, dynamics) and the support systems of
nplayer_enum.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory._contract import EINSUM_LIMIT, PayoffKernel, contract


def brute(tensor, operands, lead=0):
    """Sum over every index tuple: the definition, one product at a time."""
    kept = [k for k, op in enumerate(operands) if op is None or op.ndim == 2]
    out_shape = list(tensor.shape[:lead])
    for k in kept:
        op = operands[k]
        out_shape.append(tensor.shape[lead + k] if op is None else op.shape[1])
    out = np.zeros(out_shape, dtype=tensor.dtype)
    if tensor.dtype == object:
        out[...] = 0
    ranges = [range(n) for n in out_shape]
    for target in itertools.product(*ranges):
        lead_idx, rest = target[:lead], dict(zip(kept, target[lead:], strict=True))
        total = 0
        for idx in itertools.product(*[range(n) for n in tensor.shape[lead:]]):
            weight = 1
            for k, op in enumerate(operands):
                if op is None:
                    if idx[k] != rest[k]:
                        weight = 0
                elif op.ndim == 1:
                    weight = weight * op[idx[k]]
                else:
                    weight = weight * op[idx[k], rest[k]]
            total = total + tensor[lead_idx + idx] * weight
        out[target] = total
    return out


CASES = [
    pytest.param((3,), [None], 0, id="one-player"),
    pytest.param((2, 3), [None, "v"], 0, id="two-players-row"),
    pytest.param((2, 3), ["v", None], 0, id="two-players-column"),
    pytest.param((2, 3, 4), [None, "v", "v"], 0, id="three-players-first"),
    pytest.param((2, 3, 4), ["v", "v", None], 0, id="three-players-last"),
    pytest.param((2, 3, 2, 2), ["v", None, None, "v"], 0, id="leave-two-out"),
    pytest.param((3, 2, 3), ["m", "m"], 1, id="matrices-with-lead"),
    pytest.param((2, 2, 3, 2), [None, "m", "v"], 1, id="lead-kept-matrix-vector"),
]


def _operands(shape, kinds, lead, rng):
    ops = []
    for n, kind in zip(shape[lead:], kinds, strict=True):
        if kind is None:
            ops.append(None)
        elif kind == "v":
            ops.append(rng.random(n))
        else:
            ops.append(rng.random((n, 2)))
    return ops


@pytest.mark.parametrize(("shape", "kinds", "lead"), CASES)
def test_contract_equals_the_brute_force_sum(shape, kinds, lead):
    rng = np.random.default_rng(7)
    tensor = rng.normal(size=shape)
    ops = _operands(shape, kinds, lead, rng)
    got = contract(tensor, ops, lead=lead)
    np.testing.assert_allclose(got, brute(tensor, ops, lead), rtol=1e-12, atol=1e-12)


def test_large_tensors_go_axis_by_axis_with_the_same_values():
    rng = np.random.default_rng(3)
    shape = (11, 10, 9, 10)  # 9,900 entries: above the einsum limit
    assert np.prod(shape) > EINSUM_LIMIT
    tensor = rng.normal(size=shape)
    vecs = [rng.random(n) for n in shape]
    for i in range(len(shape)):
        ops = [None if j == i else vecs[j] for j in range(len(shape))]
        letters = "abcd"
        subs = letters + "".join("," + letters[j] for j in range(4) if j != i) + "->" + letters[i]
        expected = np.einsum(subs, tensor, *[v for j, v in enumerate(vecs) if j != i])
        np.testing.assert_allclose(contract(tensor, ops), expected, rtol=1e-12)


def test_exact_tensors_stay_rational():
    rng = np.random.default_rng(5)
    shape = (2, 3, 2)
    tensor = np.empty(shape, dtype=object)
    tensor[...] = [
        [[Fraction(int(x), 7) for x in row] for row in m] for m in rng.integers(-9, 9, shape)
    ]
    vecs = [np.array([Fraction(1, n)] * n, dtype=object) for n in shape]
    ops = [vecs[0], None, vecs[2]]
    got = contract(tensor, ops)
    assert all(isinstance(x, Fraction) for x in got)
    assert list(got) == list(brute(tensor, ops))


def test_operand_count_must_match_the_axes():
    with pytest.raises(ValueError, match="2 operands for 3 axes"):
        contract(np.zeros((2, 2, 2)), [None, np.ones(2)])


def test_payoff_kernel_pairs_are_the_derivatives_of_the_own_payoffs():
    rng = np.random.default_rng(11)
    shape = (2, 3, 2)
    P = rng.normal(size=(*shape, 3))
    kernel = PayoffKernel(P)
    vecs = [rng.dirichlet(np.ones(n)) for n in shape]
    u, D = kernel.pairs(vecs)
    for i in range(3):
        np.testing.assert_allclose(u[i], kernel.payoffs(vecs)[i], rtol=1e-12)
        for j in range(3):
            if i == j:
                continue
            # u_i is linear in sigma_j: D[i, j][:, l] is u_i with j playing l for sure
            for l_ in range(shape[j]):
                pure = list(vecs)
                pure[j] = np.eye(shape[j])[l_]
                np.testing.assert_allclose(D[i, j][:, l_], kernel.payoffs(pure)[i], rtol=1e-12)
    flat_u, full = kernel.flat_pairs(np.concatenate(vecs))
    np.testing.assert_allclose(flat_u, np.concatenate(u), rtol=1e-12)
    np.testing.assert_allclose(full[kernel.slice(0), kernel.slice(2)], D[0, 2], rtol=1e-12)


def test_deviation_payoffs_of_a_game_float_and_exact_agree():
    rng = np.random.default_rng(13)
    payoffs = rng.integers(-5, 6, size=(2, 3, 2, 3))
    game = NormalFormGame.from_payoff_array(payoffs)
    mixed = [np.full(n, 1 / n) for n in game.shape]
    exact = [[Fraction(1, n)] * n for n in game.shape]
    floats = game.deviation_payoffs(mixed)
    rationals = game.deviation_payoffs(exact, exact=True)
    for i in range(3):
        ops = [None if j == i else mixed[j] for j in range(3)]
        np.testing.assert_allclose(floats[i], brute(payoffs[..., i].astype(float), ops))
        np.testing.assert_allclose(floats[i], [float(x) for x in rationals[i]], rtol=1e-12)
        assert all(isinstance(x, Fraction) for x in rationals[i])
