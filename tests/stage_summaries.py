"""A Progress for tests: keeps the closing summary of each stage."""

from __future__ import annotations


class StageSummaries:
    def __init__(self) -> None:
        self.summaries: dict[str, str] = {}

    def start(self, stage: str, total: int | None = None) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        pass

    def finish(self, stage: str, summary: str = "") -> None:
        self.summaries[stage] = summary

    def warn(self, message: str) -> None:
        pass
