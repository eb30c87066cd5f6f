"""Stable identities for findings, shared by the quality gate and SARIF."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any


def finding_fingerprints(
    findings: Sequence[Mapping[str, Any]], *, renamed: Mapping[str, str] | None = None
) -> list[str]:
    """A key per finding, in the given order: sha1 of (path, code, message, occurrence).

    ``occurrence`` numbers the findings with the same path, code and message in line
    order, so moving code up or down keeps every key and adding one more identical
    finding adds one key. ``renamed`` maps old paths to new ones (a scan from before a
    rename). Line numbers are not part of the key, nor are the numbers in the message:
    "cyclomatic 12 (threshold 5)" becoming 13 is the same finding, grown (the gate judges
    growth by code health), and a coupling degree moves with every commit.
    """
    renamed = renamed or {}
    order = sorted(range(len(findings)), key=lambda i: (findings[i]["path"], findings[i]["line"]))
    seen: Counter[tuple[str, str, str]] = Counter()
    keys = [""] * len(findings)
    for position in order:
        finding = findings[position]
        message = _NUMBER.sub("#", finding["message"])
        identity = (renamed.get(finding["path"], finding["path"]), finding["code"], message)
        keys[position] = _digest(*identity, str(seen[identity]))
        seen[identity] += 1
    return keys


_NUMBER = re.compile(r"\d+(\.\d+)?")


def _digest(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode(), usedforsecurity=False).hexdigest()[:20]
