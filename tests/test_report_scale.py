"""A report of a 5,000-file repository: under 25 MB, and a first screen that stays light.

The document is synthetic (tests/synthetic_scan.py): a real git repository of 5,000 files
takes too long to build in CI, and the report is made from the document alone.

The time budget (first screen under 3 s in headless Chromium) is measured by
benchmarks/report_benchmark.py, which prints the figures and fails over budget: on a
shared CI machine a wall-clock assertion here would fail for the machine's load, not the
page's. This test checks what keeps the first screen fast: plotly.js not evaluated before
it (a text block), one page of table rows, a bounded DOM, and every control working.
"""

from __future__ import annotations

from playwright.sync_api import expect

from debtscan.reporting.html_report import render_html
from tests.browser import PageLog, time_first_screen
from tests.synthetic_scan import synthetic_document

FILES = 5000
MAX_BYTES = 25_000_000
MAX_ELEMENTS = (
    15_000  # DOM elements at the first screen (39,000 before tables and graph were capped)
)


def test_large_repository_report_is_small_and_its_first_screen_light(browser, tmp_path) -> None:
    document = synthetic_document(FILES)
    path = tmp_path / "index.html"
    path.write_text(render_html(document), encoding="utf-8")
    assert path.stat().st_size < MAX_BYTES

    log = PageLog()
    page, _ = time_first_screen(browser, path, log)
    # plotly.js sits in the page as text, evaluated after the first screen (report.js).
    assert page.locator("script#plotly-source").get_attribute("type") == "text/plain"
    assert page.evaluate("document.getElementsByTagName('*').length") < MAX_ELEMENTS
    assert page.locator("[data-kpi=health] .card-value").is_visible()
    assert page.locator("#target-count").inner_text() == "5,000 files"
    expect(page.locator("#targets-table tbody tr")).to_have_count(25)  # one page of 200
    assert page.locator("#target-page").inner_text() == "page 1 of 200"
    page.fill("#target-search", "pkg03/")
    expect(page.locator("#target-count")).to_contain_text(" of 5,000 files")
    # Still usable further down: the map draws (within its tile budget) once scrolled to.
    page.locator("#treemap").scroll_into_view_if_needed()
    page.wait_for_selector("#treemap[data-rendered] .main-svg", timeout=60_000)
    assert log.errors == []
    assert log.requests == []
