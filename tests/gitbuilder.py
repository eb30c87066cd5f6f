"""Build real git repositories for tests: pinned authors and dates, renames, merges.

Every commit goes through real git (GitPython's command wrapper), so the repositories
are exactly what debtscan meets in the wild.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import git

ALICE = "Alice Example <alice@example.com>"
BOB = "Bob Example <bob@example.com>"
CAROL = "Carol Example <carol@example.com>"


class RepoBuilder:
    """A git repository in ``path`` that tests fill commit by commit."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.repo = git.Repo.init(path, initial_branch="main")
        with self.repo.config_writer() as config:
            config.set_value("user", "name", "Test Builder")
            config.set_value("user", "email", "builder@example.com")
            config.set_value("commit", "gpgsign", "false")

    def write(self, files: Mapping[str, str | bytes]) -> None:
        """Write files into the working tree without committing them."""
        for name, content in files.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")

    def commit(
        self,
        message: str,
        *,
        files: Mapping[str, str | bytes] | None = None,
        delete: tuple[str, ...] = (),
        rename: Mapping[str, str] | None = None,
        author: str = ALICE,
        date: str = "2024-01-01T12:00:00+00:00",
    ) -> str:
        """Commit the given changes as ``author`` at ``date``; return the commit id."""
        for old, new in (rename or {}).items():
            (self.path / new).parent.mkdir(parents=True, exist_ok=True)
            self.repo.git.mv(old, new)
        if delete:
            self.repo.git.rm("-q", *delete)
        if files:
            self.write(files)
            self.repo.git.add("--", *files)
        name, email = _identity(author)
        env = {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_COMMITTER_DATE": date,
        }
        self.repo.git.commit("-q", "--allow-empty", "-m", message, env=env)
        return self.repo.head.commit.hexsha

    def branch(self, name: str, *, start: str = "HEAD") -> None:
        self.repo.git.checkout("-q", "-b", name, start)

    def checkout(self, name: str) -> None:
        self.repo.git.checkout("-q", name)

    def merge(self, branch: str, *, author: str = ALICE, date: str) -> str:
        name, email = _identity(author)
        env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date,
               "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email,
               "GIT_COMMITTER_DATE": date}  # fmt: skip
        self.repo.git.merge("-q", "--no-ff", "-m", f"Merge {branch}", branch, env=env)
        return self.repo.head.commit.hexsha


def _identity(author: str) -> tuple[str, str]:
    name, _, email = author.partition(" <")
    return name, email.rstrip(">")


def iso(year: int, month: int, day: int = 1) -> str:
    return datetime(year, month, day, 12).isoformat() + "+00:00"


def complex_module(branches: int, *, tag: str = "") -> str:
    """Real Python code with ``branches`` decision points in one function."""
    lines = [f"def decide(value):  # {tag}", "    result = 0"]
    for number in range(branches):
        lines.append(f"    if value > {number}:")
        lines.append(f"        result += {number}")
    lines.append("    return result")
    return "\n".join(lines) + "\n"
