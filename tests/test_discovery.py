"""discover_files: what is analysed, what is skipped and why."""

from __future__ import annotations

from pathlib import Path

from debtscan.config import Config
from debtscan.discovery import discover_files
from debtscan.records import SkipReason
from tests.gitbuilder import RepoBuilder


def skipped(discovery) -> dict[str, SkipReason]:
    return {s.path: s.reason for s in discovery.skipped}


def test_git_repository_lists_tracked_files_so_gitignore_holds(builder: RepoBuilder) -> None:
    builder.commit("add", files={"app.py": "x = 1\n", ".gitignore": "scratch/\n"})
    builder.write({"scratch/tmp.py": "y = 1\n", "untracked.py": "z = 1\n"})
    discovery = discover_files(builder.path, config=Config())
    assert [f.path for f in discovery.files] == ["app.py"]
    assert discovery.git is not None and discovery.git.head is not None


def test_vendored_generated_migration_and_excluded_files_are_skipped_with_reason(
    builder: RepoBuilder,
) -> None:
    builder.commit(
        "add",
        files={
            "app/main.py": "x = 1\n",
            "app/_vendor/six.py": "x = 1\n",
            "app/api_pb2.py": "x = 1\n",
            "app/migrations/0001_initial.py": "x = 1\n",
            "app/migrations/__init__.py": "",
            "alembic/versions/abc_add_table.py": "x = 1\n",
            "docs/conf.py": "x = 1\n",
        },
    )
    discovery = discover_files(builder.path, config=Config(exclude=("docs",)))
    assert [f.path for f in discovery.files] == ["app/main.py", "app/migrations/__init__.py"]
    assert skipped(discovery) == {
        "app/_vendor/six.py": SkipReason.VENDORED,
        "app/api_pb2.py": SkipReason.GENERATED,
        "app/migrations/0001_initial.py": SkipReason.MIGRATION,
        "alembic/versions/abc_add_table.py": SkipReason.MIGRATION,
        "docs/conf.py": SkipReason.EXCLUDED,
    }


def test_folder_without_git_is_walked_skipping_virtualenvs_and_caches(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    for name in ["pkg/mod.py", "venv-x/lib/site.py", "__pycache__/c.py", "node_modules/n.py",
                 "pkg/sub/deep.py", "notes.txt"]:  # fmt: skip
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x = 1\n")
    (root / "venv-x" / "pyvenv.cfg").write_text("home = /usr\n")
    discovery = discover_files(root, config=Config())
    assert [f.path for f in discovery.files] == ["pkg/mod.py", "pkg/sub/deep.py"]
    assert discovery.git is None


def test_tracked_file_missing_from_the_working_tree_is_skipped(builder: RepoBuilder) -> None:
    builder.commit("add", files={"a.py": "x = 1\n", "b.py": "y = 1\n"})
    (builder.path / "b.py").unlink()
    discovery = discover_files(builder.path, config=Config())
    assert skipped(discovery) == {"b.py": SkipReason.UNREADABLE}


def test_symlinks_are_not_followed(builder: RepoBuilder, tmp_path: Path) -> None:
    outside = tmp_path / "secret.py"
    outside.write_text("token = 'x'\n")
    builder.commit("add", files={"a.py": "x = 1\n"})
    (builder.path / "link.py").symlink_to(outside)
    builder.repo.git.add("link.py")
    builder.commit("link")
    discovery = discover_files(builder.path, config=Config())
    assert skipped(discovery) == {"link.py": SkipReason.UNREADABLE}
