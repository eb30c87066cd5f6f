"""Apply the codemods to files: parse once, rewrite rule by rule, check the result.

Like the analysis, a pure function of (path, bytes, rules) per file, and a bad file never
stops the run: a file LibCST cannot parse (a Python 2 file, a syntax error) is skipped
with the reason, and so is a file whose rewrite would not parse. Nothing is executed.
"""

from __future__ import annotations

import ast
import difflib
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.codemod import CodemodContext, SkipFile

from debtscan.catalogue import Rule
from debtscan.fixing.codemod import RuleCodemod
from debtscan.fixing.sites import find_sites


@dataclass(frozen=True, kw_only=True)
class FileFix:
    """A file rewritten: its text before and after, and the findings fixed per rule."""

    path: str
    before: str
    after: str
    data: bytes  # ``after`` in the file's own encoding
    fixed: Mapping[str, int]


@dataclass(frozen=True, kw_only=True)
class FileSkipped:
    path: str
    reason: str


def fix_source(
    path: str, data: bytes, rules: Sequence[Rule], codemods: Mapping[str, type[RuleCodemod]]
) -> FileFix | FileSkipped | None:
    """The file at ``path`` holding ``data`` with the findings of ``rules`` rewritten by
    their ``codemods``, in order; None when there is nothing to fix. Never raises."""
    try:
        module = cst.parse_module(data)
    except (cst.ParserSyntaxError, cst.CSTValidationError, UnicodeDecodeError, LookupError):
        return FileSkipped(path=path, reason="not Python 3 that LibCST parses (Python 2?)")
    found = Counter(site.code for site in find_sites(module, tuple(rules)))
    original = module
    for rule in rules:
        if not found[rule.code]:
            continue
        try:
            module = _apply(codemods[rule.code], rule, module, path)
        except Exception as error:  # a bug of ours must not cost the user the other files
            return FileSkipped(path=path, reason=f"{rule.code} codemod failed: {error!r}")
    left = Counter(site.code for site in find_sites(module, tuple(rules)))
    fixed = {code: n - left[code] for code, n in found.items() if n > left[code]}
    if module.code == original.code:
        return None
    if _parses(original.code) and not _parses(module.code):
        return FileSkipped(path=path, reason="the rewrite would not parse; left unchanged")
    return FileFix(path=path, before=original.code, after=module.code, data=module.bytes,
                   fixed=fixed)  # fmt: skip


def unified_diff(fix: FileFix) -> str:
    """The change as a unified diff with ``a/`` and ``b/`` paths, as ``git apply`` takes it."""
    lines = difflib.unified_diff(
        fix.before.splitlines(keepends=True),
        fix.after.splitlines(keepends=True),
        fromfile=f"a/{fix.path}",
        tofile=f"b/{fix.path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)  # fmt: skip


def _apply(codemod: type[RuleCodemod], rule: Rule, module: cst.Module, path: str) -> cst.Module:
    """The module rewritten by one codemod."""
    try:
        return codemod(CodemodContext(filename=path), rule).transform_module(module)
    except SkipFile:
        return module


def _parses(code: str) -> bool:
    """Whether CPython's own parser reads ``code`` (parsed, never run)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True
