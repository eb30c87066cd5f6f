"""The commit log cache: the commits one history pass read, kept for the next scan.

Reading the history is the slowest part of a rescan: ``git log --numstat -M`` diffs every
commit again. The commits of a log do not change once written, so the history stage keeps
them here (in the analysis cache's SQLite file) and a rescan asks git only for the
commits made since the cached head (``git log CACHED..HEAD``), then reads the cached ones
after them. A head that is not a descendant of any cached head (history rewritten, another
branch) gets a full pass.

Commits are stored raw, each change under its path in that commit (renames are followed
when the log is folded), in chunks of JSON compressed with zlib: data only, never pickle;
a chunk that does not read back is a cache miss. A head's log is its new chunks followed
by the chunks of the head it was built on, so a rescan after one commit writes one small
chunk. Memory holds one chunk at a time, reading or writing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

# sha, author, commit time, message, [(path, added, deleted, renamed_from or None)]
Record = tuple[str, str, int, str, list[tuple[str, int, int, str | None]]]

_FORMAT_VERSION = "1"  # of the records; bump when what the history stage stores changes
_CHUNK_COMMITS = 4000
_HEADS_KEPT = 3  # per key: the newest heads, so that a scan of another branch reuses too
# AUTOINCREMENT: a chunk id is never reused, so a head can never name another pass's chunk.
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS log_chunks "
    "(id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS log_heads (key TEXT NOT NULL, head TEXT NOT NULL, "
    "chunks TEXT NOT NULL, commits INTEGER NOT NULL, PRIMARY KEY (key, head))",
)


@dataclass(frozen=True, kw_only=True)
class CachedLog:
    """The cached log of one head: its chunks, newest first."""

    head: str
    chunks: tuple[int, ...]
    commits: int


def log_key(*parts: str) -> str:
    """A digest of what the records depend on besides the commits: the folder the log is
    relative to, the identities (.mailmap), whether the clone is shallow."""
    return hashlib.sha256("\0".join((_FORMAT_VERSION, *parts)).encode()).hexdigest()[:24]


class CommitLogCache:
    """Cached logs of one key in the SQLite file at ``path``; every error is a miss."""

    def __init__(self, path: Path | None, key: str) -> None:
        self.key = key
        self._db: sqlite3.Connection | None = None
        if path is not None:
            try:
                self._db = sqlite3.connect(path, timeout=30)
                for statement in _SCHEMA:
                    self._db.execute(statement)
            except sqlite3.Error:
                self._db = None

    def find(self, usable: Callable[[str], bool]) -> CachedLog | None:
        """The newest cached log whose head ``usable`` accepts (the head itself, or an
        ancestor of it)."""
        if self._db is None:
            return None
        try:
            rows = self._db.execute(
                "SELECT head, chunks, commits FROM log_heads WHERE key = ? ORDER BY rowid DESC",
                (self.key,),
            ).fetchall()
        except sqlite3.Error:
            return None
        for head, chunks, commits in rows:
            if usable(head):
                return CachedLog(head=head, chunks=tuple(json.loads(chunks)), commits=commits)
        return None

    def read(self, log: CachedLog) -> Iterator[Record]:
        """The records of ``log``, newest first. Raises ``CacheMiss`` when a chunk is
        missing or does not read back."""
        if self._db is None:
            raise CacheMiss
        for chunk in log.chunks:
            try:
                row = self._db.execute("SELECT data FROM log_chunks WHERE id = ?", (chunk,))
                (data,) = row.fetchone() or (None,)
                records = json.loads(zlib.decompress(data)) if data is not None else None
            except (sqlite3.Error, zlib.error, ValueError, TypeError):
                records = None
            if not isinstance(records, list):
                raise CacheMiss
            for sha, author, time, message, changes in records:
                yield sha, author, time, message, [tuple(change) for change in changes]

    def writer(self, base: CachedLog | None) -> LogWriter:
        """A writer for the log of a new head: its own commits, then ``base``'s."""
        return LogWriter(self, base)

    def _store_chunk(self, records: list[Record]) -> int | None:
        if self._db is None:
            return None
        data = zlib.compress(json.dumps(records, separators=(",", ":")).encode(), 1)
        try:
            with self._db:
                inserted = self._db.execute("INSERT INTO log_chunks (data) VALUES (?)", (data,))
                return inserted.lastrowid
        except sqlite3.Error:
            return None

    def _store_head(self, head: str, chunks: list[int], commits: int) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO log_heads VALUES (?, ?, ?, ?)",
                    (self.key, head, json.dumps(chunks), commits),
                )
                self._db.execute(
                    "DELETE FROM log_heads WHERE key = ? AND rowid NOT IN (SELECT rowid FROM "
                    "log_heads WHERE key = ? ORDER BY rowid DESC LIMIT ?)",
                    (self.key, self.key, _HEADS_KEPT),
                )
                self._collect_garbage()
        except sqlite3.Error:
            pass  # a cache that cannot be written only costs time

    def _collect_garbage(self) -> None:
        """Delete the chunks no head uses (older heads, or a pass that never finished)."""
        assert self._db is not None
        used = {
            chunk
            for (chunks,) in self._db.execute("SELECT chunks FROM log_heads")
            for chunk in json.loads(chunks)
        }
        stored = [row[0] for row in self._db.execute("SELECT id FROM log_chunks")]
        unused = [(chunk,) for chunk in stored if chunk not in used]
        self._db.executemany("DELETE FROM log_chunks WHERE id = ?", unused)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


class CacheMiss(Exception):
    """A cached log could not be read back."""


class LogWriter:
    """Collects a head's new commits as they stream by, a chunk at a time."""

    def __init__(self, cache: CommitLogCache, base: CachedLog | None) -> None:
        self._cache = cache
        self._base = base
        self._buffer: list[Record] = []
        self._chunks: list[int] = []
        self._commits = 0
        self._broken = False

    def add(self, record: Record) -> None:
        self._buffer.append(record)
        self._commits += 1
        if len(self._buffer) >= _CHUNK_COMMITS:
            self._flush()

    def finish(self, head: str) -> None:
        """Record the log of ``head``: call only once every commit was added."""
        self._flush()
        if self._broken:
            return
        base_chunks = list(self._base.chunks) if self._base else []
        base_commits = self._base.commits if self._base else 0
        self._cache._store_head(head, self._chunks + base_chunks, self._commits + base_commits)

    def _flush(self) -> None:
        if not self._buffer:
            return
        chunk = self._cache._store_chunk(self._buffer)
        self._buffer = []
        if chunk is None:
            self._broken = True
        else:
            self._chunks.append(chunk)
