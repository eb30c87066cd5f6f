"""Every rule's documentation is a test: its Example fires, its Use-instead stays silent.

A graph rule's example is a small repository (files, a pyproject.toml with the import
contracts, commits for history): it is built with git and scanned like any other.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.analysis.packaging import check_repository
from debtscan.catalogue import MatchKind, Rule, RuleDocs, load_catalogue, select_rules
from debtscan.config import load_config
from debtscan.pipeline import scan
from debtscan.records import Analyzed, Dialect, Failed
from tests.gitbuilder import RepoBuilder

CATALOGUE = load_catalogue()
DEFAULT_TARGET = (3, 11)


def target_for(rule: Rule) -> tuple[int, int]:
    """The default target, or the first version the rule applies to if that is later."""
    return max(v for v in (DEFAULT_TARGET, rule.applies_from, rule.deprecated_in) if v)


def codes_found(rule: Rule, docs: RuleDocs, *, example: bool, tmp_path: Path) -> list[str]:
    """The codes every rule of the catalogue reports on the rule's example (or its
    use-instead), at the rule's target."""
    source = docs.example if example else docs.use_instead
    file_name = docs.example_file if example else docs.use_instead_file or docs.example_file
    target = target_for(rule)
    rules = select_rules(CATALOGUE, target=target)
    if rule.match.kind is MatchKind.REPOSITORY:
        return [f.code for ff in check_repository({str(file_name): source}, rules)
                for f in ff.findings]  # fmt: skip
    if rule.match.kind is MatchKind.GRAPH:
        return graph_codes_found(docs, example=example, path=tmp_path)
    settings = AnalysisSettings(target=target, rules=rules, thresholds=dict(docs.example_settings))
    encoding = docs.example_encoding if example else "utf-8"
    outcome = analyze_file("example.py", source.encode(encoding), settings=settings)
    assert isinstance(outcome, Analyzed | Failed), outcome
    if rule.match.kind is MatchKind.PYTHON2 and example:
        assert isinstance(outcome, Analyzed) and outcome.dialect is Dialect.PYTHON2, outcome
    return [finding.code for finding in outcome.findings]


def graph_codes_found(docs: RuleDocs, *, example: bool, path: Path) -> list[str]:
    """The codes a scan reports on the repository of a graph rule's example (or fix):
    its files in a first commit, then each of ``example_commits``, a day apart, adding a
    line to every file it changes."""
    builder = RepoBuilder(path)
    day = datetime(2024, 1, 1, 12)
    files = dict(docs.example_files if example else docs.use_instead_files)
    builder.commit("Example", files=files, date=day.isoformat())
    for paths, times in docs.example_commits:
        for _ in range(times):
            day += timedelta(days=1)
            changed = {p: (path / p).read_text() + f"# {day:%d %b}\n" for p in paths}
            builder.commit(f"Change on {day:%d %b}", files=changed, date=day.isoformat())
    result = scan(path, config=load_config(path, {"cache": False, "jobs": 1}))
    return list(result.findings["code"])


@pytest.mark.parametrize("rule", CATALOGUE.rules, ids=lambda rule: f"{rule.code}-{rule.name}")
def test_example_fires_and_use_instead_does_not(rule: Rule, tmp_path: Path) -> None:
    docs = CATALOGUE.docs[rule.code]
    assert rule.code in codes_found(rule, docs, example=True, tmp_path=tmp_path / "example")
    assert rule.code not in codes_found(rule, docs, example=False, tmp_path=tmp_path / "fix")


def test_catalogue_has_at_least_sixty_documented_rules() -> None:
    assert len(CATALOGUE.rules) >= 60
    assert {rule.code for rule in CATALOGUE.rules} == set(CATALOGUE.docs)
