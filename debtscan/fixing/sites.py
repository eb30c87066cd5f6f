"""Where a rule fires in a module: the nodes a codemod may rewrite.

A codemod fixes exactly what the scan reports: the sites are found by the scan's own rule
matcher (analysis/matching.py) run over the tree the codemod transforms, so that a node
is known by its identity, names are resolved as the scan resolves them, and a line the
author silenced with ``# debtscan: ignore[...]`` is left alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from debtscan.analysis.comments import Suppressions
from debtscan.analysis.lines import LineTracker
from debtscan.analysis.matching import RuleMatcher
from debtscan.analysis.names import Resolver, Scope, target_names
from debtscan.analysis.references import REFERENCE
from debtscan.analysis.tables import compile_rules
from debtscan.analysis.visitors import visit_batched
from debtscan.catalogue import Rule


@dataclass(frozen=True, kw_only=True)
class Site:
    """One finding of a rule, at a node of the module."""

    code: str
    line: int
    name: str = ""  # the matched qualified name (import, name, call and method rules)
    reference: str = ""  # what the whole dotted reference at the node resolved to
    root: str = ""  # the first name of the reference as written (the bound name)
    scope: Scope | None = None  # where the reference is; None for syntax and comments


class Sites:
    """The unsilenced sites of a module by node, and what resolving names needs."""

    def __init__(
        self,
        sites: list[tuple[int, Site]] | None = None,
        resolver: Resolver | None = None,
        references: Counter[str] | None = None,
    ) -> None:
        self._sites = [site for _, site in sites or ()]
        self._by_node = {key: site for key, site in reversed(sites or ())}  # the first wins
        self._resolver = resolver
        self.references = references or Counter()  # bound name -> references in the module

    def __len__(self) -> int:
        return len(self._sites)

    def __iter__(self) -> Iterator[Site]:
        return iter(self._sites)

    def at(self, node: cst.CSTNode) -> Site | None:
        """The site at ``node`` of the tree the sites were found in, if any (the first
        rule's, when several rules report the same node)."""
        return self._by_node.get(id(node))

    def resolve(self, name: str, site: Site) -> tuple[str, ...]:
        """What the bare ``name`` stands for where ``site`` is (() when a local)."""
        if self._resolver is None or site.scope is None:
            return ()
        return self._resolver.resolve(name, site.scope)


def find_sites(module: cst.Module, rules: tuple[Rule, ...]) -> Sites:
    """The sites of ``rules`` in ``module``: one batched traversal with the scan's matcher.

    The line tracker reads backslash continuations too, rather than generating the code
    of the module to see whether it has any.
    """
    tracker = LineTracker.reading_continuations(True)
    finder = _SiteFinder(tracker, module, rules)
    visit_batched(module, [tracker, finder])
    return finder.sites()


class _SiteFinder(RuleMatcher):
    """The rule matcher, noting the node, scope and bound name of every finding."""

    def __init__(self, lines: LineTracker, module: cst.Module, rules: tuple[Rule, ...]) -> None:
        super().__init__(lines, module, compile_rules(rules))
        self._found: list[tuple[int, Site]] = []
        self._scopes: dict[int, Scope] = {}
        self._bound: dict[int, str] = {}  # node -> the name written first
        self._references: Counter[str] = Counter()
        self._reference = ""
        self._resolver: Resolver | None = None

    def sites(self) -> Sites:
        kept = [(key, site) for key, site in self._found if not _silenced(site, self.suppressions)]
        return Sites(kept, self._resolver, self._references)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                bound = target_names(alias.asname.name if alias.asname else alias.name)
                self._bound[id(alias)] = bound[0].value if bound else ""
                self._scopes[id(alias)] = self._scope
        super().visit_ImportFrom(node)

    def visit_Comment(self, node: cst.Comment) -> None:
        before = len(self.findings)
        super().visit_Comment(node)
        for finding in self.findings[before:]:
            self._found.append((id(node), Site(code=finding.code, line=finding.line)))

    def imported(self, node: cst.CSTNode, modules: list[str], line: int) -> None:
        self._reference = ""
        super().imported(node, modules, line)

    def import_reference(self, qualified: str, line: int, key: int) -> None:
        self._reference = qualified
        super().import_reference(qualified, line, key)

    def leave_Module(self, original_node: cst.Module) -> None:
        for root, _, scope, _, key, purpose, _ in self._pending:
            self._scopes.setdefault(key, scope)
            self._bound.setdefault(key, root)
            if purpose == REFERENCE:
                self._references[root] += 1
        self._resolver = Resolver(self._module_scope, known=self.is_rule_name)
        super().leave_Module(original_node)

    def resolved(
        self, qualified: str, rest: tuple[str, ...], line: int, key: int, purpose: int,
        payload: object,
    ) -> None:  # fmt: skip
        self._reference = ".".join((qualified, *rest))
        super().resolved(qualified, rest, line, key, purpose, payload)

    def _emit(self, rule: Rule, line: int, key: int, **values: object) -> None:
        if (key, rule.code) not in self._seen:
            site = Site(
                code=rule.code,
                line=line,
                name=str(values.get("name", "")),
                reference=self._reference,
                root=self._bound.get(key, ""),
                scope=self._scopes.get(key),
            )
            self._found.append((key, site))
        super()._emit(rule, line, key, **values)


def _silenced(site: Site, suppressions: Suppressions) -> bool:
    codes = suppressions.get(site.line)
    return codes is not None and any(site.code.startswith(code) for code in codes)
