"""Backfill the history store from git: a snapshot at the last commit of each past period.

A CTO should not have had to run debtscan every quarter for two years to see a trend.
Each snapshot is the repository as it was at a commit, read from git objects (never a
checkout) with the history up to that commit. What makes it cheap:

1. every file version (git blob) of every snapshot is analysed once, in one process pool,
   and cached by blob id, so the snapshots themselves find every file in the cache;
2. the versions of a file go to one worker oldest first, and each is parsed reusing the
   unchanged statements of the version before (analysis.incremental): most of a file
   does not change in a quarter;
3. meanwhile, one ``git log`` pass reads the histories of all the snapshots
   (history.read_histories) instead of one pass per snapshot.

Each snapshot is recorded as soon as it is scanned, so an interrupted backfill resumes
where it stopped: snapshots already stored (same commit and configuration) are skipped.
"""

from __future__ import annotations

import concurrent.futures as futures
import dataclasses
import multiprocessing
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from debtscan.cache import keep_last_lookup
from debtscan.catalogue import load_catalogue
from debtscan.config import Config, window_start
from debtscan.discovery import discover_files
from debtscan.errors import GitError
from debtscan.gitrepo import describe_repository, last_commits_before, open_repository
from debtscan.history import read_histories
from debtscan.periods import Period, PeriodKind, period_of, periods_between
from debtscan.pipeline import analysis_settings, file_reader, open_cache, scan, start_analysis
from debtscan.progress import Progress, SilentProgress
from debtscan.records import Discovery, History, SourceFile
from debtscan.reporting.json_report import scan_document
from debtscan.store import HistoryStore
from debtscan.store.writer import STORED_PARTS

Snapshot = tuple[dict[str, Any], list[str]]  # the stored parts of a document, its warnings


@dataclass(frozen=True, kw_only=True)
class PlannedSnapshot:
    """The snapshot of ``period``: its last commit (of HEAD's first-parent line)."""

    period: Period
    commit: str
    commit_date: datetime


@dataclass(frozen=True, kw_only=True)
class BackfillResult:
    recorded: tuple[PlannedSnapshot, ...]
    already_stored: tuple[PlannedSnapshot, ...]
    files_analysed: int  # file versions analysed, across all the snapshots
    files_from_cache: int  # file versions found in the analysis cache
    seconds: float


def plan_backfill(
    root: Path, *, every: PeriodKind, since: str, now: datetime | None = None
) -> list[PlannedSnapshot]:
    """One snapshot per period, oldest first, from the period ``since`` before HEAD's
    commit date to the last period that has ended (by ``now``, the wall clock). A period
    without commits of its own has no snapshot of its own: its state is the one of the
    last period with commits, whose snapshot it shares."""
    repo = open_repository(root)
    if repo is None:
        raise GitError(f"{root} is not a git repository; a backfill reads git history")
    head = describe_repository(repo)
    if head.head_date is None:
        return []
    first = period_of(window_start(since, head.head_date), every)
    last = min(
        period_of(now or datetime.now(UTC), every).shifted(-1), period_of(head.head_date, every)
    )
    periods = periods_between(first, last) if first <= last else []
    planned: dict[str, PlannedSnapshot] = {}
    for found in last_commits_before(repo, [period.end for period in periods]):
        if found is not None and found[0] not in planned:
            commit, date = found
            # Named for its commit date: a period without commits has the state (and the
            # snapshot) of the period of its last commit.
            planned[commit] = PlannedSnapshot(
                period=period_of(date, every), commit=commit, commit_date=date
            )
    return list(planned.values())


def backfill(
    path: Path,
    *,
    every: PeriodKind,
    since: str,
    store: HistoryStore,
    config: Config,
    progress: Progress,
    now: datetime | None = None,
) -> BackfillResult:
    """Scan and record the planned snapshots that the store does not hold yet."""
    clock = time.perf_counter()
    root = path.resolve()
    planned = plan_backfill(root, every=every, since=since, now=now)
    digest = config.digest()
    stored = [
        p
        for p in planned
        if store.has_snapshot(repository=root.name, commit=p.commit, config_digest=digest)
    ]
    todo = [p for p in planned if p not in stored]
    discoveries = [discover_files(root, config=config, at=p.commit) for p in todo]
    analysed, from_cache, histories = _prepare(root, discoveries, config, progress)
    progress.start("snapshots", len(todo))
    said: set[str] = set()  # each snapshot's warnings are passed on, each once
    # The snapshots' scans find every file in the cache and do not depend on one another:
    # one per worker process, recorded in order here (the store has one writer).
    with _snapshot_pool(config.workers, len(todo)) as pool:
        if pool is None:
            documents: Iterable[Snapshot] = (
                _snapshot_document(root, s.commit, config, histories[s.commit]) for s in todo
            )
        else:
            submitted = [
                pool.submit(_snapshot_document, root, s.commit, config, histories[s.commit])
                for s in todo
            ]
            documents = (future.result() for future in submitted)
        for document, warnings in documents:
            for message in warnings:
                if message not in said:
                    said.add(message)
                    progress.warn(message)
            store.record(document)
            progress.advance("snapshots")
    progress.finish("snapshots", f"{len(todo)} recorded, {len(stored)} already stored")
    return BackfillResult(
        recorded=tuple(todo),
        already_stored=tuple(stored),
        files_analysed=analysed,
        files_from_cache=from_cache,
        seconds=round(time.perf_counter() - clock, 3),
    )


def _prepare(
    root: Path, discoveries: list[Discovery], config: Config, progress: Progress
) -> tuple[int, int, dict[str, History]]:
    """Analyse every distinct file version of the snapshots into the cache while one log
    pass reads their histories. Returns (analysed, found in the cache, histories).

    Without a usable cache the snapshots are analysed one by one as they are scanned.
    """
    snapshots = [d.git for d in discoveries if d.git is not None]
    if not discoveries:
        return 0, 0, {}
    with open_cache(root, enabled=config.cache) as cache:
        # The versions of a file together, oldest first, so that each parse reuses the
        # one before; the largest files first: the pool's last chunks are then small, and
        # both cores finish together.
        lineages = sorted(file_lineages(discoveries), key=lambda group: -sum(f.size for f in group))
        files = tuple(f for group in lineages for f in group) if cache.enabled else ()
        settings = analysis_settings(load_catalogue(root, config.rule_paths), config)
        read = file_reader(discoveries[0])
        with start_analysis(files, read, settings, config, cache, progress) as analysis:
            histories = read_histories(root, snapshots=snapshots, config=config, progress=progress)
            analysis.complete()
    return analysis.analysed, len(files) - analysis.analysed, histories


def file_lineages(discoveries: Sequence[Discovery]) -> list[list[SourceFile]]:
    """The distinct file versions (blobs) of the snapshots, oldest snapshot first, grouped
    by file: each file's versions oldest first, each labelled (``_labelled``)."""
    versions: dict[str, SourceFile] = {}
    labels: set[str] = set()
    for discovery in discoveries:
        for file in discovery.files:
            if file.blob is not None and file.blob not in versions:
                versions[file.blob] = _labelled(file, labels)
    lineages: dict[str, list[SourceFile]] = {}
    for version in versions.values():
        lineages.setdefault(version.lineage or version.path, []).append(version)
    return list(lineages.values())


def _snapshot_document(root: Path, commit: str, config: Config, history: History) -> Snapshot:
    """The parts of the scan document of ``commit`` the store keeps, and the warnings."""
    progress = SilentProgress()
    result = scan(
        root,
        at=commit,
        config=config,
        progress=progress,
        history=history,
        function_history=False,  # the store keeps no functions
    )
    return scan_document(result, STORED_PARTS), progress.warnings


def _snapshot_pool(workers: int, snapshots: int) -> AbstractContextManager[Executor | None]:
    """Worker processes for the snapshots' scans: forked, so that each starts with the
    histories read, and each decodes only the file versions its previous snapshot did
    not have; none with one worker or where there is no fork."""
    if min(workers, snapshots) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return nullcontext()
    context = multiprocessing.get_context("fork")
    return futures.ProcessPoolExecutor(
        min(workers, snapshots), mp_context=context, initializer=keep_last_lookup
    )


def _labelled(file: SourceFile, labels: set[str]) -> SourceFile:
    """The file version under a name no other version in the run has.

    An analysis run tells files apart by path, and the versions of one path differ only
    by blob. What a version's analysis finds depends on its bytes alone (which is what
    makes the cache by blob id valid), so a later version is analysed as ``path@blob``.
    """
    label = file.path if file.path not in labels else f"{file.path}@{file.blob}"
    labels.add(label)
    return dataclasses.replace(file, path=label, lineage=file.path)
