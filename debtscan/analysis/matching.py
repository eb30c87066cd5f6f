"""All rules of a file in the one batched traversal.

The matcher extends the reference collector (references.py): syntax and comment rules
report on the spot; name, call and import rules report when the references are
resolved at the end of the module. One finding per node and rule code: ``a.b.c`` is one
reference, matched longest prefix first.
"""

from __future__ import annotations

import libcst as cst

from debtscan.analysis import checks
from debtscan.analysis.comments import comment_findings, read_suppression
from debtscan.analysis.lines import LineTracker
from debtscan.analysis.names import ScopeKind, dotted_name
from debtscan.analysis.references import CHECK, ReferenceCollector
from debtscan.analysis.tables import VERSION_FLAGS, RuleTables
from debtscan.catalogue import Rule, SyntaxCheck, report
from debtscan.records import Finding

# A syntax check confirmed by resolving a name: the qualified names that confirm it.
_CONFIRMED_BY = {
    SyntaxCheck.OBJECT_BASE: frozenset({"builtins.object"}),
    SyntaxCheck.SUPER_WITH_ARGUMENTS: frozenset({"builtins.super"}),
    SyntaxCheck.OPEN_WITHOUT_ENCODING: frozenset({"builtins.open", "io.open"}),
    SyntaxCheck.TYPE_COMPARISON: frozenset({"builtins.type"}),
    SyntaxCheck.PYTHON2_VERSION_CHECK: frozenset({"sys.version_info", "sys.hexversion"}),
}


class RuleMatcher(ReferenceCollector):
    """Findings of the rules in ``tables`` for one module; read ``findings`` after."""

    def __init__(self, lines: LineTracker, module: cst.Module, tables: RuleTables) -> None:
        super().__init__(lines)
        self._module = module
        self._tables = tables
        self._syntax = tables.syntax
        self._roots = tables.name_roots | tables.call_roots
        self._seen: set[tuple[int, str]] = set()
        self._calls: dict[int, cst.Call] = {}  # callee node id -> call
        self.findings: list[Finding] = []
        self.suppressions: dict[int, frozenset[str]] = {}  # see comments.py
        self.bare_except_tuple = False  # ``except E, e:``, see analyze_file

    # --- imports ---------------------------------------------------------------------

    def imported(self, node: cst.CSTNode, modules: list[str], line: int) -> None:
        table = self._tables.imports
        for module in modules if table else ():
            parts = module.split(".")
            for end in range(1, len(parts) + 1):
                for rule in table.get(".".join(parts[:end]), ()):
                    self._emit(rule, line, id(node), name=module)

    def import_reference(self, qualified: str, line: int, key: int) -> None:
        self._match_name(qualified, line, key, from_import=True)

    # --- nodes that bind names and may also break a rule -----------------------------

    def visit_ClassDef_name(self, node: cst.ClassDef) -> None:
        rule = self._syntax.get(SyntaxCheck.OBJECT_BASE)
        if rule is None:
            return
        for base in node.bases:
            if isinstance(base.value, cst.Name) and base.value.value == "object":
                self.note("object", CHECK, id(base), SyntaxCheck.OBJECT_BASE)

    def visit_Param(self, node: cst.Param) -> None:
        super().visit_Param(node)
        rule = self._syntax.get(SyntaxCheck.MUTABLE_DEFAULT_ARGUMENT)
        if rule is not None and checks.is_mutable_default(node):
            self._emit(rule, self._lines.line, id(node))

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        super().visit_AssignTarget(node)
        target = node.target
        if (
            isinstance(target, cst.Name)
            and target.value == "__metaclass__"
            and self._scope.kind is ScopeKind.CLASS
        ):
            rule = self._syntax.get(SyntaxCheck.METACLASS_ATTRIBUTE)
            if rule is not None:
                self._emit(rule, self._lines.line, id(node))

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        super().visit_ExceptHandler(node)
        if isinstance(node.type, cst.Tuple) and not node.type.lpar:
            self.bare_except_tuple = True  # Python 2's ``except E, e:`` (or 3.14's PEP 758)
        rule = self._syntax.get(SyntaxCheck.BARE_EXCEPT)
        if rule is not None and node.type is None:
            self._emit(rule, self._lines.statement_line(node), id(node))

    # --- calls -----------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        kind = type(func)
        if kind is cst.Name:
            tail = func.value
        elif kind is cst.Attribute:
            tail = func.attr.value
        else:
            return
        # The callee is noted as a reference anyway; the call rules look at it when it
        # is resolved (``from subprocess import run as go; go(...)`` is subprocess.run).
        self._calls[id(func)] = node
        hooks = self._tables.call_hooks.get(tail)
        if hooks is None:
            return
        if "method" in hooks and kind is cst.Attribute:
            self._match_method(node, func, tail)
        if "format" in hooks and kind is cst.Attribute and checks.is_text_literal(func.value):
            self._emit(self._syntax[SyntaxCheck.STR_FORMAT_CALL], self._lines.line, id(node))
        elif "open" in hooks and checks.opens_text_without_encoding(node):
            name = dotted_name(func)
            if name is not None:
                self.note(name, CHECK, id(node), SyntaxCheck.OPEN_WITHOUT_ENCODING)
        elif "super" in hooks and kind is cst.Name and self._in_method():
            owner, first = self._definitions[-1]
            if checks.super_with_own_arguments(node, owner, first):
                self.note("super", CHECK, id(node), SyntaxCheck.SUPER_WITH_ARGUMENTS)

    def _match_method(self, node: cst.Call, func: cst.Attribute, method: str) -> None:
        receiver_text = None
        for method_rule in self._tables.methods.get(method, ()):
            if method_rule.receiver is not None:
                if receiver_text is None:
                    receiver_text = self._module.code_for_node(func.value)
                if not method_rule.receiver.search(receiver_text):
                    continue
            self._emit(method_rule.rule, self._lines.line, id(node), name=method)

    # --- syntax and comments ---------------------------------------------------------

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if node.value[0] in "uU":
            rule = self._syntax.get(SyntaxCheck.U_STRING_PREFIX)
            if rule is not None:
                self._emit(rule, self._lines.line, id(node))

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if type(node.operator) is cst.Modulo and checks.is_text_literal(node.left):
            rule = self._syntax.get(SyntaxCheck.PERCENT_FORMAT)
            if rule is not None:
                self._emit(rule, self._lines.line, id(node))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        if SyntaxCheck.PYTHON2_VERSION_CHECK in self._syntax:
            first = node.comparisons[0]
            for subject, value in ((node.left, first.comparator), (first.comparator, node.left)):
                found = checks.version_subject(subject)
                if found and checks.tests_python2(found[1], first.operator, value):
                    self.note(found[0], CHECK, id(node), SyntaxCheck.PYTHON2_VERSION_CHECK)
                    break
        if SyntaxCheck.TYPE_COMPARISON in self._syntax and checks.compares_type_calls(node):
            self.note("type", CHECK, id(node), SyntaxCheck.TYPE_COMPARISON)

    def visit_Try(self, node: cst.Try) -> None:
        rule = self._syntax.get(SyntaxCheck.IMPORT_FALLBACK)
        if rule is not None and checks.is_py2_fallback(node):
            self._emit(rule, self._lines.statement_line(node), id(node))

    def visit_Assert(self, node: cst.Assert) -> None:
        rule = self._syntax.get(SyntaxCheck.ASSERT_ON_TUPLE)
        if rule is not None and isinstance(node.test, cst.Tuple) and node.test.elements:
            self._emit(rule, self._lines.line, id(node))

    def visit_Comment(self, node: cst.Comment) -> None:
        text, line = node.value, self._lines.line
        suppression = read_suppression(text)
        if suppression is not None:
            self.suppressions[line] = suppression
        if self._tables.comments:
            self.findings.extend(comment_findings(self._tables, line, text))

    # --- resolved references ---------------------------------------------------------

    def resolved(
        self, qualified: str, rest: tuple[str, ...], line: int, key: int, purpose: int,
        payload: object,
    ) -> None:  # fmt: skip
        if purpose == CHECK:
            full = ".".join((qualified, *rest))
            if full in _CONFIRMED_BY[payload]:
                self._emit(self._syntax[payload], line, key)
            return
        if qualified.partition(".")[0] not in self._roots:
            return  # most references: the rules ask about nothing under this name
        full = ".".join((qualified, *rest)) if rest else qualified
        self._match_name(full, line, key)
        call = self._calls.get(key)
        if call is not None:
            for rule, match in self._tables.calls.get(full, ()):
                if checks.call_conditions_hold(call, match):
                    self._emit(rule, line, key, name=full)

    def is_rule_name(self, qualified: str) -> bool:
        parts = qualified.split(".")
        tables = self._tables
        return qualified in tables.names or any(
            ".".join(parts[:end]) in tables.name_trees for end in range(1, len(parts) + 1)
        )

    def _match_name(self, full: str, line: int, key: int, *, from_import: bool = False) -> None:
        names, trees = self._tables.names, self._tables.name_trees
        parts = full.split(".")
        for end in range(len(parts), 0, -1):
            prefix = ".".join(parts[:end]) if end < len(parts) else full
            for rule in names.get(prefix, ()):
                if not (from_import and prefix in VERSION_FLAGS):
                    self._emit(rule, line, key, name=prefix)
            for rule in trees.get(prefix, ()):
                self._emit(rule, line, key, name=full)

    def _emit(self, rule: Rule, line: int, key: int, **values: object) -> None:
        if (key, rule.code) in self._seen:
            return
        self._seen.add((key, rule.code))
        self.findings.append(report(rule, line, **values))
