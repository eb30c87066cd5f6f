"""The scored file frame: every measure and score of a file, ranked, with the reasons."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from debtscan.config import Config
from debtscan.graphing import Architecture
from debtscan.records import History, HistoryStatus, Outcome
from debtscan.scoring.bugfixes import file_bugspots
from debtscan.scoring.debt import file_debt
from debtscan.scoring.frames import measure_frame
from debtscan.scoring.health import file_health
from debtscan.scoring.hotspots import hotspot_scores, mark_hotspots, percentile, top_share
from debtscan.scoring.knowledge import file_knowledge, inactive_people
from debtscan.scoring.risk import effort_factor, risk_explanations, risk_parts, risk_scores


def file_frame(
    outcomes: Sequence[Outcome],
    history: History,
    architecture: Architecture,
    *,
    functions: pd.DataFrame,
    findings: pd.DataFrame,
    config: Config,
) -> pd.DataFrame:
    """One row per analysed file with every score, ranked by hotspot score (``rank``) and
    by risk (``risk_rank``). ``functions`` must carry ``penalty`` (see function_health)."""
    frame = measure_frame(outcomes, history, architecture)
    has_history = history.status in (HistoryStatus.COMPLETE, HistoryStatus.SHALLOW)
    frame["revisions_percentile"] = percentile(frame["revisions"])
    frame["complexity_percentile"] = percentile(frame["cyclomatic_total"])
    frame["hotspot"] = hotspot_scores(
        frame["revisions"], frame["cyclomatic_total"], has_history=has_history
    ).round(4)
    frame = frame.sort_values(
        ["hotspot", "cyclomatic_total", "revisions", "path"],
        ascending=[False, False, False, True],
        ignore_index=True,
    )
    frame["rank"] = range(1, len(frame) + 1)
    frame["is_hotspot"] = mark_hotspots(frame["hotspot"]).astype(bool)
    frame = frame.join(file_health(frame, functions, config.thresholds))
    frame = frame.join(file_debt(frame, findings))
    frame["bugspots"] = file_bugspots(frame["path"], history.bugfix_times, end=history.window_end)
    inactive = inactive_people(
        history.author_last_seen, end=history.window_end, months=config.scoring.inactive_months
    )
    frame = frame.join(file_knowledge(frame["path"], history.files, inactive))
    effort = effort_factor(frame["sloc"], config.scoring.effort_exponent)
    scores = risk_scores(risk_parts(frame), config.scoring.risk_weights, effort)
    frame = frame.join(scores)
    order = frame.sort_values(["risk", "rank"], ascending=[False, True]).index
    frame.loc[order, "risk_rank"] = range(1, len(frame) + 1)
    frame["risk_rank"] = frame["risk_rank"].astype(int)
    frame["explanation"] = _explanations(frame, window=config.since, has_history=has_history)
    frame["risk_explanation"] = risk_explanations(scores)
    return frame


def _explanations(frame: pd.DataFrame, *, window: str, has_history: bool) -> list[str]:
    change_top = top_share(frame["revisions"])
    complexity_top = top_share(frame["cyclomatic_total"])
    texts = []
    for row, change, complex_ in zip(frame.itertuples(), change_top, complexity_top, strict=True):
        parts = []
        if has_history:
            times = "time" if row.revisions == 1 else "times"
            parts.append(f"changed {row.revisions} {times} in {window} ({_top(change)})")
        parts.append(f"cyclomatic {row.cyclomatic_total} ({_top(complex_)})")
        if has_history:
            parts.append(f"{row.authors} author{'s' if row.authors != 1 else ''}")
        parts.append(f"health {row.code_health:.1f}")
        if row.debt_minutes:
            parts.append(f"debt {_duration(row.debt_minutes)} ({row.debt_rating})")
        if row.bugfixes:
            fixes = "bug fix" if row.bugfixes == 1 else "bug fixes"
            parts.append(f"{row.bugfixes} {fixes} in {window}")
        texts.append(", ".join(parts))
    return texts


def _top(share: float) -> str:
    return f"top {max(1, math.ceil(share * 100))} %"


def _duration(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    return f"{hours}h{rest:02d}" if hours else f"{rest} min"
