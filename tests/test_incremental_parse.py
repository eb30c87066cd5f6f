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


def _equal_to_whole_parses(versions: list[str]) -> IncrementalParser:
    parser = IncrementalParser()
    for text in versions:
        assert parser.parse(text).deep_equals(cst.parse_module(text)), text
    return parser


def test_each_version_is_the_tree_of_a_whole_parse_with_unchanged_statements_reused() -> None:
    parser = IncrementalParser()
    assert parser.parse(FIRST).deep_equals(cst.parse_module(FIRST))
    assert parser.reused == 0  # nothing known yet
    assert parser.parse(SECOND).deep_equals(cst.parse_module(SECOND))
    # Reusable are the middle statements: module: import os, import imp, helper, Store
    # (changed: its members are split); Store's members: size, get, the span of put and
    # drop (kept together: the comment owned by put's block sits between them). Of
    # these, the imports, helper and size are unchanged; get is not: the column-0
    # comment before put makes get and put one span, which changed.
    assert parser.reused == 4
    assert parser.parse(THIRD).deep_equals(cst.parse_module(THIRD))
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
    parser.parse(FIRST)
    text = FIRST.replace("def last():\n", broken + "\n\ndef last():\n")
    with pytest.raises(cst.ParserSyntaxError) as ours:
        parser.parse(text)
    with pytest.raises(cst.ParserSyntaxError) as theirs:
        cst.parse_module(text)
    assert str(ours.value) == str(theirs.value)
    # And the next version still parses right.
    assert parser.parse(SECOND).deep_equals(cst.parse_module(SECOND))


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
