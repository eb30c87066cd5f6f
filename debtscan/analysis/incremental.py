"""Parse the next version of a file reusing the statements it shares with the previous one.

A backfill analyses every version of a file that its snapshots hold, and from one
quarter to the next most top-level statements and class members of a file are unchanged
(on two years of sqlalchemy, 3 of 4 bytes of the versions to analyse sit in a statement
already seen in the version before). LibCST's nodes carry no positions and are
immutable, so the node of an unchanged statement can be put into the next version's tree
as it is: the statements that changed are parsed, the others are reused, and the tree is
the one a parse of the whole file gives (``deep_equals``; tested on real histories).

How: ``ast`` (a tenth of LibCST's parse time) finds the line span of each top-level
statement and of each member of a top-level class. A span owns the blank and comment
lines before it, as LibCST's ``leading_lines`` do. A span whose text is a statement of
the previous version becomes a one-line placeholder in a skeleton of the file, LibCST
parses the skeleton, and the placeholders are swapped for the reused nodes. What keeps
it exact:

- a span is split off only where the lines between two statements are blank or comments
  at the statement's own indentation: comments indented further belong to the block
  before (``IndentedBlock.footer``), so such neighbours stay one span;
- the first and last statement of the module and of each class are always parsed (the
  module header and footer and the block's own lines sit around them);
- reused nodes are keyed by their text and by the module's default indentation and
  newline, which LibCST's nodes are relative to;
- every placeholder must come back as a statement of the skeleton's module or class
  body; when one does not, or anything else fails, the whole file is parsed, so errors
  are LibCST's own.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import libcst as cst

_PLACEHOLDER = "_debtscan_reused_"
_DEFAULT_INDENT = "    "

T = TypeVar("T")
Key = tuple[str, str]  # (the statement's text with the lines it owns, default indent)


@dataclass(frozen=True)
class _Span:
    """Lines [start, stop) of one statement and the blank and comment lines before it."""

    start: int
    stop: int
    node: ast.stmt | None  # None when several statements share the span


class IncrementalParser:
    """Parses successive versions of one file; see the module docstring."""

    def __init__(self) -> None:
        self._known: dict[Key, cst.BaseStatement] = {}
        self.reused = 0  # statements reused over all the versions parsed

    def parse(self, text: str, *, remember: bool = True) -> cst.Module:
        """The module of ``text``, as ``libcst.parse_module(text)`` gives it.

        ``remember``: keep this version's statements for the next one (costs an ``ast``
        parse when nothing is known yet).
        """
        if not remember and not self._known:
            return cst.parse_module(text)
        try:
            module, known = self._parse_reusing(text)
        except Exception:  # anything unexpected: LibCST decides, on the whole file
            module, known = cst.parse_module(text), {}
        self._known = known if remember else {}
        return module

    def _parse_reusing(self, text: str) -> tuple[cst.Module, dict[Key, cst.BaseStatement]]:
        if "\r" in text or "\f" in text:  # other line ends than ast's and LibCST's agree on
            return cst.parse_module(text), {}
        tree = ast.parse(text)
        lines = _lines(text)
        indent = _first_indent(tree, lines)
        config = cst.PartialParserConfig(default_indent=indent, default_newline="\n")
        spans = _spans(tree.body, lines, "")
        if not spans:
            return cst.parse_module(text, config), {}
        skeleton = _Skeleton(self._known, indent)
        last = len(spans) - 1
        layout = [skeleton.add_statement(span, lines, i, last) for i, span in enumerate(spans)]
        skeleton.pieces.append("".join(lines[spans[-1].stop :]))
        if not skeleton.reused:
            module = cst.parse_module(text, config)
        else:
            module = _substitute(cst.parse_module("".join(skeleton.pieces), config), skeleton)
        self.reused += len(skeleton.reused)
        return module, _remember(module, layout)


class _Skeleton:
    """The file with each reusable span as a placeholder line, built span by span."""

    def __init__(self, known: dict[Key, cst.BaseStatement], indent: str) -> None:
        self.known = known
        self.indent = indent
        self.pieces: list[str] = []
        self.reused: list[cst.BaseStatement] = []
        self.swapped = 0

    def add_statement(
        self, span: _Span, lines: list[str], position: int, last: int
    ) -> tuple[Key, list[Key]]:
        """Add the top-level statement at ``position`` (of 0..``last``); returns its key
        and its members' keys when its members were split."""
        key = (_text(lines, span), self.indent)
        if 0 < position < last and key in self.known:
            self.pieces.append(self._placeholder(key, ""))
            return key, []
        members = _members(span, lines)
        if members is None:
            self.pieces.append(key[0])
            return key, []
        body_indent, member_spans = members
        self.pieces.append("".join(lines[span.start : member_spans[0].start]))
        keys = []
        for number, member in enumerate(member_spans):
            member_key = (_text(lines, member), self.indent)
            keys.append(member_key)
            if 0 < number < len(member_spans) - 1 and member_key in self.known:
                self.pieces.append(self._placeholder(member_key, body_indent))
            else:
                self.pieces.append(member_key[0])
        self.pieces.append("".join(lines[member_spans[-1].stop : span.stop]))
        return key, keys

    def _placeholder(self, key: Key, indent: str) -> str:
        self.reused.append(self.known[key])
        return f"{indent}{_PLACEHOLDER}{len(self.reused) - 1}\n"

    def swap(self, statement: cst.BaseStatement) -> cst.BaseStatement:
        """The reused node for a placeholder statement; any other statement as it is."""
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            expression = statement.body[0]
            if isinstance(expression, cst.Expr) and isinstance(expression.value, cst.Name):
                name = expression.value.value
                if name.startswith(_PLACEHOLDER):
                    self.swapped += 1
                    return self.reused[int(name.removeprefix(_PLACEHOLDER))]
        return statement


def _substitute(module: cst.Module, skeleton: _Skeleton) -> cst.Module:
    body = []
    for statement in module.body:
        statement = skeleton.swap(statement)
        if isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
            members = [skeleton.swap(member) for member in statement.body.body]
            statement = statement.with_changes(body=statement.body.with_changes(body=members))
        body.append(statement)
    if skeleton.swapped != len(skeleton.reused):
        raise ValueError("a placeholder did not come back as a statement")
    return module.with_changes(body=body)


def _remember(
    module: cst.Module, layout: Sequence[tuple[Key, list[Key]]]
) -> dict[Key, cst.BaseStatement]:
    """This version's statements by key, for the next version."""
    known: dict[Key, cst.BaseStatement] = {}
    if len(module.body) != len(layout):
        return known
    for key_and_members, statement in _middle(zip(layout, module.body, strict=True)):
        key, member_keys = key_and_members
        known[key] = statement
        if member_keys and isinstance(statement, cst.ClassDef):
            members = statement.body.body
            if len(members) == len(member_keys):
                known.update(_middle(zip(member_keys, members, strict=True)))
    return known


def _middle(pairs: Iterable[T]) -> list[T]:
    """All but the first and the last: the only statements ever reused, and the only ones
    whose span is exactly the lines LibCST gives them (the first's leading lines may be
    the module's header or follow a class's own lines; the last may own a footer)."""
    return list(pairs)[1:-1]


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their ``\\n``, split as ast counts them."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _text(lines: list[str], span: _Span) -> str:
    return "".join(lines[span.start : span.stop])


def _spans(body: Sequence[ast.stmt], lines: list[str], indent: str) -> list[_Span]:
    """The spans of the statements of one block whose statements sit at ``indent``.

    Statements sharing a line (``a = 1; b = 2``) share a span; so do two neighbours
    whose lines between are not only blank lines and comments at ``indent``.
    """
    spans: list[_Span] = []
    for node in body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
        last = node.end_lineno or node.lineno
        if spans and (
            first <= spans[-1].stop or not _clean(lines[spans[-1].stop : first - 1], indent)
        ):
            spans[-1] = _Span(start=spans[-1].start, stop=max(spans[-1].stop, last), node=None)
            continue
        start = spans[-1].stop if spans else (0 if not indent else first - 1)
        spans.append(_Span(start=start, stop=last, node=node))
    return spans


def _clean(lines: list[str], indent: str) -> bool:
    """Only blank lines and comments at ``indent``: the next statement's own lines."""
    return all(line == "\n" or line.startswith(indent + "#") for line in lines)


def _members(span: _Span, lines: list[str]) -> tuple[str, list[_Span]] | None:
    """(indent, spans) of the members of a top-level class worth splitting, else None."""
    node = span.node
    if not isinstance(node, ast.ClassDef) or len(node.body) < 3:
        return None
    first = node.body[0].lineno
    if first <= node.lineno:
        return None
    indent = _indent_of(lines[first - 1])
    if not indent:
        return None
    members = _spans(node.body, lines, indent)
    if len(members) < 3 or members[0].start <= span.start:
        return None
    return indent, members


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _first_indent(tree: ast.Module, lines: list[str]) -> str:
    """The indentation of the first indented block in the file, which LibCST takes as the
    module's default (nested blocks store their indentation only where it differs)."""
    for node in tree.body:
        blocks: list[list[ast.stmt]] = [
            getattr(node, name, []) for name in ("body", "orelse", "finalbody")
        ]
        blocks += [handler.body for handler in getattr(node, "handlers", ())]
        blocks += [case.body for case in getattr(node, "cases", ())]
        for block in blocks:
            if block and isinstance(block[0], ast.stmt) and block[0].lineno > node.lineno:
                return _indent_of(lines[block[0].lineno - 1]) or _DEFAULT_INDENT
    return _DEFAULT_INDENT
