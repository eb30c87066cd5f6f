"""Trend charts of the review (plotly): every stored quarter, the reviewed one marked.

Plotly reads a few HTML tags in labels, so every label is HTML-escaped before plotly
sees it.
"""

from __future__ import annotations

import html
import json
import math
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from debtscan.review.model import Trend

COLUMNS = 3
# Units of counts: whole steps from zero, named by the label. Other units are scales,
# named in the title.
_COUNTS = {"files", "lines", "LOC", "findings", "cycles", "pairs", "people"}
_GRADES = "ABCDE"  # the debt rating's numbers 1-5 (scoring.kpis.RATING_NUMBERS)
_INK, _MARK, _MUTED = "#1f2933", "#b2182b", "#9aa5b1"
# Okabe-Ito: told apart with every common colour-vision deficiency, and in grey print.
_PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
]


def trend_figures(trend: Trend, quarter: str) -> dict[str, dict[str, Any]]:
    """The charts, as plain plotly JSON by element id: KPI small multiples, and the
    findings by category when any quarter has findings."""
    figures = {"kpi-trends": _plain(kpi_figure(trend, quarter))}
    findings = findings_figure(trend)
    if findings is not None:
        figures["finding-trends"] = _plain(findings)
    return figures


def kpi_figure(trend: Trend, quarter: str) -> go.Figure:
    """One small chart per KPI (findings per category excepted)."""
    names = [n for n in trend.series if not n.startswith("findings.")]
    rows = max(1, math.ceil(len(names) / COLUMNS))
    titles = [html.escape(_title(trend, name)) for name in names]
    figure = make_subplots(
        rows=rows,
        cols=COLUMNS,
        subplot_titles=titles,
        vertical_spacing=0.5 / rows,
        horizontal_spacing=0.08,
    )
    for index, name in enumerate(names):
        values = trend.series[name]
        colors = [_MARK if q == quarter else _INK for q in trend.quarters]
        row, col = index // COLUMNS + 1, index % COLUMNS + 1
        top = max((v for v in values if v is not None), default=0)
        figure.update_yaxes(**_axis(trend.units[name], top), row=row, col=col)
        figure.add_trace(
            go.Scatter(
                x=list(trend.quarters),
                y=list(values),
                mode="lines+markers",
                line={"color": _MUTED, "width": 2},
                marker={"color": colors, "size": 8},
                name=html.escape(trend.labels[name]),
                hovertemplate="%{x}: %{y}<extra></extra>",
                showlegend=False,
            ),
            row=row,
            col=col,
        )
    figure.update_xaxes(type="category")
    figure.update_layout(
        height=230 * rows + 40,
        margin={"t": 40, "l": 50, "r": 20, "b": 30},
        font={"size": 11},
        template="plotly_white",
    )
    return figure


def findings_figure(trend: Trend) -> go.Figure | None:
    """Legacy and debt findings per category and quarter, stacked; None without any."""
    names = [n for n in trend.series if n.startswith("findings.")]
    names = [n for n in names if any(v for v in trend.series[n])]
    if not names:
        return None
    figure = go.Figure()
    for index, name in enumerate(names):
        figure.add_trace(
            go.Bar(
                x=list(trend.quarters),
                y=[v or 0 for v in trend.series[name]],
                name=html.escape(name.removeprefix("findings.")),
                marker={"color": _PALETTE[index % len(_PALETTE)]},
            )
        )
    figure.update_layout(
        barmode="stack",
        height=360,
        xaxis={"type": "category"},
        template="plotly_white",
        yaxis={"title": {"text": "findings"}},
        margin={"t": 20, "l": 60, "r": 20, "b": 40},
    )
    return figure


def _axis(unit: str, top: float) -> dict[str, Any]:
    """The y axis of one KPI's chart: whole steps for counts, letters for the rating."""
    if unit in _COUNTS:
        return {"rangemode": "tozero", "dtick": 1 if top <= 5 else None, "tickformat": ",d"}
    if unit == "grade":
        return {"range": [0.5, 5.5], "tickvals": [1, 2, 3, 4, 5], "ticktext": list(_GRADES)}
    if unit == "of 10":  # code health
        return {"range": [0, 10.5]}
    return {"rangemode": "tozero"}


def _title(trend: Trend, name: str) -> str:
    unit = trend.units[name]
    if unit in _COUNTS or unit == "grade":
        return trend.labels[name]
    return f"{trend.labels[name]} ({unit})"


def _plain(figure: go.Figure) -> dict[str, Any]:
    return json.loads(figure.to_json())
