"""Exercise generator: determinism, verified solutions, files written all or nothing."""

import json
import re
from fractions import Fraction

import pytest

from gametheory import InvalidGameError
from gametheory.cli import main
from gametheory.exercises import KINDS, ExerciseError, generate_exercise, verified, write_exercise
from gametheory.io.nfg import read_nfg
from gametheory.solvers import solve

NF_KINDS = ["2x2-mixed", "dominance", "zero-sum"]


@pytest.mark.parametrize("kind", NF_KINDS)
def test_same_seed_same_files_other_seed_other_game(kind):
    a, b = generate_exercise(kind, seed=11), generate_exercise(kind, seed=11)
    assert a.files() == b.files()
    others = {generate_exercise(kind, seed=s).files()["game.nfg"] for s in range(6)}
    assert len(others) > 1


@pytest.mark.parametrize("kind", NF_KINDS)
@pytest.mark.parametrize("seed", range(8))
def test_written_solution_is_the_solvers_equilibrium_set(kind, seed, tmp_path):
    ex = generate_exercise(kind, seed=seed)
    write_exercise(ex, tmp_path)
    game = read_nfg(tmp_path / "game.nfg")
    assert game == ex.game
    full = solve(game, method="enumerate", exact=True)
    data = json.loads((tmp_path / "solution.json").read_text())
    assert len(data["equilibria"]) == len(full.equilibria) == 1
    (eq,) = full.equilibria
    assert eq.exact_regret == 0
    written = data["equilibria"][0]["exact_profile"]
    for i, p in enumerate(game.players):
        assert [Fraction(written[p][s]) for s in game.strategies[i]] == list(eq.exact_vectors[i])
    # the worked solution states the equilibrium probabilities as exact fractions
    md = (tmp_path / "solution.md").read_text()
    if kind != "dominance":
        for q in eq.exact_vectors[0]:
            if q.denominator > 1:
                assert f"\\frac{{{q.numerator}}}{{{q.denominator}}}" in md
    else:
        assert "| step | player | eliminated | dominated by |" in md
    if kind == "zero-sum":
        from gametheory.exercises.document import tex_number

        value = Fraction(data["equilibria"][0]["exact_payoffs"]["Attacker"])
        assert f"= {tex_number(value)}$$" in md


def test_statement_does_not_give_the_answer():
    ex = generate_exercise("2x2-mixed", seed=2)
    files = ex.files()
    assert "Indifference" not in files["exercise.md"] and "Indifference" in files["solution.md"]
    assert "\\underline" not in files["exercise.tex"] and "\\underline" in files["solution.tex"]


@pytest.mark.parametrize("kind", NF_KINDS)
def test_tex_is_balanced(kind):
    for name in ("exercise.tex", "solution.tex"):
        tex = generate_exercise(kind, seed=5).files()[name]
        assert tex.count("{") == tex.count("}")
        body = re.sub(r"\\\$", "", tex)
        for para in body.split("\n\n"):
            assert para.count("$") % 2 == 0, para
        assert tex.count("\\begin{") == tex.count("\\end{")
        assert tex.startswith("\\documentclass") and tex.rstrip().endswith("\\end{document}")


def test_verification_refuses_a_wrong_solution():
    ex = generate_exercise("2x2-mixed", seed=0)
    wrong = [[(Fraction(1), Fraction(0)), (Fraction(1), Fraction(0))]]
    with pytest.raises(ExerciseError, match="do not confirm"):
        verified(ex.game, wrong, payoffs=[(0, 0)])


def test_refusal_writes_nothing(tmp_path, monkeypatch):
    from gametheory.exercises import normal_form

    def broken(game, claimed, *, payoffs, method="enumerate"):
        raise ExerciseError("the solvers do not confirm the worked solution: test")

    monkeypatch.setattr(normal_form, "verified", broken)
    out = tmp_path / "ex"
    assert main(["exercise", "--kind", "2x2-mixed", "--seed", "1", "-o", str(out)]) == 1
    assert not out.exists() or not any(out.iterdir())


def test_files_are_written_atomically_all_or_nothing(tmp_path, monkeypatch):
    ex = generate_exercise("dominance", seed=1)
    out = tmp_path / "ex"
    write_exercise(ex, out)
    before = {p.name: p.read_text() for p in out.iterdir()}
    assert sorted(before) == [
        "exercise.md",
        "exercise.tex",
        "game.nfg",
        "solution.json",
        "solution.md",
        "solution.tex",
    ]
    # a failure while building the files leaves the earlier exercise untouched
    from gametheory.exercises import exercise as module

    def fail(self):
        raise OSError("disk full")

    monkeypatch.setattr(module.Exercise, "files", fail)
    with pytest.raises(OSError):
        write_exercise(generate_exercise("dominance", seed=2), out)
    assert {p.name: p.read_text() for p in out.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_cli_exercise(tmp_path, capsys):
    out = tmp_path / "ex"
    assert main(["exercise", "--kind", "zero-sum", "--seed", "4", "-o", str(out)]) == 0
    assert "wrote exercise.md" in capsys.readouterr().out
    # solution.json has the form of `solve --json --exact`
    assert main(["solve", str(out / "game.nfg"), "--json", "--exact"]) == 0
    solved = json.loads(capsys.readouterr().out)
    written = json.loads((out / "solution.json").read_text())
    assert set(solved) == set(written)
    assert solved["equilibria"][0]["exact_profile"] == written["equilibria"][0]["exact_profile"]


def test_bad_kind_and_seed():
    with pytest.raises(InvalidGameError, match="unknown exercise kind"):
        generate_exercise("poker", seed=1)
    with pytest.raises(InvalidGameError, match="seed must be an integer >= 0"):
        generate_exercise("dominance", seed=-1)
    assert set(NF_KINDS) <= set(KINDS)


def test_cli_rejects_negative_seed(capsys):
    assert main(["exercise", "--kind", "dominance", "--seed", "-3", "-o", "x"]) == 2
    assert "expected a whole number >= 0" in capsys.readouterr().err


def test_readme_teacher_commands_run(tmp_path, monkeypatch, capsys):
    """The README's 'For teachers' commands work as written (run in a scratch copy of models/)."""
    import shlex
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For teachers", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```bash\n(.*?)```", section, flags=re.S)
    shutil.copytree(root / "models", tmp_path / "models")
    monkeypatch.chdir(tmp_path)
    commands = [line.split(" #")[0].strip() for line in block.splitlines() if line.strip()]
    assert len(commands) >= 5
    for line in commands:
        argv = shlex.split(line)
        assert argv[0] == "gametheory"
        assert main(argv[1:]) == 0, (line, capsys.readouterr().err)
    assert (tmp_path / "bos.svg").exists() and (tmp_path / "exercise-1" / "solution.md").exists()
    assert (tmp_path / "entry.png").exists() and (tmp_path / "exercise-2" / "game.efg").exists()


@pytest.mark.parametrize("seed", range(6))
def test_bayesian_exercise_lists_the_pure_pbe(seed, tmp_path):
    from gametheory.extensive.convert import reduced_normal_form
    from gametheory.io.efg import read_efg
    from gametheory.solvers.pure import pure_equilibria

    ex = generate_exercise("bayesian", seed=seed)
    assert ex.files() == generate_exercise("bayesian", seed=seed).files()
    write_exercise(ex, tmp_path)
    game = read_efg(tmp_path / "game.efg")
    assert [n.kind for n in game.nodes] == [n.kind for n in ex.game.nodes]
    data = json.loads((tmp_path / "solution.json").read_text())
    assert data["source"] == "game.efg" and data["complete"] is True
    profiles = ex.result.equilibria
    assert all(p.exact_regret == 0 for p in profiles)  # each is a Nash equilibrium of the tree
    senders = [tuple(max(d, key=d.get) for d in p["Sender"]) for p in profiles]
    assert any(a == b for a, b in senders) and any(a != b for a, b in senders)
    # every listed PBE is among the pure equilibria of the reduced normal form
    rnf = reduced_normal_form(game)
    nash = [rnf.to_behavior(e.exact_vectors) for e in pure_equilibria(rnf.game, exact=True)]
    for p in profiles:
        assert p.probabilities in nash
    md = (tmp_path / "solution.md").read_text()
    assert md.count("| pooling on") == 2 and md.count("| separating") == 2


@pytest.mark.parametrize("seed", range(6))
def test_spe_exercise_matches_backward_induction_solver(seed, tmp_path):
    from gametheory.extensive.spe import subgame_perfect
    from gametheory.io.efg import read_efg

    ex = generate_exercise("spe", seed=seed)
    assert ex.files() == generate_exercise("spe", seed=seed).files()
    write_exercise(ex, tmp_path)
    game = read_efg(tmp_path / "game.efg")
    assert game.is_perfect_information
    res = subgame_perfect(game, exact=True)
    assert res.complete and len(res.equilibria) == 1
    data = json.loads((tmp_path / "solution.json").read_text())
    assert data["method"] == "spe" and data["source"] == "game.efg"
    assert data["equilibria"][0]["behavior"] == res.to_dict(exact=True)["equilibria"][0]["behavior"]
    md = (tmp_path / "solution.md").read_text()
    # one row of the backward-induction table per decision node, deepest first (root last)
    rows = [
        line for line in md.splitlines() if line.startswith("| Ann ") or line.startswith("| Bob ")
    ]
    assert len(rows) == sum(1 for n in game.nodes if n.is_decision)
    assert rows[-1].startswith("| Ann at the start |")
    assert "**yes**" in md
    tex = (tmp_path / "solution.tex").read_text()
    assert "\\begin{tikzpicture}" in tex and "[eq]" in tex
    # part (c): a pure Nash equilibrium with another outcome, held by a threat that is not credible
    part_c = md.split("### (c)", 1)[1]
    assert "is a Nash equilibrium with payoffs" in part_c and "not credible" in part_c
    spe_pay = tuple(int(v) for v in res.equilibria[0].payoffs.values())
    stated = re.search(r"with payoffs \((-?\d+), (-?\d+)\)", part_c).groups()
    assert tuple(map(int, stated)) != spe_pay
