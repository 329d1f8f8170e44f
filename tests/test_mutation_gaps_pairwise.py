"""Tests for ``gametheory/models/pairwise.py`` written for a mutation test (issue 13).

The module compiles a role member's payoff into the tables of the pairwise-linear stage
kernel: ``own[b, i, k, r]`` (member ``i`` plays ``k``, every other member the role's
first strategy, the follower ``r``) and ``pair[b, i, k, j, s]`` (what member ``j``
playing ``s`` instead of the first strategy adds), and the follower's payoff into
``base[b, r]`` and ``delta[b, j, s, r]``. The oracle is the model's own payoff
formulas evaluated at every profile (:meth:`CompiledModel.payoffs`): for every sample,
earlier move, member profile and response,

    V_i(a, r) = own[i, a_i, r] + sum_{j != i} pair[i, a_i, j, a_j]
    F(a, r) = base[r] + sum_j delta[j, a_j, r].

Each test builds its models itself (no module-level fixture): the compiled tables are
kept on the compiled model and the pair/follower tables cache their last samples, so
a model built once by a clean run would hand every later (forked) run its tables.
Run the mutation test with ``python benchmarks/mutation.py gametheory/models/pairwise.py``.
"""

from __future__ import annotations

import itertools
import pickle
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import sympy

from gametheory.errors import ModelError
from gametheory.models import Model
from gametheory.models.pairwise import LinearFollower, PairwiseMembers, linear_parts

TOY = Path(__file__).parent / "data" / "pairwise_toy.toml"
STRATEGIES = ("cooperate", "hedge", "compete")


def _param(name: str, low: float, high: float, *, per: bool = False) -> str:
    mid = (low + high) / 2
    if per:
        return (
            f'[parameters.{name}]\nper = "state"\nunit = "u"\nmeaning = "m"\njudgement = "j"\n'
            f"default = {{ value = {mid}, low = {low}, high = {high} }}\n"
        )
    return (
        f'[parameters.{name}]\nvalue = {mid}\nlow = {low}\nhigh = {high}\nunit = "u"\n'
        'meaning = "m"\njudgement = "j"\n'
    )


def build(
    member: str,
    *,
    follower: str | None = "k1 * (CHN == 'hedge') - k2 * (CHN == 'compete')",
    members: tuple[str, ...] = ("A", "B", "C"),
    leader: str = "c * (CHN == 'compete')",
) -> Model:
    """A sequential model USA -> role ``state`` (``members``) -> CHN (or no follower)."""
    stages = '[["USA"], ["state"], ["CHN"]]' if follower is not None else '[["USA"], ["state"]]'
    if follower is None:
        leader = "c * (A == 'compete')"
    text = f"""format = 1
[model]
id = "pairwise_gap"
title = "t"
form = "sequential"
[form]
stages = {stages}
[players.USA]
payoff = "{leader}"
[players.USA.strategies]
a = "a"
b = "b"
[roles.state]
name = "s"
payoff = "{member}"
[roles.state.strategies]
cooperate = "c"
hedge = "h"
compete = "x"
"""
    for m in members:
        text += f'[players.{m}]\nname = "{m}"\nrole = "state"\n'
    if follower is not None:
        text += f'[players.CHN]\npayoff = "{follower}"\n'
        text += '[players.CHN.strategies]\ncooperate = "c"\nhedge = "h"\ncompete = "x"\n'
    used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", f"{member} {follower} {leader}"))
    for name in ("w", "g", "v", "e", "f", "c", "k1", "k2"):
        if name in used:  # an unused parameter is an error
            low = 0.1 if name == "w" else -1  # w: a weight, shares divide by its sum
            text += _param(name, low, 1, per=name in ("w", "g"))
    model = Model.from_toml(text, source="pairwise_gap.toml")
    assert isinstance(model, Model)
    return model


def draws(model: Model, n: int, seed: int) -> np.ndarray:
    b = model.bounds()
    rng = np.random.default_rng(seed)
    return b[:, 0] + rng.random((n, len(b))) * (b[:, 1] - b[:, 0])


def every_profile(model: Model, members, usa: int, R: int, follower: int | None) -> tuple:
    """Every (member profile, response) as full model profiles (M, players)."""
    K = len(STRATEGIES)
    idx = [model.player_ids.index(m) for m in members]
    combos = list(itertools.product(range(K), repeat=len(members)))
    rows = []
    for a in combos:
        for r in range(R):
            prof = [-1] * len(model.players)
            prof[0] = usa
            for i, s in zip(idx, a, strict=True):
                prof[i] = s
            if follower is not None:
                prof[follower] = r
            rows.append(prof)
    return np.array(combos), np.array(rows), idx


def assert_member_tables(model: Model, P: np.ndarray, usa: int, pm: PairwiseMembers | None = None):
    """own/pair of every member reproduce the formula at every profile and response."""
    role = model.roles["state"]
    members = list(role.members)
    has_follower = "CHN" in model.player_ids
    follower = model.player_ids.index("CHN") if has_follower else None
    R = 3 if has_follower else 1
    if pm is None:
        pm = PairwiseMembers.compile(model, role, ("CHN",) if has_follower else ())
    assert pm is not None
    own, pair = pm.tables(P, {0: usa} if usa >= 0 else {}, model, follower, R)
    n, N, K = P.shape[0], len(members), len(STRATEGIES)
    assert own.shape == (n, N, K, R) and pair.shape == (n, N, K, N, K)
    assert (pair[..., 0] == 0).all()  # the first strategy is the reference
    for i in range(N):
        assert (pair[:, i, :, i, :] == 0).all()  # no pair term with oneself
    combos, rows, idx = every_profile(model, members, usa, R, follower)
    direct = model.compiled.payoffs(P, rows).reshape(n, len(combos), R, -1)
    for c, a in enumerate(combos):
        for i in range(N):
            split = (
                own[:, i, a[i], :]
                + sum(pair[:, i, a[i], j, a[j]] for j in range(N) if j != i)[:, None]
            )
            np.testing.assert_allclose(split, direct[:, c, :, idx[i]], rtol=1e-12, atol=1e-12)
    # outside ``nonzero`` every pair entry is zero
    rows_nz, cols_nz = pm.nonzero
    off_rows = [k for k in range(K) if k not in rows_nz]
    off_cols = [k for k in range(K) if k not in cols_nz]
    assert (pair[:, :, off_rows] == 0).all() and (pair[..., off_cols] == 0).all()
    return own, pair


def assert_follower_tables(model: Model, P: np.ndarray, usa: int, lf: LinearFollower | None = None):
    role = model.roles["state"]
    members = list(role.members)
    F = model.player_ids.index("CHN")
    if lf is None:
        lf = LinearFollower.compile(model, role, "CHN")
    assert lf is not None
    split = lf.tables(P, {0: usa} if usa >= 0 else {}, model, F, 3)
    assert split is not None
    base, delta = split
    n, N = P.shape[0], len(members)
    assert base.shape == (n, 3) and delta.shape == (n, N, 3, 3)
    assert (delta[:, :, 0, :] == 0).all()
    combos, rows, _ = every_profile(model, members, usa, 3, F)
    direct = model.compiled.payoffs(P, rows).reshape(n, len(combos), 3, -1)[..., F]
    for c, a in enumerate(combos):
        got = base + sum(delta[:, j, a[j], :] for j in range(N))
        np.testing.assert_allclose(got, direct[:, c, :], rtol=1e-12, atol=1e-12)
    return base, delta


# a member payoff that reads everything the split handles: its own move, per-role and
# plain parameters, the sum of a per-role parameter over the role, others through
# sum(...), count(...) and by name, the earlier move and the follower's move
RICH = (
    "(own == 'compete') * (g + v * (sum(state, w * (own == 'compete')) - w * (own == 'compete'))"
    " - e * (A == 'compete') - f * (CHN == 'compete') + c * (USA == 'b') + sum(state, w))"
    " + (own == 'cooperate') * (g - v * count(state, 'cooperate') - e * (CHN == 'hedge'))"
    " + (own == 'hedge') * (USA == 'b') * (k1 * count(state, 'compete') + 2 * (B == 'hedge'))"
)
FOLLOWER = (
    "-(1 - 0.5 * (CHN == 'hedge')) * sum(state, w * (own == 'compete'))"
    " + (USA == 'b') * (CHN == 'compete') * count(state, 'hedge')"
    " - k1 * (CHN == 'hedge') - k2 * (CHN == 'compete') + 3 * (A == 'hedge')"
    " + 2 * count(state, 'cooperate') * (CHN == 'hedge') - k2 * (B == 'cooperate')"
)


# usa -1: the earlier mover has not moved (its indicators are all off)
@pytest.mark.parametrize("usa", [0, 1, -1])
@pytest.mark.parametrize("n", [1, 4])
def test_member_tables_match_the_formula_at_every_profile(usa, n):
    model = build(RICH, follower=FOLLOWER)
    assert_member_tables(model, draws(model, n, seed=usa + 10 * n), usa)


@pytest.mark.parametrize("usa", [0, 1, -1])
@pytest.mark.parametrize("n", [1, 2, 4])
def test_follower_tables_match_the_formula_at_every_profile(usa, n):
    model = build(RICH, follower=FOLLOWER)
    assert_follower_tables(model, draws(model, n, seed=usa + 10 * n), usa)


def test_the_toy_model_of_the_kernel_tests_splits_exactly():
    model = Model.from_toml(TOY.read_text(), source=str(TOY))
    P = draws(model, 3, seed=5)
    for usa in (0, 1):
        assert_member_tables(model, P, usa)
        assert_follower_tables(model, P, usa)


def test_two_members_and_no_follower():
    member = (
        "(own == 'compete') * (w * (A == 'hedge') - g * (B == 'compete')) + v * (own == 'hedge')"
    )
    model = build(member, follower=None, members=("A", "B"))
    own, pair = assert_member_tables(model, draws(model, 3, seed=1), 1)
    assert own.shape[-1] == 1


@pytest.mark.parametrize(
    ("member", "rows", "cols"),
    [
        # only 'compete' reads others; only others' 'hedge' counts
        ("(own == 'compete') * v * count(state, 'hedge') + (own == 'cooperate') * g", [2], [1]),
        # others' first strategy: every other strategy differs from it
        ("(own == 'hedge') * v * count(state, 'cooperate')", [1], [1, 2]),
        # both non-reference own moves read others, through one named member
        ("((own == 'hedge') + 2 * (own == 'cooperate')) * (A == 'compete') * e", [0, 1], [2]),
        # a coefficient shared with an earlier pair comes first, a new one after it
        (
            "(own == 'compete') * count(state, 'hedge') + (own == 'hedge') * (C == 'compete')",
            [1, 2],
            [1, 2],
        ),
        # nobody reads anybody: no nonzero rows or columns
        ("(own == 'compete') * g + v", [], []),
    ],
    ids=[
        "compete-reads-hedge",
        "hedge-reads-cooperate",
        "named-member",
        "shared-first",
        "no-pairs",
    ],
)
def test_nonzero_rows_and_columns_are_read_from_the_formula(member, rows, cols):
    model = build(member)
    pm = PairwiseMembers.compile(model, model.roles["state"], ("CHN",))
    assert pm is not None
    assert pm.nonzero == (rows, cols)
    assert_member_tables(model, draws(model, 2, seed=3), 0, pm)


def test_constant_and_stacked_coefficients():
    # pair coefficients 2 (a constant), w.<other> (columns differ per counterpart),
    # v (the same column for every pair) and the sum of w over the role
    member = (
        "(own == 'compete') * (2 * count(state, 'hedge') + sum(state, w * (own == 'compete'))"
        " + v * count(state, 'cooperate') + sum(state, w) + g)"
    )
    model = build(member)
    pm = PairwiseMembers.compile(model, model.roles["state"], ("CHN",))
    assert pm is not None
    P = draws(model, 3, seed=8)
    for usa in (0, 1):
        assert_member_tables(model, P, usa, pm)


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        ("(own == 'compete') * count(state, 'compete') ** 2", "a power of others' moves"),
        ("(own == 'compete') * max(count(state, 'compete'), 1)", "others inside max()"),
        ("(own == 'compete') * (A == 'hedge') * (B == 'hedge')", "a product of two others"),
        (
            "(own == 'compete') * (CHN == 'compete') * count(state, 'hedge')",
            "a pair coefficient reads the follower's move",
        ),
        ("where(count(state, 'compete') > 1, 1, 0)", "others inside a condition"),
    ],
    ids=["power", "max", "product", "follower-in-pair", "where"],
)
def test_payoffs_that_are_not_pairwise_linear_are_refused(member, reason):
    model = build(member)
    assert PairwiseMembers.compile(model, model.roles["state"], ("CHN",)) is None, reason


def test_a_follower_read_outside_the_pairs_still_qualifies():
    # the follower's move multiplies the own move only: it goes to ``own``'s response axis
    member = "(own == 'compete') * (CHN == 'compete') * v + (own == 'hedge') * (A == 'hedge')"
    model = build(member)
    assert PairwiseMembers.compile(model, model.roles["state"], ("CHN",)) is not None
    # the same product with the follower left out of the follower list qualifies too
    model = build("(own == 'compete') * (CHN == 'compete') * count(state, 'hedge')")
    assert PairwiseMembers.compile(model, model.roles["state"], ()) is not None


@pytest.mark.parametrize(
    ("follower", "reason"),
    [
        ("count(state, 'compete') ** 2 * (CHN == 'hedge')", "a power of the members' moves"),
        ("(A == 'compete') * (B == 'compete') * (CHN == 'hedge')", "a product of two members"),
        ("min(count(state, 'hedge'), 1) * (CHN == 'hedge')", "members inside min()"),
    ],
    ids=["power", "product", "min"],
)
def test_followers_not_affine_in_the_members_are_refused(follower, reason):
    model = build("(own == 'compete') * g", follower=follower)
    assert LinearFollower.compile(model, model.roles["state"], "CHN") is None, reason


def test_linear_parts_of_small_expressions():
    x, y, z, a, b = sympy.symbols("x y z a b")
    V = {x, y, z}
    assert linear_parts(x, V) == (0, {x: 1})
    assert linear_parts(a, V) == (a, {})
    assert linear_parts(sympy.Integer(3), V) == (3, {})
    c0, cv = linear_parts(2 * x + a * y + a - 1, V)
    assert sympy.expand(c0 - (a - 1)) == 0 and cv == {x: 2, y: a}
    c0, cv = linear_parts(a * (x + b * y + 1) + x, V)
    assert sympy.expand(c0 - a) == 0
    assert sympy.expand(cv[x] - (a + 1)) == 0 and sympy.expand(cv[y] - a * b) == 0
    assert linear_parts(a * b, V) == (a * b, {})
    assert linear_parts(sympy.exp(a) * x, V) == (0, {x: sympy.exp(a)})
    for bad in (x * y, x**2, sympy.exp(x), x * (y + 1), sympy.Max(x, 1) + a, a + x * z):
        assert linear_parts(bad, V) is None, bad
    assert linear_parts(sympy.Max(a, 1), V) == (sympy.Max(a, 1), {})
    # the split reproduces the expression
    e = 3 * a * x - b * (y - 2 * z) + a * b
    c0, cv = linear_parts(e, V)
    assert sympy.expand(c0 + sum(c * v for v, c in cv.items()) - e) == 0


def test_earlier_moves_and_new_samples_give_new_tables():
    """The pair and follower tables keep their last samples: a call with another
    earlier move or other samples must not get them back."""
    model = build(RICH, follower=FOLLOWER)
    role = model.roles["state"]
    pm = PairwiseMembers.compile(model, role, ("CHN",))
    lf = LinearFollower.compile(model, role, "CHN")
    assert pm is not None and lf is not None
    P = draws(model, 3, seed=2)
    Q = draws(model, 3, seed=4)
    for usa, S in ((0, P), (1, P), (-1, P), (1, Q), (0, Q), (0, P), (-1, P), (1, P)):
        assert_member_tables(model, S, usa, pm)
        assert_follower_tables(model, S, usa, lf)
    # the same call twice gives the same tables
    F = model.player_ids.index("CHN")
    first = pm.tables(P, {0: 1}, model, F, 3)
    second = pm.tables(P.copy(), {0: 1}, model, F, 3)
    np.testing.assert_array_equal(first[1], second[1])
    one = lf.tables(P, {0: 1}, model, F, 3)
    two = lf.tables(P.copy(), {0: 1}, model, F, 3)
    assert one is not None and two is not None
    np.testing.assert_array_equal(one[1], two[1])


def test_pickled_splits_give_the_same_tables():
    model = build(RICH, follower=FOLLOWER)
    role = model.roles["state"]
    pm = PairwiseMembers.compile(model, role, ("CHN",))
    lf = LinearFollower.compile(model, role, "CHN")
    P = draws(model, 2, seed=6)
    F = model.player_ids.index("CHN")
    own, pair = pm.tables(P, {0: 1}, model, F, 3)
    base, delta = lf.tables(P, {0: 1}, model, F, 3)
    pm2, lf2 = pickle.loads(pickle.dumps((pm, lf)))
    assert "_last_pair" not in pm.__getstate__() and "_last" not in lf.__getstate__()
    assert pm.__getstate__()["_plans"] is not None  # the plans travel
    own2, pair2 = pm2.tables(P, {0: 1}, model, F, 3)
    np.testing.assert_array_equal(own, own2)
    np.testing.assert_array_equal(pair, pair2)
    base2, delta2 = lf2.tables(P, {0: 1}, model, F, 3)
    np.testing.assert_array_equal(base, base2)
    np.testing.assert_array_equal(delta, delta2)


def test_symmetric_members_share_one_compiled_template():
    """Coefficients that differ only in whose per-role parameters they read are
    compiled once (the point of the templates)."""
    member = "(own == 'compete') * (g + sum(state, w * (own == 'hedge')))"
    model = build(member, members=("A", "B", "C", "D"))
    pm = PairwiseMembers.compile(model, model.roles["state"], ("CHN",))
    assert pm is not None
    assert len({id(f) for f, _ in pm.own_fns}) == 1
    assert len({id(f) for fns in pm.pair_fns for _, _, f, _ in fns}) == 1
    assert [len(fns) for fns in pm.pair_fns] == [3, 3, 3, 3]
    assert_member_tables(model, draws(model, 2, seed=9), 0, pm)


def test_a_payoff_that_is_not_finite_is_named():
    member = "(own == 'compete') * log(w) + (own == 'hedge') * (A == 'hedge')"
    model = build(member)
    pm = PairwiseMembers.compile(model, model.roles["state"], ("CHN",))
    P = np.tile(model.value_vector(), (2, 1))
    P[:, [model.parameter_names.index(f"w.{m}") for m in "ABC"]] = 0.5
    P[1, model.parameter_names.index("w.B")] = -1.0  # log of a negative number
    F = model.player_ids.index("CHN")
    with (
        warnings.catch_warnings(),
        pytest.raises(
            ModelError, match=r"the payoff of role 'state' is not a finite number \(sample 1\)"
        ),
    ):
        warnings.simplefilter("error")  # no floating-point warning on the way
        pm.tables(P, {0: 0}, model, F, 3)


def test_a_pair_coefficient_that_is_not_finite_is_named():
    # others(): no own term, so ``own`` stays finite and the pair table is the one named
    member = "(own == 'compete') * others(state, 'hedge') / v"
    model = build(member)
    pm = PairwiseMembers.compile(model, model.roles["state"], ("CHN",))
    P = np.tile(model.value_vector(), (2, 1))
    P[:, model.parameter_names.index("v")] = [1.0, 0.0]
    F = model.player_ids.index("CHN")
    with (
        warnings.catch_warnings(),
        pytest.raises(
            ModelError, match=r"the payoff of role 'state' is not a finite number \(sample 1\)"
        ),
    ):
        warnings.simplefilter("error")  # no floating-point warning on the way
        pm.tables(P, {0: 0}, model, F, 3)


@pytest.mark.parametrize("n", [1, 3])
def test_a_follower_coefficient_that_is_not_finite_gives_none(n):
    model = build("(own == 'compete') * g", follower="count(state, 'hedge') * (CHN == 'hedge') / v")
    lf = LinearFollower.compile(model, model.roles["state"], "CHN")
    assert lf is not None
    P = np.tile(model.value_vector(), (n, 1))
    F = model.player_ids.index("CHN")
    v = model.parameter_names.index("v")
    P[:, v] = 0.5
    P[-1, v] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no floating-point warning on the way
        assert lf.tables(P, {0: 0}, model, F, 3) is None
    P[-1, v] = 0.5
    base, delta = assert_follower_tables(model, P, 0, lf)
    assert delta[0, 0, 1, 1] == pytest.approx(2.0)  # 1 / v for a hedging member, CHN hedging


def test_a_follower_coefficient_shared_by_members_is_stored_once():
    # every member adds the same coefficient when it competes: one expression, at one sample
    model = build("(own == 'compete') * g", follower="count(state, 'compete') * (CHN == 'compete')")
    lf = LinearFollower.compile(model, model.roles["state"], "CHN")
    assert lf is not None
    assert lf.slots == [[None, None, 1]] * 3  # one shared coefficient, 'compete' only
    assert_follower_tables(model, draws(model, 1, seed=0), 1, lf)


@pytest.mark.parametrize("usa", [0, 1, -1])
def test_the_one_sample_follower_tables_in_plain_floats_equal_numpys(usa):
    model = build(RICH, follower=FOLLOWER)
    lf = LinearFollower.compile(model, model.roles["state"], "CHN")
    assert lf is not None
    F = model.player_ids.index("CHN")
    P = draws(model, 1, seed=11)
    history = {0: usa} if usa >= 0 else {}
    batch = lf.tables(np.repeat(P, 2, axis=0), history, model, F, 3)  # numpy, 2 samples
    point = lf._point_tables(P[0], history, F, 3)  # plain floats, one sample
    assert batch is not None and point is not None
    np.testing.assert_allclose(point[0], batch[0][:1], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(point[1], batch[1][:1], rtol=1e-12, atol=1e-12)
    assert point[0].shape == (1, 3) and point[1].shape == (1, 3, 3, 3)
    # a coefficient that divides by zero at this sample: None (numpy then names it)
    model = build("(own == 'compete') * g", follower="count(state, 'hedge') * (CHN == 'hedge') / v")
    lf = LinearFollower.compile(model, model.roles["state"], "CHN")
    P = model.value_vector().copy()
    P[model.parameter_names.index("v")] = 0.0
    lf.tables(P[None, :], {0: 0}, model, F, 3)
    assert lf._point_tables(P, {0: 0}, F, 3) is None
    P[model.parameter_names.index("v")] = 0.25
    point = lf._point_tables(P, {0: 0}, F, 3)
    assert point is not None and point[1][0, 0, 1, 1] == pytest.approx(4.0)


def test_a_constant_follower_base_is_a_float_table():
    # every member at the first strategy gives the follower 0, an integer constant
    model = build("(own == 'compete') * g", follower="count(state, 'compete') * (CHN == 'compete')")
    lf = LinearFollower.compile(model, model.roles["state"], "CHN")
    F = model.player_ids.index("CHN")
    for n in (1, 3):
        base, delta = lf.tables(draws(model, n, seed=n), {0: 0}, model, F, 3)
        assert base.dtype == np.float64 and delta.dtype == np.float64
        assert (base == 0).all() and (delta[:, :, 2, 2] == 1).all()


def test_splits_pickle_before_their_first_tables():
    model = build(RICH, follower=FOLLOWER)
    role = model.roles["state"]
    pm = PairwiseMembers.compile(model, role, ("CHN",))
    lf = LinearFollower.compile(model, role, "CHN")
    pm2, lf2 = pickle.loads(pickle.dumps((pm, lf)))
    P = draws(model, 2, seed=12)
    assert_member_tables(model, P, 1, pm2)
    assert_follower_tables(model, P, 1, lf2)


def test_a_share_of_the_roles_total_weight():
    """``w / sum(state, w)``: the role's total is one symbol of the shared template."""
    member = (
        "(own == 'compete') * (w / sum(state, w)) * count(state, 'hedge')"
        " + (own == 'hedge') * exp(sum(state, w)) * (A == 'compete')"
    )
    model = build(member)
    pm = PairwiseMembers.compile(model, model.roles["state"], ("CHN",))
    assert pm is not None
    # one compiled coefficient per shape, whoever's weight and total it reads
    shapes = {id(f): f.expr for fns in pm.pair_fns for _, _, f, _ in fns}
    assert len(shapes) == 2 and any("w@sum" in str(e) for e in shapes.values())
    for usa in (0, 1):
        assert_member_tables(model, draws(model, 3, seed=usa), usa, pm)


def test_follower_tables_follow_the_earlier_move_with_the_same_samples():
    # the follower's coefficients read the earlier move and one parameter only
    follower = "(USA == 'b') * (CHN == 'compete') * count(state, 'hedge') - k1 * (CHN == 'hedge')"
    model = build("(own == 'compete') * g", follower=follower)
    lf = LinearFollower.compile(model, model.roles["state"], "CHN")
    P = draws(model, 3, seed=13)
    for usa in (0, 1, 0, -1, 1, -1):
        assert_follower_tables(model, P, usa, lf)
