"""The graph stage's records as DataFrames: per module, per component, per coupled pair.

``file_graph_columns`` gives the columns the file frame joins by path, so that scores can
use how central, tangled and coupled a file is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pandas as pd

from debtscan.graphing import Architecture, NodeMetrics

METRIC_COLUMNS = ["fan_in", "fan_out", "instability", "pagerank", "blast_radius", "depth",
                  "cycle"]  # fmt: skip
FILE_GRAPH_COLUMNS = ["component", *METRIC_COLUMNS, "in_cycle", "external_imports", "coupling",
                      "hidden_coupling"]  # fmt: skip
MODULE_COLUMNS = ["module", "path", "component", *METRIC_COLUMNS, "external_imports",
                  "stdlib_imports", "external_modules"]  # fmt: skip
COMPONENT_COLUMNS = ["component", "modules", *METRIC_COLUMNS, "external_imports"]
COUPLING_COLUMNS = ["first", "second", "shared", "revisions_first", "revisions_second",
                    "average_revisions", "degree", "hidden", "across_components",
                    "import_path", "first_component", "second_component"]  # fmt: skip


def module_frame(architecture: Architecture) -> pd.DataFrame:
    """One row per module of the import graph, most depended-upon first."""
    graph = architecture.import_graph
    rows = [
        {
            "module": module,
            "path": attrs["path"],
            "component": attrs["component"],
            **_metrics(architecture.modules.get(module)),
            "external_imports": attrs["external"],
            "stdlib_imports": attrs["stdlib"],
            "external_modules": " ".join(attrs["external_modules"]),
        }
        for module, attrs in graph.nodes(data=True)
    ]
    frame = pd.DataFrame(rows, columns=MODULE_COLUMNS).astype({"instability": float})
    return frame.sort_values(["blast_radius", "module"], ascending=[False, True], ignore_index=True)


def component_frame(architecture: Architecture) -> pd.DataFrame:
    """One row per component, most depended-upon first."""
    rows = [
        {
            "component": name,
            "modules": attrs["modules"],
            **_metrics(architecture.components.get(name)),
            "external_imports": attrs["external"],
        }
        for name, attrs in architecture.component_graph.nodes(data=True)
    ]
    frame = pd.DataFrame(rows, columns=COMPONENT_COLUMNS).astype({"instability": float})
    return frame.sort_values(
        ["blast_radius", "component"], ascending=[False, True], ignore_index=True
    )


def coupling_frame(architecture: Architecture) -> pd.DataFrame:
    """One row per coupled pair of files: hidden coupling first, across components first."""
    rows = [{key: getattr(pair, key) for key in COUPLING_COLUMNS} for pair in architecture.coupling]
    return pd.DataFrame(rows, columns=COUPLING_COLUMNS)


def file_graph_columns(architecture: Architecture) -> pd.DataFrame:
    """The graph columns of the file frame, indexed by path."""
    hidden = Counter(
        path for pair in architecture.coupling if pair.hidden for path in (pair.first, pair.second)
    )
    frame = module_frame(architecture).set_index("path")
    frame["in_cycle"] = frame["cycle"] > 0
    frame["coupling"] = [architecture.sum_of_coupling.get(p, 0) for p in frame.index]
    frame["hidden_coupling"] = [hidden.get(p, 0) for p in frame.index]
    return frame[FILE_GRAPH_COLUMNS]


def _metrics(metrics: NodeMetrics | None) -> Mapping[str, object]:
    if metrics is None:
        return dict.fromkeys(METRIC_COLUMNS)
    return {key: getattr(metrics, key) for key in METRIC_COLUMNS}
