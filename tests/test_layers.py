"""The layers show in the folders: the library never prints and never imports the CLI,
and no module imports itself in a circle.

Read from the source with :mod:`ast` (nothing is imported), so a new ``print``, a
new ``from ..cli import ...`` outside ``gametheory/cli/`` or a new import cycle fails
here with its place. Imports inside functions count (a lazy import hides a cycle, it
does not remove it); imports under ``if TYPE_CHECKING:`` do not (they never run).
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


def _module_of(path: Path, package: Path = PACKAGE) -> list[str]:
    return ["gametheory", *path.relative_to(package).with_suffix("").parts]


def _imported(path: Path, node: ast.ImportFrom | ast.Import, package: Path = PACKAGE) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    here = _module_of(path, package)[:-1]  # the package (for __init__.py, its own)
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


# ------------------------------------------------------------------ import cycles
def _module_name(path: Path, package: Path) -> str:
    parts = _module_of(path, package)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_statements(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import, at module level or inside a function, except under TYPE_CHECKING."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.append(child)
            elif isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(ast.Module(body=[other], type_ignores=[]))
            else:
                visit(child)

    visit(tree)
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """``{module: modules of the package it imports}``, read from the source.

    ``from . import x`` counts as importing the submodule ``x`` (not the package's
    ``__init__``, which Python has already run before any of its submodules).
    """
    paths = {_module_name(p, package): p for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        targets: set[str] = set()
        for node in _import_statements(ast.parse(path.read_text(encoding="utf-8"))):
            module, *members = _imported(path, node, package)
            if isinstance(node, ast.Import):
                targets.update(m for m in [module, *members] if m in paths)
                continue
            submodules = [m for m in members if m in paths]
            targets.update(submodules)
            if len(submodules) < len(members) and module in paths:
                targets.add(module)
        graph[name] = targets - {name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return cycles


def test_no_import_cycles():
    cycles = import_cycles(import_graph())
    assert not cycles, f"import cycles (lazy imports count): {cycles}"


def test_the_cycle_check_sees_lazy_imports_and_skips_type_checking(tmp_path):
    pkg = tmp_path / "gametheory"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from . import a\n")
    (pkg / "sub" / "a.py").write_text("def f():\n    from .b import g\n    return g\n")
    (pkg / "sub" / "b.py").write_text("from .a import f\n")
    (pkg / "sub" / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .d import x\n"
    )
    (pkg / "sub" / "d.py").write_text("from .c import y\n")
    graph = import_graph(pkg)
    assert graph["gametheory.sub"] == {"gametheory.sub.a"}
    assert graph["gametheory.sub.c"] == set()
    assert import_cycles(graph) == [["gametheory.sub.a", "gametheory.sub.b"]]
