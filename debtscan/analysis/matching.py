"""All rules of a file in the one batched traversal.

The matcher binds names as it goes (imports, assignments, parameters, ...), notes each
reference (a name or a dotted chain, its scope and line) and each call that a rule may
care about, and resolves them all when it leaves the module (see names.py). Syntax and
comment rules report on the spot. One finding per node and rule code: ``a.b.c`` is one
reference, matched longest prefix first.
"""

from __future__ import annotations

import libcst as cst

from debtscan.analysis import checks
from debtscan.analysis.comments import comment_findings, read_suppression
from debtscan.analysis.lines import LineTracker
from debtscan.analysis.names import (
    Resolver,
    Scope,
    ScopeKind,
    chain_nodes,
    dotted_name,
    parameter_names,
    target_names,
)
from debtscan.analysis.tables import VERSION_FLAGS, RuleTables, report
from debtscan.analysis.visitors import BatchableVisitor
from debtscan.catalogue import Rule, SyntaxCheck
from debtscan.records import Finding

_REFERENCE, _CALL, _CHECK = 0, 1, 2
# Names that never lead to a rule; skipping them saves most of the bookkeeping.
_BORING = frozenset({"self", "cls", "None", "True", "False"})
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
# A syntax check confirmed by resolving a name: the qualified names that confirm it.
_CONFIRMED_BY = {
    SyntaxCheck.OBJECT_BASE: frozenset({"builtins.object"}),
    SyntaxCheck.SUPER_WITH_ARGUMENTS: frozenset({"builtins.super"}),
    SyntaxCheck.OPEN_WITHOUT_ENCODING: frozenset({"builtins.open", "io.open"}),
    SyntaxCheck.TYPE_COMPARISON: frozenset({"builtins.type"}),
    SyntaxCheck.PYTHON2_VERSION_CHECK: frozenset({"sys.version_info", "sys.hexversion"}),
}


class RuleMatcher(BatchableVisitor):
    """Findings of the rules in ``tables`` for one module; read ``findings`` after."""

    def __init__(self, lines: LineTracker, module: cst.Module, tables: RuleTables) -> None:
        super().__init__()
        self._lines = lines
        self._module = module
        self._tables = tables
        self._syntax = tables.syntax
        self._module_scope = self._scope = Scope(kind=ScopeKind.MODULE, parent=None)
        self._skip: set[int] = set()  # Name/Attribute nodes that are not references
        self._pending: list[tuple[str, tuple[str, ...], Scope, int, int, int, object]] = []
        self._seen: set[tuple[int, str]] = set()
        self._definitions: list[tuple[str, str]] = []  # (class name or "", first parameter)
        self.findings: list[Finding] = []
        self.bare_except_tuple = False
        self.suppressions: dict[int, frozenset[str]] = {}  # see suppression.py

    # --- imports ---------------------------------------------------------------------

    def visit_Import(self, node: cst.Import) -> None:
        line = self._lines.line
        for alias in node.names:
            self._skip.update(map(id, chain_nodes(alias.name)))
            module = dotted_name(alias.name) or ""
            if alias.asname is not None:
                self._skip_targets(alias.asname.name)
                for name in target_names(alias.asname.name):
                    self._scope.bind_import(name.value, module)
            else:
                first = module.split(".")[0]
                self._scope.bind_import(first, first)
            self._match_import(node, [module], line)
            self._match_name(module, line, id(alias), from_import=True)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        line = self._lines.line
        if node.module is not None:
            self._skip.update(map(id, chain_nodes(node.module)))
        names = () if isinstance(node.names, cst.ImportStar) else node.names
        for alias in names:
            self._skip.update(map(id, chain_nodes(alias.name)))
            if alias.asname is not None:
                self._skip_targets(alias.asname.name)
        if node.relative or node.module is None:
            for alias in names:  # the repository's own modules: bound, nothing to match
                bound = alias.asname.name if alias.asname else alias.name
                self._scope.bound.update(n.value for n in target_names(bound))
            return
        module = dotted_name(node.module) or ""
        if isinstance(node.names, cst.ImportStar):
            self._scope.stars.append(module)
            self._match_import(node, [module], line)
            self._match_name(module, line, id(node), from_import=True)
            return
        qualified = []
        for alias in names:
            name = dotted_name(alias.name) or ""
            full = f"{module}.{name}"
            bound = alias.asname.name if alias.asname else alias.name
            for target in target_names(bound):
                self._scope.bind_import(target.value, full)
            qualified.append(full)
            self._match_name(full, line, id(alias), from_import=True)
        self._match_import(node, [module, *qualified], line)

    def _match_import(self, node: cst.CSTNode, modules: list[str], line: int) -> None:
        table = self._tables.imports
        if not table:
            return
        for module in modules:
            parts = module.split(".")
            for end in range(1, len(parts) + 1):
                for rule in table.get(".".join(parts[:end]), ()):
                    self._emit(rule, line, id(node), name=module)

    # --- scopes and bindings ---------------------------------------------------------

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name)
        self._definitions.append((node.name.value, ""))

    def visit_ClassDef_name(self, node: cst.ClassDef) -> None:
        rule = self._syntax.get(SyntaxCheck.OBJECT_BASE)
        if rule is None:
            return
        for base in node.bases:
            if isinstance(base.value, cst.Name) and base.value.value == "object":
                self._check("object", SyntaxCheck.OBJECT_BASE, id(base))

    def visit_ClassDef_body(self, node: cst.ClassDef) -> None:
        self._push(ScopeKind.CLASS)

    def leave_ClassDef_body(self, node: cst.ClassDef) -> None:
        self._scope = self._scope.parent or self._module_scope

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._definitions.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._bind(node.name)
        parameters = parameter_names(node.params)
        in_class = self._scope.kind is ScopeKind.CLASS and self._definitions
        owner = self._definitions[-1][0] if in_class else ""
        self._definitions.append((owner, parameters[0].value if parameters else ""))

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._push(ScopeKind.FUNCTION)
        self._scope.bound.update(name.value for name in parameter_names(node.params))

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._scope = self._scope.parent or self._module_scope

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._definitions.pop()

    def visit_Lambda_body(self, node: cst.Lambda) -> None:
        self._push(ScopeKind.FUNCTION)
        self._scope.bound.update(name.value for name in parameter_names(node.params))

    def leave_Lambda_body(self, node: cst.Lambda) -> None:
        self._scope = self._scope.parent or self._module_scope

    def visit_Param(self, node: cst.Param) -> None:
        self._skip.add(id(node.name))
        rule = self._syntax.get(SyntaxCheck.MUTABLE_DEFAULT_ARGUMENT)
        if rule is not None and checks.is_mutable_default(node):
            self._emit(rule, self._lines.line, id(node))

    def _enter_comprehension(self) -> None:
        self._push(ScopeKind.COMPREHENSION)

    def _leave_comprehension(self) -> None:
        self._scope = self._scope.parent or self._module_scope

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._enter_comprehension()

    def leave_ListComp(self, original_node: cst.ListComp) -> None:
        self._leave_comprehension()

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._enter_comprehension()

    def leave_SetComp(self, original_node: cst.SetComp) -> None:
        self._leave_comprehension()

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._enter_comprehension()

    def leave_DictComp(self, original_node: cst.DictComp) -> None:
        self._leave_comprehension()

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._enter_comprehension()

    def leave_GeneratorExp(self, original_node: cst.GeneratorExp) -> None:
        self._leave_comprehension()

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._bind_targets(node.target)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._bind_targets(node.target)
        target = node.target
        if (
            type(target) is cst.Name
            and target.value == "__metaclass__"
            and self._scope.kind is ScopeKind.CLASS
        ):
            rule = self._syntax.get(SyntaxCheck.METACLASS_ATTRIBUTE)
            if rule is not None:
                self._emit(rule, self._lines.line, id(node))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind_targets(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind_targets(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._bind_targets(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind_targets(node.asname.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind_targets(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._bind_targets(node.target)

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        if node.name is not None:
            self._bind(node.name)

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        if node.name is not None:
            self._bind(node.name)

    def visit_Global(self, node: cst.Global) -> None:
        for item in node.names:
            self._skip.add(id(item.name))
            self._scope.globals.add(item.name.value)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        for item in node.names:
            self._skip.add(id(item.name))
            self._scope.nonlocals.add(item.name.value)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if isinstance(node.type, cst.Tuple) and not node.type.lpar:
            self.bare_except_tuple = True  # Python 2's ``except E, e:`` (or 3.14's PEP 758)
        if node.name is not None:
            self._bind_targets(node.name.name)
        rule = self._syntax.get(SyntaxCheck.BARE_EXCEPT)
        if rule is not None and node.type is None:
            self._emit(rule, self._lines.statement_line(node), id(node))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._skip.add(id(node.keyword))

    def _push(self, kind: ScopeKind) -> None:
        self._scope = Scope(kind=kind, parent=self._scope)

    def _bind(self, name: cst.Name) -> None:
        self._skip.add(id(name))
        self._scope.bound.add(name.value)

    def _bind_targets(self, target: cst.BaseExpression) -> None:
        if type(target) is cst.Name:  # the common case, without building a list
            self._bind(target)
            return
        for name in target_names(target):
            self._bind(name)

    def _skip_targets(self, target: cst.BaseExpression) -> None:
        self._skip.update(id(name) for name in target_names(target))

    # --- references and calls --------------------------------------------------------

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) in self._skip or node.value in _BORING:
            return
        self._pending.append(
            (node.value, (), self._scope, self._lines.line, id(node), _REFERENCE, None)
        )

    def visit_Attribute(self, node: cst.Attribute) -> None:
        skip = self._skip
        if id(node) in skip:
            return
        parts = []
        inner: cst.BaseExpression = node
        while type(inner) is cst.Attribute:
            skip.add(id(inner.attr))
            parts.append(inner.attr.value)
            inner = inner.value
            skip.add(id(inner))
        if type(inner) is cst.Name and inner.value not in _BORING:
            parts.reverse()
            entry = (inner.value, tuple(parts), self._scope, self._lines.line, id(node))
            self._pending.append((*entry, _REFERENCE, None))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        kind = type(func)
        if kind is cst.Name:
            tail = func.value
        elif kind is cst.Attribute:
            tail = func.attr.value
        else:
            return
        hooks = self._tables.call_hooks.get(tail)
        if hooks is None:
            return
        if "call" in hooks:
            name = dotted_name(func)
            if name is not None:
                root, *rest = name.split(".")
                entry = (root, tuple(rest), self._scope, self._lines.line, id(node))
                self._pending.append((*entry, _CALL, node))
        if "method" in hooks and kind is cst.Attribute:
            self._match_method(node, func, tail)
        if "format" in hooks and kind is cst.Attribute and checks.is_text_literal(func.value):
            self._emit(self._syntax[SyntaxCheck.STR_FORMAT_CALL], self._lines.line, id(node))
        elif "open" in hooks and checks.opens_text_without_encoding(node):
            name = dotted_name(func)
            if name is not None:
                self._check(name, SyntaxCheck.OPEN_WITHOUT_ENCODING, id(node))
        elif "super" in hooks and kind is cst.Name and self._in_method():
            owner, first = self._definitions[-1]
            if checks.super_with_own_arguments(node, owner, first):
                self._check("super", SyntaxCheck.SUPER_WITH_ARGUMENTS, id(node))

    def _in_method(self) -> bool:
        """In the body of a function defined directly in a class (not in a lambda)."""
        scope = self._scope
        return (
            scope.kind is ScopeKind.FUNCTION
            and scope.parent is not None
            and scope.parent.kind is ScopeKind.CLASS
            and bool(self._definitions and self._definitions[-1][0])
        )

    def _match_method(self, node: cst.Call, func: cst.Attribute, method: str) -> None:
        receiver_text = None
        for method_rule in self._tables.methods.get(method, ()):
            if method_rule.receiver is not None:
                if receiver_text is None:
                    receiver_text = self._module.code_for_node(func.value)
                if not method_rule.receiver.search(receiver_text):
                    continue
            self._emit(method_rule.rule, self._lines.line, id(node), name=method)

    # --- syntax ----------------------------------------------------------------------

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
                    self._check(found[0], SyntaxCheck.PYTHON2_VERSION_CHECK, id(node))
                    break
        if SyntaxCheck.TYPE_COMPARISON in self._syntax and checks.compares_type_calls(node):
            self._check("type", SyntaxCheck.TYPE_COMPARISON, id(node))

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

    # --- resolution at the end -------------------------------------------------------

    def _check(self, name: str, check: SyntaxCheck, key: int) -> None:
        """A syntax check that holds if ``name`` resolves to what it should."""
        root, *rest = name.split(".")
        entry = (root, tuple(rest), self._scope, self._lines.line, key)
        self._pending.append((*entry, _CHECK, check))

    def leave_Module(self, original_node: cst.Module) -> None:
        tables = self._tables
        resolver = Resolver(self._module_scope, known=self._is_rule_name)
        roots = tables.name_roots | tables.call_roots
        for root, rest, scope, line, key, kind, payload in self._pending:
            for qualified in resolver.resolve(root, scope):
                if qualified.partition(".")[0] not in roots and kind != _CHECK:
                    continue
                full = ".".join((qualified, *rest)) if rest else qualified
                if kind == _REFERENCE:
                    self._match_name(full, line, key)
                elif kind == _CALL:
                    for rule, match in tables.calls.get(full, ()):
                        if checks.call_conditions_hold(payload, match):
                            self._emit(rule, line, key, name=full)
                elif full in _CONFIRMED_BY[payload]:
                    self._emit(self._syntax[payload], line, key)
        self._pending.clear()

    def _is_rule_name(self, qualified: str) -> bool:
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
