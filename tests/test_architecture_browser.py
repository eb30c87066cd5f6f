"""The report's architecture section in real headless Chromium (tests/scenarios.py's shop)."""

from __future__ import annotations

from pathlib import Path

import pytest

from debtscan.config import load_config
from debtscan.pipeline import scan
from debtscan.reporting import write_reports
from tests.browser import PageLog, open_report, screenshot
from tests.gitbuilder import RepoBuilder, iso
from tests.scenarios import architecture_repository

HOSTILE = '<img src=x onerror="window.hacked=3">'  # a package name


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    builder = architecture_repository(RepoBuilder(tmp_path_factory.mktemp("r") / "repo"))
    builder.commit(
        "hostile package",
        files={f"{HOSTILE}/__init__.py": "", f"{HOSTILE}/mod.py": "import shop.web.forms\n"},
        date=iso(2024, 9, 1),
    )
    result = scan(builder.path, config=load_config(builder.path, {"cache": False}))
    (html,) = write_reports(result, tmp_path_factory.mktemp("out"), ["html"])
    return html


def nodes(page):
    return page.locator("#arch-view g.node")


def open_graph(browser, report, log):
    """Open the report and scroll to the graph, which is drawn when it comes near."""
    page = open_report(browser, report, log)
    page.locator("#arch-view").scroll_into_view_if_needed()
    page.wait_for_selector("#arch-view svg g.node")
    return page


def test_component_view_loads_clean_with_the_cycle_highlighted(browser, report) -> None:
    log = PageLog()
    page = open_graph(browser, report, log)
    screenshot(page, "report-architecture")
    assert log.errors == [] and log.requests == []
    # shop, shop.cycle, shop.web, shop.services, shop.models, and the hostile package
    assert nodes(page).count() == 6
    in_cycle = page.locator("#arch-view g.node.in-cycle")
    assert sorted(in_cycle.evaluate_all("els => els.map(e => e.dataset.id)")) == [
        "shop.models", "shop.services", "shop.web",
    ]  # fmt: skip
    assert page.locator("#arch-view path.edge.cycle").count() == 3
    assert page.locator("#arch-view path.edge.type-checking").count() == 1  # models -> services


def test_clicking_a_component_drills_into_its_modules_and_back(browser, report) -> None:
    page = open_graph(browser, report, PageLog())
    page.click("#arch-view g.node[data-id='shop.cycle']")
    assert page.locator("#arch-title").inner_text() == "shop.cycle: 4 modules"
    assert nodes(page).count() == 4
    assert page.locator("#arch-view g.node.in-cycle").count() == 3  # a, b, c
    assert page.locator("#arch-neighbours button").count() == 0  # imports none, nor is imported
    page.click("#arch-back")
    assert nodes(page).count() == 6


def test_neighbour_buttons_navigate_between_components(browser, report) -> None:
    page = open_graph(browser, report, PageLog())
    page.locator("#arch-view g.node[data-id='shop.web']").focus()
    page.keyboard.press("Enter")
    assert page.locator("#arch-title").inner_text() == "shop.web: 3 modules"
    page.get_by_role("button", name="shop.services (1)").first.click()
    assert page.locator("#arch-title").inner_text() == "shop.services: 2 modules"


def test_cycles_and_hidden_coupling_first(browser, report) -> None:
    page = open_report(browser, report, PageLog())
    assert "shop.cycle.c → shop.cycle.a" in page.locator("#arch-cycles tbody").inner_text()
    first = page.locator("#arch-coupling tbody tr").first.inner_text()
    assert first.split("\t")[:5] == [
        "src/shop/models/schema.py", "src/shop/web/forms.py", "92", "6", "hidden",
    ]  # fmt: skip


def test_hostile_package_name_is_text(browser, report) -> None:
    page = open_graph(browser, report, PageLog())
    assert page.evaluate("window.hacked") is None
    assert page.locator("#architecture img").count() == 0
    hostile = page.locator(f"#arch-view g.node[aria-label='{HOSTILE}']")
    assert hostile.count() == 1
    assert HOSTILE in hostile.locator("title").text_content()
