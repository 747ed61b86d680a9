"""The module graph of generator/ has no circle (read from the source with ``ast``).

Every import counts, including those inside a function (a late import hides a circle, it does
not remove it); only the imports under ``if TYPE_CHECKING:`` are left out (never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = "generator"


def _module_name(path: Path, top: Path) -> str:
    parts = list(path.relative_to(top).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, in functions too, except under ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            todo += node.orelse
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        todo += ast.iter_child_nodes(node)
    return found


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool,
             modules: set[str]) -> set[str]:
    """The modules of generator/ that an import statement runs."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[:len(base) - node.level + 1]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        # « from .x import y »: y may be a submodule of x, or a name defined in x
        names = [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]
    # importing a.b.c runs a, a.b and a.b.c; the packages that hold the module itself are
    # already running when it runs (a submodule importing a sibling is not a circle)
    parts = module.split(".")
    running = {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    out = set()
    for name in names:
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            candidate = ".".join(parts[:i])
            if candidate in modules and candidate not in running:
                out.add(candidate)
    return out


def import_graph(root: Path = ROOT / PACKAGE) -> dict[str, set[str]]:
    files = {_module_name(p, root.parent): p for p in sorted(root.rglob("*.py"))}
    modules = set(files)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        graph[module] = set()
        for node in _imports(tree):
            graph[module] |= _targets(node, module, is_package, modules)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as a path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
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
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_is_read() -> None:
    graph = import_graph()
    assert "generator.diagnostics" in graph["generator.load"]
    assert "generator.checks.references" in graph["generator.checks"]
    assert len(graph) > 40


def test_a_circle_is_found(tmp_path) -> None:
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import x\n")
    (package / "b.py").write_text("def x():\n    from . import c\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                  "    from .b import x\nfrom .a import y\n")
    (package / "d.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                  "    from .a import y\n")
    graph = import_graph(package)
    assert graph == {"generator": set(), "generator.a": {"generator.b"},
                     "generator.b": {"generator.c"}, "generator.c": {"generator.a"},
                     "generator.d": set()}
    assert circles(graph) == [["generator.a", "generator.b", "generator.c"]]


def test_no_import_circle_in_generator() -> None:
    found = circles(import_graph())
    assert found == [], "cercles d'imports : " + " ; ".join(" ↔ ".join(c) for c in found)
