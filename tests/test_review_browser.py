"""review.html in real headless Chromium: loads clean, offline, escaped, printable."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from debtscan.backfill import backfill
from debtscan.config import Config
from debtscan.periods import PeriodKind, parse_period
from debtscan.progress import SilentProgress
from debtscan.review import build_review
from debtscan.review.render import write_review
from debtscan.store import HistoryStore, default_store_path
from tests.browser import ARTIFACTS, PageLog, open_report, screenshot
from tests.gitbuilder import RepoBuilder
from tests.scenarios import quarterly_story

HOSTILE = "<img src=x onerror=window.hacked=1>"  # the repository's folder name
TODAY = datetime(2026, 1, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def review_html(tmp_path_factory) -> Path:
    builder = RepoBuilder(tmp_path_factory.mktemp("browser") / HOSTILE)
    quarterly_story(builder)
    with HistoryStore(default_store_path(builder.path)) as store:
        backfill(
            builder.path, every=PeriodKind.QUARTER, since="6 months", store=store,
            config=Config(jobs=1), progress=SilentProgress(), now=TODAY,
        )  # fmt: skip
        review = build_review(
            store, repository=HOSTILE, config=Config(), quarter=parse_period("2024Q2"),
            today=TODAY,
        )  # fmt: skip
    html, _ = write_review(review, tmp_path_factory.mktemp("out"))
    return html


def test_review_loads_offline_without_errors_and_draws_its_trends(browser, review_html) -> None:
    log = PageLog()
    page = open_report(browser, review_html, log)
    page.wait_for_selector("#kpi-trends .main-svg")
    page.wait_for_selector("#finding-trends .main-svg")
    screenshot(page, "review")
    assert log.errors == []
    assert log.requests == []
    shown = page.locator("#kpis tbody tr").evaluate_all("rows => rows.map(r => r.dataset.kpi)")
    assert {"code_health", "hotspot_health", "debt_money", "truck_factor"} <= set(shown)
    assert not [name for name in shown if name.startswith("findings.")]  # in the chart
    money = page.locator('tr[data-kpi="debt_money"] td').nth(1).inner_text()
    assert money.endswith(" USD")
    # Subplot n's y ticks are plotly's "y<n>tick" groups.
    ticks = page.locator("#kpi-trends g[class^='y'][class$='tick'] text")
    assert {"A", "E"} <= set(ticks.evaluate_all("t => t.map(e => e.textContent)"))
    assert page.locator("#new-hotspots").inner_text().startswith("app/billing.py")
    assert page.locator("#resolved-hotspots").inner_text().startswith("app/core.py")
    assert page.locator("#targets tbody tr").first.inner_text().startswith("1\tapp/billing.py")


def test_repository_strings_are_text_not_markup(browser, review_html) -> None:
    page = open_report(browser, review_html, PageLog())
    assert page.evaluate("window.hacked") is None
    assert page.locator("img").count() == 0
    assert HOSTILE in page.locator("h1").inner_text()


def test_review_prints_as_a_document(browser, review_html) -> None:
    page = open_report(browser, review_html, PageLog())
    page.wait_for_selector("#kpi-trends .main-svg")
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "review.pdf"), prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= 3  # the trends, hotspots and next quarter start new pages
