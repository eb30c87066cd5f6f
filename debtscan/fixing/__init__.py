"""``debtscan fix``: LibCST codemods for the rules whose fix keeps behaviour.

One short codemod class per rule (registry.CODEMODS), each rewriting only the findings the
scan reports for its rule, formatting and comments kept; run over a repository's working
tree by repository.fix_repository.
"""

from debtscan.fixing.registry import CODEMODS
from debtscan.fixing.repository import FixRun, fix_repository, fixable_rules
from debtscan.fixing.runner import FileFix, FileSkipped, fix_source, unified_diff

__all__ = ["CODEMODS", "FileFix", "FileSkipped", "FixRun", "fix_repository", "fix_source",
           "fixable_rules", "unified_diff"]  # fmt: skip
