"""The analysis cache: one outcome per (git blob id, debtscan code, settings); also the
function spans of past file versions and the newest folded histories.

An unchanged file is never parsed twice. The cache is a SQLite file in the scanned
repository's ``.debtscan/`` folder. It is read as data only (JSON, never pickle): a
corrupt or foreign file is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from debtscan import records
from debtscan.resources import shipped_dir

_SCHEMA = "CREATE TABLE IF NOT EXISTS outcomes (key TEXT PRIMARY KEY, outcome TEXT NOT NULL)"
_SPANS_SCHEMA = "CREATE TABLE IF NOT EXISTS spans (key TEXT PRIMARY KEY, spans TEXT NOT NULL)"
_HISTORIES_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS histories (key TEXT PRIMARY KEY, history TEXT NOT NULL)"
)
_HISTORIES_KEPT = 3
_RECORD_TYPES = {
    cls.__name__: cls
    for cls in vars(records).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls)
}
_ENUM_TYPES = {
    cls.__name__: cls
    for cls in vars(records).values()
    if isinstance(cls, type) and issubclass(cls, enum.Enum)
}


def workspace(root: Path) -> Path:
    """``root/.debtscan``, created with a .gitignore so that it never shows in git status."""
    folder = root / ".debtscan"
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# created by debtscan\n*\n", encoding="utf-8")
    return folder


@functools.cache
def code_digest() -> str:
    """A digest of debtscan's own code and rules: any change to them invalidates the cache."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*package.rglob("*.py"), *shipped_dir("rules").rglob("*.toml")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


# In a backfill's snapshot workers: the outcomes the last lookup decoded, by key. The
# snapshots a worker scans one after another share most of their file versions, and
# decoding them again from JSON was a fourth of a snapshot's scan. A key names content
# (blob, debtscan's code, settings), so an outcome kept cannot go stale.
_last_lookup: dict[str, records.Outcome] | None = None


def keep_last_lookup() -> None:
    """Serve this process's lookups from the outcomes the previous one decoded too."""
    global _last_lookup
    _last_lookup = {}


class OutcomeCache:
    """Outcomes by key in SQLite. Every failure to read or write is a cache miss."""

    def __init__(self, path: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._db = _open(path)
        self.path = path if self._db is not None else None  # other caches may share the file

    @property
    def enabled(self) -> bool:
        """False when there is no cache file (disabled, or it could not be opened)."""
        return self._db is not None

    def key(self, blob: str, settings_digest: str) -> str:
        return f"{blob}:{code_digest()}:{settings_digest}"

    def get_many(self, keys: Iterable[str]) -> dict[str, records.Outcome]:
        global _last_lookup
        if self._db is None:
            return {}
        keys = list(keys)
        kept = _last_lookup or {}
        found = {key: kept[key] for key in keys if key in kept}
        missing = [key for key in keys if key not in found]
        try:
            for start in range(0, len(missing), 500):
                batch = missing[start : start + 500]
                marks = ",".join("?" * len(batch))
                query = f"SELECT key, outcome FROM outcomes WHERE key IN ({marks})"
                for key, text in self._db.execute(query, batch):
                    outcome = _decode(text)
                    if outcome is not None:
                        found[key] = outcome
        except sqlite3.Error:
            return found
        if _last_lookup is not None:
            _last_lookup = found
        return found

    def put_many(self, items: Mapping[str, records.Outcome]) -> None:
        if self._db is None or not items:
            return
        rows = [(key, json.dumps(_plain(outcome))) for key, outcome in items.items()]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO outcomes VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass  # a cache that cannot be written only costs time

    def get_spans(self, blobs: Iterable[str]) -> dict[str, tuple[records.FunctionSpan, ...]]:
        """The function spans of past versions of files (function-level hotspots), by blob."""
        if self._db is None:
            return {}
        keys = {f"{blob}:{code_digest()}": blob for blob in blobs}
        found = {}
        try:
            listed = list(keys)
            for first in range(0, len(listed), 500):  # SQLite's limit on bound parameters
                batch = listed[first : first + 500]
                query = f"SELECT key, spans FROM spans WHERE key IN ({','.join('?' * len(batch))})"
                for key, text in self._db.execute(query, batch):
                    found[keys[key]] = tuple(
                        records.FunctionSpan(qualified_name=name, start_line=start, end_line=end)
                        for name, start, end in json.loads(text)
                    )
        except (sqlite3.Error, ValueError, TypeError):
            return found
        return found

    def put_spans(self, spans: Mapping[str, tuple[records.FunctionSpan, ...]]) -> None:
        if self._db is None or not spans:
            return
        rows = [
            (f"{blob}:{code_digest()}",
             json.dumps([(s.qualified_name, s.start_line, s.end_line) for s in functions]))
            for blob, functions in spans.items()
        ]  # fmt: skip
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO spans VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass  # a cache that cannot be written only costs time

    def get_history(self, key: str) -> records.History | None:
        """The history folded for ``key`` (a head, its log and the history settings)."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT history FROM histories WHERE key = ?", (f"{key}:{code_digest()}",)
            ).fetchone()
            history = json.loads(row[0], object_hook=_revive) if row else None
        except (sqlite3.Error, ValueError, TypeError, KeyError, AttributeError):
            return None
        return history if isinstance(history, records.History) else None

    def put_history(self, key: str, history: records.History) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO histories VALUES (?, ?)",
                    (f"{key}:{code_digest()}", json.dumps(_plain(history))),
                )
                self._db.execute(
                    "DELETE FROM histories WHERE rowid NOT IN "
                    "(SELECT rowid FROM histories ORDER BY rowid DESC LIMIT ?)",
                    (_HISTORIES_KEPT,),
                )
        except sqlite3.Error:
            pass  # a cache that cannot be written only costs time

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def cache_file(root: Path) -> Path:
    """Where the cache of the repository at ``root`` lives (it may not exist yet)."""
    return root / ".debtscan" / "cache.sqlite"


def clear_cache(root: Path) -> bool:
    """Delete the cache of the repository at ``root``; True when there was one."""
    path = cache_file(root)
    existed = path.exists()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return existed


def _open(path: Path) -> sqlite3.Connection | None:
    for attempt in range(2):
        try:
            db = sqlite3.connect(path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            db.execute(_SPANS_SCHEMA)
            db.execute(_HISTORIES_SCHEMA)
            db.execute("SELECT key, outcome FROM outcomes LIMIT 1").fetchall()
            return db
        except sqlite3.Error:
            if attempt == 0:
                clear_cache(path.parent.parent)  # corrupt or foreign: rebuild
    return None


def _plain(value: Any) -> Any:
    """A record as JSON-ready data, each dataclass and enum tagged with its type."""
    if dataclasses.is_dataclass(value):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"_type": type(value).__name__, **fields}
    if isinstance(value, enum.Enum):
        return {"_enum": type(value).__name__, "value": value.value}
    if isinstance(value, datetime):
        return {"_datetime": value.isoformat()}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _decode(text: str) -> records.Outcome | None:
    try:
        outcome = json.loads(text, object_hook=_revive)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    is_outcome = isinstance(outcome, records.Analyzed | records.Skipped | records.Failed)
    return outcome if is_outcome else None


def _revive(value: dict[str, Any]) -> Any:
    """``json.loads``'s object hook: objects arrive innermost first, so a record's fields
    are revived by the time it is built; lists become the records' tuples."""
    if "_enum" in value:
        return _ENUM_TYPES[value["_enum"]](value["value"])
    if "_datetime" in value:
        return datetime.fromisoformat(value["_datetime"])
    fields = {k: _tuples(v) for k, v in value.items() if k != "_type"}
    if "_type" in value:
        return _RECORD_TYPES[value["_type"]](**fields)
    return fields


def _tuples(value: Any) -> Any:
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value
