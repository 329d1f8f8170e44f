"""The layers show in the folders: the library never prints and never imports the CLI.

Read from the source with :mod:`ast` (nothing is imported), so a new ``print`` or a
new ``from ..cli import ...`` outside ``gametheory/cli/`` fails here with its place.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gametheory"
CLI = PACKAGE / "cli"
#: The ``python -m gametheory`` entry point is the command line's door.
ENTRY_POINT = PACKAGE / "__main__.py"

LIBRARY = sorted(p for p in PACKAGE.rglob("*.py") if CLI not in p.parents and p != ENTRY_POINT)


def _module_of(path: Path) -> list[str]:
    return ["gametheory", *path.relative_to(PACKAGE).with_suffix("").parts]


def _imported(path: Path, node: ast.ImportFrom | ast.Import) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    here = _module_of(path)
    if path.name != "__init__.py":
        here = here[:-1]
    base = here[: len(here) - (node.level - 1)] if node.level else []
    module = ".".join([*base, *(node.module.split(".") if node.module else [])])
    return [module] + [f"{module}.{a.name}" for a in node.names]


def test_the_library_is_found():
    assert len(LIBRARY) > 40 and PACKAGE / "game.py" in LIBRARY


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_library_module_neither_prints_nor_imports_the_cli(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prints = [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
    ]
    assert not prints, f"{path.name}: print() on lines {prints}; return values, let cli/ render"
    cli_imports = [
        (n.lineno, m)
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for m in _imported(path, n)
        if m == "gametheory.cli" or m.startswith("gametheory.cli.")
    ]
    assert not cli_imports, f"{path.name}: imports the command line: {cli_imports}"


def test_the_check_sees_a_relative_cli_import(tmp_path):
    """The checker itself resolves ``from ..cli import x`` inside a subpackage."""
    node = ast.parse("from ..cli._output import dumps_json").body[0]
    assert isinstance(node, ast.ImportFrom)
    assert "gametheory.cli._output" in _imported(PACKAGE / "models" / "x.py", node)
