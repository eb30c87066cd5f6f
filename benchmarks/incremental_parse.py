"""Check and time the backfill's incremental parse on the file versions of a real history.

    python benchmarks/incremental_parse.py PATH [--since 2y] [--every quarter] [--analysis]

Takes the distinct file versions the quarterly snapshots of a backfill hold (as
``debtscan history backfill`` would analyse them), and for the versions of each file,
oldest first: parses each whole with LibCST and with ``IncrementalParser`` (which reuses
the unchanged statements of the version before), checks that both trees are equal
(``deep_equals``, and no statement node sits in two places) or both fail alike, and
prints both times. The incremental parser needs each version walked with a
``LineTracker``, which the analysis walk of a scan does anyway; here that walk is timed
apart. ``--analysis`` then analyses every version twice, with the incremental parser as
the backfill does and alone, and compares the outcomes (findings, metrics, functions):
a tree can equal LibCST's and still be read otherwise, if one node sits in two places.
Single process; the machine is shared and noisy: compare the figures of one run.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import libcst as cst

from debtscan.analysis import analyze_file
from debtscan.analysis.incremental import IncrementalParser
from debtscan.analysis.source import UndecodableSource, decode_source
from debtscan.backfill import file_lineages, plan_backfill
from debtscan.catalogue import load_catalogue
from debtscan.config import load_config
from debtscan.discovery import discover_files
from debtscan.gitrepo import open_repository, read_blob
from debtscan.periods import PeriodKind
from debtscan.pipeline import analysis_settings


def file_versions(root: Path, since: str, every: PeriodKind) -> dict[str, list[str]]:
    """Per path, the texts of its distinct versions in the snapshots, oldest first."""
    config = load_config(root, {})
    repo = open_repository(root)
    assert repo is not None, f"{root} is not a git repository"
    planned = plan_backfill(root, every=every, since=since)
    discoveries = [discover_files(root, config=config, at=p.commit) for p in planned]
    versions: dict[str, list[str]] = {}
    for lineage in file_lineages(discoveries):
        for file in lineage:
            try:
                text = decode_source(read_blob(repo, file.blob or ""))
            except UndecodableSource:
                continue
            versions.setdefault(file.lineage or file.path, []).append(text)
    return versions


def parse(
    function: Callable[[str], cst.Module], text: str
) -> tuple[cst.Module | None, str | None, float]:
    """(module, error, seconds) of one parse."""
    started = time.perf_counter()
    try:
        module, error = function(text), None
    except Exception as failure:  # compared with the other parser's failure
        module, error = None, f"{type(failure).__name__}: {failure}"
    return module, error, time.perf_counter() - started


def shares_statements(module: cst.Module) -> bool:
    """Whether one statement node sits in two places of the module's or its classes'
    bodies (where reused nodes go): a tree equal to LibCST's that the analysis would
    read as one statement there twice."""
    statements = list(module.body)
    for statement in module.body:
        if isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
            statements += statement.body.body
    return len({id(statement) for statement in statements}) < len(statements)


def note_lines(parser: IncrementalParser, module: cst.Module | None, text: str) -> float:
    """Walk ``module`` as the analysis does, noting its statements' lines; the seconds."""
    started = time.perf_counter()
    if module is not None:
        parser.note_lines(module, text)
    return time.perf_counter() - started


def compare_analyses(root: Path, versions: dict[str, list[str]]) -> None:
    """Analyse each version with the incremental parser and alone; print the times and
    the versions whose outcomes differ."""
    config = load_config(root, {})
    settings = analysis_settings(load_catalogue(root, config.rule_paths), config)
    incremental_seconds = alone_seconds = 0.0
    differences = 0
    for path, texts in versions.items():
        incremental = IncrementalParser()
        for number, text in enumerate(texts):
            data = text.encode()
            started = time.perf_counter()
            ours = analyze_file(path, data, settings=settings, parser=incremental)
            middle = time.perf_counter()
            expected = analyze_file(path, data, settings=settings)
            incremental_seconds += middle - started
            alone_seconds += time.perf_counter() - middle
            if ours != expected:
                differences += 1
                print(f"DIFFERENT OUTCOME: {path}, version {number + 1} of {len(texts)}")
    print(f"analyses alone      {alone_seconds:8.1f} s")
    print(f"analyses reusing    {incremental_seconds:8.1f} s  "
          f"({incremental_seconds / alone_seconds:.2f} x)")  # fmt: skip
    print(f"different outcomes  {differences:8d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--since", default="2y")
    parser.add_argument("--every", default="quarter", choices=["quarter", "month"])
    parser.add_argument("--analysis", action="store_true", help="compare analysis outcomes too")
    args = parser.parse_args()
    versions = file_versions(args.path.resolve(), args.since, PeriodKind(args.every))
    whole_seconds = incremental_seconds = walk_seconds = 0.0
    count = differences = reused = 0
    for path, texts in versions.items():
        incremental = IncrementalParser()
        for number, text in enumerate(texts):
            count += 1
            expected, expected_error, seconds = parse(cst.parse_module, text)
            whole_seconds += seconds
            ours, error, seconds = parse(incremental.parse, text)
            incremental_seconds += seconds
            walk_seconds += note_lines(incremental, ours, text)
            same = error == expected_error if expected is None else (
                ours is not None and ours.deep_equals(expected) and not shares_statements(ours)
            )  # fmt: skip
            if not same:
                differences += 1
                print(f"DIFFERENT: {path}, version {number + 1} of {len(texts)}")
        reused += incremental.reused
    print(f"{args.path.resolve().name}: {count} file versions of {len(versions)} files")
    print(f"whole parses        {whole_seconds:8.1f} s")
    print(f"incremental parses  {incremental_seconds:8.1f} s  "
          f"({incremental_seconds / whole_seconds:.2f} x), {reused} statements reused")  # fmt: skip
    print(f"line walks          {walk_seconds:8.1f} s  (the analysis walk's, in a scan)")
    print(f"different trees     {differences:8d}")
    if args.analysis:
        compare_analyses(args.path.resolve(), versions)


if __name__ == "__main__":
    main()
