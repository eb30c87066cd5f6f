"""``debtscan fix`` end to end: on built git repositories, and on every codemod's rule
documentation (its example is a file the codemod must fix)."""

from __future__ import annotations

import ast
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.catalogue import FixSafety, load_catalogue, select_rules
from debtscan.cli import main
from debtscan.config import load_config
from debtscan.errors import RuleError
from debtscan.fixing import CODEMODS, FileFix, fix_source, fixable_rules
from debtscan.pipeline import scan
from debtscan.rulesdoc import describe_rule, rule_table
from tests.gitbuilder import RepoBuilder, iso
from tests.test_rule_examples import target_for
from tests.test_rules_in_scan import USER_RULES

CATALOGUE = load_catalogue()

LEGACY = '''\
# -*- coding: utf-8 -*-
"""A module from the Python 2 days."""
from __future__ import absolute_import, print_function

import logging
import socket
from collections import Mapping, OrderedDict
from typing import Dict, List, Text

log = logging.getLogger(__name__)


class Thing(object):  # the comment stays
    def __init__(self, name):
        super(Thing, self).__init__()
        self.name = u"thing: " + name
        self.kept = u"as the author wants"  # debtscan: ignore[DS304]

    def describe(self, data):
        for key, value in data.iteritems():
            log.warn("item %s", key)


def fetch(host):
    try:
        return socket.create_connection((host, 80))
    except (IOError, socket.error):
        logging.warn("no %s", host)
        return None


def table(rows: List[Dict[Text, int]]) -> Mapping:
    return OrderedDict((i, r) for i, r in zip(xrange(len(rows)), rows))
'''
PYTHON2 = "print 'hello'\n"


def legacy_repository(builder: RepoBuilder, config: str = "") -> RepoBuilder:
    files = {"app/legacy.py": LEGACY, "app/old.py": PYTHON2, "pyproject.toml": config or "\n"}
    builder.commit("Legacy code", files=files, date=iso(2024, 1, 2))
    return builder


def findings(builder: RepoBuilder, path: str = "app/legacy.py") -> Counter[str]:
    result = scan(builder.path, config=load_config(builder.path, {"cache": False, "jobs": 1}))
    return Counter(result.findings[result.findings["path"] == path]["code"])


def fix(builder: RepoBuilder, *options: str):
    run = CliRunner().invoke(main, ["fix", str(builder.path), *options])
    assert run.exit_code == 0, run.output
    return run


def safe_codemod_codes() -> set[str]:
    return {code for code in CODEMODS if CATALOGUE.rule(code).fix is FixSafety.SAFE}


# --- what the documentation says is what debtscan fix does --------------------------------


def test_the_autofix_flags_of_the_catalogue_are_the_codemods(tmp_path) -> None:
    marked = {rule.code for rule in CATALOGUE.rules if rule.autofix}
    assert marked == set(CODEMODS)
    assert safe_codemod_codes() == set(CODEMODS)  # only safe fixes are applied
    config = load_config(tmp_path)
    assert {rule.code for rule in fixable_rules(CATALOGUE, config)} == set(CODEMODS)


def test_the_rules_table_and_the_rules_readme_mark_the_same_rules() -> None:
    table = rule_table(CATALOGUE)
    columns = {column.header: list(column.cells) for column in table.columns}
    shown = {code for code, mark in zip(columns["code"], columns["autofix"], strict=True) if mark}
    assert shown == set(CODEMODS)
    readme = (Path(__file__).parents[1] / "rules" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Automatic fixes (`autofix`)")[1].split("\n## ")[0]
    listed = set(re.findall(r"^\| `(DS\d+)` \|", section, flags=re.M))
    assert listed == set(CODEMODS)


def test_describe_rule_says_whether_debtscan_fix_rewrites_it() -> None:
    assert "autofix: yes" in describe_rule(CATALOGUE.rule("DS304"), CATALOGUE.docs["DS304"])
    assert "autofix: no" in describe_rule(CATALOGUE.rule("DS322"), CATALOGUE.docs["DS322"])


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ('fix = "none"\nautofix = true', 'autofix = true needs fix = "safe"'),
        ('fix = "safe"\nautofix = true', "autofix is for debtscan's own rules"),
        ('fix = "safe"\nautofix = "yes"', "autofix must be true or false"),
    ],
)
def test_a_rule_of_ones_own_cannot_claim_a_codemod(tmp_path, change: str, problem: str) -> None:
    (tmp_path / "rules.toml").write_text(USER_RULES.replace('fix = "none"', change))
    with pytest.raises(RuleError, match=re.escape(problem)):
        load_catalogue(tmp_path, ["rules.toml"])


# --- the command on repositories -----------------------------------------------------------


def test_fix_rewrites_the_working_tree_and_the_next_scan_finds_none_of_it(builder) -> None:
    legacy_repository(builder)
    before = findings(builder)
    run = fix(builder, "--apply")
    after = findings(builder)
    fixed = {code: before[code] - after[code] for code in before if before[code] > after[code]}
    # Every finding of a rule with a safe codemod went, and nothing else did.
    assert not {code for code in after if code in safe_codemod_codes()}
    assert set(fixed) == {code for code in before if code in safe_codemod_codes()}
    assert after["DS322"] == before["DS322"] == 1  # unsafe: never rewritten
    # The summary counts exactly what the scan no longer finds.
    assert f"fixed {sum(fixed.values())} findings in 1 file" in run.output
    for code, count in fixed.items():
        assert any(line.split()[0] == code and line.split()[-1] == str(count)
                   for line in run.output.splitlines()[1:])  # fmt: skip
    assert "skipped app/old.py: not Python 3 that LibCST parses" in run.output
    text = (builder.path / "app/legacy.py").read_text()
    ast.parse(text)
    assert "class Thing:  # the comment stays" in text
    assert 'u"as the author wants"  # debtscan: ignore[DS304]' in text  # silenced: left
    assert (builder.path / "app/old.py").read_text() == PYTHON2
    # The working tree changed, never the commit.
    assert builder.repo.git.show("HEAD:app/legacy.py") + "\n" == LEGACY


def test_a_dry_run_writes_nothing_and_its_diff_applies_with_git(builder, tmp_path) -> None:
    legacy_repository(builder)
    run = fix(builder)
    assert (builder.path / "app/legacy.py").read_text() == LEGACY
    assert builder.repo.git.status("--porcelain") == ""
    assert run.stdout.startswith("--- a/app/legacy.py\n+++ b/app/legacy.py\n")
    assert "would fix" in run.stderr and "would fix" not in run.stdout
    # The diff is what a write produces.
    patch = tmp_path / "fix.patch"
    patch.write_text(run.stdout)
    subprocess.run(["git", "apply", str(patch)], cwd=builder.path, check=True)
    patched = (builder.path / "app/legacy.py").read_text()
    builder.repo.git.checkout("--", "app/legacy.py")
    fix(builder, "--apply")
    assert (builder.path / "app/legacy.py").read_text() == patched


def test_select_chooses_the_rules(builder) -> None:
    legacy_repository(builder)
    before = findings(builder)
    fix(builder, "--select", "DS304,DS305", "--apply")
    after = findings(builder)
    assert after["DS304"] == 0 and after["DS305"] == 0
    assert {c: n for c, n in after.items() if c not in ("DS304", "DS305")} == {
        c: n for c, n in before.items() if c not in ("DS304", "DS305")
    }
    fix(builder, "--select", "python2-remnant", "--apply")
    after = findings(builder)
    assert after["DS306"] == 0 and after["DS322"] == 1  # the category, its safe rules only
    assert after["DS414"] == before["DS414"]  # legacy-idiom: not selected


def test_per_path_ignores_and_config_selection_hold(builder) -> None:
    config = """\
[tool.debtscan]
ignore = ["DS303"]
[tool.debtscan.per-path-ignores]
"app/*" = ["DS3"]
"""
    legacy_repository(builder, config)
    fix(builder, "--apply")
    text = (builder.path / "app/legacy.py").read_text()
    assert "from __future__ import absolute_import" in text  # DS303 ignored
    assert "class Thing(object)" in text  # DS305: per-path ignored
    assert "except OSError:" in text  # DS414 is not in DS3


def test_a_select_that_names_no_fixable_rule_is_a_usage_error(builder) -> None:
    legacy_repository(builder)
    run = CliRunner().invoke(main, ["fix", str(builder.path), "--select", "DS101"])
    assert run.exit_code == 2
    assert "'DS101' names no rule that debtscan fix rewrites" in run.output


# --- every codemod and its rule's documentation ------------------------------------------


@pytest.mark.parametrize("code", list(CODEMODS))
def test_the_codemod_fixes_its_rules_example(code: str) -> None:
    rule, docs = CATALOGUE.rule(code), CATALOGUE.docs[code]
    assert rule.fix in (FixSafety.SAFE, FixSafety.UNSAFE)
    assert CODEMODS[code].DESCRIPTION
    outcome = fix_source("example.py", docs.example.encode(), [rule], CODEMODS)
    assert isinstance(outcome, FileFix) and outcome.fixed[code] >= 1
    ast.parse(outcome.after)
    settings = AnalysisSettings(target=target_for(rule), rules=select_rules(
        CATALOGUE, target=target_for(rule)))  # fmt: skip
    analysed = analyze_file("example.py", outcome.after.encode(), settings=settings)
    assert code not in [finding.code for finding in analysed.findings]
    # The fix of the documentation is already clean: nothing to do.
    assert fix_source("fixed.py", docs.use_instead.encode(), [rule], CODEMODS) is None


@pytest.mark.parametrize(
    "rule", [r for r in CATALOGUE.rules if r.fix is not FixSafety.NONE], ids=lambda r: r.code
)
def test_fix_safety_says_what_debtscan_fix_does(rule) -> None:
    """Each rule with a fix says whether ``debtscan fix`` applies it (and how)."""
    text = CATALOGUE.docs[rule.code].fix_safety
    assert "`debtscan fix`" in text
    assert ("does not rewrite" in text) is (rule.code not in CODEMODS)
