"""Change coupling from the history, and the part of it no import explains.

code-maat's algorithm (Tornhill, *Your Code as a Crime Scene*, 2015; adamtornhill/code-maat,
``coupling_algos.clj``): commits touching more than ``max-changeset-files`` files are
left out (the history stage drops them); every pair of files changed by one commit
shares that revision; a file's revisions are the commits left that changed it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import combinations

from debtscan.catalogue import GraphFinding
from debtscan.config import CouplingSettings
from debtscan.graphing.findings import ArchitectureRules
from debtscan.graphing.metrics import ReachIndex
from debtscan.records import PlacedFinding


@dataclass(frozen=True, kw_only=True)
class CouplingPair:
    """Two files that change together (``first`` < ``second``)."""

    first: str
    second: str
    shared: int  # commits that changed both
    revisions_first: int
    revisions_second: int
    degree: int  # percent, see coupling_degree
    first_component: str = ""
    second_component: str = ""
    import_path: bool | None = None  # an import path either way; None: not two modules

    @property
    def average_revisions(self) -> float:
        return (self.revisions_first + self.revisions_second) / 2

    @property
    def hidden(self) -> bool:
        """Strongly coupled in history, with no import path between them either way."""
        return self.import_path is False

    @property
    def across_components(self) -> bool:
        return self.first_component != self.second_component


def coupling_degree(shared: int, revisions_a: int, revisions_b: int) -> float:
    """degree = 100 · shared / ((revs A + revs B) / 2), code-maat's coupling in percent."""
    return 100 * shared / ((revisions_a + revisions_b) / 2)


def measure_coupling(
    change_sets: Iterable[tuple[str, ...]],
    files: Collection[str],
    thresholds: CouplingSettings,
) -> tuple[list[CouplingPair], dict[str, int]]:
    """The coupled pairs among ``files`` and the sum of coupling of each file.

    A pair is kept when its average revisions ≥ ``min_revisions``, its shared commits ≥
    ``min_shared`` and its degree ≥ ``min_degree`` (code-maat's defaults 5, 5, 30). The
    degree is truncated to a whole percent, as code-maat reports it. Sum of coupling
    (code-maat's ``soc``): Σ over the commits that changed a file of the other files they
    changed, with every file of the commit counted.
    """
    revisions: Counter[str] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    soc: Counter[str] = Counter()
    for change_set in change_sets:
        paths = sorted(set(change_set))
        revisions.update(paths)
        for path in paths:
            soc[path] += len(paths) - 1
        ours = [p for p in paths if p in files]
        shared.update(combinations(ours, 2))
    pairs = []
    for (first, second), together in shared.items():
        revs_a, revs_b = revisions[first], revisions[second]
        degree = coupling_degree(together, revs_a, revs_b)
        if (
            (revs_a + revs_b) / 2 >= thresholds.min_revisions
            and together >= thresholds.min_shared
            and degree >= thresholds.min_degree
        ):
            pairs.append(CouplingPair(first=first, second=second, shared=together,
                                      revisions_first=revs_a, revisions_second=revs_b,
                                      degree=int(degree)))  # fmt: skip
    pairs.sort(key=lambda p: (-p.degree, -p.shared, p.first, p.second))
    return pairs, {path: soc[path] for path in files if soc[path]}


def place_pairs(
    pairs: Iterable[CouplingPair],
    *,
    module_of: Mapping[str, str],
    component_of: Mapping[str, str],
    reach: ReachIndex,
) -> list[CouplingPair]:
    """The pairs with their components and whether an import path joins them.

    Hidden ones first, those across components before those inside one, then by degree.
    """
    placed = []
    for pair in pairs:
        a, b = module_of.get(pair.first), module_of.get(pair.second)
        joined = None if a is None or b is None else reach.has_path(a, b) or reach.has_path(b, a)
        placed.append(
            replace(
                pair,
                import_path=joined,
                first_component=component_of.get(pair.first, ""),
                second_component=component_of.get(pair.second, ""),
            )
        )
    placed.sort(key=lambda p: (not p.hidden, not p.across_components, -p.degree, -p.shared))
    return placed


def hidden_coupling_findings(
    pairs: Iterable[CouplingPair], rules: ArchitectureRules
) -> list[PlacedFinding]:
    """One finding per hidden pair, at the first file, naming the second: a rule for pairs
    across components (a boundary the code claims and history denies), one for pairs
    inside one."""
    findings = []
    for pair in pairs:
        if not pair.hidden:
            continue
        values: dict[str, object] = {
            "other": pair.second,
            "shared": pair.shared,
            "degree": pair.degree,
            "component": pair.first_component,
        }
        if pair.across_components:
            finding = GraphFinding.HIDDEN_COUPLING
            values["other_component"] = pair.second_component
        else:
            finding = GraphFinding.HIDDEN_COUPLING_WITHIN_COMPONENT
        if finding in rules:
            findings.append(rules.place(finding, pair.first, 1, related=(pair.second,), **values))
    return findings
