"""Run as a process by the store tests: scan a commit and record it, pausing on the way.

    python -m tests.store_writer REPO STORE REV [--pause-before SQL] [--pause SECONDS]
        [--marker FILE] [--log FILE] [--until-logged TEXT]

``--pause-before``: when a statement starting with this SQL is about to run (SQLite's
trace hook), write the marker file and sleep, inside the open write transaction: the
test then kills this process, or lets another writer run into the lock. ``--log`` gets
one line per BEGIN and COMMIT with its time, to show the two writers overlapped;
``--until-logged`` ends the pause early once the log holds that text (another writer
began its transaction and waits for the lock).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from debtscan.config import Config
from debtscan.pipeline import scan
from debtscan.reporting.json_report import scan_document
from debtscan.store import HistoryStore


def pause(args: argparse.Namespace) -> None:
    deadline = time.monotonic() + args.pause
    while time.monotonic() < deadline:
        if args.until_logged and args.log.exists() and args.until_logged in args.log.read_text():
            time.sleep(0.5)  # the other writer now waits in SQLite's busy handler
            return
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repo", type=Path)
    parser.add_argument("store", type=Path)
    parser.add_argument("rev")
    parser.add_argument("--pause-before", default="")
    parser.add_argument("--pause", type=float, default=0.0)
    parser.add_argument("--marker", type=Path)
    parser.add_argument("--log", type=Path)
    parser.add_argument("--until-logged", default="")
    args = parser.parse_args()

    document = scan_document(scan(args.repo, at=args.rev, config=Config(cache=False, jobs=1)))
    paused = False

    def on_statement(sql: str) -> None:
        nonlocal paused
        for word in ("BEGIN", "COMMIT"):
            if args.log and sql.startswith(word):
                with args.log.open("a") as log:
                    log.write(f"{args.rev} {word} {time.time()}\n")
        if args.pause_before and sql.startswith(args.pause_before) and not paused:
            paused = True
            if args.marker:
                args.marker.write_text("in the write transaction\n")
            pause(args)

    with HistoryStore(args.store) as store:
        # A tiny page cache spills the transaction's pages into the WAL file before
        # COMMIT, so that a kill leaves uncommitted data on disk for recovery to ignore.
        store.connection.execute("PRAGMA cache_size = 2")
        store.connection.set_trace_callback(on_statement)
        store.record(document)


if __name__ == "__main__":
    main()
