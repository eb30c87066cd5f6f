"""debtscan backtest: the measures by hand, and a built history whose answer is known."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest
from click.testing import CliRunner

from debtscan.backtest import RISK_RANKING, run_backtest
from debtscan.cli import main
from debtscan.config import Config
from debtscan.errors import DebtscanError
from debtscan.scoring.backtest import captured, is_test_file, ranking_quality, roc_auc
from tests.gitbuilder import ALICE, BOB, RepoBuilder, complex_module, iso


def series(*values) -> pd.Series:
    return pd.Series(values, dtype=float)


def test_roc_auc_counts_ties_as_half() -> None:
    # Ranks 4, 2.5, 2.5, 1; positives at 4 and 2.5: U = 6.5 - 3 = 3.5 of 2 x 2 pairs.
    assert roc_auc(series(3, 2, 2, 1), series(1, 0, 1, 0)) == pytest.approx(0.875)
    assert roc_auc(series(3, 2, 1), series(1, 1, 0)) == 1.0
    assert roc_auc(series(1, 2, 3), series(1, 1, 0)) == 0.0
    assert roc_auc(series(1, 2), series(1, 1)) is None


def test_captured_splits_a_tied_group_at_the_cut() -> None:
    scores, gains = series(5, 3, 3, 3, 1), series(2, 3, 0, 0, 9)
    # Budget 2 files: the top file (gain 2), then 1 of the 3 tied files: 3 x 1/3.
    assert captured(scores, gains, series(1, 1, 1, 1, 1), 2) == pytest.approx(3.0)
    # Costs in lines: 10, then the tied group of 30 lines gets 15 of them: 3 x 1/2.
    assert captured(scores, gains, series(10, 10, 10, 10, 10), 25) == pytest.approx(3.5)


def test_ranking_quality_by_hand() -> None:
    scores = series(9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
    touches = series(3, 0, 1, 0, 0, 0, 0, 0, 0, 1)
    loc = series(100, 10, 10, 10, 10, 10, 10, 10, 10, 10)
    q = ranking_quality("r", scores, touches, loc)
    # 3 fixed files, 7 others; the fixed files outrank 7, 6 and 0 of them: 13 of 21 pairs.
    assert q.auc == pytest.approx(13 / 21)
    assert q.precision_at_10 == pytest.approx(0.3)
    assert q.touches_top_10 == pytest.approx(3 / 5)  # top 1 file
    assert q.touches_top_20 == pytest.approx(3 / 5)  # top 2 files
    # 20 % of 190 lines = 38: the first file alone holds 100, so 38 % of its touches.
    assert q.touches_at_20_loc == pytest.approx(0.38 * 3 / 5)


@pytest.mark.parametrize(
    ("path", "expected"),
    [("tests/test_a.py", True), ("pkg/tests/helpers.py", True), ("test_x.py", True),
     ("pkg/x_test.py", True), ("conftest.py", True), ("pkg/testing.py", False),
     ("pkg/contest.py", False), ("src/pkg/attest.py", False)],
)  # fmt: skip
def test_is_test_file(path, expected) -> None:
    assert is_test_file(path) is expected


def known_history(builder: RepoBuilder) -> RepoBuilder:
    """Before 2024-01-01: hot.py complex and changed every month, bug fixes included;
    warm.py changed twice; three simple files never again. Afterwards: bug fixes land on
    hot.py (twice, once after a rename to core.py) and warm.py, a feature on cold1.py."""
    simple = "def f(x):\n    return x\n"
    builder.commit("Initial", files={"hot.py": complex_module(12, tag="0"),
                                     "warm.py": complex_module(4, tag="0"),
                                     "cold1.py": simple, "cold2.py": simple, "cold3.py": simple,
                                     "tests/test_hot.py": "def test():\n    assert 1\n"},
                   author=ALICE, date=iso(2023, 1))  # fmt: skip
    builder.commit("Tune warm", files={"warm.py": complex_module(4, tag="w")},
                   date=iso(2023, 1, 10))  # fmt: skip
    builder.commit("Tune warm", files={"warm.py": complex_module(4, tag="x")},
                   date=iso(2023, 1, 20))  # fmt: skip
    for month in range(2, 13):
        message = "Fix overflow" if month % 3 == 0 else "Tune"
        builder.commit(f"{message} {month}", files={"hot.py": complex_module(12, tag=str(month))},
                       author=BOB, date=iso(2023, month))  # fmt: skip
    # After the date.
    builder.commit("Fix hot bug", files={"hot.py": complex_module(12, tag="f1"),
                                         "tests/test_hot.py": "def test():\n    assert 2\n"},
                   date=iso(2024, 2))  # fmt: skip
    builder.commit("Move hot", rename={"hot.py": "core.py"}, date=iso(2024, 3))
    builder.commit("Fix core again", files={"core.py": complex_module(12, tag="f2")},
                   date=iso(2024, 4))  # fmt: skip
    builder.commit("Fix warm", files={"warm.py": complex_module(4, tag="f")}, date=iso(2024, 5))
    builder.commit("Add feature", files={"cold1.py": "def f(x):\n    return x + 1\n"},
                   date=iso(2024, 6))  # fmt: skip
    return builder


def test_backtest_on_a_known_history(builder: RepoBuilder) -> None:
    path = known_history(builder).path
    result = run_backtest(path, at=datetime(2024, 1, 1), config=Config(cache=False))
    assert result.commit_date.date().isoformat() == "2023-12-01"
    assert (result.files, result.files_fixed, result.bugfix_touches) == (5, 2, 3)
    assert (result.commits, result.bugfix_commits) == (5, 3)
    frame = result.frame.set_index("path")
    assert frame["touches"].to_dict() == {"hot.py": 2, "warm.py": 1, "cold1.py": 0,
                                          "cold2.py": 0, "cold3.py": 0}  # fmt: skip
    qualities = {q.ranking: q for q in result.rankings}
    risk = qualities[RISK_RANKING]
    # hot.py ranks first, warm.py second, the three quiet files after them.
    assert frame[RISK_RANKING].idxmax() == "hot.py"
    assert risk.auc == 1.0
    assert risk.precision_at_10 == pytest.approx(2 / 5)  # 5 files: k = 5
    assert risk.touches_top_10 == pytest.approx(2 / 3, abs=1e-4)  # ceil(0.5) = 1: hot.py
    assert risk.touches_top_20 == pytest.approx(2 / 3, abs=1e-4)
    # Lines of code only: every simple file has the same size, so LOC ranks the two
    # complex files first as well; commits rank hot.py (12) before warm.py (3).
    assert qualities["commits"].auc == 1.0
    assert list(qualities) == [RISK_RANKING, "lines of code", "commits", "bugspots",
                               "cyclomatic", "LOC x commits"]  # fmt: skip


def test_backtest_with_tests_and_until(builder: RepoBuilder) -> None:
    path = known_history(builder).path
    result = run_backtest(path, at=datetime(2024, 1, 1), until=datetime(2024, 3, 15),
                          include_tests=True, config=Config(cache=False))  # fmt: skip
    frame = result.frame.set_index("path")
    # Up to the rename (mid-March): one bug fix, on hot.py and its test.
    assert frame["touches"].to_dict()["tests/test_hot.py"] == 1
    assert (result.files, result.bugfix_commits, result.bugfix_touches) == (6, 1, 2)


def test_backtest_cli_table_and_json(builder: RepoBuilder) -> None:
    path = known_history(builder).path
    runner = CliRunner()
    table = runner.invoke(main, ["backtest", str(path), "--at", "2024-01-01"])
    assert table.exit_code == 0, table.output
    assert "debtscan risk" in table.output and "20 % LOC" in table.output
    out = runner.invoke(main, ["backtest", str(path), "--at", "2024-01-01", "--json"])
    document = json.loads(out.stdout)
    assert document["files_fixed"] == 2
    assert document["rankings"][0]["ranking"] == RISK_RANKING
    assert document["rankings"][0]["auc"] == 1.0


def test_backtest_errors_are_one_line(builder: RepoBuilder, tmp_path) -> None:
    path = known_history(builder).path
    with pytest.raises(DebtscanError, match="no commit before 2020-01-01"):
        run_backtest(path, at=datetime(2020, 1, 1), config=Config(cache=False))
    with pytest.raises(DebtscanError, match="no commits between"):
        run_backtest(path, at=datetime(2030, 1, 1), config=Config(cache=False))
    result = CliRunner().invoke(main, ["backtest", str(tmp_path), "--at", "2024-01-01"])
    assert result.exit_code == 2
    assert "not a git repository" in result.output
