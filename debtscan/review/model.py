"""The records of a quarterly review: what the HTML and Markdown documents show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from debtscan.config import GoalKind
from debtscan.periods import Period


class Direction(StrEnum):
    """How a figure moved between the two quarters."""

    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    CHANGED = "changed"  # moved, but it is context: neither better nor worse
    NEW = "new"  # no value in the previous quarter


@dataclass(frozen=True, kw_only=True)
class SnapshotRef:
    """The snapshot that stands for a quarter: the last one stored within it."""

    quarter: Period
    snapshot_id: int
    commit: str | None
    commit_date: datetime
    debtscan_version: str
    config_digest: str


@dataclass(frozen=True, kw_only=True)
class KpiChange:
    name: str
    label: str
    unit: str
    value: float | None  # None: not measured in this quarter's snapshot
    previous: float | None
    delta: float | None
    higher_is_better: bool | None
    direction: Direction


@dataclass(frozen=True, kw_only=True)
class HotspotRow:
    path: str
    rank: int | None  # in this quarter; None when the file is gone
    hotspot: float | None
    explanation: str
    health_before: float | None
    health_now: float | None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class HotspotChanges:
    """The hotspot list of the quarter, and how it differs from the previous one."""

    measure: str  # the health measure used to tell "resolved" from "quiet"
    definition: str  # which files make the list, in words
    current: tuple[HotspotRow, ...]
    new: tuple[HotspotRow, ...]
    resolved: tuple[HotspotRow, ...]  # left the list with a better health
    left_unimproved: tuple[HotspotRow, ...]  # left the list, health no better (or gone)


@dataclass(frozen=True, kw_only=True)
class CategoryChange:
    category: str
    before: int
    now: int
    added: int
    removed: int


class GoalStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NO_FILES = "no files"  # the goal's pattern matches no analysed file
    NO_DATA = "no data"  # nothing to compare with


@dataclass(frozen=True, kw_only=True)
class GoalResult:
    kind: GoalKind
    target: str
    files: int  # analysed files the target matches this quarter
    measure: str
    before: float | None
    now: float | None
    status: GoalStatus
    explanation: str


@dataclass(frozen=True, kw_only=True)
class Target:
    """A refactoring target for next quarter."""

    path: str
    interest: float  # debt minutes x revisions in the window
    debt_hours: float
    debt_money: float  # at today's configured hourly rate
    revisions: int
    explanation: str


@dataclass(frozen=True, kw_only=True)
class Risk:
    path: str
    risk: float
    owner: str
    explanation: str


@dataclass(frozen=True, kw_only=True)
class KnowledgeLoss:
    path: str
    people: str  # who held the knowledge and went inactive
    share: float  # 0-1, of the file's knowledge
    lines: int


@dataclass(frozen=True, kw_only=True)
class Trend:
    """Every stored quarter's value of each KPI, oldest quarter first."""

    quarters: tuple[str, ...]
    series: Mapping[str, tuple[float | None, ...]]  # KPI name -> value per quarter
    labels: Mapping[str, str]  # KPI name -> label
    units: Mapping[str, str]


@dataclass(frozen=True, kw_only=True)
class Review:
    repository: str
    quarter: Period
    how_chosen: str  # why this quarter: "as asked with --quarter", or the default's rule
    current: SnapshotRef
    previous: SnapshotRef | None
    notes: tuple[str, ...]  # what the reader must know to trust the comparison
    kpis: tuple[KpiChange, ...]
    trend: Trend
    hotspots: HotspotChanges | None
    risks: tuple[Risk, ...]
    knowledge: tuple[KnowledgeLoss, ...]
    modernization: tuple[CategoryChange, ...]
    readiness: KpiChange | None
    goals: tuple[GoalResult, ...]
    targets: tuple[Target, ...]
    currency: str  # of the targets' money
    # Sections whose data the snapshots do not hold, with a line saying why.
    unavailable: Mapping[str, str] = field(default_factory=dict)
