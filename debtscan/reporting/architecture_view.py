"""The data of the report's architecture section: laid-out graphs, cycles, coupling.

Made from scan.json alone, like the rest of the page. Graphs are laid out in layers
(Sugiyama style): a node's row is its level, the nodes it depends on below it; inside
a row, nodes are ordered by the mean position of their neighbours in the row above
(the barycenter heuristic), which keeps most edges short and uncrossed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

MAX_COUPLING_ROWS = 200
MAX_CYCLE_ROWS = 50
# Components drawn in the overview: past this a graph is a hairball and costs the page
# tens of thousands of SVG elements. The others stay reachable from their neighbours.
MAX_DRAWN_COMPONENTS = 60


def architecture_view(document: dict[str, Any]) -> dict[str, Any]:
    """Everything the architecture script draws, JSON-ready."""
    components = _graph(document["component_graph"])
    modules = _graph(document["import_graph"])
    cycle_edges = _cycle_edges(document["component_cycles"], components)
    drawn = components.subgraph(drawn_components(components, MAX_DRAWN_COMPONENTS))
    return {
        "components": _drawing(drawn, cycle_edges),
        "components_total": components.number_of_nodes(),
        "modules": {
            name: _module_drawing(modules, name, document["cycles"]) for name in sorted(components)
        },
        "cycles": document["cycles"][:MAX_CYCLE_ROWS],
        "cycles_total": len(document["cycles"]),
        "component_cycles": document["component_cycles"],
        "coupling": document["coupling"][:MAX_COUPLING_ROWS],
        "coupling_total": len(document["coupling"]),
    }


def drawn_components(graph: nx.DiGraph, count: int) -> list[str]:
    """The ``count`` components the overview draws: those in an import cycle first, then
    the most modules, then the most dependents (fan-in)."""
    if graph.number_of_nodes() <= count:
        return list(graph)
    ranked = sorted(
        graph.nodes(data=True),
        key=lambda item: (
            not item[1].get("cycle"),
            -(item[1].get("modules") or 0),
            -(item[1].get("fan_in") or 0),
            item[0],
        ),
    )
    return [name for name, _ in ranked[:count]]


def layered_positions(graph: nx.DiGraph) -> dict[str, tuple[int, int]]:
    """(column, row) of each node; importers sit in rows above what they import.

    A node's level is the longest path from it down to a node without dependencies,
    counted on the condensation (cycle members share a level); row 0, at the top, holds
    the highest level. Columns: two barycenter sweeps, top-down, from the sorted order.
    """
    if not graph:
        return {}
    condensed = nx.condensation(graph)
    mapping = condensed.graph["mapping"]
    level: dict[int, int] = {}
    for c in reversed(list(nx.topological_sort(condensed))):
        level[c] = 1 + max((level[s] for s in condensed.successors(c)), default=-1)
    top = max(level.values())
    rows: dict[int, list[str]] = defaultdict(list)
    for node in sorted(graph):
        rows[top - level[mapping[node]]].append(node)
    column: dict[str, float] = {}
    for _ in range(2):
        for row in sorted(rows):

            def barycenter(node: str) -> float:
                above = [column[n] for n in graph.predecessors(node) if n in column]
                return sum(above) / len(above) if above else column.get(node, 0.0)

            rows[row].sort(key=lambda n: (barycenter(n), n))
            column.update({node: float(index) for index, node in enumerate(rows[row])})
    return {node: (int(column[node]), row) for row, nodes in rows.items() for node in nodes}


def _graph(node_link: dict[str, Any]) -> nx.DiGraph:
    graph = nx.DiGraph()
    for node in node_link["nodes"]:
        graph.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    for link in node_link["links"]:
        attrs = {k: v for k, v in link.items() if k not in ("source", "target")}
        graph.add_edge(link["source"], link["target"], **attrs)
    return graph


IMPORT_TIME_KINDS = ("runtime", "conditional", "dynamic")  # see graphing.resolution


def _cycle_edges(cycles: list[dict[str, Any]], graph: nx.DiGraph) -> set[tuple[str, str]]:
    """Edges between members of one cycle that run at import time (those closing it)."""
    edges = set()
    for cycle in cycles:
        members = set(cycle["members"])
        edges.update(
            (u, v)
            for u, v, kind in graph.subgraph(members).edges(data="kind")
            if kind in IMPORT_TIME_KINDS
        )
    return edges


def _drawing(graph: nx.DiGraph, cycle_edges: set[tuple[str, str]]) -> dict[str, Any]:
    runtime = nx.DiGraph(
        (u, v) for u, v, kind in graph.edges(data="kind") if kind != "type-checking"
    )
    runtime.add_nodes_from(graph)
    positions = layered_positions(runtime)
    metrics = ("modules", "path", "component", "fan_in", "fan_out", "instability",
               "blast_radius", "depth", "cycle", "external")  # fmt: skip
    return {
        "nodes": [
            {"id": node, "x": positions[node][0], "y": positions[node][1],
             **{key: attrs[key] for key in metrics if key in attrs}}
            for node, attrs in sorted(graph.nodes(data=True))
        ],
        "edges": [
            {"source": u, "target": v, "kind": attrs["kind"], "imports": attrs["imports"],
             "cycle": (u, v) in cycle_edges}
            for u, v, attrs in sorted(graph.edges(data=True))
        ],
    }  # fmt: skip


def _module_drawing(
    graph: nx.DiGraph, component: str, cycles: list[dict[str, Any]]
) -> dict[str, Any]:
    members = [n for n, c in graph.nodes(data="component") if c == component]
    inside = graph.subgraph(members)
    drawing = _drawing(inside, _cycle_edges(cycles, inside))
    uses: dict[str, int] = defaultdict(int)
    used_by: dict[str, int] = defaultdict(int)
    for node in members:
        for target in graph.successors(node):
            if graph.nodes[target]["component"] != component:
                uses[graph.nodes[target]["component"]] += 1
        for source in graph.predecessors(node):
            if graph.nodes[source]["component"] != component:
                used_by[graph.nodes[source]["component"]] += 1
    drawing["uses"] = sorted(uses.items(), key=lambda item: (-item[1], item[0]))
    drawing["used_by"] = sorted(used_by.items(), key=lambda item: (-item[1], item[0]))
    return drawing
