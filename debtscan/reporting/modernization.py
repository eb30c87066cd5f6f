"""The modernization view: legacy findings by category and rule, what newer Pythons remove,
Python 2 files, and what debtscan can fix by itself."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from debtscan.reporting import document as doc

PYTHON2_CATEGORY = "python2-syntax"  # rules that only fire on files Python 3 cannot parse
SEVERITIES = ("critical", "high", "medium", "low", "info")


@dataclass(frozen=True, kw_only=True)
class RuleUse:
    """How often one rule fired, where, and what fixing it takes."""

    code: str
    name: str
    category: str
    severity: str
    findings: int
    files: int
    minutes: int
    fix: str  # "safe", "unsafe", "none" or "" when the rule is not documented
    removed_in: str
    deprecated_in: str


@dataclass(frozen=True, kw_only=True)
class Removal:
    """One removed module or name in use, on the way to ``version``."""

    version: str
    code: str
    name: str
    findings: int
    places: tuple[tuple[str, int], ...]  # (path, line), first ones


@dataclass(frozen=True, kw_only=True)
class VersionRemovals:
    """What one Python version removes that the code uses."""

    version: str
    released: bool
    removals: tuple[Removal, ...]

    @property
    def findings(self) -> int:
        return sum(r.findings for r in self.removals)


@dataclass(frozen=True, kw_only=True)
class Python2File:
    path: str
    constructs: int  # Python 2 findings in the file
    lines: int
    codes: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Fixability:
    safe: int  # findings with a fix that keeps behaviour
    unsafe: int  # a fix exists but needs review
    manual: int
    safe_minutes: int  # effort the safe fixes take off the debt
    autofix: int  # findings `debtscan fix` rewrites (scan.json 1.4 on; 0 before)


def rule_uses(document: dict[str, Any]) -> list[RuleUse]:
    """Every rule that fired, the most findings first."""
    rules = doc.rule_docs(document)
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in document["findings"]:
        grouped[finding["code"]].append(finding)
    uses = []
    for code, findings in grouped.items():
        rule = rules.get(code) or {}
        uses.append(
            RuleUse(
                code=code,
                name=rule.get("name", ""),
                category=findings[0]["category"] or rule.get("category", ""),
                severity=findings[0]["severity"],
                findings=len(findings),
                files=len({f["path"] for f in findings}),
                minutes=sum(f["minutes"] for f in findings),
                fix=rule.get("fix", ""),
                removed_in=rule.get("removed_in") or "",
                deprecated_in=rule.get("deprecated_in") or "",
            )
        )
    return sorted(uses, key=lambda u: (-u.findings, u.code))


def removals(document: dict[str, Any], *, places: int = 20) -> list[Removal]:
    """Removed modules and names in use, by the version that removes them, then by rule."""
    rules = doc.rule_docs(document)
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for finding in document["findings"]:
        version = doc.removed_in(finding, rules)
        if version:
            grouped[version, finding["code"]].append(finding)
    found = [
        Removal(
            version=version,
            code=code,
            name=(rules.get(code) or {}).get("name", ""),
            findings=len(findings),
            places=tuple((f["path"], f["line"]) for f in findings[:places]),
        )
        for (version, code), findings in grouped.items()
    ]
    return sorted(found, key=lambda r: (doc.version_key(r.version), -r.findings, r.code))


def removals_by_version(document: dict[str, Any]) -> list[VersionRemovals]:
    """The removal inventory per Python version, the oldest version first."""
    grouped: dict[str, list[Removal]] = defaultdict(list)
    for removal in removals(document):
        grouped[removal.version].append(removal)
    return [
        VersionRemovals(version=v, released=doc.is_released(v), removals=tuple(found))
        for v, found in grouped.items()
    ]


def python2_files(document: dict[str, Any]) -> list[Python2File]:
    """Files in Python 2 syntax: what Python 3 cannot even import."""
    lines = {f["path"]: f["lines"] for f in document["files"]}
    grouped: dict[str, list[str]] = defaultdict(list)
    for finding in document["findings"]:
        if finding["category"] == PYTHON2_CATEGORY:
            grouped[finding["path"]].append(finding["code"])
    for file in document["files"]:
        if file.get("dialect") == "python2":
            grouped.setdefault(file["path"], [])
    return sorted(
        (
            Python2File(
                path=path,
                constructs=len(codes),
                lines=lines.get(path, 0),
                codes=tuple(sorted(set(codes))),
            )
            for path, codes in grouped.items()
        ),
        key=lambda f: (-f.constructs, f.path),
    )


def fixability(document: dict[str, Any]) -> Fixability:
    """How many findings debtscan could fix by itself, by the safety of the fix."""
    rules = doc.rule_docs(document)
    counts = {"safe": 0, "unsafe": 0, "none": 0}
    safe_minutes = autofix = 0
    for finding in document["findings"]:
        rule = rules.get(finding["code"]) or {}
        fix = rule.get("fix") or "none"
        counts[fix if fix in counts else "none"] += 1
        autofix += bool(rule.get("autofix"))
        if fix == "safe":
            safe_minutes += finding["minutes"]
    return Fixability(safe=counts["safe"], unsafe=counts["unsafe"], manual=counts["none"],
                      safe_minutes=safe_minutes, autofix=autofix)  # fmt: skip


def category_severities(document: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Findings per category and severity, the largest category first."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SEVERITIES, 0))
    for finding in document["findings"]:
        table[finding["category"] or "uncategorised"][finding["severity"]] += 1
    return dict(sorted(table.items(), key=lambda item: (-sum(item[1].values()), item[0])))


def referenced_rule_docs(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The documentation of the rules that fired, for the page (only those: it stays small)."""
    rules = doc.rule_docs(document)
    codes = {f["code"] for f in document["findings"]}
    return {code: rules[code] for code in sorted(codes) if code in rules}
