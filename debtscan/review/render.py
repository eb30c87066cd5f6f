"""Write a Review as review.html (self-contained, printable) and review.md.

HTML: Jinja's autoescape for every string; the charts travel in one JSON block written
with ``tojson``. Markdown: every value printed by the template passes through
``markdown_text`` (the environment's ``finalize``), which escapes what Markdown and
inline HTML would read as markup; a macro's output, already escaped, is marked ``safe``.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from pathlib import Path

import jinja2
import markupsafe
from plotly.offline import get_plotlyjs

from debtscan import __version__
from debtscan.errors import DebtscanError
from debtscan.resources import shipped_dir
from debtscan.review.charts import trend_figures
from debtscan.review.model import Direction, KpiChange, Review
from debtscan.scoring.kpis import RATING_NUMBERS

# What Markdown (GitHub's) would read as markup inside a line or a table cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
NO_VALUE = "\u2013"  # en dash
_SUFFIXES = {"%": " %", "hours": " h", "hours x changes": " h x changes"}
_CURRENCY = re.compile(r"^[A-Z]{3}$")  # an ISO 4217 code, as scoring.currency is
_GRADES = {float(number): str(grade) for grade, number in RATING_NUMBERS.items()}
MINUS = "\u2212"
_ARROWS = {
    Direction.BETTER: "▲",
    Direction.WORSE: "▼",
    Direction.SAME: "=",
    Direction.CHANGED: "•",
    Direction.NEW: "new",
}


def write_review(review: Review, out_dir: Path) -> list[Path]:
    """Write review.html and review.md into ``out_dir``; return their paths."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DebtscanError(f"cannot create {out_dir}: {error.strerror}") from None
    written = []
    for name, text in (
        ("review.html", render_html(review)),
        ("review.md", render_markdown(review)),
    ):
        path = out_dir / name
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise DebtscanError(f"cannot write {path}: {error.strerror}") from None
        written.append(path)
    return written


def render_html(review: Review) -> str:
    assets = shipped_dir("reports") / "assets"
    return (
        _environment(markdown=False)
        .get_template("review.html.j2")
        .render(
            review=review,
            generated=_generated(),
            figures=trend_figures(review.trend, str(review.quarter)),
            css=(assets / "review.css").read_text(encoding="utf-8"),
            script=(assets / "review.js").read_text(encoding="utf-8"),
            plotly_js=get_plotlyjs(),
        )
    )


def render_markdown(review: Review) -> str:
    template = _environment(markdown=True).get_template("review.md.j2")
    return tidy_markdown(template.render(review=review, generated=_generated()))


def tidy_markdown(text: str) -> str:
    """One blank line between blocks of different kinds (headings, tables, lists, quotes,
    paragraphs) and around every heading; never two in a row."""
    tidy: list[str] = []
    for line in (raw.rstrip() for raw in text.splitlines()):
        if not line:
            if tidy and tidy[-1]:
                tidy.append("")
            continue
        if tidy and tidy[-1]:
            before, now = _block(tidy[-1]), _block(line)
            if before != now or now == "heading":
                tidy.append("")
        tidy.append(line)
    return "\n".join(tidy).strip() + "\n"


def _block(line: str) -> str:
    for start, kind in (("#", "heading"), ("|", "table"), ("- ", "list"), (">", "quote")):
        if line.startswith(start):
            return kind
    return "text"


def markdown_text(value: object) -> object:
    """A value as Markdown text: markup characters escaped, line breaks flattened."""
    if isinstance(value, jinja2.runtime.Undefined) or value is None:
        return ""
    if isinstance(value, markupsafe.Markup):  # a macro's output, escaped when it was made
        return str(value)
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def format_value(value: float | None, unit: str) -> str:
    """``12.5 h``, ``97.2 %``, ``1,250 USD``, ``12,345``; a dash for no value. Counts go
    without their unit: the figure's label names it. A debt rating shows as its letter."""
    if value is None:
        return NO_VALUE
    if unit == "grade" and value in _GRADES:
        return _GRADES[value]
    if _CURRENCY.match(unit):
        return f"{value:,.0f} {unit}"  # money in whole units
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return number + _SUFFIXES.get(unit, "")


def format_delta(change: KpiChange) -> str:
    if change.delta is None:
        return NO_VALUE
    if abs(change.delta) < 1e-9:
        return "±0"
    sign = "+" if change.delta > 0 else MINUS
    unit = "" if change.unit == "grade" else change.unit  # a change of grades is a count
    return sign + format_value(abs(change.delta), unit)


def arrow(direction: Direction) -> str:
    return _ARROWS[direction]


def _generated() -> str:
    return f"debtscan {__version__}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"


@functools.cache
def _environment(*, markdown: bool) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(shipped_dir("reports")),
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        finalize=markdown_text if markdown else None,
        trim_blocks=markdown,
        lstrip_blocks=markdown,
        keep_trailing_newline=True,
    )
    environment.filters.update(value=format_value, delta=format_delta, arrow=arrow)
    return environment
