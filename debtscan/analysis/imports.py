"""The imports of one module and when each one runs, collected in the one LibCST traversal.

An import's kind says what dependency it makes (see ``ImportKind``): a module-level
import runs whenever the module is imported; one under ``if TYPE_CHECKING:`` never runs;
one inside a function runs when the function is called; one under ``try/except
ImportError`` (or ``contextlib.suppress(ImportError)``) or a module-level ``if``/``else``
may not run; ``importlib.import_module("name")`` and ``__import__("name")`` with a
literal name are imports the ``import`` statement does not show.
"""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node

from debtscan.analysis.lines import LineTracker
from debtscan.analysis.visitors import BatchableVisitor
from debtscan.records import ImportKind, ImportRecord

_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
_DYNAMIC_CALLS = frozenset({"importlib.import_module", "import_module", "__import__"})
_DYNAMIC_NAMES = frozenset({"import_module", "__import__"})


class ImportCollector(BatchableVisitor):
    """Every import of a module as an ``ImportRecord`` with its line and kind."""

    def __init__(self, lines: LineTracker) -> None:
        super().__init__()
        self._lines = lines
        self._functions = 0  # function bodies the traversal is inside
        self._type_checking = 0  # ``if TYPE_CHECKING:`` bodies
        self._guards = 0  # try/except ImportError, suppress(ImportError), module-level ifs
        self.imports: list[ImportRecord] = []

    # --- statements ------------------------------------------------------------------

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            module = get_full_name_for_node(alias.name) or ""
            self._add(module=module, names=(), level=0, kind=self._kind())

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = get_full_name_for_node(node.module) if node.module else ""
        if isinstance(node.names, cst.ImportStar):
            names: tuple[str, ...] = ("*",)
        else:
            names = tuple(get_full_name_for_node(alias.name) or "" for alias in node.names)
        self._add(module=module or "", names=names, level=len(node.relative), kind=self._kind())

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        # Cheap test first: this runs for every call of every file.
        last = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", None)
        if last not in _DYNAMIC_NAMES or not node.args:
            return
        if get_full_name_for_node(func) not in _DYNAMIC_CALLS:
            return
        name = _literal(node.args[0].value)
        if not name or node.args[0].keyword is not None:
            return
        level = len(name) - len(name.lstrip("."))
        module = name[level:]
        package = _literal(node.args[1].value) if len(node.args) > 1 else None
        if level and package:  # import_module(".sub", "pkg"): relative to a named package
            anchor = package.split(".")[: len(package.split(".")) - (level - 1)]
            module, level = ".".join(part for part in (*anchor, module) if part), 0
        self._add(module=module, names=(), level=level, kind=ImportKind.DYNAMIC)

    def _add(self, *, module: str, names: tuple[str, ...], level: int, kind: ImportKind) -> None:
        record = ImportRecord(
            module=module, names=names, level=level, line=self._lines.line, kind=kind
        )
        self.imports.append(record)

    def _kind(self) -> ImportKind:
        if self._type_checking:
            return ImportKind.TYPE_CHECKING
        if self._functions:
            return ImportKind.LAZY
        if self._guards:
            return ImportKind.CONDITIONAL
        return ImportKind.RUNTIME

    # --- where the traversal is --------------------------------------------------------

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._functions += 1

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._functions -= 1

    def visit_If_body(self, node: cst.If) -> None:
        self._enter_branch(node, body=True, step=1)

    def leave_If_body(self, node: cst.If) -> None:
        self._enter_branch(node, body=True, step=-1)

    def visit_If_orelse(self, node: cst.If) -> None:
        self._enter_branch(node, body=False, step=1)

    def leave_If_orelse(self, node: cst.If) -> None:
        self._enter_branch(node, body=False, step=-1)

    def _enter_branch(self, node: cst.If, *, body: bool, step: int) -> None:
        if body and _is_type_checking(node.test):
            self._type_checking += step
        elif not self._functions:  # inside a function every import is lazy anyway
            self._guards += step

    def visit_Try_body(self, node: cst.Try) -> None:
        self._guards += _guards_imports(node)

    def leave_Try_body(self, node: cst.Try) -> None:
        self._guards -= _guards_imports(node)

    def visit_ExceptHandler_body(self, node: cst.ExceptHandler) -> None:
        self._guards += _catches_import_errors(node)

    def leave_ExceptHandler_body(self, node: cst.ExceptHandler) -> None:
        self._guards -= _catches_import_errors(node)

    def visit_With_body(self, node: cst.With) -> None:
        self._guards += _suppresses_import_errors(node)

    def leave_With_body(self, node: cst.With) -> None:
        self._guards -= _suppresses_import_errors(node)


def _literal(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _is_type_checking(test: cst.BaseExpression) -> bool:
    """``TYPE_CHECKING``, ``typing.TYPE_CHECKING``, ``t.TYPE_CHECKING``..."""
    name = get_full_name_for_node(test)
    return name is not None and (name == "TYPE_CHECKING" or name.endswith(".TYPE_CHECKING"))


def _names_import_error(node: cst.BaseExpression | None) -> bool:
    if node is None:
        return True  # a bare ``except:``
    if isinstance(node, cst.Tuple):
        return any(_names_import_error(element.value) for element in node.elements)
    name = get_full_name_for_node(node) or ""
    return name.rpartition(".")[2] in _IMPORT_ERRORS


def _catches_import_errors(handler: cst.ExceptHandler) -> bool:
    return _names_import_error(handler.type)


def _guards_imports(node: cst.Try) -> bool:
    return any(_catches_import_errors(handler) for handler in node.handlers)


def _suppresses_import_errors(node: cst.With) -> bool:
    for item in node.items:
        call = item.item
        if (
            isinstance(call, cst.Call)
            and (get_full_name_for_node(call.func) or "").rpartition(".")[2] == "suppress"
            and any(_names_import_error(arg.value) for arg in call.args)
        ):
            return True
    return False
