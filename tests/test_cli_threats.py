"""`gametheory solve MODEL --threats`: Nash outcomes held only by non-credible threats."""

import json
from pathlib import Path

from gametheory.cli import main
from gametheory.models import load_model
from gametheory.models.threats import non_credible_threats

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "models" / "seato_1954.toml"  # three stages: the structured method applies


def test_threats_section_in_tables_and_json(capsys):
    assert main(["solve", str(FLAGSHIP), "--threats"]) == 0
    out = capsys.readouterr().out
    assert "Non-credible threats (Nash but not subgame-perfect):" in out
    expected = non_credible_threats(load_model(FLAGSHIP))
    assert len(expected.equilibria) >= 1
    assert out.count("is a Nash equilibrium only because") == len(expected.equilibria)
    assert max(len(line) for line in out.split("Non-credible threats")[1].splitlines()) <= 104

    assert main(["solve", str(FLAGSHIP), "--threats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["threats"]["equilibria"] == [e.to_dict() for e in expected.equilibria]
    spe_usa = data["equilibria"][0]["profile"]["USA"]
    for eq in data["threats"]["equilibria"]:  # a threat-held outcome is never the SPE path
        assert spe_usa.get(eq["path"]["USA"]) != 1


def test_threats_refused_for_simultaneous_models_and_with_fix(capsys):
    assert main(["solve", str(ROOT / "models" / "us_china.toml"), "--threats"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.endswith(
        "--threats applies to sequential models; in a simultaneous game "
        "every Nash equilibrium is subgame-perfect"
    )
    assert "\n" not in err
    assert main(["solve", str(FLAGSHIP), "--threats", "--fix", "USA=manila_pact"]) == 1
    assert "cannot be combined with --fix" in capsys.readouterr().err
