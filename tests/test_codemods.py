"""Each codemod on before/after strings, in LibCST's CodemodTest style.

Every case is hand-written: what the rewrite must produce (also where the name is reached
through an alias: ``import socket as s; s.error``), and what it must leave alone because
the rewrite there could change behaviour (a shadowed builtin, a parameter with the name of
an imported module, a decorated class, an import that ``__all__`` exports, a line the
author silenced).
"""

from __future__ import annotations

from libcst.codemod import CodemodContext, CodemodTest

from debtscan.fixing import calls, names, syntax

# --- syntax ------------------------------------------------------------------------------


class TestUnnecessaryFutureImport(CodemodTest):
    TRANSFORM = syntax.UnnecessaryFutureImport

    def test_removes_no_op_features_and_keeps_the_others(self) -> None:
        before = """
            \"\"\"Doc.\"\"\"
            # why these
            from __future__ import absolute_import, print_function  # py2
            from __future__ import annotations, division
            from __future__ import (division,
                generator_stop,)

            import os
        """
        after = """
            \"\"\"Doc.\"\"\"
            # why these
            from __future__ import annotations

            import os
        """
        self.assertCodemod(before, after)

    def test_a_file_of_future_imports_only_keeps_its_comments(self) -> None:
        self.assertCodemod("# py2 support\nfrom __future__ import division\n", "# py2 support\n")

    def test_nothing_to_do_is_a_skip(self) -> None:
        self.assertCodemod("from __future__ import annotations\n",
                           "from __future__ import annotations\n", expected_skip=True)  # fmt: skip


class TestUtf8CodingCookie(CodemodTest):
    TRANSFORM = syntax.Utf8CodingCookie

    def test_removes_a_cookie_line_after_the_shebang(self) -> None:
        before = """
            #!/usr/bin/env python
            # -*- coding: utf-8 -*-
            \"\"\"Doc.\"\"\"
        """
        after = """
            #!/usr/bin/env python
            \"\"\"Doc.\"\"\"
        """
        self.assertCodemod(before, after)

    def test_a_file_that_began_with_the_cookie_begins_with_what_followed(self) -> None:
        before = '# -*- coding: utf-8 -*-\n\n# Licence.\n\n"""Doc."""\n'
        self.assertCodemod(before, '# Licence.\n\n"""Doc."""\n')
        self.assertCodemod("# coding: utf-8\n", "")  # an __init__.py with a cookie only

    def test_a_comment_that_says_more_stays(self) -> None:
        before = "# vim: set fileencoding=utf-8 ts=4 :\nx = 1\n"
        self.assertCodemod(before, before)


class TestUnicodeStringPrefix(CodemodTest):
    TRANSFORM = syntax.UnicodeStringPrefix

    def test_removes_the_prefix_and_keeps_comments_and_silenced_lines(self) -> None:
        before = """
            x = u"a" + U'b'  # both
            y = b"bytes"
            z = u"kept"  # debtscan: ignore[DS304]
        """
        after = """
            x = "a" + 'b'  # both
            y = b"bytes"
            z = u"kept"  # debtscan: ignore[DS304]
        """
        self.assertCodemod(before, after)


class TestObjectBaseClass(CodemodTest):
    TRANSFORM = syntax.ObjectBaseClass

    def test_removes_object_wherever_it_is_among_the_bases(self) -> None:
        before = """
            class A(object):  # a comment stays
                pass
            class B(Base, object):
                pass
            class C(object, metaclass=Meta):
                pass
            class D(
                Base,
                object,
            ):
                pass
        """
        after = """
            class A:  # a comment stays
                pass
            class B(Base):
                pass
            class C(metaclass=Meta):
                pass
            class D(
                Base,
            ):
                pass
        """
        self.assertCodemod(before, after)

    def test_a_local_called_object_is_not_the_builtin(self) -> None:
        before = """
            def build(object):
                class A(object):
                    pass
                return A
        """
        self.assertCodemod(before, before, expected_skip=True)


class TestSuperWithArguments(CodemodTest):
    TRANSFORM = syntax.SuperWithArguments

    def test_drops_the_arguments_in_methods_but_not_in_decorated_classes(self) -> None:
        before = """
            class A(B):
                def f(self):
                    return super(A, self).f()

                @classmethod
                def g(cls):
                    return super(A, cls).g()

            @six.add_metaclass(Meta)
            class C(B):
                def f(self):
                    return super(C, self).f()
        """
        after = """
            class A(B):
                def f(self):
                    return super().f()

                @classmethod
                def g(cls):
                    return super().g()

            @six.add_metaclass(Meta)
            class C(B):
                def f(self):
                    return super(C, self).f()
        """
        self.assertCodemod(before, after)

    def test_a_parameter_called_super_is_not_the_builtin(self) -> None:
        before = """
            class A(B):
                def f(self, super=None):
                    return super(A, self).f()

                def g(self):
                    return super(A, self).g()
        """
        after = """
            class A(B):
                def f(self, super=None):
                    return super(A, self).f()

                def g(self):
                    return super().g()
        """
        self.assertCodemod(before, after)


# --- names -------------------------------------------------------------------------------


class TestXrangeBuiltin(CodemodTest):
    TRANSFORM = names.XrangeBuiltin

    def test_replaces_it_where_range_is_the_builtin(self) -> None:
        before = """
            for i in xrange(3):
                pass

            def f(range):
                return xrange(range)
        """
        after = """
            for i in range(3):
                pass

            def f(range):
                return xrange(range)
        """
        self.assertCodemod(before, after)

    def test_a_local_xrange_is_not_the_builtin(self) -> None:
        before = """
            def f():
                xrange = lambda n: n
                return xrange(3)

            b = xrange(2)
        """
        after = """
            def f():
                xrange = lambda n: n
                return xrange(3)

            b = range(2)
        """
        self.assertCodemod(before, after)


class TestRawInputBuiltin(CodemodTest):
    TRANSFORM = names.RawInputBuiltin

    def test_replaces_it(self) -> None:
        self.assertCodemod("name = raw_input('? ')\n", "name = input('? ')\n")


class TestUnichrBuiltin(CodemodTest):
    TRANSFORM = names.UnichrBuiltin

    def test_replaces_it(self) -> None:
        self.assertCodemod("c = unichr(0x263A)\n", "c = chr(0x263A)\n")


class TestLongBuiltin(CodemodTest):
    TRANSFORM = names.LongBuiltin

    def test_replaces_it(self) -> None:
        self.assertCodemod("n = long(text)\n", "n = int(text)\n")


class TestRelocatedBuiltin(CodemodTest):
    TRANSFORM = names.RelocatedBuiltin

    def test_imports_it_where_it_lives_now(self) -> None:
        before = """
            import os

            total = reduce(add, numbers)
        """
        after = """
            import os
            from functools import reduce

            total = reduce(add, numbers)
        """
        self.assertCodemod(before, after)

    def test_a_parameter_called_reduce_is_left(self) -> None:
        before = """
            a = reduce(f, xs)

            def g(reduce):
                return reduce(f, xs)
        """
        after = """
            from functools import reduce

            a = reduce(f, xs)

            def g(reduce):
                return reduce(f, xs)
        """
        self.assertCodemod(before, after)


class TestItertoolsPython2Function(CodemodTest):
    TRANSFORM = names.ItertoolsPython2Function

    def test_builtins_replace_and_renamed_functions_rebind(self) -> None:
        before = """
            import itertools
            from itertools import imap, izip_longest

            pairs = list(imap(f, a))
            rows = itertools.izip_longest(a, b)
        """
        after = """
            import itertools
            from itertools import zip_longest as izip_longest

            pairs = list(map(f, a))
            rows = itertools.zip_longest(a, b)
        """
        self.assertCodemod(before, after)

    def test_an_emptied_try_block_gets_pass(self) -> None:
        before = """
            try:
                # Python 2
                from itertools import izip
            except ImportError:
                izip = zip

            for a, b in izip(x, y):
                pass
        """
        after = """
            try:
                # Python 2
                pass
            except ImportError:
                izip = zip

            for a, b in zip(x, y):
                pass
        """
        self.assertCodemod(before, after)


class TestOsGetcwdu(CodemodTest):
    TRANSFORM = names.OsGetcwdu

    def test_renames_it(self) -> None:
        self.assertCodemod("import os\nhere = os.getcwdu()\n", "import os\nhere = os.getcwd()\n")


class TestIoOpenAlias(CodemodTest):
    TRANSFORM = names.IoOpenAlias

    def test_the_builtin_replaces_the_attribute_and_the_import(self) -> None:
        before = """
            import io
            from io import open

            a = io.open("a", encoding="utf-8")
            b = open("b", encoding="utf-8")
        """
        after = """
            import io

            a = open("a", encoding="utf-8")
            b = open("b", encoding="utf-8")
        """
        self.assertCodemod(before, after)

    def test_a_package_keeps_what_it_may_export(self) -> None:
        before = "from io import open\n"
        context = CodemodContext(filename="compat/__init__.py")
        self.assertCodemod(before, before, context_override=context)

    def test_through_an_alias_of_the_module_but_not_a_parameter_of_its_name(self) -> None:
        before = """
            import io as stream

            a = stream.open("a")

            def read(stream):
                return stream.open("b")
        """
        after = """
            import io as stream

            a = open("a")

            def read(stream):
                return stream.open("b")
        """
        self.assertCodemod(before, after)


class TestOsErrorAlias(CodemodTest):
    TRANSFORM = names.OsErrorAlias

    def test_the_aliases_become_one_oserror(self) -> None:
        before = """
            import socket
            try:
                connect()
            except (IOError, socket.error) as error:
                raise EnvironmentError(error)
        """
        after = """
            import socket
            try:
                connect()
            except OSError as error:
                raise OSError(error)
        """
        self.assertCodemod(before, after)

    def test_through_an_alias_of_the_module_but_not_a_parameter_of_its_name(self) -> None:
        before = """
            import socket as s

            try:
                connect()
            except s.error:
                pass

            def close(socket):
                try:
                    socket.close()
                except socket.error:
                    pass
        """
        after = """
            import socket as s

            try:
                connect()
            except OSError:
                pass

            def close(socket):
                try:
                    socket.close()
                except socket.error:
                    pass
        """
        self.assertCodemod(before, after)


class TestTimeoutErrorAlias(CodemodTest):
    TRANSFORM = names.TimeoutErrorAlias

    def test_socket_timeout(self) -> None:
        before = """
            import socket
            try:
                read()
            except(socket.timeout, TimeoutError):
                pass
        """
        after = """
            import socket
            try:
                read()
            except TimeoutError:
                pass
        """
        self.assertCodemod(before, after)


class TestLoggingWarnFunction(CodemodTest):
    TRANSFORM = names.LoggingWarnFunction

    def test_the_attribute_is_renamed_and_the_import_rebound(self) -> None:
        before = """
            import logging as log
            from logging import warn

            log.warn("a")
            warn("b")
        """
        after = """
            import logging as log
            from logging import warning as warn

            log.warning("a")
            warn("b")
        """
        self.assertCodemod(before, after)

    def test_a_parameter_with_the_alias_name_is_not_the_module(self) -> None:
        before = """
            import logging as log

            def report(log):
                log.warn("a")
        """
        self.assertCodemod(before, before, expected_skip=True)


class TestThreadingCamelcaseFunction(CodemodTest):
    TRANSFORM = names.ThreadingCamelcaseFunction

    def test_renames_it(self) -> None:
        before = "import threading\nname = threading.currentThread().name\n"
        after = "import threading\nname = threading.current_thread().name\n"
        self.assertCodemod(before, after)


class TestTypingBuiltinGenericAlias(CodemodTest):
    TRANSFORM = names.TypingBuiltinGenericAlias

    def test_builtins_replace_the_aliases_unless_shadowed(self) -> None:
        before = """
            from typing import Dict, List, Optional

            X: Dict[str, List[int]] = {}

            def f(list):
                return List[int]
        """
        after = """
            from typing import List, Optional

            X: dict[str, list[int]] = {}

            def f(list):
                return List[int]
        """
        self.assertCodemod(before, after)

    def test_a_type_comment_keeps_the_import(self) -> None:
        before = """
            from typing import List

            def f(a: List[int]):
                b = []  # type: List[int]
        """
        after = """
            from typing import List

            def f(a: list[int]):
                b = []  # type: List[int]
        """
        self.assertCodemod(before, after)

    def test_through_aliases_but_not_a_parameter_called_typing(self) -> None:
        before = """
            import typing as t
            from typing import List as Many

            a: t.List[int]
            b: Many[int]

            def f(typing):
                return typing.List
        """
        after = """
            import typing as t

            a: list[int]
            b: list[int]

            def f(typing):
                return typing.List
        """
        self.assertCodemod(before, after)


class TestTypingCollectionsAlias(CodemodTest):
    TRANSFORM = names.TypingCollectionsAlias

    def test_imports_it_from_collections_under_the_same_name(self) -> None:
        before = """
            import typing
            from typing import Deque, Optional

            a: Deque[int]
            b: typing.DefaultDict[str, int]
        """
        after = """
            import typing
            from typing import Optional
            from collections import deque as Deque
            import collections

            a: Deque[int]
            b: collections.defaultdict[str, int]
        """
        self.assertCodemod(before, after)


class TestTypingAbcAlias(CodemodTest):
    TRANSFORM = names.TypingAbcAlias

    def test_imports_from_collections_abc(self) -> None:
        before = """
            from typing import (
                AbstractSet,
                Callable,  # the handler
            )
        """
        after = """
            from collections.abc import (
                Set as AbstractSet,
                Callable,  # the handler
            )
        """
        self.assertCodemod(before, after)


class TestTypingRegexAlias(CodemodTest):
    TRANSFORM = names.TypingRegexAlias

    def test_imports_from_re(self) -> None:
        self.assertCodemod("from typing import Pattern\n", "from re import Pattern\n")


class TestTypingContextManagerAlias(CodemodTest):
    TRANSFORM = names.TypingContextManagerAlias

    def test_imports_from_contextlib(self) -> None:
        before = "from typing import ContextManager\n"
        after = "from contextlib import AbstractContextManager as ContextManager\n"
        self.assertCodemod(before, after)


class TestTypingTextAlias(CodemodTest):
    TRANSFORM = names.TypingTextAlias

    def test_str_replaces_it_and_the_import_goes_unless_exported(self) -> None:
        before = """
            import typing
            from typing import Text

            def f(a: Text, b: typing.Text) -> Text:
                return a
        """
        after = """
            import typing

            def f(a: str, b: str) -> str:
                return a
        """
        self.assertCodemod(before, after)
        exported = '__all__ = ["Text"]\nfrom typing import Text\n'
        self.assertCodemod(exported, exported)

    def test_an_alias_and_a_parameter_with_its_name(self) -> None:
        before = """
            from typing import Text as T

            def f(a: T) -> None: ...

            def g(T):
                return T
        """
        after = """
            from typing import Text as T

            def f(a: str) -> None: ...

            def g(T):
                return T
        """
        # The import stays: the name is still in use (by the parameter, which the
        # references do not tell apart), so its finding stays too.
        self.assertCodemod(before, after)


class TestTypingIoReNamespace(CodemodTest):
    TRANSFORM = names.TypingIoReNamespace

    def test_imports_from_typing(self) -> None:
        before = "from typing.io import TextIO\nfrom typing.re import Match\n"
        after = "from typing import TextIO\nfrom typing import Match\n"
        self.assertCodemod(before, after)


class TestCollectionsAbcAlias(CodemodTest):
    TRANSFORM = names.CollectionsAbcAlias

    def test_splits_the_import_and_spells_the_attribute_from_collections_abc(self) -> None:
        before = """
            import collections
            from collections import Mapping, OrderedDict

            class Registry(collections.MutableMapping):
                pass
        """
        after = """
            import collections
            from collections import OrderedDict
            from collections.abc import Mapping
            import collections.abc

            class Registry(collections.abc.MutableMapping):
                pass
        """
        self.assertCodemod(before, after)

    def test_through_aliases_but_not_a_parameter_with_the_alias_name(self) -> None:
        before = """
            import collections as coll
            from collections import Mapping as AbstractMapping

            class A(coll.MutableMapping):
                pass

            def f(coll) -> AbstractMapping:
                return coll.Mapping
        """
        after = """
            import collections as coll
            from collections.abc import Mapping as AbstractMapping
            import collections.abc

            class A(collections.abc.MutableMapping):
                pass

            def f(coll) -> AbstractMapping:
                return coll.Mapping
        """
        self.assertCodemod(before, after)


class TestCgiParseQs(CodemodTest):
    TRANSFORM = names.CgiParseQs

    def test_imports_from_urllib_parse(self) -> None:
        before = "from cgi import parse_qs\nquery = parse_qs(text)\n"
        after = "from urllib.parse import parse_qs\nquery = parse_qs(text)\n"
        self.assertCodemod(before, after)


class TestBase64Encodestring(CodemodTest):
    TRANSFORM = names.Base64Encodestring

    def test_renames_it(self) -> None:
        before = "import base64\ndata = base64.decodestring(text)\n"
        after = "import base64\ndata = base64.decodebytes(text)\n"
        self.assertCodemod(before, after)


class TestSafeConfigParser(CodemodTest):
    TRANSFORM = names.SafeConfigParser

    def test_renames_it(self) -> None:
        before = "import configparser\nparser = configparser.SafeConfigParser()\n"
        after = "import configparser\nparser = configparser.ConfigParser()\n"
        self.assertCodemod(before, after)


class TestCElementTreeImport(CodemodTest):
    TRANSFORM = names.CElementTreeImport

    def test_imports_element_tree_under_the_names_used(self) -> None:
        before = """
            import xml.etree.cElementTree as ET
            from xml.etree import cElementTree
            from xml.etree.cElementTree import parse
        """
        after = """
            import xml.etree.ElementTree as ET
            from xml.etree import ElementTree as cElementTree
            from xml.etree.ElementTree import parse
        """
        self.assertCodemod(before, after)

    def test_a_parameter_with_the_alias_name_is_left(self) -> None:
        before = """
            import xml.etree.cElementTree as ET

            def f(ET):
                return ET.parse
        """
        after = """
            import xml.etree.ElementTree as ET

            def f(ET):
                return ET.parse
        """
        self.assertCodemod(before, after)


# --- calls -------------------------------------------------------------------------------


class TestLoggerWarnMethod(CodemodTest):
    TRANSFORM = calls.LoggerWarnMethod

    def test_renames_it_on_loggers(self) -> None:
        before = "log.warn('a')\nself.logger.warn('b')\nwarnings.warn('c')\n"
        after = "log.warning('a')\nself.logger.warning('b')\nwarnings.warn('c')\n"
        self.assertCodemod(before, after)


class TestUnittestAssertItemsEqual(CodemodTest):
    TRANSFORM = calls.UnittestAssertItemsEqual

    def test_renames_it(self) -> None:
        before = "class T(TestCase):\n    def test(self):\n        self.assertItemsEqual(a, b)\n"
        after = "class T(TestCase):\n    def test(self):\n        self.assertCountEqual(a, b)\n"
        self.assertCodemod(before, after)


class TestUnittestDeprecatedAssertAlias(CodemodTest):
    TRANSFORM = calls.UnittestDeprecatedAssertAlias

    def test_renames_each_alias(self) -> None:
        before = """
            class T(TestCase):
                def test(self):
                    self.assertEquals(a, 1)
                    self.failUnless(b)
                    self.assertRaisesRegexp(ValueError, "x", f)
        """
        after = """
            class T(TestCase):
                def test(self):
                    self.assertEqual(a, 1)
                    self.assertTrue(b)
                    self.assertRaisesRegex(ValueError, "x", f)
        """
        self.assertCodemod(before, after)

    def test_a_function_of_the_same_name_is_not_a_test_method(self) -> None:
        before = """
            def assertEquals(a, b):
                assert a == b

            assertEquals(1, 1)
        """
        self.assertCodemod(before, before, expected_skip=True)


class TestUniversalNewlinesKeyword(CodemodTest):
    TRANSFORM = calls.UniversalNewlinesKeyword

    def test_renames_the_keyword_unless_text_is_given(self) -> None:
        before = """
            import subprocess
            a = subprocess.run(cmd, universal_newlines=True, check=True)
            b = subprocess.run(cmd, universal_newlines=True, text=True)
        """
        after = """
            import subprocess
            a = subprocess.run(cmd, text=True, check=True)
            b = subprocess.run(cmd, universal_newlines=True, text=True)
        """
        self.assertCodemod(before, after)

    def test_through_aliases_but_not_a_parameter_with_the_alias_name(self) -> None:
        before = """
            import subprocess as sp
            from subprocess import run as launch

            sp.run(cmd, universal_newlines=True)
            launch(cmd, universal_newlines=True)

            def h(sp):
                sp.run(cmd, universal_newlines=True)
        """
        after = """
            import subprocess as sp
            from subprocess import run as launch

            sp.run(cmd, text=True)
            launch(cmd, text=True)

            def h(sp):
                sp.run(cmd, universal_newlines=True)
        """
        self.assertCodemod(before, after)


class TestApplyBuiltin(CodemodTest):
    TRANSFORM = calls.ApplyBuiltin

    def test_spreads_the_arguments(self) -> None:
        before = """
            a = apply(f, args)
            b = apply(f, args, kwargs)
            c = apply(lambda *x: x, (1, 2))
        """
        after = """
            a = f(*args)
            b = f(*args, **kwargs)
            c = (lambda *x: x)(*(1, 2))
        """
        self.assertCodemod(before, after)

    def test_a_parameter_or_an_import_called_apply_is_not_the_builtin(self) -> None:
        before = """
            def g(apply):
                return apply(f, a)

            y = apply(f, a)
        """
        after = """
            def g(apply):
                return apply(f, a)

            y = f(*a)
        """
        self.assertCodemod(before, after)
        imported = "from functools import partial as apply\nx = apply(f, a)\n"
        self.assertCodemod(imported, imported, expected_skip=True)
