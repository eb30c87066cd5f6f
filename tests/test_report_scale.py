"""A report of a 5,000-file repository: under 25 MB, first screen in under 3 s in Chromium.

The document is synthetic (tests/synthetic_scan.py): a real git repository of 5,000 files
takes too long to build in CI, and the report is made from the document alone.
benchmarks/report_benchmark.py prints the same figures.
"""

from __future__ import annotations

from debtscan.reporting.html_report import render_html
from tests.browser import PageLog, time_first_screen
from tests.synthetic_scan import synthetic_document

FILES = 5000
MAX_BYTES = 25_000_000
FIRST_SCREEN_MS = 3000


def test_large_repository_report_is_small_and_its_first_screen_fast(browser, tmp_path) -> None:
    document = synthetic_document(FILES)
    path = tmp_path / "index.html"
    path.write_text(render_html(document), encoding="utf-8")
    assert path.stat().st_size < MAX_BYTES

    log = PageLog()
    page, timing = time_first_screen(browser, path, log)
    assert timing.first_screen < FIRST_SCREEN_MS, timing
    assert page.locator("[data-kpi=health] .card-value").is_visible()
    assert page.locator("#target-count").inner_text() == "5,000 files"
    # Still usable further down: the map draws (within its tile budget) once scrolled to.
    page.locator("#treemap").scroll_into_view_if_needed()
    page.wait_for_selector("#treemap[data-rendered] .main-svg", timeout=60_000)
    assert log.errors == []
    assert log.requests == []
