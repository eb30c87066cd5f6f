"""Parsing versions of a file reusing statements gives the tree LibCST gives the whole file."""

from __future__ import annotations

import libcst as cst
import pytest

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.analysis.incremental import IncrementalParser
from debtscan.analysis.runner import AnalysisRun
from debtscan.cache import OutcomeCache
from debtscan.catalogue import load_catalogue
from debtscan.config import Config
from debtscan.pipeline import analysis_settings
from debtscan.progress import SilentProgress
from debtscan.records import SourceFile

FIRST = '''"""A module."""
# a comment above the imports
import os
import imp


def helper(a, b):
    return a + b


@decorator
class Store(Base):
    """A store."""

    # the size
    size = "%d" % 10

    def get(self, key):
        return self._data[key]

    def put(self, key, value):
        self._data[key] = value

    def drop(self, key):
        del self._data[key]

    x = 1; y = 2


def last():
    pass
'''

# put's body changed, a column-0 comment before it, a comment indented deeper than the
# members after it; last() changed.
SECOND = FIRST.replace(
    "    def put(self, key, value):\n        self._data[key] = value\n",
    "# odd, at column 0\n    def put(self, key, value):\n        self._data[key] = value or 0\n"
    "        # owned by put's block\n",
).replace("    pass\n", "    return None\n")

# A string holding the text of a statement; a statement that moves between two others.
THIRD = SECOND.replace(
    "import os\n",
    'import os\n\nTEMPLATE = """\ndef helper(a, b):\n    return a + b\n"""\n',
)


def _parse(parser: IncrementalParser, text: str) -> cst.Module:
    """Parse ``text`` and walk it as the analysis does, which notes its statements' lines."""
    module = parser.parse(text)
    parser.note_lines(module, text)
    return module


def _equal_to_whole_parses(versions: list[str]) -> IncrementalParser:
    parser = IncrementalParser()
    for text in versions:
        assert _parse(parser, text).deep_equals(cst.parse_module(text)), text
    return parser


def test_each_version_is_the_tree_of_a_whole_parse_with_unchanged_statements_reused() -> None:
    parser = IncrementalParser()
    assert _parse(parser, FIRST).deep_equals(cst.parse_module(FIRST))
    assert parser.reused == 0  # nothing known yet
    assert _parse(parser, SECOND).deep_equals(cst.parse_module(SECOND))
    # Reusable are the middle statements: module: import os, import imp, helper, Store
    # (changed); Store's members: size, get, put (changed) and drop. Found are the
    # imports, helper and size; not get, followed by a column-0 comment (only blank
    # lines and comments at its own indentation may come before the next statement),
    # nor drop, which follows a comment owned by put's block, not a line of code.
    assert parser.reused == 4
    assert _parse(parser, THIRD).deep_equals(cst.parse_module(THIRD))
    # The imports, helper (its two blank lines now follow TEMPLATE) and Store are
    # unchanged middle statements; TEMPLATE is new, and the text in it is no statement.
    assert parser.reused == 4 + 4


def test_line_ends_indentation_and_encodings_of_other_kinds() -> None:
    tabs = FIRST.replace("    ", "\t")
    two_spaces = FIRST.replace("    ", "  ")
    crlf = FIRST.replace("\n", "\r\n")
    form_feed = FIRST.replace("\n\n\ndef helper", "\n\n\f\ndef helper")
    no_final_newline = FIRST.rstrip("\n")
    coding = "# -*- coding: latin-1 -*-\n" + FIRST
    versions = [FIRST, tabs, FIRST, two_spaces, FIRST, crlf, FIRST, form_feed, FIRST]
    parser = _equal_to_whole_parses([*versions, no_final_newline, coding, FIRST])
    assert parser.reused > 0


def test_statements_found_where_a_whole_parse_would_give_them_other_lines_are_not_reused() -> None:
    drop_and_last = "    def drop(self, key):\n        del self._data[key]\n\n    x = 1; y = 2\n"
    get = "    def get(self, key):\n        return self._data[key]\n"
    versions = [
        FIRST,
        # A comment joins helper's leading lines.
        FIRST.replace("\n\n\ndef helper", "\n\n# helps\ndef helper"),
        FIRST,
        # A block indented by two spaces first: the module's default indentation changes,
        # which the reused nodes are relative to.
        "def first():\n  return 1\n\n\n" + FIRST,
        FIRST,
        # put becomes the last member of Store.
        FIRST.replace(drop_and_last, ""),
        FIRST,
        # A comment indented as helper's body after it: helper's block owns it.
        FIRST.replace("    return a + b\n", "    return a + b\n    # helper's footer\n"),
        FIRST,
        # get's text in another block, after a line of code indented as a member.
        FIRST.replace("\n\ndef last", "\n\nif x:\n    pass\n" + get + "\n\ndef last"),
        # An else clause continues a reused statement.
        FIRST.replace(
            "\n\ndef last", "\n\nif x:\n    pass\n" + get + "else:\n    y = 1\n\n\ndef last"
        ),
    ]
    parser = _equal_to_whole_parses(versions)
    assert parser.reused > len(versions)


def test_members_of_the_first_and_the_last_class_are_reused_though_the_classes_are_not() -> None:
    members = (
        "    size = 1\n\n    def get(self):\n        return 1\n\n"
        "    def put(self):\n        pass\n\n    # before end\n"
        "    def end(self):\n        return 2\n"
    )
    footer = "    # owned by end's block\n"
    first_and_last = f"class First:\n{members}\n\nx = 1\n\n\nclass Last(Base):\n{members}{footer}"
    changed = first_and_last.replace("return 2", "return 3")
    # The classes move: a statement before the first, one after the last.
    moved = "import os\n\n\n" + changed + "\n\ny = 2\n"
    parser = _equal_to_whole_parses([first_and_last, changed, moved])
    # Each time x = 1 and the middle members of both classes, get and put (a class's
    # first and last members are never reused, as the module's are not).
    assert parser.reused == 5 + 5


def test_a_statement_whose_text_is_in_two_classes_is_reused_in_one_place() -> None:
    # One node in two places of a tree parses alike but is analysed as one: its
    # findings would be reported once, at one of its lines.
    def classes(p_member: str, q_member: str, tail: str) -> str:
        p = f"class P(Base):\n    doc = 'p'\n\n{p_member}\n\n    def f(self):\n        pass\n"
        q = f"class Q(Base):\n    doc = 'q'\n\n{q_member}\n\n    def g(self):\n        pass\n"
        return f"from typing import List\n\n\n{p}\n\n{q}\n\n{tail}"

    items, other = "    items: List[int] = []", "    other = 2"
    versions = [
        classes(other, items, "x = 1\n"),
        # Q's member's text in P, before Q, which is unchanged.
        classes(items, items, "x = 2\n"),
        classes(items, other, "x = 3\n"),
        # P's member's text in Q, after P, which is unchanged.
        classes(items, items, "x = 4\n"),
    ]
    settings = analysis_settings(load_catalogue(None, ()), Config(jobs=1))
    parser, outcomes, reused = IncrementalParser(), [], []
    for text in versions:
        outcome = analyze_file("m.py", text.encode(), settings=settings, parser=parser)
        assert outcome == analyze_file("m.py", text.encode(), settings=settings)
        outcomes.append(outcome)
        reused.append(parser.reused - sum(reused))
    # Q's items goes to P; then P is reused whole, twice (its items not again in Q).
    assert reused == [0, 1, 1, 1]
    list_lines = [[f.line for f in o.findings if f.code == "DS207"] for o in outcomes]
    assert list_lines == [[1, 16], [1, 7, 16], [1, 7], [1, 7, 16]]


@pytest.mark.parametrize(
    "broken",
    [
        "def f(:\n    pass\n",  # a syntax error
        'print "python 2"\n',  # Python 2
        "x = (\n",  # an unclosed bracket
    ],
)
def test_a_version_that_does_not_parse_fails_as_a_whole_parse_does(broken: str) -> None:
    parser = IncrementalParser()
    _parse(parser, FIRST)
    text = FIRST.replace("def last():\n", broken + "\n\ndef last():\n")
    with pytest.raises(cst.ParserSyntaxError) as ours:
        _parse(parser, text)
    with pytest.raises(cst.ParserSyntaxError) as theirs:
        cst.parse_module(text)
    assert str(ours.value) == str(theirs.value)
    # And the next version still parses right.
    assert _parse(parser, SECOND).deep_equals(cst.parse_module(SECOND))


def test_versions_of_one_lineage_in_a_run_have_the_outcomes_of_separate_analyses() -> None:
    versions = [FIRST, SECOND, THIRD, SECOND.replace('"%d" % 10', "10")]
    contents = {f"store.py@{n}": text.encode() for n, text in enumerate(versions)}
    files = tuple(
        SourceFile(path=path, size=len(data), lineage="store.py") for path, data in contents.items()
    )
    config = Config(jobs=1)
    settings: AnalysisSettings = analysis_settings(load_catalogue(None, ()), config)
    run = AnalysisRun(
        files,
        read=lambda file: contents[file.path],
        settings=settings,
        settings_digest=settings.digest(),
        workers=1,
        file_timeout=60,
        cache=OutcomeCache(None),
        progress=SilentProgress(),
    )
    with run:
        outcomes = run.outcomes()
    alone = [analyze_file(path, data, settings=settings) for path, data in contents.items()]
    assert list(outcomes) == alone
    # Not an empty comparison: each version has its findings, on the lines where they
    # are in that version (size moves down 5 lines with TEMPLATE, in a reused node).
    size_lines = [[f.line for f in o.findings if f.code == "DS401"] for o in outcomes]
    assert size_lines == [[16], [16], [21], []]
