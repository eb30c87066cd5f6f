"""Numbers in words for the reports: hours, money, shares and counts."""

from __future__ import annotations

import math

MINUTES_PER_HOUR = 60


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 file", "3 files"; ``many`` for irregular plurals ("people")."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def hours(minutes: float) -> str:
    """Remediation effort: "45 min", "3.5 h", "1,240 h"."""
    if minutes < MINUTES_PER_HOUR:
        return f"{round(minutes)} min"
    value = minutes / MINUTES_PER_HOUR
    return f"{value:,.1f} h" if value < 10 else f"{round(value):,} h"


def money(amount: float, currency: str) -> str:
    """ "EUR 12,400", "$ 1.2M" for large sums; the currency as configured."""
    text = f"{amount / 1_000_000:,.1f}M" if amount >= 1_000_000 else f"{round(amount):,}"
    return f"{currency} {text}".strip()


def percent(ratio: float) -> str:
    """0.072 -> "7.2 %"; whole numbers from 10 % up."""
    value = ratio * 100
    return f"{value:.1f} %" if value < 10 else f"{round(value)} %"


def top_share(percentile: float, count: int) -> str:
    """A within-repository percentile as "top 2 %": the share of files at least as high.

    ``percentile`` is the share of the ``count`` files at or below the value, so the share
    at or above it is 1 - percentile + 1/count (exact when no other file ties with it).
    """
    share = 1.0 - percentile + 1.0 / max(count, 1)
    return f"top {max(1, math.ceil(round(share * 100, 6)))} %"


def sentence(text: str) -> str:
    """The text with its first letter in upper case (names inside it stay as they are)."""
    return text[:1].upper() + text[1:]
