"""File-level size and maintainability with radon."""

from __future__ import annotations

import ast
import warnings

from radon.metrics import h_visit_ast, mi_compute
from radon.raw import Module, analyze

from debtscan.records import FileMetrics


def measure_file(text: str, *, cyclomatic_total: int, cyclomatic_max: int) -> FileMetrics:
    """Raw line counts and the maintainability index of one file.

    MI (radon's variant of Oman and Hagemeister 1992, 0-100):
    ``max(0, (171 - 5.2 ln V - 0.23 G - 16.2 ln L + 50 sin(sqrt(2.4 C))) * 100 / 171)``
    with V the Halstead volume, G the cyclomatic complexity, L the logical lines and C the
    share of comment lines. G comes from the LibCST traversal, not from a second radon pass.
    """
    try:
        raw = analyze(text)
    except (SyntaxError, ValueError):  # radon's tokenizer refuses code LibCST reads ("A·")
        raw = _plain_counts(text)
    return FileMetrics(
        lines=raw.loc,
        sloc=raw.sloc,
        lloc=raw.lloc,
        comments=raw.comments,
        blank=raw.blank,
        cyclomatic_total=cyclomatic_total,
        cyclomatic_max=cyclomatic_max,
        maintainability=_maintainability(text, raw.comments + raw.multi, raw.sloc, raw.lloc,
                                         cyclomatic_total),
    )  # fmt: skip


def _maintainability(
    text: str, comment_lines: int, sloc: int, lloc: int, cyclomatic: int
) -> float | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings of the scanned code are not ours
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # syntax newer than this Python; LibCST read it, ast cannot
    volume = h_visit_ast(tree).total.volume
    comments = comment_lines / sloc * 100 if sloc else 0
    return round(mi_compute(volume, cyclomatic, lloc, comments), 2)


def _plain_counts(text: str) -> Module:
    """Line counts without a tokenizer: blank lines, lines starting with "#", the rest."""
    lines = text.splitlines()
    blank = sum(not line.strip() for line in lines)
    comments = sum(line.lstrip().startswith("#") for line in lines)
    sloc = len(lines) - blank - comments
    return Module(loc=len(lines), lloc=sloc, sloc=sloc, comments=comments, multi=0,
                  blank=blank, single_comments=comments)  # fmt: skip
