"""Real headless Chromium (Debian's, no browser download) for the report tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these flags Chromium phones home at start, which a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@dataclass
class PageLog:
    """What a page did while loading: console errors and any request off the file."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is needed for the report tests: apt-get install -y chromium")
    with playwright.sync_playwright() as driver:
        instance = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


def open_report(browser, path: Path, log: PageLog, *, width: int = 1300, fragment: str = ""):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    page.on("request", lambda r: None if r.url.startswith("file:") else log.requests.append(r.url))
    page.goto(path.as_uri() + fragment)
    page.wait_for_load_state("load")
    return page


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def open_ready(browser, path: Path, log: PageLog, *, width: int = 1300, fragment: str = ""):
    """Open a report and wait until its script has set up the page."""
    page = open_report(browser, path, log, width=width, fragment=fragment)
    page.wait_for_selector("body[data-ready]")
    return page


def draw_every_chart(page) -> list[str]:
    """Scroll each chart into view (they draw when seen) and wait until plotly drew it."""
    names = []
    for chart in page.locator("[data-figure]").all():
        chart.scroll_into_view_if_needed()
        name = chart.get_attribute("data-figure")
        page.wait_for_selector(f"[data-figure={name}][data-rendered] .main-svg", timeout=30_000)
        names.append(name)
    return names


def section_screenshot(page, section: str, name: str) -> None:
    """A screenshot of one section, without the sticky navigation over it."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.add_style_tag(content=".section-nav { position: static !important; }")
    page.locator(f"#{section}").screenshot(path=str(ARTIFACTS / f"{name}.png"))


@dataclass(frozen=True, kw_only=True)
class Timing:
    """Milliseconds from navigation start, as the page measured them."""

    first_paint: float  # first contentful paint: the summary's text on screen
    ready: float  # the page script has run: every control of the first screen works

    @property
    def first_screen(self) -> float:
        return max(self.first_paint, self.ready)


def time_first_screen(browser, path: Path, log: PageLog):
    """Open the report cold and return (page, Timing) once its first screen is up."""
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    page.on("request", lambda r: None if r.url.startswith("file:") else log.requests.append(r.url))
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_selector("body[data-ready]", timeout=60_000)
    paint = page.evaluate(
        "(performance.getEntriesByName('first-contentful-paint')[0] || {startTime: 0}).startTime"
    )
    ready = float(page.get_attribute("body", "data-ready"))
    return page, Timing(first_paint=paint, ready=ready)
