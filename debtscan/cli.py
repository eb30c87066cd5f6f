"""The command line: ``debtscan scan`` and friends.

Exit codes: 0 done, 1 a quality gate failed, 2 a usage, configuration or git error
(one clear line; ``--debug`` shows the traceback).
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from debtscan import __version__
from debtscan.errors import DebtscanError

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="debtscan")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
def main(debug: bool) -> None:
    """Find where a Python code base carries the debt that costs: hotspots, legacy code."""


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
    help="Comma-separated outputs: html (index.html), json (scan.json), md (summary.md).",
)
@click.option(
    "--plotly-js",
    "plotly_js_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write plotly.js once into this folder and load it from there (for many reports "
    "side by side) instead of inlining it in index.html.",
)
@click.option(
    "--no-cache", is_flag=True, help="Analyse every file again; do not read or write the cache."
)
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
    no_cache: bool,
    debug: bool,
) -> None:
    """Scan the repository at PATH and write an HTML report and scan.json."""
    from debtscan.config import load_config
    from debtscan.pipeline import scan as run_scan
    from debtscan.reporting import write_reports

    if not path.is_dir():
        raise DebtscanError(f"{path}: no such folder")
    overrides = {"since": since, "jobs": jobs, "cache": False if no_cache else None}
    config = load_config(path.resolve(), overrides)
    console = Console(stderr=True)
    with _progress(console) as progress:
        result = run_scan(path, at=at, config=config, progress=progress)
    out_dir = out_dir or result.root / ".debtscan" / "report"
    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    written = write_reports(result, out_dir, chosen, plotly_js_dir=plotly_js_dir)
    _print_summary(Console(), result, written)


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
    statuses = result.outcome_table["status"].value_counts()
    console.print(
        f"{statuses.get('analyzed', 0)} files analysed, {statuses.get('skipped', 0)} skipped, "
        f"{statuses.get('failed', 0)} failed, in {result.seconds:.1f}s",
        highlight=False,
    )
    for path in written:
        console.print(f"wrote {path}", highlight=False, markup=False)
