"""``debtscan fix``: the codemods of the selected rules over a repository's working tree.

The files are those a scan would analyse (tracked files; excluded, vendored, generated,
binary and too large files left out), read from and written to the working tree, never to
git objects. Which rules:
those the configuration selects for its target Python (``select``, ``ignore``,
``per-path-ignores`` as in a scan) that the catalogue marks ``autofix`` (a safe fix with a
codemod), narrowed by ``select``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from debtscan.analysis.source import looks_binary, looks_generated
from debtscan.catalogue import (
    Catalogue,
    FixSafety,
    Rule,
    ignored_at,
    load_catalogue,
    select_rules,
    selects,
)
from debtscan.config import Config
from debtscan.discovery import discover_files
from debtscan.errors import ConfigError
from debtscan.fixing.registry import CODEMODS
from debtscan.fixing.runner import FileFix, FileSkipped, fix_source


@dataclass(frozen=True, kw_only=True)
class FixRun:
    fixes: tuple[FileFix, ...]
    skipped: tuple[FileSkipped, ...]
    rules: tuple[Rule, ...]  # the rules whose codemods ran

    def summary(self, *, written: bool) -> list[str]:
        """Lines for people: findings fixed per rule, and the files left alone and why."""
        fixed = self.fixed_by_rule()
        verb = "fixed" if written else "would fix"
        files = len(self.fixes)
        lines = [f"{verb} {sum(fixed.values())} findings in {files} file{'s' * (files != 1)}"]
        names = {rule.code: rule.name for rule in self.rules}
        lines += [f"  {code} {names.get(code, ''):<36} {n:>5}" for code, n in sorted(fixed.items())]
        lines += [f"skipped {skip.path}: {skip.reason}" for skip in self.skipped]
        return lines

    def fixed_by_rule(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for fix in self.fixes:
            total.update(fix.fixed)
        return total


def fix_repository(root: Path, *, config: Config, select: Sequence[str] = ()) -> FixRun:
    """Rewrite the fixable findings of the files under ``root`` (in memory: the caller
    writes ``FileFix.data`` or shows the diff)."""
    catalogue = load_catalogue(root, config.rule_paths)
    rules = fixable_rules(catalogue, config, select=select)
    discovery = discover_files(root, config=config)
    fixes, skipped = [], []
    for file in discovery.files:
        ignored = ignored_at(file.path, config.per_path_ignores)
        here = [r for r in rules if not any(selects(selector, r) for selector in ignored)]
        if not here:
            continue
        data = (root / file.path).read_bytes()
        why = _left_alone(data, config)
        if why:
            skipped.append(FileSkipped(path=file.path, reason=why))
            continue
        outcome = fix_source(file.path, data, here, CODEMODS)
        if isinstance(outcome, FileFix):
            fixes.append(outcome)
        elif isinstance(outcome, FileSkipped):
            skipped.append(outcome)
    return FixRun(fixes=tuple(fixes), skipped=tuple(skipped), rules=rules)


def _left_alone(data: bytes, config: Config) -> str:
    """Why the scan would not analyse this file either ("" when it would)."""
    if len(data) > config.max_file_bytes:
        return "larger than max-file-bytes"
    if looks_binary(data):
        return "binary"
    return "generated" if looks_generated(data) else ""


def fixable_rules(
    catalogue: Catalogue, config: Config, *, select: Sequence[str] = ()
) -> tuple[Rule, ...]:
    """The selected ``autofix`` rules, in the codemods' order. Raises ConfigError for a
    ``select`` entry that names no such rule."""
    with_codemod = [rule for rule in catalogue.rules if _fixable(rule)]
    for selector in select:
        if not any(selects(selector, rule) for rule in with_codemod):
            raise ConfigError(f"--select {selector!r} names no rule that debtscan fix rewrites")
    chosen = {
        rule.code: rule
        for rule in select_rules(
            catalogue, target=config.target, select=config.select, ignore=config.ignore
        )
        if _fixable(rule) and (not select or any(selects(selector, rule) for selector in select))
    }
    return tuple(chosen[code] for code in CODEMODS if code in chosen)


def _fixable(rule: Rule) -> bool:
    """Whether the catalogue marks the rule ``autofix`` (safe, checked when it loads)
    and debtscan has its codemod (a test keeps the two the same)."""
    return rule.autofix and rule.fix is FixSafety.SAFE and rule.code in CODEMODS
