"""The whole pipeline, end to end, on built repositories: scan(), the CLI, the reports."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from debtscan import cache
from debtscan.cli import main
from debtscan.config import Config
from debtscan.pipeline import scan
from debtscan.records import HistoryStatus
from debtscan.reporting import write_reports
from debtscan.resources import shipped_dir
from tests.gitbuilder import RepoBuilder, complex_module, iso
from tests.scenarios import hotspot_repository

HOSTILE_DIR = '<script>alert("dir")<'  # with the file below, the path holds "</script>"
HOSTILE_FILE = 'script>"><img src=x onerror=alert(1)>.py'


def rank_of(result, path: str) -> int:
    return int(result.files.set_index("path").loc[path, "rank"])


def test_known_hotspot_ranks_first_and_quiet_simple_file_ranks_low(builder: RepoBuilder) -> None:
    result = scan(hotspot_repository(builder).path, config=Config(cache=False))
    assert result.files.iloc[0]["path"] == "app/core.py"
    assert rank_of(result, "app/core.py") < rank_of(result, "app/models.py")
    assert rank_of(result, "app/models.py") < rank_of(result, "app/util.py")
    assert rank_of(result, "app/util.py") >= len(result.files) - 1
    top = result.files.iloc[0]
    assert top["revisions"] == 21
    assert top["authors"] == 3
    assert top["explanation"].startswith("changed 21 times in 12 months")
    assert "3 authors" in top["explanation"]


def test_import_graph_links_repository_modules(builder: RepoBuilder) -> None:
    result = scan(hotspot_repository(builder).path, config=Config(cache=False))
    assert result.import_graph.has_edge("app.models", "app.util")
    util = result.files.set_index("path").loc["app/util.py"]
    assert (util["fan_in"], util["fan_out"]) == (1, 0)


def test_scan_json_validates_against_its_schema(builder: RepoBuilder, tmp_path: Path) -> None:
    result = scan(hotspot_repository(builder).path, config=Config(cache=False))
    (json_path,) = write_reports(result, tmp_path / "out", ["json"])
    document = json.loads(json_path.read_text())
    schema = json.loads((shipped_dir("reports") / "scan.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(document)] == []
    assert document["files"][0]["path"] == "app/core.py"
    assert document["history"]["status"] == "complete"


def test_bad_files_end_as_recorded_outcomes_and_others_are_not_lost(
    builder: RepoBuilder,
) -> None:
    builder.commit(
        "add",
        files={
            "good.py": complex_module(3),
            "broken.py": "def f(:\n    pass\n",
            "legacy_latin1.py": "name = 'caf\u00e9'\n".encode("latin-1"),
            "blob.py": b"\x00\x01\x02binary\xff",
            "py2.py": "print 'hello'\n",
        },
    )
    result = scan(builder.path, config=Config(cache=False, jobs=1))
    statuses = result.outcome_table.set_index("path")[["status", "reason"]].to_dict("index")
    assert statuses == {
        "blob.py": {"status": "skipped", "reason": "binary"},
        "broken.py": {"status": "failed", "reason": "syntax-error"},
        "good.py": {"status": "analyzed", "reason": ""},
        "legacy_latin1.py": {"status": "failed", "reason": "undecodable"},
        "py2.py": {"status": "analyzed", "reason": ""},
    }
    files = result.files.set_index("path")
    assert sorted(files.index) == ["good.py", "py2.py"]
    assert files.loc["py2.py", "dialect"] == "python2"
    assert files.loc["good.py", "dialect"] == "python3"
    # A file nobody can run is debt: DS001 unparseable at its line, DS002 undecodable.
    found = result.findings.set_index("path")
    assert found.loc["broken.py", ["code", "line"]].tolist() == ["DS001", 1]
    assert found.loc["legacy_latin1.py", ["code", "line"]].tolist() == ["DS002", 1]
    assert found.loc["py2.py", ["code", "line"]].tolist() == ["DS050", 1]


def test_a_file_that_stalls_the_parser_costs_only_itself(builder: RepoBuilder) -> None:
    # LibCST's parse time grows with the square of an operator chain's length.
    stalling = "x = " + "+".join(["a"] * 20_000) + "\n"
    files = {f"ok{i}.py": complex_module(i + 1) for i in range(4)}
    builder.commit("add", files={**files, "stall.py": stalling})
    result = scan(builder.path, config=Config(cache=False, jobs=2, file_timeout=2))
    outcomes = result.outcome_table.set_index("path")
    assert outcomes.loc["stall.py", "status"] == "failed"
    assert outcomes.loc["stall.py", "reason"] == "timeout"
    assert (outcomes.loc[list(files), "status"] == "analyzed").all()


def test_folder_without_git_scans_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    (root / "simple.py").write_text("x = 1\n")
    (root / "tangled.py").write_text(complex_module(12))
    result = scan(root, config=Config(cache=False))
    assert result.history.status == HistoryStatus.NO_GIT
    assert "not a git repository" in result.history.message
    assert list(result.files["path"]) == ["tangled.py", "simple.py"]
    assert result.files.iloc[0]["revisions"] == 0


def test_empty_repository_scans(tmp_path: Path) -> None:
    builder = RepoBuilder(tmp_path / "empty")
    builder.write({"a.py": "x = 1\n"})
    result = scan(builder.path, config=Config(cache=False))
    assert result.history.status == HistoryStatus.NO_COMMITS
    assert len(result.files) == 0  # nothing tracked yet


def test_shallow_clone_scan_warns(builder: RepoBuilder, tmp_path: Path) -> None:
    import git

    hotspot_repository(builder)
    clone = tmp_path / "clone"
    git.Repo.clone_from(builder.path.as_uri(), clone, depth=1)
    result = scan(clone, config=Config(cache=False))
    assert result.history.status == HistoryStatus.SHALLOW
    assert "shallow clone" in result.history.message


def test_html_report_escapes_hostile_paths(builder: RepoBuilder, tmp_path: Path) -> None:
    builder.commit("add", files={f"{HOSTILE_DIR}/{HOSTILE_FILE}": complex_module(3)})
    result = scan(builder.path, config=Config(cache=False))
    (html_path,) = write_reports(result, tmp_path / "out", ["html"])
    page = html_path.read_text()
    assert '<script>alert("dir")' not in page
    assert "<img src=x" not in page
    assert 'alert(\\"dir\\")\\u003c/script\\u003e' in page or "&lt;script&gt;" in page


# --- the command line -----------------------------------------------------------------


def test_cli_scan_writes_reports_and_prints_the_top_hotspots(
    builder: RepoBuilder, tmp_path: Path
) -> None:
    hotspot_repository(builder)
    out = tmp_path / "report"
    run = CliRunner().invoke(main, ["scan", str(builder.path), "--out", str(out), "--jobs", "2"])
    assert run.exit_code == 0, run.output
    assert (out / "index.html").is_file() and (out / "scan.json").is_file()
    assert "app/core.py" in run.output
    assert "Top hotspots" in run.output


def test_second_scan_is_served_from_the_cache(builder: RepoBuilder, tmp_path: Path) -> None:
    hotspot_repository(builder)
    args = ["scan", str(builder.path), "--out", str(tmp_path / "r")]
    first = CliRunner().invoke(main, args)
    second = CliRunner().invoke(main, args)
    assert "5 analysed, 0 from cache" in first.output
    assert "0 analysed, 5 from cache" in second.output
    assert (
        json.loads((tmp_path / "r" / "scan.json").read_text())["files"][0]["path"] == "app/core.py"
    )
    no_cache = CliRunner().invoke(main, [*args, "--no-cache"])
    assert "5 analysed, 0 from cache" in no_cache.output
    assert "* " in (builder.path / ".debtscan" / ".gitignore").read_text() + "* "


def test_cache_clear_makes_the_next_scan_cold(builder: RepoBuilder, tmp_path: Path) -> None:
    hotspot_repository(builder)
    args = ["scan", str(builder.path), "--out", str(tmp_path / "r")]
    CliRunner().invoke(main, args)
    cleared = CliRunner().invoke(main, ["cache", "clear", str(builder.path)])
    assert cleared.exit_code == 0 and "removed" in cleared.output, cleared.output
    assert not (builder.path / ".debtscan" / "cache.sqlite").exists()
    assert "5 analysed, 0 from cache" in CliRunner().invoke(main, args).output
    again = CliRunner().invoke(main, ["cache", "clear", str(builder.path / "app")])
    assert again.exit_code == 0 and "no cache" in again.output


def test_a_process_keeping_its_last_lookup_serves_those_versions_again(
    builder: RepoBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a backfill's snapshot workers do: consecutive snapshots share most versions."""
    hotspot_repository(builder)
    monkeypatch.setattr(cache, "_last_lookup", None)  # this process's; restored after
    args = ["scan", str(builder.path), "--out", str(tmp_path / "r")]
    CliRunner().invoke(main, args)
    cache.keep_last_lookup()
    assert "0 analysed, 5 from cache" in CliRunner().invoke(main, args).output
    kept = json.loads((tmp_path / "r" / "scan.json").read_text())["files"]
    CliRunner().invoke(main, ["cache", "clear", str(builder.path)])
    served = CliRunner().invoke(main, args)
    assert "0 analysed, 5 from cache" in served.output  # none from the file: it is new
    assert json.loads((tmp_path / "r" / "scan.json").read_text())["files"] == kept


def test_corrupt_cache_is_rebuilt_not_trusted(builder: RepoBuilder, tmp_path: Path) -> None:
    hotspot_repository(builder)
    (builder.path / ".debtscan").mkdir()
    (builder.path / ".debtscan" / "cache.sqlite").write_bytes(b"this is not sqlite" * 100)
    run = CliRunner().invoke(main, ["scan", str(builder.path), "--out", str(tmp_path / "r")])
    assert run.exit_code == 0, run.output
    assert "5 analysed, 0 from cache" in run.output


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        ("[tool.debtscan]\nsince = 'last tuesday'\n", "since: cannot read 'last tuesday'"),
        ("[tool.debtscan]\nexlcude = ['docs']\n", "unknown setting(s) in [tool.debtscan]: exlcude"),
        ("[tool.debtscan]\nmax-file-bytes = 'big'\n", "max-file-bytes must be of type int"),
        ("[tool.debtscan\n", "not valid TOML"),
    ],
)
def test_bad_config_is_one_clear_line_and_exit_code_2(
    builder: RepoBuilder, pyproject: str, message: str
) -> None:
    builder.commit("add", files={"a.py": "x = 1\n", "pyproject.toml": pyproject})
    run = CliRunner().invoke(main, ["scan", str(builder.path)])
    assert run.exit_code == 2
    assert message in run.output
    assert "Traceback" not in run.output


def test_config_from_pyproject_is_applied_and_flags_override(builder: RepoBuilder) -> None:
    builder.commit(
        "add",
        files={"a.py": "x = 1\n", "docs/conf.py": "x = 1\n",
               "pyproject.toml": "[tool.debtscan]\nexclude = ['docs']\nsince = '2y'\n"},
        date=iso(2024, 1),
    )  # fmt: skip
    run = CliRunner().invoke(
        main, ["scan", str(builder.path), "--since", "30d", "--format", "json"]
    )
    assert run.exit_code == 0, run.output
    document = json.loads((builder.path / ".debtscan" / "report" / "scan.json").read_text())
    assert document["scan"]["window"] == "30d"
    assert [f["path"] for f in document["files"]] == ["a.py"]


def test_missing_folder_and_unknown_format_exit_2(builder: RepoBuilder) -> None:
    builder.commit("add", files={"a.py": "x = 1\n"})
    missing = CliRunner().invoke(main, ["scan", str(builder.path / "nope")])
    assert missing.exit_code == 2
    bad_format = CliRunner().invoke(main, ["scan", str(builder.path), "--format", "pdf"])
    assert bad_format.exit_code == 2
    assert "unknown format pdf" in bad_format.output


def test_python_dash_m_runs_the_cli(builder: RepoBuilder, tmp_path: Path) -> None:
    builder.commit("add", files={"a.py": "x = 1\n"})
    done = subprocess.run(
        [sys.executable, "-m", "debtscan", "scan", str(builder.path), "--out", str(tmp_path / "r")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "analysis: done" in done.stderr  # plain progress lines when not on a terminal
    assert (tmp_path / "r" / "index.html").is_file()


# --- a scan of a past commit, from git objects ----------------------------------------


def test_scan_at_a_commit_reads_git_objects_and_leaves_the_working_tree_alone(
    builder: RepoBuilder,
) -> None:
    old = builder.commit("v1", files={"a.py": complex_module(2), "gone.py": "x = 1\n"},
                         date=iso(2023, 1))  # fmt: skip
    builder.commit("v2", files={"a.py": complex_module(9)}, delete=("gone.py",), date=iso(2023, 6))
    builder.commit("v3", files={"b.py": "y = 1\n"}, date=iso(2023, 9))
    builder.write({"a.py": "this is an uncommitted edit, not Python 3 (\n"})
    head_before = builder.repo.head.commit.hexsha

    past = scan(builder.path, at=old, config=Config(cache=False))
    assert sorted(past.files["path"]) == ["a.py", "gone.py"]
    a = past.files.set_index("path").loc["a.py"]
    assert (a["cyclomatic_total"], a["revisions"]) == (3, 1)
    assert past.history.window_end == datetime(2023, 1, 1, 12, tzinfo=UTC)
    assert past.history.commits_read == 1
    # the working tree and HEAD are untouched
    assert builder.repo.head.commit.hexsha == head_before
    assert (builder.path / "a.py").read_text().startswith("this is an uncommitted edit")


def test_scan_at_shares_the_blob_cache(builder: RepoBuilder, tmp_path: Path) -> None:
    builder.commit("v1", files={"a.py": complex_module(2), "b.py": "x = 1\n"}, date=iso(2023, 1))
    builder.commit("v2", files={"b.py": "x = 2\n"}, date=iso(2023, 2))
    args = ["scan", str(builder.path), "--out", str(tmp_path / "r"), "--format", "json"]
    first = CliRunner().invoke(main, [*args, "--at", "HEAD~1"])
    second = CliRunner().invoke(main, args)
    assert "2 analysed, 0 from cache" in first.output
    assert "1 analysed, 1 from cache" in second.output  # a.py has the same blob


def test_scan_at_an_unknown_revision_is_a_git_error(builder: RepoBuilder) -> None:
    builder.commit("v1", files={"a.py": "x = 1\n"})
    run = CliRunner().invoke(main, ["scan", str(builder.path), "--at", "no-such-tag"])
    assert run.exit_code == 2
    assert "unknown revision 'no-such-tag'" in run.output


def test_scan_of_some_files_without_history(builder: RepoBuilder) -> None:
    builder.commit("v1", files={"a.py": complex_module(2), "b.py": "x = 1\n"}, date=iso(2023, 1))
    result = scan(builder.path, only={"b.py"}, with_history=False, config=Config(cache=False))
    assert list(result.files["path"]) == ["b.py"]
    assert result.history.status == HistoryStatus.NOT_READ
    assert result.history.commits_read == 0


def test_markdown_summary_goes_to_the_job_summary_only_when_asked(
    builder: RepoBuilder, tmp_path: Path
) -> None:
    hotspot_repository(builder)
    job_summary = tmp_path / "step.md"
    args = ["scan", str(builder.path), "--format", "md", "--out"]
    alone = CliRunner().invoke(
        main, [*args, str(tmp_path / "a")], env={"GITHUB_STEP_SUMMARY": None}
    )
    assert alone.exit_code == 0, alone.output
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["summary.md"]
    assert not job_summary.exists()
    for out in ("b", "c"):  # two steps of one job: the second appends
        run = CliRunner().invoke(
            main, [*args, str(tmp_path / out)], env={"GITHUB_STEP_SUMMARY": str(job_summary)}
        )
        assert run.exit_code == 0, run.output
    markdown = (tmp_path / "b" / "summary.md").read_text(encoding="utf-8")
    assert markdown == (tmp_path / "a" / "summary.md").read_text(encoding="utf-8")
    assert "| Code health |" in markdown
    assert job_summary.read_text(encoding="utf-8") == markdown * 2
