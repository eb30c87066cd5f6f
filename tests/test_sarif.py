"""SARIF output: valid against the official 2.1.0 schema, stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from debtscan.cli import main
from debtscan.reporting.sarif_report import MAX_RESULTS, sarif_document
from tests.gitbuilder import RepoBuilder, iso
from tests.scenarios import architecture_repository

# The official OASIS SARIF 2.1.0 schema (a copy of the project's shared reference data).
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
ARCHITECTURE = {"DS901", "DS902", "DS903", "DS904", "DS905"}


def sarif_of(builder: RepoBuilder, out: Path) -> dict:
    run = CliRunner().invoke(main, ["scan", str(builder.path), "--out", str(out),
                                    "--format", "sarif,json"])  # fmt: skip
    assert run.exit_code == 0, run.output
    return json.loads((out / "debtscan.sarif").read_text())


def validate(log: dict) -> None:
    schema = json.loads(SCHEMA.read_text())
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert [e.message for e in errors] == []


def legacy_repository(builder: RepoBuilder) -> RepoBuilder:
    builder.commit(
        "legacy",
        files={"app/loader.py": "import imp\nimport pickle\n\n\ndef load(data):\n"
                                "    return pickle.loads(data)\n",
               "app/clean.py": "X = 1\n"},
        date=iso(2024, 1),
    )  # fmt: skip
    return builder


def test_sarif_validates_and_has_one_result_per_finding(builder, tmp_path) -> None:
    log = sarif_of(legacy_repository(builder), tmp_path / "r")
    validate(log)
    run = log["runs"][0]
    document = json.loads((tmp_path / "r" / "scan.json").read_text())
    assert len(run["results"]) == len(document["findings"]) > 0
    rule_ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "app/loader.py"
        assert location["region"]["startLine"] >= 1
        assert "primaryLocationLineHash" not in result["partialFingerprints"]


def test_fingerprints_are_stable_across_runs_and_moved_lines(builder, tmp_path) -> None:
    legacy_repository(builder)
    first = sarif_of(builder, tmp_path / "a")["runs"][0]["results"]
    shifted = "# header\n\n" + (builder.path / "app/loader.py").read_text()
    builder.commit("shift", files={"app/loader.py": shifted}, date=iso(2024, 2))
    second = sarif_of(builder, tmp_path / "b")["runs"][0]["results"]
    keys = lambda results: sorted(r["partialFingerprints"]["debtscan/v1"] for r in results)  # noqa: E731
    assert keys(first) == keys(second)
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in second] != [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in first
    ]


def test_results_over_the_limit_keep_the_most_severe_and_say_so() -> None:
    findings = [
        {"path": f"f{i % 50}.py", "line": i + 1, "code": "DS601", "message": f"todo {i}",
         "category": "self-admitted-debt", "severity": "info", "minutes": 5}
        for i in range(MAX_RESULTS + 10)
    ] + [{"path": "x.py", "line": 1, "code": "DS101", "message": "imp", "category":
          "removed-stdlib", "severity": "high", "minutes": 30}]  # fmt: skip
    document = {"tool": {"version": "0"}, "scan": {"repository": "r", "commit": None},
                "findings": findings}  # fmt: skip
    log = sarif_document(document)
    results = log["runs"][0]["results"]
    assert len(results) == MAX_RESULTS
    assert results[0]["ruleId"] == "DS101"
    note = log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert note.startswith("11 less severe results were left out")


def test_driver_rules_come_from_the_rule_documentation(builder, tmp_path) -> None:
    log = sarif_of(legacy_repository(builder), tmp_path / "r")
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    imp = rules["DS102"]
    assert imp["name"] == "ImpModuleImport"
    assert imp["shortDescription"]["text"].startswith("Checks for")
    assert "## Use instead" in imp["help"]["markdown"]
    assert imp["helpUri"].startswith("https://")
    assert imp["defaultConfiguration"]["level"] in {"error", "warning"}
    security = [r for r in rules.values() if "security" in r["properties"]["tags"]]
    assert security and all("security-severity" in r["properties"] for r in security)


def test_architecture_results_have_their_rule_documentation(builder, tmp_path) -> None:
    log = sarif_of(architecture_repository(builder), tmp_path / "r")
    validate(log)
    run = log["runs"][0]
    codes = sorted({result["ruleId"] for result in run["results"]} & ARCHITECTURE)
    assert codes == ["DS901", "DS902", "DS903", "DS904"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    coupling = rules["DS904"]
    assert coupling["name"] == "HiddenCoupling"
    assert coupling["shortDescription"]["text"].startswith("Checks for files of two")
    assert coupling["helpUri"] == "https://github.com/adamtornhill/code-maat"
    # The example is the small repository of the rule documentation, files and history.
    markdown = coupling["help"]["markdown"]
    assert "## Example\n```python\n# shop/web/forms.py\n" in markdown
    assert "# then 5 commits, each changing shop/web/forms.py and shop/db/schema.py" in markdown
    assert coupling["defaultConfiguration"]["level"] == "warning"
    document = json.loads((tmp_path / "r" / "scan.json").read_text())
    documented = {rule["code"]: rule for rule in document["rules"]}
    assert ARCHITECTURE & set(documented) == set(codes)
    assert documented["DS902"]["docs"]["fix_safety"].startswith("No automatic fix")
