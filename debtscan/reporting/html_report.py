"""index.html: one self-contained interactive page (plotly.js inlined once, no network).

Every string from the repository reaches the page either through Jinja's autoescape or
inside a JSON block written with ``tojson`` (which escapes ``<``, ``>``, ``&`` and
``'``, so a ``</script>`` in a file name cannot end the block); the page's script puts it
into the document with ``textContent``, never as HTML. Chart labels are escaped in
charts.py. With ``plotly_src`` the page loads plotly.js from that relative URL instead,
so that many reports side by side share one copy (see ``write_plotly_js``).
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import jinja2
import plotly
from plotly.offline import get_plotlyjs

from debtscan.reporting import (
    charts,
    file_detail,
    formatting,
    key_figures,
    modernization,
    overview,
    ownership,
    readiness,
)
from debtscan.reporting import document as doc
from debtscan.reporting.architecture_view import architecture_view
from debtscan.resources import shipped_dir

DETAIL_FILES = 100  # files with a detail view: the top of the risk and interest rankings
SCRIPTS = ("report.js", "targets.js", "detail.js", "architecture.js")
OUTCOME_ROWS = 500  # files not analysed listed on the page; scan.json has them all


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(shipped_dir("reports")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["hours"] = formatting.hours
    environment.filters["percent"] = formatting.percent
    environment.filters["plural"] = formatting.plural
    environment.filters["sentence"] = formatting.sentence
    return environment


def render_html(
    document: dict[str, Any], *, detail_files: int = DETAIL_FILES, plotly_src: str | None = None
) -> str:
    """The report page for a scan document (see json_report.scan_document)."""
    detailed = file_detail.detail_paths(document, detail_files)
    assets = shipped_dir("reports") / "assets"
    not_analysed = [o for o in document["outcomes"] if o["status"] != "analyzed"]
    figures = _figures(document)
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            doc=document,
            scored=doc.is_scored(document),
            history_gap=doc.history_gap(document),
            headline=overview.headline(document),
            figures=key_figures.key_figures(document),
            warnings=overview.warnings(document),
            risks=overview.top_risks(document),
            readiness=readiness.readiness(document),
            legacy=key_figures.legacy_by_category(document),
            modern=_modernization(document),
            knowledge=ownership.knowledge(document),
            central=_most_depended_on(document),
            not_analysed=not_analysed[:OUTCOME_ROWS],
            not_analysed_count=len(not_analysed),
            part_labels=doc.RISK_PART_LABELS,
            detail_files=detail_files,
            page_data=page_data(document, detailed),
            chart_data=figures,
            chart_heights={name: f["layout"]["height"] for name, f in figures.items()},
            detail_data=file_detail.file_details(document, detailed),
            rule_data=modernization.referenced_rule_docs(document),
            css=(assets / "report.css").read_text(encoding="utf-8"),
            architecture=architecture_view(document) if "component_graph" in document else None,
            scripts=[(assets / name).read_text(encoding="utf-8") for name in SCRIPTS],
            plotly_js=None if plotly_src else _inline_plotly(),
            plotly_src=plotly_src,
        )
    )


def write_plotly_js(directory: Path) -> Path:
    """Write plotly.js once into ``directory`` (named for its version) and return its path."""
    target = directory / f"plotly-{plotly.__version__}.min.js"
    if not target.is_file():
        directory.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        partial.write_text(get_plotlyjs(), encoding="utf-8")
        partial.replace(target)  # a concurrent reader never sees half a file
    return target


def _inline_plotly() -> str:
    script = get_plotlyjs()
    # The script goes into the page verbatim: it must not close its own <script> element.
    return script.replace("</script", "<\\/script")


def page_data(document: dict[str, Any], detailed: list[str]) -> dict[str, Any]:
    """What the page script needs at once: the table rows and the filter choices."""
    categories: dict[str, Counter[str]] = defaultdict(Counter)
    for finding in document["findings"]:
        categories[finding["path"]][finding["category"] or "uncategorised"] += 1
    with_detail = set(detailed)
    rows = [
        _row(file, order, categories[file["path"]], file["path"] in with_detail)
        for order, file in enumerate(doc.by_interest(document["files"]), 1)
    ]
    return {
        "scored": doc.is_scored(document),
        "history": doc.has_history(document),
        "rows": rows,
        "parts": list(doc.risk_parts(document["files"][0])) if document["files"] else [],
        "partLabels": doc.RISK_PART_LABELS,
        "components": sorted({r["component"] for r in rows}),
        "folders": _folders(document["files"]),
        "categories": sorted({c for counts in categories.values() for c in counts}),
        "detailFiles": len(detailed),
        "windowStart": (document["history"].get("window_start") or "")[:7],
        "window": document["scan"]["window"],
    }


def _row(
    file: dict[str, Any], order: int, categories: Counter[str], detail: bool
) -> dict[str, Any]:
    return {
        "order": order,
        "path": file["path"],
        "component": doc.component_of(file),
        "folder": doc.folder_of(file["path"]),
        "rank": file["rank"],
        "riskRank": file.get("risk_rank") or file["rank"],
        "score": round(doc.risk_score(file), 4),
        "hotspot": file["hotspot"],
        "health": doc.code_health(file),
        "smells": file.get("health_smells") or "",
        "rating": file.get("debt_rating") or "",
        "effort": doc.size_factor(file),
        "debt": file.get("debt_minutes"),
        "interest": file.get("interest"),
        "revisions": file["revisions"],
        "cyclomatic": file["cyclomatic_total"],
        "lines": file["lines"],
        "findings": sum(categories.values()),
        "categories": dict(categories),
        "authors": file["authors"],
        "owner": file.get("main_developer") or "",
        "explanation": file["explanation"],
        "parts": {k: round(v, 4) for k, v in doc.risk_parts(file).items()},
        "detail": detail,
    }


def _folders(files: list[dict[str, Any]], depth: int = 2) -> list[str]:
    """Folders up to ``depth`` levels, for the folder filter."""
    found = set()
    for file in files:
        parts = file["path"].split("/")[:-1]
        for level in range(1, min(depth, len(parts)) + 1):
            found.add("/".join(parts[:level]))
    return sorted(found)


def _figures(document: dict[str, Any]) -> dict[str, Any]:
    figures = {"treemap": charts.treemap_figure(document)}
    if doc.has_history(document):
        figures["scatter"] = charts.scatter_figure(document)
    table = modernization.category_severities(document)
    if table:
        figures["categories"] = charts.categories_figure(table)
    return {name: charts.plain(figure) for name, figure in figures.items()}


def _modernization(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "rules": modernization.rule_uses(document),
        "removals": modernization.removals_by_version(document),
        "python2": modernization.python2_files(document),
        "fixes": modernization.fixability(document),
        "checked": "rules" in document,  # the rules ran (scan.json 1.1 on)
    }


def _most_depended_on(document: dict[str, Any], count: int = 15) -> list[dict[str, Any]]:
    """Modules with the most importers, for the architecture section without graph scores."""
    files = [f for f in document["files"] if f["fan_in"]]
    return sorted(files, key=lambda f: (-f["fan_in"], f["path"]))[:count]
