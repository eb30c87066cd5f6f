"""The quarterly review on a backfilled story: deltas, hotspots, goals, the documents."""

from __future__ import annotations

import dataclasses
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from debtscan.backfill import backfill
from debtscan.cli import main
from debtscan.config import ArchitectureSettings, Config, GoalKind, Goals
from debtscan.errors import DebtscanError
from debtscan.periods import PeriodKind, parse_period
from debtscan.pipeline import scan
from debtscan.progress import SilentProgress
from debtscan.reporting.json_report import scan_document
from debtscan.review import build_review
from debtscan.review.model import Direction, GoalStatus
from debtscan.review.render import render_markdown
from debtscan.store import HistoryStore, default_store_path
from tests.gitbuilder import RepoBuilder
from tests.scenarios import QuarterlyStory, quarterly_story

TODAY = datetime(2026, 1, 15, tzinfo=UTC)
NO_GOALS = Goals()
# imp and distutils are gone in 3.12; billing is a component of its own
CONFIG = Config(
    jobs=1,
    target_python="3.12",
    architecture=ArchitectureSettings(components={"money": "^app/billing"}),
)
GOALS = """
[tool.debtscan.goals]
planned-refactoring = ["app/core.py", "app/legacy.py"]
supervise = ["app/billing.py", "app/util.py", "docs"]
"""


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> tuple[RepoBuilder, QuarterlyStory]:
    builder = RepoBuilder(tmp_path_factory.mktemp("review") / "repo")
    story = quarterly_story(builder)
    (builder.path / "pyproject.toml").write_text(GOALS)  # not committed: today's config
    with HistoryStore(default_store_path(builder.path)) as store:
        backfill(
            builder.path,
            every=PeriodKind.QUARTER,
            since="6 months",
            store=store,
            config=CONFIG,
            progress=SilentProgress(),
            now=TODAY,
        )
    return builder, story


def review_of(
    builder: RepoBuilder, quarter: str | None, goals=NO_GOALS, today: datetime = TODAY
) -> object:
    with HistoryStore(default_store_path(builder.path)) as store:
        return build_review(
            store,
            repository="repo",
            config=Config(goals=goals),
            quarter=parse_period(quarter) if quarter else None,
            today=today,
        )


def lines(files: dict[str, str]) -> int:
    return sum(len(text.splitlines()) for text in files.values())


def test_key_figures_of_the_quarter_against_the_previous_one(story) -> None:
    builder, built = story
    review = review_of(builder, "2024Q2")
    assert (str(review.quarter), str(review.previous.quarter)) == ("2024Q2", "2024Q1")
    assert review.current.commit == built.commits["2024Q2"]
    kpis = {k.name: k for k in review.kpis}
    assert (kpis["files"].previous, kpis["files"].value, kpis["files"].delta) == (6, 8, 2)
    assert kpis["files"].direction is Direction.CHANGED  # size is context, not judged
    expected = lines(built.files["2024Q2"]) - lines(built.files["2024Q1"])
    assert kpis["lines"].delta == expected
    assert (kpis["import_cycles"].previous, kpis["import_cycles"].value) == (0, 1)
    assert kpis["import_cycles"].direction is Direction.WORSE
    assert kpis["files_failed"].direction is Direction.SAME


def test_the_next_quarter_breaks_the_cycle(story) -> None:
    builder, _ = story
    review = review_of(builder, "2024Q3")
    cycles = next(k for k in review.kpis if k.name == "import_cycles")
    assert (cycles.previous, cycles.value, cycles.direction) == (1, 0, Direction.BETTER)


def test_new_and_resolved_hotspots(story) -> None:
    builder, _ = story
    q1 = review_of(builder, "2024Q1")
    assert [r.path for r in q1.hotspots.current] == ["app/core.py"]
    q2 = review_of(builder, "2024Q2")
    hotspots = q2.hotspots
    assert [r.path for r in hotspots.current] == ["app/billing.py"]
    assert [r.path for r in hotspots.new] == ["app/billing.py"]
    assert [r.path for r in hotspots.resolved] == ["app/core.py"]
    (core,) = hotspots.resolved
    assert core.health_now - core.health_before >= 1.0  # a refactoring, not noise
    assert hotspots.left_unimproved == ()


def test_goals_pass_and_fail(story) -> None:
    builder, _ = story
    goals = Goals(
        supervise=(
            "app/billing.py",  # grew 25 branches: got worse
            "money",  # the component of billing.py alone
            "app/util.py",  # untouched: not worse
            "docs",  # no such files
        ),
        planned_refactoring=(
            "app/core.py",  # refactored: improved
            "app/legacy.py",  # untouched: did not improve
        ),
    )
    results = review_of(builder, "2024Q2", goals).goals
    assert [(g.kind, g.target, g.status) for g in results] == [
        (GoalKind.SUPERVISE, "app/billing.py", GoalStatus.FAILED),
        (GoalKind.SUPERVISE, "money", GoalStatus.FAILED),
        (GoalKind.SUPERVISE, "app/util.py", GoalStatus.PASSED),
        (GoalKind.SUPERVISE, "docs", GoalStatus.NO_FILES),
        (GoalKind.PLANNED_REFACTORING, "app/core.py", GoalStatus.PASSED),
        (GoalKind.PLANNED_REFACTORING, "app/legacy.py", GoalStatus.FAILED),
    ]
    assert (results[1].files, results[1].before, results[1].now) == (
        1,
        results[0].before,
        results[0].now,
    )
    assert results[0].now < results[0].before


def test_default_quarter_is_the_newest_that_has_ended(story) -> None:
    builder, _ = story
    review = review_of(builder, None)
    assert str(review.quarter) == "2024Q3"
    assert "newest stored quarter that has ended by 2026-01-15" in review.how_chosen
    assert "(no snapshot of 2025Q4, the last complete quarter)" in review.how_chosen
    assert review.trend.quarters == ("2024Q1", "2024Q2", "2024Q3")
    assert review.trend.series["files"] == (6.0, 8.0, 8.0)


def test_default_quarter_is_the_last_complete_quarter(story) -> None:
    builder, _ = story
    in_october = review_of(builder, None, today=datetime(2024, 10, 5, tzinfo=UTC))
    assert str(in_october.quarter) == "2024Q3"
    assert "last complete quarter" not in in_october.how_chosen
    # In August, 2024Q3 is under way, though its snapshot is stored: 2024Q2 is reviewed.
    in_august = review_of(builder, None, today=datetime(2024, 8, 1, tzinfo=UTC))
    assert str(in_august.quarter) == "2024Q2"


def test_the_first_stored_quarter_has_nothing_to_compare_with(story) -> None:
    builder, _ = story
    review = review_of(builder, "2024Q1")
    assert review.previous is None
    assert "nothing to compare" in review.notes[0]
    assert {k.direction for k in review.kpis} == {Direction.NEW}


def test_sections_without_data_say_so(story) -> None:
    builder, _ = story
    review = review_of(builder, "2024Q1")
    assert set(review.unavailable) == {"hotspots", "goals"}
    text = render_markdown(review)
    assert "No earlier quarter is stored: new and resolved hotspots need one." in text
    assert "No goals are set" in text


def test_key_figures_are_the_scorings(story) -> None:
    builder, _ = story
    review = review_of(builder, "2024Q2")
    kpis = {k.name: k for k in review.kpis}
    with HistoryStore(default_store_path(builder.path)) as store:
        summary = store.summary(review.current.snapshot_id)
        before = store.summary(review.previous.snapshot_id)
    assert (kpis["code_health"].value, kpis["code_health"].previous) == (
        summary["health_average"],
        before["health_average"],
    )
    assert kpis["hotspot_health"].value == summary["hotspot_health"]
    assert kpis["debt_hours"].value == round(summary["debt_minutes"] / 60, 2)
    # money = hours x the default rate of 100 an hour
    assert kpis["debt_money"].value == pytest.approx(kpis["debt_hours"].value * 100)
    assert kpis["debt_money"].unit == "USD"
    assert kpis["debt_rating"].value == "ABCDE".index(summary["debt_rating"]) + 1
    assert kpis["truck_factor"].value == summary["truck_factor"]
    # billing.py: written by Carol alone in Q2, core.py refactored by Bob
    assert kpis["debt_hours"].direction is Direction.WORSE


def test_risks_have_owners_and_knowledge_left_with_dave(story) -> None:
    builder, _ = story
    review = review_of(builder, "2024Q2")
    risks = [risk.risk for risk in review.risks]
    assert risks == sorted(risks, reverse=True)
    owners = {risk.path: risk.owner for risk in review.risks}
    assert owners["app/billing.py"] == "Carol Example"  # wrote it alone
    top = review.risks[0]
    assert top.explanation.startswith(f"risk {top.risk:.2f}: change")
    # Dave wrote legacy.py in 2022 and nothing since: more than 6 months inactive.
    (loss,) = review.knowledge
    assert (loss.path, loss.people, loss.share) == ("app/legacy.py", "Dave Example", 1.0)
    abandoned = next(k for k in review.kpis if k.name == "abandoned_files")
    assert (abandoned.previous, abandoned.value) == (1, 1)


@pytest.mark.parametrize("quarter", ["2023Q4", "2024-05", "next"])
def test_a_quarter_without_snapshot_or_malformed_is_an_error(story, quarter: str) -> None:
    builder, _ = story
    with pytest.raises(DebtscanError):
        review_of(builder, quarter)


def test_cli_review_writes_html_and_markdown(story, tmp_path: Path) -> None:
    builder, _ = story
    out = tmp_path / "review"
    result = CliRunner().invoke(
        main, ["review", str(builder.path), "--quarter", "2024Q2", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Review of 2024Q2 against 2024Q1 (as asked with --quarter)" in result.output
    markdown = (out / "review.md").read_text()
    assert "| Import cycles | 1 | 0 | +1 | ▼ worse |" in markdown
    assert re.search(
        r"\| Technical debt in money \| [\d,]+ USD \| [\d,]+ USD \| \+[\d,]+ USD", markdown
    )
    assert "- app/billing.py: changed 5 times in 12 months" in markdown
    assert "| supervise | app/billing.py | 1 |" in markdown  # the goals of pyproject.toml
    assert "**failed**: code health got worse" in markdown
    html = (out / "review.html").read_text()
    assert '<tr class="worse" data-kpi="import_cycles">' in html


def test_markdown_escapes_what_markdown_would_read(story) -> None:
    builder, _ = story
    review = review_of(builder, "2024Q2")
    hostile = dataclasses.replace(review, repository="a|b *c* <img src=x> [l](u)")
    text = render_markdown(hostile)
    assert "a\\|b \\*c\\* \\<img src=x\\> \\[l\\](u)" in text
    assert re.search(r"(?<!\\)[<|*\[]img", text) is None


def test_notes_say_when_quarters_are_missing_or_configurations_differ(story, tmp_path) -> None:
    builder, built = story
    copy = tmp_path / "history.sqlite"
    shutil.copy(default_store_path(builder.path), copy)
    with HistoryStore(copy) as store:
        # The 2022 import, scanned with another window: another configuration.
        other = Config(since="2y", cache=False, jobs=1)
        store.record(scan_document(scan(builder.path, at=built.commits["2022Q1"], config=other)))
        review = build_review(
            store, repository="repo", config=Config(), quarter=parse_period("2024Q1"), today=TODAY
        )
    assert str(review.previous.quarter) == "2022Q1"
    assert review.notes[0] == "No snapshot of 2023Q4 is stored: 2024Q1 is compared with 2022Q1."
    assert "different configurations" in review.notes[1]


def test_cli_review_without_a_store_is_a_clear_error(builder: RepoBuilder) -> None:
    builder.commit("one", files={"a.py": "x = 1\n"})
    result = CliRunner().invoke(main, ["review", str(builder.path)])
    assert result.exit_code == 2
    assert "no history store" in result.output
    assert not (builder.path / ".debtscan" / "history.sqlite").exists()


def test_modernization_progress_and_readiness(story) -> None:
    builder, built = story
    review = review_of(builder, "2024Q2")
    changes = {c.category: (c.before, c.now, c.added, c.removed) for c in review.modernization}
    # core.py's imp import left with the refactoring, billing.py brought distutils; the
    # three code-health findings of the complex function moved from core.py to billing.py
    # (legacy.py keeps its three); a.py and b.py brought an import cycle.
    assert changes == {
        "removed-stdlib": (1, 1, 1, 1),
        "code-health": (3 + 3, 3 + 3, 3, 3),
        "architecture": (0, 1, 1, 0),
    }
    q1, q2 = built.files["2024Q1"], built.files["2024Q2"]
    blocked_q1 = len(q1["app/core.py"].splitlines())  # imp: removed in 3.12
    blocked_q2 = len(q2["app/billing.py"].splitlines())  # distutils: removed in 3.12
    readiness = review.readiness
    assert readiness.previous == round(100 * (lines(q1) - blocked_q1) / lines(q1), 2)
    assert readiness.value == round(100 * (lines(q2) - blocked_q2) / lines(q2), 2)
    assert readiness.direction is Direction.WORSE


def test_next_quarter_targets_are_ordered_by_interest(story) -> None:
    builder, _ = story
    review = review_of(builder, "2024Q2")
    with HistoryStore(default_store_path(builder.path)) as store:
        files = store.files(review.current.snapshot_id).set_index("path")
    # legacy.py carries debt but did not change in the window: no interest. core.py
    # changed but its debt left with the refactoring. b.py carries the cycle's finding
    # and changed once.
    billing, cycle = review.targets
    debt = files.at["app/billing.py", "debt_minutes"]
    assert (billing.path, cycle.path) == ("app/billing.py", "app/b.py")
    assert (billing.interest, billing.revisions) == (debt * 5, 5)
    assert billing.debt_hours == round(debt / 60, 1)
    assert billing.debt_money == pytest.approx(debt / 60 * 100)  # the default 100 an hour
    assert (cycle.interest, cycle.revisions) == (files.at["app/b.py", "debt_minutes"], 1)
