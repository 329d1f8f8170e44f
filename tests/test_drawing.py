"""Drawings: files exist, are valid SVG / TeX, and hold every label as text."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gametheory import InvalidGameError, NormalFormGame
from gametheory.cli import main
from gametheory.drawing import draw_game, layout_tree, matrix_latex, matrix_svg, tree_tikz
from gametheory.drawing.matrix import best_response_marks
from gametheory.extensive import (
    ExtensiveFormGame,
    chance,
    decision,
    make_behavior_profile,
    terminal,
)
from gametheory.io.nfg import read_nfg

MODELS = Path(__file__).resolve().parent.parent / "models"
SVG = "{http://www.w3.org/2000/svg}"


def _svg_texts(path):
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _signalling():
    return ExtensiveFormGame.from_tree(
        chance(
            {
                "strong": (
                    "2/3",
                    decision(
                        "Sender",
                        {
                            "beer": decision(
                                "Receiver",
                                {"fight": terminal([0, 1]), "yield": terminal([2, 0])},
                                infoset="after beer",
                            ),
                            "quiche": decision(
                                "Receiver",
                                {"fight": terminal([-1, 1]), "yield": terminal([1, 0])},
                                infoset="after quiche",
                            ),
                        },
                        infoset="strong type",
                    ),
                ),
                "weak": (
                    "1/3",
                    decision(
                        "Sender",
                        {
                            "beer": decision(
                                "Receiver",
                                {"fight": terminal([-1, 0]), "yield": terminal([1, 1])},
                                infoset="after beer",
                            ),
                            "quiche": decision(
                                "Receiver",
                                {"fight": terminal([0, 0]), "yield": terminal([2, 1])},
                                infoset="after quiche",
                            ),
                        },
                        infoset="weak type",
                    ),
                ),
            }
        ),
        players=["Sender", "Receiver"],
        title="Signalling & beliefs",
    )


GAME = _signalling()
PROFILE = make_behavior_profile(
    GAME,
    {
        "Sender": [{"beer": 1}, {"beer": 1}],
        "Receiver": [{"yield": 1}, {"fight": "1/2", "yield": "1/2"}],
    },
    exact=True,
)


def test_matrix_marks_best_responses():
    pd = read_nfg(MODELS / "prisoners_dilemma.nfg")
    row, col = best_response_marks(pd)
    assert row.tolist() == [[False, False], [True, True]]
    assert col.tolist() == [[False, True], [False, True]]
    tex = matrix_latex(pd)
    assert tex.count("\\underline") == 4 and tex.count("\\cellcolor") == 1


@pytest.mark.parametrize("name", ["prisoners_dilemma", "battle_of_the_sexes", "degenerate_3x2"])
def test_matrix_svg_and_tex_files_hold_every_label(tmp_path, name):
    g = read_nfg(MODELS / f"{name}.nfg")
    svg, tex = tmp_path / "m.svg", tmp_path / "m.tex"
    assert main(["draw", str(MODELS / f"{name}.nfg"), "-o", str(svg)]) == 0
    assert main(["draw", str(MODELS / f"{name}.nfg"), "-o", str(tex)]) == 0
    texts = _svg_texts(svg)
    labels = [*g.players, *(s for ss in g.strategies for s in ss)]
    for label in labels:
        assert label in texts
    body = tex.read_text()
    for label in labels:
        assert label in body
    assert body.count("{") == body.count("}") and body.count("\\begin{") == body.count("\\end{")
    cells = [t for t in texts if "," in t]
    assert len(cells) == g.shape[0] * g.shape[1]


def test_latex_escapes_labels():
    g = NormalFormGame.from_bimatrix(
        [[1, 0], [0, 1]],
        [[1, 0], [0, 1]],
        players=("R&D", "50%"),
        strategies=(("a_1", "b#"), ("x", "y")),
    )
    tex = matrix_latex(g)
    assert "R\\&D" in tex and "50\\%" in tex and "a\\_1" in tex and "b\\#" in tex
    assert "R&amp;D" in matrix_svg(g)


def test_layout_marks_the_equilibrium_path():
    lay = layout_tree(GAME, profile=PROFILE)
    reach = PROFILE.reach_probabilities()
    assert lay.on_path == frozenset(k for k, r in enumerate(reach) if r > 0)
    assert {lay.edge_labels[c] for c in lay.chosen} >= {
        "beer",
        "yield",
        "fight [1/2]",
        "yield [1/2]",
    }
    assert [name for name, _ in lay.infosets] == ["after beer", "after quiche"]
    assert "strong (2/3)" in lay.edge_labels.values()


@pytest.mark.parametrize("fmt", ["svg", "pdf", "png", "tex"])
def test_tree_files(tmp_path, fmt):
    out = draw_game(GAME, tmp_path / f"tree.{fmt}", profile=PROFILE)
    data = out.read_bytes()
    labels = layout_tree(GAME, profile=PROFILE).all_labels()
    if fmt == "svg":
        texts = _svg_texts(out)
        for label in labels:
            assert label in texts, label
    elif fmt == "tex":
        tex = data.decode()
        from gametheory.drawing.matrix import latex_escape

        for label in labels:
            if label != GAME.title:
                assert latex_escape(label) in tex, label
        assert tex.count("{") == tex.count("}")
        assert tex.count("\\begin{") == tex.count("\\end{")
        assert tex.count("\\draw[eq]") == 6  # both chance edges, both beers, both yields
    elif fmt == "pdf":
        assert data.startswith(b"%PDF")
    else:
        assert data.startswith(b"\x89PNG")
    assert not list(tmp_path.glob(".*"))


def test_tikz_highlights_only_path_edges():
    tex = tree_tikz(GAME, profile=PROFILE, standalone=False)
    hot = re.findall(r"\\draw\[eq\] .*?\{(.*?)\}", tex)
    assert sorted(hot) == ["beer", "beer", "strong (2/3)", "weak (1/3)", "yield", "yield"]
    # off the path, the mixed reply at both "after quiche" nodes is drawn fainter
    assert len(re.findall(r"\\draw\[eqoff\]", tex)) == 4
    assert "\\draw[eq" not in tree_tikz(GAME)


def test_cli_draws_efg_trees(tmp_path, capsys):
    from gametheory.io.efg import write_efg

    path = tmp_path / "signal.efg"
    write_efg(GAME, path)
    out = tmp_path / "t.svg"
    assert main(["draw", str(path), "-o", str(out), "--no-equilibrium"]) == 0
    assert "Sender" in _svg_texts(out)


def test_bad_formats_are_one_line_errors(tmp_path, capsys):
    assert main(["draw", str(MODELS / "prisoners_dilemma.nfg"), "-o", str(tmp_path / "m.png")]) == 1
    assert "payoff matrices are drawn as .svg or .tex" in capsys.readouterr().err
    with pytest.raises(InvalidGameError, match="trees are drawn as"):
        draw_game(GAME, tmp_path / "t.gif")
    assert (
        main(["draw", str(MODELS / "volunteers_dilemma.nfg"), "-o", str(tmp_path / "m.svg")]) == 1
    )
    assert "two-player" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["entry_deterrence", "selten_horse", "beer_quiche", "kuhn_poker"])
def test_cli_draws_classic_trees_with_the_spe_path(tmp_path, capsys, name):
    from gametheory.extensive.spe import subgame_perfect
    from gametheory.io.efg import read_efg

    path = MODELS / f"{name}.efg"
    game = read_efg(path)
    first = subgame_perfect(game).equilibria[0]
    svg, tex = tmp_path / "t.svg", tmp_path / "t.tex"
    assert main(["draw", str(path), "-o", str(svg)]) == 0
    out = capsys.readouterr().out
    assert "highlighted: equilibrium 1 of" in out and "by spe" in out
    texts = _svg_texts(svg)
    for label in layout_tree(game, profile=first).all_labels():
        assert label in texts, label
    assert main(["draw", str(path), "-o", str(tex)]) == 0
    assert tex.read_text().count("\\draw[eq]") == sum(
        1 for k in layout_tree(game, profile=first).on_path if k != 0
    )


def test_cli_draw_entry_deterrence_path_and_choice_of_equilibrium(tmp_path, capsys):
    path = MODELS / "entry_deterrence.efg"
    png = tmp_path / "entry.png"
    assert main(["draw", str(path), "-o", str(png)]) == 0
    assert "Entrant In / Incumbent Accommodate" in capsys.readouterr().out
    assert png.read_bytes().startswith(b"\x89PNG")
    assert main(["draw", str(path), "-o", str(png), "--equilibrium", "5"]) == 1
    assert "--equilibrium 5: spe found 1 equilibrium" in capsys.readouterr().err
    assert (
        main(["draw", str(path), "-o", str(png), "--method", "enumerate", "--equilibrium", "2"])
        == 0
    )


def test_cli_draw_refuses_sequential_models_in_one_line(tmp_path, capsys):
    assert main(["draw", str(MODELS / "pacific_nato.toml"), "-o", str(tmp_path / "p.svg")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "draw takes normal-form games and trees (.efg)" in err
