"""Codemods for calls: renamed methods, a renamed keyword, ``apply``, Python 2 dict views."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import libcst as cst

from debtscan.fixing.codemod import RuleCodemod, has_comment


class MethodRename(RuleCodemod):
    """Renames the method of the calls the rule reports (``METHODS``: old -> new)."""

    METHODS: ClassVar[Mapping[str, str]] = {}

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = updated_node.func
        if self.site(original_node) is None or not isinstance(func, cst.Attribute):
            return updated_node
        new = self.METHODS.get(func.attr.value)
        if new is None:
            return updated_node
        return updated_node.with_changes(func=func.with_changes(attr=cst.Name(new)))


class LoggerWarnMethod(MethodRename):
    CODE = "DS205"
    DESCRIPTION = "Replaces logger.warn(...) with logger.warning(...)."
    METHODS: ClassVar[Mapping[str, str]] = {"warn": "warning"}


class UnittestAssertItemsEqual(MethodRename):
    CODE = "DS334"
    DESCRIPTION = "Replaces self.assertItemsEqual with self.assertCountEqual."
    METHODS: ClassVar[Mapping[str, str]] = {"assertItemsEqual": "assertCountEqual"}


class UnittestDeprecatedAssertAlias(MethodRename):
    CODE = "DS135"
    DESCRIPTION = "Replaces the removed unittest assert aliases with their canonical names."
    METHODS: ClassVar[Mapping[str, str]] = {
        "assertEquals": "assertEqual",
        "assertNotEquals": "assertNotEqual",
        "assert_": "assertTrue",
        "assertAlmostEquals": "assertAlmostEqual",
        "assertNotAlmostEquals": "assertNotAlmostEqual",
        "assertRegexpMatches": "assertRegex",
        "assertNotRegexpMatches": "assertNotRegex",
        "assertRaisesRegexp": "assertRaisesRegex",
        "failUnless": "assertTrue",
        "failIf": "assertFalse",
        "failUnlessEqual": "assertEqual",
        "failIfEqual": "assertNotEqual",
        "failUnlessAlmostEqual": "assertAlmostEqual",
        "failIfAlmostEqual": "assertNotAlmostEqual",
        "failUnlessRaises": "assertRaises",
    }


class UniversalNewlinesKeyword(RuleCodemod):
    """Leaves a call that passes ``text`` too (it would pass the keyword twice)."""

    CODE = "DS416"
    DESCRIPTION = "Replaces universal_newlines=True with text=True in subprocess calls."

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if self.site(original_node.func) is None:
            return updated_node
        keywords = {arg.keyword.value for arg in updated_node.args if arg.keyword is not None}
        if "text" in keywords:
            return updated_node
        args = [
            arg.with_changes(keyword=cst.Name("text"))
            if arg.keyword is not None and arg.keyword.value == "universal_newlines"
            else arg
            for arg in updated_node.args
        ]
        return updated_node.with_changes(args=args)


class ApplyBuiltin(RuleCodemod):
    """Rewrites ``apply(f, args[, kwargs])`` with positional arguments only; a function
    that is not a plain name, attribute, call or subscript is put in parentheses."""

    CODE = "DS321"
    DESCRIPTION = "Replaces apply(f, args, kwargs) with f(*args, **kwargs)."

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        args = updated_node.args
        if (
            self.site(original_node.func) is None
            or not 1 <= len(args) <= 3
            or any(arg.keyword is not None or arg.star for arg in args)
            or has_comment(*args)
        ):
            return updated_node
        func = args[0].value
        if not isinstance(func, cst.Name | cst.Attribute | cst.Call | cst.Subscript):
            func = func.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        spread = [cst.Arg(value=args[1].value, star="*")] if len(args) > 1 else []
        spread += [cst.Arg(value=args[2].value, star="**")] if len(args) > 2 else []
        return cst.Call(func=func, args=spread, lpar=updated_node.lpar, rpar=updated_node.rpar)


class Py2DictIterationMethod(RuleCodemod):
    """``viewitems`` (and ``viewkeys``, ``viewvalues``) return views, as ``items`` does on
    Python 3: renamed everywhere. ``iteritems`` returns an iterator, which a view is not
    (``next(d.iteritems())``): renamed only where the result is iterated at once, in a
    ``for``, a comprehension, or as the argument of a builtin that consumes an iterable.
    Unsafe all the same: the receiver's type is unknown."""

    CODE = "DS322"
    DESCRIPTION = "Replaces d.iteritems() and d.viewitems() with d.items() where safe."
    CONSUMERS = frozenset({"list", "tuple", "set", "frozenset", "sorted", "dict", "enumerate",
                           "zip", "map", "filter", "any", "all", "sum", "min", "max"})  # fmt: skip

    def prepare(self, tree: cst.Module) -> None:
        self._iterated: set[int] = set()  # expressions whose value is iterated at once

    def visit_For(self, node: cst.For) -> None:
        self._iterated.add(id(node.iter))

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._iterated.add(id(node.iter))

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value in self.CONSUMERS:
            self._iterated.update(id(arg.value) for arg in node.args if not arg.keyword)
        elif isinstance(node.func, cst.Attribute) and node.func.attr.value == "join":
            self._iterated.update(id(arg.value) for arg in node.args[:1])

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = updated_node.func
        if self.site(original_node) is None or not isinstance(func, cst.Attribute):
            return updated_node
        method = func.attr.value
        if method.startswith("iter") and id(original_node) not in self._iterated:
            return updated_node
        new = method.removeprefix("iter").removeprefix("view")
        return updated_node.with_changes(func=func.with_changes(attr=cst.Name(new)))
