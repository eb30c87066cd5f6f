"""Tune the risk weights on backtests of real repositories, offline.

    python benchmarks/risk_tuning.py collect REPO... [--years 1 2 3 4] [--cache DIR]
    python benchmarks/risk_tuning.py table [--weights 4,1,1,0,1,0] [--exponent 0.125]
    python benchmarks/risk_tuning.py search [--levels 0,1,2,4] [--exponents 0.1,0.125]

Each also takes ``--cache DIR`` (where the backtests are kept) and ``table`` and ``search``
take ``--years N...`` (only the dates N years before the newest commit; all by default).

``collect`` runs ``debtscan backtest`` once per (repository, ranking date): the date is
N years before the repository's newest commit, labelled with the bug fixes of the 12
months that follow it. It keeps the scan's scored file frame (every column the risk parts
are computed from) and the bug-fix touches in a JSON file under ``--cache``, so a later
run costs nothing. ``table`` and ``search`` read those files only: a weight vector is
evaluated in milliseconds with debtscan's own parts (scoring/risk.py) and measures
(scoring/backtest.py), and the baselines are the ones ``debtscan backtest`` prints.

Every figure is averaged over a repository's dates, then over the repositories, so that
a repository with more dates does not count more. The goal (issue 5) is that the risk
beats every baseline on both averages: ROC AUC and the effort-aware figure (touches at
20 % LOC).

``search`` scans a grid of the six weights (the order of ``RiskPart``; "0,1,2,4" for
every part, or one list per part: "2,3,4/1,2/1,2/0,1/1,2/0,1") and the effort exponents,
orders the settings by the goal (the smaller of the two margins over the best baseline's
average), by how many repository-measures they win or by their worst margin, and checks
generality by leave-one-repository-out: choose on all but one, evaluate the held-out one;
the held-out figures, averaged as above, are what the choice would score on a repository
it never saw. The grid is a choice too: a large one overfits, a small round one (the
default weights' neighbourhood) says more.

The defaults were chosen so, on 12 repositories ranked 1 to 8 years before their newest
commit (``collect /work/scratch/REPO --years 1 2 3 4 5 6 7 8``), by
``search --levels 2,3,4/1,2/1,2/0,1/1,2/0,1 --exponents 0.1,0.125,0.15`` over all dates
and over ``--years 1 2 3 4``, and checked with ``table --cache DIR`` on four repositories
left out of the choice (pip, mypy, aiohttp, marshmallow, collected into their own
``--cache``). A backtest of a small repository takes seconds, of sphinx twenty; run
``collect`` niced, the machine is shared (it scans with --jobs 1).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from debtscan.backtest import RISK_RANKING, run_backtest
from debtscan.config import RiskWeights, ScoringConfig, load_config
from debtscan.gitrepo import open_repository
from debtscan.scoring.backtest import baseline_scores, captured, roc_auc
from debtscan.scoring.risk import RiskPart, effort_factor, risk_parts, risk_scores

CACHE = Path("/tmp/debtscan-risk-tuning")
BASELINES = ["lines of code", "commits", "bugspots", "cyclomatic", "LOC x commits"]
PARTS = [str(part) for part in RiskPart]
YEAR = timedelta(days=365)

# --- collect ------------------------------------------------------------------------------


def ranking_dates(root: Path, years: Iterable[int]) -> list[tuple[datetime, datetime]]:
    """(date, date + 1 year) for each N in ``years``: N years before the newest commit."""
    repo = open_repository(root)
    assert repo is not None, f"{root} is not a git repository"
    newest = datetime.fromtimestamp(repo.head.commit.committed_date, tz=UTC)
    return [(newest - n * YEAR, newest - n * YEAR + YEAR) for n in years]


def collect(root: Path, years: Iterable[int], cache: Path) -> None:
    """One backtest per ranking date, each kept as ``cache/REPO-YYYY-MM-DD.json``."""
    cache.mkdir(parents=True, exist_ok=True)
    config = load_config(root, {"jobs": 1})
    for at, until in ranking_dates(root, years):
        target = cache / f"{root.name}-{at:%Y-%m-%d}.json"
        if target.exists():
            continue
        clock = time.perf_counter()
        try:
            result = run_backtest(root, at=at, until=until, config=config)
        except Exception as error:  # a date before the first commit, say: go on
            print(f"{root.name} {at:%Y-%m-%d}: {error}", file=sys.stderr)
            continue
        files = result.scored.select_dtypes(include=["number", "bool"])
        files.insert(0, "path", result.scored["path"])
        touches = result.frame.set_index("path")["touches"]
        files["ranked"] = files["path"].isin(touches.index)  # tests are not
        files["touches"] = files["path"].map(touches).fillna(0).astype(int)
        document = {
            "repository": root.name,
            "at": f"{at:%Y-%m-%d}",
            "until": f"{until:%Y-%m-%d}",
            "commit": result.commit,
            "files_fixed": result.files_fixed,
            "bugfix_touches": result.bugfix_touches,
            "rankings": [dataclasses.asdict(q) for q in result.rankings],
            "files": json.loads(files.to_json(orient="split", index=False)),
        }
        target.write_text(json.dumps(document))
        seconds = time.perf_counter() - clock
        print(f"{root.name} {at:%Y-%m-%d}: {len(files)} files, {result.files_fixed} fixed, "
              f"{seconds:.0f} s", flush=True)  # fmt: skip


# --- evaluate -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class Sample:
    """One (repository, date): the parts of its files, their LOC and touches."""

    repository: str
    at: str
    years: int  # the date is this many years before the newest commit
    files: pd.DataFrame
    parts: pd.DataFrame
    baselines: dict[str, tuple[float, float]]  # ranking -> (AUC, touches at 20 % LOC)


def load_samples(
    cache: Path, years: Iterable[int] | None = None, min_fixed: int = 5
) -> list[Sample]:
    """The collected backtests with at least ``min_fixed`` fixed files (fewer say little),
    those N years before the newest commit for N in ``years`` (all by default)."""
    documents = [json.loads(path.read_text()) for path in sorted(cache.glob("*-*-*-*.json"))]
    # The latest labelling window of a repository ends at its newest commit (N = 1).
    newest: dict[str, date] = {}
    for document in documents:
        until = date.fromisoformat(document["until"])
        newest[document["repository"]] = max(until, newest.get(document["repository"], until))
    wanted = set(years) if years is not None else None
    samples = []
    for document in documents:
        span = newest[document["repository"]] - date.fromisoformat(document["until"])
        n = 1 + round(span.days / 365)
        if wanted is not None and n not in wanted:
            continue
        split = document["files"]
        every = pd.DataFrame(split["data"], columns=split["columns"])
        # The parts are percentiles over every file scanned, as in a scan; the measures
        # are over the files ranked (tests left out), as in ``debtscan backtest``.
        parts = risk_parts(every)[every["ranked"]].reset_index(drop=True)
        files = every[every["ranked"]].reset_index(drop=True)
        if int((files["touches"] > 0).sum()) < min_fixed or (files["touches"] > 0).all():
            continue
        baselines = {
            name: measures(scores, files) for name, scores in baseline_scores(files).items()
        }
        samples.append(Sample(repository=document["repository"], at=document["at"], years=n,
                              files=files, parts=parts, baselines=baselines))  # fmt: skip
    return samples


def measures(scores: pd.Series, files: pd.DataFrame) -> tuple[float, float]:
    """(ROC AUC, share of touches at 20 % LOC) by debtscan's measure functions."""
    touches, loc = files["touches"], files["sloc"]
    fixed = (touches > 0).astype(float)
    auc = roc_auc(scores, fixed)
    effort = captured(scores, touches, loc, 0.2 * float(loc.sum())) / float(touches.sum())
    return float(auc if auc is not None else 0.5), effort


def risk_of(sample: Sample, weights: Sequence[float], exponent: float) -> pd.Series:
    """The risk debtscan would rank by with these weights and this effort exponent."""
    effort = effort_factor(sample.files["sloc"], exponent)
    named = RiskWeights(**dict(zip(PARTS, weights, strict=True)))
    return risk_scores(sample.parts, named, effort)["risk"]


def evaluate(samples: Sequence[Sample], weights: Sequence[float], exponent: float) -> pd.DataFrame:
    """Per sample: AUC and effort-aware figure of the risk and of every baseline."""
    rows = []
    for sample in samples:
        auc, effort = measures(risk_of(sample, weights, exponent), sample.files)
        rows.append({"repository": sample.repository, "at": sample.at,
                     "ranking": RISK_RANKING, "auc": auc, "effort": effort})  # fmt: skip
        for name, (auc, effort) in sample.baselines.items():
            rows.append({"repository": sample.repository, "at": sample.at, "ranking": name,
                         "auc": auc, "effort": effort})  # fmt: skip
    return pd.DataFrame(rows)


def per_repository(results: pd.DataFrame) -> pd.DataFrame:
    """Averages over the dates: one row per repository, columns (measure, ranking)."""
    means = results.groupby(["repository", "ranking"])[["auc", "effort"]].mean()
    return means.unstack("ranking")


def margins(results: pd.DataFrame) -> pd.DataFrame:
    """Per repository: the risk's average minus the best baseline's, for AUC and effort."""
    table = per_repository(results)
    out = pd.DataFrame(index=table.index)
    for measure in ("auc", "effort"):
        best = table[measure][BASELINES].max(axis=1)
        out[measure] = table[measure][RISK_RANKING] - best
    return out


# --- search -------------------------------------------------------------------------------


class QuickScorer:
    """The averages of a setting on every repository, with what does not depend on the
    setting prepared once: parts as arrays, effort factors, labels, baseline averages."""

    def __init__(self, samples: Sequence[Sample], exponents: Iterable[float]) -> None:
        self.samples = list(samples)
        self.repositories = sorted({s.repository for s in samples})
        self.repository_of = np.array([self.repositories.index(s.repository) for s in samples])
        self.counts = np.bincount(self.repository_of, minlength=len(self.repositories))
        self.parts = [s.parts[PARTS].to_numpy() for s in samples]
        self.effort = {e: [effort_factor(s.files["sloc"], e).to_numpy() for s in samples]
                       for e in exponents}  # fmt: skip
        self.fixed = [(s.files["touches"] > 0).astype(float) for s in samples]
        self.budget = [0.2 * float(s.files["sloc"].sum()) for s in samples]
        per_sample = np.array([[s.baselines[b] for b in BASELINES] for s in samples])
        # (baselines, repositories, 2): each baseline's averages per repository and measure
        self.baselines = np.stack([self._average(per_sample[:, i, :])
                                   for i in range(len(BASELINES))])  # fmt: skip

    def _average(self, values: np.ndarray) -> np.ndarray:
        """Per repository, the mean over its dates of (n, 2) values."""
        size, groups = len(self.repositories), self.repository_of
        sums = [np.bincount(groups, weights=values[:, k], minlength=size) for k in (0, 1)]
        return np.stack(sums, axis=1) / self.counts[:, None]

    def risk(self, i: int, weights: Sequence[float], exponent: float) -> pd.Series:
        """``risk_of`` sample i in numpy: the same products, roundings and sums as
        ``risk_scores`` (``check`` compares them)."""
        share = np.asarray(weights, dtype=float) / float(sum(weights))
        contributions = np.round(self.parts[i] * share * self.effort[exponent][i][:, None], 4)
        return pd.Series(np.round(contributions.sum(axis=1), 4), index=self.samples[i].files.index)

    def check(self, settings: Iterable[tuple[Sequence[float], float]]) -> None:
        """The numpy risk equals debtscan's on every sample, for these settings."""
        for weights, exponent in settings:
            for i, sample in enumerate(self.samples):
                exact = risk_of(sample, weights, exponent)
                assert (exact - self.risk(i, weights, exponent)).abs().max() < 1e-9, sample.at

    def averages(self, weights: Sequence[float], exponent: float) -> np.ndarray:
        """(repositories, 2): average AUC and effort-aware figure of the risk, by
        debtscan's measure functions."""
        values = np.empty((len(self.samples), 2))
        for i, sample in enumerate(self.samples):
            risk, files = self.risk(i, weights, exponent), sample.files
            auc = roc_auc(risk, self.fixed[i])
            caught = captured(risk, files["touches"], files["sloc"], self.budget[i])
            values[i] = (0.5 if auc is None else auc, caught / float(files["touches"].sum()))
        return self._average(values)


def grid(levels: Sequence[Sequence[float]]) -> list[tuple[float, ...]]:
    """Weight vectors over the ``levels`` of each part, one per direction (no multiples
    of another)."""
    seen, vectors = set(), []
    for vector in itertools.product(*levels):
        if not any(vector):
            continue
        unit = tuple(round(w / max(vector), 4) for w in vector)
        if unit not in seen:
            seen.add(unit)
            vectors.append(vector)
    return vectors


@dataclasses.dataclass(frozen=True, kw_only=True)
class SearchResult:
    settings: list[tuple[tuple[float, ...], float]]  # (weights, exponent)
    averages: np.ndarray  # (settings, repositories, 2): the risk's, per measure
    baselines: np.ndarray  # (baselines, repositories, 2): each baseline's
    repositories: list[str]

    def margins(self, keep: Sequence[int]) -> np.ndarray:
        """(settings, repositories kept, 2): the risk's averages minus the best baseline's
        of each repository."""
        keep = list(keep)
        return self.averages[:, keep, :] - self.baselines[:, keep, :].max(axis=0)

    def goal(self, keep: Sequence[int]) -> np.ndarray:
        """(settings,): over the repositories ``keep``, the smaller of the two margins of
        the risk's mean over the best baseline's mean; above 0 meets the goal."""
        keep = list(keep)
        best = self.baselines[:, keep, :].mean(axis=1).max(axis=0)  # (2,)
        return (self.averages[:, keep, :].mean(axis=1) - best).min(axis=1)


def search(scorer: QuickScorer, settings: Sequence[tuple[tuple[float, ...], float]]
           ) -> SearchResult:  # fmt: skip
    """The averages of every setting on every repository."""
    clock = time.perf_counter()
    out = np.empty((len(settings), len(scorer.repositories), 2))
    for number, (weights, exponent) in enumerate(settings):
        out[number] = scorer.averages(weights, exponent)
        if (number + 1) % 500 == 0:
            print(f"  {number + 1}/{len(settings)} settings, {time.perf_counter() - clock:.0f} s",
                  file=sys.stderr, flush=True)  # fmt: skip
    return SearchResult(settings=list(settings), averages=out, baselines=scorer.baselines,
                        repositories=scorer.repositories)  # fmt: skip


# How settings are ordered, best first: by the goal (the smaller margin of the means over
# the best baseline's), by the worst margin over the repository-measures (it loses least
# where it loses), or by how many repository-measures it wins.
ORDERS = {"goal": ["goal", "won", "worst"], "worst": ["worst", "won", "goal"],
          "won": ["won", "goal", "worst"]}  # fmt: skip


def rank_settings(
    result: SearchResult, keep: Sequence[int] | None = None, order: str = "goal"
) -> pd.DataFrame:
    """Settings ordered by ``ORDERS[order]`` over the repositories ``keep`` (indexes; all
    by default), best first: ``goal`` is ``SearchResult.goal``, ``won`` counts the
    (repository, measure) pairs where the risk's average beats the best baseline's and
    ``worst`` is the smallest of those margins."""
    keep = range(len(result.repositories)) if keep is None else keep
    flat = result.margins(keep).reshape(len(result.settings), -1)
    table = pd.DataFrame({
        "weights": [w for w, _ in result.settings],
        "exponent": [e for _, e in result.settings],
        "goal": result.goal(keep),
        "won": (flat > 0).sum(axis=1),
        "worst": flat.min(axis=1),
    })  # fmt: skip
    return table.sort_values(ORDERS[order], ascending=False)


def leave_one_out(result: SearchResult, order: str = "goal") -> pd.DataFrame:
    """For each repository: the best setting on the others, and its averages on this one
    with the best baseline's."""
    rows = []
    everything = range(len(result.repositories))
    for held, repository in enumerate(result.repositories):
        best = rank_settings(result, [i for i in everything if i != held], order).index[0]
        weights, exponent = result.settings[best]
        auc, effort = result.averages[best, held]
        best_auc, best_effort = result.baselines[:, held, :].max(axis=0)
        rows.append({"held out": repository, "weights": weights, "exponent": exponent,
                     "auc": auc, "best auc": best_auc,
                     "effort": effort, "best effort": best_effort})  # fmt: skip
    return pd.DataFrame(rows)


def print_leave_one_out(result: SearchResult, order: str) -> None:
    """The held-out table, and its means against every baseline's: what the way of
    choosing scores on repositories it did not see."""
    held = leave_one_out(result, order)
    print(held.round(3).to_string(index=False))
    means = {"held-out risk": (held["auc"].mean(), held["effort"].mean())}
    means |= {name: tuple(result.baselines[i].mean(axis=0)) for i, name in enumerate(BASELINES)}
    print(pd.DataFrame(means, index=["auc", "effort"]).T.round(4).to_string())
    wins = (held["auc"] > held["best auc"]).sum(), (held["effort"] > held["best effort"]).sum()
    print(f"held out, beats the repository's best baseline: AUC in {wins[0]}, "
          f"effort in {wins[1]} of {len(held)}")  # fmt: skip


# --- print --------------------------------------------------------------------------------


def print_table(results: pd.DataFrame) -> None:
    """Per repository and date, then averaged: AUC and effort-aware of every ranking."""
    order = [RISK_RANKING, *BASELINES]
    short = {RISK_RANKING: "risk", "lines of code": "loc", "commits": "commits",
             "bugspots": "bugspots", "cyclomatic": "cyclo", "LOC x commits": "locxc"}  # fmt: skip
    for measure in ("auc", "effort"):
        wide = results.pivot_table(index=["repository", "at"], columns="ranking", values=measure)
        wide = wide[order].rename(columns=short)
        print(f"\n== {measure} per repository and date")
        print(wide.round(3).to_string())
        averaged = per_repository(results)[measure][order].rename(columns=short)
        averaged["best baseline"] = averaged[[short[b] for b in BASELINES]].max(axis=1)
        averaged["risk wins"] = averaged["risk"] > averaged["best baseline"]
        print(f"\n== {measure} averaged over the dates")
        print(averaged.round(3).to_string())
        print(averaged.drop(columns="risk wins").mean().round(3).to_string())
    means = per_repository(results).mean()
    print()
    for measure in ("auc", "effort"):
        best = max(BASELINES, key=lambda b: means[(measure, b)])
        risk, baseline = means[(measure, RISK_RANKING)], means[(measure, best)]
        verdict = "beats" if risk > baseline else "does not beat"
        print(f"mean {measure}: the risk ({risk:.4f}) {verdict} every baseline "
              f"(best: {best}, {baseline:.4f})")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["collect", "table", "search"])
    parser.add_argument("repositories", nargs="*", type=Path)
    parser.add_argument("--years", nargs="+", type=int, default=None)
    parser.add_argument("--cache", type=Path, default=CACHE)
    defaults = ScoringConfig()
    parser.add_argument("--weights", default=",".join(
        str(getattr(defaults.risk_weights, part)) for part in PARTS))  # fmt: skip
    parser.add_argument("--exponent", type=float, default=defaults.effort_exponent)
    parser.add_argument("--levels", default="0,1,2,4")
    parser.add_argument("--exponents", default="0,0.05,0.1,0.2")
    args = parser.parse_args(argv)
    if args.command == "collect":
        for root in args.repositories:
            collect(root.resolve(), args.years or [1, 2, 3, 4], args.cache)
        return
    samples = load_samples(args.cache, args.years)
    print(f"{len(samples)} backtests of {len({s.repository for s in samples})} repositories")
    if args.command == "table":
        weights = [float(w) for w in args.weights.split(",")]
        results = evaluate(samples, weights, args.exponent)
        print(f"weights {dict(zip(PARTS, weights, strict=True))}, exponent {args.exponent}")
        print_table(results)
        print("\nmargins (risk - best baseline), averaged over the dates")
        print(margins(results).round(3).to_string())
        return
    # "0,1,3" for every part, or one list per part: "0,1,2,4/0,1,2,4/0,1/0,1/0,1/0,1"
    lists = [[float(level) for level in part.split(",")] for part in args.levels.split("/")]
    levels = lists * len(PARTS) if len(lists) == 1 else lists
    exponents = [float(e) for e in args.exponents.split(",")]
    scorer = QuickScorer(samples, exponents)
    settings = [(w, e) for w in grid(levels) for e in exponents]
    scorer.check(settings[:: max(1, len(settings) // 20)])
    result = search(scorer, settings)
    saved = {"repositories": result.repositories, "settings": result.settings,
             "averages": result.averages.round(5).tolist(),
             "baselines": result.baselines.round(5).tolist()}  # fmt: skip
    (args.cache / "search.json").write_text(json.dumps(saved))
    repositories = result.repositories
    print(f"{len(settings)} settings; {2 * len(repositories)} repository-measures to win")
    for order in ORDERS:
        print(f"\nbest settings by {', '.join(ORDERS[order])}")
        print(rank_settings(result, order=order).head(12).round(4).to_string())
        print(f"\nleave one repository out, settings chosen by {order}")
        print_leave_one_out(result, order)


if __name__ == "__main__":
    main()
