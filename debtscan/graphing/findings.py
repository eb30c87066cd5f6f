"""The architecture findings (DS900-DS999, reserved for the engine in rules/README.md).

They need the whole repository, not one file, so the graph stage makes them rather than
the rule engine; each is placed at the file (and line) where it would be fixed.
"""

from __future__ import annotations

from dataclasses import dataclass

from debtscan.records import Finding, PlacedFinding, Severity

CATEGORY = "architecture"


@dataclass(frozen=True, kw_only=True)
class ArchitectureRule:
    code: str
    name: str
    severity: Severity
    minutes: int  # remediation effort of one finding, SQALE-style

    def place(
        self,
        path: str,
        line: int,
        message: str,
        *,
        related: tuple[str, ...] = (),
        severity: Severity | None = None,
    ) -> PlacedFinding:
        finding = Finding(
            code=self.code,
            line=line,
            message=message,
            category=CATEGORY,
            severity=severity or self.severity,
            minutes=self.minutes,
        )
        return PlacedFinding(path=path, finding=finding, related_paths=related)


# An import that a cycle's breaking set removes: moving code or inverting a dependency.
IMPORT_CYCLE = ArchitectureRule(
    code="DS901", name="import-cycle", severity=Severity.MEDIUM, minutes=60
)
LAYER_VIOLATION = ArchitectureRule(
    code="DS902", name="layer-violation", severity=Severity.HIGH, minutes=60
)
FORBIDDEN_IMPORT = ArchitectureRule(
    code="DS903", name="forbidden-import", severity=Severity.HIGH, minutes=45
)
# Medium across components, low inside one: see coupling.hidden_coupling_findings.
HIDDEN_COUPLING = ArchitectureRule(
    code="DS904", name="hidden-coupling", severity=Severity.MEDIUM, minutes=120
)
