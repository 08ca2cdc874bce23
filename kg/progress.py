"""What a build is doing while it runs: its stages by name, the articles parsed out of how
many with their rate and the time left, and each stage's time in a log.

Three readers, each optional:
- a person at a terminal: a live line on stderr (rich), off when stderr is not a
  terminal or with --quiet;
- `-v`: one log line per stage as it ends, with its time;
- `--log-json`: one JSON object per stage on stderr, for pipelines.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import IO, Any

log = logging.getLogger("kg")

STAGES = {
    "reading": "reading and checking the inputs",
    "parsing": "parsing",
    "resolving": "resolving mentions into nodes",
    "writing": "writing the graph, its files and its store",
    "page": "drawing the coalition page",
}


class BuildProgress:
    """Told of each stage (`stage`) and each article parsed (`article`) by kg.pipeline.build."""

    def __init__(
        self,
        *,
        live: bool | None = None,
        verbose: bool = False,
        json_log: IO[str] | None = None,
        stream: IO[str] | None = None,
    ) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.verbose = verbose
        self.json_log = json_log
        self.current: str | None = None
        self.started = 0.0
        self.count = 0
        self.total: int | None = None
        self._bar: Any = None
        self._task: Any = None

    # ------------------------------------------------------------ events
    def stage(self, name: str, total: int | None = None) -> None:
        """A stage begins (the one before ends); "done" ends the last."""
        self._end_stage()
        if name == "done":
            self._stop_bar()
            return
        self.current, self.started, self.count, self.total = name, time.perf_counter(), 0, total
        if self.live:
            self._show(name, total)

    def article(self, _article: object = None) -> None:
        self.count += 1
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1)

    def close(self) -> None:
        """Stop the live line (a build that failed ends here, without "done")."""
        self._stop_bar()

    # ------------------------------------------------------------ output
    def _end_stage(self) -> None:
        if self.current is None:
            return
        seconds = time.perf_counter() - self.started
        event: dict[str, Any] = {"event": "stage", "stage": self.current,
                                 "seconds": round(seconds, 3)}  # fmt: skip
        if self.current == "parsing":
            event["articles"] = self.count
        if self.verbose:
            extra = f", {self.count} articles" if self.current == "parsing" else ""
            log.info("%s: %.1f s%s", STAGES.get(self.current, self.current), seconds, extra)
        if self.json_log is not None:
            self.json_log.write(json.dumps(event) + "\n")
            self.json_log.flush()
        self.current = None

    def _show(self, name: str, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            ProgressColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.text import Text

        class Counted(ProgressColumn):
            """n/N, the rate and the time left, for a stage that counts articles."""

            def render(self, task) -> Text:
                if task.total is None:
                    return Text("")
                shown = f"{int(task.completed)}/{int(task.total)}"
                if task.speed:
                    shown += f"  {task.speed:.1f} articles/s"
                if task.time_remaining is not None:
                    minutes, seconds = divmod(int(task.time_remaining), 60)
                    shown += f"  {minutes}:{seconds:02d} left"
                return Text(shown)

        if self._bar is None:
            console = Console(file=self.stream, force_terminal=True)
            self._bar = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), Counted(),
                TimeElapsedColumn(), console=console, transient=True,
            )  # fmt: skip
            self._bar.start()
        if self._task is not None:
            self._bar.refresh()  # the stage's last counts, drawn before it goes
            self._bar.remove_task(self._task)
        self._task = self._bar.add_task(STAGES.get(name, name), total=total)
        self._bar.refresh()

    def _stop_bar(self) -> None:
        if self._bar is not None:
            self._bar.refresh()
            self._bar.stop()
            self._bar, self._task = None, None


def configure_logging(verbose: bool) -> None:
    """`-v`: the kg logger's lines on stderr, as "kg: ..."."""
    if not verbose:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("kg: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
