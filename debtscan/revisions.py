"""Which lines each commit changed in a few files: one streaming ``git log -p -U0`` pass.

For function-level hotspots: the changed line ranges of every commit in the window, in
the numbering of the file as that commit left it, with the blob id of that version so
that it can be read from git objects (never by checking out) and parsed.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections import Counter
from collections.abc import Collection, Iterator
from datetime import datetime
from pathlib import Path

import git

from debtscan.errors import GitError
from debtscan.records import FunctionSpan, LineChange

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_COMMIT = "\x1e"


def read_line_changes(
    root: Path, paths: Collection[str], *, head: str, since: datetime, per_file: int
) -> Iterator[LineChange]:
    """Per commit of ``head``'s history since ``since`` and per file of ``paths`` it
    changed: the line ranges it changed, as (first, last) in the new version; at most the
    ``per_file`` newest commits of each file, to bound the versions to parse.

    A hunk that only deletes lines is placed on the line before the deletion. Renames
    are followed only within ``paths`` (the pathspec limits git's rename detection).
    """
    if not paths:
        return
    seen: Counter[str] = Counter()
    process = git.Git(str(root)).log(
        "-p", "--raw", "-U0", "--no-merges", "-M", "--no-abbrev", "--no-color", "--relative",
        "--no-ext-diff", f"--since={since.isoformat()}", f"--format={_COMMIT}%H", head,
        "--", *sorted(paths), as_process=True,
    )  # fmt: skip
    try:
        for change in _parse(process.stdout):
            seen[change.path] += 1
            if seen[change.path] <= per_file:
                yield change
    finally:
        _finish(process)


def _parse(lines: Iterator[bytes]) -> Iterator[LineChange]:
    commit, blobs = "", {}
    path: str | None = None
    ranges: list[tuple[int, int]] = []
    for raw in lines:
        line = raw.decode("utf-8", "surrogateescape").rstrip("\n")
        if line.startswith(_COMMIT) or line.startswith("diff --git "):
            if path is not None and ranges and path in blobs:
                yield LineChange(commit=commit, path=path, blob=blobs[path], ranges=tuple(ranges))
            path, ranges = None, []
            if line.startswith(_COMMIT):
                commit, blobs = line[1:], {}
        elif line.startswith(":"):  # raw: ":old-mode new-mode old-blob new-blob status\tpaths"
            meta, *names = line.split("\t")
            blobs[_unquote(names[-1])] = meta.split()[3]
        elif line.startswith("+++ "):
            path = _unquote(line[4:])[2:] if line[4:] != "/dev/null" else None
        elif (hunk := _HUNK.match(line)) is not None and path is not None:
            start, count = int(hunk[1]), int(hunk[2] if hunk[2] is not None else 1)
            ranges.append((max(start, 1), max(start + count - 1, start, 1)))
    if path is not None and ranges and path in blobs:
        yield LineChange(commit=commit, path=path, blob=blobs[path], ranges=tuple(ranges))


def _unquote(name: str) -> str:
    """git quotes unusual paths C-style ("a\\tb"); those are read back as Python literals."""
    if name.startswith('"') and name.endswith('"'):
        try:
            return ast.literal_eval(name).encode("latin-1").decode("utf-8", "surrogateescape")
        except (ValueError, SyntaxError, UnicodeEncodeError):
            return name
    return name


def _finish(process: git.Git.AutoInterrupt) -> None:
    try:
        if process.proc is not None and process.proc.poll() is None and process.proc.stdout:
            process.proc.stdout.read()
        process.wait()
    except git.GitCommandError as error:
        raise GitError(f"git log -p failed: {str(error.stderr).strip()}") from None


def function_spans(data: bytes) -> tuple[FunctionSpan, ...] | None:
    """The functions of one past version of a file, or None when Python cannot read it.

    Read with Python's ``ast``, not with the LibCST analysis: only the spans are needed,
    and ``ast`` reads a file about ten times faster. The spans and names are those the
    analysis gives (its line numbers are tested against ``ast``): ``Class.method``,
    ``outer.inner``.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings of the scanned code
            tree = ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # Python 2, or broken in that version: it counts for no function
    spans: list[FunctionSpan] = []

    def visit(statements: list[ast.AST], prefix: str) -> None:
        # Functions are statements: walk statement blocks only, never into expressions.
        for node in statements:
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + node.name
                if not isinstance(node, ast.ClassDef):
                    end = node.end_lineno or node.lineno
                    spans.append(FunctionSpan(qualified_name=name, start_line=node.lineno,
                                              end_line=end))  # fmt: skip
                visit(node.body, name + ".")
            else:
                for block in _BLOCKS:
                    visit(getattr(node, block, ()), prefix)

    visit(tree.body, "")
    return tuple(spans)


# The fields of statements (and of except handlers and match cases) that hold statements.
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")
