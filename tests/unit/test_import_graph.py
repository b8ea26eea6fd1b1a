"""Our packages' import graph (desktop, server, wire): no cycles, no private cross-module imports.

Built with the standard library only: every ``import`` / ``from ... import`` statement in
desktop/, server/ and wire/, including the ones hidden inside functions (a function-level
import hides a cycle from the interpreter but not from the design), resolved to our own
modules.
Run it as a script to print the graph's problems: ``python tests/unit/test_import_graph.py``.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "desktop"
#: Every package of the repository the graph covers: the app, the server and their protocol.
PACKAGES = (PACKAGE, "server", "wire")

# ``_`` alone is gettext's public alias (desktop.i18n._), not a private name.
GETTEXT = "_"

# Cycles we knowingly keep, as frozensets of module names, each with the reason why.
ALLOWED_CYCLES: dict[frozenset[str], str] = {}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    names: tuple[str, ...]
    line: int


def module_files() -> dict[str, Path]:
    """Every module of the package by dotted name (packages by their __init__)."""
    found: dict[str, Path] = {}
    paths = [p for package in PACKAGES if (ROOT / package).is_dir()
             for p in sorted((ROOT / package).rglob("*.py"))]
    for path in paths:
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_package(module: str, modules: dict[str, Path]) -> bool:
    return modules[module].name == "__init__.py"


def _resolve_from(node: ast.ImportFrom, module: str, modules: dict[str, Path]) -> str | None:
    if node.level == 0:
        return node.module
    base = module.split(".")
    if not _is_package(module, modules):
        base = base[:-1]
    if node.level > 1:
        base = base[: -(node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The longest desktop module that ``name`` is or lives in."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def edges_of(module: str, modules: dict[str, Path]) -> Iterator[Edge]:
    tree = ast.parse(modules[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _owner(alias.name, modules)
                if target and target != module:
                    yield Edge(module, target, (), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_from(node, module, modules)
            if not base or _owner(base, modules) is None:
                continue
            plain: list[str] = []
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in modules:  # ``from desktop.services import queue``
                    if sub != module:
                        yield Edge(module, sub, (), node.lineno)
                else:
                    plain.append(alias.name)
            target = _owner(base, modules)
            if plain and target and target != module:
                yield Edge(module, target, tuple(plain), node.lineno)


def import_graph() -> tuple[dict[str, set[str]], list[Edge]]:
    modules = module_files()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    edges: list[Edge] = []
    for module in modules:
        for edge in edges_of(module, modules):
            graph[module].add(edge.target)
            edges.append(edge)
    return graph, edges


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; only components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


def _path(module: str) -> str:
    return str(module_files()[module].relative_to(ROOT))


def describe_cycle(component: list[str], edges: list[Edge]) -> str:
    members = set(component)
    inner = [e for e in edges if e.source in members and e.target in members]
    lines = [" <-> ".join(_path(m) for m in component)]
    lines += [f"    {_path(e.source)}:{e.line} imports {e.target}" for e in inner]
    return "\n".join(lines)


def private_imports(edges: list[Edge]) -> list[str]:
    return [
        f"{_path(e.source)}:{e.line} imports {name} from {e.target}"
        for e in edges
        for name in e.names
        if name.startswith("_") and not name.startswith("__") and name != GETTEXT
    ]


def test_no_import_cycles() -> None:
    graph, edges = import_graph()
    cycles = [c for c in strongly_connected(graph) if frozenset(c) not in ALLOWED_CYCLES]
    assert not cycles, "import cycles:\n" + "\n".join(describe_cycle(c, edges) for c in cycles)


def test_allowed_cycles_still_exist() -> None:
    """An allowed cycle that has been broken must leave the allowed list."""
    graph, _ = import_graph()
    current = {frozenset(c) for c in strongly_connected(graph)}
    assert set(ALLOWED_CYCLES) <= current


def test_no_private_names_imported_across_modules() -> None:
    _, edges = import_graph()
    found = private_imports(edges)
    assert not found, "private imports:\n" + "\n".join(found)


def test_the_graph_sees_function_level_imports(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker itself: a cycle hidden inside a function is still a cycle."""
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from desktop.b import thing\n")
    (package / "b.py").write_text("def thing():\n    from . import a\n    from .a import _x\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    graph, edges = import_graph()
    assert strongly_connected(graph) == [["desktop.a", "desktop.b"]]
    assert private_imports(edges) == ["desktop/b.py:3 imports _x from desktop.a"]


if __name__ == "__main__":
    graph, edges = import_graph()
    for component in strongly_connected(graph):
        print(describe_cycle(component, edges))
    print("\n".join(private_imports(edges)))
