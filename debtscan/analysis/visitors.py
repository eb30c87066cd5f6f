"""The base of debtscan's batched visitors: LibCST's, with its method table cached.

LibCST's ``BatchableCSTVisitor.get_visitors`` runs ``inspect.getmembers`` on every
visitor instance, which costs milliseconds per visitor per file: on werkzeug, a tenth
of the whole traversal. The table depends only on the class, so it is built once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

import libcst as cst


class BatchableVisitor(cst.BatchableCSTVisitor):
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

    def get_visitors(self) -> Mapping[str, Callable[[cst.CSTNode], None]]:
        return {name: getattr(self, name) for name in self._visitor_names()}
