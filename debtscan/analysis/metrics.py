"""File-level size and maintainability, counted in the one LibCST traversal.

radon computes the same figures from two more readings of the file: its raw counts run
Python's tokenizer (measured on werkzeug: 1.2 x the LibCST parse) and its Halstead volume
walks an ``ast`` tree (0.6 x the parse). Both read nodes the LibCST traversal passes
anyway: blank and comment lines are ``EmptyLine`` nodes, statements are statements, and
Halstead's operators are the operator nodes. Only radon's formula for the index is kept.
"""

from __future__ import annotations

import math

import libcst as cst
from radon.metrics import mi_compute

from debtscan.analysis.visitors import BatchableVisitor
from debtscan.records import FileMetrics


class SizeCollector(BatchableVisitor):
    """Raw line counts and Halstead counts of one module, as radon defines them.

    - whole-line comments: ``EmptyLine`` nodes with a comment; ``comments`` counts every
      comment, inline ones too.
    - ``multi``: the non-blank lines of strings that stand alone as statements
      (docstrings) and span several lines; a one-line docstring is a comment line;
      whitespace-only lines are blank, inside strings too;
      ``sloc = lines - blank - whole-line comments - multi``.
    - ``lloc``: small statements, decorators and compound statement headers (``if``,
      ``else``, ...); radon also counts ``x: int = 1`` twice, this does not.
    - Halstead (1977) operators and operands of binary, unary, boolean and augmented
      operators and comparisons, as radon's ``HalsteadVisitor`` takes them: an operand is
      distinct by its name, attribute or literal within its function, any other
      expression is distinct by itself. ``a and b and c`` counts as two operators here
      (LibCST nests them), one in radon.
    """

    def __init__(self) -> None:
        super().__init__()
        self.comment_lines = 0
        self.comments = 0
        self.multi = 0
        self.lloc = 0
        self.operators = 0
        self.operands = 0
        self._operators_seen: set[str] = set()
        self._operands_seen: set[tuple[str, object]] = set()
        self._functions: list[str] = []

    # --- lines -----------------------------------------------------------------------

    def visit_EmptyLine(self, node: cst.EmptyLine) -> None:
        if node.comment is not None:
            self.comment_lines += 1

    def visit_Comment(self, node: cst.Comment) -> None:
        self.comments += 1

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.lloc += len(node.body)
        if len(node.body) == 1 and isinstance(node.body[0], cst.Expr):
            value = node.body[0].value
            if not isinstance(value, cst.SimpleString):
                return
            if "\n" in value.value:
                self.multi += sum(bool(line.strip()) for line in value.value.splitlines())
            else:
                self.comment_lines += 1  # radon: a one-line docstring is a comment line

    def visit_Decorator(self, node: cst.Decorator) -> None:
        self.lloc += 1

    # Every compound statement's header (``if``, ``else``, ``def``, ...) owns one suite.
    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.lloc += 1

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self.lloc += 1 + len(node.body)  # ``if x: a; b`` on one line

    # --- Halstead --------------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions.append(node.name.value)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        self._operation(node.operator, (node.left, node.right))

    def visit_UnaryOperation(self, node: cst.UnaryOperation) -> None:
        self._operation(node.operator, (node.expression,))

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> None:
        self._operation(node.operator, (node.left, node.right))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._operation(node.operator, (node.target, node.value))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        for target in node.comparisons:
            self._operators_seen.add(type(target.operator).__name__)
        self.operators += len(node.comparisons)
        self._add_operands((node.left, *(target.comparator for target in node.comparisons)))

    def _operation(self, operator: cst.CSTNode, operands: tuple[cst.BaseExpression, ...]) -> None:
        self.operators += 1
        self._operators_seen.add(type(operator).__name__)
        self._add_operands(operands)

    def _add_operands(self, operands: tuple[cst.BaseExpression, ...]) -> None:
        self.operands += len(operands)
        context = self._functions[-1] if self._functions else ""
        for operand in operands:
            self._operands_seen.add((context, _operand_key(operand)))

    def halstead_volume(self) -> float:
        """V = N log2 n: N operators and operands in all, n distinct ones."""
        vocabulary = len(self._operators_seen) + len(self._operands_seen)
        length = self.operators + self.operands
        return length * math.log2(vocabulary) if vocabulary else 0.0

    def metrics(self, text: str, *, cyclomatic_total: int, cyclomatic_max: int) -> FileMetrics:
        """The file's metrics once the traversal is done.

        MI (radon's variant of Oman and Hagemeister 1992, 0-100):
        ``max(0, (171 - 5.2 ln V - 0.23 G - 16.2 ln L + 50 sin(sqrt(2.4 C))) * 100 / 171)``
        with V the Halstead volume, G the cyclomatic complexity, L the logical lines and C
        the share of comment lines (comments and docstring lines over source lines).
        """
        physical = text.splitlines()
        blank = sum(not line.strip() for line in physical)  # inside strings too, as radon
        lines = len(physical)
        sloc = max(0, lines - blank - self.comment_lines - self.multi)
        comment_share = (self.comments + self.multi) / sloc * 100 if sloc else 0
        return FileMetrics(
            lines=lines,
            sloc=sloc,
            lloc=self.lloc,
            comments=self.comments,
            blank=blank,
            cyclomatic_total=cyclomatic_total,
            cyclomatic_max=cyclomatic_max,
            maintainability=round(
                mi_compute(self.halstead_volume(), cyclomatic_total, self.lloc, comment_share), 2
            ),
        )


def _operand_key(operand: cst.BaseExpression) -> object:
    """What makes an operand the same as another, as radon tells them apart."""
    if isinstance(operand, cst.Name):
        return operand.value
    if isinstance(operand, cst.Attribute):
        return operand.attr.value
    if isinstance(operand, cst.Integer | cst.Float | cst.Imaginary | cst.SimpleString):
        return operand.value
    return id(operand)  # any other expression is an operand of its own
