"""Which rules a scan runs, at which severity, and which findings a path ignores.

The configuration selects rules by code ("DS101"), code prefix ("DS1"), category
("removed-stdlib") or "ALL"; ``ignore`` wins over ``select``. The target Python version
decides what a versioned rule means:

- ``applies_from`` or ``deprecated_in`` above the target: silent (nothing to do yet);
- ``deprecated_in`` <= target < ``removed_in``: reported at the rule's own severity;
- ``removed_in`` <= target: a blocker, reported as critical (the code fails to run).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from debtscan.catalogue.model import Catalogue, Rule, Version
from debtscan.config import path_matches
from debtscan.errors import ConfigError
from debtscan.records import Analyzed, Failed, FileFindings, Outcome, PlacedFinding, Severity

_Item = TypeVar("_Item", Outcome, FileFindings, PlacedFinding)


def select_rules(
    catalogue: Catalogue,
    *,
    target: Version,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> tuple[Rule, ...]:
    """The rules to run for ``target``, with blockers raised to critical."""
    for selector in (*select, *ignore):
        if not any(selects(selector, rule) for rule in catalogue.rules):
            raise ConfigError(f"{selector!r} in select/ignore matches no rule")
    chosen = []
    for rule in catalogue.rules:
        if select and not any(selects(s, rule) for s in select):
            continue
        if any(selects(s, rule) for s in ignore) or not applies(rule, target):
            continue
        if rule.removed_in is not None and rule.removed_in <= target:
            rule = dataclasses.replace(rule, severity=Severity.CRITICAL)
        chosen.append(rule)
    return tuple(chosen)


def applies(rule: Rule, target: Version) -> bool:
    """False while the target predates the rule (applies_from, deprecated_in)."""
    floor = max(v for v in (rule.applies_from, rule.deprecated_in, (0, 0)) if v is not None)
    return floor <= target


def selects(selector: str, rule: Rule) -> bool:
    """Whether a select/ignore entry names ``rule``: ALL, a category, a code or a prefix."""
    return _selects_code(selector, rule.code, rule.category)


def check_path_ignores(catalogue: Catalogue, patterns: Mapping[str, Sequence[str]]) -> None:
    """Raise ConfigError for a per-path-ignores entry that names no rule."""
    for pattern, selectors in patterns.items():
        for selector in selectors:
            if not any(selects(selector, rule) for rule in catalogue.rules):
                raise ConfigError(f"per-path-ignores {pattern!r}: {selector!r} matches no rule")


def ignore_per_path(
    outcomes: Iterable[_Item], patterns: Mapping[str, Sequence[str]]
) -> tuple[_Item, ...]:
    """Drop the findings that ``per-path-ignores`` turns off for each file's path.

    Done after the analysis, never inside it: the analysis cache is keyed by content,
    and the same content may sit at two paths with different ignores. A finding the
    graph stage placed (a ``PlacedFinding``) involves more files than the one it sits in:
    it goes when any of them ignores it (a hidden coupling with a test file, say).
    """
    if not patterns:
        return tuple(outcomes)
    kept = []
    for outcome in outcomes:
        if isinstance(outcome, PlacedFinding):
            finding = outcome.finding
            paths = (outcome.path, *outcome.related_paths)
            ignored = [s for path in paths for s in ignored_at(path, patterns)]
            if not any(_selects_code(s, finding.code, finding.category) for s in ignored):
                kept.append(outcome)
            continue
        ignored = ignored_at(outcome.path, patterns)
        if ignored and isinstance(outcome, Analyzed | Failed | FileFindings) and outcome.findings:
            findings = tuple(
                f
                for f in outcome.findings
                if not any(_selects_code(s, f.code, f.category) for s in ignored)
            )
            outcome = dataclasses.replace(outcome, findings=findings)
        kept.append(outcome)
    return tuple(kept)


def ignored_at(path: str, patterns: Mapping[str, Sequence[str]]) -> list[str]:
    """The selectors ``per-path-ignores`` turns off at ``path``."""
    return [s for pattern, sel in patterns.items() if path_matches(path, pattern) for s in sel]


def _selects_code(selector: str, code: str, category: str) -> bool:
    selector = selector.strip()
    if not selector:
        return False
    return selector.upper() == "ALL" or selector == category or code.startswith(selector.upper())
