"""The selected rules as lookup tables, built once per worker process.

The traversal visits a few hundred thousand nodes per large repository, so a node must
find its candidate rules with one dict lookup: imports by module, names by qualified
name (or by a prefix for ``six.*``), calls by the last part of the callee's name.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from debtscan.catalogue import (
    CallMatch,
    CommentMatch,
    ImportMatch,
    MethodMatch,
    MetricMatch,
    NameMatch,
    Python2Construct,
    Python2Match,
    Rule,
    SourceCheck,
    SourceMatch,
    SyntaxCheck,
    SyntaxMatch,
)

_V = TypeVar("_V")

# Syntax checks that start from a call of this name.
_CALL_CHECKS = {
    SyntaxCheck.STR_FORMAT_CALL: "format",
    SyntaxCheck.OPEN_WITHOUT_ENCODING: "open",
    SyntaxCheck.SUPER_WITH_ARGUMENTS: "super",
}
# Syntax checks that are names in disguise: a reference to one of these is the check.
VERSION_FLAGS = ("six.PY2", "six.PY3")


@dataclass(frozen=True, kw_only=True)
class CommentRule:
    rule: Rule
    pattern: re.Pattern[str]
    first_lines: int | None


@dataclass(frozen=True, kw_only=True)
class MethodRule:
    rule: Rule
    receiver: re.Pattern[str] | None


@dataclass(frozen=True, kw_only=True)
class RuleTables:
    imports: Mapping[str, tuple[Rule, ...]]  # module -> rules (submodules match too)
    names: Mapping[str, tuple[Rule, ...]]  # exact qualified name -> rules
    name_trees: Mapping[str, tuple[Rule, ...]]  # "six" for "six.*": the name and below
    name_roots: frozenset[str]  # first parts of all of the above, to skip the rest fast
    calls: Mapping[str, tuple[tuple[Rule, CallMatch], ...]]  # qualified name -> rules
    call_roots: frozenset[str]  # first parts of the call names
    # The last part of a callee's name -> what else to do with the call: "method"
    # (method rules), "format", "open", "super" (syntax checks).
    call_hooks: Mapping[str, frozenset[str]]
    methods: Mapping[str, tuple[MethodRule, ...]]
    syntax: Mapping[SyntaxCheck, Rule]
    comments: tuple[CommentRule, ...]
    metrics: tuple[tuple[Rule, MetricMatch], ...]
    python2: Mapping[Python2Construct, Rule]
    source: Mapping[SourceCheck, Rule]


@functools.lru_cache(maxsize=8)
def compile_rules(rules: tuple[Rule, ...]) -> RuleTables:
    """The lookup tables of ``rules`` (cached: rules are frozen and hashable)."""
    imports, names, trees = defaultdict(list), defaultdict(list), defaultdict(list)
    calls, methods = defaultdict(list), defaultdict(list)
    syntax, python2, source, comments, metrics = {}, {}, {}, [], []
    for rule in rules:
        match rule.match:
            case ImportMatch(modules=modules):
                for module in modules:
                    imports[module].append(rule)
            case NameMatch(names=qualified):
                for name in qualified:
                    (trees[name[:-2]] if name.endswith(".*") else names[name]).append(rule)
            case CallMatch(names=qualified) as call:
                for name in qualified:
                    calls[name].append((rule, call))
            case MethodMatch(methods=method_names, receiver=receiver):
                pattern = re.compile(receiver) if receiver else None
                for name in method_names:
                    methods[name].append(MethodRule(rule=rule, receiver=pattern))
            case SyntaxMatch(check=check):
                syntax.setdefault(check, rule)
                if check is SyntaxCheck.PYTHON2_VERSION_CHECK:
                    for flag in VERSION_FLAGS:
                        names[flag].append(rule)
            case CommentMatch(regex=regex, first_lines=first_lines):
                comments.append(
                    CommentRule(rule=rule, pattern=re.compile(regex), first_lines=first_lines)
                )
            case MetricMatch() as metric:
                metrics.append((rule, metric))
            case Python2Match(construct=construct):
                python2.setdefault(construct, rule)
            case SourceMatch(check=check):
                source.setdefault(check, rule)
    hooks: defaultdict[str, set[str]] = defaultdict(set)
    for name in methods:
        hooks[name].add("method")
    for check, tail in _CALL_CHECKS.items():
        if check in syntax:
            hooks[tail].add(tail)
    return RuleTables(
        imports=_frozen(imports),
        names=_frozen(names),
        name_trees=_frozen(trees),
        name_roots=frozenset(n.split(".")[0] for n in (*names, *trees)),
        calls=_frozen(calls),
        call_roots=frozenset(name.split(".")[0] for name in calls),
        call_hooks={tail: frozenset(what) for tail, what in hooks.items()},
        methods=_frozen(methods),
        syntax=syntax,
        comments=tuple(comments),
        metrics=tuple(metrics),
        python2=python2,
        source=source,
    )


def _frozen(table: Mapping[str, list[_V]]) -> dict[str, tuple[_V, ...]]:
    return {key: tuple(values) for key, values in table.items()}
