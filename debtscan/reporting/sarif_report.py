"""debtscan.sarif: SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

Made from the scan document like every other output. ``tool.driver.rules`` comes from the
rule documentation; each finding is one result with a repository-relative location and a
``partialFingerprints`` key of debtscan's own (the gate's fingerprint), so that an alert
keeps its identity across runs while lines move. GitHub accepts at most 25,000 results a
run: beyond that the most severe are kept and the run says how many were cut.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from debtscan.fingerprints import finding_fingerprints
from debtscan.records import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS = 25_000
FINGERPRINT_KEY = "debtscan/v1"
INFORMATION_URI = "https://github.com/debtscan/debtscan"

_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub ranks security alerts by this CVSS-like number (critical >= 9, high >= 7, ...).
_SECURITY_SEVERITY = {
    "critical": "9.0",
    "high": "7.5",
    "medium": "5.0",
    "low": "3.0",
    "info": "1.0",
}
_ORDER = [s.value for s in Severity]


def sarif_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """The SARIF log of a scan document."""
    findings = list(zip(document["findings"], finding_fingerprints(document["findings"]),
                        strict=True))  # fmt: skip
    findings.sort(key=lambda item: (-_ORDER.index(item[0]["severity"]), item[0]["path"],
                                    item[0]["line"]))  # fmt: skip
    kept, cut = findings[:MAX_RESULTS], len(findings) - MAX_RESULTS
    rules = _rules(document, [f for f, _ in kept])
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "debtscan",
                "version": document["tool"]["version"],
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "automationDetails": {"id": "debtscan/"},
        "results": [_result(f, key, index) for f, key in kept],
        "invocations": [_invocation(cut)],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def to_sarif_json(document: Mapping[str, Any]) -> str:
    return json.dumps(sarif_document(document), indent=1)


def _result(finding: Mapping[str, Any], key: str, index: Mapping[str, int]) -> dict[str, Any]:
    return {
        "ruleId": finding["code"],
        "ruleIndex": index[finding["code"]],
        "level": _LEVEL.get(finding["severity"], "warning"),
        "message": {"text": finding["message"]},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": finding["path"], "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": max(int(finding["line"]), 1)},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: key},
        "properties": {"remediationMinutes": finding["minutes"], "category": finding["category"]},
    }


def _invocation(cut: int) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if cut > 0:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "warning",
                "message": {
                    "text": f"{cut} less severe results were left out: GitHub code scanning "
                    f"accepts {MAX_RESULTS:,} results per run; see scan.json for all of them"
                },
            }
        ]
    return invocation


def _rules(document: Mapping[str, Any], findings: Sequence[Mapping[str, Any]]) -> list[dict]:
    """A reportingDescriptor for each rule the results use, from the rule documentation."""
    documented = {rule["code"]: rule for rule in document.get("rules", [])}
    used: dict[str, Mapping[str, Any]] = {}
    for finding in findings:
        used.setdefault(finding["code"], finding)
    return [_descriptor(code, documented.get(code), first) for code, first in sorted(used.items())]


def _descriptor(
    code: str, rule: Mapping[str, Any] | None, finding: Mapping[str, Any]
) -> dict[str, Any]:
    severity = (rule or finding).get("severity", finding["severity"])
    category = (rule or finding).get("category", finding["category"])
    properties: dict[str, Any] = {"tags": ["maintainability", category], "precision": "high"}
    if category.startswith("security"):
        properties["tags"].append("security")
        properties["security-severity"] = _SECURITY_SEVERITY.get(severity, "5.0")
    descriptor: dict[str, Any] = {
        "id": code,
        "defaultConfiguration": {"level": _LEVEL.get(severity, "warning")},
        "properties": properties,
    }
    if rule is None:
        descriptor["shortDescription"] = {"text": finding["message"]}
        return descriptor
    docs = rule.get("docs", {})
    descriptor["name"] = _pascal(rule.get("name", code))
    descriptor["shortDescription"] = {"text": docs.get("what") or rule.get("name", code)}
    descriptor["fullDescription"] = {"text": docs.get("why") or docs.get("what") or code}
    descriptor["help"] = {"text": _help_text(docs), "markdown": _help_markdown(rule, docs)}
    references = docs.get("references") or []
    if references:
        descriptor["helpUri"] = references[0]
    return descriptor


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("_", "-").split("-"))


def _help_text(docs: Mapping[str, Any]) -> str:
    parts = [docs.get("what", ""), docs.get("why", "")]
    if docs.get("use_instead"):
        parts.append("Use instead:\n" + docs["use_instead"].strip())
    return "\n\n".join(p.strip() for p in parts if p)


def _help_markdown(rule: Mapping[str, Any], docs: Mapping[str, Any]) -> str:
    sections = [f"**{rule['code']} {rule.get('name', '')}**"]
    for title, key in (("What it does", "what"), ("Why is this bad?", "why")):
        if docs.get(key):
            sections.append(f"## {title}\n{docs[key].strip()}")
    for title, key in (("Example", "example"), ("Use instead", "use_instead")):
        if docs.get(key):
            sections.append(f"## {title}\n```python\n{docs[key].strip()}\n```")
    if docs.get("fix_safety"):
        sections.append(f"## Fix safety\n{docs['fix_safety'].strip()}")
    if docs.get("references"):
        sections.append("## References\n" + "\n".join(f"- <{u}>" for u in docs["references"]))
    return "\n\n".join(sections)
