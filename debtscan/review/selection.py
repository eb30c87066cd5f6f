"""Which stored snapshot stands for which quarter, and which quarter to review.

A snapshot belongs to the quarter of its commit date (UTC). The last snapshot of a
quarter stands for it: for a backfilled quarter that is the quarter's last commit; for
a quarter scanned in CI, the last commit scanned.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from debtscan.errors import DebtscanError
from debtscan.periods import Period, PeriodKind, period_of
from debtscan.review.model import SnapshotRef


def quarter_snapshots(snapshots: pd.DataFrame) -> list[SnapshotRef]:
    """The last snapshot of each quarter, oldest quarter first (``snapshots`` as
    ``HistoryStore.snapshots`` gives them: sorted by commit date, then time taken)."""
    last: dict[Period, SnapshotRef] = {}
    for row in snapshots.itertuples():
        quarter = period_of(row.commit_date.to_pydatetime(), PeriodKind.QUARTER)
        last[quarter] = SnapshotRef(
            quarter=quarter,
            snapshot_id=int(row.id),
            commit=row.commit,
            commit_date=row.commit_date.to_pydatetime(),
            debtscan_version=row.debtscan_version,
            config_digest=row.config_digest,
        )
    return [last[quarter] for quarter in sorted(last)]


def choose_quarter(
    stored: list[SnapshotRef], asked: Period | None, today: datetime
) -> tuple[SnapshotRef, SnapshotRef | None, str]:
    """The snapshot of the quarter to review, the one to compare it with, and a sentence
    saying how the quarter was chosen.

    By default: the newest stored quarter that has ended by ``today``, so a quarter in
    progress is not reviewed half-way, and a dormant repository still gets its last one.
    The comparison is the newest stored quarter before it.
    """
    if not stored:
        raise DebtscanError(
            "the history store holds no snapshot of this repository; run `debtscan scan` "
            "or `debtscan history backfill` first"
        )
    by_quarter = {ref.quarter: ref for ref in stored}
    if asked is not None:
        if asked.kind is not PeriodKind.QUARTER:
            raise DebtscanError(f"--quarter wants a quarter like 2026Q3, not {asked}")
        if asked not in by_quarter:
            known = ", ".join(str(ref.quarter) for ref in stored)
            raise DebtscanError(f"no snapshot stored for {asked} (stored: {known})")
        chosen, how = by_quarter[asked], "as asked with --quarter"
    else:
        running = period_of(today, PeriodKind.QUARTER)
        ended = [ref for ref in stored if ref.quarter < running]
        if not ended:
            raise DebtscanError(
                f"no snapshot of a quarter that has ended yet (the store has {running} only); "
                "choose it with --quarter or backfill earlier quarters"
            )
        chosen = ended[-1]
        how = (
            f"the newest stored quarter that has ended by {today:%Y-%m-%d}; "
            "choose another with --quarter"
        )
        if chosen.quarter != running.shifted(-1):
            how += f" (no snapshot of {running.shifted(-1)}, the last complete quarter)"
    earlier = [ref for ref in stored if ref.quarter < chosen.quarter]
    return chosen, (earlier[-1] if earlier else None), how
