"""The summary cards: code health, debt, rating, truck factor, legacy, readiness, history.

Shared by the HTML page and the Markdown summary. Each figure says plainly when it is
not available and why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from debtscan.reporting import document as doc
from debtscan.reporting.formatting import hours, money, percent, plural
from debtscan.reporting.readiness import headline_readiness

NOT_SCORED = "not in this scan: no scoring results"
NO_RULES = "not in this scan: no rule findings"


@dataclass(frozen=True, kw_only=True)
class KeyFigure:
    """One card of the summary. ``value`` is empty when the figure is not available."""

    key: str
    label: str
    value: str
    detail: str  # the context of the value, or why it is missing
    tone: str = ""  # "good", "warn", "bad" or "" (neutral); always said in words too

    @property
    def available(self) -> bool:
        return bool(self.value)


def legacy_by_category(document: dict[str, Any]) -> Counter[str]:
    """Findings per category, the code-health measures left out (they are not legacy)."""
    return Counter(
        f["category"] or "uncategorised"
        for f in document["findings"]
        if f["category"] not in doc.NON_LEGACY_CATEGORIES
    )


def key_figures(document: dict[str, Any]) -> list[KeyFigure]:
    """The summary cards, in reading order."""
    return [
        _health(document),
        _hotspot_health(document),
        _debt(document),
        _rating(document),
        _truck_factor(document),
        _legacy(document),
        _readiness(document),
        _history(document),
        _size(document),
    ]


def _health(document: dict[str, Any]) -> KeyFigure:
    summary = document["summary"]
    value = summary.get("health_average")
    if value is None:
        return KeyFigure(key="health", label="Code health", value="", detail=NOT_SCORED)
    worst = summary.get("worst_file")
    detail = "LOC-weighted average, 10 is healthy"
    if worst:
        detail += f"; worst: {worst} ({summary.get('worst_health', 0):.1f})"
    return KeyFigure(key="health", label="Code health", value=f"{value:.1f} / 10",
                     detail=detail, tone=_health_tone(value))  # fmt: skip


def _hotspot_health(document: dict[str, Any]) -> KeyFigure:
    summary = document["summary"]
    value = summary.get("hotspot_health")
    label = "Hotspot code health"
    if value is None:
        reason = NOT_SCORED if "health_average" not in summary else "no hotspots"
        return KeyFigure(key="hotspot_health", label=label, value="", detail=reason)
    count = summary.get("hotspots")
    detail = "the code that changes most" + (f": {plural(count, 'file')}" if count else "")
    return KeyFigure(key="hotspot_health", label=label, value=f"{value:.1f} / 10",
                     detail=detail, tone=_health_tone(value))  # fmt: skip


def _debt(document: dict[str, Any]) -> KeyFigure:
    summary = document["summary"]
    minutes = summary.get("debt_minutes")
    if minutes is None:
        return KeyFigure(key="debt", label="Technical debt", value="", detail=NOT_SCORED)
    parts = []
    if summary.get("debt_money") is not None:
        parts.append(money(summary["debt_money"], summary.get("currency", "")))
    if summary.get("interest"):
        # debt minutes x commits (scoring.debt.interest): hours times changes, as the CLI says
        window = document["scan"]["window"]
        parts.append(f"interest {hours(summary['interest'])} x changes in {window}")
    detail = " · ".join(parts) or "remediation effort (SQALE)"
    return KeyFigure(key="debt", label="Technical debt", value=hours(minutes), detail=detail)


def _rating(document: dict[str, Any]) -> KeyFigure:
    summary = document["summary"]
    grade = summary.get("debt_rating")
    if not grade:
        return KeyFigure(key="rating", label="Debt rating", value="", detail=NOT_SCORED)
    ratio = summary.get("debt_ratio")
    detail = "A ≤ 5 %, B ≤ 10 %, C ≤ 20 %, D ≤ 50 %, E above"
    if ratio is not None:
        detail = f"debt ratio {percent(ratio)} of the cost to rewrite; {detail}"
    tone = {"A": "good", "B": "good", "C": "warn"}.get(str(grade), "bad")
    return KeyFigure(key="rating", label="Debt rating", value=str(grade), detail=detail, tone=tone)


def _truck_factor(document: dict[str, Any]) -> KeyFigure:
    label = "Truck factor"
    gap = doc.history_gap(document)
    value = document["summary"].get("truck_factor")
    if gap or value is None:
        return KeyFigure(key="truck_factor", label=label, value="", detail=gap or NOT_SCORED)
    people = document["summary"].get("truck_factor_people") or []
    detail = "people who, leaving, would orphan over half the files"
    if people:
        detail += ": " + ", ".join(people[:3]) + (" …" if len(people) > 3 else "")
    tone = "bad" if value <= 1 else "warn" if value == 2 else ""
    return KeyFigure(key="truck_factor", label=label, value=str(value), detail=detail, tone=tone)


def _legacy(document: dict[str, Any]) -> KeyFigure:
    counts = legacy_by_category(document)
    label = "Legacy findings"
    if "rules" not in document and not document["findings"]:
        return KeyFigure(key="legacy", label=label, value="", detail=NO_RULES)
    detail = ", ".join(f"{category} {n:,}" for category, n in counts.most_common(3))
    return KeyFigure(key="legacy", label=label, value=f"{sum(counts.values()):,}",
                     detail=detail or "none found")  # fmt: skip


def _readiness(document: dict[str, Any]) -> KeyFigure:
    step = headline_readiness(document)
    label = "Python readiness"
    if step is None:
        reason = NO_RULES if not document["findings"] else "not in this scan: no rule versions"
        return KeyFigure(key="readiness", label=label, value="", detail=reason)
    value = plural(step.blockers, "blocker") if step.blockers else "ready"
    return KeyFigure(key="readiness", label=label, value=value, detail=step.sentence,
                     tone="bad" if step.blockers else "good")  # fmt: skip


def _history(document: dict[str, Any]) -> KeyFigure:
    history, label = document["history"], "History window"
    gap = doc.history_gap(document)
    if gap:
        return KeyFigure(key="history", label=label, value="", detail=gap, tone="warn")
    start, end = (history["window_start"] or "")[:10], (history["window_end"] or "")[:10]
    detail = f"{document['scan']['window']}: {start} to {end}"
    if history["status"] == "shallow":
        detail += "; shallow clone, history truncated"
    value = plural(history["commits_in_window"], "commit")
    return KeyFigure(key="history", label=label, value=value, detail=detail,
                     tone="warn" if history["status"] == "shallow" else "")  # fmt: skip


def _size(document: dict[str, Any]) -> KeyFigure:
    summary = document["summary"]
    detail = f"{summary['lines']:,} lines in {plural(summary['functions'], 'function')}"
    left_out = summary["files_skipped"] + summary["files_failed"]
    if left_out:
        detail += f"; {left_out:,} not analysed"
    return KeyFigure(key="size", label="Files analysed", value=f"{summary['files_analyzed']:,}",
                     detail=detail)  # fmt: skip


def _health_tone(value: float) -> str:
    return "good" if value >= 8 else "warn" if value >= 4 else "bad"
