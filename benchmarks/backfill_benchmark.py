"""Time a backfill of quarterly snapshots against one cold scan, in the same run.

    python benchmarks/backfill_benchmark.py PATH [--since 2y] [--every quarter] [--jobs N]

Works on a throwaway clone without a working tree (``git clone --no-checkout --local``),
so PATH is not touched and both runs start without a cache:

1. a cold scan of HEAD from git objects (no cache): history, analysis, graph, scores,
   and the HTML and JSON reports, as ``debtscan scan`` does;
2. a backfill of the snapshots ``--since`` back, into an empty cache and store.

Prints both times, their ratio, the snapshots and the file versions they needed (the
backfill analyses every distinct version once; its cost follows versions, not
snapshots). The machine is shared and noisy: compare figures from one run only.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from scan_benchmark import StageClock  # this folder is on sys.path when run as a script

from debtscan.backfill import backfill, plan_backfill
from debtscan.config import Config, load_config
from debtscan.discovery import discover_files
from debtscan.periods import PeriodKind
from debtscan.pipeline import scan
from debtscan.reporting import write_reports
from debtscan.store import HistoryStore


def version_bytes(root: Path, commits: list[str], config: Config) -> int:
    """The bytes of the distinct file versions (blobs) the snapshots hold."""
    sizes = {}
    for commit in commits:
        sizes.update((f.blob, f.size) for f in discover_files(root, config=config, at=commit).files)
    return sum(sizes.values())


def row(label: str, text: str) -> None:
    print(f"{label:<19}{text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--since", default="2y")
    parser.add_argument("--every", default="quarter", choices=["quarter", "month"])
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="debtscan-backfill-") as scratch:
        clone = Path(scratch) / args.path.resolve().name
        command = ["git", "clone", "-q", "--no-checkout", "--local", str(args.path), str(clone)]
        subprocess.run(command, check=True)
        now = datetime.now(UTC)
        planned = plan_backfill(clone, every=PeriodKind(args.every), since=args.since, now=now)

        cold_config = load_config(clone, {"cache": False, "jobs": args.jobs})
        began = time.perf_counter()
        result = scan(clone, at="HEAD", config=cold_config)
        write_reports(result, Path(scratch) / "report", ["html", "json"])
        cold = time.perf_counter() - began

        config = load_config(clone, {"jobs": args.jobs})
        clock = StageClock()
        began = time.perf_counter()
        with HistoryStore(Path(scratch) / "history.sqlite") as store:
            done = backfill(
                clone,
                every=PeriodKind(args.every),
                since=args.since,
                store=store,
                config=config,
                progress=clock,
                now=now,
            )
        took = time.perf_counter() - began
        version_size = version_bytes(clone, [p.commit for p in planned], config)

    head_size = sum(f.size for f in result.discovery.files)
    files = len(result.discovery.files)
    commits = result.history.commits_read
    row("repository", f"{clone.name}: {files} Python files at HEAD, {commits} commits")
    row("workers", str(config.workers))
    row("cold scan", f"{cold:8.2f} s  (scan --at HEAD, no cache, HTML + JSON)")
    snapshots = f"{len(done.recorded)} snapshots, every {args.every} since {args.since}"
    row("backfill", f"{took:8.2f} s  ({snapshots})")
    row("ratio", f"{took / cold:8.2f} x one cold scan")
    for stage in ("analysis", "history", "snapshots"):
        row(f"  {stage}", f"{clock.seconds.get(stage, 0):8.2f} s")
    share = done.files_analysed / max(files, 1)
    row("file versions", f"{done.files_analysed} analysed ({share:.2f} x the files at HEAD)")
    mib = version_size / 2**20
    bytes_share = version_size / max(head_size, 1)
    row("bytes to analyse", f"{mib:.1f} MiB, {bytes_share:.2f} x the bytes at HEAD")
    for snapshot in planned:
        print(f"  {snapshot.period}  {snapshot.commit[:12]}  {snapshot.commit_date:%Y-%m-%d}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
