"""Mine the git history in one streaming pass.

One ``git log --numstat -z`` process over the whole history of HEAD, read as a stream and
folded into per-file tallies as it arrives: memory grows with the number of files, not
with the number of commits. Renames are followed so that every count lands on the file's
current path. The window (default 12 months) ends at the analysed HEAD's commit date, not
at the wall clock, so a dormant repository or an old checkout still shows its history.

Several snapshots of one repository (a backfill) share that one pass: ``git rev-list``
of each snapshot's commit says which commits it reaches, and each commit of the log is
folded into the tallies of every snapshot that reaches it (memory: files x snapshots).
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import git

from debtscan.cache import OutcomeCache
from debtscan.commit_log import CacheMiss, CommitLogCache, Record, log_key
from debtscan.config import Config, window_start
from debtscan.errors import GitError
from debtscan.progress import Progress
from debtscan.records import FileHistory, FixTouches, GitInfo, History, HistoryStatus

# Fields of one commit header; \x1e starts a commit, \x1f separates fields. %aN and %aE
# apply .mailmap, so one person with several addresses counts once.
_FORMAT = "%x1e%H%x1f%aN%x1f%ct%x1f%B"
_CHUNK = 1 << 16

SHALLOW_MESSAGE = (
    "shallow clone: history is truncated, so change counts, authors and ages are understated; "
    "fetch the full history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)"
)


@dataclass(slots=True)
class _Tally:
    """Mutable per-file counts while the log streams by; frozen into FileHistory at the end."""

    revisions: int = 0
    added: int = 0
    deleted: int = 0
    bugfixes: int = 0
    revisions_total: int = 0
    first_seen: int = 0
    last_changed: int = 0
    creator: str = ""
    recent_changes: float = 0.0
    authors: set[str] = field(default_factory=set)
    author_commits: Counter[str] = field(default_factory=Counter)
    author_added: Counter[str] = field(default_factory=Counter)
    months: Counter[str] = field(default_factory=Counter)  # "YYYY-MM" -> commits


@dataclass(frozen=True, slots=True)
class _Change:
    """One file changed by a commit, under its path in that commit."""

    path: str
    added: int
    deleted: int
    renamed_from: str | None = None


@dataclass(slots=True)
class _Commit:
    sha: str
    author: str
    time: int
    message: str
    changes: list[_Change] = field(default_factory=list)


def read_history(
    root: Path,
    *,
    git_info: GitInfo | None,
    config: Config,
    progress: Progress,
    cache: OutcomeCache | None = None,
) -> History:
    """Per-file history of the repository at ``root`` within the configured window.

    With ``cache`` the commits read are kept in its file, and a rescan reads from git only
    the commits made since (see ``commit_log``); the history folded for a head is kept
    too, so a rescan of the same head with the same settings folds nothing.
    """
    if git_info is None:
        message = "not a git repository: no history; ranked by code alone"
        return _empty(HistoryStatus.NO_GIT, message)
    if git_info.head is None or git_info.head_date is None:
        return _empty(HistoryStatus.NO_COMMITS, "the repository has no commits yet: no history")
    if cache is None or cache.path is None:
        return read_histories(root, snapshots=[git_info], config=config, progress=progress)[
            git_info.head
        ]
    log = _log_key(root, git_info)
    folded = f"{git_info.head}:{log}:{config.since}:{config.bugfix_pattern}:" + str(
        config.max_changeset_files
    )
    history = cache.get_history(folded)
    if history is not None:
        progress.start("history")
        progress.finish("history", f"{history.commits_read} commits (all from cache)")
        return history
    log_cache = CommitLogCache(cache.path, log)
    try:
        history = _read_one(root, git_info, config, progress, log_cache)
    except CacheMiss:  # a cached chunk did not read back: read it all from git again
        history = _read_one(root, git_info, config, progress, log_cache, use_cached=False)
    finally:
        log_cache.close()
    cache.put_history(folded, history)
    return history


def _read_one(
    root: Path,
    git_info: GitInfo,
    config: Config,
    progress: Progress,
    log_cache: CommitLogCache,
    *,
    use_cached: bool = True,
) -> History:
    """One head's history: new commits from git, older ones from the commit log cache."""
    head = git_info.head
    assert head is not None
    base = log_cache.find(lambda cached: _reaches(root, head, cached)) if use_cached else None
    folder = _start_folder(git_info, config, re.compile(config.bugfix_pattern, re.IGNORECASE))
    up_to_date = base is not None and base.head == head
    progress.start("history", base.commits if up_to_date and base else None)
    new = 0
    writer = None if up_to_date else log_cache.writer(base)
    if writer is not None:
        for commit in _stream_commits(root, [f"{base.head}..{head}" if base else head]):
            writer.add(_record(commit))
            folder.add(commit)
            new += 1
            progress.advance("history")
    if base is not None:
        for record in log_cache.read(base):
            folder.add(_replay(record))
            progress.advance("history")
    if writer is not None:
        writer.finish(head)  # only now: the log of head is complete
    cached = folder.commits_read - new
    progress.finish("history", f"{folder.commits_read} commits ({cached} from cache)")
    return _finish_history(folder, git_info, config)


def _reaches(root: Path, head: str, cached: str) -> bool:
    """``cached`` is ``head`` or one of its ancestors: its log is the tail of head's."""
    if cached == head:
        return True
    try:
        git.Git(str(root)).merge_base("--is-ancestor", cached, head)
    except git.GitCommandError:
        return False  # not an ancestor (history rewritten), or no longer in the repository
    return True


def _log_key(root: Path, git_info: GitInfo) -> str:
    """What the cached commits depend on: the folder the log is relative to (``--relative``),
    the identities (.mailmap and its settings) and whether the clone is shallow."""
    repo = git.Git(str(root))
    try:
        prefix, top = repo.rev_parse("--show-prefix", "--show-toplevel").split("\n")
        settings = repo.config("--get-regexp", "^mailmap\\.", with_exceptions=False)
    except git.GitCommandError as error:
        raise GitError(f"git rev-parse failed: {str(error.stderr).strip()}") from None
    mailmap = Path(top) / ".mailmap"
    identities = mailmap.read_bytes() if mailmap.is_file() else b""
    digest = hashlib.sha256(identities).hexdigest()
    return log_key(prefix, digest, settings, str(git_info.shallow))


def _record(commit: _Commit) -> Record:
    changes = [(c.path, c.added, c.deleted, c.renamed_from) for c in commit.changes]
    return commit.sha, commit.author, commit.time, commit.message, changes


def _replay(record: Record) -> _Commit:
    sha, author, time, message, changes = record
    return _Commit(sha, author, time, message, [_Change(*change) for change in changes])


def read_histories(
    root: Path, *, snapshots: Sequence[GitInfo], config: Config, progress: Progress
) -> dict[str, History]:
    """The history of each snapshot (a commit of the repository at ``root``), by commit id,
    from one ``git log`` pass: each as ``read_history`` would give it alone.

    Each snapshot's window ends at its own commit date, and renames are followed to the
    paths the files have at that commit.
    """
    dated = {s.head: s for s in snapshots if s.head is not None and s.head_date is not None}
    heads = list(dated)
    if not heads:
        return {}
    bugfix = re.compile(config.bugfix_pattern, re.IGNORECASE)
    folders = [_start_folder(dated[head], config, bugfix) for head in heads]
    # One snapshot reaches every commit of its own log; several need to know which.
    reach = _reachability(root, heads) if len(heads) > 1 else None
    progress.start("history")
    commits = 0
    for commit in _stream_commits(root, heads):
        commits += 1
        mask = 1 if reach is None else reach.get(commit.sha, 0)
        for index, folder in enumerate(folders):
            if mask >> index & 1:
                folder.add(commit)
        progress.advance("history")
    progress.finish("history", f"{commits} commits")
    finished = zip(heads, folders, strict=True)
    return {head: _finish_history(folder, dated[head], config) for head, folder in finished}


def _start_folder(git_info: GitInfo, config: Config, bugfix: re.Pattern[str]) -> _HistoryFolder:
    assert git_info.head_date is not None
    return _HistoryFolder(
        end=int(git_info.head_date.timestamp()),
        window_start=int(_window(config, git_info).timestamp()),
        bugfix=bugfix,
        max_changeset_files=config.max_changeset_files,
    )


def _window(config: Config, git_info: GitInfo) -> datetime:
    assert git_info.head_date is not None
    return window_start(config.since, git_info.head_date)


def _finish_history(folder: _HistoryFolder, git_info: GitInfo, config: Config) -> History:
    assert git_info.head_date is not None
    return folder.history(
        status=HistoryStatus.SHALLOW if git_info.shallow else HistoryStatus.COMPLETE,
        message=SHALLOW_MESSAGE if git_info.shallow else "",
        window_start=_window(config, git_info),
        window_end=git_info.head_date,
    )


def history_not_read() -> History:
    """The history of a scan that was asked for code only."""
    return _empty(HistoryStatus.NOT_READ, "")


def _reachability(root: Path, heads: Sequence[str]) -> dict[str, int]:
    """For each commit, a bit mask of the ``heads`` it is reachable from (bit i: heads[i]).

    ``git rev-list`` walks the commit graph without diffs, so this costs a fraction of
    the log pass even on long histories.
    """
    masks: dict[str, int] = {}
    for index, head in enumerate(heads):
        try:
            listing = git.Git(str(root)).rev_list("--no-merges", head)
        except git.GitCommandError as error:
            raise GitError(f"git rev-list failed: {str(error.stderr).strip()}") from None
        bit = 1 << index
        for sha in listing.split():
            masks[sha] = masks.get(sha, 0) | bit
    return masks


def _empty(status: HistoryStatus, message: str) -> History:
    return History(
        status=status,
        message=message,
        window_start=None,
        window_end=None,
        commits_read=0,
        commits_in_window=0,
    )


# Half-life of a change's weight in ``recent_changes``: one year.
CHANGE_HALF_LIFE_DAYS = 365.25


def change_weight(age_seconds: int, lines: int) -> float:
    """w = ln(1 + lines changed) x 2^(-age / one year).

    Summed over a file's commits this is the weighted time damp model of Graves, Karr,
    Marron and Siy ("Predicting fault incidence using software change history", IEEE
    TSE 2000): large and recent changes predict faults best. A change at HEAD's date
    weighs its full size, one a year older half of it.
    """
    return math.log1p(lines) * 0.5 ** (max(age_seconds, 0) / (CHANGE_HALF_LIFE_DAYS * 86400))


def is_bugfix_commit(commit: _Commit, pattern: re.Pattern[str], max_files: int) -> bool:
    """The message matches the bug-fix pattern and the commit changes at most ``max_files``
    files: a "fix" touching more (lint fixes, reformatting, license years) is a mass edit."""
    return len(commit.changes) <= max_files and pattern.search(commit.message) is not None


class _HistoryFolder:
    """Folds commits, newest first, into per-file tallies keyed by the current path."""

    def __init__(
        self, *, end: int, window_start: int, bugfix: re.Pattern[str], max_changeset_files: int
    ) -> None:
        self._end = end
        self._window_start = window_start
        self._bugfix = bugfix
        self._max_changeset_files = max_changeset_files
        self._renames = _Renames()
        self._tallies: dict[str, _Tally] = {}
        self._change_sets: list[tuple[str, ...]] = []
        self._bugfix_times: dict[str, list[int]] = {}
        self._last_seen: dict[str, int] = {}
        self.commits_read = 0
        self._commits_in_window = 0

    def add(self, commit: _Commit) -> None:
        self.commits_read += 1
        in_window = commit.time >= self._window_start
        self._commits_in_window += in_window
        is_bugfix = is_bugfix_commit(commit, self._bugfix, self._max_changeset_files)
        age = self._end - commit.time
        self._last_seen[commit.author] = max(self._last_seen.get(commit.author, 0), commit.time)
        month = _month_of(commit.time)
        paths = []
        for change in commit.changes:
            path = self._renames.follow(change)
            paths.append(path)
            tally = self._tallies.get(path)
            if tally is None:  # not setdefault: a _Tally is four containers to build
                tally = self._tallies[path] = _Tally()
            self._count(tally, commit, change.added, change.deleted, in_window)
            tally.months[month] += 1
            tally.recent_changes += change_weight(age, change.added + change.deleted)
            if is_bugfix:
                self._bugfix_times.setdefault(path, []).append(commit.time)
                if in_window:
                    tally.bugfixes += 1
        # Single-file commits stay: they count in the revisions of code-maat's coupling degree.
        if in_window and 0 < len(paths) <= self._max_changeset_files:
            self._change_sets.append(tuple(paths))

    @staticmethod
    def _count(tally: _Tally, commit: _Commit, added: int, deleted: int, in_window: bool) -> None:
        tally.revisions_total += 1
        tally.author_commits[commit.author] += 1
        tally.author_added[commit.author] += added
        if tally.last_changed < commit.time:
            tally.last_changed = commit.time
        if not tally.first_seen or commit.time <= tally.first_seen:
            tally.first_seen, tally.creator = commit.time, commit.author
        if in_window:
            tally.revisions += 1
            tally.added += added
            tally.deleted += deleted
            tally.authors.add(commit.author)

    def history(
        self, *, status: HistoryStatus, message: str, window_start: datetime, window_end: datetime
    ) -> History:
        return History(
            status=status,
            message=message,
            window_start=window_start,
            window_end=window_end,
            commits_read=self.commits_read,
            commits_in_window=self._commits_in_window,
            files={path: _freeze(path, tally) for path, tally in self._tallies.items()},
            change_sets=tuple(self._change_sets),
            bugfix_times={path: tuple(times) for path, times in self._bugfix_times.items()},
            author_last_seen={a: _utc(t) for a, t in self._last_seen.items()},
        )


def _freeze(path: str, tally: _Tally) -> FileHistory:
    return FileHistory(
        path=path,
        revisions=tally.revisions,
        added=tally.added,
        deleted=tally.deleted,
        authors=tuple(sorted(tally.authors)),
        bugfixes=tally.bugfixes,
        revisions_total=tally.revisions_total,
        first_seen=_utc(tally.first_seen),
        last_changed=_utc(tally.last_changed),
        creator=tally.creator,
        recent_changes=round(tally.recent_changes, 4),
        author_commits=dict(tally.author_commits),
        author_added=dict(tally.author_added),
        monthly_revisions=dict(sorted(tally.months.items())),
    )


def _utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


@functools.lru_cache(maxsize=256)
def _month_of(epoch: int) -> str:
    """The month of a commit time, "YYYY-MM" (UTC); cached, as a backfill folds each
    commit into the history of every snapshot that has it."""
    return _utc(epoch).strftime("%Y-%m")


_PACK_WINDOWS = ["core.packedGitLimit=64m", "core.packedGitWindowSize=8m"]


def _stream_commits(root: Path, heads: Sequence[str]) -> Iterator[_Commit]:
    """Commits reachable from any of ``heads`` (commits or ranges), newest first, each
    with its changed files under their paths in that commit."""
    # -z: NUL-terminated fields and raw (unquoted) paths; -M: renames; --relative: paths
    # relative to ``root`` when it is a subfolder of the repository. --topo-order: every
    # commit after all of its descendants, so a rename is always met before the older
    # commits of the renamed file (date order breaks on skewed clocks and, with several
    # heads, interleaves branches differently from the log of one head).
    # Pack files are mapped in windows up to core.packedGitLimit (8 GiB by default): on
    # sympy's 62k commits git then holds 370 MiB; 64 MiB windows take the same time.
    process = git.Git(str(root))(c=_PACK_WINDOWS).log(
        "-z", "--numstat", "-M", "--no-merges", "--relative", "--topo-order",
        f"--format={_FORMAT}", *heads, as_process=True,
    )  # fmt: skip
    commit: _Commit | None = None
    rename_numbers: tuple[int, int] | None = None  # set while a rename's two paths follow
    rename_paths: list[str] = []
    try:
        for token in _tokens(process.stdout):
            token = token.lstrip("\n")
            if token.startswith("\x1e"):
                if commit is not None:
                    yield commit
                commit = _parse_header(token)
            elif commit is None or not token:
                continue
            elif rename_numbers is not None:
                rename_paths.append(token)
                if len(rename_paths) == 2:
                    old, new = rename_paths
                    commit.changes.append(_Change(new, *rename_numbers, renamed_from=old))
                    rename_numbers, rename_paths = None, []
            else:
                added, deleted, path = token.split("\t", 2)
                numbers = (_number(added), _number(deleted))
                if path:
                    commit.changes.append(_Change(path, *numbers))
                else:  # "added\tdeleted\t" then the old and the new path
                    rename_numbers = numbers
        if commit is not None:
            yield commit
    finally:
        _finish(process)


def read_fix_touches(
    root: Path, paths: Iterable[str], *, after: str, until: str, config: Config
) -> FixTouches:
    """For each of ``paths`` (as they were at commit ``after``): how many bug-fix commits
    of ``after..until`` changed the file, following it through later renames.

    Bug-fix commits are found as in ``read_history`` (``is_bugfix_commit``). One streaming
    ``git log`` over the range.
    """
    bugfix = re.compile(config.bugfix_pattern, re.IGNORECASE)
    renames = _Renames()
    touches: Counter[str] = Counter()
    commits = fixes = 0
    for commit in _stream_commits(root, [f"{after}..{until}"]):
        commits += 1
        changed = {renames.follow(change) for change in commit.changes}
        if is_bugfix_commit(commit, bugfix, config.max_changeset_files):
            fixes += 1
            touches.update(changed)
    return FixTouches(
        touches={path: touches[renames.current(path)] for path in paths},
        commits=commits,
        bugfix_commits=fixes,
    )


class _Renames:
    """Maps paths of older commits to the path the file has at the snapshot's commit.

    The log runs in topological order, descendants first, so when a rename ``old -> new``
    is met, every later mention of ``old`` is the file that is now wherever ``new`` went.
    """

    def __init__(self) -> None:
        self._now: dict[str, str] = {}

    def current(self, path: str) -> str:
        """The path the file at ``path`` in an older commit has now."""
        return self._now.get(path, path)

    def follow(self, change: _Change) -> str:
        """The path the file ``change`` touched has now; records the change's rename."""
        now = self._now.get(change.path, change.path)
        if change.renamed_from is not None:
            self._now[change.renamed_from] = now
        return now


def _tokens(stream: IO[bytes]) -> Iterator[str]:
    rest = b""
    while chunk := stream.read(_CHUNK):
        *complete, rest = (rest + chunk).split(b"\0")
        for token in complete:
            yield token.decode("utf-8", "surrogateescape")
    if rest:
        yield rest.decode("utf-8", "surrogateescape")


def _parse_header(token: str) -> _Commit:
    sha, author, time, message = token[1:].split("\x1f", 3)
    return _Commit(sha=sha, author=author, time=int(time), message=message)


def _number(text: str) -> int:
    return 0 if text == "-" else int(text)  # "-" for binary files


def _finish(process: git.Git.AutoInterrupt) -> None:
    try:
        if process.proc is not None and process.proc.poll() is None and process.proc.stdout:
            process.proc.stdout.read()  # drain, so that wait() cannot block on a full pipe
        process.wait()
    except git.GitCommandError as error:
        raise GitError(f"git log failed: {str(error.stderr).strip()}") from None
