"""How well a ranking of files predicted where the bug fixes landed afterwards.

Each measure takes the files' scores (higher = riskier) and their bug-fix touches after
the ranking date (how many bug-fix commits changed the file). Files with equal scores are
an unordered group: where a cut falls inside a group, the measure counts the share of
the group that fits (the expected value over random orders of the tie), so that a
ranking gains nothing from the order of its ties.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

import numpy as np
import pandas as pd


@dataclass(frozen=True, kw_only=True)
class RankingQuality:
    """The measures of one ranking; shares and AUC in [0, 1], None when undefined."""

    ranking: str
    auc: float | None
    precision_at_10: float
    precision_at_20: float
    touches_top_10: float  # share of the bug-fix touches in the top 10 % of files
    touches_top_20: float
    touches_at_20_loc: float  # ... in the top-ranked files holding 20 % of the LOC


def roc_auc(scores: pd.Series, labels: pd.Series) -> float | None:
    """ROC AUC by ranks (Mann-Whitney U / (n+ x n-)), ties at half: the chance that a
    file with a later bug fix outranks one without. None without both kinds of file."""
    positive = labels.astype(bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if not n_pos or not n_neg:
        return None
    ranks = scores.rank(method="average")
    u = ranks[positive].sum() - n_pos * (n_pos + 1) / 2
    return float(u / (n_pos * n_neg))


def captured(scores: pd.Series, gains: pd.Series, costs: pd.Series, budget: float) -> float:
    """The gain collected by taking files in score order until their cost reaches ``budget``.

    A group of tied files that does not fit whole contributes its gain x the share of its
    cost that fits.
    """
    # Vectorised (tuning evaluates thousands of rankings): per group of tied scores,
    # highest first, the budget left before it decides the share of it taken.
    values, group = np.unique(scores.to_numpy(dtype=float), return_inverse=True)
    gain = np.bincount(group, weights=gains.to_numpy(dtype=float), minlength=len(values))[::-1]
    cost = np.bincount(group, weights=costs.to_numpy(dtype=float), minlength=len(values))[::-1]
    left = float(budget) - np.concatenate(([0.0], np.cumsum(cost)[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(left <= 0, 0.0, np.where(cost <= left, 1.0, left / cost))
    return float((gain * share).sum())


def ranking_quality(name: str, scores: pd.Series, touches: pd.Series, loc: pd.Series
                    ) -> RankingQuality:  # fmt: skip
    """Every measure of one ranking.

    - precision at k: share of the top k files with a later bug fix
    - touches in the top x %: share of all bug-fix touches on the top ceil(x n) files
    - touches at 20 % LOC (effort-aware, after Kamei et al. 2013 and Mende and Koschke
      2010): share of all bug-fix touches on the top-ranked files holding 20 % of the
      lines of code, the code a team could review with a fifth of the effort
    """
    n = len(scores)
    fixed = (touches > 0).astype(float)
    ones = pd.Series(1.0, index=scores.index)
    all_touches = float(touches.sum())

    def share_of_touches(budget: float, costs: pd.Series) -> float:
        return captured(scores, touches, costs, budget) / all_touches if all_touches else 0.0

    def precision(k: int) -> float:
        return captured(scores, fixed, ones, min(k, n)) / min(k, n) if n else 0.0

    return RankingQuality(
        ranking=name,
        auc=roc_auc(scores, fixed),
        precision_at_10=round(precision(10), 4),
        precision_at_20=round(precision(20), 4),
        touches_top_10=round(share_of_touches(math.ceil(0.1 * n), ones), 4),
        touches_top_20=round(share_of_touches(math.ceil(0.2 * n), ones), 4),
        touches_at_20_loc=round(share_of_touches(0.2 * float(loc.sum()), loc), 4),
    )


def baseline_scores(files: pd.DataFrame) -> dict[str, pd.Series]:
    """The rankings debtscan's risk is measured against, each a column of the file frame.

    lines of code; commits in the window before the date; bugspots; total cyclomatic
    complexity; lines of code x commits.
    """
    return {
        "lines of code": files["sloc"],
        "commits": files["revisions"],
        "bugspots": files["bugspots"],
        "cyclomatic": files["cyclomatic_total"],
        "LOC x commits": files["sloc"] * files["revisions"],
    }


def evaluate_rankings(
    rankings: Mapping[str, pd.Series], touches: pd.Series, loc: pd.Series
) -> list[RankingQuality]:
    """The measures of each ranking, in the order given."""
    return [ranking_quality(name, s, touches, loc) for name, s in rankings.items()]


_TEST_FOLDERS = {"test", "tests", "testing"}


def is_test_file(path: str) -> bool:
    """A test module: under a test(s)/testing folder, or test_*.py, *_test.py, conftest.py.

    The backtest leaves them out by default: a bug-fix commit changes its regression
    test, but the bug was not in the test.
    """
    pure = PurePosixPath(path)
    name = pure.name
    in_tests = any(part in _TEST_FOLDERS for part in pure.parts[:-1])
    return (
        in_tests or name.startswith("test_") or name.endswith("_test.py") or name == ("conftest.py")
    )
