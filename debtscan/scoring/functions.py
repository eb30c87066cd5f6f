"""Function-level hotspots: which functions of the top hotspot files keep changing.

A 3,000-line hotspot is no refactoring target; the five functions in it that change all
the time are (Tornhill, *Software Design X-Rays*, 2018: "hotspots at the method level").
Each commit's changed lines are mapped onto the functions of the version that commit
produced, so a function counts its own changes even when code above it moved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from debtscan.records import FunctionSpan, LineChange


def innermost_functions(functions: Sequence[FunctionSpan]) -> dict[int, str]:
    """Line -> qualified name of the innermost function spanning it (module code absent).

    Spans are painted in the order of their first line, so a nested function (which
    starts after its parent) paints over its parent's lines.
    """
    owner: dict[int, str] = {}
    for function in sorted(functions, key=lambda f: (f.start_line, -f.end_line)):
        for line in range(function.start_line, function.end_line + 1):
            owner[line] = function.qualified_name
    return owner


def changed_functions(change: LineChange, functions: Sequence[FunctionSpan]) -> set[str]:
    """The functions whose lines (innermost function only) one commit changed."""
    owner = innermost_functions(functions)
    return {
        owner[line]
        for first, last in change.ranges
        for line in range(first, last + 1)
        if line in owner
    }


def count_function_changes(
    changes: Iterable[LineChange], spans: Mapping[str, Sequence[FunctionSpan]]
) -> Counter[tuple[str, str]]:
    """(path, qualified name) -> commits that changed the function, in the window read.

    ``spans`` holds the functions of each version by blob id; a version that could not
    be parsed (absent) counts for no function.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for change in changes:
        functions = spans.get(change.blob)
        if functions:
            counts.update((change.path, name) for name in changed_functions(change, functions))
    return counts


def with_function_changes(
    functions: pd.DataFrame, counts: Counter[tuple[str, str]], paths: Iterable[str]
) -> pd.DataFrame:
    """``functions`` with a ``revisions`` column: commits in the window that changed each
    function of ``paths`` (the files looked at), None for the functions of other files."""
    looked_at = set(paths)
    keys = zip(functions["path"], functions["qualified_name"], strict=True)
    revisions = [counts.get(key, 0) if key[0] in looked_at else None for key in keys]
    return functions.assign(revisions=pd.array(revisions, dtype="Int64"))


def top_changed_files(files: pd.DataFrame, count: int) -> list[str]:
    """The ``count`` files of highest hotspot rank that changed in the window."""
    changed = files[files["revisions"] > 0].sort_values("rank")
    return list(changed["path"].head(count))
