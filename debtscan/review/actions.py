"""What the review asks to act on: legacy findings that came and went, the risks, the
knowledge that left, and next quarter's refactoring targets."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from debtscan.review.model import CategoryChange, KnowledgeLoss, Risk, Target

TOP = 10


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


def debt_minutes(files: pd.DataFrame, findings: pd.DataFrame) -> pd.Series:
    """Remediation minutes per file: the scan's own column when the snapshot has one,
    else the minutes of the file's findings, summed."""
    if "debt_minutes" in files:
        return files.set_index("path")["debt_minutes"].fillna(0)
    summed = findings.groupby("path")["minutes"].sum()
    return summed.reindex(files["path"], fill_value=0)


def refactoring_targets(files: pd.DataFrame, findings: pd.DataFrame) -> tuple[Target, ...]:
    """Next quarter's targets: the files whose debt costs the most interest.

    Interest = debt x revisions in the window (DESIGN.md, after SQALE's debt and
    Tornhill's change frequency): debt in code that changes often is paid again at every
    change. The scan's own ``interest`` column wins when the snapshot has one.
    """
    if files.empty:
        return ()
    minutes = debt_minutes(files, findings)
    frame = files.set_index("path")
    interest = frame["interest"] if "interest" in frame else minutes * frame["revisions"]
    ranked = interest[interest > 0].sort_values(ascending=False).head(TOP)
    return tuple(
        Target(
            path=str(path),
            interest=float(value),
            debt_hours=round(float(minutes.get(path, 0)) / 60, 1),
            revisions=int(frame.at[path, "revisions"]),
            explanation=str(frame.at[path, "explanation"]),
        )
        for path, value in ranked.items()
    )


# The scoring's names for a file's risk, owner and explanation of the risk; the first
# column a snapshot holds is used.
_OWNER = ("owner", "main_developer")
_WHY = ("risk_explanation", "explanation")


def top_risks(files: pd.DataFrame) -> tuple[Risk, ...] | None:
    """The ten riskiest files with their owners, or None when the snapshot has no risk
    scores."""
    if "risk" not in files:
        return None
    owner = next((c for c in _OWNER if c in files), None)
    why = next(c for c in _WHY if c in files)
    top = files.dropna(subset=["risk"]).sort_values("risk", ascending=False).head(TOP)
    return tuple(
        Risk(
            path=row["path"],
            risk=float(row["risk"]),
            owner=str(row[owner]) if owner and pd.notna(row[owner]) else "",
            explanation=str(row[why]),
        )
        for _, row in top.iterrows()
    )


def knowledge_lost(
    files: pd.DataFrame, inactive_people: Collection[str]
) -> tuple[KnowledgeLoss, ...] | None:
    """Files whose knowledge left with people now inactive, most lines lost first; None
    when the snapshot does not say (the scoring's ``knowledge_lost``: the share of a
    file's added lines whose authors went inactive)."""
    if "knowledge_lost" not in files:
        return None
    lost = files[files["knowledge_lost"].fillna(0) > 0].copy()
    lost["lines_lost"] = lost["knowledge_lost"] * lost["lines"]
    lost = lost.sort_values(["lines_lost", "path"], ascending=[False, True]).head(TOP)
    inactive = set(inactive_people)
    return tuple(
        KnowledgeLoss(
            path=row["path"],
            people=", ".join(a for a in _authors(row) if a in inactive),
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
