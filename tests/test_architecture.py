"""The layers import one way (docs/architecture.md):

    validations, mutasi   the domain core: no Dagster, no orchestration, no application
    orchestration         Dagster definitions over the core
    mutasi_cli            the `mutasi` command, the runner, the bench: on top of both

Imports are read from the source (every `import`, also inside functions), so a lazy import cannot hide a
dependency. Private Dagster/dagster-dbt/dbt APIs are used in orchestration/compat.py only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("mutasi", "validations", "orchestration", "mutasi_cli")
CORE = ("mutasi", "validations")
FRAMEWORKS = ("dagster", "dagster_dbt", "dagster_webserver", "dagster_graphql", "dagster_pipes", "dagster_shared")
COMPAT = "orchestration.compat"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def source_modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def imports_of(path: Path, name: str, known: set[str] | frozenset = frozenset()) -> list[tuple[str, int]]:
    """(imported module, line) for every import statement of a file; relative imports resolved.
    `from package import module` imports that module (a name of `known`), else the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known]
            found += [(module, node.lineno) for module in submodules]
            if len(submodules) < len(node.names):
                found.append((base, node.lineno))
    return found


def internal_graph() -> nx.DiGraph:
    modules = source_modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target, _ in imports_of(path, name, set(modules)):
            if target in modules and target != name:
                graph.add_edge(name, target)
    return graph


def test_the_graph_is_read():
    """Guards the tests below: they would pass on an empty graph."""
    graph = internal_graph()
    assert {"mutasi.ingest.snapshot", "orchestration.definitions", "mutasi_cli.main"} <= set(graph)
    assert graph.has_edge("orchestration.validate", "mutasi.ingest.snapshot")
    assert graph.has_edge("mutasi_cli.runner", "orchestration.definitions")  # an import inside a function


@pytest.mark.parametrize("package", CORE)
def test_the_core_imports_no_dagster_and_nothing_above_it(package):
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for name, path in source_modules().items()
        if name.split(".")[0] == package
        for target, line in imports_of(path, name)
        if target.split(".")[0] in (*FRAMEWORKS, "orchestration", "mutasi_cli")
    ]
    assert offending == [], "the domain core must not import Dagster or the layers above it:\n" + "\n".join(offending)


def test_validations_uses_only_the_base_of_mutasi():
    """The extract contract's rules sit below the readers and the pipeline: of `mutasi` they use only the
    configuration and the parameter table, so `mutasi.ingest` can run them without a cycle between the two."""
    allowed = {"mutasi", "mutasi.config", "mutasi.params"}
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for name, path in source_modules().items()
        if name.startswith("validations")
        for target, line in imports_of(path, name)
        if target.split(".")[0] == "mutasi" and target not in allowed
    ]
    assert offending == []


def test_orchestration_does_not_import_the_application():
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for name, path in source_modules().items()
        if name.startswith("orchestration")
        for target, line in imports_of(path, name)
        if target.split(".")[0] == "mutasi_cli"
    ]
    assert offending == []


def test_no_import_cycles():
    cycles = [
        sorted(component) for component in nx.strongly_connected_components(internal_graph()) if len(component) > 1
    ]
    assert cycles == [], f"modules importing each other: {cycles}"


def test_private_framework_apis_only_in_the_compat_module():
    """`dagster._…`, `dagster_dbt._…` and dbt's internals are imported by orchestration/compat.py alone, and
    no class elsewhere overrides a private method of a framework class."""
    offending = []
    for name, path in source_modules().items():
        if name == COMPAT:
            continue
        for target, line in imports_of(path, name):
            parts = target.split(".")
            if parts[0] in (*FRAMEWORKS, "dbt") and (parts[0] == "dbt" or any(p.startswith("_") for p in parts[1:])):
                offending.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        framework_names = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FRAMEWORKS
            for alias in node.names
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id in framework_names for b in node.bases
            ):
                offending += [
                    f"{path.relative_to(ROOT)}:{item.lineno} {node.name}.{item.name} overrides a private method"
                    for item in node.body
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                    and item.name.startswith("_")
                    and not item.name.startswith("__")
                ]
    assert offending == [], "move these into orchestration/compat.py:\n" + "\n".join(offending)
