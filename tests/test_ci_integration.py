"""The ready-made CI integration: workflow, action and pre-commit hook are valid and work."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gitbuilder import RepoBuilder, iso

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "check_jsonschema",
        "--builtin-schema",
        schema,
        *map(str, files),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_validate_against_github_s_schema(workflow: Path) -> None:
    done = check_jsonschema("vendor.github-workflows", workflow)
    assert done.returncode == 0, done.stdout + done.stderr


def test_action_validates_against_github_s_schema() -> None:
    done = check_jsonschema("vendor.github-actions", ROOT / "action.yml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_example_workflow_reads_full_history_uploads_sarif_and_gates_pull_requests() -> None:
    text = (ROOT / ".github" / "workflows" / "debtscan.yml").read_text()
    assert "fetch-depth: 0" in text
    assert "cron:" in text and "pull_request:" in text
    assert "github/codeql-action/upload-sarif" in text
    assert "actions/upload-artifact" in text


def debtscan_commands(text: str) -> list[list[str]]:
    """The debtscan command lines of a workflow or action, GitHub expressions filled in."""
    filled = re.sub(r"\$\{\{\s*inputs\.path\s*\}\}", ".", text)
    filled = re.sub(r"\$\{\{\s*inputs\.out\s*\}\}", "debtscan-report", filled)
    filled = re.sub(r"\$\{\{\s*inputs\.new-code-since\s*\}\}", "main", filled)
    filled = re.sub(r"\$\{\{\s*inputs\.fail-on\s*\}\}", "medium", filled)
    filled = re.sub(r"origin/\$\{\{\s*github\.base_ref\s*\}\}", "main", filled)
    commands = []
    for line in filled.splitlines():
        line = line.strip().removeprefix("run:").strip()
        if line.startswith("debtscan "):
            commands.append(shlex.split(line)[1:])
    return commands


@pytest.mark.parametrize("source", ["debtscan.yml", "action.yml"])
def test_the_commands_of_the_workflow_and_action_run(
    source: str, builder: RepoBuilder, tmp_path: Path
) -> None:
    path = ROOT / ".github" / "workflows" / source if source == "debtscan.yml" else ROOT / source
    commands = debtscan_commands(path.read_text())
    assert {c[0] for c in commands} >= {"scan", "check"}
    builder.commit("base", files={"app.py": "X = 1\n"}, date=iso(2024, 1))
    builder.branch("feature")
    builder.commit("change", files={"app.py": "X = 2\n"}, date=iso(2024, 2))
    # As on GitHub: each step may append Markdown to the job summary's file.
    job_summary = tmp_path / "step_summary.md"
    job_summary.write_text("earlier step\n", encoding="utf-8")
    environment = {**os.environ, "GITHUB_STEP_SUMMARY": str(job_summary)}
    for arguments in commands:
        done = subprocess.run([sys.executable, "-m", "debtscan", *arguments], cwd=builder.path,
                              capture_output=True, text=True, timeout=300,
                              env=environment)  # fmt: skip
        assert done.returncode == 0, (arguments, done.stdout, done.stderr)
    report = builder.path / "debtscan-report"
    assert (report / "debtscan.sarif").is_file()
    assert (report / "index.html").is_file()
    summary = (report / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## Technical debt: ")
    assert job_summary.read_text(encoding="utf-8") == "earlier step\n" + summary


def test_pre_commit_hook_fails_on_new_debt_in_the_working_tree(builder: RepoBuilder) -> None:
    hook = (ROOT / ".pre-commit-hooks.yaml").read_text()
    entry = re.search(r"entry:\s*(.+)", hook)
    assert entry is not None and "language: python" in hook
    arguments = shlex.split(entry.group(1))[1:]
    builder.commit("base", files={"app.py": "X = 1\n"}, date=iso(2024, 1))

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "debtscan", *arguments], cwd=builder.path,
                              capture_output=True, text=True, timeout=300)  # fmt: skip

    assert run().returncode == 0
    builder.write({"app.py": "import imp\nX = 1\n"})
    failed = run()
    assert failed.returncode == 1
    assert "app.py:1:" in failed.stdout
