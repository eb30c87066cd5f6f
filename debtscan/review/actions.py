"""What the review asks to act on: legacy findings that came and went, the risks, the
knowledge that left, and next quarter's refactoring targets."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd

from debtscan.review.model import CategoryChange, KnowledgeLoss, Risk, Target
from debtscan.scoring.debt import debt_money

TOP = 10
# Inactive people may have added lines to a file without being among its authors (DOA)
# or its main developer, the names a file's record keeps.
MINOR_AUTHORS = "minor contributors"


def modernization(now: pd.DataFrame, before: pd.DataFrame | None) -> tuple[CategoryChange, ...]:
    """Findings added and removed per category, between two snapshots' findings.

    Counted per (file, rule): ``added = sum max(0, n_now - n_before)`` and ``removed =
    sum max(0, n_before - n_now)``, so a finding that only moved lines is neither. A
    renamed file shows as removed and added.
    """
    before = before if before is not None else now.iloc[0:0]
    keys = ["category", "path", "code"]
    counts = pd.concat(
        [now.groupby(keys).size().rename("now"), before.groupby(keys).size().rename("before")],
        axis=1,
    ).fillna(0)
    counts["added"] = (counts["now"] - counts["before"]).clip(lower=0)
    counts["removed"] = (counts["before"] - counts["now"]).clip(lower=0)
    per_category = counts.groupby(level="category").sum()
    return tuple(
        CategoryChange(
            category=str(category),
            before=int(row.before),
            now=int(row.now),
            added=int(row.added),
            removed=int(row.removed),
        )
        for category, row in per_category.iterrows()
    )


def refactoring_targets(
    files: pd.DataFrame, order: Sequence[str], *, hourly_rate: float
) -> tuple[Target, ...]:
    """Next quarter's targets: the scan's refactoring targets (``order``, scoring.summary:
    the files with the most interest, debt x revisions, first) with their debt in hours
    and in money at ``hourly_rate`` (scoring.debt.debt_money)."""
    frame = files.set_index("path")
    return tuple(
        Target(
            path=path,
            interest=float(frame.at[path, "interest"]),
            debt_hours=round(float(frame.at[path, "debt_minutes"]) / 60, 1),
            debt_money=debt_money(float(frame.at[path, "debt_minutes"]), hourly_rate),
            revisions=int(frame.at[path, "revisions"]),
            explanation=str(frame.at[path, "explanation"]),
        )
        for path in list(order)[:TOP]
        if path in frame.index
    )


def top_risks(files: pd.DataFrame) -> tuple[Risk, ...]:
    """The ten riskiest files (scoring's ``risk_rank``) with their main developers."""
    top = files.sort_values("risk_rank").head(TOP)
    return tuple(
        Risk(
            path=row["path"],
            risk=float(row["risk"]),
            owner=str(row["main_developer"] or ""),
            explanation=str(row["risk_explanation"]),
        )
        for _, row in top.iterrows()
    )


def knowledge_lost(
    files: pd.DataFrame, inactive_people: Collection[str]
) -> tuple[KnowledgeLoss, ...]:
    """Files whose knowledge left with people now inactive, most lines lost first (the
    scoring's ``knowledge_lost``: the share of a file's added lines whose authors went
    inactive)."""
    lost = files[files["knowledge_lost"].fillna(0) > 0].copy()
    lost["lines_lost"] = lost["knowledge_lost"] * lost["lines"]
    lost = lost.sort_values(["lines_lost", "path"], ascending=[False, True]).head(TOP)
    inactive = set(inactive_people)
    return tuple(
        KnowledgeLoss(
            path=row["path"],
            people=", ".join(a for a in _authors(row) if a in inactive) or MINOR_AUTHORS,
            share=float(row["knowledge_lost"]),
            lines=int(row["lines"]),
        )
        for _, row in lost.iterrows()
    )


def _authors(row: pd.Series) -> list[str]:
    """The file's authors by degree of authorship, and its main developer."""
    named = str(row.get("doa_authors", "") or "").split(", ")
    everyone = dict.fromkeys([*named, str(row.get("main_developer", "") or "")])
    return [name for name in everyone if name]
