"""Parse the next version of a file reusing the statements it shares with the previous one.

A backfill analyses every version of a file that its snapshots hold, and from one
quarter to the next most top-level statements and class members of a file are unchanged
(on two years of sqlalchemy, 3 of 4 bytes of the versions to analyse sit in a statement
already seen in the version before). LibCST's nodes carry no positions and are
immutable, so the node of an unchanged statement can be put into the next version's tree
as it is: the statements that changed are parsed, the others are reused, and the tree is
the one a parse of the whole file gives (``deep_equals``; tested on real histories).

How: the analysis walk of each version notes the line where each top-level statement and
each member of a top-level class begins (``LineRecorder``, reading the walk's
``LineTracker``). A statement's span, its lines up to the next statement's, is exactly
its code: the blank and comment lines before it are its ``leading_lines``, the comments
after its block its block's footer. The next version's text is searched for the spans
(by their first code line, then compared whole); each one found becomes a one-line
placeholder in a skeleton of the file, LibCST parses the skeleton, and the placeholders
are swapped for the reused nodes. What keeps it exact:

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

When nothing is found, or anything fails, the whole file is parsed, so errors are
LibCST's own.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import libcst as cst

from debtscan.analysis.lines import LineTracker
from debtscan.analysis.visitors import BatchableVisitor, visit_batched

_PLACEHOLDER = "_debtscan_reused_"
_DEFAULT_INDENT = "    "


@dataclass(frozen=True)
class _Entry:
    """A statement of a parsed version that the next version may reuse."""

    start: int  # lines [start, stop) of the version: the statement and the lines it owns
    stop: int
    indent: str  # the statement's own indentation ("" at the top level)
    lead: int  # how many of its lines are the blank and comment lines before it
    node: cst.BaseStatement


@dataclass(frozen=True)
class _Version:
    """What the next version needs of a parsed one."""

    lines: list[str]
    indent: str  # the module's default indentation
    entries: list[_Entry]


@dataclass
class _Skeleton:
    """The new text with the reused spans as placeholder lines."""

    lines: list[str] = field(default_factory=list)
    reused: list[_Entry] = field(default_factory=list)

    @classmethod
    def of(cls, lines: list[str], found: list[tuple[int, _Entry]]) -> _Skeleton:
        """``lines`` with the span of each found (start, entry) replaced."""
        skeleton = cls()
        position = 0
        for start, entry in found:
            skeleton.lines += lines[position:start]
            skeleton.lines.append(f"{entry.indent}{_PLACEHOLDER}{len(skeleton.reused)}\n")
            skeleton.reused.append(entry)
            position = start + entry.stop - entry.start
        skeleton.lines += lines[position:]
        return skeleton


class LineRecorder(BatchableVisitor):
    """Notes, during a walk of a module, the line where each of its top-level statements
    and each member of its top-level classes begins, leading lines included."""

    def __init__(self, module: cst.Module, tracker: LineTracker) -> None:
        super().__init__()
        self._tracker = tracker
        self._wanted = {id(statement) for statement in _statements(module)}
        self.starts: dict[int, int] = {}  # by id of the statement: its first line's index
        self._notes = 0

    def _note(self, node: cst.CSTNode) -> None:
        if id(node) in self._wanted:
            self.starts[id(node)] = self._tracker.line - 1
            self._notes += 1

    # Every kind of statement a block holds.
    visit_SimpleStatementLine = visit_FunctionDef = visit_ClassDef = visit_If = _note
    visit_For = visit_While = visit_Try = visit_TryStar = visit_With = visit_Match = _note

    def complete(self) -> bool:
        """Whether every wanted statement was walked, each once."""
        return len(self.starts) == len(self._wanted) == self._notes


@dataclass
class _Parsed:
    """The version parsed last, and the recorder of its walk once it is walked."""

    lines: list[str]
    module: cst.Module
    recorder: LineRecorder | None = None

    def version(self) -> _Version | None:
        if self.recorder is None or not self.recorder.complete():
            return None
        starts = self.recorder.starts
        entries = [
            _Entry(
                start=starts[id(statement)],
                stop=starts[id(following)],
                indent=indent,
                lead=len(statement.leading_lines),
                node=statement,
            )
            for indent, body in _blocks(self.module)
            for statement, following in itertools.pairwise(body[1:])  # the middle ones
        ]
        return _Version(lines=self.lines, indent=self.module.default_indent, entries=entries)


class IncrementalParser:
    """Parses successive versions of one file; see the module docstring."""

    def __init__(self) -> None:
        self._last: _Parsed | None = None
        self.reused = 0  # statements reused over all the versions parsed

    def parse(self, text: str) -> cst.Module:
        """The module of ``text``, as ``libcst.parse_module(text)`` gives it."""
        previous = self._last.version() if self._last is not None else None
        self._last = None
        if "\r" in text or "\f" in text:  # line ends other than the ones split on here
            return cst.parse_module(text)
        lines = _lines(text)
        module = None
        if previous is not None:
            try:
                module = self._parse_found(lines, previous)
            except Exception:  # a placeholder did not come back: LibCST decides
                module = None
        if module is None:
            module = cst.parse_module(text)
        self._last = _Parsed(lines=lines, module=module)
        return module

    def line_recorder(self, module: cst.Module, tracker: LineTracker) -> LineRecorder | None:
        """The visitor that, batched in a walk of ``module`` (the version parsed last) with
        ``tracker``, notes its statements' lines for the next version."""
        if self._last is None or self._last.module is not module:
            return None
        self._last.recorder = LineRecorder(module, tracker)
        return self._last.recorder

    def note_lines(self, module: cst.Module, text: str) -> None:
        """Walk ``module`` (of ``text``, parsed last) only to note its statements' lines,
        for a caller that does not analyse it; an analysis batches ``line_recorder``."""
        tracker = LineTracker.for_text(text)
        recorder = self.line_recorder(module, tracker)
        if recorder is not None:
            visit_batched(module, [tracker, recorder])

    def _parse_found(self, lines: list[str], previous: _Version) -> cst.Module | None:
        """Reuse the previous version's statements found in ``lines``; None if none is."""
        found = _find(previous, lines)
        if not found:
            return None
        skeleton = _Skeleton.of(lines, found)
        module = _parse_skeleton(skeleton, previous.indent)
        self.reused += len(skeleton.reused)
        return module


def _statements(module: cst.Module) -> Iterator[cst.BaseStatement]:
    """The module's top-level statements and the members of its top-level classes."""
    for _, body in _blocks(module):
        yield from body


def _blocks(module: cst.Module) -> Iterator[tuple[str, Sequence[cst.BaseStatement]]]:
    """(indentation, statements) of the module's body and of its top-level classes' bodies."""
    yield "", module.body
    for statement in module.body:
        if isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
            block = statement.body
            yield block.indent or module.default_indent, block.body


def _parse_skeleton(skeleton: _Skeleton, indent: str) -> cst.Module:
    """LibCST's module of the skeleton, its placeholders swapped for the reused nodes."""
    module = cst.parse_module("".join(skeleton.lines))
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


def _find(previous: _Version, lines: list[str]) -> list[tuple[int, _Entry]]:
    """(start, entry): where the previous version's statements are in ``lines``, in order,
    not overlapping, each once, each where it is a statement of its own (see the module
    docstring)."""
    by_first_line: dict[str, list[_Entry]] = {}
    for entry in previous.entries:
        by_first_line.setdefault(previous.lines[entry.start + entry.lead], []).append(entry)
    for candidates in by_first_line.values():
        candidates.sort(key=lambda e: e.start - e.stop)  # a whole class before its members
    found = []
    used: set[int] = set()  # the nodes reused, and the members of the classes reused
    free = 1  # the first line free to reuse: a reused statement follows another one
    number = 1
    while number < len(lines):
        for entry in by_first_line.get(lines[number], ()):
            start = number - entry.lead
            stop = start + entry.stop - entry.start
            nodes = _nodes(entry)
            if (
                start >= free
                and used.isdisjoint(nodes)  # one node, one place in the tree
                and _follows_statement(lines[start - 1], entry.indent)
                and lines[start:stop] == previous.lines[entry.start : entry.stop]
                and _ends_statement(lines, stop, entry.indent)
            ):
                found.append((start, entry))
                used.update(nodes)
                free = number = stop
                break
        else:
            number += 1
    return found


def _nodes(entry: _Entry) -> list[int]:
    """The ids of the entry's node and, for a class, of its members (entries too)."""
    nodes = [id(entry.node)]
    if isinstance(entry.node, cst.ClassDef):
        nodes += (id(member) for member in entry.node.body.body)
    return nodes


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
            name = expression.value.value
            if name.startswith(_PLACEHOLDER):
                return int(name.removeprefix(_PLACEHOLDER))
    return None


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their ``\\n``."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


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


def _is_leading(line: str, indent: str) -> bool:
    """A blank line or a comment at ``indent``: one of a statement's leading lines."""
    return line == "\n" or line.startswith(indent + "#")


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]
