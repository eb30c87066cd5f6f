"""Components: modules rolled up to their packages, or to groups named in the config."""

from __future__ import annotations

import re
from collections.abc import Mapping

import networkx as nx

from debtscan.graphing.resolution import KIND_STRENGTH

TOP_LEVEL = "(top level)"  # the component of modules outside any package


class ComponentNamer:
    """Names the component of a module, code-maat's ``-g`` style when groups are given.

    ``groups`` maps a component name to a regex searched in the module's repository path;
    the first that matches, in the order of the configuration, wins. A module matching
    none belongs to its package (a package's ``__init__`` to the package itself), cut to
    its first ``depth`` parts when ``depth`` is above 0.
    """

    def __init__(self, groups: Mapping[str, str], depth: int = 0) -> None:
        self._groups = [(name, re.compile(pattern)) for name, pattern in groups.items()]
        self._depth = depth

    def __call__(self, module: str, path: str) -> str:
        for name, pattern in self._groups:
            if pattern.search(path):
                return name
        is_package = path.endswith("__init__.py")
        package = module if is_package else module.rpartition(".")[0]
        if self._depth and package:
            package = ".".join(package.split(".")[: self._depth])
        return package or TOP_LEVEL


def build_component_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """The module graph rolled up to components (node attribute ``component``).

    A component's ``modules`` and ``external`` imports are its members' sums; an edge
    between two components sums the ``imports`` of the module edges it stands for, has
    ``dependencies`` (how many module edges), and takes the kind that binds most.
    """
    rolled = nx.DiGraph()
    for _, attrs in graph.nodes(data=True):
        name = attrs["component"]
        if name not in rolled:
            rolled.add_node(name, modules=0, external=0)
        rolled.nodes[name]["modules"] += 1
        rolled.nodes[name]["external"] += attrs["external"]
    for u, v, attrs in graph.edges(data=True):
        source, target = graph.nodes[u]["component"], graph.nodes[v]["component"]
        if source == target:
            continue
        if not rolled.has_edge(source, target):
            rolled.add_edge(source, target, imports=0, dependencies=0, kinds=set())
        edge = rolled.edges[source, target]
        edge["imports"] += attrs["imports"]
        edge["dependencies"] += 1
        edge["kinds"].update(attrs["kinds"])
    for _, _, attrs in rolled.edges(data=True):
        attrs["kinds"] = tuple(k for k in KIND_STRENGTH if k in attrs["kinds"])
        attrs["kind"] = attrs["kinds"][0]
    return rolled
