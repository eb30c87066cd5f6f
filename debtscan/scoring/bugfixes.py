"""Where the bugs were fixed: the bugspots score of each file.

Bugspots (Lewis and Ou, Google, 2011; github.com/igrigorik/bugspots): files fixed often,
and fixed recently, are where the next bugs will be fixed. Bug-fix commits are found by a
pattern over commit messages (``bugfix-pattern``), in the history stage.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime

import pandas as pd


def bugspots_weight(t: float) -> float:
    """w(t) = 1 / (1 + e^(-12 t + 12)): near 0 for old fixes, 1/2 for the newest (t = 1)."""
    return 1.0 / (1.0 + math.exp(-12.0 * t + 12.0))


def bugspots_scores(
    fix_times: Mapping[str, Iterable[int]], *, end: datetime | None
) -> dict[str, float]:
    """score(file) = sum over its bug-fix commits of w(t)  (see ``bugspots_weight``).

    ``t = 1 - (end - commit time) / (end - oldest bug-fix time)`` as in bugspots: the
    oldest bug fix of the repository has t = 0, a fix at ``end`` (the analysed HEAD's
    date, not the wall clock) has t = 1.
    """
    times = {path: tuple(ts) for path, ts in fix_times.items()}
    oldest = min((t for ts in times.values() for t in ts), default=None)
    if end is None or oldest is None:
        return {}
    now = end.timestamp()
    span = now - oldest
    scores = {}
    for path, stamps in times.items():
        ts = (1.0 - (now - s) / span if span > 0 else 1.0 for s in stamps)
        scores[path] = sum(bugspots_weight(t) for t in ts)
    return scores


def file_bugspots(
    paths: pd.Series, fix_times: Mapping[str, Iterable[int]], *, end: datetime | None
) -> pd.Series:
    """The bugspots score of each path (0 for a file never fixed), rounded to 4 places."""
    scores = bugspots_scores(fix_times, end=end)
    return paths.map(scores).fillna(0.0).round(4)
