"""The one traversal: LibCST's batched visit, with its dispatch on precomputed tables.

``libcst.visit_batched`` runs several ``BatchableCSTVisitor`` in one walk of the tree, but
it formats a method name (``f"visit_{type}"``) and looks it up for every node and for
every attribute of every node, and ``get_visitors`` runs ``inspect.getmembers`` on every
visitor of every file. With the rules enabled that dispatch cost a quarter of the
traversal on werkzeug. ``visit_batched`` here walks the tree with LibCST's own
``CSTNode.visit``, calls the same visitor methods in the same order, and finds them in
tables keyed by node type (and attribute), filled the first time a type is met.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

import libcst as cst

Method = Callable[[cst.CSTNode], None]


class BatchableVisitor(cst.BatchableCSTVisitor):
    """A BatchableCSTVisitor whose method names are listed once per class."""

    @classmethod
    @functools.cache
    def _visitor_names(cls) -> tuple[str, ...]:
        return tuple(
            name
            for name in dir(cls)
            if name.startswith(("visit_", "leave_"))
            and callable(getattr(cls, name))
            and not getattr(getattr(cls, name), "_is_no_op", False)  # LibCST's empty stubs
        )

    def get_visitors(self) -> Mapping[str, Method]:
        return {name: getattr(self, name) for name in self._visitor_names()}


def visit_batched(module: cst.Module, visitors: Sequence[cst.BatchableCSTVisitor]) -> None:
    """Walk ``module`` once, calling each visitor's methods in the order given."""
    module.visit(_Dispatcher(visitors))


class _Dispatcher(cst.CSTVisitor):
    def __init__(self, visitors: Sequence[cst.BatchableCSTVisitor]) -> None:
        super().__init__()
        self._methods: dict[str, list[Method]] = {}
        for visitor in visitors:
            for name, method in visitor.get_visitors().items():
                self._methods.setdefault(name, []).append(method)
        self._visits: dict[type, tuple[Method, ...]] = {}
        self._leaves: dict[type, tuple[Method, ...]] = {}
        self._attribute_visits: dict[type, dict[str, tuple[Method, ...]]] = {}
        self._attribute_leaves: dict[type, dict[str, tuple[Method, ...]]] = {}

    def on_visit(self, node: cst.CSTNode) -> bool:
        methods = self._visits.get(type(node))
        if methods is None:
            methods = self._visits[type(node)] = self._find("visit", type(node))
        for method in methods:
            method(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        methods = self._leaves.get(type(original_node))
        if methods is None:
            methods = self._leaves[type(original_node)] = self._find("leave", type(original_node))
        for method in methods:
            method(original_node)

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        for method in self._attribute(self._attribute_visits, "visit", node, attribute):
            method(node)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        for method in self._attribute(self._attribute_leaves, "leave", original_node, attribute):
            method(original_node)

    def _attribute(
        self,
        tables: dict[type, dict[str, tuple[Method, ...]]],
        prefix: str,
        node: cst.CSTNode,
        attribute: str,
    ) -> tuple[Method, ...]:
        table = tables.get(type(node))
        if table is None:
            table = tables[type(node)] = {}
        methods = table.get(attribute)
        if methods is None:
            methods = table[attribute] = self._find(prefix, type(node), attribute)
        return methods

    def _find(self, prefix: str, kind: type, attribute: str = "") -> tuple[Method, ...]:
        name = f"{prefix}_{kind.__name__}" + (f"_{attribute}" if attribute else "")
        return tuple(self._methods.get(name, ()))
