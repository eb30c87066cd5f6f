"""The command line: ``debtscan scan`` and friends.

Exit codes: 0 done, 1 a quality gate failed, 2 a usage, configuration or git error
(one clear line; ``--debug`` shows the traceback).
"""

from __future__ import annotations

import functools
import gc
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from debtscan import __version__
from debtscan.errors import DebtscanError
from debtscan.records import Severity

EXIT_ERROR = 2


def _reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn DebtscanError (and our own bugs) into one line on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = kwargs.get("debug") or click.get_current_context().find_root().params.get("debug")
        try:
            return command(*args, **kwargs)
        except DebtscanError as error:
            if debug:
                traceback.print_exc()
            click.echo(f"debtscan: error: {error}", err=True)
            sys.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("debtscan: interrupted", err=True)
            sys.exit(130)
        except Exception as error:
            if debug:
                traceback.print_exc()
            click.echo(
                f"debtscan: internal error (a bug in debtscan): {error!r}; "
                "run with --debug for the traceback",
                err=True,
            )
            sys.exit(EXIT_ERROR)

    return wrapper


def _store_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--store",
        "store_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="The history store (SQLite) [default: PATH/.debtscan/history.sqlite].",
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="debtscan")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
def main(debug: bool) -> None:
    """Find where a Python code base carries the debt that costs: hotspots, legacy code."""
    # A scan holds millions of small records for its whole run; with the default
    # thresholds the cycle collector walks them again and again (sqlalchemy, cold:
    # 50.6 s -> 44.2 s). Full collections stay possible, just rare.
    gc.set_threshold(100_000, 50, 1000)


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the reports [default: PATH/.debtscan/report].",
)
@click.option(
    "--at",
    metavar="REV",
    help="Scan the repository as it was at this commit, tag or branch "
    "(read from git objects; the working tree is not touched).",
)
@click.option(
    "--since",
    help="History window back from HEAD's date: '12 months', '90d', "
    "'2y' or a date [default: 12 months, or since in the config].",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    help="Worker processes for the analysis; 0 for all cores [default: 0].",
)
@click.option(
    "--format",
    "formats",
    default="html,json",
    show_default=True,
    help="Comma-separated outputs: html (index.html), json (scan.json), md (summary.md), "
    "sarif (debtscan.sarif); graphml, dot for the import and component graphs.",
)
@click.option(
    "--plotly-js",
    "plotly_js_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write plotly.js once into this folder and load it from there (for many reports "
    "side by side) instead of inlining it in index.html.",
)
@click.option(
    "--job-summary",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GITHUB_STEP_SUMMARY",
    show_envvar=True,
    help="With md: append the Markdown summary to this file too (GitHub Actions sets "
    "GITHUB_STEP_SUMMARY to the job summary's file).",
)
@click.option(
    "--no-cache", is_flag=True, help="Analyse every file again; do not read or write the cache."
)
@_store_option
@click.option("--no-store", is_flag=True, help="Do not record a snapshot in the history store.")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@_reports_errors
def scan(
    path: Path,
    out_dir: Path | None,
    at: str | None,
    since: str | None,
    jobs: int | None,
    formats: str,
    plotly_js_dir: Path | None,
    job_summary: Path | None,
    no_cache: bool,
    store_path: Path | None,
    no_store: bool,
    debug: bool,
) -> None:
    """Scan the repository at PATH and write an HTML report and scan.json.

    The scan is also recorded as a snapshot in the history store (for trends and the
    quarterly review) unless --no-store.
    """
    from debtscan.config import load_config
    from debtscan.pipeline import scan as run_scan
    from debtscan.reporting import write_reports
    from debtscan.reporting.json_report import scan_document

    if not path.is_dir():
        raise DebtscanError(f"{path}: no such folder")
    overrides = {"since": since, "jobs": jobs, "cache": False if no_cache else None}
    config = load_config(path.resolve(), overrides)
    console = Console(stderr=True)
    with _progress(console) as progress:
        result = run_scan(path, at=at, config=config, progress=progress)
    out_dir = out_dir or result.root / ".debtscan" / "report"
    document = scan_document(result)
    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    written = write_reports(
        result, out_dir, chosen, plotly_js_dir=plotly_js_dir, job_summary=job_summary,
        document=document,
    )  # fmt: skip
    _print_summary(Console(), result, written)
    if not no_store:
        _record_snapshot(document, result.root, store_path, console)


def _open_store(root: Path, store_path: Path | None) -> Any:
    from debtscan.store import HistoryStore, default_store_path

    return HistoryStore(store_path or default_store_path(root))


def _record_snapshot(
    document: dict[str, Any], root: Path, store_path: Path | None, console: Console
) -> None:
    """Record the scan in the store. A default store that cannot be written costs only
    the snapshot (a warning); a store the user named must work (an error)."""
    from debtscan.errors import StoreError

    try:
        with _open_store(root, store_path) as store:
            store.record(document)
    except StoreError as error:
        if store_path is not None:
            raise
        console.print(f"warning: no snapshot recorded: {error}", highlight=False, markup=False)
        return
    commit = document["scan"]["commit"]
    where = store.path
    what = f"commit {commit[:12]}" if commit else "this folder (no git)"
    Console().print(f"recorded a snapshot of {what} in {where}", highlight=False, markup=False)


@main.group()
def history() -> None:
    """The history store: backfill it from git, list its snapshots."""


@history.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--every",
    type=click.Choice(["quarter", "month"]),
    default="quarter",
    show_default=True,
    help="One snapshot at the last commit of each period.",
)
@click.option(
    "--since",
    default="2y",
    show_default=True,
    help="How far back from HEAD's commit date: '2y', '18 months' or a date.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=0), help="Worker processes; 0 for all.")
@_store_option
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@_reports_errors
def backfill(
    path: Path,
    every: str,
    since: str,
    jobs: int | None,
    store_path: Path | None,
    debug: bool,
) -> None:
    """Record snapshots of past periods, read from git objects (no checkout).

    Resumable: periods whose snapshot is already stored are skipped.
    """
    from debtscan.backfill import backfill as run_backfill
    from debtscan.config import load_config, window_start
    from debtscan.periods import PeriodKind

    if not path.is_dir():
        raise DebtscanError(f"{path}: no such folder")
    root = path.resolve()
    window_start(since, datetime.now(UTC))  # a malformed --since is a usage error, now
    config = load_config(root, {"jobs": jobs})
    console = Console(stderr=True)
    with _open_store(root, store_path) as store, _progress(console) as progress:
        result = run_backfill(
            root,
            every=PeriodKind(every),
            since=since,
            store=store,
            config=config,
            progress=progress,
        )
    out = Console()
    for snapshot in result.recorded:
        line = f"recorded {snapshot.period}: commit {snapshot.commit[:12]} of "
        out.print(f"{line}{snapshot.commit_date:%Y-%m-%d}", highlight=False, markup=False)
    out.print(
        f"{len(result.recorded)} snapshots recorded, {len(result.already_stored)} already "
        f"stored; {result.files_analysed} file versions analysed, {result.files_from_cache} "
        f"from the cache, in {result.seconds:.1f}s; store: {store.path}",
        highlight=False,
        markup=False,
    )


@history.command(name="list")
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@_store_option
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@_reports_errors
def list_snapshots(path: Path, store_path: Path | None, debug: bool) -> None:
    """List the snapshots stored for the repository at PATH."""
    from debtscan.periods import period_of

    root = path.resolve()
    with _open_store(root, store_path) as store:
        snapshots = store.snapshots(root.name)
    table = Table(title=f"Snapshots of {root.name}", title_justify="left")
    for column in ("quarter", "commit", "commit date", "taken at", "debtscan", "config"):
        table.add_column(column)
    for row in snapshots.itertuples():
        table.add_row(
            str(period_of(row.commit_date)),
            (row.commit or "(no git)")[:12],
            f"{row.commit_date:%Y-%m-%d}",
            f"{row.taken_at:%Y-%m-%d %H:%M}",
            row.debtscan_version,
            row.config_digest[:8],
        )
    Console().print(table)


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--quarter",
    metavar="YYYYQN",
    help="The quarter to review, e.g. 2026Q3 [default: the newest stored quarter that has ended].",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for review.html and review.md [default: PATH/.debtscan/review].",
)
@_store_option
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@_reports_errors
def review(
    path: Path, quarter: str | None, out_dir: Path | None, store_path: Path | None, debug: bool
) -> None:
    """The quarterly review: a quarter against the previous one, from the history store.

    Writes review.html (printable) and review.md: key figures with their change, trends,
    new and resolved hotspots, risks, modernization, goals and next quarter's targets.
    """
    from debtscan.config import load_config
    from debtscan.periods import parse_period
    from debtscan.review import build_review
    from debtscan.review.render import write_review
    from debtscan.store import STORE_NAME

    if not path.is_dir():
        raise DebtscanError(f"{path}: no such folder")
    root = path.resolve()
    asked = parse_period(quarter) if quarter else None
    existing = store_path or root / ".debtscan" / STORE_NAME
    if not existing.is_file():
        raise DebtscanError(
            f"no history store at {existing}; record snapshots with `debtscan scan` or "
            "`debtscan history backfill` first"
        )
    with _open_store(root, existing) as store:
        result = build_review(store, repository=root.name, config=load_config(root), quarter=asked)
    written = write_review(result, out_dir or root / ".debtscan" / "review")
    console = Console()
    compared = f" against {result.previous.quarter}" if result.previous else ""
    line = f"Review of {result.quarter}{compared} ({result.how_chosen})"
    console.print(line, highlight=False, markup=False)
    for note in result.notes:
        console.print(f"note: {note}", highlight=False, markup=False)
    for file in written:
        console.print(f"wrote {file}", highlight=False, markup=False)


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--at",
    "at",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    help="Rank the repository as of the last commit before this date (UTC).",
)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    help="Count bug fixes up to the last commit before this date [default: HEAD].",
)
@click.option("--since", help="History window of the ranking [default: 12 months].")
@click.option("--include-tests", is_flag=True, help="Rank and count test files too.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), help="Worker processes; 0 = all.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@_reports_errors
def backtest(
    path: Path,
    at: datetime,
    until: datetime | None,
    since: str | None,
    include_tests: bool,
    jobs: int | None,
    as_json: bool,
    debug: bool,
) -> None:
    """Would the ranking at a past date have pointed at the bugs fixed since?

    Ranks the files of PATH as of the last commit before --at (read from git objects),
    then measures debtscan's risk ranking and the baselines against the files that
    bug-fix commits changed afterwards: ROC AUC, precision at 10 and 20, the share of
    bug-fix touches in the top 10 % and 20 % of files, and in the top-ranked files that
    hold 20 % of the lines of code (effort-aware).
    """
    import json

    from debtscan.backtest import backtest_document, run_backtest
    from debtscan.config import load_config

    if not path.is_dir():
        raise DebtscanError(f"{path}: no such folder")
    config = load_config(path.resolve(), {"since": since, "jobs": jobs})
    with _progress(Console(stderr=True)) as progress:
        result = run_backtest(
            path, at=at, until=until, include_tests=include_tests, config=config,
            progress=progress,
        )  # fmt: skip
    if as_json:
        click.echo(json.dumps(backtest_document(result), indent=1))
    else:
        _print_backtest(Console(), result)


def _print_backtest(console: Console, result: Any) -> None:
    console.print(
        f"Ranked {result.repository} at {result.commit[:12]} ({result.commit_date:%Y-%m-%d}); "
        f"{result.bugfix_commits} of {result.commits} commits up to {result.until_date:%Y-%m-%d} "
        f"fix bugs, touching {result.files_fixed} of {result.files} files "
        f"({result.bugfix_touches} touches{'' if result.tests_included else ', tests left out'}).",
        highlight=False,
        markup=False,
    )
    table = Table(title_justify="left")
    for header in ("ranking", "AUC", "P@10", "P@20", "top 10 %", "top 20 %", "20 % LOC"):
        table.add_column(header, justify="left" if header == "ranking" else "right")
    for q in result.rankings:
        auc = "n/a" if q.auc is None else f"{q.auc:.3f}"
        shares = (q.touches_top_10, q.touches_top_20, q.touches_at_20_loc)
        table.add_row(
            q.ranking, auc, f"{q.precision_at_10:.2f}", f"{q.precision_at_20:.2f}",
            *(f"{share:.0%}" for share in shares),
        )  # fmt: skip
    console.print(table)


def _kpi_lines(summary: Any, inactive_months: int) -> list[str]:
    if summary.health_average is None:
        return []
    hours = summary.debt_minutes / 60
    people = ", ".join(summary.truck_factor_people)
    return [
        f"code health {summary.health_average:.1f} of 10 (LOC-weighted); hotspots "
        f"{summary.hotspot_health or 0:.1f}; worst {summary.worst_file} "
        f"({summary.worst_health:.1f})",
        f"debt {hours:,.0f} h = {summary.debt_money:,.0f} {summary.currency}, ratio "
        f"{summary.debt_ratio:.1%} (rating {summary.debt_rating}); interest "
        f"{summary.interest / 60:,.0f} h x changes"
        + (
            f"; refactor first: {', '.join(summary.refactoring_targets[:3])}"
            if summary.refactoring_targets
            else ""
        ),
        f"truck factor {summary.truck_factor}"
        + (f" ({people})" if people else "")
        + f"; {summary.hotspot_truck_factor} for the hotspots",
        f"{len(summary.inactive_people)} people inactive for {inactive_months} months; "
        f"{summary.abandoned_files} files ({summary.abandoned_loc:,} lines of code) "
        "whose authors all left",
    ]


@main.command()
@click.argument("code", required=False)
@click.option(
    "--path",
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
    help="Repository whose own rules (rule-paths) are listed too [default: .].",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@_reports_errors
def rules(code: str | None, path: Path, debug: bool) -> None:
    """List the rules, or print the documentation of rule CODE (e.g. DS101)."""
    from debtscan.catalogue import load_catalogue
    from debtscan.config import load_config
    from debtscan.rulesdoc import describe_rule, rule_table

    root = path.resolve()
    rule_paths = load_config(root).rule_paths if root.is_dir() else ()
    catalogue = load_catalogue(root, rule_paths)
    if code is None:
        wide = Console(width=max(Console().width, 120))  # full rule names in a pipe too
        wide.print(rule_table(catalogue))
        return
    rule = catalogue.rule(code)
    if rule is None:
        raise DebtscanError(f"no rule {code}; `debtscan rules` lists them")
    click.echo(describe_rule(rule, catalogue.docs[rule.code]))


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--select",
    metavar="CODES",
    help="Comma-separated rule codes, code prefixes or categories to fix "
    "[default: every selected rule that `debtscan rules` marks autofix].",
)
@click.option(
    "--apply",
    "apply_fixes",
    is_flag=True,
    help="Write the fixes to the files [default: print them as a unified diff].",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@_reports_errors
def fix(path: Path, select: str | None, apply_fixes: bool, debug: bool) -> None:
    """Rewrite the findings of the rules with a safe automatic fix in the files at PATH
    (LibCST codemods: formatting and comments kept; the code is never run). Without
    --apply, nothing is written: the changes go to stdout as a diff, the summary to stderr."""
    from debtscan.config import load_config
    from debtscan.fixing import fix_repository, unified_diff

    root = _folder(path)
    selectors = [part.strip() for part in (select or "").split(",") if part.strip()]
    run = fix_repository(root, config=load_config(root), select=selectors)
    for done in run.fixes:
        if apply_fixes:
            (root / done.path).write_bytes(done.data)
        else:
            click.echo(unified_diff(done), nl=False)
    for line in run.summary(written=apply_fixes):
        click.echo(line, err=not apply_fixes)


def _progress(console: Console) -> Any:
    from contextlib import nullcontext

    from debtscan.progress import LineProgress, RichProgressDisplay

    if console.is_terminal:
        return RichProgressDisplay(console)
    return nullcontext(LineProgress())


def _print_summary(console: Console, result: Any, written: list[Path]) -> None:
    files = result.files
    table = Table(title=f"Top hotspots of {result.root.name}", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("file", overflow="fold")
    table.add_column("hotspot", justify="right")
    table.add_column("why")
    for row in files.head(10).itertuples():
        table.add_row(str(row.rank), row.path, f"{row.hotspot:.2f}", row.explanation)
    if len(files):
        console.print(table)
    for line in _kpi_lines(result.summary, result.config.scoring.inactive_months):
        console.print(line, highlight=False, markup=False)
    statuses = result.outcome_table["status"].value_counts()
    console.print(
        f"{statuses.get('analyzed', 0)} files analysed, {statuses.get('skipped', 0)} skipped, "
        f"{statuses.get('failed', 0)} failed, in {result.seconds:.1f}s",
        highlight=False,
    )
    for path in written:
        console.print(f"wrote {path}", highlight=False, markup=False)


# --- the quality gate -------------------------------------------------------------------

BASELINE_FILE = ".debtscan-baseline.json"


@main.group()
def baseline() -> None:
    """Record the debt that exists today, so that the gate fails only on new debt."""


@baseline.command("create")
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help=f"Baseline file to write [default: PATH/{BASELINE_FILE}].")  # fmt: skip
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@_reports_errors
def baseline_create(path: Path, output: Path | None, debug: bool) -> None:
    """Write a baseline of PATH's findings, hotspot health and import cycles (commit it)."""
    from debtscan.config import load_config
    from debtscan.gate import baseline_of, write_baseline
    from debtscan.pipeline import scan as run_scan

    config = load_config(_folder(path))
    with _progress(Console(stderr=True)) as progress:
        result = run_scan(path, config=config, progress=progress)
    target = output or result.root / BASELINE_FILE
    recorded = baseline_of(result)
    write_baseline(recorded, target)
    click.echo(f"wrote {target}: {len(recorded.fingerprints)} findings, "
               f"{len(recorded.cycles)} import cycles")  # fmt: skip


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Compare with this baseline file [default: PATH/{BASELINE_FILE} if present].",
)
@click.option(
    "--new-code-since",
    "since_ref",
    metavar="REF",
    help="Compare with the merge base of REF (e.g. origin/main): only what the "
    "changes add can fail.",
)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    help="Lowest severity of a new finding that fails [default: gate.fail-on, medium].",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: also workflow annotations for the new findings.",
)
@click.option("--allow-shallow", is_flag=True, help="Run on a shallow clone anyway.")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@_reports_errors
def check(
    path: Path,
    baseline_path: Path | None,
    since_ref: str | None,
    fail_on: str | None,
    output_format: str,
    allow_shallow: bool,
    debug: bool,
) -> None:
    """Quality gate: exit 1 when PATH has new debt, 0 when it has none (2 on errors)."""
    import dataclasses

    from debtscan.config import load_config
    from debtscan.gate import evaluate

    root = _folder(path)
    config = load_config(root)
    if fail_on:
        config = dataclasses.replace(
            config, gate=dataclasses.replace(config.gate, fail_on=Severity(fail_on))
        )
    _refuse_shallow(root, allow=allow_shallow)
    with _progress(Console(stderr=True)) as progress:
        result, known, judged, compared_with = _gate_inputs(
            path, config, progress, baseline_path=baseline_path, since_ref=since_ref
        )
    verdict = evaluate(known, result, settings=config.gate, compared_with=compared_with,
                       paths=judged)  # fmt: skip
    _print_verdict(verdict, github=output_format == "github")
    sys.exit(0 if verdict.passed else 1)


def _gate_inputs(
    path: Path,
    config: Any,
    progress: Any,
    *,
    baseline_path: Path | None,
    since_ref: str | None,
) -> tuple[Any, Any, set[str] | None, str]:
    """The scan of HEAD, what existed before, which paths are judged, and against what."""
    from debtscan.gate import baseline_of, read_baseline
    from debtscan.gitrepo import changed_paths, merge_base, open_repository
    from debtscan.pipeline import scan as run_scan

    result = run_scan(path, config=config, progress=progress)
    if since_ref is not None:
        repo = open_repository(result.root)
        if repo is None:
            raise DebtscanError(f"{path}: --new-code-since needs a git repository")
        base = merge_base(repo, since_ref)
        changes = changed_paths(repo, base, result.root)
        # Unchanged files have the same blobs as in HEAD's scan: the cache serves them.
        before = run_scan(path, at=base, with_history=False, config=config, progress=progress)
        renamed = {old: new for new, old in changes.items() if old and old != new}
        known = baseline_of(before, renamed=renamed)
        return result, known, set(changes), f"merge base {base[:12]} of {since_ref}"
    baseline_path = baseline_path or result.root / BASELINE_FILE
    return result, read_baseline(baseline_path), None, f"baseline {baseline_path}"


def _print_verdict(verdict: Any, *, github: bool) -> None:
    if github:
        from debtscan.reporting.annotations import workflow_commands

        for line in workflow_commands(verdict.failures):
            click.echo(line)
    for failure in verdict.failures:
        click.echo(f"{failure.path}:{failure.line}: {failure.severity} {failure.kind}: "
                   f"{failure.message}")  # fmt: skip
    if verdict.passed:
        click.echo(f"gate passed: no new debt against {verdict.compared_with} "
                   f"({verdict.new_findings} new findings below the fail-on severity)")  # fmt: skip
    else:
        click.echo(f"gate failed: {len(verdict.failures)} new problem(s) against "
                   f"{verdict.compared_with}")  # fmt: skip


# --- the cache --------------------------------------------------------------------------


@main.group()
def cache() -> None:
    """The analysis and history cache in PATH/.debtscan/ (never committed)."""


@cache.command("clear")
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@_reports_errors
def cache_clear(path: Path, debug: bool) -> None:
    """Delete PATH's cache: the next scan analyses every file and reads all the history."""
    from debtscan.cache import cache_file, clear_cache

    root = _folder(path)
    file = cache_file(root)
    size = file.stat().st_size if file.exists() else 0
    if clear_cache(root):
        click.echo(f"removed {file} ({size / 2**20:.1f} MiB)")
    else:
        click.echo(f"no cache at {file}")


def _folder(path: Path) -> Path:
    if not path.is_dir():
        raise DebtscanError(f"{path}: no such folder")
    return path.resolve()


def _refuse_shallow(root: Path, *, allow: bool) -> None:
    """A shallow clone hides history: stop with the fix, unless told to go on."""
    from debtscan.gitrepo import is_shallow

    if not allow and is_shallow(root):
        raise DebtscanError(
            "shallow clone: history is truncated, so hotspots and new code cannot be judged; "
            "fetch the full history (fetch-depth: 0 in actions/checkout, or git fetch "
            "--unshallow), or pass --allow-shallow"
        )
