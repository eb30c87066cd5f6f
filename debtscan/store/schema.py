"""The history store's schema, its migrations, and how a connection is opened.

The schema version is SQLite's ``PRAGMA user_version``; ``MIGRATIONS[n]`` takes a store
from version n to n + 1, each in its own transaction, so a store written by any earlier
debtscan opens in this one. A store written by a later debtscan is refused, never altered.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from debtscan.errors import StoreError

# "dbts": marks the file as a debtscan history store (PRAGMA application_id).
APPLICATION_ID = 0x64627473
BUSY_TIMEOUT_SECONDS = 60.0  # how long a writer waits for another one to commit

_INITIAL = (
    """CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        repository TEXT NOT NULL,
        commit_sha TEXT,             -- NULL for a folder without git
        commit_date TEXT,            -- ISO 8601, UTC; NULL without git
        branch TEXT,
        taken_at TEXT NOT NULL,      -- when the scan ran, ISO 8601, UTC
        debtscan_version TEXT NOT NULL,
        config_digest TEXT NOT NULL,
        document_version TEXT NOT NULL,  -- scan.json schema version of the source
        history_status TEXT NOT NULL,
        history_window TEXT NOT NULL,
        summary TEXT NOT NULL        -- scan.json's summary, JSON
    )""",
    # One snapshot per commit and configuration: a rescan replaces it.
    "CREATE UNIQUE INDEX snapshot_identity ON snapshots (repository, commit_sha, config_digest)",
    "CREATE INDEX snapshot_dates ON snapshots (repository, commit_date)",
    """CREATE TABLE files (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        data TEXT NOT NULL,          -- the file's record of scan.json, JSON
        PRIMARY KEY (snapshot_id, path)
    ) WITHOUT ROWID""",
    """CREATE TABLE findings (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        code TEXT NOT NULL,
        line INTEGER NOT NULL,
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        minutes INTEGER NOT NULL,
        message TEXT NOT NULL
    )""",
    "CREATE INDEX finding_snapshots ON findings (snapshot_id)",
    """CREATE TABLE kpis (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,   -- the scan's order of its KPIs
        name TEXT NOT NULL,
        label TEXT NOT NULL,
        value REAL NOT NULL,
        unit TEXT NOT NULL,
        higher_is_better INTEGER,    -- 1 higher is better, 0 lower is better, NULL neither
        PRIMARY KEY (snapshot_id, name)
    ) WITHOUT ROWID""",
)

# Each step takes the store from version n (its index) to n + 1. Append, never edit.
MIGRATIONS: tuple[tuple[str, ...], ...] = (_INITIAL,)
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating it if needed) and migrate the store at ``path``.

    WAL journal: readers never block the writer, and a writer killed mid-transaction
    leaves every committed snapshot intact. The busy timeout lets two scans that finish
    together write one after the other.
    """
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot open the history store: {error}") from None
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        migrate(db, path)
    except sqlite3.DatabaseError as error:
        db.close()
        raise StoreError(f"{path}: not a usable debtscan history store ({error})") from None
    except StoreError:
        db.close()
        raise
    return db


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Apply the migrations the store lacks, each step in one transaction."""
    while (version := _version(db, path)) < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            if _version(db, path) == version:  # another process may have migrated it
                if version == 0:
                    _claim(db, path)
                for statement in MIGRATIONS[version]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def _version(db: sqlite3.Connection, path: Path) -> int:
    application = db.execute("PRAGMA application_id").fetchone()[0]
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if application not in (0, APPLICATION_ID):
        raise StoreError(f"{path}: an SQLite file of another application, not a history store")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer debtscan (store schema {version}, this debtscan "
            f"knows up to {SCHEMA_VERSION}); upgrade debtscan to read it"
        )
    return version


def _claim(db: sqlite3.Connection, path: Path) -> None:
    """Mark a new store as ours; refuse an SQLite file that already holds other tables."""
    tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if tables:
        raise StoreError(f"{path}: an SQLite file with other tables, not a history store")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
