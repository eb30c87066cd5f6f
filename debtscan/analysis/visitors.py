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
    source order the attribute visits and leaves (``names``: the fields alone, for the
    types without attribute visits or leaves, nearly all)."""

    visits: tuple[Method, ...]
    leaves: tuple[Method, ...]
    fields: tuple[tuple[str, tuple[Method, ...], tuple[Method, ...]], ...]
    names: tuple[str, ...] | None


class _Step(Enum):
    """What the walk does with a field value, by the value's type."""

    ENTER = 1  # a node
    EACH = 2  # a sequence: each of its items by its own type
    PASS = 3  # anything else, and the nodes with nothing to call and no children


_ENTER, _EACH = _Step.ENTER, _Step.EACH


class _Walker:
    """A read-only walk of the tree in LibCST's visiting order.

    ``CSTNode.visit`` rebuilds every node it passes (``_visit_and_replace_children``
    constructs and validates a new node even for a read-only visitor): a fifth of the
    traversal on werkzeug. The walk here reads the child fields directly, in the order
    LibCST visits them, recorded once per node type from ``_visit_and_replace_children``.
    It does not enter the nodes with nothing to call and no children: two in five nodes
    are whitespace, which most visitors do not read.
    """

    def __init__(self, visitors: Sequence[cst.BatchableCSTVisitor]) -> None:
        self._methods: dict[str, list[Method]] = {}
        for visitor in visitors:
            for name, method in visitor.get_visitors().items():
                self._methods.setdefault(name, []).append(method)
        self._plans: dict[type, _Plan] = {}
        self._steps: dict[type, _Step] = {}  # by type: CSTNode's isinstance (an ABC) is slow

    def walk(self, node: cst.CSTNode) -> None:
        plan = self._plans.get(type(node)) or self._plan(node)
        for method in plan.visits:
            method(node)
        if plan.names is not None:
            steps = self._steps
            for name in plan.names:  # _walk_value, inlined: this loop is the walk's cost
                value = getattr(node, name)
                step = steps.get(type(value)) or self._step(value)
                if step is _ENTER:
                    self.walk(value)
                elif step is _EACH:
                    for child in value:
                        if (steps.get(type(child)) or self._step(child)) is _ENTER:
                            self.walk(child)
        else:
            for field, visits, leaves in plan.fields:
                for method in visits:
                    method(node)
                self._walk_value(getattr(node, field))
                for method in leaves:
                    method(node)
        for method in plan.leaves:
            method(node)

    def _walk_value(self, value: object) -> None:
        step = self._steps.get(type(value)) or self._step(value)
        if step is _ENTER:
            self.walk(value)  # type: ignore[arg-type]
        elif step is _EACH:
            for child in value:  # type: ignore[attr-defined]
                if (self._steps.get(type(child)) or self._step(child)) is _ENTER:
                    self.walk(child)

    def _step(self, value: object) -> _Step:
        if isinstance(value, cst.CSTNode):
            plan = self._plans.get(type(value)) or self._plan(value)
            entered = plan.visits or plan.leaves or plan.fields
            step = _Step.ENTER if entered else _Step.PASS
        elif isinstance(value, tuple | list):
            step = _Step.EACH
        else:
            step = _Step.PASS
        self._steps[type(value)] = step
        return step

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
        plain = not any(visits or leaves for _, visits, leaves in fields)
        plan = _Plan(
            visits=tuple(self._methods.get(f"visit_{name}", ())),
            leaves=tuple(self._methods.get(f"leave_{name}", ())),
            fields=fields,
            names=tuple(field for field, _, _ in fields) if plain else None,
        )
        self._plans[kind] = plan
        return plan


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
