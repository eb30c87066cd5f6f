"""The one traversal: LibCST's batched visit, with its dispatch on precomputed tables.

``libcst.visit_batched`` runs several ``BatchableCSTVisitor`` in one walk of the tree, but
it formats a method name (``f"visit_{type}"``) and looks it up for every node and for
every attribute of every node, and ``get_visitors`` runs ``inspect.getmembers`` on every
visitor of every file. With the rules enabled that dispatch cost a quarter of the
traversal on werkzeug. ``visit_batched`` here calls the same visitor methods in the same
order, found in plans per node type filled the first time a type is met, and walks the
tree without rebuilding it (see ``_Walker``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

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
    _Walker(visitors).walk(module)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What to call at a node of one type: its visits, its leaves, and per child field in
    source order the attribute visits and leaves."""

    visits: tuple[Method, ...]
    leaves: tuple[Method, ...]
    fields: tuple[tuple[str, tuple[Method, ...], tuple[Method, ...]], ...]


class _Walker:
    """A read-only walk of the tree in LibCST's visiting order.

    ``CSTNode.visit`` rebuilds every node it passes (``_visit_and_replace_children``
    constructs and validates a new node even for a read-only visitor): a fifth of the
    traversal on werkzeug. The walk here reads the child fields directly, in the order
    LibCST visits them, recorded once per node type from ``_visit_and_replace_children``.
    """

    def __init__(self, visitors: Sequence[cst.BatchableCSTVisitor]) -> None:
        self._methods: dict[str, list[Method]] = {}
        for visitor in visitors:
            for name, method in visitor.get_visitors().items():
                self._methods.setdefault(name, []).append(method)
        self._plans: dict[type, _Plan] = {}
        # Node types with nothing to call and no children: the walk does not enter them.
        # Two in five nodes are whitespace, which most visitors do not read.
        self._passed: set[type] = set()

    def walk(self, node: cst.CSTNode) -> None:
        plan = self._plans.get(type(node)) or self._plan(node)
        passed = self._passed
        for method in plan.visits:
            method(node)
        for field, visits, leaves in plan.fields:
            for method in visits:
                method(node)
            value = getattr(node, field)
            kind = _KINDS.get(type(value)) or _kind(value)
            if kind is _Kind.NODE:
                if type(value) not in passed:
                    self.walk(value)
            elif kind is _Kind.SEQUENCE:
                for child in value:
                    is_node = (_KINDS.get(type(child)) or _kind(child)) is _Kind.NODE
                    if is_node and type(child) not in passed:
                        self.walk(child)
            for method in leaves:
                method(node)
        for method in plan.leaves:
            method(node)

    def _plan(self, node: cst.CSTNode) -> _Plan:
        kind = type(node)
        name = kind.__name__
        fields = tuple(
            (
                field,
                tuple(self._methods.get(f"visit_{name}_{field}", ())),
                tuple(self._methods.get(f"leave_{name}_{field}", ())),
            )
            for field in _child_fields(node)
        )
        plan = _Plan(
            visits=tuple(self._methods.get(f"visit_{name}", ())),
            leaves=tuple(self._methods.get(f"leave_{name}", ())),
            fields=fields,
        )
        self._plans[kind] = plan
        if not (plan.visits or plan.leaves or plan.fields):
            self._passed.add(kind)
        return plan


class _Kind(Enum):
    NODE = 1
    SEQUENCE = 2
    OTHER = 3


# The kind of each type of field value met. CSTNode is an ABC, whose isinstance check
# costs more than the rest of the walk: a third of an analysis on large files.
_KINDS: dict[type, _Kind] = {}


def _kind(value: object) -> _Kind:
    if isinstance(value, cst.CSTNode):
        kind = _Kind.NODE
    elif isinstance(value, tuple | list):
        kind = _Kind.SEQUENCE
    else:
        kind = _Kind.OTHER
    _KINDS[type(value)] = kind
    return kind


_FIELD_ORDER: dict[type, tuple[str, ...]] = {}


def _child_fields(node: cst.CSTNode) -> tuple[str, ...]:
    """The child fields of ``node``'s type in the order LibCST visits them."""
    order = _FIELD_ORDER.get(type(node))
    if order is None:
        recorder = _FieldRecorder()
        node._visit_and_replace_children(recorder)
        order = _FIELD_ORDER[type(node)] = tuple(recorder.fields)
    return order


class _FieldRecorder(cst.CSTVisitor):
    """Notes the fields ``_visit_and_replace_children`` visits, without going deeper."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        self.fields.append(attribute)
