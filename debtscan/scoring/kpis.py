"""The key figures of a scan (KPIs) as named records: what the history store keeps and
the quarterly review compares and trends.

A KPI is a name, a number, a unit and a direction (is higher better, worse, or neither?).
The figures come from the scoring (``ScoreSummary``: code health, debt, rating, truck
factor...), the graph stage (import cycles, hidden coupling) and the findings; this
module only names them, except the readiness for the target Python, computed here. The
review shows every stored KPI with its delta, so a measure added below is trended.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import pandas as pd

from debtscan.catalogue.model import Rule
from debtscan.config import Config
from debtscan.graphing import Architecture
from debtscan.records import Failed, Outcome
from debtscan.resources import shipped_dir
from debtscan.scoring.debt import Rating
from debtscan.scoring.summary import ScoreSummary


@dataclass(frozen=True, kw_only=True)
class Kpi:
    """One key figure. ``name`` is stable across versions (the store's key)."""

    name: str
    label: str
    value: float
    unit: str
    higher_is_better: bool | None  # None: context, neither good nor bad


@dataclass(frozen=True, kw_only=True)
class KpiInputs:
    """The scored frames and summary of one scan."""

    summary: ScoreSummary
    files: pd.DataFrame
    findings: pd.DataFrame
    outcomes: Sequence[Outcome]  # every file looked at: analyzed, skipped or failed
    architecture: Architecture
    config: Config
    rules: Sequence[Rule] = ()  # the rules the scan ran (for what blocks the target)


Measure = Callable[[KpiInputs], Iterable[Kpi]]


def measure_kpis(inputs: KpiInputs) -> tuple[Kpi, ...]:
    """Every KPI of ``MEASURES``, in their order."""
    return tuple(kpi for measure in MEASURES for kpi in measure(inputs))


def _kpi(name: str, label: str, value: float, unit: str, better: bool | None) -> Kpi:
    return Kpi(name=name, label=label, value=value, unit=unit, higher_is_better=better)


def _size(inputs: KpiInputs) -> Iterator[Kpi]:
    files = inputs.files
    yield _kpi("files", "Python files analysed", len(files), "files", None)
    yield _kpi("lines", "Lines of Python", int(files["lines"].sum()), "lines", None)
    yield _kpi("loc", "Lines of code", inputs.summary.loc, "LOC", None)


def _health(inputs: KpiInputs) -> Iterator[Kpi]:
    """Code health (1-10, LOC-weighted) of all files and of the hotspots (scoring.summary)."""
    summary = inputs.summary
    if summary.health_average is not None:
        yield _kpi("code_health", "Code health", summary.health_average, "of 10", True)
    if summary.hotspot_health is not None:
        yield _kpi(
            "hotspot_health", "Code health of the hotspots", summary.hotspot_health, "of 10", True
        )
    yield _kpi("hotspots", "Hotspots", summary.hotspots, "files", None)


# The SQALE rating as a number, so that it trends: A = 1 (best) to E = 5.
RATING_NUMBERS = {grade: number for number, grade in enumerate(Rating, start=1)}


def _debt(inputs: KpiInputs) -> Iterator[Kpi]:
    """Technical debt (SQALE) in hours and money, its ratio and rating, and the interest
    (debt x revisions), all from scoring.summary."""
    summary = inputs.summary
    yield _kpi("debt_hours", "Technical debt", round(summary.debt_minutes / 60, 2), "hours", False)
    yield _kpi("debt_money", "Technical debt in money", summary.debt_money, summary.currency, False)
    yield _kpi("debt_ratio", "Debt ratio", round(100 * summary.debt_ratio, 2), "%", False)
    yield _kpi(
        "debt_rating",
        "Debt rating (A=1 ... E=5)",
        RATING_NUMBERS[summary.debt_rating],
        "grade",
        False,
    )
    yield _kpi(
        "interest_hours",
        "Interest",
        round(summary.interest / 60, 2),
        "hours x changes",
        False,
    )


def _knowledge(inputs: KpiInputs) -> Iterator[Kpi]:
    """Truck factor (Avelino et al. 2016) of all files and of the hotspots, and what the
    people inactive for ``scoring.inactive-months`` left behind (scoring.summary)."""
    summary = inputs.summary
    yield _kpi("truck_factor", "Truck factor", summary.truck_factor, "people", True)
    yield _kpi(
        "hotspot_truck_factor",
        "Truck factor of the hotspots",
        summary.hotspot_truck_factor,
        "people",
        True,
    )
    yield _kpi(
        "abandoned_files", "Files whose authors all left", summary.abandoned_files, "files", False
    )


def finding_categories(findings: pd.DataFrame) -> list[str]:
    """The categories of the shipped rule catalogue (one TOML file each) and any other
    category that ``findings`` holds, so a category that falls to zero still has a KPI."""
    shipped = {path.stem for path in shipped_dir("rules").glob("*.toml")}
    found = set(findings["category"].dropna()) - {""} if len(findings) else set()
    return sorted(shipped | found)


def _findings(inputs: KpiInputs) -> Iterator[Kpi]:
    findings = inputs.findings
    counts = findings["category"].value_counts() if len(findings) else pd.Series(dtype=int)
    for category in finding_categories(findings):
        yield _kpi(
            f"findings.{category}",
            f"Findings: {category}",
            int(counts.get(category, 0)),
            "findings",
            False,
        )


def _architecture(inputs: KpiInputs) -> Iterator[Kpi]:
    """Import cycles (tangles of modules that import each other at import time) and hidden
    coupling (files that change together with no import path between them)."""
    architecture = inputs.architecture
    hidden = sum(1 for pair in architecture.coupling if pair.hidden)
    yield _kpi("import_cycles", "Import cycles", len(architecture.cycles), "cycles", False)
    yield _kpi("hidden_coupling", "Hidden coupling (file pairs)", hidden, "pairs", False)


def blocking_codes(rules: Iterable[Rule], target: tuple[int, int]) -> frozenset[str]:
    """The rules whose findings stop code from running on the target Python: what was
    removed at or before it."""
    return frozenset(r.code for r in rules if r.removed_in is not None and r.removed_in <= target)


def _readiness(inputs: KpiInputs) -> Iterator[Kpi]:
    """Share of lines ready for the target Python: 100 x ready lines / all lines.

    A file is not ready when it is Python 2, does not parse, or holds a finding of a rule
    whose API was removed at or before the target (``blocking_codes``).
    """
    files, findings = inputs.files, inputs.findings
    blocked = set(files.loc[files["dialect"] == "python2", "path"])
    if len(findings):
        blocking = blocking_codes(inputs.rules, inputs.config.target)
        blocked |= set(findings.loc[findings["code"].isin(blocking), "path"])
    failed_lines = sum(o.lines for o in inputs.outcomes if isinstance(o, Failed))
    total = int(files["lines"].sum()) + failed_lines
    if total == 0:
        return
    ready = int(files.loc[~files["path"].isin(blocked), "lines"].sum())
    yield _kpi(
        "readiness",
        f"Ready for Python {inputs.config.target_python}",
        round(100 * ready / total, 2),
        "%",
        True,
    )


def _unparseable(inputs: KpiInputs) -> Iterator[Kpi]:
    failed = sum(1 for outcome in inputs.outcomes if isinstance(outcome, Failed))
    yield _kpi("files_failed", "Files that do not parse", failed, "files", False)


# The KPIs of a scan, in the order the review lists them.
MEASURES: tuple[Measure, ...] = (
    _health,
    _debt,
    _knowledge,
    _readiness,
    _architecture,
    _unparseable,
    _size,
    _findings,
)
