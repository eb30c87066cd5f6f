"""Risk: one ranking of the files, made of parts the report shows one by one.

A hotspot that is also central, fixed often, owned by few or full of legacy findings is
a higher risk (DESIGN.md section 2). Each part is a within-repository percentile in
[0, 1] (see ``hotspots.percentile``), so that no scale dominates; the risk is their
weighted mean and every file keeps the contribution of each part, which sum to its risk.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

from debtscan.config import RiskWeights
from debtscan.scoring.hotspots import percentile


class RiskPart(StrEnum):
    """The parts of the risk; each is a field of config.RiskWeights."""

    CHANGE = "change"  # revisions in the window
    COMPLEXITY = "complexity"  # cyclomatic complexity, and poor code health
    BUGFIXES = "bugfixes"  # bugspots score: recent bug fixes weigh most
    LEGACY = "legacy"  # remediation minutes of the findings outside code health
    CENTRALITY = "centrality"  # modules depending on this one (blast radius, else fan-in)
    KNOWLEDGE = "knowledge"  # knowledge concentrated in few people


def risk_parts(files: pd.DataFrame) -> pd.DataFrame:
    """The percentile of each part per file (columns named after ``RiskPart``).

    - change: p(revisions in the window)
    - complexity: p(cyclomatic total x (11 - code health) / 10): complex code counts
      more when it is also unhealthy
    - bugfixes: p(bugspots score)
    - legacy: p(legacy remediation minutes)
    - centrality: p(blast radius) when the graph stage measured it, else p(fan-in)
    - knowledge: p(ownership share of the main developer), 0 for files without history
    """
    centrality = files["blast_radius"] if "blast_radius" in files else files["fan_in"]
    unhealthy = files["cyclomatic_total"] * (11.0 - files["health"]) / 10.0
    return pd.DataFrame(
        {
            RiskPart.CHANGE: percentile(files["revisions"]),
            RiskPart.COMPLEXITY: percentile(unhealthy),
            RiskPart.BUGFIXES: percentile(files["bugspots"]),
            RiskPart.LEGACY: percentile(files["legacy_minutes"]),
            RiskPart.CENTRALITY: percentile(centrality),
            RiskPart.KNOWLEDGE: percentile(files["ownership"]),
        },
        index=files.index,
    )


def risk_scores(parts: pd.DataFrame, weights: RiskWeights) -> pd.DataFrame:
    """risk = sum_i w_i p_i / sum_i w_i, and each part's contribution w_i p_i / sum_i w_i.

    Columns ``risk`` and ``risk_<part>``; the contributions of a file sum to its risk.
    The weights are ``[tool.debtscan.scoring.risk-weights]`` (config.RiskWeights).
    """
    total = sum(getattr(weights, part) for part in RiskPart)
    contributions = pd.DataFrame(index=parts.index)
    for part in RiskPart:
        share = getattr(weights, part) / total if total else 0.0
        contributions[f"risk_{part}"] = (parts[part] * share).round(4)
    contributions.insert(0, "risk", contributions.sum(axis=1).round(4))
    return contributions


def risk_explanations(scores: pd.DataFrame) -> list[str]:
    """ "risk 0.82: change 0.30, bugfixes 0.20, complexity 0.18, ..." (largest part first)."""
    texts = []
    for _, row in scores.iterrows():
        parts = sorted(
            ((part, row[f"risk_{part}"]) for part in RiskPart), key=lambda item: -item[1]
        )
        shown = ", ".join(f"{part} {value:.2f}" for part, value in parts if value > 0)
        texts.append(f"risk {row['risk']:.2f}" + (f": {shown}" if shown else ""))
    return texts
