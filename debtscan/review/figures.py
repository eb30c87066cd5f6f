"""KPIs of the quarter against the previous one, and every stored quarter's trend."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from debtscan.review.model import Direction, KpiChange, SnapshotRef, Trend

_EPSILON = 1e-9


def kpi_changes(now: pd.DataFrame, before: pd.DataFrame | None) -> tuple[KpiChange, ...]:
    """Each KPI of ``now`` (in its order, then those only ``before`` had) with its delta.

    ``delta = now - before``; the direction judges it by the KPI's own "higher is better".
    """
    previous = {} if before is None else {row.name: row for row in before.itertuples()}
    current = {row.name: row for row in now.itertuples()}
    names = list(current) + [name for name in previous if name not in current]
    return tuple(_change(current.get(name), previous.get(name)) for name in names)


def _change(now: Any, before: Any) -> KpiChange:
    row = now if now is not None else before
    value = None if now is None else float(now.value)
    old = None if before is None else float(before.value)
    delta = None if value is None or old is None else value - old
    return KpiChange(
        name=row.name,
        label=row.label,
        unit=row.unit,
        value=value,
        previous=old,
        delta=delta,
        higher_is_better=row.higher_is_better,
        direction=direction(delta, row.higher_is_better),
    )


def direction(delta: float | None, higher_is_better: bool | None) -> Direction:
    if delta is None:
        return Direction.NEW
    if abs(delta) < _EPSILON:
        return Direction.SAME
    if higher_is_better is None:
        return Direction.CHANGED
    return Direction.BETTER if (delta > 0) == higher_is_better else Direction.WORSE


def kpi_trend(quarters: list[SnapshotRef], kpis: pd.DataFrame) -> Trend:
    """The value of every KPI in each stored quarter (None where a quarter lacks it)."""
    by_snapshot = {ref.snapshot_id: str(ref.quarter) for ref in quarters}
    frame = kpis[kpis["snapshot_id"].isin(by_snapshot)]
    if frame.empty:
        return Trend(quarters=tuple(by_snapshot.values()), series={}, labels={}, units={})
    table = frame.pivot_table(index="snapshot_id", columns="name", values="value", aggfunc="last")
    order = list(dict.fromkeys(frame["name"]))
    series = {
        name: tuple(_value(table, ref.snapshot_id, name) for ref in quarters) for name in order
    }
    first = frame.drop_duplicates("name", keep="last").set_index("name")
    return Trend(
        quarters=tuple(by_snapshot[ref.snapshot_id] for ref in quarters),
        series=series,
        labels=first["label"].to_dict(),
        units=first["unit"].to_dict(),
    )


def _value(table: pd.DataFrame, snapshot_id: int, name: str) -> float | None:
    if snapshot_id not in table.index or name not in table.columns:
        return None
    value = table.at[snapshot_id, name]
    return None if value is None or math.isnan(value) else float(value)
