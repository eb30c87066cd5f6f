"""Read rule files (TOML, format in rules/README.md) into validated rule records.

Rules are data: a user's rule file is parsed, never executed. Any problem is a
``RuleError`` naming the file and the rule, so that a scan never runs on half a rule set.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from debtscan.catalogue.model import (
    GRAPH_PLACEHOLDERS,
    METRIC_SETTINGS,
    CallMatch,
    Catalogue,
    CommentMatch,
    FixSafety,
    GraphFinding,
    GraphMatch,
    ImportMatch,
    Matcher,
    MatchKind,
    MethodMatch,
    Metric,
    MetricMatch,
    NameMatch,
    Python2Construct,
    Python2Match,
    RepositoryCheck,
    RepositoryMatch,
    Rule,
    RuleDocs,
    SourceCheck,
    SourceMatch,
    SyntaxCheck,
    SyntaxMatch,
    Version,
)
from debtscan.errors import RuleError
from debtscan.records import Severity
from debtscan.resources import shipped_dir

# The code ranges of the shipped categories (rules/README.md).
CATEGORY_CODES: Mapping[str, range] = {
    "source-error": range(0, 50),
    "python2-syntax": range(50, 100),
    "removed-stdlib": range(100, 200),
    "deprecated-api": range(200, 300),
    "python2-remnant": range(300, 400),
    "legacy-idiom": range(400, 500),
    "security-debt": range(500, 600),
    "self-admitted-debt": range(600, 700),
    "code-health": range(700, 800),
    "packaging": range(800, 900),
    "architecture": range(900, 1000),
}
_REQUIRED = {"code", "name", "category", "severity", "remediation_minutes", "message",
             "fix_title", "fix", "match", "docs"}  # fmt: skip
_OPTIONAL = {"deprecated_in", "removed_in", "applies_from", "autofix"}
_DOCS_REQUIRED = ("what", "why", "example", "use_instead", "fix_safety", "references")
_DOCS_OPTIONAL = {"example_file", "use_instead_file", "example_settings", "example_encoding"}
# Graph rules document a small repository instead: its files, and commits for history.
_GRAPH_DOCS = ({"what", "why", "fix_safety", "references", "example_files",
                "use_instead_files"}, {"example_commits"})  # fmt: skip
_MATCH_KEYS: Mapping[MatchKind, tuple[set[str], set[str]]] = {
    MatchKind.IMPORT: ({"modules"}, set()),
    MatchKind.NAME: ({"names"}, set()),
    MatchKind.CALL: ({"names"}, {"keyword_true", "missing_argument", "first_arg_not_literal"}),
    MatchKind.METHOD: ({"methods"}, {"receiver"}),
    MatchKind.SYNTAX: ({"check"}, set()),
    MatchKind.COMMENT: ({"regex"}, {"first_lines"}),
    MatchKind.METRIC: ({"metric", "setting", "default"}, set()),
    MatchKind.REPOSITORY: ({"check"}, set()),
    MatchKind.PYTHON2: ({"construct"}, set()),
    MatchKind.SOURCE: ({"check"}, set()),
    MatchKind.GRAPH: ({"finding"}, set()),
}
_PLACEHOLDERS: Mapping[MatchKind, set[str]] = {
    MatchKind.IMPORT: {"name"},
    MatchKind.NAME: {"name"},
    MatchKind.CALL: {"name"},
    MatchKind.METHOD: {"name"},
    MatchKind.COMMENT: {"text"},
    MatchKind.METRIC: {"value", "threshold", "symbol"},
}
_CODE = re.compile(r"^[A-Z]{2,8}\d{3,4}$")
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_VERSION = re.compile(r"^3\.\d{1,2}$")
_REPOSITORY_PATH = re.compile(r"^(?!.*(^|/)\.\.?(/|$))[\w.-]+(/[\w.-]+)*$")
_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(\.\*)?$")


_E = TypeVar("_E")


class _Problem(Exception):
    """One thing wrong with one rule; becomes a RuleError naming file and rule."""


def load_catalogue(root: Path | None = None, rule_paths: Iterable[str] = ()) -> Catalogue:
    """The shipped rules plus the rule files ``rule_paths`` (files or folders of
    ``*.toml``, relative to the repository ``root``). Raises ``RuleError``."""
    files = sorted(shipped_dir("rules").glob("*.toml"))
    shipped = len(files)
    for entry in rule_paths:
        path = (root or Path.cwd()) / entry
        if path.is_dir():
            files.extend(sorted(path.glob("*.toml")))
        elif path.is_file():
            files.append(path)
        else:
            raise RuleError(f"{entry}: rule-paths names no such file or folder")
    rules: list[Rule] = []
    docs: dict[str, RuleDocs] = {}
    names: dict[str, str] = {}
    for index, file in enumerate(files):
        for rule, rule_docs in read_rule_file(file):
            where = f"{file}: rule {rule.code} ({rule.name})"
            if rule.autofix and index >= shipped:
                raise RuleError(f"{where}: autofix is for debtscan's own rules, which have a "
                                "codemod; a rule of your own has none")  # fmt: skip
            if rule.code in docs:
                raise RuleError(f"{where}: duplicate code, also in {_origin(rules, rule.code)}")
            if rule.name in names:
                raise RuleError(f"{where}: duplicate name, also used by {names[rule.name]}")
            rules.append(rule)
            docs[rule.code] = rule_docs
            names[rule.name] = rule.code
    return Catalogue(rules=tuple(rules), docs=docs)


def read_rule_file(path: Path) -> list[tuple[Rule, RuleDocs]]:
    """The rules of one TOML file, each validated. Raises ``RuleError``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(f"{path}: cannot read the rule file: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise RuleError(f"{path}: not valid TOML: {error}") from None
    if set(data) - {"rule"} or not isinstance(data.get("rule", []), list):
        raise RuleError(f"{path}: a rule file holds only [[rule]] tables")
    parsed = []
    for index, table in enumerate(data.get("rule", []), start=1):
        label = f"rule {table.get('code', f'#{index}')}" if isinstance(table, dict) else "rule"
        try:
            parsed.append(_parse_rule(table, origin=path.name))
        except _Problem as problem:
            raise RuleError(f"{path}: {label}: {problem}") from None
    return parsed


def _origin(rules: list[Rule], code: str) -> str:
    return next(rule.origin for rule in rules if rule.code == code)


def _parse_rule(table: Any, *, origin: str) -> tuple[Rule, RuleDocs]:
    if not isinstance(table, dict):
        raise _Problem("is not a table")
    _check_keys(table, _REQUIRED, _OPTIONAL, "")
    code, name, category = (_text(table, key) for key in ("code", "name", "category"))
    if not _CODE.match(code):
        raise _Problem(f"code {code!r} is not like DS123 (capital letters, then 3-4 digits)")
    if not _KEBAB.match(name) or not _KEBAB.match(category):
        raise _Problem("name and category must be kebab-case")
    codes = CATEGORY_CODES.get(category)
    if code.startswith("DS") and codes is not None and int(code[2:]) not in codes:
        raise _Problem(f"code {code} is outside {category}'s range DS{codes.start:03d}-")
    match = _parse_match(table["match"])
    rule = Rule(
        code=code,
        name=name,
        category=category,
        severity=_member(Severity, table["severity"], "severity"),
        minutes=_minutes(table["remediation_minutes"]),
        message=_message(table, match),
        fix_title=_text(table, "fix_title"),
        fix=_member(FixSafety, table["fix"], "fix"),
        match=match,
        autofix=_flag(table, "autofix"),
        deprecated_in=_version(table, "deprecated_in"),
        removed_in=_version(table, "removed_in"),
        applies_from=_version(table, "applies_from"),
        origin=origin,
    )
    if rule.deprecated_in and rule.removed_in and rule.deprecated_in > rule.removed_in:
        raise _Problem("deprecated_in is later than removed_in")
    if rule.autofix and rule.fix is not FixSafety.SAFE:
        raise _Problem('autofix = true needs fix = "safe": debtscan fix applies safe fixes only')
    return rule, _parse_docs(table["docs"], match)


def _parse_match(table: Any) -> Matcher:
    if not isinstance(table, dict):
        raise _Problem("[rule.match] is not a table")
    kind = _member(MatchKind, table.get("kind"), "match kind")
    required, optional = _MATCH_KEYS[kind]
    _check_keys(table, required | {"kind"}, optional, "match.")
    match kind:
        case MatchKind.IMPORT:
            return ImportMatch(modules=_dotted_names(table["modules"], star=False))
        case MatchKind.NAME:
            return NameMatch(names=_dotted_names(table["names"], star=True))
        case MatchKind.CALL:
            return _parse_call(table)
        case MatchKind.METHOD:
            methods = _strings(table["methods"], "methods")
            if not all(method.isidentifier() for method in methods):
                raise _Problem("match.methods must be identifiers")
            receiver = table.get("receiver")
            return MethodMatch(methods=methods, receiver=_regex(receiver) if receiver else None)
        case MatchKind.SYNTAX:
            return SyntaxMatch(check=_member(SyntaxCheck, table["check"], "syntax check"))
        case MatchKind.COMMENT:
            first = table.get("first_lines")
            if first is not None and (not isinstance(first, int) or first < 1):
                raise _Problem("match.first_lines must be a positive integer")
            return CommentMatch(regex=_regex(table["regex"]), first_lines=first)
        case MatchKind.METRIC:
            return _parse_metric(table)
        case MatchKind.REPOSITORY:
            check = _member(RepositoryCheck, table["check"], "repository check")
            return RepositoryMatch(check=check)
        case MatchKind.PYTHON2:
            construct = _member(Python2Construct, table["construct"], "python2 construct")
            return Python2Match(construct=construct)
        case MatchKind.SOURCE:
            return SourceMatch(check=_member(SourceCheck, table["check"], "source check"))
        case MatchKind.GRAPH:
            return GraphMatch(finding=_member(GraphFinding, table["finding"], "graph finding"))


def _parse_call(table: dict[str, Any]) -> CallMatch:
    keyword_true = table.get("keyword_true")
    if keyword_true is not None and not str(keyword_true).isidentifier():
        raise _Problem("match.keyword_true must be a keyword name")
    missing = table.get("missing_argument", {})
    if not isinstance(missing, dict) or (missing and "keyword" not in missing):
        raise _Problem("match.missing_argument must be a table with keyword (and position)")
    _check_keys(missing, {"keyword"} if missing else set(), {"position"}, "missing_argument.")
    position = missing.get("position")
    if position is not None and (not isinstance(position, int) or position < 0):
        raise _Problem("match.missing_argument.position must be an index from 0")
    literal = table.get("first_arg_not_literal", False)
    if not isinstance(literal, bool):
        raise _Problem("match.first_arg_not_literal must be true or false")
    return CallMatch(
        names=_dotted_names(table["names"], star=False),
        keyword_true=keyword_true,
        missing_keyword=missing.get("keyword"),
        missing_position=position,
        first_arg_not_literal=literal,
    )


def _parse_metric(table: dict[str, Any]) -> MetricMatch:
    metric = _member(Metric, table["metric"], "metric")
    setting, default = METRIC_SETTINGS[metric]
    if (table["setting"], table["default"]) != (setting, default):
        raise _Problem(f"metric {metric} has setting {setting!r} and default {default}")
    return MetricMatch(metric=metric, setting=setting, default=default)


def _parse_docs(table: Any, match: Matcher) -> RuleDocs:
    if not isinstance(table, dict):
        raise _Problem("[rule.docs] is not a table")
    if isinstance(match, GraphMatch):
        return _parse_graph_docs(table)
    _check_keys(table, set(_DOCS_REQUIRED), _DOCS_OPTIONAL, "docs.")
    for key in _DOCS_REQUIRED[:-1]:
        if not _text(table, key).strip():
            raise _Problem(f"docs.{key} is empty")
    if ("example_file" in table) != (match.kind is MatchKind.REPOSITORY):
        raise _Problem("docs.example_file is required for repository rules, and only there")
    settings = table.get("example_settings", {})
    if settings and (
        not isinstance(match, MetricMatch) or set(settings) != {match.setting}
        or not isinstance(settings[match.setting], int)
    ):  # fmt: skip
        raise _Problem("docs.example_settings may only set a metric rule's own threshold")
    return RuleDocs(
        what=table["what"].strip(),
        why=table["why"].strip(),
        example=table["example"].lstrip("\n"),
        use_instead=table["use_instead"].lstrip("\n"),
        fix_safety=table["fix_safety"].strip(),
        references=_references(table),
        example_file=table.get("example_file"),
        use_instead_file=table.get("use_instead_file"),
        example_settings=tuple(settings.items()),
        example_encoding=table.get("example_encoding", "utf-8"),
    )


def _parse_graph_docs(table: dict[str, Any]) -> RuleDocs:
    """A graph rule's example is a small repository: files, and commits for history."""
    _check_keys(table, *_GRAPH_DOCS, "docs.")
    for key in ("what", "why", "fix_safety"):
        if not _text(table, key).strip():
            raise _Problem(f"docs.{key} is empty")
    example = _example_files(table["example_files"], "docs.example_files")
    fixed = _example_files(table["use_instead_files"], "docs.use_instead_files")
    commits = _example_commits(table.get("example_commits", []), dict(example), dict(fixed))
    return RuleDocs(
        what=table["what"].strip(),
        why=table["why"].strip(),
        example=render_repository(example, commits),
        use_instead=render_repository(fixed, commits),
        fix_safety=table["fix_safety"].strip(),
        references=_references(table),
        example_files=example,
        use_instead_files=fixed,
        example_commits=commits,
    )


def render_repository(
    files: tuple[tuple[str, str], ...], commits: tuple[tuple[tuple[str, ...], int], ...]
) -> str:
    """The text of a graph rule's example: each file under a comment naming it, then the
    commits that follow the first."""
    parts = [f"# {path}\n{content.rstrip()}\n" if content.strip() else f"# {path} (empty)\n"
             for path, content in files]  # fmt: skip
    for paths, times in commits:
        together = ", ".join(paths[:-1]) + f" and {paths[-1]}" if len(paths) > 1 else paths[0]
        parts.append(f"# then {times} commits, each changing {together}\n")
    return "\n".join(parts)


def _references(table: dict[str, Any]) -> tuple[str, ...]:
    references = _strings(table["references"], "docs.references")
    if not all(ref.startswith("https://") for ref in references):
        raise _Problem("docs.references must be https:// addresses")
    return references


def _example_files(value: Any, key: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not value:
        raise _Problem(f"{key} must be a table of repository paths and their contents")
    for path, content in value.items():
        if not _REPOSITORY_PATH.match(path) or not isinstance(content, str):
            raise _Problem(f"{key}: {path!r} must be a relative path (a/b.py) with text")
    return tuple((path, content.lstrip("\n")) for path, content in value.items())


def _example_commits(
    value: Any, example: dict[str, str], fixed: dict[str, str]
) -> tuple[tuple[tuple[str, ...], int], ...]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _Problem("docs.example_commits must be a list of { change = [...], times = N }")
    commits = []
    for item in value:
        _check_keys(item, {"change", "times"}, set(), "docs.example_commits.")
        paths = _strings(item["change"], "docs.example_commits.change")
        times = item["times"]
        if not isinstance(times, int) or isinstance(times, bool) or times < 1:
            raise _Problem("docs.example_commits.times must be a positive whole number")
        if any(path not in example or path not in fixed for path in paths):
            raise _Problem("docs.example_commits may change only files of both examples")
        commits.append((paths, times))
    return tuple(commits)


def _message(table: dict[str, Any], match: Matcher) -> str:
    message = _text(table, "message")
    used = set(re.findall(r"\{(\w*)\}", message))
    if isinstance(match, GraphMatch):
        allowed = set(GRAPH_PLACEHOLDERS[match.finding])
    else:
        allowed = _PLACEHOLDERS.get(match.kind, set())
    if used - allowed:
        names = ", ".join(sorted(f"{{{name}}}" for name in used - allowed))
        raise _Problem(f"message uses {names}, not available to {match.kind} rules")
    if "text" in used and "(?P<text>" not in getattr(match, "regex", ""):
        raise _Problem("message uses {text} but match.regex has no (?P<text>...) group")
    return message


def _check_keys(table: dict[str, Any], required: set[str], optional: set[str], at: str) -> None:
    missing = sorted(required - set(table))
    if missing:
        raise _Problem(f"missing {', '.join(at + key for key in missing)}")
    unknown = sorted(set(table) - required - optional)
    if unknown:
        raise _Problem(f"unknown key(s) {', '.join(at + key for key in unknown)}")


def _text(table: dict[str, Any], key: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value:
        raise _Problem(f"{key} must be a non-empty string")
    return value


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise _Problem(f"{key} must be a non-empty list of strings")
    if len(set(value)) != len(value):
        raise _Problem(f"{key} lists an entry twice")
    return tuple(value)


def _dotted_names(value: Any, *, star: bool) -> tuple[str, ...]:
    names = _strings(value, "match names")
    for name in names:
        if not _DOTTED.match(name) or (not star and name.endswith(".*")):
            raise _Problem(f"{name!r} is not a dotted name" + (" (no .* here)" if not star else ""))
    return names


def _member(enum: type[_E], value: Any, what: str) -> _E:
    try:
        return enum(value)  # type: ignore[call-arg]
    except ValueError:
        valid = ", ".join(str(member) for member in enum)  # type: ignore[attr-defined]
        raise _Problem(f"unknown {what} {value!r} (known: {valid})") from None


def _minutes(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _Problem("remediation_minutes must be a whole number of minutes")
    return value


def _flag(table: dict[str, Any], key: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise _Problem(f"{key} must be true or false")
    return value


def _version(table: dict[str, Any], key: str) -> Version | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not _VERSION.match(value):
        raise _Problem(f'{key} must be a version like "3.12"')
    return parse_version(value)


def parse_version(text: str) -> Version:
    major, minor = text.split(".")
    return int(major), int(minor)


def _regex(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise _Problem("regex must be a non-empty string")
    try:
        re.compile(value)
    except re.error as error:
        raise _Problem(f"bad regular expression {value!r}: {error}") from None
    return value
