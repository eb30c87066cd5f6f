"""scan.json: the canonical, versioned record of a scan (schema: reports/scan.schema.json).

Every other output (HTML, Markdown, SARIF, the history store) is made from this document,
so that they cannot disagree.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable, Collection
from datetime import datetime
from enum import StrEnum
from typing import Any

import networkx as nx
import pandas as pd

from debtscan.catalogue import format_version
from debtscan.graphing import Cycle
from debtscan.graphing.metrics import with_metrics
from debtscan.pipeline import ScanResult

# 1.1: findings and debt minutes per file, Python 2 dialect, documentation of the rules used
# 1.2: graph metrics per file, modules, components, their graph, cycles, change coupling
# 1.3: scores per file (code health, debt ratio and rating, interest, bugspots, knowledge,
#      risk and its parts), code health and revisions per function, scores per component,
#      people, debt per rule, the KPIs in the summary
# 1.4: autofix of the rules used (whether `debtscan fix` rewrites their findings)
# 1.5: kpis, the key figures as named records with unit and direction (the history store's)
# 1.6: history.per_file (commits per month and per author of each file)
SCHEMA_VERSION = "1.6"


def scan_document(result: ScanResult, parts: Collection[str] | None = None) -> dict[str, Any]:
    """The scan as plain JSON-ready data; only its ``parts`` when given (the history
    store keeps a few of them, and a backfill builds only those)."""
    builders = _part_builders(result)
    return {name: build() for name, build in builders.items() if parts is None or name in parts}


def _part_builders(result: ScanResult) -> dict[str, Callable[[], Any]]:
    git = result.discovery.git
    history = result.history
    architecture = result.architecture
    return {
        "schema_version": lambda: SCHEMA_VERSION,
        "tool": lambda: {"name": "debtscan", "version": result.version},
        "scan": lambda: {
            "repository": result.root.name,
            "commit": git.head if git else None,
            "branch": git.branch if git else None,
            "commit_date": _iso(git.head_date) if git else None,
            "started_at": _iso(result.started_at),
            "seconds": result.seconds,
            "config_digest": result.config.digest(),
            "window": result.config.since,
            "target_python": result.config.target_python,
        },
        "history": lambda: {
            "status": str(history.status),
            "message": history.message,
            "window_start": _iso(history.window_start),
            "window_end": _iso(history.window_end),
            "commits_read": history.commits_read,
            "commits_in_window": history.commits_in_window,
            "per_file": _per_file_history(result),
        },
        "summary": lambda: _summary(result),
        "files": lambda: _records(result.files),
        "functions": lambda: _records(result.functions),
        "findings": lambda: _records(result.findings),
        "outcomes": lambda: _records(result.outcome_table),
        "import_graph": lambda: _node_link(with_metrics(result.import_graph, architecture.modules)),
        "modules": lambda: _records(result.modules),
        "components": lambda: _records(result.components),
        "component_graph": lambda: _node_link(
            with_metrics(architecture.component_graph, architecture.components)
        ),
        "cycles": lambda: [_cycle(c) for c in architecture.cycles],
        "component_cycles": lambda: [_cycle(c) for c in architecture.component_cycles],
        "coupling": lambda: _records(result.coupling),
        "rules": lambda: _rules_used(result),
        "kpis": lambda: [dataclasses.asdict(kpi) for kpi in result.kpis],
        "people": lambda: _records(result.people),
        "debt_by_rule": lambda: _records(result.debt_by_rule),
    }


def _rules_used(result: ScanResult) -> list[dict[str, Any]]:
    """The documentation of every rule a finding refers to, for reports and SARIF."""
    used = set(result.findings["code"])
    rules = []
    for rule in result.catalogue.rules:
        if rule.code not in used:
            continue
        docs = result.catalogue.docs.get(rule.code)
        rules.append(
            {
                "code": rule.code,
                "name": rule.name,
                "category": rule.category,
                "severity": str(rule.severity),
                "minutes": rule.minutes,
                "fix": str(rule.fix),
                "fix_title": rule.fix_title,
                "autofix": rule.autofix,
                "deprecated_in": format_version(rule.deprecated_in) or None,
                "removed_in": format_version(rule.removed_in) or None,
                "docs": {
                    "what": docs.what,
                    "why": docs.why,
                    "example": docs.example,
                    "use_instead": docs.use_instead,
                    "fix_safety": docs.fix_safety,
                    "references": list(docs.references),
                }
                if docs
                else None,
            }
        )
    return rules


def to_json(document: dict[str, Any]) -> str:
    """scan.json without indentation: with ``indent`` Python's json module falls back from
    its C encoder to pure Python (sqlalchemy: 2.9 s instead of 0.3 s). ``jq .`` reads it."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _summary(result: ScanResult) -> dict[str, Any]:
    statuses = result.outcome_table["status"].value_counts()
    return {
        "files_analyzed": int(statuses.get("analyzed", 0)),
        "files_skipped": int(statuses.get("skipped", 0)),
        "files_failed": int(statuses.get("failed", 0)),
        "lines": int(result.files["lines"].sum()),
        "functions": len(result.functions),
        "findings": len(result.findings),
        "modules": result.import_graph.number_of_nodes(),
        "imports": result.import_graph.number_of_edges(),
        "components": result.architecture.component_graph.number_of_nodes(),
        "cycles": len(result.architecture.cycles),
        "modules_in_cycles": sum(len(c.members) for c in result.architecture.cycles),
        "coupled_pairs": len(result.coupling),
        "hidden_coupling": int(result.coupling["hidden"].sum()) if len(result.coupling) else 0,
        "files_python2": int((result.files["dialect"] == "python2").sum()),
        "debt_minutes": int(result.findings["minutes"].sum()),
        "suppressed": int(result.files["suppressed"].sum()),
        "findings_by_category": _by_category(result.findings),
        **{key: _plain(value) for key, value in dataclasses.asdict(result.summary).items()},
    }


def _by_category(findings: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Findings and remediation minutes per rule category, most minutes first."""
    grouped = findings.groupby("category")["minutes"].agg(["count", "sum"])
    grouped = grouped.sort_values(["sum", "count"], ascending=False)
    return {
        str(category): {"findings": int(row["count"]), "minutes": int(row["sum"])}
        for category, row in grouped.iterrows()
    }


def _per_file_history(result: ScanResult) -> dict[str, Any]:
    """For each analysed file with history: commits per month and commits per author."""
    per_file = {}
    for path in result.files["path"]:
        past = result.history.files.get(path)
        if past is not None:
            per_file[path] = {
                "monthly_revisions": dict(past.monthly_revisions),
                "author_commits": dict(
                    sorted(past.author_commits.items(), key=lambda item: (-item[1], item[0]))
                ),
            }
    return per_file


_AS_IS = frozenset({str, int, bool})


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:  # most values: exact types, so StrEnum members go on below
        return value
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, datetime | pd.Timestamp):
        return None if pd.isna(value) else _iso(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if value is pd.NaT or value is pd.NA or value is None:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return value


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def _node_link(graph: nx.DiGraph) -> dict[str, Any]:
    """NetworkX's node-link layout (``nx.node_link_data`` with ``edges="links"``)."""
    data = nx.node_link_data(graph, edges="links")
    return {
        "nodes": [{k: _plain(v) for k, v in node.items()} for node in data["nodes"]],
        "links": [{k: _plain(v) for k, v in link.items()} for link in data["links"]],
    }


def _cycle(cycle: Cycle) -> dict[str, Any]:
    return {
        "rank": cycle.rank,
        "members": list(cycle.members),
        "edges": cycle.edges,
        "breaking_edges": [{"source": s, "target": t} for s, t in cycle.breaking_edges],
    }
