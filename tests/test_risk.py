"""The risk ranking: its parts, their weights from the config, and the explanation."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from debtscan.config import Config, RiskWeights, load_config
from debtscan.errors import ConfigError
from debtscan.pipeline import scan
from debtscan.scoring.risk import (
    RiskPart,
    effort_factor,
    risk_explanations,
    risk_parts,
    risk_scores,
)
from tests.gitbuilder import RepoBuilder, iso
from tests.scenarios import hotspot_repository


def test_every_risk_part_has_a_weight() -> None:
    assert {f.name for f in dataclasses.fields(RiskWeights)} == set(RiskPart)


# Weights written out, so that the hand computations below do not move with the defaults.
THREE_THREE_ONES = RiskWeights(change=3, complexity=3, bugfixes=1, legacy=1, centrality=1,
                               knowledge=1)  # fmt: skip


def test_risk_is_the_weighted_mean_of_its_parts() -> None:
    parts = pd.DataFrame([{part: 0.0 for part in RiskPart} | {"change": 1.0, "complexity": 0.5}])
    # Weights 3, 3, 1, 1, 1, 1 (sum 10): (3 x 1 + 3 x 0.5) / 10.
    scores = risk_scores(parts, THREE_THREE_ONES)
    assert scores.loc[0, "risk"] == pytest.approx(0.45)
    assert scores.loc[0, "risk_change"] == pytest.approx(0.3)
    assert scores.loc[0, "risk_complexity"] == pytest.approx(0.15)
    assert risk_explanations(scores) == ["risk 0.45: change 0.30, complexity 0.15"]
    only_complexity = RiskWeights(change=0, complexity=1, bugfixes=0, legacy=0, centrality=0,
                                  knowledge=0)  # fmt: skip
    assert risk_scores(parts, only_complexity).loc[0, "risk"] == pytest.approx(0.5)


def test_the_default_weights_are_the_documented_mean() -> None:
    parts = pd.DataFrame([{part: 1.0 - 0.1 * number for number, part in enumerate(RiskPart)}])
    weights = RiskWeights()
    total = sum(getattr(weights, part) for part in RiskPart)
    expected = sum(getattr(weights, part) * parts.loc[0, part] for part in RiskPart) / total
    assert risk_scores(parts, weights).loc[0, "risk"] == pytest.approx(expected, abs=1e-4)


def test_effort_factor_scales_the_risk_and_its_parts() -> None:
    parts = pd.DataFrame([{part: 0.0 for part in RiskPart} | {"change": 1.0, "complexity": 0.5}])
    # 180 lines of code: (20 / 200) ** 0.05 = 0.8913.
    effort = effort_factor(pd.Series([180]), 0.05)
    assert effort.iloc[0] == pytest.approx(0.1**0.05)
    scores = risk_scores(parts, THREE_THREE_ONES, effort)
    assert scores.loc[0, "risk"] == pytest.approx(0.45 * 0.1**0.05, abs=1e-4)
    assert scores.loc[0, "risk_change"] == pytest.approx(0.3 * 0.1**0.05, abs=1e-4)
    assert risk_explanations(scores) == [
        "risk 0.40: change 0.27, complexity 0.13 (x 0.89 for size)"
    ]
    assert effort_factor(pd.Series([180]), 0.0).iloc[0] == 1.0


def test_risk_weights_from_pyproject(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.debtscan.scoring]\nhourly-rate = 80\ncurrency = 'EUR'\n"
        "[tool.debtscan.scoring.risk-weights]\nchange = 1\nknowledge = 0\n"
    )
    scoring = load_config(tmp_path).scoring
    assert (scoring.hourly_rate, scoring.currency) == (80.0, "EUR")
    assert scoring.risk_weights == RiskWeights(change=1.0, knowledge=0.0)
    (tmp_path / "pyproject.toml").write_text("[tool.debtscan.scoring.risk-weights]\nchurn = 1\n")
    with pytest.raises(ConfigError, match="churn"):
        load_config(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.debtscan.scoring.risk-weights]\nchange = -1\n")
    with pytest.raises(ConfigError, match="risk-weights"):
        load_config(tmp_path)


def test_the_frame_keeps_each_part_of_the_risk(builder: RepoBuilder) -> None:
    result = scan(hotspot_repository(builder).path, config=Config(cache=False))
    files = result.files.set_index("path")
    parts = files[[f"risk_{part}" for part in RiskPart]]
    assert (parts.sum(axis=1) - files["risk"]).abs().max() < 1e-3
    assert files["risk_rank"].sort_values().tolist() == list(range(1, len(files) + 1))
    top = files.sort_values("risk_rank").iloc[0]
    assert top.name == "app/core.py"  # changed most, most complex of the changed files
    assert top["risk_explanation"].startswith(f"risk {top['risk']:.2f}: change ")


def statements(count: int, tag: str = "") -> str:
    """``count`` lines of code; a new ``tag`` changes the first line only."""
    return f"FIRST = {tag!r}\n" + "".join(f"value_{n} = {n}\n" for n in range(1, count))


def test_the_change_part_is_change_times_size(builder: RepoBuilder) -> None:
    builder.commit("Initial import", date=iso(2024, 1, 2), files={
        "big.py": statements(30), "busy.py": statements(3),
        "still.py": statements(20), "tiny.py": statements(2),
    })  # fmt: skip
    edits = ["busy.py"] * 6 + ["big.py"] * 2 + ["tiny.py"] * 3
    for day, path in enumerate(edits, start=3):
        size = {"busy.py": 3, "big.py": 30, "tiny.py": 2}[path]
        builder.commit(f"Edit {path}", files={path: statements(size, str(day))},
                       date=iso(2024, 1, day))  # fmt: skip
    files = scan(builder.path, config=Config(cache=False)).files.set_index("path")
    # Recent changes, sum of ln(1 + lines) x 2^(-age / 1 year) (an edited line is one
    # deleted and one added): busy ln 4 + 6 ln 3 = 8.0, big ln 31 + 2 ln 3 = 5.6, tiny
    # ln 3 + 3 ln 3 = 4.4, still ln 21 = 3.0, each times an age factor between 0.96 and 1
    # (all within two weeks of HEAD), which keeps the order. Percentiles: still 1/4, tiny
    # 2/4, big 3/4, busy 1. Lines of code: tiny 2, busy 3, still 20, big 30, percentiles
    # 1/4 to 1. busy.py changes most, but big.py holds ten times its code.
    expected = {"big.py": 3 / 4 * 1, "busy.py": 1 * 2 / 4, "still.py": 1 / 4 * 3 / 4,
                "tiny.py": 2 / 4 * 1 / 4}  # fmt: skip
    assert risk_parts(files)[RiskPart.CHANGE].to_dict() == pytest.approx(expected)
    # The frame keeps the part's share of the risk, scaled by the file's effort factor.
    scoring = Config().scoring
    weights = scoring.risk_weights
    share = weights.change / sum(getattr(weights, part) for part in RiskPart)
    effort = effort_factor(files["sloc"], scoring.effort_exponent)
    for path, part in expected.items():
        assert files.loc[path, "risk_change"] == pytest.approx(
            part * share * effort[path], abs=1e-4
        )
