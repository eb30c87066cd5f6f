"""The key figures of a scan, for the repository and per component."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from debtscan.scoring.debt import Rating, debt_money, debt_ratio, rating
from debtscan.scoring.health import weighted_health
from debtscan.scoring.knowledge import authors_by_file, truck_factor


@dataclass(frozen=True, kw_only=True)
class ScoreSummary:
    """The KPIs of a repository. Lines of code (LOC) are source lines (radon's sloc)."""

    loc: int
    health_average: float | None  # LOC-weighted mean code health of the files
    hotspot_health: float | None  # the same over the hotspots (see hotspots.mark_hotspots)
    hotspots: int
    worst_file: str | None  # lowest code health; ties: the most LOC
    worst_health: float | None
    debt_minutes: int
    debt_ratio: float
    debt_rating: Rating
    debt_money: float
    currency: str
    interest: int
    refactoring_targets: tuple[str, ...]  # the files with the most interest, most first
    truck_factor: int
    truck_factor_people: tuple[str, ...]  # who would have to leave, in order
    hotspot_truck_factor: int
    inactive_people: tuple[str, ...]  # authors of analysed files, inactive for N months
    abandoned_files: int  # every author of the file is inactive
    abandoned_loc: int


def summarize(
    files: pd.DataFrame,
    findings: pd.DataFrame,
    people: pd.DataFrame,
    *,
    hourly_rate: float,
    currency: str,
) -> ScoreSummary:
    """The repository's KPIs from its scored file frame, findings and people. The debt is
    that of every finding, packaging files' included."""
    loc = int(files["sloc"].sum())
    minutes = int(findings["minutes"].sum())
    ratio = debt_ratio(minutes, loc)
    hotspots = files[files["is_hotspot"].astype(bool)]
    worst = files.sort_values(["code_health", "sloc"], ascending=[True, False]).head(1)
    abandoned = files[files["abandoned"].astype(bool)]
    leavers = truck_factor(authors_by_file(files))
    return ScoreSummary(
        loc=loc,
        health_average=weighted_health(files["code_health"], files["sloc"]),
        hotspot_health=weighted_health(hotspots["code_health"], hotspots["sloc"]),
        hotspots=len(hotspots),
        worst_file=str(worst["path"].iloc[0]) if len(worst) else None,
        worst_health=float(worst["code_health"].iloc[0]) if len(worst) else None,
        debt_minutes=minutes,
        debt_ratio=round(ratio, 4),
        debt_rating=rating(ratio),
        debt_money=debt_money(minutes, hourly_rate),
        currency=currency,
        interest=int(files["interest"].sum()),
        refactoring_targets=refactoring_targets(files),
        truck_factor=len(leavers),
        truck_factor_people=leavers,
        hotspot_truck_factor=len(truck_factor(authors_by_file(hotspots))),
        inactive_people=tuple(people.loc[people["inactive"], "person"]),
        abandoned_files=len(abandoned),
        abandoned_loc=int(abandoned["sloc"].sum()),
    )


def refactoring_targets(files: pd.DataFrame, count: int = 10) -> tuple[str, ...]:
    """The ``count`` files with the most interest (debt x revisions), most first; files
    without interest are no target."""
    indebted = files[files["interest"] > 0]
    ranked = indebted.sort_values(["interest", "path"], ascending=[False, True])
    return tuple(ranked["path"].head(count))


def component_frame(files: pd.DataFrame, *, hourly_rate: float) -> pd.DataFrame:
    """One row per component: files, LOC, code health, debt, rating, interest, truck
    factor and hotspots; the components with the most interest first."""
    rows = []
    for component, group in files.groupby("component", sort=True):
        loc = int(group["sloc"].sum())
        minutes = int(group["debt_minutes"].sum())
        ratio = debt_ratio(minutes, loc)
        rows.append(
            {
                "component": component,
                "files": len(group),
                "loc": loc,
                "code_health": weighted_health(group["code_health"], group["sloc"]),
                "debt_minutes": minutes,
                "debt_ratio": round(ratio, 4),
                "debt_rating": str(rating(ratio)),
                "debt_money": debt_money(minutes, hourly_rate),
                "interest": int(group["interest"].sum()),
                "truck_factor": len(truck_factor(authors_by_file(group))),
                "hotspots": int(group["is_hotspot"].sum()),
            }
        )
    frame = pd.DataFrame(rows, columns=_COMPONENT_COLUMNS)
    return frame.sort_values(
        ["interest", "debt_minutes", "component"], ascending=[False, False, True],
        ignore_index=True,
    )  # fmt: skip


_COMPONENT_COLUMNS = [
    "component", "files", "loc", "code_health", "debt_minutes", "debt_ratio", "debt_rating",
    "debt_money", "interest", "truck_factor", "hotspots",
]  # fmt: skip
