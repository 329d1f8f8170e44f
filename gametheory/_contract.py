"""The payoff contraction kernel: a payoff tensor contracted with the players' mixes.

Every "payoff of each pure strategy against the others' mixed strategies" in the
package is one call of :func:`contract`: :meth:`NormalFormGame.deviation_payoffs
<gametheory.game.NormalFormGame.deviation_payoffs>` (float and exact), the logit path
and the dynamics (:class:`PayoffKernel`, which adds the flat vectorised forms the path
tracer needs) and the support systems of :mod:`gametheory.solvers.nplayer_enum`
(contractions with matrices of vertices instead of vectors).

:func:`contract` picks one of two evaluations of the same sum. A single ``np.einsum``
call (without path optimisation) is the fastest on small tensors: it has no per-axis
overhead. Its cost grows with the number of players times the tensor's size, so above
:data:`EINSUM_LIMIT` entries, and for exact (object) arrays, where it is slower, the
axes are contracted one matrix-vector product at a time from the last to the first.
Measured on this machine (numpy 2.4), one player's deviation payoffs: 3x3x3, einsum
34 us, one axis at a time 144 us; 4^4, 48 / 237 us; 12^4, 488 / 39 us; 30^3,
31 / 25 us; 4^4 of Fractions, 8.8 / 6.2 ms.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .errors import InvalidGameError

__all__ = ["EINSUM_LIMIT", "PayoffKernel", "contract"]

#: Largest tensor (entries) contracted by one einsum call; larger ones go axis by axis.
EINSUM_LIMIT = 8192

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@lru_cache(maxsize=1024)
def _subscripts(lead: int, kinds: tuple[int, ...]) -> str | None:
    """einsum subscripts for :func:`contract`: ``kinds[k]`` is the number of dimensions
    of the operand of axis ``lead + k`` (0: kept, 1: summed out, 2: replaced); None
    when einsum has too few letters."""
    if lead + len(kinds) + kinds.count(2) > len(_LETTERS):
        return None
    letters = iter(_LETTERS)
    axes = [next(letters) for _ in range(lead + len(kinds))]
    operands = ["".join(axes)]
    out = axes[:lead]
    for axis, kind in zip(axes[lead:], kinds, strict=True):
        if kind == 0:
            out.append(axis)
        elif kind == 1:
            operands.append(axis)
        else:
            new = next(letters)
            operands.append(axis + new)
            out.append(new)
    return ",".join(operands) + "->" + "".join(out)


def contract(
    tensor: np.ndarray, operands: Sequence[np.ndarray | None], *, lead: int = 0
) -> np.ndarray:
    """Contract each axis of ``tensor`` after the first ``lead`` with its operand.

    Parameters
    ----------
    tensor : ndarray
        ``lead`` leading axes kept as they are, then one axis per operand.
    operands : sequence of ndarray or None
        For axis ``lead + k``: None keeps it; a vector of its length sums it out
        (a mixed strategy); a matrix ``(n_k, m_k)`` replaces it by an axis of length
        ``m_k`` (several mixes at once).
    lead : int
        Leading axes not contracted.

    Returns
    -------
    ndarray
        The lead axes, then, in order, the kept axes and the replaced ones.

    Examples
    --------
    >>> P = np.arange(8.0).reshape(2, 2, 2)  # one player's payoffs, three players
    >>> half = np.array([0.5, 0.5])
    >>> contract(P, [None, half, half]).tolist()  # player 0's pure strategies
    [1.5, 5.5]
    >>> contract(P, [half, None, np.eye(2)]).shape  # several mixes of player 2
    (2, 2)
    """
    if lead == 0 and len(operands) == 2 and tensor.ndim == 2:  # one matrix-vector product
        first, second = operands
        if first is None:
            if second is not None and second.ndim == 1:
                row: np.ndarray = tensor @ second
                return row
        elif second is None and first.ndim == 1:
            column: np.ndarray = first @ tensor
            return column
    if len(operands) != tensor.ndim - lead:
        raise ValueError(f"{len(operands)} operands for {tensor.ndim - lead} axes")
    kinds = tuple(0 if op is None else op.ndim for op in operands)
    vectors_only = lead == 0 and 2 not in kinds
    if not vectors_only or (tensor.dtype != object and tensor.size <= EINSUM_LIMIT):
        subscripts = _subscripts(lead, kinds)
        if subscripts is not None:
            result: np.ndarray = np.einsum(
                subscripts, tensor, *[op for op in operands if op is not None]
            )
            return result
    # past einsum's letters (games of dozens of players): one product per axis, from the
    # last to the first, so the axes still to do keep their places
    u = tensor
    for k in reversed(range(len(operands))):
        op = operands[k]
        axis = lead + k
        if op is None:
            continue
        if op.ndim == 1:
            u = np.moveaxis(u, axis, -1) @ op  # the other axes keep their order
        else:  # the axis is replaced by the operand's second one, in the same place
            u = np.moveaxis(np.tensordot(u, op, axes=([axis], [0])), -1, axis)
    return np.asarray(u)


class PayoffKernel:
    """Payoff contractions for one float payoff array of shape (n_1..n_N, N).

    Own-strategy payoffs (:meth:`payoffs`), their derivatives in the others'
    probabilities (:meth:`pairs`), and flat vectorised forms of both for the logit
    path tracer (:meth:`flat_payoffs`, :meth:`flat_pairs`).
    """

    def __init__(self, payoffs: np.ndarray) -> None:
        self.P = np.ascontiguousarray(payoffs, dtype=float)
        self.shape = self.P.shape[:-1]
        self.N = len(self.shape)
        if self.N > len(_LETTERS):
            raise InvalidGameError(f"games of more than {len(_LETTERS)} players are not supported")
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.M = int(self.offsets[-1])
        self._slices = [slice(self.offsets[i], self.offsets[i + 1]) for i in range(self.N)]
        self._arrays = [np.ascontiguousarray(self.P[..., i]) for i in range(self.N)]
        self._setup_flat()

    #: Largest gather (pairs x players x profiles) of the vectorised flat contractions;
    #: larger games contract pair by pair with einsum.
    _FLAT_LIMIT = 600_000

    def _setup_flat(self) -> None:
        """Index arrays of the flat contractions (:meth:`flat_payoffs`, :meth:`flat_pairs`).

        Every profile ``s`` carries, per player ``k``, the position of ``sigma_k(s_k)`` in
        the flat vector; a leave-out product replaces the left-out players' factors by an
        extra 1 (position ``M``), and the weighted payoffs are summed into place with
        ``np.bincount``.
        """
        N, M = self.N, self.M
        S = int(np.prod(self.shape)) if N else 1
        pairs = [(i, j) for i in range(N) for j in range(N) if i != j]
        self._flat = N >= 2 and len(pairs) * N * S <= self._FLAT_LIMIT
        player = np.repeat(np.arange(N), self.shape)
        self.first_position = self.offsets[:-1][player]  # first flat position of each row's player
        self.head_positions = self.offsets[:-1].copy()
        self.membership = (player[None, :] == np.arange(N)[:, None]).astype(float)  # N x M
        const = np.zeros((M, M))
        rows = np.arange(M)
        tail = rows[rows != self.first_position]
        const[tail, tail] = 1.0
        const[tail, self.first_position[tail]] = -1.0
        self.log_rows = const
        if not self._flat:
            return
        G = np.indices(self.shape).reshape(N, S)
        pos = G + self.offsets[:-1, None]  # N x S flat positions
        Pw = np.stack([a.reshape(S) for a in self._arrays])  # N x S payoffs
        k = np.arange(N)[:, None]
        one = np.where(k[None] == np.arange(N)[:, None, None], M, pos[None])  # N x N x S
        self._g1 = one
        self._w1 = Pw
        self._r1 = pos.ravel()
        pi = np.array([p[0] for p in pairs])
        pj = np.array([p[1] for p in pairs])
        two = np.where(
            (k[None] == pi[:, None, None]) | (k[None] == pj[:, None, None]), M, pos[None]
        )
        self._g2 = two  # pairs x N x S
        self._w2 = Pw[pi]
        self._r2 = (pos[pi] * M + pos[pj]).ravel()
        self._ext = np.empty(M + 1)
        self._ext[M] = 1.0

    def flat_payoffs(self, sigma: np.ndarray) -> np.ndarray:
        """u_i(k, sigma_-i) for every player i and own strategy k, as one flat vector."""
        if not self._flat:
            return np.concatenate(self.payoffs(self.split(sigma))) if self.N else np.zeros(0)
        ext = self._ext
        ext[: self.M] = sigma
        w = ext[self._g1].prod(axis=1)
        w *= self._w1
        return np.bincount(self._r1, weights=w.ravel(), minlength=self.M)

    def flat_pairs(self, sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Flat payoffs u and the M x M matrix of all blocks D[i, j] of :meth:`pairs`.

        Diagonal blocks (i == j) are zero.
        """
        M = self.M
        if not self._flat:
            u_list, D = self.pairs(self.split(sigma))
            full: np.ndarray = np.zeros((M, M))
            for (i, j), block in D.items():
                full[self._slices[i], self._slices[j]] = block
            return np.concatenate(u_list), full
        ext = self._ext
        ext[:M] = sigma
        w = ext[self._g2].prod(axis=1)
        w *= self._w2
        full = np.bincount(self._r2, weights=w.ravel(), minlength=M * M).reshape(M, M)
        # each block D[i, j] @ sigma_j is u_i: average over the N - 1 partners j
        u = (full @ sigma) / (self.N - 1)
        return u, full

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        """The players' vectors of a flat vector of all probabilities."""
        return [flat[s] for s in self._slices]

    def slice(self, i: int) -> slice:
        """Where player ``i``'s probabilities sit in a flat vector."""
        return self._slices[i]

    def payoffs(self, vecs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """u_i(k, sigma_-i) for every player i and own strategy k."""
        return [
            contract(self._arrays[i], [None if k == i else vecs[k] for k in range(self.N)])
            for i in range(self.N)
        ]

    def pairs(
        self, vecs: Sequence[np.ndarray]
    ) -> tuple[list[np.ndarray], dict[tuple[int, int], np.ndarray]]:
        """Own-strategy payoffs and D[i, j][k, l] = d u_i(k, sigma_-i) / d sigma_j(l)."""
        D: dict[tuple[int, int], np.ndarray] = {}
        for i in range(self.N):
            for j in range(self.N):
                if i != j:
                    ops = [None if k in (i, j) else vecs[k] for k in range(self.N)]
                    block = contract(self._arrays[i], ops)  # axes in player order
                    D[i, j] = block if i < j else block.T
        if self.N == 1:
            return [self._arrays[0].copy()], D
        u = []
        for i in range(self.N):
            j = 1 if i == 0 else 0
            u.append(D[i, j] @ vecs[j])
        return u, D

    def regret(self, vecs: Sequence[np.ndarray]) -> float:
        """Largest gain from a pure deviation at the mixed profile ``vecs``."""
        u = self.payoffs(vecs)
        return float(max(np.max(u[i]) - u[i] @ vecs[i] for i in range(self.N)))
