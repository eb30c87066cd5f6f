"""The scan, from a repository to scored DataFrames: one stage per line.

discover -> (analyze in a process pool || read the history) -> graph -> score
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
import pandas as pd

from debtscan import __version__
from debtscan.analysis import AnalysisSettings
from debtscan.analysis.packaging import check_repository, packaging_files
from debtscan.analysis.runner import AnalysisRun
from debtscan.cache import OutcomeCache, cache_file, workspace
from debtscan.catalogue import (
    Catalogue,
    check_path_ignores,
    ignore_per_path,
    load_catalogue,
    select_rules,
)
from debtscan.config import Config, load_config
from debtscan.discovery import discover_files
from debtscan.errors import DebtscanError
from debtscan.gitrepo import open_repository, read_blob
from debtscan.graph_frames import component_frame, coupling_frame, module_frame
from debtscan.graphing import Architecture, build_architecture
from debtscan.history import history_not_read, read_history
from debtscan.progress import Progress, SilentProgress
from debtscan.records import Analyzed, Discovery, FileFindings, History, Outcome, SourceFile
from debtscan.revisions import function_spans, read_line_changes
from debtscan.scoring import Kpi, Scores, ScoreSummary, outcome_frame, score_repository
from debtscan.scoring.functions import (
    count_function_changes,
    top_changed_files,
    with_function_changes,
)


@dataclass(frozen=True, kw_only=True)
class ScanResult:
    """Everything a scan found: the stage records and the scored DataFrames."""

    root: Path
    config: Config
    version: str
    started_at: datetime
    seconds: float
    discovery: Discovery
    history: History
    outcomes: tuple[Outcome, ...]
    repository_findings: tuple[FileFindings, ...]  # packaging files: setup.py, requirements
    catalogue: Catalogue  # every rule known to the scan, the selected ones in settings
    architecture: Architecture  # import and component graphs, cycles, coupling
    files: pd.DataFrame  # one row per analysed file, ranked by hotspot score, with its scores
    functions: pd.DataFrame  # with code health, and revisions for the top hotspot files
    findings: pd.DataFrame
    outcome_table: pd.DataFrame  # every file looked at, with its status and reason
    modules: pd.DataFrame  # one row per module of the import graph, with its metrics
    components: pd.DataFrame  # the same, rolled up to components, with their scores
    coupling: pd.DataFrame  # files that change together, hidden coupling first
    people: pd.DataFrame  # the authors (degree of authorship) of the analysed files
    debt_by_rule: pd.DataFrame  # remediation minutes per rule: legacy patterns and smells
    summary: ScoreSummary  # the KPIs: code health, debt, truck factor, knowledge that left
    kpis: tuple[Kpi, ...]  # the same and more as named figures, for the history store

    @property
    def import_graph(self) -> nx.DiGraph:
        return self.architecture.import_graph


def scan(
    path: str | Path = ".",
    *,
    at: str | None = None,
    only: Collection[str] | None = None,
    with_history: bool = True,
    config: Config | None = None,
    progress: Progress | None = None,
    history: History | None = None,
    function_history: bool = True,
) -> ScanResult:
    """Scan the repository (or folder) at ``path``. Raises only ``DebtscanError``.

    With ``at`` (a commit, tag or branch), scan the repository as it was at that commit:
    code from git objects, history up to that commit; the working tree is not touched.
    ``only`` limits the analysis to those repository paths; ``with_history=False`` skips
    the git history (a quality gate's base needs the code alone). ``history``, when given,
    is the history already read for that commit (a backfill reads the histories of all
    its snapshots in one pass, see history.read_histories). ``function_history=False``
    leaves out the changes per function of the top hotspot files (their ``revisions``
    column), which re-analyses up to 20 past versions of each: the history store keeps
    no functions, so a backfill's snapshots do without.
    """
    root = Path(path).resolve()
    if not root.is_dir():
        raise DebtscanError(f"{path}: no such folder")
    config = config or load_config(root)
    progress = progress or SilentProgress()
    started_at, clock = datetime.now(UTC), time.perf_counter()

    catalogue = load_catalogue(root, config.rule_paths)
    settings = analysis_settings(catalogue, config)
    discovery = discover_files(root, config=config, at=at, only=only)
    with open_cache(root, enabled=config.cache) as cache:
        read = file_reader(discovery)
        with start_analysis(discovery.files, read, settings, config, cache, progress) as run:
            if history is None:
                history = (
                    read_history(
                        root,
                        git_info=discovery.git,
                        config=config,
                        progress=progress,
                        cache=cache,
                    )
                    if with_history
                    else history_not_read()
                )
            outcomes = (*run.outcomes(), *discovery.skipped)
        outcomes = ignore_per_path(outcomes, config.per_path_ignores)
        packaging = ignore_per_path(
            check_repository(packaging_files(discovery), settings.rules), config.per_path_ignores
        )
        if history.message:
            progress.warn(history.message)
        analyzed = [o for o in outcomes if isinstance(o, Analyzed)]
        architecture = build_architecture(
            analyzed, history=history, config=config, rules=settings.rules
        )
        scores = score_repository(
            outcomes, history, architecture, packaging, config=config, rules=settings.rules
        )
        functions = (
            _function_hotspots(root, scores, discovery, history, config, cache, progress)
            if function_history
            else with_function_changes(scores.functions, Counter(), ())
        )

    return ScanResult(
        root=root,
        config=config,
        version=__version__,
        started_at=started_at,
        seconds=round(time.perf_counter() - clock, 3),
        discovery=discovery,
        history=history,
        outcomes=outcomes,
        repository_findings=packaging,
        catalogue=catalogue,
        architecture=architecture,
        files=scores.files,
        functions=functions,
        findings=scores.findings,
        outcome_table=outcome_frame(outcomes),
        modules=module_frame(architecture),
        components=component_frame(architecture).merge(
            scores.components, on="component", how="left"
        ),
        coupling=coupling_frame(architecture),
        people=scores.people,
        debt_by_rule=scores.debt_by_rule,
        summary=scores.summary,
        kpis=scores.kpis,
    )


def analysis_settings(catalogue: Catalogue, config: Config) -> AnalysisSettings:
    """The rules the configuration selects for its target Python, and their thresholds."""
    check_path_ignores(catalogue, config.per_path_ignores)
    rules = select_rules(
        catalogue, target=config.target, select=config.select, ignore=config.ignore
    )
    return AnalysisSettings(
        max_file_bytes=config.max_file_bytes,
        target=config.target,
        rules=rules,
        thresholds=dict(config.thresholds),
    )


def file_reader(discovery: Discovery) -> Callable[[SourceFile], bytes]:
    """How to read the discovered files: from the working tree, or from git objects."""
    if not discovery.at_commit:
        return lambda file: (discovery.root / file.path).read_bytes()
    repo = open_repository(discovery.root)
    assert repo is not None
    return lambda file: read_blob(repo, file.blob or "")


def start_analysis(
    files: tuple[SourceFile, ...],
    read: Callable[[SourceFile], bytes],
    settings: AnalysisSettings,
    config: Config,
    cache: OutcomeCache,
    progress: Progress,
) -> AnalysisRun:
    """Start analysing ``files`` of one repository, read with ``read``."""
    return AnalysisRun(
        files,
        read=read,
        settings=settings,
        settings_digest=settings.digest(),
        workers=config.workers,
        file_timeout=config.file_timeout,
        cache=cache,
        progress=progress,
    )


# The newest versions of each top hotspot file read for function-level hotspots: each
# costs one ``ast`` parse.
VERSIONS = 20


def _function_hotspots(
    root: Path,
    scores: Scores,
    discovery: Discovery,
    history: History,
    config: Config,
    cache: OutcomeCache,
    progress: Progress,
) -> pd.DataFrame:
    """The functions frame with ``revisions``: commits in the window that changed each
    function of the top hotspot files, on the functions of each version read from git."""
    top = top_changed_files(scores.files, config.scoring.function_hotspot_files)
    git_info = discovery.git
    if not top or git_info is None or git_info.head is None or history.window_start is None:
        return with_function_changes(scores.functions, Counter(), ())
    progress.start("function history")
    since, head = history.window_start, git_info.head
    changes = list(read_line_changes(root, top, head=head, since=since, per_file=VERSIONS))
    repo = open_repository(root)
    assert repo is not None
    blobs = {change.blob for change in changes}
    spans = cache.get_spans(blobs)
    read = {blob: function_spans(read_blob(repo, blob)) or () for blob in blobs - spans.keys()}
    cache.put_spans(read)
    spans.update(read)
    cached = len(blobs) - len(read)
    progress.finish(
        "function history", f"{len(blobs)} versions of {len(top)} files ({cached} from cache)"
    )
    return with_function_changes(scores.functions, count_function_changes(changes, spans), top)


@contextmanager
def open_cache(root: Path, *, enabled: bool) -> Iterator[OutcomeCache]:
    """The analysis cache of the repository at ``root``; a disabled one when it cannot be."""
    path = None
    if enabled:
        try:
            workspace(root)  # created with its .gitignore
            path = cache_file(root)
        except OSError:
            path = None  # a read-only checkout: scan without a cache
    cache = OutcomeCache(path)
    try:
        yield cache
    finally:
        cache.close()
