"""`kg build --engine dask`: the per-article work on a Dask cluster gives the serial build."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.pipeline import build
from kg.workers import Parallelism

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

COUNTRIES = ["Chile", "Peru", "Japan", "Norway", "Kenya", "Brazil", "Canada", "Ghana"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _article(n: int) -> dict:
    """A short news item written for the test: backers, a target, a quote, a day."""
    a, b, c = (COUNTRIES[(n + k) % len(COUNTRIES)] for k in (0, 3, 5))
    text = (
        f"{a} and {b} signed a joint statement on {DAYS[n % 5]} criticising {c}.\n\n"
        f'"We call on {c} to free the detainees," envoy Maria Lopez {n} said.\n'
    )
    return {"id": f"gen-{n:03}", "text": text, "published": f"2021-03-{1 + n % 28:02}"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("dask") / "news.jsonl"
    path.write_text("".join(json.dumps(_article(n)) + "\n" for n in range(240)))
    return path


def test_a_dask_build_of_240_articles_equals_the_serial_build(corpus, tmp_path):
    serial = build([corpus], tmp_path / "serial" / "kg.ttl", incremental=False)
    dask = build(
        [corpus],
        tmp_path / "dask" / "kg.ttl",
        incremental=False,
        parallel=Parallelism(workers=2, engine="dask"),
    )
    assert serial.articles == dask.articles == 240
    assert serial.statements > 0 and serial.quotes > 0
    assert dask.turtle.read_bytes() == serial.turtle.read_bytes()
    assert dask.trig.read_bytes() == serial.trig.read_bytes()


@pytest.mark.parametrize(
    ("options", "line"),
    [
        (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"], "error: no Dask scheduler answers at tcp://127.0.0.1:9"),
        (["--scheduler", "tcp://127.0.0.1:9"], "error: --scheduler names a Dask cluster: use it with --engine dask"),
    ],
)  # fmt: skip
def test_a_scheduler_that_cannot_be_used_is_one_line(corpus, tmp_path, options, line):
    result = CliRunner().invoke(
        main, ["build", str(corpus), "-o", str(tmp_path / "kg.ttl"), *options]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(line)
    assert len(result.stderr.splitlines()) == 1
