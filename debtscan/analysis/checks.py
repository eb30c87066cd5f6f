"""The syntax checks and call conditions of the rules, as predicates on LibCST nodes.

Each looks at one node and its children only; what needs a qualified name (is this
``open`` the builtin?) is left to the matcher, which resolves names at the end.
"""

from __future__ import annotations

import libcst as cst

from debtscan.analysis.names import dotted_name
from debtscan.catalogue import CallMatch

_LITERALS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)
_MUTABLE = (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.SetComp, cst.DictComp)
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})

# Modules only Python 2 has, and backports of what Python 3's standard library has: a
# ``try`` importing one of them, with an ImportError fallback, is Python 2 support.
PY2_MODULES = frozenset({
    "__builtin__", "BaseHTTPServer", "ConfigParser", "Cookie", "HTMLParser", "Queue",
    "SimpleHTTPServer", "SocketServer", "StringIO", "Tkinter", "UserDict", "commands",
    "cPickle", "cStringIO", "cookielib", "copy_reg", "htmlentitydefs", "httplib", "repr",
    "thread", "urllib2", "urlparse", "xmlrpclib", "simplejson", "mock", "pathlib2",
    "funcsigs", "subprocess32", "unittest2", "ordereddict", "contextlib2", "backports",
})  # fmt: skip
# Names only Python 2's modules have, for ``from itertools import izip`` style fallbacks.
PY2_NAMES = frozenset({
    "itertools.izip", "itertools.imap", "itertools.ifilter", "itertools.izip_longest",
    "itertools.ifilterfalse", "urllib.urlencode", "urllib.quote", "urllib.unquote",
    "urllib.quote_plus", "urllib.unquote_plus", "urllib.urlopen", "urllib.urlretrieve",
    "string.maketrans", "string.letters", "os.getcwdu", "types.StringTypes",
})  # fmt: skip


def is_text_literal(node: cst.BaseExpression) -> bool:
    """A ``str`` literal (not bytes, not an f-string), possibly implicitly concatenated."""
    while isinstance(node, cst.ConcatenatedString):
        node = node.left
    if not isinstance(node, cst.SimpleString):
        return False
    return "b" not in node.prefix.lower()


def is_literal(node: cst.BaseExpression) -> bool:
    """A string or number literal: code that cannot vary at run time."""
    if isinstance(node, cst.ConcatenatedString):
        return is_literal(node.left) and is_literal(node.right)
    return isinstance(node, _LITERALS)


def is_mutable_default(param: cst.Param) -> bool:
    return isinstance(param.default, _MUTABLE)


def call_conditions_hold(call: cst.Call, match: CallMatch) -> bool:
    """Whether a call of a matched name meets the rule's extra conditions."""
    positional = [arg for arg in call.args if arg.keyword is None]
    keywords = {arg.keyword.value: arg.value for arg in call.args if arg.keyword is not None}
    if match.keyword_true is not None:
        value = keywords.get(match.keyword_true)
        if not (isinstance(value, cst.Name) and value.value == "True"):
            return False
    if match.missing_keyword is not None:
        if match.missing_keyword in keywords or any(arg.star for arg in call.args):
            return False  # given, or maybe given through *args / **kwargs
        if match.missing_position is not None and len(positional) > match.missing_position:
            return False
    return not match.first_arg_not_literal or (
        bool(positional) and not positional[0].star and not is_literal(positional[0].value)
    )


def opens_text_without_encoding(call: cst.Call) -> bool:
    """``open(...)`` in text mode with no ``encoding`` (keyword or fourth positional)."""
    if any(arg.star for arg in call.args):
        return False  # the arguments are not visible
    positional = [arg.value for arg in call.args if arg.keyword is None]
    keywords = {arg.keyword.value: arg.value for arg in call.args if arg.keyword is not None}
    if "encoding" in keywords or len(positional) > 3:
        return False
    mode = keywords.get("mode", positional[1] if len(positional) > 1 else None)
    if mode is None:
        return True  # "r"
    if not isinstance(mode, cst.SimpleString):
        return False  # a mode computed at run time may be binary
    return "b" not in str(mode.evaluated_value)


def super_with_own_arguments(call: cst.Call, class_name: str, first_param: str) -> bool:
    """``super(C, self)`` inside a method of ``C`` whose first parameter is ``self``."""
    if len(call.args) != 2 or any(arg.keyword or arg.star for arg in call.args):
        return False
    first, second = (arg.value for arg in call.args)
    return (
        isinstance(first, cst.Name)
        and first.value == class_name
        and isinstance(second, cst.Name)
        and second.value == first_param
    )


def is_py2_fallback(node: cst.Try) -> bool:
    """``try: import cPickle`` (or ``from itertools import izip``) ``except ImportError``."""
    if not any(_catches_import_error(handler.type) for handler in node.handlers):
        return False
    blocks = [node.body, *(handler.body for handler in node.handlers)]
    return any(_imports_py2(statement) for block in blocks for statement in _statements(block))


def _catches_import_error(caught: cst.BaseExpression | None) -> bool:
    if isinstance(caught, cst.Tuple):
        return any(_catches_import_error(element.value) for element in caught.elements)
    name = dotted_name(caught) if caught is not None else None
    return name is not None and name.rsplit(".", 1)[-1] in _IMPORT_ERRORS


def _statements(block: cst.BaseSuite) -> list[cst.BaseSmallStatement]:
    lines = block.body if isinstance(block, cst.IndentedBlock) else [block]
    simple = (cst.SimpleStatementLine, cst.SimpleStatementSuite)
    return [s for line in lines if isinstance(line, simple) for s in line.body]


def _imports_py2(statement: cst.BaseSmallStatement) -> bool:
    if isinstance(statement, cst.Import):
        modules = [dotted_name(alias.name) or "" for alias in statement.names]
        return any(module.split(".")[0] in PY2_MODULES for module in modules)
    if isinstance(statement, cst.ImportFrom) and not statement.relative and statement.module:
        module = dotted_name(statement.module) or ""
        if module.split(".")[0] in PY2_MODULES:
            return True
        if isinstance(statement.names, cst.ImportStar):
            return False
        return any(f"{module}.{dotted_name(a.name)}" in PY2_NAMES for a in statement.names)
    return False


def version_subject(node: cst.BaseExpression) -> tuple[str, str] | None:
    """(dotted name to resolve, what it is) for what may be ``sys.version_info``.

    The kinds: "version" for a bare name (``sys.version_info``, ``v`` after ``from sys
    import version_info as v``, or ``sys.hexversion`` compared with a number), "tuple"
    for a slice of one, "int" for ``name[0]`` and ``name.major``. Which name it really
    is, resolution decides at the end of the module.
    """
    if isinstance(node, cst.Attribute) and node.attr.value == "major":
        inner = dotted_name(node.value)
        return (inner, "int") if inner else None
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        inner = dotted_name(node.value)
        index = node.slice[0].slice
        if inner is None:
            return None
        if isinstance(index, cst.Index) and _number(index.value) == 0:
            return inner, "int"
        return (inner, "tuple") if isinstance(index, cst.Slice) else None
    name = dotted_name(node)
    return (name, "version") if name else None


def tests_python2(kind: str, operator: cst.BaseCompOp, value: cst.BaseExpression) -> bool:
    """Whether comparing a version subject of ``kind`` with ``value`` tells 2 from 3.

    ``== 2``, ``< 3``, ``>= 3``, ``< (3,)``, ``>= (3, 0)``, ``> (2, 7)``, ``< 0x3000000``:
    each only makes sense while Python 2 is supported.
    """
    if kind == "int":
        number = _number(value)
        three_ops = (cst.Equal, cst.NotEqual, cst.LessThan, cst.GreaterThanEqual)
        return number == 2 or (number == 3 and isinstance(operator, three_ops))
    if kind == "version" and isinstance(value, cst.Integer):  # sys.hexversion
        number = _number(value)
        return number is not None and 0x02000000 <= number < 0x03010000
    if isinstance(value, cst.Tuple) and value.elements:
        numbers = [_number(element.value) for element in value.elements]
        return numbers[0] == 2 or numbers in ([3], [3, 0])
    return False


def _number(node: cst.BaseExpression) -> int | None:
    if isinstance(node, cst.Integer):
        return int(node.value.replace("_", ""), 0)
    return None


def compares_type_calls(node: cst.Comparison) -> bool:
    """``type(x) == type(y)`` or ``type(x) != int``: ``==``/``!=`` with a ``type()`` call."""
    if not all(isinstance(t.operator, cst.Equal | cst.NotEqual) for t in node.comparisons):
        return False
    sides = [node.left, *(t.comparator for t in node.comparisons)]
    return any(
        isinstance(side, cst.Call)
        and isinstance(side.func, cst.Name)
        and side.func.value == "type"
        and len(side.args) == 1
        for side in sides
    )
