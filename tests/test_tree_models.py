"""Tree models (``form = "tree"``): loading, one-line errors, the built tree, solving, the
batched evaluator against the exact solver, thresholds against brute force, budgets."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from gametheory.budget import BudgetError
from gametheory.errors import ModelError
from gametheory.extensive import ExtensiveFormGame, chance, decision, terminal
from gametheory.models import load_model, parse_model_text
from gametheory.models.tree_model import TreeModel

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"


def format_example() -> str:
    """The TOML example of the "Game trees" section of models/FORMAT.md."""
    text = (MODELS / "FORMAT.md").read_text(encoding="utf-8")
    section = text[text.index("## Game trees") :]
    return re.search(r"```toml\n(.*?)```", section, re.S).group(1)


def same_tree(a: ExtensiveFormGame, b: ExtensiveFormGame) -> bool:
    """Equal trees up to node labels and outcome names (the model labels its nodes by id)."""

    def key(g: ExtensiveFormGame) -> tuple:
        nodes = tuple(
            (n.kind, n.children, n.player, n.infoset, n.actions, n.probabilities, n.payoffs)
            for n in g.nodes
        )
        sets = tuple(tuple((s.label, s.actions, s.nodes) for s in ss) for ss in g.infosets)
        return g.players, nodes, sets

    return key(a) == key(b)


@pytest.fixture(scope="module")
def probe() -> TreeModel:
    return parse_model_text(format_example(), source="FORMAT.md")


# ----------------------------------------------------------------------- loading
def test_format_example_loads_and_matches_the_hand_built_tree(probe: TreeModel) -> None:
    assert probe.form == "tree" and probe.player_ids == ("Defender", "Challenger", "probe")
    F = Fraction
    by_hand = ExtensiveFormGame.from_tree(
        chance(
            {
                "tough": (
                    F(2, 5),
                    decision(
                        "Challenger",
                        {
                            "probe": decision(
                                "Defender",
                                {
                                    "fight": terminal([F(-1, 2), -2]),
                                    "yield": terminal([-1, 1]),
                                },
                                infoset="respond_tough",
                            ),
                            "wait": terminal([0, 0]),
                        },
                        infoset="probe",
                    ),
                ),
                "weak": (
                    F(3, 5),
                    decision(
                        "Challenger",
                        {
                            "probe": decision(
                                "Defender",
                                {"fight": terminal([-2, -2]), "yield": terminal([-1, 1])},
                                infoset="respond_weak",
                            ),
                            "wait": terminal([0, 0]),
                        },
                        infoset="probe",
                    ),
                ),
            }
        ),
        players=["Defender", "Challenger"],
        title=probe.title,
    )
    assert same_tree(probe.game(), by_hand)
    moved = probe.with_params(p_tough=0.25, war_cost=3).game()
    assert moved.root.probabilities == (F(1, 4), F(3, 4))
    assert moved.terminal_nodes[0].payoffs == (F(-1, 2), F(-3))
    assert same_tree(probe.game(), by_hand)  # with_params left the model alone


def test_format_example_threshold_is_the_hand_derived_one(probe: TreeModel) -> None:
    from gametheory.sensitivity import critical_thresholds

    frame = critical_thresholds(probe, params=["p_tough"], workers=1)
    war_cost = probe.parameters["war_cost"].value
    assert len(frame) == 1
    assert frame["threshold"].iloc[0] == pytest.approx(1 / (1 + war_cost), abs=1e-5)
    # brute force: the batched outcome on a grid flips exactly there
    grid = np.linspace(0, 1, 401)
    out = probe.evaluator()({"p_tough": grid})
    probes = out.action_labels("probe") == "probe"
    assert (probes == (grid < 1 / (1 + war_cost) - 1e-9))[np.abs(grid - 1 / 3) > 1e-6].all()


@pytest.mark.parametrize("name", ["entry_deterrence", "taiwan_ambiguity"])
def test_model_files_load_as_trees(name: str) -> None:
    m = load_model(MODELS / f"{name}.toml")
    assert isinstance(m, TreeModel) and m.id == name
    g = m.game()
    assert g.has_perfect_recall
    assert [n.index for n in g.nodes] == [n.index for n in m.nodes]
    assert [n.label for n in g.nodes] == [n.id for n in m.nodes]


def test_entry_deterrence_round_trip_and_solutions() -> None:
    m = load_model(MODELS / "entry_deterrence.toml")
    by_hand = ExtensiveFormGame.from_tree(
        decision(
            "Entrant",
            {
                "out": terminal([0, 2]),
                "in": decision(
                    "Incumbent",
                    {"fight": terminal([-1, 0]), "accommodate": terminal([1, 1])},
                    infoset="respond",
                ),
            },
            infoset="enter",
        ),
        players=["Entrant", "Incumbent"],
        title=m.title,
    )
    assert same_tree(m.game(), by_hand)
    spe = m.solve()
    assert [e.label() for e in spe] == ["Entrant in / Incumbent accommodate"]
    nash = m.solve(method="enumerate", exact=True)
    labels = {e.label() for e in nash}
    assert "Entrant out / Incumbent fight" in labels  # the non-credible threat
    for res in (spe, nash):
        assert all(e.regret <= 1e-9 * m.game().payoff_scale for e in res)
    assert [e.label() for e in m.with_params(fight_cost=0.5).solve()] == [
        "Entrant out / Incumbent fight"
    ]


# ------------------------------------------------------------------ bad files
def _bad(old: str, new: str) -> str:
    text = format_example()
    assert old in text, old
    return text.replace(old, new, 1)


BAD = [
    (
        "unknown key",
        'moves = { tough = "vs_tough", weak = "vs_weak" }',
        'moves = { tough = "vs_tough", weak = "vs_weak" }\nplayr = "x"',
        "nodes.root.playr",
    ),
    ("no root", "[nodes.root]", "[nodes.start]", "nodes.root"),
    (
        "unknown target",
        'wait = "status_quo" }\nmeanings',
        'wait = "status_kwo" }\nmeanings',
        "nodes.vs_tough.moves.wait",
    ),
    (
        "two parents",
        'moves = { probe = "weak_probed"',
        'moves = { probe = "tough_probed"',
        "already reached",
    ),
    (
        "infoset actions",
        'moves = { probe = "weak_probed", wait = "status_quo" }',
        'moves = { probe = "weak_probed", hold = "status_quo" }',
        "nodes.vs_weak.infoset",
    ),
    (
        "unknown player",
        'player = "Defender"\ninfoset = "respond_weak"',
        'player = "Defendr"\ninfoset = "respond_weak"',
        "nodes.weak_probed.player",
    ),
    (
        "probability range",
        'high = 1.0\nunit = "probability"',
        'high = 1.5\nunit = "probability"',
        "nodes.root.chance",
    ),
    ("probability sum", 'weak = "1 - p_tough" }', 'weak = "1.1 - p_tough" }', "nodes.root.chance"),
    (
        "missing payoff",
        'Defender = "-1"\nChallenger = "1"',
        'Defender = "-1"',
        "outcomes.conceded.Challenger",
    ),
    (
        "two kinds",
        'player = "Defender"\ninfoset = "respond_tough"',
        'player = "Defender"\npayoffs = {Defender = "1", Challenger = "1"}\ninfoset = "respond_tough"',
        "nodes.tough_probed",
    ),
    (
        "code",
        'Challenger = "-war_cost"',
        "Challenger = \"__import__('os')\"",
        "outcomes.fight.Challenger",
    ),
    (
        "unused parameter",
        "[nodes.root]",
        '[parameters.spare]\nvalue = 1\nlow = 0\nhigh = 2\nunit = "u"\nmeaning = "m"\njudgement = "j"\n\n[nodes.root]',
        "parameters.spare",
    ),
    (
        "indexed parameter",
        'unit = "probability"',
        'unit = "probability"\nper = "Defender"',
        "parameters.p_tough.per",
    ),
    ("analysis", 'decisions = ["probe"]', 'decisions = ["prob"]', "analysis.decisions"),
    ("no source", 'judgement = "Twice the prize."', "", "parameters.war_cost"),
]


@pytest.mark.parametrize(("old", "new", "field"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_tree_files_give_one_line_errors_naming_the_field(
    old: str, new: str, field: str
) -> None:
    with pytest.raises(ModelError) as info:
        parse_model_text(_bad(old, new), source="bad.toml")
    message = str(info.value)
    assert "\n" not in message and message.startswith("bad.toml")
    assert field in message


def test_chance_checked_at_every_evaluated_sample(probe: TreeModel) -> None:
    wide = probe.with_params(p_tough=1.0)
    ev = wide.evaluator()
    with pytest.raises(ModelError, match=r"nodes\.root\.chance: probabilities tough 1\.2"):
        ev({"p_tough": [0.5, 1.2]})


# --------------------------------------------------------------------- budgets
def _wide_tree(width: int, depth_sets: int) -> str:
    """A tree where player A moves at ``depth_sets`` information sets of ``width`` actions."""
    lines = [
        "format = 1",
        "[model]",
        'id = "wide"',
        'title = "Wide"',
        'form = "tree"',
        "[players.A]",
        "[players.B]",
        "[parameters.x]",
        "value = 1",
        "low = 0",
        "high = 2",
        'unit = "u"',
        'meaning = "m"',
        'judgement = "j"',
        "[outcomes.end]",
        'A = "x"',
        'B = "0"',
    ]
    prev = "root"
    for k in range(depth_sets):
        nxt = f"n{k + 1}" if k + 1 < depth_sets else "end"
        moves = ", ".join(f'a{j} = "{nxt if j == 0 else "end"}"' for j in range(width))
        lines += [
            f"[nodes.{prev}]",
            f'player = "{"AB"[k % 2]}"',
            f'infoset = "s{k}"',
            f"moves = {{ {moves} }}",
        ]
        prev = nxt
    return "\n".join(lines) + "\n"


def test_node_budget_is_checked_before_building() -> None:
    with pytest.raises(BudgetError, match="5,000") as info:
        parse_model_text(_wide_tree(2600, 2), source="wide.toml")
    assert "\n" not in str(info.value)


def test_reduced_normal_form_budget_for_enumerate() -> None:
    m = parse_model_text(_wide_tree(15, 4), source="wide.toml")
    assert m.reduced_profiles_bound() > 200
    with pytest.raises(BudgetError, match="reduced normal form"):
        m.solve(method="enumerate")
    assert len(m.solve()) >= 1  # spe needs no normal form


def test_solve_refuses_unknown_options(probe: TreeModel) -> None:
    with pytest.raises(ModelError, match="unknown method 'nash'"):
        probe.solve(method="nash")
    with pytest.raises(ModelError, match="exact must be True or False"):
        probe.solve(exact="yes")


# ----------------------------------------------- batched evaluator vs exact solver
@pytest.mark.parametrize("name", ["entry_deterrence", "taiwan_ambiguity"])
def test_batched_outcomes_equal_the_exact_subgame_perfect_solver(name: str) -> None:
    """The vectorised backward induction (ties branched) and the exact SPE solver, sample by
    sample, find the same set of pure equilibria; half the draws sit on a tie."""
    m = load_model(MODELS / f"{name}.toml")
    ev = m.evaluator()
    assert ev.fast
    rng = np.random.default_rng(0)
    b = m.bounds()
    P = b[:, 0] + rng.random((40, len(b))) * (b[:, 1] - b[:, 0])
    P[::2] = np.round(P[::2] * 4) / 4  # quarter values: ties (structural or exact) occur
    P = np.clip(P, b[:, 0], b[:, 1])
    batch = ev(P)
    ties = 0
    for s in range(len(P)):
        label, sets, n_eq, cols, pay = ev._solve_one(P[s])
        pure = [x for x in sets.split("; ") if "mixed(" not in x]
        assert sorted(set(batch.set_labels()[s].split("; "))) == sorted(set(pure)), s
        assert batch.payoffs[s, : len(m.players)] == pytest.approx(pay) or batch.n_equilibria[s] > 1
        ties += batch.n_equilibria[s] > 1
    assert ties > 0


def test_payoff_columns_are_expected_payoffs() -> None:
    m = load_model(MODELS / "taiwan_ambiguity.toml")
    out = m.evaluator()(m.value_vector())
    eq = m.solve()[0]
    assert out.payoffs[0, 0] == pytest.approx(float(eq.payoffs["USA"]))
    assert out.payoffs[0, 1] == pytest.approx(float(eq.payoffs["CHN"]))
    assert out.action_labels("CHN")[0] == "refrain"
    assert out.action_labels("probe_defend")[0] == "probe"
