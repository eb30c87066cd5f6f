"""Progress reporting: a rich live display on a terminal, plain lines in CI logs.

Stages report through the ``Progress`` protocol and never know which one they talk to.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress


class Progress(Protocol):
    def start(self, stage: str, total: int | None = None) -> None: ...
    def advance(self, stage: str, amount: int = 1) -> None: ...
    def finish(self, stage: str, summary: str = "") -> None: ...
    def warn(self, message: str) -> None: ...


class SilentProgress:
    """For the Python API and tests: keeps the warnings, prints nothing."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def start(self, stage: str, total: int | None = None) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        pass

    def finish(self, stage: str, summary: str = "") -> None:
        pass

    def warn(self, message: str) -> None:
        self.warnings.append(message)


class LineProgress:
    """For CI logs: one line when a stage starts, every ~10 s while it runs, and at its end."""

    def __init__(self, stream: TextIO | None = None, interval: float = 10.0) -> None:
        self._stream = stream or sys.stderr
        self._interval = interval
        self._state: dict[str, list[float]] = {}  # stage -> [done, total, started, last print]

    def start(self, stage: str, total: int | None = None) -> None:
        now = time.monotonic()
        self._state[stage] = [0, total or 0, now, now]
        self._print(f"{stage}: started" + (f" ({total} items)" if total else ""))

    def advance(self, stage: str, amount: int = 1) -> None:
        state = self._state.setdefault(stage, [0, 0, time.monotonic(), time.monotonic()])
        state[0] += amount
        now = time.monotonic()
        if now - state[3] >= self._interval:
            state[3] = now
            done, total = state[0], state[1]
            rate = done / max(now - state[2], 1e-9)
            of_total = f"/{int(total)}" if total else ""
            eta = f", about {(total - done) / rate:.0f}s left" if total > done and rate else ""
            self._print(f"{stage}: {int(done)}{of_total} ({rate:.0f}/s{eta})")

    def finish(self, stage: str, summary: str = "") -> None:
        state = self._state.pop(stage, None)
        took = f" in {time.monotonic() - state[2]:.1f}s" if state else ""
        self._print(f"{stage}: done{took}" + (f", {summary}" if summary else ""))

    def warn(self, message: str) -> None:
        self._print(f"warning: {message}")

    def _print(self, line: str) -> None:
        print(line, file=self._stream, flush=True)


class RichProgressDisplay:
    """For terminals: one bar per stage with rate and time remaining."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._bars = RichProgress(
            TextColumn("{task.description:<10}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}
        self._started: dict[str, float] = {}

    def __enter__(self) -> RichProgressDisplay:
        self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bars.stop()

    def start(self, stage: str, total: int | None = None) -> None:
        self._tasks[stage] = self._bars.add_task(stage, total=total, rate="")
        self._started[stage] = time.monotonic()

    def advance(self, stage: str, amount: int = 1) -> None:
        task = self._tasks.get(stage)
        if task is None:
            return
        self._bars.advance(task, amount)
        done = self._bars.tasks[self._tasks_index(task)].completed
        elapsed = max(time.monotonic() - self._started[stage], 1e-9)
        self._bars.update(task, rate=f"{done / elapsed:,.0f}/s")

    def finish(self, stage: str, summary: str = "") -> None:
        task = self._tasks.get(stage)
        if task is not None:
            completed = self._bars.tasks[self._tasks_index(task)].completed
            self._bars.update(task, total=completed or 1, completed=completed or 1)
        if summary:
            self._console.print(f"  {stage}: {summary}", highlight=False, markup=False)

    def warn(self, message: str) -> None:
        self._console.print(f"[yellow]warning:[/yellow] {escape(message)}")

    def _tasks_index(self, task: TaskID) -> int:
        return next(i for i, t in enumerate(self._bars.tasks) if t.id == task)
