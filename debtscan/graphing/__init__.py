"""The graph stage: the import graph and the change-coupling graph of the repository.

resolve imports -> module graph -> cycles and metrics -> components -> contracts ->
change coupling and the coupling no import explains.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from debtscan.catalogue import Rule, ignore_per_path
from debtscan.config import Config
from debtscan.graphing.components import ComponentNamer, build_component_graph
from debtscan.graphing.contracts import check_contracts
from debtscan.graphing.coupling import (
    CouplingPair,
    hidden_coupling_findings,
    measure_coupling,
    place_pairs,
)
from debtscan.graphing.cycles import Cycle, cycle_findings, find_cycles
from debtscan.graphing.findings import ArchitectureRules
from debtscan.graphing.metrics import NodeMetrics, ReachIndex, measure_nodes
from debtscan.graphing.naming import ModuleIndex, module_name
from debtscan.graphing.resolution import (
    build_import_graph,
    dependency_view,
    import_time_view,
    resolve_imports,
)
from debtscan.records import Analyzed, History, PlacedFinding

__all__ = ["Architecture", "CouplingPair", "Cycle", "NodeMetrics", "build_architecture",
           "module_name"]  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class Architecture:
    """What the graphs say about the repository's structure.

    ``import_graph``: modules (attributes ``path``, ``component``, ``external``, ...) and
    an edge per imported module (``kind``, ``kinds``, ``imports``, ``lines``); see
    ``resolution.build_import_graph``. ``component_graph``: the same rolled up to
    components. Metrics leave out edges made only of ``if TYPE_CHECKING:`` imports; cycles
    are those of the imports that run at import time (lazy ones inside functions left out).
    """

    import_graph: nx.DiGraph
    component_graph: nx.DiGraph
    modules: Mapping[str, NodeMetrics]
    components: Mapping[str, NodeMetrics]
    cycles: tuple[Cycle, ...]
    component_cycles: tuple[Cycle, ...]
    coupling: tuple[CouplingPair, ...]  # hidden pairs first
    sum_of_coupling: Mapping[str, int]  # path -> code-maat's soc
    findings: tuple[PlacedFinding, ...]  # of the selected graph rules, per-path ignores applied


def build_architecture(
    analyzed: Sequence[Analyzed], *, history: History, config: Config, rules: Iterable[Rule]
) -> Architecture:
    """The graphs of the analysed files and the history, their metrics, and the findings
    of the graph rules among ``rules`` (the scan's selected rules)."""
    index = ModuleIndex(file.path for file in analyzed)
    imports = list(resolve_imports(analyzed, index))
    graph = build_import_graph(index, imports)
    settings = config.architecture
    name_component = ComponentNamer(settings.components, settings.component_depth)
    for module, attrs in graph.nodes(data=True):
        attrs["component"] = name_component(module, attrs["path"])
    components = build_component_graph(graph)

    dependencies = dependency_view(graph)
    cycles = find_cycles(import_time_view(graph))
    component_dependencies = dependency_view(components)
    component_cycles = find_cycles(import_time_view(components))

    pairs, soc = measure_coupling(history.change_sets, index.names, settings.coupling)
    coupling = place_pairs(
        pairs,
        module_of=index.names,
        component_of={attrs["path"]: attrs["component"] for _, attrs in graph.nodes(data=True)},
        reach=ReachIndex(graph),  # any import, type-checking ones too, is a visible link
    )
    graph_rules = ArchitectureRules(rules)
    findings = ignore_per_path(
        [
            *cycle_findings(cycles, graph, graph_rules),
            *check_contracts(settings.contracts, imports, graph_rules),
            *hidden_coupling_findings(coupling, graph_rules),
        ],
        config.per_path_ignores,
    )
    return Architecture(
        import_graph=graph,
        component_graph=components,
        modules=measure_nodes(dependencies, cycles),
        components=measure_nodes(component_dependencies, component_cycles),
        cycles=cycles,
        component_cycles=component_cycles,
        coupling=tuple(coupling),
        sum_of_coupling=soc,
        findings=tuple(findings),
    )
