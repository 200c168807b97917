"""The import graph: the store never reaches up, and store, analysis and faces form no cycle.

docs/architecture.md ("Store, analysis and faces") draws the direction; this reads every
``import`` in src/ (lazy ones inside functions too) and checks it, so an upward edge shows as a
failure rather than as a cycle someone finds later.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
#: What each package must not import (directly or lazily): everything above it.
FORBIDDEN = {
    "merge": {"store", "formats", "analysis", "runner", "distributed", "faces", "pipeline"},
    "formats": {"store", "analysis", "runner", "distributed", "faces", "pipeline"},
    "store": {"analysis", "runner", "distributed", "faces", "pipeline", "events", "actors", "places", "time",
              "language", "ingest"},
    "analysis": {"runner", "distributed", "faces", "pipeline"},
    "runner": {"distributed", "faces"},
    "distributed": {"faces"},
    # the coder's layers (docs/architecture.md, "The coder"): each reads only the layers below it
    "stages": {"pipeline", "runner", "store", "analysis", "faces", "distributed"},
    "context": {"stages", "events", "pipeline", "runner", "store", "analysis", "faces"},
    "events": {"stages", "context", "pipeline", "runner", "store", "analysis", "faces"},
    "places": {"stages", "context", "events", "pipeline", "runner", "store", "analysis", "faces"},
    "actors": {"stages", "context", "events", "places", "pipeline", "runner", "store", "analysis", "faces"},
    "time": {"stages", "context", "events", "places", "pipeline", "runner", "store", "analysis", "faces"},
    "language": {"stages", "context", "events", "places", "actors", "time", "pipeline", "runner", "store",
                 "analysis", "faces"},
    "nonevents": {"stages", "context", "events", "places", "pipeline", "runner", "store", "analysis", "faces"},
    "confidence": {"stages", "context", "events", "places", "actors", "time", "language", "pipeline", "runner",
                   "store", "analysis", "faces"},
}
MINE = {"merge", "formats", "store", "analysis", "runner", "distributed", "faces"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _imports() -> dict[str, set[str]]:
    """Module -> the flashpoint modules it imports (``from a import b``: a.b when b is a module)."""
    files = {_module(path): path for path in (SRC / "flashpoint").rglob("*.py")}
    found: dict[str, set[str]] = defaultdict(set)
    for name, path in files.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                targets = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in files else node.module
                           for alias in node.names]
            else:
                continue
            found[name].update(target for target in targets if target.startswith("flashpoint.") and target != name)
    return found


def _package(module: str) -> str:
    """The top-level package (or module) of ``flashpoint.store.query``: ``store``."""
    return module.split(".")[1] if "." in module else ""


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def test_no_package_imports_upward():
    upward = sorted((module, target) for module, targets in _imports().items() for target in targets
                    if _package(target) in FORBIDDEN.get(_package(module), ()))
    assert not upward


def test_store_analysis_and_faces_are_in_no_cycle():
    packages: dict[str, set[str]] = defaultdict(set)
    for module, targets in _imports().items():
        packages[_package(module)].update(_package(target) for target in targets if _package(target) != _package(module))
    assert not [cycle for cycle in _cycles(packages) if cycle & MINE]


def test_no_cycle_between_modules_of_store_analysis_formats():
    for package in ("store", "analysis", "formats", "merge"):
        inside = {module: {target for target in targets if _package(target) == package}
                  for module, targets in _imports().items() if _package(module) == package}
        assert not _cycles(inside), package
