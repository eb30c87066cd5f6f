"""Python version readiness: what newer Pythons remove that the code still uses.

A finding of a rule with ``removed_in`` is a blocker for that version and every later
one; the report leads with the newest release (``document.LATEST_PYTHON``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from debtscan.reporting import document as doc
from debtscan.reporting.formatting import plural


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
