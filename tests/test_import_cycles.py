"""DESIGN rule 8: no import cycles between the modules of hoagiai_desktop.

The graph is read from the source (AST), not from a running interpreter, so an import written inside a function —
the usual way a cycle is hidden — counts exactly like one at the top of the module. ``from package import name``
points at the submodule when ``name`` is one, else at the package's ``__init__``; the implicit import of a parent
package by its submodules is not an edge (Python always runs it first, and it cannot form a cycle on its own).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import hoagiai_desktop

PACKAGE_ROOT = Path(hoagiai_desktop.__file__).parent


def module_files(root: Path) -> dict[str, Path]:
    """Dotted module name → file, for every module of the package rooted at ``root`` (migrations excluded:
    Alembic loads those by path, nothing imports them)."""
    modules: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).with_suffix("")
        if "migrations" in relative.parts:
            continue
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imported_names(tree: ast.AST, package: str) -> Iterator[str]:
    """Every dotted name an import statement anywhere in ``tree`` (functions included) may refer to."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield f"{base}.{alias.name}"  # resolved to the submodule if it is one, else to ``base`` below


def import_graph(root: Path) -> dict[str, set[str]]:
    modules = module_files(root)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for target in _imported_names(ast.parse(path.read_text(encoding="utf-8")), package):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component: set[str] = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(_closed_path(graph, component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _closed_path(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """One concrete cycle through the component (a → b → … → a), so the failure says which imports to look at."""
    start = min(component)
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & component):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start]
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return sorted(component)


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph(PACKAGE_ROOT)
    assert "hoagiai_desktop.ui.application" in graph  # the walk found the package
    assert "hoagiai_desktop.storage.database" in graph["hoagiai_desktop.storage.backup"]
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(" → ".join(c) for c in found)


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


def test_a_cycle_hidden_in_a_function_is_found(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/render.py": "def render():\n    from pkg.finalise import load\n    return load()\n",
            "pkg/finalise.py": "from pkg.render import render\n\ndef load():\n    return 1\n",
            "pkg/other.py": "from . import render\n",
        },
    )
    assert cycles(import_graph(root)) == [["pkg.finalise", "pkg.render", "pkg.finalise"]]


def test_relative_imports_and_a_package_importing_its_submodules_are_not_cycles(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "pkg/__init__.py": "from pkg.sub.a import A\n",
            "pkg/sub/__init__.py": "from .a import A\n",
            "pkg/sub/a.py": "from ..util import helper\nfrom pkg.sub import b\nA = 1\n",
            "pkg/sub/b.py": "import pkg.util\n",
            "pkg/util.py": "def helper():\n    return 2\n",
        },
    )
    graph = import_graph(root)
    assert graph["pkg.sub.a"] == {"pkg.util", "pkg.sub.b"}
    assert graph["pkg.sub.b"] == {"pkg.util"}
    assert cycles(graph) == []
    (root / "util.py").write_text(
        "def helper():\n    from pkg.sub.a import A\n    return A\n", encoding="utf-8"
    )
    assert cycles(import_graph(root)) == [["pkg.sub.a", "pkg.util", "pkg.sub.a"]]
