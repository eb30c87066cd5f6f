"""Bindings and references of one module, collected during the one traversal.

The collector binds names as it goes (imports, assignments, parameters, ``def``,
``class``, loop and ``with`` targets, ...) in scopes, and notes each reference (a name,
or a dotted chain as one reference) with its scope and line. When it leaves the module
every binding is known, and each noted reference is resolved (see names.py) and handed
to ``resolved``, which the rule matcher implements.
"""

from __future__ import annotations

import libcst as cst

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
from debtscan.analysis.visitors import BatchableVisitor

# What a noted reference is for: the name, call and import rules, or a syntax check.
REFERENCE, CHECK = 0, 1
# Names that never lead to a rule; skipping them saves most of the bookkeeping.
_BORING = frozenset({"self", "cls", "None", "True", "False"})

Pending = tuple[str, tuple[str, ...], Scope, int, int, int, object]


class ReferenceCollector(BatchableVisitor):
    """Scopes, bindings and the references to resolve at the end of the module."""

    def __init__(self, lines: LineTracker) -> None:
        super().__init__()
        self._lines = lines
        self._module_scope = self._scope = Scope(kind=ScopeKind.MODULE, parent=None)
        self._skip: set[int] = set()  # Name/Attribute nodes that are not references
        # (first name, rest of the chain, scope, line, node id, purpose, payload)
        self._pending: list[Pending] = []
        self._definitions: list[tuple[str, str]] = []  # (class name or "", first parameter)

    # --- imports: bound here, matched by the subclass --------------------------------

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
            self.imported(node, [module], line)
            self.import_reference(module, line, id(alias))

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
            self.imported(node, [module], line)
            self.import_reference(module, line, id(node))
            return
        qualified = []
        for alias in names:
            full = f"{module}.{dotted_name(alias.name)}"
            bound = alias.asname.name if alias.asname else alias.name
            for target in target_names(bound):
                self._scope.bind_import(target.value, full)
            qualified.append(full)
            self.import_reference(full, line, id(alias))
        self.imported(node, [module, *qualified], line)

    def imported(self, node: cst.CSTNode, modules: list[str], line: int) -> None:
        """An import statement of ``modules`` (``from a import b``: "a" and "a.b")."""

    def import_reference(self, qualified: str, line: int, key: int) -> None:
        """A qualified name an import statement refers to ("six", "collections.Mapping")."""

    # --- scopes and bindings ---------------------------------------------------------

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name)
        self._definitions.append((node.name.value, ""))

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

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) in self._skip or node.value in _BORING:
            return
        self._pending.append(
            (node.value, (), self._scope, self._lines.line, id(node), REFERENCE, None)
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
            self._pending.append((*entry, REFERENCE, None))

    def _in_method(self) -> bool:
        """In the body of a function defined directly in a class (not in a lambda)."""
        scope = self._scope
        return (
            scope.kind is ScopeKind.FUNCTION
            and scope.parent is not None
            and scope.parent.kind is ScopeKind.CLASS
            and bool(self._definitions and self._definitions[-1][0])
        )

    def visit_Param(self, node: cst.Param) -> None:
        self._skip.add(id(node.name))

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._bind_targets(node.target)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._bind_targets(node.name.name)

    def note(self, name: str, purpose: int, key: int, payload: object = None) -> None:
        """Resolve the dotted ``name`` at the end, for ``purpose``, at the current line."""
        root, *rest = name.split(".")
        entry = (root, tuple(rest), self._scope, self._lines.line, key)
        self._pending.append((*entry, purpose, payload))

    # --- resolution at the end -------------------------------------------------------

    def leave_Module(self, original_node: cst.Module) -> None:
        resolver = Resolver(self._module_scope, known=self.is_rule_name)
        for root, rest, scope, line, key, purpose, payload in self._pending:
            for qualified in resolver.resolve(root, scope):
                self.resolved(qualified, rest, line, key, purpose, payload)
        self._pending.clear()

    def is_rule_name(self, qualified: str) -> bool:
        """Whether a star import may have brought ``qualified`` in (rules ask about it)."""
        return False

    def resolved(
        self, qualified: str, rest: tuple[str, ...], line: int, key: int, purpose: int,
        payload: object,
    ) -> None:  # fmt: skip
        """A noted reference whose first name resolved to ``qualified``."""
