"""Records become pandas DataFrames here, and the hotspots are scored and explained.

Hotspot (Tornhill, *Your Code as a Crime Scene*, 2015; CodeScene): code that is both
complex and changed often is where debt costs the most. Each factor is taken as a
percentile within the repository so that neither scale dominates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from debtscan.graph_frames import FILE_GRAPH_COLUMNS, file_graph_columns
from debtscan.graphing import Architecture, module_name
from debtscan.records import (
    Analyzed,
    Failed,
    FileFindings,
    History,
    HistoryStatus,
    Outcome,
    PlacedFinding,
    Skipped,
)

FILE_COLUMNS = [
    "path", "module", "dialect", "lines", "sloc", "comments", "functions", "cyclomatic_total",
    "cyclomatic_max", "maintainability", "findings", "debt_minutes", "suppressed", "revisions",
    "churn", "authors", "bugfixes", "revisions_total", "first_seen", "last_changed",
    *FILE_GRAPH_COLUMNS, "revisions_percentile", "complexity_percentile", "hotspot", "rank",
    "explanation",
]  # fmt: skip
FUNCTION_COLUMNS = [
    "path", "qualified_name", "start_line", "end_line", "lines", "arguments", "nesting",
    "cyclomatic", "cognitive", "bool_operators", "nested_chunks", "returns",
]  # fmt: skip
FINDING_COLUMNS = ["path", "code", "line", "message", "category", "severity", "minutes"]


def percentile(values: pd.Series) -> pd.Series:
    """Share of files whose value is at most this one's, in (0, 1]; 0 for a value of 0.

    ``p(x) = |{y : y <= x}| / n``, so the file with the largest value has 1.0 and files
    never changed (or without any branching) do not gain rank by being many.
    """
    if values.empty:
        return values.astype(float)
    ranks = values.rank(method="max", pct=True)
    return ranks.where(values > 0, 0.0)


def top_share(values: pd.Series) -> pd.Series:
    """Share of files whose value is at least this one's: "top 2 %" for the largest ones."""
    if values.empty:
        return values.astype(float)
    return 1.0 - values.rank(method="min", pct=False).sub(1).div(len(values))


def hotspot_scores(revisions: pd.Series, complexity: pd.Series, *, has_history: bool) -> pd.Series:
    """hotspot = p(revisions in the window) x p(cyclomatic complexity of the file).

    ``p`` is ``percentile``. Without history (no git, or no commits) the ranking falls
    back to p(complexity) alone, and the report says so.
    """
    complexity_percentile = percentile(complexity)
    if not has_history:
        return complexity_percentile
    return percentile(revisions) * complexity_percentile


def file_frame(
    outcomes: Sequence[Outcome], history: History, architecture: Architecture, *, window: str
) -> pd.DataFrame:
    """One row per analysed file: size, complexity, history, graph metrics, hotspot and why."""
    rows = [_file_row(o, history) for o in outcomes if isinstance(o, Analyzed)]
    frame = pd.DataFrame(rows, columns=FILE_COLUMNS[: FILE_COLUMNS.index(FILE_GRAPH_COLUMNS[0])])
    frame = frame.join(file_graph_columns(architecture), on="path")
    has_history = history.status in (HistoryStatus.COMPLETE, HistoryStatus.SHALLOW)
    frame["revisions_percentile"] = percentile(frame["revisions"])
    frame["complexity_percentile"] = percentile(frame["cyclomatic_total"])
    frame["hotspot"] = hotspot_scores(
        frame["revisions"], frame["cyclomatic_total"], has_history=has_history
    ).round(4)
    frame = frame.sort_values(
        ["hotspot", "cyclomatic_total", "revisions", "path"],
        ascending=[False, False, False, True],
        ignore_index=True,
    )
    frame["rank"] = range(1, len(frame) + 1)
    frame["explanation"] = _explanations(frame, window=window, has_history=has_history)
    return frame[FILE_COLUMNS]


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
        "cyclomatic_total": metrics.cyclomatic_total,
        "cyclomatic_max": metrics.cyclomatic_max,
        "maintainability": metrics.maintainability,
        "findings": len(outcome.findings),
        "debt_minutes": sum(finding.minutes for finding in outcome.findings),
        "suppressed": outcome.suppressed,
        "revisions": past.revisions if past else 0,
        "churn": past.churn if past else 0,
        "authors": len(past.authors) if past else 0,
        "bugfixes": past.bugfixes if past else 0,
        "revisions_total": past.revisions_total if past else 0,
        "first_seen": past.first_seen if past else pd.NaT,
        "last_changed": past.last_changed if past else pd.NaT,
    }


def _explanations(frame: pd.DataFrame, *, window: str, has_history: bool) -> list[str]:
    change_top = top_share(frame["revisions"])
    complexity_top = top_share(frame["cyclomatic_total"])
    texts = []
    for row, change, complex_ in zip(frame.itertuples(), change_top, complexity_top, strict=True):
        parts = []
        if has_history:
            times = "time" if row.revisions == 1 else "times"
            parts.append(f"changed {row.revisions} {times} in {window} ({_top(change)})")
        parts.append(f"cyclomatic {row.cyclomatic_total} ({_top(complex_)})")
        if has_history:
            parts.append(f"{row.authors} author{'s' if row.authors != 1 else ''}")
        texts.append(", ".join(parts))
    return texts


def _top(share: float) -> str:
    return f"top {max(1, math.ceil(share * 100))} %"


def function_frame(outcomes: Sequence[Outcome]) -> pd.DataFrame:
    """One row per function of the analysed files."""
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
