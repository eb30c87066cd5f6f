"""Time the graph stage on a real repository: graph build and metrics, step by step.

    python benchmarks/graph_benchmark.py PATH [--jobs N] [--repeat 3]

Scans PATH once (the analysis cache makes a second run fast), then runs each step of
the graph stage ``--repeat`` times on the scan's records and prints the best time of
each, with the sizes of what it built. Run by hand; the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from debtscan.config import load_config
from debtscan.graph_frames import component_frame, coupling_frame, file_graph_columns
from debtscan.graphing import build_architecture
from debtscan.graphing.components import ComponentNamer, build_component_graph
from debtscan.graphing.coupling import measure_coupling
from debtscan.graphing.cycles import find_cycles
from debtscan.graphing.metrics import ReachIndex, measure_nodes
from debtscan.graphing.naming import ModuleIndex
from debtscan.graphing.resolution import (
    build_import_graph,
    dependency_view,
    import_time_view,
    resolve_imports,
)
from debtscan.pipeline import scan
from debtscan.records import Analyzed


def best_of(repeat: int, step: Callable[[], Any]) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        value = step()
        times.append(time.perf_counter() - began)
    return min(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    config = load_config(args.path.resolve(), {"jobs": args.jobs})
    began = time.perf_counter()
    result = scan(args.path, config=config)
    print(f"scan (analysis, history, graph, score)  {time.perf_counter() - began:8.2f} s")
    analyzed = [o for o in result.outcomes if isinstance(o, Analyzed)]
    history, settings, repeat = result.history, config.architecture, args.repeat

    steps: list[tuple[str, Callable[[], Any]]] = []
    index = ModuleIndex(file.path for file in analyzed)
    imports = list(resolve_imports(analyzed, index))
    graph = build_import_graph(index, imports)
    namer = ComponentNamer(settings.components, settings.component_depth)
    for module, attrs in graph.nodes(data=True):
        attrs["component"] = namer(module, attrs["path"])
    dependencies = dependency_view(graph)
    import_time = import_time_view(graph)
    cycles = find_cycles(import_time)
    steps = [
        ("module index", lambda: ModuleIndex(file.path for file in analyzed)),
        ("resolve imports", lambda: list(resolve_imports(analyzed, index))),
        ("build import graph", lambda: build_import_graph(index, imports)),
        ("component graph", lambda: build_component_graph(graph)),
        ("cycles + feedback arcs", lambda: find_cycles(import_time)),
        ("module metrics", lambda: measure_nodes(dependencies, cycles)),
        ("reachability index", lambda: ReachIndex(graph)),
        ("change coupling",
         lambda: measure_coupling(history.change_sets, index.names, settings.coupling)),
        ("whole graph stage", lambda: build_architecture(analyzed, history=history, config=config,
                                                         rules=result.catalogue.rules)),
    ]  # fmt: skip
    print(f"\nbest of {repeat}:")
    architecture = None
    for name, step in steps:
        seconds, value = best_of(repeat, step)
        if name == "whole graph stage":
            architecture = value
        print(f"  {name:<26}{seconds * 1000:10.1f} ms")
    assert architecture is not None
    seconds, _ = best_of(repeat, lambda: (file_graph_columns(architecture),
                                          component_frame(architecture),
                                          coupling_frame(architecture)))  # fmt: skip
    print(f"  {'graph frames':<26}{seconds * 1000:10.1f} ms")

    largest = architecture.cycles[0].members if architecture.cycles else ()
    hidden = sum(pair.hidden for pair in architecture.coupling)
    print(
        f"\nrepository      {args.path.resolve().name}: {len(analyzed)} analysed files, "
        f"{history.commits_read} commits ({len(history.change_sets)} change sets in window)"
    )
    print(
        f"import graph    {graph.number_of_nodes()} modules, {graph.number_of_edges()} edges, "
        f"{len(imports)} resolved imports"
    )
    print(
        f"components      {architecture.component_graph.number_of_nodes()}, "
        f"{architecture.component_graph.number_of_edges()} edges, "
        f"{len(architecture.component_cycles)} component cycles"
    )
    print(
        f"cycles          {len(architecture.cycles)}, largest {len(largest)} modules, "
        f"{sum(len(c.breaking_edges) for c in architecture.cycles)} breaking edges"
    )
    print(f"coupling        {len(architecture.coupling)} pairs, {hidden} hidden")
    print(f"findings        {len(architecture.findings)} architecture findings")  # fmt: skip


if __name__ == "__main__":
    main()
