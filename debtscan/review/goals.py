"""The goals of ``[tool.debtscan.goals]``, checked quarter against quarter.

``supervise``: the files must not get worse. ``planned-refactoring``: they must get
better. A goal names a file, a folder, a pattern or a component (graphing's
components: a package, or a group of [tool.debtscan.architecture]); its files are judged
together by their LOC-weighted code health (scoring.health.weighted_health), where a
change smaller than ``hotspots.HEALTH.min_change`` counts as no change.
"""

from __future__ import annotations

import pandas as pd

from debtscan.config import Goal, GoalKind, path_matches
from debtscan.review.hotspots import HEALTH
from debtscan.review.model import GoalResult, GoalStatus
from debtscan.scoring.health import weighted_health


def evaluate_goals(
    goals: tuple[Goal, ...], now: pd.DataFrame, before: pd.DataFrame | None
) -> tuple[GoalResult, ...]:
    return tuple(_evaluate(goal, now, before) for goal in goals)


def _evaluate(goal: Goal, now: pd.DataFrame, before: pd.DataFrame | None) -> GoalResult:
    mine, theirs = _matching(now, goal.target), _matching(before, goal.target)
    result = {"kind": goal.kind, "target": goal.target, "files": len(mine), "measure": HEALTH.label}
    if mine.empty:
        return GoalResult(
            **result,
            before=None,
            now=None,
            status=GoalStatus.NO_FILES,
            explanation="no analysed file matches this goal",
        )
    old = weighted_health(theirs[HEALTH.column], theirs["sloc"]) if len(theirs) else None
    new = weighted_health(mine[HEALTH.column], mine["sloc"])
    if old is None or new is None:
        return GoalResult(
            **result, before=old, now=new, status=GoalStatus.NO_DATA,
            explanation="no earlier quarter" if len(theirs) == 0 else "no code to judge",
        )  # fmt: skip
    if goal.kind is GoalKind.SUPERVISE:
        passed = not HEALTH.worsened(old, new)
        verdict = "did not get worse" if passed else "got worse"
    else:
        passed = HEALTH.improved(old, new)
        verdict = "improved" if passed else "did not improve"
    return GoalResult(
        **result,
        before=old,
        now=new,
        status=GoalStatus.PASSED if passed else GoalStatus.FAILED,
        explanation=f"{HEALTH.label} {verdict}: {old:g} to {new:g}",
    )


def _matching(files: pd.DataFrame | None, target: str) -> pd.DataFrame:
    """The files a goal names: by path pattern, or every file of the component so named."""
    if files is None or files.empty:
        return pd.DataFrame(columns=["path", "sloc", HEALTH.column])
    by_path = [path_matches(path, target) for path in files["path"]]
    by_component = files["component"] == target if "component" in files else False
    return files[pd.Series(by_path, index=files.index) | by_component]
