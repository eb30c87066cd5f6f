"""read_histories: several snapshots of one repository from one pass over the log."""

from __future__ import annotations

from debtscan.config import Config
from debtscan.gitrepo import describe_repository, open_repository
from debtscan.history import read_histories, read_history
from debtscan.progress import SilentProgress
from tests.gitbuilder import ALICE, BOB, CAROL, RepoBuilder, iso


def story(builder: RepoBuilder) -> list[str]:
    """Snapshots before and after a rename, and after a merged side branch."""
    first = builder.commit("add", files={"old.py": "x = 1\n", "b.py": "b = 1\n"}, date=iso(2023, 2))
    builder.commit("edit", files={"old.py": "x = 2\n"}, author=BOB, date=iso(2023, 5))
    before_rename = builder.commit("fix b", files={"b.py": "b = 2\n"}, date=iso(2023, 8))
    builder.commit("move", rename={"old.py": "pkg/new.py"}, author=CAROL, date=iso(2023, 11))
    builder.branch("side")
    builder.commit("side work", files={"pkg/new.py": "x = 3\n"}, author=BOB, date=iso(2024, 1))
    builder.checkout("main")
    builder.commit("main work", files={"b.py": "b = 3\n"}, date=iso(2024, 2))
    merged = builder.merge("side", author=ALICE, date=iso(2024, 3))
    return [first, before_rename, merged]


def test_each_snapshot_gets_the_history_it_would_get_alone(builder: RepoBuilder) -> None:
    heads = story(builder)
    repo = open_repository(builder.path)
    infos = [describe_repository(repo, at=head) for head in heads]
    config = Config(since="6 months")
    together = read_histories(
        builder.path, snapshots=infos, config=config, progress=SilentProgress()
    )
    for info in infos:
        alone = read_history(builder.path, git_info=info, config=config, progress=SilentProgress())
        assert together[info.head] == alone


def test_renames_follow_the_paths_of_each_snapshot(builder: RepoBuilder) -> None:
    first, before_rename, merged = story(builder)
    repo = open_repository(builder.path)
    infos = [describe_repository(repo, at=head) for head in (first, before_rename, merged)]
    histories = read_histories(
        builder.path, snapshots=infos, config=Config(since="2y"), progress=SilentProgress()
    )
    assert set(histories[first].files) == {"old.py", "b.py"}
    assert histories[before_rename].files["old.py"].revisions_total == 2
    assert set(histories[merged].files) == {"pkg/new.py", "b.py"}
    # add, edit, rename, side work: the side branch counts once it is merged
    assert histories[merged].files["pkg/new.py"].revisions_total == 4
    assert histories[merged].commits_read == 6
    assert histories[before_rename].commits_read == 3
    # the window of each snapshot ends at its own commit date
    assert histories[before_rename].window_end == infos[1].head_date
