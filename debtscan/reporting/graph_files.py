"""The import and component graphs as files for other tools: GraphML (Gephi, yEd) and DOT.

Both carry the metrics as node attributes. GraphML and DOT attributes are scalars, so
tuples are written space-separated and missing values are left out. DOT comes from
pydot (pure Python, no Graphviz needed to write it).
"""

from __future__ import annotations

import enum
from pathlib import Path

import networkx as nx
from networkx.drawing.nx_pydot import to_pydot

from debtscan.graphing.metrics import with_metrics
from debtscan.pipeline import ScanResult


def export_graphs(result: ScanResult) -> dict[str, nx.DiGraph]:
    """The graphs to export by file stem, with scalar attributes only."""
    architecture = result.architecture
    return {
        "imports": _scalars(with_metrics(architecture.import_graph, architecture.modules)),
        "components": _scalars(with_metrics(architecture.component_graph, architecture.components)),
    }


def write_graphml(graph: nx.DiGraph, path: Path) -> None:
    nx.write_graphml(graph, path, encoding="utf-8")


def dot_text(graph: nx.DiGraph) -> str:
    """DOT source; pydot quotes every name and value that needs it."""
    return to_pydot(graph).to_string()


def _scalars(graph: nx.DiGraph) -> nx.DiGraph:
    plain = nx.DiGraph()
    plain.add_nodes_from((node, _scalar_attrs(attrs)) for node, attrs in graph.nodes(data=True))
    plain.add_edges_from((u, v, _scalar_attrs(attrs)) for u, v, attrs in graph.edges(data=True))
    return plain


def _scalar_attrs(attrs: dict[str, object]) -> dict[str, object]:
    plain: dict[str, object] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, tuple | list | set | frozenset):
            value = " ".join(str(item) for item in value)
        elif isinstance(value, enum.Enum):
            value = str(value.value)
        plain[key] = value
    return plain
