"""The rule catalogue: rule records, loading and validating rule files, choosing rules.

Shipped rules live in ``rules/*.toml`` (see rules/README.md); a repository adds its own
with the ``rule-paths`` setting. Named ``catalogue`` because ``debtscan.rules`` is the
shipped data folder inside the wheel.
"""

from debtscan.catalogue.loading import load_catalogue, parse_version, read_rule_file
from debtscan.catalogue.model import (
    METRIC_SETTINGS,
    CallMatch,
    Catalogue,
    CommentMatch,
    FixSafety,
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
    format_version,
)
from debtscan.catalogue.selection import (
    applies,
    check_path_ignores,
    ignore_per_path,
    select_rules,
    selects,
)

__all__ = [
    "METRIC_SETTINGS",
    "CallMatch",
    "Catalogue",
    "CommentMatch",
    "FixSafety",
    "ImportMatch",
    "MatchKind",
    "Matcher",
    "MethodMatch",
    "Metric",
    "MetricMatch",
    "NameMatch",
    "Python2Construct",
    "Python2Match",
    "RepositoryCheck",
    "RepositoryMatch",
    "Rule",
    "RuleDocs",
    "SourceCheck",
    "SourceMatch",
    "SyntaxCheck",
    "SyntaxMatch",
    "Version",
    "applies",
    "check_path_ignores",
    "format_version",
    "ignore_per_path",
    "load_catalogue",
    "parse_version",
    "read_rule_file",
    "select_rules",
    "selects",
]
