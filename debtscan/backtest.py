"""``debtscan backtest``: would the ranking at a past date have pointed at the bugs?

Rank the repository as it was at the last commit before the date (code from git
objects, history up to that commit: ``scan(at=...)``), then count, per file, the bug-fix
commits that changed it afterwards (to HEAD or ``until``), and measure debtscan's risk
ranking and the usual baselines against them (scoring/backtest.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import git
import pandas as pd

from debtscan.config import Config, load_config
from debtscan.errors import DebtscanError, GitError
from debtscan.gitrepo import commit_before, describe_repository, open_repository
from debtscan.history import read_fix_touches
from debtscan.pipeline import scan
from debtscan.progress import Progress, SilentProgress
from debtscan.scoring.backtest import (
    RankingQuality,
    baseline_scores,
    evaluate_rankings,
    is_test_file,
)

RISK_RANKING = "debtscan risk"


@dataclass(frozen=True, kw_only=True)
class Backtest:
    """A backtest: what was ranked, what happened next, and how each ranking did."""

    repository: str
    commit: str  # the last commit before the date: the one ranked
    commit_date: datetime
    until_commit: str
    until_date: datetime
    window: str  # the history window of the ranking (and of the "commits" baseline)
    tests_included: bool
    files: int  # files ranked
    files_fixed: int  # ... of which a later bug-fix commit changed
    bugfix_touches: int  # (file, bug-fix commit) pairs
    commits: int  # commits after the ranked one, up to until_commit
    bugfix_commits: int
    rankings: tuple[RankingQuality, ...]
    frame: pd.DataFrame  # path, sloc, one column per ranking, touches
    # The scan's scored file frame, every column and every file (tests too: the risk's
    # percentiles are taken over all of them).
    scored: pd.DataFrame


def run_backtest(
    path: str | Path,
    *,
    at: datetime,
    until: datetime | None = None,
    include_tests: bool = False,
    config: Config | None = None,
    progress: Progress | None = None,
) -> Backtest:
    """Rank as of the last commit before ``at``; label with the bug fixes up to ``until``."""
    root = Path(path).resolve()
    repo = open_repository(root)
    if repo is None:
        raise GitError(f"{path} is not a git repository; a backtest needs its history")
    commit = commit_before(repo, _utc(at))
    if commit is None:
        raise DebtscanError(f"no commit before {at:%Y-%m-%d}: nothing to rank")
    end = commit_before(repo, _utc(until)) if until else describe_repository(repo).head
    if end is None or end == commit or not repo.is_ancestor(commit, end):
        raise DebtscanError(f"no commits between {at:%Y-%m-%d} and the end: nothing to learn")
    config = config or load_config(root)
    # Function-level hotspots are not part of the ranking: skip their cost.
    config = dataclasses.replace(
        config, scoring=dataclasses.replace(config.scoring, function_hotspot_files=0)
    )
    result = scan(root, at=commit, config=config, progress=progress or SilentProgress())
    files = result.files
    if not include_tests:
        files = files[~files["path"].map(is_test_file)]
    labels = read_fix_touches(root, files["path"], after=commit, until=end, config=config)
    touches = files["path"].map(labels.touches).fillna(0).astype(int)
    rankings = {RISK_RANKING: files["risk"], **baseline_scores(files)}
    frame = pd.DataFrame({"path": files["path"], "sloc": files["sloc"], **rankings,
                          "touches": touches})  # fmt: skip
    return Backtest(
        repository=root.name,
        commit=commit,
        commit_date=_commit_date(repo, commit),
        until_commit=end,
        until_date=_commit_date(repo, end),
        window=config.since,
        tests_included=include_tests,
        files=len(files),
        files_fixed=int((touches > 0).sum()),
        bugfix_touches=int(touches.sum()),
        commits=labels.commits,
        bugfix_commits=labels.bugfix_commits,
        rankings=tuple(evaluate_rankings(rankings, touches, files["sloc"])),
        frame=frame.reset_index(drop=True),
        scored=result.files,
    )


def backtest_document(backtest: Backtest) -> dict[str, Any]:
    """The backtest as plain JSON-ready data."""
    fields = {f.name: getattr(backtest, f.name) for f in dataclasses.fields(backtest)}
    fields.pop("frame")
    fields.pop("scored")
    for key in ("commit_date", "until_date"):
        fields[key] = fields[key].isoformat(timespec="seconds")
    fields["rankings"] = [
        {**dataclasses.asdict(q), "auc": None if q.auc is None else round(q.auc, 4)}
        for q in backtest.rankings
    ]
    return fields


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _commit_date(repo: git.Repo, sha: str) -> datetime:
    return datetime.fromtimestamp(repo.commit(sha).committed_date, tz=UTC)
