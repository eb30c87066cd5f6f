"""Read snapshots back as pandas DataFrames, for the review and for the user's own use."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

import pandas as pd

SNAPSHOT_COLUMNS = [
    "id", "repository", "commit", "commit_date", "branch", "taken_at", "debtscan_version",
    "config_digest", "document_version", "history_status", "history_window",
]  # fmt: skip
FINDING_COLUMNS = ["path", "code", "line", "category", "severity", "minutes", "message"]
KPI_COLUMNS = ["snapshot_id", "name", "label", "value", "unit", "higher_is_better"]


def snapshot_table(db: sqlite3.Connection, repository: str | None = None) -> pd.DataFrame:
    """The stored snapshots, oldest commit first; ``commit_date`` and ``taken_at`` in UTC.

    Without git there is no commit date: such snapshots are dated by when they were taken.
    """
    query = (
        "SELECT id, repository, commit_sha, commit_date, branch, taken_at, debtscan_version, "
        "config_digest, document_version, history_status, history_window FROM snapshots"
    )
    parameters: tuple[str, ...] = ()
    if repository is not None:
        query += " WHERE repository = ?"
        parameters = (repository,)
    frame = pd.DataFrame(db.execute(query, parameters).fetchall(), columns=SNAPSHOT_COLUMNS)
    frame["taken_at"] = pd.to_datetime(frame["taken_at"], utc=True, format="ISO8601")
    dates = pd.to_datetime(frame["commit_date"], utc=True, format="ISO8601")
    frame["commit_date"] = dates.fillna(frame["taken_at"])
    return frame.sort_values(["commit_date", "taken_at"], ignore_index=True)


def snapshot_summary(db: sqlite3.Connection, snapshot_id: int) -> dict[str, Any]:
    """The summary of scan.json the snapshot was written from."""
    row = db.execute("SELECT summary FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
    return json.loads(row[0]) if row else {}


def file_table(db: sqlite3.Connection, snapshot_id: int) -> pd.DataFrame:
    """One row per file of the snapshot: every column its scan.json record had."""
    rows = db.execute(
        "SELECT data FROM files WHERE snapshot_id = ? ORDER BY path", (snapshot_id,)
    ).fetchall()
    return pd.DataFrame.from_records([json.loads(data) for (data,) in rows])


def finding_table(db: sqlite3.Connection, snapshot_id: int) -> pd.DataFrame:
    rows = db.execute(
        f"SELECT {', '.join(FINDING_COLUMNS)} FROM findings WHERE snapshot_id = ?",
        (snapshot_id,),
    ).fetchall()
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def kpi_table(db: sqlite3.Connection, snapshot_ids: Sequence[int]) -> pd.DataFrame:
    """KPIs of the given snapshots, one row per (snapshot, KPI); ``higher_is_better`` is
    True, False or None."""
    rows: list[tuple[object, ...]] = []
    ids = list(snapshot_ids)
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        marks = ", ".join("?" * len(batch))
        rows += db.execute(
            f"SELECT {', '.join(KPI_COLUMNS)} FROM kpis WHERE snapshot_id IN ({marks}) "
            "ORDER BY snapshot_id, position",
            batch,
        ).fetchall()
    frame = pd.DataFrame(rows, columns=KPI_COLUMNS)
    # From the rows, not the frame: pandas would have made the None of "neither" a NaN.
    directions = [None if row[-1] is None else bool(row[-1]) for row in rows]
    frame["higher_is_better"] = pd.Series(directions, index=frame.index, dtype=object)
    return frame
