"""Code health 1-10 per function and file, and the health KPIs, on real code."""

from __future__ import annotations

import pandas as pd
import pytest

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.config import Config
from debtscan.pipeline import scan
from debtscan.scoring.frames import function_frame
from debtscan.scoring.health import file_health, function_health, smell_penalty
from tests.gitbuilder import RepoBuilder
from tests.scenarios import hotspot_repository

TANGLED = """\
def tangled(a, b, c, d, e, f):
    total = 0
    for x in a:
        if x:
            while b:
                if c:
                    if d:
                        if e:
                            total += f
                    b -= 1
    return total


def tidy(value):
    return value + 1
"""


@pytest.mark.parametrize(
    ("value", "threshold", "weight", "expected"),
    [
        (4, 4, 1.0, 0.0),  # at the threshold: no smell
        (5, 4, 1.0, 0.625),  # just over: half the weight, plus (5 - 4) / 8
        (8, 4, 2.0, 2.0),  # twice the threshold: the full weight
        (40, 4, 2.0, 2.0),  # never more than the weight
        (1, 0, 1.0, 1.0),  # threshold 0: any occurrence costs the weight
    ],
)
def test_smell_penalty(value, threshold, weight, expected) -> None:
    penalty = smell_penalty(pd.Series([value]), threshold, weight)
    assert penalty.iloc[0] == pytest.approx(expected)


def analysed(source: str) -> pd.DataFrame:
    outcome = analyze_file("m.py", source.encode(), settings=AnalysisSettings())
    return function_frame([outcome])


def test_function_and_file_health_by_hand() -> None:
    functions = analysed(TANGLED)
    tangled = functions.set_index("qualified_name").loc["tangled"]
    measures = ["arguments", "nesting", "cyclomatic", "cognitive", "nested_chunks"]
    # Cognitive: the six nested blocks cost 1 + 2 + 3 + 4 + 5 + 6 = 21 (SonarSource).
    assert tangled[measures].tolist() == [6, 6, 7, 21, 1]
    health = function_health(functions, {})
    # many arguments 1.0 x (1/2 + 2/8) = 0.75; deep nesting 1.0 x (1/2 + 2/8) = 0.75;
    # complex function 1.5 x (1/2 + 2/10) = 1.05; hard to follow 1.5 x (1/2 + 6/30) = 1.05;
    # 11 lines is not large, one nested chunk is no bumpy road.
    assert health["penalty"].tolist() == [3.6, 0.0]
    assert health["code_health"].tolist() == [pytest.approx(6.4), 10.0]
    assert "many arguments (6 arguments > 4)" in health["smells"].iloc[0]
    assert health["smells"].iloc[1] == ""
    functions = functions.join(health)
    files = pd.DataFrame({"path": ["m.py"], "lines": [15]})
    # 10 - worst function 3.6 - 3 x 11 smelly lines of 13 function lines.
    result = file_health(files, functions, {})
    assert result["code_health"].iloc[0] == pytest.approx(10 - 3.6 - 3 * 11 / 13, abs=0.01)
    assert "worst function tangled (health 6.4)" in result["health_smells"].iloc[0]


def test_thresholds_come_from_the_config() -> None:
    functions = analysed(TANGLED)
    relaxed = {"argument-count": 6, "nested-control-flow": 6, "method-complexity": 7,
               "cognitive-complexity": 21}  # fmt: skip
    assert function_health(functions, relaxed)["code_health"].tolist() == [10.0, 10.0]


def test_health_kpis_on_a_known_repository(builder: RepoBuilder) -> None:
    result = scan(hotspot_repository(builder).path, config=Config(cache=False))
    files = result.files.set_index("path")
    # legacy.py: decide() has 63 lines (>= 50: full 1.5), cyclomatic 31 (full 1.5) and
    # cognitive 30 (30 flat ifs; >= 30: full 1.5); all its function lines are smelly:
    # 10 - 4.5 - 3 = 2.5.
    assert files.loc["app/legacy.py", "code_health"] == 2.5
    # core.py: 43 lines: 1.5 x (1/2 + 18/50) = 1.29, cyclomatic 21: 1.5, cognitive 20:
    # 1.5 x (1/2 + 5/30) = 1.0; 10 - 3.79 - 3.
    assert files.loc["app/core.py", "code_health"] == pytest.approx(3.21)
    # models.py: 15 lines, cyclomatic 7: 1.5 x (1/2 + 2/10) = 1.05, cognitive 6; 10 - 1.05 - 3.
    assert files.loc["app/models.py", "code_health"] == pytest.approx(5.95)
    assert files.loc["app/util.py", "code_health"] == 10.0
    summary = result.summary
    assert (summary.worst_file, summary.worst_health) == ("app/legacy.py", 2.5)
    # One hotspot (10 % of 5 files, rounded up): core.py.
    assert summary.hotspots == 1
    assert summary.hotspot_health == pytest.approx(3.21)
    # LOC-weighted: core 43, legacy 63, util 2, models 16 lines of code.
    expected = (43 * 3.21 + 63 * 2.5 + 2 * 10 + 16 * 5.95) / (43 + 63 + 2 + 16)
    assert summary.health_average == pytest.approx(expected, abs=0.01)
