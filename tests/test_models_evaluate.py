"""The batched evaluator agrees with model.solve() sample by sample."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from test_sequential import small_model

from gametheory.errors import ModelError
from gametheory.models import load_model

MODELS = Path(__file__).resolve().parents[1] / "models"


def random_samples(model, n, seed):
    rng = np.random.default_rng(seed)
    B = model.bounds()
    return B[:, 0] + (B[:, 1] - B[:, 0]) * rng.random((n, len(B)))


def check_against_solve(model, P):
    out = model.evaluator()(P)
    assert out.actions.shape == (len(P), len(model.players))
    labels = out.labels()
    for b, row in enumerate(P):
        m = model.with_params(dict(zip(model.parameter_names, row, strict=True)))
        result = m.solve()
        if not result.ok:
            assert not out.ok[b]
            continue
        assert out.ok[b]
        assert {p: out.action_labels(p)[b] for p in model.player_ids} == result.path
        np.testing.assert_allclose(out.payoffs[b], [result.payoffs[p] for p in model.player_ids])
        assert labels[b] == " / ".join(f"{p} {s}" for p, s in result.path.items())
        # model.solve() also counts the mixed equilibria of a stage with several pure
        # ones (issue 10); the evaluator counts pure equilibria only
        expected = result.n_equilibria
        entry = result.plan.get("options", {}).get(result.plan.get("chosen"))
        if entry and "mixed_equilibria" in entry:
            expected = len(entry["stage_equilibria"])
            assert result.n_equilibria == expected + len(entry["mixed_equilibria"])
        assert out.n_equilibria[b] == expected
    return out


def test_small_sequential_model():
    model = small_model()
    check_against_solve(model, random_samples(model, 30, 1))


def test_regional_state():
    model = load_model(MODELS / "regional_state.toml")
    out = check_against_solve(model, random_samples(model, 30, 2))
    assert set(out.action_labels("STATE")) <= {"cooperate", "hedge", "compete"}


@pytest.mark.skipif(not (MODELS / "pacific_nato.toml").exists(), reason="flagship not present")
def test_flagship_random_samples():
    model = load_model(MODELS / "pacific_nato.toml")
    P = np.vstack([model.value_vector(), random_samples(model, 12, 3)])
    check_against_solve(model, P)


def test_simultaneous_model_pure_equilibria():
    model = load_model(MODELS / "us_china.toml")
    P = np.vstack([model.value_vector(), random_samples(model, 40, 4)])
    out = model.evaluator()(P)
    for b, row in enumerate(P):
        g = model.with_params(dict(zip(model.parameter_names, row, strict=True))).game()
        A, B = g.payoffs[..., 0], g.payoffs[..., 1]
        pure = [
            (i, j)
            for i in range(3)
            for j in range(3)
            if A[i, j] >= A[:, j].max() - 1e-9 and B[i, j] >= B[i, :].max() - 1e-9
        ]
        assert out.n_equilibria[b] == len(pure)
        if pure:
            assert tuple(out.actions[b]) in pure
    assert out.labels()[0] == "USA hedge / CHN hedge"


def test_mapping_input_and_errors():
    model = load_model(MODELS / "regional_state.toml")
    ev = model.evaluator()
    out = ev(
        {"sec_dep": np.array([0.3, 1.0]), "us_deterrence": [1.0, 1.0], "trade_dep": [1.0, 0.3]}
    )
    assert list(out.action_labels("STATE")) == ["hedge", "compete"]
    frame = out.to_frame()
    assert list(frame["STATE"]) == ["hedge", "compete"] and frame["ok"].all()
    with pytest.raises(ModelError, match="unknown parameter 'sec_depp'"):
        ev({"sec_depp": [1.0]})
    with pytest.raises(ModelError, match="must have shape"):
        ev(np.zeros((2, 3)))
    with pytest.raises(ModelError, match="NaN"):
        ev(np.full((1, len(model.parameter_names)), np.nan))


def test_evaluator_fix():
    model = load_model(MODELS / "regional_state.toml")
    out = model.evaluator(fix={"STATE": "compete"})(model.value_vector())
    assert out.action_labels("STATE")[0] == "compete"
    assert out.action_labels("CHN")[0] == "compete"


@pytest.mark.skipif(not (MODELS / "pacific_nato.toml").exists(), reason="flagship not present")
def test_flagship_kernel_equals_full_enumeration_of_the_states_stage():
    """All 3**12 state profiles enumerated (no pruning) give the same stage equilibria."""
    from gametheory.models.sequential import BackwardInduction

    model = load_model(MODELS / "pacific_nato.toml")
    P = np.vstack([model.value_vector(), random_samples(model, 1, 5)])
    for option, row in (("pacific_nato", 0), ("quad_plus", 1)):
        fix = {"USA": option}
        full = BackwardInduction(model, fix, "payoff_dominant", use_kernel=False).solve(
            0, P[row : row + 1], {}, False
        )
        fast = BackwardInduction(model, fix, "payoff_dominant").solve(
            0, P[row : row + 1], {}, False
        )
        np.testing.assert_array_equal(full.profile, fast.profile)
        np.testing.assert_array_equal(full.n_equilibria, fast.n_equilibria)


@pytest.mark.parametrize("name", ["us_china", "regional_state"])
def test_empty_batch(name):
    model = load_model(MODELS / f"{name}.toml")
    out = model.evaluator()(np.zeros((0, len(model.parameter_names))))
    assert len(out) == 0 and out.actions.shape == (0, len(model.players))
    assert len(out.labels()) == 0


# ----------------------------------------------------------------- fast stage kernel
def _exhaustive_stage(t, selection):
    """Every pure equilibrium of stage tables by checking all profiles (no pruning)."""
    from gametheory.models.stage import TOL

    _, N, K, R = t.delta.shape
    C = t.member.shape[-1]
    lut = {tuple(c): j for j, c in enumerate(t.counts)}
    allowed = [np.flatnonzero(t.allowed[i]) for i in range(N)]

    def outcome(b, prof):
        cnt = tuple(np.bincount(prof, minlength=K))
        T = t.base[b] + sum(t.delta[b, i, prof[i]] for i in range(N))
        if t.follower_counts is not None:
            T = T + t.follower_counts[b, lut[cnt]]
        T = np.where(t.allowed_response, T, -np.inf)
        r = int(np.argmax(T >= T.max() - TOL))
        c = lut[cnt] if C > 1 else 0
        return r, np.array([t.member[b, i, prof[i], r, c] for i in range(N)])

    results = []
    for b in range(t.base.shape[0]):
        eqs = []
        for prof in itertools.product(*allowed):
            prof = np.array(prof)
            r, pay = outcome(b, prof)
            good = True
            for i in range(N):
                for k in allowed[i]:
                    if k != prof[i]:
                        dev = prof.copy()
                        dev[i] = k
                        good &= outcome(b, dev)[1][i] <= pay[i] + TOL
            if good:
                eqs.append((tuple(prof), r, pay))
        pick = None
        if eqs:
            pays = np.array([e[2] for e in eqs])
            score = (
                np.zeros(len(eqs))
                if selection == "first"
                else pays.sum(axis=1)
                if selection == "payoff_dominant"
                else pays.min(axis=1)
            )
            pick = int(np.argmax(score >= score.max() - TOL))
        results.append((eqs, pick))
    return results


def _random_tables(rng, n, N, K, R, *, counts, follower_counts):
    from gametheory.models.stage import StageTables, count_vectors

    cv = count_vectors(N, K) if counts or follower_counts else np.zeros((1, K), dtype=int)
    C = len(cv) if counts else 1

    def draw(shape):
        # small integers for half the samples (many exact ties, several equilibria),
        # continuous payoffs for the others (stages without a pure equilibrium)
        x = rng.integers(-2, 3, shape).astype(float)
        x[n // 2 :] = rng.normal(0.0, 1.5, x[n // 2 :].shape)
        return x

    delta = draw((n, N, K, R))
    delta[:, :, 0, :] = 0.0
    allowed = np.ones((N, K), bool)
    allowed[rng.integers(N), rng.integers(K)] = False  # some strategies pinned away
    allowed_r = np.ones(R, bool)
    if rng.random() < 0.3:
        allowed_r[rng.integers(R)] = False
    return StageTables(
        base=draw((n, R)),
        delta=delta,
        member=draw((n, N, K, R, C)),
        counts=cv,
        allowed=allowed,
        allowed_response=allowed_r,
        follower_counts=draw((n, len(cv), R)) if follower_counts else None,
    )


@pytest.mark.parametrize(
    "counts,follower_counts", [(False, False), (True, False), (False, True), (True, True)]
)
def test_stage_kernel_finds_every_pure_equilibrium(counts, follower_counts):
    """The fast kernel against checking every profile of random stages with many ties."""
    from gametheory.models.stage import solve_stage

    rng = np.random.default_rng(40 + 2 * counts + follower_counts)
    n_eq = []
    for N, K, R in ((4, 3, 3), (5, 3, 2), (3, 4, 3)):
        t = _random_tables(rng, 20, N, K, R, counts=counts, follower_counts=follower_counts)
        for selection in ("payoff_dominant", "first", "risk_averse"):
            sol = solve_stage(t, selection=selection, keep_all=True)
            ref = solve_stage(t, selection=selection, keep_all=True, reference=True)
            expected = _exhaustive_stage(t, selection)
            for b, (eqs, pick) in enumerate(expected):
                assert sol.n_equilibria[b] == ref.n_equilibria[b] == len(eqs)
                assert [tuple(p) for p in sol.all_equilibria[b][0]] == [e[0] for e in eqs]
                assert list(sol.all_equilibria[b][1]) == [e[1] for e in eqs]
                if pick is None:
                    assert (sol.profile[b] == -1).all() and sol.response[b] == -1
                else:
                    assert tuple(sol.profile[b]) == eqs[pick][0]
                    assert sol.response[b] == eqs[pick][1]
                    np.testing.assert_array_equal(sol.member_payoffs[b], eqs[pick][2])
            for f in ("profile", "response", "n_equilibria"):
                np.testing.assert_array_equal(getattr(sol, f), getattr(ref, f))
            n_eq.extend(sol.n_equilibria)
    # the random stages must exercise several equilibria and stages without one
    assert max(n_eq) > 1 and min(n_eq) == 0


def _flagship_design(model, rng):
    B = model.bounds()
    span = B[:, 1] - B[:, 0]
    corners = np.where(rng.random((60, len(B))) < 0.5, B[:, 0], B[:, 1])  # ties, flags
    return np.vstack([model.value_vector(), B[:, 0] + span * rng.random((240, len(B))), corners])


@pytest.mark.skipif(not (MODELS / "pacific_nato.toml").exists(), reason="flagship not present")
@pytest.mark.parametrize("selection", ["payoff_dominant", "first", "risk_averse"])
def test_flagship_evaluator_equals_reference_kernel(selection, monkeypatch):
    """Same outcomes, counts and selection as the kernel checking every deviation."""
    import functools

    import gametheory.models.sequential as seq
    from gametheory.models.stage import solve_stage

    model = load_model(MODELS / "pacific_nato.toml")
    P = _flagship_design(model, np.random.default_rng(9))
    fast = model.evaluator(selection=selection)(P)
    monkeypatch.setattr(seq, "solve_stage", functools.partial(solve_stage, reference=True))
    ref = model.evaluator(selection=selection)(P)
    for f in ("actions", "n_equilibria", "ok"):
        np.testing.assert_array_equal(getattr(fast, f), getattr(ref, f))
    np.testing.assert_array_equal(fast.payoffs, ref.payoffs)
    assert (fast.n_equilibria > 1).mean() > 0.05  # the hard cases are in the sample


def _evaluate_in_worker(evaluator, P):
    return evaluator(P)


@pytest.mark.parametrize("name", ["regional_state", "us_china"])
def test_evaluator_pickles_and_runs_in_worker_processes(name):
    """A pickled evaluator (sent to the workers of a parallel sweep) gives the same outcomes."""
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    model = load_model(MODELS / f"{name}.toml")
    ev = model.evaluator()
    P = random_samples(model, 200, 6)
    whole = ev(P)
    copy = pickle.loads(pickle.dumps(ev))
    np.testing.assert_array_equal(copy(P).actions, whole.actions)
    with ProcessPoolExecutor(2) as pool:
        parts = list(pool.map(_evaluate_in_worker, [ev, ev], [P[:100], P[100:]]))
    for f in ("actions", "payoffs", "n_equilibria", "ok"):
        np.testing.assert_array_equal(
            np.concatenate([getattr(p, f) for p in parts]), getattr(whole, f)
        )
