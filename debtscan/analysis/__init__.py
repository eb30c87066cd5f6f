"""Analyse one file: a pure function of (path, source bytes, settings) to one outcome.

Every file ends analyzed, skipped (with a reason) or failed (with a reason); nothing here
raises, so a bad file never stops a scan. Because the input is only (path, bytes,
settings), outcomes can be cached by git blob id and computed in a process pool.
"""

from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass

import libcst as cst

from debtscan.analysis.imports import ImportCollector
from debtscan.analysis.lines import LineTracker
from debtscan.analysis.metrics import measure_file
from debtscan.analysis.source import (
    UndecodableSource,
    bracket_depth_exceeded,
    decode_source,
    looks_binary,
    looks_generated,
)
from debtscan.analysis.structure import StructureCollector
from debtscan.records import Analyzed, Failed, FailReason, Outcome, Skipped, SkipReason


@dataclass(frozen=True, kw_only=True)
class AnalysisSettings:
    """What the analysis of a file depends on besides its bytes (part of the cache key)."""

    max_file_bytes: int = 2_000_000


def blob_id(data: bytes) -> str:
    """The git blob id of ``data``: the same key whether or not the file is committed."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def analyze_file(path: str, data: bytes, *, settings: AnalysisSettings) -> Outcome:
    """Analyse the file at repository-relative ``path`` holding ``data``. Never raises."""
    try:
        return _analyze(path, data, settings)
    except RecursionError:
        return Failed(
            path=path, reason=FailReason.SYNTAX_ERROR, detail="nested too deeply to parse"
        )
    except Exception as error:  # a bug of ours must not cost the user the scan
        detail = "".join(traceback.format_exception_only(error)).strip()
        return Failed(path=path, reason=FailReason.INTERNAL_ERROR, detail=detail)


def _analyze(path: str, data: bytes, settings: AnalysisSettings) -> Outcome:
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
        return Failed(path=path, reason=FailReason.UNDECODABLE, detail=str(error), lines=lines)
    if bracket_depth_exceeded(text):
        detail = "brackets nested more than 200 deep, which Python refuses"
        return Failed(path=path, reason=FailReason.SYNTAX_ERROR, detail=detail, lines=lines)
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        detail = f"line {error.raw_line}, column {error.raw_column}: {error.message}"
        return Failed(path=path, reason=FailReason.SYNTAX_ERROR, detail=detail, lines=lines)
    except cst.CSTValidationError as error:  # e.g. an identifier this Python's Unicode lacks
        return Failed(path=path, reason=FailReason.SYNTAX_ERROR, detail=str(error), lines=lines)
    tracker = LineTracker()
    structure = StructureCollector(tracker)
    imports = ImportCollector(tracker)
    cst.visit_batched(module, [tracker, structure, imports])
    metrics = measure_file(
        text,
        cyclomatic_total=1 + structure.module_decisions,
        cyclomatic_max=max((f.cyclomatic for f in structure.functions), default=0),
    )
    return Analyzed(
        path=path,
        blob=blob_id(data),
        metrics=metrics,
        functions=tuple(sorted(structure.functions, key=lambda f: f.start_line)),
        classes=tuple(sorted(structure.classes, key=lambda c: c.start_line)),
        imports=tuple(imports.imports),
    )
