"""Time the HTML report of a large repository: build, size, and first screen in Chromium.

    python benchmarks/report_benchmark.py [--files 5000] [--repeat 3] [--out DIR]
    python benchmarks/report_benchmark.py --scan-json path/to/scan.json

Renders index.html from a synthetic scan document of ``--files`` files (every field the
stages write; see tests/synthetic_scan.py) or from a real scan.json, then opens it cold
in headless Chromium ``--repeat`` times and prints: render time, file size, first
contentful paint, the first screen (the page script done), and the time until the
treemap is drawn after scrolling to it. The machine is shared and noisy: compare
figures from the same run only.

Issue 6's budgets: index.html under 25 MB, the first screen under 3 s (median); the
script exits 1 when either is exceeded.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from debtscan.reporting.html_report import render_html
from tests.browser import CHROMIUM, CHROMIUM_ARGS, PageLog, time_first_screen
from tests.synthetic_scan import synthetic_document

MAX_MEGABYTES = 25.0
MAX_FIRST_SCREEN_S = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scan-json", type=Path, help="a real scan.json instead")
    parser.add_argument("--out", type=Path, help="keep index.html in this folder")
    args = parser.parse_args()

    started = time.perf_counter()
    if args.scan_json:
        document = json.loads(args.scan_json.read_text(encoding="utf-8"))
    else:
        document = synthetic_document(args.files)
    built = time.perf_counter()
    page = render_html(document)
    rendered = time.perf_counter()
    out = args.out or Path(tempfile.mkdtemp(prefix="debtscan-report-"))
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")

    files = len(document["files"])
    print(f"files            {files:,} ({len(document['functions']):,} functions, "
          f"{len(document['findings']):,} findings)")  # fmt: skip
    print(f"document         {built - started:6.2f} s")
    print(f"render_html      {rendered - built:6.2f} s")
    print(f"index.html       {path.stat().st_size / 1e6:6.2f} MB  ({path})")
    paints, screens, maps = [], [], []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=CHROMIUM_ARGS)  # fmt: skip
        for _ in range(args.repeat):
            log = PageLog()
            tab, timing = time_first_screen(browser, path, log)
            tab.locator("#treemap").scroll_into_view_if_needed()
            tab.wait_for_selector("#treemap[data-rendered] .main-svg", timeout=120_000)
            maps.append(tab.evaluate("performance.now()"))
            paints.append(timing.first_paint)
            screens.append(timing.first_screen)
            if log.errors or log.requests:
                print(f"page errors {log.errors}, requests {log.requests}")
            tab.close()
        browser.close()
    for label, values in (("first paint", paints), ("first screen", screens),
                          ("treemap drawn", maps)):  # fmt: skip
        shown = ", ".join(f"{v / 1000:.2f}" for v in values)
        print(f"{label:<16} {statistics.median(values) / 1000:6.2f} s median  ({shown})")
    megabytes = path.stat().st_size / 1e6
    first_screen = statistics.median(screens) / 1000
    within = megabytes < MAX_MEGABYTES and first_screen < MAX_FIRST_SCREEN_S
    print(
        f"budget           {'met' if within else 'EXCEEDED'}: {megabytes:.1f} of "
        f"{MAX_MEGABYTES:.0f} MB, first screen {first_screen:.2f} of {MAX_FIRST_SCREEN_S:.0f} s"
    )
    if not within:
        sys.exit(1)


if __name__ == "__main__":
    main()
