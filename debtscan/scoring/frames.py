"""Records become pandas DataFrames here: one row per file, function, finding and outcome."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import networkx as nx
import pandas as pd

from debtscan.graphing import module_name
from debtscan.records import Analyzed, Failed, FunctionRecord, History, Outcome, Skipped

MEASURE_COLUMNS = [
    "path", "module", "component", "lines", "sloc", "comments", "functions", "classes",
    "class_methods_max", "class_lines_max", "cyclomatic_total", "cyclomatic_max",
    "maintainability", "revisions", "recent_changes", "churn", "authors", "bugfixes",
    "revisions_total",
    "first_seen", "last_changed", "fan_in", "fan_out",
]  # fmt: skip
FUNCTION_COLUMNS = ["path", *(f.name for f in dataclasses.fields(FunctionRecord))]
FINDING_COLUMNS = ["path", "code", "line", "message", "category", "severity", "minutes"]


def component_of(module: str) -> str:
    """The package a module belongs to, at most two levels deep: ``pkg.sub.mod`` and
    ``pkg.sub.deeper.mod`` are in ``pkg.sub``, ``pkg.mod`` in ``pkg``; a top-level module
    (``setup``) is in "(root)". A package's ``__init__`` belongs to the package itself."""
    parts = module.split(".")
    package = parts[:-1] if len(parts) > 1 else []
    return ".".join(package[:2]) or "(root)"


def measure_frame(outcomes: Sequence[Outcome], history: History, graph: nx.DiGraph) -> pd.DataFrame:
    """One row per analysed file: size, complexity, classes, history and imports."""
    rows = [_file_row(o, history, graph) for o in outcomes if isinstance(o, Analyzed)]
    return pd.DataFrame(rows, columns=MEASURE_COLUMNS)


def _file_row(outcome: Analyzed, history: History, graph: nx.DiGraph) -> dict[str, object]:
    metrics = outcome.metrics
    past = history.files.get(outcome.path)
    module = module_name(outcome.path)
    node = module if module in graph else None
    is_package = outcome.path.endswith("__init__.py")
    return {
        "path": outcome.path,
        "module": module,
        "component": component_of(module + ".__init__" if is_package else module),
        "lines": metrics.lines,
        "sloc": metrics.sloc,
        "comments": metrics.comments,
        "functions": len(outcome.functions),
        "classes": len(outcome.classes),
        "class_methods_max": max((c.methods for c in outcome.classes), default=0),
        "class_lines_max": max((c.lines for c in outcome.classes), default=0),
        "cyclomatic_total": metrics.cyclomatic_total,
        "cyclomatic_max": metrics.cyclomatic_max,
        "maintainability": metrics.maintainability,
        "revisions": past.revisions if past else 0,
        "recent_changes": past.recent_changes if past else 0.0,
        "churn": past.churn if past else 0,
        "authors": len(past.authors) if past else 0,
        "bugfixes": past.bugfixes if past else 0,
        "revisions_total": past.revisions_total if past else 0,
        "first_seen": past.first_seen if past else pd.NaT,
        "last_changed": past.last_changed if past else pd.NaT,
        "fan_in": graph.in_degree(node) if node else 0,
        "fan_out": graph.out_degree(node) if node else 0,
    }


def function_frame(outcomes: Sequence[Outcome]) -> pd.DataFrame:
    """One row per function of the analysed files, with every measure of its record."""
    rows = [
        {"path": o.path, **vars(f)}
        for o in outcomes
        if isinstance(o, Analyzed)
        for f in o.functions
    ]
    return pd.DataFrame(rows, columns=FUNCTION_COLUMNS)


def finding_frame(outcomes: Sequence[Outcome]) -> pd.DataFrame:
    """One row per finding, with the file it is in."""
    rows = [
        {"path": o.path, **{k: getattr(f, k) for k in FINDING_COLUMNS[1:]}}
        for o in outcomes
        if isinstance(o, Analyzed)
        for f in o.findings
    ]
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    frame["severity"] = frame["severity"].astype(str)
    frame["minutes"] = frame["minutes"].astype(int)
    return frame


def outcome_frame(outcomes: Sequence[Outcome]) -> pd.DataFrame:
    """One row per file looked at: analyzed, skipped or failed, with the reason."""
    rows = []
    for o in outcomes:
        match o:
            case Analyzed():
                rows.append({"path": o.path, "status": "analyzed", "reason": "", "detail": ""})
            case Skipped():
                rows.append({"path": o.path, "status": "skipped", "reason": str(o.reason),
                             "detail": o.detail})  # fmt: skip
            case Failed():
                rows.append({"path": o.path, "status": "failed", "reason": str(o.reason),
                             "detail": o.detail})  # fmt: skip
    return pd.DataFrame(rows, columns=["path", "status", "reason", "detail"])
