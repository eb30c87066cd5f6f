"""Rewriting references to a name that has a modern spelling.

A rule class says where each old qualified name went (``replacement``); where the new
name lives decides the rewrite, reference by reference:

- a builtin (``xrange`` -> ``range``, ``typing.Text`` -> ``str``): the reference becomes
  the bare builtin, where that name is not rebound in the reference's scope; a
  ``from m import old`` goes when every reference to it was rewritten (not in an
  ``__init__.py``, nor when ``__all__`` exports the name);
- the same module under another name (``logging.warn`` -> ``logging.warning``): the
  attribute is renamed; ``from logging import warn`` becomes ``from logging import
  warning as warn``, so that the name the module uses stays bound;
- another module (``collections.Mapping`` -> ``collections.abc.Mapping``): the import
  statement imports it from there (split off when other names stay), a dotted reference
  is spelled from the new module, which is then imported (LibCST's AddImportsVisitor);
  a bare builtin that moved (``reduce``) gets ``from functools import reduce``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from debtscan.fixing.codemod import RuleCodemod, dotted, without
from debtscan.fixing.sites import Site

_WORD = re.compile(r"[A-Za-z_]\w*")
_TYPE_COMMENT = re.compile(r"#\s*type:")


@dataclass(frozen=True, kw_only=True)
class _Alias:
    """What becomes of one name of a ``from ... import`` statement."""

    remove: bool = False
    module: str = ""  # import it from this module instead ("" for the same)
    name: str = ""  # under this name ("" for the same)


class NameRewrite(RuleCodemod):
    """Rewrites the references to the names in ``RENAMES`` (old qualified -> new)."""

    RENAMES: ClassVar[Mapping[str, str]] = {}

    def replacement(self, qualified: str) -> str | None:
        return self.RENAMES.get(qualified)

    def prepare(self, tree: cst.Module) -> None:
        nodes = _SiteNodes(self)
        tree.visit(nodes)
        self._replaced: dict[int, cst.BaseExpression] = {}  # node -> the new expression
        self._renamed: dict[int, str] = {}  # attribute node -> its new attribute name
        self._aliases: dict[int, _Alias] = {}
        rewritten: Counter[str] = Counter()
        alias_names = {site.name for site, node in nodes.found if type(node) is cst.ImportAlias}
        for site, node in nodes.found:
            new = self.replacement(site.name)
            if new is None or type(node) is cst.ImportAlias:
                continue
            prefix = _prefix(node, site)
            if prefix is not None and self._rewrite(site, prefix, new, alias_names):
                rewritten[site.root] += 1
        init = (self.context.filename or "").endswith("__init__.py")
        for site, node in nodes.found:
            new = self.replacement(site.name)
            if new is not None and type(node) is cst.ImportAlias:
                unused = rewritten[site.root] == self.sites.references[site.root]
                kept = nodes.exported | nodes.in_strings
                removable = unused and not init and site.root not in kept
                self._plan_alias(node, site, new, removable=removable)
        self.remove_lines(tree, self._emptied)

    def _rewrite(
        self, site: Site, prefix: cst.Name | cst.Attribute, new: str, alias_names: set[str]
    ) -> bool:
        """Plan the rewrite of one reference; False when it stays as it is."""
        module, _, last = new.rpartition(".")
        if not module:  # a builtin: is its name free where the reference is?
            seen = self.sites.resolve(new, site)
            if seen == (f"builtins.{new}",) or (seen and set(seen) <= alias_names):
                self._replaced[id(prefix)] = cst.Name(new)
                return True
            return False
        if type(prefix) is cst.Name:  # bound by ``from m import old``: see _plan_alias
            if site.name.startswith("builtins.") and last == prefix.value:
                AddImportsVisitor.add_needed_import(self.context, module, last)
                return True
            return False
        if module == site.name.rpartition(".")[0]:
            self._renamed[id(prefix)] = last
            return True
        root = module.split(".")[0]
        if self.sites.resolve(root, site) not in ((root,), (f"builtins.{root}",)):
            return False  # the new module's name means something else here
        AddImportsVisitor.add_needed_import(self.context, module)
        self._replaced[id(prefix)] = dotted(new)
        return True

    def _plan_alias(self, alias: cst.ImportAlias, site: Site, new: str, *, removable: bool) -> None:
        module, _, last = new.rpartition(".")
        if not module:
            if removable:
                self._aliases[id(alias)] = _Alias(remove=True)
            return
        same_module = module == site.name.rpartition(".")[0]
        self._aliases[id(alias)] = _Alias(module="" if same_module else module, name=last)

    def _emptied(self, line: cst.SimpleStatementLine) -> bool:
        return all(
            isinstance(small, cst.ImportFrom)
            and not isinstance(small.names, cst.ImportStar)
            and all(self._aliases.get(id(a), _Alias()).remove for a in small.names)
            for small in line.body
        )

    # --- the rewrite ----------------------------------------------------------------

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        new = self._replaced.get(id(original_node))
        return updated_node if new is None else new.with_changes(
            lpar=updated_node.lpar, rpar=updated_node.rpar)  # fmt: skip

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        attr = self._renamed.get(id(original_node))
        if attr is not None:
            return updated_node.with_changes(attr=cst.Name(attr))
        new = self._replaced.get(id(original_node))
        return updated_node if new is None else new.with_changes(
            lpar=updated_node.lpar, rpar=updated_node.rpar)  # fmt: skip

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.RemovalSentinel | cst.FlattenSentinel[cst.BaseStatement]:
        body, moved = self._imports(original_node.body, updated_node.body)
        if not body and not moved:
            return cst.RemoveFromParent()
        lines: list[cst.BaseStatement] = [updated_node.with_changes(body=body)] if body else []
        lines += [cst.SimpleStatementLine(body=[statement]) for statement in moved]
        if not body:
            lines[0] = lines[0].with_changes(leading_lines=updated_node.leading_lines)
        return cst.FlattenSentinel(lines) if len(lines) > 1 else lines[0]

    def leave_SimpleStatementSuite(
        self, original_node: cst.SimpleStatementSuite, updated_node: cst.SimpleStatementSuite
    ) -> cst.SimpleStatementSuite:
        body, moved = self._imports(original_node.body, updated_node.body)
        return updated_node.with_changes(body=[*body, *moved] or [cst.Pass()])

    def _imports(
        self,
        originals: tuple[cst.BaseSmallStatement, ...] | list[cst.BaseSmallStatement],
        updated: tuple[cst.BaseSmallStatement, ...] | list[cst.BaseSmallStatement],
    ) -> tuple[list[cst.BaseSmallStatement], list[cst.ImportFrom]]:
        """The small statements with their imports rewritten, and the imports split off."""
        body: list[cst.BaseSmallStatement] = []
        moved: list[cst.ImportFrom] = []
        for original, statement in zip(originals, updated, strict=True):
            if isinstance(original, cst.ImportFrom) and isinstance(statement, cst.ImportFrom):
                kept, split = self._import_from(original, statement)
                body += [kept] if kept is not None else []
                moved += split
            else:
                body.append(statement)
        if body and len(body) < len(updated):
            body[-1] = body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        return body, moved

    def _import_from(
        self, original: cst.ImportFrom, updated: cst.ImportFrom
    ) -> tuple[cst.ImportFrom | None, list[cst.ImportFrom]]:
        """``from m import ...`` rewritten: (what stays, imports from other modules)."""
        if isinstance(original.names, cst.ImportStar) or isinstance(updated.names, cst.ImportStar):
            return updated, []
        plans = [self._aliases.get(id(alias), _Alias()) for alias in original.names]
        names = [_renamed(alias, plan) for alias, plan in zip(updated.names, plans, strict=True)]
        removed = {i for i, plan in enumerate(plans) if plan.remove}
        modules = {plan.module for plan in plans if not plan.remove}
        parenthesized = original.lpar is not None
        if len(modules) == 1 and "" not in modules:  # every name left moves to one module
            names = without(names, removed, trailing_comma_allowed=parenthesized)
            return updated.with_changes(module=dotted(modules.pop()), names=names), []
        split = [
            cst.ImportFrom(
                module=dotted(module),
                names=[
                    name.with_changes(comma=cst.MaybeSentinel.DEFAULT)
                    for name, plan in zip(names, plans, strict=True)
                    if plan.module == module and not plan.remove
                ],
            )
            for module in sorted(modules - {""})
        ]
        gone = removed | {i for i, plan in enumerate(plans) if plan.module}
        kept = without(names, gone, trailing_comma_allowed=parenthesized)
        return (updated.with_changes(names=kept) if kept else None), split


def _renamed(alias: cst.ImportAlias, plan: _Alias) -> cst.ImportAlias:
    """``from m import old`` as ``from m import new as old``: the bound name stays."""
    bound = alias.asname.name if alias.asname else alias.name
    if not plan.name or not isinstance(bound, cst.Name):
        return alias
    asname = None if bound.value == plan.name else cst.AsName(name=cst.Name(bound.value))
    return alias.with_changes(name=cst.Name(plan.name), asname=asname)


def _prefix(node: cst.CSTNode, site: Site) -> cst.Name | cst.Attribute | None:
    """The part of a dotted reference that the matched name covers: ``collections.Mapping``
    of ``collections.Mapping.register``."""
    if not isinstance(node, cst.Name | cst.Attribute):
        return None
    for _ in range(site.reference.count(".") - site.name.count(".")):
        if not isinstance(node, cst.Attribute):
            return None
        node = node.value
    return node if isinstance(node, cst.Name | cst.Attribute) else None


class _SiteNodes(cst.CSTVisitor):
    """The nodes of the sites; the names ``__all__`` exports, and the words of string
    annotations and type comments (``# type: List[int]``), where a name is used unseen."""

    def __init__(self, codemod: RuleCodemod) -> None:
        super().__init__()
        self._codemod = codemod
        self.found: list[tuple[Site, cst.CSTNode]] = []
        self.exported: set[str] = set()
        self.in_strings: set[str] = set()
        self._annotations = 0

    def visit_Annotation(self, node: cst.Annotation) -> None:
        self._annotations += 1

    def leave_Annotation(self, original_node: cst.Annotation) -> None:
        self._annotations -= 1

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if self._annotations:
            self.in_strings.update(_WORD.findall(node.value))

    def visit_Comment(self, node: cst.Comment) -> None:
        if _TYPE_COMMENT.match(node.value):
            self.in_strings.update(_WORD.findall(node.value))

    def on_visit(self, node: cst.CSTNode) -> bool:
        site = self._codemod.site(node)
        if site is not None:
            self.found.append((site, node))
        return super().on_visit(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        self._exports(node.targets[0].target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._exports(node.target, node.value)

    def _exports(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name) and target.value == "__all__":
            for element in getattr(value, "elements", ()):
                if isinstance(element.value, cst.SimpleString):
                    self.exported.add(str(element.value.evaluated_value))
