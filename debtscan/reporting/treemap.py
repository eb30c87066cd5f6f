"""The tiles of the hotspot map: folders and files, within a budget of tiles.

Plotly lays out and labels every tile of a treemap, at about a millisecond per tile and
worse than linearly, so a map of 5,000 files would take seconds to draw. The map keeps
every folder down to a depth that fits the budget, and the files that matter most
(large and risky); the other files of a folder share one "smaller files" tile, so every
area still adds up to the lines of code. A folder holding nothing but one folder is
shown as one tile ("src/package") to save a level of zoom.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from debtscan.reporting import document as doc

ROOT = "/"  # no repository path starts with a slash
TILE_BUDGET = 900


@dataclass(frozen=True, kw_only=True)
class Tile:
    id: str
    parent: str  # "" for the root
    label: str  # raw text; escaped when the figure is made
    lines: int
    score: float  # risk (or hotspot score), line-weighted for folders
    path: str = ""  # the file's path; empty for folders and merged tiles
    files: int = 1  # files under the tile
    explanation: str = ""


def tiles(document: dict[str, Any], *, budget: int = TILE_BUDGET) -> list[Tile]:
    """The treemap's tiles, parents before children, at most about ``budget`` of them."""
    files = document["files"]
    depth = _folder_depth(files, budget // 2)
    home = {f["path"]: _folder(f["path"], depth) for f in files}
    folders = _collapse({folder for folder in home.values() if folder})
    kept = _important(files, budget - 1 - 2 * len(folders))  # the root; folders and their rests
    result = _folder_tiles(document, files, home, folders)
    merged: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for file in files:
        parent = folders.get(home[file["path"]], ROOT) if home[file["path"]] else ROOT
        if file["path"] in kept:
            result.append(_file_tile(file, parent, home[file["path"]]))
        else:
            merged[parent].append(file)
    for parent, group in sorted(merged.items()):
        lines = sum(_lines(f) for f in group)
        result.append(Tile(id=f"{parent}\0rest", parent=parent,
                           label=f"{len(group):,} smaller files", lines=lines,
                           score=_weighted(group), files=len(group)))  # fmt: skip
    return result


def _lines(file: dict[str, Any]) -> int:
    return max(int(file["lines"]), 1)


def _weighted(files: list[dict[str, Any]]) -> float:
    lines = sum(_lines(f) for f in files)
    return round(sum(_lines(f) * doc.risk_score(f) for f in files) / lines, 4) if lines else 0.0


def _folder_depth(files: list[dict[str, Any]], limit: int) -> int:
    """The deepest folder level whose folders, with those above, number at most ``limit``."""
    by_depth: dict[int, set[str]] = defaultdict(set)
    for file in files:
        parts = file["path"].split("/")[:-1]
        for level in range(1, len(parts) + 1):
            by_depth[level].add("/".join(parts[:level]))
    depth, count = 0, 0
    for level in sorted(by_depth):
        count += len(by_depth[level])
        if count > limit:
            break
        depth = level
    return max(depth, 1)


def _folder(path: str, depth: int) -> str:
    """The folder a file is shown in: its own, or its ancestor at ``depth``."""
    parts = path.split("/")[:-1]
    return "/".join(parts[:depth])


def _collapse(leaves: set[str]) -> dict[str, str]:
    """Every folder shown, mapped to the tile that shows it (a chain of single folders
    becomes its last member)."""
    folders = {folder for leaf in leaves for folder in _ancestors(leaf)}
    children: dict[str, set[str]] = defaultdict(set)
    for folder in folders:
        children[_parent(folder)].add(folder)
    shown: dict[str, str] = {}
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        only = children.get(folder, set())
        # A folder with one subfolder and no files of its own is shown by that subfolder.
        if len(only) == 1 and folder not in leaves:
            shown[folder] = shown[next(iter(only))]
        else:
            shown[folder] = folder
    return shown


def _parent(path: str) -> str:
    parent = str(PurePosixPath(path).parent)
    return ROOT if parent == "." else parent


def _important(files: list[dict[str, Any]], room: int) -> set[str]:
    """The files that get a tile of their own: the largest risks (lines x score) first."""
    ranked = sorted(files, key=lambda f: (-_lines(f) * (0.25 + doc.risk_score(f)), f["path"]))
    return {f["path"] for f in ranked[: max(room, 0)]}


def _folder_tiles(document: dict[str, Any], files: list[dict[str, Any]], home: dict[str, str],
                  folders: dict[str, str]) -> list[Tile]:  # fmt: skip
    under: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for file in files:
        for tile_id in {folders[folder] for folder in _ancestors(home[file["path"]])}:
            under[tile_id].append(file)
    lines = sum(_lines(f) for f in files)
    root = Tile(id=ROOT, parent="", label=document["scan"]["repository"], lines=lines,
                score=_weighted(files), files=len(files))  # fmt: skip
    result = [root]
    for tile_id in sorted(set(folders.values()), key=lambda f: (f.count("/"), f)):
        parent = _shown_parent(tile_id, folders)
        group = under[tile_id]
        label = tile_id if parent == ROOT else tile_id[len(parent) + 1 :]
        result.append(Tile(id=tile_id, parent=parent, label=label,
                           lines=sum(_lines(f) for f in group), score=_weighted(group),
                           files=len(group)))  # fmt: skip
    return result


def _ancestors(folder: str) -> list[str]:
    if not folder:
        return []
    path = PurePosixPath(folder)
    return [str(p) for p in (path, *path.parents) if str(p) != "."]


def _shown_parent(tile_id: str, folders: dict[str, str]) -> str:
    """The nearest ancestor shown as a tile of its own (not merged into this one)."""
    for ancestor in _ancestors(tile_id)[1:]:
        if folders[ancestor] != tile_id:
            return folders[ancestor]
    return ROOT


def _file_tile(file: dict[str, Any], parent: str, folder: str) -> Tile:
    # Under a folder shown in place of deeper ones, the label keeps the rest of the path.
    label = file["path"][len(folder) + 1 :] if folder else file["path"]
    return Tile(id=file["path"], parent=parent, label=label, lines=_lines(file),
                score=doc.risk_score(file), path=file["path"],
                explanation=file.get("explanation", ""))  # fmt: skip
