"""Imports collected in the traversal: module, names, level, line and when each one runs."""

from __future__ import annotations

import textwrap

import pytest

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.records import Analyzed, ImportKind

RUNTIME, TYPE_CHECKING, LAZY = ImportKind.RUNTIME, ImportKind.TYPE_CHECKING, ImportKind.LAZY
CONDITIONAL, DYNAMIC = ImportKind.CONDITIONAL, ImportKind.DYNAMIC


def imports(source: str) -> list[tuple]:
    outcome = analyze_file("m.py", textwrap.dedent(source).encode(), settings=AnalysisSettings())
    assert isinstance(outcome, Analyzed), outcome
    return [(i.module, i.names, i.level, i.line, i.kind) for i in outcome.imports]


def test_statements_give_module_names_level_and_line() -> None:
    source = """\
    import os.path, json as j
    from . import sibling
    from ..pkg.mod import a, b as c
    from x import *
    """
    assert imports(source) == [
        ("os.path", (), 0, 1, RUNTIME),
        ("json", (), 0, 1, RUNTIME),
        ("", ("sibling",), 1, 2, RUNTIME),
        ("pkg.mod", ("a", "b"), 2, 3, RUNTIME),
        ("x", ("*",), 0, 4, RUNTIME),
    ]


def test_each_kind_is_told_apart() -> None:
    source = """\
    from __future__ import annotations
    import typing
    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from app import models
    else:
        import fallback_at_runtime
    if typing.TYPE_CHECKING:
        import app.views

    try:
        import ujson as json
    except ImportError:
        import json

    if sys.version_info >= (3, 11):
        import tomllib

    class Box:
        import inside_class

    def handler():
        import app.lazy
        if x:
            from app import deeper
        return importlib.import_module("app.plugins")

    plugin = __import__("app.dynamic")
    name = importlib.import_module(computed)
    """
    assert [(i[0] or i[2], i[3], i[4]) for i in imports(source)] == [
        ("__future__", 1, RUNTIME),
        ("typing", 2, RUNTIME),
        ("typing", 3, RUNTIME),
        ("app", 6, TYPE_CHECKING),
        ("fallback_at_runtime", 8, CONDITIONAL),
        ("app.views", 10, TYPE_CHECKING),
        ("ujson", 13, CONDITIONAL),
        ("json", 15, CONDITIONAL),
        ("tomllib", 18, CONDITIONAL),
        ("inside_class", 21, RUNTIME),
        ("app.lazy", 24, LAZY),
        ("app", 26, LAZY),
        ("app.plugins", 27, DYNAMIC),
        ("app.dynamic", 29, DYNAMIC),
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("try:\n    import a\nexcept (ValueError, ModuleNotFoundError):\n    a = None\n",
         ("a", CONDITIONAL)),
        ("try:\n    import a\nexcept ValueError:\n    pass\n", ("a", RUNTIME)),
        ("with contextlib.suppress(ImportError):\n    import a\n", ("a", CONDITIONAL)),
        ("with open('x') as f:\n    import a\n", ("a", RUNTIME)),
        ("if not TYPE_CHECKING:\n    import a\n", ("a", CONDITIONAL)),
        ("def f():\n    if TYPE_CHECKING:\n        import a\n", ("a", TYPE_CHECKING)),
        ("import_module('a.b')\n", ("a.b", DYNAMIC)),
    ],
)  # fmt: skip
def test_guards(source: str, expected: tuple) -> None:
    ((module, _, _, _, kind),) = imports(source)
    assert (module, kind) == expected


def test_relative_dynamic_imports_keep_their_level_or_take_the_named_package() -> None:
    source = """\
    importlib.import_module(".sub", __package__)
    importlib.import_module("..up", package="pkg.inner")
    importlib.import_module(f"app.{name}")
    """
    assert imports(source) == [
        ("sub", (), 1, 1, DYNAMIC),
        ("pkg.up", (), 0, 2, DYNAMIC),
    ]
