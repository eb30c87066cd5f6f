"""Repository rules: the packaging files at the root, read as text and never executed.

``setup.py`` is Python that may do anything when run, so it is only searched with
regular expressions; ``pyproject.toml`` and ``setup.cfg`` are parsed as data.
"""

from __future__ import annotations

import configparser
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import git
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from debtscan.analysis.comments import apply_suppressions, read_suppression
from debtscan.catalogue import RepositoryCheck, RepositoryMatch, Rule, report
from debtscan.gitrepo import open_repository
from debtscan.records import Discovery, FileFindings, Finding

# Python 2 compatibility layers and backports of what Python 3's standard library has.
PY2_PACKAGES = frozenset({
    "six", "future", "mock", "enum34", "futures", "configparser", "subprocess32",
    "unittest2", "pathlib2", "typing", "funcsigs",
})  # fmt: skip
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_COMMENT = re.compile(r"(^|\s)#.*")
_PINNED = re.compile(r"===?|~=|\s@\s")
_CLASSIFIER = re.compile(r"Programming Language :: Python :: 2")
_REQUIRES_PYTHON = re.compile(r"""(?:python_requires|requires-python)\s*=\s*['"]?([^'"\n#]+)""")
_SETUP_REQUIRES = re.compile(r"install_requires\s*=\s*\[(.*?)\]", re.DOTALL)
_QUOTED = re.compile(r"""(['"])(.+?)\1""")


def packaging_files(discovery: Discovery) -> dict[str, str]:
    """The packaging files at the repository root (path -> text), from the working tree
    or, for a scan of a past commit, from that commit's git objects."""
    if not discovery.at_commit or discovery.git is None or discovery.git.head is None:
        root = discovery.root
        paths = [path for path in _candidates(root.iterdir()) if path.is_file()]
        paths.extend(_candidates(sorted((root / "requirements").glob("*.txt"))))
        return {path.relative_to(root).as_posix(): _read(path) for path in paths}
    repo = open_repository(discovery.root)
    head = discovery.git.head
    if repo is None:
        return {}
    try:
        listed = repo.git.ls_tree("--name-only", head, "--", ".", "requirements/").splitlines()
        paths = [path.as_posix() for path in _candidates(map(Path, listed))]
        return {path: repo.git.show(f"{head}:{path}") for path in paths}
    except git.GitCommandError:
        return {}


def _candidates(paths: Iterable[Path]) -> list[Path]:
    names = ("setup.py", "setup.cfg", "pyproject.toml")
    return sorted(
        p for p in paths if p.name in names or (p.suffix == ".txt" and (
            p.name.startswith("requirements") or p.parent.name == "requirements"))
    )  # fmt: skip


def check_repository(texts: Mapping[str, str], rules: Sequence[Rule]) -> tuple[FileFindings, ...]:
    """Findings of the repository rules in the packaging files ``texts`` (path -> text)."""
    checks = {r.match.check: r for r in rules if isinstance(r.match, RepositoryMatch)}
    if not checks:
        return ()
    found: dict[str, list[Finding]] = {}
    for check, rule in checks.items():
        for path, line in _CHECKS[check](texts):
            found.setdefault(path, []).append(report(rule, line))
    results = []
    for path, findings in sorted(found.items()):
        kept, _ = apply_suppressions(findings, _suppressions(texts[path]))
        if kept:
            results.append(FileFindings(path=path, findings=tuple(kept)))
    return tuple(results)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _suppressions(text: str) -> dict[int, frozenset[str]]:
    found = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if "#" in line:
            codes = read_suppression(line[line.index("#") :])
            if codes is not None:
                found[number] = codes
    return found


Located = Iterator[tuple[str, int]]  # (path, line)
Texts = Mapping[str, str]


def _setup_py_alone(texts: Texts) -> Located:
    if "setup.py" in texts and "pyproject.toml" not in texts:
        yield "setup.py", 1


def _requirement_lines(texts: Texts) -> Iterator[tuple[str, int, str]]:
    """(file, line, requirement) of every requirement in requirements files."""
    for name, text in texts.items():
        if not name.endswith(".txt"):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            requirement = _COMMENT.sub("", line).strip().rstrip("\\").strip()
            if _NAME.match(requirement) and not requirement.startswith("-"):
                yield name, number, requirement


def _unpinned(texts: Texts) -> Located:
    for name, line, requirement in _requirement_lines(texts):
        if "://" not in requirement and not _PINNED.search(requirement):
            yield name, line


def _python2_requirements(texts: Texts) -> Located:
    for name, line, requirement in _all_requirements(texts):
        match = _NAME.match(requirement)
        package = match[1].lower().replace("_", "-") if match else ""
        if package in PY2_PACKAGES or package.startswith(("backports.", "backports-")):
            yield name, line


def _all_requirements(texts: Texts) -> Iterator[tuple[str, int, str]]:
    yield from _requirement_lines(texts)
    if "pyproject.toml" in texts:
        try:
            project = tomllib.loads(texts["pyproject.toml"]).get("project", {})
        except tomllib.TOMLDecodeError:
            project = {}
        extras = project.get("optional-dependencies", {})
        listed = [*project.get("dependencies", []), *(d for ds in extras.values() for d in ds)]
        yield from _located("pyproject.toml", texts["pyproject.toml"], listed)
    if "setup.cfg" in texts:
        yield from _located("setup.cfg", texts["setup.cfg"], _setup_cfg_requirements(texts))
    if "setup.py" in texts:
        text = texts["setup.py"]
        for block in _SETUP_REQUIRES.finditer(text):
            for quoted in _QUOTED.finditer(block[1]):
                line = text.count("\n", 0, block.start(1) + quoted.start()) + 1
                yield "setup.py", line, quoted[2]


def _setup_cfg_requirements(texts: Texts) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(texts["setup.cfg"])
    except configparser.Error:
        return []
    lines = parser.get("options", "install_requires", fallback="").splitlines()
    if parser.has_section("options.extras_require"):
        for _, value in parser.items("options.extras_require"):
            lines.extend(value.splitlines())
    return [line.strip() for line in lines if line.strip()]


def _located(name: str, text: str, requirements: list[str]) -> Iterator[tuple[str, int, str]]:
    lines = text.splitlines()
    for requirement in requirements:
        number = next((i for i, line in enumerate(lines, 1) if requirement in line), 1)
        yield name, number, requirement


def _python2_classifiers(texts: Texts) -> Located:
    for name in ("setup.py", "setup.cfg", "pyproject.toml"):
        for number, line in enumerate(texts.get(name, "").splitlines(), start=1):
            if _CLASSIFIER.search(line):
                yield name, number
            spec = _REQUIRES_PYTHON.search(line)
            if spec is not None and _admits_python2(spec[1]):
                yield name, number


def _admits_python2(spec: str) -> bool:
    """Whether a requires-python specifier lets Python 2.7 install the package."""
    try:
        return SpecifierSet(spec.strip().strip(",")).contains("2.7")
    except InvalidSpecifier:
        return False


_CHECKS = {
    RepositoryCheck.SETUP_PY_WITHOUT_PYPROJECT: _setup_py_alone,
    RepositoryCheck.UNPINNED_REQUIREMENTS: _unpinned,
    RepositoryCheck.PYTHON2_REQUIREMENTS: _python2_requirements,
    RepositoryCheck.PYTHON2_CLASSIFIERS: _python2_classifiers,
}
