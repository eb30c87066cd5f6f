"""The HTML report of a built repository in real headless Chromium: it loads clean and works."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from debtscan.config import Config
from debtscan.pipeline import scan
from debtscan.reporting import write_reports
from debtscan.reporting.formatting import hours
from tests.browser import (
    PageLog,
    draw_every_chart,
    open_ready,
    screenshot,
    section_screenshot,
)
from tests.gitbuilder import RepoBuilder, complex_module, iso
from tests.scenarios import hotspot_repository

# Git strips < and > from author names; quotes, ampersands and slashes stay.
HOSTILE_AUTHOR = "Eve \"/script><img src=x onerror=window.hacked=3>' & Co <eve@example.com>"
HOSTILE_DIR = "<script>window.hacked=1<"  # a folder; with the file below: "...</script>..."
HOSTILE_FILE = 'script>"><img src=x onerror="window.hacked=2">.py'
HOSTILE_PATH = f"{HOSTILE_DIR}/{HOSTILE_FILE}"
HOSTILE_BRANCH = "<script>window.hacked=4</script>"
HOSTILE_REPO = '"><img src=x onerror=window.hacked=5>'  # the scanned folder's own name


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    builder = hotspot_repository(RepoBuilder(tmp_path_factory.mktemp("r") / HOSTILE_REPO))
    builder.commit(
        "hostile </script><script>window.hacked=6</script>",
        files={HOSTILE_PATH: complex_module(4)},
        author=HOSTILE_AUTHOR,
        date=iso(2023, 11, 20),
    )
    builder.branch(HOSTILE_BRANCH)
    result = scan(builder.path, config=Config(cache=False))
    out = tmp_path_factory.mktemp("out")
    write_reports(result, out, ["html", "json"])
    return out / "index.html"


def scan_json(report: Path) -> dict:
    return json.loads((report.parent / "scan.json").read_text(encoding="utf-8"))


def test_loads_without_errors_or_network_and_draws_every_chart(browser, report) -> None:
    log = PageLog()
    page = open_ready(browser, report, log)
    assert draw_every_chart(page) == ["treemap", "scatter", "categories"]
    for section in ("summary", "map", "targets", "architecture", "knowledge", "modernization"):
        section_screenshot(page, section, f"built-{section}")
    screenshot(page, "built-report")
    assert log.errors == []
    assert log.requests == []


def test_summary_names_the_hotspot_in_plain_words(browser, report) -> None:
    page = open_ready(browser, report, PageLog())
    first = page.locator(".risk-list li").first
    assert "app/core.py" in first.inner_text()
    # app/core.py: created, then changed twice a month from February to November 2023.
    assert "Changed 21 times in 12 months by 3 people" in first.inner_text()
    # Cyclomatic 21 is the second highest of the 6 files (31, 21, 7, 5, 1, 1): top 2/6,
    # rounded up as the table's explanation does.
    assert "cyclomatic complexity 21 (top 34 %)" in first.inner_text()
    history = page.locator("[data-kpi=history]").inner_text()
    assert "25 commits" in history  # 1 + 20 + 3 model changes + the hostile one, all in the window


def test_key_figures_and_risks_are_the_scans_own(browser, report) -> None:
    """The page shows the scoring stage's values from scan.json; it recomputes none."""
    document = scan_json(report)
    summary, files = document["summary"], {f["path"]: f for f in document["files"]}
    page = open_ready(browser, report, PageLog())
    card = lambda key: page.locator(f"[data-kpi={key}]").inner_text()  # noqa: E731
    assert f"{summary['health_average']:.1f} / 10" in card("health")
    assert f"worst: {summary['worst_file']} ({summary['worst_health']:.1f})" in card("health")
    assert f"{summary['hotspot_health']:.1f} / 10" in card("hotspot_health")
    assert hours(summary["debt_minutes"]) in card("debt")
    value = lambda key: page.locator(f"[data-kpi={key}] .card-value").inner_text()  # noqa: E731
    assert value("rating") == summary["debt_rating"]
    assert value("truck_factor") == str(summary["truck_factor"])
    top = min(files.values(), key=lambda f: f["risk_rank"])
    first = page.locator(".risk-list li").first
    assert f"{top['path']} {top['risk']:.2f}" in first.inner_text()
    parts = first.locator(".parts").get_attribute("aria-label")
    assert f"change x size {top['risk_change']:.2f}" in parts
    assert f"complexity {top['risk_complexity']:.2f}" in parts
    # The targets in the scoring stage's order: the most interest first.
    shown = page.locator("#targets-table .file-link").all_inner_texts()
    targets = summary["refactoring_targets"]
    assert shown[: len(targets)] == targets


def test_file_detail_counts_changes_per_function(browser, report) -> None:
    document = scan_json(report)
    changed = {f["qualified_name"]: f["revisions"] for f in document["functions"]
               if f["path"] == "app/core.py"}  # fmt: skip
    assert max(changed.values()) > 0  # the scoring stage counted this hotspot's functions
    page = open_ready(browser, report, PageLog(), fragment="#file=app%2Fcore.py")
    table = page.locator("#file-detail .detail-section", has_text="Functions").locator("table")
    head = table.locator("th").all_inner_texts()
    column = [h.lower() for h in head].index("changes")
    for row in table.locator("tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        name = cells[0].split(" :")[0]
        assert cells[column] == str(changed[name]), name


def test_search_narrows_the_targets_and_folder_filter_too(browser, report) -> None:
    page = open_ready(browser, report, PageLog())
    rows = page.locator("#targets-table tbody tr")
    expect(rows).to_have_count(6)
    page.fill("#target-search", "models")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("app/models.py")
    expect(page.locator("#target-count")).to_have_text("1 of 6 files")
    page.fill("#target-search", "")
    page.select_option("#target-folder", "app")
    expect(rows).to_have_count(5)
    assert all(
        text.startswith("app/")
        for text in page.locator("#targets-table .file-link").all_inner_texts()
    )


def test_sorting_by_a_column(browser, report) -> None:
    page = open_ready(browser, report, PageLog())
    page.click("#targets-table th button[data-sort=lines]")
    expect(page.locator("#targets-table tbody tr").first).to_contain_text("app/legacy.py")
    expect(page.locator("th[aria-sort=descending]")).to_have_text("Lines")


def test_why_opens_the_reasons_of_a_row(browser, report) -> None:
    page = open_ready(browser, report, PageLog())
    row = page.locator("#targets-table tbody tr", has_text="app/core.py")
    row.locator("button.expand").click()
    more = page.locator("#targets-table tr.more")
    expect(more).to_contain_text("changed 21 times in 12 months")
    core = next(f for f in scan_json(report)["files"] if f["path"] == "app/core.py")
    expect(more).to_contain_text(f"risk {core['risk']:.2f} = ")
    expect(more.locator(".parts-list")).to_contain_text(f"change x size {core['risk_change']:.2f}")


def test_clicking_a_file_opens_its_detail(browser, report) -> None:
    page = open_ready(browser, report, PageLog())
    page.locator("#targets-table .file-link", has_text="app/core.py").click()
    dialog = page.locator("#file-detail")
    dialog.wait_for(state="visible")
    assert page.locator("#detail-title").inner_text() == "app/core.py"
    assert "decide" in dialog.locator(".detail-section", has_text="Functions").inner_text()
    # 21 commits from January to November 2023: eleven months with a commit, none empty.
    assert dialog.locator(".sparkline .bar").count() == 11
    # Tuning commits go to authors[(month + week) % 3]: Alice 7 (+ the initial import),
    # Carol 7, Bob 6; most commits first.
    authors = [a.split("\n") for a in dialog.locator(".authors li").all_inner_texts()]
    assert [(a[0], a[-1].split(" (")[0]) for a in authors] == [
        ("Alice Example", "8 commits"),
        ("Carol Example", "7 commits"),
        ("Bob Example", "6 commits"),
    ]
    assert page.evaluate("location.hash") == "#file=app%2Fcore.py"
    screenshot(page, "built-file-detail")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    page.wait_for_function("location.hash === ''")  # cleared by the dialog's close event


def test_a_link_to_a_file_opens_it(browser, report) -> None:
    log = PageLog()
    page = open_ready(browser, report, log, fragment="#file=app%2Fmodels.py")
    page.wait_for_selector("#file-detail[open]")
    assert page.locator("#detail-title").inner_text() == "app/models.py"
    assert log.errors == []


def test_keyboard_reaches_a_file_and_opens_it(browser, report) -> None:
    page = open_ready(browser, report, PageLog())
    page.locator("#target-search").focus()
    page.fill("#target-search", "util")
    expect(page.locator("#targets-table tbody tr")).to_have_count(1)
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.file") == "app/util.py":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector("#file-detail[open]")
    assert page.locator("#detail-title").inner_text() == "app/util.py"


def test_hostile_strings_are_shown_as_text_and_run_nothing(browser, report) -> None:
    log = PageLog()
    page = open_ready(browser, report, log)
    draw_every_chart(page)
    page.fill("#target-search", "onerror")
    expect(page.locator("#targets-table tbody tr")).to_have_count(1)
    page.locator("#targets-table .file-link").first.click()
    page.wait_for_selector("#file-detail[open]")
    assert page.locator("#detail-title").inner_text() == HOSTILE_PATH
    author = page.locator(".authors .author-name").first.inner_text()
    assert author == "Eve \"/scriptimg src=x onerror=window.hacked=3' & Co"
    assert HOSTILE_BRANCH in page.locator(".masthead").inner_text()
    assert HOSTILE_REPO in page.locator("h1").inner_text()
    page.keyboard.press("Escape")
    expect(page.locator("#file-detail")).to_be_hidden()
    assert HOSTILE_REPO in page.locator("#treemap").inner_text()  # the map's root tile
    page.locator("#treemap").hover()  # hover texts carry the path too
    assert page.evaluate("window.hacked") is None
    assert page.locator("img").count() == 0
    assert log.errors == []


def test_plotly_from_a_shared_folder(tmp_path_factory, browser) -> None:
    builder = hotspot_repository(RepoBuilder(tmp_path_factory.mktemp("s") / "repo"))
    result = scan(builder.path, config=Config(cache=False))
    shared = tmp_path_factory.mktemp("reports")
    first = write_reports(result, shared / "one", ["html"], plotly_js_dir=shared / "assets")[0]
    second = write_reports(result, shared / "two", ["html"], plotly_js_dir=shared / "assets")[0]
    (script,) = (shared / "assets").iterdir()
    assert script.name.startswith("plotly-") and script.stat().st_size > 3_000_000
    assert first.stat().st_size < 1_000_000  # the page no longer carries plotly itself
    assert f'data-src="../assets/{script.name}"' in second.read_text()
    log = PageLog()
    page = open_ready(browser, second, log)
    assert draw_every_chart(page) == ["treemap", "scatter", "categories"]
    assert log.errors == []
    assert log.requests == []


def test_a_folder_without_git_says_so_and_still_works(tmp_path, browser) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "big.py").write_text(complex_module(12), encoding="utf-8")
    (folder / "small.py").write_text("x = 1\n", encoding="utf-8")
    result = scan(folder, config=Config(cache=False))
    html, markdown = write_reports(result, tmp_path / "out", ["html", "md"])
    log = PageLog()
    page = open_ready(browser, html, log)
    assert draw_every_chart(page) == ["treemap", "categories"]  # no change frequency, no scatter
    assert "not a git repository" in page.locator(".callout").inner_text()
    assert "no history: not a git repository" in page.locator("[data-kpi=history]").inner_text()
    assert "no history: not a git repository" in page.locator("#map").inner_text()
    assert "no history: not a git repository" in page.locator("#knowledge").inner_text()
    section_screenshot(page, "summary", "plain-folder-summary")
    page.locator(".risk-list .file-link").first.click()
    page.wait_for_selector("#file-detail[open]")
    assert "no history" in page.locator("#file-detail").inner_text()
    assert log.errors == []
    assert "no history: not a git repository" in markdown.read_text()


def test_clicking_the_charts_opens_a_file(browser, report) -> None:
    page = open_ready(browser, report, PageLog())
    draw_every_chart(page)
    page.locator("#scatter").scroll_into_view_if_needed()
    # The scatter's rightmost dot is the most changed file.
    dots = [dot.bounding_box() for dot in page.locator("#scatter .scatterlayer .point").all()]
    right = max(dots, key=lambda box: box["x"])
    page.mouse.click(right["x"] + right["width"] / 2, right["y"] + right["height"] / 2)
    page.wait_for_selector("#file-detail[open]")
    assert page.locator("#detail-title").inner_text() == "app/core.py"
    page.keyboard.press("Escape")
    expect(page.locator("#file-detail")).to_be_hidden()
    page.locator("#treemap g.slice", has_text="legacy.py").last.click()
    page.wait_for_selector("#file-detail[open]")
    assert page.locator("#detail-title").inner_text() == "app/legacy.py"


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
    page = open_ready(browser, html, PageLog())
    rows = page.locator("#finding-list tbody tr")
    assert rows.count() == 3
    assert rows.first.inner_text().split("\t")[:5] == ["old.py", "1", "DS102", "high", "30 min"]
    legacy = page.locator("#summary table.compact", has_text="category").inner_text()
    assert "removed-stdlib\t1" in legacy and "python2-syntax\t1" in legacy
    assert (
        "py2.py"
        in page.locator("#modernization table", has_text="Python 2 constructs").inner_text()
    )
    # imp went in 3.12: a blocker on the way to the newest Python.
    assert "1 blocker" in page.locator("[data-kpi=readiness]").inner_text()
    assert page.evaluate("window.hacked") is None
    assert page.locator("#modernization img").count() == 0
    assert '<img src=x onerror="window.hacked=3">' in page.locator("#finding-list").inner_text()
    section_screenshot(page, "modernization", "report-findings")


def test_drawing_the_charts_moves_nothing_below_them(browser, report) -> None:
    # A chart draws when it scrolls into view; a click on a row below it must not miss.
    page = open_ready(browser, report, PageLog())
    where = "t => Math.round(t.getBoundingClientRect().top + window.scrollY)"
    before = page.locator("#targets-table").evaluate(where)
    assert len(draw_every_chart(page)) >= 2
    assert page.locator("#targets-table").evaluate(where) == before
