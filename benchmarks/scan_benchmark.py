"""Time a cold scan of a repository, stage by stage, with its peak memory.

    python benchmarks/scan_benchmark.py PATH [--jobs N]

Prints wall time per stage, files per second, commits per second and peak RSS (of this
process and of its worker processes). Run by hand; the machine is shared and noisy, so
compare figures from the same run only.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from debtscan.config import load_config
from debtscan.pipeline import scan
from debtscan.reporting import write_reports


class StageClock:
    """A Progress that records when each stage starts and ends."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.seconds: dict[str, float] = {}
        self.items: dict[str, int] = {}

    def start(self, stage: str, total: int | None = None) -> None:
        self.started[stage] = time.perf_counter()
        self.items[stage] = 0

    def advance(self, stage: str, amount: int = 1) -> None:
        self.items[stage] = self.items.get(stage, 0) + amount

    def finish(self, stage: str, summary: str = "") -> None:
        self.seconds[stage] = time.perf_counter() - self.started[stage]

    def warn(self, message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()

    config = load_config(args.path.resolve(), {"cache": False, "jobs": args.jobs})
    clock = StageClock()
    began = time.perf_counter()
    result = scan(args.path, config=config, progress=clock)
    scanned = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        write_reports(result, Path(out), ["html", "json"])
    done = time.perf_counter()

    files = len(result.outcomes)
    commits = result.history.commits_read
    print(f"repository          {args.path.resolve().name}: {files} files, {commits} commits")
    print(f"workers             {config.workers}")
    for stage in ("analysis", "history"):
        if stage in clock.seconds:
            print(f"{stage:<20}{clock.seconds[stage]:8.2f} s (overlapping)")
    print(f"scan total          {scanned - began:8.2f} s")
    print(f"reports (html+json) {done - scanned:8.2f} s")
    print(f"end to end          {done - began:8.2f} s")
    print(f"files per second    {files / (scanned - began):8.1f}")
    if commits:
        print(f"commits per second  {commits / clock.seconds.get('history', 1):8.0f}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS            {own:8.0f} MiB (main), {workers:.0f} MiB (largest worker)")


if __name__ == "__main__":
    main()
