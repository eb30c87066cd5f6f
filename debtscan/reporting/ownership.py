"""Who holds the code: ownership per component, people, and code whose people have left.

From the scoring stage's knowledge figures (degree of authorship, Avelino et al. 2016)
when the document has them; otherwise from the commits per author of each file, which
is said on the page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from debtscan.reporting import document as doc


@dataclass(frozen=True, kw_only=True)
class ComponentOwnership:
    component: str
    files: int
    lines: int
    owner: str  # the person holding the largest share
    share: float  # of the component's lines (scored) or commits (raw history)
    truck_factor: int | None
    knowledge_lost: float | None  # share of the lines written by people now inactive


@dataclass(frozen=True, kw_only=True)
class Knowledge:
    basis: str  # "authorship" (scored) or "commits" (raw history)
    components: tuple[ComponentOwnership, ...]
    people: tuple[dict[str, Any], ...]  # person, files, loc, sole_author_files, last_seen...
    abandoned: tuple[dict[str, Any], ...]  # path, lines, authors (DOA) of orphaned files


def knowledge(document: dict[str, Any]) -> Knowledge | None:
    """The knowledge view, or None without history."""
    if not doc.has_history(document):
        return None
    files = document["files"]
    if doc.is_scored(document) and "main_developer" in files[0]:
        return _scored(document)
    return _from_commits(document)


def _scored(document: dict[str, Any]) -> Knowledge:
    files = document["files"]
    truck = {c["component"]: c.get("truck_factor") for c in document.get("components") or []}
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for file in files:
        grouped[doc.component_of(file)].append(file)
    components = []
    for component, members in grouped.items():
        lines = sum(f["sloc"] for f in members) or 1
        held: Counter[str] = Counter()
        for f in members:
            if f.get("main_developer"):
                held[f["main_developer"]] += f["sloc"] * f.get("ownership", 0.0)
        owner, amount = held.most_common(1)[0] if held else ("", 0.0)
        lost = sum(f["sloc"] * (f.get("knowledge_lost") or 0.0) for f in members) / lines
        components.append(
            ComponentOwnership(
                component=component,
                files=len(members),
                lines=lines,
                owner=owner,
                share=amount / lines,
                truck_factor=truck.get(component),
                knowledge_lost=lost,
            )
        )
    abandoned = [
        # The authors by degree of authorship, who are all inactive: the main developer
        # (most lines added) can be someone else, still active.
        {"path": f["path"], "lines": f["lines"], "authors": f.get("doa_authors") or ""}
        for f in doc.by_risk(files)
        if f.get("abandoned")
    ]
    return Knowledge(
        basis="authorship",
        components=tuple(sorted(components, key=lambda c: (-c.lines, c.component))),
        people=tuple(document.get("people") or ()),
        abandoned=tuple(abandoned),
    )


def _from_commits(document: dict[str, Any]) -> Knowledge:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for file in document["files"]:
        grouped[doc.component_of(file)].append(file)
    people: dict[str, dict[str, Any]] = {}
    components = []
    for component, members in grouped.items():
        commits: Counter[str] = Counter()
        for file in members:
            authors = doc.per_file_history(document, file["path"]).get("author_commits") or {}
            commits.update(authors)
            if authors:
                top = next(iter(authors))  # most commits first
                person = people.setdefault(top, {"person": top, "files": 0, "loc": 0})
                person["files"] += 1
                person["loc"] += file["sloc"]
        owner, amount = commits.most_common(1)[0] if commits else ("", 0)
        components.append(
            ComponentOwnership(
                component=component,
                files=len(members),
                lines=sum(f["sloc"] for f in members),
                owner=owner,
                share=amount / (commits.total() or 1),
                truck_factor=None,
                knowledge_lost=None,
            )
        )
    ranked = sorted(people.values(), key=lambda p: (-p["loc"], p["person"]))
    return Knowledge(
        basis="commits",
        components=tuple(sorted(components, key=lambda c: (-c.lines, c.component))),
        people=tuple(ranked),
        abandoned=(),
    )
