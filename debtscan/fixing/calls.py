"""Codemods for calls: renamed methods, a renamed keyword, ``apply``."""

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
