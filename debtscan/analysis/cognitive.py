"""Cognitive complexity and its companions, counted during the structure traversal."""

from __future__ import annotations

from typing import Any

import libcst as cst


class CognitiveCounter:
    """Mixed into StructureCollector, whose scopes carry the counts.

    Cognitive complexity (G. Ann Campbell, *Cognitive Complexity*, SonarSource 2018),
    mapped to Python as sonar-python does: ``sum(structural: 1 + nesting) + sum(hybrid
    and sequences: 1)``. Structural increments: ``if``, conditional expression, ``for``,
    ``while``, ``except``, ``match``; hybrid increments (no nesting penalty): ``elif`` and
    every ``else``; +1 per sequence of like boolean operators (``a and b and c`` is one,
    ``a and b or c`` two; a parenthesised group starts its own). The nesting level grows
    inside the bodies of ``if``/``elif``/``else``/``for``/``while``/``except``/``case``
    and inside conditional expressions, not inside ``try``, ``finally`` or ``with``.
    Nested functions count towards their enclosing function one level deeper (at the
    same level for a decorator's wrapper, whose parent only returns it); a class resets
    the level. Recursion and jumps add nothing in Python (no ``goto``, no labels).

    Also per function: ``bool_operators``, the most ``and``/``or`` in one boolean
    expression (Code Climate's complex-logic); ``nested_chunks``, the top-level blocks of
    the body that reach nesting depth 2 (CodeScene's bumpy road: each is a bump);
    ``returns``, the ``return`` statements.
    """

    _scopes: list[Any]  # structure._Scope: the open functions and classes, innermost last

    def _function(self) -> Any:
        """The function whose body the traversal is in (StructureCollector's)."""
        raise NotImplementedError

    def visit_Else(self, node: cst.Else) -> None:
        self._cognitive(structural=False)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._cognitive(structural=True)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self._cognitive(structural=True)

    def visit_Return(self, node: cst.Return) -> None:
        function = self._function()
        if function is not None:
            function.returns += 1

    # The bodies that raise the cognitive nesting level.
    def visit_If_body(self, node: cst.If) -> None:
        self._level(+1)

    def leave_If_body(self, node: cst.If) -> None:
        self._level(-1)

    def visit_Else_body(self, node: cst.Else) -> None:
        self._level(+1)

    def leave_Else_body(self, node: cst.Else) -> None:
        self._level(-1)

    def visit_For_body(self, node: cst.For) -> None:
        self._level(+1)

    def leave_For_body(self, node: cst.For) -> None:
        self._level(-1)

    def visit_While_body(self, node: cst.While) -> None:
        self._level(+1)

    def leave_While_body(self, node: cst.While) -> None:
        self._level(-1)

    def visit_ExceptHandler_body(self, node: cst.ExceptHandler) -> None:
        self._level(+1)

    def leave_ExceptHandler_body(self, node: cst.ExceptHandler) -> None:
        self._level(-1)

    def visit_ExceptStarHandler_body(self, node: cst.ExceptStarHandler) -> None:
        self._level(+1)

    def leave_ExceptStarHandler_body(self, node: cst.ExceptStarHandler) -> None:
        self._level(-1)

    def visit_MatchCase_body(self, node: cst.MatchCase) -> None:
        self._level(+1)

    def leave_MatchCase_body(self, node: cst.MatchCase) -> None:
        self._level(-1)

    def _level(self, step: int) -> None:
        function = self._function()
        if function is not None:
            function.level += step

    def _cognitive(self, *, structural: bool, count: int = 1) -> None:
        """Add an increment to the function it is in and to each enclosing function,
        where it sits deeper by the offsets of the functions in between."""
        nesting = -1
        for scope in reversed(self._scopes):
            if not (scope.in_body and isinstance(scope.node, cst.FunctionDef)):
                continue
            nesting = scope.level if nesting < 0 else nesting
            scope.cognitive += count + (nesting if structural else 0)
            nesting += scope.offset


def is_wrapper(parent: cst.FunctionDef | cst.ClassDef, child: cst.FunctionDef) -> bool:
    """Whether ``parent`` is a wrapper: besides ``child`` it only returns a name."""
    body = parent.body.body if isinstance(parent.body, cst.IndentedBlock) else ()
    return all(
        statement is child
        or (
            isinstance(statement, cst.SimpleStatementLine)
            and len(statement.body) == 1
            and isinstance(statement.body[0], cst.Return)
            and isinstance(statement.body[0].value, cst.Name)
        )
        for statement in body
    )


def boolean_shape(root: cst.BooleanOperation, inner: set[int]) -> tuple[int, int]:
    """(operators, sequences) of a boolean expression; its operands are added to ``inner``.

    Operators in source order; a sequence is a run of the same operator, and each
    parenthesised group is read on its own, as sonar-python reads them.
    """
    operators = sequences = 0
    groups = [root]
    while groups:
        previous = None
        stack: list[tuple[cst.BooleanOperation, bool]] = [(groups.pop(), False)]
        while stack:
            node, visited = stack.pop()
            if visited:
                kind = type(node.operator)
                operators += 1
                sequences += kind is not previous
                previous = kind
                continue
            for index, operand in enumerate((node.right, node.left)):
                if index == 1:
                    stack.append((node, True))
                if isinstance(operand, cst.BooleanOperation):
                    inner.add(id(operand))
                    if operand.lpar:
                        groups.append(operand)
                    else:
                        stack.append((operand, False))
    return operators, sequences
