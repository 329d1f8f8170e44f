"""Gap tests for ``gametheory/extensive/lemke.py``: Lemke's algorithm in exact arithmetic.

Facts checked: each answer is a solution of the LCP (``z >= 0``, ``w = q + M z >= 0``,
``z . w = 0``, exactly); for a P-matrix (here positive definite ``M``) the solution is
unique and equals the one found by a brute-force search over every complementary basis,
with any positive covering vector, including the degenerate problems where ratio tests
tie (equal ``q`` entries, repeated rows); bimatrix games' LCPs give their known
equilibria; the pivot count at its limit (``M = I``: one pivot per negative ``q_i``);
ray termination and bad covering vectors with their exact messages.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from gametheory.errors import SolverError
from gametheory.extensive.lemke import MAX_PIVOTS, lemke


def w_of(M, q, z):
    return [
        Fraction(q[i]) + sum(Fraction(M[i][j]) * z[j] for j in range(len(z))) for i in range(len(q))
    ]


def is_solution(M, q, z):
    w = w_of(M, q, z)
    return (
        all(v >= 0 for v in z)
        and all(v >= 0 for v in w)
        and all(a * b == 0 for a, b in zip(z, w, strict=True))
    )


def solve_exact(A, b):
    """Gaussian elimination over the rationals; None if ``A`` is singular."""
    n = len(b)
    T = [list(map(Fraction, A[i])) + [Fraction(b[i])] for i in range(n)]
    for c in range(n):
        p = next((r for r in range(c, n) if T[r][c] != 0), None)
        if p is None:
            return None
        T[c], T[p] = T[p], T[c]
        for r in range(n):
            if r != c and T[r][c]:
                f = T[r][c] / T[c][c]
                T[r] = [a - f * b_ for a, b_ in zip(T[r], T[c], strict=True)]
    return [T[i][n] / T[i][i] for i in range(n)]


def brute_force(M, q):
    """Every solution of the LCP with ``z`` basic on a subset S (``M_SS z_S = -q_S``)."""
    n = len(q)
    found = set()
    for k in range(n + 1):
        for S in itertools.combinations(range(n), k):
            z = [Fraction(0)] * n
            if S:
                sol = solve_exact([[M[i][j] for j in S] for i in S], [-q[i] for i in S])
                if sol is None:
                    continue
                for i, v in zip(S, sol, strict=True):
                    z[i] = v
            if is_solution(M, q, z):
                found.add(tuple(z))
    return found


def random_p_matrix(rng, n):
    """Positive definite (symmetric part ``R R' + I``, plus a skew part): a P-matrix."""
    R = rng.integers(-2, 3, size=(n, n))
    K = rng.integers(-2, 3, size=(n, n))
    return (R @ R.T + np.eye(n, dtype=int) + K - K.T).tolist()


@pytest.mark.parametrize("seed", range(30))
def test_p_matrix_lcp_has_the_brute_force_solution(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 5))
    M = random_p_matrix(rng, n)
    q = rng.integers(-4, 3, size=n).tolist()
    if seed % 3 == 0:  # ties in the first ratio test: equal entries of q
        q = [-2] * n
    (want,) = brute_force(M, q)  # a P-matrix LCP has exactly one solution
    z = lemke(M, q)
    assert tuple(z) == want and all(isinstance(v, Fraction) for v in z)
    d = rng.integers(1, 4, size=n).tolist()
    assert tuple(lemke(M, q, d)) == want


@pytest.mark.parametrize("seed", [11, 31, 76, 95])
def test_larger_p_matrix_lcps_where_z_variables_leave_the_basis(seed):
    # on these paths a z variable leaves the basis, and its w must enter next
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 6))
    M = random_p_matrix(rng, n)
    q = rng.integers(-4, 3, size=n).tolist()
    (want,) = brute_force(M, q)
    assert tuple(lemke(M, q)) == want


def test_degenerate_ties_in_every_ratio_test():
    # repeated rows and equal q: the minimum-ratio test ties at each step
    M = [[2, 1, 1], [1, 2, 1], [1, 1, 2]]
    for q in ([-1, -1, -1], [-1, -1, 0], [0, -1, -1], [-3, -3, -1]):
        (want,) = brute_force(M, q)
        assert tuple(lemke(M, q)) == want
        assert tuple(lemke(M, q, [1, 2, 3])) == want
        assert tuple(lemke(M, q, [3, 2, 1])) == want


def test_the_docstring_problem():
    assert lemke([[2, 1], [1, 2]], [-5, -6]) == [Fraction(4, 3), Fraction(7, 3)]
    assert lemke([[2, 1], [1, 2]], [-6, -5]) == [Fraction(7, 3), Fraction(4, 3)]


def test_nonnegative_q_is_solved_by_zero_without_pivoting():
    z = lemke([[-1, 0], [0, -1]], [0, 3], max_pivots=0)
    assert z == [0, 0] and all(type(v) is Fraction for v in z)


@pytest.mark.parametrize("q", [[-1], [-1, -2], [-3, -1, -2], [-1, 2, -5, 0], [4, -1, 2]])
def test_identity_takes_one_pivot_per_negative_entry(q):
    # M = I: z_i = max(0, -q_i); each pivot after z0's entry brings one z_i into the
    # basis, and z0 leaves with the last: as many pivots as negative entries
    n, k = len(q), sum(1 for v in q if v < 0)
    M = np.eye(n, dtype=int).tolist()
    want = [Fraction(max(0, -v)) for v in q]
    assert lemke(M, q, max_pivots=k) == want
    with pytest.raises(SolverError) as err:
        lemke(M, q, max_pivots=k - 1)
    assert str(err.value) == f"lemke: no solution within {k - 1} pivots"


def test_default_pivot_limit():
    assert MAX_PIVOTS == 100_000
    import inspect

    assert inspect.signature(lemke).parameters["max_pivots"].default == MAX_PIVOTS


def test_ray_termination_is_reported():
    # w = -1 - z >= 0 has no solution with z >= 0
    with pytest.raises(SolverError) as err:
        lemke([[-1]], [-1])
    assert str(err.value) == "lemke: ray termination (no solution found from this start)"
    with pytest.raises(SolverError, match="ray termination"):
        lemke([[0, -1], [-1, 0]], [-1, -1])


@pytest.mark.parametrize("d", [[1, 0], [1, -1], [-2, 3]])
def test_covering_vector_must_be_positive(d):
    with pytest.raises(SolverError) as err:
        lemke([[2, 1], [1, 2]], [-5, -6], d)
    assert str(err.value) == "lemke: the covering vector must be positive"


def bimatrix_lcp(A, B):
    """The LCP of a bimatrix game as ``sequence_lcp_plans`` builds it (one information
    set per player): positive costs ``C = shift - A``, ``D = shift - B``, and

        C y - u >= 0 _|_ x,   D' x - v >= 0 _|_ y,   sum x - 1 >= 0 _|_ u,   sum y - 1 >= 0 _|_ v.
    """
    A, B = np.asarray(A), np.asarray(B)
    m, n = A.shape
    shift = int(max(A.max(), B.max())) + 1
    N = m + n + 2
    M = [[0] * N for _ in range(N)]
    for i in range(m):
        for j in range(n):
            M[i][m + j] = shift - int(A[i, j])
            M[m + j][i] = shift - int(B[i, j])
    for i in range(m):
        M[i][m + n], M[m + n][i] = -1, 1
    for j in range(n):
        M[m + j][m + n + 1], M[m + n + 1][m + j] = -1, 1
    return M, [0] * (m + n) + [-1, -1]


@pytest.mark.parametrize(
    "A, B, x, y",
    [
        # rock-paper-scissors: the uniform profile
        (
            [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
            [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
            [Fraction(1, 3)] * 3,
            [Fraction(1, 3)] * 3,
        ),
        # unequal stakes: Column is indifferent when -2 x1 + x2 = x1 - x2: x = (2/5, 3/5)
        ([[2, -1], [-1, 1]], [[-2, 1], [1, -1]], [Fraction(2, 5), Fraction(3, 5)], None),
        # a dominance-solvable 2x3 game: (Top, Middle)
        ([[4, 3, 5], [1, 2, 0]], [[1, 3, 2], [2, 1, 0]], [1, 0], [0, 1, 0]),
    ],
)
def test_bimatrix_games_with_a_unique_equilibrium(A, B, x, y):
    M, q = bimatrix_lcp(A, B)
    z = lemke(M, q)
    assert is_solution(M, q, z)
    m = len(A)
    assert z[:m] == [Fraction(v) for v in x]  # probability vectors: sum x >= 1 is tight
    if y is not None:
        assert z[m : m + len(y)] == [Fraction(v) for v in y]


@pytest.mark.parametrize("seed", range(12))
def test_degenerate_bimatrix_lcps_are_solved(seed):
    # small-integer payoffs with many ties: the lexicographic rule must still end in a
    # solution (the LCP of a bimatrix game with positive costs always has one)
    rng = np.random.default_rng(1000 + seed)
    m, n = rng.integers(2, 4, size=2)
    A, B = rng.integers(0, 2, size=(m, n)), rng.integers(0, 2, size=(m, n))
    M, q = bimatrix_lcp(A, B)
    z = lemke(M, q)
    assert is_solution(M, q, z) and any(z)
    assert tuple(z) in brute_force(M, q)


def test_sequence_form_of_a_tree_with_an_information_set():
    # matching pennies as a tree (Odd does not see Even's move): one equilibrium, 1/2 each
    from gametheory.extensive import ExtensiveFormGame
    from gametheory.extensive.sequence_solvers import sequence_lcp

    def pennies(win):
        return {
            "player": "Odd",
            "infoset": "o",
            "moves": {"H": {"payoffs": [win, -win]}, "T": {"payoffs": [-win, win]}},
        }

    game = ExtensiveFormGame.from_dict(
        {
            "players": ["Even", "Odd"],
            "tree": {
                "player": "Even",
                "moves": {
                    "H": pennies(1),
                    "T": pennies(-1),
                },
            },
        }
    )
    res = sequence_lcp(game)
    assert res[0]["Odd"] == [{"H": Fraction(1, 2), "T": Fraction(1, 2)}]
    assert res[0]["Even"] == [{"H": Fraction(1, 2), "T": Fraction(1, 2)}]
