"""The history store: one snapshot per scan, kept in SQLite, for trends and the review.

By default ``.debtscan/history.sqlite`` in the scanned repository. A snapshot is written
from the scan document (json_report.scan_document), the canonical record of a scan, so
that the store and the reports cannot disagree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from debtscan.cache import workspace
from debtscan.errors import StoreError
from debtscan.store import reader
from debtscan.store.schema import connect
from debtscan.store.writer import write_snapshot

STORE_NAME = "history.sqlite"


def default_store_path(root: Path) -> Path:
    """``root/.debtscan/history.sqlite``."""
    try:
        return workspace(root) / STORE_NAME
    except OSError as error:
        raise StoreError(f"cannot create {root / '.debtscan'}: {error.strerror}") from None


class HistoryStore:
    """An open history store. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connection: sqlite3.Connection = connect(path)

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    def record(self, document: Mapping[str, Any]) -> int:
        """Store the scan ``document`` as a snapshot (replacing one of the same commit and
        configuration); return its id."""
        try:
            return write_snapshot(self.connection, document)
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: cannot record the snapshot: {error}") from None

    def has_snapshot(self, *, repository: str, commit: str, config_digest: str) -> bool:
        with self._reading():
            row = self.connection.execute(
                "SELECT 1 FROM snapshots WHERE repository = ? AND commit_sha = ? "
                "AND config_digest = ?",
                (repository, commit, config_digest),
            ).fetchone()
        return row is not None

    def snapshots(self, repository: str | None = None) -> pd.DataFrame:
        with self._reading():
            return reader.snapshot_table(self.connection, repository)

    def summary(self, snapshot_id: int) -> dict[str, Any]:
        with self._reading():
            return reader.snapshot_summary(self.connection, snapshot_id)

    def files(self, snapshot_id: int) -> pd.DataFrame:
        with self._reading():
            return reader.file_table(self.connection, snapshot_id)

    def findings(self, snapshot_id: int) -> pd.DataFrame:
        with self._reading():
            return reader.finding_table(self.connection, snapshot_id)

    def kpis(self, snapshot_ids: Sequence[int]) -> pd.DataFrame:
        with self._reading():
            return reader.kpi_table(self.connection, snapshot_ids)

    @contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: cannot read the history store: {error}") from None
