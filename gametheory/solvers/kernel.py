"""Payoff contractions of an N-player game for path following and dynamics.

:class:`PayoffKernel` holds one float payoff array of shape ``(n_1, ..., n_N, N)``
and contracts it with mixed strategies: each player's payoff from each own strategy
(:meth:`PayoffKernel.payoffs`, :meth:`PayoffKernel.flat_payoffs`) and their
derivatives in the other players' probabilities (:meth:`PayoffKernel.pairs`,
:meth:`PayoffKernel.flat_pairs`). The logit path (:mod:`.logit`), the QRE
correspondence (:mod:`gametheory.qre`), the learning dynamics
(:mod:`gametheory.dynamics`) and the refinements share it.

Examples
--------
>>> import numpy as np
>>> k = PayoffKernel(np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], dtype=float))
>>> [u.tolist() for u in k.payoffs([np.array([0.5, 0.5]), np.array([0.25, 0.75])])]
[[-0.5, 0.5], [0.0, 0.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import InvalidGameError

__all__ = ["PayoffKernel"]

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


class PayoffKernel:
    """Fast payoff contractions for one float payoff array of shape (n_1..n_N, N)."""

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
        letters = _LETTERS[: self.N]
        self._pair_sub: dict[tuple[int, int], str] = {}
        for i in range(self.N):
            for j in range(self.N):
                if i == j:
                    continue
                rest = [k for k in range(self.N) if k not in (i, j)]
                self._pair_sub[i, j] = (
                    letters
                    + "".join("," + letters[k] for k in rest)
                    + "->"
                    + letters[i]
                    + letters[j]
                )
        self._own_sub = [
            letters + "".join("," + letters[k] for k in range(self.N) if k != i) + "->" + letters[i]
            for i in range(self.N)
        ]

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
        self._first = self.offsets[:-1][player]  # first flat position of each row's player
        self._heads = self.offsets[:-1].copy()
        self._member = (player[None, :] == np.arange(N)[:, None]).astype(float)  # N x M
        const = np.zeros((M, M))
        rows = np.arange(M)
        tail = rows[rows != self._first]
        const[tail, tail] = 1.0
        const[tail, self._first[tail]] = -1.0
        self._const = const
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
            full = np.zeros((M, M))
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
        return [flat[s] for s in self._slices]

    def slice(self, i: int) -> slice:
        return self._slices[i]

    def payoffs(self, vecs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """u_i(k, sigma_-i) for every player i and own strategy k."""
        out = []
        for i in range(self.N):
            ops = [vecs[k] for k in range(self.N) if k != i]
            out.append(np.einsum(self._own_sub[i], self._arrays[i], *ops))
        return out

    def pairs(
        self, vecs: Sequence[np.ndarray]
    ) -> tuple[list[np.ndarray], dict[tuple[int, int], np.ndarray]]:
        """Own-strategy payoffs and D[i, j][k, l] = d u_i(k, sigma_-i) / d sigma_j(l)."""
        D: dict[tuple[int, int], np.ndarray] = {}
        for (i, j), sub in self._pair_sub.items():
            ops = [vecs[k] for k in range(self.N) if k not in (i, j)]
            D[i, j] = np.einsum(sub, self._arrays[i], *ops)
        if self.N == 1:
            return [self._arrays[0].copy()], D
        u = []
        for i in range(self.N):
            j = 1 if i == 0 else 0
            u.append(D[i, j] @ vecs[j])
        return u, D

    def regret(self, vecs: Sequence[np.ndarray]) -> float:
        u = self.payoffs(vecs)
        return float(max(np.max(u[i]) - u[i] @ vecs[i] for i in range(self.N)))
