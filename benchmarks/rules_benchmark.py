"""Time the LibCST parse against the one traversal with every rule enabled.

    python benchmarks/rules_benchmark.py PATH [--repeat N]

Reads every ``*.py`` file under PATH that LibCST parses, then times, in this process:
the parse of all files; the batched traversal with the structure visitors alone (line
tracker, structure and metrics); and the traversal with every shipped rule enabled, as
the scan runs it (rule matcher joined, names resolved when it leaves the module), plus
the code-health findings from the metrics; and, for comparison, the same traversal with
LibCST's own ``visit_batched`` dispatch. Prints the seconds and the ratio traversal /
parse; the best of ``--repeat`` runs is kept, because the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import libcst as cst

from debtscan.analysis.lines import LineTracker
from debtscan.analysis.matching import RuleMatcher
from debtscan.analysis.smells import find_smells
from debtscan.analysis.source import decode_source
from debtscan.analysis.structure import StructureCollector
from debtscan.analysis.tables import compile_rules
from debtscan.analysis.visitors import visit_batched
from debtscan.catalogue import load_catalogue, select_rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sources = []
    for path in sorted(args.path.rglob("*.py")):
        try:
            data = path.read_bytes()
            text = decode_source(data)
            cst.parse_module(text)
        except Exception:
            continue
        sources.append(text)
    rules = select_rules(load_catalogue(), target=(3, 11))
    tables = compile_rules(rules)
    lines = sum(text.count("\n") for text in sources)
    print(f"{len(sources)} files, {lines:,} lines, {len(rules)} rules enabled")

    # File by file, as the analysis runs: parse, then each traversal of the same tree.
    best = dict.fromkeys(("parse", "structure", "rules", "libcst"), float("inf"))
    for _ in range(args.repeat):
        spent = dict.fromkeys(best, 0.0)
        for text in sources:
            started = time.perf_counter()
            module = cst.parse_module(text)
            parsed = time.perf_counter()
            tracker = LineTracker.for_text(text)
            visit_batched(module, [tracker, StructureCollector(tracker)])
            structured = time.perf_counter()
            tracker = LineTracker.for_text(text)
            collector = StructureCollector(tracker)
            visit_batched(module, [tracker, collector, RuleMatcher(tracker, module, tables)])
            find_smells(tables.metrics, thresholds={}, file_lines=text.count("\n"),
                        functions=collector.functions, classes=collector.classes)  # fmt: skip
            done = time.perf_counter()
            tracker = LineTracker.for_text(text)  # the same, with LibCST's own dispatch
            matcher = RuleMatcher(tracker, module, tables)
            cst.visit_batched(module, [tracker, StructureCollector(tracker), matcher])
            spent["libcst"] += time.perf_counter() - done
            spent["parse"] += parsed - started
            spent["structure"] += structured - parsed
            spent["rules"] += done - structured
        best = {key: min(best[key], spent[key]) for key in best}
    parse, structure, everything = best["parse"], best["structure"], best["rules"]
    libcst = best["libcst"]
    print(f"parse (LibCST)                 {parse:7.2f} s")
    print(f"traversal, structure only      {structure:7.2f} s  ({structure / parse:.2f} x parse)")
    print(f"traversal, all rules           {everything:7.2f} s  ({everything / parse:.2f} x parse)")
    print(f"  the same, libcst.visit_batched {libcst:7.2f} s  ({libcst / parse:.2f} x parse)")


if __name__ == "__main__":
    main()
