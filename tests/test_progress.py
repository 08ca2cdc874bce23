"""A build tells what it is doing: a live line at a terminal, stage times in logs and JSON."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.progress import BuildProgress

DATA = Path(__file__).resolve().parents[1] / "data"


def _run(progress: BuildProgress, articles: int = 3) -> None:
    progress.stage("reading", None)
    progress.stage("parsing", articles)
    for _ in range(articles):
        progress.article()
    progress.stage("resolving", None)
    progress.stage("done", None)


def test_a_terminal_sees_each_stage_and_the_articles_counted():
    screen = io.StringIO()
    _run(BuildProgress(live=True, stream=screen))
    shown = screen.getvalue()
    assert "reading and checking the inputs" in shown
    assert "parsing" in shown and "3/3" in shown
    assert "resolving mentions into nodes" in shown


def test_nothing_is_drawn_off_a_terminal():
    screen = io.StringIO()  # not a terminal
    _run(BuildProgress(stream=screen))
    assert screen.getvalue() == ""


def test_verbose_logs_each_stage_with_its_time(caplog):
    with caplog.at_level(logging.INFO, logger="kg"):
        _run(BuildProgress(live=False, verbose=True))
    lines = [r.getMessage() for r in caplog.records]
    assert [line.split(":")[0] for line in lines] == [
        "reading and checking the inputs", "parsing", "resolving mentions into nodes",
    ]  # fmt: skip
    assert lines[1].endswith(" s, 3 articles")


def test_build_logs_its_stages_as_json_lines_and_quiet_prints_nothing_else(tmp_path):
    result = CliRunner().invoke(
        main, ["build", str(DATA), "-o", str(tmp_path / "kg.ttl"), "--log-json", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert [e["stage"] for e in events] == ["reading", "parsing", "resolving", "writing", "page"]
    assert events[1]["articles"] == 5 and all(e["seconds"] >= 0 for e in events)
