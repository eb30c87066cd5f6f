"""Typed records passed between the pipeline stages.

Frozen, keyword-only dataclasses: a stage returns them, the next one reads them, nobody
mutates them. From scoring on, records become pandas DataFrames (see scoring.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

# --- discovery -----------------------------------------------------------------------


class SkipReason(StrEnum):
    """Why a file was looked at but not analysed."""

    EXCLUDED = "excluded"  # matched an exclude pattern of the configuration
    VENDORED = "vendored"  # third-party code copied into the repository
    GENERATED = "generated"  # produced by a tool (protobuf, "DO NOT EDIT" headers)
    MIGRATION = "migration"  # database migrations: written once, never maintained
    BINARY = "binary"  # a .py file holding binary data
    TOO_LARGE = "too-large"  # above max-file-bytes
    UNREADABLE = "unreadable"  # listed by git but missing or unreadable on disk


@dataclass(frozen=True, kw_only=True)
class SourceFile:
    """A Python file to analyse, by its repository-relative POSIX path."""

    path: str
    size: int
    blob: str | None = None  # the git blob id, when the file is read from a commit
    # The file this is a version of, when a run analyses several (a backfill): the
    # versions of one lineage are given oldest first and parsed reusing one another.
    lineage: str | None = None


@dataclass(frozen=True, kw_only=True)
class GitInfo:
    """The analysed commit of a git repository: HEAD, or the commit asked for with ``at``."""

    head: str | None  # None in a repository without commits
    head_date: datetime | None
    branch: str | None
    shallow: bool


@dataclass(frozen=True, kw_only=True)
class Discovery:
    root: Path
    files: tuple[SourceFile, ...]
    skipped: tuple[Skipped, ...]
    git: GitInfo | None  # None: not a git repository
    at_commit: bool = False  # files come from the commit's git objects, not the working tree


# --- analysis ------------------------------------------------------------------------


class FailReason(StrEnum):
    """Why a file could not be analysed."""

    SYNTAX_ERROR = "syntax-error"
    UNDECODABLE = "undecodable"
    TIMEOUT = "timeout"  # took longer than the file timeout
    INTERNAL_ERROR = "internal-error"  # a bug in debtscan; reported, never fatal


@dataclass(frozen=True, kw_only=True)
class FunctionRecord:
    """One function or method. ``qualified_name`` is dotted: ``Class.method``, ``outer.inner``.

    ``cyclomatic`` leaves nested functions out (they are records of their own);
    ``cognitive`` counts them in, as SonarSource does (see structure.py for both formulas).
    """

    qualified_name: str
    start_line: int  # the line of ``def``
    end_line: int
    lines: int
    arguments: int  # parameters, not counting self/cls of methods
    nesting: int  # deepest nesting of control-flow blocks inside the function
    cyclomatic: int
    cognitive: int  # SonarSource cognitive complexity (Campbell 2018)
    bool_operators: int  # most ``and``/``or`` operators in one boolean expression
    nested_chunks: int  # separate blocks reaching nesting depth 2 ("bumpy road")
    returns: int  # ``return`` statements


@dataclass(frozen=True, kw_only=True)
class ClassRecord:
    qualified_name: str
    start_line: int  # the line of ``class``
    end_line: int
    lines: int
    methods: int


class ImportKind(StrEnum):
    """When an import runs, which decides what kind of dependency it makes."""

    RUNTIME = "runtime"  # at module level: runs whenever the module is imported
    TYPE_CHECKING = "type-checking"  # under ``if TYPE_CHECKING:``: for the type checker only
    LAZY = "lazy"  # inside a function: runs when the function is called
    CONDITIONAL = "conditional"  # under try/except ImportError or a module-level if/else
    DYNAMIC = "dynamic"  # importlib.import_module("name") or __import__("name")


@dataclass(frozen=True, kw_only=True)
class ImportRecord:
    """One imported module. ``from a import b`` gives module "a", names ("b",)."""

    module: str  # as written, without the leading dots
    names: tuple[str, ...]
    level: int  # 0 absolute; 1 for "from . import", 2 for "from .. import", ...
    line: int
    kind: ImportKind = ImportKind.RUNTIME


class Severity(StrEnum):
    """How much a finding matters, from a note to a blocker."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@dataclass(frozen=True, kw_only=True)
class Finding:
    """A debt item found at a line: a rule's code, its message, and what fixing it costs.

    Category, severity and minutes are copied from the rule when the finding is made, so
    every consumer (scores, SARIF, the store) reads them without the rule set at hand.
    """

    code: str
    line: int
    message: str
    category: str = ""
    severity: Severity = Severity.LOW
    minutes: int = 0  # remediation effort, SQALE-style


@dataclass(frozen=True, kw_only=True)
class PlacedFinding:
    """A finding only the whole repository shows (an import contract, hidden coupling).

    Placed at the file and line where it is fixed; ``related_paths`` are the other files
    it involves (the other file of a coupled pair).
    """

    path: str
    finding: Finding
    related_paths: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FileMetrics:
    """Size and complexity of one file: radon's raw counts and maintainability index, as
    the one LibCST traversal counts them (analysis/metrics.py)."""

    lines: int  # physical lines
    sloc: int  # source lines
    lloc: int  # logical lines
    comments: int
    blank: int
    cyclomatic_total: int  # 1 + decision points of the whole file, as radon counts them
    cyclomatic_max: int  # of the most complex function
    maintainability: float | None  # radon's MI formula, 0-100; None for Python 2 files


class Dialect(StrEnum):
    """The language an analysed file is written in."""

    PYTHON3 = "python3"  # parsed by LibCST: structure, imports and every rule
    # Not Python 3, recognised as Python 2 by the tolerant token pass: line counts,
    # Python 2 constructs and comment rules only (no functions, classes or imports).
    PYTHON2 = "python2"


@dataclass(frozen=True, kw_only=True)
class Analyzed:
    path: str
    blob: str
    metrics: FileMetrics
    functions: tuple[FunctionRecord, ...]
    classes: tuple[ClassRecord, ...]
    imports: tuple[ImportRecord, ...]
    findings: tuple[Finding, ...] = ()
    suppressed: int = 0  # findings silenced by ``# debtscan: ignore`` comments
    dialect: Dialect = Dialect.PYTHON3


@dataclass(frozen=True, kw_only=True)
class Skipped:
    path: str
    reason: SkipReason
    detail: str = ""


@dataclass(frozen=True, kw_only=True)
class Failed:
    path: str
    reason: FailReason
    detail: str
    lines: int = 0
    # A file nobody can run is debt too: unparseable (DS001), undecodable (DS002).
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FileFindings:
    """Findings in a repository file that is not Python source (requirements.txt, setup.cfg)."""

    path: str
    findings: tuple[Finding, ...]


Outcome = Analyzed | Skipped | Failed


# --- history -------------------------------------------------------------------------


class HistoryStatus(StrEnum):
    COMPLETE = "complete"
    SHALLOW = "shallow"  # a shallow clone: history is truncated
    NO_GIT = "no-git"
    NO_COMMITS = "no-commits"
    NOT_READ = "not-read"  # the caller asked for code only (e.g. the base of a quality gate)


@dataclass(frozen=True, kw_only=True)
class FileHistory:
    """What git says about one file, keyed by its current path (renames followed).

    Counts with no suffix are within the window; ``*_total`` over the whole history read.
    """

    path: str
    revisions: int
    added: int
    deleted: int
    authors: tuple[str, ...]
    bugfixes: int
    revisions_total: int
    first_seen: datetime
    last_changed: datetime
    creator: str
    author_commits: Mapping[str, int]  # whole history, for ownership and DOA
    author_added: Mapping[str, int]  # lines added per author, whole history
    # Sum over the whole history of ln(1 + lines changed) x 2^(-age / 1 year) per commit
    # (history.change_weight): large and recent changes weigh most.
    recent_changes: float = 0.0
    # Commits per calendar month (UTC, "YYYY-MM"), whole history, months without any left out.
    monthly_revisions: Mapping[str, int] = field(default_factory=dict)

    @property
    def churn(self) -> int:
        return self.added + self.deleted


@dataclass(frozen=True, kw_only=True)
class History:
    status: HistoryStatus
    message: str  # one line for the user; empty when complete
    window_start: datetime | None
    window_end: datetime | None
    commits_read: int
    commits_in_window: int
    files: Mapping[str, FileHistory] = field(default_factory=dict)
    # Files changed by each commit in the window, commits of more than max-changeset-files
    # files left out (for change coupling).
    change_sets: tuple[tuple[str, ...], ...] = ()
    # Epoch seconds of the bug-fix commits of the whole history, per file (for bugspots).
    bugfix_times: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    author_last_seen: Mapping[str, datetime] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class LineChange:
    """The lines one commit changed in one file, numbered as in that commit's version."""

    commit: str
    path: str  # the file's path at the analysed commit
    blob: str  # the file's blob id after the commit, to read that version from git
    ranges: tuple[tuple[int, int], ...]  # (first, last) changed lines, inclusive


@dataclass(frozen=True, kw_only=True)
class FunctionSpan:
    """Where a function of one version of a file starts and ends (its ``def`` line to the
    last line of its body), named as ``FunctionRecord.qualified_name``."""

    qualified_name: str
    start_line: int
    end_line: int


@dataclass(frozen=True, kw_only=True)
class FixTouches:
    """Bug-fix commits after a commit, per file as it was at that commit (for backtests)."""

    touches: Mapping[str, int]  # path -> bug-fix commits that changed the file
    commits: int  # commits in the range (merges not counted)
    bugfix_commits: int
