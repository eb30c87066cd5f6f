"""Run the analysis of many files: cache first, then a process pool for the rest.

The pool starts working as soon as the run is created, so that the caller can read the
git history in the meantime; ``outcomes()`` then waits for the files still under way.

Files are always analysed in worker processes, even with one job: LibCST's native parser
can overflow its stack on pathological input, which kills the process, and its time grows
with the square of the length of an operator chain (4,000 ``+`` terms take 6 s), so a
worker stuck on one file longer than the file timeout ends itself. A dead worker costs
only the file that killed it: the unfinished files are analysed again one at a time, and
the one that crashes or times out again is recorded as failed.
"""

from __future__ import annotations

import concurrent.futures as futures
import ctypes
import dataclasses
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

from debtscan.analysis import AnalysisSettings, analyze_file, blob_id
from debtscan.analysis.incremental import IncrementalParser
from debtscan.cache import OutcomeCache
from debtscan.progress import Progress
from debtscan.records import Failed, FailReason, Outcome, Skipped, SkipReason, SourceFile

_CHUNK_BYTES = 256 * 1024  # files travel to the workers in chunks of about this size
_CHUNK_FILES = 64
_STACK_BYTES = 256 * 1024 * 1024  # room for deeply nested code in parser and traversal
_RECURSION_LIMIT = 20_000

# (path, bytes, lineage): files of one lineage are versions of one file, oldest first,
# and travel in one chunk so that each parse reuses the statements of the one before.
Chunk = list[tuple[str, bytes, str | None]]


_CAN_TIME_OUT = hasattr(signal, "setitimer")

# A large file's tree is millions of small objects from the C heap, which glibc keeps
# after they are freed: one 450 kB file of sympy leaves a worker holding 400 MiB for the
# rest of the scan. malloc_trim gives it back (a few ms); where there is none, it stays.
_TRIM_AFTER_BYTES = 100_000
_malloc_trim = getattr(ctypes.CDLL(None), "malloc_trim", None) if os.name == "posix" else None


def _start_worker() -> None:
    threading.stack_size(_STACK_BYTES)
    sys.setrecursionlimit(_RECURSION_LIMIT)
    if _CAN_TIME_OUT:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def _analyze_chunk(chunk: Chunk, settings: AnalysisSettings, timeout: float) -> list[Outcome]:
    # A thread, because only new threads get the large stack set in _start_worker.
    outcomes: list[Outcome] = []
    worker = threading.Thread(target=_analyze_watched, args=(chunk, settings, timeout, outcomes))
    worker.start()
    worker.join()
    return outcomes


def _analyze_watched(
    chunk: Chunk, settings: AnalysisSettings, timeout: float, outcomes: list[Outcome]
) -> None:
    """Analyse each file under an alarm that ends the process when it takes too long.

    The parser holds the GIL, so no Python code can interrupt it; SIGALRM without a
    handler ends the process from the kernel, and the parent retries file by file.
    """
    parser, lineage_parsed = None, None
    for path, data, lineage in chunk:
        if lineage != lineage_parsed:
            parser = IncrementalParser() if lineage is not None else None
            lineage_parsed = lineage
        if _CAN_TIME_OUT:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        outcomes.append(analyze_file(path, data, settings=settings, parser=parser))
        if _CAN_TIME_OUT:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if len(data) > _TRIM_AFTER_BYTES and _malloc_trim is not None:
            _malloc_trim(0)


class AnalysisRun:
    """The analysis of ``files`` under way. Use as a context manager; see ``outcomes()``."""

    def __init__(
        self,
        files: tuple[SourceFile, ...],
        *,
        read: Callable[[SourceFile], bytes],
        settings: AnalysisSettings,
        settings_digest: str,
        workers: int,
        file_timeout: float,
        cache: OutcomeCache,
        progress: Progress,
    ) -> None:
        self._settings = settings
        self._timeout = file_timeout
        self._cache = cache
        self._progress = progress
        self._order = [f.path for f in files]
        self._done: dict[str, Outcome] = {}
        self._keys: dict[str, str] = {}  # path -> cache key, for the files read
        self.analysed = 0  # files analysed by this run rather than found in the cache
        progress.start("analysis", len(files))
        todo = self._read_and_look_up(files, read, settings_digest)
        self._pool = self._new_pool(workers) if todo else None
        self._pending: dict[futures.Future[list[Outcome]], Chunk] = {}
        for chunk in _chunks(todo):
            self._submit(chunk)

    def __enter__(self) -> AnalysisRun:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    @staticmethod
    def _new_pool(workers: int) -> futures.ProcessPoolExecutor:
        return futures.ProcessPoolExecutor(max(1, workers), initializer=_start_worker)

    def _submit(self, chunk: Chunk) -> None:
        assert self._pool is not None
        future = self._pool.submit(_analyze_chunk, chunk, self._settings, self._timeout)
        future.add_done_callback(functools.partial(self._advance, len(chunk)))
        self._pending[future] = chunk

    def _advance(self, count: int, future: futures.Future[list[Outcome]]) -> None:
        # Runs in the pool's management thread, while the caller reads the history.
        if not future.exception():
            self._progress.advance("analysis", count)

    def _read_and_look_up(
        self,
        files: tuple[SourceFile, ...],
        read: Callable[[SourceFile], bytes],
        settings_digest: str,
    ) -> Chunk:
        """Outcomes from the cache where it has them; the bytes of the other files.

        A file from a commit comes with its blob id, so a cache hit costs no read at all;
        a working-tree file is read to compute its id.
        """
        contents: dict[str, bytes] = {}
        for file in files:
            blob = file.blob
            if blob is None:
                data = self._read(file, read)
                if data is None:
                    continue
                contents[file.path] = data
                blob = blob_id(data)
            self._keys[file.path] = self._cache.key(blob, settings_digest)
        cached = self._cache.get_many(self._keys.values())
        remaining: Chunk = []
        for file in files:
            key = self._keys.get(file.path)
            if key is None:
                continue  # unreadable, already recorded
            if (hit := cached.get(key)) is not None:
                self._done[file.path] = dataclasses.replace(hit, path=file.path)
                continue
            data = contents[file.path] if file.path in contents else self._read(file, read)
            if data is not None:
                remaining.append((file.path, data, file.lineage))
        self._progress.advance("analysis", len(files) - len(remaining))
        return remaining

    def _read(self, file: SourceFile, read: Callable[[SourceFile], bytes]) -> bytes | None:
        try:
            return read(file)
        except (OSError, ValueError) as error:
            reason = SkipReason.UNREADABLE
            self._done[file.path] = Skipped(path=file.path, reason=reason, detail=str(error))
            self._keys.pop(file.path, None)
            return None

    def outcomes(self) -> tuple[Outcome, ...]:
        """Wait for every file; outcomes in the order the files were given."""
        self._wait(keep=True)
        return tuple(self._done[path] for path in self._order)

    def complete(self) -> None:
        """Wait for every file, keeping the outcomes in the cache only (a backfill's
        thousands of file versions are read back snapshot by snapshot)."""
        self._wait(keep=False)
        self._done.clear()

    def _wait(self, *, keep: bool) -> None:
        """Each chunk's outcomes go to the cache as it completes; ``keep`` them here too."""
        fresh = 0
        crashed: Chunk = []
        for future in futures.as_completed(self._pending):
            try:
                outcomes = future.result()
            except futures.process.BrokenProcessPool:
                crashed.extend(self._pending[future])
                continue
            fresh += self._store(outcomes, keep=keep)
        fresh += self._store(self._isolate(crashed), keep=keep)
        self._pending.clear()
        self.analysed = fresh
        from_cache = len(self._order) - fresh
        self._progress.finish("analysis", f"{fresh} analysed, {from_cache} from cache")

    def _store(self, outcomes: list[Outcome], *, keep: bool) -> int:
        self._cache.put_many({self._keys[o.path]: o for o in outcomes})
        if keep:
            self._done.update((o.path, o) for o in outcomes)
        return len(outcomes)

    def _isolate(self, files: Chunk) -> list[Outcome]:
        """Analyse the files of broken chunks one at a time; a file that kills its worker
        again is recorded as failed: timed out, or crashed."""
        outcomes: list[Outcome] = []
        pool = self._new_pool(1) if files else None
        for path, data, _ in files:
            assert pool is not None
            started = time.monotonic()
            try:
                alone: Chunk = [(path, data, None)]
                task = pool.submit(_analyze_chunk, alone, self._settings, self._timeout)
                outcomes.extend(task.result())
            except futures.process.BrokenProcessPool:
                outcomes.append(self._failure(path, time.monotonic() - started))
                pool.shutdown()
                pool = self._new_pool(1)
            self._progress.advance("analysis")
        if pool is not None:
            pool.shutdown()
        return outcomes

    def _failure(self, path: str, seconds: float) -> Failed:
        if seconds >= self._timeout:
            detail = f"analysis took longer than the file timeout ({self._timeout:g} s)"
            return Failed(path=path, reason=FailReason.TIMEOUT, detail=detail)
        detail = "the parser crashed on this file (a native stack overflow)"
        return Failed(path=path, reason=FailReason.INTERNAL_ERROR, detail=detail)


def _chunks(items: Chunk) -> list[Chunk]:
    chunks: list[Chunk] = [[]]
    size = 0
    for item in items:
        same_lineage = chunks[-1] and item[2] is not None and chunks[-1][-1][2] == item[2]
        if (size > _CHUNK_BYTES or len(chunks[-1]) >= _CHUNK_FILES) and not same_lineage:
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += len(item[1])
    return [chunk for chunk in chunks if chunk]
