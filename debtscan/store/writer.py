"""Write one snapshot: a scan document (json_report.scan_document) in one transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

_SNAPSHOT_COLUMNS = (
    "repository", "commit_sha", "commit_date", "branch", "taken_at", "debtscan_version",
    "config_digest", "document_version", "history_status", "history_window", "summary",
)  # fmt: skip


# The parts of a scan document a snapshot keeps.
STORED_PARTS = ("schema_version", "tool", "scan", "history", "summary", "files", "findings", "kpis")


def write_snapshot(db: sqlite3.Connection, document: Mapping[str, Any]) -> int:
    """Store ``document`` as a snapshot and return its id.

    A snapshot of the same repository, commit and configuration is replaced, not
    duplicated. Everything happens in one transaction: a process killed half-way leaves
    the store as it was before.
    """
    scan = document["scan"]
    db.execute("BEGIN IMMEDIATE")  # take the write lock now, not half-way through
    try:
        if scan["commit"] is not None:
            db.execute(
                "DELETE FROM snapshots WHERE repository = ? AND commit_sha = ? "
                "AND config_digest = ?",
                (scan["repository"], scan["commit"], scan["config_digest"]),
            )
        snapshot_id = _insert_snapshot(db, document)
        _insert_rows(db, snapshot_id, document)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return snapshot_id


def _insert_snapshot(db: sqlite3.Connection, document: Mapping[str, Any]) -> int:
    scan, history = document["scan"], document["history"]
    values = (
        scan["repository"], scan["commit"], scan["commit_date"], scan["branch"],
        scan["started_at"], document["tool"]["version"], scan["config_digest"],
        document["schema_version"], history["status"], scan["window"],
        json.dumps(document["summary"]),
    )  # fmt: skip
    marks = ", ".join("?" * len(_SNAPSHOT_COLUMNS))
    cursor = db.execute(
        f"INSERT INTO snapshots ({', '.join(_SNAPSHOT_COLUMNS)}) VALUES ({marks})", values
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _insert_rows(db: sqlite3.Connection, snapshot_id: int, document: Mapping[str, Any]) -> None:
    db.executemany(
        "INSERT INTO files VALUES (?, ?, ?)",
        ((snapshot_id, file["path"], json.dumps(file)) for file in document["files"]),
    )
    db.executemany(
        "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (snapshot_id, f["path"], f["code"], f["line"], f["category"], f["severity"],
             f["minutes"], f["message"])
            for f in document["findings"]
        ),
    )  # fmt: skip
    db.executemany(
        "INSERT INTO kpis VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (snapshot_id, position, k["name"], k["label"], k["value"], k["unit"],
             k["higher_is_better"])
            for position, k in enumerate(document.get("kpis", ()))
        ),
    )  # fmt: skip
