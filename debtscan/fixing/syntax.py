"""Codemods for Python 2 remnants in syntax: prefixes, bases, arguments, imports, cookies."""

from __future__ import annotations

import re

import libcst as cst
from libcst.codemod import CodemodContext

from debtscan.catalogue import Rule
from debtscan.fixing.codemod import RuleCodemod, has_comment, without

# A comment that is a coding declaration and nothing else (Emacs or plain style).
_COOKIE_ONLY = re.compile(r"^#\s*(-\*-)?\s*(en)?coding\s*[:=]\s*utf[-_]?8\s*;?\s*(-\*-)?\s*$", re.I)


class UnicodeStringPrefix(RuleCodemod):
    CODE = "DS304"
    DESCRIPTION = 'Removes the u prefix of string literals: u"text" is "text" on Python 3.'

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        if self.site(original_node) is None:
            return updated_node
        return updated_node.with_changes(value=updated_node.value[1:])


class ObjectBaseClass(RuleCodemod):
    CODE = "DS305"
    DESCRIPTION = "Removes the explicit object base: class C(object) is class C on Python 3."

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        dropped = {i for i, base in enumerate(original_node.bases) if self.site(base)}
        if not dropped or has_comment(*(original_node.bases[i] for i in dropped)):
            return updated_node
        keywords = bool(updated_node.keywords)
        bases = without(updated_node.bases, dropped, trailing_comma_allowed=True)
        if bases or keywords:
            return updated_node.with_changes(bases=bases)
        if has_comment(original_node.lpar, original_node.rpar):
            return updated_node.with_changes(bases=())  # class C(  # why\n):
        return updated_node.with_changes(
            bases=(), lpar=cst.MaybeSentinel.DEFAULT, rpar=cst.MaybeSentinel.DEFAULT
        )


class SuperWithArguments(RuleCodemod):
    """Leaves decorated classes alone: a decorator may return a new class (attrs with
    ``slots=True``, ``six.add_metaclass``), and zero-argument ``super()`` finds the class
    the method was defined in, not the one its name is bound to after decoration."""

    CODE = "DS306"
    DESCRIPTION = "Drops the arguments of super(Class, self) in the methods of Class."

    def __init__(self, context: CodemodContext, rule: Rule | None = None) -> None:
        super().__init__(context, rule)
        self._decorated: list[bool] = []

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._decorated.append(bool(node.decorators))

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        self._decorated.pop()
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if self.site(original_node) is None or not self._decorated or self._decorated[-1]:
            return updated_node
        if has_comment(*original_node.args):
            return updated_node
        return updated_node.with_changes(args=(), whitespace_before_args=cst.SimpleWhitespace(""))


class UnnecessaryFutureImport(RuleCodemod):
    """Removes the names from ``from __future__ import ...``, and the statement when none
    is left; the comments above a removed statement move to the next one."""

    CODE = "DS303"
    DESCRIPTION = "Removes __future__ imports of features that Python 3 always has."

    def prepare(self, tree: cst.Module) -> None:
        self.remove_lines(
            tree,
            lambda line: all(
                isinstance(small, cst.ImportFrom) and self._fewer_names(small, small) is None
                for small in line.body
            ),
        )

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        body = []
        for original, updated in zip(original_node.body, updated_node.body, strict=True):
            if isinstance(original, cst.ImportFrom) and isinstance(updated, cst.ImportFrom):
                updated = self._fewer_names(original, updated)
                if updated is None:
                    continue
            body.append(updated)
        if not body:
            return cst.RemoveFromParent()
        if len(body) < len(updated_node.body):
            body[-1] = body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(body=body)

    def _fewer_names(
        self, original: cst.ImportFrom, updated: cst.ImportFrom
    ) -> cst.ImportFrom | None:
        """The import without the no-op features; None when nothing is left."""
        if isinstance(original.names, cst.ImportStar) or isinstance(updated.names, cst.ImportStar):
            return updated
        dropped = {
            index
            for index, alias in enumerate(original.names)
            if self.site(alias) is not None and alias.asname is None
        }
        if len(dropped) == len(original.names):
            return None
        parenthesized = original.lpar is not None
        names = without(updated.names, dropped, trailing_comma_allowed=parenthesized)
        return updated.with_changes(names=names)


class Utf8CodingCookie(RuleCodemod):
    """Removes a comment that only declares UTF-8; a comment that also sets other things
    (``# vim: set fileencoding=utf-8 ts=4 :``) is left, and its finding with it. A file
    that began with the cookie does not begin with the blank lines that followed it."""

    CODE = "DS307"
    DESCRIPTION = "Removes the coding: utf-8 comment: UTF-8 is Python 3's source encoding."

    def prepare(self, tree: cst.Module) -> None:
        self._top = tree.header[0] if tree.header else None
        self._top_removed = False

    def leave_EmptyLine(
        self, original_node: cst.EmptyLine, updated_node: cst.EmptyLine
    ) -> cst.EmptyLine | cst.RemovalSentinel:
        comment = original_node.comment
        if comment is not None and self.site(comment) and _COOKIE_ONLY.match(comment.value):
            self._top_removed = self._top_removed or original_node is self._top
            return cst.RemoveFromParent()
        return updated_node

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        header = list(updated_node.header)
        while self._top_removed and header and header[0].comment is None:
            header.pop(0)
        if not (header or updated_node.body or updated_node.footer):  # the cookie was all
            return updated_node.with_changes(header=header, has_trailing_newline=False)
        return updated_node.with_changes(header=header)

    def leave_TrailingWhitespace(
        self, original_node: cst.TrailingWhitespace, updated_node: cst.TrailingWhitespace
    ) -> cst.TrailingWhitespace:
        comment = original_node.comment
        if comment is not None and self.site(comment) and _COOKIE_ONLY.match(comment.value):
            return updated_node.with_changes(whitespace=cst.SimpleWhitespace(""), comment=None)
        return updated_node
