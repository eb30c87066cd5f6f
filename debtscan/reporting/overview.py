"""The executive summary in words: the headline, the warnings and the top risks.

Shared by the HTML page and the Markdown summary, so that both say the same thing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from debtscan.reporting import document as doc
from debtscan.reporting.formatting import hours, money, percent, plural, top_share
from debtscan.reporting.readiness import headline_readiness


@dataclass(frozen=True, kw_only=True)
class RiskStory:
    """A top risk in plain words: the file, a headline, and the facts behind it."""

    path: str
    rank: int
    score: float
    facts: tuple[str, ...]
    parts: dict[str, float]


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
    health = doc.code_health(file)
    if health is not None:
        facts.append(f"code health {health:.1f} / 10")
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
        # Every author by degree of authorship is inactive; others may still commit to it.
        facts.append("its main authors (by degree of authorship) are all inactive")
    return facts
