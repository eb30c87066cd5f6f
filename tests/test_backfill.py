"""history backfill on a built repository with a story over three quarters of 2024."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from debtscan.backfill import backfill, plan_backfill
from debtscan.cli import main
from debtscan.config import Config
from debtscan.periods import PeriodKind
from debtscan.pipeline import scan
from debtscan.progress import SilentProgress
from debtscan.reporting.json_report import scan_document
from debtscan.store import HistoryStore
from tests.gitbuilder import RepoBuilder
from tests.scenarios import quarterly_story

LATER = datetime(2026, 1, 15, tzinfo=UTC)  # every quarter of the story has ended
EARLY_JULY = datetime(2024, 7, 5, tzinfo=UTC)  # 2024Q3 is under way
CONFIG = Config(jobs=1)


def run(builder: RepoBuilder, store: HistoryStore, now: datetime, config: Config = CONFIG):
    return backfill(
        builder.path,
        every=PeriodKind.QUARTER,
        since="6 months",
        store=store,
        config=config,
        progress=SilentProgress(),
        now=now,
    )


def test_one_snapshot_at_the_last_commit_of_each_quarter(builder: RepoBuilder) -> None:
    story = quarterly_story(builder)
    planned = plan_backfill(builder.path, every=PeriodKind.QUARTER, since="6 months", now=LATER)
    assert [(str(p.period), p.commit) for p in planned] == [
        ("2024Q1", story.commits["2024Q1"]),
        ("2024Q2", story.commits["2024Q2"]),
        ("2024Q3", story.commits["2024Q3"]),
    ]
    # A quarter under way has no snapshot yet.
    early = plan_backfill(builder.path, every=PeriodKind.QUARTER, since="6 months", now=EARLY_JULY)
    assert [str(p.period) for p in early] == ["2024Q1", "2024Q2"]


def test_months_and_periods_without_commits(builder: RepoBuilder) -> None:
    story = quarterly_story(builder)
    planned = plan_backfill(builder.path, every=PeriodKind.MONTH, since="3 months", now=LATER)
    # April to July 2024; May and June have commits of their own, July has HEAD.
    assert [str(p.period) for p in planned] == ["2024-04", "2024-05", "2024-06", "2024-07"]
    assert planned[-1].commit == story.commits["2024Q3"]
    # Back to 2023: the quarters without commits share the 2022 import's snapshot.
    far = plan_backfill(builder.path, every=PeriodKind.QUARTER, since="2y", now=LATER)
    assert [str(p.period) for p in far] == ["2022Q1", "2024Q1", "2024Q2", "2024Q3"]


def test_snapshots_hold_the_history_as_of_their_commit(builder: RepoBuilder) -> None:
    quarterly_story(builder)
    with HistoryStore(builder.path / "history.sqlite") as store:
        run(builder, store, LATER)
        snapshots = store.snapshots("repo")
        revisions = {
            quarter: store.files(int(sid)).set_index("path")["revisions"].to_dict()
            for quarter, sid in zip(["Q1", "Q2", "Q3"], snapshots["id"], strict=True)
        }
    assert revisions["Q1"]["app/core.py"] == 6  # the six changes of Q1, not the refactoring
    assert revisions["Q2"]["app/core.py"] == 7
    assert revisions["Q2"]["app/billing.py"] == 5
    assert "app/a.py" not in revisions["Q1"]
    assert revisions["Q3"]["app/a.py"] == 2
    assert revisions["Q1"]["app/legacy.py"] == 0  # written in 2022, outside the window


@pytest.mark.parametrize("jobs", [1, 2])  # with 2, the snapshots are scanned in 2 processes
def test_a_backfilled_snapshot_is_what_a_scan_of_its_commit_records(
    builder: RepoBuilder, tmp_path: Path, jobs: int
) -> None:
    story = quarterly_story(builder)
    commit = story.commits["2024Q2"]
    with HistoryStore(tmp_path / "backfilled.sqlite") as store:
        run(builder, store, LATER, Config(jobs=jobs))
        snapshots = store.snapshots("repo").set_index("commit")
        assert list(snapshots.index) == list(story.commits.values())[1:]  # in period order
        backfilled = _contents(store, int(snapshots.at[commit, "id"]))
    with HistoryStore(tmp_path / "scanned.sqlite") as store:
        scanned_id = store.record(scan_document(scan(builder.path, at=commit, config=CONFIG)))
        scanned = _contents(store, scanned_id)
    for ours, theirs in zip(backfilled, scanned, strict=True):
        pd.testing.assert_frame_equal(ours, theirs)


def _contents(store: HistoryStore, snapshot_id: int) -> list[pd.DataFrame]:
    kpis = store.kpis([snapshot_id]).drop(columns="snapshot_id")
    return [store.files(snapshot_id), store.findings(snapshot_id), kpis]


def test_unchanged_file_versions_are_analysed_once_and_a_backfill_resumes(
    builder: RepoBuilder,
) -> None:
    story = quarterly_story(builder)
    with HistoryStore(builder.path / "history.sqlite") as store:
        first = run(builder, store, EARLY_JULY)
        assert [str(s.period) for s in first.recorded] == ["2024Q1", "2024Q2"]
        # Distinct versions, by hand: Q1 has six files; Q2 changed core.py and billing.py
        # and added a.py and b.py.
        assert (first.files_analysed, first.files_from_cache) == (6 + 4, 0)

        second = run(builder, store, LATER)
        assert [str(s.period) for s in second.recorded] == ["2024Q3"]
        assert [str(s.period) for s in second.already_stored] == ["2024Q1", "2024Q2"]
        # Q3 changed a.py only; its seven other files are found in the cache.
        assert (second.files_analysed, second.files_from_cache) == (1, 7)

        third = run(builder, store, LATER)
        assert (len(third.recorded), len(third.already_stored), third.files_analysed) == (0, 3, 0)
        assert list(store.snapshots("repo")["commit"]) == list(story.commits.values())[1:]


def test_cli_backfill_prints_the_snapshots_and_the_store(builder: RepoBuilder) -> None:
    quarterly_story(builder)
    runner = CliRunner()
    result = runner.invoke(
        main, ["history", "backfill", str(builder.path), "--since", "6 months", "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "recorded 2024Q1: commit" in result.output
    assert "3 snapshots recorded, 0 already stored" in result.output
    assert str(builder.path / ".debtscan" / "history.sqlite") in result.output.replace("\n", "")
    listing = runner.invoke(main, ["history", "list", str(builder.path)])
    assert listing.exit_code == 0, listing.output
    assert [q in listing.output for q in ("2024Q1", "2024Q2", "2024Q3")] == [True] * 3


@pytest.mark.parametrize("arguments", [["--since", "soon"], ["--every", "week"]])
def test_cli_backfill_usage_errors_exit_2(builder: RepoBuilder, arguments: list[str]) -> None:
    quarterly_story(builder)
    result = CliRunner().invoke(main, ["history", "backfill", str(builder.path), *arguments])
    assert result.exit_code == 2


def test_backfill_of_a_folder_without_git_is_an_error(tmp_path) -> None:
    result = CliRunner().invoke(main, ["history", "backfill", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a git repository" in result.output
