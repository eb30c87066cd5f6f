"""debtscan check: the quality gate fails only on what a change adds."""

from __future__ import annotations

import json
from pathlib import Path

import git
from click.testing import CliRunner

from debtscan.cli import main
from debtscan.fingerprints import finding_fingerprints
from debtscan.records import Severity
from debtscan.reporting.annotations import workflow_commands
from tests.gitbuilder import BOB, RepoBuilder, complex_module, iso

LEGACY = "import imp\n\n\ndef load(name):\n    return imp.load_source(name, name)\n"


def main_branch(builder: RepoBuilder) -> RepoBuilder:
    """A repository whose main branch already carries debt (an `imp` import)."""
    builder.commit(
        "base",
        files={
            "app/__init__.py": "",
            "app/legacy.py": LEGACY,
            "app/core.py": complex_module(8),
            "app/a.py": "from app import b\n",
            "app/b.py": "X = 1\n",
        },
        date=iso(2024, 1),
    )
    builder.branch("feature")
    return builder


def check(builder: RepoBuilder, *args: str):
    return CliRunner().invoke(main, ["check", str(builder.path), *args])


def test_pull_request_adding_a_deprecated_import_fails_and_names_the_line(
    builder: RepoBuilder,
) -> None:
    main_branch(builder)
    builder.commit("add loader", files={"app/new.py": "x = 1\n\nimport imp\n"}, author=BOB,
                   date=iso(2024, 2))  # fmt: skip
    run = check(builder, "--new-code-since", "main")
    assert run.exit_code == 1, run.output
    assert "app/new.py:3:" in run.output
    assert "imp" in run.output
    assert "app/legacy.py" not in run.output  # the old debt is not this change's


def test_pull_request_touching_only_old_debt_passes(builder: RepoBuilder) -> None:
    main_branch(builder)
    moved = "# a comment that moves every line\n\n" + LEGACY + "\n\ndef other():\n    return 2\n"
    builder.commit("edit legacy", files={"app/legacy.py": moved}, date=iso(2024, 2))
    run = check(builder, "--new-code-since", "main")
    assert run.exit_code == 0, run.output
    assert "gate passed" in run.output


def test_pull_request_refactoring_a_hotspot_passes(builder: RepoBuilder) -> None:
    main_branch(builder)
    builder.commit("simplify", files={"app/core.py": complex_module(2)}, date=iso(2024, 2))
    assert check(builder, "--new-code-since", "main").exit_code == 0


def test_pull_request_renaming_a_file_with_debt_passes(builder: RepoBuilder) -> None:
    main_branch(builder)
    builder.commit("move", rename={"app/legacy.py": "app/old_loader.py"}, date=iso(2024, 2))
    run = check(builder, "--new-code-since", "main")
    assert run.exit_code == 0, run.output


def test_new_import_cycle_fails(builder: RepoBuilder) -> None:
    main_branch(builder)
    builder.commit("cycle", files={"app/b.py": "from app import a\nX = 1\n"}, date=iso(2024, 2))
    run = check(builder, "--new-code-since", "main")
    assert run.exit_code == 1
    assert "new import cycle: app.a -> app.b -> app.a" in run.output


def test_uncommitted_changes_are_judged_too(builder: RepoBuilder) -> None:
    main_branch(builder)
    builder.write({"app/b.py": "import imp\nX = 1\n"})
    run = check(builder, "--new-code-since", "HEAD")
    assert run.exit_code == 1
    assert "app/b.py:1:" in run.output


def test_baseline_file_gate(builder: RepoBuilder, tmp_path: Path) -> None:
    main_branch(builder)
    created = CliRunner().invoke(main, ["baseline", "create", str(builder.path)])
    assert created.exit_code == 0, created.output
    document = json.loads((builder.path / ".debtscan-baseline.json").read_text())
    assert document["debtscan_baseline"] == 1 and document["fingerprints"]
    assert check(builder).exit_code == 0
    builder.write({"app/b.py": "import imp\nX = 1\n"})
    failed = check(builder)
    assert failed.exit_code == 1
    assert "app/b.py:1:" in failed.output


def test_fail_on_severity_threshold(builder: RepoBuilder) -> None:
    main_branch(builder)
    builder.write({"app/b.py": "import imp\nX = 1\n"})
    assert check(builder, "--new-code-since", "HEAD", "--fail-on", "critical").exit_code == 0


def test_errors_exit_2(builder: RepoBuilder, tmp_path: Path) -> None:
    main_branch(builder)
    missing = check(builder, "--baseline", str(tmp_path / "none.json"))
    assert missing.exit_code == 2 and "no such baseline file" in missing.output
    bad_ref = check(builder, "--new-code-since", "no-such-branch")
    assert bad_ref.exit_code == 2 and "no-such-branch" in bad_ref.output


def test_shallow_clone_fails_with_the_fix_unless_allowed(builder: RepoBuilder, tmp_path) -> None:
    main_branch(builder)
    builder.commit("more", files={"app/b.py": "X = 2\n"}, date=iso(2024, 2))
    clone = tmp_path / "shallow"
    git.Repo.clone_from(builder.path.as_uri(), clone, depth=1)
    refused = CliRunner().invoke(main, ["check", str(clone), "--new-code-since", "HEAD"])
    assert refused.exit_code == 2
    assert "fetch-depth: 0" in refused.output
    allowed = CliRunner().invoke(
        main, ["check", str(clone), "--new-code-since", "HEAD", "--allow-shallow"]
    )
    assert allowed.exit_code == 0, allowed.output


def test_fingerprints_survive_moved_lines() -> None:
    before = [{"path": "a.py", "line": line, "code": "DS1", "message": "m"} for line in (3, 9)]
    after = [{**finding, "line": finding["line"] * 10} for finding in before]
    assert finding_fingerprints(before) == finding_fingerprints(after)
    one_more = [*after, {**after[0], "line": 95}]
    assert set(finding_fingerprints(before)) < set(finding_fingerprints(one_more))
    assert len(set(finding_fingerprints(one_more))) == 3


def test_fingerprints_ignore_the_numbers_in_messages() -> None:
    before = [{"path": "a.py", "line": 3, "code": "DS702", "message": "f: cyclomatic 12 > 5"}]
    grown = [{**before[0], "message": "f: cyclomatic 13 > 5"}]
    other = [{**before[0], "message": "g: cyclomatic 12 > 5"}]
    assert finding_fingerprints(before) == finding_fingerprints(grown)
    assert finding_fingerprints(before) != finding_fingerprints(other)


def test_annotations_most_severe_first_capped_and_escaped() -> None:
    class Item:
        def __init__(self, line: int, severity: Severity, message: str = "m") -> None:
            self.path, self.line, self.severity, self.message = "a,b.py", line, severity, message

    items = [Item(i, Severity.MEDIUM) for i in range(12)] + [
        Item(99, Severity.HIGH, "bad: 100%\nsecond line")
    ]
    lines = list(workflow_commands(items))
    assert lines[0] == "::error file=a%2Cb.py,line=99,title=debtscan::bad: 100%25%0Asecond line"
    assert sum(line.startswith("::warning") for line in lines) == 10
    assert lines[-1].startswith("::notice") and "2 more" in lines[-1]
