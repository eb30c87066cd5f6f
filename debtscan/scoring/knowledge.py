"""Who knows the code: degree of authorship, truck factor, ownership and knowledge loss.

Avelino, Passos, Hora, Valente, "A novel approach for estimating truck factors", ICPC
2016: the degree of authorship (DOA) of a developer on a file, the authors of a file, and
the truck factor (how many people would have to leave before most of the code has nobody
who knows it). Identities are merged through ``.mailmap`` by the history stage.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping
from datetime import datetime

import pandas as pd

from debtscan.config import window_start
from debtscan.records import FileHistory

DOA_INTERCEPT = 3.293
# An author's normalised DOA must reach this share of the file's highest DOA.
AUTHOR_SHARE = 0.75


def degree_of_authorship(*, first_authorship: bool, deliveries: int, acceptances: int) -> float:
    """DOA = 3.293 + 1.098 FA + 0.164 DL - 0.321 ln(1 + AC)  (Avelino et al. 2016).

    FA is 1 when the developer created the file, DL the developer's commits to it
    (deliveries), AC the commits to it by everyone else (acceptances).
    """
    return (
        DOA_INTERCEPT
        + 1.098 * first_authorship
        + 0.164 * deliveries
        - 0.321 * math.log(1 + acceptances)
    )


def file_authors(history: FileHistory) -> tuple[str, ...]:
    """The authors of a file: DOA / max DOA on the file >= 0.75 and DOA >= 3.293.

    The absolute bar drops developers whose work others have long since built over; the
    relative one keeps only those close to the file's main author. Sorted by name.
    """
    doa = {
        author: degree_of_authorship(
            first_authorship=author == history.creator,
            deliveries=commits,
            acceptances=history.revisions_total - commits,
        )
        for author, commits in history.author_commits.items()
    }
    if not doa:
        return ()
    best = max(doa.values())
    return tuple(
        sorted(a for a, d in doa.items() if d >= DOA_INTERCEPT and d / best >= AUTHOR_SHARE)
    )


def truck_factor(authors_by_file: Mapping[str, Collection[str]]) -> tuple[str, ...]:
    """The people whose leaving orphans more than half of the files (Avelino et al. 2016).

    Greedy: while at most half of the files are orphans (no author left), remove the
    author of the most remaining files (ties: the name first in alphabetical order). The
    truck factor is the number of people removed, the length of the returned tuple.
    """
    remaining = {path: set(authors) for path, authors in authors_by_file.items()}
    removed: list[str] = []
    while 2 * sum(not authors for authors in remaining.values()) <= len(remaining):
        counts = Counter(a for authors in remaining.values() for a in authors)
        if not counts:
            break
        top = min(counts, key=lambda author: (-counts[author], author))
        removed.append(top)
        for authors in remaining.values():
            authors.discard(top)
    return tuple(removed)


def fragmentation(commits_by_author: Mapping[str, int]) -> float:
    """1 - sum over authors of (their share of the file's commits)^2.

    The fractal value of D'Ambros, Lanza and Gall (2005): 0 for a file one person wrote,
    towards 1 as many people each made a small part of its commits.
    """
    total = sum(commits_by_author.values())
    if not total:
        return 0.0
    return 1.0 - sum((n / total) ** 2 for n in commits_by_author.values())


def main_developer(added_by_author: Mapping[str, int]) -> tuple[str, float]:
    """The author of the most added lines and their share of all added lines (code-maat's
    main-dev); ties go to the name first in alphabetical order. ("", 0.0) without lines."""
    total = sum(added_by_author.values())
    if not total:
        return "", 0.0
    name = min(added_by_author, key=lambda author: (-added_by_author[author], author))
    return name, added_by_author[name] / total


def inactive_people(
    last_seen: Mapping[str, datetime], *, end: datetime | None, months: int
) -> frozenset[str]:
    """People whose last commit (to anything) is more than ``months`` calendar months
    older than ``end``, the analysed HEAD's date (not the wall clock)."""
    if end is None:
        return frozenset()
    since = window_start(f"{months} months", end)
    return frozenset(person for person, moment in last_seen.items() if moment < since)


def file_knowledge(
    paths: pd.Series, histories: Mapping[str, FileHistory], inactive: Collection[str]
) -> pd.DataFrame:
    """Per path: DOA authors, main developer and ownership share, fragmentation, the share
    of added lines whose authors are inactive (Tornhill's knowledge loss), and whether the
    knowledge left: every DOA author of the file is inactive."""
    rows = [_knowledge_row(histories.get(path), inactive) for path in paths]
    return pd.DataFrame(rows, index=paths.index, columns=KNOWLEDGE_COLUMNS)


KNOWLEDGE_COLUMNS = ["doa_authors", "knowledge_authors", "main_developer", "ownership",
                     "fragmentation", "knowledge_lost", "abandoned"]  # fmt: skip


def _knowledge_row(history: FileHistory | None, inactive: Collection[str]) -> dict[str, object]:
    if history is None:
        return {"doa_authors": "", "knowledge_authors": 0, "main_developer": "",
                "ownership": 0.0, "fragmentation": 0.0, "knowledge_lost": 0.0,
                "abandoned": False}  # fmt: skip
    authors = file_authors(history)
    name, share = main_developer(history.author_added)
    added = sum(history.author_added.values())
    lost = sum(n for a, n in history.author_added.items() if a in inactive)
    return {
        "doa_authors": ", ".join(authors),
        "knowledge_authors": len(authors),
        "main_developer": name,
        "ownership": round(share, 4),
        "fragmentation": round(fragmentation(history.author_commits), 4),
        "knowledge_lost": round(lost / added, 4) if added else 0.0,
        "abandoned": bool(authors) and all(a in inactive for a in authors),
    }


def authors_by_file(files: pd.DataFrame) -> dict[str, list[str]]:
    """The ``doa_authors`` column of a file frame as {path: [author, ...]}."""
    return {
        path: [a for a in text.split(", ") if a]
        for path, text in zip(files["path"], files["doa_authors"], strict=True)
    }


def people_frame(
    files: pd.DataFrame, last_seen: Mapping[str, datetime], inactive: Collection[str]
) -> pd.DataFrame:
    """One row per person who authors (DOA) at least one analysed file: their files, the
    lines of code of those files, the files they alone author, last commit and status."""
    columns = ["person", "files", "loc", "sole_author_files", "last_seen", "inactive"]
    pairs = files.assign(person=files["doa_authors"].str.split(", ")).explode("person")
    pairs = pairs[pairs["person"].fillna("") != ""]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    pairs = pairs.assign(sole=pairs.groupby("path")["person"].transform("size") == 1)
    frame = pairs.groupby("person", as_index=False).agg(
        files=("path", "size"), loc=("sloc", "sum"), sole_author_files=("sole", "sum")
    )
    frame["last_seen"] = frame["person"].map(last_seen)
    frame["inactive"] = frame["person"].isin(list(inactive))
    return frame[columns].sort_values(["loc", "person"], ascending=[False, True], ignore_index=True)
