"""The report with every field the stages write (a synthetic scan document) in Chromium:
scores, findings of real catalogue rules, knowledge, rule documentation, print."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from debtscan.reporting.html_report import render_html
from tests.browser import ARTIFACTS, PageLog, draw_every_chart, open_ready, section_screenshot
from tests.synthetic_scan import synthetic_document

SCRIPT_END = "</script><script>window.hacked=1</script>"
IMAGE = '"><img src=x onerror="window.hacked=2">'
HOSTILE_PATH = f"pkg00/{SCRIPT_END}{IMAGE}.py"
HOSTILE_FUNCTION = f"Handler.{SCRIPT_END}"
HOSTILE_AUTHOR = f"Mallory {IMAGE}"
HOSTILE_MESSAGE = f"`{SCRIPT_END}` {IMAGE}"
HOSTILE_COMPONENT = f"<b>{IMAGE}"


def hostile_document() -> dict:
    """A synthetic document whose riskiest file carries hostile text in every field."""
    doc = synthetic_document(200, seed=3)
    top = min(doc["files"], key=lambda f: f["risk_rank"])
    old = top["path"]
    top.update(path=HOSTILE_PATH, component=HOSTILE_COMPONENT, main_developer=HOSTILE_AUTHOR,
               explanation=f"changed often {IMAGE}")  # fmt: skip
    for record in (*doc["functions"], *doc["findings"], *doc["outcomes"]):
        if record["path"] == old:
            record["path"] = HOSTILE_PATH
    function = {"path": HOSTILE_PATH, "qualified_name": HOSTILE_FUNCTION, "start_line": 1,
                "end_line": 3, "lines": 3, "arguments": 0, "nesting": 0, "cyclomatic": 99,
                "code_health": 1.0, "revisions": 9}  # fmt: skip
    doc["functions"].append(function)
    doc["findings"].append({"path": HOSTILE_PATH, "code": "DS102", "line": 2,
                            "message": HOSTILE_MESSAGE, "category": "removed-stdlib",
                            "severity": "high", "minutes": 30})  # fmt: skip
    docs = {
        "what": f"Checks {IMAGE}",
        "why": SCRIPT_END,
        "example": f"import imp  # {SCRIPT_END}",
        "references": ["javascript:window.hacked=3", "https://docs.python.org/3/library/imp.html"],
    }
    doc["rules"] = [rule for rule in doc["rules"] if rule["code"] != "DS102"]
    doc["rules"].append({"code": "DS102", "name": "imp", "category": "removed-stdlib",
                         "severity": "high", "minutes": 30, "fix": "none", "fix_title": "",
                         "deprecated_in": None, "removed_in": "3.12", "docs": docs})  # fmt: skip
    history = doc["history"]["per_file"].pop(old, {"monthly_revisions": {"2025-01": 2}})
    history["author_commits"] = {HOSTILE_AUTHOR: 5, **history.get("author_commits", {})}
    doc["history"]["per_file"][HOSTILE_PATH] = history
    doc["people"][0]["person"] = HOSTILE_AUTHOR
    doc["scan"].update(repository=f"{SCRIPT_END}repo", branch=f"<script>{IMAGE}")
    return doc


@pytest.fixture(scope="module")
def full_report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("full") / "index.html"
    path.write_text(render_html(synthetic_document(400, seed=5)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "index.html"
    path.write_text(render_html(hostile_document()), encoding="utf-8")
    return path


def test_every_section_renders_with_scores(browser, full_report) -> None:
    log = PageLog()
    page = open_ready(browser, full_report, log)
    assert draw_every_chart(page) == ["treemap", "scatter", "categories"]
    for card in (
        "health",
        "hotspot_health",
        "debt",
        "rating",
        "truck_factor",
        "legacy",
        "readiness",
    ):
        assert "n/a" not in page.locator(f"[data-kpi={card}]").inner_text(), card
    assert page.locator(".risk-list li .parts .part").count() > 5
    assert page.locator("#knowledge .ownership tbody tr").count() >= 1
    assert page.locator("#rules-table tbody tr").count() >= 10
    for section in ("summary", "map", "targets", "architecture", "knowledge", "modernization"):
        section_screenshot(page, section, f"full-{section}")
    assert log.errors == []
    assert log.requests == []


def test_filters_by_component_and_category(browser, full_report) -> None:
    page = open_ready(browser, full_report, PageLog())
    rows = page.locator("#targets-table tbody tr")
    total = int(page.locator("#target-count").inner_text().split()[0])
    page.select_option("#target-component", "pkg00")
    expect(page.locator("#target-count")).to_contain_text(" of ")
    narrowed = page.locator("#target-count").inner_text()
    assert narrowed.endswith(f"of {total} files") and int(narrowed.split()[0]) < total
    assert set(page.locator("#targets-table td.muted").all_inner_texts()) == {"pkg00"}
    page.select_option("#target-component", "")
    page.select_option("#target-category", "python2-syntax")
    expect(page.locator("#target-count")).to_contain_text(" of ")
    for row in range(min(rows.count(), 5)):
        rows.nth(row).locator("button.expand").click()
        expect(page.locator("#targets-table tr.more")).to_contain_text("python2-syntax")
        rows.nth(row).locator("button.expand").click()
        expect(page.locator("#targets-table tr.more")).to_have_count(0)


def test_targets_page_through_every_file(browser, full_report) -> None:
    page = open_ready(browser, full_report, PageLog())
    assert page.locator("#target-page").inner_text() == "page 1 of 16"  # 400 files, 25 a page
    page.click("#target-next")
    expect(page.locator("#target-page")).to_have_text("page 2 of 16")
    assert page.locator("#targets-table tbody tr").first.inner_text().startswith("26\t")
    page.click("th button[data-sort=health]")  # the least healthy first
    expect(page.locator("th[aria-sort=ascending]")).to_have_text("Health")
    values = [float(v) for v in page.locator("#targets-table .health").all_inner_texts()]
    assert values == sorted(values)


def test_file_detail_shows_functions_findings_and_history(browser, full_report) -> None:
    page = open_ready(browser, full_report, PageLog())
    page.locator(".risk-list .file-link").first.click()
    dialog = page.locator("#file-detail")
    dialog.wait_for(state="visible")
    functions = dialog.locator(".detail-section", has_text="Functions")
    assert "changes" in functions.locator("thead").text_content()  # function-level change counts
    assert dialog.locator(".sparkline .window").count() == 1  # the history window, shaded
    section_screenshot(page, "file-detail", "full-file-detail")


def test_rule_documentation_is_one_click_away(browser, full_report) -> None:
    page = open_ready(browser, full_report, PageLog())
    page.locator("#rules-table .rule-link").first.click()
    rule = page.locator("#rule-doc")
    rule.wait_for(state="visible")
    text = rule.inner_text()
    for heading in ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety"):
        assert heading in text
    assert rule.locator("pre code").count() == 2
    assert rule.locator("a[href^='https://']").count() >= 1
    section_screenshot(page, "rule-doc", "full-rule-doc")


def test_show_all_reveals_the_hidden_rows(browser, full_report) -> None:
    page = open_ready(browser, full_report, PageLog())
    table = page.locator("#rules-table")
    visible = table.locator("tbody tr:visible").count()
    assert visible == 20
    page.locator("#modernization [data-action=show-rows]", has_text="rules").click()
    expect(table.locator("tbody tr[hidden]")).to_have_count(0)
    assert table.locator("tbody tr:visible").count() > visible


def test_print_gives_a_clean_document(browser, full_report) -> None:
    page = open_ready(browser, full_report, PageLog())
    draw_every_chart(page)
    page.emulate_media(media="print")
    assert page.locator(".section-nav").is_hidden()
    assert page.locator(".controls").first.is_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "full-report.pdf"), format="A4", print_background=True)
    assert (ARTIFACTS / "full-report.pdf").stat().st_size > 100_000


def test_hostile_text_everywhere_stays_text(browser, hostile_report) -> None:
    log = PageLog()
    page = open_ready(browser, hostile_report, log)
    draw_every_chart(page)
    assert SCRIPT_END in page.locator("h1").inner_text()
    assert page.locator(".risk-list .file-link").first.inner_text() == HOSTILE_PATH
    page.fill("#target-search", "onerror")
    expect(page.locator("#targets-table tbody tr")).to_have_count(1)
    page.locator("#targets-table button.expand").first.click()
    expect(page.locator("#targets-table tr.more")).to_contain_text(f"changed often {IMAGE}")
    page.locator("#targets-table .file-link").first.click()
    dialog = page.locator("#file-detail")
    dialog.wait_for(state="visible")
    assert HOSTILE_FUNCTION in dialog.inner_text()
    assert HOSTILE_AUTHOR in dialog.locator(".authors").inner_text()
    assert SCRIPT_END in dialog.locator(".detail-section", has_text="Findings").inner_text()
    dialog.locator(".rule-link", has_text="DS102").first.click()
    rule = page.locator("#rule-doc")
    rule.wait_for(state="visible")
    assert f"Checks {IMAGE}" in rule.inner_text()
    assert rule.locator("a[href^=javascript]").count() == 0
    page.keyboard.press("Escape")
    expect(rule).to_be_hidden()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert HOSTILE_AUTHOR in page.locator("#knowledge").inner_text()
    assert page.evaluate("window.hacked") is None
    assert page.locator("img").count() == 0
    assert log.errors == []


def test_page_structure_is_accessible(browser, full_report) -> None:
    page = open_ready(browser, full_report, PageLog())
    page.locator("#targets-table button.expand").first.click()
    expect(page.locator("#targets-table tr.more")).to_have_count(1)
    problems = page.evaluate(
        """() => {
        const problems = [];
        const named = (el) =>
          (el.getAttribute("aria-label") || el.textContent || el.title || "").trim();
        for (const el of document.querySelectorAll("button, a[href], select, input")) {
          const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
          if (!named(el) && !label.trim()) problems.push("unnamed " + el.outerHTML.slice(0, 80));
        }
        for (const el of document.querySelectorAll("[role=img]")) {
          if (!el.getAttribute("aria-label")) problems.push("image without a label " + el.id);
        }
        for (const section of document.querySelectorAll("main > section")) {
          const title = document.getElementById(section.getAttribute("aria-labelledby"));
          if (!title || title.tagName !== "H2") problems.push("no h2 in " + section.id);
        }
        let level = 1;
        for (const h of document.querySelectorAll("main h1, main h2, main h3, main h4")) {
          const next = Number(h.tagName[1]);
          if (next > level + 1) problems.push("heading skips a level: " + h.textContent);
          level = next;
        }
        for (const tag of ["header", "nav", "main", "footer"]) {
          if (!document.querySelector(tag)) problems.push("no " + tag);
        }
        return problems;
    }"""
    )
    assert problems == []
    assert page.locator("h1").count() == 1
