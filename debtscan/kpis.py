"""The key figures of a scan (KPIs): what the quarterly review compares and trends.

A KPI is a name, a number, a unit and a direction (is higher better, worse, or neither?).
The store keeps whatever KPIs a scan measured, and the review shows every stored one
with its delta, so adding a measure below is all it takes to trend a new figure.
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
    """The scored frames of one scan, as the pipeline made them."""

    files: pd.DataFrame
    findings: pd.DataFrame
    outcomes: Sequence[Outcome]  # every file looked at: analyzed, skipped or failed
    architecture: Architecture
    config: Config
    rules: tuple[Rule, ...] = ()  # the rules the scan ran (for what blocks the target)


Measure = Callable[[KpiInputs], Iterable[Kpi]]


def measure_kpis(inputs: KpiInputs) -> tuple[Kpi, ...]:
    """Every KPI of ``MEASURES``, in their order."""
    return tuple(kpi for measure in MEASURES for kpi in measure(inputs))


def _size(inputs: KpiInputs) -> Iterator[Kpi]:
    files = inputs.files
    yield Kpi(
        name="files",
        label="Python files analysed",
        value=len(files),
        unit="files",
        higher_is_better=None,
    )
    yield Kpi(
        name="lines",
        label="Lines of Python",
        value=int(files["lines"].sum()),
        unit="lines",
        higher_is_better=None,
    )


def _maintainability(inputs: KpiInputs) -> Iterator[Kpi]:
    """LOC-weighted maintainability index: sum(MI_f * lines_f) / sum(lines_f).

    Radon's MI (0-100, after Oman and Hagemeister 1992, as rescaled by Visual Studio) over
    the files Python's ast could read; weighted by lines so a large file weighs more.
    """
    files = inputs.files.dropna(subset=["maintainability"])
    if files.empty or files["lines"].sum() == 0:
        return
    value = (files["maintainability"] * files["lines"]).sum() / files["lines"].sum()
    yield Kpi(
        name="maintainability",
        label="Maintainability index (line-weighted)",
        value=round(float(value), 2),
        unit="MI",
        higher_is_better=True,
    )


def _debt(inputs: KpiInputs) -> Iterator[Kpi]:
    """Technical debt (SQALE): the remediation minutes of every finding, summed, in hours."""
    minutes = float(inputs.findings["minutes"].sum()) if len(inputs.findings) else 0.0
    yield Kpi(
        name="debt_hours",
        label="Technical debt",
        value=round(minutes / 60, 2),
        unit="hours",
        higher_is_better=False,
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
        yield Kpi(
            name=f"findings.{category}",
            label=f"Findings: {category}",
            value=int(counts.get(category, 0)),
            unit="findings",
            higher_is_better=False,
        )


def _architecture(inputs: KpiInputs) -> Iterator[Kpi]:
    """Import cycles (tangles of modules that import each other at import time) and hidden
    coupling (files that change together with no import path between them)."""
    architecture = inputs.architecture
    yield Kpi(
        name="import_cycles",
        label="Import cycles",
        value=len(architecture.cycles),
        unit="cycles",
        higher_is_better=False,
    )
    yield Kpi(
        name="hidden_coupling",
        label="Hidden coupling (file pairs)",
        value=sum(1 for pair in architecture.coupling if pair.hidden),
        unit="pairs",
        higher_is_better=False,
    )


def blocking_codes(rules: Iterable[Rule], target: tuple[int, int]) -> frozenset[str]:
    """The rules whose findings stop code from running on the target Python: what was
    removed at or before it."""
    return frozenset(r.code for r in rules if r.removed_in is not None and r.removed_in <= target)


def _readiness(inputs: KpiInputs) -> Iterator[Kpi]:
    """Share of lines ready for the target Python: 100 * ready lines / all lines.

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
    target = inputs.config.target_python
    yield Kpi(
        name="readiness",
        label=f"Ready for Python {target}",
        value=round(100 * ready / total, 2),
        unit="%",
        higher_is_better=True,
    )


def _unparseable(inputs: KpiInputs) -> Iterator[Kpi]:
    failed = sum(1 for outcome in inputs.outcomes if isinstance(outcome, Failed))
    yield Kpi(
        name="files_failed",
        label="Files that do not parse",
        value=failed,
        unit="files",
        higher_is_better=False,
    )


# The KPIs of a scan, in the order the review lists them. Scoring figures (code health,
# hotspot health, debt money and rating, truck factor...) join here as they are computed.
MEASURES: tuple[Measure, ...] = (
    _size,
    _maintainability,
    _debt,
    _readiness,
    _architecture,
    _unparseable,
    _findings,
)
