"""The drill-down of one file: its functions, findings, authors and change history.

Made for the files a reader is likely to open (the top of the risk and refactoring
rankings), so that a report of a large repository stays small.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from debtscan.reporting import document as doc

FUNCTION_FIELDS = ("qualified_name", "start_line", "end_line", "lines", "cyclomatic",
                   "cognitive", "nesting", "arguments", "smells")  # fmt: skip
FINDING_FIELDS = ("line", "code", "message", "category", "severity", "minutes")
FACT_FIELDS = ("revisions_total", "bugfixes", "first_seen", "last_changed", "fan_in", "fan_out",
               "maintainability", "blast_radius", "main_developer", "ownership", "health_smells",
               "debt_rating", "debt_ratio", "bugspots", "doa_authors", "fragmentation",
               "knowledge_lost", "abandoned", "risk_explanation")  # fmt: skip


def detail_paths(document: dict[str, Any], count: int) -> list[str]:
    """The files that get a detail page: the top ``count`` by risk and by interest."""
    files = document["files"]
    chosen = dict.fromkeys(f["path"] for f in doc.by_risk(files)[:count])
    chosen.update(dict.fromkeys(f["path"] for f in doc.by_interest(files)[:count]))
    return list(chosen)


def file_details(document: dict[str, Any], paths: list[str]) -> dict[str, dict[str, Any]]:
    """Per path: functions (most complex first), findings by line, authors, monthly commits."""
    wanted = set(paths)
    functions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for function in document["functions"]:
        if function["path"] in wanted:
            row = {key: function.get(key) for key in FUNCTION_FIELDS}
            row["health"] = doc.code_health(function)
            # The scoring stage counts commits per function for the top files only.
            row["changes"] = function.get("revisions")
            functions[function["path"]].append(row)
    findings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in document["findings"]:
        if finding["path"] in wanted:
            findings[finding["path"]].append({key: finding[key] for key in FINDING_FIELDS})
    end = (document["history"].get("window_end") or "")[:7]
    files = {f["path"]: f for f in document["files"]}
    details = {}
    for path in paths:
        past = doc.per_file_history(document, path)
        details[path] = {
            "facts": {key: files[path][key] for key in FACT_FIELDS if key in files[path]},
            "functions": sorted(functions[path], key=_function_order),
            "findings": sorted(findings[path], key=lambda f: (f["line"], f["code"])),
            "authors": [[name, n] for name, n in (past.get("author_commits") or {}).items()],
            "months": monthly_series(past.get("monthly_revisions") or {}, end=end),
        }
    return details


def _function_order(function: dict[str, Any]) -> tuple[int, int, int]:
    return (-(function.get("changes") or 0), -function["cyclomatic"], function["start_line"])


def monthly_series(counts: dict[str, int], *, end: str) -> dict[str, Any] | None:
    """Commits per month as one dense list from the first month with a commit to ``end``.

    ``counts`` maps "YYYY-MM" to commits; months without commits become 0. ``end`` is the
    month of the analysed commit, so a file quiet for years shows a flat tail.
    """
    if not counts:
        return None
    first = min(counts)
    last = max(end or max(counts), max(counts))
    year, month = int(first[:4]), int(first[5:7])
    values = []
    while f"{year:04d}-{month:02d}" <= last:
        values.append(counts.get(f"{year:04d}-{month:02d}", 0))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {"start": first, "counts": values}
