"""Bug-fix commits and the bugspots score on built histories."""

from __future__ import annotations

import math
import re

import pytest

from debtscan.config import Config
from debtscan.pipeline import scan
from debtscan.scoring.bugfixes import bugspots_weight
from tests.gitbuilder import RepoBuilder, iso


@pytest.mark.parametrize(
    ("t", "expected"),
    [(0.0, 1 / (1 + math.exp(12))), (0.5, 1 / (1 + math.exp(6))), (1.0, 0.5)],
)
def test_bugspots_weight(t, expected) -> None:
    assert bugspots_weight(t) == pytest.approx(expected)


def test_bugspots_weighs_recent_fixes_most(builder: RepoBuilder) -> None:
    builder.commit("Add x and y", files={"x.py": "x = 1\n", "y.py": "y = 1\n"},
                   date=iso(2023, 12, 1))  # fmt: skip
    # The oldest fix: t = 0.
    builder.commit("Fix crash in x", files={"x.py": "x = 2\n"}, date=iso(2024, 1, 1))
    builder.commit("Add prefix option", files={"y.py": "y = 2\n"}, date=iso(2024, 1, 5))
    # Halfway between the oldest fix and HEAD: t = 0.5.
    builder.commit("Resolves #12: y parsing", files={"y.py": "y = 3\n"}, date=iso(2024, 1, 11))
    # HEAD: t = 1.
    builder.commit("x: overflow bugfix", files={"x.py": "x = 3\n"}, date=iso(2024, 1, 21))
    files = scan(builder.path, config=Config(cache=False)).files.set_index("path")
    assert files.loc["x.py", "bugspots"] == pytest.approx(1 / (1 + math.exp(12)) + 0.5, abs=1e-4)
    assert files.loc["y.py", "bugspots"] == pytest.approx(1 / (1 + math.exp(6)), abs=1e-4)
    assert (files.loc["x.py", "bugfixes"], files.loc["y.py", "bugfixes"]) == (2, 1)
    assert "2 bug fixes in 12 months" in files.loc["x.py", "explanation"]


@pytest.mark.parametrize(
    ("message", "is_fix"),
    [
        ("Fix crash on empty input", True),
        ("fixes #123", True),
        ("Fixed typo", True),
        ("hotfix for release", True),
        ("Regression in parser", True),
        ("Closes #45", True),
        ("bug 1234: wrong header", True),
        ("Add prefix option", False),
        ("Refactor the suffix handling", False),
        ("Debug logging for the loader", False),
        ("Add feature X", False),
    ],
)
def test_default_bugfix_pattern(message, is_fix) -> None:
    # The history stage searches the message case-insensitively with this pattern.
    assert bool(re.search(Config().bugfix_pattern, message, re.IGNORECASE)) == is_fix


def test_bugfix_pattern_is_configurable(builder: RepoBuilder) -> None:
    builder.commit("Add", files={"a.py": "a = 1\n"}, date=iso(2024, 1, 1))
    builder.commit("PROJ-12 wrong header", files={"a.py": "a = 2\n"}, date=iso(2024, 1, 2))
    config = Config(cache=False, bugfix_pattern=r"\bPROJ-\d+")
    assert scan(builder.path, config=config).files.iloc[0]["bugfixes"] == 1
