"""Errors that end a run with one clear line and exit code 2.

A bad *file* never raises: it becomes a recorded outcome. These are for what stops the
whole run: a bad configuration, an unusable repository, a wrong command line.
"""


class DebtscanError(Exception):
    """Base of every error debtscan reports to the user (exit code 2)."""


class ConfigError(DebtscanError):
    """The configuration in pyproject.toml, debtscan.toml or the flags is invalid."""


class GitError(DebtscanError):
    """Git could not be used on a repository that claims to be one."""


class RuleError(DebtscanError):
    """A rule definition could not be loaded."""


class StoreError(DebtscanError):
    """The history store cannot be opened, read or written."""
