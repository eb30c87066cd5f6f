"""The CTO's quarterly review: a quarter against the previous one, from the history store.

build_review reads the store into a Review record; render (review/render.py) writes it
as review.html and review.md.
"""

from __future__ import annotations

from datetime import UTC, datetime

from debtscan.config import Config
from debtscan.periods import Period
from debtscan.review.actions import knowledge_lost, modernization, refactoring_targets, top_risks
from debtscan.review.figures import kpi_changes, kpi_trend
from debtscan.review.goals import evaluate_goals
from debtscan.review.hotspots import hotspot_changes
from debtscan.review.model import Review, SnapshotRef
from debtscan.review.selection import choose_quarter, quarter_snapshots
from debtscan.store import HistoryStore

UNAVAILABLE = {
    "hotspots": "No earlier quarter is stored: new and resolved hotspots need one.",
    "targets": "No file carries remediation debt in this quarter's snapshot.",
    "goals": "No goals are set: add [tool.debtscan.goals] to the configuration.",
}


def build_review(
    store: HistoryStore,
    *,
    repository: str,
    config: Config,
    quarter: Period | None = None,
    today: datetime | None = None,
) -> Review:
    """The review of ``quarter`` (default: see selection.choose_quarter) of the snapshots
    stored for ``repository``."""
    stored = quarter_snapshots(store.snapshots(repository))
    current, previous, how = choose_quarter(stored, quarter, today or datetime.now(UTC))
    files, findings = store.files(current.snapshot_id), store.findings(current.snapshot_id)
    old_files = store.files(previous.snapshot_id) if previous else None
    old_findings = store.findings(previous.snapshot_id) if previous else None
    kpis = store.kpis([ref.snapshot_id for ref in stored])
    changes = kpi_changes(
        kpis[kpis["snapshot_id"] == current.snapshot_id],
        kpis[kpis["snapshot_id"] == previous.snapshot_id] if previous else None,
    )
    summary = store.summary(current.snapshot_id)
    rate = config.scoring.hourly_rate
    targets = refactoring_targets(files, summary["refactoring_targets"], hourly_rate=rate)
    missing = {
        "hotspots": previous is None,
        "targets": not targets,
        "goals": not config.goals.listed(),
    }
    return Review(
        repository=repository,
        quarter=current.quarter,
        how_chosen=how,
        current=current,
        previous=previous,
        notes=_notes(current, previous),
        kpis=changes,
        trend=kpi_trend(stored, kpis),
        hotspots=hotspot_changes(files, old_files),
        risks=top_risks(files),
        knowledge=knowledge_lost(files, summary["inactive_people"]),
        modernization=modernization(findings, old_findings),
        readiness=next((c for c in changes if c.name == "readiness"), None),
        goals=evaluate_goals(config.goals.listed(), files, old_files),
        targets=targets,
        currency=config.scoring.currency,
        unavailable={name: UNAVAILABLE[name] for name, lacking in missing.items() if lacking},
    )


def _notes(current: SnapshotRef, previous: SnapshotRef | None) -> tuple[str, ...]:
    """What the reader must know before trusting the comparison."""
    if previous is None:
        return (
            f"No quarter before {current.quarter} is stored: there is nothing to compare "
            "with; `debtscan history backfill` records past quarters.",
        )
    notes = []
    if previous.quarter != current.quarter.shifted(-1):
        notes.append(
            f"No snapshot of {current.quarter.shifted(-1)} is stored: "
            f"{current.quarter} is compared with {previous.quarter}."
        )
    if previous.config_digest != current.config_digest:
        notes.append(
            "The two snapshots were taken with different configurations: part of "
            "a change may come from the configuration, not from the code."
        )
    if previous.debtscan_version != current.debtscan_version:
        notes.append(
            f"The two snapshots were taken by different debtscan versions "
            f"({previous.debtscan_version}, {current.debtscan_version}): rules and "
            "scores may differ."
        )
    return tuple(notes)
