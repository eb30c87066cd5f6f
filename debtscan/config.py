"""The one frozen configuration object, read from the scanned repository and the flags.

Sources, later ones winning: defaults, ``[tool.debtscan]`` in the repository's
``pyproject.toml`` (or the top level of ``debtscan.toml``), command-line flags.
Keys are kebab-case in TOML (``max-file-bytes``) and snake_case here.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

from debtscan.errors import ConfigError
from debtscan.records import Severity

# A commit message that mentions a fix, a bug or an issue-tracker key (JIRA-123, #123 in
# "fixes #123"). Case-insensitive. After the bugspots and SZZ literature: messages are
# the only signal available without an issue tracker.
DEFAULT_BUGFIX_PATTERN = (
    r"\b(fix(e[sd])?|bug(s|fix)?|hotfix|patch(ed)?|defect|regression|crash(es)?|"
    r"resolve[sd]?\s+#\d+|closes?\s+#\d+)\b"
)


class ContractKind(StrEnum):
    LAYERS = "layers"  # each layer may import the layers below it, never those above
    FORBIDDEN = "forbidden"  # the source modules may not import the forbidden modules


@dataclass(frozen=True, kw_only=True)
class Contract:
    """An import contract, in the spirit of import-linter's layers and forbidden contracts.

    Module names cover their submodules. ``layers`` run from the highest to the lowest;
    a layer written ``"a | b"`` holds siblings that may not import each other either.
    With ``containers``, each layer name is taken inside each container package.
    """

    name: str
    kind: ContractKind
    layers: tuple[tuple[str, ...], ...] = ()
    containers: tuple[str, ...] = ()
    source_modules: tuple[str, ...] = ()
    forbidden_modules: tuple[str, ...] = ()
    exclude_type_checking_imports: bool = False


@dataclass(frozen=True, kw_only=True)
class CouplingSettings:
    """Change coupling (code-maat's defaults): pairs kept from these figures on."""

    min_revisions: int = 5  # average revisions of the two files
    min_shared: int = 5  # commits that changed both
    min_degree: int = 30  # percent


def _read_contracts(value: Any, name: str) -> tuple[Contract, ...]:
    """``[[tool.debtscan.architecture.contracts]]``: import-linter's keys, kebab-case."""
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        raise ConfigError(f"{name} must be a list of tables ([[{name}]])")
    return tuple(_read_contract(number, table) for number, table in enumerate(value, 1))


@dataclass(frozen=True, kw_only=True)
class ArchitectureSettings:
    """``[tool.debtscan.architecture]``: components, import contracts, change coupling.

    ``components`` maps a component name to a regex searched in repository paths; the
    first match wins (code-maat's ``-g``). Other files belong to their package, cut to
    ``component-depth`` parts of the module name when that is above 0.
    """

    components: Mapping[str, str] = field(default_factory=dict)
    component_depth: int = 0
    contracts: tuple[Contract, ...] = field(default=(), metadata={"read": _read_contracts})
    coupling: CouplingSettings = field(default_factory=CouplingSettings)

    def __post_init__(self) -> None:
        for component, pattern in self.components.items():
            if not isinstance(pattern, str):
                raise ConfigError(f"architecture.components.{component} must be a regex string")
            try:
                re.compile(pattern)
            except re.error as error:
                raise ConfigError(
                    f"architecture.components.{component}: {pattern!r} is not a valid regex: "
                    f"{error}"
                ) from None
        negative = [
            name
            for name, value in [("component-depth", self.component_depth),
                                *((f"coupling.{_kebab(f.name)}", getattr(self.coupling, f.name))
                                  for f in dataclasses.fields(self.coupling))]
            if value < 0
        ]  # fmt: skip
        if negative:
            raise ConfigError(f"architecture: {', '.join(negative)} must not be negative")


# The thresholds of the code-health metrics and their defaults: Code Climate's
# maintainability checks (argument-count 4, complex-logic 4, file-lines 250,
# method-complexity 5, method-lines 25, nested-control-flow 4, return-statements 4),
# SonarQube's cognitive complexity 15, CodeScene's bumpy road (more than 2 nested chunks),
# and class sizes after PMD's GodClass/TooManyMethods defaults.
THRESHOLD_DEFAULTS: Mapping[str, int] = {
    "method-lines": 25,
    "method-complexity": 5,
    "cognitive-complexity": 15,
    "argument-count": 4,
    "nested-control-flow": 4,
    "complex-logic": 4,
    "bumpy-road": 2,
    "return-statements": 4,
    "file-lines": 250,
    "class-methods": 20,
    "class-lines": 400,
}
_VERSION = re.compile(r"^3\.\d{1,2}$")


@dataclass(frozen=True, kw_only=True)
class GateSettings:
    """``[tool.debtscan.gate]``: what makes ``debtscan check`` fail. Only new debt counts."""

    fail_on: Severity = Severity.MEDIUM  # new findings at or above this severity fail
    health_decline: bool = True  # a hotspot whose code health went down fails
    hotspots: int = 20  # the files ranked 1..N by hotspot score are the hotspots here
    new_cycles: bool = True  # a new import cycle fails


class GoalKind(StrEnum):
    """What the quarterly review checks for the files a goal names."""

    SUPERVISE = "supervise"  # must not get worse
    PLANNED_REFACTORING = "planned-refactoring"  # must improve


@dataclass(frozen=True, kw_only=True)
class Goal:
    """One goal: a file, a folder or an fnmatch pattern (as in ``exclude``), or the name
    of a component."""

    kind: GoalKind
    target: str


@dataclass(frozen=True, kw_only=True)
class Goals:
    """``[tool.debtscan.goals]``: what the quarterly review holds the code to."""

    supervise: tuple[str, ...] = ()
    planned_refactoring: tuple[str, ...] = ()

    def listed(self) -> tuple[Goal, ...]:
        """Every goal, supervised ones first, each in its order in the configuration."""
        return tuple(
            [Goal(kind=GoalKind.SUPERVISE, target=t) for t in self.supervise]
            + [Goal(kind=GoalKind.PLANNED_REFACTORING, target=t) for t in self.planned_refactoring]
        )


@dataclass(frozen=True, kw_only=True)
class RiskWeights:
    """Weights of the parts of the risk ranking (``[tool.debtscan.scoring.risk-weights]``).

    The risk of a file is the weighted mean of the parts' percentiles (scoring/risk.py);
    a weight of 0 leaves a part out (it is still computed and shown). The defaults come
    from backtests of 12 repositories (benchmarks/risk_tuning.py, the README's backtest
    section): legacy findings and fragmentation did not help predict later bug fixes
    there, so they are out of the default ranking.
    """

    change: float = 4.0  # recent changes x size: how much code keeps changing
    complexity: float = 1.0  # cyclomatic complexity and poor code health
    bugfixes: float = 1.0  # bugspots: bug fixes, recent ones weighing most
    legacy: float = 0.0  # remediation minutes of legacy findings
    centrality: float = 1.0  # blast radius (or fan-in) in the import graph
    knowledge: float = 0.0  # fragmentation: many minor contributors, no clear owner

    def __post_init__(self) -> None:
        if any(weight < 0 for weight in dataclasses.astuple(self)):
            raise ConfigError("scoring.risk-weights must all be >= 0")
        if not any(dataclasses.astuple(self)):
            raise ConfigError("scoring.risk-weights: at least one weight must be above 0")


@dataclass(frozen=True, kw_only=True)
class ScoringConfig:
    """``[tool.debtscan.scoring]``: money, knowledge and risk settings of the scores."""

    hourly_rate: float = 100.0  # what an hour of remediation costs, for the debt in money
    currency: str = "USD"
    inactive_months: int = 6  # people without a commit for this long have left
    function_hotspot_files: int = 10  # top hotspot files whose functions' changes are counted
    risk_weights: RiskWeights = field(default_factory=RiskWeights)
    # The risk is scaled by (20 / (lines of code + 20)) ** effort-exponent: among equally
    # risky files the smaller one is the better start (scoring/risk.py); 0 turns it off.
    effort_exponent: float = 0.125

    def __post_init__(self) -> None:
        if self.hourly_rate < 0:
            raise ConfigError("scoring.hourly-rate must be >= 0")
        if self.inactive_months < 1:
            raise ConfigError("scoring.inactive-months must be at least 1")
        if self.function_hotspot_files < 0:
            raise ConfigError("scoring.function-hotspot-files must be >= 0")
        if not 0 <= self.effort_exponent <= 1:
            raise ConfigError("scoring.effort-exponent must be between 0 and 1")


@dataclass(frozen=True, kw_only=True)
class Config:
    """Everything a scan can be told. Frozen: passed to every stage, changed by none."""

    exclude: tuple[str, ...] = ()
    since: str = "12 months"
    jobs: int = 0
    max_file_bytes: int = 2_000_000
    file_timeout: int = 60  # seconds one file may take before it is recorded as failed
    cache: bool = True
    bugfix_pattern: str = DEFAULT_BUGFIX_PATTERN
    # The oldest Python version still supported upstream (on 2026-11-26): decides which
    # deprecations apply and which removals are blockers.
    target_python: str = "3.11"
    top: int = 100
    # Larger commits (mass reformatting, lint fixes) say nothing of coupling, nor are they
    # bug fixes even when their message says "fix".
    max_changeset_files: int = 30
    thresholds: Mapping[str, int] = field(default_factory=dict)  # over THRESHOLD_DEFAULTS
    select: tuple[str, ...] = ()  # rule codes, code prefixes or categories; empty = all
    ignore: tuple[str, ...] = ()
    per_path_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    rule_paths: tuple[str, ...] = ()  # the repository's own rule files or folders
    gate: GateSettings = field(default_factory=GateSettings)
    architecture: ArchitectureSettings = field(default_factory=ArchitectureSettings)
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    goals: Goals = field(default_factory=Goals)  # read by the quarterly review only

    def __post_init__(self) -> None:
        window_start(self.since, datetime(2000, 1, 1))  # raises ConfigError when malformed
        try:
            re.compile(self.bugfix_pattern)
        except re.error as error:
            message = f"bugfix-pattern is not a valid regular expression: {error}"
            raise ConfigError(message) from None
        if self.jobs < 0:
            raise ConfigError("jobs must be 0 (all cores) or a positive number")
        # TOML gives lists; keep the frozen config hashable-ish and uniform: tuples.
        object.__setattr__(self, "per_path_ignores", _path_ignores(self.per_path_ignores))
        if not _VERSION.match(self.target_python):
            raise ConfigError(f'target-python must look like "3.12", got {self.target_python!r}')
        for key, value in self.thresholds.items():
            if key not in THRESHOLD_DEFAULTS:
                known = ", ".join(THRESHOLD_DEFAULTS)
                raise ConfigError(f"thresholds: unknown setting {key!r} (known: {known})")
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"thresholds: {key} must be a whole number, got {value!r}")

    def threshold(self, setting: str) -> int:
        """The configured value of a metric threshold, or its default."""
        return self.thresholds.get(setting, THRESHOLD_DEFAULTS[setting])

    @property
    def target(self) -> tuple[int, int]:
        """``target_python`` as a comparable (major, minor) pair."""
        major, minor = self.target_python.split(".")
        return int(major), int(minor)

    @property
    def workers(self) -> int:
        """How many processes analyse files: ``jobs``, or every core when it is 0."""
        return self.jobs or os.cpu_count() or 1

    def digest(self) -> str:
        """A short stable hash of the settings that change results (for caches and stores)."""
        settings = dataclasses.asdict(self)
        for volatile in ("jobs", "cache", "top", "file_timeout", "gate", "goals"):
            settings.pop(volatile)
        text = json.dumps(settings, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_config(root: Path, overrides: Mapping[str, Any] | None = None) -> Config:
    """Read the configuration of the repository at ``root``, then apply ``overrides``.

    ``overrides`` come from the command line: snake_case keys, ``None`` values ignored.
    """
    settings = _read_file_settings(root)
    settings.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return _build(settings)


def _read_file_settings(root: Path) -> dict[str, Any]:
    pyproject = root / "pyproject.toml"
    table: Mapping[str, Any] = {}
    if pyproject.is_file():
        table = _read_toml(pyproject).get("tool", {}).get("debtscan", {})
    standalone = root / "debtscan.toml"
    if not table and standalone.is_file():
        table = _read_toml(standalone)
    return {key.replace("-", "_"): value for key, value in table.items()}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def _build(settings: Mapping[str, Any]) -> Config:
    return _build_section(Config, settings, "tool.debtscan")


def _build_section(cls: type[Any], table: Mapping[str, Any], where: str) -> Any:
    """A frozen settings dataclass from a TOML table, each value checked against its default.

    Nested dataclass fields are sub-tables (``[tool.debtscan.gate]``); unknown keys and
    values of the wrong type are errors that name the key and say what is expected.
    """
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(table) - set(fields))
    if unknown:
        names = ", ".join(_kebab(k) for k in unknown)
        valid = ", ".join(_kebab(k) for k in fields)
        raise ConfigError(f"unknown setting(s) in [{where}]: {names} (valid: {valid})")
    values = {}
    for key, value in table.items():
        field_ = fields[key]
        default = (
            field_.default_factory()
            if field_.default_factory is not dataclasses.MISSING
            else field_.default
        )
        name = f"{where}.{_kebab(key)}"
        if "read" in field_.metadata:  # a field whose values need their own reader
            values[key] = field_.metadata["read"](value, name)
        else:
            values[key] = _coerce(value, default, name)
    return cls(**values)


def _coerce(value: Any, default: Any, name: str) -> Any:
    if dataclasses.is_dataclass(default):
        if not isinstance(value, Mapping):
            raise ConfigError(f"{name} must be a table")
        table = {str(k).replace("-", "_"): v for k, v in value.items()}
        return _build_section(type(default), table, name)
    if isinstance(default, tuple):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple):
            raise ConfigError(f"{name} must be a list of strings")
        return tuple(str(item) for item in value)
    if isinstance(default, Mapping):
        if not isinstance(value, Mapping):
            raise ConfigError(f"{name} must be a table")
        return dict(value)
    if isinstance(default, Enum):
        try:
            return type(default)(value)
        except ValueError:
            valid = ", ".join(str(member.value) for member in type(default))
            raise ConfigError(f"{name} must be one of {valid}, got {value!r}") from None
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, type(default)) or isinstance(value, bool) != isinstance(default, bool):
        expected = type(default).__name__
        raise ConfigError(f"{name} must be of type {expected}, got {value!r}")
    return value


def _kebab(key: str) -> str:
    return key.replace("_", "-")


_CONTRACT_KEYS = {
    ContractKind.LAYERS: {"name", "type", "layers", "containers", "exclude-type-checking-imports"},
    ContractKind.FORBIDDEN: {
        "name", "type", "source-modules", "forbidden-modules", "exclude-type-checking-imports",
    },
}  # fmt: skip


def _read_contract(number: int, table: Mapping[str, Any]) -> Contract:
    name = str(table.get("name", f"contract {number}"))
    try:
        kind = ContractKind(table.get("type"))
    except ValueError:
        kinds = ", ".join(ContractKind)
        raise ConfigError(f"contract {name!r}: type must be one of {kinds}") from None
    unknown = sorted(set(table) - _CONTRACT_KEYS[kind])
    if unknown:
        raise ConfigError(f"contract {name!r}: unknown key(s) {', '.join(unknown)}")

    def names(key: str, *, required: bool) -> tuple[str, ...]:
        items = table.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ConfigError(f"contract {name!r}: {key} must be a list of module names")
        if required and not items:
            raise ConfigError(f"contract {name!r}: {key} is required")
        return tuple(i.strip() for i in items)

    exclude = table.get("exclude-type-checking-imports", False)
    if not isinstance(exclude, bool):
        raise ConfigError(f"contract {name!r}: exclude-type-checking-imports must be true or false")
    if kind is ContractKind.LAYERS:
        layers = tuple(
            tuple(part.strip() for part in layer.split("|"))
            for layer in names("layers", required=True)
        )
        return Contract(name=name, kind=kind, layers=layers,
                        containers=names("containers", required=False),
                        exclude_type_checking_imports=exclude)  # fmt: skip
    return Contract(name=name, kind=kind,
                    source_modules=names("source-modules", required=True),
                    forbidden_modules=names("forbidden-modules", required=True),
                    exclude_type_checking_imports=exclude)  # fmt: skip


def _path_ignores(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise ConfigError('per-path-ignores must be a table: "pattern" = ["DS101", ...]')
    table = {}
    for pattern, codes in value.items():
        codes = [codes] if isinstance(codes, str) else codes
        if not isinstance(codes, list | tuple) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f"per-path-ignores {pattern!r} must be a list of rule codes")
        table[str(pattern)] = tuple(codes)
    return table


def path_matches(path: str, pattern: str) -> bool:
    """Whether a repository path matches a configured pattern (exclude, per-path-ignores).

    fnmatch's "*" crosses "/": "tests/*" matches everything below tests/. A bare folder
    name matches the folder ("docs" is "docs/*").
    """
    pattern = pattern.strip().removeprefix("./").rstrip("/")
    return fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, pattern + "/*")


_DURATION = re.compile(r"^\s*(\d+)\s*(d|days?|w|weeks?|m|months?|y|years?)\s*$", re.IGNORECASE)


def window_start(since: str, end: datetime) -> datetime:
    """The start of the history window that ends at ``end`` (the analysed HEAD's date).

    ``since`` is a duration back from ``end`` ("12 months", "90d", "2y", "6 weeks") or an
    ISO date ("2025-01-31"). Months and years are calendar months, clamped to month end.
    """
    match = _DURATION.match(since)
    if match is None:
        try:
            start = datetime.fromisoformat(since.strip())
        except ValueError:
            raise ConfigError(
                f"since: cannot read {since!r}; use a duration like '12 months', '90d', '2y' "
                "or a date like 2025-01-31"
            ) from None
        return start if start.tzinfo else start.replace(tzinfo=end.tzinfo)
    count, unit = int(match[1]), match[2][0].lower()
    if unit == "d":
        return end - timedelta(days=count)
    if unit == "w":
        return end - timedelta(weeks=count)
    months = count * (12 if unit == "y" else 1)
    return _months_before(end, months)


def _months_before(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in range(moment.day, 27, -1):  # clamp 31 March minus one month to 28/29 Feb
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))
