"""``debtscan fix`` end to end: on built git repositories, and on every codemod's rule
documentation (its example is a file the codemod must fix)."""

from __future__ import annotations

import ast
import subprocess
from collections import Counter

import pytest
from click.testing import CliRunner

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.catalogue import FixSafety, load_catalogue, select_rules
from debtscan.cli import main
from debtscan.config import load_config
from debtscan.fixing import CODEMODS, FileFix, fix_source
from debtscan.pipeline import scan
from tests.gitbuilder import RepoBuilder, iso
from tests.test_rule_examples import target_for

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


def test_fix_rewrites_the_working_tree_and_the_next_scan_finds_none_of_it(builder) -> None:
    legacy_repository(builder)
    before = findings(builder)
    run = fix(builder)
    after = findings(builder)
    fixed = {code: before[code] - after[code] for code in before if before[code] > after[code]}
    # Every finding of a rule with a safe codemod went, and nothing else did.
    assert not {code for code in after if code in safe_codemod_codes()}
    assert set(fixed) == {code for code in before if code in safe_codemod_codes()}
    assert after["DS322"] == before["DS322"] == 1  # unsafe: only with --unsafe
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


def test_diff_writes_nothing_and_applies_with_git(builder, tmp_path) -> None:
    legacy_repository(builder)
    run = fix(builder, "--diff")
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
    fix(builder)
    assert (builder.path / "app/legacy.py").read_text() == patched


def test_select_and_unsafe_choose_the_rules(builder) -> None:
    legacy_repository(builder)
    before = findings(builder)
    fix(builder, "--select", "DS304,DS305")
    after = findings(builder)
    assert after["DS304"] == 0 and after["DS305"] == 0
    assert {c: n for c, n in after.items() if c not in ("DS304", "DS305")} == {
        c: n for c, n in before.items() if c not in ("DS304", "DS305")
    }
    fix(builder, "--select", "python2-remnant", "--unsafe")
    assert findings(builder)["DS322"] == 0
    assert "data.items()" in (builder.path / "app/legacy.py").read_text()


def test_per_path_ignores_and_config_selection_hold(builder) -> None:
    config = """\
[tool.debtscan]
ignore = ["DS303"]
[tool.debtscan.per-path-ignores]
"app/*" = ["DS3"]
"""
    legacy_repository(builder, config)
    fix(builder)
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
    if rule.code not in CODEMODS:
        assert "does not rewrite" in text
