"""Name resolution in the one traversal: aliases, star imports, shadowing, scopes, lines.

Snippet -> the (code, line) findings of the shipped rules at the default target.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.analysis.lines import LineTracker
from debtscan.analysis.matching import RuleMatcher
from debtscan.analysis.structure import StructureCollector
from debtscan.analysis.tables import compile_rules
from debtscan.analysis.visitors import visit_batched
from debtscan.catalogue import load_catalogue, select_rules
from debtscan.records import Analyzed

RULES = select_rules(load_catalogue(), target=(3, 12))
SETTINGS = AnalysisSettings(target=(3, 12), rules=RULES)


def found(source: str, *codes: str) -> list[tuple[str, int]]:
    """The (code, line) findings of ``codes`` in ``source``."""
    data = textwrap.dedent(source).encode()
    outcome = analyze_file("m.py", data, settings=SETTINGS)
    assert isinstance(outcome, Analyzed), outcome
    return [(f.code, f.line) for f in outcome.findings if f.code in codes]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # aliases are followed: DS201 is datetime.datetime.utcnow
        ("import datetime as dt\ndt.datetime.utcnow()\n", [("DS201", 2)]),
        ("from datetime import datetime as D\nD.utcnow()\n", [("DS201", 2)]),
        ("from datetime import datetime\nstamp = datetime.utcnow\n", [("DS201", 2)]),
        # a from-import is itself a reference to the imported name: DS130 collections.Mapping
        ("from collections import Mapping\n", [("DS130", 1)]),
        ("import collections\nisinstance(x, collections.Mapping)\n", [("DS130", 2)]),
        ("import collections.abc\nisinstance(x, collections.abc.Mapping)\n", []),
        # a star import of a module brings the names the rules know about
        ("from collections import *\nisinstance(x, Mapping)\n", [("DS130", 2)]),
        ("from collections import *\nMapping = dict\nisinstance(x, Mapping)\n", []),
        # a local name, a parameter or an attribute that shadows a module is not the module
        ("import imp\ndef f(imp):\n    return imp.reload(x)\n", [("DS102", 1)]),
        ("def f():\n    imp = load()\n    return imp.reload(x)\n", []),
        ("import datetime\ndef f(datetime):\n    datetime.datetime.utcnow()\n", []),
        ("class C:\n    datetime = None\n    x = self.datetime.datetime.utcnow()\n", []),
        # ... but a function sees the module-level import, wherever the import is
        ("def f():\n    return dt.datetime.utcnow()\nimport datetime as dt\n", [("DS201", 2)]),
        # a class body's names are not visible from its methods
        ("class C:\n    unicode = str\n    def m(self):\n        return unicode(1)\n",
         [("DS311", 4)]),
        ("def f(unicode):\n    return unicode(1)\n", []),
        # lines stay right after a backslash continuation and a multi-line string
        ("x = 1 + \\\n    2\ns = '''a\nb'''\nimport imp\n", [("DS102", 5)]),
        # global sends the name to the module scope
        ("import imp\ndef f():\n    global imp\n    imp.reload(x)\n", [("DS102", 1)]),
        # builtins: unbound bare names; keywords and attributes are not references
        ("print(1, file=sys.stderr)\n", []),
        ("x = obj.unicode + obj.xrange\n", []),
        ("for i in xrange(3):\n    pass\n", [("DS312", 1)]),
        # six: a bare import counts, and each use; one finding per node
        ("import six\nsix.moves.range(3)\n", [("DS301", 1), ("DS301", 2)]),
        # try/except ImportError import pairs resolve to both names
        ("try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n"
         "pickle.loads(b)\n", [("DS309", 1), ("DS331", 2), ("DS503", 5)]),
    ],
)  # fmt: skip
def test_names_resolve_through_imports_and_scopes(source: str, expected: list) -> None:
    codes = {code for code, _ in expected} | {"DS102", "DS130", "DS201", "DS301", "DS311",
                                              "DS312", "DS331", "DS503", "DS309"}  # fmt: skip
    assert found(source, *codes) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import sys\nif sys.version_info[0] == 2:\n    pass\n", [("DS308", 2)]),
        ("import sys\nPY3 = sys.version_info >= (3,)\n", [("DS308", 2)]),
        ("import sys\nif sys.version_info.major >= 3:\n    pass\n", [("DS308", 2)]),
        ("from sys import version_info as v\nold = v < (3, 0)\n", [("DS308", 2)]),
        ("import sys\nnew = sys.version_info >= (3, 8)\n", []),
        ("import six\nif six.PY2:\n    pass\n", [("DS308", 2)]),
        ("from six import PY2\nif PY2:\n    pass\n", [("DS308", 2)]),
        ("class version_info: pass\nok = version_info < (3,)\n", []),
    ],
)
def test_python2_version_checks(source: str, expected: list) -> None:
    assert found(source, "DS308") == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("x = u'text'\n", [("DS304", 1)]),
        ("class A(object):\n    pass\n", [("DS305", 1)]),
        ("object = dict\nclass A(object):\n    pass\n", []),
        ("class A(B):\n    def m(self):\n        super(A, self).m()\n", [("DS306", 3)]),
        ("class A(B):\n    def m(self):\n        super(B, self).m()\n", []),
        ("open('f')\n", [("DS403", 1)]),
        ("open('f', 'rb')\nopen('f', encoding='utf-8')\nopen('f', mode)\n", []),
        ("try:\n    pass\nexcept:\n    pass\n", [("DS404", 3)]),
        ("def f(\n    a,\n    b=[],\n):\n    pass\n", [("DS405", 3)]),
        ("'%s' % x\nb'%s' % x\n", [("DS401", 1)]),
        ("'{}'.format(x)\n", [("DS402", 1)]),
        ("type(a) == type(b)\ntype(a) is int\n", [("DS406", 1)]),
        ("assert (x, 'message')\n", [("DS407", 1)]),
        ("class A:\n    __metaclass__ = Meta\n", [("DS310", 2)]),
        ("import yaml\nyaml.load(s)\nyaml.load(s, Loader=yaml.SafeLoader)\n", [("DS505", 2)]),
        ("import hashlib\nhashlib.md5(b)\nhashlib.md5(b, usedforsecurity=False)\n",
         [("DS512", 2)]),
        ("eval(expression)\neval('1 + 2')\n", [("DS501", 1)]),
        ("import subprocess\nsubprocess.run(c, shell=True)\nsubprocess.run(c, shell=False)\n",
         [("DS507", 2)]),
        ("from subprocess import run as go\ngo(c, shell=True)\n", [("DS507", 2)]),
        ("self.assertEquals(a, b)\nother.assertEquals(a, b)\n", [("DS135", 1)]),
        ("d.iteritems()\nsix.iteritems(d)\n", [("DS322", 1)]),
    ],
)  # fmt: skip
def test_syntax_and_call_conditions(source: str, expected: list) -> None:
    codes = {"DS304", "DS305", "DS306", "DS403", "DS404", "DS405", "DS401", "DS402", "DS406",
             "DS407", "DS310", "DS505", "DS512", "DS501", "DS507", "DS135", "DS322"}  # fmt: skip
    assert found(source, *codes) == expected


def test_findings_carry_rule_category_severity_and_minutes() -> None:
    outcome = analyze_file("m.py", b"import imp\n# TODO: port this\n", settings=SETTINGS)
    assert isinstance(outcome, Analyzed)
    by_code = {f.code: f for f in outcome.findings}
    # target 3.12: imp was removed in 3.12, so importing it is a blocker
    assert (by_code["DS102"].severity, by_code["DS102"].minutes) == ("critical", 30)
    assert by_code["DS102"].category == "removed-stdlib"
    assert by_code["DS102"].message.startswith("`imp` imported")
    assert by_code["DS601"].message == "Unresolved TODO: TODO: port this"


def test_version_semantics_follow_the_target() -> None:
    def severity(target: tuple[int, int], code: str) -> str | None:
        rules = select_rules(load_catalogue(), target=target)
        settings = AnalysisSettings(target=target, rules=rules)
        outcome = analyze_file("m.py", b"import imp\nimport cgi\n", settings=settings)
        return next((str(f.severity) for f in outcome.findings if f.code == code), None)

    assert severity((3, 11), "DS102") == "high"  # deprecated in 3.4, still there in 3.11
    assert severity((3, 12), "DS102") == "critical"  # removed in 3.12: a blocker
    assert severity((3, 10), "DS108") is None  # cgi is deprecated only from 3.11: silent
    assert severity((3, 13), "DS108") == "critical"


@pytest.mark.parametrize(
    "path",
    sorted(Path(__file__).parents[1].joinpath("debtscan").rglob("*.py"))[:12]
    + sorted(Path(ast.__file__).parent.glob("[n-s]*.py"))[:12],
    ids=lambda path: path.name,
)
def test_our_dispatch_calls_the_visitors_as_libcst_does(path: Path) -> None:
    """visitors.visit_batched is LibCST's traversal with table dispatch: same results."""
    text = path.read_text(encoding="utf-8")
    module = cst.parse_module(text)
    tables = compile_rules(RULES)
    results = []
    for walk in (visit_batched, cst.visit_batched):
        tracker = LineTracker.for_text(text)
        structure = StructureCollector(tracker)
        matcher = RuleMatcher(tracker, module, tables)
        walk(module, [tracker, structure, matcher])
        results.append((structure.functions, structure.classes, matcher.findings, tracker.line))
    assert results[0] == results[1]
