"""Degree of authorship, truck factor, ownership and knowledge loss on built histories."""

from __future__ import annotations

import math

import pytest

from debtscan.config import Config, ScoringConfig
from debtscan.pipeline import scan
from debtscan.scoring.knowledge import degree_of_authorship, fragmentation, truck_factor
from tests.gitbuilder import ALICE, BOB, CAROL, RepoBuilder, iso


def lines(count: int, tag: str) -> str:
    return "".join(f"{tag}_{n} = {n}\n" for n in range(count))


def authorship_repository(builder: RepoBuilder) -> RepoBuilder:
    """Six files with a known authorship (DOA figures worked out in the tests).

    old.py: Carol alone, in January 2023; Carol never commits again.
    f1, f2, f5: Alice alone.  f4: Bob alone.
    f3: created by Alice (1 commit), then changed twice by Bob.
    HEAD is in June 2024, so Carol (last seen January 2023) is inactive.
    """
    builder.commit("old", files={"old.py": lines(40, "old")}, author=CAROL, date=iso(2023, 1))
    builder.commit(
        "alice",
        files={"f1.py": lines(10, "a"), "f2.py": lines(10, "b"), "f5.py": lines(10, "e"),
               "f3.py": lines(10, "c")},
        author=ALICE, date=iso(2024, 1),
    )  # fmt: skip
    builder.commit("bob 1", files={"f3.py": lines(20, "c")}, author=BOB, date=iso(2024, 2))
    builder.commit("bob 2", files={"f3.py": lines(30, "c")}, author=BOB, date=iso(2024, 3))
    builder.commit("bob 4", files={"f4.py": lines(10, "d")}, author=BOB, date=iso(2024, 6))
    return builder


@pytest.mark.parametrize(
    ("fa", "dl", "ac", "expected"),
    [
        (True, 1, 0, 3.293 + 1.098 + 0.164),
        (False, 2, 1, 3.293 + 0.328 - 0.321 * math.log(2)),
        (True, 1, 2, 3.293 + 1.098 + 0.164 - 0.321 * math.log(3)),
        (False, 1, 3, 3.293 + 0.164 - 0.321 * math.log(4)),
    ],
)
def test_degree_of_authorship_formula(fa, dl, ac, expected) -> None:
    doa = degree_of_authorship(first_authorship=fa, deliveries=dl, acceptances=ac)
    assert doa == pytest.approx(expected)


def test_authors_truck_factor_and_knowledge_loss(builder: RepoBuilder) -> None:
    result = scan(authorship_repository(builder).path, config=Config(cache=False))
    files = result.files.set_index("path")
    # f3: Alice DOA = 3.293 + 1.098 + 0.164 - 0.321 ln 3 = 4.2024; Bob DOA = 3.293 + 0.328
    # - 0.321 ln 2 = 3.3985; Bob / Alice = 0.809 >= 0.75 and both >= 3.293: two authors.
    assert files.loc["f3.py", "doa_authors"] == "Alice Example, Bob Example"
    assert files.loc["f1.py", "doa_authors"] == "Alice Example"
    assert files.loc["old.py", "doa_authors"] == "Carol Example"
    # Greedy: Alice authors 4 files (f1 f2 f3 f5), removing her orphans 3 of 6 (not more
    # than half); Bob next (f3 f4) orphans 5 of 6. Truck factor 2.
    assert result.summary.truck_factor == 2
    assert result.summary.truck_factor_people == ("Alice Example", "Bob Example")
    # Carol's last commit (Jan 2023) is more than 6 months before HEAD (Jun 2024).
    assert result.summary.inactive_people == ("Carol Example",)
    assert files.loc["old.py", "abandoned"]
    assert files.loc["old.py", "knowledge_lost"] == 1.0
    assert not files["abandoned"].drop("old.py").any()
    assert (result.summary.abandoned_files, result.summary.abandoned_loc) == (1, 40)
    # f3: Alice added 10 lines, Bob 10 + 10: Bob is the main developer with 2/3.
    assert files.loc["f3.py", "main_developer"] == "Bob Example"
    assert files.loc["f3.py", "ownership"] == pytest.approx(2 / 3, abs=1e-4)
    # Commits 1 (Alice) and 2 (Bob): 1 - (1/9 + 4/9) = 4/9.
    assert files.loc["f3.py", "fragmentation"] == pytest.approx(4 / 9, abs=1e-4)
    people = result.people.set_index("person")
    assert people.loc["Alice Example", "files"] == 4
    assert people.loc["Bob Example", "sole_author_files"] == 1
    assert people.loc["Carol Example", "inactive"]


def test_inactive_months_is_configurable(builder: RepoBuilder) -> None:
    path = authorship_repository(builder).path
    config = Config(cache=False, scoring=ScoringConfig(inactive_months=24))
    assert scan(path, config=config).summary.inactive_people == ()


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ({}, ()),
        ({"a": ["X"]}, ("X",)),
        # X authors 3 of 4: removing X orphans 2 (= half, not more); Y next orphans 4.
        ({"a": ["X"], "b": ["X"], "c": ["X", "Y"], "d": ["Y"]}, ("X", "Y")),
        # With a fifth file of X's, removing X alone orphans 3 of 5.
        ({"a": ["X"], "b": ["X"], "c": ["X", "Y"], "d": ["Y"], "e": ["X"]}, ("X",)),
        # Ties go to the name first in alphabetical order.
        ({"a": ["Y"], "b": ["X"]}, ("X", "Y")),
        # Files without any author are orphans from the start.
        ({"a": [], "b": [], "c": ["X"]}, ()),
    ],
)
def test_truck_factor_greedy_removal(authors, expected) -> None:
    assert truck_factor(authors) == expected


def test_fragmentation() -> None:
    assert fragmentation({"X": 5}) == 0.0
    assert fragmentation({"X": 1, "Y": 1, "Z": 1, "W": 1}) == pytest.approx(0.75)
    assert fragmentation({}) == 0.0
