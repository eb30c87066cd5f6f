"""Reading a scan document for the reports: the fields each part needs, when they are there.

scan.json grows by minor versions as stages add scores; a report made from an older or
partial document shows what it has and says what it lacks. Every optional field the
reports read is looked up here, so a renamed field is changed in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from debtscan.records import HistoryStatus

# Risk parts (DESIGN.md section 2): contribution columns "risk_<part>" of a scored file.
RISK_PARTS = ("change", "complexity", "bugfixes", "legacy", "centrality", "knowledge")
RISK_PART_LABELS = {
    "change": "change x size",
    "complexity": "complexity",
    "bugfixes": "bug fixes",
    "legacy": "legacy findings",
    "centrality": "dependents",
    "knowledge": "knowledge concentration",
}
# The newest stable Python release: readiness leads with it, and later versions' removals
# are "scheduled". Update it with each October release.
LATEST_PYTHON = "3.14"
# Categories that measure the shape of code rather than its age: not "legacy".
NON_LEGACY_CATEGORIES = frozenset({"code-health"})


def has_history(document: dict[str, Any]) -> bool:
    return document["history"]["status"] in (HistoryStatus.COMPLETE, HistoryStatus.SHALLOW)


def history_gap(document: dict[str, Any]) -> str:
    """Why history-based figures are missing, in plain words; empty when they are not."""
    history = document["history"]
    match history["status"]:
        case HistoryStatus.NO_GIT:
            return "no history: not a git repository"
        case HistoryStatus.NO_COMMITS:
            return "no history: the repository has no commits yet"
        case HistoryStatus.NOT_READ:
            return "no history: this scan read the code only"
    return ""


def is_scored(document: dict[str, Any]) -> bool:
    """Whether the files carry the scores of the scoring stage (health, debt, risk)."""
    files = document["files"]
    return bool(files) and "risk" in files[0]


def risk_parts(file: dict[str, Any]) -> dict[str, float]:
    """What makes up a file's ranking: risk contributions, or the two hotspot factors.

    With risk scores, each part's contribution (they sum to the risk); without them the
    hotspot's factors, the percentiles of change frequency and of complexity.
    """
    if "risk" in file:
        return {part: float(file.get(f"risk_{part}") or 0.0) for part in RISK_PARTS}
    return {
        "change": float(file.get("revisions_percentile") or 0.0),
        "complexity": float(file.get("complexity_percentile") or 0.0),
    }


def code_health(record: dict[str, Any]) -> float | None:
    """A file's or function's code health 1-10 (scan.json 1.3 on), None before scoring."""
    value = record.get("code_health")
    return None if value is None else float(value)


def size_factor(file: dict[str, Any]) -> float:
    """The effort factor that scaled the file's risk (1: not scaled; see scoring.risk)."""
    return float(file.get("risk_effort") or 1.0)


def risk_score(file: dict[str, Any]) -> float:
    """The file's risk when scored, else its hotspot score (both in [0, 1])."""
    return float(file["risk"] if file.get("risk") is not None else file["hotspot"])


def by_risk(files: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Files from the highest risk down (risk rank when scored, hotspot rank else)."""
    return sorted(files, key=lambda f: (f.get("risk_rank") or f["rank"], f["path"]))


def by_interest(files: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The refactoring order: interest (debt x revisions) first, then risk."""
    return sorted(by_risk(files), key=lambda f: -(f.get("interest") or 0))


def component_of(file: dict[str, Any]) -> str:
    """The file's component: from the graph or scoring stage, else its top folder."""
    if file.get("component"):
        return str(file["component"])
    path = str(file["path"])
    return path.split("/", 1)[0] if "/" in path else "(root)"


def folder_of(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def rule_docs(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The rules the findings reference (with their documentation), by code."""
    return {rule["code"]: rule for rule in document.get("rules") or ()}


def removed_in(finding: dict[str, Any], rules: dict[str, dict[str, Any]]) -> str | None:
    """The Python version that removes what a finding points at, if any."""
    return finding.get("removed_in") or (rules.get(finding["code"]) or {}).get("removed_in")


def version_key(version: str) -> tuple[int, ...]:
    """ "3.13" -> (3, 13), so that 3.9 sorts before 3.13."""
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def is_released(version: str) -> bool:
    """Whether a Python version is out (at most LATEST_PYTHON)."""
    return version_key(version) <= version_key(LATEST_PYTHON)


def per_file_history(document: dict[str, Any], path: str) -> dict[str, Any]:
    """Commits per month and per author of one file; empty without history."""
    return (document["history"].get("per_file") or {}).get(path) or {}
