"""Risk: one ranking of the files, made of parts the report shows one by one.

A file where much code keeps changing, that is complex and unhealthy, was fixed often, is
full of legacy findings, is central or whose knowledge is spread thin is a higher risk
(DESIGN.md section 2). Each part is a within-repository percentile in [0, 1] (see
``hotspots.percentile``) so that no scale dominates; the risk is their weighted mean,
scaled by an effort factor, and every file keeps the contribution of each part, which
sum to its risk.

The change part weighs a file's recent changes by its size (a hotspot, Tornhill 2015,
with lines of code for complexity): lines of code is the hardest baseline to beat on ROC
AUC, and the product alone beats it (0.844 vs 0.828 on the recent dates below); the other
parts and the effort factor, which prefers the smaller of two equally risky files, bring
the effort-aware share above that of the best baseline there, commits. Weights
and effort exponent were chosen on backtests of 12 open-source repositories with years
of history, 88 ranking dates (benchmarks/risk_tuning.py; the README has the table).
Averaged per repository, then over the repositories, the default ranking beats every
baseline on ROC AUC (0.835 vs 0.807 for LOC x commits) and on the effort-aware share
(0.264 vs 0.241 for commits); on the 40 most recent dates too (0.833 vs 0.829 for lines
of code, 0.229 vs 0.217 for commits), and with weights chosen without the repository
they are measured on (leave-one-repository-out). On four repositories left out of the
choice it beats every baseline on AUC but not on the effort-aware share, and no
weighting beats the best baseline in every repository.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

from debtscan.config import RiskWeights
from debtscan.scoring.hotspots import percentile

# Lines of code added to a file's size in the effort factor, so that tiny files do not
# gain from it without bound.
EFFORT_OFFSET = 20


class RiskPart(StrEnum):
    """The parts of the risk; each is a field of config.RiskWeights."""

    CHANGE = "change"
    COMPLEXITY = "complexity"
    BUGFIXES = "bugfixes"
    LEGACY = "legacy"
    CENTRALITY = "centrality"
    KNOWLEDGE = "knowledge"


def risk_parts(files: pd.DataFrame) -> pd.DataFrame:
    """The percentile of each part per file (columns named after ``RiskPart``).

    - change: p(recent changes) x p(lines of code). Recent changes are the sum of
      ln(1 + lines changed) x 2^(-age / 1 year) over the file's commits, the weighted
      time damp model of Graves et al. (TSE 2000); times the size percentile, the part is
      how much code keeps changing: a hotspot (Tornhill, "Your Code as a Crime Scene",
      2015, with lines of code for complexity). Later bug fixes land in large files
      (lines of code alone has a ROC AUC of 0.80 to 0.83 in the backtests) and in
      changing ones; the product ranks them better than either
    - complexity: p(cyclomatic total x (11 - code health) / 10): complex code counts
      more when it is also unhealthy
    - bugfixes: p(bugspots score): bug fixes, recent ones weighing most
    - legacy: p(remediation minutes of the findings outside code health)
    - centrality: p(blast radius) when the graph stage measured it, else p(fan-in)
    - knowledge: p(fragmentation): many minor contributors and no clear owner, which
      predicts defects (Bird et al., "Don't touch my code!", FSE 2011). Concentrated
      knowledge is the other knowledge risk; the truck factor and the code whose
      authors left show it, but in backtests it predicted fewer later bug fixes.
    """
    centrality = files["blast_radius"] if "blast_radius" in files else files["fan_in"]
    unhealthy = files["cyclomatic_total"] * (11.0 - files["code_health"]) / 10.0
    return pd.DataFrame(
        {
            RiskPart.CHANGE: percentile(files["recent_changes"]) * percentile(files["sloc"]),
            RiskPart.COMPLEXITY: percentile(unhealthy),
            RiskPart.BUGFIXES: percentile(files["bugspots"]),
            RiskPart.LEGACY: percentile(files["legacy_minutes"]),
            RiskPart.CENTRALITY: percentile(centrality),
            RiskPart.KNOWLEDGE: percentile(files["fragmentation"]),
        },
        index=files.index,
    )


def effort_factor(loc: pd.Series, exponent: float) -> pd.Series:
    """e = (20 / (LOC + 20))^a, in (0, 1]: with a = 0.125 a 200-line file keeps 74 % of
    its risk, a 2,000-line one 56 %: a file ten times larger needs about a third more risk to
    rank as high.

    Effort-aware defect prediction (Mende and Koschke 2010; Kamei et al. 2010): what a
    reviewer can look at is bounded by lines, so among equally risky files the smaller
    one is the better place to start. a = 0 turns the factor off.
    """
    return (EFFORT_OFFSET / (loc.astype(float) + EFFORT_OFFSET)) ** exponent


def risk_scores(
    parts: pd.DataFrame, weights: RiskWeights, effort: pd.Series | None = None
) -> pd.DataFrame:
    """risk = e x sum_i w_i p_i / sum_i w_i; each part contributes e x w_i p_i / sum_i w_i.

    Columns ``risk``, ``risk_<part>`` (the contributions, which sum to the risk) and
    ``risk_effort`` (e, see ``effort_factor``; 1 when not given). The weights are
    ``[tool.debtscan.scoring.risk-weights]`` (config.RiskWeights).
    """
    factor = effort if effort is not None else pd.Series(1.0, index=parts.index)
    total = sum(getattr(weights, part) for part in RiskPart)
    contributions = pd.DataFrame(index=parts.index)
    for part in RiskPart:
        share = getattr(weights, part) / total if total else 0.0
        contributions[f"risk_{part}"] = (parts[part] * share * factor).round(4)
    contributions.insert(0, "risk", contributions.sum(axis=1).round(4))
    contributions["risk_effort"] = factor.round(4)
    return contributions


def risk_explanations(scores: pd.DataFrame) -> list[str]:
    """ "risk 0.62: change 0.25, complexity 0.22, ... (x 0.86 for size)", largest first."""
    texts = []
    for _, row in scores.iterrows():
        parts = sorted(
            ((part, row[f"risk_{part}"]) for part in RiskPart), key=lambda item: -item[1]
        )
        shown = ", ".join(f"{part} {value:.2f}" for part, value in parts if value > 0)
        size = f" (x {row['risk_effort']:.2f} for size)" if row["risk_effort"] < 1 else ""
        texts.append(f"risk {row['risk']:.2f}" + (f": {shown}" if shown else "") + size)
    return texts
