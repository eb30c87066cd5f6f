"""The commit log cache: a rescan reads from git only the commits made since, and gets
the same history as a full pass, whatever happened in between."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from debtscan.cache import OutcomeCache
from debtscan.config import Config
from debtscan.gitrepo import describe_repository, open_repository
from debtscan.history import read_history
from debtscan.records import History
from tests.gitbuilder import ALICE, BOB, CAROL, RepoBuilder, iso
from tests.stage_summaries import StageSummaries


def history(path: Path, cache: Path | None, **settings: str) -> tuple[History, str]:
    repo = open_repository(path)
    assert repo is not None
    progress = StageSummaries()
    outcomes = OutcomeCache(cache) if cache else None
    read = read_history(path, git_info=describe_repository(repo), config=Config(**settings),
                        progress=progress, cache=outcomes)  # fmt: skip
    if outcomes:
        outcomes.close()
    return read, progress.summaries["history"]


def assert_same(cached: History, full: History) -> None:
    assert cached.files == full.files
    assert cached.change_sets == full.change_sets
    assert cached.bugfix_times == full.bugfix_times
    assert cached.author_last_seen == full.author_last_seen
    assert (cached.commits_read, cached.commits_in_window) == (
        full.commits_read,
        full.commits_in_window,
    )


@pytest.fixture
def grown(builder: RepoBuilder) -> RepoBuilder:
    builder.commit("add", files={"pkg/a.py": "a = 1\n", "b.py": "b = 1\n"}, date=iso(2024, 1))
    builder.commit("fix crash in a", files={"pkg/a.py": "a = 2\n"}, author=BOB, date=iso(2024, 2))
    builder.commit("edit b", files={"b.py": "b = 2\n"}, author=CAROL, date=iso(2024, 3))
    return builder


def test_unchanged_head_is_read_from_the_cache_alone(grown: RepoBuilder, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    first, first_summary = history(grown.path, cache)
    second, second_summary = history(grown.path, cache)
    assert first_summary == "3 commits (0 from cache)"
    assert second_summary == "3 commits (all from cache)"  # the folded history itself
    assert_same(second, first)
    assert_same(second, history(grown.path, None)[0])
    # Other settings fold the cached commits again, without git.
    other, other_summary = history(grown.path, cache, since="1 month")
    assert other_summary == "3 commits (3 from cache)"
    assert_same(other, history(grown.path, None, since="1 month")[0])


def test_new_commits_are_read_from_git_and_renames_reach_cached_ones(
    grown: RepoBuilder, tmp_path: Path
) -> None:
    cache = tmp_path / "cache.sqlite"
    history(grown.path, cache)
    grown.commit("move a", rename={"pkg/a.py": "pkg/core.py"}, date=iso(2024, 4))
    grown.commit("fix bug in core", files={"pkg/core.py": "a = 3\n"}, date=iso(2024, 5))
    cached, summary = history(grown.path, cache)
    assert summary == "5 commits (3 from cache)"
    assert_same(cached, history(grown.path, None)[0])
    core = cached.files["pkg/core.py"]  # the cached commits of pkg/a.py land on its new path
    assert (core.revisions_total, core.creator) == (4, "Alice Example")


def test_rewritten_history_gets_a_full_pass(grown: RepoBuilder, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    history(grown.path, cache)
    grown.repo.git.reset("-q", "--hard", "HEAD~2")  # drop two commits, write others instead
    grown.commit("other b", files={"b.py": "b = 9\n"}, author=BOB, date=iso(2024, 6))
    cached, summary = history(grown.path, cache)
    assert summary == "2 commits (0 from cache)"
    assert_same(cached, history(grown.path, None)[0])


def test_changed_identities_get_a_full_pass(grown: RepoBuilder, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    history(grown.path, cache)
    grown.write({".mailmap": "Alice Example <bob@example.com>\n"})  # Bob is Alice now
    cached, summary = history(grown.path, cache)
    assert summary == "3 commits (0 from cache)"
    assert cached.files["pkg/a.py"].authors == ("Alice Example",)


def test_a_damaged_cache_costs_time_not_results(grown: RepoBuilder, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    history(grown.path, cache)
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE log_chunks SET data = ?", (b"not zlib",))
        db.execute("UPDATE histories SET history = ?", ("{not json",))
    grown.commit("edit b again", files={"b.py": "b = 3\n"}, date=iso(2024, 4))
    cached, summary = history(grown.path, cache)
    assert summary == "4 commits (0 from cache)"
    assert_same(cached, history(grown.path, None)[0])
    assert history(grown.path, cache)[1] == "4 commits (all from cache)"  # rebuilt
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE histories SET history = ?", ("{not json",))
    assert history(grown.path, cache)[1] == "4 commits (4 from cache)"  # folded again


def test_old_heads_and_their_chunks_are_dropped(grown: RepoBuilder, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    for month in range(4, 10):
        grown.commit(f"edit {month}", files={"b.py": f"b = {month}\n"}, author=ALICE,
                     date=iso(2024, month))  # fmt: skip
        history(grown.path, cache)
    with sqlite3.connect(cache) as db:
        heads = db.execute("SELECT chunks FROM log_heads").fetchall()
        chunks = db.execute("SELECT count(*) FROM log_chunks").fetchone()[0]
    assert len(heads) == 3
    # The newest head uses one chunk per scan since the first (incremental writes)...
    assert max(len(row[0].split(",")) for row in heads) == 6
    # ...and nothing else is kept: the chunks of the three heads kept share their tails.
    assert chunks == 6
