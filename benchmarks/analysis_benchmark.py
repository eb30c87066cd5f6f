"""Time the analysis of each file against its LibCST parse, and radon's MI for comparison.

    python benchmarks/analysis_benchmark.py PATH [--repeat N]

For every tracked ``*.py`` file LibCST parses, in this process, one file after the other:
the parse alone; ``analyze_file`` as the scan runs it (parse, the one traversal with
every shipped rule, size and Halstead counts, maintainability index, smells); and what
radon needs for the same maintainability index (its tokenizer's raw counts, an ``ast``
parse and its Halstead visitor), which debtscan no longer runs. Prints seconds and
ratios to the parse; the best of ``--repeat`` runs, as the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import libcst as cst
from radon.metrics import h_visit_ast
from radon.raw import analyze

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.catalogue import load_catalogue, select_rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    listing = subprocess.run(["git", "-C", str(args.path), "ls-files", "-z", "*.py"],
                             capture_output=True, check=True).stdout  # fmt: skip
    files: list[tuple[str, bytes, str]] = []
    for name in filter(None, listing.decode().split("\0")):
        try:
            data = (args.path / name).read_bytes()
            text = data.decode("utf-8")
            cst.parse_module(text)
        except Exception:  # only what all three can read is compared
            continue
        files.append((name, data, text))
    settings = AnalysisSettings(rules=select_rules(load_catalogue(), target=(3, 11)))
    warnings.simplefilter("ignore")  # SyntaxWarnings of the scanned code

    def radon_mi_inputs(text: str) -> None:
        analyze(text)
        h_visit_ast(ast.parse(text))

    timings: dict[str, Callable[[str, bytes, str], object]] = {
        "parse": lambda name, data, text: cst.parse_module(text),
        "analyze_file": lambda name, data, text: analyze_file(name, data, settings=settings),
        "radon raw + Halstead": lambda name, data, text: radon_mi_inputs(text),
    }
    best = dict.fromkeys(timings, float("inf"))
    for _ in range(args.repeat):
        for label, run in timings.items():
            started = time.perf_counter()
            for name, data, text in files:
                run(name, data, text)
            best[label] = min(best[label], time.perf_counter() - started)
    print(f"{len(files)} files, {sum(len(t) for _, _, t in files) / 2**20:.1f} MiB, "
          f"{len(settings.rules)} rules")  # fmt: skip
    for label, seconds in best.items():
        print(f"{label:<22}{seconds:8.2f} s  ({seconds / best['parse']:.2f} x parse)")


if __name__ == "__main__":
    main()
