"""Function metrics for code health: cognitive complexity, boolean operators, bumpy road,
returns. Expected values derived by hand; the cognitive complexity cases follow the
examples of SonarSource's paper (G. Ann Campbell, *Cognitive Complexity*, 2018),
written in Python, with the increments in the comments."""

from __future__ import annotations

import textwrap

import pytest

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.records import Analyzed


def metrics(source: str) -> dict[str, tuple[int, int, int, int]]:
    outcome = analyze_file("m.py", textwrap.dedent(source).encode(), settings=AnalysisSettings())
    assert isinstance(outcome, Analyzed)
    return {
        f.qualified_name: (f.cognitive, f.bool_operators, f.nested_chunks, f.returns)
        for f in outcome.functions
    }


SUM_OF_PRIMES = """\
def sum_of_primes(maximum):
    total = 0
    for i in range(1, maximum + 1):     # +1
        for j in range(2, i):           # +2 (nesting 1)
            if i % j == 0:              # +3 (nesting 2)
                break                   # no labels in Python: +0 (the paper's continue OUT: +1)
        else:                           # +1
            total += i
    return total
"""
GET_WORDS = """\
def get_words(number):
    match number:                       # +1 (the paper's switch)
        case 1:
            return "one"
        case 2:
            return "a couple"
        case _:
            return "lots"
"""
TRY_CATCH = """\
def my_method():
    try:
        if condition1:                  # +1
            for i in range(10):         # +2 (nesting 1)
                while condition2:       # +3 (nesting 2)
                    pass
    except (ExcepType1, ExcepType2):    # +1
        if condition2:                  # +2 (nesting 1)
            pass
"""
BOOLEANS = """\
def check(a, b, c, d, e, f):
    if a and b and c or d or e and f:  # +1 for if, +3 sequences: and, or, and
        return 1
    return a and not (b and c)          # +1, +1: the negated group is its own
"""
NESTED = """\
def decorator(function):
    def wrapper(*args):                 # a wrapper: same level as its parent
        if args:                        # +1 in wrapper, +1 in decorator
            return function(*args)
    return wrapper


def outer(items):
    def key(item):                      # nested: one level deeper in outer
        return item.a if item else 0    # +1 in key, +2 in outer
    return sorted(items, key=key)
"""
BUMPY = """\
def summarize(orders):
    for order in orders:                # chunk 1 reaches depth 2
        if order.paid:
            pass
    if orders:                          # depth 1 only: not a bump
        pass
    with lock:                          # chunk 2
        for order in orders:
            if order.refunded:          # still chunk 2
                pass
        while busy:                     # still chunk 2
            pass
"""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (SUM_OF_PRIMES, {"sum_of_primes": (7, 0, 1, 1)}),
        (GET_WORDS, {"get_words": (1, 0, 0, 3)}),
        (TRY_CATCH, {"my_method": (9, 0, 1, 0)}),
        (BOOLEANS, {"check": (6, 5, 0, 2)}),
        (NESTED, {"decorator": (1, 0, 0, 1), "decorator.wrapper": (1, 0, 0, 1),
                  "outer": (2, 0, 0, 1), "outer.key": (1, 0, 0, 1)}),
        (BUMPY, {"summarize": (8, 0, 2, 0)}),
    ],
    ids=["sum-of-primes", "switch", "try-catch", "booleans", "nested-functions", "bumpy-road"],
)  # fmt: skip
def test_function_metrics(source: str, expected: dict) -> None:
    assert metrics(source) == expected
