"""Progress reporting for builds: a rich bar on a terminal, nothing when piped or in CI."""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import TaskID

BAR_THRESHOLD = 50
"""Fewer articles to process than this finish in a moment: no bar."""


def wants_bar(stream: TextIO, quiet: bool) -> bool:
    """A bar only for a person at a terminal: not when quiet, piped, in CI or on a dumb TERM."""
    if quiet or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class BuildProgress:
    """A callable ``(stage, done, total)`` that drives a rich progress bar when wanted.

    Use it as a context manager so the bar is always closed.
    """

    def __init__(self, *, quiet: bool = False, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._enabled = wants_bar(self._stream, quiet)
        self._progress: object | None = None
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> BuildProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self._enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        if self._progress is None:
            if total - done < BAR_THRESHOLD:
                return
            progress = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(file=self._stream),
                transient=True,
            )
            progress.start()
            self._progress = progress
        assert isinstance(self._progress, Progress)
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(f"{stage} articles", total=total)
        self._progress.update(self._tasks[stage], completed=done, total=total)

    def close(self) -> None:
        """Stop the bar (if one is showing)."""
        if self._progress is not None:
            from rich.progress import Progress

            assert isinstance(self._progress, Progress)
            self._progress.stop()
            self._progress = None
