"""Rules for people: the table of all rules and one rule's documentation, as text."""

from __future__ import annotations

from rich.table import Table

from debtscan.catalogue import Catalogue, Rule, RuleDocs, format_version


def rule_table(catalogue: Catalogue) -> Table:
    """Every rule: code, name, category, severity, remediation minutes, fix safety, and
    whether ``debtscan fix`` rewrites it."""
    table = Table(title=f"{len(catalogue.rules)} rules", title_justify="left")
    for column in ("code", "name", "category", "severity"):
        table.add_column(column, no_wrap=column == "code")
    table.add_column("minutes", justify="right")
    table.add_column("fix")
    table.add_column("autofix")
    for rule in sorted(catalogue.rules, key=lambda r: r.code):
        table.add_row(rule.code, rule.name, rule.category, str(rule.severity),
                      str(rule.minutes), str(rule.fix), _autofix(rule))  # fmt: skip
    return table


def describe_rule(rule: Rule, docs: RuleDocs) -> str:
    """One rule's documentation in ruff's shape, as plain text."""
    labelled = (
        ("applies from", rule.applies_from),
        ("deprecated in", rule.deprecated_in),
        ("removed in", rule.removed_in),
    )
    versions = [f"{label} {format_version(v)}" for label, v in labelled if v is not None]
    facts = [rule.category, f"severity {rule.severity}", f"{rule.minutes} min to fix",
             f"fix: {rule.fix}", f"autofix: {_autofix(rule) or 'no'}", *versions]  # fmt: skip
    sections = [
        f"{rule.code} {rule.name}",
        " · ".join(facts) + f"  ({rule.origin})",
        f"What it does\n{docs.what}",
        f"Why is this bad?\n{docs.why}",
        f"Example{_file(docs.example_file)}\n{_indent(docs.example)}",
        f"Use instead{_file(docs.use_instead_file or docs.example_file)}\n"
        f"{_indent(docs.use_instead)}",
        f"Fix safety ({rule.fix_title})\n{docs.fix_safety}",
        "References\n" + "\n".join(f"- {url}" for url in docs.references),
    ]
    return "\n\n".join(sections)


def _autofix(rule: Rule) -> str:
    return "yes" if rule.autofix else ""


def _file(name: str | None) -> str:
    return f" ({name})" if name else ""


def _indent(code: str) -> str:
    return "\n".join("    " + line if line else "" for line in code.rstrip("\n").split("\n"))
