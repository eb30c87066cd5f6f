"""analyze_file: per-function structure, file metrics, and outcomes for bad input."""

from __future__ import annotations

import ast
import math
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from radon.complexity import cc_visit
from radon.metrics import mi_compute, mi_visit
from radon.raw import analyze as radon_raw

from debtscan.analysis import AnalysisSettings, analyze_file, blob_id
from debtscan.records import Analyzed, Failed, FailReason, Skipped, SkipReason
from debtscan.revisions import function_spans

SETTINGS = AnalysisSettings()


def analyze(source: str) -> Analyzed:
    outcome = analyze_file("m.py", textwrap.dedent(source).encode(), settings=SETTINGS)
    assert isinstance(outcome, Analyzed), outcome
    return outcome


def function(source: str, name: str):
    return next(f for f in analyze(source).functions if f.qualified_name == name)


@pytest.mark.parametrize(
    ("source", "name", "cyclomatic"),
    [
        ("def f():\n    return 1\n", "f", 1),
        ("def f(x):\n    if x:\n        return 1\n    elif x > 2:\n        return 2\n", "f", 3),
        ("def f(x):\n    return x and x.y or None\n", "f", 3),
        ("def f(xs):\n    for x in xs:\n        pass\n    else:\n        pass\n", "f", 3),
        ("def f():\n    try:\n        pass\n    except A:\n        pass\n    except B:\n"
         "        pass\n    else:\n        pass\n", "f", 4),
        ("def f(xs):\n    return [x for x in xs if x if x > 1]\n", "f", 4),
        ("def f(x):\n    return 1 if x else 2\n", "f", 2),
        ("def f(x):\n    while x:\n        x -= 1\n", "f", 2),
        ("def f(x):\n    match x:\n        case 1:\n            pass\n        case _:\n"
         "            pass\n", "f", 2),
        # a nested function is its own record, not part of its parent's complexity
        ("def f(x):\n    def g(y):\n        if y:\n            pass\n    return g\n", "f", 1),
        ("def f(x):\n    def g(y):\n        if y:\n            pass\n    return g\n", "f.g", 2),
        # decorators and defaults are evaluated outside the function
        ("@deco(1 if A else 2)\ndef f(x=3 if B else 4):\n    pass\n", "f", 1),
    ],
)  # fmt: skip
def test_cyclomatic_complexity(source: str, name: str, cyclomatic: int) -> None:
    assert function(source, name).cyclomatic == cyclomatic


@pytest.mark.parametrize(
    ("source", "name", "arguments", "nesting"),
    [
        ("def f(a, b, *args, c, **kw):\n    pass\n", "f", 5, 0),
        ("class C:\n    def m(self, a):\n        pass\n", "C.m", 1, 0),
        ("class C:\n    @classmethod\n    def m(cls, a, /, b):\n        pass\n", "C.m", 2, 0),
        ("def f(x):\n    for a in x:\n        if a:\n            with a:\n                pass\n",
         "f", 1, 3),
        ("def f(x):\n    if x:\n        pass\n    elif x:\n        if x:\n            pass\n",
         "f", 1, 2),
    ],
)  # fmt: skip
def test_arguments_and_nesting(source: str, name: str, arguments: int, nesting: int) -> None:
    record = function(source, name)
    assert (record.arguments, record.nesting) == (arguments, nesting)


def test_function_spans_lines_with_decorators_docstrings_and_continuations() -> None:
    source = '''\
    import os


    @decorator(
        "multi-line"
    )
    def first(a,
              b):
        """A docstring
        over three
        lines."""
        x = 1 + \\
            2
        return x
        # a trailing comment that belongs to no statement

    class Box:
        def method(self):
            return f"""
            {os.sep}
            """
    '''
    functions = {f.qualified_name: f for f in analyze(source).functions}
    assert (functions["first"].start_line, functions["first"].end_line) == (7, 14)
    assert functions["first"].lines == 8
    assert (functions["Box.method"].start_line, functions["Box.method"].end_line) == (18, 21)
    box = analyze(source).classes[0]
    assert (box.qualified_name, box.start_line, box.end_line, box.methods) == ("Box", 17, 21, 1)


def test_file_metrics_come_from_the_traversal() -> None:
    outcome = analyze("# comment\n\ndef f(x):\n    if x:\n        return 1\n    return 2\n")
    metrics = outcome.metrics
    assert (metrics.lines, metrics.comments, metrics.blank) == (6, 1, 1)
    assert (metrics.cyclomatic_total, metrics.cyclomatic_max) == (2, 2)
    assert 0 < metrics.maintainability <= 100
    assert outcome.blob == blob_id(
        b"# comment\n\ndef f(x):\n    if x:\n        return 1\n    return 2\n"
    )


def test_size_counts_follow_radon_definitions() -> None:
    source = """\
        # a comment line
        @decorator
        def f(a):
            \"\"\"Doc.

            More.
            \"\"\"
            x = [1,
                 # a comment inside brackets

                 2]
            if a: return 1; b = 2
            s = \"\"\"
        text

        \"\"\"
            return x  # inline


        def g():
            \"\"\"One line.\"\"\"
            return a + b * a
        """
    metrics = analyze(source).metrics
    # 22 lines. Blank: the one inside the docstring, the one in the list, the one inside
    # the string s, the two before g = 5. Whole-line comments: line 1, the one in the
    # brackets, and g's one-line docstring = 3. Docstring lines without blanks: 3.
    assert (metrics.lines, metrics.blank, metrics.comments) == (22, 5, 3)
    assert metrics.sloc == 22 - 5 - 3 - 3
    # Logical lines: decorator, def f, docstring, x =, if header, return 1, b = 2, s =,
    # return x, def g, docstring, return a + b * a = 12.
    assert metrics.lloc == 12


def test_maintainability_index_is_radons_formula_on_our_counts() -> None:
    # Halstead: operators + and * (2 distinct, 2 in all); operands a, b * a, b, a in g:
    # a, b, a (distinct by name) and the expression b * a (distinct by itself) -> 3
    # distinct, 4 in all. V = 6 * log2(5).
    source = "def g(a, b):\n    return a + b * a\n"
    expected = mi_compute(6 * math.log2(5), 1, 2, 0)
    assert analyze(source).metrics.maintainability == round(expected, 2)


def test_size_counts_agree_with_radon_on_real_code() -> None:
    ours, radons = [], []
    for path in REAL_FILES:
        text = path.read_text(encoding="utf-8")
        metrics = analyze_file(path.name, text.encode(), settings=SETTINGS).metrics
        raw = radon_raw(text)
        assert (metrics.lines, metrics.blank, metrics.comments) == (
            raw.loc,
            raw.blank,
            raw.comments,
        ), path
        ours.append(metrics.maintainability)
        radons.append(mi_visit(text, multi=True))
    # radon counts comment lines inside brackets as source and splits lines at every
    # colon (lambda, annotations); the index moves a little, the order of files hardly.
    assert pd.Series(ours).corr(pd.Series(radons), method="spearman") > 0.95


def test_blob_id_is_git_s() -> None:
    # `printf 'hello\n' | git hash-object --stdin`
    assert blob_id(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"


# --- real code: line numbers and complexity agree with ast and radon -------------------

REAL_FILES = sorted(Path(ast.__file__).parent.glob("[a-m]*.py"))[:40] + sorted(
    Path(__file__).parents[1].joinpath("debtscan").rglob("*.py")
)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_function_lines_agree_with_ast_on_real_code(path: Path) -> None:
    data = path.read_bytes()
    outcome = analyze_file(path.name, data, settings=SETTINGS)
    assert isinstance(outcome, Analyzed)
    expected = sorted(
        (node.lineno, node.end_lineno)
        for node in ast.walk(ast.parse(data))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )
    assert [(f.start_line, f.end_line) for f in outcome.functions] == expected


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_past_versions_spans_from_ast_name_functions_as_the_analysis(path: Path) -> None:
    data = path.read_bytes()
    outcome = analyze_file(path.name, data, settings=SETTINGS)
    assert isinstance(outcome, Analyzed)
    analysed = [(f.qualified_name, f.start_line, f.end_line) for f in outcome.functions]
    spans = function_spans(data)
    assert spans is not None
    assert sorted((s.qualified_name, s.start_line, s.end_line) for s in spans) == sorted(analysed)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_function_complexity_agrees_with_radon_on_real_code(path: Path) -> None:
    data = path.read_bytes()
    outcome = analyze_file(path.name, data, settings=SETTINGS)
    assert isinstance(outcome, Analyzed)
    ours = {f.start_line: f.cyclomatic for f in outcome.functions}
    tree = ast.parse(data)
    # radon does not look inside assert statements; compare the functions without them
    with_assert = {
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and any(isinstance(inner, ast.Assert) for inner in ast.walk(node))
    }
    radon = {
        block.lineno: block.complexity
        for block in cc_visit(data.decode())
        if block.letter in "FM" and block.lineno not in with_assert
    }
    assert {line: ours[line] for line in radon} == radon


# --- bad input becomes a recorded outcome, never an exception -------------------------


@pytest.mark.parametrize(
    ("data", "kind", "reason"),
    [
        (b"def f(:\n    pass\n", Failed, FailReason.SYNTAX_ERROR),
        ("x = 'caf\u00e9'\n".encode("latin-1"), Failed, FailReason.UNDECODABLE),
        (b"# -*- coding: klingon -*-\nx = 1\n", Failed, FailReason.UNDECODABLE),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", Skipped, SkipReason.BINARY),
        (b"# Generated by the protocol buffer compiler.  DO NOT EDIT!\nx = 1\n", Skipped,
         SkipReason.GENERATED),
    ],
    ids=["syntax-error", "latin1-no-cookie", "unknown-codec", "binary", "generated"],
)  # fmt: skip
def test_bad_input_is_a_recorded_outcome(data: bytes, kind: type, reason: object) -> None:
    outcome = analyze_file("bad.py", data, settings=SETTINGS)
    assert isinstance(outcome, kind)
    assert outcome.reason == reason
    assert outcome.detail


def test_latin1_with_a_coding_line_is_read() -> None:
    data = "# -*- coding: latin-1 -*-\nname = 'caf\u00e9'\n".encode("latin-1")
    assert isinstance(analyze_file("ok.py", data, settings=SETTINGS), Analyzed)


def test_syntax_error_detail_names_the_line() -> None:
    outcome = analyze_file("bad.py", b"x = 1\ndef f(:\n", settings=SETTINGS)
    assert isinstance(outcome, Failed)
    assert "line 2" in outcome.detail


def test_over_size_file_is_skipped() -> None:
    data = b"x = 1\n" * 100
    outcome = analyze_file("big.py", data, settings=AnalysisSettings(max_file_bytes=100))
    assert isinstance(outcome, Skipped)
    assert outcome.reason == SkipReason.TOO_LARGE


def test_brackets_nested_deeper_than_python_allows_fail_cleanly() -> None:
    data = ("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n").encode()
    outcome = analyze_file("deep.py", data, settings=SETTINGS)
    assert isinstance(outcome, Failed)
    assert "200" in outcome.detail


def test_brackets_in_strings_do_not_count_as_nesting() -> None:
    data = ("x = '" + "(" * 500 + "'\n").encode()
    assert isinstance(analyze_file("s.py", data, settings=SETTINGS), Analyzed)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
@example(b"\xf0\xb1\x8d\x90")  # an identifier character newer than this Python's Unicode
@example("A\u00b7".encode())  # an identifier LibCST reads and radon's tokenizer refuses
def test_analysis_never_raises(data: bytes) -> None:
    outcome = analyze_file("any.py", data, settings=SETTINGS)
    assert outcome.path == "any.py"
    if isinstance(outcome, Failed):
        assert outcome.reason != FailReason.INTERNAL_ERROR, outcome.detail


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "if x:\n", "    y = 1\n", "else:\n", "for i in y:\n", "def f(a):\n", "    return a\n",
    "class C:\n", "    pass\n", "x = [i for i in y if i]\n", "'''doc\nstring'''\n", "\n",
    "# comment\n", "z = (1,\n     2)\n", "try:\n", "except E:\n", "while x:\n",
]), max_size=25))  # fmt: skip
def test_analysis_of_code_like_text_never_raises(lines: list[str]) -> None:
    outcome = analyze_file("any.py", "".join(lines).encode(), settings=SETTINGS)
    if isinstance(outcome, Failed):
        assert outcome.reason != FailReason.INTERNAL_ERROR, outcome.detail


def test_python_version_is_supported() -> None:
    assert sys.version_info >= (3, 11)
