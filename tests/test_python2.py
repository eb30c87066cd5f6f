"""Python 2 files that LibCST cannot parse: recognised, measured and reported, not failed.

The corpus in tests/corpus/python2 is real Python 2 code; the expected constructs and
lines below are read off the file by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.catalogue import load_catalogue, select_rules
from debtscan.records import Analyzed, Dialect, Failed, FailReason

CORPUS = Path(__file__).parent / "corpus" / "python2"
SETTINGS = AnalysisSettings(rules=select_rules(load_catalogue(), target=(3, 11)))


def analyze(name: str) -> Analyzed | Failed:
    outcome = analyze_file(name, (CORPUS / name).read_bytes(), settings=SETTINGS)
    assert isinstance(outcome, Analyzed | Failed), outcome
    return outcome


def test_python2_module_is_analysed_as_python2_with_its_constructs_and_lines() -> None:
    outcome = analyze("inventory.py")
    assert isinstance(outcome, Analyzed)
    assert outcome.dialect is Dialect.PYTHON2
    assert [(f.code, f.line) for f in outcome.findings] == [
        ("DS307", 1),  # utf-8 coding cookie
        ("DS055", 6),  # 0644
        ("DS056", 7),  # 10000L
        ("DS053", 16),  # `self.name`
        ("DS052", 23),  # except (IOError, EOFError), error:
        ("DS050", 24),  # print >>sys.stderr, ...
        ("DS058", 25),  # raise SystemExit, 2
        ("DS054", 30),  # <>
        ("DS050", 31),  # print "..." % ...
        ("DS050", 32),  # bare print
        ("DS051", 33),  # exec "..."
        ("DS057", 34),  # ur"..."
        ("DS601", 34),  # TODO comment
        ("DS050", 39),  # print after ";"
        ("DS055", 40),  # 0600
    ]
    # 40 lines: 10 blank, 1 comment only; decisions: for, if, except, if
    metrics = outcome.metrics
    assert (metrics.lines, metrics.blank, metrics.comments, metrics.sloc) == (40, 10, 1, 29)
    assert metrics.cyclomatic_total == 5
    assert outcome.functions == () and outcome.imports == ()
    assert sum(f.minutes for f in outcome.findings) == 5 * 12 + 10 + 5 + 30


def test_a_file_neither_python3_nor_python2_stays_a_syntax_error() -> None:
    outcome = analyze("not_python.py")
    assert isinstance(outcome, Failed)
    assert outcome.reason is FailReason.SYNTAX_ERROR
    assert [(f.code, f.line) for f in outcome.findings] == [("DS001", 1)]


def test_python2_look_alikes_in_comments_and_strings_do_not_count() -> None:
    outcome = analyze("python3_late.py")
    assert isinstance(outcome, Analyzed)
    assert outcome.dialect is Dialect.PYTHON3


@pytest.mark.parametrize(
    ("source", "constructs"),
    [
        ("print 'a'\n", [("DS050", 1)]),
        ("if x: print x\n", [("DS050", 1)]),
        # ``print >>f, x`` alone parses as Python 3 (a tuple); the file is Python 2 by line 2
        ("x = {1: 2}\nprint >>f, x\nprint x\n", [("DS050", 2), ("DS050", 3)]),
        ("exec code in namespace\n", [("DS051", 1)]),
        ("try:\n    pass\nexcept ValueError, e:\n    pass\n", [("DS052", 3)]),
        ("x = `1`\n", [("DS053", 1)]),
        ("x = 1 <> 2\n", [("DS054", 1)]),
        ("x = 0777\n", [("DS055", 1)]),
        ("x = 0xFFL\n", [("DS056", 1)]),
        ("x = ur'a'\n", [("DS057", 1)]),
        ("raise E, 'message', traceback\n", [("DS058", 1)]),
        ('x = """\nprint "inside a string"\n"""\nprint x\n', [("DS050", 4)]),
    ],
)
def test_each_python2_construct(source: str, constructs: list) -> None:
    outcome = analyze_file("p.py", source.encode(), settings=SETTINGS)
    assert isinstance(outcome, Analyzed) and outcome.dialect is Dialect.PYTHON2
    assert [(f.code, f.line) for f in outcome.findings] == constructs


def test_except_comma_is_python2_below_target_314() -> None:
    # LibCST parses it as Python 3.14's ``except (ValueError, e):``
    source = b"try:\n    pass\nexcept ValueError, e:\n    pass\n"
    below = analyze_file("p.py", source, settings=SETTINGS)
    assert isinstance(below, Analyzed) and below.dialect is Dialect.PYTHON2
    at = analyze_file("p.py", source, settings=AnalysisSettings(target=(3, 14)))
    assert isinstance(at, Analyzed) and at.dialect is Dialect.PYTHON3
