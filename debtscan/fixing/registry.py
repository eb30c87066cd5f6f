"""Every codemod, by the code of the rule whose findings it rewrites."""

from __future__ import annotations

from collections.abc import Mapping

from debtscan.fixing import calls, names, syntax
from debtscan.fixing.codemod import RuleCodemod

_ALL: tuple[type[RuleCodemod], ...] = (
    # Python 2 remnants in syntax
    syntax.UnnecessaryFutureImport,
    syntax.Utf8CodingCookie,
    syntax.UnicodeStringPrefix,
    syntax.ObjectBaseClass,
    syntax.SuperWithArguments,
    # names with a modern spelling
    names.XrangeBuiltin,
    names.RawInputBuiltin,
    names.UnichrBuiltin,
    names.LongBuiltin,
    names.RelocatedBuiltin,
    names.ItertoolsPython2Function,
    names.OsGetcwdu,
    names.IoOpenAlias,
    names.OsErrorAlias,
    names.TimeoutErrorAlias,
    names.LoggingWarnFunction,
    names.ThreadingCamelcaseFunction,
    names.TypingBuiltinGenericAlias,
    names.TypingCollectionsAlias,
    names.TypingAbcAlias,
    names.TypingRegexAlias,
    names.TypingContextManagerAlias,
    names.TypingTextAlias,
    names.TypingIoReNamespace,
    names.CollectionsAbcAlias,
    names.CgiParseQs,
    names.Base64Encodestring,
    names.SafeConfigParser,
    names.CElementTreeImport,
    # calls
    calls.LoggerWarnMethod,
    calls.UnittestAssertItemsEqual,
    calls.UnittestDeprecatedAssertAlias,
    calls.UniversalNewlinesKeyword,
    calls.ApplyBuiltin,
)
CODEMODS: Mapping[str, type[RuleCodemod]] = {codemod.CODE: codemod for codemod in _ALL}
