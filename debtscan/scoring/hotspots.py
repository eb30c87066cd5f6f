"""Hotspots: code that is both complex and changed often, and "the hotspots" of a repository.

Hotspot (Tornhill, *Your Code as a Crime Scene*, 2015; CodeScene): code that is both
complex and changed often is where debt costs the most. Each factor is taken as a
percentile within the repository so that neither scale dominates.
"""

from __future__ import annotations

import math

import pandas as pd

# The hotspots of a repository: the top tenth of its files by hotspot score.
HOTSPOT_SHARE = 0.10


def percentile(values: pd.Series) -> pd.Series:
    """Share of files whose value is at most this one's, in (0, 1]; 0 for a value of 0.

    ``p(x) = |{y : y <= x}| / n``, so the file with the largest value has 1.0 and files
    never changed (or without any branching) do not gain rank by being many.
    """
    if values.empty:
        return values.astype(float)
    ranks = values.rank(method="max", pct=True)
    return ranks.where(values > 0, 0.0)


def top_share(values: pd.Series) -> pd.Series:
    """Share of files whose value is at least this one's: "top 2 %" for the largest ones."""
    if values.empty:
        return values.astype(float)
    return 1.0 - values.rank(method="min", pct=False).sub(1).div(len(values))


def hotspot_scores(revisions: pd.Series, complexity: pd.Series, *, has_history: bool) -> pd.Series:
    """hotspot = p(revisions in the window) x p(cyclomatic complexity of the file).

    ``p`` is ``percentile``. Without history (no git, or no commits) the ranking falls
    back to p(complexity) alone, and the report says so.
    """
    complexity_percentile = percentile(complexity)
    if not has_history:
        return complexity_percentile
    return percentile(revisions) * complexity_percentile


def mark_hotspots(hotspot: pd.Series) -> pd.Series:
    """True for "the hotspots": the ``ceil(10 % x files)`` files of highest hotspot score.

    Only files with a score above 0 qualify (a file never changed in the window is no
    hotspot, however complex). Ties at the cut are broken by the frame's order.
    """
    count = math.ceil(HOTSPOT_SHARE * len(hotspot))
    top = hotspot[hotspot > 0].sort_values(ascending=False, kind="stable").index[:count]
    return hotspot.index.isin(top)
