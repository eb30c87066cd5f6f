"""summary.md: the key figures and top risks in GitHub-flavoured Markdown.

For CI job summaries and pull-request comments: the same figures as the HTML summary
(both come from overview.py, key_figures.py and readiness.py). Repository strings are
escaped so that a file name can neither break a table nor smuggle in HTML, links or math.
"""

from __future__ import annotations

import re
from typing import Any

from debtscan.reporting import document as doc
from debtscan.reporting import key_figures, overview, readiness
from debtscan.reporting.formatting import sentence

# CommonMark lets any ASCII punctuation be escaped with a backslash; these are the ones
# that can start markup inside a line (GitHub adds | for tables, ~ and $ for math).
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~$])")


def escape(text: str) -> str:
    """Text shown as typed in GitHub Markdown, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def render_markdown(document: dict[str, Any], *, risks: int = 5) -> str:
    """The summary as Markdown, ending with a newline."""
    lines = [f"## Technical debt: {escape(document['scan']['repository'])}", "", _origin(document)]
    lines += ["", escape(overview.headline(document))]
    lines += [""] + [f"> **Warning:** {escape(w)}" for w in overview.warnings(document)]
    lines += ["", "| Key figure | Value | Context |", "|---|---:|---|"]
    for figure in key_figures.key_figures(document):
        value = escape(figure.value) if figure.available else "n/a"
        lines.append(f"| {figure.label} | {value} | {escape(figure.detail)} |")
    lines += ["", *_top_risks(document, risks), *_readiness(document), *_legacy(document)]
    lines += ["", f"<sub>debtscan {escape(document['tool']['version'])}</sub>"]
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def _origin(document: dict[str, Any]) -> str:
    scan, history = document["scan"], document["history"]
    parts = []
    if scan["commit"]:
        where = f"commit `{scan['commit'][:12]}`"
        if scan["branch"]:
            where += f" on {escape(scan['branch'])}"
        parts.append(f"{where} of {(scan['commit_date'] or '')[:10]}")
    gap = doc.history_gap(document)
    if gap:
        parts.append(escape(gap))
    elif history["window_start"]:
        window = f"{history['window_start'][:10]} to {history['window_end'][:10]}"
        parts.append(f"history window {escape(scan['window'])} ({window})")
    return " · ".join(parts) or "a folder without history"


def _top_risks(document: dict[str, Any], count: int) -> list[str]:
    stories = overview.top_risks(document, count)
    if not stories:
        return []
    label = "risk" if doc.is_scored(document) else "hotspot"
    lines = [f"### Top {len(stories)} risks", ""]
    for number, story in enumerate(stories, 1):
        facts = escape(sentence("; ".join(story.facts)))
        lines.append(f"{number}. **{escape(story.path)}** ({label} {story.score:.2f}): {facts}.")
    return [*lines, ""]


def _readiness(document: dict[str, Any]) -> list[str]:
    steps = readiness.readiness(document)
    if not steps:
        return []
    lines = ["### Python version readiness", ""]
    lines += [f"- {escape(sentence(step.sentence))}" for step in steps]
    return [*lines, ""]


def _legacy(document: dict[str, Any]) -> list[str]:
    counts = key_figures.legacy_by_category(document)
    if not counts:
        return []
    lines = ["### Legacy findings", "", "| Category | Findings |", "|---|---:|"]
    lines += [f"| {escape(category)} | {n:,} |" for category, n in counts.most_common()]
    return [*lines, ""]
