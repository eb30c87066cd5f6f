"""GitHub Actions workflow annotations (``::error file=...,line=...::message``).

GitHub shows at most 10 annotations of each kind per step (50 per job); more are dropped
silently. So the most severe come first, each kind is capped, and a notice says how many
were left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from debtscan.records import Severity

PER_KIND = 10
_KIND = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}
_ORDER = list(Severity)


class Located(Protocol):
    path: str
    line: int
    message: str
    severity: Severity


def workflow_commands(items: Iterable[Located], *, title: str = "debtscan") -> Iterator[str]:
    """One workflow command per item, most severe first, at most 10 per kind, then a notice."""
    shown: dict[str, int] = {}
    left_out = 0
    for item in sorted(items, key=lambda i: (-_ORDER.index(i.severity), i.path, i.line)):
        kind = _KIND[item.severity]
        if shown.get(kind, 0) >= PER_KIND:
            left_out += 1
            continue
        shown[kind] = shown.get(kind, 0) + 1
        properties = (
            f"file={_property(item.path)},line={max(item.line, 1)},title={_property(title)}"
        )
        yield f"::{kind} {properties}::{_data(item.message)}"
    if left_out:
        more = f"{left_out} more not annotated (GitHub shows {PER_KIND} per kind): see the log"
        yield f"::notice title={_property(title)}::{more}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
