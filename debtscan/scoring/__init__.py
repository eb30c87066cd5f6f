"""Scoring: records become pandas DataFrames here and only here, and every score is
explained. One module per activity: hotspots, health, debt, bugfixes, knowledge, risk,
the ranked file frame, the summary and its KPIs, function-level hotspots and the backtest
measures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from debtscan.catalogue.model import Rule
from debtscan.config import Config
from debtscan.graphing import Architecture
from debtscan.records import FileFindings, History, Outcome
from debtscan.scoring.debt import debt_by_rule
from debtscan.scoring.frames import finding_frame, function_frame, outcome_frame
from debtscan.scoring.health import function_health
from debtscan.scoring.hotspots import hotspot_scores, percentile, top_share
from debtscan.scoring.knowledge import inactive_people, people_frame
from debtscan.scoring.kpis import Kpi, KpiInputs, measure_kpis
from debtscan.scoring.ranking import file_frame
from debtscan.scoring.summary import ScoreSummary, component_frame, summarize

__all__ = [
    "Kpi",
    "ScoreSummary",
    "Scores",
    "file_frame",
    "finding_frame",
    "function_frame",
    "hotspot_scores",
    "outcome_frame",
    "percentile",
    "score_repository",
    "top_share",
]


@dataclass(frozen=True, kw_only=True)
class Scores:
    """The scored frames of a scan and its KPIs."""

    files: pd.DataFrame  # one row per analysed file, ranked by hotspot score
    functions: pd.DataFrame  # with code health and smells
    findings: pd.DataFrame
    components: pd.DataFrame
    people: pd.DataFrame  # authors (DOA) of the analysed files
    debt_by_rule: pd.DataFrame  # remediation minutes per rule (legacy pattern or smell)
    summary: ScoreSummary
    kpis: tuple[Kpi, ...]  # the summary and more as named figures, for the history store


def score_repository(
    outcomes: Sequence[Outcome],
    history: History,
    architecture: Architecture,
    packaging: Sequence[FileFindings] = (),
    *,
    config: Config,
    rules: Sequence[Rule] = (),
) -> Scores:
    """Every score of the scan, from the stage records (``packaging``: the findings of the
    repository's packaging files; ``rules``: the rules the scan ran)."""
    functions = function_frame(outcomes)
    functions = functions.join(function_health(functions, config.thresholds))
    findings = finding_frame(outcomes, packaging, architecture.findings)
    files = file_frame(
        outcomes, history, architecture, functions=functions, findings=findings, config=config
    )
    inactive = inactive_people(
        history.author_last_seen, end=history.window_end, months=config.scoring.inactive_months
    )
    people = people_frame(files, history.author_last_seen, inactive)
    summary = summarize(
        files, findings, people, hourly_rate=config.scoring.hourly_rate,
        currency=config.scoring.currency,
    )  # fmt: skip
    kpis = KpiInputs(
        summary=summary, files=files, findings=findings, outcomes=outcomes,
        architecture=architecture, config=config, rules=rules,
    )  # fmt: skip
    return Scores(
        files=files,
        functions=functions,
        findings=findings,
        components=component_frame(files, hourly_rate=config.scoring.hourly_rate),
        people=people,
        debt_by_rule=debt_by_rule(findings),
        summary=summary,
        kpis=measure_kpis(kpis),
    )
