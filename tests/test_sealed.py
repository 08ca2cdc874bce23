"""The sealed child process: it opens nothing, and its end is always reported."""

from __future__ import annotations

import errno
import itertools
import os
import socket
import time
from pathlib import Path

import pytest

from kg.model import KgError
from kg.sealed import ChildDied, can_seal, seal, stream_from_child


def _open_after_sealing(path: str):
    yield "before", Path(path).read_text(encoding="utf-8")
    seal()
    for name, attempt in [("file", lambda: os.open(path, os.O_RDONLY)), ("socket", socket.socket)]:
        try:
            attempt()
        except OSError as exc:
            yield name, exc.errno
        else:
            yield name, "opened"


def _exits(status: int):
    yield "started"
    os._exit(status)


def _sleeps():
    yield "started"
    time.sleep(60)


def _counts_forever():
    yield from itertools.count()


def _raises(exc: Exception):
    yield "started"
    raise exc


@pytest.mark.skipif(not can_seal(), reason="this system cannot seal a process")
def test_a_sealed_process_can_open_no_file_and_no_socket(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("readable", encoding="utf-8")
    items = list(stream_from_child(_open_after_sealing, (str(path),), timeout=10))
    assert items == [("before", "readable"), ("file", errno.EMFILE), ("socket", errno.EMFILE)]


@pytest.mark.parametrize("produce", [_sleeps, _counts_forever])
def test_a_child_past_its_deadline_is_stopped(produce):
    """Whether it is silent or keeps sending, the child is stopped at the deadline."""
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        for _ in stream_from_child(produce, (), timeout=0.5):
            pass
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "produce, args, expected",
    [
        (_exits, (3,), ChildDied),
        (_raises, (KgError("query: bad"),), KgError),
        (_raises, (ZeroDivisionError("bug"),), RuntimeError),
    ],
)
def test_how_a_child_ended_reaches_the_parent(produce, args, expected):
    stream = stream_from_child(produce, args, timeout=10)
    assert next(stream) == "started"
    with pytest.raises(expected) as caught:
        next(stream)
    assert {ChildDied: "exit status 3", KgError: "query: bad", RuntimeError: "bug"}[
        expected
    ] in str(caught.value)
