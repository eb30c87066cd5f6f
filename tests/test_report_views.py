"""What the reports say, computed from small hand-made scan documents."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import networkx as nx
import pytest

from debtscan.reporting import (
    charts,
    file_detail,
    key_figures,
    modernization,
    overview,
    ownership,
    readiness,
    treemap,
)
from debtscan.reporting.architecture_view import drawn_components
from debtscan.reporting.html_report import page_data
from debtscan.reporting.markdown_report import escape, render_markdown
from debtscan.resources import shipped_dir
from tests.synthetic_scan import synthetic_document


def file(path: str, *, lines: int = 100, revisions: int = 1, hotspot: float = 0.5, **extra) -> dict:
    row = {
        "path": path, "module": path[:-3].replace("/", "."), "lines": lines, "sloc": lines,
        "functions": 1, "cyclomatic_total": 10, "cyclomatic_max": 5, "maintainability": 50.0,
        "revisions": revisions, "churn": 10, "authors": 2, "bugfixes": 0,
        "revisions_total": revisions, "first_seen": None, "last_changed": None, "fan_in": 0,
        "fan_out": 0, "revisions_percentile": 0.5, "complexity_percentile": 0.5,
        "hotspot": hotspot, "rank": 1, "explanation": f"why {path}",
    }  # fmt: skip
    row.update(extra)
    return row


def finding(path: str, code: str, *, line: int = 1, category: str = "removed-stdlib",
            minutes: int = 30, **extra) -> dict:  # fmt: skip
    return {"path": path, "code": code, "line": line, "message": f"{code} here",
            "category": category, "severity": "high", "minutes": minutes, **extra}  # fmt: skip


def document(files: list[dict], findings: list[dict] = (), **extra: Any) -> dict[str, Any]:
    for rank, row in enumerate(files, 1):
        row["rank"] = rank
    doc = {
        "schema_version": "1.1",
        "tool": {"name": "debtscan", "version": "0.1.0"},
        "scan": {"repository": "demo", "commit": "abc", "branch": "main",
                 "commit_date": "2025-06-30T12:00:00+00:00", "started_at": "2025-06-30T12:00:00",
                 "seconds": 1.0, "config_digest": "x", "window": "12 months"},
        "history": {"status": "complete", "message": "", "window_start": "2024-06-30T12:00:00",
                    "window_end": "2025-06-30T12:00:00", "commits_read": 10,
                    "commits_in_window": 5, "per_file": {}},
        "summary": {"files_analyzed": len(files), "files_skipped": 0, "files_failed": 0,
                    "lines": sum(f["lines"] for f in files), "functions": len(files),
                    "findings": len(findings), "modules": len(files), "imports": 0},
        "files": files, "functions": [], "findings": list(findings), "outcomes": [],
        "import_graph": {"nodes": [], "links": []},
    }  # fmt: skip
    doc.update(extra)
    return doc


RULES = {
    "DS101": {"code": "DS101", "name": "distutils-import", "removed_in": "3.12", "fix": "none"},
    "DS102": {"code": "DS102", "name": "imp-module-import", "removed_in": "3.12", "fix": "none"},
    "DS140": {"code": "DS140", "name": "cgi-module-import", "removed_in": "3.13", "fix": "none"},
    "DS199": {"code": "DS199", "name": "future-removal", "removed_in": "3.16", "fix": "none"},
    "DS301": {"code": "DS301", "name": "u-string-prefix", "fix": "safe", "autofix": True},
}  # fmt: skip


def modernization_document() -> dict[str, Any]:
    files = [file("a.py"), file("b.py"), file("c.py")]
    findings = [
        finding("a.py", "DS101"), finding("a.py", "DS102", line=3), finding("b.py", "DS102"),
        finding("b.py", "DS140", line=7), finding("c.py", "DS140"), finding("c.py", "DS199"),
        finding("c.py", "DS301", category="python2-remnant", minutes=5),
        finding("c.py", "DS301", category="python2-remnant", minutes=5, line=2),
    ]  # fmt: skip
    return document(files, findings, rules=list(RULES.values()))


def test_readiness_adds_up_removals_version_by_version() -> None:
    steps = readiness.readiness(modernization_document())
    # 3.12 removes DS101 (a.py) and DS102 (a.py, b.py); 3.13 adds DS140 (b.py, c.py);
    # 3.16 (not released) adds DS199 (c.py).
    assert [(s.version, s.removed_here, s.blockers, s.files, s.scheduled) for s in steps] == [
        ("3.12", 3, 3, 2, False),
        ("3.13", 2, 5, 3, False),
        ("3.16", 1, 6, 3, True),
    ]
    headline = readiness.headline_readiness(modernization_document())
    assert headline.sentence == "moving to 3.14: 5 blockers in 3 files"


def test_readiness_is_not_claimed_without_rule_results() -> None:
    plain = document([file("a.py")])
    assert readiness.headline_readiness(plain) is None
    figure = {f.key: f for f in key_figures.key_figures(plain)}["readiness"]
    assert not figure.available and figure.detail == "not in this scan: no rule findings"
    checked = document([file("a.py")], rules=[])
    assert readiness.headline_readiness(checked).sentence == "moving to 3.14: no blockers found"


def test_rule_uses_and_fixability() -> None:
    doc = modernization_document()
    uses = {u.code: u for u in modernization.rule_uses(doc)}
    assert (uses["DS102"].findings, uses["DS102"].files, uses["DS102"].minutes) == (2, 2, 60)
    assert uses["DS301"].fix == "safe" and uses["DS301"].files == 1
    fixes = modernization.fixability(doc)
    assert (fixes.safe, fixes.unsafe, fixes.manual, fixes.safe_minutes) == (2, 0, 6, 10)
    assert fixes.autofix == 2  # DS301's two findings: debtscan fix has its codemod


def test_removals_grouped_by_version_in_version_order() -> None:
    doc = modernization_document()
    doc["rules"].append({"code": "DS103", "name": "old", "removed_in": "3.9"})
    doc["findings"].append(finding("a.py", "DS103"))
    groups = modernization.removals_by_version(doc)
    assert [(g.version, g.findings, g.released) for g in groups] == [
        ("3.9", 1, True), ("3.12", 3, True), ("3.13", 2, True), ("3.16", 1, False),
    ]  # fmt: skip
    assert [r.code for r in groups[1].removals] == ["DS102", "DS101"]  # most used first
    assert groups[2].removals[0].places == (("b.py", 7), ("c.py", 1))


def test_python2_files_from_their_syntax_findings() -> None:
    doc = document(
        [file("new.py"), file("old.py", lines=40)],
        [finding("old.py", "DS050", category="python2-syntax"),
         finding("old.py", "DS052", category="python2-syntax", line=9),
         finding("new.py", "DS301", category="python2-remnant")],
    )  # fmt: skip
    (only,) = modernization.python2_files(doc)
    assert (only.path, only.constructs, only.lines, only.codes) == (
        "old.py",
        2,
        40,
        ("DS050", "DS052"),
    )


def test_key_figures_say_why_history_is_missing() -> None:
    doc = document([file("a.py")])
    doc["history"].update(status="no-git", message="not a git repository: no history",
                          window_start=None, window_end=None)  # fmt: skip
    figures = {f.key: f for f in key_figures.key_figures(doc)}
    assert figures["history"].detail == "no history: not a git repository"
    assert figures["truck_factor"].detail == "no history: not a git repository"
    assert overview.warnings(doc) == ["not a git repository: no history"]


def test_key_figures_from_scores() -> None:
    summary = {"health_average": 6.25, "hotspot_health": 3.5, "hotspots": 4,
               "worst_file": "w.py", "worst_health": 1.5, "debt_minutes": 1500,
               "debt_money": 2500.0, "currency": "EUR", "debt_ratio": 0.12, "debt_rating": "C",
               "truck_factor": 1, "truck_factor_people": ["Ada"]}  # fmt: skip
    doc = document([file("a.py", risk=0.5)])
    doc["summary"].update(summary)
    figures = {f.key: f for f in key_figures.key_figures(doc)}
    assert (figures["health"].value, figures["health"].tone) == ("6.2 / 10", "warn")
    assert figures["hotspot_health"].tone == "bad"
    assert figures["debt"].value == "25 h" and figures["debt"].detail == "EUR 2,500"
    assert figures["rating"].value == "C"
    assert "debt ratio 12 %" in figures["rating"].detail
    assert (figures["truck_factor"].value, figures["truck_factor"].tone) == ("1", "bad")


def test_top_risks_follow_the_risk_rank_and_speak_plainly() -> None:
    files = [
        file("quiet.py", risk=0.2, risk_rank=2),
        file("hot.py", risk=0.9, risk_rank=1, revisions=12, authors=3, bugfixes=2, code_health=3.25,
             debt_minutes=90, fan_in=4, main_developer="Ada", ownership=0.8),
    ]  # fmt: skip
    doc = document(
        files, [finding("hot.py", "DS101"), finding("hot.py", "DS700", category="code-health")]
    )
    first = overview.top_risks(doc)[0]
    assert first.path == "hot.py"
    assert first.facts == (
        "changed 12 times in 12 months by 3 people",
        "cyclomatic complexity 10 (top 100 %)",
        "code health 3.2 / 10",
        "2 bug fixes in 12 months",
        "1 legacy finding",  # the code-health finding is not legacy
        "1.5 h of debt",
        "4 modules depending on it",
        "80 % written by Ada",
    )


def test_targets_are_ordered_by_interest_then_risk() -> None:
    files = [
        file("a.py", risk=0.9, risk_rank=1, interest=0),
        file("b.py", risk=0.5, risk_rank=2, interest=300),
        file("c.py", risk=0.7, risk_rank=3, interest=300),
    ]
    rows = page_data(document(files), ["b.py"])["rows"]
    assert [(r["order"], r["path"], r["detail"]) for r in rows] == [
        (1, "b.py", True), (2, "c.py", False), (3, "a.py", False),
    ]  # fmt: skip


def test_detail_goes_to_the_top_by_risk_and_by_interest() -> None:
    files = [file(f"f{n}.py", risk=1 - n / 10, risk_rank=n + 1, interest=n) for n in range(6)]
    paths = file_detail.detail_paths(document(files), 2)
    assert paths == ["f0.py", "f1.py", "f5.py", "f4.py"]


def test_monthly_series_fills_quiet_months_up_to_the_analysed_commit() -> None:
    series = file_detail.monthly_series({"2024-11": 2, "2025-02": 1}, end="2025-04")
    assert series == {"start": "2024-11", "counts": [2, 0, 0, 1, 0, 0]}
    assert file_detail.monthly_series({}, end="2025-04") is None


def test_treemap_areas_add_up_and_single_folders_collapse() -> None:
    files = [file("src/pkg/a.py", lines=30), file("src/pkg/sub/b.py", lines=20),
             file("src/pkg/sub/c.py", lines=10), file("setup.py", lines=5)]  # fmt: skip
    tiles = {t.id: t for t in treemap.tiles(document(files))}
    # "src" holds nothing but "src/pkg": one tile, labelled with both.
    assert "src" not in tiles
    assert (tiles["src/pkg"].label, tiles["src/pkg"].parent, tiles["src/pkg"].lines) == (
        "src/pkg", "/", 60,
    )  # fmt: skip
    assert (tiles["src/pkg/sub"].label, tiles["src/pkg/sub"].lines) == ("sub", 30)
    assert tiles["setup.py"].parent == "/" and tiles["/"].lines == 65
    for tile in tiles.values():
        children = [t.lines for t in tiles.values() if t.parent == tile.id]
        assert not children or sum(children) == tile.lines


def test_treemap_merges_small_files_beyond_its_budget() -> None:
    files = [file(f"pkg/m{n:03d}.py", lines=10 + n, hotspot=0.1) for n in range(300)]
    files.append(file("pkg/big.py", lines=5000, hotspot=0.9))
    tiles = treemap.tiles(document(files), budget=40)
    assert len(tiles) <= 40
    assert "pkg/big.py" in {t.id for t in tiles}
    (rest,) = [t for t in tiles if t.id.endswith("\0rest")]
    kept = [t for t in tiles if t.path]
    assert rest.files == 301 - len(kept)
    assert rest.lines + sum(t.lines for t in kept) == sum(f["lines"] for f in files)


def test_treemap_keeps_deep_folders_within_the_budget() -> None:
    files = [file(f"a{i}/b{j}/c{k}/m.py") for i in range(5) for j in range(5) for k in range(5)]
    tiles = treemap.tiles(document(files), budget=100)
    folders = [t for t in tiles if not t.path and not t.id.endswith("\0rest") and t.id != "/"]
    assert max(t.id.count("/") for t in folders) == 1  # a*/b* (30 folders), not a*/b*/c* (155)
    assert {t.label for t in tiles if t.path} >= {"c0/m.py"}  # labels keep the rest of the path


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a|b", "a\\|b"),
        ("<script>x</script>", "\\<script\\>x\\</script\\>"),
        ("[click](http://x)", "\\[click\\](http://x)"),
        ("two\nlines", "two lines"),
        ("$x$ & *y* `z` _w_ ~v~", "\\$x\\$ \\& \\*y\\* \\`z\\` \\_w\\_ \\~v\\~"),
    ],
)
def test_markdown_escapes_repository_text(text: str, shown: str) -> None:
    assert escape(text) == shown


def test_markdown_summary_has_the_figures_and_top_risks() -> None:
    doc = modernization_document()
    doc["files"][1].update(path="evil|<b>.py", revisions=9)
    text = render_markdown(doc)
    assert text.startswith("## Technical debt: demo\n")
    assert "| Python readiness | 5 blockers | moving to 3.14: 5 blockers in 3 files |" in text
    assert "| History window | 5 commits | 12 months: 2024-06-30 to 2025-06-30 |" in text
    assert "2. **evil\\|\\<b\\>.py** (hotspot 0.50): Changed 9 times in 12 months" in text
    assert "| removed-stdlib | 6 |" in text
    assert "<b>" not in text.replace("<sub>", "").replace("</sub>", "")


def test_the_synthetic_scan_document_follows_the_schema() -> None:
    """The scale and full-report tests stand for real scans only while this holds."""
    schema = json.loads((shipped_dir("reports") / "scan.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(synthetic_document(60))] == []


def test_the_component_overview_draws_cycles_then_the_largest() -> None:
    graph = nx.DiGraph()
    graph.add_node("tiny", modules=1, fan_in=9, cycle=2)  # in a cycle: drawn however small
    graph.add_node("big", modules=40, fan_in=0, cycle=0)
    graph.add_node("mid", modules=10, fan_in=3, cycle=0)
    graph.add_node("mid2", modules=10, fan_in=5, cycle=0)  # as many modules, more dependents
    assert drawn_components(graph, 3) == ["tiny", "big", "mid2"]
    assert sorted(drawn_components(graph, 10)) == ["big", "mid", "mid2", "tiny"]


def test_log_axis_ticks_are_written_in_full() -> None:
    ticks = charts.log_ticks(230)
    assert ticks["tickvals"] == [1, 2, 5, 10, 20, 50, 100, 200, 500]
    assert ticks["ticktext"][-2:] == ["200", "500"]
    assert charts.log_ticks(1)["tickvals"] == [1, 2, 5]


def test_code_whose_authors_left_names_those_authors_not_the_main_developer() -> None:
    # Ann authored old.py (degree of authorship) and left; Bob added more lines since.
    files = [
        file("old.py", risk=0.5, risk_rank=1, sloc=100, main_developer="Bob", ownership=0.6,
             doa_authors="Ann", abandoned=True, knowledge_lost=0.4),
        file("new.py", risk=0.4, risk_rank=2, sloc=50, main_developer="Bob", ownership=1.0,
             doa_authors="Bob", abandoned=False, knowledge_lost=0.0),
    ]  # fmt: skip
    seen = ownership.knowledge(document(files))
    assert seen.abandoned == ({"path": "old.py", "lines": 100, "authors": "Ann"},)
    (component,) = seen.components
    assert (component.owner, component.knowledge_lost) == ("Bob", pytest.approx(40 / 150))
