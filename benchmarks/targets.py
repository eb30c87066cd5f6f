"""The speed and memory targets of debtscan, measured against the floors in one run.

    python benchmarks/targets.py PATH [--jobs 2] [--skip-backfill]

Works on a throwaway clone of PATH (``git clone``, objects hard-linked; PATH itself is not
touched) and runs, one after the other, each as its own process:

1. floor (a): ``benchmarks/floor_git_log.py`` - the history read once;
2. floor (b): ``benchmarks/floor_parse.py`` - every file parsed once, one process;
3. cold scan: ``debtscan scan`` with an empty cache (HTML, JSON, store);
4. warm rescan of the unchanged repository;
5. rescan after one new commit touching three files;
6. backfill of 8 quarterly snapshots, cold (``debtscan history backfill --since DATE``, DATE
   the start of the eighth-last quarter a ``--since 2y`` backfill would record: that one
   holds 8 or 9 quarters, by HEAD's date);
7. cold scan with ``--jobs 1``, for the speed-up of the worker pool.

Prints each wall time, its ratio to the target's reference and the peak memory of the
process tree (the scan, its workers and git, PSS summed, sampled every 50 ms). The machine is
shared and noisy: compare figures of the same run only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from debtscan.backfill import plan_backfill
from debtscan.periods import PeriodKind

HERE = Path(__file__).resolve().parent
DEBTSCAN = [sys.executable, "-m", "debtscan"]


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of ``command`` and all its child processes."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    watched = psutil.Process(process.pid)
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(_memory(p) for p in tree if p.is_running()))
        except psutil.Error:
            pass  # a worker ended between listing and reading
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        assert process.stderr is not None
        sys.exit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, peak / 2**20


def _memory(process: psutil.Process) -> int:
    """Proportional set size where the system has it (Linux): the forked workers share
    pages with the scan process, and a sum of RSS would count those twice."""
    try:
        return process.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return process.memory_info().rss


def touch_three_files(clone: Path) -> None:
    """One commit that appends a small function to three tracked Python files."""
    listing = subprocess.run(["git", "-C", str(clone), "ls-files", "*.py"],
                             capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
    for name in listing[:3]:
        with (clone / name).open("a", encoding="utf-8") as file:
            file.write("\n\ndef _debtscan_benchmark_touch(x):\n    return x + 1\n")
    identity = {
        f"GIT_{role}_{field}": value
        for role in ("AUTHOR", "COMMITTER")
        for field, value in (("NAME", "Bench"), ("EMAIL", "bench@example.com"))
    }
    subprocess.run(["git", "-C", str(clone), "commit", "-qam", "benchmark: touch three files"],
                   check=True, env={**os.environ, **identity})  # fmt: skip


def eight_quarters_since(clone: Path) -> str:
    """The ``--since`` date from which a quarterly backfill plans exactly 8 snapshots."""
    planned = plan_backfill(clone, every=PeriodKind.QUARTER, since="2y")
    if len(planned) < 8:
        sys.exit(f"the repository has {len(planned)} quarters with commits in 2 years, not 8")
    return planned[-8].period.start.date().isoformat()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-backfill", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temp:
        clone = Path(temp) / "repo"
        subprocess.run(["git", "clone", "-q", str(args.path.resolve()), str(clone)], check=True)
        out = Path(temp) / "report"
        scan = [*DEBTSCAN, "scan", str(clone), "--out", str(out), "--jobs", str(args.jobs)]

        def cold(command: list[str]) -> tuple[float, float]:
            shutil.rmtree(clone / ".debtscan", ignore_errors=True)  # cache and store
            return run(command)

        results: dict[str, tuple[float, float]] = {}
        results["floor a"] = run([sys.executable, str(HERE / "floor_git_log.py"), str(clone)])
        results["floor b"] = run([sys.executable, str(HERE / "floor_parse.py"), str(clone)])
        results["cold"] = cold(scan)
        results["warm"] = run(scan)
        touch_three_files(clone)
        results["one commit"] = run(scan)
        if not args.skip_backfill:
            since = eight_quarters_since(clone)
            backfill = [*DEBTSCAN, "history", "backfill", str(clone), "--every", "quarter",
                        "--since", since, "--jobs", str(args.jobs)]  # fmt: skip
            results["backfill 8q"] = cold(backfill)
        one_job = [*DEBTSCAN, "scan", str(clone), "--out", str(out), "--jobs", "1"]
        results["cold, 1 job"] = cold(one_job)

    floors = results["floor a"][0] + results["floor b"][0]
    cold_seconds = results["cold"][0]
    references = {
        "cold": (floors, "floor a + b", 1.0),
        "warm": (cold_seconds, "cold", 0.10),
        "one commit": (cold_seconds, "cold", 0.15),
        "backfill 8q": (cold_seconds, "cold", 2.0),
        "cold, 1 job": (cold_seconds, "cold (speed-up)", None),
    }
    print(f"repository {args.path.resolve().name}, {args.jobs} jobs for the scans")
    print(f"{'step':<14}{'seconds':>9}{'peak MiB':>10}   ratio")
    for step, (seconds, peak) in results.items():
        line = f"{step:<14}{seconds:9.2f}{peak:10.0f}"
        if step in references:
            reference, label, target = references[step]
            if target is None:
                line += f"   speed-up {seconds / cold_seconds:.2f}x with {args.jobs} jobs"
            else:
                verdict = "met" if seconds / reference <= target else "MISSED"
                line += f"   {seconds / reference:.2f} x {label} (target <= {target}: {verdict})"
        print(line)


if __name__ == "__main__":
    main()
