"""Scopes and qualified names, resolved from what the one traversal sees.

LibCST's QualifiedNameProvider computes scopes for the whole tree first and costs about
eight times the parse; here the matcher records bindings and references as it walks and
resolves the references when the module is done, when every binding is known (a
function may use a module imported at the bottom of the file).

Resolution follows Python's rules closely enough for matching: a name bound in a
function (parameter, assignment, loop target, ``def``, ``with ... as``) is that
function's own and never an import, whatever is imported outside; class bodies are not
visible from their methods; ``global`` sends the name to the module. A name bound by an
import resolves to the imported qualified name(s) (two when ``try``/``except ImportError``
imports it twice); an import wins over other bindings in the same scope, because the
usual other binding is a fallback (``except ImportError: json = None``). A name bound
nowhere comes from a star import when one of the star-imported modules has it in the
rule tables (``from collections import *`` and then ``Mapping``), else from builtins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

import libcst as cst


class ScopeKind(Enum):
    MODULE = "module"
    CLASS = "class"
    FUNCTION = "function"  # also a lambda
    COMPREHENSION = "comprehension"


@dataclass(slots=True, eq=False)
class Scope:
    kind: ScopeKind
    parent: Scope | None
    imports: dict[str, list[str]] = field(default_factory=dict)  # name -> qualified names
    bound: set[str] = field(default_factory=set)  # bound otherwise
    globals: set[str] = field(default_factory=set)  # declared ``global``
    nonlocals: set[str] = field(default_factory=set)  # declared ``nonlocal``
    stars: list[str] = field(default_factory=list)  # modules imported with ``*``

    def bind_import(self, name: str, qualified: str) -> None:
        targets = self.imports.setdefault(name, [])
        if qualified not in targets:
            targets.append(qualified)


class Resolver:
    """Qualified names of bare names in scopes, memoised per (scope, name)."""

    def __init__(self, module: Scope, *, known: Callable[[str], bool]) -> None:
        self._module = module
        self._known = known  # whether a qualified name is one a rule asks about
        self._memo: dict[tuple[int, str], tuple[str, ...]] = {}

    def resolve(self, name: str, scope: Scope) -> tuple[str, ...]:
        """The qualified names ``name`` may stand for in ``scope``; () when local."""
        key = (id(scope), name)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._lookup(name, scope)
        return found

    def _lookup(self, name: str, start: Scope) -> tuple[str, ...]:
        scope: Scope | None = start
        while scope is not None:
            if scope.kind is ScopeKind.CLASS and scope is not start:
                scope = scope.parent  # a method does not see its class's names
                continue
            if name in scope.globals:
                scope = self._module if scope is not self._module else None
                continue
            if name in scope.nonlocals:
                scope = scope.parent
                continue
            imported = scope.imports.get(name)
            if imported:
                return tuple(imported)
            if name in scope.bound:
                return ()
            scope = scope.parent
        starred = tuple(f"{m}.{name}" for m in self._module.stars if self._known(f"{m}.{name}"))
        return starred or (f"builtins.{name}",)


def dotted_name(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a chain of names and attributes; None for anything else."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def chain_nodes(node: cst.BaseExpression) -> list[cst.CSTNode]:
    """Every Name and Attribute node of a dotted chain (to leave them out as references)."""
    nodes: list[cst.CSTNode] = []
    while isinstance(node, cst.Attribute):
        nodes.extend((node, node.attr))
        node = node.value
    nodes.append(node)
    return nodes


def target_names(target: cst.BaseExpression) -> list[cst.Name]:
    """The names an assignment target binds: ``a``, ``a, (b, *c)``; not ``a.b`` or ``a[0]``."""
    names: list[cst.Name] = []
    stack = [target]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            names.append(node)
        elif isinstance(node, cst.Tuple | cst.List):
            stack.extend(element.value for element in node.elements)
        elif isinstance(node, cst.StarredElement):
            stack.append(node.value)
    return names


def parameter_names(params: cst.Parameters) -> list[cst.Name]:
    """The names of all parameters, ``*args`` and ``**kwargs`` included."""
    found = [p.name for p in (*params.posonly_params, *params.params, *params.kwonly_params)]
    if isinstance(params.star_arg, cst.Param):
        found.append(params.star_arg.name)
    if params.star_kwarg is not None:
        found.append(params.star_kwarg.name)
    return found
