"""Every rule's documentation is a test: its Example fires, its Use-instead stays silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.analysis.packaging import check_repository
from debtscan.catalogue import MatchKind, Rule, RuleDocs, load_catalogue, select_rules
from debtscan.records import Analyzed, Dialect, Failed

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
    settings = AnalysisSettings(target=target, rules=rules, thresholds=dict(docs.example_settings))
    encoding = docs.example_encoding if example else "utf-8"
    outcome = analyze_file("example.py", source.encode(encoding), settings=settings)
    assert isinstance(outcome, Analyzed | Failed), outcome
    if rule.match.kind is MatchKind.PYTHON2 and example:
        assert isinstance(outcome, Analyzed) and outcome.dialect is Dialect.PYTHON2, outcome
    return [finding.code for finding in outcome.findings]


@pytest.mark.parametrize("rule", CATALOGUE.rules, ids=lambda rule: f"{rule.code}-{rule.name}")
def test_example_fires_and_use_instead_does_not(rule: Rule, tmp_path: Path) -> None:
    docs = CATALOGUE.docs[rule.code]
    assert rule.code in codes_found(rule, docs, example=True, tmp_path=tmp_path / "example")
    assert rule.code not in codes_found(rule, docs, example=False, tmp_path=tmp_path / "fix")


def test_catalogue_has_at_least_sixty_documented_rules() -> None:
    assert len(CATALOGUE.rules) >= 60
    assert {rule.code for rule in CATALOGUE.rules} == set(CATALOGUE.docs)
