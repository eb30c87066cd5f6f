"""Progress in CI logs: counts, rates and time left, one line per interval."""

from __future__ import annotations

import io
import re

from debtscan.progress import LineProgress


def test_line_progress_prints_rate_and_time_left_when_the_total_is_known() -> None:
    stream = io.StringIO()
    progress = LineProgress(stream, interval=0.0)
    progress.start("analysis", total=10)
    progress.advance("analysis", 4)
    progress.finish("analysis", "10 analysed")
    lines = stream.getvalue().splitlines()
    assert lines[0] == "analysis: started (10 items)"
    assert re.fullmatch(r"analysis: 4/10 \(\d+/s, about \d+s left\)", lines[1]), lines[1]
    assert re.fullmatch(r"analysis: done in \d+\.\ds, 10 analysed", lines[2]), lines[2]


def test_line_progress_without_a_total_prints_count_and_rate_only() -> None:
    stream = io.StringIO()
    progress = LineProgress(stream, interval=0.0)
    progress.start("history")
    progress.advance("history", 250)
    assert re.fullmatch(r"history: 250 \(\d+/s\)", stream.getvalue().splitlines()[1])
