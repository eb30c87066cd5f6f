"""Floor (a): read the history debtscan reads, once, and nothing else.

    python benchmarks/floor_git_log.py PATH

One ``git log`` over all of HEAD's history with the options the history stage uses
(``-z --numstat -M --no-merges``), its output read and thrown away. No scan of debtscan
can read its history faster than this. Prints the wall time and the commits read.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

_CHUNK = 1 << 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    command = ["git", "-C", str(args.path), "log", "-z", "--numstat", "-M", "--no-merges",
               "--format=%x1e%H", "HEAD"]  # fmt: skip
    commits = 0
    with subprocess.Popen(command, stdout=subprocess.PIPE) as process:
        assert process.stdout is not None
        while chunk := process.stdout.read(_CHUNK):
            commits += chunk.count(b"\x1e")
    print(f"floor a (git log)   {time.perf_counter() - started:8.2f} s  {commits} commits")


if __name__ == "__main__":
    main()
