"""Hostile trees, in process: deep chains and wide chance nodes are refused before the
work that would take minutes (with the .efg limit named), and the shortcuts that make
deep chains cheap (interned own-move histories) agree with the definitions."""

from __future__ import annotations

import numpy as np
import pytest
from _efg import chain

from gametheory import NormalFormGame
from gametheory.budget import BudgetError
from gametheory.errors import GameFileError
from gametheory.extensive import classics, convert
from gametheory.extensive.agent_qre import MAX_LOGIT_WORK, agent_logit
from gametheory.io.efg import MAX_EFG_NODES, MAX_EFG_PLAYERS, parse_efg
from gametheory.solvers import pure_equilibria


def test_a_chain_past_the_node_limit_is_refused_naming_efg():
    depth = MAX_EFG_NODES  # 2 * depth + 1 nodes
    with pytest.raises(GameFileError) as info:
        parse_efg(chain(depth), source="deep.efg")
    msg = str(info.value)
    assert msg.startswith("deep.efg, line ") and "\n" not in msg
    assert f"more than {MAX_EFG_NODES:,} nodes, the most a .efg file may hold" in msg
    assert ".nfg" not in msg


def test_a_wide_chance_node_is_refused_while_its_actions_are_read():
    n = 3 * MAX_EFG_NODES
    probs = " ".join(f'"c{k}" 1/{n}' for k in range(n))
    text = f'EFG 2 R "" {{ "A" }} c "" 1 "" {{ {probs} }} 0 ' + 't "" 1 "" { 1 } ' * n
    with pytest.raises(GameFileError, match=r"a node with more than [\d,]+ actions makes more"):
        parse_efg(text, source="wide.efg")


def test_too_many_players_are_refused():
    names = " ".join(f'"P{k}"' for k in range(MAX_EFG_PLAYERS + 5))
    with pytest.raises(GameFileError, match=f"more than {MAX_EFG_PLAYERS:,} players"):
        parse_efg(f'EFG 2 R "" {{ {names} }} t "" 1 "" {{ 1 }}')


def test_a_garbage_tail_after_a_refusal_is_never_lexed(monkeypatch):
    # the reader lexes as far as it parses: an error at the first node does not wait
    # for (or report on) a huge rest of the file
    from gametheory.io import nfg

    lexed = []
    real = nfg._Parser._lex

    def counting(self, text):
        for tok in real(self, text):
            lexed.append(tok)
            yield tok

    monkeypatch.setattr(nfg._Parser, "_lex", counting)
    text = 'EFG 2 R "" { "A" } x' + ' "junk"' * 500_000
    with pytest.raises(GameFileError, match="line 1: expected a node type p, c or t"):
        parse_efg(text)
    assert len(lexed) < 20


def test_the_reduced_normal_form_is_refused_before_any_strategy_is_listed(monkeypatch):
    game = parse_efg(chain(600))
    listed = []
    monkeypatch.setattr(convert, "reduced_strategies", lambda *a: listed.append(a) or ())
    with pytest.raises(BudgetError, match=r"301 x 301 strategies, 601 terminal nodes\) needs"):
        convert.reduced_normal_form(game)
    assert listed == []


def test_tree_logit_is_refused_past_its_budget_before_the_first_step():
    game = parse_efg(chain(40))
    with pytest.raises(BudgetError, match=f"more than the limit of {MAX_LOGIT_WORK:,}; use method"):
        agent_logit(game)


@pytest.mark.parametrize("name", ["entry_deterrence", "selten_horse", "kuhn_poker", "beer_quiche"])
def test_interned_histories_match_the_path(name):
    game = getattr(classics, name)()
    for node in game.nodes:
        for i, player in enumerate(game.players):
            want = tuple(
                (parent.infoset, a)
                for parent, a in game.path(node)
                if parent.is_decision and parent.player == player
            )
            assert game.move_history(node, i) == want
            assert game.last_move(node, i) == (want[-1] if want else None)
            assert game.history_length(node, player) == len(want)


def test_a_deep_chain_has_perfect_recall_and_linear_histories():
    game = parse_efg(chain(3000))
    assert game.has_perfect_recall
    last = game.nodes[-1]
    assert game.history_length(last, 0) == 1500
    assert [convert.count_reduced_strategies(game, i) for i in range(2)] == [1501, 1501]


def test_reduced_strategies_of_a_chain_are_the_stopping_times():
    game = parse_efg(chain(9))
    got = convert.reduced_strategies(game, 0)
    assert len(got) == convert.count_reduced_strategies(game, 0) == 6
    # stop at the k-th own node: G before it, S there, nothing after
    assert got[0] == (0, None, None, None, None)
    assert got[-1] == (1, 1, 1, 1, 1)
    rnf = convert.reduced_normal_form(game)
    assert rnf.game.shape == (6, 5)


def test_the_max_equilibria_warning_names_the_python_option():
    game = NormalFormGame.from_bimatrix(np.zeros((5, 5)), np.zeros((5, 5)))
    res = pure_equilibria(game, max_equilibria=3)
    assert len(res) == 3 and not res.complete
    assert "raise max_equilibria to see more" in res.warnings[0]


def _tree_header(model_id: str) -> list[str]:
    """The lines of a tree model with players A and B and one parameter p in [0, 1]."""
    return [
        "format = 1",
        "[model]",
        f'id = "{model_id}"',
        f'title = "{model_id}"',
        'form = "tree"',
        "[players.A]",
        "[players.B]",
        "[parameters.p]",
        "value = 0.5",
        "low = 0",
        "high = 1",
        'unit = "u"',
        'meaning = "m"',
        'judgement = "j"',
    ]


def _tree_model_chain(depth: int) -> str:
    out = _tree_header("chain")
    for k in range(depth):
        nxt = f"n{k + 1}" if k + 1 < depth else "end"
        out += [
            f"[nodes.{'root' if k == 0 else f'n{k}'}]",
            f'player = "{"AB"[k % 2]}"',
            f'infoset = "i{k}"',
            f'moves = {{ stop = "o{k}", go = "{nxt}" }}',
            f"[outcomes.o{k}]",
            f'A = "p * {k}"',
            f'B = "{-k}"',
        ]
    out += ["[outcomes.end]", 'A = "0"', 'B = "0"']
    return "\n".join(out) + "\n"


def test_a_tree_model_thousands_deep_is_built_and_evaluated_without_recursion():
    # 600 decisions deep (1,201 nodes, inside the 5,000-node budget): building the
    # game, bounding its normal form and batch backward induction were recursive
    # (RecursionError, an internal error, from about 500 deep)
    from gametheory.models import parse_model_text

    model = parse_model_text(_tree_model_chain(600), source="chain.toml")
    game = model.game()
    assert len(game.nodes) == 1201
    assert model.reduced_profiles_bound() == 301 * 301
    out = model.evaluator()(np.array([[0.5], [0.25]]))
    assert out.ok.all() and out.payoffs.shape[0] == 2


def test_a_tree_model_with_too_many_outcomes_is_refused_before_parsing_them():
    from gametheory.budget import BudgetError
    from gametheory.models import parse_model_text

    text = _tree_model_chain(2) + "".join(
        f'[outcomes.extra{k}]\nA = "1"\nB = "1"\n' for k in range(6000)
    )
    with pytest.raises(BudgetError, match="6,003 outcomes, more than the limit of 5,000"):
        parse_model_text(text, source="chain.toml")


def test_a_sample_tied_everywhere_is_skipped_before_branching(monkeypatch):
    # at p = 0 every one of A's choices ties: 2^ties subgame-perfect equilibria; the
    # branching (and the exact solver after it) took minutes 600 deep. The sample is
    # skipped with its reason, never guessed, and the other samples are answered
    from gametheory.models import parse_model_text, tree_batch
    from gametheory.models.tree_batch import MAX_TIE_WORK, UNDETERMINED

    model = parse_model_text(_tree_model_chain(600), source="chain.toml")
    monkeypatch.setattr(tree_batch, "_backward", _counting(tree_batch._backward, calls := []))
    out = model.evaluator()(np.array([[0.0], [0.5]]))
    assert out.undetermined.tolist() == [True, False]
    assert out.n_equilibria.tolist() == [0, 1] and out.ok.tolist() == [False, True]
    assert out.labels()[0] == out.set_labels()[0] == out.action_labels("A")[0] == UNDETERMINED
    assert np.isnan(out.payoffs[0]).all() and np.isfinite(out.payoffs[1]).all()
    msg = out.reasons[0]
    assert "\n" not in msg and msg.startswith("chain: at p=0, 300 information sets tie")
    assert "(up to 2^300 passes over 1,201 nodes) needs about 10^93" in msg
    assert f"more than the limit of {MAX_TIE_WORK:,}; keep the parameters away" in msg
    assert len(calls) == 1  # only the first, unbranched pass ran


def test_a_sweep_through_an_all_tie_point_answers_the_rest_and_names_it():
    from gametheory.models import parse_model_text
    from gametheory.sensitivity import sweep

    model = parse_model_text(_tree_model_chain(600), source="chain.toml")
    frame = sweep(model, "p", steps=5)
    assert frame["equilibrium set"].tolist()[0] == "(undetermined)"
    assert frame["ok"].tolist() == [False, True, True, True, True]
    assert frame.attrs["warnings"] == [
        "1 of 5 samples skipped as undetermined (listing their subgame-perfect equilibria "
        "is past its budget; reported as undetermined, never guessed): at p=0"
    ]


def test_thresholds_never_place_a_change_on_a_skipped_sample_silently():
    # p < 0: A stops at once; p > 0: A goes on; p = 0 (a grid point): every choice ties
    from gametheory.models import parse_model_text
    from gametheory.sensitivity import critical_thresholds

    text = _tree_model_chain(60).replace("low = 0", "low = -1")
    model = parse_model_text(text, source="chain.toml")
    frame = critical_thresholds(model, steps=41)
    assert len(frame) == 1
    row = frame.iloc[0]
    # bracketed by the determined points either side and not narrowed through p = 0
    assert row["threshold"] == pytest.approx(0.0, abs=1e-12)
    assert "A stop" in row["changes"] and "A go" in row["changes"]
    assert any(
        n.startswith("1 of 41 samples skipped as undetermined") for n in frame.attrs["notes"]
    )
    assert any("at p=0" in n for n in frame.attrs["notes"])


def test_a_few_ties_are_still_listed_in_full():
    # 8 deep at p = 0: A ties at its 4 choices; every combination is subgame perfect
    from gametheory.models import parse_model_text

    model = parse_model_text(_tree_model_chain(8), source="chain.toml")
    out = model.evaluator()(np.array([[0.0], [0.5]]))
    assert out.n_equilibria.tolist() == [16, 1]
    assert len(set(out.set_labels()[0].split("; "))) == 16


def _counting(fn, calls):
    def wrapped(*a, **k):
        calls.append(1)
        return fn(*a, **k)

    return wrapped


def test_a_formula_becomes_a_sympy_expression_once_per_reading(monkeypatch):
    # the loader, the model and the compiler each asked for every payoff's expression:
    # three sympy builds per formula were most of a deep tree model's load time
    from gametheory.models import expr, parse_model_text

    built = []
    real = expr._Walker.__init__

    def counting(self, *a, **k):
        built.append(1)
        real(self, *a, **k)

    monkeypatch.setattr(expr._Walker, "__init__", counting)
    model = parse_model_text(_tree_model_chain(40), source="chain.toml")
    assert len(built) == 2 * 41  # two players' payoffs at 41 outcomes, once each
    assert model.evaluator()(np.array([[0.5]])).n_equilibria.tolist() == [1]


def test_too_many_samples_of_a_deep_tree_are_refused_before_the_first(monkeypatch):
    # samples x (nodes + outcome columns): 4,096 samples of a 1,600-deep chain ran
    # past a minute; the budget is checked before any sample is evaluated
    from gametheory.models import parse_model_text, tree_batch
    from gametheory.sensitivity import ParameterSpace, evaluate_samples, monte_carlo_samples

    model = parse_model_text(_tree_model_chain(30), source="chain.toml")
    per = len(model.nodes) + len(model.player_ids)  # 61 nodes, 2 players + 30 sets
    assert per == 93
    monkeypatch.setattr(tree_batch, "MAX_TREE_SAMPLE_WORK", 93 * 10)
    monkeypatch.setattr(tree_batch, "_backward", _counting(tree_batch._backward, calls := []))
    design = monte_carlo_samples(ParameterSpace.from_model(model), 11, rng=0)
    with pytest.raises(BudgetError) as info:
        evaluate_samples(model, design, workers=1)
    msg = str(info.value)
    assert "\n" not in msg and calls == []
    assert msg == (
        "chain: evaluating the design (11 samples of a tree with 61 nodes and 32 outcome "
        "columns) needs 1,023 node and column evaluations, more than the limit of 930; "
        "draw fewer samples (at most 10 evaluations of this tree), or use a smaller tree"
    )
    ten = monte_carlo_samples(ParameterSpace.from_model(model), 10, rng=0)
    assert len(evaluate_samples(model, ten, workers=1)) == 10  # at the limit: evaluated
    assert len(calls) >= 1


@pytest.mark.parametrize("limit", [20, 21])
def test_the_node_budget_counts_the_nodes_of_the_tree(monkeypatch, limit):
    # a chain 10 deep has 21 nodes (10 decisions, 11 outcomes); the count was node
    # tables plus moves (30), refusing trees well inside the limit
    from gametheory.models import parse_model_text, tree_loader

    monkeypatch.setattr(tree_loader, "MAX_TREE_NODES", limit)
    text = _tree_model_chain(10)
    if limit == 21:
        assert len(parse_model_text(text, source="chain.toml").nodes) == 21
    else:
        with pytest.raises(BudgetError, match="the tree needs 21 nodes, more than the limit of 20"):
            parse_model_text(text, source="chain.toml")


def test_branching_past_its_pass_limit_stops_with_one_line(monkeypatch):
    # ties that appear only inside branches escape the up-front count; the branch
    # search itself stops at 4 * MAX_TIE_WORK / nodes passes (here 8: 16 equilibria
    # need 31)
    from gametheory.models import parse_model_text, tree_batch

    model = parse_model_text(_tree_model_chain(8), source="chain.toml")
    monkeypatch.setattr(tree_batch, "MAX_TIE_WORK", 2 * 17)
    monkeypatch.setattr(tree_batch.TreeEvaluator, "_check_ties", lambda self, P, t: None)
    with pytest.raises(BudgetError) as info:
        model.evaluator()(np.array([[0.0]]))
    msg = str(info.value)
    assert "\n" not in msg
    assert msg.startswith("chain: listing the subgame-perfect equilibria by branching at ties")
    assert "needs more than 8 passes over 17 nodes" in msg


def test_solve_refuses_a_tree_tied_everywhere_before_the_first_subgame(monkeypatch):
    # at p = 0 every one of A's 300 choices ties: the solver counted its assignments as
    # it built them and ran seconds before refusing; the count is now predicted first
    from gametheory.extensive import spe
    from gametheory.models import parse_model_text

    model = parse_model_text(_tree_model_chain(600), source="chain.toml")
    monkeypatch.setattr(spe._State, "solve", _counting(spe._State.solve, calls := []))
    with pytest.raises(BudgetError) as info:
        model.with_params({"p": 0.0}).solve()
    msg = str(info.value)
    assert "\n" not in msg and calls == []
    assert msg.startswith(
        "listing the subgame-perfect equilibria of this tree (1,201 nodes; 300 decision "
        "nodes tie at a first backward-induction pass) needs 180,143,799 assignments"
    )
    assert f"more than the limit of {spe.MAX_SPE_WORK:,}; move the parameters or" in msg
    assert msg.endswith("on a smaller tree use method 'lcp' (one equilibrium) or 'logit'")


@pytest.mark.parametrize(("depth", "p"), [(8, 0.0), (40, 0.0), (120, 0.0), (120, 0.5)])
def test_the_estimate_is_the_solvers_own_count_when_ties_do_not_move(depth, p):
    # A is indifferent everywhere at p = 0 and B's choices never depend on A's: the
    # predicted count equals the one the solver keeps
    from gametheory.extensive import spe
    from gametheory.extensive.spe_estimate import estimated_spe_work
    from gametheory.models import parse_model_text

    game = parse_model_text(_tree_model_chain(depth), source="c.toml").with_params({"p": p})
    game = game.game(exact=True)
    state = spe._State(game, True, 1000)
    state.solve(0)
    work, ties = estimated_spe_work(game, cap=1000)
    assert work == state.work
    assert ties == (depth // 2 if p == 0 else 0)


def test_a_chain_thousands_deep_is_solved_and_checked_in_linear_passes():
    # subgame perfection was re-checked by cutting out each of the 2,400 subgames
    # (quadratic: refused past 2,000,000 node visits; 600 deep took a minute)
    from gametheory.models import parse_model_text

    model = parse_model_text(_tree_model_chain(2400), source="chain.toml")
    res = model.solve()
    assert res.complete and len(res) == 1
    # B stops at once (its payoff falls the longer play goes), so A goes once, then B stops
    assert res[0].payoffs == {"A": 0.5, "B": -1}
    assert res[0].properties["subgame_regret"] == 0


def _random_tree(rng, depth):
    from fractions import Fraction

    from gametheory.extensive import chance, decision, terminal

    if depth == 0 or rng.random() < 0.2:
        return terminal([int(x) for x in rng.integers(-3, 4, 3)])
    if rng.random() < 0.15:
        kids = (_random_tree(rng, depth - 1), _random_tree(rng, depth - 1))
        return chance({"h": (Fraction(1, 3), kids[0]), "t": (Fraction(2, 3), kids[1])})
    moves = {f"a{j}": _random_tree(rng, depth - 1) for j in range(int(rng.integers(2, 4)))}
    return decision("ABC"[int(rng.integers(3))], moves)


def test_perfect_information_subgame_regret_matches_cutting_out_every_subgame():
    # oracle: the definition (each subgame cut out, Nash regret there), on random
    # three-player trees with chance moves and random exact mixed behaviour
    from fractions import Fraction

    from gametheory.extensive import ExtensiveFormGame, decision, subgames
    from gametheory.extensive.evaluate import player_regrets

    rng = np.random.default_rng(7)
    nonzero = 0
    for _ in range(60):
        root = decision("A", {"l": _random_tree(rng, 4), "r": _random_tree(rng, 4)})
        game = ExtensiveFormGame.from_tree(root, players=["A", "B", "C"])
        assert game.is_perfect_information

        def vec(m):
            w = rng.integers(0, 3, m) + (np.arange(m) == 0)
            return tuple(Fraction(int(a), int(w.sum())) for a in w)

        beh = tuple(tuple(vec(len(s.actions)) for s in sets) for sets in game.infosets)
        want = max(max(player_regrets(*_cut(game, r, beh))) for r in subgames.subgame_roots(game))
        got = subgames.subgame_regret(game, beh)
        assert got == want
        nonzero += got > 0
    assert nonzero > 30  # the check sees regrets, not only zeros


def _cut(game, r, beh):
    from gametheory.extensive import subgames

    if r == 0:
        return game, beh
    sub, node_map = subgames.subtree_game(game, r)
    return sub, subgames.restrict_behavior(game, sub, node_map, beh)


def _random_stages(rng, depth, counter):
    """Random trees with simultaneous moves (the second mover's two nodes share an
    information set) and chance moves, so they have subgames and information sets."""
    from fractions import Fraction

    from gametheory.extensive import chance, decision, terminal

    if depth <= 0 or rng.random() < 0.15:
        return terminal([int(x) for x in rng.integers(-3, 4, 3)])
    kind = rng.random()
    if kind < 0.15:
        kids = (_random_stages(rng, depth - 1, counter), _random_stages(rng, depth - 1, counter))
        return chance({"h": (Fraction(1, 3), kids[0]), "t": (Fraction(2, 3), kids[1])})
    first, second = (str(x) for x in rng.choice(list("ABC"), 2, replace=False))
    if kind < 0.55:
        moves = {f"a{j}": _random_stages(rng, depth - 1, counter) for j in range(2)}
        return decision(first, moves)
    counter[0] += 1
    label = f"s{counter[0]}"
    return decision(
        first,
        {
            a: decision(
                second,
                {b: _random_stages(rng, depth - 2, counter) for b in ("l", "r")},
                infoset=label,
            )
            for a in ("x", "y")
        },
    )


def test_subgame_regret_with_information_sets_matches_cutting_out_every_subgame():
    # oracle: the definition (each subgame cut out whole, Nash regret there) against the
    # one pass that replaces inner subgames by their best-response values
    from fractions import Fraction

    from gametheory.extensive import ExtensiveFormGame, decision, subgames
    from gametheory.extensive.evaluate import player_regrets

    rng = np.random.default_rng(11)
    nonzero = imperfect = 0
    for _ in range(60):
        counter = [0]
        root = decision(
            "A", {"l": _random_stages(rng, 5, counter), "r": _random_stages(rng, 5, counter)}
        )
        game = ExtensiveFormGame.from_tree(root, players=["A", "B", "C"])
        imperfect += not game.is_perfect_information

        def vec(m):
            w = rng.integers(0, 3, m) + (np.arange(m) == 0)
            return tuple(Fraction(int(a), int(w.sum())) for a in w)

        beh = tuple(tuple(vec(len(s.actions)) for s in sets) for sets in game.infosets)
        want = max(max(player_regrets(*_cut(game, r, beh))) for r in subgames.subgame_roots(game))
        got = subgames.subgame_regret(game, beh)
        assert got == want
        nonzero += got > 0
    assert imperfect > 40 and nonzero > 30


def _stages_model(n: int) -> str:
    """A chain of ``n`` simultaneous-move stages: B's information set is split by A's
    move, so the analyses solve it sample by sample (each stage has one equilibrium)."""
    out = _tree_header("stages")
    for k in range(n):
        nxt = f"a{k + 1}" if k + 1 < n else "end"
        out += [
            f"[nodes.{'root' if k == 0 else f'a{k}'}]",
            'player = "A"',
            f'infoset = "a{k}"',
            f'moves = {{ L = "bl{k}", R = "br{k}" }}',
            f"[nodes.bl{k}]",
            'player = "B"',
            f'infoset = "b{k}"',
            f'moves = {{ l = "{nxt}", r = "o{k}r" }}',
            f"[nodes.br{k}]",
            'player = "B"',
            f'infoset = "b{k}"',
            f'moves = {{ l = "o{k}x", r = "o{k}y" }}',
            f"[outcomes.o{k}r]",
            'A = "p - 0.5"',
            f'B = "{2 + k}"',
            f"[outcomes.o{k}x]",
            'A = "-2"',
            'B = "-1"',
            f"[outcomes.o{k}y]",
            'A = "-1"',
            'B = "p"',
        ]
    out += ["[outcomes.end]", 'A = "1"', 'B = "0.5"']
    return "\n".join(out) + "\n"


def test_trees_solved_sample_by_sample_are_budgeted_before_the_first(monkeypatch):
    # 1,024 samples of a 181-node tree that cannot be solved in one batch took 90 s:
    # samples x nodes is checked before the first sample
    from gametheory.extensive import spe
    from gametheory.models import parse_model_text
    from gametheory.models.tree_batch import MAX_TREE_SOLVE_WORK, _decomposable
    from gametheory.sensitivity import ParameterSpace, evaluate_samples, monte_carlo_samples

    model = parse_model_text(_stages_model(30), source="stages.toml")
    assert len(model.nodes) == 181 and not _decomposable(model)
    monkeypatch.setattr(spe, "subgame_perfect", _counting(spe.subgame_perfect, calls := []))
    n = MAX_TREE_SOLVE_WORK // 181 + 1
    design = monte_carlo_samples(ParameterSpace.from_model(model), n, rng=0)
    with pytest.raises(BudgetError) as info:
        evaluate_samples(model, design, workers=1)
    msg = str(info.value)
    assert "\n" not in msg and calls == []
    assert msg == (
        f"stages: evaluating the design ({n} samples of a 181-node tree, each solved on its "
        "own: an information set is split by a player's move, so the samples cannot be "
        f"solved together) needs {n * 181:,} node solves, more than the limit of "
        f"{MAX_TREE_SOLVE_WORK:,}; draw fewer samples (at most {n - 1} of this tree), or use "
        "a smaller tree"
    )


def test_a_stage_chain_is_solved_sample_by_sample_with_one_equilibrium_each():
    from gametheory.models import parse_model_text

    model = parse_model_text(_stages_model(30), source="stages.toml")
    out = model.evaluator()(np.array([[0.2], [0.8]]))
    assert out.n_equilibria.tolist() == [1, 1]
    # B continues at every stage (the next stage pays it more), A plays L, and the last
    # stage ends with B's r: A gets p - 0.5
    np.testing.assert_allclose(out.payoffs[:, 0], [-0.3, 0.3])


def test_many_candidate_equilibria_are_verified_up_to_the_check_limit():
    # B indifferent at every stage (its r pays 1, as the stage after it): two
    # subgame-perfect equilibria a stage, 1,000 candidates (the cap) x 181 nodes; each
    # verification is a pass over the tree, so the first 40,000 // 181 = 220 are
    # verified and listed, and the list says it is not complete
    from gametheory.extensive.spe import MAX_SPE_CHECK, subgame_perfect
    from gametheory.models import parse_model_text

    text = "\n".join(
        'B = "1"' if line.startswith('B = "') and line[5:-1].isdigit() else line
        for line in _stages_model(30).splitlines()
    )
    game = parse_model_text(text, source="stages.toml").with_params({"p": 0.3}).game(exact=False)
    res = subgame_perfect(game, exact=False)
    assert len(game.nodes) == 181
    assert len(res) == MAX_SPE_CHECK // 181 and not res.complete
    assert any("the first 220 were verified" in w for w in res.warnings)
    assert all(e.regret == 0 for e in res)


def test_a_sample_with_hundreds_of_equilibria_is_skipped_before_verifying_them(monkeypatch):
    # each verification is a pass over the tree (seconds for hundreds of candidates):
    # the analyses ask for at most MAX_BRANCHES and skip the sample past that
    from gametheory.extensive import spe
    from gametheory.models import parse_model_text
    from gametheory.models.tree_batch import MAX_BRANCHES

    text = "\n".join(
        'B = "1"' if line.startswith('B = "') and line[5:-1].isdigit() else line
        for line in _stages_model(30).splitlines()
    )
    model = parse_model_text(text, source="stages.toml")
    monkeypatch.setattr(spe, "subgame_regret", _counting(spe.subgame_regret, calls := []))
    out = model.evaluator()(np.array([[0.3]]))
    assert out.undetermined.tolist() == [True] and calls == []
    assert out.reasons[0] == (
        "stages: at p=0.3: backward induction finds more than 1,000 candidate "
        f"subgame-perfect equilibria, more than the {MAX_BRANCHES:,} asked for"
    )


def test_outcome_shares_count_skipped_samples_as_undetermined_not_as_no_equilibrium():
    # a sample skipped past a budget is not known to lack an equilibrium: the shares say
    # "(undetermined)", and the one-line note names it
    from gametheory.models import parse_model_text
    from gametheory.sensitivity import ParameterSpace, outcome_shares
    from gametheory.sensitivity._common import evaluate_points
    from gametheory.sensitivity.outcomes import undetermined_note

    model = parse_model_text(_tree_model_chain(600), source="chain.toml")
    space = ParameterSpace.from_model(model)
    table = evaluate_points(model, space, np.array([[0.0], [0.5], [0.75]]))
    shares = outcome_shares(table)
    counts = dict(zip(shares["outcome"], shares["count"], strict=True))
    assert counts["(undetermined)"] == 1
    assert "(no equilibrium)" not in counts
    assert sum(counts.values()) == 3
    note = undetermined_note(table)
    assert note is not None and note.startswith("1 of 3 samples skipped as undetermined")
    # an outcome's value there is missing, not 0: whether A goes on is not known
    from gametheory.sensitivity import parse_outcome

    went = parse_outcome("A=go", players=table.players).values(table.arrays)
    assert np.isnan(went[0]) and went[1:].tolist() == [1.0, 1.0]


def test_a_region_map_names_its_skipped_grid_points():
    from gametheory.models import parse_model_text
    from gametheory.sensitivity import region_map

    text = _tree_model_chain(600).replace(
        '[outcomes.end]\nA = "0"\nB = "0"', '[outcomes.end]\nA = "0"\nB = "r"'
    )
    text = text.replace(
        "[parameters.p]",
        '[parameters.r]\nvalue = 0.5\nlow = 0\nhigh = 1\nunit = "u"\nmeaning = "m"\n'
        'judgement = "j"\n[parameters.p]',
    )
    frame = region_map(parse_model_text(text, source="chain.toml"), "p", "r", steps=3).to_frame()
    assert (frame["equilibrium set"] == "(undetermined)").sum() == 3  # p = 0, any r
    [note] = frame.attrs["warnings"]
    assert note.startswith("3 of 9 samples skipped as undetermined")
