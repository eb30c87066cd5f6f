"""The executive summary: key figures, Python readiness, warnings and the top risks in words.

Shared by the HTML page and the Markdown summary, so that both say the same thing.
Each figure says plainly when it is not available and why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from debtscan.reporting import document as doc
from debtscan.reporting.formatting import hours, money, percent, plural, top_share

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


@dataclass(frozen=True, kw_only=True)
class Readiness:
    """Blockers on the way to a Python version: uses of what it (or an earlier one) removed."""

    version: str
    blockers: int  # cumulative: moving to 3.13 also means getting past what 3.12 removed
    files: int
    removed_here: int = 0  # uses of what this very version removes

    @property
    def scheduled(self) -> bool:
        """Whether the version is not released yet: its removals are announced."""
        return not doc.is_released(self.version)

    @property
    def sentence(self) -> str:
        if not self.blockers:
            return f"moving to {self.version}: no blockers found"
        return (
            f"moving to {self.version}: {plural(self.blockers, 'blocker')} "
            f"in {plural(self.files, 'file')}"
        )


@dataclass(frozen=True, kw_only=True)
class RiskStory:
    """A top risk in plain words: the file, a headline, and the facts behind it."""

    path: str
    rank: int
    score: float
    facts: tuple[str, ...]
    parts: dict[str, float]


def readiness(document: dict[str, Any]) -> list[Readiness]:
    """For each Python version that removes something the code uses: blockers and files.

    Cumulative: moving to 3.13 also means getting past what 3.12 removed.
    """
    rules = doc.rule_docs(document)
    by_version: dict[str, list[str]] = {}
    for finding in document["findings"]:
        version = doc.removed_in(finding, rules)
        if version:
            by_version.setdefault(version, []).append(finding["path"])
    result, paths = [], []
    for version in sorted(by_version, key=doc.version_key):
        paths += by_version[version]
        result.append(Readiness(version=version, blockers=len(paths), files=len(set(paths)),
                                removed_here=len(by_version[version])))  # fmt: skip
    return result


def headline_readiness(document: dict[str, Any]) -> Readiness | None:
    """Blockers on the way to the newest Python release; None without the rules' versions
    (a document without rule documentation cannot tell what a Python removes)."""
    if "rules" not in document:
        return None
    released = [r for r in readiness(document) if not r.scheduled]
    latest = doc.LATEST_PYTHON
    last = released[-1] if released else Readiness(version=latest, blockers=0, files=0)
    return Readiness(version=latest, blockers=last.blockers, files=last.files)


def legacy_by_category(document: dict[str, Any]) -> Counter[str]:
    """Findings per category, the code-health measures left out (they are not legacy)."""
    return Counter(
        f["category"] or "uncategorised"
        for f in document["findings"]
        if f["category"] not in doc.NON_LEGACY_CATEGORIES
    )


def warnings(document: dict[str, Any]) -> list[str]:
    """What the reader must know before trusting the figures."""
    found = []
    if document["history"]["message"]:
        found.append(document["history"]["message"])
    summary = document["summary"]
    if summary["files_failed"]:
        found.append(
            f"{plural(summary['files_failed'], 'file')} could not be analysed; "
            "see 'Files not analysed' at the end"
        )
    if not document["files"]:
        found.append("no Python files were analysed")
    return found


def headline(document: dict[str, Any]) -> str:
    """The summary in two or three sentences, from the figures this scan has."""
    summary = document["summary"]
    if not document["files"]:
        return "No Python files were analysed."
    lines = summary["lines"]
    size = f"{lines / 1_000_000:.1f} million" if lines >= 1_000_000 else f"{lines:,}"
    first = f"{plural(summary['files_analyzed'], 'Python file')} with {size} lines"
    if summary.get("debt_minutes") is not None:
        debt = hours(summary["debt_minutes"])
        if summary.get("debt_money"):
            debt += f" ({money(summary['debt_money'], summary.get('currency', ''))})"
        first += f" carry {debt} of technical debt"
        if summary.get("debt_rating"):
            first += f", rating {summary['debt_rating']}"
    sentences = [first + "."]
    if summary.get("hotspots") and summary.get("hotspot_health") is not None:
        sentences.append(
            f"The {plural(summary['hotspots'], 'hotspot')}, the code that changes most, "
            f"{'has' if summary['hotspots'] == 1 else 'have'} a code health of "
            f"{summary['hotspot_health']:.1f} / 10."
        )
    step = headline_readiness(document)
    if step is not None and step.blockers:
        sentences.append(
            f"{plural(step.blockers, 'use')} of removed modules and names in "
            f"{plural(step.files, 'file')} stand between the code and Python {step.version}."
        )
    (top,) = top_risks(document, 1)
    sentences.append(f"The riskiest file is {top.path}: {top.facts[0]}.")
    return " ".join(sentences)


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
        parts.append(f"interest {hours(summary['interest'])} per window")
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


def top_risks(document: dict[str, Any], count: int = 5) -> list[RiskStory]:
    """The riskiest files, each with the facts that put it there, in plain words."""
    files = doc.by_risk(document["files"])
    findings = Counter(f["path"] for f in document["findings"]
                       if f["category"] not in doc.NON_LEGACY_CATEGORIES)  # fmt: skip
    stories = []
    for file in files[:count]:
        stories.append(
            RiskStory(
                path=file["path"],
                rank=file.get("risk_rank") or file["rank"],
                score=doc.risk_score(file),
                facts=tuple(_facts(document, file, findings[file["path"]])),
                parts=doc.risk_parts(file),
            )
        )
    return stories


def _facts(document: dict[str, Any], file: dict[str, Any], legacy: int) -> list[str]:
    facts = []
    window = document["scan"]["window"]
    if doc.has_history(document):
        people = file["authors"]
        facts.append(
            f"changed {plural(file['revisions'], 'time')} in {window} "
            f"by {plural(people, 'person', 'people')}"
        )
    share = top_share(file["complexity_percentile"], len(document["files"]))
    facts.append(f"cyclomatic complexity {file['cyclomatic_total']:,} ({share})")
    if file.get("health") is not None:
        facts.append(f"code health {file['health']:.1f} / 10")
    if file.get("bugfixes"):
        facts.append(f"{plural(file['bugfixes'], 'bug fix', 'bug fixes')} in {window}")
    if legacy:
        facts.append(f"{plural(legacy, 'legacy finding')}")
    if file.get("debt_minutes"):
        facts.append(f"{hours(file['debt_minutes'])} of debt")
    dependents = file.get("blast_radius") or file["fan_in"]
    if dependents:
        facts.append(f"{plural(dependents, 'module')} depending on it")
    if file.get("main_developer") and file.get("ownership", 0) >= 0.5:
        facts.append(f"{percent(file['ownership'])} written by {file['main_developer']}")
    if file.get("abandoned"):
        facts.append("everyone who knew it has left")
    return facts
