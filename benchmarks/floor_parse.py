"""Floor (b): parse every Python file of the repository once with LibCST, one process.

    python benchmarks/floor_parse.py PATH

Reads the tracked ``*.py`` files (``git ls-files``), decodes them and times
``libcst.parse_module`` alone; files LibCST refuses are counted and left out. Every scan
parses each file once, so no single-process analysis is faster than this.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

import libcst as cst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    listing = subprocess.run(["git", "-C", str(args.path), "ls-files", "-z", "*.py"],
                             capture_output=True, check=True).stdout  # fmt: skip
    paths = [args.path / name for name in listing.decode().split("\0") if name]
    parsed = refused = 0
    spent = 0.0
    size = 0
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            refused += 1
            continue
        started = time.perf_counter()
        try:
            cst.parse_module(text)
        except Exception:  # a refused file is counted, not fatal
            refused += 1
        else:
            parsed += 1
            size += len(text)
        spent += time.perf_counter() - started
    print(f"floor b (parse)     {spent:8.2f} s  {parsed} files, {size / 2**20:.1f} MiB"
          f" ({refused} not parsed)")  # fmt: skip


if __name__ == "__main__":
    main()
