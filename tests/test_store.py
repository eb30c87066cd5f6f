"""The history store on real scans: snapshots, replacement, schema, kills, concurrency."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from debtscan.cli import main
from debtscan.config import Config
from debtscan.errors import StoreError
from debtscan.pipeline import scan
from debtscan.reporting.json_report import scan_document
from debtscan.store import HistoryStore
from debtscan.store.schema import SCHEMA_VERSION
from tests.gitbuilder import RepoBuilder, complex_module, iso

ROOT = Path(__file__).resolve().parents[1]


def three_commits(builder: RepoBuilder) -> list[str]:
    """30 modules (so that a snapshot spans several database pages), edited twice."""
    modules = {f"pkg/m{i:02d}.py": complex_module(i % 7 + 1, tag=f"m{i}") for i in range(30)}
    first = builder.commit("import", files={"pkg/__init__.py": "", **modules}, date=iso(2024, 1))
    second = builder.commit("grow", files={"pkg/m01.py": complex_module(9)}, date=iso(2024, 4))
    third = builder.commit("debt", files={"pkg/old.py": "import imp\nx = 1\n"}, date=iso(2024, 7))
    return [first, second, third]


def document_at(builder: RepoBuilder, rev: str, **settings) -> dict:
    return scan_document(scan(builder.path, at=rev, config=Config(cache=False, **settings)))


def test_a_snapshot_reads_back_as_it_was_written(builder: RepoBuilder, tmp_path: Path) -> None:
    first, *_ = three_commits(builder)
    document = document_at(builder, first)
    with HistoryStore(tmp_path / "history.sqlite") as store:
        snapshot_id = store.record(document)
        (snapshot,) = store.snapshots().itertuples()
        files = store.files(snapshot_id)
        kpis = store.kpis([snapshot_id]).set_index("name")
    assert snapshot.commit == first
    assert snapshot.commit_date.isoformat() == "2024-01-01T12:00:00+00:00"
    assert snapshot.repository == "repo"
    assert snapshot.config_digest == Config(cache=False).digest()
    assert len(files) == 31
    assert set(files["path"]) == {f["path"] for f in document["files"]}
    row = files.set_index("path").loc["pkg/m06.py"]
    assert row["cyclomatic_total"] == 8  # complex_module(7): 7 branches + 1
    assert kpis.loc["files", "value"] == 31
    assert kpis.loc["import_cycles", "higher_is_better"] is False
    assert kpis.loc["lines", "higher_is_better"] is None


def test_rescanning_a_commit_replaces_its_snapshot(builder: RepoBuilder, tmp_path: Path) -> None:
    first, second, _ = three_commits(builder)
    with HistoryStore(tmp_path / "history.sqlite") as store:
        store.record(document_at(builder, first))
        store.record(document_at(builder, second))
        store.record(document_at(builder, second))
        assert list(store.snapshots()["commit"]) == [first, second]
        # Another configuration gives other numbers: a snapshot of its own.
        store.record(document_at(builder, second, since="3 months"))
        assert list(store.snapshots()["commit"]) == [first, second, second]
        orphans = store.connection.execute(
            "SELECT count(*) FROM files WHERE snapshot_id NOT IN (SELECT id FROM snapshots)"
        ).fetchone()
    assert orphans == (0,)


def test_a_new_store_has_the_current_schema(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite") as store:
        version = store.connection.execute("PRAGMA user_version").fetchone()[0]
        mode = store.connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert (version, mode) == (SCHEMA_VERSION, "wal")
    with HistoryStore(tmp_path / "h.sqlite") as again:  # opening again migrates nothing
        assert again.snapshots().empty


def test_a_store_from_a_newer_debtscan_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    HistoryStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer debtscan"):
        HistoryStore(path)


@pytest.mark.parametrize("content", [b"not a database at all, just some text\n" * 40, None])
def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "other.sqlite"
    if content is None:  # another application's SQLite database
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE notes (text TEXT)")
    else:
        path.write_bytes(content)
    with pytest.raises(StoreError, match="not"):
        HistoryStore(path)
    assert content is None or path.read_bytes() == content


def writer(builder: RepoBuilder, store: Path, rev: str, *options: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "tests.store_writer", str(builder.path), str(store), rev]
    return subprocess.Popen([*command, *options], cwd=ROOT, env={**os.environ})


def wait_for(path: Path, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, "the writer ended before it reached the pause"
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def test_a_scan_killed_while_writing_leaves_earlier_snapshots_intact(
    builder: RepoBuilder, tmp_path: Path
) -> None:
    first, second, third = three_commits(builder)
    store_path = tmp_path / "history.sqlite"
    with HistoryStore(store_path) as store:
        store.record(document_at(builder, first))
        store.record(document_at(builder, second))
    marker = tmp_path / "writing"
    process = writer(
        builder,
        store_path,
        third,
        "--pause-before",
        "INSERT INTO kpis",
        "--pause",
        "600",
        "--marker",
        str(marker),
    )
    wait_for(marker, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    # The files of the killed snapshot were written before the pause: some reached the WAL.
    assert Path(f"{store_path}-wal").stat().st_size > 0

    with HistoryStore(store_path) as store:
        assert store.connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        snapshots = store.snapshots()
        assert list(snapshots["commit"]) == [first, second]
        assert len(store.files(int(snapshots["id"].iloc[1]))) == 31
        stray = store.connection.execute(
            "SELECT count(*) FROM files WHERE snapshot_id NOT IN (SELECT id FROM snapshots)"
        ).fetchone()
        assert stray == (0,)
        store.record(document_at(builder, third))  # and the store takes new snapshots
        assert list(store.snapshots()["commit"]) == [first, second, third]


def test_two_scans_writing_at_once_both_land(builder: RepoBuilder, tmp_path: Path) -> None:
    first, second, _ = three_commits(builder)
    store_path = tmp_path / "history.sqlite"
    HistoryStore(store_path).close()
    log, marker = tmp_path / "log", tmp_path / "holding"
    holder = writer(
        builder,
        store_path,
        first,
        "--pause-before",
        "INSERT INTO files",
        "--pause",
        "120",
        "--marker",
        str(marker),
        "--log",
        str(log),
        "--until-logged",
        f"{second} BEGIN",
    )
    wait_for(marker, holder)
    other = writer(builder, store_path, second, "--log", str(log))
    assert (holder.wait(timeout=120), other.wait(timeout=120)) == (0, 0)

    events = {
        tuple(line.split()[:2]): float(line.split()[2])
        for line in log.read_text().split("\n")
        if line
    }
    # The second writer began its transaction while the first held the lock, and waited.
    assert events[(second, "BEGIN")] < events[(first, "COMMIT")] < events[(second, "COMMIT")]
    with HistoryStore(store_path) as store:
        assert sorted(store.snapshots()["commit"]) == sorted([first, second])


def test_cli_scan_records_a_snapshot_and_a_rescan_replaces_it(
    builder: RepoBuilder, tmp_path: Path
) -> None:
    *_, third = three_commits(builder)
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(main, ["scan", str(builder.path), "--jobs", "1"])
        assert result.exit_code == 0, result.output
    assert f"recorded a snapshot of commit {third[:12]}" in result.output
    with HistoryStore(builder.path / ".debtscan" / "history.sqlite") as store:
        assert list(store.snapshots()["commit"]) == [third]

    custom = tmp_path / "elsewhere.sqlite"
    result = runner.invoke(main, ["scan", str(builder.path), "--store", str(custom)])
    assert result.exit_code == 0, result.output
    with HistoryStore(custom) as store:
        assert list(store.snapshots()["commit"]) == [third]


def test_cli_scan_with_no_store_records_nothing(builder: RepoBuilder) -> None:
    three_commits(builder)
    result = CliRunner().invoke(main, ["scan", str(builder.path), "--no-store"])
    assert result.exit_code == 0, result.output
    assert "recorded" not in result.output
    assert not (builder.path / ".debtscan" / "history.sqlite").exists()


def test_a_folder_without_git_is_recorded_by_the_time_it_was_scanned(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.py").write_text("x = 1\n")
    result = CliRunner().invoke(main, ["scan", str(folder)])
    assert result.exit_code == 0, result.output
    assert "recorded a snapshot of this folder (no git)" in result.output
    with HistoryStore(folder / ".debtscan" / "history.sqlite") as store:
        (snapshot,) = store.snapshots().itertuples()
    assert snapshot.commit is None
    assert snapshot.commit_date == snapshot.taken_at
