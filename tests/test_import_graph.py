"""The import graph of our packages: no cycles, and the layers point one way.

Imports inside functions count too: a cycle hidden in a function is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("todo_reflex", "mcp_server")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path
            for package in PACKAGES for path in (ROOT / package).rglob("*.py")
            if "migrations" not in path.parts}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ours that ``name`` imports (``from pkg import mod`` names ``pkg.mod``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in found if module in known and module != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for child in graph[node]:
            if child not in index:
                visit(child)
                low[node] = min(low[node], low[child])
            elif child in stack:
                low[node] = min(low[node], index[child])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _is_package_init(name: str) -> bool:
    return (ROOT / name.replace(".", "/") / "__init__.py").exists()


def test_no_import_cycles() -> None:
    graph = _graph()
    # A package's __init__ re-exporting its modules is not a cycle of behaviour.
    acyclic = {name: {dep for dep in deps if not (_is_package_init(dep) and name.startswith(dep))}
               for name, deps in graph.items()}
    assert _cycles(acyclic) == []


LAYERS = [
    # (importer prefix, forbidden prefix)
    ("todo_reflex.core", "todo_reflex.states"),
    ("todo_reflex.core", "todo_reflex.components"),
    ("todo_reflex.core", "todo_reflex.pages"),
    ("todo_reflex.core", "todo_reflex.assistant"),
    ("todo_reflex.core", "mcp_server"),
    ("todo_reflex.assistant", "todo_reflex.states"),
    ("todo_reflex.assistant", "todo_reflex.components"),
    ("todo_reflex.states", "todo_reflex.components"),
    ("todo_reflex.states", "todo_reflex.pages"),
    ("todo_reflex.components", "todo_reflex.pages"),
    ("mcp_server", "todo_reflex.states"),
    ("mcp_server", "todo_reflex.assistant"),
]


@pytest.mark.parametrize(("importer", "forbidden"), LAYERS, ids=lambda v: v)
def test_layers_point_one_way(importer: str, forbidden: str) -> None:
    wrong = sorted(f"{name} -> {dep}" for name, deps in _graph().items()
                   if name.startswith(importer) for dep in deps if dep.startswith(forbidden))
    assert wrong == []


def test_the_graph_sees_function_level_imports() -> None:
    """Guard for the test itself: the parser finds known edges."""
    graph = _graph()
    assert "todo_reflex.core.tasks" in graph["todo_reflex.states.tasks"]
    assert "todo_reflex.states.auth" in graph["todo_reflex.states.chat"]
