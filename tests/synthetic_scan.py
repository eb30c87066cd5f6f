"""A synthetic but schema-valid scan document of any size, for report scale tests.

Building a real git repository of 5,000 files is too slow for CI; the report is made from
the document alone, so a generated document with every field the stages write (scores,
findings of real catalogue rules, per-file history) exercises the whole page. Random but
seeded: the same arguments give the same document.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import networkx as nx
import pandas as pd

from debtscan.catalogue import format_version, load_catalogue
from debtscan.config import Config
from debtscan.graph_frames import component_frame, coupling_frame, file_graph_columns, module_frame
from debtscan.graphing import build_architecture
from debtscan.graphing.metrics import with_metrics
from debtscan.records import Analyzed, FileMetrics, History, HistoryStatus, ImportRecord
from debtscan.reporting.formatting import top_share
from debtscan.reporting.json_report import SCHEMA_VERSION
from debtscan.scoring.debt import debt_by_rule, file_debt
from debtscan.scoring.hotspots import hotspot_scores, mark_hotspots, percentile
from debtscan.scoring.knowledge import people_frame
from debtscan.scoring.risk import effort_factor, risk_explanations, risk_parts, risk_scores
from debtscan.scoring.summary import component_frame as component_scores
from debtscan.scoring.summary import summarize

PEOPLE = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov",
          "Donald Knuth", "Frances Allen", "Ken Thompson", "Margaret Hamilton", "Guido van Rossum",
          "Radia Perlman", "Dennis Ritchie", "Adele Goldberg", "John Backus"]  # fmt: skip
END = datetime(2025, 6, 30, 12, tzinfo=UTC)


def catalogue() -> dict[str, dict[str, Any]]:
    """The shipped rule catalogue by code, each rule as scan.json's "rules" entries are."""
    loaded = load_catalogue()
    rules = {}
    for rule in loaded.rules:
        docs = loaded.docs[rule.code]
        rules[rule.code] = {
            "code": rule.code, "name": rule.name, "category": rule.category,
            "severity": str(rule.severity), "minutes": rule.minutes, "fix": str(rule.fix),
            "fix_title": rule.fix_title, "autofix": rule.autofix,
            "deprecated_in": format_version(rule.deprecated_in) or None,
            "removed_in": format_version(rule.removed_in) or None, "message": rule.message,
            "docs": {"what": docs.what, "why": docs.why, "example": docs.example,
                     "use_instead": docs.use_instead, "fix_safety": docs.fix_safety,
                     "references": list(docs.references)},
        }  # fmt: skip
    return rules


def synthetic_document(files: int = 5000, *, seed: int = 7) -> dict[str, Any]:
    rnd = random.Random(seed)
    rules = catalogue()
    codes = sorted(rules)
    rows = [_file(rnd, path) for path in _paths(rnd, files)]
    architecture = _architecture(rnd, rows)  # sets each row's graph columns
    functions = [f for row in rows for f in _functions(rnd, row)]
    findings = [f for row in rows for f in _findings(rnd, row, rules, codes)]
    scored = _score(rows, findings)
    graph_summary = architecture.pop("summary")
    per_file = {row["path"]: _history(rnd, row) for row in scored.files if row["revisions_total"]}
    used = {f["code"] for f in findings}
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "debtscan", "version": "0.1.0"},
        "scan": {"repository": "synthetic", "commit": "0123456789abcdef0123456789abcdef01234567",
                 "branch": "main", "commit_date": END.isoformat(), "started_at": END.isoformat(),
                 "seconds": 42.0, "config_digest": "0" * 16, "window": "12 months",
                 "target_python": "3.11"},
        "history": {"status": "complete", "message": "",
                    "window_start": (END - timedelta(days=365)).isoformat(),
                    "window_end": END.isoformat(), "commits_read": 25_000,
                    "commits_in_window": 3_100, "per_file": per_file},
        "summary": {**_counts(scored.files, functions, findings), **graph_summary,
                    **scored.summary},
        "files": scored.files,
        "functions": functions,
        "findings": findings,
        "outcomes": [{"path": r["path"], "status": "analyzed", "reason": "", "detail": ""}
                     for r in scored.files],
        "rules": [_documented(rules[code]) for code in sorted(used)],
        "people": scored.people,
        "debt_by_rule": scored.debt_by_rule,
        **architecture,
        "components": _merged(architecture["components"], scored.components),
    }  # fmt: skip


def _paths(rnd: random.Random, count: int) -> list[str]:
    packages = [f"pkg{n:02d}" for n in range(max(4, count // 250))]
    paths: set[str] = set()
    while len(paths) < count:
        depth = rnd.choice((1, 2, 2, 3))
        parts = [rnd.choice(packages)] + [f"sub{rnd.randrange(8)}" for _ in range(depth - 1)]
        paths.add("/".join([*parts, f"module_{rnd.randrange(400):03d}.py"]))
    return sorted(paths)


def _file(rnd: random.Random, path: str) -> dict[str, Any]:
    lines = int(min(6000, rnd.lognormvariate(5.3, 0.9))) + 5
    revisions = int(rnd.paretovariate(1.3)) - 1 if rnd.random() < 0.7 else 0
    total = revisions + int(rnd.paretovariate(1.2))
    authors = rnd.sample(PEOPLE, min(len(PEOPLE), int(rnd.paretovariate(2)) + bool(revisions)))
    first = END - timedelta(days=rnd.randrange(30, 3000))
    health = round(max(1.0, min(10.0, 11 - rnd.paretovariate(1.2) * 1.5)), 1)
    return {
        "path": path, "module": path[:-3].replace("/", "."), "component": path.split("/")[0],
        "lines": lines, "sloc": int(lines * 0.75), "comments": int(lines * 0.1),
        "functions": lines // 40, "classes": lines // 300, "class_methods_max": lines // 100,
        "class_lines_max": lines // 3, "cyclomatic_total": max(1, int(lines / rnd.uniform(4, 14))),
        "cyclomatic_max": max(1, int(rnd.paretovariate(1.5) * 3)),
        "maintainability": round(rnd.uniform(5, 95), 2), "revisions": revisions,
        "churn": revisions * rnd.randrange(5, 80), "authors": len(authors) if revisions else 0,
        "bugfixes": min(revisions, int(rnd.paretovariate(2)) - 1),
        "revisions_total": total, "first_seen": first.isoformat(),
        "last_changed": (END - timedelta(days=rnd.randrange(0, 400))).isoformat(),
        "recent_changes": round(revisions * rnd.uniform(0.5, 4), 4),
        "fan_in": int(rnd.paretovariate(1.5)) - 1, "fan_out": rnd.randrange(0, 12),
        "code_health": health,
        "health_smells": "" if health >= 9 else f"large file ({lines} lines > 250)",
        "doa_authors": ", ".join(authors[:2]), "knowledge_authors": len(authors[:2]),
        "main_developer": authors[0], "ownership": round(rnd.uniform(0.3, 1.0), 4),
        "fragmentation": round(1 - 1 / len(authors), 4),
        "knowledge_lost": round(rnd.random() * rnd.random(), 4),
        "abandoned": all(a in PEOPLE[-2:] for a in authors[:2]),
        "bugspots": round(rnd.random() * 3, 4),
    }  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class _Scored:
    files: list[dict[str, Any]]
    summary: dict[str, Any]
    components: list[dict[str, Any]]
    people: list[dict[str, Any]]
    debt_by_rule: list[dict[str, Any]]


def _score(rows: list[dict[str, Any]], findings: list[dict[str, Any]]) -> _Scored:
    """The scoring stage's own functions on the synthetic files, as file_frame runs them."""
    config = Config().scoring
    found = pd.DataFrame(findings, columns=["path", "code", "line", "message", "category",
                                            "severity", "minutes"])  # fmt: skip
    frame = pd.DataFrame(rows)
    frame["revisions_percentile"] = percentile(frame["revisions"])
    frame["complexity_percentile"] = percentile(frame["cyclomatic_total"])
    frame["hotspot"] = hotspot_scores(frame["revisions"], frame["cyclomatic_total"],
                                      has_history=True).round(4)  # fmt: skip
    frame = frame.sort_values(["hotspot", "cyclomatic_total", "revisions", "path"],
                              ascending=[False, False, False, True], ignore_index=True)  # fmt: skip
    frame["rank"] = range(1, len(frame) + 1)
    frame["is_hotspot"] = mark_hotspots(frame["hotspot"]).astype(bool)
    frame = frame.join(file_debt(frame, found))
    python2 = set(found.loc[found["category"] == "python2-syntax", "path"])
    frame["dialect"] = ["python2" if p in python2 else "python3" for p in frame["path"]]
    frame["suppressed"] = 0
    effort = effort_factor(frame["sloc"], config.effort_exponent)
    scores = risk_scores(risk_parts(frame), config.risk_weights, effort)
    frame = frame.join(scores)
    order = frame.sort_values(["risk", "rank"], ascending=[False, True]).index
    frame.loc[order, "risk_rank"] = range(1, len(frame) + 1)
    frame["risk_rank"] = frame["risk_rank"].astype(int)
    frame["explanation"] = [_explanation(row, len(frame)) for row in frame.to_dict("records")]
    frame["risk_explanation"] = risk_explanations(scores)
    last_seen = {p: END - timedelta(days=400 if p in PEOPLE[-2:] else 3 * n)
                 for n, p in enumerate(PEOPLE)}  # fmt: skip
    people = people_frame(frame, last_seen, PEOPLE[-2:])
    summary = summarize(frame, found, people, hourly_rate=config.hourly_rate,
                        currency=config.currency)  # fmt: skip
    return _Scored(
        files=_plain_records(frame),
        summary=_plain_record(dataclasses.asdict(summary)),
        components=_plain_records(component_scores(frame, hourly_rate=config.hourly_rate)),
        people=[{**p, "last_seen": p["last_seen"].isoformat()} for p in _plain_records(people)],
        debt_by_rule=_plain_records(debt_by_rule(found)),
    )


def _explanation(row: dict[str, Any], files: int) -> str:
    return (
        f"changed {row['revisions']} times in 12 months "
        f"({top_share(row['revisions_percentile'], files)}), cyclomatic "
        f"{row['cyclomatic_total']} ({top_share(row['complexity_percentile'], files)}), "
        f"{row['authors']} authors, health {row['code_health']:.1f}"
    )


def _merged(graph: list[dict[str, Any]], scores: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The graph stage's component rows with the scoring stage's columns added."""
    by_name = {row["component"]: row for row in scores}
    return [{**row, **by_name.get(row["component"], {})} for row in graph]


def _functions(rnd: random.Random, row: dict[str, Any]) -> list[dict[str, Any]]:
    result, line = [], 1
    for n in range(row["functions"]):
        length = rnd.randrange(3, 60)
        if line + length > row["lines"]:
            break
        result.append({
            "path": row["path"], "qualified_name": f"Handler{n // 5}.method_{n}",
            "start_line": line, "end_line": line + length - 1, "lines": length,
            "arguments": rnd.randrange(0, 7), "nesting": rnd.randrange(0, 5),
            "cyclomatic": max(1, int(rnd.paretovariate(1.4))),
            "code_health": (health := round(rnd.uniform(2, 10), 1)),
            "penalty": round(10 - health, 1), "cognitive": rnd.randrange(0, 30),
            "bool_operators": rnd.randrange(0, 4), "nested_chunks": rnd.randrange(0, 3),
            "returns": rnd.randrange(0, 4),
            "smells": rnd.choice(("", "", "large function (45 lines)", "deep nesting (5 levels)")),
            "revisions": rnd.randrange(0, 1 + row["revisions"]),
        })  # fmt: skip
        line += length + 2
    return result


def _findings(rnd: random.Random, row: dict[str, Any], rules: dict, codes: list[str]) -> list:
    found = []
    for _ in range(int(rnd.paretovariate(1.6)) - 1):
        rule = rules[rnd.choice(codes)]
        found.append({
            "path": row["path"], "code": rule["code"], "line": rnd.randrange(1, row["lines"] + 1),
            "message": rule["message"].replace("{name}", "thing").replace("{text}", "later"),
            "category": rule["category"], "severity": rule["severity"],
            "minutes": rule["minutes"],
        })  # fmt: skip
    return found


def _history(rnd: random.Random, row: dict[str, Any]) -> dict[str, Any]:
    months: Counter[str] = Counter()
    for _ in range(row["revisions_total"]):
        moment = END - timedelta(days=rnd.randrange(0, 1500))
        months[moment.strftime("%Y-%m")] += 1
    people = Counter({rnd.choice(PEOPLE): 1 for _ in range(max(1, row["authors"]))})
    for _ in range(row["revisions_total"]):
        people[rnd.choice(list(people))] += 1
    return {"monthly_revisions": dict(sorted(months.items())),
            "author_commits": dict(people.most_common())}  # fmt: skip


def _counts(rows: list, functions: list, findings: list) -> dict[str, Any]:
    """The summary's counts (the scoring stage's KPIs come from summarize)."""
    return {
        "files_analyzed": len(rows), "files_skipped": 0, "files_failed": 0,
        "lines": sum(r["lines"] for r in rows), "functions": len(functions),
        "findings": len(findings), "files_python2": sum(r["dialect"] == "python2" for r in rows),
        "suppressed": 0, "findings_by_category": _by_category(findings),
    }  # fmt: skip


def _documented(rule: dict[str, Any]) -> dict[str, Any]:
    """A catalogue rule as scan.json lists it (without its message template)."""
    return {key: value for key, value in rule.items() if key != "message"}


def _by_category(findings: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = {}
    for finding in findings:
        entry = totals.setdefault(finding["category"], {"findings": 0, "minutes": 0})
        entry["findings"] += 1
        entry["minutes"] += finding["minutes"]
    return dict(sorted(totals.items(), key=lambda item: -item[1]["minutes"]))


def _architecture(rnd: random.Random, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The graph stage run on made-up imports and commits of the synthetic files.

    Files import files of their own or later packages (a layered code base), with a few
    imports back up that make cycles; some pairs of files keep changing together.
    """
    modules = [r["path"][:-3].replace("/", ".") for r in rows]
    analyzed = []
    for index, row in enumerate(rows):
        later = rnd.sample(range(index, len(rows)), min(3, len(rows) - index))
        targets = [modules[t] for t in later[: rnd.randrange(0, 4)] if t != index]
        if rnd.random() < 0.02:
            targets.append(modules[rnd.randrange(0, index + 1)])  # an import back up
        imports = tuple(ImportRecord(module=t, names=(), level=0, line=n + 1)
                        for n, t in enumerate(targets))  # fmt: skip
        metrics = FileMetrics(
            lines=row["lines"], sloc=row["sloc"], lloc=row["sloc"], comments=row["comments"],
            blank=0, cyclomatic_total=row["cyclomatic_total"],
            cyclomatic_max=row["cyclomatic_max"], maintainability=None,
        )  # fmt: skip
        analyzed.append(Analyzed(path=row["path"], blob="", metrics=metrics, functions=(),
                                 classes=(), imports=imports))  # fmt: skip
    paths = [r["path"] for r in rows]
    change_sets = [tuple(rnd.sample(paths, 3)) for _ in range(len(rows) // 4)]
    for _ in range(max(3, len(rows) // 100)):
        pair = tuple(rnd.sample(paths, 2))
        change_sets += [pair] * 8  # changed together in eight commits: coupled
    history = History(status=HistoryStatus.COMPLETE, message="", window_start=None,
                      window_end=None, commits_read=0, commits_in_window=0,
                      change_sets=tuple(change_sets))  # fmt: skip
    architecture = build_architecture(
        analyzed, history=history, config=Config(), rules=load_catalogue().rules
    )
    columns = file_graph_columns(architecture)
    for row in rows:
        row.update(_plain_record(columns.loc[row["path"]].to_dict()))
    coupling = coupling_frame(architecture)
    return {
        "import_graph": _node_link(with_metrics(architecture.import_graph, architecture.modules)),
        "modules": [_plain_record(r) for r in module_frame(architecture).to_dict("records")],
        "components": [_plain_record(r) for r in component_frame(architecture).to_dict("records")],
        "component_graph": _node_link(
            with_metrics(architecture.component_graph, architecture.components)
        ),
        "cycles": [_cycle(c) for c in architecture.cycles],
        "component_cycles": [_cycle(c) for c in architecture.component_cycles],
        "coupling": [_plain_record(r) for r in coupling.to_dict("records")],
        "summary": {
            "modules": architecture.import_graph.number_of_nodes(),
            "imports": architecture.import_graph.number_of_edges(),
            "components": architecture.component_graph.number_of_nodes(),
            "cycles": len(architecture.cycles),
            "modules_in_cycles": sum(len(c.members) for c in architecture.cycles),
            "coupled_pairs": len(coupling),
            "hidden_coupling": int(coupling["hidden"].sum()) if len(coupling) else 0,
        },
    }


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, StrEnum):
        return str(value)
    return value.item() if hasattr(value, "item") else value


def _plain_record(record: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) for key, value in record.items()}


def _plain_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [_plain_record(record) for record in frame.to_dict("records")]


def _node_link(graph: nx.DiGraph) -> dict[str, Any]:
    data = nx.node_link_data(graph, edges="links")
    return {"nodes": [_plain_record(n) for n in data["nodes"]],
            "links": [_plain_record(link) for link in data["links"]]}  # fmt: skip


def _cycle(cycle: Any) -> dict[str, Any]:
    cuts = [{"source": source, "target": target} for source, target in cycle.breaking_edges]
    return {"rank": cycle.rank, "members": list(cycle.members), "edges": cycle.edges,
            "breaking_edges": cuts}  # fmt: skip
