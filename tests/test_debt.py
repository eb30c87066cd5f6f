"""Debt minutes, ratio, rating, money and interest, on built repositories."""

from __future__ import annotations

import dataclasses

import pytest

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.catalogue import load_catalogue
from debtscan.config import Config, ScoringConfig
from debtscan.gitrepo import describe_repository, open_repository
from debtscan.graphing import build_architecture
from debtscan.history import read_history
from debtscan.progress import SilentProgress
from debtscan.records import Finding, Severity
from debtscan.scoring import score_repository
from debtscan.scoring.debt import Rating, debt_money, debt_ratio, rating
from tests.gitbuilder import RepoBuilder, iso


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (0.0, Rating.A), (0.05, Rating.A), (0.0501, Rating.B), (0.10, Rating.B),
        (0.1001, Rating.C), (0.20, Rating.C), (0.2001, Rating.D), (0.50, Rating.D),
        (0.5001, Rating.E), (3.0, Rating.E),
    ],
)  # fmt: skip
def test_rating_boundaries(ratio, expected) -> None:
    assert rating(ratio) == expected


def test_debt_ratio_and_money() -> None:
    # 150 minutes on 100 lines: 150 / (30 x 100) = 5 %, still an A.
    assert debt_ratio(150, 100) == pytest.approx(0.05)
    assert rating(debt_ratio(150, 100)) == Rating.A
    assert rating(debt_ratio(151, 100)) == Rating.B
    assert debt_ratio(10, 0) == 0.0
    assert debt_money(90, 80.0) == 120.0  # 1.5 h at 80 an hour


def body(count: int, tag: str) -> str:
    return "".join(f"{tag}{n} = {n}\n" for n in range(count))


def finding(minutes: int, category: str = "deprecated-api") -> Finding:
    return Finding(code="DS200", line=1, message="m", category=category,
                   severity=Severity.LOW, minutes=minutes)  # fmt: skip


def scored(builder: RepoBuilder, findings: dict[str, list[Finding]], **scoring):
    """Analyse the repository's files for real, attach the given findings (the rules
    engine's output), read the real history and score."""
    outcomes = []
    for path in sorted(findings):
        outcome = analyze_file(path, (builder.path / path).read_bytes(),
                               settings=AnalysisSettings())  # fmt: skip
        outcomes.append(dataclasses.replace(outcome, findings=tuple(findings[path])))
    config = Config(cache=False, scoring=ScoringConfig(**scoring))
    git_info = describe_repository(open_repository(builder.path))
    history = read_history(builder.path, git_info=git_info, config=config,
                           progress=SilentProgress())  # fmt: skip
    rules = load_catalogue().rules  # its graph rules make the architecture findings
    architecture = build_architecture(outcomes, history=history, config=config, rules=rules)
    return score_repository(outcomes, history, architecture, config=config)


def test_debt_per_file_component_repository_and_interest_order(builder: RepoBuilder) -> None:
    builder.commit("add", files={"pkg/__init__.py": "", "pkg/busy.py": body(100, "b"),
                                 "pkg/quiet.py": body(100, "q"), "top.py": body(50, "t")},
                   date=iso(2024, 1))  # fmt: skip
    for month in (2, 3, 4, 5):  # busy.py changes 4 more times: 5 revisions in the window
        builder.commit(f"edit {month}", files={"pkg/busy.py": body(100 + month, "b")},
                       date=iso(2024, month))  # fmt: skip
    scores = scored(
        builder,
        {
            "pkg/__init__.py": [],
            "pkg/busy.py": [finding(30), finding(30)],  # 60 min x 5 revisions = 300
            "pkg/quiet.py": [finding(120), finding(60, "code-health")],  # 180 x 1 = 180
            "top.py": [finding(1000)],  # 1000 x 1 = 1000
        },
        hourly_rate=60.0,
        currency="EUR",
    )
    files = scores.files.set_index("path")
    assert files.loc["pkg/busy.py", "debt_minutes"] == 60
    assert files.loc["pkg/busy.py", "revisions"] == 5
    assert files.loc["pkg/busy.py", "interest"] == 300
    assert files.loc["pkg/quiet.py", "interest"] == 180
    assert files.loc["pkg/quiet.py", "legacy_minutes"] == 120  # code-health is not legacy
    # top.py: 1000 min on 50 lines = 1000 / 1500 = 66.7 %: E. busy.py: 60 / (30 x 105): A.
    assert files.loc["top.py", "debt_ratio"] == pytest.approx(0.6667, abs=1e-4)
    assert files.loc["top.py", "debt_rating"] == "E"
    assert files.loc["pkg/busy.py", "debt_rating"] == "A"
    # Refactoring targets by interest: top.py 1000, busy.py 300, quiet.py 180.
    targets = scores.files.sort_values("interest", ascending=False)["path"].head(3)
    assert list(targets) == ["top.py", "pkg/busy.py", "pkg/quiet.py"]
    components = scores.components.set_index("component")
    assert components.loc["pkg", "debt_minutes"] == 240
    assert components.loc["pkg", "interest"] == 480
    assert components.loc["(top level)", "debt_rating"] == "E"
    summary = scores.summary
    assert summary.debt_minutes == 1240
    assert summary.loc == 50 + 105 + 100
    assert summary.debt_ratio == pytest.approx(1240 / (30 * 255), abs=1e-4)
    assert summary.debt_rating == Rating.C  # 16.2 %
    assert (summary.debt_money, summary.currency) == (1240.0, "EUR")
    assert summary.interest == 1480
    assert summary.refactoring_targets == ("top.py", "pkg/busy.py", "pkg/quiet.py")
    rules = scores.debt_by_rule
    assert rules.to_dict("records") == [
        {"code": "DS200", "category": "deprecated-api", "count": 4, "minutes": 1180},
        {"code": "DS200", "category": "code-health", "count": 1, "minutes": 60},
    ]
