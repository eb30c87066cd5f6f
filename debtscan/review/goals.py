"""The goals of ``[tool.debtscan.goals]``, checked quarter against quarter.

``supervise``: the files must not get worse. ``planned-refactoring``: they must get
better. A goal names a file, a folder, a pattern or a component (graphing's
components: a package, or a group of [tool.debtscan.architecture]); its files are judged
together by their line-weighted health (see hotspots.HEALTH_MEASURES), where a change
smaller than the measure's ``min_change`` counts as no change.
"""

from __future__ import annotations

import pandas as pd

from debtscan.config import Goal, GoalKind, path_matches
from debtscan.review.hotspots import HealthMeasure, health_measure
from debtscan.review.model import GoalResult, GoalStatus


def evaluate_goals(
    goals: tuple[Goal, ...], now: pd.DataFrame, before: pd.DataFrame | None
) -> tuple[GoalResult, ...]:
    measure = health_measure(now, before) if before is not None else health_measure(now)
    return tuple(_evaluate(goal, now, before, measure) for goal in goals)


def weighted_health(files: pd.DataFrame, measure: HealthMeasure) -> float | None:
    """Line-weighted health of ``files``: sum(h_f * lines_f) / sum(lines_f)."""
    rated = files.dropna(subset=[measure.column])
    lines = rated["lines"].clip(lower=1)  # an empty __init__.py still counts a little
    if rated.empty:
        return None
    return round(float((rated[measure.column] * lines).sum() / lines.sum()), 2)


def _evaluate(
    goal: Goal, now: pd.DataFrame, before: pd.DataFrame | None, measure: HealthMeasure | None
) -> GoalResult:
    mine, theirs = _matching(now, goal.target), _matching(before, goal.target)
    label = measure.label if measure else "health"
    result = {"kind": goal.kind, "target": goal.target, "files": len(mine), "measure": label}
    if mine.empty:
        return GoalResult(
            **result,
            before=None,
            now=None,
            status=GoalStatus.NO_FILES,
            explanation="no analysed file matches this goal",
        )
    if measure is None or theirs.empty:
        value = weighted_health(mine, measure) if measure else None
        why = "no health measure in the snapshots" if measure is None else "no earlier quarter"
        return GoalResult(
            **result, before=None, now=value, status=GoalStatus.NO_DATA, explanation=why
        )
    old, new = weighted_health(theirs, measure), weighted_health(mine, measure)
    assert old is not None and new is not None
    if goal.kind is GoalKind.SUPERVISE:
        passed = not measure.worsened(old, new)
        verdict = "did not get worse" if passed else "got worse"
    else:
        passed = measure.improved(old, new)
        verdict = "improved" if passed else "did not improve"
    return GoalResult(
        **result,
        before=old,
        now=new,
        status=GoalStatus.PASSED if passed else GoalStatus.FAILED,
        explanation=f"{label} {verdict}: {old:g} to {new:g}",
    )


def _matching(files: pd.DataFrame | None, target: str) -> pd.DataFrame:
    """The files a goal names: by path pattern, or every file of the component so named."""
    if files is None or files.empty:
        return pd.DataFrame(columns=["path", "lines"])
    by_path = [path_matches(path, target) for path in files["path"]]
    by_component = files["component"] == target if "component" in files else False
    return files[pd.Series(by_path, index=files.index) | by_component]
