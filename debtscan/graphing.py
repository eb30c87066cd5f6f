"""The import graph of the repository's own modules, in NetworkX."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

import networkx as nx

from debtscan.records import Analyzed, ImportRecord


def module_name(path: str) -> str:
    """The dotted module name of a repository path: ``src/pkg/mod.py`` is ``pkg.mod``."""
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if parts and parts[0] == "src" and len(parts) > 1:
        parts = parts[1:]  # the src/ layout: src/ is not a package
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def build_import_graph(analyzed: Iterable[Analyzed]) -> nx.DiGraph:
    """Modules as nodes (attribute ``path``), an edge for each import between two of them.

    Imports of modules outside the repository (standard library, third party) are not
    nodes; each node counts them in its ``external`` attribute.
    """
    files = list(analyzed)
    graph = nx.DiGraph()
    for file in files:
        graph.add_node(module_name(file.path), path=file.path, external=0)
    for file in files:
        source = module_name(file.path)
        is_package = file.path.endswith("__init__.py")
        for record in file.imports:
            targets = resolve_import(record, source, is_package=is_package, modules=graph)
            if not targets:
                graph.nodes[source]["external"] += 1
            for target in targets:
                if target != source:
                    graph.add_edge(source, target, line=record.line)
    return graph


def resolve_import(
    record: ImportRecord, importer: str, *, is_package: bool, modules: nx.DiGraph
) -> list[str]:
    """The repository modules an import refers to; empty for external modules.

    ``from pkg import mod`` refers to the submodule ``pkg.mod`` when there is one, else to
    ``pkg`` (a name defined in it). An absolute name resolves to its longest prefix that
    is a module of the repository.
    """
    base = record.module
    if record.level:
        package = importer.split(".") if is_package else importer.split(".")[:-1]
        anchor = package[: len(package) - (record.level - 1)] if record.level > 1 else package
        base = ".".join([*anchor, record.module] if record.module else anchor)
    targets = []
    for name in record.names:
        submodule = f"{base}.{name}" if base else name
        if name != "*" and submodule in modules:
            targets.append(submodule)
    if not targets or len(targets) < len(record.names):
        owner = _longest_module_prefix(base, modules)
        if owner is not None:
            targets.append(owner)
    return targets


def _longest_module_prefix(name: str, modules: nx.DiGraph) -> str | None:
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None
