"""The quality gate: fail only on what is new.

Existing debt never fails a build; what a change adds does. "New" is judged against a
baseline: a file committed to the repository (``debtscan baseline create``), or the scan
of the merge base of a git ref (``--new-code-since origin/main``). Findings are matched
by a fingerprint that survives unrelated edits (line numbers move, fingerprints do not).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import pandas as pd

from debtscan.config import GateSettings
from debtscan.errors import DebtscanError
from debtscan.fingerprints import finding_fingerprints
from debtscan.pipeline import ScanResult
from debtscan.records import Severity

BASELINE_VERSION = 1
SEVERITY_ORDER = list(Severity)  # info < low < medium < high < critical


class FailureKind(StrEnum):
    NEW_FINDING = "new-finding"
    HEALTH_DECLINE = "health-decline"
    NEW_CYCLE = "new-cycle"
    NEW_VIOLATION = "new-layer-violation"


@dataclass(frozen=True, kw_only=True)
class Baseline:
    """What existed: finding fingerprints, per-file health, import cycles."""

    commit: str | None
    fingerprints: frozenset[str]
    health: Mapping[str, float] = field(default_factory=dict)
    cycles: frozenset[frozenset[str]] = frozenset()


@dataclass(frozen=True, kw_only=True)
class GateFailure:
    """One reason the gate fails, with where and why."""

    kind: FailureKind
    path: str
    line: int
    message: str
    severity: Severity = Severity.HIGH


@dataclass(frozen=True, kw_only=True)
class GateVerdict:
    failures: tuple[GateFailure, ...]
    new_findings: int  # all new findings, failing or not
    compared_with: str  # "baseline file x", "merge base abc123 of origin/main"

    @property
    def passed(self) -> bool:
        return not self.failures


def baseline_of(result: ScanResult, *, renamed: Mapping[str, str] | None = None) -> Baseline:
    renamed = renamed or {}
    health = {}
    if "code_health" in result.files:
        health = {
            renamed.get(p, p): float(h)
            for p, h in zip(result.files["path"], result.files["code_health"], strict=True)
        }
    return Baseline(
        commit=result.discovery.git.head if result.discovery.git else None,
        fingerprints=frozenset(
            finding_fingerprints(result.findings.to_dict("records"), renamed=renamed)
        ),
        health=health,
        cycles=frozenset(frozenset(c) for c in import_cycles(result)),
    )


def import_cycles(result: ScanResult) -> list[list[str]]:
    """The import cycles of the scan, as the graph stage finds them (imports that run at
    import time; see graphing.resolution.import_time_view)."""
    return [list(cycle.members) for cycle in result.architecture.cycles]


def evaluate(
    baseline: Baseline,
    result: ScanResult,
    *,
    settings: GateSettings,
    compared_with: str,
    paths: Iterable[str] | None = None,
) -> GateVerdict:
    """Compare a scan with what existed; ``paths`` limits the findings judged (changed files)."""
    findings = result.findings
    if paths is not None:
        findings = findings[findings["path"].isin(set(paths))]
    keys = pd.Series(
        finding_fingerprints(result.findings.to_dict("records")), index=result.findings.index
    ).reindex(findings.index)
    new = findings[~keys.isin(baseline.fingerprints)]
    threshold = SEVERITY_ORDER.index(settings.fail_on)
    failing = new[new["severity"].map(lambda s: SEVERITY_ORDER.index(Severity(s))) >= threshold]
    failures = [
        GateFailure(
            kind=FailureKind.NEW_VIOLATION
            if row.category == "architecture"
            else FailureKind.NEW_FINDING,
            path=row.path,
            line=int(row.line),
            message=f"{row.code} {row.message}",
            severity=Severity(row.severity),
        )
        for row in failing.itertuples()
    ]
    if settings.health_decline:
        failures += _health_declines(baseline, result, settings)
    if settings.new_cycles:
        failures += _new_cycles(baseline, result)
    ordered = sorted(failures, key=lambda f: (-SEVERITY_ORDER.index(f.severity), f.path, f.line))
    return GateVerdict(failures=tuple(ordered), new_findings=len(new), compared_with=compared_with)


def _health_declines(
    baseline: Baseline, result: ScanResult, settings: GateSettings
) -> list[GateFailure]:
    if "code_health" not in result.files or not baseline.health:
        return []
    hotspots = result.files.nsmallest(settings.hotspots, "rank")
    failures = []
    for row in hotspots.itertuples():
        before = baseline.health.get(row.path)
        if before is not None and row.code_health < before - 1e-9:
            failures.append(
                GateFailure(
                    kind=FailureKind.HEALTH_DECLINE,
                    path=row.path,
                    line=1,
                    message=f"hotspot #{row.rank}: code health fell from {before:.1f} "
                    f"to {row.code_health:.1f}",
                )
            )
    return failures


def _new_cycles(baseline: Baseline, result: ScanResult) -> list[GateFailure]:
    graph = result.import_graph
    failures = []
    for cycle in import_cycles(result):
        if frozenset(cycle) in baseline.cycles:
            continue
        first = cycle[0]
        path = graph.nodes[first].get("path", first)
        failures.append(
            GateFailure(
                kind=FailureKind.NEW_CYCLE,
                path=path,
                line=1,
                message=f"new import cycle: {' -> '.join(cycle)} -> {cycle[0]}",
            )
        )
    return failures


# --- the baseline file ---------------------------------------------------------------


def write_baseline(baseline: Baseline, path: Path) -> None:
    document: dict[str, Any] = {
        "debtscan_baseline": BASELINE_VERSION,
        "commit": baseline.commit,
        "fingerprints": sorted(baseline.fingerprints),
        "health": dict(sorted(baseline.health.items())),
        "cycles": sorted(sorted(c) for c in baseline.cycles),
    }
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


def read_baseline(path: Path) -> Baseline:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DebtscanError(f"{path}: no such baseline file (debtscan baseline create)") from None
    except (OSError, ValueError) as error:
        raise DebtscanError(f"{path}: not a debtscan baseline: {error}") from None
    if not isinstance(document, dict) or document.get("debtscan_baseline") != BASELINE_VERSION:
        raise DebtscanError(f"{path}: not a debtscan baseline of version {BASELINE_VERSION}")
    return Baseline(
        commit=document.get("commit"),
        fingerprints=frozenset(document.get("fingerprints", [])),
        health={str(k): float(v) for k, v in document.get("health", {}).items()},
        cycles=frozenset(frozenset(c) for c in document.get("cycles", [])),
    )
