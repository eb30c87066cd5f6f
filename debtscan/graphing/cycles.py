"""Import cycles: strongly connected components, and a few imports that would break each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from debtscan.catalogue import GraphFinding
from debtscan.graphing.findings import ArchitectureRules
from debtscan.records import PlacedFinding


@dataclass(frozen=True, kw_only=True)
class Cycle:
    """A tangle of modules (or components) that all depend on each other, transitively."""

    rank: int  # 1 for the largest
    members: tuple[str, ...]
    edges: int  # dependencies between the members
    breaking_edges: tuple[tuple[str, str], ...]  # removing these makes the members acyclic


def find_cycles(graph: nx.DiGraph, *, weight: str = "imports") -> tuple[Cycle, ...]:
    """The strongly connected components of more than one node, largest first.

    Each comes with the edges a greedy feedback-arc-set heuristic removes to make it
    acyclic (see ``feedback_arcs``): a small set, not necessarily the smallest.
    """
    tangles = []
    for members in nx.strongly_connected_components(graph):
        if len(members) > 1:
            inside = graph.subgraph(members)
            tangles.append(
                (sorted(members), inside.number_of_edges(), feedback_arcs(inside, weight))
            )
    tangles.sort(key=lambda t: (-len(t[0]), -t[1], t[0]))
    return tuple(
        Cycle(rank=rank, members=tuple(members), edges=edges, breaking_edges=tuple(arcs))
        for rank, (members, edges, arcs) in enumerate(tangles, 1)
    )


def feedback_arcs(graph: nx.DiGraph, weight: str = "imports") -> list[tuple[str, str]]:
    """Edges whose removal leaves ``graph`` acyclic, by the greedy heuristic of Eades, Lin
    and Smyth ("A fast and effective heuristic for the feedback arc set problem", 1993).

    Nodes are laid out in a sequence: sinks go to the end and sources to the front as they
    appear; otherwise the node with the largest ``δ(u) = w_out(u) - w_in(u)`` goes to the
    front. The edges pointing backwards in that sequence are the feedback arcs. Weighted
    by the number of import statements, the heuristic prefers cutting thin dependencies.
    It is a heuristic: the minimum feedback arc set is NP-hard.
    """
    remaining = nx.DiGraph(graph)
    front: list[str] = []
    back: list[str] = []
    while remaining:
        moved = True
        while moved:
            moved = False
            for node in sorted(n for n in remaining if remaining.out_degree(n) == 0):
                back.append(node)
                remaining.remove_node(node)
                moved = True
            for node in sorted(n for n in remaining if remaining.in_degree(n) == 0):
                front.append(node)
                remaining.remove_node(node)
                moved = True
        if remaining:
            best = max(
                sorted(remaining),
                key=lambda n: remaining.out_degree(n, weight) - remaining.in_degree(n, weight),
            )
            front.append(best)
            remaining.remove_node(best)
    position = {node: index for index, node in enumerate(front + back[::-1])}
    return sorted((u, v) for u, v in graph.edges if position[u] > position[v])


def cycle_findings(
    cycles: Iterable[Cycle], graph: nx.DiGraph, rules: ArchitectureRules
) -> list[PlacedFinding]:
    """One finding per breaking edge, at the first line that imports the target.

    The message names no sizes or counts: the quality gate knows a finding by its path,
    code and message, and a cycle that grows must not make its old cuts look new.
    """
    if GraphFinding.IMPORT_CYCLE not in rules:
        return []
    findings = []
    for cycle in cycles:
        for source, target in cycle.breaking_edges:
            findings.append(
                rules.place(
                    GraphFinding.IMPORT_CYCLE,
                    graph.nodes[source]["path"],
                    graph.edges[source, target]["lines"][0],
                    related=(graph.nodes[target]["path"],),
                    module=source,
                    imported=target,
                )
            )
    return findings
