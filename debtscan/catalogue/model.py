"""The rule records: what a rule matches, how it reports, and its documentation.

Frozen and hashable, so that a tuple of rules can travel to the worker processes inside
the analysis settings and key a cache of compiled matcher tables there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from debtscan.config import THRESHOLD_DEFAULTS
from debtscan.records import Finding, Severity

Version = tuple[int, int]  # (3, 12) for "3.12"


class MatchKind(StrEnum):
    IMPORT = "import"
    NAME = "name"
    CALL = "call"
    METHOD = "method"
    SYNTAX = "syntax"
    COMMENT = "comment"
    METRIC = "metric"
    REPOSITORY = "repository"
    PYTHON2 = "python2"
    SOURCE = "source"
    GRAPH = "graph"  # made by the graph stage from the whole repository, not per file


class FixSafety(StrEnum):
    NONE = "none"  # no mechanical rewrite
    SAFE = "safe"  # a rewrite that keeps behaviour
    UNSAFE = "unsafe"  # a rewrite exists but can change behaviour


class SyntaxCheck(StrEnum):
    U_STRING_PREFIX = "u-string-prefix"
    OBJECT_BASE = "object-base"
    SUPER_WITH_ARGUMENTS = "super-with-arguments"
    PERCENT_FORMAT = "percent-format"
    STR_FORMAT_CALL = "str-format-call"
    OPEN_WITHOUT_ENCODING = "open-without-encoding"
    METACLASS_ATTRIBUTE = "metaclass-attribute"
    PYTHON2_VERSION_CHECK = "python2-version-check"
    IMPORT_FALLBACK = "import-fallback"
    BARE_EXCEPT = "bare-except"
    MUTABLE_DEFAULT_ARGUMENT = "mutable-default-argument"
    TYPE_COMPARISON = "type-comparison"
    ASSERT_ON_TUPLE = "assert-on-tuple"


class Python2Construct(StrEnum):
    PRINT_STATEMENT = "print-statement"
    EXEC_STATEMENT = "exec-statement"
    EXCEPT_COMMA = "except-comma"
    BACKTICK_REPR = "backtick-repr"
    NOT_EQUAL_DIAMOND = "not-equal-diamond"
    OLD_OCTAL_LITERAL = "old-octal-literal"
    LONG_INTEGER_LITERAL = "long-integer-literal"
    UR_STRING_PREFIX = "ur-string-prefix"
    RAISE_COMMA = "raise-comma"


class RepositoryCheck(StrEnum):
    SETUP_PY_WITHOUT_PYPROJECT = "setup-py-without-pyproject"
    UNPINNED_REQUIREMENTS = "unpinned-requirements"
    PYTHON2_REQUIREMENTS = "python2-requirements"
    PYTHON2_CLASSIFIERS = "python2-classifiers"


class SourceCheck(StrEnum):
    """What keeps a whole file from being read as Python."""

    UNPARSEABLE = "unparseable"  # neither Python 3 nor recognisably Python 2
    UNDECODABLE = "undecodable"  # not valid in the encoding it declares (or UTF-8)


class GraphFinding(StrEnum):
    """What the graph stage finds in the import graph and the change coupling."""

    IMPORT_CYCLE = "import-cycle"  # an import that a cycle's breaking set cuts
    LAYER_VIOLATION = "layer-violation"
    FORBIDDEN_IMPORT = "forbidden-import"
    HIDDEN_COUPLING = "hidden-coupling"  # across components
    HIDDEN_COUPLING_WITHIN_COMPONENT = "hidden-coupling-within-component"


# The placeholders the graph stage fills in the message of each graph finding.
GRAPH_PLACEHOLDERS: Mapping[GraphFinding, frozenset[str]] = {
    GraphFinding.IMPORT_CYCLE: frozenset({"module", "imported"}),
    GraphFinding.LAYER_VIOLATION: frozenset(
        {"module", "layer", "imported", "imported_layer", "direction", "contract"}
    ),
    GraphFinding.FORBIDDEN_IMPORT: frozenset({"module", "imported", "forbidden", "contract"}),
    GraphFinding.HIDDEN_COUPLING: frozenset(
        {"other", "shared", "degree", "component", "other_component"}
    ),
    GraphFinding.HIDDEN_COUPLING_WITHIN_COMPONENT: frozenset(
        {"other", "shared", "degree", "component"}
    ),
}


class Metric(StrEnum):
    FUNCTION_LINES = "function.lines"
    FUNCTION_CYCLOMATIC = "function.cyclomatic"
    FUNCTION_COGNITIVE = "function.cognitive"
    FUNCTION_ARGUMENTS = "function.arguments"
    FUNCTION_NESTING = "function.nesting"
    FUNCTION_BOOL_OPERATORS = "function.bool_operators"
    FUNCTION_NESTED_CHUNKS = "function.nested_chunks"
    FUNCTION_RETURNS = "function.returns"
    FILE_LINES = "file.lines"
    CLASS_METHODS = "class.methods"
    CLASS_LINES = "class.lines"


# The threshold setting of each metric, with its default (config.THRESHOLD_DEFAULTS).
_SETTINGS = {
    Metric.FUNCTION_LINES: "method-lines",
    Metric.FUNCTION_CYCLOMATIC: "method-complexity",
    Metric.FUNCTION_COGNITIVE: "cognitive-complexity",
    Metric.FUNCTION_ARGUMENTS: "argument-count",
    Metric.FUNCTION_NESTING: "nested-control-flow",
    Metric.FUNCTION_BOOL_OPERATORS: "complex-logic",
    Metric.FUNCTION_NESTED_CHUNKS: "bumpy-road",
    Metric.FUNCTION_RETURNS: "return-statements",
    Metric.FILE_LINES: "file-lines",
    Metric.CLASS_METHODS: "class-methods",
    Metric.CLASS_LINES: "class-lines",
}
METRIC_SETTINGS: Mapping[Metric, tuple[str, int]] = {
    metric: (setting, THRESHOLD_DEFAULTS[setting]) for metric, setting in _SETTINGS.items()
}


@dataclass(frozen=True, kw_only=True)
class ImportMatch:
    kind: ClassVar[MatchKind] = MatchKind.IMPORT
    modules: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class NameMatch:
    kind: ClassVar[MatchKind] = MatchKind.NAME
    names: tuple[str, ...]  # qualified names; "six.*" is the module and all below it


@dataclass(frozen=True, kw_only=True)
class CallMatch:
    kind: ClassVar[MatchKind] = MatchKind.CALL
    names: tuple[str, ...]
    keyword_true: str | None = None  # fires only when this keyword is the literal True
    missing_keyword: str | None = None  # fires only when this keyword is not given ...
    missing_position: int | None = None  # ... nor the positional argument at this index
    first_arg_not_literal: bool = False


@dataclass(frozen=True, kw_only=True)
class MethodMatch:
    kind: ClassVar[MatchKind] = MatchKind.METHOD
    methods: tuple[str, ...]
    receiver: str | None = None  # regex searched in the receiver's source text


@dataclass(frozen=True, kw_only=True)
class SyntaxMatch:
    kind: ClassVar[MatchKind] = MatchKind.SYNTAX
    check: SyntaxCheck


@dataclass(frozen=True, kw_only=True)
class CommentMatch:
    kind: ClassVar[MatchKind] = MatchKind.COMMENT
    regex: str  # searched in the comment's text, "#" included; group "text" for {text}
    first_lines: int | None = None


@dataclass(frozen=True, kw_only=True)
class MetricMatch:
    kind: ClassVar[MatchKind] = MatchKind.METRIC
    metric: Metric
    setting: str
    default: int


@dataclass(frozen=True, kw_only=True)
class RepositoryMatch:
    kind: ClassVar[MatchKind] = MatchKind.REPOSITORY
    check: RepositoryCheck


@dataclass(frozen=True, kw_only=True)
class Python2Match:
    kind: ClassVar[MatchKind] = MatchKind.PYTHON2
    construct: Python2Construct


@dataclass(frozen=True, kw_only=True)
class SourceMatch:
    kind: ClassVar[MatchKind] = MatchKind.SOURCE
    check: SourceCheck


@dataclass(frozen=True, kw_only=True)
class GraphMatch:
    kind: ClassVar[MatchKind] = MatchKind.GRAPH
    finding: GraphFinding


Matcher = (
    ImportMatch
    | NameMatch
    | CallMatch
    | MethodMatch
    | SyntaxMatch
    | CommentMatch
    | MetricMatch
    | RepositoryMatch
    | Python2Match
    | SourceMatch
    | GraphMatch
)


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One rule: what it matches and what a finding of it says and costs."""

    code: str
    name: str  # the pattern caught, kebab-case
    category: str
    severity: Severity
    minutes: int  # remediation effort of one finding
    message: str  # with {name}, {text}, {value}, {threshold}, {symbol} placeholders
    fix_title: str
    fix: FixSafety
    match: Matcher
    autofix: bool = False  # `debtscan fix` rewrites its findings (a shipped codemod)
    deprecated_in: Version | None = None
    removed_in: Version | None = None
    applies_from: Version | None = None
    origin: str = ""  # the file the rule was read from


@dataclass(frozen=True, kw_only=True)
class RuleDocs:
    """A rule's documentation in ruff's shape; example and use_instead are also tests."""

    what: str
    why: str
    example: str
    use_instead: str
    fix_safety: str
    references: tuple[str, ...]
    example_file: str | None = None  # repository rules: the file the example is
    use_instead_file: str | None = None
    example_settings: tuple[tuple[str, int], ...] = ()  # metric rules: thresholds
    example_encoding: str = "utf-8"  # source rules: the example's bytes on disk
    # Graph rules: the repository of the example and of the fix (path -> content; the
    # text of example and use_instead is made from them), and the commits both are
    # given after the first: (paths changed together, how many times).
    example_files: tuple[tuple[str, str], ...] = ()
    use_instead_files: tuple[tuple[str, str], ...] = ()
    example_commits: tuple[tuple[tuple[str, ...], int], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Catalogue:
    """Every rule known to a scan: the shipped ones and the repository's own."""

    rules: tuple[Rule, ...]
    docs: Mapping[str, RuleDocs]

    def rule(self, code: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.code == code.upper()), None)


def report(rule: Rule, line: int, **values: object) -> Finding:
    """A finding of ``rule`` at ``line``, its message's placeholders filled in."""
    message = rule.message
    for key, value in values.items():
        message = message.replace("{" + key + "}", str(value))
    return Finding(
        code=rule.code,
        line=line,
        message=message,
        category=rule.category,
        severity=rule.severity,
        minutes=rule.minutes,
    )


def format_version(version: Version | None) -> str:
    return "" if version is None else f"{version[0]}.{version[1]}"
