"""Code health 1-10 per function and per file (after CodeScene's code health).

10 is code with none of the smells below; each smell subtracts a documented penalty;
the floor is 1. Thresholds come from ``[tool.debtscan.thresholds]`` over
``config.THRESHOLD_DEFAULTS``, the same as the code-health rules' (Code Climate's
maintainability checks, SonarQube's cognitive complexity 15, CodeScene's bumpy road).

A smell whose metric the analysis does not provide (a column missing from the frame) is
not scored, so health works with whatever the analysis measured.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from debtscan.config import THRESHOLD_DEFAULTS

HEALTHY, FLOOR = 10.0, 1.0
# Share of a file's function lines that sit in smelly functions costs up to this much.
SPREAD_WEIGHT = 3.0


@dataclass(frozen=True, kw_only=True)
class Smell:
    """A smell: ``column > threshold`` in the frame, costing up to ``weight`` points."""

    name: str
    column: str
    threshold: str  # key in [tool.debtscan.thresholds] (config.THRESHOLD_DEFAULTS)
    weight: float
    unit: str = ""


FUNCTION_SMELLS = (
    Smell(name="large function", column="lines", threshold="method-lines", weight=1.5,
          unit="lines"),
    Smell(name="complex function", column="cyclomatic", threshold="method-complexity",
          weight=1.5, unit="cyclomatic"),
    Smell(name="hard to follow", column="cognitive", threshold="cognitive-complexity",
          weight=1.5, unit="cognitive"),
    Smell(name="deep nesting", column="nesting", threshold="nested-control-flow", weight=1.0,
          unit="levels"),
    Smell(name="bumpy road", column="nested_chunks", threshold="bumpy-road", weight=1.0,
          unit="nested chunks"),
    Smell(name="complex conditional", column="bool_operators", threshold="complex-logic",
          weight=1.0, unit="and/or"),
    Smell(name="many arguments", column="arguments", threshold="argument-count", weight=1.0,
          unit="arguments"),
    Smell(name="many returns", column="returns", threshold="return-statements", weight=0.5,
          unit="returns"),
)  # fmt: skip
FILE_SMELLS = (
    Smell(name="large file", column="lines", threshold="file-lines", weight=1.0, unit="lines"),
    Smell(name="large class", column="class_lines_max", threshold="class-lines", weight=1.0,
          unit="lines in one class"),
    Smell(name="class with many methods", column="class_methods_max", threshold="class-methods",
          weight=1.0, unit="methods in one class"),
)  # fmt: skip


def smell_penalty(values: pd.Series, threshold: float, weight: float) -> pd.Series:
    """penalty = w x min(1, 1/2 + (v - T) / 2T) when v > T, else 0.

    Crossing the threshold costs half the smell's weight; the penalty then grows linearly
    and reaches the full weight at twice the threshold (``T = 0``: any value costs ``w``).
    """
    values = values.astype(float)
    over = (values - threshold) / (2 * threshold) if threshold else values * np.inf
    penalty = weight * np.minimum(1.0, 0.5 + over)
    return penalty.where(values > threshold, 0.0).fillna(0.0)


def function_health(functions: pd.DataFrame, thresholds: Mapping[str, int]) -> pd.DataFrame:
    """Per function: ``penalty`` (sum of smell penalties), ``code_health`` and ``smells``.

    health = max(1, 10 - sum of smell penalties)  (see ``smell_penalty``).
    """
    penalty, smells = _score(functions, FUNCTION_SMELLS, thresholds)
    health = (HEALTHY - penalty).clip(lower=FLOOR)
    return pd.DataFrame(
        {"penalty": penalty, "code_health": health, "smells": smells}, index=functions.index
    )


def file_health(
    files: pd.DataFrame, functions: pd.DataFrame, thresholds: Mapping[str, int]
) -> pd.DataFrame:
    """Per file (indexed like ``files``): ``code_health`` 1-10 and ``health_smells`` (text).

    health = max(1, 10 - file smells - worst function penalty - 3 x smelly share), where
    the file smells are a large file, a large class and a class with many methods, and the smelly
    share is the part of the file's function lines that lie in functions with any smell:
    one bad function drags a file down, and so does the bulk of its code being smelly.
    ``functions`` needs ``path``, ``lines`` and ``penalty`` (from ``function_health``).
    """
    own, texts = _score(files, FILE_SMELLS, thresholds)
    by_path = functions.assign(smelly_lines=functions["lines"].where(functions["penalty"] > 0, 0))
    grouped = by_path.groupby("path").agg(
        worst=("penalty", "max"), smelly=("smelly_lines", "sum"), lines=("lines", "sum")
    )
    worst = files["path"].map(grouped["worst"]).fillna(0.0)
    share = files["path"].map(grouped["smelly"] / grouped["lines"].where(grouped["lines"] > 0))
    spread = SPREAD_WEIGHT * share.fillna(0.0)
    health = (HEALTHY - own - worst - spread).clip(lower=FLOOR)
    worst_name = _worst_function_names(functions)
    for index, path in files["path"].items():
        if worst[index] > 0:
            texts[index] = ", ".join(
                t for t in (texts[index], f"worst function {worst_name[path]}") if t
            )
    return pd.DataFrame({"code_health": health.round(2), "health_smells": texts}, index=files.index)


def _score(
    frame: pd.DataFrame, smells: tuple[Smell, ...], thresholds: Mapping[str, int]
) -> tuple[pd.Series, pd.Series]:
    total = pd.Series(0.0, index=frame.index)
    texts = pd.Series("", index=frame.index, dtype=object)
    for smell in smells:
        if smell.column not in frame:
            continue
        limit = {**THRESHOLD_DEFAULTS, **thresholds}[smell.threshold]
        values = frame[smell.column]
        penalty = smell_penalty(values, limit, smell.weight)
        total += penalty
        label = smell.name + " (" + values.astype(str) + f" {smell.unit} > {limit})"
        texts = texts.where(penalty == 0, texts.where(texts == "", texts + ", ") + label)
    return total.round(2), texts


def _worst_function_names(functions: pd.DataFrame) -> dict[str, str]:
    if functions.empty:
        return {}
    worst = functions.sort_values("penalty", ascending=False, kind="stable").drop_duplicates("path")
    return {
        row.path: f"{row.qualified_name} (health {HEALTHY - min(row.penalty, 9.0):.1f})"
        for row in worst.itertuples()
    }


def weighted_health(health: pd.Series, weights: pd.Series) -> float | None:
    """LOC-weighted mean health: sum(health x LOC) / sum(LOC); None when there is no code."""
    total = float(weights.sum())
    if not total:
        return None
    return round(float((health * weights).sum()) / total, 2)
