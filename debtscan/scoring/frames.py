"""Records become pandas DataFrames here: one row per file, function, finding and outcome."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pandas as pd

from debtscan.graph_frames import file_graph_columns
from debtscan.graphing import Architecture, module_name
from debtscan.records import (
    Analyzed,
    Failed,
    FileFindings,
    FunctionRecord,
    History,
    Outcome,
    PlacedFinding,
    Skipped,
)

MEASURE_COLUMNS = [
    "path", "module", "dialect", "lines", "sloc", "comments", "functions", "classes",
    "class_methods_max", "class_lines_max", "cyclomatic_total", "cyclomatic_max",
    "maintainability", "suppressed", "revisions", "recent_changes", "churn", "authors",
    "bugfixes", "revisions_total", "first_seen", "last_changed",
]  # fmt: skip
FUNCTION_COLUMNS = ["path", *(f.name for f in dataclasses.fields(FunctionRecord))]
FINDING_COLUMNS = ["path", "code", "line", "message", "category", "severity", "minutes"]


def measure_frame(
    outcomes: Sequence[Outcome], history: History, architecture: Architecture
) -> pd.DataFrame:
    """One row per analysed file: size, complexity, classes, history, and the graph
    stage's columns (component, fan-in and fan-out, blast radius, cycles, coupling)."""
    rows = [_file_row(o, history) for o in outcomes if isinstance(o, Analyzed)]
    frame = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    return frame.join(file_graph_columns(architecture), on="path")


def _file_row(outcome: Analyzed, history: History) -> dict[str, object]:
    metrics = outcome.metrics
    past = history.files.get(outcome.path)
    return {
        "path": outcome.path,
        "module": module_name(outcome.path),
        "dialect": str(outcome.dialect),
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
        "suppressed": outcome.suppressed,
        "revisions": past.revisions if past else 0,
        "recent_changes": past.recent_changes if past else 0.0,
        "churn": past.churn if past else 0,
        "authors": len(past.authors) if past else 0,
        "bugfixes": past.bugfixes if past else 0,
        "revisions_total": past.revisions_total if past else 0,
        "first_seen": past.first_seen if past else pd.NaT,
        "last_changed": past.last_changed if past else pd.NaT,
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


def finding_frame(
    outcomes: Sequence[Outcome],
    repository: Sequence[FileFindings] = (),
    placed: Sequence[PlacedFinding] = (),
) -> pd.DataFrame:
    """One row per finding, with the file it is in: analysed and failed Python files
    (an unparseable file is a finding too), the repository's packaging files, and the
    findings the graph stage ``placed`` (architecture)."""
    rows = [
        {"path": o.path, **{k: getattr(f, k) for k in FINDING_COLUMNS[1:]}}
        for o in (*outcomes, *repository)
        if isinstance(o, Analyzed | Failed | FileFindings)
        for f in o.findings
    ]
    rows += [
        {"path": p.path, **{k: getattr(p.finding, k) for k in FINDING_COLUMNS[1:]}} for p in placed
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
