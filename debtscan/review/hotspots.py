"""Hotspots new this quarter, and those resolved: gone from the list with a better health.

A file that left the list only because nobody touched it for a while is not resolved:
its debt is still there and comes back with the next change. So "resolved" asks for a
better health too; the others are listed apart as "left the list without improving".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from debtscan.review.model import HotspotChanges, HotspotRow

LIST_SIZE = 10


@dataclass(frozen=True, kw_only=True)
class HealthMeasure:
    """The per-file figure that says whether a file got better: the scoring's code health
    (1-10, higher is better; scoring/health.py)."""

    column: str = "code_health"
    label: str = "code health"
    # A smaller change is noise (a line added here or there), not a refactoring: 1 % of
    # the 1-10 scale.
    min_change: float = 0.1

    def improved(self, before: float | None, now: float | None) -> bool:
        if before is None or now is None:
            return False
        return now - before >= self.min_change

    def worsened(self, before: float, now: float) -> bool:
        return before - now >= self.min_change


HEALTH = HealthMeasure()


def hotspot_list(files: pd.DataFrame) -> pd.DataFrame:
    """The quarter's hotspots: the files the scan marked as hotspots (``is_hotspot``,
    scoring/hotspots.py), at most ``LIST_SIZE`` by rank."""
    if files.empty:
        return pd.DataFrame(columns=["path", "rank", "hotspot"])
    listed = files[files["is_hotspot"].fillna(False).astype(bool)]
    return listed.sort_values("rank").head(LIST_SIZE)


def hotspot_definition() -> str:
    """What ``hotspot_list`` takes for a hotspot, in words, for the reader."""
    return (
        f"the top tenth of the files by hotspot score that changed in the window, "
        f"at most {LIST_SIZE}"
    )


def hotspot_changes(now: pd.DataFrame, before: pd.DataFrame | None) -> HotspotChanges:
    """The quarter's hotspot list against the previous quarter's."""
    rows = _Rows(now, before, HEALTH.column)
    current = [rows.row(path) for path in hotspot_list(now)["path"]]
    was = [] if before is None else list(hotspot_list(before)["path"])
    listed = {r.path for r in current}
    left = [rows.row(path) for path in was if path not in listed]
    resolved = [r for r in left if HEALTH.improved(r.health_before, r.health_now)]
    gone = "no longer in the repository (or renamed)"
    unimproved = [r if r.rank else rows.row(r.path, gone) for r in left if r not in resolved]
    return HotspotChanges(
        measure=HEALTH.label,
        definition=hotspot_definition(),
        current=tuple(current),
        new=() if before is None else tuple(r for r in current if r.path not in was),
        resolved=tuple(resolved),
        left_unimproved=tuple(unimproved),
    )


class _Rows:
    """Hotspot rows of files, from this quarter's and the previous quarter's files."""

    def __init__(self, now: pd.DataFrame, before: pd.DataFrame | None, column: str | None) -> None:
        self._now = now.set_index("path") if len(now) else None
        self._before = before.set_index("path") if before is not None and len(before) else None
        self._column = column

    def row(self, path: str, note: str = "") -> HotspotRow:
        here, there = _lookup(self._now, path), _lookup(self._before, path)
        return HotspotRow(
            path=path,
            rank=None if here is None else int(here["rank"]),
            hotspot=None if here is None else float(here["hotspot"]),
            explanation="" if here is None else str(here["explanation"]),
            health_before=_number(there, self._column),
            health_now=_number(here, self._column),
            note=note,
        )


def _lookup(files: pd.DataFrame | None, path: str) -> pd.Series | None:
    return files.loc[path] if files is not None and path in files.index else None


def _number(row: pd.Series | None, column: str | None) -> float | None:
    if row is None or column is None or column not in row:
        return None
    value = row[column]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)
