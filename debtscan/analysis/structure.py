"""Per-function structure and classes, collected in the one LibCST traversal."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from debtscan.analysis.cognitive import CognitiveCounter, boolean_shape, is_wrapper
from debtscan.analysis.lines import LineTracker
from debtscan.analysis.visitors import BatchableVisitor
from debtscan.records import ClassRecord, FunctionRecord


@dataclass(slots=True)
class _Scope:
    """A function or class being traversed."""

    node: cst.FunctionDef | cst.ClassDef
    qualified_name: str
    start_line: int = 0
    in_body: bool = False  # decorators and defaults belong to the enclosing scope
    decisions: int = 0  # decision points inside the body, nested functions excluded
    depth: int = 0
    max_depth: int = 0
    methods: int = 0
    level: int = 0  # cognitive nesting level inside this function's own body
    offset: int = 0  # this function's nesting level in its enclosing function's count
    cognitive: int = 0
    bool_operators: int = 0
    nested_chunks: int = 0
    in_chunk: bool = False  # inside a top-level block that already reached depth 2
    returns: int = 0


class StructureCollector(CognitiveCounter, BatchableVisitor):
    """Functions with their size and complexity, and classes, of one module.

    Cyclomatic complexity (McCabe 1976) as radon counts it, so the figures agree with
    radon's: 1 + the decision points in the body, where ``if``/``elif``, conditional
    expressions, ``assert``, each loop (+1 more for its ``else``), each ``except``
    handler and a ``try``'s ``else``, each ``and``/``or``, each comprehension ``for`` and
    its ``if`` clauses, and each non-wildcard ``case`` count one. Nested functions are
    their own records and are not added to their parent.

    Cognitive complexity, ``bool_operators``, ``nested_chunks`` and ``returns``: see
    ``CognitiveCounter``.
    """

    def __init__(self, lines: LineTracker) -> None:
        super().__init__()
        self._lines = lines
        self._scopes: list[_Scope] = []
        self._elifs: set[int] = set()
        self._inner_booleans: set[int] = set()  # operands already counted with their root
        self.module_decisions = 0  # all decision points of the file
        self.functions: list[FunctionRecord] = []
        self.classes: list[ClassRecord] = []

    # --- scopes ----------------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        parent = self._function()
        self._enter(node)
        if parent is not None and parent is self._scopes[-2]:
            self._scopes[-1].offset = parent.level + (not is_wrapper(parent.node, node))

    def visit_FunctionDef_name(self, node: cst.FunctionDef) -> None:
        self._scopes[-1].start_line = self._lines.line  # the line of ``def``

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._scopes[-1].in_body = True

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        scope = self._scopes.pop()
        end = self._end_line(original_node)
        parent = self._scopes[-1] if self._scopes else None
        is_method = isinstance(parent.node, cst.ClassDef) if parent else False
        if is_method:
            parent.methods += 1
        self.functions.append(
            FunctionRecord(
                qualified_name=scope.qualified_name,
                start_line=scope.start_line,
                end_line=end,
                lines=end - scope.start_line + 1,
                arguments=_count_arguments(original_node.params, is_method=is_method),
                nesting=scope.max_depth,
                cyclomatic=1 + scope.decisions,
                cognitive=scope.cognitive,
                bool_operators=scope.bool_operators,
                nested_chunks=scope.nested_chunks,
                returns=scope.returns,
            )
        )

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._enter(node)

    def visit_ClassDef_name(self, node: cst.ClassDef) -> None:
        self._scopes[-1].start_line = self._lines.line

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        scope = self._scopes.pop()
        end = self._end_line(original_node)
        self.classes.append(
            ClassRecord(
                qualified_name=scope.qualified_name,
                start_line=scope.start_line,
                end_line=end,
                lines=end - scope.start_line + 1,
                methods=scope.methods,
            )
        )

    def _enter(self, node: cst.FunctionDef | cst.ClassDef) -> None:
        prefix = self._scopes[-1].qualified_name + "." if self._scopes else ""
        self._scopes.append(_Scope(node=node, qualified_name=prefix + node.name.value))

    def _end_line(self, node: cst.FunctionDef | cst.ClassDef) -> int:
        # The traversal has passed the body's last newline; the comment lines that LibCST
        # attaches to the end of the (nested) blocks are not part of the code.
        return self._lines.line - 1 - _footer_lines(node)

    # --- nesting ---------------------------------------------------------------------

    def visit_If(self, node: cst.If) -> None:
        if isinstance(node.orelse, cst.If):
            self._elifs.add(id(node.orelse))
        self._decision(1)
        is_elif = id(node) in self._elifs
        self._cognitive(structural=not is_elif)
        if not is_elif:
            self._nest(+1)

    def leave_If(self, original_node: cst.If) -> None:
        if id(original_node) in self._elifs:
            self._elifs.discard(id(original_node))
        else:
            self._nest(-1)

    def _nest(self, step: int) -> None:
        function = self._function()
        if function is not None:
            function.depth += step
            function.max_depth = max(function.max_depth, function.depth)
            if function.depth == 2 and step > 0 and not function.in_chunk:
                function.nested_chunks += 1
                function.in_chunk = True
            elif function.depth == 0:
                function.in_chunk = False

    def _function(self) -> _Scope | None:
        """The function whose body the traversal is in, if any."""
        for scope in reversed(self._scopes):
            if isinstance(scope.node, cst.FunctionDef) and scope.in_body:
                return scope
        return None

    # --- decision points -------------------------------------------------------------

    def visit_For(self, node: cst.For) -> None:
        self._decision(1 + (node.orelse is not None))
        self._cognitive(structural=True)
        self._nest(+1)

    def leave_For(self, original_node: cst.For) -> None:
        self._nest(-1)

    def visit_While(self, node: cst.While) -> None:
        self._decision(1 + (node.orelse is not None))
        self._cognitive(structural=True)
        self._nest(+1)

    def leave_While(self, original_node: cst.While) -> None:
        self._nest(-1)

    def visit_Try(self, node: cst.Try) -> None:
        self._decision(len(node.handlers) + (node.orelse is not None))
        self._nest(+1)

    def leave_Try(self, original_node: cst.Try) -> None:
        self._nest(-1)

    def visit_TryStar(self, node: cst.TryStar) -> None:
        self._decision(len(node.handlers) + (node.orelse is not None))
        self._nest(+1)

    def leave_TryStar(self, original_node: cst.TryStar) -> None:
        self._nest(-1)

    def visit_With(self, node: cst.With) -> None:
        self._nest(+1)

    def leave_With(self, original_node: cst.With) -> None:
        self._nest(-1)

    def visit_Match(self, node: cst.Match) -> None:
        wildcard = any(
            isinstance(case.pattern, cst.MatchAs) and case.pattern.pattern is None
            for case in node.cases
        )
        self._decision(max(0, len(node.cases) - wildcard))
        self._cognitive(structural=True)
        self._nest(+1)

    def leave_Match(self, original_node: cst.Match) -> None:
        self._nest(-1)

    def visit_IfExp(self, node: cst.IfExp) -> None:
        self._decision(1)
        self._cognitive(structural=True)
        self._level(+1)

    def leave_IfExp(self, original_node: cst.IfExp) -> None:
        self._level(-1)

    def visit_Assert(self, node: cst.Assert) -> None:
        self._decision(1)

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> None:
        self._decision(1)
        if id(node) in self._inner_booleans:
            return
        operators, sequences = boolean_shape(node, self._inner_booleans)
        self._cognitive(structural=False, count=sequences)
        function = self._function()
        if function is not None:
            function.bool_operators = max(function.bool_operators, operators)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._decision(1 + len(node.ifs))

    def _decision(self, count: int) -> None:
        self.module_decisions += count
        function = self._function()
        if function is not None:
            function.decisions += count


_CLAUSES = (
    cst.BaseCompoundStatement,
    cst.Else,
    cst.Finally,
    cst.ExceptHandler,
    cst.ExceptStarHandler,
    cst.MatchCase,
)


def _footer_lines(node: cst.CSTNode | None) -> int:
    """Blank and comment lines after the last statement that LibCST gives to the blocks."""
    count = 0
    while isinstance(node, _CLAUSES):
        if isinstance(node, cst.Match):
            count += len(node.footer)
            node = node.cases[-1]
            continue
        last = _last_part(node)
        if isinstance(last, cst.IndentedBlock):
            count += len(last.footer)
            node = last.body[-1] if last.body else None
        else:
            node = last
    return count


def _last_part(node: cst.CSTNode) -> cst.CSTNode:
    """The last child of a compound statement or clause in the text: its last clause, or
    its body (``node.children[-1]``, without building the list of all its children)."""
    for name in ("finalbody", "orelse"):
        part = getattr(node, name, None)
        if part is not None:
            return part
    handlers = getattr(node, "handlers", ())
    return handlers[-1] if handlers else node.body  # type: ignore[attr-defined]


def _count_arguments(params: cst.Parameters, *, is_method: bool) -> int:
    """Parameters of a function; ``self``/``cls`` of a method are not counted."""
    count = len(params.posonly_params) + len(params.params) + len(params.kwonly_params)
    count += isinstance(params.star_arg, cst.Param) + (params.star_kwarg is not None)
    first = (params.posonly_params or params.params or [None])[0]
    if is_method and first is not None and first.name.value in ("self", "cls"):
        count -= 1
    return count
