"""Analyse one file: a pure function of (path, source bytes, settings) to one outcome.

Every file ends analyzed, skipped (with a reason) or failed (with a reason); nothing here
raises, so a bad file never stops a scan. Because the input is only (path, bytes,
settings), outcomes can be cached by git blob id and computed in a process pool.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
import traceback
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import libcst as cst

from debtscan.analysis.comments import apply_suppressions, comment_findings, read_suppression
from debtscan.analysis.imports import ImportCollector
from debtscan.analysis.incremental import IncrementalParser
from debtscan.analysis.lines import LineTracker
from debtscan.analysis.matching import RuleMatcher
from debtscan.analysis.metrics import SizeCollector
from debtscan.analysis.python2 import Python2Reading, read_python2
from debtscan.analysis.smells import find_smells
from debtscan.analysis.source import (
    UndecodableSource,
    bracket_depth_exceeded,
    decode_source,
    looks_binary,
    looks_generated,
)
from debtscan.analysis.structure import StructureCollector
from debtscan.analysis.tables import RuleTables, compile_rules
from debtscan.analysis.visitors import visit_batched
from debtscan.catalogue import Rule, SourceCheck, report
from debtscan.records import (
    Analyzed,
    Dialect,
    Failed,
    FailReason,
    Finding,
    Outcome,
    Skipped,
    SkipReason,
)


@dataclass(frozen=True, kw_only=True)
class AnalysisSettings:
    """What the analysis of a file depends on besides its bytes (part of the cache key)."""

    max_file_bytes: int = 2_000_000
    target: tuple[int, int] = (3, 11)  # the target Python version (target-python)
    rules: tuple[Rule, ...] = ()  # the selected rules, severities set for the target
    thresholds: Mapping[str, int] = field(default_factory=dict)  # metric rule thresholds

    def digest(self) -> str:
        """A stable hash of everything above, the user's own rules included."""
        text = json.dumps(dataclasses.asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def blob_id(data: bytes) -> str:
    """The git blob id of ``data``: the same key whether or not the file is committed."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def analyze_file(
    path: str,
    data: bytes,
    *,
    settings: AnalysisSettings,
    parser: IncrementalParser | None = None,
) -> Outcome:
    """Analyse the file at repository-relative ``path`` holding ``data``. Never raises.

    ``parser``: the parser of the versions of this file (oldest first) that reuses the
    statements of the version it analysed before; without one, LibCST parses the file.
    """
    tables = compile_rules(settings.rules)
    try:
        return _analyze(path, data, settings, tables, parser)
    except RecursionError:
        detail = "nested too deeply to parse"
        return _failed(path, FailReason.SYNTAX_ERROR, detail, tables, line=1, lines=0)
    except Exception as error:  # a bug of ours must not cost the user the scan
        detail = "".join(traceback.format_exception_only(error)).strip()
        return Failed(path=path, reason=FailReason.INTERNAL_ERROR, detail=detail)


def _analyze(
    path: str,
    data: bytes,
    settings: AnalysisSettings,
    tables: RuleTables,
    parser: IncrementalParser | None,
) -> Outcome:
    if len(data) > settings.max_file_bytes:
        detail = f"{len(data):,} bytes, above max-file-bytes {settings.max_file_bytes:,}"
        return Skipped(path=path, reason=SkipReason.TOO_LARGE, detail=detail)
    if looks_binary(data):
        return Skipped(path=path, reason=SkipReason.BINARY, detail="contains NUL bytes")
    if looks_generated(data):
        return Skipped(path=path, reason=SkipReason.GENERATED, detail="generator marker in header")
    lines = data.count(b"\n") + (not data.endswith(b"\n") and bool(data))
    try:
        text = decode_source(data)
    except UndecodableSource as error:
        reason = FailReason.UNDECODABLE
        return _failed(path, reason, str(error), tables, line=error.line, lines=lines)
    if bracket_depth_exceeded(text):
        detail = "brackets nested more than 200 deep, which Python refuses"
        return _failed(path, FailReason.SYNTAX_ERROR, detail, tables, line=1, lines=lines)
    try:
        module = parser.parse(text) if parser is not None else cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        reading = read_python2(text)
        if reading is not None:
            return _python2(path, data, reading, settings, tables)
        line, detail = _syntax_error(text, error)
        return _failed(path, FailReason.SYNTAX_ERROR, detail, tables, line, lines)
    except cst.CSTValidationError as error:  # e.g. an identifier this Python's Unicode lacks
        return _failed(path, FailReason.SYNTAX_ERROR, str(error), tables, line=1, lines=lines)
    return _python3(path, data, text, module, settings, tables, parser)


def _python3(
    path: str,
    data: bytes,
    text: str,
    module: cst.Module,
    settings: AnalysisSettings,
    tables: RuleTables,
    parser: IncrementalParser | None,
) -> Analyzed:
    tracker = LineTracker.for_text(text)
    structure = StructureCollector(tracker)
    matcher = RuleMatcher(tracker, module, tables)
    imports = ImportCollector(tracker)
    size = SizeCollector()
    visitors: list[cst.BatchableCSTVisitor] = [tracker, structure, matcher, imports, size]
    recorder = parser.line_recorder(module, tracker) if parser is not None else None
    if recorder is not None:  # the lines of the statements the next version may reuse
        visitors.append(recorder)
    visit_batched(module, visitors)
    if matcher.bare_except_tuple and settings.target < (3, 14):
        # LibCST reads ``except E, e:`` as 3.14's ``except (E, e):``; below 3.14 it
        # is a syntax error, and the file is Python 2.
        reading = read_python2(text)
        if reading is not None:
            return _python2(path, data, reading, settings, tables)
    functions = tuple(sorted(structure.functions, key=lambda f: f.start_line))
    classes = tuple(sorted(structure.classes, key=lambda c: c.start_line))
    metrics = size.metrics(
        text,
        cyclomatic_total=1 + structure.module_decisions,
        cyclomatic_max=max((f.cyclomatic for f in functions), default=0),
    )
    smells = find_smells(
        tables.metrics,
        thresholds=settings.thresholds,
        file_lines=metrics.lines,
        functions=functions,
        classes=classes,
    )
    findings, suppressed = apply_suppressions([*matcher.findings, *smells], matcher.suppressions)
    return Analyzed(
        path=path,
        blob=blob_id(data),
        metrics=metrics,
        functions=functions,
        classes=classes,
        imports=tuple(imports.imports),
        findings=_in_order(findings),
        suppressed=suppressed,
    )


def _python2(
    path: str, data: bytes, reading: Python2Reading, settings: AnalysisSettings, tables: RuleTables
) -> Analyzed:
    """A file recognised as Python 2: its constructs, comments and size; no structure."""
    assert reading.metrics is not None
    findings = [
        report(tables.python2[construct], line)
        for construct, line in reading.constructs
        if construct in tables.python2
    ]
    suppressions = {}
    for line, text in reading.comments:
        suppression = read_suppression(text)
        if suppression is not None:
            suppressions[line] = suppression
        findings.extend(comment_findings(tables, line, text))
    findings.extend(
        find_smells(
            tables.metrics,
            thresholds=settings.thresholds,
            file_lines=reading.metrics.lines,
            functions=(),
            classes=(),
        )
    )
    kept, suppressed = apply_suppressions(findings, suppressions)
    return Analyzed(
        path=path,
        blob=blob_id(data),
        metrics=reading.metrics,
        functions=(),
        classes=(),
        imports=(),
        findings=_in_order(kept),
        suppressed=suppressed,
        dialect=Dialect.PYTHON2,
    )


def _failed(
    path: str, reason: FailReason, detail: str, tables: RuleTables, line: int, lines: int
) -> Failed:
    """A file nobody can run, with its source-error finding (DS001, DS002) if selected."""
    check = SourceCheck.UNDECODABLE if reason is FailReason.UNDECODABLE else SourceCheck.UNPARSEABLE
    rule = tables.source.get(check)
    findings = (report(rule, line),) if rule is not None else ()
    return Failed(path=path, reason=reason, detail=detail, lines=lines, findings=findings)


def _syntax_error(text: str, error: cst.ParserSyntaxError) -> tuple[int, str]:
    """(line, detail) of a syntax error, from CPython's compiler when it agrees that
    there is one: LibCST reports some errors at the next token, a line late."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except SyntaxError as cpython:
        if cpython.lineno:
            return cpython.lineno, f"line {cpython.lineno}, column {cpython.offset}: {cpython.msg}"
    except (ValueError, RecursionError, MemoryError):
        pass
    return error.raw_line, f"line {error.raw_line}, column {error.raw_column}: {error.message}"


def _in_order(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (f.line, f.code)))
