"""Codemods for names with a modern spelling: builtins, renamed functions, moved classes.

Each says where the old names went; rewrites.NameRewrite does the rewriting.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import libcst as cst

from debtscan.fixing.codemod import RuleCodemod, dotted, has_comment
from debtscan.fixing.rewrites import NameRewrite


class XrangeBuiltin(NameRewrite):
    CODE = "DS312"
    DESCRIPTION = "Replaces xrange with range."
    RENAMES: ClassVar[Mapping[str, str]] = {"builtins.xrange": "range"}


class RawInputBuiltin(NameRewrite):
    CODE = "DS313"
    DESCRIPTION = "Replaces raw_input with input."
    RENAMES: ClassVar[Mapping[str, str]] = {"builtins.raw_input": "input"}


class UnichrBuiltin(NameRewrite):
    CODE = "DS314"
    DESCRIPTION = "Replaces unichr with chr."
    RENAMES: ClassVar[Mapping[str, str]] = {"builtins.unichr": "chr"}


class LongBuiltin(NameRewrite):
    CODE = "DS315"
    DESCRIPTION = "Replaces long with int."
    RENAMES: ClassVar[Mapping[str, str]] = {"builtins.long": "int"}


class RelocatedBuiltin(NameRewrite):
    CODE = "DS317"
    DESCRIPTION = "Imports reduce, intern and reload from functools, sys and importlib."
    RENAMES: ClassVar[Mapping[str, str]] = {
        "builtins.reduce": "functools.reduce",
        "builtins.intern": "sys.intern",
        "builtins.reload": "importlib.reload",
    }


class ItertoolsPython2Function(NameRewrite):
    CODE = "DS329"
    DESCRIPTION = "Replaces izip, imap, ifilter with the builtins, and renames the others."
    RENAMES: ClassVar[Mapping[str, str]] = {
        "itertools.izip": "zip",
        "itertools.imap": "map",
        "itertools.ifilter": "filter",
        "itertools.ifilterfalse": "itertools.filterfalse",
        "itertools.izip_longest": "itertools.zip_longest",
    }


class OsGetcwdu(NameRewrite):
    CODE = "DS328"
    DESCRIPTION = "Replaces os.getcwdu with os.getcwd."
    RENAMES: ClassVar[Mapping[str, str]] = {"os.getcwdu": "os.getcwd"}


class IoOpenAlias(NameRewrite):
    CODE = "DS413"
    DESCRIPTION = "Replaces io.open with the builtin open, which is the same function."
    RENAMES: ClassVar[Mapping[str, str]] = {"io.open": "open"}


class _ExceptionAlias(NameRewrite):
    """Names of one exception class: ``except (IOError, OSError)`` becomes ``except
    OSError`` rather than ``except (OSError, OSError)``."""

    def leave_ExceptHandler(
        self, original_node: cst.ExceptHandler, updated_node: cst.ExceptHandler
    ) -> cst.ExceptHandler:
        caught, before = updated_node.type, original_node.type
        if not isinstance(caught, cst.Tuple) or not isinstance(before, cst.Tuple):
            return updated_node
        if has_comment(caught) or not any(id(e.value) in self._replaced for e in before.elements):
            return updated_node
        seen: set[str] = set()
        elements = []
        for element in caught.elements:
            text = cst.Module([]).code_for_node(element.value)
            if text not in seen:
                seen.add(text)
                elements.append(element)
        if len(elements) == len(caught.elements):
            return updated_node
        if len(elements) == 1 and not isinstance(elements[0], cst.StarredElement):
            space = updated_node.whitespace_after_except
            if not space.value:  # except(IOError, OSError):
                space = cst.SimpleWhitespace(" ")
            return updated_node.with_changes(type=elements[0].value, whitespace_after_except=space)
        last = caught.elements[-1].comma
        elements[-1] = elements[-1].with_changes(comma=last)
        return updated_node.with_changes(type=caught.with_changes(elements=elements))


class OsErrorAlias(_ExceptionAlias):
    CODE = "DS414"
    DESCRIPTION = "Replaces the aliases of OSError (IOError, socket.error, ...) with OSError."
    RENAMES: ClassVar[Mapping[str, str]] = {
        name: "OSError"
        for name in (
            "builtins.IOError",
            "builtins.EnvironmentError",
            "builtins.WindowsError",
            "socket.error",
            "select.error",
            "os.error",
        )
    }


class TimeoutErrorAlias(_ExceptionAlias):
    CODE = "DS415"
    DESCRIPTION = "Replaces the aliases of TimeoutError (socket.timeout, ...) with TimeoutError."
    RENAMES: ClassVar[Mapping[str, str]] = {
        name: "TimeoutError"
        for name in ("socket.timeout", "asyncio.TimeoutError", "concurrent.futures.TimeoutError")
    }


class LoggingWarnFunction(NameRewrite):
    CODE = "DS204"
    DESCRIPTION = "Replaces logging.warn with logging.warning."
    RENAMES: ClassVar[Mapping[str, str]] = {"logging.warn": "logging.warning"}


class TypingBuiltinGenericAlias(NameRewrite):
    CODE = "DS207"
    DESCRIPTION = "Replaces typing.List, Dict, Set, FrozenSet, Tuple and Type with the builtins."
    RENAMES: ClassVar[Mapping[str, str]] = {
        f"typing.{name.capitalize()}": name for name in ("list", "dict", "set", "tuple", "type")
    } | {"typing.FrozenSet": "frozenset"}


class TypingCollectionsAlias(NameRewrite):
    CODE = "DS208"
    DESCRIPTION = "Imports Deque, DefaultDict, OrderedDict, Counter, ChainMap from collections."
    RENAMES: ClassVar[Mapping[str, str]] = {
        "typing.Deque": "collections.deque",
        "typing.DefaultDict": "collections.defaultdict",
        "typing.OrderedDict": "collections.OrderedDict",
        "typing.Counter": "collections.Counter",
        "typing.ChainMap": "collections.ChainMap",
    }


class TypingAbcAlias(NameRewrite):
    CODE = "DS209"
    DESCRIPTION = "Imports the abstract collections of typing from collections.abc."

    def replacement(self, qualified: str) -> str | None:
        name = qualified.removeprefix("typing.")
        return f"collections.abc.{'Set' if name == 'AbstractSet' else name}"


class TypingRegexAlias(NameRewrite):
    CODE = "DS210"
    DESCRIPTION = "Imports Pattern and Match from re."
    RENAMES: ClassVar[Mapping[str, str]] = {
        "typing.Pattern": "re.Pattern",
        "typing.Match": "re.Match",
    }


class TypingContextManagerAlias(NameRewrite):
    CODE = "DS211"
    DESCRIPTION = "Imports the context manager ABCs from contextlib."
    RENAMES: ClassVar[Mapping[str, str]] = {
        "typing.ContextManager": "contextlib.AbstractContextManager",
        "typing.AsyncContextManager": "contextlib.AbstractAsyncContextManager",
    }


class TypingTextAlias(NameRewrite):
    CODE = "DS213"
    DESCRIPTION = "Replaces typing.Text with str."
    RENAMES: ClassVar[Mapping[str, str]] = {"typing.Text": "str"}


class ThreadingCamelcaseFunction(NameRewrite):
    CODE = "DS220"
    DESCRIPTION = "Replaces threading.currentThread and activeCount with the snake_case names."
    RENAMES: ClassVar[Mapping[str, str]] = {
        "threading.currentThread": "threading.current_thread",
        "threading.activeCount": "threading.active_count",
    }


class CollectionsAbcAlias(NameRewrite):
    CODE = "DS130"
    DESCRIPTION = "Imports the abstract base classes from collections.abc."

    def replacement(self, qualified: str) -> str | None:
        return qualified.replace("collections.", "collections.abc.", 1)


class CgiParseQs(NameRewrite):
    CODE = "DS134"
    DESCRIPTION = "Imports parse_qs and parse_qsl from urllib.parse."
    RENAMES: ClassVar[Mapping[str, str]] = {
        "cgi.parse_qs": "urllib.parse.parse_qs",
        "cgi.parse_qsl": "urllib.parse.parse_qsl",
    }


class Base64Encodestring(NameRewrite):
    CODE = "DS138"
    DESCRIPTION = "Replaces base64.encodestring and decodestring with encodebytes, decodebytes."
    RENAMES: ClassVar[Mapping[str, str]] = {
        "base64.encodestring": "base64.encodebytes",
        "base64.decodestring": "base64.decodebytes",
    }


class SafeConfigParser(NameRewrite):
    CODE = "DS140"
    DESCRIPTION = "Replaces configparser.SafeConfigParser with configparser.ConfigParser."
    RENAMES: ClassVar[Mapping[str, str]] = {
        "configparser.SafeConfigParser": "configparser.ConfigParser"
    }


class TypingIoReNamespace(NameRewrite):
    CODE = "DS145"
    DESCRIPTION = "Imports the names of typing.io and typing.re from typing."

    def replacement(self, qualified: str) -> str | None:
        module, _, name = qualified.rpartition(".")
        return f"typing.{name}" if module in ("typing.io", "typing.re") else None


class CElementTreeImport(RuleCodemod):
    """Rewrites the imports that name the module (``import xml.etree.cElementTree as ET``,
    ``from xml.etree.cElementTree import parse``, ``from xml.etree import cElementTree``);
    a bare ``import xml.etree.cElementTree`` is used by its full name and left alone."""

    CODE = "DS129"
    DESCRIPTION = "Imports xml.etree.ElementTree instead of its removed alias cElementTree."
    OLD, NEW = "xml.etree.cElementTree", "xml.etree.ElementTree"

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        if self.site(original_node) is None:
            return updated_node
        names = [
            alias.with_changes(name=dotted(self.NEW))
            if alias.asname is not None and _name(alias.name) == self.OLD
            else alias
            for alias in updated_node.names
        ]
        return updated_node.with_changes(names=names)

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom:
        if self.site(original_node) is None or updated_node.module is None:
            return updated_node
        module = _name(updated_node.module)
        if module == self.OLD:
            return updated_node.with_changes(module=dotted(self.NEW))
        if module != "xml.etree" or isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        names = [_as_element_tree(alias) for alias in updated_node.names]
        return updated_node.with_changes(names=names)


def _as_element_tree(alias: cst.ImportAlias) -> cst.ImportAlias:
    if _name(alias.name) != "cElementTree":
        return alias
    asname = alias.asname or cst.AsName(name=cst.Name("cElementTree"))
    return alias.with_changes(name=cst.Name("ElementTree"), asname=asname)


def _name(node: cst.BaseExpression) -> str:
    return cst.Module([]).code_for_node(node)
