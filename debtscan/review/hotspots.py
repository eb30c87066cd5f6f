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
# p(revisions) x p(complexity) >= 0.5 needs both percentiles at 0.5 or more: changed more
# often and more complex than most files. Rank alone would list quiet files of small
# repositories.
MIN_SCORE = 0.5


@dataclass(frozen=True, kw_only=True)
class HealthMeasure:
    """The per-file figure that says whether a file got better, and which way is up."""

    column: str
    label: str
    higher_is_better: bool
    # A smaller change is noise (a line added here or there), not a refactoring: 1 % of
    # the measure's scale.
    min_change: float

    def gain(self, before: float, now: float) -> float:
        """How much better ``now`` is than ``before`` (negative: worse)."""
        return now - before if self.higher_is_better else before - now

    def improved(self, before: float | None, now: float | None) -> bool:
        if before is None or now is None:
            return False
        return self.gain(before, now) >= self.min_change

    def worsened(self, before: float, now: float) -> bool:
        return self.gain(before, now) <= -self.min_change


# In order of preference: code health (scoring, 1-10) when the snapshots have it, else
# the maintainability index (0-100).
HEALTH_MEASURES = (
    HealthMeasure(column="code_health", label="code health", higher_is_better=True, min_change=0.1),
    HealthMeasure(
        column="maintainability",
        label="maintainability index",
        higher_is_better=True,
        min_change=1.0,
    ),
)


def health_measure(*frames: pd.DataFrame) -> HealthMeasure | None:
    """The first health measure that every frame holds."""
    for measure in HEALTH_MEASURES:
        if all(measure.column in f and f[measure.column].notna().any() for f in frames):
            return measure
    return None


def hotspot_list(files: pd.DataFrame) -> pd.DataFrame:
    """The quarter's hotspots, at most ``LIST_SIZE`` by rank: the files the scan marked
    as hotspots (``is_hotspot``) when its snapshot says, else those scoring ``MIN_SCORE``
    or more."""
    if files.empty:
        return pd.DataFrame(columns=["path", "rank", "hotspot"])
    if "is_hotspot" in files:
        listed = files[files["is_hotspot"].fillna(False).astype(bool)]
    else:
        listed = files[files["hotspot"] >= MIN_SCORE]
    return listed.sort_values("rank").head(LIST_SIZE)


def hotspot_definition(files: pd.DataFrame) -> str:
    """What ``hotspot_list`` took for a hotspot, in words, for the reader."""
    if "is_hotspot" in files:
        return f"the files the scan marked as hotspots, at most {LIST_SIZE}"
    return f"the top {LIST_SIZE} files by hotspot score among those scoring {MIN_SCORE} or more"


def hotspot_changes(now: pd.DataFrame, before: pd.DataFrame | None) -> HotspotChanges:
    """The quarter's hotspot list against the previous quarter's."""
    measure = health_measure(now, before) if before is not None else health_measure(now)
    rows = _Rows(now, before, measure.column if measure else None)
    current = [rows.row(path) for path in hotspot_list(now)["path"]]
    if before is None:
        return HotspotChanges(
            measure=_label(measure),
            definition=hotspot_definition(now),
            current=tuple(current),
            new=(),
            resolved=(),
            left_unimproved=(),
        )
    was = list(hotspot_list(before)["path"])
    listed = {r.path for r in current}
    left = [rows.row(path) for path in was if path not in listed]
    resolved = [r for r in left if measure and measure.improved(r.health_before, r.health_now)]
    gone = "no longer in the repository (or renamed)"
    unimproved = [r if r.rank else rows.row(r.path, gone) for r in left if r not in resolved]
    return HotspotChanges(
        measure=_label(measure),
        definition=hotspot_definition(now),
        current=tuple(current),
        new=tuple(r for r in current if r.path not in was),
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


def _label(measure: HealthMeasure | None) -> str:
    return measure.label if measure else ""


def _number(row: pd.Series | None, column: str | None) -> float | None:
    if row is None or column is None or column not in row:
        return None
    value = row[column]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)
