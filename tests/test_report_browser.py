"""The HTML report in real headless Chromium: it loads clean and works."""

from __future__ import annotations

from pathlib import Path

import pytest

from debtscan.config import Config
from debtscan.pipeline import scan
from debtscan.reporting import write_reports
from tests.browser import PageLog, open_report, screenshot
from tests.gitbuilder import RepoBuilder, complex_module
from tests.scenarios import hotspot_repository

HOSTILE = "<script>window.hacked=1<"  # a folder; with the file below: "...</script>..."
HOSTILE_FILE = 'script>"><img src=x onerror="window.hacked=2">.py'


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    builder = hotspot_repository(RepoBuilder(tmp_path_factory.mktemp("r") / "repo"))
    builder.commit("hostile", files={f"{HOSTILE}/{HOSTILE_FILE}": complex_module(4)})
    result = scan(builder.path, config=Config(cache=False))
    (html,) = write_reports(result, tmp_path_factory.mktemp("out"), ["html"])
    return html


def test_report_loads_without_errors_or_network_and_draws_its_charts(browser, report) -> None:
    log = PageLog()
    page = open_report(browser, report, log)
    page.wait_for_selector("#treemap .main-svg")
    page.wait_for_selector("#scatter .main-svg")
    screenshot(page, "report-overview")
    assert log.errors == []
    assert log.requests == []
    assert page.locator("#files tbody tr").count() == 6
    assert page.locator("#files tbody tr").first.inner_text().startswith("1\tapp/core.py")
    kpis = page.locator("#kpis").inner_text()
    assert "code health of the hotspots (1 file)" in kpis
    assert "truck factor" in kpis


def test_filter_narrows_the_ranked_table(browser, report) -> None:
    page = open_report(browser, report, PageLog())
    page.fill("#filter", "models")
    assert page.locator("#files tbody tr").count() == 1
    assert "app/models.py" in page.locator("#files tbody").inner_text()
    assert page.locator("#count").inner_text() == "1 of 6 files"


def test_sorting_by_a_column(browser, report) -> None:
    page = open_report(browser, report, PageLog())
    page.click("th[data-key=lines]")
    first = page.locator("#files tbody tr").first.inner_text()
    assert "app/legacy.py" in first  # the longest file


def test_hostile_file_names_are_shown_as_text(browser, report) -> None:
    page = open_report(browser, report, PageLog())
    assert page.evaluate("window.hacked") is None
    assert page.locator("img").count() == 0
    page.fill("#filter", "onerror")
    assert f"{HOSTILE}/{HOSTILE_FILE}" in page.locator("#files tbody").inner_text()


def test_findings_are_listed_with_their_cost_and_comment_text_stays_text(
    browser, tmp_path: Path
) -> None:
    builder = RepoBuilder(tmp_path / "repo")
    builder.commit(
        "legacy",
        files={
            "old.py": 'import imp\n# TODO: <img src=x onerror="window.hacked=3"> later\n',
            "py2.py": "print 'hello'\n",
        },
    )
    result = scan(builder.path, config=Config(cache=False))
    (html,) = write_reports(result, tmp_path / "out", ["html"])
    page = open_report(browser, html, PageLog())
    rows = page.locator("#finding-list tbody tr")
    assert rows.count() == 3
    assert rows.first.inner_text().split("\t")[:5] == ["old.py", "1", "DS102", "high", "30"]
    by_category = page.locator("#debt-by-category tbody").inner_text()
    assert "removed-stdlib\t1\t30" in by_category
    assert "python2-syntax\t1\t5" in by_category
    assert page.evaluate("window.hacked") is None
    assert page.locator("#findings img").count() == 0
    assert '<img src=x onerror="window.hacked=3">' in page.locator("#finding-list").inner_text()
    screenshot(page, "report-findings")
