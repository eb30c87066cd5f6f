"""Recognise Python 2 source that LibCST (a Python 3 parser) cannot read.

A tolerant token pass of our own: a regular expression that accepts every token of both
languages (``ur''`` strings, ``0777``, ``10L``, backticks, ``<>``) and never raises, so
it reads the same on every Python version (the standard ``tokenize`` module rejects
some of these since 3.12). Statement starts are followed through brackets, ``;`` and
``if x: print y`` suites, which is what tells ``print "x"`` (Python 2) from a name.

A file is Python 2 when the pass finds at least one construct that only Python 2
accepts; anything else that does not parse stays a syntax error.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from debtscan.catalogue import Python2Construct
from debtscan.records import FileMetrics

_TOKENS = re.compile(
    r"""
     (?P<comment>\#[^\r\n]*)
    |(?P<string>(?:[uUbBrRfF]{1,2})?
        (?:'''(?:\\.|[^\\])*?(?:'''|\Z) | \"\"\"(?:\\.|[^\\])*?(?:\"\"\"|\Z)
          | '(?:\\.|[^'\\\r\n])*(?:'|(?=[\r\n])|\Z) | "(?:\\.|[^"\\\r\n])*(?:"|(?=[\r\n])|\Z)))
    |(?P<number>0[xX][0-9a-fA-F_]+[lL]? | 0[oObB][0-7_]+
        | (?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJlL]?)
    |(?P<name>[^\W\d]\w*)
    |(?P<newline>\r\n|\r|\n)
    |(?P<continuation>\\\r?\n)
    |(?P<op>\*\*=?|//=?|>>=?|<<=?|<>|->|:=|\.\.\.|[-+*/%&|^=<>!]=?|[()\[\]{}:;,.@~`])
    |(?P<space>[ \t\f]+)
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_OPENING, _CLOSING = frozenset("([{"), frozenset(")]}")
_COMPOUND = frozenset({"if", "elif", "else", "for", "while", "try", "except", "finally",
                       "with", "def", "class"})  # fmt: skip
_DECISIONS = frozenset({"if", "elif", "for", "while", "except", "and", "or", "assert"})
_OLD_OCTAL = re.compile(r"^0[0-7]*[1-7][0-7]*[lL]?$")
# What may follow ``print`` in a Python 2 print statement (not "(", "=", "." ...).
_PRINTABLE_OPS = frozenset({">>", "-", "+", "~", "[", "{", "`", ";"})


@dataclass(frozen=True, kw_only=True)
class _Token:
    kind: str
    text: str
    line: int
    depth: int  # bracket depth before the token
    starts_statement: bool


@dataclass(kw_only=True)
class Python2Reading:
    """What the token pass saw: constructs with their lines, comments, line counts."""

    constructs: list[tuple[Python2Construct, int]] = field(default_factory=list)
    comments: list[tuple[int, str]] = field(default_factory=list)
    metrics: FileMetrics | None = None


def read_python2(text: str) -> Python2Reading | None:
    """The reading of ``text`` when it is recognisably Python 2, else None."""
    tokens = list(_tokens(text))
    reading = Python2Reading(comments=[(t.line, t.text) for t in tokens if t.kind == "comment"])
    reading.constructs = sorted(_constructs(tokens), key=lambda found: found[1])
    if not reading.constructs:
        return None
    reading.metrics = _metrics(text, tokens)
    return reading


def _tokens(text: str) -> Iterator[_Token]:
    line, depth, at_start, compound = 1, 0, True, False
    for match in _TOKENS.finditer(text):
        kind, value = match.lastgroup or "other", match[0]
        if kind in ("space", "continuation"):
            line += kind == "continuation"
            continue
        if kind == "newline":
            if depth == 0:
                yield _Token(kind=kind, text=value, line=line, depth=0, starts_statement=False)
                at_start, compound = True, False
            line += 1
            continue
        starts = at_start and kind != "comment"
        if starts:
            compound = value in _COMPOUND
        yield _Token(kind=kind, text=value, line=line, depth=depth, starts_statement=starts)
        if kind != "comment":
            at_start = depth == 0 and (value == ";" or (value == ":" and compound))
        if kind == "op":
            depth += (value in _OPENING) - (value in _CLOSING and depth > 0)
        line += value.count("\n") if kind == "string" else 0


def _constructs(tokens: list[_Token]) -> Iterator[tuple[Python2Construct, int]]:
    in_backticks = False
    for index, token in enumerate(tokens):
        if token.kind == "op":
            if token.text == "`":
                if not in_backticks:
                    yield Python2Construct.BACKTICK_REPR, token.line
                in_backticks = not in_backticks
            elif token.text == "<>":
                yield Python2Construct.NOT_EQUAL_DIAMOND, token.line
        elif token.kind == "number":
            if _OLD_OCTAL.match(token.text):
                yield Python2Construct.OLD_OCTAL_LITERAL, token.line
            if token.text[-1] in "lL":
                yield Python2Construct.LONG_INTEGER_LITERAL, token.line
        elif token.kind == "string":
            prefix = token.text[: len(token.text) - len(token.text.lstrip("uUbBrRfF"))].lower()
            if "u" in prefix and "r" in prefix:
                yield Python2Construct.UR_STRING_PREFIX, token.line
        elif token.kind == "name" and token.starts_statement:
            found = _statement(token, itertools.islice(tokens, index + 1, None))
            if found is not None:
                yield found, token.line


def _statement(keyword: _Token, rest: Iterator[_Token]) -> Python2Construct | None:
    """The Python 2 statement that ``keyword`` starts, if it is one."""
    if keyword.text not in ("print", "exec", "except", "raise"):
        return None
    after = next((t for t in rest if t.kind != "comment"), None)
    if after is not None and keyword.text in ("except", "raise"):
        rest = itertools.chain([after], rest)
    if keyword.text == "print":
        return Python2Construct.PRINT_STATEMENT if _printable(after) else None
    if keyword.text == "exec":
        follows = after is not None and after.kind in ("string", "name", "number")
        return Python2Construct.EXEC_STATEMENT if follows else None
    if keyword.text in ("except", "raise"):
        end = ":" if keyword.text == "except" else None
        for token in rest:
            if token.kind == "newline" or (token.text == end and token.depth == 0):
                return None
            if token.text == "," and token.depth == 0:
                if keyword.text == "except":
                    return Python2Construct.EXCEPT_COMMA
                return Python2Construct.RAISE_COMMA
    return None


def _printable(after: _Token | None) -> bool:
    if after is None or after.kind == "newline":
        return True  # a bare ``print`` prints an empty line
    if after.kind in ("string", "number", "name"):
        return after.text not in ("if", "in", "is", "and", "or", "not", "for")
    return after.kind == "op" and after.text in _PRINTABLE_OPS


def _metrics(text: str, tokens: list[_Token]) -> FileMetrics:
    """Line counts from the tokens; cyclomatic complexity estimated from keywords.

    ``cyclomatic_total = 1 + count(if, elif, for, while, except, and, or, assert)``:
    the decision points radon counts, read from tokens (a loop's ``else`` is missed).
    """
    lines = text.count("\n") + (bool(text) and not text.endswith("\n"))
    code_lines: set[int] = set()
    comment_lines: set[int] = set()
    for token in tokens:
        if token.kind == "comment":
            comment_lines.add(token.line)
        elif token.kind != "newline":
            span = token.text.count("\n") if token.kind == "string" else 0
            code_lines.update(range(token.line, token.line + span + 1))
    only_comments = len(comment_lines - code_lines)
    sloc = len(code_lines)
    decisions = sum(t.kind == "name" and t.text in _DECISIONS for t in tokens)
    return FileMetrics(
        lines=lines,
        sloc=sloc,
        lloc=sum(t.starts_statement for t in tokens),
        comments=only_comments,
        blank=max(0, lines - sloc - only_comments),
        cyclomatic_total=1 + decisions,
        cyclomatic_max=0,
        maintainability=None,
    )
