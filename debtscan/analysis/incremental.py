"""Parse the next version of a file reusing the statements it shares with the previous one.

A backfill analyses every version of a file that its snapshots hold, and from one
quarter to the next most top-level statements and class members of a file are unchanged
(on two years of sqlalchemy, 3 of 4 bytes of the versions to analyse sit in a statement
already seen in the version before). LibCST's nodes carry no positions and are
immutable, so the node of an unchanged statement can be put into the next version's tree
as it is: the statements that changed are parsed, the others are reused, and the tree is
the one a parse of the whole file gives (``deep_equals``; tested on real histories).

How: each parsed version keeps its reusable statements with their line spans; a span
owns the blank and comment lines before the statement, as LibCST's ``leading_lines`` do.
The next version's text is searched for those spans (by their first code line, then
compared whole); each one found becomes a one-line placeholder in a skeleton of the file,
LibCST parses the skeleton, and the placeholders are swapped for the reused nodes. An
``ast`` parse of the skeleton (small: most of it is placeholders) then gives the spans of
the new version's own statements, for the version after it. What keeps it exact:

- a span found in the new text must follow a line of code indented at least as far (the
  end of the statement before: leading comment lines all belong to the span) and be
  followed by blank lines and comments at its own indentation, then code at that
  indentation (the next statement): comments indented further would belong to its block
  (``IndentedBlock.footer``), and a clause (``else:``) would continue it, which makes the
  skeleton fail to parse;
- only the middle statements of the module and of a top-level class are remembered, and
  every placeholder must come back as a middle statement of the skeleton's module or
  class body (the module header and footer and a block's own lines sit around the
  first and the last); a placeholder inside a string, a bracket or another block does
  not come back as one;
- LibCST takes the module's default indentation, which its nodes are relative to, from
  the first indented block it reads: the skeleton's must be the one the reused nodes are
  relative to, and the first indented block of the result must have it too.

When the search fails, ``ast`` finds the spans of the whole new text and those already
known are reused (the first version of a file is parsed this way too); when anything
else fails, the whole file is parsed, so errors are LibCST's own.
"""

from __future__ import annotations

import ast
import dataclasses
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

import libcst as cst

_PLACEHOLDER = "_debtscan_reused_"
_DEFAULT_INDENT = "    "

T = TypeVar("T")


@dataclass(frozen=True)
class _Span:
    """Lines [start, stop) of one statement and the blank and comment lines before it."""

    start: int
    stop: int
    node: ast.stmt | None  # None when several statements share the span


@dataclass(frozen=True)
class _Entry:
    """A statement of a parsed version that the next version may reuse."""

    start: int  # lines [start, stop) of the version: the statement and the lines it owns
    stop: int
    indent: str  # the statement's own indentation ("" at the top level)
    lead: int  # how many of its lines are the blank and comment lines before it
    node: cst.BaseStatement
    members: tuple[_Entry, ...] = ()  # a top-level class's reusable members

    def moved(self, start: int) -> _Entry:
        """The entry with its lines moved to begin at ``start``."""
        shift = start - self.start
        members = tuple(member.moved(member.start + shift) for member in self.members)
        return dataclasses.replace(self, start=start, stop=self.stop + shift, members=members)


@dataclass(frozen=True)
class _Version:
    """What the next version needs of a parsed one."""

    lines: list[str]
    indent: str  # the module's default indentation
    entries: list[_Entry]

    def all_entries(self) -> Iterator[_Entry]:
        for entry in self.entries:
            yield entry
            yield from entry.members


@dataclass
class _Skeleton:
    """The new text with reused spans as placeholder lines; ``origin[i]`` is the line of
    the new text where line ``i`` of the skeleton begins (one more at the end)."""

    lines: list[str]
    origin: list[int]
    reused: list[_Entry]

    @classmethod
    def of(cls, lines: list[str], found: Iterable[tuple[int, int, _Entry]]) -> _Skeleton:
        """``lines`` with lines [start, stop) of each found (start, stop, entry) replaced."""
        skeleton = cls([], [], [])
        position = 0
        for start, stop, entry in found:
            skeleton.lines += lines[position:start]
            skeleton.origin += range(position, start)
            skeleton.lines.append(f"{entry.indent}{_PLACEHOLDER}{len(skeleton.reused)}\n")
            skeleton.origin.append(start)
            skeleton.reused.append(entry)
            position = stop
        skeleton.lines += lines[position:]
        skeleton.origin += range(position, len(lines) + 1)
        return skeleton


class IncrementalParser:
    """Parses successive versions of one file; see the module docstring."""

    def __init__(self) -> None:
        self._previous: _Version | None = None
        self.reused = 0  # statements reused over all the versions parsed

    def parse(self, text: str, *, remember: bool = True) -> cst.Module:
        """The module of ``text``, as ``libcst.parse_module(text)`` gives it.

        ``remember``: keep this version's statements for the next one (costs an ``ast``
        parse when nothing is known yet).
        """
        if not remember and self._previous is None:
            return cst.parse_module(text)
        module, version = self._parse(text, remember)
        self._previous = version if remember else None
        return module

    def _parse(self, text: str, remember: bool) -> tuple[cst.Module, _Version | None]:
        if "\r" in text or "\f" in text:  # other line ends than ast's and LibCST's agree on
            return cst.parse_module(text), None
        lines = _lines(text)
        if self._previous is not None:
            try:
                return self._parse_found(lines, self._previous, remember)
            except Exception:  # not found, or a placeholder did not come back
                pass
        try:
            return self._parse_spans(text, lines, remember)
        except Exception:  # anything unexpected: LibCST decides, on the whole file
            return cst.parse_module(text), None

    def _parse_found(
        self, lines: list[str], previous: _Version, remember: bool
    ) -> tuple[cst.Module, _Version | None]:
        """Reuse the previous version's statements found in ``lines``."""
        found = _find(previous, lines)
        if not found:
            raise ValueError("no statement to reuse")
        skeleton = _Skeleton.of(lines, found)
        module = _parse_skeleton(skeleton, previous.indent)
        return self._finish(module, skeleton, lines, remember)

    def _parse_spans(
        self, text: str, lines: list[str], remember: bool
    ) -> tuple[cst.Module, _Version | None]:
        """Reuse the previous version's statements among the spans ``ast`` finds."""
        tree = ast.parse(text)
        indent = _first_indent(tree, lines)
        known: dict[str, _Entry] = {}
        if self._previous is not None and self._previous.indent == indent:
            previous = self._previous
            known = {_text(previous.lines, e): e for e in previous.all_entries()}
        skeleton = _Skeleton.of(lines, _known_spans(_spans(tree.body, lines, ""), lines, known))
        module = _parse_skeleton(skeleton, indent)
        # Without a placeholder the skeleton is the text: its tree is the one at hand.
        return self._finish(module, skeleton, lines, remember, None if skeleton.reused else tree)

    def _finish(
        self,
        module: cst.Module,
        skeleton: _Skeleton,
        lines: list[str],
        remember: bool,
        tree: ast.Module | None = None,
    ) -> tuple[cst.Module, _Version | None]:
        """The module, and what the next version needs of it (``tree``: the skeleton's)."""
        self.reused += len(skeleton.reused)
        if not remember:
            return module, None
        entries = _remember(module, tree or ast.parse("".join(skeleton.lines)), skeleton, lines)
        return module, _Version(lines=lines, indent=module.default_indent, entries=entries)


def _parse_skeleton(skeleton: _Skeleton, indent: str) -> cst.Module:
    """LibCST's module of the skeleton, its placeholders swapped for the reused nodes."""
    module = cst.parse_module("".join(skeleton.lines))
    if not skeleton.reused:
        return module
    # LibCST takes the default indentation from the first indented block it reads, and
    # the reused nodes are relative to ``indent``.
    if module.default_indent != indent:
        raise ValueError("the skeleton's default indentation is another")
    module = _substitute(module, skeleton.reused)
    if not _indented_by(module, indent):
        raise ValueError("the module's default indentation is another")
    return module


def _indented_by(module: cst.Module, indent: str) -> bool:
    """Whether a whole parse of the module's code takes ``indent`` as the default: the
    indentation of its first indented block, which LibCST stores as None (the default),
    relative to the skeleton's default or to the reused node's, both ``indent``."""
    for statement in module.body:
        if not isinstance(statement, cst.BaseCompoundStatement):
            continue
        if isinstance(statement.body, cst.IndentedBlock):
            return statement.body.indent is None
        clauses = ("orelse", "handlers", "finalbody", "cases")
        if isinstance(statement, cst.Match) or any(getattr(statement, c, None) for c in clauses):
            return False  # a first indented block elsewhere in it: not worth the search
    return indent == _DEFAULT_INDENT  # no indented block: LibCST's own default


def _find(previous: _Version, lines: list[str]) -> list[tuple[int, int, _Entry]]:
    """(start, stop, entry): where the previous version's statements are in ``lines``,
    in order and not overlapping, each where it is a statement of its own (see the
    module docstring)."""
    by_first_line: dict[str, list[_Entry]] = {}
    for entry in previous.all_entries():
        by_first_line.setdefault(previous.lines[entry.start + entry.lead], []).append(entry)
    for candidates in by_first_line.values():
        candidates.sort(key=lambda e: e.start - e.stop)  # a whole class before its members
    found = []
    free = 1  # the first line free to reuse: a reused statement follows another one
    number = 1
    while number < len(lines):
        for entry in by_first_line.get(lines[number], ()):
            start = number - entry.lead
            stop = start + entry.stop - entry.start
            if (
                start >= free
                and _follows_statement(lines[start - 1], entry.indent)
                and lines[start:stop] == previous.lines[entry.start : entry.stop]
                and _ends_statement(lines, stop, entry.indent)
            ):
                found.append((start, stop, entry))
                free = number = stop
                break
        else:
            number += 1
    return found


def _known_spans(
    spans: Sequence[_Span], lines: list[str], known: dict[str, _Entry]
) -> Iterator[tuple[int, int, _Entry]]:
    """(start, stop, entry) of the middle spans, and of the middle members of the
    top-level classes, whose text is a known statement."""
    for span in _middle(spans):
        entry = known.get(_text(lines, span))
        if entry is not None:
            yield span.start, span.stop, entry
            continue
        members = _members(span, lines)
        if members is not None:
            for member in _middle(members[1]):
                entry = known.get(_text(lines, member))
                if entry is not None:
                    yield member.start, member.stop, entry


def _substitute(module: cst.Module, reused: list[_Entry]) -> cst.Module:
    """The module with each placeholder statement swapped for its reused node; each must be
    a middle statement of the module's body or of a top-level class's body."""
    swapped = 0

    def swap(statements: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
        nonlocal swapped
        result = list(statements)
        for number, statement in enumerate(statements):
            placeholder = _placeholder_number(statement)
            if placeholder is not None:
                if not 0 < number < len(statements) - 1:
                    raise ValueError("a reused statement would be the first or the last")
                result[number] = reused[placeholder].node
                swapped += 1
        return result

    body = []
    for statement in swap(module.body):
        if isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
            members = swap(statement.body.body)
            statement = statement.with_changes(body=statement.body.with_changes(body=members))
        body.append(statement)
    if swapped != len(reused):
        raise ValueError("a placeholder did not come back as a statement")
    return module.with_changes(body=body)


def _placeholder_number(statement: cst.CSTNode) -> int | None:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        expression = statement.body[0]
        if isinstance(expression, cst.Expr) and isinstance(expression.value, cst.Name):
            return _numbered(expression.value.value)
    return None


def _remember(
    module: cst.Module, tree: ast.Module, skeleton: _Skeleton, lines: list[str]
) -> list[_Entry]:
    """The middle statements of the new version, with their spans in ``lines`` (``tree``
    is the skeleton's): a reused one is the entry it came from, moved."""
    spans = _spans(tree.body, skeleton.lines, "")
    if len(spans) != len(module.body):
        return []
    entries = []
    for span, statement in _middle(zip(spans, module.body, strict=True)):
        entry = _entry_of(span, "", statement, skeleton, lines)
        split = _members(span, skeleton.lines)
        if split is not None and isinstance(statement, cst.ClassDef):
            indent, member_spans = split
            if len(member_spans) == len(statement.body.body):
                pairs = _middle(zip(member_spans, statement.body.body, strict=True))
                members = tuple(_entry_of(s, indent, m, skeleton, lines) for s, m in pairs)
                entry = dataclasses.replace(entry, members=members)
        entries.append(entry)
    return entries


def _entry_of(
    span: _Span, indent: str, node: cst.BaseStatement, skeleton: _Skeleton, lines: list[str]
) -> _Entry:
    """The entry of a statement of the skeleton: a placeholder's is the reused one."""
    start = skeleton.origin[span.start]
    placeholder = _placeholder_in(span)
    if placeholder is not None:
        return skeleton.reused[placeholder].moved(start)
    stop = skeleton.origin[span.stop]
    lead = next(n for n in range(start, stop) if _is_code(lines[n])) - start
    return _Entry(start=start, stop=stop, indent=indent, lead=lead, node=node)


def _placeholder_in(span: _Span) -> int | None:
    """The number of the placeholder that is the span's statement, if it is one."""
    node = span.node
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Name):
        return _numbered(node.value.id)
    return None


def _numbered(name: str) -> int | None:
    """The number of placeholder ``name``; None for any other name."""
    return int(name.removeprefix(_PLACEHOLDER)) if name.startswith(_PLACEHOLDER) else None


def _middle(items: Iterable[T]) -> list[T]:
    """All but the first and the last: the only statements ever reused, and the only ones
    whose span is exactly the lines LibCST gives them (the first's leading lines may be
    the module's header or follow a class's own lines; the last may own a footer)."""
    return list(items)[1:-1]


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their ``\\n``, split as ast counts them."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _text(lines: list[str], part: _Span | _Entry) -> str:
    return "".join(lines[part.start : part.stop])


def _is_code(line: str) -> bool:
    """Not blank and not only a comment."""
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _follows_statement(line: str, indent: str) -> bool:
    """Whether ``line``, before a statement at ``indent``, may end the statement before
    it in the same block: code, indented at least as far (not the block's header)."""
    return _is_code(line) and _indent_of(line).startswith(indent)


def _ends_statement(lines: list[str], stop: int, indent: str) -> bool:
    """Whether the lines from ``stop`` on are blank or comments at ``indent`` (the next
    statement's leading lines), then the next statement: code at ``indent``."""
    for line in itertools.islice(lines, stop, None):
        if not _is_leading(line, indent):
            return _is_code(line) and _indent_of(line) == indent
    return False  # the file ends: the last statement may own its footer


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
    return all(_is_leading(line, indent) for line in lines)


def _is_leading(line: str, indent: str) -> bool:
    """A blank line or a comment at ``indent``: one of a statement's leading lines."""
    return line == "\n" or line.startswith(indent + "#")


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
