"""Function-level hotspots: changed lines mapped onto the functions of each version."""

from __future__ import annotations

from debtscan.config import Config, ScoringConfig
from debtscan.pipeline import scan
from tests.gitbuilder import RepoBuilder, complex_module, iso
from tests.stage_summaries import StageSummaries


def module(f_body: str, g_body: str, *, header: str = "") -> str:
    return (
        header
        + f"def f(value):\n    if value:\n        return {f_body}\n    return 0\n\n\n"
        + f"def g(value):\n    def inner():\n        return {g_body}\n    return inner()\n"
    )


HEADER = "def h():\n" + "".join(f"    x{n} = {n}\n" for n in range(10)) + "    return x0\n\n\n"


def test_changes_land_on_the_functions_of_each_version(builder: RepoBuilder) -> None:
    builder.commit("create", files={"m.py": module("1", "1")}, date=iso(2024, 1))
    builder.commit("edit f", files={"m.py": module("2", "1")}, date=iso(2024, 2))
    # h is added above f and g: both move down 14 lines; only inner (in g) changes.
    builder.commit("add h, edit g", files={"m.py": module("2", "2", header=HEADER)},
                   date=iso(2024, 3))  # fmt: skip
    # f at its new place: counted for f, not for what was at its old lines.
    builder.commit("edit f again", files={"m.py": module("3", "2", header=HEADER)},
                   date=iso(2024, 4))  # fmt: skip
    builder.commit("other", files={"other.py": "def o():\n    return 1\n"}, date=iso(2024, 5))
    config = Config(cache=False, scoring=ScoringConfig(function_hotspot_files=1))
    functions = scan(builder.path, config=config).functions
    counts = functions.set_index(["path", "qualified_name"])["revisions"]
    # The creation touches every function once; nested changes count for the innermost.
    assert counts[("m.py", "f")] == 3
    assert counts[("m.py", "g")] == 1
    assert counts[("m.py", "g.inner")] == 2
    assert counts[("m.py", "h")] == 1
    # Only the top hotspot file was looked at.
    assert counts.isna()[("other.py", "o")]


def test_past_versions_are_read_once_then_from_the_cache(builder: RepoBuilder) -> None:
    builder.commit("create", files={"m.py": module("1", "1")}, date=iso(2024, 1))
    builder.commit("edit f", files={"m.py": module("2", "1")}, date=iso(2024, 2))
    builder.commit("edit g", files={"m.py": module("2", "2")}, date=iso(2024, 3))
    config = Config(scoring=ScoringConfig(function_hotspot_files=1))
    first, second = StageSummaries(), StageSummaries()
    cold = scan(builder.path, config=config, progress=first).functions
    warm = scan(builder.path, config=config, progress=second).functions
    assert first.summaries["function history"] == "3 versions of 1 files (0 from cache)"
    assert second.summaries["function history"] == "3 versions of 1 files (3 from cache)"
    assert cold["revisions"].tolist() == warm["revisions"].tolist()
    counts = warm.set_index("qualified_name")["revisions"]
    assert (counts["f"], counts["g"], counts["g.inner"]) == (2, 1, 2)


def test_no_history_no_function_changes(tmp_path) -> None:
    (tmp_path / "a.py").write_text(complex_module(3))
    functions = scan(tmp_path, config=Config(cache=False)).functions
    assert functions["revisions"].isna().all()


def test_a_file_name_git_quotes_is_followed(builder: RepoBuilder) -> None:
    # git writes "caf\303\251.py" (quoted, octal UTF-8) in diffs and raw lines.
    name = "caf\u00e9.py"
    builder.commit("create", files={name: module("1", "1")}, date=iso(2024, 1))
    builder.commit("edit f", files={name: module("2", "1")}, date=iso(2024, 2))
    config = Config(cache=False, scoring=ScoringConfig(function_hotspot_files=1))
    counts = scan(builder.path, config=config).functions.set_index("qualified_name")["revisions"]
    assert (counts["f"], counts["g"], counts["g.inner"]) == (2, 1, 1)
