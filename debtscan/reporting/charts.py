"""The report's plotly figures, as plain JSON-ready dicts.

Plotly reads a few HTML tags in labels and hover texts, so every string from the
repository is escaped here (``<``, ``>`` and ``&``, the entities plotly turns back into
text; it shows ``&quot;`` as typed, and quotes are harmless in its text nodes).
``customdata`` carries raw paths for the page script and is never displayed.
"""

from __future__ import annotations

import html
import json
import statistics
from typing import Any

import plotly.graph_objects as go

from debtscan.reporting import document as doc
from debtscan.reporting import treemap
from debtscan.reporting.modernization import SEVERITIES

# Yellow-orange-red: sequential, readable with every common colour-vision deficiency.
RISK_SCALE = [[0.0, "#fff7bc"], [0.35, "#fec44f"], [0.7, "#ec7014"], [1.0, "#8c2d04"]]
# Okabe-Ito colours (Wong, Nature Methods 2011), from critical to info.
SEVERITY_COLOURS = dict(zip(SEVERITIES, ("#D55E00", "#E69F00", "#F0E442", "#56B4E9", "#BBBBBB"),
                            strict=True))  # fmt: skip
FONT = {"family": "Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}


def plain(figure: go.Figure) -> dict[str, Any]:
    """The figure as plain data (plotly's encoder turns numpy arrays into lists)."""
    return json.loads(figure.to_json())


def _text(text: str) -> str:
    return html.escape(text, quote=False)


def _layout(figure: go.Figure, **settings: Any) -> go.Figure:
    figure.update_layout(font=FONT, paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="#fbfcfd",
                         **settings)  # fmt: skip
    return figure


def _score_label(document: dict[str, Any]) -> str:
    return "risk" if doc.is_scored(document) else "hotspot"


def treemap_figure(document: dict[str, Any]) -> go.Figure:
    """Folders and files: area = lines, colour = risk (hotspot score when not scored).

    A folder is coloured by the line-weighted mean of its files, so the hot parts show
    before zooming in. Click a folder to zoom, the path bar to zoom out. The tiles are
    those of treemap.tiles: large repositories merge their small files per folder.
    """
    score = _score_label(document)
    shown = treemap.tiles(document)
    hovers = []
    for tile in shown:
        text = f"<b>{_text(tile.path or tile.label)}</b><br>{score} {tile.score:.2f}"
        text += f" · {tile.lines:,} lines"
        if tile.explanation:
            text += f"<br>{_wrap(tile.explanation)}"
        elif not tile.path:
            text += f" in {tile.files:,} file{'s' if tile.files != 1 else ''}"
        hovers.append(text)
    figure = go.Figure(
        go.Treemap(
            ids=[t.id for t in shown], parents=[t.parent for t in shown],
            labels=[_text(t.label) for t in shown], values=[t.lines for t in shown],
            branchvalues="total", customdata=[t.path for t in shown],
            marker={"colors": [t.score for t in shown], "colorscale": RISK_SCALE,
                    "cmin": 0, "cmax": 1, "line": {"width": 1, "color": "#ffffff"},
                    "colorbar": {"title": {"text": score}, "thickness": 12}},
            hovertext=hovers, hoverinfo="text", maxdepth=3, textinfo="label",
            pathbar={"visible": True}, tiling={"pad": 2},
        )
    )  # fmt: skip
    return _layout(figure, margin={"t": 30, "l": 4, "r": 4, "b": 4}, height=560)


def _wrap(text: str, width: int = 70) -> str:
    """The text HTML-escaped for plotly, broken after commas so the hover box stays narrow."""
    lines, line = [], ""
    for piece in text.split(", "):
        if line and len(line) + len(piece) > width:
            lines.append(line + ",")
            line = piece
        else:
            line = f"{line}, {piece}" if line else piece
    return "<br>".join(_text(part) for part in [*lines, line])


def scatter_figure(document: dict[str, Any]) -> go.Figure:
    """Change frequency against complexity on log axes, split into four quadrants at the
    medians: the top right, complex code that keeps changing, is where debt costs."""
    changed = [f for f in document["files"] if f["revisions"] > 0 and f["cyclomatic_total"] > 0]
    score = _score_label(document)
    figure = go.Figure(
        go.Scatter(
            x=[f["revisions"] for f in changed],
            y=[f["cyclomatic_total"] for f in changed],
            mode="markers",
            marker={
                "size": [min(38, 6 + f["lines"] ** 0.5 / 3) for f in changed],
                "color": [doc.risk_score(f) for f in changed],
                "colorscale": RISK_SCALE, "cmin": 0, "cmax": 1, "opacity": 0.85,
                "line": {"width": 0.6, "color": "#3d4852"},
                "colorbar": {"title": {"text": score}, "thickness": 12},
            },
            hovertext=[
                f"<b>{_text(f['path'])}</b><br>{_wrap(f.get('explanation', ''))}"
                for f in changed
            ],
            hoverinfo="text", customdata=[f["path"] for f in changed], showlegend=False,
        )
    )  # fmt: skip
    if changed:
        _add_quadrants(figure, changed)
    return _layout(
        figure,
        xaxis={"type": "log", "title": {"text": "commits in the history window (log scale)"},
               "gridcolor": "#e4e8ee", "zeroline": False,
               **log_ticks(max((f["revisions"] for f in changed), default=1))},
        yaxis={"type": "log", "title": {"text": "cyclomatic complexity (log scale)"},
               "gridcolor": "#e4e8ee", "zeroline": False,
               **log_ticks(max((f["cyclomatic_total"] for f in changed), default=1))},
        margin={"t": 16, "l": 64, "r": 16, "b": 56}, height=480, hovermode="closest",
    )  # fmt: skip


def log_ticks(maximum: float) -> dict[str, Any]:
    """Ticks 1, 2, 5, 10, 20, 50, ... up to past ``maximum``, each written in full
    (plotly's own log ticks write 200 as "2", which reads as two)."""
    values, decade = [], 1
    while not values or values[-1] < maximum:
        values += [decade, 2 * decade, 5 * decade]
        decade *= 10
    return {"tickmode": "array", "tickvals": values, "ticktext": [f"{v:,}" for v in values]}


def _add_quadrants(figure: go.Figure, files: list[dict[str, Any]]) -> None:
    xs, ys = [f["revisions"] for f in files], [f["cyclomatic_total"] for f in files]
    x_mid, y_mid = statistics.median(xs), statistics.median(ys)
    x_span = (min(xs) * 0.8, max(xs) * 1.25)
    y_span = (min(ys) * 0.8, max(ys) * 1.25)
    for x, y in (([x_mid, x_mid], list(y_span)), (list(x_span), [y_mid, y_mid])):
        line = {"color": "#8896a5", "width": 1, "dash": "dot"}
        figure.add_trace(
            go.Scatter(x=x, y=y, mode="lines", hoverinfo="skip", showlegend=False, line=line)
        )
    corners = (
        (1, 1, "right", "top", "<b>Hotspots</b>: complex and changing"),
        (0, 1, "left", "top", "complex but stable"),
        (1, 0, "right", "bottom", "simple but changing"),
        (0, 0, "left", "bottom", "simple and stable"),
    )
    for x, y, xanchor, yanchor, text in corners:
        figure.add_annotation(x=x, y=y, xref="paper", yref="paper", xanchor=xanchor,
                              yanchor=yanchor, text=text, showarrow=False,
                              font={"color": "#52606d", "size": 12},
                              bgcolor="rgba(255,255,255,0.8)")  # fmt: skip


def categories_figure(table: dict[str, dict[str, int]]) -> go.Figure:
    """Findings per category, stacked by severity (from ``category_severities``)."""
    categories = list(table)[::-1]  # plotly draws the first bar at the bottom
    figure = go.Figure(
        [
            go.Bar(
                name=severity, orientation="h", y=[_text(c) for c in categories],
                x=[table[c][severity] for c in categories],
                marker={"color": SEVERITY_COLOURS[severity],
                        "line": {"width": 0.5, "color": "#3d4852"}},
                hovertemplate="%{y}: %{x:,} " + severity + "<extra></extra>",
            )
            for severity in SEVERITIES
        ]
    )  # fmt: skip
    return _layout(
        figure,
        barmode="stack",
        height=max(220, 60 + 34 * len(categories)),
        margin={"t": 10, "l": 150, "r": 16, "b": 40},
        xaxis={"title": {"text": "findings"}, "gridcolor": "#e4e8ee"},
        legend={"orientation": "h", "y": -0.25, "traceorder": "normal"},
    )
