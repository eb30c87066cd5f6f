"""Opening the scanned repository with GitPython, and the few facts read about it."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

# GitPython refuses to import without a git executable unless told to stay quiet; a scan
# without git is allowed (no history), so the absence is handled where git is used.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

import git

from debtscan.errors import GitError
from debtscan.records import GitInfo


def open_repository(path: Path) -> git.Repo | None:
    """The git repository containing ``path``, or None when there is none (or no git)."""
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    except git.GitCommandNotFound:
        return None


def describe_repository(repo: git.Repo, *, at: str | None = None) -> GitInfo:
    """The analysed commit (HEAD, or the revision ``at``), its date, branch and shallowness."""
    try:
        shallow = repo.git.rev_parse("--is-shallow-repository").strip() == "true"
        if at is None and not repo.head.is_valid():
            return GitInfo(head=None, head_date=None, branch=None, shallow=shallow)
        commit = repo.commit(at) if at is not None else repo.head.commit
        branch = None if at is not None or repo.head.is_detached else repo.active_branch.name
    except (git.BadName, git.BadObject, ValueError):
        raise GitError(f"unknown revision {at!r} in {repo.working_dir}") from None
    except git.GitCommandError as error:
        raise GitError(f"git failed on {repo.working_dir}: {_first_line(error)}") from None
    return GitInfo(
        head=commit.hexsha,
        head_date=datetime.fromtimestamp(commit.committed_date, tz=UTC),
        branch=branch,
        shallow=shallow,
    )


def is_shallow(path: Path) -> bool:
    """True when ``path`` is in a shallow clone (CI checkouts are depth 1 by default)."""
    repo = open_repository(path)
    return repo is not None and repo.git.rev_parse("--is-shallow-repository").strip() == "true"


def commit_before(repo: git.Repo, moment: datetime) -> str | None:
    """The last commit of HEAD's history made before ``moment`` (by commit date)."""
    shas = repo.git.rev_list("-1", f"--before={moment.isoformat()}", "HEAD").split()
    return shas[0] if shas else None


def merge_base(repo: git.Repo, ref: str) -> str:
    """The commit where HEAD's branch left ``ref`` (what a pull request is compared with)."""
    try:
        return repo.git.merge_base(ref, "HEAD").strip()
    except git.GitCommandError as error:
        raise GitError(f"no common ancestor of {ref!r} and HEAD: {_first_line(error)}") from None


def changed_paths(repo: git.Repo, base: str, root: Path) -> dict[str, str | None]:
    """Python files changed in the working tree since ``base``: new path -> old path.

    Paths are relative to ``root``; the old path is None for an added file, and differs
    from the new one for a rename.
    """
    output = git.Git(str(root)).diff("-M", "--name-status", "-z", "--relative", base, "--", "*.py")
    fields = output.split("\0")
    changes: dict[str, str | None] = {}
    index = 0
    while index < len(fields) - 1:
        status = fields[index]
        if status.startswith(("R", "C")):
            old, new = fields[index + 1], fields[index + 2]
            changes[new] = old
            index += 3
            continue
        path = fields[index + 1]
        if not status.startswith("D"):
            changes[path] = None if status.startswith("A") else path
        index += 2
    return changes


def last_commits_before(
    repo: git.Repo, moments: list[datetime]
) -> list[tuple[str, datetime] | None]:
    """For each moment, the last commit of HEAD's first-parent line (the branch as it
    stood, not commits of side branches merged later) committed before it, with its date.

    One ``git log --first-parent`` without diffs: cheap even on long histories.
    """
    try:
        listing = repo.git.log("--first-parent", "--format=%H %ct", "HEAD")
    except git.GitCommandError as error:
        raise GitError(f"git log failed on {repo.working_dir}: {_first_line(error)}") from None
    line = [(sha, int(epoch)) for sha, epoch in (row.split() for row in listing.splitlines())]
    found: list[tuple[str, datetime] | None] = []
    for moment in moments:
        limit = moment.timestamp()
        # Newest first; clocks can be skewed, so take the first one before, as git does.
        match = next(((sha, epoch) for sha, epoch in line if epoch < limit), None)
        found.append(None if match is None else (match[0], datetime.fromtimestamp(match[1], UTC)))
    return found


def read_blob(repo: git.Repo, blob: str) -> bytes:
    """The content of a git blob, from the object database (one persistent cat-file)."""
    return repo.odb.stream(bytes.fromhex(blob)).read()


def _first_line(error: git.GitCommandError) -> str:
    text = str(error.stderr or error).strip().strip("'").strip()
    for line in text.splitlines():
        line = line.strip().removeprefix("stderr:").strip().strip("'")
        if line:
            return line
    return text
