"""Calendar quarters and months, the periods of the history store and the review.

Periods are calendar periods in UTC: a commit belongs to the quarter of its commit date
read in UTC. ``2026Q3`` is July to September 2026, ``2026-07`` is July 2026.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from debtscan.errors import DebtscanError


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    MONTH = "month"

    @property
    def months(self) -> int:
        return 3 if self is PeriodKind.QUARTER else 1


@dataclass(frozen=True, kw_only=True, order=True)
class Period:
    """One calendar quarter or month: ``index`` counts periods from year 0, so that the
    next period is ``index + 1`` and periods order by it."""

    kind: PeriodKind
    index: int

    @property
    def year(self) -> int:
        return self.index * self.kind.months // 12

    @property
    def number(self) -> int:
        """The quarter (1-4) or month (1-12) within its year."""
        return self.index % (12 // self.kind.months) + 1

    @property
    def start(self) -> datetime:
        month = (self.number - 1) * self.kind.months + 1
        return datetime(self.year, month, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first moment after the period (the start of the next one)."""
        return self.shifted(1).start

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    def shifted(self, periods: int) -> Period:
        return Period(kind=self.kind, index=self.index + periods)

    def __str__(self) -> str:
        return self.label


def period_of(moment: datetime, kind: PeriodKind = PeriodKind.QUARTER) -> Period:
    """The period that contains ``moment`` (converted to UTC)."""
    moment = moment.astimezone(UTC)
    months = moment.year * 12 + moment.month - 1
    return Period(kind=kind, index=months // kind.months)


_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)
_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


def parse_period(text: str) -> Period:
    """``2026Q3`` (also ``2026-Q3``, ``2026q3``) or ``2026-07``."""
    if match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        return Period(kind=PeriodKind.QUARTER, index=year * 4 + quarter - 1)
    if (match := _MONTH.match(text)) and 1 <= int(match[2]) <= 12:
        year, month = int(match[1]), int(match[2])
        return Period(kind=PeriodKind.MONTH, index=year * 12 + month - 1)
    raise DebtscanError(f"cannot read the period {text!r}; use a quarter like 2026Q3")


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period from ``first`` to ``last``, both included, oldest first."""
    return [first.shifted(step) for step in range(last.index - first.index + 1)]
