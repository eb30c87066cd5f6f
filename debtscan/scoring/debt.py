"""Technical debt in minutes, its ratio to the cost of the code, its rating, money and interest.

SQALE (Letouzey 2012) as SonarQube applies it: every finding carries the minutes it takes
to remediate; the debt of a file, a component or the repository is their sum. The
interest (Tornhill; CodeScene) is what the debt costs because the code keeps changing.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

# SonarQube's default cost to develop one line of code, in minutes.
MINUTES_PER_LINE = 30
MINUTES_PER_HOUR = 60


class Rating(StrEnum):
    """SQALE maintainability rating of a debt ratio."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


# Findings that measure the shape of the code (size, complexity) rather than its age.
CODE_HEALTH_CATEGORIES = ("code-health",)


# Upper bounds (inclusive) of the debt ratio for each rating; above the last one: E.
RATING_BOUNDS = ((0.05, Rating.A), (0.10, Rating.B), (0.20, Rating.C), (0.50, Rating.D))


def debt_ratio(minutes: float, loc: float) -> float:
    """debt ratio = debt minutes / (30 min x lines of code)  (SonarQube, SQALE).

    The share of the cost of writing the code again that fixing its debt would take.
    Code without lines has no debt ratio to speak of: 0.
    """
    return minutes / (MINUTES_PER_LINE * loc) if loc > 0 else 0.0


def rating(ratio: float) -> Rating:
    """A for a ratio <= 5 %, B <= 10 %, C <= 20 %, D <= 50 %, E above (SonarQube's grid)."""
    for bound, grade in RATING_BOUNDS:
        if ratio <= bound:
            return grade
    return Rating.E


def debt_money(minutes: float, hourly_rate: float) -> float:
    """money = debt hours x the configured hourly rate."""
    return round(minutes / MINUTES_PER_HOUR * hourly_rate, 2)


def interest(debt_minutes: pd.Series, revisions: pd.Series) -> pd.Series:
    """interest = debt minutes x revisions in the window (Tornhill, *Software Design X-Rays*).

    Debt in code nobody touches costs little; every change to indebted code pays for it
    again. The refactoring targets are ordered by interest.
    """
    return debt_minutes * revisions


def file_debt(files: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """Per file (indexed like ``files``): findings, debt minutes and legacy minutes,
    debt ratio, rating and interest.

    Legacy minutes are the debt of findings outside the code-health categories: the
    modernization part (Python 2 remnants, removed and deprecated APIs, ...).
    """
    per_file = findings.groupby("path")["minutes"]
    legacy = findings[~findings["category"].isin(CODE_HEALTH_CATEGORIES)]
    minutes = files["path"].map(per_file.sum()).fillna(0).astype(int)
    ratios = [debt_ratio(m, loc) for m, loc in zip(minutes, files["sloc"], strict=True)]
    return pd.DataFrame(
        {
            "findings": files["path"].map(per_file.size()).fillna(0).astype(int),
            "debt_minutes": minutes,
            "legacy_minutes": files["path"]
            .map(legacy.groupby("path")["minutes"].sum())
            .fillna(0)
            .astype(int),
            "debt_ratio": [round(r, 4) for r in ratios],
            "debt_rating": [str(rating(r)) for r in ratios],
            "interest": interest(minutes, files["revisions"]).astype(int),
        },
        index=files.index,
    )


def debt_by_rule(findings: pd.DataFrame) -> pd.DataFrame:
    """Debt per rule (smell or legacy pattern): code, category, count and minutes, most first."""
    grouped = findings.groupby(["code", "category"], as_index=False).agg(
        count=("minutes", "size"), minutes=("minutes", "sum")
    )
    return grouped.sort_values(["minutes", "code"], ascending=[False, True], ignore_index=True)
