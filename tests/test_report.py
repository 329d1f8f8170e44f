"""Equilibrium reports: content, numbers, self-containment and atomic saving, for every model."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from _reports import MODELS, SAMPLES, SMALL, report_for
from markupsafe import escape

from gametheory.models import load_model
from gametheory.report import Report, build_report, parse_formats
from gametheory.report._format import format_number


@pytest.fixture(scope="module", params=MODELS, ids=[p.stem for p in MODELS])
def built(request, tmp_path_factory):
    model, report = report_for(request.param)
    out = tmp_path_factory.mktemp(f"report-{model.id}")
    paths = report.save(out)
    return model, report, {fmt: p.read_text(encoding="utf-8") for fmt, p in paths.items()}, out


def _esc(s: str) -> str:
    return str(escape(s))


def _md_text(s: str) -> str:
    s = s.replace("->", "→").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(s.replace("\\", "\\\\").replace("|", "\\|").split())


def test_models_exist():
    assert MODELS, "models/*.toml should hold at least one model"


def test_every_player_parameter_and_source_appears(built):
    model, _report, files, _ = built
    page, md = files["html"], files["md"]
    for p in model.players:
        assert _esc(p.name) in page and p.name in md
        assert f"({p.id})" in page and f"({p.id})" in md
        for s in p.strategies:
            assert _esc(p.meanings[s]) in page, (p.id, s)
            assert _md_text(p.meanings[s]) in md, (p.id, s)
    for name, prm in model.parameters.items():
        assert f"<code>{name}</code>" in page and f"`{name}`" in md
        for q in prm.quotes:
            assert _esc(q) in page, (name, q)
            assert _md_text(q) in md, (name, q)
        if prm.judgement:
            assert _esc(prm.judgement) in page, name
            assert _md_text(prm.judgement) in md, name


def test_sources_are_marked_differently(built):
    model, _report, files, _ = built
    page = files["html"]
    rows = re.findall(r'<tr class="src-(quote|judgement)"><td><code>([^<]+)</code>', page)
    assert {name: kind for kind, name in rows} == {n: p.source for n, p in model.parameters.items()}
    n_judgement = sum(p.source == "judgement" for p in model.parameters.values())
    assert (
        page.count('<span class="badge judgement">Judgement</span>') == n_judgement + 1
    )  # + legend
    assert (
        page.count('<span class="badge report">Report</span>')
        == len(model.parameters) - n_judgement + 1
    )


def test_json_results_are_the_solvers(built):
    model, report, files, _ = built
    data = json.loads(files["json"])
    assert data["results"]["equilibria"] == json.loads(json.dumps(model.solve().to_dict()))
    assert data["reproducibility"]["model_sha256"] == model.sha256
    assert data["reproducibility"]["seed"] == 0
    assert data["model_id"] == model.id == report.model_id


def test_equilibrium_numbers_match_the_solver(built):
    model, report, files, _ = built
    result = model.solve()
    page, md = files["html"], files["md"]
    if model.form == "sequential":
        path, payoffs = result.path, result.payoffs
    elif model.form == "tree":  # issue 14: each player's actions on the first SPE's path
        from gametheory.report.tree import path_actions

        first = result.equilibria[0]
        path, payoffs = path_actions(model, first), first.payoffs
    else:
        first = result.equilibria[0]
        path = first.pure_profile() or {}
        payoffs = first.payoffs
    for player, payoff in payoffs.items():
        shown = format_number(payoff)
        assert f'<td class="num">{shown}</td>' in page, (player, shown)
        assert f"| {shown} |" in md
    outcome = report.section("summary")["outcome"]
    if model.form == "simultaneous" and len(result.equilibria) > 1:
        # issue 10: with several equilibria and no --select the report follows the set of
        # pure equilibria (cournot, bertrand), not the first one the solver lists
        assert outcome["profile"] == {} and outcome["payoffs"] == {}
        assert outcome["set"] == [e.label() for e in result.equilibria if e.is_pure]
        assert outcome["set"]
    else:
        assert outcome["payoffs"] == pytest.approx(payoffs)
        for player, choice in path.items():
            assert outcome["profile"][player] == choice
    for choice in path.values():
        assert f"<strong>{choice}</strong>" in page
    if model.form in ("simultaneous", "tree"):
        assert len(report.section("equilibria")["equilibria"]) == len(result.equilibria)
        for row, eq in zip(
            report.section("equilibria")["equilibria"], result.equilibria, strict=True
        ):
            assert row["regret"] == eq.regret
            assert row["payoffs"] == pytest.approx(eq.payoffs)
    else:
        plan = report.section("equilibria")["plan"]
        first_mover = result.plan["player"]
        assert [r["option"] for r in plan["rows"]] == list(result.plan["options"])
        for row in plan["rows"]:
            entry = result.plan["options"][row["option"]]
            assert row["actions"] == entry.get("path", {})
            assert row["payoffs"] == pytest.approx(entry.get("payoffs", {}))
            assert row["chosen"] == (row["option"] == result.plan["chosen"])
            for pid, value in entry.get("payoffs", {}).items():
                assert f'<td class="num">{format_number(value)}</td>' in page, (pid, value)
        assert plan["player"] == first_mover


def test_summary_states_the_outcome_in_words(built):
    model, report, files, _ = built
    paragraph = report.section("summary")["paragraph"]
    names = {p.id: p.name for p in model.players}
    for pid, choice in report.section("summary")["outcome"]["profile"].items():
        if isinstance(choice, str):
            assert names[pid] in paragraph and choice in paragraph
    assert _esc(paragraph) in files["html"]
    # the summary comes first in the page
    assert files["html"].index('id="summary"') < files["html"].index('id="model"')


def test_html_is_self_contained(built):
    _model, _report, files, _ = built
    page = files["html"]
    assert "<script" not in page.lower()
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for tag, attr, value in re.findall(
        r"<(link|script|img|style|iframe|source|video|audio)\b"
        r"[^>]*?\b(src|href)\s*=\s*[\"']([^\"']*)",
        page,
        re.I,
    ):
        assert value.startswith(("data:", "#")), (tag, attr, value[:80])
    assert not re.search(r"@import|url\(\s*['\"]?https?:", page)
    # the stylesheet is inlined verbatim (an HTML-escaped quote would void its rules)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert "&#" not in style and "&quot;" not in style and '"Segoe UI"' in style


def test_reproducibility_section(built):
    model, report, files, _ = built
    repro = report.section("reproducibility")
    assert repro["command"].startswith("gametheory report ")
    assert f"--samples {SAMPLES}" in repro["command"] and "--seed 0" in repro["command"]
    assert repro["versions"]["gametheory"]
    assert repro["model_sha256"] in files["html"] and repro["model_sha256"] in files["md"]
    assert any(m.get("method") for m in repro["methods"])


def test_markdown_figures_are_written(built):
    _model, report, files, out = built
    for fig in report.figures.values():
        png = out / "figures" / f"{fig.name}.png"
        assert png.read_bytes()[:4] == b"\x89PNG"
        assert f"(figures/{fig.name}.png)" in files["md"]
        assert "data:image/svg+xml;base64," in files["html"]


def test_same_seed_same_report():
    model, report = report_for(SMALL)
    again = build_report(model, samples=SAMPLES, seed=0)
    assert again.to_json() == report.to_json()


def test_save_is_atomic(tmp_path, monkeypatch):
    model, report = report_for(SMALL)
    paths = report.save(tmp_path / "out")
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}

    def broken(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Report, "to_latex", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        report.save(tmp_path / "out")
    after = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary directory left
    assert set(paths) == {"html", "md", "tex", "json"}


def test_save_only_requested_formats(tmp_path):
    _model, report = report_for(SMALL)
    paths = report.save(tmp_path, formats="json,html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "results.json"]
    assert list(paths) == ["json", "html"]


def test_repr_html_is_a_fragment():
    _model, report = report_for(SMALL)
    frag = report._repr_html_()
    assert frag.startswith('<div class="gametheory-report">') and "<html" not in frag
    assert report.title in frag
    assert report.model_id in repr(report)


@pytest.mark.parametrize(
    "bad, message",
    [
        ("pdf", "unknown report format 'pdf'"),
        ("", "no report format given"),
    ],
)
def test_bad_formats_are_named(bad, message):
    with pytest.raises(ValueError, match=message):
        parse_formats(bad)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"samples": 0}, "samples must be a positive integer"),
        ({"samples": 2.5}, "samples must be a positive integer"),
        ({"seed": -1}, "seed must be an integer >= 0"),
        ({"formats": "docx"}, "unknown report format"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    model = load_model(SMALL)
    with pytest.raises(ValueError, match=message):
        build_report(model, **kwargs)


def test_changed_parameters_are_reported():
    model = load_model(SMALL)
    name, prm = next((n, p) for n, p in model.parameters.items() if p.low < p.high)
    new = prm.high if prm.value != prm.high else prm.low
    report = build_report(model.with_params(**{name: new}), samples=SAMPLES, sensitivity=False)
    repro = report.section("reproducibility")
    assert repro["parameter_changes"] == {name: new}
    assert f"--set {name}={new!r}" in repro["command"]
    assert "not requested" in report.to_html()


def test_sensitivity_numbers_are_the_sensitivity_packages():
    import gametheory.sensitivity as sa

    model, report = report_for(SMALL)
    files = report.render(["html", "md"])
    sens = report.section("sensitivity")
    assert {p["key"]: p["available"] for p in sens["parts"]} == {
        "thresholds": True,
        "tornado": True,
        "region_map": True,
        "monte_carlo": True,
        "sobol": True,
    }
    assert set(report.figures) == {
        "thresholds",
        "tornado",
        "region_map",
        "monte_carlo",
        "sobol",
    } - {"thresholds"}
    for fig in report.figures.values():
        assert fig.data_uri("svg") in files["report.html"]
    # thresholds: the closest ones are the package's first rows
    frame = sa.critical_thresholds(model)
    closest = report.section("summary")["closest_thresholds"]
    assert closest[0]["parameter"] == frame.iloc[0]["parameter"]
    assert closest[0]["threshold"] == pytest.approx(frame.iloc[0]["threshold"])
    assert format_number(closest[0]["threshold"]) in files["report.html"]
    # robustness: the Monte Carlo share of the base outcome, with the recorded seed
    methods = {m["what"]: m for m in report.section("reproducibility")["methods"]}
    seed = methods["Monte Carlo"]["options"]["seed"]
    rob = report.section("summary")["robustness"]
    base = sens["base_outcome"]
    res = sa.monte_carlo(
        model,
        samples=SAMPLES,
        rng=seed,
        outcomes=["outcome=" + "".join(f"[{c}]" if c in "[]*?" else c for c in base)],
    )
    row = res.indices.iloc[0]
    assert rob["share"] == pytest.approx(row["mean"])
    assert rob["ci"] == pytest.approx([row["ci_low"], row["ci_high"]])
    assert f"{100 * rob['share']:.1f}%" in files["report.html"]
    assert f"{100 * rob['share']:.1f}%" in files["report.md"]


def test_a_generator_makes_the_report_say_it_cannot_be_regenerated():
    import numpy as np

    model = load_model(SMALL)
    report = build_report(model, samples=SAMPLES, rng=np.random.default_rng(5))
    repro = report.section("reproducibility")
    assert repro["seed"] is None and repro["reproducible"] is False
    assert "cannot be regenerated" in report.to_html()
    # an integer rng is just a seed
    assert (
        build_report(model, samples=SAMPLES, rng=7, sensitivity=False).section("reproducibility")[
            "seed"
        ]
        == 7
    )


HOSTILE = """
format = 1
[model]
id = "hostile"
title = "<script>alert('title')</script> & co"
description = "A <img src=x onerror=alert(1)> description with | pipes and {braces} \\\\input{x}"
[players.A]
name = "Alpha <b>bold</b>"
payoff = "gain * (A == 'x') - cost * (B == 'y')"
[players.A.strategies]
x = "<script>alert('x')</script>"
y = "why | not"
[players.B]
name = "Beta"
payoff = "gain * (B == 'y') - cost * (A == 'x')"
[players.B.strategies]
x = "ex"
y = "<iframe src='http://example.com'></iframe>"
[parameters.gain]
value = 1
low = 0.5
high = 2
unit = "<u>units</u>"
meaning = "Gain & <em>glory</em>"
judgement = "</td></tr></table><script>alert('j')</script>"
[parameters.cost]
value = 0.5
low = 0
high = 1
unit = "units"
meaning = "Cost"
judgement = "50% of $x_1$ # not a comment ~ ^"
"""


def test_hostile_model_text_stays_text(tmp_path):
    from gametheory.models.model import Model

    model = Model.from_toml(HOSTILE, source="hostile.toml")
    report = build_report(model, samples=SAMPLES, sensitivity=False)
    files = report.render()
    page, md, tex = files["report.html"], files["report.md"], files["report.tex"]
    for text in (page, md):
        low = text.lower()
        assert "<script" not in low and "<img" not in low and "<iframe" not in low
        assert "<b>" not in low and "<em>" not in low and "<u>" not in low
    assert "&lt;script&gt;alert(" in page and "&lt;script&gt;alert(" in md
    assert r"50\% of \$x\_1\$ \# not a comment \textasciitilde{} \textasciicircum{}" in tex
    assert r"\textless{}/td\textgreater{}" in tex and "<" not in tex.split("% Summary")[0]
    assert json.loads(files["results.json"])["title"].startswith("<script>")  # data, not markup
    engine = shutil.which("pdflatex")
    if engine:  # and it still compiles
        (tmp_path / "report.tex").write_text(tex, encoding="utf-8")
        (tmp_path / "main.tex").write_text(
            "\\documentclass{article}\\usepackage{booktabs,longtable}\\begin{document}"
            "\\input{report.tex}\\end{document}\n"
        )
        run = subprocess.run(
            [engine, "-interaction=nonstopmode", "-halt-on-error", "main.tex"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stdout[-2000:]


def test_non_credible_threats_are_the_models(built):
    model, report, files, _ = built
    threats = report.section("equilibria").get("threats")
    if model.form != "sequential":
        assert threats is None
        return
    from gametheory.errors import MethodNotApplicableError
    from gametheory.models import threats as analysis_module

    try:
        analysis = analysis_module.non_credible_threats(model)
    except MethodNotApplicableError as exc:
        # e.g. the flagship, whose states' payoffs depend on one another's moves: the
        # report says why instead of a list
        assert threats["available"] is False
        assert str(exc) in threats["note"]
        return
    data = json.loads(files["json"])
    assert data["results"]["non_credible_threats"] == json.loads(json.dumps(analysis.to_dict()))
    assert threats["count"] == len(analysis.equilibria)
    for item, e in zip(threats["outcomes"], analysis.equilibria, strict=False):
        assert item["path"] == e.path
        assert _esc(item["outcome"]) in files["html"]
        for t in item["threats"]:
            assert _esc(t) in files["html"]
    assert "Nash equilibria that are not subgame-perfect" in files["html"]
    assert "Nash equilibria that are not subgame-perfect" in files["md"]


def test_results_json_is_strict_json(built):
    _model, _report, files, _ = built

    def reject(token):
        raise AssertionError(f"{token} is not JSON")

    json.loads(files["json"], parse_constant=reject)
