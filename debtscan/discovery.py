"""Discover the Python files to analyse.

In a git repository: the tracked files (``git ls-files``), so .gitignore holds. Elsewhere:
a walk of the folder that skips the usual junk (virtualenvs, caches, build output).
Configured excludes, vendored code, generated code and migrations are listed as skipped
with their reason rather than silently dropped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path, PurePosixPath

import git

from debtscan.config import Config, path_matches
from debtscan.errors import GitError
from debtscan.gitrepo import describe_repository, open_repository
from debtscan.records import Discovery, Skipped, SkipReason, SourceFile

_JUNK_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".debtscan", "__pycache__", ".tox", ".nox", ".eggs",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", "node_modules", "site-packages",
        "build", "dist",
    }
)  # fmt: skip
_VENDORED_DIRS = frozenset({"vendor", "vendored", "_vendor", "third_party", "thirdparty"})
_GENERATED_NAME = re.compile(r"(_pb2|_pb2_grpc|_grpc)\.py$")


def discover_files(
    root: Path, *, config: Config, at: str | None = None, only: Collection[str] | None = None
) -> Discovery:
    """List the files under ``root`` to analyse, and those skipped with a reason.

    With ``at`` (a commit, tag or branch), the files of that commit, listed from git's
    objects: the working tree is neither read nor touched. With ``only``, just those paths.
    """
    repo = open_repository(root)
    if repo is None and at is not None:
        raise GitError(f"{root} is not a git repository; --at needs one")
    git_info = describe_repository(repo, at=at) if repo is not None else None
    if at is not None and git_info is not None and git_info.head is not None:
        files, skipped = _commit_files(root, git_info.head, config)
    else:
        paths = _tracked_paths(root) if repo is not None else _walked_paths(root)
        files, skipped = _working_tree_files(root, paths, config)
    if only is not None:
        wanted = set(only)
        files = tuple(f for f in files if f.path in wanted)
        skipped = tuple(s for s in skipped if s.path in wanted)
    return Discovery(
        root=root, files=files, skipped=skipped, git=git_info, at_commit=at is not None
    )


def _working_tree_files(
    root: Path, paths: Iterable[str], config: Config
) -> tuple[tuple[SourceFile, ...], tuple[Skipped, ...]]:
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    for path in sorted(set(paths)):
        reason = skip_reason(path, config=config)
        if reason is not None:
            skipped.append(Skipped(path=path, reason=reason))
            continue
        full = root / path
        if full.is_symlink() or not full.is_file():
            skipped.append(Skipped(path=path, reason=SkipReason.UNREADABLE, detail=_why(full)))
            continue
        files.append(SourceFile(path=path, size=full.stat().st_size))
    return tuple(files), tuple(skipped)


def _commit_files(
    root: Path, commit: str, config: Config
) -> tuple[tuple[SourceFile, ...], tuple[Skipped, ...]]:
    """The Python files of ``commit`` under ``root``, from ``git ls-tree`` (blob ids, sizes)."""
    try:
        listing = git.Git(str(root)).ls_tree("-r", "-l", "-z", commit, "--", ".")
    except git.GitCommandError as error:
        raise GitError(f"git ls-tree failed in {root}: {str(error.stderr).strip()}") from None
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    for entry in sorted(filter(None, listing.split("\0")), key=lambda e: e.split("\t", 1)[1]):
        meta, path = entry.split("\t", 1)
        mode, kind, blob, size = meta.split()
        if kind != "blob" or not path.endswith(".py"):
            continue
        reason = skip_reason(path, config=config)
        if reason is not None:
            skipped.append(Skipped(path=path, reason=reason))
        elif mode == "120000":
            detail = "a symbolic link; not followed"
            skipped.append(Skipped(path=path, reason=SkipReason.UNREADABLE, detail=detail))
        else:
            files.append(SourceFile(path=path, size=int(size), blob=blob))
    return tuple(files), tuple(skipped)


def skip_reason(path: str, *, config: Config) -> SkipReason | None:
    """Why ``path`` (repository-relative, POSIX) is not analysed, judged by its path alone."""
    if any(path_matches(path, pattern) for pattern in config.exclude):
        return SkipReason.EXCLUDED
    parts = PurePosixPath(path).parts
    if _VENDORED_DIRS.intersection(parts[:-1]):
        return SkipReason.VENDORED
    if _GENERATED_NAME.search(path):
        return SkipReason.GENERATED
    if _is_migration(parts):
        return SkipReason.MIGRATION
    return None


def _is_migration(parts: tuple[str, ...]) -> bool:
    folders = parts[:-1]
    if "migrations" in folders and parts[-1] != "__init__.py":
        return True  # Django, and most frameworks after it
    return len(folders) >= 2 and folders[-1] == "versions" and folders[-2] == "alembic"


def _tracked_paths(root: Path) -> list[str]:
    try:
        output = git.Git(str(root)).ls_files("-z", "--cached", "--", "*.py")
    except git.GitCommandError as error:
        raise GitError(f"git ls-files failed in {root}: {str(error.stderr).strip()}") from None
    return [path for path in output.split("\0") if path.endswith(".py")]


def _walked_paths(root: Path) -> Iterator[str]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not _is_junk_dir(Path(folder) / d))
        relative = Path(folder).relative_to(root)
        for name in names:
            if name.endswith(".py"):
                yield (relative / name).as_posix()


def _is_junk_dir(path: Path) -> bool:
    if path.name in _JUNK_DIRS or path.name.endswith(".egg-info") or path.is_symlink():
        return True
    return (path / "pyvenv.cfg").is_file()  # a virtualenv, whatever its name


def _why(path: Path) -> str:
    if path.is_symlink():
        return "a symbolic link; not followed"
    return "listed by git but not present in the working tree"
