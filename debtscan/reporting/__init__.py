"""Write a scan's results: scan.json (the canonical record), index.html, summary.md,
debtscan.sarif, and on request the import and component graphs as GraphML and DOT."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import Any

import networkx as nx

from debtscan.errors import DebtscanError
from debtscan.pipeline import ScanResult
from debtscan.reporting.graph_files import dot_text, export_graphs, write_graphml
from debtscan.reporting.html_report import render_html, write_plotly_js
from debtscan.reporting.json_report import scan_document, to_json
from debtscan.reporting.markdown_report import render_markdown
from debtscan.reporting.sarif_report import to_sarif_json

FORMATS = ("html", "json", "md", "sarif", "graphml", "dot")


def write_reports(
    result: ScanResult,
    out_dir: Path,
    formats: Iterable[str],
    *,
    plotly_js_dir: Path | None = None,
    job_summary: Path | None = None,
    document: dict[str, Any] | None = None,
) -> list[Path]:
    """Write each requested format into ``out_dir``; return the files written.

    With ``plotly_js_dir``, index.html loads plotly.js from that folder (written there
    once, referenced by a relative path) instead of carrying its own copy. With
    ``job_summary`` (a CI job summary, e.g. GitHub's GITHUB_STEP_SUMMARY), summary.md is
    also appended to that file: other steps of the job write to it too. ``document``: the
    scan document when the caller already made it (for the store).
    """
    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise DebtscanError(f"unknown format {', '.join(unknown)} (known: {', '.join(FORMATS)})")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DebtscanError(f"cannot create {out_dir}: {error.strerror}") from None
    document = document if document is not None else scan_document(result)
    written = []
    if "json" in formats:
        written.append(_write(out_dir / "scan.json", to_json(document)))
    if "html" in formats:
        source = _plotly_source(plotly_js_dir, out_dir) if plotly_js_dir else None
        page = render_html(document, detail_files=result.config.top, plotly_src=source)
        written.append(_write(out_dir / "index.html", page))
    if "md" in formats:
        markdown = render_markdown(document)
        written.append(_write(out_dir / "summary.md", markdown))
        if job_summary is not None:
            written.append(_append(job_summary, markdown))
    if "graphml" in formats or "dot" in formats:
        for stem, graph in export_graphs(result).items():
            if "graphml" in formats:
                written.append(_write_with(out_dir / f"{stem}.graphml", write_graphml, graph))
            if "dot" in formats:
                written.append(_write(out_dir / f"{stem}.dot", dot_text(graph)))
    if "sarif" in formats:
        written.append(_write(out_dir / "debtscan.sarif", to_sarif_json(document)))
    return written


def _plotly_source(directory: Path, out_dir: Path) -> str:
    """Write plotly.js into ``directory`` and return its URL relative to ``out_dir``."""
    try:
        script = write_plotly_js(directory)
    except OSError as error:
        raise DebtscanError(f"cannot write plotly.js into {directory}: {error.strerror}") from None
    relative = os.path.relpath(script.resolve(), out_dir.resolve())
    return urllib.parse.quote(PurePath(relative).as_posix())


def _write_with(path: Path, writer: Callable[[nx.DiGraph, Path], None], graph: nx.DiGraph) -> Path:
    try:
        writer(graph, path)
    except OSError as error:
        raise DebtscanError(f"cannot write {path}: {error.strerror}") from None
    return path


def _append(path: Path, text: str) -> Path:
    try:
        with path.open("a", encoding="utf-8") as summary:
            summary.write(text)
    except OSError as error:
        raise DebtscanError(f"cannot append the summary to {path}: {error.strerror}") from None
    return path


def _write(path: Path, text: str) -> Path:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise DebtscanError(f"cannot write {path}: {error.strerror}") from None
    return path
