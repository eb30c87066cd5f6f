"""read_history on real git repositories built by the tests."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

import git
import pytest

from debtscan.config import Config
from debtscan.gitrepo import describe_repository, open_repository
from debtscan.history import read_history
from debtscan.progress import SilentProgress
from debtscan.records import HistoryStatus
from tests.gitbuilder import ALICE, BOB, CAROL, RepoBuilder, iso


def history_of(path: Path, **settings):
    repo = open_repository(path)
    git_info = describe_repository(repo) if repo else None
    return read_history(
        path, git_info=git_info, config=Config(**settings), progress=SilentProgress()
    )


def test_counts_revisions_churn_and_authors(builder: RepoBuilder) -> None:
    builder.commit("add", files={"a.py": "x = 1\n"}, author=ALICE, date=iso(2024, 1))
    builder.commit("grow", files={"a.py": "x = 1\ny = 2\nz = 3\n"}, author=BOB, date=iso(2024, 2))
    builder.commit("other", files={"b.py": "b = 1\n"}, author=CAROL, date=iso(2024, 3))
    history = history_of(builder.path)
    a = history.files["a.py"]
    assert (a.revisions, a.added, a.deleted, a.churn) == (2, 3, 0, 3)
    assert a.authors == ("Alice Example", "Bob Example")
    assert a.creator == "Alice Example"
    assert a.first_seen == datetime(2024, 1, 1, 12, tzinfo=UTC)
    assert a.last_changed == datetime(2024, 2, 1, 12, tzinfo=UTC)
    assert history.commits_read == 3
    assert history.status == HistoryStatus.COMPLETE


def test_window_ends_at_head_commit_date_not_wall_clock(builder: RepoBuilder) -> None:
    # A dormant repository: the last commit is years ago, yet its last year counts.
    builder.commit("old", files={"a.py": "x = 1\n"}, date=iso(2015, 1))
    builder.commit("recent 1", files={"a.py": "x = 2\n"}, date=iso(2019, 3))
    builder.commit("recent 2", files={"a.py": "x = 3\n"}, date=iso(2019, 6))
    history = history_of(builder.path, since="12 months")
    assert history.window_end == datetime(2019, 6, 1, 12, tzinfo=UTC)
    assert history.window_start == datetime(2018, 6, 1, 12, tzinfo=UTC)
    assert history.files["a.py"].revisions == 2
    assert history.files["a.py"].revisions_total == 3
    assert history.commits_in_window == 2


def test_renames_carry_history_to_the_current_path(builder: RepoBuilder) -> None:
    builder.commit("add", files={"old/name.py": "a = 1\n"}, date=iso(2024, 1))
    builder.commit("edit", files={"old/name.py": "a = 2\n"}, author=BOB, date=iso(2024, 2))
    builder.commit("move", rename={"old/name.py": "new/place.py"}, date=iso(2024, 3))
    builder.commit("move again", rename={"new/place.py": "final.py"}, date=iso(2024, 4))
    builder.commit("edit", files={"final.py": "a = 3\n"}, author=CAROL, date=iso(2024, 5))
    history = history_of(builder.path)
    final = history.files["final.py"]
    assert final.revisions == 5
    assert final.authors == ("Alice Example", "Bob Example", "Carol Example")
    assert final.first_seen == datetime(2024, 1, 1, 12, tzinfo=UTC)
    assert "old/name.py" not in history.files


def test_mailmap_merges_identities(builder: RepoBuilder) -> None:
    builder.commit(
        "a", files={"a.py": "x = 1\n"}, author="alice <a@old.example>", date=iso(2024, 1)
    )
    builder.commit("b", files={"a.py": "x = 2\n"}, author=ALICE, date=iso(2024, 2))
    builder.commit(
        "mailmap",
        files={".mailmap": "Alice Example <alice@example.com> alice <a@old.example>\n"},
        date=iso(2024, 3),
    )
    assert history_of(builder.path).files["a.py"].authors == ("Alice Example",)


def test_merge_commits_do_not_double_count(builder: RepoBuilder) -> None:
    builder.commit("base", files={"a.py": "x = 1\n"}, date=iso(2024, 1))
    builder.branch("feature")
    builder.commit("feature", files={"a.py": "x = 2\n"}, author=BOB, date=iso(2024, 2))
    builder.checkout("main")
    builder.commit("main", files={"b.py": "y = 1\n"}, date=iso(2024, 3))
    builder.merge("feature", date=iso(2024, 4))
    history = history_of(builder.path)
    assert history.files["a.py"].revisions == 2
    assert history.commits_read == 3


def test_bug_fix_commits_are_counted(builder: RepoBuilder) -> None:
    builder.commit("Add parser", files={"p.py": "x = 1\n"}, date=iso(2024, 1))
    builder.commit("Fix crash on empty input", files={"p.py": "x = 2\n"}, date=iso(2024, 2))
    builder.commit("Refactor prefix handling", files={"p.py": "x = 3\n"}, date=iso(2024, 3))
    builder.commit("Closes #12: bad offsets", files={"p.py": "x = 4\n"}, date=iso(2024, 4))
    history = history_of(builder.path)
    assert history.files["p.py"].bugfixes == 2
    assert len(history.bugfix_times["p.py"]) == 2


def test_change_sets_skip_huge_commits(builder: RepoBuilder) -> None:
    builder.commit("pair", files={"a.py": "1\n", "b.py": "1\n"}, date=iso(2024, 1))
    builder.commit("reformat", files={f"f{i}.py": "1\n" for i in range(40)}, date=iso(2024, 2))
    builder.commit("one", files={"a.py": "2\n"}, date=iso(2024, 3))
    history = history_of(builder.path)
    assert history.change_sets == (("a.py",), ("a.py", "b.py"))  # newest first


def test_shallow_clone_is_detected_and_explained(builder: RepoBuilder, tmp_path: Path) -> None:
    for month in range(1, 6):
        builder.commit(f"c{month}", files={"a.py": f"x = {month}\n"}, date=iso(2024, month))
    clone = tmp_path / "shallow"
    git.Repo.clone_from(builder.path.as_uri(), clone, depth=1)
    history = history_of(clone)
    assert history.status == HistoryStatus.SHALLOW
    assert "fetch-depth: 0" in history.message
    assert history.commits_read == 1


def test_no_git_and_no_commits(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    assert history_of(tmp_path / "plain").status == HistoryStatus.NO_GIT
    empty = RepoBuilder(tmp_path / "empty")
    assert history_of(empty.path).status == HistoryStatus.NO_COMMITS


def test_paths_with_spaces_and_unicode(builder: RepoBuilder) -> None:
    name = "dossier élève/mon fichier.py"
    builder.commit("add", files={name: "x = 1\n"}, date=iso(2024, 1))
    builder.commit("edit", files={name: "x = 2\n"}, date=iso(2024, 2))
    assert history_of(builder.path).files[name].revisions == 2


def test_scanning_a_subfolder_reads_its_history_relative_to_it(builder: RepoBuilder) -> None:
    builder.commit("add", files={"pkg/a.py": "x = 1\n", "other/b.py": "y = 1\n"}, date=iso(2024, 1))
    builder.commit("edit", files={"pkg/a.py": "x = 2\n"}, date=iso(2024, 2))
    history = history_of(builder.path / "pkg")
    assert set(history.files) == {"a.py"}
    assert history.files["a.py"].revisions == 2


@pytest.mark.parametrize("since", ["90d", "6 weeks", "2y", "2024-01-15"])
def test_since_accepts_durations_and_dates(builder: RepoBuilder, since: str) -> None:
    builder.commit("a", files={"a.py": "x = 1\n"}, date=iso(2024, 1))
    builder.commit("b", files={"a.py": "x = 2\n"}, date=iso(2024, 2))
    assert history_of(builder.path, since=since).files["a.py"].revisions >= 1


def test_monthly_revisions_follow_renames_and_count_in_utc(builder: RepoBuilder) -> None:
    builder.commit("add", files={"old.py": "a = 1\n"}, date=iso(2024, 1, 5))
    builder.commit("edit", files={"old.py": "a = 2\n"}, date=iso(2024, 1, 20))
    builder.commit("move", rename={"old.py": "new.py"}, date=iso(2024, 3, 2))
    # 23:30 at UTC-2 on January 31st is February 1st in UTC.
    builder.commit("late", files={"new.py": "a = 3\n"}, date="2024-01-31T23:30:00-02:00")
    builder.commit("other", files={"b.py": "b = 1\n"}, date=iso(2024, 4, 1))
    history = history_of(builder.path)
    assert history.files["new.py"].monthly_revisions == {"2024-01": 2, "2024-02": 1, "2024-03": 1}
    assert history.files["b.py"].monthly_revisions == {"2024-04": 1}


def test_recent_changes_weigh_each_commit_by_its_size_and_age(builder: RepoBuilder) -> None:
    # Half-life one year: a commit 2 years before HEAD weighs 1/4, one 1 year before 1/2.
    # Sizes: 1 line added, then 1 deleted + 3 added (4), then 1 + 1 (2): ln(1 + lines).
    builder.commit("a", files={"a.py": "x = 1\n"}, date="2022-07-01T00:00:00+00:00")
    builder.commit("b", files={"a.py": "x = 2\ny = 1\nz = 1\n"},
                   date="2023-07-01T06:00:00+00:00")  # fmt: skip
    builder.commit("c", files={"a.py": "x = 3\ny = 1\nz = 1\n", "b.py": "y = 1\n"},
                   date="2024-06-30T12:00:00+00:00")  # fmt: skip
    files = history_of(builder.path).files
    expected = math.log(2) / 4 + math.log(5) / 2 + math.log(3)
    assert files["a.py"].recent_changes == pytest.approx(expected, abs=1e-3)
    assert files["b.py"].recent_changes == pytest.approx(math.log(2), abs=1e-4)


def test_mass_fix_commits_are_not_bug_fixes(builder: RepoBuilder) -> None:
    builder.commit("add", files={f"m{n}.py": "x = 1\n" for n in range(4)}, date=iso(2024, 1))
    builder.commit("Fix lint", files={f"m{n}.py": "x = 2\n" for n in range(4)}, date=iso(2024, 2))
    builder.commit("Fix bug", files={"m0.py": "x = 3\n"}, date=iso(2024, 3))
    files = history_of(builder.path, max_changeset_files=3).files
    assert [files[f"m{n}.py"].bugfixes for n in range(4)] == [1, 0, 0, 0]
