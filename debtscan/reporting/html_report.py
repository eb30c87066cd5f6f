"""index.html: one self-contained interactive page (plotly.js inlined, no network).

Every string from the repository reaches the page either through Jinja's autoescape or
inside one JSON block written with ``tojson`` (which escapes ``<``, ``>``, ``&`` and
``'``, so a ``</script>`` in a file name cannot end the block); the page's script puts it
into the document with ``textContent``, never as HTML. Plotly reads a few HTML tags in
labels, so chart labels are HTML-escaped before plotly sees them.
"""

from __future__ import annotations

import functools
import html
import json
from collections import defaultdict
from pathlib import PurePosixPath
from typing import Any

import jinja2
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from debtscan.reporting.architecture_view import architecture_view
from debtscan.resources import shipped_dir

# Okabe-Ito inspired sequential scale: readable with every common colour-vision deficiency.
HOTSPOT_SCALE = [[0.0, "#f0f4f8"], [0.4, "#f6c85f"], [0.75, "#e07b39"], [1.0, "#b2182b"]]


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(shipped_dir("reports")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def render_html(document: dict[str, Any]) -> str:
    """The report page for a scan document (see json_report.scan_document)."""
    assets = shipped_dir("reports") / "assets"
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            doc=document,
            top_files=document["files"][:10],
            page_data={"files": document["files"], "outcomes": document["outcomes"]},
            figures={
                "treemap": _plain(treemap_figure(document["files"])),
                "scatter": _plain(scatter_figure(document["files"])),
            },
            css=(assets / "report.css").read_text(encoding="utf-8"),
            script=(assets / "report.js").read_text(encoding="utf-8"),
            architecture=architecture_view(document),
            asset=_asset,
            plotly_js=get_plotlyjs(),
        )
    )


def _asset(name: str) -> str:
    """The text of ``reports/assets/<name>``, for a section that brings its own script."""
    return (shipped_dir("reports") / "assets" / name).read_text(encoding="utf-8")


def _plain(figure: go.Figure) -> dict[str, Any]:
    return json.loads(figure.to_json())  # plotly's encoder turns numpy arrays into lists


def treemap_figure(files: list[dict[str, Any]]) -> go.Figure:
    """Folders and files: area = lines, colour = hotspot score. Click a folder to zoom."""
    ids, labels, parents, values, colors, hovers = [], [], [], [], [], []
    folder_lines: dict[str, int] = defaultdict(int)
    for file in files:
        for folder in PurePosixPath(file["path"]).parents:
            if str(folder) != ".":
                folder_lines[str(folder)] += file["lines"]
    for folder, lines in sorted(folder_lines.items()):
        parent = str(PurePosixPath(folder).parent)
        ids.append(folder)
        labels.append(html.escape(PurePosixPath(folder).name))
        parents.append("" if parent == "." else parent)
        values.append(lines)
        colors.append(0.0)
        hovers.append(html.escape(folder + "/"))
    for file in files:
        parent = str(PurePosixPath(file["path"]).parent)
        ids.append(file["path"])
        labels.append(html.escape(PurePosixPath(file["path"]).name))
        parents.append("" if parent == "." else parent)
        values.append(max(file["lines"], 1))
        colors.append(file["hotspot"])
        hovers.append(f"{html.escape(file['path'])}<br>{html.escape(file['explanation'])}")
    figure = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="remainder",
            marker={"colors": colors, "colorscale": HOTSPOT_SCALE, "cmin": 0, "cmax": 1,
                    "colorbar": {"title": {"text": "hotspot"}}},
            hovertext=hovers,
            hoverinfo="text",
            maxdepth=3,
        )
    )  # fmt: skip
    figure.update_layout(margin={"t": 10, "l": 10, "r": 10, "b": 10}, height=520)
    return figure


def scatter_figure(files: list[dict[str, Any]]) -> go.Figure:
    """Change frequency against complexity, log axes: the top right is where debt costs."""
    changed = [f for f in files if f["revisions"] > 0 and f["cyclomatic_total"] > 0]
    figure = go.Figure(
        go.Scatter(
            x=[f["revisions"] for f in changed],
            y=[f["cyclomatic_total"] for f in changed],
            mode="markers",
            marker={
                "size": [min(40, 6 + f["lines"] ** 0.5 / 3) for f in changed],
                "color": [f["hotspot"] for f in changed],
                "colorscale": HOTSPOT_SCALE, "cmin": 0, "cmax": 1,
                "line": {"width": 0.5, "color": "#333"},
            },
            hovertext=[html.escape(f"{f['path']}: {f['explanation']}") for f in changed],
            hoverinfo="text",
        )
    )  # fmt: skip
    figure.update_layout(
        xaxis={"type": "log", "title": {"text": "revisions in the window (log)"}},
        yaxis={"type": "log", "title": {"text": "cyclomatic complexity (log)"}},
        margin={"t": 10, "l": 60, "r": 10, "b": 50},
        height=460,
    )
    return figure
