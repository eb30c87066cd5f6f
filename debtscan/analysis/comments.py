"""What comments say: findings of the comment rules, and inline suppressions.

``# debtscan: ignore[DS101, DS3]`` or ``# debtscan: ignore`` silences the findings
reported on its own line (those whose code starts with a listed code, or all of them).
Silenced findings are not lost: each file counts them, so that a code base cannot hide
its debt behind comments unseen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from debtscan.analysis.tables import RuleTables
from debtscan.catalogue import report
from debtscan.records import Finding

_SUPPRESSION = re.compile(r"#\s*debtscan:\s*ignore\b(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)

# Line -> code prefixes silenced there; the empty prefix silences every code.
Suppressions = Mapping[int, frozenset[str]]
EVERY_CODE = frozenset({""})


def read_suppression(comment: str) -> frozenset[str] | None:
    """The code prefixes a comment suppresses (EVERY_CODE for a bare ignore), or None."""
    if "debtscan" not in comment:
        return None
    found = _SUPPRESSION.search(comment)
    if found is None:
        return None
    if found["codes"] is None:
        return EVERY_CODE
    codes = found["codes"].upper().replace(" ", "").split(",")
    return frozenset(code for code in codes if code) or EVERY_CODE


def apply_suppressions(
    findings: Iterable[Finding], suppressions: Suppressions
) -> tuple[list[Finding], int]:
    """(the findings kept, how many were suppressed)."""
    kept: list[Finding] = []
    suppressed = 0
    for finding in findings:
        codes = suppressions.get(finding.line)
        if codes is not None and any(finding.code.startswith(code) for code in codes):
            suppressed += 1
            continue
        kept.append(finding)
    return kept, suppressed


def comment_findings(tables: RuleTables, line: int, comment: str) -> list[Finding]:
    """The comment rules that match a comment (its text with the "#") on ``line``."""
    findings = []
    for comment_rule in tables.comments:
        if comment_rule.first_lines is not None and line > comment_rule.first_lines:
            continue
        found = comment_rule.pattern.search(comment)
        if found is not None:
            said = (found.groupdict().get("text") or "").strip()
            findings.append(report(comment_rule.rule, line, text=said))
    return findings
