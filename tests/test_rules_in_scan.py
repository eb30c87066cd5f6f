"""Rules in a real scan: configuration, suppressions, the repository's own rules, the
packaging files, the CLI, and the findings and debt minutes in scan.json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from debtscan.cli import main
from debtscan.config import load_config
from debtscan.pipeline import scan
from debtscan.reporting import write_reports
from debtscan.resources import shipped_dir
from tests.gitbuilder import RepoBuilder, iso

LEGACY = """\
import imp
import cgi
from collections import Mapping


def load(name):
    return imp.load_source(name, name + ".py")
"""
USER_RULES = """\
[[rule]]
code = "ACME001"
name = "legacy-http-client"
category = "house-style"
severity = "medium"
remediation_minutes = 20
message = "`{name}` is our old HTTP client; use `acme.http`"
fix_title = "Use `acme.http`"
fix = "none"

[rule.match]
kind = "call"
names = ["urllib.request.urlopen"]

[rule.docs]
what = "Checks for calls of `urllib.request.urlopen`."
why = "Our services go through `acme.http` for retries and tracing. Direct calls skip both."
example = '''
from urllib.request import urlopen

urlopen("https://example.com")
'''
use_instead = '''
from acme import http

http.get("https://example.com")
'''
fix_safety = "No automatic fix."
references = ["https://docs.python.org/3/library/urllib.request.html"]
"""


def scanned(builder: RepoBuilder, files: dict[str, str], config: str = ""):
    if config:
        files = {**files, "pyproject.toml": f"[tool.debtscan]\ncache = false\n{config}"}
    builder.commit("add", files=files, date=iso(2024, 3, 1))
    return scan(builder.path, config=load_config(builder.path, {"cache": False, "jobs": 1}))


def codes(result, path: str) -> list[tuple[str, int]]:
    rows = result.findings[result.findings["path"] == path]
    return list(zip(rows["code"], rows["line"], strict=True))


def test_default_scan_reports_removed_modules_and_aliases(builder: RepoBuilder) -> None:
    result = scanned(builder, {"app/legacy.py": LEGACY})
    assert codes(result, "app/legacy.py") == [("DS102", 1), ("DS108", 2), ("DS130", 3)]


def test_select_ignore_and_per_path_ignores(builder: RepoBuilder) -> None:
    config = """\
select = ["removed-stdlib"]
ignore = ["DS102"]
[tool.debtscan.per-path-ignores]
"old/*" = ["DS108"]
"""
    files = {"app/legacy.py": LEGACY, "old/legacy.py": LEGACY, "app/todo.py": "# TODO: x\n"}
    result = scanned(builder, files, config)
    assert codes(result, "app/legacy.py") == [("DS108", 2), ("DS130", 3)]
    assert codes(result, "old/legacy.py") == [("DS130", 3)]
    assert codes(result, "app/todo.py") == []  # DS601 is not in removed-stdlib


def test_thresholds_come_from_the_configuration(builder: RepoBuilder) -> None:
    source = "def f(a, b):\n    x = a\n    y = b\n    return x + y\n"
    config = "[tool.debtscan.thresholds]\nmethod-lines = 3\nargument-count = 1\n"
    result = scanned(builder, {"m.py": source}, config)
    messages = dict(zip(result.findings["code"], result.findings["message"], strict=True))
    assert messages["DS701"] == "`f` is 4 lines long, above the `method-lines` threshold of 3"
    assert messages["DS705"] == "`f` takes 2 parameters, above the `argument-count` threshold of 1"


def test_suppressions_silence_findings_and_are_counted(builder: RepoBuilder) -> None:
    source = LEGACY.replace("import imp\n", "import imp  # debtscan: ignore[DS102]\n").replace(
        "import cgi\n", "import cgi  # debtscan: ignore\n"
    )
    result = scanned(builder, {"app/legacy.py": source})
    assert codes(result, "app/legacy.py") == [("DS130", 3)]
    row = result.files.set_index("path").loc["app/legacy.py"]
    assert (row["findings"], row["suppressed"]) == (1, 2)
    assert row["debt_minutes"] == 5  # DS130 only


def test_a_repository_adds_rules_of_its_own(builder: RepoBuilder) -> None:
    files = {
        "ci/rules.toml": USER_RULES,
        "client.py": "from urllib.request import urlopen as get\n\nget('https://x')\n",
    }
    result = scanned(builder, files, 'rule-paths = ["ci/rules.toml"]\n')
    found = result.findings.set_index("code").loc["ACME001"]
    assert (found["path"], found["line"], found["minutes"]) == ("client.py", 3, 20)
    assert found["message"] == "`urllib.request.urlopen` is our old HTTP client; use `acme.http`"
    assert found["category"] == "house-style"
    listing = CliRunner().invoke(main, ["rules", "--path", str(builder.path)])
    assert listing.exit_code == 0 and "ACME001" in listing.output


def test_a_broken_rule_file_stops_the_scan_with_one_line(builder: RepoBuilder) -> None:
    broken = USER_RULES.replace('kind = "call"', 'kind = "regex"')
    files = {
        "ci/rules.toml": broken,
        "pyproject.toml": '[tool.debtscan]\nrule-paths = ["ci/rules.toml"]\n',
        "m.py": "x = 1\n",
    }
    builder.commit("add", files=files)
    outcome = CliRunner().invoke(main, ["scan", str(builder.path), "--no-cache"])
    assert outcome.exit_code == 2
    (line,) = outcome.output.strip().splitlines()
    assert "ci/rules.toml" in line and "ACME001" in line and "unknown match kind 'regex'" in line


def test_rules_command_lists_and_explains(tmp_path: Path) -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["rules", "--path", str(tmp_path)])
    assert listing.exit_code == 0
    assert "DS101" in listing.output and "distutils-module-import" in listing.output
    doc = runner.invoke(main, ["rules", "ds102", "--path", str(tmp_path)])
    assert doc.exit_code == 0
    for heading in ("What it does", "Why is this bad?", "Example", "Use instead",
                    "Fix safety", "References"):  # fmt: skip
        assert f"\n{heading}" in doc.output
    assert "    import imp\n" in doc.output
    unknown = runner.invoke(main, ["rules", "DS999", "--path", str(tmp_path)])
    assert unknown.exit_code == 2


def test_findings_and_debt_minutes_reach_scan_json(builder: RepoBuilder, tmp_path: Path) -> None:
    files = {
        "app/legacy.py": LEGACY,
        "app/py2.py": "print 'hello'\nx = 0777\n",
        "app/broken.py": "def f(:\n",
        "requirements.txt": "requests\nsix==1.16.0\n",
        "setup.py": "from setuptools import setup\nsetup(name='x')\n",
    }
    result = scanned(builder, files)
    (json_path,) = write_reports(result, tmp_path / "out", ["json"])
    document = json.loads(json_path.read_text())
    schema = json.loads((shipped_dir("reports") / "scan.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert tuple(map(int, document["schema_version"].split("."))) >= (1, 1)  # 1.1 added these
    found = {(f["path"], f["code"], f["line"]): f["minutes"] for f in document["findings"]}
    assert found == {
        ("app/legacy.py", "DS102", 1): 30,
        ("app/legacy.py", "DS108", 2): 60,
        ("app/legacy.py", "DS130", 3): 5,
        ("app/py2.py", "DS050", 1): 5,
        ("app/py2.py", "DS055", 2): 5,
        ("app/broken.py", "DS001", 1): 30,
        ("requirements.txt", "DS802", 1): 5,
        ("requirements.txt", "DS803", 2): 15,
        ("setup.py", "DS801", 1): 60,
    }
    summary = document["summary"]
    assert summary["debt_minutes"] == 215
    assert summary["findings"] == 9
    assert summary["files_python2"] == 1
    assert summary["findings_by_category"]["removed-stdlib"] == {"findings": 3, "minutes": 95}
    assert summary["findings_by_category"]["packaging"] == {"findings": 3, "minutes": 80}
    rows = {row["path"]: row for row in document["files"]}
    assert (rows["app/legacy.py"]["findings"], rows["app/legacy.py"]["debt_minutes"]) == (3, 95)
    assert (rows["app/py2.py"]["dialect"], rows["app/py2.py"]["debt_minutes"]) == ("python2", 10)
    # 1.4: whether `debtscan fix` rewrites them (DS130 has a codemod; DS055 is safe, but
    # in a Python 2 file that LibCST cannot parse; DS102 has no mechanical fix)
    autofix = {rule["code"]: rule["autofix"] for rule in document["rules"]}
    assert (autofix["DS130"], autofix["DS055"], autofix["DS102"]) == (True, False, False)


def test_packaging_files_of_a_past_commit_come_from_git(builder: RepoBuilder) -> None:
    builder.commit("add", files={"requirements.txt": "six\n", "m.py": "x = 1\n"})
    builder.commit("pin", files={"requirements.txt": "six==1.16.0\n"})
    config = load_config(builder.path, {"cache": False, "jobs": 1})
    past = scan(builder.path, config=config, at="HEAD~1")
    now = scan(builder.path, config=config)
    assert codes(past, "requirements.txt") == [("DS802", 1), ("DS803", 1)]
    assert codes(now, "requirements.txt") == [("DS803", 1)]
