"""Code-health findings from the metrics the traversal measured: no second pass."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from debtscan.catalogue import Metric, MetricMatch, Rule, report
from debtscan.records import ClassRecord, Finding, FunctionRecord

# FunctionRecord and ClassRecord fields by metric.
_FUNCTION_FIELDS = {
    Metric.FUNCTION_LINES: "lines",
    Metric.FUNCTION_CYCLOMATIC: "cyclomatic",
    Metric.FUNCTION_COGNITIVE: "cognitive",
    Metric.FUNCTION_ARGUMENTS: "arguments",
    Metric.FUNCTION_NESTING: "nesting",
    Metric.FUNCTION_BOOL_OPERATORS: "bool_operators",
    Metric.FUNCTION_NESTED_CHUNKS: "nested_chunks",
    Metric.FUNCTION_RETURNS: "returns",
}
_CLASS_FIELDS = {Metric.CLASS_LINES: "lines", Metric.CLASS_METHODS: "methods"}


def find_smells(
    metric_rules: Sequence[tuple[Rule, MetricMatch]],
    *,
    thresholds: Mapping[str, int],
    file_lines: int,
    functions: Sequence[FunctionRecord],
    classes: Sequence[ClassRecord],
) -> list[Finding]:
    """One finding per function, class or file whose metric is above its threshold."""
    findings = []
    for rule, match in metric_rules:
        threshold = thresholds.get(match.setting, match.default)
        for value, line, symbol in _measured(match.metric, file_lines, functions, classes):
            if value > threshold:
                findings.append(report(rule, line, value=value, threshold=threshold, symbol=symbol))
    return findings


def _measured(
    metric: Metric,
    file_lines: int,
    functions: Sequence[FunctionRecord],
    classes: Sequence[ClassRecord],
) -> Iterator[tuple[int, int, str]]:
    """(value, line, symbol) of each thing the metric measures."""
    if metric is Metric.FILE_LINES:
        yield file_lines, 1, "module"
    elif metric in _CLASS_FIELDS:
        field = _CLASS_FIELDS[metric]
        for record in classes:
            yield getattr(record, field), record.start_line, record.qualified_name
    else:
        field = _FUNCTION_FIELDS[metric]
        for record in functions:
            yield getattr(record, field), record.start_line, record.qualified_name
