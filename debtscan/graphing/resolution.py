"""Imports resolved to modules of the repository, and the module import graph they make."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import networkx as nx

from debtscan.graphing.naming import ModuleIndex
from debtscan.records import Analyzed, ImportKind, ImportRecord

# When one module imports another several ways, the edge takes the kind that binds most:
# a runtime import makes the dependency whatever lazy or type-checking ones add.
KIND_STRENGTH = (
    ImportKind.RUNTIME,
    ImportKind.CONDITIONAL,
    ImportKind.DYNAMIC,
    ImportKind.LAZY,
    ImportKind.TYPE_CHECKING,
)


# The kinds that run when the importing module is imported: only these can make an
# import fail on a partly initialised module, so only these close import cycles.
IMPORT_TIME_KINDS = frozenset({ImportKind.RUNTIME, ImportKind.CONDITIONAL, ImportKind.DYNAMIC})


@dataclass(frozen=True, kw_only=True)
class ResolvedImport:
    """One imported module: a module of the repository (``target``) or an external one."""

    importer: str  # module name
    path: str  # the importer's file
    line: int
    kind: ImportKind
    target: str | None  # a module of the repository; None for an external module
    name: str  # the absolute name imported ("" when a relative import leaves the tree)

    @property
    def external(self) -> bool:
        return self.target is None


def resolve_imports(files: Iterable[Analyzed], index: ModuleIndex) -> Iterator[ResolvedImport]:
    """Every import of every file, each imported module resolved (see ``resolve_import``)."""
    for file in files:
        importer = index.names[file.path]
        is_package = file.path.endswith("__init__.py")
        for record in file.imports:
            for target, name in resolve_import(record, importer, is_package=is_package,
                                               index=index):  # fmt: skip
                if target != importer:
                    yield ResolvedImport(importer=importer, path=file.path, line=record.line,
                                         kind=record.kind, target=target, name=name)  # fmt: skip


def resolve_import(
    record: ImportRecord, importer: str, *, is_package: bool, index: ModuleIndex
) -> list[tuple[str | None, str]]:
    """The modules an import refers to, as (repository module or None, absolute name).

    A relative import is anchored at the importer's package, ``level - 1`` packages up.
    ``from pkg import mod`` refers to the submodule ``pkg.mod`` when there is one, else
    to ``pkg`` (a name defined in it); ``import a.b.c`` to the longest prefix that is a
    module. A name found in no module of the repository is external.
    """
    base = record.module
    if record.level:
        package = importer.split(".") if is_package else importer.split(".")[:-1]
        if record.level - 1 > len(package):
            return [(None, "")]  # above the top of the tree: Python refuses it
        anchor = package[: len(package) - (record.level - 1)]
        base = ".".join([*anchor, record.module] if record.module else anchor)
    found: list[tuple[str | None, str]] = []
    rest = False  # some name is not a submodule: it is defined in ``base``
    for name in record.names or ():
        submodule = f"{base}.{name}" if base else name
        target = index.find(submodule, importer=importer) if name != "*" else None
        if target is not None and (target == submodule or target.endswith("." + submodule)):
            found.append((target, submodule))
        else:
            rest = True
    if rest or not record.names:
        target = index.find(base, importer=importer) if base else None
        found.append((target, base))
    return found


def build_import_graph(index: ModuleIndex, imports: Iterable[ResolvedImport]) -> nx.DiGraph:
    """Modules as nodes, an edge from importer to imported module for each pair.

    Node attributes: ``path``; ``external``, the imports of modules outside the
    repository (standard library, third party), counted, not nodes; ``stdlib``, how many
    of them are of the standard library; ``external_modules``, their top-level names.
    Edge attributes: ``kind`` (the one that binds most, see ``KIND_STRENGTH``),
    ``kinds`` (all of them), ``imports`` (how many import statements), ``lines``.
    """
    graph = nx.DiGraph()
    for name, path in index.paths.items():
        graph.add_node(name, path=path, external=0, stdlib=0, external_modules=set())
    for item in imports:
        if item.target is None:
            node = graph.nodes[item.importer]
            node["external"] += 1
            top = item.name.partition(".")[0]
            node["stdlib"] += top in sys.stdlib_module_names
            if top:
                node["external_modules"].add(top)
            continue
        if graph.has_edge(item.importer, item.target):
            edge = graph.edges[item.importer, item.target]
        else:
            graph.add_edge(item.importer, item.target, imports=0, kinds=set(), lines=[])
            edge = graph.edges[item.importer, item.target]
        edge["imports"] += 1
        edge["kinds"].add(item.kind)
        edge["lines"].append(item.line)
    for _, attrs in graph.nodes(data=True):
        attrs["external_modules"] = tuple(sorted(attrs["external_modules"]))
    for _, _, attrs in graph.edges(data=True):
        attrs["kinds"] = tuple(k for k in KIND_STRENGTH if k in attrs["kinds"])
        attrs["kind"] = attrs["kinds"][0]
        attrs["lines"] = tuple(sorted(attrs["lines"]))
    return graph


def dependency_view(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy of the graph without the edges made only of ``if TYPE_CHECKING:`` imports.

    Those exist for the type checker alone: no code runs them, so they do not tie
    modules at run time. Lazy imports do: a call needs the module it imports.
    """
    return _edges_where(graph, lambda kind: kind is not ImportKind.TYPE_CHECKING)


def import_time_view(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy of the graph with only the edges that run at import time (cycles form here).

    A lazy import (inside a function) is the usual way out of an import cycle: the
    dependency stays, and counts in the metrics, but the cycle no longer breaks imports.
    """
    return _edges_where(graph, lambda kind: kind in IMPORT_TIME_KINDS)


def _edges_where(graph: nx.DiGraph, keep: Callable[[ImportKind], bool]) -> nx.DiGraph:
    """``keep`` sees each edge's strongest kind (see ``KIND_STRENGTH``)."""
    view = nx.DiGraph()
    view.add_nodes_from(graph)
    view.add_edges_from(
        (u, v, attrs) for u, v, attrs in graph.edges(data=True) if keep(attrs["kind"])
    )
    return view
