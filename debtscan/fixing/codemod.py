"""The base of debtscan's codemods: a LibCST codemod that rewrites one rule's findings.

Each codemod is a short ``VisitorBasedCodemodCommand`` with a ``DESCRIPTION`` (LibCST's
shape, so LibCST's ``CodemodTest`` tests it with before/after strings). It rewrites only
the nodes where the scan reports its rule (sites.py), so what it fixes is what the next
scan no longer finds; where a rewrite could change behaviour at a site it leaves the
site alone, and the finding stays.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import ClassVar, TypeVar

import libcst as cst
from libcst.codemod import CodemodContext, SkipFile, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor

from debtscan.catalogue import Rule, load_catalogue
from debtscan.fixing.sites import Site, Sites, find_sites

_Element = TypeVar("_Element", cst.Arg, cst.ImportAlias)
_Block = cst.Module | cst.IndentedBlock


class RuleCodemod(VisitorBasedCodemodCommand):
    """Rewrites the findings of the rule ``CODE``; subclasses implement ``leave_*``.

    A subclass that removes whole statement lines says which in ``prepare`` (through
    ``remove_lines``) and returns ``RemoveFromParent`` for them: the comments above a
    removed line then move to the next statement, and a block left empty gets ``pass``.
    """

    CODE: ClassVar[str]
    DESCRIPTION: ClassVar[str]

    def __init__(self, context: CodemodContext, rule: Rule | None = None) -> None:
        super().__init__(context)
        self.rule = rule or shipped_rule(self.CODE)
        self.sites = Sites()  # found again in each module transformed
        self._lines_above: dict[int, list[cst.EmptyLine]] = {}  # statement -> lines
        self._lines_below: dict[int, list[cst.EmptyLine]] = {}  # block -> lines at its end
        self._first: int | None = None  # the statement that becomes the module's first

    def transform_module(self, tree: cst.Module) -> cst.Module:
        """LibCST's entry point, without its MetadataWrapper: these codemods use no
        metadata, and the wrapper would deep-copy the tree for each of them. The imports
        a codemod asked for are added after it, as LibCST's CodemodCommand does."""
        tree = self.transform_module_impl(tree)
        if AddImportsVisitor.CONTEXT_KEY in self.context.scratch:
            tree = AddImportsVisitor(self.context).transform_module(tree)
        return tree

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        self.sites = find_sites(tree, (self.rule,))
        if not self.sites:
            raise SkipFile(f"no {self.CODE} finding")
        self._lines_above, self._lines_below, self._first = {}, {}, None
        self.prepare(tree)
        return tree.visit(self)

    def prepare(self, tree: cst.Module) -> None:
        """Decide what to do before the rewrite, from all the sites (optional)."""

    def site(self, node: cst.CSTNode) -> Site | None:
        return self.sites.at(node)

    def remove_lines(
        self, tree: cst.Module, removed: Callable[[cst.SimpleStatementLine], bool]
    ) -> None:
        """Plan to keep the comments of the statement lines that will be ``removed``."""
        planner = _RemovalPlanner(removed, header=bool(tree.header))
        tree.visit(planner)
        self._lines_above, self._lines_below = planner.above, planner.below
        self._first = planner.first

    def on_leave(
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        above = self._lines_above.get(id(original_node))
        if above is not None and isinstance(updated_node, cst.BaseStatement):
            lines = [*above, *updated_node.leading_lines]
            if id(original_node) == self._first:  # no blank lines at the top of the file
                while lines and lines[0].comment is None:
                    lines.pop(0)
            updated_node = updated_node.with_changes(leading_lines=lines)
        left = super().on_leave(original_node, updated_node)
        if isinstance(left, cst.Module | cst.IndentedBlock):
            return _mend_block(left, self._lines_below.get(id(original_node), []))
        return left


class _RemovalPlanner(cst.CSTVisitor):
    """For each line to be removed, which statement (or block end) gets its comments."""

    def __init__(self, removed: Callable[[cst.SimpleStatementLine], bool], *, header: bool) -> None:
        super().__init__()
        self._removed = removed
        self._header = header
        self.above: dict[int, list[cst.EmptyLine]] = {}
        self.below: dict[int, list[cst.EmptyLine]] = {}
        self.first: int | None = None

    def visit_Module(self, node: cst.Module) -> None:
        self._plan(node)
        kept = [s for s in node.body if id(s) in self.above or not self._is_removed(s)]
        if kept and kept[0] is not node.body[0] and not self._header:
            self.first = id(kept[0])
            self.above.setdefault(id(kept[0]), [])

    def _is_removed(self, statement: cst.BaseStatement) -> bool:
        return isinstance(statement, cst.SimpleStatementLine) and self._removed(statement)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._plan(node)

    def _plan(self, block: _Block) -> None:
        carried: list[cst.EmptyLine] = []
        for statement in block.body:
            if self._is_removed(statement):
                carried.extend(statement.leading_lines)
            elif carried:
                self.above[id(statement)], carried = carried, []
        if carried:
            self.below[id(block)] = carried


def _mend_block(block: _Block, below: list[cst.EmptyLine]) -> _Block:
    """A block with the comments of its removed last lines, and ``pass`` if it is empty."""
    if isinstance(block, cst.IndentedBlock) and not block.body:
        line = cst.SimpleStatementLine(body=[cst.Pass()], leading_lines=below)
        return block.with_changes(body=[line])
    if below:
        return block.with_changes(footer=(*below, *block.footer))
    return block


@functools.cache
def shipped_rule(code: str) -> Rule:
    rule = load_catalogue().rule(code)
    assert rule is not None, f"no shipped rule {code}"
    return rule


def has_comment(*nodes: cst.CSTNode | None) -> bool:
    """Whether any of ``nodes`` holds a comment (a rewrite that drops it would lose it)."""
    finder = _CommentFinder()
    for node in nodes:
        if node is not None:
            node.visit(finder)
    return finder.found


class _CommentFinder(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def visit_Comment(self, node: cst.Comment) -> None:
        self.found = True


def without(
    elements: Sequence[_Element], dropped: set[int], *, trailing_comma_allowed: bool
) -> list[_Element]:
    """``elements`` (arguments, imported names) without those at the ``dropped``
    positions, the commas mended: the new last keeps the old last's trailing comma where
    one is allowed (inside parentheses) and has none elsewhere."""
    kept = [element for index, element in enumerate(elements) if index not in dropped]
    if kept and len(elements) - 1 in dropped:
        last = elements[-1].comma if trailing_comma_allowed else cst.MaybeSentinel.DEFAULT
        kept[-1] = kept[-1].with_changes(comma=last)
    return kept


def dotted(name: str) -> cst.Name | cst.Attribute:
    """The expression for a dotted name: ``a.b.c``."""
    first, *rest = name.split(".")
    node: cst.Name | cst.Attribute = cst.Name(first)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node
