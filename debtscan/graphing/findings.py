"""The architecture findings, made from the graph rules of the catalogue.

They need the whole repository, not one file, so the graph stage makes them rather than
the rule engine. The rules (``rules/architecture.toml``, ``kind = "graph"``) say code,
category, severity, minutes and message; the graph stage says where each finding is
(the file and line where it would be fixed) and fills in the message. A finding whose
rule the configuration does not select is not made.
"""

from __future__ import annotations

from collections.abc import Iterable

from debtscan.catalogue import GRAPH_PLACEHOLDERS, GraphFinding, GraphMatch, Rule, report
from debtscan.records import PlacedFinding


class ArchitectureRules:
    """The selected graph rules, by what they find (the first rule of each wins)."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules: dict[GraphFinding, Rule] = {}
        for rule in rules:
            if isinstance(rule.match, GraphMatch):
                self._rules.setdefault(rule.match.finding, rule)

    def __contains__(self, finding: GraphFinding) -> bool:
        return finding in self._rules

    def place(
        self,
        finding: GraphFinding,
        path: str,
        line: int,
        *,
        related: tuple[str, ...] = (),
        **values: object,
    ) -> PlacedFinding:
        """The finding of the rule for ``finding`` at ``path`` and ``line``; ``values`` fill
        every placeholder the engine offers for it (catalogue.GRAPH_PLACEHOLDERS)."""
        assert set(values) == GRAPH_PLACEHOLDERS[finding], (finding, sorted(values))
        made = report(self._rules[finding], line, **values)
        return PlacedFinding(path=path, finding=made, related_paths=related)
